//! The staffing sweep as text: one line per staffing level, every figure as its mean and the
//! 95 % confidence interval of the mean, in two tables (costs, then outcomes) narrow enough
//! for a terminal and a slide.

use super::format_nok;
use super::table::escape_controls as esc;
use crate::analysis::sweep::{Sweep, SweepPoint};
use crate::stat::Stat;
use std::fmt::Write;

/// One column: its header and how a point fills it.
type Cell<'a> = (&'a str, Box<dyn Fn(&SweepPoint) -> String + 'a>);

/// The staffing sweep as text.
pub fn sweep_table(r: &Sweep) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Staffing of \"{}\" in {}: {} replications of {} months, the same random streams at every \
         staffing level",
        esc(&r.program),
        esc(&r.scenario),
        r.replications,
        r.horizon_months
    );
    let _ = writeln!(
        o,
        "Each figure: mean over replications (95 % confidence interval of the mean). Costs over \
         the {} months in millions of NOK (MNOK).",
        r.horizon_months
    );
    let _ = writeln!(
        o,
        "Every level runs the same random streams, so the change from one level to the next is \
         more certain than overlapping intervals suggest.\n"
    );
    let per_year = 12.0 / f64::from(r.horizon_months.max(1));
    let mnok = |s: &Stat| ci(s, &|x| format!("{:.1}", x / 1e6));
    let level: [Cell; 2] = [
        (
            "Staff per resident",
            Box::new(|p| opt(p.staff_per_resident, 3)),
        ),
        ("Staff (FTE)", Box::new(|p| opt(p.staff_fte, 1))),
    ];
    let costs: Vec<Cell> = vec![
        ("Total cost (MNOK)", Box::new(|p| mnok(&p.total_cost_nok))),
        ("Staff cost (MNOK)", Box::new(|p| mnok(&p.staff_cost_nok))),
        (
            "Repair cost (MNOK)",
            Box::new(|p| ci(&p.damage_cost_nok, &|x| format!("{:.2}", x / 1e6))),
        ),
        (
            "Cost per stably housed month (NOK)",
            Box::new(|p| {
                p.cost_per_green_person_month_nok
                    .map_or("–".to_owned(), |s| ci(&s, &format_nok))
            }),
        ),
    ];
    let outcomes: Vec<Cell> = vec![
        (
            "Breakdowns per year",
            Box::new(move |p| ci(&p.breakdowns.scaled(per_year), &|x| format!("{x:.1}"))),
        ),
        (
            "Hospits months",
            Box::new(|p| ci(&p.hospits_person_months, &|x| format!("{x:.0}"))),
        ),
        (
            "Green at the end (%)",
            Box::new(|p| ci(&p.green_share_final, &|x| format!("{:.1}", 100.0 * x))),
        ),
    ];
    let _ = writeln!(o, "Costs");
    o.push_str(&grid(&r.points, level.iter().chain(&costs)));
    let _ = writeln!(
        o,
        "\nOutcomes (hospits months: person-months in hospits over the horizon; green: share of \
         residents stably housed)"
    );
    o.push_str(&grid(&r.points, level.iter().chain(&outcomes)));
    o
}

/// `12.3 (10.1–14.5)`.
fn ci(s: &Stat, f: &dyn Fn(f64) -> String) -> String {
    format!("{} ({}–{})", f(s.mean), f(s.ci95[0]), f(s.ci95[1]))
}

fn opt(x: Option<f64>, decimals: usize) -> String {
    x.map_or("–".to_owned(), |x| format!("{x:.decimals$}"))
}

/// One line per point, each column as wide as its header or widest cell, right-aligned.
fn grid<'a>(points: &[SweepPoint], columns: impl Iterator<Item = &'a Cell<'a>>) -> String {
    let columns: Vec<&Cell> = columns.collect();
    let cells: Vec<Vec<String>> = points
        .iter()
        .map(|p| columns.iter().map(|(_, f)| f(p)).collect())
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, (h, _))| {
            cells
                .iter()
                .map(|row| row[i].chars().count())
                .chain([h.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut o = String::new();
    let line = |o: &mut String, row: Vec<&str>| {
        for (cell, w) in row.iter().zip(&widths) {
            let _ = write!(o, "  {cell:>w$}");
        }
        let _ = writeln!(o);
    };
    line(&mut o, columns.iter().map(|(h, _)| *h).collect());
    for row in &cells {
        line(&mut o, row.iter().map(String::as_str).collect());
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_is_its_mean_and_interval() {
        let s = Stat::of(&[10.0, 12.0, 14.0]);
        // mean 12, sd 2, half-width 1.96 · 2 / √3 = 2.263
        assert_eq!(ci(&s, &|x| format!("{x:.1}")), "12.0 (9.7–14.3)");
    }
}
