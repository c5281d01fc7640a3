//! The arena-level API added for bumpalo parity, against bumpalo and bump-scope: one
//! operation per group, arenas reset (untimed) every 1000 operations.
//!
//! - `alloc_slice_fill_default_i64_10`: ten `i64::default()` in a fresh slice.
//! - `alloc_slice_from_iter_filter_100`: the 50 items of `(0..100).filter(even)`, an
//!   iterator whose size hint says nothing (bumpalo has no such method: a `Vec` collected
//!   in the arena and turned into a slice; bump-scope: `alloc_iter`).
//! - `alloc_try_with_ok_64B`: a 64-byte value from a fallible initialiser that succeeds.
//!
//! Run with `cargo bench --bench arena_api -- --warm-up-time 1 --measurement-time 3`.

mod common;

use std::hint::black_box;

use criterion::Criterion;

use common::per_op;

type ScopeBump = bump_scope::Bump<bump_scope::alloc::Global>;

fn fill_default(c: &mut Criterion) {
    let mut g = c.benchmark_group("alloc_slice_fill_default_i64_10");
    g.bench_function("bumpkit", |b| {
        per_op(
            b,
            bumpkit::Bump::new(),
            |bump| {
                black_box(bump.alloc_slice_fill_default::<i64>(black_box(10)));
            },
            bumpkit::Bump::reset,
        );
    });
    g.bench_function("bumpalo", |b| {
        per_op(
            b,
            bumpalo::Bump::new(),
            |bump| {
                black_box(bump.alloc_slice_fill_default::<i64>(black_box(10)));
            },
            bumpalo::Bump::reset,
        );
    });
    g.bench_function("bump-scope", |b| {
        per_op(
            b,
            ScopeBump::new(),
            |bump| {
                black_box(bump.alloc_slice_fill(black_box(10), 0i64).into_mut());
            },
            ScopeBump::reset,
        );
    });
    g.finish();
}

fn even(n: &u64) -> bool {
    n % 2 == 0
}

fn from_iter(c: &mut Criterion) {
    let mut g = c.benchmark_group("alloc_slice_from_iter_filter_100");
    g.bench_function("bumpkit", |b| {
        per_op(
            b,
            bumpkit::Bump::new(),
            |bump| {
                black_box(bump.alloc_slice_from_iter((0..black_box(100u64)).filter(even)));
            },
            bumpkit::Bump::reset,
        );
    });
    g.bench_function("bumpalo", |b| {
        per_op(
            b,
            bumpalo::Bump::new(),
            |bump| {
                let v = bumpalo::collections::Vec::from_iter_in(
                    (0..black_box(100u64)).filter(even),
                    bump,
                );
                black_box(v.into_bump_slice_mut());
            },
            bumpalo::Bump::reset,
        );
    });
    g.bench_function("bump-scope", |b| {
        per_op(
            b,
            ScopeBump::new(),
            |bump| {
                black_box(
                    bump.alloc_iter((0..black_box(100u64)).filter(even))
                        .into_mut(),
                );
            },
            ScopeBump::reset,
        );
    });
    g.finish();
}

fn try_with(c: &mut Criterion) {
    let mut g = c.benchmark_group("alloc_try_with_ok_64B");
    g.bench_function("bumpkit", |b| {
        per_op(
            b,
            bumpkit::Bump::new(),
            |bump| {
                black_box(
                    bump.alloc_try_with(|| Ok::<_, ()>([black_box(1u64); 8]))
                        .ok(),
                );
            },
            bumpkit::Bump::reset,
        );
    });
    g.bench_function("bumpalo", |b| {
        per_op(
            b,
            bumpalo::Bump::new(),
            |bump| {
                black_box(
                    bump.alloc_try_with(|| Ok::<_, ()>([black_box(1u64); 8]))
                        .ok(),
                );
            },
            bumpalo::Bump::reset,
        );
    });
    g.bench_function("bump-scope", |b| {
        per_op(
            b,
            ScopeBump::new(),
            |bump| {
                let value = bump.alloc_try_with(|| Ok::<_, ()>([black_box(1u64); 8]));
                black_box(value.ok().map(bump_scope::BumpBox::into_mut));
            },
            ScopeBump::reset,
        );
    });
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    fill_default(&mut c);
    from_iter(&mut c);
    try_with(&mut c);
    c.final_summary();
}
