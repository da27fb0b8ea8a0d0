//! Writing a draw into a scenario: through the scenario's JSON form, prepared once per
//! scenario, so that a sample costs one clone, the sets and one typed parse.

use super::{Draw, DrawnValue, ParameterSet};
use crate::model::Model;
use crate::scenario::field_path::{resolve, resolve_row};
use crate::scenario::{Distribution, Issue, Scenario, ScenarioError, STAY};
use serde_json::{Map, Number, Value};

/// A scenario with the places its parameters go.
#[derive(Clone, Debug)]
pub(super) struct Prepared {
    scenario: Scenario,
    doc: Value,
    targets: Vec<Target>,
}

/// Where parameter `parameter` of the set goes in one scenario.
#[derive(Clone, Debug)]
struct Target {
    parameter: usize,
    canonical: String,
    pointer: String,
}

fn invalid(s: &Scenario, path: impl Into<String>, message: impl Into<String>) -> ScenarioError {
    ScenarioError::Invalid {
        file: s.origin().to_owned(),
        issues: vec![Issue::new(path, message)],
    }
}

impl Prepared {
    /// Resolve the paths of the parameters `s` declares (each must be in `set`).
    pub(super) fn new(set: &ParameterSet, s: &Scenario) -> Result<Prepared, ScenarioError> {
        let doc = serde_json::to_value(s)
            .map_err(|e| invalid(s, "", format!("cannot write the scenario as JSON: {e}")))?;
        let declared = s
            .uncertainty
            .iter()
            .flat_map(|u| u.parameters.iter().enumerate());
        let mut targets = Vec::new();
        for (i, p) in declared {
            let here = format!("uncertainty.parameters[{i}]");
            let parameter = set
                .parameters
                .iter()
                .position(|q| q.name == p.name)
                .ok_or_else(|| {
                    invalid(
                        s,
                        format!("{here}.name"),
                        format!("{:?} is not a parameter of this set", p.name),
                    )
                })?;
            let found = match p.distribution {
                Distribution::Dirichlet(_) => resolve_row(&doc, &p.path),
                _ => resolve(&doc, &p.path).map(|(found, _)| found),
            };
            let found = found.map_err(|m| invalid(s, format!("{here}.path"), m))?;
            targets.push(Target {
                parameter,
                canonical: found.canonical,
                pointer: found.pointer,
            });
        }
        Ok(Prepared {
            scenario: s.clone(),
            doc,
            targets,
        })
    }
}

/// A drawn number as JSON: a whole number where the field holds one (units, counts), else
/// as drawn.
fn number(x: f64, old: &Value) -> Option<Value> {
    if old.is_u64() && x.is_finite() && x >= 0.0 && x <= u64::MAX as f64 {
        return Some(Value::Number(Number::from(x.round() as u64)));
    }
    Number::from_f64(x).map(Value::Number)
}

/// A transition row's `to` map: every key but `stay`.
fn row(values: &[(String, f64)]) -> Option<Value> {
    let mut map = Map::new();
    for (k, p) in values.iter().filter(|(k, _)| k != STAY) {
        map.insert(k.clone(), Value::Number(Number::from_f64(*p)?));
    }
    Some(Value::Object(map))
}

impl Prepared {
    fn apply(&self, draw: &Draw) -> Result<Scenario, ScenarioError> {
        let s = &self.scenario;
        let mut doc = self.doc.clone();
        for t in &self.targets {
            let value = draw.values().get(t.parameter).ok_or_else(|| {
                invalid(
                    s,
                    "",
                    format!(
                        "the draw has {} values, too few for this parameter set",
                        draw.values().len()
                    ),
                )
            })?;
            let slot = doc
                .pointer_mut(&t.pointer)
                .ok_or_else(|| invalid(s, t.canonical.clone(), "the field is gone"))?;
            let new = match value {
                DrawnValue::Scalar(x) => number(*x, slot),
                DrawnValue::Row(r) => row(r),
            };
            *slot = new.ok_or_else(|| {
                invalid(
                    s,
                    t.canonical.clone(),
                    format!("the drawn value {value:?} is not a finite number"),
                )
            })?;
        }
        let parsed: Result<Scenario, _> = serde_path_to_error::deserialize(doc);
        let parsed = parsed.map_err(|e| {
            let path = e.path().to_string();
            ScenarioError::Parse {
                file: s.origin().to_owned(),
                issue: Issue::new(
                    path,
                    format!(
                        "the field does not accept the drawn value: {}",
                        e.into_inner()
                    ),
                ),
            }
        })?;
        Ok(parsed.with_origin(s.origin()))
    }
}

impl ParameterSet {
    fn prepared(
        &self,
        scenario: &Scenario,
    ) -> Result<std::borrow::Cow<'_, Prepared>, ScenarioError> {
        match self.prepared.iter().find(|p| p.scenario == *scenario) {
            Some(p) => Ok(std::borrow::Cow::Borrowed(p)),
            None => Prepared::new(self, scenario).map(std::borrow::Cow::Owned),
        }
    }

    /// `scenario` with every parameter it declares set to `draw`'s value: a number for a
    /// scalar (rounded where the field holds a whole number), the row's `to` map (every key
    /// but `stay`) for a dirichlet. The result keeps the scenario's origin and is not
    /// validated ([`Model::new`] does that). Errors: the scenario declares a name not in the
    /// set, or a field cannot hold the value.
    pub fn apply(&self, scenario: &Scenario, draw: &Draw) -> Result<Scenario, ScenarioError> {
        self.prepared(scenario)?.apply(draw)
    }
}

/// A drawn value for a message.
fn shown(v: &DrawnValue) -> String {
    match v {
        DrawnValue::Scalar(x) => crate::scenario::validate::num(*x),
        DrawnValue::Row(r) => {
            let parts: Vec<String> = r
                .iter()
                .map(|(k, p)| format!("{k}: {}", crate::scenario::validate::num(*p)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
    }
}

/// See [`ParameterSet::model`].
pub(super) fn model(
    set: &ParameterSet,
    scenario: &Scenario,
    draw: &Draw,
    k: u64,
) -> Result<Model, ScenarioError> {
    let prepared = set.prepared(scenario)?;
    let result = prepared.apply(draw).and_then(|s| Model::new(&s));
    result.map_err(|e| explain(set, &prepared, draw, k, e))
}

/// The model's error, headed by the sample and the drawn values involved.
fn explain(
    set: &ParameterSet,
    prepared: &Prepared,
    draw: &Draw,
    k: u64,
    e: ScenarioError,
) -> ScenarioError {
    let issues = e.issues();
    let related = |t: &&Target| {
        issues.iter().any(|i| {
            i.path.starts_with(&t.canonical)
                || t.canonical.starts_with(&i.path) && !i.path.is_empty()
        })
    };
    let mut involved: Vec<&Target> = prepared.targets.iter().filter(related).collect();
    if involved.is_empty() {
        involved = prepared.targets.iter().collect();
    }
    let values: Vec<String> = involved
        .iter()
        .filter_map(|t| {
            let v = draw.values().get(t.parameter)?;
            Some(format!(
                "{} = {} ({})",
                set.parameters[t.parameter].name,
                shown(v),
                t.canonical
            ))
        })
        .collect();
    let head = Issue::new(
        "",
        format!(
            "sample {k} drew {}, which the scenario does not accept; choose a distribution whose \
             values the field accepts: beta for probabilities, gamma or lognormal for prices; or \
             a dirichlet for a whole transition row",
            values.join(", ")
        ),
    );
    ScenarioError::Invalid {
        file: prepared.scenario.origin().to_owned(),
        issues: std::iter::once(head).chain(issues).collect(),
    }
}
