//! Reference functions and random draws for the tests (independent of the code under test).

use rand::{Rng, SeedableRng};
use rand_distr::StandardNormal;
use rand_xoshiro::Xoshiro256PlusPlus;

/// Standard normal density.
pub fn pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// Standard normal distribution function, via the complementary error function of Numerical
/// Recipes (`erfcc`, fractional error below 1.2e-7).
pub fn cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let ans = t * poly.exp();
    if x >= 0.0 {
        ans
    } else {
        2.0 - ans
    }
}

/// EVPI of a two-strategy decision whose INB is N(μ, σ²): the unit normal loss,
/// σ·φ(μ/σ) − |μ|·Φ(−|μ|/σ).
pub fn normal_evpi(mu: f64, sigma: f64) -> f64 {
    sigma * pdf(mu / sigma) - mu.abs() * cdf(-mu.abs() / sigma)
}

/// `n` standard normal draws from a fixed seed.
pub fn normals(seed: u64, n: usize) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..n).map(|_| rng.sample(StandardNormal)).collect()
}

/// `n` uniform(0, 1) draws from a fixed seed.
pub fn uniforms(seed: u64, n: usize) -> Vec<f64> {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    (0..n).map(|_| rng.random::<f64>()).collect()
}

/// Sample standard deviation (n − 1).
pub fn sd(v: &[f64]) -> f64 {
    let m = v.iter().sum::<f64>() / v.len() as f64;
    (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64).sqrt()
}

#[test]
fn reference_functions_match_published_values() {
    // Φ(1.96) = 0.9750021, φ(0) = 0.3989423 (Abramowitz & Stegun, table 26.1).
    assert!((cdf(1.96) - 0.975_002_1).abs() < 1e-6);
    assert!((cdf(-1.96) - 0.024_997_9).abs() < 1e-6);
    assert!((pdf(0.0) - 0.398_942_3).abs() < 1e-7);
    // μ = 0: EVPI = σ φ(0).
    assert!((normal_evpi(0.0, 2.0) - 0.797_884_6).abs() < 1e-6);
}
