//! What an arena reports about itself: [`Stats`], and the chunk-by-chunk view [`Chunks`].

use core::iter::FusedIterator;

use super::{ChunkList, ChunkRef, HEADER_SIZE};
use crate::sync::Ordering;

/// Figures an arena reports about itself.
///
/// The bytes an arena holds add up exactly:
/// `allocated_bytes + tail_bytes + free_bytes + header_bytes == reserved_bytes`. Of the
/// allocated bytes, `abandoned_bytes` are dead; so the bytes in use are
/// `allocated_bytes - abandoned_bytes`, and with the waste
/// (`wasted_bytes = abandoned_bytes + tail_bytes`) and the free bytes they make up
/// `reserved_bytes - header_bytes`.
///
/// Alignment padding is counted in `allocated_bytes`, not as waste: counting it apart would
/// cost the allocation fast path a store.
///
/// # Examples
///
/// ```
/// use bumpkit::Bump;
///
/// let bump = Bump::new();
/// bump.alloc(1u64);
/// let stats = bump.stats();
/// assert_eq!(stats.allocated_bytes, 8);
/// assert_eq!(stats.chunk_count, 1);
/// assert!(stats.reserved_bytes >= 8);
/// assert_eq!(
///     stats.allocated_bytes + stats.tail_bytes + stats.free_bytes + stats.header_bytes,
///     stats.reserved_bytes
/// );
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Stats {
    /// Bytes handed out since the last reset, alignment padding included.
    pub allocated_bytes: usize,
    /// Bytes the arena holds from the base allocator, chunk headers included.
    pub reserved_bytes: usize,
    /// Number of chunks the arena holds.
    pub chunk_count: usize,
    /// The most `allocated_bytes` has been since the last reset.
    pub peak_allocated_bytes: usize,
    /// Bytes that are neither in use nor free: `abandoned_bytes + tail_bytes`.
    pub wasted_bytes: usize,
    /// Bytes of `allocated_bytes` that are dead: blocks a collection left behind when it
    /// grew by moving (it was not the newest block, or its chunk was full), and blocks given
    /// back while not the newest. Always 0 for `SyncBump`, which does not count them yet;
    /// blocks from before a scope abandoned inside it are forgotten when it ends.
    pub abandoned_bytes: usize,
    /// Unused bytes at the end of chunks the arena moved on from (a request did not fit in
    /// them), and of chunks an oversized request got to itself.
    pub tail_bytes: usize,
    /// Bytes the arena can still hand out without a new chunk: the rest of the current
    /// chunk, and empty chunks kept after it (by a scope that ended).
    pub free_bytes: usize,
    /// Bytes taken by the chunks' headers.
    pub header_bytes: usize,
}

/// One chunk of an arena, as [`Chunks`] reports it.
///
/// # Examples
///
/// ```
/// use bumpkit::Bump;
///
/// let bump = Bump::with_capacity(1000);
/// bump.alloc([0u8; 100]);
/// let chunk = bump.chunks().next().unwrap();
/// assert_eq!((chunk.allocated_bytes, chunk.is_current), (100, true));
/// assert!(chunk.capacity_bytes >= 1000 && chunk.size_bytes > chunk.capacity_bytes);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ChunkInfo {
    /// Bytes the chunk holds from the base allocator, header included.
    pub size_bytes: usize,
    /// Bytes of the chunk that hold data: `size_bytes` minus the header.
    pub capacity_bytes: usize,
    /// Bytes handed out of the chunk, padding included; for a chunk the arena moved on from,
    /// the rest of its capacity is its unused tail.
    pub allocated_bytes: usize,
    /// Whether the arena allocates from this chunk now.
    pub is_current: bool,
}

/// An iterator over an arena's chunks, oldest first, for diagnostics; made by
/// [`Bump::chunks`](crate::Bump::chunks).
///
/// The figures of the current chunk are those of the moment the iterator was made.
///
/// # Examples
///
/// ```
/// use bumpkit::Bump;
///
/// let bump = Bump::builder().first_chunk_size(1024).max_chunk_size(1024).build();
/// for _ in 0..3 {
///     bump.alloc([0u8; 600]);
/// }
/// let chunks: Vec<_> = bump.chunks().collect();
/// assert_eq!(chunks.len(), 3);
/// assert!(chunks.iter().all(|c| c.allocated_bytes == 600));
/// assert!(chunks[2].is_current);
/// ```
#[derive(Debug)]
pub struct Chunks<'a> {
    list: &'a ChunkList,
    next: Option<ChunkRef>,
    past_current: bool,
}

impl<'a> Chunks<'a> {
    /// Walks `list`, whose current chunk's cursor must be up to date.
    pub(crate) fn new(list: &'a ChunkList) -> Self {
        Self {
            list,
            next: list.head.get(),
            past_current: false,
        }
    }
}

impl Iterator for Chunks<'_> {
    type Item = ChunkInfo;

    fn next(&mut self) -> Option<ChunkInfo> {
        // [live]: the iterator borrows the arena, and chunks are freed only through `&mut`.
        let chunk = self.next?;
        let following = chunk.header().next.get();
        self.next = following;
        let size_bytes = chunk.size();
        let is_current = self.list.current.get() == Some(chunk);
        let allocated_bytes = if is_current {
            self.past_current = true;
            // Acquire: as in `ChunkList::allocated_bytes`.
            chunk.cursor().load(Ordering::Acquire) - chunk.start().addr().get()
        } else if self.past_current {
            0 // a spare: empty ([spare])
        } else {
            // [base]: the chunk after a retired one counts the bytes handed out up to its end.
            following.map_or(0, |f| base_of(f).saturating_sub(base_of(chunk)))
        };
        Some(ChunkInfo {
            size_bytes,
            capacity_bytes: size_bytes - HEADER_SIZE,
            allocated_bytes,
            is_current,
        })
    }
}

impl FusedIterator for Chunks<'_> {}

/// Returns the bytes handed out from the chunks before `chunk` ([base]).
fn base_of(chunk: ChunkRef) -> usize {
    chunk.allocated_at(chunk.start().addr().get())
}

impl ChunkList {
    /// Returns the arena's figures. The current chunk's cursor must be up to date.
    pub(crate) fn stats(&self) -> Stats {
        let current = self.current.get();
        // Acquire: as in `ChunkList::allocated_bytes`; loaded once, so that the figures add
        // up even while other threads allocate.
        let cursor = current.map(|c| c.cursor().load(Ordering::Acquire));
        let (allocated_bytes, mut free_bytes) = match (current, cursor) {
            (Some(c), Some(cursor)) => (c.allocated_at(cursor), c.end().addr().get() - cursor),
            _ => (0, 0),
        };
        // [base]: the chunks before the current one hold its `base` bytes; the rest of them
        // is their tails. The chunks after it are empty spares ([spare]).
        let (mut before, mut past_current) = (0, false);
        let mut chunk = self.head.get();
        while let Some(c) = chunk {
            if Some(c) == current {
                past_current = true;
            } else if past_current {
                free_bytes += c.size() - HEADER_SIZE;
            } else {
                before += c.size() - HEADER_SIZE;
            }
            chunk = c.header().next.get();
        }
        let tail_bytes = before.saturating_sub(current.map_or(0, base_of));
        // Relaxed: as in `ChunkList::abandon`; [abandoned] keeps it within the allocated
        // bytes, and `min` keeps a racing `SyncBump` reader's figures consistent.
        let abandoned_bytes = self.abandoned.load(Ordering::Relaxed).min(allocated_bytes);
        Stats {
            allocated_bytes,
            reserved_bytes: self.reserved.get(),
            chunk_count: self.count.get(),
            peak_allocated_bytes: self.peak.get().max(allocated_bytes),
            wasted_bytes: abandoned_bytes + tail_bytes,
            abandoned_bytes,
            tail_bytes,
            free_bytes,
            header_bytes: self.count.get() * HEADER_SIZE,
        }
    }
}
