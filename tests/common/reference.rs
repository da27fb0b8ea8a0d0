//! A per-resident reference simulator of the month of a replication, written to be obviously
//! right rather than fast: a `Vec` of residents, each month the steps below in this order, and
//! every "uniformly random order" a shuffle of the residents who compete.
//!
//! 1. Staffing response from the start-of-month occupancy.
//! 2. Transitions: everyone present draws (a breakdown, else the next state by inversion on its
//!    band row's probabilities; under `while_waiting: "held"` residents on a list draw nothing);
//!    then all drawn moves (none competes for a limited unit), then the breakdowns in random
//!    order.
//! 3. Arrivals (Poisson per profile).
//! 4. Reneging of residents who joined a list before this month.
//! 5. Urgent placement, in random order.
//! 6. Waiting lists served category by category until nothing more is placed; a list's queue is
//!    its cohorts (month joined) and severities in the scenario's order, random within them.
//! 7. Fallback of the month's unplaced moves, in random order.
//! 8. Costs and records.
//!
//! It reads only the model's public parts and draws with its own generator calls, so it shares
//! no sampler with the engine.
#![allow(dead_code)]

use housing_sim::cost::{monthly_discount_factor, Ledger};
use housing_sim::engine::{Events, Replication, RetentionCounts};
use housing_sim::model::Model;
use housing_sim::scenario::{Fallback, Severity, WaitingListOrder};
use housing_sim::state::{Category, Colour, State, N_CATEGORIES, N_STATES};
use rand::seq::SliceRandom;
use rand::Rng;
use rand_distr::Distribution;

/// The rules of the month that the scenario may set beyond today's format, and the order of
/// competing residents.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rules {
    /// `placement.while_waiting == "held"`: residents on a list draw no transition.
    pub held: bool,
    /// `placement.reneging_probability_per_month`.
    pub reneging: f64,
    /// `placement.reneging_to`.
    pub reneging_to: State,
    /// The order of competing residents.
    pub order: Order,
}

/// The order in which competing residents are taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Uniformly random (the contract).
    Random,
    /// By resident id: a deliberately wrong variant, for power checks.
    ById,
    /// As the per-resident engine did before the contract: by id, a month's breakdowns among
    /// its drawn moves (in id order), and a list's cohort in order of joining, whatever the
    /// severity. For showing which of the contract's changes a difference comes from.
    Former,
}

impl Rules {
    /// The rules of `model`'s scenario. The fields are read from the scenario as JSON, so a
    /// format without them yet gives their defaults (draw, no reneging, homeless).
    pub fn of(model: &Model) -> Rules {
        let scenario = serde_json::to_value(model.scenario()).expect("a scenario serialises");
        let placement = &scenario["placement"];
        let reneging_to = match placement["reneging_to"].as_str() {
            None | Some("homeless") => State::Homeless,
            Some("ordinary") => State::Ordinary,
            Some("institution") => State::Institution,
            Some("exited") => State::Exited,
            Some(other) => panic!("reneging_to {other} is not a state without capacity"),
        };
        Rules {
            held: placement["while_waiting"].as_str() == Some("held"),
            reneging: placement["reneging_probability_per_month"]
                .as_f64()
                .unwrap_or(0.0),
            reneging_to,
            order: Order::Random,
        }
    }
}

/// One replication of `model` under its own rules.
pub fn simulate(model: &Model, rng: &mut impl Rng) -> Replication {
    simulate_with(model, Rules::of(model), rng)
}

/// One replication of `model` under `rules`.
pub fn simulate_with(model: &Model, rules: Rules, rng: &mut impl Rng) -> Replication {
    let mut w = World::new(model, rules);
    for g in model.initial() {
        for _ in 0..g.count {
            let program = g.program.map(|x| x as usize);
            let i = w.add(g.profile as usize, g.state, program, g.misplaced, 0);
            if let Some(c) = g.waiting_for {
                w.residents[i].waiting_for = Some(c);
                w.residents[i].since = 0;
            }
        }
    }
    let mut out = Records::default();
    for t in 1..=model.horizon() {
        w.month(rng, t);
        out.add(&w);
    }
    w.close_open_stays();
    out.finish(w)
}

/// One resident.
#[derive(Clone, Debug)]
struct Resident {
    profile: usize,
    state: State,
    program: Option<usize>,
    misplaced: bool,
    /// Month of the last move (0 for residents present at the start).
    entered: u32,
    /// Month of arrival (0 for residents present at the start).
    arrived: u32,
    waiting_for: Option<Category>,
    /// Month in which the resident joined its list.
    since: u32,
}

/// A move of this month into a category that waits for the lists to be served.
#[derive(Clone, Copy, Debug)]
struct Pending {
    who: usize,
    target: Category,
    forced: bool,
    /// The resident is on the list for `target` (false: no program of it ever accepts the
    /// profile).
    listed: bool,
    /// Placed by urgent misplacement: no fallback.
    settled: bool,
}

/// A move drawn in step 2.
#[derive(Clone, Copy, Debug)]
enum Move {
    /// A transition drawn from the band row: resident, state, forced.
    Drawn(usize, State, bool),
    /// A breakdown: resident, where to.
    Breakdown(usize, State),
}

impl Move {
    fn who(&self) -> usize {
        match *self {
            Move::Drawn(i, ..) | Move::Breakdown(i, _) => i,
        }
    }
}

/// Where a resident goes.
#[derive(Clone, Copy, Debug)]
enum Place {
    Unhoused(State),
    Unit(usize, bool),
}

struct World<'m> {
    model: &'m Model,
    rules: Rules,
    residents: Vec<Resident>,
    /// Residents per program, kept by `relocate` (the only capacity check).
    by_program: Vec<u32>,
    ledger: Ledger,
    events: Events,
    retention: [RetentionCounts; N_CATEGORIES],
    moves_out: [u64; N_CATEGORIES],
    joins: [u64; N_CATEGORIES],
    program_months: Vec<u64>,
    hospits_months: u64,
    discount: f64,
    pending: Vec<Pending>,
}

impl<'m> World<'m> {
    fn new(model: &'m Model, rules: Rules) -> World<'m> {
        let n = model.programs().len();
        World {
            model,
            rules,
            residents: Vec::new(),
            by_program: vec![0; n],
            ledger: model.prices().ledger(),
            events: Events::default(),
            retention: Default::default(),
            moves_out: [0; N_CATEGORIES],
            joins: [0; N_CATEGORIES],
            program_months: vec![0; n],
            hospits_months: 0,
            discount: 1.0,
            pending: Vec::new(),
        }
    }

    fn add(
        &mut self,
        profile: usize,
        state: State,
        program: Option<usize>,
        misplaced: bool,
        t: u32,
    ) -> usize {
        if let Some(g) = program {
            self.by_program[g] += 1;
        }
        self.residents.push(Resident {
            profile,
            state,
            program,
            misplaced,
            entered: t,
            arrived: t,
            waiting_for: None,
            since: 0,
        });
        self.residents.len() - 1
    }

    /// Shuffle `items` under the contract; keep their order in the wrong variant.
    fn order<T>(&self, rng: &mut impl Rng, items: &mut [T]) {
        if self.rules.order == Order::Random {
            items.shuffle(rng);
        }
    }

    fn month(&mut self, rng: &mut impl Rng, t: u32) {
        self.discount = monthly_discount_factor(self.model.prices().discount_rate(), t);
        self.ledger.start_month(t);
        self.pending.clear();
        let risks = self.staffing_response();
        self.transitions(rng, &risks, t);
        self.arrivals(rng, t);
        self.renege(rng, t);
        self.place_urgent(rng, t);
        self.serve_waiting_lists(rng, t);
        self.fall_back_all(rng, t);
        self.book_monthly_costs();
    }

    // ---- Step 1 ------------------------------------------------------------------------

    /// Breakdown risk per (program, profile, misplaced or not), from who lives where now.
    fn staffing_response(&self) -> Vec<[f64; 2]> {
        let m = self.model;
        let np = m.profiles().len();
        let spillover = m.scenario().placement.misplacement_spillover;
        let mut out = vec![[0.0; 2]; m.programs().len() * np];
        for (g, program) in m.programs().iter().enumerate() {
            let n = self.by_program[g];
            if n == 0 {
                continue;
            }
            let misplaced = self
                .residents
                .iter()
                .filter(|r| r.program == Some(g) && r.misplaced)
                .count() as f64;
            let staff = program.staffing.per_resident(n);
            for (p, profile) in m.profiles().iter().enumerate() {
                for (k, others) in [misplaced, (misplaced - 1.0).max(0.0)].iter().enumerate() {
                    let spill = spillover * others;
                    out[g * np + p][k] = match &profile.breakdown[program.category.index()] {
                        Some(rule) => rule.probability(staff, spill),
                        None => spill.min(1.0),
                    };
                }
            }
        }
        out
    }

    // ---- Step 2 ------------------------------------------------------------------------

    fn transitions(&mut self, rng: &mut impl Rng, risks: &[[f64; 2]], t: u32) {
        let m = self.model;
        let np = m.profiles().len();
        let mut drawn = Vec::new();
        let mut breakdowns = Vec::new();
        for (i, r) in self.residents.iter().enumerate() {
            if r.state == State::Exited || (self.rules.held && r.waiting_for.is_some()) {
                continue;
            }
            if let Some(g) = r.program {
                let risk = risks[g * np + r.profile][r.misplaced as usize];
                if risk > 0.0 && rng.random::<f64>() < risk {
                    let c = m.programs()[g].category;
                    let to = m.profiles()[r.profile].breakdown[c.index()]
                        .as_ref()
                        .map_or(State::Temporary, |b| b.to);
                    breakdowns.push(Move::Breakdown(i, to));
                    continue;
                }
            }
            let program = r.program.map_or(u32::MAX, |g| g as u32);
            let tables = m.transitions();
            let band =
                &tables.bands[tables.band(r.profile, r.state.index(), program, t - r.entered)];
            if band.still {
                continue;
            }
            let to = draw_state(rng, &band.row.probabilities());
            if to != r.state {
                drawn.push(Move::Drawn(i, to, band.forced));
            }
        }
        if self.rules.order == Order::Former {
            drawn.append(&mut breakdowns);
            drawn.sort_by_key(|m| m.who());
        } else {
            self.order(rng, &mut breakdowns);
            drawn.append(&mut breakdowns);
        }
        for m in drawn {
            match m {
                Move::Drawn(i, to, forced) => self.request_move(rng, i, to, forced, t),
                Move::Breakdown(i, to) => {
                    self.events.breakdowns += 1;
                    self.break_down(rng, i, to, t);
                }
            }
        }
    }

    /// A drawn move of `i` to `to`.
    fn request_move(&mut self, rng: &mut impl Rng, i: usize, to: State, forced: bool, t: u32) {
        let r = &self.residents[i];
        let profile = &self.model.profiles()[r.profile];
        // Under urgent placement a discharge from an institution cannot wait there.
        let forced = forced || (profile.urgent && r.state == State::Institution);
        if let Some(waiting) = r.waiting_for {
            if to.category() == Some(waiting) {
                // Already waiting for it: the place in the queue is kept.
                if forced {
                    self.pending.push(Pending {
                        who: i,
                        target: waiting,
                        forced,
                        listed: true,
                        settled: false,
                    });
                }
                return;
            }
            self.residents[i].waiting_for = None;
        }
        match to.category() {
            None => self.relocate(rng, i, Place::Unhoused(to), t),
            Some(c) => self.want_category(rng, i, c, forced, t),
        }
    }

    /// `i` wants a unit of `c`: at once when every accepting program is unlimited, else on
    /// the list.
    fn want_category(&mut self, rng: &mut impl Rng, i: usize, c: Category, forced: bool, t: u32) {
        let p = self.residents[i].profile;
        let accepting: Vec<usize> = self
            .model
            .programs_of(c)
            .iter()
            .map(|&g| g as usize)
            .filter(|&g| self.model.accepts(g, p))
            .collect();
        let always_room = !accepting.is_empty()
            && accepting
                .iter()
                .all(|&g| self.model.programs()[g].unlimited);
        if always_room {
            self.relocate(rng, i, Place::Unit(accepting[0], false), t);
            return;
        }
        let listed = !accepting.is_empty();
        if listed {
            let r = &mut self.residents[i];
            r.waiting_for = Some(c);
            r.since = t;
            self.joins[c.index()] += 1;
        }
        self.pending.push(Pending {
            who: i,
            target: c,
            forced,
            listed,
            settled: false,
        });
    }

    /// A breakdown: out of the program at once, to a free unit of the breakdown's category
    /// (else homeless) or to its state.
    fn break_down(&mut self, rng: &mut impl Rng, i: usize, to: State, t: u32) {
        let p = self.residents[i].profile;
        let place = match to.category() {
            None => Place::Unhoused(to),
            Some(c) => match self.free_program(c, p) {
                Some(g) => Place::Unit(g, false),
                None => Place::Unhoused(State::Homeless),
            },
        };
        if to.category().is_some() && to.category() == self.residents[i].waiting_for {
            self.residents[i].waiting_for = None;
        }
        self.relocate(rng, i, place, t);
    }

    // ---- Step 3 ------------------------------------------------------------------------

    fn arrivals(&mut self, rng: &mut impl Rng, t: u32) {
        for (p, profile) in self.model.profiles().iter().enumerate() {
            let Some((poisson, state)) = &profile.arrivals else {
                continue;
            };
            let n = poisson.sample(rng) as u64;
            for _ in 0..n {
                self.events.arrivals += 1;
                match state.category() {
                    None => {
                        self.add(p, *state, None, false, t);
                    }
                    Some(c) => {
                        // Until placed, a new arrival is homeless.
                        let i = self.add(p, State::Homeless, None, false, t);
                        self.want_category(rng, i, c, true, t);
                    }
                }
            }
        }
    }

    // ---- Step 4 ------------------------------------------------------------------------

    fn renege(&mut self, rng: &mut impl Rng, t: u32) {
        if self.rules.reneging == 0.0 {
            return;
        }
        for i in 0..self.residents.len() {
            let r = &self.residents[i];
            if r.waiting_for.is_none() || r.since >= t {
                continue;
            }
            if rng.random::<f64>() < self.rules.reneging {
                self.residents[i].waiting_for = None;
                self.relocate(rng, i, Place::Unhoused(self.rules.reneging_to), t);
            }
        }
    }

    // ---- Step 5 ------------------------------------------------------------------------

    fn place_urgent(&mut self, rng: &mut impl Rng, t: u32) {
        let mut pending = std::mem::take(&mut self.pending);
        self.order(rng, &mut pending);
        for m in pending.iter_mut() {
            let r = &self.residents[m.who];
            let profile = &self.model.profiles()[r.profile];
            if !(m.forced && profile.urgent && m.target == profile.needs) {
                continue;
            }
            if !self.still_waiting(m) || self.free_program(m.target, r.profile).is_some() {
                continue;
            }
            m.settled = self.misplace(rng, m.who, t);
        }
        self.pending = pending;
    }

    /// Whether the move `m` is still unplaced (its resident still on the list, or never
    /// listed) and its resident still here.
    fn still_waiting(&self, m: &Pending) -> bool {
        let r = &self.residents[m.who];
        (!m.listed || r.waiting_for == Some(m.target)) && r.state != State::Exited
    }

    /// Place `i`, misplaced, in the first of its profile's `misplaced_in` categories (other
    /// than where it is) with a free accepting unit.
    fn misplace(&mut self, rng: &mut impl Rng, i: usize, t: u32) -> bool {
        let r = &self.residents[i];
        let (here, p) = (r.state, r.profile);
        for &alt in &self.model.profiles()[p].misplaced_in {
            if alt.state() == here {
                continue;
            }
            if let Some(g) = self.free_program(alt, p) {
                self.events.misplacements += 1;
                self.relocate(rng, i, Place::Unit(g, true), t);
                return true;
            }
        }
        false
    }

    // ---- Step 6 ------------------------------------------------------------------------

    fn serve_waiting_lists(&mut self, rng: &mut impl Rng, t: u32) {
        loop {
            let mut placed = false;
            for c in Category::ALL {
                placed |= self.serve_list(rng, c, t);
            }
            if !placed {
                return;
            }
        }
    }

    /// Serve the list for `c` once, in queue order; returns whether anyone was placed.
    fn serve_list(&mut self, rng: &mut impl Rng, c: Category, t: u32) -> bool {
        let mut queue: Vec<usize> = (0..self.residents.len())
            .filter(|&i| self.residents[i].waiting_for == Some(c))
            .collect();
        // Random within (cohort, severity): shuffle, then a stable sort by the queue's keys.
        self.order(rng, &mut queue);
        let order = self.model.scenario().placement.waiting_list_order;
        let former = self.rules.order == Order::Former;
        let profiles = self.model.profiles();
        queue.sort_by_key(|&i| {
            let r = &self.residents[i];
            let severity = severity_rank(profiles[r.profile].severity);
            let within_cohort = if former { 0 } else { severity };
            match order {
                WaitingListOrder::FirstComeFirstServed => (r.since, within_cohort),
                WaitingListOrder::MostSevereFirst => (severity, r.since),
            }
        });
        let mut placed = false;
        for i in queue {
            let p = self.residents[i].profile;
            if let Some(g) = self.free_program(c, p) {
                if self.residents[i].since < t {
                    self.events.placements_from_waiting_list += 1;
                }
                self.residents[i].waiting_for = None;
                self.relocate(rng, i, Place::Unit(g, false), t);
                placed = true;
            }
        }
        placed
    }

    // ---- Step 7 ------------------------------------------------------------------------

    fn fall_back_all(&mut self, rng: &mut impl Rng, t: u32) {
        let mut pending = std::mem::take(&mut self.pending);
        self.order(rng, &mut pending);
        for m in &pending {
            if !self.still_waiting(m) {
                continue;
            }
            self.events.blocked_moves += 1;
            if !m.settled {
                self.fall_back(rng, m, t);
            }
        }
    }

    fn fall_back(&mut self, rng: &mut impl Rng, m: &Pending, t: u32) {
        let i = m.who;
        let r = &self.residents[i];
        let (here, p) = (r.state, r.profile);
        let may_stay = !m.forced && r.arrived != t;
        let needs = self.model.profiles()[p].needs;
        for option in &self.model.scenario().placement.fallback {
            match option {
                Fallback::Stay if may_stay => return,
                Fallback::Misplace if m.target == needs && self.misplace(rng, i, t) => return,
                Fallback::Temporary if m.target != Category::Temporary => {
                    if here == State::Temporary {
                        if may_stay || self.rules.held {
                            return;
                        }
                    } else if let Some(g) = self.free_program(Category::Temporary, p) {
                        self.relocate(rng, i, Place::Unit(g, false), t);
                        return;
                    }
                }
                Fallback::Institution if here != State::Institution || may_stay => {
                    if here != State::Institution {
                        self.relocate(rng, i, Place::Unhoused(State::Institution), t);
                    }
                    return;
                }
                Fallback::Homeless => break,
                _ => {}
            }
        }
        if here != State::Homeless {
            self.relocate(rng, i, Place::Unhoused(State::Homeless), t);
        }
    }

    // ---- Moves -------------------------------------------------------------------------

    /// The first program of `c` (scenario order) that accepts profile `p` and has a free unit.
    fn free_program(&self, c: Category, p: usize) -> Option<usize> {
        self.model
            .programs_of(c)
            .iter()
            .map(|&g| g as usize)
            .find(|&g| {
                self.model.accepts(g, p) && self.by_program[g] < self.model.programs()[g].capacity
            })
    }

    /// Move `i` to `place` in month `t`: pay for the unit left, close the stay, count the
    /// events. Waiting lists are left alone, except that an exit leaves them.
    fn relocate(&mut self, rng: &mut impl Rng, i: usize, place: Place, t: u32) {
        let m = self.model;
        let (to, program, misplaced) = match place {
            Place::Unhoused(s) => (s, None, false),
            Place::Unit(g, misplaced) => (m.programs()[g].category.state(), Some(g), misplaced),
        };
        let r = self.residents[i].clone();
        if let Some(g) = r.program {
            self.by_program[g] -= 1;
            let dearer = m.profiles()[r.profile].aggressive || r.misplaced;
            let priced = m
                .prices()
                .move_out(g, dearer, |lo, hi| lo + (hi - lo) * rng.random::<f64>());
            for (item, amount) in priced.into_iter().flatten() {
                self.ledger.book(item, Some(g), amount, self.discount);
            }
            if matches!(to, State::Temporary | State::Homeless) && r.state != State::Temporary {
                self.events.evictions += 1;
            }
        }
        if let Some(c) = r.state.category() {
            self.moves_out[c.index()] += 1;
            self.retention[c.index()].record(r.entered, t - r.entered, m.horizon());
        }
        if r.arrived != t {
            self.events.moves += 1;
        }
        if let Some(g) = program {
            self.by_program[g] += 1;
        }
        let r = &mut self.residents[i];
        r.state = to;
        r.program = program;
        r.misplaced = misplaced;
        r.entered = t;
        if to == State::Exited {
            self.events.exits += 1;
            r.waiting_for = None;
        }
    }

    // ---- Step 8 ------------------------------------------------------------------------

    fn book_monthly_costs(&mut self) {
        let m = self.model;
        for (g, program) in m.programs().iter().enumerate() {
            let n = self.by_program[g];
            self.program_months[g] += n as u64;
            let items = m
                .prices()
                .program_month(g, program.staff_month(n), program.units(), n);
            for (item, amount) in items {
                self.ledger.book(item, Some(g), amount, self.discount);
            }
            if program.hospits {
                self.hospits_months += n as u64;
            }
        }
        let states = self.state_count();
        for (item, state, price) in m.prices().person_month() {
            let count = states[state.index()] as f64;
            self.ledger.book(item, None, count * price, self.discount);
        }
    }

    // ---- Records -----------------------------------------------------------------------

    fn state_count(&self) -> [u32; N_STATES] {
        let mut out = [0; N_STATES];
        for r in &self.residents {
            out[r.state.index()] += 1;
        }
        out
    }

    fn waiting_count(&self) -> [u32; N_CATEGORIES] {
        let mut out = [0; N_CATEGORIES];
        for r in &self.residents {
            if let Some(c) = r.waiting_for {
                out[c.index()] += 1;
            }
        }
        out
    }

    /// Misplaced residents now.
    fn misplaced(&self) -> u32 {
        self.residents.iter().filter(|r| r.misplaced).count() as u32
    }

    /// Residents per colour now (a misplaced resident in long-term housing is yellow).
    fn colours(&self) -> [u32; 3] {
        let mut out = [0; 3];
        for r in &self.residents {
            let colour = match r.state {
                State::Specialized | State::Congregate | State::HousingFirst if r.misplaced => {
                    Colour::Yellow
                }
                State::Specialized | State::Congregate | State::HousingFirst | State::Ordinary => {
                    Colour::Green
                }
                State::Rehabilitation | State::Institution => Colour::Yellow,
                State::Temporary | State::Homeless => Colour::Red,
                State::Exited => continue,
            };
            out[colour as usize] += 1;
        }
        out
    }

    /// Close the stays still open at the end, for retention.
    fn close_open_stays(&mut self) {
        let horizon = self.model.horizon();
        for r in &self.residents {
            if let Some(c) = r.state.category() {
                self.retention[c.index()].record(r.entered, horizon + 1 - r.entered, horizon);
            }
        }
    }
}

/// Severe first, then moderate, then mild.
fn severity_rank(s: Severity) -> u32 {
    match s {
        Severity::Severe => 0,
        Severity::Moderate => 1,
        Severity::Mild => 2,
    }
}

/// Inversion: the first state whose cumulative probability exceeds a uniform draw (the last
/// state with a positive probability if rounding leaves the draw above the total).
fn draw_state(rng: &mut impl Rng, probabilities: &[f64; N_STATES]) -> State {
    let u: f64 = rng.random();
    let mut cumulative = 0.0;
    let mut last = 0;
    for (k, &p) in probabilities.iter().enumerate() {
        if p > 0.0 {
            cumulative += p;
            last = k;
            if u < cumulative {
                return State::from_index(k);
            }
        }
    }
    State::from_index(last)
}

/// The figures summed month by month.
#[derive(Default)]
struct Records {
    resident_months: u64,
    colour_months: [u64; 3],
    colour_months_discounted: [f64; 3],
    waiting_months: [u64; N_CATEGORIES],
    misplaced_months: u64,
}

impl Records {
    fn add(&mut self, w: &World) {
        let colours = w.colours();
        self.resident_months += w
            .residents
            .iter()
            .filter(|r| r.state != State::Exited)
            .count() as u64;
        for (k, n) in colours.into_iter().enumerate() {
            self.colour_months[k] += n as u64;
            self.colour_months_discounted[k] += n as f64 * w.discount;
        }
        for (a, n) in self.waiting_months.iter_mut().zip(w.waiting_count()) {
            *a += n as u64;
        }
        self.misplaced_months += w.misplaced() as u64;
    }

    fn finish(self, w: World) -> Replication {
        Replication {
            final_occupancy: w.state_count(),
            final_program_occupancy: w.by_program.clone(),
            final_waiting: w.waiting_count(),
            final_colours: w.colours(),
            final_misplaced: w.misplaced(),
            ledger: w.ledger,
            events: w.events,
            program_person_months: w.program_months,
            waiting_months: self.waiting_months,
            colour_months: self.colour_months,
            colour_months_discounted: self.colour_months_discounted,
            hospits_person_months: w.hospits_months,
            resident_months: self.resident_months,
            retention: w.retention,
            misplaced_months: self.misplaced_months,
            waiting_list_joins: w.joins,
            moves_out: w.moves_out,
        }
    }
}
