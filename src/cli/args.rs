//! Command-line arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

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
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Readable text table.
    Table,
    /// One JSON document.
    Json,
    /// One row per summarised quantity.
    Csv,
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
    #[arg(long, short = 'r', value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub replications: Option<u32>,
    /// Random seed (default: the scenario's).
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, short = 't', value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Table)]
    pub format: FormatArg,
    /// Write the output to this file (atomically) instead of standard output.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
}

/// `housing-sim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (JSON).
    pub file: PathBuf,
    /// Months to simulate (default: the scenario's horizon_months).
    #[arg(long, short = 'm', value_parser = clap::value_parser!(u32).range(1..=1200))]
    pub months: Option<u32>,
    /// Whose costs the totals count (default: the scenario's costs.perspective).
    #[arg(long, value_enum)]
    pub perspective: Option<PerspectiveArg>,
    /// Simulation options.
    #[command(flatten)]
    pub sim: SimArgs,
}
