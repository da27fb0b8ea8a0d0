//! The regression behind EVPPI: a basis of the parameters of interest and least squares.
//!
//! Basis (after Strong, Oakley & Brennan 2014, who fit generalised additive models): each
//! non-constant input is standardised, then enters as a restricted (natural) cubic spline
//! with K knots at Harrell's quantiles (Harrell 2015, *Regression Modeling Strategies*, 2nd
//! ed., §2.4.5–2.4.6: cubic between knots, linear beyond the outer ones, K − 1 columns); with
//! several inputs, the pairwise products of the standardised inputs are added (linear-by-linear
//! interactions). K is 5, or 4 or 3 when the samples are too few for 5; with m inputs the basis
//! has 1 + m·(K − 1) + m(m − 1)/2 coefficients. A group too large for that basis at ten
//! samples per coefficient drops the products (an additive model, 1 + m·(K − 1)), then the
//! spline terms (a linear model, 1 + m): fewer terms can only under-fit, so the EVPPI of a
//! large group from a reduced basis is, up to noise, a lower bound. Every column but the intercept is centred and
//! scaled, and the coefficients solve the normal equations with a tiny ridge (10⁻⁹ of the
//! diagonal, far below the noise) by Cholesky.

use super::inb::quantile;
use super::CeaError;

/// Fewest PSA samples per regression coefficient EVPPI accepts (the usual rule of thumb of ten
/// observations per coefficient; Harrell 2015, §4.4). Overfitting inflates EVPPI by roughly
/// (coefficients / samples) × the residual variance, so more is better.
pub const MIN_SAMPLES_PER_COEFFICIENT: usize = 10;

/// Knot quantiles for K = 3, 4, 5 (Harrell 2015, table 2.3).
const KNOT_QUANTILES: [&[f64]; 3] = [
    &[0.10, 0.50, 0.90],
    &[0.05, 0.35, 0.65, 0.95],
    &[0.05, 0.275, 0.50, 0.725, 0.95],
];

/// Relative ridge added to the diagonal of XᵀX.
const RIDGE: f64 = 1e-9;

/// A design matrix, column by column (the first column is the intercept).
pub(super) struct Design {
    columns: Vec<Vec<f64>>,
    rows: usize,
}

/// The basis of `inputs` (one column per parameter, all of the same length, finite).
pub(super) fn design(inputs: &[&[f64]]) -> Result<Design, CeaError> {
    let rows = inputs.first().map_or(0, |c| c.len());
    let z: Vec<Vec<f64>> = inputs.iter().filter_map(|c| standardised(c)).collect();
    let m = z.len();
    let Some((knots, pairs)) = richest_basis(m, rows) else {
        let linear = 1 + m;
        return Err(CeaError::TooFewSamplesForBasis {
            samples: rows,
            inputs: m,
            coefficients: linear,
            needed: linear * MIN_SAMPLES_PER_COEFFICIENT,
        });
    };
    let mut columns = vec![vec![1.0; rows]];
    for zi in &z {
        columns.push(zi.clone());
        if knots > 2 {
            columns.extend(spline_terms(zi, knots));
        }
    }
    for i in 0..m * usize::from(pairs) {
        for j in i + 1..m {
            columns.push(z[i].iter().zip(&z[j]).map(|(a, b)| a * b).collect());
        }
    }
    let columns = std::iter::once(vec![1.0; rows])
        .chain(columns.into_iter().skip(1).filter_map(|c| standardised(&c)))
        .collect();
    Ok(Design { columns, rows })
}

/// The richest basis `rows` samples support for `m` inputs, as (knots, pairwise products):
/// splines with 5, 4 or 3 knots and pairwise products; else (large groups) splines without
/// products; else linear terms alone (knots = 2 stands for "no spline terms"). `None` when
/// even the linear basis needs more samples. Dropping terms can only lower the fitted
/// expectation's spread, so EVPPI from a reduced basis is, up to noise, a lower bound.
fn richest_basis(m: usize, rows: usize) -> Option<(usize, bool)> {
    if m == 0 {
        return Some((0, false));
    }
    let fits = |coefficients: usize| coefficients * MIN_SAMPLES_PER_COEFFICIENT <= rows;
    let with_pairs = |k: usize| 1 + m * (k - 1) + m * (m - 1) / 2;
    let additive = |k: usize| 1 + m * (k - 1);
    let options = (3..=5)
        .rev()
        .map(|k| (k, true, with_pairs(k)))
        .chain((2..=5).rev().map(|k| (k, false, additive(k))));
    options
        .filter(|&(_, _, c)| fits(c))
        .map(|(k, pairs, _)| (k, pairs))
        .next()
}

/// `(x − mean) / sd`, or `None` for a (numerically) constant column.
fn standardised(x: &[f64]) -> Option<Vec<f64>> {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let sd = (x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n).sqrt();
    let scale = x.iter().fold(0.0_f64, |a, v| a.max(v.abs()));
    (sd > 1e-12 * scale && sd.is_finite()).then(|| x.iter().map(|v| (v - m) / sd).collect())
}

/// The K − 2 nonlinear columns of a restricted cubic spline of `x` with `k` knots at Harrell's
/// quantiles; fewer when knots coincide (fewer than three distinct knots give none).
fn spline_terms(x: &[f64], k: usize) -> Vec<Vec<f64>> {
    let Some(q) = k.checked_sub(3).and_then(|i| KNOT_QUANTILES.get(i)) else {
        return Vec::new();
    };
    let mut sorted = x.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut t: Vec<f64> = q.iter().map(|&p| quantile(&sorted, p)).collect();
    t.dedup_by(|a, b| (*a - *b).abs() <= 1e-9);
    if t.len() < 3 {
        return Vec::new();
    }
    (0..t.len() - 2)
        .map(|j| x.iter().map(|&v| rcs(v, &t, j)).collect())
        .collect()
}

/// Harrell's restricted cubic spline term `j` at `x` for knots `t` (ascending, ≥ 3).
fn rcs(x: f64, t: &[f64], j: usize) -> f64 {
    let k = t.len();
    let cube = |u: f64| u.max(0.0).powi(3);
    let (tl, tk) = (t[k - 2], t[k - 1]);
    let span = tk - tl;
    (cube(x - t[j]) - cube(x - tl) * (tk - t[j]) / span + cube(x - tk) * (tl - t[j]) / span)
        / (tk - t[0]).powi(2)
}

impl Design {
    /// Whether every input was constant (the basis is the intercept alone).
    pub(super) fn is_intercept_only(&self) -> bool {
        self.columns.len() == 1
    }

    /// Least-squares fitted values of each response (each of length `rows`).
    pub(super) fn fitted(&self, responses: &[Vec<f64>]) -> Vec<Vec<f64>> {
        let chol = self.cholesky();
        responses
            .iter()
            .map(|y| match &chol {
                Some(l) => self.predict(&solve(l, &self.xt(y))),
                None => vec![super::mean(y); self.rows],
            })
            .collect()
    }

    /// Xᵀy.
    fn xt(&self, y: &[f64]) -> Vec<f64> {
        self.columns.iter().map(|c| dot(c, y)).collect()
    }

    /// Xβ.
    fn predict(&self, beta: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.rows];
        for (c, b) in self.columns.iter().zip(beta) {
            for (o, x) in out.iter_mut().zip(c) {
                *o += b * x;
            }
        }
        out
    }

    /// Lower Cholesky factor of XᵀX + ridge, row-major; `None` if not positive definite.
    fn cholesky(&self) -> Option<Vec<Vec<f64>>> {
        let p = self.columns.len();
        let mut a: Vec<Vec<f64>> = (0..p)
            .map(|i| {
                (0..p)
                    .map(|j| dot(&self.columns[i], &self.columns[j]))
                    .collect()
            })
            .collect();
        for (i, row) in a.iter_mut().enumerate() {
            row[i] *= 1.0 + RIDGE;
            row[i] += RIDGE;
        }
        for j in 0..p {
            let d = a[j][j] - (0..j).map(|k| a[j][k] * a[j][k]).sum::<f64>();
            if d.is_nan() || d <= 0.0 {
                return None;
            }
            a[j][j] = d.sqrt();
            for i in j + 1..p {
                let s = a[i][j] - (0..j).map(|k| a[i][k] * a[j][k]).sum::<f64>();
                a[i][j] = s / a[j][j];
            }
        }
        Some(a)
    }
}

/// Solve L Lᵀ β = b for the lower factor `l`.
fn solve(l: &[Vec<f64>], b: &[f64]) -> Vec<f64> {
    let p = b.len();
    let mut y = vec![0.0; p];
    for i in 0..p {
        y[i] = (b[i] - (0..i).map(|k| l[i][k] * y[k]).sum::<f64>()) / l[i][i];
    }
    for i in (0..p).rev() {
        y[i] = (y[i] - (i + 1..p).map(|k| l[k][i] * y[k]).sum::<f64>()) / l[i][i];
    }
    y
}

/// Dot product.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
