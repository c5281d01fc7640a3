//! The [`LocalBump`] forms of the methods of `api_init.rs` and `api_fill.rs`: the same
//! helpers, with results that outlive the handle.

use core::mem::MaybeUninit;

use super::sync_arenas::outlive_handle;
use super::{
    AllocOrInitError, try_alloc_slice_from_iter, try_alloc_slice_try_fill_iter,
    try_alloc_slice_try_fill_with, try_alloc_try_with, try_alloc_uninit, try_alloc_uninit_slice,
    unwrap_alloc_or_init,
};
use crate::error::{AllocError, unwrap_alloc};
use crate::raw::local_bump::LocalBump;

impl<'a> LocalBump<'a> {
    /// Allocates room for a `T`, then writes the `Ok` value of `f()` into it; the reference
    /// outlives the handle.
    ///
    /// If `f` returns `Err` (or panics), the room is given back when it is still the newest
    /// block.
    ///
    /// # Errors
    ///
    /// The error `f` returned.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate (`f` is then not called), and passes on a panic
    /// of `f`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// let n = arena.local().alloc_try_with(|| "42".parse::<u32>())?;
    /// assert_eq!(*n, 42);
    /// # Ok::<(), core::num::ParseIntError>(())
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_try_with<T, E>(&self, f: impl FnOnce() -> Result<T, E>) -> Result<&'a mut T, E> {
        unwrap_alloc_or_init(self.try_alloc_try_with(f))
    }

    /// Allocates room for a `T`, then writes the `Ok` value of `f()` into it.
    ///
    /// # Errors
    ///
    /// [`AllocOrInitError::Alloc`] if the arena cannot allocate (`f` is then not called);
    /// [`AllocOrInitError::Init`] with the error `f` returned.
    ///
    /// # Panics
    ///
    /// Passes on a panic of `f`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{AllocOrInitError, SyncBump};
    ///
    /// let arena = SyncBump::new();
    /// let local = arena.local();
    /// assert_eq!(*local.try_alloc_try_with(|| Ok::<_, ()>(5u8))?, 5);
    /// let err = local.try_alloc_try_with(|| Err::<u8, _>("no")).unwrap_err();
    /// assert_eq!(err, AllocOrInitError::Init("no"));
    /// # Ok::<(), AllocOrInitError<()>>(())
    /// ```
    #[inline(always)]
    pub fn try_alloc_try_with<T, E>(
        &self,
        f: impl FnOnce() -> Result<T, E>,
    ) -> Result<&'a mut T, AllocOrInitError<E>> {
        let value = try_alloc_try_with(self, f)?;
        // SAFETY: a fresh block from this handle, referred to by `value` alone.
        Ok(unsafe { outlive_handle(value) })
    }

    /// Allocates room for a `T` and leaves it uninitialised; the reference outlives the
    /// handle. Whatever is written there is never dropped.
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
    /// let slot = arena.local().alloc_uninit::<u64>();
    /// assert_eq!(*slot.write(7), 7);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_uninit<T>(&self) -> &'a mut MaybeUninit<T> {
        unwrap_alloc(self.try_alloc_uninit())
    }

    /// Allocates room for a `T` and leaves it uninitialised.
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
    /// let slot = arena.local().try_alloc_uninit::<[u8; 2]>()?;
    /// assert_eq!(*slot.write(*b"ok"), *b"ok");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline(always)]
    pub fn try_alloc_uninit<T>(&self) -> Result<&'a mut MaybeUninit<T>, AllocError> {
        let slot = try_alloc_uninit(self)?;
        // SAFETY: a fresh block from this handle, referred to by `slot` alone.
        Ok(unsafe { outlive_handle(slot) })
    }

    /// Allocates room for `len` values of `T` and leaves it uninitialised; the slice outlives
    /// the handle. Whatever is written there is never dropped.
    ///
    /// # Panics
    ///
    /// Panics if `len` values of `T` overflow `isize::MAX` bytes or the arena cannot
    /// allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// let room = arena.local().alloc_uninit_slice::<u32>(2);
    /// room[0].write(1);
    /// room[1].write(2);
    /// // SAFETY: both values were just written.
    /// assert_eq!(unsafe { room[1].assume_init() }, 2);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_uninit_slice<T>(&self, len: usize) -> &'a mut [MaybeUninit<T>] {
        unwrap_alloc(self.try_alloc_uninit_slice(len))
    }

    /// Allocates room for `len` values of `T` and leaves it uninitialised.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `len` values of `T` overflow `isize::MAX` bytes or the arena cannot
    /// allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// let local = arena.local();
    /// assert_eq!(local.try_alloc_uninit_slice::<u16>(8)?.len(), 8);
    /// assert!(local.try_alloc_uninit_slice::<u16>(usize::MAX).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_uninit_slice<T>(
        &self,
        len: usize,
    ) -> Result<&'a mut [MaybeUninit<T>], AllocError> {
        let slice = try_alloc_uninit_slice(self, len)?;
        // SAFETY: a fresh block from this handle, referred to by `slice` alone.
        Ok(unsafe { outlive_handle(slice) })
    }

    /// Allocates `len` copies of `value`; the slice outlives the handle.
    ///
    /// # Panics
    ///
    /// Panics if `len` values of `T` overflow `isize::MAX` bytes or the arena cannot
    /// allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().alloc_slice_fill_copy(3, 7u8), &[7, 7, 7]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_fill_copy<T: Copy>(&self, len: usize, value: T) -> &'a mut [T] {
        unwrap_alloc(self.try_alloc_slice_fill_copy(len, value))
    }

    /// Allocates `len` copies of `value`.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`LocalBump::try_alloc_slice_fill_with`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().try_alloc_slice_fill_copy(2, 'x')?, &['x', 'x']);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_slice_fill_copy<T: Copy>(
        &self,
        len: usize,
        value: T,
    ) -> Result<&'a mut [T], AllocError> {
        self.try_alloc_slice_fill_with(len, |_| value)
    }

    /// Allocates `len` clones of `value`, front to back; if a `clone` panics, the clones made
    /// so far are dropped. The slice outlives the handle.
    ///
    /// # Panics
    ///
    /// Panics if `len` values of `T` overflow `isize::MAX` bytes or the arena cannot
    /// allocate, and passes on a panic of `T::clone`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().alloc_slice_fill_clone(2, &String::from("n")), ["n", "n"]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_fill_clone<T: Clone>(&self, len: usize, value: &T) -> &'a mut [T] {
        unwrap_alloc(self.try_alloc_slice_fill_clone(len, value))
    }

    /// Allocates `len` clones of `value`, front to back.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`LocalBump::try_alloc_slice_fill_with`].
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
    /// assert_eq!(arena.local().try_alloc_slice_fill_clone(2, &vec![1])?, [[1], [1]]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_slice_fill_clone<T: Clone>(
        &self,
        len: usize,
        value: &T,
    ) -> Result<&'a mut [T], AllocError> {
        self.try_alloc_slice_fill_with(len, |_| value.clone())
    }

    /// Allocates `len` values made by `T::default()`, front to back; if a `default` panics,
    /// the values made so far are dropped. The slice outlives the handle.
    ///
    /// # Panics
    ///
    /// Panics if `len` values of `T` overflow `isize::MAX` bytes or the arena cannot
    /// allocate, and passes on a panic of `T::default`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().alloc_slice_fill_default::<u8>(2), &[0, 0]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_fill_default<T: Default>(&self, len: usize) -> &'a mut [T] {
        unwrap_alloc(self.try_alloc_slice_fill_default(len))
    }

    /// Allocates `len` values made by `T::default()`, front to back.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`LocalBump::try_alloc_slice_fill_with`].
    ///
    /// # Panics
    ///
    /// Passes on a panic of `T::default`, after dropping the values made so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().try_alloc_slice_fill_default::<String>(3)?.concat(), "");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_slice_fill_default<T: Default>(
        &self,
        len: usize,
    ) -> Result<&'a mut [T], AllocError> {
        self.try_alloc_slice_fill_with(len, |_| T::default())
    }

    /// Allocates the items of any iterator, in order; the slice outlives the handle.
    ///
    /// `size_hint` is not trusted (see [`SyncBump::alloc_slice_from_iter`]). If the iterator
    /// panics, the items taken so far are dropped.
    ///
    /// [`SyncBump::alloc_slice_from_iter`]: crate::SyncBump::alloc_slice_from_iter
    ///
    /// # Panics
    ///
    /// Panics if the slice would overflow `isize::MAX` bytes or the arena cannot allocate
    /// (the items taken so far are dropped), and passes on a panic of the iterator.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// let odd = arena.local().alloc_slice_from_iter((0..10).filter(|n| n % 2 == 1));
    /// assert_eq!(odd, &[1, 3, 5, 7, 9]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_from_iter<T>(&self, iter: impl IntoIterator<Item = T>) -> &'a mut [T] {
        unwrap_alloc(self.try_alloc_slice_from_iter(iter))
    }

    /// Allocates the items of any iterator, in order.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the slice would overflow `isize::MAX` bytes or the arena cannot
    /// allocate; the items taken so far are then dropped.
    ///
    /// # Panics
    ///
    /// Passes on a panic of the iterator, after dropping the items taken so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// let words = arena.local().try_alloc_slice_from_iter("a bb".split(' '))?;
    /// assert_eq!(words, ["a", "bb"]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_slice_from_iter<T>(
        &self,
        iter: impl IntoIterator<Item = T>,
    ) -> Result<&'a mut [T], AllocError> {
        let slice = try_alloc_slice_from_iter(self, iter)?;
        // SAFETY: a fresh block from this handle, referred to by `slice` alone.
        Ok(unsafe { outlive_handle(slice) })
    }

    /// Allocates `len` values made by `f(index)`, front to back, stopping at the first `Err`
    /// (the values made so far are then dropped). The slice outlives the handle.
    ///
    /// # Errors
    ///
    /// The first error `f` returned.
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
    /// let digits = arena.local().alloc_slice_try_fill_with(2, |i| "12"[i..=i].parse::<u8>())?;
    /// assert_eq!(digits, &[1, 2]);
    /// # Ok::<(), core::num::ParseIntError>(())
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_try_fill_with<T, E>(
        &self,
        len: usize,
        f: impl FnMut(usize) -> Result<T, E>,
    ) -> Result<&'a mut [T], E> {
        unwrap_alloc_or_init(self.try_alloc_slice_try_fill_with(len, f))
    }

    /// Allocates `len` values made by `f(index)`, front to back, stopping at the first `Err`.
    ///
    /// # Errors
    ///
    /// [`AllocOrInitError::Alloc`] if `len` values of `T` overflow `isize::MAX` bytes or the
    /// arena cannot allocate (`f` is then not called); [`AllocOrInitError::Init`] with the
    /// first error `f` returned.
    ///
    /// # Panics
    ///
    /// Passes on a panic of `f`, after dropping the values made so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{AllocOrInitError, SyncBump};
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.local().try_alloc_slice_try_fill_with(2, Ok::<_, ()>)?, &[0, 1]);
    /// # Ok::<(), AllocOrInitError<()>>(())
    /// ```
    #[inline]
    pub fn try_alloc_slice_try_fill_with<T, E>(
        &self,
        len: usize,
        f: impl FnMut(usize) -> Result<T, E>,
    ) -> Result<&'a mut [T], AllocOrInitError<E>> {
        let slice = try_alloc_slice_try_fill_with(self, len, f)?;
        // SAFETY: a fresh block from this handle, referred to by `slice` alone.
        Ok(unsafe { outlive_handle(slice) })
    }

    /// Allocates the `Ok` values of an exact-size iterator of results, in order, stopping at
    /// the first `Err`; the slice outlives the handle.
    ///
    /// # Errors
    ///
    /// The first error the iterator yielded.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate or the iterator yields fewer items than its
    /// `len()` reported.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// let ok = arena.local().alloc_slice_try_fill_iter(["1", "2"].map(str::parse::<u8>))?;
    /// assert_eq!(ok, &[1, 2]);
    /// # Ok::<(), core::num::ParseIntError>(())
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_try_fill_iter<T, E, I>(&self, iter: I) -> Result<&'a mut [T], E>
    where
        I: IntoIterator<Item = Result<T, E>>,
        I::IntoIter: ExactSizeIterator,
    {
        unwrap_alloc_or_init(self.try_alloc_slice_try_fill_iter(iter))
    }

    /// Allocates the `Ok` values of an exact-size iterator of results, in order, stopping at
    /// the first `Err`.
    ///
    /// # Errors
    ///
    /// As [`LocalBump::try_alloc_slice_try_fill_with`].
    ///
    /// # Panics
    ///
    /// Panics if the iterator yields fewer items than its `len()` reported.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{AllocOrInitError, SyncBump};
    ///
    /// let arena = SyncBump::new();
    /// let err = arena.local().try_alloc_slice_try_fill_iter([Ok(1), Err('e')]).unwrap_err();
    /// assert_eq!(err, AllocOrInitError::Init('e'));
    /// ```
    #[inline]
    pub fn try_alloc_slice_try_fill_iter<T, E, I>(
        &self,
        iter: I,
    ) -> Result<&'a mut [T], AllocOrInitError<E>>
    where
        I: IntoIterator<Item = Result<T, E>>,
        I::IntoIter: ExactSizeIterator,
    {
        let slice = try_alloc_slice_try_fill_iter(self, iter)?;
        // SAFETY: a fresh block from this handle, referred to by `slice` alone.
        Ok(unsafe { outlive_handle(slice) })
    }
}
