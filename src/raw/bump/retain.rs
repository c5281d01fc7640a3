//! Giving retained memory back, and the chunk-by-chunk view of a [`Bump`].

use super::{Bump, EMPTY};
use crate::raw::chunk::Chunks;

impl Bump {
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
}
