//! Loom models of `SyncBump`'s fast path racing a chunk refill: every interleaving of the
//! cursor compare-and-swaps, the lock and the publication of a new chunk is explored.
//!
//! Run with `RUSTFLAGS="--cfg loom" cargo test --release --test loom_sync`.
#![cfg(loom)]

use core::alloc::Layout;
use core::ops::Range;

use bumpkit::{Bump, SyncBump};
use loom::sync::Arc;
use loom::thread;

/// Chunks so small that a handful of 32-byte blocks fill one, so refills race the fast path.
fn tiny_arena() -> SyncBump {
    Bump::builder()
        .first_chunk_size(128)
        .max_chunk_size(128)
        .build_sync()
}

/// Explores the interleavings of `f` with at most `preemptions` preemptions (`None`: all).
fn model(preemptions: Option<usize>, f: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = preemptions;
    let runs = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = runs.clone();
    builder.check(move || {
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        f();
    });
    eprintln!(
        "explored {} interleavings",
        runs.load(std::sync::atomic::Ordering::Relaxed)
    );
}

/// Allocates `count` blocks of `size` bytes, filling each with `tag`, and returns their
/// address ranges.
fn take_blocks(alloc: impl Fn(Layout) -> *mut u8, count: usize, tag: u8) -> Vec<Range<usize>> {
    let layout = Layout::from_size_align(32, 16).unwrap();
    (0..count)
        .map(|_| {
            let ptr = alloc(layout);
            // SAFETY: a fresh block of `layout.size()` bytes, ours alone.
            unsafe { ptr.write_bytes(tag, layout.size()) };
            ptr as usize..ptr as usize + layout.size()
        })
        .collect()
}

/// Checks that every block lies inside one chunk, no two blocks overlap, and each still
/// holds its owner's tag.
fn check(arena: &mut SyncBump, blocks: &[(u8, Range<usize>)]) {
    let chunks = arena.chunk_spans_for_loom();
    for (tag, block) in blocks {
        assert!(
            chunks
                .iter()
                .any(|c| c.start <= block.start && block.end <= c.end),
            "block {block:?} lies outside every chunk {chunks:?}"
        );
        for addr in block.clone() {
            // SAFETY: the block is live (the arena is not reset) and was written.
            let byte = unsafe { *(addr as *const u8) };
            assert_eq!(byte, *tag, "block {block:?} was overwritten");
        }
    }
    for (i, (_, a)) in blocks.iter().enumerate() {
        for (_, b) in &blocks[i + 1..] {
            assert!(
                a.end <= b.start || b.end <= a.start,
                "{a:?} and {b:?} overlap"
            );
        }
    }
}

/// Checks that a vector's `buffer` overlaps none of the other thread's blocks (`theirs`,
/// tagged 1), then [`check`]s those.
fn check_beside(arena: Arc<SyncBump>, buffer: Range<usize>, theirs: Vec<Range<usize>>) {
    assert!(
        theirs
            .iter()
            .all(|b| b.end <= buffer.start || buffer.end <= b.start),
        "the vector's buffer overlaps the other thread's block"
    );
    let mut arena = Arc::try_unwrap(arena).unwrap();
    let blocks: Vec<_> = theirs.into_iter().map(|b| (1, b)).collect();
    check(&mut arena, &blocks);
}

#[test]
fn fast_path_racing_a_refill_hands_out_each_block_once() {
    // Every interleaving: about 15k runs.
    model(None, || {
        let arena = Arc::new(tiny_arena());
        let other = {
            let arena = arena.clone();
            thread::spawn(move || take_blocks(|l| arena.alloc_layout(l).as_ptr(), 2, 1))
        };
        let mine = take_blocks(|l| arena.alloc_layout(l).as_ptr(), 2, 2);
        let theirs = other.join().unwrap();
        let mut arena = Arc::try_unwrap(arena).unwrap();
        let blocks: Vec<_> = theirs
            .into_iter()
            .map(|b| (1, b))
            .chain(mine.into_iter().map(|b| (2, b)))
            .collect();
        check(&mut arena, &blocks);
        assert!(
            arena.stats().chunk_count >= 2,
            "the model must cross a refill"
        );
    });
}

#[test]
fn a_local_handle_carving_races_the_shared_fast_path() {
    // All interleavings would be about 250k runs; three preemptions cover a carve, a refill
    // and the handle's give-back racing the other thread's fast path.
    model(Some(3), || {
        let arena = Arc::new(tiny_arena());
        let other = {
            let arena = arena.clone();
            thread::spawn(move || {
                let local = arena.local();
                take_blocks(|l| local.alloc_layout(l).as_ptr(), 2, 1)
            })
        };
        let mine = take_blocks(|l| arena.alloc_layout(l).as_ptr(), 3, 2);
        let theirs = other.join().unwrap();
        let mut arena = Arc::try_unwrap(arena).unwrap();
        let blocks: Vec<_> = theirs
            .into_iter()
            .map(|b| (1, b))
            .chain(mine.into_iter().map(|b| (2, b)))
            .collect();
        check(&mut arena, &blocks);
    });
}

#[test]
fn a_vector_growing_in_place_races_another_threads_allocation() {
    // Every interleaving: the grow's compare-and-swap from the buffer's end either wins (in
    // place) or loses to the other thread's block (and the buffer moves).
    model(None, || {
        let arena = Arc::new(tiny_arena());
        let other = {
            let arena = arena.clone();
            thread::spawn(move || take_blocks(|l| arena.alloc_layout(l).as_ptr(), 1, 1))
        };
        let mut v = bumpkit::ArenaVec::with_capacity_in(2, &*arena);
        v.extend([7u64, 7]);
        v.push(7);
        let buffer = v.as_ptr() as usize..v.as_ptr() as usize + v.capacity() * 8;
        let theirs = other.join().unwrap();
        assert_eq!(v, [7, 7, 7]);
        drop(v);
        check_beside(arena, buffer, theirs);
    });
}

#[test]
fn a_vector_outgrowing_its_threads_block_races_another_threads_carve() {
    // The vector fills its thread's 64-byte block, then grows past it: extending the block
    // (a compare-and-swap from the block's end) either wins, or loses to the other thread's
    // carve and the buffer moves. Every interleaving; both outcomes happen.
    static IN_PLACE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    static MOVED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    model(None, || {
        let arena = Arc::new(Bump::builder().first_chunk_size(512).build_sync());
        let other = {
            let arena = arena.clone();
            thread::spawn(move || take_blocks(|l| arena.alloc_layout(l).as_ptr(), 1, 1))
        };
        let mut v = bumpkit::ArenaVec::with_capacity_in(4, &*arena);
        v.extend([7u64; 4]);
        v.reserve_exact(4);
        v.extend([7u64; 4]);
        let filled = v.as_ptr();
        v.reserve_exact(4);
        v.extend([7u64; 4]);
        let outcome = if v.as_ptr() == filled {
            &IN_PLACE
        } else {
            &MOVED
        };
        outcome.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let buffer = v.as_ptr() as usize..v.as_ptr() as usize + v.capacity() * 8;
        let theirs = other.join().unwrap();
        assert_eq!(v, [7; 12]);
        drop(v);
        check_beside(arena, buffer, theirs);
    });
    assert!(IN_PLACE.load(std::sync::atomic::Ordering::Relaxed) > 0);
    assert!(MOVED.load(std::sync::atomic::Ordering::Relaxed) > 0);
}

#[test]
fn the_peak_keeps_a_give_back_racing_another_threads_allocations() {
    // Three preemptions cover the give-back's peak raise and compare-and-swap racing the
    // other thread's claims, its refill and its reading of the figures.
    model(Some(3), || {
        let arena = Arc::new(tiny_arena());
        let other = {
            let arena = arena.clone();
            thread::spawn(move || {
                let blocks = take_blocks(|l| arena.alloc_layout(l).as_ptr(), 2, 1);
                let seen = arena.stats();
                assert!(seen.peak_allocated_bytes >= seen.allocated_bytes);
                (blocks, seen)
            })
        };
        let mut v = bumpkit::ArenaVec::<u64, _>::with_capacity_in(4, &*arena);
        v.extend([1, 2, 3, 4]);
        let with_vec = arena.stats();
        drop(v);
        let after = arena.stats();
        assert!(
            after.peak_allocated_bytes
                >= with_vec.allocated_bytes.max(with_vec.peak_allocated_bytes),
            "{with_vec:?} -> {after:?}"
        );
        let (theirs, seen) = other.join().unwrap();
        let mut arena = Arc::try_unwrap(arena).unwrap();
        let last = arena.stats();
        assert!(last.peak_allocated_bytes >= after.peak_allocated_bytes);
        assert!(last.peak_allocated_bytes >= seen.allocated_bytes.max(seen.peak_allocated_bytes));
        let blocks: Vec<_> = theirs.into_iter().map(|b| (1, b)).collect();
        check(&mut arena, &blocks);
    });
}

#[test]
fn per_thread_blocks_race_a_refill_and_go_stale_on_reset() {
    // Both threads allocate through `&SyncBump`, so each carves a block into its thread-local
    // cache (blocks of 32-64 bytes under loom) while the other carves or refills. After the
    // reset the main thread's cached block is stale: it must carve afresh, never reuse it.
    // Every interleaving.
    model(None, || {
        let mut arena = tiny_arena();
        for round in 0..2u8 {
            let shared = Arc::new(arena);
            let other = {
                let arena = shared.clone();
                thread::spawn(move || {
                    take_blocks(|l| arena.alloc_layout(l).as_ptr(), 2, 2 * round + 1)
                })
            };
            let mine = take_blocks(|l| shared.alloc_layout(l).as_ptr(), 2, 2 * round + 2);
            let theirs = other.join().unwrap();
            arena = Arc::try_unwrap(shared).unwrap();
            let blocks: Vec<_> = theirs
                .into_iter()
                .map(|b| (2 * round + 1, b))
                .chain(mine.into_iter().map(|b| (2 * round + 2, b)))
                .collect();
            check(&mut arena, &blocks);
            assert!(arena.stats().allocated_bytes >= 4 * 32);
            arena.reset();
            assert_eq!(arena.stats().allocated_bytes, 0);
        }
    });
}

#[test]
fn a_large_request_takes_the_shared_path_racing_a_carve() {
    // 48-byte requests are over the loom block minimum, so they bump the shared cursor by
    // compare-and-swap while the other thread carves a block for its 32-byte ones. Every
    // interleaving.
    model(None, || {
        let arena = Arc::new(tiny_arena());
        let other = {
            let arena = arena.clone();
            thread::spawn(move || take_blocks(|l| arena.alloc_layout(l).as_ptr(), 2, 1))
        };
        let big = Layout::from_size_align(48, 16).unwrap();
        let mine: Vec<_> = (0..2)
            .map(|_| {
                let ptr = arena.alloc_layout(big).as_ptr();
                // SAFETY: a fresh block of 48 bytes, ours alone.
                unsafe { ptr.write_bytes(2, big.size()) };
                ptr as usize..ptr as usize + big.size()
            })
            .collect();
        let theirs = other.join().unwrap();
        let mut arena = Arc::try_unwrap(arena).unwrap();
        let blocks: Vec<_> = theirs
            .into_iter()
            .map(|b| (1, b))
            .chain(mine.into_iter().map(|b| (2, b)))
            .collect();
        check(&mut arena, &blocks);
    });
}
