//! CSV in long form: one row per summarised quantity (every Stat in the result), named by its
//! path in the JSON output, e.g. `summary.cost_by_item_nok.staff`.

use serde::Serialize;
use serde_json::Value;

const HEADER: [&str; 8] = [
    "quantity",
    "mean",
    "sd",
    "ci95_low",
    "ci95_high",
    "p05",
    "p50",
    "p95",
];

/// CSV of every Stat in `result` (depth-first, in output order), plus plain numbers as rows
/// with only a mean. Monthly series are left out (they are in the JSON output).
pub fn to_csv<T: Serialize>(result: &T) -> Result<String, String> {
    let value = serde_json::to_value(result).map_err(|e| e.to_string())?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(HEADER).map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    walk(&value, String::new(), &mut rows);
    for row in rows {
        w.write_record(&row).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

fn is_stat(map: &serde_json::Map<String, Value>) -> bool {
    ["mean", "sd", "ci95", "p05", "p50", "p95"]
        .iter()
        .all(|k| map.contains_key(*k))
}

fn num(v: &Value) -> String {
    v.as_f64().map(|x| x.to_string()).unwrap_or_default()
}

fn walk(v: &Value, path: String, rows: &mut Vec<Vec<String>>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_owned()
        } else {
            format!("{path}.{k}")
        }
    };
    match v {
        Value::Object(map) if is_stat(map) => {
            let ci = map.get("ci95").and_then(Value::as_array);
            let ci_at = |i: usize| ci.and_then(|c| c.get(i)).map(num).unwrap_or_default();
            rows.push(vec![
                path.clone(),
                num(&map["mean"]),
                num(&map["sd"]),
                ci_at(0),
                ci_at(1),
                num(&map["p05"]),
                num(&map["p50"]),
                num(&map["p95"]),
            ]);
        }
        Value::Object(map) => {
            for (k, child) in map {
                if k == "monthly" {
                    continue;
                }
                walk(child, join(k), rows);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                walk(child, format!("{path}[{i}]"), rows);
            }
        }
        Value::Number(_) => {
            let mut row = vec![path, num(v)];
            row.resize(HEADER.len(), String::new());
            rows.push(row);
        }
        Value::Null => {
            let mut row = vec![path];
            row.resize(HEADER.len(), String::new());
            rows.push(row);
        }
        Value::String(_) | Value::Bool(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stat::Stat;

    #[test]
    fn one_row_per_stat_and_number() {
        let v = serde_json::json!({
            "seed": 3,
            "summary": {"a": Stat::constant(2.0), "b": {"x": Stat::constant(1.0), "y": null}},
            "monthly": [{"z": 1}],
        });
        let csv = to_csv(&v).unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "quantity,mean,sd,ci95_low,ci95_high,p05,p50,p95");
        assert!(lines.contains(&"summary.a,2,0,2,2,2,2,2"));
        assert!(lines.contains(&"summary.b.x,1,0,1,1,1,1,1"));
        assert!(lines.contains(&"summary.b.y,,,,,,,"));
        assert!(lines.contains(&"seed,3,,,,,,"));
        assert_eq!(lines.len(), 5);
    }
}
