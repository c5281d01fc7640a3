//! The iterators of `KeyedPool`: by reference, by mutable reference, draining and owning, all
//! in slot order.

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;

use core::ptr::NonNull;

use super::{Key, KeyedPool, Slot, chunks};

/// Walks the occupied slots of a pool from `next` on, `remaining` of them.
struct Cursor {
    next: u32,
    remaining: u32,
}

impl Cursor {
    /// The key and slot of the next occupied slot.
    #[inline(always)]
    fn advance<T>(&mut self, pool: &KeyedPool<T>) -> Option<(Key<T>, NonNull<Slot<T>>)> {
        while self.remaining > 0 {
            let index = self.next;
            self.next += 1;
            debug_assert!(index < pool.used);
            // SAFETY: `remaining > 0` occupied slots lie at or after `index`, all below `used`
            // ([count]), so `index < used`.
            if let Some(found) = unsafe { pool.occupied(index) } {
                self.remaining -= 1;
                return Some(found);
            }
        }
        None
    }

    /// Feeds every remaining occupied slot to `f` in slot order, walking the slots of each
    /// chunk as a run (no chunk lookup per slot).
    #[inline]
    fn fold<T, B>(
        self,
        pool: &KeyedPool<T>,
        init: B,
        mut f: impl FnMut(B, Key<T>, NonNull<Slot<T>>) -> B,
    ) -> B {
        let mut acc = init;
        if self.remaining == 0 {
            return acc;
        }
        let shift = const { chunks::shift::<T>() };
        let end = pool.used as usize;
        let mut index = self.next as usize;
        while index < end {
            let run_end = (((index >> shift) + 1) << shift).min(end);
            // SAFETY: `index < used`.
            let first = unsafe { pool.slot(index as u32) };
            for offset in 0..run_end - index {
                // SAFETY: [chunks] slots `index..run_end` share a chunk, so they follow
                // `first` in memory; all are below `used`.
                let slot = unsafe { first.add(offset) };
                // SAFETY: [used] the generation of a slot below `used` is written.
                let generation = unsafe { (*slot.as_ptr()).generation };
                if generation % 2 == 1 {
                    acc = f(acc, Key::new((index + offset) as u32, generation), slot);
                }
            }
            index = run_end;
        }
        acc
    }
}

/// An iterator over the keys and values of a [`KeyedPool`], in slot order.
///
/// Made by [`KeyedPool::iter`].
///
/// # Examples
///
/// ```
/// use bumpkit::KeyedPool;
///
/// let mut pool = KeyedPool::new();
/// let a = pool.insert('a');
/// let mut iter = pool.iter();
/// assert_eq!(iter.next(), Some((a, &'a')));
/// assert_eq!(iter.next(), None);
/// ```
pub struct Iter<'p, T> {
    pool: &'p KeyedPool<T>,
    cursor: Cursor,
}

/// An iterator over the keys and mutable values of a [`KeyedPool`], in slot order.
///
/// Made by [`KeyedPool::iter_mut`].
///
/// # Examples
///
/// ```
/// use bumpkit::KeyedPool;
///
/// let mut pool = KeyedPool::new();
/// let a = pool.insert(1);
/// for (_key, value) in pool.iter_mut() {
///     *value += 1;
/// }
/// assert_eq!(pool[a], 2);
/// ```
pub struct IterMut<'p, T> {
    // Invariants:
    // - [unique] `pool` came from a `&'p mut KeyedPool<T>`; each value is handed out once.
    pool: &'p KeyedPool<T>,
    cursor: Cursor,
    _mut: PhantomData<&'p mut T>,
}

/// An iterator over the keys of a [`KeyedPool`], in slot order.
///
/// Made by [`KeyedPool::keys`].
///
/// # Examples
///
/// ```
/// use bumpkit::KeyedPool;
///
/// let mut pool = KeyedPool::new();
/// let a = pool.insert(1);
/// assert_eq!(pool.keys().collect::<Vec<_>>(), [a]);
/// ```
pub struct Keys<'p, T>(Iter<'p, T>);

/// An iterator over the values of a [`KeyedPool`], in slot order.
///
/// Made by [`KeyedPool::values`].
///
/// # Examples
///
/// ```
/// use bumpkit::KeyedPool;
///
/// let mut pool = KeyedPool::new();
/// pool.insert(1);
/// assert_eq!(pool.values().sum::<i32>(), 1);
/// ```
pub struct Values<'p, T>(Iter<'p, T>);

/// An iterator over the mutable values of a [`KeyedPool`], in slot order.
///
/// Made by [`KeyedPool::values_mut`].
///
/// # Examples
///
/// ```
/// use bumpkit::KeyedPool;
///
/// let mut pool = KeyedPool::new();
/// let a = pool.insert(1);
/// pool.values_mut().for_each(|v| *v = 5);
/// assert_eq!(pool[a], 5);
/// ```
pub struct ValuesMut<'p, T>(IterMut<'p, T>);

/// A draining iterator: removes the values of a [`KeyedPool`] in slot order and yields them
/// with their keys.
///
/// Made by [`KeyedPool::drain`]. Values it did not yield are dropped when it is dropped; if
/// it is leaked instead, they stay in the pool.
///
/// # Examples
///
/// ```
/// use bumpkit::KeyedPool;
///
/// let mut pool = KeyedPool::new();
/// let a = pool.insert(1);
/// assert_eq!(pool.drain().collect::<Vec<_>>(), [(a, 1)]);
/// assert!(pool.is_empty());
/// ```
pub struct Drain<'p, T> {
    pool: &'p mut KeyedPool<T>,
    next: u32,
}

/// An owning iterator over the keys and values of a [`KeyedPool`], in slot order.
///
/// Made by [`KeyedPool::into_iter`](IntoIterator::into_iter). Values it did not yield are
/// dropped with it.
///
/// # Examples
///
/// ```
/// use bumpkit::KeyedPool;
///
/// let mut pool = KeyedPool::new();
/// let a = pool.insert(String::from("a"));
/// let all: Vec<_> = pool.into_iter().collect();
/// assert_eq!(all, [(a, String::from("a"))]);
/// ```
pub struct IntoIter<T> {
    pool: KeyedPool<T>,
    next: u32,
}

impl<T> KeyedPool<T> {
    /// Returns an iterator over the keys and values, in slot order.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let (a, b) = (pool.insert(1), pool.insert(2));
    /// assert_eq!(pool.iter().collect::<Vec<_>>(), [(a, &1), (b, &2)]);
    /// ```
    #[must_use]
    pub fn iter(&self) -> Iter<'_, T> {
        Iter {
            pool: self,
            cursor: Cursor {
                next: 0,
                remaining: self.len,
            },
        }
    }

    /// Returns an iterator over the keys and mutable values, in slot order.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let a = pool.insert(1);
    /// let (key, value) = pool.iter_mut().next().unwrap();
    /// *value = 9;
    /// assert_eq!((key, pool[a]), (a, 9));
    /// ```
    #[must_use]
    pub fn iter_mut(&mut self) -> IterMut<'_, T> {
        let remaining = self.len;
        // INVARIANT: [unique] made from `&mut self`.
        IterMut {
            pool: self,
            cursor: Cursor { next: 0, remaining },
            _mut: PhantomData,
        }
    }

    /// Returns an iterator over the keys, in slot order.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let (a, b) = (pool.insert(1), pool.insert(2));
    /// pool.remove(a);
    /// assert_eq!(pool.keys().collect::<Vec<_>>(), [b]);
    /// ```
    #[must_use]
    pub fn keys(&self) -> Keys<'_, T> {
        Keys(self.iter())
    }

    /// Returns an iterator over the values, in slot order.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// pool.insert(3);
    /// pool.insert(4);
    /// assert_eq!(pool.values().collect::<Vec<_>>(), [&3, &4]);
    /// ```
    #[must_use]
    pub fn values(&self) -> Values<'_, T> {
        Values(self.iter())
    }

    /// Returns an iterator over the mutable values, in slot order.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let a = pool.insert(3);
    /// for v in pool.values_mut() {
    ///     *v *= 2;
    /// }
    /// assert_eq!(pool[a], 6);
    /// ```
    #[must_use]
    pub fn values_mut(&mut self) -> ValuesMut<'_, T> {
        ValuesMut(self.iter_mut())
    }

    /// Removes every value, in slot order, yielding each with its key.
    ///
    /// The keys go stale and the slots keep their generations, as with
    /// [`clear`](Self::clear).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let a = pool.insert(1);
    /// let b = pool.insert(2);
    /// let mut drain = pool.drain();
    /// assert_eq!(drain.next(), Some((a, 1)));
    /// drop(drain); // drops 2
    /// assert!(pool.is_empty() && pool.get(b).is_none());
    /// ```
    pub fn drain(&mut self) -> Drain<'_, T> {
        Drain {
            pool: self,
            next: 0,
        }
    }

    /// Removes the next value at or after slot `*next`, advancing `*next` past it.
    #[inline]
    fn take_next(&mut self, next: &mut u32) -> Option<(Key<T>, T)> {
        let mut cursor = Cursor {
            next: *next,
            remaining: self.len,
        };
        let (key, slot) = cursor.advance(self)?;
        *next = cursor.next;
        // SAFETY: `advance` found the occupied slot at `key.index()`.
        Some((key, unsafe { self.take(key.index(), slot) }))
    }
}

impl<'p, T> Iterator for Iter<'p, T> {
    type Item = (Key<T>, &'p T);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let (key, slot) = self.cursor.advance(self.pool)?;
        // SAFETY: [occupied] the slot holds a value; the pool is borrowed for `'p`.
        Some((key, unsafe { &(*slot.as_ptr()).payload.value }))
    }

    #[inline]
    fn fold<B, F: FnMut(B, Self::Item) -> B>(self, init: B, mut f: F) -> B {
        self.cursor.fold(self.pool, init, |acc, key, slot| {
            // SAFETY: [occupied] the slot holds a value; the pool is borrowed for `'p`.
            f(acc, (key, unsafe { &(*slot.as_ptr()).payload.value }))
        })
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.cursor.remaining as usize;
        (n, Some(n))
    }
}

impl<'p, T> Iterator for IterMut<'p, T> {
    type Item = (Key<T>, &'p mut T);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let (key, slot) = self.cursor.advance(self.pool)?;
        // SAFETY: [occupied] the slot holds a value; [unique] the pool is borrowed mutably
        // for `'p` and the cursor hands each slot out once.
        let value = unsafe { &mut *(&raw mut (*slot.as_ptr()).payload.value).cast::<T>() };
        Some((key, value))
    }

    #[inline]
    fn fold<B, F: FnMut(B, Self::Item) -> B>(self, init: B, mut f: F) -> B {
        self.cursor.fold(self.pool, init, |acc, key, slot| {
            // SAFETY: as in `next`: each slot is handed out once.
            let value = unsafe { &mut *(&raw mut (*slot.as_ptr()).payload.value).cast::<T>() };
            f(acc, (key, value))
        })
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.cursor.remaining as usize;
        (n, Some(n))
    }
}

impl<'p, T> Iterator for Keys<'p, T> {
    type Item = Key<T>;

    #[inline]
    fn next(&mut self) -> Option<Key<T>> {
        self.0.next().map(|(key, _)| key)
    }

    #[inline]
    fn fold<B, F: FnMut(B, Self::Item) -> B>(self, init: B, mut f: F) -> B {
        self.0.fold(init, |acc, (key, _)| f(acc, key))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<'p, T> Iterator for Values<'p, T> {
    type Item = &'p T;

    #[inline]
    fn next(&mut self) -> Option<&'p T> {
        self.0.next().map(|(_, value)| value)
    }

    #[inline]
    fn fold<B, F: FnMut(B, Self::Item) -> B>(self, init: B, mut f: F) -> B {
        self.0.fold(init, |acc, (_, value)| f(acc, value))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<'p, T> Iterator for ValuesMut<'p, T> {
    type Item = &'p mut T;

    #[inline]
    fn next(&mut self) -> Option<&'p mut T> {
        self.0.next().map(|(_, value)| value)
    }

    #[inline]
    fn fold<B, F: FnMut(B, Self::Item) -> B>(self, init: B, mut f: F) -> B {
        self.0.fold(init, |acc, (_, value)| f(acc, value))
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<T> Iterator for Drain<'_, T> {
    type Item = (Key<T>, T);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.pool.take_next(&mut self.next)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.pool.len(), Some(self.pool.len()))
    }
}

impl<T> Iterator for IntoIter<T> {
    type Item = (Key<T>, T);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        self.pool.take_next(&mut self.next)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.pool.len(), Some(self.pool.len()))
    }
}

impl<T> ExactSizeIterator for Iter<'_, T> {}
impl<T> ExactSizeIterator for IterMut<'_, T> {}
impl<T> ExactSizeIterator for Keys<'_, T> {}
impl<T> ExactSizeIterator for Values<'_, T> {}
impl<T> ExactSizeIterator for ValuesMut<'_, T> {}
impl<T> ExactSizeIterator for Drain<'_, T> {}
impl<T> ExactSizeIterator for IntoIter<T> {}
impl<T> FusedIterator for Iter<'_, T> {}
impl<T> FusedIterator for IterMut<'_, T> {}
impl<T> FusedIterator for Keys<'_, T> {}
impl<T> FusedIterator for Values<'_, T> {}
impl<T> FusedIterator for ValuesMut<'_, T> {}
impl<T> FusedIterator for Drain<'_, T> {}
impl<T> FusedIterator for IntoIter<T> {}

impl<T> Drop for Drain<'_, T> {
    fn drop(&mut self) {
        self.pool.drop_from(self.next);
    }
}

impl<'p, T> IntoIterator for &'p KeyedPool<T> {
    type Item = (Key<T>, &'p T);
    type IntoIter = Iter<'p, T>;

    fn into_iter(self) -> Iter<'p, T> {
        self.iter()
    }
}

impl<'p, T> IntoIterator for &'p mut KeyedPool<T> {
    type Item = (Key<T>, &'p mut T);
    type IntoIter = IterMut<'p, T>;

    fn into_iter(self) -> IterMut<'p, T> {
        self.iter_mut()
    }
}

impl<T> IntoIterator for KeyedPool<T> {
    type Item = (Key<T>, T);
    type IntoIter = IntoIter<T>;

    /// Returns an owning iterator over the keys and values, in slot order.
    fn into_iter(self) -> IntoIter<T> {
        IntoIter {
            pool: self,
            next: 0,
        }
    }
}

impl<T> Clone for Iter<'_, T> {
    fn clone(&self) -> Self {
        Self {
            pool: self.pool,
            cursor: Cursor {
                next: self.cursor.next,
                remaining: self.cursor.remaining,
            },
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Iter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.clone()).finish()
    }
}

impl<T> fmt::Debug for IterMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IterMut")
            .field("remaining", &self.cursor.remaining)
            .finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for Keys<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.clone().map(|(k, _)| k))
            .finish()
    }
}

impl<T: fmt::Debug> fmt::Debug for Values<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.clone().map(|(_, v)| v))
            .finish()
    }
}

impl<T> fmt::Debug for ValuesMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ValuesMut")
            .field("remaining", &self.0.cursor.remaining)
            .finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for Drain<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Drain")
            .field("remaining", &self.pool.len())
            .finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for IntoIter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntoIter")
            .field("remaining", &self.pool.len())
            .finish_non_exhaustive()
    }
}

// SAFETY: an `IterMut` is a `&mut KeyedPool<T>` in effect: it hands out `&mut T`, so it may
// go to another thread when `T: Send`, and be shared when `T: Sync` (through `&IterMut` only
// the count is reachable).
unsafe impl<T: Send> Send for IterMut<'_, T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for IterMut<'_, T> {}
