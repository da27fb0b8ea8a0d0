//! The summary of one quantity over replications: mean, spread, confidence interval and
//! quantiles (a "Stat" in the output).

use serde::Serialize;

/// A quantity summarised over replications.
///
/// `sd` is the sample standard deviation (n − 1); `ci95` is the normal-approximation 95 %
/// confidence interval of the mean, mean ± 1.96 · sd / √n; the quantiles interpolate linearly
/// between order statistics (type 7, as R's default and numpy's `percentile`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Stat {
    /// Mean over replications.
    pub mean: f64,
    /// Sample standard deviation over replications.
    pub sd: f64,
    /// 95 % confidence interval of the mean.
    pub ci95: [f64; 2],
    /// 5th percentile.
    pub p05: f64,
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
}

impl Stat {
    /// Summarise `values` (one per replication, in replication order). An empty slice gives a
    /// Stat of zeros.
    pub fn of(values: &[f64]) -> Stat {
        let n = values.len();
        if n == 0 {
            return Stat::constant(0.0);
        }
        let mean = values.iter().sum::<f64>() / n as f64;
        let sd = if n > 1 {
            let ss: f64 = values.iter().map(|x| (x - mean) * (x - mean)).sum();
            (ss / (n - 1) as f64).sqrt()
        } else {
            0.0
        };
        let half = 1.96 * sd / (n as f64).sqrt();
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        Stat {
            mean,
            sd,
            ci95: [mean - half, mean + half],
            p05: quantile(&sorted, 0.05),
            p50: quantile(&sorted, 0.50),
            p95: quantile(&sorted, 0.95),
        }
    }

    /// The same figures for every value multiplied by `k ≥ 0` (e.g. 12 for per year from per
    /// month).
    pub fn scaled(&self, k: f64) -> Stat {
        Stat {
            mean: self.mean * k,
            sd: self.sd * k,
            ci95: [self.ci95[0] * k, self.ci95[1] * k],
            p05: self.p05 * k,
            p50: self.p50 * k,
            p95: self.p95 * k,
        }
    }

    /// Summarise integer counts.
    pub fn of_counts<I: IntoIterator<Item = u64>>(values: I) -> Stat {
        let v: Vec<f64> = values.into_iter().map(|x| x as f64).collect();
        Stat::of(&v)
    }

    /// A quantity that is the same in every replication.
    pub fn constant(x: f64) -> Stat {
        Stat {
            mean: x,
            sd: 0.0,
            ci95: [x, x],
            p05: x,
            p50: x,
            p95: x,
        }
    }

    /// Standard error of the mean (sd / √n) for `n` replications.
    pub fn standard_error(&self, n: usize) -> f64 {
        self.sd / (n.max(1) as f64).sqrt()
    }
}

/// Quantile `q` of sorted values, linear interpolation (type 7).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_numpy_reference_values() {
        // numpy: mean 5.5, std(ddof=1) 3.0276503540974917,
        // percentile([5, 50, 95]) = 1.45, 5.5, 9.55
        let v: Vec<f64> = (1..=10).map(|x| x as f64).collect();
        let s = Stat::of(&v);
        assert_eq!(s.mean, 5.5);
        assert!((s.sd - 3.0276503540974917).abs() < 1e-12);
        assert!((s.p05 - 1.45).abs() < 1e-12);
        assert_eq!(s.p50, 5.5);
        assert!((s.p95 - 9.55).abs() < 1e-12);
        let half = 1.96 * s.sd / 10f64.sqrt();
        assert!((s.ci95[0] - (5.5 - half)).abs() < 1e-12);
    }

    #[test]
    fn single_and_empty() {
        assert_eq!(Stat::of(&[3.0]), Stat::constant(3.0));
        assert_eq!(Stat::of(&[]), Stat::constant(0.0));
    }
}
