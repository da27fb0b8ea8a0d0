//! The scenario file format: what a user states about a municipality.
//!
//! These types are deserialised strictly (unknown fields are errors) and then checked by
//! [`super::validate`]; the JSON Schema printed by `housing-sim schema` is generated from them.

use super::unique_map::UniqueMap;
use super::validate as bound;
use crate::cost::defaults as d;
use crate::cost::{CostItem, Payer, Perspective};
use crate::state::{Category, State};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod costs;
mod plan;
mod profile;
mod program;
mod uncertainty;

pub use costs::*;
pub use plan::*;
pub use profile::*;
pub use program::*;
pub use uncertainty::*;

/// A whole scenario: the population, the housing programs, the rules of placement and the costs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Optional link to the JSON Schema of this format, for editors' completion and checks,
    /// e.g. `"../schema/scenario.schema.json"` (ignored by the simulator).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Short name used in output, e.g. `"bergen"`.
    pub name: String,
    /// What the scenario represents.
    #[serde(default)]
    pub description: String,
    /// Where the numbers come from: keys are field paths in this file (e.g. `programs[0].units`,
    /// or a prefix such as `profiles[2]` covering everything below it), values start with
    /// `docs/sources.md §<n>` (or `docs/benchmarks.md`) or with `assumption:` followed by a one-line reason.
    #[serde(default)]
    pub sources: UniqueMap<String, String>,
    /// Number of simulated months (1–1200).
    #[schemars(range(min = 1, max = "bound::MAX_HORIZON_MONTHS"))]
    pub horizon_months: u32,
    /// Default random seed (the CLI's `--seed` overrides it).
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Default number of Monte Carlo replications (1–1,000,000; `--replications` overrides it).
    #[serde(default = "default_replications")]
    #[schemars(range(min = 1, max = "bound::MAX_REPLICATIONS"))]
    pub replications: u32,
    /// Groups of residents with the same dynamics.
    #[schemars(length(min = 1, max = "bound::MAX_PROFILES_OR_PROGRAMS"))]
    pub profiles: Vec<Profile>,
    /// Concrete housing offers inside the five categories.
    #[schemars(length(max = "bound::MAX_PROFILES_OR_PROGRAMS"))]
    pub programs: Vec<Program>,
    /// Waiting lists, fallback and misplacement.
    #[serde(default)]
    pub placement: Placement,
    /// Scenario-wide cost settings.
    #[serde(default)]
    pub costs: CostSettings,
    /// Observed outcomes the scenario is calibrated to; every run reports whether the simulated
    /// means fall within the tolerance.
    #[serde(default)]
    pub targets: Vec<Target>,
    /// Settings of the Housing First break-even analysis (`housing-sim break-even FILE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub break_even: Option<BreakEvenSettings>,
    /// Uncertain parameters for probabilistic and one-way sensitivity analysis.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<Uncertainty>,
    /// A capacity-planning question (`housing-sim plan FILE`): candidate programs, targets and
    /// the objective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<PlanSettings>,
    /// Where the scenario was read from (a file name for error messages); not part of the
    /// format.
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) origin: Option<String>,
}

/// Which programs and profile the Housing First break-even compares (docs/sources.md §5). Every field
/// is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BreakEvenSettings {
    /// The Housing First program, with a fixed team (default: the first housing_first program).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub housing_first_program: Option<String>,
    /// The hospits program (default: the first temporary program with a hospits price).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospits_program: Option<String>,
    /// The participants' profile, whose leaving rate out of housing_first and breakdown rule
    /// are used (default: the first profile the program accepts that needs housing_first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant_profile: Option<String>,
    /// Largest number of places on the curve (default 60).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = "bound::MAX_BREAK_EVEN_PARTICIPANTS"))]
    pub max_participants: Option<u32>,
    /// Monthly probability that a vacant place is refilled from the hospits queue (default 0.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 1))]
    pub refill_probability_per_month: Option<f64>,
}

/// An observed outcome (docs/sources.md §3, §6) and how close the simulated mean must come.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// What is measured.
    pub measure: Measure,
    /// The observed value (a share from 0 to 1, or a number of residents).
    #[schemars(range(min = 0, max = "bound::MAX_TARGET_VALUE"))]
    pub value: f64,
    /// Largest accepted distance between the simulated mean and `value`.
    #[schemars(range(min = 0, max = "bound::MAX_TARGET_VALUE"))]
    pub tolerance: f64,
}

/// A simulated quantity that can be compared with an observation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Measure {
    /// Share of stays begun in `category` during the run still there after `months` (12, 24 or
    /// 36) months, as `summary.retention`.
    Retention {
        /// The category.
        category: Category,
        /// 12, 24 or 36.
        months: u32,
    },
    /// Share of the population with this BrukerPlan colour at the end of `month` (0 = start).
    ColourShare {
        /// The colour.
        colour: ColourName,
        /// Month (0 = the start).
        #[schemars(range(max = "bound::MAX_HORIZON_MONTHS"))]
        month: u32,
    },
    /// Mean waiting-list length of `category` over the run.
    MeanWaitingList {
        /// The category.
        category: Category,
    },
    /// Residents joining `category`'s waiting list per year over the run (a flow:
    /// `summary.waiting_list_joins_per_year`), e.g. Stavanger's 40–50 a year.
    WaitingListArrivalsPerYear {
        /// The category.
        category: Category,
    },
    /// Residents moving out of `category` per year over the run, to anywhere (a flow:
    /// `summary.moves_out_per_year`), e.g. through-flow in municipal housing.
    MovesOutPerYear {
        /// The category.
        category: Category,
    },
    /// Mean number of misplaced residents over the run (`summary.mean_misplaced`).
    MeanMisplaced {},
    /// Misplaced residents at the end of the run (`summary.final_misplaced`).
    FinalMisplaced {},
}

impl Measure {
    /// Whether the measure is a share (0–1) rather than a count or a rate.
    pub fn is_share(&self) -> bool {
        matches!(
            self,
            Measure::Retention { .. } | Measure::ColourShare { .. }
        )
    }

    /// A short description of a count or rate measure, for tables.
    pub fn describe(&self) -> String {
        match self {
            Measure::MeanWaitingList { category } => format!("mean waiting list for {category}"),
            Measure::WaitingListArrivalsPerYear { category } => {
                format!("arrivals on the {category} list per year")
            }
            Measure::MovesOutPerYear { category } => format!("moves out of {category} per year"),
            Measure::MeanMisplaced {} => "mean misplaced residents".to_owned(),
            Measure::FinalMisplaced {} => "misplaced residents at the end".to_owned(),
            Measure::Retention { category, months } => {
                format!("{category} retention after {months} months")
            }
            Measure::ColourShare { colour, month } => format!("{colour:?} share at month {month}"),
        }
    }
}

/// A BrukerPlan colour, as written in scenario files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColourName {
    /// Permanent and satisfactory.
    Green,
    /// Not permanent and/or not satisfactory.
    Yellow,
    /// Homeless, including hospits.
    Red,
}

fn default_seed() -> u64 {
    1
}
fn default_replications() -> u32 {
    1000
}

impl Scenario {
    /// An empty scenario with the given name and horizon, default seed (1), 1000 replications,
    /// default placement rules and default costs. Add profiles and programs, then build a
    /// [`crate::model::Model`].
    pub fn new(name: impl Into<String>, horizon_months: u32) -> Scenario {
        Scenario {
            schema: None,
            name: name.into(),
            description: String::new(),
            sources: UniqueMap::default(),
            horizon_months,
            seed: default_seed(),
            replications: default_replications(),
            profiles: Vec::new(),
            programs: Vec::new(),
            placement: Placement::default(),
            costs: CostSettings::default(),
            targets: Vec::new(),
            break_even: None,
            uncertainty: None,
            plan: None,
            origin: None,
        }
    }

    /// Read and parse a scenario file (the format only; [`crate::Model::new`] checks the rules).
    /// Errors name the file and the field path.
    pub fn from_path(path: &std::path::Path) -> Result<Scenario, crate::scenario::ScenarioError> {
        crate::scenario::from_file(path)
    }

    /// Parse a scenario from JSON text (the format only). Errors name `<in-memory>`.
    pub fn from_json(text: &str) -> Result<Scenario, crate::scenario::ScenarioError> {
        crate::scenario::from_json_str(text, crate::scenario::IN_MEMORY)
    }

    /// Where the scenario was read from: the file name given to [`Scenario::from_path`], or
    /// `<in-memory>` for a scenario parsed from text or built in code.
    pub fn origin(&self) -> &str {
        self.origin.as_deref().unwrap_or(crate::scenario::IN_MEMORY)
    }

    /// The same scenario, with `name` as its origin in error messages.
    pub fn with_origin(mut self, name: impl Into<String>) -> Scenario {
        self.origin = Some(name.into());
        self
    }
}
