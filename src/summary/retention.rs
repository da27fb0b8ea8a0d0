//! Retention pooled over replications: the share of all stays that could be followed k months
//! that lasted k months, with an interval that treats replications as clusters of stays.
//!
//! # Why pooled
//! A replication of a small program has few qualifying stays, and the mean of per-replication
//! shares weighs a replication with 2 stays like one with 40: it estimates the mean of a ratio,
//! not the ratio of the two totals, and runs a point or two high where most stays last. The
//! pooled share `R = Σ lasted ÷ Σ qualifying` is the share of stays, as the reports count it
//! (docs/sources.md §6: "80 % still in their flat two years after moving in").
//!
//! # The interval
//! Stays in one replication are not independent (they compete for the same units), but
//! replications are: each is a cluster. The interval is the ratio estimator's (the delta method
//! over clusters): with `d_i = lasted_i − R · qualifying_i` over the m replications,
//! `se(R) = √(m ÷ (m − 1) · Σ d_i²) ÷ Σ qualifying`, and `R ± 1.96 · se`. Where this interval
//! degenerates — one replication, or every stay lasted (or none did), so every `d_i` is 0 —
//! the Wilson score interval of the pooled stays still reflects that a finite number of stays
//! was seen; the interval reported is the union of the two, clamped to [0, 1]. With many
//! replications the cluster interval is the wider one whenever the share is away from 0 and 1.
//!
//! `sd` and the percentiles describe single replications: they are the spread of the share in
//! the replications that have a qualifying stay (what one simulated history may show).
//!
//! # Paired differences
//! Two scenarios run with the same seed pair replication i with replication i. The difference
//! of their pooled shares `D = R_b − R_a` is linearised the same way, one term per pair:
//! `e_i = (lasted_bi − R_b · qualifying_bi) ÷ Σ qualifying_b − (lasted_ai − R_a ·
//! qualifying_ai) ÷ Σ qualifying_a`, `se(D) = √(m ÷ (m − 1) · Σ e_i²)`, and `D ± 1.96 · se`
//! clamped to [−1, 1]. A pair whose stays are the same on both sides adds nothing to it, as
//! common random numbers intend. With one replication there is no interval (it is the point).
//! `sd` and the percentiles are the spread of the per-replication share differences in the
//! pairs where both sides have a qualifying stay.

use crate::engine::RetentionCounts;
use crate::stat::Stat;

/// z for a two-sided 95 % interval.
const Z95: f64 = 1.96;

/// The pooled retention of the `i`-th retention horizon over `counts` (one per replication),
/// or `None` where no stay qualifies in any replication.
pub fn pooled(counts: &[RetentionCounts], i: usize) -> Option<Stat> {
    let pairs: Vec<(f64, f64)> = counts
        .iter()
        .map(|c| (c.lasted[i] as f64, c.qualifying[i] as f64))
        .collect();
    pooled_share(&pairs)
}

/// The pooled share of `(lasted, qualifying)` pairs, one per replication (see the module
/// docs); `None` when nothing qualifies.
pub fn pooled_share(pairs: &[(f64, f64)]) -> Option<Stat> {
    let lasted: f64 = pairs.iter().map(|p| p.0).sum();
    let qualifying: f64 = pairs.iter().map(|p| p.1).sum();
    if qualifying <= 0.0 {
        return None;
    }
    let r = lasted / qualifying;
    let wilson = wilson(lasted, qualifying);
    let ci95 = match cluster_se(pairs, r, qualifying) {
        Some(se) => [
            (r - Z95 * se).min(wilson[0]).max(0.0),
            (r + Z95 * se).max(wilson[1]).min(1.0),
        ],
        None => wilson,
    };
    let shares: Vec<f64> = pairs
        .iter()
        .filter(|p| p.1 > 0.0)
        .map(|p| p.0 / p.1)
        .collect();
    let spread = Stat::of(&shares);
    Some(Stat {
        mean: r,
        ci95,
        ..spread
    })
}

/// The difference `this − base` of the pooled retention of the `i`-th retention horizon, the
/// replications paired in order (see the module docs); `None` where no stay qualifies on
/// either side.
pub fn pooled_difference(
    base: &[RetentionCounts],
    this: &[RetentionCounts],
    i: usize,
) -> Option<Stat> {
    let pairs = |c: &[RetentionCounts]| -> Vec<(f64, f64)> {
        c.iter()
            .map(|c| (c.lasted[i] as f64, c.qualifying[i] as f64))
            .collect()
    };
    paired_share_difference(&pairs(base), &pairs(this))
}

/// The difference of two pooled shares of `(lasted, qualifying)` pairs paired by replication
/// (`this − base`); `None` when nothing qualifies on either side.
pub fn paired_share_difference(base: &[(f64, f64)], this: &[(f64, f64)]) -> Option<Stat> {
    let m = base.len().min(this.len());
    let (base, this) = (&base[..m], &this[..m]);
    let totals = |p: &[(f64, f64)]| -> (f64, f64) {
        p.iter().fold((0.0, 0.0), |(y, n), q| (y + q.0, n + q.1))
    };
    let ((ya, na), (yb, nb)) = (totals(base), totals(this));
    if na <= 0.0 || nb <= 0.0 {
        return None;
    }
    let (ra, rb) = (ya / na, yb / nb);
    let d = rb - ra;
    let ci95 = if m < 2 {
        [d, d]
    } else {
        let ss: f64 = base
            .iter()
            .zip(this)
            .map(|(a, b)| ((b.0 - rb * b.1) / nb - (a.0 - ra * a.1) / na).powi(2))
            .sum();
        let se = (m as f64 / (m as f64 - 1.0) * ss).sqrt();
        [(d - Z95 * se).max(-1.0), (d + Z95 * se).min(1.0)]
    };
    let shares: Vec<f64> = base
        .iter()
        .zip(this)
        .filter(|(a, b)| a.1 > 0.0 && b.1 > 0.0)
        .map(|(a, b)| b.0 / b.1 - a.0 / a.1)
        .collect();
    let spread = if shares.is_empty() {
        Stat::constant(d)
    } else {
        Stat::of(&shares)
    };
    Some(Stat {
        mean: d,
        ci95,
        ..spread
    })
}

/// The cluster (ratio-estimator) standard error of `r`; `None` with fewer than two clusters.
fn cluster_se(pairs: &[(f64, f64)], r: f64, qualifying: f64) -> Option<f64> {
    let m = pairs.len() as f64;
    if pairs.len() < 2 {
        return None;
    }
    let ss: f64 = pairs.iter().map(|(y, n)| (y - r * n).powi(2)).sum();
    Some((m / (m - 1.0) * ss).sqrt() / qualifying)
}

/// The Wilson score interval of `successes` in `trials` (trials > 0).
fn wilson(successes: f64, trials: f64) -> [f64; 2] {
    let p = successes / trials;
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * trials)) / (1.0 + z2 / trials);
    let half =
        Z95 / (1.0 + z2 / trials) * (p * (1.0 - p) / trials + z2 / (4.0 * trials * trials)).sqrt();
    [(centre - half).max(0.0), (centre + half).min(1.0)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_share_is_pooled_not_averaged() {
        // 1 of 1 and 10 of 20: pooled 11/21, where the mean of shares would be 0.75.
        let s = pooled_share(&[(1.0, 1.0), (10.0, 20.0)]).unwrap();
        assert!((s.mean - 11.0 / 21.0).abs() < 1e-15);
        assert!((s.p50 - 0.75).abs() < 1e-15);
        assert_eq!(pooled_share(&[(0.0, 0.0), (0.0, 0.0)]), None);
    }

    #[test]
    fn wilson_matches_a_reference() {
        // R: prop.test(8, 10, correct = FALSE)$conf.int → 0.4901625 0.9433178
        // (R's prop.test uses qnorm(0.975) = 1.959964; with 1.96 the limits move by < 1e-5.)
        let [lo, hi] = wilson(8.0, 10.0);
        assert!((lo - 0.4901625).abs() < 2e-5, "{lo}");
        assert!((hi - 0.9433178).abs() < 2e-5, "{hi}");
    }

    #[test]
    fn the_cluster_interval_follows_the_ratio_estimator() {
        // Three replications: 8/10, 5/10, 9/10 → R = 22/30; d = (0.667, −2.333, 1.667),
        // Σd² = 8.6667, se = √(3/2 · 8.6667) / 30 = 0.120185.
        let pairs = [(8.0, 10.0), (5.0, 10.0), (9.0, 10.0)];
        let s = pooled_share(&pairs).unwrap();
        let se = (1.5f64 * 26.0 / 3.0).sqrt() / 30.0;
        assert!((se - 0.120185).abs() < 1e-6);
        assert!((s.ci95[0] - (22.0 / 30.0 - 1.96 * se)).abs() < 1e-12);
        assert!((s.ci95[1] - (22.0 / 30.0 + 1.96 * se)).abs() < 1e-12);
    }

    #[test]
    fn the_paired_difference_is_the_difference_of_pooled_shares() {
        // Base 8/10, 5/10 (R_a = 13/20); this 9/10, 7/10 (R_b = 16/20): D = 0.15.
        // e_1 = (9 − 0.8·10)/20 − (8 − 0.65·10)/20 = (1 − 1.5)/20 = −0.025,
        // e_2 = (7 − 8)/20 − (5 − 6.5)/20 = 0.025; se = √(2 · 0.00125) = 0.05.
        let base = [(8.0, 10.0), (5.0, 10.0)];
        let this = [(9.0, 10.0), (7.0, 10.0)];
        let s = paired_share_difference(&base, &this).unwrap();
        assert!((s.mean - 0.15).abs() < 1e-15);
        assert!((s.ci95[0] - (0.15 - 1.96 * 0.05)).abs() < 1e-12);
        assert!((s.ci95[1] - (0.15 + 1.96 * 0.05)).abs() < 1e-12);
        // The per-replication differences are 0.1 and 0.2.
        assert!((s.p50 - 0.15).abs() < 1e-15);
        // The same stays on both sides: exactly no difference and no interval.
        let same = paired_share_difference(&base, &base).unwrap();
        assert_eq!((same.mean, same.ci95, same.sd), (0.0, [0.0, 0.0], 0.0));
        assert_eq!(paired_share_difference(&[(0.0, 0.0)], &this), None);
    }

    #[test]
    fn a_degenerate_cluster_interval_falls_back_to_wilson() {
        // Every stay lasted: the clusters show no spread, but 20 stays are not certainty.
        let s = pooled_share(&[(10.0, 10.0), (10.0, 10.0)]).unwrap();
        assert_eq!(s.mean, 1.0);
        assert_eq!(s.ci95, wilson(20.0, 20.0));
        assert!(s.ci95[0] < 0.9 && s.ci95[1] == 1.0);
        let one = pooled_share(&[(3.0, 4.0)]).unwrap();
        assert_eq!(one.ci95, wilson(3.0, 4.0));
    }
}
