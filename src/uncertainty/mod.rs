//! Uncertain parameters: the union of the scenarios' `uncertainty` sections, their draws, and
//! the scenarios with drawn values set (probabilistic and one-way sensitivity analysis).
//!
//! # Method
//! A [`ParameterSet`] collects the parameters of one or more scenario files by name, in order
//! of first appearance; a name declared in several files is one parameter, drawn once per
//! sample and set in each file that declares it (its distribution must be the same in each).
//!
//! Sample k under seed s is drawn from a stream of its own, [`parameter_rng`]`(s, k)`, so a
//! sample does not depend on which others are drawn or on threads. Within a sample the order
//! is fixed:
//! 1. the correlated parameters, in set order: one standard normal each (z ~ N(0, I)), then
//!    x = L z with L the Cholesky factor of the correlation matrix, u = Φ(x), and each value is
//!    its distribution's quantile at u (a Gaussian copula: the rank correlation of a pair is
//!    (6/π)·asin(ρ/2), whatever the margins);
//! 2. every other parameter, in set order, with `rand_distr`'s samplers: `normal`;
//!    `lognormal` with μ, σ of the logarithm from the variable's own moments
//!    (σ² = ln(1 + sd²/mean²), μ = ln mean − σ²/2); `gamma` with shape mean²/sd² and scale
//!    sd²/mean; `beta` by the method of moments (α = m·c, β = (1 − m)·c,
//!    c = m(1 − m)/sd² − 1); `uniform`; `triangular`; `dirichlet` by stick-breaking over its
//!    keys in alphabetical order (a Beta draw per key but the last). `fixed` draws nothing.
//!
//! The mean, sd and 2.5th and 97.5th percentiles of each distribution are analytic
//! ([`ParameterSet::summaries`]); a dirichlet's component i has the marginal
//! Beta(αᵢ, α₀ − αᵢ). One-way sensitivity analysis ([`ParameterSet::at`]) puts one parameter
//! at its low or high value and the others at their means; a dirichlet moves its `stay`
//! component to the low or high value and scales the other components in proportion to
//! their means, so that the row still sums to 1.
//!
//! [`ParameterSet::apply`] writes a draw into a scenario through its JSON form; the scenario
//! is then checked by [`Model::new`] as any other ([`ParameterSet::model`] does both and
//! explains a sample the model refuses).

mod apply;
mod draw;
mod marginal;
mod union;

pub use draw::{parameter_rng, Draw, DrawnValue, Side};

use crate::model::Model;
use crate::scenario::{Distribution, Scenario, ScenarioError};
use serde::Serialize;

/// The uncertain parameters of one or more scenarios, ready to be drawn.
#[derive(Clone, Debug)]
pub struct ParameterSet {
    parameters: Vec<Parameter>,
    /// Indices of the correlated parameters, in set order.
    correlated: Vec<usize>,
    /// The Cholesky factor of their correlation matrix.
    factor: Vec<Vec<f64>>,
    /// Each scenario with where its parameters go.
    prepared: Vec<apply::Prepared>,
}

/// One parameter of the set.
#[derive(Clone, Debug, PartialEq)]
struct Parameter {
    name: String,
    /// The path in the first file that declares it.
    path: String,
    distribution: Distribution,
    low: Option<f64>,
    high: Option<f64>,
    /// A dirichlet's keys and weights, in key order (empty for a scalar).
    alpha: Vec<(String, f64)>,
}

/// Mean, sd and central 95 % interval of a parameter (or of one component of a dirichlet),
/// computed from its distribution.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParameterSummary {
    /// The parameter's name, or `name.destination` for a component of a dirichlet.
    pub name: String,
    /// Its field path in the first file that declares it.
    pub path: String,
    /// Its distribution as the file gives it (a dirichlet's whole distribution for each
    /// component).
    pub distribution: Distribution,
    /// The mean.
    pub mean: f64,
    /// The standard deviation (0 for a fixed value).
    pub sd: f64,
    /// The 2.5th percentile.
    pub p025: f64,
    /// The 97.5th percentile.
    pub p975: f64,
}

impl ParameterSet {
    /// The union of the scenarios' uncertain parameters (by name, in order of first
    /// appearance). Errors: a scenario's `uncertainty` section breaks a rule, or a name (or a
    /// correlation) is defined differently in two files (the error names the second).
    pub fn new(scenarios: &[&Scenario]) -> Result<ParameterSet, ScenarioError> {
        union::build(scenarios)
    }

    /// The number of parameters.
    pub fn len(&self) -> usize {
        self.parameters.len()
    }

    /// Whether no scenario declares any parameter.
    pub fn is_empty(&self) -> bool {
        self.parameters.is_empty()
    }

    /// Parameter `index`'s name (`None` past the end).
    pub fn name(&self, index: usize) -> Option<&str> {
        self.parameters.get(index).map(|p| p.name.as_str())
    }

    /// Parameter `index`'s field path in the first file that declares it.
    pub fn path(&self, index: usize) -> Option<&str> {
        self.parameters.get(index).map(|p| p.path.as_str())
    }

    /// Whether parameter `index` is `fixed` (it never varies; true past the end).
    pub fn is_fixed(&self, index: usize) -> bool {
        self.parameters
            .get(index)
            .is_none_or(|p| matches!(p.distribution, Distribution::Fixed(_)))
    }

    /// The parameter names, in set order.
    pub fn names(&self) -> Vec<&str> {
        self.parameters.iter().map(|p| p.name.as_str()).collect()
    }

    /// Column names for tables of draws: a scalar's name, or `name.destination` for each key
    /// of a dirichlet (including `name.stay`), in set order; [`Draw::columns`] follows it.
    pub fn columns(&self) -> Vec<String> {
        self.parameters
            .iter()
            .flat_map(|p| match p.alpha.is_empty() {
                true => vec![p.name.clone()],
                false => p
                    .alpha
                    .iter()
                    .map(|(k, _)| format!("{}.{k}", p.name))
                    .collect(),
            })
            .collect()
    }

    /// The analytic mean, sd, 2.5th and 97.5th percentiles of each parameter (one entry per
    /// component of a dirichlet, in [`ParameterSet::columns`] order).
    pub fn summaries(&self) -> Vec<ParameterSummary> {
        self.parameters
            .iter()
            .flat_map(Parameter::summaries)
            .collect()
    }

    /// Build the model of `scenario` with `draw`'s values (sample `k`, for messages). When
    /// the drawn values make the scenario invalid, the error names the file, the sample, the
    /// values involved and the model's issues.
    pub fn model(&self, scenario: &Scenario, draw: &Draw, k: u64) -> Result<Model, ScenarioError> {
        apply::model(self, scenario, draw, k)
    }
}

impl Parameter {
    fn summaries(&self) -> Vec<ParameterSummary> {
        let summary =
            |name: String, (mean, sd): (f64, f64), (p025, p975): (f64, f64)| ParameterSummary {
                name,
                path: self.path.clone(),
                distribution: self.distribution.clone(),
                mean,
                sd,
                p025,
                p975,
            };
        if self.alpha.is_empty() {
            let d = &self.distribution;
            let q = (marginal::quantile(d, 0.025), marginal::quantile(d, 0.975));
            return vec![summary(self.name.clone(), marginal::mean_sd(d), q)];
        }
        let weights: Vec<f64> = self.alpha.iter().map(|(_, a)| *a).collect();
        self.alpha
            .iter()
            .enumerate()
            .map(|(i, (key, _))| {
                let (mean, sd, a, b) = marginal::component(&weights, i);
                let q = (
                    crate::numeric::beta_quantile(a, b, 0.025),
                    crate::numeric::beta_quantile(a, b, 0.975),
                );
                summary(format!("{}.{key}", self.name), (mean, sd), q)
            })
            .collect()
    }

    /// The dirichlet's weights, in key order.
    fn weights(&self) -> Vec<f64> {
        self.alpha.iter().map(|(_, a)| *a).collect()
    }
}

#[cfg(test)]
mod tests;
