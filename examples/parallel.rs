//! A parallel real workload: parse many JSON documents on a rayon pool, walk them, throw them
//! away, repeat.
//!
//! The example generates 256 deterministic JSON documents (4 to 32 KiB, the `ast` example's
//! generator) and, with rayon's `par_iter` on a pool of 2 threads, parses each into a tree
//! with the `ast` example's parser, walks it into a per-document summary, and frees
//! everything. Four ways to get the memory:
//!
//! - `std`: the owned tree (`String`, `Vec<Value>`) on the global allocator, dropped per
//!   document;
//! - `bumpkit SyncBump`: every document in ONE shared [`SyncBump`]; each rayon task allocates
//!   straight through `&SyncBump` (the arena's hidden per-thread blocks), and one `reset`
//!   frees the round;
//! - `bumpalo-herd`: a `Herd` of bumpalo arenas, `herd.get()` per task, `herd.reset()` per
//!   round;
//! - `bump-scope BumpPool`: `pool.get()` per task, `pool.reset()` per round;
//! - for comparison, `SyncBump::local()` per task: the same arena and blocks through an
//!   explicit handle, without the thread-local lookup (not a goal contender: the goals are
//!   about code that only sees `&SyncBump`).
//!
//! Every variant's per-document summaries are checked equal to the `std` ones. Times are
//! medians of interleaved rounds (each contender runs one round in turn, so a busy moment of
//! a shared machine hits all alike); peak heap is the most heap bytes live at once during one
//! round on a fresh arena (arena chunks included), from the counting global allocator.
//!
//! ```sh
//! cargo run --release --example parallel
//! ```

mod common;
#[path = "common/json_doc.rs"]
mod json_doc;
#[path = "common/json_tree.rs"]
mod json_tree;

use std::hint::black_box;

use bump_scope::{BumpPool, BumpScope, BumpString, BumpVec};
use bumpalo_herd::Herd;
use bumpkit::SyncBump;
use common::{Contender, CountingAlloc, HeapUse, count_heap, fmt_bytes, time_interleaved};
use json_doc::generate;
use json_tree::{
    ArenaValue, Builder, Bumpalo, Bumpkit, Parser, Scalar, Std, Summary, arena_scalar, walk_arena,
    walk_box,
};
use rayon::prelude::*;

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// The rayon pool's size: the goals are stated for 2 threads.
const THREADS: usize = 2;
/// How many documents one round parses.
const DOCUMENTS: usize = 256;
/// Timed rounds per contender.
const ROUNDS: usize = 21;

/// Builds in a bump-scope arena (a `BumpPool` guard) with bump-scope's `BumpVec` /
/// `BumpString`.
struct BumpScopeBuilder<'g, 'p>(&'g BumpScope<'p>);

impl<'g, 'p> Builder<'g> for BumpScopeBuilder<'g, 'p> {
    type Value = ArenaValue<'g>;
    type Key = &'g str;
    type StrBuf = BumpString<&'g BumpScope<'p>>;
    type ListBuf<T: 'g> = BumpVec<T, &'g BumpScope<'p>>;

    fn str_buf(&self) -> Self::StrBuf {
        BumpString::new_in(self.0)
    }
    fn push_str(&self, buf: &mut Self::StrBuf, text: &str) {
        buf.push_str(text);
    }
    fn list_buf<T: 'g>(&self) -> Self::ListBuf<T> {
        BumpVec::new_in(self.0)
    }
    fn push<T: 'g>(&self, buf: &mut Self::ListBuf<T>, item: T) {
        buf.push(item);
    }
    fn key(&self, buf: Self::StrBuf) -> &'g str {
        buf.into_str()
    }
    fn scalar(&self, scalar: Scalar) -> ArenaValue<'g> {
        arena_scalar(scalar)
    }
    fn string(&self, buf: Self::StrBuf) -> ArenaValue<'g> {
        ArenaValue::Str(buf.into_str())
    }
    fn array(&self, buf: Self::ListBuf<ArenaValue<'g>>) -> ArenaValue<'g> {
        ArenaValue::Arr(buf.into_slice())
    }
    fn object(&self, buf: Self::ListBuf<(&'g str, ArenaValue<'g>)>) -> ArenaValue<'g> {
        ArenaValue::Obj(buf.into_slice())
    }
}

/// The documents: prefixes of the generator's one stream, 4 to 32 KiB, in a scattered order
/// so that both threads get a mix of sizes.
fn documents() -> Vec<String> {
    (0..DOCUMENTS)
        .map(|i| generate((4 + i * 13 % 29) << 10))
        .collect()
}

fn summarize_arena(tree: &ArenaValue<'_>) -> Summary {
    let mut summary = Summary::default();
    walk_arena(tree, &mut summary);
    summary
}

fn std_round(docs: &[String]) -> Vec<Summary> {
    docs.par_iter()
        .map(|doc| {
            let mut summary = Summary::default();
            walk_box(&Parser::parse(doc, Std), &mut summary);
            summary
        })
        .collect()
}

fn sync_bump_round(docs: &[String], arena: &mut SyncBump) -> Vec<Summary> {
    let shared = &*arena;
    let summaries = docs
        .par_iter()
        .map(|doc| summarize_arena(&Parser::parse(doc, Bumpkit(shared))))
        .collect();
    arena.reset();
    summaries
}

fn local_round(docs: &[String], arena: &mut SyncBump) -> Vec<Summary> {
    let shared = &*arena;
    let summaries = docs
        .par_iter()
        .map(|doc| {
            let local = shared.local();
            summarize_arena(&Parser::parse(doc, Bumpkit(&local)))
        })
        .collect();
    arena.reset();
    summaries
}

fn herd_round(docs: &[String], herd: &mut Herd) -> Vec<Summary> {
    let shared = &*herd;
    let summaries = docs
        .par_iter()
        .map(|doc| {
            let member = shared.get();
            summarize_arena(&Parser::parse(doc, Bumpalo(member.as_bump())))
        })
        .collect();
    herd.reset();
    summaries
}

fn bump_pool_round(docs: &[String], pool: &mut BumpPool) -> Vec<Summary> {
    let shared = &*pool;
    let summaries = docs
        .par_iter()
        .map(|doc| {
            let bump = shared.get();
            summarize_arena(&Parser::parse(doc, BumpScopeBuilder(&bump)))
        })
        .collect();
    pool.reset();
    summaries
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "missed" }
}

fn main() {
    rayon::ThreadPoolBuilder::new()
        .num_threads(THREADS)
        .build_global()
        .expect("the global rayon pool is built once, first");
    let docs = documents();
    let expected = std_round(&docs);
    let (mut arena, mut herd, mut pool) = (SyncBump::new(), Herd::new(), BumpPool::new());
    let mut local_arena = SyncBump::new();
    let check =
        |arena: &mut SyncBump, local: &mut SyncBump, herd: &mut Herd, pool: &mut BumpPool| {
            assert_eq!(sync_bump_round(&docs, arena), expected, "SyncBump");
            assert_eq!(local_round(&docs, local), expected, "SyncBump::local()");
            assert_eq!(herd_round(&docs, herd), expected, "bumpalo-herd");
            assert_eq!(bump_pool_round(&docs, pool), expected, "BumpPool");
        };
    check(&mut arena, &mut local_arena, &mut herd, &mut pool);
    println!(
        "{DOCUMENTS} JSON documents, {} in all ({} nodes, {} string bytes), on {THREADS} rayon threads",
        fmt_bytes(docs.iter().map(|doc| doc.len() as u64).sum()),
        expected.iter().map(|s| s.nodes).sum::<u64>(),
        expected.iter().map(|s| s.string_bytes).sum::<u64>(),
    );

    // Peak memory and allocation count of one round, each on a fresh arena.
    let heap: [HeapUse; 5] = [
        count_heap(|| std_round(&docs)).1,
        count_heap(|| sync_bump_round(&docs, &mut SyncBump::new())).1,
        count_heap(|| herd_round(&docs, &mut Herd::new())).1,
        count_heap(|| bump_pool_round(&docs, &mut BumpPool::new())).1,
        count_heap(|| local_round(&docs, &mut SyncBump::new())).1,
    ];

    let mut contenders = [
        Contender::new(|rounds| {
            for _ in 0..rounds {
                black_box(std_round(black_box(&docs)));
            }
        }),
        Contender::new(|rounds| {
            for _ in 0..rounds {
                black_box(sync_bump_round(black_box(&docs), &mut arena));
            }
        }),
        Contender::new(|rounds| {
            for _ in 0..rounds {
                black_box(herd_round(black_box(&docs), &mut herd));
            }
        }),
        Contender::new(|rounds| {
            for _ in 0..rounds {
                black_box(bump_pool_round(black_box(&docs), &mut pool));
            }
        }),
        Contender::new(|rounds| {
            for _ in 0..rounds {
                black_box(local_round(black_box(&docs), &mut local_arena));
            }
        }),
    ];
    let times = time_interleaved(&mut contenders, ROUNDS);
    drop(contenders);
    // The warm arenas, reset many times over, still give the same summaries.
    check(&mut arena, &mut local_arena, &mut herd, &mut pool);
    let (_, warm_sync) = count_heap(|| sync_bump_round(&docs, &mut arena));
    let (_, warm_herd) = count_heap(|| herd_round(&docs, &mut herd));
    let (_, warm_pool) = count_heap(|| bump_pool_round(&docs, &mut pool));

    let names = [
        "std (Box, Vec, String)",
        "bumpkit: one shared &SyncBump",
        "bumpalo-herd (herd.get() per task)",
        "bump-scope BumpPool (get() per task)",
        "(bumpkit: SyncBump::local() per task)",
    ];
    println!(
        "{:<37} {:>11} {:>8} {:>11} {:>12} {:>12}",
        "parse + walk + free, par_iter",
        "time/round",
        "vs std",
        "peak heap",
        "heap allocs",
        "heap bytes"
    );
    for (i, name) in names.iter().enumerate() {
        println!(
            "{name:<37} {:>8.2} ms {:>7.2}x {:>11} {:>12} {:>12}",
            times[i] / 1e6,
            times[0] / times[i],
            fmt_bytes(heap[i].peak),
            heap[i].allocs,
            fmt_bytes(heap[i].bytes)
        );
    }
    println!(
        "heap allocations in one warm round: SyncBump {}, bumpalo-herd {}, BumpPool {} \
         (each includes the summaries' Vec)",
        warm_sync.allocs, warm_herd.allocs, warm_pool.allocs
    );
    let fastest_other = times[2].min(times[3]);
    println!(
        "goal: shared SyncBump at least as fast as the faster of bumpalo-herd and BumpPool: \
         {:.2}x of it ({})",
        fastest_other / times[1],
        verdict(times[1] <= fastest_other)
    );
    println!(
        "goal: shared SyncBump at least 1.5x faster than std: {:.2}x ({})",
        times[0] / times[1],
        verdict(times[0] / times[1] >= 1.5)
    );
}
