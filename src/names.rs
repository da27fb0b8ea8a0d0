//! Deserialising the domain enums from their snake_case names as plain strings, so that they
//! work as map keys whose names appear in error paths (`profiles[0].initial.homeless`). Other
//! accepted spellings ([`crate::state::SPELLINGS`]) are read as the name they stand for.

/// Implement `Deserialize` for an enum with `ALL` and `name()`, reading a string.
macro_rules! deserialize_by_name {
    ($t:ty, $what:literal) => {
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                const NAMES: &[&str] = &{
                    let mut names = [""; <$t>::ALL.len()];
                    let mut i = 0;
                    while i < names.len() {
                        names[i] = <$t>::ALL[i].name();
                        i += 1;
                    }
                    names
                };
                impl serde::de::Visitor<'_> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        let names = crate::state::names_with_spellings(NAMES.iter().copied());
                        write!(f, "the name of a {}, one of: {}", $what, names)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<$t, E> {
                        let name = crate::state::canonical_name(v);
                        <$t>::ALL
                            .iter()
                            .copied()
                            .find(|x| x.name() == name)
                            .ok_or_else(|| E::unknown_variant(v, NAMES))
                    }
                }
                d.deserialize_str(V)
            }
        }
    };
}

pub(crate) use deserialize_by_name;
