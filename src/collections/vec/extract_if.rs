//! `ArenaVec::extract_if` and its iterator, `ExtractIf`.

use core::fmt;
use core::iter::FusedIterator;
use core::ops::{Range, RangeBounds};
use core::ptr;

use super::ArenaVec;
use super::bulk::checked_range;
use crate::arena::Arena;
use crate::raw::bump::Bump;

/// An iterator that removes and yields the elements of a range of an [`ArenaVec`] for which
/// a predicate returns `true`; made by [`ArenaVec::extract_if`].
///
/// The elements it does not reach (because it is dropped early) stay in the vector, in
/// order, as with std's [`ExtractIf`](alloc::vec::ExtractIf).
///
/// # Examples
///
/// ```
/// use bumpkit::{arena_vec, Bump};
///
/// let bump = Bump::new();
/// let mut v = arena_vec![in &bump; 1, 2, 3, 4, 5, 6];
/// let mut evens = v.extract_if(.., |x| *x % 2 == 0);
/// assert_eq!(evens.next(), Some(2));
/// drop(evens);
/// assert_eq!(v, [1, 3, 4, 5, 6]);
/// ```
#[must_use = "iterators are lazy and do nothing unless consumed"]
pub struct ExtractIf<'v, 'a, T, F, A: Arena = Bump> {
    // Invariants:
    // - [holes] `vec.len` is 0 while the iterator lives (the vector claims nothing), and
    //   `deleted <= next <= end <= old_len <= capacity`; slots `..next - deleted` hold the
    //   kept values, `next - deleted..next` are holes (yielded), `next..old_len` hold the
    //   values not yet visited. Dropping the iterator closes the holes and sets the length.
    vec: &'v mut ArenaVec<'a, T, A>,
    next: usize,
    end: usize,
    deleted: usize,
    old_len: usize,
    pred: F,
}

impl<'a, T, A: Arena> ArenaVec<'a, T, A> {
    /// Returns an iterator that visits the elements in `range` front to back, removes those
    /// for which `filter` returns `true` and yields them.
    ///
    /// `filter` may change every element it visits, kept or not. Elements the iterator does
    /// not reach (it was dropped early) stay in the vector, in order, as do the elements
    /// outside `range`. If `filter` panics, the element it was given stays too and every
    /// element is still dropped exactly once. If the iterator is leaked, the vector may lose
    /// elements (they are leaked, not dropped twice).
    ///
    /// This is std's `Vec::extract_if`, with the range argument it has since Rust 1.87.
    ///
    /// # Panics
    ///
    /// Panics if the range is out of bounds or starts after it ends, with std's messages.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 2, 3, 4, 5, 6, 7, 8];
    /// let evens: ArenaVec<i32> = ArenaVec::from_iter_in(v.extract_if(2..6, |x| *x % 2 == 0), &bump);
    /// assert_eq!(evens, [4, 6]);
    /// assert_eq!(v, [1, 2, 3, 5, 7, 8]);
    /// ```
    #[track_caller]
    pub fn extract_if<F, R>(&mut self, range: R, filter: F) -> ExtractIf<'_, 'a, T, F, A>
    where
        F: FnMut(&mut T) -> bool,
        R: RangeBounds<usize>,
    {
        let old_len = self.len;
        let Range { start, end } = checked_range(range, old_len);
        // INVARIANT: [init] the vector claims nothing while holes may open up; [holes] the
        // iterator's drop restores the length.
        self.len = 0;
        ExtractIf {
            vec: self,
            next: start,
            end,
            deleted: 0,
            old_len,
            pred: filter,
        }
    }
}

impl<T, F, A: Arena> Iterator for ExtractIf<'_, '_, T, F, A>
where
    F: FnMut(&mut T) -> bool,
{
    type Item = T;

    fn next(&mut self) -> Option<T> {
        let base = self.vec.as_mut_ptr();
        while self.next < self.end {
            let i = self.next;
            // SAFETY: [holes] `i` is below `end`, so unvisited and initialised; `&mut self`
            // makes this the only reference to it.
            let current = unsafe { &mut *base.add(i) };
            let extract = (self.pred)(current);
            // INVARIANT: [holes] advanced only after the predicate returned, so that a panic
            // in it leaves the element among the unvisited ones, kept.
            self.next += 1;
            if extract {
                self.deleted += 1;
                // SAFETY: the slot was unvisited and initialised; it is now a hole, so the
                // value is read exactly once.
                return Some(unsafe { base.add(i).read() });
            }
            if self.deleted > 0 {
                // SAFETY: the slot at `i - deleted` is a hole and `i` holds a value, both in
                // the buffer; the value moves once.
                unsafe { ptr::copy_nonoverlapping(base.add(i), base.add(i - self.deleted), 1) };
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.end - self.next))
    }
}

impl<T, F, A: Arena> FusedIterator for ExtractIf<'_, '_, T, F, A> where F: FnMut(&mut T) -> bool {}

impl<T, F, A: Arena> Drop for ExtractIf<'_, '_, T, F, A> {
    fn drop(&mut self) {
        let base = self.vec.as_mut_ptr();
        if self.deleted > 0 && self.next < self.old_len {
            // SAFETY: [holes] slots `next..old_len` hold the unvisited values and the
            // `deleted` slots before them are holes; `ptr::copy` allows the overlap.
            unsafe {
                ptr::copy(
                    base.add(self.next),
                    base.add(self.next - self.deleted),
                    self.old_len - self.next,
                );
            };
        }
        // SAFETY: [holes] the kept and the unvisited values are now the first
        // `old_len - deleted` slots, and `old_len <= capacity`.
        unsafe { self.vec.set_len(self.old_len - self.deleted) };
    }
}

impl<T: fmt::Debug, F, A: Arena> fmt::Debug for ExtractIf<'_, '_, T, F, A> {
    /// Shows the next element the predicate will see, if any.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // SAFETY: [holes] a slot below `end` and at or past `next` is unvisited and
        // initialised; `&self` keeps it from changing.
        let peek = (self.next < self.end).then(|| unsafe { &*self.vec.as_ptr().add(self.next) });
        f.debug_struct("ExtractIf")
            .field("peek", &peek)
            .finish_non_exhaustive()
    }
}
