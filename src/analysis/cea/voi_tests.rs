//! EVPI and EVPPI against closed forms.
//!
//! Tolerances: each Monte Carlo comparison allows 4 standard errors of the estimator, the
//! standard error estimated from the same samples, plus (for EVPPI) a small allowance for the
//! regression's overfitting bias, stated where used.

use super::super::testutil::{normal_evpi, normals, sd, uniforms};
use super::super::{CeaError, Samples};
use super::{evpi, evppi};

/// Two strategies: the reference at zero, the other with cost `cost` and effect `effect`.
fn pair(cost: Vec<f64>, effect: Vec<f64>) -> Samples {
    let n = cost.len();
    let names = vec!["ref".to_string(), "new".to_string()];
    Samples::new(names, vec![vec![0.0; n], cost], vec![vec![0.0; n], effect]).unwrap()
}

/// Standard error of mean(max(0, x)) − max(0, mean(x)) from the sample.
fn evpi_se(x: &[f64]) -> f64 {
    let positive = x.iter().sum::<f64>() > 0.0;
    let loss: Vec<f64> = x
        .iter()
        .map(|&v| v.max(0.0) - if positive { v } else { 0.0 })
        .collect();
    sd(&loss) / (x.len() as f64).sqrt()
}

#[test]
fn evpi_of_normal_inb_matches_closed_form() {
    let n = 20_000;
    let z = normals(21, n);
    for (mu, sigma) in [(1000.0, 2000.0), (-500.0, 1500.0), (0.0, 800.0)] {
        // At λ = 0 the INB is −cost.
        let inb: Vec<f64> = z.iter().map(|z| mu + sigma * z).collect();
        let s = pair(inb.iter().map(|x| -x).collect(), vec![0.0; n]);
        let got = evpi(&s, &[0.0])[0].evpi;
        let want = normal_evpi(mu, sigma);
        let tol = 4.0 * evpi_se(&inb);
        assert!(
            (got - want).abs() < tol,
            "μ {mu} σ {sigma}: {got} vs {want} ± {tol}"
        );
    }
}

/// The linear-normal case: Δe = 1 + 0.3·x1, Δc = 900 − 300·x2, x1, x2 ~ N(0, 1) independent,
/// so at λ = 1000 the INB is 100 + 300·x1 + 300·x2 and EVPPI(x1) = EVPPI(x2) = L(100, 300).
fn linear_normal(seed: u64, n: usize) -> (Samples, Vec<f64>, Vec<f64>) {
    let x1 = normals(seed, n);
    let x2 = normals(seed + 1_000_000, n);
    let effect = x1.iter().map(|x| 1.0 + 0.3 * x).collect();
    let cost = x2.iter().map(|x| 900.0 - 300.0 * x).collect();
    (pair(cost, effect), x1, x2)
}

const LAMBDA: f64 = 1000.0;

#[test]
fn evppi_of_one_of_two_independent_parameters_matches_closed_form() {
    let n = 4000;
    let (s, x1, x2) = linear_normal(31, n);
    let want = normal_evpi(100.0, 300.0);
    for x in [&x1, &x2] {
        let got = evppi(&s, &[x], &[LAMBDA]).unwrap()[0];
        // SE from the conditional INB, 100 + 300·x; bias allowance 2 % (5 coefficients /
        // 4000 samples of a residual of sd 300 moves the fit by about 10 NOK at most).
        let g: Vec<f64> = x.iter().map(|v| 100.0 + 300.0 * v).collect();
        let tol = 4.0 * evpi_se(&g) + 0.02 * want;
        assert!((got - want).abs() < tol, "{got} vs {want} ± {tol}");
    }
    // Both together are all the uncertainty: EVPPI = EVPI on the same samples.
    let both = evppi(&s, &[&x1, &x2], &[LAMBDA]).unwrap()[0];
    let all = evpi(&s, &[LAMBDA])[0].evpi;
    assert!((both - all).abs() < 0.01 * all, "{both} vs {all}");
}

#[test]
fn evppi_of_the_only_uncertain_parameter_equals_evpi() {
    // Nonlinear in x: INB = 1000·(x + 0.5·x² − 0.5), mean 0.
    let n = 2000;
    let x = normals(41, n);
    let cost: Vec<f64> = x
        .iter()
        .map(|v| -1000.0 * (v + 0.5 * v * v - 0.5))
        .collect();
    let s = pair(cost, vec![0.0; n]);
    let got = evppi(&s, &[&x], &[0.0]).unwrap()[0];
    let all = evpi(&s, &[0.0])[0].evpi;
    assert!((got - all).abs() < 0.02 * all, "{got} vs {all}");
}

#[test]
fn evppi_of_a_parameter_that_changes_nothing_is_near_zero() {
    let n = 2000;
    let z = normals(51, n);
    let u = uniforms(52, n);
    // INB ~ N(0, 1000²) independent of u: the hardest case (any overfit crosses zero).
    let s = pair(z.iter().map(|v| -1000.0 * v).collect(), vec![0.0; n]);
    let all = evpi(&s, &[0.0])[0].evpi;
    let got = evppi(&s, &[&u], &[0.0]).unwrap()[0];
    assert!(got >= 0.0 && got < 0.05 * all, "{got} vs EVPI {all}");
    // A constant input: exactly 0, with or without other constants.
    let c = vec![3.5; n];
    assert_eq!(evppi(&s, &[&c], &[0.0, 10.0]).unwrap(), vec![0.0, 0.0]);
    assert_eq!(evppi(&s, &[&c, &c], &[0.0]).unwrap(), vec![0.0]);
    // A constant beside a real input changes nothing.
    let alone = evppi(&s, &[&z], &[0.0]).unwrap()[0];
    let beside = evppi(&s, &[&z, &c], &[0.0]).unwrap()[0];
    assert!((alone - beside).abs() < 1e-6 * all);
}

#[test]
fn evppi_refuses_bad_inputs() {
    let (s, x1, _) = linear_normal(61, 40);
    assert_eq!(evppi(&s, &[], &[1.0]), Err(CeaError::NoInputs));
    let short = vec![0.0; 39];
    assert!(matches!(
        evppi(&s, &[&short], &[1.0]),
        Err(CeaError::Shape { .. })
    ));
    let mut bad = x1.clone();
    bad[3] = f64::INFINITY;
    assert!(matches!(
        evppi(&s, &[&bad], &[1.0]),
        Err(CeaError::NonFinite { sample: 3, .. })
    ));
    assert!(matches!(
        evppi(&s, &[&x1], &[f64::NAN]),
        Err(CeaError::NonFinite { .. })
    ));
    // 40 samples fit one parameter (3 knots: 3 coefficients, 30 samples), and two only
    // without splines or products (linear: 3 coefficients); five need 60 even linearly.
    assert!(evppi(&s, &[&x1], &[1.0]).is_ok());
    let square: Vec<f64> = x1.iter().map(|v| v * v).collect();
    assert!(evppi(&s, &[&x1, &square], &[1.0]).is_ok());
    let powers: Vec<Vec<f64>> = (1..=5)
        .map(|p| x1.iter().map(|v| v.powi(p)).collect())
        .collect();
    let inputs: Vec<&[f64]> = powers.iter().map(Vec::as_slice).collect();
    let err = evppi(&s, &inputs, &[1.0]);
    assert!(matches!(
        err,
        Err(CeaError::TooFewSamplesForBasis {
            samples: 40,
            inputs: 5,
            needed: 60,
            ..
        })
    ));
}

#[test]
fn evppi_with_only_the_reference_is_zero() {
    let s = Samples::new(
        vec!["a".into()],
        vec![vec![1.0, 2.0, 3.0]],
        vec![vec![0.0; 3]],
    )
    .unwrap();
    let x = [1.0, 2.0, 4.0];
    // Three samples cannot fit even the smallest basis.
    assert!(evppi(&s, &[&x], &[1.0]).is_err());
    let x: Vec<f64> = (0..40).map(f64::from).collect();
    let s = Samples::new(vec!["a".into()], vec![x.clone()], vec![x.clone()]).unwrap();
    assert_eq!(evppi(&s, &[&x], &[1.0, 2.0]).unwrap(), vec![0.0, 0.0]);
}

/// Relative errors against the closed form of EVPPI(x1), over `reps` data sets of `n` samples:
/// (RMSE of the regression estimate, its mean error, RMSE of the oracle that knows the true
/// conditional INB 100 + 300·x1 and so has Monte Carlo error only).
fn relative_error(n: usize, reps: u64) -> (f64, f64, f64) {
    let want = normal_evpi(100.0, 300.0);
    let (mut sq, mut sum, mut oracle) = (0.0, 0.0, 0.0);
    for r in 0..reps {
        let (s, x1, _) = linear_normal(1000 + r * 7919, n);
        let e = evppi(&s, &[&x1], &[LAMBDA]).unwrap()[0] / want - 1.0;
        let g: Vec<f64> = x1.iter().map(|v| 100.0 + 300.0 * v).collect();
        let mean_g = g.iter().sum::<f64>() / n as f64;
        let exact = g.iter().map(|v| v.max(0.0)).sum::<f64>() / n as f64 - mean_g.max(0.0);
        (sq, sum, oracle) = (sq + e * e, sum + e, oracle + (exact / want - 1.0).powi(2));
    }
    let k = reps as f64;
    ((sq / k).sqrt(), sum / k, (oracle / k).sqrt())
}

/// The accuracy study quoted in the docs of `evppi`: error vs samples on the linear-normal case.
#[test]
fn evppi_error_shrinks_with_samples() {
    let reps = 40;
    let errors: Vec<(usize, (f64, f64, f64))> = [250, 500, 1000, 4000]
        .iter()
        .map(|&n| (n, relative_error(n, reps)))
        .collect();
    eprintln!(
        "EVPPI (samples, (relative RMSE, bias, oracle RMSE)) over {reps} data sets: {errors:?}"
    );
    assert!(errors[3].1 .0 < errors[0].1 .0);
    assert!(errors[2].1 .0 < 0.15, "{errors:?}");
    assert!(errors[3].1 .0 < 0.08, "{errors:?}");
}

#[test]
fn evppi_of_an_interacting_pair_equals_evpi() {
    // INB = 100 + 300·x1·x2: neither parameter alone tells anything (E[INB | x1] = 100), the
    // pair tells everything; the pairwise-product column is what captures it.
    let n = 2000;
    let (x1, x2) = (normals(71, n), normals(72, n));
    let cost: Vec<f64> = x1
        .iter()
        .zip(&x2)
        .map(|(a, b)| -(100.0 + 300.0 * a * b))
        .collect();
    let s = pair(cost, vec![0.0; n]);
    let all = evpi(&s, &[0.0])[0].evpi;
    let both = evppi(&s, &[&x1, &x2], &[0.0]).unwrap()[0];
    assert!((both - all).abs() < 0.02 * all, "{both} vs {all}");
    let one = evppi(&s, &[&x1], &[0.0]).unwrap()[0];
    assert!(one < 0.05 * all, "{one} vs {all}");
}

#[test]
fn evpi_serialises_with_contract_names() {
    let (s, _, _) = linear_normal(81, 50);
    let json = serde_json::to_string(&evpi(&s, &[LAMBDA, f64::INFINITY])).unwrap();
    assert!(json.starts_with("[{\"wtp\":1000.0,\"evpi\":"), "{json}");
    assert_eq!(json.matches("wtp").count(), 1);
}
