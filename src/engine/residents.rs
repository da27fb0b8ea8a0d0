//! Residents as a structure of arrays, indexed by a stable resident id.

use crate::state::State;

/// Marks "no program" and "not waiting".
pub(crate) const NONE: u32 = u32::MAX;

/// Who the residents are and where they live: one array per attribute, indexed by resident id,
/// so that the inner loop of the engine (`draw_moves`) reads only the arrays it needs.
#[derive(Clone, Debug, Default)]
pub(crate) struct Residents {
    pub state: Vec<u8>,
    pub profile: Vec<u32>,
    /// Program lived in, or `NONE`.
    pub program: Vec<u32>,
    /// Month in which the resident entered the current state (0 = present at the start).
    pub entered: Vec<u32>,
    /// Month in which the resident arrived (0 = present at the start).
    pub arrived: Vec<u32>,
    pub misplaced: Vec<bool>,
    /// Ids of residents not exited, in id order.
    pub active: Vec<u32>,
}

impl Residents {
    /// Empty everything for a new replication.
    pub fn clear(&mut self) {
        self.state.clear();
        self.profile.clear();
        self.program.clear();
        self.entered.clear();
        self.arrived.clear();
        self.misplaced.clear();
        self.active.clear();
    }

    /// How many residents there have been (exited ones included): the next id.
    #[inline]
    pub fn ever(&self) -> usize {
        self.state.len()
    }

    /// Add an active resident in `state` and `program` (or `NONE`), arrived and entered in
    /// month `month`; returns the new id.
    pub fn push(
        &mut self,
        profile: u32,
        state: State,
        program: u32,
        misplaced: bool,
        month: u32,
    ) -> u32 {
        let id = self.ever() as u32;
        self.state.push(state as u8);
        self.profile.push(profile);
        self.program.push(program);
        self.entered.push(month);
        self.arrived.push(month);
        self.misplaced.push(misplaced);
        self.active.push(id);
        id
    }

    #[inline]
    pub fn state_of(&self, id: usize) -> State {
        State::from_index(self.state[id] as usize)
    }

    /// Put `id` in `state` and `program` (or `NONE`) from month `month` on.
    pub fn settle(&mut self, id: usize, state: State, program: u32, misplaced: bool, month: u32) {
        self.state[id] = state as u8;
        self.program[id] = program;
        self.entered[id] = month;
        self.misplaced[id] = misplaced;
    }
}
