//! Field paths written as in error messages (`programs[1].hospits.housing_per_month_nok`),
//! resolved in a scenario's JSON form. An id may stand for an index
//! (`programs[hospits].units`): it matches the element whose `id` field equals it.

use serde_json::Value;

/// A field path found in a document.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Resolved {
    /// The path with indices only, as error messages write it (`programs[1].units`).
    pub canonical: String,
    /// The JSON Pointer of the field (`/programs/1/units`).
    pub pointer: String,
}

/// One step of a path: a field name, or what is inside `[…]`.
#[derive(Debug, PartialEq)]
enum Step {
    Field(String),
    Element(String),
}

/// Split `path` into steps; the error says what is malformed.
fn parse(path: &str) -> Result<Vec<Step>, String> {
    let mut steps = Vec::new();
    let mut field = String::new();
    let mut chars = path.chars();
    let mut after_bracket = false;
    while let Some(c) = chars.next() {
        match c {
            '.' | '[' => {
                if !field.is_empty() {
                    steps.push(Step::Field(std::mem::take(&mut field)));
                } else if !(after_bracket || (c == '[' && !steps.is_empty())) {
                    return Err(format!("`{path}` has an empty field name before `{c}`"));
                }
                after_bracket = false;
                if c == '[' {
                    let inside: String = chars.by_ref().take_while(|&x| x != ']').collect();
                    if inside.is_empty() {
                        return Err(format!("`{path}` has an empty or unclosed `[…]`"));
                    }
                    steps.push(Step::Element(inside));
                    after_bracket = true;
                }
            }
            ']' => return Err(format!("`{path}` has a `]` without `[`")),
            _ if after_bracket => {
                return Err(format!(
                    "`{path}`: expected `.` or `[` after `]`, found `{c}`"
                ))
            }
            _ => field.push(c),
        }
    }
    if !field.is_empty() {
        steps.push(Step::Field(field));
    } else if !after_bracket {
        return Err(format!("`{path}` is empty or ends with `.`"));
    }
    Ok(steps)
}

/// How a JSON value reads in a message.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null (not set)".to_owned(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the text {s:?}"),
        Value::Array(a) => format!("a list of {} elements", a.len()),
        Value::Object(o) => {
            let keys: Vec<&str> = o.keys().map(String::as_str).collect();
            format!("an object with fields {}", keys.join(", "))
        }
    }
}

/// Escape a key for a JSON Pointer.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// What the elements of a list called `list` are called in messages.
fn element_noun(list: &str) -> &str {
    match list {
        "programs" => "program",
        "profiles" => "profile",
        _ => "element",
    }
}

/// Follow field `key` from `node` at `here`: the value, and the key as the document writes it
/// (a name written in another spelling, `specialised`, is found as `specialized`).
fn field<'a, 'k>(
    node: &'a Value,
    key: &'k str,
    here: &str,
) -> Result<(&'a Value, &'k str), String> {
    let Value::Object(map) = node else {
        return Err(format!(
            "`{here}` is {}, which has no field `{key}`",
            describe(node)
        ));
    };
    let spelt = crate::state::canonical_name(key);
    let found = match map.get(key) {
        Some(v) => Some((v, key)),
        None => map.get(spelt).map(|v| (v, spelt)),
    };
    found.ok_or_else(|| {
        let fields: Vec<&str> = map.keys().map(String::as_str).collect();
        let place = if here.is_empty() {
            "the top level".to_owned()
        } else {
            format!("`{here}`")
        };
        format!(
            "no field `{key}` at {place} (fields with a value there: {}; an optional field must be \
             given a value in the file before it can be varied)",
            fields.join(", ")
        )
    })
}

/// Follow element `token` (an index or an id) of the list `node` named `list` at `here`.
fn element<'a>(
    node: &'a Value,
    token: &str,
    list: &str,
    here: &str,
) -> Result<(usize, &'a Value), String> {
    let Value::Array(items) = node else {
        return Err(format!(
            "`{here}` is {}, not a list, so `[{token}]` cannot follow it",
            describe(node)
        ));
    };
    if let Ok(i) = token.parse::<usize>() {
        return items.get(i).map(|v| (i, v)).ok_or_else(|| {
            format!(
                "`{here}` has {} elements; there is no index {i}",
                items.len()
            )
        });
    }
    let id_of = |v: &Value| v.get("id").and_then(Value::as_str).map(str::to_owned);
    items
        .iter()
        .enumerate()
        .find(|(_, v)| id_of(v).as_deref() == Some(token))
        .ok_or_else(|| {
            let ids: Vec<String> = items.iter().filter_map(id_of).collect();
            let noun = element_noun(list);
            format!(
                "no {noun} with id or index `{token}`; ids are: {}",
                ids.join(", ")
            )
        })
}

/// Resolve `path` in `doc`: where the field is and what is there.
pub(crate) fn resolve<'a>(doc: &'a Value, path: &str) -> Result<(Resolved, &'a Value), String> {
    let mut node = doc;
    let mut canonical = String::new();
    let mut pointer = String::new();
    let steps = parse(path)?;
    let mut list = "";
    for step in &steps {
        match step {
            Step::Field(key) => {
                let (next, key) = field(node, key, &canonical)?;
                node = next;
                if !canonical.is_empty() {
                    canonical.push('.');
                }
                canonical.push_str(key);
                pointer.push('/');
                pointer.push_str(&escape(key));
            }
            Step::Element(token) => {
                let (i, next) = element(node, token, list, &canonical)?;
                node = next;
                canonical.push_str(&format!("[{i}]"));
                pointer.push_str(&format!("/{i}"));
            }
        }
        list = match step {
            Step::Field(key) => key.as_str(),
            Step::Element(_) => "",
        };
    }
    Ok((Resolved { canonical, pointer }, node))
}

/// Resolve `path` to a transition row: a `to` map, or transitions (or a duration band) that
/// have `to`. The result is the `to` map's place.
pub(crate) fn resolve_row(doc: &Value, path: &str) -> Result<Resolved, String> {
    let (found, node) = resolve(doc, path)?;
    if node.get("to").is_some_and(Value::is_object) {
        return Ok(Resolved {
            canonical: format!("{}.to", found.canonical),
            pointer: format!("{}/to", found.pointer),
        });
    }
    if found.canonical.ends_with(".to") && node.is_object() {
        return Ok(found);
    }
    let hint = if node.get("bands").is_some() {
        format!("; these transitions are given by duration bands: name one band, e.g. `{path}.bands[0]`")
    } else {
        String::new()
    };
    Err(format!(
        "a dirichlet needs a transition row (a `to` map, or transitions with `to`), found {}{hint}",
        describe(node)
    ))
}

/// The state whose outgoing row `canonical` (a resolved row path in `doc`) is, if it names
/// one: the state after `transitions.` in a profile's row; the program's category in a
/// program's own row (`programs[i].transitions…`, `programs[i].transitions_by_profile…`).
pub(crate) fn row_origin<'a>(doc: &'a Value, canonical: &'a str) -> Option<&'a str> {
    if let Some(rest) = canonical.strip_prefix("programs[") {
        let (index, after) = rest.split_once(']')?;
        let own_row =
            after.starts_with(".transitions.") || after.starts_with(".transitions_by_profile.");
        let program = doc.get("programs")?.get(index.parse::<usize>().ok()?)?;
        return own_row.then(|| program.get("category")?.as_str()).flatten();
    }
    let after = canonical.split(".transitions.").nth(1)?;
    after.split(['.', '[']).next()
}

#[cfg(test)]
mod tests;
