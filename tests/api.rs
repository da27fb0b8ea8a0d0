//! The economist's API as the product contract writes it, and its promises: the same JSON as
//! the command line, errors instead of panics, typed results, pairing by replication.

use crate::common;

use housing_sim::analysis::break_even::{self, Overrides};
use housing_sim::analysis::compare::compare;
use housing_sim::{Category, Event, Model, RunError, RunSettings, Scenario, Simulation};
use std::path::Path;

/// The program of the contract, verbatim but for returning its JSON.
fn contract_program() -> Result<String, Box<dyn std::error::Error>> {
    use housing_sim::{Model, Scenario, Simulation};
    let scenario = Scenario::from_path(std::path::Path::new("scenarios/bergen.json"))?; // or built in code
    let model = Model::new(&scenario)?; // the one validation gate; no file-name argument
    let result = Simulation::new(&model)
        .seed(42)
        .replications(200)
        .threads(2)
        .run()?;
    Ok(serde_json::to_string(&result)?)
}

fn without_elapsed(mut v: serde_json::Value) -> serde_json::Value {
    v.as_object_mut().unwrap().remove("elapsed_seconds");
    v
}

#[test]
fn the_contract_program_prints_the_json_of_run() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).unwrap();
    let library: serde_json::Value = serde_json::from_str(&contract_program().unwrap()).unwrap();
    let out = common::run_bin([
        "run",
        "scenarios/bergen.json",
        "--seed",
        "42",
        "--replications",
        "200",
        "--threads",
        "1",
        "--format",
        "json",
    ]);
    common::assert_exit(&out, "run", 0);
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(without_elapsed(library), without_elapsed(cli));
}

fn bergen() -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bergen.json");
    Model::new(&Scenario::from_path(&path).unwrap()).unwrap()
}

#[test]
fn bad_options_are_errors_not_panics() {
    let model = bergen();
    let zero = Simulation::new(&model).replications(0).run().unwrap_err();
    assert!(matches!(
        zero,
        RunError::InvalidOption {
            option: "replications",
            ..
        }
    ));
    let too_many = Simulation::new(&model).replications(u32::MAX).run();
    assert!(too_many.is_err());
    let no_threads = Simulation::new(&model).threads(0).run().unwrap_err();
    assert!(
        no_threads.to_string().starts_with("threads:"),
        "{no_threads}"
    );
    // Errors go into Box<dyn Error> and never name a command-line flag.
    let boxed: Box<dyn std::error::Error> = Box::new(zero);
    assert!(!boxed.to_string().contains("--"));

    let mut s = Scenario::from_path(Path::new(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bergen.json"),
    ))
    .unwrap();
    s.horizon_months = 1_000_000_000;
    s.profiles[0].transitions.clear();
    s.costs.discount_rate_per_year = f64::NAN;
    let e = Model::new(&s).unwrap_err();
    let text = e.to_string();
    assert!(text.contains("bergen.json"), "{text}");
    assert!(text.contains("horizon_months"), "{text}");
    assert!(text.contains("costs.discount_rate_per_year"), "{text}");
}

#[test]
fn results_are_typed_and_records_pair_strategies() {
    let model = bergen();
    let r = Simulation::new(&model)
        .seed(3)
        .replications(30)
        .run()
        .unwrap();
    let s = &r.summary;
    assert!(s.events[Event::Moves].mean > 0.0);
    assert!(s.retention[Category::HousingFirst]
        .after_months(12)
        .is_some());
    assert!(s.retention[Category::HousingFirst]
        .after_months(13)
        .is_none());
    // The municipality's perspective counts what the municipality pays, net of the residents'
    // rent it receives; the residents pay that rent (a cost of theirs, outside the total).
    let by_payer = |p: housing_sim::cost::Payer| s.discounted_cost_by_payer_nok[p].mean;
    let total = s.discounted_total_cost_nok.mean;
    assert!(total > 0.0);
    assert!((by_payer(housing_sim::cost::Payer::Municipality) - total).abs() <= 1e-6 * total);
    assert!(by_payer(housing_sim::cost::Payer::Resident) > 0.0);
    // Pair a figure replication by replication with a second strategy on the same seed.
    let again = Simulation::new(&model)
        .seed(3)
        .replications(30)
        .run()
        .unwrap();
    let d = housing_sim::summary::paired(r.records(), again.records(), |x| {
        x.hospits_person_months as f64
    });
    assert_eq!((d.mean, d.sd), (0.0, 0.0));
}

/// The break-even curve at N places is `compare` of the scenario at N places against it at 0,
/// paired replication by replication.
#[test]
fn a_break_even_curve_point_equals_compare_of_its_two_scenarios() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bergen-hf-14.json");
    let scenario = Scenario::from_path(&path).unwrap();
    let given = Overrides {
        replications: Some(300),
        max_participants: Some(25),
        ..Overrides::default()
    };
    let setup = break_even::resolve(Some(&scenario), &given).unwrap();
    let curve = break_even::curve(&setup, &()).unwrap();
    let months = setup.scenario.horizon_months as f64;
    for n in [5u32, 14, 20] {
        let with = Model::new(&break_even::at_places(&setup, n).unwrap()).unwrap();
        let without = Model::new(&break_even::at_places(&setup, 0).unwrap()).unwrap();
        let settings = RunSettings::new(300, setup.settings.seed()).unwrap();
        let c = compare(&[without, with], &settings).unwrap();
        let diff = &c.differences[0].total_cost_nok; // with − without
        let point = &curve[n as usize - 1].net_saving_per_month;
        let se = (diff.sd / months) / 300f64.sqrt();
        let from_compare = -diff.mean / months;
        assert!(
            (point.mean - from_compare).abs() <= 3.0 * se + 1e-6,
            "N = {n}: curve {} against compare {from_compare} (se {se})",
            point.mean
        );
        assert!(point.sd > 0.0, "participants leave: the saving varies");
    }
}

/// Library misuse is an error or harmless, never a panic (issue 14, item 6).
#[test]
fn library_misuse_does_not_panic() {
    use housing_sim::engine::{replication_rng, simulate, Workspace};
    let bergen = bergen();
    let hf = Model::new(
        &Scenario::from_path(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/bergen-hf-14.json"),
        )
        .unwrap(),
    )
    .unwrap();
    // Another model's workspace is rebuilt, with the same result as a fresh one.
    let mut theirs = Workspace::new(&hf);
    let a = simulate(&bergen, &mut theirs, &mut replication_rng(5, 0), &mut ());
    let b = simulate(
        &bergen,
        &mut Workspace::new(&bergen),
        &mut replication_rng(5, 0),
        &mut (),
    );
    assert_eq!(a.ledger.total(), b.ledger.total());
    assert_eq!(a.events, b.events);
    // A number of units that means "unlimited" in disguise is refused with its path.
    let mut s = hf.scenario().clone();
    s.programs[0].units = housing_sim::scenario::Units::Limited(u32::MAX);
    let e = Model::new(&s).unwrap_err().to_string();
    assert!(e.contains("programs[0].units"), "{e}");
    // Zero replications, for every analysis.
    assert!(RunSettings::new(0, 1).is_err());
    let zero = Overrides {
        team_fte: Some(6.0),
        replications: Some(0),
        ..Overrides::default()
    };
    assert!(break_even::resolve(None, &zero).is_err());
    let nan = Overrides {
        team_fte: Some(f64::NAN),
        ..Overrides::default()
    };
    assert!(break_even::resolve(None, &nan).is_err());
}
