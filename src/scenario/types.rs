//! The scenario file format: what a user states about a municipality.
//!
//! These types are deserialised strictly (unknown fields are errors) and then checked by
//! [`super::validate`]; the JSON Schema printed by `housing-sim schema` is generated from them.

use super::unique_map::UniqueMap;
use crate::cost::defaults as d;
use crate::cost::{CostItem, Payer, Perspective};
use crate::state::{Category, State};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A whole scenario: the population, the housing programs, the rules of placement and the costs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Optional link to the JSON Schema of this format (ignored by the simulator).
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Short name used in output, e.g. `"bergen"`.
    pub name: String,
    /// What the scenario represents.
    #[serde(default)]
    pub description: String,
    /// Where the numbers come from: keys are field paths in this file (e.g. `programs[0].units`,
    /// or a prefix such as `profiles[2]` covering everything below it), values start with
    /// `FACTS.md §<n>` (or `W1.md`) or with `assumption:` followed by a one-line reason.
    #[serde(default)]
    pub sources: UniqueMap<String, String>,
    /// Number of simulated months (1–1200).
    pub horizon_months: u32,
    /// Default random seed (the CLI's `--seed` overrides it).
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Default number of Monte Carlo replications (1–1,000,000; `--replications` overrides it).
    #[serde(default = "default_replications")]
    pub replications: u32,
    /// Groups of residents with the same dynamics.
    pub profiles: Vec<Profile>,
    /// Concrete housing offers inside the five categories.
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
}

/// Which programs and profile the Housing First break-even compares (FACTS.md §5). Every field
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
    pub max_participants: Option<u32>,
    /// Monthly probability that a vacant place is refilled from the hospits queue (default 0.5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refill_probability_per_month: Option<f64>,
}

/// An observed outcome (FACTS.md §3, §6) and how close the simulated mean must come.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// What is measured.
    pub measure: Measure,
    /// The observed value (a share from 0 to 1, or a number of residents).
    pub value: f64,
    /// Largest accepted distance between the simulated mean and `value`.
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
        month: u32,
    },
    /// Mean waiting-list length of `category` over the run.
    MeanWaitingList {
        /// The category.
        category: Category,
    },
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

/// Severity of the ROP challenges (FACTS.md §1: 29 % severe, 71 % less severe in BrukerPlan 2019).
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

/// Age group, where a scenario needs it (FACTS.md §1: young applicants 18–25, elderly residents).
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

/// Gender, where a scenario needs it (FACTS.md §1: separate offers for women are requested).
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
    /// Outward-aggressive behaviour ("utagerende"): threats, violence, destruction (FACTS.md §1).
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
    pub base_probability: f64,
    /// Staff (FTE) per resident this group needs (FACTS.md §4: about 1 in specialised housing).
    #[serde(default)]
    pub required_staff_per_resident: f64,
    /// How strongly under- or overstaffing changes the risk (≥ 0; 0 = no staffing effect).
    #[serde(default = "default_elasticity")]
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

/// The number of units of a program: a whole number, or `"unlimited"` (e.g. hospits places
/// bought by NAV, a Housing First team recruiting without a cap).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Units {
    /// At most this many residents at once.
    Limited(u32),
    /// No capacity limit.
    Unlimited,
}

impl Units {
    /// The capacity as a number (`u32::MAX` for unlimited).
    pub fn capacity(self) -> u32 {
        match self {
            Units::Limited(n) => n,
            Units::Unlimited => u32::MAX,
        }
    }
}

/// A concrete offer inside a category (FACTS.md §9): Jarleveien 10, a Housing First team,
/// Myrsæter, hospits bought by NAV…
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// Unique identifier.
    pub id: String,
    /// What the program is.
    #[serde(default)]
    pub description: String,
    /// The housing category.
    pub category: Category,
    /// Number of units (0–1,000,000) or `"unlimited"`.
    pub units: Units,
    /// Profile ids this program accepts; absent = every profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepts: Option<Vec<String>>,
    /// Staff FTE ("årsverk"), a fixed cost paid whether or not units are occupied.
    #[serde(default)]
    pub staff_fte: f64,
    /// Ratio-driven staffing instead of `staff_fte`: FTE per resident, paid for the residents
    /// actually there (e.g. a Housing First team sized 1 : 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_per_resident: Option<f64>,
    /// Security guards (FTE), a fixed cost.
    #[serde(default)]
    pub guards_fte: f64,
    /// Caretaker ("miljøvaktmester", FTE), a fixed cost.
    #[serde(default)]
    pub caretaker_fte: f64,
    /// Full annual cost per FTE for this program; absent = `costs.fte_cost_per_year_nok`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fte_cost_per_year_nok: Option<f64>,
    /// Capital or rent cost per unit-month, paid for every unit (needs a limited `units`). For
    /// places bought by contract from a non-profit provider, the contract price: 320,000 NOK per
    /// place-year ≈ 26,667 NOK per unit-month (FACTS.md §8).
    #[serde(default)]
    pub capital_per_unit_month_nok: f64,
    /// Running cost per occupied unit-month.
    #[serde(default)]
    pub running_per_occupied_unit_month_nok: f64,
    /// Housing First only: dwelling rent per participant-month.
    #[serde(default)]
    pub rent_per_occupied_unit_month_nok: f64,
    /// Temporary only: price of a bought hospits place per person-month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospits: Option<HospitsPrice>,
    /// Rent paid by each resident per month, including housing allowance ("bostøtte").
    #[serde(default)]
    pub resident_contribution_per_month_nok: f64,
    /// The municipality's extra outlay for housing costs per resident-month, where residents'
    /// incomes do not cover them (FACTS.md §5).
    #[serde(default)]
    pub extra_housing_outlay_per_month_nok: f64,
    /// Whether a move-out from a unit costs repair (default: true, except in `temporary`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repair_on_move_out: Option<bool>,
    /// Share of repair cost avoided thanks to guards or a caretaker (0–1; FACTS.md §7).
    #[serde(default)]
    pub damage_reduction: f64,
}

/// Price of a bought temporary place per person-month; `{}` gives the report's figures
/// (FACTS.md §5: 25,000 housing + 2,000 follow-up).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HospitsPrice {
    /// Housing per person-month (default 25,000 NOK).
    #[serde(default = "default_hospits_housing")]
    pub housing_per_month_nok: f64,
    /// Follow-up per person-month (default 2,000 NOK).
    #[serde(default = "default_hospits_follow_up")]
    pub follow_up_per_month_nok: f64,
}

fn default_hospits_housing() -> f64 {
    d::HOSPITS_HOUSING_PER_MONTH_NOK
}
fn default_hospits_follow_up() -> f64 {
    d::HOSPITS_FOLLOW_UP_PER_MONTH_NOK
}

impl Default for HospitsPrice {
    /// The report's figures (FACTS.md §5).
    fn default() -> Self {
        HospitsPrice {
            housing_per_month_nok: default_hospits_housing(),
            follow_up_per_month_nok: default_hospits_follow_up(),
        }
    }
}

/// What happens when a move cannot be made because the category is full.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Fallback {
    /// Stay where one is, when the current state allows staying (not after a breakdown, not when a
    /// duration band forces the move, not for a new arrival).
    Stay,
    /// Be placed, misplaced, in one of the profile's `misplaced_in` categories (only when the
    /// full category is the one the profile needs).
    Misplace,
    /// A free unit in temporary housing (hospits).
    Temporary,
    /// Institution.
    Institution,
    /// Homeless (always possible; also the last resort when no option in the list works).
    Homeless,
}

/// Order in which a waiting list is served.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WaitingListOrder {
    /// First come, first served.
    #[default]
    FirstComeFirstServed,
    /// Severe before moderate before mild; first come, first served within a severity.
    MostSevereFirst,
}

/// Waiting lists, fallback and misplacement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    /// Order in which waiting lists are served.
    #[serde(default)]
    pub waiting_list_order: WaitingListOrder,
    /// Options tried, in order, for a resident whose move could not be made; `homeless` is the
    /// last resort if none works.
    #[serde(default = "default_fallback")]
    pub fallback: Vec<Fallback>,
    /// Added monthly breakdown probability for each other resident of a program, per misplaced
    /// resident living there (0–1).
    #[serde(default)]
    pub misplacement_spillover: f64,
}

fn default_fallback() -> Vec<Fallback> {
    vec![
        Fallback::Stay,
        Fallback::Misplace,
        Fallback::Temporary,
        Fallback::Homeless,
    ]
}

impl Default for Placement {
    fn default() -> Self {
        Placement {
            waiting_list_order: WaitingListOrder::default(),
            fallback: default_fallback(),
            misplacement_spillover: 0.0,
        }
    }
}

/// Scenario-wide cost settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CostSettings {
    /// Full annual cost of one FTE (default 756,000 NOK: an assumption, calibrated so Bergen's
    /// 6-FTE Housing First team costs 378,000 NOK a month, FACTS.md §5).
    #[serde(default = "default_fte_cost")]
    pub fte_cost_per_year_nok: f64,
    /// Annual discount rate, applied monthly (default 0.04).
    #[serde(default = "default_discount_rate")]
    pub discount_rate_per_year: f64,
    /// Whose costs the totals count unless the CLI says otherwise.
    #[serde(default)]
    pub perspective: Perspective,
    /// Repair at move-out.
    #[serde(default)]
    pub repair: RepairCosts,
    /// Staff hours spent per move-out from a unit (default 0).
    #[serde(default)]
    pub moving_staff_hours_per_move: f64,
    /// Working hours in one FTE-year, to price moving hours (default 1,695: an assumption, the
    /// usual Norwegian full-time year net of holidays).
    #[serde(default = "default_hours_per_fte")]
    pub hours_per_fte_year: f64,
    /// Optional costs per person-month in states without programs.
    #[serde(default)]
    pub person_month_nok: PersonMonthCosts,
    /// Who pays an item, where it differs from the default (institution: specialist_health;
    /// everything else: municipality).
    #[serde(default)]
    pub payers: UniqueMap<CostItem, Payer>,
}

fn default_fte_cost() -> f64 {
    d::FTE_COST_PER_YEAR_NOK
}
fn default_discount_rate() -> f64 {
    d::DISCOUNT_RATE_PER_YEAR
}
fn default_hours_per_fte() -> f64 {
    d::HOURS_PER_FTE_YEAR
}

impl Default for CostSettings {
    fn default() -> Self {
        CostSettings {
            fte_cost_per_year_nok: default_fte_cost(),
            discount_rate_per_year: default_discount_rate(),
            perspective: Perspective::default(),
            repair: RepairCosts::default(),
            moving_staff_hours_per_move: 0.0,
            hours_per_fte_year: default_hours_per_fte(),
            person_month_nok: PersonMonthCosts::default(),
            payers: UniqueMap::default(),
        }
    }
}

/// Repair at move-out (FACTS.md §7).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepairCosts {
    /// At an ordinary change of tenant (default 55,000 NOK).
    #[serde(default = "default_repair_ordinary")]
    pub ordinary_nok: f64,
    /// Lower end for an outward-aggressive or misplaced resident (default 150,000 NOK).
    #[serde(default = "default_repair_aggressive_min")]
    pub aggressive_min_nok: f64,
    /// Upper end (default 200,000 NOK); the cost is drawn uniformly between the two.
    #[serde(default = "default_repair_aggressive_max")]
    pub aggressive_max_nok: f64,
}

fn default_repair_ordinary() -> f64 {
    d::REPAIR_ORDINARY_NOK
}
fn default_repair_aggressive_min() -> f64 {
    d::REPAIR_AGGRESSIVE_MIN_NOK
}
fn default_repair_aggressive_max() -> f64 {
    d::REPAIR_AGGRESSIVE_MAX_NOK
}

impl Default for RepairCosts {
    fn default() -> Self {
        RepairCosts {
            ordinary_nok: default_repair_ordinary(),
            aggressive_min_nok: default_repair_aggressive_min(),
            aggressive_max_nok: default_repair_aggressive_max(),
        }
    }
}

/// Optional costs per person-month in states without programs (default 0).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonMonthCosts {
    /// Per homeless person-month.
    #[serde(default)]
    pub homeless: f64,
    /// Per person-month in an institution.
    #[serde(default)]
    pub institution: f64,
    /// Per person-month of follow-up in ordinary housing.
    #[serde(default)]
    pub ordinary_follow_up: f64,
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
        }
    }
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

impl Program {
    /// A program accepting every profile, with no staff and no costs yet.
    pub fn new(id: impl Into<String>, category: Category, units: Units) -> Program {
        Program {
            id: id.into(),
            description: String::new(),
            category,
            units,
            accepts: None,
            staff_fte: 0.0,
            staff_per_resident: None,
            guards_fte: 0.0,
            caretaker_fte: 0.0,
            fte_cost_per_year_nok: None,
            capital_per_unit_month_nok: 0.0,
            running_per_occupied_unit_month_nok: 0.0,
            rent_per_occupied_unit_month_nok: 0.0,
            hospits: None,
            resident_contribution_per_month_nok: 0.0,
            extra_housing_outlay_per_month_nok: 0.0,
            repair_on_move_out: None,
            damage_reduction: 0.0,
        }
    }
}
