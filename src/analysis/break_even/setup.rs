//! The break-even's scenario: the file's (with explicit values applied over it) or one built
//! from explicit values alone, and where every input came from.
//!
//! Explicit values (the command line's flags) override the scenario; the scenario overrides the
//! documented defaults. Each input is recorded with its source.

use crate::analysis::calibrate::monthly_leaving_probability;
use crate::cost::defaults as d;
use crate::model::Model;
use crate::run::{RunError, RunSettings};
use crate::scenario::validate::num;
use crate::scenario::{
    HospitsPrice, Issue, Profile, Program, Scenario, ScenarioError, Severity, Transitions,
    UniqueMap, Units,
};
use crate::state::{Category, State};
use serde::Serialize;
use thiserror::Error;

/// Why the break-even cannot be set up.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum SetupError {
    /// The scenario cannot be used for a break-even (a field path and what is wrong).
    #[error("{file}: {issue}")]
    Scenario {
        /// The scenario's origin.
        file: String,
        /// Where and what.
        issue: Issue,
    },
    /// A variant of the scenario (the program at some number of places) is invalid.
    #[error(transparent)]
    Invalid(#[from] ScenarioError),
    /// An input is missing or out of range (named as in [`Overrides`]).
    #[error("{name}: {message}")]
    Input {
        /// The input, e.g. `team_fte`.
        name: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The run cannot go ahead.
    #[error(transparent)]
    Run(#[from] RunError),
}

/// Values given explicitly (e.g. on the command line); each overrides the scenario.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    /// FTE of the Housing First team (a fixed team).
    pub team_fte: Option<f64>,
    /// Annual cost of one FTE of the team.
    pub fte_cost_per_year_nok: Option<f64>,
    /// Hospits housing per person-month.
    pub hospits_housing_per_month_nok: Option<f64>,
    /// Hospits follow-up per person-month.
    pub hospits_follow_up_per_month_nok: Option<f64>,
    /// The municipality's extra housing outlay per participant-month.
    pub extra_housing_outlay_per_month_nok: Option<f64>,
    /// Other Housing First cost per participant-month (replaces the program's rent, running
    /// cost and residents' contribution).
    pub other_hf_cost_per_participant_per_month_nok: Option<f64>,
    /// Monthly probability that a participant leaves Housing First for hospits (replaces the
    /// profile's row out of housing_first, the participants' row in Housing First programs
    /// with rows of their own, and the profile's Housing First breakdown rule).
    pub monthly_leaving_probability: Option<f64>,
    /// Monthly probability that a participant in hospits asks for Housing First again (below
    /// 1; replaces the profile's row out of temporary and the participants' row in temporary
    /// programs with rows of their own).
    pub refill_probability_per_month: Option<f64>,
    /// Cost of every move-out (repair, all in; moving staff hours none).
    pub turnover_cost_nok: Option<f64>,
    /// Largest number of places on the curve.
    pub max_participants: Option<u32>,
    /// Months simulated.
    pub months: Option<u32>,
    /// Replications per number of places.
    pub replications: Option<u32>,
    /// Random seed.
    pub seed: Option<u64>,
}

/// One input and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sourced {
    /// The value.
    pub value: f64,
    /// `given` (command line), a field path in the scenario, or a default with its citation.
    pub source: String,
}

/// Everything the break-even needs.
#[derive(Clone, Debug)]
pub struct Setup {
    /// The scenario at its own number of places, with every explicit value applied.
    pub scenario: Scenario,
    /// Index of the Housing First program.
    pub housing_first: usize,
    /// Index of the hospits program.
    pub hospits: usize,
    /// Index of the participants' profile.
    pub participants: usize,
    /// Largest number of places on the curve.
    pub max_participants: u32,
    /// Replications and seed.
    pub settings: RunSettings,
    /// Every input, by name, with its source (in output order).
    pub parameters: Vec<(&'static str, Sourced)>,
    /// Places of the Housing First program in the scenario file, if limited.
    pub program_places: Option<u32>,
    /// Whether the scenario came from a file (else it was built from explicit values).
    pub from_file: bool,
}

/// Largest number of places on a curve.
pub const MAX_PARTICIPANTS: u32 = 10_000;

fn input(name: &'static str, message: impl Into<String>) -> SetupError {
    SetupError::Input {
        name,
        message: message.into(),
    }
}

fn range(name: &'static str, x: f64, min: f64, max: f64) -> Result<f64, SetupError> {
    if x.is_finite() && x >= min && x <= max {
        Ok(x)
    } else {
        Err(input(
            name,
            format!(
                "must be from {} to {}, found {}",
                num(min),
                num(max),
                num(x)
            ),
        ))
    }
}

/// Checks every explicit value before anything is built from it.
fn check(given: &Overrides) -> Result<(), SetupError> {
    let money = [
        ("fte_cost_per_year_nok", given.fte_cost_per_year_nok),
        (
            "hospits_housing_per_month_nok",
            given.hospits_housing_per_month_nok,
        ),
        (
            "hospits_follow_up_per_month_nok",
            given.hospits_follow_up_per_month_nok,
        ),
        (
            "extra_housing_outlay_per_month_nok",
            given.extra_housing_outlay_per_month_nok,
        ),
        ("turnover_cost_nok", given.turnover_cost_nok),
    ];
    for (name, v) in money {
        if let Some(x) = v {
            range(name, x, 0.0, 1e12)?;
        }
    }
    if let Some(x) = given.other_hf_cost_per_participant_per_month_nok {
        range(
            "other_hf_cost_per_participant_per_month_nok",
            x,
            -1e12,
            1e12,
        )?;
    }
    if let Some(x) = given.team_fte {
        range("team_fte", x, 0.0, 100_000.0)?;
    }
    if let Some(x) = given.monthly_leaving_probability {
        range("monthly_leaving_probability", x, 0.0, 1.0)?;
    }
    if let Some(x) = given.refill_probability_per_month {
        check_refill(x)?;
    }
    if let Some(n) = given.max_participants {
        range("max_participants", n as f64, 1.0, MAX_PARTICIPANTS as f64)?;
    }
    if let Some(n) = given.months {
        range(
            "months",
            n as f64,
            1.0,
            crate::scenario::validate::MAX_HORIZON_MONTHS as f64,
        )?;
    }
    Ok(())
}

fn check_refill(x: f64) -> Result<f64, SetupError> {
    if x.is_finite() && (0.0..1.0).contains(&x) {
        Ok(x)
    } else {
        Err(input(
            "refill_probability_per_month",
            format!(
                "must be at least 0 and below 1, found {} (a probability of 1 would force a \
                 participant out of hospits whenever Housing First is full; participants in \
                 hospits at the start already queue for it, so vacant places are refilled at \
                 once while that queue lasts)",
                num(x)
            ),
        ))
    }
}

/// Resolve the inputs from `given` values and an optional scenario (parsed, not necessarily
/// valid: every variant goes through [`Model::new`]).
pub fn resolve(scenario: Option<&Scenario>, given: &Overrides) -> Result<Setup, SetupError> {
    check(given)?;
    let (mut s, from_file) = match scenario {
        Some(s) => (s.clone(), true),
        None => (from_values(given)?, false),
    };
    let roles = Roles::find(&s)?;
    let mut sources = Sources {
        from_file,
        list: Vec::new(),
    };
    apply_prices(&mut s, &roles, given, &mut sources);
    apply_dynamics(&mut s, &roles, given, &mut sources)?;
    if let Some(m) = given.months {
        s.horizon_months = m;
    }
    if let Some(r) = given.replications {
        s.replications = r;
    }
    if let Some(seed) = given.seed {
        s.seed = seed;
    }
    let model = Model::new(&s)?;
    let max = record_size(&s, &model, &roles, given, &mut sources);
    let settings = RunSettings::new(s.replications, s.seed)?;
    check_size(max, &settings)?;
    Ok(Setup {
        program_places: match s.programs[roles.housing_first].units {
            Units::Limited(n) if from_file => Some(n),
            _ => None,
        },
        scenario: s,
        housing_first: roles.housing_first,
        hospits: roles.hospits,
        participants: roles.participants,
        max_participants: max,
        settings,
        parameters: sources.list,
        from_file,
    })
}

/// The programs and profile the break-even compares.
struct Roles {
    housing_first: usize,
    hospits: usize,
    participants: usize,
}

impl Roles {
    /// The scenario's `break_even` choices, or the first Housing First program, the first
    /// temporary program with a hospits price and the first profile that needs Housing First
    /// and is accepted by it.
    fn find(s: &Scenario) -> Result<Roles, SetupError> {
        let issue = |path: &str, message: String| SetupError::Scenario {
            file: s.origin().to_owned(),
            issue: Issue::new(path, message),
        };
        let settings = s.break_even.clone().unwrap_or_default();
        let find = |id: &Option<String>, want: Category, extra: &dyn Fn(&Program) -> bool| {
            s.programs.iter().position(|g| match id {
                Some(id) => &g.id == id,
                None => g.category == want && extra(g),
            })
        };
        let housing_first = find(
            &settings.housing_first_program,
            Category::HousingFirst,
            &|_| true,
        )
        .ok_or_else(|| {
            issue(
                "programs",
                format!(
                    "scenario \"{}\" has no housing_first program to compare with hospits",
                    s.name
                ),
            )
        })?;
        let hospits = find(&settings.hospits_program, Category::Temporary, &|g| {
            g.hospits.is_some()
        })
        .ok_or_else(|| {
            issue(
                "programs",
                format!(
                    "scenario \"{}\" has no temporary program with a hospits price to compare \
                     with",
                    s.name
                ),
            )
        })?;
        let g = &s.programs[housing_first];
        let accepted = |id: &str| g.accepts.as_ref().is_none_or(|a| a.iter().any(|x| x == id));
        let participants = s
            .profiles
            .iter()
            .position(|p| match &settings.participant_profile {
                Some(id) => &p.id == id,
                None => p.needs == Category::HousingFirst && accepted(&p.id),
            })
            .ok_or_else(|| {
                issue(
                    "profiles",
                    "no profile needs housing_first and is accepted by the Housing First program \
                     (name one in break_even.participant_profile)"
                        .into(),
                )
            })?;
        Ok(Roles {
            housing_first,
            hospits,
            participants,
        })
    }
}

/// The inputs as resolved, each with where it came from.
struct Sources {
    from_file: bool,
    list: Vec<(&'static str, Sourced)>,
}

impl Sources {
    /// Record `value`: `given` explicitly, else from the scenario file (`scenario` names the
    /// field), else the documented `default`.
    fn record(
        &mut self,
        name: &'static str,
        value: f64,
        given: bool,
        scenario: String,
        default: &str,
    ) {
        let source = if given {
            "given".to_owned()
        } else if self.from_file {
            scenario
        } else {
            format!("default: {default}")
        };
        self.list.push((name, Sourced { value, source }));
    }
}

fn at(i: usize, field: &str) -> String {
    format!("scenario programs[{i}].{field}")
}

/// The team's and hospits' prices, explicit values first.
fn apply_prices(s: &mut Scenario, r: &Roles, given: &Overrides, src: &mut Sources) {
    let hf = r.housing_first;
    let g = &mut s.programs[hf];
    if let Some(x) = given.team_fte {
        g.staff_fte = x;
        g.staff_per_resident = None;
    }
    if g.staff_per_resident.is_none() {
        let fte = g.staff_fte;
        src.record(
            "team_fte",
            fte,
            given.team_fte.is_some(),
            at(hf, "staff_fte"),
            "",
        );
    }
    let g = &mut s.programs[hf];
    if let Some(x) = given.fte_cost_per_year_nok {
        g.fte_cost_per_year_nok = Some(x);
    }
    let fte_cost_field = match g.fte_cost_per_year_nok {
        Some(_) => at(hf, "fte_cost_per_year_nok"),
        None => "scenario costs.fte_cost_per_year_nok".into(),
    };
    let fte_cost = g
        .fte_cost_per_year_nok
        .unwrap_or(s.costs.fte_cost_per_year_nok);
    src.record(
        "fte_cost_per_year_nok",
        fte_cost,
        given.fte_cost_per_year_nok.is_some(),
        fte_cost_field,
        "assumption calibrated on Bergen's 6-FTE team, docs/sources.md §5",
    );
    apply_hospits_price(s, r.hospits, given, src);
    let g = &mut s.programs[hf];
    if let Some(x) = given.extra_housing_outlay_per_month_nok {
        g.extra_housing_outlay_per_month_nok = x;
    }
    src.record(
        "extra_housing_outlay_per_month_nok",
        g.extra_housing_outlay_per_month_nok,
        given.extra_housing_outlay_per_month_nok.is_some(),
        at(hf, "extra_housing_outlay_per_month_nok"),
        "no extra outlay (docs/sources.md §5, first Bergen case)",
    );
    if let Some(x) = given.other_hf_cost_per_participant_per_month_nok {
        g.running_per_occupied_unit_month_nok = x;
        g.rent_per_occupied_unit_month_nok = 0.0;
        g.resident_contribution_per_month_nok = 0.0;
    }
    src.record(
        "other_hf_cost_per_participant_per_month_nok",
        g.rent_per_occupied_unit_month_nok + g.running_per_occupied_unit_month_nok
            - g.resident_contribution_per_month_nok,
        given.other_hf_cost_per_participant_per_month_nok.is_some(),
        format!(
            "scenario programs[{hf}]: rent + running cost − resident contribution per \
             participant-month"
        ),
        "none (docs/sources.md §5: the resident's share covers the dwelling)",
    );
}

fn apply_hospits_price(s: &mut Scenario, hospits: usize, given: &Overrides, src: &mut Sources) {
    let price = s.programs[hospits].hospits.get_or_insert(HospitsPrice {
        housing_per_month_nok: d::HOSPITS_HOUSING_PER_MONTH_NOK,
        follow_up_per_month_nok: d::HOSPITS_FOLLOW_UP_PER_MONTH_NOK,
    });
    if let Some(x) = given.hospits_housing_per_month_nok {
        price.housing_per_month_nok = x;
    }
    if let Some(x) = given.hospits_follow_up_per_month_nok {
        price.follow_up_per_month_nok = x;
    }
    let (housing, follow_up) = (price.housing_per_month_nok, price.follow_up_per_month_nok);
    src.record(
        "hospits_housing_per_month_nok",
        housing,
        given.hospits_housing_per_month_nok.is_some(),
        at(hospits, "hospits.housing_per_month_nok"),
        "docs/sources.md §5",
    );
    src.record(
        "hospits_follow_up_per_month_nok",
        follow_up,
        given.hospits_follow_up_per_month_nok.is_some(),
        at(hospits, "hospits.follow_up_per_month_nok"),
        "docs/sources.md §5",
    );
}

/// The participants' rows out of Housing First and hospits, and the cost of a move-out.
fn apply_dynamics(
    s: &mut Scenario,
    r: &Roles,
    given: &Overrides,
    src: &mut Sources,
) -> Result<(), SetupError> {
    let pi = r.participants;
    let refill_setting = s
        .break_even
        .as_ref()
        .and_then(|b| b.refill_probability_per_month);
    if let Some(q) = given.monthly_leaving_probability {
        set_row(s, pi, Category::HousingFirst, row(State::Temporary, q));
        let p = &mut s.profiles[pi];
        p.breakdown.retain(|b| b.category != Category::HousingFirst);
    }
    src.record(
        "monthly_leaving_probability",
        first_band_out(row_in(s, pi, r.housing_first)),
        given.monthly_leaving_probability.is_some(),
        format!("scenario profiles[{pi}].transitions.housing_first (first band)"),
        "about 70 % still housed after 24 months (Bergen and Sandnes, docs/sources.md §6)",
    );
    if let Some(f) = given.refill_probability_per_month.or(refill_setting) {
        check_refill(f)?;
        set_row(s, pi, Category::Temporary, row(State::HousingFirst, f));
    }
    let refill = row_in(s, pi, r.hospits)
        .and_then(|t| first_band(t).and_then(|r| r.get(&State::HousingFirst).copied()))
        .unwrap_or(0.0);
    src.record(
        "refill_probability_per_month",
        refill,
        given.refill_probability_per_month.is_some(),
        match refill_setting {
            Some(_) => "scenario break_even.refill_probability_per_month".into(),
            None => format!("scenario profiles[{pi}].transitions.temporary.to.housing_first"),
        },
        "assumption: a vacant place is refilled in about a month on average",
    );
    if let Some(x) = given.turnover_cost_nok {
        let repair = &mut s.costs.repair;
        repair.ordinary_nok = x;
        repair.aggressive_min_nok = x;
        repair.aggressive_max_nok = x;
        s.costs.moving_staff_hours_per_move = 0.0;
        let g = &mut s.programs[r.housing_first];
        g.damage_reduction = 0.0;
        g.repair_on_move_out = Some(true);
    }
    Ok(())
}

/// Record the turnover cost (priced by the model) and the size of the run; returns the
/// largest number of places.
fn record_size(
    s: &Scenario,
    model: &Model,
    r: &Roles,
    given: &Overrides,
    src: &mut Sources,
) -> u32 {
    let hf = r.housing_first;
    src.record(
        "turnover_cost_nok",
        model
            .prices()
            .expected_move_out(hf, s.profiles[r.participants].aggressive),
        given.turnover_cost_nok.is_some(),
        format!(
            "scenario: repair after a participant (costs.repair) less \
             programs[{hf}].damage_reduction, plus moving staff"
        ),
        "repair at an ordinary change of tenant, docs/sources.md §7",
    );
    let setting = s.break_even.as_ref().and_then(|b| b.max_participants);
    let max = given.max_participants.or(setting).unwrap_or(60);
    src.record(
        "max_participants",
        max as f64,
        given.max_participants.is_some(),
        match setting {
            Some(_) => "scenario break_even.max_participants".into(),
            None => "default: 60 places".into(),
        },
        "60 places",
    );
    src.record(
        "months",
        s.horizon_months as f64,
        given.months.is_some(),
        "scenario horizon_months".into(),
        "two years, the horizon of the retention figures in docs/sources.md §6",
    );
    src.record(
        "replications",
        s.replications as f64,
        given.replications.is_some(),
        "scenario replications".into(),
        "1000 replications",
    );
    max
}

/// Refuse curves with more simulations than [`MAX_CURVE_CELLS`].
fn check_size(max: u32, settings: &RunSettings) -> Result<(), SetupError> {
    let cells = (max as f64 + 1.0) * settings.replications() as f64;
    if cells <= MAX_CURVE_CELLS {
        return Ok(());
    }
    Err(SetupError::Run(RunError::TooLarge {
        option: "replications",
        message: format!(
            "{} places × {} replications is more than the {MAX_CURVE_CELLS} simulations one \
             curve runs; give at most {} replications",
            max + 1,
            settings.replications(),
            (MAX_CURVE_CELLS / (max as f64 + 1.0)).floor()
        ),
    }))
}

/// Most (places + 1) × replications simulations on one curve.
pub const MAX_CURVE_CELLS: f64 = 2e7;

/// A row of one destination.
fn row(to: State, p: f64) -> Transitions {
    let mut m = UniqueMap::default();
    if p > 0.0 {
        m.insert(to, p);
    }
    Transitions {
        to: Some(m),
        bands: None,
    }
}

/// Give profile `pi` the row `t` out of category `c`: in the profile, and in every program of
/// `c` accepting it that has rows of its own (which would otherwise keep theirs for it).
fn set_row(s: &mut Scenario, pi: usize, c: Category, t: Transitions) {
    let id = s.profiles[pi].id.clone();
    let profiles: Vec<String> = s.profiles.iter().map(|p| p.id.clone()).collect();
    for g in &mut s.programs {
        let accepts = |id: &str| g.accepts.as_ref().is_none_or(|a| a.iter().any(|x| x == id));
        let own = g.transitions.is_some() || !g.transitions_by_profile.is_empty();
        if g.category != c || !own || !accepts(&id) {
            continue;
        }
        g.transitions_by_profile.insert(id.clone(), t.clone());
        // A program-wide row that now applies to no profile goes.
        let by_profile = &g.transitions_by_profile;
        if profiles
            .iter()
            .all(|p| !accepts(p) || by_profile.contains_key(p))
        {
            g.transitions = None;
        }
    }
    s.profiles[pi].transitions.insert(c.state(), t);
}

/// Profile `pi`'s row in program `g` (the program's own, else the profile's).
fn row_in(s: &Scenario, pi: usize, g: usize) -> Option<&Transitions> {
    let (g, p) = (&s.programs[g], &s.profiles[pi]);
    g.transitions_by_profile
        .get(&p.id)
        .or(g.transitions.as_ref())
        .or_else(|| p.transitions.get(&g.category.state()))
}

/// The row of the first duration band (or the only row).
fn first_band(t: &Transitions) -> Option<&UniqueMap<State, f64>> {
    t.to.as_ref()
        .or_else(|| t.bands.as_ref().and_then(|b| b.first().map(|b| &b.to)))
}

fn first_band_out(t: Option<&Transitions>) -> f64 {
    t.and_then(first_band).map_or(0.0, |r| r.values().sum())
}

/// The scenario of the break-even when no file is given: `max` participants of one profile
/// (all in Housing First at the start, those beyond the places in hospits queueing for it), a
/// fixed team and hospits places bought by NAV.
fn from_values(given: &Overrides) -> Result<Scenario, SetupError> {
    let team = given
        .team_fte
        .ok_or_else(|| input("team_fte", "needed: give it, or a scenario file"))?;
    let max = given.max_participants.unwrap_or(60);
    let leaving = match given.monthly_leaving_probability {
        Some(q) => q,
        None => monthly_leaving_probability(0.70, 24)
            .map_err(|e| input("monthly_leaving_probability", e.to_string()))?,
    };
    let refill = given.refill_probability_per_month.unwrap_or(0.5);
    let mut s = Scenario::new("break-even", given.months.unwrap_or(24));
    s.seed = given.seed.unwrap_or(1);
    s.replications = given.replications.unwrap_or(1000);
    let mut p = Profile::new("participants", Severity::Moderate, Category::HousingFirst)
        .with_initial(State::HousingFirst, max);
    p.transitions
        .insert(State::HousingFirst, row(State::Temporary, leaving));
    p.transitions
        .insert(State::Temporary, row(State::HousingFirst, refill));
    let mut hf = Program::new("housing_first", Category::HousingFirst, Units::Limited(max));
    hf.staff_fte = team;
    let mut hospits = Program::new("hospits", Category::Temporary, Units::Unlimited);
    hospits.hospits = Some(HospitsPrice {
        housing_per_month_nok: d::HOSPITS_HOUSING_PER_MONTH_NOK,
        follow_up_per_month_nok: d::HOSPITS_FOLLOW_UP_PER_MONTH_NOK,
    });
    s.profiles = vec![p];
    s.programs = vec![hf, hospits];
    Ok(s)
}

/// The scenario with the Housing First program at `places` places (0: no program and no team;
/// everyone it would have housed stays in hospits). Residents who start in Housing First beyond
/// the places, and the participants who start in hospits, start in hospits on the Housing
/// First waiting list: the queue that refills vacant places.
pub fn at_places(setup: &Setup, places: u32) -> Result<Scenario, SetupError> {
    let mut s = setup.scenario.clone();
    let g = &mut s.programs[setup.housing_first];
    g.units = Units::Limited(places);
    if places == 0 {
        g.staff_fte = 0.0;
        g.guards_fte = 0.0;
        g.caretaker_fte = 0.0;
    }
    let mut room: u64 = places as u64;
    for (gi, other) in s.programs.iter().enumerate() {
        if gi != setup.housing_first && other.category == Category::HousingFirst {
            room = room.saturating_add(other.units.capacity() as u64);
        }
    }
    for (pi, p) in s.profiles.iter_mut().enumerate() {
        let mut queue = 0;
        if let Some(n) = p.initial.get(&State::HousingFirst).copied() {
            let keep = (n as u64).min(room) as u32;
            room -= keep as u64;
            queue += n - keep;
            p.initial.insert(State::HousingFirst, keep);
        }
        if pi == setup.participants {
            queue += p.initial.get(&State::Temporary).copied().unwrap_or(0);
            p.initial.insert(State::Temporary, 0);
        }
        if queue > 0 {
            p.initial_waiting.push(crate::scenario::InitialWaiting {
                state: State::Temporary,
                waiting_for: Category::HousingFirst,
                count: queue,
            });
        }
    }
    Ok(s)
}
