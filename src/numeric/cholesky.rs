//! The Cholesky factor of a symmetric matrix, which exists exactly when the matrix is
//! positive definite.

/// Smallest pivot accepted: a matrix whose pivots fall below this is treated as singular,
/// since a copula built from it would be numerically degenerate.
const MIN_PIVOT: f64 = 1e-10;

/// The lower-triangular `L` with `L Lᵀ = m` (row-major, `n × n`), or `None` when `m` is not
/// positive definite (or holds a number that is not finite).
pub(crate) fn cholesky(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let above: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            let x = m.get(i)?.get(j).copied()? - above;
            if i == j {
                if x.is_nan() || x <= MIN_PIVOT {
                    return None;
                }
                l[i][j] = x.sqrt();
            } else {
                l[i][j] = x / l[j][j];
            }
            if !l[i][j].is_finite() {
                return None;
            }
        }
    }
    Some(l)
}

/// The `n × n` correlation matrix with ones on the diagonal and `rho` at each pair `(i, j)`
/// (indices below `n`; others are ignored).
pub(crate) fn correlation_matrix(n: usize, pairs: &[(usize, usize, f64)]) -> Vec<Vec<f64>> {
    let mut m = vec![vec![0.0; n]; n];
    for (i, row) in m.iter_mut().enumerate() {
        row[i] = 1.0;
    }
    for &(i, j, rho) in pairs {
        if i < n && j < n {
            m[i][j] = rho;
            m[j][i] = rho;
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_a_correlation_matrix() {
        // [[1, .5], [.5, 1]] = L Lᵀ with L = [[1, 0], [.5, √.75]].
        let l = cholesky(&[vec![1.0, 0.5], vec![0.5, 1.0]]).unwrap();
        assert_eq!(l[0], vec![1.0, 0.0]);
        assert_eq!(l[1][0], 0.5);
        assert!((l[1][1] - 0.75f64.sqrt()).abs() < 1e-15);
    }

    #[test]
    fn refuses_matrices_that_are_not_positive_definite() {
        // Pairwise correlations 0.9, 0.9 and −0.9 cannot hold together.
        let m = vec![
            vec![1.0, 0.9, 0.9],
            vec![0.9, 1.0, -0.9],
            vec![0.9, -0.9, 1.0],
        ];
        assert!(cholesky(&m).is_none());
        assert!(cholesky(&[vec![1.0, 1.0], vec![1.0, 1.0]]).is_none());
        assert!(cholesky(&[vec![f64::NAN]]).is_none());
        assert_eq!(cholesky(&[]), Some(vec![]));
    }
}
