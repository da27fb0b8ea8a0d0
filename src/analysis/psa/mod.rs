//! Probabilistic sensitivity analysis (PSA): what we do not know about the rates and prices,
//! on top of the chance the engine already simulates.
//!
//! A two-level Monte Carlo on the one driver ([`SampledBatch`]): for each outer sample k, the
//! uncertain parameters of the scenarios' `uncertainty` sections are drawn from their own
//! stream (seed, k) — a name present in several files is drawn once and shared — and every
//! strategy (a scenario file; the first is the reference) runs `replications` inner
//! replications, replication i of sample k on the same stream in every strategy (common
//! random numbers). Each sample gives each strategy's mean discounted cost and effect; over
//! the samples come the ICER table, the incremental net benefit, the acceptability curves and
//! frontier, EVPI and EVPPI ([`crate::analysis::cea`]).
//!
//! The inner replications are finite, so each sample's means carry Monte Carlo noise that the
//! spread across samples includes; [`Psa::inner_noise`] says how much of that spread it is
//! and a warning is given when it is large enough to bias EVPI and the acceptability curves
//! upwards (raise `--replications`).

mod strategies;

pub use strategies::{check_comparable, costs, currency, names, Effect, DAYS_PER_MONTH};

use crate::analysis::cea::{
    self, CeaError, CeacPoint, EvpiPoint, IcerRow, InbPoint, InnerNoise, Samples,
};
use crate::model::Model;
use crate::run::{Progress, RunError, RunSettings, SampledBatch};
use crate::scenario::{Scenario, ScenarioError};
use crate::stat::Stat;
use crate::uncertainty::{ParameterSet, ParameterSummary};
use serde::Serialize;
use std::ops::Range;
use std::time::Instant;
use thiserror::Error;

/// Why a cost-effectiveness analysis cannot go ahead.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PsaError {
    /// A scenario, its uncertainty section or a drawn sample is invalid.
    #[error(transparent)]
    Scenario(#[from] ScenarioError),
    /// An option is out of range, or the run cannot start.
    #[error(transparent)]
    Run(#[from] RunError),
    /// The cost-effectiveness summary cannot be computed.
    #[error(transparent)]
    Cea(#[from] CeaError),
    /// No scenario was given.
    #[error("a cost-effectiveness analysis needs at least one scenario")]
    NoStrategies,
}

/// Willingness-to-pay values from 0 to `max` in steps of `step` (NOK per unit of effect).
pub fn wtp_grid(max: f64, step: f64) -> Result<Vec<f64>, RunError> {
    if !(max.is_finite() && max >= 0.0) {
        return Err(RunError::InvalidOption {
            option: "wtp_max",
            message: format!("must be a number of NOK of at least 0, found {max}"),
        });
    }
    if !(step.is_finite() && step > 0.0) {
        return Err(RunError::InvalidOption {
            option: "wtp_step",
            message: format!("must be a number of NOK above 0, found {step}"),
        });
    }
    let n = (max / step + 1e-9).floor();
    if n > MAX_WTP_POINTS as f64 {
        return Err(RunError::TooLarge {
            option: "wtp_step",
            message: format!(
                "0 to {max} in steps of {step} is {} points, more than {MAX_WTP_POINTS}; take a \
                 larger step",
                n + 1.0
            ),
        });
    }
    Ok((0..=n as u64).map(|j| j as f64 * step).collect())
}

/// Most willingness-to-pay points.
pub const MAX_WTP_POINTS: usize = 10_000;

/// What a PSA is asked.
#[derive(Clone, Debug)]
pub struct PsaOptions {
    /// Outer samples of the parameters.
    pub samples: u64,
    /// The effect counted.
    pub effect: Effect,
    /// Willingness-to-pay values, NOK per unit of effect (see [`wtp_grid`]).
    pub wtp: Vec<f64>,
}

/// One strategy over the samples.
#[derive(Clone, Debug, Serialize)]
pub struct StrategyResult {
    /// The strategy (scenario name).
    pub name: String,
    /// The file it was read from.
    pub file: String,
    /// Discounted total cost, NOK (the scenario's perspective): the samples' means.
    pub cost: Stat,
    /// Discounted effect: the samples' means.
    pub effect: Stat,
}

/// EVPPI of one parameter (or a group) at one willingness to pay.
#[derive(Clone, Debug, Serialize)]
pub struct EvppiPoint {
    /// The parameter, or `group:<name>` for a group of parameters.
    pub parameter: String,
    /// Willingness to pay, NOK per unit of effect.
    pub wtp: f64,
    /// Expected value of perfect information about it, NOK (for the scenario population).
    pub evppi: f64,
}

/// How much of the spread across samples is inner Monte Carlo noise.
#[derive(Clone, Debug, Serialize)]
pub struct NoiseRow {
    /// The strategy compared with the reference (or the only strategy).
    pub strategy: String,
    /// `incremental_cost`, `incremental_effect` or `incremental_net_benefit` (at `wtp`); with
    /// one strategy, `cost` and `effect`.
    pub quantity: String,
    /// Willingness to pay for the net benefit, else `null`.
    pub wtp: Option<f64>,
    /// The estimate.
    #[serde(flatten)]
    pub noise: InnerNoise,
}

/// Per-sample values, for `--samples-out` and charts.
#[derive(Clone, Debug)]
pub struct SampleRows {
    /// Costs and effects per strategy and sample.
    pub outcomes: Samples,
    /// Parameter column names ([`ParameterSet::columns`]).
    pub columns: Vec<String>,
    /// `[sample][column]` parameter values.
    pub values: Vec<Vec<f64>>,
}

/// The result of a PSA.
#[derive(Clone, Debug, Serialize)]
pub struct Psa {
    /// Outer samples.
    pub samples: u64,
    /// Inner replications per sample and strategy.
    pub replications: u32,
    /// Random seed.
    pub seed: u64,
    /// The effect counted.
    pub effect: Effect,
    /// One unit of effect in words.
    pub effect_unit: String,
    /// The currency of every amount (the strategies' shared `costs.currency`).
    pub currency: String,
    /// Strategies in the order given; the first is the reference.
    pub strategies: Vec<StrategyResult>,
    /// The ICER table on the mean costs and effects (dampack's conventions).
    pub icers: Vec<IcerRow>,
    /// Incremental net benefit of each strategy against the reference, per willingness to pay.
    pub incremental_net_benefit: Vec<InbPoint>,
    /// Acceptability curves and frontier.
    pub ceac: Vec<CeacPoint>,
    /// Expected value of perfect information, per willingness to pay.
    pub evpi: Vec<EvpiPoint>,
    /// Expected value of partial perfect information per parameter and group.
    pub evppi: Vec<EvppiPoint>,
    /// The uncertain parameters.
    pub parameters: Vec<ParameterSummary>,
    /// Inner Monte Carlo noise in the spread across samples.
    pub inner_noise: Vec<NoiseRow>,
    /// What to keep in mind reading the results.
    pub warnings: Vec<String>,
    /// Wall time (the only field that differs between identical runs).
    pub elapsed_seconds: f64,
    /// Per-sample values.
    #[serde(skip)]
    pub rows: SampleRows,
}

/// Each strategy's mean cost and effect in one sample, and the within-sample (co)variances
/// of the increments against the reference: all a PSA keeps of a sample's inner replications
/// (and what the part files of a sharded PSA carry, docs/parts.md).
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct SampleMeans {
    /// Mean discounted cost per strategy.
    pub cost: Vec<f64>,
    /// Mean discounted effect per strategy.
    pub effect: Vec<f64>,
    /// Per strategy: variance of the incremental cost, of the incremental effect, and their
    /// covariance, over the inner replications (of cost and effect themselves for a single
    /// strategy).
    pub within: Vec<[f64; 3]>,
}

/// Run a PSA of `scenarios` (the first is the reference): [`PsaSetup::new`], the samples'
/// means ([`PsaSetup::samples_in`]) of every sample, then [`PsaSetup::summarise`].
pub fn psa(
    scenarios: &[Scenario],
    options: &PsaOptions,
    settings: RunSettings,
    progress: &dyn Progress,
) -> Result<Psa, PsaError> {
    let start = Instant::now();
    let setup = PsaSetup::new(scenarios, options, settings)?;
    let per_sample = setup.samples_in(0..options.samples, progress)?;
    setup.summarise(&per_sample, start.elapsed().as_secs_f64())
}

/// A PSA ready to run: the strategies checked, their uncertain parameters gathered.
pub struct PsaSetup<'a> {
    scenarios: &'a [Scenario],
    options: &'a PsaOptions,
    settings: RunSettings,
    set: ParameterSet,
}

impl<'a> PsaSetup<'a> {
    /// Check the strategies (comparable, each valid as given) and gather their parameters.
    pub fn new(
        scenarios: &'a [Scenario],
        options: &'a PsaOptions,
        settings: RunSettings,
    ) -> Result<PsaSetup<'a>, PsaError> {
        check_comparable(scenarios)?;
        let refs: Vec<&Scenario> = scenarios.iter().collect();
        let set = ParameterSet::new(&refs)?;
        // Every strategy must build as given (the base case), before any sample.
        for s in scenarios {
            Model::new(s)?;
        }
        SampledBatch::new(options.samples, settings)?;
        Ok(PsaSetup {
            scenarios,
            options,
            settings,
            set,
        })
    }

    /// The means of the outer samples in `range` (a shard's share of `0..samples`), in
    /// sample order: sample k draws its parameters and inner streams from (seed, k) whatever
    /// the range.
    pub fn samples_in(
        &self,
        range: Range<u64>,
        progress: &dyn Progress,
    ) -> Result<Vec<SampleMeans>, PsaError> {
        let seed = self.settings.seed();
        let effect = self.options.effect;
        let (set, scenarios) = (&self.set, self.scenarios);
        SampledBatch::new(self.options.samples, self.settings)?
            .samples_in(range)?
            .progress(progress)
            .run(
                |k| -> Result<Vec<Model>, PsaError> {
                    let draw = set.draw(seed, k);
                    scenarios
                        .iter()
                        .map(|s| set.model(s, &draw, k).map_err(PsaError::from))
                        .collect()
                },
                |_, _, reps| (costs(&reps), effect.of(&reps)),
                |_, records| sample_means(&records),
            )
    }

    /// The PSA from every sample's means (in sample order); `elapsed_seconds` is reported as
    /// the wall time.
    pub fn summarise(
        &self,
        per_sample: &[SampleMeans],
        elapsed_seconds: f64,
    ) -> Result<Psa, PsaError> {
        let seed = self.settings.seed();
        let names = names(self.scenarios);
        let outcomes = Samples::new(
            names,
            transpose(per_sample, |m| &m.cost),
            transpose(per_sample, |m| &m.effect),
        )?;
        let values: Vec<Vec<f64>> = (0..per_sample.len() as u64)
            .map(|k| self.set.draw(seed, k).columns())
            .collect();
        let rows = SampleRows {
            outcomes,
            columns: self.set.columns(),
            values,
        };
        let mut result = summarise(
            self.scenarios,
            &self.set,
            &rows,
            per_sample,
            self.options,
            self.settings,
        )?;
        result.elapsed_seconds = elapsed_seconds;
        result.rows = rows;
        Ok(result)
    }
}

fn transpose(per_sample: &[SampleMeans], f: impl Fn(&SampleMeans) -> &Vec<f64>) -> Vec<Vec<f64>> {
    let n = per_sample.first().map_or(0, |m| f(m).len());
    (0..n)
        .map(|s| per_sample.iter().map(|m| f(m)[s]).collect())
        .collect()
}

/// Each strategy's discounted costs and effects in one inner replication.
type CostEffect = (Vec<f64>, Vec<f64>);

/// Means and within-sample (co)variances of one sample's records, (costs, effects) per
/// replication.
fn sample_means(records: &[CostEffect]) -> SampleMeans {
    let n = records.len() as f64;
    let strategies = records.first().map_or(0, |r| r.0.len());
    let mean = |f: &dyn Fn(&CostEffect) -> f64| records.iter().map(f).sum::<f64>() / n;
    let cost: Vec<f64> = (0..strategies).map(|s| mean(&|r| r.0[s])).collect();
    let effect: Vec<f64> = (0..strategies).map(|s| mean(&|r| r.1[s])).collect();
    let within = (0..strategies)
        .map(|s| {
            // Increments against the reference; a single strategy against nothing.
            let dc = |r: &CostEffect| r.0[s] - if s > 0 { r.0[0] } else { 0.0 };
            let de = |r: &CostEffect| r.1[s] - if s > 0 { r.1[0] } else { 0.0 };
            let (mc, me) = (mean(&dc), mean(&de));
            let denom = (n - 1.0).max(1.0);
            let var = |g: &dyn Fn(&CostEffect) -> f64, m: f64| {
                records.iter().map(|r| (g(r) - m).powi(2)).sum::<f64>() / denom
            };
            let cov = records
                .iter()
                .map(|r| (dc(r) - mc) * (de(r) - me))
                .sum::<f64>()
                / denom;
            [var(&dc, mc), var(&de, me), cov]
        })
        .collect();
    SampleMeans {
        cost,
        effect,
        within,
    }
}

/// The summaries over samples.
fn summarise(
    scenarios: &[Scenario],
    set: &ParameterSet,
    rows: &SampleRows,
    per_sample: &[SampleMeans],
    options: &PsaOptions,
    settings: RunSettings,
) -> Result<Psa, PsaError> {
    let o = &rows.outcomes;
    let names = o.strategies().to_vec();
    let strategies: Vec<StrategyResult> = names
        .iter()
        .enumerate()
        .map(|(s, name)| StrategyResult {
            name: name.clone(),
            file: scenarios[s].origin().to_owned(),
            cost: Stat::of(o.cost(s)),
            effect: Stat::of(o.effect(s)),
        })
        .collect();
    let mean_cost: Vec<f64> = strategies.iter().map(|s| s.cost.mean).collect();
    let mean_effect: Vec<f64> = strategies.iter().map(|s| s.effect.mean).collect();
    let wtp = &options.wtp;
    let evpi = cea::evpi(o, wtp);
    let (evppi, mut warnings) = evppi_rows(set, rows, wtp);
    let peak = evpi
        .iter()
        .max_by(|a, b| a.evpi.total_cmp(&b.evpi))
        .map_or(0.0, |p| p.wtp);
    let inner_noise = noise_rows(&names, per_sample, settings.replications(), peak);
    warnings.extend(noise_warnings(
        &inner_noise,
        settings.replications(),
        &currency(scenarios),
    ));
    Ok(Psa {
        samples: options.samples,
        replications: settings.replications(),
        seed: settings.seed(),
        effect: options.effect,
        effect_unit: options.effect.unit().to_owned(),
        currency: currency(scenarios),
        icers: cea::icers(&names, &mean_cost, &mean_effect),
        incremental_net_benefit: cea::incremental_net_benefit(o, wtp),
        ceac: cea::ceac(o, wtp),
        evpi,
        evppi,
        parameters: set.summaries(),
        inner_noise,
        warnings,
        strategies,
        elapsed_seconds: 0.0,
        rows: rows.clone(),
    })
}

/// EVPPI of every uncertain parameter and of each group of parameters of one kind; a
/// parameter or group the samples cannot support is left out with a warning.
fn evppi_rows(
    set: &ParameterSet,
    rows: &SampleRows,
    wtp: &[f64],
) -> (Vec<EvppiPoint>, Vec<String>) {
    let mut out = Vec::new();
    let mut skipped: Vec<(String, usize)> = Vec::new();
    for (label, columns) in evppi_subjects(set, &rows.columns) {
        let inputs: Vec<Vec<f64>> = columns
            .iter()
            .map(|&c| rows.values.iter().map(|v| v[c]).collect())
            .collect();
        if inputs.iter().all(|col| col.iter().all(|x| *x == col[0])) {
            continue; // fixed: nothing to learn
        }
        let refs: Vec<&[f64]> = inputs.iter().map(Vec::as_slice).collect();
        match cea::evppi(&rows.outcomes, &refs, wtp) {
            Ok(values) => out.extend(wtp.iter().zip(values).map(|(w, v)| EvppiPoint {
                parameter: label.clone(),
                wtp: *w,
                evppi: v,
            })),
            Err(CeaError::TooFewSamplesForBasis { needed, .. }) => skipped.push((label, needed)),
            Err(e) => skipped.push((format!("{label} ({e})"), 0)),
        }
    }
    let warnings = if skipped.is_empty() {
        Vec::new()
    } else {
        let most = skipped.iter().map(|s| s.1).max().unwrap_or(0);
        let names: Vec<&str> = skipped.iter().map(|s| s.0.as_str()).collect();
        vec![format!(
            "EVPPI not estimated for {} parameter(s) or group(s) with {} samples (the regression \
             needs ten samples per coefficient; up to {most} here): {}",
            skipped.len(),
            rows.values.len(),
            names.join(", ")
        )]
    };
    (out, warnings)
}

/// Each parameter with its columns (a Dirichlet row without its `stay` column, which the
/// others determine), then each kind of parameter as a group (`group:prices`, …) when it has
/// more than one member and there is more than one kind.
fn evppi_subjects(set: &ParameterSet, columns: &[String]) -> Vec<(String, Vec<usize>)> {
    let mut subjects: Vec<(String, Vec<usize>)> = Vec::new();
    let mut groups: Vec<(&'static str, Vec<usize>, usize)> = Vec::new();
    for p in 0..set.len() {
        let (Some(name), Some(path)) = (set.name(p), set.path(p)) else {
            continue;
        };
        let prefix = format!("{name}.");
        let own: Vec<usize> = columns
            .iter()
            .enumerate()
            .filter(|(_, c)| *c == name || (c.starts_with(&prefix) && !c.ends_with(".stay")))
            .map(|(i, _)| i)
            .collect();
        let kind = kind_of(path);
        match groups.iter_mut().find(|g| g.0 == kind) {
            Some(g) => {
                g.1.extend(&own);
                g.2 += 1;
            }
            None => groups.push((kind, own.clone(), 1)),
        }
        subjects.push((name.to_owned(), own));
    }
    if groups.len() > 1 {
        for (kind, cols, members) in groups {
            if members > 1 {
                subjects.push((format!("group:{kind}"), cols));
            }
        }
    }
    subjects
}

/// The kind of a parameter, from its path: what a municipality could learn more about.
pub fn kind_of(path: &str) -> &'static str {
    if path.contains(".transitions.") {
        "transitions"
    } else if path.contains(".breakdown[") {
        "breakdowns"
    } else if path.contains(".arrivals") {
        "arrivals"
    } else if path.starts_with("profiles") {
        "population"
    } else if path.starts_with("placement") {
        "placement"
    } else {
        "prices"
    }
}

fn noise_rows(
    names: &[String],
    per_sample: &[SampleMeans],
    replications: u32,
    wtp: f64,
) -> Vec<NoiseRow> {
    let single = names.len() == 1;
    let mut out = Vec::new();
    for (s, name) in names.iter().enumerate().skip(usize::from(!single)) {
        let mean_of =
            |f: &dyn Fn(&SampleMeans) -> f64| -> Vec<f64> { per_sample.iter().map(f).collect() };
        let dc = mean_of(&|m| m.cost[s] - if single { 0.0 } else { m.cost[0] });
        let de = mean_of(&|m| m.effect[s] - if single { 0.0 } else { m.effect[0] });
        let inb: Vec<f64> = dc.iter().zip(&de).map(|(c, e)| wtp * e - c).collect();
        let var_c = mean_of(&|m| m.within[s][0]);
        let var_e = mean_of(&|m| m.within[s][1]);
        let var_inb = mean_of(&|m| {
            let w = m.within[s];
            wtp * wtp * w[1] + w[0] - 2.0 * wtp * w[2]
        });
        let (qc, qe) = if single {
            ("cost", "effect")
        } else {
            ("incremental_cost", "incremental_effect")
        };
        let row = |quantity: &str, wtp: Option<f64>, means: &[f64], within: &[f64]| NoiseRow {
            strategy: name.clone(),
            quantity: quantity.to_owned(),
            wtp,
            noise: cea::inner_noise(means, within, replications),
        };
        out.push(row(qc, None, &dc, &var_c));
        out.push(row(qe, None, &de, &var_e));
        if !single {
            out.push(row("incremental_net_benefit", Some(wtp), &inb, &var_inb));
        }
    }
    out
}

fn noise_warnings(rows: &[NoiseRow], replications: u32, currency: &str) -> Vec<String> {
    if replications < 2 {
        return vec![
            "with 1 inner replication per sample the inner Monte Carlo noise cannot be \
             estimated; EVPI and the acceptability curves include it (use --replications 2 or more)"
                .to_owned(),
        ];
    }
    rows.iter()
        .filter(|r| r.noise.is_large())
        .map(|r| {
            format!(
                "{:.0} % of the spread of {}'s {}{} across samples is inner Monte Carlo noise; \
                 it inflates EVPI and flattens the acceptability curves: raise --replications \
                 (noise falls as 1/replications)",
                100.0 * r.noise.share,
                r.strategy,
                r.quantity.replace('_', " "),
                r.wtp
                    .map_or(String::new(), |w| format!(" at {w} {currency} per unit"))
            )
        })
        .collect()
}
