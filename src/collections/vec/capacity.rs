//! The capacity management of `ArenaVec`: reserving, shrinking and the spare slots.

use core::mem::MaybeUninit;
use core::slice;

use super::ArenaVec;
use crate::arena::Arena;
use crate::error::{AllocError, unwrap_alloc};

impl<T, A: Arena> ArenaVec<'_, T, A> {
    /// Returns the slots past the length, to be written before a [`set_len`](Self::set_len).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v: ArenaVec<u8> = ArenaVec::with_capacity_in(4, &bump);
    /// for (i, slot) in v.spare_capacity_mut().iter_mut().enumerate() {
    ///     slot.write(i as u8);
    /// }
    /// // SAFETY: all 4 slots were written.
    /// unsafe { v.set_len(4) };
    /// assert_eq!(v, [0, 1, 2, 3]);
    /// ```
    #[must_use]
    pub fn spare_capacity_mut(&mut self) -> &mut [MaybeUninit<T>] {
        let spare = self.capacity() - self.len;
        // SAFETY: [init] `len <= capacity`, so the `spare` slots after the first `len` are
        // inside the buffer; `MaybeUninit` needs no initialisation, and `&mut self` makes
        // this the only access.
        unsafe {
            slice::from_raw_parts_mut(
                self.as_mut_ptr().add(self.len).cast::<MaybeUninit<T>>(),
                spare,
            )
        }
    }

    /// Makes room for at least `additional` more elements, growing geometrically.
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
    /// v.reserve(10);
    /// assert!(v.capacity() >= 11);
    /// ```
    #[track_caller]
    pub fn reserve(&mut self, additional: usize) {
        unwrap_alloc(self.try_reserve(additional));
    }

    /// Makes room for at least `additional` more elements, growing geometrically.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` bytes or the arena cannot
    /// allocate; the vector is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, AllocErrorKind, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v: ArenaVec<u64> = ArenaVec::new_in(&bump);
    /// v.try_reserve(100)?;
    /// assert!(v.capacity() >= 100);
    /// let err = v.try_reserve(usize::MAX).unwrap_err();
    /// assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), AllocError> {
        self.buf.try_reserve(self.len, additional)
    }

    /// Makes room for exactly `additional` more elements if there is less.
    ///
    /// Growing the newest vector of an arena by one element at a time this way costs no
    /// copying: the buffer grows where it lies.
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
    /// v.push(0u32);
    /// let start = v.as_ptr();
    /// for i in 1..100 {
    ///     v.reserve_exact(1);
    ///     v.push(i);
    /// }
    /// assert_eq!(v.as_ptr(), start); // grown in place
    /// assert_eq!(v.capacity(), 100);
    /// ```
    #[track_caller]
    pub fn reserve_exact(&mut self, additional: usize) {
        unwrap_alloc(self.try_reserve_exact(additional));
    }

    /// Makes room for exactly `additional` more elements if there is less.
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
    /// let mut v: ArenaVec<u8> = ArenaVec::new_in(&bump);
    /// v.try_reserve_exact(3)?;
    /// assert_eq!(v.capacity(), 3);
    /// assert!(v.try_reserve_exact(usize::MAX).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_reserve_exact(&mut self, additional: usize) -> Result<(), AllocError> {
        self.buf.try_reserve_exact(self.len, additional)
    }

    /// Shrinks the capacity to the length, giving the bytes back to the arena when the
    /// buffer is its newest block.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = ArenaVec::with_capacity_in(100, &bump);
    /// v.push(1u64);
    /// v.shrink_to_fit();
    /// assert_eq!(v.capacity(), 1);
    /// assert_eq!(bump.stats().allocated_bytes, 8);
    /// ```
    #[inline]
    pub fn shrink_to_fit(&mut self) {
        self.buf.shrink_to(self.len, 0);
    }

    /// Shrinks the capacity to `max(len, min_capacity)`, as
    /// [`shrink_to_fit`](Self::shrink_to_fit) does.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v: ArenaVec<u8> = ArenaVec::with_capacity_in(100, &bump);
    /// v.shrink_to(10);
    /// assert_eq!(v.capacity(), 10);
    /// ```
    pub fn shrink_to(&mut self, min_capacity: usize) {
        self.buf.shrink_to(self.len, min_capacity);
    }
}
