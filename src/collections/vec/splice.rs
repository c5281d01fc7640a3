//! `ArenaVec::splice` and its iterator, `Splice`.

use core::fmt;
use core::iter::FusedIterator;
use core::ops::{Range, RangeBounds};
use core::ptr;
use core::slice;

use super::bulk::checked_range;
use super::{ArenaVec, Drain};
use crate::arena::Arena;
use crate::error::unwrap_alloc;
use crate::raw::bump::Bump;

/// An iterator that replaces a range of an [`ArenaVec`] with the items of another iterator
/// and yields the elements it removes; made by [`ArenaVec::splice`].
///
/// Dropping it drops the removed elements it has not yielded (front to back), then inserts
/// all the replacement items, as std's [`Splice`](alloc::vec::Splice) does.
///
/// # Examples
///
/// ```
/// use bumpkit::{arena_vec, Bump};
///
/// let bump = Bump::new();
/// let mut v = arena_vec![in &bump; 1, 2, 3];
/// let mut splice = v.splice(1..2, [7, 8]);
/// assert_eq!(splice.next(), Some(2));
/// assert_eq!(splice.next(), None);
/// drop(splice);
/// assert_eq!(v, [1, 7, 8, 3]);
/// ```
pub struct Splice<'v, 'a, I: Iterator, A: Arena = Bump> {
    drain: Drain<'v, 'a, I::Item, A>,
    replace_with: I,
}

impl<'a, T, A: Arena> ArenaVec<'a, T, A> {
    /// Replaces the elements in `range` with the items of `replace_with` and returns the
    /// removed elements as an iterator.
    ///
    /// The replacement happens when the iterator is dropped, whether or not it was used up;
    /// the removed elements it did not yield are dropped first, front to back. The range and
    /// `replace_with` need not have the same length. As with std, the elements after the
    /// range move once when `replace_with`'s lower size hint is exact (a slice or array
    /// iterator); items past that hint are written after the tail (growing the buffer in
    /// place when it is the arena's newest block) and rotated in front of it, so no
    /// temporary vector is allocated.
    ///
    /// If the iterator is leaked, the vector may lose elements (they are leaked, not dropped
    /// twice). If `replace_with` or a destructor panics, every element is still dropped
    /// exactly once: the items inserted so far stay, and the tail closes up behind them.
    ///
    /// # Panics
    ///
    /// Panics if the range is out of bounds or starts after it ends (with std's messages), or
    /// when the `Splice` is dropped, if the new capacity overflows `isize::MAX` bytes or the
    /// arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 2, 3, 4];
    /// let removed: Vec<i32> = v.splice(1..3, [10, 20, 30]).collect();
    /// assert_eq!(removed, [2, 3]);
    /// assert_eq!(v, [1, 10, 20, 30, 4]);
    /// v.splice(..2, []);
    /// assert_eq!(v, [20, 30, 4]);
    /// ```
    #[track_caller]
    pub fn splice<R, I>(&mut self, range: R, replace_with: I) -> Splice<'_, 'a, I::IntoIter, A>
    where
        R: RangeBounds<usize>,
        I: IntoIterator<Item = T>,
    {
        let Range { start, end } = checked_range(range, self.len);
        Splice {
            drain: Drain::new(self, start, end),
            replace_with: replace_with.into_iter(),
        }
    }
}

impl<'a, T, A: Arena> Drain<'_, 'a, T, A> {
    /// Marks the range as used up once its values are gone: the free slots then run from
    /// `vec.len` to `tail_start`.
    fn empty_range(&mut self) {
        debug_assert!(self.next == self.end);
        // INVARIANT: [rest] the range holds nothing, so it may sit anywhere up to the tail.
        self.next = self.tail_start;
        self.end = self.tail_start;
    }

    /// Writes items of `iter` into the free slots before the tail; returns whether they
    /// were all filled (`false`: `iter` ended first).
    fn fill(&mut self, iter: &mut impl Iterator<Item = T>) -> bool {
        let tail_start = self.tail_start;
        let vec = self.vec_mut();
        while vec.len < tail_start {
            let Some(item) = iter.next() else {
                return false;
            };
            // SAFETY: [rest] the slot at `vec.len < tail_start` is free and inside the buffer.
            unsafe { vec.as_mut_ptr().add(vec.len).write(item) };
            // INVARIANT: [init] the slot was just written; [rest] `vec.len <= tail_start`.
            vec.len += 1;
        }
        true
    }

    /// Moves the tail `additional` slots to the right, growing the buffer if needed.
    #[track_caller]
    fn move_tail(&mut self, additional: usize) {
        let (tail_start, tail_len) = (self.tail_start, self.tail_len);
        let vec = self.vec_mut();
        // The buffer's used part ends with the tail; the grow copies all of it.
        unwrap_alloc(vec.buf.try_reserve(tail_start + tail_len, additional));
        let base = vec.as_mut_ptr();
        // SAFETY: [rest] the tail is initialised at `tail_start`; the reservation makes room
        // for it at `tail_start + additional`; `ptr::copy` allows the overlap.
        unsafe {
            ptr::copy(
                base.add(tail_start),
                base.add(tail_start + additional),
                tail_len,
            )
        };
        // INVARIANT: [rest] the tail moved right; the slots it left are free.
        self.tail_start = tail_start + additional;
        self.empty_range();
    }
}

impl<T, A: Arena> Drain<'_, '_, T, A> {
    /// Inserts all the items of `iter` before the tail, once the free slots are filled
    /// (`vec.len == tail_start`): writes them after the tail, then rotates them in front of
    /// it. Unlike std, which collects them into a temporary vector first, this allocates
    /// nothing besides the vector's own growth.
    ///
    /// If `iter` panics (or the arena cannot grow), the items written after the tail are
    /// dropped, front to back, as std drops its partly collected vector.
    #[track_caller]
    fn insert_rest(&mut self, iter: &mut impl Iterator<Item = T>) {
        /// The items written after the tail so far; dropped if the loop unwinds.
        struct Written<'d, 'v, 'a, T, A: Arena> {
            drain: &'d mut Drain<'v, 'a, T, A>,
            count: usize,
        }

        impl<T, A: Arena> Drop for Written<'_, '_, '_, T, A> {
            fn drop(&mut self) {
                let tail_end = self.drain.tail_start + self.drain.tail_len;
                let count = self.count;
                // SAFETY: the `count` slots after the tail hold the items written there,
                // which nothing else owns; they are dropped once, and the drain's own drop
                // never looks past the tail.
                unsafe {
                    let base = self.drain.vec_mut().as_mut_ptr();
                    ptr::drop_in_place(ptr::slice_from_raw_parts_mut(base.add(tail_end), count));
                }
            }
        }

        debug_assert!(self.vec().len == self.tail_start);
        let tail_end = self.tail_start + self.tail_len;
        let mut written = Written {
            drain: self,
            count: 0,
        };
        while let Some(item) = iter.next() {
            let used = tail_end + written.count;
            let additional = iter.size_hint().0.saturating_add(1);
            // The buffer's used part ends with the items written; the grow copies all of it.
            // On a panic, `item` and the written items are dropped, the tail is kept.
            unwrap_alloc(written.drain.vec_mut().buf.try_reserve(used, additional));
            // SAFETY: the reservation makes the slot at `used` free and inside the buffer.
            unsafe { written.drain.vec_mut().as_mut_ptr().add(used).write(item) };
            written.count += 1;
        }
        let count = written.count;
        core::mem::forget(written);
        let tail_start = self.tail_start;
        let tail_len = self.tail_len;
        let vec = self.vec_mut();
        // SAFETY: [rest] the tail and the `count` items after it are initialised, contiguous
        // slots of the buffer, reached only through the drain.
        let moved = unsafe {
            slice::from_raw_parts_mut(vec.as_mut_ptr().add(tail_start), tail_len + count)
        };
        moved.rotate_left(tail_len);
        // INVARIANT: [init] the items now follow the vector's values directly; [rest] the
        // tail follows them.
        vec.len += count;
        self.tail_start = tail_start + count;
        self.empty_range();
    }
}

impl<I: Iterator, A: Arena> Iterator for Splice<'_, '_, I, A> {
    type Item = I::Item;

    #[inline]
    fn next(&mut self) -> Option<I::Item> {
        self.drain.next()
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.drain.size_hint()
    }
}

impl<I: Iterator, A: Arena> DoubleEndedIterator for Splice<'_, '_, I, A> {
    #[inline]
    fn next_back(&mut self) -> Option<I::Item> {
        self.drain.next_back()
    }
}

impl<I: Iterator, A: Arena> ExactSizeIterator for Splice<'_, '_, I, A> {}

impl<I: Iterator, A: Arena> FusedIterator for Splice<'_, '_, I, A> {}

impl<I: Iterator, A: Arena> Drop for Splice<'_, '_, I, A> {
    #[track_caller]
    fn drop(&mut self) {
        // A panic anywhere below unwinds into the drain's own drop, which drops what is left
        // of the range and closes the gap behind the items written so far.
        self.drain.by_ref().for_each(drop);
        self.drain.empty_range();
        if self.drain.tail_len == 0 {
            let vec = self.drain.vec_mut();
            vec.extend(self.replace_with.by_ref());
            // INVARIANT: [rest] the vector grew past the old range; the (empty) tail and
            // range follow it.
            let len = vec.len;
            self.drain.tail_start = len;
            self.drain.empty_range();
            return;
        }
        if !self.drain.fill(&mut self.replace_with) {
            return;
        }
        // More items may follow: make room for the lower size hint first.
        let (lower_bound, _) = self.replace_with.size_hint();
        if lower_bound > 0 {
            self.drain.move_tail(lower_bound);
            if !self.drain.fill(&mut self.replace_with) {
                return;
            }
        }
        // The rest goes after the tail, where the buffer grows in place when it is the
        // arena's newest block, and is then rotated in front of the tail.
        self.drain.insert_rest(&mut self.replace_with);
    }
}

impl<I, A: Arena> fmt::Debug for Splice<'_, '_, I, A>
where
    I: Iterator + fmt::Debug,
    I::Item: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Splice")
            .field("drain", &self.drain)
            .field("replace_with", &self.replace_with)
            .finish()
    }
}
