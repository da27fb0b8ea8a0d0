//! The capacity plan for planners: what to build (or close) in plain words, the cost, each
//! target with its chance of being met, the cost–green-share frontier as a table and as an SVG
//! chart.

use super::format_nok;
use super::table::escape_controls as esc;
use crate::analysis::plan::{FrontierPoint, Method, PlanResult, TargetResult};
use crate::keyed::Named;
use crate::scenario::{PlanMeasure, PlanObjective};
use plotters::prelude::*;
use std::fmt::Write;

/// The plan as text.
pub fn plan_table(r: &PlanResult) -> String {
    let mut o = String::new();
    let objective = match r.objective {
        PlanObjective::DiscountedTotalCost => "discounted total cost",
        PlanObjective::TotalCost => "total cost",
    };
    let _ = writeln!(
        o,
        "Capacity plan for {}: {} replications of {} months per mix, the same random streams for every mix",
        esc(&r.scenario),
        r.replications,
        r.horizon_months
    );
    let method = match r.method {
        Method::LocalSearch => "local search",
        Method::Exhaustive => "every mix",
    };
    let _ = writeln!(
        o,
        "Least {objective} for the {} perspective; {} of {} mixes evaluated ({method}).\n",
        format!("{:?}", r.perspective).to_lowercase(),
        r.evaluations,
        r.grid_size
    );
    match &r.recommended {
        Some(rec) => {
            let _ = writeln!(o, "Recommendation");
            for line in changes(&r.current_units, &rec.units) {
                let _ = writeln!(o, "  {line}");
            }
            let _ = writeln!(
                o,
                "\nExpected {objective}: {} {cur} over {} months (90 % of replications between {} and {} {cur}).\n",
                format_nok(rec.cost.mean),
                r.horizon_months,
                format_nok(rec.cost.p05),
                format_nok(rec.cost.p95),
                cur = r.currency
            );
            let _ = writeln!(o, "Targets");
            for t in &rec.targets {
                let _ = writeln!(o, "  {}", target_line(t));
            }
        }
        None => {
            let _ = writeln!(
                o,
                "No recommendation: {}",
                r.reason.as_deref().unwrap_or("")
            );
        }
    }
    frontier_table(&mut o, r);
    o
}

/// "Build 4 more places of small_houses (14 → 18)", one line per candidate.
fn changes(current: &Named<u32>, plan: &Named<u32>) -> Vec<String> {
    plan.0
        .iter()
        .map(|(p, n)| {
            let now = current.get(p).copied().unwrap_or(0);
            let p = esc(p);
            match n.cmp(&now) {
                std::cmp::Ordering::Greater => {
                    format!("Build {} more places of {p} ({now} → {n})", n - now)
                }
                std::cmp::Ordering::Less => {
                    format!("Close {} places of {p} ({now} → {n})", now - n)
                }
                std::cmp::Ordering::Equal => format!("Keep {p} at {n} places"),
            }
        })
        .collect()
}

fn target_line(t: &TargetResult) -> String {
    let tg = &t.target;
    let share = tg.measure == PlanMeasure::GreenShare;
    let fmt = |x: f64| {
        if share {
            format!("{:.1} %", 100.0 * x)
        } else {
            format!("{x:.1}")
        }
    };
    let what = match tg.measure {
        PlanMeasure::GreenShare => "green share".to_owned(),
        PlanMeasure::WaitingList => format!(
            "waiting list for {}",
            tg.category.map_or(String::new(), |c| c.to_string())
        ),
        PlanMeasure::HospitsPersonMonths => "people in hospits".to_owned(),
    };
    let when = match (tg.month, tg.over_months) {
        (Some(m), _) => format!("at month {m}"),
        (None, Some([a, b])) => format!("on average over months {a}–{b}"),
        _ => String::new(),
    };
    let bound = match (tg.at_least, tg.at_most) {
        (Some(x), _) => format!("at least {}", fmt(x)),
        (None, Some(x)) => format!("at most {}", fmt(x)),
        _ => String::new(),
    };
    let asked = tg.probability.map_or("on average".to_owned(), |p| {
        format!("in {:.0} % of replications", 100.0 * p)
    });
    format!(
        "{what} {when} {bound} {asked}: {} (90 %: {} to {}), kept in {:.0} % of replications — {}",
        fmt(t.value.mean),
        fmt(t.value.p05),
        fmt(t.value.p95),
        100.0 * t.probability_met,
        if t.met { "met" } else { "NOT met" }
    )
}

fn frontier_table(o: &mut String, r: &PlanResult) {
    let _ = writeln!(
        o,
        "\nFrontier: every mix evaluated that no other beats on both cost and green share"
    );
    let _ = writeln!(
        o,
        "  {:>18} {:>8}  {:<7}  mix",
        format!("cost ({})", r.currency),
        "green",
        "targets"
    );
    for p in &r.frontier {
        let mix: Vec<String> = p
            .units
            .0
            .iter()
            .map(|(k, n)| format!("{} {n}", esc(k)))
            .collect();
        let _ = writeln!(
            o,
            "  {:>18} {:>7.1}%  {:<7}  {}",
            format_nok(p.cost.mean),
            100.0 * p.green_share.mean,
            if p.meets_targets { "met" } else { "missed" },
            mix.join(", ")
        );
    }
}

const SIZE: (u32, u32) = (960, 600);
const MET: RGBColor = RGBColor(30, 130, 60);
const MISSED: RGBColor = RGBColor(150, 150, 150);
const PICK: RGBColor = RGBColor(200, 60, 30);

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("cannot draw the chart: {e:?}")
}

/// The frontier as an SVG chart: expected cost (millions of the currency, with the 90 % range of
/// replications) against the green share, mixes meeting the targets in green, the
/// recommended mix marked and a green-share bound drawn as a vertical line.
pub fn plan_svg(r: &PlanResult) -> Result<String, String> {
    let pts = &r.frontier;
    let mnok = |x: f64| x / 1e6;
    let (x_lo, x_hi) = range(pts.iter().map(|p| 100.0 * p.green_share.mean), 1.0);
    let (y_lo, y_hi) = range(
        pts.iter()
            .flat_map(|p| [mnok(p.cost.p05), mnok(p.cost.p95)]),
        0.5,
    );
    let bound = green_bound(r);
    let (x_lo, x_hi) = match bound {
        Some(b) => (x_lo.min(b - 1.0), x_hi.max(b + 1.0)),
        None => (x_lo, x_hi),
    };
    // Whole percentages unless the mixes span only a few points.
    let decimals = if x_hi - x_lo < 5.0 { 1 } else { 0 };
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(caption(r), ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(x_lo..x_hi, y_lo..y_hi)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc("green share (permanent, satisfactory housing), %")
            .y_desc(match r.objective {
                PlanObjective::DiscountedTotalCost => {
                    format!("discounted total cost, million {}", r.currency)
                }
                PlanObjective::TotalCost => format!("total cost, million {}", r.currency),
            })
            .x_label_formatter(&|v| format!("{v:.decimals$}"))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(225, 225, 225))
            .draw()
            .map_err(err)?;
        let xy = |p: &FrontierPoint| (100.0 * p.green_share.mean, mnok(p.cost.mean));
        chart
            .draw_series(pts.iter().map(|p| {
                let x = 100.0 * p.green_share.mean;
                PathElement::new(
                    vec![(x, mnok(p.cost.p05)), (x, mnok(p.cost.p95))],
                    MISSED.mix(0.7),
                )
            }))
            .map_err(err)?
            .label("90 % of replications")
            .legend(|(x, y)| PathElement::new(vec![(x + 10, y - 6), (x + 10, y + 6)], MISSED));
        chart
            .draw_series(LineSeries::new(pts.iter().map(xy), BLACK.stroke_width(1)))
            .map_err(err)?;
        for (met, colour, label) in [
            (true, MET, "meets every target"),
            (false, MISSED, "misses a target"),
        ] {
            chart
                .draw_series(
                    pts.iter()
                        .filter(|p| p.meets_targets == met)
                        .map(|p| Circle::new(xy(p), 5, colour.filled())),
                )
                .map_err(err)?
                .label(label)
                .legend(move |(x, y)| Circle::new((x + 10, y), 5, colour.filled()));
        }
        if let Some(rec) = &r.recommended {
            let at = (100.0 * rec.green_share.mean, mnok(rec.cost.mean));
            chart
                .draw_series([Circle::new(at, 9, PICK.stroke_width(3))])
                .map_err(err)?
                .label("recommended: least cost meeting every target")
                .legend(|(x, y)| Circle::new((x + 10, y), 6, PICK.stroke_width(2)));
        }
        if let Some(b) = bound {
            chart
                .draw_series(LineSeries::new(
                    [(b, y_lo), (b, y_hi)],
                    BLACK.stroke_width(1),
                ))
                .map_err(err)?
                .label(format!("green-share target {b:.0} %"))
                .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

fn caption(r: &PlanResult) -> String {
    let name = esc(&r.scenario);
    if r.recommended.is_some() {
        format!("{name}: cost against green share of the best mixes evaluated")
    } else {
        format!("{name}: the best mixes evaluated (none meets every target)")
    }
}

/// The first green-share target's lower bound, in %.
fn green_bound(r: &PlanResult) -> Option<f64> {
    let rec_targets = r.recommended.as_ref().map(|x| &x.targets);
    rec_targets?
        .iter()
        .find(|t| t.target.measure == PlanMeasure::GreenShare)
        .and_then(|t| t.target.at_least)
        .map(|x| 100.0 * x)
}

/// The values' range, padded by 5 % (at least `pad`).
fn range(values: impl Iterator<Item = f64>, pad: f64) -> (f64, f64) {
    let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    if lo > hi {
        return (0.0, 1.0);
    }
    let m = ((hi - lo) * 0.05).max(pad);
    (lo - m, hi + m)
}
