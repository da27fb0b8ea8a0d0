//! Bad input to the `housing-sim` binary: every case must exit with code 2, print a message on
//! standard error that names the file and (where there is one) the field path and what is wrong,
//! print nothing on standard output, and never panic (the CLI contract).
//!
//! Each case starts from a small valid scenario built here ([`base`]) and changes one thing, so
//! the broken rule is obvious and is the only one.

use crate::common;

use common::{assert_exit, assert_no_panic, run_bin, shipped_scenarios as scenario_files, stderr};

use serde_json::{json, Value};
use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::Output;

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// A small valid scenario that uses most of the format: two profiles (one aggressive, with
/// misplacement and a waiting list), duration bands, arrivals, breakdown rules, a limited
/// program, an `accepts` list and unlimited hospits.
fn base() -> Value {
    common::small_base()
}

/// `base()` with the value at JSON pointer `ptr` replaced (or added, when the parent is an
/// object and the key is missing).
fn with(ptr: &str, value: Value) -> Value {
    let mut doc = base();
    set(&mut doc, ptr, value);
    doc
}

fn set(doc: &mut Value, ptr: &str, value: Value) {
    if let Some(slot) = doc.pointer_mut(ptr) {
        *slot = value;
        return;
    }
    let (parent, key) = ptr.rsplit_once('/').expect("pointer has a parent");
    let parent = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no parent object at {parent}"));
    parent
        .as_object_mut()
        .unwrap_or_else(|| panic!("{ptr}: parent is not an object"))
        .insert(key.to_owned(), value);
}

/// A scenario file in its own temporary folder (removed on drop).
struct TempScenario {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl TempScenario {
    fn bytes(name: &str, bytes: &[u8]) -> TempScenario {
        let dir = tempfile::tempdir().expect("temporary folder");
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write scenario");
        TempScenario { _dir: dir, path }
    }

    fn json(name: &str, doc: &Value) -> TempScenario {
        let text = serde_json::to_string_pretty(doc).expect("serialise");
        TempScenario::bytes(name, text.as_bytes())
    }

    /// The file name as the binary prints it (the path as given on the command line).
    fn shown(&self) -> String {
        self.path.display().to_string()
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Exit code 2, nothing on stdout, a message on stderr containing every fragment.
fn assert_input_error(out: &Output, what: &str, fragments: &[&str]) {
    assert_no_panic(out, what);
    let err = stderr(out);
    assert_ne!(
        out.status.code(),
        Some(0),
        "{what}: exited 0; stderr:\n{err}"
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "{what}: expected exit code 2; stderr:\n{err}"
    );
    assert!(
        out.stdout.is_empty(),
        "{what}: printed on stdout:\n{}",
        stdout(out)
    );
    assert!(!err.trim().is_empty(), "{what}: no message on stderr");
    for f in fragments {
        assert!(
            err.contains(f),
            "{what}: stderr does not contain {f:?}; stderr:\n{err}"
        );
    }
}

/// `validate` and `run` both reject the scenario `doc` with exit code 2 and a message that names
/// the file and contains every fragment.
fn rejects(what: &str, doc: &Value, fragments: &[&str]) {
    let f = TempScenario::json("case.json", doc);
    let shown = f.shown();
    let mut all = vec![shown.as_str()];
    all.extend_from_slice(fragments);
    let out = run_bin([OsStr::new("validate"), f.path.as_os_str()]);
    assert_input_error(&out, &format!("validate: {what}"), &all);
    let out = run_bin([
        OsStr::new("run"),
        f.path.as_os_str(),
        OsStr::new("--replications"),
        OsStr::new("2"),
        OsStr::new("--format"),
        OsStr::new("json"),
    ]);
    assert_input_error(&out, &format!("run: {what}"), &all);
}

/// Same as [`rejects`] for raw bytes.
fn rejects_bytes(what: &str, bytes: &[u8], fragments: &[&str]) {
    let f = TempScenario::bytes("case.json", bytes);
    let shown = f.shown();
    let mut all = vec![shown.as_str()];
    all.extend_from_slice(fragments);
    for cmd in ["validate", "run"] {
        let out = run_bin([OsStr::new(cmd), f.path.as_os_str()]);
        assert_input_error(&out, &format!("{cmd}: {what}"), &all);
    }
}

// ---------------------------------------------------------------------------------------------
// The base is valid (otherwise every test below proves nothing)
// ---------------------------------------------------------------------------------------------

#[test]
fn base_scenario_is_valid() {
    let f = TempScenario::json("base.json", &base());
    let out = run_bin([OsStr::new("validate"), f.path.as_os_str()]);
    assert_exit(&out, "validate base", 0);
    assert!(stdout(&out).starts_with("OK"), "{}", stdout(&out));
}

// ---------------------------------------------------------------------------------------------
// validate on good and bad files
// ---------------------------------------------------------------------------------------------

#[test]
fn validate_prints_one_ok_line_for_every_shipped_scenario() {
    for file in scenario_files() {
        let out = run_bin([OsStr::new("validate"), file.as_os_str()]);
        let what = format!("validate {}", file.display());
        assert_exit(&out, &what, 0);
        let text = stdout(&out);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1, "{what}: expected one line, got:\n{text}");
        assert!(lines[0].starts_with("OK"), "{what}: {text}");
        assert!(
            lines[0].contains(&file.display().to_string()),
            "{what}: {text}"
        );
    }
}

#[test]
fn validate_exits_2_for_an_invalid_scenario() {
    let doc = with("/horizon_months", json!(0));
    let f = TempScenario::json("zero-horizon.json", &doc);
    let out = run_bin([OsStr::new("validate"), f.path.as_os_str()]);
    assert_input_error(&out, "validate horizon 0", &[&f.shown(), "horizon_months"]);
    assert!(!stdout(&out).contains("OK"));
}

#[test]
fn every_broken_rule_is_reported_at_once() {
    let mut doc = with("/programs/1/id", json!("cong"));
    set(&mut doc, "/programs/0/staff_fte", json!(-2));
    rejects(
        "two broken rules",
        &doc,
        &["programs[1].id", "duplicate", "programs[0].staff_fte"],
    );
}

// ---------------------------------------------------------------------------------------------
// Files that are not a scenario at all
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_file() {
    rejects_bytes("empty file", b"", &["EOF"]);
}

#[test]
fn whitespace_only_file() {
    rejects_bytes("whitespace only", b"  \n\t\n", &["EOF"]);
}

#[test]
fn not_json() {
    rejects_bytes("hello", b"hello", &["expected"]);
}

#[test]
fn wrong_top_level_type() {
    for text in ["[]", "42", "\"scenario\"", "null", "true"] {
        rejects_bytes(&format!("top level {text}"), text.as_bytes(), &[]);
    }
}

#[test]
fn trailing_garbage_after_the_json() {
    let mut text = serde_json::to_string(&base()).unwrap();
    text.push_str(" xyz");
    rejects_bytes("trailing garbage", text.as_bytes(), &["trailing"]);
    let mut text = serde_json::to_string(&base()).unwrap();
    text.push_str("\n{}");
    rejects_bytes("second document", text.as_bytes(), &["trailing"]);
}

#[test]
fn truncated_json() {
    let text = serde_json::to_string(&base()).unwrap();
    let cut = &text[..text.len() / 2];
    rejects_bytes("truncated", cut.as_bytes(), &["EOF"]);
}

#[test]
fn non_utf8_bytes() {
    rejects_bytes("non-UTF-8", b"\xff\xfe{\"name\": \"\xc3\x28\"}", &["UTF-8"]);
    // Invalid bytes inside an otherwise valid scenario.
    let text = serde_json::to_string(&with("/name", json!("NAME"))).unwrap();
    let bytes = text.replace("NAME", "\u{1}").into_bytes();
    let bytes: Vec<u8> = bytes
        .into_iter()
        .map(|b| if b == 1 { 0xff } else { b })
        .collect();
    rejects_bytes("non-UTF-8 in a string", &bytes, &["UTF-8"]);
}

#[test]
fn deep_nesting() {
    rejects_bytes("100000 [", "[".repeat(100_000).as_bytes(), &[]);
    rejects_bytes("100000 {\"a\":", "{\"a\":".repeat(100_000).as_bytes(), &[]);
    let deep = format!(
        "{{\"name\": \"x\", \"horizon_months\": 12, \"sources\": {}",
        "[".repeat(100_000)
    );
    rejects_bytes("deep inside a field", deep.as_bytes(), &["sources"]);
}

#[test]
fn byte_order_mark_or_nul_bytes() {
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(serde_json::to_string(&base()).unwrap().as_bytes());
    rejects_bytes("UTF-8 byte order mark", &bom, &[]);
    rejects_bytes("NUL bytes", b"\0\0\0\0", &[]);
}

#[test]
fn oversized_file_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    // A sparse file just over the 64 MiB limit: instant to create, never read.
    let f = std::fs::File::create(&path).unwrap();
    f.set_len((64 << 20) + 1).unwrap();
    drop(f);
    for cmd in ["validate", "run"] {
        let out = run_bin([OsStr::new(cmd), path.as_os_str()]);
        assert_input_error(
            &out,
            &format!("{cmd} oversized file"),
            &[&path.display().to_string(), "bytes"],
        );
    }
}

#[test]
fn missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("does-not-exist.json");
    for cmd in ["validate", "run"] {
        let out = run_bin([OsStr::new(cmd), path.as_os_str()]);
        assert_input_error(
            &out,
            &format!("{cmd} missing file"),
            &[&path.display().to_string(), "cannot read"],
        );
    }
}

#[test]
fn directory_as_file() {
    let dir = tempfile::tempdir().unwrap();
    for cmd in ["validate", "run"] {
        let out = run_bin([OsStr::new(cmd), dir.path().as_os_str()]);
        assert_input_error(
            &out,
            &format!("{cmd} directory"),
            &[&dir.path().display().to_string(), "directory"],
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Format errors: wrong types, unknown fields, out-of-range integers
// ---------------------------------------------------------------------------------------------

#[test]
fn wrong_type_for_a_field() {
    rejects(
        "horizon_months ten",
        &with("/horizon_months", json!("ten")),
        &[
            "horizon_months",
            "expected a whole number ≥ 0",
            "found the string \"ten\"",
        ],
    );
    rejects(
        "units 1.5",
        &with("/programs/0/units", json!(1.5)),
        &["programs[0].units"],
    );
    rejects(
        "units many",
        &with("/programs/0/units", json!("many")),
        &["programs[0].units", "many"],
    );
    rejects(
        "staff_fte as string",
        &with("/programs/1/staff_fte", json!("3")),
        &[
            "programs[1].staff_fte",
            "expected a number, found the string \"3\"",
        ],
    );
    rejects(
        "profiles not an array",
        &with("/profiles", json!({"id": "mild"})),
        &["profiles", "expected a list", "found an object"],
    );
    rejects(
        "aggressive as string",
        &with("/profiles/1/aggressive", json!("yes")),
        &["profiles[1].aggressive", "expected true or false"],
    );
    rejects(
        "repair cost as string",
        &with("/costs/repair/ordinary_nok", json!("x")),
        &["costs.repair.ordinary_nok", "expected a number"],
    );
}

#[test]
fn missing_required_field() {
    let mut doc = base();
    doc.as_object_mut().unwrap().remove("horizon_months");
    rejects("no horizon_months", &doc, &["horizon_months", "missing"]);
    let mut doc = base();
    doc["programs"][0].as_object_mut().unwrap().remove("units");
    rejects("no units", &doc, &["programs[0]", "units", "missing"]);
}

#[test]
fn unknown_field_at_top_level() {
    rejects(
        "top-level colour",
        &with("/colour", json!("red")),
        &["colour", "unknown field"],
    );
}

#[test]
fn unknown_field_inside_a_program() {
    rejects(
        "programs[0].colour",
        &with("/programs/0/colour", json!(1)),
        &["programs[0].colour", "unknown field `colour`"],
    );
    rejects(
        "programs[2].hospits.vat",
        &with("/programs/2/hospits/vat", json!(0.25)),
        &["programs[2].hospits.vat", "unknown field `vat`"],
    );
}

#[test]
fn unknown_field_inside_a_transitions_band() {
    rejects(
        "band colour",
        &with(
            "/profiles/0/transitions/temporary/bands/0/colour",
            json!("red"),
        ),
        &["bands[0].colour", "unknown field `colour`"],
    );
}

#[test]
fn unknown_field_in_costs_and_placement() {
    rejects(
        "costs.repair.glass_nok",
        &with("/costs/repair/glass_nok", json!(1)),
        &["costs.repair.glass_nok", "unknown field `glass_nok`"],
    );
    rejects(
        "placement.order",
        &with("/placement/order", json!("fifo")),
        &["placement.order", "unknown field `order`"],
    );
}

#[test]
fn unknown_state_or_category_name() {
    rejects(
        "needs castle",
        &with("/profiles/0/needs", json!("castle")),
        &["profiles[0].needs", "castle"],
    );
    rejects(
        "program category castle",
        &with("/programs/0/category", json!("castle")),
        &["programs[0].category", "castle"],
    );
    rejects(
        "fallback nowhere",
        &with("/placement/fallback/1", json!("nowhere")),
        &["placement.fallback[1]", "nowhere"],
    );
    rejects(
        "initial state castle",
        &with("/profiles/0/initial/castle", json!(1)),
        &["profiles[0].initial", "castle"],
    );
}

#[test]
fn negative_count() {
    rejects(
        "initial.homeless -3",
        &with("/profiles/0/initial/homeless", json!(-3)),
        &["profiles[0].initial", "-3"],
    );
    rejects(
        "units -3",
        &with("/programs/0/units", json!(-3)),
        &["programs[0].units", "-3"],
    );
    rejects(
        "initial_waiting count -1",
        &with("/profiles/1/initial_waiting/0/count", json!(-1)),
        &["profiles[1].initial_waiting[0].count", "-1"],
    );
}

#[test]
fn too_many_units() {
    rejects(
        "units 2000000",
        &with("/programs/0/units", json!(2_000_000)),
        &["programs[0].units", "2000000"],
    );
}

/// Map keys of enum type (states, categories, cost items) must appear in the path: the message
/// for `"initial": {"homeless": -3}` must say `profiles[0].initial.homeless`.
#[test]
fn enum_keyed_map_paths_name_the_key() {
    rejects(
        "initial.homeless -3",
        &with("/profiles/0/initial/homeless", json!(-3)),
        &["profiles[0].initial.homeless"],
    );
    rejects(
        "band colour",
        &with(
            "/profiles/0/transitions/temporary/bands/0/colour",
            json!("red"),
        ),
        &["profiles[0].transitions.temporary.bands[0].colour"],
    );
    rejects(
        "transition probability as string",
        &with(
            "/profiles/0/transitions/congregate/to/temporary",
            json!("x"),
        ),
        &["profiles[0].transitions.congregate.to.temporary"],
    );
    rejects(
        "payer unknown",
        &with("/costs/payers", json!({"staff": "nobody"})),
        &["costs.payers.staff"],
    );
}

// ---------------------------------------------------------------------------------------------
// Rule errors (the file parses but breaks a rule)
// ---------------------------------------------------------------------------------------------

#[test]
fn zero_or_too_long_horizon() {
    rejects(
        "horizon 0",
        &with("/horizon_months", json!(0)),
        &["horizon_months"],
    );
    rejects(
        "horizon 5000",
        &with("/horizon_months", json!(5000)),
        &["horizon_months", "5000"],
    );
}

#[test]
fn probability_above_one_in_a_transition_row() {
    rejects(
        "p = 1.5",
        &with(
            "/profiles/0/transitions/congregate/to/temporary",
            json!(1.5),
        ),
        &[
            "profiles[0].transitions.congregate.to.temporary",
            "probability",
            "1.5",
        ],
    );
    rejects(
        "band p = 2",
        &with(
            "/profiles/0/transitions/temporary/bands/0/to/congregate",
            json!(2.0),
        ),
        &[
            "profiles[0].transitions.temporary.bands[0].to.congregate",
            "probability",
        ],
    );
}

#[test]
fn negative_probability() {
    rejects(
        "p = -0.1",
        &with(
            "/profiles/1/transitions/specialized/to/institution",
            json!(-0.1),
        ),
        &[
            "profiles[1].transitions.specialized.to.institution",
            "probability",
        ],
    );
}

#[test]
fn outgoing_probabilities_sum_above_one() {
    rejects(
        "sum 1.2",
        &with(
            "/profiles/0/transitions/congregate/to",
            json!({"temporary": 0.6, "ordinary": 0.6}),
        ),
        &[
            "profiles[0].transitions.congregate.to",
            "sum",
            "more than 1",
        ],
    );
    rejects(
        "band sum 1.1",
        &with(
            "/profiles/0/transitions/temporary/bands/1/to",
            json!({"congregate": 0.6, "homeless": 0.5}),
        ),
        &[
            "profiles[0].transitions.temporary.bands[1].to",
            "sum",
            "more than 1",
        ],
    );
}

#[test]
fn transition_to_a_category_with_no_accepting_program() {
    // No rehabilitation program at all.
    rejects(
        "to rehabilitation",
        &with(
            "/profiles/0/transitions/congregate/to/rehabilitation",
            json!(0.1),
        ),
        &[
            "profiles[0].transitions.congregate.to.rehabilitation",
            "no rehabilitation program accepts",
        ],
    );
    // A specialized program exists but accepts only "severe".
    rejects(
        "to specialized, not accepted",
        &with(
            "/profiles/0/transitions/congregate/to/specialized",
            json!(0.1),
        ),
        &[
            "profiles[0].transitions.congregate.to.specialized",
            "\"mild\"",
        ],
    );
}

#[test]
fn listing_the_state_itself_in_its_row() {
    rejects(
        "congregate to congregate",
        &with(
            "/profiles/0/transitions/congregate/to/congregate",
            json!(0.1),
        ),
        &["profiles[0].transitions.congregate.to.congregate"],
    );
}

#[test]
fn bands_out_of_order_or_missing_until_month() {
    rejects(
        "no until_month on first band",
        &with(
            "/profiles/0/transitions/temporary/bands/0",
            json!({"to": {"congregate": 0.3}}),
        ),
        &["profiles[0].transitions.temporary.bands[0].until_month"],
    );
    rejects(
        "until_month on last band",
        &with(
            "/profiles/0/transitions/temporary/bands/1/until_month",
            json!(6),
        ),
        &["profiles[0].transitions.temporary.bands[1].until_month"],
    );
    rejects(
        "both to and bands",
        &with(
            "/profiles/0/transitions/temporary/to",
            json!({"homeless": 0.1}),
        ),
        &["profiles[0].transitions.temporary", "exactly one"],
    );
}

#[test]
fn duplicate_ids() {
    rejects(
        "duplicate program id",
        &with("/programs/1/id", json!("cong")),
        &["programs[1].id", "duplicate", "cong"],
    );
    rejects(
        "duplicate profile id",
        &with("/profiles/1/id", json!("mild")),
        &["profiles[1].id", "duplicate", "mild"],
    );
}

#[test]
fn accepts_names_a_missing_profile() {
    rejects(
        "accepts nobody",
        &with("/programs/1/accepts", json!(["severe", "nobody"])),
        &["programs[1].accepts[1]", "nobody"],
    );
}

#[test]
fn capital_cost_on_an_unlimited_program() {
    rejects(
        "capital on hospits",
        &with("/programs/2/capital_per_unit_month_nok", json!(1000)),
        &["programs[2].capital_per_unit_month_nok", "unlimited"],
    );
}

#[test]
fn initial_residents_need_an_accepting_program() {
    rejects(
        "mild starts in specialized",
        &with("/profiles/0/initial/specialized", json!(1)),
        &["profiles[0].initial.specialized", "\"mild\""],
    );
}

#[test]
fn negative_costs_and_rates() {
    rejects(
        "repair -1",
        &with("/costs/repair/ordinary_nok", json!(-1)),
        &["costs.repair.ordinary_nok"],
    );
    rejects(
        "discount rate 2",
        &with("/costs/discount_rate_per_year", json!(2.0)),
        &["costs.discount_rate_per_year"],
    );
    rejects(
        "aggressive max below min",
        &with("/costs/repair/aggressive_max_nok", json!(100)),
        &["costs.repair.aggressive_max_nok"],
    );
    rejects(
        "damage_reduction 1.5",
        &with("/programs/1/damage_reduction", json!(1.5)),
        &["programs[1].damage_reduction"],
    );
}

#[test]
fn empty_name_and_no_profiles() {
    rejects("empty name", &with("/name", json!("  ")), &["name"]);
    rejects(
        "no profiles",
        &{
            let mut d = with("/profiles", json!([]));
            d["programs"][1].as_object_mut().unwrap().remove("accepts");
            d
        },
        &["profiles", "at least one profile"],
    );
}

#[test]
fn a_source_must_name_a_field_and_cite() {
    rejects(
        "source for a missing field",
        &with(
            "/sources",
            json!({"programs[9].units": "docs/sources.md §9"}),
        ),
        &["sources.programs[9].units"],
    );
    rejects(
        "source without citation",
        &with("/sources", json!({"programs[0].units": "a guess"})),
        &["sources.programs[0].units", "assumption"],
    );
}

/// Citations point at a document inside the repository. The old forms (the names of reference
/// files kept outside it, spelt here in two pieces), any other file, the sources document
/// without a section number and an empty assumption are all refused.
#[test]
fn a_source_cites_a_document_inside_the_repository() {
    let refused = [
        concat!("FACTS", ".md §9: 55,000 NOK"),
        concat!("W1", ".md: T = 120 months"),
        "../reference/notes.md §9",
        "docs/sources.md",
        "docs/sources.md §",
        "docs/sources.md §x",
        "sources.md §9",
        "assumption:  ",
    ];
    for text in refused {
        rejects(
            text,
            &with("/sources", json!({"programs[0].units": text})),
            &[
                "sources.programs[0].units",
                "docs/sources.md §<section>",
                "docs/benchmarks.md",
                "assumption: <reason>",
            ],
        );
    }
    let accepted = [
        "docs/sources.md §9: 12 small houses",
        "docs/sources.md §10",
        "docs/benchmarks.md (W1): T = 120 months",
        "assumption: a reason",
    ];
    for text in accepted {
        let f = TempScenario::json(
            "case.json",
            &with("/sources", json!({"programs[0].units": text})),
        );
        let out = run_bin([OsStr::new("validate"), f.path.as_os_str()]);
        assert_exit(&out, text, 0);
    }
}

/// A scenario is a JSON object. Serde also accepts a struct written as an array of its field
/// values in declaration order, so a positional array passes `validate`; the JSON Schema
/// (`"type": "object"`) rejects it.
#[test]
fn positional_array_scenario_is_rejected() {
    let profiles = base()["profiles"].clone();
    let programs = base()["programs"].clone();
    let doc = json!([null, "positional", "", {}, 12, 7, 3, profiles, programs]);
    rejects("positional array", &doc, &[]);
}

/// JSON objects with a repeated key: a repeated struct field is an error already; a repeated
/// key in a map (e.g. `initial`) must be one too, not silently keep the last value.
#[test]
fn repeated_key_in_a_map_is_rejected() {
    let text = serde_json::to_string(&base()).unwrap().replacen(
        "\"congregate\":2",
        "\"congregate\":2,\"congregate\":3",
        1,
    );
    assert!(text.contains("\"congregate\":2,\"congregate\":3"));
    rejects_bytes("repeated key in initial", text.as_bytes(), &["initial"]);
}

#[test]
fn repeated_struct_field_is_rejected() {
    let text = serde_json::to_string(&base()).unwrap().replacen(
        "\"units\":5",
        "\"units\":5,\"units\":6",
        1,
    );
    assert!(text.contains("\"units\":5,\"units\":6"));
    rejects_bytes(
        "repeated units",
        text.as_bytes(),
        &["programs[0]", "the field `units` appears twice"],
    );
}

// ---------------------------------------------------------------------------------------------
// Bad flags and arguments
// ---------------------------------------------------------------------------------------------

/// `housing-sim run <valid file> <flags>` must exit 2 with every fragment on stderr.
fn bad_flags(flags: &[&str], fragments: &[&str]) {
    let f = TempScenario::json("base.json", &base());
    let mut args: Vec<&OsStr> = vec![OsStr::new("run"), f.path.as_os_str()];
    args.extend(flags.iter().map(OsStr::new));
    let out = run_bin(&args);
    assert_input_error(&out, &format!("run {flags:?}"), fragments);
}

#[test]
fn bad_replications() {
    bad_flags(&["--replications", "0"], &["--replications", "0"]);
    bad_flags(&["--replications", "-5"], &["-5"]);
    bad_flags(&["--replications=-5"], &["--replications", "-5"]);
    bad_flags(&["--replications", "abc"], &["--replications", "abc"]);
    bad_flags(&["--replications", "1.5"], &["--replications", "1.5"]);
    bad_flags(&["--replications", "99999999999"], &["--replications"]);
}

#[test]
fn bad_threads() {
    bad_flags(&["--threads", "0"], &["--threads", "0"]);
    bad_flags(&["--threads", "many"], &["--threads", "many"]);
}

#[test]
fn bad_months() {
    bad_flags(&["--months", "0"], &["--months", "0"]);
    bad_flags(&["--months", "5000"], &["--months", "5000"]);
    bad_flags(&["--months", "twelve"], &["--months", "twelve"]);
}

#[test]
fn bad_seed() {
    bad_flags(&["--seed=-1"], &["--seed", "-1"]);
    bad_flags(&["--seed", "x"], &["--seed", "x"]);
}

#[test]
fn bad_format() {
    bad_flags(&["--format", "xml"], &["--format", "xml"]);
}

#[test]
fn unknown_flag() {
    bad_flags(&["--frobnicate"], &["--frobnicate"]);
    bad_flags(&["--frobnicate", "3"], &["--frobnicate"]);
}

#[test]
fn missing_file_argument() {
    for cmd in ["run", "validate"] {
        let out = run_bin([cmd]);
        assert_input_error(&out, &format!("{cmd} without FILE"), &["FILE"]);
    }
    let out = run_bin(["run", "--replications", "3"]);
    assert_input_error(&out, "run with flags but without FILE", &["FILE"]);
}

#[test]
fn no_or_unknown_subcommand() {
    let out = run_bin(Vec::<&str>::new());
    assert_exit(&out, "no subcommand", 2);
    let out = run_bin(["simulate"]);
    assert_input_error(&out, "unknown subcommand", &["simulate"]);
}

#[test]
fn out_into_a_folder_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no-such-folder").join("result.json");
    let target_s = target.display().to_string();
    bad_flags(
        &["--format", "json", "--out", &target_s],
        &["--out", "no-such-folder", "does not exist"],
    );
    assert!(!target.exists());
    assert!(!dir.path().join("no-such-folder").exists());
}

#[test]
fn out_is_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    bad_flags(&["--format", "json", "--out", &d], &["--out", "directory"]);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn run_with_invalid_scenario_and_valid_flags() {
    let doc = with("/programs/0/units", json!(-1));
    let f = TempScenario::json("bad.json", &doc);
    let out = run_bin([
        OsStr::new("run"),
        f.path.as_os_str(),
        OsStr::new("--replications"),
        OsStr::new("2"),
        OsStr::new("--threads"),
        OsStr::new("1"),
        OsStr::new("--months"),
        OsStr::new("6"),
        OsStr::new("--format"),
        OsStr::new("csv"),
    ]);
    assert_input_error(&out, "run bad units", &[&f.shown(), "programs[0].units"]);
}
