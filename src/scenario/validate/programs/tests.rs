//! Programs' own transition rows are checked like profiles' rows, with their field paths.

use super::super::*;
use serde_json::{json, Value};

/// The small base scenario of the integration tests (programs: 0 `cong` accepting every
/// profile, 1 `spec` accepting `severe`, 2 `hospits`), with `field` of program `g` set.
fn issues(g: usize, field: &str, value: Value) -> Vec<Issue> {
    let mut doc: Value =
        serde_json::from_str(include_str!("../../../../tests/common/small-base.json")).unwrap();
    doc["programs"][g][field] = value;
    let s: Scenario = serde_json::from_value(doc).unwrap();
    validate(&s)
}

/// (path, message) of each issue.
fn found(issues: &[Issue]) -> Vec<(&str, &str)> {
    issues
        .iter()
        .map(|i| (i.path.as_str(), i.message.as_str()))
        .collect()
}

/// The one issue, at `path`, whose message contains `words`.
fn assert_one(issues: &[Issue], path: &str, words: &str) {
    let got = found(issues);
    assert!(
        got.len() == 1 && got[0].0 == path && got[0].1.contains(words),
        "expected one issue at {path} saying {words:?}, found {got:?}"
    );
}

fn max_stay(months: u32) -> Value {
    json!({"bands": [{"until_month": months, "to": {}}, {"to": {"homeless": 1.0}}]})
}

#[test]
fn valid_rows_of_a_program_have_no_issues() {
    assert_eq!(found(&issues(2, "transitions", max_stay(3))), []);
    let by_profile = json!({"mild": max_stay(3), "severe": {"to": {"specialized": 0.5}}});
    assert_eq!(found(&issues(0, "transitions_by_profile", by_profile)), []);
}

#[test]
fn profile_ids_must_exist_and_be_accepted() {
    let rows = json!({"nobody": max_stay(3)});
    assert_one(
        &issues(0, "transitions_by_profile", rows),
        "programs[0].transitions_by_profile.nobody",
        "no profile has the id \"nobody\"",
    );
    // `spec` accepts only `severe`.
    let rows = json!({"mild": {"to": {"institution": 0.1}}});
    assert_one(
        &issues(1, "transitions_by_profile", rows),
        "programs[1].transitions_by_profile.mild",
        "does not accept profile \"mild\"",
    );
}

#[test]
fn a_program_wide_row_must_apply_to_someone() {
    let mut doc: Value =
        serde_json::from_str(include_str!("../../../../tests/common/small-base.json")).unwrap();
    doc["programs"][1]["transitions"] = max_stay(12);
    doc["programs"][1]["transitions_by_profile"] = json!({"severe": max_stay(6)});
    let s: Scenario = serde_json::from_value(doc).unwrap();
    assert_one(
        &validate(&s),
        "programs[1].transitions",
        "applies to no resident",
    );
}

#[test]
fn rows_keep_the_rules_of_profile_rows() {
    let cases = [
        (
            json!({"to": {"congregate": 0.1}}),
            "programs[0].transitions.to.congregate",
            "staying is the remainder",
        ),
        (
            json!({"to": {"ordinary": -0.5}}),
            "programs[0].transitions.to.ordinary",
            "must be a probability from 0 to 1, found -0.5",
        ),
        (
            json!({"to": {"ordinary": 0.75, "homeless": 0.5}}),
            "programs[0].transitions.to",
            "sum to 1.25, more than 1",
        ),
        (
            json!({"to": {"ordinary": 0.1}, "bands": [{"to": {}}]}),
            "programs[0].transitions",
            "exactly one of \"to\" and \"bands\"",
        ),
        (
            json!({"bands": []}),
            "programs[0].transitions.bands",
            "at least one band",
        ),
        (
            json!({"bands": [{"until_month": 6, "to": {}}, {"until_month": 3, "to": {}}, {"to": {}}]}),
            "programs[0].transitions.bands[1].until_month",
            "must be greater than 6",
        ),
        (
            json!({"bands": [{"to": {}}, {"to": {"homeless": 1.0}}]}),
            "programs[0].transitions.bands[0].until_month",
            "every band but the last needs until_month",
        ),
        (
            json!({"bands": [{"until_month": 3, "to": {}}, {"until_month": 6, "to": {}}]}),
            "programs[0].transitions.bands[1].until_month",
            "the last band has no until_month",
        ),
    ];
    for (row, path, words) in cases {
        assert_one(&issues(0, "transitions", row), path, words);
    }
    let rows =
        json!({"severe": {"bands": [{"until_month": 2, "to": {"exited": -0.1}}, {"to": {}}]}});
    assert_one(
        &issues(1, "transitions_by_profile", rows),
        "programs[1].transitions_by_profile.severe.bands[0].to.exited",
        "found -0.1",
    );
}

#[test]
fn rows_name_only_states_the_residents_can_go_to() {
    // `cong` accepts both profiles; only `severe` has a specialised program.
    let row = json!({"to": {"specialized": 0.1}});
    assert_one(
        &issues(0, "transitions", row),
        "programs[0].transitions.to.specialized",
        "no specialized program accepts profile \"mild\"",
    );
    // With its own row for `mild`, the program-wide row applies to `severe` alone.
    let mut doc: Value =
        serde_json::from_str(include_str!("../../../../tests/common/small-base.json")).unwrap();
    doc["programs"][0]["transitions"] = json!({"to": {"specialized": 0.1}});
    doc["programs"][0]["transitions_by_profile"] = json!({"mild": max_stay(3)});
    let s: Scenario = serde_json::from_value(doc).unwrap();
    assert_eq!(found(&validate(&s)), []);
    let rows =
        json!({"mild": {"bands": [{"until_month": 3, "to": {}}, {"to": {"specialized": 1.0}}]}});
    assert_one(
        &issues(0, "transitions_by_profile", rows),
        "programs[0].transitions_by_profile.mild.bands[1].to.specialized",
        "no specialized program accepts profile \"mild\"",
    );
}
