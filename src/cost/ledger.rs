//! The ledger of one replication: every krone by item and payer, undiscounted and discounted,
//! and by program — over the whole horizon and per horizon year ([`YearCosts`]).

use super::item::{CostItem, Payer, Perspective, N_ITEMS, N_PAYERS};

/// Discount factor for costs incurred in month `month` (1-based, costs counted at the end of
/// the month): (1 + annual rate)^(−month ÷ 12).
pub fn monthly_discount_factor(annual_rate: f64, month: u32) -> f64 {
    (1.0 + annual_rate).powf(-(month as f64) / 12.0)
}

/// Costs of one replication.
///
/// Amounts are booked with [`Ledger::book`]; `resident_contribution` is booked as a negative
/// amount for the payer that receives the rent and a positive amount for the resident, so it
/// nets out from the society perspective.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Ledger {
    payer_of: [Payer; N_ITEMS],
    perspective: Perspective,
    /// Undiscounted NOK by item and payer.
    pub undiscounted: [[f64; N_PAYERS]; N_ITEMS],
    /// Discounted NOK by item and payer.
    pub discounted: [[f64; N_PAYERS]; N_ITEMS],
    /// Undiscounted NOK counted by the perspective, by program (scenario order).
    pub by_program: Vec<f64>,
    /// The same krones per horizon year (year 1 = months 1–12, …; a partial last year holds
    /// the months left). Bookings before month 1 count in year 1.
    pub years: Vec<YearCosts>,
}

/// Costs of one horizon year of one replication, undiscounted unless the name says otherwise.
///
/// Kept lean (items and payers apart, not the item × payer table): every replication of a run
/// holds one per year until the run is summarised.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct YearCosts {
    /// NOK by item, counted by the perspective.
    pub by_item: [f64; N_ITEMS],
    /// NOK by payer (every payer, whatever the perspective).
    pub by_payer: [f64; N_PAYERS],
    /// Discounted NOK counted by the perspective, all items.
    pub discounted_total: f64,
    /// Undiscounted NOK counted by the perspective, by program (scenario order).
    pub by_program: Vec<f64>,
}

impl YearCosts {
    fn new(n_programs: usize) -> YearCosts {
        YearCosts {
            by_item: [0.0; N_ITEMS],
            by_payer: [0.0; N_PAYERS],
            discounted_total: 0.0,
            by_program: vec![0.0; n_programs],
        }
    }
}

impl Ledger {
    /// An empty ledger for `n_programs` programs.
    pub fn new(payer_of: [Payer; N_ITEMS], perspective: Perspective, n_programs: usize) -> Self {
        Ledger {
            payer_of,
            perspective,
            undiscounted: [[0.0; N_PAYERS]; N_ITEMS],
            discounted: [[0.0; N_PAYERS]; N_ITEMS],
            by_program: vec![0.0; n_programs],
            years: vec![YearCosts::new(n_programs)],
        }
    }

    /// Empty the ledger for a new replication, keeping its settings.
    pub fn clear(&mut self) {
        self.undiscounted = [[0.0; N_PAYERS]; N_ITEMS];
        self.discounted = [[0.0; N_PAYERS]; N_ITEMS];
        self.by_program.iter_mut().for_each(|x| *x = 0.0);
        self.years.truncate(1);
        self.years[0] = YearCosts::new(self.by_program.len());
    }

    /// Month `month` (1-based) begins: its bookings count in horizon year ⌈month ÷ 12⌉.
    pub fn start_month(&mut self, month: u32) {
        let year = (month.max(1) as usize - 1) / 12 + 1;
        while self.years.len() < year {
            self.years.push(YearCosts::new(self.by_program.len()));
        }
    }

    /// The perspective the per-program totals count.
    pub fn perspective(&self) -> Perspective {
        self.perspective
    }

    /// Book `amount` NOK of `item`, attributed to `program` if any, with discount factor `df`.
    #[inline]
    pub fn book(&mut self, item: CostItem, program: Option<usize>, amount: f64, df: f64) {
        if amount == 0.0 {
            return;
        }
        let payer = self.payer_of[item.index()];
        let counted = if item == CostItem::ResidentContribution {
            self.add(item, payer, -amount, df);
            self.add(item, Payer::Resident, amount, df);
            (if self.perspective.counts(payer) {
                -amount
            } else {
                0.0
            }) + (if self.perspective.counts(Payer::Resident) {
                amount
            } else {
                0.0
            })
        } else {
            self.add(item, payer, amount, df);
            if self.perspective.counts(payer) {
                amount
            } else {
                0.0
            }
        };
        let last = self.years.len() - 1;
        let year = &mut self.years[last];
        year.by_item[item.index()] += counted;
        year.discounted_total += counted * df;
        if let Some(g) = program {
            self.by_program[g] += counted;
            year.by_program[g] += counted;
        }
    }

    #[inline]
    fn add(&mut self, item: CostItem, payer: Payer, amount: f64, df: f64) {
        self.undiscounted[item.index()][payer.index()] += amount;
        self.discounted[item.index()][payer.index()] += amount * df;
        let last = self.years.len() - 1;
        self.years[last].by_payer[payer.index()] += amount;
    }

    /// Undiscounted NOK of `item` counted by the perspective.
    pub fn item(&self, item: CostItem) -> f64 {
        self.counted(&self.undiscounted[item.index()])
    }

    /// Discounted NOK of `item` counted by the perspective.
    pub fn item_discounted(&self, item: CostItem) -> f64 {
        self.counted(&self.discounted[item.index()])
    }

    /// Undiscounted NOK paid by `payer`, all items.
    pub fn payer(&self, payer: Payer) -> f64 {
        self.undiscounted.iter().map(|row| row[payer.index()]).sum()
    }

    /// Discounted NOK paid by `payer`, all items.
    pub fn payer_discounted(&self, payer: Payer) -> f64 {
        self.discounted.iter().map(|row| row[payer.index()]).sum()
    }

    /// Undiscounted total counted by the perspective: the sum of [`Ledger::item`] over items.
    pub fn total(&self) -> f64 {
        CostItem::ALL.iter().map(|i| self.item(*i)).sum()
    }

    /// Discounted total counted by the perspective.
    pub fn total_discounted(&self) -> f64 {
        CostItem::ALL.iter().map(|i| self.item_discounted(*i)).sum()
    }

    /// Undiscounted NOK of `item` counted by the perspective in horizon year `year` (0-based).
    /// Years outside the run count 0.
    pub fn year_item(&self, year: usize, item: CostItem) -> f64 {
        self.years
            .get(year)
            .map_or(0.0, |y| y.by_item[item.index()])
    }

    /// Undiscounted NOK paid by `payer` in horizon year `year` (0-based), all items.
    /// Years outside the run count 0.
    pub fn year_payer(&self, year: usize, payer: Payer) -> f64 {
        self.years
            .get(year)
            .map_or(0.0, |y| y.by_payer[payer.index()])
    }

    /// Undiscounted total counted by the perspective in horizon year `year` (0-based).
    pub fn year_total(&self, year: usize) -> f64 {
        CostItem::ALL.iter().map(|i| self.year_item(year, *i)).sum()
    }

    fn counted(&self, row: &[f64; N_PAYERS]) -> f64 {
        Payer::ALL
            .iter()
            .filter(|p| self.perspective.counts(**p))
            .map(|p| row[p.index()])
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ledger(perspective: Perspective) -> Ledger {
        let mut payer_of = [Payer::Municipality; N_ITEMS];
        payer_of[CostItem::Institution.index()] = Payer::SpecialistHealth;
        Ledger::new(payer_of, perspective, 2)
    }

    #[test]
    fn discount_factor_is_monthly_compounding_of_the_annual_rate() {
        assert_eq!(monthly_discount_factor(0.04, 0), 1.0);
        assert!((monthly_discount_factor(0.04, 12) - 1.0 / 1.04).abs() < 1e-15);
        assert!((monthly_discount_factor(0.04, 6) - 1.04f64.powf(-0.5)).abs() < 1e-15);
    }

    #[test]
    fn perspectives_count_payers_and_contributions_net_out() {
        for perspective in [Perspective::Municipality, Perspective::Society] {
            let mut l = ledger(perspective);
            l.book(CostItem::Staff, Some(0), 100.0, 0.5);
            l.book(CostItem::Institution, None, 40.0, 1.0);
            l.book(CostItem::ResidentContribution, Some(1), 30.0, 1.0);
            let (total, program1) = match perspective {
                Perspective::Municipality => (100.0 - 30.0, -30.0),
                Perspective::Society => (140.0, 0.0),
            };
            assert_eq!(l.total(), total);
            assert_eq!(l.by_program, vec![100.0, program1]);
            assert_eq!(l.payer(Payer::Resident), 30.0);
            assert_eq!(l.payer(Payer::SpecialistHealth), 40.0);
        }
        let mut l = ledger(Perspective::Municipality);
        l.book(CostItem::Staff, None, 100.0, 0.5);
        assert_eq!(l.total_discounted(), 50.0);
    }

    #[test]
    fn bookings_count_in_the_year_of_their_month() {
        let mut l = ledger(Perspective::Municipality);
        for month in 1..=14 {
            l.start_month(month);
            l.book(CostItem::Staff, Some(0), 10.0, 0.5);
        }
        l.book(CostItem::ResidentContribution, Some(1), 4.0, 1.0);
        assert_eq!(l.years.len(), 2);
        assert_eq!(l.year_total(0), 120.0);
        assert_eq!(l.year_total(1), 20.0 - 4.0);
        assert_eq!(l.years[1].by_program, vec![20.0, -4.0]);
        assert_eq!(l.years[1].discounted_total, 10.0 - 4.0);
        assert_eq!(l.year_payer(1, Payer::Resident), 4.0);
        l.clear();
        assert_eq!(l.years.len(), 1);
        assert_eq!(l.year_total(0), 0.0);
    }
}
