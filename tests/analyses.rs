//! The analyses through the CLI and the library: Housing First break-even and staffing sweeps.

use crate::common;
use crate::common::{cli as run, cli_json as json};

use housing_sim::analysis::sweep::{staffing_sweep, Levels};
use housing_sim::model::Model;
use housing_sim::RunSettings;
use serde_json::Value;

const BERGEN_FLAGS: [&str; 11] = [
    "break-even",
    "--team-fte",
    "6",
    "--fte-cost-per-year",
    "756000",
    "--hospits-housing-per-month",
    "25000",
    "--hospits-follow-up-per-month",
    "2000",
    "--format",
    "json",
];

#[test]
fn bergen_break_even_from_flags_alone_is_14_and_18() {
    for (extra, expected) in [("0", 14), ("6000", 18)] {
        let mut args = BERGEN_FLAGS.to_vec();
        args.extend([
            "--extra-housing-outlay-per-month",
            extra,
            "--replications",
            "50",
        ]);
        let v = json(&args);
        assert_eq!(v["deterministic"]["break_even_participants"], expected);
        assert_eq!(v["deterministic"]["team_cost_per_month"], 378_000.0);
        assert!(v["deterministic"]["saving_per_participant_per_month"].is_number());
        let curve = v["curve"].as_array().unwrap();
        assert_eq!(curve.len(), 60);
        for (i, p) in curve.iter().enumerate() {
            assert_eq!(p["participants"], i as u64 + 1);
            for k in ["mean", "sd", "ci95", "p05", "p50", "p95"] {
                assert!(!p["net_saving_per_month"][k].is_null(), "{k}");
            }
            let prob = p["probability_hf_cheaper"].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&prob));
        }
    }
}

#[test]
fn bergen_case_files_give_14_and_18() {
    for (file, expected) in [
        ("scenarios/bergen-hf-14.json", 14),
        ("scenarios/bergen-hf-18.json", 18),
    ] {
        let v = json(&["break-even", file, "--format", "json", "-r", "40"]);
        assert_eq!(
            v["deterministic"]["break_even_participants"], expected,
            "{file}"
        );
        assert_eq!(
            v["parameters"]["team_fte"]["source"],
            "scenario programs[0].staff_fte"
        );
        // The engine's curve without leaving (places refilled at once from the hospits queue)
        // crosses exactly where the closed form does, in every replication.
        let v = json(&[
            "break-even",
            file,
            "--format",
            "json",
            "-r",
            "40",
            "--monthly-leaving-probability",
            "0",
        ]);
        let mc = &v["monte_carlo"];
        for key in [
            "expected_break_even_participants",
            "participants_for_probability_50",
            "participants_for_probability_90",
        ] {
            assert_eq!(mc[key], expected, "{file}: {key}");
        }
        let at = &v["curve"][expected as usize - 1]["net_saving_per_month"];
        assert!(at["mean"].as_f64().unwrap().abs() < 1e-6, "{file}: {at}");
        assert_eq!(at["sd"], 0.0, "{file}");
    }
}

#[test]
fn no_saving_gives_null_with_a_reason() {
    let mut args = BERGEN_FLAGS.to_vec();
    args.extend([
        "--extra-housing-outlay-per-month",
        "30000",
        "-r",
        "5",
        "--max-participants",
        "5",
    ]);
    let v = json(&args);
    assert!(v["deterministic"]["break_even_participants"].is_null());
    assert!(v["deterministic"]["reason"]
        .as_str()
        .unwrap()
        .contains("saves"));
}

#[test]
fn break_even_output_is_the_same_for_any_thread_count() {
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("elapsed_seconds");
        v
    };
    let args = [
        "break-even",
        "scenarios/bergen-hf-18.json",
        "--format",
        "json",
        "-r",
        "200",
    ];
    let one = strip(json(&[&args[..], &["--threads", "1"]].concat()));
    let two = strip(json(&[&args[..], &["--threads", "2"]].concat()));
    assert_eq!(one, two);
}

#[test]
fn break_even_rejects_bad_input_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let ratio = dir.path().join("ratio.json");
    let mut doc: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bergen-hf-14.json"),
        )
        .unwrap(),
    )
    .unwrap();
    doc["programs"][0]["staff_fte"] = 0.into();
    doc["programs"][0]["staff_per_resident"] = 0.125.into();
    std::fs::write(&ratio, doc.to_string()).unwrap();
    let ratio = ratio.to_str().unwrap();
    let cases: [&[&str]; 6] = [
        &["break-even"],
        &["break-even", "--team-fte", "-6"],
        &[
            "break-even",
            "--team-fte",
            "6",
            "--monthly-leaving-probability",
            "1.5",
        ],
        &["break-even", "--team-fte", "abc"],
        &[
            "break-even",
            "--team-fte",
            "6",
            "--refill-probability-per-month",
            "1",
        ],
        &["break-even", "no/such/file.json"],
    ];
    for args in cases {
        let (code, _, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error"), "{args:?}: {stderr}");
    }
    let (_, _, stderr) = run(&[
        "break-even",
        "--team-fte",
        "6",
        "--monthly-leaving-probability",
        "1.5",
    ]);
    assert!(
        stderr.contains("--monthly-leaving-probability") && stderr.contains("1.5"),
        "{stderr}"
    );
    // A ratio-staffed team is priced per participant: 0.125 FTE × 63,000 NOK a month each.
    let (code, stdout, stderr) = run(&["break-even", ratio, "-r", "20", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["deterministic"]["team_cost_per_month"], 0.0);
    assert_eq!(
        doc["deterministic"]["saving_per_participant_per_month"],
        27_000.0 - 0.125 * 63_000.0
    );
}

#[test]
fn sweep_reports_every_point_and_the_same_for_any_thread_count() {
    let args = [
        "sweep-staffing",
        "scenarios/bergen.json",
        "--program",
        "specialised_24_7",
        "--ratios",
        "0.5,1,1.5",
        "-r",
        "16",
        "--format",
        "json",
    ];
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("elapsed_seconds");
        v
    };
    let one = strip(json(&[&args[..], &["--threads", "1"]].concat()));
    let two = strip(json(&[&args[..], &["--threads", "2"]].concat()));
    assert_eq!(one, two);
    assert_eq!(one["program"], "specialised_24_7");
    let points = one["points"].as_array().unwrap();
    assert_eq!(points.len(), 3);
    for p in points {
        for k in ["staff_per_resident", "staff_fte"] {
            assert!(p[k].is_number(), "{k}");
        }
        for k in [
            "total_cost_nok",
            "staff_cost_nok",
            "breakdowns",
            "green_share_final",
            "hospits_person_months",
            "damage_cost_nok",
        ] {
            assert!(p[k]["mean"].is_number(), "{k}");
        }
    }
    assert_eq!(points[1]["staff_fte"], 16.0);
    let (code, _, stderr) = run(&[
        "sweep-staffing",
        "scenarios/bergen.json",
        "--program",
        "nope",
        "--ratios",
        "1",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("bergen.json") && stderr.contains("--program") && stderr.contains("nope"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&[
        "sweep-staffing",
        "scenarios/bergen.json",
        "--program",
        "myrsaeter",
    ]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn plots_are_svg_files_with_labelled_axes() {
    let dir = tempfile::tempdir().unwrap();
    let be = dir.path().join("break-even.svg");
    let sw = dir.path().join("sweep.svg");
    let (code, _, stderr) = run(&[
        "break-even",
        "scenarios/bergen-hf-14.json",
        "-r",
        "20",
        "--plot",
        be.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = run(&[
        "sweep-staffing",
        "scenarios/bergen.json",
        "--program",
        "small_houses",
        "--fte",
        "7,14,21",
        "-r",
        "8",
        "--plot",
        sw.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    for (file, labels) in [
        (
            &be,
            &[
                "participants (Housing First places)",
                "net saving per month (NOK)",
                "probability that Housing First is cheaper",
                "deterministic break-even: 14",
            ][..],
        ),
        (
            &sw,
            &[
                "staff (FTE)",
                "Total cost",
                "MNOK over the horizon",
                "Breakdowns per year",
            ][..],
        ),
    ] {
        let svg = std::fs::read_to_string(file).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{}",
            file.display()
        );
        for label in labels {
            assert!(svg.contains(label), "{} lacks {label}", file.display());
        }
    }
    let (code, _, _) = run(&[
        "break-even",
        "--team-fte",
        "6",
        "--plot",
        "/no/such/folder/x.svg",
    ]);
    assert_eq!(code, 2);
}

/// More staff per resident: staff cost rises exactly, breakdowns do not rise in expectation
/// (common random numbers; scenarios without misplacement; deterministic cases).
#[test]
fn sweeps_raise_staff_cost_and_never_breakdowns() {
    let shape = common::Shape {
        misplacement: false,
        limited: true,
        dynamics: true,
    };
    let mut runner = common::deterministic_runner(16);
    runner
        .run(&common::scenario(shape), |mut s| {
            // Sweep the first limited, fixed-staff program with units.
            let Some(g) = s.programs.iter().position(|g| {
                matches!(g.units, housing_sim::scenario::Units::Limited(n) if n > 0)
                    && g.staff_per_resident.is_none()
            }) else {
                return Ok(());
            };
            for p in &mut s.profiles {
                for b in &mut p.breakdown {
                    b.required_staff_per_resident = b.required_staff_per_resident.max(0.5);
                }
            }
            Model::new(&s).unwrap();
            let id = s.programs[g].id.clone();
            let settings = RunSettings::new(200, 3).unwrap();
            let sweep = staffing_sweep(
                &s,
                &id,
                &Levels::StaffPerResident(vec![0.25, 0.5, 1.0, 2.0]),
                &settings,
            )
            .unwrap();
            for w in sweep.points.windows(2) {
                assert!(w[1].staff_cost_nok.mean > w[0].staff_cost_nok.mean);
                let (a, b) = (&w[0].breakdowns, &w[1].breakdowns);
                let se = (a.sd.powi(2) + b.sd.powi(2)).sqrt() / (200f64).sqrt();
                assert!(
                    b.mean <= a.mean + 4.0 * se + 1e-9,
                    "{} > {} (se {se})",
                    b.mean,
                    a.mean
                );
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn compare_shows_scenarios_side_by_side_with_paired_differences() {
    let v = json(&[
        "compare",
        "scenarios/bergen-hf-14.json",
        "scenarios/bergen-hf-18.json",
        "-r",
        "50",
        "--format",
        "json",
    ]);
    let cols = v["columns"].as_array().unwrap();
    assert_eq!(cols.len(), 2);
    assert_eq!(cols[0]["scenario"], "bergen-hf-14");
    let d = &v["differences"][0];
    assert_eq!(d["against"], "bergen-hf-14");
    // The same random streams and the same dynamics: only the extra outlay differs, so the
    // paired difference has no spread from the simulation's randomness.
    let extra = cols[1]["summary"]["cost_by_item_nok"]["extra_housing_outlay"]["mean"]
        .as_f64()
        .unwrap();
    assert!((d["total_cost_nok"]["mean"].as_f64().unwrap() - extra).abs() < 1e-3);
    assert_eq!(d["hospits_person_months"]["sd"], 0.0);
    let (code, _, stderr) = run(&["compare", "scenarios/bergen.json", "missing.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.json"), "{stderr}");
    let (code, stdout, _) = run(&[
        "compare",
        "scenarios/bergen.json",
        "scenarios/bergen-hf-14.json",
        "-r",
        "4",
        "-m",
        "12",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Differences from bergen"));
}

#[test]
fn oversized_analyses_are_refused_before_they_start() {
    let (code, _, stderr) = run(&[
        "break-even",
        "--team-fte",
        "6",
        "--max-participants",
        "10000",
        "--replications",
        "1000000",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--replications") && stderr.contains("10000"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&[
        "sweep-staffing",
        "scenarios/bergen.json",
        "--program",
        "small_houses",
        "--ratios",
        "1,2,3",
        "-r",
        "1000000",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--ratios") && stderr.contains("levels"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&[
        "compare",
        "scenarios/bergen.json",
        "scenarios/bergen-more-small-houses.json",
        "scenarios/stavanger.json",
        "-r",
        "1000000",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--replications: 3 scenarios × 1000000 replications"),
        "{stderr}"
    );
}
