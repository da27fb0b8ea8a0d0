fn main() {
    let path = std::env::args().nth(1).unwrap();
    let s = housing_sim::scenario::from_file(std::path::Path::new(&path)).unwrap();
    let m = housing_sim::Model::new(&s, &path).unwrap();
    let r = housing_sim::run(&m, &housing_sim::RunOptions::from_model(&m), &|_| {}).unwrap();
    println!("{}", serde_json::to_string_pretty(&r.summary.total_cost_nok).unwrap());
    println!("{}", serde_json::to_string_pretty(&r.summary.final_occupancy).unwrap());
    println!("{}", r.elapsed_seconds);
}
