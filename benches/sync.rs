//! Thread-safe arenas: `SyncBump` against `Bump`, `Mutex<bumpalo::Bump>` and blink-alloc's
//! `SyncBlinkAlloc`, on one thread and on two threads at once.
//!
//! One round allocates a `u64` 1000 times. Each thread times only its own rounds, which start
//! together at a spinning start line (a round takes about a microsecond, less than a blocked
//! thread takes to wake from `std::sync::Barrier`, so with a sleeping barrier the threads of
//! "two at once" would mostly take turns and a lock would never be contended); the arena is
//! reset between rounds while the threads wait, so thread start-up and resets are not
//! measured. The figure is the slowest thread's total. Both groups run the same arenas
//! through the same harness, so their figures compare.
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented pub fn"
)]

use core::alloc::Layout;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Barrier, Mutex, RwLock};
use std::time::{Duration, Instant};

use blink_alloc::SyncBlinkAlloc;
use bumpkit::{Bump, SyncBump};
use criterion::measurement::WallTime;
use criterion::{BenchmarkGroup, Criterion, Throughput, criterion_group, criterion_main};

const ROUND: u64 = 1000;

/// Times `f` once.
fn timed(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

/// Writes 1 into the `u64` block `ptr` points to, and hides it from the optimiser.
fn fill_u64(ptr: core::ptr::NonNull<u8>) {
    let ptr = ptr.cast::<u64>();
    // SAFETY: the block was allocated for a `u64` and is ours alone.
    unsafe { ptr.write(1) };
    black_box(ptr);
}

/// Where the threads of a group start each round together: they spin (no sleeping, so all
/// leave within a few hundred nanoseconds of the last arrival), yielding now and then in
/// case a waiting thread was descheduled.
struct StartLine {
    arrived: AtomicU64,
    threads: u64,
}

impl StartLine {
    fn new(threads: usize) -> Self {
        Self {
            arrived: AtomicU64::new(0),
            threads: threads as u64,
        }
    }

    /// Waits until every thread has arrived for round `round` (counted from 0).
    fn wait(&self, round: u64) {
        self.arrived.fetch_add(1, Ordering::AcqRel);
        let everyone = self.threads * (round + 1);
        let mut spins = 0u32;
        while self.arrived.load(Ordering::Acquire) < everyone {
            spins += 1;
            if spins % 4096 == 0 {
                std::thread::yield_now();
            } else {
                std::hint::spin_loop();
            }
        }
    }
}

/// Runs `iters` rounds on `threads` threads: all start a round together at a [`StartLine`],
/// `round(thread)` returns the time it measured, and once all are done `between` runs on
/// thread 0 alone. Returns the slowest thread's total.
fn on_threads(
    threads: usize,
    iters: u64,
    round: impl Fn(usize) -> Duration + Sync,
    between: impl Fn() + Sync,
) -> Duration {
    let start = StartLine::new(threads);
    let barrier = Barrier::new(threads);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|thread| {
                let (start, barrier, round, between) = (&start, &barrier, &round, &between);
                s.spawn(move || {
                    let mut total = Duration::ZERO;
                    for i in 0..iters {
                        start.wait(i);
                        total += round(thread);
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

/// Allocates a `u64` `ROUND` times through `alloc` and returns the time it took.
fn timed_round(alloc: impl Fn()) -> Duration {
    timed(|| {
        for _ in 0..ROUND {
            alloc();
        }
    })
}

/// Registers `name` in `group`: on `threads` threads at once, each round runs
/// `round(&arena, thread)`, and `reset(&arena)` runs between rounds.
fn bench_on_threads<A: Sync>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    name: &str,
    threads: usize,
    arena: A,
    round: impl Fn(&A, usize) -> Duration + Sync,
    reset: impl Fn(&A) + Sync,
) {
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            on_threads(
                threads,
                iters,
                |thread| round(&arena, thread),
                || reset(&arena),
            )
        });
    });
}

/// One group: every arena on `threads` threads at once, shared or one per thread.
fn all_arenas(c: &mut Criterion, group_name: &str, threads: usize) {
    let mut group = c.benchmark_group(group_name);
    group.throughput(Throughput::Elements(ROUND));
    bench_on_threads(
        &mut group,
        "bumpkit::SyncBump shared",
        threads,
        RwLock::new(SyncBump::new()),
        |arena, _| {
            let arena = arena.read().unwrap();
            timed_round(|| {
                black_box(arena.alloc(1u64));
            })
        },
        |arena| arena.write().unwrap().reset(),
    );
    bench_on_threads(
        &mut group,
        "bumpkit::SyncBump local()",
        threads,
        RwLock::new(SyncBump::new()),
        |arena, _| {
            let arena = arena.read().unwrap();
            let local = arena.local();
            timed_round(|| {
                black_box(local.alloc(1u64));
            })
        },
        |arena| arena.write().unwrap().reset(),
    );
    bench_on_threads(
        &mut group,
        "blink_alloc::SyncBlinkAlloc shared",
        threads,
        RwLock::new(SyncBlinkAlloc::new()),
        |arena, _| {
            let arena = arena.read().unwrap();
            timed_round(|| fill_u64(arena.allocate(Layout::new::<u64>()).unwrap().cast()))
        },
        |arena| arena.write().unwrap().reset(),
    );
    bench_on_threads(
        &mut group,
        "blink_alloc::SyncBlinkAlloc local()",
        threads,
        RwLock::new(SyncBlinkAlloc::new()),
        |arena, _| {
            let arena = arena.read().unwrap();
            let local = arena.local();
            timed_round(|| fill_u64(local.allocate(Layout::new::<u64>()).unwrap().cast()))
        },
        |arena| arena.write().unwrap().reset(),
    );
    bench_on_threads(
        &mut group,
        "Mutex<bumpalo::Bump>",
        threads,
        Mutex::new(bumpalo::Bump::new()),
        |arena, _| {
            timed_round(|| {
                black_box(arena.lock().unwrap().alloc(1u64));
            })
        },
        |arena| arena.lock().unwrap().reset(),
    );
    bench_on_threads(
        &mut group,
        "bumpkit::Bump per thread",
        threads,
        (0..threads)
            .map(|_| Mutex::new(Bump::new()))
            .collect::<Vec<_>>(),
        |arenas, thread| {
            let arena = arenas[thread].lock().unwrap();
            timed_round(|| {
                black_box(arena.alloc(1u64));
            })
        },
        |arenas| arenas.iter().for_each(|a| a.lock().unwrap().reset()),
    );
    group.finish();
}

fn one_thread(c: &mut Criterion) {
    all_arenas(c, "sync_one_thread_u64_x1000", 1);
}

fn two_threads_at_once(c: &mut Criterion) {
    all_arenas(c, "sync_two_threads_u64_x1000", 2);
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = one_thread, two_threads_at_once
}
criterion_main!(benches);
