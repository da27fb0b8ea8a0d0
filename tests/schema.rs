//! `housing-sim schema` prints a valid JSON Schema (draft 7) that agrees with the scenario files:
//! every shipped scenario validates against it, and files with unknown fields or wrong types do
//! not.

use crate::common;

use common::shipped_scenarios as scenario_files;

use serde_json::{json, Value};
use std::process::Command;
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_housing-sim");

/// The text printed by `housing-sim schema` (run once per test binary).
fn schema_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let out = Command::new(BIN)
            .arg("schema")
            .output()
            .expect("start housing-sim");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.code().is_some(), "killed by a signal: {err}");
        assert!(!err.contains("panicked"), "panicked: {err}");
        assert_eq!(out.status.code(), Some(0), "schema failed: {err}");
        String::from_utf8(out.stdout).expect("schema output is UTF-8")
    })
}

fn schema() -> Value {
    serde_json::from_str(schema_text()).expect("schema output is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).expect("the schema compiles")
}

/// Errors of `doc` against the schema, as `instance_path: message` lines.
fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{}: {}", e.instance_path, e))
        .collect()
}

/// The small valid scenario also used by tests/cli_errors.rs.
fn base() -> Value {
    common::small_base()
}

fn with(ptr: &str, value: Value) -> Value {
    let mut doc = base();
    if let Some(slot) = doc.pointer_mut(ptr) {
        *slot = value;
        return doc;
    }
    let (parent, key) = ptr.rsplit_once('/').unwrap();
    doc.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no parent object at {parent}"))
        .insert(key.to_owned(), value);
    doc
}

#[test]
fn schema_is_json_and_a_valid_draft7_schema() {
    let s = schema();
    assert!(s.is_object(), "the schema is not an object");
    assert!(
        s["$schema"]
            .as_str()
            .is_some_and(|u| u.contains("json-schema.org")),
        "no $schema URI: {}",
        s["$schema"]
    );
    assert!(
        jsonschema::meta::is_valid(&s),
        "the schema does not validate against its meta-schema"
    );
    validator();
    assert_eq!(s["type"], "object");
    assert_eq!(
        s["additionalProperties"], false,
        "unknown top-level fields allowed"
    );
    let props = s["properties"].as_object().expect("properties");
    for k in [
        "name",
        "horizon_months",
        "profiles",
        "programs",
        "placement",
        "costs",
    ] {
        assert!(props.contains_key(k), "schema has no property {k}");
    }
    let required: Vec<&str> = s["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for k in ["name", "horizon_months", "profiles", "programs"] {
        assert!(required.contains(&k), "{k} not required: {required:?}");
    }
}

#[test]
fn schema_output_is_stable() {
    let again = Command::new(BIN).arg("schema").output().unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(String::from_utf8(again.stdout).unwrap(), schema_text());
    assert!(again.stderr.is_empty());
}

#[test]
fn every_shipped_scenario_validates_against_the_schema() {
    let v = validator();
    for file in scenario_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", file.display()));
        let errs = errors(&v, &doc);
        assert!(
            errs.is_empty(),
            "{} does not validate against the schema:\n{}",
            file.display(),
            errs.join("\n")
        );
    }
}

#[test]
fn the_base_scenario_validates_against_the_schema() {
    let v = validator();
    let errs = errors(&v, &base());
    assert!(errs.is_empty(), "{}", errs.join("\n"));
}

#[test]
fn shipped_scenario_with_an_unknown_field_does_not_validate() {
    let v = validator();
    for file in scenario_files() {
        let mut doc: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        doc["zz_unknown"] = json!(1);
        assert!(
            !v.is_valid(&doc),
            "{} with a top-level unknown field validates",
            file.display()
        );
        let mut doc: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        doc["programs"][0]["zz_unknown"] = json!(1);
        let errs = errors(&v, &doc);
        assert!(
            !errs.is_empty(),
            "{} with programs[0].zz_unknown validates",
            file.display()
        );
        assert!(
            errs.iter().any(|e| e.starts_with("/programs/0")),
            "{}: errors do not point at /programs/0: {errs:?}",
            file.display()
        );
    }
}

#[test]
fn unknown_fields_anywhere_do_not_validate() {
    let v = validator();
    let cases = [
        ("/zz_unknown", "", "top level"),
        ("/programs/1/zz_unknown", "/programs/1", "program"),
        (
            "/programs/2/hospits/zz_unknown",
            "/programs/2/hospits",
            "hospits price",
        ),
        ("/profiles/0/zz_unknown", "/profiles/0", "profile"),
        (
            "/profiles/0/transitions/temporary/bands/0/zz_unknown",
            "/profiles/0/transitions/temporary/bands/0",
            "band",
        ),
        (
            "/profiles/0/transitions/congregate/zz_unknown",
            "/profiles/0/transitions/congregate",
            "transitions",
        ),
        (
            "/profiles/0/arrivals/zz_unknown",
            "/profiles/0/arrivals",
            "arrivals",
        ),
        (
            "/profiles/0/breakdown/0/zz_unknown",
            "/profiles/0/breakdown/0",
            "breakdown",
        ),
        (
            "/profiles/1/initial_waiting/0/zz_unknown",
            "/profiles/1/initial_waiting/0",
            "initial_waiting",
        ),
        ("/placement/zz_unknown", "/placement", "placement"),
        ("/costs/zz_unknown", "/costs", "costs"),
        ("/costs/repair/zz_unknown", "/costs/repair", "repair"),
        (
            "/costs/person_month_nok/zz_unknown",
            "/costs/person_month_nok",
            "person_month_nok",
        ),
    ];
    for (ptr, parent, what) in cases {
        let doc = with(ptr, json!(1));
        let errs = errors(&v, &doc);
        assert!(!errs.is_empty(), "{what}: unknown field {ptr} validates");
        assert!(
            errs.iter().any(|e| e.starts_with(&format!("{parent}:"))),
            "{what}: no error at {parent:?}: {errs:?}"
        );
    }
}

#[test]
fn wrong_types_and_names_do_not_validate() {
    let v = validator();
    let cases = [
        ("/horizon_months", json!("ten")),
        ("/horizon_months", json!(-1)),
        ("/programs/0/units", json!("many")),
        ("/programs/0/units", json!(-1)),
        ("/programs/0/units", json!(1.5)),
        ("/programs/0/category", json!("castle")),
        ("/profiles/0/severity", json!("extreme")),
        ("/profiles/0/needs", json!("not_a_state")),
        ("/profiles/0/initial/homeless", json!(-3)),
        ("/profiles/0/initial/homeless", json!("x")),
        (
            "/profiles/0/transitions/congregate/to/temporary",
            json!("x"),
        ),
        ("/profiles/1/aggressive", json!("yes")),
        ("/placement/fallback/0", json!("nowhere")),
        ("/profiles", json!({})),
        ("/costs/repair/ordinary_nok", json!("x")),
    ];
    for (ptr, value) in cases {
        let doc = with(ptr, value.clone());
        assert!(!v.is_valid(&doc), "{ptr} = {value} validates");
    }
    let mut doc = base();
    doc.as_object_mut().unwrap().remove("name");
    assert!(!v.is_valid(&doc), "a scenario without name validates");
    assert!(!v.is_valid(&json!([])), "an array validates as a scenario");
}

#[test]
fn unlimited_units_validate() {
    let v = validator();
    let doc = with("/programs/0/units", json!("unlimited"));
    assert!(v.is_valid(&doc), "{:?}", errors(&v, &doc));
}

/// The loader rejects state names it does not know as keys of `initial` and `transitions`
/// (`unknown variant`); the schema should too, so an editor flags `"homless": 3`.
#[test]
fn schema_rejects_unknown_state_names_as_map_keys() {
    let v = validator();
    let cases = [
        ("/profiles/0/initial/homless", json!(1)),
        ("/profiles/0/transitions/congregate/to/homless", json!(0.1)),
        (
            "/profiles/0/transitions/homless",
            json!({"to": {"temporary": 0.1}}),
        ),
        ("/profiles/0/initial_misplaced", json!({"castle": 1})),
        ("/costs/payers", json!({"staf": "municipality"})),
    ];
    for (ptr, value) in cases {
        let doc = with(ptr, value.clone());
        assert!(!v.is_valid(&doc), "{ptr} = {value}: unknown key validates");
    }
}

/// An `uncertainty` section validates; a misspelt distribution does not.
#[test]
fn schema_describes_the_uncertainty_section() {
    let v = validator();
    let section = json!({
        "parameters": [
            {"name": "price", "path": "programs[hospits].hospits.housing_per_month_nok",
             "distribution": {"gamma": {"mean": 25000, "sd": 2500}}, "low": 20000, "high": 30000},
            {"name": "fixed", "path": "costs.discount_rate_per_year", "distribution": {"fixed": 0.04}},
            {"name": "row", "path": "profiles[0].transitions.congregate",
             "distribution": {"dirichlet": {"alpha": {"temporary": 1, "stay": 36}}}}
        ],
        "correlations": [{"between": ["price", "fixed"], "rho": 0.3}]
    });
    let doc = with("/uncertainty", section.clone());
    assert!(v.is_valid(&doc), "{:?}", errors(&v, &doc));
    let mut misspelt = section;
    misspelt["parameters"][0]["distribution"] = json!({"gama": {"mean": 25000, "sd": 2500}});
    assert!(
        !v.is_valid(&with("/uncertainty", misspelt)),
        "a misspelt distribution validates"
    );
}
