//! serde's messages in plain words. serde and serde_json describe a mismatch in Rust's terms
//! (`invalid type: string "12", expected f64`); a scenario's author wants to read "expected a
//! number, found the string "12"". Every message the typed parse of a scenario produces goes
//! through [`plain_words`]; messages of our own (already plain) pass unchanged.

use crate::state::names_with_spellings;

/// `message` (from serde or serde_json, with or without its ` at line L column C` ending) in
/// plain words, keeping the position at the end.
pub(crate) fn plain_words(message: &str) -> String {
    let (body, position) = split_position(message);
    let plain = rewrite(body).unwrap_or_else(|| body.to_owned());
    match position {
        Some((line, column)) => format!("{plain} (line {line}, column {column})"),
        None => plain,
    }
}

/// serde_json ends a message with ` at line L column C`.
fn split_position(message: &str) -> (&str, Option<(&str, &str)>) {
    let Some(at) = message.rfind(" at line ") else {
        return (message, None);
    };
    let tail = &message[at + " at line ".len()..];
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    match tail.split_once(" column ") {
        Some((line, column)) if digits(line) && digits(column) => {
            (&message[..at], Some((line, column)))
        }
        _ => (message, None),
    }
}

/// The plain version of a message serde makes, or `None` for any other message.
fn rewrite(body: &str) -> Option<String> {
    if let Some(rest) = body
        .strip_prefix("invalid type: ")
        .or_else(|| body.strip_prefix("invalid value: "))
    {
        let (found, expected) = rest.rsplit_once(", expected ")?;
        return Some(format!(
            "expected {}, found {}",
            expected_words(expected),
            found_words(found)
        ));
    }
    if let Some(rest) = body.strip_prefix("invalid length ") {
        let (found, expected) = rest.split_once(", expected ")?;
        let s = if found == "1" { "" } else { "s" };
        return Some(format!(
            "expected {}, found a list of {found} element{s}",
            expected_words(expected)
        ));
    }
    if let Some(rest) = body.strip_prefix("unknown variant `") {
        let (found, allowed) = split_names(rest)?;
        return Some(format!("expected one of: {allowed}, found \"{found}\""));
    }
    if let Some(rest) = body.strip_prefix("unknown field `") {
        let (found, allowed) = split_names(rest)?;
        return Some(if allowed.is_empty() {
            format!("unknown field `{found}`: no fields are allowed here")
        } else {
            format!("unknown field `{found}`: the fields here are {allowed}")
        });
    }
    if let Some(field) = body
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return Some(format!("the required field `{field}` is missing"));
    }
    if let Some(field) = body
        .strip_prefix("duplicate field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return Some(format!("the field `{field}` appears twice"));
    }
    None
}

/// Split "name`, expected one of `a`, `b`" (or "… expected `a` or `b`", "… expected `a`",
/// "… there are no variants") into the name and the plain list of allowed names.
fn split_names(rest: &str) -> Option<(&str, String)> {
    let (found, tail) = rest.split_once("`, ")?;
    if tail.starts_with("there are no ") {
        return Some((found, String::new()));
    }
    let list = tail
        .strip_prefix("expected one of ")
        .or_else(|| tail.strip_prefix("expected "))?;
    let names: Vec<&str> = list
        .split(['`', ','])
        .map(str::trim)
        .filter(|n| !n.is_empty() && *n != "or")
        .collect();
    Some((found, names_with_spellings(names)))
}

/// What serde says it expected, in plain words; a description of our own passes unchanged.
fn expected_words(expected: &str) -> String {
    let plain = match expected {
        "f32" | "f64" => "a number",
        "u8" | "u16" | "u64" | "u128" | "usize" => "a whole number ≥ 0",
        "u32" => "a whole number ≥ 0 (at most 4294967295)",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "a boolean" => "true or false",
        "a string" | "a borrowed string" | "a character" => "text in double quotes",
        "a sequence" => "a list [ … ]",
        "a map" => "an object { … }",
        "unit" => "null",
        "option" => "a value or null",
        "struct variant" => "an object { … } of named fields after the name",
        "unit variant" | "variant identifier" => "a name",
        "tuple variant" | "newtype variant" => "a value after the name",
        _ => "",
    };
    if !plain.is_empty() {
        return plain.to_owned();
    }
    if let Some(n) = expected.strip_prefix("an array of length ") {
        return format!("a list of {n} elements");
    }
    if let Some(n) = expected.strip_prefix("a tuple of size ") {
        return format!("a list of {n} elements");
    }
    if expected.starts_with("struct ") || expected.starts_with("a map of ") {
        return "an object { … }".to_owned();
    }
    if expected.starts_with("enum ") {
        return "one of the names allowed here".to_owned();
    }
    if expected.starts_with("tuple struct ") || expected.starts_with("a sequence of ") {
        return "a list [ … ]".to_owned();
    }
    expected.to_owned()
}

/// What serde says it found, in plain words.
fn found_words(found: &str) -> String {
    let inner = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .and_then(|r| r.strip_prefix('`'))
            .and_then(|r| r.strip_suffix('`'))
            .map(str::to_owned)
    };
    if let Some(b) = inner("boolean ") {
        return b;
    }
    if let Some(n) = inner("integer ").or_else(|| inner("floating point ")) {
        return format!("the number {n}");
    }
    if let Some(c) = inner("character ") {
        return format!("the text \"{c}\"");
    }
    if let Some(s) = found.strip_prefix("string ") {
        return format!("the string {s}");
    }
    match found {
        "null" | "unit value" | "Option value" => "null".to_owned(),
        "sequence" => "a list".to_owned(),
        "map" => "an object".to_owned(),
        "unit variant" => "a name alone".to_owned(),
        "newtype variant" | "tuple variant" | "struct variant" => "an object".to_owned(),
        other => other.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_mismatches_read_as_plain_words() {
        let cases = [
            (
                "invalid type: string \"12\", expected f64 at line 1 column 40",
                "expected a number, found the string \"12\" (line 1, column 40)",
            ),
            (
                "invalid value: integer `-3`, expected u64",
                "expected a whole number ≥ 0, found the number -3",
            ),
            (
                "invalid type: floating point `1.5`, expected u32",
                "expected a whole number ≥ 0 (at most 4294967295), found the number 1.5",
            ),
            (
                "invalid type: string \"yes\", expected a boolean",
                "expected true or false, found the string \"yes\"",
            ),
            (
                "invalid type: map, expected a sequence",
                "expected a list [ … ], found an object",
            ),
            (
                "invalid type: null, expected f64",
                "expected a number, found null",
            ),
            (
                "invalid type: sequence, expected struct Program",
                "expected an object { … }, found a list",
            ),
            (
                "invalid length 1, expected an array of length 2",
                "expected a list of 2 elements, found a list of 1 element",
            ),
            (
                "unknown variant `castle`, expected one of `specialized`, `congregate`",
                "expected one of: specialized (or specialised), congregate, found \"castle\"",
            ),
            (
                "unknown variant `x`, expected `municipality` or `society`",
                "expected one of: municipality, society, found \"x\"",
            ),
            (
                "unknown field `zz`, expected one of `id`, `units`",
                "unknown field `zz`: the fields here are id, units",
            ),
            (
                "unknown field `zz`, expected `id`",
                "unknown field `zz`: the fields here are id",
            ),
            (
                "unknown field `zz`, there are no fields",
                "unknown field `zz`: no fields are allowed here",
            ),
            (
                "missing field `name`",
                "the required field `name` is missing",
            ),
            (
                "invalid type: unit variant, expected struct variant",
                "expected an object { … } of named fields after the name, found a name alone",
            ),
        ];
        for (serde, plain) in cases {
            assert_eq!(plain_words(serde), plain, "{serde}");
        }
    }

    #[test]
    fn other_messages_pass_unchanged() {
        for m in [
            "the key \"homeless\" appears twice",
            "EOF while parsing a value at line 1 column 0",
            "expected value at line 1 column 1",
            "invalid type: integer `3`, without an expected part",
        ] {
            let (body, _) = split_position(m);
            assert!(plain_words(m).starts_with(body), "{m}: {}", plain_words(m));
        }
        assert_eq!(
            plain_words("EOF while parsing a value at line 1 column 0"),
            "EOF while parsing a value (line 1, column 0)"
        );
    }
}
