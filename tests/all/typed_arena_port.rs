//! typed-arena 2.0.2's own tests (src/test.rs), ported to `TypedArena`. Assertions on its
//! private chunk list became assertions on what a user can see (where values land); the
//! tests of `uninitialized_array` (an API we do not have) are left out, and those of
//! `alloc_uninitialized` check our semantics: the room is never dropped by the arena.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::ptr;

use bumpkit::TypedArena;

struct DropTracker<'a>(&'a Cell<u32>);

impl Drop for DropTracker<'_> {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

/// A node linking to an older one; its tracker counts its drop.
struct Node<'a, 'b>(
    Option<&'a Node<'a, 'b>>,
    u32,
    #[allow(dead_code, reason = "dropped, never read")] DropTracker<'b>,
);

#[test]
fn arena_as_intended() {
    let drop_counter = Cell::new(0);
    {
        let arena = TypedArena::with_capacity(2);
        let mut node: &Node<'_, '_> = arena.alloc(Node(None, 1, DropTracker(&drop_counter)));
        node = arena.alloc(Node(Some(node), 2, DropTracker(&drop_counter)));
        node = arena.alloc(Node(Some(node), 3, DropTracker(&drop_counter)));
        node = arena.alloc(Node(Some(node), 4, DropTracker(&drop_counter)));
        assert_eq!(node.1, 4);
        assert_eq!(node.0.unwrap().1, 3);
        assert_eq!(node.0.unwrap().0.unwrap().1, 2);
        assert_eq!(node.0.unwrap().0.unwrap().0.unwrap().1, 1);
        assert!(node.0.unwrap().0.unwrap().0.unwrap().0.is_none());
        assert_eq!(arena.len(), 4);
        assert_eq!(drop_counter.get(), 0);

        let mut node: &Node<'_, '_> = arena.alloc(Node(None, 5, DropTracker(&drop_counter)));
        node = arena.alloc(Node(Some(node), 6, DropTracker(&drop_counter)));
        node = arena.alloc(Node(Some(node), 7, DropTracker(&drop_counter)));
        assert_eq!(node.1, 7);
        assert_eq!(node.0.unwrap().1, 6);
        assert_eq!(node.0.unwrap().0.unwrap().1, 5);
        assert!(node.0.unwrap().0.unwrap().0.is_none());
        assert_eq!(drop_counter.get(), 0);
    }
    assert_eq!(drop_counter.get(), 7);
}

#[test]
fn ensure_into_vec_maintains_order_of_allocation() {
    let arena = TypedArena::with_capacity(1); // force multiple inner vecs
    for &s in &["t", "e", "s", "t"] {
        arena.alloc(String::from(s));
    }
    assert_eq!(arena.into_vec(), ["t", "e", "s", "t"]);
}

#[test]
fn test_zero_cap() {
    let arena = TypedArena::with_capacity(0);
    let a = arena.alloc(1);
    let b = arena.alloc(2);
    assert_eq!(*a, 1);
    assert_eq!(*b, 2);
    assert_eq!(arena.len(), 2);
}

#[test]
fn test_alloc_extend() {
    let arena = TypedArena::with_capacity(2);
    for i in 0..15 {
        let slice = arena.alloc_extend(0..i);
        for (j, &elem) in slice.iter().enumerate() {
            assert_eq!(j, elem);
        }
    }
}

#[test]
fn test_alloc_uninitialized() {
    const LIMIT: usize = 15;
    let drop_counter = Cell::new(0);
    {
        let arena: TypedArena<Node<'_, '_>> = TypedArena::with_capacity(4);
        for i in 0..LIMIT {
            let slice = arena.alloc_uninitialized(i);
            for (j, elem) in slice.iter_mut().enumerate() {
                elem.write(Node(None, j as u32, DropTracker(&drop_counter)));
            }
            assert_eq!(drop_counter.get(), 0);
        }
    }
    // typed-arena counts the room as values and drops them (105 here); ours never drops it.
    assert_eq!(drop_counter.get(), 0);
}

#[test]
fn test_alloc_extend_with_drop_counter() {
    let drop_counter = Cell::new(0);
    {
        let arena = TypedArena::with_capacity(2);
        let iter = (0..100).map(|j| Node(None, j as u32, DropTracker(&drop_counter)));
        let older_ref = Some(&arena.alloc_extend(iter)[0]);
        assert_eq!(drop_counter.get(), 0);
        let iter = (0..100).map(|j| Node(older_ref, j as u32, DropTracker(&drop_counter)));
        arena.alloc_extend(iter);
        assert_eq!(drop_counter.get(), 0);
    }
    assert_eq!(drop_counter.get(), 200);
}

/// Bools have invalid bit patterns, so an uninitialised one read as a `bool` is UB: Miri
/// checks that nothing does.
#[test]
fn test_alloc_uninitialized_bools() {
    const LEN: usize = 20;
    let arena: TypedArena<bool> = TypedArena::with_capacity(2);
    let slice = arena.alloc_uninitialized(LEN);
    for elem in slice.iter_mut() {
        elem.write(true);
    }
    // SAFETY: every element was just written.
    let slice: &mut [bool] = unsafe { &mut *(ptr::from_mut(slice) as *mut [bool]) };
    assert_eq!(&[true; LEN], slice);
}

/// A panic while the room is being filled drops nothing uninitialised (typed-arena needs
/// `reserve_extend` + `uninitialized_array` for this; ours is safe as is).
#[test]
fn alloc_uninitialized_with_panic() {
    struct Dropper(bool);

    impl Drop for Dropper {
        fn drop(&mut self) {
            assert!(!self.0, "a value written in the room was dropped");
        }
    }
    let mut reached_first_init = false;
    let result = panic::catch_unwind(AssertUnwindSafe(|| {
        let arena: TypedArena<Dropper> = TypedArena::new();
        arena.reserve_extend(2);
        arena.alloc(Dropper(false));
        let room = arena.alloc_uninitialized(2);
        room[0].write(Dropper(true));
        reached_first_init = true;
        panic!("To drop the arena");
    }));
    assert!(result.is_err());
    assert!(reached_first_init);
}

#[test]
fn dont_trust_the_iterator_size() {
    use std::iter::repeat_n;

    struct WrongSizeIter<I>(I);
    impl<I: Iterator> Iterator for WrongSizeIter<I> {
        type Item = I::Item;

        fn next(&mut self) -> Option<Self::Item> {
            self.0.next()
        }

        fn size_hint(&self) -> (usize, Option<usize>) {
            (0, Some(0))
        }
    }

    impl<I: Iterator> ExactSizeIterator for WrongSizeIter<I> {}

    let arena = TypedArena::with_capacity(2);
    let first: *const i32 = arena.alloc(0);
    let slice = arena.alloc_extend(WrongSizeIter(repeat_n(1, 1_000)));
    assert_eq!(slice.len(), 1000);
    assert!(slice.iter().all(|&x| x == 1));
    // Allocation of 1000 elements should have moved them to a new chunk.
    assert_ne!(slice.as_ptr(), first.wrapping_add(1));
}

#[test]
fn arena_is_send() {
    fn assert_is_send<T: Send>(_: T) {}

    assert_is_send(42_u32);
    let arena: TypedArena<u32> = TypedArena::new();
    assert_is_send(arena);
}

#[derive(Debug, PartialEq, Eq)]
struct NonCopy(usize);

fn iter_mut_check(cap: usize, max: usize) {
    let mut arena = TypedArena::with_capacity(cap);
    for i in 1..max {
        arena.alloc(NonCopy(i));
    }
    let mut iter = arena.iter_mut();
    for i in 1..max {
        assert_eq!(Some(&mut NonCopy(i)), iter.next());
    }
    assert_eq!(None, iter.next());
}

#[test]
fn iter_mut_low_capacity() {
    iter_mut_check(16, 1_000);
}

#[test]
fn iter_mut_high_capacity() {
    iter_mut_check(8192, 1_000);
}

/// typed-arena only bounds its size hint within a factor of 3; ours is exact.
#[test]
fn size_hint() {
    let max = if cfg!(miri) { 20 } else { 32 };
    for cap in 0..16 {
        let mut arena = TypedArena::with_capacity(cap);
        for i in 1..max {
            arena.alloc(NonCopy(i));
            assert_eq!(arena.iter_mut().size_hint(), (i, Some(i)));
        }
    }
}

/// `alloc_extend` must not invalidate existing references (meaningful under Miri).
#[test]
fn check_extend_provenance() {
    let arena = TypedArena::new();
    let a = arena.alloc(0);
    arena.alloc_extend([0]);
    *a = 1;
    assert_eq!(*a, 1);
}

#[test]
fn size_hint_many_items() {
    let max = if cfg!(miri) { 500 } else { 100_000 };
    let mut arena = TypedArena::with_capacity(16);
    for i in 1..max {
        arena.alloc(NonCopy(i));
    }
    assert_eq!(arena.iter_mut().size_hint(), (max - 1, Some(max - 1)));
}
