//! Leavers pooled across cells: cells that differ only in their months in state, and whose
//! leavers all go somewhere at once (states without capacity, or categories where every
//! accepting program is unlimited), send their leavers on together. Each cell draws how many
//! leave (one binomial); the group's leavers are then split over the next states by one chain
//! of binomials. This is exact: where a leaver goes does not depend on its months in state
//! (they share one band row), and once it has left, nothing depends on which cell it left.

use super::cells::NONE;
use crate::model::{BandRow, Model};
use crate::state::{State, N_CATEGORIES};

/// The month's pooled leavers, by group (band row, profile, program, misplaced or not).
#[derive(Clone, Debug, Default)]
pub(crate) struct Pools {
    /// Dense group index → position in `groups` this month, or `NONE`.
    slot: Vec<u32>,
    /// Programs + 1 (the last stands for "no program").
    programs: usize,
    profiles: usize,
    /// Whether the model is small enough for the dense index.
    enabled: bool,
    /// Per (band row × profiles + profile): whether leavers by that row can be pooled.
    poolable: Vec<bool>,
    /// This month's groups.
    pub groups: Vec<Group>,
    /// Cells with leavers: (cell, leavers, next of the same group or `NONE`).
    pub sources: Vec<(u32, u32, u32)>,
    /// Scratch for one group's (cell, leavers).
    pub scratch: Vec<(u32, u32)>,
}

/// One group's pooled leavers this month.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Group {
    /// Index of the band row.
    pub band: u32,
    /// Leavers in all.
    pub total: u32,
    /// First of its cells in `sources`.
    pub head: u32,
    /// Its dense index.
    key: u32,
}

/// Largest dense index kept (models above it draw every cell's own chain).
const MAX_SLOTS: usize = 1 << 20;

impl Pools {
    /// Ready for `model` (the dense index follows its bands, profiles and programs).
    pub fn prepare(&mut self, model: &Model) {
        let programs = model.programs.len() + 1;
        let profiles = model.profiles.len();
        let size = model.transitions.bands.len() * profiles * programs * 2;
        self.enabled = size <= MAX_SLOTS;
        self.programs = programs;
        self.profiles = profiles;
        if self.enabled && self.slot.len() != size {
            self.slot = vec![NONE; size];
        }
        self.poolable.clear();
        for band in &model.transitions.bands {
            for p in 0..profiles {
                let at_once = self.takes_at_once(model, band, p);
                self.poolable.push(at_once);
            }
        }
        self.clear_month();
    }

    /// Forget the month's groups.
    pub fn clear_month(&mut self) {
        for g in &self.groups {
            self.slot[g.key as usize] = NONE;
        }
        self.groups.clear();
        self.sources.clear();
    }

    /// Whether the leavers of a cell of profile `p` drawing from band row `b` can be pooled:
    /// every next state takes them at once.
    #[inline]
    pub fn poolable(&self, b: usize, p: usize) -> bool {
        self.poolable[b * self.profiles + p]
    }

    fn takes_at_once(&self, model: &Model, band: &BandRow, p: usize) -> bool {
        self.enabled
            && band.chain.iter().all(
                |link| match State::from_index(link.to as usize).category() {
                    None => true,
                    Some(c) => model.always_room[p * N_CATEGORIES + c.index()],
                },
            )
    }

    /// `leavers` residents of `cell` (profile `p`, `program` or `NONE`, `misplaced`) leave by
    /// band row `band`.
    pub fn add(
        &mut self,
        band: usize,
        p: usize,
        program: u32,
        misplaced: bool,
        cell: u32,
        leavers: u32,
    ) {
        let g = if program == NONE {
            self.programs - 1
        } else {
            program as usize
        };
        let key = ((band * self.profiles + p) * self.programs + g) * 2 + misplaced as usize;
        let mut at = self.slot[key];
        if at == NONE {
            at = self.groups.len() as u32;
            self.slot[key] = at;
            self.groups.push(Group {
                band: band as u32,
                total: 0,
                head: NONE,
                key: key as u32,
            });
        }
        let group = &mut self.groups[at as usize];
        group.total += leavers;
        self.sources.push((cell, leavers, group.head));
        group.head = self.sources.len() as u32 - 1;
    }
}
