//! SyncBump and its local handles: many threads at once, limits, stats, reset.

use core::alloc::Layout;
use core::ptr::NonNull;
use std::sync::Barrier;

use bumpkit::{AllocErrorKind, Arena, ArenaBox, ArenaString, ArenaVec, Bump, LocalBump, SyncBump};

use crate::common::{carved_block_sizes, rounds};

/// A small xorshift generator, so that each thread's layouts are random but reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Mostly small sizes and alignments, now and then up to 2 KiB and 4096-aligned.
    fn layout(&mut self) -> Layout {
        let r = self.next();
        let size = match r % 64 {
            0 => (r >> 8) as usize % 2048,
            _ => (r >> 8) as usize % 48,
        };
        let align_log = match (r >> 32) % 1024 {
            0 => 12,
            1..=15 => 4 + (r >> 48) as u32 % 8,
            n => n as u32 % 4,
        };
        Layout::from_size_align(size, 1 << align_log).unwrap()
    }
}

/// The byte a block of `thread`'s allocation `index` holds at `offset`.
fn pattern(thread: usize, index: usize, offset: usize) -> u8 {
    (thread.wrapping_mul(31) ^ index.wrapping_mul(7) ^ offset.wrapping_mul(13)) as u8
}

/// A block one thread was handed: where it is and whose it is.
struct Block {
    ptr: NonNull<u8>,
    size: usize,
    thread: usize,
    index: usize,
}

// SAFETY: a block is plain bytes that only the thread which wrote it reads until the
// workers are joined; after that the checking thread only reads them.
unsafe impl Send for Block {}

/// Allocates `count` random layouts through `alloc`, fills each with its (thread, index)
/// pattern, and returns the blocks.
fn fill_blocks(thread: usize, count: usize, alloc: impl Fn(Layout) -> NonNull<u8>) -> Vec<Block> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (thread as u64 + 1));
    (0..count)
        .map(|index| {
            let layout = rng.layout();
            let ptr = alloc(layout);
            assert_eq!(ptr.as_ptr() as usize % layout.align(), 0, "misaligned");
            let bytes = (0..layout.size()).map(|offset| pattern(thread, index, offset));
            for (offset, byte) in bytes.enumerate() {
                // SAFETY: the block is `layout.size()` bytes, ours alone.
                unsafe { ptr.as_ptr().add(offset).write(byte) };
            }
            Block {
                ptr,
                size: layout.size(),
                thread,
                index,
            }
        })
        .collect()
}

/// Runs `threads` threads of `count` allocations each on one arena (every other thread
/// through a local handle when `mixed`), then checks every pattern and that no two
/// non-empty blocks overlap.
fn stress(arena: &SyncBump, threads: usize, count: usize, mixed: bool) {
    let start = Barrier::new(threads);
    let mut blocks: Vec<Block> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|thread| {
                let start = &start;
                s.spawn(move || {
                    start.wait();
                    if mixed && thread % 2 == 1 {
                        let local = arena.local();
                        fill_blocks(thread, count, |layout| local.alloc_layout(layout))
                    } else {
                        fill_blocks(thread, count, |layout| arena.alloc_layout(layout))
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    assert_eq!(blocks.len(), threads * count);
    for block in &blocks {
        for offset in 0..block.size {
            // SAFETY: the block is still allocated (the arena is borrowed) and was written.
            let byte = unsafe { *block.ptr.as_ptr().add(offset) };
            assert_eq!(
                byte,
                pattern(block.thread, block.index, offset),
                "thread {} block {} was overwritten",
                block.thread,
                block.index
            );
        }
    }
    blocks.retain(|b| b.size > 0);
    blocks.sort_unstable_by_key(|b| b.ptr.as_ptr().addr());
    for pair in blocks.windows(2) {
        assert!(
            pair[0].ptr.as_ptr().addr() + pair[0].size <= pair[1].ptr.as_ptr().addr(),
            "blocks of thread {} and {} overlap",
            pair[0].thread,
            pair[1].thread
        );
    }
}

#[test]
fn two_threads_get_disjoint_intact_blocks() {
    stress(&SyncBump::new(), 2, rounds(100_000), false);
}

#[test]
fn eight_threads_with_small_chunks_get_disjoint_intact_blocks() {
    // Small chunks make refills frequent, so the fast path often races an install.
    let arena = Bump::builder()
        .first_chunk_size(1 << 10)
        .max_chunk_size(64 << 10)
        .build_sync();
    stress(&arena, 8, rounds(100_000), false);
}

#[test]
fn local_handles_and_the_shared_arena_mix_without_overlap() {
    let arena = Bump::builder().max_chunk_size(64 << 10).build_sync();
    stress(&arena, 4, rounds(100_000), true);
}

#[test]
fn three_threads_through_local_handles_only() {
    const LOCAL_ROUNDS: u64 = rounds(50_000) as u64;
    let arena = SyncBump::new();
    let start = Barrier::new(3);
    let sums: Vec<u64> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..3u64)
            .map(|t| {
                let (arena, start) = (&arena, &start);
                s.spawn(move || {
                    start.wait();
                    let local = arena.local();
                    let values: Vec<&u64> =
                        (0..LOCAL_ROUNDS).map(|i| &*local.alloc(t * i)).collect();
                    values.into_iter().sum()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let n: u64 = LOCAL_ROUNDS * (LOCAL_ROUNDS - 1) / 2;
    assert_eq!(sums, [0, n, 2 * n]);
}

#[test]
fn alignment_up_to_4096_is_honoured_at_chunk_rollover() {
    let arena = Bump::builder()
        .first_chunk_size(128)
        .max_chunk_size(256)
        .build_sync();
    let local = arena.local();
    for align_log in 0..=12 {
        for size in [1, 7, 100, 300] {
            let layout = Layout::from_size_align(size, 1 << align_log).unwrap();
            for ptr in [arena.alloc_layout(layout), local.alloc_layout(layout)] {
                assert_eq!(ptr.as_ptr() as usize % layout.align(), 0);
                // SAFETY: a fresh block of `size` bytes.
                unsafe { ptr.as_ptr().write_bytes(0xAB, size) };
            }
        }
    }
}

#[test]
fn zero_sized_requests_take_no_memory() {
    let arena = SyncBump::new();
    let local = arena.local();
    assert_eq!(arena.alloc_slice_fill_with(1000, |_| ()).len(), 1000);
    assert_eq!(local.alloc_slice_copy::<u64>(&[]).as_ptr() as usize % 8, 0);
    let layout = Layout::from_size_align(0, 4096).unwrap();
    assert_eq!(local.alloc_layout(layout).as_ptr() as usize % 4096, 0);
    drop(local);
    assert_eq!(arena.stats().reserved_bytes, 0);
}

#[test]
fn the_limit_holds_across_threads() {
    // Under Miri, a smaller limit and fewer tries: still four times what fits.
    let (limit, tries) = if cfg!(miri) {
        (8 << 10, 512)
    } else {
        (64 << 10, 2000)
    };
    let arena = SyncBump::new();
    arena.set_allocation_limit(Some(limit));
    let failures: usize = std::thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let arena = &arena;
                s.spawn(move || {
                    (0..tries)
                        .filter(|_| arena.try_alloc([0u8; 64]).is_err())
                        .count()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    });
    let stats = arena.stats();
    assert!(stats.reserved_bytes <= limit, "{stats:?}");
    assert!(
        failures > 0,
        "4 * {tries} * 64 bytes cannot fit in {limit} bytes"
    );
    let err = arena.try_alloc([0u8; 64]).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitReached);
}

#[test]
fn a_handle_allocates_whatever_the_arena_itself_still_can_under_a_limit() {
    // The chunk keeps a few hundred bytes, too few for a handle's block, and the limit
    // allows no second chunk: the arena still serves small requests, so must its handles.
    let arena = Bump::builder()
        .first_chunk_size(4096)
        .allocation_limit(Some(4096))
        .build_sync();
    arena.alloc([0u8; 3500]);
    assert_eq!(*arena.try_alloc(1u8).unwrap(), 1);
    let local = arena.local();
    assert_eq!(*local.try_alloc(2u8).unwrap(), 2);
    assert_eq!(*local.try_alloc(3u64).unwrap(), 3);
    assert_eq!(arena.stats().chunk_count, 1);
    // Under a limit below any handle block, a fresh arena's handles allocate too.
    let tight = Bump::builder().allocation_limit(Some(512)).build_sync();
    assert_eq!(*tight.local().try_alloc(4u32).unwrap(), 4);
    assert!(tight.stats().reserved_bytes <= 512);
}

#[test]
fn builder_capacity_and_limit_apply() {
    let arena = Bump::builder()
        .capacity(100_000)
        .allocation_limit(Some(200_000))
        .build_sync();
    let stats = arena.stats();
    assert_eq!(stats.chunk_count, 1);
    assert!(stats.reserved_bytes >= 100_000);
    assert_eq!(arena.allocation_limit(), Some(200_000));
    let err = Bump::builder()
        .capacity(1 << 20)
        .allocation_limit(Some(1 << 10))
        .try_build_sync()
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitReached);
}

#[test]
fn with_capacity_reserves_one_chunk_up_front() {
    // Past the default first chunk either way; smaller under Miri, which fills it slowly.
    let bytes = if cfg!(miri) { 20_000 } else { 100_000 };
    for arena in [
        SyncBump::with_capacity(bytes),
        SyncBump::try_with_capacity(bytes).unwrap(),
    ] {
        let stats = arena.stats();
        assert_eq!((stats.chunk_count, stats.allocated_bytes), (1, 0));
        assert!(stats.reserved_bytes >= bytes);
        arena.alloc_slice_fill_with(bytes, |i| i as u8);
        assert_eq!(
            arena.stats().chunk_count,
            1,
            "the request fits the first chunk"
        );
    }
    assert!(SyncBump::try_with_capacity(usize::MAX).is_err());
}

#[test]
fn stats_count_padding_and_local_blocks() {
    let arena = SyncBump::new();
    arena.alloc(1u8);
    arena.alloc(2u64);
    assert_eq!(arena.stats().allocated_bytes, 16);
    let local = arena.local();
    local.alloc(3u8);
    let carved = arena.stats().allocated_bytes - 16;
    assert!(
        (1024..=4096).contains(&carved),
        "a block is 1-4 KiB, got {carved}"
    );
    drop(local);
    assert_eq!(
        arena.stats().allocated_bytes,
        17,
        "a dropped handle gives its unused tail back"
    );
}

#[test]
fn a_chunk_size_the_base_allocator_refuses_falls_back_to_one_that_fits() {
    let arena = Bump::builder().first_chunk_size(usize::MAX).build_sync();
    assert_eq!(*arena.try_alloc(7u64).unwrap(), 7);
    assert_eq!(*arena.local().try_alloc(8u64).unwrap(), 8);
    assert!(arena.stats().reserved_bytes < 2 * 4096);
}

#[test]
fn reset_frees_all_but_the_largest_chunk_and_reuses_it() {
    let mut arena = Bump::builder().max_chunk_size(16 << 10).build_sync();
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for i in 0..10_000u64 {
                    arena.alloc(i);
                }
            });
        }
    });
    assert!(arena.stats().chunk_count > 1);
    arena.reset();
    let stats = arena.stats();
    assert_eq!((stats.chunk_count, stats.allocated_bytes), (1, 0));
    let reserved = stats.reserved_bytes;
    let value = arena.alloc(7u32);
    assert_eq!(*value, 7);
    assert_eq!(
        arena.stats().reserved_bytes,
        reserved,
        "the kept chunk is reused"
    );
}

#[test]
fn local_values_outlive_the_handle() {
    let arena = SyncBump::new();
    let (number, text) = {
        let local: LocalBump<'_> = arena.local();
        (local.alloc(5u32), local.alloc_str("kept"))
    };
    *number += 1;
    assert_eq!((*number, &*text), (6, "kept"));
}

#[test]
fn requests_up_to_a_kib_aligned_up_to_16_come_from_the_handles_block() {
    let arena = SyncBump::new();
    let local = arena.local();
    let kib = Layout::from_size_align(1024, 16).unwrap();
    local.alloc_layout(kib);
    let carved = arena.stats().allocated_bytes;
    assert!(
        carved >= 2048,
        "a block was carved, not just the request: {carved}"
    );
    local.alloc_layout(kib);
    assert_eq!(
        arena.stats().allocated_bytes,
        carved,
        "the same block serves it"
    );
}

#[test]
fn big_requests_through_a_handle_go_to_the_arena() {
    let arena = SyncBump::new();
    let local = arena.local();
    let big = local.alloc_slice_fill_with(10_000, |i| i as u8);
    assert_eq!(big[9_999], (9_999 % 256) as u8);
    // No block was carved: only the big slice is handed out.
    assert_eq!(arena.stats().allocated_bytes, 10_000);
    let small = local.alloc(1u16);
    assert_eq!(*small, 1);
    assert!(arena.stats().allocated_bytes >= 10_000 + 1024);
}

#[test]
fn a_panicking_clone_leaves_the_arena_usable() {
    use std::panic::{AssertUnwindSafe, catch_unwind};

    struct Bomb(u32);
    impl Clone for Bomb {
        fn clone(&self) -> Self {
            assert!(self.0 != 3, "boom");
            Bomb(self.0)
        }
    }
    let arena = SyncBump::new();
    let src: Vec<Bomb> = (0..5).map(Bomb).collect();
    assert!(catch_unwind(AssertUnwindSafe(|| arena.alloc_slice_clone(&src))).is_err());
    let local = arena.local();
    assert!(catch_unwind(AssertUnwindSafe(|| local.alloc_slice_clone(&src))).is_err());
    assert_eq!(arena.alloc_slice_clone(&src[..3]).len(), 3);
    assert_eq!(local.alloc_slice_fill_iter(0..3), &[0, 1, 2]);
}

#[test]
fn debug_shows_the_stats() {
    let arena = SyncBump::new();
    arena.alloc(1u64);
    let shown = format!("{arena:?}");
    assert!(shown.contains("allocated_bytes: 8"), "{shown}");
    let local = arena.local();
    let shown = format!("{local:?}");
    assert!(shown.starts_with("LocalBump") && shown.contains("block_free_bytes: 0"));
    local.alloc(1u8);
    let free = local.remaining();
    assert!(free > 0);
    let shown = format!("{local:?}");
    assert!(
        shown.contains(&format!("block_free_bytes: {free}")),
        "{shown}"
    );
}

#[test]
fn a_vector_grows_in_place_up_to_the_chunks_last_byte_and_no_further() {
    let arena = SyncBump::with_capacity(4096);
    // No second chunk: growth that does not fit in place fails instead of moving.
    arena.set_allocation_limit(Some(arena.stats().reserved_bytes));
    let mut v: ArenaVec<'_, u8, _> = ArenaVec::new_in(&arena);
    while v.try_reserve_exact(1).is_ok() {
        v.push(1);
    }
    assert!(v.len() >= 4096 && v.iter().all(|&b| b == 1));
    assert_eq!(
        arena.stats().allocated_bytes,
        v.len(),
        "one block, grown in place"
    );
    let err = arena.try_alloc(0u8).unwrap_err();
    assert_eq!(
        err.kind(),
        AllocErrorKind::LimitReached,
        "not one byte is left"
    );
}

#[test]
fn a_vector_in_a_handle_grows_in_place_up_to_the_blocks_last_byte() {
    let arena = SyncBump::with_capacity(8 << 10); // room for a whole 4 KiB block
    let local = arena.local();
    let mut v: ArenaVec<'_, u8, _> = ArenaVec::with_capacity_in(16, &local);
    v.push(7);
    let (ptr, carved) = (v.as_ptr(), arena.stats().allocated_bytes);
    assert_eq!(carved, 4096, "the handle took a whole 4 KiB block");
    v.reserve_exact(4096 - 1);
    assert_eq!(v.capacity(), 4096);
    assert_eq!((v.as_ptr(), arena.stats().allocated_bytes), (ptr, carved));
    assert_eq!(v, [7]);
}

#[test]
fn a_vector_in_a_handle_grows_past_its_block_while_nothing_was_carved_after_it() {
    let arena = SyncBump::with_capacity(1 << 20);
    let (first, second) = (arena.local(), arena.local());
    let mut v: ArenaVec<'_, u32, _> = ArenaVec::with_capacity_in(4, &first);
    v.push(7);
    let ptr = v.as_ptr();
    v.reserve_exact(10_000);
    assert_eq!(
        v.as_ptr(),
        ptr,
        "the handle's block was extended under the vector"
    );
    v.extend(0..10_000);
    second.alloc(0u8); // the second handle carves its block after the first's
    v.reserve_exact(v.capacity() - v.len() + 64);
    assert_ne!(v.as_ptr(), ptr, "moved: the block can no longer grow");
    assert!(v[0] == 7 && v[1..].iter().copied().eq(0..10_000));
}

#[test]
fn a_handles_blocks_start_at_4_kib_and_double_to_64_kib() {
    let arena = SyncBump::with_capacity(1 << 20);
    let local = arena.local();
    let blocks = carved_block_sizes(
        None,
        || local.remaining(),
        || {
            local.alloc([0u64; 16]);
        },
    );
    assert_eq!(
        blocks[..6],
        [4 << 10, 8 << 10, 16 << 10, 32 << 10, 64 << 10, 64 << 10]
    );
}

#[test]
fn vectors_grow_in_place_and_stay_intact_while_threads_race() {
    // Each thread grows two vectors: one on the shared arena (its growth races the other
    // threads' compare-and-swaps) and one on a local handle.
    let arena = Bump::builder().max_chunk_size(64 << 10).build_sync();
    let start = Barrier::new(4);
    std::thread::scope(|s| {
        for t in 0..4u64 {
            let (arena, start) = (&arena, &start);
            s.spawn(move || {
                let local = arena.local();
                let mut shared = ArenaVec::new_in(arena);
                let mut mine = ArenaVec::new_in(&local);
                start.wait();
                let pushes = rounds(20_000) as u64;
                for i in 0..pushes {
                    shared.push(t << 32 | i);
                    mine.push(!(t << 32 | i));
                }
                assert!(shared.iter().copied().eq((0..pushes).map(|i| t << 32 | i)));
                assert!(mine.iter().copied().eq((0..pushes).map(|i| !(t << 32 | i))));
            });
        }
    });
}

#[test]
fn collections_on_the_shared_arena_move_between_threads() {
    let arena = SyncBump::new();
    let (words, boxed) = std::thread::scope(|s| {
        s.spawn(|| {
            let mut words = ArenaString::new_in(&arena);
            for word in ["lives", " ", "on"] {
                words.push_str(word);
            }
            (words, ArenaBox::new_in(vec![1, 2, 3], &arena))
        })
        .join()
        .unwrap()
    });
    assert_eq!(words, "lives on");
    assert_eq!(*boxed, [1, 2, 3]);
    let local = arena.local();
    let mut text = ArenaString::new_in(&local);
    text.push_str("local");
    text.push('!');
    assert_eq!(text, "local!");
}

#[cfg(feature = "allocator-api2")]
#[test]
fn hash_maps_on_the_shared_arena_and_local_handles_match_std() {
    use std::collections::HashMap as StdHashMap;

    let arena = SyncBump::new();
    std::thread::scope(|s| {
        for t in 0..2u64 {
            let arena = &arena;
            s.spawn(move || {
                let local = arena.local();
                let mut shared = hashbrown::HashMap::new_in(arena);
                let mut mine = hashbrown::HashMap::new_in(&local);
                let mut model = StdHashMap::new();
                let mut rng = Rng(t + 11);
                for _ in 0..rounds(20_000) {
                    let key = rng.next() % 1024;
                    if rng.next() % 3 == 0 {
                        let expected = model.remove(&key);
                        assert_eq!(shared.remove(&key), expected);
                        assert_eq!(mine.remove(&key), expected);
                    } else {
                        let expected = model.insert(key, t);
                        assert_eq!(shared.insert(key, t), expected);
                        assert_eq!(mine.insert(key, t), expected);
                    }
                }
                assert_eq!(shared.len(), model.len());
                assert_eq!(mine.len(), model.len());
            });
        }
    });
}

/// Fills a fresh `ArenaVec<u8>` in `arena` with `len` bytes and returns it.
fn byte_vec<A: bumpkit::Arena>(arena: &A, len: usize) -> ArenaVec<'_, u8, A> {
    let mut v = ArenaVec::new_in(arena);
    v.extend((0..len).map(|i| i as u8));
    v
}

#[test]
fn peak_remembers_a_dropped_newest_vector() {
    let arena = SyncBump::new();
    arena.alloc(1u64);
    let v = byte_vec(&arena, 1000);
    let with_vec = arena.stats().allocated_bytes;
    assert!(with_vec >= 1008);
    drop(v);
    let stats = arena.stats();
    assert_eq!(
        stats.allocated_bytes, 8,
        "the newest vector gave its bytes back"
    );
    assert_eq!(stats.peak_allocated_bytes, with_vec);
}

#[test]
fn peak_remembers_what_shrink_to_fit_and_into_arena_slice_gave_back() {
    let arena = SyncBump::new();
    let mut v = ArenaVec::<u8, _>::with_capacity_in(1000, &arena);
    v.extend_from_slice(&[7; 10]);
    v.shrink_to_fit();
    let stats = arena.stats();
    assert_eq!(
        (stats.allocated_bytes, stats.peak_allocated_bytes),
        (10, 1000)
    );
    let mut w = ArenaVec::<u32, _>::with_capacity_in(1000, &arena);
    w.extend(0..10);
    assert_eq!(w.into_arena_slice().len(), 10);
    let stats = arena.stats();
    assert_eq!(
        (stats.allocated_bytes, stats.peak_allocated_bytes),
        (52, 4012),
        "10 bytes, then 2 of padding before the `u32`s"
    );
}

/// Turns a vector with spare capacity into a slice, then allocates: returns whether the next
/// block starts right after the slice (the spare capacity was given back), and checks the
/// values; `between` allocates something after the vector first when set.
fn gives_back_spare_capacity<A: Arena>(arena: &A, between: bool) -> bool {
    let mut v = ArenaVec::<u64, _>::with_capacity_in(16, arena);
    v.extend([1, 2, 3]);
    let other = between.then(|| ArenaVec::<u8, _>::with_capacity_in(1, arena));
    let slice = v.into_arena_slice();
    let next = ArenaVec::<u64, _>::with_capacity_in(1, arena);
    assert_eq!(slice, [1, 2, 3]);
    drop(other);
    next.as_ptr() as usize == slice.as_ptr() as usize + 3 * size_of::<u64>()
}

#[test]
fn a_threads_newest_block_gives_its_spare_capacity_back_and_only_the_newest() {
    let arena = SyncBump::new();
    // Through `&SyncBump` (the thread's cached block) and through a `local()` handle.
    assert!(gives_back_spare_capacity(&arena, false));
    assert!(!gives_back_spare_capacity(&arena, true));
    let local = arena.local();
    assert!(gives_back_spare_capacity(&local, false));
    assert!(!gives_back_spare_capacity(&local, true));
}

#[test]
fn peak_counts_earlier_chunks_when_a_later_one_gives_back() {
    // Requests over 1 KiB, so that both take the shared path, not a thread's block.
    let arena = Bump::builder()
        .first_chunk_size(4096)
        .max_chunk_size(4096)
        .build_sync();
    arena.alloc([0u8; 3000]);
    let v = byte_vec(&arena, 2000); // does not fit in the first chunk's tail
    let stats = arena.stats();
    assert_eq!(stats.chunk_count, 2);
    let with_vec = stats.allocated_bytes;
    assert!(with_vec >= 5000, "{stats:?}");
    drop(v);
    let stats = arena.stats();
    assert_eq!(
        stats.allocated_bytes, 3000,
        "the first chunk's unused tail is not counted"
    );
    assert_eq!(stats.peak_allocated_bytes, with_vec);
}

#[test]
fn reset_clears_a_peak_set_by_a_give_back() {
    let mut arena = SyncBump::new();
    drop(byte_vec(&arena, 3000));
    assert!(arena.stats().peak_allocated_bytes >= 3000);
    arena.reset();
    assert_eq!(arena.stats().peak_allocated_bytes, 0);
    let v = byte_vec(&arena, 100);
    let with_vec = arena.stats().allocated_bytes;
    drop(v);
    assert_eq!(arena.stats().peak_allocated_bytes, with_vec);
    assert!(with_vec < 3000, "the old peak is gone");
}

#[test]
fn peak_counts_local_blocks_and_what_handles_gave_back_to_the_arena() {
    let arena = SyncBump::new();
    let local = arena.local();
    local.alloc(1u8);
    let carved = arena.stats().allocated_bytes;
    assert!(carved >= 1024);
    // Inside the handle's block nothing reaches the arena's figures.
    drop(byte_vec(&local, 500));
    assert_eq!(arena.stats().allocated_bytes, carved);
    drop(local);
    let stats = arena.stats();
    assert_eq!(
        stats.allocated_bytes, 1,
        "the handle gave its unused tail back"
    );
    assert_eq!(stats.peak_allocated_bytes, carved);
    // A vector bigger than any block goes to the arena itself, and gives its bytes back there.
    let local = arena.local();
    let mut big = ArenaVec::with_capacity_in(6000, &local);
    big.extend_from_slice(&[9u8; 6000]);
    let with_big = arena.stats().allocated_bytes;
    assert_eq!(with_big, 6001);
    drop(big);
    let stats = arena.stats();
    assert_eq!(stats.allocated_bytes, 1);
    assert_eq!(stats.peak_allocated_bytes, with_big);
}

#[test]
fn peak_covers_every_figure_threads_saw_while_vectors_came_and_went() {
    let arena = Bump::builder()
        .first_chunk_size(1024)
        .max_chunk_size(8192)
        .build_sync();
    let seen: Vec<usize> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..4usize)
            .map(|t| {
                let arena = &arena;
                s.spawn(move || {
                    let mut most = 0;
                    // Fewer rounds under Miri, where each byte written is slow.
                    for round in 0..if cfg!(miri) { 10 } else { 300 } {
                        let v = byte_vec(arena, (round * 31 + t * 7) % 900);
                        most = most.max(arena.stats().allocated_bytes);
                        drop(v);
                        let stats = arena.stats();
                        assert!(stats.peak_allocated_bytes >= most, "{stats:?} < {most}");
                    }
                    most
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let peak = arena.stats().peak_allocated_bytes;
    assert!(seen.iter().all(|&most| peak >= most), "{peak} < {seen:?}");
}

/// Threads that grow slices of unknown length at the shared cursor (in place while newest,
/// else moved) and fail fallible fills midway, all at once: every slice keeps its own
/// values, and give-backs never hand out bytes another thread holds.
#[test]
fn threads_grow_and_give_back_slices_at_the_shared_cursor() {
    let arena = SyncBump::new();
    let threads = 4;
    let rounds = if cfg!(miri) { 3 } else { 200 };
    let barrier = Barrier::new(threads);
    std::thread::scope(|s| {
        for t in 0..threads as u64 {
            let (arena, barrier) = (&arena, &barrier);
            s.spawn(move || {
                barrier.wait();
                let mut kept = Vec::new();
                for round in 0..rounds {
                    let tag = (t << 32) | round;
                    let n = 1 + (round as usize * 7 + t as usize) % 40;
                    // Shared arena and a handle, in turn.
                    let slice: &[u64] = if round % 2 == 0 {
                        arena.alloc_slice_from_iter((0..n as u64).map(|i| tag + i).filter(|_| true))
                    } else {
                        arena
                            .local()
                            .alloc_slice_from_iter((0..n as u64).map(|i| tag + i).filter(|_| true))
                    };
                    let failed = arena.alloc_slice_try_fill_with(n, |i| {
                        if i + 1 < n { Ok(u64::MAX) } else { Err(()) }
                    });
                    assert_eq!(failed, Err(()));
                    assert!(arena.alloc_try_with(|| Err::<[u64; 4], _>(())).is_err());
                    kept.push((tag, slice));
                }
                for (tag, slice) in kept {
                    assert!(slice.iter().enumerate().all(|(i, &v)| v == tag + i as u64));
                }
            });
        }
    });
    assert!(arena.remaining() < arena.stats().reserved_bytes);
}
