//! `IntoIter`: the by-value iterator of an `ArenaVec`.

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::ptr;
use core::slice;

use super::ArenaVec;
use super::buf::RawBuf;
use crate::arena::Arena;
use crate::raw::bump::Bump;

/// An iterator that moves the elements out of an [`ArenaVec`], front to back (or back to
/// front).
///
/// It borrows the arena like the vector did. Dropping it drops the elements it has not
/// yielded, front to back, then gives the buffer back to the arena.
///
/// # Examples
///
/// ```
/// use bumpkit::{arena_vec, Bump};
///
/// let bump = Bump::new();
/// let v = arena_vec![in &bump; String::from("a"), String::from("b"), String::from("c")];
/// let mut iter = v.into_iter();
/// assert_eq!(iter.next().as_deref(), Some("a"));
/// assert_eq!(iter.next_back().as_deref(), Some("c"));
/// assert_eq!(iter.as_slice(), ["b"]);
/// ```
pub struct IntoIter<'a, T, A: Arena = Bump> {
    // Invariants:
    // - [rest] `next <= end <= buf.capacity()`; slots `next..end` of `buf` hold initialised
    //   values owned by the iterator; the other slots hold nothing it owns.
    buf: RawBuf<'a, T, A>,
    next: usize,
    end: usize,
    _owns: PhantomData<T>,
}

impl<'a, T, A: Arena> IntoIter<'a, T, A> {
    /// Returns the elements not yet yielded.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut iter = arena_vec![in &bump; 1, 2, 3].into_iter();
    /// iter.next();
    /// assert_eq!(iter.as_slice(), [2, 3]);
    /// ```
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: [rest] slots `next..end` are initialised and inside the buffer; `&self`
        // keeps them from changing.
        unsafe { slice::from_raw_parts(self.buf.ptr().as_ptr().add(self.next), self.len()) }
    }

    /// Returns the elements not yet yielded, mutably.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut iter = arena_vec![in &bump; 1, 2].into_iter();
    /// iter.as_mut_slice()[1] = 5;
    /// assert_eq!(iter.collect::<Vec<_>>(), [1, 5]);
    /// ```
    #[must_use]
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: as in `as_slice`, with `&mut self` making this the only access.
        unsafe { slice::from_raw_parts_mut(self.buf.ptr().as_ptr().add(self.next), self.len()) }
    }
}

impl<'a, T, A: Arena> IntoIterator for ArenaVec<'a, T, A> {
    type Item = T;
    type IntoIter = IntoIter<'a, T, A>;

    /// Moves the elements out, front to back.
    fn into_iter(self) -> IntoIter<'a, T, A> {
        let (buf, len) = self.into_buf();
        // INVARIANT: [rest] from the vector's [init]: slots `0..len` hold its values.
        IntoIter {
            buf,
            next: 0,
            end: len,
            _owns: PhantomData,
        }
    }
}

impl<T, A: Arena> Iterator for IntoIter<'_, T, A> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        if self.next == self.end {
            return None;
        }
        // SAFETY: [rest] `next < end`, so the slot holds an owned value, read once: the
        // iterator gives it up right below.
        let value = unsafe { self.buf.ptr().add(self.next).read() };
        // INVARIANT: [rest] the slot was moved out.
        self.next += 1;
        Some(value)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.end - self.next;
        (len, Some(len))
    }

    fn count(self) -> usize {
        self.len()
    }
}

impl<T, A: Arena> DoubleEndedIterator for IntoIter<'_, T, A> {
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        if self.next == self.end {
            return None;
        }
        // INVARIANT: [rest] the last slot leaves the iterator's ownership.
        self.end -= 1;
        // SAFETY: the slot at the old `end - 1` holds a value the iterator owned ([rest]),
        // read exactly once.
        Some(unsafe { self.buf.ptr().add(self.end).read() })
    }
}

impl<T, A: Arena> ExactSizeIterator for IntoIter<'_, T, A> {}

impl<T, A: Arena> FusedIterator for IntoIter<'_, T, A> {}

impl<T, A: Arena> Drop for IntoIter<'_, T, A> {
    fn drop(&mut self) {
        let rest = ptr::from_mut(self.as_mut_slice());
        // INVARIANT: [rest] the iterator gives up the values before they are dropped.
        self.next = self.end;
        // SAFETY: the values were owned by the iterator and are dropped exactly once, front
        // to back, continuing past a panic; the buffer is given back by `buf`'s drop.
        unsafe { ptr::drop_in_place(rest) };
    }
}

impl<T, A: Arena> AsRef<[T]> for IntoIter<'_, T, A> {
    /// Returns the elements not yet yielded, as [`IntoIter::as_slice`] does.
    fn as_ref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Clone, A: Arena> Clone for IntoIter<'_, T, A> {
    /// Clones the elements not yet yielded into a new buffer in the same arena (std clones
    /// into a new `Vec` likewise); if a `clone` panics, the clones made so far are dropped.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut iter = arena_vec![in &bump; 1, 2, 3].into_iter();
    /// iter.next();
    /// let copy = iter.clone();
    /// assert_eq!(copy.collect::<Vec<_>>(), [2, 3]);
    /// assert_eq!(iter.as_slice(), [2, 3]);
    /// ```
    #[track_caller]
    fn clone(&self) -> Self {
        ArenaVec::from_slice_in(self.as_slice(), self.buf.arena()).into_iter()
    }
}

impl<T: fmt::Debug, A: Arena> fmt::Debug for IntoIter<'_, T, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IntoIter").field(&self.as_slice()).finish()
    }
}

// SAFETY: the iterator owns `T` values (moving it moves them: `T: Send`) and holds `&'a A`,
// which is `Send` exactly when `A: Sync`. Its buffer is used only through `&mut self` or by
// value.
unsafe impl<T: Send, A: Arena + Sync> Send for IntoIter<'_, T, A> {}

// SAFETY: `&IntoIter` gives out only `&[T]` (needs `T: Sync`); `A: Sync` as for `Send`,
// since the iterator holds `&A`.
unsafe impl<T: Sync, A: Arena + Sync> Sync for IntoIter<'_, T, A> {}
