//! SVG charts of the analyses (plotters, SVG backend): the break-even curve and the staffing
//! sweep (drawn in `sweep_chart`), with axis labels in plain words and units.

use super::format_nok;
use crate::analysis::break_even::BreakEvenResult;
use plotters::chart::DualCoordChartContext;
use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

pub use super::sweep_chart::sweep_svg;

pub(super) const SIZE: (u32, u32) = (960, 600);
const BAND: RGBColor = RGBColor(160, 190, 230);
pub(super) const MEAN: RGBColor = RGBColor(20, 70, 160);
pub(super) const SECOND: RGBColor = RGBColor(200, 60, 30);

/// What one chart shows: a mean with a band on the left axis, a share on the right axis.
struct Plot {
    title: String,
    x_desc: &'static str,
    y_desc: &'static str,
    y2_desc: &'static str,
    /// (x, 5th percentile, mean, 95th percentile, right-axis share), in increasing x.
    points: Vec<(f64, f64, f64, f64, f64)>,
    band_label: &'static str,
    mean_label: &'static str,
    second_label: &'static str,
    whole_x: bool,
    markers: bool,
    vertical: Option<(f64, String)>,
    legend: SeriesLabelPosition,
}

pub(super) fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("cannot draw the chart: {e:?}")
}

/// The chart's coordinates: x and y, both continuous.
type Xy = Cartesian2d<RangedCoordf64, RangedCoordf64>;
/// A chart with a left (costs) and a right (shares) axis.
type Chart<'a, 'b> = DualCoordChartContext<'a, SVGBackend<'b>, Xy, Xy>;

fn draw(p: Plot) -> Result<String, String> {
    let (x_lo, x_hi) = x_range(&p);
    let (lo, hi) = y_range(&p);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(&p.title, ("sans-serif", 22))
            .margin(16)
            .x_label_area_size(48)
            .y_label_area_size(130)
            .right_y_label_area_size(70)
            .build_cartesian_2d(x_lo..x_hi, lo..hi)
            .map_err(err)?
            .set_secondary_coord(x_lo..x_hi, 0.0..1.0);
        axes(&mut chart, &p)?;
        band_and_mean(&mut chart, &p)?;
        guides(&mut chart, &p, (x_lo, x_hi), (lo, hi))?;
        chart
            .draw_secondary_series(LineSeries::new(
                p.points.iter().map(|q| (q.0, q.4)),
                SECOND.stroke_width(2),
            ))
            .map_err(err)?
            .label(p.second_label)
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], SECOND.stroke_width(2)));
        chart
            .configure_series_labels()
            .position(p.legend)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .draw()
            .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

/// The x axis: the points' range, padded.
fn x_range(p: &Plot) -> (f64, f64) {
    let (x_lo, x_hi) = p
        .points
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), q| (a.min(q.0), b.max(q.0)));
    let pad = if p.whole_x {
        0.5
    } else {
        ((x_hi - x_lo) * 0.05).max(0.01)
    };
    (x_lo - pad, x_hi + pad)
}

/// The left axis: the bands' range with a margin. It always shows zero: a cost or a saving is
/// read against it.
fn y_range(p: &Plot) -> (f64, f64) {
    let (lo, hi) = p
        .points
        .iter()
        .fold((0.0f64, 0.0f64), |(a, b), q| (a.min(q.1), b.max(q.3)));
    let margin = ((hi - lo) * 0.05).max(1.0);
    (lo - margin, hi + margin)
}

/// Both axes with their descriptions and labels.
fn axes(chart: &mut Chart, p: &Plot) -> Result<(), String> {
    let whole = |v: &f64| format!("{v:.0}");
    let decimal = |v: &f64| format!("{v:.2}");
    chart
        .configure_mesh()
        .x_desc(p.x_desc)
        .x_label_formatter(if p.whole_x { &whole } else { &decimal })
        .y_desc(p.y_desc)
        .y_label_formatter(&|v| format_nok(*v))
        .draw()
        .map_err(err)?;
    chart
        .configure_secondary_axes()
        .y_desc(p.y2_desc)
        .y_label_formatter(&|v| format!("{:.0} %", 100.0 * v))
        .draw()
        .map_err(err)
}

/// The 5th–95th percentile band and the mean on the left axis.
fn band_and_mean(chart: &mut Chart, p: &Plot) -> Result<(), String> {
    let mut band: Vec<(f64, f64)> = p.points.iter().map(|q| (q.0, q.3)).collect();
    band.extend(p.points.iter().rev().map(|q| (q.0, q.1)));
    chart
        .draw_series(std::iter::once(Polygon::new(band, BAND.mix(0.6).filled())))
        .map_err(err)?
        .label(p.band_label)
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 20, y + 5)], BAND.filled()));
    chart
        .draw_series(LineSeries::new(
            p.points.iter().map(|q| (q.0, q.2)),
            MEAN.stroke_width(2),
        ))
        .map_err(err)?
        .label(p.mean_label)
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], MEAN.stroke_width(2)));
    Ok(())
}

/// Markers on the mean (if wanted), the zero line and the vertical mark (if any), on a chart
/// spanning `x` and `y`.
fn guides(chart: &mut Chart, p: &Plot, x: (f64, f64), y: (f64, f64)) -> Result<(), String> {
    if p.markers {
        chart
            .draw_series(
                p.points
                    .iter()
                    .map(|q| Circle::new((q.0, q.2), 4, MEAN.filled())),
            )
            .map_err(err)?;
    }
    chart
        .draw_series(LineSeries::new(
            [(x.0, 0.0), (x.1, 0.0)],
            BLACK.stroke_width(1),
        ))
        .map_err(err)?;
    if let Some((at, label)) = &p.vertical {
        chart
            .draw_series(LineSeries::new(
                [(*at, y.0), (*at, y.1)],
                BLACK.stroke_width(1),
            ))
            .map_err(err)?
            .label(label.as_str())
            .legend(|(x, y)| PathElement::new(vec![(x + 10, y - 6), (x + 10, y + 6)], BLACK));
    }
    Ok(())
}

/// The break-even curve: expected net saving per month with its 90 % band (5th–95th
/// percentile), the probability that Housing First is cheaper on a second axis, and the
/// deterministic break-even marked.
pub fn break_even_svg(r: &BreakEvenResult) -> Result<String, String> {
    let max = r.curve.len() as u32;
    draw(Plot {
        title: match &r.scenario {
            Some(s) => format!("Housing First against hospits: {s}"),
            None => "Housing First against hospits".to_owned(),
        },
        x_desc: "participants (Housing First places)",
        y_desc: "net saving per month (NOK)",
        y2_desc: "probability that Housing First is cheaper",
        points: r
            .curve
            .iter()
            .map(|c| {
                let s = &c.net_saving_per_month;
                (
                    c.participants as f64,
                    s.p05,
                    s.mean,
                    s.p95,
                    c.probability_hf_cheaper,
                )
            })
            .collect(),
        band_label: "90 % of replications (5th–95th percentile)",
        mean_label: "expected net saving per month",
        second_label: "probability that Housing First is cheaper (right axis)",
        whole_x: true,
        markers: false,
        vertical: r
            .deterministic
            .break_even_participants
            .filter(|n| *n <= max)
            .map(|n| {
                (
                    n as f64,
                    format!("deterministic break-even: {n} participants"),
                )
            }),
        legend: SeriesLabelPosition::UpperLeft,
    })
}
