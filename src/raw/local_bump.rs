//! `LocalBump`, a one-thread handle to a `SyncBump`: it carves blocks out of the shared arena
//! and bumps inside them without atomics (a thread-local allocation buffer).

use core::alloc::Layout;
use core::cell::Cell;
use core::fmt;
use core::ptr::NonNull;

use super::carved_block::{BLOCK_FIRST, BLOCK_MIN, largest_request, next_size};
use super::layout_math::{self, CHUNK_ALIGN};
use super::sync_bump::SyncBump;
use super::{RawArena, dangling_for};
use crate::error::{AllocError, unwrap_alloc};

/// The cursor of a handle without a block: nothing fits between it and itself.
const EMPTY: NonNull<u8> = NonNull::dangling();

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
    // - [block] `start <= pos <= end`, all in (or one past) one block carved from `arena` by
    //   `try_carve`, or all `EMPTY`. Only this handle hands out the bytes in `pos..end`; the
    //   bytes in `start..pos` were handed out by it.
    // - [size] `size` is the size of the next block to carve (`carved_block::next_size` of
    //   the last one); only a hint.
    arena: &'a SyncBump,
    start: Cell<NonNull<u8>>,
    pos: Cell<NonNull<u8>>,
    end: Cell<NonNull<u8>>,
    size: Cell<usize>,
}

impl<'a> LocalBump<'a> {
    pub(crate) fn new(arena: &'a SyncBump) -> Self {
        Self {
            arena,
            start: Cell::new(EMPTY),
            pos: Cell::new(EMPTY),
            end: Cell::new(EMPTY),
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
        // [block] keeps `pos <= end`.
        self.end.get().addr().get() - self.pos.get().addr().get()
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
        match self.bump_in_block(layout) {
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

    /// The fast path: bumps within the block, or returns `None`.
    #[inline(always)]
    fn bump_in_block(&self, layout: Layout) -> Option<NonNull<u8>> {
        let pos = self.pos.get();
        let free = self.end.get().addr().get() - pos.addr().get();
        let (pad, needed) = layout_math::fit(pos.addr().get(), free, layout)?;
        // SAFETY: [block] puts `pos..end` in one block (or both at `EMPTY`, where `free == 0`
        // and only `pad == needed == 0` fits); `fit` gave `pad <= needed <= end - pos`.
        let (start, new_pos) = unsafe { (pos.add(pad), pos.add(needed)) };
        // INVARIANT: [block] `new_pos <= end` by the same check.
        self.pos.set(new_pos);
        Some(start)
    }

    /// The slow path: serves a big or very aligned request from the arena, else carves a new
    /// block and bumps there (or, if no block can be carved, serves it from the arena too).
    #[cold]
    #[inline(never)]
    fn alloc_in_new_block(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        let first = self.start.get() == EMPTY;
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
        // SAFETY: `try_carve` handed out `len` bytes from `block`, in one chunk.
        let end = unsafe { block.add(len) };
        // INVARIANT: [block] a fresh block, all of it ours.
        self.start.set(block);
        self.pos.set(block);
        self.end.set(end);
        // A block is `CHUNK_ALIGN`-aligned and at least the request's size (asked of
        // `try_carve`), and the request is no more aligned, so it fits.
        let ptr = self.bump_in_block(layout);
        debug_assert!(ptr.is_some(), "a fresh block fits a small request");
        ptr.map_or_else(|| self.arena.try_alloc_shared(layout), Ok)
    }

    /// Moves the end of the block at `ptr` from `old_size` to `new_size` bytes in this
    /// handle's block if it is its newest allocation there, else at the arena's cursor if it
    /// is not in that block at all; returns whether it did.
    ///
    /// # Safety
    ///
    /// - As [`LocalBump::resize_in_block`] and [`SyncBump::resize_in_place`].
    unsafe fn resize(&self, ptr: NonNull<u8>, old_size: usize, new_size: usize) -> bool {
        // SAFETY: the caller's promise, passed on.
        match unsafe { self.resize_in_block(ptr, old_size, new_size) } {
            Some(done) => done,
            // SAFETY: as above; a block of this handle is memory of its arena.
            None => unsafe { self.arena.resize_in_place(ptr, old_size, new_size) },
        }
    }

    /// Moves the end of the block at `ptr` from `old_size` to `new_size` bytes if it is the
    /// newest allocation of this handle's block and the block has room, or can be extended
    /// in place by as much; returns whether it did, or `None` if `ptr` is not in this block
    /// (then the arena's cursor may be its end). A block in this one that is not its newest
    /// never ends at the arena's cursor, which lies at or past `end`.
    ///
    /// # Safety
    ///
    /// - If `ptr..ptr + old_size` starts in the handle's block and ends at `pos` (the only
    ///   case in which anything moves), the caller owns it: it was handed out by this handle
    ///   and no one else uses it. After a shrink the caller uses only `ptr..ptr + new_size`.
    unsafe fn resize_in_block(
        &self,
        ptr: NonNull<u8>,
        old_size: usize,
        new_size: usize,
    ) -> Option<bool> {
        let (start, pos) = (self.start.get().addr().get(), self.pos.get().addr().get());
        let addr = ptr.addr().get();
        // Blocks from elsewhere (the arena, other handles) never start in ours.
        if addr < start || addr >= self.end.get().addr().get() {
            return None;
        }
        // A block that starts in ours and ends at `pos` is its newest.
        if old_size == 0 || addr.wrapping_add(old_size) != pos {
            return Some(false);
        }
        let tail = self.end.get().addr().get() - pos;
        if new_size > old_size && new_size - old_size > tail {
            // SAFETY: [block] `start..end` is a block the arena carved for this handle, which
            // alone hands out its bytes.
            let extended = unsafe {
                self.arena.extend_block(
                    self.start.get(),
                    self.end.get(),
                    new_size - old_size - tail,
                )
            };
            let Some(end) = extended else {
                return Some(false);
            };
            // INVARIANT: [block] the block is `start..end` now, all of the new bytes ours.
            self.end.set(end);
        }
        // No peak to record: the arena counts the whole block as allocated since it carved it
        // (see `SyncBump::stats`), so moving `pos` inside it leaves the arena's allocated
        // bytes as they are. Only `SyncBump::resize_in_place` lowers them, and it records.
        let old_pos = self.pos.get();
        // SAFETY: `ptr..pos` lies in our block (it starts at or after `start` and ends at
        // `pos`), so moving `pos` back by at most `old_size` stays at or after `ptr`, and
        // forward by at most `end - pos` (checked above) stays at or before `end`. The
        // handle's own `pos` moves, not the caller's pointer, so later blocks keep the whole
        // block's provenance whatever reference the caller's pointer went through.
        let new_pos = unsafe {
            if new_size >= old_size {
                old_pos.add(new_size - old_size)
            } else {
                old_pos.sub(old_size - new_size)
            }
        };
        // INVARIANT: [block] `start <= ptr <= new_pos <= end`, and `pos` moves only over the
        // caller's own block.
        self.pos.set(new_pos);
        Some(true)
    }
}

impl fmt::Debug for LocalBump<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let free = self.end.get().addr().get() - self.pos.get().addr().get();
        f.debug_struct("LocalBump")
            .field("arena", self.arena)
            .field("block_free_bytes", &free)
            .finish()
    }
}

impl Drop for LocalBump<'_> {
    fn drop(&mut self) {
        let (pos, end) = (self.pos.get(), self.end.get());
        // Gives the block's unused tail back if nothing was carved after it.
        // SAFETY: this handle owns `pos..end`, the tail of a block the arena carved for it
        // ([block]), and will not use it again.
        unsafe {
            self.arena
                .resize_in_place(pos, end.addr().get() - pos.addr().get(), 0)
        };
    }
}

// SAFETY: blocks come from `bump_in_block`, which hands out bytes of `pos..end` of a block
// this handle owns and moves `pos` past them ([block]), or from the arena, whose `RawArena`
// contract covers them; zero sizes get a dangling pointer. All of it is arena memory, freed
// only through `&mut SyncBump` or its drop, which the `'a` borrow rules out. Resizing moves
// `pos` (or the arena's cursor) only over the caller's own block, which ends there.
unsafe impl RawArena for LocalBump<'_> {
    #[inline(always)]
    fn try_alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        LocalBump::try_alloc_layout(self, layout)
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

    #[test]
    fn a_block_ending_at_the_start_of_the_handles_block_is_not_grown_into_it() {
        let arena = SyncBump::new();
        let local = arena.local();
        let first = local.alloc_layout(layout(8, 8));
        // Pretend a block ends where the handle's block starts.
        let start = local.start.get();
        let fake = first.with_addr(core::num::NonZero::new(start.addr().get() - 8).unwrap());
        local.pos.set(start);
        // SAFETY: `fake` starts before the handle's block, so the call moves nothing.
        assert_eq!(unsafe { local.resize_in_block(fake, 8, 16) }, None);
    }
}
