//! Typed allocation on top of a raw arena: values, slices and strings, written once over
//! [`RawArena`] and exposed as inherent methods of the arenas.
#![expect(
    clippy::mut_from_ref,
    reason = "every call hands out a fresh, unaliased block"
)]

use core::alloc::Layout;
use core::ptr::NonNull;
use core::{mem, slice, str};

use crate::error::{AllocError, AllocErrorKind, unwrap_alloc};
use crate::raw::RawArena;
use crate::raw::bump::Bump;

mod sync_arenas;

/// Allocates an uninitialised array of `len` values of `T`.
#[inline(always)]
fn try_alloc_array<A: RawArena + ?Sized, T>(
    arena: &A,
    len: usize,
) -> Result<NonNull<T>, AllocError> {
    let as_elements = |kind| AllocError::for_elements(kind, len, size_of::<T>());
    let layout = Layout::array::<T>(len).map_err(|_| as_elements(AllocErrorKind::SizeOverflow))?;
    match arena.try_alloc_layout(layout) {
        Ok(ptr) => Ok(ptr.cast()),
        Err(err) => Err(as_elements(err.kind())),
    }
}

/// Allocates a `T` and writes `f()` straight into it.
#[inline(always)]
pub(crate) fn try_alloc_with<A: RawArena + ?Sized, T>(
    arena: &A,
    f: impl FnOnce() -> T,
) -> Result<&mut T, AllocError> {
    let ptr = arena.try_alloc_layout(Layout::new::<T>())?.cast::<T>();
    // SAFETY: `ptr` is a fresh block aligned and sized for a `T` ([`RawArena`] contract).
    unsafe { ptr.write(f()) };
    // SAFETY: the `T` was just written, and the block stays valid and unaliased for as long
    // as the arena is borrowed.
    Ok(unsafe { &mut *ptr.as_ptr() })
}

/// Allocates a copy of `src`.
#[inline]
pub(crate) fn try_alloc_slice_copy<'a, A: RawArena + ?Sized, T: Copy>(
    arena: &'a A,
    src: &[T],
) -> Result<&'a mut [T], AllocError> {
    let ptr = try_alloc_array::<A, T>(arena, src.len())?;
    // SAFETY: `ptr` is a fresh block for `src.len()` values, so it cannot overlap `src`.
    unsafe { ptr.copy_from_nonoverlapping(NonNull::from(src).cast(), src.len()) };
    // SAFETY: all `src.len()` values were just initialised; the block lives as long as the arena's borrow.
    Ok(unsafe { slice::from_raw_parts_mut(ptr.as_ptr(), src.len()) })
}

/// Allocates `len` values made by `f(index)`, front to back. If `f` panics, the values made
/// so far are dropped.
#[inline]
pub(crate) fn try_alloc_slice_fill_with<A: RawArena + ?Sized, T>(
    arena: &A,
    len: usize,
    mut f: impl FnMut(usize) -> T,
) -> Result<&mut [T], AllocError> {
    let ptr = try_alloc_array::<A, T>(arena, len)?;
    let mut filled = DropPrefix { start: ptr, len: 0 };
    while filled.len < len {
        let value = f(filled.len);
        // SAFETY: `filled.len < len`, so the slot is inside the block.
        unsafe { ptr.add(filled.len).write(value) };
        filled.len += 1;
    }
    mem::forget(filled);
    // SAFETY: all `len` values were initialised by the loop; the block lives as long as the arena's borrow.
    Ok(unsafe { slice::from_raw_parts_mut(ptr.as_ptr(), len) })
}

/// Allocates clones of `src`. If a `clone` panics, the clones made so far are dropped.
#[inline]
pub(crate) fn try_alloc_slice_clone<'a, A: RawArena + ?Sized, T: Clone>(
    arena: &'a A,
    src: &[T],
) -> Result<&'a mut [T], AllocError> {
    try_alloc_slice_fill_with(arena, src.len(), |i| src[i].clone())
}

/// Allocates the items of an exact-size iterator.
///
/// # Panics
///
/// Panics if the iterator yields fewer items than its `len()` said (the items taken so far
/// are dropped). Items past `len()` are not taken.
#[inline]
pub(crate) fn try_alloc_slice_fill_iter<A, I>(
    arena: &A,
    iter: I,
) -> Result<&mut [I::Item], AllocError>
where
    A: RawArena + ?Sized,
    I: IntoIterator,
    I::IntoIter: ExactSizeIterator,
{
    let mut iter = iter.into_iter();
    let len = iter.len();
    try_alloc_slice_fill_with(arena, len, |i| match iter.next() {
        Some(item) => item,
        None => short_iterator(len, i),
    })
}

#[cold]
#[inline(never)]
#[track_caller]
fn short_iterator(len: usize, yielded: usize) -> ! {
    panic!("bumpkit: an ExactSizeIterator reported {len} items but yielded only {yielded}")
}

/// Allocates a copy of `src`.
#[inline]
pub(crate) fn try_alloc_str<'a, A: RawArena + ?Sized>(
    arena: &'a A,
    src: &str,
) -> Result<&'a mut str, AllocError> {
    let bytes = try_alloc_slice_copy(arena, src.as_bytes())?;
    // SAFETY: the bytes are a copy of a `str`, hence UTF-8.
    Ok(unsafe { str::from_utf8_unchecked_mut(bytes) })
}

/// Drops the first `len` values at `start` unless forgotten: the clean-up when filling a
/// slice panics midway.
struct DropPrefix<T> {
    start: NonNull<T>,
    len: usize,
}

impl<T> Drop for DropPrefix<T> {
    fn drop(&mut self) {
        // SAFETY: the first `len` values at `start` were initialised and are dropped only
        // here, as the slice holding them is never returned.
        unsafe { NonNull::slice_from_raw_parts(self.start, self.len).drop_in_place() };
    }
}

impl Bump {
    /// Moves `value` into the arena and returns a reference to it.
    ///
    /// The value is never dropped (see [`Bump`]).
    ///
    /// # Panics
    ///
    /// Panics if a new chunk would exceed the allocation limit or the global allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let point = bump.alloc((1, 2));
    /// point.0 += 10;
    /// assert_eq!(*point, (11, 2));
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc<T>(&self, value: T) -> &mut T {
        unwrap_alloc(self.try_alloc(value))
    }

    /// Moves `value` into the arena and returns a reference to it.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if a new chunk would exceed the allocation limit or the global
    /// allocator fails; `value` is then dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let x = bump.try_alloc(5i32)?;
    /// assert_eq!(*x, 5);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline(always)]
    pub fn try_alloc<T>(&self, value: T) -> Result<&mut T, AllocError> {
        try_alloc_with(self, || value)
    }

    /// Allocates room for a `T`, then writes `f()` into it, so a large value need not be built
    /// on the stack first (when `f` inlines).
    ///
    /// # Panics
    ///
    /// Panics if a new chunk would exceed the allocation limit or the global allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let table = bump.alloc_with(|| [0u64; 4096]);
    /// assert_eq!(table.len(), 4096);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_with<T>(&self, f: impl FnOnce() -> T) -> &mut T {
        unwrap_alloc(self.try_alloc_with(f))
    }

    /// Allocates room for a `T`, then writes `f()` into it.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`Bump::try_alloc`]; `f` is then not called.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let v = bump.try_alloc_with(|| [7u8; 32])?;
    /// assert_eq!(v[31], 7);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline(always)]
    pub fn try_alloc_with<T>(&self, f: impl FnOnce() -> T) -> Result<&mut T, AllocError> {
        try_alloc_with(self, f)
    }

    /// Copies `src` into the arena.
    ///
    /// # Panics
    ///
    /// Panics if a new chunk would exceed the allocation limit or the global allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let copy = bump.alloc_slice_copy(&[1, 2, 3]);
    /// copy[0] = 10;
    /// assert_eq!(copy, &[10, 2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &mut [T] {
        unwrap_alloc(self.try_alloc_slice_copy(src))
    }

    /// Copies `src` into the arena.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`Bump::try_alloc`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.try_alloc_slice_copy(b"abc")?, b"abc");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_slice_copy<T: Copy>(&self, src: &[T]) -> Result<&mut [T], AllocError> {
        try_alloc_slice_copy(self, src)
    }

    /// Clones `src` into the arena, front to back.
    ///
    /// The clones are never dropped, except that if a `clone` panics, the clones made so far
    /// are dropped before the panic continues.
    ///
    /// # Panics
    ///
    /// Panics if a new chunk would exceed the allocation limit or the global allocator fails,
    /// and passes on a panic of `T::clone`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let names = bump.alloc_slice_clone(&["a".to_string(), "b".to_string()]);
    /// assert_eq!(names[1], "b");
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_clone<T: Clone>(&self, src: &[T]) -> &mut [T] {
        unwrap_alloc(self.try_alloc_slice_clone(src))
    }

    /// Clones `src` into the arena, front to back.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`Bump::try_alloc`].
    ///
    /// # Panics
    ///
    /// Passes on a panic of `T::clone`, after dropping the clones made so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.try_alloc_slice_clone(&[vec![1], vec![2]])?[0], [1]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_slice_clone<T: Clone>(&self, src: &[T]) -> Result<&mut [T], AllocError> {
        try_alloc_slice_clone(self, src)
    }

    /// Allocates `len` values, the one at index `i` made by `f(i)`, front to back.
    ///
    /// If `f` panics, the values made so far are dropped before the panic continues.
    ///
    /// # Panics
    ///
    /// Panics if `len` values of `T` overflow `isize::MAX` bytes, a new chunk would exceed
    /// the allocation limit or the global allocator fails, and passes on a panic of `f`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let squares = bump.alloc_slice_fill_with(5, |i| i * i);
    /// assert_eq!(squares, &[0, 1, 4, 9, 16]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_fill_with<T>(&self, len: usize, f: impl FnMut(usize) -> T) -> &mut [T] {
        unwrap_alloc(self.try_alloc_slice_fill_with(len, f))
    }

    /// Allocates `len` values, the one at index `i` made by `f(i)`, front to back.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `len` values of `T` overflow `isize::MAX` bytes, or as
    /// [`Bump::try_alloc`]; `f` is then not called.
    ///
    /// # Panics
    ///
    /// Passes on a panic of `f`, after dropping the values made so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.try_alloc_slice_fill_with(3, |i| i as u8)?, &[0, 1, 2]);
    /// assert!(bump.try_alloc_slice_fill_with(usize::MAX, |_| 0u16).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_slice_fill_with<T>(
        &self,
        len: usize,
        f: impl FnMut(usize) -> T,
    ) -> Result<&mut [T], AllocError> {
        try_alloc_slice_fill_with(self, len, f)
    }

    /// Allocates the items of an exact-size iterator, in order.
    ///
    /// # Panics
    ///
    /// Panics if the allocation fails (as [`Bump::alloc_slice_fill_with`]) or the iterator
    /// yields fewer items than its `len()` reported (the items taken are dropped); items past
    /// `len()` are not taken.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let evens = bump.alloc_slice_fill_iter((0..5).map(|i| i * 2));
    /// assert_eq!(evens, &[0, 2, 4, 6, 8]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_slice_fill_iter<I>(&self, iter: I) -> &mut [I::Item]
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
    /// [`AllocError`] as [`Bump::try_alloc_slice_fill_with`].
    ///
    /// # Panics
    ///
    /// Panics if the iterator yields fewer items than its `len()` reported.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.try_alloc_slice_fill_iter([3, 2, 1])?, &[3, 2, 1]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_slice_fill_iter<I>(&self, iter: I) -> Result<&mut [I::Item], AllocError>
    where
        I: IntoIterator,
        I::IntoIter: ExactSizeIterator,
    {
        try_alloc_slice_fill_iter(self, iter)
    }

    /// Copies `src` into the arena.
    ///
    /// # Panics
    ///
    /// Panics if a new chunk would exceed the allocation limit or the global allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let s = bump.alloc_str("hello");
    /// s.make_ascii_uppercase();
    /// assert_eq!(s, "HELLO");
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc_str(&self, src: &str) -> &mut str {
        unwrap_alloc(self.try_alloc_str(src))
    }

    /// Copies `src` into the arena.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`Bump::try_alloc`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.try_alloc_str("hi")?, "hi");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc_str(&self, src: &str) -> Result<&mut str, AllocError> {
        try_alloc_str(self, src)
    }
}
