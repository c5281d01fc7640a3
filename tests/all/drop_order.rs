//! Drop order and drop counts of `TypedArena`, `Pool` and the make family: every value is
//! dropped exactly once, in the documented order.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use bumpkit::{Pool, PoolBox, TypedArena};

/// Records the ids of dropped [`Tracked`] values, in drop order.
#[derive(Clone, Default)]
pub(crate) struct DropLog(Rc<RefCell<Vec<u32>>>);

impl DropLog {
    /// A value that logs `id` when dropped.
    pub(crate) fn track(&self, id: u32) -> Tracked {
        Tracked {
            id,
            log: self.clone(),
            panic_on_drop: false,
        }
    }

    /// A value that logs `id` and then panics when dropped.
    pub(crate) fn track_panicking(&self, id: u32) -> Tracked {
        Tracked {
            id,
            log: self.clone(),
            panic_on_drop: true,
        }
    }

    /// The ids dropped so far, in order.
    pub(crate) fn dropped(&self) -> Vec<u32> {
        self.0.borrow().clone()
    }

    /// Asserts that `0..n` were each dropped exactly once, in any order.
    pub(crate) fn assert_each_once(&self, n: u32) {
        let mut ids = self.dropped();
        ids.sort_unstable();
        assert_eq!(
            ids,
            (0..n).collect::<Vec<_>>(),
            "each value dropped exactly once"
        );
    }
}

/// A value that logs its drop; clones log under the same id.
pub(crate) struct Tracked {
    pub(crate) id: u32,
    log: DropLog,
    panic_on_drop: bool,
}

impl Clone for Tracked {
    fn clone(&self) -> Self {
        self.log.track(self.id)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        self.log.0.borrow_mut().push(self.id);
        if self.panic_on_drop {
            panic!("Tracked {} panics on drop", self.id);
        }
    }
}

#[repr(align(64))]
struct Aligned64(Tracked);

/// A zero-sized value that counts its drops.
struct CountedZst<'c>(&'c Cell<usize>);

impl Drop for CountedZst<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

#[test]
fn typed_arena_drops_in_allocation_order_across_chunks() {
    let log = DropLog::default();
    {
        let arena = TypedArena::with_capacity(3);
        for id in 0..10 {
            arena.alloc(log.track(id));
        }
        arena.alloc_extend((10..50).map(|id| log.track(id)));
        for id in 50..60 {
            arena.alloc(log.track(id));
        }
        assert!(log.dropped().is_empty(), "nothing dropped before the arena");
    }
    assert_eq!(log.dropped(), (0..60).collect::<Vec<_>>());
}

#[test]
fn typed_arena_clear_drops_in_order_and_later_values_after() {
    let log = DropLog::default();
    let mut arena = TypedArena::new();
    arena.alloc_extend((0..300).map(|id| log.track(id)));
    arena.alloc(log.track(300));
    arena.clear();
    assert_eq!(log.dropped(), (0..=300).collect::<Vec<_>>());
    arena.alloc(log.track(301));
    drop(arena);
    assert_eq!(log.dropped().last(), Some(&301));
    log.assert_each_once(302);
}

#[test]
fn typed_arena_into_vec_moves_values_out_without_dropping() {
    let log = DropLog::default();
    let arena = TypedArena::with_capacity(2);
    arena.alloc_extend((0..5).map(|id| log.track(id)));
    let values = arena.into_vec();
    assert!(log.dropped().is_empty());
    assert_eq!(
        values.iter().map(|t| t.id).collect::<Vec<_>>(),
        [0, 1, 2, 3, 4]
    );
    drop(values);
    assert_eq!(log.dropped(), [0, 1, 2, 3, 4]);
}

#[test]
fn typed_arena_drops_aligned_and_zero_sized_values() {
    let log = DropLog::default();
    let arena = TypedArena::with_capacity(1);
    for id in 0..5 {
        let value = arena.alloc(Aligned64(log.track(id)));
        assert_eq!(core::ptr::from_mut(value) as usize % 64, 0);
        assert_eq!(value.0.id, id);
    }
    drop(arena);
    assert_eq!(log.dropped(), [0, 1, 2, 3, 4]);

    let drops = Cell::new(0);
    let mut zsts = TypedArena::new();
    zsts.alloc(CountedZst(&drops));
    assert_eq!(
        zsts.alloc_extend((0..1000).map(|_| CountedZst(&drops)))
            .len(),
        1000
    );
    assert_eq!(zsts.len(), 1001);
    zsts.clear();
    assert_eq!(drops.get(), 1001);
    zsts.alloc(CountedZst(&drops));
    drop(zsts);
    assert_eq!(drops.get(), 1002);
}

/// A graph node that points into the arena it lives in, and counts its drops through a
/// field (a `Drop` impl on the node itself would make the cycle not compile, as for `Vec`).
struct Node<'a> {
    id: u32,
    edges: RefCell<Vec<&'a Node<'a>>>,
    next: Cell<Option<&'a Node<'a>>>,
    _tracked: Tracked,
}

#[test]
fn typed_arena_holds_cyclic_graphs_and_drops_them_cleanly() {
    let log = DropLog::default();
    {
        let arena = TypedArena::with_capacity(2);
        let nodes: Vec<&Node<'_>> = (0..10)
            .map(|id| {
                &*arena.alloc(Node {
                    id,
                    edges: RefCell::new(Vec::new()),
                    next: Cell::new(None),
                    _tracked: log.track(id),
                })
            })
            .collect();
        for (i, node) in nodes.iter().enumerate() {
            node.next.set(Some(nodes[(i + 1) % nodes.len()]));
            node.edges.borrow_mut().push(node); // a self-loop
        }
        let mut walk = nodes[3];
        for _ in 0..10 {
            walk = walk.next.get().unwrap();
        }
        assert_eq!(walk.id, 3);
        assert_eq!(nodes[4].edges.borrow()[0].id, 4);
    }
    assert_eq!(log.dropped(), (0..10).collect::<Vec<_>>());
}

#[test]
fn pool_box_drops_its_value_when_dropped() {
    let log = DropLog::default();
    let pool = Pool::new();
    let a = pool.alloc(log.track(0));
    let b = pool.alloc(log.track(1));
    drop(b);
    assert_eq!(log.dropped(), [1]);
    let c = pool.alloc(log.track(2));
    drop(a);
    assert_eq!(log.dropped(), [1, 0]);
    let inner = PoolBox::into_inner(c);
    assert_eq!(log.dropped(), [1, 0], "into_inner moves, it does not drop");
    drop(inner);
    assert_eq!(log.dropped(), [1, 0, 2]);
    assert!(pool.is_empty());
}

#[test]
fn pool_never_drops_leaked_values_and_clear_reuses_their_memory() {
    /// Logs its id on drop through a borrow, so a leaked one owns no heap memory.
    struct Logged<'l>(&'l RefCell<Vec<u32>>, u32);
    impl Drop for Logged<'_> {
        fn drop(&mut self) {
            self.0.borrow_mut().push(self.1);
        }
    }
    let log = RefCell::new(Vec::new());
    let mut pool = Pool::new();
    let leaked = PoolBox::leak(pool.alloc(Logged(&log, 0)));
    assert_eq!(leaked.1, 0);
    core::mem::forget(pool.alloc(Logged(&log, 1)));
    assert_eq!(pool.len(), 2);
    pool.clear();
    assert!(pool.is_empty());
    drop(pool.alloc(Logged(&log, 2)));
    drop(pool);
    assert_eq!(*log.borrow(), [2]);
}

#[test]
fn pool_drops_aligned_and_zero_sized_values() {
    let log = DropLog::default();
    let pool = Pool::new();
    let boxes: Vec<_> = (0..40)
        .map(|id| pool.alloc(Aligned64(log.track(id))))
        .collect();
    for b in &boxes {
        assert_eq!(core::ptr::from_ref::<Aligned64>(b) as usize % 64, 0);
    }
    drop(boxes);
    assert_eq!(log.dropped(), (0..40).collect::<Vec<_>>());

    let drops = Cell::new(0);
    let zsts = Pool::new();
    let boxes: Vec<_> = (0..100).map(|_| zsts.alloc(CountedZst(&drops))).collect();
    assert_eq!(zsts.len(), 100);
    drop(boxes);
    assert_eq!((drops.get(), zsts.len()), (100, 0));
}
