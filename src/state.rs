//! The states a resident can be in, the five housing categories, and the
//! BrukerPlan colour of a housing situation (docs/sources.md §2, §3).

use schemars::JsonSchema;
use serde::Serialize;
use std::fmt;

/// Where a resident is in a given month.
///
/// The first five are the municipal housing categories of docs/sources.md §2; a move into
/// one of them needs a free unit of a [`crate::scenario::Program`]. The other four have no
/// capacity limit. `Exited` (died or moved away) is absorbing and outside the population.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum State {
    /// Specialised housing: 24/7 staffed congregate housing and robust small houses.
    Specialized = 0,
    /// Congregate housing for others with substantial ROP needs ("the housing in the middle").
    Congregate = 1,
    /// Time-limited rehabilitation housing.
    Rehabilitation = 2,
    /// Housing First: scattered ordinary dwellings with a follow-up team.
    HousingFirst = 3,
    /// Acute and temporary housing: hospits bought by NAV, municipal temporary units, shelters.
    Temporary = 4,
    /// Ordinary (own or municipal) housing, with or without follow-up.
    Ordinary = 5,
    /// Homeless: rough sleeping or staying with friends at random.
    Homeless = 6,
    /// Institution: specialist health service, treatment, prison.
    Institution = 7,
    /// Died or moved away (absorbing).
    Exited = 8,
}

/// Number of [`State`]s.
pub const N_STATES: usize = 9;

/// Other spellings accepted in scenario files and on the command line, each with the name it
/// stands for: the report's British and Norwegian readers write `specialised` as often as
/// `specialized`. Output always uses the name.
pub const SPELLINGS: &[(&str, &str)] = &[("specialised", "specialized")];

/// The name `text` stands for: `text` itself, or the name an accepted spelling stands for.
pub fn canonical_name(text: &str) -> &str {
    SPELLINGS
        .iter()
        .find(|(spelling, _)| *spelling == text)
        .map_or(text, |(_, name)| name)
}

/// The names, each followed by its other spellings (`specialized (or specialised)`), for
/// messages that list what is accepted.
pub fn names_with_spellings<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    names
        .into_iter()
        .map(|name| {
            let others: Vec<&str> = SPELLINGS
                .iter()
                .filter(|(_, n)| *n == name)
                .map(|(spelling, _)| *spelling)
                .collect();
            if others.is_empty() {
                name.to_owned()
            } else {
                format!("{name} (or {})", others.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Parse a name (or an accepted spelling) into one of `all`, saying what is accepted if it is
/// none of them.
fn parse_name<T: Copy>(text: &str, all: &[T], name: fn(T) -> &'static str) -> Result<T, String> {
    let wanted = canonical_name(text.trim());
    all.iter()
        .copied()
        .find(|x| name(*x) == wanted)
        .ok_or_else(|| {
            format!(
                "expected one of: {}, found \"{text}\"",
                names_with_spellings(all.iter().map(|x| name(*x)))
            )
        })
}

impl State {
    /// All states in index order.
    pub const ALL: [State; N_STATES] = [
        State::Specialized,
        State::Congregate,
        State::Rehabilitation,
        State::HousingFirst,
        State::Temporary,
        State::Ordinary,
        State::Homeless,
        State::Institution,
        State::Exited,
    ];

    /// Position of the state in [`State::ALL`].
    #[inline]
    pub fn index(self) -> usize {
        self as usize
    }

    /// The state at position `i` of [`State::ALL`].
    ///
    /// # Panics
    /// If `i >= N_STATES` (an internal invariant, never user input).
    #[inline]
    pub fn from_index(i: usize) -> State {
        State::ALL[i]
    }

    /// The snake_case name used in files, JSON output and the CLI.
    pub const fn name(self) -> &'static str {
        match self {
            State::Specialized => "specialized",
            State::Congregate => "congregate",
            State::Rehabilitation => "rehabilitation",
            State::HousingFirst => "housing_first",
            State::Temporary => "temporary",
            State::Ordinary => "ordinary",
            State::Homeless => "homeless",
            State::Institution => "institution",
            State::Exited => "exited",
        }
    }

    /// The housing category of this state, if it is one of the five.
    #[inline]
    pub fn category(self) -> Option<Category> {
        Category::ALL.get(self.index()).copied()
    }
}

impl std::str::FromStr for State {
    type Err = String;

    /// A state from its name or an accepted spelling (`specialised`), for command-line flags.
    fn from_str(text: &str) -> Result<State, String> {
        parse_name(text, &State::ALL, State::name)
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The five housing categories of Norwegian municipalities (docs/sources.md §2).
///
/// Each has programs with a number of units; a category's index equals the index of
/// its [`State`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum Category {
    /// Specialised housing (§2 point 1).
    Specialized = 0,
    /// Congregate housing "in the middle" (§2 point 2).
    Congregate = 1,
    /// Rehabilitation congregate housing (§2 point 3).
    Rehabilitation = 2,
    /// Housing First (§2 point 4).
    HousingFirst = 3,
    /// Acute and temporary housing, including hospits (§2 point 5).
    Temporary = 4,
}

/// Number of [`Category`]s.
pub const N_CATEGORIES: usize = 5;

impl Category {
    /// All categories in index order.
    pub const ALL: [Category; N_CATEGORIES] = [
        Category::Specialized,
        Category::Congregate,
        Category::Rehabilitation,
        Category::HousingFirst,
        Category::Temporary,
    ];

    /// Position of the category in [`Category::ALL`].
    #[inline]
    pub fn index(self) -> usize {
        self as usize
    }

    /// The state a resident housed in this category is in.
    #[inline]
    pub fn state(self) -> State {
        State::from_index(self.index())
    }

    /// The snake_case name used in files and output.
    pub const fn name(self) -> &'static str {
        State::ALL[self as usize].name()
    }
}

impl std::str::FromStr for Category {
    type Err = String;

    /// A category from its name or an accepted spelling (`specialised`), for command-line
    /// flags.
    fn from_str(text: &str) -> Result<Category, String> {
        parse_name(text, &Category::ALL, Category::name)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

crate::names::deserialize_by_name!(State, "state");
crate::names::deserialize_by_name!(Category, "housing category");

/// BrukerPlan colour of a housing situation (docs/sources.md §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Colour {
    /// Permanent and satisfactory: specialised, congregate, Housing First or ordinary housing,
    /// when not misplaced.
    Green = 0,
    /// Not permanent and/or not satisfactory: rehabilitation, institution, or misplaced.
    Yellow = 1,
    /// Homeless, including hospits and other temporary housing.
    Red = 2,
}

impl Colour {
    /// All colours in index order.
    pub const ALL: [Colour; 3] = [Colour::Green, Colour::Yellow, Colour::Red];

    /// The colour of a resident in `state`; `None` for `exited` (outside the population).
    pub fn of(state: State, misplaced: bool) -> Option<Colour> {
        match state {
            State::Exited => None,
            State::Temporary | State::Homeless => Some(Colour::Red),
            _ if misplaced => Some(Colour::Yellow),
            State::Rehabilitation | State::Institution => Some(Colour::Yellow),
            _ => Some(Colour::Green),
        }
    }

    /// The snake_case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            Colour::Green => "green",
            Colour::Yellow => "yellow",
            Colour::Red => "red",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_map_to_states_with_the_same_index() {
        for c in Category::ALL {
            assert_eq!(c.state().category(), Some(c));
            assert_eq!(c.name(), c.state().name());
        }
        assert_eq!(State::Ordinary.category(), None);
        assert_eq!(State::Exited.category(), None);
    }

    #[test]
    fn colours_follow_brukerplan() {
        assert_eq!(Colour::of(State::Congregate, false), Some(Colour::Green));
        assert_eq!(Colour::of(State::Congregate, true), Some(Colour::Yellow));
        assert_eq!(Colour::of(State::Temporary, true), Some(Colour::Red));
        assert_eq!(
            Colour::of(State::Rehabilitation, false),
            Some(Colour::Yellow)
        );
        assert_eq!(Colour::of(State::Ordinary, false), Some(Colour::Green));
        assert_eq!(Colour::of(State::Homeless, false), Some(Colour::Red));
        assert_eq!(Colour::of(State::Exited, false), None);
    }

    #[test]
    fn specialised_is_read_as_specialized_and_written_as_specialized() {
        for text in ["\"specialised\"", "\"specialized\""] {
            let s: State = serde_json::from_str(text).unwrap();
            assert_eq!(s, State::Specialized);
            let c: Category = serde_json::from_str(text).unwrap();
            assert_eq!(c, Category::Specialized);
            assert_eq!(serde_json::to_string(&c).unwrap(), "\"specialized\"");
        }
        assert_eq!("specialised".parse::<Category>(), Ok(Category::Specialized));
        assert_eq!(" specialized".parse::<State>(), Ok(State::Specialized));
        assert_eq!(
            "housing_first".parse::<Category>(),
            Ok(Category::HousingFirst)
        );
        let err = "homeless".parse::<Category>().unwrap_err();
        assert_eq!(
            err,
            "expected one of: specialized (or specialised), congregate, rehabilitation, \
             housing_first, temporary, found \"homeless\""
        );
        assert_eq!(canonical_name("specialised"), "specialized");
        assert_eq!(canonical_name("specialisedx"), "specialisedx");
    }

    #[test]
    fn names_round_trip_through_serde() {
        for s in State::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.name()));
            let back: State = serde_json::from_str(&json).unwrap();
            assert_eq!(back, s);
        }
    }
}
