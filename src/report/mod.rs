//! How results are shown: JSON (one document), CSV (a tidy table, one row per summarised
//! quantity, in a standard or a Norwegian dialect), an xlsx workbook (feature `xlsx`, on by
//! default) and a plain-text table for planners. Reporting reads results; it never computes
//! model quantities.

mod analyses;
mod cea;
pub mod cea_chart;
pub mod chart;
mod compare_table;
mod csv_rows;
pub mod plan;
mod sweep_chart;
mod sweep_table;
mod table;
pub mod tidy;
#[cfg(feature = "xlsx")]
mod xlsx;

pub use analyses::break_even_table;
pub use cea::{
    dsa_table, psa_ceac_svg, psa_evpi_svg, psa_plane_svg, psa_samples_csv, psa_table, tornado_svg,
};
pub use compare_table::comparison_table;
pub use csv_rows::{in_dialect, monthly_csv, to_csv, CsvDialect};
pub use sweep_table::sweep_table;
pub use table::{format_nok, run_table};
#[cfg(feature = "xlsx")]
pub use xlsx::to_xlsx;

pub use plan::{plan_svg, plan_table};

use serde::Serialize;

/// Output formats of the CLI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A readable text table.
    Table,
    /// One pretty-printed JSON document.
    Json,
    /// A tidy table, one row per summarised quantity.
    Csv,
    /// An Excel workbook (binary: written to a file only).
    Xlsx,
}

/// Pretty-printed JSON of any result, with a final newline.
pub fn to_json<T: Serialize>(result: &T) -> Result<String, serde_json::Error> {
    let mut s = serde_json::to_string_pretty(result)?;
    s.push('\n');
    Ok(s)
}
