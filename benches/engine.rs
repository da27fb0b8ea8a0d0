//! Benchmarks: the W1 reference workload (docs/benchmarks.md, W1) single-threaded and on all
//! cores, the Bergen scenario with busy waiting lists, the Housing First break-even curve, a
//! staffing sweep, and parsing plus validation of a scenario. Throughput is reported
//! per resident-month: divide the time per iteration by the element count to get
//! nanoseconds per resident-month (W1 counts N × T = 9,999 × 120 per replication, exited
//! residents included, as docs/benchmarks.md (W1) defines it).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use housing_sim::engine::{self, Workspace};
use housing_sim::model::Model;
use housing_sim::scenario;
use housing_sim::{Batch, RunSettings};
use std::path::Path;

fn load(name: &str) -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    let s = scenario::from_file(&path).expect("shipped scenario");
    Model::new(&s).expect("valid shipped scenario")
}

/// One replication after another on the current thread, each with its own stream.
fn one_replication(b: &mut criterion::Bencher, model: &Model) {
    let mut ws = Workspace::new(model);
    let mut i = 0;
    b.iter(|| {
        let mut rng = engine::replication_rng(1, i);
        i += 1;
        engine::simulate(model, &mut ws, &mut rng, &mut ())
    })
}

fn w1(c: &mut Criterion) {
    let model = load("reference-w1.json");
    let resident_months = model.initial_residents() * model.horizon() as u64;
    let mut group = c.benchmark_group("w1");
    group.sample_size(10);

    group.throughput(Throughput::Elements(resident_months));
    group.bench_function("one_replication_single_thread", |b| {
        one_replication(b, &model)
    });

    let reps = 16u32;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    group.throughput(Throughput::Elements(resident_months * reps as u64));
    for t in [1, threads] {
        group.bench_with_input(
            BenchmarkId::new("16_replications_threads", t),
            &t,
            |b, &t| {
                b.iter(|| {
                    let settings = RunSettings::new(reps, 1)
                        .and_then(|s| s.with_threads(t))
                        .expect("settings");
                    Batch::new(vec![&model], settings)
                        .and_then(|b| b.run(|_, mut r| r.pop()))
                        .expect("thread pool")
                })
            },
        );
    }
    group.finish();
}

fn bergen(c: &mut Criterion) {
    let model = load("bergen.json");
    let mut group = c.benchmark_group("bergen");
    group.sample_size(20);
    group.bench_function("one_replication", |b| one_replication(b, &model));
    group.finish();
}

fn analyses(c: &mut Criterion) {
    use housing_sim::analysis::break_even::{self, Overrides};
    use housing_sim::analysis::sweep::{staffing_sweep, Levels};
    let mut group = c.benchmark_group("analyses");
    group.sample_size(10);
    let given = Overrides {
        team_fte: Some(6.0),
        max_participants: Some(60),
        replications: Some(1000),
        months: Some(24),
        ..Overrides::default()
    };
    let setup = break_even::resolve(None, &given).expect("valid inputs");
    group.bench_function("break_even_curve_60_places_1000_replications", |b| {
        b.iter(|| break_even::analyse(&setup, &()).expect("break-even"))
    });
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bergen.json");
    let s = scenario::from_file(&path).expect("shipped scenario");
    let settings = RunSettings::new(50, 1).expect("settings");
    let levels = Levels::StaffPerResident(vec![0.25, 0.5, 1.0, 1.5]);
    group.bench_function("bergen_staffing_sweep_4_levels_50_replications", |b| {
        b.iter(|| staffing_sweep(&s, "specialised_24_7", &levels, &settings).expect("sweep"))
    });
    group.finish();
}

fn parsing(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bergen.json");
    let text = std::fs::read_to_string(&path).expect("shipped scenario");
    c.bench_function("parse_and_validate_bergen", |b| {
        b.iter(|| {
            let s = scenario::from_json_str(&text, "bergen.json").expect("valid");
            Model::new(&s).expect("valid")
        })
    });
}

criterion_group!(benches, w1, bergen, analyses, parsing);
criterion_main!(benches);
