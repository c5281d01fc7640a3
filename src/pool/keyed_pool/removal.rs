//! Taking values out of a `KeyedPool`: `remove`, `clear`, `retain`, and the slot walks they
//! share with the iterators.

use core::mem::{self, ManuallyDrop};
use core::ptr::NonNull;

use super::{COUNT_MASK, Key, KeyedPool, NONE, Slot};

impl<T> KeyedPool<T> {
    /// Removes the value of `key` and returns it, or `None` if the key is stale.
    ///
    /// The slot is reused by a later insert, under a new generation.
    ///
    /// # Panics
    ///
    /// In debug builds, panics if `key` was made by another pool.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let old = pool.insert("old");
    /// assert_eq!(pool.remove(old), Some("old"));
    /// assert_eq!(pool.remove(old), None);
    /// let new = pool.insert("new");
    /// assert_ne!(old, new);
    /// assert_eq!(pool.get(old), None);
    /// ```
    #[inline]
    #[track_caller]
    pub fn remove(&mut self, key: Key<T>) -> Option<T> {
        let slot = self.find(key)?;
        // SAFETY: `find` found the occupied slot at `key.index()`.
        Some(unsafe { self.take(key.index(), slot) })
    }

    /// Moves the value out of a slot and makes the slot vacant (or retires it).
    ///
    /// # Safety
    ///
    /// - `slot` is the slot at `index < used`, and it is occupied.
    #[inline(always)]
    pub(super) unsafe fn take(&mut self, index: u32, slot: NonNull<Slot<T>>) -> T {
        let raw = slot.as_ptr();
        // SAFETY: [occupied] the caller vouches the slot holds a value; the generation
        // bumped below marks it moved out.
        let value = unsafe { ManuallyDrop::into_inner((&raw const (*raw).payload.value).read()) };
        // SAFETY: as above, the slot is in a chunk and written.
        let old = unsafe { (*raw).generation };
        if old & COUNT_MASK == COUNT_MASK {
            // The use count would wrap into the tag: generation 0 retires the slot instead.
            // SAFETY: as above; the value was moved out, so overwriting drops nothing.
            unsafe { (*raw).generation = 0 };
            // INVARIANT: [retired] the use count ran out: the slot is never reused.
            self.retired += 1;
        } else {
            // SAFETY: as above.
            unsafe { (*raw).generation = old + 1 };
            // SAFETY: an even, non-zero generation whose count is below `COUNT_MASK` (it was
            // odd and not `COUNT_MASK`): vacant and reusable.
            unsafe { self.push_vacant(index, slot) };
        }
        // INVARIANT: [count] one value fewer.
        self.len -= 1;
        value
    }

    /// Makes the vacant slot at `index` the first to be reused ([recent]), moving the one
    /// that waited there to the head of the free list.
    ///
    /// # Safety
    ///
    /// - `slot` is the slot at `index < used`; its generation is written, even and
    ///   non-zero, with a use count below `COUNT_MASK`, and it is on no list.
    #[inline(always)]
    pub(super) unsafe fn push_vacant(&mut self, index: u32, slot: NonNull<Slot<T>>) {
        if self.recent != NONE {
            // SAFETY: [recent] [free] the vacant slot at `recent`, in a chunk; `next` is a
            // `u32`, so writing it over whatever the slot held drops nothing.
            unsafe { (&raw mut (*self.recent_slot.as_ptr()).payload.next).write(self.free) };
            // INVARIANT: [free] the slot that waited moves to the head of the list.
            self.free = self.recent;
        }
        // INVARIANT: [free] [recent] the caller vouches the slot is vacant and reusable.
        self.recent = index;
        self.recent_slot = slot;
    }

    /// Removes every value from slot `start` on, dropping each; the keys go stale and the
    /// generations survive. Keeps going when a destructor panics.
    pub(super) fn drop_from(&mut self, start: u32) {
        /// Carries on from `next` when a destructor panicked.
        struct Rest<'p, T> {
            pool: &'p mut KeyedPool<T>,
            next: u32,
        }
        impl<T> Drop for Rest<'_, T> {
            fn drop(&mut self) {
                self.pool.drop_from(self.next);
            }
        }
        let mut rest = Rest {
            pool: self,
            next: start,
        };
        while rest.pool.len > 0 && rest.next < rest.pool.used {
            let index = rest.next;
            rest.next += 1;
            // SAFETY: `index < used`, checked by the loop.
            let slot = unsafe { rest.pool.slot(index) };
            // SAFETY: [used] the generation of a slot below `used` is written.
            if unsafe { (*slot.as_ptr()).generation } % 2 == 1 {
                // SAFETY: an odd generation: the slot at `index` is occupied.
                drop(unsafe { rest.pool.take(index, slot) });
            }
        }
        mem::forget(rest);
    }

    /// Removes and drops every value, keeping the memory; every key goes stale, and the
    /// slots keep their generations, so no old key ever reaches a new value.
    ///
    /// If a destructor panics, the other values are still dropped (a second panic aborts).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let old = pool.insert(1);
    /// pool.clear();
    /// let new = pool.insert(2);
    /// assert_eq!((pool.get(old), pool.get(new)), (None, Some(&2)));
    /// ```
    pub fn clear(&mut self) {
        self.drop_from(0);
    }

    /// Keeps only the values for which `f` returns `true`, visiting them in slot order.
    ///
    /// If `f` or a destructor panics, the values not yet visited stay, each value is either
    /// in the pool or dropped, and the pool stays valid.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let keys: Vec<_> = (0..6).map(|n| pool.insert(n)).collect();
    /// pool.retain(|_key, n| {
    ///     *n *= 10;
    ///     *n % 20 == 0
    /// });
    /// assert_eq!(pool.values().copied().collect::<Vec<_>>(), [0, 20, 40]);
    /// assert!(pool.get(keys[1]).is_none());
    /// ```
    pub fn retain(&mut self, mut f: impl FnMut(Key<T>, &mut T) -> bool) {
        let mut index = 0;
        while index < self.used {
            // SAFETY: `index < used`, checked by the loop.
            let slot = unsafe { self.slot(index) };
            // SAFETY: [used] the generation of a slot below `used` is written.
            let generation = unsafe { (*slot.as_ptr()).generation };
            if generation % 2 == 1 {
                // SAFETY: [occupied] an odd generation: the slot holds a value, borrowed
                // only for the call.
                let value = unsafe { &mut *(&raw mut (*slot.as_ptr()).payload.value).cast::<T>() };
                if !f(Key::new(index, generation), value) {
                    // SAFETY: the slot at `index` is occupied; `f` could not touch the pool.
                    drop(unsafe { self.take(index, slot) });
                }
            }
            index += 1;
        }
    }

    /// Returns the value of a slot's key, if it is occupied.
    ///
    /// # Safety
    ///
    /// - `index < self.used`.
    #[inline(always)]
    pub(super) unsafe fn occupied(&self, index: u32) -> Option<(Key<T>, NonNull<Slot<T>>)> {
        // SAFETY: the caller vouches `index < used`.
        let slot = unsafe { self.slot(index) };
        // SAFETY: [used] the generation of a slot below `used` is written.
        let generation = unsafe { (*slot.as_ptr()).generation };
        (generation % 2 == 1).then(|| (Key::new(index, generation), slot))
    }
}
