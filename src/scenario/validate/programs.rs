//! The rules of programs and of placement.

use super::*;

impl Validator {
    pub(super) fn program(&mut self, i: usize, g: &Program, profiles: &HashMap<&str, usize>) {
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
    }
}
