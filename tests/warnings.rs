//! Warnings that help: a price in the wrong unit (per year for per month, or the other way
//! round) is named at its field path by every command, `validate` included; `compare` and
//! `plan` name the limited programs whose places have no price. Warnings go to stderr and
//! never change the exit code.

use crate::common;

use common::{assert_exit, run_bin, shipped, shipped_scenarios, stderr};
use housing_sim::scenario::validate::{unpriced_programs, warnings};
use housing_sim::Scenario;
use serde_json::{json, Value};
use std::path::PathBuf;

/// Two residents in congregate housing that nobody leaves; programs `x` (3 units, 1 FTE) and
/// `y` (2 units), neither with a price for its places.
fn unpriced() -> Value {
    json!({
        "name": "unpriced",
        "horizon_months": 2,
        "replications": 2,
        "profiles": [{
            "id": "p", "severity": "moderate", "needs": "congregate",
            "initial": {"congregate": 2},
            "transitions": {}
        }],
        "programs": [
            {"id": "x", "category": "congregate", "units": 3, "staff_fte": 1},
            {"id": "y", "category": "congregate", "units": 2}
        ]
    })
}

/// `unpriced` with both programs priced.
fn priced() -> Value {
    let mut doc = unpriced();
    doc["name"] = json!("priced");
    for g in doc["programs"].as_array_mut().unwrap() {
        g["capital_per_unit_month_nok"] = json!(10_000);
    }
    doc
}

fn write(name: &str, doc: &Value) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("housing-sim-warnings-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    path
}

const UNPRICED: &str = "programs x, y have no capital or unit costs: more places will look \
                        cheaper than they are";

#[test]
fn validate_names_a_yearly_price_in_a_monthly_field() {
    let mut doc = priced();
    doc["programs"][1]["capital_per_unit_month_nok"] = json!(320_000);
    let file = write("yearly.json", &doc);
    let out = run_bin(["validate", file.to_str().unwrap()]);
    assert_exit(&out, "validate", 0);
    let err = stderr(&out);
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("OK"));
    assert!(
        err.starts_with("warning: ")
            && err.contains("yearly.json: programs[1].capital_per_unit_month_nok: 320000 NOK")
            && err.contains("a twelfth would be 26667"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn validate_names_a_monthly_fte_cost_and_a_yearly_hospits_price() {
    let mut doc = priced();
    doc["costs"] = json!({"fte_cost_per_year_nok": 63_000});
    doc["programs"].as_array_mut().unwrap().push(json!({
        "id": "hospits", "category": "temporary", "units": "unlimited",
        "hospits": {"housing_per_month_nok": 300_000}
    }));
    let file = write("units.json", &doc);
    let out = run_bin(["validate", file.to_str().unwrap()]);
    assert_exit(&out, "validate", 0);
    let err = stderr(&out);
    assert!(
        err.contains("costs.fte_cost_per_year_nok: 63000 NOK a year per FTE")
            && err.contains("twelve months would be 756000"),
        "{err}"
    );
    assert!(
        err.contains("programs[2].hospits.housing_per_month_nok: 300000 NOK a month"),
        "{err}"
    );
    // The same warnings on a command that runs the scenario.
    let out = run_bin(["run", file.to_str().unwrap(), "-r", "1", "--format", "json"]);
    assert_exit(&out, "run", 0);
    assert_eq!(
        stderr(&out).matches("warning: ").count(),
        2,
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_shipped_scenarios_raise_no_warning() {
    for file in shipped_scenarios() {
        let s = Scenario::from_path(&file).unwrap();
        assert_eq!(warnings(&s), [], "{}", file.display());
        // Every place of a shipped scenario has a price (docs/sources.md §8, §8a).
        assert_eq!(unpriced_programs(&s), [] as [&str; 0], "{}", file.display());
    }
    let out = run_bin(["validate", shipped("bergen.json").to_str().unwrap()]);
    assert_exit(&out, "validate", 0);
    assert_eq!(stderr(&out), "");
}

#[test]
fn compare_names_the_programs_without_prices() {
    let a = write("unpriced.json", &unpriced());
    let b = write("priced.json", &priced());
    let out = run_bin([
        "compare",
        b.to_str().unwrap(),
        a.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_exit(&out, "compare", 0);
    let err = stderr(&out);
    assert_eq!(
        err,
        format!("warning: scenario \"unpriced\": {UNPRICED} (give capital_per_unit_month_nok or running_per_occupied_unit_month_nok)\n")
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed = doc["warnings"].as_array().unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].as_str().unwrap().contains(UNPRICED));
    // Priced scenarios compare silently.
    let out = run_bin(["compare", b.to_str().unwrap(), b.to_str().unwrap()]);
    assert_exit(&out, "compare", 0);
    assert_eq!(stderr(&out), "");
}

#[test]
fn plan_names_the_programs_without_prices() {
    let plan = json!({
        "candidates": [{"program": "y", "min_units": 2, "max_units": 4, "step": 2}],
        "targets": [{"measure": "green_share", "month": 2, "at_least": 0.5}]
    });
    let mut doc = unpriced();
    doc["plan"] = plan.clone();
    let file = write("plan-unpriced.json", &doc);
    let out = run_bin(["plan", file.to_str().unwrap(), "--format", "json"]);
    assert_exit(&out, "plan", 0);
    assert!(stderr(&out).contains(UNPRICED), "{}", stderr(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(r["warnings"][0].as_str().unwrap().contains(UNPRICED));
    let mut doc = priced();
    doc["plan"] = plan;
    let file = write("plan-priced.json", &doc);
    let out = run_bin(["plan", file.to_str().unwrap(), "--format", "json"]);
    assert_exit(&out, "plan", 0);
    assert_eq!(stderr(&out), "");
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["warnings"], json!([]));
}
