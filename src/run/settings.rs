//! How many replications, under which seed, on how many threads: validated once.

use super::error::RunError;

/// Most replications one run takes (the scenario format's own limit).
pub const MAX_REPLICATIONS: u32 = 1_000_000;

/// Most worker threads.
pub const MAX_THREADS: usize = 1024;

/// The default memory budget for results kept until they are summarised: 4 GiB.
pub const DEFAULT_MEMORY_BUDGET_BYTES: u64 = 4 << 30;

/// Replications, seed and threads of a run. Built by [`RunSettings::new`], so a value that
/// exists is valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSettings {
    replications: u32,
    seed: u64,
    threads: Option<usize>,
    memory_budget_bytes: u64,
}

impl RunSettings {
    /// `replications` (1 to 1,000,000) under `seed`, on one thread per core.
    pub fn new(replications: u32, seed: u64) -> Result<RunSettings, RunError> {
        if replications == 0 || replications > MAX_REPLICATIONS {
            return Err(RunError::InvalidOption {
                option: "replications",
                message: format!("must be from 1 to {MAX_REPLICATIONS}, found {replications}"),
            });
        }
        Ok(RunSettings {
            replications,
            seed,
            threads: None,
            memory_budget_bytes: DEFAULT_MEMORY_BUDGET_BYTES,
        })
    }

    /// The same on `threads` worker threads (1 to 1024); results do not depend on it.
    pub fn with_threads(self, threads: usize) -> Result<RunSettings, RunError> {
        if threads == 0 || threads > MAX_THREADS {
            return Err(RunError::InvalidOption {
                option: "threads",
                message: format!("must be from 1 to {MAX_THREADS}, found {threads}"),
            });
        }
        Ok(RunSettings {
            threads: Some(threads),
            ..self
        })
    }

    /// The same with a memory budget of `bytes` for the results kept until they are
    /// summarised (default 4 GiB); a run whose estimate exceeds it is refused up front.
    pub fn with_memory_budget(self, bytes: u64) -> RunSettings {
        RunSettings {
            memory_budget_bytes: bytes,
            ..self
        }
    }

    /// The memory budget in bytes.
    pub fn memory_budget_bytes(&self) -> u64 {
        self.memory_budget_bytes
    }

    /// Refuse a run that keeps `bytes_per_replication` for each of its replications, if they
    /// would come to more than the memory budget.
    pub fn check_memory(&self, bytes_per_replication: u64) -> Result<(), RunError> {
        self.check_memory_for(bytes_per_replication, self.replications as u64)
    }

    /// Refuse to keep `bytes_per_replication` for each of `replications` replications (a
    /// shard's share) if they would come to more than the memory budget.
    pub fn check_memory_for(
        &self,
        bytes_per_replication: u64,
        replications: u64,
    ) -> Result<(), RunError> {
        let estimate = bytes_per_replication.saturating_mul(replications);
        if estimate > self.memory_budget_bytes {
            return Err(RunError::OverBudget {
                option: "replications",
                replications,
                estimate_bytes: estimate,
                budget_bytes: self.memory_budget_bytes,
            });
        }
        Ok(())
    }

    /// Replications.
    pub fn replications(&self) -> u32 {
        self.replications
    }

    /// Random seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Worker threads (`None`: one per core).
    pub fn threads(&self) -> Option<usize> {
        self.threads
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_settings_are_errors() {
        assert!(RunSettings::new(0, 1).is_err());
        assert!(RunSettings::new(MAX_REPLICATIONS + 1, 1).is_err());
        let ok = RunSettings::new(10, 1).unwrap();
        assert!(ok.with_threads(0).is_err());
        assert_eq!(ok.with_threads(2).unwrap().threads(), Some(2));
    }
}
