//! # Cookbook: recipes on the one driver
//!
//! Every recipe below is compiled and run as a test. Each builds model variants and runs them
//! with common random numbers: replication *i* of every variant draws from the same random
//! stream, so the difference between two variants, replication by replication, is the
//! variants' effect and not noise.
//!
//! ## Pair any figure between two strategies
//!
//! Run both strategies with the same seed and pair their per-replication records. Here:
//! twelve more small houses in Bergen, and what they do to hospits months and the total cost.
//!
//! ```
//! use housing_sim::summary::paired;
//! use housing_sim::{Model, Scenario, Simulation};
//! use std::path::Path;
//!
//! let base = Scenario::from_path(Path::new("scenarios/bergen.json"))?;
//! let variant = Scenario::from_path(Path::new("scenarios/bergen-more-small-houses.json"))?;
//! let (base, variant) = (Model::new(&base)?, Model::new(&variant)?);
//! let run = |m| Simulation::new(m).seed(7).replications(100).run();
//! let (a, b) = (run(&base)?, run(&variant)?);
//!
//! let hospits = paired(b.records(), a.records(), |r| r.hospits_person_months as f64);
//! let cost = paired(b.records(), a.records(), |r| r.ledger.total());
//! println!("hospits months {:+.0} (95 % CI {:.0} to {:.0})", hospits.mean, hospits.ci95[0], hospits.ci95[1]);
//! println!("total cost {:+.0} NOK", cost.mean);
//! // More places for the people who wait in hospits: fewer hospits months, and the whole
//! // 95 % interval of the paired difference is below zero.
//! assert!(hospits.ci95[1] < 0.0);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`crate::analysis::compare::compare`] does the same for a list of models and returns the
//! summaries side by side with the paired differences (`housing-sim compare`).
//!
//! ## Many variants in one batch
//!
//! [`crate::Batch`] is the driver every analysis uses. It hands `record` the replications of
//! every variant for one replication index, and keeps what `record` returns — here the
//! saving of each variant against the first, so nothing else stays in memory.
//!
//! ```
//! use housing_sim::{Batch, Model, RunSettings, Scenario};
//! use std::path::Path;
//!
//! let mut s = Scenario::from_path(Path::new("scenarios/bergen.json"))?;
//! s.horizon_months = 24;
//! let g = s.programs.iter().position(|g| g.id == "small_houses").unwrap();
//! let models = [0u32, 4, 8]
//!     .iter()
//!     .map(|extra| {
//!         let mut v = s.clone();
//!         if let housing_sim::scenario::Units::Limited(n) = v.programs[g].units {
//!             v.programs[g].units = housing_sim::scenario::Units::Limited(n + extra);
//!         }
//!         Model::new(&v)
//!     })
//!     .collect::<Result<Vec<_>, _>>()?;
//! let settings = RunSettings::new(50, 11)?.with_threads(2)?;
//! let out = Batch::new(models.iter().collect(), settings)?.run(|_, reps| {
//!     let base = reps[0].hospits_person_months as f64;
//!     reps.iter().map(|r| base - r.hospits_person_months as f64).collect::<Vec<f64>>()
//! })?;
//! let mean = |k: usize| out.records.iter().map(|r| r[k]).sum::<f64>() / 50.0;
//! assert_eq!(mean(0), 0.0);
//! assert!(mean(2) >= mean(1) - 1e-9); // more houses, no more hospits months (on average)
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Sweep a program's staffing
//!
//! ```
//! use housing_sim::analysis::sweep::{staffing_sweep, Levels};
//! use housing_sim::{RunSettings, Scenario};
//! use std::path::Path;
//!
//! let s = Scenario::from_path(Path::new("scenarios/bergen.json"))?;
//! let levels = Levels::StaffPerResident(vec![0.5, 1.0, 1.5]);
//! let sweep = staffing_sweep(&s, "specialised_24_7", &levels, &RunSettings::new(40, 1)?)?;
//! for p in &sweep.points {
//!     println!(
//!         "{:.2} FTE per resident: staff {:.0} NOK, breakdowns {:.1}",
//!         p.staff_per_resident.unwrap(),
//!         p.staff_cost_nok.mean,
//!         p.breakdowns.mean
//!     );
//! }
//! // Staff cost rises with the ratio; breakdowns do not (beyond Monte Carlo error: four
//! // standard errors of the difference of two means of 40 replications).
//! let (low, high) = (&sweep.points[0], &sweep.points[2]);
//! assert!(high.staff_cost_nok.mean > low.staff_cost_nok.mean);
//! let se = ((low.breakdowns.sd.powi(2) + high.breakdowns.sd.powi(2)) / 40.0).sqrt();
//! assert!(high.breakdowns.mean <= low.breakdowns.mean + 4.0 * se);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Housing First or hospits: the break-even of a scenario file
//!
//! The closed form (every place filled, nobody leaves) and the engine's curve (the scenario with
//! the program at N places against none) from the same file. With no leaving the curve equals
//! the closed form.
//!
//! ```
//! use housing_sim::analysis::break_even::{self, Overrides};
//! use housing_sim::Scenario;
//! use std::path::Path;
//!
//! let s = Scenario::from_path(Path::new("scenarios/bergen-hf-18.json"))?;
//! let given = Overrides {
//!     monthly_leaving_probability: Some(0.0),
//!     replications: Some(20),
//!     max_participants: Some(25),
//!     ..Overrides::default()
//! };
//! let setup = break_even::resolve(Some(&s), &given)?;
//! let result = break_even::analyse(&setup, &())?;
//! assert_eq!(result.deterministic.break_even_participants, Some(18));
//! assert_eq!(result.monte_carlo.expected_break_even_participants, Some(18));
//! // Every input, with where it came from.
//! for (name, p) in &result.parameters.0 {
//!     println!("{name} = {} ({})", p.value, p.source);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Plan capacity: the least-cost mix of places meeting a target
//!
//! A scenario's `plan` section names the programs whose units may change, the grid of sizes
//! and the targets; [`crate::analysis::plan::plan`] searches the grid, running every mix with
//! the same random streams (`housing-sim plan FILE`). Here: the Stavanger planning file with
//! fewer replications.
//!
//! ```
//! use housing_sim::analysis::plan::{plan, Method};
//! use housing_sim::{RunSettings, Scenario};
//! use std::path::Path;
//!
//! let s = Scenario::from_path(Path::new("scenarios/stavanger-plan.json"))?;
//! let result = plan(&s, &RunSettings::new(3, 1)?, Method::LocalSearch, &())?;
//! match &result.recommended {
//!     Some(r) => {
//!         for (program, units) in &r.units.0 {
//!             println!("{program}: {units} places");
//!         }
//!         println!("expected cost {:.0} NOK", r.cost.mean);
//!         assert!(r.targets.iter().all(|t| t.met));
//!     }
//!     None => println!("no mix meets the targets: {}", result.reason.as_deref().unwrap_or("")),
//! }
//! // Fewer mixes evaluated than the grid holds; the frontier runs from cheap to green.
//! assert!(result.evaluations < result.grid_size);
//! let f = &result.frontier;
//! assert!(f.windows(2).all(|w| w[0].cost.mean <= w[1].cost.mean));
//! assert!(f.windows(2).all(|w| w[0].green_share.mean < w[1].green_share.mean));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Is it worth it, and how sure are we? A probabilistic sensitivity analysis
//!
//! A scenario's `uncertainty` section gives its uncertain rates and prices distributions
//! (the means are the file's values). [`crate::analysis::psa::psa`] draws the parameters for
//! each outer sample — once per name, shared by the strategies — and runs every strategy's
//! inner replications on common random numbers (`housing-sim psa A.json B.json`). Here:
//! Bergen's Housing First expansion against today's Bergen, with few samples for speed (use
//! 1,000 samples for figures to report).
//!
//! ```
//! use housing_sim::analysis::psa::{psa, wtp_grid, Effect, PsaOptions};
//! use housing_sim::{RunSettings, Scenario};
//! use std::path::Path;
//!
//! let load = |f: &str| Scenario::from_path(Path::new(f));
//! let strategies = [load("scenarios/bergen.json")?, load("scenarios/bergen-hf-expansion.json")?];
//! let options = PsaOptions {
//!     samples: 40,
//!     effect: Effect::StableHousingDays,
//!     wtp: wtp_grid(2_000.0, 500.0)?, // NOK per stable-housing day
//! };
//! let r = psa(&strategies, &options, RunSettings::new(4, 7)?, &())?;
//!
//! // The ICER table (dampack's conventions) on the mean costs and effects.
//! for row in &r.icers {
//!     println!("{}: ICER {:?} NOK per stable-housing day ({:?})", row.strategy, row.icer, row.status);
//! }
//! // The acceptability curve: at each willingness to pay, the probabilities sum to 1.
//! for point in &r.ceac {
//!     let total: f64 = point.probability.0.iter().map(|(_, p)| p).sum();
//!     assert!((total - 1.0).abs() < 1e-9);
//! }
//! // EVPI is never negative; every sample's draws are kept for R or Python.
//! assert!(r.evpi.iter().all(|p| p.evpi >= 0.0));
//! assert_eq!(r.rows.values.len(), 40);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`crate::analysis::dsa::dsa`] puts each parameter at its low and high value with the others
//! at their means, on common random numbers: the tornado (`housing-sim dsa FILE`).
