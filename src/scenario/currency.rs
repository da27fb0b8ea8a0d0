//! The currency label of a scenario's amounts (`costs.currency`): what a code may be, and the
//! one currency several scenarios analysed together must share.

use super::{Issue, Scenario, ScenarioError};

/// Longest currency code.
const MAX_LEN: usize = 8;

/// A currency code is printed in every table and chart: a short code of ASCII letters or
/// digits (`NOK`, `CAD`, `EUR2016`), never free text.
pub(crate) fn check_code(code: &str) -> Result<(), String> {
    let ok = !code.is_empty()
        && code.len() <= MAX_LEN
        && code.chars().all(|c| c.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "must be a short currency code of 1–{MAX_LEN} letters or digits such as \"NOK\" or \
             \"CAD\", found {code:?}"
        ))
    }
}

/// The currency all `scenarios` count their amounts in (the first's `costs.currency`), or an
/// error naming the first file that counts in another: costs in two currencies cannot be
/// added, subtracted or compared. `None` for no scenarios.
pub fn common_currency<'a>(scenarios: &[&'a Scenario]) -> Result<Option<&'a str>, ScenarioError> {
    let Some(first) = scenarios.first() else {
        return Ok(None);
    };
    let currency = first.costs.currency.as_str();
    match scenarios.iter().find(|s| s.costs.currency != currency) {
        Some(other) => Err(ScenarioError::Invalid {
            file: other.origin().to_owned(),
            issues: vec![Issue::new(
                "costs.currency",
                format!(
                    "is {:?} but {} counts in {currency:?}; scenarios compared or analysed \
                     together must count their costs in the same currency",
                    other.costs.currency,
                    first.origin(),
                ),
            )],
        }),
        None => Ok(Some(currency)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_currency(name: &str, code: &str) -> Scenario {
        let mut s = Scenario::new(name, 12).with_origin(format!("{name}.json"));
        s.costs.currency = code.to_owned();
        s
    }

    #[test]
    fn codes_are_short_letters_or_digits() {
        for good in ["NOK", "CAD", "EUR2016", "X"] {
            assert_eq!(check_code(good), Ok(()), "{good}");
        }
        for bad in ["", "N OK", "kr.", "NOK\u{1b}", "ABCDEFGHI", "NØK"] {
            let message = check_code(bad).unwrap_err();
            assert!(message.contains("currency code"), "{bad}: {message}");
        }
    }

    #[test]
    fn a_second_currency_is_refused_naming_both_files() {
        let (a, b, c) = (
            in_currency("a", "NOK"),
            in_currency("b", "NOK"),
            in_currency("c", "CAD"),
        );
        assert_eq!(common_currency(&[&a, &b]).unwrap(), Some("NOK"));
        assert_eq!(common_currency(&[]).unwrap(), None);
        let e = common_currency(&[&a, &b, &c]).unwrap_err().to_string();
        assert!(e.starts_with("c.json: "), "{e}");
        assert!(e.contains("costs.currency"), "{e}");
        assert!(
            e.contains("a.json") && e.contains("\"CAD\"") && e.contains("\"NOK\""),
            "{e}"
        );
    }
}
