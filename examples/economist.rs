//! The economist's path: build a scenario in code, run it, read typed results.
//!
//! A small municipality with one specialised congregate home (12 units, 12 FTE — close to the
//! 1 : 1 staffing of docs/sources.md §4), a Housing First team and hospits places bought by NAV
//! (25,000 + 2,000 NOK per person-month, docs/sources.md §5). Transition rates are illustrative
//! assumptions. Compares the cost of adding 4 specialised units.
//!
//! Run with `cargo run --release --example economist`.

use housing_sim::cost::CostItem;
use housing_sim::scenario::{
    BreakdownRule, HospitsPrice, Profile, Program, Scenario, Severity, Units,
};
use housing_sim::{Category, Colour, Model, Simulation, State};

fn scenario(specialised_units: u32) -> Scenario {
    let mut s = Scenario::new("small-town", 60);
    s.seed = 2026;

    // Severe, outward-aggressive residents who need specialised housing.
    let mut severe = Profile::new("severe_aggressive", Severity::Severe, Category::Specialized)
        .with_initial(State::Specialized, 10)
        .with_initial(State::Temporary, 4)
        .with_transitions(
            State::Specialized,
            [(State::Institution, 0.01), (State::Exited, 0.003)],
        )
        .with_transitions(
            State::Temporary,
            [(State::Specialized, 0.3), (State::Homeless, 0.05)],
        )
        .with_transitions(
            State::Homeless,
            [(State::Specialized, 0.2), (State::Institution, 0.05)],
        )
        .with_transitions(
            State::Institution,
            [(State::Specialized, 0.15), (State::Temporary, 0.1)],
        );
    severe.aggressive = true;
    severe.misplaced_in = vec![Category::Congregate];
    severe.breakdown.push(BreakdownRule {
        category: Category::Specialized,
        base_probability: 0.01,
        required_staff_per_resident: 1.0,
        elasticity: 1.0,
        to: State::Temporary,
    });

    // Moderate residents served by Housing First.
    let moderate = Profile::new("moderate", Severity::Moderate, Category::HousingFirst)
        .with_initial(State::HousingFirst, 15)
        .with_initial(State::Temporary, 5)
        .with_transitions(
            State::HousingFirst,
            [(State::Temporary, 0.012), (State::Ordinary, 0.005)],
        )
        .with_transitions(State::Temporary, [(State::HousingFirst, 0.25)])
        .with_transitions(State::Ordinary, [(State::Temporary, 0.005)]);

    let mut home = Program::new(
        "staffed_home",
        Category::Specialized,
        Units::Limited(specialised_units),
    );
    home.staff_fte = 12.0;
    home.capital_per_unit_month_nok = 15_000.0;
    let mut congregate = Program::new("congregate", Category::Congregate, Units::Limited(6));
    congregate.staff_fte = 3.0;
    let mut hf = Program::new(
        "housing_first_team",
        Category::HousingFirst,
        Units::Unlimited,
    );
    hf.staff_fte = 3.0;
    hf.rent_per_occupied_unit_month_nok = 9_000.0;
    hf.resident_contribution_per_month_nok = 6_000.0;
    let mut hospits = Program::new("hospits", Category::Temporary, Units::Unlimited);
    hospits.hospits = Some(HospitsPrice {
        housing_per_month_nok: 25_000.0,
        follow_up_per_month_nok: 2_000.0,
    });

    s.profiles = vec![severe, moderate];
    s.programs = vec![home, congregate, hf, hospits];
    s
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for units in [12, 16] {
        let model = Model::new(&scenario(units))?;
        let result = Simulation::new(&model).replications(2000).run()?;
        let s = &result.summary;
        println!("specialised units: {units}");
        println!(
            "  total cost over 5 years: {:.1} MNOK (95 % CI {:.1}–{:.1})",
            s.total_cost_nok.mean / 1e6,
            s.total_cost_nok.ci95[0] / 1e6,
            s.total_cost_nok.ci95[1] / 1e6
        );
        println!(
            "  hospits:                 {:.1} MNOK",
            s.cost_by_item_nok[CostItem::Hospits].mean / 1e6
        );
        println!(
            "  damage and repair:       {:.1} MNOK",
            s.cost_by_item_nok[CostItem::DamageRepair].mean / 1e6
        );
        println!(
            "  green share at the end:  {:.1} %",
            100.0 * s.housing_situation_share_final[Colour::Green].mean
        );
        println!(
            "  waiting for specialised: {:.1}",
            s.final_waiting_list[Category::Specialized].mean
        );
        println!(
            "  Housing First retention at 24 months: {}",
            s.retention[Category::HousingFirst].after[1].map_or(
                "no stay qualifies".into(),
                |r| format!("{:.1} %", 100.0 * r.mean)
            )
        );
    }
    Ok(())
}
