//! Reference values computed with SciPy 1.17 (`scipy.special` and `scipy.stats`), as named
//! above each table.

use super::*;

/// Relative distance, with an absolute floor for values near zero.
fn close(found: f64, expected: f64, tolerance: f64) -> bool {
    (found - expected).abs() <= tolerance * expected.abs().max(1e-300)
}

fn check(what: &str, found: f64, expected: f64, tolerance: f64) {
    assert!(
        close(found, expected, tolerance),
        "{what}: found {found:e}, SciPy gives {expected:e}"
    );
}

#[test]
fn normal_quantile_matches_scipy() {
    // scipy.special.ndtri(p)
    let table = [
        (1e-300, -37.0470962993612),
        (1e-20, -9.262340089798409),
        (1e-10, -6.361340902404056),
        (0.001, -3.090232306167813),
        (0.025, -1.9599639845400545),
        (0.2, -0.8416212335729142),
        (0.7, 0.5244005127080407),
        (0.975, 1.959963984540054),
        (0.999, 3.090232306167813),
        (0.999999999999, 7.0344869100478356),
    ];
    for (p, x) in table {
        check(&format!("ndtri({p})"), normal_quantile(p), x, 1e-13);
    }
    assert_eq!(normal_quantile(0.5), 0.0);
    assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
    assert_eq!(normal_quantile(1.0), f64::INFINITY);
    assert!(normal_quantile(1.5).is_nan() && normal_quantile(f64::NAN).is_nan());
}

#[test]
fn normal_cdf_matches_scipy() {
    // scipy.special.ndtr(x)
    let table = [
        (-10.0, 7.61985302416047e-24),
        (-3.0, 0.0013498980316300933),
        (-1.0, 0.15865525393145707),
        (0.0, 0.5),
        (0.5, 0.6914624612740131),
        (1.96, 0.9750021048517795),
        (5.0, 0.9999997133484281),
    ];
    for (x, p) in table {
        check(&format!("ndtr({x})"), normal_cdf(x), p, 1e-13);
    }
    // SciPy rounds Φ(−38) ≈ 2.9e−316 (subnormal) to 0.
    assert!(normal_cdf(-38.0) < 1e-300);
    assert!(normal_cdf(f64::NAN).is_nan());
}

#[test]
fn ln_gamma_matches_scipy() {
    // scipy.special.gammaln(x)
    let table = [
        (0.1, 2.252712651734206),
        (0.5, 0.5723649429247),
        (2.5, 0.2846828704729192),
        (10.0, 12.801827480081469),
        (100.0, 359.1342053695754),
        (1e6, 12815504.569147611),
    ];
    for (x, y) in table {
        check(&format!("gammaln({x})"), ln_gamma(x), y, 1e-13);
    }
    assert!(ln_gamma(1.0).abs() < 1e-15);
    assert!(ln_gamma(0.0).is_nan() && ln_gamma(-1.0).is_nan());
}

#[test]
fn incomplete_gamma_matches_scipy() {
    // scipy.special.gammainc(a, x)
    let table = [
        (0.5, 0.1, 0.34527915398142317),
        (2.0, 1.0, 0.2642411176571153),
        (2.0, 5.0, 0.9595723180054873),
        (100.0, 90.0, 0.15822098918643007),
        (100.0, 120.0, 0.9721362601094793),
        (0.01, 1e-3, 0.9385706525261288),
    ];
    for (a, x, p) in table {
        check(&format!("gammainc({a}, {x})"), gamma_p(a, x), p, 1e-12);
    }
}

#[test]
fn incomplete_beta_matches_scipy() {
    // scipy.special.betainc(a, b, x)
    let table = [
        (2.0, 3.0, 0.4, 0.5247999999999999),
        (0.5, 0.5, 0.1, 0.20483276469913345),
        (30.0, 70.0, 0.35, 0.8615754758661092),
        (1.0, 40.0, 0.01, 0.3310282414303195),
        (200.0, 5.0, 0.99, 0.9445902696571835),
    ];
    for (a, b, x, p) in table {
        check(
            &format!("betainc({a}, {b}, {x})"),
            reg_beta(a, b, x),
            p,
            1e-12,
        );
    }
}

#[test]
fn gamma_quantile_matches_scipy() {
    // scipy.stats.gamma.ppf(p, a)
    let table = [
        (0.3, 0.025, 3.1856790317391693e-06),
        (0.3, 0.5, 0.07313113586695198),
        (0.3, 0.975, 1.9002636428388258),
        (1.0, 0.025, 0.025317807984289876),
        (1.0, 0.5, 0.6931471805599455),
        (1.0, 0.975, 3.6888794541139354),
        (4.0, 0.025, 1.0898653736263249),
        (4.0, 0.5, 3.672060748850897),
        (4.0, 0.975, 8.767273069742323),
        (100.0, 0.025, 81.36399125092314),
        (100.0, 0.5, 99.66686491931549),
        (100.0, 0.975, 120.52894775315546),
        (1e5, 0.025, 99381.15266374472),
        (1e5, 0.5, 99999.6666668642),
        (1e5, 0.975, 100620.74164077373),
    ];
    for (a, p, x) in table {
        check(
            &format!("gamma.ppf({p}, {a})"),
            gamma_quantile(a, p),
            x,
            1e-10,
        );
    }
    assert_eq!(gamma_quantile(2.0, 0.0), 0.0);
    assert_eq!(gamma_quantile(2.0, 1.0), f64::INFINITY);
    assert!(gamma_quantile(0.0, 0.5).is_nan());
}

#[test]
fn beta_quantile_matches_scipy() {
    // scipy.stats.beta.ppf(p, a, b)
    let table = [
        (0.5, 0.5, 0.025, 0.001541333133436012),
        (0.5, 0.5, 0.5, 0.5),
        (0.5, 0.5, 0.975, 0.9984586668665639),
        (2.0, 8.0, 0.025, 0.028144973477898197),
        (2.0, 8.0, 0.5, 0.17961961198036097),
        (2.0, 8.0, 0.975, 0.48249651491733697),
        (45.0, 5.0, 0.025, 0.80398581652111),
        (45.0, 5.0, 0.5, 0.9053251073274742),
        (45.0, 5.0, 0.975, 0.9660282950160443),
        (0.2, 30.0, 0.025, 2.152786842107904e-10),
        (0.2, 30.0, 0.5, 0.0007006117501818458),
        (0.2, 30.0, 0.975, 0.04976457803121819),
        (1000.0, 3000.0, 0.025, 0.23670221220291945),
        (1000.0, 3000.0, 0.5, 0.24995832999084497),
        (1000.0, 3000.0, 0.975, 0.26353457381523404),
    ];
    for (a, b, p, x) in table {
        check(
            &format!("beta.ppf({p}, {a}, {b})"),
            beta_quantile(a, b, p),
            x,
            1e-9,
        );
    }
    assert_eq!(beta_quantile(2.0, 3.0, 0.0), 0.0);
    assert_eq!(beta_quantile(2.0, 3.0, 1.0), 1.0);
}
