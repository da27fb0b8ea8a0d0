//! Sharded runs (`--shard K/N`) and `merge`: N parts merged give exactly the unsharded
//! command's output, in every format and with its side files; parts that do not belong
//! together are refused with exit 2, naming the part.

use crate::common;

use common::{run_bin, stderr, BIN};
use std::path::{Path, PathBuf};

/// A side file a command writes: its flag and the file name (or folder, for `--plot-dir`).
type Side = (&'static str, &'static str);

/// The six commands that shard, each small enough for a quick test, with their side files.
fn commands() -> Vec<(Vec<&'static str>, Vec<Side>)> {
    let staffed = "tests/data/psa/staffed.json";
    let rented = "tests/data/psa/rented.json";
    vec![
        (
            vec![
                "run",
                "scenarios/drammen-hf.json",
                "-r",
                "14",
                "--seed",
                "5",
            ],
            vec![],
        ),
        (vec!["compare", staffed, rented, "-r", "14"], vec![]),
        (
            vec![
                "sweep-staffing",
                "scenarios/drammen-hf.json",
                "--program",
                "housing_first_team",
                "--fte",
                "3,5.5",
                "-r",
                "14",
            ],
            vec![("--plot", "sweep.svg")],
        ),
        (
            vec![
                "break-even",
                "scenarios/bergen-hf-14.json",
                "-r",
                "14",
                "--max-participants",
                "20",
                "--monthly-leaving-probability",
                "0.03",
            ],
            vec![("--plot", "curve.svg")],
        ),
        (
            vec![
                "psa",
                staffed,
                rented,
                "--samples",
                "14",
                "--replications",
                "2",
            ],
            vec![("--samples-out", "samples.csv"), ("--plot-dir", "charts")],
        ),
        (
            vec!["dsa", staffed, rented, "-r", "14"],
            vec![("--plot", "tornado.svg")],
        ),
    ]
}

/// Run the binary; panic with its standard error unless it succeeds.
fn ok<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Vec<u8> {
    let out = run_bin(args);
    assert!(
        out.status.success(),
        "{:?}: {}",
        args.iter().map(|a| a.as_ref()).collect::<Vec<_>>(),
        stderr(&out)
    );
    out.stdout
}

/// The wall time is the one figure that differs between identical runs (the merge reports
/// the shards' summed time): the JSON key and the CSV row `elapsed_seconds`.
fn without_elapsed(text: &[u8]) -> String {
    String::from_utf8_lossy(text)
        .lines()
        .filter(|l| !l.trim_start().starts_with("\"elapsed_seconds\":"))
        .filter(|l| !l.contains(",elapsed_seconds,"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn args_with(base: &[&str], extra: &[String]) -> Vec<String> {
    base.iter()
        .map(|s| s.to_string())
        .chain(extra.iter().cloned())
        .collect()
}

/// Write the N parts of `cmd` into `dir`, returning their paths in shard order.
fn shards(cmd: &[&str], n: u32, dir: &Path) -> Vec<PathBuf> {
    (1..=n)
        .map(|k| {
            let part = dir.join(format!("{}-{k}-of-{n}.json", cmd[0]));
            let extra = [
                format!("--shard={k}/{n}"),
                "--out".into(),
                part.display().to_string(),
            ];
            ok(&args_with(cmd, &extra));
            part
        })
        .collect()
}

/// Side-file flags pointing into `dir`.
fn side_args(side: &[Side], dir: &Path) -> Vec<String> {
    side.iter()
        .flat_map(|(flag, name)| [flag.to_string(), dir.join(name).display().to_string()])
        .collect()
}

/// The side files in `dir` (a `--plot-dir` folder's files in name order), as bytes.
fn side_bytes(side: &[Side], dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for (_, name) in side {
        let p = dir.join(name);
        if p.is_dir() {
            let mut inner: Vec<PathBuf> = std::fs::read_dir(&p)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            inner.sort();
            files.extend(inner.into_iter().map(|f| (f.display().to_string(), f)));
        } else {
            files.push((name.to_string(), p));
        }
    }
    files
        .into_iter()
        .map(|(name, p)| {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let name = name.rsplit('/').next().unwrap_or_default().to_owned();
            (name, bytes)
        })
        .collect()
}

const FORMATS: [&str; 3] = ["table", "json", "csv"];

#[test]
fn merged_shards_give_the_unsharded_output_for_every_command() {
    for (cmd, side) in commands() {
        let tmp = tempfile::tempdir().unwrap();
        let whole_dir = tmp.path().join("whole");
        std::fs::create_dir(&whole_dir).unwrap();
        let mut whole = Vec::new();
        for (i, f) in FORMATS.iter().enumerate() {
            let mut extra = vec![format!("--format={f}")];
            if i == 0 {
                extra.extend(side_args(&side, &whole_dir));
            }
            whole.push(without_elapsed(&ok(&args_with(&cmd, &extra))));
        }
        let whole_side = side_bytes(&side, &whole_dir);
        assert!(
            whole_side.len() >= side.len(),
            "{}: side files missing",
            cmd[0]
        );
        for n in [1u32, 3, 7] {
            let dir = tmp.path().join(format!("n{n}"));
            std::fs::create_dir(&dir).unwrap();
            let mut parts = shards(&cmd, n, &dir);
            for (i, f) in FORMATS.iter().enumerate() {
                if i == 1 {
                    parts.reverse(); // any order gives the same merge
                }
                let mut args = vec!["merge".to_owned()];
                args.extend(parts.iter().map(|p| p.display().to_string()));
                args.push(format!("--format={f}"));
                if i == 0 {
                    args.extend(side_args(&side, &dir));
                }
                let merged = without_elapsed(&ok(&args));
                assert_eq!(merged, whole[i], "{} in {n} shards, {f}", cmd[0]);
            }
            assert_eq!(side_bytes(&side, &dir), whole_side, "{} side files", cmd[0]);
        }
    }
}

#[test]
fn shards_fanned_out_as_background_processes_merge_to_the_whole() {
    let cmd = [
        "run",
        "scenarios/drammen-hf.json",
        "-r",
        "40",
        "--format",
        "json",
    ];
    let tmp = tempfile::tempdir().unwrap();
    let n = 4;
    let children: Vec<(PathBuf, std::process::Child)> = (1..=n)
        .map(|k| {
            let part = tmp.path().join(format!("part-{k}.json"));
            let child = std::process::Command::new(BIN)
                .args(cmd)
                .args(["--threads", "1", "--shard", &format!("{k}/{n}"), "--out"])
                .arg(&part)
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("start a shard");
            (part, child)
        })
        .collect();
    let mut parts = Vec::new();
    for (part, mut child) in children {
        assert!(child.wait().unwrap().success(), "{}", part.display());
        parts.push(part);
    }
    let mut args = vec!["merge".to_owned(), "--format=json".to_owned()];
    args.extend(parts.iter().map(|p| p.display().to_string()));
    let merged = ok(&args);
    assert_eq!(without_elapsed(&merged), without_elapsed(&ok(&cmd)));
    let doc: serde_json::Value = serde_json::from_slice(&merged).unwrap();
    assert_eq!(doc["replications"], 40);
}

/// Merge `parts`; it must fail with exit 2 and a message containing each of `needles`.
fn refused(parts: &[&Path], needles: &[&str]) {
    let mut args = vec!["merge".to_owned()];
    args.extend(parts.iter().map(|p| p.display().to_string()));
    let out = run_bin(&args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: expected {n:?} in: {err}");
    }
}

fn file_name(p: &Path) -> &str {
    p.file_name().unwrap().to_str().unwrap()
}

#[test]
fn parts_that_do_not_belong_together_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let run = ["run", "scenarios/drammen-hf.json", "-r", "6"];
    let three = shards(&run, 3, dir);
    let [a, b, c] = [&three[0], &three[1], &three[2]].map(|p| p.as_path());
    // Missing, duplicate, and a wrong N.
    refused(&[a, c], &[file_name(a), "missing shard(s): 2"]);
    refused(&[a, b, b, c], &[file_name(b), "both shard 2"]);
    let other = dir.join("other");
    std::fs::create_dir(&other).unwrap();
    let two = shards(&run, 2, &other);
    refused(&[a, &two[1], c], &[file_name(&two[1]), "of 2, not of 3"]);
    // Another command, other options.
    let cmp = shards(&["compare", "scenarios/drammen-hf.json", "-r", "6"], 3, dir);
    refused(&[a, &cmp[1], c], &[file_name(&cmp[1]), "compare"]);
    let more = dir.join("more");
    std::fs::create_dir(&more).unwrap();
    let seven = shards(&["run", "scenarios/drammen-hf.json", "-r", "7"], 3, &more);
    refused(
        &[a, b, &seven[2]],
        &[file_name(&seven[2]), "--replications=7"],
    );
    // Truncated, corrupt, another version.
    let text = std::fs::read_to_string(b).unwrap();
    let cut = dir.join("cut.json");
    std::fs::write(&cut, &text[..text.len() / 2]).unwrap();
    refused(&[a, &cut, c], &["cut.json", "truncated"]);
    let junk = dir.join("junk.json");
    std::fs::write(&junk, "{\"hello\": 1}").unwrap();
    refused(
        &[a, &junk, c],
        &["junk.json", "not a housing-sim part file"],
    );
    let v1 = dir.join("v1.json");
    std::fs::write(&v1, text.replacen("\"version\":2", "\"version\":1", 1)).unwrap();
    refused(&[a, &v1, c], &["v1.json", "version 1"]);
    let short = dir.join("short.json");
    let records_at = text.find("\"records\":").unwrap();
    let (head, tail) = text.split_at(records_at);
    let fewer = tail.replacen("{\"ledger\"", "{\"bogus\"", 1);
    std::fs::write(&short, format!("{head}{fewer}")).unwrap();
    refused(&[a, &short, c], &["short.json", "corrupt"]);
    let wider = dir.join("wider.json");
    std::fs::write(
        &wider,
        text.replacen("\"by_program\":[", "\"by_program\":[1.5,", 1),
    )
    .unwrap();
    refused(&[a, &wider, c], &["wider.json", "layout"]);
}

#[test]
fn parts_of_other_input_files_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let scenario = dir.join("s.json");
    std::fs::copy("scenarios/drammen-hf.json", &scenario).unwrap();
    let s = scenario.display().to_string();
    let run = ["run", s.as_str(), "-r", "4"];
    let first = shards(&run, 2, dir);
    // The file changes between the shards: the parts disagree.
    let text = std::fs::read_to_string(&scenario).unwrap();
    std::fs::write(&scenario, format!("{text}\n")).unwrap();
    let later = dir.join("later");
    std::fs::create_dir(&later).unwrap();
    let second = shards(&run, 2, &later);
    refused(
        &[&first[0], &second[1]],
        &[file_name(&second[1]), "SHA-256"],
    );
    // The file changes after the shards: the merge would not summarise what was computed.
    std::fs::write(&scenario, &text).unwrap();
    refused(&[&second[0], &second[1]], &["has changed", "s.json"]);
    ok(&[
        "merge",
        &first[0].display().to_string(),
        &first[1].display().to_string(),
    ]);
}

#[test]
fn bad_shard_flags_are_refused_with_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p.json").display().to_string();
    let base = ["run", "scenarios/drammen-hf.json", "-r", "3"];
    for (shard, needle) in [
        ("0/3", "1 ≤ K ≤ N"),
        ("4/3", "1 ≤ K ≤ N"),
        ("3", "K/N"),
        ("a/b", "K/N"),
        ("1/0", "1 ≤ K ≤ N"),
    ] {
        let args = args_with(
            &base,
            &[format!("--shard={shard}"), "--out".into(), out.clone()],
        );
        let o = run_bin(&args);
        assert_eq!(o.status.code(), Some(2), "{shard}");
        assert!(stderr(&o).contains(needle), "{shard}: {}", stderr(&o));
    }
    let o = run_bin(args_with(&base, &["--shard=1/2".into()]));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--out"), "{}", stderr(&o));
    let svg = tmp.path().join("t.svg").display().to_string();
    let o = run_bin([
        "dsa",
        "tests/data/psa/staffed.json",
        "--shard=1/2",
        "--out",
        &out,
        "--plot",
        &svg,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("merge"), "{}", stderr(&o));
    let o = run_bin([
        "plan",
        "scenarios/bergen-plan.json",
        "--shard=1/2",
        "--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("plan cannot be sharded"),
        "{}",
        stderr(&o)
    );
    // A side file the parts' command does not write.
    let part = shards(&base, 1, tmp.path());
    let o = run_bin(["merge", &part[0].display().to_string(), "--plot", &svg]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--plot"), "{}", stderr(&o));
}

#[test]
fn floats_and_records_read_back_bit_for_bit() {
    use rand::{RngCore, SeedableRng};
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(13);
    let mut checked = 0;
    while checked < 200_000 {
        let x = f64::from_bits(rng.next_u64());
        if !x.is_finite() {
            continue;
        }
        let back: f64 = serde_json::from_str(&serde_json::to_string(&x).unwrap()).unwrap();
        assert_eq!(back.to_bits(), x.to_bits(), "{x:e}");
        checked += 1;
    }
    let scenario =
        housing_sim::Scenario::from_path(Path::new("scenarios/drammen-hf.json")).unwrap();
    let model = housing_sim::Model::new(&scenario).unwrap();
    let sim = housing_sim::Simulation::new(&model).replications(5).seed(3);
    let out = sim.records_in(1..4).unwrap();
    let text = serde_json::to_string(&out).unwrap();
    let back: housing_sim::run::BatchOutput<housing_sim::engine::Replication> =
        serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_string(&back).unwrap(), text);
    for (a, b) in out.records.iter().zip(&back.records) {
        assert_eq!(a.ledger, b.ledger);
        assert_eq!(a.events, b.events);
    }
}

#[test]
fn a_comparison_too_large_for_one_machine_runs_in_shards() {
    let staffed = "tests/data/psa/staffed.json";
    let cmp = ["compare", staffed, staffed, staffed, "-r", "700000"];
    let o = run_bin(cmp);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--shard"), "{}", stderr(&o));
    let tmp = tempfile::tempdir().unwrap();
    let part = tmp.path().join("p.json");
    let extra = [
        "--shard=1/1000".to_owned(),
        "--out".into(),
        part.display().to_string(),
    ];
    ok(&args_with(&cmp, &extra));
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&part).unwrap()).unwrap();
    assert_eq!(
        doc["range"],
        serde_json::json!({"total": 700000, "start": 0, "end": 700})
    );
    assert_eq!(doc["records"].as_array().unwrap().len(), 700);
}
