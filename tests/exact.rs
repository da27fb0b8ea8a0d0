//! The engine against exact answers: the W1 reference workload (docs/benchmarks.md, W1) and
//! the expected occupancy of generated unconstrained Markov chains, computed by matrix powers.

use crate::common;

use housing_sim::engine::{self, Workspace};
use housing_sim::model::Model;
use housing_sim::scenario::{self, Scenario, Transitions};
use housing_sim::state::{State, N_STATES};
use housing_sim::Simulation;
use housing_sim::Stat;
use std::path::Path;

type Matrix = [[f64; N_STATES]; N_STATES];

/// The monthly transition matrix of a profile without duration bands.
fn matrix(s: &Scenario, profile: usize) -> Matrix {
    let mut m = [[0.0; N_STATES]; N_STATES];
    for from in State::ALL {
        let i = from.index();
        let mut out = 0.0;
        if let Some(Transitions { to: Some(to), .. }) = s.profiles[profile].transitions.get(&from) {
            for (target, p) in to {
                m[i][target.index()] = *p;
                out += p;
            }
        }
        m[i][i] = 1.0 - out;
    }
    m
}

fn step(v: &[f64; N_STATES], m: &Matrix) -> [f64; N_STATES] {
    let mut out = [0.0; N_STATES];
    for i in 0..N_STATES {
        for j in 0..N_STATES {
            out[j] += v[i] * m[i][j];
        }
    }
    out
}

/// Expected occupancy at the horizon and expected W1 cost (occupancy cost of the state after
/// each month, plus repair when leaving a unit whose program repairs on move-out).
fn exact(s: &Scenario) -> ([f64; N_STATES], f64) {
    Model::new(s).unwrap();
    // Prices read from the scenario itself, not from the model's price list.
    let mut state_cost = [0.0; N_STATES];
    let mut repair = [0.0; N_STATES];
    for p in &s.programs {
        state_cost[p.category.index()] = p.running_per_occupied_unit_month_nok;
        let repairs = p
            .repair_on_move_out
            .unwrap_or(p.category != housing_sim::Category::Temporary);
        if repairs {
            repair[p.category.index()] = s.costs.repair.ordinary_nok;
        }
    }
    let person_month = &s.costs.person_month_nok;
    state_cost[State::Ordinary.index()] = person_month.ordinary_follow_up;
    state_cost[State::Homeless.index()] = person_month.homeless;
    state_cost[State::Institution.index()] = person_month.institution;
    let mut total = [0.0; N_STATES];
    let mut cost = 0.0;
    for (pi, p) in s.profiles.iter().enumerate() {
        let m = matrix(s, pi);
        let mut v = [0.0; N_STATES];
        for (state, n) in &p.initial {
            v[state.index()] += *n as f64;
        }
        for _ in 0..s.horizon_months {
            for i in 0..N_STATES {
                cost += v[i] * (1.0 - m[i][i]) * repair[i];
            }
            v = step(&v, &m);
            cost += v.iter().zip(&state_cost).map(|(a, b)| a * b).sum::<f64>();
        }
        for i in 0..N_STATES {
            total[i] += v[i];
        }
    }
    (total, cost)
}

fn within(sim: &Stat, exact: f64, n: usize, k: f64, what: &str) {
    let se = sim.standard_error(n);
    assert!(
        (sim.mean - exact).abs() <= k * se + 1e-9 * exact.abs().max(1.0),
        "{what}: simulated {} ± {se} (se), exact {exact}",
        sim.mean
    );
}

fn w1() -> Scenario {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/reference-w1.json");
    scenario::from_file(&path).unwrap()
}

/// The exact expectations of docs/benchmarks.md (W1) (N = 9,999, T = 120).
const W1_TOTAL_COST: f64 = 27_722_813_688.0;
const W1_FINAL: [f64; N_STATES] = [
    583.9, 500.6, 182.8, 800.6, 336.0, 1112.3, 278.4, 298.8, 5905.7,
];

#[test]
fn the_w1_file_reproduces_the_exact_expectations_of_w1_md() {
    let (occupancy, cost) = exact(&w1());
    assert!(
        (cost - W1_TOTAL_COST).abs() < 1.0,
        "exact cost of the file: {cost}"
    );
    for (a, b) in occupancy.iter().zip(W1_FINAL) {
        assert!(
            (a - b).abs() < 0.05 + 1e-9,
            "exact occupancy of the file: {a} vs {b}"
        );
    }
}

#[test]
fn w1_simulated_means_match_the_exact_values_within_four_standard_errors() {
    let s = w1();
    let model = Model::new(&s).unwrap();
    let reps = 200;
    let r = Simulation::new(&model)
        .replications(reps)
        .seed(s.seed)
        .run()
        .unwrap();
    let n = reps as usize;
    within(
        &r.summary.total_cost_nok,
        W1_TOTAL_COST,
        n,
        4.0,
        "total cost",
    );
    for st in State::ALL {
        within(
            &r.summary.final_occupancy[st],
            W1_FINAL[st.index()],
            n,
            4.0,
            st.name(),
        );
    }
}

/// Generated chains without capacity limits, bands, breakdowns or arrivals: the simulated mean
/// occupancy at the horizon equals v₀ · Pᵀ for every profile (deterministic test cases).
#[test]
fn generated_markov_chains_match_matrix_powers() {
    let shape = common::Shape {
        misplacement: false,
        limited: false,
        dynamics: false,
    };
    let mut runner = common::deterministic_runner(24);
    runner
        .run(&common::scenario(shape), |mut s| {
            for p in &mut s.profiles {
                p.initial_waiting.clear();
                p.aggressive = false;
                for n in p.initial.values_mut() {
                    *n *= 10;
                }
            }
            s.costs.discount_rate_per_year = 0.0;
            s.costs.perspective = housing_sim::cost::Perspective::Society;
            s.costs.moving_staff_hours_per_move = 0.0;
            for g in &mut s.programs {
                g.staff_fte = 0.0;
                g.staff_per_resident = None;
                g.guards_fte = 0.0;
                g.hospits = None;
                g.resident_contribution_per_month_nok = 0.0;
                g.damage_reduction = 0.0;
            }
            let model = Model::new(&s).unwrap();
            let (expected, cost) = exact(&s);
            let reps = 400u64;
            let mut ws = Workspace::new(&model);
            let mut finals = vec![Vec::new(); N_STATES];
            let mut costs = Vec::new();
            for i in 0..reps {
                let mut rng = engine::replication_rng(3, i);
                let r = engine::simulate(&model, &mut ws, &mut rng, &mut ());
                for (k, f) in finals.iter_mut().enumerate() {
                    f.push(r.final_occupancy[k] as f64);
                }
                costs.push(r.ledger.total());
            }
            for st in State::ALL {
                within(
                    &Stat::of(&finals[st.index()]),
                    expected[st.index()],
                    reps as usize,
                    5.0,
                    st.name(),
                );
            }
            within(&Stat::of(&costs), cost, reps as usize, 5.0, "cost");
            Ok(())
        })
        .unwrap();
}
