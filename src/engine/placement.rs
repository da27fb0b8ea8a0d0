//! Capacity, waiting lists and fallback: where bottlenecks and misplacement come from.
//!
//! A move into a category never takes a unit directly (unless every program of that category
//! that accepts the resident is unlimited): the resident joins the category's waiting list
//! and, once all moves and arrivals of the month are known, the lists are served. Residents
//! still unplaced then take the scenario's fallback and stay on the list.
//!
//! # Who goes first
//! Where residents compete for free units in one step — breakdowns into temporary housing,
//! urgent placements, a waiting list, fallbacks — they are taken in a uniformly random order
//! (every ordering equally likely), except that a waiting list serves its oldest cohort (the
//! residents who joined in the same month) first and, within a cohort, severe before moderate
//! before mild (`first_come_first_served`), or severity first and then the oldest cohort
//! (`most_severe_first`). Residents in one cell are exchangeable, so the engine draws who is
//! next from the cells in proportion to their counts; when every resident of a step would be
//! served whatever the order, whole cells move at once.

use super::cells::NONE;
use super::world::{Place, World};
use crate::model::Model;
use crate::scenario::{Fallback, Severity, WaitingListOrder};
use crate::state::{Category, State};
use rand_xoshiro::Xoshiro256PlusPlus;

/// Moves requested this month that wait for the lists to be served: every resident of the
/// cell `cell` (cells on this list are not merged before the month is over).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Pending {
    pub cell: u32,
    /// The category wanted.
    pub target: Category,
    /// Staying where one is is not an option.
    pub forced: bool,
    /// Already placed before the lists were served (urgent placement): no fallback.
    pub settled: bool,
    /// On the category's waiting list (false when no program could ever take them).
    pub listed: bool,
}

/// Reusable memory for the steps that pick residents one by one.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scratch {
    /// Cells taking part in a step.
    cells: Vec<u32>,
    /// Residents of each of those cells not yet taken.
    pool: Vec<u32>,
    /// Free units per program of the category being served.
    room: Vec<u32>,
    /// Placements decided: (cell, program, residents).
    placed: Vec<(u32, u32, u32)>,
    /// The month's pending moves that take a fallback (their indices).
    blocked: Vec<usize>,
}

/// A breakdown drawn this month: `count` residents of `cell` leave their program for `to`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Breakdown {
    pub cell: u32,
    pub count: u32,
    pub to: State,
}

/// Index of one of `weights` with probability proportional to its weight (`total` > 0 is
/// their sum).
fn pick(rng: &mut Xoshiro256PlusPlus, weights: &[u32], total: u64) -> usize {
    let mut u = crate::sampling::below(total, rng);
    for (k, &w) in weights.iter().enumerate() {
        if u < w as u64 {
            return k;
        }
        u -= w as u64;
    }
    weights.len() - 1
}

/// Rank of a severity in serving order (severe first).
fn rank(s: Severity) -> u8 {
    match s {
        Severity::Severe => 0,
        Severity::Moderate => 1,
        Severity::Mild => 2,
    }
}

impl World {
    /// `n` residents of cell `i` want to move to `to` in month `month` (a drawn transition or
    /// a forced move).
    #[allow(clippy::too_many_arguments)]
    pub fn request_move(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        pending: &mut Vec<Pending>,
        i: usize,
        n: u32,
        to: State,
        forced: bool,
        month: u32,
    ) {
        // Under urgent placement a discharge from an institution cannot wait there.
        let p = self.cells.profile[i] as usize;
        let forced = forced || (model.profiles[p].urgent && self.state_of(i) == State::Institution);
        let mut i = i;
        if let Some(waiting) = self.waiting_for(i) {
            if to.category() == Some(waiting) {
                // Already waiting for it: keep the place in the queue.
                if forced {
                    let j = self.cells.take(i, n, rng);
                    pending.push(Pending {
                        cell: j as u32,
                        target: waiting,
                        forced,
                        settled: false,
                        listed: true,
                    });
                }
                return;
            }
            // The need has changed: the old wait is cancelled.
            i = self.cells.take(i, n, rng);
            self.leave_list(i);
        }
        match to.category() {
            None => {
                self.relocate(model, rng, i, n, Place::Unhoused(to), month);
            }
            Some(c) => self.want_category(model, rng, pending, i, n, c, forced, month),
        }
    }

    /// `n` residents of cell `i` ask for a unit in category `c`: directly when there is
    /// always room, else via the list.
    #[allow(clippy::too_many_arguments)]
    pub fn want_category(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        pending: &mut Vec<Pending>,
        i: usize,
        n: u32,
        c: Category,
        forced: bool,
        month: u32,
    ) {
        let p = self.cells.profile[i] as usize;
        let k = p * crate::state::N_CATEGORIES + c.index();
        if model.always_room[k] {
            if let Some(g) = self.occupancy.free_program(model, c, p) {
                self.relocate(model, rng, i, n, Place::unit(g), month);
                return;
            }
        }
        let j = self.cells.take(i, n, rng);
        let listed = has_program(model, c, p);
        if listed {
            self.join_list(j, c, month);
        }
        pending.push(Pending {
            cell: j as u32,
            target: c,
            forced,
            settled: false,
            listed,
        });
    }

    /// The month's breakdowns, in random order: each resident leaves its program at once for
    /// its breakdown state — temporary housing if a unit is free, else homelessness.
    pub fn break_down_all(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        list: &[Breakdown],
        month: u32,
    ) {
        let into_temporary: u64 = list
            .iter()
            .filter(|b| b.to == State::Temporary)
            .map(|b| b.count as u64)
            .sum();
        if !self.short_of_room(model, &[Category::Temporary], into_temporary) {
            for b in list {
                self.break_down(model, rng, b.cell as usize, b.count, b.to, month);
            }
            return;
        }
        let mut pool: Vec<u32> = list.iter().map(|b| b.count).collect();
        let mut total: u64 = pool.iter().map(|&x| x as u64).sum();
        while total > 0 {
            let k = pick(rng, &pool, total);
            pool[k] -= 1;
            total -= 1;
            let b = list[k];
            self.break_down(model, rng, b.cell as usize, 1, b.to, month);
        }
    }

    /// Whether some limited program of `categories` has fewer free units than `demand`: then
    /// the order in which residents are taken matters.
    fn short_of_room(&self, model: &Model, categories: &[Category], demand: u64) -> bool {
        demand > 0
            && categories.iter().any(|c| {
                model.programs_by_category[c.index()].iter().any(|&g| {
                    let g = g as usize;
                    !model.programs[g].unlimited && (self.occupancy.room(model, g) as u64) < demand
                })
            })
    }

    /// `n` residents of cell `i` break down. Waiting-list entries are kept: the need has not
    /// changed.
    fn break_down(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        i: usize,
        n: u32,
        to: State,
        month: u32,
    ) {
        let mut i = i;
        if to.category().is_some() && to.category() == self.waiting_for(i) {
            i = self.cells.take(i, n, rng);
            self.leave_list(i);
        }
        match to.category() {
            None => {
                self.relocate(model, rng, i, n, Place::Unhoused(to), month);
            }
            Some(c) => {
                let rest = self.move_to_free(model, rng, i, n, c, month);
                if rest > 0 {
                    self.relocate(model, rng, i, rest, Place::Unhoused(State::Homeless), month);
                }
            }
        }
    }

    /// Move up to `n` residents of cell `i` into free units of category `c` (first program
    /// with room first); returns how many found none.
    fn move_to_free(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        i: usize,
        n: u32,
        c: Category,
        month: u32,
    ) -> u32 {
        let p = self.cells.profile[i] as usize;
        let mut rest = n;
        while rest > 0 {
            let Some(g) = self.occupancy.free_program(model, c, p) else {
                break;
            };
            let k = rest.min(self.occupancy.room(model, g as usize));
            self.relocate(model, rng, i, k, Place::unit(g), month);
            rest -= k;
        }
        rest
    }

    /// Residents who have waited since an earlier month give up, each with the scenario's
    /// monthly probability, and go to its `reneging_to` state.
    pub fn renege(&mut self, model: &Model, rng: &mut Xoshiro256PlusPlus, month: u32) {
        let (probability, to) = model.reneging;
        if probability <= 0.0 || self.waiting.count.iter().all(|&c| c == 0) {
            return;
        }
        for k in 0..self.cells.active.len() {
            let i = self.cells.active[k] as usize;
            let n = self.cells.count[i];
            if n == 0 || self.cells.waiting_for[i] == NONE || self.cells.since[i] >= month {
                continue;
            }
            let gone = super::binomial(n, probability, rng);
            if gone > 0 {
                let j = self.cells.take(i, gone, rng);
                self.leave_list(j);
                self.relocate(model, rng, j, gone, Place::Unhoused(to), month);
            }
        }
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

    /// One pass over the list for `c`: cohorts in queue order, residents within a group in
    /// random order, each taking the first program accepting it with a free unit.
    fn serve_list(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        c: Category,
        month: u32,
    ) -> bool {
        if self.waiting.count[c.index()] == 0 {
            return false;
        }
        let programs = &model.programs_by_category[c.index()];
        let mut s = std::mem::take(&mut self.scratch);
        s.room.clear();
        s.room.extend(
            programs
                .iter()
                .map(|&g| self.occupancy.room(model, g as usize)),
        );
        // Nobody waiting whom a program with a free unit accepts: nothing to do.
        let servable = (0..model.profiles.len()).any(|p| {
            self.waiting.waiting(c, p) > 0
                && programs
                    .iter()
                    .zip(&s.room)
                    .any(|(&g, &r)| r > 0 && model.accepts(g as usize, p))
        });
        if !servable {
            self.scratch = s;
            return false;
        }
        self.gather_list(model, c, &mut s.cells);
        s.placed.clear();
        let group_of = |cells: &super::cells::Cells, i: u32| -> (u32, u32) {
            let i = i as usize;
            let severity = rank(model.profiles[cells.profile[i] as usize].severity) as u32;
            match model.order {
                WaitingListOrder::FirstComeFirstServed => (cells.since[i], severity),
                WaitingListOrder::MostSevereFirst => (severity, cells.since[i]),
            }
        };
        let mut start = 0;
        while start < s.cells.len() && s.room.iter().any(|&r| r > 0) {
            let key = group_of(&self.cells, s.cells[start]);
            let mut end = start + 1;
            while end < s.cells.len() && group_of(&self.cells, s.cells[end]) == key {
                end += 1;
            }
            self.serve_group(model, rng, programs, start..end, &mut s);
            start = end;
        }
        let placed = !s.placed.is_empty();
        for &(i, g, n) in &s.placed {
            let i = i as usize;
            if self.cells.since[i] < month {
                self.tally.events.placements_from_waiting_list += n as u64;
            }
            let j = self.cells.take(i, n, rng);
            self.leave_list(j);
            self.relocate(model, rng, j, n, Place::unit(g), month);
        }
        self.scratch = s;
        placed
    }

    /// The cells on the list for `c`, sorted into serving groups.
    fn gather_list(&mut self, model: &Model, c: Category, out: &mut Vec<u32>) {
        let order = model.order;
        let group = move |cells: &super::cells::Cells, i: u32| {
            let i = i as usize;
            let severity = rank(model.profiles[cells.profile[i] as usize].severity) as u32;
            let (first, second) = match order {
                WaitingListOrder::FirstComeFirstServed => (cells.since[i], severity),
                WaitingListOrder::MostSevereFirst => (severity, cells.since[i]),
            };
            (first as u64) << 32 | second as u64
        };
        self.cells.listed(c as u32, group, out);
    }

    /// Serve the residents of `s.cells[range]` (one serving group) in random order, deciding
    /// placements in `s.placed` and using up `s.room`.
    fn serve_group(
        &self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        programs: &[u32],
        range: std::ops::Range<usize>,
        s: &mut Scratch,
    ) {
        let cells = &s.cells[range];
        s.pool.clear();
        s.pool
            .extend(cells.iter().map(|&i| self.cells.count[i as usize]));
        let mut total: u64 = s.pool.iter().map(|&x| x as u64).sum();
        let first_free = |room: &[u32], p: usize| {
            programs
                .iter()
                .enumerate()
                .position(|(k, &g)| room[k] > 0 && model.accepts(g as usize, p))
        };
        while total > 0 {
            // One cell left: its residents are exchangeable, so they take units in bulk.
            if let Some(only) = single(&s.pool) {
                let i = cells[only];
                let p = self.cells.profile[i as usize] as usize;
                for (k, &g) in programs.iter().enumerate() {
                    if s.pool[only] == 0 {
                        break;
                    }
                    if s.room[k] > 0 && model.accepts(g as usize, p) {
                        let n = s.pool[only].min(s.room[k]);
                        s.room[k] -= n;
                        s.pool[only] -= n;
                        s.placed.push((i, g, n));
                    }
                }
                return;
            }
            let k = pick(rng, &s.pool, total);
            let i = cells[k];
            let p = self.cells.profile[i as usize] as usize;
            match first_free(&s.room, p) {
                Some(gk) => {
                    s.room[gk] -= 1;
                    s.pool[k] -= 1;
                    total -= 1;
                    record(&mut s.placed, i, programs[gk]);
                }
                None => {
                    // No unit for this profile now, nor later in this pass: all its residents
                    // in the group stay on the list.
                    for (kk, &j) in cells.iter().enumerate() {
                        if self.cells.profile[j as usize] as usize == p {
                            total -= s.pool[kk] as u64;
                            s.pool[kk] = 0;
                        }
                    }
                }
            }
        }
    }

    /// Apply the fallback to the month's moves that are still unplaced, in random order.
    pub fn apply_fallbacks(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        pending: &[Pending],
        month: u32,
    ) {
        let mut blocked = std::mem::take(&mut self.scratch.blocked);
        blocked.clear();
        let mut demand = 0u64;
        for (e, m) in pending.iter().enumerate() {
            let j = m.cell as usize;
            if !self.still_waiting(m) {
                continue;
            }
            let n = self.cells.count[j];
            self.tally.events.blocked_moves += n as u64;
            if !m.settled {
                blocked.push(e);
                demand += n as u64;
            }
        }
        if !self.fallbacks_compete(model, demand) {
            for &e in &blocked {
                let m = pending[e];
                let n = self.cells.count[m.cell as usize];
                self.fall_back(model, rng, m.cell as usize, n, &m, month);
            }
            self.scratch.blocked = blocked;
            return;
        }
        let mut pool: Vec<u32> = blocked
            .iter()
            .map(|&e| self.cells.count[pending[e].cell as usize])
            .collect();
        let mut total = demand;
        while total > 0 {
            let k = pick(rng, &pool, total);
            pool[k] -= 1;
            total -= 1;
            let m = pending[blocked[k]];
            self.fall_back(model, rng, m.cell as usize, 1, &m, month);
        }
        self.scratch.blocked = blocked;
    }

    /// Whether the residents of a pending move are all still waiting to be placed.
    fn still_waiting(&self, m: &Pending) -> bool {
        let j = m.cell as usize;
        self.cells.count[j] > 0 && (!m.listed || self.waiting_for(j) == Some(m.target))
    }

    /// Whether `demand` residents taking fallbacks could run short of units (misplacement
    /// or temporary housing), so that the order among them matters.
    fn fallbacks_compete(&self, model: &Model, demand: u64) -> bool {
        if demand == 0 {
            return false;
        }
        let uses = |f: Fallback| model.fallback.contains(&f);
        let used: &[Category] = if uses(Fallback::Misplace) {
            &Category::ALL
        } else if uses(Fallback::Temporary) {
            &[Category::Temporary]
        } else {
            &[]
        };
        self.short_of_room(model, used, demand)
    }

    /// The fallback for `n` residents of the pending move `m` (cell `j`).
    fn fall_back(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        j: usize,
        n: u32,
        m: &Pending,
        month: u32,
    ) {
        let here = self.state_of(j);
        let may_stay = !m.forced && self.cells.arrived[j] != month;
        let p = self.cells.profile[j] as usize;
        let mut rest = n;
        for option in &model.fallback {
            match option {
                Fallback::Stay if may_stay => return,
                Fallback::Misplace if m.target == model.profiles[p].needs => {
                    rest -= self.misplace(model, rng, j, rest, month).0;
                    if rest == 0 {
                        return;
                    }
                }
                Fallback::Temporary if m.target != Category::Temporary => {
                    if here == State::Temporary {
                        // Held residents wait in temporary housing whatever moved them.
                        if may_stay || model.held {
                            return;
                        }
                    } else {
                        rest = self.move_to_free(model, rng, j, rest, Category::Temporary, month);
                        if rest == 0 {
                            return;
                        }
                    }
                }
                Fallback::Institution if here != State::Institution || may_stay => {
                    if here != State::Institution {
                        let to = Place::Unhoused(State::Institution);
                        self.relocate(model, rng, j, rest, to, month);
                    }
                    return;
                }
                Fallback::Homeless => break,
                _ => {}
            }
        }
        // The last resort. New arrivals already wait as homeless until placed.
        if here != State::Homeless {
            self.relocate(model, rng, j, rest, Place::Unhoused(State::Homeless), month);
        }
    }

    /// Place up to `n` residents of cell `j` misplaced in the first of their profile's
    /// `misplaced_in` categories (other than where they are) with free accepting units;
    /// returns how many were placed and the cell the last of them is in.
    fn misplace(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        j: usize,
        n: u32,
        month: u32,
    ) -> (u32, usize) {
        let here = self.state_of(j);
        let p = self.cells.profile[j] as usize;
        let mut placed = 0;
        let mut last = j;
        for &alt in &model.profiles[p].misplaced_in {
            if alt.state() == here {
                continue;
            }
            while placed < n {
                let Some(g) = self.occupancy.free_program(model, alt, p) else {
                    break;
                };
                let k = (n - placed).min(self.occupancy.room(model, g as usize));
                self.tally.events.misplacements += k as u64;
                let place = Place::Unit {
                    program: g,
                    misplaced: true,
                };
                last = self.relocate(model, rng, j, k, place, month);
                placed += k;
            }
            if placed == n {
                break;
            }
        }
        (placed, last)
    }

    /// Urgent placement (before the lists are served): the month's urgent moves into the full
    /// category their profile needs take free units in a `misplaced_in` category, ahead of that
    /// category's waiting list, one resident at a time in random order. They stay on the list
    /// for the category they need. Moves into a category with a free unit are left to the list.
    pub fn place_urgent(
        &mut self,
        model: &Model,
        rng: &mut Xoshiro256PlusPlus,
        pending: &mut Vec<Pending>,
        month: u32,
    ) {
        let urgent: Vec<usize> = (0..pending.len())
            .filter(|&e| {
                let m = &pending[e];
                let profile = &model.profiles[self.cells.profile[m.cell as usize] as usize];
                m.forced && profile.urgent && m.target == profile.needs && self.still_waiting(m)
            })
            .collect();
        let mut pool: Vec<u32> = urgent
            .iter()
            .map(|&e| self.cells.count[pending[e].cell as usize])
            .collect();
        let mut total: u64 = pool.iter().map(|&x| x as u64).sum();
        while total > 0 {
            let k = pick(rng, &pool, total);
            pool[k] -= 1;
            total -= 1;
            let m = pending[urgent[k]];
            let j = m.cell as usize;
            let p = self.cells.profile[j] as usize;
            if self.occupancy.free_program(model, m.target, p).is_some() {
                continue;
            }
            let (placed, cell) = self.misplace(model, rng, j, 1, month);
            if placed == 0 {
                continue;
            }
            if cell == j {
                pending[urgent[k]].settled = true;
            } else {
                pending.push(Pending {
                    cell: cell as u32,
                    settled: true,
                    ..m
                });
            }
        }
    }
}

/// Whether any program of `c` accepts profile `p` (full or not).
fn has_program(model: &Model, c: Category, p: usize) -> bool {
    model.programs_by_category[c.index()]
        .iter()
        .any(|&g| model.accepts(g as usize, p))
}

/// The index of the only non-zero entry of `pool`, if exactly one is non-zero.
fn single(pool: &[u32]) -> Option<usize> {
    let mut found = None;
    for (k, &x) in pool.iter().enumerate() {
        if x > 0 {
            if found.is_some() {
                return None;
            }
            found = Some(k);
        }
    }
    found
}

/// Add one placement of a resident of cell `i` in program `g` to `placed`.
fn record(placed: &mut Vec<(u32, u32, u32)>, i: u32, g: u32) {
    match placed.last_mut() {
        Some((j, h, n)) if *j == i && *h == g => *n += 1,
        _ => placed.push((i, g, 1)),
    }
}
