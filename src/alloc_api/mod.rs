//! `Allocator` for shared references to the arenas, for each supported `allocator-api2`
//! version (0.2, 0.3 and 0.4, one file and one feature each).
//!
//! The impls are for `&Bump`, never for `Bump`: an owned arena as a collection's allocator
//! would let a safe `reset` (reachable through the collection's `allocator()`, or by moving
//! the arena into the collection) free memory the collection still uses. A `&Bump` keeps the
//! arena borrowed, so it cannot be reset while any collection allocates from it.
//!
//! The generic functions below map the trait onto [`RawArena`], independent of the version;
//! [`impl_allocator!`] writes one version's impls for every arena over them, and each version
//! file invokes it once with that version's crate.

use core::alloc::Layout;
use core::ptr::NonNull;

use crate::raw::RawArena;

#[cfg(feature = "allocator-api2")]
mod v02;
#[cfg(feature = "allocator-api2-03")]
mod v03;
#[cfg(feature = "allocator-api2-04")]
mod v04;

/// Allocates a block of exactly `layout.size()` bytes; `None` if the arena cannot.
#[inline(always)]
fn allocate<A: RawArena>(arena: &A, layout: Layout) -> Option<NonNull<[u8]>> {
    match arena.try_alloc_layout(layout) {
        Ok(ptr) => Some(NonNull::slice_from_raw_parts(ptr, layout.size())),
        Err(_) => None,
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
) -> Option<NonNull<[u8]>> {
    // SAFETY: the caller's contract is `try_grow`'s, item by item.
    match unsafe { arena.try_grow(ptr, old, new) } {
        Ok(ptr) => Some(NonNull::slice_from_raw_parts(ptr, new.size())),
        Err(_) => None,
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
) -> Option<NonNull<[u8]>> {
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
    Some(block)
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
) -> Option<NonNull<[u8]>> {
    // SAFETY: the caller's contract is `try_shrink`'s, item by item.
    match unsafe { arena.try_shrink(ptr, old, new) } {
        Ok(ptr) => Some(NonNull::slice_from_raw_parts(ptr, new.size())),
        Err(_) => None,
    }
}

/// Implements `$api::alloc::Allocator` (allocator-api2 `$version` as the crate `$api`, enabled by
/// feature `$feature`) for
/// `&Bump`, `&SyncBump` and `&LocalBump`, each method passed on to the function of the same
/// name above.
macro_rules! impl_allocator {
    ($api:ident, $feature:literal, $version:literal) => {
        $crate::alloc_api::impl_allocator!(@one $api, $feature, $version, $crate::Bump, Bump,
            "Growing or shrinking the newest block happens in place; deallocating gives bytes \
            back only for the newest block, the rest is reused at the next reset. The owned \
            `Bump` is not an allocator: the borrow is what keeps \
            [`Bump::reset`](crate::Bump::reset) from running under a collection. Inside a \
            [scope](crate::Bump::scope), blocks from before it are never grown in place or \
            given back.",
            "use bumpkit::Bump;\n\n\
            let bump = Bump::new();\n\
            let mut v = Vec::new_in(&bump);\n\
            v.extend([1u32, 2, 3]);\n\
            assert_eq!(v, [1, 2, 3]);\n\
            assert_eq!(bump.stats().allocated_bytes, v.capacity() * 4);"
        );
        #[cfg(target_has_atomic = "ptr")]
        $crate::alloc_api::impl_allocator!(@one $api, $feature, $version, $crate::SyncBump, SyncBump,
            "Other threads may allocate from the same arena meanwhile; they get disjoint \
            blocks.",
            "use bumpkit::SyncBump;\n\n\
            let bump = SyncBump::new();\n\
            let mut v = Vec::with_capacity_in(8, &bump);\n\
            v.extend_from_slice(b\"shared\");\n\
            assert_eq!(v, *b\"shared\");\n\
            assert_eq!(bump.stats().allocated_bytes, 8);"
        );
        #[cfg(target_has_atomic = "ptr")]
        $crate::alloc_api::impl_allocator!(@one $api, $feature, $version, $crate::LocalBump<'_>, LocalBump,
            "The handle's blocks are carved from its `SyncBump` without atomics; its newest \
            block grows and shrinks in place.",
            "use bumpkit::SyncBump;\n\n\
            let bump = SyncBump::new();\n\
            let local = bump.local();\n\
            let mut v = Vec::new_in(&local);\n\
            v.push(7u64);\n\
            v.shrink_to_fit();\n\
            assert_eq!(v, [7]);"
        );
    };
    (@one $api:ident, $feature:literal, $version:literal, $arena:ty, $name:ident,
     $details:literal, $example:literal) => {
        #[doc = concat!(
            "A `&", stringify!($name), "` is an allocator-api2 ", $version, " `Allocator` \
            (feature `", $feature, "`), so that version's `Vec` and other collections generic \
            over its trait (hashbrown's, for 0.2) can live in the arena.\n\n",
            $details,
            "\n\n# Examples\n\n```\nuse ", stringify!($api), "::vec::Vec;\n",
            $example,
            "\n```"
        )]
        #[cfg_attr(docsrs, doc(cfg(feature = $feature)))]
        // SAFETY: the arena is `Bump`, `SyncBump` or `LocalBump`; each is a `RawArena`, whose
        // contract keeps every block valid and unaliased until it is deallocated, moved by
        // grow/shrink, or the arena is reset or dropped. Resetting or dropping needs `&mut` or
        // ownership of the arena (for a `LocalBump`, of its `SyncBump`, which the handle's `'a`
        // borrow holds), impossible while any copy of this shared reference lives, so blocks
        // stay valid as long as the allocator and its copies do; other threads allocating
        // from a `SyncBump` meanwhile get disjoint blocks. Copies of the reference are the same
        // arena, so a block may be passed to any of them. Every block is returned with exactly
        // its layout's size, so the trait's "fits" is `RawArena`'s "allocated with".
        unsafe impl $api::alloc::Allocator for &$arena {
            #[inline(always)]
            fn allocate(
                &self,
                layout: core::alloc::Layout,
            ) -> Result<core::ptr::NonNull<[u8]>, $api::alloc::AllocError> {
                $crate::alloc_api::allocate(*self, layout).ok_or($api::alloc::AllocError)
            }

            #[inline]
            unsafe fn deallocate(&self, ptr: core::ptr::NonNull<u8>, layout: core::alloc::Layout) {
                // SAFETY: the trait's contract: `ptr` is currently allocated here with `layout`.
                unsafe { $crate::raw::RawArena::deallocate(*self, ptr, layout) }
            }

            #[inline]
            unsafe fn grow(
                &self,
                ptr: core::ptr::NonNull<u8>,
                old: core::alloc::Layout,
                new: core::alloc::Layout,
            ) -> Result<core::ptr::NonNull<[u8]>, $api::alloc::AllocError> {
                // SAFETY: the trait's contract for `grow` is ours.
                unsafe { $crate::alloc_api::grow(*self, ptr, old, new) }
                    .ok_or($api::alloc::AllocError)
            }

            #[inline]
            unsafe fn grow_zeroed(
                &self,
                ptr: core::ptr::NonNull<u8>,
                old: core::alloc::Layout,
                new: core::alloc::Layout,
            ) -> Result<core::ptr::NonNull<[u8]>, $api::alloc::AllocError> {
                // SAFETY: the trait's contract for `grow_zeroed` is ours.
                unsafe { $crate::alloc_api::grow_zeroed(*self, ptr, old, new) }
                    .ok_or($api::alloc::AllocError)
            }

            #[inline]
            unsafe fn shrink(
                &self,
                ptr: core::ptr::NonNull<u8>,
                old: core::alloc::Layout,
                new: core::alloc::Layout,
            ) -> Result<core::ptr::NonNull<[u8]>, $api::alloc::AllocError> {
                // SAFETY: the trait's contract for `shrink` is ours.
                unsafe { $crate::alloc_api::shrink(*self, ptr, old, new) }
                    .ok_or($api::alloc::AllocError)
            }
        }
    };
}
use impl_allocator;
