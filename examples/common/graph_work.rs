//! The `graph` example's workload, shared with the report: a cyclic graph of
//! [`NODES`] nodes built, searched breadth-first and freed, with `Rc` and in arenas.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};

use bumpkit::Bump;

pub(crate) const NODES: usize = 100_000;
pub(crate) const EXTRA_EDGES: usize = 3;

/// The edges of node `i`: the next node on the ring and [`EXTRA_EDGES`] pseudo-random ones.
pub(crate) fn edges_of(i: usize) -> [usize; 1 + EXTRA_EDGES] {
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
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Reach {
    pub(crate) visited: usize,
    pub(crate) max_depth: u32,
    pub(crate) depth_sum: u64,
    pub(crate) label_bytes: usize,
}

/// A node of the std version.
pub(crate) struct HeapNode {
    label: String,
    depth: Cell<u32>,
    edges: RefCell<Vec<Weak<HeapNode>>>,
}

pub(crate) fn rc_round() -> Reach {
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
pub(crate) struct Node<'a> {
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
    pub(crate) fn new() -> Self {
        Self {
            visited: 0,
            max_depth: 0,
            depth_sum: 0,
            label_bytes: 0,
        }
    }

    pub(crate) fn visit(&mut self, depth: u32, label: &str) {
        self.visited += 1;
        self.max_depth = self.max_depth.max(depth);
        self.depth_sum += u64::from(depth);
        self.label_bytes += label.len();
    }
}

/// BFS over arena nodes from `start`; `queue` has room for every node (each is queued at
/// most once), so it serves as the FIFO without growing.
pub(crate) fn bfs<'a>(start: &'a Node<'a>, queue: &mut [&'a Node<'a>]) -> Reach {
    let mut reach = Reach::new();
    start.depth.set(0);
    queue[0] = start;
    let (mut head, mut tail) = (0, 1);
    while head < tail {
        let node = queue[head];
        head += 1;
        reach.visit(node.depth.get(), node.label);
        for &next in node.edges.get() {
            if next.depth.get() == u32::MAX {
                next.depth.set(node.depth.get() + 1);
                queue[tail] = next;
                tail += 1;
            }
        }
    }
    reach
}

/// A label written straight into the arena (no temporary `String`).
pub(crate) fn label_in(bump: &Bump, i: usize) -> &str {
    bumpkit::format_in!(in bump, "node {i}").into_arena_str()
}

/// Builds the graph in `bump` (nodes, edge lists, labels, the index and the BFS queue) and
/// searches it; what it allocates stays until the caller resets the arena.
pub(crate) fn bumpkit_graph(bump: &Bump) -> Reach {
    let index: &[&Node<'_>] =
        bump.alloc_slice_fill_with(NODES, |i| &*bump.alloc(Node::new(label_in(bump, i))));
    for (i, node) in index.iter().enumerate() {
        node.edges
            .set(bump.alloc_slice_fill_iter(edges_of(i).map(|j| index[j])));
    }
    bfs(index[0], bump.alloc_slice_fill_copy(NODES, index[0]))
}

pub(crate) fn bumpkit_round(bump: &mut Bump) -> Reach {
    let reach = bumpkit_graph(bump);
    bump.reset();
    reach
}

pub(crate) fn bumpalo_round(bump: &mut bumpalo::Bump) -> Reach {
    let reach = {
        let bump = &*bump;
        let index: &[&Node<'_>] = bump.alloc_slice_fill_with(NODES, |i| {
            let label = bumpalo::format!(in bump, "node {}", i).into_bump_str();
            &*bump.alloc(Node::new(label))
        });
        for (i, node) in index.iter().enumerate() {
            node.edges
                .set(bump.alloc_slice_fill_iter(edges_of(i).map(|j| index[j])));
        }
        bfs(index[0], bump.alloc_slice_fill_copy(NODES, index[0]))
    };
    bump.reset();
    reach
}
