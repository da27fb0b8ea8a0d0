//! W1 speed: nanoseconds per resident-month for the engine and for the floor it is measured
//! against, printed as one JSON line each on stdout (progress and a readable summary on stderr).
//!
//! ```text
//! cargo bench --bench w1_speed -- --replications 20 [--seed S] [--repeats 3] [--scenario PATH]
//!     [--only single,threads,floor,floor_guide16]
//! ```
//! (`--only` runs a subset, e.g. to profile one measurement under valgrind.)
//!
//! W1 is the reference workload of `../shared/reference/W1.md`, shipped as
//! `scenarios/reference-w1.json`: N = 9,999 residents, T = 120 months. ns per resident-month =
//! wall time ÷ (N × T × R), exited residents included, as W1.md defines it. Measured:
//!
//! * `engine` / `single_thread`: `engine::simulate` in a loop on the current thread, one
//!   workspace, replication `i` with `engine::replication_rng(seed, i)`;
//! * `engine` / `replicate`: `montecarlo::replicate` inside `montecarlo::with_threads(Some(n))`
//!   for n = 1 and n = available parallelism (the pool is built inside the timed region, as
//!   `montecarlo::run` does), timed interleaved (1, n, 1, n, ...); the scaling is the ratio of
//!   the two best times;
//! * `floor`: for the same N × T × R resident-months, one Xoshiro256++ `next_u64` and one
//!   `AliasRow::sample` in the model's own rows (`model.transitions.bands`, indexed by
//!   (profile, state) through `slots[..].first` as the engine does), keeping a state array so every
//!   lookup depends on the previous month. Nothing else: no exited check, no costs, no moves.
//!   (Exited residents are walked too, through their stay-put row; the engine skips them, about
//!   35 % of W1's resident-months, so the two do not do the same number of draws.)
//! * `floor_guide16` (exploratory, not a target): the same state walk with the numpy peer's
//!   fastest sampling idiom — 16 random bits per resident-month (four residents per
//!   `next_u64`) and one lookup in a 1,024-cell guide table per row, cells that straddle a
//!   boundary of the cumulative row resolved exactly with a fresh draw.
//!
//! Every measurement is warmed up once, then timed `--repeats` times (default 3); the JSON gives
//! the best (minimum) and the median. `benches/peer/compare.sh` runs this next to the numpy peer.

use housing_sim::engine::{self, Replication, Workspace};
use housing_sim::model::{AliasRow, Model};
use housing_sim::montecarlo;
use housing_sim::scenario;
use housing_sim::state::N_STATES;
use rand::RngCore;
use serde_json::json;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

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
                     [--repeats K] [--scenario PATH] [--only single,threads,floor,floor_guide16]"
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
    for _ in 0..model.horizon {
        for (s, &p) in state.iter_mut().zip(profile) {
            let r = rng.next_u64();
            let row = row_of[p as usize * N_STATES + *s as usize] as usize;
            *s = rows[row].sample(r) as u8;
        }
        black_box(&mut *state);
    }
    occupancy(state)
}

/// Guide tables over 16-bit draws, as in the numpy peer's fastest idiom: per alias row, 1,024
/// equal cells of [0, 1); a cell inside one state's interval of the cumulative row holds that
/// state, a cell straddling a boundary holds `MIXED` and is resolved exactly with a fresh draw.
struct Guide {
    cells: Vec<u8>,
    cdf: Vec<[f64; N_STATES]>,
}

const GUIDE_BITS: u32 = 10;
const MIXED: u8 = u8::MAX;

impl Guide {
    fn new(rows: &[AliasRow]) -> Guide {
        let k = 1usize << GUIDE_BITS;
        let mut cells = Vec::with_capacity(rows.len() * k);
        let mut cdf = Vec::with_capacity(rows.len());
        for row in rows {
            let p = row.probabilities();
            let mut c = [0.0; N_STATES];
            let mut acc = 0.0;
            for (ci, pi) in c.iter_mut().zip(p) {
                acc += pi;
                *ci = acc.min(1.0);
            }
            c[N_STATES - 1] = 1.0;
            for j in 0..k {
                let (lo, hi) = (j as f64 / k as f64, (j + 1) as f64 / k as f64);
                let mixed = c.iter().any(|&x| x > lo && x < hi);
                let state = c.iter().filter(|&&x| x <= lo).count().min(N_STATES - 1);
                cells.push(if mixed { MIXED } else { state as u8 });
            }
            cdf.push(c);
        }
        Guide { cells, cdf }
    }
}

/// One 16-bit draw (four residents per `next_u64`) and one guide-table lookup per
/// resident-month: what the engine's floor would be with the numpy peer's sampling idiom.
fn floor_guide16(
    model: &Model,
    guide: &Guide,
    profile: &[u8],
    state: &mut [u8],
    rng_seed: u64,
    index: u64,
) -> [u64; N_STATES] {
    let row_of: Vec<u32> = first_rows(model);
    let row_of: &[u32] = &row_of;
    let mut rng = engine::replication_rng(rng_seed, index);
    let shift = 16 - GUIDE_BITS;
    for _ in 0..model.horizon {
        for (ss, ps) in state.chunks_mut(4).zip(profile.chunks(4)) {
            let r = rng.next_u64();
            for (k, (s, &p)) in ss.iter_mut().zip(ps).enumerate() {
                let cell = ((r >> (16 * k)) as u16 >> shift) as usize;
                let row = row_of[p as usize * N_STATES + *s as usize] as usize;
                let v = guide.cells[(row << GUIDE_BITS) | cell];
                *s = if v != MIXED {
                    v
                } else {
                    let u = (cell as f64
                        + (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64))
                        / (1u64 << GUIDE_BITS) as f64;
                    guide.cdf[row]
                        .iter()
                        .filter(|&&x| x <= u)
                        .count()
                        .min(N_STATES - 1) as u8
                };
            }
        }
        black_box(&mut *state);
    }
    occupancy(state)
}

fn main() {
    let a = parse_args();
    let s = scenario::from_file(&a.scenario).expect("W1 scenario");
    let model = Model::new(&s, &a.scenario.display().to_string()).expect("valid W1 scenario");
    let n = model.initial_residents();
    let t = model.horizon as u64;
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

    // (b) montecarlo::replicate on 1 and on all cores
    let mut per_threads = Vec::new();
    if a.wants("threads") {
        let mut counts = vec![1];
        if threads > 1 {
            counts.push(threads);
        }
        let run = |k: usize| {
            montecarlo::with_threads(Some(k), || {
                montecarlo::replicate(&model, a.replications, a.seed, &|_| {})
            })
            .expect("thread pool")
            .0
        };
        // Interleaved (1, n, 1, n, ...) after one warm-up each, so that a burst of outside
        // load hits both thread counts alike instead of skewing the scaling.
        let mut secs = vec![Vec::with_capacity(a.repeats); counts.len()];
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

    // (c) the floor: one draw + one alias lookup per resident-month
    let mut floor_ns = None;
    if a.wants("floor") {
        let mut profile = Vec::with_capacity(n as usize);
        let mut start_state = Vec::with_capacity(n as usize);
        for g in &model.initial {
            for _ in 0..g.count {
                profile.push(g.profile as u8);
                start_state.push(g.state.index() as u8);
            }
        }
        let mut state = start_state.clone();
        let (best, median, check) = measure(a.repeats, || {
            (0..r)
                .map(|i| {
                    state.copy_from_slice(&start_state);
                    floor(&model, &profile, &mut state, a.seed, i)
                })
                .fold([0; N_STATES], add)
        });
        eprintln!(
            "floor (draw + lookup)  : {:7.2} ns/resident-month (median {:.2}); final occupancy {:.1?}",
            ns(best),
            ns(median),
            mean_occupancy(check, r)
        );
        floor_ns = Some(ns(best));
        emit(json!({
            "impl": "floor",
            "mode": "draw_plus_alias_lookup",
            "threads": 1,
            "ns_per_resident_month": ns(best),
            "ns_per_resident_month_median": ns(median),
            "seconds_best": best,
            "seconds_median": median,
            "final_occupancy": mean_occupancy(check, r),
        }));
    }

    // (d) exploratory: the same floor with the numpy peer's sampling (16-bit draw + guide table)
    if a.wants("floor_guide16") {
        let guide = Guide::new(&alias_rows(&model));
        let mut profile = Vec::with_capacity(n as usize);
        let mut start_state = Vec::with_capacity(n as usize);
        for g in &model.initial {
            for _ in 0..g.count {
                profile.push(g.profile as u8);
                start_state.push(g.state.index() as u8);
            }
        }
        let mut state = start_state.clone();
        let (best, median, check) = measure(a.repeats, || {
            (0..r)
                .map(|i| {
                    state.copy_from_slice(&start_state);
                    floor_guide16(&model, &guide, &profile, &mut state, a.seed, i)
                })
                .fold([0; N_STATES], add)
        });
        eprintln!(
            "floor, 16-bit + guide  : {:7.2} ns/resident-month (median {:.2}); final occupancy {:.1?}",
            ns(best),
            ns(median),
            mean_occupancy(check, r)
        );
        emit(json!({
            "impl": "floor_guide16",
            "mode": "draw16_plus_guide_lookup",
            "threads": 1,
            "ns_per_resident_month": ns(best),
            "ns_per_resident_month_median": ns(median),
            "seconds_best": best,
            "seconds_median": median,
            "final_occupancy": mean_occupancy(check, r),
        }));
    }

    let ratio = single.zip(floor_ns).map(|(e, f)| e / f);
    let scaling = (per_threads.len() > 1).then(|| per_threads[0] / per_threads[1]);
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
    }));
}

/// The model's alias rows, in band order.
fn alias_rows(model: &Model) -> Vec<AliasRow> {
    model
        .transitions
        .bands
        .iter()
        .map(|b| b.row.clone())
        .collect()
}

/// The first band of every (profile, state).
fn first_rows(model: &Model) -> Vec<u32> {
    model.transitions.slots.iter().map(|s| s.first).collect()
}
