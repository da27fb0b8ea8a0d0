//! The benchmark scenarios are the workloads docs/benchmarks.md defines: W2's rows are W1's
//! with W2's duration bands one month later (months in state = d + 1) and its maximum stays;
//! `scenarios/bench/` holds W1 at 999,999 residents and Bergen times 36.

use crate::common;

use housing_sim::model::Model;
use housing_sim::scenario;
use serde_json::Value;
use std::path::Path;

fn json(rel: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn model(rel: &str) -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    Model::new(&scenario::from_file(&path).unwrap()).unwrap()
}

/// W2's bands in the engine's months: (until_month, multiplier), `None` = forced.
fn w2_bands(state: &str) -> Vec<(Option<u64>, Option<f64>)> {
    match state {
        "temporary" => vec![(Some(6), Some(1.3)), (None, None)],
        "rehabilitation" => vec![
            (Some(7), Some(1.3)),
            (Some(13), Some(1.0)),
            (Some(24), Some(0.8)),
            (None, None),
        ],
        _ => vec![
            (Some(7), Some(1.3)),
            (Some(13), Some(1.0)),
            (Some(25), Some(0.8)),
            (Some(37), Some(0.7)),
            (None, Some(0.6)),
        ],
    }
}

#[test]
fn reference_w2_rows_are_w1_rows_with_w2_bands_and_maximum_stays() {
    let m = json("tests/data/w1_matrices.json");
    let w2 = json("scenarios/reference-w2.json");
    let states: Vec<&str> = m["states"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let profiles = w2["profiles"].as_array().unwrap();
    assert_eq!(profiles.len(), 3);
    for prof in profiles {
        let id = prof["id"].as_str().unwrap();
        let p = &m["profiles"][id];
        assert_eq!(prof["initial"]["temporary"], 3333, "{id}");
        assert_eq!(
            prof["aggressive"].as_bool().unwrap_or(false),
            id == "severe"
        );
        for (s, from) in states.iter().enumerate().take(8) {
            let bands = prof["transitions"][from]["bands"].as_array().unwrap();
            let expected = w2_bands(from);
            assert_eq!(bands.len(), expected.len(), "{id}.{from}");
            let stay = p[s][s].as_f64().unwrap();
            for (band, (until, mult)) in bands.iter().zip(expected) {
                assert_eq!(band["until_month"].as_u64(), until, "{id}.{from}");
                let to = band["to"].as_object().unwrap();
                let mut sum = 0.0;
                for (j, to_state) in states.iter().enumerate() {
                    let want = if j == s {
                        0.0
                    } else {
                        let pj = p[s][j].as_f64().unwrap();
                        mult.map_or(pj / (1.0 - stay), |k| pj * k)
                    };
                    let got = to.get(*to_state).map_or(0.0, |v| v.as_f64().unwrap());
                    assert!((got - want).abs() < 1e-11, "{id}.{from}→{to_state}");
                    sum += got;
                }
                if mult.is_none() {
                    assert!(
                        (sum - 1.0).abs() < 1e-12,
                        "{id}.{from}: forced row sums to {sum}"
                    );
                }
            }
        }
    }
}

#[test]
fn reference_w2_queues_for_500_housing_first_units_held_in_temporary_housing() {
    let w2 = json("scenarios/reference-w2.json");
    for g in w2["programs"].as_array().unwrap() {
        let limited = g["category"] == "housing_first";
        // round(9,999 / 20) = 500
        let units = if limited {
            Value::from(500)
        } else {
            Value::from("unlimited")
        };
        assert_eq!(g["units"], units, "{}", g["id"]);
    }
    let placement = &w2["placement"];
    assert_eq!(placement["while_waiting"], "held");
    assert_eq!(placement["fallback"], serde_json::json!(["temporary"]));
    assert_eq!(placement["reneging_probability_per_month"], 0.02);
    assert_eq!(placement["reneging_to"], "homeless");
    assert_eq!(placement["waiting_list_order"], "first_come_first_served");
    let repair = &w2["costs"]["repair"];
    assert_eq!(
        [
            &repair["ordinary_nok"],
            &repair["aggressive_min_nok"],
            &repair["aggressive_max_nok"]
        ],
        [55000, 150000, 200000]
    );
    assert_eq!(w2["horizon_months"], 120);
}

#[test]
fn w1_at_a_million_residents_is_w1_with_every_count_multiplied() {
    let big = model("scenarios/bench/w1-1e6.json");
    let w1 = model("scenarios/reference-w1.json");
    assert_eq!(big.initial_residents(), 999_999);
    assert_eq!(big.horizon(), w1.horizon());
    let (mut a, mut b) = (
        json("scenarios/bench/w1-1e6.json"),
        json("scenarios/reference-w1.json"),
    );
    for doc in [&mut a, &mut b] {
        let obj = doc.as_object_mut().unwrap();
        for key in ["$schema", "name", "description", "sources", "replications"] {
            obj.remove(key);
        }
        for p in obj["profiles"].as_array_mut().unwrap() {
            p.as_object_mut().unwrap().remove("initial");
        }
    }
    assert_eq!(a, b, "only names, counts and replications differ");
}

#[test]
fn the_national_scenario_is_bergen_times_36() {
    let national = model("scenarios/bench/national.json");
    let bergen = model("scenarios/bergen.json");
    assert_eq!(
        national.initial_residents(),
        36 * bergen.initial_residents()
    );
    assert_eq!(national.horizon(), 120);
    let (n, b) = (
        json("scenarios/bench/national.json"),
        json("scenarios/bergen.json"),
    );
    for (gn, gb) in n["programs"]
        .as_array()
        .unwrap()
        .iter()
        .zip(b["programs"].as_array().unwrap())
    {
        assert_eq!(gn["id"], gb["id"]);
        if let Some(units) = gb["units"].as_u64() {
            assert_eq!(gn["units"].as_u64(), Some(36 * units), "{}", gb["id"]);
        }
        for fte in ["staff_fte", "guards_fte", "caretaker_fte"] {
            let (x, y) = (
                gn[fte].as_f64().unwrap_or(0.0),
                gb[fte].as_f64().unwrap_or(0.0),
            );
            assert!((x - 36.0 * y).abs() < 1e-9, "{}.{fte}", gb["id"]);
        }
    }
    for (pn, pb) in n["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .zip(b["profiles"].as_array().unwrap())
    {
        let rate = |p: &Value| p["arrivals"]["per_month"].as_f64().unwrap_or(0.0);
        assert!((rate(pn) - 36.0 * rate(pb)).abs() < 1e-9, "{}", pb["id"]);
        assert_eq!(pn["transitions"], pb["transitions"], "{}", pb["id"]);
    }
    for rel in [
        "scenarios/bench/national.json",
        "scenarios/bench/w1-1e6.json",
    ] {
        let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel));
        let text = text.unwrap();
        let first = text.trim_start_matches('{').trim_start();
        assert!(
            first.starts_with(r#""$schema": "../../schema/scenario.schema.json""#),
            "{rel}"
        );
    }
    // The benchmark files are outside the tests over `scenarios/*.json`.
    assert!(common::shipped_scenarios()
        .iter()
        .all(|p| !p.to_string_lossy().contains("scenarios/bench/")));
}
