//! The binomial distribution, sampled exactly for every (n, p).
//!
//! Two methods, each exact given exact arithmetic (and, in floating point, to about 1e−15 of
//! each probability):
//!
//! - **inversion** when the mean of the rarer outcome, n · min(p, 1 − p), is below 10: one
//!   uniform, walked down the probability function from 0 with the recurrence
//!   f(k + 1) = f(k) · (n − k)/(k + 1) · p/(1 − p); the expected number of steps is the mean plus one;
//! - **BTRS** (Hörmann 1993, "The generation of binomial random variates", J. Statist. Comput.
//!   Simul. 46:101–110: transformed rejection with a squeeze) otherwise; about 1.15 pairs of
//!   uniforms per draw. The acceptance test compares with the exact log-ratio
//!   ln f(k) − ln f(m) (m the mode), written with Stirling's formula and its exact remainder
//!   (a table for arguments below 16 and a five-term series above, accurate to 1e−16), so that
//!   no factorial is approximated. A proposal is rounded down with `floor`, so proposals in
//!   (−1, 0) are rejected rather than truncated to 0.
//!
//! p > 1/2 is sampled as n minus a draw with 1 − p, so both methods only see p ≤ 1/2.

use super::SamplingError;
use rand::Rng;

/// Below this mean of the rarer outcome, inversion; at or above, BTRS (which needs n·p ≥ 10).
const INVERSION_BELOW_MEAN: f64 = 10.0;

/// A binomial distribution: the number of successes in `n` independent trials that each
/// succeed with probability `p`.
///
/// ```
/// use housing_sim::sampling::Binomial;
/// use rand::SeedableRng;
/// let b = Binomial::new(1000, 0.011).unwrap();
/// let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(1);
/// let k = b.sample(&mut rng);
/// assert!(k <= 1000);
/// assert!(Binomial::new(10, 1.5).is_err());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Binomial {
    n: u64,
    p: f64,
    method: Method,
}

/// How a [`Binomial`] draws, chosen once at construction.
#[derive(Clone, Debug, PartialEq)]
enum Method {
    /// Always this value (n = 0, p = 0 or p = 1).
    Constant(u64),
    /// Inversion for the rarer outcome, probability `p_small` ≤ 1/2.
    Inversion(Inversion),
    /// BTRS for the rarer outcome.
    Btrs(Btrs),
}

impl Binomial {
    /// The distribution of successes in `n` trials with success probability `p` (0 ≤ p ≤ 1).
    pub fn new(n: u64, p: f64) -> Result<Binomial, SamplingError> {
        if !(0.0..=1.0).contains(&p) {
            return Err(SamplingError::Probability(p));
        }
        let small = p.min(1.0 - p);
        let method = if n == 0 || p == 0.0 {
            Method::Constant(0)
        } else if p == 1.0 {
            Method::Constant(n)
        } else if (n as f64) * small < INVERSION_BELOW_MEAN {
            Method::Inversion(Inversion::new(n, small))
        } else {
            Method::Btrs(Btrs::new(n, small))
        };
        Ok(Binomial { n, p, method })
    }

    /// Number of trials.
    pub fn n(&self) -> u64 {
        self.n
    }

    /// Success probability.
    pub fn p(&self) -> f64 {
        self.p
    }

    /// One draw.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        let rarer = match &self.method {
            Method::Constant(k) => return *k,
            Method::Inversion(m) => m.sample(rng),
            Method::Btrs(m) => m.sample(rng),
        };
        if self.p > 0.5 {
            self.n - rarer
        } else {
            rarer
        }
    }
}

/// One Binomial(n, p) draw by the inversion [`Binomial`] uses for small means, for a caller
/// that draws many times with one `p` and keeps its logarithms: `ln_p` = ln p and `ln_q` =
/// ln(1 − p) spare the two logarithms of constructing a [`Binomial`]. `None` when the mean of
/// the rarer outcome is too large for inversion (then use [`Binomial`]); 0 < p < 1.
#[inline]
pub fn sample_by_inversion<R: Rng + ?Sized>(
    n: u64,
    p: f64,
    ln_p: f64,
    ln_q: f64,
    rng: &mut R,
) -> Option<u64> {
    let flipped = p > 0.5;
    let small = if flipped { 1.0 - p } else { p };
    if (n as f64) * small >= INVERSION_BELOW_MEAN {
        return None;
    }
    let inversion = Inversion {
        n,
        odds: small / (1.0 - small),
        f0: ((n as f64) * if flipped { ln_p } else { ln_q }).exp(),
    };
    let k = inversion.sample(rng);
    Some(if flipped { n - k } else { k })
}

/// One draw of how many of `n` trials have an outcome of probability `p` ≤ 1/2, by the
/// inversion of [`sample_by_inversion`], for a caller that keeps f(0) = (1 − p)ⁿ, computed as
/// `(n as f64 * ln(1 − p)).exp()`; for small means only (n·p below 10).
#[inline]
pub fn invert<R: Rng + ?Sized>(n: u64, p: f64, f0: f64, rng: &mut R) -> u64 {
    debug_assert!(p <= 0.5 && (n as f64) * p < INVERSION_BELOW_MEAN);
    Inversion {
        n,
        odds: p / (1.0 - p),
        f0,
    }
    .sample(rng)
}

/// A uniform number in (0, 1]: 53 random bits, never 0 (logarithms of it are finite).
fn open_unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) + 1) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Inversion by sequential search from 0.
#[derive(Clone, Debug, PartialEq)]
struct Inversion {
    n: u64,
    /// p / (1 − p).
    odds: f64,
    /// f(0) = (1 − p)ⁿ.
    f0: f64,
}

impl Inversion {
    fn new(n: u64, p: f64) -> Inversion {
        Inversion {
            n,
            odds: p / (1.0 - p),
            f0: ((n as f64) * (-p).ln_1p()).exp(),
        }
    }

    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        loop {
            let mut u = open_unit(rng);
            let mut f = self.f0;
            let mut k = 0u64;
            // u − f(0) − … − f(k − 1) > 0 means the draw lies beyond k − 1.
            while u > f {
                u -= f;
                if k == self.n {
                    break;
                }
                f *= self.odds * (self.n - k) as f64 / (k + 1) as f64;
                k += 1;
            }
            // Rounding can leave a sliver of u beyond the last term; draw again rather than
            // give it to n (a probability of the order of 1e−16).
            if u <= f {
                return k;
            }
        }
    }
}

/// Hörmann's BTRS for p ≤ 1/2 and n·p ≥ 10.
#[derive(Clone, Debug, PartialEq)]
struct Btrs {
    n: f64,
    a: f64,
    b: f64,
    c: f64,
    alpha: f64,
    v_r: f64,
    /// p / (1 − p).
    odds: f64,
    /// The mode, ⌊(n + 1)p⌋.
    m: f64,
    /// The terms of ln f(k) − ln f(m) that depend on m only.
    at_mode: f64,
}

impl Btrs {
    fn new(n: u64, p: f64) -> Btrs {
        let n = n as f64;
        let q = 1.0 - p;
        let spq = (n * p * q).sqrt();
        let b = 1.15 + 2.53 * spq;
        let odds = p / q;
        let m = ((n + 1.0) * p).floor();
        Btrs {
            n,
            a: -0.0873 + 0.0248 * b + 0.01 * p,
            b,
            c: n * p + 0.5,
            alpha: (2.83 + 5.1 / b) * spq,
            v_r: 0.92 - 4.2 / b,
            odds,
            m,
            at_mode: (m + 0.5) * ((m + 1.0) / (odds * (n - m + 1.0))).ln()
                + stirling_remainder(m)
                + stirling_remainder(n - m),
        }
    }

    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        let n = self.n;
        loop {
            let u = open_unit(rng) - 0.5;
            let v = open_unit(rng);
            let us = 0.5 - u.abs();
            let k = ((2.0 * self.a / us + self.b) * u + self.c).floor();
            // `floor`, not truncation: a proposal in (−1, 0) is outside and rejected.
            if !(0.0..=n).contains(&k) {
                continue;
            }
            // The squeeze: inside it the proposal is accepted without the exact test.
            if us >= 0.07 && v <= self.v_r {
                return k as u64;
            }
            let v = (v * self.alpha / (self.a / (us * us) + self.b)).ln();
            // ln f(k) − ln f(m), from Stirling's formula with its exact remainder.
            let bound = self.at_mode
                + (n + 1.0) * ((n - self.m + 1.0) / (n - k + 1.0)).ln()
                + (k + 0.5) * (self.odds * (n - k + 1.0) / (k + 1.0)).ln()
                - stirling_remainder(k)
                - stirling_remainder(n - k);
            if v <= bound {
                return k as u64;
            }
        }
    }
}

/// ln k! − [(k + ½) ln(k + 1) − (k + 1) + ½ ln 2π] for whole k ≥ 0, to about 1e−16: the
/// remainder of Stirling's formula for Γ(k + 1).
fn stirling_remainder(k: f64) -> f64 {
    // Computed with 40-digit arithmetic (mpmath's loggamma), written to 20 digits.
    #[allow(clippy::excessive_precision)]
    const SMALL: [f64; 16] = [
        0.081_061_466_795_327_258,
        0.041_340_695_955_409_294,
        0.027_677_925_684_998_339,
        0.020_790_672_103_765_093,
        0.016_644_691_189_821_192,
        0.013_876_128_823_070_748,
        0.011_896_709_945_891_770,
        0.010_411_265_261_972_097,
        0.009_255_462_182_712_733,
        0.008_330_563_433_362_871,
        0.007_573_675_487_951_841,
        0.006_942_840_107_209_530,
        0.006_408_994_188_004_207,
        0.005_951_370_112_758_848,
        0.005_554_733_551_962_801,
        0.005_207_655_919_609_640,
    ];
    if k < SMALL.len() as f64 {
        return SMALL[k as usize];
    }
    // The asymptotic series in 1/(k + 1): five terms leave less than 1e−16 from k = 16 on.
    let x = k + 1.0;
    let x2 = x * x;
    (1.0 / 12.0
        - (1.0 / 360.0 - (1.0 / 1260.0 - (1.0 / 1680.0 - 1.0 / (1188.0 * x2)) / x2) / x2) / x2)
        / x
}

#[cfg(test)]
mod tests_inversion {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn inversion_with_given_logarithms_draws_what_binomial_draws() {
        let mut r1 = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(0);
        for &(n, p) in &[(5u64, 0.3), (40, 0.2), (200, 0.02), (30, 0.9), (12, 0.5)] {
            let b = Binomial::new(n, p).unwrap();
            let mut r1 = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(n);
            let mut r2 = r1.clone();
            for _ in 0..2_000 {
                let got = sample_by_inversion(n, p, p.ln(), (1.0 - p).ln(), &mut r1).unwrap();
                assert_eq!(got, b.sample(&mut r2), "n {n}, p {p}");
            }
        }
        assert!(sample_by_inversion(1000, 0.5, 0.5f64.ln(), 0.5f64.ln(), &mut r1).is_none());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::ln_gamma;

    #[test]
    fn bad_probabilities_are_refused() {
        for p in [-0.1, 1.0000001, f64::NAN, f64::INFINITY] {
            assert!(Binomial::new(5, p).is_err(), "{p}");
        }
    }

    #[test]
    fn the_stirling_remainder_matches_ln_gamma() {
        for k in [0.0, 1.0, 5.0, 15.0, 16.0, 17.0, 30.0, 1e3, 1e6] {
            let direct = ln_gamma(k + 1.0)
                - ((k + 0.5) * (k + 1.0).ln() - (k + 1.0)
                    + 0.5 * (2.0 * std::f64::consts::PI).ln());
            let tol = 1e-13 * ln_gamma(k + 1.0).abs().max(1.0);
            assert!((stirling_remainder(k) - direct).abs() < tol, "{k}");
        }
        // The series and the table meet smoothly (next term of the series < 1e−16).
        // (From k = 16 the series is in k + 1 = 17.)
        let x: f64 = 17.0;
        assert!(691.0 / (360_360.0 * x.powi(11)) < 1e-16);
    }

    #[test]
    fn degenerate_cases_are_constant() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(3);
        use rand::SeedableRng;
        assert_eq!(Binomial::new(0, 0.3).unwrap().sample(&mut rng), 0);
        assert_eq!(Binomial::new(7, 0.0).unwrap().sample(&mut rng), 0);
        assert_eq!(Binomial::new(7, 1.0).unwrap().sample(&mut rng), 7);
    }
}
