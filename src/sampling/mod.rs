//! Exact samplers for counts: the binomial distribution for every (n, p), the multinomial as
//! a chain of binomials, and uniform integers ([`below`]).
//!
//! "Exact" means that the probability of every outcome is the distribution's, up to the
//! rounding of double-precision arithmetic (about 1e−15 of each probability); no step
//! approximates the distribution (no normal approximation, no truncated tail). Each sampler is
//! tested against its probability function with chi-square tests over 10⁸ draws in all
//! (`tests/samplers.rs`).
//!
//! They draw from any [`rand::Rng`]; the number of random numbers a draw uses varies (both
//! samplers use rejection or search), so streams are reproducible for a seed but do not
//! line up draw by draw with other samplers.

mod binomial;
mod uniform;

pub use binomial::{invert, sample_by_inversion, Binomial};
pub use uniform::below;

use rand::Rng;

/// A sampler's parameters are outside its domain.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SamplingError {
    /// A probability outside [0, 1] (or not a number).
    #[error("a probability must be between 0 and 1, found {0}")]
    Probability(f64),
    /// Multinomial weights that are negative, not finite, or all zero.
    #[error("multinomial weights must be finite, ≥ 0 and not all 0; weight {index} is {value}")]
    Weight {
        /// Index of the first bad weight (the last one when they are all zero).
        index: usize,
        /// Its value.
        value: f64,
    },
}

/// Split `n` items over the categories of `weights` (proportional to the weights, which need
/// not sum to 1) with the multinomial distribution, writing the counts into `out`
/// (`out.len() == weights.len()`, else [`SamplingError::Weight`] names the mismatch).
///
/// Drawn as a chain of exact binomials: category i takes Binomial(n left, wᵢ ÷ the weight
/// left), which gives the multinomial law exactly. Categories of weight 0 take nothing and
/// draw nothing.
///
/// ```
/// use housing_sim::sampling::multinomial;
/// use rand::SeedableRng;
/// let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
/// let mut out = [0u64; 3];
/// multinomial(100, &[0.2, 0.0, 0.8], &mut rng, &mut out).unwrap();
/// assert_eq!(out.iter().sum::<u64>(), 100);
/// assert_eq!(out[1], 0);
/// ```
pub fn multinomial<R: Rng + ?Sized>(
    n: u64,
    weights: &[f64],
    rng: &mut R,
    out: &mut [u64],
) -> Result<(), SamplingError> {
    if out.len() != weights.len() {
        return Err(SamplingError::Weight {
            index: weights.len().min(out.len()),
            value: f64::NAN,
        });
    }
    if let Some((index, &value)) = weights
        .iter()
        .enumerate()
        .find(|(_, w)| !(w.is_finite() && **w >= 0.0))
    {
        return Err(SamplingError::Weight { index, value });
    }
    let mut rest: f64 = weights.iter().sum();
    if !(rest > 0.0 && rest.is_finite()) {
        return Err(SamplingError::Weight {
            index: weights.len().saturating_sub(1),
            value: weights.last().copied().unwrap_or(f64::NAN),
        });
    }
    out.iter_mut().for_each(|x| *x = 0);
    let mut left = n;
    // The last category with weight takes what is left, so rounding in `rest` cannot lose items.
    let last = weights.iter().rposition(|&w| w > 0.0).unwrap_or(0);
    for (i, &w) in weights.iter().enumerate() {
        if left == 0 {
            break;
        }
        if i == last {
            out[i] = left;
            break;
        }
        if w == 0.0 {
            continue;
        }
        let p = (w / rest).min(1.0);
        let k = Binomial::new(left, p)?.sample(rng);
        out[i] = k;
        left -= k;
        rest -= w;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn bad_weights_are_refused_with_their_index() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(1);
        let mut out = [0u64; 3];
        let e = multinomial(5, &[0.5, -1.0, 0.5], &mut rng, &mut out).unwrap_err();
        assert!(matches!(e, SamplingError::Weight { index: 1, .. }), "{e}");
        let e = multinomial(5, &[0.0, 0.0, 0.0], &mut rng, &mut out).unwrap_err();
        assert!(matches!(e, SamplingError::Weight { .. }), "{e}");
        let e = multinomial(5, &[0.5, 0.5], &mut rng, &mut out).unwrap_err();
        assert!(matches!(e, SamplingError::Weight { .. }), "{e}");
        let e = multinomial(5, &[0.5, f64::NAN, 0.5], &mut rng, &mut out).unwrap_err();
        assert!(matches!(e, SamplingError::Weight { index: 1, .. }), "{e}");
    }

    #[test]
    fn every_item_is_placed() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(2);
        let mut out = [0u64; 4];
        for n in [0, 1, 17, 1_000_000] {
            multinomial(n, &[0.1, 0.0, 0.3, 0.6], &mut rng, &mut out).unwrap();
            assert_eq!(out.iter().sum::<u64>(), n);
            assert_eq!(out[1], 0);
        }
    }
}
