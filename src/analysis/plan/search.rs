//! The search over the grid of mixes, apart from the simulation: it asks an evaluator for the
//! [`Score`]s of batches of mixes and keeps every score it has seen.
//!
//! # Why this search
//! The outcome of a mix is a Monte Carlo estimate, and programs interact: a specialised place
//! frees a congregate place, Housing First empties hospits, so the effect of two programs
//! together is not the sum of their effects. Two things make a local search sound here:
//!
//! - **Common random numbers.** Every mix runs the same replications with the same random
//!   streams, so for a given seed the estimated cost and target probabilities are a fixed
//!   function of the mix, and the difference between two neighbouring mixes is the mixes'
//!   effect, not noise: a move that looks better is better on the same replications. (A search
//!   on independent runs would chase noise; rerunning a mix gives the same figures.)
//! - **Joint moves, no additivity.** Each step looks at every mix that changes one *or two*
//!   programs by one step (up, down, or one up and the other down — one kind of place in
//!   place of another), evaluated as whole scenarios; nothing is assumed about how programs
//!   combine. Greedy marginal analysis (add the unit with the best effect per krone) would
//!   assume diminishing, separable returns and is not used.
//!
//! Mixes are ranked lexicographically: every mix meeting the targets before every mix that
//! does not; among the first, lower expected cost; among the others, smaller shortfall from the
//! targets, then lower cost; ties by the mix itself (fewer units of earlier candidates first),
//! so the result never depends on the order of evaluation. The search descends (best
//! improvement) from the largest mix and from the smallest, then scans every size of each
//! program with the others held at the best mix found, and descends again from any better mix
//! the scan finds, until nothing improves. It stops at a mix no single or paired step and no
//! one-program change improves; `--exhaustive` evaluates the whole grid instead, for small
//! grids and as the reference the tests compare the search with.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A mix: one level index per candidate (level k of candidate c is `min + k × step` units).
pub type Mix = Vec<usize>;

/// How good an evaluated mix is.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score {
    /// Whether the mix meets every target.
    pub feasible: bool,
    /// How far it is from meeting them (0 when feasible; larger is worse).
    pub shortfall: f64,
    /// The objective's mean over replications.
    pub cost: f64,
}

/// The ranking of mixes: feasible first, then by cost (feasible) or shortfall and cost
/// (infeasible), then by the mix.
pub fn rank(a: (&Mix, &Score), b: (&Mix, &Score)) -> Ordering {
    let (ma, sa) = a;
    let (mb, sb) = b;
    sb.feasible
        .cmp(&sa.feasible)
        .then_with(|| {
            if sa.feasible {
                Ordering::Equal
            } else {
                sa.shortfall.total_cmp(&sb.shortfall)
            }
        })
        .then_with(|| sa.cost.total_cmp(&sb.cost))
        .then_with(|| ma.cmp(mb))
}

/// Every mix evaluated, with its score.
pub type Seen = BTreeMap<Mix, Score>;

/// Evaluates a batch of mixes (all new), returning their scores in the same order.
pub type Evaluate<'a, E> = dyn FnMut(&[Mix]) -> Result<Vec<Score>, E> + 'a;

/// The local search over a grid with `levels[c]` sizes for candidate c. Returns every mix
/// evaluated.
pub fn local_search<E>(levels: &[usize], eval: &mut Evaluate<'_, E>) -> Result<Seen, E> {
    let mut seen = Seen::new();
    let top: Mix = levels.iter().map(|n| n - 1).collect();
    let bottom: Mix = vec![0; levels.len()];
    evaluate(&mut seen, &[top.clone(), bottom.clone()], eval)?;
    let mut best = descend(top, levels, &mut seen, eval)?;
    let other = descend(bottom, levels, &mut seen, eval)?;
    best = better(&seen, best, other);
    loop {
        let scanned = scan(&best, levels, &mut seen, eval)?;
        if scanned == best {
            return Ok(seen);
        }
        best = descend(scanned, levels, &mut seen, eval)?;
    }
}

/// Every mix of the grid.
pub fn all_mixes(levels: &[usize]) -> impl Iterator<Item = Mix> + '_ {
    let total: usize = levels.iter().product();
    (0..total).map(move |mut k| {
        let mut mix = vec![0; levels.len()];
        for (c, n) in levels.iter().enumerate().rev() {
            mix[c] = k % n;
            k /= n;
        }
        mix
    })
}

/// The best mix seen.
pub fn best(seen: &Seen) -> Option<(&Mix, &Score)> {
    seen.iter().min_by(|a, b| rank(*a, *b))
}

fn better(seen: &Seen, a: Mix, b: Mix) -> Mix {
    if rank((&b, &seen[&b]), (&a, &seen[&a])) == Ordering::Less {
        b
    } else {
        a
    }
}

/// Score the mixes not seen yet, in one batch.
fn evaluate<E>(seen: &mut Seen, mixes: &[Mix], eval: &mut Evaluate<'_, E>) -> Result<(), E> {
    let mut new: Vec<Mix> = mixes
        .iter()
        .filter(|m| !seen.contains_key(*m))
        .cloned()
        .collect();
    new.sort();
    new.dedup();
    if new.is_empty() {
        return Ok(());
    }
    let scores = eval(&new)?;
    seen.extend(new.into_iter().zip(scores));
    Ok(())
}

/// Best-improvement descent from `from` over single and paired one-step moves.
fn descend<E>(
    mut at: Mix,
    levels: &[usize],
    seen: &mut Seen,
    eval: &mut Evaluate<'_, E>,
) -> Result<Mix, E> {
    loop {
        let around = neighbours(&at, levels);
        evaluate(seen, &around, eval)?;
        let next = around
            .into_iter()
            .fold(at.clone(), |b, m| better(seen, b, m));
        if next == at {
            return Ok(at);
        }
        at = next;
    }
}

/// Every size of each candidate with the others held at `at`; the best mix among them.
fn scan<E>(
    at: &Mix,
    levels: &[usize],
    seen: &mut Seen,
    eval: &mut Evaluate<'_, E>,
) -> Result<Mix, E> {
    let mut line = Vec::new();
    for (c, &n) in levels.iter().enumerate() {
        for k in 0..n {
            let mut m = at.clone();
            m[c] = k;
            line.push(m);
        }
    }
    evaluate(seen, &line, eval)?;
    Ok(line.into_iter().fold(at.clone(), |b, m| better(seen, b, m)))
}

/// Mixes that change one or two candidates by one level.
fn neighbours(at: &Mix, levels: &[usize]) -> Vec<Mix> {
    let shift = |m: &Mix, c: usize, d: isize| -> Option<Mix> {
        let k = m[c] as isize + d;
        (k >= 0 && (k as usize) < levels[c]).then(|| {
            let mut n = m.clone();
            n[c] = k as usize;
            n
        })
    };
    let mut out = Vec::new();
    for c in 0..levels.len() {
        for d in [-1, 1] {
            let Some(one) = shift(at, c, d) else { continue };
            for c2 in c + 1..levels.len() {
                for d2 in [-1, 1] {
                    out.extend(shift(&one, c2, d2));
                }
            }
            out.push(one);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exhaustive(levels: &[usize], f: &dyn Fn(&Mix) -> Score) -> Seen {
        all_mixes(levels).map(|m| (m.clone(), f(&m))).collect()
    }

    fn search(levels: &[usize], f: &dyn Fn(&Mix) -> Score) -> Seen {
        let mut eval = |ms: &[Mix]| -> Result<Vec<Score>, ()> { Ok(ms.iter().map(f).collect()) };
        local_search(levels, &mut eval).unwrap()
    }

    /// Three programs where the second substitutes for the first and the third is needed
    /// only together with the second: not additive.
    fn interacting(m: &Mix) -> Score {
        let (a, b, c) = (m[0] as f64, m[1] as f64, m[2] as f64);
        let served = a + 0.8 * b + (b.min(c)) * 0.5;
        let cost = 10.0 * a + 7.0 * b + 3.0 * c + 12.0 * (20.0 - served).max(0.0);
        let short = (15.0 - served).max(0.0);
        Score {
            feasible: short == 0.0,
            shortfall: short,
            cost,
        }
    }

    #[test]
    fn the_grid_is_enumerated_in_order() {
        let all: Vec<Mix> = all_mixes(&[2, 3]).collect();
        assert_eq!(all.len(), 6);
        assert_eq!(all[0], vec![0, 0]);
        assert_eq!(all[1], vec![0, 1]);
        assert_eq!(all[5], vec![1, 2]);
    }

    #[test]
    fn neighbours_move_one_or_two_programs_one_step() {
        let n = neighbours(&vec![1, 1, 1], &[3, 3, 3]);
        // 2 × 3 single moves and 4 × 3 paired moves.
        assert_eq!(n.len(), 18);
        assert!(n.iter().all(|m| {
            let d: Vec<usize> = m
                .iter()
                .zip([1, 1, 1])
                .map(|(a, b)| a.abs_diff(b))
                .collect();
            d.iter().all(|x| *x <= 1) && (1..=2).contains(&d.iter().sum::<usize>())
        }));
        assert_eq!(neighbours(&vec![0], &[1]).len(), 0);
    }

    #[test]
    fn the_search_finds_the_exhaustive_optimum_with_fewer_evaluations() {
        let levels = [16, 16, 12];
        let all = exhaustive(&levels, &interacting);
        let found = search(&levels, &interacting);
        assert_eq!(best(&found).unwrap().0, best(&all).unwrap().0);
        assert!(
            found.len() * 2 < all.len(),
            "{} of {}",
            found.len(),
            all.len()
        );
    }

    #[test]
    fn ties_are_broken_by_the_mix() {
        let flat = |_: &Mix| Score {
            feasible: true,
            shortfall: 0.0,
            cost: 1.0,
        };
        assert_eq!(best(&search(&[4, 4], &flat)).unwrap().0, &vec![0, 0]);
    }

    #[test]
    fn feasible_mixes_rank_before_cheaper_infeasible_ones() {
        let a = Score {
            feasible: true,
            shortfall: 0.0,
            cost: 9.0,
        };
        let b = Score {
            feasible: false,
            shortfall: 0.1,
            cost: 1.0,
        };
        assert_eq!(rank((&vec![1], &a), (&vec![0], &b)), Ordering::Less);
    }
}
