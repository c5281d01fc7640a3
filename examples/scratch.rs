//! A real workload: a request loop whose per-request scratch data is freed after each request.
//!
//! Each simulated request is an HTTP-like text (request line, headers, a query string, a
//! body). Handling it lower-cases the header names, percent-decodes the query parameters,
//! upper-cases the body's words into owned tokens and renders a response; all of that is
//! scratch that dies with the request. Four versions:
//!
//! - `std`: `String`s and `Vec`s from the global allocator, dropped after each request;
//! - `bumpkit`: `ArenaString`s and `ArenaVec`s in one [`Bump`], `reset` after each request;
//! - `bumpkit + Scratch`: strings in the [`Bump`], frozen into `&str` once complete, and
//!   the three lists in a [`Scratch`] (`ScratchVec`), both reset after each request. A list
//!   grows while strings are allocated between its pushes, so an `ArenaVec` is never the
//!   arena's newest block when it grows and leaves each old buffer behind until the reset
//!   (most of the first version's arena bytes); a `ScratchVec` grows in place at the top of
//!   the scratch, and its memory is reused by the next list;
//! - `bumpalo`: bumpalo's `String` and `Vec` in one `bumpalo::Bump`, `reset` likewise.
//!
//! ```sh
//! cargo run --release --example scratch
//! ```

mod common;
#[path = "common/scratch_work.rs"]
mod scratch_work;

use bumpkit::{Bump, Scratch};
use common::{Contender, CountingAlloc, count_heap, fmt_bytes, time_interleaved};
use scratch_work::{REQUESTS, bumpalo_round, bumpkit_round, requests, scratch_round, std_round};

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

fn main() {
    let requests = requests(REQUESTS);
    let expected = std_round(&requests);
    let (mut bump, mut bumpalo) = (Bump::new(), bumpalo::Bump::new());
    let (mut scratch_bump, mut scratch) = (Bump::new(), Scratch::new());
    assert_eq!(bumpkit_round(&requests, &mut bump), expected);
    assert_eq!(
        scratch_round(&requests, &mut scratch_bump, &mut scratch),
        expected
    );
    assert_eq!(bumpalo_round(&requests, &mut bumpalo), expected);
    let bytes: usize = requests.iter().map(String::len).sum();
    println!(
        "{REQUESTS} requests, {} of request text; scratch freed after each request",
        fmt_bytes(bytes as u64)
    );

    let (_, std_heap) = count_heap(|| std_round(&requests));
    let (_, bumpkit_heap) = count_heap(|| bumpkit_round(&requests, &mut Bump::new()));
    let (_, bumpalo_heap) = count_heap(|| bumpalo_round(&requests, &mut bumpalo::Bump::new()));
    let (_, scratch_heap) =
        count_heap(|| scratch_round(&requests, &mut Bump::new(), &mut Scratch::new()));

    let mut contenders = [
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(std_round(&requests));
            });
        }),
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(bumpkit_round(&requests, &mut bump));
            });
        }),
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(bumpalo_round(&requests, &mut bumpalo));
            });
        }),
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(scratch_round(&requests, &mut scratch_bump, &mut scratch));
            });
        }),
    ];
    let times = time_interleaved(&mut contenders, 31);
    println!(
        "{:<30} {:>12} {:>8} {:>11} {:>12} {:>12}",
        "per request", "time", "vs std", "peak heap", "heap allocs", "heap bytes"
    );
    let rows = [
        ("std (String, Vec)", times[0], std_heap),
        ("bumpkit (reset per request)", times[1], bumpkit_heap),
        ("bumpalo (reset per request)", times[2], bumpalo_heap),
        ("bumpkit + Scratch (ScratchVec)", times[3], scratch_heap),
    ];
    for (name, ns, heap) in rows {
        println!(
            "{name:<30} {:>9.0} ns {:>7.2}x {:>11} {:>12} {:>12}",
            ns / REQUESTS as f64,
            times[0] / ns,
            fmt_bytes(heap.peak),
            heap.allocs,
            fmt_bytes(heap.bytes)
        );
    }
    for (name, heap) in [
        ("bumpkit", bumpkit_heap),
        ("bumpkit + Scratch", scratch_heap),
    ] {
        println!(
            "goal: {name}'s peak heap within 2x of std's: {:.2}x ({})",
            heap.peak as f64 / std_heap.peak as f64,
            if heap.peak <= 2 * std_heap.peak {
                "met"
            } else {
                "missed"
            }
        );
    }
    steady_state("bumpkit", |bump, _| bumpkit_round(&requests, bump));
    steady_state("bumpkit + Scratch", |bump, scratch| {
        scratch_round(&requests, bump, scratch)
    });
}

/// Prints what a round costs the heap once the arena (and scratch) are warm (one round run
/// and reset), and what they then hold.
fn steady_state<R>(name: &str, mut round: impl FnMut(&mut Bump, &mut Scratch) -> R) {
    const ROUNDS: u64 = 10;
    let (mut bump, mut scratch) = (Bump::new(), Scratch::new());
    round(&mut bump, &mut scratch);
    let (_, heap) = count_heap(|| {
        (0..ROUNDS).for_each(|_| {
            std::hint::black_box(round(&mut bump, &mut scratch));
        })
    });
    let stats = bump.stats();
    println!(
        "{name} after warm-up: {} heap allocs per round; the arena holds {} in {} chunk(s), \
         the scratch {}",
        heap.allocs / ROUNDS,
        fmt_bytes(stats.reserved_bytes as u64),
        stats.chunk_count,
        fmt_bytes(scratch.reserved_bytes() as u64)
    );
}
