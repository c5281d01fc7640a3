//! Oversized requests: a chunk of their own behind the current one, which keeps growing
//! from its own size (bumpalo #152), and giving such a chunk's bytes back.

use core::alloc::Layout;
use core::ptr::NonNull;

use super::{ChunkList, ChunkRef, HEADER_SIZE};
use crate::error::{AllocError, AllocErrorKind};
use crate::raw::layout_math;
use crate::sync::Ordering;

impl ChunkList {
    /// Gives an oversized `layout` (more than the next growth step holds) a chunk of its own,
    /// linked in just before the current chunk, which stays current with its free bytes; the
    /// step is left alone (bumpalo #152). Returns the block, or `None` when the request is
    /// not oversized, there is no current chunk, a checkpoint's chunk is current, or a spare
    /// fits it: then [`ChunkList::advance`] serves it.
    ///
    /// The current chunk's cursor must be up to date.
    ///
    /// # Errors
    ///
    /// As [`ChunkList::advance`].
    pub(crate) fn dedicate(&self, layout: Layout) -> Result<Option<NonNull<u8>>, AllocError> {
        let Some(current) = self.current.get() else {
            return Ok(None);
        };
        let error = |kind| AllocError::for_layout(kind, layout);
        let size = layout_math::chunk_size_for(HEADER_SIZE, layout)
            .ok_or_else(|| error(AllocErrorKind::SizeOverflow))?;
        let spare_fits = current
            .header()
            .next
            .get()
            .is_some_and(|spare| spare.fits_when_empty(layout));
        if self.floor.get() != 0 || size <= self.growth.next_size(self.step(), 0) || spare_fits {
            return Ok(None);
        }
        let reserved = self.reserved.get();
        if !layout_math::within_limit(reserved, size, self.limit.get()) {
            return Err(error(AllocErrorKind::LimitReached));
        }
        let chunk = ChunkRef::allocate(size).ok_or_else(|| error(AllocErrorKind::OutOfMemory))?;
        let start = chunk.start().addr().get();
        let Some((pad, needed)) = layout_math::fit(start, size - HEADER_SIZE, layout) else {
            debug_assert!(false, "a chunk of `chunk_size_for` fits the request");
            // SAFETY: the chunk is fresh and unlinked, and nothing points into it.
            unsafe { chunk.free() };
            return Err(error(AllocErrorKind::OutOfMemory));
        };
        // Relaxed, all: `&self` of a single-threaded arena (the only caller), or no one else
        // knows `chunk` yet; see `ChunkRef::allocated_at`.
        // INVARIANT: [oversized] `chunk` is retired (cursor at its end) and counted in the
        // current chunk's `base`, after the chunks before it. [floor] is 0, checked above.
        chunk
            .cursor()
            .store(chunk.end().addr().get(), Ordering::Relaxed);
        chunk.header().dedicated.set(true);
        self.any_dedicated.set(1);
        let base = current.header().base.load(Ordering::Relaxed);
        chunk.header().base.store(base, Ordering::Relaxed);
        current
            .header()
            .base
            .store(base + needed, Ordering::Relaxed);
        // INVARIANT: [owned] link `chunk` between `current` and the chunk before it.
        let before = current.header().prev.replace(Some(chunk));
        chunk.header().prev.set(before);
        chunk.header().next.set(Some(current));
        match before {
            Some(before) => before.header().next.set(Some(chunk)),
            None => self.head.set(Some(chunk)),
        }
        // INVARIANT: [reserved] count it; [origin] `current`'s `base` changed.
        self.reserved.set(reserved + size);
        self.count.set(self.count.get() + 1);
        self.make_current(current);
        // SAFETY: `fit` gave `pad <= needed <= size - HEADER_SIZE`, so the block's start lies
        // in the chunk's data.
        Ok(Some(unsafe { chunk.pointer_at(start + pad) }))
    }

    /// Gives back the end of a block that an oversized request got a chunk for
    /// ([`ChunkList::dedicate`]), shrinking it from `old_size` to `new_size` bytes, and
    /// returns whether `ptr` is such a block. At size 0 the chunk is freed; otherwise the
    /// bytes past the new end join the chunk's tail. Only the run of such chunks just before
    /// the current one is searched: a few loads when there is none. While the newest
    /// checkpoint's chunk is current ([floor] not 0), every such chunk predates the
    /// checkpoint, and nothing is given back: a scope promises that blocks from before it keep
    /// their bytes, and its rewind restores the allocated bytes it started from. (Once the
    /// scope has moved on to a later chunk, the run searched lies past the checkpoint's chunk,
    /// which is never one of these.) A single-threaded arena's form; `cursor` gives its
    /// up-to-date cursor, for the peak.
    ///
    /// # Safety
    ///
    /// - `ptr` is a live block of this arena of `old_size >= new_size` bytes; the caller
    ///   uses only its first `new_size` bytes again (none when 0).
    #[inline(always)]
    pub(crate) unsafe fn shrink_dedicated(
        &self,
        ptr: NonNull<u8>,
        old_size: usize,
        new_size: usize,
        cursor: impl FnOnce() -> usize,
    ) -> bool {
        // SAFETY: the caller's contract, passed on.
        self.any_dedicated.get() != 0
            && self.floor.get() == 0
            && unsafe { self.shrink_dedicated_slow(ptr, old_size, new_size, cursor()) }
    }

    /// [`ChunkList::shrink_dedicated`] once a chunk may be dedicated.
    ///
    /// # Safety
    ///
    /// As [`ChunkList::shrink_dedicated`].
    #[inline(never)]
    unsafe fn shrink_dedicated_slow(
        &self,
        ptr: NonNull<u8>,
        old_size: usize,
        new_size: usize,
        cursor: usize,
    ) -> bool {
        let Some(current) = self.current.get() else {
            return false;
        };
        let addr = ptr.addr().get();
        let mut chunk = current.header().prev.get();
        while let Some(c) = chunk {
            if !c.header().dedicated.get() {
                return false;
            }
            if c.start().addr().get() <= addr && addr < c.end().addr().get() {
                break;
            }
            chunk = c.header().prev.get();
        }
        let Some(chunk) = chunk else { return false };
        self.record_peak(cursor);
        let base = |c: ChunkRef| c.allocated_at(c.start().addr().get());
        // A dedicated chunk is never current, so a chunk follows it.
        let Some(following) = chunk.header().next.get() else {
            return false;
        };
        let bytes = if new_size == 0 {
            base(following) - base(chunk)
        } else {
            old_size - new_size
        };
        // INVARIANT: [base] the chunks after it, up to the current one, no longer count the
        // bytes given back. Relaxed: a single-threaded arena's `&self`.
        let mut after = Some(following);
        while let Some(a) = after {
            a.header().base.store(base(a) - bytes, Ordering::Relaxed);
            if a == current {
                break;
            }
            after = a.header().next.get();
        }
        if new_size != 0 {
            self.set_origin(current);
            return true;
        }
        // INVARIANT: [owned] unlink it; [reserved] uncount it; [origin] `current`'s `base`
        // changed ([floor] stays: `current` stays current).
        let before = chunk.header().prev.get();
        following.header().prev.set(before);
        match before {
            Some(before) => before.header().next.set(Some(following)),
            None => self.head.set(Some(following)),
        }
        self.reserved.set(self.reserved.get() - chunk.size());
        self.count.set(self.count.get() - 1);
        self.set_origin(current);
        // SAFETY: [oversized] the chunk holds `ptr`'s block and nothing else, which the
        // caller gives up; it is unlinked above and its handle dropped here.
        unsafe { chunk.free() };
        true
    }
}
