//! `serde::Serialize` for the arena collections: each serializes as its contents do (a
//! sequence, a string, or the boxed value).

use serde::{Serialize, Serializer};

use crate::arena::Arena;
use crate::collections::{ArenaBox, ArenaString, ArenaVec};

/// Serializes as the boxed value does (feature `serde`).
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<T: ?Sized + Serialize, A: Arena> Serialize for ArenaBox<'_, T, A> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}

/// Serializes as a sequence, like a slice (feature `serde`).
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<T: Serialize, A: Arena> Serialize for ArenaVec<'_, T, A> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_slice().serialize(serializer)
    }
}

/// Serializes as a string, like a `str` (feature `serde`).
#[cfg_attr(docsrs, doc(cfg(feature = "serde")))]
impl<A: Arena> Serialize for ArenaString<'_, A> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}
