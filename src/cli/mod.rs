//! The command-line interface: argument parsing, loading, and the mapping of errors to exit
//! codes (0 success, 2 invalid input, 1 anything else). No model logic lives here.

mod analyses;
mod args;
mod cea;
mod merge;
mod output;
mod parts;
mod plan;
mod progress;
mod shard;
mod signals;

use args::{Cli, Command, FormatArg, PerspectiveArg, RunArgs, SimArgs};
use clap::Parser;
use housing_sim::cost::Perspective;
use housing_sim::model::Model;
use housing_sim::report;
use housing_sim::run::{RunError, RunSettings, Simulation};
use housing_sim::scenario::{self, Scenario, ScenarioError};
use std::path::Path;

/// An error with its exit code.
#[derive(Debug)]
pub struct CliError {
    code: i32,
    message: String,
}

impl CliError {
    /// Invalid input (scenario or arguments): exit code 2.
    pub fn input(message: impl Into<String>) -> CliError {
        CliError {
            code: 2,
            message: message.into(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Any other failure: exit code 1.
    pub fn failure(message: impl Into<String>) -> CliError {
        CliError {
            code: 1,
            message: message.into(),
        }
    }
}

impl From<ScenarioError> for CliError {
    fn from(e: ScenarioError) -> Self {
        CliError::input(e.to_string())
    }
}

impl From<RunError> for CliError {
    fn from(e: RunError) -> Self {
        match e {
            RunError::InvalidOption { option, message }
            | RunError::TooLarge { option, message } => {
                CliError::input(format!("{}: {message}", flag(option)))
            }
            e @ RunError::OverBudget { option, .. } => CliError::input(format!(
                "{}{} (raise the budget with --memory-budget-gib)",
                flag(option),
                e.to_string().trim_start_matches(option)
            )),
            e @ RunError::Incomparable { .. } => CliError::input(e.to_string()),
            other => CliError::failure(other.to_string()),
        }
    }
}

/// The command-line flag of a library option or input name (`team_fte` → `--team-fte`).
pub(crate) fn flag(option: &str) -> String {
    let flag = match option {
        "fte_cost_per_year_nok" => "fte-cost-per-year",
        "hospits_housing_per_month_nok" => "hospits-housing-per-month",
        "hospits_follow_up_per_month_nok" => "hospits-follow-up-per-month",
        "extra_housing_outlay_per_month_nok" => "extra-housing-outlay-per-month",
        "other_hf_cost_per_participant_per_month_nok" => "other-hf-cost-per-participant-per-month",
        "turnover_cost_nok" => "turnover-cost",
        other => return format!("--{}", other.replace('_', "-")),
    };
    format!("--{flag}")
}

/// Run the CLI with the process arguments; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return output::clap_error(&e),
    };
    signals::install();
    let files = cli.files();
    let charts: Vec<std::path::PathBuf> = files
        .plot_dir
        .map(|d| cea::chart_paths(d).to_vec())
        .unwrap_or_default();
    let mut outputs = files.outputs.clone();
    outputs.extend(charts.iter().map(|p| ("--plot-dir", p.as_path())));
    let result = shard_flags(&cli, &outputs)
        .and_then(|()| binary_needs_a_file(&cli))
        .and_then(|()| make_dir(files.plot_dir))
        .and_then(|()| output::prepare(&outputs, &files.inputs))
        .and_then(|()| dispatch(cli));
    drop(output::discard_all());
    match result {
        Ok(()) => 0,
        Err(e) => {
            output::print_error(&e.message);
            e.code
        }
    }
}

/// `--format xlsx` writes a binary workbook: only to a file given with `--out`, never to
/// standard output (a terminal would show garbage, a pipe rarely wants it).
fn binary_needs_a_file(cli: &Cli) -> Result<(), CliError> {
    let (format, out) = match &cli.command {
        Command::Merge(m) => (m.format, m.out.as_deref()),
        _ => match cli.sim() {
            (Some(sim), _) if sim.shard.is_none() => (sim.format, sim.out.as_deref()),
            _ => return Ok(()),
        },
    };
    if format == FormatArg::Xlsx && out.is_none_or(output::is_stdout) {
        return Err(CliError::input(
            "--format xlsx writes a binary workbook: give --out FILE.xlsx (it is never written \
             to standard output)",
        ));
    }
    Ok(())
}

/// Create the folder of `--plot-dir` if it does not exist.
fn make_dir(dir: Option<&Path>) -> Result<(), CliError> {
    match dir {
        Some(d) if !d.is_dir() => std::fs::create_dir_all(d).map_err(|e| {
            CliError::input(format!(
                "--plot-dir {}: cannot create the folder: {e}",
                d.display()
            ))
        }),
        _ => Ok(()),
    }
}

/// `--shard` writes a part file to `--out` and nothing else: refuse it without `--out`, with
/// a chart or samples file (the merge writes those), and on `plan`.
fn shard_flags(cli: &Cli, outputs: &[(&str, &Path)]) -> Result<(), CliError> {
    let (Some(sim), name) = cli.sim() else {
        return Ok(());
    };
    if sim.shard.is_none() {
        return Ok(());
    }
    if name == "plan" {
        return Err(CliError::input(
            "--shard: plan cannot be sharded (its search needs every replication of a mix \
             before it chooses the next); shard run, compare, sweep-staffing, break-even, psa \
             or dsa",
        ));
    }
    if sim.out.is_none() {
        return Err(CliError::input(
            "--shard needs --out PART: a shard writes its part file there, for \
             `housing-sim merge`",
        ));
    }
    if let Some((flag, _)) = outputs.iter().find(|(f, _)| *f != "--out") {
        return Err(CliError::input(format!(
            "{flag}: a shard writes only its part file; give {flag} to `housing-sim merge`"
        )));
    }
    Ok(())
}

fn dispatch(cli: Cli) -> Result<(), CliError> {
    let source = match cli.sim().0.and_then(|s| s.shard) {
        Some(shard) => shard::Source::Shard(shard),
        None => shard::Source::Whole,
    };
    dispatch_with(cli, &source)
}

/// Run `cli` with its records from `source`.
pub(crate) fn dispatch_with(cli: Cli, source: &shard::Source) -> Result<(), CliError> {
    match cli.command {
        Command::Run(args) => run(args, source),
        Command::Validate { file } => validate(&file),
        Command::BreakEven(args) => analyses::break_even(args, source),
        Command::SweepStaffing(args) => analyses::sweep_staffing(args, source),
        Command::Compare(args) => analyses::compare(args, source),
        Command::Psa(args) => cea::psa(args, source),
        Command::Dsa(args) => cea::dsa(args, source),
        Command::Plan(args) => plan::plan(args),
        Command::Merge(args) => merge::merge(args),
        Command::Schema => {
            let schema = scenario::json_schema();
            let text = report::to_json(&schema).map_err(|e| CliError::failure(e.to_string()))?;
            output::emit(&text, None)
        }
    }
}

pub(crate) fn load(file: &Path) -> Result<Scenario, CliError> {
    Ok(scenario::from_file(file)?)
}

/// The model of `s`, after printing the scenario's likely unit mix-ups as warnings (every
/// command builds each scenario once, here).
pub(crate) fn build(s: &Scenario) -> Result<Model, CliError> {
    let model = Model::new(s)?;
    for issue in scenario::validate::warnings(s) {
        output::print_warning(&format!("{}: {issue}", s.origin()));
    }
    Ok(model)
}

fn validate(file: &Path) -> Result<(), CliError> {
    let s = load(file)?;
    let m = build(&s)?;
    let support = scenario::validate::uncertainty_support(&s);
    if !support.is_empty() {
        return Err(ScenarioError::Invalid {
            file: s.origin().to_owned(),
            issues: support,
        }
        .into());
    }
    let text = format!(
        "OK: {} is a valid scenario \"{}\" ({} profiles, {} programs, {} residents at the start, {} months)\n",
        file.display(),
        output::escape_controls(&s.name),
        s.profiles.len(),
        s.programs.len(),
        m.initial_residents(),
        s.horizon_months
    );
    output::emit(&text, None)
}

fn run(args: RunArgs, source: &shard::Source) -> Result<(), CliError> {
    if let Some(out) = &args.sim.out {
        output::check_target(out)?;
    }
    let mut s = load(&args.file)?;
    if let Some(m) = args.months {
        s.horizon_months = m;
    }
    apply_perspective(&mut s, args.perspective);
    let model = build(&s)?;
    let settings = settings(&model, &args.sim)?;
    let total = settings.replications() as u64;
    let bar = progress::Report::new(source.share(total));
    let mut sim = Simulation::new(&model)
        .seed(settings.seed())
        .replications(settings.replications())
        .memory_budget(settings.memory_budget_bytes())
        .progress(&bar);
    if let Some(t) = settings.threads() {
        sim = sim.threads(t);
    }
    let mut options = shard::Options::default();
    options
        .put("months", args.months)
        .choice("perspective", args.perspective);
    let job = args.sim.job("run", options, &[&args.file]);
    let Some((records, elapsed)) = source.records(&job, total, &run_shape(&model), |range| {
        Ok(sim.records_in(range)?)
    })?
    else {
        bar.finish();
        return Ok(());
    };
    let result = sim.summarise(records, elapsed)?;
    bar.finish();
    if let Some(path) = &args.monthly_out {
        let csv = report::monthly_csv(&result, args.sim.csv_dialect.dialect())
            .map_err(CliError::failure)?;
        output::emit(&csv, Some(path))?;
    }
    let text = analyses::render(&args.sim, &result, report::run_table)?;
    output::emit(&text, args.sim.out.as_deref())
}

/// `--perspective`, if given, in place of the scenario's `costs.perspective`.
pub(crate) fn apply_perspective(s: &mut Scenario, perspective: Option<PerspectiveArg>) {
    if let Some(p) = perspective {
        s.costs.perspective = match p {
            PerspectiveArg::Municipality => Perspective::Municipality,
            PerspectiveArg::Society => Perspective::Society,
        };
    }
}

/// The layout of a run's records: a replication of `model`, then its monthly totals.
fn run_shape(model: &Model) -> Vec<usize> {
    let mut shape = shard::replication_shape(model.programs().len(), model.horizon()).to_vec();
    shape.extend(shard::monthly_shape(model.horizon()));
    shape
}

/// The run settings: the flags, else the scenario's own.
pub(crate) fn settings(model: &Model, sim: &SimArgs) -> Result<RunSettings, CliError> {
    let s = model.scenario();
    settings_or(sim, s.replications, s.seed)
}

/// The run settings: the flags, else `replications` and `seed`.
pub(crate) fn settings_or(
    sim: &SimArgs,
    replications: u32,
    seed: u64,
) -> Result<RunSettings, CliError> {
    let settings = RunSettings::new(
        sim.replications.unwrap_or(replications),
        sim.seed.unwrap_or(seed),
    )?;
    let settings = match sim.memory_budget_gib {
        Some(gib) => settings.with_memory_budget((gib * (1u64 << 30) as f64) as u64),
        None => settings,
    };
    Ok(match sim.threads {
        Some(t) => settings.with_threads(usize::from(t))?,
        None => settings,
    })
}
