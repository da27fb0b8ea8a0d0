//! Command-line arguments.

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};
use housing_sim::run::MAX_SAMPLES;
use housing_sim::scenario::validate::{
    MAX_BREAK_EVEN_PARTICIPANTS, MAX_HORIZON_MONTHS, MAX_REPLICATIONS,
};
use std::path::{Path, PathBuf};

/// Simulate people with co-occurring substance-use and mental-health problems (ROP) moving
/// between the housing categories of a Norwegian municipality, and price what it costs.
#[derive(Debug, Parser)]
#[command(name = "housing-sim", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario and summarise costs, occupancy, waiting lists, colours and events.
    Run(RunArgs),
    /// Check a scenario file: prints one OK line, or every error with its field path.
    Validate {
        /// Scenario file (JSON).
        file: PathBuf,
    },
    /// Print the JSON Schema of the scenario format.
    Schema,
    /// At how many participants does Housing First cost less than hospits? Deterministic
    /// break-even and a Monte Carlo curve. Flags override the scenario's values; with flags
    /// alone no file is needed.
    BreakEven(BreakEvenArgs),
    /// One program's staffing over a list of staff-per-resident ratios or FTE values.
    SweepStaffing(SweepArgs),
    /// Several scenarios side by side (e.g. a municipality and a policy variant), with the same
    /// random streams, and their differences from the first.
    Compare(CompareArgs),
    /// Probabilistic sensitivity analysis: strategies (scenario files, the first the
    /// reference) under parameter uncertainty — ICERs, net benefit, acceptability curves, EVPI
    /// and EVPPI.
    Psa(PsaArgs),
    /// One-way sensitivity analysis: each uncertain parameter at its low and high value, the
    /// others at their means — a tornado.
    Dsa(DsaArgs),
    /// The least-cost mix of places (the scenario's plan section) that meets its targets,
    /// searched with the same random streams for every mix.
    Plan(PlanArgs),
    /// Combine the part files of a sharded command (`--shard K/N`) into its output, exactly
    /// as the unsharded command would print it.
    Merge(MergeArgs),
}

/// `housing-sim merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The part files, one per shard, in any order.
    #[arg(required = true, num_args = 1..)]
    pub parts: Vec<PathBuf>,
    /// Write the chart the command draws (sweep-staffing, break-even, dsa) to this SVG file.
    #[arg(long)]
    pub plot: Option<PathBuf>,
    /// psa: write one CSV row per (sample, strategy).
    #[arg(long)]
    pub samples_out: Option<PathBuf>,
    /// psa: write ce-plane.svg, ceac.svg and evpi.svg to this folder (created if missing).
    #[arg(long)]
    pub plot_dir: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// CSV dialect of every CSV the merged command writes.
    #[arg(long, value_enum, default_value_t = CsvDialectArg::Standard)]
    pub csv_dialect: CsvDialectArg,
    /// run: write the monthly series as CSV to this file.
    #[arg(long)]
    pub monthly_out: Option<PathBuf>,
    /// Write the output to this file instead of standard output (`-`: standard output).
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
}

/// The effect a cost-effectiveness analysis counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum EffectArg {
    /// Green (permanent, satisfactory housing) person-days, discounted.
    StableHousingDays,
    /// Green person-months, discounted.
    GreenPersonMonths,
    /// Red (homeless, incl. hospits) person-months below the reference's, discounted.
    HomelessMonthsAvoided,
}

/// `housing-sim psa`.
#[derive(Debug, Args)]
pub struct PsaArgs {
    /// Scenario files (JSON), one per strategy; the first is the reference.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Outer samples of the uncertain parameters.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=MAX_SAMPLES))]
    pub samples: u64,
    /// The effect (default: stable_housing_days).
    #[arg(long, value_enum, default_value_t = EffectArg::StableHousingDays)]
    pub effect: EffectArg,
    /// Largest willingness to pay, NOK per unit of effect (default: 2,000 per stable-housing
    /// day, 60,000 per person-month).
    #[arg(long)]
    pub wtp_max: Option<f64>,
    /// Step of the willingness to pay, NOK per unit of effect (default: the maximum ÷ 40).
    #[arg(long)]
    pub wtp_step: Option<f64>,
    /// Write one CSV row per (sample, strategy) with the sample's parameter values (the
    /// layout BCEA and dampack load).
    #[arg(long)]
    pub samples_out: Option<PathBuf>,
    /// Write ce-plane.svg, ceac.svg and evpi.svg to this folder (created if missing).
    #[arg(long)]
    pub plot_dir: Option<PathBuf>,
    /// Simulation options (replications: inner replications per sample and strategy,
    /// default 100).
    #[command(flatten)]
    pub sim: SimArgs,
}

/// The outcome a tornado shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum OutcomeArg {
    /// Discounted total cost.
    Cost,
    /// Discounted effect.
    Effect,
    /// Cost minus the reference's.
    IncrementalCost,
    /// Effect minus the reference's.
    IncrementalEffect,
    /// Incremental cost per unit of incremental effect.
    Icer,
    /// Willingness to pay × effect − cost (needs --wtp).
    NetBenefit,
    /// Net benefit minus the reference's (needs --wtp).
    IncrementalNetBenefit,
}

/// `housing-sim dsa`.
#[derive(Debug, Args)]
pub struct DsaArgs {
    /// Scenario files (JSON); the first is the reference.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// The outcome (default: cost with one file, incremental_cost with several).
    #[arg(long, value_enum)]
    pub outcome: Option<OutcomeArg>,
    /// The effect for effect, ICER and net-benefit outcomes.
    #[arg(long, value_enum, default_value_t = EffectArg::StableHousingDays)]
    pub effect: EffectArg,
    /// Willingness to pay for net-benefit outcomes, NOK per unit of effect.
    #[arg(long)]
    pub wtp: Option<f64>,
    /// Write the tornado chart to this SVG file.
    #[arg(long)]
    pub plot: Option<PathBuf>,
    /// Simulation options.
    #[command(flatten)]
    pub sim: SimArgs,
}

/// `housing-sim plan`.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// Scenario file (JSON) with a plan section.
    pub file: PathBuf,
    /// Evaluate every mix of the grid instead of searching it (small grids).
    #[arg(long)]
    pub exhaustive: bool,
    /// Write a chart of the cost–green-share frontier to this SVG file.
    #[arg(long)]
    pub plot: Option<PathBuf>,
    /// Simulation options.
    #[command(flatten)]
    pub sim: SimArgs,
}

/// `housing-sim compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario files (JSON); the first is the baseline.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Months to simulate in every scenario (default: each scenario's own horizon).
    #[arg(long, short = 'm', value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_HORIZON_MONTHS)))]
    pub months: Option<u32>,
    /// Whose costs the totals count, in every scenario (default: each scenario's
    /// costs.perspective).
    #[arg(long, value_enum)]
    pub perspective: Option<PerspectiveArg>,
    /// Simulation options (default replications and seed: the first scenario's).
    #[command(flatten)]
    pub sim: SimArgs,
}

/// `housing-sim break-even`.
#[derive(Debug, Args)]
pub struct BreakEvenArgs {
    /// Scenario file (JSON) with a Housing First program and, usually, a hospits program.
    pub file: Option<PathBuf>,
    /// FTE of the Housing First team.
    #[arg(long)]
    pub team_fte: Option<f64>,
    /// Full annual cost of one FTE, NOK.
    #[arg(long)]
    pub fte_cost_per_year: Option<f64>,
    /// Hospits housing per person-month, NOK.
    #[arg(long)]
    pub hospits_housing_per_month: Option<f64>,
    /// Hospits follow-up per person-month, NOK.
    #[arg(long)]
    pub hospits_follow_up_per_month: Option<f64>,
    /// The municipality's extra housing outlay per participant-month, NOK.
    #[arg(long)]
    pub extra_housing_outlay_per_month: Option<f64>,
    /// Other Housing First cost per participant-month, NOK.
    #[arg(long, allow_negative_numbers = true)]
    pub other_hf_cost_per_participant_per_month: Option<f64>,
    /// Monthly probability that a participant leaves Housing First.
    #[arg(long)]
    pub monthly_leaving_probability: Option<f64>,
    /// Monthly probability that a vacant place is refilled.
    #[arg(long)]
    pub refill_probability_per_month: Option<f64>,
    /// Cost of a participant leaving (repair and moving), NOK.
    #[arg(long)]
    pub turnover_cost: Option<f64>,
    /// Largest number of participants on the curve.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_BREAK_EVEN_PARTICIPANTS)))]
    pub max_participants: Option<u32>,
    /// Months averaged over.
    #[arg(long, short = 'm', value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_HORIZON_MONTHS)))]
    pub months: Option<u32>,
    /// Write a chart of the curve to this SVG file.
    #[arg(long)]
    pub plot: Option<PathBuf>,
    /// Simulation options.
    #[command(flatten)]
    pub sim: SimArgs,
}

/// `housing-sim sweep-staffing`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("levels").required(true).args(["ratios", "fte"])))]
pub struct SweepArgs {
    /// Scenario file (JSON).
    pub file: PathBuf,
    /// Id of the program whose staffing is swept.
    #[arg(long)]
    pub program: String,
    /// Staff (FTE) per resident, comma-separated, e.g. 1,0.5,0.25.
    #[arg(long, value_delimiter = ',', num_args = 1.., action = ArgAction::Set)]
    pub ratios: Option<Vec<f64>>,
    /// Program FTE, comma-separated, e.g. 4,8,12.
    #[arg(long, value_delimiter = ',', num_args = 1.., action = ArgAction::Set)]
    pub fte: Option<Vec<f64>>,
    /// Write a chart of the sweep to this SVG file.
    #[arg(long)]
    pub plot: Option<PathBuf>,
    /// Simulation options.
    #[command(flatten)]
    pub sim: SimArgs,
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Readable text table.
    Table,
    /// One JSON document.
    Json,
    /// A tidy table, one row per summarised quantity (see --csv-dialect).
    Csv,
    /// An Excel workbook, a sheet per table (needs --out FILE.xlsx).
    Xlsx,
}

/// How CSV output spells separators.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum CsvDialectArg {
    /// `,` between fields and `.` as decimal point.
    #[default]
    Standard,
    /// `;` between fields, decimal comma and a UTF-8 byte-order mark (Norwegian Excel).
    Norwegian,
}

impl CsvDialectArg {
    /// The dialect.
    pub fn dialect(self) -> housing_sim::report::CsvDialect {
        match self {
            CsvDialectArg::Standard => housing_sim::report::CsvDialect::Standard,
            CsvDialectArg::Norwegian => housing_sim::report::CsvDialect::Norwegian,
        }
    }
}

/// Whose costs totals count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PerspectiveArg {
    /// Only what the municipality pays.
    Municipality,
    /// All payers together.
    Society,
}

/// Options shared by commands that simulate.
#[derive(Debug, Args)]
pub struct SimArgs {
    /// Number of replications (default: the scenario's).
    #[arg(long, short = 'r', value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_REPLICATIONS)))]
    pub replications: Option<u32>,
    /// Random seed, a whole number from 0 to 18446744073709551615 (default: the scenario's).
    #[arg(long, short = 's', allow_negative_numbers = true, value_parser = seed)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, short = 't', value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
    /// Memory budget in GiB for the per-replication results kept until they are summarised
    /// (default 4); a run estimated to need more is refused before it starts.
    #[arg(long, value_parser = memory_gib)]
    pub memory_budget_gib: Option<f64>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// CSV dialect of every CSV this command writes.
    #[arg(long, value_enum, default_value_t = CsvDialectArg::Standard)]
    pub csv_dialect: CsvDialectArg,
    /// Write the output to this file instead of standard output (`-`: standard output). A
    /// regular file is replaced atomically when the run succeeds.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Run only shard K of N (1 ≤ K ≤ N): a contiguous share of the replications (of the
    /// outer samples for psa), written as a part file to --out; `housing-sim merge` joins the
    /// N parts into this command's output.
    #[arg(long, value_name = "K/N", value_parser = shard)]
    pub shard: Option<housing_sim::run::Shard>,
}

impl SimArgs {
    /// The job a part file records: `command` on `files` with `options` and the simulation
    /// options that affect the result (replications and seed, as given).
    pub(crate) fn job<'a>(
        &'a self,
        command: &str,
        mut options: super::shard::Options,
        files: &[&'a Path],
    ) -> super::shard::Job<'a> {
        options
            .put("replications", self.replications)
            .put("seed", self.seed);
        super::shard::Job {
            invocation: options.invocation(command, files),
            inputs: files.to_vec(),
            out: self.out.as_deref(),
        }
    }
}

impl Cli {
    /// The simulation options of this command, if it simulates, and its name.
    pub fn sim(&self) -> (Option<&SimArgs>, &'static str) {
        match &self.command {
            Command::Run(a) => (Some(&a.sim), "run"),
            Command::BreakEven(a) => (Some(&a.sim), "break-even"),
            Command::SweepStaffing(a) => (Some(&a.sim), "sweep-staffing"),
            Command::Compare(a) => (Some(&a.sim), "compare"),
            Command::Psa(a) => (Some(&a.sim), "psa"),
            Command::Dsa(a) => (Some(&a.sim), "dsa"),
            Command::Plan(a) => (Some(&a.sim), "plan"),
            Command::Validate { .. } => (None, "validate"),
            Command::Schema => (None, "schema"),
            Command::Merge(_) => (None, "merge"),
        }
    }
}

/// Parse `--shard K/N`.
fn shard(text: &str) -> Result<housing_sim::run::Shard, String> {
    let bad = || format!("give the shard as K/N with 1 ≤ K ≤ N (e.g. 3/8), found \"{text}\"");
    let (k, n) = text.trim().split_once('/').ok_or_else(bad)?;
    let k: u32 = k.trim().parse().map_err(|_| bad())?;
    let n: u32 = n.trim().parse().map_err(|_| bad())?;
    housing_sim::run::Shard::new(k, n).map_err(|e| format!("{e} (found \"{text}\")"))
}

/// `housing-sim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (JSON).
    pub file: PathBuf,
    /// Months to simulate (default: the scenario's horizon_months).
    #[arg(long, short = 'm', value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_HORIZON_MONTHS)))]
    pub months: Option<u32>,
    /// Whose costs the totals count (default: the scenario's costs.perspective).
    #[arg(long, value_enum)]
    pub perspective: Option<PerspectiveArg>,
    /// Write the monthly series (costs by item, occupancy, waiting lists, colours, each with
    /// its spread) as a tidy CSV to this file, in the --csv-dialect.
    #[arg(long)]
    pub monthly_out: Option<PathBuf>,
    /// Simulation options.
    #[command(flatten)]
    pub sim: SimArgs,
}

/// Parse `--seed`, saying what is accepted (clap's own message for `u64` does not).
fn seed(text: &str) -> Result<u64, String> {
    text.trim().parse::<u64>().map_err(|_| {
        format!(
            "the seed must be a whole number from 0 to {}, found \"{text}\"",
            u64::MAX
        )
    })
}

/// The files a command reads and writes, for the checks made before it runs.
#[derive(Debug, Default)]
pub struct Files<'a> {
    /// Scenario files read.
    pub inputs: Vec<&'a Path>,
    /// Outputs with their flag (`--out`, `--plot`).
    pub outputs: Vec<(&'static str, &'a Path)>,
    /// A folder the charts are written into (`--plot-dir`), created if missing.
    pub plot_dir: Option<&'a Path>,
}

impl Cli {
    /// The files this command reads and writes.
    pub fn files(&self) -> Files<'_> {
        let mut f = Files::default();
        let sim = match &self.command {
            Command::Run(a) => {
                f.inputs.push(&a.file);
                if let Some(p) = &a.monthly_out {
                    f.outputs.push(("--monthly-out", p));
                }
                Some(&a.sim)
            }
            Command::Validate { file } => {
                f.inputs.push(file);
                None
            }
            Command::Schema => None,
            Command::BreakEven(a) => {
                f.inputs.extend(a.file.as_deref());
                if let Some(p) = &a.plot {
                    f.outputs.push(("--plot", p));
                }
                Some(&a.sim)
            }
            Command::SweepStaffing(a) => {
                f.inputs.push(&a.file);
                if let Some(p) = &a.plot {
                    f.outputs.push(("--plot", p));
                }
                Some(&a.sim)
            }
            Command::Compare(a) => {
                f.inputs.extend(a.files.iter().map(PathBuf::as_path));
                Some(&a.sim)
            }
            Command::Psa(a) => {
                f.inputs.extend(a.files.iter().map(PathBuf::as_path));
                if let Some(p) = &a.samples_out {
                    f.outputs.push(("--samples-out", p));
                }
                if let Some(dir) = &a.plot_dir {
                    f.plot_dir = Some(dir);
                }
                Some(&a.sim)
            }
            Command::Dsa(a) => {
                f.inputs.extend(a.files.iter().map(PathBuf::as_path));
                if let Some(p) = &a.plot {
                    f.outputs.push(("--plot", p));
                }
                Some(&a.sim)
            }
            Command::Plan(a) => {
                f.inputs.push(&a.file);
                if let Some(p) = &a.plot {
                    f.outputs.push(("--plot", p));
                }
                Some(&a.sim)
            }
            Command::Merge(a) => {
                f.inputs.extend(a.parts.iter().map(PathBuf::as_path));
                if let Some(p) = &a.plot {
                    f.outputs.push(("--plot", p));
                }
                if let Some(p) = &a.samples_out {
                    f.outputs.push(("--samples-out", p));
                }
                if let Some(p) = &a.monthly_out {
                    f.outputs.push(("--monthly-out", p));
                }
                f.plot_dir = a.plot_dir.as_deref();
                f.outputs
                    .push(("--out", a.out.as_deref().unwrap_or(Path::new("-"))));
                None
            }
        };
        if let Some(sim) = sim {
            // Without --out the output goes to standard output.
            let out = sim.out.as_deref().unwrap_or(Path::new("-"));
            f.outputs.push(("--out", out));
        }
        f
    }
}

/// Parse `--memory-budget-gib`: a positive number of GiB up to 1,048,576 (1 PiB).
fn memory_gib(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 && x <= 1_048_576.0 => Ok(x),
        _ => Err(format!(
            "the memory budget must be a number of GiB above 0 and at most 1048576, found \"{text}\""
        )),
    }
}
