//! Everything that holds a pointer into chunk memory: chunks, the arenas, and the small
//! trait through which collections reach them.

pub(crate) mod bump;
#[cfg(target_has_atomic = "ptr")]
mod carved_block;
pub(crate) mod chunk;
pub(crate) mod layout_math;
#[cfg(target_has_atomic = "ptr")]
pub(crate) mod local_bump;
#[cfg(target_has_atomic = "ptr")]
pub(crate) mod sync_bump;

use core::alloc::Layout;
use core::ptr::NonNull;

use crate::error::AllocError;

/// The memory operations collections need from an arena.
///
/// # Safety
///
/// Implementors must guarantee, for every block they hand out:
/// - it is valid for reads and writes of its layout's size and aligned to its alignment, and
///   no other live block overlaps it;
/// - it stays valid until it is passed to [`RawArena::deallocate`], moved by `try_grow` /
///   `try_shrink`, or the arena is reset or dropped (which needs `&mut` or ownership);
/// - a zero-sized layout gets a dangling pointer aligned to the layout's alignment.
pub(crate) unsafe trait RawArena {
    /// Allocates a block for `layout`.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the size overflows, the allocation limit is reached, or the base
    /// allocator fails.
    fn try_alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError>;

    /// Allocates a block for `layout` if the arena's inlined fast path can, without a new
    /// chunk; `None` says only "take [`RawArena::try_alloc_layout`]", never that it fails.
    /// Callers inline it where the full path's error handling would make them too big.
    #[inline(always)]
    fn try_alloc_fast(&self, layout: Layout) -> Option<NonNull<u8>> {
        self.try_alloc_layout(layout).ok()
    }

    /// Shrinks the newest block in place, keeping its address, if the arena's inlined fast
    /// path can; `false` says only "take [`RawArena::try_shrink`]", and nothing changed.
    /// Callers inline it where giving spare capacity back is the common case (a vector turned
    /// into a slice), so that it costs a compare and a store rather than a call.
    ///
    /// # Safety
    ///
    /// - `ptr` is a live block of this arena of `old_size` bytes, allocated with an alignment
    ///   that `new_size` bytes keep, and the caller owns it alone.
    /// - `0 < new_size <= old_size`.
    /// - After `true`, the caller uses only `ptr..ptr + new_size` (the rest is the arena's
    ///   again); after `false`, all of the block is still the caller's.
    #[inline(always)]
    unsafe fn try_shrink_fast(&self, ptr: NonNull<u8>, old_size: usize, new_size: usize) -> bool {
        let _ = (ptr, old_size, new_size);
        false
    }

    /// Grows a block to `new`, in place when it is the newest block and its chunk has room,
    /// else by allocating a new block and copying `old.size()` bytes.
    ///
    /// # Errors
    ///
    /// As [`RawArena::try_alloc_layout`]; the old block is then untouched.
    ///
    /// # Safety
    ///
    /// - `ptr` is a live block of this arena allocated with layout `old`.
    /// - `new.size() >= old.size()`.
    unsafe fn try_grow(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError>;

    /// Shrinks a block to `new`, giving the bytes back when it is the newest block.
    ///
    /// # Errors
    ///
    /// As [`RawArena::try_alloc_layout`], only when `new` is more aligned than `ptr`.
    ///
    /// # Safety
    ///
    /// - `ptr` is a live block of this arena allocated with layout `old`.
    /// - `new.size() <= old.size()`.
    unsafe fn try_shrink(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError>;

    /// Gives a block back; its bytes are reused only when it is the newest block.
    ///
    /// # Safety
    ///
    /// - `ptr` is a live block of this arena allocated with `layout`, not used again.
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout);
}

/// Returns the dangling, well-aligned pointer every zero-sized request gets.
#[inline(always)]
pub(crate) fn dangling_for(layout: Layout) -> NonNull<u8> {
    let ptr = core::ptr::without_provenance_mut::<u8>(layout.align());
    // SAFETY: a layout's alignment is a power of two, hence non-zero.
    unsafe { NonNull::new_unchecked(ptr) }
}
