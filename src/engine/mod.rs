//! How a replication runs: residents move month by month through the states of a validated
//! [`Model`].
//!
//! # The order of a month
//! Month t (1-based) runs these steps, always in this order:
//! 1. **Staffing response** — each program's breakdown probability per profile, from its
//!    staff per resident and misplaced residents at the start of the month.
//! 2. **Transitions** — every resident present at the start of the month, in id order, first
//!    draws a breakdown (residents of programs only), else the next state from the row of its
//!    profile and state — or its program's own row for the profile, where the program has one
//!    — in the duration band of its months in state ([`crate::model::Sampler`]). Months in
//!    state count from the month the resident last moved: a move between two programs of the
//!    same category starts a new stay, under the new program's row. When everyone has drawn,
//!    the moves are made in the same order: moves to states without capacity at once, moves
//!    into a category by joining the end of its waiting list (see [`placement`](self)). (Draws
//!    made while moving, such as the repair cost after an aggressive resident, come after all
//!    of the month's transition draws.)
//! 3. **Arrivals** — Poisson arrivals per profile, in profile order, wanting their arrival state.
//! 4. **Placement** — urgent moves first (scenarios with `urgent_misplacement`: a new arrival,
//!    a forced move or a discharge from an institution into the full category a profile needs
//!    takes a free unit in a `misplaced_in` category ahead of that category's list, in the
//!    order the moves were requested); then waiting lists are served into free units, category by category, repeated
//!    until nothing more can be placed (units freed by one placement serve the next).
//! 5. **Fallback** — moves of this month still unplaced take the scenario's fallback (stay,
//!    misplace, temporary, institution, homeless) and remain on the waiting list.
//! 6. **Costs** — the month's fixed and occupancy costs are booked, discounted to the end of
//!    the month; move-out costs were booked when the moves happened.
//! 7. **Records** — occupancy, waiting lists and colours at the end of the month.

mod monthly;
mod occupancy;
mod outcome;
mod placement;
mod residents;
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
use occupancy::Occupancy;
use placement::Pending;
use rand::{Rng, RngCore, SeedableRng};
use rand_distr::Distribution;
use rand_xoshiro::Xoshiro256PlusPlus;
use residents::{Residents, NONE};
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
    breakdown: Vec<f64>,
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
        let any_risk = staffing_response(model, &w.occupancy, &mut ws.breakdown);
        let risks = any_risk.then_some(&ws.breakdown[..]);
        let exits_before = w.tally.events.exits;
        let left = transitions(model, w, rng, risks, &mut ws.moves, &mut ws.pending, t);
        arrivals(model, w, rng, &mut ws.pending, t);
        if model.any_urgent() {
            w.place_urgent(model, rng, &mut ws.pending, t);
        }
        w.serve_waiting_lists(model, rng, t);
        w.apply_fallbacks(model, rng, &ws.pending, t);
        ws.pending.clear();
        if w.tally.events.exits - exits_before != left {
            // Someone exited other than by a drawn transition.
            let r = &mut w.residents;
            r.active
                .retain(|&id| r.state[id as usize] != State::Exited as u8);
        }
        hospits_person_months += book_monthly_costs(model, w);

        let colours = w.occupancy.colours();
        resident_months += w.residents.active.len() as u64;
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
        residents_ever: w.residents.ever() as u64,
        ledger: &w.tally.ledger,
    }
}

/// Create the residents present at the start and put the waiting ones on their lists.
fn populate(model: &Model, w: &mut World) {
    for g in &model.initial {
        for _ in 0..g.count {
            let id = w.add(g.profile, g.state, g.program, g.misplaced, 0);
            if let Some(c) = g.waiting_for {
                w.waiting.join(id as usize, c, 0);
            }
        }
    }
}

/// Step 1: breakdown probability per (program, profile, misplaced or not). Returns whether any
/// is positive (if none is, the month draws no breakdowns).
fn staffing_response(model: &Model, occupancy: &Occupancy, out: &mut [f64]) -> bool {
    let np = model.profiles.len();
    let mut any = false;
    for (g, program) in model.programs.iter().enumerate() {
        let residents = occupancy.by_program[g];
        if residents == 0 {
            continue;
        }
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
                any |= risk > 0.0;
            }
        }
    }
    any
}

/// A move drawn in step 2, applied after all of the month's draws.
#[derive(Clone, Copy, Debug)]
struct Move {
    id: u32,
    /// Index of the state moved to.
    to: u8,
    forced: bool,
    breakdown: bool,
}

impl Move {
    /// Filler for the moves not made.
    const STAY: Move = Move {
        id: 0,
        to: 0,
        forced: false,
        breakdown: false,
    };
}

/// Step 2: breakdowns and drawn transitions of everyone present at the start of the month
/// (`breakdown` is `None` when no resident has a breakdown risk this month). First every
/// resident draws, in resident order; then the moves are made in the same order. Returns how
/// many residents left the active list by drawing `exited`.
#[allow(clippy::too_many_arguments)]
fn transitions(
    model: &Model,
    w: &mut World,
    rng: &mut Xoshiro256PlusPlus,
    breakdown: Option<&[f64]>,
    moves: &mut Vec<Move>,
    pending: &mut Vec<Pending>,
    t: u32,
) -> u64 {
    let (made, left) = draw_moves(model, &mut w.residents, rng, breakdown, moves, t);
    for m in &moves[..made] {
        let id = m.id as usize;
        let to = State::from_index(m.to as usize);
        if m.breakdown {
            w.tally.events.breakdowns += 1;
            w.break_down(model, rng, id, to, t);
        } else {
            w.request_move(model, rng, pending, id, to, m.forced, t);
        }
    }
    left
}

/// The draws of step 2. Residents who draw `exited` leave the active list here (a move there
/// always succeeds). The inner loop of the engine: it reads the residents' arrays only, keeps
/// the generator in a local copy and writes moves and the compacted active list without
/// branching on what was drawn.
///
/// Each resident-month takes ten random bits (six residents per 64-bit number, see
/// [`CellBits`]) to pick a cell of its row's guide table, and a fresh 64-bit number only when
/// the cell straddles a boundary between states ([`crate::model::Sampler`]).
///
/// The moves are written to the front of `moves`, which only ever grows (so that it need not
/// be filled anew every month); returns how many moves were made and how many residents left
/// the active list.
fn draw_moves(
    model: &Model,
    r: &mut Residents,
    rng: &mut Xoshiro256PlusPlus,
    breakdown: Option<&[f64]>,
    moves: &mut Vec<Move>,
    t: u32,
) -> (usize, u64) {
    let np = model.profiles.len();
    let tables = &model.transitions;
    // Slices of one length, so that one bounds check per resident covers them all.
    let n = r.state.len();
    let (state, profile, program) = (&r.state[..n], &r.profile[..n], &r.program[..n]);
    let (misplaced, entered) = (&r.misplaced[..n], &r.entered[..n]);
    let active = &mut r.active;
    let exited = State::Exited as u8;
    let mut local = rng.clone();
    let mut bits = CellBits::default();
    // Room for everyone's move; `m` counts the moves actually made.
    if moves.len() < active.len() {
        moves.resize(active.len(), Move::STAY);
    }
    let mut m = 0;
    let mut kept = 0;
    // Without rows of programs' own (most scenarios), the profile's row is the one: not
    // reading the resident's program keeps the loop as lean as before they existed.
    let own_rows = tables.has_program_rows();
    for k in 0..active.len() {
        let id = active[k];
        let i = id as usize;
        let s = state[i];
        let p = profile[i] as usize;
        let mut mv = Move {
            id,
            to: s,
            forced: false,
            breakdown: false,
        };
        'drawn: {
            if let Some(risks) = breakdown {
                let g = program[i];
                if g != NONE {
                    let risk = risks[(g as usize * np + p) * 2 + misplaced[i] as usize];
                    if risk > 0.0 && local.random::<f64>() < risk {
                        let category = model.programs[g as usize].category;
                        mv.to = model.profiles[p].breakdown[category.index()]
                            .as_ref()
                            .map_or(State::Temporary, |b| b.to)
                            as u8;
                        mv.forced = true;
                        mv.breakdown = true;
                        break 'drawn;
                    }
                }
            }
            // The program's own row, if it has one (`NONE` is past the last program).
            let slot = if own_rows {
                tables.slot(p, s as usize, program[i])
            } else {
                tables.profile_slot(p, s as usize)
            };
            let band = if slot.count == 1 {
                &tables.bands[slot.first as usize]
            } else {
                &tables.bands[tables.band_in(slot, t - entered[i])]
            };
            if band.still {
                break 'drawn;
            }
            let cell = bits.next(|| local.next_u64());
            mv.to = band.row.sample(cell, || local.next_u64()) as u8;
            mv.forced = band.forced;
        }
        let moved = mv.breakdown || mv.to != s;
        moves[m] = mv;
        m += moved as usize;
        active[kept] = id;
        kept += (mv.breakdown || mv.to != exited) as usize;
    }
    let left = (active.len() - kept) as u64;
    active.truncate(kept);
    *rng = local;
    (m, left)
}

/// Step 3: new residents.
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
        let n = poisson.sample(rng) as u64;
        for _ in 0..n {
            w.tally.events.arrivals += 1;
            match state.category() {
                None => {
                    w.add(p as u32, *state, None, false, t);
                }
                Some(c) => {
                    // Until placed, a new arrival is homeless.
                    let id = w.add(p as u32, State::Homeless, None, false, t) as usize;
                    w.want_category(model, rng, pending, id, c, true, t);
                }
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
