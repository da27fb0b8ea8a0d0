//! How much of the spread between PSA samples is inner Monte Carlo noise.

use super::{mean, variance};
use serde::Serialize;

/// Share of between-sample variance above which inner noise should be reported as a warning:
/// at 0.1, a tenth of the spread the CEAC and EVPI see is noise from too few inner
/// replications rather than parameter uncertainty.
pub const INNER_NOISE_WARN_SHARE: f64 = 0.1;

/// Inner Monte Carlo noise in one quantity across PSA samples.
///
/// Each sample's value is a mean over R inner replications, so it carries a noise of variance
/// s²/R on top of the parameter uncertainty. That noise widens the spread of net benefit across
/// samples, and spread is what decision uncertainty is measured from: EVPI and EVPPI are biased
/// upward, and the CEAC is pulled towards even odds for strategies whose expected NB is close.
/// When [`InnerNoise::is_large`], run more inner replications (the noise falls as 1/R), or
/// treat EVPI as an upper bound.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct InnerNoise {
    /// Sample variance (n − 1) of the per-sample means across samples.
    pub between_sample_variance: f64,
    /// Mean over samples of the variance of a sample's mean, s²_k / R.
    pub inner_variance_of_mean: f64,
    /// `inner_variance_of_mean / between_sample_variance`: the expected share of the
    /// between-sample variance that is inner noise. It can exceed 1 by chance. 0 when both are
    /// 0; 1 when only the inner variance is positive.
    pub share: f64,
}

impl InnerNoise {
    /// Whether the share exceeds [`INNER_NOISE_WARN_SHARE`].
    pub fn is_large(&self) -> bool {
        self.share > INNER_NOISE_WARN_SHARE
    }
}

/// The inner-noise share of a quantity (e.g. incremental cost, incremental effect or INB at a
/// WTP), from each sample's mean over its inner replications, the within-sample variance s²_k
/// of those replications (n − 1), and the number R of replications per sample:
/// share = mean_k(s²_k / R) / var_k(mean_k). Since var_k(mean_k) estimates the parameter
/// variance plus mean_k(s²_k / R), the share estimates the noise's part of the spread.
///
/// Pairs beyond the shorter slice are ignored; non-finite values are dropped pair-wise;
/// `replications = 0` is taken as 1.
pub fn inner_noise(
    sample_means: &[f64],
    within_variances: &[f64],
    replications: u32,
) -> InnerNoise {
    let (means, within): (Vec<f64>, Vec<f64>) = sample_means
        .iter()
        .zip(within_variances)
        .filter(|(m, v)| m.is_finite() && v.is_finite())
        .map(|(&m, &v)| (m, v.max(0.0)))
        .unzip();
    let between = variance(&means);
    let inner = mean(&within) / f64::from(replications.max(1));
    let share = if between > 0.0 {
        inner / between
    } else if inner > 0.0 {
        1.0
    } else {
        0.0
    };
    InnerNoise {
        between_sample_variance: between,
        inner_variance_of_mean: inner,
        share,
    }
}
