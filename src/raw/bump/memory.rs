//! What a [`Bump`] holds: its figures, the chunk-by-chunk view, giving retained memory
//! back, and giving up blocks that are not the newest.

use core::ptr::NonNull;

use super::{Bump, EMPTY};
use crate::raw::chunk::{Chunks, Stats};

impl Bump {
    /// Returns the bytes handed out and reserved, the chunk count and the peak since the
    /// last reset.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let mut bump = Bump::new();
    /// bump.alloc(0u32);
    /// bump.alloc(0u64); // 4 bytes of padding first
    /// assert_eq!(bump.stats().allocated_bytes, 16);
    /// bump.scope(|s| { s.alloc([0u8; 100]); });
    /// assert_eq!(bump.stats().peak_allocated_bytes, 116);
    /// drop(bumpkit::ArenaVec::<u8>::with_capacity_in(200, &bump)); // the newest block: given back
    /// assert_eq!(bump.stats().allocated_bytes, 16);
    /// assert_eq!(bump.stats().peak_allocated_bytes, 216);
    /// bump.reset();
    /// assert_eq!(bump.stats().peak_allocated_bytes, 0);
    /// ```
    #[must_use]
    pub fn stats(&self) -> Stats {
        self.sync_cursor();
        self.chunks.stats()
    }

    /// Returns [`Stats::reserved_bytes`] alone, in a load (for `ArenaPool`'s byte cap).
    #[cfg(feature = "std")]
    #[inline]
    pub(crate) fn reserved_bytes(&self) -> usize {
        self.chunks.reserved_bytes()
    }

    /// Returns how many bytes are left in the current chunk: the most that can be allocated
    /// (at alignment 1) before the arena needs a new chunk. Zero before the first chunk.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::with_capacity(1000);
    /// let before = bump.remaining();
    /// assert!(before >= 1000);
    /// bump.alloc([0u8; 100]);
    /// assert_eq!(bump.remaining(), before - 100);
    /// assert_eq!(Bump::new().remaining(), 0);
    /// ```
    #[must_use]
    #[inline]
    pub fn remaining(&self) -> usize {
        // [cursor] keeps `pos <= end`.
        self.end.get().addr().get() - self.pos.get().addr().get()
    }

    /// Frees the chunks that hold nothing until the arena holds at most `bytes` bytes
    /// ([`Stats::reserved_bytes`](crate::Stats::reserved_bytes)), or no such chunk is left.
    ///
    /// Nothing handed out is touched: with allocations alive it frees only empty chunks kept
    /// after the current one (by a scope that ended), largest first. Right after
    /// [`Bump::reset`] (nothing handed out) it keeps only the largest chunk of at most
    /// `bytes` bytes, or none.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let mut bump = Bump::new();
    /// bump.alloc_slice_fill_with(100_000, |i| i as u8);
    /// bump.reset();
    /// assert!(bump.stats().reserved_bytes > 100_000); // kept for the next round
    /// bump.shrink_to(64 << 10);
    /// assert!(bump.stats().reserved_bytes <= 64 << 10);
    /// ```
    pub fn shrink_to(&mut self, bytes: usize) {
        self.sync_cursor();
        self.chunks.shrink_to(bytes);
        match self.chunks.current() {
            Some(chunk) => self.enter(chunk),
            None => {
                // INVARIANT: [cursor] no current chunk.
                self.pos.set(EMPTY);
                self.end.set(EMPTY);
            }
        }
    }

    /// Frees every chunk that holds nothing: [`Bump::shrink_to`]`(0)`.
    ///
    /// Right after [`Bump::reset`] this gives all the arena's memory back, as a new arena
    /// holds none.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let mut bump = Bump::new();
    /// bump.alloc([0u64; 100]);
    /// bump.reset();
    /// assert_eq!(bump.stats().chunk_count, 1);
    /// bump.trim();
    /// assert_eq!(bump.stats().reserved_bytes, 0);
    /// assert_eq!(*bump.alloc(7), 7); // it allocates again as a new one does
    /// ```
    pub fn trim(&mut self) {
        self.shrink_to(0);
    }

    /// Returns an iterator over the arena's chunks, oldest first: their sizes and the bytes
    /// handed out of each, for diagnostics.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.chunks().count(), 0);
    /// bump.alloc(1u32);
    /// let total: usize = bump.chunks().map(|c| c.allocated_bytes).sum();
    /// assert_eq!(total, bump.stats().allocated_bytes);
    /// ```
    pub fn chunks(&self) -> Chunks<'_> {
        self.sync_cursor();
        Chunks::new(&self.chunks)
    }

    /// Gives up a block that is not the newest: frees its chunk if an oversized request got
    /// it to itself, else counts its bytes as abandoned.
    ///
    /// # Safety
    ///
    /// - `ptr..ptr + size` is a live block of this arena, or was until it was moved; the
    ///   caller gives it up: neither it nor any pointer into it is used again.
    #[inline]
    pub(super) unsafe fn give_up(&self, ptr: NonNull<u8>, size: usize) {
        let cursor = || self.pos.get().addr().get();
        // SAFETY: the caller gives the block up, so none of its bytes are used again.
        let released = unsafe { self.chunks.shrink_dedicated(ptr, size, 0, cursor) };
        if !released {
            self.chunks.abandon(size);
        }
    }
}
