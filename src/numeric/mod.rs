//! Numerical helpers shared by the scenario checks and the parameter sampler: special
//! functions (the normal, gamma and beta distribution functions and their inverses) and the
//! Cholesky factor of a correlation matrix. Written here rather than taken from a crate so
//! that the crate keeps one version of `rand` and no linear-algebra dependency.

mod cholesky;
mod special;

pub(crate) use cholesky::{cholesky, correlation_matrix};
#[cfg(test)]
pub(crate) use special::ln_gamma;
pub(crate) use special::{beta_quantile, gamma_quantile, normal_cdf, normal_quantile};
