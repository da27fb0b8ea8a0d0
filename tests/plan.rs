//! `housing-sim plan`: the capacity planner against exact answers, against its own exhaustive
//! mode, across thread counts, on bad input and on the shipped planning files.

use crate::common;

use common::{assert_exit, run_bin, shipped, stderr};
use serde_json::{json, Value};
use std::path::PathBuf;

/// Ten residents wait in hospits for specialised housing; nobody moves, arrives or leaves.
/// Two specialised programs: `cheap` (28,000 NOK a unit-month, at most 5 units) and `dear`
/// (30,000, at most 10); hospits costs 27,000 a person-month; no discounting. A unit costs
/// more than the hospits month it saves, so the least-cost mix keeping at most 2 people
/// waiting at month 12 has exactly 8 units, as many as possible of them cheap: cheap 5,
/// dear 3, costing 12 × (5 × 28,000 + 3 × 30,000 + 2 × 27,000) = 3,408,000 NOK.
fn hand_case(dear_max: u32) -> Value {
    json!({
        "name": "hand",
        "horizon_months": 12,
        "replications": 3,
        "profiles": [{
            "id": "p", "severity": "severe", "needs": "specialized",
            "initial_waiting": [{"state": "temporary", "waiting_for": "specialized", "count": 10}],
            "transitions": {}
        }],
        "programs": [
            {"id": "cheap", "category": "specialized", "units": 0, "capital_per_unit_month_nok": 28000},
            {"id": "dear", "category": "specialized", "units": 0, "capital_per_unit_month_nok": 30000},
            {"id": "hospits", "category": "temporary", "units": "unlimited",
             "hospits": {"housing_per_month_nok": 25000, "follow_up_per_month_nok": 2000}}
        ],
        "costs": {"discount_rate_per_year": 0.0, "perspective": "society", "moving_staff_hours_per_move": 0},
        "plan": {
            "candidates": [
                {"program": "cheap", "min_units": 0, "max_units": 5},
                {"program": "dear", "min_units": 0, "max_units": dear_max}
            ],
            "targets": [{"measure": "waiting_list", "category": "specialized", "month": 12, "at_most": 2}],
            "objective": "total_cost"
        }
    })
}

/// A small noisy municipality: people needing specialised or congregate housing arrive and
/// move; three candidate programs interact (a specialised place frees a congregate place).
fn noisy_case() -> Value {
    json!({
        "name": "noisy",
        "horizon_months": 24,
        "seed": 11,
        "replications": 16,
        "profiles": [
            {"id": "aggressive", "severity": "severe", "aggressive": true, "needs": "specialized",
             "misplaced_in": ["congregate"],
             "initial": {"specialized": 2, "temporary": 6},
             "initial_waiting": [{"state": "temporary", "waiting_for": "specialized", "count": 4}],
             "arrivals": {"per_month": 0.3, "state": "specialized"},
             "transitions": {"specialized": {"to": {"institution": 0.02, "exited": 0.01}},
                             "institution": {"to": {"specialized": 0.2}},
                             "temporary": {"to": {"specialized": 0.3, "exited": 0.01}}}},
            {"id": "moderate", "severity": "moderate", "needs": "congregate",
             "initial": {"congregate": 4, "temporary": 8, "ordinary": 10},
             "arrivals": {"per_month": 0.5, "state": "congregate"},
             "transitions": {"congregate": {"to": {"ordinary": 0.03, "exited": 0.01}},
                             "ordinary": {"to": {"congregate": 0.02}},
                             "temporary": {"to": {"congregate": 0.3}}}}
        ],
        "programs": [
            {"id": "small_houses", "category": "specialized", "units": 2, "accepts": ["aggressive"],
             "capital_per_unit_month_nok": 15000},
            {"id": "congregate", "category": "congregate", "units": 4, "capital_per_unit_month_nok": 9000},
            {"id": "nonprofit", "category": "congregate", "units": 0, "capital_per_unit_month_nok": 26667},
            {"id": "hospits", "category": "temporary", "units": "unlimited", "hospits": {}}
        ],
        "costs": {"perspective": "society"},
        "plan": {
            "candidates": [
                {"program": "small_houses", "min_units": 2, "max_units": 16, "step": 2, "staff_fte_per_unit": 0.5},
                {"program": "congregate", "min_units": 4, "max_units": 18, "step": 2, "staff_fte_per_unit": 0.2},
                {"program": "nonprofit", "min_units": 0, "max_units": 14, "step": 2}
            ],
            "targets": [
                {"measure": "green_share", "over_months": [13, 24], "at_least": 0.7, "probability": 0.75},
                {"measure": "hospits_person_months", "month": 24, "at_most": 3}
            ]
        }
    })
}

fn write(name: &str, doc: &Value) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("housing-sim-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    path
}

fn plan_json(file: &std::path::Path, extra: &[&str]) -> Value {
    let mut args = vec!["plan", file.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let out = run_bin(&args);
    assert_exit(&out, "plan", 0);
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_case_known_by_hand_gives_its_optimum_exactly() {
    let file = write("hand.json", &hand_case(10));
    for extra in [&[][..], &["--exhaustive"][..]] {
        let r = plan_json(&file, extra);
        let rec = &r["recommended"];
        assert_eq!(rec["units"], json!({"cheap": 5, "dear": 3}), "{extra:?}");
        assert_eq!(rec["cost"]["mean"], json!(3_408_000.0));
        assert_eq!(rec["cost"]["sd"], json!(0.0));
        let t = &rec["targets"][0];
        assert_eq!(t["measure"], "waiting_list");
        assert_eq!(t["value"]["mean"], json!(2.0));
        assert_eq!(t["probability_met"], json!(1.0));
        assert_eq!(t["met"], json!(true));
        assert!(r["frontier"].as_array().is_some_and(|f| !f.is_empty()));
    }
    let exhaustive = plan_json(&file, &["--exhaustive"]);
    assert_eq!(exhaustive["evaluations"], json!(66));
    assert_eq!(exhaustive["grid_size"], json!(66));
    assert_eq!(exhaustive["method"], "exhaustive");
}

#[test]
fn nothing_meets_the_targets_gives_null_and_a_reason() {
    let file = write("hand-short.json", &hand_case(2));
    let r = plan_json(&file, &[]);
    assert_eq!(r["recommended"], Value::Null);
    let reason = r["reason"].as_str().unwrap();
    assert!(
        reason.contains("no mix evaluated meets every target"),
        "{reason}"
    );
    assert!(reason.contains("waiting_list"), "{reason}");
    // The table says so in words.
    let out = run_bin(["plan", file.to_str().unwrap()]);
    assert_exit(&out, "plan table", 0);
    assert!(String::from_utf8_lossy(&out.stdout).contains("No recommendation"));
}

#[test]
fn the_search_finds_the_exhaustive_mix_with_fewer_evaluations() {
    let file = write("noisy.json", &noisy_case());
    let search = plan_json(&file, &[]);
    let all = plan_json(&file, &["--exhaustive"]);
    assert_eq!(all["grid_size"], json!(512));
    assert_eq!(all["evaluations"], json!(512));
    assert_eq!(search["method"], "local_search");
    assert!(
        all["recommended"].is_object(),
        "the case must have a feasible mix"
    );
    assert_eq!(search["recommended"], all["recommended"]);
    let (n, total) = (
        search["evaluations"].as_u64().unwrap(),
        all["evaluations"].as_u64().unwrap(),
    );
    assert!(n < total, "{n} evaluations of {total}");
}

#[test]
fn output_is_identical_for_one_and_two_threads() {
    let file = write("noisy-threads.json", &noisy_case());
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("elapsed_seconds");
        v
    };
    let one = strip(plan_json(&file, &["--threads", "1", "-r", "8"]));
    let two = strip(plan_json(&file, &["--threads", "2", "-r", "8"]));
    assert_eq!(one, two);
}

#[test]
fn the_plan_speaks_the_scenarios_currency() {
    let mut doc = hand_case(10);
    doc["costs"]["currency"] = json!("EUR");
    let file = write("hand-eur.json", &doc);
    assert_eq!(plan_json(&file, &[])["currency"], "EUR");
    let svg = std::env::temp_dir().join(format!("plan-eur-{}.svg", std::process::id()));
    let _ = std::fs::remove_file(&svg);
    let out = run_bin([
        "plan",
        file.to_str().unwrap(),
        "--plot",
        svg.to_str().unwrap(),
    ]);
    assert_exit(&out, "plan in EUR", 0);
    let table = String::from_utf8_lossy(&out.stdout);
    let chart = std::fs::read_to_string(&svg).unwrap();
    std::fs::remove_file(&svg).unwrap();
    for text in [table.as_ref(), chart.as_str()] {
        assert!(text.contains("EUR") && !text.contains("NOK"), "{text}");
    }
}

#[test]
fn the_memory_budget_sizes_the_batches_without_changing_the_answer() {
    let file = write("noisy-budget.json", &noisy_case());
    let strip = |mut v: Value| {
        v.as_object_mut().unwrap().remove("elapsed_seconds");
        v
    };
    let base = ["--exhaustive", "-r", "8", "--threads", "2"];
    let free = strip(plan_json(&file, &base));
    // About 1 KiB: room for one mix's figures at a time (8 replications), 512 batches.
    let mut tight = base.to_vec();
    tight.extend(["--memory-budget-gib", "0.000001"]);
    assert_eq!(strip(plan_json(&file, &tight)), free);
    // About 100 bytes: not even one mix fits. Refused before anything runs.
    let mut args = vec!["plan", file.to_str().unwrap()];
    args.extend(base);
    args.extend(["--memory-budget-gib", "0.0000001"]);
    let out = run_bin(&args);
    assert_exit(&out, "plan over budget", 2);
    assert!(
        stderr(&out).contains("--memory-budget-gib"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn invalid_plan_sections_are_exit_2_with_the_path() {
    let cases: [(&str, Value, &str); 6] = [
        (
            "/plan/candidates/0/program",
            json!("nowhere"),
            "plan.candidates[0].program",
        ),
        (
            "/plan/candidates/1/max_units",
            json!(-1),
            "plan.candidates[1].max_units",
        ),
        (
            "/plan/candidates/0/step",
            json!(0),
            "plan.candidates[0].step",
        ),
        ("/plan/targets/0/month", json!(99), "plan.targets[0].month"),
        ("/plan/targets/0/at_least", json!(1), "plan.targets[0]"),
        (
            "/plan/targets/0/category",
            Value::Null,
            "plan.targets[0].category",
        ),
    ];
    for (pointer, value, path) in cases {
        let mut doc = hand_case(10);
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let obj = doc.pointer_mut(parent).unwrap().as_object_mut().unwrap();
        if value.is_null() {
            obj.remove(key);
        } else {
            obj.insert(key.to_owned(), value);
        }
        let file = write("bad.json", &doc);
        let out = run_bin(["plan", file.to_str().unwrap()]);
        assert_exit(&out, pointer, 2);
        let err = stderr(&out);
        assert!(
            err.contains(path) && err.contains("bad.json"),
            "{pointer}: {err}"
        );
    }
}

#[test]
fn a_scenario_without_a_plan_and_a_grid_too_large_are_exit_2() {
    let out = run_bin(["plan", shipped("bergen.json").to_str().unwrap()]);
    assert_exit(&out, "no plan", 2);
    assert!(stderr(&out).contains("plan"), "{}", stderr(&out));
    let mut doc = hand_case(10);
    doc["plan"]["candidates"][1]["max_units"] = json!(100_000);
    let file = write("huge.json", &doc);
    let out = run_bin(["plan", file.to_str().unwrap(), "--exhaustive"]);
    assert_exit(&out, "huge grid", 2);
    assert!(stderr(&out).contains("600006 mixes"), "{}", stderr(&out));
}

#[test]
fn the_shipped_planning_files_answer_and_draw_the_frontier() {
    for name in ["bergen-plan.json", "stavanger-plan.json"] {
        let file = shipped(name);
        let svg = std::env::temp_dir().join(format!("plan-{}-{name}.svg", std::process::id()));
        let r = plan_json(&file, &["-r", "10", "--plot", svg.to_str().unwrap()]);
        if name == "bergen-plan.json" {
            // Capacity alone does not bring Bergen to the national 80 % green in five years.
            assert_eq!(r["recommended"], Value::Null);
            assert!(
                r["reason"].as_str().unwrap().contains("green_share"),
                "{}",
                r["reason"]
            );
        } else {
            assert!(
                r["recommended"]["units"].is_object(),
                "{name}: {}",
                r["reason"]
            );
        }
        assert!(
            r["frontier"].as_array().is_some_and(|f| f.len() > 1),
            "{name}"
        );
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(
            text.contains("<svg") && text.contains("green share"),
            "{name}"
        );
        let _ = std::fs::remove_file(svg);
    }
}
