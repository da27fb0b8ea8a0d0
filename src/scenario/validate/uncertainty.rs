//! The rules of the `uncertainty` section: names, field paths that resolve to what the
//! distribution sets, distributions with possible parameters, and correlations that form a
//! positive definite matrix.

use super::*;
use crate::scenario::field_path::{self, Resolved};
use serde_json::Value;

/// The path of parameter `i`, with `rest` (e.g. `.distribution.beta.sd`) appended.
fn at(i: usize, rest: &str) -> String {
    format!("uncertainty.parameters[{i}]{rest}")
}

impl Validator {
    pub(super) fn uncertainty(&mut self, s: &Scenario, u: &Uncertainty) {
        let doc = serde_json::to_value(s).unwrap_or(Value::Null);
        let mut names: HashMap<&str, usize> = HashMap::new();
        let mut fields: HashMap<String, usize> = HashMap::new();
        for (i, p) in u.parameters.iter().enumerate() {
            self.parameter_name(i, &p.name, &mut names);
            if let Some(found) = self.parameter_path(i, p, &doc) {
                if let Some(j) = fields.insert(found.pointer.clone(), i) {
                    self.err(
                        at(i, ".path"),
                        format!(
                            "names the same field ({}) as uncertainty.parameters[{j}]; a field has \
                             one distribution",
                            found.canonical
                        ),
                    );
                }
            }
            self.distribution(i, &p.distribution);
            self.low_high(i, p);
        }
        self.correlations(u, &names);
    }

    fn parameter_name<'a>(&mut self, i: usize, name: &'a str, seen: &mut HashMap<&'a str, usize>) {
        let path = at(i, ".name");
        if name.trim().is_empty() {
            self.err(path, "must not be empty");
        } else if name.contains('.') || name.chars().any(char::is_control) {
            self.err(
                path,
                format!("must not contain `.` (it separates a dirichlet's components in column names) or control characters, found {name:?}"),
            );
        } else if let Some(j) = seen.insert(name, i) {
            self.err(
                path,
                format!("duplicate parameter name {name:?} (also uncertainty.parameters[{j}])"),
            );
        }
    }

    /// Checks that the path resolves to what the distribution sets; returns where it points.
    fn parameter_path(
        &mut self,
        i: usize,
        p: &UncertainParameter,
        doc: &Value,
    ) -> Option<Resolved> {
        let found = if let Distribution::Dirichlet(d) = &p.distribution {
            field_path::resolve_row(doc, &p.path).inspect(|row| self.row_keys(i, d, row, doc))
        } else {
            field_path::resolve(doc, &p.path).and_then(|(found, v)| {
                if v.is_number() {
                    Ok(found)
                } else {
                    Err(format!(
                        "expected a number field for a {} distribution, found {} at `{}`",
                        kind(&p.distribution),
                        field_path::describe(v),
                        found.canonical
                    ))
                }
            })
        };
        found.map_err(|m| self.err(at(i, ".path"), m)).ok()
    }

    /// A dirichlet's keys may not include the state whose row it replaces.
    fn row_keys(&mut self, i: usize, d: &DirichletAlpha, row: &Resolved, doc: &Value) {
        if let Some(from) = field_path::row_origin(doc, &row.canonical) {
            if from != STAY && d.alpha.contains_key(from) {
                self.err(
                    at(i, &format!(".distribution.dirichlet.alpha.{from}")),
                    format!("the row is out of {from}: staying there is `stay`, not `{from}`"),
                );
            }
        }
    }

    fn distribution(&mut self, i: usize, d: &Distribution) {
        let base = at(i, &format!(".distribution.{}", kind(d)));
        match d {
            Distribution::Fixed(x) => self.finite(base, *x),
            Distribution::Normal(m) => self.moments(&base, m),
            Distribution::Lognormal(m) | Distribution::Gamma(m) => {
                self.moments(&base, m);
                self.positive_mean(&base, m, kind(d));
                if matches!(d, Distribution::Gamma(_)) {
                    self.shape(&base, (m.mean / m.sd).powi(2), "shape mean²/sd²");
                }
            }
            Distribution::Beta(m) => self.beta(&base, m),
            Distribution::Uniform(r) => self.uniform(&base, r),
            Distribution::Triangular(t) => self.triangular(&base, t),
            Distribution::Dirichlet(a) => self.dirichlet(&base, a),
        }
    }

    fn finite(&mut self, path: String, x: f64) {
        if !x.is_finite() {
            self.err(path, format!("must be a finite number, found {}", num(x)));
        }
    }

    fn moments(&mut self, base: &str, m: &Moments) {
        self.finite(format!("{base}.mean"), m.mean);
        if !(m.sd.is_finite() && m.sd > 0.0) {
            self.err(
                format!("{base}.sd"),
                format!("must be a finite number above 0, found {}", num(m.sd)),
            );
        }
    }

    fn positive_mean(&mut self, base: &str, m: &Moments, what: &str) {
        if m.mean.is_nan() || m.mean <= 0.0 {
            self.err(
                format!("{base}.mean"),
                format!(
                    "a {what} has positive values only: the mean must be above 0, found {}",
                    num(m.mean)
                ),
            );
        }
    }

    /// A derived shape parameter (finite moments assumed checked) must stay at most MAX_SHAPE.
    fn shape(&mut self, base: &str, shape: f64, what: &str) {
        if shape.is_finite() && shape > MAX_SHAPE {
            self.err(
                format!("{base}.sd"),
                format!(
                    "is so small against the mean that the {what} is {}, above {}; use `fixed` \
                     for a value known this precisely",
                    num(shape),
                    num(MAX_SHAPE)
                ),
            );
        }
    }

    fn beta(&mut self, base: &str, m: &Moments) {
        self.moments(base, m);
        if !(m.mean > 0.0 && m.mean < 1.0) {
            self.err(
                format!("{base}.mean"),
                format!(
                    "a beta lies between 0 and 1: the mean must be above 0 and below 1, found {}",
                    num(m.mean)
                ),
            );
        } else if m.sd.is_finite() && m.sd > 0.0 {
            let limit = m.mean * (1.0 - m.mean);
            if m.sd * m.sd >= limit {
                self.err(
                    format!("{base}.sd"),
                    format!(
                        "impossible moments: a beta with mean {} needs sd² below mean·(1 − mean) = {} \
                         (sd below {}), found sd {} (sd² = {})",
                        num(m.mean),
                        num(limit),
                        num(limit.sqrt()),
                        num(m.sd),
                        num(m.sd * m.sd)
                    ),
                );
            } else {
                self.shape(base, limit / (m.sd * m.sd) - 1.0, "concentration α + β");
            }
        }
    }

    fn uniform(&mut self, base: &str, r: &Interval) {
        self.finite(format!("{base}.low"), r.low);
        self.finite(format!("{base}.high"), r.high);
        if r.low.is_finite() && r.high.is_finite() && r.low >= r.high {
            self.err(
                format!("{base}.high"),
                format!("must be above low ({}), found {}", num(r.low), num(r.high)),
            );
        }
    }

    fn triangular(&mut self, base: &str, t: &Triangle) {
        self.uniform(
            base,
            &Interval {
                low: t.low,
                high: t.high,
            },
        );
        self.finite(format!("{base}.mode"), t.mode);
        if t.mode.is_finite() && !(t.low <= t.mode && t.mode <= t.high) {
            self.err(
                format!("{base}.mode"),
                format!(
                    "must be from low ({}) to high ({}), found {}",
                    num(t.low),
                    num(t.high),
                    num(t.mode)
                ),
            );
        }
    }

    fn dirichlet(&mut self, base: &str, d: &DirichletAlpha) {
        let path = format!("{base}.alpha");
        if !d.alpha.contains_key(STAY) {
            self.err(
                path.clone(),
                "needs a `stay` weight (the remainder of the row: months without a move)",
            );
        }
        if d.alpha.len() < 2 {
            self.err(
                path.clone(),
                format!(
                    "needs `stay` and at least one destination, found {} key(s)",
                    d.alpha.len()
                ),
            );
        }
        for (key, a) in &d.alpha {
            let here = format!("{path}.{key}");
            if key != STAY {
                if let Err(e) = serde_json::from_value::<State>(Value::String(key.clone())) {
                    let why = crate::scenario::error::plain_words(&e.to_string());
                    self.err(
                        here.clone(),
                        format!("must be a destination state or `stay`: {why}"),
                    );
                }
            }
            if !(a.is_finite() && *a > 0.0 && *a <= MAX_SHAPE) {
                self.err(
                    here,
                    format!(
                        "must be a number above 0 and at most {}, found {}",
                        num(MAX_SHAPE),
                        num(*a)
                    ),
                );
            }
        }
    }

    fn low_high(&mut self, i: usize, p: &UncertainParameter) {
        match (p.low, p.high) {
            (None, None) => {}
            (Some(_), None) => self.err(at(i, ".high"), "give both low and high, or neither"),
            (None, Some(_)) => self.err(at(i, ".low"), "give both low and high, or neither"),
            (Some(lo), Some(hi)) => {
                self.finite(at(i, ".low"), lo);
                self.finite(at(i, ".high"), hi);
                if lo.is_finite() && hi.is_finite() && lo >= hi {
                    self.err(
                        at(i, ".high"),
                        format!("must be above low ({}), found {}", num(lo), num(hi)),
                    );
                }
            }
        }
    }
}

/// The distribution's name as written in files.
pub(crate) fn kind(d: &Distribution) -> &'static str {
    match d {
        Distribution::Fixed(_) => "fixed",
        Distribution::Normal(_) => "normal",
        Distribution::Lognormal(_) => "lognormal",
        Distribution::Gamma(_) => "gamma",
        Distribution::Beta(_) => "beta",
        Distribution::Uniform(_) => "uniform",
        Distribution::Triangular(_) => "triangular",
        Distribution::Dirichlet(_) => "dirichlet",
    }
}

mod correlations;
#[cfg(test)]
mod tests;

/// Values a distribution draws in practice, at both ends: six standard deviations from the
/// mean (clipped to the support: above 0 for gamma and lognormal, inside (0, 1) for beta),
/// or the bounds of a uniform or triangular. A dirichlet row always sums to 1 and is not
/// checked here.
/// Each comes with the field of the distribution it follows from (`.low`, `.high`, or none
/// for a distribution given by its moments).
fn extremes(d: &Distribution) -> Vec<(f64, &'static str)> {
    const TINY: f64 = 1e-9;
    match d {
        Distribution::Fixed(x) => vec![(*x, "")],
        Distribution::Normal(m) => vec![(m.mean - 6.0 * m.sd, ""), (m.mean + 6.0 * m.sd, "")],
        Distribution::Lognormal(m) | Distribution::Gamma(m) => vec![
            ((m.mean - 6.0 * m.sd).max(m.mean * TINY), ""),
            (m.mean + 6.0 * m.sd, ""),
        ],
        Distribution::Beta(m) => vec![
            ((m.mean - 6.0 * m.sd).max(TINY), ""),
            ((m.mean + 6.0 * m.sd).min(1.0 - TINY), ""),
        ],
        Distribution::Uniform(r) => vec![(r.low, ".low"), (r.high, ".high")],
        Distribution::Triangular(t) => vec![(t.low, ".low"), (t.high, ".high")],
        Distribution::Dirichlet(_) => Vec::new(),
    }
}

/// Whether each uncertain parameter's draws fit its field: the scenario with the field at
/// each of the distribution's extremes (`extremes`) must still be valid. A distribution
/// that draws values its field refuses (a normal price that can go negative, a triangular
/// probability above 1) is reported at the distribution, so a probabilistic analysis does not
/// stop at its first unlucky sample. Checked by `housing-sim validate` and before a
/// sensitivity analysis (not by every model: a run does not draw).
pub fn uncertainty_support(s: &Scenario) -> Vec<Issue> {
    let Some(u) = &s.uncertainty else {
        return Vec::new();
    };
    if !validate(s).is_empty() {
        return Vec::new(); // the ordinary issues come first
    }
    // The check below validates the scenario with one field changed; that does not check
    // the support again, so there is no recursion.
    let Ok(doc) = serde_json::to_value(s) else {
        return Vec::new();
    };
    let mut issues = Vec::new();
    for (i, p) in u.parameters.iter().enumerate() {
        let Ok((found, _)) = field_path::resolve(&doc, &p.path) else {
            continue;
        };
        for (x, field) in extremes(&p.distribution) {
            if let Some(why) = refusal(&doc, &found, x) {
                issues.push(Issue::new(
                    at(
                        i,
                        &format!(".distribution.{}{field}", kind(&p.distribution)),
                    ),
                    format!(
                        "draws values as far as {} in practice, which {} does not accept ({why}); \
                         give a distribution inside the field's range: beta for probabilities, \
                         gamma or lognormal for prices and rates, dirichlet for a transition row",
                        num(x),
                        found.canonical
                    ),
                ));
                break;
            }
        }
    }
    issues
}

/// Why the scenario `doc` refuses `x` at `found`, if it does.
fn refusal(doc: &Value, found: &Resolved, x: f64) -> Option<String> {
    let mut d = doc.clone();
    let slot = d.pointer_mut(&found.pointer)?;
    *slot = if slot.is_u64() && x >= 0.0 {
        Value::from(x.round() as u64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    };
    match serde_json::from_value::<Scenario>(d) {
        Err(e) => Some(crate::scenario::error::plain_words(&e.to_string())),
        Ok(parsed) => validate(&parsed)
            .into_iter()
            .next()
            .map(|issue| issue.to_string()),
    }
}
