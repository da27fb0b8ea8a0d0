//! Incremental cost-effectiveness ratios with strong and extended dominance, following the
//! conventions of dampack's `calculate_icers` (Alarid-Escudero et al., DARTH-git/dampack,
//! `R/icers.R`).

use serde::Serialize;

/// Dominance status of a strategy in an ICER table; serialises as dampack's labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Status {
    /// On the efficient frontier (`"ND"`).
    #[serde(rename = "ND")]
    NonDominated,
    /// Strongly dominated: another strategy costs no more and is at least as effective (`"D"`).
    #[serde(rename = "D")]
    Dominated,
    /// Extendedly (weakly) dominated: a mix of two frontier strategies dominates it (`"ED"`).
    #[serde(rename = "ED")]
    ExtendedlyDominated,
}

/// One row of an ICER table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IcerRow {
    /// Strategy name.
    pub strategy: String,
    /// Cost (NOK).
    pub cost: f64,
    /// Effect (the effect's unit).
    pub effect: f64,
    /// Cost minus that of the previous non-dominated strategy; `None` (JSON `null`) for the
    /// first non-dominated strategy and for dominated ones.
    pub incremental_cost: Option<f64>,
    /// Effect minus that of the previous non-dominated strategy; `None` as for the cost.
    pub incremental_effect: Option<f64>,
    /// `incremental_cost / incremental_effect` (NOK per unit of effect); `None` as above.
    pub icer: Option<f64>,
    /// Dominance status.
    pub status: Status,
}

/// The ICER table of strategies with the given mean costs and effects, exactly as dampack's
/// `calculate_icers`:
///
/// 1. Strategies are sorted by cost, ascending, then effect, descending (a stable sort, so
///    exact ties keep the input order).
/// 2. Strong dominance: a strategy is `D` when an earlier one in that order has an effect at
///    least as large (`≤`, so of two strategies with equal cost and effect, the later one is
///    `D`; of equal effects, the dearer one is `D`).
/// 3. Extended dominance, iterated: among the remaining strategies, ICERs against the
///    previous one are computed; every strategy whose ICER is strictly greater than the next
///    strategy's is `ED` (all such in one pass); repeat until a pass finds none or two
///    strategies remain. Equal ICERs (collinear strategies) are not `ED`.
/// 4. ICERs are recomputed on the frontier, each against the previous non-dominated strategy.
///
/// Rows come out as dampack orders them: `ND`, then `ED`, then `D`, each by cost ascending and
/// effect descending. A single strategy is `ND` with no increments (dampack leaves its status
/// out). If the slices differ in length, only the first `min` strategies are used; the
/// inputs should be finite (as [`Samples`](super::Samples) guarantees) — non-finite ones
/// do not panic but give no meaningful table.
pub fn icers(names: &[String], cost: &[f64], effect: &[f64]) -> Vec<IcerRow> {
    let n = names.len().min(cost.len()).min(effect.len());
    let order = cost_order(&cost[..n], &effect[..n]);
    let mut status = strong_dominance(&order, effect);
    extended_dominance(&order, cost, effect, &mut status);
    let row = |i: usize, inc: Option<(f64, f64)>| IcerRow {
        strategy: names[i].clone(),
        cost: cost[i],
        effect: effect[i],
        incremental_cost: inc.map(|(c, _)| c),
        incremental_effect: inc.map(|(_, e)| e),
        icer: inc.map(|(c, e)| c / e),
        status: status[i],
    };
    let frontier = with_status(&order, &status, Status::NonDominated);
    let mut rows: Vec<IcerRow> = frontier
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let inc = (k > 0).then(|| {
                let p = frontier[k - 1];
                (cost[i] - cost[p], effect[i] - effect[p])
            });
            row(i, inc)
        })
        .collect();
    for s in [Status::ExtendedlyDominated, Status::Dominated] {
        rows.extend(
            with_status(&order, &status, s)
                .into_iter()
                .map(|i| row(i, None)),
        );
    }
    rows
}

/// Indices sorted by cost ascending, then effect descending; stable.
fn cost_order(cost: &[f64], effect: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..cost.len()).collect();
    order.sort_by(|&a, &b| {
        cost[a]
            .total_cmp(&cost[b])
            .then(effect[b].total_cmp(&effect[a]))
    });
    order
}

/// Status after strong dominance: `D` when any earlier strategy in `order` has an effect at
/// least as large.
fn strong_dominance(order: &[usize], effect: &[f64]) -> Vec<Status> {
    let mut status = vec![Status::NonDominated; order.len()];
    let mut best = f64::NEG_INFINITY;
    for (k, &i) in order.iter().enumerate() {
        if k > 0 && effect[i] <= best {
            status[i] = Status::Dominated;
        }
        best = best.max(effect[i]);
    }
    status
}

/// Mark extendedly dominated strategies, pass after pass, as dampack does.
fn extended_dominance(order: &[usize], cost: &[f64], effect: &[f64], status: &mut [Status]) {
    loop {
        let nd = with_status(order, status, Status::NonDominated);
        if nd.len() <= 2 {
            return;
        }
        let icer = |k: usize| (cost[nd[k]] - cost[nd[k - 1]]) / (effect[nd[k]] - effect[nd[k - 1]]);
        let kinks: Vec<usize> = (1..nd.len() - 1)
            .filter(|&k| icer(k) > icer(k + 1))
            .collect();
        if kinks.is_empty() {
            return;
        }
        for k in kinks {
            status[nd[k]] = Status::ExtendedlyDominated;
        }
    }
}

/// The strategies of `order` with status `s`, in that order.
fn with_status(order: &[usize], status: &[Status], s: Status) -> Vec<usize> {
    order.iter().copied().filter(|&i| status[i] == s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    fn statuses(rows: &[IcerRow]) -> Vec<(&str, Status)> {
        rows.iter()
            .map(|r| (r.strategy.as_str(), r.status))
            .collect()
    }

    /// dampack `tests/testthat/test_calculate_icers.R`, "calculate_icers returns correct
    /// object" (the HERC example): B strongly dominates A, C is extendedly dominated.
    #[test]
    fn dampack_herc_case() {
        let rows = icers(
            &names(&["E", "D", "C", "B", "A", "UC"]),
            &[55000.0, 35000.0, 25000.0, 10000.0, 12000.0, 5000.0],
            &[5.0, 4.0, 3.0, 2.0, 1.5, 1.0],
        );
        use Status::*;
        let expected = [
            ("UC", NonDominated, None, None, None),
            ("B", NonDominated, Some(5000.0), Some(1.0), Some(5000.0)),
            ("D", NonDominated, Some(25000.0), Some(2.0), Some(12500.0)),
            ("E", NonDominated, Some(20000.0), Some(1.0), Some(20000.0)),
            ("C", ExtendedlyDominated, None, None, None),
            ("A", Dominated, None, None, None),
        ];
        assert_eq!(rows.len(), expected.len());
        for (r, (s, st, ic, ie, icer)) in rows.iter().zip(expected) {
            assert_eq!((r.strategy.as_str(), r.status), (s, st));
            assert_eq!(
                (r.incremental_cost, r.incremental_effect, r.icer),
                (ic, ie, icer)
            );
        }
    }

    /// dampack `vignettes/cdiff_icers.csv`, the output of the basic_cea vignette's C. diff
    /// example (11 strategies: s39 `ED`; s4, s13, s37, s20 `D`), fed in shuffled.
    #[test]
    fn dampack_cdiff_vignette() {
        let table = [
            ("s3", 57336.0059896538, 12.9399639202408, None),
            (
                "s27",
                57541.2526373815,
                13.0140640696275,
                Some(2769.85470915263),
            ),
            (
                "s33",
                57642.2587507842,
                13.0389116321918,
                Some(4065.03105249231),
            ),
            (
                "s31",
                57934.0743411241,
                13.0966257932217,
                Some(5056.2216470406),
            ),
            (
                "s43",
                58072.1137208494,
                13.11285766912,
                Some(8504.2160616553),
            ),
            (
                "s44",
                58665.7823044647,
                13.1283328397025,
                Some(38362.6519947134),
            ),
            ("s39", 57814.6470919581, 13.0462790163185, None),
            ("s4", 57887.481549326, 12.9970657153765, None),
            ("s13", 58018.6252420203, 13.0650412387992, None),
            ("s37", 58081.7947984323, 13.1029711156978, None),
            ("s20", 58634.2026441398, 13.1100568867995, None),
        ];
        let shuffle = [7, 2, 10, 0, 5, 8, 3, 1, 9, 6, 4];
        let n: Vec<String> = shuffle.iter().map(|&i| table[i].0.to_string()).collect();
        let c: Vec<f64> = shuffle.iter().map(|&i| table[i].1).collect();
        let e: Vec<f64> = shuffle.iter().map(|&i| table[i].2).collect();
        let rows = icers(&n, &c, &e);
        let got: Vec<&str> = rows.iter().map(|r| r.strategy.as_str()).collect();
        let want: Vec<&str> = table.iter().map(|t| t.0).collect();
        assert_eq!(got, want);
        for (r, t) in rows.iter().zip(&table) {
            let expected_status = match t.0 {
                "s39" => Status::ExtendedlyDominated,
                "s4" | "s13" | "s37" | "s20" => Status::Dominated,
                _ => Status::NonDominated,
            };
            assert_eq!(r.status, expected_status, "{}", t.0);
            match (r.icer, t.3) {
                (Some(a), Some(b)) => assert!((a / b - 1.0).abs() < 1e-9, "{}", t.0),
                (a, b) => assert_eq!(a, b, "{}", t.0),
            }
        }
    }

    /// dampack test "default reference strategy": equal effects, the cheaper is first and the
    /// dearer is `D`.
    #[test]
    fn dampack_equal_effects() {
        let rows = icers(
            &names(&["No Treat", "Treat all", "Test & treat"]),
            &[163771.0, 164848.7, 163765.1],
            &[6.48273, 6.52861, 6.52861],
        );
        assert_eq!(
            statuses(&rows),
            [
                ("Test & treat", Status::NonDominated),
                ("No Treat", Status::Dominated),
                ("Treat all", Status::Dominated),
            ]
        );
    }

    /// dampack basic_cea vignette, HIV screening (Paltiel et al. 2006): annual is `D`.
    #[test]
    fn dampack_hiv_vignette() {
        let q: Vec<f64> = [277.25, 277.57, 277.78, 277.83, 277.76]
            .iter()
            .map(|x| x / 12.0)
            .collect();
        let rows = icers(
            &names(&["status quo", "one time", "5yr", "3yr", "annual"]),
            &[26000.0, 27000.0, 28020.0, 28440.0, 29440.0],
            &q,
        );
        let st = statuses(&rows);
        assert_eq!(st[4], ("annual", Status::Dominated));
        assert!(st[..4].iter().all(|s| s.1 == Status::NonDominated));
    }

    #[test]
    fn one_and_no_strategy_and_exact_ties() {
        let one = icers(&names(&["s"]), &[1.0], &[2.0]);
        assert_eq!(one[0].status, Status::NonDominated);
        assert_eq!(one[0].icer, None);
        assert!(icers(&[], &[], &[]).is_empty());
        // Identical strategies: the later in the input is `D`.
        let tie = icers(&names(&["a", "b"]), &[1.0, 1.0], &[2.0, 2.0]);
        assert_eq!(
            statuses(&tie),
            [("a", Status::NonDominated), ("b", Status::Dominated)]
        );
        // Collinear strategies (equal ICERs) stay on the frontier.
        let line = icers(&names(&["a", "b", "c"]), &[0.0, 1.0, 2.0], &[0.0, 1.0, 2.0]);
        assert!(line.iter().all(|r| r.status == Status::NonDominated));
        // Mismatched lengths: no panic, the common prefix.
        assert_eq!(icers(&names(&["a", "b"]), &[1.0], &[1.0, 2.0]).len(), 1);
    }

    #[test]
    fn serialises_with_contract_names() {
        let rows = icers(&names(&["a", "b"]), &[0.0, 10.0], &[0.0, 2.0]);
        let json = serde_json::to_string(&rows).unwrap();
        assert_eq!(
            json,
            "[{\"strategy\":\"a\",\"cost\":0.0,\"effect\":0.0,\"incremental_cost\":null,\
             \"incremental_effect\":null,\"icer\":null,\"status\":\"ND\"},\
             {\"strategy\":\"b\",\"cost\":10.0,\"effect\":2.0,\"incremental_cost\":10.0,\
             \"incremental_effect\":2.0,\"icer\":5.0,\"status\":\"ND\"}]"
        );
    }
}
