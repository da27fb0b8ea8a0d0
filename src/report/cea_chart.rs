//! SVG charts of the probabilistic and one-way sensitivity analyses: the cost-effectiveness
//! plane, the acceptability curves with their frontier, the expected value of perfect
//! information and the tornado diagram.
//!
//! They take plain numbers (not the analyses' result types), check them once — no sample, a
//! NaN or an infinity, mismatched lengths are an `Err` saying what to give instead — and draw
//! with the conventions of [`super::chart`]: the same size, colours and fonts, axis labels in
//! plain words with units. Legends sit in a strip below the plot, so they never hide data.

use super::chart::{err, MEAN, SECOND, SIZE};
use plotters::chart::MeshStyle;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const FONT: &str = "sans-serif";
const TITLE_SIZE: u32 = 22;
const DESC_SIZE: u32 = 16;
const TICK_SIZE: u32 = 14;
const LEGEND_SIZE: u32 = 15;
/// Names longer than this are cut (with "…") in legends and labels.
const NAME_CHARS: usize = 48;
/// Titles longer than this are cut (with "…").
const TITLE_CHARS: usize = 72;
const GREY: RGBColor = RGBColor(90, 90, 90);

/// Colours of the strategies, in order: the existing charts' two, then four more that stay
/// apart for the common kinds of colour blindness.
const PALETTE: [RGBColor; 6] = [
    MEAN,
    SECOND,
    RGBColor(0, 130, 80),
    RGBColor(130, 70, 170),
    RGBColor(200, 140, 0),
    RGBColor(0, 150, 170),
];

fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// One strategy on the cost-effectiveness plane: its samples' incremental costs and effects
/// against the reference strategy, sample by sample (the two slices have equal length).
#[derive(Clone, Copy, Debug)]
pub struct PlaneSeries<'a> {
    /// The strategy's name, as in the legend.
    pub name: &'a str,
    /// Per sample: the strategy's discounted cost minus the reference's (in the currency).
    pub incremental_cost: &'a [f64],
    /// Per sample: the strategy's effect minus the reference's (in the effect's unit).
    pub incremental_effect: &'a [f64],
}

/// One parameter of a one-way sensitivity analysis: its low and high values and the outcome
/// with the parameter at each, every other parameter at its base value.
#[derive(Clone, Copy, Debug)]
pub struct TornadoBar<'a> {
    /// The parameter's name, as on the chart's left.
    pub parameter: &'a str,
    /// The parameter's low value.
    pub low_value: f64,
    /// The parameter's high value.
    pub high_value: f64,
    /// The outcome with the parameter at its low value.
    pub outcome_low: f64,
    /// The outcome with the parameter at its high value.
    pub outcome_high: f64,
}

// ---------------------------------------------------------------------------------------------
// Checks

/// `Err` unless every value is a finite number; `what` names the value for the message, the
/// index is the sample's or point's.
fn finite<'a>(what: &str, values: impl IntoIterator<Item = &'a f64>) -> Result<(), String> {
    match values.into_iter().enumerate().find(|(_, v)| !v.is_finite()) {
        Some((i, v)) => Err(format!(
            "cannot draw the chart: {what} number {} is {v}; every value must be a finite number",
            i + 1
        )),
        None => Ok(()),
    }
}

fn finite_one(what: &str, v: f64) -> Result<(), String> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(format!(
            "cannot draw the chart: {what} is {v}; it must be a finite number"
        ))
    }
}

/// Willingness-to-pay values: finite, zero or more, in increasing order.
fn check_wtp(wtp: &[f64]) -> Result<(), String> {
    if wtp.is_empty() {
        return Err(
            "cannot draw the chart: no willingness-to-pay values; give at least one".into(),
        );
    }
    finite("willingness to pay", wtp)?;
    if let Some(v) = wtp.iter().find(|v| **v < 0.0) {
        return Err(format!(
            "cannot draw the chart: willingness to pay {v} is negative; give values of zero or more"
        ));
    }
    if let Some(i) = wtp.windows(2).position(|w| w[1] < w[0]) {
        return Err(format!(
            "cannot draw the chart: willingness to pay must increase, but value {} ({}) comes after {}",
            i + 2,
            wtp[i + 1],
            wtp[i]
        ));
    }
    Ok(())
}

fn check_plane(strategies: &[PlaneSeries<'_>], wtp: Option<f64>) -> Result<(), String> {
    if strategies.is_empty() {
        return Err(
            "cannot draw the cost-effectiveness plane: no strategy to compare with the reference; give at least one"
                .into(),
        );
    }
    for s in strategies {
        let name = short(s.name);
        if s.incremental_cost.len() != s.incremental_effect.len() {
            return Err(format!(
                "cannot draw the cost-effectiveness plane: strategy \"{name}\" has {} incremental costs but {} incremental effects; give one of each per sample",
                s.incremental_cost.len(),
                s.incremental_effect.len()
            ));
        }
        if s.incremental_cost.is_empty() {
            return Err(format!(
                "cannot draw the cost-effectiveness plane: strategy \"{name}\" has no samples; give at least one"
            ));
        }
        finite(&format!("\"{name}\": incremental cost"), s.incremental_cost)?;
        finite(
            &format!("\"{name}\": incremental effect"),
            s.incremental_effect,
        )?;
    }
    if let Some(l) = wtp {
        finite_one("the willingness to pay", l)?;
        if l < 0.0 {
            return Err(format!(
                "cannot draw the cost-effectiveness plane: willingness to pay {l} is negative; give zero or more"
            ));
        }
    }
    Ok(())
}

fn check_ceac(wtp: &[f64], curves: &[(&str, Vec<f64>)], frontier: &[usize]) -> Result<(), String> {
    check_wtp(wtp)?;
    if curves.is_empty() {
        return Err(
            "cannot draw the acceptability curves: no strategy; give one curve per strategy".into(),
        );
    }
    for (name, p) in curves {
        let name = short(name);
        if p.len() != wtp.len() {
            return Err(format!(
                "cannot draw the acceptability curves: strategy \"{name}\" has {} probabilities for {} willingness-to-pay values; give one per value",
                p.len(),
                wtp.len()
            ));
        }
        finite(&format!("\"{name}\": probability"), p)?;
        if let Some(v) = p.iter().find(|v| !(-1e-9..=1.0 + 1e-9).contains(*v)) {
            return Err(format!(
                "cannot draw the acceptability curves: strategy \"{name}\" has probability {v}; probabilities lie between 0 and 1"
            ));
        }
    }
    if !frontier.is_empty() && frontier.len() != wtp.len() {
        return Err(format!(
            "cannot draw the acceptability curves: the frontier has {} entries for {} willingness-to-pay values; give one per value (or none)",
            frontier.len(),
            wtp.len()
        ));
    }
    if let Some(i) = frontier.iter().find(|i| **i >= curves.len()) {
        return Err(format!(
            "cannot draw the acceptability curves: the frontier names strategy {i}, but there are {} (numbered from 0)",
            curves.len()
        ));
    }
    Ok(())
}

fn check_bars(base: f64, bars: &[TornadoBar<'_>]) -> Result<(), String> {
    if bars.is_empty() {
        return Err("cannot draw the tornado diagram: no parameter; give at least one bar".into());
    }
    finite_one("the base-case outcome", base)?;
    for b in bars {
        let name = short(b.parameter);
        for (what, v) in [
            ("low value", b.low_value),
            ("high value", b.high_value),
            ("outcome at the low value", b.outcome_low),
            ("outcome at the high value", b.outcome_high),
        ] {
            finite_one(&format!("the {what} of \"{name}\""), v)?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Numbers and names

/// A name cut to [`NAME_CHARS`] characters, with "…" when cut.
fn short(name: &str) -> String {
    cut(name, NAME_CHARS)
}

/// `text` cut to `max` characters, with "…" when cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// `x` with `decimals` decimals, trailing zeros dropped, spaces between thousands (as
/// [`super::format_nok`] writes them), and never "-0".
fn number(x: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (text.as_str(), ""),
    };
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if x < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

/// Decimals enough to tell ticks `step` apart (one more, trimmed by [`number`], for steps
/// like 0.25).
fn decimals_for(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) || step >= 1.0 {
        1
    } else {
        (-step.log10()).ceil() as usize + 1
    }
    .min(8)
}

/// A parameter's value, as in the tornado's labels: three significant figures at most, whole
/// numbers from 100 up.
fn value(x: f64) -> String {
    let a = x.abs();
    if a == 0.0 || a >= 100.0 {
        number(x, 0)
    } else {
        number(x, (2 - a.log10().floor() as i32).max(0) as usize)
    }
}

/// Tick labels of an axis spanning `lo..hi`, in plain numbers.
fn plain_ticks(lo: f64, hi: f64) -> impl Fn(&f64) -> String {
    let d = decimals_for((hi - lo) / 10.0);
    move |v| number(*v, d)
}

/// Tick labels of an amount of `currency` on an axis spanning `lo..hi`: in millions (M) or
/// thousands (k) when the amounts are large, one unit for the whole axis ("MNOK", "k NOK").
fn money_ticks(lo: f64, hi: f64, currency: &str) -> impl Fn(&f64) -> String {
    let big = lo.abs().max(hi.abs());
    let (scale, unit) = if big >= 1e6 {
        (1e6, format!(" M{currency}"))
    } else if big >= 1e4 {
        (1e3, format!(" k {currency}"))
    } else {
        (1.0, format!(" {currency}"))
    };
    let d = decimals_for((hi - lo) / 10.0 / scale);
    move |v| format!("{}{unit}", number(*v / scale, d))
}

/// An amount of `currency` in words for a label: "1.5 MNOK", "250 k NOK", "800 NOK".
fn money_words(x: f64, currency: &str) -> String {
    let a = x.abs();
    if a >= 1e6 {
        format!("{} M{currency}", number(x / 1e6, 2))
    } else if a >= 1e4 {
        format!("{} k {currency}", number(x / 1e3, 1))
    } else {
        format!("{} {currency}", number(x, 0))
    }
}

fn span(values: impl IntoIterator<Item = f64>, always: Option<f64>, pad: f64) -> (f64, f64) {
    let (lo, hi) = values
        .into_iter()
        .chain(always)
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    let width = hi - lo;
    if width > 0.0 {
        (lo - pad * width, hi + pad * width)
    } else {
        let half = (lo.abs() * 0.1).max(1.0);
        (lo - half, hi + half)
    }
}

// ---------------------------------------------------------------------------------------------
// Legend: a strip below the plot

/// How a legend entry is marked.
#[derive(Clone, Copy)]
enum Mark {
    /// A small semi-transparent dot (one sample).
    Dot(RGBColor),
    /// A larger dot with a black ring (a mean).
    Ringed(RGBColor),
    /// A line of this width.
    Line(RGBColor, u32),
    /// A wide translucent band (the frontier).
    Band,
    /// A dashed line.
    Dashed(RGBColor),
    /// A filled box (a bar).
    Bar(RGBColor),
}

struct Entry {
    mark: Mark,
    text: String,
}

const LEGEND_ROW: i32 = 24;
const LEGEND_MARK: i32 = 28;

/// Approximate width of a text in pixels (the SVG backend cannot measure; sans-serif averages
/// a little over half the font size per character).
fn text_width(text: &str, size: u32) -> i32 {
    (text.chars().count() as f64 * f64::from(size) * 0.56).ceil() as i32
}

/// Where each entry goes: (x, row), filling rows left to right within `width`.
fn legend_layout(entries: &[Entry], width: i32) -> Vec<(i32, i32)> {
    let (mut x, mut row) = (16, 0);
    let mut at = Vec::with_capacity(entries.len());
    for e in entries {
        let w = LEGEND_MARK + 8 + text_width(&e.text, LEGEND_SIZE) + 28;
        if x > 16 && x + w > width - 16 {
            row += 1;
            x = 16;
        }
        at.push((x, row));
        x += w;
    }
    at
}

fn legend_height(entries: &[Entry], width: u32) -> u32 {
    let rows = legend_layout(entries, width as i32)
        .last()
        .map_or(0, |(_, r)| r + 1);
    (rows * LEGEND_ROW + 12) as u32
}

type Area<'b> = DrawingArea<SVGBackend<'b>, Shift>;

fn draw_legend(area: &Area<'_>, entries: &[Entry]) -> Result<(), String> {
    let width = area.dim_in_pixel().0 as i32;
    let style = (FONT, LEGEND_SIZE)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (e, (x, row)) in entries.iter().zip(legend_layout(entries, width)) {
        let y = 6 + row * LEGEND_ROW + LEGEND_ROW / 2;
        let m = (x + LEGEND_MARK / 2, y);
        let line = |c: ShapeStyle| PathElement::new(vec![(x, y), (x + LEGEND_MARK, y)], c);
        match e.mark {
            Mark::Dot(c) => area.draw(&Circle::new(m, 3, c.mix(0.6).filled())),
            Mark::Ringed(c) => area
                .draw(&Circle::new(m, 7, c.filled()))
                .and_then(|_| area.draw(&Circle::new(m, 7, BLACK.stroke_width(2)))),
            Mark::Line(c, w) => area.draw(&line(c.stroke_width(w))),
            Mark::Band => area.draw(&line(BLACK.mix(0.25).stroke_width(10))),
            Mark::Dashed(c) => area.draw(&DashedPathElement::new(
                vec![(x, y), (x + LEGEND_MARK, y)],
                6,
                4,
                c.stroke_width(2),
            )),
            Mark::Bar(c) => area.draw(&Rectangle::new(
                [(x, y - 7), (x + LEGEND_MARK, y + 7)],
                c.filled(),
            )),
        }
        .map_err(err)?;
        area.draw(&Text::new(
            e.text.as_str(),
            (x + LEGEND_MARK + 8, y),
            style.clone(),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// A white canvas of `size` with the legend strip at its bottom; `draw` gets the area above.
fn canvas(
    size: (u32, u32),
    entries: &[Entry],
    draw: impl FnOnce(&Area<'_>) -> Result<(), String>,
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let strip = legend_height(entries, size.0);
        let (plot, legend) = root.split_vertically(size.1 - strip);
        draw(&plot)?;
        draw_legend(&legend, entries)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

fn builder<'a, 'b>(
    area: &'a Area<'b>,
    title: &str,
    y_label_width: u32,
) -> ChartBuilder<'a, 'b, SVGBackend<'b>> {
    let mut b = ChartBuilder::on(area);
    b.caption(title, (FONT, TITLE_SIZE))
        .margin(16)
        // Room for the last x tick's label, centred on the plot's right edge.
        .margin_right(40)
        .x_label_area_size(52)
        .y_label_area_size(y_label_width);
    b
}

// ---------------------------------------------------------------------------------------------
// The charts

/// The cost-effectiveness plane: for each strategy in `strategies`, every sample's incremental
/// effect (x) and incremental cost (y) against `reference` as a small semi-transparent dot, the
/// samples' mean as a larger ringed marker, axes through zero so that the four quadrants show,
/// and — with `wtp` (`currency` per unit of effect) — the line cost = λ·effect, below which a strategy
/// is cost-effective.
///
/// `effect_label` names the effect and its unit, e.g. "days in own home"; the chart reads
/// "Incremental days in own home vs …" and "willingness to pay 1 000 NOK per unit of days in
/// own home", so a short plural noun phrase reads best.
///
/// `Err` (saying what to give) when there is no strategy, a strategy has no samples or
/// unequal numbers of costs and effects, a value is not finite, or `wtp` is negative.
pub fn ce_plane_svg(
    strategies: &[PlaneSeries<'_>],
    reference: &str,
    effect_label: &str,
    wtp: Option<f64>,
    currency: &str,
) -> Result<String, String> {
    check_plane(strategies, wtp)?;
    let reference = short(reference);
    let effects = || {
        strategies
            .iter()
            .flat_map(|s| s.incremental_effect.iter().copied())
    };
    let costs = || {
        strategies
            .iter()
            .flat_map(|s| s.incremental_cost.iter().copied())
    };
    let (x0, x1) = span(effects(), Some(0.0), 0.06);
    let (y0, y1) = span(costs(), Some(0.0), 0.06);
    let mut entries: Vec<Entry> = strategies
        .iter()
        .enumerate()
        .map(|(i, s)| Entry {
            mark: Mark::Dot(colour(i)),
            text: format!("{} (one dot per sample)", short(s.name)),
        })
        .collect();
    entries.push(Entry {
        mark: Mark::Ringed(GREY),
        text: "mean of the samples".into(),
    });
    if let Some(l) = wtp {
        entries.push(Entry {
            mark: Mark::Dashed(BLACK),
            text: format!(
                "willingness to pay {} {currency} per unit of {}",
                number(l, 2),
                effect_label
            ),
        });
    }
    canvas(SIZE, &entries, |area| {
        let mut chart = builder(
            area,
            &format!("Cost-effectiveness plane: against {reference}"),
            120,
        )
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(format!("Incremental {effect_label} vs {reference}"))
            .y_desc(format!(
                "Incremental cost vs {reference} ({currency}, discounted)"
            ))
            .x_label_formatter(&plain_ticks(x0, x1))
            .y_label_formatter(&money_ticks(y0, y1, currency))
            .draw_styled()?;
        let axes = [vec![(x0, 0.0), (x1, 0.0)], vec![(0.0, y0), (0.0, y1)]];
        chart
            .draw_series(
                axes.into_iter()
                    .map(|a| PathElement::new(a, BLACK.stroke_width(1))),
            )
            .map_err(err)?;
        quadrant_notes(&chart, area, (x0, x1), (y0, y1))?;
        if let Some(l) = wtp {
            let line = wtp_segment(l, (x0, x1), (y0, y1));
            chart
                .draw_series(std::iter::once(DashedPathElement::new(
                    line,
                    6,
                    4,
                    BLACK.stroke_width(2),
                )))
                .map_err(err)?;
        }
        for (i, s) in strategies.iter().enumerate() {
            let dot = colour(i).mix(0.25).filled();
            chart
                .draw_series(
                    s.incremental_effect
                        .iter()
                        .zip(s.incremental_cost)
                        .map(|(&e, &c)| Circle::new((e, c), 2, dot)),
                )
                .map_err(err)?;
        }
        for (i, s) in strategies.iter().enumerate() {
            let n = s.incremental_cost.len() as f64;
            let mean = (
                s.incremental_effect.iter().sum::<f64>() / n,
                s.incremental_cost.iter().sum::<f64>() / n,
            );
            chart
                .draw_series([
                    Circle::new(mean, 7, colour(i).filled()),
                    Circle::new(mean, 7, BLACK.stroke_width(2)),
                ])
                .map_err(err)?;
        }
        Ok(())
    })
}

/// The part of the line cost = `l`·effect inside the plot (which holds the origin).
fn wtp_segment(l: f64, x: (f64, f64), y: (f64, f64)) -> Vec<(f64, f64)> {
    if l == 0.0 {
        return vec![(x.0, 0.0), (x.1, 0.0)];
    }
    let from = x.0.max(y.0 / l);
    let to = x.1.min(y.1 / l);
    vec![(from, l * from), (to, l * to)]
}

/// The look every chart here shares: plain fonts for axis descriptions and ticks, no minor
/// grid lines, faint major ones.
trait DrawStyled {
    /// Apply the shared look and draw the mesh.
    fn draw_styled(&mut self) -> Result<(), String>;
}

impl<X, Y> DrawStyled for MeshStyle<'_, '_, X, Y, SVGBackend<'_>>
where
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    fn draw_styled(&mut self) -> Result<(), String> {
        self.axis_desc_style((FONT, DESC_SIZE))
            .label_style((FONT, TICK_SIZE))
            .light_line_style(WHITE)
            .bold_line_style(BLACK.mix(0.08))
            .draw()
            .map_err(err)
    }
}

type XyChart<'a, 'b> = ChartContext<
    'a,
    SVGBackend<'b>,
    plotters::coord::cartesian::Cartesian2d<
        plotters::coord::types::RangedCoordf64,
        plotters::coord::types::RangedCoordf64,
    >,
>;

/// What each quadrant means, in grey in its outer corner — where the quadrant is wide and
/// tall enough to hold the words.
fn quadrant_notes(
    chart: &XyChart<'_, '_>,
    area: &Area<'_>,
    x: (f64, f64),
    y: (f64, f64),
) -> Result<(), String> {
    let notes = [
        (
            x.1,
            y.1,
            HPos::Right,
            VPos::Top,
            "more effective, costs more",
        ),
        (
            x.0,
            y.1,
            HPos::Left,
            VPos::Top,
            "less effective, costs more (dominated)",
        ),
        (
            x.1,
            y.0,
            HPos::Right,
            VPos::Bottom,
            "more effective, costs less (dominant)",
        ),
        (
            x.0,
            y.0,
            HPos::Left,
            VPos::Bottom,
            "less effective, costs less",
        ),
    ];
    let origin = chart.backend_coord(&(0.0, 0.0));
    for (cx, cy, h, v, text) in notes {
        let corner = chart.backend_coord(&(cx, cy));
        let room_x = (corner.0 - origin.0).abs();
        let room_y = (corner.1 - origin.1).abs();
        if room_x < text_width(text, 13) + 16 || room_y < 24 {
            continue;
        }
        let dx = if cx == x.1 { -6 } else { 6 };
        let dy = if cy == y.1 { 6 } else { -6 };
        area.draw(&Text::new(
            text,
            (corner.0 + dx, corner.1 + dy),
            (FONT, 13).into_font().color(&GREY).pos(Pos::new(h, v)),
        ))
        .map_err(err)?;
    }
    Ok(())
}

/// The cost-effectiveness acceptability curves: for each strategy in `curves` (name, and per
/// value of `wtp` the probability that it has the highest net benefit), a line against the
/// willingness to pay (`currency` per `effect_label`); and the acceptability frontier — `frontier[j]`
/// is the index in `curves` of the strategy with the highest *expected* net benefit at
/// `wtp[j]` — as a wide grey band under that strategy's curve. An empty `frontier` draws
/// none.
///
/// `Err` (saying what to give) when there is no curve or no `wtp`, lengths differ, a value is
/// not finite, a probability lies outside 0–1, `wtp` is negative or decreasing, or the
/// frontier names a strategy that is not there.
pub fn ceac_svg(
    wtp: &[f64],
    curves: &[(&str, Vec<f64>)],
    frontier: &[usize],
    effect_label: &str,
    currency: &str,
) -> Result<String, String> {
    check_ceac(wtp, curves, frontier)?;
    let (x0, x1) = x_span(wtp);
    let markers = wtp.len() <= 30;
    let mut entries: Vec<Entry> = curves
        .iter()
        .enumerate()
        .map(|(i, (name, _))| Entry {
            mark: Mark::Line(colour(i), 3),
            text: short(name),
        })
        .collect();
    if !frontier.is_empty() {
        entries.push(Entry {
            mark: Mark::Band,
            text: "acceptability frontier (highest expected net benefit)".into(),
        });
    }
    canvas(SIZE, &entries, |area| {
        let mut chart = builder(area, "Cost-effectiveness acceptability curves", 80)
            .build_cartesian_2d(x0..x1, -0.02..1.02)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(format!(
                "Willingness to pay ({currency} per {effect_label})"
            ))
            .y_desc("Probability of being cost-effective")
            .x_label_formatter(&plain_ticks(x0, x1))
            .y_label_formatter(&|v| number(*v, 1))
            .y_labels(6)
            .draw_styled()?;
        draw_frontier(&mut chart, wtp, curves, frontier)?;
        for (i, (_, p)) in curves.iter().enumerate() {
            let points = || wtp.iter().copied().zip(p.iter().copied());
            chart
                .draw_series(LineSeries::new(points(), colour(i).stroke_width(3)))
                .map_err(err)?;
            if markers {
                chart
                    .draw_series(points().map(|q| Circle::new(q, 4, colour(i).filled())))
                    .map_err(err)?;
            }
        }
        Ok(())
    })
}

/// The x axis of a curve over `wtp` (increasing, not empty): its range, at least 1 wide.
fn x_span(wtp: &[f64]) -> (f64, f64) {
    let (lo, hi) = (wtp[0], wtp[wtp.len() - 1]);
    if hi > lo {
        (lo, hi)
    } else {
        (lo - lo.abs().max(1.0) * 0.5, hi + hi.abs().max(1.0) * 0.5)
    }
}

/// The frontier: a wide translucent band along the chosen strategy's curve, broken where the
/// choice changes; an isolated point gets a disc.
fn draw_frontier(
    chart: &mut XyChart<'_, '_>,
    wtp: &[f64],
    curves: &[(&str, Vec<f64>)],
    frontier: &[usize],
) -> Result<(), String> {
    let band = BLACK.mix(0.25);
    let mut start = 0;
    while start < frontier.len() {
        let k = frontier[start];
        let end = (start..frontier.len())
            .find(|j| frontier[*j] != k)
            .unwrap_or(frontier.len());
        let run: Vec<(f64, f64)> = (start..end).map(|j| (wtp[j], curves[k].1[j])).collect();
        if run.len() == 1 {
            chart
                .draw_series(std::iter::once(Circle::new(run[0], 9, band.filled())))
                .map_err(err)?;
        } else {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    run,
                    band.stroke_width(12),
                )))
                .map_err(err)?;
        }
        start = end;
    }
    Ok(())
}

/// The expected value of perfect information (`currency` per `per`, e.g. "scenario population")
/// against the willingness to pay (`currency` per `effect_label`).
///
/// `Err` (saying what to give) when `wtp` is empty, negative or decreasing, the lengths
/// differ, or a value is not finite.
pub fn evpi_svg(
    wtp: &[f64],
    evpi: &[f64],
    effect_label: &str,
    per: &str,
    currency: &str,
) -> Result<String, String> {
    check_wtp(wtp)?;
    if evpi.len() != wtp.len() {
        return Err(format!(
            "cannot draw the EVPI chart: {} EVPI values for {} willingness-to-pay values; give one per value",
            evpi.len(),
            wtp.len()
        ));
    }
    finite("EVPI", evpi)?;
    let (x0, x1) = x_span(wtp);
    let (y0, y1) = span(evpi.iter().copied(), Some(0.0), 0.06);
    let entries = [Entry {
        mark: Mark::Line(MEAN, 3),
        text: format!("expected value of perfect information, {currency} per {per}"),
    }];
    canvas(SIZE, &entries, |area| {
        let mut chart = builder(area, "Expected value of perfect information (EVPI)", 120)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(format!(
                "Willingness to pay ({currency} per {effect_label})"
            ))
            .y_desc(format!("EVPI ({currency} per {per})"))
            .x_label_formatter(&plain_ticks(x0, x1))
            .y_label_formatter(&money_ticks(y0, y1, currency))
            .draw_styled()?;
        let points = || wtp.iter().copied().zip(evpi.iter().copied());
        chart
            .draw_series(LineSeries::new(points(), MEAN.stroke_width(3)))
            .map_err(err)?;
        if wtp.len() <= 30 {
            chart
                .draw_series(points().map(|q| Circle::new(q, 4, MEAN.filled())))
                .map_err(err)?;
        }
        Ok(())
    })
}

/// The bars of a tornado, widest (largest |outcome_high − outcome_low|) first; equal widths
/// keep their given order.
fn tornado_order<'b, 'a>(bars: &'b [TornadoBar<'a>]) -> Vec<&'b TornadoBar<'a>> {
    let mut sorted: Vec<_> = bars.iter().collect();
    sorted.sort_by(|a, b| {
        let w = |t: &TornadoBar<'_>| (t.outcome_high - t.outcome_low).abs();
        w(b).total_cmp(&w(a))
    });
    sorted
}

const TORNADO_ROW: u32 = 26;

/// The tornado diagram of a one-way sensitivity analysis: for each parameter, a bar from the
/// base-case outcome `base` to the outcome with the parameter at its low value and one to
/// the outcome at its high value (two colours), the widest bar at the top; parameter names on
/// the left with their low–high values in brackets, and a vertical line at the base case with
/// its value. The chart grows taller with the number of parameters.
///
/// `Err` (saying what to give) when `bars` is empty or a value is not finite.
pub fn tornado_svg(
    outcome_label: &str,
    base: f64,
    bars: &[TornadoBar<'_>],
    money: Option<&str>,
) -> Result<String, String> {
    check_bars(base, bars)?;
    let sorted = tornado_order(bars);
    let n = sorted.len();
    let labels: Vec<String> = sorted
        .iter()
        .map(|b| {
            format!(
                "{} ({} – {})",
                short(b.parameter),
                value(b.low_value),
                value(b.high_value)
            )
        })
        .collect();
    let label_width = labels
        .iter()
        .map(|l| text_width(l, TICK_SIZE))
        .max()
        .unwrap_or(0)
        .clamp(100, 520) as u32
        + 16;
    let (x0, x1) = span(
        sorted.iter().flat_map(|b| [b.outcome_low, b.outcome_high]),
        Some(base),
        0.08,
    );
    let entries = [
        Entry {
            mark: Mark::Bar(MEAN),
            text: "parameter at its low value".into(),
        },
        Entry {
            mark: Mark::Bar(SECOND),
            text: "parameter at its high value".into(),
        },
        Entry {
            mark: Mark::Line(BLACK, 2),
            text: format!("base case: {}", value_or_money(base, money)),
        },
    ];
    let height = SIZE
        .1
        .max(170 + (n as u32 + 1) * TORNADO_ROW + legend_height(&entries, SIZE.0));
    canvas((SIZE.0, height), &entries, |area| {
        // A row of headroom above the widest bar holds the base case's value.
        let top = n as f64 + 0.4;
        let mut chart = builder(
            area,
            &format!(
                "One-way sensitivity analysis: {}",
                cut(outcome_label, TITLE_CHARS)
            ),
            label_width,
        )
        .build_cartesian_2d(x0..x1, -0.5..top)
        .map_err(err)?;
        chart
            .configure_mesh()
            .x_desc(outcome_label)
            .x_label_formatter(&*outcome_ticks(money, x0, x1))
            .x_labels(7)
            .disable_y_mesh()
            .y_labels(0)
            .draw_styled()?;
        let label_style = (FONT, TICK_SIZE)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(HPos::Right, VPos::Center));
        for (i, (b, label)) in sorted.iter().zip(&labels).enumerate() {
            let y = (n - 1 - i) as f64;
            let mut halves = [(b.outcome_low, MEAN), (b.outcome_high, SECOND)];
            // The longer bar first, so that a shorter one on the same side stays visible.
            halves.sort_by(|p, q| (q.0 - base).abs().total_cmp(&(p.0 - base).abs()));
            chart
                .draw_series(halves.iter().map(|(out, c)| {
                    Rectangle::new([(base, y - 0.32), (*out, y + 0.32)], c.filled())
                }))
                .map_err(err)?;
            let at = chart.backend_coord(&(x0, y));
            area.draw(&Text::new(
                label.as_str(),
                (at.0 - 8, at.1),
                label_style.clone(),
            ))
            .map_err(err)?;
        }
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(base, -0.5), (base, top)],
                BLACK.stroke_width(2),
            )))
            .map_err(err)?;
        let at = chart.backend_coord(&(base, top));
        let (left, right) = (
            chart.backend_coord(&(x0, top)).0,
            chart.backend_coord(&(x1, top)).0,
        );
        // Beside the line, on the side with room.
        let (h, dx) = if at.0 - left > right - at.0 {
            (HPos::Right, -6)
        } else {
            (HPos::Left, 6)
        };
        area.draw(&Text::new(
            format!("base case: {}", value_or_money(base, money)),
            (at.0 + dx, at.1 + 4),
            (FONT, TICK_SIZE)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(h, VPos::Top)),
        ))
        .map_err(err)?;
        Ok(())
    })
}

/// Tick labels of the tornado's outcome axis: as amounts of `money` (the currency) when the
/// outcome is an amount of money.
fn outcome_ticks(money: Option<&str>, lo: f64, hi: f64) -> Box<dyn Fn(&f64) -> String> {
    match money {
        Some(currency) => Box::new(money_ticks(lo, hi, currency)),
        None => Box::new(plain_ticks(lo, hi)),
    }
}

/// The base case's value: in words of `money` (the currency) when the outcome is an amount of
/// money, else a plain number.
fn value_or_money(x: f64, money: Option<&str>) -> String {
    match money {
        Some(currency) => money_words(x, currency),
        None => number(x, decimals_for(x.abs() / 1000.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_distr::{Distribution, Normal};
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn bar(parameter: &str, outcome_low: f64, outcome_high: f64) -> TornadoBar<'_> {
        TornadoBar {
            parameter,
            low_value: 0.1,
            high_value: 0.3,
            outcome_low,
            outcome_high,
        }
    }

    fn svg_ok(r: Result<String, String>) -> String {
        let svg = r.expect("chart");
        assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
        assert!(svg.trim_end().ends_with("</svg>"));
        svg
    }

    fn err_with(r: Result<String, String>, words: &str) {
        let e = r.expect_err("an error");
        assert!(e.contains(words), "{e:?} should say {words:?}");
    }

    #[test]
    fn plane_has_its_labels_legend_and_wtp() {
        let (c1, e1) = ([1.0e6, -2.0e6, 3.0e6], [100.0, -50.0, 300.0]);
        let s = [
            PlaneSeries {
                name: "Housing First",
                incremental_cost: &c1,
                incremental_effect: &e1,
            },
            PlaneSeries {
                name: "Congregate",
                incremental_cost: &e1,
                incremental_effect: &c1,
            },
        ];
        let svg = svg_ok(ce_plane_svg(
            &s,
            "hospits",
            "days in own home",
            Some(1500.0),
            "NOK",
        ));
        for text in [
            "Incremental cost vs hospits (NOK, discounted)",
            "Incremental days in own home vs hospits",
            "Housing First (one dot per sample)",
            "Congregate (one dot per sample)",
            "mean of the samples",
            "willingness to pay 1 500 NOK per unit of days in own home",
            "MNOK",
        ] {
            assert!(svg.contains(text), "missing {text:?}");
        }
        let without = svg_ok(ce_plane_svg(&s, "hospits", "days", None, "EUR"));
        assert!(!without.contains("willingness"));
    }

    #[test]
    fn plane_handles_degenerate_inputs() {
        let one = [0.0];
        let p = |c, e| PlaneSeries {
            name: "A",
            incremental_cost: c,
            incremental_effect: e,
        };
        svg_ok(ce_plane_svg(
            &[p(&one, &one)],
            "B",
            "days",
            Some(0.0),
            "NOK",
        ));
        let same = [5.0e5; 4];
        svg_ok(ce_plane_svg(
            &[p(&same, &same)],
            "B",
            "days",
            Some(1e9),
            "NOK",
        ));
        let long = "a strategy with a name far longer than any legend can hold, and then some more";
        let svg = svg_ok(ce_plane_svg(
            &[PlaneSeries {
                name: long,
                incremental_cost: &one,
                incremental_effect: &one,
            }],
            long,
            "days",
            None,
            "NOK",
        ));
        assert!(svg.contains('…') && !svg.contains(long));
        err_with(ce_plane_svg(&[], "B", "days", None, "NOK"), "no strategy");
        err_with(
            ce_plane_svg(&[p(&[], &[])], "B", "days", None, "NOK"),
            "no samples",
        );
        err_with(
            ce_plane_svg(&[p(&one, &same)], "B", "days", None, "NOK"),
            "1 incremental costs but 4",
        );
        err_with(
            ce_plane_svg(&[p(&[1.0, f64::NAN], &[1.0, 2.0])], "B", "d", None, "NOK"),
            "number 2 is NaN",
        );
        err_with(
            ce_plane_svg(&[p(&one, &[f64::INFINITY])], "B", "d", None, "NOK"),
            "inf",
        );
        err_with(
            ce_plane_svg(&[p(&one, &one)], "B", "d", Some(f64::NAN), "NOK"),
            "finite",
        );
        err_with(
            ce_plane_svg(&[p(&one, &one)], "B", "d", Some(-1.0), "NOK"),
            "negative",
        );
    }

    #[test]
    fn wtp_line_stays_inside_the_plot() {
        assert_eq!(
            wtp_segment(0.0, (-1.0, 2.0), (-3.0, 4.0)),
            vec![(-1.0, 0.0), (2.0, 0.0)]
        );
        assert_eq!(
            wtp_segment(2.0, (-1.0, 5.0), (-3.0, 4.0)),
            vec![(-1.0, -2.0), (2.0, 4.0)]
        );
        assert_eq!(
            wtp_segment(1e9, (-1.0, 5.0), (-2e9, 1e9)),
            vec![(-1.0, -1e9), (1.0, 1e9)]
        );
    }

    #[test]
    fn ceac_has_its_labels_legend_and_frontier() {
        let wtp = [0.0, 1000.0, 2000.0];
        let curves = [
            ("Housing First", vec![0.2, 0.5, 0.8]),
            ("hospits", vec![0.8, 0.5, 0.2]),
        ];
        let svg = svg_ok(ceac_svg(
            &wtp,
            &curves,
            &[1, 1, 0],
            "day in own home",
            "NOK",
        ));
        for text in [
            "Willingness to pay (NOK per day in own home)",
            "Probability of being cost-effective",
            "Housing First",
            "hospits",
            "acceptability frontier",
        ] {
            assert!(svg.contains(text), "missing {text:?}");
        }
        assert!(!svg_ok(ceac_svg(&wtp, &curves, &[], "day", "NOK")).contains("frontier"));
    }

    #[test]
    fn ceac_handles_degenerate_inputs() {
        svg_ok(ceac_svg(&[0.0], &[("A", vec![1.0])], &[0], "day", "NOK"));
        svg_ok(ceac_svg(
            &[5.0, 5.0],
            &[("A", vec![0.5, 0.5])],
            &[0, 0],
            "day",
            "NOK",
        ));
        let long = "x".repeat(300);
        svg_ok(ceac_svg(
            &[0.0, 1.0],
            &[(long.as_str(), vec![0.0, 1.0])],
            &[0, 0],
            "day",
            "NOK",
        ));
        let c = [("A", vec![0.5, 0.5])];
        err_with(ceac_svg(&[0.0, 1.0], &[], &[], "day", "NOK"), "no strategy");
        err_with(
            ceac_svg(&[], &[("A", vec![])], &[], "day", "NOK"),
            "no willingness-to-pay",
        );
        err_with(
            ceac_svg(&[0.0], &c, &[], "day", "NOK"),
            "2 probabilities for 1",
        );
        err_with(ceac_svg(&[0.0, f64::NAN], &c, &[], "day", "NOK"), "NaN");
        err_with(
            ceac_svg(&[1.0, 0.0], &c, &[], "day", "NOK"),
            "must increase",
        );
        err_with(ceac_svg(&[-1.0, 0.0], &c, &[], "day", "NOK"), "negative");
        err_with(
            ceac_svg(&[0.0, 1.0], &[("A", vec![0.5, 1.5])], &[], "day", "NOK"),
            "between 0 and 1",
        );
        err_with(
            ceac_svg(
                &[0.0, 1.0],
                &[("A", vec![0.5, f64::INFINITY])],
                &[],
                "d",
                "NOK",
            ),
            "inf",
        );
        err_with(
            ceac_svg(&[0.0, 1.0], &c, &[0], "day", "NOK"),
            "1 entries for 2",
        );
        err_with(
            ceac_svg(&[0.0, 1.0], &c, &[0, 1], "day", "NOK"),
            "names strategy 1",
        );
    }

    #[test]
    fn evpi_has_its_labels_and_handles_degenerate_inputs() {
        let svg = svg_ok(evpi_svg(
            &[0.0, 1e3, 2e3],
            &[0.0, 2.5e6, 1e6],
            "day",
            "scenario population",
            "NOK",
        ));
        for text in [
            "EVPI (NOK per scenario population)",
            "Willingness to pay (NOK per day)",
            "expected value of perfect information, NOK per scenario population",
            "MNOK",
        ] {
            assert!(svg.contains(text), "missing {text:?}");
        }
        svg_ok(evpi_svg(&[100.0], &[0.0], "day", "population", "NOK"));
        svg_ok(evpi_svg(
            &[0.0, 1.0],
            &[3.0, 3.0],
            "day",
            "population",
            "NOK",
        ));
        err_with(
            evpi_svg(&[0.0], &[1.0, 2.0], "day", "p", "NOK"),
            "2 EVPI values for 1",
        );
        err_with(
            evpi_svg(&[0.0], &[f64::NEG_INFINITY], "day", "p", "NOK"),
            "-inf",
        );
        err_with(
            evpi_svg(&[], &[], "day", "p", "NOK"),
            "no willingness-to-pay",
        );
    }

    #[test]
    fn tornado_puts_the_widest_bar_on_top_keeping_ties_in_order() {
        let bars = [
            bar("narrow", 9.0, 11.0),
            bar("tie one", 5.0, 15.0),
            bar("wide", 30.0, -10.0),
            bar("tie two", 15.0, 5.0),
            bar("none", 10.0, 10.0),
        ];
        let order: Vec<&str> = tornado_order(&bars).iter().map(|b| b.parameter).collect();
        assert_eq!(order, ["wide", "tie one", "tie two", "narrow", "none"]);
        // Drawn top to bottom in that order: the labels' y coordinates increase.
        let svg = svg_ok(tornado_svg("net cost (NOK)", 10.0, &bars, Some("NOK")));
        let y_of = |name: &str| {
            let at = svg.find(&format!("\n{name} (")).expect(name);
            let tag = &svg[svg[..at].rfind("<text").unwrap()..at];
            let y = &tag[tag.find("y=\"").unwrap() + 3..];
            y[..y.find('"').unwrap()].parse::<f64>().unwrap()
        };
        let ys: Vec<f64> = order.iter().map(|n| y_of(n)).collect();
        assert!(ys.windows(2).all(|w| w[0] < w[1]), "{ys:?}");
    }

    #[test]
    fn tornado_has_its_labels_and_legend() {
        let bars = [
            bar("rent per month", 90.0, 130.0),
            bar("staff per resident", 120.0, 80.0),
        ];
        let svg = svg_ok(tornado_svg(
            "net monetary benefit (NOK)",
            100.0,
            &bars,
            Some("NOK"),
        ));
        for text in [
            "net monetary benefit (NOK)",
            "rent per month (0.1 – 0.3)",
            "parameter at its low value",
            "parameter at its high value",
            "base case: 100 NOK",
        ] {
            assert!(svg.contains(text), "missing {text:?}");
        }
    }

    #[test]
    fn tornado_handles_degenerate_inputs() {
        svg_ok(tornado_svg(
            "days",
            0.0,
            &[bar("zero width", 0.0, 0.0)],
            None,
        ));
        svg_ok(tornado_svg(
            "days",
            5.0,
            &[bar("same side", 7.0, 9.0)],
            None,
        ));
        let long = "p".repeat(400);
        svg_ok(tornado_svg(&long, 1.0, &[bar(&long, 0.0, 2.0)], None));
        let names: Vec<String> = (0..60).map(|i| format!("parameter {i}")).collect();
        let many: Vec<_> = names
            .iter()
            .enumerate()
            .map(|(i, n)| bar(n, -(i as f64), i as f64))
            .collect();
        let svg = svg_ok(tornado_svg("days", 0.0, &many, None));
        assert!(names.iter().all(|n| svg.contains(&format!("\n{n} ("))));
        err_with(tornado_svg("days", 0.0, &[], None), "no parameter");
        err_with(
            tornado_svg("days", f64::NAN, &[bar("a", 0.0, 1.0)], None),
            "base-case outcome is NaN",
        );
        err_with(
            tornado_svg("days", 0.0, &[bar("a", 0.0, f64::INFINITY)], None),
            "high value of \"a\" is inf",
        );
    }

    #[test]
    fn numbers_read_as_in_norwegian_reports() {
        assert_eq!(number(1234567.0, 0), "1 234 567");
        assert_eq!(number(-1500.25, 2), "-1 500.25");
        assert_eq!(number(2.50, 2), "2.5");
        assert_eq!(number(-0.0001, 2), "0");
        assert_eq!(value(0.035), "0.035");
        assert_eq!(value(12.345), "12.3");
        assert_eq!(value(12345.6), "12 346");
        assert_eq!(money_words(2.5e6, "NOK"), "2.5 MNOK");
        assert_eq!(money_words(-250_000.0, "NOK"), "-250 k NOK");
        assert_eq!(money_words(800.0, "EUR"), "800 EUR");
        let ticks = money_ticks(-5e6, 5e6, "NOK");
        assert_eq!(ticks(&-2.5e6), "-2.5 MNOK");
        assert_eq!(ticks(&0.0), "0 MNOK");
        assert_eq!(money_ticks(0.0, 50_000.0, "NOK")(&25_000.0), "25 k NOK");
        assert_eq!(money_ticks(0.0, 5e6, "EUR")(&2.5e6), "2.5 MEUR");
        assert_eq!(plain_ticks(0.0, 1.0)(&0.25), "0.25");
    }

    /// Writes realistic charts to /tmp/charts for a look (`rsvg-convert -o x.png x.svg`).
    #[test]
    #[ignore = "writes files for a person to look at"]
    fn write_examples() {
        let dir = std::path::Path::new("/tmp/charts");
        std::fs::create_dir_all(dir).unwrap();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let mut draw = |mean: f64, sd: f64| -> Vec<f64> {
            let d = Normal::new(mean, sd).unwrap();
            (0..1000).map(|_| d.sample(&mut rng)).collect()
        };
        let (c1, e1) = (draw(1.2e6, 2.0e6), draw(900.0, 700.0));
        let (c2, e2) = (draw(-0.8e6, 1.5e6), draw(-300.0, 600.0));
        let plane = [
            PlaneSeries {
                name: "Housing First",
                incremental_cost: &c1,
                incremental_effect: &e1,
            },
            PlaneSeries {
                name: "Congregate housing",
                incremental_cost: &c2,
                incremental_effect: &e2,
            },
        ];
        let unit = "days in own home";
        let svg =
            ce_plane_svg(&plane, "hospits (acute housing)", unit, Some(1500.0), "NOK").unwrap();
        std::fs::write(dir.join("plane.svg"), svg).unwrap();
        let wtp: Vec<f64> = (0..=50).map(|i| 100.0 * i as f64).collect();
        let logistic = |x: f64| 1.0 / (1.0 + (-x).exp());
        let hf: Vec<f64> = wtp
            .iter()
            .map(|w| 0.6 * logistic((w - 1400.0) / 400.0))
            .collect();
        let cg: Vec<f64> = wtp
            .iter()
            .map(|w| 0.35 * logistic((700.0 - w) / 500.0) + 0.05)
            .collect();
        let hosp: Vec<f64> = hf.iter().zip(&cg).map(|(a, b)| 1.0 - a - b).collect();
        let frontier: Vec<usize> = wtp
            .iter()
            .map(|w| {
                if *w < 600.0 {
                    1
                } else if *w < 1500.0 {
                    2
                } else {
                    0
                }
            })
            .collect();
        let curves = [
            ("Housing First", hf),
            ("Congregate housing", cg),
            ("hospits (acute housing)", hosp),
        ];
        let svg = ceac_svg(&wtp, &curves, &frontier, "day in own home", "NOK").unwrap();
        std::fs::write(dir.join("ceac.svg"), svg).unwrap();
        let evpi: Vec<f64> = wtp
            .iter()
            .map(|w| 3.5e6 * (-((w - 1400.0) / 900.0).powi(2)).exp())
            .collect();
        let svg = evpi_svg(&wtp, &evpi, "day in own home", "scenario population", "NOK").unwrap();
        std::fs::write(dir.join("evpi.svg"), svg).unwrap();
        let names = [
            "Rent per month, Housing First flat",
            "Staff per resident (FTE)",
            "Monthly probability of eviction",
            "Hospital bed-day price",
            "Probability of relapse to red",
            "Discount rate",
            "Police call-out cost",
            "Share of residents green at start",
            "Emergency ward visit cost",
            "Months to first placement",
            "Acute housing night price",
            "Follow-up team cost per resident-month",
        ];
        let lows = [
            7500.0, 0.2, 0.01, 5200.0, 0.05, 0.02, 3500.0, 0.2, 4100.0, 2.0, 900.0, 12000.0,
        ];
        let bars: Vec<TornadoBar<'_>> = names
            .iter()
            .zip(lows)
            .enumerate()
            .map(|(i, (n, lo))| {
                let w = 4.0e6 / (1.0 + i as f64 * 0.6);
                TornadoBar {
                    parameter: n,
                    low_value: lo,
                    high_value: lo * 1.5,
                    outcome_low: 2.1e6 - w * if i % 3 == 0 { -0.4 } else { 0.6 },
                    outcome_high: 2.1e6 + w * if i % 3 == 0 { -0.6 } else { 0.4 },
                }
            })
            .collect();
        let svg = tornado_svg(
            "Net cost of Housing First vs hospits (NOK, discounted)",
            2.1e6,
            &bars,
            Some("NOK"),
        )
        .unwrap();
        std::fs::write(dir.join("tornado.svg"), svg).unwrap();
        let many: Vec<String> = (0..60)
            .map(|i| format!("Parameter number {i} of the model"))
            .collect();
        let bars60: Vec<_> = many
            .iter()
            .enumerate()
            .map(|(i, n)| bar(n, -(i as f64) * 3.0, i as f64 * 2.0))
            .collect();
        let svg = tornado_svg("days in own home", 0.0, &bars60, None).unwrap();
        std::fs::write(dir.join("tornado60.svg"), svg).unwrap();
        let one = [0.0];
        let p = PlaneSeries {
            name: "A",
            incremental_cost: &one,
            incremental_effect: &one,
        };
        let svg = ce_plane_svg(&[p], "B", "days", Some(1000.0), "NOK").unwrap();
        std::fs::write(dir.join("plane_one.svg"), svg).unwrap();
        let svg = ceac_svg(
            &[1000.0],
            &[("A", vec![0.4]), ("B", vec![0.6])],
            &[1],
            "day",
            "NOK",
        )
        .unwrap();
        std::fs::write(dir.join("ceac_one.svg"), svg).unwrap();
        let svg = tornado_svg("days", 3.0, &[bar("flat", 3.0, 3.0)], None).unwrap();
        std::fs::write(dir.join("tornado_flat.svg"), svg).unwrap();
    }
}
