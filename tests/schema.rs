//! `housing-sim schema` prints a valid JSON Schema (draft 7) that agrees with the scenario files:
//! every shipped scenario validates against it, and files with unknown fields or wrong types do
//! not.

use crate::common;

use common::shipped_scenarios as scenario_files;

use serde_json::{json, Value};
use std::process::Command;
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_housing-sim");

/// The text printed by `housing-sim schema` (run once per test binary).
fn schema_text() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let out = Command::new(BIN)
            .arg("schema")
            .output()
            .expect("start housing-sim");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.code().is_some(), "killed by a signal: {err}");
        assert!(!err.contains("panicked"), "panicked: {err}");
        assert_eq!(out.status.code(), Some(0), "schema failed: {err}");
        String::from_utf8(out.stdout).expect("schema output is UTF-8")
    })
}

fn schema() -> Value {
    serde_json::from_str(schema_text()).expect("schema output is JSON")
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&schema()).expect("the schema compiles")
}

/// Errors of `doc` against the schema, as `instance_path: message` lines.
fn errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{}: {}", e.instance_path, e))
        .collect()
}

/// The small valid scenario also used by tests/cli_errors.rs.
fn base() -> Value {
    common::small_base()
}

fn with(ptr: &str, value: Value) -> Value {
    let mut doc = base();
    set(&mut doc, ptr, value);
    doc
}

/// Set the value at JSON Pointer `ptr` in `doc`, adding the last key if it is missing.
fn set(doc: &mut Value, ptr: &str, value: Value) {
    if let Some(slot) = doc.pointer_mut(ptr) {
        *slot = value;
        return;
    }
    let (parent, key) = ptr.rsplit_once('/').unwrap();
    doc.pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .unwrap_or_else(|| panic!("no parent object at {parent}"))
        .insert(key.to_owned(), value);
}

#[test]
fn schema_is_json_and_a_valid_draft7_schema() {
    let s = schema();
    assert!(s.is_object(), "the schema is not an object");
    assert!(
        s["$schema"]
            .as_str()
            .is_some_and(|u| u.contains("json-schema.org")),
        "no $schema URI: {}",
        s["$schema"]
    );
    assert!(
        jsonschema::meta::is_valid(&s),
        "the schema does not validate against its meta-schema"
    );
    validator();
    assert_eq!(s["type"], "object");
    assert_eq!(
        s["additionalProperties"], false,
        "unknown top-level fields allowed"
    );
    let props = s["properties"].as_object().expect("properties");
    for k in [
        "name",
        "horizon_months",
        "profiles",
        "programs",
        "placement",
        "costs",
    ] {
        assert!(props.contains_key(k), "schema has no property {k}");
    }
    let required: Vec<&str> = s["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for k in ["name", "horizon_months", "profiles", "programs"] {
        assert!(required.contains(&k), "{k} not required: {required:?}");
    }
}

#[test]
fn schema_output_is_stable() {
    let again = Command::new(BIN).arg("schema").output().unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(String::from_utf8(again.stdout).unwrap(), schema_text());
    assert!(again.stderr.is_empty());
}

#[test]
fn every_shipped_scenario_validates_against_the_schema() {
    let v = validator();
    for file in scenario_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: not JSON: {e}", file.display()));
        let errs = errors(&v, &doc);
        assert!(
            errs.is_empty(),
            "{} does not validate against the schema:\n{}",
            file.display(),
            errs.join("\n")
        );
    }
}

#[test]
fn the_base_scenario_validates_against_the_schema() {
    let v = validator();
    let errs = errors(&v, &base());
    assert!(errs.is_empty(), "{}", errs.join("\n"));
}

#[test]
fn shipped_scenario_with_an_unknown_field_does_not_validate() {
    let v = validator();
    for file in scenario_files() {
        let mut doc: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        doc["zz_unknown"] = json!(1);
        assert!(
            !v.is_valid(&doc),
            "{} with a top-level unknown field validates",
            file.display()
        );
        let mut doc: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        doc["programs"][0]["zz_unknown"] = json!(1);
        let errs = errors(&v, &doc);
        assert!(
            !errs.is_empty(),
            "{} with programs[0].zz_unknown validates",
            file.display()
        );
        assert!(
            errs.iter().any(|e| e.starts_with("/programs/0")),
            "{}: errors do not point at /programs/0: {errs:?}",
            file.display()
        );
    }
}

#[test]
fn unknown_fields_anywhere_do_not_validate() {
    let v = validator();
    let cases = [
        ("/zz_unknown", "", "top level"),
        ("/programs/1/zz_unknown", "/programs/1", "program"),
        (
            "/programs/2/hospits/zz_unknown",
            "/programs/2/hospits",
            "hospits price",
        ),
        ("/profiles/0/zz_unknown", "/profiles/0", "profile"),
        (
            "/profiles/0/transitions/temporary/bands/0/zz_unknown",
            "/profiles/0/transitions/temporary/bands/0",
            "band",
        ),
        (
            "/profiles/0/transitions/congregate/zz_unknown",
            "/profiles/0/transitions/congregate",
            "transitions",
        ),
        (
            "/profiles/0/arrivals/zz_unknown",
            "/profiles/0/arrivals",
            "arrivals",
        ),
        (
            "/profiles/0/breakdown/0/zz_unknown",
            "/profiles/0/breakdown/0",
            "breakdown",
        ),
        (
            "/profiles/1/initial_waiting/0/zz_unknown",
            "/profiles/1/initial_waiting/0",
            "initial_waiting",
        ),
        ("/placement/zz_unknown", "/placement", "placement"),
        ("/costs/zz_unknown", "/costs", "costs"),
        ("/costs/repair/zz_unknown", "/costs/repair", "repair"),
        (
            "/costs/person_month_nok/zz_unknown",
            "/costs/person_month_nok",
            "person_month_nok",
        ),
    ];
    for (ptr, parent, what) in cases {
        let doc = with(ptr, json!(1));
        let errs = errors(&v, &doc);
        assert!(!errs.is_empty(), "{what}: unknown field {ptr} validates");
        assert!(
            errs.iter().any(|e| e.starts_with(&format!("{parent}:"))),
            "{what}: no error at {parent:?}: {errs:?}"
        );
    }
}

#[test]
fn wrong_types_and_names_do_not_validate() {
    let v = validator();
    let cases = [
        ("/horizon_months", json!("ten")),
        ("/horizon_months", json!(-1)),
        ("/programs/0/units", json!("many")),
        ("/programs/0/units", json!(-1)),
        ("/programs/0/units", json!(1.5)),
        ("/programs/0/category", json!("castle")),
        ("/profiles/0/severity", json!("extreme")),
        ("/profiles/0/needs", json!("not_a_state")),
        ("/profiles/0/initial/homeless", json!(-3)),
        ("/profiles/0/initial/homeless", json!("x")),
        (
            "/profiles/0/transitions/congregate/to/temporary",
            json!("x"),
        ),
        ("/profiles/1/aggressive", json!("yes")),
        ("/placement/fallback/0", json!("nowhere")),
        ("/profiles", json!({})),
        ("/costs/repair/ordinary_nok", json!("x")),
    ];
    for (ptr, value) in cases {
        let doc = with(ptr, value.clone());
        assert!(!v.is_valid(&doc), "{ptr} = {value} validates");
    }
    let mut doc = base();
    doc.as_object_mut().unwrap().remove("name");
    assert!(!v.is_valid(&doc), "a scenario without name validates");
    assert!(!v.is_valid(&json!([])), "an array validates as a scenario");
}

#[test]
fn unlimited_units_validate() {
    let v = validator();
    let doc = with("/programs/0/units", json!("unlimited"));
    assert!(v.is_valid(&doc), "{:?}", errors(&v, &doc));
}

/// The loader rejects state names it does not know as keys of `initial` and `transitions`
/// (`unknown variant`); the schema should too, so an editor flags `"homless": 3`.
#[test]
fn schema_rejects_unknown_state_names_as_map_keys() {
    let v = validator();
    let cases = [
        ("/profiles/0/initial/homless", json!(1)),
        ("/profiles/0/transitions/congregate/to/homless", json!(0.1)),
        (
            "/profiles/0/transitions/homless",
            json!({"to": {"temporary": 0.1}}),
        ),
        ("/profiles/0/initial_misplaced", json!({"castle": 1})),
        ("/costs/payers", json!({"staf": "municipality"})),
    ];
    for (ptr, value) in cases {
        let doc = with(ptr, value.clone());
        assert!(!v.is_valid(&doc), "{ptr} = {value}: unknown key validates");
    }
}

/// An `uncertainty` section validates; a misspelt distribution does not.
#[test]
fn schema_describes_the_uncertainty_section() {
    let v = validator();
    let section = json!({
        "parameters": [
            {"name": "price", "path": "programs[hospits].hospits.housing_per_month_nok",
             "distribution": {"gamma": {"mean": 25000, "sd": 2500}}, "low": 20000, "high": 30000},
            {"name": "fixed", "path": "costs.discount_rate_per_year", "distribution": {"fixed": 0.04}},
            {"name": "row", "path": "profiles[0].transitions.congregate",
             "distribution": {"dirichlet": {"alpha": {"temporary": 1, "stay": 36}}}}
        ],
        "correlations": [{"between": ["price", "fixed"], "rho": 0.3}]
    });
    let doc = with("/uncertainty", section.clone());
    assert!(v.is_valid(&doc), "{:?}", errors(&v, &doc));
    let mut misspelt = section;
    misspelt["parameters"][0]["distribution"] = json!({"gama": {"mean": 25000, "sd": 2500}});
    assert!(
        !v.is_valid(&with("/uncertainty", misspelt)),
        "a misspelt distribution validates"
    );
}

/// The schema shipped in `schema/` (which scenario files name in `$schema`) is the one
/// `housing-sim schema` prints.
#[test]
fn the_shipped_schema_file_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/scenario.schema.json");
    let shipped = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        shipped == schema_text(),
        "{} is not what `housing-sim schema` prints; regenerate it with\n  \
         cargo run -- schema > schema/scenario.schema.json",
        path.display()
    );
}

/// Every shipped scenario links the schema with its first key, so editors complete and check it.
#[test]
fn every_shipped_scenario_names_the_schema_first() {
    for file in scenario_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("{\n  \"$schema\": \"../schema/scenario.schema.json\",\n"),
            "{}: the first key is not \"$schema\": \"../schema/scenario.schema.json\"",
            file.display()
        );
        let linked = file
            .parent()
            .unwrap()
            .join("../schema/scenario.schema.json");
        assert!(linked.is_file(), "{} does not exist", linked.display());
    }
}

/// `$schema` is the one key the format takes that the model ignores; any other unknown key is
/// still an error.
#[test]
fn dollar_schema_is_accepted_and_other_dollar_keys_are_not() {
    let v = validator();
    let doc = with("/$schema", json!("../schema/scenario.schema.json"));
    assert!(v.is_valid(&doc), "{:?}", errors(&v, &doc));
    let s = housing_sim::scenario::from_json_str(&doc.to_string(), "a.json").unwrap();
    assert_eq!(s.schema.as_deref(), Some("../schema/scenario.schema.json"));
    let doc = with("/$id", json!("x"));
    assert!(!v.is_valid(&doc));
    let err = housing_sim::scenario::from_json_str(&doc.to_string(), "a.json").unwrap_err();
    assert!(err.to_string().contains("unknown field `$id`"), "{err}");
}

/// How a bound holds: both ends included, the lower one excluded, or both excluded; whole
/// numbers step by 1.
#[derive(Clone, Copy, Debug)]
enum Ends {
    Closed,
    Whole,
    AboveLow,
    Open,
}

/// The smallest value, the largest (if any) and how the ends hold.
type Bound = (f64, Option<f64>, Ends);

/// The base scenario with every section that has a bounded number: a Housing First program,
/// a target, break-even settings, a plan and uncertainty.
fn bounded_base() -> Value {
    let mut doc = base();
    doc["programs"].as_array_mut().unwrap().push(json!({
        "id": "hf", "category": "housing_first", "units": 3, "staff_per_resident": 0.1,
        "fte_cost_per_year_nok": 700000, "rent_per_occupied_unit_month_nok": 5000,
        "resident_contribution_per_month_nok": 4000, "extra_housing_outlay_per_month_nok": 100}));
    doc["costs"]["repair"] = json!({"ordinary_nok": 55000, "aggressive_min_nok": 0,
                                    "aggressive_max_nok": housing_sim::scenario::validate::MAX_NOK});
    doc["targets"] = json!([{"measure": {"colour_share": {"colour": "green", "month": 0}},
                             "value": 0.5, "tolerance": 0.1}]);
    doc["break_even"] = json!({"max_participants": 10, "refill_probability_per_month": 0.5});
    doc["plan"] = json!({
        "candidates": [{"program": "cong", "min_units": 0, "max_units": 10, "step": 1,
                        "staff_fte_per_unit": 0.5, "guards_fte_per_unit": 0,
                        "caretaker_fte_per_unit": 0, "capital_per_unit_month_nok": 1000,
                        "running_per_occupied_unit_month_nok": 100}],
        "targets": [
            {"measure": "hospits_person_months", "month": 6, "at_most": 5, "probability": 0.9},
            {"measure": "waiting_list", "category": "congregate", "month": 6, "at_least": 0}]});
    doc["uncertainty"] = json!({
        "parameters": [
            {"name": "rate", "path": "costs.discount_rate_per_year",
             "distribution": {"beta": {"mean": 0.04, "sd": 0.01}}},
            {"name": "row", "path": "profiles[0].transitions.congregate",
             "distribution": {"dirichlet": {"alpha": {"temporary": 1, "ordinary": 1, "stay": 36}}}},
            {"name": "price", "path": "programs[0].running_per_occupied_unit_month_nok",
             "distribution": {"normal": {"mean": 500, "sd": 10}}}],
        "correlations": [{"between": ["rate", "price"], "rho": 0.3}]});
    doc
}

/// Whether the validator takes `doc` (parsed and checked by the rules).
fn validator_takes(doc: &Value) -> Result<(), String> {
    let s = housing_sim::scenario::from_json_str(&doc.to_string(), "bounds.json")
        .map_err(|e| e.to_string())?;
    let issues = housing_sim::scenario::validate(&s);
    match issues.is_empty() {
        true => Ok(()),
        false => Err(format!("{issues:?}")),
    }
}

/// Every bound the validator enforces, from the constants both use: a value just inside
/// passes the schema and the validator, one just outside fails both.
#[test]
fn schema_bounds_equal_the_validators() {
    use housing_sim::scenario::validate as b;
    use Ends::*;
    let nok = (0.0, Some(b::MAX_NOK), Closed);
    let p = (0.0, Some(1.0), Closed);
    let cases: Vec<(&str, Bound)> = vec![
        (
            "/horizon_months",
            (1.0, Some(b::MAX_HORIZON_MONTHS as f64), Whole),
        ),
        (
            "/replications",
            (1.0, Some(b::MAX_REPLICATIONS as f64), Whole),
        ),
        ("/programs/0/units", (0.0, Some(b::MAX_UNITS as f64), Whole)),
        ("/programs/0/staff_fte", (0.0, Some(b::MAX_FTE), Closed)),
        ("/programs/1/guards_fte", (0.0, Some(b::MAX_FTE), Closed)),
        ("/programs/0/caretaker_fte", (0.0, Some(b::MAX_FTE), Closed)),
        (
            "/programs/3/staff_per_resident",
            (0.0, Some(b::MAX_STAFF_PER_RESIDENT), Closed),
        ),
        ("/programs/3/fte_cost_per_year_nok", nok),
        ("/programs/0/capital_per_unit_month_nok", nok),
        ("/programs/0/running_per_occupied_unit_month_nok", nok),
        ("/programs/3/rent_per_occupied_unit_month_nok", nok),
        ("/programs/3/resident_contribution_per_month_nok", nok),
        ("/programs/3/extra_housing_outlay_per_month_nok", nok),
        ("/programs/2/hospits/housing_per_month_nok", nok),
        ("/programs/2/hospits/follow_up_per_month_nok", nok),
        ("/programs/1/damage_reduction", p),
        ("/placement/misplacement_spillover", p),
        ("/costs/fte_cost_per_year_nok", nok),
        ("/costs/discount_rate_per_year", p),
        ("/costs/repair/ordinary_nok", nok),
        ("/costs/repair/aggressive_min_nok", nok),
        ("/costs/repair/aggressive_max_nok", nok),
        (
            "/costs/moving_staff_hours_per_move",
            (0.0, Some(b::MAX_MOVING_STAFF_HOURS), Closed),
        ),
        (
            "/costs/hours_per_fte_year",
            (
                b::MIN_HOURS_PER_FTE_YEAR,
                Some(b::MAX_HOURS_PER_FTE_YEAR),
                Closed,
            ),
        ),
        ("/costs/person_month_nok/homeless", nok),
        ("/costs/person_month_nok/institution", nok),
        ("/costs/person_month_nok/ordinary_follow_up", nok),
        (
            "/profiles/0/arrivals/per_month",
            (0.0, Some(b::MAX_ARRIVALS_PER_MONTH), Closed),
        ),
        ("/profiles/0/breakdown/0/base_probability", p),
        (
            "/profiles/0/breakdown/0/required_staff_per_resident",
            (0.0, Some(b::MAX_STAFF_PER_RESIDENT), Closed),
        ),
        (
            "/profiles/0/breakdown/0/elasticity",
            (0.0, Some(b::MAX_ELASTICITY), Closed),
        ),
        ("/profiles/1/transitions/specialized/to/institution", p),
        ("/profiles/0/transitions/temporary/bands/0/to/congregate", p),
        ("/targets/0/value", (0.0, Some(b::MAX_TARGET_VALUE), Closed)),
        (
            "/targets/0/tolerance",
            (0.0, Some(b::MAX_TARGET_VALUE), Closed),
        ),
        (
            "/targets/0/measure/colour_share/month",
            (0.0, Some(b::MAX_HORIZON_MONTHS as f64), Whole),
        ),
        (
            "/break_even/max_participants",
            (1.0, Some(b::MAX_BREAK_EVEN_PARTICIPANTS as f64), Whole),
        ),
        ("/break_even/refill_probability_per_month", p),
        (
            "/plan/candidates/0/max_units",
            (0.0, Some(b::MAX_UNITS as f64), Whole),
        ),
        ("/plan/candidates/0/step", (1.0, None, Whole)),
        (
            "/plan/candidates/0/staff_fte_per_unit",
            (0.0, Some(b::MAX_FTE_PER_UNIT), Closed),
        ),
        (
            "/plan/candidates/0/guards_fte_per_unit",
            (0.0, Some(b::MAX_FTE_PER_UNIT), Closed),
        ),
        (
            "/plan/candidates/0/caretaker_fte_per_unit",
            (0.0, Some(b::MAX_FTE_PER_UNIT), Closed),
        ),
        ("/plan/candidates/0/capital_per_unit_month_nok", nok),
        (
            "/plan/candidates/0/running_per_occupied_unit_month_nok",
            nok,
        ),
        (
            "/plan/targets/0/at_most",
            (0.0, Some(b::MAX_TARGET_VALUE), Closed),
        ),
        (
            "/plan/targets/1/at_least",
            (0.0, Some(b::MAX_TARGET_VALUE), Closed),
        ),
        ("/plan/targets/0/probability", (0.0, Some(1.0), AboveLow)),
        (
            "/uncertainty/parameters/2/distribution/normal/sd",
            (0.0, None, AboveLow),
        ),
        (
            "/uncertainty/parameters/1/distribution/dirichlet/alpha/temporary",
            (0.0, Some(b::MAX_SHAPE), AboveLow),
        ),
        ("/uncertainty/correlations/0/rho", (-1.0, Some(1.0), Open)),
    ];
    let v = validator();
    let base = bounded_base();
    assert_eq!(validator_takes(&base), Ok(()));
    assert!(v.is_valid(&base), "{:?}", errors(&v, &base));
    let mut failures = Vec::new();
    for (ptr, (lo, hi, ends)) in cases {
        let step = |x: f64| match ends {
            Whole => 1.0,
            _ => (x.abs() * 1e-6).max(1e-6),
        };
        let (low_in, low_out) = match ends {
            AboveLow | Open => (lo + step(lo), lo),
            Closed | Whole => (lo, lo - step(lo)),
        };
        let mut inside = vec![low_in];
        let mut outside = vec![low_out];
        if let Some(hi) = hi {
            match ends {
                Open => {
                    inside.push(hi - step(hi));
                    outside.push(hi);
                }
                _ => {
                    inside.push(hi);
                    outside.push(hi + step(hi));
                }
            }
        }
        for (x, want) in inside
            .into_iter()
            .map(|x| (x, true))
            .chain(outside.into_iter().map(|x| (x, false)))
        {
            let value = match ends {
                Whole => json!(x as i64),
                _ => json!(x),
            };
            let mut doc = base.clone();
            set(&mut doc, ptr, value);
            let by_schema = v.is_valid(&doc);
            let by_validator = validator_takes(&doc);
            if by_schema != want || by_validator.is_ok() != want {
                failures.push(format!(
                    "{ptr} = {x}: expected {}, schema says {by_schema}, validator {by_validator:?}",
                    if want { "valid" } else { "invalid" }
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every number field of the schema has an upper bound (a new field without one fails here),
/// except those whose range is the whole line: distribution parameters and analysis bounds.
#[test]
fn every_number_field_of_the_schema_is_bounded() {
    let unbounded = [
        "Moments.mean",
        "Moments.sd",
        "Interval.low",
        "Interval.high",
        "Triangle.low",
        "Triangle.mode",
        "Triangle.high",
        "UncertainParameter.low",
        "UncertainParameter.high",
    ];
    let s = schema();
    let mut objects: Vec<(String, &Value)> = vec![("Scenario".to_owned(), &s)];
    for (name, def) in s["definitions"].as_object().unwrap() {
        objects.push((name.clone(), def));
        for alternative in def["oneOf"].as_array().into_iter().flatten() {
            for (variant, inner) in alternative["properties"].as_object().into_iter().flatten() {
                objects.push((format!("{name}.{variant}"), inner));
            }
        }
    }
    let mut missing = Vec::new();
    for (name, object) in objects {
        for (field, p) in object["properties"].as_object().into_iter().flatten() {
            let types = match &p["type"] {
                Value::Array(t) => t.clone(),
                t => vec![t.clone()],
            };
            // Whole numbers are bounded by their type (`format`: uint32).
            let numeric = types.iter().any(|t| t == "number");
            let bounded = p.get("maximum").is_some() || p.get("exclusiveMaximum").is_some();
            let whole_line = unbounded.contains(&format!("{name}.{field}").as_str());
            if numeric && !bounded && !whole_line {
                missing.push(format!("{name}.{field}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "number fields without a bound: {missing:?}"
    );
}
