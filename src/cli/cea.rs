//! The cost-effectiveness commands: `psa` and `dsa`.

use super::analyses::render;
use super::args::{DsaArgs, EffectArg, FormatArg, OutcomeArg, PsaArgs, SimArgs};
use super::shard::{Options, Source};
use super::{build, load, output, progress, CliError};
use housing_sim::analysis::dsa::{self, DsaOptions, Outcome};
use housing_sim::analysis::psa::{self, Effect, PsaError, PsaOptions};
use housing_sim::report;
use housing_sim::run::RunSettings;
use housing_sim::scenario::Scenario;
use std::path::{Path, PathBuf};

/// Inner replications per sample without `--replications` (a PSA wants many samples more than
/// many replications; the noise report says when this is too few).
const DEFAULT_INNER_REPLICATIONS: u32 = 100;

/// The chart files `psa --plot-dir DIR` writes.
pub fn chart_paths(dir: &Path) -> [PathBuf; 3] {
    ["ce-plane.svg", "ceac.svg", "evpi.svg"].map(|f| dir.join(f))
}

impl From<PsaError> for CliError {
    fn from(e: PsaError) -> Self {
        match e {
            PsaError::Scenario(e) => e.into(),
            PsaError::Run(e) => e.into(),
            PsaError::Cea(e) => CliError::input(e.to_string()),
            other => CliError::input(other.to_string()),
        }
    }
}

fn effect(arg: EffectArg) -> Effect {
    match arg {
        EffectArg::StableHousingDays => Effect::StableHousingDays,
        EffectArg::GreenPersonMonths => Effect::GreenPersonMonths,
        EffectArg::HomelessMonthsAvoided => Effect::HomelessMonthsAvoided,
    }
}

fn outcome(arg: OutcomeArg) -> Outcome {
    match arg {
        OutcomeArg::Cost => Outcome::Cost,
        OutcomeArg::Effect => Outcome::Effect,
        OutcomeArg::IncrementalCost => Outcome::IncrementalCost,
        OutcomeArg::IncrementalEffect => Outcome::IncrementalEffect,
        OutcomeArg::Icer => Outcome::Icer,
        OutcomeArg::NetBenefit => Outcome::NetBenefit,
        OutcomeArg::IncrementalNetBenefit => Outcome::IncrementalNetBenefit,
    }
}

fn load_all(files: &[PathBuf]) -> Result<Vec<Scenario>, CliError> {
    let scenarios = files
        .iter()
        .map(|f| load(f))
        .collect::<Result<Vec<_>, _>>()?;
    for s in &scenarios {
        build(s)?;
    }
    Ok(scenarios)
}

/// Replications, seed, threads and budget from the flags, else the first scenario's seed and
/// `replications`.
fn run_settings(
    sim: &SimArgs,
    first: &Scenario,
    replications: u32,
) -> Result<RunSettings, CliError> {
    super::settings_or(sim, replications, first.seed)
}

/// `housing-sim psa`.
pub fn psa(args: PsaArgs, source: &Source) -> Result<(), CliError> {
    let scenarios = load_all(&args.files)?;
    let settings = run_settings(&args.sim, &scenarios[0], DEFAULT_INNER_REPLICATIONS)?;
    let effect = effect(args.effect);
    let max = args.wtp_max.unwrap_or(effect.default_wtp_max());
    let step = args.wtp_step.unwrap_or(max / 40.0);
    let wtp = if max == 0.0 && args.wtp_step.is_none() {
        vec![0.0]
    } else {
        psa::wtp_grid(max, step)?
    };
    let options = PsaOptions {
        samples: args.samples,
        effect,
        wtp,
    };
    let setup = psa::PsaSetup::new(&scenarios, &options, settings)?;
    let bar = progress::Report::new(
        source
            .share(args.samples)
            .saturating_mul(settings.replications() as u64),
    );
    let mut given = Options::default();
    given
        .put("samples", Some(args.samples))
        .choice("effect", Some(args.effect))
        .put("wtp-max", args.wtp_max)
        .put("wtp-step", args.wtp_step);
    let files: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let job = args.sim.job("psa", given, &files);
    let shape = [scenarios.len(); 3];
    let records = source.records(&job, args.samples, &shape, |range| {
        Ok(setup.samples_in(range, &bar)?)
    })?;
    bar.finish();
    let Some((per_sample, elapsed)) = records else {
        return Ok(());
    };
    let result = setup.summarise(&per_sample, elapsed)?;
    if let Some(path) = &args.samples_out {
        let csv = report::psa_samples_csv(&result)
            .and_then(|c| report::in_dialect(&c, args.sim.csv_dialect.dialect()))
            .map_err(CliError::failure)?;
        output::emit(&csv, Some(path))?;
    }
    if let Some(dir) = &args.plot_dir {
        let [plane, ceac, evpi] = chart_paths(dir);
        output::emit(
            &report::psa_plane_svg(&result).map_err(CliError::failure)?,
            Some(&plane),
        )?;
        output::emit(
            &report::psa_ceac_svg(&result).map_err(CliError::failure)?,
            Some(&ceac),
        )?;
        output::emit(
            &report::psa_evpi_svg(&result).map_err(CliError::failure)?,
            Some(&evpi),
        )?;
    }
    if args.sim.format != FormatArg::Table {
        // The table lists them itself.
        for w in &result.warnings {
            output::print_warning(w);
        }
    }
    let text = render(&args.sim, &result, report::psa_table)?;
    output::emit(&text, args.sim.out.as_deref())
}

/// `housing-sim dsa`.
pub fn dsa(args: DsaArgs, source: &Source) -> Result<(), CliError> {
    let scenarios = load_all(&args.files)?;
    let settings = run_settings(&args.sim, &scenarios[0], scenarios[0].replications)?;
    let options = DsaOptions {
        outcome: args
            .outcome
            .map_or(Outcome::default_for(scenarios.len()), outcome),
        effect: effect(args.effect),
        wtp: args.wtp,
    };
    let setup = dsa::DsaSetup::new(&scenarios, &options, settings)?;
    let total = settings.replications() as u64;
    let bar = progress::Report::new(source.share(total));
    let mut given = Options::default();
    given
        .choice("outcome", args.outcome)
        .choice("effect", Some(args.effect))
        .put("wtp", args.wtp);
    let files: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    let job = args.sim.job("dsa", given, &files);
    let shape = [setup.variants(); 2];
    let records = source.records(&job, total, &shape, |range| {
        Ok(setup.records_in(range, &bar)?)
    })?;
    bar.finish();
    let Some((records, elapsed)) = records else {
        return Ok(());
    };
    let result = setup.summarise(&records, elapsed);
    if let Some(path) = &args.plot {
        output::emit(
            &report::tornado_svg(&result).map_err(CliError::failure)?,
            Some(path),
        )?;
    }
    let text = render(&args.sim, &result, report::dsa_table)?;
    output::emit(&text, args.sim.out.as_deref())
}
