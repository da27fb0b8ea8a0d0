//! The `housing-sim` command: a thin layer over the `housing_sim` library.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
