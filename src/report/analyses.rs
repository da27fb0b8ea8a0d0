//! Tables of the analyses for planners.

use super::format_nok;
use super::table::escape_controls as esc;
use crate::analysis::break_even::{AtPlaces, BreakEvenResult};
use crate::analysis::compare::{Column, Comparison, Difference};
use crate::analysis::sweep::Sweep;
use crate::cost::CostItem;
use crate::engine::Event;
use crate::stat::Stat;
use crate::state::{Category, Colour};
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

/// The staffing sweep as text.
pub fn sweep_table(r: &Sweep) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Staffing of \"{}\" in {}: {} replications of {} months, the same random streams at every point",
        esc(&r.program),
        esc(&r.scenario),
        r.replications,
        r.horizon_months
    );
    let _ = writeln!(
        o,
        "Means over replications; costs in NOK over the horizon.\n"
    );
    let _ = writeln!(
        o,
        "  {:>9} {:>7} {:>16} {:>15} {:>11} {:>9} {:>13} {:>8} {:>14}",
        "staff/res",
        "FTE",
        "total cost",
        "staff cost",
        "breakdowns",
        "hospits",
        "damage",
        "green",
        "per green pm"
    );
    let opt = |x: Option<f64>, d: usize| x.map_or("–".to_owned(), |x| format!("{x:.d$}"));
    for p in &r.points {
        let _ = writeln!(
            o,
            "  {:>9} {:>7} {:>16} {:>15} {:>11.1} {:>9.1} {:>13} {:>7.1}% {:>14}",
            opt(p.staff_per_resident, 3),
            opt(p.staff_fte, 1),
            format_nok(p.total_cost_nok.mean),
            format_nok(p.staff_cost_nok.mean),
            p.breakdowns.mean,
            p.hospits_person_months.mean,
            format_nok(p.damage_cost_nok.mean),
            100.0 * p.green_share_final.mean,
            p.cost_per_green_person_month_nok
                .map_or("–".into(), |s| format_nok(s.mean)),
        );
    }
    o
}

/// Width of a scenario's column in the comparison.
const COLUMN: usize = 18;

/// Scenarios side by side, and their differences from the first.
pub fn comparison_table(c: &Comparison) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} scenarios side by side: {} replications each, seed {} (the same random streams for all)",
        c.columns.len(),
        c.replications,
        c.seed
    );
    let _ = writeln!(
        o,
        "Means over replications; costs in {} over each scenario's horizon.\n",
        c.currency
    );
    let columns = &c.columns;
    row(
        &mut o,
        "",
        cells(columns, |k| {
            esc(&k.scenario).chars().take(COLUMN - 1).collect()
        }),
    );
    row(
        &mut o,
        "months",
        cells(columns, |k| k.horizon_months.to_string()),
    );
    cost_rows(&mut o, columns);
    outcome_rows(&mut o, columns);
    if !c.differences.is_empty() {
        differences(&mut o, &c.differences);
    }
    o
}

/// One row of the comparison: a label, then one cell per scenario.
fn row(o: &mut String, label: &str, cells: Vec<String>) {
    let _ = write!(o, "  {label:<34}");
    for cell in cells {
        let _ = write!(o, "{cell:>COLUMN$}");
    }
    let _ = writeln!(o);
}

/// One cell per scenario.
fn cells(columns: &[Column], cell: impl Fn(&Column) -> String) -> Vec<String> {
    columns.iter().map(cell).collect()
}

fn cost_rows(o: &mut String, columns: &[Column]) {
    let total = |k: &Column| format_nok(k.summary.total_cost_nok.mean);
    row(o, "total cost", cells(columns, total));
    let discounted = |k: &Column| format_nok(k.summary.discounted_total_cost_nok.mean);
    row(o, "total cost, discounted", cells(columns, discounted));
    for item in CostItem::ALL {
        if columns
            .iter()
            .any(|k| k.summary.cost_by_item_nok[item].mean != 0.0)
        {
            row(
                o,
                &format!("  {}", item.name()),
                cells(columns, |k| {
                    format_nok(k.summary.cost_by_item_nok[item].mean)
                }),
            );
        }
    }
}

fn outcome_rows(o: &mut String, columns: &[Column]) {
    for colour in Colour::ALL {
        row(
            o,
            &format!("{} at the end", colour.name()),
            cells(columns, |k| {
                format!(
                    "{:.1} %",
                    100.0 * k.summary.housing_situation_share_final[colour].mean
                )
            }),
        );
    }
    let hospits = |k: &Column| format!("{:.1}", k.summary.hospits_person_months.mean);
    row(o, "hospits person-months", cells(columns, hospits));
    for cat in Category::ALL {
        if columns
            .iter()
            .any(|k| k.summary.mean_waiting_list[cat].mean > 0.0)
        {
            row(
                o,
                &format!("mean waiting list {}", cat.name()),
                cells(columns, |k| {
                    format!("{:.1}", k.summary.mean_waiting_list[cat].mean)
                }),
            );
        }
    }
    for event in [Event::Breakdowns, Event::Evictions, Event::Misplacements] {
        let mean = |k: &Column| format!("{:.1}", k.summary.events[event].mean);
        row(o, event.name(), cells(columns, mean));
    }
}

fn differences(o: &mut String, differences: &[Difference]) {
    let _ = writeln!(
        o,
        "\nDifferences from {} (paired by replication; mean and 95 % CI)",
        esc(&differences[0].against)
    );
    let ci = |s: &Stat, f: &dyn Fn(f64) -> String| {
        format!("{} ({} – {})", f(s.mean), f(s.ci95[0]), f(s.ci95[1]))
    };
    for d in differences {
        let _ = writeln!(o, "  {}", esc(&d.scenario));
        let _ = writeln!(
            o,
            "    total cost               {}",
            ci(&d.total_cost_nok, &format_nok)
        );
        let _ = writeln!(
            o,
            "    discounted total cost    {}",
            ci(&d.discounted_total_cost_nok, &format_nok)
        );
        let _ = writeln!(
            o,
            "    hospits person-months    {}",
            ci(&d.hospits_person_months, &|x| format!("{x:.1}"))
        );
        let _ = writeln!(
            o,
            "    green share at the end   {}",
            ci(&d.green_share_final, &|x| format!("{:+.1} pp", 100.0 * x))
        );
        let _ = writeln!(
            o,
            "    breakdowns               {}",
            ci(&d.breakdowns, &|x| format!("{x:.1}"))
        );
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
