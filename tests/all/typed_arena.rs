//! TypedArena: allocation, contiguous `alloc_extend` whatever the size hint, memory reuse,
//! iteration, zero-sized and over-aligned types, auto traits.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use bumpkit::{TypedArena, TypedArenaIterMut};
use proptest::prelude::*;
use static_assertions::{assert_impl_all, assert_not_impl_any};

use crate::common::panic_message;
use crate::drop_order::DropLog;

assert_impl_all!(TypedArena<u32>: Send, Default, core::fmt::Debug);
assert_not_impl_any!(TypedArena<u32>: Sync, Clone);
assert_not_impl_any!(TypedArena<std::rc::Rc<u32>>: Send);
assert_impl_all!(TypedArenaIterMut<'static, u32>: Send, Sync, ExactSizeIterator);

/// Yields `items` while claiming a size hint of `hint`.
struct LyingIter {
    next: usize,
    items: usize,
    hint: (usize, Option<usize>),
}

impl Iterator for LyingIter {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        (self.next < self.items).then(|| {
            self.next += 1;
            self.next - 1
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.hint
    }
}

fn lying(items: usize, hint: (usize, Option<usize>)) -> LyingIter {
    LyingIter {
        next: 0,
        items,
        hint,
    }
}

#[repr(align(64))]
#[derive(Debug, Clone, Copy, PartialEq)]
struct Aligned64(u8);

#[test]
fn alloc_returns_distinct_stable_references() {
    let arena = TypedArena::with_capacity(2);
    let refs: Vec<&mut u64> = (0..1000).map(|i| arena.alloc(i)).collect();
    for (i, r) in refs.iter().enumerate() {
        assert_eq!(**r, i as u64);
    }
    assert_eq!(arena.len(), 1000);
}

#[test]
fn alloc_extend_is_contiguous_whatever_the_size_hint() {
    let hints = [
        (0, Some(0)),
        (0, None),
        (3, Some(3)),
        (10_000, None),
        (usize::MAX, None),
    ];
    for hint in hints {
        for before in [0, 1, 5] {
            for items in [0, 1, 4, 5, 6, 100, 1000] {
                let arena = TypedArena::with_capacity(5);
                for _ in 0..before {
                    arena.alloc(usize::MAX);
                }
                let run = arena.alloc_extend(lying(items, hint));
                assert_eq!(run, (0..items).collect::<Vec<_>>(), "hint {hint:?}");
                assert_eq!(arena.len(), before + items);
                let older: Vec<_> = arena.into_vec();
                assert_eq!(&older[..before], vec![usize::MAX; before]);
            }
        }
    }
}

#[test]
fn alloc_extend_runs_stay_valid_while_more_is_allocated() {
    let arena = TypedArena::with_capacity(4);
    let first = arena.alloc_extend(0..3u32);
    let second = arena.alloc_extend(10..20u32);
    let single = arena.alloc(99u32);
    let third = arena.alloc_extend(lying(50, (0, Some(0))).map(|i| i as u32));
    assert_eq!(first, [0, 1, 2]);
    assert_eq!(second, (10..20).collect::<Vec<_>>());
    assert_eq!(*single, 99);
    assert_eq!(third.len(), 50);
    assert_eq!(arena.into_vec().len(), 64);
}

#[test]
fn alloc_extend_fills_the_current_chunk_in_place_when_it_fits() {
    let arena = TypedArena::with_capacity(10);
    let head: *const u8 = arena.alloc(0u8);
    let run = arena.alloc_extend(1..10u8);
    // SAFETY: `head` points into the chunk of capacity 10, so `head + 1` is in bounds.
    assert_eq!(run.as_ptr(), unsafe { head.add(1) });
}

#[test]
fn an_iterator_that_allocates_into_the_same_arena_panics_and_leaves_it_usable() {
    let arena = TypedArena::new();
    arena.alloc(1u32);
    let result = catch_unwind(AssertUnwindSafe(|| {
        arena.alloc_extend((0..3).inspect(|&i| {
            if i == 2 {
                arena.alloc(100);
            }
        }));
    }));
    assert!(panic_message(result).contains("allocated into the same arena"));
    assert_eq!(arena.len(), 3, "the first value and the two items taken");
    arena.alloc(4);
    arena.alloc_extend([5, 6]);
    assert_eq!(arena.into_vec(), [1, 0, 1, 4, 5, 6]);
}

#[test]
fn len_seen_from_inside_alloc_extend_counts_older_values() {
    let arena = TypedArena::with_capacity(8);
    arena.alloc_extend([7u8; 3]);
    let seen = Cell::new(0);
    arena.alloc_extend((0..20u8).inspect(|_| seen.set(arena.len())));
    assert_eq!(seen.get(), 3);
    assert_eq!(arena.len(), 23);
}

#[test]
fn clear_keeps_every_chunk_for_reuse() {
    let mut arena = TypedArena::with_capacity(4);
    // Chunks of 4, 8, 16, 32 and 64 values, all full.
    let mut first_round = Vec::new();
    for i in 0..124u64 {
        first_round.push(core::ptr::from_mut(arena.alloc(i)));
    }
    arena.clear();
    assert!(arena.is_empty());
    let mut second_round = Vec::new();
    for i in 0..124u64 {
        second_round.push(core::ptr::from_mut(arena.alloc(i)));
    }
    first_round.sort_unstable();
    second_round.sort_unstable();
    second_round.dedup();
    assert_eq!(second_round.len(), 124);
    // The largest chunk is reused first, then the spares: all addresses were seen before.
    assert!(
        second_round
            .iter()
            .all(|p| first_round.binary_search(p).is_ok())
    );
}

/// Allocates `count` values one by one and returns the lengths of the runs of adjacent
/// addresses: the chunks, since two heap blocks are never back to back.
fn chunk_lengths<T>(arena: &TypedArena<T>, count: usize, make: impl Fn() -> T) -> Vec<usize> {
    let mut lengths = Vec::new();
    let mut next = 0;
    for _ in 0..count {
        let at = core::ptr::from_mut(arena.alloc(make())) as usize;
        match lengths.last_mut() {
            Some(len) if at == next => *len += 1,
            _ => lengths.push(1),
        }
        next = at + size_of::<T>();
    }
    lengths
}

#[test]
fn chunks_double_from_the_capacity_and_stop_at_4_mib() {
    let arena = TypedArena::with_capacity(4);
    assert_eq!(chunk_lengths(&arena, 124, || 0u64), [4, 8, 16, 32, 64]);
    // 64 KiB values: a 4 MiB chunk holds 64 of them, so the doubling stops there.
    let big = TypedArena::with_capacity(1);
    let lengths = chunk_lengths(&big, 191, || [7u8; 1 << 16]);
    assert_eq!(lengths, [1, 2, 4, 8, 16, 32, 64, 64]);
    // Without a capacity, the first chunk takes 4 KiB.
    let fresh = TypedArena::new();
    assert_eq!(chunk_lengths(&fresh, 1536, || 0u64), [512, 1024]);
}

#[test]
fn a_run_alone_in_its_chunk_grows_that_chunk_and_leaves_no_small_chunks_behind() {
    let arena = TypedArena::with_capacity(2);
    assert_eq!(arena.alloc_extend(0..10u64).len(), 10);
    // The run's chunk grew to 16 values; the chunks after it follow the schedule from the
    // capacity (4, then 8), not chunks the run left behind (8, 4, 2).
    assert_eq!(chunk_lengths(&arena, 18, || 0u64), [6, 4, 8]);
}

#[test]
fn an_arena_of_a_type_larger_than_a_chunk_starts_empty() {
    // 1 PiB per value: no chunk size fits one, yet an empty arena needs no memory.
    let arena = TypedArena::<[u8; 1 << 50]>::with_capacity(0);
    assert!(arena.is_empty());
    assert!(TypedArena::<[u8; 1 << 50]>::new().is_empty());
}

#[test]
fn into_vec_gathers_every_chunk_into_one_exact_allocation() {
    let arena = TypedArena::with_capacity(2);
    assert!(arena.is_empty());
    for i in 0..7u32 {
        arena.alloc(i); // chunks of 2 and 4 fill, the third holds one value
    }
    assert!(!arena.is_empty());
    let all = arena.into_vec();
    assert_eq!(all, [0, 1, 2, 3, 4, 5, 6]);
    assert_eq!(all.capacity(), 7, "sized once from the chunks' lengths");
}

#[test]
fn iter_mut_visits_values_in_allocation_order() {
    let mut arena = TypedArena::with_capacity(3);
    arena.alloc(0);
    arena.alloc_extend(1..8);
    arena.alloc(8);
    let mut iter = arena.iter_mut();
    assert_eq!(iter.len(), 9);
    let mut left = 9;
    while let Some(value) = iter.next() {
        left -= 1;
        assert_eq!(iter.size_hint(), (left, Some(left)));
        *value *= 2;
    }
    let doubled: Vec<i32> = (&mut arena).into_iter().map(|v| *v).collect();
    assert_eq!(doubled, (0..9).map(|v| v * 2).collect::<Vec<_>>());
    assert_eq!(arena.into_iter().collect::<Vec<_>>(), doubled);
}

#[test]
fn over_aligned_values_are_aligned_everywhere() {
    let arena = TypedArena::with_capacity(3);
    for i in 0..20 {
        let value = arena.alloc(Aligned64(i));
        assert_eq!(core::ptr::from_mut(value) as usize % 64, 0);
    }
    let run = arena.alloc_extend((0..50).map(Aligned64));
    assert_eq!(run.as_ptr() as usize % 64, 0);
    assert_eq!(run[49], Aligned64(49));
}

#[test]
fn zero_sized_values_take_no_memory_and_count() {
    let mut arena = TypedArena::new();
    let unit: *mut () = arena.alloc(());
    assert!(!unit.is_null());
    assert_eq!(
        arena
            .alloc_extend(lying(10_000, (0, Some(0))).map(|_| ()))
            .len(),
        10_000
    );
    assert_eq!(arena.len(), 10_001);
    assert_eq!(arena.iter_mut().len(), 10_001);
    arena.clear();
    assert!(arena.is_empty());
    assert_eq!(arena.into_vec().len(), 0);
}

#[test]
fn capacity_overflow_is_an_error_or_a_clear_panic() {
    let err = TypedArena::<[u8; 16]>::try_with_capacity(usize::MAX / 8).unwrap_err();
    assert_eq!(err.kind(), bumpkit::AllocErrorKind::SizeOverflow);
    let message = panic_message(catch_unwind(|| {
        TypedArena::<u64>::with_capacity(usize::MAX)
    }));
    assert!(message.contains("elements of 8 bytes"), "{message}");
}

#[test]
fn debug_shows_the_length() {
    let arena = TypedArena::new();
    arena.alloc_extend(["a", "b"]);
    assert_eq!(format!("{arena:?}"), "TypedArena { len: 2, .. }");
    let mut arena = arena;
    let mut iter = arena.iter_mut();
    iter.next();
    assert_eq!(format!("{iter:?}"), "IterMut { remaining: 1, .. }");
}

#[derive(Clone, Debug)]
enum Op {
    Alloc,
    Extend {
        items: usize,
        hint: (usize, Option<usize>),
    },
    Mutate(usize, u32),
    Clear,
    Reserve(usize),
    Uninit(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let hint = prop_oneof![
        Just((0, Some(0))),
        Just((0, None)),
        (0..50usize).prop_map(|n| (n, Some(n))),
        Just((usize::MAX, None)),
    ];
    prop_oneof![
        4 => Just(Op::Alloc),
        3 => (0..40usize, hint).prop_map(|(items, hint)| Op::Extend { items, hint }),
        2 => (any::<usize>(), any::<u32>()).prop_map(|(i, v)| Op::Mutate(i, v)),
        1 => Just(Op::Clear),
        1 => (0..40usize).prop_map(Op::Reserve),
        1 => (0..20usize).prop_map(Op::Uninit),
    ]
}

proptest! {
    /// Every op applied to a `TypedArena` of drop-logging values and to a `Vec` of their
    /// ids: same values in the same order, and the drop log holds exactly the cleared ids,
    /// in allocation order.
    #[test]
    fn typed_arena_matches_a_vec_model(
        first_chunk in 1..8usize,
        ops in proptest::collection::vec(op(), 1..if cfg!(miri) { 16 } else { 60 }),
    ) {
        let log = DropLog::default();
        let mut arena = TypedArena::with_capacity(first_chunk);
        let mut model: Vec<(u32, u32)> = Vec::new(); // (id, payload)
        let mut dropped_model: Vec<u32> = Vec::new();
        let mut next_id = 0u32;
        for op in ops {
            match op {
                Op::Alloc => {
                    let value = arena.alloc((log.track(next_id), next_id));
                    prop_assert_eq!(value.1, next_id);
                    model.push((next_id, next_id));
                    next_id += 1;
                }
                Op::Extend { items, hint } => {
                    let start = next_id;
                    let run = arena.alloc_extend(
                        lying(items, hint).map(|i| (log.track(start + i as u32), start + i as u32)),
                    );
                    prop_assert_eq!(run.len(), items);
                    for (i, value) in run.iter().enumerate() {
                        prop_assert_eq!(value.1, start + i as u32);
                    }
                    model.extend((start..start + items as u32).map(|id| (id, id)));
                    next_id += items as u32;
                }
                Op::Mutate(i, payload) if !model.is_empty() => {
                    let at = i % model.len();
                    arena.iter_mut().nth(at).unwrap().1 = payload;
                    model[at].1 = payload;
                }
                Op::Clear => {
                    arena.clear();
                    dropped_model.extend(model.drain(..).map(|(id, _)| id));
                }
                Op::Reserve(num) => {
                    arena.reserve_extend(num);
                    // The next `num` values land next to each other.
                    let run = arena.alloc_extend((0..num as u32).map(|i| (log.track(next_id + i), next_id + i)));
                    prop_assert_eq!(run.len(), num);
                    model.extend((next_id..next_id + num as u32).map(|id| (id, id)));
                    next_id += num as u32;
                }
                Op::Uninit(num) => {
                    // Room apart from the values, left uninitialised: were it ever dropped,
                    // seen or counted as values, the checks below (and Miri) would fail.
                    prop_assert_eq!(arena.alloc_uninitialized(num).len(), num);
                }
                Op::Mutate(..) => {}
            }
            prop_assert_eq!(arena.len(), model.len());
            let seen: Vec<(u32, u32)> = arena.iter_mut().map(|v| (v.0.id, v.1)).collect();
            prop_assert_eq!(&seen, &model);
            prop_assert_eq!(log.dropped(), dropped_model.clone());
        }
        drop(arena);
        dropped_model.extend(model.iter().map(|(id, _)| id));
        prop_assert_eq!(log.dropped(), dropped_model, "drop order is allocation order");
    }
}

#[test]
fn reserve_extend_makes_the_next_values_contiguous() {
    let arena = TypedArena::with_capacity(4);
    arena.alloc(0u32);
    arena.reserve_extend(100);
    let first: *const u32 = arena.alloc(1);
    let rest = arena.alloc_extend(2..101);
    // SAFETY: only compared, never read.
    assert_eq!(rest.as_ptr(), unsafe { first.add(1) });
    arena.reserve_extend(0);
    arena.reserve_extend(3); // fits already: nothing changes
    assert_eq!(arena.into_vec(), (0..101).collect::<Vec<_>>());
}

#[test]
fn reserve_extend_on_an_empty_chunk_too_small_replaces_it() {
    let mut arena = TypedArena::with_capacity(2);
    arena.reserve_extend(50);
    let run = arena.alloc_extend(0..50u16);
    assert_eq!(run.len(), 50);
    arena.clear();
    arena.reserve_extend(500); // the kept chunk is empty and too small
    let first: *const u16 = arena.alloc(7);
    let rest = arena.alloc_extend(0..499u16);
    // SAFETY: only compared, never read.
    assert_eq!(rest.as_ptr(), unsafe { first.add(1) });
    assert_eq!(arena.len(), 500);
}

#[test]
fn reserve_extend_keeps_the_drop_order() {
    let log = DropLog::default();
    {
        let arena = TypedArena::with_capacity(2);
        arena.alloc(log.track(0));
        arena.reserve_extend(10);
        arena.alloc(log.track(1));
        arena.alloc_extend((2..5).map(|id| log.track(id)));
        arena.reserve_extend(100);
        arena.alloc(log.track(5));
    }
    assert_eq!(log.dropped(), [0, 1, 2, 3, 4, 5]);
}

#[test]
fn reserve_extend_from_inside_alloc_extend_panics_and_leaves_the_arena_usable() {
    let arena = TypedArena::new();
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| {
        arena.alloc_extend((0..3u32).inspect(|_| arena.reserve_extend(10)));
    })));
    assert!(
        message.contains("allocated into the same arena"),
        "{message}"
    );
    arena.alloc(1);
    assert_eq!(arena.len(), 1);
}

#[test]
fn reserve_extend_overflow_is_an_error_or_a_clear_panic() {
    let arena = TypedArena::<u64>::new();
    let err = arena.try_reserve_extend(usize::MAX).unwrap_err();
    assert_eq!(err.kind(), bumpkit::AllocErrorKind::SizeOverflow);
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| {
        arena.reserve_extend(usize::MAX / 4);
    })));
    assert!(message.contains("elements of 8 bytes"), "{message}");
    assert_eq!(*arena.alloc(3), 3);
}

#[test]
fn uninitialised_room_is_never_dropped_counted_or_seen() {
    let drops = Cell::new(0);
    struct Counted<'c>(&'c Cell<usize>, u32);
    impl Drop for Counted<'_> {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }
    {
        let mut arena = TypedArena::with_capacity(2);
        arena.alloc(Counted(&drops, 0));
        let room = arena.alloc_uninitialized(10);
        assert_eq!(room.len(), 10);
        for (i, slot) in room.iter_mut().enumerate() {
            slot.write(Counted(&drops, 100 + i as u32));
        }
        arena.alloc(Counted(&drops, 1));
        assert_eq!(arena.len(), 2);
        // SAFETY: all ten were written above.
        assert_eq!(unsafe { room[9].assume_init_ref() }.1, 109);
        assert_eq!(arena.iter_mut().map(|c| c.1).collect::<Vec<_>>(), [0, 1]);
        arena.clear();
        assert_eq!(drops.get(), 2, "only the values were dropped");
        arena.alloc(Counted(&drops, 2));
    }
    assert_eq!(drops.get(), 3);
}

#[test]
fn uninitialised_room_is_stable_across_chunks_and_reused_after_clear() {
    let mut arena = TypedArena::<u64>::with_capacity(1);
    let mut rooms = Vec::new();
    for n in [0, 1, 5, 600, 3, 2000] {
        let room = arena.alloc_uninitialized(n);
        for (i, slot) in room.iter_mut().enumerate() {
            slot.write((n * 10_000 + i) as u64);
        }
        rooms.push((n, room.as_ptr()));
        arena.alloc(n as u64);
    }
    for &(n, ptr) in &rooms {
        for i in 0..n {
            // SAFETY: the room stays allocated and was written above; nothing else uses it.
            let value = unsafe { (*ptr.add(i)).assume_init() };
            assert_eq!(value, (n * 10_000 + i) as u64);
        }
    }
    arena.clear();
    let again = arena.alloc_uninitialized(2000).as_ptr();
    assert_eq!(again, rooms[5].1, "the largest room is kept and reused");
}

#[test]
fn uninitialised_room_for_zero_sized_or_over_aligned_types() {
    let arena = TypedArena::<()>::new();
    assert_eq!(arena.alloc_uninitialized(usize::MAX).len(), usize::MAX);
    assert!(arena.is_empty());
    let arena = TypedArena::<Aligned64>::new();
    let room = arena.alloc_uninitialized(7);
    assert_eq!(room.as_ptr() as usize % 64, 0);
    let err = arena.try_alloc_uninitialized(usize::MAX).unwrap_err();
    assert_eq!(err.kind(), bumpkit::AllocErrorKind::SizeOverflow);
}

#[test]
fn uninitialised_room_can_be_taken_while_extending() {
    let arena = TypedArena::new();
    let run = arena.alloc_extend((0..3u32).inspect(|_| {
        arena.alloc_uninitialized(4);
    }));
    assert_eq!(run, [0, 1, 2]);
}

#[test]
fn alloc_str_copies_utf8_into_a_byte_arena() {
    let arena = TypedArena::with_capacity(3);
    let a = arena.alloc_str("héllo, wörld");
    let b = arena.alloc_str("");
    let c = arena.alloc_str("日本");
    a.make_ascii_uppercase();
    assert_eq!((&*a, &*b, &*c), ("HéLLO, WöRLD", "", "日本"));
    assert_eq!(arena.len(), "héllo, wörld".len() + "日本".len());
    arena.alloc(b'!');
    assert_eq!(arena.into_vec().last(), Some(&b'!'));
}
