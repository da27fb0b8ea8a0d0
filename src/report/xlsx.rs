//! One Excel workbook of a result (`--format xlsx`): the tidy rows of the CSV output
//! ([`super::tidy`]) spread over sheets, numbers written as numbers with a number format by
//! unit (kroner `#,##0`, shares `0.0 %`, counts `0.00`), the header row frozen, columns as wide
//! as their text, and charts of the costs per year and of the monthly colours.
//!
//! Sheets: `summary`, `by item`, `by payer`, `by program`, `per year`, `targets` and `monthly`
//! for a run; `per year`, `paired differences`, then one sheet per strategy for a comparison;
//! `per year` and `points` for a sweep; one sheet per top-level part of any other result. Then
//! `costs per year` (a table and a column chart) and `colours by month` (a table and a line
//! chart) where the result has those series. Each row names its table twice: `table`, the path
//! into the JSON output (for scripts), and `figure`, the same in words. The workbook's creation
//! date is fixed (2000-01-01), so that the same result gives the same bytes.

use super::csv_rows::monthly_rows;
use super::tidy::{self, Figures, Row, Unit, FIGURE_COLUMNS};
use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};
use serde::Serialize;
use serde_json::Value;

/// The workbook of `result` as the bytes of an xlsx file.
pub fn to_xlsx<T: Serialize>(result: &T) -> Result<Vec<u8>, String> {
    let value = serde_json::to_value(result).map_err(|e| e.to_string())?;
    workbook(&value).map_err(|e| format!("cannot write the workbook: {e}"))
}

fn workbook(value: &Value) -> Result<Vec<u8>, XlsxError> {
    let mut rows = tidy::rows(value, &["monthly"]);
    rows.extend(monthly_rows(value));
    let mut wb = Workbook::new();
    // A fixed creation date: the same result gives the same bytes (the writer would stamp
    // the current time).
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let mut names: Vec<String> = Vec::new();
    for (sheet, rows) in group(&rows) {
        let name = unique(&sheet, &names);
        names.push(name.clone());
        table_sheet(wb.add_worksheet().set_name(&name)?, &rows)?;
    }
    let years = year_series(value);
    if !years.is_empty() {
        let name = unique("costs per year", &names);
        names.push(name.clone());
        years_sheet(wb.add_worksheet().set_name(&name)?, &name, &years)?;
    }
    if let Some(months) = value.get("monthly").and_then(Value::as_array) {
        if !months.is_empty() {
            let name = unique("colours by month", &names);
            colours_sheet(wb.add_worksheet().set_name(&name)?, &name, months)?;
        }
    }
    wb.save_to_buffer()
}

/// The sheet a row goes to.
fn sheet_of(row: &Row) -> String {
    let t = row.table.as_str();
    let first = t.split('.').next().unwrap_or(t);
    let named = if t.starts_with("monthly") {
        "monthly"
    } else if t.split('.').any(|segment| segment == "per_year") {
        "per year"
    } else if first == "columns" {
        return row.key("scenario").unwrap_or("strategy").to_owned();
    } else if first == "differences" {
        "paired differences"
    } else if first == "points" {
        "points"
    } else if first == "targets" {
        "targets"
    } else if t.contains("program") {
        "by program"
    } else if t.contains("payer") {
        "by payer"
    } else if t.contains("by_item") {
        "by item"
    } else if first == "summary" || first == "result" {
        "summary"
    } else {
        first
    };
    named.to_owned()
}

/// Sheets a planner reads first, in this order; the others (one per strategy, or per part
/// of other results) follow in the order they first appear.
const SHEET_ORDER: [&str; 9] = [
    "summary",
    "by item",
    "by payer",
    "by program",
    "per year",
    "paired differences",
    "points",
    "targets",
    "monthly",
];

/// Rows grouped by sheet: the sheets of [`SHEET_ORDER`] first, in that order, then the rest in
/// the order they first appear.
fn group(rows: &[Row]) -> Vec<(String, Vec<Row>)> {
    let mut out: Vec<(String, Vec<Row>)> = Vec::new();
    for r in rows {
        let sheet = sheet_of(r);
        match out.iter_mut().find(|(s, _)| *s == sheet) {
            Some((_, v)) => v.push(r.clone()),
            None => out.push((sheet, vec![r.clone()])),
        }
    }
    let rank = |s: &str| {
        SHEET_ORDER
            .iter()
            .position(|o| *o == s)
            .unwrap_or(SHEET_ORDER.len())
    };
    // A stable sort keeps the strategies in their given order.
    out.sort_by_key(|(s, _)| rank(s));
    out
}

/// A table's name in words: `columns.summary.cost_by_item_nok` → "cost by item",
/// `summary.per_year.cost_by_payer_nok` → "per year, cost by payer". The `table` column keeps
/// the name as a path into the JSON output, for scripts.
fn title(table: &str) -> String {
    const CONTAINERS: [&str; 5] = ["columns", "summary", "differences", "points", "result"];
    let words: Vec<String> = table
        .split('.')
        .filter(|s| !CONTAINERS.contains(s))
        .map(|s| s.strip_suffix("_nok").unwrap_or(s).replace('_', " "))
        .collect();
    if words.is_empty() {
        table.split('.').next().unwrap_or(table).to_owned()
    } else {
        words.join(", ")
    }
}

/// A valid sheet name (at most 31 characters, none of `[]:*?/\`, not starting or ending with
/// `'`) not yet in `taken` (compared without case, as Excel does).
fn unique(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| {
            if "[]:*?/\\".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim_matches('\'');
    let base: String = if clean.is_empty() {
        "sheet".into()
    } else {
        clean.chars().take(31).collect()
    };
    let free = |n: &str| !taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    if free(&base) {
        return base;
    }
    (2..)
        .map(|i| {
            let suffix = format!(" ({i})");
            let head: String = base.chars().take(31 - suffix.chars().count()).collect();
            format!("{head}{suffix}")
        })
        .find(|n| free(n))
        .unwrap_or(base)
}

fn number_format(unit: Unit) -> Format {
    Format::new().set_num_format(match unit {
        Unit::Nok => "#,##0",
        Unit::Share => "0.0 %",
        Unit::Seconds => "0.000",
        Unit::Count => "0.00",
    })
}

/// A sheet of tidy rows: header, key columns as text, figures as numbers.
fn table_sheet(ws: &mut Worksheet, rows: &[Row]) -> Result<(), XlsxError> {
    let keys = tidy::key_columns(rows);
    let bold = Format::new().set_bold();
    let mut header = vec!["table".to_owned(), "figure".to_owned()];
    header.extend(keys.iter().cloned());
    header.push("unit".into());
    header.extend(FIGURE_COLUMNS.iter().map(|c| c.to_string()));
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, h, &bold)?;
    }
    let first_figure = (keys.len() + 3) as u16;
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &row.table)?;
        ws.write_string(r, 1, title(&row.table))?;
        for (c, k) in keys.iter().enumerate() {
            if let Some(v) = row.key(k) {
                key_cell(ws, r, c as u16 + 2, k, v)?;
            }
        }
        ws.write_string(r, first_figure - 1, row.unit_name())?;
        let fmt = number_format(row.unit);
        match &row.figures {
            Figures::Stat(f) => {
                for (c, x) in f.iter().enumerate() {
                    if let Some(x) = x.filter(|x| x.is_finite()) {
                        ws.write_number_with_format(r, first_figure + c as u16, x, &fmt)?;
                    }
                }
            }
            Figures::Integer(i) => {
                ws.write_number(r, first_figure, *i as f64)?;
            }
            Figures::Empty => {}
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    Ok(())
}

/// A key cell: numbers (year, month, staffing levels) as numbers, the rest as text.
fn key_cell(ws: &mut Worksheet, r: u32, c: u16, name: &str, v: &str) -> Result<(), XlsxError> {
    let numeric = name != "key" && name != "period";
    match v.parse::<f64>() {
        Ok(x) if numeric && x.is_finite() => ws.write_number(r, c, x).map(|_| ()),
        _ => ws.write_string(r, c, v).map(|_| ()),
    }
}

/// (series name, per-year figures) of every strategy or point of the result.
fn year_series(value: &Value) -> Vec<(String, Vec<Value>)> {
    let per_year = |v: &Value| -> Option<Vec<Value>> {
        v.get("per_year")
            .or_else(|| v.get("summary")?.get("per_year"))
            .and_then(Value::as_array)
            .cloned()
    };
    let name = |v: &Value, i: usize| -> String {
        v.get("scenario")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| {
                v.get("staff_per_resident")
                    .filter(|x| !x.is_null())
                    .map(|x| format!("{x} staff per resident"))
            })
            .or_else(|| {
                v.get("staff_fte")
                    .filter(|x| !x.is_null())
                    .map(|x| format!("{x} FTE"))
            })
            .unwrap_or_else(|| format!("{}", i + 1))
    };
    if let Some(years) = per_year(value) {
        return vec![(name(value, 0), years)];
    }
    ["columns", "points"]
        .iter()
        .filter_map(|k| value.get(*k)?.as_array())
        .flatten()
        .enumerate()
        .filter_map(|(i, v)| Some((name(v, i), per_year(v)?)))
        .collect()
}

fn mean_of(v: &Value, key: &str) -> Option<f64> {
    v.get(key)?.get("mean")?.as_f64()
}

/// Costs per year: one row per year, one column per strategy (mean total cost), and a
/// column chart of them.
fn years_sheet(
    ws: &mut Worksheet,
    name: &str,
    series: &[(String, Vec<Value>)],
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let nok = number_format(Unit::Nok);
    ws.write_string_with_format(0, 0, "year", &bold)?;
    let years = series.iter().map(|(_, y)| y.len()).max().unwrap_or(0);
    for (s, (label, ys)) in series.iter().enumerate() {
        let c = s as u16 + 1;
        ws.write_string_with_format(0, c, format!("{label}: total cost, NOK (mean)"), &bold)?;
        for (i, y) in ys.iter().enumerate() {
            let r = i as u32 + 1;
            if s == 0 {
                let period = y.get("label").and_then(Value::as_str).unwrap_or("");
                ws.write_string(r, 0, period)?;
            }
            if let Some(x) = mean_of(y, "total_cost_nok") {
                ws.write_number_with_format(r, c, x, &nok)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    if years > 0 {
        let mut chart = Chart::new(ChartType::Column);
        chart
            .title()
            .set_name("Costs per year (NOK, mean over replications)");
        for s in 0..series.len() {
            let c = s as u16 + 1;
            chart
                .add_series()
                .set_name((name, 0, c))
                .set_categories((name, 1, 0, years as u32, 0))
                .set_values((name, 1, c, years as u32, c));
        }
        chart.y_axis().set_num_format("#,##0");
        ws.insert_chart(1, series.len() as u16 + 2, &chart)?;
    }
    Ok(())
}

/// The share of the population green, yellow and red at the end of each month (all
/// replications pooled), and a line chart of them.
fn colours_sheet(ws: &mut Worksheet, name: &str, months: &[Value]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let pct = number_format(Unit::Share);
    const COLOURS: [&str; 3] = ["green", "yellow", "red"];
    ws.write_string_with_format(0, 0, "month", &bold)?;
    for (c, colour) in COLOURS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16 + 1, *colour, &bold)?;
    }
    for (i, m) in months.iter().enumerate() {
        let r = i as u32 + 1;
        if let Some(month) = m.get("month").and_then(Value::as_f64) {
            ws.write_number(r, 0, month)?;
        }
        for (c, colour) in COLOURS.iter().enumerate() {
            let share = m
                .get("housing_situation_share")
                .and_then(|s| s.get(*colour))
                .and_then(Value::as_f64);
            if let Some(x) = share {
                ws.write_number_with_format(r, c as u16 + 1, x, &pct)?;
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofit();
    let last = months.len() as u32;
    let mut chart = Chart::new(ChartType::Line);
    chart
        .title()
        .set_name("Housing situation by month (share of the population)");
    for c in 1..=3u16 {
        chart
            .add_series()
            .set_name((name, 0, c))
            .set_categories((name, 1, 0, last, 0))
            .set_values((name, 1, c, last, c));
    }
    chart.y_axis().set_num_format("0 %");
    chart.x_axis().set_name("month");
    ws.insert_chart(1, 5, &chart)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_named_in_words() {
        assert_eq!(title("columns.summary.cost_by_item_nok"), "cost by item");
        assert_eq!(
            title("summary.per_year.cost_by_payer_nok"),
            "per year, cost by payer"
        );
        assert_eq!(title("differences"), "differences");
        assert_eq!(title("targets.measure"), "targets, measure");
    }

    #[test]
    fn the_same_result_gives_the_same_bytes() {
        let value = serde_json::json!({
            "scenario": "x",
            "summary": {"total_cost_nok": {"mean": 1.0, "sd": 0.5}},
        });
        let first = to_xlsx(&value).unwrap();
        // Past a second boundary, where a time stamp would differ.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert!(first == to_xlsx(&value).unwrap());
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let taken = vec!["summary".to_owned()];
        assert_eq!(unique("Summary", &taken), "Summary (2)");
        assert_eq!(unique("a/b:c", &taken), "a_b_c");
        let long = "x".repeat(40);
        assert_eq!(unique(&long, &taken).chars().count(), 31);
        assert_eq!(unique("", &taken), "sheet");
    }
}
