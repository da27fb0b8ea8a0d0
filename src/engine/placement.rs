//! Capacity, waiting lists and fallback: where bottlenecks and misplacement come from.
//!
//! A move into a category never takes a unit directly (unless every program of that category
//! that accepts the resident is unlimited): the resident joins the end of the category's
//! waiting list and, once all moves and arrivals of the month are known, the lists are served
//! in order. Residents still unplaced then take the scenario's fallback and stay on the list.

use super::residents::NONE;
use super::world::{Place, World};
use crate::model::Model;
use crate::scenario::{Fallback, Severity, WaitingListOrder};
use crate::state::{Category, State};
use rand_xoshiro::Xoshiro256PlusPlus;

/// A move requested this month that waits for the lists to be served.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pending {
    pub id: u32,
    /// Ticket of the waiting-list entry (`NONE` when no program could ever take the resident).
    pub ticket: u32,
    /// The category wanted.
    pub target: Category,
    /// Staying where one is is not an option.
    pub forced: bool,
    /// Already placed before the lists were served (urgent placement): no fallback.
    pub settled: bool,
}

impl World {
    /// A resident wants to move to `to` in month `month` (a drawn transition, a breakdown or a
    /// forced move).
    #[allow(clippy::too_many_arguments)]
    pub fn request_move(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        pending: &mut Vec<Pending>,
        id: usize,
        to: State,
        forced: bool,
        month: u32,
    ) {
        // Under urgent placement a discharge from an institution cannot wait there.
        let p = self.residents.profile[id] as usize;
        let forced =
            forced || (model.profiles[p].urgent && self.state_of(id) == State::Institution);
        let waiting = self.waiting.waiting_for[id];
        if waiting != NONE {
            if to.category().map(|c| c as u32) == Some(waiting) {
                // Already waiting for it: keep the place in the queue.
                if forced {
                    pending.push(Pending {
                        id: id as u32,
                        ticket: self.waiting.ticket[id],
                        target: to.category().unwrap_or(Category::Temporary),
                        forced,
                        settled: false,
                    });
                }
                return;
            }
            // The need has changed: the old wait is cancelled.
            self.waiting.leave(id);
        }
        match to.category() {
            None => self.relocate(model, rng, id, Place::Unhoused(to), month),
            Some(c) => self.want_category(model, rng, pending, id, c, forced, month),
        }
    }

    /// A breakdown: the resident leaves the program at once for `to` (temporary housing if a
    /// unit is free, else homelessness; or homeless or institution directly). Waiting-list
    /// entries are kept: the need has not changed.
    pub fn break_down(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        id: usize,
        to: State,
        month: u32,
    ) {
        let p = self.residents.profile[id] as usize;
        let place = match to.category() {
            None => Place::Unhoused(to),
            Some(c) => match self.occupancy.free_program(model, c, p) {
                Some(g) => Place::unit(g),
                None => Place::Unhoused(State::Homeless),
            },
        };
        if to.category().map(|c| c as u32) == Some(self.waiting.waiting_for[id]) {
            self.waiting.leave(id);
        }
        self.relocate(model, rng, id, place, month);
    }

    /// Ask for a unit in category `c`: direct when there is always room, else via the list.
    #[allow(clippy::too_many_arguments)]
    pub fn want_category(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        pending: &mut Vec<Pending>,
        id: usize,
        c: Category,
        forced: bool,
        month: u32,
    ) {
        let p = self.residents.profile[id] as usize;
        let k = p * crate::state::N_CATEGORIES + c.index();
        if model.always_room[k] {
            if let Some(g) = self.occupancy.free_program(model, c, p) {
                self.relocate(model, rng, id, Place::unit(g), month);
                return;
            }
        }
        let ticket = if self.has_program(model, c, p) {
            self.waiting.join(id, c, month);
            self.waiting.ticket[id]
        } else {
            NONE
        };
        pending.push(Pending {
            id: id as u32,
            ticket,
            target: c,
            forced,
            settled: false,
        });
    }

    /// Whether any program of `c` accepts profile `p` (full or not).
    fn has_program(&self, model: &Model, c: Category, p: usize) -> bool {
        model.programs_by_category[c.index()]
            .iter()
            .any(|&g| model.accepts(g as usize, p))
    }

    /// Serve every waiting list into free units until no more placements are possible.
    pub fn serve_waiting_lists(&mut self, model: &Model, rng: &mut Xoshiro256PlusPlus, month: u32) {
        loop {
            let mut placed = false;
            for c in Category::ALL {
                placed |= self.serve_list(model, rng, c, month);
            }
            if !placed {
                break;
            }
        }
    }

    fn serve_list(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        c: Category,
        month: u32,
    ) -> bool {
        if self.waiting.count[c.index()] == 0 {
            self.waiting.lists[c.index()].clear();
            return false;
        }
        let any_free = model.programs_by_category[c.index()]
            .iter()
            .any(|&g| self.occupancy.has_room(model, g as usize));
        if !any_free {
            return false;
        }
        let mut list = std::mem::take(&mut self.waiting.lists[c.index()]);
        let mut placed = false;
        let passes: &[Option<Severity>] = match model.order {
            WaitingListOrder::FirstComeFirstServed => &[None],
            WaitingListOrder::MostSevereFirst => &[
                Some(Severity::Severe),
                Some(Severity::Moderate),
                Some(Severity::Mild),
            ],
        };
        for severity in passes {
            for &(id, ticket) in &list {
                if !self.waiting.is_current(id, ticket) {
                    continue;
                }
                let p = self.residents.profile[id as usize] as usize;
                if severity.is_some_and(|s| model.profiles[p].severity != s) {
                    continue;
                }
                if let Some(g) = self.occupancy.free_program(model, c, p) {
                    let id = id as usize;
                    if self.waiting.since[id] < month {
                        self.tally.events.placements_from_waiting_list += 1;
                    }
                    self.waiting.leave(id);
                    self.relocate(model, rng, id, Place::unit(g), month);
                    placed = true;
                }
            }
        }
        list.retain(|&(id, ticket)| self.waiting.is_current(id, ticket));
        self.waiting.lists[c.index()] = list;
        placed
    }

    /// Apply the fallback to the month's moves that are still unplaced.
    pub fn apply_fallbacks(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        pending: &[Pending],
        month: u32,
    ) {
        for m in pending {
            let id = m.id as usize;
            let still_waiting = m.ticket == NONE || self.waiting.is_current(m.id, m.ticket);
            if !still_waiting || self.state_of(id) == State::Exited {
                continue;
            }
            self.tally.events.blocked_moves += 1;
            if m.settled {
                continue;
            }
            self.fall_back(model, rng, id, m, month);
        }
    }

    fn fall_back(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        id: usize,
        m: &Pending,
        month: u32,
    ) {
        let here = self.state_of(id);
        let may_stay = !m.forced && self.residents.arrived[id] != month;
        let p = self.residents.profile[id] as usize;
        for option in &model.fallback {
            match option {
                Fallback::Stay if may_stay => return,
                Fallback::Misplace
                    if m.target == model.profiles[p].needs
                        && self.misplace(model, rng, id, month) =>
                {
                    return
                }
                Fallback::Temporary if m.target != Category::Temporary => {
                    if here == State::Temporary {
                        if may_stay {
                            return;
                        }
                    } else if let Some(g) =
                        self.occupancy.free_program(model, Category::Temporary, p)
                    {
                        self.relocate(model, rng, id, Place::unit(g), month);
                        return;
                    }
                }
                Fallback::Institution if here != State::Institution || may_stay => {
                    if here != State::Institution {
                        self.relocate(model, rng, id, Place::Unhoused(State::Institution), month);
                    }
                    return;
                }
                Fallback::Homeless => break,
                _ => {}
            }
        }
        // The last resort. New arrivals already wait as homeless until placed.
        if here != State::Homeless {
            self.relocate(model, rng, id, Place::Unhoused(State::Homeless), month);
        }
    }

    /// Place `id` misplaced in the first of its profile's `misplaced_in` categories (other than
    /// where it is) with a free accepting unit; returns whether it was placed.
    fn misplace(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        id: usize,
        month: u32,
    ) -> bool {
        let here = self.state_of(id);
        let p = self.residents.profile[id] as usize;
        for &alt in &model.profiles[p].misplaced_in {
            if alt.state() == here {
                continue;
            }
            if let Some(g) = self.occupancy.free_program(model, alt, p) {
                self.tally.events.misplacements += 1;
                let place = Place::Unit {
                    program: g,
                    misplaced: true,
                };
                self.relocate(model, rng, id, place, month);
                return true;
            }
        }
        false
    }

    /// Urgent placement (before the lists are served): each of the month's urgent moves into
    /// the full category its profile needs takes a free unit in a `misplaced_in` category, ahead
    /// of that category's waiting list. The resident stays on the list for the category it
    /// needs. Moves into a category with a free unit are left to the list.
    pub fn place_urgent(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        pending: &mut [Pending],
        month: u32,
    ) {
        for m in pending.iter_mut() {
            let id = m.id as usize;
            let p = self.residents.profile[id] as usize;
            let profile = &model.profiles[p];
            if !(m.forced && profile.urgent && m.target == profile.needs) {
                continue;
            }
            let waiting = m.ticket == NONE || self.waiting.is_current(m.id, m.ticket);
            if !waiting || self.state_of(id) == State::Exited {
                continue;
            }
            if self.occupancy.free_program(model, m.target, p).is_some() {
                continue;
            }
            m.settled = self.misplace(model, rng, id, month);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{replication_rng, simulate, Workspace};
    use crate::{Model, Scenario};

    /// An aggressive resident discharged from an institution to full specialised housing,
    /// and a resident at the head of the congregate list, with one free congregate unit.
    fn one_free_unit(urgent: bool) -> crate::engine::Replication {
        let json = format!(
            r#"{{"name": "urgent", "horizon_months": 1,
            "placement": {{"urgent_misplacement": {urgent}}},
            "profiles": [
              {{"id": "agg", "severity": "severe", "aggressive": true, "needs": "specialized",
                "misplaced_in": ["congregate"], "initial": {{"specialized": 1, "institution": 1}},
                "transitions": {{"institution": {{"to": {{"specialized": 1.0}}}}}}}},
              {{"id": "mid", "severity": "moderate", "needs": "congregate",
                "initial_waiting": [{{"state": "homeless", "waiting_for": "congregate", "count": 1}}]}}
            ],
            "programs": [
              {{"id": "spec", "category": "specialized", "units": 1, "accepts": ["agg"]}},
              {{"id": "cong", "category": "congregate", "units": 1}}
            ]}}"#
        );
        let model = Model::new(&Scenario::from_json(&json).unwrap()).unwrap();
        let mut ws = Workspace::new(&model);
        simulate(&model, &mut ws, &mut replication_rng(1, 0), &mut ())
    }

    #[test]
    fn an_urgent_move_is_misplaced_ahead_of_the_receiving_list() {
        let r = one_free_unit(true);
        assert_eq!(r.events.misplacements, 1);
        assert_eq!(r.final_misplaced, 1);
        // The congregate resident still waits; the discharged resident waits for specialised.
        assert_eq!(
            r.final_waiting[crate::state::Category::Congregate.index()],
            1
        );
        assert_eq!(
            r.final_waiting[crate::state::Category::Specialized.index()],
            1
        );
        // Flows: one resident joined a list during the run (the start's lists do not count).
        assert_eq!(r.waiting_list_joins, [1, 0, 0, 0, 0]);
        assert_eq!(r.moves_out, [0; 5]);
    }

    #[test]
    fn flows_are_counted_per_year() {
        let json = r#"{"name": "flows", "horizon_months": 6,
            "profiles": [{"id": "a", "severity": "mild", "needs": "congregate",
              "initial": {"congregate": 2},
              "transitions": {"congregate": {"to": {"exited": 1.0}}}}],
            "programs": [{"id": "c", "category": "congregate", "units": 2}]}"#;
        let model = Model::new(&Scenario::from_json(json).unwrap()).unwrap();
        let r = crate::Simulation::new(&model)
            .replications(3)
            .run()
            .unwrap();
        let c = crate::state::Category::Congregate;
        // Two moves out in six months: four a year.
        assert_eq!(r.summary.moves_out_per_year[c].mean, 4.0);
        assert_eq!(r.summary.waiting_list_joins_per_year[c].mean, 0.0);
    }

    #[test]
    fn without_urgency_the_list_comes_first() {
        let r = one_free_unit(false);
        assert_eq!(r.events.misplacements, 0);
        assert_eq!(r.final_misplaced, 0);
        assert_eq!(
            r.final_waiting[crate::state::Category::Congregate.index()],
            0
        );
        // The list took the unit; the forced move found no room and ended homeless.
        assert_eq!(r.final_occupancy[crate::state::State::Homeless.index()], 1);
        assert_eq!(
            r.final_occupancy[crate::state::State::Congregate.index()],
            1
        );
    }
}
