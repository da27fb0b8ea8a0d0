//! Profiles: groups of residents with their own initial states, arrivals, transitions and
//! breakdown rules.

use super::*;

/// Severity of the ROP challenges (docs/sources.md §1: 29 % severe, 71 % less severe in BrukerPlan 2019).
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Mild.
    Mild,
    /// Moderate.
    Moderate,
    /// Severe.
    Severe,
}

/// Age group, where a scenario needs it (docs/sources.md §1: young applicants 18–25, elderly residents).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgeGroup {
    /// 18–25 years.
    Young,
    /// 26–66 years.
    Adult,
    /// 67 years and older.
    Elderly,
}

/// Gender, where a scenario needs it (docs/sources.md §1: separate offers for women are requested).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// Women.
    Women,
    /// Men.
    Men,
}

/// A group of residents with the same dynamics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Unique identifier, referred to by programs' `accepts`.
    pub id: String,
    /// What the group is.
    #[serde(default)]
    pub description: String,
    /// Severity of the ROP challenges.
    pub severity: Severity,
    /// Outward-aggressive behaviour ("utagerende"): threats, violence, destruction (docs/sources.md §1).
    /// Drives the higher repair cost at move-out.
    #[serde(default)]
    pub aggressive: bool,
    /// Age group, if the scenario distinguishes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_group: Option<AgeGroup>,
    /// Gender, if the scenario distinguishes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// The housing category this group needs. When it is full, `misplaced_in` lists where a
    /// resident may be placed instead (as a misplaced, yellow resident).
    pub needs: Category,
    /// Categories, in order of preference, where a resident may be misplaced when `needs` is full
    /// and the fallback list contains `misplace`.
    #[serde(default)]
    pub misplaced_in: Vec<Category>,
    /// Whether this profile's urgent moves take a misplacement ahead of the receiving
    /// category's waiting list; absent = `placement.urgent_misplacement`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgent_misplacement: Option<bool>,
    /// Residents at the start, by state (e.g. `{"congregate": 12, "homeless": 4}`).
    #[serde(default)]
    pub initial: UniqueMap<State, u32>,
    /// Residents at the start who are misplaced in a category other than `needs`, by category.
    /// They start on the waiting list for `needs`.
    #[serde(default)]
    pub initial_misplaced: UniqueMap<Category, u32>,
    /// Residents at the start who are waiting for a place (first on the lists, in this order).
    #[serde(default)]
    pub initial_waiting: Vec<InitialWaiting>,
    /// New residents per month (Poisson), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrivals: Option<Arrivals>,
    /// Monthly transition probabilities out of each state. A state not listed is never left by a
    /// drawn transition (breakdowns still apply). `exited` cannot be listed.
    #[serde(default)]
    pub transitions: UniqueMap<State, Transitions>,
    /// Breakdown risk in staffed programs, per category (the staffing response).
    #[serde(default)]
    pub breakdown: Vec<BreakdownRule>,
}

/// Residents who start in `state` and are on the waiting list for `waiting_for`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InitialWaiting {
    /// Where they are while waiting: `temporary`, `homeless`, `institution` or `ordinary`.
    pub state: State,
    /// The category they wait for.
    pub waiting_for: Category,
    /// How many.
    pub count: u32,
}

/// Poisson arrivals of new residents.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Arrivals {
    /// Expected arrivals per month (0–100,000).
    #[schemars(range(min = 0, max = "bound::MAX_ARRIVALS_PER_MONTH"))]
    pub per_month: f64,
    /// The state they arrive wanting; a category means they join its waiting list and, until
    /// placed, take the fallback (never `stay`).
    pub state: State,
}

/// Transition probabilities out of one state. Give either `to` (the same every month) or
/// `bands` (depending on months spent in the state).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transitions {
    /// Monthly probability of moving to each other state; the remainder (1 − sum) is staying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(schema_with = "crate::scenario::schema::optional_probabilities")]
    pub to: Option<UniqueMap<State, f64>>,
    /// Duration bands in increasing order; every band but the last has `until_month`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bands: Option<Vec<Band>>,
}

/// Transition probabilities for residents who have spent fewer than `until_month` months in the
/// state (and at least the previous band's `until_month`). Months in a state count month-ends:
/// a resident who moved in during month t has spent 1 month there when month t+1 is simulated.
/// A band whose probabilities sum to 1 forces the resident out: that is how a maximum stay
/// (rehabilitation up to 24 months, temporary units up to 3 months) is expressed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Upper bound (exclusive) of months in state for this band; absent on the last band.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until_month: Option<u32>,
    /// Monthly probability of moving to each other state; the remainder is staying.
    #[schemars(schema_with = "crate::scenario::schema::probabilities")]
    pub to: UniqueMap<State, f64>,
}

/// Breakdown risk for residents of this profile living in programs of `category`.
///
/// Monthly breakdown probability = `base_probability` × (`required_staff_per_resident` ÷ actual
/// staff per resident)^`elasticity`, plus the misplacement spillover, clamped to [0, 1]
/// (an assumption of the model; more staff never gives more breakdowns). With
/// `required_staff_per_resident` = 0 the staffing has no effect.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BreakdownRule {
    /// The category this rule applies in.
    pub category: Category,
    /// Monthly breakdown probability at the required staffing.
    #[schemars(range(min = 0, max = 1))]
    pub base_probability: f64,
    /// Staff (FTE) per resident this group needs (docs/sources.md §4: about 1 in specialised housing).
    #[serde(default)]
    #[schemars(range(min = 0, max = "bound::MAX_STAFF_PER_RESIDENT"))]
    pub required_staff_per_resident: f64,
    /// How strongly under- or overstaffing changes the risk (≥ 0; 0 = no staffing effect).
    #[serde(default = "default_elasticity")]
    #[schemars(range(min = 0, max = "bound::MAX_ELASTICITY"))]
    pub elasticity: f64,
    /// Where a resident goes after a breakdown: `temporary`, `homeless` or `institution`.
    #[serde(default = "default_breakdown_to")]
    pub to: State,
}

fn default_elasticity() -> f64 {
    1.0
}
fn default_breakdown_to() -> State {
    State::Temporary
}

impl Profile {
    /// A profile with no residents, arrivals, transitions or breakdowns yet.
    pub fn new(id: impl Into<String>, severity: Severity, needs: Category) -> Profile {
        Profile {
            id: id.into(),
            description: String::new(),
            severity,
            aggressive: false,
            age_group: None,
            gender: None,
            needs,
            misplaced_in: Vec::new(),
            urgent_misplacement: None,
            initial: UniqueMap::default(),
            initial_misplaced: UniqueMap::default(),
            initial_waiting: Vec::new(),
            arrivals: None,
            transitions: UniqueMap::default(),
            breakdown: Vec::new(),
        }
    }

    /// Set the constant monthly transition probabilities out of `from`.
    pub fn with_transitions(
        mut self,
        from: State,
        to: impl IntoIterator<Item = (State, f64)>,
    ) -> Profile {
        self.transitions.insert(
            from,
            Transitions {
                to: Some(to.into_iter().collect()),
                bands: None,
            },
        );
        self
    }

    /// Set the number of residents starting in `state`.
    pub fn with_initial(mut self, state: State, count: u32) -> Profile {
        self.initial.insert(state, count);
        self
    }
}
