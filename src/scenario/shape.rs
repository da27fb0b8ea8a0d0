//! The shape of a scenario document, checked against the generated JSON Schema before the
//! typed parse, where serde's own messages would be unclear:
//! - objects must be written as objects (serde also reads a struct from a JSON array of its
//!   fields in order, which nobody means to write);
//! - a choice written as an object with one key (e.g. a target's `measure`) must have exactly
//!   one key, and an extra key is named.

use super::error::Issue;
use schemars::schema::{InstanceType, RootSchema, Schema, SchemaObject, SingleOrVec};
use serde_json::Value;
use serde_path_to_error::Segment;

/// Field paths where `doc` has an array but the format expects an object, or a one-key choice
/// with other keys.
pub fn shape_issues(doc: &Value, root: &RootSchema) -> Vec<Issue> {
    let mut issues = Vec::new();
    walk(doc, &root.schema, root, String::new(), &mut issues);
    issues
}

fn resolve<'a>(s: &'a SchemaObject, root: &'a RootSchema) -> &'a SchemaObject {
    if let Some(name) = s
        .reference
        .as_ref()
        .and_then(|r| r.strip_prefix("#/definitions/"))
    {
        if let Some(Schema::Object(o)) = root.definitions.get(name) {
            return resolve(o, root);
        }
    }
    if let Some(sub) = &s.subschemas {
        if let Some([Schema::Object(only)]) = sub.all_of.as_deref() {
            return resolve(only, root);
        }
    }
    s
}

fn allows(s: &SchemaObject, t: InstanceType) -> bool {
    match &s.instance_type {
        Some(SingleOrVec::Single(one)) => **one == t,
        Some(SingleOrVec::Vec(many)) => many.contains(&t),
        None => false,
    }
}

/// The alternatives of an `anyOf`/`oneOf` (e.g. an optional value), or the schema itself.
fn alternatives<'a>(s: &'a SchemaObject, root: &'a RootSchema) -> Vec<&'a SchemaObject> {
    let s = resolve(s, root);
    let options = s
        .subschemas
        .as_ref()
        .and_then(|sub| sub.any_of.as_ref().or(sub.one_of.as_ref()));
    match options {
        Some(list) => list
            .iter()
            .filter_map(|o| match o {
                Schema::Object(o) => Some(resolve(o, root)),
                Schema::Bool(_) => None,
            })
            .collect(),
        None => vec![s],
    }
}

/// The key names, when the alternatives are objects of exactly one required key each (an
/// externally tagged enum).
fn one_key_choice<'a>(objects: &[&'a SchemaObject]) -> Option<Vec<&'a str>> {
    if objects.len() < 2 {
        return None;
    }
    objects
        .iter()
        .map(|o| {
            let ov = o.object.as_ref()?;
            if ov.properties.len() == 1 && ov.required.len() == 1 {
                ov.properties.keys().next().map(String::as_str)
            } else {
                None
            }
        })
        .collect()
}

/// A plain message for two serde_json errors on a document that is valid JSON, where its own
/// words are a syntax error's: "expected value" where the format expects a choice (a name,
/// or an object with one key naming it) but finds something else, and "trailing characters"
/// where a list of fixed length is too long. Says what is allowed and what was found.
pub fn typed_parse_message(
    doc: &Value,
    root: &RootSchema,
    path: &serde_path_to_error::Path,
    message: &str,
) -> Option<String> {
    let mut schema = &root.schema;
    let mut value = doc;
    for segment in path.iter() {
        schema = alternatives(schema, root)
            .into_iter()
            .find_map(|o| child(o, segment))?;
        value = match segment {
            Segment::Seq { index } => value.get(index)?,
            Segment::Map { key } | Segment::Enum { variant: key } => value.get(key)?,
            Segment::Unknown => return None,
        };
    }
    let found = super::field_path::describe(value);
    if message.starts_with("trailing characters") {
        let n = alternatives(schema, root)
            .iter()
            .find_map(|o| o.array.as_ref()?.max_items)?;
        return Some(format!("expected a list of {n} elements, found {found}"));
    }
    if !message.starts_with("expected value") {
        return None;
    }
    let names: Vec<String> = alternatives(schema, root)
        .iter()
        .flat_map(|o| choice_names(o))
        .collect();
    if names.is_empty() {
        return None;
    }
    Some(format!(
        "expected one of: {}, found {found}",
        crate::state::names_with_spellings(names.iter().map(String::as_str)),
    ))
}

/// The schema of the part of `o` that `segment` leads to.
fn child<'a>(o: &'a SchemaObject, segment: &Segment) -> Option<&'a SchemaObject> {
    let sub = match segment {
        Segment::Seq { .. } => match o.array.as_ref()?.items.as_ref()? {
            SingleOrVec::Single(item) => item.as_ref(),
            SingleOrVec::Vec(_) => return None,
        },
        Segment::Map { key } | Segment::Enum { variant: key } => {
            let ov = o.object.as_ref()?;
            ov.properties
                .get(key)
                .or(ov.additional_properties.as_deref())?
        }
        Segment::Unknown => return None,
    };
    match sub {
        Schema::Object(s) => Some(s),
        Schema::Bool(_) => None,
    }
}

/// The names a choice's alternative allows: its `enum` values, or its one required key.
fn choice_names(o: &SchemaObject) -> Vec<String> {
    if let Some(values) = &o.enum_values {
        return values
            .iter()
            .filter_map(Value::as_str)
            .filter(|v| crate::state::canonical_name(v) == *v)
            .map(str::to_owned)
            .collect();
    }
    match o.object.as_deref() {
        Some(ov) if ov.properties.len() == 1 && ov.required.len() == 1 => {
            ov.required.iter().cloned().collect()
        }
        _ => Vec::new(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(v: &Value, s: &SchemaObject, root: &RootSchema, path: String, out: &mut Vec<Issue>) {
    let options = alternatives(s, root);
    match v {
        Value::Array(items) => {
            if let Some(list) = options.iter().find(|o| allows(o, InstanceType::Array)) {
                if let Some(SingleOrVec::Single(item)) =
                    list.array.as_ref().and_then(|a| a.items.as_ref())
                {
                    if let Schema::Object(item) = item.as_ref() {
                        for (i, x) in items.iter().enumerate() {
                            walk(x, item, root, format!("{path}[{i}]"), out);
                        }
                    }
                }
            } else if options.iter().any(|o| allows(o, InstanceType::Object)) {
                out.push(Issue::new(
                    path,
                    "expected an object { … } with named fields, found a list [ … ]",
                ));
            }
        }
        Value::Object(map) => {
            let objects: Vec<&SchemaObject> = options
                .iter()
                .copied()
                .filter(|o| allows(o, InstanceType::Object))
                .collect();
            if let Some(names) = one_key_choice(&objects) {
                let unknown = map.keys().find(|k| !names.contains(&k.as_str()));
                if map.len() != 1 || unknown.is_some() {
                    let what = match unknown {
                        Some(k) => format!("unknown field `{k}`: "),
                        None => String::new(),
                    };
                    let names = names.join(", ");
                    out.push(Issue::new(
                        path,
                        format!("{what}give exactly one of {names}"),
                    ));
                    return;
                }
            }
            // The alternative that has every key (for a one-key choice: the one chosen).
            let fits = |o: &&&SchemaObject| {
                o.object.as_ref().is_some_and(|ov| {
                    ov.additional_properties.is_some()
                        || map.keys().all(|k| ov.properties.contains_key(k))
                })
            };
            let Some(obj) = objects
                .iter()
                .find(fits)
                .or(objects.first())
                .and_then(|o| o.object.as_ref())
            else {
                return;
            };
            for (k, x) in map {
                let child = obj
                    .properties
                    .get(k)
                    .or(obj.additional_properties.as_deref());
                if let Some(Schema::Object(child)) = child {
                    walk(x, child, root, join(&path, k), out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_are_rejected_where_objects_belong() {
        let root = schemars::schema_for!(crate::scenario::Scenario);
        let doc = serde_json::json!([1, 2]);
        assert_eq!(shape_issues(&doc, &root)[0].path, "");
        let doc = serde_json::json!({"programs": [["p", "congregate", 5]], "profiles": [],
            "placement": {"fallback": ["stay"]}, "costs": {"repair": [1, 2, 3]}});
        let paths: Vec<String> = shape_issues(&doc, &root)
            .into_iter()
            .map(|i| i.path)
            .collect();
        assert_eq!(paths, vec!["costs.repair", "programs[0]"]);
        let doc =
            serde_json::json!({"profiles": [{"transitions": {"temporary": {"bands": [[1, {}]]}}}]});
        let paths: Vec<String> = shape_issues(&doc, &root)
            .into_iter()
            .map(|i| i.path)
            .collect();
        assert_eq!(paths, vec!["profiles[0].transitions.temporary.bands[0]"]);
    }

    #[test]
    fn one_key_choices_name_extra_keys() {
        let root = schemars::schema_for!(crate::scenario::Scenario);
        let doc = serde_json::json!({"targets": [{"measure": {"colour_share": {"colour": "green", "month": 0}, "zz": 1}}]});
        let issues = shape_issues(&doc, &root);
        assert_eq!(issues[0].path, "targets[0].measure");
        assert!(
            issues[0].message.contains("unknown field `zz`"),
            "{}",
            issues[0].message
        );
        let doc = serde_json::json!({"targets": [{"measure": {"colour_share": {"colour": "green", "month": 0}}}]});
        assert!(shape_issues(&doc, &root).is_empty());
    }
}
