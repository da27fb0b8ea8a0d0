//! Transition tables: the row a resident draws its next state from, laid out for the engine's
//! inner loop. A resident's row is chosen once per model, not per draw: by (profile, state),
//! or — in a program with rows of its own (`programs[i].transitions`,
//! `programs[i].transitions_by_profile`) — by (program, profile).

use super::Sampler;
use crate::scenario::{self, Program, Scenario, Transitions};
use crate::state::{State, N_STATES};
use std::collections::BTreeMap;

/// Marks a program without rows of its own in [`TransitionTables::program_first`].
pub const NO_ROWS: u32 = u32::MAX;

/// Where the duration bands of one row are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Slot {
    /// Index of the first band in [`TransitionTables::bands`].
    pub first: u32,
    /// Number of bands (1 when the state has no duration bands).
    pub count: u32,
}

/// One duration band of one row: its sampling table and what staying means.
#[derive(Clone, Debug, PartialEq)]
pub struct BandRow {
    /// The sampling table of the next state.
    pub row: Sampler,
    /// Months in state below which the band applies (`u32::MAX` for the last band).
    pub until: u32,
    /// The probability of staying is zero: a move is forced and `stay` is no fallback.
    pub forced: bool,
    /// The probability of staying is one: no draw is needed.
    pub still: bool,
    /// The probability of leaving (1 − the probability of staying), for drawing the leavers of
    /// a cell of several residents at once.
    pub leave: Link,
    /// Where leavers go, as a chain of binomials: for each state other than the one left with a
    /// positive probability, in state order, the probability of that state given leaving and
    /// not to an earlier state of the chain. The last link's probability is 1.
    pub chain: Vec<Link>,
}

/// One binomial of a chain: a state and a probability, with the logarithms of the probability
/// and its complement (for [`crate::sampling::sample_by_inversion`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Link {
    /// The state (its index).
    pub to: u8,
    /// The probability.
    pub p: f64,
    /// ln p.
    pub ln_p: f64,
    /// ln(1 − p).
    pub ln_q: f64,
    /// For n below [`Link::SMALL`]: the probability that none of n trials has the rarer
    /// outcome (p or 1 − p, whichever is at most 1/2), as
    /// [`crate::sampling::sample_by_inversion`] computes it, so that small cells invert
    /// without an exponential.
    pub none_of: [f64; Link::SMALL],
}

impl Link {
    /// Trial counts below this have `none_of` kept.
    pub const SMALL: usize = 16;

    fn new(to: u8, p: f64) -> Link {
        let (ln_p, ln_q) = (p.ln(), (-p).ln_1p());
        let ln_none = if p > 0.5 { ln_p } else { ln_q };
        Link {
            to,
            p,
            ln_p,
            ln_q,
            none_of: std::array::from_fn(|n| (n as f64 * ln_none).exp()),
        }
    }

    /// An exact Binomial(n, p) draw by inversion for n below [`Link::SMALL`] and 0 < p < 1
    /// (the same draw as [`crate::sampling::sample_by_inversion`]).
    #[inline]
    pub fn invert_small<R: rand::Rng + ?Sized>(&self, n: u32, rng: &mut R) -> u32 {
        debug_assert!((n as usize) < Link::SMALL && self.p > 0.0 && self.p < 1.0);
        let flipped = self.p > 0.5;
        let rarer = if flipped { 1.0 - self.p } else { self.p };
        let k = crate::sampling::invert(n as u64, rarer, self.none_of[n as usize], rng) as u32;
        if flipped {
            n - k
        } else {
            k
        }
    }
}

/// Transition tables for every (profile, state, duration band), and for every (program,
/// profile) where a program has rows of its own.
#[derive(Clone, Debug, Default)]
pub struct TransitionTables {
    /// Per (profile × 9 + state): where the bands of the profile's row are.
    pub slots: Vec<Slot>,
    /// Every band: the profiles' rows in slot order, then the programs' own rows.
    pub bands: Vec<BandRow>,
    /// Per program: where its profiles' slots begin in `program_slots`, or [`NO_ROWS`] when
    /// the program has no rows of its own (its residents draw from their profiles' rows).
    pub program_first: Vec<u32>,
    /// Per (program with rows of its own, profile), profiles in scenario order: the slot its
    /// residents of that profile draw from (their profile's row when the program gives none
    /// for them).
    pub program_slots: Vec<Slot>,
}

impl TransitionTables {
    /// The tables of a validated scenario.
    pub(super) fn new(s: &Scenario) -> TransitionTables {
        let mut t = TransitionTables::default();
        for p in &s.profiles {
            for state in State::ALL {
                let slot = t.push_row(state, p.transitions.get(&state));
                t.slots.push(slot);
            }
        }
        for g in &s.programs {
            t.push_program(g, s);
        }
        t
    }

    /// The rows of program `g`'s residents, one slot per profile, if it has rows of its own.
    fn push_program(&mut self, g: &Program, s: &Scenario) {
        if g.transitions.is_none() && g.transitions_by_profile.is_empty() {
            self.program_first.push(NO_ROWS);
            return;
        }
        let state = g.category.state();
        // One copy of the program-wide row, shared by the profiles it applies to.
        let shared = g
            .transitions
            .as_ref()
            .map(|t| self.push_row(state, Some(t)));
        self.program_first.push(self.program_slots.len() as u32);
        for (pi, p) in s.profiles.iter().enumerate() {
            let slot = match (g.transitions_by_profile.get(&p.id), shared) {
                (Some(own), _) => self.push_row(state, Some(own)),
                (None, Some(shared)) => shared,
                (None, None) => self.slots[pi * N_STATES + state.index()],
            };
            self.program_slots.push(slot);
        }
    }

    /// Push the bands of `row` out of `from` (none: never left by a drawn transition);
    /// returns where they are.
    fn push_row(&mut self, from: State, row: Option<&Transitions>) -> Slot {
        let first = self.bands.len() as u32;
        match row {
            Some(Transitions { to: Some(to), .. }) => self.push_band(from, u32::MAX, to),
            Some(Transitions {
                bands: Some(bands), ..
            }) if !bands.is_empty() => {
                for b in bands {
                    self.push_band(from, b.until_month.unwrap_or(u32::MAX), &b.to);
                }
            }
            _ => self.push_band(from, u32::MAX, &BTreeMap::new()),
        }
        Slot {
            first,
            count: self.bands.len() as u32 - first,
        }
    }

    fn push_band(&mut self, from: State, until: u32, to: &BTreeMap<State, f64>) {
        let mut probs = [0.0; N_STATES];
        let mut out = 0.0;
        for (target, p) in to {
            probs[target.index()] = *p;
            out += p;
        }
        let stay = (1.0 - out).max(0.0);
        probs[from.index()] = stay;
        let row = Sampler::new(&probs);
        // The chain uses the probabilities the sampler draws with, so that a cell of one
        // resident and a cell of many follow the same law.
        let exact = row.probabilities();
        let leave: f64 = (0..N_STATES)
            .filter(|&k| k != from.index())
            .map(|k| exact[k])
            .sum();
        let mut chain = Vec::new();
        let mut rest = leave;
        for (k, &p) in exact.iter().enumerate() {
            if k == from.index() || p <= 0.0 {
                continue;
            }
            chain.push(Link::new(k as u8, (p / rest).min(1.0)));
            rest -= p;
        }
        if let Some(last) = chain.last_mut() {
            *last = Link::new(last.to, 1.0);
        }
        let forced = stay <= scenario::validate::SUM_TOLERANCE;
        self.bands.push(BandRow {
            row,
            until,
            forced,
            still: out == 0.0,
            leave: Link::new(from as u8, if forced { 1.0 } else { leave.min(1.0) }),
            chain,
        });
    }

    /// Whether any program has rows of its own.
    #[inline(always)]
    pub fn has_program_rows(&self) -> bool {
        !self.program_slots.is_empty()
    }

    /// The slot of the profile's own row out of `state` (whatever the program).
    #[inline(always)]
    pub fn profile_slot(&self, profile: usize, state: usize) -> Slot {
        self.slots[profile * N_STATES + state]
    }

    /// The slot of a resident of `profile` in `state` who lives in program `program` (an
    /// index past the last program, such as `u32::MAX`, for a resident in no program): the
    /// program's own row for the profile if it has one, else the profile's row.
    #[inline(always)]
    pub fn slot(&self, profile: usize, state: usize, program: u32) -> Slot {
        if !self.has_program_rows() {
            return self.profile_slot(profile, state);
        }
        match self.program_first.get(program as usize) {
            Some(&first) if first != NO_ROWS => self.program_slots[first as usize + profile],
            _ => self.slots[profile * N_STATES + state],
        }
    }

    /// The band index for a resident of `profile` in `state`, living in `program` (as in
    /// [`TransitionTables::slot`]), who has spent `months` months there.
    #[inline(always)]
    pub fn band(&self, profile: usize, state: usize, program: u32, months: u32) -> usize {
        self.band_in(self.slot(profile, state, program), months)
    }

    /// The longest time in state, in months, that any band of `slot` tells apart: from there
    /// on, the last band applies (0 for a slot with one band).
    pub fn longest_band(&self, slot: Slot) -> u32 {
        let first = slot.first as usize;
        self.bands[first..first + slot.count as usize]
            .iter()
            .map(|b| b.until)
            .filter(|&u| u != u32::MAX)
            .max()
            .unwrap_or(0)
    }

    /// The band index within `slot` for `months` months in state.
    #[inline(always)]
    pub fn band_in(&self, slot: Slot, months: u32) -> usize {
        let first = slot.first as usize;
        let last = first + slot.count as usize - 1;
        let mut b = first;
        while b < last && months >= self.bands[b].until {
            b += 1;
        }
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Category;

    #[test]
    fn small_cells_invert_as_the_tested_sampler_does() {
        // The kept (1 − p)ⁿ spares an exponential, not a draw: the same numbers give the
        // same draws as `sample_by_inversion` (tested against the exact pmf).
        use rand::SeedableRng;
        for p in [1e-9, 0.003, 0.05, 0.3, 0.5, 0.7, 0.97, 1.0 - 1e-9] {
            let link = Link::new(0, p);
            let mut a = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
            let mut b = a.clone();
            for round in 0..2_000u32 {
                let n = round % Link::SMALL as u32;
                let by_table = link.invert_small(n, &mut a);
                let by_logs =
                    crate::sampling::sample_by_inversion(n as u64, p, link.ln_p, link.ln_q, &mut b);
                assert_eq!(Some(by_table as u64), by_logs, "p {p}, n {n}");
            }
        }
    }

    /// Two profiles; programs: `a` without rows of its own, `b` with a program-wide row and
    /// one for profile `q`.
    fn tables() -> TransitionTables {
        let json = r#"{"name": "rows", "horizon_months": 1,
            "profiles": [
                {"id": "p", "severity": "mild", "needs": "temporary", "initial": {"temporary": 1},
                 "transitions": {"temporary": {"to": {"homeless": 0.25}}}},
                {"id": "q", "severity": "severe", "needs": "temporary"}],
            "programs": [
                {"id": "a", "category": "temporary", "units": 1},
                {"id": "b", "category": "temporary", "units": 1,
                 "transitions": {"bands": [{"until_month": 3, "to": {}}, {"to": {"ordinary": 1.0}}]},
                 "transitions_by_profile": {"q": {"to": {"exited": 0.5}}}}]}"#;
        TransitionTables::new(&Scenario::from_json(json).unwrap())
    }

    #[test]
    fn programs_without_rows_of_their_own_use_the_profiles_rows() {
        let t = tables();
        let temporary = Category::Temporary.state().index();
        assert_eq!(t.program_first, [NO_ROWS, 0]);
        // The profiles' rows come first, one slot per (profile, state), as before.
        assert_eq!(t.slots.len(), 2 * N_STATES);
        for p in 0..2 {
            let own = t.slots[p * N_STATES + temporary];
            assert_eq!(t.slot(p, temporary, 0), own);
            assert_eq!(t.slot(p, temporary, u32::MAX), own);
        }
    }

    #[test]
    fn a_profiles_own_row_comes_before_the_program_wide_row() {
        let t = tables();
        let temporary = Category::Temporary.state().index();
        let (p, q) = (t.slot(0, temporary, 1), t.slot(1, temporary, 1));
        assert_eq!(p.count, 2);
        assert!(t.bands[t.band_in(p, 2)].still);
        assert!(t.bands[t.band_in(p, 3)].forced);
        assert_eq!(q.count, 1);
        let q_row = &t.bands[q.first as usize];
        assert_eq!(q_row.row.probabilities()[State::Exited.index()], 0.5);
        // Two profile rows per state, then the program-wide row once and `q`'s row.
        assert_eq!(t.bands.len(), 2 * N_STATES + 2 + 1);
    }
}
