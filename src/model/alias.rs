//! Walker/Vose alias tables over the nine states: one 64-bit random number draws the next
//! state in O(1) (the high 32 bits pick a column, the low 32 bits decide column or alias).

use crate::state::N_STATES;

/// Sampling table for one row of a transition matrix.
///
/// Probabilities are quantised to multiples of 2⁻³² (an error below 2.4 × 10⁻¹⁰ per outcome).
#[derive(Clone, Debug, PartialEq)]
pub struct AliasRow {
    threshold: [u64; N_STATES],
    alias: [u8; N_STATES],
}

const SCALE: f64 = 4_294_967_296.0; // 2^32

impl AliasRow {
    /// Build the table for `probs` (non-negative, summing to 1 up to rounding).
    pub fn new(probs: &[f64; N_STATES]) -> AliasRow {
        let n = N_STATES as f64;
        let sum: f64 = probs.iter().sum();
        let mut scaled: [f64; N_STATES] = [0.0; N_STATES];
        for (s, p) in scaled.iter_mut().zip(probs) {
            *s = p / sum * n;
        }
        let mut alias = [0u8; N_STATES];
        let mut keep = [1.0f64; N_STATES];
        let mut small: Vec<usize> = Vec::with_capacity(N_STATES);
        let mut large: Vec<usize> = Vec::with_capacity(N_STATES);
        for (i, s) in scaled.iter().enumerate() {
            alias[i] = i as u8;
            if *s < 1.0 {
                small.push(i);
            } else {
                large.push(i);
            }
        }
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            keep[s] = scaled[s];
            alias[s] = l as u8;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // Leftovers are 1 up to rounding: they keep their own column.
        let mut threshold = [0u64; N_STATES];
        for i in 0..N_STATES {
            threshold[i] = (keep[i].clamp(0.0, 1.0) * SCALE).round() as u64;
        }
        AliasRow { threshold, alias }
    }

    /// The state index drawn by the random number `r`.
    #[inline(always)]
    pub fn sample(&self, r: u64) -> usize {
        let column = (((r >> 32) * N_STATES as u64) >> 32) as usize;
        if (r & 0xFFFF_FFFF) < self.threshold[column] {
            column
        } else {
            self.alias[column] as usize
        }
    }

    /// The exact probability of each outcome under [`AliasRow::sample`].
    pub fn probabilities(&self) -> [f64; N_STATES] {
        // Column i is chosen for a share of high halves that differs from 1/9 by < 2^-32.
        let mut out = [0.0; N_STATES];
        for i in 0..N_STATES {
            let keep = self.threshold[i] as f64 / SCALE;
            out[i] += keep / N_STATES as f64;
            out[self.alias[i] as usize] += (1.0 - keep) / N_STATES as f64;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    #[test]
    fn reproduces_the_probabilities() {
        let probs = [0.5, 0.2, 0.0, 0.1, 0.05, 0.05, 0.0, 0.07, 0.03];
        let row = AliasRow::new(&probs);
        for (a, b) in row.probabilities().iter().zip(probs) {
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
        let mut counts = [0usize; N_STATES];
        let n = 1_000_000;
        for _ in 0..n {
            counts[row.sample(rng.random())] += 1;
        }
        for (c, p) in counts.iter().zip(probs) {
            let f = *c as f64 / n as f64;
            let se = (p * (1.0 - p) / n as f64).sqrt();
            assert!((f - p).abs() <= 5.0 * se + 1e-12, "{f} vs {p}");
        }
    }

    #[test]
    fn a_certain_outcome_is_always_drawn() {
        let mut probs = [0.0; N_STATES];
        probs[4] = 1.0;
        let row = AliasRow::new(&probs);
        for r in [
            0u64,
            u64::MAX,
            0x1234_5678_9abc_def0,
            1 << 32,
            (1 << 32) - 1,
        ] {
            assert_eq!(row.sample(r), 4);
        }
    }
}
