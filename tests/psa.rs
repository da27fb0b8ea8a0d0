//! Probabilistic and one-way sensitivity analysis, against known answers: a pair of
//! scenarios (tests/data/psa/) whose costs are exact linear functions of one uncertain rent,
//! so the incremental net benefit is normal with known mean and sd, and the tornado's
//! outcomes are known in closed form.

use crate::common;

use common::{run_bin, stderr};
use housing_sim::analysis::dsa::{self, DsaOptions, Outcome};
use housing_sim::analysis::psa::{self, Effect, PsaOptions};
use housing_sim::run::RunSettings;
use housing_sim::scenario::Scenario;
use std::path::Path;

fn data(name: &str) -> String {
    format!("{}/tests/data/psa/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn load(name: &str) -> Scenario {
    Scenario::from_path(Path::new(&data(name))).unwrap()
}

/// Standard normal density and distribution function (Φ by erfc's series-free bound is not
/// needed: only Φ(0) = 1/2 and φ(0) appear below).
const PHI_0: f64 = 0.398_942_280_401_432_7;

#[test]
fn evpi_of_a_normal_incremental_net_benefit_is_the_closed_form() {
    // INB = −(120 · rent − 1,200,000) with rent ~ N(10,000, 1,500²): mean 0, sd 180,000, so
    // EVPI = σ·φ(μ/σ) − |μ|·Φ(−|μ|/σ) = 180,000 · φ(0) at every willingness to pay (the
    // effects are equal).
    let scenarios = [load("staffed.json"), load("rented.json")];
    let samples = 4000;
    let options = PsaOptions {
        samples,
        effect: Effect::StableHousingDays,
        wtp: vec![0.0, 500.0, 1000.0],
    };
    let settings = RunSettings::new(1, 11).unwrap().with_threads(2).unwrap();
    let r = psa::psa(&scenarios, &options, settings, &()).unwrap();
    let sigma = 180_000.0;
    let exact = sigma * PHI_0;
    // The estimator's sd: sd(max(0, INB)) / √S = σ·√(1/2 − 1/(2π)) / √S, plus the
    // max(0, mean INB) term of the same order; 5 of them.
    let tol = 5.0 * 2.0 * sigma * (0.5 - 1.0 / (2.0 * std::f64::consts::PI)).sqrt()
        / (samples as f64).sqrt();
    for p in &r.evpi {
        assert!(
            (p.evpi - exact).abs() < tol,
            "EVPI {} vs {exact} ± {tol}",
            p.evpi
        );
    }
    // The rent is the only parameter that matters: its EVPPI ≈ EVPI; the repair price, which
    // no move ever uses, is worth nothing.
    for p in r.evppi.iter().filter(|p| p.parameter == "rent") {
        let evpi = r.evpi.iter().find(|e| e.wtp == p.wtp).unwrap().evpi;
        assert!((p.evppi - evpi).abs() < 0.05 * evpi, "{p:?} vs {evpi}");
    }
    // An irrelevant parameter's regression fits noise: with 4 spline terms the fitted INB has
    // sd ≈ σ·√(4/S), so its EVPPI is about σ·√(4/S)·φ(0) ≈ 3 % of EVPI here; allow twice that.
    let overfit = sigma * (4.0 / samples as f64).sqrt() * PHI_0;
    for p in r.evppi.iter().filter(|p| p.parameter == "repair") {
        assert!(p.evppi.abs() < 2.0 * overfit, "{p:?} vs {overfit}");
    }
    assert!(r.evppi.iter().any(|p| p.parameter == "rent"));
    assert!(r.evppi.iter().any(|p| p.parameter == "repair"));
    // Costs: staffed is exactly 1.2 MNOK in every sample; rented 120 × rent.
    assert_eq!(r.strategies[0].cost.mean, 1_200_000.0);
    assert_eq!(r.strategies[0].cost.sd, 0.0);
    let sd = r.strategies[1].cost.sd;
    assert!(
        (sd - sigma).abs() < 5.0 * sigma / (2.0 * samples as f64).sqrt(),
        "{sd}"
    );
    // Effects: 10 residents × 12 months × 365.25/12 days, green in both.
    for s in &r.strategies {
        assert!((s.effect.mean - 10.0 * 365.25).abs() < 1e-6);
    }
}

#[test]
fn per_sample_rows_match_the_parameters_drawn() {
    let scenarios = [load("staffed.json"), load("rented.json")];
    let options = PsaOptions {
        samples: 50,
        effect: Effect::GreenPersonMonths,
        wtp: vec![0.0],
    };
    let settings = RunSettings::new(1, 3).unwrap();
    let r = psa::psa(&scenarios, &options, settings, &()).unwrap();
    let rows = &r.rows;
    let rent = rows.columns.iter().position(|c| c == "rent").unwrap();
    for (k, values) in rows.values.iter().enumerate() {
        let cost = rows.outcomes.cost(1)[k];
        assert!((cost - 120.0 * values[rent]).abs() < 1e-6 * cost.abs());
        assert_eq!(rows.outcomes.effect(1)[k], 120.0);
    }
}

#[test]
fn tornado_outcomes_are_the_closed_form_at_the_percentiles() {
    let scenarios = [load("rented.json")];
    let options = DsaOptions {
        outcome: Outcome::Cost,
        effect: Effect::StableHousingDays,
        wtp: None,
    };
    let settings = RunSettings::new(2, 1).unwrap();
    let r = dsa::dsa(&scenarios, &options, settings, &()).unwrap();
    assert_eq!(r.tornado.len(), 2);
    let top = &r.tornado[0];
    assert_eq!(top.parameter, "rent");
    // 2.5th and 97.5th percentiles of N(10,000, 1,500²): 10,000 ∓ 1.959964 · 1,500.
    let z = 1.959_963_984_540_054;
    let (lo, hi) = (10_000.0 - z * 1_500.0, 10_000.0 + z * 1_500.0);
    assert!(
        (top.low - lo).abs() < 1e-6 && (top.high - hi).abs() < 1e-6,
        "{top:?}"
    );
    assert!((top.outcome_low - 120.0 * lo).abs() < 1e-3);
    assert!((top.outcome_high - 120.0 * hi).abs() < 1e-3);
    assert!((top.swing - 120.0 * (hi - lo)).abs() < 1e-3);
    assert_eq!(r.tornado[1].parameter, "repair");
    assert_eq!(r.tornado[1].swing, 0.0);
    assert_eq!(r.base[0].outcome, 1_200_000.0);
}

fn psa_cli(extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "psa".to_owned(),
        data("staffed.json"),
        data("rented.json"),
        "--samples".into(),
        "40".into(),
        "--replications".into(),
        "2".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    run_bin(args)
}

fn without_elapsed(text: &[u8]) -> serde_json::Value {
    let mut v: serde_json::Value = serde_json::from_slice(text).unwrap();
    v.as_object_mut().unwrap().remove("elapsed_seconds");
    v
}

#[test]
fn psa_output_has_the_contract_keys_and_does_not_depend_on_threads() {
    let one = psa_cli(&["--format", "json", "--threads", "1"]);
    assert!(one.status.success(), "{}", stderr(&one));
    let two = psa_cli(&["--format", "json", "--threads", "2"]);
    assert_eq!(without_elapsed(&one.stdout), without_elapsed(&two.stdout));
    let v = without_elapsed(&one.stdout);
    for key in ["strategies", "icers", "ceac", "evpi", "evppi", "parameters"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let s = &v["strategies"][0];
    for key in ["name", "cost", "effect"] {
        assert!(s.get(key).is_some(), "strategies[0] lacks {key}");
    }
    let i = &v["icers"][0];
    for key in [
        "strategy",
        "cost",
        "effect",
        "incremental_cost",
        "incremental_effect",
        "icer",
        "status",
    ] {
        assert!(i.get(key).is_some(), "icers[0] lacks {key}");
    }
    let c = &v["ceac"][0];
    assert!(c["probability"].get("staffed").is_some() && c.get("frontier").is_some());
    assert!(v["evpi"][0].get("wtp").is_some() && v["evpi"][0].get("evpi").is_some());
    let e = &v["evppi"][0];
    for key in ["parameter", "wtp", "evppi"] {
        assert!(e.get(key).is_some(), "evppi[0] lacks {key}");
    }
    let p = &v["parameters"][0];
    for key in ["name", "path", "distribution", "mean", "sd", "p025", "p975"] {
        assert!(p.get(key).is_some(), "parameters[0] lacks {key}");
    }
}

#[test]
fn samples_out_is_one_row_per_sample_and_strategy() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("samples.csv");
    let plots = dir.path().join("plots");
    let out = psa_cli(&[
        "--samples-out",
        csv.to_str().unwrap(),
        "--plot-dir",
        plots.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        ["sample", "strategy", "cost", "effect", "repair", "rent"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 80);
    assert_eq!(&rows[0][0], "1");
    assert_eq!(&rows[0][1], "staffed");
    assert_eq!(&rows[1][1], "rented");
    for f in ["ce-plane.svg", "ceac.svg", "evpi.svg"] {
        let svg = std::fs::read_to_string(plots.join(f)).unwrap();
        assert!(svg.starts_with("<svg") || svg.contains("<svg"), "{f}");
    }
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("ICER table"), "{text}");
}

#[test]
fn charts_and_tables_speak_the_scenarios_currency() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for name in ["staffed.json", "rented.json"] {
        let mut doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(data(name)).unwrap()).unwrap();
        doc["costs"]["currency"] = "EUR".into();
        let path = dir.path().join(name);
        std::fs::write(&path, doc.to_string()).unwrap();
        files.push(path.to_str().unwrap().to_owned());
    }
    let plots = dir.path().join("plots");
    let tornado = dir.path().join("tornado.svg");
    let psa = run_bin([
        "psa",
        &files[0],
        &files[1],
        "--samples",
        "20",
        "--replications",
        "1",
        "--plot-dir",
        plots.to_str().unwrap(),
    ]);
    assert!(psa.status.success(), "{}", stderr(&psa));
    let dsa = run_bin([
        "dsa",
        &files[0],
        &files[1],
        "--replications",
        "1",
        "--plot",
        tornado.to_str().unwrap(),
    ]);
    assert!(dsa.status.success(), "{}", stderr(&dsa));
    let mut texts = vec![
        String::from_utf8(psa.stdout).unwrap(),
        String::from_utf8(dsa.stdout).unwrap(),
        std::fs::read_to_string(&tornado).unwrap(),
    ];
    for f in ["ce-plane.svg", "ceac.svg", "evpi.svg"] {
        texts.push(std::fs::read_to_string(plots.join(f)).unwrap());
    }
    for text in &texts {
        assert!(text.contains("EUR"), "{text}");
        assert!(!text.contains("NOK"), "{text}");
    }
}

#[test]
fn dsa_writes_a_tornado_widest_first() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("tornado.svg");
    let out = run_bin([
        "dsa",
        &data("staffed.json"),
        &data("rented.json"),
        "--replications",
        "1",
        "--format",
        "json",
        "--plot",
        svg.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let t = v["tornado"].as_array().unwrap();
    assert_eq!(t[0]["parameter"], "rent");
    for key in [
        "parameter",
        "low",
        "high",
        "outcome_low",
        "outcome_high",
        "swing",
    ] {
        assert!(t[0].get(key).is_some(), "tornado[0] lacks {key}");
    }
    assert!(std::fs::read_to_string(&svg).unwrap().contains("rent"));
}

/// A copy of rented.json with its uncertainty section replaced.
fn with_uncertainty(dir: &Path, uncertainty: serde_json::Value) -> String {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(data("rented.json")).unwrap()).unwrap();
    v["uncertainty"] = uncertainty;
    let path = dir.join("case.json");
    std::fs::write(&path, v.to_string()).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn bad_uncertainty_and_options_are_exit_2_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            serde_json::json!({"parameters": [{"name": "b", "path": "costs.discount_rate_per_year",
                "distribution": {"beta": {"mean": 0.5, "sd": 0.6}}}]}),
            "uncertainty.parameters[0].distribution",
        ),
        (
            serde_json::json!({"parameters": [{"name": "x", "path": "programs[nope].units",
                "distribution": {"fixed": 3}}]}),
            "uncertainty.parameters[0].path",
        ),
        (
            serde_json::json!({"parameters": [
                {"name": "a", "path": "programs[hf].rent_per_occupied_unit_month_nok", "distribution": {"normal": {"mean": 10000, "sd": 1}}},
                {"name": "b", "path": "costs.fte_cost_per_year_nok", "distribution": {"normal": {"mean": 600000, "sd": 1}}},
                {"name": "c", "path": "costs.repair.ordinary_nok", "distribution": {"normal": {"mean": 55000, "sd": 1}}}],
                "correlations": [{"between": ["a", "b"], "rho": 0.9}, {"between": ["a", "c"], "rho": 0.9},
                                 {"between": ["b", "c"], "rho": -0.9}]}),
            "uncertainty.correlations",
        ),
    ];
    for (u, path) in cases {
        let file = with_uncertainty(dir.path(), u);
        let out = run_bin(["psa", &file, "--samples", "2", "--replications", "1"]);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains(path) && err.contains("case.json"), "{err}");
    }
    let staffed = data("staffed.json");
    let flags: [&[&str]; 4] = [
        &["psa", &staffed, "--samples", "0"],
        &["psa", &staffed, "--wtp-step", "0"],
        &["dsa", &staffed, "--outcome", "incremental_cost"],
        &["dsa", &staffed, "--outcome", "net_benefit"],
    ];
    for args in flags {
        let out = run_bin(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn a_distribution_that_draws_outside_its_fields_range_is_exit_2() {
    // A normal rent with a huge sd draws negative rents, which the format refuses: caught
    // before any sample is run (by `validate` too), at the distribution.
    let dir = tempfile::tempdir().unwrap();
    let file = with_uncertainty(
        dir.path(),
        serde_json::json!({"parameters": [{"name": "rent",
            "path": "programs[hf].rent_per_occupied_unit_month_nok",
            "distribution": {"normal": {"mean": 10000, "sd": 100000}}}]}),
    );
    for args in [
        vec!["psa", &file, "--samples", "200", "--replications", "1"],
        vec!["validate", &file],
    ] {
        let out = run_bin(args);
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains("uncertainty.parameters[0].distribution.normal")
                && err.contains("programs[0].rent_per_occupied_unit_month_nok"),
            "{err}"
        );
    }
}
