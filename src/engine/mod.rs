//! How a replication runs: residents move month by month through the states of a validated
//! [`Model`].
//!
//! # Cells
//! Residents are simulated in *cells*: every resident of one profile in one situation — state,
//! program, misplaced or not, months in state (up to the longest duration band), the waiting
//! list it is on and the month it joined — is exchangeable with every other, so a month moves a
//! cell's count at once: the breakdowns as one exact binomial, the moves as one exact
//! multinomial over the next states (a chain of binomials, [`crate::sampling`]). The
//! distribution of every output is the one of simulating the residents one by one in the order
//! of events below; the work grows with the number of distinct situations, not with the number
//! of residents. A cell of one resident draws from its row's guide table
//! ([`crate::model::Sampler`]).
//!
//! Retention (stays lasting 12, 24, 36 months) needs the month each housing stay began, but
//! nothing that happens next depends on it past the last duration band: a housing cell past it
//! keeps its residents' months of entry of the last 36 months in a *ring* and moves as one
//! cell. Whoever leaves a cell is a uniformly random choice among its residents, so the months
//! of entry of the leavers are drawn as that choice — resident by resident, or, where the cell
//! is expected to lose more residents than it has months of entry, as one binomial per month of
//! entry (see `cohorts.rs`).
//!
//! # The order of a month
//! Month t (1-based) runs these steps, always in this order:
//! 1. **Staffing response** — each program's breakdown probability per profile, from its
//!    staff per resident and misplaced residents at the start of the month.
//! 2. **Transitions** — every resident present at the start of the month draws, independently,
//!    a breakdown (residents of programs only), else the next state from the row of its
//!    profile and state — or its program's own row for the profile, where the program has one
//!    — in the duration band of its months in state. Months in state count from the month the
//!    resident last moved: a move between two programs of the same category starts a new
//!    stay, under the new program's row. Under `placement.while_waiting: held`, residents on
//!    a waiting list draw nothing. Then the drawn moves are made (none competes for a unit: a
//!    move to a state without capacity happens at once; a move into a category joins its
//!    waiting list, or takes a unit directly where every accepting program is unlimited), and
//!    then the breakdowns, in random order (see [`placement`](self)).
//! 3. **Arrivals** — Poisson arrivals per profile, wanting their arrival state.
//! 4. **Reneging** — residents on a list since an earlier month give up with
//!    `placement.reneging_probability_per_month` and go to `placement.reneging_to`.
//! 5. **Placement** — urgent moves first (scenarios with `urgent_misplacement`: a new arrival,
//!    a forced move or a discharge from an institution into the full category a profile needs
//!    takes a free unit in a `misplaced_in` category ahead of that category's list); then
//!    waiting lists are served into free units, category by category, repeated until nothing
//!    more can be placed (units freed by one placement serve the next).
//! 6. **Fallback** — moves of this month still unplaced take the scenario's fallback (stay,
//!    misplace, temporary, institution, homeless) and remain on the waiting list.
//! 7. **Costs** — the month's fixed and occupancy costs are booked, discounted to the end of
//!    the month; move-out costs were booked when the moves happened.
//! 8. **Records** — occupancy, waiting lists and colours at the end of the month.
//!
//! Where residents compete for free units within a step, they are taken in random order;
//! waiting lists serve the oldest cohort first, more severe residents first within a cohort
//! (see [`placement`](self)).

mod cells;
mod cohorts;
mod monthly;
mod occupancy;
mod outcome;
mod placement;
mod pools;
mod tally;
mod waiting;
mod world;

pub use monthly::{Moments, MonthMoments, MonthlyTotals, COST_UNITS_PER_NOK, SHARE_UNITS};
pub use outcome::{
    Event, Events, MonthView, Observer, Replication, RetentionCounts, RETENTION_MONTHS,
};

use crate::cost::monthly_discount_factor;
use crate::model::{CellBits, Model};
use crate::state::{State, N_CATEGORIES};
use cells::{Cells, LONG_AGO, NONE};
use occupancy::Occupancy;
use placement::{Breakdown, Pending};
use rand::{Rng, RngCore, SeedableRng};
use rand_distr::Distribution;
use rand_xoshiro::Xoshiro256PlusPlus;
use world::World;

/// The random generator of replication `index` under `seed`: Xoshiro256++ seeded through
/// SplitMix64 (rand_core's `seed_from_u64`) from `mix(seed ⊕ mix(index + φ))`, where `mix` is
/// SplitMix64's finaliser and φ = 0x9E3779B97F4A7C15. Each replication has its own stream,
/// so results do not depend on how replications are spread over threads.
pub fn replication_rng(seed: u64, index: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix64(seed ^ mix64(index.wrapping_add(GOLDEN))))
}

pub(crate) const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// The random stream of inner replication `index` of outer sample `sample` in a two-level
/// (probabilistic sensitivity) analysis: [`replication_rng`] under a seed derived from
/// (`seed`, `sample`), so every sample has streams of its own, and replication i of a sample
/// is the same stream in every strategy (common random numbers).
pub fn sample_replication_rng(seed: u64, sample: u64, index: u64) -> Xoshiro256PlusPlus {
    replication_rng(sample_seed(seed, sample), index)
}

/// The seed of outer sample `sample`'s inner replications.
fn sample_seed(seed: u64, sample: u64) -> u64 {
    mix64(seed.rotate_left(17) ^ mix64(sample ^ SAMPLE_KEY))
}

/// Separates the sample streams from the replication streams of a plain run.
/// (The parameter streams, `uncertainty::parameter_rng`, use yet another key.)
const SAMPLE_KEY: u64 = 0x8CB9_2BA7_2F3D_8DD7;

pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Reusable memory for running replications of one model on one thread.
#[derive(Clone, Debug)]
pub struct Workspace {
    shape: Shape,
    world: World,
    moves: Vec<Move>,
    pending: Vec<Pending>,
    breakdowns: Vec<Breakdown>,
    breakdown: Vec<f64>,
    /// What `breakdown` was computed from.
    risks: Risks,
    pools: pools::Pools,
    /// Scratch for splitting a pooled group's leavers over its cells.
    batch: Vec<(u32, u32)>,
}

/// What a workspace's memory depends on: a workspace made for another model is rebuilt.
#[derive(Clone, Debug, PartialEq)]
struct Shape {
    programs: usize,
    profiles: usize,
    horizon: u32,
    payers: [crate::cost::Payer; crate::cost::N_ITEMS],
    perspective: crate::cost::Perspective,
}

impl Shape {
    fn of(model: &Model) -> Shape {
        Shape {
            programs: model.programs.len(),
            profiles: model.profiles.len(),
            horizon: model.horizon,
            payers: model.prices.payer_of(),
            perspective: model.prices.perspective(),
        }
    }
}

impl Workspace {
    /// Memory for `model`.
    pub fn new(model: &Model) -> Workspace {
        Workspace {
            shape: Shape::of(model),
            world: World::new(model),
            moves: Vec::new(),
            pending: Vec::new(),
            breakdowns: Vec::new(),
            pools: Default::default(),
            risks: Risks::default(),
            batch: Vec::new(),
            breakdown: vec![0.0; model.programs.len() * model.profiles.len() * 2],
        }
    }
}

/// Run one replication of `model` with `rng`, showing every month to `observer`. A workspace
/// made for another model is rebuilt for this one first.
pub fn simulate<O: Observer + ?Sized>(
    model: &Model,
    ws: &mut Workspace,
    rng: &mut Xoshiro256PlusPlus,
    observer: &mut O,
) -> Replication {
    if ws.shape != Shape::of(model) {
        *ws = Workspace::new(model);
    }
    let w = &mut ws.world;
    w.clear();
    ws.pools.prepare(model);
    ws.risks.forget(model.programs.len());
    populate(model, w);
    let mut resident_months = 0u64;
    let mut colour_months = [0u64; 3];
    let mut colour_months_discounted = [0f64; 3];
    let mut waiting_months = [0u64; N_CATEGORIES];
    let mut hospits_person_months = 0u64;
    let mut misplaced_months = 0u64;
    observer.month(&month_view(w, 0, w.occupancy.colours()));
    for t in 1..=model.horizon {
        w.tally.discount = monthly_discount_factor(model.prices.discount_rate(), t);
        w.tally.ledger.start_month(t);
        let any_risk = staffing_response(model, &w.occupancy, &mut ws.breakdown, &mut ws.risks);
        let risks = any_risk.then_some(&ws.breakdown[..]);
        let scratch = Scratch {
            moves: &mut ws.moves,
            breakdowns: &mut ws.breakdowns,
            pending: &mut ws.pending,
            pools: &mut ws.pools,
            batch: &mut ws.batch,
        };
        transitions(model, w, rng, risks, scratch, t);
        arrivals(model, w, rng, &mut ws.pending, t);
        w.renege(model, rng, t);
        if model.any_urgent() {
            w.place_urgent(model, rng, &mut ws.pending, t);
        }
        w.serve_waiting_lists(model, rng, t);
        w.apply_fallbacks(model, rng, &ws.pending, t);
        ws.pending.clear();
        w.cells.merge_and_compact();
        hospits_person_months += book_monthly_costs(model, w);

        let colours = w.occupancy.colours();
        resident_months += w.cells.alive;
        for (a, c) in colour_months.iter_mut().zip(colours) {
            *a += c as u64;
        }
        for (a, c) in colour_months_discounted.iter_mut().zip(colours) {
            *a += c as f64 * w.tally.discount;
        }
        for (a, c) in waiting_months.iter_mut().zip(w.waiting.count) {
            *a += c as u64;
        }
        misplaced_months += w.occupancy.misplaced() as u64;
        observer.month(&month_view(w, t, colours));
    }
    w.close_open_stays();
    Replication {
        ledger: w.tally.ledger.clone(),
        events: w.tally.events,
        final_occupancy: w.occupancy.state_count,
        final_program_occupancy: w.occupancy.by_program.clone(),
        program_person_months: w.occupancy.program_months.clone(),
        final_waiting: w.waiting.count,
        waiting_months,
        final_colours: w.occupancy.colours(),
        colour_months,
        colour_months_discounted,
        hospits_person_months,
        resident_months,
        retention: w.tally.retention,
        final_misplaced: w.occupancy.misplaced(),
        misplaced_months,
        waiting_list_joins: w.waiting.joins,
        moves_out: w.tally.moves_out,
    }
}

/// What the observer sees at the start (month 0) and at the end of month `month`.
fn month_view(w: &World, month: u32, colours: [u32; 3]) -> MonthView<'_> {
    MonthView {
        month,
        state_count: &w.occupancy.state_count,
        program_occupancy: &w.occupancy.by_program,
        waiting: &w.waiting.count,
        colours,
        misplaced: w.occupancy.misplaced(),
        residents_ever: w.cells.ever,
        ledger: &w.tally.ledger,
    }
}

/// Create the residents present at the start and put the waiting ones on their lists.
fn populate(model: &Model, w: &mut World) {
    for g in &model.initial {
        if g.count == 0 {
            continue;
        }
        let i = w.add(g.profile, g.state, g.program, g.misplaced, 0, g.count);
        if let Some(c) = g.waiting_for {
            w.join_list(i, c, 0);
        }
    }
    w.cells.merge_and_compact();
}

/// What step 1 computed last, per program: the breakdown risks are a function of the
/// program's residents and misplaced residents, so a program where neither changed keeps
/// them.
#[derive(Clone, Debug, Default)]
struct Risks {
    /// Per program: (residents, misplaced residents) the risks were computed for.
    seen: Vec<(u32, u32)>,
    /// Per program: whether any of its risks is positive.
    any: Vec<bool>,
}

impl Risks {
    /// Nothing computed yet (a new replication).
    fn forget(&mut self, programs: usize) {
        self.seen.clear();
        self.seen.resize(programs, (u32::MAX, u32::MAX));
        self.any.clear();
        self.any.resize(programs, false);
    }
}

/// Step 1: breakdown probability per (program, profile, misplaced or not). Returns whether any
/// is positive (if none is, the month draws no breakdowns).
fn staffing_response(
    model: &Model,
    occupancy: &Occupancy,
    out: &mut [f64],
    last: &mut Risks,
) -> bool {
    let np = model.profiles.len();
    let mut any = false;
    for (g, program) in model.programs.iter().enumerate() {
        let residents = occupancy.by_program[g];
        if residents == 0 {
            continue;
        }
        let seen = (residents, occupancy.misplaced_in_program[g]);
        if last.seen[g] == seen {
            any |= last.any[g];
            continue;
        }
        last.seen[g] = seen;
        let mut any_here = false;
        let staff = program.staffing.per_resident(residents);
        let misplaced = occupancy.misplaced_in_program[g] as f64;
        let others_misplaced = [misplaced, (misplaced - 1.0).max(0.0)];
        for (p, profile) in model.profiles.iter().enumerate() {
            for (k, m) in others_misplaced.iter().enumerate() {
                let spill = model.spillover * m;
                let risk = match &profile.breakdown[program.category.index()] {
                    Some(rule) => rule.probability(staff, spill),
                    None => spill.min(1.0),
                };
                out[(g * np + p) * 2 + k] = risk;
                any_here |= risk > 0.0;
            }
        }
        last.any[g] = any_here;
        any |= any_here;
    }
    any
}

/// Moves drawn in step 2 for `count` residents of one cell, made after all of the month's
/// draws.
#[derive(Clone, Copy, Debug)]
struct Move {
    cell: u32,
    count: u32,
    /// Index of the state moved to.
    to: u8,
    forced: bool,
    breakdown: bool,
}

impl Move {
    /// Filler for the moves not made.
    const NONE: Move = Move {
        cell: 0,
        count: 0,
        to: 0,
        forced: false,
        breakdown: false,
    };
}

/// The workspace's memory that step 2 uses.
struct Scratch<'a> {
    moves: &'a mut Vec<Move>,
    breakdowns: &'a mut Vec<Breakdown>,
    pending: &'a mut Vec<Pending>,
    pools: &'a mut pools::Pools,
    batch: &'a mut Vec<(u32, u32)>,
}

/// Step 2: breakdowns and drawn transitions of everyone present at the start of the month
/// (`breakdown` is `None` when no resident has a breakdown risk this month). First every cell
/// draws; then the drawn moves are made (pooled leavers first: none of them competes with
/// anything), then the breakdowns (in random order).
fn transitions(
    model: &Model,
    w: &mut World,
    rng: &mut Xoshiro256PlusPlus,
    breakdown: Option<&[f64]>,
    scratch: Scratch<'_>,
    t: u32,
) {
    let Scratch {
        moves,
        breakdowns,
        pending,
        pools,
        batch,
    } = scratch;
    pools.clear_month();
    let made = draw_moves(model, w, rng, breakdown, moves, pools, t);
    move_pooled(model, w, rng, pools, batch, pending, t);
    breakdowns.clear();
    for m in &moves[..made] {
        let to = State::from_index(m.to as usize);
        if m.breakdown {
            w.tally.events.breakdowns += m.count as u64;
            breakdowns.push(Breakdown {
                cell: m.cell,
                count: m.count,
                to,
            });
        } else {
            let i = m.cell as usize;
            w.request_move(model, rng, pending, i, m.count, to, m.forced, t);
        }
    }
    if !breakdowns.is_empty() {
        w.break_down_all(model, rng, breakdowns, t);
    }
}

/// The draws of step 2, cell by cell: the inner loop of the engine. Counts retention
/// milestones reached at the start of the month and ages cells out past the durations that
/// matter. A cell of one resident takes ten random bits (six residents per 64-bit number, see
/// [`CellBits`]) to pick a cell of its row's guide table, and a fresh 64-bit number only when
/// the cell straddles a boundary between states ([`crate::model::Sampler`]); a cell of many
/// draws its leavers as one binomial and splits them over the next states by a chain of
/// binomials ([`crate::model::BandRow::chain`]).
///
/// The moves are written to the front of `moves`, which only ever grows (so that it need not
/// be filled anew every month); returns how many moves were made.
fn draw_moves(
    model: &Model,
    w: &mut World,
    rng: &mut Xoshiro256PlusPlus,
    breakdown: Option<&[f64]>,
    moves: &mut Vec<Move>,
    pools: &mut pools::Pools,
    t: u32,
) -> usize {
    let np = model.profiles.len();
    let tables = &model.transitions;
    let mut local = rng.clone();
    let mut bits = CellBits::default();
    let own_rows = tables.has_program_rows();
    let mut m = 0;
    let n_active = w.cells.active.len();
    for k in 0..n_active {
        let i = w.cells.active[k] as usize;
        let c: &mut Cells = &mut w.cells;
        let n = c.count[i];
        if n == 0 {
            continue;
        }
        let s = c.state[i];
        let p = c.profile[i] as usize;
        let entered = c.entered[i];
        let housing = (s as usize) < N_CATEGORIES;
        let months = if entered == LONG_AGO {
            if let Some(ring) = c.ring_mut(i) {
                let category = crate::state::Category::ALL[s as usize];
                let tally = &mut w.tally;
                ring.month_begins(t, |k, n| tally.stays_reached(category, k, n));
            }
            u32::MAX
        } else {
            let months = t - entered;
            if entered != 0 && housing {
                w.tally
                    .stays_reached(crate::state::Category::ALL[s as usize], months, n);
            }
            if months >= model.duration_cap[p * crate::state::N_STATES + s as usize] {
                c.age_out(i, housing && months < cohorts::LONGEST);
            }
            months
        };
        if model.held && c.waiting_for[i] != NONE {
            continue;
        }
        // Room for every move this cell can make: a breakdown and one per next state.
        if moves.len() < m + crate::state::N_STATES + 1 {
            moves.resize(m + 2 * crate::state::N_STATES + 2, Move::NONE);
        }
        let program = c.program[i];
        let mut rest = n;
        if let (Some(risks), true) = (breakdown, program != NONE) {
            let risk = risks[(program as usize * np + p) * 2 + c.misplaced[i] as usize];
            let broke = if risk <= 0.0 {
                0
            } else if n == 1 {
                (local.random::<f64>() < risk) as u32
            } else {
                binomial(n, risk, &mut local)
            };
            if broke > 0 {
                let category = model.programs[program as usize].category;
                let to = model.profiles[p].breakdown[category.index()]
                    .as_ref()
                    .map_or(State::Temporary, |b| b.to);
                moves[m] = Move {
                    cell: i as u32,
                    count: broke,
                    to: to as u8,
                    forced: true,
                    breakdown: true,
                };
                m += 1;
                rest -= broke;
            }
        }
        if rest == 0 {
            continue;
        }
        // The program's own row, if it has one (`NONE` is past the last program).
        let slot = if own_rows {
            tables.slot(p, s as usize, program)
        } else {
            tables.profile_slot(p, s as usize)
        };
        let b = if slot.count == 1 {
            slot.first as usize
        } else {
            tables.band_in(slot, months)
        };
        let band = &tables.bands[b];
        if band.still {
            continue;
        }
        if rest == 1 {
            let cell = bits.next(|| local.next_u64());
            let to = band.row.sample(cell, || local.next_u64()) as u8;
            moves[m] = Move {
                cell: i as u32,
                count: 1,
                to,
                forced: band.forced,
                breakdown: false,
            };
            m += (to != s) as usize;
            continue;
        }
        let pooled = c.waiting_for[i] == NONE && pools.poolable(b, p);
        let left = if band.forced {
            rest
        } else {
            match c.ring_mut(i) {
                // Where the ring has fewer cohorts than the cell is expected to lose residents,
                // its cohorts draw their own leavers (held until gathered; nothing else takes
                // residents out of the cell before they are gathered). Else the cell draws
                // once, and the leavers are chosen among its residents when gathered.
                Some(ring)
                    if pooled && rest == n && ring.cohorts() as f64 <= n as f64 * band.leave.p =>
                {
                    ring.draw_leavers(n, |k| draw_link(k, &band.leave, &mut local))
                }
                _ => draw_link(rest, &band.leave, &mut local),
            }
        };
        if pooled {
            if left > 0 {
                pools.add(b, p, program, c.misplaced[i], i as u32, left);
            }
            continue;
        }
        for &(to, went) in split_leavers(left, band, &mut local).iter() {
            moves[m] = Move {
                cell: i as u32,
                count: went,
                to,
                forced: band.forced,
                breakdown: false,
            };
            m += 1;
        }
    }
    *rng = local;
    m
}

/// The pooled leavers of step 2 ([`pools`]): each group's leavers split over the next states
/// by one chain of binomials, each share gathered from the group's cells and moved at once.
fn move_pooled(
    model: &Model,
    w: &mut World,
    rng: &mut Xoshiro256PlusPlus,
    pools: &mut pools::Pools,
    batch: &mut Vec<(u32, u32)>,
    pending: &mut Vec<Pending>,
    t: u32,
) {
    let mut sources = std::mem::take(&mut pools.scratch);
    for group in &pools.groups {
        let band = &model.transitions.bands[group.band as usize];
        sources.clear();
        let mut at = group.head;
        while at != NONE {
            let (cell, n, next) = pools.sources[at as usize];
            sources.push((cell, n));
            at = next;
        }
        let mut next_source = 0;
        for &(to, went) in split_leavers(group.total, band, rng).iter() {
            // This share's residents, from the group's cells in turn.
            batch.clear();
            let mut need = went;
            while need > 0 {
                let (cell, n) = &mut sources[next_source];
                let k = need.min(*n);
                batch.push((*cell, k));
                *n -= k;
                need -= k;
                if *n == 0 {
                    next_source += 1;
                }
            }
            let j = w.cells.gather(batch, rng);
            let to = State::from_index(to as usize);
            w.request_move(model, rng, pending, j, went, to, band.forced, t);
        }
    }
    pools.scratch = sources;
}

/// An exact binomial draw for a probability `p` the model has validated (0 ≤ p ≤ 1). Up to
/// [`BERNOULLI_UP_TO`] trials, one 64-bit number per trial against p rounded down to a multiple
/// of 2⁻⁶⁴ (as exact as the guide tables' 2⁻⁶³); above, [`crate::sampling::Binomial`].
#[inline]
pub(crate) fn binomial(n: u32, p: f64, rng: &mut Xoshiro256PlusPlus) -> u32 {
    if n == 0 || p <= 0.0 {
        return 0;
    }
    if p >= 1.0 {
        return n;
    }
    if n <= BERNOULLI_UP_TO {
        // p · 2⁶⁴ rounded down (the cast saturates for a p within 2⁻⁶⁴ of 1).
        let threshold = (p * TWO_64) as u64;
        return (0..n).map(|_| (rng.next_u64() < threshold) as u32).sum();
    }
    match crate::sampling::Binomial::new(n as u64, p) {
        Ok(b) => b.sample(rng) as u32,
        // Unreachable for 0 < p < 1.
        Err(_) => 0,
    }
}

/// The next states of `n` leavers by `band`'s chain of binomials: (state, residents) for every
/// state that takes some.
#[inline]
fn split_leavers(n: u32, band: &crate::model::BandRow, rng: &mut Xoshiro256PlusPlus) -> Shares {
    let mut out = Shares::default();
    let mut left = n;
    for link in &band.chain {
        if left == 0 {
            break;
        }
        let went = if link.p >= 1.0 {
            left
        } else {
            draw_link(left, link, rng)
        };
        if went > 0 {
            out.push((link.to, went));
            left -= went;
        }
    }
    out
}

/// Up to one share per state.
#[derive(Default)]
struct Shares {
    items: [(u8, u32); crate::state::N_STATES],
    len: usize,
}

impl Shares {
    fn push(&mut self, x: (u8, u32)) {
        self.items[self.len] = x;
        self.len += 1;
    }

    fn iter(&self) -> std::slice::Iter<'_, (u8, u32)> {
        self.items[..self.len].iter()
    }
}

/// An exact Binomial(n, link.p) draw: inversion with the link's kept (1 − p)ⁿ for small n, with
/// its logarithms where the mean is small, else [`binomial`].
#[inline]
fn draw_link(n: u32, link: &crate::model::Link, rng: &mut Xoshiro256PlusPlus) -> u32 {
    if n <= BERNOULLI_UP_TO || link.p <= 0.0 || link.p >= 1.0 {
        return binomial(n, link.p, rng);
    }
    if (n as usize) < crate::model::Link::SMALL {
        return link.invert_small(n, rng);
    }
    match crate::sampling::sample_by_inversion(n as u64, link.p, link.ln_p, link.ln_q, rng) {
        Some(k) => k as u32,
        None => binomial(n, link.p, rng),
    }
}

/// Cells up to this many residents draw a binomial as single trials.
const BERNOULLI_UP_TO: u32 = 8;
/// 2⁶⁴.
const TWO_64: f64 = 18_446_744_073_709_551_616.0;

/// Step 3: new residents, one cell per profile and month.
fn arrivals(
    model: &Model,
    w: &mut World,
    rng: &mut Xoshiro256PlusPlus,
    pending: &mut Vec<Pending>,
    t: u32,
) {
    for (p, profile) in model.profiles.iter().enumerate() {
        let Some((poisson, state)) = &profile.arrivals else {
            continue;
        };
        let n = poisson.sample(rng) as u32;
        if n == 0 {
            continue;
        }
        w.tally.events.arrivals += n as u64;
        match state.category() {
            None => {
                w.add(p as u32, *state, None, false, t, n);
            }
            Some(c) => {
                // Until placed, a new arrival is homeless.
                let i = w.add(p as u32, State::Homeless, None, false, t, n);
                w.want_category(model, rng, pending, i, n, c, true, t);
            }
        }
    }
}

/// Step 6: the month's fixed and occupancy costs, priced by the model's price list. Returns
/// hospits person-months.
fn book_monthly_costs(model: &Model, w: &mut World) -> u64 {
    let df = w.tally.discount;
    let mut hospits = 0u64;
    for (g, program) in model.programs.iter().enumerate() {
        let n = w.occupancy.by_program[g];
        w.occupancy.program_months[g] += n as u64;
        let items = model
            .prices
            .program_month(g, program.staff_month(n), program.units(), n);
        for (item, amount) in items {
            w.tally.ledger.book(item, Some(g), amount, df);
        }
        if program.hospits {
            hospits += n as u64;
        }
    }
    for (item, state, price) in model.prices.person_month() {
        let count = w.occupancy.state_count[state.index()] as f64;
        w.tally.ledger.book(item, None, count * price, df);
    }
    hospits
}
