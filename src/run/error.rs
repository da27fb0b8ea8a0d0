//! Why a run cannot go ahead.

use crate::scenario::Issue;
use thiserror::Error;

/// Why a run, a batch or an analysis cannot go ahead. Options are named as the library names
/// them (`replications`, `threads`, …); the command line maps them to its flags.
#[derive(Debug, Error, Clone, PartialEq)]
#[non_exhaustive]
pub enum RunError {
    /// An option is out of range.
    #[error("{option}: {message}")]
    InvalidOption {
        /// The option, e.g. `replications`.
        option: &'static str,
        /// What is wrong and what is allowed.
        message: String,
    },
    /// The work asked for would need more memory than the documented budget.
    #[error("{option}: {message}")]
    TooLarge {
        /// The option that sets the size, e.g. `replications`.
        option: &'static str,
        /// The estimate and the limit.
        message: String,
    },
    /// The results kept until the summary would need more memory than the budget.
    #[error(
        "{option}: {replications} replications keep about {} of results until they are \
         summarised, over the memory budget of {}; give fewer replications or a larger \
         memory budget",
        size(*estimate_bytes), size(*budget_bytes)
    )]
    OverBudget {
        /// The option that sets the size (`replications`).
        option: &'static str,
        /// Replications asked for.
        replications: u64,
        /// Estimated bytes kept.
        estimate_bytes: u64,
        /// The budget.
        budget_bytes: u64,
    },
    /// The models cannot be analysed together: a setting they must share differs (e.g.
    /// `costs.currency`).
    #[error("{file}: {issue}")]
    Incomparable {
        /// The scenario file whose setting differs from the first's.
        file: String,
        /// The field path and what differs.
        issue: Issue,
    },
    /// A batch needs at least one model.
    #[error("a batch needs at least one model")]
    NoVariants,
    /// The worker threads could not be started.
    #[error("cannot start {} worker threads: {reason}", threads.map_or("the".to_owned(), |n| n.to_string()))]
    Threads {
        /// Threads asked for (`None`: one per core).
        threads: Option<usize>,
        /// Why.
        reason: String,
    },
}

const GIB: f64 = (1u64 << 30) as f64;

/// `bytes` in the largest binary unit that leaves at least 1 (GiB, MiB, KiB), to one decimal;
/// below 1 KiB, in bytes.
fn size(bytes: u64) -> String {
    let b = bytes as f64;
    for (unit, name) in [(GIB, "GiB"), (GIB / 1024.0, "MiB"), (1024.0, "KiB")] {
        if b >= unit {
            return format!("{:.1} {name}", b / unit);
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    #[test]
    fn sizes_read_in_the_largest_unit_that_fits() {
        assert_eq!(super::size(107), "107 bytes");
        assert_eq!(super::size(1536), "1.5 KiB");
        assert_eq!(super::size(3 << 20), "3.0 MiB");
        assert_eq!(super::size(4 << 30), "4.0 GiB");
    }
}
