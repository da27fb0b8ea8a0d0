//! Probabilistic and one-way sensitivity analysis as text tables, the per-sample CSV and the
//! charts.

use super::cea_chart;
use super::table::{escape_controls as esc, format_nok};
use crate::analysis::dsa::Dsa;
use crate::analysis::psa::Psa;
use std::fmt::Write;

/// At most this many willingness-to-pay rows in a table (evenly spaced over the grid).
const WTP_ROWS: usize = 9;

/// Indices of the willingness-to-pay points shown: evenly spaced, first and last included.
fn shown_wtp(n: usize) -> Vec<usize> {
    if n <= WTP_ROWS {
        return (0..n).collect();
    }
    let mut v: Vec<usize> = (0..WTP_ROWS)
        .map(|j| (j * (n - 1) + (WTP_ROWS - 1) / 2) / (WTP_ROWS - 1))
        .collect();
    v.dedup();
    v
}

/// A number with a few significant digits for tables (effects, ICERs).
fn short(x: f64) -> String {
    if !x.is_finite() {
        "–".to_owned()
    } else if x.abs() >= 1000.0 {
        format_nok(x)
    } else if x.abs() >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.3}")
    }
}

fn opt(x: Option<f64>) -> String {
    x.map_or("–".to_owned(), short)
}

/// The PSA as text: strategies, ICER table, net benefit, acceptability and EVPI, EVPPI,
/// parameters, noise and warnings.
pub fn psa_table(r: &Psa) -> String {
    let mut o = String::new();
    let unit = &r.effect_unit;
    let _ = writeln!(
        o,
        "Probabilistic sensitivity analysis: {} samples of the parameters × {} replications, seed {}",
        r.samples, r.replications, r.seed
    );
    let _ = writeln!(
        o,
        "Costs: discounted total cost ({}, the scenarios' perspective). Effect: {} ({unit}s), \
         discounted.\nEach figure is the mean over samples [5th–95th percentile of the samples].\n",
        r.currency,
        r.effect.name()
    );
    strategies(&mut o, r);
    icers(&mut o, r);
    acceptability(&mut o, r);
    evppi(&mut o, r);
    parameters(&mut o, r);
    noise(&mut o, r);
    for w in &r.warnings {
        let _ = writeln!(o, "Warning: {w}");
    }
    o
}

fn strategies(o: &mut String, r: &Psa) {
    let _ = writeln!(o, "Strategies (the first is the reference)");
    let _ = writeln!(
        o,
        "  {:<28} {:>30} {:>36}",
        "strategy",
        format!("cost, million {}", r.currency),
        format!("{}s", r.effect_unit)
    );
    for s in &r.strategies {
        let _ = writeln!(
            o,
            "  {:<28} {:>10} [{:>8}, {:>8}] {:>12} [{:>10}, {:>10}]",
            clip(&s.name, 28),
            millions(s.cost.mean),
            millions(s.cost.p05),
            millions(s.cost.p95),
            short(s.effect.mean),
            short(s.effect.p05),
            short(s.effect.p95),
        );
    }
    let _ = writeln!(o);
}

fn millions(x: f64) -> String {
    format!("{:.1}", x / 1e6)
}

fn clip(s: &str, n: usize) -> String {
    esc(s).chars().take(n).collect()
}

fn icers(o: &mut String, r: &Psa) {
    let _ = writeln!(
        o,
        "ICER table on the mean costs and effects (ND not dominated, D dominated, ED extendedly \
         dominated)"
    );
    let _ = writeln!(
        o,
        "  {:<28} {:>16} {:>14} {:>16} {:>14} {:>16} {:>6}",
        "strategy",
        "cost",
        "effect",
        "incr. cost",
        "incr. effect",
        format!("{} per {}", r.currency, short_unit(&r.effect_unit)),
        "status"
    );
    for i in &r.icers {
        let _ = writeln!(
            o,
            "  {:<28} {:>16} {:>14} {:>16} {:>14} {:>16} {:>6}",
            clip(&i.strategy, 28),
            format_nok(i.cost),
            short(i.effect),
            i.incremental_cost.map_or("–".into(), format_nok),
            opt(i.incremental_effect),
            i.icer.map_or("–".into(), format_nok),
            status(i.status),
        );
    }
    let _ = writeln!(o);
}

/// "stable-housing day" → "day" where the column is narrow.
fn short_unit(unit: &str) -> &str {
    unit.rsplit(' ').next().unwrap_or(unit)
}

fn acceptability(o: &mut String, r: &Psa) {
    let names: Vec<&str> = r.strategies.iter().map(|s| s.name.as_str()).collect();
    let _ = writeln!(
        o,
        "Probability each strategy is cost-effective, the frontier (highest expected net \
         benefit) and EVPI, by willingness to pay"
    );
    let _ = write!(
        o,
        "  {:>14}",
        format!("{} per {}", r.currency, short_unit(&r.effect_unit))
    );
    for n in &names {
        let _ = write!(o, " {:>22}", clip(n, 22));
    }
    let _ = writeln!(
        o,
        "  {:<24} {:>14}",
        "frontier",
        format!("EVPI, {}", r.currency)
    );
    for j in shown_wtp(r.ceac.len()) {
        let c = &r.ceac[j];
        let _ = write!(o, "  {:>14}", format_nok(c.wtp));
        for n in &names {
            let p = c.probability.get(n).unwrap_or(0.0);
            let _ = write!(o, " {:>21.1}%", 100.0 * p);
        }
        let evpi = r.evpi.get(j).map_or(0.0, |e| e.evpi);
        let _ = writeln!(
            o,
            "  {:<24} {:>14}",
            clip(&c.frontier, 24),
            format_nok(evpi)
        );
    }
    let _ = writeln!(o);
    if !r.incremental_net_benefit.is_empty() {
        let _ = writeln!(
            o,
            "Incremental net benefit against {} ({}; positive favours the strategy)",
            names.first().map_or("", |n| n),
            r.currency
        );
        let _ = writeln!(
            o,
            "  {:>14} {:<28} {:>16} {:>30} {:>9}",
            format!("{} per {}", r.currency, short_unit(&r.effect_unit)),
            "strategy",
            "mean",
            "2.5th–97.5th percentile",
            "P(> 0)"
        );
        let wtps: Vec<f64> = shown_wtp(r.ceac.len())
            .iter()
            .map(|&j| r.ceac[j].wtp)
            .collect();
        for p in r
            .incremental_net_benefit
            .iter()
            .filter(|p| wtps.contains(&p.wtp))
        {
            let _ = writeln!(
                o,
                "  {:>14} {:<28} {:>16} {:>30} {:>8.1}%",
                format_nok(p.wtp),
                clip(&p.strategy, 28),
                format_nok(p.mean),
                format!("[{}, {}]", format_nok(p.p025), format_nok(p.p975)),
                100.0 * p.probability_positive
            );
        }
        let _ = writeln!(o);
    }
}

fn evppi(o: &mut String, r: &Psa) {
    let Some(peak) = r.evpi.iter().max_by(|a, b| a.evpi.total_cmp(&b.evpi)) else {
        return;
    };
    let mut rows: Vec<_> = r.evppi.iter().filter(|p| p.wtp == peak.wtp).collect();
    if rows.is_empty() {
        return;
    }
    rows.sort_by(|a, b| b.evppi.total_cmp(&a.evppi));
    let _ = writeln!(
        o,
        "EVPPI at {} {cur} per {} (where EVPI is largest, {} {cur}): what knowing each \
         parameter (or group) exactly would be worth",
        format_nok(peak.wtp),
        r.effect_unit,
        format_nok(peak.evpi),
        cur = r.currency
    );
    for p in rows {
        let share = if peak.evpi > 0.0 {
            format!("{:>5.1} % of EVPI", 100.0 * p.evppi / peak.evpi)
        } else {
            String::new()
        };
        let _ = writeln!(
            o,
            "  {:<48} {:>16}  {share}",
            clip(&p.parameter, 48),
            format_nok(p.evppi)
        );
    }
    let _ = writeln!(o);
}

fn parameters(o: &mut String, r: &Psa) {
    if r.parameters.is_empty() {
        let _ = writeln!(
            o,
            "No uncertain parameters: the spread is the model's chance alone.\n"
        );
        return;
    }
    let _ = writeln!(o, "Uncertain parameters");
    let _ = writeln!(
        o,
        "  {:<48} {:<36} {:>10} {:>10} {:>24}",
        "parameter", "distribution", "mean", "sd", "2.5th–97.5th percentile"
    );
    for p in &r.parameters {
        let _ = writeln!(
            o,
            "  {:<48} {:<36} {:>10} {:>10} {:>24}",
            clip(&p.name, 48),
            clip(&describe(&p.distribution), 36),
            short(p.mean),
            short(p.sd),
            format!("[{}, {}]", short(p.p025), short(p.p975))
        );
    }
    let _ = writeln!(o);
}

fn noise(o: &mut String, r: &Psa) {
    if r.inner_noise.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "Inner Monte Carlo noise: share of the spread across samples that is chance in the {} \
         replications per sample",
        r.replications
    );
    for n in &r.inner_noise {
        let what = match n.wtp {
            Some(w) => format!("{} at {}", n.quantity.replace('_', " "), format_nok(w)),
            None => n.quantity.replace('_', " "),
        };
        let _ = writeln!(
            o,
            "  {:<28} {:<44} {:>6.1} %",
            clip(&n.strategy, 28),
            what,
            100.0 * n.noise.share
        );
    }
    let _ = writeln!(o);
}

/// The one-way sensitivity analysis as text: the base case and the tornado bars, widest
/// first.
pub fn dsa_table(r: &Dsa) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "One-way sensitivity analysis: {} with each uncertain parameter at its low and high \
         value, the others at their means",
        r.outcome.name().replace('_', " ")
    );
    let _ = writeln!(
        o,
        "{} replications per point, seed {} (the same random streams at every point); reference: \
         {}; amounts in {}\n",
        r.replications,
        r.seed,
        esc(&r.reference),
        r.currency
    );
    for b in &r.base {
        let _ = writeln!(o, "{}: base case {}", esc(&b.strategy), short(b.outcome));
        let _ = writeln!(
            o,
            "  {:<44} {:>12} {:>12} {:>16} {:>16} {:>16}",
            "parameter", "low", "high", "outcome low", "outcome high", "swing"
        );
        for t in r.tornado.iter().filter(|t| t.strategy == b.strategy) {
            let _ = writeln!(
                o,
                "  {:<44} {:>12} {:>12} {:>16} {:>16} {:>16}",
                clip(&t.parameter, 44),
                short(t.low),
                short(t.high),
                short(t.outcome_low),
                short(t.outcome_high),
                short(t.swing)
            );
        }
        let _ = writeln!(o);
    }
    o
}

/// `--samples-out`: one row per (sample, strategy): `sample,strategy,cost,effect,` then the
/// sample's parameter values (a Dirichlet row as `name.destination` columns). Numbers are
/// written in full (shortest round-trip form), so R and Python read back exactly what was
/// used.
pub fn psa_samples_csv(r: &Psa) -> Result<String, String> {
    let rows = &r.rows;
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "sample".to_owned(),
        "strategy".to_owned(),
        "cost".to_owned(),
        "effect".to_owned(),
    ];
    header.extend(rows.columns.iter().cloned());
    w.write_record(&header).map_err(|e| e.to_string())?;
    let o = &rows.outcomes;
    for (k, values) in rows.values.iter().enumerate() {
        for (s, name) in o.strategies().iter().enumerate() {
            let mut rec = vec![
                (k + 1).to_string(),
                name.clone(),
                o.cost(s)[k].to_string(),
                o.effect(s)[k].to_string(),
            ];
            rec.extend(values.iter().map(f64::to_string));
            w.write_record(&rec).map_err(|e| e.to_string())?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// The cost-effectiveness plane of a PSA: each strategy's per-sample increments against the
/// reference, with the willingness-to-pay line where EVPI is largest.
pub fn psa_plane_svg(r: &Psa) -> Result<String, String> {
    let o = &r.rows.outcomes;
    let names = o.strategies();
    if names.len() < 2 {
        return Err("the cost-effectiveness plane needs two strategies or more".to_owned());
    }
    let increments: Vec<(Vec<f64>, Vec<f64>)> = (1..names.len())
        .map(|s| {
            let dc = o
                .cost(s)
                .iter()
                .zip(o.cost(0))
                .map(|(a, b)| a - b)
                .collect();
            let de = o
                .effect(s)
                .iter()
                .zip(o.effect(0))
                .map(|(a, b)| a - b)
                .collect();
            (dc, de)
        })
        .collect();
    let series: Vec<cea_chart::PlaneSeries<'_>> = increments
        .iter()
        .zip(&names[1..])
        .map(|((dc, de), name)| cea_chart::PlaneSeries {
            name,
            incremental_cost: dc,
            incremental_effect: de,
        })
        .collect();
    let wtp = r
        .evpi
        .iter()
        .max_by(|a, b| a.evpi.total_cmp(&b.evpi))
        .map(|p| p.wtp);
    cea_chart::ce_plane_svg(&series, &names[0], r.effect.units(), wtp, &r.currency)
}

/// The acceptability curves and frontier of a PSA.
pub fn psa_ceac_svg(r: &Psa) -> Result<String, String> {
    let names: Vec<&str> = r.strategies.iter().map(|s| s.name.as_str()).collect();
    let wtp: Vec<f64> = r.ceac.iter().map(|c| c.wtp).collect();
    let curves: Vec<(&str, Vec<f64>)> = names
        .iter()
        .map(|n| {
            let p = r.ceac.iter().map(|c| c.probability.get(n).unwrap_or(0.0));
            (*n, p.collect())
        })
        .collect();
    let frontier: Vec<usize> = r
        .ceac
        .iter()
        .map(|c| names.iter().position(|n| *n == c.frontier).unwrap_or(0))
        .collect();
    cea_chart::ceac_svg(&wtp, &curves, &frontier, &r.effect_unit, &r.currency)
}

/// EVPI against willingness to pay.
pub fn psa_evpi_svg(r: &Psa) -> Result<String, String> {
    let wtp: Vec<f64> = r.evpi.iter().map(|p| p.wtp).collect();
    let evpi: Vec<f64> = r.evpi.iter().map(|p| p.evpi).collect();
    cea_chart::evpi_svg(
        &wtp,
        &evpi,
        &r.effect_unit,
        "decision (the scenario population)",
        &r.currency,
    )
}

/// The tornado of a one-way sensitivity analysis (the first strategy shown).
pub fn tornado_svg(r: &Dsa) -> Result<String, String> {
    let Some(base) = r.base.first() else {
        return Err("the analysis has no strategy to show".to_owned());
    };
    let bars: Vec<cea_chart::TornadoBar<'_>> = r
        .tornado
        .iter()
        .filter(|t| t.strategy == base.strategy)
        .map(|t| cea_chart::TornadoBar {
            parameter: &t.parameter,
            low_value: t.low,
            high_value: t.high,
            outcome_low: t.outcome_low,
            outcome_high: t.outcome_high,
        })
        .collect();
    let label = outcome_label(r, &base.strategy);
    use crate::analysis::dsa::Outcome;
    let money = match r.outcome {
        Outcome::Effect | Outcome::IncrementalEffect => None,
        _ => Some(r.currency.as_str()),
    };
    cea_chart::tornado_svg(&label, base.outcome, &bars, money)
}

/// The tornado's axis: the outcome in words with its unit.
fn outcome_label(r: &Dsa, strategy: &str) -> String {
    use crate::analysis::dsa::Outcome;
    let unit = r.effect.units();
    let against = format!("{} vs {}", esc(strategy), esc(&r.reference));
    let cur = esc(&r.currency);
    match r.outcome {
        Outcome::Cost => format!("Discounted total cost of {} ({cur})", esc(strategy)),
        Outcome::Effect => format!("{unit} of {}, discounted", esc(strategy)),
        Outcome::IncrementalCost => format!("Incremental cost, {against} ({cur})"),
        Outcome::IncrementalEffect => format!("Incremental {unit}, {against}"),
        Outcome::Icer => format!("ICER, {against} ({cur} per {})", r.effect.unit()),
        Outcome::NetBenefit => format!("Net benefit of {} ({cur})", esc(strategy)),
        Outcome::IncrementalNetBenefit => format!("Incremental net benefit, {against} ({cur})"),
    }
}

/// dampack's label of a dominance status.
fn status(s: crate::analysis::cea::Status) -> &'static str {
    use crate::analysis::cea::Status;
    match s {
        Status::NonDominated => "ND",
        Status::Dominated => "D",
        Status::ExtendedlyDominated => "ED",
    }
}

/// A distribution in a few words ("gamma(25 000, sd 2 500)").
fn describe(d: &crate::scenario::Distribution) -> String {
    use crate::scenario::Distribution as D;
    match d {
        D::Fixed(x) => format!("fixed {}", short(*x)),
        D::Normal(m) => format!("normal({}, sd {})", short(m.mean), short(m.sd)),
        D::Lognormal(m) => format!("lognormal({}, sd {})", short(m.mean), short(m.sd)),
        D::Gamma(m) => format!("gamma({}, sd {})", short(m.mean), short(m.sd)),
        D::Beta(m) => format!("beta({}, sd {})", short(m.mean), short(m.sd)),
        D::Uniform(i) => format!("uniform({}, {})", short(i.low), short(i.high)),
        D::Triangular(t) => format!(
            "triangular({}, {}, {})",
            short(t.low),
            short(t.mode),
            short(t.high)
        ),
        D::Dirichlet(a) => format!("dirichlet, {} keys", a.alpha.len()),
    }
}
