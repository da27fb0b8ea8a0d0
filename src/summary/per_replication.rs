//! Where the per-replication values of a [`Summary`](super::Summary) come from: one scenario's
//! replications, or the pairs of two scenarios' replications (run with the same seed, so
//! replication i of each used the same random stream). The same code summarises both: over
//! pairs every figure is the paired difference `f(this_i) − f(base_i)`, so a comparison gets
//! every figure a run reports, with an interval for the difference itself.

use super::retention;
use crate::engine::Replication;
use crate::model::Model;
use crate::stat::Stat;
use crate::state::Category;

/// One scenario's model and its replications, in replication order.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    /// The model the replications ran.
    pub model: &'a Model,
    /// Its replications, in replication order.
    pub reps: &'a [Replication],
}

/// The per-replication values a summary is built from.
///
/// Every figure is a function `f(model, replication)`: the model is passed so that a figure
/// that depends on the scenario (its horizon, which program has which id) is computed with
/// each side's own scenario.
#[derive(Clone, Copy, Debug)]
pub enum PerReplication<'a> {
    /// One scenario: each value is `f(r_i)`.
    One(Side<'a>),
    /// Two scenarios paired by replication: each value is `f(this_i) − f(base_i)`. Pairs are
    /// formed up to the shorter side (the records of one comparison always have equal length).
    Paired {
        /// The scenario compared against (subtracted).
        base: Side<'a>,
        /// The scenario compared.
        this: Side<'a>,
    },
}

impl<'a> PerReplication<'a> {
    /// One scenario's replications.
    pub fn one(model: &'a Model, reps: &'a [Replication]) -> Self {
        PerReplication::One(Side { model, reps })
    }

    /// The pairs `this − base`, replication by replication.
    pub fn paired(base: Side<'a>, this: Side<'a>) -> Self {
        PerReplication::Paired { base, this }
    }

    /// The value of `f` in every replication (or the difference in every pair), in order.
    pub fn values(&self, f: impl Fn(&Model, &Replication) -> f64) -> Vec<f64> {
        match self {
            PerReplication::One(s) => s.reps.iter().map(|r| f(s.model, r)).collect(),
            PerReplication::Paired { base, this } => this
                .reps
                .iter()
                .zip(base.reps)
                .map(|(t, b)| f(this.model, t) - f(base.model, b))
                .collect(),
        }
    }

    /// The [`Stat`] of `f` over replications (or of its paired difference over pairs): the
    /// one helper every figure of a summary goes through.
    pub fn stat(&self, f: impl Fn(&Model, &Replication) -> f64) -> Stat {
        match self {
            PerReplication::One(s) => super::stat_by(s.reps, |r| f(s.model, r)),
            PerReplication::Paired { .. } => Stat::of(&self.values(f)),
        }
    }

    /// The [`Stat`] of a figure that some replications do not define (a ratio over zero),
    /// over the replications that define it — over pairs, the pairs where both sides define
    /// it; `None` when there are none.
    pub fn stat_defined(&self, f: impl Fn(&Model, &Replication) -> Option<f64>) -> Option<Stat> {
        let v: Vec<f64> = match self {
            PerReplication::One(s) => s.reps.iter().filter_map(|r| f(s.model, r)).collect(),
            PerReplication::Paired { base, this } => this
                .reps
                .iter()
                .zip(base.reps)
                .filter_map(|(t, b)| Some(f(this.model, t)? - f(base.model, b)?))
                .collect(),
        };
        (!v.is_empty()).then(|| Stat::of(&v))
    }

    /// The model of every side (one, or base then this).
    pub fn models(&self) -> Vec<&'a Model> {
        match self {
            PerReplication::One(s) => vec![s.model],
            PerReplication::Paired { base, this } => vec![base.model, this.model],
        }
    }

    /// Months simulated: the shortest horizon of the sides (a figure per month or per year
    /// exists on both sides up to it).
    pub fn horizon(&self) -> u32 {
        self.models().iter().map(|m| m.horizon()).min().unwrap_or(0)
    }

    /// Ids of the programs of every side, in the first side's order: over pairs, programs
    /// are matched by id, and a program of only one side has no difference.
    pub fn programs(&self) -> Vec<String> {
        let models = self.models();
        models[0]
            .programs()
            .iter()
            .filter(|p| models.iter().all(|m| program_index(m, &p.id).is_some()))
            .map(|p| p.id.clone())
            .collect()
    }

    /// Retention of category `c` after the `k`-th of [`crate::engine::RETENTION_MONTHS`]:
    /// pooled over replications ([`super::pooled_share`]), or over pairs the difference of the
    /// two pooled shares ([`super::paired_share_difference`], whose interval is zero-wide when
    /// every replication's stays give the same residual on both sides, e.g. every stay lasted). Retention is a ratio of totals
    /// over all replications, not a per-replication figure, so it does not go through
    /// [`PerReplication::stat`].
    pub fn retention(&self, c: Category, k: usize) -> Option<Stat> {
        let counts =
            |s: &Side| -> Vec<_> { s.reps.iter().map(|r| r.retention[c.index()]).collect() };
        match self {
            PerReplication::One(s) => retention::pooled(&counts(s), k),
            PerReplication::Paired { base, this } => {
                retention::pooled_difference(&counts(base), &counts(this), k)
            }
        }
    }
}

/// The index of program `id` in `model`, if it has one.
pub fn program_index(model: &Model, id: &str) -> Option<usize> {
    model.programs().iter().position(|p| p.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Profile, Scenario, Severity};
    use crate::state::State;
    use crate::Simulation;

    /// Residents moving between ordinary housing and homelessness with probability `p`.
    fn run(p: f64) -> (Model, Vec<Replication>) {
        let mut s = Scenario::new("two-state", 12);
        s.profiles = vec![Profile::new("p", Severity::Mild, Category::HousingFirst)
            .with_initial(State::Ordinary, 30)
            .with_transitions(State::Ordinary, [(State::Homeless, p)])
            .with_transitions(State::Homeless, [(State::Ordinary, 0.3)])];
        let model = Model::new(&s).unwrap();
        let r = Simulation::new(&model)
            .seed(5)
            .replications(9)
            .threads(1)
            .run()
            .unwrap();
        let reps = r.records().to_vec();
        (model, reps)
    }

    #[test]
    fn pairs_are_this_minus_base_in_replication_order() {
        let (a, ra) = run(0.05);
        let (b, rb) = run(0.2);
        let homeless = |_: &Model, r: &Replication| r.colour_months[2] as f64;
        let one = PerReplication::one(&a, &ra);
        let pairs = PerReplication::paired(
            Side {
                model: &a,
                reps: &ra,
            },
            Side {
                model: &b,
                reps: &rb,
            },
        );
        let want: Vec<f64> = ra
            .iter()
            .zip(&rb)
            .map(|(x, y)| y.colour_months[2] as f64 - x.colour_months[2] as f64)
            .collect();
        assert_eq!(pairs.values(homeless), want);
        assert_eq!(pairs.stat(homeless), Stat::of(&want));
        assert!(want.iter().sum::<f64>() > 0.0, "{want:?}");
        assert_eq!(one.values(homeless).len(), 9);
        // Defined only where both sides are: none here, so no Stat.
        assert_eq!(pairs.stat_defined(|_, _| None), None);
        assert_eq!(pairs.horizon(), 12);
        assert!(pairs.programs().is_empty());
    }
}
