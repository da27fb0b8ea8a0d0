//! The simulated world of one replication, and the one place where a resident changes state:
//! [`World::relocate`].

use super::occupancy::Occupancy;
use super::residents::{Residents, NONE};
use super::tally::Tally;
use super::waiting::WaitingLists;
use crate::model::Model;
use crate::state::State;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Where a resident goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
    /// A state without capacity (ordinary, homeless, institution, exited).
    Unhoused(State),
    /// A unit of program `program` (its category is the new state).
    Unit { program: u32, misplaced: bool },
}

impl Place {
    /// A unit of `program`, not misplaced.
    pub fn unit(program: u32) -> Place {
        Place::Unit {
            program,
            misplaced: false,
        }
    }
}

/// The simulated world of one replication: residents, programs' occupancy, waiting lists and
/// the running totals. Reused across replications to avoid allocation.
#[derive(Clone, Debug)]
pub(crate) struct World {
    pub residents: Residents,
    pub occupancy: Occupancy,
    pub waiting: WaitingLists,
    pub tally: Tally,
}

impl World {
    pub fn new(model: &Model) -> World {
        World {
            residents: Residents::default(),
            occupancy: Occupancy::new(model.programs.len()),
            waiting: WaitingLists::default(),
            tally: Tally::new(model),
        }
    }

    /// Empty everything for a new replication.
    pub fn clear(&mut self) {
        self.residents.clear();
        self.occupancy.clear();
        self.waiting.clear();
        self.tally.clear();
    }

    /// Add a resident in `state` (and `program`), arrived and entered in month `month`.
    pub fn add(
        &mut self,
        profile: u32,
        state: State,
        program: Option<u32>,
        misplaced: bool,
        month: u32,
    ) -> u32 {
        let g = program.unwrap_or(NONE);
        let id = self.residents.push(profile, state, g, misplaced, month);
        self.waiting.add_resident();
        self.occupancy.enter(state, program, misplaced);
        id
    }

    #[inline]
    pub fn state_of(&self, id: usize) -> State {
        self.residents.state_of(id)
    }

    /// Move `id` to `place` in month `month`: the only place where a resident changes state.
    /// Books the move-out costs of the old unit, closes the old stay for retention and keeps
    /// every aggregate up to date. Leaves waiting lists alone, except that exited residents
    /// leave theirs.
    pub fn relocate(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        id: usize,
        place: Place,
        month: u32,
    ) {
        let (to, program, misplaced) = match place {
            Place::Unhoused(state) => (state, None, false),
            Place::Unit { program, misplaced } => (
                model.programs[program as usize].category.state(),
                Some(program),
                misplaced,
            ),
        };
        self.move_out(model, rng, id, to, month);
        let r = &mut self.residents;
        r.settle(id, to, program.unwrap_or(NONE), misplaced, month);
        self.occupancy.enter(to, program, misplaced);
        if to == State::Exited {
            self.tally.events.exits += 1;
            self.waiting.leave(id);
        }
    }

    /// The first half of a move of `id` to `to`: leave the old state and unit, paying for the
    /// unit, and close the old stay.
    fn move_out(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        id: usize,
        to: State,
        month: u32,
    ) {
        let from = self.residents.state_of(id);
        let old = self.residents.program[id];
        let was_misplaced = self.residents.misplaced[id];
        let old = (old != NONE).then_some(old);
        self.occupancy.leave(from, old, was_misplaced);
        if let Some(g) = old {
            let aggressive = model.profiles[self.residents.profile[id] as usize].aggressive;
            let dearer = aggressive || was_misplaced;
            self.tally.book_move_out(model, rng, g as usize, dearer);
            if matches!(to, State::Temporary | State::Homeless) && from != State::Temporary {
                self.tally.events.evictions += 1;
            }
        }
        if let Some(c) = from.category() {
            self.tally.moves_out[c.index()] += 1;
            let e = self.residents.entered[id];
            self.tally.end_stay(c, e, month - e);
        }
        if self.residents.arrived[id] != month {
            self.tally.events.moves += 1;
        }
    }

    /// Close the stays still open at the end of the horizon, for retention.
    pub fn close_open_stays(&mut self) {
        let horizon = self.tally.horizon;
        for &id in &self.residents.active {
            let id = id as usize;
            if let Some(c) = self.residents.state_of(id).category() {
                let e = self.residents.entered[id];
                self.tally.end_stay(c, e, horizon + 1 - e);
            }
        }
    }
}
