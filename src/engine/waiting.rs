//! Waiting lists: one queue per category, and each resident's place in them.

use super::residents::NONE;
use crate::state::{Category, N_CATEGORIES};

/// The waiting lists and, per resident, what it waits for.
///
/// A list holds `(resident, ticket)` in order of joining. A resident's ticket increases
/// whenever it joins or leaves a list, so leaving costs nothing: entries with an older ticket
/// are stale and are dropped when the list is next served.
#[derive(Clone, Debug, Default)]
pub(crate) struct WaitingLists {
    /// Category waited for, or `NONE`, per resident.
    pub waiting_for: Vec<u32>,
    /// Current ticket, per resident.
    pub ticket: Vec<u32>,
    /// Month in which the resident joined the current waiting list, per resident.
    pub since: Vec<u32>,
    /// Residents waiting, per category.
    pub count: [u32; N_CATEGORIES],
    /// The lists, per category.
    pub lists: [Vec<(u32, u32)>; N_CATEGORIES],
    /// Residents who joined each list during the run (month ≥ 1), per category.
    pub joins: [u64; N_CATEGORIES],
}

impl WaitingLists {
    /// Empty everything for a new replication.
    pub fn clear(&mut self) {
        self.waiting_for.clear();
        self.ticket.clear();
        self.since.clear();
        self.count = [0; N_CATEGORIES];
        self.joins = [0; N_CATEGORIES];
        self.lists.iter_mut().for_each(Vec::clear);
    }

    /// Room for a new resident, who waits for nothing.
    pub fn add_resident(&mut self) {
        self.waiting_for.push(NONE);
        self.ticket.push(0);
        self.since.push(0);
    }

    /// Put `id` at the end of the waiting list for `c` in month `month`.
    pub fn join(&mut self, id: usize, c: Category, month: u32) {
        debug_assert_eq!(self.waiting_for[id], NONE);
        self.ticket[id] += 1;
        self.waiting_for[id] = c as u32;
        self.since[id] = month;
        self.count[c.index()] += 1;
        self.joins[c.index()] += (month > 0) as u64;
        self.lists[c.index()].push((id as u32, self.ticket[id]));
    }

    /// Take `id` off its waiting list (its entry becomes stale).
    pub fn leave(&mut self, id: usize) {
        let c = self.waiting_for[id];
        if c != NONE {
            self.count[c as usize] -= 1;
            self.waiting_for[id] = NONE;
            self.ticket[id] += 1;
        }
    }

    /// Whether the list entry `(id, ticket)` is still current.
    #[inline]
    pub fn is_current(&self, id: u32, ticket: u32) -> bool {
        self.ticket[id as usize] == ticket && self.waiting_for[id as usize] != NONE
    }
}
