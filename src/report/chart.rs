//! SVG charts of the analyses (plotters, SVG backend): the break-even curve and the staffing
//! sweep, with axis labels in plain words and units.

use super::format_nok;
use crate::analysis::break_even::BreakEvenResult;
use crate::analysis::sweep::Sweep;
use plotters::prelude::*;

const SIZE: (u32, u32) = (960, 600);
const BAND: RGBColor = RGBColor(160, 190, 230);
const MEAN: RGBColor = RGBColor(20, 70, 160);
const SECOND: RGBColor = RGBColor(200, 60, 30);

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("cannot draw the chart: {e:?}")
}

fn bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = ((hi - lo) * 0.05).max(1.0);
    (lo - pad, hi + pad)
}

/// The break-even curve: expected net saving per month with its 90 % band (5th–95th
/// percentile), the probability that Housing First is cheaper on a second axis, and the
/// deterministic break-even marked.
pub fn break_even_svg(r: &BreakEvenResult) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let max = r.curve.len() as f64 + 0.5;
        let (lo, hi) = bounds(
            r.curve
                .iter()
                .flat_map(|p| [p.net_saving_per_month.p05, p.net_saving_per_month.p95]),
        );
        let title = match &r.scenario {
            Some(s) => format!("Housing First against hospits: {s}"),
            None => "Housing First against hospits".to_owned(),
        };
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(110)
            .right_y_label_area_size(70)
            .build_cartesian_2d(0.5..max, lo..hi)
            .map_err(err)?
            .set_secondary_coord(0.5..max, 0.0..1.0);
        chart
            .configure_mesh()
            .x_desc("participants (Housing First places)")
            .x_label_formatter(&|v| format!("{v:.0}"))
            .y_desc("net saving per month (NOK)")
            .y_label_formatter(&|v| format_nok(*v))
            .draw()
            .map_err(err)?;
        chart
            .configure_secondary_axes()
            .y_desc("probability that Housing First is cheaper")
            .y_label_formatter(&|v| format!("{:.0} %", 100.0 * v))
            .draw()
            .map_err(err)?;
        let mut band: Vec<(f64, f64)> = r
            .curve
            .iter()
            .map(|p| (p.participants as f64, p.net_saving_per_month.p95))
            .collect();
        band.extend(
            r.curve
                .iter()
                .rev()
                .map(|p| (p.participants as f64, p.net_saving_per_month.p05)),
        );
        chart
            .draw_series(std::iter::once(Polygon::new(band, BAND.mix(0.6).filled())))
            .map_err(err)?
            .label("90 % of replications (5th–95th percentile)")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 20, y + 5)], BAND.filled()));
        chart
            .draw_series(LineSeries::new(
                r.curve
                    .iter()
                    .map(|p| (p.participants as f64, p.net_saving_per_month.mean)),
                MEAN.stroke_width(2),
            ))
            .map_err(err)?
            .label("expected net saving per month")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], MEAN.stroke_width(2)));
        chart
            .draw_series(LineSeries::new(
                [(0.5, 0.0), (max, 0.0)],
                BLACK.stroke_width(1),
            ))
            .map_err(err)?;
        if let Some(n) = r
            .deterministic
            .break_even_participants
            .filter(|n| (*n as f64) < max)
        {
            chart
                .draw_series(LineSeries::new(
                    [(n as f64, lo), (n as f64, hi)],
                    BLACK.stroke_width(1),
                ))
                .map_err(err)?
                .label(format!("deterministic break-even: {n} participants"))
                .legend(|(x, y)| PathElement::new(vec![(x + 10, y - 6), (x + 10, y + 6)], BLACK));
        }
        chart
            .draw_secondary_series(LineSeries::new(
                r.curve
                    .iter()
                    .map(|p| (p.participants as f64, p.probability_hf_cheaper)),
                SECOND.stroke_width(2),
            ))
            .map_err(err)?
            .label("probability that Housing First is cheaper (right axis)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], SECOND.stroke_width(2)));
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

/// The staffing sweep: total cost (mean with its 90 % band) against staff per resident (or FTE),
/// and the share of residents green at the end on a second axis.
pub fn sweep_svg(r: &Sweep) -> Result<String, String> {
    let by_ratio = r.points.iter().all(|p| p.staff_per_resident.is_some());
    let x_of = |p: &crate::analysis::sweep::SweepPoint| {
        if by_ratio {
            p.staff_per_resident
        } else {
            p.staff_fte
        }
        .unwrap_or(0.0)
    };
    let mut points: Vec<_> = r.points.iter().collect();
    points.sort_by(|a, b| x_of(a).total_cmp(&x_of(b)));
    let (x_lo, x_hi) = points
        .iter()
        .map(|p| x_of(p))
        .fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    let pad = ((x_hi - x_lo) * 0.05).max(0.01);
    let (lo, hi) = bounds(
        points
            .iter()
            .flat_map(|p| [p.total_cost_nok.p05, p.total_cost_nok.p95]),
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(
                format!(
                    "Staffing of {} ({}, {} months)",
                    r.program, r.scenario, r.horizon_months
                ),
                ("sans-serif", 22),
            )
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(130)
            .right_y_label_area_size(70)
            .build_cartesian_2d((x_lo - pad)..(x_hi + pad), lo..hi)
            .map_err(err)?
            .set_secondary_coord((x_lo - pad)..(x_hi + pad), 0.0..1.0);
        chart
            .configure_mesh()
            .x_desc(if by_ratio {
                "staff (FTE) per resident"
            } else {
                "staff (FTE)"
            })
            .y_desc("total cost over the horizon (NOK)")
            .y_label_formatter(&|v| format_nok(*v))
            .draw()
            .map_err(err)?;
        chart
            .configure_secondary_axes()
            .y_desc("share of residents green at the end")
            .y_label_formatter(&|v| format!("{:.0} %", 100.0 * v))
            .draw()
            .map_err(err)?;
        let mut band: Vec<(f64, f64)> = points
            .iter()
            .map(|p| (x_of(p), p.total_cost_nok.p95))
            .collect();
        band.extend(points.iter().rev().map(|p| (x_of(p), p.total_cost_nok.p05)));
        chart
            .draw_series(std::iter::once(Polygon::new(band, BAND.mix(0.6).filled())))
            .map_err(err)?
            .label("total cost, 90 % of replications")
            .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 20, y + 5)], BAND.filled()));
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|p| (x_of(p), p.total_cost_nok.mean)),
                MEAN.stroke_width(2),
            ))
            .map_err(err)?
            .label("expected total cost")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], MEAN.stroke_width(2)));
        chart
            .draw_series(
                points
                    .iter()
                    .map(|p| Circle::new((x_of(p), p.total_cost_nok.mean), 4, MEAN.filled())),
            )
            .map_err(err)?;
        chart
            .draw_secondary_series(LineSeries::new(
                points.iter().map(|p| (x_of(p), p.green_share_final.mean)),
                SECOND.stroke_width(2),
            ))
            .map_err(err)?
            .label("green share at the end (right axis)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], SECOND.stroke_width(2)));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}
