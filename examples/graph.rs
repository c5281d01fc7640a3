//! A real workload: build a cyclic graph of 100,000 nodes, search it breadth-first, free it.
//!
//! Three versions of the same deterministic graph (a ring, so every node is reachable, plus
//! three pseudo-random edges per node):
//!
//! - `Rc`: the std way to own a cyclic graph, `Rc` nodes with `Weak` edges in a
//!   `RefCell<Vec<_>>` and a `String` label;
//! - `bumpkit`: nodes, their edge lists and labels, the node index and the BFS queue in one
//!   [`Bump`] that is reset after each round and kept, edges as plain `&Node` borrows;
//! - `bumpalo`: the same in one `bumpalo::Bump`, reset likewise.
//! - keyed: nodes in a [`KeyedPool`], edges as [`Key`]s held inline (`[Option<Key>; 4]`),
//!   labels in a [`Bump`]; beside it the same with `slotmap::SlotMap` and with a
//!   `Vec<Option<_>>` indexed by `usize`.
//!
//! Both arena rounds keep their storage across rounds, as a server or a compiler pass would:
//! the arena is reset, not rebuilt, and the round's index and queue live in it, so a warm
//! round needs no heap allocation at all. (A [`TypedArena`](bumpkit::TypedArena) for the
//! nodes cannot be kept: nodes that borrow each other name a borrow of the arena in their
//! type, so the arena can never be borrowed mutably again to `clear` it; it has to be made
//! anew each round.)
//!
//! Each round is build + BFS + free. The keyed versions also run a round with removals:
//! build, BFS, delete every tenth node and the edges into it (a stale key is found by
//! `contains_key`), BFS again, free. Times are medians of interleaved rounds; peak memory is
//! the most heap bytes live at once during one round, from the counting global allocator.
//!
//! ```sh
//! cargo run --release --example graph
//! ```

mod common;
#[path = "common/graph_work.rs"]
mod graph_work;

use std::collections::VecDeque;

use bumpkit::{Bump, Key, KeyedPool};
use common::{Contender, CountingAlloc, count_heap, fmt_bytes, time_interleaved};
use graph_work::{
    EXTRA_EDGES, NODES, Reach, bumpalo_round, bumpkit_round, edges_of, label_in, rc_round,
};

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// A node of the keyed versions: edges are keys (or indices), `None` once removed.
struct KeyedNode<'a, K> {
    label: &'a str,
    depth: u32,
    edges: [Option<K>; 1 + EXTRA_EDGES],
}

/// The operations the keyed versions share, so one build, BFS and removal serve all three.
trait Graph<'a>: Sized {
    type Key: Copy;
    fn with_capacity(n: usize) -> Self;
    fn insert(&mut self, label: &'a str) -> Self::Key;
    fn node(&mut self, key: Self::Key) -> Option<&mut KeyedNode<'a, Self::Key>>;
    fn remove(&mut self, key: Self::Key);
    fn contains(&self, key: Self::Key) -> bool;
    fn for_each_node(&mut self, f: impl FnMut(&mut KeyedNode<'a, Self::Key>));
}

/// A node of the [`KeyedPool`] version: a named type, so its key can name it.
struct PoolNode<'a>(KeyedNode<'a, Key<PoolNode<'a>>>);

impl<'a> Graph<'a> for KeyedPool<PoolNode<'a>> {
    type Key = Key<PoolNode<'a>>;
    fn with_capacity(n: usize) -> Self {
        KeyedPool::with_capacity(n)
    }
    fn insert(&mut self, label: &'a str) -> Self::Key {
        KeyedPool::insert(self, PoolNode(KeyedNode::new(label)))
    }
    fn node(&mut self, key: Self::Key) -> Option<&mut KeyedNode<'a, Self::Key>> {
        self.get_mut(key).map(|node| &mut node.0)
    }
    fn remove(&mut self, key: Self::Key) {
        KeyedPool::remove(self, key);
    }
    fn contains(&self, key: Self::Key) -> bool {
        self.contains_key(key)
    }
    fn for_each_node(&mut self, mut f: impl FnMut(&mut KeyedNode<'a, Self::Key>)) {
        self.values_mut().for_each(|node| f(&mut node.0));
    }
}

impl<'a> Graph<'a> for slotmap::SlotMap<slotmap::DefaultKey, KeyedNode<'a, slotmap::DefaultKey>> {
    type Key = slotmap::DefaultKey;
    fn with_capacity(n: usize) -> Self {
        slotmap::SlotMap::with_capacity(n)
    }
    fn insert(&mut self, label: &'a str) -> slotmap::DefaultKey {
        slotmap::SlotMap::insert(self, KeyedNode::new(label))
    }
    fn node(&mut self, key: slotmap::DefaultKey) -> Option<&mut KeyedNode<'a, Self::Key>> {
        self.get_mut(key)
    }
    fn remove(&mut self, key: slotmap::DefaultKey) {
        slotmap::SlotMap::remove(self, key);
    }
    fn contains(&self, key: slotmap::DefaultKey) -> bool {
        self.contains_key(key)
    }
    fn for_each_node(&mut self, f: impl FnMut(&mut KeyedNode<'a, Self::Key>)) {
        self.values_mut().for_each(f);
    }
}

impl<'a> Graph<'a> for Vec<Option<KeyedNode<'a, usize>>> {
    type Key = usize;
    fn with_capacity(n: usize) -> Self {
        Vec::with_capacity(n)
    }
    fn insert(&mut self, label: &'a str) -> usize {
        self.push(Some(KeyedNode::new(label)));
        self.len() - 1
    }
    fn node(&mut self, key: usize) -> Option<&mut KeyedNode<'a, usize>> {
        self.get_mut(key)?.as_mut()
    }
    fn remove(&mut self, key: usize) {
        self[key] = None;
    }
    fn contains(&self, key: usize) -> bool {
        self.get(key).is_some_and(Option::is_some)
    }
    fn for_each_node(&mut self, f: impl FnMut(&mut KeyedNode<'a, usize>)) {
        self.iter_mut().flatten().for_each(f);
    }
}

impl<'a, K> KeyedNode<'a, K> {
    fn new(label: &'a str) -> Self {
        Self {
            label,
            depth: u32::MAX,
            edges: [const { None }; 1 + EXTRA_EDGES],
        }
    }
}

/// BFS over a keyed graph from `start`, resetting depths first.
fn keyed_bfs<'a, G: Graph<'a>>(graph: &mut G, start: G::Key) -> Reach {
    graph.for_each_node(|node| node.depth = u32::MAX);
    let mut reach = Reach::new();
    let mut queue = VecDeque::from([start]);
    graph.node(start).expect("the start lives").depth = 0;
    while let Some(key) = queue.pop_front() {
        let node = graph.node(key).expect("queued nodes live");
        let (depth, edges) = (node.depth, node.edges);
        reach.visit(depth, node.label);
        for next in edges.into_iter().flatten() {
            let next_node = graph.node(next).expect("edges to removed nodes are gone");
            if next_node.depth == u32::MAX {
                next_node.depth = depth + 1;
                queue.push_back(next);
            }
        }
    }
    reach
}

/// Builds the graph in `G`, runs a BFS, and with `remove`, deletes every tenth node and
/// the edges into it and runs a second BFS.
fn keyed_round<'a, G: Graph<'a>>(bump: &'a Bump, remove: bool) -> (Reach, Option<Reach>) {
    let mut graph = G::with_capacity(NODES);
    let keys: Vec<G::Key> = (0..NODES)
        .map(|i| graph.insert(label_in(bump, i)))
        .collect();
    for (i, &key) in keys.iter().enumerate() {
        let node = graph.node(key).expect("just inserted");
        for (edge, j) in node.edges.iter_mut().zip(edges_of(i)) {
            *edge = Some(keys[j]);
        }
    }
    let first = keyed_bfs(&mut graph, keys[0]);
    if !remove {
        return (first, None);
    }
    for &key in keys.iter().skip(5).step_by(10) {
        graph.remove(key);
    }
    let mut removed_edges = 0;
    let mut live = Vec::with_capacity(NODES);
    for &key in &keys {
        if graph.contains(key) {
            live.push(key);
        }
    }
    for key in live {
        let mut edges = graph.node(key).expect("a live node").edges;
        for edge in &mut edges {
            if edge.is_some_and(|e| !graph.contains(e)) {
                *edge = None;
                removed_edges += 1;
            }
        }
        graph.node(key).expect("a live node").edges = edges;
    }
    let second = keyed_bfs(&mut graph, keys[0]);
    assert!(removed_edges > 0);
    (first, Some(second))
}

/// One keyed round in `G` with labels in `bump`, reset after.
macro_rules! keyed_round_in {
    ($graph:ty, $bump:expr, $remove:expr) => {{
        let bump: &mut Bump = $bump;
        let reach = keyed_round::<$graph>(bump, $remove);
        bump.reset();
        reach
    }};
}

fn pool_round(bump: &mut Bump, remove: bool) -> (Reach, Option<Reach>) {
    keyed_round_in!(KeyedPool<PoolNode<'_>>, bump, remove)
}

fn slotmap_round(bump: &mut Bump, remove: bool) -> (Reach, Option<Reach>) {
    keyed_round_in!(
        slotmap::SlotMap<slotmap::DefaultKey, KeyedNode<'_, slotmap::DefaultKey>>,
        bump,
        remove
    )
}

fn vec_round(bump: &mut Bump, remove: bool) -> (Reach, Option<Reach>) {
    keyed_round_in!(Vec<Option<KeyedNode<'_, usize>>>, bump, remove)
}

fn main() {
    let expected = rc_round();
    assert_eq!(expected.visited, NODES, "the ring reaches every node");
    let (mut bump, mut bumpalo) = (Bump::new(), bumpalo::Bump::new());
    assert_eq!(bumpkit_round(&mut bump), expected);
    assert_eq!(bumpalo_round(&mut bumpalo), expected);
    let mut labels = Bump::new();
    let (first, after) = pool_round(&mut labels, true);
    assert_eq!(first, expected);
    assert_eq!(slotmap_round(&mut labels, true), (first, after));
    assert_eq!(vec_round(&mut labels, true), (first, after));
    let after = after.expect("a second BFS");
    println!(
        "graph: {NODES} nodes, {} edges; BFS from node 0 reaches all, depth up to {}",
        NODES * (1 + EXTRA_EDGES),
        expected.max_depth
    );
    println!(
        "after removing every tenth node and the edges into it, BFS reaches {}, depth up to {}",
        after.visited, after.max_depth
    );

    let (_, rc_heap) = count_heap(rc_round);
    let (_, bumpkit_heap) = count_heap(|| bumpkit_round(&mut Bump::new()));
    let (_, bumpalo_heap) = count_heap(|| bumpalo_round(&mut bumpalo::Bump::new()));
    let (_, pool_heap) = count_heap(|| pool_round(&mut Bump::new(), false));

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
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(pool_round(&mut labels, false));
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
        ("bumpkit (Bump)", times[1], bumpkit_heap),
        ("bumpalo", times[2], bumpalo_heap),
        ("bumpkit (KeyedPool + Bump)", times[3], pool_heap),
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
    println!(
        "KeyedPool / Bump: {:.2}x; fastest bumpkit / bumpalo: {:.2}x",
        times[3] / times[1],
        times[1].min(times[3]) / times[2]
    );

    let (_, pool_heap) = count_heap(|| pool_round(&mut Bump::new(), true));
    let (_, slotmap_heap) = count_heap(|| slotmap_round(&mut Bump::new(), true));
    let (_, vec_heap) = count_heap(|| vec_round(&mut Bump::new(), true));
    let (mut l1, mut l2, mut l3) = (Bump::new(), Bump::new(), Bump::new());
    let mut contenders = [
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(pool_round(&mut l1, true));
            });
        }),
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(slotmap_round(&mut l2, true));
            });
        }),
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(vec_round(&mut l3, true));
            });
        }),
    ];
    let times = time_interleaved(&mut contenders, 21);
    println!(
        "\n{:<34} {:>11} {:>8} {:>11} {:>12} {:>12}",
        "build + BFS + remove 10% + BFS",
        "time/round",
        "vs pool",
        "peak heap",
        "heap allocs",
        "heap bytes"
    );
    let rows = [
        ("bumpkit KeyedPool + Key", times[0], pool_heap),
        ("slotmap SlotMap + DefaultKey", times[1], slotmap_heap),
        ("Vec<Option<_>> + usize", times[2], vec_heap),
    ];
    for (name, ns, heap) in rows {
        println!(
            "{name:<34} {:>8.2} ms {:>7.2}x {:>11} {:>12} {:>12}",
            ns / 1e6,
            ns / times[0],
            fmt_bytes(heap.peak),
            heap.allocs,
            fmt_bytes(heap.bytes)
        );
    }

    // Once warm (one round run and reset), each arena round reuses the arena's memory.
    let mut warm = Bump::new();
    bumpkit_round(&mut warm);
    let (_, steady) = count_heap(|| {
        (0..10).for_each(|_| {
            std::hint::black_box(bumpkit_round(&mut warm));
        })
    });
    let mut warm_bumpalo = bumpalo::Bump::new();
    bumpalo_round(&mut warm_bumpalo);
    let (_, steady_bumpalo) = count_heap(|| {
        (0..10).for_each(|_| {
            std::hint::black_box(bumpalo_round(&mut warm_bumpalo));
        })
    });
    let stats = warm.stats();
    println!(
        "after warm-up, heap allocations per round: bumpkit {} (the Bump holds {} in {} \
         chunk(s)), bumpalo {}",
        steady.allocs / 10,
        fmt_bytes(stats.reserved_bytes as u64),
        stats.chunk_count,
        steady_bumpalo.allocs as f64 / 10.0
    );
    assert_eq!(steady.allocs, 0, "a warm bumpkit round allocates nothing");
}
