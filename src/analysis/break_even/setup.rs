//! Where the break-even's inputs come from: command-line values first, then the scenario file,
//! then the documented defaults, each recorded with its source.

use super::{BreakEvenError, Dynamics, Prices};
use crate::analysis::calibrate::monthly_leaving_probability;
use crate::cost::defaults as d;
use crate::model::{BreakdownModel, Model};
use crate::scenario::{Issue, Program};
use crate::state::{Category, State};
use serde::Serialize;
use thiserror::Error;

/// Why the break-even inputs cannot be resolved.
#[derive(Debug, Error, PartialEq)]
pub enum SetupError {
    /// The scenario cannot be used (a field path and what is wrong).
    #[error("{0}")]
    Scenario(Issue),
    /// An input is missing or out of range (named as in [`Overrides`]).
    #[error("{name}: {message}")]
    Input {
        /// The input, e.g. `team_fte`.
        name: &'static str,
        /// What is wrong.
        message: String,
    },
}

/// Values given explicitly (e.g. on the command line); each overrides the scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    /// FTE of the team.
    pub team_fte: Option<f64>,
    /// Annual cost of one FTE.
    pub fte_cost_per_year_nok: Option<f64>,
    /// Hospits housing per person-month.
    pub hospits_housing_per_month_nok: Option<f64>,
    /// Hospits follow-up per person-month.
    pub hospits_follow_up_per_month_nok: Option<f64>,
    /// Extra housing outlay per participant-month.
    pub extra_housing_outlay_per_month_nok: Option<f64>,
    /// Other Housing First cost per participant-month.
    pub other_hf_cost_per_participant_per_month_nok: Option<f64>,
    /// Monthly leaving probability (replaces the profile's rate and breakdown rule).
    pub monthly_leaving_probability: Option<f64>,
    /// Monthly refill probability of a vacant place.
    pub refill_probability_per_month: Option<f64>,
    /// Cost of a participant leaving.
    pub turnover_cost_nok: Option<f64>,
    /// Largest N.
    pub max_participants: Option<u32>,
    /// Months averaged over.
    pub months: Option<u32>,
    /// Replications per N.
    pub replications: Option<u32>,
    /// Random seed.
    pub seed: Option<u64>,
}

/// One input and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sourced {
    /// The value.
    pub value: f64,
    /// `given` (command line), a field path in the scenario, or a default with its citation.
    pub source: String,
}

/// Everything the break-even needs, with sources.
#[derive(Clone, Debug, PartialEq)]
pub struct Setup {
    /// Prices of the deterministic comparison.
    pub prices: Prices,
    /// Dynamics of the Monte Carlo curve.
    pub dynamics: Dynamics,
    /// Every input, by name, with its source (in output order).
    pub parameters: Vec<(&'static str, Sourced)>,
    /// Places of the Housing First program in the scenario, if limited.
    pub program_places: Option<u32>,
}

/// Pick `given`, else the scenario's value, else the default; record the source.
fn pick(
    out: &mut Vec<(&'static str, Sourced)>,
    name: &'static str,
    given: Option<f64>,
    scenario: Option<(f64, String)>,
    default: Option<(f64, &str)>,
) -> Result<f64, SetupError> {
    let (value, source) = match (given, scenario, default) {
        (Some(v), _, _) => (v, "given".to_owned()),
        (None, Some((v, path)), _) => (v, path),
        (None, None, Some((v, why))) => (v, format!("default: {why}")),
        (None, None, None) => {
            return Err(SetupError::Input {
                name,
                message: "needed: give it, or a scenario file".into(),
            })
        }
    };
    out.push((name, Sourced { value, source }));
    Ok(value)
}

/// Resolve the inputs from `given` values and an optional validated scenario.
pub fn resolve(model: Option<&Model>, given: &Overrides) -> Result<Setup, SetupError> {
    let s = model.map(|m| &m.scenario);
    let settings = s.and_then(|s| s.break_even.clone()).unwrap_or_default();
    let find = |id: &Option<String>, want: Category, extra: &dyn Fn(&Program) -> bool| {
        s.and_then(|s| {
            s.programs.iter().enumerate().find(|(_, g)| match id {
                Some(id) => &g.id == id,
                None => g.category == want && extra(g),
            })
        })
    };
    let hf = find(
        &settings.housing_first_program,
        Category::HousingFirst,
        &|_| true,
    );
    if let (Some(s), None) = (s, hf) {
        if given.team_fte.is_none() {
            return Err(SetupError::Scenario(Issue::new(
                "programs",
                format!(
                    "scenario \"{}\" has no housing_first program to compare with hospits",
                    s.name
                ),
            )));
        }
    }
    if let Some((i, g)) = hf {
        if g.staff_per_resident.is_some() && given.team_fte.is_none() {
            return Err(SetupError::Scenario(Issue::new(
                format!("programs[{i}].staff_per_resident"),
                "the break-even compares a fixed team (staff_fte) with hospits; this Housing First \
                 program is ratio-staffed (give the team's FTE to compare a fixed team instead)",
            )));
        }
    }
    let hospits = find(&settings.hospits_program, Category::Temporary, &|g| {
        g.hospits.is_some()
    });
    let at = |i: usize, f: &str| format!("scenario programs[{i}].{f}");
    let default_fte_cost = s.map(|s| {
        (
            s.costs.fte_cost_per_year_nok,
            "scenario costs.fte_cost_per_year_nok".to_owned(),
        )
    });

    let mut out = Vec::new();
    let team_fte = pick(
        &mut out,
        "team_fte",
        given.team_fte,
        hf.map(|(i, g)| (g.staff_fte, at(i, "staff_fte"))),
        None,
    )?;
    let fte_cost = pick(
        &mut out,
        "fte_cost_per_year_nok",
        given.fte_cost_per_year_nok,
        hf.and_then(|(i, g)| {
            g.fte_cost_per_year_nok
                .map(|c| (c, at(i, "fte_cost_per_year_nok")))
        })
        .or(default_fte_cost),
        Some((
            d::FTE_COST_PER_YEAR_NOK,
            "assumption calibrated on Bergen's 6-FTE team, FACTS.md §5",
        )),
    )?;
    let price = hospits.and_then(|(i, g)| g.hospits.clone().map(|h| (i, h)));
    let housing = pick(
        &mut out,
        "hospits_housing_per_month_nok",
        given.hospits_housing_per_month_nok,
        price.as_ref().map(|(i, h)| {
            (
                h.housing_per_month_nok,
                at(*i, "hospits.housing_per_month_nok"),
            )
        }),
        Some((d::HOSPITS_HOUSING_PER_MONTH_NOK, "FACTS.md §5")),
    )?;
    let follow_up = pick(
        &mut out,
        "hospits_follow_up_per_month_nok",
        given.hospits_follow_up_per_month_nok,
        price.as_ref().map(|(i, h)| {
            (
                h.follow_up_per_month_nok,
                at(*i, "hospits.follow_up_per_month_nok"),
            )
        }),
        Some((d::HOSPITS_FOLLOW_UP_PER_MONTH_NOK, "FACTS.md §5")),
    )?;
    let extra = pick(
        &mut out,
        "extra_housing_outlay_per_month_nok",
        given.extra_housing_outlay_per_month_nok,
        hf.map(|(i, g)| {
            (
                g.extra_housing_outlay_per_month_nok,
                at(i, "extra_housing_outlay_per_month_nok"),
            )
        }),
        Some((0.0, "no extra outlay (FACTS.md §5, first Bergen case)")),
    )?;
    let other = pick(
        &mut out,
        "other_hf_cost_per_participant_per_month_nok",
        given.other_hf_cost_per_participant_per_month_nok,
        hf.map(|(i, g)| {
            (
                g.rent_per_occupied_unit_month_nok + g.running_per_occupied_unit_month_nok
                    - g.resident_contribution_per_month_nok,
                format!(
                    "scenario programs[{i}]: rent + running cost − resident contribution per participant-month"
                ),
            )
        }),
        Some((0.0, "none (FACTS.md §5: the resident's share covers the dwelling)")),
    )?;

    // Dynamics: the participants' profile.
    let profile = s.and_then(|s| {
        let (_, g) = hf?;
        let accepted = |id: &str| g.accepts.as_ref().is_none_or(|a| a.iter().any(|x| x == id));
        s.profiles
            .iter()
            .enumerate()
            .find(|(_, p)| match &settings.participant_profile {
                Some(id) => &p.id == id,
                None => p.needs == Category::HousingFirst && accepted(&p.id),
            })
    });
    let profile_model = profile.and_then(|(pi, _)| model.map(|m| &m.profiles[pi]));
    let leaving_from_profile = profile.and_then(|(pi, p)| {
        let t = p.transitions.get(&State::HousingFirst)?;
        let row =
            t.to.as_ref()
                .or_else(|| t.bands.as_ref().and_then(|b| b.first().map(|b| &b.to)))?;
        Some((
            row.values().sum::<f64>(),
            format!("scenario profiles[{pi}].transitions.housing_first (first band)"),
        ))
    });
    let bergen_q = monthly_leaving_probability(0.70, 24).unwrap_or(0.0);
    let leaving = pick(
        &mut out,
        "monthly_leaving_probability",
        given.monthly_leaving_probability,
        leaving_from_profile.or(profile.map(|(pi, _)| {
            (
                0.0,
                format!("scenario profiles[{pi}]: no transitions out of housing_first"),
            )
        })),
        Some((
            bergen_q,
            "about 70 % still housed after 24 months (Bergen and Sandnes, FACTS.md §6)",
        )),
    )?;
    let breakdown: Option<BreakdownModel> = if given.monthly_leaving_probability.is_some() {
        None
    } else {
        profile_model.and_then(|p| p.breakdown[Category::HousingFirst.index()].clone())
    };
    let refill = pick(
        &mut out,
        "refill_probability_per_month",
        given.refill_probability_per_month,
        settings
            .refill_probability_per_month
            .map(|f| (f, "scenario break_even.refill_probability_per_month".into())),
        Some((
            0.5,
            "assumption: a vacant place is refilled in about a month on average",
        )),
    )?;
    let turnover_from_scenario = hf.and_then(|(gi, _)| {
        let m = model?;
        let g = &m.programs[gi];
        if !g.repair_on_move_out {
            return Some((0.0, at(gi, "repair_on_move_out")));
        }
        let aggressive = profile.is_some_and(|(_, p)| p.aggressive);
        let (lo, hi) = m.costs.repair_aggressive;
        let repair = if aggressive { (lo + hi) / 2.0 } else { m.costs.repair_ordinary };
        Some((
            repair * (1.0 - g.damage_reduction) + g.moving_cost,
            format!("scenario: repair after a participant (costs.repair) less programs[{gi}].damage_reduction, plus moving staff"),
        ))
    });
    let turnover = pick(
        &mut out,
        "turnover_cost_nok",
        given.turnover_cost_nok,
        turnover_from_scenario,
        Some((
            d::REPAIR_ORDINARY_NOK,
            "repair at an ordinary change of tenant, FACTS.md §7",
        )),
    )?;
    let max = pick(
        &mut out,
        "max_participants",
        given.max_participants.map(f64::from),
        settings
            .max_participants
            .map(|n| (n as f64, "scenario break_even.max_participants".into())),
        Some((60.0, "60 places")),
    )?;
    let months = pick(
        &mut out,
        "months",
        given.months.map(f64::from),
        s.map(|s| (s.horizon_months as f64, "scenario horizon_months".into())),
        Some((
            24.0,
            "two years, the horizon of the retention figures in FACTS.md §6",
        )),
    )?;
    let replications = pick(
        &mut out,
        "replications",
        given.replications.map(f64::from),
        s.map(|s| (s.replications as f64, "scenario replications".into())),
        Some((1000.0, "1000 replications")),
    )?;
    let seed = given.seed.or(s.map(|s| s.seed)).unwrap_or(1);

    let prices = Prices {
        team_fte,
        fte_cost_per_year_nok: fte_cost,
        hospits_housing_per_month_nok: housing,
        hospits_follow_up_per_month_nok: follow_up,
        extra_housing_outlay_per_month_nok: extra,
        other_hf_cost_per_participant_per_month_nok: other,
    };
    let dynamics = Dynamics {
        max_participants: max as u32,
        months: months as u32,
        monthly_leaving_probability: leaving,
        breakdown,
        refill_probability_per_month: refill,
        turnover_cost_nok: turnover,
        replications: replications as u32,
        seed,
    };
    super::check(&prices, &dynamics).map_err(|e| match e {
        BreakEvenError::Range {
            field,
            min,
            max,
            found,
        } => SetupError::Input {
            name: field,
            message: format!("must be from {min} to {max}, found {found}"),
        },
    })?;
    Ok(Setup {
        prices,
        dynamics,
        parameters: out,
        program_places: hf.and_then(|(_, g)| match g.units {
            crate::scenario::Units::Limited(n) => Some(n),
            crate::scenario::Units::Unlimited => None,
        }),
    })
}
