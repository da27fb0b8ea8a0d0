//! The exact samplers against their probability functions: chi-square tests over 10⁸ binomial
//! draws across the regimes (small n, small n·p by inversion, the switch to BTRS at n·p = 10,
//! large n·p, p above ½), and the multinomial chain against the multinomial probability
//! function. The reference probabilities come from the plain recurrence
//! f(k + 1)/f(k) = (n − k)/(k + 1) · p/(1 − p), normalised, which shares no code with the
//! samplers. A test also shows the check's power: it rejects a sampler with a small known
//! flaw, and rand_distr 0.5.1's binomial at a parameter where its left tail is wrong.

use housing_sim::sampling::{multinomial, Binomial};
use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

/// z of the chi-square statistic (Wilson–Hilferty); a correct sampler stays below this at a
/// fixed seed with overwhelming probability (p ≈ 3e−5 per test).
const Z_MAX: f64 = 4.0;

/// The binomial probabilities f(lo..=hi) (outside: below 1e−30 of the total, ignored).
fn binomial_pmf(n: u64, p: f64) -> (u64, Vec<f64>) {
    let (nf, q) = (n as f64, 1.0 - p);
    let mode = ((nf + 1.0) * p).floor().min(nf) as u64;
    let sd = (nf * p * q).sqrt();
    let lo = mode.saturating_sub((14.0 * sd + 30.0) as u64);
    let hi = (mode + (14.0 * sd + 30.0) as u64).min(n);
    let mut f = vec![0.0; (hi - lo + 1) as usize];
    f[(mode - lo) as usize] = 1.0;
    for k in mode..hi {
        let i = (k - lo) as usize;
        f[i + 1] = f[i] * (n - k) as f64 / (k + 1) as f64 * p / q;
    }
    for k in (lo + 1..=mode).rev() {
        let i = (k - lo) as usize;
        f[i - 1] = f[i] * k as f64 / (n - k + 1) as f64 * q / p;
    }
    let total: f64 = f.iter().sum();
    f.iter_mut().for_each(|x| *x /= total);
    (lo, f)
}

/// z of the chi-square statistic of `observed` against `expected` counts, pooling cells
/// (in order) until each expects at least 20 draws.
fn chi_square_z(observed: &[u64], expected: &[f64]) -> f64 {
    let mut cells: Vec<(f64, f64)> = Vec::new();
    let (mut o, mut e) = (0.0, 0.0);
    for (&x, &m) in observed.iter().zip(expected) {
        o += x as f64;
        e += m;
        if e >= 20.0 {
            cells.push((o, e));
            (o, e) = (0.0, 0.0);
        }
    }
    // The leftover upper tail joins the last cell.
    let last = cells.last_mut().expect("at least one cell");
    last.0 += o;
    last.1 += e;
    let stat: f64 = cells.iter().map(|(o, e)| (o - e) * (o - e) / e).sum();
    let df = (cells.len() - 1) as f64;
    let t = 2.0 / (9.0 * df);
    ((stat / df).cbrt() - (1.0 - t)) / t.sqrt()
}

/// The z of `draws` draws of `sample` against Binomial(n, p).
fn binomial_z(n: u64, p: f64, draws: u64, mut sample: impl FnMut() -> u64) -> f64 {
    let (lo, pmf) = binomial_pmf(n, p);
    let mut counts = vec![0u64; pmf.len()];
    let mut outside = 0u64;
    for _ in 0..draws {
        let k = sample();
        assert!(k <= n, "draw {k} above n = {n}");
        match k.checked_sub(lo).map(|i| i as usize) {
            Some(i) if i < counts.len() => counts[i] += 1,
            _ => outside += 1,
        }
    }
    assert_eq!(outside, 0, "draws outside 14 sd of the mean");
    let expected: Vec<f64> = pmf.iter().map(|f| f * draws as f64).collect();
    chi_square_z(&counts, &expected)
}

#[test]
fn binomial_draws_follow_the_pmf_in_every_regime() {
    // (n, p, draws): 10⁸ draws in all.
    let cases: [(u64, f64, u64); 10] = [
        (1, 0.3, 5_000_000),              // one trial
        (5, 0.3, 10_000_000),             // small n, inversion
        (1_000, 0.0099, 10_000_000),      // n·p = 9.9: inversion, just below the switch
        (50, 0.2, 10_000_000),            // n·p = 10: BTRS, at the switch
        (1_000, 0.011, 20_000_000),       // n·p = 11: BTRS, where a truncating left tail shows
        (40, 0.5, 10_000_000),            // symmetric
        (100, 0.93, 10_000_000),          // p > ½, rarer outcome by inversion
        (200, 0.75, 10_000_000),          // p > ½, rarer outcome by BTRS
        (1_000_000, 0.37, 10_000_000),    // large n·p
        (1_000_000_000, 3e-9, 5_000_000), // huge n, tiny p
    ];
    for (i, (n, p, draws)) in cases.into_iter().enumerate() {
        let b = Binomial::new(n, p).unwrap();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1_000 + i as u64);
        let z = binomial_z(n, p, draws, || b.sample(&mut rng));
        assert!(z < Z_MAX, "Binomial({n}, {p}): chi-square z = {z:.2}");
    }
}

#[test]
fn the_check_rejects_small_flaws() {
    // Moving one draw in 2,000 of k = 11 to k = 0 (a shift of 5e−4 of probability).
    let (n, p) = (1_000, 0.011);
    let b = Binomial::new(n, p).unwrap();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
    let mut flip = 0u32;
    let z = binomial_z(n, p, 20_000_000, || match b.sample(&mut rng) {
        11 => {
            flip += 1;
            if flip % 2_000 == 0 {
                0
            } else {
                11
            }
        }
        k => k,
    });
    assert!(z > 3.0 * Z_MAX, "a flawed sampler passed: z = {z:.2}");
    // rand_distr 0.5.1's BTPE truncates proposals in (−1, 0) to 0 (P(0) about doubles here).
    // If this fails after an upgrade, that binomial may be fixed: drop this half.
    let rd = rand_distr::Binomial::new(n, p).unwrap();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(6);
    let z = binomial_z(n, p, 20_000_000, || {
        rand_distr::Distribution::sample(&rd, &mut rng)
    });
    assert!(z > 3.0 * Z_MAX, "rand_distr's binomial passed: z = {z:.2}");
}

/// Multinomial probability of the counts `x` with probabilities `p`.
fn multinomial_pmf(x: &[u64], p: &[f64]) -> f64 {
    let n: u64 = x.iter().sum();
    let fact = |k: u64| (1..=k).map(|i| i as f64).product::<f64>();
    let coef = fact(n) / x.iter().map(|&k| fact(k)).product::<f64>();
    coef * x
        .iter()
        .zip(p)
        .map(|(&k, &q)| q.powi(k as i32))
        .product::<f64>()
}

#[test]
fn multinomial_draws_follow_the_pmf() {
    // Weights need not sum to 1; a zero weight takes nothing.
    let weights = [1.0, 2.0, 0.0, 3.0, 4.0];
    let p: Vec<f64> = weights.iter().map(|w| w / 10.0).collect();
    let n = 6u64;
    // Every outcome (x0, x1, x3, x4) with x2 = 0, indexed in base n + 1.
    let base = (n + 1) as usize;
    let index = |x: &[u64]| (x[0] as usize * base + x[1] as usize) * base + x[3] as usize;
    let mut expected = vec![0.0; base * base * base];
    let mut outcomes = 0;
    for a in 0..=n {
        for b in 0..=n - a {
            for c in 0..=n - a - b {
                let x = [a, b, 0, c, n - a - b - c];
                expected[index(&x)] = multinomial_pmf(&x, &p);
                outcomes += 1;
            }
        }
    }
    assert_eq!(outcomes, 84);
    let draws = 10_000_000u64;
    let mut counts = vec![0u64; expected.len()];
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(9);
    let mut out = [0u64; 5];
    for _ in 0..draws {
        multinomial(n, &weights, &mut rng, &mut out).unwrap();
        assert_eq!(out[2], 0);
        assert_eq!(out.iter().sum::<u64>(), n);
        counts[index(&out)] += 1;
    }
    let expected: Vec<f64> = expected.iter().map(|f| f * draws as f64).collect();
    let z = chi_square_z(&counts, &expected);
    assert!(z < Z_MAX, "multinomial: chi-square z = {z:.2}");
}
