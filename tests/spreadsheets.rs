//! Spreadsheet output: the xlsx workbook read back with calamine, the tidy CSV parsed in both
//! dialects, and the per-year and monthly figures they carry checked against the JSON output.

use crate::common::{self, run_bin, stderr, BIN};
use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value;
use std::path::Path;

/// Bergen for 30 months (two whole years and a partial third), few replications.
const RUN: [&str; 8] = [
    "--replications",
    "4",
    "--seed",
    "11",
    "--months",
    "30",
    "--threads",
    "1",
];

fn bergen() -> String {
    common::shipped("bergen.json").display().to_string()
}

fn ok(args: &[&str]) -> Vec<u8> {
    let out = run_bin(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    out.stdout
}

fn run_json(extra: &[&str]) -> Value {
    let file = bergen();
    let mut args = vec!["run", file.as_str()];
    args.extend(RUN);
    args.extend(["--format", "json"]);
    args.extend(extra);
    serde_json::from_slice(&ok(&args)).unwrap()
}

fn sheet(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<Data>> {
    let range = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"));
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The row of `rows` whose `table` and `key` cells are these.
fn find<'a>(rows: &'a [Vec<Data>], table: &str, key: &str) -> &'a [Data] {
    let header: Vec<String> = rows[0].iter().map(text).collect();
    let k = header.iter().position(|h| h == "key").unwrap();
    rows.iter()
        .find(|r| text(&r[0]) == table && text(&r[k]) == key)
        .unwrap_or_else(|| panic!("no row {table} {key}"))
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(x) => *x,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number cell, found {other:?}"),
    }
}

#[test]
fn xlsx_holds_every_table_with_numbers_equal_to_the_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bergen.xlsx");
    let file = bergen();
    let mut args = vec!["run", file.as_str()];
    args.extend(RUN);
    args.extend(["--format", "xlsx", "--out", path.to_str().unwrap()]);
    assert!(ok(&args).is_empty(), "nothing on standard output");
    let json = run_json(&[]);
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    for want in [
        "summary",
        "by item",
        "by payer",
        "by program",
        "per year",
        "monthly",
        "costs per year",
        "colours by month",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "no sheet {want} in {names:?}"
        );
    }
    let summary = sheet(&mut wb, "summary");
    let header: Vec<String> = summary[0].iter().map(text).collect();
    assert_eq!(header[0], "table");
    assert_eq!(
        header[header.len() - 8..],
        [
            "unit",
            "mean",
            "sd",
            "ci95_low",
            "ci95_high",
            "p05",
            "p50",
            "p95"
        ]
    );
    let mean = header.iter().position(|h| h == "mean").unwrap();
    let total = find(&summary, "summary", "total_cost_nok");
    let stat = &json["summary"]["total_cost_nok"];
    assert_eq!(number(&total[mean]), stat["mean"].as_f64().unwrap());
    assert_eq!(number(&total[mean + 6]), stat["p95"].as_f64().unwrap());
    let items = sheet(&mut wb, "by item");
    let staff = find(&items, "summary.cost_by_item_nok", "staff");
    let want = json["summary"]["cost_by_item_nok"]["staff"]["mean"].as_f64();
    assert_eq!(Some(number(&staff[mean])), want);

    // Per year: three years, the last labelled with its months, numbers as in the JSON.
    let years = sheet(&mut wb, "per year");
    let h: Vec<String> = years[0].iter().map(text).collect();
    let (year, period) = (
        h.iter().position(|c| c == "year").unwrap(),
        h.iter().position(|c| c == "period").unwrap(),
    );
    let m = h.iter().position(|c| c == "mean").unwrap();
    let totals: Vec<&Vec<Data>> = years
        .iter()
        .filter(|r| text(&r[0]) == "summary.per_year" && text(&r[m - 2]) == "total_cost_nok")
        .collect();
    assert_eq!(totals.len(), 3);
    assert_eq!(number(&totals[2][year]), 3.0);
    assert_eq!(text(&totals[2][period]), "year 3 (months 25–30)");
    for (i, r) in totals.iter().enumerate() {
        let want = json["summary"]["per_year"][i]["total_cost_nok"]["mean"].as_f64();
        assert_eq!(Some(number(&r[m])), want, "year {}", i + 1);
    }
    let chart = sheet(&mut wb, "costs per year");
    assert_eq!(text(&chart[3][0]), "year 3 (months 25–30)");
    let colours = sheet(&mut wb, "colours by month");
    assert_eq!(colours.len(), 32, "header, month 0 and 30 months");
    let green = json["monthly"][30]["housing_situation_share"]["green"].as_f64();
    assert_eq!(Some(number(&colours[31][1])), green);
}

#[test]
fn per_year_costs_add_up_to_the_total_in_the_json() {
    let json = run_json(&[]);
    let s = &json["summary"];
    let years = s["per_year"].as_array().unwrap();
    assert_eq!(years.len(), 3);
    let mean = |v: &Value| v["mean"].as_f64().unwrap();
    let sum: f64 = years.iter().map(|y| mean(&y["total_cost_nok"])).sum();
    let total = mean(&s["total_cost_nok"]);
    assert!((sum - total).abs() <= 1e-6 * total, "{sum} vs {total}");
    let discounted: f64 = years
        .iter()
        .map(|y| mean(&y["discounted_total_cost_nok"]))
        .sum();
    let want = mean(&s["discounted_total_cost_nok"]);
    assert!((discounted - want).abs() <= 1e-6 * want);
    // The average year is the total over 30 months × 12.
    let per_year = mean(&s["cost_per_year_nok"]);
    assert!((per_year - total * 12.0 / 30.0).abs() <= 1e-6 * total);
    // Months 1–30 of the monthly series add up to the total too.
    let monthly: f64 = json["monthly"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| mean(&m["total_cost_nok"]))
        .sum();
    assert!(
        (monthly - total).abs() <= 1e-6 * total,
        "{monthly} vs {total}"
    );
}

/// A tidy CSV parsed into (header, rows), in either dialect.
fn parse_csv(text: &str, delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[test]
fn csv_dialects_parse_to_the_same_rounded_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let file = bergen();
    let json = run_json(&[]);
    let mut parsed = Vec::new();
    for (dialect, delimiter) in [("standard", b','), ("norwegian", b';')] {
        let monthly = dir.path().join(format!("monthly-{dialect}.csv"));
        let mut args = vec!["run", file.as_str()];
        args.extend(RUN);
        args.extend(["--format", "csv", "--csv-dialect", dialect]);
        args.extend(["--monthly-out", monthly.to_str().unwrap()]);
        let text = String::from_utf8(ok(&args)).unwrap();
        let monthly = std::fs::read_to_string(&monthly).unwrap();
        let bom = dialect == "norwegian";
        assert_eq!(
            text.starts_with('\u{feff}'),
            bom,
            "{dialect}: byte-order mark"
        );
        assert_eq!(monthly.starts_with('\u{feff}'), bom);
        let norm = |t: &str| {
            let (h, rows) = parse_csv(t.trim_start_matches('\u{feff}'), delimiter);
            // Wall time differs between the two runs; everything else must not.
            let rows: Vec<Vec<String>> = rows
                .into_iter()
                .filter(|r| !r.iter().any(|c| c == "elapsed_seconds"))
                .map(|r| r.into_iter().map(|c| c.replace(',', ".")).collect())
                .collect();
            (h, rows)
        };
        parsed.push((norm(&text), norm(&monthly)));
    }
    assert!(
        parsed[0] == parsed[1],
        "the dialects differ in more than separators"
    );
    let ((header, rows), (mheader, mrows)) = &parsed[0];
    let col = |h: &[String], c: &str| h.iter().position(|x| x == c).unwrap();
    let (key, mean, unit) = (col(header, "key"), col(header, "mean"), col(header, "unit"));
    let row = |table: &str, k: &str| {
        rows.iter()
            .find(|r| r[0] == table && r[key] == k)
            .unwrap_or_else(|| panic!("no row {table} {k}"))
    };
    let total = row("summary", "total_cost_nok");
    assert_eq!(total[unit], "NOK");
    let want = json["summary"]["total_cost_nok"]["mean"].as_f64().unwrap();
    assert_eq!(total[mean], format!("{:.0}", want), "whole kroner");
    let green = row("summary.housing_situation_share_final", "green");
    let want = json["summary"]["housing_situation_share_final"]["green"]["mean"].as_f64();
    assert_eq!(green[unit], "share");
    assert!((green[mean].parse::<f64>().unwrap() - want.unwrap()).abs() <= 0.00005);
    assert_eq!(row("summary", "hospits_person_months")[unit], "count");
    assert!(header.iter().any(|h| h == "scenario"), "text kept");
    assert!(rows.iter().all(|r| r[col(header, "scenario")] == "bergen"));
    // Monthly: 31 months (0–30) of the total cost, with its spread.
    let (m, k) = (col(mheader, "month"), col(mheader, "key"));
    let totals: Vec<&Vec<String>> = mrows
        .iter()
        .filter(|r| r[0] == "monthly" && r[k] == "total_cost_nok")
        .collect();
    assert_eq!(totals.len(), 31);
    assert_eq!(totals[30][m], "30");
    let want = json["monthly"][30]["total_cost_nok"]["mean"]
        .as_f64()
        .unwrap();
    let got: f64 = totals[30][col(mheader, "mean")].parse().unwrap();
    assert!((got - want).abs() <= 0.5);
    let sd: f64 = totals[30][col(mheader, "sd")].parse().unwrap();
    let want_sd = json["monthly"][30]["total_cost_nok"]["sd"]
        .as_f64()
        .unwrap();
    assert!((sd - want_sd).abs() <= 0.5);
}

#[test]
fn compare_workbook_has_each_strategy_and_the_paired_differences() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("compare.xlsx");
    let a = bergen();
    let b = common::shipped("bergen-more-small-houses.json")
        .display()
        .to_string();
    let mut args = vec!["compare", a.as_str(), b.as_str()];
    args.extend(RUN);
    args.extend(["--format", "xlsx", "--out", path.to_str().unwrap()]);
    ok(&args);
    let mut json_args = vec!["compare", a.as_str(), b.as_str()];
    json_args.extend(RUN);
    json_args.extend(["--format", "json"]);
    let json: Value = serde_json::from_slice(&ok(&json_args)).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    let second = json["columns"][1]["scenario"].as_str().unwrap().to_owned();
    for want in [
        "bergen",
        second.as_str(),
        "paired differences",
        "per year",
        "costs per year",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "no sheet {want} in {names:?}"
        );
    }
    let diffs = sheet(&mut wb, "paired differences");
    let h: Vec<String> = diffs[0].iter().map(text).collect();
    let mean = h.iter().position(|c| c == "mean").unwrap();
    let total = find(&diffs, "differences", "total_cost_nok");
    let want = json["differences"][0]["total_cost_nok"]["mean"].as_f64();
    assert_eq!(Some(number(&total[mean])), want);
    // Every strategy carries its per-year totals in the JSON.
    for c in json["columns"].as_array().unwrap() {
        assert_eq!(c["summary"]["per_year"].as_array().unwrap().len(), 3);
    }
}

#[test]
fn xlsx_is_never_written_to_standard_output() {
    let file = bergen();
    for out in [None, Some("-")] {
        let mut args = vec!["run", file.as_str(), "--format", "xlsx"];
        if let Some(o) = out {
            args.extend(["--out", o]);
        }
        let res = run_bin(&args);
        assert_eq!(res.status.code(), Some(2), "{args:?}");
        assert!(res.stdout.is_empty());
        assert!(stderr(&res).contains("--out FILE.xlsx"), "{}", stderr(&res));
    }
    assert!(Path::new(BIN).exists());
}

#[test]
fn merged_shards_write_the_same_csv_and_monthly_csv() {
    let dir = tempfile::tempdir().unwrap();
    let file = bergen();
    let path = |name: &str| dir.path().join(name).display().to_string();
    let base = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> = ["run", file.as_str()]
            .iter()
            .map(|s| s.to_string())
            .collect();
        a.extend(RUN.iter().map(|s| s.to_string()));
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let dialect = ["--csv-dialect", "norwegian", "--format", "csv"];
    let mut whole = base(&dialect);
    whole.extend([
        "--out".into(),
        path("whole.csv"),
        "--monthly-out".into(),
        path("whole-m.csv"),
    ]);
    let whole: Vec<&str> = whole.iter().map(String::as_str).collect();
    ok(&whole);
    for k in 1..=2 {
        let part = path(&format!("part{k}.json"));
        let shard = format!("{k}/2");
        let args = base(&["--shard", &shard, "--out", &part]);
        ok(&args.iter().map(String::as_str).collect::<Vec<_>>());
    }
    let (p1, p2, out, monthly) = (
        path("part1.json"),
        path("part2.json"),
        path("m.csv"),
        path("m-m.csv"),
    );
    let mut merge = vec!["merge", p1.as_str(), p2.as_str(), "--out", out.as_str()];
    merge.extend(["--monthly-out", monthly.as_str()]);
    merge.extend(dialect);
    ok(&merge);
    let read = |p: &str| std::fs::read_to_string(p).unwrap();
    let without_elapsed = |t: String| -> Vec<String> {
        t.lines()
            .filter(|l| !l.contains(";elapsed_seconds;"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(
        without_elapsed(read(&out)),
        without_elapsed(read(&path("whole.csv")))
    );
    assert_eq!(read(&monthly), read(&path("whole-m.csv")));
}
