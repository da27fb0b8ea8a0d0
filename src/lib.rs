//! # housing-sim
//!
//! A Monte Carlo microsimulation of people with co-occurring substance-use and mental-health
//! problems (ROP) moving between the housing solutions of a Norwegian municipality, month by
//! month, and of what those solutions cost. It lets a municipality compare its five housing
//! categories side by side — specialised housing, congregate housing, rehabilitation housing,
//! Housing First, acute/temporary housing — which nobody can do today (NORCE 2021, §6.1.4).
//!
//! Figures in these docs and in the shipped scenarios come from *NORCE 2021* ("Nomader på
//! lavterskel?", NORCE Samfunn report 4-2021) and the national action plan *Bolig for velferd
//! 2018–2020*, via the project's sources document (`docs/sources.md`, cited by section). Everything else is
//! marked as an assumption.
//!
//! Start with the [tutorial](docs::tutorial); the rest of this page is the model on one page.
//!
//! ## Data flow (the spine)
//! [`scenario`] (what the user states, JSON) → [`Model`] (opaque, validated, engine-ready
//! tables; built only by [`Model::new`], the one validation gate) → [`engine`] (one
//! replication, month by month, priced by the one [`cost::PriceList`] into a
//! [`cost::Ledger`]) → records ([`Replication`]) → [`summary`] ([`Stat`]s, paired
//! differences) → [`report`] (table, JSON, CSV, SVG). Nothing flows back upstream.
//!
//! [`run::Batch`] is the one driver: model variants × replications with common random numbers
//! (replication *i* of every variant uses the same stream), in parallel, identical for any
//! number of threads. [`Simulation`] runs one model on it
//! (`Simulation::new(&model).seed(42).replications(200).run()`); every analysis in [`analysis`]
//! is a recipe that builds variants and hands them to a `Batch`. The [cookbook](docs::cookbook)
//! shows the recipes.
//!
//! Library errors name options and field paths (`replications`, `programs[2].units`), never
//! command-line flags; the CLI maps them to its flags and exit codes.
//!
//! ## States
//! A resident is always in one of nine [`State`]s: the five housing categories
//! (`specialized`, `congregate`, `rehabilitation`, `housing_first`, `temporary`) and `ordinary`,
//! `homeless`, `institution` and `exited` (died or moved away; absorbing). Only the five
//! categories have capacity: a resident there occupies one unit of one program.
//!
//! ## Profiles
//! A profile is a group with the same dynamics: severity, outward-aggressive behaviour
//! ("utagerende", docs/sources.md §1: behaviour, not diagnosis, decides where someone can live),
//! optional age group and gender, the category it needs, residents at the start (by state,
//! misplaced, or waiting), Poisson arrivals per month, monthly transition probabilities and
//! breakdown rules. Transition probabilities may depend on the months spent in the current
//! state through **duration bands**; a band whose probabilities sum to 1 forces a move, which
//! is how maximum stays are expressed (rehabilitation up to 24 months, a municipal temporary
//! unit up to 3 months). Months in a state count month-ends: a resident who moved in during
//! month t has spent 1 month there when month t + 1 is simulated. Residents present at the
//! start begin with 0 months in their state.
//!
//! A profile's rows belong to (profile, state) in every program of that category, unless a
//! program has **rows of its own**: `programs[i].transitions` (the row out of the program's
//! category for all its residents) and `programs[i].transitions_by_profile` (per profile id,
//! taking precedence), in the same form and under the same rules as a profile's row. Bodø's
//! Bolig-nu holds residents at most 3 months while the other temporary places keep the
//! profiles' rows; Bergen's Myrsæter has its 6–24-month bands (docs/sources.md §2, §9). The
//! model resolves the row of each (program, profile) once; the engine looks it up by program
//! index. Months in state count from the resident's last move, so a move between two programs
//! of one category (e.g. a breakdown from one temporary program into another) starts a new
//! stay, under the new program's row; retention, too, counts it as the end of one stay.
//!
//! ## Programs, capacity and waiting lists
//! A program is a concrete offer in a category (Jarleveien 10, a Housing First team, Myrsæter,
//! hospits bought by NAV…) with a number of units (or unlimited), the profiles it accepts, staff,
//! guards, a caretaker and prices. A move into a category needs a free unit of an accepting
//! program. The mover joins the end of the category's waiting list; lists are served after all
//! of the month's moves and arrivals are known, first come first served (or most severe first),
//! each resident going to the first accepting program (in scenario order) with a free unit.
//! Units freed during the month therefore go to those already waiting before newcomers. A
//! resident still unplaced takes the **fallback**: the options of `placement.fallback` in
//! order — `stay` (only when the move was not forced and the resident is not a new arrival),
//! `misplace`, `temporary`, `institution`, `homeless` — with `homeless` as the last resort. The
//! resident stays on the list until placed. A resident is on at most one list: drawing a move
//! to another state cancels the wait (the need has changed), except a breakdown, which keeps it.
//! When every accepting program of a category is unlimited, a move there is immediate.
//!
//! ## Misplacement
//! When the category a profile needs is full and the fallback reaches `misplace`, the resident
//! may be placed in one of the profile's `misplaced_in` categories (typically an aggressive
//! resident in congregate housing because specialised housing is full; docs/sources.md §2 point 2). A
//! misplaced resident is yellow, stays on the waiting list for the needed category, adds
//! `placement.misplacement_spillover` to the monthly breakdown probability of every other
//! resident of that program, and causes aggressive-level repair cost when moving out.
//! Misplacement uses units left free after the waiting lists have been served.
//!
//! ## Staffing response (an assumption)
//! The monthly breakdown probability of a resident of profile p in a program of category c is
//! `base × (required ÷ actual staff per resident)^elasticity + spillover × misplaced co-residents`,
//! clamped to [0, 1], with `base`, `required` and `elasticity` from the profile's breakdown rule
//! for c. Actual staff per resident is the program's FTE ÷ its residents at the start of the
//! month (or the ratio, for ratio-staffed programs). With `required` = 0 or `elasticity` = 0
//! staffing has no effect; with no staff at all the risk is 1. The form is the project's
//! assumption; what it keeps is the report's qualitative relation (docs/sources.md §4: lower staffing
//! → lower housing stability): more staff never raises a resident's breakdown risk. (Across
//! programs, more staff in the needed category can still move breakdowns elsewhere through
//! misplacement.) A breakdown moves the resident out at once to the rule's `to` state
//! (temporary housing if a unit is free, else homeless).
//!
//! ## The order of a month
//! Fixed, so results are reproducible and explainable (details in [`engine`]):
//! 1. staffing response (breakdown risks from the start-of-month staffing),
//! 2. drawn transitions and breakdowns of everyone present (all drawn independently; the moves
//!    made first, then the breakdowns),
//! 3. arrivals, profile by profile,
//! 4. giving up waiting (`placement.reneging_probability_per_month`),
//! 5. urgent placement, then serving the waiting lists, until nothing more can be placed,
//! 6. fallback for the month's moves still unplaced,
//! 7. costs of the month,
//! 8. records (occupancy, waiting lists, colours).
//!
//! Waiting lists serve their oldest cohort (the residents who joined in the same month) first,
//! severe before moderate before mild within a cohort (or severity first, with
//! `most_severe_first`); residents still tied, and residents competing for units within one
//! step (breakdowns into temporary housing, urgent placements, fallbacks), go in random order.
//!
//! ## Cells
//! The engine does not simulate residents one by one: residents of one profile in the same
//! situation (state, program, misplaced or not, months in state as far as any duration band
//! tells them apart, waiting list and month joined) are one *cell*, and a month moves each
//! cell's count by exact binomial and multinomial draws ([`sampling`]). A housing cell keeps
//! the months its residents' stays began, for retention, as counts inside the cell; who leaves
//! is drawn as a uniformly random choice among its residents. Every output has the
//! distribution it would have if the residents were drawn one by one; the work grows with the
//! number of distinct situations, not with the population.
//!
//! ## Housing situation colours (BrukerPlan, docs/sources.md §3)
//! Green: `specialized`, `congregate`, `housing_first`, `ordinary`, when not misplaced. Yellow:
//! `rehabilitation`, `institution` and misplaced residents. Red: `temporary` (hospits counts as
//! homeless in BrukerPlan) and `homeless`. `exited` is outside the population.
//!
//! ## Costs
//! Each [`cost::CostItem`] has a payer ([`cost::Payer`]); totals count the municipality by
//! default or every payer (`society`), where residents' rent nets out.
//! - Staff, guards and caretakers: FTE × full annual cost ÷ 12 each month, paid whether or not
//!   units are occupied (docs/sources.md §4); ratio-staffed programs pay for the residents there. The
//!   default FTE cost, 756,000 NOK a year, is an assumption calibrated so that Bergen's planned
//!   6-FTE Housing First team costs 378,000 NOK a month (docs/sources.md §5).
//! - Units: capital per unit-month for every unit; running cost per occupied unit-month.
//! - Housing First: dwelling rent per participant-month; the municipality's extra housing outlay
//!   where incomes do not cover housing costs; residents' contribution (incl. housing
//!   allowance) as a negative flow for the receiver.
//! - Hospits (bought temporary housing): housing + follow-up per person-month, paid only when
//!   used (25,000 + 2,000 NOK, docs/sources.md §5).
//! - Damage and turnover: every move-out from a unit of a program that repairs on move-out
//!   (default: all but temporary) costs repair — 55,000 NOK ordinarily, drawn uniformly from
//!   150,000–200,000 NOK for an outward-aggressive or misplaced resident (docs/sources.md §7; the
//!   uniform shape is an assumption) — reduced by the program's `damage_reduction` (guards or a
//!   caretaker, docs/sources.md §7), plus staff hours for the move priced at the program's FTE cost
//!   ÷ 1,695 hours (assumption: a Norwegian full-time year net of holidays).
//! - Optional costs per person-month homeless, in an institution (paid by the specialist health
//!   service) and in ordinary housing with follow-up.
//! - Costs of month t are counted at its end and discounted by (1 + r)^(−t/12), with an annual
//!   rate r of 4 % by default. Both undiscounted and discounted totals are reported.
//!
//! ## Monte Carlo and reproducibility
//! Replications run in parallel with rayon. Replication i under seed s uses its own
//! Xoshiro256++ generator ([`engine::replication_rng`]), so a run gives the same results for any
//! number of threads and on every platform; per-replication figures are summarised in
//! replication order and monthly series are exact integer sums. Results for a given seed are
//! stable for a given version of this crate and its locked dependencies (the Poisson sampler and
//! float conversion come from `rand_distr` and `rand`).
//!
//! The next state is drawn from a guide table of the row ([`model::Sampler`]): ten random bits
//! per resident-month (six residents share one 64-bit number) pick one of 1,024 equal cells of
//! the cumulative row, and the few cells that straddle a boundary between two states (at most 8
//! of 1,024) are resolved exactly with a fresh 64-bit number. Transition probabilities are held
//! to 2⁻⁶³, so the draw is exact for any matrix; it is also about 2.5 times cheaper than one
//! 64-bit number and an alias lookup per resident-month (README, performance).
//!
//! Every reported figure is a [`Stat`]:
//! mean, sample sd, normal-approximation 95 % CI of the mean, and the 5th, 50th and 95th
//! percentiles over replications. Retention is the exception: its mean is the share pooled
//! over all replications (stays that lasted k months ÷ stays that could be followed k months)
//! and its interval treats replications as clusters of stays ([`summary::pooled_share`]).
//!
//! Costs are also reported per horizon year ([`summary::YearSummary`]: year 1 = months 1–12, a
//! partial last year labelled with its months), from each replication's per-year ledger
//! ([`cost::YearCosts`]), and as the average cost per year (total × 12 ÷ months). Monthly series
//! ([`summary::MonthMeans`]) give each month's means, its costs by item, and the spread of every
//! figure as a [`summary::Spread`] (mean, sd, ci95 — no percentiles, which would need every
//! replication's month kept), computed from exact integer sums and sums of squares
//! ([`engine::MonthlyTotals`]; costs in øre, shares in billionths). Reports write the same
//! results as tables, JSON, tidy CSV ([`report::CsvDialect`]: standard or Norwegian) and xlsx
//! (feature `xlsx`).
//!
//! ## Analyses
//! [`analysis::break_even`] — Housing First against hospits: the deterministic break-even of the
//! Bergen case examples (docs/sources.md §5), and the engine's curve: the scenario with the
//! program at N places against none, paired by replication, with participants leaving and
//! being replaced. [`analysis::sweep`] — one program's staffing over a list of levels with common random
//! numbers. [`analysis::compare`] — scenarios side by side with paired differences.
//! [`analysis::calibrate`] — monthly rates from observed retention, and the check of a scenario's
//! calibration targets.
//! [`analysis::plan`] — the least-cost mix of places meeting a scenario's planning targets.
//! [`analysis::psa`] — probabilistic sensitivity analysis: the parameters of the scenarios'
//! `uncertainty` sections ([`uncertainty`]) drawn per outer sample, every strategy's inner
//! replications on common random numbers ([`run::SampledBatch`]), then ICERs, net benefit,
//! acceptability, EVPI and EVPPI ([`analysis::cea`]). [`analysis::dsa`] — one-way sensitivity
//! (the tornado).
//!
//! ## Known simplifications
//! - Residents present at the start are spread over their category's programs in proportion
//!   to free units (unlimited programs take the overflow; file order where spreading would
//!   leave a pickier profile no room), not placed where they really live.
//! - Misplacement goes ahead of the waiting list of the category it places into only for urgent
//!   moves of scenarios or profiles with `urgent_misplacement` (a new arrival, a maximum stay, a
//!   discharge from an institution); otherwise it uses only units the list left free.
//! - Retention counts any move out of a category as the end of the stay (also a move on to
//!   ordinary housing).
//! - The yellow colour covers only rehabilitation, institution and misplaced residents.
//! - Common random numbers pair replications draw by draw: a variant that changes how many
//!   random numbers a replication uses (another arrival rate, another transition row) shifts
//!   the draws after the first difference, so part of a paired difference, a tornado swing or
//!   a PSA increment is chance. It shrinks with more replications; the PSA reports its share
//!   (`inner_noise`).

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod analysis;
pub mod cost;
pub mod docs;
pub mod engine;
pub mod keyed;
pub mod model;
mod names;
mod numeric;
pub mod report;
pub mod run;
pub mod sampling;
pub mod scenario;
pub mod stat;
pub mod state;
pub mod summary;
pub mod uncertainty;

pub use engine::{Event, Replication};
pub use model::Model;
pub use run::{Batch, RunError, RunSettings, Simulation};
pub use scenario::{Scenario, ScenarioError};
pub use stat::Stat;
pub use state::{Category, Colour, State};
pub use summary::RunResult;
