//! Residents as a structure of arrays, indexed by a stable resident id, and the one place where
//! a resident changes state: [`World::relocate`].

use super::outcome::{Events, RetentionCounts};
use crate::cost::Ledger;
use crate::model::Model;
use crate::state::{Category, State, N_CATEGORIES, N_STATES};
use rand::Rng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Marks "no program" and "not waiting".
pub(crate) const NONE: u32 = u32::MAX;

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

/// The simulated world of one replication: residents, programs' occupancy, waiting lists,
/// the ledger and the running counts. Reused across replications to avoid allocation.
#[derive(Clone, Debug)]
pub(crate) struct World {
    // Residents (structure of arrays, by id).
    pub state: Vec<u8>,
    pub profile: Vec<u32>,
    pub program: Vec<u32>,
    /// Month in which the resident entered the current state (0 = present at the start).
    pub entered: Vec<u32>,
    /// Month in which the resident arrived (0 = present at the start).
    pub arrived: Vec<u32>,
    pub misplaced: Vec<bool>,
    /// Category waited for, or `NONE`.
    pub waiting_for: Vec<u32>,
    /// Increases whenever the resident joins or leaves a waiting list; entries with an older
    /// ticket are stale.
    pub ticket: Vec<u32>,
    /// Month in which the resident joined the current waiting list.
    pub waiting_since: Vec<u32>,
    /// Ids of residents not exited, in id order.
    pub active: Vec<u32>,

    // Programs.
    pub occupancy: Vec<u32>,
    pub misplaced_in_program: Vec<u32>,
    /// Resident-months per program so far.
    pub program_months: Vec<u64>,

    // Aggregates kept up to date by every move.
    pub state_count: [u32; N_STATES],
    pub misplaced_in_category: [u32; N_CATEGORIES],
    pub waiting_count: [u32; N_CATEGORIES],

    // Waiting lists: (resident, ticket) in order of joining.
    pub lists: [Vec<(u32, u32)>; N_CATEGORIES],

    pub ledger: Ledger,
    pub events: Events,
    pub retention: [RetentionCounts; N_CATEGORIES],
    pub horizon: u32,
    /// Discount factor of the month being simulated.
    pub discount: f64,
}

impl World {
    pub fn new(model: &Model) -> World {
        World {
            state: Vec::new(),
            profile: Vec::new(),
            program: Vec::new(),
            entered: Vec::new(),
            arrived: Vec::new(),
            misplaced: Vec::new(),
            waiting_for: Vec::new(),
            ticket: Vec::new(),
            waiting_since: Vec::new(),
            active: Vec::new(),
            occupancy: vec![0; model.programs.len()],
            misplaced_in_program: vec![0; model.programs.len()],
            program_months: vec![0; model.programs.len()],
            state_count: [0; N_STATES],
            misplaced_in_category: [0; N_CATEGORIES],
            waiting_count: [0; N_CATEGORIES],
            lists: Default::default(),
            ledger: model.prices.ledger(),
            events: Events::default(),
            retention: Default::default(),
            horizon: model.horizon,
            discount: 1.0,
        }
    }

    /// Empty everything for a new replication.
    pub fn clear(&mut self) {
        self.state.clear();
        self.profile.clear();
        self.program.clear();
        self.entered.clear();
        self.arrived.clear();
        self.misplaced.clear();
        self.waiting_for.clear();
        self.ticket.clear();
        self.waiting_since.clear();
        self.active.clear();
        self.occupancy.iter_mut().for_each(|x| *x = 0);
        self.misplaced_in_program.iter_mut().for_each(|x| *x = 0);
        self.program_months.iter_mut().for_each(|x| *x = 0);
        self.state_count = [0; N_STATES];
        self.misplaced_in_category = [0; N_CATEGORIES];
        self.waiting_count = [0; N_CATEGORIES];
        self.lists.iter_mut().for_each(Vec::clear);
        self.ledger.clear();
        self.events = Events::default();
        self.retention = Default::default();
        self.discount = 1.0;
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
        let id = self.state.len() as u32;
        self.state.push(state as u8);
        self.profile.push(profile);
        self.program.push(program.unwrap_or(NONE));
        self.entered.push(month);
        self.arrived.push(month);
        self.misplaced.push(misplaced);
        self.waiting_for.push(NONE);
        self.ticket.push(0);
        self.waiting_since.push(0);
        self.active.push(id);
        self.state_count[state.index()] += 1;
        if let Some(g) = program {
            self.occupancy[g as usize] += 1;
            if misplaced {
                self.misplaced_in_program[g as usize] += 1;
                self.misplaced_in_category[state.index()] += 1;
            }
        }
        id
    }

    #[inline]
    pub fn state_of(&self, id: usize) -> State {
        State::from_index(self.state[id] as usize)
    }

    /// Put `id` at the end of the waiting list for `c` in month `month`.
    pub fn join_list(&mut self, id: usize, c: Category, month: u32) {
        debug_assert_eq!(self.waiting_for[id], NONE);
        self.ticket[id] += 1;
        self.waiting_for[id] = c as u32;
        self.waiting_since[id] = month;
        self.waiting_count[c.index()] += 1;
        self.lists[c.index()].push((id as u32, self.ticket[id]));
    }

    /// Take `id` off its waiting list (its entry becomes stale).
    pub fn leave_list(&mut self, id: usize) {
        let c = self.waiting_for[id];
        if c != NONE {
            self.waiting_count[c as usize] -= 1;
            self.waiting_for[id] = NONE;
            self.ticket[id] += 1;
        }
    }

    /// Whether the list entry `(id, ticket)` is still current.
    #[inline]
    pub fn entry_is_current(&self, id: u32, ticket: u32) -> bool {
        self.ticket[id as usize] == ticket && self.waiting_for[id as usize] != NONE
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
        let from = self.state_of(id);
        let old = self.program[id];
        let was_misplaced = self.misplaced[id];
        if old != NONE {
            let g = old as usize;
            self.occupancy[g] -= 1;
            if was_misplaced {
                self.misplaced_in_program[g] -= 1;
                self.misplaced_in_category[from.index()] -= 1;
            }
            self.book_move_out(model, rng, id, g, was_misplaced);
            if matches!(to, State::Temporary | State::Homeless) && from != State::Temporary {
                self.events.evictions += 1;
            }
        }
        if let Some(c) = from.category() {
            let e = self.entered[id];
            self.retention[c.index()].record(e, month - e, self.horizon);
        }
        if self.arrived[id] != month {
            self.events.moves += 1;
        }
        self.state_count[from.index()] -= 1;
        self.state_count[to.index()] += 1;
        self.state[id] = to as u8;
        self.program[id] = program.unwrap_or(NONE);
        self.entered[id] = month;
        self.misplaced[id] = misplaced;
        if let Some(g) = program {
            self.occupancy[g as usize] += 1;
            if misplaced {
                self.misplaced_in_program[g as usize] += 1;
                self.misplaced_in_category[to.index()] += 1;
            }
        }
        if to == State::Exited {
            self.events.exits += 1;
            self.leave_list(id);
        }
    }

    fn book_move_out(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        id: usize,
        g: usize,
        misplaced: bool,
    ) {
        let aggressive = model.profiles[self.profile[id] as usize].aggressive;
        let priced = model.prices.move_out(g, aggressive || misplaced, |lo, hi| {
            lo + (hi - lo) * rng.random::<f64>()
        });
        for (item, amount) in priced.into_iter().flatten() {
            self.ledger.book(item, Some(g), amount, self.discount);
        }
    }

    /// Close the stays still open at the end of the horizon, for retention.
    pub fn close_open_stays(&mut self) {
        for &id in &self.active {
            let id = id as usize;
            if let Some(c) = self.state_of(id).category() {
                let e = self.entered[id];
                self.retention[c.index()].record(e, self.horizon + 1 - e, self.horizon);
            }
        }
    }
}
