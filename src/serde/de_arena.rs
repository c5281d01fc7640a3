//! `DeserializeIn` for the arena collections and for arena borrows (`&'a str`, `&'a [T]`).

use core::fmt;
use core::marker::PhantomData;
use core::str;

use serde::de::{self, Deserializer, SeqAccess, Unexpected, Visitor};

use super::de::{DeserializeIn, seq_in, str_in};
use crate::arena::Arena;
use crate::collections::{ArenaBox, ArenaString, ArenaVec};

/// A sequence, each element read with [`DeserializeIn`] (feature `serde`).
impl<'a, T: DeserializeIn<'a, A>, A: Arena> DeserializeIn<'a, A> for ArenaVec<'a, T, A> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        deserializer: D,
        arena: &'a A,
    ) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(SeqVisitor(arena, PhantomData))
    }
}

/// A sequence frozen into arena memory, as [`ArenaVec::into_arena_slice`] does: its elements
/// are never dropped (feature `serde`).
impl<'a, T: DeserializeIn<'a, A>, A: Arena> DeserializeIn<'a, A> for &'a [T] {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        deserializer: D,
        arena: &'a A,
    ) -> Result<Self, D::Error> {
        ArenaVec::deserialize_in(deserializer, arena).map(|v| &*v.into_arena_slice())
    }
}

/// A sequence as a boxed slice, which drops its elements (feature `serde`).
impl<'a, T: DeserializeIn<'a, A> + 'a, A: Arena> DeserializeIn<'a, A> for ArenaBox<'a, [T], A> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        deserializer: D,
        arena: &'a A,
    ) -> Result<Self, D::Error> {
        ArenaVec::deserialize_in(deserializer, arena).map(ArenaBox::from)
    }
}

/// The boxed value, read with [`DeserializeIn`] and moved into the arena (feature `serde`).
impl<'a, T: DeserializeIn<'a, A> + 'a, A: Arena> DeserializeIn<'a, A> for ArenaBox<'a, T, A> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        deserializer: D,
        arena: &'a A,
    ) -> Result<Self, D::Error> {
        let value = T::deserialize_in(deserializer, arena)?;
        ArenaBox::try_new_in(value, arena).map_err(de::Error::custom)
    }
}

/// A string (or UTF-8 bytes) copied into the arena (feature `serde`).
impl<'a, A: Arena> DeserializeIn<'a, A> for ArenaString<'a, A> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        deserializer: D,
        arena: &'a A,
    ) -> Result<Self, D::Error> {
        deserializer.deserialize_string(StringVisitor(arena))
    }
}

/// A string (or UTF-8 bytes) copied into the arena as a boxed `str` (feature `serde`).
impl<'a, A: Arena> DeserializeIn<'a, A> for ArenaBox<'a, str, A> {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        deserializer: D,
        arena: &'a A,
    ) -> Result<Self, D::Error> {
        ArenaString::deserialize_in(deserializer, arena).map(ArenaBox::from)
    }
}

/// A string (or UTF-8 bytes) copied into the arena, borrowed for the arena's lifetime; the
/// input need not outlive it (feature `serde`).
impl<'a, A: Arena> DeserializeIn<'a, A> for &'a str {
    fn deserialize_in<'de, D: Deserializer<'de>>(
        deserializer: D,
        arena: &'a A,
    ) -> Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor(arena))
    }
}

/// Reads a sequence into an `ArenaVec`.
struct SeqVisitor<'a, T, A: Arena>(&'a A, PhantomData<fn() -> T>);

impl<'de, 'a, T: DeserializeIn<'a, A>, A: Arena> Visitor<'de> for SeqVisitor<'a, T, A> {
    type Value = ArenaVec<'a, T, A>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    #[inline]
    fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<Self::Value, S::Error> {
        seq_in(seq, self.0)
    }
}

/// Reads a string into an `ArenaString`.
struct StringVisitor<'a, A: Arena>(&'a A);

impl<'a, A: Arena> Visitor<'_> for StringVisitor<'a, A> {
    type Value = ArenaString<'a, A>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        ArenaString::try_from_str_in(s, self.0).map_err(E::custom)
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Self::Value, E> {
        match str::from_utf8(bytes) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::invalid_value(Unexpected::Bytes(bytes), &self)),
        }
    }
}

/// Reads a string into a `&'a str` in the arena.
struct StrVisitor<'a, A: Arena>(&'a A);

impl<'a, A: Arena> Visitor<'_> for StrVisitor<'a, A> {
    type Value = &'a str;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    #[inline]
    fn visit_str<E: de::Error>(self, s: &str) -> Result<&'a str, E> {
        str_in(s, self.0)
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<&'a str, E> {
        match str::from_utf8(bytes) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::invalid_value(Unexpected::Bytes(bytes), &self)),
        }
    }
}
