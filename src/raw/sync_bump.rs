//! `SyncBump`, the thread-safe arena: a compare-and-swap on the current chunk's cursor, a
//! lock only to install a new chunk, reset, the allocation limit and statistics. With `std`,
//! small requests first go through a per-thread block cache (`thread_cache`).

use core::alloc::Layout;
use core::fmt;
use core::ptr::{self, NonNull};

use super::chunk::{ChunkList, ChunkRef};
use super::layout_math::{self, CHUNK_ALIGN, ChunkGrowth};
use super::local_bump::LocalBump;
use super::{RawArena, dangling_for};
use crate::error::{AllocError, AllocErrorKind, unwrap_alloc};
use crate::sync::{AtomicPtr, AtomicUsize, Ordering, SpinLock};

mod memory;
#[cfg(feature = "std")]
mod thread_cache;

/// A thread-safe bump arena: [`Bump`](crate::Bump)'s API on `&self`, shared between threads.
///
/// With the `std` feature, each thread that allocates through `&SyncBump` carves a block out
/// of the arena (one compare-and-swap; 4 KiB first, then doubling with each block it uses
/// up, to 64 KiB, a size it keeps across resets) and bumps inside it with plain loads and stores, found again through a
/// thread-local cache keyed by a number unique to the arena and its last reset: no atomic
/// operation per allocation, whatever code holds the `&SyncBump` (collections,
/// [`Maker`](crate::Maker), the `Allocator` impls). A vector that outgrows the block it is the
/// newest allocation of extends the block in place while no other thread carved after it.
/// Requests over a quarter of the next block (1 KiB at first, 16 KiB at most) or aligned to
/// more than 16 bytes, and `no_std` builds, take the shared path: one compare-and-swap on the
/// current chunk's cursor. A lock is taken only to install a new chunk. A
/// [`SyncBump::local`] handle does the same as the hidden cache without any thread-local
/// access.
///
/// A thread caches blocks of up to 4 arenas at once; with more, most of its small requests
/// to the others take the shared path, and one miss in 64 takes over the least recently used
/// entry, abandoning the rest of that block (under 64 KiB) until its arena is reset or
/// dropped. A block's unused rest counts as handed out in [`SyncBump::stats`] (except on the
/// calling thread, which knows its own) and is reclaimed by [`SyncBump::reset`].
///
/// Values placed with [`SyncBump::alloc`] and its relatives are **never dropped**, as with
/// `Bump`. [`SyncBump::reset`] takes `&mut self`, so it runs only once every thread is done
/// with the arena.
///
/// # Examples
///
/// ```
/// use bumpkit::SyncBump;
///
/// let mut arena = SyncBump::new();
/// let sums: Vec<u64> = std::thread::scope(|s| {
///     let workers: Vec<_> = (0..4u64)
///         .map(|t| {
///             let arena = &arena;
///             s.spawn(move || arena.alloc_slice_fill_with(100, |i| t * i as u64).iter().sum())
///         })
///         .collect();
///     workers.into_iter().map(|w| w.join().unwrap()).collect()
/// });
/// assert_eq!(sums, [0, 4950, 9900, 14850]);
/// arena.reset();
/// assert_eq!(arena.stats().allocated_bytes, 0);
/// ```
pub struct SyncBump {
    // Invariants:
    // - [published] `current` is null iff `chunks` has no current chunk, else it is
    //   `chunks.current()` as `ChunkRef::into_raw`; it is stored with Release only after the
    //   chunk's header is written, and only under `lock` or through `&mut self`.
    // - [locked] `chunks` (all `Cell`s, as are the `prev`/`next` links in the chunk headers)
    //   is touched only while `lock` is held, or through `&mut self`.
    // - [cursor] a chunk's header cursor stays between its start and end; the bytes before it
    //   are handed out (or padding, or a retired chunk's unused tail), those after it to no
    //   one. Through `&self` it moves only by atomic read-modify-write.
    // - [kept] chunks are freed only through `&mut self` (`reset`) or in drop, so a chunk
    //   loaded from `current` stays live while `&self` is borrowed, even after another chunk
    //   is published: a thread that raced a refill may still try to bump the old chunk (and
    //   fail, as retiring it moved its cursor to its end).
    // - [peak] `peak` is at least every value the allocated bytes had just before
    //   `resize_in_place` moved a cursor back since the last reset (the list's own `peak`
    //   covers nothing here: `SyncBump` has no rewind); it is raised before the cursor moves.
    //   With `std` it is also at least every `allocated_bytes` that `stats` returned, and
    //   every value a thread's figure had before it gave bytes back to its cached block, once
    //   that block is retired or the thread calls `stats` (thread_cache's [high]); until then
    //   every other thread's figure counts that block in full, which is more.
    // - [key] (`std`) `id` is this arena's identity from `thread_cache::fresh_id`, which no
    //   other arena has had or will have in this process (0 only if the counter ran out: then
    //   no thread caches a block of it). `epoch`, from `thread_cache::fresh_epoch`, is drawn
    //   anew only in `reset` and `shrink_to` (`&mut self`): no other arena, and no other
    //   period of this one between two of those calls, has had or will have it (unless that
    //   counter ran out: then it is a value no entry holds, and no thread caches a block of
    //   it). Threads' cached blocks of this arena are used only while their epoch equals
    //   `epoch`.
    current: AtomicPtr<u8>,
    lock: SpinLock,
    chunks: ChunkList,
    peak: AtomicUsize,
    #[cfg(feature = "std")]
    id: usize,
    #[cfg(feature = "std")]
    epoch: thread_cache::Epoch,
}

impl SyncBump {
    /// Creates an arena that allocates nothing until the first allocation.
    ///
    /// Chunks grow as [`Bump::new`](crate::Bump::new)'s do; [`BumpBuilder::build_sync`]
    /// sets other sizes.
    ///
    /// [`BumpBuilder::build_sync`]: crate::BumpBuilder::build_sync
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// assert_eq!(arena.stats().reserved_bytes, 0);
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::with_growth(ChunkGrowth::DEFAULT)
    }

    pub(crate) fn with_growth(growth: ChunkGrowth) -> Self {
        Self {
            current: AtomicPtr::new(ptr::null_mut()),
            lock: SpinLock::new(),
            chunks: ChunkList::new(growth),
            peak: AtomicUsize::new(0),
            #[cfg(feature = "std")]
            id: thread_cache::fresh_id(),
            #[cfg(feature = "std")]
            epoch: thread_cache::fresh_epoch(),
        }
    }

    /// Creates an arena whose first chunk holds at least `bytes` bytes.
    ///
    /// # Panics
    ///
    /// Panics if `bytes` overflows `isize::MAX` with the chunk header, or the global allocator
    /// fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::with_capacity(64 << 10);
    /// arena.alloc_slice_fill_with(8 << 10, |i| i as u64);
    /// assert_eq!(arena.stats().chunk_count, 1);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn with_capacity(bytes: usize) -> Self {
        unwrap_alloc(Self::try_with_capacity(bytes))
    }

    /// Creates an arena whose first chunk holds at least `bytes` bytes.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `bytes` overflows `isize::MAX` with the chunk header, or the global
    /// allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::try_with_capacity(1024)?;
    /// assert!(arena.stats().reserved_bytes >= 1024);
    /// assert!(SyncBump::try_with_capacity(usize::MAX).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_with_capacity(bytes: usize) -> Result<Self, AllocError> {
        let arena = Self::new();
        arena.reserve_chunk(bytes)?;
        Ok(arena)
    }

    /// Makes the first chunk hold at least `bytes` bytes (used by constructors).
    pub(crate) fn reserve_chunk(&self, bytes: usize) -> Result<(), AllocError> {
        if bytes == 0 {
            return Ok(());
        }
        let layout = Layout::from_size_align(bytes, 1)
            .map_err(|_| AllocError::for_elements(AllocErrorKind::SizeOverflow, bytes, 1))?;
        let _guard = self.lock.lock();
        // [locked]: we hold the lock.
        let chunk = self.chunks.advance(layout)?;
        // Release: publishes the new chunk's header; pairs with the Acquire in `current_chunk`.
        // INVARIANT: [published] `chunk` is the list's current chunk now.
        self.current.store(chunk.into_raw(), Ordering::Release);
        Ok(())
    }

    /// Allocates a block for `layout` and returns a pointer to it.
    ///
    /// The block is uninitialised and lives until the arena is reset or dropped. A zero-sized
    /// layout takes no memory and gets a dangling pointer aligned to `layout.align()`.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if a new chunk would exceed the [allocation
    /// limit](SyncBump::set_allocation_limit) or the global allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    /// use core::alloc::Layout;
    ///
    /// let arena = SyncBump::new();
    /// let ptr = arena.try_alloc_layout(Layout::from_size_align(100, 64).unwrap())?;
    /// assert_eq!(ptr.as_ptr() as usize % 64, 0);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline(always)]
    pub fn try_alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        if layout.size() == 0 {
            return Ok(dangling_for(layout));
        }
        #[cfg(feature = "std")]
        if let Some(ptr) = thread_cache::try_bump(self, layout) {
            return Ok(ptr);
        }
        self.try_alloc_slow(layout)
    }

    /// Serves a non-zero request the calling thread's cached block could not: a new block,
    /// else the shared path.
    #[cfg(feature = "std")]
    #[cold]
    #[inline(never)]
    fn try_alloc_slow(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        match thread_cache::try_refill(self, layout) {
            Some(ptr) => Ok(ptr),
            None => self.try_alloc_shared(layout),
        }
    }

    #[cfg(not(feature = "std"))]
    #[inline(always)]
    fn try_alloc_slow(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        self.try_alloc_shared(layout)
    }

    /// The shared path: a compare-and-swap on the current chunk's cursor, or a new chunk.
    /// `layout` is not zero-sized.
    #[inline(always)]
    pub(crate) fn try_alloc_shared(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        debug_assert!(layout.size() != 0);
        let seen = self.current_chunk();
        let fit = move |pos, free| layout_math::fit(pos, free, layout);
        if let Some(chunk) = seen {
            if let Some((ptr, _)) = Self::bump_in(chunk, fit) {
                return Ok(ptr);
            }
        }
        self.bump_in_new_chunk(seen, layout, fit)
            .map(|(ptr, _)| ptr)
    }

    /// Allocates a block for `layout` and returns a pointer to it.
    ///
    /// See [`SyncBump::try_alloc_layout`].
    ///
    /// # Panics
    ///
    /// Panics if a new chunk would exceed the allocation limit or the global allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    /// use core::alloc::Layout;
    ///
    /// let arena = SyncBump::new();
    /// let ptr = arena.alloc_layout(Layout::from_size_align(10, 4096).unwrap());
    /// assert_eq!(ptr.as_ptr() as usize % 4096, 0);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_layout(&self, layout: Layout) -> NonNull<u8> {
        unwrap_alloc(self.try_alloc_layout(layout))
    }

    /// Carves a block of `min..=max` bytes aligned to [`CHUNK_ALIGN`] (as much of the current
    /// chunk as is left, up to `max`), for a [`LocalBump`] to bump in. Returns its start and
    /// length.
    ///
    /// `min` must be at least 1 and at most `max`.
    pub(crate) fn try_carve(
        &self,
        min: usize,
        max: usize,
    ) -> Result<(NonNull<u8>, usize), AllocError> {
        debug_assert!(0 < min && min <= max);
        let fit = move |pos, free| layout_math::carve(pos, free, CHUNK_ALIGN, min, max);
        let seen = self.current_chunk();
        if let Some(chunk) = seen {
            if let Some(block) = Self::bump_in(chunk, fit) {
                return Ok(block);
            }
        }
        // A new chunk needs room for `min` only: the carve then takes as much of it as it can,
        // up to `max`, and the chunk keeps the size the growth policy gives it.
        let layout = Layout::from_size_align(min, CHUNK_ALIGN)
            .map_err(|_| AllocError::for_elements(AllocErrorKind::SizeOverflow, min, 1))?;
        self.bump_in_new_chunk(seen, layout, fit)
    }

    /// Returns the current chunk, if any.
    #[inline(always)]
    fn current_chunk(&self) -> Option<ChunkRef> {
        // Acquire: pairs with the Release store that published the chunk, so its header (and
        // the bytes given back to its cursor before) are visible.
        let raw = NonNull::new(self.current.load(Ordering::Acquire))?;
        // SAFETY: [published] a non-null `current` came from `ChunkRef::into_raw`, and [kept]
        // keeps that chunk live while `&self` is borrowed.
        Some(unsafe { ChunkRef::from_raw(raw) })
    }

    /// The fast path: claims `fit(cursor, free)` bytes of `chunk` by compare-and-swap on its
    /// cursor, retrying while other threads move it. `fit` returns the block's start and end
    /// as offsets from the cursor. Returns the block's start and length, or `None` if it no
    /// longer fits.
    #[inline(always)]
    fn bump_in(
        chunk: ChunkRef,
        fit: impl Fn(usize, usize) -> Option<(usize, usize)>,
    ) -> Option<(NonNull<u8>, usize)> {
        let cursor = chunk.cursor();
        let end = chunk.end().addr().get();
        // Relaxed: only a first guess at the cursor; the compare-and-swap checks it.
        let mut pos = cursor.load(Ordering::Relaxed);
        loop {
            let (pad, needed) = fit(pos, end - pos)?;
            debug_assert!(pad <= needed && needed <= end - pos);
            // INVARIANT: [cursor] `pos + needed <= end`, as `fit` checked against `end - pos`.
            // Acquire on success: pairs with the Release by which `resize_in_place` gave bytes
            // back, so their previous owner's writes happen before the new owner's.
            // Relaxed on failure: we only retry with the value read.
            match cursor.compare_exchange_weak(
                pos,
                pos + needed,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => {
                    // SAFETY: [cursor] puts `pos` in the chunk's data, and `fit` (one of
                    // `layout_math::fit` and `carve`, which return `pad <= needed <= free`)
                    // gave `pos + pad <= pos + needed <= end`.
                    let ptr = unsafe { chunk.pointer_at(pos + pad) };
                    return Some((ptr, needed - pad));
                }
                Err(now) => pos = now,
            }
        }
    }

    /// The slow path: under the lock, tries a chunk another thread installed since `seen`,
    /// else installs a new chunk with room for `layout` and claims `fit` there before
    /// publishing it.
    #[cold]
    #[inline(never)]
    fn bump_in_new_chunk(
        &self,
        seen: Option<ChunkRef>,
        layout: Layout,
        fit: impl Fn(usize, usize) -> Option<(usize, usize)>,
    ) -> Result<(NonNull<u8>, usize), AllocError> {
        let _guard = self.lock.lock();
        // [locked]: from here on we hold the lock.
        let current = self.chunks.current();
        if current != seen {
            if let Some(block) = current.and_then(|chunk| Self::bump_in(chunk, &fit)) {
                return Ok(block);
            }
        }
        let chunk = self.chunks.advance(layout)?;
        // No other thread knows `chunk` yet, and it is empty with room for `layout` (which
        // `fit` asks no more than), so this claim cannot lose a race or fail.
        let block = Self::bump_in(chunk, &fit);
        debug_assert!(block.is_some(), "a chunk from `advance` fits the request");
        // Release: publishes the header and our claim; pairs with the Acquire in
        // `current_chunk`.
        // INVARIANT: [published] `chunk` is the list's current chunk now.
        self.current.store(chunk.into_raw(), Ordering::Release);
        block.ok_or_else(|| AllocError::for_layout(AllocErrorKind::OutOfMemory, layout))
    }

    /// Extends a block carved for one thread (`try_carve`), `start..end`, in place by at least
    /// `more` bytes (rounded up to [`CHUNK_ALIGN`], so that it keeps ending aligned) if it is
    /// the current chunk's newest block and the chunk has room; returns its new end.
    ///
    /// # Safety
    ///
    /// - `start..end` is a block this arena carved (or extended) for the caller, who hands
    ///   out its bytes alone.
    pub(crate) unsafe fn extend_block(
        &self,
        start: NonNull<u8>,
        end: NonNull<u8>,
        more: usize,
    ) -> Option<NonNull<u8>> {
        let more = more.checked_next_multiple_of(CHUNK_ALIGN)?;
        let len = end.addr().get() - start.addr().get();
        let new_len = len.checked_add(more)?;
        // SAFETY: the caller owns the block as a whole, and growing it gives nothing up; if
        // it is the current chunk's newest, the cursor moves past `more` more bytes, which
        // become the caller's.
        if !unsafe { self.resize_in_place(start, len, new_len) } {
            return None;
        }
        // SAFETY: the block is `new_len` bytes from `start` now, in its chunk.
        Some(unsafe { start.add(new_len) })
    }

    /// Moves the end of the block at `ptr` from `old_size` to `new_size` bytes if it is the
    /// newest block of the current chunk and the chunk has room; returns whether it did.
    ///
    /// # Safety
    ///
    /// - If `ptr..ptr + old_size` lies in the current chunk and ends at its cursor (the only
    ///   case in which anything moves), the caller owns it: it is a block, or the tail of
    ///   one, handed out by this arena, and no one else uses it. After a shrink the caller
    ///   uses only `ptr..ptr + new_size`.
    pub(crate) unsafe fn resize_in_place(
        &self,
        ptr: NonNull<u8>,
        old_size: usize,
        new_size: usize,
    ) -> bool {
        let Some(chunk) = self.current_chunk() else {
            return false;
        };
        let start = ptr.addr().get();
        // A block that starts in the chunk and ends at its cursor lies inside it: this rules
        // out a block of another chunk that merely ends where this one begins.
        if old_size == 0 || start < chunk.start().addr().get() {
            return false;
        }
        let old_end = start + old_size;
        let Some(new_end) = start.checked_add(new_size) else {
            return false;
        };
        if new_end > chunk.end().addr().get() {
            return false;
        }
        // Relaxed: a first look only (the compare-and-swap below decides); it saves an atomic
        // write for the common give-back of a block that is not the newest.
        if chunk.cursor().load(Ordering::Relaxed) != old_end {
            return false;
        }
        if new_size < old_size {
            // The cursor was just at `old_end` in `chunk`, which was current when we loaded
            // it; so `allocated_at(old_end)` is a value the allocated bytes had (before this
            // give-back, or when retiring `chunk` counted it), whether or not the swap below
            // wins. Raised before the cursor moves back.
            self.record_peak(chunk.allocated_at(old_end));
        }
        // Growing claims bytes: Acquire, as in `bump_in`. Shrinking gives them back: Release,
        // pairing with the Acquire of whoever claims them next. Relaxed on failure: nothing
        // changed.
        let order = if new_size > old_size {
            Ordering::Acquire
        } else {
            Ordering::Release
        };
        // INVARIANT: [cursor] the cursor moves from the block's end, which is in the chunk
        // (it was the cursor), to `new_end`, which is at most the chunk's end (checked) and at
        // least the block's start, itself at least the chunk's start (checked).
        chunk
            .cursor()
            .compare_exchange(old_end, new_end, order, Ordering::Relaxed)
            .is_ok()
    }

    /// Raises the peak to `allocated`, a value the allocated bytes had.
    #[inline]
    fn record_peak(&self, allocated: usize) {
        // Relaxed: a first look that spares the read-modify-write when the peak is already
        // higher; the peak only grows until `reset` (`&mut self`), so a stale value is only
        // lower, and then `fetch_max` runs.
        if allocated > self.peak.load(Ordering::Relaxed) {
            // Relaxed: `fetch_max` is one atomic step, so concurrent raises keep the highest.
            // A reader needs no ordering from it: it is sequenced before the Release
            // compare-and-swap that moves the cursor back, and `stats` reads the cursor with
            // Acquire before it reads the peak.
            // INVARIANT: [peak] raised before the cursor moves back.
            self.peak.fetch_max(allocated, Ordering::Relaxed);
        }
    }

    /// Returns a handle for one thread that allocates from blocks it carves out of this arena,
    /// without atomics.
    ///
    /// The handle takes blocks with one atomic operation each (4 KiB first, then doubling
    /// with each new block, to 64 KiB) and bumps inside them with plain loads and stores. A
    /// request that does not fit the rest of the current block goes straight to the arena
    /// when it is over a quarter of the next block (or aligned to more than 16), and
    /// otherwise makes the handle carve a new block; a vector that outgrows the block it is
    /// the newest allocation of extends the block in place while nothing was carved after
    /// it. What it allocates lives as long as the arena's borrow, not the handle's. Dropping the handle gives its unused bytes back when nothing was allocated
    /// after them.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// let all: Vec<&u32> = std::thread::scope(|s| {
    ///     let worker = s.spawn(|| {
    ///         let local = arena.local();
    ///         (0..1000).map(|i| &*local.alloc(i)).collect::<Vec<_>>()
    ///     });
    ///     worker.join().unwrap() // the handle is gone, its values live on
    /// });
    /// assert_eq!(*all[999], 999);
    /// ```
    pub fn local(&self) -> LocalBump<'_> {
        LocalBump::new(self)
    }

    /// Moves the end of the block at `ptr` in the calling thread's cached block if it is its
    /// newest allocation there, else, if it is not in that block at all, at the current
    /// chunk's cursor (`resize_in_place`).
    ///
    /// # Safety
    ///
    /// - As [`SyncBump::resize_in_place`], for either place.
    #[inline]
    unsafe fn resize_anywhere(&self, ptr: NonNull<u8>, old_size: usize, new_size: usize) -> bool {
        #[cfg(feature = "std")]
        // SAFETY: the caller's promise covers `ptr` wherever it ends.
        if let Some(done) = unsafe { thread_cache::resize(self, ptr, old_size, new_size) } {
            return done;
        }
        // SAFETY: as above.
        unsafe { self.resize_in_place(ptr, old_size, new_size) }
    }

    /// Returns the address range of each chunk's data, for the loom model test.
    #[cfg(loom)]
    #[doc(hidden)]
    pub fn chunk_spans_for_loom(&mut self) -> alloc::vec::Vec<core::ops::Range<usize>> {
        self.chunks.spans()
    }
}

impl Default for SyncBump {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for SyncBump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SyncBump")
            .field("stats", &self.stats())
            .field("allocation_limit", &self.allocation_limit())
            .finish()
    }
}

// SAFETY: every block comes from `bump_in`, which claims bytes past a live chunk's cursor by
// compare-and-swap, so no two threads get the same bytes ([cursor]), or is dangling for zero
// sizes. Chunks live until `&mut self` or drop ([kept]). `try_grow`, `try_shrink` and
// `deallocate` move a cursor only over the caller's own block, which ends at it
// (`resize_in_place`).
unsafe impl RawArena for SyncBump {
    #[inline(always)]
    fn try_alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        SyncBump::try_alloc_layout(self, layout)
    }

    /// With `std`: the calling thread's block only, so that a caller's fallback is a jump to
    /// its own slow path rather than an inlined call of the refill.
    #[cfg(feature = "std")]
    #[inline(always)]
    fn try_alloc_fast(&self, layout: Layout) -> Option<NonNull<u8>> {
        if layout.size() == 0 {
            return Some(dangling_for(layout));
        }
        thread_cache::try_bump(self, layout)
    }

    /// With `std`: the calling thread's block, if the block at `ptr` is its newest.
    #[cfg(feature = "std")]
    #[inline(always)]
    unsafe fn try_shrink_fast(&self, ptr: NonNull<u8>, old_size: usize, new_size: usize) -> bool {
        // SAFETY: the caller's promise, passed on.
        unsafe { thread_cache::shrink_fast(self, ptr, old_size, new_size) }
    }

    #[inline(always)]
    unsafe fn try_grow(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        debug_assert!(new.size() >= old.size());
        if ptr.addr().get() % new.align() == 0 {
            // SAFETY: the caller owns `ptr`, a block of this arena of `old.size()` bytes.
            if unsafe { self.resize_anywhere(ptr, old.size(), new.size()) } {
                return Ok(ptr);
            }
        }
        let new_ptr = self.try_alloc_layout(new)?;
        // SAFETY: the caller guarantees `ptr` is live for `old.size()` bytes; `new_ptr` is a
        // fresh block of `new.size() >= old.size()` bytes, so the two do not overlap.
        unsafe { new_ptr.copy_from_nonoverlapping(ptr, old.size()) };
        Ok(new_ptr)
    }

    #[inline(always)]
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
        // SAFETY: the caller owns `ptr`, a block of this arena of `old.size()` bytes, and
        // uses only `new.size()` of them from now on.
        unsafe { self.resize_anywhere(ptr, old.size(), new.size()) };
        Ok(ptr)
    }

    #[inline]
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        // SAFETY: the caller owns `ptr`, a block of this arena of `layout.size()` bytes, and
        // does not use it again.
        unsafe { self.resize_anywhere(ptr, layout.size(), 0) };
    }
}

// A panic never leaves a `SyncBump` half-updated: no user code runs inside the arena, the
// lock guard releases the lock on unwind, and `ChunkList` steps never panic midway.
impl core::panic::UnwindSafe for SyncBump {}
impl core::panic::RefUnwindSafe for SyncBump {}

// SAFETY: `SyncBump` owns its chunks and holds no thread-bound state; the raw pointers in
// its chunk list only make it `!Send` by default. Values left in the arena are never touched
// by the arena again.
unsafe impl Send for SyncBump {}

// SAFETY: through `&self`, the chunk list (the only non-`Sync` part) is touched only under
// `lock` ([locked]), whose Acquire/Release orders one holder's writes before the next's;
// chunk cursors are atomics moved by compare-and-swap ([cursor]); chunk headers are
// published with Release and read after an Acquire load ([published]); and chunks are freed
// only through `&mut self` or drop ([kept]).
unsafe impl Sync for SyncBump {}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[cfg(feature = "std")]
    #[test]
    fn the_fast_path_serves_only_from_the_threads_block() {
        let arena = SyncBump::new();
        // No block yet: the fast path declines, the full path carves one.
        assert_eq!(arena.try_alloc_fast(layout(8, 8)), None);
        let a = arena.alloc_layout(layout(8, 8));
        let b = arena
            .try_alloc_fast(layout(8, 8))
            .expect("room in the thread's block");
        assert_eq!(b.addr().get(), a.addr().get() + 8);
        // Nor does it go to the shared path for what the block cannot hold.
        assert_eq!(arena.try_alloc_fast(layout(1 << 20, 8)), None);
        let zst = arena.try_alloc_fast(layout(0, 64)).unwrap();
        assert_eq!(zst.addr().get() % 64, 0);
        assert_eq!(arena.stats().allocated_bytes, 16);
    }

    #[test]
    fn grow_in_place_only_while_newest() {
        let arena = SyncBump::new();
        let a = arena.alloc_layout(layout(16, 8));
        // SAFETY: `a` is a live block of 16 bytes.
        let grown = unsafe { arena.try_grow(a, layout(16, 8), layout(64, 8)) }.unwrap();
        assert_eq!(grown, a);
        assert_eq!(arena.stats().allocated_bytes, 64);
        arena.alloc_layout(layout(8, 8));
        // SAFETY: `a` is a live block of 64 bytes, no longer the newest.
        let moved = unsafe { arena.try_grow(a, layout(64, 8), layout(128, 8)) }.unwrap();
        assert_ne!(moved, a);
        assert_eq!(arena.stats().allocated_bytes, 64 + 8 + 128);
    }

    #[test]
    fn shrink_and_deallocate_give_the_newest_bytes_back() {
        let arena = SyncBump::new();
        let a = arena.alloc_layout(layout(64, 8));
        // SAFETY: `a` is the newest block, of 64 bytes.
        let same = unsafe { arena.try_shrink(a, layout(64, 8), layout(16, 8)) }.unwrap();
        assert_eq!(same, a);
        assert_eq!(arena.stats().allocated_bytes, 16);
        // SAFETY: `a` is now a live block of 16 bytes, not used again.
        unsafe { arena.deallocate(a, layout(16, 8)) };
        assert_eq!(arena.stats().allocated_bytes, 0);
        assert_eq!(arena.alloc_layout(layout(8, 8)), a);
        // SAFETY: `a` is a live block of 8 bytes; the new layout wants 4096 alignment.
        let realigned = unsafe { arena.try_shrink(a, layout(8, 8), layout(8, 4096)) }.unwrap();
        assert_eq!(realigned.addr().get() % 4096, 0);
    }

    #[test]
    fn a_block_of_another_chunk_never_grows_into_the_current_one() {
        let arena = Bump::builder()
            .first_chunk_size(256)
            .max_chunk_size(256)
            .build_sync();
        let first = arena.current_chunk().map(ChunkRef::start);
        assert_eq!(first, None);
        let a = arena.try_alloc_shared(layout(16, 16)).unwrap(); // at the chunk's cursor
        let chunk = arena.current_chunk().unwrap();
        // A block in the current chunk's address range but before its start is refused,
        // even if it ends exactly at the cursor.
        let cursor = chunk.cursor().load(Ordering::Relaxed);
        let before = chunk.start().addr().get() - 16;
        let fake = a.with_addr(core::num::NonZero::new(before).unwrap());
        // SAFETY: `fake` starts before the current chunk, so the call moves nothing.
        assert!(!unsafe { arena.resize_in_place(fake, cursor - before, cursor - before + 8) });
        // SAFETY: `a` is a live block of 16 bytes, owned here.
        assert!(unsafe { arena.resize_in_place(a, 16, 32) });
    }

    use crate::Bump;
}
