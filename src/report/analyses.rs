//! Tables of the analyses for planners.

use super::format_nok;
use super::table::escape_controls as esc;
use crate::analysis::break_even::{AtPlaces, BreakEvenResult};
use std::fmt::Write;

fn n_or_never(n: Option<u32>) -> String {
    n.map_or("not within the curve".to_owned(), |n| {
        format!("{n} participants")
    })
}

/// The break-even as text.
pub fn break_even_table(r: &BreakEvenResult) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Housing First against hospits{}",
        r.scenario
            .as_ref()
            .map_or(String::new(), |s| format!(" ({})", esc(s)))
    );
    let _ = writeln!(o, "\nInputs");
    for (name, p) in &r.parameters.0 {
        let _ = writeln!(o, "  {:<46}{:>14}   {}", name, trim(p.value), p.source);
    }
    deterministic(&mut o, r);
    monte_carlo(&mut o, r);
    if let Some(a) = &r.at_program_places {
        at_program_places(&mut o, a);
    }
    curve(&mut o, r);
    o
}

fn deterministic(o: &mut String, r: &BreakEvenResult) {
    let d = &r.deterministic;
    let _ = writeln!(o, "\nDeterministic");
    let _ = writeln!(
        o,
        "  team cost per month                 {:>14} NOK",
        format_nok(d.team_cost_per_month)
    );
    let _ = writeln!(
        o,
        "  saving per participant per month    {:>14} NOK",
        format_nok(d.saving_per_participant_per_month)
    );
    match (d.break_even_participants, &d.reason) {
        (Some(n), _) => {
            let _ = writeln!(
                o,
                "  break-even                          {n:>14} participants"
            );
        }
        (None, Some(reason)) => {
            let _ = writeln!(o, "  break-even                          never: {reason}");
        }
        (None, None) => {}
    }
    let _ = writeln!(o, "{}", wrap(r.interpretation.deterministic, 2, 96));
}

fn monte_carlo(o: &mut String, r: &BreakEvenResult) {
    let m = &r.monte_carlo;
    let _ = writeln!(
        o,
        "\nMonte Carlo ({} replications × {} months of the scenario with the program at N places \
         against none)",
        r.replications, r.months
    );
    let _ = writeln!(o, "{}", wrap(r.interpretation.monte_carlo, 2, 96));
    let _ = writeln!(
        o,
        "  expected net saving ≥ 0 from        {}",
        n_or_never(m.expected_break_even_participants)
    );
    let _ = writeln!(
        o,
        "  cheaper with probability ≥ 50 % from {}",
        n_or_never(m.participants_for_probability_50)
    );
    let _ = writeln!(
        o,
        "  cheaper with probability ≥ 90 % from {}",
        n_or_never(m.participants_for_probability_90)
    );
}

fn at_program_places(o: &mut String, a: &AtPlaces) {
    let _ = writeln!(
        o,
        "  at the program's {} places: net saving {} NOK a year (5–95 %: {} – {}); the team \
         brings back {:.2} × its yearly cost of {} NOK",
        a.places,
        format_nok(a.net_saving_per_year.mean),
        format_nok(a.net_saving_per_year.p05),
        format_nok(a.net_saving_per_year.p95),
        a.gain_to_team_cost,
        format_nok(a.team_cost_per_year)
    );
}

fn curve(o: &mut String, r: &BreakEvenResult) {
    let _ = writeln!(o, "\n  participants   net saving per month (NOK)        5–95 %                  P(HF cheaper)   housed");
    for p in &r.curve {
        let s = &p.net_saving_per_month;
        let _ = writeln!(
            o,
            "  {:>12}   {:>24}   {:>12} – {:<12}   {:>10.1} %   {:>6.1}",
            p.participants,
            format_nok(s.mean),
            format_nok(s.p05),
            format_nok(s.p95),
            100.0 * p.probability_hf_cheaper,
            p.mean_participants_housed
        );
    }
}

fn trim(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format_nok(x)
    } else {
        format!("{x:.6}").trim_end_matches('0').to_owned()
    }
}

/// `text` in lines of at most `width` characters, each indented by `indent` spaces.
fn wrap(text: &str, indent: usize, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(last) if indent + last.chars().count() + 1 + word.chars().count() <= width => {
                last.push(' ');
                last.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    let pad = " ".repeat(indent);
    lines
        .iter()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
