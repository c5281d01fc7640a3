//! Build-then-freeze: [`Scratch`], a reusable stack where sequences of unknown length grow,
//! and [`ScratchVec`], the vector built there and then frozen into an arena at its exact
//! size. `scratch/string.rs` holds [`ScratchString`], `scratch/impls.rs` the vector's trait
//! impls.
//!
//! A vector that grows while it is not its arena's newest block leaves its old buffer behind
//! at every growth: a parser building a parent's list while it builds the children's lists
//! doubles the list memory that way. Built in a [`Scratch`] instead, each list grows in a
//! separate region that is reused, and only its final contents are copied into the arena,
//! once, at their exact size.

mod impls;
mod string;

use core::fmt;
use core::ptr;

pub use self::string::ScratchString;
use crate::arena::Arena;
use crate::collections::ArenaVec;
use crate::error::{AllocError, unwrap_alloc};
use crate::raw::bump::Bump;

/// A reusable stack of scratch memory where [`ScratchVec`]s and [`ScratchString`]s grow
/// before they are frozen into an arena.
///
/// Builders borrow the scratch shared (`&Scratch`), so a builder can be open while another
/// one (a child in a recursive parser) is built and frozen. The scratch is a stack:
///
/// - the builder opened last grows in place, and when it is frozen or dropped its memory is
///   reused at once by the next builder, or by the parent it returns to;
/// - a builder that grows while a builder opened after it is still open is correct too: its
///   buffer moves to the top of the stack (its old bytes stay unused in the scratch until
///   [`Scratch::reset`]), never into the arena.
///
/// The scratch keeps its memory across [`Scratch::reset`] (one chunk sized for the last round,
/// as [`Bump::reset`] keeps), so a workload that repeats the same rounds reuses it without
/// touching the heap. Nothing frozen lives in the scratch: [`ScratchVec::freeze`] copies into
/// the target arena.
///
/// `Scratch` is [`Send`] but not [`Sync`], like [`Bump`].
///
/// # Examples
///
/// ```
/// use bumpkit::{Bump, Scratch, ScratchVec};
///
/// let bump = Bump::new();
/// let scratch = Scratch::new();
/// let mut parent = ScratchVec::new_in(&scratch);
/// for n in 1..=3 {
///     let mut child = ScratchVec::new_in(&scratch); // opened while `parent` is open
///     child.extend(0..n);
///     let frozen: &[i32] = child.into_arena_slice(&bump);
///     parent.push(frozen);
/// }
/// let tree: &[&[i32]] = parent.into_arena_slice(&bump);
/// assert_eq!(tree, [&[0][..], &[0, 1], &[0, 1, 2]]);
/// // The arena holds the six numbers and the three slices, nothing else.
/// assert_eq!(bump.stats().allocated_bytes, 6 * 4 + 3 * 16);
/// assert_eq!(scratch.allocated_bytes(), 0);
/// ```
pub struct Scratch {
    // Invariants: none beyond `Bump`'s; every block in `bump` belongs to one open builder,
    // or to none (moved away, given back out of order), until `reset`.
    bump: Bump,
}

impl Scratch {
    /// Creates an empty scratch; it allocates nothing until a builder grows.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Scratch;
    ///
    /// let scratch = Scratch::new();
    /// assert_eq!(scratch.reserved_bytes(), 0);
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self { bump: Bump::new() }
    }

    /// Creates a scratch whose first chunk holds at least `bytes` bytes.
    ///
    /// # Panics
    ///
    /// Panics if `bytes` overflows `isize::MAX` with the chunk header, or the global allocator
    /// fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Scratch;
    ///
    /// let scratch = Scratch::with_capacity(64 << 10);
    /// assert!(scratch.reserved_bytes() >= 64 << 10);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn with_capacity(bytes: usize) -> Self {
        unwrap_alloc(Self::try_with_capacity(bytes))
    }

    /// Creates a scratch whose first chunk holds at least `bytes` bytes.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `bytes` overflows `isize::MAX` with the chunk header, or the global
    /// allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Scratch;
    ///
    /// let scratch = Scratch::try_with_capacity(1024)?;
    /// assert!(scratch.reserved_bytes() >= 1024);
    /// assert!(Scratch::try_with_capacity(usize::MAX).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_with_capacity(bytes: usize) -> Result<Self, AllocError> {
        Ok(Self {
            bump: Bump::try_with_capacity(bytes)?,
        })
    }

    /// Makes all the scratch memory reusable, keeping the memory itself as [`Bump::reset`]
    /// does. Builders borrow the scratch, so none is open.
    ///
    /// Only needed after builders grew out of order or outgrew a chunk: builders frozen or
    /// dropped newest first give their memory back themselves.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let mut scratch = Scratch::new();
    /// let mut parent = ScratchVec::with_capacity_in(1, &scratch);
    /// parent.push(1u64);
    /// let mut child = ScratchVec::new_in(&scratch);
    /// child.push(2u64);
    /// parent.push(3); // grows: moves above the open child
    /// drop(child); // not on top: its memory stays until the reset
    /// drop(parent);
    /// assert!(scratch.allocated_bytes() > 0);
    /// scratch.reset();
    /// assert_eq!(scratch.allocated_bytes(), 0);
    /// ```
    pub fn reset(&mut self) {
        self.bump.reset();
    }

    /// Returns the scratch bytes in use: open builders' buffers, plus the buffers that
    /// builders left behind by growing out of order (until [`Scratch::reset`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let v: ScratchVec<u32> = ScratchVec::with_capacity_in(4, &scratch);
    /// assert_eq!(scratch.allocated_bytes(), 16);
    /// drop(v);
    /// assert_eq!(scratch.allocated_bytes(), 0);
    /// ```
    #[must_use]
    pub fn allocated_bytes(&self) -> usize {
        self.bump.stats().allocated_bytes
    }

    /// Returns the bytes the scratch holds from the heap, chunk headers included.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let v = ScratchVec::<u8>::with_capacity_in(100, &scratch);
    /// assert!(scratch.reserved_bytes() >= 100);
    /// ```
    #[must_use]
    pub fn reserved_bytes(&self) -> usize {
        self.bump.stats().reserved_bytes
    }
}

impl Default for Scratch {
    /// Creates an empty scratch, as [`Scratch::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Scratch;
    ///
    /// assert_eq!(Scratch::default().reserved_bytes(), 0);
    /// ```
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Scratch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scratch")
            .field("allocated_bytes", &self.allocated_bytes())
            .field("reserved_bytes", &self.reserved_bytes())
            .finish()
    }
}

/// A vector that grows in a [`Scratch`] and is then frozen into an arena at its exact size
/// by [`ScratchVec::freeze`] or [`ScratchVec::into_arena_slice`].
///
/// While it is open it behaves like a `Vec` (it derefs to `[T]` and drops its elements, front
/// to back, when dropped); freezing moves the elements into one arena block of exactly
/// `len` elements and gives the scratch memory back. Any number of builders may be open at
/// once (see [`Scratch`] for the stack they share).
///
/// # Examples
///
/// ```
/// use bumpkit::{Bump, Scratch, ScratchVec};
///
/// let bump = Bump::new();
/// let scratch = Scratch::new();
/// let mut v = ScratchVec::new_in(&scratch);
/// v.extend([3, 1, 2]);
/// v.sort();
/// let frozen: &[i32] = v.into_arena_slice(&bump);
/// assert_eq!(frozen, [1, 2, 3]);
/// assert_eq!(bump.stats().allocated_bytes, 12);
/// ```
pub struct ScratchVec<'s, T> {
    // Invariants: `vec` lives in the scratch's `bump` (only `new_in` / `with_capacity_in`
    // make one); nothing else is assumed of it.
    vec: ArenaVec<'s, T, Bump>,
}

impl<'s, T> ScratchVec<'s, T> {
    /// Creates an empty builder in `scratch`; it takes no memory until it grows.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let v: ScratchVec<u8> = ScratchVec::new_in(&scratch);
    /// assert!(v.is_empty());
    /// assert_eq!(scratch.allocated_bytes(), 0);
    /// ```
    #[must_use]
    pub const fn new_in(scratch: &'s Scratch) -> Self {
        Self {
            vec: ArenaVec::new_in(&scratch.bump),
        }
    }

    /// Creates an empty builder in `scratch` with room for at least `capacity` elements.
    ///
    /// # Panics
    ///
    /// Panics if `capacity` elements overflow `isize::MAX` bytes or the scratch cannot
    /// allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let v: ScratchVec<u64> = ScratchVec::with_capacity_in(10, &scratch);
    /// assert_eq!((v.len(), v.capacity()), (0, 10));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn with_capacity_in(capacity: usize, scratch: &'s Scratch) -> Self {
        unwrap_alloc(Self::try_with_capacity_in(capacity, scratch))
    }

    /// Creates an empty builder in `scratch` with room for at least `capacity` elements.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `capacity` elements overflow `isize::MAX` bytes or the scratch cannot
    /// allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let v = ScratchVec::<u32>::try_with_capacity_in(100, &scratch)?;
    /// assert!(v.capacity() >= 100);
    /// assert!(ScratchVec::<u32>::try_with_capacity_in(usize::MAX, &scratch).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_with_capacity_in(capacity: usize, scratch: &'s Scratch) -> Result<Self, AllocError> {
        Ok(Self {
            vec: ArenaVec::try_with_capacity_in(capacity, &scratch.bump)?,
        })
    }

    /// Returns the number of elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.extend([1, 2, 3]);
    /// assert_eq!(v.len(), 3);
    /// ```
    #[inline]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.vec.len()
    }

    /// Returns whether the builder has no elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// assert!(v.is_empty());
    /// v.push(1);
    /// assert!(!v.is_empty());
    /// ```
    #[inline]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.vec.is_empty()
    }

    /// Returns how many elements the builder holds without growing (`usize::MAX` for
    /// zero-sized types). Freezing copies [`len`](Self::len) elements, never this many.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let v: ScratchVec<u16> = ScratchVec::with_capacity_in(5, &scratch);
    /// assert_eq!(v.capacity(), 5);
    /// ```
    #[inline]
    #[must_use]
    pub const fn capacity(&self) -> usize {
        self.vec.capacity()
    }

    /// Returns the elements as a slice.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.extend([1, 2]);
    /// assert_eq!(v.as_slice(), [1, 2]);
    /// ```
    #[inline]
    #[must_use]
    pub const fn as_slice(&self) -> &[T] {
        self.vec.as_slice()
    }

    /// Returns the elements as a mutable slice.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.extend([1, 2]);
    /// v.as_mut_slice()[0] = 5;
    /// assert_eq!(v, [5, 2]);
    /// ```
    #[inline]
    #[must_use]
    pub const fn as_mut_slice(&mut self) -> &mut [T] {
        self.vec.as_mut_slice()
    }

    /// Appends `value` to the back of the builder.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` bytes or the scratch cannot
    /// allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.push(7);
    /// assert_eq!(v, [7]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn push(&mut self, value: T) {
        self.vec.push(value);
    }

    /// Appends `value` to the back of the builder.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` bytes or the scratch cannot
    /// allocate; `value` is then dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.try_push(7)?;
    /// assert_eq!(v, [7]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_push(&mut self, value: T) -> Result<(), AllocError> {
        self.vec.try_push(value)
    }

    /// Removes the last element and returns it, or `None` if the builder is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.extend([1, 2]);
    /// assert_eq!(v.pop(), Some(2));
    /// assert_eq!(v, [1]);
    /// ```
    #[inline]
    pub fn pop(&mut self) -> Option<T> {
        self.vec.pop()
    }

    /// Shortens the builder to `len` elements, dropping the rest front to back; does nothing
    /// if it is not longer.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.extend([1, 2, 3]);
    /// v.truncate(1);
    /// assert_eq!(v, [1]);
    /// ```
    pub fn truncate(&mut self, len: usize) {
        self.vec.truncate(len);
    }

    /// Drops every element, keeping the capacity.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.extend([1, 2, 3]);
    /// v.clear();
    /// assert!(v.is_empty() && v.capacity() >= 3);
    /// ```
    pub fn clear(&mut self) {
        self.vec.clear();
    }

    /// Reserves room for at least `additional` more elements.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` bytes or the scratch cannot
    /// allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let mut v: ScratchVec<u8> = ScratchVec::new_in(&scratch);
    /// v.reserve(10);
    /// assert!(v.capacity() >= 10);
    /// ```
    #[track_caller]
    pub fn reserve(&mut self, additional: usize) {
        self.vec.reserve(additional);
    }

    /// Reserves room for at least `additional` more elements.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` bytes or the scratch cannot
    /// allocate; the builder is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let mut v: ScratchVec<u8> = ScratchVec::new_in(&scratch);
    /// v.try_reserve(10)?;
    /// assert!(v.capacity() >= 10);
    /// assert!(v.try_reserve(usize::MAX).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), AllocError> {
        self.vec.try_reserve(additional)
    }

    /// Clones and appends every element of `other`.
    ///
    /// If a `clone` panics, the elements appended before it stay in the builder.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` bytes or the scratch cannot
    /// allocate, or if a `clone` panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.extend_from_slice(&[1, 2]);
    /// assert_eq!(v, [1, 2]);
    /// ```
    #[track_caller]
    pub fn extend_from_slice(&mut self, other: &[T])
    where
        T: Clone,
    {
        self.vec.extend_from_slice(other);
    }

    /// Clones and appends every element of `other`.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` bytes or the scratch cannot
    /// allocate; the builder is then unchanged.
    ///
    /// # Panics
    ///
    /// Panics if a `clone` panics; the elements appended before it stay in the builder.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.try_extend_from_slice(&["a", "b"])?;
    /// assert_eq!(v, ["a", "b"]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_extend_from_slice(&mut self, other: &[T]) -> Result<(), AllocError>
    where
        T: Clone,
    {
        self.vec.try_extend_from_slice(other)
    }

    /// Appends every item of `iter`, as [`Extend::extend`] does.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` bytes or the scratch cannot
    /// allocate; the items appended before the failure stay.
    ///
    /// # Panics
    ///
    /// Panics if the iterator panics; the items appended before it stay in the builder.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchVec};
    ///
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.try_extend("abc".chars())?;
    /// assert_eq!(v, ['a', 'b', 'c']);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_extend<I: IntoIterator<Item = T>>(&mut self, iter: I) -> Result<(), AllocError> {
        self.vec.try_extend(iter)
    }

    /// Moves the elements into `arena`, in one block of exactly [`len`](Self::len)
    /// elements, and gives the scratch memory back; the result drops them like any
    /// [`ArenaVec`].
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate; the elements are then dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump, Scratch, ScratchVec};
    ///
    /// let bump = Bump::new();
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.extend(["a".to_string(), "b".to_string()]);
    /// let frozen: ArenaVec<String> = v.freeze(&bump);
    /// assert_eq!((frozen.len(), frozen.capacity()), (2, 2));
    /// assert_eq!(scratch.allocated_bytes(), 0);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn freeze<'a, A: Arena>(self, arena: &'a A) -> ArenaVec<'a, T, A> {
        unwrap_alloc(self.try_freeze(arena))
    }

    /// Moves the elements into `arena`, in one block of exactly [`len`](Self::len)
    /// elements, and gives the scratch memory back; the result drops them like any
    /// [`ArenaVec`].
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate; the elements are then dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Bump, Scratch, ScratchVec};
    ///
    /// let bump = Bump::new();
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::with_capacity_in(100, &scratch);
    /// v.extend([1u32, 2, 3]);
    /// let frozen = v.try_freeze(&bump)?;
    /// assert_eq!((frozen.len(), frozen.capacity()), (3, 3));
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_freeze<'a, A: Arena>(
        mut self,
        arena: &'a A,
    ) -> Result<ArenaVec<'a, T, A>, AllocError> {
        let len = self.vec.len();
        let mut frozen = ArenaVec::try_with_capacity_in(len, arena)?;
        // SAFETY: the builder's first `len` slots are initialised ([init] of `ArenaVec`) and
        // `frozen` has room for `len` (its capacity is at least `len`); the two buffers are
        // different blocks (the scratch's arena is private to it), so they do not overlap.
        unsafe { ptr::copy_nonoverlapping(self.vec.as_ptr(), frozen.as_mut_ptr(), len) };
        // SAFETY: the elements were moved out bitwise just above, so the builder must forget
        // them (length 0 needs nothing initialised) and `frozen` now owns `len` initialised
        // values, within its capacity.
        unsafe {
            self.vec.set_len(0);
            frozen.set_len(len);
        }
        Ok(frozen)
    }

    /// Moves the elements into `arena`, in one block of exactly [`len`](Self::len)
    /// elements, and returns them as a slice that lives as long as the arena.
    ///
    /// As with [`ArenaVec::into_arena_slice`], the elements are then **never dropped**.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate; the elements are then dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Bump, Scratch, ScratchVec};
    ///
    /// let bump = Bump::new();
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.extend(0..1000u16);
    /// let frozen: &[u16] = v.into_arena_slice(&bump);
    /// assert_eq!(frozen.len(), 1000);
    /// assert_eq!(bump.stats().allocated_bytes, 2000);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn into_arena_slice<A: Arena>(self, arena: &A) -> &mut [T] {
        unwrap_alloc(self.try_into_arena_slice(arena))
    }

    /// Moves the elements into `arena`, in one block of exactly [`len`](Self::len)
    /// elements, and returns them as a slice that lives as long as the arena.
    ///
    /// As with [`ArenaVec::into_arena_slice`], the elements are then **never dropped**.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate; the elements are then dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Bump, Scratch, ScratchVec};
    ///
    /// let bump = Bump::new();
    /// let scratch = Scratch::new();
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.extend([1u8, 2]);
    /// assert_eq!(v.try_into_arena_slice(&bump)?, [1, 2]);
    ///
    /// let full = Bump::new();
    /// full.set_allocation_limit(Some(0));
    /// let mut v = ScratchVec::new_in(&scratch);
    /// v.push(3u8);
    /// assert!(v.try_into_arena_slice(&full).is_err());
    /// assert_eq!(scratch.allocated_bytes(), 0);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_into_arena_slice<A: Arena>(self, arena: &A) -> Result<&mut [T], AllocError> {
        Ok(self.try_freeze(arena)?.into_arena_slice())
    }
}
