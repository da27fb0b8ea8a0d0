//! What a replication counts as it runs: the ledger, events and retention.

use super::outcome::{Events, RetentionCounts};
use crate::cost::Ledger;
use crate::model::Model;
use crate::state::{Category, N_CATEGORIES};
use rand::Rng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The running totals of one replication.
#[derive(Clone, Debug)]
pub(crate) struct Tally {
    pub ledger: Ledger,
    pub events: Events,
    pub retention: [RetentionCounts; N_CATEGORIES],
    /// Residents who left a unit of each category (any destination, exits included).
    pub moves_out: [u64; N_CATEGORIES],
    pub horizon: u32,
    /// Discount factor of the month being simulated.
    pub discount: f64,
}

impl Tally {
    /// Empty totals for `model`.
    pub fn new(model: &Model) -> Tally {
        Tally {
            ledger: model.prices.ledger(),
            events: Events::default(),
            retention: Default::default(),
            moves_out: [0; N_CATEGORIES],
            horizon: model.horizon,
            discount: 1.0,
        }
    }

    /// Empty everything for a new replication.
    pub fn clear(&mut self) {
        self.ledger.clear();
        self.events = Events::default();
        self.retention = Default::default();
        self.moves_out = [0; N_CATEGORIES];
        self.discount = 1.0;
    }

    /// For retention: `n` stays in `c` begin in month `month` (≥ 1).
    #[inline]
    pub fn begin_stays(&mut self, c: Category, month: u32, n: u32) {
        self.retention[c.index()].began(month, self.horizon, n);
    }

    /// For retention: `n` stays in `c` that began in month `entered` ≥ 1 have lasted `months`
    /// months (counted once, when the months reach a milestone).
    #[inline]
    pub fn stays_reached(&mut self, c: Category, months: u32, n: u32) {
        self.retention[c.index()].reached(months, n);
    }

    /// Book the costs of `n` residents moving out of program `g` (repairs are dearer after an
    /// aggressive or misplaced resident: one draw from the range per resident).
    pub fn book_move_out(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        g: usize,
        aggressive_or_misplaced: bool,
        n: u32,
    ) {
        // The sum of n draws from the range is n times their mean.
        let priced = model.prices.move_out(g, aggressive_or_misplaced, |lo, hi| {
            let sum: f64 = (0..n).map(|_| rng.random::<f64>()).sum();
            lo + (hi - lo) * (sum / n as f64)
        });
        for (item, amount) in priced.into_iter().flatten() {
            self.ledger
                .book(item, Some(g), amount * n as f64, self.discount);
        }
    }
}
