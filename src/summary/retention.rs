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
