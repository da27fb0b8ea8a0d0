//! The engine's speed on any scenario file: wall time per replication and nanoseconds per
//! resident-month, one JSON line per thread count on stdout (a readable line each on stderr).
//!
//! ```text
//! cargo bench --bench scenario_speed -- --scenario scenarios/reference-w2.json \
//!     [--residents-scale K] [--replications R] [--threads 1,2] [--repeats 3] [--seed S]
//! ```
//!
//! `--residents-scale K` multiplies everything that counts people or places before the model
//! is built: initial residents (in states, misplaced, waiting), arrivals per month, limited
//! program units and fixed staffing (`staff_fte`, `guards_fte`, `caretaker_fte`, so staff per
//! resident stay the same). W2 at N = 10^5 is `reference-w2.json` with K = 10 (99,990
//! residents, 5,000 Housing First units = round(N / 20)).
//!
//! ns per resident-month = wall time ÷ (N × T × R), N = residents at the start, every one
//! counted every month whether exited or not (docs/benchmarks.md, W1 and W2). For a scenario
//! with arrivals the JSON also gives the time per resident-month the engine actually
//! simulated (`ns_per_simulated_resident_month`, residents present, summed over months).
//! Each thread count runs the whole batch through the driver (`Batch`, the pool built inside
//! the timed region as `Simulation::run` does), warmed up once, timed `--repeats` times,
//! thread counts interleaved (1, n, 1, n, ...) so a burst of outside load hits them alike;
//! best and median are reported. `benches/peer/compare.sh` runs it next to the numpy peers.

use housing_sim::scenario::{self, Scenario, Units};
use housing_sim::{Batch, Model, Replication, RunSettings};
use serde_json::json;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

struct Args {
    scenario: PathBuf,
    scale: u32,
    replications: u32,
    threads: Vec<usize>,
    repeats: usize,
    seed: Option<u64>,
}

fn parse_args() -> Args {
    let all = std::thread::available_parallelism().map_or(1, |x| x.get());
    let mut a = Args {
        scenario: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/reference-w2.json"),
        scale: 1,
        replications: 10,
        threads: if all > 1 { vec![1, all] } else { vec![1] },
        repeats: 3,
        seed: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().unwrap_or_else(|| panic!("{name} needs a value"));
        match arg.as_str() {
            "--scenario" => a.scenario = PathBuf::from(value(&arg)),
            "--residents-scale" => {
                a.scale = value(&arg)
                    .parse()
                    .expect("--residents-scale: a whole number")
            }
            "--replications" | "-r" => {
                a.replications = value(&arg).parse().expect("--replications: a number")
            }
            "--threads" => {
                a.threads = value(&arg)
                    .split(',')
                    .map(|t| match t {
                        "all" => all,
                        n => n
                            .parse()
                            .expect("--threads: numbers or `all`, comma-separated"),
                    })
                    .collect()
            }
            "--repeats" => a.repeats = value(&arg).parse().expect("--repeats: a number"),
            "--seed" => a.seed = Some(value(&arg).parse().expect("--seed: a number")),
            // cargo passes --bench to harness = false targets; libtest-style flags are ignored
            "--bench" | "--nocapture" | "--quiet" => {}
            "-h" | "--help" => {
                eprintln!(
                    "cargo bench --bench scenario_speed -- --scenario PATH [--residents-scale K] \
                     [--replications R] [--threads 1,2|all] [--repeats K] [--seed S]"
                );
                std::process::exit(0);
            }
            other if other.starts_with('-') => panic!("unknown option {other}"),
            _ => {}
        }
    }
    assert!(
        a.scale >= 1 && a.replications >= 1 && a.repeats >= 1 && !a.threads.is_empty(),
        "scale, replications, repeats and threads must be ≥ 1"
    );
    a
}

/// Multiply every count of people or places of `s` by `k` (see the module docs).
fn scale(s: &mut Scenario, k: u32) {
    if k == 1 {
        return;
    }
    for p in &mut s.profiles {
        p.initial.values_mut().for_each(|n| *n *= k);
        p.initial_misplaced.values_mut().for_each(|n| *n *= k);
        p.initial_waiting.iter_mut().for_each(|w| w.count *= k);
        if let Some(a) = &mut p.arrivals {
            a.per_month *= k as f64;
        }
    }
    for g in &mut s.programs {
        if let Units::Limited(n) = g.units {
            g.units = Units::Limited(n * k);
        }
        g.staff_fte *= k as f64;
        g.guards_fte *= k as f64;
        g.caretaker_fte *= k as f64;
    }
}

/// Every replication of the batch on `threads` threads, in replication order.
fn run(model: &Model, replications: u32, seed: u64, threads: usize) -> Vec<Replication> {
    let settings = RunSettings::new(replications, seed)
        .and_then(|s| s.with_threads(threads))
        .expect("run settings");
    Batch::new(vec![model], settings)
        .and_then(|b| b.run(|_, mut r| r.pop()))
        .expect("the batch runs")
        .records
        .into_iter()
        .flatten()
        .collect()
}

/// Mean and standard deviation of `xs`.
fn mean_sd(xs: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = xs.clone().count() as f64;
    let mean = xs.clone().sum::<f64>() / n;
    let var = xs.map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}

fn main() {
    let a = parse_args();
    let mut s = scenario::from_file(&a.scenario)
        .unwrap_or_else(|e| panic!("{}: {e}", a.scenario.display()));
    scale(&mut s, a.scale);
    let model = Model::new(&s).unwrap_or_else(|e| panic!("{}: {e}", a.scenario.display()));
    let seed = a.seed.unwrap_or(s.seed);
    let n = model.initial_residents();
    let t = model.horizon() as u64;
    let r = a.replications as u64;
    let resident_months = (n * t * r) as f64;
    eprintln!(
        "{} (scale {}): N = {n}, T = {t}, R = {r}, threads {:?}, {} timed repeats (+1 warm-up)",
        s.name, a.scale, a.threads, a.repeats
    );
    let mut secs = vec![Vec::with_capacity(a.repeats); a.threads.len()];
    let mut last: Vec<Vec<Replication>> = a
        .threads
        .iter()
        .map(|&k| black_box(run(&model, a.replications, seed, k)))
        .collect();
    for _ in 0..a.repeats {
        for (j, &k) in a.threads.iter().enumerate() {
            let start = Instant::now();
            last[j] = black_box(run(&model, a.replications, seed, k));
            secs[j].push(start.elapsed().as_secs_f64());
        }
    }
    for (j, &k) in a.threads.iter().enumerate() {
        secs[j].sort_by(f64::total_cmp);
        let (best, median) = (secs[j][0], secs[j][secs[j].len() / 2]);
        let reps = &last[j];
        let (cost, sd) = mean_sd(reps.iter().map(|x| x.ledger.total()));
        let (waiting, _) = mean_sd(
            reps.iter()
                .map(|x| x.final_waiting.iter().sum::<u32>() as f64),
        );
        let simulated = reps.iter().map(|x| x.resident_months).sum::<u64>() as f64;
        let ns = |secs: f64| secs * 1e9 / resident_months;
        eprintln!(
            "engine, {k} thread(s): {:.2} ms per replication, {:.3} ns/resident-month (median \
             {:.3}); mean total cost {cost:.0} (sd {sd:.0}), final waiting {waiting:.1}",
            best * 1e3 / r as f64,
            ns(best),
            ns(median)
        );
        println!(
            "{}",
            json!({
                "impl": "engine",
                "mode": "replicate",
                "scenario": a.scenario.display().to_string(),
                "name": s.name,
                "residents_scale": a.scale,
                "residents": n,
                "months": t,
                "replications": r,
                "repeats": a.repeats,
                "seed": seed,
                "threads": k,
                "ns_per_resident_month": ns(best),
                "ns_per_resident_month_median": ns(median),
                "ns_per_simulated_resident_month": best * 1e9 / simulated,
                "ms_per_replication": best * 1e3 / r as f64,
                "ms_per_replication_median": median * 1e3 / r as f64,
                "seconds_best": best,
                "seconds_median": median,
                "mean_total_cost": cost,
                "sd_total_cost": sd,
                "mean_final_waiting": waiting,
            })
        );
    }
}
