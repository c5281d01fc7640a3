//! `ArenaVec`, a growable vector in an arena: the type, its basic constructors, accessors and
//! single-element edits. `vec/capacity.rs` holds reserving and shrinking, `vec/convert.rs`
//! the other constructors and the conversions, `vec/extend.rs` extending, `vec/bulk.rs` the
//! other bulk edits, `vec/splice.rs` and `vec/extract_if.rs` those two edits, `vec/buf.rs`
//! the raw buffer, `vec/into_iter.rs` and `vec/drain.rs` the iterators, `vec/impls.rs` the
//! trait impls.

mod buf;
mod bulk;
mod capacity;
mod convert;
mod drain;
mod extend;
mod extract_if;
mod impls;
mod into_iter;
mod splice;

use core::marker::PhantomData;
use core::ptr;
use core::slice;

use self::buf::RawBuf;
pub use self::drain::Drain;
pub use self::extract_if::ExtractIf;
pub use self::into_iter::IntoIter;
pub use self::splice::Splice;
use crate::arena::Arena;
use crate::error::{AllocError, unwrap_alloc};
use crate::raw::bump::Bump;

/// A contiguous growable vector whose buffer lives in an arena, like [`Vec`](alloc::vec::Vec).
///
/// An `ArenaVec` drops its elements, front to back, when it is dropped, and gives its buffer
/// back to the arena (the bytes are reused only when the buffer is the arena's newest block).
/// It borrows the arena for `'a`, so it cannot outlive it or survive a reset.
///
/// Growing is cheap when the vector's buffer is the arena's newest block: the buffer is
/// extended where it lies, without copying, as long as the current chunk has room. So the
/// vector being filled right now should be the last thing allocated.
///
/// Indexing and every method check bounds against the length, never the capacity.
///
/// `ArenaVec<'a, T, A>` is [`Send`] when `T: Send` and the arena is [`Sync`], and [`Sync`]
/// when `T: Sync` and the arena is [`Sync`]; a [`Bump`]-backed vector therefore stays on its
/// thread.
///
/// # Examples
///
/// ```
/// use bumpkit::{ArenaVec, Bump};
///
/// let bump = Bump::new();
/// let mut v = ArenaVec::new_in(&bump);
/// v.extend([3, 1, 2]);
/// v.sort();
/// v.push(4);
/// assert_eq!(v, [1, 2, 3, 4]);
/// assert_eq!(v.iter().sum::<i32>(), 10);
/// ```
pub struct ArenaVec<'a, T, A: Arena = Bump> {
    // Invariants:
    // - [init] `len <= buf.capacity()`, and the first `len` slots of `buf` hold initialised
    //   values owned by this vector.
    buf: RawBuf<'a, T, A>,
    len: usize,
    _owns: PhantomData<T>,
}

impl<'a, T, A: Arena> ArenaVec<'a, T, A> {
    /// Creates an empty vector in `arena`; it allocates nothing until it grows.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v: ArenaVec<u8> = ArenaVec::new_in(&bump);
    /// assert!(v.is_empty());
    /// assert_eq!(bump.stats().allocated_bytes, 0);
    /// ```
    #[must_use]
    pub const fn new_in(arena: &'a A) -> Self {
        Self {
            buf: RawBuf::new_in(arena),
            len: 0,
            _owns: PhantomData,
        }
    }

    /// Creates an empty vector in `arena` with room for at least `capacity` elements.
    ///
    /// # Panics
    ///
    /// Panics if `capacity` elements overflow `isize::MAX` bytes or the arena cannot
    /// allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v: ArenaVec<u64> = ArenaVec::with_capacity_in(10, &bump);
    /// assert_eq!((v.len(), v.capacity()), (0, 10));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn with_capacity_in(capacity: usize, arena: &'a A) -> Self {
        unwrap_alloc(Self::try_with_capacity_in(capacity, arena))
    }

    /// Creates an empty vector in `arena` with room for at least `capacity` elements.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `capacity` elements overflow `isize::MAX` bytes or the arena cannot
    /// allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v = ArenaVec::<u32>::try_with_capacity_in(100, &bump)?;
    /// assert!(v.capacity() >= 100);
    /// assert!(ArenaVec::<u32>::try_with_capacity_in(usize::MAX, &bump).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_with_capacity_in(capacity: usize, arena: &'a A) -> Result<Self, AllocError> {
        Ok(Self {
            buf: RawBuf::try_with_capacity_in(capacity, arena)?,
            len: 0,
            _owns: PhantomData,
        })
    }

    /// Returns the number of elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// assert_eq!(arena_vec![in &bump; 1, 2, 3].len(), 3);
    /// ```
    #[inline(always)]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.len
    }

    /// Returns whether the vector has no elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = ArenaVec::new_in(&bump);
    /// assert!(v.is_empty());
    /// v.push(1);
    /// assert!(!v.is_empty());
    /// ```
    #[inline(always)]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Returns how many elements the vector holds without growing (`usize::MAX` for
    /// zero-sized types).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v: ArenaVec<u16> = ArenaVec::with_capacity_in(5, &bump);
    /// assert_eq!(v.capacity(), 5);
    /// assert_eq!(ArenaVec::<()>::new_in(&bump).capacity(), usize::MAX);
    /// ```
    #[inline(always)]
    #[must_use]
    pub const fn capacity(&self) -> usize {
        self.buf.capacity()
    }

    /// Returns the arena the vector lives in.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v: ArenaVec<u8> = ArenaVec::new_in(&bump);
    /// assert!(core::ptr::eq(v.arena(), &bump));
    /// ```
    #[must_use]
    pub const fn arena(&self) -> &'a A {
        self.buf.arena()
    }

    /// Returns the elements as a slice.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v = arena_vec![in &bump; 1, 2];
    /// assert_eq!(v.as_slice(), &[1, 2]);
    /// ```
    #[inline(always)]
    #[must_use]
    pub const fn as_slice(&self) -> &[T] {
        // SAFETY: [init] the first `len` slots are initialised, and `&self` keeps them
        // from being changed.
        unsafe { slice::from_raw_parts(self.buf.ptr().as_ptr(), self.len) }
    }

    /// Returns the elements as a mutable slice.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 2];
    /// v.as_mut_slice()[0] = 5;
    /// assert_eq!(v, [5, 2]);
    /// ```
    #[inline(always)]
    #[must_use]
    pub const fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: [init] the first `len` slots are initialised, and `&mut self` makes this
        // the only access to them.
        unsafe { slice::from_raw_parts_mut(self.buf.ptr().as_ptr(), self.len) }
    }

    /// Returns a pointer to the buffer (dangling while the capacity is 0).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v = arena_vec![in &bump; 10u32, 20];
    /// // SAFETY: index 1 is below the length.
    /// assert_eq!(unsafe { *v.as_ptr().add(1) }, 20);
    /// ```
    #[inline(always)]
    #[must_use]
    pub const fn as_ptr(&self) -> *const T {
        self.buf.ptr().as_ptr()
    }

    /// Returns a mutable pointer to the buffer (dangling while the capacity is 0).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v: ArenaVec<u32> = ArenaVec::with_capacity_in(2, &bump);
    /// // SAFETY: the capacity is 2, and both slots are written before `set_len`.
    /// unsafe {
    ///     v.as_mut_ptr().write(1);
    ///     v.as_mut_ptr().add(1).write(2);
    ///     v.set_len(2);
    /// }
    /// assert_eq!(v, [1, 2]);
    /// ```
    #[inline(always)]
    #[must_use]
    pub const fn as_mut_ptr(&mut self) -> *mut T {
        self.buf.ptr().as_ptr()
    }

    /// Sets the length without dropping or initialising anything.
    ///
    /// # Safety
    ///
    /// - `new_len <= self.capacity()`.
    /// - The first `new_len` elements are initialised.
    /// - Elements past `new_len` that were initialised are now the caller's to drop (or
    ///   leak).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1u8, 2, 3];
    /// // SAFETY: 1 is below the capacity, and `u8` needs no drop.
    /// unsafe { v.set_len(1) };
    /// assert_eq!(v, [1]);
    /// ```
    #[inline(always)]
    pub const unsafe fn set_len(&mut self, new_len: usize) {
        debug_assert!(new_len <= self.capacity());
        // INVARIANT: [init] by the caller's contract.
        self.len = new_len;
    }

    /// Appends `value` to the back of the vector.
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
    /// v.push(7);
    /// assert_eq!(v, [7]);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn push(&mut self, value: T) {
        unwrap_alloc(self.try_push(value));
    }

    /// Appends `value` to the back of the vector.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` bytes or the arena cannot
    /// allocate; `value` is then dropped and the vector unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// bump.set_allocation_limit(Some(0));
    /// let mut v = ArenaVec::new_in(&bump);
    /// assert!(v.try_push(1u8).is_err());
    /// assert!(v.is_empty());
    /// ```
    #[inline(always)]
    pub fn try_push(&mut self, value: T) -> Result<(), AllocError> {
        self.buf.try_reserve(self.len, 1)?;
        // SAFETY: the reservation gives `len < capacity`, so the slot is in the buffer and
        // past the initialised prefix.
        unsafe { self.as_mut_ptr().add(self.len).write(value) };
        // INVARIANT: [init] the slot at `len` was just written.
        self.len += 1;
        Ok(())
    }

    /// Appends `value` to the back of the vector and returns a reference to it.
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
    /// *v.push_mut(2) *= 10;
    /// assert_eq!(v, [1, 20]);
    /// ```
    #[must_use = "if you don't need a reference to the value, use `ArenaVec::push` instead"]
    #[track_caller]
    pub fn push_mut(&mut self, value: T) -> &mut T {
        self.push(value);
        let last = self.len - 1;
        // SAFETY: [init] the slot at `len - 1` was just written.
        unsafe { &mut *self.as_mut_ptr().add(last) }
    }

    /// Removes the last element and returns it, or `None` if the vector is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 2];
    /// assert_eq!(v.pop(), Some(2));
    /// assert_eq!(v.pop(), Some(1));
    /// assert_eq!(v.pop(), None);
    /// ```
    #[inline]
    pub fn pop(&mut self) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        // INVARIANT: [init] the last value leaves the vector's ownership here.
        self.len -= 1;
        // SAFETY: the slot at the old `len - 1` is initialised ([init]) and no longer owned
        // by the vector, so it is read exactly once.
        Some(unsafe { self.as_ptr().add(self.len).read() })
    }

    /// Removes the last element and returns it if `predicate` returns `true` for it; returns
    /// `None` (and leaves the vector as it was) if the vector is empty or `predicate` returns
    /// `false`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 2, 4];
    /// assert_eq!(v.pop_if(|x| *x % 2 == 0), Some(4));
    /// assert_eq!(v.pop_if(|x| *x % 2 == 1), None);
    /// assert_eq!(v, [1, 2]);
    /// ```
    pub fn pop_if(&mut self, predicate: impl FnOnce(&mut T) -> bool) -> Option<T> {
        let last = self.as_mut_slice().last_mut()?;
        if predicate(last) { self.pop() } else { None }
    }

    /// Inserts `value` at `index`, shifting the elements after it to the right.
    ///
    /// # Panics
    ///
    /// Panics if `index > len`, or if the new capacity overflows `isize::MAX` bytes or the
    /// arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 3];
    /// v.insert(1, 2);
    /// v.insert(3, 4);
    /// assert_eq!(v, [1, 2, 3, 4]);
    /// ```
    #[track_caller]
    pub fn insert(&mut self, index: usize, value: T) {
        unwrap_alloc(self.try_insert(index, value));
    }

    /// Inserts `value` at `index`, shifting the elements after it to the right.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` bytes or the arena cannot
    /// allocate; `value` is then dropped and the vector unchanged.
    ///
    /// # Panics
    ///
    /// Panics if `index > len`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 'b'];
    /// v.try_insert(0, 'a')?;
    /// assert_eq!(v, ['a', 'b']);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[track_caller]
    pub fn try_insert(&mut self, index: usize, value: T) -> Result<(), AllocError> {
        let len = self.len;
        if index > len {
            index_out_of_bounds("insertion", "<=", index, len);
        }
        self.buf.try_reserve(len, 1)?;
        let slot = self.as_mut_ptr().wrapping_add(index);
        // SAFETY: `index <= len < capacity`, so `slot..slot + len - index + 1` is inside the
        // buffer; the shift moves the initialised tail one slot right.
        unsafe { ptr::copy(slot, slot.add(1), len - index) };
        // SAFETY: `slot` is in the buffer, and its value was moved right, so overwriting it
        // drops nothing.
        unsafe { slot.write(value) };
        // INVARIANT: [init] slots `0..=len` are initialised now.
        self.len = len + 1;
        Ok(())
    }

    /// Inserts `value` at `index`, shifting the elements after it to the right, and returns
    /// a reference to it.
    ///
    /// # Panics
    ///
    /// Panics if `index > len` (with std's message), or if the new capacity overflows
    /// `isize::MAX` bytes or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 3];
    /// *v.insert_mut(1, 2) += 20;
    /// assert_eq!(v, [1, 22, 3]);
    /// ```
    #[must_use = "if you don't need a reference to the value, use `ArenaVec::insert` instead"]
    #[track_caller]
    pub fn insert_mut(&mut self, index: usize, value: T) -> &mut T {
        self.insert(index, value);
        // SAFETY: [init] `insert` checked `index <= old len`, so `index < len` and the slot
        // holds the value just written.
        unsafe { &mut *self.as_mut_ptr().add(index) }
    }

    /// Removes and returns the element at `index`, shifting the elements after it left.
    ///
    /// # Panics
    ///
    /// Panics if `index >= len`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 2, 3];
    /// assert_eq!(v.remove(0), 1);
    /// assert_eq!(v, [2, 3]);
    /// ```
    #[track_caller]
    pub fn remove(&mut self, index: usize) -> T {
        let len = self.len;
        if index >= len {
            index_out_of_bounds("removal", "<", index, len);
        }
        let slot = self.as_mut_ptr().wrapping_add(index);
        // SAFETY: `index < len` ([init]), so the slot holds a value; it is read once and then
        // overwritten by the shift below.
        let value = unsafe { slot.read() };
        // SAFETY: slots `index + 1..len` are initialised and inside the buffer; they move
        // one slot left over the value just read.
        unsafe { ptr::copy(slot.add(1), slot, len - index - 1) };
        // INVARIANT: [init] slots `0..len - 1` hold the remaining values.
        self.len = len - 1;
        value
    }

    /// Removes and returns the element at `index`, moving the last element into its place.
    ///
    /// # Panics
    ///
    /// Panics if `index >= len`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 2, 3, 4];
    /// assert_eq!(v.swap_remove(1), 2);
    /// assert_eq!(v, [1, 4, 3]);
    /// ```
    #[track_caller]
    pub fn swap_remove(&mut self, index: usize) -> T {
        let len = self.len;
        if index >= len {
            index_out_of_bounds("swap_remove", "<", index, len);
        }
        let base = self.as_mut_ptr();
        // SAFETY: slots `index` and `len - 1` are initialised ([init]). The value at `index` is
        // read once, then the last value moves into its slot; `ptr::copy` allows the two to be
        // the same slot (removing the last element).
        let value = unsafe {
            let value = base.add(index).read();
            ptr::copy(base.add(len - 1), base.add(index), 1);
            value
        };
        // INVARIANT: [init] the old last slot was moved out, the rest stay initialised.
        self.len = len - 1;
        value
    }

    /// Shortens the vector to `len` elements, dropping the rest front to back; does nothing
    /// if `len >= self.len()`. The capacity is kept.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 2, 3];
    /// v.truncate(1);
    /// assert_eq!(v, [1]);
    /// v.truncate(5);
    /// assert_eq!(v, [1]);
    /// ```
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        let tail =
            ptr::slice_from_raw_parts_mut(self.as_mut_ptr().wrapping_add(len), self.len - len);
        // INVARIANT: [init] the tail leaves the vector first, so a panicking destructor
        // cannot make it dropped twice.
        self.len = len;
        // SAFETY: the tail was initialised ([init]) and is no longer owned by the vector, so
        // it is dropped exactly once; slice drops go front to back and keep going past a
        // panic.
        unsafe { ptr::drop_in_place(tail) };
    }

    /// Drops every element (front to back), keeping the capacity.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut v = arena_vec![in &bump; 1, 2, 3];
    /// v.clear();
    /// assert!(v.is_empty());
    /// assert!(v.capacity() >= 3);
    /// ```
    pub fn clear(&mut self) {
        self.truncate(0);
    }

    /// Appends `value` into reserved room.
    ///
    /// # Safety
    ///
    /// - `len < capacity`.
    #[inline(always)]
    unsafe fn push_unchecked(&mut self, value: T) {
        debug_assert!(self.len < self.capacity());
        // SAFETY: `len < capacity` (caller), so the slot is in the buffer, past the values.
        unsafe { self.as_mut_ptr().add(self.len).write(value) };
        // INVARIANT: [init] the slot at `len` was just written.
        self.len += 1;
    }
}

impl<'a, T, A: Arena> Drop for ArenaVec<'a, T, A> {
    fn drop(&mut self) {
        // SAFETY: [init] the first `len` slots are initialised and owned, and nothing uses
        // them after this; slice drops run front to back and keep going past a panic. The
        // buffer is given back by the `buf` field's drop, panic or not.
        unsafe { ptr::drop_in_place(self.as_mut_slice()) };
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn index_out_of_bounds(what: &str, relation: &str, index: usize, len: usize) -> ! {
    panic!("{what} index (is {index}) should be {relation} len (is {len})")
}
