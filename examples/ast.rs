//! A real workload: parse a JSON document into a tree, walk it, throw it away, repeat.
//!
//! The example generates a deterministic JSON document of a little over 1 MB, then parses it
//! with one small recursive-descent parser into three trees:
//!
//! - `Box`: the usual owned tree (`String`, `Vec<Value>`) on the global allocator, dropped
//!   after each walk;
//! - `bumpkit`: nodes built with `ArenaVec` / `ArenaString` in a [`Bump`] and frozen into
//!   `&[Value]` / `&str`, freed by one `reset`;
//! - `bumpkit + Scratch`: the same, but arrays and objects are built in a [`Scratch`] (a
//!   reusable stack shared by the nested builders) and frozen into the arena once, at their
//!   exact size, so a parent list that grows while its children are built leaves no dead
//!   copies in the arena (strings stay `ArenaString`: nothing else is allocated while one is
//!   built, so it grows and shrinks in place);
//! - `bumpalo`: the same with bumpalo's `Vec` / `String`.
//!
//! Each round is parse + walk + free, end to end. Times are medians of interleaved rounds;
//! peak memory is the most heap bytes live at once during one parse and walk (arena chunks
//! included), from the counting global allocator.
//!
//! ```sh
//! cargo run --release --example ast
//! ```

#[path = "common/ast_work.rs"]
mod ast_work;
mod common;
#[path = "common/json_doc.rs"]
mod json_doc;
#[path = "common/json_tree.rs"]
mod json_tree;

use ast_work::{
    Bumpkit, BumpkitScratch, Parser, box_round, bumpalo_round, bumpkit_round, scratch_round,
};
use bumpkit::{Bump, Scratch};
use common::{Contender, CountingAlloc, count_heap, fmt_bytes, time_interleaved};
use json_doc::generate;

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

fn main() {
    let json = generate(1 << 20);
    let expected = box_round(&json);
    let (mut bump, mut bumpalo) = (Bump::new(), bumpalo::Bump::new());
    let (mut scratch_bump, mut scratch) = (Bump::new(), Scratch::new());
    assert_eq!(bumpkit_round(&json, &mut bump), expected);
    assert_eq!(
        scratch_round(&json, &mut scratch_bump, &mut scratch),
        expected
    );
    assert_eq!(bumpalo_round(&json, &mut bumpalo), expected);
    println!(
        "JSON document: {} ({} nodes, {} string bytes)",
        fmt_bytes(json.len() as u64),
        expected.nodes,
        expected.string_bytes
    );

    // Peak memory and allocation count of one parse and walk, each on a fresh arena.
    let (_, box_heap) = count_heap(|| box_round(&json));
    let (_, bumpkit_heap) = count_heap(|| bumpkit_round(&json, &mut Bump::new()));
    let (_, scratch_heap) =
        count_heap(|| scratch_round(&json, &mut Bump::new(), &mut Scratch::new()));
    let (_, bumpalo_heap) = count_heap(|| bumpalo_round(&json, &mut bumpalo::Bump::new()));

    let mut contenders = [
        Contender::new(|rounds| {
            for _ in 0..rounds {
                std::hint::black_box(box_round(&json));
            }
        }),
        Contender::new(|rounds| {
            for _ in 0..rounds {
                std::hint::black_box(bumpkit_round(&json, &mut bump));
            }
        }),
        Contender::new(|rounds| {
            for _ in 0..rounds {
                std::hint::black_box(bumpalo_round(&json, &mut bumpalo));
            }
        }),
        Contender::new(|rounds| {
            for _ in 0..rounds {
                std::hint::black_box(scratch_round(&json, &mut scratch_bump, &mut scratch));
            }
        }),
    ];
    let times = time_interleaved(&mut contenders, 31);
    let rows = [
        ("Box (String, Vec)", times[0], box_heap),
        ("bumpkit (ArenaVec, ArenaString)", times[1], bumpkit_heap),
        ("bumpalo (Vec, String)", times[2], bumpalo_heap),
        ("bumpkit + Scratch (ScratchVec)", times[3], scratch_heap),
    ];
    println!(
        "{:<33} {:>11} {:>8} {:>11} {:>12} {:>12}",
        "parse + walk + free", "time/round", "vs Box", "peak heap", "heap allocs", "heap bytes"
    );
    for (name, ns, heap) in rows {
        println!(
            "{name:<33} {:>8.2} ms {:>7.2}x {:>11} {:>12} {:>12}",
            ns / 1e6,
            times[0] / ns,
            fmt_bytes(heap.peak),
            heap.allocs,
            fmt_bytes(heap.bytes)
        );
    }
    println!(
        "goal: bumpkit at least 2x faster than Box end to end: {:.2}x ({})",
        times[0] / times[1],
        if times[0] / times[1] >= 2.0 {
            "met"
        } else {
            "missed"
        }
    );
    println!(
        "goal: bumpkit + Scratch at least 2x faster than Box: {:.2}x ({}); peak heap at or \
         below Box's: {:.2}x ({})",
        times[0] / times[3],
        if times[0] / times[3] >= 2.0 {
            "met"
        } else {
            "missed"
        },
        scratch_heap.peak as f64 / box_heap.peak as f64,
        if scratch_heap.peak <= box_heap.peak {
            "met"
        } else {
            "missed"
        }
    );
    // Warm arenas: how often the rounds still go to the heap.
    drop(contenders);
    let (_, warm_bumpkit) = count_heap(|| {
        for _ in 0..10 {
            bumpkit_round(&json, &mut bump);
        }
    });
    let (_, warm_scratch) = count_heap(|| {
        for _ in 0..10 {
            scratch_round(&json, &mut scratch_bump, &mut scratch);
        }
    });
    println!(
        "heap allocations in 10 warm rounds: bumpkit {}, bumpkit + Scratch {}",
        warm_bumpkit.allocs, warm_scratch.allocs
    );
    // Where the arena's bytes go in one round: what the tree needs, what the chunks hold.
    for (name, scratch_lists) in [("bumpkit", false), ("bumpkit + Scratch", true)] {
        let (mut bump, mut scratch) = (Bump::new(), Scratch::new());
        let (used, reserved, scratch_reserved) = if scratch_lists {
            let tree = Parser::parse(&json, BumpkitScratch(&bump, &scratch));
            std::hint::black_box(&tree);
            let stats = bump.stats();
            (
                stats.allocated_bytes,
                stats.reserved_bytes,
                scratch.reserved_bytes(),
            )
        } else {
            let tree = Parser::parse(&json, Bumpkit(&bump));
            std::hint::black_box(&tree);
            let stats = bump.stats();
            (stats.allocated_bytes, stats.reserved_bytes, 0)
        };
        println!(
            "{name}: arena allocated {} in {} of chunks; scratch {}",
            fmt_bytes(used as u64),
            fmt_bytes(reserved as u64),
            fmt_bytes(scratch_reserved as u64)
        );
        bump.reset();
        scratch.reset();
    }
}
