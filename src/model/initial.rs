//! Allocating the residents present at the start to programs, once per model.
//!
//! The allocation is greedy and deterministic: profiles in scenario order; within a profile,
//! `initial` (in state order), then `initial_misplaced`, then `initial_waiting`; each group fills
//! the accepting programs of its category in scenario order. A group that does not fit is an
//! error naming its field path.

use crate::scenario::{Issue, Scenario};
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
    let mut free: Vec<u64> = s
        .programs
        .iter()
        .map(|g| g.units.capacity() as u64)
        .collect();
    let mut groups = Vec::new();
    let mut issues = Vec::new();
    for (pi, p) in s.profiles.iter().enumerate() {
        let mut place = |path: String,
                         state: State,
                         misplaced: bool,
                         waiting_for: Option<Category>,
                         count: u32,
                         groups: &mut Vec<InitialGroup>| {
            let base = InitialGroup {
                profile: pi as u32,
                state,
                program: None,
                misplaced,
                waiting_for,
                count,
            };
            let Some(cat) = state.category() else {
                if count > 0 {
                    groups.push(base);
                }
                return;
            };
            let mut left = count as u64;
            for (gi, g) in s.programs.iter().enumerate() {
                if left == 0 {
                    break;
                }
                let accepts = g.accepts.as_ref().is_none_or(|a| a.contains(&p.id));
                if g.category != cat || !accepts || free[gi] == 0 {
                    continue;
                }
                let n = left.min(free[gi]);
                free[gi] -= n;
                left -= n;
                groups.push(InitialGroup {
                    program: Some(gi as u32),
                    count: n as u32,
                    ..base.clone()
                });
            }
            if left > 0 {
                issues.push(Issue::new(
                    path,
                    format!(
                        "{count} residents of profile \"{}\" start in {cat}, but only {} units \
                         are left in the {cat} programs that accept it (filled in scenario order)",
                        p.id,
                        count as u64 - left
                    ),
                ));
            }
        };
        for (state, n) in &p.initial {
            place(
                format!("profiles[{pi}].initial.{state}"),
                *state,
                false,
                None,
                *n,
                &mut groups,
            );
        }
        for (cat, n) in &p.initial_misplaced {
            place(
                format!("profiles[{pi}].initial_misplaced.{cat}"),
                cat.state(),
                true,
                Some(p.needs),
                *n,
                &mut groups,
            );
        }
        for (j, w) in p.initial_waiting.iter().enumerate() {
            place(
                format!("profiles[{pi}].initial_waiting[{j}].count"),
                w.state,
                false,
                Some(w.waiting_for),
                w.count,
                &mut groups,
            );
        }
    }
    if issues.is_empty() {
        Ok(groups)
    } else {
        Err(issues)
    }
}
