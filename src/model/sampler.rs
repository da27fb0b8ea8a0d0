//! Guide-table sampling of the next state: ten random bits pick one of 1,024 equal cells of
//! the cumulative row; a cell inside one state's interval gives the state at once, and the
//! few cells that straddle a boundary are resolved exactly with a fresh 64-bit draw.
//!
//! The probabilities are quantised to multiples of 2⁻⁶³ (the cumulative row is held as 63-bit
//! fixed-point thresholds); given that quantisation, sampling is exact: a draw is the 63-bit
//! number `U = cell · 2⁵³ + v` with `v` uniform on 53 bits, and the state is the number of
//! thresholds at or below `U`. With nine states a row has at most eight boundaries, so at
//! most 8 of the 1,024 cells (0.8 %) need the second draw.

use crate::state::N_STATES;

/// Random bits a draw uses to pick its cell.
pub const CELL_BITS: u32 = 10;
/// Cells per row.
const CELLS: usize = 1 << CELL_BITS;
/// Bits below the cell in the 63-bit fixed-point scale.
const FRACTION_BITS: u32 = 63 - CELL_BITS;
/// `2⁶³`, the fixed-point value of probability 1.
const ONE: u64 = 1 << 63;
/// Marks a cell that straddles a boundary.
const MIXED: u8 = u8::MAX;

/// Sampling table for one row of a transition matrix.
#[derive(Clone, Debug, PartialEq)]
pub struct Sampler {
    /// `threshold[k]` = P(next ≤ k) · 2⁶³ for k = 0..8 (P(next ≤ 8) = 1 is implied).
    threshold: [u64; N_STATES - 1],
    /// Per cell: the state of every point of the cell, or [`MIXED`].
    cells: [u8; CELLS],
}

impl Sampler {
    /// Build the table for `probs` (non-negative, summing to 1 up to rounding).
    pub fn new(probs: &[f64; N_STATES]) -> Sampler {
        let sum: f64 = probs.iter().sum();
        let mut threshold = [ONE; N_STATES - 1];
        let mut acc = 0.0;
        for k in 0..N_STATES - 1 {
            acc += probs[k];
            // States after k that can never be drawn leave no room above k.
            if probs[k + 1..].iter().any(|&p| p > 0.0) {
                threshold[k] = ((acc / sum).clamp(0.0, 1.0) * ONE as f64).round() as u64;
            }
        }
        let mut cells = [0u8; CELLS];
        for (j, cell) in cells.iter_mut().enumerate() {
            let lo = (j as u64) << FRACTION_BITS;
            let hi = lo + (1 << FRACTION_BITS);
            *cell = if threshold.iter().any(|&x| lo < x && x < hi) {
                MIXED
            } else {
                state_at(&threshold, lo) as u8
            };
        }
        Sampler { threshold, cells }
    }

    /// What cell `cell` (< 1,024) holds: `Some(state)` when the cell decides, `None` when
    /// [`Sampler::resolve`] must.
    #[inline(always)]
    pub fn cell(&self, cell: usize) -> Option<usize> {
        let v = self.cells[cell & (CELLS - 1)];
        (v != MIXED).then_some(v as usize)
    }

    /// The state drawn in cell `cell` by the fresh random number `r` (its top 53 bits place the
    /// draw within the cell). Valid for every cell, decided or not.
    pub fn resolve(&self, cell: usize, r: u64) -> usize {
        let u = ((cell as u64 & (CELLS as u64 - 1)) << FRACTION_BITS) | (r >> (64 - FRACTION_BITS));
        state_at(&self.threshold, u)
    }

    /// The state drawn by the cell `cell` and, if the cell does not decide, the fresh random
    /// number `fresh()`.
    #[inline(always)]
    pub fn sample(&self, cell: usize, fresh: impl FnOnce() -> u64) -> usize {
        match self.cell(cell) {
            Some(s) => s,
            None => self.resolve(cell, fresh()),
        }
    }

    /// The exact probability of each outcome under [`Sampler::sample`].
    pub fn probabilities(&self) -> [f64; N_STATES] {
        let mut out = [0.0; N_STATES];
        let mut below = 0u64;
        for (k, o) in out.iter_mut().enumerate() {
            let upto = self.threshold.get(k).copied().unwrap_or(ONE);
            *o = (upto - below) as f64 / ONE as f64;
            below = upto;
        }
        out
    }
}

/// The state at the 63-bit fixed-point point `u`: the number of thresholds at or below it.
#[inline]
fn state_at(threshold: &[u64; N_STATES - 1], u: u64) -> usize {
    threshold.iter().filter(|&&x| x <= u).count()
}

/// Ten-bit cells cut from 64-bit random numbers, six per number (the top sixty bits, most
/// significant first).
#[derive(Clone, Copy, Debug, Default)]
pub struct CellBits {
    word: u64,
    left: u32,
}

impl CellBits {
    /// Cells still held.
    const PER_WORD: u32 = 64 / CELL_BITS;

    /// The next cell, drawing a new 64-bit number from `next_u64` when the last is used up.
    #[inline(always)]
    pub fn next(&mut self, next_u64: impl FnOnce() -> u64) -> usize {
        if self.left == 0 {
            self.word = next_u64();
            self.left = Self::PER_WORD;
        }
        let cell = (self.word >> (64 - CELL_BITS)) as usize;
        self.word <<= CELL_BITS;
        self.left -= 1;
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngCore, SeedableRng};

    fn draw(row: &Sampler, bits: &mut CellBits, rng: &mut impl RngCore) -> usize {
        let cell = bits.next(|| rng.next_u64());
        row.sample(cell, || rng.next_u64())
    }

    #[test]
    fn reproduces_the_probabilities() {
        let probs = [0.5, 0.2, 0.0, 0.1, 0.05, 0.05, 0.0, 0.07, 0.03];
        let row = Sampler::new(&probs);
        for (a, b) in row.probabilities().iter().zip(probs) {
            assert!((a - b).abs() < 1e-15, "{a} vs {b}");
        }
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let mut bits = CellBits::default();
        let mut counts = [0usize; N_STATES];
        let n = 1_000_000;
        for _ in 0..n {
            counts[draw(&row, &mut bits, &mut rng)] += 1;
        }
        for (c, p) in counts.iter().zip(probs) {
            let f = *c as f64 / n as f64;
            let se = (p * (1.0 - p) / n as f64).sqrt();
            assert!((f - p).abs() <= 5.0 * se + 1e-12, "{f} vs {p}");
        }
    }

    #[test]
    fn every_point_of_a_decided_cell_gives_its_state() {
        // Boundaries at awkward places, including inside cells and on cell edges.
        let probs = [0.123, 0.001, 0.0, 0.375, 0.25, 0.0001, 0.2, 0.0499, 0.0];
        let row = Sampler::new(&probs);
        let mut mixed = 0;
        for cell in 0..CELLS {
            match row.cell(cell) {
                Some(s) => {
                    for r in [0, u64::MAX, 1 << 63, 0x5555_5555_5555_5555] {
                        assert_eq!(row.resolve(cell, r), s, "cell {cell}");
                    }
                }
                None => mixed += 1,
            }
        }
        assert!(mixed < N_STATES, "{mixed} mixed cells");
    }

    #[test]
    fn a_certain_outcome_is_always_drawn() {
        for k in 0..N_STATES {
            let mut probs = [0.0; N_STATES];
            probs[k] = 1.0;
            let row = Sampler::new(&probs);
            for cell in [0, 1, 511, 1023] {
                for r in [0u64, u64::MAX, 0x1234_5678_9abc_def0] {
                    assert_eq!(row.sample(cell, || r), k);
                }
            }
        }
    }

    #[test]
    fn impossible_outcomes_are_never_drawn() {
        // Rounding of the cumulative sum must not leave room for the zero-probability tail.
        let probs = [0.1, 0.2, 0.3, 0.4, 0.0, 0.0, 0.0, 0.0, 0.0];
        let row = Sampler::new(&probs);
        assert_eq!(row.probabilities()[4..], [0.0; 5]);
        for cell in 0..CELLS {
            assert!(row.resolve(cell, u64::MAX) <= 3);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]

        /// For any row (zeros included): the table's probabilities are the row's to 2⁻⁶²,
        /// at most eight cells are undecided, and a decided cell gives the same state as
        /// resolving any point inside it.
        #[test]
        fn any_row_is_sampled_exactly(
            weights in proptest::collection::vec(
                proptest::prop_oneof![proptest::strategy::Just(0.0), 0.0..1.0f64], N_STATES),
            r in proptest::prelude::any::<u64>(),
        ) {
            let sum: f64 = weights.iter().sum();
            proptest::prop_assume!(sum > 0.0);
            let mut probs = [0.0; N_STATES];
            for (p, w) in probs.iter_mut().zip(&weights) {
                *p = w / sum;
            }
            let row = Sampler::new(&probs);
            for (a, b) in row.probabilities().iter().zip(probs) {
                proptest::prop_assert!((a - b).abs() <= 4.0 * f64::EPSILON, "{} vs {}", a, b);
                if b == 0.0 {
                    proptest::prop_assert_eq!(*a, 0.0);
                }
            }
            let mut mixed = 0;
            for cell in 0..CELLS {
                match row.cell(cell) {
                    Some(s) => {
                        proptest::prop_assert_eq!(row.resolve(cell, r), s);
                        proptest::prop_assert!(probs[s] > 0.0);
                    }
                    None => mixed += 1,
                }
                proptest::prop_assert!(probs[row.resolve(cell, r)] > 0.0);
            }
            proptest::prop_assert!(mixed < N_STATES);
        }
    }

    #[test]
    fn six_cells_per_random_number() {
        let mut bits = CellBits::default();
        let mut calls = 0;
        let word = 0xFFC0_0000_0000_0000u64 | (1 << 44);
        let cells: Vec<usize> = (0..12)
            .map(|_| {
                bits.next(|| {
                    calls += 1;
                    word
                })
            })
            .collect();
        assert_eq!(calls, 2);
        assert_eq!(&cells[..6], &[1023, 1, 0, 0, 0, 0]);
        assert_eq!(&cells[6..], &cells[..6]);
    }
}
