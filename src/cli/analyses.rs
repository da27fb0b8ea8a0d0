//! The analysis commands: `break-even` and `sweep-staffing`.

use super::args::{BreakEvenArgs, CompareArgs, FormatArg, SweepArgs};
use super::{build, load, options, output, CliError};
use housing_sim::analysis::break_even::{self, Overrides, SetupError};
use housing_sim::analysis::sweep::{self, Levels};
use housing_sim::montecarlo::with_threads;
use housing_sim::report;

fn render<T: serde::Serialize>(
    format: FormatArg,
    result: &T,
    table: impl Fn(&T) -> String,
) -> Result<String, CliError> {
    Ok(match format {
        FormatArg::Table => table(result),
        FormatArg::Json => report::to_json(result).map_err(|e| CliError::failure(e.to_string()))?,
        FormatArg::Csv => report::to_csv(result).map_err(CliError::failure)?,
    })
}

fn check_targets(
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

/// The command-line flag of a break-even input.
fn flag_for(input: &str) -> String {
    let flag = match input {
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

/// `housing-sim break-even`.
pub fn break_even(args: BreakEvenArgs) -> Result<(), CliError> {
    check_targets(args.sim.out.as_deref(), args.plot.as_deref())?;
    let model = match &args.file {
        Some(f) => Some(build(&load(f)?, f)?),
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
    let setup = break_even::resolve(model.as_ref(), &given).map_err(|e| match e {
        SetupError::Scenario(issue) => {
            let file = args
                .file
                .as_ref()
                .map_or("scenario".into(), |f| f.display().to_string());
            CliError::input(format!("{file}: {issue}"))
        }
        SetupError::Input { name, message } => {
            let source = args
                .file
                .as_ref()
                .map_or(String::new(), |f| format!(" (with {})", f.display()));
            CliError::input(format!("{}{source}: {message}", flag_for(name)))
        }
    })?;
    let name = model.as_ref().map(|m| m.scenario.name.as_str());
    let threads = args.sim.threads.map(usize::from);
    let result = with_threads(threads, || break_even::analyse(&setup, name))?;
    if let Some(plot) = &args.plot {
        let svg = report::chart::break_even_svg(&result).map_err(CliError::failure)?;
        output::emit(&svg, Some(plot))?;
    }
    let text = render(args.sim.format, &result, report::break_even_table)?;
    output::emit(&text, args.sim.out.as_deref())
}

/// `housing-sim sweep-staffing`.
pub fn sweep_staffing(args: SweepArgs) -> Result<(), CliError> {
    check_targets(args.sim.out.as_deref(), args.plot.as_deref())?;
    let s = load(&args.file)?;
    let model = build(&s, &args.file)?;
    let levels = match (&args.ratios, &args.fte) {
        (Some(r), _) => Levels::StaffPerResident(r.clone()),
        (None, Some(f)) => Levels::Fte(f.clone()),
        (None, None) => return Err(CliError::input("give --ratios or --fte")),
    };
    let opts = options(&model, &args.sim);
    let file = args.file.display().to_string();
    let result =
        sweep::staffing_sweep(&s, &file, &args.program, &levels, &opts).map_err(|e| match e {
            sweep::SweepError::Scenario(e) => CliError::from(e),
            e @ sweep::SweepError::Argument { .. } => CliError::input(e.to_string()),
            sweep::SweepError::Run(e) => CliError::from(e),
        })?;
    if let Some(plot) = &args.plot {
        let svg = report::chart::sweep_svg(&result).map_err(CliError::failure)?;
        output::emit(&svg, Some(plot))?;
    }
    let text = render(args.sim.format, &result, report::sweep_table)?;
    output::emit(&text, args.sim.out.as_deref())
}

/// `housing-sim compare`.
pub fn compare(args: CompareArgs) -> Result<(), CliError> {
    check_targets(args.sim.out.as_deref(), None)?;
    let mut models = Vec::new();
    for file in &args.files {
        let mut s = load(file)?;
        if let Some(m) = args.months {
            s.horizon_months = m;
        }
        models.push(build(&s, file)?);
    }
    let opts = options(&models[0], &args.sim);
    let result = housing_sim::analysis::compare::compare(&models, &opts)?;
    let text = render(args.sim.format, &result, report::comparison_table)?;
    output::emit(&text, args.sim.out.as_deref())
}
