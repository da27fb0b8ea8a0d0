//! The code paths of the fuzz targets (fuzz/fuzz_targets/*.rs), shared with the regression test
//! tests/fuzz_regressions.rs so that a saved input runs exactly as it did under the fuzzer.
//! A panic is a failure: errors from the loader and the validator are fine.
#![allow(dead_code)]

use housing_sim::{Model, Scenario, Simulation};

/// Inputs with more initial residents than this are skipped by `validate_simulate`.
pub const MAX_INITIAL: u64 = 2_000;
/// Inputs with more arrivals per month (in any profile) than this are skipped.
pub const MAX_ARRIVALS_PER_MONTH: f64 = 50.0;
/// The horizon is cut to this many months before the model is built.
pub const MAX_HORIZON: u32 = 24;

/// Bytes → UTF-8 → scenario loader (format) → `Model::new` (rules).
pub fn parse_validate(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The file-name path of the loader (the name only appears in error messages).
    let named = housing_sim::scenario::from_json_str(text, "fuzz.json");
    let scenario = match Scenario::from_json(text) {
        Ok(s) => s,
        Err(e) => {
            assert!(
                named.is_err(),
                "from_json refused what from_json_str accepted"
            );
            let _ = e.to_string();
            return;
        }
    };
    assert!(
        named.is_ok(),
        "from_json accepted what from_json_str refused"
    );
    match Model::new(&scenario) {
        Ok(model) => {
            let _ = model.initial_residents();
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

/// Bytes → scenario → capped `Model::new` → a short simulation (2 replications, seed 1, one
/// thread), then invariants that hold for any scenario the validator accepts.
pub fn validate_simulate(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(mut scenario) = Scenario::from_json(text) else {
        return;
    };
    let initial: u64 = scenario
        .profiles
        .iter()
        .map(|p| {
            p.initial.values().map(|&n| u64::from(n)).sum::<u64>()
                + p.initial_misplaced
                    .values()
                    .map(|&n| u64::from(n))
                    .sum::<u64>()
                + p.initial_waiting
                    .iter()
                    .map(|w| u64::from(w.count))
                    .sum::<u64>()
        })
        .sum();
    if initial > MAX_INITIAL {
        return;
    }
    // NaN is not skipped here: the validator must refuse it.
    if scenario
        .profiles
        .iter()
        .filter_map(|p| p.arrivals.as_ref())
        .any(|a| a.per_month > MAX_ARRIVALS_PER_MONTH)
    {
        return;
    }
    scenario.horizon_months = scenario.horizon_months.min(MAX_HORIZON);
    let Ok(model) = Model::new(&scenario) else {
        return;
    };
    let result = match Simulation::new(&model)
        .seed(1)
        .replications(2)
        .threads(1)
        .run()
    {
        Ok(r) => r,
        Err(e) => panic!("a model the validator accepted failed to run: {e}"),
    };
    let s = &result.summary;
    assert!(
        s.total_cost_nok.mean.is_finite(),
        "total cost mean is not finite: {}",
        s.total_cost_nok.mean
    );
    for (state, stat) in s.final_occupancy.iter() {
        assert!(
            stat.mean >= 0.0,
            "final occupancy of {state:?} has mean {} < 0",
            stat.mean
        );
    }
    for (colour, stat) in s
        .housing_situation_share_final
        .iter()
        .chain(s.housing_situation_share_mean.iter())
    {
        assert!(
            (0.0..=1.0).contains(&stat.mean),
            "housing-situation share of {colour:?} has mean {} outside [0, 1]",
            stat.mean
        );
    }
    for m in &result.monthly {
        for (colour, share) in m.housing_situation_share.iter() {
            assert!(
                (0.0..=1.0).contains(share),
                "month {}: housing-situation share of {colour:?} is {share} outside [0, 1]",
                m.month
            );
        }
    }
}
