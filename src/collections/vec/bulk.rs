//! The bulk edits of `ArenaVec`: resizing, retaining, deduplicating, draining, splitting and
//! appending. Extending is in `vec/extend.rs`.

use core::ops::{Bound, Range, RangeBounds};
use core::ptr;

use super::{ArenaVec, Drain, index_out_of_bounds};
use crate::arena::Arena;
use crate::error::{AllocError, unwrap_alloc};

impl<'a, T, A: Arena> ArenaVec<'a, T, A> {
    /// Resizes the vector to `new_len`: drops elements past it, or appends clones of
    /// `value` (the last one is `value` itself).
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
    /// let mut v = arena_vec![in &bump; 1];
    /// v.resize(3, 0);
    /// assert_eq!(v, [1, 0, 0]);
    /// v.resize(2, 9);
    /// assert_eq!(v, [1, 0]);
    /// ```
    #[track_caller]
    pub fn resize(&mut self, new_len: usize, value: T)
    where
        T: Clone,
    {
        unwrap_alloc(self.try_resize(new_len, value));
    }

    /// Resizes the vector to `new_len`: drops elements past it, or appends clones of
    /// `value` (the last one is `value` itself).
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
    /// v.try_resize(2, "x")?;
    /// assert_eq!(v, ["x", "x"]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_resize(&mut self, new_len: usize, value: T) -> Result<(), AllocError>
    where
        T: Clone,
    {
        let Some(extra) = new_len.checked_sub(self.len).filter(|&n| n > 0) else {
            self.truncate(new_len);
            return Ok(());
        };
        self.try_reserve(extra)?;
        for _ in 1..extra {
            // SAFETY: the reservation makes room for `extra` values past `len`, and this
            // loop writes `extra - 1` of them.
            unsafe { self.push_unchecked(value.clone()) };
        }
        // SAFETY: the last of the `extra` reserved slots.
        unsafe { self.push_unchecked(value) };
        Ok(())
    }

    /// Resizes the vector to `new_len`: drops elements past it, or appends values made by
    /// `f`.
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
    /// let mut next = 0;
    /// v.resize_with(3, || { next += 1; next });
    /// assert_eq!(v, [1, 2, 3]);
    /// ```
    #[track_caller]
    pub fn resize_with(&mut self, new_len: usize, f: impl FnMut() -> T) {
        unwrap_alloc(self.try_resize_with(new_len, f));
    }

    /// Resizes the vector to `new_len`: drops elements past it, or appends values made by
    /// `f`.
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
    /// let mut v: ArenaVec<Vec<u8>> = ArenaVec::new_in(&bump);
    /// v.try_resize_with(2, Vec::new)?;
    /// assert_eq!(v.len(), 2);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_resize_with(
        &mut self,
        new_len: usize,
        mut f: impl FnMut() -> T,
    ) -> Result<(), AllocError> {
        let Some(extra) = new_len.checked_sub(self.len) else {
            self.truncate(new_len);
            return Ok(());
        };
        self.try_reserve(extra)?;
        for _ in 0..extra {
            // SAFETY: the reservation makes room for the `extra` values this loop writes.
            unsafe { self.push_unchecked(f()) };
        }
        Ok(())
    }

    /// Keeps only the elements for which `keep` returns `true`, in order; the others are
    /// dropped as they are visited (front to back).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 2, 3, 4];
    /// v.retain(|x| x % 2 == 0);
    /// assert_eq!(v, [2, 4]);
    /// ```
    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.retain_mut(|value| keep(value));
    }

    /// Keeps only the elements for which `keep` returns `true`, letting it change them.
    ///
    /// If `keep` or a destructor panics, the elements not yet visited are kept and every
    /// element is still dropped exactly once.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 2, 3];
    /// v.retain_mut(|x| { *x *= 10; *x != 20 });
    /// assert_eq!(v, [10, 30]);
    /// ```
    pub fn retain_mut(&mut self, mut keep: impl FnMut(&mut T) -> bool) {
        let original_len = self.len;
        // INVARIANT: [init] while holes open up, the vector claims nothing; the guard puts
        // the length back.
        self.len = 0;
        let mut gap = Gap {
            base: self.as_mut_ptr(),
            read: 0,
            write: 0,
            end: original_len,
            len: &mut self.len,
        };
        while gap.read < gap.end {
            // SAFETY: `read < end` and slots `read..end` are still initialised, unvisited.
            let current = unsafe { &mut *gap.base.add(gap.read) };
            if keep(current) {
                if gap.read != gap.write {
                    // SAFETY: `write < read`, so the slot at `write` is a hole (moved out or
                    // dropped) and the value moves there exactly once.
                    unsafe {
                        ptr::copy_nonoverlapping(gap.base.add(gap.read), gap.base.add(gap.write), 1)
                    };
                }
                gap.write += 1;
                gap.read += 1;
            } else {
                // Step past the value before dropping it, so a panicking destructor does not
                // make the guard keep (and later drop) it again.
                gap.read += 1;
                // SAFETY: the value is initialised and now outside both the kept prefix and
                // the unvisited tail, so it is dropped exactly once.
                unsafe { ptr::drop_in_place(current) };
            }
        }
    }

    /// Removes consecutive repeated elements, keeping the first of each run.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 1, 2, 2, 2, 1];
    /// v.dedup();
    /// assert_eq!(v, [1, 2, 1]);
    /// ```
    pub fn dedup(&mut self)
    where
        T: PartialEq,
    {
        self.dedup_by(|a, b| a == b);
    }

    /// Removes consecutive elements with the same key, keeping the first of each run.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 10, 11, 20, 31, 30];
    /// v.dedup_by_key(|x| *x / 10);
    /// assert_eq!(v, [10, 20, 31]);
    /// ```
    pub fn dedup_by_key<K: PartialEq>(&mut self, mut key: impl FnMut(&mut T) -> K) {
        self.dedup_by(|a, b| key(a) == key(b));
    }

    /// Removes consecutive elements for which `same(next, kept)` returns `true`, keeping the
    /// first of each run; removed elements are dropped front to back.
    ///
    /// If `same` or a destructor panics, the elements not yet visited are kept and every
    /// element is still dropped exactly once.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; "a", "A", "b", "B", "b"];
    /// v.dedup_by(|next, kept| next.eq_ignore_ascii_case(kept));
    /// assert_eq!(v, ["a", "b"]);
    /// ```
    pub fn dedup_by(&mut self, mut same: impl FnMut(&mut T, &mut T) -> bool) {
        let original_len = self.len;
        if original_len <= 1 {
            return;
        }
        // INVARIANT: [init] as in `retain_mut`, the guard restores the length.
        self.len = 0;
        let mut gap = Gap {
            base: self.as_mut_ptr(),
            read: 1,
            write: 1,
            end: original_len,
            len: &mut self.len,
        };
        while gap.read < gap.end {
            // SAFETY: `read < end` is unvisited and initialised; `write - 1 < read` is the
            // last kept value, initialised; they are different slots.
            let (next, kept) = unsafe {
                (
                    &mut *gap.base.add(gap.read),
                    &mut *gap.base.add(gap.write - 1),
                )
            };
            if same(next, kept) {
                // As in `retain_mut`: step past before dropping.
                gap.read += 1;
                // SAFETY: the value is initialised and now in no region the guard keeps.
                unsafe { ptr::drop_in_place(next) };
            } else {
                if gap.read != gap.write {
                    // SAFETY: `write < read`: the slot at `write` is a hole.
                    unsafe {
                        ptr::copy_nonoverlapping(gap.base.add(gap.read), gap.base.add(gap.write), 1)
                    };
                }
                gap.write += 1;
                gap.read += 1;
            }
        }
    }

    /// Removes the elements in `range` and returns them as an iterator; the elements the
    /// iterator does not yield are dropped when it is dropped, and the tail then moves down.
    ///
    /// If the iterator is leaked, the vector may lose elements (they are leaked, not dropped
    /// twice).
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
    /// let mut v = arena_vec![in &bump; 1, 2, 3, 4, 5];
    /// let middle: Vec<i32> = v.drain(1..3).collect();
    /// assert_eq!(middle, [2, 3]);
    /// assert_eq!(v, [1, 4, 5]);
    /// v.drain(..);
    /// assert!(v.is_empty());
    /// ```
    #[track_caller]
    pub fn drain(&mut self, range: impl RangeBounds<usize>) -> Drain<'_, 'a, T, A> {
        let Range { start, end } = checked_range(range, self.len);
        Drain::new(self, start, end)
    }

    /// Splits the vector in two at `at`: returns the elements `at..` in a new vector in the
    /// same arena, keeping `..at` (and the capacity) here.
    ///
    /// # Panics
    ///
    /// Panics if `at > len`, or if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 2, 3];
    /// let tail = v.split_off(1);
    /// assert_eq!(v, [1]);
    /// assert_eq!(tail, [2, 3]);
    /// ```
    #[must_use = "use `truncate` to drop the tail"]
    #[track_caller]
    pub fn split_off(&mut self, at: usize) -> Self {
        unwrap_alloc(self.try_split_off(at))
    }

    /// Splits the vector in two at `at`; see [`split_off`](Self::split_off).
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate; the vector is then unchanged.
    ///
    /// # Panics
    ///
    /// Panics if `at > len`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 2, 3];
    /// let tail = v.try_split_off(3)?;
    /// assert!(tail.is_empty());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[track_caller]
    pub fn try_split_off(&mut self, at: usize) -> Result<Self, AllocError> {
        let len = self.len;
        if at > len {
            index_out_of_bounds("`at` split", "<=", at, len);
        }
        let moved = len - at;
        let mut tail = Self::try_with_capacity_in(moved, self.arena())?;
        // INVARIANT: [init] the tail leaves this vector before it is moved.
        self.len = at;
        // SAFETY: slots `at..len` of `self` are initialised and no longer owned by it; `tail`
        // is a different block with room for `moved` values.
        unsafe { ptr::copy_nonoverlapping(self.as_ptr().add(at), tail.as_mut_ptr(), moved) };
        // SAFETY: the first `moved` slots of `tail` were just initialised.
        unsafe { tail.set_len(moved) };
        Ok(tail)
    }

    /// Moves all elements of `other` to the back of this vector, leaving `other` empty.
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
    /// let mut a = arena_vec![in &bump; 1];
    /// let mut b = arena_vec![in &bump; 2, 3];
    /// a.append(&mut b);
    /// assert_eq!((a.as_slice(), b.len()), ([1, 2, 3].as_slice(), 0));
    /// ```
    #[track_caller]
    pub fn append<B: Arena>(&mut self, other: &mut ArenaVec<'_, T, B>) {
        unwrap_alloc(self.try_append(other));
    }

    /// Moves all elements of `other` to the back of this vector, leaving `other` empty.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` bytes or the arena cannot
    /// allocate; both vectors are then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let (one, two) = (Bump::new(), Bump::new());
    /// let mut a = arena_vec![in &one; 'x'];
    /// let mut b = arena_vec![in &two; 'y'];
    /// a.try_append(&mut b)?;
    /// assert_eq!(a, ['x', 'y']);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_append<B: Arena>(
        &mut self,
        other: &mut ArenaVec<'_, T, B>,
    ) -> Result<(), AllocError> {
        let count = other.len;
        self.try_reserve(count)?;
        // INVARIANT: [init] `other`'s values leave it before they move.
        other.len = 0;
        // SAFETY: `other`'s first `count` slots are initialised and no longer owned by it;
        // the reservation makes room for them past `self.len`; two `&mut` vectors have
        // different buffers (or no memory, for zero-sized `T`).
        unsafe { ptr::copy_nonoverlapping(other.as_ptr(), self.as_mut_ptr().add(self.len), count) };
        // INVARIANT: [init] the moved slots are initialised.
        self.len += count;
        Ok(())
    }
}

/// The compaction state of `retain_mut` and `dedup_by`: slots `..write` are kept, `write..read`
/// are holes, `read..end` are unvisited. On drop (done or unwinding) the unvisited values move
/// down behind the kept ones and the length is set.
struct Gap<'v, T> {
    base: *mut T,
    read: usize,
    write: usize,
    end: usize,
    len: &'v mut usize,
}

impl<T> Drop for Gap<'_, T> {
    fn drop(&mut self) {
        let unvisited = self.end - self.read;
        if self.read != self.write {
            // SAFETY: slots `read..end` are initialised and unvisited, `write..read` are
            // holes; both lie in the buffer, and `ptr::copy` allows the overlap.
            unsafe {
                ptr::copy(
                    self.base.add(self.read),
                    self.base.add(self.write),
                    unvisited,
                )
            };
        }
        // INVARIANT: [init] the kept values and the moved unvisited ones are the first
        // `write + unvisited` slots.
        *self.len = self.write + unvisited;
    }
}

/// Resolves `range` against `len`, panicking with std's messages where std's `Vec::drain`
/// would (the checks in the same order, so the same message wins).
#[track_caller]
pub(super) fn checked_range(range: impl RangeBounds<usize>, len: usize) -> Range<usize> {
    let end = match range.end_bound() {
        Bound::Included(&end) if end >= len => range_panic(0, end, len),
        // `end < len` rules out an overflow.
        Bound::Included(&end) => end + 1,
        Bound::Excluded(&end) if end > len => range_panic(0, end, len),
        Bound::Excluded(&end) => end,
        Bound::Unbounded => len,
    };
    let start = match range.start_bound() {
        Bound::Excluded(&start) if start >= end => range_panic(start, end, len),
        // `start < end` rules out an overflow.
        Bound::Excluded(&start) => start + 1,
        Bound::Included(&start) if start > end => range_panic(start, end, len),
        Bound::Included(&start) => start,
        Bound::Unbounded => 0,
    };
    start..end
}

/// Panics with std's message for the range `start..end` of a slice of length `len`.
#[cold]
#[inline(never)]
#[track_caller]
fn range_panic(start: usize, end: usize, len: usize) -> ! {
    if start > len {
        panic!("range start index {start} out of range for slice of length {len}")
    }
    if start > end && end <= len {
        panic!("slice index starts at {start} but ends at {end}")
    }
    panic!("range end index {end} out of range for slice of length {len}")
}
