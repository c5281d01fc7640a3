//! How collections reach a [`Bump`]: the [`RawArena`] implementation, which grows, shrinks
//! and gives back blocks in place when they are the newest and copies otherwise.

use core::alloc::Layout;
use core::ptr::NonNull;

use super::Bump;
use crate::error::AllocError;
use crate::raw::{RawArena, dangling_for};

// SAFETY: the blocks handed out come from `bump_in_chunk`, which only hands out bytes from
// `pos..end` of a live chunk and moves `pos` past them ([cursor]), or are dangling for
// zero sizes; chunks are freed only by `reset` (`&mut self`) or drop. `try_grow`,
// `try_shrink` and `deallocate` move `pos` only over the newest block, which the caller
// owns by their contracts, and never below the floor ([floor]).
unsafe impl RawArena for Bump {
    #[inline(always)]
    fn try_alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        Bump::try_alloc_layout(self, layout)
    }

    #[inline(always)]
    fn try_alloc_fast(&self, layout: Layout) -> Option<NonNull<u8>> {
        if layout.size() == 0 && layout.align() > 1 {
            return Some(dangling_for(layout));
        }
        self.bump_in_chunk(layout)
    }

    #[inline(always)]
    unsafe fn try_shrink_fast(&self, ptr: NonNull<u8>, old_size: usize, new_size: usize) -> bool {
        debug_assert!(0 < new_size && new_size <= old_size);
        if !self.is_newest(ptr, old_size) {
            return false;
        }
        self.give_back_newest(old_size, old_size - new_size);
        true
    }

    #[inline]
    unsafe fn try_grow(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        debug_assert!(new.size() >= old.size());
        // A new alignment no stricter than the old one (what collections ask for) needs no
        // check, and the test folds away when both are constants.
        let aligned = new.align() <= old.align() || ptr.addr().get() % new.align() == 0;
        if self.is_newest(ptr, old.size()) && aligned {
            let free = self.end.get().addr().get() - self.pos.get().addr().get();
            let extra = new.size() - old.size();
            if extra <= free {
                // SAFETY: `extra <= end - pos`, and [cursor] puts `pos..end` in one chunk.
                // INVARIANT: [cursor] the new `pos` is at most `end`.
                self.pos.set(unsafe { self.pos.get().add(extra) });
                return Ok(ptr);
            }
        }
        // SAFETY: the caller's contract, passed on.
        unsafe { self.grow_by_copy(ptr, old, new) }
    }

    #[inline]
    unsafe fn try_shrink(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        debug_assert!(new.size() <= old.size());
        // `ptr` is aligned to `old.align()`, so only a stricter new alignment (which
        // collections never ask for; the test then folds away) can need a move.
        if new.align() > old.align() && ptr.addr().get() % new.align() != 0 {
            let new_ptr = self.try_alloc_layout(new)?;
            // SAFETY: `ptr` is live for `old.size() >= new.size()` bytes (caller), `new_ptr`
            // is a fresh block of `new.size()` bytes.
            unsafe { new_ptr.copy_from_nonoverlapping(ptr, new.size()) };
            // SAFETY: the old block is the caller's, moved into `new_ptr` and given up.
            unsafe { self.give_up(ptr, old.size()) };
            return Ok(new_ptr);
        }
        if self.is_newest(ptr, old.size()) {
            self.give_back_newest(old.size(), old.size() - new.size());
        } else {
            let cursor = || self.pos.get().addr().get();
            // SAFETY: `ptr` is live with `old.size() >= new.size()` bytes (caller), who keeps
            // only `new.size()` of them.
            if !unsafe {
                self.chunks
                    .shrink_dedicated(ptr, old.size(), new.size(), cursor)
            } {
                self.chunks.abandon(old.size() - new.size());
            }
        }
        Ok(ptr)
    }

    #[inline]
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        if self.is_newest(ptr, layout.size()) {
            self.give_back_newest(layout.size(), layout.size());
        } else {
            // SAFETY: the caller gives the block up.
            unsafe { self.give_up(ptr, layout.size()) };
        }
    }
}

impl Bump {
    /// Gives back the last `by` bytes of the newest block, of `size` bytes ([`Bump::is_newest`]
    /// held for it), recording the high-water mark first: O(1), and only here, off the
    /// allocation path.
    #[inline(always)]
    fn give_back_newest(&self, size: usize, by: usize) {
        debug_assert!(by <= size);
        self.chunks.record_peak(self.pos.get().addr().get());
        // SAFETY: the newest block ends at `pos` and starts `size` bytes before it, in the
        // current chunk (a chunk's header precedes its data, so no block of another chunk ends
        // at `pos`), so moving back `by <= size` bytes stays inside it.
        // INVARIANT: [cursor] `pos` moves back, but not before the block's start; [floor] the
        // block starts at or past the floor (`is_newest`), so `pos` stays there too.
        self.pos.set(unsafe { self.pos.get().sub(by) });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_shrink_serves_only_the_newest_block_and_records_the_peak() {
        let bump = Bump::new();
        let old = bump.alloc_layout(Layout::from_size_align(64, 8).unwrap());
        let new = bump.alloc_layout(Layout::from_size_align(64, 8).unwrap());
        // SAFETY: `old` is a live 64-byte block, not the newest: nothing may change.
        assert!(!unsafe { bump.try_shrink_fast(old, 64, 8) });
        assert_eq!(bump.stats().allocated_bytes, 128);
        // SAFETY: `new` is the newest block, 64 bytes; only its first 8 are used after.
        assert!(unsafe { bump.try_shrink_fast(new, 64, 8) });
        let stats = bump.stats();
        assert_eq!(
            (stats.allocated_bytes, stats.peak_allocated_bytes),
            (72, 128)
        );
        let next = bump.alloc_layout(Layout::new::<u8>());
        assert_eq!(
            next.addr().get(),
            new.addr().get() + 8,
            "the bytes came back"
        );
    }

    #[test]
    fn grow_in_place_keeps_the_pointer_and_only_bumps() {
        let bump = Bump::new();
        let layout = Layout::from_size_align(16, 8).unwrap();
        let ptr = bump.alloc_layout(layout);
        // SAFETY: `ptr` is the newest block, allocated with `layout`.
        let grown = unsafe { bump.try_grow(ptr, layout, Layout::from_size_align(64, 8).unwrap()) };
        assert_eq!(grown.unwrap(), ptr);
        assert_eq!(bump.stats().allocated_bytes, 64);
    }

    #[test]
    fn shrinking_the_newest_block_gives_bytes_back_and_realigns_when_needed() {
        let bump = Bump::new();
        let old = Layout::from_size_align(64, 8).unwrap();
        let ptr = bump.alloc_layout(old);
        // SAFETY: `ptr` is the newest block, allocated with `old`.
        let same = unsafe { bump.try_shrink(ptr, old, Layout::from_size_align(16, 8).unwrap()) };
        assert_eq!(same.unwrap(), ptr);
        assert_eq!(bump.stats().allocated_bytes, 16);
        let small = Layout::from_size_align(16, 8).unwrap();
        let aligned = Layout::from_size_align(8, 4096).unwrap();
        // SAFETY: `ptr` is a live block of 16 bytes now.
        let moved = unsafe { bump.try_shrink(ptr, small, aligned) }.unwrap();
        assert_eq!(moved.addr().get() % 4096, 0);
    }

    #[test]
    fn deallocating_the_newest_block_gives_its_bytes_back() {
        let bump = Bump::new();
        let layout = Layout::new::<u64>();
        let a = bump.alloc_layout(layout);
        // SAFETY: `a` is the newest block and is not used again.
        unsafe { bump.deallocate(a, layout) };
        assert_eq!(bump.alloc_layout(layout), a);
    }

    #[test]
    fn a_scope_keeps_an_oversized_block_from_before_it_and_rewinds_exactly() {
        let mut bump = Bump::new();
        bump.alloc(0u8);
        let big = Layout::from_size_align(100_000, 8).unwrap();
        let ptr = bump.alloc_layout(big);
        assert_eq!(
            bump.stats().chunk_count,
            2,
            "an oversized block gets its own chunk"
        );
        let before = bump.stats();
        {
            let scope = bump.scope_guard();
            scope.alloc(1u64);
            let small = Layout::from_size_align(10, 8).unwrap();
            // SAFETY: `ptr` is a live block of `big` from before the scope; it keeps 10 bytes.
            let same = unsafe { scope.try_shrink(ptr, big, small) }.unwrap();
            assert_eq!(same, ptr);
            // SAFETY: `ptr` is live with `small` and is not used again.
            unsafe { scope.deallocate(ptr, small) };
            assert_eq!(
                scope.stats().chunk_count,
                2,
                "its chunk stays while the scope is open"
            );
        }
        assert_eq!(bump.stats().allocated_bytes, before.allocated_bytes);
        assert_eq!(bump.stats().chunk_count, 2);
        // Outside any scope, giving an oversized block back frees its chunk.
        let again = bump.alloc_layout(big);
        assert_eq!(bump.stats().chunk_count, 3);
        // SAFETY: `again` is a live block of `big` and is not used again.
        unsafe { bump.deallocate(again, big) };
        assert_eq!(bump.stats().chunk_count, 2);
    }
}
