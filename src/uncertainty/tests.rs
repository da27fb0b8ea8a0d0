//! Reference values from SciPy 1.17 where named; Monte Carlo checks use tolerances in
//! standard errors ([`SE`]).

use super::*;
use crate::scenario::{Moments, Triangle};
use serde_json::{json, Value};

/// Tolerance of Monte Carlo checks, in standard errors.
const SE: f64 = 5.0;

fn scenario(uncertainty: Value, origin: &str) -> Scenario {
    let mut doc: Value =
        serde_json::from_str(include_str!("../../tests/common/small-base.json")).unwrap();
    doc["uncertainty"] = uncertainty;
    serde_json::from_value::<Scenario>(doc)
        .unwrap()
        .with_origin(origin)
}

fn gamma_price() -> Value {
    json!({"name": "price", "path": "programs[hospits].hospits.housing_per_month_nok",
           "distribution": {"gamma": {"mean": 25000, "sd": 2500}}})
}

fn row() -> Value {
    json!({"name": "row", "path": "profiles[mild].transitions.congregate",
           "distribution": {"dirichlet": {"alpha": {"temporary": 1, "ordinary": 3, "stay": 36}}}})
}

/// Sample mean and sd of `n` draws, and the standard error of the variance (estimated from
/// the fourth central moment).
fn moments(xs: &[f64]) -> (f64, f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let m4 = xs.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n;
    (mean, var.sqrt(), ((m4 - var * var) / n).sqrt())
}

#[test]
fn draws_have_the_requested_mean_and_sd() {
    let m = |mean, sd| Moments { mean, sd };
    let cases = [
        Distribution::Normal(m(10.0, 3.0)),
        Distribution::Lognormal(m(1000.0, 500.0)),
        Distribution::Gamma(m(25000.0, 2500.0)),
        Distribution::Gamma(m(2.0, 4.0)),
        Distribution::Beta(m(0.2, 0.05)),
        Distribution::Beta(m(0.02, 0.03)),
        Distribution::Uniform(crate::scenario::Interval {
            low: 5.0,
            high: 9.0,
        }),
        Distribution::Triangular(Triangle {
            low: 100.0,
            mode: 150.0,
            high: 300.0,
        }),
    ];
    let mut rng = parameter_rng(11, 0);
    for d in cases {
        let xs: Vec<f64> = (0..200_000)
            .map(|_| marginal::sample(&d, &mut rng))
            .collect();
        let (mean, sd, se_var) = moments(&xs);
        let (want_mean, want_sd) = marginal::mean_sd(&d);
        let se_mean = want_sd / (xs.len() as f64).sqrt();
        assert!(
            (mean - want_mean).abs() < SE * se_mean,
            "{d:?}: mean {mean}, want {want_mean}"
        );
        let var_off = (sd * sd - want_sd * want_sd).abs();
        assert!(var_off < SE * se_var, "{d:?}: sd {sd}, want {want_sd}");
    }
}

#[test]
fn analytic_moments_of_lognormal_and_triangular_match_scipy() {
    // scipy.stats.triang(c=0.25, loc=100, scale=200).mean(), .std()
    let t = Distribution::Triangular(Triangle {
        low: 100.0,
        mode: 150.0,
        high: 300.0,
    });
    let (mean, sd) = marginal::mean_sd(&t);
    assert!((mean - 183.33333333333334).abs() < 1e-12 && (sd - 42.49182927993987).abs() < 1e-12);
}

#[test]
fn percentiles_match_scipy() {
    let set = ParameterSet::new(&[&scenario(
        json!({"parameters": [gamma_price(), row(),
            {"name": "leave", "path": "profiles[0].transitions.congregate.to.temporary",
             "distribution": {"beta": {"mean": 0.2, "sd": 0.05}}},
            {"name": "ln", "path": "programs[0].capital_per_unit_month_nok",
             "distribution": {"lognormal": {"mean": 1000, "sd": 500}}},
            {"name": "tri", "path": "programs[0].running_per_occupied_unit_month_nok",
             "distribution": {"triangular": {"low": 100, "mode": 150, "high": 300}}}]}),
        "a.json",
    )])
    .unwrap();
    let by_name = |n: &str| set.summaries().into_iter().find(|s| s.name == n).unwrap();
    let expect = [
        // scipy.stats.gamma(a=100, scale=250).ppf([0.025, 0.975])
        ("price", 20340.997812730784, 30132.236938288865),
        // scipy.stats.beta(3, 37).ppf([0.025, 0.975]): the marginal of `ordinary`
        ("row.ordinary", 0.01615330031065837, 0.17324478137360572),
        // scipy.stats.beta(36, 4).ppf([0.025, 0.975])
        ("row.stay", 0.7912980787735568, 0.9713398948739037),
        // scipy.stats.beta(12.6, 50.4).ppf([0.025, 0.975])
        ("leave", 0.1116377999149324, 0.30636661636884893),
        // scipy.stats.lognorm(s=σ, scale=exp(μ)).ppf(...) with σ² = ln 1.25, μ = ln 1000 − σ²/2
        ("ln", 354.3674224025677, 2257.5438638690225),
        // scipy.stats.triang(c=0.25, loc=100, scale=200).ppf([0.025, 0.975])
        ("tri", 115.8113883008419, 272.61387212474165),
    ];
    for (name, lo, hi) in expect {
        let s = by_name(name);
        assert!(
            (s.p025 / lo - 1.0).abs() < 1e-9 && (s.p975 / hi - 1.0).abs() < 1e-9,
            "{s:?}"
        );
    }
    let stay = by_name("row.stay");
    assert!((stay.mean - 0.9).abs() < 1e-15);
    assert_eq!(
        set.columns(),
        [
            "price",
            "row.ordinary",
            "row.stay",
            "row.temporary",
            "leave",
            "ln",
            "tri"
        ]
    );
}

#[test]
fn dirichlet_rows_sum_to_one_with_mean_alpha_over_alpha0() {
    let alpha = [1.0, 3.0, 36.0];
    let mut rng = parameter_rng(5, 0);
    let n = 100_000;
    let mut sums = [0.0; 3];
    for _ in 0..n {
        let x = marginal::sample_dirichlet(&alpha, &mut rng);
        assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-12 && x.iter().all(|p| *p >= 0.0));
        for (s, p) in sums.iter_mut().zip(&x) {
            *s += p;
        }
    }
    for (i, s) in sums.iter().enumerate() {
        let (mean, sd, _, _) = marginal::component(&alpha, i);
        let found = s / n as f64;
        assert!(
            (found - mean).abs() < SE * sd / (n as f64).sqrt(),
            "component {i}: {found}, want {mean}"
        );
    }
}

/// Spearman's rank correlation.
fn spearman(x: &[f64], y: &[f64]) -> f64 {
    let ranks = |v: &[f64]| {
        let mut order: Vec<usize> = (0..v.len()).collect();
        order.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
        let mut r = vec![0.0; v.len()];
        for (rank, &i) in order.iter().enumerate() {
            r[i] = rank as f64;
        }
        r
    };
    let (rx, ry) = (ranks(x), ranks(y));
    let (mx, _, _) = moments(&rx);
    let cov: f64 = rx.iter().zip(&ry).map(|(a, b)| (a - mx) * (b - mx)).sum();
    let var: f64 = rx.iter().map(|a| (a - mx).powi(2)).sum();
    cov / var
}

#[test]
fn the_gaussian_copula_gives_the_rank_correlation_of_rho() {
    for rho in [0.6f64, -0.4] {
        let s = scenario(
            json!({"parameters": [gamma_price(),
                {"name": "leave", "path": "profiles[0].transitions.congregate.to.temporary",
                 "distribution": {"beta": {"mean": 0.05, "sd": 0.02}}}],
                "correlations": [{"between": ["leave", "price"], "rho": rho}]}),
            "a.json",
        );
        let set = ParameterSet::new(&[&s]).unwrap();
        let n = 20_000;
        let draws: Vec<Vec<f64>> = (0..n).map(|k| set.draw(3, k).columns()).collect();
        let x: Vec<f64> = draws.iter().map(|d| d[0]).collect();
        let y: Vec<f64> = draws.iter().map(|d| d[1]).collect();
        let want = 6.0 / std::f64::consts::PI * (rho / 2.0).asin();
        // The sd of Spearman's coefficient is below 1/√(n − 1).
        let found = spearman(&x, &y);
        assert!(
            (found - want).abs() < SE / ((n - 1) as f64).sqrt(),
            "rho {rho}: {found}, want {want}"
        );
        let (mean, _, _) = moments(&x);
        assert!(
            (mean - 25000.0).abs() < SE * 2500.0 / (n as f64).sqrt(),
            "margin mean {mean}"
        );
    }
}

#[test]
fn apply_sets_the_named_fields_and_nothing_else() {
    let s = scenario(
        json!({"parameters": [gamma_price(), row(),
        {"name": "units", "path": "programs[cong].units", "distribution": {"uniform": {"low": 3, "high": 9}}}]}),
        "a.json",
    );
    let set = ParameterSet::new(&[&s]).unwrap();
    let draw = set.draw(9, 4);
    let applied = set.apply(&s, &draw).unwrap();
    assert_eq!(applied.origin(), "a.json");
    let mut before = serde_json::to_value(&s).unwrap();
    let after = serde_json::to_value(&applied).unwrap();
    let DrawnValue::Scalar(price) = draw.values()[0] else {
        panic!("price is a scalar")
    };
    let DrawnValue::Scalar(units) = draw.values()[2] else {
        panic!("units is a scalar")
    };
    assert_eq!(
        after["programs"][2]["hospits"]["housing_per_month_nok"],
        json!(price)
    );
    assert_eq!(after["programs"][0]["units"], json!(units.round() as u64));
    let to = &after["profiles"][0]["transitions"]["congregate"]["to"];
    let DrawnValue::Row(r) = &draw.values()[1] else {
        panic!("row is a row")
    };
    assert_eq!(to, &json!({"ordinary": r[0].1, "temporary": r[2].1}));
    before["programs"][2]["hospits"]["housing_per_month_nok"] = json!(price);
    before["programs"][0]["units"] = json!(units.round() as u64);
    before["profiles"][0]["transitions"]["congregate"]["to"] = to.clone();
    assert_eq!(before, after);
    assert!(Model::new(&applied).is_ok());
}

#[test]
fn a_name_in_two_files_is_drawn_once_and_set_in_both() {
    let a = scenario(json!({"parameters": [gamma_price(), row()]}), "a.json");
    let mut in_b = gamma_price();
    in_b["path"] = json!("programs[2].hospits.housing_per_month_nok");
    let b = scenario(
        json!({"parameters": [in_b, {"name": "fte", "path": "programs[0].staff_fte",
        "distribution": {"gamma": {"mean": 2, "sd": 0.2}}}]}),
        "b.json",
    );
    let set = ParameterSet::new(&[&a, &b]).unwrap();
    assert_eq!(set.names(), ["price", "row", "fte"]);
    let draw = set.draw(1, 0);
    let price = |s: &Scenario| {
        set.apply(s, &draw).unwrap().programs[2]
            .hospits
            .as_ref()
            .unwrap()
            .housing_per_month_nok
    };
    assert_eq!(price(&a), price(&b));
    assert_eq!(
        json!(price(&a)),
        serde_json::to_value(&draw.values()[0]).unwrap()
    );
}

#[test]
fn conflicting_definitions_are_refused() {
    let a = scenario(json!({"parameters": [gamma_price()]}), "a.json");
    let mut other = gamma_price();
    other["distribution"]["gamma"]["sd"] = json!(3000);
    let b = scenario(json!({"parameters": [row(), other]}), "b.json");
    let e = ParameterSet::new(&[&a, &b]).unwrap_err();
    assert!(
        matches!(&e, ScenarioError::Invalid { file, .. } if file == "b.json"),
        "{e}"
    );
    assert_eq!(e.issues()[0].path, "uncertainty.parameters[1]");
    assert!(
        e.to_string().contains("defined differently in a.json"),
        "{e}"
    );
    let bad = scenario(
        json!({"parameters": [{"name": "p", "path": "profiles[0].transitions.congregate.to.temporary",
        "distribution": {"beta": {"mean": 0.5, "sd": 0.6}}}]}),
        "c.json",
    );
    let e = ParameterSet::new(&[&bad]).unwrap_err();
    assert_eq!(
        e.issues()[0].path,
        "uncertainty.parameters[0].distribution.beta.sd"
    );
}

#[test]
fn one_way_values_use_low_high_or_the_percentiles() {
    let mut price = gamma_price();
    price["low"] = json!(20000);
    price["high"] = json!(31000);
    let s = scenario(json!({"parameters": [price, row()]}), "a.json");
    let set = ParameterSet::new(&[&s]).unwrap();
    assert_eq!(
        set.at(0, Side::Low).values()[0],
        DrawnValue::Scalar(20000.0)
    );
    assert_eq!(
        set.at(0, Side::High).values()[0],
        DrawnValue::Scalar(31000.0)
    );
    assert_eq!(
        set.at(1, Side::High).values()[0],
        DrawnValue::Scalar(25000.0)
    );
    let low_draw = set.at(1, Side::Low);
    let DrawnValue::Row(low) = &low_draw.values()[1] else {
        panic!("a row")
    };
    // scipy.stats.beta(36, 4).ppf(0.025); the others keep their mean proportions 3 : 1.
    let stay = 0.7912980787735568;
    assert!((low[1].1 - stay).abs() < 1e-12);
    assert!((low[0].1 - 0.75 * (1.0 - stay)).abs() < 1e-12 && (low[1].0 == "stay"));
    assert!((low.iter().map(|(_, p)| p).sum::<f64>() - 1.0).abs() < 1e-12);
    assert_eq!(set.at(7, Side::Low), set.means());
}

#[test]
fn a_distribution_that_draws_outside_its_field_is_refused_up_front() {
    let s = scenario(
        json!({"parameters": [{"name": "leave", "path": "profiles[mild].transitions.congregate.to.temporary",
        "distribution": {"normal": {"mean": 0.02, "sd": 0.5}}}]}),
        "a.json",
    );
    let e = ParameterSet::new(&[&s]).unwrap_err().to_string();
    assert!(
        e.contains("uncertainty.parameters[0].distribution.normal")
            && e.contains("profiles[0].transitions.congregate.to.temporary")
            && e.contains("beta for probabilities"),
        "{e}"
    );
}

#[test]
fn a_sample_the_model_refuses_is_explained() {
    // Each uniform alone keeps the row valid, but together they can sum to more than 1.
    let s = scenario(
        json!({"parameters": [
            {"name": "to_temporary", "path": "profiles[mild].transitions.homeless.to.temporary",
             "distribution": {"uniform": {"low": 0, "high": 0.6}}},
            {"name": "to_congregate", "path": "profiles[mild].transitions.homeless.to.congregate",
             "distribution": {"uniform": {"low": 0, "high": 0.6}}}]}),
        "a.json",
    );
    let set = ParameterSet::new(&[&s]).unwrap();
    let k = (0..400)
        .find(|&k| set.model(&s, &set.draw(2, k), k).is_err())
        .expect("a draw summing to more than 1");
    let e = set.model(&s, &set.draw(2, k), k).unwrap_err().to_string();
    assert!(e.starts_with("a.json: invalid scenario"), "{e}");
    assert!(
        e.contains(&format!("sample {k} drew to_temporary = ")),
        "{e}"
    );
    assert!(
        e.contains("dirichlet") && e.contains("profiles[0].transitions.homeless"),
        "{e}"
    );
}

/// Value stability: the first draw under seed 42 is pinned; a changed stream, draw order or
/// sampler fails here.
#[test]
fn the_first_draw_is_stable() {
    let s = scenario(
        json!({"parameters": [gamma_price(), row(),
        {"name": "leave", "path": "profiles[0].transitions.homeless.to.temporary",
         "distribution": {"beta": {"mean": 0.2, "sd": 0.05}}}],
        "correlations": [{"between": ["price", "leave"], "rho": 0.5}]}),
        "a.json",
    );
    let set = ParameterSet::new(&[&s]).unwrap();
    let found = set.draw(42, 0).columns();
    let pinned = [
        29357.552999023235,
        0.10853078391052523,
        0.8575071985906767,
        0.033962017498798125,
        0.27470343075767045,
    ];
    assert_eq!(found, pinned);
}
