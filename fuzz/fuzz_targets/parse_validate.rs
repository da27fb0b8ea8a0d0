//! Fuzz target `parse_validate`: the code path is shared with the regression test
//! (tests/fuzz_regressions/harness.rs), so a saved crash replays identically there.
#![no_main]

#[path = "../../tests/fuzz_regressions/harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::parse_validate(data));
