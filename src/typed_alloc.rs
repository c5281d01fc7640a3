//! Typed allocation on top of a raw arena: values, slices and strings, written once over
//! [`RawArena`] and exposed as inherent methods of the arenas.
#![expect(
    clippy::mut_from_ref,
    reason = "every call hands out a fresh, unaliased block"
)]

use core::alloc::Layout;
use core::mem::{self, MaybeUninit};
use core::ptr::NonNull;
use core::{slice, str};

use crate::error::{AllocError, AllocErrorKind, unwrap_alloc};
use crate::raw::RawArena;
use crate::raw::bump::Bump;

mod api;
mod api_fill;
mod api_init;
mod init_error;
#[cfg(target_has_atomic = "ptr")]
mod local_fill;
#[cfg(target_has_atomic = "ptr")]
mod sync_arenas;

use api::impl_typed_alloc_api;
pub use init_error::AllocOrInitError;
pub(crate) use init_error::unwrap_alloc_or_init;

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
/// so far are dropped and the space is given back when it is still the newest block.
#[inline]
pub(crate) fn try_alloc_slice_fill_with<A: RawArena + ?Sized, T>(
    arena: &A,
    len: usize,
    mut f: impl FnMut(usize) -> T,
) -> Result<&mut [T], AllocError> {
    let ptr = try_alloc_array::<A, T>(arena, len)?;
    let mut filled = Filling::new(arena, ptr, len);
    while filled.len < len {
        let value = f(filled.len);
        filled.push(value);
    }
    Ok(filled.finish())
}

/// Allocates `len` values made by `f(index)`, front to back, stopping at the first `Err`:
/// the values made so far are then dropped (they were never handed out) and the space is
/// given back when it is still the newest block.
#[inline]
pub(crate) fn try_alloc_slice_try_fill_with<A: RawArena + ?Sized, T, E>(
    arena: &A,
    len: usize,
    mut f: impl FnMut(usize) -> Result<T, E>,
) -> Result<&mut [T], AllocOrInitError<E>> {
    let ptr = try_alloc_array::<A, T>(arena, len)?;
    let mut filled = Filling::new(arena, ptr, len);
    while filled.len < len {
        match f(filled.len) {
            Ok(value) => filled.push(value),
            Err(err) => return Err(AllocOrInitError::Init(err)),
        }
    }
    Ok(filled.finish())
}

/// Allocates the items of an exact-size iterator of results, stopping at the first `Err`
/// (as [`try_alloc_slice_try_fill_with`]).
///
/// # Panics
///
/// Panics if the iterator yields fewer items than its `len()` said.
#[inline]
pub(crate) fn try_alloc_slice_try_fill_iter<A, I, T, E>(
    arena: &A,
    iter: I,
) -> Result<&mut [T], AllocOrInitError<E>>
where
    A: RawArena + ?Sized,
    I: IntoIterator<Item = Result<T, E>>,
    I::IntoIter: ExactSizeIterator,
{
    let (len, next) = exact_items(iter);
    try_alloc_slice_try_fill_with(arena, len, next)
}

/// Allocates the items of any iterator, in order.
///
/// `size_hint` is only a first guess: the block starts at its lower bound (or empty, if that
/// much cannot be had) and doubles when full, in place while it is the newest block, else by
/// a copy; unused room is given back at the end. If the iterator panics, the items taken so
/// far are dropped and the space is given back when it is still the newest block.
#[inline]
pub(crate) fn try_alloc_slice_from_iter<A: RawArena + ?Sized, T>(
    arena: &A,
    iter: impl IntoIterator<Item = T>,
) -> Result<&mut [T], AllocError> {
    let mut iter = iter.into_iter();
    let mut filled = if size_of::<T>() == 0 {
        Filling::new(arena, NonNull::dangling(), usize::MAX)
    } else {
        let (lower, _) = iter.size_hint();
        match try_alloc_array::<A, T>(arena, lower) {
            Ok(ptr) => Filling::new(arena, ptr, lower),
            Err(_) => Filling::new(arena, NonNull::dangling(), 0),
        }
    };
    for item in iter.by_ref() {
        if filled.len == filled.cap {
            filled.grow()?;
        }
        filled.push(item);
    }
    filled.shrink_to_len();
    Ok(filled.finish())
}

/// Allocates room for one `T`, uninitialised.
#[inline(always)]
pub(crate) fn try_alloc_uninit<A: RawArena + ?Sized, T>(
    arena: &A,
) -> Result<&mut MaybeUninit<T>, AllocError> {
    let ptr = arena
        .try_alloc_layout(Layout::new::<T>())?
        .cast::<MaybeUninit<T>>();
    // SAFETY: a fresh block aligned and sized for a `T` ([`RawArena`] contract), valid and
    // unaliased for as long as the arena is borrowed; a `MaybeUninit` needs no initialising.
    Ok(unsafe { &mut *ptr.as_ptr() })
}

/// Allocates room for `len` values of `T`, uninitialised.
#[inline]
pub(crate) fn try_alloc_uninit_slice<A: RawArena + ?Sized, T>(
    arena: &A,
    len: usize,
) -> Result<&mut [MaybeUninit<T>], AllocError> {
    let ptr = try_alloc_array::<A, MaybeUninit<T>>(arena, len)?;
    // SAFETY: a fresh block for `len` values, valid and unaliased for as long as the arena is
    // borrowed; `MaybeUninit`s need no initialising.
    Ok(unsafe { slice::from_raw_parts_mut(ptr.as_ptr(), len) })
}

/// Allocates a `T` and writes the `Ok` value of `f()` into it. On `Err`, or if `f` panics,
/// the block is given back when it is still the newest one.
#[inline(always)]
pub(crate) fn try_alloc_try_with<A: RawArena + ?Sized, T, E>(
    arena: &A,
    f: impl FnOnce() -> Result<T, E>,
) -> Result<&mut T, AllocOrInitError<E>> {
    let ptr = arena.try_alloc_layout(Layout::new::<T>())?.cast::<T>();
    // The block, seen as room for one value, of which none is made yet.
    let filled = Filling::new(arena, ptr, 1);
    let value = f().map_err(AllocOrInitError::Init)?;
    mem::forget(filled);
    // SAFETY: `ptr` is a fresh block aligned and sized for a `T` ([`RawArena`] contract).
    unsafe { ptr.write(value) };
    // SAFETY: the `T` was just written, and the block stays valid and unaliased for as long
    // as the arena is borrowed.
    Ok(unsafe { &mut *ptr.as_ptr() })
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
    let (len, next) = exact_items(iter);
    try_alloc_slice_fill_with(arena, len, next)
}

/// Splits an exact-size iterator into its `len()` and a fill function that takes the next
/// item, and panics if the iterator runs out before `len()` items.
#[inline(always)]
fn exact_items<I>(iter: I) -> (usize, impl FnMut(usize) -> I::Item)
where
    I: IntoIterator,
    I::IntoIter: ExactSizeIterator,
{
    let mut iter = iter.into_iter();
    let len = iter.len();
    (len, move |i| match iter.next() {
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

/// A block with room for `cap` values of which the first `len` are made: the state of a
/// slice being filled. Dropping it (on an error, or while a panic unwinds) drops those values
/// and gives the block back to the arena, which reuses it if it is still the newest.
struct Filling<'r, A: RawArena + ?Sized, T> {
    // Invariants:
    // - [room] `ptr` is aligned for `T`; unless `cap == 0` or `T` is zero-sized (when it
    //   may be dangling and is never given back), it is a live block of `arena` allocated
    //   for `cap` values of `T`, handed to no one else.
    // - [made] the first `len <= cap` values at `ptr` are initialised and owned here.
    arena: &'r A,
    ptr: NonNull<T>,
    cap: usize,
    len: usize,
}

impl<'r, A: RawArena + ?Sized, T> Filling<'r, A, T> {
    /// Takes over `ptr`, a fresh block of `arena` for `cap` values, or a dangling one for
    /// none (see [room]).
    #[inline(always)]
    fn new(arena: &'r A, ptr: NonNull<T>, cap: usize) -> Self {
        Self {
            arena,
            ptr,
            cap,
            len: 0,
        }
    }

    /// The block's layout; `cap` values fitted when it was allocated, so it is valid.
    #[inline(always)]
    fn layout(&self) -> Layout {
        let layout = Layout::array::<T>(self.cap);
        debug_assert!(layout.is_ok());
        layout.unwrap_or(Layout::new::<()>())
    }

    /// Writes the next value. Callers check for room first; the assert keeps this safe
    /// function sound on its own, and folds away after their check.
    #[inline(always)]
    fn push(&mut self, value: T) {
        assert!(self.len < self.cap);
        // SAFETY: [room] `len < cap`, so the slot is inside the block, and it is not
        // initialised yet ([made]).
        unsafe { self.ptr.add(self.len).write(value) };
        // INVARIANT: [made] the slot just written is the `len`-th.
        self.len += 1;
    }

    /// Doubles the room (at least 4 values), in place when the block is the newest.
    #[cold]
    #[inline(never)]
    fn grow(&mut self) -> Result<(), AllocError> {
        let wanted = self.cap.checked_mul(2).map_or(usize::MAX, |cap| cap.max(4));
        let as_elements = |kind| AllocError::for_elements(kind, wanted, size_of::<T>());
        let new = Layout::array::<T>(wanted)
            .ok()
            .filter(|_| wanted > self.cap)
            .ok_or_else(|| as_elements(AllocErrorKind::SizeOverflow))?;
        let ptr = if self.cap == 0 {
            self.arena.try_alloc_layout(new)
        } else {
            // SAFETY: [room] `ptr` is a live block of this arena for `cap` values, and the
            // new layout is larger.
            unsafe { self.arena.try_grow(self.ptr.cast(), self.layout(), new) }
        };
        let ptr = ptr.map_err(|err| as_elements(err.kind()))?;
        // INVARIANT: [room] the grown block (moved or not) holds the values made so far and
        // has room for `wanted`; [made] a move copied all of its bytes.
        self.ptr = ptr.cast();
        self.cap = wanted;
        Ok(())
    }

    /// Gives the room past the values made back to the arena (reused if it is the newest).
    #[inline]
    fn shrink_to_len(&mut self) {
        if self.len == self.cap || size_of::<T>() == 0 {
            return;
        }
        let new = Layout::array::<T>(self.len);
        debug_assert!(new.is_ok());
        let Ok(new) = new else { return };
        // SAFETY: [room] `ptr` is a live block for `cap > len` values; the new layout is
        // smaller with the same alignment, which cannot fail or move.
        let shrunk = unsafe { self.arena.try_shrink(self.ptr.cast(), self.layout(), new) };
        debug_assert!(shrunk.is_ok_and(|ptr| ptr == self.ptr.cast()));
        // INVARIANT: [room] the block is now one of `len` values, all made.
        self.cap = self.len;
    }

    /// Hands the values made out as a slice that lives as long as the arena's borrow.
    #[inline(always)]
    fn finish(self) -> &'r mut [T] {
        let (ptr, len) = (self.ptr, self.len);
        mem::forget(self);
        // SAFETY: [made] the first `len` values are initialised, and the block stays valid
        // and unaliased for as long as the arena is borrowed ([room]); forgetting the guard
        // hands them to the caller.
        unsafe { slice::from_raw_parts_mut(ptr.as_ptr(), len) }
    }
}

impl<A: RawArena + ?Sized, T> Drop for Filling<'_, A, T> {
    fn drop(&mut self) {
        // The values go first: once given back, the block may be handed out again at once
        // (to another thread, for a `SyncBump`). If a destructor panics, the rest are still
        // dropped and only the give-back is skipped, which just leaves the bytes unused.
        // SAFETY: [made] the first `len` values are initialised and owned here; the slice
        // holding them is never handed out, so they are dropped only here.
        unsafe { NonNull::slice_from_raw_parts(self.ptr, self.len).drop_in_place() };
        if self.cap != 0 && size_of::<T>() != 0 {
            // SAFETY: [room] a live block of this arena for `cap` values, never handed out
            // and not used again.
            unsafe { self.arena.deallocate(self.ptr.cast(), self.layout()) };
        }
    }
}

impl_typed_alloc_api!(Bump);
