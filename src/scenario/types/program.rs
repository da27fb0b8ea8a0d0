//! Programs (housing with units, staffing and prices) and the rules of placement.

use super::*;

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

/// A concrete offer inside a category (docs/sources.md §9): Jarleveien 10, a Housing First team,
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
    #[schemars(range(min = 0, max = "bound::MAX_FTE"))]
    pub staff_fte: f64,
    /// Ratio-driven staffing instead of `staff_fte`: FTE per resident, paid for the residents
    /// actually there (e.g. a Housing First team sized 1 : 8).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = "bound::MAX_STAFF_PER_RESIDENT"))]
    pub staff_per_resident: Option<f64>,
    /// Security guards (FTE), a fixed cost.
    #[serde(default)]
    #[schemars(range(min = 0, max = "bound::MAX_FTE"))]
    pub guards_fte: f64,
    /// Caretaker ("miljøvaktmester", FTE), a fixed cost.
    #[serde(default)]
    #[schemars(range(min = 0, max = "bound::MAX_FTE"))]
    pub caretaker_fte: f64,
    /// Full annual cost per FTE for this program; absent = `costs.fte_cost_per_year_nok`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub fte_cost_per_year_nok: Option<f64>,
    /// Capital or rent cost per unit-month, paid for every unit (needs a limited `units`). For
    /// places bought by contract from a non-profit provider, the contract price: 320,000 NOK per
    /// place-year ≈ 26,667 NOK per unit-month (docs/sources.md §8).
    #[serde(default)]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub capital_per_unit_month_nok: f64,
    /// Running cost per occupied unit-month.
    #[serde(default)]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub running_per_occupied_unit_month_nok: f64,
    /// Housing First only: dwelling rent per participant-month.
    #[serde(default)]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub rent_per_occupied_unit_month_nok: f64,
    /// Temporary only: price of a bought hospits place per person-month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hospits: Option<HospitsPrice>,
    /// Rent paid by each resident per month, including housing allowance ("bostøtte").
    #[serde(default)]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub resident_contribution_per_month_nok: f64,
    /// The municipality's extra outlay for housing costs per resident-month, where residents'
    /// incomes do not cover them (docs/sources.md §5).
    #[serde(default)]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub extra_housing_outlay_per_month_nok: f64,
    /// Whether a move-out from a unit costs repair (default: true, except in `temporary`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repair_on_move_out: Option<bool>,
    /// Share of repair cost avoided thanks to guards or a caretaker (0–1; docs/sources.md §7).
    #[serde(default)]
    #[schemars(range(min = 0, max = 1))]
    pub damage_reduction: f64,
    /// The transitions out of this program's category (`to` or duration `bands`, as in a
    /// profile's `transitions`) for every resident of this program, in place of their profile's
    /// row out of that state: a program's own maximum stay (Bodø's Bolig-nu, at most 3 months,
    /// docs/sources.md §2) or stay length. Residents of other programs of the category keep
    /// their profile's row. Absent = the profiles' rows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitions: Option<Transitions>,
    /// Per-profile form of `transitions`, keyed by profile id, for profiles whose stays here
    /// differ (by severity, say); a profile listed here takes this row instead of `transitions`.
    /// Every id must be a profile the program accepts.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub transitions_by_profile: UniqueMap<String, Transitions>,
}

fn is_empty<K, V>(m: &UniqueMap<K, V>) -> bool {
    m.is_empty()
}

/// Price of a bought temporary place per person-month; `{}` gives the report's figures
/// (docs/sources.md §5: 25,000 housing + 2,000 follow-up).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HospitsPrice {
    /// Housing per person-month (default 25,000 NOK).
    #[serde(default = "default_hospits_housing")]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub housing_per_month_nok: f64,
    /// Follow-up per person-month (default 2,000 NOK).
    #[serde(default = "default_hospits_follow_up")]
    #[schemars(range(min = 0, max = "bound::MAX_NOK"))]
    pub follow_up_per_month_nok: f64,
}

fn default_hospits_housing() -> f64 {
    d::HOSPITS_HOUSING_PER_MONTH_NOK
}
fn default_hospits_follow_up() -> f64 {
    d::HOSPITS_FOLLOW_UP_PER_MONTH_NOK
}

impl Default for HospitsPrice {
    /// The report's figures (docs/sources.md §5).
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
    /// First come, first served: the oldest cohort (residents who joined in the same month)
    /// first; within a cohort severe before moderate before mild, then in random order.
    #[default]
    FirstComeFirstServed,
    /// Severe before moderate before mild; the oldest cohort first within a severity, then in
    /// random order.
    MostSevereFirst,
}

/// What residents on a waiting list do while they wait.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WhileWaiting {
    /// They go on drawing transitions from where they wait; drawing another category cancels
    /// the wait.
    #[default]
    Draw,
    /// They are held where they wait: no transition, no breakdown, no maximum stay, until they
    /// are placed or give up (`reneging_probability_per_month`). Under `held`, the `temporary`
    /// fallback keeps a resident already in temporary housing there even when its move was
    /// forced.
    Held,
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
    #[schemars(range(min = 0, max = 1))]
    pub misplacement_spillover: f64,
    /// Urgent placement: a move that cannot wait where the resident is — a new arrival, a move
    /// forced by a duration band (a maximum stay), or a discharge from an institution — into
    /// the full category a profile `needs` takes a free unit in one of its `misplaced_in`
    /// categories *ahead of* that category's own waiting list, as municipalities do in practice
    /// (docs/sources.md §2). With it, a discharge from an institution cannot wait in the
    /// institution. Profiles may override it (`profiles[i].urgent_misplacement`). Default false:
    /// misplacement only uses units left after the receiving category's list is served.
    #[serde(default)]
    pub urgent_misplacement: bool,
    /// What residents on a waiting list do while they wait (default `draw`).
    #[serde(default)]
    pub while_waiting: WhileWaiting,
    /// Monthly probability that a resident who has waited since an earlier month gives up and
    /// leaves the list for `reneging_to` (0–1, default 0).
    #[serde(default)]
    #[schemars(range(min = 0, max = 1))]
    pub reneging_probability_per_month: f64,
    /// Where a resident who gives up waiting goes: a state without capacity (`homeless`,
    /// `ordinary`, `institution`, `exited`); default `homeless`. It is a new stay there.
    #[serde(default = "default_reneging_to")]
    pub reneging_to: State,
}

fn default_reneging_to() -> State {
    State::Homeless
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
            urgent_misplacement: false,
            while_waiting: WhileWaiting::default(),
            reneging_probability_per_month: 0.0,
            reneging_to: default_reneging_to(),
        }
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
            transitions: None,
            transitions_by_profile: UniqueMap::default(),
        }
    }
}
