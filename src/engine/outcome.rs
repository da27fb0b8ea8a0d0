//! What one replication produces: the ledger, event counts, final state, retention counters,
//! and (optionally) monthly totals that merge exactly across replications.

use crate::cost::Ledger;
use crate::state::{N_CATEGORIES, N_STATES};
use serde::{Deserialize, Serialize};

/// Months after which retention is reported (`summary.retention`).
pub const RETENTION_MONTHS: [u32; 3] = [12, 24, 36];

/// Counts of events in one replication.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Events {
    /// New residents.
    pub arrivals: u64,
    /// Changes of state or program by residents already in the population.
    pub moves: u64,
    /// Breakdowns (staffing response and misplacement spillover).
    pub breakdowns: u64,
    /// Moves from specialised, congregate, rehabilitation or Housing First housing into temporary
    /// housing or homelessness, for any reason.
    pub evictions: u64,
    /// Placements of a resident in a category other than the one needed, because it was full.
    pub misplacements: u64,
    /// Residents who died or moved away.
    pub exits: u64,
    /// Placements from a waiting list of residents who joined it in an earlier month.
    pub placements_from_waiting_list: u64,
    /// Moves that could not be made because the category was full (the resident joined its
    /// waiting list and took a fallback).
    pub blocked_moves: u64,
}

/// One kind of event, naming a field of [`Events`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Event {
    /// New residents.
    Arrivals,
    /// Changes of state or program.
    Moves,
    /// Breakdowns.
    Breakdowns,
    /// Moves from long-term housing into temporary housing or homelessness.
    Evictions,
    /// Placements outside the category needed.
    Misplacements,
    /// Residents who died or moved away.
    Exits,
    /// Placements from a waiting list joined in an earlier month.
    PlacementsFromWaitingList,
    /// Moves blocked by a full category.
    BlockedMoves,
}

impl Event {
    /// Every event, in output order.
    pub const ALL: [Event; 8] = [
        Event::Arrivals,
        Event::Moves,
        Event::Breakdowns,
        Event::Evictions,
        Event::Misplacements,
        Event::Exits,
        Event::PlacementsFromWaitingList,
        Event::BlockedMoves,
    ];

    /// The snake_case name used in output.
    pub const fn name(self) -> &'static str {
        match self {
            Event::Arrivals => "arrivals",
            Event::Moves => "moves",
            Event::Breakdowns => "breakdowns",
            Event::Evictions => "evictions",
            Event::Misplacements => "misplacements",
            Event::Exits => "exits",
            Event::PlacementsFromWaitingList => "placements_from_waiting_list",
            Event::BlockedMoves => "blocked_moves",
        }
    }
}

impl Events {
    /// How many events of `kind`.
    pub fn get(&self, kind: Event) -> u64 {
        match kind {
            Event::Arrivals => self.arrivals,
            Event::Moves => self.moves,
            Event::Breakdowns => self.breakdowns,
            Event::Evictions => self.evictions,
            Event::Misplacements => self.misplacements,
            Event::Exits => self.exits,
            Event::PlacementsFromWaitingList => self.placements_from_waiting_list,
            Event::BlockedMoves => self.blocked_moves,
        }
    }
}

/// Retention counters of one category: for each k in [`RETENTION_MONTHS`], stays that began
/// during the run and could be followed k months, and how many of them lasted k months.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetentionCounts {
    /// Stays that qualify (began at month e ≥ 1 with e + k − 1 ≤ horizon).
    pub qualifying: [u32; 3],
    /// Qualifying stays that lasted at least k months.
    pub lasted: [u32; 3],
}

impl RetentionCounts {
    /// Record a stay that began in month `entered` and lasted `months` month-ends.
    #[inline]
    pub fn record(&mut self, entered: u32, months: u32, horizon: u32) {
        if entered == 0 {
            return; // began before the run
        }
        for (i, k) in RETENTION_MONTHS.iter().enumerate() {
            if entered + k - 1 <= horizon {
                self.qualifying[i] += 1;
                if months >= *k {
                    self.lasted[i] += 1;
                }
            }
        }
    }

    /// `n` stays begin in month `entered` ≥ 1: they qualify for every k they can be followed.
    #[inline]
    pub(crate) fn began(&mut self, entered: u32, horizon: u32, n: u32) {
        for (i, k) in RETENTION_MONTHS.iter().enumerate() {
            if entered + k - 1 <= horizon {
                self.qualifying[i] += n;
            }
        }
    }

    /// `n` qualifying stays have lasted `months` months: they count as lasted for the k equal
    /// to `months`, if it is one.
    #[inline]
    pub(crate) fn reached(&mut self, months: u32, n: u32) {
        for (i, k) in RETENTION_MONTHS.iter().enumerate() {
            if months == *k {
                self.lasted[i] += n;
            }
        }
    }

    /// Share of qualifying stays that lasted k months (`None` when none qualifies).
    pub fn share(&self, i: usize) -> Option<f64> {
        (self.qualifying[i] > 0).then(|| self.lasted[i] as f64 / self.qualifying[i] as f64)
    }
}

/// Everything one replication reports (serialised field by field in the part files of sharded
/// runs, docs/parts.md).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Replication {
    /// Costs.
    pub ledger: Ledger,
    /// Event counts.
    pub events: Events,
    /// Residents per state at the end (exited = everyone who left).
    pub final_occupancy: [u32; N_STATES],
    /// Residents per program at the end.
    pub final_program_occupancy: Vec<u32>,
    /// Resident-months per program over the run (occupancy at the end of each month, summed).
    pub program_person_months: Vec<u64>,
    /// Waiting-list length per category at the end.
    pub final_waiting: [u32; N_CATEGORIES],
    /// Sum over months of waiting-list lengths.
    pub waiting_months: [u64; N_CATEGORIES],
    /// Residents per colour at the end.
    pub final_colours: [u32; 3],
    /// Resident-months per colour.
    pub colour_months: [u64; 3],
    /// Resident-months per colour, each month discounted to the start at the scenario's rate
    /// (the factor the ledger applies to that month's costs): the effects of a
    /// cost-effectiveness analysis.
    pub colour_months_discounted: [f64; 3],
    /// Person-months in bought temporary housing (programs with a hospits price).
    pub hospits_person_months: u64,
    /// Resident-months in the population (not exited).
    pub resident_months: u64,
    /// Retention counters per category.
    pub retention: [RetentionCounts; N_CATEGORIES],
    /// Misplaced residents at the end.
    pub final_misplaced: u32,
    /// Sum over months of misplaced residents (at each month's end).
    pub misplaced_months: u64,
    /// Residents who joined each category's waiting list during the run.
    pub waiting_list_joins: [u64; N_CATEGORIES],
    /// Residents who moved out of each category during the run (to anywhere, exits included).
    pub moves_out: [u64; N_CATEGORIES],
}

impl Replication {
    /// An estimate of the bytes one replication of a model with `programs` programs keeps
    /// (its own size, its per-program vectors, and the copies the summary makes of each
    /// figure), used to refuse runs that would not fit in memory,
    /// and `horizon_months` months (its per-year costs: one [`crate::cost::YearCosts`] per
    /// started year).
    pub fn estimated_bytes(programs: usize, horizon_months: u32) -> u64 {
        // The record itself (its ledger inline) and allocator slack.
        let own = std::mem::size_of::<Replication>() + 512;
        // Per program: cost (f64), final occupancy (u32), person-months (u64), and a margin of
        // 24 bytes for the summary's working copies.
        let per_program = programs * (8 + 4 + 8 + 24);
        // Per year: items, payers, the discounted total, a cost per program (f64 each) and
        // 16 bytes of allocator slack.
        let years = (horizon_months as usize).div_ceil(12).max(1);
        let per_year = std::mem::size_of::<crate::cost::YearCosts>() + 16 + programs * 8;
        (own + per_program + years * per_year) as u64
    }
}

/// What the engine shows an [`Observer`] at the start (month 0, before anything happens) and at
/// the end of every month (after step 7).
#[derive(Clone, Copy, Debug)]
pub struct MonthView<'a> {
    /// Month (0 = the start, then 1, 2, …).
    pub month: u32,
    /// Residents per state (exited: everyone who left so far).
    pub state_count: &'a [u32; N_STATES],
    /// Residents per program.
    pub program_occupancy: &'a [u32],
    /// Waiting-list length per category.
    pub waiting: &'a [u32; N_CATEGORIES],
    /// Residents per colour.
    pub colours: [u32; 3],
    /// Residents misplaced (living in a category other than the one they need).
    pub misplaced: u32,
    /// Everyone who has ever been in the population: initial residents plus arrivals so far.
    pub residents_ever: u64,
    /// The ledger so far.
    pub ledger: &'a Ledger,
}

/// Watches a replication month by month without touching it (monthly series, invariant
/// checks, progress of long runs).
pub trait Observer {
    /// Called at the start (month 0) and at the end of every month.
    fn month(&mut self, view: &MonthView<'_>);
}

/// Observes nothing.
impl Observer for () {
    #[inline]
    fn month(&mut self, _: &MonthView<'_>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_counts_follow_the_definition() {
        let mut r = RetentionCounts::default();
        r.record(0, 100, 60); // began before the run: ignored
        r.record(1, 12, 60); // lasted exactly 12
        r.record(30, 5, 60); // left early
        r.record(49, 12, 60); // could just be followed 12 months (49..60)
        r.record(50, 11, 60); // cannot be followed 12 months
        assert_eq!(r.qualifying, [3, 2, 1]);
        assert_eq!(r.lasted, [2, 0, 0]);
        assert_eq!(r.share(0), Some(2.0 / 3.0));
        assert_eq!(RetentionCounts::default().share(0), None);
    }
}
