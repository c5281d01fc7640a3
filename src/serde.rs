//! `serde::Serialize` for the arena collections: each serializes as its contents do.

use serde::{Serialize, Serializer};

use crate::arena::Arena;
use crate::collections::ArenaBox;

impl<T: ?Sized + Serialize, A: Arena> Serialize for ArenaBox<'_, T, A> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(serializer)
    }
}
