//! Every shipped scenario: valid, runs, and cites a source or an assumption for every number
//! in the file (PRODUCT.md §6).

mod common;

use common::shipped_scenarios as shipped;

use housing_sim::model::Model;
use housing_sim::scenario;
use serde_json::Value;

fn numeric_leaves(v: &Value, path: String, out: &mut Vec<String>) {
    match v {
        Value::Number(_) => out.push(path),
        Value::Object(map) => {
            for (k, child) in map {
                if k == "sources" && path.is_empty() {
                    continue;
                }
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                numeric_leaves(child, p, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                numeric_leaves(child, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn covers(key: &str, path: &str) -> bool {
    key.is_empty()
        || path == key
        || path
            .strip_prefix(key)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

#[test]
fn every_number_in_every_shipped_scenario_is_sourced() {
    for file in shipped() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let sources = doc["sources"].as_object().cloned().unwrap_or_default();
        let mut leaves = Vec::new();
        numeric_leaves(&doc, String::new(), &mut leaves);
        assert!(!leaves.is_empty());
        let missing: Vec<&String> = leaves
            .iter()
            .filter(|p| !sources.keys().any(|k| covers(k, p)))
            .collect();
        assert!(
            missing.is_empty(),
            "{}: numbers without a source: {missing:?}",
            file.display()
        );
    }
}

#[test]
fn every_shipped_scenario_validates_and_runs() {
    for file in shipped() {
        let s = scenario::from_file(&file).unwrap();
        let model = Model::new(&s).unwrap();
        let r = housing_sim::Simulation::new(&model)
            .replications(4)
            .run()
            .unwrap();
        assert!(r.summary.total_cost_nok.mean > 0.0, "{}", file.display());
    }
}

#[test]
fn coverage_rule() {
    assert!(covers("profiles[2]", "profiles[2].initial.homeless"));
    assert!(covers("profiles", "profiles[0].arrivals.per_month"));
    assert!(!covers("profiles[2]", "profiles[20].initial.homeless"));
    assert!(!covers("costs.repair", "costs.repair_extra"));
}
