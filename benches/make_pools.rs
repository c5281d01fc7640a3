//! The make family, `TypedArena` and `Pool` against their peers, each group one operation.
//!
//! - `make_*` and `alloc_i64`: the Go original's single-op benchmarks (see BASELINE.md)
//!   against bumpalo and bump-scope. Arenas are reset, untimed, every 1000 operations.
//! - `typed_arena_alloc`: `TypedArena::alloc` against typed-arena's, a fresh arena (made and
//!   dropped untimed) every 1000 values.
//! - `pool_cycle`: one allocation and one free: `Pool`, `Box` on the system allocator, and
//!   `slab::Slab` insert + remove.
//!
//! Run with `cargo bench --bench make_pools -- --warm-up-time 1 --measurement-time 3`.

mod common;

use std::hint::black_box;

use criterion::Criterion;

use common::per_op;

/// The Go benchmark's `struct{A, B int}`.
#[derive(Default, Clone, Copy)]
struct Pair {
    a: i64,
    b: i64,
}

/// 31 bytes, as in the Go benchmark.
const TEXT: &str = "a 31-byte string for the bench!";

fn make_object(c: &mut Criterion) {
    let mut g = c.benchmark_group("make_object_16B");
    g.bench_function("bumpkit/make_object", |b| {
        per_op(
            b,
            bumpkit::Bump::new(),
            |bump| {
                let p = bump.make_object::<Pair>();
                p.a = black_box(1);
                p.b = black_box(2);
                black_box(p);
            },
            bumpkit::Bump::reset,
        );
    });
    g.bench_function("bumpalo/alloc_default", |b| {
        per_op(
            b,
            bumpalo::Bump::new(),
            |bump| {
                let p = bump.alloc(Pair::default());
                p.a = black_box(1);
                p.b = black_box(2);
                black_box(p);
            },
            bumpalo::Bump::reset,
        );
    });
    g.bench_function("bump-scope/alloc_default", |b| {
        per_op(
            b,
            bump_scope::Bump::<bump_scope::alloc::Global>::new(),
            |bump| {
                let mut p = bump.alloc(Pair::default());
                p.a = black_box(1);
                p.b = black_box(2);
                black_box(p.into_mut());
            },
            bump_scope::Bump::reset,
        );
    });
    g.finish();
}

fn make_slice(c: &mut Criterion) {
    let mut g = c.benchmark_group("make_slice_i64_10_10");
    g.bench_function("bumpkit/make_slice", |b| {
        per_op(
            b,
            bumpkit::Bump::new(),
            |bump| {
                let mut v = bump.make_slice::<i64>(black_box(10), black_box(10));
                v[0] = black_box(1);
                black_box(v.into_arena_slice());
            },
            bumpkit::Bump::reset,
        );
    });
    g.bench_function("bumpalo/alloc_slice_fill_default", |b| {
        per_op(
            b,
            bumpalo::Bump::new(),
            |bump| {
                let v = bump.alloc_slice_fill_default::<i64>(black_box(10));
                v[0] = black_box(1);
                black_box(v);
            },
            bumpalo::Bump::reset,
        );
    });
    g.bench_function("bumpalo/vec_with_capacity_resize", |b| {
        per_op(
            b,
            bumpalo::Bump::new(),
            |bump| {
                let mut v = bumpalo::collections::Vec::with_capacity_in(black_box(10), bump);
                v.resize(black_box(10), 0i64);
                v[0] = black_box(1);
                black_box(v.into_bump_slice_mut());
            },
            bumpalo::Bump::reset,
        );
    });
    g.bench_function("bump-scope/alloc_slice_fill", |b| {
        per_op(
            b,
            bump_scope::Bump::<bump_scope::alloc::Global>::new(),
            |bump| {
                let mut v = bump.alloc_slice_fill(black_box(10), 0i64);
                v[0] = black_box(1);
                black_box(v.into_mut());
            },
            bump_scope::Bump::reset,
        );
    });
    g.finish();
}

fn make_string(c: &mut Criterion) {
    let mut g = c.benchmark_group("make_string_31B");
    g.bench_function("bumpkit/make_string", |b| {
        per_op(
            b,
            bumpkit::Bump::new(),
            |bump| {
                black_box(bump.make_string(black_box(TEXT)));
            },
            bumpkit::Bump::reset,
        );
    });
    g.bench_function("bumpalo/alloc_str", |b| {
        per_op(
            b,
            bumpalo::Bump::new(),
            |bump| {
                black_box(bump.alloc_str(black_box(TEXT)));
            },
            bumpalo::Bump::reset,
        );
    });
    g.bench_function("bump-scope/alloc_str", |b| {
        per_op(
            b,
            bump_scope::Bump::<bump_scope::alloc::Global>::new(),
            |bump| {
                black_box(bump.alloc_str(black_box(TEXT)).into_ref());
            },
            bump_scope::Bump::reset,
        );
    });
    g.finish();
}

fn alloc_i64(c: &mut Criterion) {
    let mut g = c.benchmark_group("alloc_i64");
    g.bench_function("bumpkit/alloc", |b| {
        per_op(
            b,
            bumpkit::Bump::new(),
            |bump| {
                black_box(bump.alloc(black_box(42i64)));
            },
            bumpkit::Bump::reset,
        );
    });
    g.bench_function("bumpkit/maker_make_object_with", |b| {
        per_op(
            b,
            bumpkit::Bump::new(),
            |bump| {
                black_box(bump.maker().make_object_with(|| black_box(42i64)));
            },
            bumpkit::Bump::reset,
        );
    });
    g.bench_function("bumpalo/alloc", |b| {
        per_op(
            b,
            bumpalo::Bump::new(),
            |bump| {
                black_box(bump.alloc(black_box(42i64)));
            },
            bumpalo::Bump::reset,
        );
    });
    g.bench_function("bump-scope/alloc", |b| {
        per_op(
            b,
            bump_scope::Bump::<bump_scope::alloc::Global>::new(),
            |bump| {
                black_box(bump.alloc(black_box(42i64)).into_mut());
            },
            bump_scope::Bump::reset,
        );
    });
    g.finish();
}

/// The value of the typed benchmarks: 32 bytes.
type Value = [u64; 4];

fn typed_arena_alloc(c: &mut Criterion) {
    let mut g = c.benchmark_group("typed_arena_alloc_32B");
    g.bench_function("bumpkit/TypedArena", |b| {
        per_op(
            b,
            bumpkit::TypedArena::<Value>::new(),
            |arena| {
                black_box(arena.alloc(black_box([1; 4])));
            },
            |arena| *arena = bumpkit::TypedArena::new(),
        );
    });
    g.bench_function("bumpkit/TypedArena_cleared", |b| {
        per_op(
            b,
            bumpkit::TypedArena::<Value>::new(),
            |arena| {
                black_box(arena.alloc(black_box([1; 4])));
            },
            bumpkit::TypedArena::clear,
        );
    });
    g.bench_function("typed-arena/Arena", |b| {
        per_op(
            b,
            typed_arena::Arena::<Value>::new(),
            |arena| {
                black_box(arena.alloc(black_box([1; 4])));
            },
            |arena| *arena = typed_arena::Arena::new(),
        );
    });
    g.finish();
}

fn pool_cycle(c: &mut Criterion) {
    let mut g = c.benchmark_group("pool_cycle_32B");
    g.bench_function("bumpkit/Pool", |b| {
        let pool = bumpkit::Pool::<Value>::new();
        b.iter(|| drop(black_box(pool.alloc(black_box([1; 4])))));
    });
    g.bench_function("std/Box", |b| {
        b.iter(|| drop(black_box(Box::new(black_box::<Value>([1; 4])))));
    });
    g.bench_function("slab/Slab", |b| {
        let mut slab = slab::Slab::<Value>::new();
        b.iter(|| {
            let key = slab.insert(black_box([1; 4]));
            black_box(slab.remove(black_box(key)))
        });
    });
    g.finish();
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    make_object(&mut criterion);
    make_slice(&mut criterion);
    make_string(&mut criterion);
    alloc_i64(&mut criterion);
    typed_arena_alloc(&mut criterion);
    pool_cycle(&mut criterion);
    criterion.final_summary();
}
