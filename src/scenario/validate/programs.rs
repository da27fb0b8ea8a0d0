//! The rules of programs and of placement.

use super::*;

/// The path of field `f` of program `i`.
fn at(i: usize, f: &str) -> String {
    format!("programs[{i}].{f}")
}

impl Validator {
    pub(super) fn program(&mut self, i: usize, g: &Program, profiles: &HashMap<&str, usize>) {
        if let Some(accepts) = &g.accepts {
            self.accepts(i, accepts, profiles);
        }
        if let Units::Limited(n) = g.units {
            if n > MAX_UNITS {
                self.err(
                    at(i, "units"),
                    format!(
                        "at most {MAX_UNITS} units, found {n} (give \"unlimited\" for a program \
                         without a limit)"
                    ),
                );
            }
        }
        self.staffing(i, g);
        self.unit_costs(i, g);
        if let Some(h) = &g.hospits {
            self.hospits(i, g, h);
        }
        self.nok(
            at(i, "resident_contribution_per_month_nok"),
            g.resident_contribution_per_month_nok,
        );
        self.nok(
            at(i, "extra_housing_outlay_per_month_nok"),
            g.extra_housing_outlay_per_month_nok,
        );
        self.probability(at(i, "damage_reduction"), g.damage_reduction);
    }

    /// The profiles program `i` accepts: known ids, each once.
    fn accepts(&mut self, i: usize, accepts: &[String], profiles: &HashMap<&str, usize>) {
        let mut seen = BTreeSet::new();
        for (j, id) in accepts.iter().enumerate() {
            if !profiles.contains_key(id.as_str()) {
                self.err(
                    at(i, &format!("accepts[{j}]")),
                    format!("no profile has the id \"{id}\""),
                );
            } else if !seen.insert(id) {
                self.err(
                    at(i, &format!("accepts[{j}]")),
                    format!("\"{id}\" listed twice"),
                );
            }
        }
    }

    /// Staff, guards and caretakers, and what a full-time equivalent costs.
    fn staffing(&mut self, i: usize, g: &Program) {
        self.range(at(i, "staff_fte"), g.staff_fte, 0.0, MAX_FTE);
        if let Some(r) = g.staff_per_resident {
            self.range(at(i, "staff_per_resident"), r, 0.0, MAX_STAFF_PER_RESIDENT);
            if g.staff_fte > 0.0 {
                self.err(
                    at(i, "staff_per_resident"),
                    "give either staff_fte (a fixed team) or staff_per_resident (ratio-driven), not both",
                );
            }
        }
        self.range(at(i, "guards_fte"), g.guards_fte, 0.0, MAX_FTE);
        self.range(at(i, "caretaker_fte"), g.caretaker_fte, 0.0, MAX_FTE);
        if let Some(c) = g.fte_cost_per_year_nok {
            self.nok(at(i, "fte_cost_per_year_nok"), c);
        }
    }

    /// Capital, running costs and rent of the units.
    fn unit_costs(&mut self, i: usize, g: &Program) {
        self.nok(
            at(i, "capital_per_unit_month_nok"),
            g.capital_per_unit_month_nok,
        );
        if g.capital_per_unit_month_nok > 0.0 && g.units == Units::Unlimited {
            self.err(
                at(i, "capital_per_unit_month_nok"),
                "a capital cost for every unit needs a limited number of units, but units is \"unlimited\"",
            );
        }
        self.nok(
            at(i, "running_per_occupied_unit_month_nok"),
            g.running_per_occupied_unit_month_nok,
        );
        self.nok(
            at(i, "rent_per_occupied_unit_month_nok"),
            g.rent_per_occupied_unit_month_nok,
        );
        if g.rent_per_occupied_unit_month_nok > 0.0 && g.category != Category::HousingFirst {
            self.err(
                at(i, "rent_per_occupied_unit_month_nok"),
                format!(
                    "dwelling rent is for housing_first programs; this program is {}",
                    g.category
                ),
            );
        }
    }

    /// Hospits prices, for temporary programs only.
    fn hospits(&mut self, i: usize, g: &Program, h: &HospitsPrice) {
        self.nok(
            at(i, "hospits.housing_per_month_nok"),
            h.housing_per_month_nok,
        );
        self.nok(
            at(i, "hospits.follow_up_per_month_nok"),
            h.follow_up_per_month_nok,
        );
        if g.category != Category::Temporary {
            self.err(
                at(i, "hospits"),
                format!(
                    "hospits prices are for temporary programs; this program is {}",
                    g.category
                ),
            );
        }
    }

    /// Program `i`'s own rows out of its category, checked like a profile's row for the
    /// profiles each applies to: `transitions_by_profile` for the profiles it names (each one
    /// the program accepts), `transitions` for the other profiles it accepts.
    pub(super) fn program_transitions(
        &mut self,
        i: usize,
        g: &Program,
        s: &Scenario,
        profiles: &HashMap<&str, usize>,
    ) {
        let from = g.category.state();
        let accepted = |id: &str| g.accepts.as_ref().is_none_or(|a| a.iter().any(|x| x == id));
        for (id, t) in &g.transitions_by_profile {
            let path = at(i, &format!("transitions_by_profile.{id}"));
            match profiles.get(id.as_str()) {
                None => self.err(path, format!("no profile has the id \"{id}\"")),
                Some(_) if !accepted(id) => self.err(
                    path,
                    format!(
                        "the program does not accept profile \"{id}\" (see accepts), so none \
                         of its residents has it"
                    ),
                ),
                Some(&p) => self.transition(&path, from, t, &[&s.profiles[p]], s),
            }
        }
        let Some(t) = &g.transitions else {
            return;
        };
        let who: Vec<&Profile> = s
            .profiles
            .iter()
            .filter(|p| accepted(&p.id) && !g.transitions_by_profile.contains_key(&p.id))
            .collect();
        if who.is_empty() {
            self.err(
                at(i, "transitions"),
                "the row applies to no resident: every profile the program accepts has its own \
                 row in transitions_by_profile (remove one or the other)",
            );
        } else {
            self.transition(&at(i, "transitions"), from, t, &who, s);
        }
    }

    pub(super) fn placement(&mut self, p: &Placement) {
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
        self.probability(
            "placement.reneging_probability_per_month",
            p.reneging_probability_per_month,
        );
        if p.reneging_to.category().is_some() {
            self.err(
                "placement.reneging_to",
                format!(
                    "`{}` has capacity; a resident who gives up waiting goes to homeless, \
                     ordinary, institution or exited",
                    p.reneging_to.name()
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests;
