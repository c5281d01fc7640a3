//! The conversions of `ArenaVec`: constructors from iterators, arrays and elements, and the
//! ways out of a vector (an arena slice, the buffer).

use core::mem::ManuallyDrop;
use core::ptr;
use core::slice;

use super::ArenaVec;
use super::buf::RawBuf;
use crate::arena::Arena;

impl<'a, T, A: Arena> ArenaVec<'a, T, A> {
    /// Creates a vector in `arena` holding the items of `iter`, in order.
    ///
    /// [`CollectIn::collect_in`](crate::CollectIn::collect_in) is the same as a method.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let squares = ArenaVec::from_iter_in((1..=4).map(|i| i * i), &bump);
    /// assert_eq!(squares, [1, 4, 9, 16]);
    /// ```
    #[track_caller]
    pub fn from_iter_in<I: IntoIterator<Item = T>>(iter: I, arena: &'a A) -> Self {
        let mut v = Self::new_in(arena);
        v.extend(iter);
        v
    }

    /// Creates a vector in `arena` holding the elements of `array`; [`arena_vec!`] uses it.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v = ArenaVec::from_array_in(["a".to_string(), "b".to_string()], &bump);
    /// assert_eq!(v, ["a", "b"]);
    /// assert_eq!(v.capacity(), 2);
    /// ```
    ///
    /// [`arena_vec!`]: crate::arena_vec
    #[track_caller]
    pub fn from_array_in<const N: usize>(array: [T; N], arena: &'a A) -> Self {
        let mut v = Self::with_capacity_in(N, arena);
        let array = ManuallyDrop::new(array);
        // SAFETY: the vector has room for `N` elements and is empty; the array's elements
        // are moved into it and the array is never dropped (`ManuallyDrop`).
        unsafe { ptr::copy_nonoverlapping(array.as_ptr(), v.as_mut_ptr(), N) };
        // SAFETY: the first `N` slots were just initialised.
        unsafe { v.set_len(N) };
        v
    }

    /// Creates a vector in `arena` holding `n` clones of `value`; [`arena_vec!`] uses it.
    ///
    /// # Panics
    ///
    /// Panics if `n` elements overflow `isize::MAX` bytes or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v = ArenaVec::from_elem_in(7u8, 3, &bump);
    /// assert_eq!(v, [7, 7, 7]);
    /// ```
    ///
    /// [`arena_vec!`]: crate::arena_vec
    #[track_caller]
    pub fn from_elem_in(value: T, n: usize, arena: &'a A) -> Self
    where
        T: Clone,
    {
        let mut v = Self::with_capacity_in(n, arena);
        v.resize(n, value);
        v
    }

    /// Turns the vector into a slice that lives as long as the arena; the spare capacity is
    /// given back first when the buffer is the arena's newest block.
    ///
    /// The elements are then **never dropped** (as for [`Bump::alloc`](crate::Bump::alloc)):
    /// their memory is reused when the arena is reset or dropped, but destructors do not run.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v = arena_vec![in &bump; 1, 2, 3];
    /// let slice: &mut [i32] = v.into_arena_slice();
    /// slice[0] = 10;
    /// assert_eq!(slice, [10, 2, 3]);
    /// ```
    #[inline]
    #[must_use]
    pub fn into_arena_slice(mut self) -> &'a mut [T] {
        self.shrink_to_fit();
        let mut this = ManuallyDrop::new(self);
        // SAFETY: [init] the first `len` slots are initialised; the vector is never dropped
        // (`ManuallyDrop`), so the buffer is never given back and nothing else uses it; the
        // arena keeps it valid for `'a`, as a reset needs `&mut` and the vector borrowed it
        // for `'a`.
        unsafe { slice::from_raw_parts_mut(this.as_mut_ptr(), this.len) }
    }

    /// Moves the buffer out: `IntoIter` takes it over with the length.
    pub(super) fn into_buf(self) -> (RawBuf<'a, T, A>, usize) {
        let this = ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped or used again, so the buffer is moved out once.
        let buf = unsafe { ptr::read(&raw const this.buf) };
        (buf, this.len)
    }
}
