//! The comparison as text: the scenarios side by side (means), then each scenario's paired
//! differences from the first with their 95 % confidence intervals, the figures a planner
//! asks about first. Scenario names are never cut: a column is as wide as its widest cell.

use super::format_nok;
use super::table::escape_controls as esc;
use crate::analysis::compare::{Column, Comparison, Difference};
use crate::cost::{CostItem, Payer};
use crate::engine::Event;
use crate::stat::Stat;
use crate::state::{Category, Colour};
use crate::summary::Summary;
use std::fmt::Write;

/// Narrowest scenario column.
const COLUMN: usize = 16;
/// Width of the row labels.
const LABEL: usize = 40;

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
        "Means over replications; costs in {} over each scenario's horizon.",
        c.currency
    );
    for w in &c.warnings {
        let _ = writeln!(o, "WARNING: {}", esc(w));
    }
    let _ = writeln!(o);
    let mut grid = Grid::default();
    grid.row("", c.columns.iter().map(|k| esc(&k.scenario).into_owned()));
    side_by_side(&mut grid, &c.columns);
    o.push_str(&grid.render());
    for d in &c.differences {
        differences(&mut o, d, &c.currency);
    }
    o
}

/// Rows of labelled cells, each column as wide as its widest cell.
#[derive(Default)]
struct Grid {
    rows: Vec<(String, Vec<String>)>,
}

impl Grid {
    fn row(&mut self, label: &str, cells: impl Iterator<Item = String>) {
        self.rows.push((label.to_owned(), cells.collect()));
    }

    fn render(&self) -> String {
        let n = self.rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
        let widths: Vec<usize> = (0..n)
            .map(|i| {
                self.rows
                    .iter()
                    .filter_map(|r| r.1.get(i))
                    .map(|c| c.chars().count() + 2)
                    .max()
                    .unwrap_or(0)
                    .max(COLUMN)
            })
            .collect();
        let mut o = String::new();
        for (label, cells) in &self.rows {
            let mut line = format!("  {label:<LABEL$}");
            for (cell, w) in cells.iter().zip(&widths) {
                let _ = write!(line, "{cell:>w$}");
            }
            let _ = writeln!(o, "{}", line.trim_end());
        }
        o
    }
}

/// A snake_case name in words.
fn words(name: &str) -> String {
    name.replace('_', " ")
}

fn side_by_side(g: &mut Grid, columns: &[Column]) {
    let each = |f: &dyn Fn(&Column) -> String| columns.iter().map(f).collect::<Vec<_>>();
    let row = |g: &mut Grid, label: &str, f: &dyn Fn(&Summary) -> String| {
        g.row(label, each(&|k| f(&k.summary)).into_iter());
    };
    g.row(
        "months",
        each(&|k| k.horizon_months.to_string()).into_iter(),
    );
    g.row(
        "costs for the perspective of",
        each(&|k| k.perspective.name().to_owned()).into_iter(),
    );
    row(g, "total cost", &|s| format_nok(s.total_cost_nok.mean));
    row(g, "total cost, discounted", &|s| {
        format_nok(s.discounted_total_cost_nok.mean)
    });
    for item in CostItem::ALL {
        if columns
            .iter()
            .any(|k| k.summary.cost_by_item_nok[item].mean != 0.0)
        {
            row(g, &format!("  {}", words(item.name())), &|s| {
                format_nok(s.cost_by_item_nok[item].mean)
            });
        }
    }
    for colour in Colour::ALL {
        row(g, &format!("{} at the end", colour.name()), &|s| {
            format!(
                "{:.1} %",
                100.0 * s.housing_situation_share_final[colour].mean
            )
        });
    }
    row(g, "hospits person-months", &|s| {
        format!("{:.1}", s.hospits_person_months.mean)
    });
    for cat in Category::ALL {
        if columns
            .iter()
            .any(|k| k.summary.mean_waiting_list[cat].mean > 0.0)
        {
            row(
                g,
                &format!("mean waiting list {}", words(cat.name())),
                &|s| format!("{:.1}", s.mean_waiting_list[cat].mean),
            );
        }
    }
    for event in [Event::Breakdowns, Event::Evictions, Event::Misplacements] {
        row(g, event.name(), &|s| format!("{:.1}", s.events[event].mean));
    }
}

/// How a figure is written.
type Unit = fn(f64) -> String;

fn nok(x: f64) -> String {
    let s = format_nok(x);
    if x.round() > 0.0 {
        format!("+{s}")
    } else {
        s
    }
}

/// `x` with one decimal and its sign, `0.0` when it rounds to zero (not `-0.0`).
fn tenths(x: f64) -> String {
    if (x * 10.0).round() == 0.0 {
        "0.0".to_owned()
    } else {
        format!("{x:+.1}")
    }
}

fn points(x: f64) -> String {
    format!("{} pp", tenths(100.0 * x))
}

/// A difference's row: mean, then its 95 % confidence interval.
fn diff_row(g: &mut Grid, label: &str, s: &Stat, unit: Unit) {
    let cells = [
        unit(s.mean),
        format!("({} to {})", unit(s.ci95[0]), unit(s.ci95[1])),
    ];
    g.row(label, cells.into_iter());
}

/// Whether a figure is worth a row: it differs, or it is not zero in either scenario (a
/// difference of exactly zero in a figure both have is a finding too).
fn shown(d: &Stat) -> bool {
    d.mean != 0.0 || d.sd != 0.0
}

fn differences(o: &mut String, d: &Difference, currency: &str) {
    let _ = writeln!(
        o,
        "\nDifferences from {against}: {} minus {against}, paired by replication (mean and 95 % \
         confidence interval)",
        esc(&d.scenario),
        against = esc(&d.against)
    );
    let s = &d.summary;
    let mut g = Grid::default();
    g.row(
        "",
        ["difference".to_owned(), "95 % CI".to_owned()].into_iter(),
    );
    diff_row(
        &mut g,
        &format!("total cost ({currency})"),
        &s.total_cost_nok,
        nok,
    );
    diff_row(
        &mut g,
        &format!("total cost, discounted ({currency})"),
        &s.discounted_total_cost_nok,
        nok,
    );
    for item in CostItem::ALL {
        let st = &s.cost_by_item_nok[item];
        if shown(st) {
            diff_row(&mut g, &format!("  {}", words(item.name())), st, nok);
        }
    }
    g.row("by payer (every payer)", std::iter::empty());
    for p in Payer::ALL {
        diff_row(
            &mut g,
            &format!("  {}", words(p.name())),
            &s.cost_by_payer_nok[p],
            nok,
        );
    }
    diff_row(
        &mut g,
        &format!("cost per resident-month ({currency})"),
        &s.cost_per_resident_month_nok,
        nok,
    );
    if let Some(st) = &s.cost_per_green_person_month_nok {
        diff_row(&mut g, "cost per stably housed person-month", st, nok);
    }
    outcome_rows(&mut g, s);
    o.push_str(&g.render());
    if !d.unmatched_programs.is_empty() {
        let names: Vec<String> = d
            .unmatched_programs
            .iter()
            .map(|p| esc(p).into_owned())
            .collect();
        let _ = writeln!(
            o,
            "  Programs in only one of the two scenarios (no difference by program): {}",
            names.join(", ")
        );
    }
}

fn outcome_rows(g: &mut Grid, s: &Summary) {
    for colour in Colour::ALL {
        diff_row(
            g,
            &format!("{} at the end", colour.name()),
            &s.housing_situation_share_final[colour],
            points,
        );
        diff_row(
            g,
            &format!("{} over the run", colour.name()),
            &s.housing_situation_share_mean[colour],
            points,
        );
    }
    diff_row(g, "hospits person-months", &s.hospits_person_months, tenths);
    for cat in Category::ALL {
        let (end, mean) = (&s.final_waiting_list[cat], &s.mean_waiting_list[cat]);
        if shown(end) || shown(mean) {
            let name = words(cat.name());
            diff_row(g, &format!("waiting list {name}, at the end"), end, tenths);
            diff_row(g, &format!("waiting list {name}, mean"), mean, tenths);
        }
    }
    diff_row(g, "misplaced at the end", &s.final_misplaced, tenths);
    diff_row(g, "misplaced, mean", &s.mean_misplaced, tenths);
    for (event, st) in s.events.iter() {
        if shown(st) || event == Event::Breakdowns {
            diff_row(g, &words(event.name()), st, tenths);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_is_as_wide_as_its_widest_cell() {
        let mut g = Grid::default();
        let long = "a scenario name far longer than any column would be";
        g.row("", [long.to_owned(), "b".to_owned()].into_iter());
        g.row("x", ["1".to_owned(), "2".to_owned()].into_iter());
        let text = g.render();
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].ends_with(&format!("  {long}{:>16}", "b")),
            "{text}"
        );
        assert_eq!(lines[0].chars().count(), lines[1].chars().count());
    }

    #[test]
    fn differences_carry_their_sign() {
        assert_eq!(nok(1234.4), "+1 234");
        assert_eq!(nok(-1234.0), "-1 234");
        assert_eq!(nok(0.2), "0");
        assert_eq!(points(0.0123), "+1.2 pp");
        assert_eq!(tenths(-0.25), "-0.2");
        assert_eq!(tenths(-0.01), "0.0");
        assert_eq!(points(-0.0004), "0.0 pp");
    }
}
