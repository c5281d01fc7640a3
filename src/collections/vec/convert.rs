//! The conversions of `ArenaVec`: constructors from iterators, slices, arrays, elements and
//! raw parts, and the ways out of a vector (an arena slice, a box, raw parts, the buffer).

use core::mem::ManuallyDrop;
use core::ptr::{self, NonNull};
use core::slice;

use super::ArenaVec;
use super::buf::RawBuf;
use crate::arena::Arena;
use crate::collections::ArenaBox;
use crate::error::{AllocError, unwrap_alloc};

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
    #[must_use]
    #[track_caller]
    pub fn from_iter_in<I: IntoIterator<Item = T>>(iter: I, arena: &'a A) -> Self {
        let mut v = Self::new_in(arena);
        v.extend(iter);
        v
    }

    /// Creates a vector in `arena` holding clones of the elements of `slice`, in order, with
    /// capacity `slice.len()`.
    ///
    /// For `Copy` elements, `ArenaVec::from_slice_copy_in` is a single memory copy.
    ///
    /// # Panics
    ///
    /// Panics if the slice's size overflows `isize::MAX` bytes or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let names = [String::from("ada"), String::from("grace")];
    /// let v = ArenaVec::from_slice_in(&names, &bump);
    /// assert_eq!(v, names);
    /// assert_eq!(v.capacity(), 2);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn from_slice_in(slice: &[T], arena: &'a A) -> Self
    where
        T: Clone,
    {
        unwrap_alloc(Self::try_from_slice_in(slice, arena))
    }

    /// Creates a vector in `arena` holding clones of the elements of `slice`, in order.
    ///
    /// If a `clone` panics, the clones made so far are dropped.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the slice's size overflows `isize::MAX` bytes or the arena cannot
    /// allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v = ArenaVec::try_from_slice_in(&[1, 2, 3], &bump)?;
    /// assert_eq!(v, [1, 2, 3]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_from_slice_in(slice: &[T], arena: &'a A) -> Result<Self, AllocError>
    where
        T: Clone,
    {
        let mut v = Self::try_with_capacity_in(slice.len(), arena)?;
        v.try_extend_from_slice(slice)?;
        Ok(v)
    }

    /// Creates a vector in `arena` holding a copy of `slice`, made with one memory copy.
    ///
    /// # Panics
    ///
    /// Panics if the slice's size overflows `isize::MAX` bytes or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v = ArenaVec::from_slice_copy_in(b"abc", &bump);
    /// assert_eq!(v, *b"abc");
    /// ```
    #[must_use]
    #[track_caller]
    pub fn from_slice_copy_in(slice: &[T], arena: &'a A) -> Self
    where
        T: Copy,
    {
        let mut v = Self::with_capacity_in(slice.len(), arena);
        v.extend_from_slice_copy(slice);
        v
    }

    /// Creates a vector from the parts [`into_raw_parts`](Self::into_raw_parts) returned.
    ///
    /// The vector owns the elements and the block again: it drops the first `length`
    /// elements and gives the block back to `arena` when it is dropped.
    ///
    /// # Safety
    ///
    /// - `arena` is the arena the block was allocated in (the very one, not an equal one),
    ///   and it has not been reset, rewound (a scope ended) or dropped since.
    /// - If `T` is not zero-sized and `capacity > 0`: `ptr` is a live block of `arena`
    ///   allocated with the layout `Layout::array::<T>(capacity)`, as
    ///   [`into_raw_parts`](Self::into_raw_parts) gives it (or as `arena.alloc_layout` gives
    ///   it for that layout), which nothing else uses or gives back.
    /// - Otherwise `ptr` is non-null and aligned for `T` (a dangling pointer is fine); it is
    ///   not used.
    /// - `length <= capacity`, and the first `length` slots hold initialised values that
    ///   nothing else owns or drops.
    ///
    /// A pointer from another arena, or into a block already given back, is undefined
    /// behaviour. The safe conversions ([`into_arena_slice`](Self::into_arena_slice),
    /// [`into_boxed_slice`](Self::into_boxed_slice), [`into_flattened`](Self::into_flattened))
    /// cover the usual reasons to take a vector apart.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v = arena_vec![in &bump; 1u32, 2, 3];
    /// let (ptr, len, cap) = v.into_raw_parts();
    /// // SAFETY: the parts come from `into_raw_parts` of a vector in `bump`, which was not
    /// // reset since.
    /// let v = unsafe { ArenaVec::from_raw_parts_in(ptr, len, cap, &bump) };
    /// assert_eq!(v, [1, 2, 3]);
    /// ```
    #[must_use]
    pub unsafe fn from_raw_parts_in(
        ptr: *mut T,
        length: usize,
        capacity: usize,
        arena: &'a A,
    ) -> Self {
        debug_assert!(!ptr.is_null() && length <= capacity);
        // SAFETY: the caller passes a non-null pointer.
        let ptr = unsafe { NonNull::new_unchecked(ptr) };
        // SAFETY: the caller's contract is `from_parts`'s, for the block.
        let buf = unsafe { RawBuf::from_parts(ptr, capacity, arena) };
        let mut v = Self::from_buf(buf);
        // SAFETY: `length <= capacity`, and the first `length` slots hold values the vector
        // now owns (caller).
        unsafe { v.set_len(length) };
        v
    }

    /// Takes the vector apart into a pointer to its buffer, its length and its capacity
    /// (`usize::MAX` for zero-sized types), without dropping anything or giving the block
    /// back.
    ///
    /// [`from_raw_parts_in`](Self::from_raw_parts_in) with the same arena puts it back
    /// together; without that, the elements are never dropped (the arena reclaims the
    /// memory when it is reset or dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v = arena_vec![in &bump; 10u8, 20];
    /// let (ptr, len, cap) = v.into_raw_parts();
    /// assert_eq!((len, cap), (2, 2));
    /// // SAFETY: index 1 is below the length, and the arena keeps the block alive.
    /// assert_eq!(unsafe { *ptr.add(1) }, 20);
    /// # // SAFETY: the parts are the vector's, from `into_raw_parts`, and `bump` was not reset.
    /// # drop(unsafe { ArenaVec::from_raw_parts_in(ptr, len, cap, &bump) });
    /// ```
    #[must_use = "losing the pointer leaks the elements"]
    pub fn into_raw_parts(self) -> (*mut T, usize, usize) {
        let (buf, len) = self.into_buf();
        let cap = buf.capacity();
        let (ptr, _, _) = buf.into_parts();
        (ptr.as_ptr(), len, cap)
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
    #[must_use]
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
    #[must_use]
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
    pub fn into_arena_slice(self) -> &'a mut [T] {
        // The vector is taken apart before it shrinks, not shrunk in place and then read: a
        // vector that was just written (by a push, or `format_in!`'s writes) and is then
        // moved is copied as 16-byte halves, and when the copy is written to, the compiler
        // keeps it in memory; reading the half holding `len` then waits for the store of
        // `len` to reach the cache (store forwarding fails), ~15% of a loop of
        // `format_in!(..).into_arena_str()`.
        let (buf, len) = self.into_buf();
        let ptr = buf.leak_shrunk(len);
        // SAFETY: [init] the first `len` slots are initialised, and `leak_shrunk` kept them
        // (it gives back only the slots past `len`); the buffer was given up, so its block is
        // never given back and nothing else uses it; the arena keeps it valid for `'a`, as a
        // reset needs `&mut` and the vector borrowed it for `'a`.
        unsafe { slice::from_raw_parts_mut(ptr.as_ptr(), len) }
    }

    /// Turns the vector into a slice that lives as long as the arena, as std's `Vec::leak`;
    /// the same as [`into_arena_slice`](Self::into_arena_slice), spare capacity given back
    /// included.
    ///
    /// The elements are **never dropped**; their memory is reused when the arena is reset or
    /// dropped. Use [`into_boxed_slice`](Self::into_boxed_slice) to keep them owned.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let leaked: &mut [u8] = arena_vec![in &bump; 1, 2].leak();
    /// leaked[1] = 5;
    /// assert_eq!(leaked, [1, 5]);
    /// ```
    #[inline]
    #[must_use]
    pub fn leak(self) -> &'a mut [T] {
        self.into_arena_slice()
    }

    /// Turns the vector into a boxed slice in the same arena, giving the spare capacity back
    /// when the buffer is the arena's newest block; the box drops the elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 2];
    /// v.reserve(10);
    /// let boxed: ArenaBox<[i32]> = v.into_boxed_slice();
    /// assert_eq!(*boxed, [1, 2]);
    /// ```
    #[must_use]
    pub fn into_boxed_slice(self) -> ArenaBox<'a, [T], A>
    where
        T: 'a,
    {
        ArenaBox::from(self)
    }

    /// A vector with no values over `buf`.
    pub(super) fn from_buf(buf: RawBuf<'a, T, A>) -> Self {
        // INVARIANT: [init] holds for length 0.
        Self {
            buf,
            len: 0,
            _owns: core::marker::PhantomData,
        }
    }

    /// Moves the buffer out: `IntoIter` takes it over with the length.
    pub(super) fn into_buf(self) -> (RawBuf<'a, T, A>, usize) {
        let this = ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped or used again, so the buffer is moved out once.
        let buf = unsafe { ptr::read(&raw const this.buf) };
        (buf, this.len)
    }
}

impl<'a, T, A: Arena, const N: usize> ArenaVec<'a, [T; N], A> {
    /// Turns a vector of arrays into a vector of their elements, in order, without moving
    /// them: the buffer is reused as it is.
    ///
    /// # Panics
    ///
    /// Panics with "vec len overflow" if the new length overflows `usize`, which only
    /// zero-sized elements can do.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let pairs = arena_vec![in &bump; [1, 2], [3, 4], [5, 6]];
    /// let flat = pairs.into_flattened();
    /// assert_eq!(flat, [1, 2, 3, 4, 5, 6]);
    /// assert_eq!(flat.capacity(), 6);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn into_flattened(self) -> ArenaVec<'a, T, A> {
        let (buf, len) = self.into_buf();
        let cap = buf.capacity();
        let (ptr, _, arena) = buf.into_parts();
        let (new_len, new_cap) = if size_of::<T>() == 0 {
            (len.checked_mul(N).expect("vec len overflow"), usize::MAX)
        } else {
            // [block] `cap * N * size_of::<T>()` is at most `isize::MAX` for a non-zero-sized
            // `[T; N]`, and `cap` is 0 when `[T; N]` is zero-sized, so neither overflows.
            (len * N, cap.wrapping_mul(N))
        };
        // SAFETY: for a non-zero-sized `T` and `new_cap > 0`, `[T; N]` is not zero-sized, so
        // ([block]) `ptr` is a live block of `arena` allocated with
        // `Layout::array::<[T; N]>(cap)`, which is `Layout::array::<T>(cap * N)` (same size,
        // `T`'s alignment), and `into_parts` handed its ownership over.
        let buf = unsafe { RawBuf::from_parts(ptr.cast::<T>(), new_cap, arena) };
        let mut v = ArenaVec::from_buf(buf);
        // SAFETY: the `len` arrays were initialised ([init]), so their `len * N` elements
        // are, and `new_len <= new_cap`.
        unsafe { v.set_len(new_len) };
        v
    }
}
