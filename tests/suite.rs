//! Every integration test in one binary: one link of the crate instead of one per file, which
//! is most of the test suite's build time. Each file under `tests/` is a module here;
//! `every_test_file_is_in_the_suite` fails if one is added without being listed.

mod common;

#[path = "analyses.rs"]
mod analyses;
#[path = "api.rs"]
mod api;
#[path = "bench_scenarios.rs"]
mod bench_scenarios;
#[path = "calibration.rs"]
mod calibration;
#[path = "cli_errors.rs"]
mod cli_errors;
#[path = "cli_run.rs"]
mod cli_run;
#[path = "compare.rs"]
mod compare;
#[path = "costs.rs"]
mod costs;
#[path = "distribution.rs"]
mod distribution;
#[path = "exact.rs"]
mod exact;
#[path = "fidelity.rs"]
mod fidelity;
#[path = "friendly_errors.rs"]
mod friendly_errors;
#[path = "fuzz_regressions.rs"]
mod fuzz_regressions;
#[path = "hostile.rs"]
mod hostile;
#[path = "invariants.rs"]
mod invariants;
#[path = "mutations.rs"]
mod mutations;
#[path = "output_files.rs"]
mod output_files;
#[path = "plan.rs"]
mod plan;
#[path = "program_dynamics.rs"]
mod program_dynamics;
#[path = "psa.rs"]
mod psa;
#[path = "readme.rs"]
mod readme;
#[path = "retention.rs"]
mod retention;
#[path = "samplers.rs"]
mod samplers;
#[path = "scenarios.rs"]
mod scenarios;
#[path = "schema.rs"]
mod schema;
#[path = "shards.rs"]
mod shards;
#[path = "spelling.rs"]
mod spelling;
#[path = "spreadsheets.rs"]
mod spreadsheets;
#[path = "validation.rs"]
mod validation;
#[path = "value_stability.rs"]
mod value_stability;
#[path = "warnings.rs"]
mod warnings;

/// A test file not listed above would silently never run (`autotests = false`).
#[test]
fn every_test_file_is_in_the_suite() {
    let listed = include_str!("suite.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".rs") && name != "suite.rs" {
            let module = format!("#[path = \"{name}\"]");
            assert!(
                listed.contains(&module),
                "tests/{name} is not a module of tests/suite.rs"
            );
        }
    }
}
