//! A warm `ArenaPool::get` + work + drop makes no heap allocation: a global allocator counts
//! the allocations of the thread that opened a counting window.
//!
//! Runs without the test harness, so nothing else allocates on the measuring thread.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use bumpkit::{ArenaPool, ArenaString, ArenaVec};

/// Counts this thread's allocations while its window is open.
struct Counting;

std::thread_local! {
    static WINDOW: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<usize> = const { Cell::new(0) };
}

fn note_allocation() {
    // `try_with`: the allocator also runs while thread locals are being torn down.
    let _ = WINDOW.try_with(|open| {
        if open.get() {
            let _ = COUNT.try_with(|n| n.set(n.get() + 1));
        }
    });
}

// SAFETY: forwards to `System` unchanged; the counting touches only const-initialised thread
// locals, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: every block was allocated by `System` above.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_allocation();
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Runs `f` and returns how many allocations this thread made in it.
fn allocations_in(f: impl FnOnce()) -> usize {
    COUNT.with(|n| n.set(0));
    WINDOW.with(|open| open.set(true));
    f();
    WINDOW.with(|open| open.set(false));
    COUNT.with(Cell::get)
}

/// One request's work: a vector, a string, a slice, all in the pooled arena.
fn request(pool: &ArenaPool, round: u64) -> u64 {
    let arena = pool.get();
    let mut v = ArenaVec::new_in(&*arena);
    v.extend((0..500).map(|i| i * round));
    let mut s = ArenaString::new_in(&*arena);
    for i in 0..100 {
        s.push_str(if i % 2 == 0 { "even," } else { "odd," });
    }
    let words = arena.alloc_slice_fill_with(300, |i| i as u64 + round);
    v.iter().sum::<u64>() + s.len() as u64 + words[299]
}

fn warm_get_work_drop_allocates_nothing() {
    let pool = ArenaPool::new();
    // Warm-up: the pool's shard list and the arena's chunks.
    let warm: u64 = (0..3).map(|round| request(&pool, round)).sum();
    let mut total = 0;
    let count = allocations_in(|| {
        for round in 0..1000 {
            total += request(&pool, round);
        }
    });
    assert!(warm > 0 && total > 0);
    assert_eq!(count, 0, "warm rounds allocated {count} times");
    let stats = pool.stats();
    assert_eq!((stats.created, stats.reuses), (1, 1002));
}

fn warm_pool_across_threads_allocates_nothing_per_request() {
    let pool = ArenaPool::new();
    let counts: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    for round in 0..10 {
                        request(&pool, round);
                    }
                    allocations_in(|| {
                        for round in 0..1000 {
                            request(&pool, round);
                        }
                    })
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    // A thread may still create an arena when every idle one is out (at most one per thread
    // in use at once), or grow a shard's list once; after that, nothing.
    for count in counts {
        assert!(
            count <= 8,
            "a thread allocated {count} times in 1000 warm requests"
        );
    }
}

fn main() {
    warm_get_work_drop_allocates_nothing();
    println!("warm_get_work_drop_allocates_nothing ... ok");
    warm_pool_across_threads_allocates_nothing_per_request();
    println!("warm_pool_across_threads_allocates_nothing_per_request ... ok");
    println!("2 passed, 0 failed");
}
