//! The validated model: a scenario turned into the tables the engine reads in its inner loop.
//!
//! [`Model::new`] is the single gate between what a user states and what the engine runs: it
//! applies every rule of [`crate::scenario::validate()`], allocates the initial residents to
//! programs, and precomputes sampling tables, duration bands (per profile and state, and per
//! program and profile where a program has rows of its own), acceptance masks and prices. Once
//! a `Model` exists, the engine trusts it.

mod initial;
mod sampler;
mod transitions;

pub use initial::InitialGroup;
pub use sampler::{CellBits, Sampler, CELL_BITS};
pub use transitions::{BandRow, Link, Slot, TransitionTables, NO_ROWS};

use crate::cost::{PriceList, StaffMonth};
use crate::scenario::{self, Fallback, Scenario, ScenarioError, Severity, Units, WaitingListOrder};
use crate::state::{Category, State, N_CATEGORIES, N_STATES};
use rand_distr::Poisson;

/// Breakdown parameters of one profile in one category.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakdownModel {
    /// Monthly probability at the required staffing.
    pub base: f64,
    /// Required staff (FTE) per resident; 0 = no staffing effect.
    pub required_staff_per_resident: f64,
    /// Elasticity of the risk to the staffing shortfall (≥ 0).
    pub elasticity: f64,
    /// Where the resident goes.
    pub to: State,
}

impl BreakdownModel {
    /// Monthly breakdown probability at `staff_per_resident` actual staff per resident, plus
    /// `spillover` (from misplaced co-residents), clamped to [0, 1].
    ///
    /// Never increases with `staff_per_resident`. With no staff at all and a positive staffing
    /// requirement the risk is 1 (when the base risk is positive).
    pub fn probability(&self, staff_per_resident: f64, spillover: f64) -> f64 {
        let factor = if self.required_staff_per_resident == 0.0 || self.elasticity == 0.0 {
            1.0
        } else if staff_per_resident <= 0.0 {
            f64::INFINITY
        } else {
            (self.required_staff_per_resident / staff_per_resident).powf(self.elasticity)
        };
        let base = if self.base == 0.0 {
            0.0
        } else {
            self.base * factor
        };
        (base + spillover).clamp(0.0, 1.0)
    }
}

/// A profile as the engine sees it.
#[derive(Clone, Debug)]
pub struct ProfileModel {
    /// Identifier from the scenario.
    pub id: String,
    /// Severity (orders the waiting list under `most_severe_first`).
    pub severity: Severity,
    /// Outward-aggressive: repair at move-out is drawn from the aggressive range.
    pub aggressive: bool,
    /// The category the profile needs.
    pub needs: Category,
    /// Where residents may be misplaced when `needs` is full.
    pub misplaced_in: Vec<Category>,
    /// Urgent moves into `needs` take a misplacement ahead of the receiving category's
    /// waiting list (the scenario's setting or the profile's own).
    pub urgent: bool,
    /// Poisson arrivals per month and the state they want.
    pub arrivals: Option<(Poisson<f64>, State)>,
    /// Breakdown rule per category.
    pub breakdown: [Option<BreakdownModel>; N_CATEGORIES],
}

/// How a program is staffed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Staffing {
    /// A fixed number of FTE, paid whether or not units are occupied.
    Fixed(f64),
    /// FTE per resident actually there.
    PerResident(f64),
}

impl Staffing {
    /// FTE when `occupancy` residents are there.
    #[inline]
    pub fn fte(self, occupancy: u32) -> f64 {
        match self {
            Staffing::Fixed(f) => f,
            Staffing::PerResident(r) => r * occupancy as f64,
        }
    }

    /// Staff per resident when `occupancy` residents are there (infinite for a staffed but
    /// empty program).
    #[inline]
    pub fn per_resident(self, occupancy: u32) -> f64 {
        match self {
            Staffing::Fixed(f) if occupancy == 0 => {
                if f > 0.0 {
                    f64::INFINITY
                } else {
                    0.0
                }
            }
            Staffing::Fixed(f) => f / occupancy as f64,
            Staffing::PerResident(r) => r,
        }
    }
}

/// A program as the engine sees it: capacity and staffing (its prices are in the model's
/// [`PriceList`]).
#[derive(Clone, Debug)]
pub struct ProgramModel {
    /// Identifier from the scenario.
    pub id: String,
    /// Category.
    pub category: Category,
    /// Capacity (`u32::MAX` when unlimited).
    pub capacity: u32,
    /// Whether the capacity is unlimited.
    pub unlimited: bool,
    /// Staffing.
    pub staffing: Staffing,
    /// Guards FTE.
    pub guards_fte: f64,
    /// Caretaker FTE.
    pub caretaker_fte: f64,
    /// Bought temporary housing (a hospits price): its person-months count as hospits.
    pub hospits: bool,
}

impl ProgramModel {
    /// Staff on duty in a month with `occupancy` residents.
    #[inline]
    pub fn staff_month(&self, occupancy: u32) -> StaffMonth {
        StaffMonth {
            staff_fte: self.staffing.fte(occupancy),
            guards_fte: self.guards_fte,
            caretaker_fte: self.caretaker_fte,
        }
    }

    /// Units, or `None` when unlimited.
    #[inline]
    pub fn units(&self) -> Option<u32> {
        (!self.unlimited).then_some(self.capacity)
    }
}

/// A validated scenario, ready to run. A `Model` that exists is valid: it is built only by
/// [`Model::new`], and its tables are read through accessors.
#[derive(Clone, Debug)]
pub struct Model {
    scenario: Scenario,
    pub(crate) horizon: u32,
    pub(crate) profiles: Vec<ProfileModel>,
    pub(crate) programs: Vec<ProgramModel>,
    /// Program indices per category, in scenario order.
    pub(crate) programs_by_category: [Vec<u32>; N_CATEGORIES],
    /// Whether program g accepts profile p: `accepts[g * n_profiles + p]`.
    accepts: Vec<bool>,
    /// Per (profile × 5 + category): every accepting program is unlimited (so a move there
    /// always succeeds, into the first accepting program).
    pub(crate) always_room: Vec<bool>,
    pub(crate) transitions: TransitionTables,
    pub(crate) initial: Vec<InitialGroup>,
    pub(crate) fallback: Vec<Fallback>,
    pub(crate) order: WaitingListOrder,
    /// Added breakdown probability per misplaced co-resident.
    pub(crate) spillover: f64,
    /// Residents on a waiting list draw no transition (`placement.while_waiting: held`).
    pub(crate) held: bool,
    /// Monthly probability of giving up waiting, and where those who do go.
    pub(crate) reneging: (f64, State),
    /// Per (profile × 9 + state): months in state from which nothing that happens next depends
    /// on them (past every duration band).
    pub(crate) duration_cap: Vec<u32>,
    pub(crate) prices: PriceList,
}

impl Model {
    /// Validate `scenario` and build the model: the one validation gate. Errors name the
    /// scenario's origin (its file, or `<in-memory>`) and every broken rule's field path.
    pub fn new(scenario: &Scenario) -> Result<Model, ScenarioError> {
        let file = scenario.origin();
        let invalid = |issues| ScenarioError::Invalid {
            file: file.to_owned(),
            issues,
        };
        let issues = scenario::validate(scenario);
        if !issues.is_empty() {
            return Err(invalid(issues));
        }
        let initial = initial::allocate(scenario).map_err(invalid)?;
        let s = scenario;
        let profiles = s
            .profiles
            .iter()
            .enumerate()
            .map(|(i, p)| {
                profile_model(i, p, s.placement.urgent_misplacement)
                    .map_err(|issue| invalid(vec![issue]))
            })
            .collect::<Result<Vec<_>, ScenarioError>>()?;
        let programs: Vec<ProgramModel> = s.programs.iter().map(program_model).collect();
        let mut programs_by_category: [Vec<u32>; N_CATEGORIES] = Default::default();
        for (gi, g) in programs.iter().enumerate() {
            programs_by_category[g.category.index()].push(gi as u32);
        }
        let accepts = acceptance(s);
        let always_room = always_room(&programs, &programs_by_category, &accepts, s.profiles.len());
        let transitions = TransitionTables::new(s);
        let duration_cap = duration_caps(&transitions, &programs, s.profiles.len());
        Ok(Model {
            scenario: s.clone(),
            horizon: s.horizon_months,
            profiles,
            programs,
            programs_by_category,
            accepts,
            always_room,
            transitions,
            initial,
            fallback: s.placement.fallback.clone(),
            order: s.placement.waiting_list_order,
            spillover: s.placement.misplacement_spillover,
            held: s.placement.while_waiting == scenario::WhileWaiting::Held,
            reneging: (
                s.placement.reneging_probability_per_month,
                s.placement.reneging_to,
            ),
            duration_cap,
            prices: PriceList::new(s),
        })
    }

    /// The scenario the model was built from.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario's name.
    pub fn name(&self) -> &str {
        &self.scenario.name
    }

    /// The currency of the model's amounts (`costs.currency`, e.g. `"NOK"`).
    pub fn currency(&self) -> &str {
        &self.scenario.costs.currency
    }

    /// Months simulated.
    pub fn horizon(&self) -> u32 {
        self.horizon
    }

    /// Profiles in scenario order.
    pub fn profiles(&self) -> &[ProfileModel] {
        &self.profiles
    }

    /// Programs in scenario order.
    pub fn programs(&self) -> &[ProgramModel] {
        &self.programs
    }

    /// Indices of the programs of category `c`, in scenario order.
    pub fn programs_of(&self, c: Category) -> &[u32] {
        &self.programs_by_category[c.index()]
    }

    /// Transition tables of every (profile, state, duration band).
    pub fn transitions(&self) -> &TransitionTables {
        &self.transitions
    }

    /// The residents present at the start, grouped.
    pub fn initial(&self) -> &[InitialGroup] {
        &self.initial
    }

    /// The price list: every rule that turns quantities into kroner.
    pub fn prices(&self) -> &PriceList {
        &self.prices
    }

    /// Whether any profile's urgent moves take misplacements ahead of waiting lists.
    pub fn any_urgent(&self) -> bool {
        self.profiles.iter().any(|p| p.urgent)
    }

    /// Whether program `g` accepts profile `p`.
    #[inline]
    pub fn accepts(&self, g: usize, p: usize) -> bool {
        self.accepts[g * self.profiles.len() + p]
    }

    /// Number of residents at the start of every replication.
    pub fn initial_residents(&self) -> u64 {
        self.initial.iter().map(|g| g.count as u64).sum()
    }
}

/// A profile as the engine sees it.
fn profile_model(
    i: usize,
    p: &scenario::Profile,
    urgent: bool,
) -> Result<ProfileModel, scenario::Issue> {
    let arrivals = match &p.arrivals {
        Some(a) if a.per_month > 0.0 => {
            let poisson = Poisson::new(a.per_month).map_err(|e| {
                scenario::Issue::new(format!("profiles[{i}].arrivals.per_month"), e.to_string())
            })?;
            Some((poisson, a.state))
        }
        _ => None,
    };
    let mut breakdown: [Option<BreakdownModel>; N_CATEGORIES] = Default::default();
    for b in &p.breakdown {
        breakdown[b.category.index()] = Some(BreakdownModel {
            base: b.base_probability,
            required_staff_per_resident: b.required_staff_per_resident,
            elasticity: b.elasticity,
            to: b.to,
        });
    }
    Ok(ProfileModel {
        id: p.id.clone(),
        severity: p.severity,
        aggressive: p.aggressive,
        needs: p.needs,
        misplaced_in: p.misplaced_in.clone(),
        urgent: p.urgent_misplacement.unwrap_or(urgent) && !p.misplaced_in.is_empty(),
        arrivals,
        breakdown,
    })
}

/// A program as the engine sees it.
fn program_model(g: &scenario::Program) -> ProgramModel {
    ProgramModel {
        id: g.id.clone(),
        category: g.category,
        capacity: g.units.capacity(),
        unlimited: g.units == Units::Unlimited,
        staffing: match g.staff_per_resident {
            Some(r) => Staffing::PerResident(r),
            None => Staffing::Fixed(g.staff_fte),
        },
        guards_fte: g.guards_fte,
        caretaker_fte: g.caretaker_fte,
        hospits: g.hospits.is_some(),
    }
}

/// Whether program g accepts profile p, `[g * n_profiles + p]`; linear in the size of the
/// `accepts` lists (ids are looked up, not searched).
fn acceptance(s: &Scenario) -> Vec<bool> {
    let np = s.profiles.len();
    let index: std::collections::HashMap<&str, usize> = s
        .profiles
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let mut accepts = vec![false; s.programs.len() * np];
    for (gi, g) in s.programs.iter().enumerate() {
        let row = &mut accepts[gi * np..(gi + 1) * np];
        match &g.accepts {
            None => row.fill(true),
            Some(ids) => {
                for pi in ids.iter().filter_map(|id| index.get(id.as_str())) {
                    row[*pi] = true;
                }
            }
        }
    }
    accepts
}

/// Per (profile × 5 + category): every accepting program is unlimited, so a move there always
/// succeeds.
fn always_room(
    programs: &[ProgramModel],
    by_category: &[Vec<u32>; N_CATEGORIES],
    accepts: &[bool],
    np: usize,
) -> Vec<bool> {
    let mut out = vec![false; np * N_CATEGORIES];
    for pi in 0..np {
        for cat in Category::ALL {
            let mut accepting = by_category[cat.index()]
                .iter()
                .filter(|&&gi| accepts[gi as usize * np + pi])
                .peekable();
            let any = accepting.peek().is_some();
            out[pi * N_CATEGORIES + cat.index()] =
                any && accepting.all(|&gi| programs[gi as usize].unlimited);
        }
    }
    out
}

/// Per (profile × 9 + state): the months in state from which nothing that happens next
/// depends on them — past the last duration band of the profile's row and of every program's
/// own row out of that state. (Retention follows longer stays without telling residents apart:
/// see the engine's rings.)
fn duration_caps(t: &TransitionTables, programs: &[ProgramModel], n_profiles: usize) -> Vec<u32> {
    let mut caps = Vec::with_capacity(n_profiles * N_STATES);
    for p in 0..n_profiles {
        for state in State::ALL {
            let mut cap = t.longest_band(t.profile_slot(p, state.index()));
            for (g, program) in programs.iter().enumerate() {
                if program.category.state() == state {
                    cap = cap.max(t.longest_band(t.slot(p, state.index(), g as u32)));
                }
            }
            caps.push(cap);
        }
    }
    caps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breakdown_risk_falls_with_staffing() {
        let b = BreakdownModel {
            base: 0.02,
            required_staff_per_resident: 1.0,
            elasticity: 1.5,
            to: State::Temporary,
        };
        assert!((b.probability(1.0, 0.0) - 0.02).abs() < 1e-15);
        assert_eq!(b.probability(0.0, 0.0), 1.0);
        assert!((b.probability(1.0, 0.01) - 0.03).abs() < 1e-15);
        let mut last = 1.0;
        for staff in [0.01, 0.1, 0.5, 1.0, 2.0, 10.0, f64::INFINITY] {
            let p = b.probability(staff, 0.0);
            assert!(p <= last, "{staff}: {p} > {last}");
            last = p;
        }
        let none = BreakdownModel { base: 0.0, ..b };
        assert_eq!(none.probability(0.0, 0.0), 0.0);
    }

    #[test]
    fn staffing_per_resident() {
        assert_eq!(Staffing::Fixed(6.0).per_resident(3), 2.0);
        assert_eq!(Staffing::Fixed(6.0).per_resident(0), f64::INFINITY);
        assert_eq!(Staffing::Fixed(0.0).per_resident(0), 0.0);
        assert_eq!(Staffing::PerResident(0.25).fte(8), 2.0);
    }
}
