//! Shards: shard K of N runs a contiguous share of the replication indices (or, in a
//! probabilistic sensitivity analysis, of the outer samples), so N machines together run
//! exactly the work of one, with the same random streams.

use super::error::RunError;
use std::ops::Range;

/// Shard `k` of `n` (1 ≤ k ≤ n). Built by [`Shard::new`], so a value that exists is valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shard {
    k: u32,
    n: u32,
}

/// Most shards one run is split into.
pub const MAX_SHARDS: u32 = 1_000_000;

impl Shard {
    /// Shard `k` of `n`: 1 ≤ k ≤ n ≤ [`MAX_SHARDS`].
    pub fn new(k: u32, n: u32) -> Result<Shard, RunError> {
        if n == 0 || n > MAX_SHARDS || k == 0 || k > n {
            return Err(RunError::InvalidOption {
                option: "shard",
                message: format!(
                    "shard {k} of {n} does not exist; give K/N with 1 ≤ K ≤ N ≤ {MAX_SHARDS}"
                ),
            });
        }
        Ok(Shard { k, n })
    }

    /// The whole run as one shard (1 of 1).
    pub fn whole() -> Shard {
        Shard { k: 1, n: 1 }
    }

    /// This shard's number, from 1.
    pub fn k(&self) -> u32 {
        self.k
    }

    /// The number of shards.
    pub fn n(&self) -> u32 {
        self.n
    }

    /// This shard's share of the indices `0..total`: `⌊(k−1)·total/N⌋ .. ⌊k·total/N⌋`. The N
    /// shares are contiguous, in order, cover `0..total` exactly once, and differ in size by
    /// at most one (a shard is empty when N exceeds `total`).
    pub fn range(&self, total: u64) -> Range<u64> {
        let at = |j: u32| (u128::from(j) * u128::from(total) / u128::from(self.n)) as u64;
        at(self.k - 1)..at(self.k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_tile_the_indices_and_differ_by_at_most_one() {
        for total in [0u64, 1, 5, 7, 10, 100, 1001] {
            for n in 1..=12u32 {
                let ranges: Vec<_> = (1..=n)
                    .map(|k| Shard::new(k, n).unwrap().range(total))
                    .collect();
                assert_eq!(ranges[0].start, 0);
                assert_eq!(ranges[n as usize - 1].end, total);
                for w in ranges.windows(2) {
                    assert_eq!(w[0].end, w[1].start);
                }
                let sizes: Vec<u64> = ranges.iter().map(|r| r.end - r.start).collect();
                let (lo, hi) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
                assert!(hi - lo <= 1, "{total} in {n}: {sizes:?}");
            }
        }
        // 10 in 3: 0..3, 3..6, 6..10.
        assert_eq!(Shard::new(3, 3).unwrap().range(10), 6..10);
        assert_eq!(Shard::new(1, 3).unwrap().range(10), 0..3);
        assert_eq!(Shard::whole().range(9), 0..9);
    }

    #[test]
    fn impossible_shards_are_errors() {
        assert!(Shard::new(0, 3).is_err());
        assert!(Shard::new(4, 3).is_err());
        assert!(Shard::new(1, 0).is_err());
        assert!(Shard::new(1, MAX_SHARDS + 1).is_err());
        assert_eq!(Shard::new(3, 3).unwrap().k(), 3);
    }
}
