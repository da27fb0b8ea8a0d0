//! Retention cohorts inside a cell. Retention asks, of every housing stay begun during the run,
//! whether it lasted 12, 24 and 36 months; nothing else in the model may depend on how long a
//! resident has been in a state once it is past the state's last duration band. So instead of
//! keeping a cell per month of entry until the stays are 36 months old, a cell past its last
//! band keeps a *ring*: how many of its residents began their stay in each of the last 36
//! months. The cell moves as one (one draw per month where it used to be one per month of
//! entry); the ring only follows who is who.
//!
//! This is exact because the residents of a cell are exchangeable: whoever leaves it is a
//! uniformly random choice among its residents, so the months of entry of those who leave
//! follow a multivariate hypergeometric law given how many leave. The engine draws that
//! choice resident by resident ([`Ring::pick`]: sequential draws without replacement, each an
//! exact uniform integer), or, for a cell's own leavers where the ring is large, cohort by
//! cohort ([`Ring::draw_leavers`]: an independent binomial per month of entry, the same law
//! as one binomial for the cell followed by the hypergeometric split).

use super::outcome::RETENTION_MONTHS;
use rand_xoshiro::Xoshiro256PlusPlus;

/// The longest retention milestone: stays older than this are not followed.
pub(crate) const LONGEST: u32 = RETENTION_MONTHS[RETENTION_MONTHS.len() - 1];

/// Slots of a ring: a stay is followed from month 1 to month [`LONGEST`] in state, and a slot
/// more keeps the months of entry of one ring apart (see [`Ring::slot_of`]).
pub(crate) const SLOTS: usize = LONGEST as usize + 1;

const _: () = {
    // `LONGEST` is the largest milestone only if the milestones ascend.
    let mut k = 1;
    while k < RETENTION_MONTHS.len() {
        assert!(RETENTION_MONTHS[k - 1] < RETENTION_MONTHS[k]);
        k += 1;
    }
};

/// The months of entry of a cell's residents whose stays retention still follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Ring {
    /// Residents by month of entry e, at slot `e % SLOTS`. At the start of month t the ring
    /// holds months of entry t − 36 … t − 1 at most, so no two share a slot.
    pub slot: [u32; SLOTS],
    /// Sum of `slot`.
    pub tracked: u32,
    /// Residents of the cell already drawn as leavers by [`Ring::draw_leavers`] (their months
    /// of entry already removed), to be taken out of the cell later in the same step.
    pub held: u32,
}

impl Default for Ring {
    fn default() -> Ring {
        Ring {
            slot: [0; SLOTS],
            tracked: 0,
            held: 0,
        }
    }
}

impl Ring {
    /// A ring of `n` residents who entered in month `entered` (≥ 1).
    pub fn of(entered: u32, n: u32) -> Ring {
        let mut r = Ring::default();
        r.slot[Ring::slot_of(entered)] = n;
        r.tracked = n;
        r
    }

    /// The slot of month of entry `e`.
    #[inline]
    pub fn slot_of(e: u32) -> usize {
        e as usize % SLOTS
    }

    /// Month `t` begins: `reached(k, n)` for the `n` residents whose stays have lasted k
    /// months, for every milestone k; those at the last milestone leave the ring.
    #[inline]
    pub fn month_begins(&mut self, t: u32, mut reached: impl FnMut(u32, u32)) {
        if self.tracked == 0 {
            return;
        }
        for k in RETENTION_MONTHS {
            if t > k {
                let n = self.slot[Ring::slot_of(t - k)];
                if n > 0 {
                    reached(k, n);
                }
            }
        }
        if t > LONGEST {
            let s = Ring::slot_of(t - LONGEST);
            self.tracked -= self.slot[s];
            self.slot[s] = 0;
        }
    }

    /// The ring's stays still open at the end of a run of `horizon` months: `reached(k, n)`
    /// for those that reach milestone k at its end.
    pub fn close(&self, horizon: u32, mut reached: impl FnMut(u32, u32)) {
        let end = horizon + 1;
        for k in RETENTION_MONTHS {
            if end > k {
                let n = self.slot[Ring::slot_of(end - k)];
                if n > 0 {
                    reached(k, n);
                }
            }
        }
    }

    /// How many months of entry the ring holds residents of.
    #[inline]
    pub fn cohorts(&self) -> u32 {
        self.slot.iter().map(|&n| (n > 0) as u32).sum()
    }

    /// The leavers of a cell of `count` residents with this ring, cohort by cohort: `draw(n)`
    /// says how many of `n` leave (one exact binomial), first for the residents the ring does
    /// not follow, then for each month of entry. The leavers' months of entry leave the ring
    /// and they are held until taken out of the cell. Returns the leavers in all.
    pub fn draw_leavers(&mut self, count: u32, mut draw: impl FnMut(u32) -> u32) -> u32 {
        debug_assert_eq!(self.held, 0);
        let mut left = draw(count - self.tracked);
        for s in self.slot.iter_mut() {
            if *s > 0 {
                let k = draw(*s);
                *s -= k;
                self.tracked -= k;
                left += k;
            }
        }
        self.held = left;
        left
    }

    /// `n` residents leave a cell of `count` residents with this ring: the held ones first,
    /// then a uniformly random choice among the others, resident by resident (each an exact
    /// uniform draw among those not yet chosen). The months of entry of the chosen ones leave
    /// the ring and are added to `into`, if given. Draws nothing when the ring follows none of
    /// the candidates. Returns how many of the chosen the ring followed.
    pub fn pick(
        &mut self,
        count: u32,
        n: u32,
        rng: &mut Xoshiro256PlusPlus,
        mut into: Option<&mut Ring>,
    ) -> u32 {
        debug_assert!(n <= count && self.tracked + self.held <= count);
        let from_held = n.min(self.held);
        let mut candidates = count - self.held;
        self.held -= from_held;
        let mut got = 0;
        for _ in from_held..n {
            if self.tracked == 0 {
                break;
            }
            let u = crate::sampling::below(candidates as u64, rng) as u32;
            candidates -= 1;
            if u >= self.tracked {
                continue; // one the ring does not follow
            }
            let mut below = u;
            for (s, m) in self.slot.iter_mut().enumerate() {
                if below < *m {
                    *m -= 1;
                    self.tracked -= 1;
                    got += 1;
                    if let Some(r) = into.as_deref_mut() {
                        r.slot[s] += 1;
                        r.tracked += 1;
                    }
                    break;
                }
                below -= *m;
            }
        }
        got
    }

    /// Add `other`'s residents (two cells merge).
    pub fn absorb(&mut self, other: &Ring) {
        for (a, b) in self.slot.iter_mut().zip(other.slot) {
            *a += b;
        }
        self.tracked += other.tracked;
        self.held += other.held;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn milestones_are_counted_once_and_the_oldest_leave() {
        let mut r = Ring::of(3, 5);
        let mut seen = Vec::new();
        for t in 4..=60 {
            r.month_begins(t, |k, n| seen.push((t, k, n)));
        }
        assert_eq!(seen, [(15, 12, 5), (27, 24, 5), (39, 36, 5)]);
        assert_eq!(r, Ring::default());
    }

    #[test]
    fn open_stays_close_at_the_end_of_the_horizon() {
        // Entered in month 89 of 100: 12 months at the end of month 100.
        let r = Ring::of(89, 2);
        let mut seen = Vec::new();
        r.close(100, |k, n| seen.push((k, n)));
        assert_eq!(seen, [(12, 2)]);
    }

    #[test]
    fn held_leavers_go_first_and_picks_are_uniform() {
        // A cell of 10: 3 not followed, 4 from month 1, 3 from month 2. Pick 2 of them, many
        // times: every pair of residents is equally likely, so the number from month 1 is
        // hypergeometric.
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        let mut by_month1 = [0u32; 3];
        let trials = 200_000;
        for _ in 0..trials {
            let mut r = Ring::of(1, 4);
            r.absorb(&Ring::of(2, 3));
            let mut out = Ring::default();
            let got = r.pick(10, 2, &mut rng, Some(&mut out));
            assert_eq!(got, out.tracked);
            assert_eq!(r.tracked + out.tracked, 7);
            by_month1[out.slot[1] as usize] += 1;
        }
        // P(k from month 1) = C(4,k) C(6,2−k) / C(10,2) = 15/45, 24/45, 6/45.
        for (k, expected) in [15.0, 24.0, 6.0].iter().enumerate() {
            let p = expected / 45.0;
            let sd = (p * (1.0 - p) / trials as f64).sqrt();
            let seen = by_month1[k] as f64 / trials as f64;
            assert!((seen - p).abs() < 5.0 * sd, "k = {k}: {seen} vs {p}");
        }
        // Held residents are taken without a draw.
        let mut r = Ring::of(1, 4);
        let left = r.draw_leavers(6, |n| n.min(2));
        assert_eq!((left, r.held, r.tracked), (4, 4, 2));
        let before = rng.clone();
        assert_eq!(r.pick(6, 4, &mut rng, None), 0);
        assert_eq!(rng, before);
        assert_eq!((r.held, r.tracked), (0, 2));
    }
}
