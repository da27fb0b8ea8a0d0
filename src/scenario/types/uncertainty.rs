//! The `uncertainty` section: named parameters of the scenario, each a field path and a
//! distribution, and correlations between them (probabilistic and one-way sensitivity
//! analysis; [`crate::uncertainty`] draws them).

use super::*;

/// Uncertain parameters of a scenario and the correlations between them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Uncertainty {
    /// The uncertain parameters, each drawn once per sample.
    pub parameters: Vec<UncertainParameter>,
    /// Rank correlations between named parameters, through a Gaussian copula.
    #[serde(default)]
    pub correlations: Vec<Correlation>,
}

/// One uncertain parameter: a field of the scenario and the distribution of its value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UncertainParameter {
    /// Unique name (no `.`), shared by every scenario file that declares it: a name present
    /// in several files is drawn once per sample.
    pub name: String,
    /// The field it sets, written as in error messages (`programs[1].hospits.housing_per_month_nok`);
    /// an id may stand for an index (`programs[hospits].units`). A `dirichlet` names a
    /// transition row: a `to` map, or transitions that have `to`.
    pub path: String,
    /// The distribution of the value.
    pub distribution: Distribution,
    /// The value one-way sensitivity analysis uses as low (default: the 2.5th percentile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    /// The value one-way sensitivity analysis uses as high (default: the 97.5th percentile).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
    /// What the parameter is and where its distribution comes from.
    #[serde(default)]
    pub description: String,
}

/// The distribution of an uncertain parameter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Distribution {
    /// Always this value.
    Fixed(f64),
    /// Normal with this mean and standard deviation.
    Normal(Moments),
    /// Lognormal whose own mean and standard deviation (not those of its logarithm) are given.
    Lognormal(Moments),
    /// Gamma with this mean and standard deviation (shape = mean²/sd², scale = sd²/mean).
    Gamma(Moments),
    /// Beta with this mean and standard deviation (method of moments; sd² < mean·(1 − mean)).
    Beta(Moments),
    /// Uniform on [low, high].
    Uniform(Interval),
    /// Triangular on [low, high] with its peak at `mode`.
    Triangular(Triangle),
    /// Dirichlet over a whole outgoing transition row.
    Dirichlet(DirichletAlpha),
}

/// Mean and standard deviation of the variable itself.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Moments {
    /// The mean.
    pub mean: f64,
    /// The standard deviation (> 0).
    #[schemars(schema_with = "crate::scenario::schema::above_zero")]
    pub sd: f64,
}

/// The bounds of a uniform distribution.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Interval {
    /// Smallest value.
    pub low: f64,
    /// Largest value (> low).
    pub high: f64,
}

/// The corners of a triangular distribution.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Triangle {
    /// Smallest value.
    pub low: f64,
    /// Most likely value (low ≤ mode ≤ high).
    pub mode: f64,
    /// Largest value (> low).
    pub high: f64,
}

/// The concentration parameters of a Dirichlet distribution over a transition row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DirichletAlpha {
    /// One positive weight per destination state (as named in transition rows) and `stay`
    /// for the remainder, e.g. `{"congregate": 3, "temporary": 1, "stay": 36}`: observed
    /// counts of moves out of the state and of months without a move.
    #[schemars(schema_with = "crate::scenario::schema::alpha_weights")]
    #[serde(deserialize_with = "crate::scenario::unique_map::with_names_spelt")]
    pub alpha: UniqueMap<String, f64>,
}

/// A correlation between two named parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Correlation {
    /// The two parameter names.
    pub between: [String; 2],
    /// The correlation of their normal scores in the Gaussian copula, in (−1, 1).
    #[schemars(schema_with = "crate::scenario::schema::correlation")]
    pub rho: f64,
}

/// The key of a Dirichlet alpha that stands for staying in the state.
pub const STAY: &str = "stay";
