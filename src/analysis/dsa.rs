//! One-way (deterministic) sensitivity analysis: each uncertain parameter at its low and its
//! high value — the file's `low`/`high`, else its 2.5th and 97.5th percentiles — with the
//! others at their means, and the resulting swing of one outcome: the tornado.
//!
//! Every point (the base case with all parameters at their means, then each parameter low and
//! high) is a model variant of one [`Batch`], so replication i of every point and strategy
//! uses the same random stream: the swings are the parameters' effect, not noise.

use crate::analysis::psa::{check_comparable, costs, currency, names, Effect, PsaError};
use crate::model::Model;
use crate::run::{Batch, Progress, RunError, RunSettings};
use crate::scenario::Scenario;
use crate::uncertainty::{ParameterSet, Side};
use serde::Serialize;
use std::ops::Range;
use std::time::Instant;

/// The outcome a tornado shows.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Discounted total cost, NOK.
    Cost,
    /// Discounted effect.
    Effect,
    /// Cost minus the reference's, NOK.
    IncrementalCost,
    /// Effect minus the reference's.
    IncrementalEffect,
    /// Incremental cost ÷ incremental effect, NOK per unit of effect.
    Icer,
    /// Willingness to pay × effect − cost, NOK.
    NetBenefit,
    /// Net benefit minus the reference's, NOK.
    IncrementalNetBenefit,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 7] = [
        Outcome::Cost,
        Outcome::Effect,
        Outcome::IncrementalCost,
        Outcome::IncrementalEffect,
        Outcome::Icer,
        Outcome::NetBenefit,
        Outcome::IncrementalNetBenefit,
    ];

    /// The name used in flags and output.
    pub const fn name(self) -> &'static str {
        match self {
            Outcome::Cost => "cost",
            Outcome::Effect => "effect",
            Outcome::IncrementalCost => "incremental_cost",
            Outcome::IncrementalEffect => "incremental_effect",
            Outcome::Icer => "icer",
            Outcome::NetBenefit => "net_benefit",
            Outcome::IncrementalNetBenefit => "incremental_net_benefit",
        }
    }

    /// The outcome by its name.
    pub fn from_name(name: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.name() == name)
    }

    /// Compares a strategy with the reference.
    pub const fn is_incremental(self) -> bool {
        matches!(
            self,
            Outcome::IncrementalCost
                | Outcome::IncrementalEffect
                | Outcome::Icer
                | Outcome::IncrementalNetBenefit
        )
    }

    /// Needs a willingness to pay.
    pub const fn needs_wtp(self) -> bool {
        matches!(self, Outcome::NetBenefit | Outcome::IncrementalNetBenefit)
    }

    /// The default: the cost with one strategy, the incremental cost with several.
    pub fn default_for(strategies: usize) -> Outcome {
        if strategies > 1 {
            Outcome::IncrementalCost
        } else {
            Outcome::Cost
        }
    }
}

/// What a one-way sensitivity analysis is asked.
#[derive(Clone, Debug)]
pub struct DsaOptions {
    /// The outcome.
    pub outcome: Outcome,
    /// The effect counted.
    pub effect: Effect,
    /// Willingness to pay, NOK per unit of effect (net-benefit outcomes only).
    pub wtp: Option<f64>,
}

/// One bar of a tornado.
#[derive(Clone, Debug, Serialize)]
pub struct TornadoRow {
    /// The strategy whose outcome this is.
    pub strategy: String,
    /// The parameter (a Dirichlet row moves with its `stay` probability).
    pub parameter: String,
    /// Its low value.
    pub low: f64,
    /// Its high value.
    pub high: f64,
    /// The outcome with the parameter low, the others at their means.
    pub outcome_low: f64,
    /// The outcome with the parameter high.
    pub outcome_high: f64,
    /// |outcome_high − outcome_low|.
    pub swing: f64,
}

/// The base case of one strategy.
#[derive(Clone, Debug, Serialize)]
pub struct BaseCase {
    /// The strategy.
    pub strategy: String,
    /// The outcome with every parameter at its mean.
    pub outcome: f64,
}

/// The result of a one-way sensitivity analysis.
#[derive(Clone, Debug, Serialize)]
pub struct Dsa {
    /// The outcome.
    pub outcome: Outcome,
    /// The effect counted.
    pub effect: Effect,
    /// Willingness to pay for net-benefit outcomes.
    pub wtp: Option<f64>,
    /// Replications per point.
    pub replications: u32,
    /// Random seed.
    pub seed: u64,
    /// The reference strategy (the first file).
    pub reference: String,
    /// The currency of every amount (the strategies' shared `costs.currency`).
    pub currency: String,
    /// Each strategy's outcome at the base case.
    pub base: Vec<BaseCase>,
    /// The bars, by strategy (in order) and widest first within each.
    pub tornado: Vec<TornadoRow>,
    /// Wall time (the only field that differs between identical runs).
    pub elapsed_seconds: f64,
}

/// Most model variants (points × strategies) one analysis runs.
pub const MAX_VARIANTS: usize = 4_096;

/// Each variant's discounted cost and effect in one replication (variants in point order,
/// strategies within each point): what a one-way analysis keeps of a replication.
pub type DsaRecord = (Vec<f64>, Vec<f64>);

/// Run a one-way sensitivity analysis of `scenarios` (the first is the reference):
/// [`DsaSetup::new`], the records of every replication, then [`DsaSetup::summarise`].
pub fn dsa(
    scenarios: &[Scenario],
    options: &DsaOptions,
    settings: RunSettings,
    progress: &dyn Progress,
) -> Result<Dsa, PsaError> {
    let start = Instant::now();
    let setup = DsaSetup::new(scenarios, options, settings)?;
    let records = setup.records_in(0..settings.replications() as u64, progress)?;
    Ok(setup.summarise(&records, start.elapsed().as_secs_f64()))
}

/// A one-way analysis ready to run: one model per point and strategy.
pub struct DsaSetup<'a> {
    scenarios: &'a [Scenario],
    options: &'a DsaOptions,
    settings: RunSettings,
    set: ParameterSet,
    varied: Vec<usize>,
    models: Vec<Model>,
}

impl<'a> DsaSetup<'a> {
    /// Check the strategies and options and build the models: the base case, then each
    /// varied parameter low and high, every strategy at each point.
    pub fn new(
        scenarios: &'a [Scenario],
        options: &'a DsaOptions,
        settings: RunSettings,
    ) -> Result<DsaSetup<'a>, PsaError> {
        check_comparable(scenarios)?;
        check_options(options, scenarios.len())?;
        let refs: Vec<&Scenario> = scenarios.iter().collect();
        let set = ParameterSet::new(&refs)?;
        let varied: Vec<usize> = (0..set.len()).filter(|&p| !set.is_fixed(p)).collect();
        let points = 1 + 2 * varied.len();
        if points * scenarios.len() > MAX_VARIANTS {
            return Err(RunError::TooLarge {
                option: "scenarios",
                message: format!(
                    "{points} points × {} strategies is more than {MAX_VARIANTS} model variants",
                    scenarios.len()
                ),
            }
            .into());
        }
        let mut draws = vec![set.means()];
        for &p in &varied {
            draws.push(set.at(p, Side::Low));
            draws.push(set.at(p, Side::High));
        }
        let mut models: Vec<Model> = Vec::with_capacity(points * scenarios.len());
        for (j, draw) in draws.iter().enumerate() {
            for s in scenarios {
                models.push(set.model(s, draw, j as u64)?);
            }
        }
        Ok(DsaSetup {
            scenarios,
            options,
            settings,
            set,
            varied,
            models,
        })
    }

    /// Model variants: points × strategies.
    pub fn variants(&self) -> usize {
        self.models.len()
    }

    /// The records of the replications in `range` (a shard's share), in replication order.
    pub fn records_in(
        &self,
        range: Range<u64>,
        progress: &dyn Progress,
    ) -> Result<Vec<DsaRecord>, PsaError> {
        let bytes = (self.models.len() * 16 + 64) as u64;
        self.settings
            .check_memory_for(bytes, range.end.saturating_sub(range.start))?;
        let effect = self.options.effect;
        let out = Batch::new(self.models.iter().collect(), self.settings)?
            .replications_in(range)?
            .progress(progress)
            .run(|_, reps| (costs(&reps), effect.of(&reps)))?;
        Ok(out.records)
    }

    /// The tornado from every replication's records (in replication order).
    pub fn summarise(&self, records: &[DsaRecord], elapsed_seconds: f64) -> Dsa {
        let (options, settings, set) = (self.options, self.settings, &self.set);
        let n = records.len() as f64;
        let mean = |v: usize, effect: bool| {
            records
                .iter()
                .map(|(c, e)| {
                    let x = if effect { e.get(v) } else { c.get(v) };
                    x.copied().unwrap_or(f64::NAN)
                })
                .sum::<f64>()
                / n
        };
        let strategies = self.scenarios.len();
        let value = |point: usize, s: usize| -> f64 {
            let v = point * strategies + s;
            let (c, e) = (mean(v, false), mean(v, true));
            let (c0, e0) = (
                mean(point * strategies, false),
                mean(point * strategies, true),
            );
            outcome_value(options, c, e, c0, e0)
        };
        let names = names(self.scenarios);
        let shown: Vec<usize> = if options.outcome.is_incremental() {
            (1..strategies).collect()
        } else {
            (0..strategies).collect()
        };
        let mut tornado = Vec::new();
        for &s in &shown {
            let mut bars: Vec<TornadoRow> = self
                .varied
                .iter()
                .enumerate()
                .map(|(j, &p)| {
                    let (lo, hi) = (value(1 + 2 * j, s), value(2 + 2 * j, s));
                    TornadoRow {
                        strategy: names[s].clone(),
                        parameter: set.name(p).unwrap_or_default().to_owned(),
                        low: set.side_value(p, Side::Low).unwrap_or(f64::NAN),
                        high: set.side_value(p, Side::High).unwrap_or(f64::NAN),
                        outcome_low: lo,
                        outcome_high: hi,
                        swing: (hi - lo).abs(),
                    }
                })
                .collect();
            bars.sort_by(|a, b| b.swing.total_cmp(&a.swing));
            tornado.extend(bars);
        }
        Dsa {
            outcome: options.outcome,
            effect: options.effect,
            wtp: options.wtp,
            replications: settings.replications(),
            seed: settings.seed(),
            reference: names.first().cloned().unwrap_or_default(),
            currency: currency(self.scenarios),
            base: shown
                .iter()
                .map(|&s| BaseCase {
                    strategy: names[s].clone(),
                    outcome: value(0, s),
                })
                .collect(),
            tornado,
            elapsed_seconds,
        }
    }
}

fn check_options(o: &DsaOptions, strategies: usize) -> Result<(), RunError> {
    if o.outcome.is_incremental() && strategies < 2 {
        return Err(RunError::InvalidOption {
            option: "outcome",
            message: format!(
                "{} compares strategies: give a second scenario file, or use cost, effect or \
                 net_benefit",
                o.outcome.name()
            ),
        });
    }
    match (o.outcome.needs_wtp(), o.wtp) {
        (true, None) => Err(RunError::InvalidOption {
            option: "wtp",
            message: format!(
                "{} needs a willingness to pay in NOK per {}",
                o.outcome.name(),
                o.effect.unit()
            ),
        }),
        (true, Some(w)) if !(w.is_finite() && w >= 0.0) => Err(RunError::InvalidOption {
            option: "wtp",
            message: format!("must be a number of NOK of at least 0, found {w}"),
        }),
        (false, Some(_)) => Err(RunError::InvalidOption {
            option: "wtp",
            message: format!(
                "is used only by net_benefit and incremental_net_benefit, not {}",
                o.outcome.name()
            ),
        }),
        _ => Ok(()),
    }
}

/// The outcome from a strategy's mean cost and effect and the reference's.
fn outcome_value(o: &DsaOptions, c: f64, e: f64, c0: f64, e0: f64) -> f64 {
    let w = o.wtp.unwrap_or(0.0);
    match o.outcome {
        Outcome::Cost => c,
        Outcome::Effect => e,
        Outcome::IncrementalCost => c - c0,
        Outcome::IncrementalEffect => e - e0,
        Outcome::Icer => (c - c0) / (e - e0),
        Outcome::NetBenefit => w * e - c,
        Outcome::IncrementalNetBenefit => w * (e - e0) - (c - c0),
    }
}
