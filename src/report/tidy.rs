//! Any result as tidy rows: one row per summarised quantity, with its place in the result
//! spelled out as key columns a spreadsheet can filter and pivot on. The CSV and xlsx outputs
//! are both written from these rows.
//!
//! How a result's JSON becomes rows:
//! - `table` is the path of the object that holds the quantity, array positions left out
//!   (`summary.cost_by_item_nok`, `summary.per_year.cost_by_payer_nok`, `monthly.spread.occupancy`);
//!   `key` is the quantity's name in that object (`staff`, `municipality`, `total_cost_nok`);
//! - text and true/false fields become key columns of every row below the object that holds
//!   them (`scenario`, `perspective`, `against`, `status`, …), so no text is lost;
//! - inside arrays, the fields that say which element it is (`year`, `label` as `period`,
//!   `month`, `staff_per_resident`, `staff_fte`, `participants`, `wtp`) become key columns too;
//! - a Stat gives `mean, sd, ci95_low, ci95_high, p05, p50, p95`; a monthly spread gives
//!   `mean, sd, ci95_low, ci95_high`; a plain number gives `mean` only; `null` gives an empty row;
//! - `unit` says what the number counts (NOK, share, count, …) and so how it is rounded.

use serde_json::{Map, Value};

/// Fields of an array element that name it, with the column they go to.
const IDENTIFIERS: [(&str, &str); 7] = [
    ("year", "year"),
    ("label", "period"),
    ("month", "month"),
    ("staff_per_resident", "staff_per_resident"),
    ("staff_fte", "staff_fte"),
    ("participants", "participants"),
    ("wtp", "wtp"),
];

/// What a number counts, which decides how it is rounded and formatted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Norwegian kroner (whole kroner).
    Nok,
    /// A share or probability between 0 and 1 (4 decimals).
    Share,
    /// Seconds of wall time (3 decimals).
    Seconds,
    /// A count, a number of months or any other number (2 decimals).
    Count,
}

impl Unit {
    /// The name written in the `unit` column.
    pub fn name(self) -> &'static str {
        match self {
            Unit::Nok => "NOK",
            Unit::Share => "share",
            Unit::Seconds => "seconds",
            Unit::Count => "count",
        }
    }

    /// Decimals kept in CSV.
    pub fn decimals(self) -> usize {
        match self {
            Unit::Nok => 0,
            Unit::Share => 4,
            Unit::Seconds => 3,
            Unit::Count => 2,
        }
    }

    /// The unit of quantity `key` in table `table`: the key's own name decides, else the
    /// table's segments from the last.
    fn of(table: &str, key: &str) -> Unit {
        std::iter::once(key)
            .chain(table.rsplit('.'))
            .find_map(Unit::from_name)
            .unwrap_or(Unit::Count)
    }

    fn from_name(name: &str) -> Option<Unit> {
        if name.ends_with("_nok") || name.contains("cost") || name.contains("saving") {
            Some(Unit::Nok)
        } else if ["share", "probability", "retention"]
            .iter()
            .any(|w| name.contains(w))
        {
            Some(Unit::Share)
        } else if name.ends_with("_seconds") {
            Some(Unit::Seconds)
        } else {
            None
        }
    }
}

/// The figures of one row.
#[derive(Clone, Debug, PartialEq)]
pub enum Figures {
    /// mean, sd, ci95 low and high, p05, p50, p95 (`None` where the quantity has no such
    /// figure, e.g. percentiles of a monthly spread).
    Stat([Option<f64>; 7]),
    /// A whole number, kept exact (a seed may exceed what a float holds).
    Integer(i128),
    /// Nothing (a quantity that is `null`, e.g. no stay qualified).
    Empty,
}

/// The names of the figure columns, in order.
pub const FIGURE_COLUMNS: [&str; 7] = ["mean", "sd", "ci95_low", "ci95_high", "p05", "p50", "p95"];

/// One quantity.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The path of the object holding it, array positions left out.
    pub table: String,
    /// Key columns (name, value), outermost first, `key` last.
    pub keys: Vec<(String, String)>,
    /// What it counts.
    pub unit: Unit,
    /// Its figures.
    pub figures: Figures,
}

impl Row {
    /// The name written in the `unit` column: the result's `currency` for amounts of money
    /// (NOK unless the scenario says otherwise), else the unit's own name.
    pub fn unit_name(&self) -> &str {
        match (self.unit, self.key("currency")) {
            (Unit::Nok, Some(currency)) => currency,
            _ => self.unit.name(),
        }
    }

    /// The value of key column `name`, if the row has it.
    pub fn key(&self, name: &str) -> Option<&str> {
        self.keys
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every quantity of `value` (a result's JSON) as a row, in output order; top-level fields
/// named in `skip` are left out.
pub fn rows(value: &Value, skip: &[&str]) -> Vec<Row> {
    let mut out = Vec::new();
    if let Value::Object(map) = value {
        let filtered: Map<String, Value> = map
            .iter()
            .filter(|(k, _)| !skip.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        object(&filtered, "", &mut Vec::new(), &mut out);
    }
    out
}

/// The key columns of all `rows`, in the order they first appear (`key` last).
pub fn key_columns(rows: &[Row]) -> Vec<String> {
    let mut cols: Vec<String> = Vec::new();
    for r in rows {
        for (k, _) in &r.keys {
            if k != "key" && !cols.contains(k) {
                cols.push(k.clone());
            }
        }
    }
    cols.push("key".into());
    cols
}

fn join(path: &str, k: &str) -> String {
    if path.is_empty() {
        k.to_owned()
    } else {
        format!("{path}.{k}")
    }
}

fn is_stat(map: &Map<String, Value>) -> bool {
    ["mean", "sd", "ci95"].iter().all(|k| map.contains_key(*k))
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The rows of object `map` at `path`, under the key columns `keys`.
fn object(
    map: &Map<String, Value>,
    path: &str,
    keys: &mut Vec<(String, String)>,
    out: &mut Vec<Row>,
) {
    let before = keys.len();
    for (k, v) in map {
        if let Some(t) = text(v) {
            keys.push((k.clone(), t));
        }
    }
    for (k, v) in map {
        if text(v).is_none() {
            value(v, path, k, keys, out);
        }
    }
    keys.truncate(before);
}

/// The rows of `v`, the field `k` of the object at `path`.
fn value(v: &Value, path: &str, k: &str, keys: &mut Vec<(String, String)>, out: &mut Vec<Row>) {
    let leaf = |figures| Row {
        table: if path.is_empty() {
            "result".into()
        } else {
            path.to_owned()
        },
        keys: keys
            .iter()
            .cloned()
            .chain([("key".to_owned(), k.to_owned())])
            .collect(),
        unit: Unit::of(path, k),
        figures,
    };
    match v {
        Value::Object(m) if is_stat(m) => out.push(leaf(stat(m))),
        Value::Object(m) => object(m, &join(path, k), keys, out),
        Value::Array(items) => array(items, &join(path, k), keys, out),
        Value::Number(n) => out.push(leaf(number(n))),
        Value::Null => out.push(leaf(Figures::Empty)),
        Value::String(_) | Value::Bool(_) => {}
    }
}

fn array(items: &[Value], path: &str, keys: &mut Vec<(String, String)>, out: &mut Vec<Row>) {
    let k = path.rsplit('.').next().unwrap_or(path).to_owned();
    let parent = path.rsplit_once('.').map_or("", |(p, _)| p).to_owned();
    for item in items {
        match item {
            Value::Object(m) if !is_stat(m) => {
                let before = keys.len();
                let mut rest = m.clone();
                for (field, column) in IDENTIFIERS {
                    if let Some(id) = rest.remove(field) {
                        keys.push((column.to_owned(), plain(&id)));
                    }
                }
                object(&rest, path, keys, out);
                keys.truncate(before);
            }
            // An array of numbers or Stats: one row each, numbered from 1.
            other => {
                let before = keys.len();
                keys.push(("index".into(), (out.len() + 1).to_string()));
                value(other, &parent, &k, keys, out);
                keys.truncate(before);
            }
        }
    }
}

/// A value as plain text (an identifier column).
fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn number(n: &serde_json::Number) -> Figures {
    if let Some(i) = n.as_i64() {
        Figures::Integer(i.into())
    } else if let Some(u) = n.as_u64() {
        Figures::Integer(u.into())
    } else {
        let mut f = [None; 7];
        f[0] = n.as_f64();
        Figures::Stat(f)
    }
}

fn stat(m: &Map<String, Value>) -> Figures {
    let get = |k: &str| m.get(k).and_then(Value::as_f64);
    let ci = m.get("ci95").and_then(Value::as_array);
    let ci_at = |i: usize| ci.and_then(|c| c.get(i)).and_then(Value::as_f64);
    Figures::Stat([
        get("mean"),
        get("sd"),
        ci_at(0),
        ci_at(1),
        get("p05"),
        get("p50"),
        get("p95"),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stat::Stat;

    #[test]
    fn paths_become_tables_keys_and_identifier_columns() {
        let v = serde_json::json!({
            "scenario": "Bergen",
            "seed": 3,
            "summary": {
                "total_cost_nok": Stat::constant(2.0),
                "cost_by_item_nok": {"staff": Stat::constant(1.0)},
                "per_year": [{"year": 1, "label": "year 1", "total_cost_nok": Stat::constant(5.0)}],
                "retention": {"specialized": {"12": null}},
            },
            "monthly": [{"month": 0}],
        });
        let rows = rows(&v, &["monthly"]);
        let find = |table: &str, key: &str| {
            rows.iter()
                .find(|r| r.table == table && r.key("key") == Some(key))
                .unwrap()
                .clone()
        };
        assert_eq!(rows.len(), 5);
        assert_eq!(find("result", "seed").figures, Figures::Integer(3));
        let total = find("summary", "total_cost_nok");
        assert_eq!(total.unit, Unit::Nok);
        assert_eq!(total.key("scenario"), Some("Bergen"));
        assert_eq!(find("summary.cost_by_item_nok", "staff").unit, Unit::Nok);
        let year = find("summary.per_year", "total_cost_nok");
        assert_eq!(
            (year.key("year"), year.key("period")),
            (Some("1"), Some("year 1"))
        );
        let retention = find("summary.retention.specialized", "12");
        assert_eq!(
            (retention.unit, retention.figures),
            (Unit::Share, Figures::Empty)
        );
        assert_eq!(
            key_columns(&rows),
            vec!["scenario", "year", "period", "key"]
        );
    }
}
