//! `Drain`: the iterator `ArenaVec::drain` returns.

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::ptr::{self, NonNull};
use core::slice;

use super::ArenaVec;
use crate::arena::Arena;
use crate::raw::bump::Bump;

/// An iterator that removes a range of elements from an [`ArenaVec`]; made by
/// [`ArenaVec::drain`].
///
/// Dropping it drops the elements it has not yielded (front to back) and moves the elements
/// after the range down to close the gap.
///
/// # Examples
///
/// ```
/// use bumpkit::{arena_vec, Bump};
///
/// let bump = Bump::new();
/// let mut v = arena_vec![in &bump; 1, 2, 3, 4];
/// let mut drain = v.drain(1..);
/// assert_eq!(drain.next_back(), Some(4));
/// assert_eq!(drain.as_slice(), [2, 3]);
/// drop(drain);
/// assert_eq!(v, [1]);
/// ```
pub struct Drain<'v, 'a, T, A: Arena = Bump> {
    // Invariants:
    // - [vec] `vec` comes from a `&'v mut ArenaVec` and is used only through this drain
    //   (`&mut self` for changes), so it stands for that unique borrow. A pointer rather than
    //   the reference makes the drain covariant in `T`, as std's is.
    // - [taken] `vec.len` was set to the range's start, so the vector claims only the values
    //   before the range.
    // - [rest] `next <= end <= tail_start` and `vec.len <= tail_start`; slots `next..end`
    //   hold values the drain owns (and `vec.len <= next` while there are any); slots
    //   `tail_start..tail_start + tail_len` hold the values after the range, which go back
    //   to the vector when the drain is dropped; the other slots from `vec.len` to
    //   `tail_start` hold nothing. (A `Splice` fills those free slots, raising `vec.len`,
    //   once the range is empty.)
    vec: NonNull<ArenaVec<'a, T, A>>,
    pub(super) next: usize,
    pub(super) end: usize,
    pub(super) tail_start: usize,
    pub(super) tail_len: usize,
    _borrow: PhantomData<&'v ArenaVec<'a, T, A>>,
}

impl<'v, 'a, T, A: Arena> Drain<'v, 'a, T, A> {
    /// Takes `start..end` out of `vec`; the caller checked `start <= end <= vec.len()`.
    pub(super) fn new(vec: &'v mut ArenaVec<'a, T, A>, start: usize, end: usize) -> Self {
        debug_assert!(start <= end && end <= vec.len());
        let tail_len = vec.len() - end;
        // SAFETY: `start <= len`, and the values from `start` on are now the drain's
        // ([taken]), so the vector's [init] still holds for its shorter length.
        unsafe { vec.set_len(start) };
        // INVARIANT: [vec] made from the unique borrow, which the drain keeps for `'v`;
        // [rest] the range and the tail hold the vector's old values.
        Self {
            vec: NonNull::from(vec),
            next: start,
            end,
            tail_start: end,
            tail_len,
            _borrow: PhantomData,
        }
    }

    /// Returns the vector.
    #[inline(always)]
    pub(super) fn vec(&self) -> &ArenaVec<'a, T, A> {
        // SAFETY: [vec] the pointer stands for a live unique borrow held by the drain, and
        // `&self` allows only shared use of it here.
        unsafe { self.vec.as_ref() }
    }

    /// Returns the vector, mutably.
    #[inline(always)]
    pub(super) fn vec_mut(&mut self) -> &mut ArenaVec<'a, T, A> {
        // SAFETY: [vec] the pointer stands for a live unique borrow held by the drain, and
        // `&mut self` makes this the only use of it.
        unsafe { self.vec.as_mut() }
    }

    /// Returns the elements not yet yielded.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 'a', 'b', 'c'];
    /// let mut drain = v.drain(..2);
    /// drain.next();
    /// assert_eq!(drain.as_slice(), ['b']);
    /// ```
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: [rest] slots `next..end` are initialised and inside the buffer.
        unsafe { slice::from_raw_parts(self.vec().as_ptr().add(self.next), self.len()) }
    }
}

impl<T, A: Arena> Iterator for Drain<'_, '_, T, A> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        if self.next == self.end {
            return None;
        }
        // SAFETY: [rest] `next < end`: an owned value, read once as the drain gives it up.
        let value = unsafe { self.vec().as_ptr().add(self.next).read() };
        // INVARIANT: [rest] the slot was moved out.
        self.next += 1;
        Some(value)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.end - self.next;
        (len, Some(len))
    }
}

impl<T, A: Arena> DoubleEndedIterator for Drain<'_, '_, T, A> {
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        if self.next == self.end {
            return None;
        }
        // INVARIANT: [rest] the last slot of the range leaves the drain.
        self.end -= 1;
        // SAFETY: the slot was owned by the drain ([rest]) and is read exactly once.
        Some(unsafe { self.vec().as_ptr().add(self.end).read() })
    }
}

impl<T, A: Arena> ExactSizeIterator for Drain<'_, '_, T, A> {}

impl<T, A: Arena> FusedIterator for Drain<'_, '_, T, A> {}

impl<T, A: Arena> Drop for Drain<'_, '_, T, A> {
    fn drop(&mut self) {
        /// Moves the tail down and gives it back to the vector, also when a destructor of
        /// the unyielded values panics.
        struct CloseGap<'d, 'v, 'a, T, A: Arena>(&'d mut Drain<'v, 'a, T, A>);

        impl<T, A: Arena> Drop for CloseGap<'_, '_, '_, T, A> {
            fn drop(&mut self) {
                let drain = &mut *self.0;
                let tail_start = drain.tail_start;
                let tail_len = drain.tail_len;
                let vec = drain.vec_mut();
                let start = vec.len();
                let base = vec.as_mut_ptr();
                if tail_start != start {
                    // SAFETY: [rest] the tail is initialised at `tail_start`; slots from
                    // `start` on are free (moved out or dropped); both lie in the buffer,
                    // and `ptr::copy` allows the overlap.
                    unsafe {
                        ptr::copy(base.add(tail_start), base.add(start), tail_len);
                    };
                }
                // SAFETY: [taken] the first `start` values are the vector's, and the tail
                // now follows them, so `start + tail_len` slots are initialised.
                unsafe { vec.set_len(start + tail_len) };
            }
        }

        let guard = CloseGap(self);
        let drain = &mut *guard.0;
        // SAFETY: [rest] slots `next..end` are initialised and owned by the drain.
        let rest = unsafe {
            let len = drain.len();
            ptr::slice_from_raw_parts_mut(drain.vec_mut().as_mut_ptr().add(drain.next), len)
        };
        // INVARIANT: [rest] the drain gives the values up before dropping them.
        drain.next = drain.end;
        // SAFETY: the values are dropped exactly once, front to back, continuing past a
        // panic; `guard` then restores the vector.
        unsafe { ptr::drop_in_place(rest) };
    }
}

impl<T, A: Arena> AsRef<[T]> for Drain<'_, '_, T, A> {
    /// Returns the elements not yet yielded, as [`Drain::as_slice`] does.
    fn as_ref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: fmt::Debug, A: Arena> fmt::Debug for Drain<'_, '_, T, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Drain").field(&self.as_slice()).finish()
    }
}

// SAFETY: the drain stands for `&mut ArenaVec` ([vec]), which is `Send` exactly when the
// vector is: it moves or drops `T` values (`T: Send`) and reaches the arena through `&A`
// (`A: Sync`).
unsafe impl<T: Send, A: Arena + Sync> Send for Drain<'_, '_, T, A> {}

// SAFETY: `&Drain` gives out only `&[T]` (needs `T: Sync`) and holds a pointer standing for
// `&mut ArenaVec`, which is `Sync` when the vector is (`T: Sync`, `A: Sync`).
unsafe impl<T: Sync, A: Arena + Sync> Sync for Drain<'_, '_, T, A> {}
