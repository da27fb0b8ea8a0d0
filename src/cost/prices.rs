//! The one price list: every rule that turns quantities (FTE, units, occupied unit-months,
//! person-months, move-outs) into kroner, by item. The engine books what it returns into the
//! [`Ledger`]; the analyses (the closed-form break-even, the planner) ask it the same questions,
//! so a krone is priced the same way everywhere and counted for the same payers.

use super::item::{CostItem, Payer, Perspective, N_ITEMS};
use super::ledger::Ledger;
use crate::scenario::Scenario;
use crate::state::{Category, State};

/// The prices of one program.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgramPrices {
    /// Full cost of one FTE per month (staff, guards, caretaker).
    pub fte_cost_per_month: f64,
    /// Capital or rent cost per unit-month, every unit.
    pub capital_per_unit_month: f64,
    /// Running cost per occupied unit-month.
    pub running_per_occupied_month: f64,
    /// Housing First dwelling rent per participant-month.
    pub rent_per_occupied_month: f64,
    /// Hospits housing + follow-up per person-month.
    pub hospits_per_person_month: f64,
    /// Residents' own rent per month (received by the item's payer).
    pub contribution_per_month: f64,
    /// The municipality's extra housing outlay per resident-month.
    pub extra_outlay_per_month: f64,
    /// Whether a move-out costs repair.
    pub repair_on_move_out: bool,
    /// Share of repair avoided (guards, caretaker).
    pub damage_reduction: f64,
    /// Staff cost of helping one resident move out.
    pub moving_cost: f64,
}

/// The staffing quantities of one program in one month, in FTE.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StaffMonth {
    /// Program staff.
    pub staff_fte: f64,
    /// Security guards.
    pub guards_fte: f64,
    /// Caretaker.
    pub caretaker_fte: f64,
}

/// Every price of a scenario, and who pays what.
#[derive(Clone, Debug, PartialEq)]
pub struct PriceList {
    programs: Vec<ProgramPrices>,
    payer_of: [Payer; N_ITEMS],
    perspective: Perspective,
    discount_rate: f64,
    repair_ordinary: f64,
    repair_aggressive: (f64, f64),
    ordinary_follow_up: f64,
    homeless: f64,
    institution: f64,
}

/// Items a program books every month, in booking order.
pub const PROGRAM_MONTH_ITEMS: usize = 9;

impl PriceList {
    /// The prices of a (validated) scenario.
    pub fn new(s: &Scenario) -> PriceList {
        let c = &s.costs;
        let programs = s
            .programs
            .iter()
            .map(|g| {
                let fte_cost = g.fte_cost_per_year_nok.unwrap_or(c.fte_cost_per_year_nok);
                ProgramPrices {
                    fte_cost_per_month: fte_cost / 12.0,
                    capital_per_unit_month: g.capital_per_unit_month_nok,
                    running_per_occupied_month: g.running_per_occupied_unit_month_nok,
                    rent_per_occupied_month: g.rent_per_occupied_unit_month_nok,
                    hospits_per_person_month: g
                        .hospits
                        .as_ref()
                        .map_or(0.0, |h| h.housing_per_month_nok + h.follow_up_per_month_nok),
                    contribution_per_month: g.resident_contribution_per_month_nok,
                    extra_outlay_per_month: g.extra_housing_outlay_per_month_nok,
                    repair_on_move_out: g
                        .repair_on_move_out
                        .unwrap_or(g.category != Category::Temporary),
                    damage_reduction: g.damage_reduction,
                    moving_cost: c.moving_staff_hours_per_move * fte_cost / c.hours_per_fte_year,
                }
            })
            .collect();
        let mut payer_of = [Payer::Municipality; N_ITEMS];
        for item in CostItem::ALL {
            payer_of[item.index()] = *c.payers.get(&item).unwrap_or(&item.default_payer());
        }
        PriceList {
            programs,
            payer_of,
            perspective: c.perspective,
            discount_rate: c.discount_rate_per_year,
            repair_ordinary: c.repair.ordinary_nok,
            repair_aggressive: (c.repair.aggressive_min_nok, c.repair.aggressive_max_nok),
            ordinary_follow_up: c.person_month_nok.ordinary_follow_up,
            homeless: c.person_month_nok.homeless,
            institution: c.person_month_nok.institution,
        }
    }

    /// The prices of program `g` (scenario order).
    pub fn program(&self, g: usize) -> &ProgramPrices {
        &self.programs[g]
    }

    /// Who pays each item.
    pub fn payer_of(&self) -> [Payer; N_ITEMS] {
        self.payer_of
    }

    /// Whose costs the totals count.
    pub fn perspective(&self) -> Perspective {
        self.perspective
    }

    /// Annual discount rate.
    pub fn discount_rate(&self) -> f64 {
        self.discount_rate
    }

    /// An empty ledger that books by these payers and this perspective.
    pub fn ledger(&self) -> Ledger {
        Ledger::new(self.payer_of, self.perspective, self.programs.len())
    }

    /// What program `g` costs in one month with `staff` on duty, `units` units (`None`:
    /// unlimited, no capital cost) and `occupied` residents: staff, guards and caretaker at the
    /// FTE cost, capital for every unit, and per occupied unit-month running cost, Housing
    /// First rent, hospits, extra housing outlay and the residents' contribution.
    #[inline]
    pub fn program_month(
        &self,
        g: usize,
        staff: StaffMonth,
        units: Option<u32>,
        occupied: u32,
    ) -> [(CostItem, f64); PROGRAM_MONTH_ITEMS] {
        let p = &self.programs[g];
        let occ = occupied as f64;
        let fte = p.fte_cost_per_month;
        [
            (CostItem::Staff, staff.staff_fte * fte),
            (CostItem::Guards, staff.guards_fte * fte),
            (CostItem::Caretaker, staff.caretaker_fte * fte),
            (
                CostItem::UnitCapital,
                units.map_or(0.0, |u| u as f64 * p.capital_per_unit_month),
            ),
            (CostItem::UnitRunning, occ * p.running_per_occupied_month),
            (CostItem::HousingFirstRent, occ * p.rent_per_occupied_month),
            (CostItem::Hospits, occ * p.hospits_per_person_month),
            (CostItem::ExtraHousingOutlay, occ * p.extra_outlay_per_month),
            (
                CostItem::ResidentContribution,
                occ * p.contribution_per_month,
            ),
        ]
    }

    /// What a move-out from program `g` costs: repair (the aggressive range for an
    /// outward-aggressive or misplaced resident, drawn by `draw(lo, hi)`; the ordinary price
    /// otherwise) less the program's damage reduction, and the staff hours of the move. `None`
    /// when the program does not repair on move-out (nothing is drawn then).
    #[inline]
    pub fn move_out(
        &self,
        g: usize,
        aggressive_or_misplaced: bool,
        draw: impl FnOnce(f64, f64) -> f64,
    ) -> Option<[(CostItem, f64); 2]> {
        let p = &self.programs[g];
        if !p.repair_on_move_out {
            return None;
        }
        let repair = if aggressive_or_misplaced {
            let (lo, hi) = self.repair_aggressive;
            draw(lo, hi)
        } else {
            self.repair_ordinary
        };
        Some([
            (CostItem::DamageRepair, repair * (1.0 - p.damage_reduction)),
            (CostItem::MovingStaff, p.moving_cost),
        ])
    }

    /// The expected cost of a move-out from program `g` (the aggressive range at its mean).
    pub fn expected_move_out(&self, g: usize, aggressive_or_misplaced: bool) -> f64 {
        self.move_out(g, aggressive_or_misplaced, |lo, hi| (lo + hi) / 2.0)
            .map_or(0.0, |items| items.iter().map(|(_, x)| x).sum())
    }

    /// Costs per person-month in the states without programs: follow-up in ordinary housing,
    /// homelessness, institutions.
    #[inline]
    pub fn person_month(&self) -> [(CostItem, State, f64); 3] {
        [
            (
                CostItem::OrdinaryFollowUp,
                State::Ordinary,
                self.ordinary_follow_up,
            ),
            (CostItem::Homeless, State::Homeless, self.homeless),
            (CostItem::Institution, State::Institution, self.institution),
        ]
    }

    /// What `items` come to for the perspective (each booked for its payer; residents' rent
    /// is a receipt for its payer and a cost for the resident).
    pub fn counted(&self, items: &[(CostItem, f64)]) -> f64 {
        let mut l = Ledger::new(self.payer_of, self.perspective, 0);
        for (item, amount) in items {
            l.book(*item, None, *amount, 1.0);
        }
        l.total()
    }

    /// One month of program `g` as the perspective counts it.
    pub fn program_month_counted(
        &self,
        g: usize,
        staff: StaffMonth,
        units: Option<u32>,
        occupied: u32,
    ) -> f64 {
        self.counted(&self.program_month(g, staff, units, occupied))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{HospitsPrice, Program, Units};

    fn scenario() -> Scenario {
        let mut s = Scenario::new("prices", 12);
        let mut hf = Program::new("hf", Category::HousingFirst, Units::Limited(10));
        hf.staff_fte = 2.0;
        hf.rent_per_occupied_unit_month_nok = 9_000.0;
        hf.resident_contribution_per_month_nok = 5_000.0;
        hf.extra_housing_outlay_per_month_nok = 1_000.0;
        let mut hospits = Program::new("hospits", Category::Temporary, Units::Unlimited);
        hospits.hospits = Some(HospitsPrice {
            housing_per_month_nok: 25_000.0,
            follow_up_per_month_nok: 2_000.0,
        });
        s.programs = vec![hf, hospits];
        s
    }

    #[test]
    fn a_program_month_by_hand() {
        let p = PriceList::new(&scenario());
        let staff = StaffMonth {
            staff_fte: 2.0,
            ..StaffMonth::default()
        };
        let items = p.program_month(0, staff, Some(10), 4);
        let get = |i: CostItem| items.iter().find(|(x, _)| *x == i).map(|(_, v)| *v);
        assert_eq!(get(CostItem::Staff), Some(2.0 * 756_000.0 / 12.0));
        assert_eq!(get(CostItem::HousingFirstRent), Some(36_000.0));
        assert_eq!(get(CostItem::ResidentContribution), Some(20_000.0));
        // The municipality pays staff, rent and outlay and receives the residents' rent.
        let counted = p.counted(&items);
        assert_eq!(counted, 126_000.0 + 36_000.0 + 4_000.0 - 20_000.0);
        assert_eq!(
            p.program_month_counted(1, StaffMonth::default(), None, 3),
            81_000.0
        );
    }

    #[test]
    fn society_nets_out_the_residents_rent() {
        let mut s = scenario();
        s.costs.perspective = Perspective::Society;
        let p = PriceList::new(&s);
        let items = p.program_month(0, StaffMonth::default(), Some(10), 1);
        assert_eq!(p.counted(&items), 9_000.0 + 1_000.0);
    }

    #[test]
    fn move_out_prices() {
        let mut s = scenario();
        s.programs[0].damage_reduction = 0.5;
        let p = PriceList::new(&s);
        let ordinary = p.move_out(0, false, |_, _| unreachable!()).unwrap();
        assert_eq!(ordinary[0], (CostItem::DamageRepair, 27_500.0));
        assert_eq!(p.expected_move_out(0, true), 87_500.0);
        assert!(p.move_out(1, true, |_, _| unreachable!()).is_none());
    }
}
