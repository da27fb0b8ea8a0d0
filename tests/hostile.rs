//! Hostile inputs and environments (issue 14, items 3, 5 and 7): streams and FIFOs as scenario
//! files, unwritable or closed standard streams, a byte order mark, control characters, bad
//! and repeated flags, huge numbers and huge lists of issues. Linux only (/dev/full, /proc).
#![cfg(target_os = "linux")]

use crate::common;

use common::{assert_exit, run_bin, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::shipped as scenario;
use common::BIN;

fn base() -> Value {
    let text = std::fs::read_to_string(scenario("bergen-hf-14.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// `doc` written to a file in `dir`.
fn write(dir: &Path, name: &str, doc: &Value) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(doc).unwrap()).unwrap();
    path
}

/// Run with a time limit; kill and fail when it is exceeded. Returns the output and how long
/// it took.
fn run_within(mut cmd: Command, limit: Duration, what: &str) -> (Output, Duration) {
    let started = Instant::now();
    let child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start housing-sim");
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(out) => (out.expect("wait"), started.elapsed()),
        Err(_) => {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!("{what}: still running after {limit:?}");
        }
    }
}

fn no_escape_byte(out: &Output, what: &str) {
    assert!(
        !out.stderr.contains(&0x1b) && !out.stdout.contains(&0x1b),
        "{what}: a raw ESC reached the terminal: {}",
        stderr(out)
    );
}

// ---------------------------------------------------------------------------------------------
// Item 3: streams as input
// ---------------------------------------------------------------------------------------------

#[test]
fn dev_zero_is_refused_at_once() {
    let mut cmd = Command::new(BIN);
    cmd.args(["validate", "/dev/zero"]);
    let (out, took) = run_within(cmd, Duration::from_secs(10), "validate /dev/zero");
    assert_exit(&out, "validate /dev/zero", 2);
    assert!(took < Duration::from_secs(2), "took {took:?}");
    let err = stderr(&out);
    assert!(
        err.contains("/dev/zero") && err.contains("not a regular file"),
        "{err}"
    );
}

#[test]
fn a_fifo_without_writer_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("scenario.json");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for cmd_name in ["validate", "run"] {
        let mut cmd = Command::new(BIN);
        cmd.arg(cmd_name).arg(&fifo);
        let what = format!("{cmd_name} FIFO");
        let (out, took) = run_within(cmd, Duration::from_secs(10), &what);
        assert_exit(&out, &what, 2);
        assert!(took < Duration::from_secs(2), "{what}: took {took:?}");
        let err = stderr(&out);
        assert!(
            err.contains("scenario.json") && err.contains("FIFO"),
            "{err}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Item 5: standard streams that cannot be written
// ---------------------------------------------------------------------------------------------

fn dev_full() -> std::fs::File {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("open /dev/full")
}

#[test]
fn an_unwritable_stderr_keeps_the_exit_code() {
    let cases: [(&[&str], i32); 3] = [
        (&["validate", "no-such-file.json"], 2),
        (&["run", "--no-such-flag"], 2),
        (&["run", "no-such-file.json", "--seed", "-1"], 2),
    ];
    for (args, code) in cases {
        let out = Command::new(BIN)
            .args(args)
            .stderr(dev_full())
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?} with 2>/dev/full");
    }
}

#[test]
fn a_full_stdout_is_exit_1_without_panic() {
    for args in [
        &["schema"][..],
        &["validate", scenario("bergen-hf-14.json").to_str().unwrap()][..],
        &[
            "run",
            scenario("bergen-hf-14.json").to_str().unwrap(),
            "-r",
            "2",
        ][..],
    ] {
        let out = Command::new(BIN)
            .args(args)
            .stdout(dev_full())
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap();
        assert_exit(&out, &format!("{args:?} >/dev/full"), 1);
        // And with standard error full too: still 1, and no panic (101).
        let out = Command::new(BIN)
            .args(args)
            .stdout(dev_full())
            .stderr(dev_full())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{args:?} >/dev/full 2>/dev/full"
        );
    }
}

#[test]
fn a_closed_stdout_is_exit_1() {
    for args in ["schema", "--help", "--version"] {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("exec \"$0\" {args} >&-"))
            .arg(BIN)
            .output()
            .unwrap();
        assert_exit(&out, &format!("{args} >&-"), 1);
        assert!(
            stderr(&out).contains("standard output") || args != "schema",
            "{}",
            stderr(&out)
        );
    }
    // Output to /dev/null on purpose is fine.
    let out = Command::new("sh")
        .arg("-c")
        .arg("exec \"$0\" schema >/dev/null")
        .arg(BIN)
        .output()
        .unwrap();
    assert_exit(&out, "schema >/dev/null", 0);
}

// ---------------------------------------------------------------------------------------------
// Item 7: small ones
// ---------------------------------------------------------------------------------------------

#[test]
fn a_byte_order_mark_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.json");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(scenario("bergen-hf-14.json")).unwrap());
    std::fs::write(&path, bytes).unwrap();
    for cmd in ["validate", "run"] {
        let out = run_bin([cmd, path.to_str().unwrap()]);
        assert_exit(&out, &format!("{cmd} with BOM"), 2);
        let err = stderr(&out);
        assert!(
            err.contains("bom.json") && err.contains("byte order mark (BOM"),
            "{err}"
        );
    }
}

#[test]
fn control_characters_are_rejected_in_ids_and_escaped_in_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = base();
    doc["programs"][1]["id"] = Value::from("hosp\u{1b}[2Jits");
    let path = write(dir.path(), "id.json", &doc);
    let out = run_bin(["validate", path.to_str().unwrap()]);
    assert_exit(&out, "ESC in a program id", 2);
    let err = stderr(&out);
    assert!(
        err.contains("programs[1].id") && err.contains("control characters"),
        "{err}"
    );
    no_escape_byte(&out, "ESC in a program id");

    let mut doc = base();
    doc["name"] = Value::from("Bergen\u{1b}]0;owned\u{7}\r");
    let path = write(dir.path(), "name.json", &doc);
    let p = path.to_str().unwrap();
    for args in [
        vec!["validate", p],
        vec!["run", p, "-r", "2"],
        vec!["compare", p, p, "-r", "2"],
        vec!["break-even", p, "-r", "2", "--max-participants", "3"],
        vec![
            "sweep-staffing",
            p,
            "--program",
            "housing_first_team",
            "--fte",
            "1",
            "-r",
            "2",
        ],
    ] {
        let out = run_bin(&args);
        assert_exit(&out, &format!("{args:?}"), 0);
        no_escape_byte(&out, &format!("{args:?}"));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("Bergen\\u{1b}") && !text.contains('\r'),
            "{text}"
        );
    }
    // What the user types is escaped in clap's messages too.
    let out = run_bin(["run", "--format", "\u{1b}[31mred"]);
    assert_exit(&out, "ESC in a flag value", 2);
    no_escape_byte(&out, "ESC in a flag value");
}

#[test]
fn a_negative_or_too_large_seed_names_the_flag() {
    let file = scenario("bergen-hf-14.json");
    for seed in ["-1", "18446744073709551616", "1.5", "x"] {
        let out = run_bin(["run", file.to_str().unwrap(), "--seed", seed]);
        assert_exit(&out, &format!("--seed {seed}"), 2);
        let err = stderr(&out);
        assert!(
            err.contains("--seed") && err.contains("0 to 18446744073709551615"),
            "--seed {seed}: {err}"
        );
    }
    let out = run_bin([
        "run",
        file.to_str().unwrap(),
        "--seed",
        "18446744073709551615",
        "-r",
        "2",
    ]);
    assert_exit(&out, "--seed u64::MAX", 0);
}

#[test]
fn repeated_list_flags_are_rejected() {
    let file = scenario("bergen-hf-14.json");
    let f = file.to_str().unwrap();
    for flag in ["--ratios", "--fte"] {
        let out = run_bin([
            "sweep-staffing",
            f,
            "--program",
            "housing_first_team",
            flag,
            "1",
            flag,
            "2",
            "-r",
            "2",
        ]);
        assert_exit(&out, &format!("{flag} twice"), 2);
        let err = stderr(&out);
        assert!(
            err.contains(flag) && err.contains("cannot be used multiple times"),
            "{err}"
        );
    }
    // Several values in one flag are still fine.
    let out = run_bin([
        "sweep-staffing",
        f,
        "--program",
        "housing_first_team",
        "--fte",
        "1,2",
        "-r",
        "2",
    ]);
    assert_exit(&out, "--fte 1,2", 0);
}

#[test]
fn huge_numbers_are_printed_short() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = base();
    doc["costs"]["fte_cost_per_year_nok"] = Value::from(1e300);
    doc["costs"]["discount_rate_per_year"] = Value::from(-1e-300);
    let path = write(dir.path(), "huge.json", &doc);
    let out = run_bin(["validate", path.to_str().unwrap()]);
    assert_exit(&out, "1e300 in a cost", 2);
    let err = stderr(&out);
    assert!(
        err.contains("found 1e300") && err.contains("found -1e-300"),
        "{err}"
    );
    assert!(err.len() < 1000, "{} bytes of error: {err}", err.len());
    // The same for the analyses' own inputs.
    let out = run_bin(["break-even", "--team-fte", "1e300"]);
    assert_exit(&out, "--team-fte 1e300", 2);
    let err = stderr(&out);
    assert!(
        err.contains("--team-fte") && err.contains("found 1e300"),
        "{err}"
    );
    let out = run_bin([
        "sweep-staffing",
        scenario("bergen-hf-14.json").to_str().unwrap(),
        "--program",
        "housing_first_team",
        "--ratios",
        "1e300",
    ]);
    assert_exit(&out, "--ratios 1e300", 2);
    let err = stderr(&out);
    assert!(err.contains("1e300 is not a staffing level"), "{err}");
    assert!(err.len() < 1000, "{err}");
}

#[test]
fn a_long_list_of_issues_is_capped() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = base();
    let sources: serde_json::Map<String, Value> = (0..20_000)
        .map(|i| {
            (
                format!("no_such_field_{i}"),
                Value::from("assumption: test"),
            )
        })
        .collect();
    doc["sources"] = Value::Object(sources);
    let path = write(dir.path(), "sources.json", &doc);
    let out = run_bin(["validate", path.to_str().unwrap()]);
    assert_exit(&out, "20,000 bad sources keys", 2);
    let err = stderr(&out);
    assert!(err.contains("… and 19950 more issues"), "{:.3000}", err);
    assert!(err.lines().count() <= 53, "{} lines", err.lines().count());
}

/// Valid inputs that together need too much memory are refused before the simulation starts
/// (issue 14, item 4), naming the estimate and the flag that overrides the budget.
#[test]
fn runs_that_would_not_fit_in_memory_are_refused_up_front() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = base();
    let hospits = doc["programs"][1].clone();
    let mut programs = vec![doc["programs"][0].clone(), hospits];
    for i in 0..9_990 {
        programs.push(serde_json::json!({
            "id": format!("extra_{i}"), "category": "congregate", "units": 1
        }));
    }
    doc["programs"] = Value::Array(programs);
    let wide = write(dir.path(), "wide.json", &doc);
    let wide = wide.to_str().unwrap();
    for args in [
        vec!["run", wide, "-r", "1000000"],
        vec!["compare", wide, wide, "-r", "1000000"],
    ] {
        let mut cmd = Command::new(BIN);
        cmd.args(&args);
        let (out, took) = run_within(cmd, Duration::from_secs(20), &args.join(" "));
        assert_exit(&out, &args.join(" "), 2);
        let err = stderr(&out);
        assert!(
            err.contains("--replications") && err.contains("GiB"),
            "{err}"
        );
        assert!(err.contains("--memory-budget-gib"), "{err}");
        assert!(took < Duration::from_secs(10), "{took:?}");
    }
    // With a budget that fits, the same file runs.
    let out = run_bin(["run", wide, "-r", "2", "--memory-budget-gib", "0.01"]);
    assert_exit(&out, "small run", 0);
    let out = run_bin(["run", wide, "-r", "2", "--memory-budget-gib", "0"]);
    assert_exit(&out, "zero budget", 2);
}

/// When no worker thread can be started (`prlimit --nproc=1` for an unprivileged user), the run
/// fails with exit 1 and a message instead of rayon's panic (issue 14, item 5).
#[test]
fn no_threads_is_exit_1_with_a_message() {
    use std::os::unix::fs::PermissionsExt;
    let have = |tool: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("prlimit") || !have("setpriv") {
        eprintln!("skipped: prlimit or setpriv missing");
        return;
    }
    // A copy everyone can run, outside folders an unprivileged user may not enter.
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = dir.path().join("housing-sim");
    std::fs::copy(BIN, &bin).unwrap();
    let file = dir.path().join("hf14.json");
    std::fs::copy(scenario("bergen-hf-14.json"), &file).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let mut cmd = Command::new(if root { "setpriv" } else { "prlimit" });
    if root {
        cmd.args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "prlimit",
        ]);
    }
    cmd.arg("--nproc=1")
        .arg(&bin)
        .arg("run")
        .arg(&file)
        .args(["-r", "3"]);
    let (out, _) = run_within(cmd, Duration::from_secs(20), "run without threads");
    if out.status.success() {
        eprintln!("skipped: the process limit did not apply here");
        return;
    }
    assert_exit(&out, "run without threads", 1);
    let err = stderr(&out);
    assert!(err.contains("worker threads"), "{err}");
}
