//! The rules a parsed scenario must keep. Each broken rule becomes an [`Issue`] with the field
//! path and a message saying what was expected and what was found; all are reported at once.

use super::error::Issue;
use super::types::*;
use crate::cost::{CostItem, Payer};
use crate::state::{Category, State};
use std::collections::{BTreeSet, HashMap};

mod bounds;
mod plan;
mod profiles;
mod programs;
mod settings;
mod uncertainty;
mod warnings;

pub use bounds::*;
pub use plan::window_issues as plan_window_issues;
pub use uncertainty::uncertainty_support;
pub use warnings::{
    unpriced_programs, unpriced_warning, warnings, MAX_HOSPITS_MONTH_NOK, MAX_HOUSING_MONTH_NOK,
    MAX_UNIT_MONTH_NOK, MIN_FTE_YEAR_NOK,
};
/// Most residents one replication may hold: initial residents plus expected arrivals.
pub const MAX_RESIDENTS: f64 = 10_000_000.0;
/// Tolerance for outgoing probabilities summing to more than 1 through rounding.
pub const SUM_TOLERANCE: f64 = 1e-9;

/// Check every rule; an empty result means the scenario is valid.
pub fn validate(s: &Scenario) -> Vec<Issue> {
    let mut v = Validator::default();
    v.scenario(s);
    v.issues
}

/// Check the `uncertainty` section alone (names, paths, distributions, correlations); empty
/// when the scenario has none or it is valid.
pub fn validate_uncertainty(s: &Scenario) -> Vec<Issue> {
    let mut v = Validator::default();
    if let Some(u) = &s.uncertainty {
        v.uncertainty(s, u);
    }
    v.issues
}

#[derive(Default)]
struct Validator {
    issues: Vec<Issue>,
}

impl Validator {
    fn err(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.issues.push(Issue::new(path, msg));
    }

    /// A finite number in [lo, hi].
    fn range(&mut self, path: impl Into<String>, x: f64, lo: f64, hi: f64) {
        if !(x.is_finite() && x >= lo && x <= hi) {
            self.err(
                path,
                format!(
                    "must be a number from {} to {}, found {}",
                    num(lo),
                    num(hi),
                    num(x)
                ),
            );
        }
    }

    fn probability(&mut self, path: impl Into<String>, p: f64) {
        if !(p.is_finite() && (0.0..=1.0).contains(&p)) {
            self.err(
                path,
                format!("must be a probability from 0 to 1, found {}", num(p)),
            );
        }
    }

    fn nok(&mut self, path: impl Into<String>, x: f64) {
        self.range(path, x, 0.0, MAX_NOK);
    }

    fn id(&mut self, path: String, id: &str, seen: &mut BTreeSet<String>, what: &str) {
        if id.trim().is_empty() {
            self.err(path, format!("{what} id must not be empty"));
        } else if let Some((at, c)) = id.chars().enumerate().find(|(_, c)| c.is_control()) {
            self.err(
                path,
                format!(
                    "{what} id must not contain control characters, found U+{:04X} at character {}",
                    u32::from(c),
                    at + 1
                ),
            );
        } else if !seen.insert(id.to_owned()) {
            self.err(path, format!("duplicate {what} id \"{id}\""));
        }
    }

    fn scenario(&mut self, s: &Scenario) {
        if s.name.trim().is_empty() {
            self.err("name", "must not be empty");
        }
        if s.horizon_months == 0 || s.horizon_months > MAX_HORIZON_MONTHS {
            self.err(
                "horizon_months",
                format!(
                    "must be from 1 to {MAX_HORIZON_MONTHS}, found {}",
                    s.horizon_months
                ),
            );
        }
        if s.replications == 0 || s.replications > MAX_REPLICATIONS {
            self.err(
                "replications",
                format!(
                    "must be from 1 to {MAX_REPLICATIONS}, found {}",
                    s.replications
                ),
            );
        }
        if s.profiles.is_empty() {
            self.err("profiles", "at least one profile is needed");
        }
        if s.profiles.len() > MAX_PROFILES_OR_PROGRAMS {
            self.err(
                "profiles",
                format!("at most {MAX_PROFILES_OR_PROGRAMS} profiles"),
            );
        }
        if s.programs.len() > MAX_PROFILES_OR_PROGRAMS {
            self.err(
                "programs",
                format!("at most {MAX_PROFILES_OR_PROGRAMS} programs"),
            );
        }

        let mut seen = BTreeSet::new();
        for (i, p) in s.profiles.iter().enumerate() {
            self.id(format!("profiles[{i}].id"), &p.id, &mut seen, "profile");
        }
        let profile_index: HashMap<&str, usize> = s
            .profiles
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();

        let mut seen = BTreeSet::new();
        for (i, g) in s.programs.iter().enumerate() {
            self.id(format!("programs[{i}].id"), &g.id, &mut seen, "program");
            self.program(i, g, &profile_index);
        }

        for (i, g) in s.programs.iter().enumerate() {
            self.program_transitions(i, g, s, &profile_index);
        }

        let mut residents = 0.0;
        for (i, p) in s.profiles.iter().enumerate() {
            residents += self.profile(i, p, s);
        }
        let expected = residents;
        if expected > MAX_RESIDENTS {
            self.err(
                "profiles",
                format!(
                    "initial residents plus expected arrivals over the horizon come to {expected:.0}; \
                     at most {MAX_RESIDENTS:.0} are simulated"
                ),
            );
        }
        self.placement(&s.placement);
        if s.placement.urgent_misplacement && s.profiles.iter().all(|p| p.misplaced_in.is_empty()) {
            self.err(
                "placement.urgent_misplacement",
                "no profile has misplaced_in, so no move can be misplaced urgently",
            );
        }
        self.costs(&s.costs);
        self.targets(s);
        if let Some(b) = &s.break_even {
            self.break_even(s, b);
        }
        if let Some(p) = &s.plan {
            self.plan(s, p);
        }
        self.sources(s);
        if let Some(u) = &s.uncertainty {
            self.uncertainty(s, u);
        }
    }
}

/// A number for a message: as written for ordinary magnitudes, in scientific notation for huge
/// and tiny ones (so 1e300 is not echoed as 301 digits).
pub(crate) fn num(x: f64) -> String {
    if x.is_finite() && x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// Programs of category `c` that accept profile `id`, in scenario order.
pub(crate) fn accepting_programs<'a>(
    s: &'a Scenario,
    id: &'a str,
    c: Category,
) -> impl Iterator<Item = &'a Program> + 'a {
    s.programs.iter().filter(move |g| {
        g.category == c && g.accepts.as_ref().is_none_or(|a| a.iter().any(|x| x == id))
    })
}

/// Whether `path` (e.g. `programs[0].units`, `profiles[1].initial.homeless`, or `` for the
/// whole document) names a value in `doc`.
pub fn path_exists(doc: &serde_json::Value, path: &str) -> bool {
    let mut node = doc;
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        let (key, indices) = match segment.find('[') {
            Some(at) => (&segment[..at], &segment[at..]),
            None => (segment, ""),
        };
        if !key.is_empty() {
            // The document spells names one way (`specialized`); the path may use another.
            let spelt = crate::state::canonical_name(key);
            match node.get(key).or_else(|| node.get(spelt)) {
                Some(n) => node = n,
                None => return false,
            }
        }
        let mut rest = indices;
        while let Some(stripped) = rest.strip_prefix('[') {
            let Some(close) = stripped.find(']') else {
                return false;
            };
            let Ok(i) = stripped[..close].parse::<usize>() else {
                return false;
            };
            match node.get(i) {
                Some(n) => node = n,
                None => return false,
            }
            rest = &stripped[close + 1..];
        }
        if !rest.is_empty() {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_messages_stay_short() {
        assert_eq!(num(1e300), "1e300");
        assert_eq!(num(-2.5e-300), "-2.5e-300");
        assert_eq!(num(1e12), "1000000000000");
        assert_eq!(num(0.25), "0.25");
        assert_eq!(num(f64::NAN), "NaN");
        assert_eq!(num(0.0), "0");
    }

    #[test]
    fn paths_resolve_in_documents() {
        let doc = serde_json::json!({"a": [{"b": 1}, {"c": {"d": 2}}]});
        assert!(path_exists(&doc, "a[1].c.d"));
        assert!(path_exists(&doc, "a[0]"));
        assert!(path_exists(&doc, ""));
        assert!(!path_exists(&doc, "a[2]"));
        assert!(!path_exists(&doc, "a[0].c"));
        assert!(!path_exists(&doc, "a[x]"));
        assert!(!path_exists(&doc, "a[0"));
    }
}
