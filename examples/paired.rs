//! A paired comparison, the economist's way: Bergen as it is against Bergen with twelve more
//! small houses, both run with the same seed so that replication i of each draws from the same
//! random stream, then every figure paired replication by replication.
//!
//! Run with `cargo run --release --example paired`.

use housing_sim::cost::{CostItem, Payer};
use housing_sim::summary::paired;
use housing_sim::{Colour, Event, Model, Replication, RunResult, Scenario, Simulation};
use std::error::Error;
use std::path::Path;

fn run(file: &str) -> Result<RunResult, Box<dyn Error>> {
    let scenario = Scenario::from_path(Path::new(file))?;
    let model = Model::new(&scenario)?;
    Ok(Simulation::new(&model).seed(2019).replications(400).run()?)
}

/// A figure of one replication.
type Figure = dyn Fn(&Replication) -> f64;

fn green_months(r: &Replication) -> f64 {
    r.colour_months[Colour::Green as usize] as f64
}

fn main() -> Result<(), Box<dyn Error>> {
    let base = run("scenarios/bergen.json")?;
    let more = run("scenarios/bergen-more-small-houses.json")?;
    let (a, b) = (base.records(), more.records());
    println!(
        "{} against {}, {} replications, paired (mean and 95 % CI of variant − base):",
        more.scenario, base.scenario, base.replications
    );
    let figures: [(&str, &Figure); 6] = [
        ("total cost, NOK", &|r| r.ledger.total()),
        ("discounted total cost, NOK", &|r| {
            r.ledger.total_discounted()
        }),
        ("hospits cost, NOK", &|r| r.ledger.item(CostItem::Hospits)),
        ("hospits person-months", &|r| r.hospits_person_months as f64),
        ("green person-months", &green_months),
        ("breakdowns", &|r| r.events.get(Event::Breakdowns) as f64),
    ];
    for (name, f) in figures {
        let d = paired(b, a, f);
        println!(
            "  {name:<28}{:>16.0}   [{:.0}, {:.0}]",
            d.mean, d.ci95[0], d.ci95[1]
        );
    }
    // Cost per additional stably housed person-month: the ratio of the mean differences.
    let cost = paired(b, a, |r| r.ledger.total()).mean;
    let green = paired(b, a, green_months).mean;
    if green > 0.0 {
        println!(
            "  cost per additional green person-month: {:.0} NOK",
            cost / green
        );
    }
    let municipality = paired(b, a, |r| r.ledger.payer(Payer::Municipality));
    println!("  paid by the municipality: {:.0} NOK", municipality.mean);
    Ok(())
}
