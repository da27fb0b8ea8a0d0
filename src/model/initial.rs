//! Allocating the residents present at the start to programs, once per model.
//!
//! The allocation is greedy and deterministic: profiles in scenario order; within a profile,
//! `initial` (in state order), then `initial_misplaced`, then `initial_waiting`; each group fills
//! the accepting programs of its category in scenario order. A group that does not fit is an
//! error naming its field path.

use crate::scenario::{Issue, Profile, Scenario};
use crate::state::{Category, State};

/// Residents who start in the same place with the same status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitialGroup {
    /// Profile index.
    pub profile: u32,
    /// Starting state.
    pub state: State,
    /// Program index, for residents in one of the five categories.
    pub program: Option<u32>,
    /// Whether they are misplaced (they then wait for the profile's `needs`).
    pub misplaced: bool,
    /// The category they wait for, if any.
    pub waiting_for: Option<Category>,
    /// How many.
    pub count: u32,
}

pub(super) fn allocate(s: &Scenario) -> Result<Vec<InitialGroup>, Vec<Issue>> {
    let mut a = Allocator {
        s,
        free: s
            .programs
            .iter()
            .map(|g| g.units.capacity() as u64)
            .collect(),
        groups: Vec::new(),
        issues: Vec::new(),
    };
    for (pi, p) in s.profiles.iter().enumerate() {
        a.profile(pi, p);
    }
    if a.issues.is_empty() {
        Ok(a.groups)
    } else {
        Err(a.issues)
    }
}

/// The allocation under way.
struct Allocator<'a> {
    s: &'a Scenario,
    /// Units still free, per program.
    free: Vec<u64>,
    groups: Vec<InitialGroup>,
    issues: Vec<Issue>,
}

impl Allocator<'_> {
    /// The residents of profile `pi` present at the start: `initial`, `initial_misplaced`,
    /// then `initial_waiting`.
    fn profile(&mut self, pi: usize, p: &Profile) {
        let group = |state, misplaced, waiting_for, count| InitialGroup {
            profile: pi as u32,
            state,
            program: None,
            misplaced,
            waiting_for,
            count,
        };
        for (state, n) in &p.initial {
            let path = format!("profiles[{pi}].initial.{state}");
            self.place(path, p, group(*state, false, None, *n));
        }
        for (cat, n) in &p.initial_misplaced {
            let path = format!("profiles[{pi}].initial_misplaced.{cat}");
            self.place(path, p, group(cat.state(), true, Some(p.needs), *n));
        }
        for (j, w) in p.initial_waiting.iter().enumerate() {
            let path = format!("profiles[{pi}].initial_waiting[{j}].count");
            self.place(path, p, group(w.state, false, Some(w.waiting_for), w.count));
        }
    }

    /// Place the residents of `base` (of profile `p`, given at field `path`), in the programs of
    /// their state's category if it has one.
    fn place(&mut self, path: String, p: &Profile, base: InitialGroup) {
        let count = base.count;
        let Some(cat) = base.state.category() else {
            if count > 0 {
                self.groups.push(base);
            }
            return;
        };
        let left = self.fill(cat, p, &base);
        if left > 0 {
            self.issues.push(Issue::new(
                path,
                format!(
                    "{count} residents of profile \"{}\" start in {cat}, but only {} units \
                     are left in the {cat} programs that accept it (filled in scenario order)",
                    p.id,
                    count as u64 - left
                ),
            ));
        }
    }

    /// Fill the free units of the programs of `cat` that accept `p`, in scenario order, with
    /// the residents of `base`; returns how many are left over.
    fn fill(&mut self, cat: Category, p: &Profile, base: &InitialGroup) -> u64 {
        let mut left = base.count as u64;
        for (gi, g) in self.s.programs.iter().enumerate() {
            if left == 0 {
                break;
            }
            let accepts = g.accepts.as_ref().is_none_or(|a| a.contains(&p.id));
            if g.category != cat || !accepts || self.free[gi] == 0 {
                continue;
            }
            let n = left.min(self.free[gi]);
            self.free[gi] -= n;
            left -= n;
            self.groups.push(InitialGroup {
                program: Some(gi as u32),
                count: n as u32,
                ..base.clone()
            });
        }
        left
    }
}
