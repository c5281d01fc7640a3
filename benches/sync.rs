//! Thread-safe arenas: `SyncBump` against `Bump`, `Mutex<bumpalo::Bump>` and blink-alloc's
//! `SyncBlinkAlloc`, on one thread and on two threads at once.
//!
//! One round allocates a `u64` 1000 times. Each thread times only its own rounds, which start
//! after a barrier; the arena is reset between rounds while the threads wait, so thread
//! start-up and resets are not measured. The figure is the slowest thread's total. Both
//! groups use the same harness, so their figures compare.
#![allow(
    missing_docs,
    reason = "criterion_group! generates an undocumented pub fn"
)]

use core::alloc::Layout;
use std::hint::black_box;
use std::sync::{Barrier, Mutex, RwLock};
use std::time::{Duration, Instant};

use blink_alloc::SyncBlinkAlloc;
use bumpkit::{Bump, SyncBump};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

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

fn one_thread(c: &mut Criterion) {
    let mut group = c.benchmark_group("sync_one_thread_u64_x1000");
    group.throughput(Throughput::Elements(ROUND));
    group.bench_function("bumpkit::SyncBump", |b| {
        let arena = RwLock::new(SyncBump::new());
        b.iter_custom(|iters| {
            on_threads(
                1,
                iters,
                |_| {
                    let arena = arena.read().unwrap();
                    timed(|| {
                        for _ in 0..ROUND {
                            black_box(arena.alloc(1u64));
                        }
                    })
                },
                || arena.write().unwrap().reset(),
            )
        });
    });
    group.bench_function("bumpkit::SyncBump local()", |b| {
        let arena = RwLock::new(SyncBump::new());
        b.iter_custom(|iters| {
            on_threads(
                1,
                iters,
                |_| {
                    let arena = arena.read().unwrap();
                    let local = arena.local();
                    timed(|| {
                        for _ in 0..ROUND {
                            black_box(local.alloc(1u64));
                        }
                    })
                },
                || arena.write().unwrap().reset(),
            )
        });
    });
    group.bench_function("bumpkit::Bump", |b| {
        let arena = Mutex::new(Bump::new());
        b.iter_custom(|iters| {
            on_threads(
                1,
                iters,
                |_| {
                    let arena = arena.lock().unwrap();
                    timed(|| {
                        for _ in 0..ROUND {
                            black_box(arena.alloc(1u64));
                        }
                    })
                },
                || arena.lock().unwrap().reset(),
            )
        });
    });
    group.bench_function("Mutex<bumpalo::Bump>", |b| {
        let arena = Mutex::new(bumpalo::Bump::new());
        b.iter_custom(|iters| {
            on_threads(
                1,
                iters,
                |_| {
                    timed(|| {
                        for _ in 0..ROUND {
                            black_box(arena.lock().unwrap().alloc(1u64));
                        }
                    })
                },
                || arena.lock().unwrap().reset(),
            )
        });
    });
    group.bench_function("blink_alloc::SyncBlinkAlloc", |b| {
        let arena = RwLock::new(SyncBlinkAlloc::new());
        b.iter_custom(|iters| {
            on_threads(
                1,
                iters,
                |_| {
                    let arena = arena.read().unwrap();
                    timed(|| {
                        for _ in 0..ROUND {
                            fill_u64(arena.allocate(Layout::new::<u64>()).unwrap().cast());
                        }
                    })
                },
                || arena.write().unwrap().reset(),
            )
        });
    });
    group.finish();
}

/// Runs `iters` rounds on `threads` threads: all start a round at a barrier,
/// `round(thread)` returns the time it measured, and once all are done `between` runs on
/// thread 0 alone. Returns the slowest thread's total.
fn on_threads(
    threads: usize,
    iters: u64,
    round: impl Fn(usize) -> Duration + Sync,
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

fn two_threads_at_once(c: &mut Criterion) {
    let mut group = c.benchmark_group("sync_two_threads_u64_x1000");
    group.throughput(Throughput::Elements(ROUND));
    group.bench_function("bumpkit::SyncBump shared", |b| {
        let arena = RwLock::new(SyncBump::new());
        b.iter_custom(|iters| {
            on_threads(
                2,
                iters,
                |_| {
                    let arena = arena.read().unwrap();
                    timed(|| {
                        for _ in 0..ROUND {
                            black_box(arena.alloc(1u64));
                        }
                    })
                },
                || arena.write().unwrap().reset(),
            )
        });
    });
    group.bench_function("bumpkit::SyncBump local()", |b| {
        let arena = RwLock::new(SyncBump::new());
        b.iter_custom(|iters| {
            on_threads(
                2,
                iters,
                |_| {
                    let arena = arena.read().unwrap();
                    let local = arena.local();
                    timed(|| {
                        for _ in 0..ROUND {
                            black_box(local.alloc(1u64));
                        }
                    })
                },
                || arena.write().unwrap().reset(),
            )
        });
    });
    group.bench_function("blink_alloc::SyncBlinkAlloc shared", |b| {
        let arena = RwLock::new(SyncBlinkAlloc::new());
        b.iter_custom(|iters| {
            on_threads(
                2,
                iters,
                |_| {
                    let arena = arena.read().unwrap();
                    timed(|| {
                        for _ in 0..ROUND {
                            fill_u64(arena.allocate(Layout::new::<u64>()).unwrap().cast());
                        }
                    })
                },
                || arena.write().unwrap().reset(),
            )
        });
    });
    group.bench_function("blink_alloc::SyncBlinkAlloc local()", |b| {
        let arena = RwLock::new(SyncBlinkAlloc::new());
        b.iter_custom(|iters| {
            on_threads(
                2,
                iters,
                |_| {
                    let arena = arena.read().unwrap();
                    let local = arena.local();
                    timed(|| {
                        for _ in 0..ROUND {
                            fill_u64(local.allocate(Layout::new::<u64>()).unwrap().cast());
                        }
                    })
                },
                || arena.write().unwrap().reset(),
            )
        });
    });
    group.bench_function("Mutex<bumpalo::Bump>", |b| {
        let arena = Mutex::new(bumpalo::Bump::new());
        b.iter_custom(|iters| {
            on_threads(
                2,
                iters,
                |_| {
                    timed(|| {
                        for _ in 0..ROUND {
                            black_box(arena.lock().unwrap().alloc(1u64));
                        }
                    })
                },
                || arena.lock().unwrap().reset(),
            )
        });
    });
    group.bench_function("bumpkit::Bump per thread", |b| {
        let arenas = [Mutex::new(Bump::new()), Mutex::new(Bump::new())];
        b.iter_custom(|iters| {
            on_threads(
                2,
                iters,
                |thread| {
                    let arena = arenas[thread].lock().unwrap();
                    timed(|| {
                        for _ in 0..ROUND {
                            black_box(arena.alloc(1u64));
                        }
                    })
                },
                || arenas.iter().for_each(|a| a.lock().unwrap().reset()),
            )
        });
    });
    group.finish();
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
