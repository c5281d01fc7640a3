//! The hidden per-thread path of `SyncBump` (with `std`): each thread keeps, in a
//! thread-local cache, a block it carved out of an arena, keyed by the arena's identity and
//! reset generation, and bumps in it with plain loads and stores. Only a thread whose block
//! is used up (or that has none) touches the arena's shared cursor, once per block.
//!
//! Soundness rests on the key: a block is used only while the arena it was carved from is
//! the very arena the call came through (`&SyncBump`, so it is alive) and was not reset since
//! (so the block's chunk was not freed). An arena identity is a number drawn once from a
//! process-wide counter that never repeats, never an address; the generation is a `u64` that
//! only `reset(&mut self)` raises. A stale entry (arena reset, dropped, or a thread that
//! outlives it) never matches, and its pointers are then never used.
//!
//! Blocks start at 4 KiB and double, per thread and arena, with each one used up, to 64 KiB
//! (`carved_block`); a vector that outgrows the block it is the newest allocation of extends
//! the block in place while nothing was carved after it.
//!
//! Policy when one thread uses several arenas: the cache has [`WAYS`] entries, most recently
//! used first. An arena that finds no entry takes an empty one, or one of its own that a reset
//! made stale; when all are held by other arenas, its small requests take the shared path,
//! and only every [`EVICT_EVERY`]th such miss evicts the least recently used entry (stranding
//! at most the rest of that block, under [`BLOCK_MAX`] bytes, until its arena is reset or
//! dropped; an evicted arena starts again from a 4 KiB block). So a thread that alternates
//! between up to `WAYS` arenas strands nothing, and one that alternates between more strands
//! under `BLOCK_MAX / EVICT_EVERY` bytes per switch.

use core::alloc::Layout;
use core::cell::Cell;
use core::ptr::NonNull;

use super::SyncBump;
use crate::raw::carved_block::{BLOCK_FIRST, BLOCK_MAX, BLOCK_MIN, largest_request, next_size};
use crate::raw::layout_math::{self, CHUNK_ALIGN};

/// Arenas one thread caches a block of at once.
pub(crate) const WAYS: usize = 4;
/// Misses (all entries held by other arenas) per eviction.
pub(crate) const EVICT_EVERY: u32 = 64;

/// The pointer of an empty entry: nothing fits between it and itself.
const EMPTY: NonNull<u8> = NonNull::dangling();

/// The identity no arena has: an empty entry's, and that of an arena created after the
/// counter ran out (it then always takes the shared path).
const NO_ARENA: usize = 0;

/// The next arena identity. Plain `core` atomics also under loom: it only has to hand out
/// distinct numbers, which is not part of what the model explores.
static NEXT_ID: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(1);

/// Returns an identity no arena had before in this process, or [`NO_ARENA`] once all are
/// used (never on 64-bit targets).
pub(crate) fn fresh_id() -> usize {
    use core::sync::atomic::Ordering;
    // Relaxed: only the uniqueness of the numbers matters, which the read-modify-write gives
    // in any order; nothing is published through it. `checked_add` never wraps the counter
    // back to numbers already handed out.
    NEXT_ID
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |id| id.checked_add(1))
        .unwrap_or(NO_ARENA)
}

/// One arena's block in one thread's cache.
struct Entry {
    // Invariants:
    // - [keyed] if `arena != NO_ARENA`, `start..end` is a block that `SyncBump::try_carve`
    //   handed to this thread from the arena whose identity is `arena`, while that arena's
    //   generation was `generation`; `start <= pos <= end`; only this entry hands out the bytes
    //   in `pos..end`, and those in `start..pos` were handed out by it. Otherwise all three are
    //   `EMPTY`. The pointers are used only while the key matches the arena of the call: then
    //   that arena is alive (borrowed) and was not reset since, so the block's chunk is live
    //   (`SyncBump`'s [kept]).
    // - [high] `high` is `start`, or the furthest `pos` was before a give-back moved it
    //   back: the thread's figure of the arena's allocated bytes was highest with `pos` at
    //   `max(high, pos)`. The arena's peak learns of it only when the block is retired or the
    //   thread asks for `stats`, so that a give-back touches nothing shared.
    // - [size] `size` is the size of the next block to carve for `arena`
    //   (`carved_block::next_size` of the last one); only a hint.
    arena: Cell<usize>,
    generation: Cell<u64>,
    start: Cell<NonNull<u8>>,
    pos: Cell<NonNull<u8>>,
    end: Cell<NonNull<u8>>,
    high: Cell<NonNull<u8>>,
    size: Cell<usize>,
}

/// A thread's cache: up to [`WAYS`] blocks of distinct arenas, most recently used first.
struct Cache {
    entries: [Entry; WAYS],
    misses: Cell<u32>,
}

#[allow(clippy::declare_interior_mutable_const)]
const EMPTY_ENTRY: Entry = Entry {
    arena: Cell::new(NO_ARENA),
    generation: Cell::new(0),
    start: Cell::new(EMPTY),
    pos: Cell::new(EMPTY),
    end: Cell::new(EMPTY),
    high: Cell::new(EMPTY),
    size: Cell::new(BLOCK_FIRST),
};

#[cfg(not(loom))]
std::thread_local! {
    // No destructor: the cache owns no memory (blocks belong to their arenas), so it is never
    // registered for teardown and stays usable while other thread-locals are destroyed.
    static CACHE: Cache = const {
        Cache {
            entries: [EMPTY_ENTRY; WAYS],
            misses: Cell::new(0),
        }
    };
}

#[cfg(loom)]
loom::thread_local! {
    static CACHE: Cache = Cache {
        entries: [EMPTY_ENTRY; WAYS],
        misses: Cell::new(0),
    };
}

impl Entry {
    /// Returns whether this entry holds a live block of `arena`.
    #[inline(always)]
    fn is_of(&self, arena: &SyncBump) -> bool {
        self.arena.get() == arena.id && self.generation.get() == arena.generation
    }

    /// Bumps within the block, or returns `None`. Only for an entry [`Entry::is_of`] the
    /// arena of the call, or an empty one.
    #[inline(always)]
    fn bump(&self, layout: Layout) -> Option<NonNull<u8>> {
        let pos = self.pos.get();
        let free = self.end.get().addr().get() - pos.addr().get();
        let (pad, needed) = layout_math::fit(pos.addr().get(), free, layout)?;
        // SAFETY: [keyed] puts `pos..end` in one live block (or both at `EMPTY`, where
        // `free == 0` and only `pad == needed == 0` fits, an offset of 0); `fit` gave
        // `pad <= needed <= end - pos`.
        let (start, new_pos) = unsafe { (pos.add(pad), pos.add(needed)) };
        // INVARIANT: [keyed] `new_pos <= end` by the same check; the bytes up to it are
        // handed out.
        self.pos.set(new_pos);
        Some(start)
    }

    /// Returns the bytes left in the block.
    fn tail(&self) -> usize {
        // [keyed] keeps `pos <= end`.
        self.end.get().addr().get() - self.pos.get().addr().get()
    }

    /// Returns the bytes of the block past the furthest `pos` reached ([high]): the tail the
    /// thread's figure was highest with.
    fn tail_at_high(&self) -> usize {
        let high = self
            .high
            .get()
            .addr()
            .get()
            .max(self.pos.get().addr().get());
        // [keyed] and [high] keep `high <= end`.
        self.end.get().addr().get() - high
    }

    /// Raises `arena`'s peak to the highest figure this thread's block gave it ([high]), if
    /// a give-back lowered it since. Only for an entry [`Entry::is_of`] `arena`.
    fn publish_high(&self, arena: &SyncBump) {
        if self.high.get() > self.pos.get() {
            arena.record_peak(arena.allocated_bytes_seen(self.tail_at_high()));
        }
    }

    /// Extends the block in place by at least `more` bytes if nothing was carved after it;
    /// returns whether it did. Only for an entry [`Entry::is_of`] `arena`.
    fn extend(&self, arena: &SyncBump, more: usize) -> bool {
        // SAFETY: [keyed] `start..end` is a block `arena` carved for this thread, live while
        // the key matches, and only this entry hands out its bytes.
        let Some(end) = (unsafe { arena.extend_block(self.start.get(), self.end.get(), more) })
        else {
            return false;
        };
        // INVARIANT: [keyed] the block is `start..end` now, all of the new bytes ours.
        self.end.set(end);
        true
    }

    /// Gives the unused tail of the block back to `arena` (if nothing was carved after it)
    /// and empties the entry. Only for an entry [`Entry::is_of`] `arena`.
    fn retire(&self, arena: &SyncBump) {
        debug_assert!(self.is_of(arena));
        self.publish_high(arena);
        let tail = self.tail();
        if tail > 0 {
            // SAFETY: [keyed] this entry owns `pos..end`, the tail of a live block `arena`
            // carved for this thread, and empties itself below, never to use it again.
            unsafe { arena.resize_in_place(self.pos.get(), tail, 0) };
        }
        self.clear();
    }

    /// Empties the entry, abandoning its block (if any).
    fn clear(&self) {
        // INVARIANT: [keyed] an empty entry.
        self.arena.set(NO_ARENA);
        self.start.set(EMPTY);
        self.pos.set(EMPTY);
        self.end.set(EMPTY);
        self.high.set(EMPTY);
        self.size.set(BLOCK_FIRST);
    }

    /// Swaps two entries' contents.
    fn swap(&self, other: &Self) {
        // INVARIANT: [keyed] each key moves with its block.
        self.arena.swap(&other.arena);
        self.generation.swap(&other.generation);
        self.start.swap(&other.start);
        self.pos.swap(&other.pos);
        self.end.swap(&other.end);
        self.high.swap(&other.high);
        self.size.swap(&other.size);
    }

    /// Moves the end of the block at `ptr` from `old_size` to `new_size` bytes if it is the
    /// newest allocation of this entry's block and the block has room, or can be extended in
    /// place by as much; returns whether it did, or `None` if `ptr` is not in this block
    /// (then the arena's cursor may be its end). A block in this one that is not its newest
    /// never ends at the arena's cursor, which lies at or past `end`. Only for an entry
    /// [`Entry::is_of`] `arena`, the arena of the call.
    ///
    /// # Safety
    ///
    /// - If `ptr..ptr + old_size` starts in the block and ends at `pos` (the only case in
    ///   which anything moves), the caller owns it: it was handed out from this block and no
    ///   one else uses it. After a shrink the caller uses only `ptr..ptr + new_size`.
    #[inline(always)]
    unsafe fn resize(
        &self,
        arena: &SyncBump,
        ptr: NonNull<u8>,
        old_size: usize,
        new_size: usize,
    ) -> Option<bool> {
        let (start, pos) = (self.start.get().addr().get(), self.pos.get().addr().get());
        let addr = ptr.addr().get();
        // Another thread's blocks are disjoint from ours, so they never start in it.
        if addr < start || addr >= self.end.get().addr().get() {
            return None;
        }
        // A block that starts in ours and ends at `pos` is its newest.
        if old_size == 0 || addr.wrapping_add(old_size) != pos {
            return Some(false);
        }
        if new_size > old_size
            && new_size - old_size > self.tail()
            && !self.extend(arena, new_size - old_size - self.tail())
        {
            return Some(false);
        }
        let old_pos = self.pos.get();
        if new_size < old_size && old_pos > self.high.get() {
            // The arena counts this thread's block as handed out up to `pos` (`stats`), so
            // the give-back lowers its figure: remember how high it was.
            // INVARIANT: [high] the furthest `pos` before a give-back.
            self.high.set(old_pos);
        }
        // SAFETY: `ptr..pos` lies in our block (it starts at or after `start` and ends at
        // `pos`), so moving `pos` back by at most `old_size` stays at or after `ptr`, and
        // forward by at most `end - pos` (checked above) stays at or before `end`. The entry's
        // own `pos` moves, not the caller's pointer, so later blocks keep the whole block's
        // provenance.
        let new_pos = unsafe {
            if new_size >= old_size {
                old_pos.add(new_size - old_size)
            } else {
                old_pos.sub(old_size - new_size)
            }
        };
        // INVARIANT: [keyed] `start <= ptr <= new_pos <= end`, and `pos` moves only over the
        // caller's own block.
        self.pos.set(new_pos);
        Some(true)
    }
}

impl Cache {
    /// Moves entry `way` to the front, the others one step back (most recently used first).
    fn promote(&self, way: usize) {
        for i in (1..=way).rev() {
            self.entries[i].swap(&self.entries[i - 1]);
        }
    }

    /// The slow path: finds or makes an entry for `arena`, carves it a block and bumps
    /// there. `None` sends the request to the shared path.
    fn refill(&self, arena: &SyncBump, layout: Layout) -> Option<NonNull<u8>> {
        let own = self.entries.iter().position(|e| e.arena.get() == arena.id);
        let way = match own {
            Some(way) => {
                let entry = &self.entries[way];
                if entry.is_of(arena) {
                    if let Some(ptr) = entry.bump(layout) {
                        self.promote(way);
                        return Some(ptr);
                    }
                    let size = entry.size.get();
                    if layout.size() > largest_request(size) {
                        return None;
                    }
                    entry.retire(arena);
                    // INVARIANT: [size] the block was used up: the next one doubles.
                    entry.size.set(next_size(size));
                } else {
                    // A reset freed (or reclaimed) the block: nothing to give back.
                    entry.clear();
                }
                way
            }
            None => match self.entries.iter().position(|e| e.arena.get() == NO_ARENA) {
                Some(way) => way,
                None => {
                    let misses = self.misses.get() + 1;
                    if misses < EVICT_EVERY {
                        self.misses.set(misses);
                        return None;
                    }
                    self.misses.set(0);
                    // Abandons the least recently used block: its arena may be gone, so it
                    // is never touched again (a later match is impossible, its key is lost).
                    self.entries[WAYS - 1].clear();
                    WAYS - 1
                }
            },
        };
        let entry = &self.entries[way];
        let size = entry.size.get();
        if layout.size() > largest_request(size) {
            return None;
        }
        let (block, len) = arena.try_carve(BLOCK_MIN.max(layout.size()), size).ok()?;
        // SAFETY: `try_carve` handed out `len` bytes from `block`, in one chunk.
        let end = unsafe { block.add(len) };
        // INVARIANT: [keyed] a fresh block of `arena` at its current generation, all ours.
        entry.arena.set(arena.id);
        entry.generation.set(arena.generation);
        entry.start.set(block);
        entry.pos.set(block);
        entry.end.set(end);
        // INVARIANT: [high] nothing given back yet.
        entry.high.set(block);
        self.promote(way);
        // A block is `CHUNK_ALIGN`-aligned and at least the request's size (asked of
        // `try_carve`), and the request is no more aligned (checked by the caller), so it fits.
        let ptr = self.entries[0].bump(layout);
        debug_assert!(ptr.is_some(), "a fresh block fits a small request");
        ptr
    }
}

/// The fast path: bumps in the calling thread's most recent block if it belongs to `arena`
/// and has room.
#[inline(always)]
pub(super) fn try_bump(arena: &SyncBump, layout: Layout) -> Option<NonNull<u8>> {
    CACHE
        .try_with(|cache| {
            let entry = &cache.entries[0];
            if entry.is_of(arena) {
                entry.bump(layout)
            } else {
                None
            }
        })
        .ok()
        .flatten()
}

/// The slow path: carves a new block for the calling thread when the request is small,
/// else (or when the cache is out of reach during thread teardown, or full) returns `None`.
#[cold]
#[inline(never)]
pub(super) fn try_refill(arena: &SyncBump, layout: Layout) -> Option<NonNull<u8>> {
    if layout.size() > largest_request(BLOCK_MAX)
        || layout.align() > CHUNK_ALIGN
        || arena.id == NO_ARENA
    {
        return None;
    }
    CACHE
        .try_with(|cache| cache.refill(arena, layout))
        .ok()
        .flatten()
}

/// Resizes the block at `ptr` in the calling thread's block of `arena`, if it is the newest
/// allocation there; returns whether it did, or `None` if `ptr` is not in that block (or
/// the thread has none), when the arena's cursor may still be its end.
///
/// # Safety
///
/// - As [`SyncBump::resize_in_place`]: if `ptr..ptr + old_size` is the newest allocation of
///   this thread's block of `arena`, the caller owns it; after a shrink it uses only
///   `ptr..ptr + new_size`.
#[inline]
pub(super) unsafe fn resize(
    arena: &SyncBump,
    ptr: NonNull<u8>,
    old_size: usize,
    new_size: usize,
) -> Option<bool> {
    // SAFETY: the entry holds a live block of `arena` (`is_of`), and the caller's promise
    // covers `ptr`.
    with_entry_of(arena, |e| unsafe {
        e.resize(arena, ptr, old_size, new_size)
    })
    .flatten()
}

/// Returns the bytes left in the calling thread's block of `arena`, or `None` without one.
pub(super) fn tail(arena: &SyncBump) -> Option<usize> {
    with_entry_of(arena, Entry::tail)
}

/// Returns the bytes left in the calling thread's block of `arena` now and when the thread's
/// figure was highest ([high]), or `None` without a block.
pub(super) fn tails_now_and_at_high(arena: &SyncBump) -> Option<(usize, usize)> {
    with_entry_of(arena, |e| (e.tail(), e.tail_at_high()))
}

/// Runs `f` on the calling thread's entry of `arena`, if it has one.
#[inline(always)]
fn with_entry_of<R>(arena: &SyncBump, f: impl FnOnce(&Entry) -> R) -> Option<R> {
    CACHE
        .try_with(|cache| cache.entries.iter().find(|e| e.is_of(arena)).map(f))
        .ok()
        .flatten()
}
