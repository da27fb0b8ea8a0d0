//! Format errors in plain words: every type mismatch, unknown name, unknown or missing field
//! says what was expected and what was found, at the field path, without Rust's type names.

use crate::common;

use housing_sim::scenario::from_json_str;
use serde_json::{json, Value};

/// Words that belong to Rust, not to a scenario's author.
const RUST_WORDS: [&str; 7] = ["f64", "u32", "u64", "usize", "i64", "struct ", "Vec<"];

/// The base scenario with the value at JSON Pointer `ptr` set (or added) to `value`.
fn with(ptr: &str, value: Value) -> Value {
    let mut doc = common::small_base();
    let (parent, key) = ptr.rsplit_once('/').expect("a pointer");
    match doc.pointer_mut(parent) {
        Some(Value::Array(items)) => items[key.parse::<usize>().expect("an index")] = value,
        Some(Value::Object(map)) => {
            map.insert(key.to_owned(), value);
        }
        _ => panic!("no object or list at {parent}"),
    }
    doc
}

/// The one issue reading `doc` gives: its path and message.
fn issue(doc: &Value) -> (String, String) {
    let err = from_json_str(&doc.to_string(), "case.json").expect_err("a format error");
    let issues = err.issues();
    assert_eq!(issues.len(), 1, "{err}");
    (issues[0].path.clone(), issues[0].message.clone())
}

#[test]
fn hostile_snippets_get_plain_messages_at_their_paths() {
    let categories = "specialized (or specialised), congregate, rehabilitation, \
                      housing_first, temporary";
    let cases: Vec<(&str, Value, &str, String)> = vec![
        (
            "/programs/0/staff_fte",
            json!("12"),
            "programs[0].staff_fte",
            "expected a number, found the string \"12\"".into(),
        ),
        (
            "/costs/repair/ordinary_nok",
            json!(null),
            "costs.repair.ordinary_nok",
            "expected a number, found null".into(),
        ),
        (
            "/profiles/0/transitions/congregate/to/temporary",
            json!(true),
            "profiles[0].transitions.congregate.to.temporary",
            "expected a number, found true".into(),
        ),
        (
            "/seed",
            json!(-5),
            "seed",
            "expected a whole number ≥ 0, found the number -5".into(),
        ),
        (
            "/horizon_months",
            json!("12"),
            "horizon_months",
            "expected a whole number ≥ 0 (at most 4294967295), found the string \"12\"".into(),
        ),
        (
            "/horizon_months",
            json!(1.5),
            "horizon_months",
            "expected a whole number ≥ 0 (at most 4294967295), found the number 1.5".into(),
        ),
        (
            "/profiles/0/initial/homeless",
            json!(-3),
            "profiles[0].initial.homeless",
            "expected a whole number ≥ 0 (at most 4294967295), found the number -3".into(),
        ),
        (
            "/profiles/1/aggressive",
            json!("yes"),
            "profiles[1].aggressive",
            "expected true or false, found the string \"yes\"".into(),
        ),
        (
            "/name",
            json!(5),
            "name",
            "expected text in double quotes, found the number 5".into(),
        ),
        (
            "/profiles/1/misplaced_in",
            json!("congregate"),
            "profiles[1].misplaced_in",
            "expected a list [ … ], found the string \"congregate\"".into(),
        ),
        (
            "/profiles",
            json!({"id": "mild"}),
            "profiles",
            "expected a list [ … ], found an object".into(),
        ),
        (
            "/profiles/0/needs",
            json!("castle"),
            "profiles[0].needs",
            format!("expected one of: {categories}, found \"castle\""),
        ),
        (
            "/profiles/0/arrivals/state",
            json!(3),
            "profiles[0].arrivals.state",
            "expected the name of a state, one of: specialized (or specialised), congregate, \
             rehabilitation, housing_first, temporary, ordinary, homeless, institution, exited, \
             found the number 3"
                .into(),
        ),
        (
            "/profiles/0/severity",
            json!("extreme"),
            "profiles[0].severity",
            "expected one of: mild, moderate, severe, found \"extreme\"".into(),
        ),
        (
            "/costs/perspective",
            json!("town"),
            "costs.perspective",
            "expected one of: municipality, society, found \"town\"".into(),
        ),
        (
            "/costs/payers",
            json!({"institution": 3}),
            "costs.payers.institution",
            "expected one of: municipality, nav_state, specialist_health, resident, found the \
             number 3"
                .into(),
        ),
        (
            "/placement/fallback/0",
            json!(7),
            "placement.fallback[0]",
            "expected one of: stay, misplace, temporary, institution, homeless, found the number 7"
                .into(),
        ),
        (
            "/programs/0/units",
            json!(1.5),
            "programs[0].units",
            "expected a whole number of units from 0 to 1000000, or \"unlimited\", found the \
             number 1.5"
                .into(),
        ),
        (
            "/programs/0/zz",
            json!(1),
            "programs[0].zz",
            "unknown field `zz`: the fields here are id, description, category, units,".into(),
        ),
        (
            "/targets",
            json!([{"measure": 5, "value": 1, "tolerance": 1}]),
            "targets[0].measure",
            "expected one of: retention, colour_share, mean_waiting_list, \
             waiting_list_arrivals_per_year, moves_out_per_year, mean_misplaced, \
             final_misplaced, found the number 5"
                .into(),
        ),
        (
            "/uncertainty",
            json!({"parameters": [], "correlations": [{"between": ["a", "b", "c"], "rho": 0.1}]}),
            "uncertainty.correlations[0].between",
            "expected a list of 2 elements, found a list of 3 elements".into(),
        ),
        (
            "/uncertainty",
            json!({"parameters": [], "correlations": [{"between": ["a"], "rho": 0.1}]}),
            "uncertainty.correlations[0].between",
            "expected a list of 2 elements, found a list of 1 element".into(),
        ),
    ];
    for (ptr, value, path, message) in cases {
        let (at, said) = issue(&with(ptr, value.clone()));
        assert_eq!(at, path, "{ptr} = {value}: {said}");
        assert!(
            said.starts_with(&message),
            "{ptr} = {value}:\n  {said}\n  wanted {message}"
        );
        for word in RUST_WORDS {
            assert!(!said.contains(word), "{ptr} = {value}: `{word}` in {said}");
        }
    }
}

#[test]
fn a_missing_field_is_named_at_its_object() {
    let mut doc = common::small_base();
    doc.as_object_mut().unwrap().remove("name");
    let (at, said) = issue(&doc);
    assert_eq!(at, "");
    assert!(
        said.starts_with("the required field `name` is missing"),
        "{said}"
    );
    let mut doc = common::small_base();
    doc["programs"][1].as_object_mut().unwrap().remove("units");
    let (at, said) = issue(&doc);
    assert_eq!(at, "programs[1]");
    assert!(
        said.starts_with("the required field `units` is missing"),
        "{said}"
    );
}

/// A syntax error keeps serde_json's words, which are plain, with the position.
#[test]
fn syntax_errors_keep_their_position() {
    let err = from_json_str("{\"name\": }", "case.json").unwrap_err();
    let said = err.issues()[0].message.clone();
    assert_eq!(said, "expected value (line 1, column 10)");
}

/// Through the command line too: the file, the path and the plain message, exit code 2.
#[test]
fn validate_prints_the_plain_message() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typed.json");
    let doc = with("/programs/0/staff_fte", json!("12"));
    std::fs::write(&path, doc.to_string()).unwrap();
    let out = common::run_bin([std::ffi::OsStr::new("validate"), path.as_os_str()]);
    common::assert_exit(&out, "validate a string for a number", 2);
    let err = common::stderr(&out);
    assert!(
        err.contains("programs[0].staff_fte: expected a number, found the string \"12\""),
        "{err}"
    );
    assert!(err.contains("typed.json"), "{err}");
    assert!(!err.contains("f64"), "{err}");
}
