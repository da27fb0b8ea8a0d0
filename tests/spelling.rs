//! `specialised` is read wherever `specialized` is — as a value, as a map key, in field paths
//! and dirichlet weights — and output keeps one spelling, `specialized`.

use crate::common;

use housing_sim::scenario::{from_json_str, validate, Scenario};
use housing_sim::uncertainty::ParameterSet;
use serde_json::{json, Value};

/// The base scenario with `specialized` in every place that can name a category or state:
/// values, map keys, targets, a plan, uncertainty paths and weights, a source's path.
fn american() -> Value {
    let mut doc = common::small_base();
    doc["programs"][1]
        .as_object_mut()
        .unwrap()
        .remove("accepts");
    let mild = &mut doc["profiles"][0];
    mild["misplaced_in"] = json!(["specialized"]);
    mild["initial_misplaced"] = json!({"specialized": 1});
    let severe = &mut doc["profiles"][1];
    severe["arrivals"] = json!({"per_month": 0.1, "state": "specialized"});
    severe["breakdown"] = json!([{"category": "specialized", "base_probability": 0.01}]);
    doc["targets"] = json!([{"measure": {"retention": {"category": "specialized", "months": 12}},
                             "value": 0.8, "tolerance": 0.2}]);
    doc["plan"] = json!({"candidates": [{"program": "spec", "min_units": 2, "max_units": 4}],
                         "targets": [{"measure": "waiting_list", "category": "specialized",
                                      "month": 6, "at_most": 3}]});
    doc["uncertainty"] = json!({"parameters": [
        {"name": "leave", "path": "profiles[severe].transitions.specialized.to.institution",
         "distribution": {"beta": {"mean": 0.02, "sd": 0.005}}},
        {"name": "back", "path": "profiles[1].transitions.institution",
         "distribution": {"dirichlet": {"alpha": {"specialized": 2, "stay": 18}}}}]});
    doc["sources"] = json!({"profiles[1].initial.specialized": "assumption: a test"});
    doc
}

/// The same document with every `specialized` written `specialised`.
fn british() -> String {
    american().to_string().replace("specialized", "specialised")
}

fn parse(text: &str) -> Scenario {
    from_json_str(text, "case.json").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn both_spellings_read_the_same_scenario() {
    let us = parse(&american().to_string());
    let uk = parse(&british());
    assert!(validate(&us).is_empty(), "{:?}", validate(&us));
    assert!(validate(&uk).is_empty(), "{:?}", validate(&uk));
    assert!(british().matches("specialised").count() >= 14);
    // Field paths and source keys are text, kept as written; everything else is the same.
    let strip = |s: &Scenario| {
        let mut v = serde_json::to_value(s).unwrap();
        for p in v["uncertainty"]["parameters"].as_array_mut().unwrap() {
            p.as_object_mut().unwrap().remove("path");
        }
        v.as_object_mut().unwrap().remove("sources");
        v
    };
    assert_eq!(strip(&uk), strip(&us));
    let written = serde_json::to_string(&uk).unwrap();
    assert_eq!(
        written.matches("specialised").count(),
        2,
        "only the path and the source key keep the spelling: {written}"
    );
}

#[test]
fn paths_and_weights_in_the_other_spelling_resolve_to_the_same_fields() {
    let set = ParameterSet::new(&[&parse(&british())]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        set.columns(),
        ["leave", "back.specialized", "back.stay"],
        "output columns use one spelling"
    );
    let mut doc: Value = serde_json::from_str(&british()).unwrap();
    doc["sources"] = json!({"profiles[1].initial.specialisedx": "assumption: a test"});
    let issues = validate(&parse(&doc.to_string()));
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].path, "sources.profiles[1].initial.specialisedx");
}

#[test]
fn a_name_given_in_both_spellings_is_given_twice() {
    for (ptr, value) in [
        (
            "/profiles/1/initial",
            json!({"specialized": 1, "specialised": 1}),
        ),
        (
            "/uncertainty/parameters/1/distribution/dirichlet/alpha",
            json!({"specialized": 1, "specialised": 1, "stay": 3}),
        ),
    ] {
        let mut doc = american();
        *doc.pointer_mut(ptr).unwrap() = value;
        let err = from_json_str(&doc.to_string(), "case.json").unwrap_err();
        let said = err.to_string();
        assert!(said.contains("\"specialized\" appears twice"), "{said}");
    }
}

#[test]
fn the_schema_accepts_both_spellings() {
    let schema = housing_sim::scenario::json_schema();
    let v = jsonschema::validator_for(&schema).expect("the schema compiles");
    let doc: Value = serde_json::from_str(&british()).unwrap();
    let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let misspelt = british().replace("specialised", "specialist");
    let doc: Value = serde_json::from_str(&misspelt).unwrap();
    assert!(!v.is_valid(&doc), "`specialist` validates");
}

#[test]
fn output_keeps_one_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("british.json");
    std::fs::write(&path, british()).unwrap();
    let out = common::run_bin([
        "run".as_ref(),
        path.as_os_str(),
        "--replications".as_ref(),
        "2".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    common::assert_exit(&out, "run a British scenario", 0);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\"specialized\""), "{text}");
    assert!(!text.contains("specialised"), "{text}");
}
