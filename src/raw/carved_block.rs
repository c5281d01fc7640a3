//! The private blocks that [`LocalBump`](super::local_bump::LocalBump) handles and
//! `&SyncBump`'s per-thread cache carve out of a `SyncBump`: how one is bumped in and resized
//! in ([`CarvedBlock`]), how big they are, and which requests they serve.
//!
//! A handle (or a thread, for one arena) starts with a small block, so that one that
//! allocates a little strands little, and doubles the block with every one it carves after
//! using the last up, to [`BLOCK_MAX`]: a busy thread touches the shared cursor once per
//! 64 KiB, and serves requests up to a quarter of its block (16 KiB) from it, where a
//! growing vector keeps growing in place.

use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

use super::layout_math;
use super::sync_bump::SyncBump;

/// The pointer of an empty block: nothing fits between it and itself.
const EMPTY: NonNull<u8> = NonNull::dangling();

/// The size of the first block.
#[cfg(not(loom))]
pub(crate) const BLOCK_FIRST: usize = 4 << 10;
/// The most carved at once.
#[cfg(not(loom))]
pub(crate) const BLOCK_MAX: usize = 64 << 10;
/// The least carved at once (the tail of a chunk, if it is at least this big), and the
/// largest request a first block serves.
#[cfg(not(loom))]
pub(crate) const BLOCK_MIN: usize = 1 << 10;
// Under loom, blocks of one or two 32-byte requests, so that the models' tiny chunks hold
// several and carving races refills.
#[cfg(loom)]
pub(crate) const BLOCK_FIRST: usize = 64;
#[cfg(loom)]
pub(crate) const BLOCK_MAX: usize = 64;
#[cfg(loom)]
pub(crate) const BLOCK_MIN: usize = 32;

/// Returns the largest request a new block of `size` bytes serves: a quarter of it, and at
/// least [`BLOCK_MIN`]; bigger ones go to the arena.
#[inline]
pub(crate) const fn largest_request(size: usize) -> usize {
    if size / 4 > BLOCK_MIN {
        size / 4
    } else {
        BLOCK_MIN
    }
}

/// Returns the size of the block after one of `size` bytes was used up.
#[inline]
pub(crate) const fn next_size(size: usize) -> usize {
    if size >= BLOCK_MAX / 2 {
        BLOCK_MAX
    } else {
        size * 2
    }
}

/// A block one owner (a `LocalBump` handle, or one thread's cache entry) carved out of a
/// `SyncBump` and hands out alone: `start..end`, handed out up to `pos`.
pub(crate) struct CarvedBlock {
    // Invariants:
    // - [block] `start <= pos <= end`, all in (or one past) one block that
    //   `SyncBump::try_carve` handed to the owner (and `SyncBump::extend_block` may have
    //   extended), or all `EMPTY`. The bytes in `pos..end` are the owner's alone to hand out.
    //   (Those in `start..pos` were handed out by it, but a caller may give the newest of them
    //   back through another owner or the arena itself, which then moves the arena's cursor
    //   back into this block and lets another owner carve them: so nothing is assumed of
    //   `start..pos` beyond what a caller's own block promises.) The owner uses the pointers
    //   only while the block's arena is borrowed and was not reset since the carve (its
    //   chunk is live then).
    start: Cell<NonNull<u8>>,
    pos: Cell<NonNull<u8>>,
    end: Cell<NonNull<u8>>,
}

impl CarvedBlock {
    /// Returns a block with nothing in it.
    pub(crate) const fn empty() -> Self {
        Self {
            start: Cell::new(EMPTY),
            pos: Cell::new(EMPTY),
            end: Cell::new(EMPTY),
        }
    }

    /// Returns whether the owner has no block.
    pub(crate) fn is_empty(&self) -> bool {
        self.start.get() == EMPTY
    }

    /// Returns the next byte to hand out (for the thread cache's [high]).
    #[cfg(feature = "std")]
    pub(crate) fn pos(&self) -> NonNull<u8> {
        self.pos.get()
    }

    /// Returns the block's end (for the thread cache's [high]).
    #[cfg(feature = "std")]
    pub(crate) fn end(&self) -> NonNull<u8> {
        self.end.get()
    }

    /// Returns the bytes left in the block.
    #[inline]
    pub(crate) fn tail(&self) -> usize {
        // [block] keeps `pos <= end`.
        self.end.get().addr().get() - self.pos.get().addr().get()
    }

    /// Makes `block..block + len` the block, all of it unused.
    ///
    /// # Safety
    ///
    /// - `SyncBump::try_carve` just handed `len` bytes at `block`, in one chunk, to this
    ///   block's owner.
    pub(crate) unsafe fn set(&self, block: NonNull<u8>, len: usize) {
        // SAFETY: the carve handed out `len` bytes from `block` (caller), so the end is in
        // (or one past) the same chunk.
        let end = unsafe { block.add(len) };
        // INVARIANT: [block] a fresh block, all of it the owner's.
        self.start.set(block);
        self.pos.set(block);
        self.end.set(end);
    }

    /// Forgets the block (its unused tail too).
    pub(crate) fn clear(&self) {
        // INVARIANT: [block] an empty block.
        self.start.set(EMPTY);
        self.pos.set(EMPTY);
        self.end.set(EMPTY);
    }

    /// Swaps two blocks (and so their owners; the thread cache's entries).
    #[cfg(feature = "std")]
    pub(crate) fn swap(&self, other: &Self) {
        // INVARIANT: [block] each block moves whole.
        self.start.swap(&other.start);
        self.pos.swap(&other.pos);
        self.end.swap(&other.end);
    }

    /// Bumps within the block, or returns `None`.
    #[inline(always)]
    pub(crate) fn bump(&self, layout: Layout) -> Option<NonNull<u8>> {
        let pos = self.pos.get();
        let (start, new_pos) =
            layout_math::fit_up_to(pos.addr().get(), self.end.get().addr().get(), layout)?;
        let (pad, needed) = (start - pos.addr().get(), new_pos - pos.addr().get());
        // SAFETY: [block] puts `pos..end` in one block (or both at `EMPTY`, where only
        // `pad == needed == 0` fits, an offset of 0); `fit_up_to` gave
        // `pos <= start <= new_pos <= end`.
        let (start, new_pos) = unsafe { (pos.add(pad), pos.add(needed)) };
        // INVARIANT: [block] `new_pos <= end` by the same check; the bytes up to it are
        // handed out.
        self.pos.set(new_pos);
        Some(start)
    }

    /// Moves the end of the block at `ptr` from `old_size` to `new_size` bytes if it is the
    /// newest allocation of this block and the block has room, or can be extended in place
    /// by as much (`arena` is the block's arena); returns whether it did, or `None` if `ptr`
    /// is not in this block (then the arena's cursor may be its end). A block in this one
    /// that is not its newest gets `Some(false)`: at worst a give-back the arena's cursor
    /// could have taken is skipped (a block in our range ends at the cursor only after a
    /// give-back elsewhere moved the cursor back into it), never a wrong move.
    /// A shrink calls `before_give_back` with `pos` just before it moves back.
    ///
    /// # Safety
    ///
    /// - `arena` is the arena this block was carved from, and the block is live (see
    ///   [block]).
    /// - If `ptr..ptr + old_size` starts in the block and ends at `pos` (the only case in
    ///   which anything moves), the caller owns it: it was handed out from this block and no
    ///   one else uses it. After a shrink the caller uses only `ptr..ptr + new_size`.
    #[inline(always)]
    pub(crate) unsafe fn resize(
        &self,
        arena: &SyncBump,
        ptr: NonNull<u8>,
        old_size: usize,
        new_size: usize,
        before_give_back: impl FnOnce(NonNull<u8>),
    ) -> Option<bool> {
        let (start, pos) = (self.start.get().addr().get(), self.pos.get().addr().get());
        let addr = ptr.addr().get();
        // Blocks from elsewhere (the arena, other owners' blocks) never start in ours.
        if addr < start || addr >= self.end.get().addr().get() {
            return None;
        }
        // A block that starts in ours and ends at `pos` is its newest.
        if old_size == 0 || addr.wrapping_add(old_size) != pos {
            return Some(false);
        }
        let tail = self.tail();
        if new_size > old_size && new_size - old_size > tail {
            // SAFETY: [block] `start..end` is a live block `arena` carved for the owner, who
            // alone hands out its bytes (caller).
            let extended = unsafe {
                arena.extend_block(self.start.get(), self.end.get(), new_size - old_size - tail)
            };
            let Some(end) = extended else {
                return Some(false);
            };
            // INVARIANT: [block] the block is `start..end` now, all of the new bytes ours.
            self.end.set(end);
        }
        let old_pos = self.pos.get();
        if new_size < old_size {
            before_give_back(old_pos);
        }
        // SAFETY: `ptr..pos` lies in our block (it starts at or after `start` and ends at
        // `pos`), so moving `pos` back by at most `old_size` stays at or after `ptr`, and
        // forward by at most `end - pos` (checked or extended above) stays at or before
        // `end`. The block's own `pos` moves, not the caller's pointer, so later blocks keep
        // the whole block's provenance whatever reference the caller's pointer went through.
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

    /// Shrinks the block at `ptr` in place if it is the newest of ours ([`CarvedBlock::resize`]
    /// with a smaller size, inlined and without the extension path); returns whether it did.
    /// `before_give_back` gets `pos` before it moves back.
    ///
    /// # Safety
    ///
    /// - The block is live: its arena is borrowed and was not reset since the carve.
    /// - If `ptr..ptr + old_size` is the newest allocation of this block, the caller owns it
    ///   alone, and after `true` uses only `ptr..ptr + new_size`.
    /// - `0 < new_size <= old_size`.
    #[inline(always)]
    pub(crate) unsafe fn shrink_newest(
        &self,
        ptr: NonNull<u8>,
        old_size: usize,
        new_size: usize,
        before_give_back: impl FnOnce(NonNull<u8>),
    ) -> bool {
        debug_assert!(0 < new_size && new_size <= old_size);
        let (addr, pos) = (ptr.addr().get(), self.pos.get());
        // A block that starts in ours and ends at `pos` is our newest; one from elsewhere
        // never starts in ours. An empty block (all `EMPTY`) has no block ending at `pos`
        // with `old_size > 0` that starts at or after it.
        if addr < self.start.get().addr().get() || addr.wrapping_add(old_size) != pos.addr().get() {
            return false;
        }
        before_give_back(pos);
        // SAFETY: `ptr..pos` lies in our block, so moving `pos` back by at most `old_size`
        // stays at or after `ptr`; the block's own `pos` moves, as in `resize`.
        // INVARIANT: [block] `start <= ptr <= new_pos <= end`, over the caller's block only.
        self.pos.set(unsafe { pos.sub(old_size - new_size) });
        true
    }

    /// Gives the unused tail back to `arena` if nothing was carved after it, and empties the
    /// block.
    ///
    /// # Safety
    ///
    /// - `arena` is the arena this block was carved from, and the block is live (see
    ///   [block]).
    pub(crate) unsafe fn give_back_tail(&self, arena: &SyncBump) {
        let tail = self.tail();
        if tail > 0 {
            // SAFETY: [block] the owner alone hands out `pos..end`, the tail of a live block
            // `arena` carved, and the block is emptied below, never to use it again.
            unsafe { arena.resize_in_place(self.pos.get(), tail, 0) };
        }
        self.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_ending_at_the_start_of_a_carved_block_is_not_grown_into_it() {
        let arena = SyncBump::new();
        let (start, len) = arena.try_carve(BLOCK_MIN, BLOCK_FIRST).unwrap();
        let block = CarvedBlock::empty();
        // SAFETY: `try_carve` just handed out `len` bytes at `start`.
        unsafe { block.set(start, len) };
        // Pretend a block ends where the carved block starts.
        let fake = start.with_addr(core::num::NonZero::new(start.addr().get() - 8).unwrap());
        // SAFETY: `fake` starts before the block, so the call moves nothing.
        assert_eq!(unsafe { block.resize(&arena, fake, 8, 16, |_| {}) }, None);
        assert_eq!(block.tail(), len, "nothing moved");
    }

    #[test]
    fn an_empty_block_owns_no_pointer() {
        let arena = SyncBump::new();
        let block = CarvedBlock::empty();
        assert!(block.is_empty() && block.tail() == 0);
        let ptr = arena.alloc_layout(Layout::new::<u64>());
        // SAFETY: `ptr` is not in the (empty) block, so the call moves nothing.
        assert_eq!(unsafe { block.resize(&arena, ptr, 8, 16, |_| {}) }, None);
        assert!(block.bump(Layout::new::<u8>()).is_none());
    }

    #[test]
    fn blocks_double_to_the_cap_and_serve_a_quarter() {
        let mut sizes = [0; 5];
        let mut size = BLOCK_FIRST;
        for slot in &mut sizes {
            *slot = size;
            size = next_size(size);
        }
        #[cfg(not(loom))]
        assert_eq!(sizes, [4 << 10, 8 << 10, 16 << 10, 32 << 10, 64 << 10]);
        assert_eq!(next_size(BLOCK_MAX), BLOCK_MAX);
        assert_eq!(largest_request(BLOCK_FIRST), BLOCK_MIN);
        #[cfg(not(loom))]
        assert_eq!(largest_request(BLOCK_MAX), 16 << 10);
    }
}
