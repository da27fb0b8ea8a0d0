//! Fuzz regressions: every file under tests/fuzz_regressions/<target>/ is run through the same
//! code path as the fuzz target of that name (harness.rs, shared with fuzz/fuzz_targets/), and
//! must not panic. Hand-made hostile inputs go through both paths too. See README, "Fuzzing".

#[path = "fuzz_regressions/harness.rs"]
mod harness;

use serde_json::{json, Value};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// Saved inputs that still crash: a known bug, tested on its own (ignored) below.
const KNOWN_CRASHES: &[&str] = &[];

fn dir(target: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target)
}

fn inputs(target: &str) -> Vec<PathBuf> {
    // Git keeps no empty folders: no folder means no saved inputs yet.
    let Ok(entries) = std::fs::read_dir(dir(target)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Run `f` on `data`; the panic message when it panics.
fn panics(f: fn(&[u8]), data: &[u8]) -> Option<String> {
    catch_unwind(AssertUnwindSafe(|| f(data))).err().map(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "(no message)".into())
    })
}

fn check_dir(target: &str, f: fn(&[u8])) {
    let mut failures = Vec::new();
    for path in inputs(target) {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with('.') || KNOWN_CRASHES.contains(&name.as_str()) {
            continue;
        }
        if let Some(msg) = panics(f, &std::fs::read(&path).unwrap()) {
            failures.push(format!("{}: {msg}", path.display()));
        }
    }
    assert!(failures.is_empty(), "panics:\n{}", failures.join("\n"));
}

#[test]
fn parse_validate_regressions() {
    check_dir("parse_validate", harness::parse_validate);
}

#[test]
fn validate_simulate_regressions() {
    check_dir("validate_simulate", harness::validate_simulate);
}

fn shipped(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Set the value at a JSON pointer (which must exist) in a copy of `doc`.
fn with(doc: &Value, pointer: &str, value: Value) -> Vec<u8> {
    let mut doc = doc.clone();
    *doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the scenario")) = value;
    serde_json::to_vec(&doc).unwrap()
}

/// Hand-made hostile inputs: none may panic either target.
fn hostile() -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |name: &str, data: Vec<u8>| v.push((name.to_owned(), data));
    add("empty input", Vec::new());
    add("empty object", b"{}".to_vec());
    add("null", b"null".to_vec());
    add("not UTF-8", vec![0xff, 0xfe, 0x00, 0x7b]);
    add("deep array nesting", {
        let mut s = "[".repeat(10_000);
        s.push_str(&"]".repeat(10_000));
        s.into_bytes()
    });
    add("deep object nesting", {
        let mut s = r#"{"a":"#.repeat(10_000);
        s.push('1');
        s.push_str(&"}".repeat(10_000));
        s.into_bytes()
    });
    add("unclosed deep nesting", "[{".repeat(5_000).into_bytes());
    let base = shipped("alta.json");
    let text = serde_json::to_string(&base).unwrap();
    add("BOM before a valid scenario", {
        let mut b = vec![0xef, 0xbb, 0xbf];
        b.extend_from_slice(text.as_bytes());
        b
    });
    add("trailing garbage", format!("{text} {{").into_bytes());
    add("NUL inside", format!("{text}\0").into_bytes());
    for s in [
        "NaN",
        "\"NaN\"",
        "Infinity",
        "-Infinity",
        "1e309",
        "-1e309",
        "1e308",
        "-0",
    ] {
        let raw = text.replacen(
            "\"horizon_months\":",
            &format!("\"horizon_months\":{s},\"x\":"),
            1,
        );
        add(&format!("horizon {s}"), raw.into_bytes());
    }
    for (name, value) in [
        ("huge", json!(1e308)),
        ("negative", json!(-1e308)),
        ("tiny", json!(5e-324)),
        ("u64 max", json!(u64::MAX)),
        ("string NaN", json!("NaN")),
        ("zero", json!(0)),
    ] {
        add(
            &format!("{name} rate (fte cost)"),
            with(&base, "/costs/fte_cost_per_year_nok", value.clone()),
        );
        add(
            &format!("{name} arrivals per month"),
            with(&base, "/profiles/0/arrivals/per_month", value.clone()),
        );
        add(
            &format!("{name} horizon"),
            with(&base, "/horizon_months", value.clone()),
        );
        add(
            &format!("{name} replications"),
            with(&base, "/replications", value.clone()),
        );
        add(
            &format!("{name} repair cost"),
            with(&base, "/costs/repair/aggressive_max_nok", value.clone()),
        );
        add(
            &format!("{name} units"),
            with(&base, "/programs/0/units", value.clone()),
        );
        add(
            &format!("{name} staff"),
            with(&base, "/programs/0/staff_fte", value.clone()),
        );
        add(&format!("{name} seed"), with(&base, "/seed", value.clone()));
    }
    add(
        "u32 max initial count",
        with(&base, "/profiles/0/initial/congregate", json!(u32::MAX)),
    );
    add("no profiles", with(&base, "/profiles", json!([])));
    add("no programs", with(&base, "/programs", json!([])));
    add("empty name", with(&base, "/name", json!("")));
    add(
        "control characters in the name",
        with(&base, "/name", json!("a\u{0}\u{1b}[31m\u{7f}")),
    );
    add(
        "huge string",
        with(&base, "/description", json!("x".repeat(1 << 20))),
    );
    v
}

#[test]
fn hostile_inputs_do_not_panic() {
    let mut failures = Vec::new();
    for (name, data) in hostile() {
        for (target, f) in [
            ("parse_validate", harness::parse_validate as fn(&[u8])),
            ("validate_simulate", harness::validate_simulate),
        ] {
            if let Some(msg) = panics(f, &data) {
                failures.push(format!("{target} / {name}: {msg}"));
            }
        }
    }
    assert!(failures.is_empty(), "panics:\n{}", failures.join("\n"));
}
