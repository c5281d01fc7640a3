//! serde support (feature `serde`): `Serialize` for the arena collections, and deserialisation
//! *into* an arena through [`DeserializeIn`] and its seed [`InArena`].
//!
//! serde's `Deserialize` has no way to pass an arena down to the values it builds, so arena
//! types deserialize through their own trait, [`DeserializeIn`]: `T::deserialize_in(deserializer,
//! &arena)`. [`InArena`] wraps an arena reference as a [`DeserializeSeed`](::serde::de::DeserializeSeed), which is what a
//! format crate takes (`InArena::<T>::new(&bump).deserialize(&mut de)`), and what a visitor
//! hands to `next_element_seed` / `next_value_seed` to build nested arena values.
//!
//! # What implements it
//!
//! | type | how it is read |
//! |---|---|
//! | [`ArenaVec<'a, T, A>`](crate::ArenaVec), [`ArenaBox<'a, [T], A>`](crate::ArenaBox), `&'a [T]` | a sequence, elements read with [`DeserializeIn`] |
//! | [`ArenaString<'a, A>`](crate::ArenaString), [`ArenaBox<'a, str, A>`](crate::ArenaBox), `&'a str` | a string, copied into the arena (the input need not outlive the value) |
//! | [`ArenaBox<'a, T, A>`](crate::ArenaBox) | the boxed value |
//! | `bool`, integers, floats, `char`, `()`, `String` | as their `Deserialize` impl reads them |
//! | `Option<T>`, `Box<T>`, `Vec<T>`, `[T; N]`, tuples up to 6 | as serde reads them, with `T: DeserializeIn` |
//! | [`Owned<T>`] for any `T: DeserializeOwned` | as `T`'s `Deserialize` impl reads it |
//!
//! There is no blanket impl for every `T: Deserialize`: it would overlap with the impls for
//! `Option<T>`, tuples and arrays holding arena values. Wrap any other owned type (a
//! `HashMap<String, u32>`, a chrono date, ...) in [`Owned`].
//!
//! Everything is copied into the arena: no value borrows the deserializer's input, so the
//! input can be dropped as soon as deserialisation returns. `&'a str` and `&'a [T]` are
//! frozen arena memory like [`ArenaVec::into_arena_slice`](crate::ArenaVec::into_arena_slice):
//! the elements of a `&'a [T]` are never dropped.
//!
//! # Errors and drops
//!
//! An allocation failure inside deserialisation is returned as the deserializer's error
//! (`D::Error::custom`, with a message starting `bumpkit:`), never a panic. When the input is
//! malformed halfway through, every value already built is dropped exactly once as the error
//! unwinds through the collections holding it.
//!
//! # Examples
//!
//! Deserializing nested arena collections with `serde_json`:
//!
//! ```
//! use bumpkit::serde::InArena;
//! use bumpkit::{ArenaString, ArenaVec, Bump};
//! use serde::de::DeserializeSeed;
//!
//! let bump = Bump::new();
//! let mut de = serde_json::Deserializer::from_str(r#"[["a", "b"], [], ["c"]]"#);
//! let groups = InArena::<ArenaVec<ArenaVec<ArenaString>>>::new(&bump).deserialize(&mut de)?;
//! assert_eq!(groups.len(), 3);
//! assert_eq!(groups[0], ["a", "b"]);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! A user's own arena type implements [`DeserializeIn`] with a visitor; [`seq_in`], [`map_in`]
//! and [`str_in`] do the arena work:
//!
//! ```
//! use std::fmt;
//!
//! use bumpkit::serde::{DeserializeIn, map_in, seq_in, str_in};
//! use bumpkit::{ArenaVec, Bump};
//! use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
//!
//! #[derive(Debug, PartialEq)]
//! enum Json<'a> {
//!     Null,
//!     Bool(bool),
//!     Num(f64),
//!     Str(&'a str),
//!     List(ArenaVec<'a, Json<'a>>),
//!     Object(ArenaVec<'a, (&'a str, Json<'a>)>),
//! }
//!
//! impl<'a> DeserializeIn<'a> for Json<'a> {
//!     fn deserialize_in<'de, D: Deserializer<'de>>(d: D, bump: &'a Bump) -> Result<Self, D::Error> {
//!         d.deserialize_any(JsonVisitor(bump))
//!     }
//! }
//!
//! struct JsonVisitor<'a>(&'a Bump);
//!
//! impl<'de, 'a> Visitor<'de> for JsonVisitor<'a> {
//!     type Value = Json<'a>;
//!     fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
//!         f.write_str("a JSON value")
//!     }
//!     fn visit_unit<E>(self) -> Result<Json<'a>, E> { Ok(Json::Null) }
//!     fn visit_bool<E>(self, b: bool) -> Result<Json<'a>, E> { Ok(Json::Bool(b)) }
//!     fn visit_i64<E>(self, n: i64) -> Result<Json<'a>, E> { Ok(Json::Num(n as f64)) }
//!     fn visit_u64<E>(self, n: u64) -> Result<Json<'a>, E> { Ok(Json::Num(n as f64)) }
//!     fn visit_f64<E>(self, n: f64) -> Result<Json<'a>, E> { Ok(Json::Num(n)) }
//!     fn visit_str<E: de::Error>(self, s: &str) -> Result<Json<'a>, E> {
//!         str_in(s, self.0).map(Json::Str)
//!     }
//!     fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<Json<'a>, S::Error> {
//!         seq_in(seq, self.0).map(Json::List)
//!     }
//!     fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Json<'a>, M::Error> {
//!         map_in(map, self.0).map(Json::Object)
//!     }
//! }
//!
//! let bump = Bump::new();
//! let text = String::from(r#"{"name": "arena", "tags": [1, true, null]}"#);
//! let json = Json::deserialize_in(&mut serde_json::Deserializer::from_str(&text), &bump)?;
//! drop(text); // nothing borrows the input
//! let Json::Object(fields) = &json else { panic!() };
//! assert_eq!(fields[0], ("name", Json::Str("arena")));
//! assert!(matches!(&fields[1].1, Json::List(items) if items.len() == 3));
//! # Ok::<(), serde_json::Error>(())
//! ```

mod de;
mod de_arena;
mod keyed;
mod ser;

pub use self::de::{DeserializeIn, InArena, Owned, map_in, seq_in, str_in};
