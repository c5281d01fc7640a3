//! `allocator_api2::alloc::Allocator` for shared references to the arenas.
//!
//! The impls are for `&Bump`, never for `Bump`: an owned arena as a collection's allocator
//! would let a safe `reset` (reachable through the collection's `allocator()`, or by moving
//! the arena into the collection) free memory the collection still uses. A `&Bump` keeps the
//! arena borrowed, so it cannot be reset while any collection allocates from it.
//!
//! Each arena's impl forwards to the generic functions below, which map the trait onto
//! [`RawArena`]; another arena needs one more forwarding impl.

use core::alloc::Layout;
use core::ptr::NonNull;

use allocator_api2::alloc::{AllocError, Allocator};

use crate::raw::RawArena;
use crate::raw::bump::Bump;
use crate::raw::local_bump::LocalBump;
use crate::raw::sync_bump::SyncBump;

/// Allocates a block of exactly `layout.size()` bytes.
#[inline(always)]
fn allocate<A: RawArena>(arena: &A, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
    match arena.try_alloc_layout(layout) {
        Ok(ptr) => Ok(NonNull::slice_from_raw_parts(ptr, layout.size())),
        Err(_) => Err(AllocError),
    }
}

/// Grows a block, in place when it is the arena's newest.
///
/// # Safety
///
/// - `ptr` is a block of `arena` currently allocated with exactly `old` (every block this
///   module hands out is exactly its layout's size, so "fits" means "equals").
/// - `new.size() >= old.size()`.
#[inline]
unsafe fn grow<A: RawArena>(
    arena: &A,
    ptr: NonNull<u8>,
    old: Layout,
    new: Layout,
) -> Result<NonNull<[u8]>, AllocError> {
    // SAFETY: the caller's contract is `try_grow`'s, item by item.
    match unsafe { arena.try_grow(ptr, old, new) } {
        Ok(ptr) => Ok(NonNull::slice_from_raw_parts(ptr, new.size())),
        Err(_) => Err(AllocError),
    }
}

/// Grows a block as [`grow`] does and zeroes the new tail.
///
/// # Safety
///
/// As [`grow`].
#[inline]
unsafe fn grow_zeroed<A: RawArena>(
    arena: &A,
    ptr: NonNull<u8>,
    old: Layout,
    new: Layout,
) -> Result<NonNull<[u8]>, AllocError> {
    // SAFETY: the caller's contract is `grow`'s.
    let block = unsafe { grow(arena, ptr, old, new) }?;
    let start = block.cast::<u8>();
    // SAFETY: the block is `new.size() >= old.size()` bytes long (the caller's contract), so
    // `old.size()..new.size()` lies inside it and belongs to the caller now.
    unsafe {
        start
            .add(old.size())
            .write_bytes(0, new.size() - old.size())
    };
    Ok(block)
}

/// Shrinks a block, giving the bytes back when it is the arena's newest.
///
/// # Safety
///
/// - `ptr` is a block of `arena` currently allocated with exactly `old`.
/// - `new.size() <= old.size()`.
#[inline]
unsafe fn shrink<A: RawArena>(
    arena: &A,
    ptr: NonNull<u8>,
    old: Layout,
    new: Layout,
) -> Result<NonNull<[u8]>, AllocError> {
    // SAFETY: the caller's contract is `try_shrink`'s, item by item.
    match unsafe { arena.try_shrink(ptr, old, new) } {
        Ok(ptr) => Ok(NonNull::slice_from_raw_parts(ptr, new.size())),
        Err(_) => Err(AllocError),
    }
}

/// The methods of [`Allocator`], each passed on to the function of the same name above; each
/// implementation below argues its own safety.
macro_rules! delegate_allocator_methods {
    () => {
        #[inline(always)]
        fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
            allocate(*self, layout)
        }

        #[inline]
        unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
            // SAFETY: the trait's contract: `ptr` is currently allocated here with `layout`.
            unsafe { RawArena::deallocate(*self, ptr, layout) }
        }

        #[inline]
        unsafe fn grow(
            &self,
            ptr: NonNull<u8>,
            old: Layout,
            new: Layout,
        ) -> Result<NonNull<[u8]>, AllocError> {
            // SAFETY: the trait's contract for `grow` is ours.
            unsafe { grow(*self, ptr, old, new) }
        }

        #[inline]
        unsafe fn grow_zeroed(
            &self,
            ptr: NonNull<u8>,
            old: Layout,
            new: Layout,
        ) -> Result<NonNull<[u8]>, AllocError> {
            // SAFETY: the trait's contract for `grow_zeroed` is ours.
            unsafe { grow_zeroed(*self, ptr, old, new) }
        }

        #[inline]
        unsafe fn shrink(
            &self,
            ptr: NonNull<u8>,
            old: Layout,
            new: Layout,
        ) -> Result<NonNull<[u8]>, AllocError> {
            // SAFETY: the trait's contract for `shrink` is ours.
            unsafe { shrink(*self, ptr, old, new) }
        }
    };
}

/// A `&Bump` is an [`allocator_api2`] allocator, so `hashbrown`, `allocator_api2::vec::Vec`
/// and other allocator-generic collections can live in the arena (feature `allocator-api2`).
///
/// Growing or shrinking the newest block happens in place; deallocating gives bytes back only
/// for the newest block, the rest is reused at the next reset. The owned `Bump` is not an
/// allocator: the borrow is what keeps [`Bump::reset`] from running under a collection.
///
/// # Examples
///
/// ```
/// use allocator_api2::vec::Vec;
/// use bumpkit::Bump;
///
/// let bump = Bump::new();
/// let mut v = Vec::new_in(&bump);
/// v.extend([1u32, 2, 3]);
/// assert_eq!(v, [1, 2, 3]);
/// assert_eq!(bump.stats().allocated_bytes, v.capacity() * 4);
/// ```
#[cfg_attr(docsrs, doc(cfg(feature = "allocator-api2")))]
// SAFETY: blocks come from `RawArena`, whose contract keeps each one valid and unaliased until
// it is deallocated, moved by grow/shrink, or the arena is reset or dropped. Resetting or
// dropping needs `&mut Bump` or ownership, impossible while any copy of this `&Bump` lives,
// so blocks stay valid as long as the allocator and its copies do. Copies of a `&Bump` are
// the same arena, so a block may be passed to any of them. Every block is returned with
// exactly its layout's size, so the trait's "fits" is `RawArena`'s "allocated with".
unsafe impl Allocator for &Bump {
    delegate_allocator_methods!();
}

// SAFETY: as for `&Bump`: blocks come from `RawArena`, and resetting
// or dropping a `SyncBump` needs `&mut` or ownership, impossible while any copy of this
// `&SyncBump` lives; other threads allocating meanwhile get disjoint blocks (its `RawArena`
// contract). Copies of the reference are
// the same arena, so a block may be passed to any of them, and every block is exactly its
// layout's size.
unsafe impl Allocator for &SyncBump {
    delegate_allocator_methods!();
}

// SAFETY: as for `&Bump`: blocks come from `RawArena`, and a handle's
// blocks are memory of its `SyncBump`, which its `'a` borrow keeps from being reset or
// dropped while any copy of this reference lives. Copies of the reference are
// the same handle, so a block may be passed to any of them, and every block is exactly its
// layout's size.
unsafe impl Allocator for &LocalBump<'_> {
    delegate_allocator_methods!();
}
