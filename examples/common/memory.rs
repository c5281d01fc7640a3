//! The report's memory section: the `ast`, `scratch` and `graph` workloads with their peak
//! heap and the arena's waste beside their time.
//!
//! Per version: the median time of a round over interleaved rounds; the peak heap of one
//! round on fresh state (arena chunks included), from the counting global allocator; the
//! arena's `stats()` after one unit of work (a parse, the largest request, a graph) on the
//! warm arena, read before its reset; and the heap allocations per round once warm.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::hint::black_box;

use bumpkit::{Bump, Scratch, Stats};

use crate::ast_work::{self, Bumpkit, BumpkitScratch, Parser, Summary};
use crate::common::{Contender, count_heap, fmt_bytes, time_interleaved};
use crate::graph_work;
use crate::json_doc::generate;
use crate::scratch_work::{self, REQUESTS};

/// Warm rounds counted for the allocations per round.
const WARM_ROUNDS: u64 = 3;

/// One version of a workload.
struct Version<'a> {
    name: &'static str,
    /// One round, freeing (or resetting) what it made.
    round: Box<dyn FnMut() + 'a>,
    /// One round on fresh state, for the peak heap.
    fresh: Box<dyn Fn() + 'a>,
    /// One unit of work left in the warm arena: its stats, and the scratch's reserved bytes.
    unit: Option<Box<dyn FnMut() -> (Stats, usize) + 'a>>,
}

/// Measures `versions` and appends their rows to `out`.
fn table(out: &mut String, title: &str, mut versions: Vec<Version<'_>>, rounds: usize) {
    let peaks: Vec<u64> = versions
        .iter()
        .map(|v| count_heap(|| (v.fresh)()).1.peak)
        .collect();
    let mut contenders: Vec<Contender<'_>> = versions
        .iter_mut()
        .map(|v| {
            let round = &mut v.round;
            Contender::new(move |calls| (0..calls).for_each(|_| round()))
        })
        .collect();
    let ns = time_interleaved(&mut contenders, rounds);
    drop(contenders);
    let _ = writeln!(out, "{title}");
    for (i, v) in versions.iter_mut().enumerate() {
        let round = &mut v.round;
        let warm = count_heap(|| (0..WARM_ROUNDS).for_each(|_| round())).1;
        let arena = match v.unit.as_mut().map(|unit| unit()) {
            Some((s, scratch)) => format!(
                "{:>10} {:>10} {:>10} {:>10}",
                fmt_bytes(s.reserved_bytes as u64),
                fmt_bytes(s.allocated_bytes as u64),
                fmt_bytes(s.wasted_bytes as u64),
                if scratch > 0 {
                    fmt_bytes(scratch as u64)
                } else {
                    "-".to_owned()
                }
            ),
            None => format!("{:>10} {:>10} {:>10} {:>10}", "-", "-", "-", "-"),
        };
        let _ = writeln!(
            out,
            "  {:<32} {:>8.2} ms {:>10} {arena} {:>10}",
            v.name,
            ns[i] / 1e6,
            fmt_bytes(peaks[i]),
            fmt_count(warm.allocs as f64 / WARM_ROUNDS as f64),
        );
    }
}

/// Formats a count, with one decimal only when it has a fraction.
fn fmt_count(count: f64) -> String {
    if count.fract() == 0.0 {
        format!("{count:.0}")
    } else {
        format!("{count:.1}")
    }
}

/// Runs the section and returns its text.
pub(crate) fn section(rounds: usize) -> String {
    let mut out = format!(
        "\nMemory: peak heap and arena waste beside time (median of {rounds} interleaved rounds; peak\n\
         of one round on fresh state; arena figures from stats() after one unit of work on the\n\
         warm arena, before its reset; heap allocations per round once warm)\n\
         {:<34} {:>11} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}\n",
        "  workload / version",
        "time/round",
        "peak heap",
        "reserved",
        "allocated",
        "wasted",
        "scratch",
        "allocs/rnd"
    );

    let json = generate(1 << 20);
    let json = json.as_str();
    let bump = RefCell::new(Bump::new());
    let scratch_bump = RefCell::new(Bump::new());
    let scratch = RefCell::new(Scratch::new());
    let ast_unit = |scratch_lists: bool| {
        let mut summary = Summary::default();
        let (mut bump, scratch_guard) = if scratch_lists {
            (scratch_bump.borrow_mut(), Some(scratch.borrow_mut()))
        } else {
            (bump.borrow_mut(), None)
        };
        let stats = match &scratch_guard {
            Some(scratch) => {
                let tree = Parser::parse(json, BumpkitScratch(&bump, scratch));
                ast_work::walk_arena(&tree, &mut summary);
                bump.stats()
            }
            None => {
                let tree = Parser::parse(json, Bumpkit(&*bump));
                ast_work::walk_arena(&tree, &mut summary);
                bump.stats()
            }
        };
        let scratch_bytes = scratch_guard.as_ref().map_or(0, |s| s.reserved_bytes());
        black_box(summary);
        bump.reset();
        if let Some(mut scratch) = scratch_guard {
            scratch.reset();
        }
        (stats, scratch_bytes)
    };
    table(
        &mut out,
        "ast: parse 1 MB of JSON into a tree, walk it, free it",
        vec![
            Version {
                name: "Box (String, Vec)",
                round: Box::new(|| {
                    black_box(ast_work::box_round(json));
                }),
                fresh: Box::new(|| {
                    black_box(ast_work::box_round(json));
                }),
                unit: None,
            },
            Version {
                name: "bumpkit (ArenaVec, ArenaString)",
                round: Box::new(|| {
                    black_box(ast_work::bumpkit_round(json, &mut bump.borrow_mut()));
                }),
                fresh: Box::new(|| {
                    black_box(ast_work::bumpkit_round(json, &mut Bump::new()));
                }),
                unit: Some(Box::new(|| ast_unit(false))),
            },
            Version {
                name: "bumpkit + Scratch",
                round: Box::new(|| {
                    black_box(ast_work::scratch_round(
                        json,
                        &mut scratch_bump.borrow_mut(),
                        &mut scratch.borrow_mut(),
                    ));
                }),
                fresh: Box::new(|| {
                    black_box(ast_work::scratch_round(
                        json,
                        &mut Bump::new(),
                        &mut Scratch::new(),
                    ));
                }),
                unit: Some(Box::new(|| ast_unit(true))),
            },
        ],
        rounds,
    );

    let requests = scratch_work::requests(REQUESTS);
    let requests = requests.as_slice();
    let largest = requests
        .iter()
        .max_by_key(|r| r.len())
        .expect("some requests");
    let (bump, scratch_bump, scratch) = (
        RefCell::new(Bump::new()),
        RefCell::new(Bump::new()),
        RefCell::new(Scratch::new()),
    );
    table(
        &mut out,
        &format!("scratch: {REQUESTS} requests, per-request scratch freed after each"),
        vec![
            Version {
                name: "std (String, Vec)",
                round: Box::new(|| {
                    black_box(scratch_work::std_round(requests));
                }),
                fresh: Box::new(|| {
                    black_box(scratch_work::std_round(requests));
                }),
                unit: None,
            },
            Version {
                name: "bumpkit (ArenaVec, ArenaString)",
                round: Box::new(|| {
                    black_box(scratch_work::bumpkit_round(
                        requests,
                        &mut bump.borrow_mut(),
                    ));
                }),
                fresh: Box::new(|| {
                    black_box(scratch_work::bumpkit_round(requests, &mut Bump::new()));
                }),
                unit: Some(Box::new(|| {
                    let mut bump = bump.borrow_mut();
                    black_box(scratch_work::handle_bumpkit(largest, &bump));
                    let stats = bump.stats();
                    bump.reset();
                    (stats, 0)
                })),
            },
            Version {
                name: "bumpkit + Scratch",
                round: Box::new(|| {
                    black_box(scratch_work::scratch_round(
                        requests,
                        &mut scratch_bump.borrow_mut(),
                        &mut scratch.borrow_mut(),
                    ));
                }),
                fresh: Box::new(|| {
                    black_box(scratch_work::scratch_round(
                        requests,
                        &mut Bump::new(),
                        &mut Scratch::new(),
                    ));
                }),
                unit: Some(Box::new(|| {
                    let (mut bump, mut scratch) = (scratch_bump.borrow_mut(), scratch.borrow_mut());
                    black_box(scratch_work::handle_scratch(largest, &bump, &scratch));
                    let stats = (bump.stats(), scratch.reserved_bytes());
                    bump.reset();
                    scratch.reset();
                    stats
                })),
            },
        ],
        rounds,
    );

    let bump = RefCell::new(Bump::new());
    table(
        &mut out,
        &format!(
            "graph: {} nodes, build, breadth-first search, free",
            graph_work::NODES
        ),
        vec![
            Version {
                name: "Rc + Weak + RefCell<Vec>",
                round: Box::new(|| {
                    black_box(graph_work::rc_round());
                }),
                fresh: Box::new(|| {
                    black_box(graph_work::rc_round());
                }),
                unit: None,
            },
            Version {
                name: "bumpkit (Bump)",
                round: Box::new(|| {
                    black_box(graph_work::bumpkit_round(&mut bump.borrow_mut()));
                }),
                fresh: Box::new(|| {
                    black_box(graph_work::bumpkit_round(&mut Bump::new()));
                }),
                unit: Some(Box::new(|| {
                    let mut bump = bump.borrow_mut();
                    black_box(graph_work::bumpkit_graph(&bump));
                    let stats = bump.stats();
                    bump.reset();
                    (stats, 0)
                })),
            },
        ],
        rounds,
    );
    out.push_str(
        "  A request's collections are dropped when it ends, and a dropped block that is not the\n  \
         arena's newest counts as abandoned: the ArenaVec version's request leaves 10 KiB dead.\n  \
         More: `cargo run --release --example ast`, `--example scratch`, `--example graph`.\n",
    );
    out
}
