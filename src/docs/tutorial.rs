//! # Tutorial: from a scenario to results
//!
//! ## 1. Load a shipped scenario, or build one in code
//!
//! Scenario files are JSON; [`crate::Scenario::from_path`] reads one strictly (unknown fields
//! are errors, and every error names the field path). Here we build a small one in code:
//! residents who need Housing First, some of them in hospits at the start.
//!
//! ```
//! use housing_sim::scenario::{HospitsPrice, Profile, Program, Scenario, Severity, Units};
//! use housing_sim::{Category, State};
//!
//! let mut s = Scenario::new("tutorial", 36);
//! s.profiles.push(
//!     Profile::new("moderate", Severity::Moderate, Category::HousingFirst)
//!         .with_initial(State::HousingFirst, 10)
//!         .with_initial(State::Temporary, 8)
//!         // Monthly probabilities; the rest of each row is staying.
//!         .with_transitions(State::HousingFirst, [(State::Temporary, 0.015)])
//!         .with_transitions(State::Temporary, [(State::HousingFirst, 0.3)]),
//! );
//! let mut team = Program::new("hf_team", Category::HousingFirst, Units::Limited(14));
//! team.staff_fte = 2.0; // a fixed team, paid whether or not places are filled
//! let mut hospits = Program::new("hospits", Category::Temporary, Units::Unlimited);
//! hospits.hospits = Some(HospitsPrice { housing_per_month_nok: 25_000.0, follow_up_per_month_nok: 2_000.0 });
//! s.programs = vec![team, hospits];
//! # let _ = s;
//! ```
//!
//! ## 2. Validate and run
//!
//! [`crate::Model::new`] checks every rule and builds the engine's tables; an invalid scenario
//! gives a [`crate::scenario::ScenarioError`] listing each broken rule with its field path.
//! [`crate::Simulation`] runs the replications in parallel; the result is the same for any
//! number of threads, and serialises to the JSON of `housing-sim run --format json`.
//!
//! ```
//! # use housing_sim::scenario::{HospitsPrice, Profile, Program, Scenario, Severity, Units};
//! # use housing_sim::{Category, State};
//! # let mut s = Scenario::new("tutorial", 36);
//! # s.profiles.push(Profile::new("moderate", Severity::Moderate, Category::HousingFirst)
//! #     .with_initial(State::HousingFirst, 10).with_initial(State::Temporary, 8)
//! #     .with_transitions(State::HousingFirst, [(State::Temporary, 0.015)])
//! #     .with_transitions(State::Temporary, [(State::HousingFirst, 0.3)]));
//! # let mut team = Program::new("hf_team", Category::HousingFirst, Units::Limited(14));
//! # team.staff_fte = 2.0;
//! # let mut hospits = Program::new("hospits", Category::Temporary, Units::Unlimited);
//! # hospits.hospits = Some(HospitsPrice { housing_per_month_nok: 25_000.0, follow_up_per_month_nok: 2_000.0 });
//! # s.programs = vec![team, hospits];
//! use housing_sim::cost::CostItem;
//! use housing_sim::{Colour, Model, Simulation};
//!
//! let model = Model::new(&s)?;
//! let result = Simulation::new(&model).seed(42).replications(500).run()?;
//!
//! // Typed results: every figure is a Stat over replications.
//! let summary = &result.summary;
//! let staff = summary.cost_by_item_nok[CostItem::Staff].mean;
//! assert!((staff - 2.0 * 756_000.0 * 3.0).abs() < 1e-6); // 2 FTE for 36 months
//! let hospits = &summary.cost_by_item_nok[CostItem::Hospits];
//! assert!(hospits.mean > 0.0 && hospits.ci95[0] <= hospits.mean);
//! let green = summary.housing_situation_share_final[Colour::Green].mean;
//! assert!(green > 0.5);
//! // Only 14 Housing First places: the others wait in hospits.
//! assert!(summary.final_occupancy[State::HousingFirst].p95 <= 14.0);
//! // Every replication's own figures, for pairing with another strategy.
//! assert_eq!(result.records().len(), 500);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## 3. Housing First or hospits: the break-even and its chart
//!
//! [`crate::analysis::break_even`] answers the question municipalities ask most (docs/sources.md §5).
//! Inputs come from explicit values, a scenario, or documented defaults, each with its source;
//! the deterministic answer for Bergen's first case is 14 participants. The Monte Carlo curve
//! runs the engine on the scenario with the program at N places against none, and shows how
//! leaving participants and turnover move it.
//!
//! ```
//! use housing_sim::analysis::break_even::{self, Overrides};
//!
//! let given = Overrides {
//!     team_fte: Some(6.0),
//!     replications: Some(200),
//!     max_participants: Some(30),
//!     ..Overrides::default()
//! };
//! // No scenario: hospits prices and the FTE cost take the report's figures.
//! let setup = break_even::resolve(None, &given)?;
//! let result = break_even::analyse(&setup, &())?;
//! assert_eq!(result.deterministic.break_even_participants, Some(14));
//! let at_20 = &result.curve[19];
//! println!("20 places: {:.0} NOK a month, P(cheaper) = {:.2}",
//!     at_20.net_saving_per_month.mean, at_20.probability_hf_cheaper);
//! // The chart, as `housing-sim break-even --plot` draws it.
//! let svg = housing_sim::report::chart::break_even_svg(&result)?;
//! assert!(svg.contains("participants (Housing First places)"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`crate::analysis::sweep::staffing_sweep`] does the same for staffing levels of one program.
//!
//! ## 4. Read it the planner's way
//!
//! The CLI shows the same result as a table, JSON or CSV:
//! `housing-sim run scenarios/bergen.json --format json`. In code,
//! [`crate::report::run_table`], [`crate::report::to_json`] and [`crate::report::to_csv`] do
//! the same.
