//! W1 speed: nanoseconds per resident-month for the engine and for the floor it is measured
//! against, printed as one JSON line each on stdout (progress and a readable summary on stderr).
//!
//! ```text
//! cargo bench --bench w1_speed -- --replications 20 [--seed S] [--repeats 3] [--scenario PATH]
//!     [--only single,threads,floor,floor_guide]
//! ```
//! (`--only` runs a subset, e.g. to profile one measurement under valgrind.)
//!
//! W1 is the reference workload of `docs/benchmarks.md` (W1), shipped as
//! `scenarios/reference-w1.json`: N = 9,999 residents, T = 120 months. ns per resident-month =
//! wall time ÷ (N × T × R), exited residents included, as docs/benchmarks.md defines it.
//! Measured:
//!
//! * `engine` / `single_thread`: `engine::simulate` in a loop on the current thread, one
//!   workspace, replication `i` with `engine::replication_rng(seed, i)`;
//! * `engine` / `replicate`: the driver (`Batch`) on n threads
//!   for n = 1 and n = available parallelism (the pool is built inside the timed region, as
//!   `Simulation::run` does), timed interleaved (1, n, 1, n, ...); the scaling is the ratio of
//!   the two best times; each round also times a control, `independent`: as many plain threads,
//!   each simulating every n-th replication with its own workspace and sharing nothing but the
//!   model. The control's scaling is what the machine allows at the moment (on a shared virtual
//!   machine the second core is often slower when both are busy);
//! * `floor`: for the same N × T × R resident-months, one Xoshiro256++ `next_u64` and one
//!   `AliasRow::sample` in the model's own rows (`model.transitions.bands`, indexed by
//!   (profile, state) through `slots[..].first` as the engine does), keeping a state array so every
//!   lookup depends on the previous month. Nothing else: no exited check, no costs, no moves.
//!   (Exited residents are walked too, through their stay-put row; the engine skips them, about
//!   35 % of W1's resident-months, so the two do not do the same number of draws.)
//! * `floor_guide`: the same state walk with the engine's own sampling — ten random bits per
//!   resident-month (six residents per `next_u64`) and one lookup in the row's 1,024-cell
//!   guide table (`model::Sampler`), cells that straddle a boundary resolved exactly with a
//!   fresh draw. The cheapest the engine's inner loop could be with its sampling idiom.
//!
//! Every measurement is warmed up once, then timed `--repeats` times (default 3); the JSON gives
//! the best (minimum) and the median. `benches/peer/compare.sh` runs this next to the numpy peer.

use housing_sim::engine::{self, Replication, Workspace};
use housing_sim::model::{CellBits, Model, Sampler};
use housing_sim::scenario;
use housing_sim::state::N_STATES;
use housing_sim::{Batch, RunSettings};
use rand::RngCore;
use serde_json::json;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

#[path = "floor/alias.rs"]
mod alias;
use alias::AliasRow;

struct Args {
    replications: u32,
    seed: u64,
    repeats: usize,
    scenario: PathBuf,
    only: Vec<String>,
}

impl Args {
    fn wants(&self, what: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|w| w == what)
    }
}

fn parse_args() -> Args {
    let mut a = Args {
        replications: 10,
        seed: 20261123,
        repeats: 3,
        scenario: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/reference-w1.json"),
        only: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().unwrap_or_else(|| panic!("{name} needs a value"));
        match arg.as_str() {
            "--replications" | "-r" => {
                a.replications = value(&arg).parse().expect("--replications: a number")
            }
            "--seed" => a.seed = value(&arg).parse().expect("--seed: a number"),
            "--repeats" => a.repeats = value(&arg).parse().expect("--repeats: a number"),
            "--scenario" => a.scenario = PathBuf::from(value(&arg)),
            "--only" => a.only = value(&arg).split(',').map(str::to_owned).collect(),
            // cargo passes --bench to harness = false targets; libtest-style filters are ignored
            "--bench" | "--nocapture" | "--quiet" => {}
            "-h" | "--help" => {
                eprintln!(
                    "cargo bench --bench w1_speed -- [--replications R] [--seed S] \
                     [--repeats K] [--scenario PATH] [--only single,threads,floor,floor_guide]"
                );
                std::process::exit(0);
            }
            other if other.starts_with('-') => panic!("unknown option {other}"),
            _ => {}
        }
    }
    assert!(
        a.replications >= 1 && a.repeats >= 1,
        "replications and repeats must be ≥ 1"
    );
    a
}

/// Best and median of `repeats` timings of `f`, after one untimed warm-up run.
fn measure<T>(repeats: usize, mut f: impl FnMut() -> T) -> (f64, f64, T) {
    let mut out = f();
    let mut secs = Vec::with_capacity(repeats);
    for _ in 0..repeats {
        let start = Instant::now();
        out = black_box(f());
        secs.push(start.elapsed().as_secs_f64());
    }
    secs.sort_by(f64::total_cmp);
    (secs[0], secs[secs.len() / 2], out)
}

/// Mean total cost and mean final occupancy of `reps`.
fn means(reps: &[Replication]) -> (f64, Vec<f64>) {
    let r = reps.len() as f64;
    let cost = reps.iter().map(|x| x.ledger.total()).sum::<f64>() / r;
    let occ = (0..N_STATES)
        .map(|s| {
            reps.iter()
                .map(|x| x.final_occupancy[s] as f64)
                .sum::<f64>()
                / r
        })
        .collect();
    (cost, occ)
}

/// Residents per state.
fn occupancy(state: &[u8]) -> [u64; N_STATES] {
    let mut out = [0u64; N_STATES];
    for &s in state {
        out[s as usize] += 1;
    }
    out
}

/// Sum of the occupancies of every replication, as means.
fn mean_occupancy(sum: [u64; N_STATES], r: u64) -> Vec<f64> {
    sum.iter().map(|&x| x as f64 / r as f64).collect()
}

fn add(mut a: [u64; N_STATES], b: [u64; N_STATES]) -> [u64; N_STATES] {
    for (x, y) in a.iter_mut().zip(b) {
        *x += y;
    }
    a
}

/// The scaling control: `threads` plain threads, thread j simulating replications j, j + threads,
/// ... with a workspace of its own. Returns the mean total cost.
fn independent(model: &Model, threads: usize, replications: u64, seed: u64) -> f64 {
    let total: f64 = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads as u64)
            .map(|j| {
                scope.spawn(move || {
                    let mut ws = Workspace::new(model);
                    (j..replications)
                        .step_by(threads)
                        .map(|i| {
                            let mut rng = engine::replication_rng(seed, i);
                            engine::simulate(model, &mut ws, &mut rng, &mut ())
                                .ledger
                                .total()
                        })
                        .sum::<f64>()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("worker")).sum()
    });
    total / replications as f64
}

/// One random draw and one alias lookup per resident-month, nothing else.
fn floor(
    model: &Model,
    profile: &[u8],
    state: &mut [u8],
    rng_seed: u64,
    index: u64,
) -> [u64; N_STATES] {
    let rows: Vec<AliasRow> = alias_rows(model);
    let rows: &[AliasRow] = &rows;
    // (profile, state) → alias row, as the engine finds it (W1 has one band each)
    let row_of: Vec<u32> = first_rows(model);
    let row_of: &[u32] = &row_of;
    let mut rng = engine::replication_rng(rng_seed, index);
    for _ in 0..model.horizon() {
        for (s, &p) in state.iter_mut().zip(profile) {
            let r = rng.next_u64();
            let row = row_of[p as usize * N_STATES + *s as usize] as usize;
            *s = rows[row].sample(r) as u8;
        }
        black_box(&mut *state);
    }
    occupancy(state)
}

/// The same state walk with the engine's own sampling: ten random bits per resident-month
/// (six residents per `next_u64`, `CellBits`) and one lookup in the row's guide table
/// (`Sampler`), a fresh draw for the few cells that straddle a boundary.
fn floor_guide(
    model: &Model,
    profile: &[u8],
    state: &mut [u8],
    rng_seed: u64,
    index: u64,
) -> [u64; N_STATES] {
    let rows: Vec<&Sampler> = model.transitions().bands.iter().map(|b| &b.row).collect();
    let rows: &[&Sampler] = &rows;
    let row_of: Vec<u32> = first_rows(model);
    let row_of: &[u32] = &row_of;
    let mut rng = engine::replication_rng(rng_seed, index);
    let mut bits = CellBits::default();
    for _ in 0..model.horizon() {
        for (s, &p) in state.iter_mut().zip(profile) {
            let cell = bits.next(|| rng.next_u64());
            let row = row_of[p as usize * N_STATES + *s as usize] as usize;
            *s = rows[row].sample(cell, || rng.next_u64()) as u8;
        }
        black_box(&mut *state);
    }
    occupancy(state)
}

fn main() {
    let a = parse_args();
    let s = scenario::from_file(&a.scenario).expect("W1 scenario");
    let model = Model::new(&s).expect("valid W1 scenario");
    let n = model.initial_residents();
    let t = model.horizon() as u64;
    let r = a.replications as u64;
    let resident_months = (n * t * r) as f64;
    let ns = |secs: f64| secs * 1e9 / resident_months;
    let threads = std::thread::available_parallelism().map_or(1, |x| x.get());
    eprintln!(
        "W1 speed: N = {n}, T = {t}, R = {r}, {} timed repeats (+1 warm-up), {threads} cores",
        a.repeats
    );
    let common = json!({
        "workload": "W1",
        "residents": n,
        "months": t,
        "replications": r,
        "repeats": a.repeats,
        "seed": a.seed,
    });
    let emit = |mut v: serde_json::Value| {
        let obj = v.as_object_mut().expect("object");
        for (k, x) in common.as_object().expect("object") {
            obj.insert(k.clone(), x.clone());
        }
        println!("{v}");
    };

    // (a) the engine on this thread
    let mut single = None;
    if a.wants("single") {
        let mut ws = Workspace::new(&model);
        let (best, median, reps) = measure(a.repeats, || {
            (0..r)
                .map(|i| {
                    let mut rng = engine::replication_rng(a.seed, i);
                    engine::simulate(&model, &mut ws, &mut rng, &mut ())
                })
                .collect::<Vec<_>>()
        });
        let (cost, occ) = means(&reps);
        eprintln!(
            "engine, single thread  : {:7.2} ns/resident-month (median {:.2}); mean total \
             cost {cost:.0}, final occupancy {occ:.1?}",
            ns(best),
            ns(median)
        );
        single = Some(ns(best));
        emit(json!({
            "impl": "engine",
            "mode": "single_thread",
            "threads": 1,
            "ns_per_resident_month": ns(best),
            "ns_per_resident_month_median": ns(median),
            "seconds_best": best,
            "seconds_median": median,
            "mean_total_cost": cost,
            "final_occupancy": occ,
        }));
    }

    // (b) the driver on 1 and on all cores
    let mut per_threads = Vec::new();
    let mut control_ns = None;
    if a.wants("threads") {
        let mut counts = vec![1];
        if threads > 1 {
            counts.push(threads);
        }
        let run = |k: usize| {
            let settings = RunSettings::new(a.replications, a.seed)
                .and_then(|s| s.with_threads(k))
                .expect("settings");
            Batch::new(vec![&model], settings)
                .and_then(|b| b.run(|_, mut r| r.pop()))
                .expect("thread pool")
                .records
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
        };
        // Interleaved (1, n, 1, n, ...) after one warm-up each, so that a burst of outside
        // load hits both thread counts alike instead of skewing the scaling. With n > 1 each
        // round also times the control: n plain threads, each simulating every n-th
        // replication with its own workspace, sharing nothing but the model.
        let mut secs = vec![Vec::with_capacity(a.repeats); counts.len()];
        let mut control = Vec::with_capacity(a.repeats);
        let mut last = Vec::new();
        for &k in &counts {
            last.push(black_box(run(k)));
        }
        for _ in 0..a.repeats {
            for (j, &k) in counts.iter().enumerate() {
                let start = Instant::now();
                last[j] = black_box(run(k));
                secs[j].push(start.elapsed().as_secs_f64());
            }
            if threads > 1 {
                let start = Instant::now();
                black_box(independent(&model, threads, r, a.seed));
                control.push(start.elapsed().as_secs_f64());
            }
        }
        if !control.is_empty() {
            control.sort_by(f64::total_cmp);
            control_ns = Some(control[0] * 1e9 / resident_months);
            let (best, median) = (control[0], control[control.len() / 2]);
            eprintln!(
                "control, {threads} plain threads: {:7.2} ns/resident-month (median {:.2})",
                ns(best),
                ns(median)
            );
            emit(json!({
                "impl": "engine",
                "mode": "independent_threads",
                "threads": threads,
                "ns_per_resident_month": ns(best),
                "ns_per_resident_month_median": ns(median),
                "seconds_best": best,
                "seconds_median": median,
            }));
        }
        for (j, &k) in counts.iter().enumerate() {
            secs[j].sort_by(f64::total_cmp);
            let (best, median) = (secs[j][0], secs[j][secs[j].len() / 2]);
            let (cost, _) = means(&last[j]);
            eprintln!(
                "engine, {k} thread(s)    : {:7.2} ns/resident-month (median {:.2}); mean \
                 total cost {cost:.0}",
                ns(best),
                ns(median)
            );
            per_threads.push(ns(best));
            emit(json!({
                "impl": "engine",
                "mode": "replicate",
                "threads": k,
                "ns_per_resident_month": ns(best),
                "ns_per_resident_month_median": ns(median),
                "seconds_best": best,
                "seconds_median": median,
                "mean_total_cost": cost,
            }));
        }
    }

    // (c) and (d): the floors, state walks over the initial residents with nothing else
    type Walk = fn(&Model, &[u8], &mut [u8], u64, u64) -> [u64; N_STATES];
    let mut profile = Vec::with_capacity(n as usize);
    let mut start_state = Vec::with_capacity(n as usize);
    for g in model.initial() {
        for _ in 0..g.count {
            profile.push(g.profile as u8);
            start_state.push(g.state.index() as u8);
        }
    }
    let floor_of = |label: &str, imp: &str, mode: &str, walk: Walk| {
        let mut state = start_state.clone();
        let (best, median, check) = measure(a.repeats, || {
            (0..r)
                .map(|i| {
                    state.copy_from_slice(&start_state);
                    walk(&model, &profile, &mut state, a.seed, i)
                })
                .fold([0; N_STATES], add)
        });
        eprintln!(
            "{label:<23}: {:7.2} ns/resident-month (median {:.2}); final occupancy {:.1?}",
            ns(best),
            ns(median),
            mean_occupancy(check, r)
        );
        emit(json!({
            "impl": imp,
            "mode": mode,
            "threads": 1,
            "ns_per_resident_month": ns(best),
            "ns_per_resident_month_median": ns(median),
            "seconds_best": best,
            "seconds_median": median,
            "final_occupancy": mean_occupancy(check, r),
        }));
        ns(best)
    };
    // (c) the floor: one draw + one alias lookup per resident-month
    let floor_ns = a.wants("floor").then(|| {
        floor_of(
            "floor (draw + lookup)",
            "floor",
            "draw_plus_alias_lookup",
            floor,
        )
    });
    // (d) the same floor with the engine's sampling (10-bit cell + guide table)
    if a.wants("floor_guide") {
        floor_of(
            "floor, engine's guide",
            "floor_guide",
            "draw10_plus_guide_lookup",
            floor_guide,
        );
    }

    let ratio = single.zip(floor_ns).map(|(e, f)| e / f);
    let scaling = (per_threads.len() > 1).then(|| per_threads[0] / per_threads[1]);
    let ceiling = per_threads.first().zip(control_ns).map(|(one, c)| one / c);
    eprintln!(
        "engine single thread / floor = {}; scaling 1 → {threads} threads = {}",
        ratio.map_or("-".into(), |x| format!("{x:.2}")),
        scaling.map_or("-".into(), |x| format!("{x:.2}x"))
    );
    emit(json!({
        "impl": "summary",
        "engine_over_floor": ratio,
        "scaling_threads": threads,
        "scaling": scaling,
        "scaling_independent_threads": ceiling,
    }));
}

/// Alias tables for the model's rows, in band order (same probabilities as the engine's).
fn alias_rows(model: &Model) -> Vec<AliasRow> {
    model
        .transitions()
        .bands
        .iter()
        .map(|b| AliasRow::new(&b.row.probabilities()))
        .collect()
}

/// The first band of every (profile, state).
fn first_rows(model: &Model) -> Vec<u32> {
    model.transitions().slots.iter().map(|s| s.first).collect()
}
