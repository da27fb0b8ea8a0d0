//! Housing First against hospits: at how many participants does a Housing First team cost the
//! municipality less than buying hospits places (docs/sources.md §5)?
//!
//! **Deterministic** (the closed form of the Bergen case examples): team cost per month = the
//! program's fixed monthly cost (staff, guards, caretaker); saving per participant per month =
//! what one person-month of hospits costs − what one participant-month of Housing First costs
//! (extra housing outlay, rent and running cost less the resident's contribution), both priced
//! by the scenario's [`PriceList`](crate::cost::PriceList) for its perspective; break-even = the
//! smallest whole N with N × saving ≥ team cost, or none when the saving is ≤ 0. With Bergen's
//! figures (6 FTE at 756,000 NOK, 25,000 + 2,000 NOK hospits) it gives 14, and 18 with a 6,000
//! NOK extra outlay. It assumes every place is always filled and nobody leaves: the figure to
//! quote for "how large must a team be to pay for itself".
//!
//! **Monte Carlo** (the engine): the curve point at N is the scenario with the Housing First
//! program at N places against the same scenario with it at 0 places (no team; everyone it
//! would have housed stays in hospits), run with the same random streams and paired
//! replication by replication. Participants leave Housing First at the scenario's rates
//! (including breakdowns that depend on the team's staff per participant), cost a turnover when
//! they move out, and vacant places are refilled from the hospits queue. The net saving per
//! month (undiscounted, like the closed form) is a distribution over replications: the figure to
//! quote for "what will a team of this size save here, and how sure is it". With no leaving and
//! the queue long enough it equals the closed form exactly.

mod setup;

pub use setup::{
    at_places, resolve, Overrides, Setup, SetupError, Sourced, MAX_CURVE_CELLS, MAX_PARTICIPANTS,
};

use crate::engine::Replication;
use crate::keyed::Named;
use crate::model::Model;
use crate::run::{Batch, Progress};
use crate::stat::Stat;
use serde::Serialize;
use std::ops::Range;

/// The deterministic break-even.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Deterministic {
    /// Smallest whole number of participants at which Housing First costs no more than hospits;
    /// `None` when it never does.
    pub break_even_participants: Option<u32>,
    /// Why there is no break-even, when there is none.
    pub reason: Option<String>,
    /// The team's cost per month.
    pub team_cost_per_month: f64,
    /// What one participant in Housing First instead of hospits saves per month.
    pub saving_per_participant_per_month: f64,
}

/// Relative tolerance in comparing N × saving with the team cost, so that figures meant to
/// divide exactly (378,000 ÷ 27,000 = 14) are not pushed to the next N by rounding.
const EXACT: f64 = 1e-12;

/// The closed form: the smallest whole N with N × `saving` ≥ `team` (per month).
pub fn deterministic(team: f64, saving: f64) -> Deterministic {
    let (n, reason) = if team <= 0.0 && saving >= 0.0 {
        (Some(1), None)
    } else if saving <= 0.0 {
        (
            None,
            Some(format!(
                "a participant in Housing First saves {saving:.0} NOK a month (hospits minus extra \
                 outlay and other costs), so no number of participants pays for the team"
            )),
        )
    } else {
        let n = (team / saving * (1.0 - EXACT)).ceil().max(1.0);
        if n > u32::MAX as f64 {
            (
                None,
                Some("the break-even is beyond any realistic number of participants".into()),
            )
        } else {
            (Some(n as u32), None)
        }
    };
    Deterministic {
        break_even_participants: n,
        reason,
        team_cost_per_month: team,
        saving_per_participant_per_month: saving,
    }
}

/// The closed form priced by `model`'s price list: the team is the Housing First program's
/// fixed monthly cost; the saving is one hospits person-month less one Housing First
/// participant-month, each as the scenario's perspective counts it.
pub fn deterministic_for(model: &Model, housing_first: usize, hospits: usize) -> Deterministic {
    let prices = model.prices();
    let month = |g: usize, occupied: u32| {
        let program = &model.programs()[g];
        let units = program.units().map(|_| occupied);
        prices.program_month_counted(g, program.staff_month(occupied), units, occupied)
    };
    let team = month(housing_first, 0);
    let per_participant = month(housing_first, 1) - team;
    let per_hospits_month = month(hospits, 1) - month(hospits, 0);
    deterministic(team, per_hospits_month - per_participant)
}

/// One point of the curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    /// Number of Housing First places.
    pub participants: u32,
    /// Net saving per month of Housing First against hospits (positive: Housing First is
    /// cheaper), averaged over the months.
    pub net_saving_per_month: Stat,
    /// Share of replications in which Housing First costs no more than hospits.
    pub probability_hf_cheaper: f64,
    /// Mean number of places occupied.
    pub mean_participants_housed: f64,
}

/// Where the Monte Carlo curve crosses (`None` when it does not within the curve).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Crossings {
    /// Smallest N whose expected net saving is ≥ 0.
    pub expected_break_even_participants: Option<u32>,
    /// Smallest N at which Housing First is cheaper with probability ≥ 50 %.
    pub participants_for_probability_50: Option<u32>,
    /// Smallest N at which Housing First is cheaper with probability ≥ 90 %.
    pub participants_for_probability_90: Option<u32>,
}

/// What the two figures mean, for whoever quotes them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Interpretation {
    /// What the deterministic break-even assumes and answers.
    pub deterministic: &'static str,
    /// What the Monte Carlo curve adds.
    pub monte_carlo: &'static str,
}

const INTERPRETATION: Interpretation = Interpretation {
    deterministic: "Closed form: every place always filled, nobody leaves. The number of \
        participants at which the team's cost is covered by the hospits months it saves; quote it \
        for how large a team must be to pay for itself.",
    monte_carlo: "The scenario simulated with the Housing First program at N places against no \
        program (everyone in hospits), same random streams: participants leave, places stand empty \
        until refilled, departures cost repairs. Quote the curve for what a team of a given size \
        can be expected to save in this municipality, with its uncertainty.",
};

/// The whole analysis, as `housing-sim break-even` prints it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakEvenResult {
    /// The scenario, if one was given.
    pub scenario: Option<String>,
    /// Every input with its source.
    pub parameters: Named<Sourced>,
    /// The closed-form break-even.
    pub deterministic: Deterministic,
    /// The Monte Carlo curve, N = 1..max.
    pub curve: Vec<CurvePoint>,
    /// Where the curve crosses.
    pub monte_carlo: Crossings,
    /// The scenario's Housing First program at its own number of places, if limited and on the
    /// curve.
    pub at_program_places: Option<AtPlaces>,
    /// What the deterministic and the Monte Carlo figures each mean.
    pub interpretation: Interpretation,
    /// Replications per N.
    pub replications: u32,
    /// Random seed.
    pub seed: u64,
    /// Months simulated.
    pub months: u32,
    /// Wall time (the only field that differs between identical runs).
    pub elapsed_seconds: f64,
}

/// The program at its own size: the yearly gain against the team's yearly cost.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AtPlaces {
    /// Places.
    pub places: u32,
    /// Net saving per year (12 × the monthly net saving).
    pub net_saving_per_year: Stat,
    /// The team's cost per year.
    pub team_cost_per_year: f64,
    /// Gross saving per year (net saving plus the team cost) ÷ team cost per year: how many
    /// times its own cost the team brings back.
    pub gain_to_team_cost: f64,
}

/// Net saving per month and participants housed of N places against none, one replication.
pub type Paired = (f64, f64);

/// The Monte Carlo curve for N = 1..max through the one driver: [`curve_records`] of every
/// replication, then [`curve_from`].
pub fn curve(setup: &Setup, progress: &dyn Progress) -> Result<Vec<CurvePoint>, SetupError> {
    let records = curve_records(setup, 0..setup.settings.replications() as u64, progress)?;
    Ok(curve_from(setup, &records))
}

/// The curve's records of the replications in `range` (a shard's share): for replication i,
/// N = 1..max places paired with none (`[i][N − 1]`). Variant 0 is the scenario without the
/// program, variant N the program at N places; every variant runs replication i with the
/// same stream.
pub fn curve_records(
    setup: &Setup,
    range: Range<u64>,
    progress: &dyn Progress,
) -> Result<Vec<Vec<Paired>>, SetupError> {
    let models = (0..=setup.max_participants)
        .map(|n| Ok(Model::new(&at_places(setup, n)?)?))
        .collect::<Result<Vec<Model>, SetupError>>()?;
    let hf = setup.housing_first;
    let months = setup.scenario.horizon_months as f64;
    let pair = |_: u64, reps: Vec<Replication>| -> Vec<Paired> {
        let none = reps[0].ledger.total();
        reps[1..]
            .iter()
            .map(|r| {
                let saving = (none - r.ledger.total()) / months;
                (saving, r.program_person_months[hf] as f64 / months)
            })
            .collect()
    };
    let out = Batch::new(models.iter().collect(), setup.settings)?
        .replications_in(range)?
        .progress(progress)
        .run(pair)?;
    Ok(out.records)
}

/// The curve from every replication's records (in replication order).
pub fn curve_from(setup: &Setup, records: &[Vec<Paired>]) -> Vec<CurvePoint> {
    (1..=setup.max_participants)
        .map(|n| {
            let k = n as usize - 1;
            let savings: Vec<f64> = records
                .iter()
                .map(|r| r.get(k).map_or(f64::NAN, |p| p.0))
                .collect();
            let housed: f64 = records.iter().map(|r| r.get(k).map_or(0.0, |p| p.1)).sum();
            CurvePoint {
                participants: n,
                probability_hf_cheaper: savings.iter().filter(|s| **s >= 0.0).count() as f64
                    / savings.len() as f64,
                net_saving_per_month: Stat::of(&savings),
                mean_participants_housed: housed / records.len() as f64,
            }
        })
        .collect()
}

/// Where the curve crosses.
pub fn crossings(points: &[CurvePoint]) -> Crossings {
    let first =
        |f: &dyn Fn(&CurvePoint) -> bool| points.iter().find(|c| f(c)).map(|c| c.participants);
    Crossings {
        expected_break_even_participants: first(&|c| c.net_saving_per_month.mean >= 0.0),
        participants_for_probability_50: first(&|c| c.probability_hf_cheaper >= 0.5),
        participants_for_probability_90: first(&|c| c.probability_hf_cheaper >= 0.9),
    }
}

/// Run the analysis for a resolved setup: [`curve_records`] of every replication, then
/// [`summarise`].
pub fn analyse(setup: &Setup, progress: &dyn Progress) -> Result<BreakEvenResult, SetupError> {
    let start = std::time::Instant::now();
    let records = curve_records(setup, 0..setup.settings.replications() as u64, progress)?;
    summarise(setup, &records, start.elapsed().as_secs_f64())
}

/// The analysis from the curve's records of every replication (in replication order).
pub fn summarise(
    setup: &Setup,
    records: &[Vec<Paired>],
    elapsed_seconds: f64,
) -> Result<BreakEvenResult, SetupError> {
    let model = Model::new(&setup.scenario)?;
    let deterministic = deterministic_for(&model, setup.housing_first, setup.hospits);
    let curve = curve_from(setup, records);
    let team_year = 12.0 * deterministic.team_cost_per_month;
    let at_program_places = setup.program_places.and_then(|n| {
        let point = curve.get((n as usize).checked_sub(1)?)?;
        let per_year = point.net_saving_per_month.scaled(12.0);
        Some(AtPlaces {
            places: n,
            gain_to_team_cost: if team_year > 0.0 {
                (per_year.mean + team_year) / team_year
            } else {
                f64::INFINITY
            },
            net_saving_per_year: per_year,
            team_cost_per_year: team_year,
        })
    });
    Ok(BreakEvenResult {
        scenario: setup.from_file.then(|| setup.scenario.name.clone()),
        parameters: Named(
            setup
                .parameters
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        ),
        deterministic,
        monte_carlo: crossings(&curve),
        curve,
        at_program_places,
        interpretation: INTERPRETATION,
        replications: setup.settings.replications(),
        seed: setup.settings.seed(),
        months: setup.scenario.horizon_months,
        elapsed_seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Bergen case examples as flags: a 6-FTE team at 756,000 NOK against 25,000 + 2,000
    /// NOK of hospits, with `extra` NOK of extra housing outlay.
    pub(crate) fn bergen(extra: f64) -> Overrides {
        Overrides {
            team_fte: Some(6.0),
            fte_cost_per_year_nok: Some(756_000.0),
            hospits_housing_per_month_nok: Some(25_000.0),
            hospits_follow_up_per_month_nok: Some(2_000.0),
            extra_housing_outlay_per_month_nok: Some(extra),
            max_participants: Some(30),
            replications: Some(20),
            seed: Some(9),
            ..Overrides::default()
        }
    }

    fn closed_form(given: &Overrides) -> Deterministic {
        let setup = resolve(None, given).unwrap();
        let model = Model::new(&setup.scenario).unwrap();
        deterministic_for(&model, setup.housing_first, setup.hospits)
    }

    #[test]
    fn bergen_cases_give_14_and_18() {
        let a = closed_form(&bergen(0.0));
        assert_eq!(a.break_even_participants, Some(14));
        assert_eq!(a.team_cost_per_month, 378_000.0);
        assert_eq!(a.saving_per_participant_per_month, 27_000.0);
        assert_eq!(
            closed_form(&bergen(6_000.0)).break_even_participants,
            Some(18)
        );
    }

    #[test]
    fn hand_computed_cases() {
        // 378,000 / 20,000 = 18.9 → 19; 378,000 / 26,999.5 = 14.0003 → 15.
        assert_eq!(
            closed_form(&bergen(7_000.0)).break_even_participants,
            Some(19)
        );
        let mut p = bergen(0.0);
        p.other_hf_cost_per_participant_per_month_nok = Some(0.5);
        assert_eq!(closed_form(&p).break_even_participants, Some(15));
        // 2.5 FTE at 600,000 = 125,000 a month; saving 12,345.67 → 10.125 → 11.
        let p = Overrides {
            team_fte: Some(2.5),
            fte_cost_per_year_nok: Some(600_000.0),
            hospits_housing_per_month_nok: Some(10_000.0),
            hospits_follow_up_per_month_nok: Some(2_345.67),
            ..Overrides::default()
        };
        assert_eq!(closed_form(&p).break_even_participants, Some(11));
        assert_eq!(deterministic(0.0, 1.0).break_even_participants, Some(1));
    }

    #[test]
    fn no_saving_means_no_break_even() {
        let d = closed_form(&bergen(27_000.0));
        assert_eq!(d.break_even_participants, None);
        assert!(d.reason.unwrap().contains("saves 0 NOK"));
        assert_eq!(closed_form(&bergen(30_000.0)).break_even_participants, None);
    }

    fn curve_of(given: &Overrides) -> Vec<CurvePoint> {
        curve(&resolve(None, given).unwrap(), &()).unwrap()
    }

    #[test]
    fn without_leaving_the_engine_gives_the_closed_form_exactly() {
        for extra in [0.0, 6_000.0] {
            let mut given = bergen(extra);
            given.monthly_leaving_probability = Some(0.0);
            let points = curve_of(&given);
            let det = closed_form(&given);
            let c = crossings(&points);
            assert_eq!(
                c.expected_break_even_participants,
                det.break_even_participants
            );
            assert_eq!(
                c.participants_for_probability_50,
                det.break_even_participants
            );
            assert_eq!(
                c.participants_for_probability_90,
                det.break_even_participants
            );
            for pt in &points {
                assert_eq!(pt.net_saving_per_month.sd, 0.0);
                let exact = pt.participants as f64 * det.saving_per_participant_per_month
                    - det.team_cost_per_month;
                assert!((pt.net_saving_per_month.mean - exact).abs() < 1e-6);
                assert_eq!(pt.mean_participants_housed, pt.participants as f64);
            }
        }
    }

    #[test]
    fn leaving_makes_break_even_later_and_uncertain() {
        let mut given = bergen(0.0);
        given.monthly_leaving_probability = Some(0.05);
        given.replications = Some(200);
        let points = curve_of(&given);
        let c = crossings(&points);
        let n = c.expected_break_even_participants.unwrap();
        assert!(n > 14, "{n}");
        assert!(c.participants_for_probability_90.unwrap() >= n);
        let pt = &points[20];
        assert!(pt.net_saving_per_month.sd > 0.0);
        // With places for everyone there is no queue: leavers leave places empty.
        assert!(points[29].mean_participants_housed < 30.0);
    }

    #[test]
    fn the_curve_does_not_depend_on_the_thread_count() {
        let mut given = bergen(0.0);
        given.monthly_leaving_probability = Some(0.02);
        let run = |t| {
            let mut setup = resolve(None, &given).unwrap();
            setup.settings = setup.settings.with_threads(t).unwrap();
            curve(&setup, &()).unwrap()
        };
        assert_eq!(run(1), run(2));
    }

    #[test]
    fn too_much_work_is_refused() {
        let mut given = bergen(0.0);
        given.replications = Some(1_000_000);
        given.max_participants = Some(1_000);
        let e = resolve(None, &given).unwrap_err();
        assert!(
            matches!(
                e,
                SetupError::Run(crate::run::RunError::TooLarge {
                    option: "replications",
                    ..
                })
            ),
            "{e}"
        );
    }

    #[test]
    fn a_programs_own_rows_take_the_given_leaving_probability() {
        let mut s = resolve(None, &bergen(0.0)).unwrap().scenario;
        let hf = s
            .programs
            .iter()
            .position(|g| g.category == crate::state::Category::HousingFirst)
            .unwrap();
        let leave = |p: f64| crate::scenario::Transitions {
            to: Some([(crate::state::State::Temporary, p)].into_iter().collect()),
            bands: None,
        };
        s.programs[hf].transitions = Some(leave(0.2));
        let value = |setup: &Setup| {
            let (_, v) = setup
                .parameters
                .iter()
                .find(|(n, _)| *n == "monthly_leaving_probability")
                .unwrap();
            v.value
        };
        // The file's value is the row the program's residents draw from.
        let from_file = resolve(Some(&s), &Overrides::default()).unwrap();
        assert_eq!(value(&from_file), 0.2);
        let given = Overrides {
            monthly_leaving_probability: Some(0.03),
            ..Overrides::default()
        };
        let setup = resolve(Some(&s), &given).unwrap();
        assert_eq!(value(&setup), 0.03);
        let g = &setup.scenario.programs[hf];
        assert_eq!(g.transitions_by_profile["participants"], leave(0.03));
        // The program-wide row applied to the participants alone: it goes.
        assert_eq!(g.transitions, None);
        assert!(Model::new(&setup.scenario).is_ok());
    }

    #[test]
    fn inputs_are_checked() {
        let mut given = bergen(0.0);
        given.monthly_leaving_probability = Some(1.5);
        assert!(matches!(
            resolve(None, &given),
            Err(SetupError::Input {
                name: "monthly_leaving_probability",
                ..
            })
        ));
        let mut given = bergen(0.0);
        given.refill_probability_per_month = Some(1.0);
        assert!(matches!(
            resolve(None, &given),
            Err(SetupError::Input {
                name: "refill_probability_per_month",
                ..
            })
        ));
        let mut given = bergen(0.0);
        given.team_fte = None;
        assert!(matches!(
            resolve(None, &given),
            Err(SetupError::Input {
                name: "team_fte",
                ..
            })
        ));
    }
}
