//! Warnings: what a valid scenario may say but most likely does not mean. A price given per
//! year where the field is per month (or the other way round) is the mix-up planners make most
//! often; it cannot be told apart from a real price for certain, so it is a warning (with the
//! field path), not an error. The thresholds sit far from every price in docs/sources.md and
//! close to where the same price in the wrong unit lands.

use super::num;
use crate::scenario::{Issue, Program, Scenario, Units};

/// A capital or running cost per unit-month above this is most likely a yearly figure. The
/// dearest place in docs/sources.md, bought from a non-profit with its follow-up, costs 26,667
/// NOK a month (320,000 a year, §8); even Trondheim's women's programme at 5 MNOK a year for
/// 7 places (§8, staff included) is about 60,000 a month. The yearly 320,000 lands above it.
pub const MAX_UNIT_MONTH_NOK: f64 = 150_000.0;
/// A hospits price per person-month above this is most likely a yearly figure: the reports'
/// price is 25,000 for housing plus 2,000 for follow-up a month (docs/sources.md §5), so a
/// year of housing (300,000) lands above it, eight months' worth below.
pub const MAX_HOSPITS_MONTH_NOK: f64 = 200_000.0;
/// A dwelling rent, a resident's own rent or the municipality's extra housing outlay per
/// month above this is most likely a yearly figure: it is twice a month of hospits housing
/// (25,000, docs/sources.md §5), dearer than any dwelling there, while a yearly rent of an
/// ordinary flat (docs/sources.md §8a: 9,000 a month, 108,000 a year) lands above it.
pub const MAX_HOUSING_MONTH_NOK: f64 = 50_000.0;
/// A full annual cost per FTE below this (and above zero) is most likely a monthly figure:
/// the reports' 756,000 a year (docs/sources.md §5) is 63,000 a month, and no full-time post
/// costs less than 100,000 a year. Zero stays silent: staff paid within a contract price
/// (docs/sources.md §8) cost nothing extra.
pub const MIN_FTE_YEAR_NOK: f64 = 100_000.0;

/// Every likely unit mix-up in `s`, each at its field path; empty when there is none, and for
/// a scenario in another currency than NOK (the thresholds are Norwegian prices).
pub fn warnings(s: &Scenario) -> Vec<Issue> {
    let mut out = Vec::new();
    if s.costs.currency != crate::cost::defaults::CURRENCY {
        return out;
    }
    fte_cost(
        &mut out,
        "costs.fte_cost_per_year_nok".into(),
        s.costs.fte_cost_per_year_nok,
    );
    for (i, g) in s.programs.iter().enumerate() {
        program(&mut out, i, g);
    }
    out
}

fn program(out: &mut Vec<Issue>, i: usize, g: &Program) {
    let at = |f: &str| format!("programs[{i}].{f}");
    if let Some(c) = g.fte_cost_per_year_nok {
        fte_cost(out, at("fte_cost_per_year_nok"), c);
    }
    let monthly = [
        (
            "capital_per_unit_month_nok",
            g.capital_per_unit_month_nok,
            MAX_UNIT_MONTH_NOK,
        ),
        (
            "running_per_occupied_unit_month_nok",
            g.running_per_occupied_unit_month_nok,
            MAX_UNIT_MONTH_NOK,
        ),
        (
            "rent_per_occupied_unit_month_nok",
            g.rent_per_occupied_unit_month_nok,
            MAX_HOUSING_MONTH_NOK,
        ),
        (
            "resident_contribution_per_month_nok",
            g.resident_contribution_per_month_nok,
            MAX_HOUSING_MONTH_NOK,
        ),
        (
            "extra_housing_outlay_per_month_nok",
            g.extra_housing_outlay_per_month_nok,
            MAX_HOUSING_MONTH_NOK,
        ),
    ];
    for (field, value, max) in monthly {
        per_month(out, at(field), value, max);
    }
    if let Some(h) = &g.hospits {
        let hospits = [
            ("hospits.housing_per_month_nok", h.housing_per_month_nok),
            ("hospits.follow_up_per_month_nok", h.follow_up_per_month_nok),
        ];
        for (field, value) in hospits {
            per_month(out, at(field), value, MAX_HOSPITS_MONTH_NOK);
        }
    }
}

fn per_month(out: &mut Vec<Issue>, path: String, value: f64, max: f64) {
    if value > max {
        out.push(Issue::new(
            path,
            format!(
                "{} NOK a month is more than {} and looks like a yearly figure; the field is \
                 per month (a twelfth would be {:.0})",
                num(value),
                num(max),
                value / 12.0
            ),
        ));
    }
}

fn fte_cost(out: &mut Vec<Issue>, path: String, value: f64) {
    if value > 0.0 && value < MIN_FTE_YEAR_NOK {
        out.push(Issue::new(
            path,
            format!(
                "{} NOK a year per FTE is less than {} and looks like a monthly figure; the \
                 field is per year (twelve months would be {:.0})",
                num(value),
                num(MIN_FTE_YEAR_NOK),
                value * 12.0
            ),
        ));
    }
}

/// Programs with a limited number of units and no price for them: no capital or rent per
/// unit, no running cost per occupied unit and no hospits price. Their places cost only their
/// staff, so a variant with more of them looks cheaper than it is.
pub fn unpriced_programs(s: &Scenario) -> Vec<&str> {
    s.programs
        .iter()
        .filter(|g| matches!(g.units, Units::Limited(_)))
        .filter(|g| {
            g.capital_per_unit_month_nok == 0.0
                && g.running_per_occupied_unit_month_nok == 0.0
                && g.rent_per_occupied_unit_month_nok == 0.0
                && g.hospits.is_none()
        })
        .map(|g| g.id.as_str())
        .collect()
}

/// The warning `compare` and `plan` give for a scenario with [`unpriced_programs`], or `None`.
pub fn unpriced_warning(s: &Scenario) -> Option<String> {
    let ids = unpriced_programs(s);
    if ids.is_empty() {
        return None;
    }
    let (noun, verb) = if ids.len() == 1 {
        ("program", "has")
    } else {
        ("programs", "have")
    };
    Some(format!(
        "scenario \"{}\": {noun} {} {verb} no capital or unit costs: more places will look \
         cheaper than they are (give capital_per_unit_month_nok or \
         running_per_occupied_unit_month_nok)",
        s.name,
        ids.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::HospitsPrice;
    use crate::state::Category;

    fn paths(s: &Scenario) -> Vec<String> {
        warnings(s).into_iter().map(|i| i.path).collect()
    }

    #[test]
    fn the_reports_prices_raise_no_warning() {
        let mut s = Scenario::new("prices", 12);
        let mut place = Program::new("nonprofit", Category::Congregate, Units::Limited(30));
        place.capital_per_unit_month_nok = 320_000.0 / 12.0;
        place.fte_cost_per_year_nok = Some(0.0);
        let mut hospits = Program::new("hospits", Category::Temporary, Units::Unlimited);
        hospits.hospits = Some(HospitsPrice::default());
        s.programs = vec![place, hospits];
        assert!(warnings(&s).is_empty(), "{:?}", warnings(&s));
        assert!(unpriced_programs(&s).is_empty());
    }

    #[test]
    fn yearly_prices_in_monthly_fields_are_caught() {
        let mut s = Scenario::new("yearly", 12);
        let mut g = Program::new("flats", Category::Congregate, Units::Limited(10));
        g.capital_per_unit_month_nok = 320_000.0;
        g.resident_contribution_per_month_nok = 84_000.0;
        let mut h = Program::new("hospits", Category::Temporary, Units::Unlimited);
        h.hospits = Some(HospitsPrice {
            housing_per_month_nok: 300_000.0,
            follow_up_per_month_nok: 2_000.0,
        });
        s.programs = vec![g, h];
        assert_eq!(
            paths(&s),
            [
                "programs[0].capital_per_unit_month_nok",
                "programs[0].resident_contribution_per_month_nok",
                "programs[1].hospits.housing_per_month_nok",
            ]
        );
        let text = warnings(&s)[0].message.clone();
        assert!(text.contains("a twelfth would be 26667"), "{text}");
    }

    #[test]
    fn the_thresholds_are_exclusive() {
        let mut s = Scenario::new("edges", 12);
        let mut g = Program::new("flats", Category::Congregate, Units::Limited(10));
        g.capital_per_unit_month_nok = MAX_UNIT_MONTH_NOK;
        g.fte_cost_per_year_nok = Some(MIN_FTE_YEAR_NOK);
        s.programs = vec![g];
        assert!(warnings(&s).is_empty());
        s.programs[0].capital_per_unit_month_nok = MAX_UNIT_MONTH_NOK + 1.0;
        s.programs[0].fte_cost_per_year_nok = Some(MIN_FTE_YEAR_NOK - 1.0);
        assert_eq!(
            paths(&s),
            [
                "programs[0].fte_cost_per_year_nok",
                "programs[0].capital_per_unit_month_nok"
            ]
        );
    }

    #[test]
    fn a_monthly_fte_cost_is_caught_and_zero_is_not() {
        let mut s = Scenario::new("fte", 12);
        s.costs.fte_cost_per_year_nok = 63_000.0;
        let mut g = Program::new("nonprofit", Category::Congregate, Units::Limited(10));
        g.fte_cost_per_year_nok = Some(0.0);
        g.running_per_occupied_unit_month_nok = 2_500.0;
        s.programs = vec![g];
        assert_eq!(paths(&s), ["costs.fte_cost_per_year_nok"]);
        assert!(warnings(&s)[0].message.contains("756000"));
        // The thresholds are Norwegian prices: another currency is not checked.
        s.costs.currency = "CAD".into();
        assert!(warnings(&s).is_empty());
    }

    #[test]
    fn limited_programs_without_prices_are_named() {
        let mut s = Scenario::new("unpriced", 12);
        let staffed = Program::new("x", Category::Specialized, Units::Limited(4));
        let empty = Program::new("y", Category::Congregate, Units::Limited(0));
        let mut rented = Program::new("hf", Category::HousingFirst, Units::Limited(10));
        rented.rent_per_occupied_unit_month_nok = 9_000.0;
        let unlimited = Program::new("camping", Category::Temporary, Units::Unlimited);
        s.programs = vec![staffed, empty, rented, unlimited];
        assert_eq!(unpriced_programs(&s), ["x", "y"]);
        assert_eq!(
            unpriced_warning(&s).unwrap(),
            "scenario \"unpriced\": programs x, y have no capital or unit costs: more places \
             will look cheaper than they are (give capital_per_unit_month_nok or \
             running_per_occupied_unit_month_nok)"
        );
        s.programs.truncate(1);
        assert!(unpriced_warning(&s).unwrap().contains("program x has no"));
        s.programs[0].running_per_occupied_unit_month_nok = 1.0;
        assert_eq!(unpriced_warning(&s), None);
    }
}
