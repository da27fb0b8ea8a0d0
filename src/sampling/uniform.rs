//! Exact uniform integers: Lemire's multiply-and-reject method. A w-bit random word x times n
//! is hi · 2ʷ + lo; every hi in 0..n comes from exactly ⌊2ʷ ÷ n⌋ words with lo ≥ 2ʷ mod n, so
//! rejecting the others leaves every outcome equally likely. (rand 0.9's `random_range` without
//! its `unbiased` feature is not exact: it corrects the bias with one more word instead of
//! rejecting.)

use rand::RngCore;

/// A uniform integer in 0..n (n ≥ 1), exact: one 64-bit number, another one with probability
/// below n ÷ 2⁶⁴.
#[inline]
pub fn below<R: RngCore + ?Sized>(n: u64, rng: &mut R) -> u64 {
    below_in_words::<64>(n, || rng.next_u64())
}

/// [`below`] on `W`-bit words: the low `W` bits of each number `next` gives.
#[inline]
fn below_in_words<const W: u32>(n: u64, mut next: impl FnMut() -> u64) -> u64 {
    loop {
        if let Some(k) = accept::<W>(next(), n) {
            return k;
        }
    }
}

/// One step of the method on the `W`-bit word in the low bits of `x`: the outcome, or `None`
/// when the word is rejected.
#[inline]
fn accept<const W: u32>(x: u64, n: u64) -> Option<u64> {
    debug_assert!(n >= 1 && (W == 64 || n <= 1 << W));
    let mask: u128 = (1u128 << W) - 1;
    let m = (x as u128 & mask) * n as u128;
    let lo = m & mask;
    // 2ʷ mod n, computed only when it can matter (it is below n).
    (lo >= n as u128 || lo >= ((1u128 << W) - n as u128) % n as u128).then_some((m >> W) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn every_outcome_comes_from_equally_many_words() {
        // On 8-bit words, every word for every n: each outcome comes from ⌊256 ÷ n⌋ words and
        // the other 256 mod n words are rejected (drawn again).
        for n in 1..=256u64 {
            let mut hits = vec![0u32; n as usize];
            let mut rejected = 0;
            for x in 0..256u64 {
                match accept::<8>(x, n) {
                    Some(k) => hits[k as usize] += 1,
                    None => rejected += 1,
                }
            }
            assert_eq!(rejected, 256 % n as u32, "n = {n}");
            assert!(
                hits.iter().all(|&h| h == 256 / n as u32),
                "n = {n}: {hits:?}"
            );
        }
        // A rejected word is followed by the next one.
        // (n = 255: 256 mod 255 = 1, so only the word 0, with 0 · 255 = 0, is rejected.)
        let mut words = [0u64, 1].into_iter();
        assert_eq!(accept::<8>(0, 255), None);
        assert_eq!(below_in_words::<8>(255, || words.next().unwrap()), 0);
        assert!(words.next().is_none());
    }

    #[test]
    fn below_covers_its_range_uniformly() {
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(5);
        let n = 7;
        let draws = 700_000;
        let mut hits = [0u32; 7];
        for _ in 0..draws {
            hits[below(n, &mut rng) as usize] += 1;
        }
        let expected = draws as f64 / n as f64;
        let chi2: f64 = hits
            .iter()
            .map(|&h| (h as f64 - expected).powi(2) / expected)
            .sum();
        // 6 degrees of freedom: P(χ² > 22.46) = 0.001.
        assert!(chi2 < 22.46, "{hits:?}");
        assert_eq!(below(1, &mut rng), 0);
    }
}
