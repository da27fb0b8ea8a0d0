//! The README's scenario example is a valid scenario and runs.

use housing_sim::model::Model;
use housing_sim::scenario;

#[test]
fn the_readme_minimal_scenario_is_valid_and_runs() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("```json\n")
        .expect("a JSON example in the README")
        + 8;
    let end = start + readme[start..].find("```").expect("closed code block");
    let s = scenario::from_json_str(&readme[start..end], "README.md").unwrap();
    let model = Model::new(&s).unwrap();
    let r = housing_sim::Simulation::new(&model)
        .replications(20)
        .seed(1)
        .threads(1)
        .run()
        .unwrap();
    assert!(r.summary.total_cost_nok.mean > 0.0);
}
