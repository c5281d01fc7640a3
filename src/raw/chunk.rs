//! Chunk memory: the header at the front of every chunk, the list of chunks an arena owns,
//! the growth policy applied to it, and the only calls into the base allocator.

use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

use super::layout_math::{self, CHUNK_ALIGN, ChunkGrowth};
use crate::error::{AllocError, AllocErrorKind};
use crate::sync::{AtomicUsize, Ordering};

mod oversized;
mod retain;
mod stats;

pub use stats::{ChunkInfo, Chunks, Stats};

/// The byte written over memory that `reset` or a scope released, in debug builds.
#[cfg(debug_assertions)]
pub(crate) const POISON: u8 = 0xBD;

/// The bookkeeping at the start of every chunk; the chunk's data follows it.
#[repr(C)]
struct ChunkHeader {
    /// The chunk allocated before this one.
    prev: Cell<Option<ChunkRef>>,
    /// The chunk allocated after this one (a spare while this one is current).
    next: Cell<Option<ChunkRef>>,
    /// Bytes of the whole allocation, header included.
    size: usize,
    /// Address of the chunk's first free byte. `SyncBump` bumps it atomically; `Bump` keeps
    /// its cursor in the arena and writes it back here before the list reads it. Once the
    /// chunk is retired (a later one became current), it sits at the chunk's end.
    cursor: AtomicUsize,
    /// Bytes handed out from the chunks before this one, counted when this one became
    /// current (see [base] on `ChunkList`).
    base: AtomicUsize,
    /// Whether an oversized request got this chunk to itself ([oversized] on `ChunkList`):
    /// it then holds that one block and nothing else.
    dedicated: Cell<bool>,
}

/// Bytes between a chunk's start and its data; keeps the data `CHUNK_ALIGN`-aligned.
pub(crate) const HEADER_SIZE: usize = size_of::<ChunkHeader>().next_multiple_of(CHUNK_ALIGN);

// `ChunkRef::allocate` writes the header at the start of a `CHUNK_ALIGN`-aligned allocation.
const _: () = assert!(align_of::<ChunkHeader>() <= CHUNK_ALIGN);

/// A handle to one chunk.
///
/// Every `ChunkRef` in use points to a chunk allocated by [`ChunkRef::allocate`] and not yet
/// freed: a [`ChunkList`] frees a chunk only after unlinking it, and hands out no handle to
/// an unlinked chunk ([live]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct ChunkRef(NonNull<ChunkHeader>);

impl ChunkRef {
    /// Allocates a chunk of `size` bytes (header included) from the base allocator.
    fn allocate(size: usize) -> Option<Self> {
        debug_assert!(size > HEADER_SIZE);
        let layout = Layout::from_size_align(size, CHUNK_ALIGN).ok()?;
        // SAFETY: `layout` has a non-zero size, since `size > HEADER_SIZE`.
        let base = NonNull::new(unsafe { base_alloc(layout) })?.cast::<ChunkHeader>();
        let start = base.addr().get() + HEADER_SIZE;
        let header = ChunkHeader {
            prev: Cell::new(None),
            next: Cell::new(None),
            size,
            cursor: AtomicUsize::new(start),
            base: AtomicUsize::new(0),
            dedicated: Cell::new(false),
        };
        // SAFETY: `base` is a fresh allocation of at least `HEADER_SIZE` bytes aligned to
        // `CHUNK_ALIGN`, which is at least the header's alignment.
        unsafe { base.write(header) };
        Some(Self(base))
    }

    /// Returns the chunk's memory to the base allocator.
    ///
    /// # Safety
    ///
    /// - The chunk is live and unlinked, and neither this handle nor a copy is used again.
    /// - No pointer into the chunk's data is used again.
    unsafe fn free(self) {
        let layout = Layout::from_size_align(self.size(), CHUNK_ALIGN)
            .expect("the layout was valid when the chunk was allocated");
        // SAFETY: the chunk was allocated by `base_alloc` with this very layout ([live]), and
        // the caller promises nothing uses it again.
        unsafe { base_dealloc(self.0.as_ptr().cast(), layout) };
    }

    /// Returns the address of the chunk's header, for an arena that publishes its current
    /// chunk through an `AtomicPtr`; [`ChunkRef::from_raw`] turns it back.
    #[cfg_attr(
        not(target_has_atomic = "ptr"),
        allow(dead_code, reason = "used by `SyncBump` only")
    )]
    pub(crate) fn into_raw(self) -> *mut u8 {
        self.0.as_ptr().cast()
    }

    /// Returns the handle whose [`ChunkRef::into_raw`] gave `raw`.
    ///
    /// # Safety
    ///
    /// - `raw` came from [`ChunkRef::into_raw`] of a chunk that is still live.
    #[cfg_attr(
        not(target_has_atomic = "ptr"),
        allow(dead_code, reason = "used by `SyncBump` only")
    )]
    pub(crate) unsafe fn from_raw(raw: NonNull<u8>) -> Self {
        Self(raw.cast())
    }

    fn header(&self) -> &ChunkHeader {
        // SAFETY: [live]: the header was written by `allocate` and the chunk is not freed;
        // headers are only ever accessed through shared references.
        unsafe { self.0.as_ref() }
    }

    /// Returns the chunk's bytes, header included.
    pub(crate) fn size(self) -> usize {
        self.header().size
    }

    /// Returns the first byte of the chunk's data.
    pub(crate) fn start(self) -> NonNull<u8> {
        // SAFETY: [live]: the allocation is `size > HEADER_SIZE` bytes, so the data start is
        // inside it.
        unsafe { self.0.cast::<u8>().add(HEADER_SIZE) }
    }

    /// Returns one past the last byte of the chunk's data.
    pub(crate) fn end(self) -> NonNull<u8> {
        // SAFETY: [live]: one past the end of the chunk's own allocation.
        unsafe { self.0.cast::<u8>().add(self.size()) }
    }

    /// Returns the pointer to the byte at address `addr` with the chunk's provenance.
    ///
    /// # Safety
    ///
    /// - `addr` lies in (or one past) the chunk's data: `start() <= addr <= end()`.
    pub(crate) unsafe fn pointer_at(self, addr: usize) -> NonNull<u8> {
        debug_assert!(self.start().addr().get() <= addr && addr <= self.end().addr().get());
        let offset = addr.wrapping_sub(self.start().addr().get());
        // SAFETY: the caller guarantees `start <= addr <= end`, so `offset` is at most the
        // data's length and the result stays inside (or one past) the chunk's allocation.
        unsafe { self.start().add(offset) }
    }

    /// Returns the chunk's cursor (`SyncBump` bumps it atomically; `Bump` writes it back).
    pub(crate) fn cursor(&self) -> &AtomicUsize {
        &self.header().cursor
    }

    /// Returns the arena's allocated bytes when this chunk is current and its cursor is at
    /// `cursor`: the chunks before it, plus this one up to `cursor`.
    ///
    /// `cursor` lies in (or one past) the chunk's data.
    #[inline]
    pub(crate) fn allocated_at(self, cursor: usize) -> usize {
        debug_assert!(self.start().addr().get() <= cursor && cursor <= self.end().addr().get());
        // Relaxed: `base` is written only while the chunk is not yet current (under the lock
        // or through `&mut`, for `SyncBump` before the Release store that publishes it) or
        // through `&mut`; the reader got the chunk after that (same thread, the lock, or the
        // Acquire load of the published chunk), so it sees the value.
        self.header().base.load(Ordering::Relaxed) + (cursor - self.start().addr().get())
    }

    /// Moves the cursor to the chunk's end, so that no one claims more of it, and returns the
    /// arena's allocated bytes up to and including it: the [base] of the chunk after it.
    fn retire(self) -> usize {
        // Relaxed: the swap is one atomic step, so every claim by compare-and-swap either
        // came before it and is counted in `cursor`, or fails on the new value (a racing
        // `SyncBump` thread then retries under the lock in the new current chunk). No data is
        // handed over through it.
        let cursor = crate::sync::swap(self.cursor(), self.end().addr().get(), Ordering::Relaxed);
        self.allocated_at(cursor)
    }

    /// Returns whether `layout` fits in this chunk when it is empty.
    fn fits_when_empty(self, layout: Layout) -> bool {
        let capacity = self.end().addr().get() - self.start().addr().get();
        layout_math::fit(self.start().addr().get(), capacity, layout).is_some()
    }

    /// Writes the poison byte over `from..to` (addresses in this chunk) in debug builds.
    ///
    /// # Safety
    ///
    /// - `start() <= from <= to <= end()`.
    /// - The bytes `from..to` are released: nothing uses them again before they are handed
    ///   out anew.
    unsafe fn poison(self, from: usize, to: usize) {
        #[cfg(debug_assertions)]
        {
            debug_assert!(from <= to && to <= self.end().addr().get());
            // SAFETY: the caller guarantees `start <= from <= end`.
            let start = unsafe { self.pointer_at(from) };
            // SAFETY: `from..to` lies in this chunk's data and is released (the caller's
            // contract), so no live reference points into it.
            unsafe { start.write_bytes(POISON, to - from) };
        }
        #[cfg(not(debug_assertions))]
        let _ = (self, from, to);
    }
}

/// Allocates from the global allocator; the crate's one door to it (arena chunks here,
/// `KeyedPool`'s slot blocks in pool/keyed_pool/chunks.rs).
///
/// # Safety
///
/// - `layout` has a non-zero size.
#[expect(
    clippy::disallowed_methods,
    reason = "this is the one helper allowed to call it"
)]
pub(crate) unsafe fn base_alloc(layout: Layout) -> *mut u8 {
    // SAFETY: the caller guarantees a non-zero size.
    unsafe { alloc::alloc::alloc(layout) }
}

/// Returns memory to the global allocator.
///
/// # Safety
///
/// - `ptr` was returned by [`base_alloc`] with this `layout` and is not used again.
#[expect(
    clippy::disallowed_methods,
    reason = "this is the one helper allowed to call it"
)]
pub(crate) unsafe fn base_dealloc(ptr: *mut u8, layout: Layout) {
    // SAFETY: the caller's contract is `dealloc`'s.
    unsafe { alloc::alloc::dealloc(ptr, layout) }
}

/// A position to rewind an arena to: the chunk that was current and its cursor, and the
/// floor to restore with it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Checkpoint {
    chunk: Option<ChunkRef>,
    cursor: usize,
    outer_floor: usize,
    abandoned: usize,
}

/// The chunks an arena owns, oldest first, and the policy for adding more.
///
/// All fields are `Cell`s so that the single-threaded arena can grow through `&self`; the
/// thread-safe arena touches a `ChunkList` only under its lock or through `&mut self`.
#[derive(Debug)]
pub(crate) struct ChunkList {
    // Invariants:
    // - [owned] the chunks reachable from `head` through `next` were allocated by
    //   `ChunkRef::allocate`, are freed only by this list, each appears once, and `prev`
    //   links mirror `next` links.
    // - [current] `current` is `None` iff `head` is `None`; otherwise it is on the list.
    // - [spare] every chunk after `current` is empty: its cursor is its start.
    // - [reserved] `reserved` is the sum of the listed chunks' sizes, `count` their number.
    // - [base] the current chunk's `base` is the bytes handed out from the chunks before it.
    //   Each of those was retired (`ChunkRef::retire`) when the one after it became current,
    //   and its count fixed then: only the current chunk's cursor moves, except where a block
    //   that ends at a retired chunk's end is given back (its bytes stay counted, and only a
    //   thread that raced the refill can claim them again). So the arena's allocated bytes
    //   are `current.allocated_at(cursor)`. The head's `base` is 0.
    // - [origin] `origin` is the current chunk's `base` minus its start address (wrapping),
    //   so that `cursor.wrapping_add(origin)` is `allocated_at(cursor)` in one add; 0 without
    //   a current chunk. Set with `current`, by `make_current`.
    // - [peak] `peak` is at least every value of the allocated bytes at which a rewind or a
    //   single-threaded give-back (`record_peak`) moved a cursor back since the last reset.
    // - [floor] `floor` is the cursor of the newest checkpoint not yet rewound while that
    //   checkpoint's chunk is current, else 0 (the current chunk was made current after it,
    //   or there is no checkpoint): nothing in the current chunk below it was handed out
    //   after that checkpoint. The arena that takes checkpoints (`Bump`) grows in place and
    //   gives back only blocks that start at or past it, so the current cursor never moves
    //   below it, as `rewind` needs. Set by `checkpoint`, cleared by `make_current` and
    //   `reset`, restored by `rewind`.
    // - [step] `step` is the size of the newest chunk that was added at its growth size (or
    //   as the first chunk, or by a merging reset), from which the next chunk grows; an
    //   oversized request's own chunk leaves it alone. 0 until the first chunk.
    // - [abandoned] `abandoned` is at most the allocated bytes: it counts blocks handed out
    //   since the last reset (or rewound checkpoint) that were given back or moved away
    //   without their bytes being reused, each once.
    // - [oversized] a chunk that `dedicate` linked in before the current one is retired (its
    //   cursor at its end) and its bytes are counted in the current chunk's `base`; this
    //   happens only while `floor` is 0, so no checkpoint's chunk is current and a rewind
    //   either never reaches it or empties it as a spare.
    head: Cell<Option<ChunkRef>>,
    current: Cell<Option<ChunkRef>>,
    origin: Cell<usize>,
    reserved: Cell<usize>,
    count: Cell<usize>,
    peak: Cell<usize>,
    floor: Cell<usize>,
    limit: Cell<Option<usize>>,
    step: Cell<usize>,
    /// `core`'s atomic even under loom: a figure for `stats`, no part of the synchronisation
    /// the loom models explore, and its `new` must stay `const`.
    abandoned: core::sync::atomic::AtomicUsize,
    /// Whether (1, else 0) a chunk may be an oversized request's own ([oversized]); cleared
    /// when the list is emptied down to one chunk. Spares giving-up blocks the search when 0.
    /// (A `usize`, like `step`, so that `Bump` holds no new kind of `Cell`: the compile-fail
    /// cases list each kind.)
    any_dedicated: Cell<usize>,
    growth: ChunkGrowth,
}

impl ChunkList {
    /// Creates a list with no chunks.
    pub(crate) const fn new(growth: ChunkGrowth) -> Self {
        Self {
            head: Cell::new(None),
            current: Cell::new(None),
            origin: Cell::new(0),
            reserved: Cell::new(0),
            count: Cell::new(0),
            peak: Cell::new(0),
            floor: Cell::new(0),
            limit: Cell::new(None),
            step: Cell::new(0),
            abandoned: core::sync::atomic::AtomicUsize::new(0),
            any_dedicated: Cell::new(0),
            growth,
        }
    }

    /// Returns the chunk being bumped, if any.
    pub(crate) fn current(&self) -> Option<ChunkRef> {
        self.current.get()
    }

    /// Returns the bytes the chunks hold from the global allocator ([reserved]): `stats`'s
    /// `reserved_bytes` without walking the list.
    #[cfg(feature = "std")]
    pub(crate) fn reserved_bytes(&self) -> usize {
        self.reserved.get()
    }

    /// Returns the limit on reserved bytes.
    pub(crate) fn limit(&self) -> Option<usize> {
        self.limit.get()
    }

    /// Sets the limit on reserved bytes.
    pub(crate) fn set_limit(&self, limit: Option<usize>) {
        self.limit.set(limit);
    }

    /// Makes a chunk with room for `layout` current: the next spare if it is big enough,
    /// else a new chunk linked in after the current one, and retires the old current chunk.
    /// Returns the new current chunk, which is empty.
    ///
    /// The current chunk's cursor must be up to date. On error nothing changes.
    ///
    /// # Errors
    ///
    /// `SizeOverflow` if no chunk can hold `layout`, `LimitReached` if a new chunk would pass
    /// the limit, `OutOfMemory` if the base allocator fails.
    pub(crate) fn advance(&self, layout: Layout) -> Result<ChunkRef, AllocError> {
        let current = self.current.get();
        let spare = current
            .and_then(|c| c.header().next.get())
            .filter(|spare| spare.fits_when_empty(layout));
        let chunk = match spare {
            Some(spare) => spare,
            None => self.add_chunk(layout)?,
        };
        // Retired only now that `chunk` is had: a failed refill leaves the current chunk
        // usable for smaller requests.
        let base = current.map_or(0, ChunkRef::retire);
        // Relaxed: `chunk` is not current, so no one reads its `base` before the caller
        // publishes it (see `ChunkRef::allocated_at`).
        chunk.header().base.store(base, Ordering::Relaxed);
        // INVARIANT: [spare] `chunk` is empty (a spare, or new), and the chunks after it stay
        // spares. [base] `base` counts the old current chunk, now retired, on top of the
        // chunks before it.
        self.make_current(chunk);
        Ok(chunk)
    }

    /// Makes `chunk`, on the list with its `base` set, the current chunk.
    fn make_current(&self, chunk: ChunkRef) {
        // INVARIANT: [origin] set with `current`.
        self.set_origin(chunk);
        self.current.set(Some(chunk));
        // INVARIANT: [floor] a checkpoint's rewind restores its own floor right after this;
        // any other chunk made current holds nothing from before the newest checkpoint.
        self.floor.set(0);
    }

    /// Returns the size the next chunk grows from ([step]), `None` before the first chunk.
    fn step(&self) -> Option<usize> {
        Some(self.step.get()).filter(|&step| step != 0)
    }

    /// Sets `origin` from `chunk`'s `base` ([origin]).
    fn set_origin(&self, chunk: ChunkRef) {
        // Relaxed: as in `ChunkRef::allocated_at`.
        let base = chunk.header().base.load(Ordering::Relaxed);
        self.origin
            .set(base.wrapping_sub(chunk.start().addr().get()));
    }

    /// Returns the lowest address at which a block of the current chunk may be grown in
    /// place or given back ([floor]).
    #[inline(always)]
    pub(crate) fn floor(&self) -> usize {
        self.floor.get()
    }

    /// Allocates a chunk with room for `layout` and links it in after the current one (or as
    /// the only chunk), without making it current.
    ///
    /// # Errors
    ///
    /// As [`ChunkList::advance`].
    fn add_chunk(&self, layout: Layout) -> Result<ChunkRef, AllocError> {
        let error = |kind| AllocError::for_layout(kind, layout);
        let min_size = layout_math::chunk_size_for(HEADER_SIZE, layout)
            .ok_or_else(|| error(AllocErrorKind::SizeOverflow))?;
        let current = self.current.get();
        let reserved = self.reserved.get();
        let step = self.step();
        let mut size = self.growth.next_size(step, min_size);
        // An oversized request (more than the growth step gives) gets a chunk of its own size
        // and leaves the step alone, so the chunks after it do not inflate (bumpalo #152);
        // the first chunk sets the step whatever its size (a capacity asked for).
        let sets_step = current.is_none() || min_size <= self.growth.next_size(step, 0);
        if !layout_math::within_limit(reserved, size, self.limit.get()) {
            size = min_size;
            if !layout_math::within_limit(reserved, size, self.limit.get()) {
                return Err(error(AllocErrorKind::LimitReached));
            }
        }
        let chunk = match ChunkRef::allocate(size) {
            Some(chunk) => chunk,
            // The usual size can be more than the base allocator gives, or no layout at all
            // (a first or maximum chunk size near `usize::MAX`); the smallest chunk that fits
            // the request may still be had, and is within the limit as the usual one was.
            None if size > min_size => {
                size = min_size;
                ChunkRef::allocate(size).ok_or_else(|| error(AllocErrorKind::OutOfMemory))?
            }
            None => return Err(error(AllocErrorKind::OutOfMemory)),
        };
        // INVARIANT: [owned] link `chunk` between `current` and its first spare (or as the
        // only chunk, which becomes current right away); [reserved] count it.
        match current {
            None => self.head.set(Some(chunk)),
            Some(current) => {
                let spare = current.header().next.replace(Some(chunk));
                chunk.header().prev.set(Some(current));
                chunk.header().next.set(spare);
                if let Some(spare) = spare {
                    spare.header().prev.set(Some(chunk));
                }
            }
        }
        self.reserved.set(reserved + size);
        self.count.set(self.count.get() + 1);
        if sets_step {
            // INVARIANT: [step] a chunk of its growth size, or the first one.
            self.step.set(size);
        }
        Ok(chunk)
    }

    /// Counts `bytes` of a block that was given back or moved away without being reused
    /// ([abandoned]); a single-threaded arena's form: a load and a store.
    #[inline]
    pub(crate) fn abandon(&self, bytes: usize) {
        // Relaxed: only the single-threaded arena calls it, and `stats` reads it on the same
        // thread.
        let abandoned = self.abandoned.load(Ordering::Relaxed);
        self.abandoned.store(abandoned + bytes, Ordering::Relaxed);
    }

    /// Returns the address range of every chunk's data, oldest first.
    #[cfg(loom)]
    pub(crate) fn spans(&self) -> alloc::vec::Vec<core::ops::Range<usize>> {
        let mut spans = alloc::vec::Vec::new();
        let mut chunk = self.head.get();
        while let Some(c) = chunk {
            spans.push(c.start().addr().get()..c.end().addr().get());
            chunk = c.header().next.get();
        }
        spans
    }

    /// Returns the bytes handed out from all chunks up to the current one.
    ///
    /// The current chunk's cursor must be up to date.
    fn allocated_bytes(&self) -> usize {
        // Acquire: pairs with the Release by which `SyncBump::resize_in_place` moves a cursor
        // back, so the peak it raised just before is visible to a later read of the peak.
        let allocated = |c: ChunkRef| c.allocated_at(c.cursor().load(Ordering::Acquire));
        // [base]: the chunks before the current one are counted in its `base`.
        self.current.get().map_or(0, allocated)
    }

    /// Raises the peak to the allocated bytes while the current chunk's cursor is at
    /// `cursor`; a single-threaded arena calls it before it moves its cursor back from
    /// `cursor`: one add, one compare and one store.
    ///
    /// `cursor` lies in (or one past) the current chunk's data.
    #[inline]
    pub(crate) fn record_peak(&self, cursor: usize) {
        // [origin]: `cursor` is in the current chunk, so this is `allocated_at(cursor)`.
        let allocated = cursor.wrapping_add(self.origin.get());
        debug_assert_eq!(
            Some(allocated),
            self.current.get().map(|c| c.allocated_at(cursor))
        );
        // INVARIANT: [peak] the value the allocated bytes have before the cursor moves back
        // ([base]).
        self.peak.set(self.peak.get().max(allocated));
    }

    /// Returns the current position, which is the floor until the checkpoint is rewound.
    /// The current chunk's cursor must be up to date.
    pub(crate) fn checkpoint(&self) -> Checkpoint {
        let chunk = self.current.get();
        let cursor = chunk.map_or(0, |c| c.cursor().load(Ordering::Relaxed));
        // INVARIANT: [floor] this checkpoint is the newest, and its chunk is current.
        let outer_floor = self.floor.replace(cursor);
        Checkpoint {
            chunk,
            cursor,
            outer_floor,
            // Relaxed: as in `abandon`.
            abandoned: self.abandoned.load(Ordering::Relaxed),
        }
    }

    /// Releases everything allocated since `checkpoint`: the chunks made current since then
    /// become empty spares, and the checkpoint's chunk gets its cursor back.
    ///
    /// The current chunk's cursor must be up to date.
    ///
    /// # Safety
    ///
    /// - `checkpoint` was taken from this list, and the list was not reset since.
    /// - The cursor of the checkpoint's chunk is not below the checkpoint's cursor: the
    ///   arena gave nothing from before the checkpoint back since.
    /// - Nothing allocated after `checkpoint` is used again.
    pub(crate) unsafe fn rewind(&self, checkpoint: Checkpoint) {
        // INVARIANT: [peak] the cursors move back below.
        self.peak.set(self.peak.get().max(self.allocated_bytes()));
        let mut chunk = self.current.get();
        while let Some(c) = chunk {
            let cursor = c.cursor().load(Ordering::Relaxed);
            if Some(c) == checkpoint.chunk {
                // SAFETY: the checkpoint's cursor was taken in `c`, and the caller promises
                // the cursor did not move below it since (retiring `c` moves it to the end),
                // so `start <= checkpoint.cursor <= cursor <= end`; the caller promises
                // nothing allocated since is used.
                unsafe { c.poison(checkpoint.cursor, cursor) };
                c.cursor().store(checkpoint.cursor, Ordering::Relaxed);
                break;
            }
            // INVARIANT: [spare] `c` becomes a spare, so it must be empty.
            // SAFETY: a chunk's cursor lies in its data; `c` was made current after the
            // checkpoint, so everything in it was allocated since and is not used again.
            unsafe { c.poison(c.start().addr().get(), cursor) };
            c.cursor().store(c.start().addr().get(), Ordering::Relaxed);
            // An empty spare may serve any request now, so it is no longer one block's own.
            c.header().dedicated.set(false);
            chunk = c.header().prev.get();
        }
        // INVARIANT: [current] a `None` checkpoint predates every chunk, so the head (the
        // oldest chunk, now empty) becomes current; otherwise the checkpoint's chunk, which
        // reset did not free, is on the list. [base] its `base` still holds: the chunks
        // before it have not changed since it was current at the checkpoint (the head's is 0).
        if let Some(chunk) = checkpoint.chunk.or(self.head.get()) {
            self.make_current(chunk);
        }
        // INVARIANT: [floor] the checkpoint before this one is the newest again, with the
        // floor it had: its chunk is current again (checkpoints nest), or it was not current
        // when this checkpoint was taken, and `outer_floor` is 0.
        self.floor.set(checkpoint.outer_floor);
        // INVARIANT: [abandoned] the blocks abandoned since were released with the rest
        // (blocks from before the checkpoint abandoned inside it are forgotten too: an
        // undercount). Relaxed: as in `abandon`.
        self.abandoned
            .store(checkpoint.abandoned, Ordering::Relaxed);
    }
}

impl Drop for ChunkList {
    fn drop(&mut self) {
        let mut chunk = self.head.get();
        while let Some(c) = chunk {
            chunk = c.header().next.get();
            // SAFETY: the list is being dropped, so nothing borrows the arena or its memory,
            // and each chunk is visited once ([owned]).
            unsafe { c.free() };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    fn bump(chunk: ChunkRef, size: usize) {
        let cursor = chunk.cursor();
        cursor.store(cursor.load(Ordering::Relaxed) + size, Ordering::Relaxed);
    }

    #[test]
    fn header_keeps_data_aligned() {
        assert_eq!(HEADER_SIZE % CHUNK_ALIGN, 0);
        let list = ChunkList::new(ChunkGrowth::DEFAULT);
        let chunk = list.advance(layout(1, 1)).unwrap();
        assert_eq!(chunk.start().addr().get() % CHUNK_ALIGN, 0);
        assert_eq!(
            chunk.end().addr().get() - chunk.start().addr().get(),
            chunk.size() - HEADER_SIZE
        );
    }

    #[test]
    fn advance_reuses_a_spare_that_fits_and_skips_one_that_does_not() {
        let list = ChunkList::new(ChunkGrowth {
            first: 1024,
            max: 1 << 20,
            retain: usize::MAX,
        });
        let first = list.advance(layout(8, 8)).unwrap();
        let cp = list.checkpoint();
        bump(first, 900);
        let second = list.advance(layout(8, 8)).unwrap();
        bump(second, 8);
        // SAFETY: nothing allocated after `cp` exists.
        unsafe { list.rewind(cp) };
        assert_eq!(list.current(), Some(first));
        assert_eq!(
            second.cursor().load(Ordering::Relaxed),
            second.start().addr().get()
        );
        bump(first, 900);
        assert_eq!(
            list.advance(layout(8, 8)).unwrap(),
            second,
            "the spare is reused"
        );
        let big = list.advance(layout(100_000, 8)).unwrap();
        assert_ne!(big, second);
        assert_eq!(list.stats().chunk_count, 3);
    }

    #[test]
    fn reset_merges_the_chunks_into_one_of_their_total_size() {
        let mut list = ChunkList::new(ChunkGrowth {
            first: 1024,
            max: 1 << 16,
            retain: usize::MAX,
        });
        list.advance(layout(8, 8)).unwrap();
        list.advance(layout(200_000, 8)).unwrap();
        list.advance(layout(8, 8)).unwrap();
        let total = list.stats().reserved_bytes;
        list.reset();
        let stats = list.stats();
        assert_eq!(
            (
                stats.chunk_count,
                stats.reserved_bytes,
                stats.allocated_bytes
            ),
            (1, total, 0)
        );
        assert_eq!(list.current().unwrap().size(), total);
    }

    #[test]
    fn reset_within_a_cap_keeps_the_largest_chunk_that_fits_it() {
        let mut list = ChunkList::new(ChunkGrowth {
            first: 1024,
            max: 1 << 16,
            retain: 100_000,
        });
        let small = list.advance(layout(8, 8)).unwrap();
        list.advance(layout(200_000, 8)).unwrap();
        list.reset();
        // The cap is above the small chunk, so the two merge into one of the cap's size.
        assert_eq!(list.stats().reserved_bytes, 100_000 & !(CHUNK_ALIGN - 1));
        assert_ne!(list.current(), Some(small));
    }

    #[test]
    fn an_oversized_request_between_small_ones_does_not_inflate_the_next_chunk() {
        let list = ChunkList::new(ChunkGrowth::DEFAULT);
        let first = list.advance(layout(10, 1)).unwrap();
        bump(first, 10);
        let own = list.dedicate(layout(1 << 20, 1)).unwrap();
        assert!(own.is_some(), "1 MiB is past the 8 KiB step");
        assert_eq!(list.current(), Some(first), "the small chunk stays current");
        let stats = list.stats();
        assert_eq!(stats.allocated_bytes, 10 + (1 << 20));
        assert_eq!(stats.chunk_count, 2);
        assert!(stats.reserved_bytes < (1 << 20) + 8192);
        assert_eq!(
            list.dedicate(layout(100, 1)).unwrap(),
            None,
            "small requests take the growth path"
        );
    }

    #[test]
    fn limit_falls_back_to_the_smallest_chunk_then_fails() {
        let list = ChunkList::new(ChunkGrowth {
            first: 4096,
            max: 1 << 20,
            retain: usize::MAX,
        });
        let smallest = (HEADER_SIZE + 100 + 7).next_multiple_of(CHUNK_ALIGN);
        list.set_limit(Some(smallest));
        let chunk = list.advance(layout(100, 8)).unwrap();
        assert_eq!(chunk.size(), smallest);
        let err = list.advance(layout(1, 1)).unwrap_err();
        assert_eq!(err.kind(), AllocErrorKind::LimitReached);
    }

    #[test]
    fn oversized_requests_fail_with_size_overflow() {
        let list = ChunkList::new(ChunkGrowth::DEFAULT);
        let err = list
            .advance(layout(isize::MAX as usize - 15, 16))
            .unwrap_err();
        assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    }
}
