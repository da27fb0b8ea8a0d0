//! External validation against a trial the model was not built from: the high-needs arm of
//! At Home/Chez Soi (docs/sources.md §11), rebuilt in `scenarios/validation/`. The files' rates
//! and prices are recomputed from the published figures, then `compare` must reproduce the time
//! stably housed and `psa` the ICER per stable-housing day, its interval, the probability of
//! cost-effectiveness at Can$60 a day and the net cost per person-year.

use crate::common;

use common::{assert_exit, run_bin, stderr};
use housing_sim::analysis::calibrate::{fit_two_state, Pace};
use housing_sim::analysis::compare;
use housing_sim::analysis::psa::{self, Effect, PsaOptions};
use housing_sim::model::Model;
use housing_sim::run::RunSettings;
use housing_sim::scenario::Scenario;
use housing_sim::{Colour, Simulation};
use serde_json::Value;
use std::path::PathBuf;

/// Share of the 24 months stably housed, Housing First and treatment as usual (§11).
const TIME_HOUSED: [f64; 2] = [0.71, 0.29];
/// Share stably housed at month 12 (§11).
const HOUSED_AT_12: [f64; 2] = [0.73, 0.31];
/// Net cost of Housing First, Can$ per person-year, and the share of its cost offset (§11).
const NET_COST_PER_PERSON_YEAR: f64 = 6_311.0;
const OFFSET_SHARE: f64 = 0.69;
/// The published 95 % confidence interval of the ICER, Can$ per additional stable day (§11).
const ICER_CI: (f64, f64) = (1.96, 83.70);
/// The willingness to pay at which the trial reports the probability of cost-effectiveness.
const WTP_PER_DAY: f64 = 60.0;
/// Participants in each file and years followed: per-person figures divide totals by both.
const PERSON_YEARS: f64 = 100.0 * 2.0;
/// Largest accepted distance between a simulated share and the published one (3 points).
const SHARE_TOLERANCE: f64 = 0.03;

fn file(arm: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios/validation")
        .join(format!("at-home-{arm}.json"))
}

fn load(arm: &str) -> Scenario {
    Scenario::from_path(&file(arm)).unwrap()
}

fn json(arm: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(file(arm)).unwrap()).unwrap()
}

/// The reference first: treatment as usual, then Housing First.
fn arms() -> [Scenario; 2] {
    [load("tau"), load("hf")]
}

fn close(what: &str, found: f64, expected: f64, tolerance: f64) {
    assert!(
        (found - expected).abs() <= tolerance,
        "{what}: {found} vs {expected} ± {tolerance}"
    );
}

#[test]
fn the_files_rates_and_prices_are_the_published_figures_fitted() {
    // Rates: the two-state chain through both published shares (the files round to 5 decimals).
    for (arm, green, pace, i) in [
        ("hf", "housing_first", Pace::Fast, 0),
        ("tau", "ordinary", Pace::Slow, 1),
    ] {
        let fit = fit_two_state(TIME_HOUSED[i], 24, HOUSED_AT_12[i], 12, pace).unwrap();
        let rows = &json(arm)["profiles"][0]["transitions"];
        let enter = rows["homeless"]["to"][green].as_f64().unwrap();
        let leave = rows[green]["to"]["homeless"].as_f64().unwrap();
        close(&format!("{arm} enter"), enter, fit.enter, 5e-6);
        close(&format!("{arm} leave"), leave, fit.leave, 5e-6);
    }
    // Prices: the intervention's cost and its offset per person-year, from the net cost.
    let intervention = NET_COST_PER_PERSON_YEAR / (1.0 - OFFSET_SHARE);
    let offset = OFFSET_SHARE * intervention;
    let fewer_unhoused_months = 12.0 * (TIME_HOUSED[0] - TIME_HOUSED[1]);
    for arm in ["hf", "tau"] {
        let unhoused = json(arm)["costs"]["person_month_nok"]["homeless"]
            .as_f64()
            .unwrap();
        close(
            "cost per unhoused month",
            unhoused,
            offset / fewer_unhoused_months,
            0.005,
        );
    }
    let team = &json("hf")["programs"][0];
    let rent = team["rent_per_occupied_unit_month_nok"].as_f64().unwrap();
    let fte = team["staff_fte"].as_f64().unwrap();
    let act_per_person_year = intervention - 12.0 * TIME_HOUSED[0] * rent;
    let per_fte = team["fte_cost_per_year_nok"].as_f64().unwrap();
    close(
        "ACT cost per FTE",
        per_fte,
        act_per_person_year * 100.0 / fte,
        0.5,
    );
}

#[test]
fn compare_reproduces_the_time_stably_housed() {
    let models: Vec<Model> = arms().iter().map(|s| Model::new(s).unwrap()).collect();
    let settings = RunSettings::new(200, 2016).unwrap();
    let c = compare::compare(&models, &settings).unwrap();
    assert_eq!(c.currency, "CAD");
    for (i, column) in c.columns.iter().enumerate() {
        let housed = column.summary.housing_situation_share_mean[Colour::Green].mean;
        close(
            &column.scenario,
            housed,
            TIME_HOUSED[1 - i],
            SHARE_TOLERANCE,
        );
    }
    // The net cost per person-year of the paired difference, as the trial's 6,311 (± 15 %).
    let net = c.differences[0].total_cost_nok.mean / PERSON_YEARS;
    close(
        "net cost per person-year",
        net,
        NET_COST_PER_PERSON_YEAR,
        0.15 * 6_311.0,
    );
    // The share housed at month 12.
    for (i, model) in models.iter().enumerate() {
        let r = Simulation::new(model)
            .seed(2016)
            .replications(200)
            .run()
            .unwrap();
        let at_12 = r.monthly[12].housing_situation_share[Colour::Green];
        close(&r.scenario, at_12, HOUSED_AT_12[1 - i], SHARE_TOLERANCE);
        assert_eq!(serde_json::to_value(&r).unwrap()["currency"], "CAD");
    }
}

#[test]
fn psa_reproduces_the_icer_its_interval_and_the_acceptability_at_60_a_day() {
    let scenarios = arms();
    let options = PsaOptions {
        samples: 300,
        effect: Effect::StableHousingDays,
        wtp: vec![0.0, 30.0, WTP_PER_DAY, 90.0],
    };
    let settings = RunSettings::new(10, 2020).unwrap();
    let r = psa::psa(&scenarios, &options, settings, &()).unwrap();
    assert_eq!(r.currency, "CAD");
    let hf = r.icers.iter().find(|i| i.strategy == "at-home-hf").unwrap();
    let icer = hf.icer.expect("Housing First is on the frontier");
    assert!(
        (ICER_CI.0..=ICER_CI.1).contains(&icer),
        "ICER {icer} outside the published interval {ICER_CI:?}"
    );
    let net = hf.incremental_cost.unwrap() / PERSON_YEARS;
    close(
        "net cost per person-year",
        net,
        NET_COST_PER_PERSON_YEAR,
        0.15 * 6_311.0,
    );
    // The interval of the per-sample ICERs (2.5th–97.5th percentile) near the published one.
    let o = &r.rows.outcomes;
    let mut ratios: Vec<f64> = (0..options.samples as usize)
        .map(|k| (o.cost(1)[k] - o.cost(0)[k]) / (o.effect(1)[k] - o.effect(0)[k]))
        .collect();
    ratios.sort_by(f64::total_cmp);
    let at = |q: f64| ratios[(q * (ratios.len() - 1) as f64).round() as usize];
    close("ICER 2.5th percentile", at(0.025), ICER_CI.0, 15.0);
    close("ICER 97.5th percentile", at(0.975), ICER_CI.1, 20.0);
    let at_60 = r.ceac.iter().find(|c| c.wtp == WTP_PER_DAY).unwrap();
    let p = at_60.probability.get("at-home-hf").unwrap();
    assert!(p > 0.8, "P(cost-effective at {WTP_PER_DAY} a day) = {p}");
}

#[test]
fn the_psa_command_runs_the_pair_and_prints_cad() {
    let out = run_bin([
        "psa".as_ref(),
        file("tau").as_os_str(),
        file("hf").as_os_str(),
        "--samples".as_ref(),
        "20".as_ref(),
        "--replications".as_ref(),
        "2".as_ref(),
        "--wtp-max".as_ref(),
        "120".as_ref(),
        "--wtp-step".as_ref(),
        "10".as_ref(),
    ]);
    assert_exit(&out, "psa of the validation pair", 0);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("CAD per day"), "{text}");
    assert!(!text.contains("NOK"), "{text}");
}

#[test]
fn strategies_in_two_currencies_are_refused_naming_the_files_and_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = json("hf");
    doc["costs"]["currency"] = "NOK".into();
    let nok = dir.path().join("at-home-hf-in-nok.json");
    std::fs::write(&nok, doc.to_string()).unwrap();
    for (command, size) in [("compare", "--replications"), ("psa", "--samples")] {
        let out = run_bin([
            command.as_ref(),
            file("tau").as_os_str(),
            nok.as_os_str(),
            size.as_ref(),
            "2".as_ref(),
        ]);
        assert_exit(&out, command, 2);
        let message = stderr(&out);
        for part in [
            "at-home-hf-in-nok.json",
            "at-home-tau.json",
            "costs.currency",
        ] {
            assert!(message.contains(part), "{command}: {message}");
        }
    }
    // A currency must be a short code.
    doc["costs"]["currency"] = "Can $".into();
    let s = Scenario::from_json(&doc.to_string()).unwrap();
    let e = Model::new(&s).unwrap_err().to_string();
    assert!(e.contains("costs.currency") && e.contains("Can $"), "{e}");
}
