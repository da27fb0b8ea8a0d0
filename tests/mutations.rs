//! Property tests: a valid scenario with one mutation that is invalid by construction must be
//! rejected by `housing-sim validate` with exit code 2, without a panic, with a message naming
//! the file and the field path of the mutated place (its parent object for an added field).
//!
//! Bases: every shipped scenario (scenarios/*.json, globbed at test time) and the small base
//! scenario of tests/cli_errors.rs. Mutations:
//! (a) add `"zz_unknown": 1` to a randomly chosen object;
//! (b) replace a numeric leaf with -1 (every number in the format is non-negative);
//! (c) replace a numeric leaf with the string "x";
//! (d) replace an enum string leaf (a state, category, severity, payer… name) with "not_a_state".
//!
//! Field paths are written as the project writes them: `programs[2].units`,
//! `profiles[0].transitions.temporary.to.congregate`, `costs.repair.ordinary_nok`.

use crate::common;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config as ProptestConfig, TestCaseError};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_housing-sim");

/// Keys whose string value is an enum name (state, category, severity, …).
const ENUM_KEYS: [&str; 10] = [
    "category",
    "severity",
    "needs",
    "state",
    "waiting_for",
    "to",
    "age_group",
    "gender",
    "perspective",
    "waiting_list_order",
];
/// Arrays whose items are enum names.
const ENUM_ARRAYS: [&str; 2] = ["misplaced_in", "fallback"];

// ---------------------------------------------------------------------------------------------
// Bases
// ---------------------------------------------------------------------------------------------

fn small_base() -> Value {
    common::small_base()
}

struct Base {
    label: String,
    doc: Value,
}

fn bases() -> &'static [Base] {
    static BASES: OnceLock<Vec<Base>> = OnceLock::new();
    BASES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("read scenarios/")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        assert!(files.iter().any(|p| p.ends_with("reference-w1.json")));
        let mut v: Vec<Base> = files
            .iter()
            .map(|p| Base {
                label: p.file_stem().unwrap().to_string_lossy().into_owned(),
                doc: serde_json::from_str(&std::fs::read_to_string(p).unwrap())
                    .unwrap_or_else(|e| panic!("{}: {e}", p.display())),
            })
            .collect();
        v.push(Base {
            label: "small-base".into(),
            doc: small_base(),
        });
        v
    })
}

// ---------------------------------------------------------------------------------------------
// Locations in a document
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Mutation {
    /// (a) add `"zz_unknown": 1` to an object.
    UnknownField,
    /// (b) a numeric leaf becomes -1.
    Negative,
    /// (c) a numeric leaf becomes "x".
    NumberToString,
    /// (d) an enum string leaf becomes "not_a_state".
    BadEnum,
}

const MUTATIONS: [Mutation; 4] = [
    Mutation::UnknownField,
    Mutation::Negative,
    Mutation::NumberToString,
    Mutation::BadEnum,
];

/// Every place in `doc` where mutation `m` applies, as paths of segments.
fn candidates(doc: &Value, m: Mutation) -> Vec<Vec<Seg>> {
    let mut out = Vec::new();
    walk(doc, &mut Vec::new(), m, &mut out);
    out
}

fn walk(v: &Value, path: &mut Vec<Seg>, m: Mutation, out: &mut Vec<Vec<Seg>>) {
    match v {
        Value::Object(map) => {
            if m == Mutation::UnknownField {
                out.push(path.clone());
            }
            // `sources` holds free text keyed by field paths: nothing below it is mutated.
            if path.len() == 1 && path[0] == Seg::Key("sources".into()) {
                return;
            }
            for (k, child) in map {
                path.push(Seg::Key(k.clone()));
                walk(child, path, m, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                walk(child, path, m, out);
                path.pop();
            }
        }
        Value::Number(_) => {
            if matches!(m, Mutation::Negative | Mutation::NumberToString) {
                out.push(path.clone());
            }
        }
        Value::String(_) => {
            if m == Mutation::BadEnum && is_enum_leaf(path) {
                out.push(path.clone());
            }
        }
        Value::Bool(_) | Value::Null => {}
    }
}

fn is_enum_leaf(path: &[Seg]) -> bool {
    let key_at = |i: usize| match path.get(i) {
        Some(Seg::Key(k)) => Some(k.as_str()),
        _ => None,
    };
    let n = path.len();
    if n == 0 || key_at(0) == Some("sources") {
        return false;
    }
    match &path[n - 1] {
        Seg::Key(k) => {
            ENUM_KEYS.contains(&k.as_str()) || (n >= 2 && key_at(n - 2) == Some("payers"))
        }
        Seg::Index(_) => n >= 2 && key_at(n - 2).is_some_and(|k| ENUM_ARRAYS.contains(&k)),
    }
}

/// The project's field path for `segs`.
fn field_path(segs: &[Seg]) -> String {
    let mut s = String::new();
    for seg in segs {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => {
                let _ = write!(s, "[{i}]");
            }
        }
    }
    s
}

fn node_mut<'a>(doc: &'a mut Value, segs: &[Seg]) -> &'a mut Value {
    let mut node = doc;
    for seg in segs {
        node = match seg {
            Seg::Key(k) => node.get_mut(k.as_str()).expect("key exists"),
            Seg::Index(i) => node.get_mut(*i).expect("index exists"),
        };
    }
    node
}

/// Apply `m` at `segs`; returns the segments of the place the message must name.
fn apply(doc: &mut Value, segs: &[Seg], m: Mutation) -> Vec<Seg> {
    let node = node_mut(doc, segs);
    match m {
        Mutation::UnknownField => {
            node.as_object_mut()
                .expect("object")
                .insert("zz_unknown".into(), json!(1));
            let mut child = segs.to_vec();
            child.push(Seg::Key("zz_unknown".into()));
            child
        }
        Mutation::Negative => {
            *node = json!(-1);
            segs.to_vec()
        }
        Mutation::NumberToString => {
            *node = json!("x");
            segs.to_vec()
        }
        Mutation::BadEnum => {
            *node = json!("not_a_state");
            segs.to_vec()
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------

/// Whether `stderr` names `path` as the place of an issue (`… path: message`).
fn names(stderr: &str, path: &str) -> bool {
    if path.is_empty() {
        return false;
    }
    stderr.contains(&format!(" {path}:"))
}

/// Mutate base `b` with `m` at candidate `pick`, validate it, and check the rejection: the
/// message must name the exact path.
fn check(b: usize, m: Mutation, pick: Index) -> Result<(), TestCaseError> {
    let base = &bases()[b];
    let cands = candidates(&base.doc, m);
    prop_assume!(!cands.is_empty());
    let segs = pick.get(&cands).clone();
    check_at(base, &segs, m)
}

fn check_at(base: &Base, segs: &[Seg], m: Mutation) -> Result<(), TestCaseError> {
    let mut doc = base.doc.clone();
    let target = apply(&mut doc, segs, m);
    let dir = tempfile::tempdir().expect("temporary folder");
    let file = dir.path().join(format!("mutant-{}.json", base.label));
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    let out = Command::new(BIN)
        .arg("validate")
        .arg(&file)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("start housing-sim");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let what = format!("{m:?} at {} of {}", field_path(segs), base.label);
    prop_assert!(
        out.status.code().is_some(),
        "{}: killed by a signal; stderr:\n{}",
        what,
        err
    );
    prop_assert!(!err.contains("panicked"), "{}: panicked:\n{}", what, err);
    prop_assert_eq!(
        out.status.code(),
        Some(2),
        "{}: expected exit 2; stdout: {}; stderr:\n{}",
        what,
        String::from_utf8_lossy(&out.stdout),
        err
    );
    prop_assert!(out.stdout.is_empty(), "{}: printed on stdout", what);
    let shown = file.display().to_string();
    prop_assert!(
        err.contains(&shown),
        "{}: file {} not named:\n{}",
        what,
        shown,
        err
    );

    // The place the message must name: the leaf, or for an added field the new field or its
    // parent object (the whole document's parent is named by the field name alone).
    let mut places = vec![field_path(&target)];
    if m == Mutation::UnknownField {
        prop_assert!(
            err.contains("zz_unknown"),
            "{}: zz_unknown not named:\n{}",
            what,
            err
        );
        places.push(field_path(segs));
    }
    prop_assert!(
        places.iter().any(|p| names(&err, p)),
        "{}: stderr names none of {:?}:\n{}",
        what,
        places,
        err
    );
    Ok(())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 48,
        failure_persistence: None,
        max_shrink_iters: 256,
        ..ProptestConfig::default()
    }
}

fn n_bases() -> usize {
    bases().len()
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn every_base_is_valid_and_has_candidates() {
    for base in bases() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(format!("{}.json", base.label));
        std::fs::write(&file, serde_json::to_string_pretty(&base.doc).unwrap()).unwrap();
        let out = Command::new(BIN)
            .arg("validate")
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            base.label,
            String::from_utf8_lossy(&out.stderr)
        );
        for m in [
            Mutation::UnknownField,
            Mutation::Negative,
            Mutation::BadEnum,
        ] {
            assert!(
                !candidates(&base.doc, m).is_empty(),
                "{}: no place for {m:?}",
                base.label
            );
        }
    }
}

#[test]
fn field_paths_are_written_as_the_project_writes_them() {
    use Seg::{Index as I, Key as K};
    let k = |s: &str| K(s.to_owned());
    assert_eq!(
        field_path(&[k("programs"), I(2), k("units")]),
        "programs[2].units"
    );
    let t = [
        k("profiles"),
        I(0),
        k("transitions"),
        k("temporary"),
        k("to"),
        k("congregate"),
    ];
    assert_eq!(
        field_path(&t),
        "profiles[0].transitions.temporary.to.congregate"
    );
    assert_eq!(
        field_path(&[k("costs"), k("repair"), k("ordinary_nok")]),
        "costs.repair.ordinary_nok"
    );
    assert_eq!(
        field_path(&[k("profiles"), I(1), k("breakdown"), I(0), k("to")]),
        "profiles[1].breakdown[0].to"
    );
    assert!(is_enum_leaf(&[k("profiles"), I(0), k("needs")]));
    assert!(is_enum_leaf(&[k("placement"), k("fallback"), I(1)]));
    assert!(is_enum_leaf(&[k("costs"), k("payers"), k("hospits")]));
    assert!(!is_enum_leaf(&[k("programs"), I(0), k("id")]));
    assert!(!is_enum_leaf(&[k("sources"), k("state")]));
}

/// Every mutation at every place of the small base (a few hundred runs, about a second).
#[test]
fn every_mutation_of_the_small_base_is_rejected() {
    let base = bases().last().expect("small base");
    assert_eq!(base.label, "small-base");
    for m in MUTATIONS {
        for segs in candidates(&base.doc, m) {
            if let Err(e) = check_at(base, &segs, m) {
                panic!("{e}");
            }
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn added_unknown_field_is_rejected(b in 0..n_bases(), pick in any::<Index>()) {
        check(b, Mutation::UnknownField, pick)?;
    }

    #[test]
    fn negative_number_is_rejected(b in 0..n_bases(), pick in any::<Index>()) {
        check(b, Mutation::Negative, pick)?;
    }

    #[test]
    fn number_replaced_by_a_string_is_rejected(b in 0..n_bases(), pick in any::<Index>()) {
        check(b, Mutation::NumberToString, pick)?;
    }

    #[test]
    fn unknown_enum_name_is_rejected(b in 0..n_bases(), pick in any::<Index>()) {
        check(b, Mutation::BadEnum, pick)?;
    }

}
