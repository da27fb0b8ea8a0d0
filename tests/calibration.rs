//! Calibration: every shipped scenario with `targets` (scenarios/*.json, globbed at test time) is
//! run with 400 replications and its own seed, and every target must be met: the simulated mean
//! within the tolerance written in the file (docs/sources.md §3 colour shares, §6 Housing
//! First retention, §9 bottlenecks). The ten municipality files of docs/sources.md §9 must
//! exist and carry at least one target each.

use crate::common;

use common::shipped_scenarios as shipped;

use housing_sim::model::Model;
use housing_sim::scenario;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Replications per scenario: enough for a Monte Carlo error well below the tolerances.
const REPLICATIONS: u32 = 400;

/// The ten municipalities of docs/sources.md §9, as shipped file names.
const MUNICIPALITIES: [&str; 10] = [
    "oslo-grunerlokka",
    "bergen",
    "trondheim",
    "stavanger",
    "fredrikstad",
    "drammen",
    "bodo",
    "alta",
    "tysvaer",
    "eigersund",
];

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

#[test]
fn the_ten_municipalities_are_shipped_with_targets() {
    for name in MUNICIPALITIES {
        let path = scenarios_dir().join(format!("{name}.json"));
        assert!(path.exists(), "scenarios/{name}.json is missing");
        let s = scenario::from_file(&path)
            .unwrap_or_else(|e| panic!("scenarios/{name}.json does not load: {e}"));
        assert!(
            !s.targets.is_empty(),
            "scenarios/{name}.json has no calibration targets"
        );
    }
}

#[test]
fn every_scenario_meets_its_calibration_targets() {
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in shipped() {
        let s = scenario::from_file(&file)
            .unwrap_or_else(|e| panic!("{}: does not load: {e}", file.display()));
        if s.targets.is_empty() {
            continue;
        }
        let model = Model::new(&s).unwrap_or_else(|e| panic!("{}: invalid: {e}", file.display()));
        let result = housing_sim::Simulation::new(&model)
            .replications(REPLICATIONS)
            .seed(s.seed)
            .run()
            .unwrap_or_else(|e| panic!("{}: run failed: {e}", file.display()));
        assert_eq!(result.targets.len(), s.targets.len(), "{}", file.display());
        for t in &result.targets {
            checked += 1;
            let measure = serde_json::to_string(&t.measure).expect("measure as JSON");
            let line = format!(
                "{:<32} {:<70} observed {:>7.3} ± {:<5} simulated {}",
                s.name,
                measure,
                t.value,
                t.tolerance,
                t.simulated
                    .map_or_else(|| "not measured".to_string(), |x| format!("{x:.3}"))
            );
            println!("{line}");
            if t.within != Some(true) {
                failures.push(line);
            }
        }
    }
    println!(
        "{checked} targets checked in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert!(checked > 0, "no scenario has calibration targets");
    assert!(
        failures.is_empty(),
        "calibration targets missed:\n{}",
        failures.join("\n")
    );
}
