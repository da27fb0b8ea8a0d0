//! PSA speed and memory: Bergen, two strategies (bergen.json, bergen-hf-expansion.json) ×
//! S samples × R inner replications on T threads, the figure issue 11 asks for, printed as
//! one JSON line on stdout (a readable line on stderr).
//!
//! ```text
//! cargo bench --bench psa -- [--samples 1000] [--replications 100] [--threads 2]
//!     [--first scenarios/bergen.json] [--second scenarios/bergen-hf-expansion.json]
//! ```
//!
//! Timed: the whole `analysis::psa::psa` call (drawing the parameters, building two models per
//! sample, the two-level simulation and every summary, EVPPI included), once, after loading the
//! files. Memory: the process's peak resident set (`VmHWM` of /proc/self/status, Linux), so
//! running it at two sample counts shows what grows with the samples (only the per-sample
//! rows: a few hundred bytes per sample and strategy).

use housing_sim::analysis::psa::{self, Effect, PsaOptions};
use housing_sim::run::RunSettings;
use housing_sim::scenario::Scenario;
use std::path::Path;
use std::time::Instant;

fn arg<T: std::str::FromStr>(name: &str, default: T) -> T {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let samples: u64 = arg("--samples", 1000);
    let replications: u32 = arg("--replications", 100);
    let threads: usize = arg("--threads", 2);
    let first: String = arg("--first", "scenarios/bergen.json".to_owned());
    let second: String = arg("--second", "scenarios/bergen-hf-expansion.json".to_owned());
    let scenarios = [
        Scenario::from_path(Path::new(&first))?,
        Scenario::from_path(Path::new(&second))?,
    ];
    let options = PsaOptions {
        samples,
        effect: Effect::StableHousingDays,
        wtp: psa::wtp_grid(2_000.0, 50.0)?,
    };
    let settings = RunSettings::new(replications, scenarios[0].seed)?.with_threads(threads)?;
    let start = Instant::now();
    let result = psa::psa(&scenarios, &options, settings, &())?;
    let seconds = start.elapsed().as_secs_f64();
    let pairs = samples as f64 * replications as f64;
    let rss = peak_rss_kib();
    println!(
        "{{\"bench\":\"psa\",\"first\":{first:?},\"second\":{second:?},\"samples\":{samples},\
         \"replications\":{replications},\"threads\":{threads},\"seconds\":{seconds:.3},\
         \"ms_per_sample_replication\":{:.4},\"peak_rss_kib\":{}}}",
        1e3 * seconds / pairs,
        rss.map_or("null".to_owned(), |r| r.to_string())
    );
    eprintln!(
        "PSA of {first} vs {second}: {samples} samples × {replications} replications on \
         {threads} threads in {seconds:.1} s ({:.3} ms per sample-replication of both \
         strategies), peak RSS {} MiB; EVPI at 2,000 NOK/day {:.0} NOK",
        1e3 * seconds / pairs,
        rss.map_or("?".to_owned(), |r| (r / 1024).to_string()),
        result.evpi.last().map_or(0.0, |p| p.evpi)
    );
    Ok(())
}
