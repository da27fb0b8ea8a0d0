//! Allocating the residents present at the start to programs, once per model.
//!
//! The allocation is deterministic: profiles in scenario order; within a profile, `initial`
//! (in state order), then `initial_misplaced`, then `initial_waiting`. Each group is spread
//! over the programs of its category that accept its profile:
//!
//! - **Limited programs share in proportion to their free units.** A group of n residents and
//!   programs with f₁, f₂, … free units (F in all, n ≤ F) gives program i the quota n·fᵢ/F;
//!   each program gets the whole part of its quota, and the residents left over go one each to
//!   the largest remainders (ties to the program first in the file). So 10 residents over 6 and
//!   14 free units give 3 and 7, not 6 and 4 as filling in file order would. A quota never
//!   exceeds the free units, so capacity holds without clamping. Free units are counted when the
//!   group is placed (earlier groups have taken theirs).
//! - **Unlimited programs take the overflow** (places bought when the municipality's own are
//!   full, like hospits): residents beyond the limited programs' free units go to the first
//!   accepting unlimited program in the file. Their units cannot be in proportion — they have
//!   no count.
//!
//! Programs that accept different profiles compete for the same units, so spreading an early
//! group can leave a later, pickier group no room where filling in file order would have found
//! it (a group accepted by programs A and B spread over both, then a group only B accepts).
//! Then the groups are placed again, the pickiest first — the groups with the fewest units open
//! to them in all the programs that accept them, file order among equals — each still spread in
//! proportion. Only if that fails too does the allocation fall back to filling each group's
//! limited programs in file order (the rule of earlier versions; unlimited programs still take
//! only the overflow), so no scenario that allocated before is refused now. A group that does
//! not fit any way (no unlimited program, too few free units) is an error naming its field
//! path.

use crate::scenario::{Issue, Profile, Scenario, Units};
use crate::state::{Category, State};

/// Residents who start in the same place with the same status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitialGroup {
    /// Profile index.
    pub profile: u32,
    /// Starting state.
    pub state: State,
    /// Program index, for residents in one of the five categories.
    pub program: Option<u32>,
    /// Whether they are misplaced (they then wait for the profile's `needs`).
    pub misplaced: bool,
    /// The category they wait for, if any.
    pub waiting_for: Option<Category>,
    /// How many.
    pub count: u32,
}

pub(super) fn allocate(s: &Scenario) -> Result<Vec<InitialGroup>, Vec<Issue>> {
    allocate_by(s, Rule::Proportional, Order::File)
        .or_else(|_| allocate_by(s, Rule::Proportional, Order::PickiestFirst))
        .or_else(|_| allocate_by(s, Rule::FileOrder, Order::File))
}

/// How a group is spread over the programs that accept it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    /// In proportion to free units (the module docs).
    Proportional,
    /// Filling the programs in file order (when spreading leaves a later group no room).
    FileOrder,
}

/// The order in which groups are placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    /// Profiles in file order; within a profile `initial`, `initial_misplaced`,
    /// `initial_waiting`.
    File,
    /// The groups with the fewest units open to them (in all the programs that accept them)
    /// first, file order among equals.
    PickiestFirst,
}

/// A group waiting to be placed: its field path, profile index and residents.
type Pending = (String, usize, InitialGroup);

/// Every group of residents present at the start, in file order.
fn pending(s: &Scenario) -> Vec<Pending> {
    let mut out = Vec::new();
    for (pi, p) in s.profiles.iter().enumerate() {
        let group = |state, misplaced, waiting_for, count| InitialGroup {
            profile: pi as u32,
            state,
            program: None,
            misplaced,
            waiting_for,
            count,
        };
        for (state, n) in &p.initial {
            let path = format!("profiles[{pi}].initial.{state}");
            out.push((path, pi, group(*state, false, None, *n)));
        }
        for (cat, n) in &p.initial_misplaced {
            let path = format!("profiles[{pi}].initial_misplaced.{cat}");
            out.push((path, pi, group(cat.state(), true, Some(p.needs), *n)));
        }
        for (j, w) in p.initial_waiting.iter().enumerate() {
            let path = format!("profiles[{pi}].initial_waiting[{j}].count");
            out.push((
                path,
                pi,
                group(w.state, false, Some(w.waiting_for), w.count),
            ));
        }
    }
    out
}

/// The programs of `cat` that accept profile `p`, in file order.
fn accepting(s: &Scenario, cat: Category, p: &Profile) -> Vec<usize> {
    (0..s.programs.len())
        .filter(|&gi| {
            let g = &s.programs[gi];
            g.category == cat && g.accepts.as_ref().is_none_or(|a| a.contains(&p.id))
        })
        .collect()
}

/// Units open to a group in all the programs that accept it (`u64::MAX` for a group outside
/// the five categories or with an unlimited program).
fn room(s: &Scenario, (_, pi, g): &Pending) -> u64 {
    let Some(cat) = g.state.category() else {
        return u64::MAX;
    };
    accepting(s, cat, &s.profiles[*pi])
        .iter()
        .map(|&gi| s.programs[gi].units.capacity() as u64)
        .fold(0u64, u64::saturating_add)
}

fn allocate_by(s: &Scenario, rule: Rule, order: Order) -> Result<Vec<InitialGroup>, Vec<Issue>> {
    let mut a = Allocator {
        s,
        rule,
        free: s
            .programs
            .iter()
            .map(|g| g.units.capacity() as u64)
            .collect(),
        groups: Vec::new(),
        issues: Vec::new(),
    };
    let mut todo = pending(s);
    if order == Order::PickiestFirst {
        // A stable sort: file order among groups with as much room.
        todo.sort_by_key(|g| room(s, g));
    }
    for (path, pi, base) in todo {
        a.place(path, &s.profiles[pi], base);
    }
    if a.issues.is_empty() {
        Ok(a.groups)
    } else {
        Err(a.issues)
    }
}

/// The allocation under way.
struct Allocator<'a> {
    s: &'a Scenario,
    rule: Rule,
    /// Units still free, per program.
    free: Vec<u64>,
    groups: Vec<InitialGroup>,
    issues: Vec<Issue>,
}

impl Allocator<'_> {
    /// Place the residents of `base` (of profile `p`, given at field `path`), in the programs of
    /// their state's category if it has one.
    fn place(&mut self, path: String, p: &Profile, base: InitialGroup) {
        let count = base.count;
        let Some(cat) = base.state.category() else {
            if count > 0 {
                self.groups.push(base);
            }
            return;
        };
        let left = self.fill(cat, p, &base);
        if left > 0 {
            self.issues.push(Issue::new(
                path,
                format!(
                    "{count} residents of profile \"{}\" start in {cat}, but only {} units \
                     are left in the {cat} programs that accept it and none of them is unlimited",
                    p.id,
                    count as u64 - left
                ),
            ));
        }
    }

    /// Spread the residents of `base` over the programs of `cat` that accept `p`: the limited
    /// ones in proportion to their free units, the overflow to the first unlimited one (see the
    /// module docs); returns how many are left over.
    fn fill(&mut self, cat: Category, p: &Profile, base: &InitialGroup) -> u64 {
        let (unlimited, limited): (Vec<usize>, Vec<usize>) = accepting(self.s, cat, p)
            .into_iter()
            .partition(|&gi| self.s.programs[gi].units == Units::Unlimited);
        let free: Vec<u64> = limited.iter().map(|&gi| self.free[gi]).collect();
        let shares = match self.rule {
            Rule::Proportional => proportional_shares(base.count as u64, &free),
            Rule::FileOrder => in_file_order(base.count as u64, &free),
        };
        let mut left = base.count as u64 - shares.iter().sum::<u64>();
        let take = |gi: usize, n: u64, groups: &mut Vec<InitialGroup>| {
            if n > 0 {
                groups.push(InitialGroup {
                    program: Some(gi as u32),
                    count: n as u32,
                    ..base.clone()
                });
            }
        };
        for (&gi, &n) in limited.iter().zip(&shares) {
            self.free[gi] -= n;
            take(gi, n, &mut self.groups);
        }
        if let Some(&gi) = unlimited.first() {
            take(gi, left, &mut self.groups);
            left = 0;
        }
        left
    }
}

/// `n` residents filling programs with `free` units each in order.
fn in_file_order(n: u64, free: &[u64]) -> Vec<u64> {
    let mut left = n;
    free.iter()
        .map(|&f| {
            let take = left.min(f);
            left -= take;
            take
        })
        .collect()
}

/// `n` residents shared over programs with `free` units each, in proportion to the free units,
/// by largest remainders with ties to the first program; every program full when `n` is more
/// than all of them hold.
fn proportional_shares(n: u64, free: &[u64]) -> Vec<u64> {
    let total: u64 = free.iter().sum();
    if n >= total {
        return free.to_vec();
    }
    // Exact integer quotas: n·fᵢ fits in u128 for any u32 count and unit number.
    let quota = |f: u64| (n as u128 * f as u128 / total as u128) as u64;
    let remainder = |f: u64| n as u128 * f as u128 % total as u128;
    let mut shares: Vec<u64> = free.iter().map(|&f| quota(f)).collect();
    let mut order: Vec<usize> = (0..free.len()).collect();
    // Stable sort: equal remainders keep file order.
    order.sort_by_key(|&i| std::cmp::Reverse(remainder(free[i])));
    let short = n - shares.iter().sum::<u64>();
    for &i in order.iter().take(short as usize) {
        shares[i] += 1;
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Program, Severity};

    /// One profile needing congregate housing with `count` residents there at the start, and
    /// congregate programs of these sizes (`None`: unlimited).
    fn scenario(count: u32, units: &[Option<u32>]) -> Scenario {
        let mut s = Scenario::new("allocation", 12);
        s.profiles = vec![Profile::new("p", Severity::Moderate, Category::Congregate)
            .with_initial(State::Congregate, count)];
        s.programs = units
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let units = u.map_or(Units::Unlimited, Units::Limited);
                Program::new(format!("g{i}"), Category::Congregate, units)
            })
            .collect();
        s
    }

    /// Residents per program after the allocation.
    fn counts(s: &Scenario) -> Vec<u32> {
        let mut out = vec![0; s.programs.len()];
        for g in allocate(s).unwrap() {
            out[g.program.unwrap() as usize] += g.count;
        }
        out
    }

    #[test]
    fn shares_are_proportional_to_free_units() {
        // 10 × 6/20 = 3 and 10 × 14/20 = 7 exactly (file order would give 6 and 4).
        assert_eq!(counts(&scenario(10, &[Some(6), Some(14)])), [3, 7]);
        assert_eq!(proportional_shares(10, &[6, 14]), [3, 7]);
    }

    #[test]
    fn leftover_residents_go_to_the_largest_remainders() {
        // 7 × (2, 3, 5)/10 = 1.4, 2.1, 3.5: whole parts 1 + 2 + 3 = 6, the 7th to 3.5.
        assert_eq!(proportional_shares(7, &[2, 3, 5]), [1, 2, 4]);
        // 5 × 3/9 = 1.67 each: the two left over go to the first two (ties in file order).
        assert_eq!(
            counts(&scenario(5, &[Some(3), Some(3), Some(3)])),
            [2, 2, 1]
        );
        // 4 × (1, 2, 5)/8 = 0.5, 1, 2.5: the tie between 0.5 and 2.5 goes to the first.
        assert_eq!(proportional_shares(4, &[1, 2, 5]), [1, 1, 2]);
    }

    #[test]
    fn capacity_is_enforced() {
        // Exactly full, and a program with no free units takes nobody.
        assert_eq!(proportional_shares(8, &[3, 0, 5]), [3, 0, 5]);
        assert_eq!(proportional_shares(0, &[3, 5]), [0, 0]);
        // Quotas of 0.9 and 0.1 never exceed the one free unit each.
        assert_eq!(proportional_shares(1, &[9, 1]), [1, 0]);
        let issues = allocate(&scenario(12, &[Some(6), Some(4)])).unwrap_err();
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].path, "profiles[0].initial.congregate");
        assert!(
            issues[0].message.contains("only 10 units"),
            "{}",
            issues[0].message
        );
    }

    #[test]
    fn unlimited_programs_take_only_the_overflow() {
        // The limited programs are used first, in proportion; the rest to the first unlimited.
        assert_eq!(counts(&scenario(3, &[Some(4), None, Some(8)])), [1, 0, 2]);
        assert_eq!(
            counts(&scenario(20, &[Some(4), None, Some(8), None])),
            [4, 8, 8, 0]
        );
        assert_eq!(counts(&scenario(5, &[None, None])), [5, 0]);
    }

    #[test]
    fn when_spreading_leaves_a_later_group_no_room_the_pickiest_go_first() {
        // `a` (4, accepted by both programs) spread 2 + 2 would leave `b` (3, accepted by g1
        // only) 2 units. Placed pickiest first, `b` (4 units open to it) takes 3 of g1, then
        // `a` (8 open) shares the 4 + 1 left: 4 × 4/5 = 3.2 and 4 × 1/5 = 0.8, so 3 and 1.
        let mut s = scenario(4, &[Some(4), Some(4)]);
        let b = Profile::new("b", Severity::Mild, Category::Congregate)
            .with_initial(State::Congregate, 3);
        s.profiles.push(b);
        s.programs[0].accepts = Some(vec!["p".into()]);
        assert!(allocate_by(&s, Rule::Proportional, Order::File).is_err());
        let placed = |groups: Vec<InitialGroup>| -> Vec<(u32, u32, u32)> {
            groups
                .iter()
                .map(|g| (g.profile, g.program.unwrap(), g.count))
                .collect()
        };
        assert_eq!(
            placed(allocate(&s).unwrap()),
            [(1, 1, 3), (0, 0, 3), (0, 1, 1)]
        );
        // The last resort, filling in file order: `a` fills g0 and `b` fits in g1.
        let file = allocate_by(&s, Rule::FileOrder, Order::File).unwrap();
        assert_eq!(placed(file), [(0, 0, 4), (1, 1, 3)]);
        assert_eq!(in_file_order(5, &[2, 0, 4]), [2, 0, 3]);
    }

    #[test]
    fn every_shipped_scenario_is_spread_in_proportion() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "json") {
                let s = crate::scenario::from_file(&path).unwrap();
                let proportional = allocate_by(&s, Rule::Proportional, Order::File)
                    .or_else(|_| allocate_by(&s, Rule::Proportional, Order::PickiestFirst));
                assert!(proportional.is_ok(), "{}", path.display());
                checked += 1;
            }
        }
        assert!(checked >= 20, "{checked} scenarios");
    }

    #[test]
    fn later_groups_share_what_earlier_ones_left() {
        // The first profile takes 3 and 7 of 6 and 14; the second shares the 3 and 7 left.
        let mut s = scenario(10, &[Some(6), Some(14)]);
        let second = Profile::new("q", Severity::Mild, Category::Congregate)
            .with_initial(State::Congregate, 5);
        s.profiles.push(second);
        let groups = allocate(&s).unwrap();
        let of = |p: u32| -> Vec<u32> {
            let mut v = vec![0; 2];
            for g in groups.iter().filter(|g| g.profile == p) {
                v[g.program.unwrap() as usize] += g.count;
            }
            v
        };
        assert_eq!(of(0), [3, 7]);
        // 5 × 3/10 = 1.5 and 5 × 7/10 = 3.5: the tie goes to the first program.
        assert_eq!(of(1), [2, 3]);
    }
}
