//! Cost-effectiveness mathematics for a probabilistic sensitivity analysis (PSA): ICER tables,
//! acceptability curves, incremental net benefit, the expected value of perfect (and partial
//! perfect) information, and a check of how much inner Monte Carlo noise there is.
//!
//! Pure functions of numbers: no I/O, no simulation. The PSA driver fills a [`Samples`] with,
//! for each strategy (the first is the reference) and each outer sample, one cost (NOK) and one
//! effect (stable-housing days by default, any unit in general), each already averaged over the
//! inner replications. Willingness to pay (WTP) λ is in NOK per unit of effect and the net
//! monetary benefit is NB = λ·effect − cost. All figures are per person-scenario as the caller
//! computed them: scaling EVPI to a population (times the people affected, discounted over the
//! decision's lifetime) is the caller's.
//!
//! # Methods
//!
//! - **ICERs** ([`icers`], [`Samples::icers`] on the mean cost and effect): the conventions of
//!   dampack's `calculate_icers` (DARTH-git/dampack, `R/icers.R`): sort by cost, strong
//!   dominance (`D`), then extended dominance (`ED`) iterated until none is left, ICERs against
//!   the previous non-dominated strategy, rows ordered `ND`, `ED`, `D`. Tested on the cases
//!   dampack's own tests and vignette document.
//! - **CEAC and CEAF** ([`ceac`]): at each WTP, the share of samples in which each strategy has
//!   the highest NB (van Hout et al. 1994, Health Econ 3(5):309–319), and the frontier, the
//!   strategy with the highest *expected* NB (the cost-effectiveness acceptability frontier,
//!   Fenwick, Claxton & Sculpher 2001, Health Econ 10(8):779–787), which need not be the one most
//!   often best. Ties within a sample are shared equally (dampack breaks them at random, which
//!   gives the same in expectation); the frontier's ties go to the earlier strategy.
//! - **Incremental net benefit** ([`incremental_net_benefit`]): INB = NB(strategy) −
//!   NB(reference), sample by sample, summarised by mean, sd, 2.5 and 97.5 % quantiles and the
//!   probability that it is positive (Stinnett & Mullahy 1998, Med Decis Making 18(2 Suppl):
//!   S68–S80).
//! - **EVPI** ([`evpi`]): E_θ[max_d NB_d(θ)] − max_d E_θ[NB_d(θ)], by Monte Carlo over the
//!   samples (Briggs, Claxton & Sculpher 2006, *Decision Modelling for Health Economic
//!   Evaluation*, ch. 7). Tested against the closed form for a normal INB,
//!   σ·φ(μ/σ) − |μ|·Φ(−|μ|/σ) (the unit normal loss integral, Raiffa & Schlaifer 1961).
//! - **EVPPI** ([`evppi`]): the regression (non-parametric) estimator of Strong, Oakley &
//!   Brennan (2014, Med Decis Making 34(3):311–326): each non-reference strategy's incremental
//!   NB is regressed on a flexible function of the parameters of interest, and the fitted values
//!   stand in for the conditional expectation, so EVPPI = mean_s max(0, ĝ_1(s), …) −
//!   max(0, mean_s ĝ_1, …). The basis, its flexibility and the samples it needs are described
//!   at [`evppi`]; in short, its relative error is about 2.8/√S (9 % at 1000 samples, 4 % at
//!   4000; measured against a closed form, mostly the outer samples' own Monte Carlo error), so
//!   use at least 1000 samples; it refuses fewer than [`MIN_SAMPLES_PER_COEFFICIENT`] samples
//!   per coefficient of its basis.
//! - **Inner noise** ([`inner_noise`]): the share of the between-sample variance of a
//!   quantity that is inner Monte Carlo noise. Inner noise adds spread to every sample's NB,
//!   and spread is what EVPI, EVPPI and the CEAC measure, so they are biased upward (towards
//!   0.5 for the CEAC of close strategies) when the share is large; see [`InnerNoise`].

mod ceac;
mod icer;
mod inb;
mod noise;
mod regression;
mod voi;

pub use ceac::{ceac, ByStrategy, CeacPoint};
pub use icer::{icers, IcerRow, Status};
pub use inb::{incremental_net_benefit, InbPoint};
pub use noise::{inner_noise, InnerNoise, INNER_NOISE_WARN_SHARE};
pub use regression::MIN_SAMPLES_PER_COEFFICIENT;
pub use voi::{evpi, evppi, EvpiPoint};

use std::collections::HashSet;

/// Errors of the cost-effectiveness analysis; each says what was expected and what to do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CeaError {
    /// No strategy was given.
    #[error("no strategies: give at least one strategy (the first is the reference)")]
    NoStrategies,
    /// Too few PSA samples for any summary.
    #[error("{found} PSA sample(s): give at least {needed} samples")]
    TooFewSamples {
        /// Samples given.
        found: usize,
        /// Samples needed.
        needed: usize,
    },
    /// Costs or effects do not have one row per strategy and one value per sample.
    #[error(
        "{what} has {found} values where {expected} were expected (one row per strategy, \
         one value per PSA sample, the same samples for every strategy)"
    )]
    Shape {
        /// Which array (e.g. `cost`, `effect[2]`, `inputs[0]`).
        what: String,
        /// Expected length.
        expected: usize,
        /// Length found.
        found: usize,
    },
    /// A value is NaN or infinite.
    #[error(
        "{what}[{sample}] is {value}: every value must be finite; check the sample's \
         simulation (or parameter draw) for a failure"
    )]
    NonFinite {
        /// Which array (e.g. `cost[1]`, `inputs[0]`, `wtp`).
        what: String,
        /// Index of the value.
        sample: usize,
        /// The value found.
        value: f64,
    },
    /// Two strategies have the same name.
    #[error("strategy name {0:?} appears twice: give every strategy a distinct name")]
    DuplicateName(String),
    /// EVPPI was asked for no parameter.
    #[error("EVPPI needs at least one input column (one per parameter in the group)")]
    NoInputs,
    /// Too few samples for the EVPPI regression basis.
    #[error(
        "EVPPI of {inputs} parameter(s) fits at least {coefficients} coefficients and needs \
         at least {needed} PSA samples, but there are {samples}: run more samples or \
         give fewer parameters in the group"
    )]
    TooFewSamplesForBasis {
        /// Samples given.
        samples: usize,
        /// Parameters in the group (constant ones excluded).
        inputs: usize,
        /// Coefficients of the smallest basis.
        coefficients: usize,
        /// Samples needed.
        needed: usize,
    },
}

/// Per-sample PSA outcomes: for each strategy (the first is the reference), one cost (NOK) and
/// one effect per outer sample. A `Samples` that exists is valid: at least one strategy with
/// distinct names, at least two samples, the same number for every strategy, all finite.
#[derive(Clone, Debug, PartialEq)]
pub struct Samples {
    strategies: Vec<String>,
    cost: Vec<Vec<f64>>,
    effect: Vec<Vec<f64>>,
}

impl Samples {
    /// Check and wrap per-sample costs and effects, indexed `[strategy][sample]`.
    pub fn new(
        strategies: Vec<String>,
        cost: Vec<Vec<f64>>,
        effect: Vec<Vec<f64>>,
    ) -> Result<Samples, CeaError> {
        if strategies.is_empty() {
            return Err(CeaError::NoStrategies);
        }
        let mut seen = HashSet::new();
        if let Some(dup) = strategies.iter().find(|s| !seen.insert(s.as_str())) {
            return Err(CeaError::DuplicateName(dup.clone()));
        }
        let n = cost.first().map_or(0, Vec::len);
        for (what, table) in [("cost", &cost), ("effect", &effect)] {
            check_table(what, table, strategies.len(), n)?;
        }
        if n < 2 {
            return Err(CeaError::TooFewSamples {
                found: n,
                needed: 2,
            });
        }
        Ok(Samples {
            strategies,
            cost,
            effect,
        })
    }

    /// Strategy names, the reference first.
    pub fn strategies(&self) -> &[String] {
        &self.strategies
    }

    /// Number of strategies (≥ 1).
    pub fn n_strategies(&self) -> usize {
        self.strategies.len()
    }

    /// Number of PSA samples (≥ 2).
    pub fn n_samples(&self) -> usize {
        self.cost[0].len()
    }

    /// Costs of strategy `d`, one per sample (empty if `d` is out of range).
    pub fn cost(&self, d: usize) -> &[f64] {
        self.cost.get(d).map_or(&[], Vec::as_slice)
    }

    /// Effects of strategy `d`, one per sample (empty if `d` is out of range).
    pub fn effect(&self, d: usize) -> &[f64] {
        self.effect.get(d).map_or(&[], Vec::as_slice)
    }

    /// Mean cost of every strategy over the samples.
    pub fn mean_cost(&self) -> Vec<f64> {
        self.cost.iter().map(|v| mean(v)).collect()
    }

    /// Mean effect of every strategy over the samples.
    pub fn mean_effect(&self) -> Vec<f64> {
        self.effect.iter().map(|v| mean(v)).collect()
    }

    /// The ICER table of the mean costs and effects (dampack's `calculate_icers_psa`).
    pub fn icers(&self) -> Vec<IcerRow> {
        icers(&self.strategies, &self.mean_cost(), &self.mean_effect())
    }

    /// Net benefit λ·effect − cost of strategy `d` in sample `s` (`d`, `s` in range).
    fn nb(&self, d: usize, s: usize, wtp: f64) -> f64 {
        wtp * self.effect[d][s] - self.cost[d][s]
    }
}

/// Check that `table` has `rows` rows of `n` finite values.
fn check_table(what: &str, table: &[Vec<f64>], rows: usize, n: usize) -> Result<(), CeaError> {
    if table.len() != rows {
        return Err(CeaError::Shape {
            what: format!("{what} (rows)"),
            expected: rows,
            found: table.len(),
        });
    }
    for (d, row) in table.iter().enumerate() {
        check_column(&format!("{what}[{d}]"), row, n)?;
    }
    Ok(())
}

/// Check that `values` has `n` finite values.
fn check_column(what: &str, values: &[f64], n: usize) -> Result<(), CeaError> {
    if values.len() != n {
        return Err(CeaError::Shape {
            what: what.to_string(),
            expected: n,
            found: values.len(),
        });
    }
    match values.iter().position(|x| !x.is_finite()) {
        Some(s) => Err(CeaError::NonFinite {
            what: what.to_string(),
            sample: s,
            value: values[s],
        }),
        None => Ok(()),
    }
}

/// Arithmetic mean (0 for an empty slice).
fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

/// Sample variance (n − 1; 0 for fewer than two values).
fn variance(v: &[f64]) -> f64 {
    if v.len() < 2 {
        return 0.0;
    }
    let m = mean(v);
    v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (v.len() - 1) as f64
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod testutil;
