//! The rules of `uncertainty.correlations`.

use super::*;

impl Validator {
    /// `names` maps each declared parameter name to its index.
    pub(super) fn correlations(&mut self, u: &Uncertainty, names: &HashMap<&str, usize>) {
        let mut pairs: HashMap<(usize, usize), usize> = HashMap::new();
        let mut valid = Vec::new();
        for (j, c) in u.correlations.iter().enumerate() {
            let base = format!("uncertainty.correlations[{j}]");
            let ends = [0, 1].map(|k| self.correlated(&base, k, &c.between[k], u, names));
            if !(c.rho.is_finite() && c.rho > -1.0 && c.rho < 1.0) {
                self.err(
                    format!("{base}.rho"),
                    format!("must be above −1 and below 1, found {}", num(c.rho)),
                );
            }
            let [Some(a), Some(b)] = ends else { continue };
            if a == b {
                self.err(format!("{base}.between"), "names the same parameter twice");
                continue;
            }
            if let Some(first) = pairs.insert((a.min(b), a.max(b)), j) {
                self.err(
                    base,
                    format!("a second correlation between these two (the first is uncertainty.correlations[{first}])"),
                );
            } else if c.rho.is_finite() && c.rho.abs() < 1.0 {
                valid.push((a, b, c.rho));
            }
        }
        self.positive_definite(&valid);
    }

    /// The index of the `k`th parameter of a correlation, if it may be correlated.
    fn correlated(
        &mut self,
        base: &str,
        k: usize,
        name: &str,
        u: &Uncertainty,
        names: &HashMap<&str, usize>,
    ) -> Option<usize> {
        let path = format!("{base}.between[{k}]");
        let Some(&i) = names.get(name) else {
            let declared: Vec<&str> = u.parameters.iter().map(|p| p.name.as_str()).collect();
            self.err(
                path,
                format!(
                    "no parameter named {name:?}; declared: {}",
                    declared.join(", ")
                ),
            );
            return None;
        };
        let d = &u.parameters[i].distribution;
        if matches!(d, Distribution::Fixed(_) | Distribution::Dirichlet(_)) {
            self.err(
                path,
                format!("{name:?} has a {} distribution, which cannot be correlated (only single uncertain values can)", kind(d)),
            );
            return None;
        }
        Some(i)
    }

    /// The matrix of the valid correlations must be positive definite.
    fn positive_definite(&mut self, pairs: &[(usize, usize, f64)]) {
        let mut involved: Vec<usize> = pairs.iter().flat_map(|&(a, b, _)| [a, b]).collect();
        involved.sort_unstable();
        involved.dedup();
        let position = |i: usize| involved.binary_search(&i).unwrap_or(usize::MAX);
        let local: Vec<(usize, usize, f64)> = pairs
            .iter()
            .map(|&(a, b, r)| (position(a), position(b), r))
            .collect();
        let m = crate::numeric::correlation_matrix(involved.len(), &local);
        if crate::numeric::cholesky(&m).is_none() {
            self.err(
                "uncertainty.correlations",
                "the correlations do not form a positive definite matrix: no set of variables can \
                 have these pairwise correlations together; weaken some of them",
            );
        }
    }
}
