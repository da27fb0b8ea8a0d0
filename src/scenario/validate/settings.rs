//! The rules of costs, calibration targets, break-even settings and sources.

use super::*;

impl Validator {
    pub(super) fn costs(&mut self, c: &CostSettings) {
        if let Err(message) = crate::scenario::currency::check_code(&c.currency) {
            self.err("costs.currency", message);
        }
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
                    num(c.repair.aggressive_min_nok),
                    num(c.repair.aggressive_max_nok)
                ),
            );
        }
        self.range(
            "costs.moving_staff_hours_per_move",
            c.moving_staff_hours_per_move,
            0.0,
            MAX_MOVING_STAFF_HOURS,
        );
        self.range(
            "costs.hours_per_fte_year",
            c.hours_per_fte_year,
            MIN_HOURS_PER_FTE_YEAR,
            MAX_HOURS_PER_FTE_YEAR,
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

    pub(super) fn targets(&mut self, s: &Scenario) {
        for (i, t) in s.targets.iter().enumerate() {
            let at = |f: &str| format!("targets[{i}].{f}");
            self.range(at("value"), t.value, 0.0, MAX_TARGET_VALUE);
            self.range(at("tolerance"), t.tolerance, 0.0, MAX_TARGET_VALUE);
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
                Measure::MeanWaitingList { .. }
                | Measure::WaitingListArrivalsPerYear { .. }
                | Measure::MovesOutPerYear { .. }
                | Measure::MeanMisplaced {}
                | Measure::FinalMisplaced {} => {}
            }
        }
    }

    pub(super) fn break_even(&mut self, s: &Scenario, b: &BreakEvenSettings) {
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
            let max = MAX_BREAK_EVEN_PARTICIPANTS as f64;
            self.range("break_even.max_participants", n as f64, 1.0, max);
        }
        if let Some(f) = b.refill_probability_per_month {
            self.probability("break_even.refill_probability_per_month", f);
        }
    }

    pub(super) fn sources(&mut self, s: &Scenario) {
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
            let cited = text
                .strip_prefix("docs/sources.md §")
                .is_some_and(|section| section.starts_with(|c: char| c.is_ascii_digit()))
                || text.starts_with("docs/benchmarks.md");
            let assumed = text
                .strip_prefix("assumption:")
                .is_some_and(|reason| !reason.trim().is_empty());
            if !(cited || assumed) {
                self.err(
                    path,
                    "must start with \"docs/sources.md §<section>\", \"docs/benchmarks.md\" or \"assumption: <reason>\"",
                );
            }
        }
    }
}
