//! ArenaPool: warm reuse, the idle caps, statistics, panics inside a guard's scope, many
//! threads at once, a guard held across `.await`, and auto traits.
//!
//! That a warm get + work + drop makes no heap allocation is checked in
//! tests/arena_pool_alloc.rs, which has its own counting global allocator.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use bumpkit::{ArenaGuard, ArenaPool, ArenaPoolStats, ArenaVec, Bump};
use static_assertions::{assert_impl_all, assert_not_impl_any};

use crate::common::{INJECTED, Log, quiet_injected_panics};

assert_impl_all!(ArenaPool: Send, Sync, Default, core::fmt::Debug);
assert_not_impl_any!(ArenaPool: Clone);
assert_impl_all!(ArenaGuard<'static>: Send, core::fmt::Debug, core::ops::DerefMut<Target = Bump>);
assert_not_impl_any!(ArenaGuard<'static>: Sync, Clone);
assert_impl_all!(ArenaPoolStats: Send, Sync, Copy, Default, Eq, core::hash::Hash);

fn chunk_start(arena: &Bump) -> usize {
    core::ptr::from_mut(arena.alloc(0u8)) as usize
}

#[test]
fn warm_get_returns_the_same_chunks_reset() {
    let pool = ArenaPool::new();
    let arena = pool.get();
    let first = chunk_start(&arena);
    arena.alloc_slice_fill_copy(3000, 7u8);
    let reserved = arena.stats().reserved_bytes;
    drop(arena);
    for _ in 0..10 {
        let arena = pool.get();
        assert_eq!(arena.stats().allocated_bytes, 0, "returned reset");
        assert_eq!(arena.stats().reserved_bytes, reserved, "chunks kept");
        assert_eq!(chunk_start(&arena), first, "the same chunk comes back");
        arena.alloc_slice_fill_copy(3000, 7u8);
    }
    let stats = pool.stats();
    assert_eq!((stats.gets, stats.created, stats.reuses), (11, 1, 10));
    assert_eq!(
        (stats.idle, stats.idle_bytes, stats.in_use),
        (1, reserved, 0)
    );
}

#[test]
fn a_returned_arena_keeps_one_chunk_that_fits_its_last_round() {
    let pool = ArenaPool::with_builder(Bump::builder().first_chunk_size(1024).max_chunk_size(1024));
    let round = |arena: &Bump| {
        for _ in 0..20 {
            arena.alloc([0u8; 512]);
        }
    };
    let arena = pool.get();
    round(&arena);
    assert!(arena.stats().chunk_count > 1);
    drop(arena);
    let arena = pool.get();
    let reserved = arena.stats().reserved_bytes;
    assert_eq!(
        (arena.stats().chunk_count, arena.stats().allocated_bytes),
        (1, 0)
    );
    round(&arena);
    assert_eq!(
        (arena.stats().chunk_count, arena.stats().reserved_bytes),
        (1, reserved),
        "the same round fits the kept chunk"
    );
}

#[test]
fn idle_arenas_are_capped_by_max_idle() {
    let pool = ArenaPool::new().max_idle(3);
    let guards: Vec<_> = (0..10).map(|_| pool.get()).collect();
    for g in &guards {
        g.alloc(1u64);
    }
    assert_eq!(pool.stats().peak_in_use, 10);
    drop(guards);
    let stats = pool.stats();
    assert_eq!((stats.idle, stats.discarded, stats.in_use), (3, 7, 0));
    let guards: Vec<_> = (0..5).map(|_| pool.get()).collect();
    let stats = pool.stats();
    assert_eq!((stats.reuses, stats.created, stats.idle), (3, 12, 0));
    drop(guards);
    assert_eq!(pool.stats().idle, 3);

    let none = ArenaPool::new().max_idle(0);
    drop(none.get());
    assert_eq!((none.stats().idle, none.stats().discarded), (0, 1));
}

#[test]
fn an_arena_over_max_idle_bytes_is_dropped_on_return() {
    let pool = ArenaPool::new().max_idle_bytes(16 << 10);
    // A small request: its arena is kept.
    pool.get().alloc_slice_fill_copy(1000, 1u8);
    let kept = pool.stats();
    assert_eq!((kept.idle, kept.discarded), (1, 0));
    assert!(kept.idle_bytes <= 16 << 10);
    // A big request on the warm arena: it grows past the cap and is dropped, not kept.
    let arena = pool.get();
    // Not written: the chunk's size is what counts (and Miri stays quick).
    arena.alloc_layout(std::alloc::Layout::from_size_align(64 << 10, 1).unwrap());
    drop(arena);
    let stats = pool.stats();
    assert_eq!((stats.idle, stats.idle_bytes, stats.discarded), (0, 0, 1));
    // The next request starts small again.
    let arena = pool.get();
    assert_eq!(arena.stats().reserved_bytes, 0);
}

#[test]
fn shrink_to_and_clear_drop_idle_arenas() {
    let pool = ArenaPool::new();
    let guards: Vec<_> = (0..6).map(|_| pool.get()).collect();
    for g in &guards {
        g.alloc(1u32);
    }
    drop(guards);
    pool.shrink_to(10);
    assert_eq!(pool.stats().idle, 6);
    pool.shrink_to(4);
    assert_eq!((pool.stats().idle, pool.stats().discarded), (4, 2));
    let held = pool.get();
    pool.clear();
    let stats = pool.stats();
    assert_eq!(
        (stats.idle, stats.idle_bytes, stats.discarded, stats.in_use),
        (0, 0, 5, 1)
    );
    drop(held);
    assert_eq!(
        pool.stats().idle,
        1,
        "a guard out during clear still comes back"
    );
}

#[test]
fn builder_settings_apply_to_every_arena_and_the_limit_comes_back() {
    let builder = Bump::builder()
        .first_chunk_size(2048)
        .max_chunk_size(2048)
        .capacity(1000)
        .allocation_limit(Some(8 << 10));
    let pool = ArenaPool::with_builder(builder);
    let (a, b) = (pool.get(), pool.get());
    for arena in [&a, &b] {
        assert_eq!(arena.stats().chunk_count, 1);
        assert!(arena.stats().reserved_bytes <= 2048);
        assert_eq!(arena.allocation_limit(), Some(8 << 10));
        assert!(arena.try_alloc_slice_fill_copy(16 << 10, 0u8).is_err());
    }
    b.set_allocation_limit(None);
    drop((a, b));
    for _ in 0..2 {
        let arena = pool.get();
        assert_eq!(
            arena.allocation_limit(),
            Some(8 << 10),
            "the builder's limit is restored"
        );
    }
}

#[test]
fn try_get_reports_an_arena_that_cannot_be_built() {
    let pool = ArenaPool::with_builder(Bump::builder().capacity(usize::MAX));
    assert!(pool.try_get().is_err());
    let pool = ArenaPool::with_builder(
        Bump::builder()
            .capacity(1 << 20)
            .allocation_limit(Some(1 << 10)),
    );
    assert!(pool.try_get().is_err());
    let stats = pool.stats();
    assert_eq!((stats.gets, stats.created, stats.in_use), (0, 0, 0));
}

#[test]
fn get_panics_when_an_arena_cannot_be_built() {
    let pool = ArenaPool::with_builder(Bump::builder().capacity(usize::MAX));
    let message = crate::common::panic_message(catch_unwind(AssertUnwindSafe(|| {
        pool.get();
    })));
    assert!(message.starts_with("bumpkit:"), "{message}");
}

#[test]
fn a_panic_in_a_guards_scope_returns_the_arena_reset() {
    quiet_injected_panics();
    let pool = ArenaPool::new();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut arena = pool.get();
        arena.alloc_slice_fill_copy(500, 3u8);
        // A scope open while the panic unwinds through it.
        arena.scope(|scope| {
            scope.alloc(5u64);
            std::panic::panic_any(INJECTED);
        });
    }));
    assert!(result.is_err());
    let stats = pool.stats();
    assert_eq!((stats.idle, stats.in_use), (1, 0));
    let arena = pool.get();
    assert_eq!(arena.stats().allocated_bytes, 0);
    assert_eq!(*arena.alloc(9u64), 9, "the returned arena works");
}

#[test]
fn a_panic_while_collections_borrow_the_guard_drops_them_first() {
    quiet_injected_panics();
    let pool = ArenaPool::new();
    let log = Log::new();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let arena = pool.get();
        let mut v = ArenaVec::new_in(&*arena);
        v.extend((0..50).map(|i| log.make(i)));
        std::panic::panic_any(INJECTED);
    }));
    assert!(result.is_err());
    log.assert_all_dropped_once();
    assert_eq!(pool.get().stats().allocated_bytes, 0);
}

#[test]
fn eight_threads_get_allocate_and_return_with_contents_checked() {
    let pool = ArenaPool::new();
    // 30 per thread under Miri (100, a thousandth, took 41 s there) still mix the threads.
    let n = if cfg!(miri) { 30 } else { 100_000 };
    std::thread::scope(|s| {
        for t in 0..8u64 {
            let pool = &pool;
            s.spawn(move || {
                for round in 0..n as u64 {
                    let arena = pool.get();
                    assert_eq!(arena.stats().allocated_bytes, 0, "every arena comes reset");
                    let tag = (t << 32) | round;
                    let words =
                        arena.alloc_slice_fill_with(8 + (round % 64) as usize, |i| tag ^ i as u64);
                    let mut v = ArenaVec::new_in(&*arena);
                    v.extend(0..16u64);
                    for (i, w) in words.iter().enumerate() {
                        assert_eq!(*w, tag ^ i as u64, "no other thread wrote here");
                    }
                    assert_eq!(v.iter().sum::<u64>(), 120);
                }
            });
        }
    });
    let stats = pool.stats();
    assert_eq!(stats.gets, 8 * n);
    assert_eq!(stats.reuses + stats.created, 8 * n);
    assert_eq!(stats.in_use, 0);
    // A get that races the return of the last idle arena may create one more, so the peak
    // is bounded by what was created, not by the thread count.
    assert!(stats.peak_in_use >= 1 && stats.peak_in_use <= stats.created);
    assert!(stats.created <= 8 * n);
    assert_eq!(stats.idle, stats.created - stats.discarded);
}

/// Polls `fut` once on this thread, then finishes it on another: a guard held across the
/// `.await` moves threads, as in a work-stealing runtime.
fn run_across_threads<F: Future<Output = u64> + Send>(fut: F) -> u64 {
    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }
    let waker = Waker::from(Arc::new(Noop));
    let mut fut = Box::pin(fut);
    let first = fut.as_mut().poll(&mut Context::from_waker(&waker));
    assert!(first.is_pending());
    std::thread::scope(|s| {
        s.spawn(move || {
            let waker = Waker::from(Arc::new(Noop));
            loop {
                if let Poll::Ready(v) = fut.as_mut().poll(&mut Context::from_waker(&waker)) {
                    return v;
                }
            }
        })
        .join()
        .unwrap()
    })
}

/// Pending once, then ready.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

#[test]
fn a_guard_held_across_await_moves_between_threads() {
    let pool = ArenaPool::new();
    let sum = run_across_threads(async {
        let arena = pool.get();
        // Blocks allocated before the `.await` are used after it, on the other thread. (A
        // collection that borrows the `Bump` cannot be held across it: `&Bump` is not `Send`.)
        let before = arena.alloc_slice_fill_with(100, |i| i as u64);
        YieldOnce(false).await;
        let after = arena.alloc(1000u64);
        let mut v = ArenaVec::new_in(&*arena);
        v.extend_from_slice(before);
        v.push(*after);
        v.iter().sum()
    });
    assert_eq!(sum, 4950 + 1000);
    let stats = pool.stats();
    assert_eq!((stats.idle, stats.in_use), (1, 0));
}

#[test]
fn guards_deref_to_their_arena() {
    let pool = ArenaPool::default();
    let mut arena = pool.get();
    let x: &mut u32 = arena.as_ref().alloc(5);
    *x += 1;
    assert_eq!(*x, 6);
    arena.as_mut().reset();
    assert_eq!(arena.stats().allocated_bytes, 0);
    assert!(format!("{arena:?}").starts_with("ArenaGuard"));
    assert!(format!("{pool:?}").starts_with("ArenaPool"));
}
