//! Whether two scenarios describe the same people.
//!
//! A comparison measures a policy's effect only when both scenarios simulate the same
//! population. Here the population is, for every profile (matched by id): the number of
//! residents at the start (`initial`, `initial_misplaced` and `initial_waiting` together) and
//! the arrivals per month. Where the residents start (which state, which list) is left out:
//! a policy may house the same people differently from the first month. A profile's
//! behaviour (transitions, breakdown risk) is left out too: a policy may change it (more staff,
//! a caretaker). A profile with no residents at the start and no arrivals is no one, and is
//! the same as an absent profile.

use crate::scenario::validate::num;
use crate::scenario::Scenario;
use std::collections::BTreeMap;

/// The people a scenario simulates: per profile id, residents at the start and arrivals per
/// month (profiles with neither left out).
#[derive(Clone, Debug, PartialEq)]
pub struct Population(pub BTreeMap<String, (u64, f64)>);

impl Population {
    /// The population of `s`.
    pub fn of(s: &Scenario) -> Population {
        let people = s.profiles.iter().filter_map(|p| {
            let start = p.initial.values().map(|n| u64::from(*n)).sum::<u64>()
                + p.initial_misplaced
                    .values()
                    .map(|n| u64::from(*n))
                    .sum::<u64>()
                + p.initial_waiting
                    .iter()
                    .map(|w| u64::from(w.count))
                    .sum::<u64>();
            let arrivals = p.arrivals.as_ref().map_or(0.0, |a| a.per_month);
            (start > 0 || arrivals > 0.0).then(|| (p.id.clone(), (start, arrivals)))
        });
        Population(people.collect())
    }
}

/// How population `b` differs from `a`, one phrase per profile that differs (empty when they
/// are the same).
pub fn population_differences(a: &Population, b: &Population) -> Vec<String> {
    let mut ids: Vec<&String> = a.0.keys().chain(b.0.keys()).collect();
    ids.sort();
    ids.dedup();
    ids.into_iter()
        .filter_map(|id| match (a.0.get(id), b.0.get(id)) {
            (Some(x), Some(y)) if x == y => None,
            (Some(x), Some(y)) => Some(format!(
                "profile \"{id}\": {} at the start and {} arrivals a month, against {} and {}",
                y.0,
                num(y.1),
                x.0,
                num(x.1)
            )),
            (None, Some(_)) => Some(format!("profile \"{id}\" only in the compared scenario")),
            (Some(_), None) => Some(format!("profile \"{id}\" only in the first scenario")),
            (None, None) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pop(rows: &[(&str, u64, f64)]) -> Population {
        Population(
            rows.iter()
                .map(|(id, n, a)| (id.to_string(), (*n, *a)))
                .collect(),
        )
    }

    #[test]
    fn the_same_people_have_no_difference() {
        let a = pop(&[("x", 10, 0.5), ("y", 3, 0.0)]);
        assert!(population_differences(&a, &a.clone()).is_empty());
    }

    #[test]
    fn counts_arrivals_and_profiles_are_compared() {
        let a = pop(&[("x", 10, 0.5), ("y", 3, 0.0)]);
        let b = pop(&[("x", 11, 0.5), ("z", 1, 0.0)]);
        let d = population_differences(&a, &b);
        assert_eq!(
            d,
            [
                "profile \"x\": 11 at the start and 0.5 arrivals a month, against 10 and 0.5",
                "profile \"y\" only in the first scenario",
                "profile \"z\" only in the compared scenario",
            ]
        );
        let c = pop(&[("x", 10, 0.75), ("y", 3, 0.0)]);
        assert_eq!(population_differences(&a, &c).len(), 1);
    }
}
