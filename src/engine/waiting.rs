//! Waiting lists, counted. Who waits for what, and since when, is part of each cell (see
//! [`super::cells`]); the order in which a list is served follows from that (see
//! [`placement`](super::placement)).

use crate::state::{Category, N_CATEGORIES};

/// Residents waiting, and residents who joined during the run, per category.
#[derive(Clone, Debug, Default)]
pub(crate) struct WaitingLists {
    /// Residents waiting, per category.
    pub count: [u32; N_CATEGORIES],
    /// Residents who joined each list during the run (month ≥ 1), per category.
    pub joins: [u64; N_CATEGORIES],
    /// Residents waiting per (profile × 5 + category).
    pub by_profile: Vec<u32>,
}

impl WaitingLists {
    /// Empty everything for a new replication.
    pub fn clear(&mut self) {
        self.count = [0; N_CATEGORIES];
        self.joins = [0; N_CATEGORIES];
        self.by_profile.iter_mut().for_each(|x| *x = 0);
    }

    /// Lists for `profiles` profiles.
    pub fn new(profiles: usize) -> WaitingLists {
        WaitingLists {
            by_profile: vec![0; profiles * N_CATEGORIES],
            ..Default::default()
        }
    }

    /// `n` residents of profile `p` join the list for `c` in month `month`.
    pub fn join(&mut self, c: Category, p: usize, n: u32, month: u32) {
        self.by_profile[p * N_CATEGORIES + c.index()] += n;
        self.count[c.index()] += n;
        if month > 0 {
            self.joins[c.index()] += n as u64;
        }
    }

    /// `n` residents of profile `p` leave the list for `c`.
    pub fn leave(&mut self, c: Category, p: usize, n: u32) {
        self.by_profile[p * N_CATEGORIES + c.index()] -= n;
        self.count[c.index()] -= n;
    }

    /// Residents of profile `p` waiting for `c`.
    #[inline]
    pub fn waiting(&self, c: Category, p: usize) -> u32 {
        self.by_profile[p * N_CATEGORIES + c.index()]
    }
}
