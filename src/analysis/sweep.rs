//! Staffing sweep: one program's staffing over a list of staff-per-resident ratios or FTE
//! values, and what each buys in cost and stability (docs/sources.md §4).
//!
//! Every point runs the same replications with the same random streams (common random numbers),
//! so differences between points are the staffing's effect, not noise. Replications of all
//! points run in parallel; results do not depend on the number of threads.

use crate::cost::CostItem;
use crate::engine::{Event, Replication};
use crate::model::Model;
use crate::run::{Batch, RunError, RunSettings};
use crate::scenario::{Issue, Scenario, ScenarioError, Units};
use crate::stat::Stat;
use crate::state::Colour;
use crate::summary::{summary_of, Summary, YearTotal};
use serde::Serialize;
use std::ops::Range;
use thiserror::Error;

/// The staffing levels to try.
#[derive(Clone, Debug, PartialEq)]
pub enum Levels {
    /// Staff (FTE) per resident. For a fixed team: FTE = ratio × units.
    StaffPerResident(Vec<f64>),
    /// FTE of the program (for a ratio-staffed program: ratio = FTE ÷ units).
    Fte(Vec<f64>),
}

/// One staffing level and its outcomes over the horizon.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SweepPoint {
    /// Staff per resident at full occupancy (`null` for a program without a fixed number of
    /// units swept by FTE).
    pub staff_per_resident: Option<f64>,
    /// FTE at full occupancy (`null` for a ratio-staffed program without a fixed number of
    /// units).
    pub staff_fte: Option<f64>,
    /// Total cost.
    pub total_cost_nok: Stat,
    /// Staff cost (all programs).
    pub staff_cost_nok: Stat,
    /// Breakdowns (all programs).
    pub breakdowns: Stat,
    /// Person-months in hospits.
    pub hospits_person_months: Stat,
    /// Damage and repair cost.
    pub damage_cost_nok: Stat,
    /// Share of the population green at the end.
    pub green_share_final: Stat,
    /// Total cost per stably housed (green) person-month; `null` when there are none.
    pub cost_per_green_person_month_nok: Option<Stat>,
    /// Total cost per year of the horizon (total × 12 ÷ months).
    pub cost_per_year_nok: Stat,
    /// Total cost of each horizon year (undiscounted and discounted).
    pub per_year: Vec<YearTotal>,
}

/// The sweep of one program.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sweep {
    /// Scenario name.
    pub scenario: String,
    /// The program swept.
    pub program: String,
    /// One point per staffing level, in the order given.
    pub points: Vec<SweepPoint>,
    /// Replications per point.
    pub replications: u32,
    /// Random seed (the same streams at every point).
    pub seed: u64,
    /// Months simulated.
    pub horizon_months: u32,
    /// Wall time (the only field that differs between identical runs).
    pub elapsed_seconds: f64,
}

/// Why a sweep cannot run.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum SweepError {
    /// The program or the staffing levels asked for do not fit the scenario.
    #[error("{file}: {argument}: {message}")]
    Argument {
        /// The scenario's origin (its file).
        file: String,
        /// `program` or `levels`.
        argument: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A staffing level makes the scenario invalid.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The run failed.
    #[error(transparent)]
    Run(#[from] RunError),
}

/// Most replications one sweep keeps in memory (levels × replications, or × a shard's share
/// of them); each keeps its results in memory.
pub const MAX_SWEEP_RUNS: f64 = 2e6;

/// Sweep the staffing of program `program` in `scenario`: [`SweepSetup::new`], then the
/// records of every replication, then their summary.
pub fn staffing_sweep(
    scenario: &Scenario,
    program: &str,
    levels: &Levels,
    settings: &RunSettings,
) -> Result<Sweep, SweepError> {
    let setup = SweepSetup::new(scenario, program, levels, settings)?;
    let start = std::time::Instant::now();
    let records = setup.records_in(0..settings.replications() as u64)?;
    Ok(setup.summarise(records, start.elapsed().as_secs_f64()))
}

/// A sweep ready to run: one model per staffing level.
pub struct SweepSetup {
    origin: String,
    scenario: String,
    program: String,
    horizon_months: u32,
    models: Vec<Model>,
    axes: Vec<Axis>,
    settings: RunSettings,
}

impl SweepSetup {
    /// Check the program and levels and build one model per level.
    pub fn new(
        scenario: &Scenario,
        program: &str,
        levels: &Levels,
        settings: &RunSettings,
    ) -> Result<SweepSetup, SweepError> {
        let argument = |argument, message: String| SweepError::Argument {
            file: scenario.origin().to_owned(),
            argument,
            message,
        };
        let Some(gi) = scenario.programs.iter().position(|g| g.id == program) else {
            let ids: Vec<&str> = scenario.programs.iter().map(|g| g.id.as_str()).collect();
            return Err(argument(
                "program",
                format!("no program \"{program}\"; the programs are {ids:?}"),
            ));
        };
        let values = check_levels(levels).map_err(|m| argument("levels", m))?;
        let mut models = Vec::new();
        let mut axes = Vec::new();
        for &x in values {
            let (s, axis) = at_level(scenario, gi, levels, x)?;
            models.push(Model::new(&s)?);
            axes.push(axis);
        }
        Ok(SweepSetup {
            origin: scenario.origin().to_owned(),
            scenario: scenario.name.clone(),
            program: program.to_owned(),
            horizon_months: scenario.horizon_months,
            models,
            axes,
            settings: *settings,
        })
    }

    /// Every level's records of the replications in `range` (a shard's share), `[i][level]`.
    pub fn records_in(&self, range: Range<u64>) -> Result<Vec<Vec<Replication>>, SweepError> {
        let share = range.end.saturating_sub(range.start);
        if self.models.len() as f64 * share as f64 > MAX_SWEEP_RUNS {
            return Err(SweepError::Argument {
                file: self.origin.clone(),
                argument: "levels",
                message: format!(
                    "{} levels × {share} replications is more than the {MAX_SWEEP_RUNS} \
                     replications one sweep runs; give fewer levels or replications",
                    self.models.len(),
                ),
            });
        }
        let programs = self.models.first().map_or(0, |m| m.programs().len());
        let per_replication =
            Replication::estimated_bytes(programs, self.horizon_months) * self.models.len() as u64;
        self.settings.check_memory_for(per_replication, share)?;
        let out = Batch::new(self.models.iter().collect(), self.settings)?
            .replications_in(range)?
            .run(|_, reps| reps)?;
        Ok(out.records)
    }

    /// The sweep from every replication's records (`[i][level]`, in replication order).
    pub fn summarise(&self, records: Vec<Vec<Replication>>, elapsed_seconds: f64) -> Sweep {
        let runs = super::compare::transpose(records, self.models.len());
        let points = self
            .models
            .iter()
            .zip(&runs)
            .zip(&self.axes)
            .map(|((model, reps), &(ratio, fte))| point(summary_of(model, reps), ratio, fte))
            .collect();
        Sweep {
            scenario: self.scenario.clone(),
            program: self.program.clone(),
            points,
            replications: self.settings.replications(),
            seed: self.settings.seed(),
            horizon_months: self.horizon_months,
            elapsed_seconds,
        }
    }
}

/// The levels' values, if there are some, each in range.
fn check_levels(levels: &Levels) -> Result<&[f64], String> {
    let (values, max) = match levels {
        Levels::StaffPerResident(v) => (v, 100.0),
        Levels::Fte(v) => (v, 100_000.0),
    };
    if values.is_empty() {
        return Err("give at least one staffing level".into());
    }
    match values
        .iter()
        .find(|x| !(x.is_finite() && **x >= 0.0 && **x <= max))
    {
        Some(bad) => Err(format!(
            "{} is not a staffing level (from 0 to {})",
            crate::scenario::validate::num(*bad),
            crate::scenario::validate::num(max)
        )),
        None => Ok(values),
    }
}

/// Staff per resident and FTE at full occupancy (`None` where units are not fixed).
type Axis = (Option<f64>, Option<f64>);

/// The scenario with program `gi` staffed at level `x`, and the level on both axes.
fn at_level(
    scenario: &Scenario,
    gi: usize,
    levels: &Levels,
    x: f64,
) -> Result<(Scenario, Axis), SweepError> {
    let mut s = scenario.clone();
    let p = &mut s.programs[gi];
    let ratio_staffed = p.staff_per_resident.is_some();
    let units = match p.units {
        Units::Limited(n) if n > 0 => Some(n as f64),
        _ => None,
    };
    let axis = match (levels, ratio_staffed, units) {
        (Levels::StaffPerResident(_), true, _) => {
            p.staff_per_resident = Some(x);
            (Some(x), units.map(|u| x * u))
        }
        (Levels::StaffPerResident(_), false, Some(u)) => {
            p.staff_fte = x * u;
            (Some(x), Some(x * u))
        }
        (Levels::Fte(_), false, _) => {
            p.staff_fte = x;
            (units.map(|u| x / u), Some(x))
        }
        (Levels::Fte(_), true, Some(u)) => {
            p.staff_per_resident = Some(x / u);
            (Some(x / u), Some(x))
        }
        (_, _, None) => {
            return Err(SweepError::Scenario(ScenarioError::Invalid {
                file: scenario.origin().to_owned(),
                issues: vec![Issue::new(
                    format!("programs[{gi}].units"),
                    format!(
                        "\"{}\" has no fixed number of units, so staff per resident and FTE \
                         cannot be converted; sweep {} instead",
                        p.id,
                        if ratio_staffed { "ratios" } else { "FTE" }
                    ),
                )],
            }))
        }
    };
    Ok((s, axis))
}

/// One level's figures, taken from its summary.
fn point(s: Summary, ratio: Option<f64>, fte: Option<f64>) -> SweepPoint {
    SweepPoint {
        staff_per_resident: ratio,
        staff_fte: fte,
        total_cost_nok: s.total_cost_nok,
        staff_cost_nok: s.cost_by_item_nok[CostItem::Staff],
        breakdowns: s.events[Event::Breakdowns],
        hospits_person_months: s.hospits_person_months,
        damage_cost_nok: s.cost_by_item_nok[CostItem::DamageRepair],
        green_share_final: s.housing_situation_share_final[Colour::Green],
        cost_per_green_person_month_nok: s.cost_per_green_person_month_nok,
        cost_per_year_nok: s.cost_per_year_nok,
        per_year: s.per_year.iter().map(YearTotal::of).collect(),
    }
}
