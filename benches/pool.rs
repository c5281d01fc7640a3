//! Pools of arenas: bumpkit's `ArenaPool` against bump-scope's `BumpPool` and bumpalo-herd's
//! `Herd`, uncontended and on two threads at once.
//!
//! One round is 1000 requests. A request gets an arena from the pool, optionally allocates
//! 1 KiB in it, and gives it back, freeing what it allocated the way each pool allows:
//! `ArenaPool`'s guard resets its arena on drop; bump-scope's guard is used through a scope
//! (`scoped`), which rewinds on exit; bumpalo-herd cannot reset one arena, so its whole herd
//! is reset between rounds (not timed). Each thread times only its own rounds, which start
//! after a barrier; the figure is the slowest thread's total.
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented pub fn"
)]

use core::alloc::Layout;
use std::hint::black_box;
use std::ptr::NonNull;
use std::sync::{Barrier, RwLock};
use std::time::{Duration, Instant};

use bumpalo_herd::Herd;
use bumpkit::ArenaPool;
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};

const ROUND: u64 = 1000;
const KIB: Layout = match Layout::from_size_align(1024, 8) {
    Ok(layout) => layout,
    Err(_) => panic!("a valid layout"),
};

/// Writes the block's first byte and hides it from the optimiser.
fn touch(ptr: NonNull<u8>) {
    // SAFETY: the block was just allocated with at least one byte and is ours alone.
    unsafe { ptr.write(1) };
    black_box(ptr);
}

/// Runs `request` `ROUND` times and returns the time it took.
fn timed_round(mut request: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..ROUND {
        request();
    }
    start.elapsed()
}

/// Runs `iters` rounds on `threads` threads: all start a round at a barrier, `round()`
/// returns the time it measured, and once all are done `between` runs on thread 0 alone.
/// Returns the slowest thread's total.
fn on_threads(
    threads: usize,
    iters: u64,
    round: impl Fn() -> Duration + Sync,
    between: impl Fn() + Sync,
) -> Duration {
    let barrier = Barrier::new(threads);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|thread| {
                let (barrier, round, between) = (&barrier, &round, &between);
                s.spawn(move || {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        barrier.wait();
                        total += round();
                        barrier.wait();
                        if thread == 0 {
                            between();
                        }
                    }
                    total
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap())
            .max()
            .unwrap()
    })
}

/// Registers `name` in `group`: rounds of `round(&pool)` on `threads` threads at once, with
/// `between(&pool)` after each.
fn bench_pool<P: Sync>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    threads: usize,
    pool: P,
    round: impl Fn(&P) -> Duration + Sync,
    between: impl Fn(&P) + Sync,
) {
    group.bench_function(name, |b| {
        b.iter_custom(|iters| on_threads(threads, iters, || round(&pool), || between(&pool)));
    });
}

/// One group: the three pools on `threads` threads, each request allocating 1 KiB or not.
fn all_pools(c: &mut Criterion, group_name: &str, threads: usize, alloc: bool) {
    let mut group = c.benchmark_group(group_name);
    group.throughput(Throughput::Elements(ROUND));
    bench_pool(
        &mut group,
        "bumpkit::ArenaPool",
        threads,
        ArenaPool::new(),
        |pool| {
            timed_round(|| {
                let arena = pool.get();
                if alloc {
                    touch(arena.alloc_layout(KIB));
                }
                black_box(&arena);
            })
        },
        |_| {},
    );
    bench_pool(
        &mut group,
        "bump_scope::BumpPool",
        threads,
        bump_scope::BumpPool::<bump_scope::alloc::Global>::new(),
        |pool| {
            timed_round(|| {
                let mut arena = pool.get();
                arena.scoped(|scope| {
                    if alloc {
                        touch(scope.alloc_layout(KIB));
                    }
                    black_box(&scope);
                });
            })
        },
        |_| {},
    );
    bench_pool(
        &mut group,
        "bumpalo_herd::Herd",
        threads,
        RwLock::new(Herd::new()),
        |herd| {
            let herd = herd.read().unwrap();
            timed_round(|| {
                let member = herd.get();
                if alloc {
                    touch(member.alloc_layout(KIB));
                }
                black_box(&member);
            })
        },
        |herd| herd.write().unwrap().reset(),
    );
    group.finish();
}

fn uncontended(c: &mut Criterion) {
    all_pools(c, "pool_get_drop_one_thread_x1000", 1, false);
}

fn two_threads(c: &mut Criterion) {
    all_pools(c, "pool_get_alloc_1kib_drop_two_threads_x1000", 2, true);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = uncontended, two_threads
}
criterion_main!(benches);
