//! A plain-text summary of a run for planners: costs, occupancy, housing situation, waiting
//! lists, events and retention, each as mean with the 90 % range of replications (p05–p95).

use crate::cost::{CostItem, Payer};
use crate::scenario::{ColourName, Measure};
use crate::stat::Stat;
use crate::state::{Category, Colour, State};
use crate::summary::{RunResult, Summary, TargetCheck};
use std::fmt::Write;

/// A number of NOK (or any amount) rounded to whole units with spaces between thousands, as
/// written in Norwegian reports: `27 722 813 688`.
pub fn format_nok(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let rounded = x.round();
    let digits = format!("{:.0}", rounded.abs());
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(ch);
    }
    if rounded < 0.0 {
        format!("-{out}")
    } else {
        out
    }
}

/// Free text (a scenario's name, an id) for a text table: control characters, which a
/// terminal would act on (an escape sequence, a carriage return), are written as `\u{1b}`.
pub(crate) fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

fn amount(s: &Stat) -> String {
    format!(
        "{:>18}   ({} – {})",
        format_nok(s.mean),
        format_nok(s.p05),
        format_nok(s.p95)
    )
}

fn count(s: &Stat) -> String {
    format!("{:>10.1}   ({:.0} – {:.0})", s.mean, s.p05, s.p95)
}

fn percent(s: &Stat) -> String {
    format!(
        "{:>9.1} %   ({:.1} – {:.1})",
        100.0 * s.mean,
        100.0 * s.p05,
        100.0 * s.p95
    )
}

/// Millions of NOK with one decimal: `123.4`.
fn mnok(x: f64) -> String {
    format!("{:.1}", x / 1e6)
}

fn mnok_range(s: &Stat) -> String {
    format!("{:>10}   ({} – {})", mnok(s.mean), mnok(s.p05), mnok(s.p95))
}

/// Costs per horizon year in MNOK a year: the average year, then each year, undiscounted
/// and discounted.
fn per_year(o: &mut String, s: &Summary) {
    let _ = writeln!(o, "\nCosts per year (MNOK a year)");
    let _ = writeln!(
        o,
        "  {:<32}{}",
        "average year",
        mnok_range(&s.cost_per_year_nok)
    );
    for y in &s.per_year {
        let _ = writeln!(
            o,
            "  {:<32}{}   discounted {}",
            y.label,
            mnok_range(&y.total_cost_nok),
            mnok(y.discounted_total_cost_nok.mean)
        );
    }
}

/// The table view of a run.
pub fn run_table(r: &RunResult) -> String {
    let s = &r.summary;
    let mut o = String::new();
    header(&mut o, r);
    costs(&mut o, s);
    per_year(&mut o, s);
    residents(&mut o, s);
    housing_situation(&mut o, s);
    waiting_lists(&mut o, s);
    events(&mut o, s);
    retention(&mut o, s);
    if !r.targets.is_empty() {
        targets(&mut o, &r.targets);
    }
    o
}

fn header(o: &mut String, r: &RunResult) {
    let _ = writeln!(
        o,
        "Scenario {}: {} replications of {} months, seed {}, costs for the {} perspective ({})",
        escape_controls(&r.scenario),
        r.replications,
        r.horizon_months,
        r.seed,
        r.perspective.name(),
        r.currency
    );
    let _ = writeln!(
        o,
        "Figures are means over replications; brackets give the 5th–95th percentile.\n"
    );
}

fn costs(o: &mut String, s: &Summary) {
    let _ = writeln!(o, "Costs over the horizon");
    let _ = writeln!(o, "  {:<32}{}", "total", amount(&s.total_cost_nok));
    let _ = writeln!(
        o,
        "  {:<32}{}",
        "total, discounted",
        amount(&s.discounted_total_cost_nok)
    );
    for item in CostItem::ALL {
        let st = &s.cost_by_item_nok[item];
        if st.mean != 0.0 || st.p95 != 0.0 {
            let _ = writeln!(o, "    {:<30}{}", item.name(), amount(st));
        }
    }
    let _ = writeln!(
        o,
        "  {:<32}{}",
        "per resident-month",
        amount(&s.cost_per_resident_month_nok)
    );
    if let Some(g) = &s.cost_per_green_person_month_nok {
        let _ = writeln!(o, "  {:<32}{}", "per stably housed person-month", amount(g));
    }
    let _ = writeln!(o, "  by payer (all payers)");
    for p in Payer::ALL {
        let st = &s.cost_by_payer_nok[p];
        if st.mean != 0.0 {
            let _ = writeln!(o, "    {:<30}{}", p.name(), amount(st));
        }
    }
    let _ = writeln!(o, "  by program");
    for (name, st) in &s.cost_by_program_nok.0 {
        let _ = writeln!(o, "    {:<30}{}", escape_controls(name), amount(st));
    }
}

fn residents(o: &mut String, s: &Summary) {
    let _ = writeln!(o, "\nResidents at the end");
    for st in State::ALL {
        let _ = writeln!(o, "  {:<32}{}", st.name(), count(&s.final_occupancy[st]));
    }
    let _ = writeln!(o, "  by program");
    for (name, st) in &s.final_program_occupancy.0 {
        let _ = writeln!(o, "    {:<30}{}", escape_controls(name), count(st));
    }
}

fn housing_situation(o: &mut String, s: &Summary) {
    let _ = writeln!(
        o,
        "\nHousing situation (BrukerPlan colours)   at the end        mean over the run"
    );
    for c in Colour::ALL {
        let _ = writeln!(
            o,
            "  {:<20}{}   {:>6.1} %",
            c.name(),
            percent(&s.housing_situation_share_final[c]),
            100.0 * s.housing_situation_share_mean[c].mean
        );
    }
}

fn waiting_lists(o: &mut String, s: &Summary) {
    let _ = writeln!(
        o,
        "\nWaiting lists                  at the end                  mean over the run"
    );
    for c in Category::ALL {
        let _ = writeln!(
            o,
            "  {:<20}{}   {:>8.1}",
            c.name(),
            count(&s.final_waiting_list[c]),
            s.mean_waiting_list[c].mean
        );
    }
    let _ = writeln!(
        o,
        "\n  {:<32}{}",
        "hospits person-months",
        count(&s.hospits_person_months)
    );
}

fn events(o: &mut String, s: &Summary) {
    let _ = writeln!(o, "\nEvents over the horizon");
    for (event, st) in s.events.iter() {
        let _ = writeln!(o, "  {:<32}{}", event.name(), count(st));
    }
}

fn retention(o: &mut String, s: &Summary) {
    let _ = writeln!(
        o,
        "\nRetention: share of stays begun during the run still there after 12 / 24 / 36 months"
    );
    for c in Category::ALL {
        let cells: Vec<String> = s.retention[c]
            .after
            .iter()
            .map(|a| a.map_or("–".to_owned(), |st| format!("{:.1} %", 100.0 * st.mean)))
            .collect();
        let _ = writeln!(
            o,
            "  {:<20}{:>10}{:>10}{:>10}",
            c.name(),
            cells[0],
            cells[1],
            cells[2]
        );
    }
}

fn targets(o: &mut String, targets: &[TargetCheck]) {
    let _ = writeln!(
        o,
        "\nCalibration targets                          observed      simulated"
    );
    for t in targets {
        let (observed, simulated) = observed_and_simulated(t);
        let verdict = match t.within {
            Some(true) => "ok",
            Some(false) => "MISSED",
            None => "not measured",
        };
        let _ = writeln!(
            o,
            "  {:<40}{:>14}{:>12}   {verdict}",
            describe(&t.measure),
            observed,
            simulated
        );
    }
}

/// A target's observed value with its tolerance, and the simulated value.
fn observed_and_simulated(t: &TargetCheck) -> (String, String) {
    match &t.measure {
        m if !m.is_share() => (
            format!("{:.1} ± {:.1}", t.value, t.tolerance),
            t.simulated.map_or("–".to_owned(), |x| format!("{x:.1}")),
        ),
        _ => (
            format!("{:.1} ± {:.1} %", 100.0 * t.value, 100.0 * t.tolerance),
            t.simulated
                .map_or("–".to_owned(), |x| format!("{:.1} %", 100.0 * x)),
        ),
    }
}

fn describe(m: &Measure) -> String {
    match m {
        Measure::Retention { category, months } => {
            format!("{category} retention after {months} months")
        }
        Measure::ColourShare { colour, month } => {
            let name = match colour {
                ColourName::Green => "green",
                ColourName::Yellow => "yellow",
                ColourName::Red => "red",
            };
            format!("{name} share at month {month}")
        }
        m => m.describe(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("Bergen æøå"), "Bergen æøå");
        assert_eq!(escape_controls("a\u{1b}[31mb\n"), "a\\u{1b}[31mb\\u{a}");
    }

    #[test]
    fn nok_has_thousand_separators() {
        assert_eq!(format_nok(27_722_813_688.4), "27 722 813 688");
        assert_eq!(format_nok(-1234.0), "-1 234");
        assert_eq!(format_nok(999.0), "999");
        assert_eq!(format_nok(0.0), "0");
    }
}
