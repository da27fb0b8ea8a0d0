//! Shared helpers for the integration tests: a generator of random valid scenarios.
#![allow(dead_code)]

pub mod reference;
pub mod stats;

use housing_sim::cost::Perspective;
use housing_sim::scenario::*;
use housing_sim::state::{Category, State};
use proptest::prelude::*;
use std::collections::BTreeMap;

/// Every state but `exited` (the last).
fn non_exited() -> &'static [State] {
    &State::ALL[..State::ALL.len() - 1]
}

/// The path of the shipped scenario file `name` (e.g. `bergen-hf-14.json`).
pub fn shipped(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_housing-sim");

/// A small valid scenario touching most of the format (two profiles, misplacement, a waiting
/// list, duration bands, arrivals, breakdowns, limited and unlimited programs), for tests that
/// mutate it.
pub fn small_base() -> serde_json::Value {
    serde_json::from_str(include_str!("small-base.json")).expect("valid JSON fixture")
}

/// The shipped scenario files (`scenarios/*.json`), sorted.
pub fn shipped_scenarios() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
        .expect("read scenarios/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(
        files.iter().any(|p| p.ends_with("reference-w1.json")),
        "scenarios/reference-w1.json missing"
    );
    files
}

/// Run the `housing-sim` binary with `args` (without backtrace variables, so a panic is seen
/// as such).
pub fn run_bin<I, S>(args: I) -> std::process::Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    std::process::Command::new(env!("CARGO_BIN_EXE_housing-sim"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .output()
        .expect("start housing-sim")
}

/// Run the binary in the crate's folder (so shipped paths such as `scenarios/bergen.json`
/// work): exit code, standard output, standard error; fails on a panic.
pub fn cli(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

/// [`cli`] that must succeed, its standard output parsed as JSON.
pub fn cli_json(args: &[&str]) -> serde_json::Value {
    let (code, stdout, stderr) = cli(args);
    assert_eq!(code, 0, "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// A proptest runner with a fixed seed and `cases` cases, for statistical tests whose cases
/// must be the same on every run.
pub fn deterministic_runner(cases: u32) -> proptest::test_runner::TestRunner {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    TestRunner::new_with_rng(
        Config {
            cases,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    )
}

/// Standard error of a finished process, as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The process ended by itself (not killed by a signal) and did not panic.
/// No panic, and exit code `code`; the message shows stderr otherwise.
pub fn assert_exit(out: &std::process::Output, what: &str, code: i32) {
    assert_no_panic(out, what);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}: stderr:\n{}",
        stderr(out)
    );
}

pub fn assert_no_panic(out: &std::process::Output, what: &str) {
    let err = stderr(out);
    assert!(
        out.status.code().is_some(),
        "{what}: killed by a signal ({:?}); stderr:\n{err}",
        out.status
    );
    assert!(
        !err.contains("panicked"),
        "{what}: panicked; stderr:\n{err}"
    );
    assert!(
        !err.contains("RUST_BACKTRACE"),
        "{what}: looks like a panic; stderr:\n{err}"
    );
}

/// Knobs for the generator.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    /// Allow misplacement (fallback `misplace`, `misplaced_in`, spillover).
    pub misplacement: bool,
    /// Allow capacity limits (else every program is unlimited).
    pub limited: bool,
    /// Allow duration bands, arrivals and breakdowns.
    pub dynamics: bool,
}

pub const FULL: Shape = Shape {
    misplacement: true,
    limited: true,
    dynamics: true,
};

/// A row of outgoing probabilities from `from` (sum ≤ 1, or = 1 when `forced`).
fn row(from: State, forced: bool) -> impl Strategy<Value = BTreeMap<State, f64>> {
    (
        proptest::collection::vec((0..9usize, 0.0..1.0f64), 0..4),
        0.0..20.0f64,
    )
        .prop_map(move |(targets, stay)| {
            let mut row = BTreeMap::new();
            for (i, w) in targets {
                let s = State::ALL[i];
                if s != from {
                    *row.entry(s).or_insert(0.0) += w;
                }
            }
            let out: f64 = row.values().sum();
            let denom = if forced { out } else { out + stay };
            if denom > 0.0 {
                for v in row.values_mut() {
                    *v /= denom;
                }
            }
            if forced && row.is_empty() {
                row.insert(
                    if from == State::Homeless {
                        State::Ordinary
                    } else {
                        State::Homeless
                    },
                    1.0,
                );
            }
            row
        })
}

fn transitions(from: State, dynamics: bool) -> BoxedStrategy<Transitions> {
    if dynamics {
        prop_oneof![
            row(from, false).prop_map(|to| Transitions {
                to: Some(UniqueMap(to)),
                bands: None
            }),
            (1..6u32, row(from, false), any::<bool>()).prop_flat_map(
                move |(until, first, forced)| {
                    row(from, forced).prop_map(move |last| Transitions {
                        to: None,
                        bands: Some(vec![
                            Band {
                                until_month: Some(until),
                                to: UniqueMap(first.clone()),
                            },
                            Band {
                                until_month: None,
                                to: UniqueMap(last),
                            },
                        ]),
                    })
                }
            ),
        ]
        .boxed()
    } else {
        row(from, false)
            .prop_map(|to| Transitions {
                to: Some(UniqueMap(to)),
                bands: None,
            })
            .boxed()
    }
}

fn category() -> impl Strategy<Value = Category> {
    (0..5usize).prop_map(|i| Category::ALL[i])
}

fn severity() -> impl Strategy<Value = Severity> {
    prop_oneof![
        Just(Severity::Mild),
        Just(Severity::Moderate),
        Just(Severity::Severe)
    ]
}

/// A random valid scenario of the given shape.
pub fn scenario(shape: Shape) -> impl Strategy<Value = Scenario> {
    let units = if shape.limited {
        prop_oneof![Just(Units::Unlimited), (0..12u32).prop_map(Units::Limited)].boxed()
    } else {
        Just(Units::Unlimited).boxed()
    };
    let program = (
        units,
        0.0..8.0f64,
        proptest::option::of(0.0..0.6f64),
        0.0..3.0f64,
        0.0..30_000.0f64,
        0.0..20_000.0f64,
        0.0..1.0f64,
    );
    (
        1..4usize,
        proptest::collection::vec(program, 5),
        1..30u32,
        proptest::collection::vec((0..5usize, 0..3u32), 0..3),
        0.0..0.05f64,
        any::<bool>(),
    )
        .prop_flat_map(
            move |(n_profiles, base_programs, horizon, extra, spill, fcfs)| {
                let profile = (
                    severity(),
                    any::<bool>(),
                    category(),
                    proptest::collection::vec(0..8usize, 0..4),
                    proptest::collection::vec((0..8usize, 0..8u32), 0..4),
                    proptest::option::of((0.0..3.0f64, 0..8usize)),
                    proptest::collection::vec(
                        (0..5usize, 0.0..0.2f64, 0.0..1.5f64, 0.0..2.0f64),
                        1..4,
                    ),
                    proptest::collection::vec(
                        (0..8usize).prop_flat_map(move |i| {
                            transitions(non_exited()[i], shape.dynamics)
                                .prop_map(move |t| (non_exited()[i], t))
                        }),
                        1..6,
                    ),
                    category(),
                );
                (
                    Just((
                        n_profiles,
                        base_programs.clone(),
                        horizon,
                        extra.clone(),
                        spill,
                        fcfs,
                    )),
                    proptest::collection::vec(profile, n_profiles),
                )
            },
        )
        .prop_map(
            move |((n_profiles, base_programs, horizon, extra, spill, fcfs), raw)| {
                build(
                    shape,
                    n_profiles,
                    base_programs,
                    horizon,
                    extra,
                    spill,
                    fcfs,
                    raw,
                )
            },
        )
}

type RawProgram = (Units, f64, Option<f64>, f64, f64, f64, f64);
type RawProfile = (
    Severity,
    bool,
    Category,
    Vec<usize>,
    Vec<(usize, u32)>,
    Option<(f64, usize)>,
    Vec<(usize, f64, f64, f64)>,
    Vec<(State, Transitions)>,
    Category,
);

#[allow(clippy::too_many_arguments)]
fn build(
    shape: Shape,
    n_profiles: usize,
    base: Vec<RawProgram>,
    horizon: u32,
    extra: Vec<(usize, u32)>,
    spill: f64,
    fcfs: bool,
    raw: Vec<RawProfile>,
) -> Scenario {
    let ids: Vec<String> = (0..n_profiles).map(|i| format!("p{i}")).collect();
    let mut programs = Vec::new();
    for (c, (units, staff, ratio, guards, capital, running, reduction)) in
        base.into_iter().enumerate()
    {
        let category = Category::ALL[c];
        let ratio = ratio.filter(|_| category == Category::HousingFirst);
        programs.push(Program {
            id: format!("all_{}", category.name()),
            description: String::new(),
            category,
            units,
            accepts: None,
            staff_fte: if ratio.is_some() { 0.0 } else { staff },
            staff_per_resident: ratio,
            guards_fte: guards,
            caretaker_fte: 0.0,
            fte_cost_per_year_nok: None,
            capital_per_unit_month_nok: if units == Units::Unlimited {
                0.0
            } else {
                capital
            },
            running_per_occupied_unit_month_nok: running,
            rent_per_occupied_unit_month_nok: 0.0,
            hospits: (category == Category::Temporary).then_some(HospitsPrice {
                housing_per_month_nok: 25_000.0,
                follow_up_per_month_nok: 2_000.0,
            }),
            resident_contribution_per_month_nok: running / 4.0,
            extra_housing_outlay_per_month_nok: 0.0,
            repair_on_move_out: None,
            damage_reduction: reduction,
            transitions: None,
            transitions_by_profile: Default::default(),
        });
    }
    if shape.limited {
        for (k, (c, units)) in extra.into_iter().enumerate() {
            programs.push(Program {
                id: format!("extra{k}"),
                category: Category::ALL[c],
                units: Units::Limited(units),
                accepts: Some(vec![ids[k % n_profiles].clone()]),
                staff_fte: 1.0,
                staff_per_resident: None,
                capital_per_unit_month_nok: 5_000.0,
                ..programs[c].clone()
            });
        }
    }
    // Room for initial residents: what the all-accepting program of each category holds.
    let room = |c: Category, programs: &[Program]| match programs[c.index()].units {
        Units::Unlimited => 6,
        Units::Limited(n) => n / n_profiles as u32,
    };
    let profiles = raw
        .into_iter()
        .enumerate()
        .map(
            |(
                i,
                (
                    severity,
                    aggressive,
                    needs,
                    initial_states,
                    waiting,
                    arrivals,
                    breakdown,
                    transitions,
                    alt,
                ),
            )| {
                let mut initial = BTreeMap::new();
                for s in initial_states {
                    let state = non_exited()[s];
                    let n = match state.category() {
                        Some(c) => room(c, &programs).min(3),
                        None => 4,
                    };
                    *initial.entry(state).or_insert(0) = n;
                }
                let mut p = Profile {
                    id: ids[i].clone(),
                    description: String::new(),
                    severity,
                    aggressive,
                    age_group: None,
                    gender: None,
                    needs,
                    misplaced_in: vec![],
                    urgent_misplacement: None,
                    initial: UniqueMap(initial),
                    initial_misplaced: UniqueMap::default(),
                    initial_waiting: waiting
                        .into_iter()
                        .filter(|(c, _)| *c != State::Homeless.index())
                        .map(|(c, count)| InitialWaiting {
                            state: State::Homeless,
                            waiting_for: Category::ALL[c % 5],
                            count,
                        })
                        .collect(),
                    arrivals: None,
                    transitions: transitions.into_iter().collect(),
                    breakdown: vec![],
                };
                if shape.misplacement && alt != needs {
                    p.misplaced_in = vec![alt];
                }
                if shape.dynamics {
                    p.arrivals = arrivals.map(|(per_month, s)| Arrivals {
                        per_month,
                        state: non_exited()[s],
                    });
                    let mut seen = std::collections::BTreeSet::new();
                    for (c, base, required, elasticity) in breakdown {
                        if seen.insert(c) {
                            p.breakdown.push(BreakdownRule {
                                category: Category::ALL[c],
                                base_probability: base,
                                required_staff_per_resident: required,
                                elasticity,
                                to: State::Temporary,
                            });
                        }
                    }
                }
                p
            },
        )
        .collect();
    let mut fallback = vec![Fallback::Stay, Fallback::Temporary, Fallback::Homeless];
    if shape.misplacement {
        fallback.insert(1, Fallback::Misplace);
    }
    let mut s = Scenario::new("generated", horizon);
    s.seed = 7;
    s.replications = 4;
    s.profiles = profiles;
    s.programs = programs;
    s.placement = Placement {
        waiting_list_order: if fcfs {
            WaitingListOrder::FirstComeFirstServed
        } else {
            WaitingListOrder::MostSevereFirst
        },
        fallback,
        misplacement_spillover: if shape.misplacement { spill } else { 0.0 },
        // Urgent placement in half of the scenarios with misplacement.
        urgent_misplacement: fcfs && s.profiles.iter().any(|p| !p.misplaced_in.is_empty()),
        ..Placement::default()
    };
    s.costs = CostSettings {
        perspective: Perspective::Municipality,
        moving_staff_hours_per_move: 10.0,
        person_month_nok: PersonMonthCosts {
            homeless: 1_000.0,
            institution: 50_000.0,
            ordinary_follow_up: 3_000.0,
        },
        ..CostSettings::default()
    };
    s
}
