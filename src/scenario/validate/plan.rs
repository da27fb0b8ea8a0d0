//! The rules of a `plan` section: candidates that name programs with a fixed number of units,
//! grids that make sense, and targets with one window, one bound and a valid probability.

use super::{num, Issue, Validator, MAX_CANDIDATES, MAX_FTE_PER_UNIT, MAX_TARGET_VALUE, MAX_UNITS};
use crate::scenario::types::*;
use std::collections::BTreeSet;

impl Validator {
    pub(super) fn plan(&mut self, s: &Scenario, p: &PlanSettings) {
        if p.candidates.is_empty() {
            self.err("plan.candidates", "give at least one candidate program");
        }
        if p.candidates.len() > MAX_CANDIDATES {
            self.err(
                "plan.candidates",
                format!(
                    "at most {MAX_CANDIDATES} candidate programs, found {}",
                    p.candidates.len()
                ),
            );
        }
        let mut seen = BTreeSet::new();
        for (i, c) in p.candidates.iter().enumerate() {
            self.candidate(s, i, c, &mut seen);
        }
        for (i, t) in p.targets.iter().enumerate() {
            self.plan_target(s, i, t);
        }
    }

    fn candidate(
        &mut self,
        s: &Scenario,
        i: usize,
        c: &PlanCandidate,
        seen: &mut BTreeSet<String>,
    ) {
        let at = |f: &str| format!("plan.candidates[{i}].{f}");
        match s.programs.iter().find(|g| g.id == c.program) {
            None => {
                let ids: Vec<&str> = s.programs.iter().map(|g| g.id.as_str()).collect();
                self.err(
                    at("program"),
                    format!(
                        "no program has the id \"{}\"; the programs are {ids:?}",
                        c.program
                    ),
                );
            }
            Some(g) => {
                if !seen.insert(c.program.clone()) {
                    self.err(
                        at("program"),
                        format!(
                            "\"{}\" is already a candidate; give each program once",
                            c.program
                        ),
                    );
                }
                if g.units == Units::Unlimited {
                    self.err(
                        at("program"),
                        format!(
                            "\"{}\" has unlimited units; a candidate needs a program with a number of units",
                            c.program
                        ),
                    );
                }
                if c.staff_fte_per_unit.is_some() && g.staff_per_resident.is_some() {
                    self.err(
                        at("staff_fte_per_unit"),
                        format!(
                            "\"{}\" is staffed per resident (staff_per_resident); its staff already grows with its residents",
                            c.program
                        ),
                    );
                }
            }
        }
        if c.max_units > MAX_UNITS {
            self.err(
                at("max_units"),
                format!("must be at most {MAX_UNITS}, found {}", c.max_units),
            );
        }
        if c.min_units > c.max_units {
            self.err(
                at("max_units"),
                format!(
                    "must be at least min_units ({}), found {}",
                    c.min_units, c.max_units
                ),
            );
        }
        if c.step == 0 {
            self.err(at("step"), "must be at least 1, found 0");
        }
        for (f, x) in [
            ("staff_fte_per_unit", c.staff_fte_per_unit),
            ("guards_fte_per_unit", c.guards_fte_per_unit),
            ("caretaker_fte_per_unit", c.caretaker_fte_per_unit),
        ] {
            if let Some(x) = x {
                self.range(at(f), x, 0.0, MAX_FTE_PER_UNIT);
            }
        }
        for (f, x) in [
            ("capital_per_unit_month_nok", c.capital_per_unit_month_nok),
            (
                "running_per_occupied_unit_month_nok",
                c.running_per_occupied_unit_month_nok,
            ),
        ] {
            if let Some(x) = x {
                self.nok(at(f), x);
            }
        }
    }

    fn plan_target(&mut self, s: &Scenario, i: usize, t: &PlanTarget) {
        let at = |f: &str| format!("plan.targets[{i}].{f}");
        let whole = format!("plan.targets[{i}]");
        match (t.measure, t.category) {
            (PlanMeasure::WaitingList, None) => self.err(
                at("category"),
                "a waiting_list target needs the category whose list it bounds",
            ),
            (PlanMeasure::WaitingList, Some(_)) | (_, None) => {}
            (m, Some(_)) => self.err(
                at("category"),
                format!(
                    "only a waiting_list target has a category, found one on {}",
                    serde_json::to_string(&m).unwrap_or_default()
                ),
            ),
        }
        self.plan_window(s, &at, &whole, t);
        match (t.at_least, t.at_most) {
            (Some(_), Some(_)) => {
                self.err(&*whole, "give one bound, at_least or at_most, not both")
            }
            (None, None) => self.err(&*whole, "give a bound: at_least or at_most"),
            (Some(x), None) => self.plan_bound(at("at_least"), t.measure, x),
            (None, Some(x)) => self.plan_bound(at("at_most"), t.measure, x),
        }
        if let Some(p) = t.probability {
            if !(p.is_finite() && p > 0.0 && p <= 1.0) {
                self.err(
                    at("probability"),
                    format!(
                        "must be a share of replications above 0 and at most 1, found {}",
                        num(p)
                    ),
                );
            }
        }
    }

    fn plan_window(
        &mut self,
        s: &Scenario,
        at: &dyn Fn(&str) -> String,
        whole: &str,
        t: &PlanTarget,
    ) {
        // The horizon itself is checked when planning (`window_issues`): `run --months`
        // may shorten a planning file's horizon without making it invalid.
        let _ = s;
        match (t.month, t.over_months) {
            (Some(_), Some(_)) => self.err(whole, "give month or over_months, not both"),
            (None, None) => self.err(
                whole,
                "give the month measured (month) or a window (over_months)",
            ),
            (None, Some([a, b])) if a > b => self.err(
                at("over_months"),
                format!("must be [first, last] with first ≤ last, found [{a}, {b}]"),
            ),
            _ => {}
        }
    }

    fn plan_bound(&mut self, path: String, m: PlanMeasure, x: f64) {
        match m {
            PlanMeasure::GreenShare => self.range(path, x, 0.0, 1.0),
            _ => self.range(path, x, 0.0, MAX_TARGET_VALUE),
        }
    }
}

/// Targets measured after the scenario's horizon (checked when planning, not by every
/// command: `run --months` may shorten a planning file).
pub fn window_issues(s: &Scenario) -> Vec<Issue> {
    let h = s.horizon_months;
    let Some(plan) = &s.plan else {
        return Vec::new();
    };
    let mut issues = Vec::new();
    for (i, t) in plan.targets.iter().enumerate() {
        match (t.month, t.over_months) {
            (Some(m), _) if m > h => issues.push(Issue::new(
                format!("plan.targets[{i}].month"),
                format!("must be at most the horizon ({h} months), found {m}"),
            )),
            (_, Some([a, b])) if b > h => issues.push(Issue::new(
                format!("plan.targets[{i}].over_months"),
                format!("must end at the horizon ({h} months) or before, found [{a}, {b}]"),
            )),
            _ => {}
        }
    }
    issues
}
