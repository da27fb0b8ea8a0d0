use super::*;
use serde_json::json;

/// The small base scenario of the integration tests with `uncertainty` set.
fn issues(uncertainty: Value) -> Vec<Issue> {
    let mut doc: Value =
        serde_json::from_str(include_str!("../../../../tests/common/small-base.json")).unwrap();
    doc["uncertainty"] = uncertainty;
    let s: Scenario = serde_json::from_value(doc).unwrap();
    validate(&s)
}

fn one(name: &str, path: &str, distribution: Value) -> Value {
    json!({"parameters": [{"name": name, "path": path, "distribution": distribution}]})
}

fn paths(issues: &[Issue]) -> Vec<&str> {
    issues.iter().map(|i| i.path.as_str()).collect()
}

#[test]
fn a_valid_section_has_no_issues() {
    let u = json!({"parameters": [
        {"name": "price", "path": "programs[hospits].hospits.housing_per_month_nok",
         "distribution": {"gamma": {"mean": 25000, "sd": 2500}}, "low": 20000, "high": 30000},
        {"name": "leave", "path": "profiles[mild].transitions.congregate.to.temporary",
         "distribution": {"beta": {"mean": 0.05, "sd": 0.01}}},
        {"name": "row", "path": "profiles[severe].transitions.specialized",
         "distribution": {"dirichlet": {"alpha": {"institution": 2, "stay": 98}}}},
        {"name": "units", "path": "programs[0].units", "distribution": {"triangular": {"low": 4, "mode": 5, "high": 8}}},
        {"name": "fixed", "path": "costs.discount_rate_per_year", "distribution": {"fixed": 0.04}}],
        "correlations": [{"between": ["price", "leave"], "rho": 0.3}]});
    assert_eq!(issues(u), vec![]);
}

#[test]
fn impossible_beta_moments_are_refused_at_the_sd() {
    let found = issues(one(
        "p",
        "profiles[0].transitions.congregate.to.temporary",
        json!({"beta": {"mean": 0.5, "sd": 0.5}}),
    ));
    assert_eq!(
        paths(&found),
        ["uncertainty.parameters[0].distribution.beta.sd"]
    );
    assert!(
        found[0].message.starts_with("impossible moments"),
        "{}",
        found[0].message
    );
    let found = issues(one(
        "p",
        "profiles[0].transitions.congregate.to.temporary",
        json!({"beta": {"mean": 1.2, "sd": 0.1}}),
    ));
    assert_eq!(
        paths(&found),
        ["uncertainty.parameters[0].distribution.beta.mean"]
    );
}

#[test]
fn distribution_parameters_are_checked_where_they_are() {
    let price = "programs[2].hospits.housing_per_month_nok";
    let cases = [
        (json!({"normal": {"mean": 1, "sd": 0}}), "normal.sd"),
        (json!({"gamma": {"mean": -1, "sd": 1}}), "gamma.mean"),
        (json!({"lognormal": {"mean": 0, "sd": 1}}), "lognormal.mean"),
        (json!({"gamma": {"mean": 1e6, "sd": 1e-3}}), "gamma.sd"),
        (json!({"uniform": {"low": 2, "high": 1}}), "uniform.high"),
        (
            json!({"triangular": {"low": 1, "mode": 5, "high": 3}}),
            "triangular.mode",
        ),
    ];
    for (d, at) in cases {
        let found = issues(one("p", price, d.clone()));
        assert_eq!(
            paths(&found),
            [format!("uncertainty.parameters[0].distribution.{at}")],
            "{d}"
        );
    }
}

#[test]
fn paths_must_resolve_to_what_the_distribution_sets() {
    let found = issues(one("p", "programs[hospitz].units", json!({"fixed": 3})));
    assert_eq!(paths(&found), ["uncertainty.parameters[0].path"]);
    assert!(
        found[0].message.contains("ids are: cong, spec, hospits"),
        "{}",
        found[0].message
    );
    let found = issues(one("p", "programs[0].id", json!({"fixed": 3})));
    assert!(
        found[0].message.contains("expected a number field"),
        "{}",
        found[0].message
    );
    let row = json!({"dirichlet": {"alpha": {"temporary": 1, "stay": 9}}});
    let found = issues(one("p", "programs[0].units", row));
    assert!(
        found[0].message.contains("needs a transition row"),
        "{}",
        found[0].message
    );
}

#[test]
fn dirichlet_keys_are_destinations_and_stay() {
    let at = "profiles[0].transitions.congregate";
    let found = issues(one(
        "p",
        at,
        json!({"dirichlet": {"alpha": {"temporary": 1, "homless": 2}}}),
    ));
    assert_eq!(
        paths(&found),
        [
            "uncertainty.parameters[0].distribution.dirichlet.alpha",
            "uncertainty.parameters[0].distribution.dirichlet.alpha.homless"
        ]
    );
    let found = issues(one(
        "p",
        at,
        json!({"dirichlet": {"alpha": {"congregate": 1, "stay": 2}}}),
    ));
    assert_eq!(
        paths(&found),
        ["uncertainty.parameters[0].distribution.dirichlet.alpha.congregate"]
    );
    let found = issues(one("p", at, json!({"dirichlet": {"alpha": {"stay": 0}}})));
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn names_paths_and_low_high_are_checked() {
    let u = json!({"parameters": [
        {"name": "a.b", "path": "programs[0].staff_fte", "distribution": {"fixed": 1}},
        {"name": "x", "path": "programs[cong].staff_fte", "distribution": {"fixed": 1}, "low": 1},
        {"name": "x", "path": "programs[1].staff_fte", "distribution": {"fixed": 1}, "low": 2, "high": 1}]});
    let found = issues(u);
    assert_eq!(
        paths(&found),
        [
            "uncertainty.parameters[0].name",
            "uncertainty.parameters[1].path",
            "uncertainty.parameters[1].high",
            "uncertainty.parameters[2].name",
            "uncertainty.parameters[2].high"
        ]
    );
}

#[test]
fn correlations_are_checked() {
    let params = json!([
        {"name": "a", "path": "programs[0].staff_fte", "distribution": {"gamma": {"mean": 2, "sd": 0.5}}},
        {"name": "b", "path": "programs[1].staff_fte", "distribution": {"gamma": {"mean": 3, "sd": 0.5}}},
        {"name": "c", "path": "programs[1].guards_fte", "distribution": {"gamma": {"mean": 1, "sd": 0.5}}},
        {"name": "f", "path": "programs[2].hospits.housing_per_month_nok", "distribution": {"fixed": 1}}]);
    let bad = json!([
        {"between": ["a", "zz"], "rho": 0.1}, {"between": ["a", "f"], "rho": 0.1},
        {"between": ["a", "a"], "rho": 0.1}, {"between": ["a", "b"], "rho": 1.0},
        {"between": ["b", "c"], "rho": 0.2}, {"between": ["c", "b"], "rho": 0.2}]);
    let found = issues(json!({"parameters": params, "correlations": bad}));
    assert_eq!(
        paths(&found),
        [
            "uncertainty.correlations[0].between[1]",
            "uncertainty.correlations[1].between[1]",
            "uncertainty.correlations[2].between",
            "uncertainty.correlations[3].rho",
            "uncertainty.correlations[5]"
        ]
    );
    let not_pd = json!([{"between": ["a", "b"], "rho": 0.9}, {"between": ["a", "c"], "rho": 0.9},
                        {"between": ["b", "c"], "rho": -0.9}]);
    let found = issues(json!({"parameters": params, "correlations": not_pd}));
    assert_eq!(paths(&found), ["uncertainty.correlations"]);
    assert!(found[0].message.contains("positive definite"));
}

#[test]
fn a_programs_own_row_is_a_row_out_of_its_category() {
    let mut doc: Value =
        serde_json::from_str(include_str!("../../../../tests/common/small-base.json")).unwrap();
    doc["programs"][2]["transitions"] =
        json!({"bands": [{"until_month": 3, "to": {"homeless": 0.1}}, {"to": {"homeless": 1.0}}]});
    let with = |alpha: Value| {
        let mut doc = doc.clone();
        doc["uncertainty"] = one(
            "p",
            "programs[hospits].transitions.bands[0]",
            json!({"dirichlet": {"alpha": alpha}}),
        );
        validate(&serde_json::from_value(doc).unwrap())
    };
    assert_eq!(with(json!({"homeless": 1, "stay": 9})), vec![]);
    // `hospits` is a temporary program: staying there is `stay`.
    let found = with(json!({"temporary": 1, "stay": 9}));
    assert_eq!(
        paths(&found),
        ["uncertainty.parameters[0].distribution.dirichlet.alpha.temporary"]
    );
}
