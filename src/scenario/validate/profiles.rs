//! The rules of profiles: initial residents, arrivals, transitions and breakdowns.

use super::*;

/// The path of field `f` of profile `i`.
fn at(i: usize, f: &str) -> String {
    format!("profiles[{i}].{f}")
}

impl Validator {
    /// Returns the residents this profile brings: initial plus expected arrivals.
    pub(super) fn profile(&mut self, i: usize, p: &Profile, s: &Scenario) -> f64 {
        self.misplaced_in(i, p, s);
        self.urgent(i, p);
        let count = self.initial(i, p, s)
            + self.initial_misplaced(i, p, s)
            + self.initial_waiting(i, p, s)
            + self.arrivals(i, p, s);
        for (from, t) in &p.transitions {
            self.transition(&at(i, &format!("transitions.{from}")), *from, t, &[p], s);
        }
        self.breakdowns(i, p, s);
        count
    }

    /// An error at `path` unless a program of `c` accepts profile `p` (`why` says what needs
    /// one, e.g. "residents start in").
    fn need_program(&mut self, path: String, c: Category, why: &str, p: &Profile, s: &Scenario) {
        if accepting_programs(s, &p.id, c).next().is_none() {
            self.err(
                path,
                format!("{why} {c}, but no {c} program accepts profile \"{}\"", p.id),
            );
        }
    }

    /// An explicit urgent misplacement needs somewhere to misplace.
    fn urgent(&mut self, i: usize, p: &Profile) {
        if p.urgent_misplacement == Some(true) && p.misplaced_in.is_empty() {
            self.err(
                at(i, "urgent_misplacement"),
                "urgent misplacement needs misplaced_in: list the categories where this \
                 profile may be placed when the one it needs is full",
            );
        }
    }

    fn misplaced_in(&mut self, i: usize, p: &Profile, s: &Scenario) {
        let mut seen = BTreeSet::new();
        for (j, c) in p.misplaced_in.iter().enumerate() {
            let path = at(i, &format!("misplaced_in[{j}]"));
            if *c == p.needs {
                self.err(
                    path,
                    format!("cannot be the category the profile needs ({c})"),
                );
            } else if !seen.insert(*c) {
                self.err(path, format!("{c} listed twice"));
            } else {
                self.need_program(path, *c, "residents may be misplaced in", p, s);
            }
        }
    }

    /// Returns how many residents start in `initial`.
    fn initial(&mut self, i: usize, p: &Profile, s: &Scenario) -> f64 {
        let mut count: f64 = 0.0;
        for (state, n) in &p.initial {
            let path = at(i, &format!("initial.{state}"));
            count += *n as f64;
            if *state == State::Exited {
                self.err(
                    path,
                    "residents cannot start in exited (outside the population)",
                );
            } else if let Some(c) = state.category() {
                if *n > 0 {
                    self.need_program(path, c, "residents start in", p, s);
                }
            }
        }
        count
    }

    /// Returns how many residents start misplaced.
    fn initial_misplaced(&mut self, i: usize, p: &Profile, s: &Scenario) -> f64 {
        let mut count: f64 = 0.0;
        for (c, n) in &p.initial_misplaced {
            let path = at(i, &format!("initial_misplaced.{c}"));
            count += *n as f64;
            if *c == p.needs {
                self.err(
                    path,
                    format!("residents in {c} are not misplaced: the profile needs {c}"),
                );
            } else if *n > 0 {
                self.need_program(path.clone(), *c, "residents start misplaced in", p, s);
                self.need_program(path, p.needs, "misplaced residents wait for", p, s);
            }
        }
        count
    }

    /// Returns how many residents start on a waiting list.
    fn initial_waiting(&mut self, i: usize, p: &Profile, s: &Scenario) -> f64 {
        let mut count: f64 = 0.0;
        for (j, w) in p.initial_waiting.iter().enumerate() {
            let path = at(i, &format!("initial_waiting[{j}]"));
            count += w.count as f64;
            match w.state {
                State::Temporary => self.need_program(
                    format!("{path}.state"),
                    Category::Temporary,
                    "residents wait in",
                    p,
                    s,
                ),
                State::Homeless | State::Institution | State::Ordinary => {}
                other => self.err(
                    format!("{path}.state"),
                    format!("residents wait in temporary, homeless, institution or ordinary, found {other}"),
                ),
            }
            if w.state == w.waiting_for.state() {
                self.err(
                    format!("{path}.waiting_for"),
                    "residents cannot wait for the category they are in",
                );
            }
            let why = "residents wait for";
            self.need_program(format!("{path}.waiting_for"), w.waiting_for, why, p, s);
        }
        count
    }

    /// Returns the expected arrivals over the horizon.
    fn arrivals(&mut self, i: usize, p: &Profile, s: &Scenario) -> f64 {
        let Some(a) = &p.arrivals else {
            return 0.0;
        };
        let max = MAX_ARRIVALS_PER_MONTH;
        self.range(at(i, "arrivals.per_month"), a.per_month, 0.0, max);
        if a.state == State::Exited {
            self.err(
                at(i, "arrivals.state"),
                "new residents cannot arrive in exited",
            );
        } else if let Some(c) = a.state.category() {
            let why = "residents arrive wanting";
            self.need_program(at(i, "arrivals.state"), c, why, p, s);
        }
        if a.per_month.is_finite() {
            a.per_month * s.horizon_months as f64
        } else {
            0.0
        }
    }

    /// The transitions out of state `from`, at path `base`, taken by residents of the profiles
    /// `who` (one for a profile's row; those a program's row applies to).
    pub(super) fn transition(
        &mut self,
        base: &str,
        from: State,
        t: &Transitions,
        who: &[&Profile],
        s: &Scenario,
    ) {
        if from == State::Exited {
            self.err(base, "exited is absorbing: no transitions out of it");
            return;
        }
        match (&t.to, &t.bands) {
            (Some(to), None) => self.row(base, "to", from, to, who, s),
            (None, Some(bands)) => self.bands(base, from, bands, who, s),
            _ => self.err(base, "give exactly one of \"to\" and \"bands\""),
        }
    }

    /// Duration bands: in increasing order, every one but the last with `until_month`.
    fn bands(&mut self, base: &str, from: State, bands: &[Band], who: &[&Profile], s: &Scenario) {
        if bands.is_empty() {
            self.err(format!("{base}.bands"), "at least one band is needed");
        }
        let mut last = 0u32;
        for (k, b) in bands.iter().enumerate() {
            let bp = format!("{base}.bands[{k}]");
            let is_last = k + 1 == bands.len();
            match (b.until_month, is_last) {
                (Some(u), false) => {
                    if u <= last {
                        self.err(
                            format!("{bp}.until_month"),
                            format!("must be greater than {last} (bands in increasing order), found {u}"),
                        );
                    }
                    last = u;
                }
                (None, false) => self.err(
                    format!("{bp}.until_month"),
                    "every band but the last needs until_month",
                ),
                (Some(_), true) => self.err(
                    format!("{bp}.until_month"),
                    "the last band has no until_month (it holds for all longer stays)",
                ),
                (None, true) => {}
            }
            self.row(&bp, "to", from, &b.to, who, s);
        }
    }

    fn breakdowns(&mut self, i: usize, p: &Profile, s: &Scenario) {
        let mut seen = BTreeSet::new();
        for (j, b) in p.breakdown.iter().enumerate() {
            let bp = at(i, &format!("breakdown[{j}]"));
            if !seen.insert(b.category) {
                self.err(
                    format!("{bp}.category"),
                    format!("a second rule for {}", b.category),
                );
            }
            self.breakdown(&bp, b, p, s);
        }
    }

    /// One breakdown rule, at path `bp`.
    fn breakdown(&mut self, bp: &str, b: &BreakdownRule, p: &Profile, s: &Scenario) {
        self.probability(format!("{bp}.base_probability"), b.base_probability);
        self.range(
            format!("{bp}.required_staff_per_resident"),
            b.required_staff_per_resident,
            0.0,
            MAX_STAFF_PER_RESIDENT,
        );
        self.range(
            format!("{bp}.elasticity"),
            b.elasticity,
            0.0,
            MAX_ELASTICITY,
        );
        match b.to {
            State::Temporary => self.need_program(
                format!("{bp}.to"),
                Category::Temporary,
                "a breakdown sends residents to",
                p,
                s,
            ),
            State::Homeless | State::Institution => {}
            other => self.err(
                format!("{bp}.to"),
                format!("must be temporary, homeless or institution, found {other}"),
            ),
        }
    }

    fn row(
        &mut self,
        base: &str,
        field: &str,
        from: State,
        to: &std::collections::BTreeMap<State, f64>,
        who: &[&Profile],
        s: &Scenario,
    ) {
        let mut sum = 0.0;
        for (target, prob) in to {
            let path = format!("{base}.{field}.{target}");
            if *target == from {
                self.err(
                    path,
                    "staying is the remainder (1 − sum); do not list the state itself",
                );
                continue;
            }
            self.probability(path.clone(), *prob);
            sum += prob;
            if let Some(c) = target.category().filter(|_| *prob > 0.0) {
                let refused: Vec<String> = who
                    .iter()
                    .filter(|p| accepting_programs(s, &p.id, c).next().is_none())
                    .map(|p| format!("\"{}\"", p.id))
                    .collect();
                if !refused.is_empty() {
                    let (noun, ids) = (plural("profile", refused.len()), refused.join(", "));
                    self.err(
                        path,
                        format!("residents move to {c}, but no {c} program accepts {noun} {ids}"),
                    );
                }
            }
        }
        if sum > 1.0 + SUM_TOLERANCE {
            self.err(
                format!("{base}.{field}"),
                format!("outgoing probabilities sum to {}, more than 1", num(sum)),
            );
        }
    }
}

/// `noun`, with an "s" when there are several.
fn plural(noun: &str, n: usize) -> String {
    if n == 1 {
        noun.to_owned()
    } else {
        format!("{noun}s")
    }
}
