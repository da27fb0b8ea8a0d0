//! `housing-sim run` on every shipped scenario (scenarios/*.json, globbed at test time): the JSON
//! keys the CLI promises, determinism across thread counts, the CSV and table formats, and
//! `--out` (atomic, never clobbered by a failed run).

use crate::common;

use common::{assert_exit, run_bin, shipped_scenarios as scenario_files};

use serde_json::Value;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Replications and months used for every run here: small, so the file runs quickly.
const REPS: &str = "4";
const MONTHS: &str = "24";

const STATES: [&str; 9] = [
    "specialized",
    "congregate",
    "rehabilitation",
    "housing_first",
    "temporary",
    "ordinary",
    "homeless",
    "institution",
    "exited",
];
const CATEGORIES: [&str; 5] = [
    "specialized",
    "congregate",
    "rehabilitation",
    "housing_first",
    "temporary",
];
const CSV_HEADER: &str = "table,currency,perspective,scenario,";
const CSV_FIGURES: &str = "unit,mean,sd,ci95_low,ci95_high,p05,p50,p95";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn reference() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/reference-w1.json")
}

/// Run `housing-sim run FILE --replications 4 --months 24 <extra>`; asserts exit 0 and returns
/// stdout.
fn run_ok(file: &Path, extra: &[&str]) -> String {
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("run"),
        file.as_os_str(),
        OsStr::new("--replications"),
        OsStr::new(REPS),
        OsStr::new("--months"),
        OsStr::new(MONTHS),
    ];
    args.extend(extra.iter().map(OsStr::new));
    let out = run_bin(&args);
    let what = format!("run {} {extra:?}", file.display());
    assert_exit(&out, &what, 0);
    String::from_utf8(out.stdout).unwrap_or_else(|e| panic!("{what}: stdout not UTF-8: {e}"))
}

fn run_json(file: &Path, extra: &[&str]) -> (String, Value) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let text = run_ok(file, &args);
    let v: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("run {}: stdout is not JSON: {e}\n{text}", file.display()));
    (text, v)
}

fn get<'a>(v: &'a Value, path: &str) -> &'a Value {
    let mut node = v;
    for key in path.split('.') {
        node = node
            .get(key)
            .unwrap_or_else(|| panic!("missing key {path} (at {key:?})"));
    }
    node
}

fn num(v: &Value, what: &str) -> f64 {
    let x = v
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: expected a number, found {v}"));
    assert!(x.is_finite(), "{what}: not finite: {x}");
    x
}

/// A Stat: `{"mean", "sd", "ci95": [lo, hi], "p05", "p50", "p95"}`, consistent with itself.
fn check_stat(v: &Value, what: &str) -> f64 {
    let o = v
        .as_object()
        .unwrap_or_else(|| panic!("{what}: expected a Stat object, found {v}"));
    for k in ["mean", "sd", "ci95", "p05", "p50", "p95"] {
        assert!(o.contains_key(k), "{what}: Stat without {k}: {v}");
    }
    let mean = num(&o["mean"], &format!("{what}.mean"));
    let sd = num(&o["sd"], &format!("{what}.sd"));
    let ci = o["ci95"]
        .as_array()
        .unwrap_or_else(|| panic!("{what}.ci95: not an array: {v}"));
    assert_eq!(ci.len(), 2, "{what}.ci95: expected 2 numbers: {v}");
    let lo = num(&ci[0], &format!("{what}.ci95[0]"));
    let hi = num(&ci[1], &format!("{what}.ci95[1]"));
    let p05 = num(&o["p05"], &format!("{what}.p05"));
    let p50 = num(&o["p50"], &format!("{what}.p50"));
    let p95 = num(&o["p95"], &format!("{what}.p95"));
    let tol = 1e-9 * (1.0 + mean.abs().max(p95.abs()).max(p05.abs()));
    assert!(sd >= 0.0, "{what}: negative sd: {v}");
    assert!(
        lo <= mean + tol && mean <= hi + tol,
        "{what}: ci95 misses the mean: {v}"
    );
    assert!(
        p05 <= p50 + tol && p50 <= p95 + tol,
        "{what}: quantiles out of order: {v}"
    );
    mean
}

/// Keys of an object, sorted.
fn keys(v: &Value, what: &str) -> Vec<String> {
    let mut k: Vec<String> = v
        .as_object()
        .unwrap_or_else(|| panic!("{what}: not an object: {v}"))
        .keys()
        .cloned()
        .collect();
    k.sort();
    k
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

/// The JSON text with the one `"elapsed_seconds"` line removed.
fn without_elapsed_line(text: &str) -> String {
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("\"elapsed_seconds\""))
        .collect();
    assert_eq!(
        text.lines().count(),
        kept.len() + 1,
        "expected exactly one elapsed_seconds line in:\n{}",
        &text[..text.len().min(600)]
    );
    kept.join("\n")
}

fn without_elapsed(mut v: Value) -> Value {
    let removed = v
        .as_object_mut()
        .expect("top-level object")
        .remove("elapsed_seconds");
    assert!(removed.is_some(), "no elapsed_seconds");
    v
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs()).max(1.0)
}

/// Files in `dir`, sorted by name.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A copy of the reference scenario with `change` applied, written to `dir/name`.
fn broken_reference(dir: &Path, name: &str, change: impl FnOnce(&mut Value)) -> PathBuf {
    let text = std::fs::read_to_string(reference()).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    change(&mut doc);
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    path
}

// ---------------------------------------------------------------------------------------------
// JSON output: the keys the CLI promises
// ---------------------------------------------------------------------------------------------

#[test]
fn json_output_has_every_promised_key() {
    for file in scenario_files() {
        let name = file.display().to_string();
        let (_, v) = run_json(&file, &[]);
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();

        assert_eq!(v["scenario"], doc["name"], "{name}: scenario");
        assert!(v["seed"].is_u64(), "{name}: seed {}", v["seed"]);
        assert_eq!(v["replications"], 4, "{name}: replications");
        assert_eq!(v["horizon_months"], 24, "{name}: horizon_months");
        assert!(v["resident_months"].is_u64(), "{name}: resident_months");
        let elapsed = num(&v["elapsed_seconds"], "elapsed_seconds");
        assert!(elapsed >= 0.0, "{name}: elapsed_seconds {elapsed}");

        let s = get(&v, "summary");
        check_stat(get(s, "total_cost_nok"), "summary.total_cost_nok");
        check_stat(
            get(s, "discounted_total_cost_nok"),
            "summary.discounted_total_cost_nok",
        );

        let items = get(s, "cost_by_item_nok");
        for k in ["staff", "hospits", "damage_repair"] {
            assert!(
                items.get(k).is_some(),
                "{name}: cost_by_item_nok.{k} missing"
            );
        }
        for k in keys(items, "cost_by_item_nok") {
            check_stat(&items[&k], &format!("{name}: cost_by_item_nok.{k}"));
        }

        let occ = get(s, "final_occupancy");
        assert_eq!(keys(occ, "final_occupancy"), sorted(&STATES), "{name}");
        for k in STATES {
            let m = check_stat(&occ[k], &format!("{name}: final_occupancy.{k}"));
            assert!(m >= 0.0, "{name}: final_occupancy.{k} negative");
        }

        let colours = get(s, "housing_situation_share_final");
        let mut share_sum = 0.0;
        for k in ["green", "yellow", "red"] {
            let c = colours
                .get(k)
                .unwrap_or_else(|| panic!("{name}: housing_situation_share_final.{k} missing"));
            let m = check_stat(c, &format!("{name}: housing_situation_share_final.{k}"));
            assert!((0.0..=1.0).contains(&m), "{name}: share {k} = {m}");
            share_sum += m;
        }
        assert!(
            share_sum <= 1.0 + 1e-9,
            "{name}: colour shares sum to {share_sum}"
        );

        check_stat(
            get(s, "hospits_person_months"),
            "summary.hospits_person_months",
        );

        let ret = get(s, "retention");
        assert_eq!(keys(ret, "retention"), sorted(&CATEGORIES), "{name}");
        for c in CATEGORIES {
            let r = &ret[c];
            assert_eq!(
                keys(r, &format!("retention.{c}")),
                sorted(&["12", "24", "36"]),
                "{name}: retention.{c}"
            );
            for k in ["12", "24", "36"] {
                let x = &r[k];
                if x.is_null() {
                    continue;
                }
                let m = check_stat(x, &format!("{name}: retention.{c}.{k}"));
                assert!((0.0..=1.0).contains(&m), "{name}: retention.{c}.{k} = {m}");
            }
            // No stay that began during a 24-month run can be followed for 36 months.
            assert!(
                r["36"].is_null(),
                "{name}: retention.{c}.36 must be null for a 24-month run, found {}",
                r["36"]
            );
        }
    }
}

#[test]
fn cost_items_sum_to_the_total() {
    for file in scenario_files() {
        let name = file.display().to_string();
        let (_, v) = run_json(&file, &[]);
        let s = &v["summary"];
        let total = num(&s["total_cost_nok"]["mean"], "total");
        let items: f64 = s["cost_by_item_nok"]
            .as_object()
            .unwrap()
            .values()
            .map(|st| num(&st["mean"], "item mean"))
            .sum();
        assert!(
            close(items, total, 1e-6),
            "{name}: cost items sum to {items}, total is {total}"
        );
        if let Some(disc) = s.get("discounted_cost_by_item_nok") {
            let dtotal = num(&s["discounted_total_cost_nok"]["mean"], "discounted total");
            let ditems: f64 = disc
                .as_object()
                .unwrap()
                .values()
                .map(|st| num(&st["mean"], "item mean"))
                .sum();
            assert!(
                close(ditems, dtotal, 1e-6),
                "{name}: discounted items sum to {ditems}, discounted total is {dtotal}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------------------------

#[test]
fn same_seed_gives_identical_output_for_1_and_2_threads() {
    for file in scenario_files() {
        let name = file.display().to_string();
        let (t1, v1) = run_json(&file, &["--seed", "4242", "--threads", "1"]);
        let (t2, v2) = run_json(&file, &["--seed", "4242", "--threads", "2"]);
        assert_eq!(v1["seed"], 4242, "{name}: seed not reported");
        assert_eq!(
            without_elapsed(v1),
            without_elapsed(v2),
            "{name}: JSON differs between --threads 1 and --threads 2"
        );
        assert!(
            without_elapsed_line(&t1) == without_elapsed_line(&t2),
            "{name}: text differs between --threads 1 and --threads 2"
        );
    }
}

#[test]
fn same_seed_gives_identical_output_on_a_second_run() {
    let file = reference();
    let (t1, _) = run_json(&file, &["--seed", "99"]);
    let (t2, _) = run_json(&file, &["--seed", "99"]);
    assert!(without_elapsed_line(&t1) == without_elapsed_line(&t2));
}

#[test]
fn different_seed_gives_a_different_total() {
    for file in scenario_files() {
        let name = file.display().to_string();
        let (_, a) = run_json(&file, &["--seed", "1"]);
        let (_, b) = run_json(&file, &["--seed", "2"]);
        let sd = |v: &Value| num(&v["summary"]["total_cost_nok"]["sd"], "sd");
        if sd(&a) == 0.0 && sd(&b) == 0.0 && !file.ends_with("reference-w1.json") {
            // The total does not depend on chance in this scenario (every replication gives
            // the same figure), so the seed cannot change it.
            continue;
        }
        assert_ne!(
            a["summary"]["total_cost_nok"], b["summary"]["total_cost_nok"],
            "{name}: seeds 1 and 2 give the same total_cost_nok"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// CSV and table
// ---------------------------------------------------------------------------------------------

#[test]
fn csv_has_the_header_and_one_row_per_cost_item() {
    for file in scenario_files() {
        let name = file.display().to_string();
        let csv = run_ok(&file, &["--seed", "5", "--format", "csv"]);
        let (_, v) = run_json(&file, &["--seed", "5"]);
        assert!(csv.starts_with(CSV_HEADER), "{name}: header");
        assert!(
            csv.lines().next().unwrap().ends_with(CSV_FIGURES),
            "{name}: header"
        );
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(csv.as_bytes());
        let header = reader.headers().unwrap().clone();
        let col = |c: &str| header.iter().position(|h| h == c).unwrap();
        let (table, key, unit, mean) = (col("table"), col("key"), col("unit"), col("mean"));
        let records: Vec<csv::StringRecord> = reader
            .records()
            .map(|r| r.unwrap_or_else(|e| panic!("{name}: bad CSV: {e}")))
            .collect();
        for r in &records {
            assert_eq!(r.len(), header.len(), "{name}: short row {r:?}");
            assert_eq!(&r[col("scenario")], v["scenario"].as_str().unwrap());
        }
        let rows_named = |t: &str, k: &str| -> Vec<&csv::StringRecord> {
            records
                .iter()
                .filter(|r| &r[table] == t && &r[key] == k)
                .collect()
        };
        let items = v["summary"]["cost_by_item_nok"].as_object().unwrap();
        assert!(items.len() >= 3);
        for (item, stat) in items {
            let rows = rows_named("summary.cost_by_item_nok", item);
            assert_eq!(
                rows.len(),
                1,
                "{name}: expected one row for {item}, found {rows:?}"
            );
            assert_eq!(&rows[0][unit], "NOK");
            let f: Vec<f64> = rows[0]
                .iter()
                .skip(mean)
                .map(|x| {
                    x.parse::<f64>()
                        .unwrap_or_else(|e| panic!("{name}: {item}: field {x:?}: {e}"))
                })
                .collect();
            let ci = stat["ci95"].as_array().unwrap();
            let expected = [
                &stat["mean"],
                &stat["sd"],
                &ci[0],
                &ci[1],
                &stat["p05"],
                &stat["p50"],
                &stat["p95"],
            ];
            for (got, want) in f.iter().zip(expected) {
                // Kroner are rounded to whole kroner.
                let want = num(want, item);
                assert!(
                    (got - want).abs() <= 0.5 + 1e-9 * want.abs(),
                    "{name}: {item}: CSV has {got}, JSON has {want}"
                );
            }
        }
        // The other promised Stats appear as rows too.
        for q in [
            "total_cost_nok",
            "discounted_total_cost_nok",
            "hospits_person_months",
            "cost_per_year_nok",
        ] {
            assert_eq!(rows_named("summary", q).len(), 1, "{name}: one row {q}");
        }
    }
}

#[test]
fn table_is_the_default_and_readable() {
    let file = reference();
    let default = run_ok(&file, &["--seed", "3"]);
    let table = run_ok(&file, &["--seed", "3", "--format", "table"]);
    for (what, text) in [("default", &default), ("--format table", &table)] {
        assert!(
            text.contains("Costs over the horizon"),
            "{what}: no 'Costs over the horizon' in:\n{text}"
        );
        assert!(
            text.contains("reference-w1"),
            "{what}: scenario name missing"
        );
        assert!(
            serde_json::from_str::<Value>(text).is_err(),
            "{what}: the table is JSON"
        );
        assert!(!text.starts_with(CSV_HEADER), "{what}: the table is CSV");
    }
}

// ---------------------------------------------------------------------------------------------
// --out
// ---------------------------------------------------------------------------------------------

#[test]
fn out_writes_the_same_json_as_stdout_and_no_temporary_files() {
    let file = reference();
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("result.json");
    let out_s = out_path.display().to_string();
    let printed = run_ok(
        &file,
        &["--seed", "11", "--format", "json", "--out", &out_s],
    );
    assert!(
        printed.is_empty(),
        "--out also printed on stdout:\n{printed}"
    );
    let written = std::fs::read_to_string(&out_path).expect("--out file written");
    let (stdout_text, stdout_v) = run_json(&file, &["--seed", "11"]);
    let written_v: Value = serde_json::from_str(&written).expect("--out file is JSON");
    assert_eq!(without_elapsed(written_v), without_elapsed(stdout_v));
    assert!(without_elapsed_line(&written) == without_elapsed_line(&stdout_text));
    assert_eq!(listing(dir.path()), vec!["result.json".to_string()]);

    // A second successful run replaces the file (still no leftovers).
    std::fs::write(&out_path, "old content").unwrap();
    run_ok(
        &file,
        &["--seed", "11", "--format", "json", "--out", &out_s],
    );
    let again = std::fs::read_to_string(&out_path).unwrap();
    assert!(without_elapsed_line(&again) == without_elapsed_line(&stdout_text));
    assert_eq!(listing(dir.path()), vec!["result.json".to_string()]);
}

#[test]
fn out_with_csv_and_table_formats() {
    let file = reference();
    let dir = tempfile::tempdir().unwrap();
    for format in ["csv", "table"] {
        let out_path = dir.path().join(format!("result.{format}"));
        let out_s = out_path.display().to_string();
        let printed = run_ok(&file, &["--seed", "8", "--format", format, "--out", &out_s]);
        assert!(printed.is_empty());
        let written = std::fs::read_to_string(&out_path).unwrap();
        let direct = run_ok(&file, &["--seed", "8", "--format", format]);
        if format == "table" {
            assert_eq!(written, direct);
        } else {
            // The CSV carries elapsed_seconds as a row.
            let strip = |t: &str| -> Vec<String> {
                t.lines()
                    .filter(|l| !l.contains(",elapsed_seconds,"))
                    .map(str::to_owned)
                    .collect()
            };
            assert_eq!(strip(&written), strip(&direct));
        }
    }
    assert_eq!(
        listing(dir.path()),
        vec!["result.csv".to_string(), "result.table".to_string()]
    );
}

/// Run `args` (which must fail with exit 2) against a sentinel `--out` file: the file must be
/// unchanged and the folder must hold nothing else.
fn failing_run_keeps_sentinel(dir: &Path, scenario: &Path, extra: &[&str]) {
    let out_path = dir.join("result.json");
    let sentinel = "sentinel: an earlier result that must survive\n";
    std::fs::write(&out_path, sentinel).unwrap();
    let before = listing(dir);
    let mut args: Vec<&OsStr> = vec![
        OsStr::new("run"),
        scenario.as_os_str(),
        OsStr::new("--replications"),
        OsStr::new(REPS),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("--out"),
        out_path.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    let out = run_bin(&args);
    let what = format!("failing run {} {extra:?}", scenario.display());
    assert_exit(&out, &what, 2);
    assert!(out.stdout.is_empty(), "{what}: printed on stdout");
    assert_eq!(
        std::fs::read_to_string(&out_path).unwrap(),
        sentinel,
        "{what}: --out file changed"
    );
    assert_eq!(listing(dir), before, "{what}: files appeared or vanished");
}

#[test]
fn failed_run_does_not_create_the_out_file() {
    let dir = tempfile::tempdir().unwrap();
    let scen_dir = tempfile::tempdir().unwrap();
    let bad = broken_reference(scen_dir.path(), "bad.json", |d| {
        d["programs"][0]["units"] = serde_json::json!(-1);
    });
    let out_path = dir.path().join("result.json");
    let out = run_bin([
        OsStr::new("run"),
        bad.as_os_str(),
        OsStr::new("--format"),
        OsStr::new("json"),
        OsStr::new("--out"),
        out_path.as_os_str(),
    ]);
    assert_exit(&out, "run bad --out", 2);
    assert!(!out_path.exists(), "a failed run created the --out file");
    assert!(listing(dir.path()).is_empty(), "{:?}", listing(dir.path()));
}

#[test]
fn failed_run_does_not_overwrite_the_out_file() {
    let dir = tempfile::tempdir().unwrap();
    let scen_dir = tempfile::tempdir().unwrap();
    // A format error (parse), a rule error (validation) and a bad flag.
    let parse_err = broken_reference(scen_dir.path(), "parse.json", |d| {
        d["programs"][0]["units"] = serde_json::json!(-1);
    });
    let rule_err = broken_reference(scen_dir.path(), "rule.json", |d| {
        let first = d["programs"][0].clone();
        d["programs"].as_array_mut().unwrap().push(first);
    });
    failing_run_keeps_sentinel(dir.path(), &parse_err, &[]);
    failing_run_keeps_sentinel(dir.path(), &rule_err, &[]);
    failing_run_keeps_sentinel(dir.path(), &reference(), &["--months", "0"]);
    failing_run_keeps_sentinel(dir.path(), &reference(), &["--threads", "0"]);
}
