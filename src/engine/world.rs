//! The simulated world of one replication, and the one place where residents change state:
//! [`World::relocate`].

use super::cells::{Cells, NONE};
use super::occupancy::Occupancy;
use super::tally::Tally;
use super::waiting::WaitingLists;
use crate::model::Model;
use crate::state::{Category, State};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Where residents go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// A state without capacity (ordinary, homeless, institution, exited).
    Unhoused(State),
    /// Units of program `program` (its category is the new state).
    Unit { program: u32, misplaced: bool },
}

impl Place {
    /// Units of `program`, not misplaced.
    pub fn unit(program: u32) -> Place {
        Place::Unit {
            program,
            misplaced: false,
        }
    }
}

/// The simulated world of one replication: residents in cells, programs' occupancy, waiting
/// lists and the running totals. Reused across replications to avoid allocation.
#[derive(Clone, Debug)]
pub(crate) struct World {
    pub cells: Cells,
    pub occupancy: Occupancy,
    pub waiting: WaitingLists,
    pub tally: Tally,
    pub scratch: super::placement::Scratch,
}

impl World {
    pub fn new(model: &Model) -> World {
        World {
            cells: Cells::default(),
            occupancy: Occupancy::new(model.programs.len()),
            waiting: WaitingLists::new(model.profiles.len()),
            tally: Tally::new(model),
            scratch: Default::default(),
        }
    }

    /// Empty everything for a new replication.
    pub fn clear(&mut self) {
        self.cells.clear();
        self.occupancy.clear();
        self.waiting.clear();
        self.tally.clear();
    }

    /// Add `count` residents in `state` (and `program`), arrived and entered in month `month`;
    /// returns their cell.
    pub fn add(
        &mut self,
        profile: u32,
        state: State,
        program: Option<u32>,
        misplaced: bool,
        month: u32,
        count: u32,
    ) -> usize {
        let g = program.unwrap_or(NONE);
        let i = self.cells.add(profile, state, g, misplaced, month, count);
        self.occupancy.enter(state, program, misplaced, count);
        i as usize
    }

    #[inline]
    pub fn state_of(&self, i: usize) -> State {
        self.cells.state_of(i)
    }

    /// The category cell `i` waits for, if any.
    #[inline]
    pub fn waiting_for(&self, i: usize) -> Option<Category> {
        match self.cells.waiting_for[i] {
            NONE => None,
            c => Some(Category::ALL[c as usize]),
        }
    }

    /// Put cell `i` on the list for `c` from month `month`.
    pub fn join_list(&mut self, i: usize, c: Category, month: u32) {
        let p = self.cells.profile[i] as usize;
        self.waiting.join(c, p, self.cells.count[i], month);
        self.cells.set_waiting(i, c as u32, month);
    }

    /// Take cell `i` off its list, if it is on one.
    pub fn leave_list(&mut self, i: usize) {
        if let Some(c) = self.waiting_for(i) {
            let p = self.cells.profile[i] as usize;
            self.waiting.leave(c, p, self.cells.count[i]);
            self.cells.set_waiting(i, NONE, 0);
        }
    }

    /// Move `n` residents of cell `i` to `place` in month `month`: the only place where
    /// residents change state. Books the move-out costs of the old units, begins the new stays
    /// for retention and keeps every aggregate up to date. Leaves waiting lists alone, except
    /// that exited residents leave theirs. Returns the cell the movers are in now (empty after
    /// an exit).
    pub fn relocate(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        i: usize,
        n: u32,
        place: Place,
        month: u32,
    ) -> usize {
        let (to, program, misplaced) = match place {
            Place::Unhoused(state) => (state, None, false),
            Place::Unit { program, misplaced } => (
                model.programs[program as usize].category.state(),
                Some(program),
                misplaced,
            ),
        };
        self.move_out(model, rng, i, n, to, month);
        let j = self.cells.take(i, n, rng);
        if to == State::Exited {
            self.tally.events.exits += n as u64;
            self.leave_list(j);
        }
        self.cells
            .settle(j, to, program.unwrap_or(NONE), misplaced, month);
        self.occupancy.enter(to, program, misplaced, n);
        if let Some(c) = to.category() {
            self.tally.begin_stays(c, month, n);
        }
        j
    }

    /// The first half of a move of `n` residents of cell `i` to `to`: leave the old state and
    /// unit, paying for the unit.
    fn move_out(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        i: usize,
        n: u32,
        to: State,
        month: u32,
    ) {
        let c = &self.cells;
        let from = c.state_of(i);
        let was_misplaced = c.misplaced[i];
        let old = (c.program[i] != NONE).then_some(c.program[i]);
        let aggressive = model.profiles[c.profile[i] as usize].aggressive;
        let newcomers = c.arrived[i] == month;
        self.occupancy.leave(from, old, was_misplaced, n);
        if let Some(g) = old {
            let dearer = aggressive || was_misplaced;
            self.tally.book_move_out(model, rng, g as usize, dearer, n);
            if matches!(to, State::Temporary | State::Homeless) && from != State::Temporary {
                self.tally.events.evictions += n as u64;
            }
        }
        if let Some(c) = from.category() {
            self.tally.moves_out[c.index()] += n as u64;
        }
        if !newcomers {
            self.tally.events.moves += n as u64;
        }
    }

    /// Close the stays still open at the end of the horizon, for retention.
    pub fn close_open_stays(&mut self) {
        let horizon = self.tally.horizon;
        for k in 0..self.cells.active.len() {
            let i = self.cells.active[k] as usize;
            let Some(c) = self.cells.state_of(i).category() else {
                continue;
            };
            if self.cells.count[i] == 0 {
                continue;
            }
            let tally = &mut self.tally;
            match self.cells.entered[i] {
                0 => {}
                super::cells::LONG_AGO => {
                    if let Some(r) = self.cells.ring_mut(i) {
                        r.close(horizon, |k, n| tally.stays_reached(c, k, n));
                    }
                }
                e => tally.stays_reached(c, horizon + 1 - e, self.cells.count[i]),
            }
        }
    }
}
