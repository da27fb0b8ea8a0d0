//! The analysis commands: `break-even`, `sweep-staffing` and `compare`.

use super::args::{BreakEvenArgs, CompareArgs, FormatArg, SimArgs, SweepArgs};
use super::shard::{self, Options, Source};
use super::{build, flag, load, output, settings, CliError};
use housing_sim::analysis::break_even::{self, Overrides, SetupError};
use housing_sim::analysis::compare;
use housing_sim::analysis::sweep::{self, Levels};
use housing_sim::report;
use housing_sim::run::RunSettings;

/// The output of `result` in the command's `--format` (and `--csv-dialect`), as bytes.
pub(crate) fn render<T: serde::Serialize>(
    sim: &SimArgs,
    result: &T,
    table: impl Fn(&T) -> String,
) -> Result<Vec<u8>, CliError> {
    Ok(match sim.format {
        FormatArg::Table => table(result).into_bytes(),
        FormatArg::Json => report::to_json(result)
            .map_err(|e| CliError::failure(e.to_string()))?
            .into_bytes(),
        FormatArg::Csv => report::to_csv(result, sim.csv_dialect.dialect())
            .map_err(CliError::failure)?
            .into_bytes(),
        FormatArg::Xlsx => xlsx(result)?,
    })
}

#[cfg(feature = "xlsx")]
fn xlsx<T: serde::Serialize>(result: &T) -> Result<Vec<u8>, CliError> {
    report::to_xlsx(result).map_err(CliError::failure)
}

#[cfg(not(feature = "xlsx"))]
fn xlsx<T: serde::Serialize>(_: &T) -> Result<Vec<u8>, CliError> {
    Err(CliError::input(
        "--format xlsx: this housing-sim was built without the `xlsx` feature; use \
         --format csv, or build with default features",
    ))
}

pub(crate) fn check_targets(
    out: Option<&std::path::Path>,
    plot: Option<&std::path::Path>,
) -> Result<(), CliError> {
    for (flag, path) in [("--out", out), ("--plot", plot)] {
        if let Some(p) = path {
            output::check_target(p)
                .map_err(|e| CliError::input(e.message().replacen("--out", flag, 1)))?;
        }
    }
    Ok(())
}

/// `housing-sim break-even`.
pub fn break_even(args: BreakEvenArgs, source: &Source) -> Result<(), CliError> {
    check_targets(args.sim.out.as_deref(), args.plot.as_deref())?;
    let scenario = match &args.file {
        Some(f) => Some(load(f)?),
        None => None,
    };
    let given = Overrides {
        team_fte: args.team_fte,
        fte_cost_per_year_nok: args.fte_cost_per_year,
        hospits_housing_per_month_nok: args.hospits_housing_per_month,
        hospits_follow_up_per_month_nok: args.hospits_follow_up_per_month,
        extra_housing_outlay_per_month_nok: args.extra_housing_outlay_per_month,
        other_hf_cost_per_participant_per_month_nok: args.other_hf_cost_per_participant_per_month,
        monthly_leaving_probability: args.monthly_leaving_probability,
        refill_probability_per_month: args.refill_probability_per_month,
        turnover_cost_nok: args.turnover_cost,
        max_participants: args.max_participants,
        months: args.months,
        replications: args.sim.replications,
        seed: args.sim.seed,
    };
    let file = args.file.as_ref().map(|f| f.display().to_string());
    let map = |e: SetupError| setup_error(e, file.as_deref());
    let mut setup = break_even::resolve(scenario.as_ref(), &given).map_err(map)?;
    if let Some(t) = args.sim.threads {
        setup.settings = setup.settings.with_threads(usize::from(t))?;
    }
    let total = setup.settings.replications() as u64;
    let progress = super::progress::Report::new(source.share(total));
    let files: Vec<&std::path::Path> = args.file.as_deref().into_iter().collect();
    let job = args
        .sim
        .job("break-even", break_even_options(&args), &files);
    let shape = [setup.max_participants as usize];
    let records = source.records(&job, total, &shape, |range| {
        break_even::curve_records(&setup, range, &progress).map_err(map)
    })?;
    progress.finish();
    let Some((records, elapsed)) = records else {
        return Ok(());
    };
    let result = break_even::summarise(&setup, &records, elapsed).map_err(map)?;
    if let Some(plot) = &args.plot {
        let svg = report::chart::break_even_svg(&result).map_err(CliError::failure)?;
        output::emit(&svg, Some(plot))?;
    }
    let text = render(&args.sim, &result, report::break_even_table)?;
    output::emit(&text, args.sim.out.as_deref())
}

/// The break-even options that affect the result, as given.
fn break_even_options(a: &BreakEvenArgs) -> Options {
    let mut o = Options::default();
    o.put("team-fte", a.team_fte)
        .put("fte-cost-per-year", a.fte_cost_per_year)
        .put("hospits-housing-per-month", a.hospits_housing_per_month)
        .put("hospits-follow-up-per-month", a.hospits_follow_up_per_month)
        .put(
            "extra-housing-outlay-per-month",
            a.extra_housing_outlay_per_month,
        )
        .put(
            "other-hf-cost-per-participant-per-month",
            a.other_hf_cost_per_participant_per_month,
        )
        .put("monthly-leaving-probability", a.monthly_leaving_probability)
        .put(
            "refill-probability-per-month",
            a.refill_probability_per_month,
        )
        .put("turnover-cost", a.turnover_cost)
        .put("max-participants", a.max_participants)
        .put("months", a.months);
    o
}

/// A break-even error as the command line says it: inputs named by their flags.
fn setup_error(e: SetupError, file: Option<&str>) -> CliError {
    match e {
        SetupError::Input { name, message } => {
            let with = file.map_or(String::new(), |f| format!(" (with {f})"));
            CliError::input(format!("{}{with}: {message}", flag(name)))
        }
        SetupError::Run(e) => CliError::from(e),
        SetupError::Invalid(e) => CliError::from(e),
        other => CliError::input(other.to_string()),
    }
}

/// `housing-sim sweep-staffing`.
pub fn sweep_staffing(args: SweepArgs, source: &Source) -> Result<(), CliError> {
    check_targets(args.sim.out.as_deref(), args.plot.as_deref())?;
    let s = load(&args.file)?;
    let model = build(&s)?;
    let (levels, levels_flag) = match (&args.ratios, &args.fte) {
        (Some(r), _) => (Levels::StaffPerResident(r.clone()), "--ratios"),
        (None, Some(f)) => (Levels::Fte(f.clone()), "--fte"),
        (None, None) => return Err(CliError::input("give --ratios or --fte")),
    };
    let settings: RunSettings = settings(&model, &args.sim)?;
    let map = |e| sweep_error(e, levels_flag);
    let setup = sweep::SweepSetup::new(&s, &args.program, &levels, &settings).map_err(map)?;
    let mut options = Options::default();
    options
        .put("program", Some(&args.program))
        .list("ratios", args.ratios.as_ref())
        .list("fte", args.fte.as_ref());
    let job = args.sim.job("sweep-staffing", options, &[&args.file]);
    let points = match &levels {
        Levels::StaffPerResident(v) | Levels::Fte(v) => v.len(),
    };
    let shape = shard::variants_shape(std::iter::repeat_n(
        (s.programs.len(), s.horizon_months),
        points,
    ));
    let total = settings.replications() as u64;
    let Some((records, elapsed)) = source.records(&job, total, &shape, |range| {
        setup.records_in(range).map_err(map)
    })?
    else {
        return Ok(());
    };
    let result = setup.summarise(records, elapsed);
    if let Some(plot) = &args.plot {
        let svg = report::chart::sweep_svg(&result).map_err(CliError::failure)?;
        output::emit(&svg, Some(plot))?;
    }
    let text = render(&args.sim, &result, report::sweep_table)?;
    output::emit(&text, args.sim.out.as_deref())
}

/// A sweep error as the command line says it.
fn sweep_error(e: sweep::SweepError, levels_flag: &str) -> CliError {
    match e {
        sweep::SweepError::Scenario(e) => CliError::from(e),
        sweep::SweepError::Argument {
            file,
            argument,
            message,
        } => {
            let flag = if argument == "program" {
                "--program"
            } else {
                levels_flag
            };
            CliError::input(format!("{file}: {flag}: {message}"))
        }
        sweep::SweepError::Run(e) => CliError::from(e),
        other => CliError::failure(other.to_string()),
    }
}

/// `housing-sim compare`.
pub fn compare(args: CompareArgs, source: &Source) -> Result<(), CliError> {
    check_targets(args.sim.out.as_deref(), None)?;
    let mut models = Vec::new();
    for file in &args.files {
        let mut s = load(file)?;
        if let Some(m) = args.months {
            s.horizon_months = m;
        }
        super::apply_perspective(&mut s, args.perspective);
        models.push(build(&s)?);
    }
    let settings = settings(&models[0], &args.sim)?;
    let mut options = Options::default();
    options
        .put("months", args.months)
        .choice("perspective", args.perspective);
    let files: Vec<&std::path::Path> = args.files.iter().map(|f| f.as_path()).collect();
    let job = args.sim.job("compare", options, &files);
    let total = settings.replications() as u64;
    let shape = shard::variants_shape(models.iter().map(|m| (m.programs().len(), m.horizon())));
    let Some((records, elapsed)) = source.records(&job, total, &shape, |range| {
        Ok(compare::compare_records(&models, &settings, range)?)
    })?
    else {
        return Ok(());
    };
    let result = compare::compare_summary(&models, &settings, records, elapsed);
    for w in &result.warnings {
        output::print_warning(w);
    }
    let text = render(&args.sim, &result, report::comparison_table)?;
    output::emit(&text, args.sim.out.as_deref())
}
