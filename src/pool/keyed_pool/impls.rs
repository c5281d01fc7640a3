//! The trait impls of `KeyedPool` and `Key`.

use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::mem::{self, ManuallyDrop};
use core::ops::{Index, IndexMut};

use super::{Key, KeyedPool, NONE, Payload, Slot, stale_key};
use crate::error::unwrap_alloc;

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

impl<T: Clone> Clone for KeyedPool<T> {
    /// Returns a copy with the same keys: every key of this pool reads the same value in
    /// the copy, stale keys stay stale, and both hand out the same keys to the same later
    /// inserts (the free slots and their order are copied too).
    ///
    /// # Panics
    ///
    /// Panics if the memory cannot be allocated, or if cloning a value panics (the values
    /// cloned so far are then dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let (a, b) = (pool.insert(String::from("a")), pool.insert(String::from("b")));
    /// pool.remove(a);
    /// let mut copy = pool.clone();
    /// assert_eq!((copy.get(a), copy[b].as_str()), (None, "b"));
    /// assert_eq!(copy.insert(String::from("c")), pool.insert(String::from("c")));
    /// ```
    fn clone(&self) -> Self {
        let mut copy = Self::new();
        copy.tag = self.tag;
        if self.used > 0 {
            unwrap_alloc(copy.add_block(self.used as usize));
        }
        // `copy.free` stays `NONE` until every slot is written, so a panicking `clone` of a
        // value leaves a pool that only drops the values copied so far (dropping never
        // walks the free list).
        for index in 0..self.used {
            // SAFETY: `index < self.used`.
            let slot = unsafe { self.slot(index) }.as_ptr();
            // SAFETY: [used] the generation of a slot below `used` is written.
            let generation = unsafe { (*slot).generation };
            let payload = if generation % 2 == 1 {
                // SAFETY: [occupied] an odd generation: the slot holds a value.
                let value = unsafe { &*(*slot).payload.value };
                Payload {
                    value: ManuallyDrop::new(value.clone()),
                }
            } else if generation != 0 && index != self.recent {
                // SAFETY: [free] a vacant slot on the list: its `next` is the field last
                // written.
                let next = unsafe { (*slot).payload.next };
                Payload { next }
            } else {
                // A retired slot, or the one at `recent`, whose `next` was never written
                // ([recent]) and is written before it is ever read.
                Payload { next: NONE }
            };
            // SAFETY: `index < slot_count` (grown above); the copy's slot was never written.
            unsafe {
                copy.chunks.slot(index).write(Slot {
                    generation,
                    payload,
                })
            };
            // SAFETY: `index == copy.used < slot_count` (grown above); the slot is written
            // just above.
            // INVARIANT: [count] [retired] the slot is copied with its state.
            unsafe { copy.use_fresh_slot() };
            if generation % 2 == 1 {
                copy.len += 1;
            } else if generation == 0 {
                copy.retired += 1;
            }
        }
        // INVARIANT: [free] [recent] the same vacant slots as this pool, in the same order.
        copy.free = self.free;
        copy.recent = self.recent;
        if copy.recent != NONE {
            // SAFETY: [recent] a slot below `used`, which the copy has too.
            copy.recent_slot = unsafe { copy.slot(copy.recent) };
        }
        copy
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

// SAFETY: the pool owns its values and chunks (global allocations, freeable on any thread),
// and the raw slot pointers point into those chunks, so moving it to another thread moves
// the values: `T: Send` is asked.
unsafe impl<T: Send> Send for KeyedPool<T> {}

// SAFETY: through `&KeyedPool` only `&T` is reachable (`get`, `iter`, `Index`...); nothing
// taking `&self` allocates or writes any field, so sharing the pool is as safe as sharing
// `&T`.
unsafe impl<T: Sync> Sync for KeyedPool<T> {}

impl<T> Clone for Key<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Key<T> {}

impl<T> PartialEq for Key<T> {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
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
        (self.index(), self.generation()).cmp(&(other.index(), other.generation()))
    }
}

impl<T> Hash for Key<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bits.get().hash(state);
    }
}

impl<T> fmt::Debug for Key<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({}v{})", self.index(), self.generation())
    }
}
