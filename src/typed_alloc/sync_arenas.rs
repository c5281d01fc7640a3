//! The typed allocation API of the thread-safe arena (the one [`Bump`](crate::Bump) has) and
//! of its per-thread handle: thin wrappers over the generic helpers of the parent module.

use core::ptr;

use super::{
    try_alloc_slice_clone, try_alloc_slice_copy, try_alloc_slice_fill_iter,
    try_alloc_slice_fill_with, try_alloc_str, try_alloc_with,
};
use crate::error::{AllocError, unwrap_alloc};
use crate::raw::local_bump::LocalBump;
use crate::raw::sync_bump::SyncBump;

super::impl_typed_alloc_api!(SyncBump);

/// Lets a reference to a block a [`LocalBump`] handed out live as long as its arena's borrow.
///
/// # Safety
///
/// - `r` points into a block handed out by a `LocalBump<'a>` (or is a dangling zero-sized
///   one), and nothing else refers to it.
#[inline(always)]
pub(super) unsafe fn outlive_handle<'a, T: ?Sized + 'a>(r: &mut T) -> &'a mut T {
    // SAFETY: the block is arena memory (the handle's `RawArena` contract), freed only by
    // `SyncBump::reset(&mut self)` or the arena's drop, both ruled out while the `'a` borrow
    // of the arena lives; the caller promises it is unaliased.
    unsafe { &mut *ptr::from_mut(r) }
}

impl<'a> LocalBump<'a> {
    /// Moves `value` into the arena and returns a reference that outlives the handle.
    ///
    /// The value is never dropped.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// let x = arena.local().alloc(41);
    /// *x += 1; // the handle is already dropped
    /// assert_eq!(*x, 42);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc<T>(&self, value: T) -> &'a mut T {
        unwrap_alloc(self.try_alloc(value))
    }

    /// Moves `value` into the arena and returns a reference that outlives the handle.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate; `value` is then dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(*arena.local().try_alloc(5i32)?, 5);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline(always)]
    pub fn try_alloc<T>(&self, value: T) -> Result<&'a mut T, AllocError> {
        self.try_alloc_with(|| value)
    }

    /// Allocates room for a `T`, then writes `f()` into it.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().alloc_with(|| [1u16; 300])[299], 1);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_with<T>(&self, f: impl FnOnce() -> T) -> &'a mut T {
        unwrap_alloc(self.try_alloc_with(f))
    }

    /// Allocates room for a `T`, then writes `f()` into it.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate; `f` is then not called.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().try_alloc_with(|| [7u8; 32])?[31], 7);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline(always)]
    pub fn try_alloc_with<T>(&self, f: impl FnOnce() -> T) -> Result<&'a mut T, AllocError> {
        let value = try_alloc_with(self, f)?;
        // SAFETY: a fresh block from this handle, referred to by `value` alone.
        Ok(unsafe { outlive_handle(value) })
    }

    /// Copies `src` into the arena.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().alloc_slice_copy(&[1, 2, 3]), &[1, 2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &'a mut [T] {
        unwrap_alloc(self.try_alloc_slice_copy(src))
    }

    /// Copies `src` into the arena.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().try_alloc_slice_copy(b"abc")?, b"abc");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_slice_copy<T: Copy>(&self, src: &[T]) -> Result<&'a mut [T], AllocError> {
        let slice = try_alloc_slice_copy(self, src)?;
        // SAFETY: a fresh block from this handle, referred to by `slice` alone.
        Ok(unsafe { outlive_handle(slice) })
    }

    /// Clones `src` into the arena, front to back; if a `clone` panics, the clones made so
    /// far are dropped.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate, and passes on a panic of `T::clone`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// let names = arena.local().alloc_slice_clone(&["a".to_string(), "b".to_string()]);
    /// assert_eq!(names[1], "b");
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_clone<T: Clone>(&self, src: &[T]) -> &'a mut [T] {
        unwrap_alloc(self.try_alloc_slice_clone(src))
    }

    /// Clones `src` into the arena, front to back.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate.
    ///
    /// # Panics
    ///
    /// Passes on a panic of `T::clone`, after dropping the clones made so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().try_alloc_slice_clone(&[vec![1], vec![2]])?[0], [1]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_slice_clone<T: Clone>(&self, src: &[T]) -> Result<&'a mut [T], AllocError> {
        let slice = try_alloc_slice_clone(self, src)?;
        // SAFETY: a fresh block from this handle, referred to by `slice` alone.
        Ok(unsafe { outlive_handle(slice) })
    }

    /// Allocates `len` values, the one at index `i` made by `f(i)`, front to back; if `f`
    /// panics, the values made so far are dropped.
    ///
    /// # Panics
    ///
    /// Panics if `len` values of `T` overflow `isize::MAX` bytes or the arena cannot
    /// allocate, and passes on a panic of `f`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().alloc_slice_fill_with(4, |i| i * i), &[0, 1, 4, 9]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_fill_with<T>(&self, len: usize, f: impl FnMut(usize) -> T) -> &'a mut [T] {
        unwrap_alloc(self.try_alloc_slice_fill_with(len, f))
    }

    /// Allocates `len` values, the one at index `i` made by `f(i)`, front to back.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `len` values of `T` overflow `isize::MAX` bytes or the arena cannot
    /// allocate; `f` is then not called.
    ///
    /// # Panics
    ///
    /// Passes on a panic of `f`, after dropping the values made so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// let local = arena.local();
    /// assert_eq!(local.try_alloc_slice_fill_with(3, |i| i as u8)?, &[0, 1, 2]);
    /// assert!(local.try_alloc_slice_fill_with(usize::MAX, |_| 0u16).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_slice_fill_with<T>(
        &self,
        len: usize,
        f: impl FnMut(usize) -> T,
    ) -> Result<&'a mut [T], AllocError> {
        let slice = try_alloc_slice_fill_with(self, len, f)?;
        // SAFETY: a fresh block from this handle, referred to by `slice` alone.
        Ok(unsafe { outlive_handle(slice) })
    }

    /// Allocates the items of an exact-size iterator, in order.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate or the iterator yields fewer items than its
    /// `len()` reported (the items taken are dropped).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().alloc_slice_fill_iter((0..4).map(|i| i * 2)), &[0, 2, 4, 6]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_fill_iter<I>(&self, iter: I) -> &'a mut [I::Item]
    where
        I: IntoIterator,
        I::IntoIter: ExactSizeIterator,
    {
        unwrap_alloc(self.try_alloc_slice_fill_iter(iter))
    }

    /// Allocates the items of an exact-size iterator, in order.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`LocalBump::try_alloc_slice_fill_with`].
    ///
    /// # Panics
    ///
    /// Panics if the iterator yields fewer items than its `len()` reported.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().try_alloc_slice_fill_iter([3, 2, 1])?, &[3, 2, 1]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_slice_fill_iter<I>(&self, iter: I) -> Result<&'a mut [I::Item], AllocError>
    where
        I: IntoIterator,
        I::IntoIter: ExactSizeIterator,
    {
        let slice = try_alloc_slice_fill_iter(self, iter)?;
        // SAFETY: a fresh block from this handle, referred to by `slice` alone.
        Ok(unsafe { outlive_handle(slice) })
    }

    /// Copies `src` into the arena.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().alloc_str("hello"), "hello");
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_str(&self, src: &str) -> &'a mut str {
        unwrap_alloc(self.try_alloc_str(src))
    }

    /// Copies `src` into the arena.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().try_alloc_str("hi")?, "hi");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_str(&self, src: &str) -> Result<&'a mut str, AllocError> {
        let s = try_alloc_str(self, src)?;
        // SAFETY: a fresh block from this handle, referred to by `s` alone.
        Ok(unsafe { outlive_handle(s) })
    }
}
