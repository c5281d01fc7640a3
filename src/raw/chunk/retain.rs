//! What an arena keeps when it is reset or trimmed: the retention policy.

use super::{ChunkList, ChunkRef};
use crate::raw::layout_math::{CHUNK_ALIGN, MIN_CHUNK_SIZE};
use crate::sync::Ordering;

impl ChunkList {
    /// Releases everything handed out and clears the peak, keeping memory for the next round
    /// by the retention policy:
    ///
    /// - one chunk no bigger than the retention cap is kept as it is;
    /// - several chunks are replaced by one chunk of their total size (or of the cap, or the
    ///   limit, if less), so that a round that repeats fits in it without a new chunk;
    /// - failing that (a cap below the largest chunk, or the base allocator refusing the
    ///   merged chunk), the largest chunk within the cap is kept, or none.
    ///
    /// The current chunk's cursor must be up to date.
    #[inline]
    pub(crate) fn reset(&mut self) {
        match self.head.get() {
            // One chunk, the common case of an arena reset in a loop: it is already current,
            // so only its cursor and the figures change.
            Some(only)
                if only.header().next.get().is_none() && only.size() <= self.growth.retain =>
            {
                self.empty_only_chunk(only);
            }
            Some(_) => self.reset_and_merge(),
            None => {}
        }
        // INVARIANT: [peak] nothing moved back since this reset; [abandoned] nothing is
        // handed out. Relaxed: `&mut self`.
        self.peak.set(0);
        self.abandoned.store(0, Ordering::Relaxed);
    }

    /// Empties `only`, the list's one (and current) chunk.
    #[inline]
    fn empty_only_chunk(&self, only: ChunkRef) {
        debug_assert!(self.head.get() == Some(only) && self.current.get() == Some(only));
        let start = only.start().addr().get();
        // Relaxed: `&mut self` (reset).
        let cursor = only.cursor().load(Ordering::Relaxed);
        // SAFETY: a chunk's cursor lies in its data, and the caller holds `&mut self`
        // (reset), so nothing handed out of `only` is used again.
        unsafe { only.poison(start, cursor) };
        // INVARIANT: [spare] holds, as no chunk follows `only`; [base] [origin] hold, as
        // `only` is the head (`base` 0) and stays current; [floor] reset needs `&mut`, so no
        // checkpoint is open.
        only.cursor().store(start, Ordering::Relaxed);
        self.floor.set(0);
    }

    /// [`ChunkList::reset`] with several chunks, or one bigger than the cap.
    #[inline(never)]
    fn reset_and_merge(&mut self) {
        let target = self
            .reserved
            .get()
            .min(self.growth.retain)
            .min(self.limit.get().unwrap_or(usize::MAX))
            & !(CHUNK_ALIGN - 1);
        let keep = self.largest_within(target);
        let kept = keep.map_or(0, ChunkRef::size);
        if self.count.get() > 1 && kept < target && target >= MIN_CHUNK_SIZE {
            // Freed first, so that the arena never holds both.
            self.keep_only(None);
            if let Some(merged) = ChunkRef::allocate(target) {
                // INVARIANT: [owned] a fresh chunk, the only one; [step] a merging reset.
                self.head.set(Some(merged));
                self.make_current(merged);
                self.reserved.set(target);
                self.count.set(1);
                self.step.set(target);
                return;
            }
        }
        self.keep_only(keep);
    }

    /// Returns the largest chunk of at most `bytes` bytes.
    fn largest_within(&self, bytes: usize) -> Option<ChunkRef> {
        let mut largest: Option<ChunkRef> = None;
        let mut chunk = self.head.get();
        while let Some(c) = chunk {
            if c.size() <= bytes && largest.is_none_or(|l| c.size() > l.size()) {
                largest = Some(c);
            }
            chunk = c.header().next.get();
        }
        largest
    }

    /// Frees every chunk but `keep`, which becomes the only, current and empty chunk.
    /// Leaves the peak alone.
    fn keep_only(&mut self, keep: Option<ChunkRef>) {
        let mut chunk = self.head.get();
        while let Some(c) = chunk {
            chunk = c.header().next.get();
            if Some(c) != keep {
                // SAFETY: `&mut self` means no borrow of the arena, hence no pointer into its
                // chunks, is alive; `c` is dropped from the list below and never named again.
                unsafe { c.free() };
            }
        }
        // INVARIANT: [floor] `&mut self`: no checkpoint is open (one whose guard was
        // forgotten never rewinds).
        self.floor.set(0);
        self.any_dedicated.set(0);
        let Some(keep) = keep else {
            // INVARIANT: [owned] [current] [reserved] [origin] no chunk at all.
            self.head.set(None);
            self.current.set(None);
            self.origin.set(0);
            self.reserved.set(0);
            self.count.set(0);
            return;
        };
        let start = keep.start().addr().get();
        // Relaxed, all: `&mut self` means no other thread touches the chunk until the arena
        // is shared again, which synchronises.
        let cursor = keep.cursor().load(Ordering::Relaxed);
        // SAFETY: a chunk's cursor lies in its data, and `&mut self` means nothing handed
        // out of `keep` is used again.
        unsafe { keep.poison(start, cursor) };
        keep.cursor().store(start, Ordering::Relaxed);
        keep.header().base.store(0, Ordering::Relaxed);
        keep.header().prev.set(None);
        keep.header().next.set(None);
        keep.header().dedicated.set(false);
        // INVARIANT: [owned] [current] [reserved] [base] [origin] [spare] `keep` is now the
        // only chunk, empty, with nothing before it.
        self.head.set(Some(keep));
        self.make_current(keep);
        self.reserved.set(keep.size());
        self.count.set(1);
    }

    /// Frees chunks that hold nothing until at most `bytes` are reserved, or none is left:
    /// the spares after the current chunk, largest first; when nothing is handed out, every
    /// chunk but the largest that fits in `bytes`.
    ///
    /// The current chunk's cursor must be up to date.
    pub(crate) fn shrink_to(&mut self, bytes: usize) {
        if self.reserved.get() <= bytes {
            return;
        }
        if self.allocated_bytes() == 0 {
            let keep = self.largest_within(bytes);
            self.keep_only(keep);
            return;
        }
        let Some(current) = self.current.get() else {
            return;
        };
        while self.reserved.get() > bytes {
            let mut largest: Option<ChunkRef> = None;
            let mut chunk = current.header().next.get();
            while let Some(c) = chunk {
                if largest.is_none_or(|l| c.size() > l.size()) {
                    largest = Some(c);
                }
                chunk = c.header().next.get();
            }
            let Some(spare) = largest else { return };
            // INVARIANT: [owned] unlink `spare`, which follows `current`, so it has a `prev`.
            let (prev, next) = (spare.header().prev.get(), spare.header().next.get());
            if let Some(prev) = prev {
                prev.header().next.set(next);
            }
            if let Some(next) = next {
                next.header().prev.set(prev);
            }
            // INVARIANT: [reserved] no longer counted.
            self.reserved.set(self.reserved.get() - spare.size());
            self.count.set(self.count.get() - 1);
            // SAFETY: `spare` is unlinked above and empty ([spare]): nothing points into it,
            // and its handle is not used again.
            unsafe { spare.free() };
        }
    }
}
