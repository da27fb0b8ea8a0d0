//! Building a [`ParameterSet`] from several scenarios: one parameter per name, one
//! correlation per pair, the same definition in every file.

use super::{apply, Parameter, ParameterSet};
use crate::scenario::validate::validate_uncertainty;
use crate::scenario::{Distribution, Issue, Scenario, ScenarioError, UncertainParameter};
use std::collections::HashMap;

fn invalid(s: &Scenario, issues: Vec<Issue>) -> ScenarioError {
    ScenarioError::Invalid {
        file: s.origin().to_owned(),
        issues,
    }
}

impl Parameter {
    fn of(p: &UncertainParameter) -> Parameter {
        let alpha = match &p.distribution {
            Distribution::Dirichlet(d) => d.alpha.iter().map(|(k, a)| (k.clone(), *a)).collect(),
            _ => Vec::new(),
        };
        Parameter {
            name: p.name.clone(),
            path: p.path.clone(),
            distribution: p.distribution.clone(),
            low: p.low,
            high: p.high,
            alpha,
        }
    }

    fn same_definition(&self, other: &Parameter) -> bool {
        self.distribution == other.distribution && self.low == other.low && self.high == other.high
    }
}

/// What the union has gathered so far.
#[derive(Default)]
struct Union {
    parameters: Vec<Parameter>,
    by_name: HashMap<String, (usize, String)>,
    /// (smaller index, larger index) → (rho, the file that gave it).
    correlations: HashMap<(usize, usize), (f64, String)>,
}

impl Union {
    fn add(&mut self, s: &Scenario) -> Result<(), ScenarioError> {
        let Some(u) = &s.uncertainty else {
            return Ok(());
        };
        for (i, p) in u.parameters.iter().enumerate() {
            let new = Parameter::of(p);
            match self.by_name.get(&p.name) {
                Some((at, first)) if !self.parameters[*at].same_definition(&new) => {
                    let message = format!(
                        "parameter {:?} is defined differently in {first}: a name shared by \
                         several files is drawn once, so its distribution, low and high must be \
                         the same in each",
                        p.name
                    );
                    return Err(invalid(
                        s,
                        vec![Issue::new(format!("uncertainty.parameters[{i}]"), message)],
                    ));
                }
                Some(_) => {}
                None => {
                    self.by_name.insert(
                        p.name.clone(),
                        (self.parameters.len(), s.origin().to_owned()),
                    );
                    self.parameters.push(new);
                }
            }
        }
        for (j, c) in u.correlations.iter().enumerate() {
            let [a, b] =
                [0, 1].map(|k| self.by_name.get(&c.between[k]).map_or(usize::MAX, |x| x.0));
            let key = (a.min(b), a.max(b));
            match self.correlations.get(&key) {
                Some((rho, first)) if *rho != c.rho => {
                    let message = format!(
                        "the correlation between {:?} and {:?} is {} here but {rho} in {first}; \
                         give it the same value in every file",
                        c.between[0], c.between[1], c.rho
                    );
                    return Err(invalid(
                        s,
                        vec![Issue::new(
                            format!("uncertainty.correlations[{j}].rho"),
                            message,
                        )],
                    ));
                }
                Some(_) => {}
                None => {
                    self.correlations
                        .insert(key, (c.rho, s.origin().to_owned()));
                }
            }
        }
        Ok(())
    }

    /// The correlated parameters (in set order) and the Cholesky factor of their matrix.
    fn copula(&self, last: &Scenario) -> Result<(Vec<usize>, Vec<Vec<f64>>), ScenarioError> {
        let mut correlated: Vec<usize> = self
            .correlations
            .keys()
            .flat_map(|&(a, b)| [a, b])
            .collect();
        correlated.sort_unstable();
        correlated.dedup();
        let position = |i: usize| correlated.binary_search(&i).unwrap_or(usize::MAX);
        let pairs: Vec<(usize, usize, f64)> = self
            .correlations
            .iter()
            .map(|(&(a, b), (rho, _))| (position(a), position(b), *rho))
            .collect();
        let m = crate::numeric::correlation_matrix(correlated.len(), &pairs);
        let factor = crate::numeric::cholesky(&m).ok_or_else(|| {
            let message = "together with the other files' correlations, the correlations do not \
                           form a positive definite matrix; weaken some of them";
            invalid(last, vec![Issue::new("uncertainty.correlations", message)])
        })?;
        Ok((correlated, factor))
    }
}

/// See [`ParameterSet::new`].
pub(super) fn build(scenarios: &[&Scenario]) -> Result<ParameterSet, ScenarioError> {
    let mut union = Union::default();
    for s in scenarios {
        let mut issues = validate_uncertainty(s);
        if issues.is_empty() {
            issues = crate::scenario::validate::uncertainty_support(s);
        }
        if !issues.is_empty() {
            return Err(invalid(s, issues));
        }
        union.add(s)?;
        union.copula(s)?;
    }
    let (correlated, factor) = match scenarios.last() {
        Some(s) => union.copula(s)?,
        None => (Vec::new(), Vec::new()),
    };
    let mut set = ParameterSet {
        parameters: union.parameters,
        correlated,
        factor,
        prepared: Vec::new(),
    };
    let prepared = scenarios
        .iter()
        .map(|s| apply::Prepared::new(&set, s))
        .collect::<Result<Vec<_>, _>>()?;
    set.prepared = prepared;
    Ok(set)
}
