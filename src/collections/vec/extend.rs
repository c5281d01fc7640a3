//! Extending an `ArenaVec`: from a slice (cloned or copied), from a range of itself, and from
//! an iterator.

use core::mem::MaybeUninit;
use core::ops::{Range, RangeBounds};
use core::ptr;
use core::slice;

use super::ArenaVec;
use super::bulk::checked_range;
use crate::arena::Arena;
use crate::error::{AllocError, unwrap_alloc};

impl<'a, T, A: Arena> ArenaVec<'a, T, A> {
    /// Appends clones of the elements of `other`, in order.
    ///
    /// For `Copy` elements, [`extend_from_slice_copy`](Self::extend_from_slice_copy) is a
    /// single copy.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` bytes or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; String::from("a")];
    /// v.extend_from_slice(&[String::from("b")]);
    /// assert_eq!(v, ["a", "b"]);
    /// ```
    #[track_caller]
    pub fn extend_from_slice(&mut self, other: &[T])
    where
        T: Clone,
    {
        unwrap_alloc(self.try_extend_from_slice(other));
    }

    /// Appends clones of the elements of `other`, in order.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` bytes or the arena cannot
    /// allocate; the vector is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = ArenaVec::new_in(&bump);
    /// v.try_extend_from_slice(&[1, 2])?;
    /// assert_eq!(v, [1, 2]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_extend_from_slice(&mut self, other: &[T]) -> Result<(), AllocError>
    where
        T: Clone,
    {
        self.try_reserve(other.len())?;
        for value in other {
            // SAFETY: the reservation makes room for all of `other`.
            unsafe { self.push_unchecked(value.clone()) };
        }
        Ok(())
    }

    /// Appends clones of the elements in `src`, a range of this vector, in order.
    ///
    /// If a `clone` panics, the clones made so far stay in the vector (as with std) and every
    /// element is still dropped exactly once.
    ///
    /// # Panics
    ///
    /// Panics if the range is out of bounds or starts after it ends (with std's messages), or
    /// if the new capacity overflows `isize::MAX` bytes or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 'a', 'b', 'c'];
    /// v.extend_from_within(1..);
    /// assert_eq!(v, ['a', 'b', 'c', 'b', 'c']);
    /// v.extend_from_within(..=0);
    /// assert_eq!(v, ['a', 'b', 'c', 'b', 'c', 'a']);
    /// ```
    #[track_caller]
    pub fn extend_from_within<R: RangeBounds<usize>>(&mut self, src: R)
    where
        T: Clone,
    {
        unwrap_alloc(self.try_extend_from_within(src));
    }

    /// Appends clones of the elements in `src`, a range of this vector, in order.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` bytes or the arena cannot
    /// allocate; the vector is then unchanged.
    ///
    /// # Panics
    ///
    /// Panics if the range is out of bounds or starts after it ends, with std's messages.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; String::from("x"), String::from("y")];
    /// v.try_extend_from_within(..1)?;
    /// assert_eq!(v, ["x", "y", "x"]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[track_caller]
    pub fn try_extend_from_within<R: RangeBounds<usize>>(
        &mut self,
        src: R,
    ) -> Result<(), AllocError>
    where
        T: Clone,
    {
        let Range { start, end } = checked_range(src, self.len);
        let count = end - start;
        self.try_reserve(count)?;
        let base = self.as_mut_ptr();
        let len = self.len;
        // SAFETY: [init] `start..end` lies in the initialised prefix (`end <= len`), and
        // nothing writes to it while `source` lives: the writes below go past `len`.
        let source = unsafe { slice::from_raw_parts(base.add(start), count) };
        // SAFETY: the reservation makes room for `count` slots past `len`; they hold no
        // values, so viewing them as `MaybeUninit` is valid, and they do not overlap `source`.
        let spare =
            unsafe { slice::from_raw_parts_mut(base.add(len).cast::<MaybeUninit<T>>(), count) };
        let mut len = SetLenOnDrop {
            local: len,
            len: &mut self.len,
        };
        // A zip of two slices, as std writes it: it compiles to a copy loop for `Copy` types.
        for (value, slot) in source.iter().zip(spare) {
            slot.write(value.clone());
            len.local += 1;
        }
        Ok(())
    }

    /// Appends a copy of `other` with one memory copy.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` bytes or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = ArenaVec::new_in(&bump);
    /// v.extend_from_slice_copy(b"hello");
    /// assert_eq!(v, *b"hello");
    /// ```
    #[inline]
    #[track_caller]
    pub fn extend_from_slice_copy(&mut self, other: &[T])
    where
        T: Copy,
    {
        // The growing path is one call that needs nothing back, so the inlined part keeps
        // no value alive across it (a caller's hot loop keeps its registers).
        if other.len() <= self.buf.capacity() - self.len {
            // SAFETY: `other.len()` slots past `len` are spare.
            unsafe { self.append_copy_unchecked(other) };
        } else {
            self.extend_from_slice_copy_growing(other);
        }
    }

    /// [`ArenaVec::extend_from_slice_copy`] when the spare capacity is too short. The first
    /// block of an empty vector (the common case: every fresh string's first write) is
    /// served here with nothing but a tail call to the copy; the rest in
    /// `extend_from_slice_copy_reallocating`.
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn extend_from_slice_copy_growing(&mut self, other: &[T])
    where
        T: Copy,
    {
        if !self.buf.try_first_block_fast(other.len()) {
            return self.extend_from_slice_copy_reallocating(other);
        }
        // SAFETY: the new first block has room for `other.len()` values, and `len == 0`.
        unsafe { self.append_copy_unchecked(other) };
    }

    /// [`ArenaVec::extend_from_slice_copy`] past the first block's fast path.
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn extend_from_slice_copy_reallocating(&mut self, other: &[T])
    where
        T: Copy,
    {
        self.buf.grow_amortized_slow_or_panic(self.len, other.len());
        // SAFETY: the growth makes room for `other.len()` values past `len`.
        unsafe { self.append_copy_unchecked(other) };
    }

    /// Appends a copy of `other` with one memory copy.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` bytes or the arena cannot
    /// allocate; the vector is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = ArenaVec::new_in(&bump);
    /// v.try_extend_from_slice_copy(&[1.5, 2.5])?;
    /// assert_eq!(v, [1.5, 2.5]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_extend_from_slice_copy(&mut self, other: &[T]) -> Result<(), AllocError>
    where
        T: Copy,
    {
        self.try_reserve(other.len())?;
        // SAFETY: the reservation makes room for `other.len()` values past `len`.
        unsafe { self.append_copy_unchecked(other) };
        Ok(())
    }

    /// Copies `other` into the slots past `len` and counts them in.
    ///
    /// # Safety
    ///
    /// At least `other.len()` slots past `len` are spare.
    #[inline(always)]
    unsafe fn append_copy_unchecked(&mut self, other: &[T])
    where
        T: Copy,
    {
        // SAFETY: the caller guarantees the room past `len`.
        let end = unsafe { self.as_mut_ptr().add(self.len) };
        // The length is counted first, so the copy is the last step (a tail call, with
        // nothing to keep across it). Nothing reads the slots before the copy fills them.
        // INVARIANT: [init] the copy below initialises the new slots; it cannot fail.
        self.len += other.len();
        // SAFETY: `end..end + other.len()` is spare room of the buffer; `other` is borrowed
        // shared while `self` is borrowed mutably, so they do not overlap; `T: Copy`, so the
        // bit copy is a valid value.
        unsafe { ptr::copy_nonoverlapping(other.as_ptr(), end, other.len()) };
    }

    /// Appends the items of `iter`, in order.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` bytes or the arena cannot
    /// allocate; the items appended before the failure stay.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = ArenaVec::new_in(&bump);
    /// v.try_extend("abc".chars())?;
    /// assert_eq!(v, ['a', 'b', 'c']);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_extend<I: IntoIterator<Item = T>>(&mut self, iter: I) -> Result<(), AllocError> {
        let mut iter = iter.into_iter();
        self.try_reserve(iter.size_hint().0)?;
        loop {
            self.fill_spare(&mut iter);
            let Some(value) = iter.next() else {
                return Ok(());
            };
            self.try_reserve(iter.size_hint().0.saturating_add(1))?;
            // SAFETY: the reservation makes `len < capacity`.
            unsafe { self.push_unchecked(value) };
        }
    }

    /// Moves items of `iter` into the spare capacity until it is full or `iter` ends, with
    /// the iterator's own (internal) iteration.
    fn fill_spare(&mut self, iter: &mut impl Iterator<Item = T>) {
        let spare = self.capacity() - self.len;
        let base = self.as_mut_ptr();
        let mut len = SetLenOnDrop {
            local: self.len,
            len: &mut self.len,
        };
        iter.take(spare).for_each(|value| {
            // SAFETY: `take(spare)` stops at the capacity, so the slot at `local` is in the
            // buffer and past the initialised values.
            unsafe { base.add(len.local).write(value) };
            len.local += 1;
        });
    }
}

/// Keeps a vector's length in a local while a loop writes values past it, and stores it back
/// when dropped, also when the iterator panics.
struct SetLenOnDrop<'v> {
    local: usize,
    len: &'v mut usize,
}

impl Drop for SetLenOnDrop<'_> {
    fn drop(&mut self) {
        // INVARIANT: [init] the slots up to `local` were written by the loop.
        *self.len = self.local;
    }
}
