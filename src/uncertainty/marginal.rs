//! One distribution at a time: its mean and sd, its quantiles, and independent draws.

use crate::numeric::{beta_quantile, gamma_quantile, normal_quantile};
use crate::scenario::{Distribution, Moments, Triangle};
use rand::Rng;
use rand_distr::Distribution as _;

/// μ and σ of the logarithm of a lognormal variable with mean `m` and sd `s`.
fn lognormal_log_moments(m: &Moments) -> (f64, f64) {
    let sigma2 = (m.sd / m.mean).powi(2).ln_1p();
    (m.mean.ln() - 0.5 * sigma2, sigma2.sqrt())
}

/// Shape and scale of a gamma with these moments.
fn gamma_shape_scale(m: &Moments) -> (f64, f64) {
    ((m.mean / m.sd).powi(2), m.sd * m.sd / m.mean)
}

/// α and β of a beta with these moments (method of moments).
pub(crate) fn beta_shapes(m: &Moments) -> (f64, f64) {
    let c = m.mean * (1.0 - m.mean) / (m.sd * m.sd) - 1.0;
    (m.mean * c, (1.0 - m.mean) * c)
}

/// Mean and sd of a scalar distribution (a dirichlet gives NaN: see [`component`]).
pub(crate) fn mean_sd(d: &Distribution) -> (f64, f64) {
    match d {
        Distribution::Fixed(x) => (*x, 0.0),
        Distribution::Normal(m)
        | Distribution::Lognormal(m)
        | Distribution::Gamma(m)
        | Distribution::Beta(m) => (m.mean, m.sd),
        Distribution::Uniform(r) => (0.5 * (r.low + r.high), (r.high - r.low) / 12f64.sqrt()),
        Distribution::Triangular(t) => triangular_mean_sd(t),
        Distribution::Dirichlet(_) => (f64::NAN, f64::NAN),
    }
}

fn triangular_mean_sd(t: &Triangle) -> (f64, f64) {
    let (a, b, c) = (t.low, t.high, t.mode);
    let var = (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
    ((a + b + c) / 3.0, var.sqrt())
}

/// The `p` quantile of a scalar distribution (closed forms, or the special functions).
pub(crate) fn quantile(d: &Distribution, p: f64) -> f64 {
    match d {
        Distribution::Fixed(x) => *x,
        Distribution::Normal(m) => m.mean + m.sd * normal_quantile(p),
        Distribution::Lognormal(m) => {
            let (mu, sigma) = lognormal_log_moments(m);
            (mu + sigma * normal_quantile(p)).exp()
        }
        Distribution::Gamma(m) => {
            let (shape, scale) = gamma_shape_scale(m);
            scale * gamma_quantile(shape, p)
        }
        Distribution::Beta(m) => {
            let (a, b) = beta_shapes(m);
            beta_quantile(a, b, p)
        }
        Distribution::Uniform(r) => r.low + p * (r.high - r.low),
        Distribution::Triangular(t) => triangular_quantile(t, p),
        Distribution::Dirichlet(_) => f64::NAN,
    }
}

fn triangular_quantile(t: &Triangle, p: f64) -> f64 {
    let (a, b, c) = (t.low, t.high, t.mode);
    if p < (c - a) / (b - a) {
        a + (p * (b - a) * (c - a)).sqrt()
    } else {
        b - ((1.0 - p) * (b - a) * (b - c)).sqrt()
    }
}

/// One independent draw of a scalar distribution with `rand_distr`'s samplers (fixed draws
/// nothing). Parameters are checked with the scenario; an impossible one gives NaN.
pub(crate) fn sample<R: Rng + ?Sized>(d: &Distribution, rng: &mut R) -> f64 {
    use rand_distr::{Beta, Gamma, LogNormal, Normal, Triangular};
    fn nan<E>(_: E) -> f64 {
        f64::NAN
    }
    match d {
        Distribution::Fixed(x) => *x,
        Distribution::Normal(m) => Normal::new(m.mean, m.sd).map_or_else(nan, |n| n.sample(rng)),
        Distribution::Lognormal(m) => {
            let (mu, sigma) = lognormal_log_moments(m);
            LogNormal::new(mu, sigma).map_or_else(nan, |n| n.sample(rng))
        }
        Distribution::Gamma(m) => {
            let (shape, scale) = gamma_shape_scale(m);
            Gamma::new(shape, scale).map_or_else(nan, |g| g.sample(rng))
        }
        Distribution::Beta(m) => {
            let (a, b) = beta_shapes(m);
            Beta::new(a, b).map_or_else(nan, |g| g.sample(rng))
        }
        Distribution::Uniform(r) => {
            rand::distr::Uniform::new(r.low, r.high).map_or_else(nan, |u| u.sample(rng))
        }
        Distribution::Triangular(t) => {
            Triangular::new(t.low, t.high, t.mode).map_or_else(nan, |g| g.sample(rng))
        }
        Distribution::Dirichlet(_) => f64::NAN,
    }
}

/// One draw of a dirichlet with weights `alpha` (in key order), by stick-breaking: component
/// i is the share Beta(αᵢ, αᵢ₊₁ + … + αₙ) of what the earlier components left, the last
/// takes the rest. This is exact, and unlike normalising gamma draws it cannot underflow to
/// 0/0 for small weights.
pub(crate) fn sample_dirichlet<R: Rng + ?Sized>(alpha: &[f64], rng: &mut R) -> Vec<f64> {
    let mut later: Vec<f64> = alpha
        .iter()
        .rev()
        .scan(0.0, |sum, a| {
            let before = *sum;
            *sum += a;
            Some(before)
        })
        .collect();
    later.reverse();
    let mut left = 1.0;
    let mut out = Vec::with_capacity(alpha.len());
    for (i, (a, rest)) in alpha.iter().zip(&later).enumerate() {
        if i + 1 == alpha.len() {
            out.push(left);
            break;
        }
        let share = rand_distr::Beta::new(*a, *rest).map_or(f64::NAN, |b| b.sample(rng));
        let x = left * share;
        out.push(x);
        left -= x;
    }
    out
}

/// The marginal of component `i` of a dirichlet with weights `alpha`: Beta(αᵢ, α₀ − αᵢ), as
/// (mean, sd, α, β).
pub(crate) fn component(alpha: &[f64], i: usize) -> (f64, f64, f64, f64) {
    let a0: f64 = alpha.iter().sum();
    let a = alpha.get(i).copied().unwrap_or(f64::NAN);
    let b = a0 - a;
    let sd = (a * b / (a0 * a0 * (a0 + 1.0))).sqrt();
    (a / a0, sd, a, b)
}
