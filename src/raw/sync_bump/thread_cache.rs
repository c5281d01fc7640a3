//! The hidden per-thread path of `SyncBump` (with `std`): each thread keeps, in a
//! thread-local cache, a block it carved out of an arena, keyed by the arena's epoch, and
//! bumps in it with plain loads and stores. Only a thread whose block is used up (or that
//! has none) touches the arena's shared cursor, once per block.
//!
//! Soundness rests on the key: a block is used only while the arena it was carved from is
//! the very arena the call came through (`&SyncBump`, so it is alive) and was not reset since
//! (so the block's chunk was not freed). An epoch is a number drawn from a process-wide
//! 64-bit counter that never repeats, never an address, when an arena is made and again at
//! each `reset` or `shrink_to` (`&mut self`); so one compare of the entry's epoch with the
//! arena's checks both. A stale entry (arena reset, dropped, or a thread that outlives it)
//! never matches, and its pointers are then never used. The arena's identity (drawn once)
//! only lets a thread find its own stale entry to reuse.
//!
//! Blocks start at 4 KiB and double, per thread and arena, with each one used up, to 64 KiB
//! (`carved_block`); a thread keeps the size it reached across the arena's resets. A vector
//! that outgrows the block it is the newest allocation of extends the block in place while
//! nothing was carved after it.
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
use crate::raw::carved_block::{
    BLOCK_FIRST, BLOCK_MAX, BLOCK_MIN, CarvedBlock, largest_request, next_size,
};
use crate::raw::layout_math::CHUNK_ALIGN;

/// Arenas one thread caches a block of at once.
pub(crate) const WAYS: usize = 4;
/// Misses (all entries held by other arenas) per eviction.
pub(crate) const EVICT_EVERY: u32 = 64;

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

/// The key of one arena between two resets (or `shrink_to`s): a number drawn afresh when
/// the arena is made and at each of those calls, from a counter no two arenas share, so one
/// compare tells a live block from a stale one. It stands for the pair (arena identity,
/// reset generation): equal epochs mean both are equal. 64 bits on every target, so the
/// counter never runs out in practice.
pub(crate) type Epoch = u64;

/// The epoch of an empty entry: never handed out (the counter starts at 1).
const NO_EPOCH: Epoch = 0;

/// The epoch of an arena made or reset after the counter ran out: never handed out
/// either (the counter stops below it) and never held by an entry, as such an arena never
/// carves a block; so it matches nothing and the arena always takes the shared path.
const EXHAUSTED_EPOCH: Epoch = Epoch::MAX;

/// The next epoch: plain `core` atomics also under loom, as [`NEXT_ID`].
#[cfg(target_has_atomic = "64")]
static NEXT_EPOCH: core::sync::atomic::AtomicU64 = core::sync::atomic::AtomicU64::new(1);

/// Returns an epoch no arena had before in this process, or [`EXHAUSTED_EPOCH`] once all
/// are used.
#[cfg(target_has_atomic = "64")]
pub(crate) fn fresh_epoch() -> Epoch {
    use core::sync::atomic::Ordering;
    // Relaxed, and never wrapping, as in `fresh_id`: the counter stops at `EXHAUSTED_EPOCH`,
    // so the last value handed out is the one below it.
    NEXT_EPOCH
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |e| e.checked_add(1))
        .unwrap_or(EXHAUSTED_EPOCH)
}

/// Returns an epoch no arena had before in this process, or [`EXHAUSTED_EPOCH`] once all
/// are used. Without 64-bit atomics, a lock guards the counter: it is taken only when an
/// arena is made or reset.
#[cfg(not(target_has_atomic = "64"))]
pub(crate) fn fresh_epoch() -> Epoch {
    static NEXT_EPOCH: std::sync::Mutex<Epoch> = std::sync::Mutex::new(1);
    // A poisoned lock still holds a valid counter: nothing panics while it is held.
    let mut next = NEXT_EPOCH
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // As with the atomic counter: it stops at `EXHAUSTED_EPOCH`, never handed out.
    let epoch = *next;
    match epoch.checked_add(1) {
        Some(after) => {
            *next = after;
            epoch
        }
        None => EXHAUSTED_EPOCH,
    }
}

/// One arena's block in one thread's cache.
struct Entry {
    // Invariants:
    // - [keyed] if `arena != NO_ARENA`, `block` was carved for this thread (by
    //   `SyncBump::try_carve`, and maybe extended) from the arena whose identity is `arena`,
    //   while that arena's epoch was `epoch`; only this entry hands out its bytes
    //   (`CarvedBlock`'s [block]). Otherwise `block` is empty and `epoch` is `NO_EPOCH`. Its
    //   pointers are used only while `epoch` matches the arena of the call: no other arena
    //   and no other reset period of it has that epoch, so that arena is alive (borrowed)
    //   and was not reset since, and the block's chunk is live (`SyncBump`'s [kept]).
    // - [high] `high` is the block's start (or dangling when empty), or the furthest its
    //   `pos` was before a give-back moved it back: the thread's figure of the arena's
    //   allocated bytes was highest with `pos` at `max(high, pos)`. The arena's peak learns of
    //   it only when the block is retired or the thread asks for `stats`, so that a give-back
    //   touches nothing shared.
    // - [size] `size` is the size of the block being used (of the next to carve, when the
    //   entry is empty); retiring a used-up block doubles it (`carved_block::next_size`), a
    //   reset of the arena keeps it, and emptying the entry otherwise (an eviction) starts
    //   it again at `BLOCK_FIRST`. Only a hint.
    arena: Cell<usize>,
    epoch: Cell<Epoch>,
    block: CarvedBlock,
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
    epoch: Cell::new(NO_EPOCH),
    block: CarvedBlock::empty(),
    high: Cell::new(NonNull::dangling()),
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
    /// Returns whether this entry holds a live block of `arena`: one compare, as epochs are
    /// unique to one arena between two resets. An empty entry's `NO_EPOCH` and an exhausted
    /// arena's `EXHAUSTED_EPOCH` are never handed out, so neither matches any arena.
    #[inline(always)]
    fn is_of(&self, arena: &SyncBump) -> bool {
        self.epoch.get() == arena.epoch
    }

    /// Bumps within the block, or returns `None`. Only for an entry [`Entry::is_of`] the
    /// arena of the call, or an empty one.
    #[inline(always)]
    fn bump(&self, layout: Layout) -> Option<NonNull<u8>> {
        self.block.bump(layout)
    }

    /// Returns the bytes of the block past the furthest `pos` reached ([high]): the tail the
    /// thread's figure was highest with.
    fn tail_at_high(&self) -> usize {
        let pos = self.block.pos().addr().get();
        let high = self.high.get().addr().get().max(pos);
        // [high] keeps `high <= end`, as `pos <= end`.
        self.block.end().addr().get() - high
    }

    /// Raises `arena`'s peak to the highest figure this thread's block gave it ([high]), if
    /// a give-back lowered it since. Only for an entry [`Entry::is_of`] `arena`.
    fn publish_high(&self, arena: &SyncBump) {
        if self.high.get() > self.block.pos() {
            arena.record_peak(arena.allocated_bytes_seen(self.tail_at_high()));
        }
    }

    /// Gives the unused tail of the block back to `arena` (if nothing was carved after it)
    /// and empties the entry. Only for an entry [`Entry::is_of`] `arena`.
    fn retire(&self, arena: &SyncBump) {
        debug_assert!(self.is_of(arena));
        self.publish_high(arena);
        // SAFETY: [keyed] the key matches `arena`, so the block is a live block of it.
        unsafe { self.block.give_back_tail(arena) };
        self.clear();
    }

    /// Empties the entry, abandoning its block (if any); the size hint stays for the caller
    /// to set ([size]).
    fn clear(&self) {
        // INVARIANT: [keyed] an empty entry; [high] dangling with it.
        self.arena.set(NO_ARENA);
        self.epoch.set(NO_EPOCH);
        self.block.clear();
        self.high.set(NonNull::dangling());
    }

    /// Swaps two entries' contents.
    fn swap(&self, other: &Self) {
        // INVARIANT: [keyed] each key moves with its block.
        self.arena.swap(&other.arena);
        self.epoch.swap(&other.epoch);
        self.block.swap(&other.block);
        self.high.swap(&other.high);
        self.size.swap(&other.size);
    }

    /// Resizes the block at `ptr` in this entry's block ([`CarvedBlock::resize`]), keeping
    /// [high]. Only for an entry [`Entry::is_of`] `arena`, the arena of the call.
    ///
    /// # Safety
    ///
    /// - As [`CarvedBlock::resize`]'s second point.
    #[inline(always)]
    unsafe fn resize(
        &self,
        arena: &SyncBump,
        ptr: NonNull<u8>,
        old_size: usize,
        new_size: usize,
    ) -> Option<bool> {
        // SAFETY: [keyed] the key matches `arena`, so the block is a live block of it; the
        // caller's promise covers `ptr`.
        unsafe {
            self.block.resize(arena, ptr, old_size, new_size, |pos| {
                self.remember_high(pos)
            })
        }
    }

    /// Records `old_pos`, the block's `pos` before a give-back moves it back: the arena
    /// counts this thread's block as handed out up to `pos` (`stats`), so a give-back lowers
    /// its figure, and [high] remembers how high it was.
    #[inline(always)]
    fn remember_high(&self, old_pos: NonNull<u8>) {
        if old_pos > self.high.get() {
            // INVARIANT: [high] the furthest `pos` before a give-back.
            self.high.set(old_pos);
        }
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
                    // A reset freed (or reclaimed) the block: nothing to give back. The next
                    // block is as big as this one ([size]): a thread that used blocks up
                    // before the reset is likely to again, so it carves once, not five times.
                    // INVARIANT: [size] the size the thread reached, kept across the reset.
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
                    let evicted = &self.entries[WAYS - 1];
                    evicted.clear();
                    // INVARIANT: [size] another arena's entry starts again.
                    evicted.size.set(BLOCK_FIRST);
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
        // INVARIANT: [keyed] a fresh block of `arena` at its current epoch, all ours.
        entry.arena.set(arena.id);
        entry.epoch.set(arena.epoch);
        // SAFETY: `try_carve` just handed this thread `len` bytes from `block`, in one chunk.
        unsafe { entry.block.set(block, len) };
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
        || arena.epoch == EXHAUSTED_EPOCH
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

/// Shrinks the block at `ptr` in place if it is the newest of the calling thread's most
/// recent block and that block is `arena`'s; returns whether it did (`false`: nothing
/// changed, take the general path).
///
/// # Safety
///
/// - As [`resize`], with `0 < new_size <= old_size`.
#[inline(always)]
pub(super) unsafe fn shrink_fast(
    arena: &SyncBump,
    ptr: NonNull<u8>,
    old_size: usize,
    new_size: usize,
) -> bool {
    CACHE
        .try_with(|cache| {
            let entry = &cache.entries[0];
            if !entry.is_of(arena) {
                return false;
            }
            // SAFETY: the entry holds a live block of `arena` (`is_of`), and the caller's
            // promise covers `ptr`.
            unsafe {
                entry
                    .block
                    .shrink_newest(ptr, old_size, new_size, |pos| entry.remember_high(pos))
            }
        })
        .unwrap_or(false)
}

/// Returns the bytes left in the calling thread's block of `arena`, or `None` without one.
pub(super) fn tail(arena: &SyncBump) -> Option<usize> {
    with_entry_of(arena, |e| e.block.tail())
}

/// Returns the bytes left in the calling thread's block of `arena` now and when the thread's
/// figure was highest ([high]), or `None` without a block.
pub(super) fn tails_now_and_at_high(arena: &SyncBump) -> Option<(usize, usize)> {
    with_entry_of(arena, |e| (e.block.tail(), e.tail_at_high()))
}

/// Runs `f` on the calling thread's entry of `arena`, if it has one.
#[inline(always)]
fn with_entry_of<R>(arena: &SyncBump, f: impl FnOnce(&Entry) -> R) -> Option<R> {
    CACHE
        .try_with(|cache| cache.entries.iter().find(|e| e.is_of(arena)).map(f))
        .ok()
        .flatten()
}
