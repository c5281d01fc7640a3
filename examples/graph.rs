//! A real workload: build a cyclic graph of 100,000 nodes, search it breadth-first, free it.
//!
//! Three versions of the same deterministic graph (a ring, so every node is reachable, plus
//! three pseudo-random edges per node):
//!
//! - `Rc`: the std way to own a cyclic graph, `Rc` nodes with `Weak` edges in a
//!   `RefCell<Vec<_>>` and a `String` label;
//! - `bumpkit`: nodes in a [`TypedArena`], their edge lists and labels in a [`Bump`], edges
//!   as plain `&Node` borrows (cycles are fine: the arena has no `Drop` impl that would make
//!   dropck object);
//! - `bumpalo`: nodes, edge lists and labels in one `bumpalo::Bump`.
//!
//! Each round is build + BFS + free. Times are medians of interleaved rounds; peak memory is
//! the most heap bytes live at once during one round, from the counting global allocator.
//!
//! ```sh
//! cargo run --release --example graph
//! ```

mod common;

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use bumpkit::{Bump, TypedArena};
use common::{Contender, CountingAlloc, count_heap, fmt_bytes, time_interleaved};

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

const NODES: usize = 100_000;
const EXTRA_EDGES: usize = 3;

/// The edges of node `i`: the next node on the ring and [`EXTRA_EDGES`] pseudo-random ones.
fn edges_of(i: usize) -> [usize; 1 + EXTRA_EDGES] {
    let mut state = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut edges = [(i + 1) % NODES; 1 + EXTRA_EDGES];
    for edge in &mut edges[1..] {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        *edge = (state % NODES as u64) as usize;
    }
    edges
}

/// What a BFS from node 0 finds; all versions must agree.
#[derive(Debug, PartialEq)]
struct Reach {
    visited: usize,
    max_depth: u32,
    depth_sum: u64,
    label_bytes: usize,
}

/// A node of the std version.
struct HeapNode {
    label: String,
    depth: Cell<u32>,
    edges: RefCell<Vec<Weak<HeapNode>>>,
}

fn rc_round() -> Reach {
    let nodes: Vec<Rc<HeapNode>> = (0..NODES)
        .map(|i| {
            Rc::new(HeapNode {
                label: format!("node {i}"),
                depth: Cell::new(u32::MAX),
                edges: RefCell::new(Vec::new()),
            })
        })
        .collect();
    for (i, node) in nodes.iter().enumerate() {
        let mut edges = node.edges.borrow_mut();
        edges.extend(edges_of(i).map(|j| Rc::downgrade(&nodes[j])));
    }
    let mut reach = Reach::new();
    let mut queue = VecDeque::from([Rc::clone(&nodes[0])]);
    nodes[0].depth.set(0);
    while let Some(node) = queue.pop_front() {
        reach.visit(node.depth.get(), &node.label);
        for next in node.edges.borrow().iter() {
            let next = next.upgrade().expect("every node lives until the end");
            if next.depth.get() == u32::MAX {
                next.depth.set(node.depth.get() + 1);
                queue.push_back(next);
            }
        }
    }
    reach
}

/// A node of the arena versions: edges borrow other nodes of the same arena.
struct Node<'a> {
    label: &'a str,
    depth: Cell<u32>,
    edges: Cell<&'a [&'a Node<'a>]>,
}

impl<'a> Node<'a> {
    fn new(label: &'a str) -> Self {
        Self {
            label,
            depth: Cell::new(u32::MAX),
            edges: Cell::new(&[]),
        }
    }
}

impl Reach {
    fn new() -> Self {
        Self {
            visited: 0,
            max_depth: 0,
            depth_sum: 0,
            label_bytes: 0,
        }
    }

    fn visit(&mut self, depth: u32, label: &str) {
        self.visited += 1;
        self.max_depth = self.max_depth.max(depth);
        self.depth_sum += u64::from(depth);
        self.label_bytes += label.len();
    }
}

/// BFS over arena nodes; `nodes[0]` is the start.
fn bfs(start: &Node<'_>) -> Reach {
    let mut reach = Reach::new();
    let mut queue = VecDeque::from([start]);
    start.depth.set(0);
    while let Some(node) = queue.pop_front() {
        reach.visit(node.depth.get(), node.label);
        for &next in node.edges.get() {
            if next.depth.get() == u32::MAX {
                next.depth.set(node.depth.get() + 1);
                queue.push_back(next);
            }
        }
    }
    reach
}

/// A label written straight into the arena (no temporary `String`).
fn label_in(bump: &Bump, i: usize) -> &str {
    bumpkit::format_in!(in bump, "node {i}").into_arena_str()
}

fn bumpkit_round(bump: &mut Bump) -> Reach {
    let reach = {
        let nodes = TypedArena::with_capacity(NODES);
        let index: Vec<&Node<'_>> = (0..NODES)
            .map(|i| &*nodes.alloc(Node::new(label_in(bump, i))))
            .collect();
        for (i, node) in index.iter().enumerate() {
            node.edges
                .set(bump.alloc_slice_fill_iter(edges_of(i).map(|j| index[j])));
        }
        bfs(index[0])
    };
    bump.reset();
    reach
}

fn bumpalo_round(bump: &mut bumpalo::Bump) -> Reach {
    let reach = {
        let bump = &*bump;
        let index: Vec<&Node<'_>> = (0..NODES)
            .map(|i| {
                let label = bumpalo::format!(in bump, "node {}", i).into_bump_str();
                &*bump.alloc(Node::new(label))
            })
            .collect();
        for (i, node) in index.iter().enumerate() {
            node.edges
                .set(bump.alloc_slice_fill_iter(edges_of(i).map(|j| index[j])));
        }
        bfs(index[0])
    };
    bump.reset();
    reach
}

fn main() {
    let expected = rc_round();
    assert_eq!(expected.visited, NODES, "the ring reaches every node");
    let (mut bump, mut bumpalo) = (Bump::new(), bumpalo::Bump::new());
    assert_eq!(bumpkit_round(&mut bump), expected);
    assert_eq!(bumpalo_round(&mut bumpalo), expected);
    println!(
        "graph: {NODES} nodes, {} edges; BFS from node 0 reaches all, depth up to {}",
        NODES * (1 + EXTRA_EDGES),
        expected.max_depth
    );

    let (_, rc_heap) = count_heap(rc_round);
    let (_, bumpkit_heap) = count_heap(|| bumpkit_round(&mut Bump::new()));
    let (_, bumpalo_heap) = count_heap(|| bumpalo_round(&mut bumpalo::Bump::new()));

    let mut contenders = [
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(rc_round());
            })
        }),
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(bumpkit_round(&mut bump));
            });
        }),
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(bumpalo_round(&mut bumpalo));
            });
        }),
    ];
    let times = time_interleaved(&mut contenders, 21);
    println!(
        "{:<34} {:>11} {:>8} {:>11} {:>12} {:>12}",
        "build + BFS + free", "time/round", "vs Rc", "peak heap", "heap allocs", "heap bytes"
    );
    let rows = [
        ("Rc + Weak + RefCell<Vec> + String", times[0], rc_heap),
        ("bumpkit (TypedArena + Bump)", times[1], bumpkit_heap),
        ("bumpalo", times[2], bumpalo_heap),
    ];
    for (name, ns, heap) in rows {
        println!(
            "{name:<34} {:>8.2} ms {:>7.2}x {:>11} {:>12} {:>12}",
            ns / 1e6,
            times[0] / ns,
            fmt_bytes(heap.peak),
            heap.allocs,
            fmt_bytes(heap.bytes)
        );
    }
    // Once warm (one round run and reset), the Bump needs no new chunk; what the round still
    // takes from the heap is the `TypedArena` and the index `Vec` it builds each time.
    let mut warm = Bump::new();
    bumpkit_round(&mut warm);
    let (_, steady) = count_heap(|| {
        (0..10).for_each(|_| {
            std::hint::black_box(bumpkit_round(&mut warm));
        })
    });
    let stats = warm.stats();
    println!(
        "bumpkit after warm-up: {} heap allocs per round; the Bump holds {} in {} chunk(s)",
        steady.allocs / 10,
        fmt_bytes(stats.reserved_bytes as u64),
        stats.chunk_count
    );
}
