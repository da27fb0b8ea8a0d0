//! Capacity planning: the least-cost mix of places that meets a municipality's targets
//! (`housing-sim plan FILE`; the scenario's `plan` section).
//!
//! Each candidate program's `units` runs over a grid (`min_units`, `min_units + step`, … up to
//! `max_units`); a *mix* is one size per candidate. Every mix evaluated is the scenario with
//! those sizes (and the candidate's per-unit staff and prices), run as a model variant on the
//! one driver with the same replications and random streams as every other mix (common random
//! numbers), so two mixes differ by their effect, not by noise. A mix meets a target when the
//! target's quantity keeps its bound on average, or in at least the share of replications the
//! target asks for. The recommended mix is the mix with the lowest expected objective among
//! those evaluated that meet every target; the frontier lists every evaluated mix that no
//! other evaluated mix beats on both expected cost and green share.
//!
//! The search is described in [`search`]: a local search with joint moves of one or two
//! programs, sound for outcomes that are noisy (common random numbers make the comparison of
//! neighbours exact for a given seed) and not additive (mixes are evaluated whole). With
//! [`Method::Exhaustive`] every mix of the grid is evaluated.

mod measure;
pub mod search;

use crate::cost::Perspective;
use crate::keyed::Named;
use crate::model::Model;
use crate::run::{Batch, Progress, RunError, RunSettings};
use crate::scenario::{
    Issue, PlanMeasure, PlanObjective, PlanSettings, PlanTarget, Scenario, ScenarioError, Units,
};
use crate::stat::Stat;
use measure::{outcome, Figures, Measures};
use search::{Mix, Score, Seen};
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use thiserror::Error;

/// Most mixes `--exhaustive` evaluates.
pub const MAX_EXHAUSTIVE_MIXES: u64 = 10_000;

/// Most mixes run in one batch (bounds the memory of the workspaces and records).
const CHUNK: usize = 128;

/// Bytes one replication's figures keep for one mix with `targets` targets: the record and
/// its list of target quantities, with the allocator's overhead.
fn figures_bytes(targets: usize) -> u64 {
    (std::mem::size_of::<Figures>() + 8 * targets + 16) as u64
}

/// How the grid is searched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Local search with joint moves ([`search`]).
    LocalSearch,
    /// Every mix of the grid.
    Exhaustive,
}

/// One target of the recommended mix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetResult {
    /// The target as stated (measure, category, month or window, bound, probability asked).
    #[serde(flatten)]
    pub target: PlanTarget,
    /// The target's quantity over replications.
    pub value: Stat,
    /// Share of replications in which the quantity keeps the bound.
    pub probability_met: f64,
    /// Whether the target is met (the mean keeps the bound, or `probability_met` reaches the
    /// probability asked).
    pub met: bool,
}

/// The recommended mix.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recommendation {
    /// Units of each candidate program.
    pub units: Named<u32>,
    /// The objective (NOK) over replications.
    pub cost: Stat,
    /// The green share the frontier shows (the first green-share target's quantity, else at
    /// the end of the horizon).
    pub green_share: Stat,
    /// Every target.
    pub targets: Vec<TargetResult>,
}

/// A mix on the cost–green-share frontier.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FrontierPoint {
    /// Units of each candidate program.
    pub units: Named<u32>,
    /// The objective (NOK) over replications.
    pub cost: Stat,
    /// The green share (as in [`Recommendation::green_share`]).
    pub green_share: Stat,
    /// Whether the mix meets every target.
    pub meets_targets: bool,
}

/// The planner's answer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanResult {
    /// Scenario name.
    pub scenario: String,
    /// Random seed (the same streams for every mix).
    pub seed: u64,
    /// Replications per mix.
    pub replications: u32,
    /// Months simulated.
    pub horizon_months: u32,
    /// Whose costs the objective counts.
    pub perspective: Perspective,
    /// The currency of every amount (the scenario's `costs.currency`).
    pub currency: String,
    /// What is minimised.
    pub objective: PlanObjective,
    /// How the grid was searched.
    pub method: Method,
    /// Mixes evaluated.
    pub evaluations: u64,
    /// Mixes in the grid.
    pub grid_size: u64,
    /// Units of each candidate program in the scenario as it is.
    pub current_units: Named<u32>,
    /// The least-cost mix evaluated that meets every target; `null` when none does.
    pub recommended: Option<Recommendation>,
    /// Why there is no recommendation (`null` when there is one).
    pub reason: Option<String>,
    /// Every evaluated mix that no other beats on both cost and green share, cheapest first.
    pub frontier: Vec<FrontierPoint>,
    /// What to keep in mind reading the results: limited programs without a price for their
    /// places, which make larger mixes look cheaper than they are
    /// ([`unpriced_warning`](crate::scenario::validate::unpriced_warning)).
    pub warnings: Vec<String>,
    /// Wall time (the only field that differs between identical runs).
    pub elapsed_seconds: f64,
}

/// Why a plan cannot be made.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The scenario has no `plan` section.
    #[error("{file}: plan: the scenario has no plan section; add one with candidates and targets (see `housing-sim schema`)")]
    NoPlan {
        /// The scenario's origin.
        file: String,
    },
    /// `--exhaustive` on a grid too large.
    #[error("{file}: plan.candidates: the grid has {grid_size} mixes; an exhaustive search evaluates at most {MAX_EXHAUSTIVE_MIXES}; narrow the ranges, take larger steps, or leave out the exhaustive option")]
    GridTooLarge {
        /// The scenario's origin.
        file: String,
        /// Mixes in the grid.
        grid_size: u64,
    },
    /// A mix of the grid is not a valid scenario.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// The run failed.
    #[error(transparent)]
    Run(#[from] RunError),
}

/// The grid: one list of sizes per candidate.
struct Grid<'a> {
    scenario: &'a Scenario,
    plan: &'a PlanSettings,
    /// Index of each candidate's program.
    programs: Vec<usize>,
    levels: Vec<usize>,
}

impl<'a> Grid<'a> {
    fn new(scenario: &'a Scenario, plan: &'a PlanSettings) -> Grid<'a> {
        let programs = plan
            .candidates
            .iter()
            .map(|c| {
                scenario
                    .programs
                    .iter()
                    .position(|g| g.id == c.program)
                    .unwrap_or(0)
            })
            .collect();
        let levels = plan
            .candidates
            .iter()
            .map(|c| ((c.max_units - c.min_units) / c.step.max(1)) as usize + 1)
            .collect();
        Grid {
            scenario,
            plan,
            programs,
            levels,
        }
    }

    fn size(&self) -> u64 {
        self.levels
            .iter()
            .fold(1u64, |a, &n| a.saturating_mul(n as u64))
    }

    fn units(&self, mix: &Mix) -> Vec<u32> {
        self.plan
            .candidates
            .iter()
            .zip(mix)
            .map(|(c, &k)| c.min_units + k as u32 * c.step)
            .collect()
    }

    fn named(&self, units: &[u32]) -> Named<u32> {
        Named(
            self.plan
                .candidates
                .iter()
                .zip(units)
                .map(|(c, &n)| (c.program.clone(), n))
                .collect(),
        )
    }

    /// The scenario with the mix's sizes and the candidates' per-unit staff and prices.
    fn scenario_of(&self, mix: &Mix) -> Scenario {
        let mut s = self.scenario.clone();
        for ((c, &g), n) in self
            .plan
            .candidates
            .iter()
            .zip(&self.programs)
            .zip(self.units(mix))
        {
            let p = &mut s.programs[g];
            let units = f64::from(n);
            p.units = Units::Limited(n);
            if let Some(x) = c.staff_fte_per_unit {
                p.staff_fte = units * x;
            }
            if let Some(x) = c.guards_fte_per_unit {
                p.guards_fte = units * x;
            }
            if let Some(x) = c.caretaker_fte_per_unit {
                p.caretaker_fte = units * x;
            }
            if let Some(x) = c.capital_per_unit_month_nok {
                p.capital_per_unit_month_nok = x;
            }
            if let Some(x) = c.running_per_occupied_unit_month_nok {
                p.running_per_occupied_unit_month_nok = x;
            }
        }
        s
    }

    /// The model of a mix; an invalid mix names itself in the error.
    fn model(&self, mix: &Mix) -> Result<Model, ScenarioError> {
        Model::new(&self.scenario_of(mix)).map_err(|e| match e {
            ScenarioError::Invalid { file, issues } => {
                let mix = self.named(&self.units(mix));
                let desc: Vec<String> = mix.0.iter().map(|(p, n)| format!("{p} = {n}")).collect();
                ScenarioError::Invalid {
                    file,
                    issues: issues
                        .into_iter()
                        .map(|i| {
                            Issue::new(
                                "plan.candidates".to_owned(),
                                format!("with {}: {}: {}", desc.join(", "), i.path, i.message),
                            )
                        })
                        .collect(),
                }
            }
            other => other,
        })
    }
}

/// Everything known about an evaluated mix.
struct Assessed {
    cost: Stat,
    green: Stat,
    targets: Vec<measure::Outcome>,
    score: Score,
}

/// Runs batches of mixes on the driver and assesses them.
struct Evaluator<'a> {
    grid: &'a Grid<'a>,
    measures: &'a Measures,
    settings: RunSettings,
    progress: &'a dyn Progress,
    /// Mix-replications done before the current batch.
    done: AtomicU64,
    /// Mix-replications expected in all (0: unknown, grows with each batch).
    planned: u64,
}

impl Evaluator<'_> {
    fn run(&self, mixes: &[Mix]) -> Result<Vec<Assessed>, PlanError> {
        let mut out = Vec::with_capacity(mixes.len());
        for chunk in mixes.chunks(self.chunk()?) {
            out.extend(self.run_chunk(chunk)?);
        }
        Ok(out)
    }

    /// Mixes per batch: at most [`CHUNK`], and no more than the memory budget holds (each
    /// keeps its figures for every replication until the batch ends). Refuses a budget too
    /// small for one mix.
    fn chunk(&self) -> Result<usize, PlanError> {
        let per_mix = figures_bytes(self.grid.plan.targets.len());
        let reps = u64::from(self.settings.replications());
        self.settings.check_memory_for(per_mix, reps)?;
        let fit = self.settings.memory_budget_bytes() / per_mix.saturating_mul(reps).max(1);
        Ok(usize::try_from(fit).unwrap_or(CHUNK).clamp(1, CHUNK))
    }

    fn run_chunk(&self, mixes: &[Mix]) -> Result<Vec<Assessed>, PlanError> {
        let models = mixes
            .iter()
            .map(|m| self.grid.model(m))
            .collect::<Result<Vec<Model>, _>>()?;
        let reps = u64::from(self.settings.replications());
        let before = self.done.load(Ordering::Relaxed);
        let total = self.planned.max(before + reps * mixes.len() as u64);
        let progress = Offset {
            inner: self.progress,
            before,
            per_index: mixes.len() as u64,
            total,
        };
        let measures = self.measures;
        let out = Batch::new(models.iter().collect(), self.settings)?
            .progress(&progress)
            .run_observed(
                |_| measures.observer(),
                |_, reps| {
                    reps.into_iter()
                        .map(|(r, w)| measures.figures(&r, w))
                        .collect::<Vec<Figures>>()
                },
            )?;
        self.done
            .fetch_add(reps * mixes.len() as u64, Ordering::Relaxed);
        Ok((0..mixes.len())
            .map(|v| self.assess(out.records.iter().map(|r| &r[v])))
            .collect())
    }

    fn assess<'f>(&self, figures: impl Iterator<Item = &'f Figures>) -> Assessed {
        let figures: Vec<&Figures> = figures.collect();
        let column =
            |f: &dyn Fn(&Figures) -> f64| -> Vec<f64> { figures.iter().map(|x| f(x)).collect() };
        let cost = Stat::of(&column(&|f| f.cost));
        let targets: Vec<measure::Outcome> = self
            .grid
            .plan
            .targets
            .iter()
            .enumerate()
            .map(|(t, target)| outcome(target, &column(&|f| f.targets[t])))
            .collect();
        let feasible = targets.iter().all(|o| o.met);
        Assessed {
            score: Score {
                feasible,
                shortfall: targets.iter().map(|o| o.shortfall).sum(),
                cost: cost.mean,
            },
            cost,
            green: Stat::of(&column(&|f| f.green)),
            targets,
        }
    }
}

/// A batch's progress as part of the whole plan.
struct Offset<'a> {
    inner: &'a dyn Progress,
    before: u64,
    per_index: u64,
    total: u64,
}

impl Progress for Offset<'_> {
    fn advance(&self, done: u64, _: u64) {
        self.inner
            .advance(self.before + done * self.per_index, self.total);
    }
}

/// Find the least-cost mix of the scenario's `plan` section that meets its targets.
pub fn plan(
    scenario: &Scenario,
    settings: &RunSettings,
    method: Method,
    progress: &dyn Progress,
) -> Result<PlanResult, PlanError> {
    let start = std::time::Instant::now();
    let file = scenario.origin().to_owned();
    let plan = scenario
        .plan
        .as_ref()
        .ok_or(PlanError::NoPlan { file: file.clone() })?;
    let base = Model::new(scenario)?;
    let beyond = crate::scenario::validate::plan_window_issues(scenario);
    if !beyond.is_empty() {
        return Err(ScenarioError::Invalid {
            file,
            issues: beyond,
        }
        .into());
    }
    let grid = Grid::new(scenario, plan);
    let grid_size = grid.size();
    if method == Method::Exhaustive && grid_size > MAX_EXHAUSTIVE_MIXES {
        return Err(PlanError::GridTooLarge { file, grid_size });
    }
    let measures = Measures::new(&base, &plan.targets, plan.objective);
    let reps = u64::from(settings.replications());
    let evaluator = Evaluator {
        grid: &grid,
        measures: &measures,
        settings: *settings,
        progress,
        done: AtomicU64::new(0),
        planned: if method == Method::Exhaustive {
            grid_size * reps
        } else {
            0
        },
    };
    let mut assessed = std::collections::BTreeMap::new();
    let seen = {
        let mut eval = |mixes: &[Mix]| -> Result<Vec<Score>, PlanError> {
            let a = evaluator.run(mixes)?;
            let scores = a.iter().map(|x| x.score).collect();
            assessed.extend(mixes.iter().cloned().zip(a));
            Ok(scores)
        };
        match method {
            Method::LocalSearch => search::local_search(&grid.levels, &mut eval)?,
            Method::Exhaustive => {
                let all: Vec<Mix> = search::all_mixes(&grid.levels).collect();
                let scores = eval(&all)?;
                all.into_iter().zip(scores).collect::<Seen>()
            }
        }
    };
    let current: Vec<u32> = grid
        .programs
        .iter()
        .map(|&g| scenario.programs[g].units.capacity())
        .collect();
    let (recommended, reason) = recommend(&grid, &seen, &assessed);
    Ok(PlanResult {
        scenario: scenario.name.clone(),
        seed: settings.seed(),
        replications: settings.replications(),
        horizon_months: scenario.horizon_months,
        perspective: base.prices().perspective(),
        currency: base.currency().to_owned(),
        objective: plan.objective,
        method,
        evaluations: seen.len() as u64,
        grid_size,
        current_units: grid.named(&current),
        recommended,
        reason,
        frontier: frontier(&grid, &assessed),
        warnings: crate::scenario::validate::unpriced_warning(scenario)
            .into_iter()
            .collect(),
        elapsed_seconds: start.elapsed().as_secs_f64(),
    })
}

type Assessments = std::collections::BTreeMap<Mix, Assessed>;

fn recommend(
    grid: &Grid,
    seen: &Seen,
    assessed: &Assessments,
) -> (Option<Recommendation>, Option<String>) {
    match search::best(seen) {
        Some((mix, score)) if score.feasible => {
            let a = &assessed[mix];
            let targets = grid
                .plan
                .targets
                .iter()
                .zip(&a.targets)
                .map(|(t, o)| TargetResult {
                    target: t.clone(),
                    value: o.value,
                    probability_met: o.probability_met,
                    met: o.met,
                })
                .collect();
            let rec = Recommendation {
                units: grid.named(&grid.units(mix)),
                cost: a.cost,
                green_share: a.green,
                targets,
            };
            (Some(rec), None)
        }
        Some((mix, _)) => (None, Some(no_mix_reason(grid, mix, &assessed[mix]))),
        None => (None, Some("no mix was evaluated".to_owned())),
    }
}

/// Why nothing meets the targets, from the mix that came closest.
fn no_mix_reason(grid: &Grid, mix: &Mix, a: &Assessed) -> String {
    let missed: Vec<String> = grid
        .plan
        .targets
        .iter()
        .zip(&a.targets)
        .filter(|(_, o)| !o.met)
        .map(|(t, o)| describe_miss(t, o))
        .collect();
    let units: Vec<String> = grid
        .named(&grid.units(mix))
        .0
        .iter()
        .map(|(p, n)| format!("{p} = {n}"))
        .collect();
    format!(
        "no mix evaluated meets every target; the closest ({}) misses {}",
        units.join(", "),
        missed.join("; ")
    )
}

fn describe_miss(t: &PlanTarget, o: &measure::Outcome) -> String {
    let what = match t.measure {
        PlanMeasure::GreenShare => "green_share".to_owned(),
        PlanMeasure::WaitingList => format!(
            "waiting_list {}",
            t.category.map_or(String::new(), |c| c.to_string())
        ),
        PlanMeasure::HospitsPersonMonths => "hospits_person_months".to_owned(),
    };
    let bound = match (t.at_least, t.at_most) {
        (Some(x), _) => format!("at least {x}"),
        (None, Some(x)) => format!("at most {x}"),
        _ => String::new(),
    };
    let chance = t.probability.map_or(String::new(), |p| {
        format!(" in {:.0} % of replications", p * 100.0)
    });
    format!(
        "{what} {bound}{chance} (mean {:.3}, kept in {:.0} % of replications)",
        o.value.mean,
        o.probability_met * 100.0
    )
}

/// Every evaluated mix no other beats on both expected cost and green share, cheapest first.
fn frontier(grid: &Grid, assessed: &Assessments) -> Vec<FrontierPoint> {
    let mut all: Vec<(&Mix, &Assessed)> = assessed.iter().collect();
    all.sort_by(|a, b| {
        a.1.cost
            .mean
            .total_cmp(&b.1.cost.mean)
            .then(b.1.green.mean.total_cmp(&a.1.green.mean))
            .then(a.0.cmp(b.0))
    });
    let mut out = Vec::new();
    let mut best_green = f64::NEG_INFINITY;
    for (mix, a) in all {
        if a.green.mean > best_green {
            best_green = a.green.mean;
            out.push(FrontierPoint {
                units: grid.named(&grid.units(mix)),
                cost: a.cost,
                green_share: a.green,
                meets_targets: a.score.feasible,
            });
        }
    }
    out
}
