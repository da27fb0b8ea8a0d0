//! The rules a parsed scenario must keep. Each broken rule becomes an [`Issue`] with the field
//! path and a message saying what was expected and what was found; all are reported at once.

use super::error::Issue;
use super::types::*;
use crate::cost::{CostItem, Payer};
use crate::state::{Category, State};
use std::collections::{BTreeSet, HashMap};

/// Most units one program may have (larger counts are almost certainly typing errors).
pub const MAX_UNITS: u32 = 1_000_000;
/// Longest horizon in months (100 years).
pub const MAX_HORIZON_MONTHS: u32 = 1200;
/// Most replications in one run.
pub const MAX_REPLICATIONS: u32 = 1_000_000;
/// Most residents one replication may hold: initial residents plus expected arrivals.
pub const MAX_RESIDENTS: f64 = 10_000_000.0;
/// Most profiles and most programs in a scenario.
pub const MAX_PROFILES_OR_PROGRAMS: usize = 10_000;
/// Tolerance for outgoing probabilities summing to more than 1 through rounding.
pub const SUM_TOLERANCE: f64 = 1e-9;

/// Check every rule; an empty result means the scenario is valid.
pub fn validate(s: &Scenario) -> Vec<Issue> {
    let mut v = Validator::default();
    v.scenario(s);
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
                format!("must be a number from {lo} to {hi}, found {x}"),
            );
        }
    }

    fn probability(&mut self, path: impl Into<String>, p: f64) {
        if !(p.is_finite() && (0.0..=1.0).contains(&p)) {
            self.err(
                path,
                format!("must be a probability from 0 to 1, found {p}"),
            );
        }
    }

    fn nok(&mut self, path: impl Into<String>, x: f64) {
        self.range(path, x, 0.0, 1e12);
    }

    fn id(&mut self, path: String, id: &str, seen: &mut BTreeSet<String>, what: &str) {
        if id.trim().is_empty() {
            self.err(path, format!("{what} id must not be empty"));
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
        self.costs(&s.costs);
        self.targets(s);
        if let Some(b) = &s.break_even {
            self.break_even(s, b);
        }
        self.sources(s);
    }

    fn program(&mut self, i: usize, g: &Program, profiles: &HashMap<&str, usize>) {
        let at = |f: &str| format!("programs[{i}].{f}");
        if let Some(accepts) = &g.accepts {
            let mut seen = BTreeSet::new();
            for (j, id) in accepts.iter().enumerate() {
                if !profiles.contains_key(id.as_str()) {
                    self.err(
                        at(&format!("accepts[{j}]")),
                        format!("no profile has the id \"{id}\""),
                    );
                } else if !seen.insert(id) {
                    self.err(
                        at(&format!("accepts[{j}]")),
                        format!("\"{id}\" listed twice"),
                    );
                }
            }
        }
        self.range(at("staff_fte"), g.staff_fte, 0.0, 100_000.0);
        if let Some(r) = g.staff_per_resident {
            self.range(at("staff_per_resident"), r, 0.0, 100.0);
            if g.staff_fte > 0.0 {
                self.err(
                    at("staff_per_resident"),
                    "give either staff_fte (a fixed team) or staff_per_resident (ratio-driven), not both",
                );
            }
        }
        self.range(at("guards_fte"), g.guards_fte, 0.0, 100_000.0);
        self.range(at("caretaker_fte"), g.caretaker_fte, 0.0, 100_000.0);
        if let Some(c) = g.fte_cost_per_year_nok {
            self.nok(at("fte_cost_per_year_nok"), c);
        }
        self.nok(
            at("capital_per_unit_month_nok"),
            g.capital_per_unit_month_nok,
        );
        if g.capital_per_unit_month_nok > 0.0 && g.units == Units::Unlimited {
            self.err(
                at("capital_per_unit_month_nok"),
                "a capital cost for every unit needs a limited number of units, but units is \"unlimited\"",
            );
        }
        self.nok(
            at("running_per_occupied_unit_month_nok"),
            g.running_per_occupied_unit_month_nok,
        );
        self.nok(
            at("rent_per_occupied_unit_month_nok"),
            g.rent_per_occupied_unit_month_nok,
        );
        if g.rent_per_occupied_unit_month_nok > 0.0 && g.category != Category::HousingFirst {
            self.err(
                at("rent_per_occupied_unit_month_nok"),
                format!(
                    "dwelling rent is for housing_first programs; this program is {}",
                    g.category
                ),
            );
        }
        if let Some(h) = &g.hospits {
            self.nok(at("hospits.housing_per_month_nok"), h.housing_per_month_nok);
            self.nok(
                at("hospits.follow_up_per_month_nok"),
                h.follow_up_per_month_nok,
            );
            if g.category != Category::Temporary {
                self.err(
                    at("hospits"),
                    format!(
                        "hospits prices are for temporary programs; this program is {}",
                        g.category
                    ),
                );
            }
        }
        self.nok(
            at("resident_contribution_per_month_nok"),
            g.resident_contribution_per_month_nok,
        );
        self.nok(
            at("extra_housing_outlay_per_month_nok"),
            g.extra_housing_outlay_per_month_nok,
        );
        self.probability(at("damage_reduction"), g.damage_reduction);
    }

    /// Returns the residents this profile brings: initial plus expected arrivals.
    fn profile(&mut self, i: usize, p: &Profile, s: &Scenario) -> f64 {
        let at = |f: &str| format!("profiles[{i}].{f}");
        let accepted = |c: Category| accepting_programs(s, &p.id, c).next().is_some();
        let need_program = |v: &mut Validator, path: String, c: Category, why: &str| {
            if !accepted(c) {
                v.err(
                    path,
                    format!("{why} {c}, but no {c} program accepts profile \"{}\"", p.id),
                );
            }
        };

        let mut seen = BTreeSet::new();
        for (j, c) in p.misplaced_in.iter().enumerate() {
            let path = at(&format!("misplaced_in[{j}]"));
            if *c == p.needs {
                self.err(
                    path,
                    format!("cannot be the category the profile needs ({c})"),
                );
            } else if !seen.insert(*c) {
                self.err(path, format!("{c} listed twice"));
            } else {
                need_program(self, path, *c, "residents may be misplaced in");
            }
        }

        let mut count: f64 = 0.0;
        for (state, n) in &p.initial {
            let path = at(&format!("initial.{state}"));
            count += *n as f64;
            if *state == State::Exited {
                self.err(
                    path,
                    "residents cannot start in exited (outside the population)",
                );
            } else if let Some(c) = state.category() {
                if *n > 0 {
                    need_program(self, path, c, "residents start in");
                }
            }
        }
        for (c, n) in &p.initial_misplaced {
            let path = at(&format!("initial_misplaced.{c}"));
            count += *n as f64;
            if *c == p.needs {
                self.err(
                    path,
                    format!("residents in {c} are not misplaced: the profile needs {c}"),
                );
            } else if *n > 0 {
                need_program(self, path.clone(), *c, "residents start misplaced in");
                need_program(self, path, p.needs, "misplaced residents wait for");
            }
        }
        for (j, w) in p.initial_waiting.iter().enumerate() {
            let path = at(&format!("initial_waiting[{j}]"));
            count += w.count as f64;
            match w.state {
                State::Temporary => need_program(self, format!("{path}.state"), Category::Temporary, "residents wait in"),
                State::Homeless | State::Institution | State::Ordinary => {}
                other => self.err(
                    format!("{path}.state"),
                    format!("residents wait in temporary, homeless, institution or ordinary, found {other}"),
                ),
            }
            if w.state == w.waiting_for.state() {
                self.err(
                    format!("{path}.waiting_for"),
                    "residents cannot wait for the category they are in",
                );
            }
            need_program(
                self,
                format!("{path}.waiting_for"),
                w.waiting_for,
                "residents wait for",
            );
        }

        if let Some(a) = &p.arrivals {
            self.range(at("arrivals.per_month"), a.per_month, 0.0, 100_000.0);
            if a.state == State::Exited {
                self.err(
                    at("arrivals.state"),
                    "new residents cannot arrive in exited",
                );
            } else if let Some(c) = a.state.category() {
                need_program(self, at("arrivals.state"), c, "residents arrive wanting");
            }
            if a.per_month.is_finite() {
                count += a.per_month * s.horizon_months as f64;
            }
        }

        for (from, t) in &p.transitions {
            let base = at(&format!("transitions.{from}"));
            if *from == State::Exited {
                self.err(base, "exited is absorbing: no transitions out of it");
                continue;
            }
            match (&t.to, &t.bands) {
                (Some(to), None) => self.row(&base, "to", *from, to, p, s),
                (None, Some(bands)) => {
                    if bands.is_empty() {
                        self.err(format!("{base}.bands"), "at least one band is needed");
                    }
                    let mut last = 0u32;
                    for (k, b) in bands.iter().enumerate() {
                        let bp = format!("{base}.bands[{k}]");
                        let is_last = k + 1 == bands.len();
                        match (b.until_month, is_last) {
                            (Some(u), false) => {
                                if u <= last {
                                    self.err(
                                        format!("{bp}.until_month"),
                                        format!("must be greater than {last} (bands in increasing order), found {u}"),
                                    );
                                }
                                last = u;
                            }
                            (None, false) => self.err(
                                format!("{bp}.until_month"),
                                "every band but the last needs until_month",
                            ),
                            (Some(_), true) => self.err(
                                format!("{bp}.until_month"),
                                "the last band has no until_month (it holds for all longer stays)",
                            ),
                            (None, true) => {}
                        }
                        self.row(&bp, "to", *from, &b.to, p, s);
                    }
                }
                _ => self.err(base, "give exactly one of \"to\" and \"bands\""),
            }
        }

        let mut seen = BTreeSet::new();
        for (j, b) in p.breakdown.iter().enumerate() {
            let bp = at(&format!("breakdown[{j}]"));
            if !seen.insert(b.category) {
                self.err(
                    format!("{bp}.category"),
                    format!("a second rule for {}", b.category),
                );
            }
            self.probability(format!("{bp}.base_probability"), b.base_probability);
            self.range(
                format!("{bp}.required_staff_per_resident"),
                b.required_staff_per_resident,
                0.0,
                100.0,
            );
            self.range(format!("{bp}.elasticity"), b.elasticity, 0.0, 100.0);
            match b.to {
                State::Temporary => need_program(
                    self,
                    format!("{bp}.to"),
                    Category::Temporary,
                    "a breakdown sends residents to",
                ),
                State::Homeless | State::Institution => {}
                other => self.err(
                    format!("{bp}.to"),
                    format!("must be temporary, homeless or institution, found {other}"),
                ),
            }
        }
        count
    }

    fn row(
        &mut self,
        base: &str,
        field: &str,
        from: State,
        to: &std::collections::BTreeMap<State, f64>,
        p: &Profile,
        s: &Scenario,
    ) {
        let mut sum = 0.0;
        for (target, prob) in to {
            let path = format!("{base}.{field}.{target}");
            if *target == from {
                self.err(
                    path,
                    "staying is the remainder (1 − sum); do not list the state itself",
                );
                continue;
            }
            self.probability(path.clone(), *prob);
            sum += prob;
            if let Some(c) = target.category() {
                if *prob > 0.0 && accepting_programs(s, &p.id, c).next().is_none() {
                    self.err(
                        path,
                        format!(
                            "residents move to {c}, but no {c} program accepts profile \"{}\"",
                            p.id
                        ),
                    );
                }
            }
        }
        if sum > 1.0 + SUM_TOLERANCE {
            self.err(
                format!("{base}.{field}"),
                format!("outgoing probabilities sum to {sum}, more than 1"),
            );
        }
    }

    fn placement(&mut self, p: &Placement) {
        let mut seen = BTreeSet::new();
        for (j, f) in p.fallback.iter().enumerate() {
            if !seen.insert(format!("{f:?}")) {
                self.err(
                    format!("placement.fallback[{j}]"),
                    format!("{f:?} listed twice"),
                );
            }
        }
        self.probability("placement.misplacement_spillover", p.misplacement_spillover);
    }

    fn costs(&mut self, c: &CostSettings) {
        self.nok("costs.fte_cost_per_year_nok", c.fte_cost_per_year_nok);
        self.range(
            "costs.discount_rate_per_year",
            c.discount_rate_per_year,
            0.0,
            1.0,
        );
        self.nok("costs.repair.ordinary_nok", c.repair.ordinary_nok);
        self.nok(
            "costs.repair.aggressive_min_nok",
            c.repair.aggressive_min_nok,
        );
        self.nok(
            "costs.repair.aggressive_max_nok",
            c.repair.aggressive_max_nok,
        );
        if c.repair.aggressive_min_nok > c.repair.aggressive_max_nok {
            self.err(
                "costs.repair.aggressive_max_nok",
                format!(
                    "must be at least aggressive_min_nok ({}), found {}",
                    c.repair.aggressive_min_nok, c.repair.aggressive_max_nok
                ),
            );
        }
        self.range(
            "costs.moving_staff_hours_per_move",
            c.moving_staff_hours_per_move,
            0.0,
            10_000.0,
        );
        self.range(
            "costs.hours_per_fte_year",
            c.hours_per_fte_year,
            1.0,
            8_784.0,
        );
        self.nok(
            "costs.person_month_nok.homeless",
            c.person_month_nok.homeless,
        );
        self.nok(
            "costs.person_month_nok.institution",
            c.person_month_nok.institution,
        );
        self.nok(
            "costs.person_month_nok.ordinary_follow_up",
            c.person_month_nok.ordinary_follow_up,
        );
        if c.payers.get(&CostItem::ResidentContribution) == Some(&Payer::Resident) {
            self.err(
                "costs.payers.resident_contribution",
                "names who receives residents' rent; it cannot be the resident",
            );
        }
    }

    fn targets(&mut self, s: &Scenario) {
        for (i, t) in s.targets.iter().enumerate() {
            let at = |f: &str| format!("targets[{i}].{f}");
            self.range(at("value"), t.value, 0.0, 1e9);
            self.range(at("tolerance"), t.tolerance, 0.0, 1e9);
            match &t.measure {
                Measure::Retention { months, .. } => {
                    if !crate::engine::RETENTION_MONTHS.contains(months) {
                        self.err(
                            at("measure.retention.months"),
                            format!(
                                "retention is reported after 12, 24 or 36 months, found {months}"
                            ),
                        );
                    }
                }
                Measure::ColourShare { month, .. } => {
                    if *month > MAX_HORIZON_MONTHS {
                        self.err(
                            at("measure.colour_share.month"),
                            format!("must be at most {MAX_HORIZON_MONTHS}, found {month}"),
                        );
                    }
                }
                Measure::MeanWaitingList { .. } => {}
            }
        }
    }

    fn break_even(&mut self, s: &Scenario, b: &BreakEvenSettings) {
        let program = |id: &Option<String>, path: &str, want: Category, v: &mut Validator| {
            if let Some(id) = id {
                match s.programs.iter().find(|g| &g.id == id) {
                    None => v.err(path, format!("no program has the id \"{id}\"")),
                    Some(g) if g.category != want => v.err(
                        path,
                        format!(
                            "\"{id}\" is a {} program; a {want} program is needed",
                            g.category
                        ),
                    ),
                    Some(_) => {}
                }
            }
        };
        program(
            &b.housing_first_program,
            "break_even.housing_first_program",
            Category::HousingFirst,
            self,
        );
        program(
            &b.hospits_program,
            "break_even.hospits_program",
            Category::Temporary,
            self,
        );
        if let Some(id) = &b.participant_profile {
            if !s.profiles.iter().any(|p| &p.id == id) {
                self.err(
                    "break_even.participant_profile",
                    format!("no profile has the id \"{id}\""),
                );
            }
        }
        if let Some(n) = b.max_participants {
            self.range("break_even.max_participants", n as f64, 1.0, 10_000.0);
        }
        if let Some(f) = b.refill_probability_per_month {
            self.probability("break_even.refill_probability_per_month", f);
        }
    }

    fn sources(&mut self, s: &Scenario) {
        let doc = match serde_json::to_value(s) {
            Ok(doc) => doc,
            Err(e) => return self.err("", format!("cannot re-read the scenario: {e}")),
        };
        for (key, text) in &s.sources {
            let path = format!("sources.{key}");
            if !path_exists(&doc, key) {
                self.err(
                    path.clone(),
                    format!("\"{key}\" is not a field path in this scenario"),
                );
            }
            let cited = text.starts_with("FACTS.md §") || text.starts_with("W1.md");
            let assumed = text
                .strip_prefix("assumption:")
                .is_some_and(|reason| !reason.trim().is_empty());
            if !(cited || assumed) {
                self.err(
                    path,
                    "must start with \"FACTS.md §<section>\", \"W1.md\" or \"assumption: <reason>\"",
                );
            }
        }
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
            match node.get(key) {
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
