//! Who lives where, counted: residents per program and per state, misplaced residents, and the
//! resident-months of each program. Kept up to date by every move.

use crate::model::Model;
use crate::state::{Category, Colour, State, N_CATEGORIES, N_STATES};

/// Running counts of where residents are.
#[derive(Clone, Debug)]
pub(crate) struct Occupancy {
    /// Residents per program.
    pub by_program: Vec<u32>,
    pub misplaced_in_program: Vec<u32>,
    /// Resident-months per program so far.
    pub program_months: Vec<u64>,
    pub state_count: [u32; N_STATES],
    pub misplaced_in_category: [u32; N_CATEGORIES],
}

impl Occupancy {
    /// Empty counts for `programs` programs.
    pub fn new(programs: usize) -> Occupancy {
        Occupancy {
            by_program: vec![0; programs],
            misplaced_in_program: vec![0; programs],
            program_months: vec![0; programs],
            state_count: [0; N_STATES],
            misplaced_in_category: [0; N_CATEGORIES],
        }
    }

    /// Empty everything for a new replication.
    pub fn clear(&mut self) {
        self.by_program.iter_mut().for_each(|x| *x = 0);
        self.misplaced_in_program.iter_mut().for_each(|x| *x = 0);
        self.program_months.iter_mut().for_each(|x| *x = 0);
        self.state_count = [0; N_STATES];
        self.misplaced_in_category = [0; N_CATEGORIES];
    }

    /// Count `n` residents who come to `state` (and `program`).
    #[inline]
    pub fn enter(&mut self, state: State, program: Option<u32>, misplaced: bool, n: u32) {
        self.state_count[state.index()] += n;
        if let Some(g) = program {
            self.by_program[g as usize] += n;
            if misplaced {
                self.misplaced_in_program[g as usize] += n;
                self.misplaced_in_category[state.index()] += n;
            }
        }
    }

    /// Stop counting `n` residents who leave `state` (and `program`).
    #[inline]
    pub fn leave(&mut self, state: State, program: Option<u32>, misplaced: bool, n: u32) {
        self.state_count[state.index()] -= n;
        if let Some(g) = program {
            self.by_program[g as usize] -= n;
            if misplaced {
                self.misplaced_in_program[g as usize] -= n;
                self.misplaced_in_category[state.index()] -= n;
            }
        }
    }

    /// Free units in program `g` (`u32::MAX` when unlimited).
    #[inline]
    pub fn room(&self, model: &Model, g: usize) -> u32 {
        model.programs[g]
            .capacity
            .saturating_sub(self.by_program[g])
    }

    /// The first program of category `c` that accepts profile `p` and has a free unit.
    #[inline]
    pub fn free_program(&self, model: &Model, c: Category, p: usize) -> Option<u32> {
        model.programs_by_category[c.index()]
            .iter()
            .copied()
            .find(|&g| model.accepts(g as usize, p) && self.has_room(model, g as usize))
    }

    /// Whether program `g` has a free unit.
    #[inline]
    pub fn has_room(&self, model: &Model, g: usize) -> bool {
        self.by_program[g] < model.programs[g].capacity
    }

    /// Residents misplaced now, in every category.
    #[inline]
    pub fn misplaced(&self) -> u32 {
        self.misplaced_in_category.iter().sum()
    }

    /// Residents per colour now (docs/sources.md §3).
    pub fn colours(&self) -> [u32; 3] {
        let n = |s: State| self.state_count[s.index()];
        let misplaced_green: u32 = [
            Category::Specialized,
            Category::Congregate,
            Category::HousingFirst,
        ]
        .iter()
        .map(|c| self.misplaced_in_category[c.index()])
        .sum();
        let green = n(State::Specialized)
            + n(State::Congregate)
            + n(State::HousingFirst)
            + n(State::Ordinary)
            - misplaced_green;
        let yellow = n(State::Rehabilitation) + n(State::Institution) + misplaced_green;
        let red = n(State::Temporary) + n(State::Homeless);
        let mut out = [0; 3];
        out[Colour::Green as usize] = green;
        out[Colour::Yellow as usize] = yellow;
        out[Colour::Red as usize] = red;
        out
    }
}
