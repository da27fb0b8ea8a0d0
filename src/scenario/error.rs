//! Errors at the scenario boundary: reading, parsing and validating a scenario.

use std::fmt;
use thiserror::Error;

mod words;
pub(crate) use words::plain_words;

/// One broken rule: where (a field path such as `programs[2].units`) and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issue {
    /// Field path in the scenario, e.g. `profiles[0].transitions.temporary.to.congregate`.
    pub path: String,
    /// What is wrong, saying what was expected and what was found.
    pub message: String,
}

impl Issue {
    /// An issue at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "(whole document): {}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Why a scenario could not be used. Every variant names the file (or `<in-memory>` for a
/// scenario built in code).
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ScenarioError {
    /// The file could not be read (missing, a directory, no permission, too large).
    #[error("{file}: cannot read the scenario file: {reason}")]
    Read {
        /// The file.
        file: String,
        /// Why.
        reason: String,
    },
    /// The file is not valid JSON of the scenario format.
    #[error("{file}: {issue}")]
    Parse {
        /// The file.
        file: String,
        /// Where and what.
        issue: Issue,
    },
    /// The scenario parsed but breaks one or more rules.
    #[error("{file}: invalid scenario:{}", list(.issues))]
    Invalid {
        /// The file.
        file: String,
        /// Every broken rule found.
        issues: Vec<Issue>,
    },
}

/// Most issues printed in an error message; the rest are counted
/// ([`ScenarioError::issues`] has them all).
const MAX_ISSUES_SHOWN: usize = 50;

fn list(issues: &[Issue]) -> String {
    let mut text: String = issues
        .iter()
        .take(MAX_ISSUES_SHOWN)
        .map(|i| format!("\n  {i}"))
        .collect();
    if let Some(more) = issues
        .len()
        .checked_sub(MAX_ISSUES_SHOWN)
        .filter(|&n| n > 0)
    {
        let s = if more == 1 { "" } else { "s" };
        text.push_str(&format!("\n  … and {more} more issue{s}"));
    }
    text
}

impl ScenarioError {
    /// The broken rules (one for read and parse errors, whose path is empty for a read error).
    pub fn issues(&self) -> Vec<Issue> {
        match self {
            ScenarioError::Read { reason, .. } => vec![Issue::new("", reason.clone())],
            ScenarioError::Parse { issue, .. } => vec![issue.clone()],
            ScenarioError::Invalid { issues, .. } => issues.clone(),
        }
    }

    /// The same error attributed to another file name.
    pub fn with_file(self, name: &str) -> ScenarioError {
        let file = name.to_owned();
        match self {
            ScenarioError::Read { reason, .. } => ScenarioError::Read { file, reason },
            ScenarioError::Parse { issue, .. } => ScenarioError::Parse { file, issue },
            ScenarioError::Invalid { issues, .. } => ScenarioError::Invalid { file, issues },
        }
    }
}
