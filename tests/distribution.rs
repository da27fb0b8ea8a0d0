//! The engine against the per-resident reference simulator (`common::reference`), which follows
//! the month's contract one resident at a time: the two must give the same distribution of the
//! total cost, of the final waiting lists and of retention. Each comparison runs R replications
//! of both, on independent streams, and applies three tests per figure: Welch's z of the means
//! (|z| < 4), the ratio of the variances inside its two-sided 0.999 F interval, and the
//! two-sample Kolmogorov–Smirnov test (p > 0.001).
//!
//! The power checks run the same comparisons on deliberately wrong variants and require them to
//! fail: a test that cannot fail would prove nothing.
//!
//! These are statistical tests of whole runs: in debug builds they take minutes, so they run in
//! release (`cargo test --release --test suite distribution`).

use crate::common::{self, reference, stats};
use housing_sim::engine::{self, replication_rng, Replication, Workspace};
use housing_sim::state::{Category, N_CATEGORIES};
use housing_sim::{Model, Scenario};
use std::path::{Path, PathBuf};

/// Largest |z| of two means taken as equal.
const MAX_Z: f64 = 4.0;
/// Two-sided level of the variance-ratio interval and smallest Kolmogorov–Smirnov p-value.
const ALPHA: f64 = 0.001;
/// Retention is compared after this many months.
const RETENTION_K: usize = 0; // RETENTION_MONTHS[0] = 12

/// The seed of every comparison. A figure's three tests together fail by chance about once in
/// 500 comparisons of equal distributions, so about one seed in 30 fails somewhere in this file:
/// a failure just past its limit is told from a defect by rerunning with other seeds.
const SEED: u64 = 2;

/// Keeps the reference's streams apart from the engine's.
const REFERENCE_SEED: u64 = 0x005E_ED0F_4EF0_12E5;

fn load(path: &Path) -> Model {
    let scenario = housing_sim::scenario::from_file(path).expect("a valid scenario");
    Model::new(&scenario).expect("a valid model")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// `replications` replications of the engine.
fn engine_runs(model: &Model, seed: u64, replications: u64) -> Vec<Replication> {
    let mut ws = Workspace::new(model);
    (0..replications)
        .map(|i| engine::simulate(model, &mut ws, &mut replication_rng(seed, i), &mut ()))
        .collect()
}

/// `replications` replications of the reference simulator under `rules`.
fn reference_runs(
    model: &Model,
    rules: reference::Rules,
    seed: u64,
    replications: u64,
) -> Vec<Replication> {
    (0..replications)
        .map(|i| {
            let mut rng = replication_rng(seed ^ REFERENCE_SEED, i);
            reference::simulate_with(model, rules, &mut rng)
        })
        .collect()
}

fn total_cost(r: &Replication) -> f64 {
    r.ledger.total()
}

fn final_waiting(r: &Replication) -> f64 {
    r.final_waiting.iter().sum::<u32>() as f64
}

/// The share of the stays in `c` that lasted 12 months, where any qualifies.
fn retention_share(r: &Replication, c: Category) -> Option<f64> {
    r.retention[c.index()].share(RETENTION_K)
}

/// Housing First if it has stays to follow, else the category with most.
fn retention_category(runs: &[Replication]) -> Category {
    let stays = |c: Category| -> u64 {
        runs.iter()
            .map(|r| r.retention[c.index()].qualifying[RETENTION_K] as u64)
            .sum()
    };
    if stays(Category::HousingFirst) >= runs.len() as u64 {
        return Category::HousingFirst;
    }
    *Category::ALL
        .iter()
        .max_by_key(|&&c| stays(c))
        .expect("five categories")
}

/// The three tests of one figure; returns what failed, and prints what was found.
fn compare_figure(name: &str, engine: &[f64], reference: &[f64]) -> Vec<String> {
    let ((me, ve), (mr, vr)) = (
        stats::mean_variance(engine),
        stats::mean_variance(reference),
    );
    let z = stats::welch_z(engine, reference);
    let (lo, hi) = stats::variance_ratio_interval(engine.len(), reference.len(), ALPHA);
    let ratio = if ve == vr { 1.0 } else { ve / vr };
    let p = stats::ks_p_value(engine, reference);
    println!(
        "  {name}: mean {me:.6e} vs {mr:.6e} (z {z:.2}); variance ratio {ratio:.3} in [{lo:.3}, \
         {hi:.3}]; KS p {p:.4}"
    );
    let mut failed = Vec::new();
    if z.abs() >= MAX_Z {
        failed.push(format!("{name}: means differ, z = {z:.2}"));
    }
    if !(lo..=hi).contains(&ratio) {
        failed.push(format!(
            "{name}: variance ratio {ratio:.3} outside [{lo:.3}, {hi:.3}]"
        ));
    }
    if p <= ALPHA {
        failed.push(format!("{name}: Kolmogorov–Smirnov p = {p:.2e}"));
    }
    failed
}

/// The figures compared: total cost, final waiting lists (unless `waiting` is false: no list
/// can form) and retention in the category with most stays. Returns every failed test.
fn compare(engine: &[Replication], reference: &[Replication], waiting: bool) -> Vec<String> {
    let figure = |f: fn(&Replication) -> f64, runs: &[Replication]| -> Vec<f64> {
        runs.iter().map(f).collect()
    };
    let mut failed = compare_figure(
        "total cost",
        &figure(total_cost, engine),
        &figure(total_cost, reference),
    );
    if waiting {
        failed.extend(compare_figure(
            "final waiting",
            &figure(final_waiting, engine),
            &figure(final_waiting, reference),
        ));
    }
    let c = retention_category(reference);
    let shares = |runs: &[Replication]| -> Vec<f64> {
        runs.iter().filter_map(|r| retention_share(r, c)).collect()
    };
    let (e, r) = (shares(engine), shares(reference));
    if e.len() < engine.len() / 2 || r.len() < reference.len() / 2 {
        failed.push(format!(
            "retention in {c}: too few replications with stays to follow ({} and {})",
            e.len(),
            r.len()
        ));
    } else {
        failed.extend(compare_figure(&format!("retention in {c}"), &e, &r));
    }
    failed
}

/// The engine and the reference on `model`, R replications each: every test must pass.
fn assert_same_distribution(name: &str, model: &Model, replications: u64) {
    let start = std::time::Instant::now();
    let e = engine_runs(model, SEED, replications);
    let r = reference_runs(model, reference::Rules::of(model), SEED, replications);
    println!(
        "{name} ({replications} replications each, {:.1} s):",
        start.elapsed().as_secs_f64()
    );
    let failed = compare(&e, &r, true);
    assert!(failed.is_empty(), "{name}: {failed:#?}");
}

// ---- W1: exact answers --------------------------------------------------------------------

/// docs/benchmarks.md, W1: the exact mean and standard deviation of one replication's total.
const W1_MEAN: f64 = 27_722_813_688.0;
const W1_SD: f64 = 219_822_884.0;
const W1_REPLICATIONS: u64 = 120;

/// The sample's mean and standard deviation against W1's exact ones: |z| < 4 for the mean,
/// and (n − 1) s² / σ² inside its two-sided 0.999 chi-square interval.
fn check_w1_exact(who: &str, totals: &[f64]) -> Vec<String> {
    let n = totals.len() as f64;
    let (mean, variance) = stats::mean_variance(totals);
    let z = (mean - W1_MEAN) / (W1_SD / n.sqrt());
    let k = n - 1.0;
    let q = k * variance / (W1_SD * W1_SD);
    let (lo, hi) = (
        stats::chi_square_quantile(-stats::Z_0_9995, k),
        stats::chi_square_quantile(stats::Z_0_9995, k),
    );
    println!(
        "  {who}: mean {mean:.0} (z {z:.2} against the exact mean), sd {:.0} \
         ((n-1)s²/σ² = {q:.1} in [{lo:.1}, {hi:.1}])",
        variance.sqrt()
    );
    let mut failed = Vec::new();
    if z.abs() >= MAX_Z {
        failed.push(format!(
            "{who}: mean {mean:.0} against {W1_MEAN}, z = {z:.2}"
        ));
    }
    if !(lo..=hi).contains(&q) {
        failed.push(format!(
            "{who}: sd {:.0} against {W1_SD} (chi-square {q:.1} outside [{lo:.1}, {hi:.1}])",
            variance.sqrt()
        ));
    }
    failed
}

#[test]
#[cfg_attr(debug_assertions, ignore = "statistical: run in release")]
fn w1_engine_and_reference_match_the_exact_answer_and_each_other() {
    let model = load(&common::shipped("reference-w1.json"));
    let e = engine_runs(&model, SEED, W1_REPLICATIONS);
    let r = reference_runs(&model, reference::Rules::of(&model), SEED, W1_REPLICATIONS);
    let mut failed = check_w1_exact("engine", &e.iter().map(total_cost).collect::<Vec<_>>());
    failed.extend(check_w1_exact(
        "reference",
        &r.iter().map(total_cost).collect::<Vec<_>>(),
    ));
    // No capacity anywhere: no list ever forms.
    assert!(e.iter().chain(&r).all(|x| final_waiting(x) == 0.0));
    failed.extend(compare(&e, &r, false));
    assert!(failed.is_empty(), "W1: {failed:#?}");
}

// ---- Scenarios ----------------------------------------------------------------------------

#[test]
#[cfg_attr(debug_assertions, ignore = "statistical: run in release")]
fn uncontended_fixture() {
    let model = load(&fixture("uncontended.json"));
    assert_same_distribution("uncontended", &model, 1000);
}

/// W2 as shipped (`scenarios/reference-w2.json`: held waiting, reneging, 10,000 residents), and
/// the small W2-like fixture (neither held nor reneging, 300 residents, more replications).
#[test]
#[cfg_attr(debug_assertions, ignore = "statistical: run in release")]
fn w2() {
    let shipped = common::shipped("reference-w2.json");
    assert_same_distribution("W2", &load(&shipped), 80);
    assert_same_distribution("W2-like", &load(&fixture("w2-like.json")), 1000);
}

#[test]
#[cfg_attr(debug_assertions, ignore = "statistical: run in release")]
fn misplacement_heavy_fixture() {
    let model = load(&fixture("misplacement-heavy.json"));
    assert_same_distribution("misplacement-heavy", &model, 4000);
}

#[test]
#[cfg_attr(debug_assertions, ignore = "statistical: run in release")]
fn bergen() {
    assert_same_distribution("bergen", &load(&common::shipped("bergen.json")), 800);
}

#[test]
#[cfg_attr(debug_assertions, ignore = "statistical: run in release")]
fn stavanger() {
    assert_same_distribution("stavanger", &load(&common::shipped("stavanger.json")), 800);
}

/// `fixture` with residents held while on a list and reneging at `probability` a month to
/// `to`.
fn held_and_reneging(fixture_name: &str, probability: f64, to: &str) -> Model {
    let text = std::fs::read_to_string(fixture(fixture_name)).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let placement = &mut value["placement"];
    placement["while_waiting"] = "held".into();
    placement["reneging_probability_per_month"] = probability.into();
    placement["reneging_to"] = to.into();
    let model = Model::new(&Scenario::from_json(&value.to_string()).unwrap()).unwrap();
    let rules = reference::Rules::of(&model);
    assert!(rules.held && rules.reneging == probability, "{rules:?}");
    model
}

#[test]
#[cfg_attr(debug_assertions, ignore = "statistical: run in release")]
fn held_and_reneging_fixtures() {
    let w2 = held_and_reneging("w2-like.json", 0.02, "homeless");
    assert_same_distribution("W2-like, held, reneging", &w2, 1000);
    let heavy = held_and_reneging("misplacement-heavy.json", 0.05, "institution");
    assert_same_distribution("misplacement-heavy, held, reneging", &heavy, 3000);
}

// ---- Power checks -------------------------------------------------------------------------

/// Residents of two equally severe profiles wait in one cohort for a congregate program too
/// small for all; the second profile is aggressive (dearer repairs) and moves on sooner. Taking
/// the cohort in id order instead of at random serves the first profile first.
const CONTENDED: &str = r#"{"name": "contended", "horizon_months": 24,
    "profiles": [
      {"id": "calm", "severity": "moderate", "needs": "congregate",
       "initial_waiting": [{"state": "homeless", "waiting_for": "congregate", "count": 20}],
       "transitions": {"congregate": {"to": {"ordinary": 0.1}},
                       "ordinary": {"to": {"homeless": 0.05}}}},
      {"id": "rough", "severity": "moderate", "aggressive": true, "needs": "congregate",
       "initial_waiting": [{"state": "homeless", "waiting_for": "congregate", "count": 20}],
       "transitions": {"congregate": {"to": {"homeless": 0.2}},
                       "homeless": {"to": {"congregate": 0.1}}}}],
    "programs": [{"id": "c", "category": "congregate", "units": 10,
                  "running_per_occupied_unit_month_nok": 10000}],
    "costs": {"person_month_nok": {"homeless": 8000}}}"#;

#[test]
#[cfg_attr(debug_assertions, ignore = "statistical: run in release")]
fn the_tests_reject_residents_served_in_id_order() {
    let model = Model::new(&Scenario::from_json(CONTENDED).unwrap()).unwrap();
    let rules = reference::Rules::of(&model);
    let right = reference_runs(&model, rules, SEED, 400);
    let wrong = reference::Rules {
        order: reference::Order::ById,
        ..rules
    };
    let fifo = reference_runs(&model, wrong, SEED + 1, 400);
    let failed = compare(&right, &fifo, true);
    assert!(
        !failed.is_empty(),
        "id order was not told apart from random order"
    );
}

/// The W2-like fixture's lists are served severe first within a cohort; the former order took a
/// cohort in order of joining (mild residents, with the lowest ids, first), which keeps
/// more of the longer-staying mild residents in Housing First.
#[test]
#[cfg_attr(debug_assertions, ignore = "statistical: run in release")]
fn the_tests_reject_the_former_order_within_a_cohort() {
    let model = load(&fixture("w2-like.json"));
    let rules = reference::Rules::of(&model);
    let right = reference_runs(&model, rules, SEED, 1000);
    let former = reference::Rules {
        order: reference::Order::Former,
        ..rules
    };
    let wrong = reference_runs(&model, former, SEED + 1, 1000);
    let failed = compare(&right, &wrong, true);
    assert!(
        failed.iter().any(|f| f.starts_with("retention")),
        "the former order within a cohort was not told apart: {failed:?}"
    );
}

/// W1 with one probability 10 % higher: severe residents moving from temporary to specialised
/// housing (0.05 → 0.055), which raises the expected total by 212 million NOK (by matrix
/// powers, as in docs/benchmarks.md), about 7.5 standard errors of the difference at 120
/// replications each.
#[test]
#[cfg_attr(debug_assertions, ignore = "statistical: run in release")]
fn the_tests_reject_a_probability_ten_percent_off() {
    let path = common::shipped("reference-w1.json");
    let model = load(&path);
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let severe = &mut value["profiles"][2];
    assert_eq!(severe["id"], "severe");
    let p = &mut severe["transitions"]["temporary"]["to"]["specialized"];
    assert_eq!(p.as_f64(), Some(0.05));
    *p = serde_json::json!(0.055);
    let perturbed = Model::new(&Scenario::from_json(&value.to_string()).unwrap()).unwrap();
    let e = engine_runs(&model, SEED, W1_REPLICATIONS);
    let r = reference_runs(
        &perturbed,
        reference::Rules::of(&perturbed),
        SEED,
        W1_REPLICATIONS,
    );
    let failed = compare(&e, &r, false);
    assert!(
        failed
            .iter()
            .any(|f| f.starts_with("total cost: means differ")),
        "a probability 10 % off was not told apart: {failed:?}"
    );
}

// ---- The reference's own rules (known answers) ---------------------------------------------

/// Ten residents wait, homeless, for the one congregate unit, which is taken for good; their
/// row would take them all to ordinary housing in the first month.
const STUCK: &str = r#"{"name": "stuck", "horizon_months": 6,
    "profiles": [
      {"id": "stays", "severity": "mild", "needs": "congregate", "initial": {"congregate": 1}},
      {"id": "waits", "severity": "mild", "needs": "congregate",
       "initial_waiting": [{"state": "homeless", "waiting_for": "congregate", "count": 10}],
       "transitions": {"homeless": {"to": {"ordinary": 1.0}}}}],
    "programs": [{"id": "c", "category": "congregate", "units": 1}]}"#;

fn stuck(rules: impl FnOnce(reference::Rules) -> reference::Rules) -> Replication {
    let model = Model::new(&Scenario::from_json(STUCK).unwrap()).unwrap();
    let rules = rules(reference::Rules::of(&model));
    reference::simulate_with(&model, rules, &mut replication_rng(1, 0))
}

#[test]
fn the_reference_reads_todays_defaults() {
    let model = Model::new(&Scenario::from_json(STUCK).unwrap()).unwrap();
    let rules = reference::Rules::of(&model);
    assert!(!rules.held && rules.reneging == 0.0);
    assert_eq!(rules.order, reference::Order::Random);
    assert_eq!(rules.reneging_to, housing_sim::State::Homeless);
}

#[test]
fn residents_on_a_list_draw_unless_held() {
    let drawing = stuck(|r| r);
    // Everyone drew ordinary housing in month 1 and left the list.
    assert_eq!(drawing.final_waiting, [0; N_CATEGORIES]);
    assert_eq!(
        drawing.final_occupancy[housing_sim::State::Ordinary.index()],
        10
    );
    let held = stuck(|r| reference::Rules { held: true, ..r });
    assert_eq!(held.final_waiting[Category::Congregate.index()], 10);
    assert_eq!(held.waiting_months[Category::Congregate.index()], 60);
    assert_eq!(held.events.moves, 0);
}

#[test]
fn reneging_for_sure_empties_the_list_in_the_first_month() {
    let r = stuck(|r| reference::Rules {
        held: true,
        reneging: 1.0,
        reneging_to: housing_sim::State::Institution,
        ..r
    });
    assert_eq!(r.final_waiting, [0; N_CATEGORIES]);
    assert_eq!(r.waiting_months[Category::Congregate.index()], 0);
    assert_eq!(
        r.final_occupancy[housing_sim::State::Institution.index()],
        10
    );
    assert_eq!(r.events.moves, 10);
}

#[test]
fn the_reference_matches_the_engine_on_a_deterministic_month() {
    // Every probability is 0 or 1 and nobody competes: one replication of each is the same.
    let json = r#"{"name": "sure", "horizon_months": 5,
        "profiles": [{"id": "a", "severity": "mild", "aggressive": true, "needs": "congregate",
          "initial": {"congregate": 2, "homeless": 3},
          "transitions": {"congregate": {"bands": [{"until_month": 2, "to": {}},
                                                   {"to": {"homeless": 1.0}}]},
                          "homeless": {"to": {"congregate": 1.0}}}}],
        "programs": [{"id": "c", "category": "congregate", "units": 10, "staff_fte": 1,
                      "running_per_occupied_unit_month_nok": 100}],
        "costs": {"repair": {"ordinary_nok": 55000, "aggressive_min_nok": 150000,
                             "aggressive_max_nok": 150000},
                  "person_month_nok": {"homeless": 10}}}"#;
    let model = Model::new(&Scenario::from_json(json).unwrap()).unwrap();
    let e = &engine_runs(&model, 1, 1)[0];
    let r = &reference_runs(&model, reference::Rules::of(&model), 1, 1)[0];
    assert_eq!(e.final_occupancy, r.final_occupancy);
    assert_eq!(e.events, r.events);
    assert_eq!(e.retention, r.retention);
    assert_eq!(e.colour_months, r.colour_months);
    assert_eq!(e.program_person_months, r.program_person_months);
    assert!((e.ledger.total() - r.ledger.total()).abs() < 1e-6);
    assert!((e.ledger.total_discounted() - r.ledger.total_discounted()).abs() < 1e-6);
}
