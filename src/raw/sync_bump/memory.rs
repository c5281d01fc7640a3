//! `SyncBump`'s memory as a whole: reset, shrinking, the allocation limit, statistics.

use core::ptr;

use super::SyncBump;
#[cfg(feature = "std")]
use super::thread_cache;
#[cfg(doc)]
use crate::LocalBump;
use crate::raw::chunk::{ChunkRef, Stats};
use crate::sync::Ordering;

impl SyncBump {
    /// Frees everything the arena handed out, keeping its memory for the next round by
    /// [`Bump::reset`](crate::Bump::reset)'s retention policy.
    ///
    /// Values in the arena are **not dropped**. Taking `&mut self` proves that no thread still
    /// holds a reference into the arena or a [`LocalBump`] of it. In debug builds the released
    /// bytes are overwritten with `0xBD`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let mut arena = SyncBump::new();
    /// for round in 0..3 {
    ///     let data = arena.alloc_slice_fill_with(1000, |i| i + round);
    ///     assert_eq!(data[999], 999 + round);
    ///     arena.reset();
    /// }
    /// assert_eq!(arena.stats().chunk_count, 1);
    /// ```
    pub fn reset(&mut self) {
        self.stale_thread_blocks();
        self.chunks.reset();
        // Relaxed: `&mut self` means no other thread can touch it before we are done.
        // INVARIANT: [peak] nothing moved back since the reset.
        self.peak.store(0, Ordering::Relaxed);
        let current = self
            .chunks
            .current()
            .map_or(ptr::null_mut(), ChunkRef::into_raw);
        // Relaxed: `&mut self` means no other thread can load it before we are done.
        // INVARIANT: [published] the list's current chunk (if any).
        self.current.store(current, Ordering::Relaxed);
    }

    /// Frees the chunks that hold nothing until the arena holds at most `bytes` bytes, as
    /// [`Bump::shrink_to`](crate::Bump::shrink_to) does: right after a reset it keeps only
    /// the largest chunk of at most `bytes` bytes, or none; with allocations alive it frees
    /// nothing (`SyncBump` keeps no empty chunks after the current one).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let mut arena = SyncBump::new();
    /// arena.alloc_slice_fill_with(100_000, |i| i as u8);
    /// arena.reset();
    /// assert!(arena.stats().reserved_bytes > 100_000); // kept for the next round
    /// arena.shrink_to(64 << 10);
    /// assert!(arena.stats().reserved_bytes <= 64 << 10);
    /// ```
    pub fn shrink_to(&mut self, bytes: usize) {
        // Only chunks that hold nothing are freed, so no thread's block lies in one; the
        // threads' blocks go stale anyway, so that this needs no argument about them.
        self.stale_thread_blocks();
        self.chunks.shrink_to(bytes);
        let current = self
            .chunks
            .current()
            .map_or(ptr::null_mut(), ChunkRef::into_raw);
        // Relaxed: `&mut self` means no other thread can load it before we are done.
        // INVARIANT: [published] the list's current chunk (if any).
        self.current.store(current, Ordering::Relaxed);
    }

    /// Makes every thread's cached block of this arena stale, before chunks are freed.
    fn stale_thread_blocks(&mut self) {
        #[cfg(feature = "std")]
        {
            // INVARIANT: [key] an epoch no arena ever had, so every thread's cached block of
            // this arena goes stale before the caller frees chunks.
            self.epoch = thread_cache::fresh_epoch();
        }
    }

    /// Frees every chunk that holds nothing: [`SyncBump::shrink_to`]`(0)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let mut arena = SyncBump::new();
    /// arena.alloc(1u64);
    /// arena.reset();
    /// arena.trim();
    /// assert_eq!(arena.stats().reserved_bytes, 0);
    /// ```
    pub fn trim(&mut self) {
        self.shrink_to(0);
    }

    /// Limits the bytes the arena may hold from the global allocator (`None`: no limit).
    ///
    /// The limit works as [`Bump::set_allocation_limit`](crate::Bump::set_allocation_limit)'s:
    /// it counts whole chunks and is checked only when a chunk is added.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// arena.set_allocation_limit(Some(16 << 10));
    /// assert!(arena.try_alloc_slice_fill_with(1000, |i| i).is_ok());
    /// assert!(arena.try_alloc_slice_fill_with(4000, |i| i).is_err());
    /// ```
    pub fn set_allocation_limit(&self, limit: Option<usize>) {
        let _guard = self.lock.lock();
        // [locked]: we hold the lock.
        self.chunks.set_limit(limit);
    }

    /// Returns the limit set by [`SyncBump::set_allocation_limit`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.allocation_limit(), None);
    /// arena.set_allocation_limit(Some(1 << 20));
    /// assert_eq!(arena.allocation_limit(), Some(1 << 20));
    /// ```
    #[must_use]
    pub fn allocation_limit(&self) -> Option<usize> {
        let _guard = self.lock.lock();
        // [locked]: we hold the lock.
        self.chunks.limit()
    }

    /// Returns the bytes handed out and reserved, the chunk count and the peak since the
    /// last reset.
    ///
    /// While other threads allocate, the figures are a snapshot that may already be behind;
    /// the peak covers the bytes handed out at any moment before it, also those given back
    /// since. Blocks carved by [`SyncBump::local`] handles, and (with `std`) the blocks other
    /// threads cache, count as handed out in full; the calling thread's own cached block
    /// counts only as far as it was used.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, SyncBump};
    ///
    /// let arena = SyncBump::new();
    /// arena.alloc(0u32);
    /// arena.alloc(0u64); // 4 bytes of padding first
    /// let stats = arena.stats();
    /// assert_eq!((stats.allocated_bytes, stats.chunk_count), (16, 1));
    /// drop(ArenaVec::<u8, _>::with_capacity_in(100, &arena)); // the newest block: given back
    /// let stats = arena.stats();
    /// assert_eq!((stats.allocated_bytes, stats.peak_allocated_bytes), (16, 116));
    /// ```
    #[must_use]
    pub fn stats(&self) -> Stats {
        let _guard = self.lock.lock();
        // [locked]: we hold the lock; the chunks' cursors are atomics, always up to date.
        let mut stats = self.chunks.stats();
        #[cfg(feature = "std")]
        {
            // The calling thread's own block counts only up to where it bumped, and the rest
            // of it as free (it is what `remaining` reports); every other thread's counts in
            // full. So threads see different figures: the peak keeps the highest any of them
            // was told, raised here before it is read below, and the highest this thread's
            // figure was before its block gave bytes back (counted with the chunk's cursor
            // of now, so at least that figure). The list's peak covers nothing here
            // ([peak]), only its current figure.
            let (tail, tail_at_high) = thread_cache::tails_now_and_at_high(self).unwrap_or((0, 0));
            let full = stats.allocated_bytes;
            stats.allocated_bytes = full.saturating_sub(tail);
            stats.free_bytes += full - stats.allocated_bytes;
            stats.peak_allocated_bytes = stats.allocated_bytes;
            self.record_peak(full.saturating_sub(tail_at_high));
        }
        // Relaxed: read after the Acquire load of the cursor in `chunks.stats()`: if that saw
        // a give-back, it sees the peak raised before it ([peak]).
        let given_back = self.peak.load(Ordering::Relaxed);
        stats.peak_allocated_bytes = stats.peak_allocated_bytes.max(given_back);
        stats
    }

    /// Returns the bytes handed out as the calling thread sees them: all up to the current
    /// chunk's cursor, less `tail`, the rest of its own block.
    #[cfg(feature = "std")]
    pub(super) fn allocated_bytes_seen(&self, tail: usize) -> usize {
        self.current_chunk().map_or(0, |chunk| {
            // Acquire: as in `ChunkList::allocated_bytes`, a figure only.
            let cursor = chunk.cursor().load(Ordering::Acquire);
            chunk.allocated_at(cursor).saturating_sub(tail)
        })
    }

    /// Returns how many bytes the calling thread's next allocations (at alignment 1) can take
    /// before it needs more room: with `std`, the rest of its own cached block of this arena
    /// if it has one; else the rest of the current chunk. Zero before the first chunk.
    ///
    /// Other threads allocate from the chunk at the same time, so that figure is a snapshot
    /// that may be stale as soon as it is returned; those bytes are not reserved for the
    /// caller. Blocks carved by other threads and by [`SyncBump::local`] handles are not
    /// counted (see [`LocalBump::remaining`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::with_capacity(1000);
    /// let before = arena.remaining();
    /// assert!(before >= 1000);
    /// arena.alloc([0u8; 100]);
    /// assert_eq!(arena.remaining(), before - 100); // no other thread allocated
    /// assert_eq!(SyncBump::new().remaining(), 0);
    /// ```
    #[must_use]
    pub fn remaining(&self) -> usize {
        #[cfg(feature = "std")]
        if let Some(tail) = thread_cache::tail(self) {
            return tail;
        }
        self.current_chunk().map_or(0, |chunk| {
            // Relaxed: a snapshot, ordered with nothing; [cursor] keeps it within the chunk.
            let pos = chunk.cursor().load(Ordering::Relaxed);
            chunk.end().addr().get().saturating_sub(pos)
        })
    }
}
