//! The hidden per-thread path of `&SyncBump` (with `std`): blocks cached per thread, keyed by
//! the arena's epoch (new at every reset), never used once stale.
#![cfg(feature = "std")]

use std::ops::Range;
use std::sync::mpsc;
use std::sync::{Arc, Barrier, Mutex};

use bumpkit::{ArenaVec, SyncBump};

use crate::common::{carved_block_sizes, rounds};

/// Returns the address range of `value`.
fn span<T>(value: &T) -> Range<usize> {
    let start = core::ptr::from_ref(value) as usize;
    start..start + size_of::<T>()
}

/// Panics if two of `spans` overlap.
fn assert_disjoint(mut spans: Vec<Range<usize>>) {
    spans.sort_by_key(|s| s.start);
    for pair in spans.windows(2) {
        assert!(
            pair[0].end <= pair[1].start,
            "{:?} and {:?} overlap",
            pair[0],
            pair[1]
        );
    }
}

/// A block a thread allocated: its pointer (with its provenance) and size.
struct Block(*mut u8, usize);

// SAFETY: only the address is shared; the bytes are read after the writing thread ended.
unsafe impl Send for Block {}

/// A small xorshift generator: the same sequence on every run, natively and under Miri.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[test]
fn one_thread_counts_exactly_what_it_allocated() {
    let arena = SyncBump::new();
    arena.alloc(1u32);
    arena.alloc(2u64); // 4 bytes of padding first
    assert_eq!(arena.stats().allocated_bytes, 16);
    assert!(arena.remaining() > 0);
    let before = arena.remaining();
    arena.alloc([0u8; 10]);
    assert_eq!(arena.remaining(), before - 10);
}

#[test]
fn a_vector_grows_and_gives_back_in_the_threads_block() {
    let arena = SyncBump::new();
    let mut v: ArenaVec<'_, u8, _> = ArenaVec::with_capacity_in(16, &arena);
    v.push(7);
    let (ptr, allocated) = (v.as_ptr(), arena.stats().allocated_bytes);
    assert_eq!(allocated, 16);
    v.reserve_exact(500 - 1);
    assert_eq!(v.capacity(), 500);
    assert_eq!(v.as_ptr(), ptr, "grown in place");
    assert_eq!(arena.stats().allocated_bytes, 500);
    drop(v);
    let stats = arena.stats();
    assert_eq!(stats.allocated_bytes, 0, "the newest block was given back");
    assert_eq!(stats.peak_allocated_bytes, 500);
    assert_eq!(core::ptr::from_ref(arena.alloc(0u8)), ptr, "and is reused");
}

#[test]
fn a_threads_blocks_start_at_4_kib_and_double_to_64_kib() {
    let arena = SyncBump::with_capacity(1 << 20);
    arena.alloc([0u64; 16]);
    assert_eq!(arena.remaining() + 128, 4 << 10, "the first block");
    let blocks = carved_block_sizes(
        Some(4 << 10),
        || arena.remaining(),
        || {
            arena.alloc([0u64; 16]);
        },
    );
    assert_eq!(
        blocks[..6],
        [4 << 10, 8 << 10, 16 << 10, 32 << 10, 64 << 10, 64 << 10]
    );
}

#[test]
fn a_thread_keeps_its_block_size_across_a_reset_and_an_evicted_one_starts_again() {
    let mut arena = SyncBump::with_capacity(1 << 20);
    for _ in 0..(200 << 10) / 128 {
        arena.alloc([0u64; 16]);
    }
    arena.reset();
    arena.alloc([0u64; 16]);
    assert_eq!(
        arena.remaining() + 128,
        64 << 10,
        "the size reached before the reset"
    );
    // Three other arenas take the cache's other entries, a fifth's 64 misses evict this
    // arena's (the least recently used), and its next block starts small again.
    let others: Vec<SyncBump> = (0..3).map(|_| SyncBump::new()).collect();
    for other in &others {
        other.alloc(0u8);
    }
    let fifth = SyncBump::new();
    for _ in 0..64 {
        fifth.alloc(0u8);
    }
    // Its requests take the shared path until 64 misses win it an entry back.
    arena.reset();
    for _ in 0..64 {
        arena.alloc([0u64; 16]);
    }
    assert_eq!(
        arena.remaining() + 128,
        4 << 10,
        "evicted: a first block again"
    );
}

#[test]
fn a_vector_outgrows_its_block_in_place_while_nothing_was_carved_after_it() {
    let arena = SyncBump::with_capacity(1 << 20);
    let mut v: ArenaVec<'_, u8, _> = ArenaVec::with_capacity_in(16, &arena);
    v.push(1);
    let ptr = v.as_ptr();
    v.reserve_exact(20_000);
    assert_eq!(v.as_ptr(), ptr, "the block was extended under the vector");
    v.extend(core::iter::repeat_n(2, 20_000));
    // Another thread carves its block after ours: the next growth has to move.
    std::thread::scope(|s| {
        s.spawn(|| arena.alloc(0u8));
    });
    v.reserve_exact(v.capacity() - v.len() + 64);
    assert_ne!(v.as_ptr(), ptr, "moved: the block can no longer grow");
    assert_eq!(v[0], 1);
    assert!(v[1..].iter().all(|&b| b == 2) && v.len() == 20_001);
    let stats = arena.stats();
    assert!(stats.allocated_bytes >= 2 * 20_001, "{stats:?}");
}

#[test]
fn reset_makes_every_threads_block_stale() {
    // Long-lived workers keep their thread-local caches across the reset.
    let arena = Arc::new(Mutex::new(SyncBump::new()));
    let workers = 3;
    let barrier = Arc::new(Barrier::new(workers + 1));
    let (spans_tx, spans_rx) = mpsc::channel::<Vec<Range<usize>>>();
    let handles: Vec<_> = (0..workers as u64)
        .map(|t| {
            let (arena, barrier, spans_tx) = (arena.clone(), barrier.clone(), spans_tx.clone());
            std::thread::spawn(move || {
                for round in 0..3u64 {
                    {
                        let guard = arena.lock().unwrap();
                        let values: Vec<&u64> = (0..50)
                            .map(|i| &*guard.alloc(t * 1000 + i + round))
                            .collect();
                        assert!(
                            values
                                .iter()
                                .zip(0..)
                                .all(|(v, i)| **v == t * 1000 + i + round)
                        );
                        assert!(guard.stats().allocated_bytes >= 50 * 8);
                        spans_tx
                            .send(values.iter().map(|v| span(*v)).collect())
                            .unwrap();
                    }
                    barrier.wait(); // every worker allocated
                    barrier.wait(); // the main thread reset the arena
                }
            })
        })
        .collect();
    drop(spans_tx);
    for _ in 0..3 {
        barrier.wait();
        let mut guard = arena.lock().unwrap();
        // The main thread allocates too, then every block of this round must be disjoint.
        let mine: Vec<_> = (0..50).map(|i| span(guard.alloc(i as u64))).collect();
        let mut spans: Vec<_> = spans_rx.try_iter().flatten().collect();
        assert_eq!(spans.len(), workers * 50);
        spans.extend(mine);
        assert_disjoint(spans);
        guard.reset();
        assert_eq!(guard.stats().allocated_bytes, 0);
        drop(guard);
        barrier.wait();
    }
    for handle in handles {
        handle.join().unwrap();
    }
}

#[test]
fn an_arena_in_a_dropped_arenas_place_carves_its_own_block() {
    // The same slot, so the new arena may well sit at the old one's address: its identity
    // must differ all the same, and its first allocation must carve from its own chunk.
    let mut slot = Some(SyncBump::new());
    for round in 0..rounds(100).max(3) {
        let arena = slot.as_ref().unwrap();
        let value = arena.alloc(round);
        assert_eq!(*value, round);
        assert_eq!(arena.stats().allocated_bytes, size_of::<usize>());
        assert_eq!(arena.stats().chunk_count, 1);
        drop(slot.take()); // its chunk goes back to the allocator, which may reuse it at once
        slot = Some(SyncBump::new());
    }
}

#[test]
fn a_thread_that_outlives_its_arena_allocates_afresh_from_the_next() {
    let (arena_tx, arena_rx) = mpsc::channel::<Arc<SyncBump>>();
    let (done_tx, done_rx) = mpsc::channel::<usize>();
    let worker = std::thread::spawn(move || {
        for arena in arena_rx {
            let values: Vec<&u64> = (0..100).map(|i| &*arena.alloc(i)).collect();
            assert!(values.iter().zip(0..).all(|(v, i)| **v == i));
            done_tx.send(arena.stats().allocated_bytes).unwrap();
            drop(values);
            drop(arena); // the last owner: the arena dies while the thread lives on
        }
    });
    for _ in 0..rounds(20).max(3) {
        arena_tx.send(Arc::new(SyncBump::new())).unwrap();
        // 100 values, and at most the padding to a block's alignment when this thread's
        // cache, full of dead arenas' entries, evicts one midway.
        let allocated = done_rx.recv().unwrap();
        assert!((800..800 + 16).contains(&allocated), "{allocated}");
    }
    drop(arena_tx);
    worker.join().unwrap();
}

#[test]
fn a_block_of_a_thread_that_exited_counts_until_reset() {
    let mut arena = SyncBump::new();
    std::thread::scope(|s| {
        s.spawn(|| arena.alloc(1u64));
    });
    let stats = arena.stats();
    assert!(
        stats.allocated_bytes >= 1024,
        "the exited thread's whole block: {stats:?}"
    );
    arena.reset();
    assert_eq!(arena.stats().allocated_bytes, 0);
    arena.alloc(2u64);
    assert_eq!(arena.stats().allocated_bytes, 8);
}

#[test]
fn alternating_between_three_arenas_strands_nothing() {
    let arenas = [SyncBump::new(), SyncBump::new(), SyncBump::new()];
    let switches = rounds(100_000);
    for i in 0..switches {
        let value = arenas[i % 3].alloc(i as u64);
        assert_eq!(*value, i as u64);
    }
    for (k, arena) in arenas.iter().enumerate() {
        let count = (switches + 2 - k) / 3;
        let stats = arena.stats();
        // Each block is used to its last byte (8-byte values in 16-aligned blocks) and no
        // block is ever abandoned: beyond the values, only the tails under 1 KiB that each
        // chunk had left when the next one came count.
        let bound = count * 8 + stats.chunk_count * 1024;
        assert!(stats.allocated_bytes <= bound, "arena {k}: {stats:?}");
    }
}

#[test]
fn alternating_between_more_arenas_than_the_cache_holds_bounds_the_waste() {
    let arenas: Vec<SyncBump> = (0..6).map(|_| SyncBump::new()).collect();
    let switches = rounds(100_000);
    for i in 0..switches {
        arenas[i % arenas.len()].alloc(i as u64);
    }
    let used = switches * 8;
    let allocated: usize = arenas.iter().map(|a| a.stats().allocated_bytes).sum();
    let chunks: usize = arenas.iter().map(|a| a.stats().chunk_count).sum();
    // One eviction per 64 misses strands under 4 KiB: at most 64 bytes per switch, plus
    // one live block per arena and each chunk's tail.
    let bound = used + switches * 64 + arenas.len() * 4096 + chunks * 1024;
    assert!(allocated <= bound, "{allocated} > {bound}");
}

#[test]
fn eight_threads_of_random_layouts_never_overlap() {
    let arena = SyncBump::new();
    // Miri runs 8 x 30: its threads and 4 KiB alignments are slow there.
    let per_thread = if cfg!(miri) { 30 } else { 100_000 };
    let blocks: Vec<Vec<(Block, u8)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..8u64)
            .map(|t| {
                let arena = &arena;
                s.spawn(move || {
                    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (t + 1));
                    let mut mine = Vec::with_capacity(per_thread);
                    for _ in 0..per_thread {
                        let size = match rng.below(32) {
                            0 => 1 + rng.below(3000),
                            _ => 1 + rng.below(64),
                        } as usize;
                        let align = match rng.below(16) {
                            0 => 1usize << rng.below(13), // up to 4096
                            _ => 1usize << rng.below(4),
                        };
                        let layout = core::alloc::Layout::from_size_align(size, align).unwrap();
                        let ptr = arena.alloc_layout(layout).as_ptr();
                        assert_eq!(ptr as usize % align, 0);
                        let tag = rng.next() as u8;
                        // SAFETY: a fresh block of `size` bytes, this thread's alone.
                        unsafe { ptr.write_bytes(tag, size) };
                        mine.push((Block(ptr, size), tag));
                    }
                    mine
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let all: Vec<(Block, u8)> = blocks.into_iter().flatten().collect();
    for (Block(ptr, size), tag) in &all {
        // SAFETY: each block is live (the arena is not reset) and was filled with `tag`.
        let bytes = unsafe { core::slice::from_raw_parts(*ptr, *size) };
        assert!(bytes.iter().all(|b| b == tag), "{ptr:?} was overwritten");
    }
    assert_disjoint(
        all.into_iter()
            .map(|(Block(ptr, size), _)| ptr as usize..ptr as usize + size)
            .collect(),
    );
}
