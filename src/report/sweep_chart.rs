//! The staffing sweep as small multiples: the four figures staffing moves — breakdowns,
//! repair cost, hospits months and total cost — each in its own panel against the staffing,
//! with the 95 % confidence interval of the mean as a band and error bars. A panel's y axis
//! starts at zero unless that would squeeze the change into a sliver; the axis then says so.

use super::chart::{err, MEAN};
use crate::analysis::sweep::{Sweep, SweepPoint};
use crate::stat::Stat;
use plotters::prelude::*;

const SIZE: (u32, u32) = (1100, 820);
const BAND: RGBColor = RGBColor(170, 200, 235);

/// How to read the panels, under them.
const NOTE: [&str; 2] = [
    "Points: mean over replications; bars and band: 95 % confidence interval of the mean.",
    "Every level runs the same random streams, so the change from one level to the next is \
     more certain than the overlap of the bands suggests.",
];

/// One panel: a figure's mean and 95 % CI at every staffing level.
struct Panel {
    title: &'static str,
    y_desc: &'static str,
    /// (x, CI low, mean, CI high), in increasing x.
    points: Vec<(f64, f64, f64, f64)>,
}

/// The y range of a panel and whether it leaves out zero.
fn y_range(points: &[(f64, f64, f64, f64)]) -> (f64, f64, bool) {
    let lo = points.iter().map(|q| q.1).fold(f64::INFINITY, f64::min);
    let hi = points.iter().map(|q| q.3).fold(f64::NEG_INFINITY, f64::max);
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0, false);
    }
    let span = (hi - lo).max(hi.abs().max(lo.abs()) * 0.02).max(1e-9);
    // Zero stays on the axis while the gap to it is no wider than the change itself: then a
    // bar's height can be read; a wider gap would flatten the change into a line.
    let gap = if lo > 0.0 {
        lo
    } else if hi < 0.0 {
        -hi
    } else {
        0.0
    };
    if gap <= span {
        let (a, b) = (lo.min(0.0), hi.max(0.0));
        let pad = (b - a) * 0.08;
        (a - if a < 0.0 { pad } else { 0.0 }, b + pad, false)
    } else {
        (lo - span * 0.15, hi + span * 0.15, true)
    }
}

/// The staffing sweep: breakdowns per year, repair cost, hospits months and total cost against
/// staff per resident (or FTE), each with its 95 % confidence interval.
pub fn sweep_svg(r: &Sweep) -> Result<String, String> {
    let by_ratio = r.points.iter().all(|p| p.staff_per_resident.is_some());
    let x_of = |p: &SweepPoint| {
        if by_ratio {
            p.staff_per_resident
        } else {
            p.staff_fte
        }
        .unwrap_or(0.0)
    };
    let per_year = 12.0 / f64::from(r.horizon_months.max(1));
    let series = |f: &dyn Fn(&SweepPoint) -> Stat| {
        let mut v: Vec<_> = r
            .points
            .iter()
            .map(|p| {
                let s = f(p);
                (x_of(p), s.ci95[0], s.mean, s.ci95[1])
            })
            .collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v
    };
    let panels = [
        Panel {
            title: "Breakdowns per year",
            y_desc: "breakdowns a year",
            points: series(&|p| p.breakdowns.scaled(per_year)),
        },
        Panel {
            title: "Repair cost of damage",
            y_desc: "MNOK over the horizon",
            points: series(&|p| p.damage_cost_nok.scaled(1e-6)),
        },
        Panel {
            title: "Hospits months",
            y_desc: "person-months in hospits",
            points: series(&|p| p.hospits_person_months),
        },
        Panel {
            title: "Total cost",
            y_desc: "MNOK over the horizon",
            points: series(&|p| p.total_cost_nok.scaled(1e-6)),
        },
    ];
    // A swept team of fixed size: say how a ratio reads in FTE.
    let places = r
        .points
        .iter()
        .find_map(|p| match (p.staff_per_resident, p.staff_fte) {
            (Some(x), Some(fte)) if x > 0.0 => Some(fte / x),
            _ => None,
        });
    let x_desc = match (by_ratio, places) {
        (true, Some(n)) => format!(
            "staff (FTE) per resident at full occupancy (FTE = ratio × {} places)",
            n.round()
        ),
        (true, None) => "staff (FTE) per resident".to_owned(),
        (false, _) => "staff (FTE)".to_owned(),
    };
    let title = format!(
        "Staffing of {} ({}, {} months, {} replications)",
        r.program, r.scenario, r.horizon_months, r.replications
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (body, foot) = root.split_vertically(SIZE.1 - 44);
        let body = body.titled(&title, ("sans-serif", 22)).map_err(err)?;
        for (area, panel) in body.split_evenly((2, 2)).iter().zip(&panels) {
            draw_panel(area, panel, &x_desc)?;
        }
        for (i, line) in NOTE.iter().enumerate() {
            foot.draw_text(
                line,
                &("sans-serif", 14).into_text_style(&foot),
                (20, 4 + 18 * i as i32),
            )
            .map_err(err)?;
        }
        root.present().map_err(err)?;
    }
    Ok(svg)
}

fn draw_panel(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    p: &Panel,
    x_desc: &str,
) -> Result<(), String> {
    let x_lo = p.points.first().map_or(0.0, |q| q.0);
    let x_hi = p.points.last().map_or(1.0, |q| q.0);
    // One level: a window around it of a tenth of its value, so the ticks stay readable.
    let pad = if x_hi > x_lo {
        (x_hi - x_lo) * 0.06
    } else {
        (x_hi.abs() * 0.1).max(0.5)
    };
    let (y_lo, y_hi, zoomed) = y_range(&p.points);
    let title = if zoomed {
        format!("{} (y axis does not start at 0)", p.title)
    } else {
        p.title.to_owned()
    };
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(42)
        .y_label_area_size(72)
        .build_cartesian_2d(x_lo - pad..x_hi + pad, y_lo..y_hi)
        .map_err(err)?;
    let decimals = if x_hi - x_lo >= 5.0 { 0 } else { 2 };
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(p.y_desc)
        .axis_desc_style(("sans-serif", 14))
        .label_style(("sans-serif", 13))
        .x_label_formatter(&|v| format!("{v:.decimals$}"))
        .y_label_formatter(&|v| short(*v))
        .x_labels(8)
        .y_labels(6)
        .light_line_style(WHITE.mix(0.0))
        .draw()
        .map_err(err)?;
    let mut band: Vec<(f64, f64)> = p.points.iter().map(|q| (q.0, q.3)).collect();
    band.extend(p.points.iter().rev().map(|q| (q.0, q.1)));
    chart
        .draw_series(std::iter::once(Polygon::new(band, BAND.mix(0.5).filled())))
        .map_err(err)?;
    chart
        .draw_series(p.points.iter().map(|q| {
            let half = (x_hi - x_lo + 2.0 * pad) * 0.008;
            PathElement::new(
                vec![
                    (q.0 - half, q.1),
                    (q.0 + half, q.1),
                    (q.0, q.1),
                    (q.0, q.3),
                    (q.0 - half, q.3),
                    (q.0 + half, q.3),
                ],
                MEAN.stroke_width(1),
            )
        }))
        .map_err(err)?;
    chart
        .draw_series(LineSeries::new(
            p.points.iter().map(|q| (q.0, q.2)),
            MEAN.stroke_width(2),
        ))
        .map_err(err)?;
    chart
        .draw_series(
            p.points
                .iter()
                .map(|q| Circle::new((q.0, q.2), 4, MEAN.filled())),
        )
        .map_err(err)?;
    Ok(())
}

/// An axis label: whole numbers with thousand separators, small ones with the decimals they
/// need.
fn short(v: f64) -> String {
    let a = v.abs();
    if a >= 100.0 || a == 0.0 {
        super::format_nok(v)
    } else if a >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_stays_unless_it_flattens_the_change() {
        // 0 to 10 with a change of 10: zero is on the axis.
        assert!(!y_range(&[(0.0, 0.0, 5.0, 10.0)]).2);
        // 1000 ± 5: a change of 10 far from zero is zoomed in on, and said so.
        let (lo, hi, zoomed) = y_range(&[(0.0, 995.0, 1000.0, 1005.0)]);
        assert!(zoomed && lo > 900.0 && hi < 1100.0, "{lo} {hi}");
        // 4 to 10: the gap to zero (4) is smaller than the change (6): start at zero.
        assert_eq!(y_range(&[(0.0, 4.0, 7.0, 10.0)]).0, 0.0);
    }
}
