//! `compare`: the paired difference of every summary figure, `--perspective`, the population
//! warning, a table that keeps full names; and the staffing sweep's table and chart.

use crate::common;
use crate::common::{cli, cli_json as json};

use housing_sim::analysis::compare::{compare, Comparison};
use housing_sim::cost::{CostItem, Payer};
use housing_sim::engine::{Event, Replication};
use housing_sim::model::Model;
use housing_sim::scenario::{self, Scenario};
use housing_sim::stat::Stat;
use housing_sim::state::{Category, Colour};
use housing_sim::{RunSettings, Simulation};
use serde_json::Value;

/// A shipped scenario over `months` months.
fn shipped(name: &str, months: u32) -> Scenario {
    let mut s = scenario::from_file(&common::shipped(name)).unwrap();
    s.horizon_months = months;
    s
}

fn compare_of(scenarios: &[Scenario], replications: u32) -> Comparison {
    let models: Vec<Model> = scenarios.iter().map(|s| Model::new(s).unwrap()).collect();
    compare(&models, &RunSettings::new(replications, 7).unwrap()).unwrap()
}

/// Every replication's records of `s`, run on its own with the comparison's seed.
fn records(s: &Scenario, replications: u32) -> Vec<Replication> {
    let model = Model::new(s).unwrap();
    let r = Simulation::new(&model)
        .seed(7)
        .replications(replications)
        .run()
        .unwrap();
    r.records().to_vec()
}

/// The Stat of `f(b_i) − f(a_i)` over the two runs' own records.
fn by_hand(a: &[Replication], b: &[Replication], f: impl Fn(&Replication) -> f64) -> Stat {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| f(y) - f(x)).collect();
    Stat::of(&d)
}

#[test]
fn each_difference_is_the_difference_of_the_two_runs_replication_by_replication() {
    let a = shipped("bergen.json", 24);
    let b = shipped("bergen-more-small-houses.json", 24);
    let n = 12;
    let c = compare_of(&[a.clone(), b.clone()], n);
    let (ra, rb) = (records(&a, n), records(&b, n));
    let d = &c.differences[0];
    let s = &d.summary;
    let staff = CostItem::Staff;
    let municipality = Payer::Municipality;
    let specialized = Category::Specialized.index();
    let checks: [(&str, &Stat, Stat); 7] = [
        (
            "total",
            &s.total_cost_nok,
            by_hand(&ra, &rb, |r| r.ledger.total()),
        ),
        (
            "staff",
            &s.cost_by_item_nok[staff],
            by_hand(&ra, &rb, |r| r.ledger.item(staff)),
        ),
        (
            "municipality",
            &s.cost_by_payer_nok[municipality],
            by_hand(&ra, &rb, |r| r.ledger.payer(municipality)),
        ),
        (
            "hospits",
            &s.hospits_person_months,
            by_hand(&ra, &rb, |r| r.hospits_person_months as f64),
        ),
        (
            "waiting list",
            &s.final_waiting_list[Category::Specialized],
            by_hand(&ra, &rb, |r| r.final_waiting[specialized] as f64),
        ),
        (
            "breakdowns",
            &s.events[Event::Breakdowns],
            by_hand(&ra, &rb, |r| r.events.get(Event::Breakdowns) as f64),
        ),
        (
            // Programs are matched by id: small_houses is the second program of both.
            "small_houses",
            s.cost_by_program_nok.get("small_houses").unwrap(),
            by_hand(&ra, &rb, |r| r.ledger.by_program[1]),
        ),
    ];
    for (name, got, want) in checks {
        assert_eq!(*got, want, "{name}");
    }
    // The run's own difference is not zero everywhere (else the checks above prove nothing).
    assert!(s.cost_by_item_nok[staff].mean > 0.0);
    // The five figures of earlier versions are the same values.
    assert_eq!(d.total_cost_nok, s.total_cost_nok);
    assert_eq!(d.breakdowns, s.events[Event::Breakdowns]);
    assert_eq!(
        d.green_share_final,
        s.housing_situation_share_final[Colour::Green]
    );
    // The program only the variant has has no difference, and is named.
    assert!(s.cost_by_program_nok.get("small_houses_planned").is_none());
    assert_eq!(d.unmatched_programs, ["small_houses_planned"]);
    // The columns are the runs' own summaries.
    let own = Stat::of(&ra.iter().map(|r| r.ledger.total()).collect::<Vec<_>>());
    assert_eq!(c.columns[0].summary.total_cost_nok, own);
}

/// Every number in `v`, with its path.
fn numbers(v: &Value, path: String, out: &mut Vec<(String, f64)>) {
    match v {
        Value::Number(x) => out.push((path, x.as_f64().unwrap())),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                numbers(x, format!("{path}[{i}]"), out);
            }
        }
        Value::Object(o) => {
            // A horizon year's number and months name it; they are not differences.
            let labels = ["year", "first_month", "last_month"];
            for (k, x) in o.iter().filter(|(k, _)| !labels.contains(&k.as_str())) {
                numbers(x, format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn a_scenario_against_itself_differs_by_exactly_zero_everywhere() {
    let a = shipped("bergen.json", 36);
    let c = compare_of(&[a.clone(), a], 6);
    let d = serde_json::to_value(&c.differences[0]).unwrap();
    let mut all = Vec::new();
    numbers(&d, "differences[0]".into(), &mut all);
    // Costs, occupancy, colours, waiting lists, events, flows, retention: a few hundred.
    assert!(all.len() > 300, "{}", all.len());
    for (path, x) in &all {
        assert_eq!(*x, 0.0, "{path}");
    }
    // Retention after 12 months exists (stays were followed) and is exactly zero too.
    assert!(d["summary"]["retention"]["congregate"]["12"].is_object());
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
}

#[test]
fn the_population_warning_fires_for_two_municipalities_only() {
    let bergen = shipped("bergen.json", 2);
    let trondheim = shipped("trondheim.json", 2);
    let variant = shipped("bergen-more-small-houses.json", 2);
    let c = compare_of(&[bergen.clone(), trondheim], 2);
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
    assert!(
        c.warnings[0].contains("not a policy comparison: the populations differ"),
        "{}",
        c.warnings[0]
    );
    assert!(compare_of(&[bergen, variant], 2).warnings.is_empty());
    // Through the CLI: on standard error, and in the JSON.
    let args = [
        "compare",
        "scenarios/bergen.json",
        "scenarios/trondheim.json",
    ];
    let (code, stdout, stderr) = cli(&[&args[..], &["-r", "2", "-m", "2", "-f", "json"]].concat());
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning: trondheim against bergen: not a policy comparison"),
        "{stderr}"
    );
    let doc: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 1);
    let variant = [
        "compare",
        "scenarios/bergen.json",
        "scenarios/bergen-more-small-houses.json",
    ];
    let (code, _, stderr) = cli(&[&variant[..], &["-r", "2", "-m", "2"]].concat());
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn perspective_changes_the_totals_as_run_does() {
    // reference-w1 counts costs for society; --perspective municipality leaves out the others.
    let file = "scenarios/reference-w1.json";
    let common_args = ["-r", "4", "-m", "12", "-f", "json"];
    let run = |extra: &[&str]| json(&[&["run", file][..], extra, &common_args].concat());
    let cmp = |extra: &[&str]| json(&[&["compare", file, file][..], extra, &common_args].concat());
    let flag = ["--perspective", "municipality"];
    let total = |v: &Value| v["total_cost_nok"]["mean"].as_f64().unwrap();
    let (run_m, cmp_m) = (run(&flag), cmp(&flag));
    let (run_s, cmp_s) = (run(&[]), cmp(&[]));
    assert_eq!(cmp_m["columns"][0]["perspective"], "municipality");
    assert_eq!(cmp_s["columns"][0]["perspective"], "society");
    assert_eq!(
        total(&cmp_m["columns"][0]["summary"]),
        total(&run_m["summary"])
    );
    assert_eq!(
        total(&cmp_s["columns"][0]["summary"]),
        total(&run_s["summary"])
    );
    assert!(total(&run_m["summary"]) < total(&run_s["summary"]));
}

#[test]
fn the_table_keeps_long_names_and_shows_differences_with_intervals() {
    let dir = tempfile::tempdir().unwrap();
    let long = "bergen with twelve more small houses in clusters and a caretaker for each cluster";
    let mut v: Value = serde_json::from_str(
        &std::fs::read_to_string(common::shipped("bergen-more-small-houses.json")).unwrap(),
    )
    .unwrap();
    v["name"] = Value::String(long.into());
    let variant = dir.path().join("variant.json");
    std::fs::write(&variant, v.to_string()).unwrap();
    let (code, table, stderr) = cli(&[
        "compare",
        "scenarios/bergen.json",
        variant.to_str().unwrap(),
        "-r",
        "3",
        "-m",
        "12",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let header = table.lines().find(|l| l.contains(long)).expect(long);
    assert!(header.trim_start().starts_with("bergen"), "{header}");
    assert!(
        table.contains(&format!("Differences from bergen: {long} minus bergen")),
        "{table}"
    );
    for row in [
        "total cost (NOK)",
        "total cost, discounted (NOK)",
        "  staff",
        "  municipality",
        "green at the end",
        "hospits person-months",
        "waiting list specialized, mean",
        "breakdowns",
    ] {
        let line = table
            .lines()
            .skip_while(|l| !l.starts_with("Differences"))
            .find(|l| l.contains(row))
            .unwrap_or_else(|| panic!("no row {row} in\n{table}"));
        assert!(line.contains(" to "), "{line}");
    }
    // Every line of the side-by-side part has the cells under the header's names.
    let width = header.chars().count();
    for line in table.lines().skip_while(|l| !l.contains(long)).take(4) {
        assert_eq!(line.chars().count(), width, "{line}");
    }
}

#[test]
fn the_sweep_table_has_intervals_and_the_chart_four_panels() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("sweep.svg");
    let (code, table, stderr) = cli(&[
        "sweep-staffing",
        "scenarios/bergen.json",
        "--program",
        "small_houses",
        "--ratios",
        "0.25,0.5,1",
        "-r",
        "6",
        "--plot",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    for header in [
        "Staff per resident",
        "Breakdowns per year",
        "Repair cost (MNOK)",
        "Hospits months",
        "Total cost (MNOK)",
    ] {
        assert!(table.contains(header), "{header} in\n{table}");
    }
    // Every level's line: a mean with its interval, e.g. `473.8 (471.6–476.0)`.
    let rows: Vec<&str> = table
        .lines()
        .filter(|l| l.trim_start().starts_with("0.250"))
        .collect();
    assert_eq!(rows.len(), 2, "{table}");
    for row in rows {
        assert!(row.matches(" (").count() >= 3 && row.contains('–'), "{row}");
    }
    let svg = std::fs::read_to_string(&svg).unwrap();
    for panel in [
        "Breakdowns per year",
        "Repair cost of damage",
        "Hospits months",
        "Total cost",
        "staff (FTE) per resident",
        "95 % confidence interval",
    ] {
        assert!(svg.contains(panel), "the chart lacks {panel}");
    }
}
