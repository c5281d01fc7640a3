//! `LocalBump`, a one-thread handle to a `SyncBump`: it carves blocks out of the shared arena
//! and bumps inside them without atomics (a thread-local allocation buffer).

use core::alloc::Layout;
use core::cell::Cell;
use core::fmt;
use core::ptr::NonNull;

use super::carved_block::{BLOCK_FIRST, BLOCK_MIN, CarvedBlock, largest_request, next_size};
use super::layout_math::CHUNK_ALIGN;
use super::sync_bump::SyncBump;
use super::{RawArena, dangling_for};
use crate::error::{AllocError, unwrap_alloc};

/// A handle for one thread to a [`SyncBump`], made by [`SyncBump::local`]: it allocates from
/// private blocks carved out of the arena, with no atomic operation per allocation.
///
/// It has the arena's allocation API; what it hands out lives as long as the arena's borrow
/// (`'a`), so values outlive the handle. Values are never dropped, as with the arena. The
/// handle is [`Send`] but not [`Sync`]: make one per thread.
///
/// # Examples
///
/// ```
/// use bumpkit::SyncBump;
///
/// let arena = SyncBump::new();
/// std::thread::scope(|s| {
///     for t in 0..2u64 {
///         let arena = &arena;
///         s.spawn(move || {
///             let local = arena.local();
///             let squares = local.alloc_slice_fill_with(100, |i| t + (i * i) as u64);
///             assert_eq!(squares[9], t + 81);
///         });
///     }
/// });
/// assert!(arena.stats().allocated_bytes >= 2 * 800);
/// ```
pub struct LocalBump<'a> {
    // Invariants:
    // - [block] `block` is empty or carved from `arena` for this handle, which alone hands
    //   out its unused tail (`CarvedBlock`'s [block]); the `'a` borrow keeps it live.
    // - [size] `size` is the size of the block in use (of the first to carve, before one);
    //   each new block after it doubles it (`carved_block::next_size`). Only a hint.
    arena: &'a SyncBump,
    block: CarvedBlock,
    size: Cell<usize>,
}

impl<'a> LocalBump<'a> {
    pub(crate) fn new(arena: &'a SyncBump) -> Self {
        Self {
            arena,
            block: CarvedBlock::empty(),
            size: Cell::new(BLOCK_FIRST),
        }
    }

    /// Returns the arena this handle carves its blocks from.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// let local = arena.local();
    /// local.alloc(1u8);
    /// assert!(core::ptr::eq(local.arena(), &arena));
    /// assert_eq!(local.arena().stats().chunk_count, 1);
    /// ```
    #[must_use]
    pub fn arena(&self) -> &'a SyncBump {
        self.arena
    }

    /// Returns how many bytes are left in this handle's block: the most it can allocate (at
    /// alignment 1) before it carves a new block. Zero before its first block.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// let local = arena.local();
    /// assert_eq!(local.remaining(), 0);
    /// local.alloc(0u8);
    /// let before = local.remaining();
    /// assert!(before > 0);
    /// local.alloc(0u8);
    /// assert_eq!(local.remaining(), before - 1);
    /// ```
    #[must_use]
    #[inline]
    pub fn remaining(&self) -> usize {
        self.block.tail()
    }

    /// Allocates a block for `layout` and returns a pointer to it.
    ///
    /// The block is uninitialised and lives until the arena is reset or dropped. A zero-sized
    /// layout takes no memory and gets a dangling pointer aligned to `layout.align()`.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate (see [`SyncBump::try_alloc_layout`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    /// use core::alloc::Layout;
    ///
    /// let arena = SyncBump::new();
    /// let local = arena.local();
    /// let ptr = local.try_alloc_layout(Layout::from_size_align(100, 64).unwrap())?;
    /// assert_eq!(ptr.as_ptr() as usize % 64, 0);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline(always)]
    pub fn try_alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            return Ok(dangling_for(layout));
        }
        match self.block.bump(layout) {
            Some(ptr) => Ok(ptr),
            None => self.alloc_in_new_block(layout),
        }
    }

    /// Allocates a block for `layout` and returns a pointer to it.
    ///
    /// See [`LocalBump::try_alloc_layout`].
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    /// use core::alloc::Layout;
    ///
    /// let arena = SyncBump::new();
    /// let ptr = arena.local().alloc_layout(Layout::from_size_align(10, 4096).unwrap());
    /// assert_eq!(ptr.as_ptr() as usize % 4096, 0);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_layout(&self, layout: Layout) -> NonNull<u8> {
        unwrap_alloc(self.try_alloc_layout(layout))
    }

    /// The slow path: serves a big or very aligned request from the arena, else carves a new
    /// block and bumps there (or, if no block can be carved, serves it from the arena too).
    #[cold]
    #[inline(never)]
    fn alloc_in_new_block(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        let first = self.block.is_empty();
        // The next block doubles once this one is used up ([size]).
        let size = if first {
            self.size.get()
        } else {
            next_size(self.size.get())
        };
        if layout.size() > largest_request(size) || layout.align() > CHUNK_ALIGN {
            return self.arena.try_alloc_shared(layout);
        }
        // A block may not be had where the request itself can (a limit that admits no new
        // chunk, a current chunk with less than `BLOCK_MIN` left): then the arena serves it.
        let Ok((block, len)) = self.arena.try_carve(BLOCK_MIN.max(layout.size()), size) else {
            return self.arena.try_alloc_shared(layout);
        };
        // INVARIANT: [size] the block now carved.
        self.size.set(size);
        // SAFETY: `try_carve` just handed this handle `len` bytes from `block`, in one chunk.
        // INVARIANT: [block] a fresh block of `arena`, all of it ours.
        unsafe { self.block.set(block, len) };
        // A block is `CHUNK_ALIGN`-aligned and at least the request's size (asked of
        // `try_carve`), and the request is no more aligned, so it fits.
        let ptr = self.block.bump(layout);
        debug_assert!(ptr.is_some(), "a fresh block fits a small request");
        ptr.map_or_else(|| self.arena.try_alloc_shared(layout), Ok)
    }

    /// Moves the end of the block at `ptr` from `old_size` to `new_size` bytes in this
    /// handle's block if it is its newest allocation there, else at the arena's cursor if it
    /// is not in that block at all; returns whether it did.
    ///
    /// # Safety
    ///
    /// - As [`CarvedBlock::resize`] and [`SyncBump::resize_in_place`].
    unsafe fn resize(&self, ptr: NonNull<u8>, old_size: usize, new_size: usize) -> bool {
        // SAFETY: [block] the handle's block is empty or a live block of `arena`; the
        // caller's promise covers `ptr`.
        // No peak to record on a give-back: the arena counts the whole block as allocated since
        // it carved it, so moving `pos` inside it leaves the arena's figure as it is.
        match unsafe {
            self.block
                .resize(self.arena, ptr, old_size, new_size, |_| {})
        } {
            Some(done) => done,
            // SAFETY: as above; a block of this handle is memory of its arena.
            None => unsafe { self.arena.resize_in_place(ptr, old_size, new_size) },
        }
    }
}

impl fmt::Debug for LocalBump<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LocalBump")
            .field("arena", self.arena)
            .field("block_free_bytes", &self.block.tail())
            .finish()
    }
}

impl Drop for LocalBump<'_> {
    fn drop(&mut self) {
        // SAFETY: [block] the handle's block is empty or a live block of `arena`.
        unsafe { self.block.give_back_tail(self.arena) };
    }
}

// SAFETY: blocks come from `CarvedBlock::bump`, which hands out bytes of `pos..end` of a
// block this handle owns and moves `pos` past them ([block]), or from the arena, whose `RawArena`
// contract covers them; zero sizes get a dangling pointer. All of it is arena memory, freed
// only through `&mut SyncBump` or its drop, which the `'a` borrow rules out. Resizing moves
// `pos` (or the arena's cursor) only over the caller's own block, which ends there.
unsafe impl RawArena for LocalBump<'_> {
    #[inline(always)]
    fn try_alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        LocalBump::try_alloc_layout(self, layout)
    }

    /// The handle's block only: a caller's fallback is its own slow path.
    #[inline(always)]
    fn try_alloc_fast(&self, layout: Layout) -> Option<NonNull<u8>> {
        if layout.size() == 0 {
            return Some(dangling_for(layout));
        }
        self.block.bump(layout)
    }

    #[inline(always)]
    unsafe fn try_shrink_fast(&self, ptr: NonNull<u8>, old_size: usize, new_size: usize) -> bool {
        // SAFETY: [block] the handle's block is empty or a live block of `arena`; the
        // caller's promise covers `ptr`. No peak to record, as in `resize`.
        unsafe { self.block.shrink_newest(ptr, old_size, new_size, |_| {}) }
    }

    #[inline]
    unsafe fn try_grow(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        debug_assert!(new.size() >= old.size());
        if ptr.addr().get() % new.align() == 0 {
            // SAFETY: the caller owns `ptr`, a block of `old.size()` bytes this handle handed
            // out, from its own block or straight from the arena.
            if unsafe { self.resize(ptr, old.size(), new.size()) } {
                return Ok(ptr);
            }
        }
        let new_ptr = self.try_alloc_layout(new)?;
        // SAFETY: the caller guarantees `ptr` is live for `old.size()` bytes; `new_ptr` is a
        // fresh block of `new.size() >= old.size()` bytes, so the two do not overlap.
        unsafe { new_ptr.copy_from_nonoverlapping(ptr, old.size()) };
        Ok(new_ptr)
    }

    #[inline]
    unsafe fn try_shrink(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        debug_assert!(new.size() <= old.size());
        if ptr.addr().get() % new.align() != 0 {
            let new_ptr = self.try_alloc_layout(new)?;
            // SAFETY: `ptr` is live for `old.size() >= new.size()` bytes (caller), `new_ptr`
            // is a fresh block of `new.size()` bytes.
            unsafe { new_ptr.copy_from_nonoverlapping(ptr, new.size()) };
            return Ok(new_ptr);
        }
        // SAFETY: the caller owns `ptr`, a block of `old.size()` bytes this handle handed out,
        // and uses only `new.size()` of them from now on.
        unsafe { self.resize(ptr, old.size(), new.size()) };
        Ok(ptr)
    }

    #[inline]
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller owns `ptr`, a block of `layout.size()` bytes this handle handed
        // out, and does not use it again.
        unsafe { self.resize(ptr, layout.size(), 0) };
    }
}

// SAFETY: the handle holds a `&SyncBump` (`Send`, as `SyncBump` is `Sync`) and a block that
// only it hands out ([block]); moving it to another thread moves that ownership along. It
// stays `!Sync`: its `Cell`s are not shared safely.
unsafe impl Send for LocalBump<'_> {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn the_fast_path_serves_only_from_the_handles_block() {
        let arena = SyncBump::new();
        let local = arena.local();
        assert_eq!(local.try_alloc_fast(layout(8, 8)), None); // no block yet
        let a = local.alloc_layout(layout(8, 8));
        let b = local
            .try_alloc_fast(layout(8, 8))
            .expect("room in the block");
        assert_eq!(b.addr().get(), a.addr().get() + 8);
        assert_eq!(local.try_alloc_fast(layout(1 << 20, 8)), None);
        let zst = local.try_alloc_fast(layout(0, 64)).unwrap();
        assert_eq!(zst.addr().get() % 64, 0);
    }

    #[test]
    fn grows_and_shrinks_in_its_block_without_touching_the_arena() {
        let arena = SyncBump::new();
        let local = arena.local();
        let a = local.alloc_layout(layout(16, 8));
        let carved = arena.stats().allocated_bytes;
        // SAFETY: `a` is the handle's newest block, of 16 bytes.
        let grown = unsafe { local.try_grow(a, layout(16, 8), layout(512, 8)) }.unwrap();
        assert_eq!(grown, a);
        // SAFETY: `a` is now 512 bytes.
        let shrunk = unsafe { local.try_shrink(a, layout(512, 8), layout(8, 8)) }.unwrap();
        assert_eq!(shrunk, a);
        // SAFETY: `a` is now 8 bytes, not used again.
        unsafe { local.deallocate(a, layout(8, 8)) };
        assert_eq!(local.alloc_layout(layout(8, 8)), a);
        assert_eq!(
            arena.stats().allocated_bytes,
            carved,
            "no new block was carved"
        );
    }

    #[test]
    fn an_older_block_moves_when_it_grows() {
        let arena = SyncBump::new();
        let local = arena.local();
        let a = local.alloc_layout(layout(16, 8));
        local.alloc_layout(layout(8, 8));
        // SAFETY: `a` is a live block of 16 bytes, not the newest.
        let moved = unsafe { local.try_grow(a, layout(16, 8), layout(32, 8)) }.unwrap();
        assert_ne!(moved, a);
    }

    #[test]
    fn a_direct_block_grows_in_place_in_the_arena() {
        let arena = SyncBump::new();
        let local = arena.local();
        let big = local.alloc_layout(layout(2000, 8));
        // SAFETY: `big` is a live block of 2000 bytes, the newest of the arena.
        let grown = unsafe { local.try_grow(big, layout(2000, 8), layout(3000, 8)) }.unwrap();
        assert_eq!(grown, big);
        assert_eq!(arena.stats().allocated_bytes, 3000);
    }
}
