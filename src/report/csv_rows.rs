//! CSV as a tidy table a spreadsheet opens directly: one row per summarised quantity
//! ([`super::tidy`]), key columns first (`table`, then the key columns the result has, such
//! as `scenario`, `year`, `period`, `month`, `key`), then `unit` and
//! `mean, sd, ci95_low, ci95_high, p05, p50, p95`, rounded by unit: NOK to whole kroner,
//! shares and probabilities to 4 decimals, seconds to 3, counts to 2.
//!
//! Two dialects ([`CsvDialect`]): standard (`,` between fields, `.` in numbers) and
//! Norwegian (`;` between fields, decimal comma, and a UTF-8 byte-order mark so Excel reads
//! æøå), which Norwegian Excel and LibreOffice open with a double click.

use super::tidy::{self, Figures, Row, FIGURE_COLUMNS};
use serde::Serialize;
use serde_json::Value;

/// How a CSV file spells its separators.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CsvDialect {
    /// `,` between fields, `.` as decimal point, no byte-order mark.
    #[default]
    Standard,
    /// `;` between fields, `,` as decimal mark, UTF-8 with a byte-order mark.
    Norwegian,
}

impl CsvDialect {
    fn delimiter(self) -> u8 {
        match self {
            CsvDialect::Standard => b',',
            CsvDialect::Norwegian => b';',
        }
    }

    /// A number written in this dialect (`1234.5` or `1234,5`).
    fn number(self, text: String) -> String {
        match self {
            CsvDialect::Standard => text,
            CsvDialect::Norwegian => text.replace('.', ","),
        }
    }

    fn preamble(self) -> &'static str {
        match self {
            CsvDialect::Standard => "",
            CsvDialect::Norwegian => "\u{feff}",
        }
    }
}

/// The tidy CSV of every quantity of `result` except its monthly series (see
/// [`monthly_csv`]).
pub fn to_csv<T: Serialize>(result: &T, dialect: CsvDialect) -> Result<String, String> {
    let value = serde_json::to_value(result).map_err(|e| e.to_string())?;
    write(&tidy::rows(&value, &["monthly"]), dialect)
}

/// The tidy CSV of a run's monthly series (`monthly` of its JSON), one row per month and
/// figure: tables `monthly` (the month's total cost), `monthly.cost_by_item_nok`,
/// `monthly.housing_situation_share` (shares of all replications pooled) and
/// `monthly.spread.*` (occupancy, waiting lists, colours and colour shares with their spread).
/// The plain means of occupancy and waiting lists are left out: they are the `mean` of the
/// `monthly.spread` rows. An empty string when the result has no monthly series.
pub fn monthly_csv<T: Serialize>(result: &T, dialect: CsvDialect) -> Result<String, String> {
    let value = serde_json::to_value(result).map_err(|e| e.to_string())?;
    write(&monthly_rows(&value), dialect)
}

/// The rows of a result's monthly series.
pub(crate) fn monthly_rows(value: &Value) -> Vec<Row> {
    let Some(months) = value.get("monthly") else {
        return Vec::new();
    };
    let lean: Vec<Value> = months
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| {
            let mut m = m.clone();
            if let Some(o) = m.as_object_mut() {
                o.remove("occupancy");
                o.remove("waiting_list");
            }
            m
        })
        .collect();
    let mut top = serde_json::Map::new();
    for k in ["scenario", "perspective"] {
        if let Some(v) = value.get(k) {
            top.insert(k.into(), v.clone());
        }
    }
    top.insert("monthly".into(), Value::Array(lean));
    tidy::rows(&Value::Object(top), &[])
}

/// A CSV written in the standard dialect (e.g. the PSA samples) rewritten in `dialect`:
/// fields that are numbers get a decimal comma, fields are separated by `;`, and a byte-order
/// mark leads. The standard dialect returns `text` as it is.
pub fn in_dialect(text: &str, dialect: CsvDialect) -> Result<String, String> {
    if dialect == CsvDialect::Standard {
        return Ok(text.to_owned());
    }
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut w = csv::WriterBuilder::new()
        .delimiter(dialect.delimiter())
        .from_writer(Vec::new());
    for record in r.records() {
        let record = record.map_err(|e| e.to_string())?;
        let fields: Vec<String> = record
            .iter()
            .map(|f| match f.parse::<f64>() {
                Ok(_) => dialect.number(f.to_owned()),
                Err(_) => f.to_owned(),
            })
            .collect();
        w.write_record(&fields).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
    Ok(format!("{}{text}", dialect.preamble()))
}

/// Rows as CSV text.
fn write(rows: &[Row], dialect: CsvDialect) -> Result<String, String> {
    let keys = tidy::key_columns(rows);
    let mut w = csv::WriterBuilder::new()
        .delimiter(dialect.delimiter())
        .from_writer(Vec::new());
    let mut header = vec!["table".to_owned()];
    header.extend(keys.iter().cloned());
    header.push("unit".into());
    header.extend(FIGURE_COLUMNS.iter().map(|c| c.to_string()));
    w.write_record(&header).map_err(|e| e.to_string())?;
    for row in rows {
        let mut rec = vec![row.table.clone()];
        rec.extend(keys.iter().map(|k| row.key(k).unwrap_or("").to_owned()));
        rec.push(row.unit_name().to_owned());
        rec.extend(figures(row, dialect));
        w.write_record(&rec).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
    Ok(format!("{}{text}", dialect.preamble()))
}

/// The seven figure cells of a row, rounded by its unit.
fn figures(row: &Row, dialect: CsvDialect) -> Vec<String> {
    let mut cells = vec![String::new(); FIGURE_COLUMNS.len()];
    match &row.figures {
        Figures::Stat(f) => {
            for (cell, x) in cells.iter_mut().zip(f) {
                if let Some(x) = x {
                    *cell = dialect.number(rounded(*x, row.unit.decimals()));
                }
            }
        }
        Figures::Integer(i) => cells[0] = i.to_string(),
        Figures::Empty => {}
    }
    cells
}

/// `x` with at most `decimals` decimals, trailing zeros dropped (`-0` written as `0`).
pub(crate) fn rounded(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        s
    };
    if s == "-0" {
        "0".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stat::Stat;

    fn sample() -> serde_json::Value {
        serde_json::json!({
            "scenario": "Bærum; test",
            "seed": 3,
            "summary": {
                "total_cost_nok": Stat::constant(1234567.891),
                "share_x": Stat::constant(0.123456),
                "b": {"y": null},
            },
            "monthly": [{"month": 0, "occupancy": {"homeless": 1.5}}],
        })
    }

    #[test]
    fn standard_rows_are_rounded_by_unit_and_keep_text() {
        let csv = to_csv(&sample(), CsvDialect::Standard).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "table,scenario,key,unit,mean,sd,ci95_low,ci95_high,p05,p50,p95"
        );
        assert_eq!(lines[1], "result,Bærum; test,seed,count,3,,,,,,");
        // Fields in name order (the JSON object's order).
        assert_eq!(lines[2], "summary.b,Bærum; test,y,count,,,,,,,");
        assert_eq!(
            lines[3],
            "summary,Bærum; test,share_x,share,0.1235,0,0.1235,0.1235,0.1235,0.1235,0.1235"
        );
        assert_eq!(
            lines[4],
            "summary,Bærum; test,total_cost_nok,NOK,1234568,0,1234568,1234568,1234568,1234568,1234568"
        );
        assert_eq!(lines.len(), 5);
    }

    #[test]
    fn norwegian_uses_semicolons_decimal_commas_and_a_bom() {
        let csv = to_csv(&sample(), CsvDialect::Norwegian).unwrap();
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert!(lines[0].starts_with("table;scenario;key;unit;mean;sd"));
        assert_eq!(lines[1], "result;\"Bærum; test\";seed;count;3;;;;;;");
        assert!(lines[3].ends_with(";share;0,1235;0;0,1235;0,1235;0,1235;0,1235;0,1235"));
    }

    #[test]
    fn monthly_rows_leave_out_the_plain_means() {
        let csv = monthly_csv(&sample(), CsvDialect::Standard).unwrap();
        assert_eq!(csv.lines().count(), 1, "{csv}");
    }

    #[test]
    fn a_standard_csv_is_rewritten_in_the_norwegian_dialect() {
        let text = "sample,strategy,cost\n1,\"A, B\",1234.5\n";
        assert_eq!(in_dialect(text, CsvDialect::Standard).unwrap(), text);
        assert_eq!(
            in_dialect(text, CsvDialect::Norwegian).unwrap(),
            "\u{feff}sample;strategy;cost\n1;A, B;1234,5\n"
        );
    }

    #[test]
    fn rounding_drops_trailing_zeros() {
        assert_eq!(rounded(2.0, 2), "2");
        assert_eq!(rounded(0.12345, 4), "0.1235");
        assert_eq!(rounded(-0.0001, 2), "0");
        assert_eq!(rounded(1e6 + 0.4, 0), "1000000");
    }
}
