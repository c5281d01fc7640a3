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

mod api;
mod sync_arenas;

use api::impl_typed_alloc_api;

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

impl_typed_alloc_api!(Bump);
