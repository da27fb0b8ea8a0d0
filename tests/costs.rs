//! The cost model against hand-computed cases, and cost properties on generated scenarios.

use crate::common;

use housing_sim::cost::{CostItem, Payer, Perspective};
use housing_sim::engine::{self, Workspace};
use housing_sim::model::Model;
use housing_sim::scenario::{Profile, Program, Scenario, Severity, Units};
use housing_sim::{Category, Simulation, State};
use proptest::prelude::*;

/// One congregate program of 10 units with 8 residents who never move, 12 months.
fn fixed_occupancy() -> Scenario {
    let mut s = Scenario::new("fixed", 12);
    s.costs.fte_cost_per_year_nok = 600_000.0;
    s.profiles.push(
        Profile::new("stable", Severity::Moderate, Category::Congregate)
            .with_initial(State::Congregate, 8),
    );
    let mut g = Program::new("home", Category::Congregate, Units::Limited(10));
    g.staff_fte = 5.0;
    g.guards_fte = 1.0;
    g.caretaker_fte = 0.5;
    g.capital_per_unit_month_nok = 10_000.0;
    g.running_per_occupied_unit_month_nok = 2_000.0;
    g.extra_housing_outlay_per_month_nok = 1_000.0;
    g.resident_contribution_per_month_nok = 4_000.0;
    s.programs.push(g);
    s
}

fn one_replication(s: &Scenario) -> engine::Replication {
    let model = Model::new(s).unwrap();
    let mut ws = Workspace::new(&model);
    engine::simulate(&model, &mut ws, &mut engine::replication_rng(1, 0), &mut ())
}

#[test]
fn fixed_occupancy_costs_are_known_to_the_krone() {
    // Per month: staff 5 × 50,000 + guards 50,000 + caretaker 25,000 + capital 10 × 10,000
    // + running 8 × 2,000 + outlay 8 × 1,000 − rent received 8 × 4,000 = 417,000 NOK.
    let r = one_replication(&fixed_occupancy());
    let l = &r.ledger;
    assert_eq!(l.item(CostItem::Staff), 3_000_000.0);
    assert_eq!(l.item(CostItem::Guards), 600_000.0);
    assert_eq!(l.item(CostItem::Caretaker), 300_000.0);
    assert_eq!(l.item(CostItem::UnitCapital), 1_200_000.0);
    assert_eq!(l.item(CostItem::UnitRunning), 192_000.0);
    assert_eq!(l.item(CostItem::ExtraHousingOutlay), 96_000.0);
    assert_eq!(l.item(CostItem::ResidentContribution), -384_000.0);
    assert_eq!(l.total(), 5_004_000.0);
    // Σ_{t=1..12} 417,000 × 1.04^(−t/12)
    assert!(
        (l.total_discounted() - 4_899_125.344559).abs() < 0.01,
        "{}",
        l.total_discounted()
    );
    assert_eq!(l.payer(Payer::Resident), 384_000.0);
    assert_eq!(l.by_program, vec![5_004_000.0]);
}

#[test]
fn the_society_perspective_nets_out_residents_rent() {
    let mut s = fixed_occupancy();
    s.costs.perspective = Perspective::Society;
    let r = one_replication(&s);
    assert_eq!(r.ledger.item(CostItem::ResidentContribution), 0.0);
    assert_eq!(r.ledger.total(), 5_388_000.0);
}

#[test]
fn turnover_costs_are_known_to_the_krone() {
    // Three residents leave congregate housing for ordinary housing in month 1 with certainty:
    // repair 55,000 × (1 − 0.2) and 10 staff hours at 600,000 / 1,695 NOK each; then 3,000 NOK
    // follow-up per person-month for 12 months.
    let mut s = Scenario::new("turnover", 12);
    s.costs.fte_cost_per_year_nok = 600_000.0;
    s.costs.moving_staff_hours_per_move = 10.0;
    s.costs.person_month_nok.ordinary_follow_up = 3_000.0;
    s.profiles.push(
        Profile::new("leaving", Severity::Mild, Category::Congregate)
            .with_initial(State::Congregate, 3)
            .with_transitions(State::Congregate, [(State::Ordinary, 1.0)]),
    );
    let mut g = Program::new("home", Category::Congregate, Units::Limited(3));
    g.damage_reduction = 0.2;
    s.programs.push(g);
    let r = one_replication(&s);
    let l = &r.ledger;
    assert_eq!(l.item(CostItem::DamageRepair), 3.0 * 44_000.0);
    assert!((l.item(CostItem::MovingStaff) - 3.0 * 3_539.823008850).abs() < 1e-6);
    assert_eq!(l.item(CostItem::OrdinaryFollowUp), 108_000.0);
    assert!((l.total() - 250_619.469026549).abs() < 1e-6);
    assert!((l.total_discounted() - 247_890.611743).abs() < 1e-5);
    assert_eq!(r.events.moves, 3);
}

#[test]
fn aggressive_repair_is_drawn_between_the_report_figures() {
    let mut s = Scenario::new("aggressive", 1);
    let mut p = Profile::new("aggressive", Severity::Severe, Category::Specialized)
        .with_initial(State::Specialized, 200)
        .with_transitions(State::Specialized, [(State::Institution, 1.0)]);
    p.aggressive = true;
    s.profiles.push(p);
    s.programs.push(Program::new(
        "home",
        Category::Specialized,
        Units::Limited(200),
    ));
    let r = one_replication(&s);
    let mean = r.ledger.item(CostItem::DamageRepair) / 200.0;
    // Uniform on [150,000, 200,000]: mean 175,000, sd of the mean of 200 ≈ 1,021.
    assert!((mean - 175_000.0).abs() < 5_000.0, "{mean}");
}

#[test]
fn an_empty_program_still_pays_staff_guards_and_capital() {
    let mut s = fixed_occupancy();
    s.profiles[0].initial.clear();
    s.profiles[0].initial.insert(State::Ordinary, 8);
    let r = one_replication(&s);
    let l = &r.ledger;
    assert_eq!(r.final_program_occupancy, vec![0]);
    assert_eq!(l.item(CostItem::Staff), 3_000_000.0);
    assert_eq!(l.item(CostItem::Guards), 600_000.0);
    assert_eq!(l.item(CostItem::UnitCapital), 1_200_000.0);
    assert_eq!(l.item(CostItem::UnitRunning), 0.0);
}

#[test]
fn ratio_staffing_pays_for_the_participants_there() {
    let mut s = Scenario::new("ratio", 12);
    s.profiles.push(
        Profile::new("hf", Severity::Moderate, Category::HousingFirst)
            .with_initial(State::HousingFirst, 16),
    );
    let mut team = Program::new("team", Category::HousingFirst, Units::Unlimited);
    team.staff_per_resident = Some(0.125); // 1 : 8 (docs/sources.md §4, Bergen HF as planned)
    s.programs.push(team);
    let r = one_replication(&s);
    assert_eq!(r.ledger.item(CostItem::Staff), 2.0 * 756_000.0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Doubling the FTE cost doubles `staff` exactly (the dynamics do not depend on prices).
    #[test]
    fn doubling_the_fte_cost_doubles_staff(s in common::scenario(common::FULL)) {
        let mut double = s.clone();
        double.costs.fte_cost_per_year_nok *= 2.0;
        let (a, b) = (one_replication(&s), one_replication(&double));
        prop_assert_eq!(b.ledger.item(CostItem::Staff), 2.0 * a.ledger.item(CostItem::Staff));
        prop_assert_eq!(a.events, b.events);
    }

    /// Hospits is paid per person-month in bought temporary housing, and only then.
    #[test]
    fn hospits_cost_is_paid_only_when_used(s in common::scenario(common::FULL)) {
        let model = Model::new(&s).unwrap();
        let result = Simulation::new(&model).replications(3).seed(5).threads(1).run().unwrap();
        for r in result.records() {
            let hospits: f64 = r.ledger.undiscounted[CostItem::Hospits.index()].iter().sum();
            prop_assert_eq!(hospits, 27_000.0 * r.hospits_person_months as f64);
        }
    }
}
