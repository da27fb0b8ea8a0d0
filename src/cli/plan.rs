//! `housing-sim plan`: the least-cost capacity mix meeting a scenario's planning targets.

use super::args::PlanArgs;
use super::{build, load, output, settings, CliError};
use housing_sim::analysis::plan::{self, Method, PlanError};
use housing_sim::report;

/// `housing-sim plan`.
pub fn plan(args: PlanArgs) -> Result<(), CliError> {
    super::analyses::check_targets(args.sim.out.as_deref(), args.plot.as_deref())?;
    let s = load(&args.file)?;
    let model = build(&s)?;
    let settings = settings(&model, &args.sim)?;
    let method = if args.exhaustive {
        Method::Exhaustive
    } else {
        Method::LocalSearch
    };
    let bar = super::progress::Report::new(u64::from(settings.replications()));
    let result = plan::plan(&s, &settings, method, &bar).map_err(|e| match e {
        PlanError::Scenario(e) => CliError::from(e),
        PlanError::Run(e) => CliError::from(e),
        PlanError::GridTooLarge { .. } => CliError::input(format!("--exhaustive: {e}")),
        other => CliError::input(other.to_string()),
    })?;
    bar.finish();
    for w in &result.warnings {
        output::print_warning(w);
    }
    if let Some(plot) = &args.plot {
        let svg = report::plan_svg(&result).map_err(CliError::failure)?;
        output::emit(&svg, Some(plot))?;
    }
    let text = super::analyses::render(&args.sim, &result, report::plan_table)?;
    output::emit(&text, args.sim.out.as_deref())
}
