//! What the planner measures in every replication of a mix: each target's value (at a month,
//! or its mean over a window) and the green share the frontier is drawn against, taken month
//! by month by an [`Observer`] of the engine; and what they add up to over replications.

use crate::engine::{MonthView, Observer, Replication};
use crate::model::Model;
use crate::scenario::{PlanMeasure, PlanObjective, PlanTarget};
use crate::stat::Stat;
use crate::state::Colour;

/// One measured quantity: what, over which months.
#[derive(Clone, Debug)]
pub(super) struct Spec {
    measure: PlanMeasure,
    category: usize,
    first: u32,
    last: u32,
}

impl Spec {
    /// The quantity a target bounds.
    pub(super) fn of(t: &PlanTarget) -> Spec {
        let (first, last) = t.window();
        Spec {
            measure: t.measure,
            category: t.category.map_or(0, |c| c.index()),
            first,
            last,
        }
    }

    /// The green share the frontier shows: the first green-share target's, else at the end.
    pub(super) fn frontier(targets: &[PlanTarget], horizon: u32) -> Spec {
        match targets
            .iter()
            .find(|t| t.measure == PlanMeasure::GreenShare)
        {
            Some(t) => Spec::of(t),
            None => Spec {
                measure: PlanMeasure::GreenShare,
                category: 0,
                first: horizon,
                last: horizon,
            },
        }
    }
}

/// What the planner measures, shared by every replication of every mix.
#[derive(Clone, Debug)]
pub(super) struct Measures {
    /// The targets' quantities, then the frontier's green share (last).
    specs: Vec<Spec>,
    /// Programs priced as bought hospits places.
    hospits: Vec<usize>,
    objective: PlanObjective,
}

impl Measures {
    /// The targets' quantities and the frontier's for `model`'s programs.
    pub(super) fn new(model: &Model, targets: &[PlanTarget], objective: PlanObjective) -> Measures {
        let mut specs: Vec<Spec> = targets.iter().map(Spec::of).collect();
        specs.push(Spec::frontier(targets, model.horizon()));
        let hospits = model
            .programs()
            .iter()
            .enumerate()
            .filter(|(_, p)| p.hospits)
            .map(|(g, _)| g)
            .collect();
        Measures {
            specs,
            hospits,
            objective,
        }
    }

    /// A fresh observer for one replication.
    pub(super) fn observer(&self) -> Watch<'_> {
        Watch {
            measures: self,
            sums: vec![0.0; self.specs.len()],
        }
    }

    /// What one replication of a mix gives.
    pub(super) fn figures(&self, r: &Replication, watch: Watch<'_>) -> Figures {
        let mut values: Vec<f64> = watch
            .sums
            .iter()
            .zip(&self.specs)
            .map(|(s, spec)| s / f64::from(spec.last - spec.first + 1))
            .collect();
        let green = values.pop().unwrap_or(0.0);
        Figures {
            cost: match self.objective {
                PlanObjective::DiscountedTotalCost => r.ledger.total_discounted(),
                PlanObjective::TotalCost => r.ledger.total(),
            },
            green,
            targets: values,
        }
    }

    fn value(&self, spec: &Spec, v: &MonthView<'_>) -> f64 {
        match spec.measure {
            PlanMeasure::GreenShare => {
                let population: u32 = v.colours.iter().sum();
                if population == 0 {
                    0.0
                } else {
                    f64::from(v.colours[Colour::Green as usize]) / f64::from(population)
                }
            }
            PlanMeasure::WaitingList => f64::from(v.waiting[spec.category]),
            PlanMeasure::HospitsPersonMonths => self
                .hospits
                .iter()
                .map(|&g| f64::from(v.program_occupancy[g]))
                .sum(),
        }
    }
}

/// Watches one replication and sums each quantity over its months.
pub(super) struct Watch<'a> {
    measures: &'a Measures,
    sums: Vec<f64>,
}

impl Observer for Watch<'_> {
    fn month(&mut self, v: &MonthView<'_>) {
        for (sum, spec) in self.sums.iter_mut().zip(&self.measures.specs) {
            if (spec.first..=spec.last).contains(&v.month) {
                *sum += self.measures.value(spec, v);
            }
        }
    }
}

/// One replication of one mix.
#[derive(Clone, Debug)]
pub(super) struct Figures {
    /// The objective (NOK).
    pub cost: f64,
    /// The frontier's green share.
    pub green: f64,
    /// Each target's quantity.
    pub targets: Vec<f64>,
}

/// One target over the replications of a mix.
#[derive(Clone, Debug)]
pub(super) struct Outcome {
    pub value: Stat,
    pub probability_met: f64,
    pub met: bool,
    pub shortfall: f64,
}

/// A target's outcome over `values` (one per replication).
pub(super) fn outcome(t: &PlanTarget, values: &[f64]) -> Outcome {
    let value = Stat::of(values);
    let n = values.len().max(1) as f64;
    let probability_met = values.iter().filter(|x| t.keeps(**x)).count() as f64 / n;
    let met = match t.probability {
        Some(p) => probability_met >= p,
        None => t.keeps(value.mean),
    };
    let shortfall = if met {
        0.0
    } else {
        let unit = if t.measure == PlanMeasure::GreenShare {
            0.01
        } else {
            1.0
        };
        let gap = match (t.at_least, t.at_most) {
            (Some(lo), _) => (lo - value.mean).max(0.0) / lo.abs().max(unit),
            (None, Some(hi)) => (value.mean - hi).max(0.0) / hi.abs().max(unit),
            (None, None) => 0.0,
        };
        gap + t
            .probability
            .map_or(0.0, |p| (p - probability_met).max(0.0))
    };
    Outcome {
        value,
        probability_met,
        met,
        shortfall,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(json: &str) -> PlanTarget {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_bound_on_the_mean_or_on_a_share_of_replications() {
        let t = target(r#"{"measure": "green_share", "month": 3, "at_least": 0.8}"#);
        let o = outcome(&t, &[0.7, 0.9, 0.95]);
        assert!(o.met);
        assert_eq!(o.probability_met, 2.0 / 3.0);
        let t = target(
            r#"{"measure": "green_share", "month": 3, "at_least": 0.8, "probability": 0.9}"#,
        );
        let o = outcome(&t, &[0.7, 0.9, 0.95]);
        assert!(!o.met);
        assert!(o.shortfall > 0.0);
        let t = target(
            r#"{"measure": "waiting_list", "category": "specialized", "month": 3, "at_most": 2}"#,
        );
        let o = outcome(&t, &[4.0, 4.0]);
        assert!(!o.met);
        assert_eq!(o.shortfall, 1.0);
        assert_eq!(o.probability_met, 0.0);
    }
}
