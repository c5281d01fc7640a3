//! Panics in user code (`Drop`, `Clone`, iterators, `Default`, closures) never drop a value
//! twice or leak one, and leave the container usable.

use std::panic::{AssertUnwindSafe, catch_unwind};

use bumpkit::{Pool, PoolBox, TypedArena};

use crate::common::panic_message;
use crate::drop_order::{DropLog, Tracked};

#[test]
fn typed_arena_drop_keeps_dropping_after_a_panicking_destructor() {
    let log = DropLog::default();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let arena = TypedArena::with_capacity(2);
        for id in 0..7 {
            if id == 3 {
                arena.alloc(log.track_panicking(id));
            } else {
                arena.alloc(log.track(id));
            }
        }
    }));
    assert_eq!(panic_message(result), "Tracked 3 panics on drop");
    assert_eq!(log.dropped(), (0..7).collect::<Vec<_>>());
}

#[test]
fn typed_arena_clear_keeps_dropping_after_a_panicking_destructor() {
    let log = DropLog::default();
    let mut arena = TypedArena::with_capacity(2);
    for id in 0..7 {
        if id == 1 {
            arena.alloc(log.track_panicking(id));
        } else {
            arena.alloc(log.track(id));
        }
    }
    let result = catch_unwind(AssertUnwindSafe(|| arena.clear()));
    assert_eq!(panic_message(result), "Tracked 1 panics on drop");
    assert_eq!(log.dropped(), (0..7).collect::<Vec<_>>());
    assert!(arena.is_empty());
    arena.alloc(log.track(7));
    arena.alloc_extend((8..12).map(|id| log.track(id)));
    drop(arena);
    assert_eq!(log.dropped(), (0..12).collect::<Vec<_>>());
}

#[test]
fn typed_arena_keeps_the_items_a_panicking_iterator_yielded() {
    // Panic before and after the run outgrew its first chunk.
    for panic_at in [2, 9] {
        let log = DropLog::default();
        let arena = TypedArena::with_capacity(4);
        arena.alloc(log.track(100));
        let result = catch_unwind(AssertUnwindSafe(|| {
            arena.alloc_extend((0..20).map(|id| {
                assert!(id != panic_at, "iterator gives up at {id}");
                log.track(id)
            }));
        }));
        assert_eq!(
            panic_message(result),
            format!("iterator gives up at {panic_at}")
        );
        assert!(log.dropped().is_empty());
        assert_eq!(arena.len(), 1 + panic_at as usize);
        arena.alloc(log.track(200));
        let run = arena.alloc_extend((300..305).map(|id| log.track(id)));
        assert_eq!(run.len(), 5);
        drop(arena);
        let mut expected = vec![100];
        expected.extend(0..panic_at);
        expected.push(200);
        expected.extend(300..305);
        assert_eq!(log.dropped(), expected);
    }
}

/// A value whose `clone` panics on the `n`-th call.
struct CloneBomb {
    tracked: Tracked,
    explode: bool,
}

impl Clone for CloneBomb {
    fn clone(&self) -> Self {
        assert!(!self.explode, "clone of {} panics", self.tracked.id);
        Self {
            tracked: self.tracked.clone(),
            explode: false,
        }
    }
}

#[test]
fn typed_arena_alloc_extend_survives_a_panicking_clone() {
    let log = DropLog::default();
    let sources: Vec<CloneBomb> = (0..6)
        .map(|id| CloneBomb {
            tracked: log.track(id),
            explode: id == 4,
        })
        .collect();
    let arena = TypedArena::with_capacity(2);
    let result = catch_unwind(AssertUnwindSafe(|| {
        arena.alloc_extend(sources.iter().cloned());
    }));
    assert_eq!(panic_message(result), "clone of 4 panics");
    assert_eq!(arena.len(), 4);
    drop(arena);
    assert_eq!(log.dropped(), [0, 1, 2, 3], "the four clones, once each");
    drop(sources);
    assert_eq!(log.dropped(), [0, 1, 2, 3, 0, 1, 2, 3, 4, 5]);
}

#[test]
fn pool_box_frees_its_slot_even_when_the_destructor_panics() {
    let log = DropLog::default();
    let pool = Pool::new();
    let keep = pool.alloc(log.track(0));
    let bomb = pool.alloc(log.track_panicking(1));
    let bomb_at = core::ptr::from_ref::<Tracked>(&bomb) as usize;
    let result = catch_unwind(AssertUnwindSafe(|| drop(bomb)));
    assert_eq!(panic_message(result), "Tracked 1 panics on drop");
    assert_eq!((log.dropped(), pool.len()), (vec![1], 1));
    let next = pool.alloc(log.track(2));
    assert_eq!(core::ptr::from_ref::<Tracked>(&next) as usize, bomb_at);
    drop((keep, next));
    assert_eq!(log.dropped(), [1, 0, 2]);
}

#[test]
fn a_destructor_may_allocate_from_its_own_pool() {
    struct Recycler<'p> {
        pool: &'p Pool<Option<Recycler<'p>>>,
        log: DropLog,
    }
    impl Drop for Recycler<'_> {
        fn drop(&mut self) {
            // The slot being dropped is not free yet, so this gets another one.
            PoolBox::leak(self.pool.alloc(None));
            self.log.track(9);
        }
    }
    let log = DropLog::default();
    let pool = Pool::new();
    let first = pool.alloc(Some(Recycler {
        pool: &pool,
        log: log.clone(),
    }));
    let first_at = core::ptr::from_ref::<Option<Recycler<'_>>>(&first) as usize;
    drop(first);
    assert_eq!((log.dropped(), pool.len()), (vec![9], 1));
    let reused = pool.alloc(None);
    assert_eq!(core::ptr::from_ref(&*reused) as usize, first_at);
}
