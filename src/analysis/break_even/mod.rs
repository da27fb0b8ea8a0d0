//! Housing First against hospits: at how many participants does a Housing First team cost the
//! municipality less than buying hospits places (FACTS.md §5)?
//!
//! **Deterministic**: team cost per month = FTE × FTE cost per year ÷ 12; saving per participant
//! per month = hospits housing + hospits follow-up − the municipality's extra housing outlay −
//! other Housing First cost per participant; break-even = the smallest whole N with
//! N × saving ≥ team cost, or none when the saving is ≤ 0. With Bergen's figures (6 FTE at
//! 756,000 NOK, 25,000 + 2,000 NOK hospits) it gives 14, and 18 with a 6,000 NOK extra outlay.
//!
//! **Monte Carlo**: for N = 1..max places, a cohort model month by month: each participant
//! leaves Housing First with the monthly leaving probability (from the retention observed, plus
//! the breakdown risk at the team's staff per participant, so a larger caseload per FTE means
//! more leavers), a leaver returns to hospits and costs a turnover (repair and moving), and each
//! vacant place is refilled from the hospits queue with the refill probability. Every housed
//! participant-month saves one hospits person-month. The net saving per month, averaged over
//! the horizon, is a distribution over replications; replication i uses the same random stream
//! for every N (common random numbers).

mod setup;

pub use setup::{resolve, Overrides, Setup, SetupError, Sourced};

use crate::engine::replication_rng;
use crate::model::BreakdownModel;
use crate::stat::Stat;
use rand_distr::{Binomial, Distribution};
use rayon::prelude::*;
use serde::Serialize;
use thiserror::Error;

/// Prices of the deterministic comparison (NOK).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Prices {
    /// FTE of the Housing First team (a fixed team).
    pub team_fte: f64,
    /// Full annual cost of one FTE.
    pub fte_cost_per_year_nok: f64,
    /// Hospits housing per person-month.
    pub hospits_housing_per_month_nok: f64,
    /// Hospits follow-up per person-month.
    pub hospits_follow_up_per_month_nok: f64,
    /// The municipality's extra housing outlay per participant-month.
    pub extra_housing_outlay_per_month_nok: f64,
    /// Other Housing First cost per participant-month (rent and running cost not covered by the
    /// resident's own share).
    pub other_hf_cost_per_participant_per_month_nok: f64,
}

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

/// The deterministic break-even for `p`.
pub fn deterministic(p: &Prices) -> Deterministic {
    let team = p.team_fte * p.fte_cost_per_year_nok / 12.0;
    let saving = p.hospits_housing_per_month_nok + p.hospits_follow_up_per_month_nok
        - p.extra_housing_outlay_per_month_nok
        - p.other_hf_cost_per_participant_per_month_nok;
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

/// Dynamics of the Monte Carlo curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dynamics {
    /// Largest number of places on the curve (1–10,000).
    pub max_participants: u32,
    /// Months averaged over.
    pub months: u32,
    /// Monthly probability that a participant leaves Housing First for other reasons than a
    /// breakdown (from the retention observed).
    pub monthly_leaving_probability: f64,
    /// Breakdown risk of participants, depending on the team's staff per participant.
    #[serde(skip)]
    pub breakdown: Option<BreakdownModel>,
    /// Monthly probability that a vacant place is refilled from the hospits queue.
    pub refill_probability_per_month: f64,
    /// Cost of one participant leaving (repair and moving staff).
    pub turnover_cost_nok: f64,
    /// Replications per N.
    pub replications: u32,
    /// Random seed.
    pub seed: u64,
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

/// The Monte Carlo curve and where it crosses.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Curve {
    /// N = 1..max.
    pub points: Vec<CurvePoint>,
    /// Where the curve crosses.
    pub crossings: Crossings,
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

/// Inputs out of range.
#[derive(Debug, Error, PartialEq)]
pub enum BreakEvenError {
    /// A number is out of its range.
    #[error("{field}: must be from {min} to {max}, found {found}")]
    Range {
        /// Which input.
        field: &'static str,
        /// Lowest allowed.
        min: f64,
        /// Highest allowed.
        max: f64,
        /// What was given.
        found: f64,
    },
}

fn range(field: &'static str, x: f64, min: f64, max: f64) -> Result<(), BreakEvenError> {
    if x.is_finite() && x >= min && x <= max {
        Ok(())
    } else {
        Err(BreakEvenError::Range {
            field,
            min,
            max,
            found: x,
        })
    }
}

/// Most (participants × replications) cells on one curve (about 1.6 GB of results).
pub const MAX_CURVE_CELLS: f64 = 1e8;

/// Check prices and dynamics.
pub fn check(p: &Prices, d: &Dynamics) -> Result<(), BreakEvenError> {
    range("team_fte", p.team_fte, 0.0, 100_000.0)?;
    range("fte_cost_per_year_nok", p.fte_cost_per_year_nok, 0.0, 1e12)?;
    range(
        "hospits_housing_per_month_nok",
        p.hospits_housing_per_month_nok,
        0.0,
        1e12,
    )?;
    range(
        "hospits_follow_up_per_month_nok",
        p.hospits_follow_up_per_month_nok,
        0.0,
        1e12,
    )?;
    range(
        "extra_housing_outlay_per_month_nok",
        p.extra_housing_outlay_per_month_nok,
        0.0,
        1e12,
    )?;
    range(
        "other_hf_cost_per_participant_per_month_nok",
        p.other_hf_cost_per_participant_per_month_nok,
        -1e12,
        1e12,
    )?;
    range("max_participants", d.max_participants as f64, 1.0, 10_000.0)?;
    range("months", d.months as f64, 1.0, 1_200.0)?;
    range(
        "monthly_leaving_probability",
        d.monthly_leaving_probability,
        0.0,
        1.0,
    )?;
    range(
        "refill_probability_per_month",
        d.refill_probability_per_month,
        0.0,
        1.0,
    )?;
    range("turnover_cost_nok", d.turnover_cost_nok, 0.0, 1e12)?;
    range("replications", d.replications as f64, 1.0, 1e6)?;
    // Every (N, replication) keeps two numbers until the curve is summarised.
    let cells = d.max_participants as f64 * d.replications as f64;
    range("replications", cells, 1.0, MAX_CURVE_CELLS).map_err(|_| BreakEvenError::Range {
        field: "replications",
        min: 1.0,
        max: (MAX_CURVE_CELLS / d.max_participants as f64).floor(),
        found: d.replications as f64,
    })?;
    Ok(())
}

/// The Monte Carlo curve (in parallel over N × replications; identical for any thread count).
pub fn curve(p: &Prices, d: &Dynamics) -> Curve {
    let det = deterministic(p);
    let (team, saving) = (
        det.team_cost_per_month,
        det.saving_per_participant_per_month,
    );
    let reps = d.replications as u64;
    let results: Vec<(f64, f64)> = (0..d.max_participants as u64 * reps)
        .into_par_iter()
        .map(|k| {
            let n = (k / reps) as u32 + 1;
            simulate_places(n, team, saving, p.team_fte, d, k % reps)
        })
        .collect();
    let points: Vec<CurvePoint> = results
        .chunks(reps as usize)
        .enumerate()
        .map(|(i, chunk)| {
            let savings: Vec<f64> = chunk.iter().map(|(s, _)| *s).collect();
            CurvePoint {
                participants: i as u32 + 1,
                net_saving_per_month: Stat::of(&savings),
                probability_hf_cheaper: savings.iter().filter(|s| **s >= 0.0).count() as f64
                    / savings.len() as f64,
                mean_participants_housed: chunk.iter().map(|(_, h)| h).sum::<f64>()
                    / chunk.len() as f64,
            }
        })
        .collect();
    let first =
        |f: &dyn Fn(&CurvePoint) -> bool| points.iter().find(|c| f(c)).map(|c| c.participants);
    Curve {
        crossings: Crossings {
            expected_break_even_participants: first(&|c| c.net_saving_per_month.mean >= 0.0),
            participants_for_probability_50: first(&|c| c.probability_hf_cheaper >= 0.5),
            participants_for_probability_90: first(&|c| c.probability_hf_cheaper >= 0.9),
        },
        points,
    }
}

/// The whole analysis, as `housing-sim break-even` prints it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BreakEvenResult {
    /// The scenario, if one was given.
    pub scenario: Option<String>,
    /// Every input with its source.
    pub parameters: crate::keyed::Named<Sourced>,
    /// The closed-form break-even.
    pub deterministic: Deterministic,
    /// The Monte Carlo curve, N = 1..max.
    pub curve: Vec<CurvePoint>,
    /// Where the curve crosses.
    pub monte_carlo: Crossings,
    /// The scenario's Housing First program at its own number of places, if limited and on the
    /// curve.
    pub at_program_places: Option<AtPlaces>,
    /// Replications per N.
    pub replications: u32,
    /// Random seed.
    pub seed: u64,
    /// Months averaged over.
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

/// Run the analysis for a resolved setup.
pub fn analyse(setup: &Setup, scenario: Option<&str>) -> BreakEvenResult {
    let start = std::time::Instant::now();
    let deterministic = deterministic(&setup.prices);
    let curve = curve(&setup.prices, &setup.dynamics);
    let team_year = 12.0 * deterministic.team_cost_per_month;
    let at_program_places = setup.program_places.and_then(|n| {
        let point = curve.points.get((n as usize).checked_sub(1)?)?;
        let s = &point.net_saving_per_month;
        let year = |x: f64| 12.0 * x;
        let per_year = Stat {
            mean: year(s.mean),
            sd: year(s.sd),
            ci95: [year(s.ci95[0]), year(s.ci95[1])],
            p05: year(s.p05),
            p50: year(s.p50),
            p95: year(s.p95),
        };
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
    BreakEvenResult {
        scenario: scenario.map(str::to_owned),
        parameters: crate::keyed::Named(
            setup
                .parameters
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        ),
        deterministic,
        monte_carlo: curve.crossings,
        curve: curve.points,
        at_program_places,
        replications: setup.dynamics.replications,
        seed: setup.dynamics.seed,
        months: setup.dynamics.months,
        elapsed_seconds: start.elapsed().as_secs_f64(),
    }
}

/// One replication with `n` places: (net saving per month averaged over the months, mean
/// participants housed).
fn simulate_places(n: u32, team: f64, saving: f64, fte: f64, d: &Dynamics, rep: u64) -> (f64, f64) {
    let mut rng = replication_rng(d.seed, rep);
    let mut housed = n as u64;
    let (mut net, mut total_housed) = (0.0, 0.0);
    for _ in 0..d.months {
        let breakdown = d.breakdown.as_ref().map_or(0.0, |b| {
            let staff = if housed == 0 {
                f64::INFINITY
            } else {
                fte / housed as f64
            };
            b.probability(staff, 0.0)
        });
        let leave = 1.0 - (1.0 - d.monthly_leaving_probability) * (1.0 - breakdown);
        let leavers = draw(&mut rng, housed, leave);
        housed -= leavers;
        housed += draw(&mut rng, n as u64 - housed, d.refill_probability_per_month);
        net += housed as f64 * saving - team - leavers as f64 * d.turnover_cost_nok;
        total_housed += housed as f64;
    }
    let months = d.months as f64;
    (net / months, total_housed / months)
}

fn draw(rng: &mut rand_xoshiro::Xoshiro256PlusPlus, n: u64, p: f64) -> u64 {
    if n == 0 || p <= 0.0 {
        0
    } else if p >= 1.0 {
        n
    } else {
        Binomial::new(n, p).map_or(0, |b| b.sample(rng))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn bergen(extra: f64) -> Prices {
        Prices {
            team_fte: 6.0,
            fte_cost_per_year_nok: 756_000.0,
            hospits_housing_per_month_nok: 25_000.0,
            hospits_follow_up_per_month_nok: 2_000.0,
            extra_housing_outlay_per_month_nok: extra,
            other_hf_cost_per_participant_per_month_nok: 0.0,
        }
    }

    #[test]
    fn bergen_cases_give_14_and_18() {
        let a = deterministic(&bergen(0.0));
        assert_eq!(a.break_even_participants, Some(14));
        assert_eq!(a.team_cost_per_month, 378_000.0);
        assert_eq!(a.saving_per_participant_per_month, 27_000.0);
        assert_eq!(
            deterministic(&bergen(6_000.0)).break_even_participants,
            Some(18)
        );
    }

    #[test]
    fn hand_computed_cases() {
        // 378,000 / 20,000 = 18.9 → 19; 378,000 / 26,999.5 = 14.0003 → 15.
        assert_eq!(
            deterministic(&bergen(7_000.0)).break_even_participants,
            Some(19)
        );
        let mut p = bergen(0.0);
        p.other_hf_cost_per_participant_per_month_nok = 0.5;
        assert_eq!(deterministic(&p).break_even_participants, Some(15));
        // 2.5 FTE at 600,000 = 125,000 a month; saving 12,345.67 → 10.125 → 11.
        let p = Prices {
            team_fte: 2.5,
            fte_cost_per_year_nok: 600_000.0,
            hospits_housing_per_month_nok: 10_000.0,
            hospits_follow_up_per_month_nok: 2_345.67,
            extra_housing_outlay_per_month_nok: 0.0,
            other_hf_cost_per_participant_per_month_nok: 0.0,
        };
        assert_eq!(deterministic(&p).break_even_participants, Some(11));
    }

    #[test]
    fn no_saving_means_no_break_even() {
        let d = deterministic(&bergen(27_000.0));
        assert_eq!(d.break_even_participants, None);
        assert!(d.reason.unwrap().contains("saves 0 NOK"));
        assert_eq!(
            deterministic(&bergen(30_000.0)).break_even_participants,
            None
        );
    }

    fn dynamics(q: f64, reps: u32) -> Dynamics {
        Dynamics {
            max_participants: 30,
            months: 24,
            monthly_leaving_probability: q,
            breakdown: None,
            refill_probability_per_month: 1.0,
            turnover_cost_nok: 55_000.0,
            replications: reps,
            seed: 9,
        }
    }

    #[test]
    fn the_curve_converges_to_the_deterministic_answer_without_leaving() {
        for extra in [0.0, 6_000.0] {
            let p = bergen(extra);
            let c = curve(&p, &dynamics(0.0, 50));
            let det = deterministic(&p).break_even_participants;
            assert_eq!(c.crossings.expected_break_even_participants, det);
            assert_eq!(c.crossings.participants_for_probability_50, det);
            assert_eq!(c.crossings.participants_for_probability_90, det);
            for pt in &c.points {
                assert_eq!(pt.net_saving_per_month.sd, 0.0);
                let exact = pt.participants as f64 * p_saving(&p) - 378_000.0;
                assert!((pt.net_saving_per_month.mean - exact).abs() < 1e-6);
            }
        }
    }

    fn p_saving(p: &Prices) -> f64 {
        deterministic(p).saving_per_participant_per_month
    }

    #[test]
    fn leaving_makes_break_even_later_and_uncertain() {
        let mut d = dynamics(0.0147, 400);
        d.refill_probability_per_month = 0.5;
        let c = curve(&bergen(0.0), &d);
        let n = c.crossings.expected_break_even_participants.unwrap();
        assert!(n > 14, "{n}");
        assert!(c.crossings.participants_for_probability_90.unwrap() >= n);
        let pt = &c.points[20];
        assert!(pt.net_saving_per_month.sd > 0.0);
        assert!(pt.mean_participants_housed < 21.0);
    }

    #[test]
    fn the_curve_does_not_depend_on_the_thread_count() {
        let run = |t| {
            crate::montecarlo::with_threads(Some(t), || curve(&bergen(0.0), &dynamics(0.02, 64)))
                .unwrap()
        };
        assert_eq!(run(1), run(2));
    }

    #[test]
    fn too_much_work_is_refused() {
        let mut d = dynamics(0.0, 1_000_000);
        d.max_participants = 1_000;
        let e = check(&bergen(0.0), &d).unwrap_err();
        assert!(
            matches!(e, BreakEvenError::Range { field: "replications", max, .. } if max == 100_000.0),
            "{e}"
        );
    }

    #[test]
    fn inputs_are_checked() {
        let mut d = dynamics(0.0, 1);
        d.monthly_leaving_probability = 1.5;
        assert!(matches!(
            check(&bergen(0.0), &d),
            Err(BreakEvenError::Range {
                field: "monthly_leaving_probability",
                ..
            })
        ));
    }
}
