//! Model fidelity on the shipped files (issue 16): Bergen keeps its misplaced residents over the
//! whole horizon under urgent placement (docs/sources.md §2), and turning urgent placement off
//! lets misplacement die out, as it did before.

use housing_sim::engine::{replication_rng, simulate, MonthView, Observer, Workspace};
use housing_sim::{Model, Scenario};
use std::path::Path;

/// Misplaced residents summed over replications, month by month (month 0 = the start).
struct Misplaced(Vec<u64>);

impl Observer for Misplaced {
    fn month(&mut self, v: &MonthView<'_>) {
        self.0[v.month as usize] += v.misplaced as u64;
    }
}

fn bergen(urgent: bool) -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bergen.json");
    let mut s = Scenario::from_path(&path).unwrap();
    s.placement.urgent_misplacement = urgent;
    Model::new(&s).unwrap()
}

/// Mean misplaced residents per month over `replications` replications.
fn misplaced_by_month(model: &Model, replications: u64) -> Vec<f64> {
    let mut obs = Misplaced(vec![0; model.horizon() as usize + 1]);
    let mut ws = Workspace::new(model);
    for i in 0..replications {
        simulate(model, &mut ws, &mut replication_rng(2019, i), &mut obs);
    }
    obs.0
        .iter()
        .map(|x| *x as f64 / replications as f64)
        .collect()
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

#[test]
fn bergen_keeps_misplaced_residents_over_the_whole_horizon() {
    let m = misplaced_by_month(&bergen(true), 100);
    let start = m[0];
    let last_year = mean(&m[49..=60]);
    println!(
        "misplaced: start {start}, year 1 {:.2}, year 3 {:.2}, year 5 {last_year:.2}",
        mean(&m[1..=12]),
        mean(&m[25..=36])
    );
    // Every year holds at least half of the start's misplaced residents and no more than twice.
    for year in 0..5 {
        let y = mean(&m[year * 12 + 1..=year * 12 + 12]);
        assert!(
            y >= 0.5 * start && y <= 2.0 * start,
            "year {}: {y:.2} misplaced against {start} at the start",
            year + 1
        );
    }
    let off = misplaced_by_month(&bergen(false), 100);
    let off_last_year = mean(&off[49..=60]);
    println!("without urgent placement, year 5: {off_last_year:.2}");
    assert!(off_last_year < 0.5 * last_year);
}

#[test]
fn urgent_misplacement_without_misplaced_in_is_refused_with_its_path() {
    let json = r#"{"name": "x", "horizon_months": 2,
        "profiles": [{"id": "a", "severity": "mild", "needs": "congregate",
          "urgent_misplacement": true, "initial": {"homeless": 1}}],
        "programs": [{"id": "c", "category": "congregate", "units": 1}]}"#;
    let err = Model::new(&Scenario::from_json(json).unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("profiles[0].urgent_misplacement"), "{err}");
    let json = json
        .replace(r#""urgent_misplacement": true, "#, "")
        .replace(
            r#""horizon_months": 2,"#,
            r#""horizon_months": 2, "placement": {"urgent_misplacement": true},"#,
        );
    let err = Model::new(&Scenario::from_json(&json).unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("placement.urgent_misplacement"), "{err}");
}
