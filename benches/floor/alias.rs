//! Walker/Vose alias tables over the nine states, for the W1 floor: one 64-bit random number
//! draws the next state in O(1) (the high 32 bits pick a column, the low 32 bits decide column
//! or alias). docs/benchmarks.md (W1) names the cost of one random draw per resident-month as
//! the figure to approach; the engine itself samples with guide tables
//! (`housing_sim::model::Sampler`).

use housing_sim::state::N_STATES;

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
}
