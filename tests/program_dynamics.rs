//! Per-program dynamics (issue 16): a program's own rows (`programs[i].transitions`,
//! `programs[i].transitions_by_profile`) replace its residents' profile rows out of its
//! category, checked against hand-solved stays and the exact banded and geometric laws of
//! stay lengths; a move between two programs of one category starts a new stay; the
//! `uncertainty` section reaches the new fields; Bodø's Bolig-nu has its 3-month maximum.

use crate::common;

use housing_sim::engine::{replication_rng, simulate, MonthView, Observer, Workspace};
use housing_sim::scenario::Band;
use housing_sim::state::N_STATES;
use housing_sim::uncertainty::{DrawnValue, ParameterSet};
use housing_sim::{Model, Scenario, State};

/// Residents per program and per state at the start (month 0) and the end of every month,
/// summed over replications.
struct Occupancy {
    programs: Vec<Vec<u64>>,
    states: Vec<[u64; N_STATES]>,
}

impl Occupancy {
    fn new(model: &Model) -> Occupancy {
        let months = model.horizon() as usize + 1;
        Occupancy {
            programs: vec![vec![0; model.programs().len()]; months],
            states: vec![[0; N_STATES]; months],
        }
    }

    /// Residents of program `g` at the end of each month (month 0 = the start).
    fn program(&self, g: usize) -> Vec<u64> {
        self.programs.iter().map(|m| m[g]).collect()
    }

    /// Residents in `state` at the end of each month.
    fn state(&self, s: State) -> Vec<u64> {
        self.states.iter().map(|m| m[s.index()]).collect()
    }
}

impl Observer for Occupancy {
    fn month(&mut self, v: &MonthView<'_>) {
        let t = v.month as usize;
        for (a, n) in self.programs[t].iter_mut().zip(v.program_occupancy) {
            *a += *n as u64;
        }
        for (a, n) in self.states[t].iter_mut().zip(v.state_count) {
            *a += *n as u64;
        }
    }
}

/// Run `replications` replications of the scenario `json` under seed 2026.
fn run(json: &str, replications: u64) -> Occupancy {
    let model = Model::new(&Scenario::from_json(json).unwrap()).unwrap();
    let mut seen = Occupancy::new(&model);
    let mut ws = Workspace::new(&model);
    for i in 0..replications {
        simulate(&model, &mut ws, &mut replication_rng(2026, i), &mut seen);
    }
    seen
}

/// One profile, ten residents in temporary housing: four in `short` (at most three months,
/// then ordinary housing), six in `long` (no rows of its own). The profile's row out of
/// temporary sends everyone to homelessness in the first month.
const TWO_PROGRAMS: &str = r#"{"name": "two temporary programs", "horizon_months": 5,
    "profiles": [{"id": "p", "severity": "moderate", "needs": "congregate",
        "initial": {"temporary": 10},
        "transitions": {"temporary": {"to": {"homeless": 1.0}}}}],
    "programs": [
        {"id": "short", "category": "temporary", "units": 4,
         "transitions": {"bands": [{"until_month": 3, "to": {}}, {"to": {"ordinary": 1.0}}]}},
        {"id": "long", "category": "temporary", "units": 6},
        {"id": "cong", "category": "congregate", "units": 1}]}"#;

#[test]
fn a_maximum_stay_in_one_program_leaves_the_other_on_the_profile_row() {
    let seen = run(TWO_PROGRAMS, 3);
    // Months 0..=5, three replications: `short` keeps its four for exactly three months.
    assert_eq!(seen.program(0), [12, 12, 12, 0, 0, 0]);
    assert_eq!(seen.state(State::Ordinary), [0, 0, 0, 12, 12, 12]);
    // `long` follows the profile's row: everyone leaves in month 1.
    assert_eq!(seen.program(1), [18, 0, 0, 0, 0, 0]);
    assert_eq!(seen.state(State::Homeless), [0, 18, 18, 18, 18, 18]);
}

#[test]
fn a_profiles_own_row_in_a_program_comes_before_the_programs_row() {
    // Profile `q` leaves `short` after one month, for an institution; `p` keeps the
    // program-wide maximum of three months.
    let json = r#"{"name": "a profile's own row", "horizon_months": 5,
        "profiles": [
            {"id": "q", "severity": "severe", "needs": "congregate", "initial": {"temporary": 2}},
            {"id": "p", "severity": "moderate", "needs": "congregate", "initial": {"temporary": 2},
             "transitions": {"temporary": {"to": {"homeless": 1.0}}}}],
        "programs": [
            {"id": "short", "category": "temporary", "units": 4,
             "transitions": {"bands": [{"until_month": 3, "to": {}}, {"to": {"ordinary": 1.0}}]},
             "transitions_by_profile": {"q": {"bands": [{"until_month": 1, "to": {}},
                 {"to": {"institution": 1.0}}]}}},
            {"id": "long", "category": "temporary", "units": 0},
            {"id": "cong", "category": "congregate", "units": 1}]}"#;
    let seen = run(json, 1);
    // `long` has no units, so all four start in `short`: `q`'s two leave after one month;
    // `p`'s two stay three months.
    assert_eq!(seen.program(0), [4, 2, 2, 0, 0, 0]);
    assert_eq!(seen.state(State::Institution), [0, 2, 2, 2, 2, 2]);
    assert_eq!(seen.state(State::Ordinary), [0, 0, 0, 2, 2, 2]);
    assert_eq!(seen.program(1), [0; 6]);
}

#[test]
fn a_move_between_two_programs_of_a_category_is_a_new_stay() {
    // Without staff, `a` breaks down with certainty (risk clamped to 1), and the only free
    // temporary unit is in `b`, where 100,000 FTE make the risk exactly 0
    // ((1 / 100,000)^100 underflows). `b` holds residents for two months, counted from the
    // move: the stay in `a` does not count.
    let json = r#"{"name": "a new stay", "horizon_months": 5,
        "profiles": [{"id": "p", "severity": "moderate", "needs": "congregate",
            "initial": {"temporary": 1},
            "breakdown": [{"category": "temporary", "base_probability": 1.0,
                "required_staff_per_resident": 1.0, "elasticity": 100.0, "to": "temporary"}]}],
        "programs": [
            {"id": "a", "category": "temporary", "units": 1},
            {"id": "b", "category": "temporary", "units": 1, "staff_fte": 100000,
             "transitions": {"bands": [{"until_month": 2, "to": {}}, {"to": {"ordinary": 1.0}}]}},
            {"id": "cong", "category": "congregate", "units": 1}]}"#;
    let seen = run(json, 2);
    assert_eq!(seen.program(0), [2, 0, 0, 0, 0, 0]);
    assert_eq!(seen.program(1), [0, 2, 2, 0, 0, 0]);
    assert_eq!(seen.state(State::Ordinary), [0, 0, 0, 2, 2, 2]);
}

/// Pearson's chi-square of `observed` counts against probabilities `p` (summing to 1).
fn chi_square(observed: &[u64], p: &[f64]) -> f64 {
    let n: u64 = observed.iter().sum();
    observed
        .iter()
        .zip(p)
        .map(|(&o, &p)| {
            let e = n as f64 * p;
            (o as f64 - e).powi(2) / e
        })
        .sum()
}

/// Stays that ended at each month-end 1..=horizon, and those still open at the horizon, from
/// a program's occupancy when nobody enters it.
fn stay_lengths(occupancy: &[u64]) -> Vec<u64> {
    let mut out: Vec<u64> = occupancy.windows(2).map(|w| w[0] - w[1]).collect();
    out.push(*occupancy.last().unwrap());
    out
}

#[test]
fn stay_lengths_follow_the_banded_and_geometric_laws() {
    // `banded`: 20 %/month leave in month 1, 50 %/month in months 2–3, all at month 4:
    // P(L = 1, 2, 3, 4) = 0.2, 0.8 × 0.5, 0.8 × 0.5 × 0.5, 0.8 × 0.5 × 0.5 = 0.2, 0.4, 0.2, 0.2.
    // `plain` follows the profile's row, 30 %/month: P(L = k) = 0.3 × 0.7^(k−1), P(L > 6) = 0.7^6.
    let json = r#"{"name": "stay lengths", "horizon_months": 6,
        "profiles": [{"id": "p", "severity": "mild", "needs": "congregate",
            "initial": {"temporary": 2000},
            "transitions": {"temporary": {"to": {"ordinary": 0.3}}}}],
        "programs": [
            {"id": "banded", "category": "temporary", "units": 1000,
             "transitions": {"bands": [
                {"until_month": 2, "to": {"ordinary": 0.2}},
                {"until_month": 4, "to": {"ordinary": 0.5}},
                {"to": {"ordinary": 1.0}}]}},
            {"id": "plain", "category": "temporary", "units": 1000},
            {"id": "cong", "category": "congregate", "units": 1}]}"#;
    let seen = run(json, 10);
    let banded = stay_lengths(&seen.program(0));
    assert_eq!(
        &banded[4..],
        [0, 0, 0],
        "stays beyond the maximum: {banded:?}"
    );
    let chi = chi_square(&banded[..4], &[0.2, 0.4, 0.2, 0.2]);
    println!("banded {banded:?}: chi-square {chi:.2}");
    // The 0.999 quantile of chi-square with 3 degrees of freedom.
    assert!(chi < 16.27, "banded stays {banded:?}: chi-square {chi}");
    let plain = stay_lengths(&seen.program(1));
    let mut law: Vec<f64> = (1..=6).map(|k| 0.3 * 0.7f64.powi(k - 1)).collect();
    law.push(0.7f64.powi(6));
    let chi = chi_square(&plain, &law);
    println!("plain {plain:?}: chi-square {chi:.2}");
    // The 0.999 quantile of chi-square with 6 degrees of freedom.
    assert!(chi < 22.46, "geometric stays {plain:?}: chi-square {chi}");
}

#[test]
fn uncertainty_parameters_reach_a_programs_rows_by_id() {
    let json = TWO_PROGRAMS.replace(
        r#""programs": ["#,
        r#""uncertainty": {"parameters": [
            {"name": "early_leave", "path": "programs[short].transitions.bands[0].to.homeless",
             "distribution": {"beta": {"mean": 0.1, "sd": 0.02}}},
            {"name": "long_row", "path": "programs[long].transitions_by_profile.p",
             "distribution": {"dirichlet": {"alpha": {"ordinary": 2, "exited": 1, "stay": 7}}}}]},
           "programs": ["#,
    );
    let json = json
        .replace(
            r#""until_month": 3, "to": {}"#,
            r#""until_month": 3, "to": {"homeless": 0.1}"#,
        )
        .replace(
            r#""units": 6}"#,
            r#""units": 6, "transitions_by_profile": {"p": {"to": {"ordinary": 0.2}}}}"#,
        );
    let s = Scenario::from_json(&json).unwrap();
    let set = ParameterSet::new(&[&s]).unwrap();
    let draw = set.draw(7, 0);
    let applied = set.apply(&s, &draw).unwrap();
    let DrawnValue::Scalar(early) = draw.values()[0] else {
        panic!("early_leave is a scalar")
    };
    let DrawnValue::Row(row) = &draw.values()[1] else {
        panic!("long_row is a row")
    };
    let bands: &[Band] = applied.programs[0]
        .transitions
        .as_ref()
        .and_then(|t| t.bands.as_deref())
        .unwrap();
    assert_eq!(bands[0].to[&State::Homeless], early);
    assert_ne!(early, 0.1);
    let to = applied.programs[1].transitions_by_profile["p"]
        .to
        .as_ref()
        .unwrap();
    let drawn = |k: &str| row.iter().find(|(n, _)| n == k).unwrap().1;
    assert_eq!(to[&State::Ordinary], drawn("ordinary"));
    assert_eq!(to[&State::Exited], drawn("exited"));
    assert_eq!(to.len(), 2);
    assert!(Model::new(&applied).is_ok());
}

#[test]
fn bodo_bolig_nu_holds_residents_at_most_three_months() {
    let s = Scenario::from_path(&common::shipped("bodo.json")).unwrap();
    let model = Model::new(&s).unwrap();
    let index = |id: &str| {
        model
            .programs()
            .iter()
            .position(|g| g.id == id)
            .unwrap_or_else(|| panic!("bodo.json has no program {id}")) as u32
    };
    let (bolig_nu, natthjemmet) = (index("bolig_nu"), index("natthjemmet"));
    let t = model.transitions();
    let temporary = State::Temporary.index();
    for p in 0..model.profiles().len() {
        let forced =
            |program: u32, months: u32| t.bands[t.band(p, temporary, program, months)].forced;
        // Months in state 1 and 2 may be stayed; at 3 every resident moves out.
        assert!(!forced(bolig_nu, 1) && !forced(bolig_nu, 2), "profile {p}");
        assert!(forced(bolig_nu, 3), "profile {p}");
        // Natthjemmet keeps the profile's row.
        assert_eq!(
            t.slot(p, temporary, natthjemmet),
            t.slots[p * N_STATES + temporary]
        );
    }
}
