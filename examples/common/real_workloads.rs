//! The report's "real workloads" section: per-request scratch the way a server does it, with
//! a warm arena from an `ArenaPool`, a fresh `Bump` per request, and std collections.
//!
//! One request takes the words of an 8 KiB JSON body (the `ast` example's generator),
//! collects them, sorts and counts them, and renders `word:count` pairs into a string. The
//! full server workload is `examples/server` (see the README); `ast` and `scratch` are the
//! single-threaded examples.

use std::fmt::Write as _;
use std::hint::black_box;

use bumpkit::{ArenaPool, ArenaString, ArenaVec, Bump};

use crate::common::{Contender, count_heap, time_interleaved};
use crate::json_doc::generate;

fn words(body: &str) -> impl Iterator<Item = &str> {
    body.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
}

fn request_std(body: &str) -> usize {
    let mut all: Vec<&str> = words(body).collect();
    all.sort_unstable();
    let mut out = String::new();
    for group in all.chunk_by(|a, b| a == b) {
        let _ = write!(out, "{}:{},", group[0], group.len());
    }
    out.len()
}

fn request_arena(body: &str, arena: &Bump) -> usize {
    let mut all = ArenaVec::new_in(arena);
    all.extend(words(body));
    all.sort_unstable();
    let mut out = ArenaString::new_in(arena);
    for group in all.chunk_by(|a, b| a == b) {
        let _ = write!(out, "{}:{},", group[0], group.len());
    }
    out.len()
}

/// Runs the section and returns its text.
pub(crate) fn section(rounds: usize) -> String {
    let body = generate(8 << 10);
    let pool = ArenaPool::new();
    let mut contenders = [
        Contender::new(|calls| {
            for _ in 0..calls {
                black_box(request_std(black_box(&body)));
            }
        }),
        Contender::new(|calls| {
            for _ in 0..calls {
                let arena = pool.get();
                black_box(request_arena(black_box(&body), &arena));
            }
        }),
        Contender::new(|calls| {
            for _ in 0..calls {
                let arena = Bump::new();
                black_box(request_arena(black_box(&body), &arena));
            }
        }),
    ];
    let ns = time_interleaved(&mut contenders, rounds);
    let counted = 100;
    let allocs: Vec<f64> = contenders
        .iter_mut()
        .map(|c| count_heap(|| (c.run)(counted)).1.allocs as f64 / counted as f64)
        .collect();
    let names = [
        "std Vec/String",
        "bumpkit ArenaPool (warm arena)",
        "bumpkit Bump::new() per request",
    ];
    let mut out = String::from(
        "\nReal workloads: per-request scratch (the words of an 8 KiB JSON body collected, sorted,\ncounted and rendered), median of interleaved rounds\n",
    );
    for (i, name) in names.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {name:<32} {:>8.1} µs/request {:>8.2} heap allocations/request {:>6.2}x std",
            ns[i] / 1e3,
            allocs[i],
            ns[0] / ns[i]
        );
    }
    out.push_str(
        "  More: `cargo run --release --example ast`, `--example scratch`, and the HTTP server in\n  examples/server (`cargo run --release --manifest-path examples/server/Cargo.toml`).\n",
    );
    out
}
