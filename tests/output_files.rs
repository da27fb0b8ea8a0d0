//! The CLI's output-file contract (README, "Output files"): `--out` and `--plot` write to what
//! is at the path instead of replacing it — a regular file atomically and keeping its
//! permissions, a symbolic link's target (the link kept), a FIFO or a device directly — new
//! files honour the umask, `-` is standard output, an input file is never an output, an
//! unwritable folder is refused before simulating, and an interrupted run leaves no temporary
//! file behind. Linux only (FIFOs, signals, /proc, device numbers).
#![cfg(target_os = "linux")]

use crate::common;

use common::{assert_exit, run_bin, stderr};
use std::ffi::OsStr;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::shipped as scenario;
use common::BIN;

/// A quick run (bergen-hf-14, 2 replications, JSON) writing to `out`.
fn quick_run(out: &Path) -> Output {
    run_bin([
        OsStr::new("run"),
        scenario("bergen-hf-14.json").as_os_str(),
        OsStr::new("-r"),
        OsStr::new("2"),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("--out"),
        out.as_os_str(),
    ])
}

/// The file names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn is_result_json(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.get("summary").is_some())
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).expect("metadata").mode() & 0o7777
}

fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo")
        .success();
    assert!(ok, "mkfifo {} failed", path.display());
}

/// Wait for `child` at most `limit`; kill it and fail if it takes longer.
fn wait_at_most(child: std::process::Child, limit: Duration, what: &str) -> Output {
    let pid = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(limit) {
        Ok(out) => out.expect("wait for housing-sim"),
        Err(_) => {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!("{what}: still running after {limit:?}");
        }
    }
}

/// A run long enough to be interrupted (bergen, one thread, many replications).
fn long_run(out: &Path) -> std::process::Child {
    Command::new(BIN)
        .arg("run")
        .arg(scenario("bergen.json"))
        .args(["-r", "1000000", "-t", "1", "--format", "json", "--out"])
        .arg(out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start housing-sim")
}

#[test]
fn a_regular_file_is_created_and_replaced_with_nothing_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("result.json");
    let out = quick_run(&out_path);
    assert_exit(&out, "run --out new file", 0);
    assert!(out.stdout.is_empty(), "--out also printed on stdout");
    assert!(is_result_json(&std::fs::read_to_string(&out_path).unwrap()));
    std::fs::write(&out_path, "old\n").unwrap();
    let out = quick_run(&out_path);
    assert_exit(&out, "run --out existing file", 0);
    assert!(is_result_json(&std::fs::read_to_string(&out_path).unwrap()));
    assert_eq!(listing(dir.path()), ["result.json"]);
}

#[test]
fn a_symlink_is_kept_and_its_target_written() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.json");
    std::fs::write(&target, "old content\n").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("target.json", &link).unwrap();
    let out = quick_run(&link);
    assert_exit(&out, "run --out symlink", 0);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a file"
    );
    assert!(
        is_result_json(&std::fs::read_to_string(&target).unwrap()),
        "the link's target was not written"
    );
    // A link to a file that does not exist yet: the file is created, the link kept.
    let dangling = dir.path().join("dangling.json");
    std::os::unix::fs::symlink("later.json", &dangling).unwrap();
    let out = quick_run(&dangling);
    assert_exit(&out, "run --out dangling symlink", 0);
    assert!(std::fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(is_result_json(
        &std::fs::read_to_string(dir.path().join("later.json")).unwrap()
    ));
    assert_eq!(
        listing(dir.path()),
        ["dangling.json", "later.json", "link.json", "target.json"]
    );
}

#[test]
fn a_fifo_is_written_to_its_reader() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    mkfifo(&fifo);
    let (tx, rx) = std::sync::mpsc::channel();
    let reader_path = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::read_to_string(&reader_path));
    });
    let out = quick_run(&fifo);
    assert_exit(&out, "run --out FIFO", 0);
    let read = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("the FIFO's reader got nothing (the FIFO was replaced?)")
        .expect("read the FIFO");
    assert!(is_result_json(&read), "the reader got: {read:.200}");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(listing(dir.path()), ["pipe"]);
}

#[test]
fn a_character_device_stays_a_device() {
    // A private copy of /dev/null first (when allowed, i.e. as root), so a binary that
    // replaces devices fails here without damaging the real one.
    let dir = tempfile::tempdir().unwrap();
    let private = dir.path().join("null");
    let made = Command::new("mknod")
        .arg(&private)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if made {
        let out = quick_run(&private);
        assert_exit(&out, "run --out private null device", 0);
        let m = std::fs::symlink_metadata(&private).unwrap();
        assert!(m.file_type().is_char_device(), "the device became {m:?}");
        assert_eq!(listing(dir.path()), ["null"]);
    }
    let out = quick_run(Path::new("/dev/null"));
    assert_exit(&out, "run --out /dev/null", 0);
    let m = std::fs::symlink_metadata("/dev/null").unwrap();
    assert!(m.file_type().is_char_device(), "/dev/null became {m:?}");
}

#[test]
fn an_existing_file_keeps_its_permissions() {
    let dir = tempfile::tempdir().unwrap();
    for wanted in [0o644, 0o640, 0o604] {
        let path = dir.path().join(format!("result-{wanted:o}.json"));
        std::fs::write(&path, "old\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(wanted)).unwrap();
        let out = quick_run(&path);
        assert_exit(&out, &format!("run --out existing {wanted:o} file"), 0);
        assert!(is_result_json(&std::fs::read_to_string(&path).unwrap()));
        assert_eq!(mode(&path), wanted, "mode of an existing {wanted:o} file");
    }
}

#[test]
fn a_read_only_file_is_refused_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.json");
    std::fs::write(&path, "keep me\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let ino = std::fs::metadata(&path).unwrap().ino();
    let out = quick_run(&path);
    assert_exit(&out, "run --out read-only file", 2);
    assert!(stderr(&out).contains("read-only"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me\n");
    assert_eq!(std::fs::metadata(&path).unwrap().ino(), ino);
    assert_eq!(listing(dir.path()), ["result.json"]);
}

#[test]
fn a_new_file_honours_the_umask() {
    let dir = tempfile::tempdir().unwrap();
    for (umask, wanted) in [("027", 0o640), ("022", 0o644), ("077", 0o600)] {
        let path = dir.path().join(format!("result-{umask}.json"));
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
            .arg(BIN)
            .arg("run")
            .arg(scenario("bergen-hf-14.json"))
            .args(["-r", "2", "--out"])
            .arg(&path)
            .output()
            .expect("run sh");
        assert_exit(&out, &format!("run --out with umask {umask}"), 0);
        assert_eq!(
            mode(&path),
            wanted,
            "mode of a new file under umask {umask}"
        );
    }
}

#[test]
fn dash_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    // /dev/stdout on a pipe (a link to `pipe:[…]`, not a path) is written directly too.
    for target in ["-", "/dev/stdout"] {
        let out = Command::new(BIN)
            .current_dir(dir.path())
            .arg("run")
            .arg(scenario("bergen-hf-14.json"))
            .args(["-r", "2", "--format", "json", "--out", target])
            .output()
            .expect("start housing-sim");
        assert_exit(&out, &format!("run --out {target}"), 0);
        assert!(is_result_json(&String::from_utf8_lossy(&out.stdout)));
        assert!(listing(dir.path()).is_empty(), "{:?}", listing(dir.path()));
    }
}

#[test]
fn an_input_file_is_never_an_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("scenario.json");
    std::fs::copy(scenario("bergen-hf-14.json"), &input).unwrap();
    let other = dir.path().join("other.json");
    std::fs::copy(scenario("bergen-hf-18.json"), &other).unwrap();
    let original = std::fs::read(&input).unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("scenario.json", &link).unwrap();
    let hard = dir.path().join("hard.json");
    std::fs::hard_link(&input, &hard).unwrap();
    let dotted = dir.path().join(".").join("scenario.json");
    let i = input.to_str().unwrap();
    let o = other.to_str().unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["run", i, "-r", "2", "--out", i],
        vec!["run", i, "-r", "2", "--out", link.to_str().unwrap()],
        vec!["run", i, "-r", "2", "--out", hard.to_str().unwrap()],
        vec!["run", i, "-r", "2", "--out", dotted.to_str().unwrap()],
        vec!["compare", o, i, "-r", "2", "--out", i],
        vec![
            "sweep-staffing",
            i,
            "--program",
            "housing_first_team",
            "--fte",
            "1,2",
            "-r",
            "2",
            "--plot",
            i,
        ],
        vec!["break-even", i, "-r", "2", "--plot", i],
    ];
    for args in cases {
        let out = run_bin(&args);
        assert_exit(&out, &format!("{args:?}"), 2);
        assert!(
            stderr(&out).contains("input file"),
            "{args:?}: {}",
            stderr(&out)
        );
        assert_eq!(
            std::fs::read(&input).unwrap(),
            original,
            "{args:?} changed the input"
        );
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }
    // --plot and --out on one (new) file.
    let same = dir.path().join("both.svg");
    let s = same.to_str().unwrap();
    let args = [
        "sweep-staffing",
        i,
        "--program",
        "housing_first_team",
        "--fte",
        "1,2",
        "-r",
        "2",
    ];
    let out = run_bin(args.iter().chain(&["--plot", s, "--out", s]));
    assert_exit(&out, "--plot and --out on one file", 2);
    assert!(stderr(&out).contains("same file"), "{}", stderr(&out));
    assert!(!same.exists());
    assert_eq!(
        listing(dir.path()),
        ["hard.json", "link.json", "other.json", "scenario.json"]
    );
}

/// A folder where files cannot be created: a read-only folder, or (as root, who may write
/// there anyway) /proc.
fn unwritable_folder(dir: &Path) -> PathBuf {
    let ro = dir.join("read-only");
    std::fs::create_dir(&ro).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    if std::fs::write(ro.join("probe"), "").is_ok() {
        return PathBuf::from("/proc");
    }
    ro
}

#[test]
fn an_unwritable_folder_is_refused_before_simulating() {
    let dir = tempfile::tempdir().unwrap();
    let folder = unwritable_folder(dir.path());
    let started = Instant::now();
    let child = long_run(&folder.join("housing-sim-result.json"));
    let out = wait_at_most(
        child,
        Duration::from_secs(20),
        "run into an unwritable folder",
    );
    assert_exit(&out, "run into an unwritable folder", 2);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "refused only after {:?}",
        started.elapsed()
    );
    assert!(stderr(&out).contains("cannot create"), "{}", stderr(&out));
}

/// Start a long run into `dir/result.json`, wait until its temporary file exists, send
/// `signal`, and return how it ended.
fn interrupt(dir: &Path, signal: &str) -> Output {
    let child = long_run(&dir.join("result.json"));
    let pid = child.id();
    // The temporary file is made before the simulation starts; give up waiting for it after
    // a while and interrupt anyway.
    let deadline = Instant::now() + Duration::from_secs(5);
    while !listing(dir).iter().any(|n| n.ends_with(".tmp")) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(sent.success());
    wait_at_most(child, Duration::from_secs(20), signal)
}

#[test]
fn an_interrupted_run_leaves_no_temporary_file() {
    for (signal, code) in [("TERM", 143), ("INT", 130)] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("result.json"), "earlier result\n").unwrap();
        let out = interrupt(dir.path(), signal);
        assert_exit(&out, &format!("SIG{signal}"), code);
        assert_eq!(listing(dir.path()), ["result.json"], "after SIG{signal}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("result.json")).unwrap(),
            "earlier result\n"
        );
    }
}

#[test]
fn the_file_size_limit_removes_the_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("result.json");
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 1; exec \"$0\" \"$@\"")
        .arg(BIN)
        .arg("run")
        .arg(scenario("bergen-hf-14.json"))
        .args(["-r", "2", "--format", "json", "--out"])
        .arg(&path)
        .output()
        .expect("run sh");
    assert_exit(&out, "run under ulimit -f 1", 1);
    assert!(stderr(&out).contains("file size limit"), "{}", stderr(&out));
    assert!(listing(dir.path()).is_empty(), "{:?}", listing(dir.path()));
}
