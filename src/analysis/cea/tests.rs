//! Tests of `Samples`, the CEAC, INB and inner noise.

use super::testutil::{normals, sd};
use super::*;

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn samples_refuse_bad_shapes_and_values() {
    let ok = || (vec![vec![1.0, 2.0]], vec![vec![0.0, 1.0]]);
    let (c, e) = ok();
    assert!(Samples::new(names(&["a"]), c, e).is_ok());
    let (c, e) = ok();
    assert_eq!(Samples::new(vec![], c, e), Err(CeaError::NoStrategies));
    assert!(matches!(
        Samples::new(names(&["a"]), vec![vec![1.0]], vec![vec![1.0]]),
        Err(CeaError::TooFewSamples {
            found: 1,
            needed: 2
        })
    ));
    let (c, e) = ok();
    assert!(matches!(
        Samples::new(names(&["a", "b"]), c, e),
        Err(CeaError::Shape { .. })
    ));
    assert!(matches!(
        Samples::new(names(&["a"]), vec![vec![1.0, 2.0]], vec![vec![1.0]]),
        Err(CeaError::Shape { .. })
    ));
    let err = Samples::new(
        names(&["a"]),
        vec![vec![1.0, f64::NAN]],
        vec![vec![1.0, 1.0]],
    );
    assert!(matches!(err, Err(CeaError::NonFinite { sample: 1, .. })));
    let two = vec![vec![1.0, 2.0]; 2];
    assert_eq!(
        Samples::new(names(&["a", "a"]), two.clone(), two),
        Err(CeaError::DuplicateName("a".into()))
    );
    assert!(Samples::new(names(&["a"]), vec![], vec![]).is_err());
}

/// Three strategies with noisy costs and effects.
fn three() -> Samples {
    let n = 400;
    let (z1, z2, z3) = (normals(1, n), normals(2, n), normals(3, n));
    let cost = vec![
        z1.iter().map(|z| 1000.0 + 100.0 * z).collect(),
        z2.iter().map(|z| 1500.0 + 300.0 * z).collect(),
        z3.iter().map(|z| 2500.0 + 200.0 * z).collect(),
    ];
    let effect = vec![
        z2.iter().map(|z| 10.0 + z).collect(),
        z3.iter().map(|z| 12.0 + z).collect(),
        z1.iter().map(|z| 13.0 + 2.0 * z).collect(),
    ];
    Samples::new(names(&["ref", "b", "c"]), cost, effect).unwrap()
}

#[test]
fn ceac_sums_to_one_and_frontier_is_argmax_of_expected_nb() {
    let s = three();
    let wtp: Vec<f64> = (0..=60).map(|k| 25.0 * k as f64).collect();
    let points = ceac(&s, &wtp);
    assert_eq!(points.len(), wtp.len());
    let (mc, me) = (s.mean_cost(), s.mean_effect());
    let mut frontiers = HashSet::new();
    for p in &points {
        let total: f64 = p.probability.0.iter().map(|(_, v)| v).sum();
        assert!((total - 1.0).abs() < 1e-12);
        let enb: Vec<f64> = mc.iter().zip(&me).map(|(c, e)| p.wtp * e - c).collect();
        let best = (0..3).max_by(|&a, &b| enb[a].total_cmp(&enb[b])).unwrap();
        assert_eq!(p.frontier, s.strategies()[best]);
        frontiers.insert(p.frontier.clone());
    }
    // The grid crosses every switch: ref (λ < 250), b, then c (λ > 1000).
    assert_eq!(frontiers.len(), 3);
}

#[test]
fn ceac_by_hand_with_ties_shared() {
    // At λ = 0, NB = −cost: samples won by a, b, a, and a tie.
    let s = Samples::new(
        names(&["a", "b"]),
        vec![vec![1.0, 3.0, 1.0, 2.0], vec![2.0, 1.0, 3.0, 2.0]],
        vec![vec![0.0; 4], vec![0.0; 4]],
    )
    .unwrap();
    let p = &ceac(&s, &[0.0, f64::NAN])[..];
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].probability.get("a"), Some(0.625));
    assert_eq!(p[0].probability.get("b"), Some(0.375));
    assert_eq!(p[0].frontier, "a");
    let json = serde_json::to_string(&p[0]).unwrap();
    assert_eq!(
        json,
        r#"{"wtp":0.0,"probability":{"a":0.625,"b":0.375},"frontier":"a"}"#
    );
}

#[test]
fn ceac_keeps_strategy_order_in_json() {
    let s = Samples::new(
        names(&["zeta", "alpha"]),
        vec![vec![0.0, 0.0], vec![1.0, 1.0]],
        vec![vec![0.0, 0.0], vec![0.0, 0.0]],
    )
    .unwrap();
    let json = serde_json::to_string(&ceac(&s, &[1.0])).unwrap();
    assert!(json.contains(r#"{"zeta":1.0,"alpha":0.0}"#), "{json}");
}

#[test]
fn inb_matches_reference_values() {
    // INB = −Δcost at λ = 0: 1..=10. numpy: mean 5.5, std(ddof=1) 3.0276503540974917,
    // percentile([2.5, 97.5]) = 1.225, 9.775.
    let cost_b: Vec<f64> = (1..=10).map(|k| -(k as f64)).collect();
    let s = Samples::new(
        names(&["a", "b"]),
        vec![vec![0.0; 10], cost_b],
        vec![vec![0.0; 10]; 2],
    )
    .unwrap();
    let p = incremental_net_benefit(&s, &[0.0]);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].strategy, "b");
    assert!((p[0].mean - 5.5).abs() < 1e-12);
    assert!((p[0].sd - 3.027_650_354_097_491_7).abs() < 1e-12);
    assert!((p[0].p025 - 1.225).abs() < 1e-12);
    assert!((p[0].p975 - 9.775).abs() < 1e-12);
    assert_eq!(p[0].probability_positive, 1.0);
    // At λ = 1 with effect gain 0 and the same costs shifted by −6: 5 of 10 positive.
    let p = incremental_net_benefit(&s, &[1.0]);
    assert_eq!(p[0].wtp, 1.0);
    let json = serde_json::to_string(&p[0]).unwrap();
    for key in [
        "wtp",
        "strategy",
        "mean",
        "sd",
        "p025",
        "p975",
        "probability_positive",
    ] {
        assert!(json.contains(&format!("\"{key}\":")), "{json}");
    }
}

#[test]
fn inner_noise_recovers_known_share() {
    // Two-level model: sample means θ_k ~ N(0, τ² = 1); replications θ_k + ε, ε ~ N(0, 4);
    // R = 20. Share = (4/20) / (1 + 4/20) = 1/6.
    let (k, r) = (2000, 20);
    let theta = normals(11, k);
    let eps = normals(12, k * r);
    let mut means = Vec::with_capacity(k);
    let mut within = Vec::with_capacity(k);
    for (i, t) in theta.iter().enumerate() {
        let reps: Vec<f64> = eps[i * r..(i + 1) * r]
            .iter()
            .map(|e| t + 2.0 * e)
            .collect();
        means.push(reps.iter().sum::<f64>() / r as f64);
        within.push(sd(&reps).powi(2));
    }
    let n = inner_noise(&means, &within, r as u32);
    // Tolerance: the share's sampling sd is about share·√(2/K) ≈ 0.005; allow 4 of them.
    assert!((n.share - 1.0 / 6.0).abs() < 0.02, "{n:?}");
    assert!((n.inner_variance_of_mean - 0.2).abs() < 0.01, "{n:?}");
    assert!((n.between_sample_variance - 1.2).abs() < 0.1, "{n:?}");
    assert!(n.is_large());
    let quiet = inner_noise(&means, &within, 2000);
    assert!(!quiet.is_large());
}

#[test]
fn inner_noise_degenerate_inputs() {
    assert_eq!(inner_noise(&[], &[], 0).share, 0.0);
    assert_eq!(inner_noise(&[1.0, 1.0], &[0.0, 0.0], 5).share, 0.0);
    assert_eq!(inner_noise(&[1.0, 1.0], &[1.0, 1.0], 5).share, 1.0);
    let n = inner_noise(&[0.0, 2.0, f64::NAN], &[1.0, 1.0], 0);
    assert!((n.share - 0.5).abs() < 1e-12);
}

#[test]
fn samples_icers_use_means() {
    let s = three();
    let rows = s.icers();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].strategy, "ref");
}
