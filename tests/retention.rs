//! Retention against its exact answer. Where a housing stay ends with the same probability p
//! every month, whatever else happens, each stay lasts k months (is still open at the start of
//! the k-th month after the month it began, so it survived k − 1 draws) with probability
//! (1 − p)^(k−1), independently of the other stays: over many replications the stays that
//! lasted k months are Binomial(qualifying stays, (1 − p)^(k−1)). The engine follows the months
//! of entry of stays past their last duration band inside a cell ([`housing_sim::engine`]'s
//! rings); these scenarios make it do so through both of its routes — leavers drawn cohort by
//! cohort (every next state takes them at once) and leavers chosen at random among a cell's
//! residents (a next state with a waiting list) — and check every milestone.

use housing_sim::engine::{replication_rng, simulate, Workspace, RETENTION_MONTHS};
use housing_sim::state::Category;
use housing_sim::{Model, Scenario};

/// 400 residents cycle homeless → Housing First → elsewhere → homeless. Housing First is
/// unlimited; its residents leave with probability 0.06 a month, by `hf_row`.
fn scenario(hf_row: &str, programs: &str) -> String {
    format!(
        r#"{{"name": "retention", "horizon_months": 120,
        "profiles": [{{"id": "p", "severity": "moderate", "needs": "housing_first",
            "initial": {{"homeless": 400}},
            "transitions": {{
                "homeless": {{"to": {{"housing_first": 0.2}}}},
                "housing_first": {{"to": {hf_row}}},
                "ordinary": {{"to": {{"homeless": 0.1}}}},
                "congregate": {{"to": {{"homeless": 0.3}}}}}}}}],
        "programs": [{{"id": "hf", "category": "housing_first", "units": "unlimited"}}{programs}],
        "placement": {{"fallback": ["homeless"]}}}}"#
    )
}

/// Every milestone's lasted stays against Binomial(qualifying, (1 − 0.06)^(k−1)), pooled over
/// `replications` replications; returns the failures.
fn check(json: &str, replications: u64) -> Vec<String> {
    let model = Model::new(&Scenario::from_json(json).unwrap()).unwrap();
    let mut ws = Workspace::new(&model);
    let (mut qualifying, mut lasted) = ([0u64; 3], [0u64; 3]);
    for i in 0..replications {
        let r = simulate(&model, &mut ws, &mut replication_rng(11, i), &mut ());
        let counts = r.retention[Category::HousingFirst.index()];
        for m in 0..3 {
            qualifying[m] += counts.qualifying[m] as u64;
            lasted[m] += counts.lasted[m] as u64;
        }
    }
    let mut failed = Vec::new();
    for (m, k) in RETENTION_MONTHS.iter().enumerate() {
        let q = 0.94f64.powi(*k as i32 - 1);
        let n = qualifying[m] as f64;
        let (mean, sd) = (n * q, (n * q * (1.0 - q)).sqrt());
        let z = (lasted[m] as f64 - mean) / sd;
        if n < 1000.0 || z.abs() > 4.5 {
            failed.push(format!(
                "k = {k}: {} of {n} stays lasted, expected {mean:.1} (sd {sd:.1}, z {z:.2})",
                lasted[m]
            ));
        }
    }
    failed
}

#[test]
fn retention_is_exact_where_leavers_go_at_once() {
    let json = scenario(r#"{"ordinary": 0.06}"#, "");
    let failed = check(&json, 150);
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn retention_is_exact_where_leavers_are_chosen_at_random() {
    // A move to congregate (two units, a waiting list) is not made at once: the movers are
    // chosen among their cell's residents. Blocked ones take the fallback (homelessness), so
    // every drawn move still ends the stay.
    let json = scenario(
        r#"{"ordinary": 0.03, "congregate": 0.03}"#,
        r#", {"id": "cong", "category": "congregate", "units": 2}"#,
    );
    let failed = check(&json, 150);
    assert!(failed.is_empty(), "{failed:#?}");
}
