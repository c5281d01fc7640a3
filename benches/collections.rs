//! Collection benchmarks: bumpkit's arena collections against std, bumpalo, bump-scope and
//! smallvec, with the peers in the same group. Arenas are reset every iteration.
//!
//! Run with `cargo bench --bench collections -- --warm-up-time 1 --measurement-time 3`.

#![allow(
    missing_docs,
    reason = "criterion's macros generate undocumented functions"
)]

use std::hint::black_box;

use bumpkit::{ArenaString, ArenaVec, CollectIn};
use criterion::{Criterion, criterion_group, criterion_main};
use smallvec::SmallVec;

const PUSHES: u64 = 1000;
const EXACT_PUSHES: u64 = 10_000;
const COLLECTED: u64 = 1000;
const STRING_BYTES: usize = 2048;
const STRING_PIECES: usize = 100;
const ADD_ASSIGN_WORDS: usize = 1000;

/// Pushes `PUSHES` `u64`s onto an empty vector.
fn vec_push(c: &mut Criterion) {
    let mut group = c.benchmark_group("vec_push_1000_u64");
    group.bench_function("std::Vec", |b| {
        b.iter(|| {
            let mut v = Vec::new();
            for i in 0..PUSHES {
                v.push(black_box(i));
            }
            black_box(v.len())
        });
    });
    group.bench_function("SmallVec<[u64; 16]>", |b| {
        b.iter(|| {
            let mut v: SmallVec<[u64; 16]> = SmallVec::new();
            for i in 0..PUSHES {
                v.push(black_box(i));
            }
            black_box(v.len())
        });
    });
    let mut bump = bumpalo::Bump::new();
    group.bench_function("bumpalo::collections::Vec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v = bumpalo::collections::Vec::new_in(&bump);
            for i in 0..PUSHES {
                v.push(black_box(i));
            }
            black_box(v.len())
        });
    });
    let mut bump: bump_scope::Bump = bump_scope::Bump::new();
    group.bench_function("bump_scope::BumpVec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v = bump_scope::BumpVec::new_in(&bump);
            for i in 0..PUSHES {
                v.push(black_box(i));
            }
            black_box(v.len())
        });
    });
    let mut bump = bumpkit::Bump::new();
    group.bench_function("bumpkit::ArenaVec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v = ArenaVec::new_in(&bump);
            for i in 0..PUSHES {
                v.push(black_box(i));
            }
            black_box(v.len())
        });
    });
    group.finish();
}

/// Grows a vector one element at a time with `reserve_exact(1)` before each push: the
/// in-place growth case.
fn vec_reserve_exact_push(c: &mut Criterion) {
    let mut group = c.benchmark_group("vec_reserve_exact_1_push_10000_u64");
    group.bench_function("std::Vec", |b| {
        b.iter(|| {
            let mut v = Vec::new();
            for i in 0..EXACT_PUSHES {
                v.reserve_exact(1);
                v.push(black_box(i));
            }
            black_box(v.len())
        });
    });
    group.bench_function("SmallVec<[u64; 16]>", |b| {
        b.iter(|| {
            let mut v: SmallVec<[u64; 16]> = SmallVec::new();
            for i in 0..EXACT_PUSHES {
                v.reserve_exact(1);
                v.push(black_box(i));
            }
            black_box(v.len())
        });
    });
    let mut bump = bumpalo::Bump::new();
    group.bench_function("bumpalo::collections::Vec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v = bumpalo::collections::Vec::new_in(&bump);
            for i in 0..EXACT_PUSHES {
                v.reserve_exact(1);
                v.push(black_box(i));
            }
            black_box(v.len())
        });
    });
    let mut bump: bump_scope::Bump = bump_scope::Bump::new();
    group.bench_function("bump_scope::BumpVec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v = bump_scope::BumpVec::new_in(&bump);
            for i in 0..EXACT_PUSHES {
                v.reserve_exact(1);
                v.push(black_box(i));
            }
            black_box(v.len())
        });
    });
    let mut bump = bumpkit::Bump::new();
    group.bench_function("bumpkit::ArenaVec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v = ArenaVec::new_in(&bump);
            for i in 0..EXACT_PUSHES {
                v.reserve_exact(1);
                v.push(black_box(i));
            }
            black_box(v.len())
        });
    });
    group.finish();
}

/// Collects a mapped range (exact size hint) into a vector.
fn vec_collect(c: &mut Criterion) {
    let mut group = c.benchmark_group("vec_collect_1000_u64");
    let items = || (0..black_box(COLLECTED)).map(|i| i * 3);
    group.bench_function("std::Vec", |b| {
        b.iter(|| black_box(items().collect::<Vec<u64>>().len()));
    });
    group.bench_function("SmallVec<[u64; 16]>", |b| {
        b.iter(|| black_box(items().collect::<SmallVec<[u64; 16]>>().len()));
    });
    let mut bump = bumpalo::Bump::new();
    group.bench_function("bumpalo::collections::Vec", |b| {
        b.iter(|| {
            bump.reset();
            black_box(bumpalo::collections::Vec::from_iter_in(items(), &bump).len())
        });
    });
    let mut bump: bump_scope::Bump = bump_scope::Bump::new();
    group.bench_function("bump_scope::BumpVec", |b| {
        b.iter(|| {
            bump.reset();
            black_box(bump_scope::BumpVec::from_iter_in(items(), &bump).len())
        });
    });
    let mut bump = bumpkit::Bump::new();
    group.bench_function("bumpkit::ArenaVec", |b| {
        b.iter(|| {
            bump.reset();
            black_box(items().collect_in::<ArenaVec<'_, u64>>(&bump).len())
        });
    });
    group.finish();
}

/// Cuts an ASCII `text` into `STRING_PIECES` pieces of 20 or 21 bytes.
fn string_pieces(text: &str) -> Vec<&str> {
    (0..STRING_PIECES)
        .map(|i| &text[i * STRING_BYTES / STRING_PIECES..(i + 1) * STRING_BYTES / STRING_PIECES])
        .collect()
}

/// Builds a 2 KiB string from `STRING_PIECES` `push_str`s, starting empty.
fn string_push_str(c: &mut Criterion) {
    let text: String = (0..STRING_BYTES)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let pieces = string_pieces(&text);
    let mut group = c.benchmark_group("string_2KiB_from_100_push_str");
    group.bench_function("std::String", |b| {
        b.iter(|| {
            let mut s = String::new();
            for piece in black_box(&pieces) {
                s.push_str(piece);
            }
            black_box(s.len())
        });
    });
    let mut bump = bumpalo::Bump::new();
    group.bench_function("bumpalo::collections::String", |b| {
        b.iter(|| {
            bump.reset();
            let mut s = bumpalo::collections::String::new_in(&bump);
            for piece in black_box(&pieces) {
                s.push_str(piece);
            }
            black_box(s.len())
        });
    });
    let mut bump: bump_scope::Bump = bump_scope::Bump::new();
    group.bench_function("bump_scope::BumpString", |b| {
        b.iter(|| {
            bump.reset();
            let mut s = bump_scope::BumpString::new_in(&bump);
            for piece in black_box(&pieces) {
                s.push_str(piece);
            }
            black_box(s.len())
        });
    });
    let mut bump = bumpkit::Bump::new();
    group.bench_function("bumpkit::ArenaString", |b| {
        b.iter(|| {
            bump.reset();
            let mut s = ArenaString::new_in(&bump);
            for piece in black_box(&pieces) {
                s.push_str(piece);
            }
            black_box(s.len())
        });
    });
    group.finish();
}

/// Builds a string from `ADD_ASSIGN_WORDS` words of 1 to 12 bytes with `+=`, starting empty:
/// many small appends, the common case of `+=` in code that builds text.
fn string_add_assign(c: &mut Criterion) {
    let words: Vec<String> = (0..ADD_ASSIGN_WORDS)
        .map(|i| "wordsandmore"[..1 + i % 12].to_owned())
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut group = c.benchmark_group("push_str_add_assign");
    group.bench_function("std::String", |b| {
        b.iter(|| {
            let mut s = String::new();
            for word in black_box(&words) {
                s += word;
            }
            black_box(s.len())
        });
    });
    let mut bump = bumpalo::Bump::new();
    group.bench_function("bumpalo::collections::String", |b| {
        b.iter(|| {
            bump.reset();
            let mut s = bumpalo::collections::String::new_in(&bump);
            for word in black_box(&words) {
                s += word;
            }
            black_box(s.len())
        });
    });
    let mut bump: bump_scope::Bump = bump_scope::Bump::new();
    group.bench_function("bump_scope::BumpString", |b| {
        b.iter(|| {
            bump.reset();
            let mut s = bump_scope::BumpString::new_in(&bump);
            for word in black_box(&words) {
                s += word;
            }
            black_box(s.len())
        });
    });
    let mut bump = bumpkit::Bump::new();
    group.bench_function("bumpkit::ArenaString", |b| {
        b.iter(|| {
            bump.reset();
            let mut s = ArenaString::new_in(&bump);
            for word in black_box(&words) {
                s += word;
            }
            black_box(s.len())
        });
    });
    group.finish();
}

criterion_group!(vec_benches, vec_push, vec_reserve_exact_push, vec_collect);
criterion_group!(string_benches, string_push_str, string_add_assign);
criterion_main!(vec_benches, string_benches, vec_edit_benches);

/// The length of the vectors the edit benchmarks start from.
const EDITED: u64 = 1000;

/// Replaces the middle half of a 1000-element vector with 1000 new elements, from an
/// iterator whose size hint is exact (`exact`) or 0 (a `filter`, so the new elements are
/// counted only as they come).
fn vec_splice_with(c: &mut Criterion, name: &str, exact: bool) {
    let items = move || (0..black_box(EDITED)).filter(move |_| exact || black_box(true));
    let mut group = c.benchmark_group(name);
    group.bench_function("std::Vec", |b| {
        b.iter(|| {
            let mut v: Vec<u64> = (0..EDITED).collect();
            if exact {
                v.splice(250..750, 0..black_box(EDITED));
            } else {
                v.splice(250..750, items());
            }
            black_box(v.len())
        });
    });
    let mut bump = bumpalo::Bump::new();
    group.bench_function("bumpalo::collections::Vec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v = bumpalo::collections::Vec::from_iter_in(0..EDITED, &bump);
            if exact {
                v.splice(250..750, 0..black_box(EDITED));
            } else {
                v.splice(250..750, items());
            }
            black_box(v.len())
        });
    });
    let mut bump: bump_scope::Bump = bump_scope::Bump::new();
    group.bench_function("bump_scope::BumpVec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v = bump_scope::BumpVec::from_iter_in(0..EDITED, &bump);
            if exact {
                v.splice(250..750, 0..black_box(EDITED));
            } else {
                v.splice(250..750, items());
            }
            black_box(v.len())
        });
    });
    let mut bump = bumpkit::Bump::new();
    group.bench_function("bumpkit::ArenaVec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v: ArenaVec<'_, u64> = (0..EDITED).collect_in(&bump);
            if exact {
                v.splice(250..750, 0..black_box(EDITED));
            } else {
                v.splice(250..750, items());
            }
            black_box(v.len())
        });
    });
    group.finish();
}

fn vec_splice(c: &mut Criterion) {
    vec_splice_with(c, "vec_splice_1000_into_1000_u64", true);
    vec_splice_with(c, "vec_splice_unhinted_1000_into_1000_u64", false);
}

/// Takes the even elements out of a 1000-element vector (bumpalo calls it `drain_filter`;
/// bumpalo and bump-scope take no range).
#[allow(
    clippy::incompatible_msrv,
    reason = "std's `Vec::extract_if` is a peer here; benches run on stable"
)]
fn vec_extract_if(c: &mut Criterion) {
    let even = |x: &mut u64| *x % 2 == 0;
    let mut group = c.benchmark_group("vec_extract_if_1000_u64");
    group.bench_function("std::Vec", |b| {
        b.iter(|| {
            let mut v: Vec<u64> = (0..EDITED).collect();
            let taken = v.extract_if(.., even).map(black_box).count();
            black_box((taken, v.len()))
        });
    });
    let mut bump = bumpalo::Bump::new();
    group.bench_function("bumpalo::collections::Vec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v = bumpalo::collections::Vec::from_iter_in(0..EDITED, &bump);
            let taken = v.drain_filter(even).map(black_box).count();
            black_box((taken, v.len()))
        });
    });
    let mut bump: bump_scope::Bump = bump_scope::Bump::new();
    group.bench_function("bump_scope::BumpVec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v = bump_scope::BumpVec::from_iter_in(0..EDITED, &bump);
            let taken = v.extract_if(even).map(black_box).count();
            black_box((taken, v.len()))
        });
    });
    let mut bump = bumpkit::Bump::new();
    group.bench_function("bumpkit::ArenaVec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v: ArenaVec<'_, u64> = (0..EDITED).collect_in(&bump);
            let taken = v.extract_if(.., even).map(black_box).count();
            black_box((taken, v.len()))
        });
    });
    group.finish();
}

/// Doubles a 1000-element vector by appending a clone of all of it (bumpalo has no
/// `extend_from_within`: an indexed push loop after a `reserve` stands in).
fn vec_extend_from_within(c: &mut Criterion) {
    let mut group = c.benchmark_group("vec_extend_from_within_1000_u64");
    group.bench_function("std::Vec", |b| {
        b.iter(|| {
            let mut v: Vec<u64> = (0..EDITED).collect();
            v.extend_from_within(black_box(..));
            black_box(v.len())
        });
    });
    let mut bump = bumpalo::Bump::new();
    group.bench_function("bumpalo::collections::Vec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v = bumpalo::collections::Vec::from_iter_in(0..EDITED, &bump);
            let len = black_box(v.len());
            v.reserve(len);
            for i in 0..len {
                v.push(v[i]);
            }
            black_box(v.len())
        });
    });
    let mut bump: bump_scope::Bump = bump_scope::Bump::new();
    group.bench_function("bump_scope::BumpVec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v = bump_scope::BumpVec::from_iter_in(0..EDITED, &bump);
            v.extend_from_within_clone(black_box(..));
            black_box(v.len())
        });
    });
    let mut bump = bumpkit::Bump::new();
    group.bench_function("bumpkit::ArenaVec", |b| {
        b.iter(|| {
            bump.reset();
            let mut v: ArenaVec<'_, u64> = (0..EDITED).collect_in(&bump);
            v.extend_from_within(black_box(..));
            black_box(v.len())
        });
    });
    group.finish();
}

criterion_group!(
    vec_edit_benches,
    vec_splice,
    vec_extract_if,
    vec_extend_from_within
);
