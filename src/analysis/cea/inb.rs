//! Incremental net benefit against the reference strategy.

use super::{mean, variance, Samples};
use serde::Serialize;

/// The incremental net benefit of one strategy against the reference at one willingness to
/// pay, summarised over the PSA samples.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InbPoint {
    /// Willingness to pay, NOK per unit of effect.
    pub wtp: f64,
    /// The strategy compared with the reference.
    pub strategy: String,
    /// Mean INB (NOK).
    pub mean: f64,
    /// Sample standard deviation of the INB over samples (n − 1).
    pub sd: f64,
    /// 2.5th percentile (linear interpolation between order statistics, R's type 7).
    pub p025: f64,
    /// 97.5th percentile (type 7).
    pub p975: f64,
    /// Share of samples with INB > 0 (strictly).
    pub probability_positive: f64,
}

/// INB = NB(strategy) − NB(reference) = λ·Δeffect − Δcost, sample by sample, for every
/// non-reference strategy at every finite `wtp` (non-finite ones are skipped); WTP-major
/// order, strategies in order within each WTP. Empty when there is only the reference.
pub fn incremental_net_benefit(samples: &Samples, wtp: &[f64]) -> Vec<InbPoint> {
    let mut out = Vec::new();
    for &w in wtp.iter().filter(|w| w.is_finite()) {
        for d in 1..samples.n_strategies() {
            let inb: Vec<f64> = (0..samples.n_samples())
                .map(|s| samples.nb(d, s, w) - samples.nb(0, s, w))
                .collect();
            out.push(summarise(w, &samples.strategies()[d], inb));
        }
    }
    out
}

/// Summarise one strategy's INB at one WTP.
fn summarise(wtp: f64, strategy: &str, mut inb: Vec<f64>) -> InbPoint {
    let positive = inb.iter().filter(|&&x| x > 0.0).count();
    let (m, sd) = (mean(&inb), variance(&inb).sqrt());
    inb.sort_by(f64::total_cmp);
    InbPoint {
        wtp,
        strategy: strategy.to_string(),
        mean: m,
        sd,
        p025: quantile(&inb, 0.025),
        p975: quantile(&inb, 0.975),
        probability_positive: positive as f64 / inb.len().max(1) as f64,
    }
}

/// Quantile `q` of sorted values by linear interpolation (type 7); 0 for an empty slice.
pub(super) fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}
