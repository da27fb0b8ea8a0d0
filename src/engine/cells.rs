//! Residents counted in *cells*: a cell holds every resident of one profile in one situation
//! (state, program, misplaced or not, month the stay began — up to the duration that still
//! matters — and the waiting list it is on, with the month it joined). Residents of one cell
//! are exchangeable: whatever happens next happens to each of them with the same probability,
//! independently, so a month moves a cell's count as a multinomial instead of resident by
//! resident. A cell of one resident is just that resident.
//!
//! Cells split when some of their residents move, and cells that come to share a situation are
//! merged at the end of the month, so the number of cells follows the number of distinct
//! situations, not the number of residents.
//!
//! A cell whose residents are past every duration that matters to what happens next has no
//! month of entry ([`LONG_AGO`]); in a housing category it carries the months of entry that
//! retention still follows in a [`Ring`].

use super::cohorts::Ring;
use crate::state::State;
use rand_xoshiro::Xoshiro256PlusPlus;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Marks "no program" and "not waiting".
pub(crate) const NONE: u32 = u32::MAX;

/// `entered` of a cell whose residents have been in their state longer than anything the
/// engine tells apart (their months in state count as "very many").
pub(crate) const LONG_AGO: u32 = u32::MAX;

/// Everything that tells two cells apart, packed: (profile, program), (entered, since), and
/// state, misplaced and the category waited for in the low bits of the third word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key(u64, u64, u32);

/// The cells of one replication, as a structure of arrays indexed by cell id.
#[derive(Clone, Debug, Default)]
pub(crate) struct Cells {
    pub state: Vec<u8>,
    pub profile: Vec<u32>,
    /// Program lived in, or `NONE`.
    pub program: Vec<u32>,
    /// Month in which the stay began (0 = present at the start), or [`LONG_AGO`].
    pub entered: Vec<u32>,
    /// Month in which the residents arrived, when that is the month being simulated (only
    /// compared with the current month).
    pub arrived: Vec<u32>,
    pub misplaced: Vec<bool>,
    /// Residents in the cell (0 = an empty cell, dropped at the end of the month).
    pub count: Vec<u32>,
    /// Category waited for (as `Category as u32`), or `NONE`.
    pub waiting_for: Vec<u32>,
    /// Month in which the residents joined their waiting list.
    pub since: Vec<u32>,
    /// Index in `rings` of the cell's retention cohorts, or `NONE` (only [`LONG_AGO`] cells
    /// have one).
    pub ring: Vec<u32>,
    /// Retention cohorts of the cells that have them.
    pub rings: Vec<Ring>,
    /// Indices of `rings` that can be reused.
    free_rings: Vec<u32>,
    /// Cells with residents, in order of creation (empty ones until the end of the month).
    pub active: Vec<u32>,
    /// Per category, the cells that joined its list (entries may be stale or repeated: see
    /// [`Cells::listed`]).
    lists: [Vec<u32>; crate::state::N_CATEGORIES],
    /// Residents not exited, over all cells.
    pub alive: u64,
    /// Residents there have been (exited ones included).
    pub ever: u64,
    /// Ids of empty cells that can be reused.
    free: Vec<u32>,
    /// Cells emptied (by exits or merging) since empty cells were last dropped.
    emptied: usize,
    /// Cells created or changed this month, to be merged with their equals.
    touched: Vec<u32>,
    is_touched: Vec<bool>,
    /// Scratch for sorting a list.
    keyed: Vec<(u64, u32)>,
    /// Cell with each situation (entries may be stale: checked on use).
    index: HashMap<Key, u32, BuildHasherDefault<FxHasher>>,
}

impl Cells {
    /// Empty everything for a new replication.
    pub fn clear(&mut self) {
        self.state.clear();
        self.profile.clear();
        self.program.clear();
        self.entered.clear();
        self.arrived.clear();
        self.misplaced.clear();
        self.count.clear();
        self.waiting_for.clear();
        self.since.clear();
        self.ring.clear();
        self.rings.clear();
        self.free_rings.clear();
        self.active.clear();
        self.lists.iter_mut().for_each(Vec::clear);
        self.free.clear();
        self.touched.clear();
        self.is_touched.clear();
        self.index.clear();
        self.alive = 0;
        self.ever = 0;
        self.emptied = 0;
    }

    /// A new cell of `count` residents of `profile` in `state` and `program` (or `NONE`), who
    /// entered (and arrived) in month `month`, waiting for nothing.
    pub fn add(
        &mut self,
        profile: u32,
        state: State,
        program: u32,
        misplaced: bool,
        month: u32,
        count: u32,
    ) -> u32 {
        let id = self.new_id();
        let i = id as usize;
        self.state[i] = state as u8;
        self.profile[i] = profile;
        self.program[i] = program;
        self.entered[i] = month;
        self.arrived[i] = month;
        self.misplaced[i] = misplaced;
        self.count[i] = count;
        self.waiting_for[i] = NONE;
        self.since[i] = 0;
        self.active.push(id);
        self.touch(i);
        self.alive += count as u64;
        self.ever += count as u64;
        id
    }

    /// A cell holding exactly `n` of the residents of cell `i` (`0 < n ≤ count[i]`): `i`
    /// itself when that is all of them, else a new cell split off with the same situation —
    /// and, where `i` follows months of entry, a uniformly random choice of its residents
    /// (drawn with `rng`; see [`Ring::pick`]).
    pub fn take(&mut self, i: usize, n: u32, rng: &mut Xoshiro256PlusPlus) -> usize {
        debug_assert!(n > 0 && n <= self.count[i]);
        if n == self.count[i] {
            return i;
        }
        let mut chosen = Ring::default();
        let r = self.ring[i];
        if r != NONE {
            let count = self.count[i];
            let ring = &mut self.rings[r as usize];
            debug_assert_eq!(ring.held, 0, "held leavers are only gathered");
            ring.pick(count, n, rng, Some(&mut chosen));
        }
        let j = self.split_off(i, n);
        if chosen.tracked > 0 {
            self.ring[j] = self.new_ring(chosen);
        }
        j
    }

    /// A new cell with `n` of the residents of cell `i` and its situation (no ring).
    fn split_off(&mut self, i: usize, n: u32) -> usize {
        let j = self.new_id() as usize;
        self.state[j] = self.state[i];
        self.profile[j] = self.profile[i];
        self.program[j] = self.program[i];
        self.entered[j] = self.entered[i];
        self.arrived[j] = self.arrived[i];
        self.misplaced[j] = self.misplaced[i];
        self.count[j] = n;
        self.waiting_for[j] = self.waiting_for[i];
        self.since[j] = self.since[i];
        self.count[i] -= n;
        self.active.push(j as u32);
        if self.waiting_for[j] != NONE {
            self.lists[self.waiting_for[j] as usize].push(j as u32);
        }
        self.touch(j);
        j
    }

    /// A new cell gathering `sources` (cell, residents) — cells in the same situation but for
    /// their months in state, which do not matter to what happens to these residents next
    /// (they are about to begin new stays); the new cell takes the first source's situation
    /// and follows no months of entry. Sources with rings give up their held leavers first,
    /// then a random choice (drawn with `rng`). Returns the new cell.
    pub fn gather(&mut self, sources: &[(u32, u32)], rng: &mut Xoshiro256PlusPlus) -> usize {
        for &(i, n) in sources {
            let (i, count) = (i as usize, self.count[i as usize]);
            match self.ring[i] {
                NONE => {}
                _ if n == count => self.drop_ring(i),
                r => {
                    self.rings[r as usize].pick(count, n, rng, None);
                }
            }
        }
        let (first, n) = (sources[0].0 as usize, sources[0].1);
        let total: u32 = sources.iter().map(|s| s.1).sum();
        let j = if n == self.count[first] {
            first
        } else {
            self.split_off(first, n)
        };
        // The first source's share has moved; now the others'.
        for &(i, n) in &sources[1..] {
            let i = i as usize;
            self.count[i] -= n;
            if self.count[i] == 0 {
                self.emptied += 1;
            }
        }
        self.count[j] = total;
        j
    }

    /// Cell `i`'s ring, if it has one.
    #[inline]
    pub fn ring_mut(&mut self, i: usize) -> Option<&mut Ring> {
        match self.ring[i] {
            NONE => None,
            r => Some(&mut self.rings[r as usize]),
        }
    }

    /// A ring in `rings` holding `r`; returns its index.
    fn new_ring(&mut self, r: Ring) -> u32 {
        match self.free_rings.pop() {
            Some(k) => {
                self.rings[k as usize] = r;
                k
            }
            None => {
                self.rings.push(r);
                self.rings.len() as u32 - 1
            }
        }
    }

    /// Cell `i` no longer follows months of entry.
    fn drop_ring(&mut self, i: usize) {
        let r = self.ring[i];
        if r != NONE {
            self.free_rings.push(r);
            self.ring[i] = NONE;
        }
    }

    /// Put the residents of cell `i` in `state` and `program` (or `NONE`) from month `month`
    /// on; `state == Exited` empties the cell.
    pub fn settle(&mut self, i: usize, state: State, program: u32, misplaced: bool, month: u32) {
        // A new stay (or none): the old stays' months of entry no longer matter.
        self.drop_ring(i);
        if state == State::Exited {
            self.alive -= self.count[i] as u64;
            self.count[i] = 0;
            self.emptied += 1;
            return;
        }
        self.state[i] = state as u8;
        self.program[i] = program;
        self.entered[i] = month;
        self.misplaced[i] = misplaced;
        self.touch(i);
    }

    /// Put cell `i` on the list for category `c` (as `u32`, or `NONE` for no list) from month
    /// `month`.
    pub fn set_waiting(&mut self, i: usize, c: u32, month: u32) {
        if c != NONE {
            self.lists[c as usize].push(i as u32);
        }
        self.waiting_for[i] = c;
        self.since[i] = if c == NONE { 0 } else { month };
        self.touch(i);
    }

    /// Residents of cell `i` have been in their state past every duration that matters to
    /// what happens next. With `follow`, retention still follows their stays: their month of
    /// entry goes into the cell's ring (a cell of residents present at the start has none).
    pub fn age_out(&mut self, i: usize, follow: bool) {
        let e = self.entered[i];
        debug_assert!(e != LONG_AGO && self.ring[i] == NONE);
        if follow && e != 0 {
            self.ring[i] = self.new_ring(Ring::of(e, self.count[i]));
        }
        self.entered[i] = LONG_AGO;
        self.touch(i);
    }

    #[inline]
    pub fn state_of(&self, i: usize) -> State {
        State::from_index(self.state[i] as usize)
    }

    /// The cells with residents on the list for category `c` (as `u32`), sorted by `key`
    /// (then by id) and each once, into `out`; the list keeps only those.
    pub fn listed(&mut self, c: u32, key: impl Fn(&Cells, u32) -> u64, out: &mut Vec<u32>) {
        let mut keyed = std::mem::take(&mut self.keyed);
        keyed.clear();
        keyed.extend(
            self.lists[c as usize]
                .iter()
                .copied()
                .filter(|&i| self.count[i as usize] > 0 && self.waiting_for[i as usize] == c)
                .map(|i| (key(self, i), i)),
        );
        // The list is mostly in order already (cells join at its end): sort only if not.
        if !keyed.is_sorted() {
            keyed.sort_unstable();
        }
        keyed.dedup();
        out.clear();
        out.extend(keyed.iter().map(|&(_, i)| i));
        self.lists[c as usize].clear();
        self.lists[c as usize].extend_from_slice(out);
        self.keyed = keyed;
    }

    /// End of the month: merge every cell changed this month into an equal cell, if one
    /// exists, and drop empty cells.
    pub fn merge_and_compact(&mut self) {
        for k in 0..self.touched.len() {
            let i = self.touched[k] as usize;
            self.is_touched[i] = false;
            if self.count[i] == 0 {
                continue;
            }
            let key = self.key(i);
            let mut index = std::mem::take(&mut self.index);
            match index.entry(key) {
                Entry::Occupied(mut e) => {
                    let j = *e.get() as usize;
                    if j != i && self.is_cell(j, &key) {
                        self.count[j] += self.count[i];
                        self.count[i] = 0;
                        self.emptied += 1;
                        self.merge_rings(j, i);
                    } else {
                        *e.get_mut() = i as u32;
                    }
                }
                Entry::Vacant(e) => {
                    e.insert(i as u32);
                }
            }
            self.index = index;
        }
        self.touched.clear();
        // Empty cells cost the draw loop a skip each: drop them once they are a fair share.
        if self.emptied * 8 < self.active.len() {
            return;
        }
        self.emptied = 0;
        let count = &self.count;
        let free = &mut self.free;
        let ring = &mut self.ring;
        let free_rings = &mut self.free_rings;
        self.active.retain(|&id| {
            let keep = count[id as usize] > 0;
            if !keep {
                free.push(id);
                let r = &mut ring[id as usize];
                if *r != NONE {
                    free_rings.push(*r);
                    *r = NONE;
                }
            }
            keep
        });
        // Stale entries only cost memory; drop them when they outnumber live cells.
        if self.index.len() > 4 * self.active.len() + 1024 {
            self.rebuild_index();
        }
    }

    /// Cell `from`'s residents have joined cell `to`: so do its months of entry.
    fn merge_rings(&mut self, to: usize, from: usize) {
        match (self.ring[to], self.ring[from]) {
            (_, NONE) => {}
            (NONE, r) => {
                self.ring[to] = r;
                self.ring[from] = NONE;
            }
            (a, b) => {
                let other = std::mem::take(&mut self.rings[b as usize]);
                self.rings[a as usize].absorb(&other);
                self.drop_ring(from);
            }
        }
    }

    fn rebuild_index(&mut self) {
        self.index.clear();
        for k in 0..self.active.len() {
            let i = self.active[k] as usize;
            let key = self.key(i);
            self.index.insert(key, i as u32);
        }
    }

    /// Whether cell `j` has residents and situation `key`.
    fn is_cell(&self, j: usize, key: &Key) -> bool {
        self.count[j] > 0 && self.key(j) == *key
    }

    fn key(&self, i: usize) -> Key {
        // `waiting_for` is a category index or `NONE`: 3 bits hold 0..=4 and 7 for `NONE`.
        let waiting = self.waiting_for[i].min(7);
        Key(
            (self.profile[i] as u64) << 32 | self.program[i] as u64,
            (self.entered[i] as u64) << 32 | self.since[i] as u64,
            (self.state[i] as u32) << 4 | (self.misplaced[i] as u32) << 3 | waiting,
        )
    }

    fn touch(&mut self, i: usize) {
        if !self.is_touched[i] {
            self.is_touched[i] = true;
            self.touched.push(i as u32);
        }
    }

    /// An id for a new cell: an emptied one, or a new slot.
    fn new_id(&mut self) -> u32 {
        if let Some(id) = self.free.pop() {
            return id;
        }
        let id = self.state.len() as u32;
        self.state.push(0);
        self.profile.push(0);
        self.program.push(NONE);
        self.entered.push(0);
        self.arrived.push(0);
        self.misplaced.push(false);
        self.count.push(0);
        self.waiting_for.push(NONE);
        self.since.push(0);
        self.ring.push(NONE);
        self.is_touched.push(false);
        id
    }
}

/// A small, fast hasher for the cells' keys (the multiply-rotate hash of the Firefox and rustc
/// hash tables): keys are a few integers made by the engine, not chosen by an adversary.
#[derive(Default, Clone, Copy)]
struct FxHasher {
    hash: u64,
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_cells_merge_at_the_end_of_the_month_and_empty_ones_go() {
        let mut c = Cells::default();
        let a = c.add(0, State::Homeless, NONE, false, 1, 5) as usize;
        let b = c.add(0, State::Homeless, NONE, false, 1, 3) as usize;
        let other = c.add(1, State::Homeless, NONE, false, 1, 2) as usize;
        let mut rng = rand::SeedableRng::seed_from_u64(1);
        let moved = c.take(a, 2, &mut rng);
        assert_ne!(moved, a);
        assert_eq!((c.count[a], c.count[moved]), (3, 2));
        c.settle(moved, State::Exited, NONE, false, 1);
        assert_eq!(c.alive, 8);
        c.merge_and_compact();
        // a and b merged (one of them holds 6), the other profile stays apart.
        let mut counts: Vec<u32> = c.active.iter().map(|&i| c.count[i as usize]).collect();
        counts.sort();
        assert_eq!(counts, [2, 6]);
        assert_eq!(c.count[a] + c.count[b], 6);
        assert_eq!(c.count[other], 2);
        assert_eq!(c.ever, 10);
        // An emptied cell's id is reused.
        let d = c.add(2, State::Ordinary, NONE, false, 2, 1);
        assert!(d as usize == moved || d as usize == a || d as usize == b);
    }

    #[test]
    fn taking_all_of_a_cell_is_the_cell_itself() {
        let mut c = Cells::default();
        let a = c.add(0, State::Temporary, 3, false, 0, 4) as usize;
        let mut rng = rand::SeedableRng::seed_from_u64(1);
        assert_eq!(c.take(a, 4, &mut rng), a);
        assert_eq!(c.active.len(), 1);
        c.set_waiting(a, 2, 1);
        c.age_out(a, false);
        assert_eq!(c.entered[a], LONG_AGO);
    }
}
