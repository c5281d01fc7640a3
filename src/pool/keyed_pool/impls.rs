//! The trait impls of `KeyedPool` and `Key`.

use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::mem;
use core::ops::{Index, IndexMut};

use super::{Key, KeyedPool, stale_key};

impl<T> Drop for KeyedPool<T> {
    fn drop(&mut self) {
        if mem::needs_drop::<T>() {
            self.drop_from(0);
        }
    }
}

impl<T> Index<Key<T>> for KeyedPool<T> {
    type Output = T;

    /// Returns the value of `key`.
    ///
    /// # Panics
    ///
    /// Panics if `key` is stale (and in debug builds if it was made by another pool).
    #[inline]
    #[track_caller]
    fn index(&self, key: Key<T>) -> &T {
        match self.get(key) {
            Some(value) => value,
            None => stale_key(key),
        }
    }
}

impl<T> IndexMut<Key<T>> for KeyedPool<T> {
    /// Returns the value of `key`.
    ///
    /// # Panics
    ///
    /// Panics if `key` is stale (and in debug builds if it was made by another pool).
    #[inline]
    #[track_caller]
    fn index_mut(&mut self, key: Key<T>) -> &mut T {
        match self.get_mut(key) {
            Some(value) => value,
            None => stale_key(key),
        }
    }
}

impl<T> Default for KeyedPool<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: fmt::Debug> fmt::Debug for KeyedPool<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

// SAFETY: the pool owns its values and chunks (in `bump`, which is `Send`), and the raw slot
// pointers point into those chunks, so moving it to another thread moves the values: `T:
// Send` is asked.
unsafe impl<T: Send> Send for KeyedPool<T> {}

// SAFETY: through `&KeyedPool` only `&T` is reachable (`get`, `iter`, `Index`...); nothing
// taking `&self` touches `bump` (which is `!Sync`) or writes any field, so sharing the pool
// is as safe as sharing `&T`.
unsafe impl<T: Sync> Sync for KeyedPool<T> {}

impl<T> Clone for Key<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Key<T> {}

impl<T> PartialEq for Key<T> {
    fn eq(&self, other: &Self) -> bool {
        (self.index, self.generation) == (other.index, other.generation)
    }
}

impl<T> Eq for Key<T> {}

impl<T> PartialOrd for Key<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Key<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.index, self.generation).cmp(&(other.index, other.generation))
    }
}

impl<T> Hash for Key<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (u64::from(self.index) | u64::from(self.generation.get()) << 32).hash(state);
    }
}

impl<T> fmt::Debug for Key<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({}v{})", self.index, self.generation)
    }
}
