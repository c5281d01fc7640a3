//! ArenaVec: in-place growth, bounds, overflow, zero-sized types, panic safety, drop order,
//! iterators and the std-parity traits. The op-by-op model against `Vec` is in vec_model.rs.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};

use bumpkit::collections::vec::{Drain, IntoIter};
use bumpkit::{AllocErrorKind, ArenaString, ArenaVec, Bump, CollectIn, SyncBump, arena_vec};

use crate::common::{
    Log, Tracked, panic_message, panic_message_and_line, quiet_injected_panics, rounds, values,
};

#[test]
fn push_after_reserve_exact_keeps_the_buffer_when_newest() {
    let bump = Bump::with_capacity(1 << 20);
    let mut v: ArenaVec<'_, u64> = ArenaVec::with_capacity_in(1, &bump);
    v.push(0);
    let start = v.as_ptr();
    let n = rounds(10_000);
    for i in 1..n {
        v.reserve_exact(1);
        assert_eq!(v.capacity(), i + 1);
        v.push(i as u64);
    }
    assert_eq!(
        v.as_ptr(),
        start,
        "the buffer moved although it was the newest"
    );
    assert_eq!(
        bump.stats().allocated_bytes,
        n * 8,
        "no copy was left behind"
    );
    assert!(v.iter().copied().eq(0..n as u64));
}

#[test]
fn push_grows_in_place_when_newest() {
    let bump = Bump::with_capacity(1 << 16);
    let mut v = ArenaVec::new_in(&bump);
    v.push(0u32);
    let start = v.as_ptr();
    for i in 1..1000 {
        v.push(i);
    }
    assert_eq!(v.as_ptr(), start);
    assert_eq!(bump.stats().allocated_bytes, v.capacity() * 4);
}

#[test]
fn a_vector_that_is_not_newest_moves_with_its_contents() {
    let bump = Bump::new();
    let mut a = arena_vec![in &bump; 1u16, 2, 3];
    let b = arena_vec![in &bump; 9u16; 5];
    let before = a.as_ptr();
    a.extend_from_slice_copy(&[4, 5, 6, 7, 8]);
    assert_ne!(a.as_ptr(), before);
    assert_eq!(a, [1, 2, 3, 4, 5, 6, 7, 8]);
    assert_eq!(b, [9; 5]);
}

#[test]
fn dropping_the_newest_vector_gives_its_bytes_back() {
    let bump = Bump::new();
    let kept = bump.alloc(1u64);
    {
        let v = arena_vec![in &bump; 1u64, 2, 3];
        assert_eq!(bump.stats().allocated_bytes, 32);
        drop(v);
    }
    assert_eq!(bump.stats().allocated_bytes, 8);
    assert_eq!(*kept, 1);
    let mut v = ArenaVec::<u8>::with_capacity_in(100, &bump);
    v.push(1);
    v.shrink_to_fit();
    assert_eq!(bump.stats().allocated_bytes, 9);
}

#[test]
fn growth_crosses_chunks_and_keeps_the_contents() {
    let bump = Bump::builder()
        .first_chunk_size(128)
        .max_chunk_size(512)
        .build();
    let mut v = ArenaVec::new_in(&bump);
    // Each push past a chunk's 512 bytes copies the vector: quadratic, so Miri runs fewer.
    let n: u32 = if cfg!(miri) { 400 } else { 5000 };
    for i in 0..n {
        v.reserve_exact(1);
        v.push(i);
        if i % 97 == 0 {
            bump.alloc(i); // make the vector not the newest now and then
        }
    }
    assert!(v.iter().copied().eq(0..n));
}

#[test]
fn bounds_are_checked_against_len_not_capacity() {
    let bump = Bump::new();
    let mut v = ArenaVec::with_capacity_in(10, &bump);
    v.push(1u8);
    assert_eq!(v.get(1), None);
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| v.remove(1))));
    assert!(
        message.contains("removal index (is 1) should be < len (is 1)"),
        "{message}"
    );
    assert!(catch_unwind(AssertUnwindSafe(|| v[1])).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| v.swap_remove(1))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| v.insert(2, 0))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| drop(v.drain(0..2)))).is_err());
    let (start, end) = (1, 0);
    assert!(catch_unwind(AssertUnwindSafe(|| drop(v.drain(start..end)))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| v.split_off(2))).is_err());
    assert_eq!(v, [1]);
}

#[test]
fn shrink_to_keeps_the_larger_of_len_and_the_minimum_and_gives_the_rest_back() {
    let bump = Bump::new();
    let mut v = ArenaVec::with_capacity_in(100, &bump);
    v.extend_from_slice(&[1u32; 5]);
    v.shrink_to(20);
    assert_eq!((v.capacity(), bump.stats().allocated_bytes), (20, 80));
    v.shrink_to(2);
    assert_eq!((v.capacity(), bump.stats().allocated_bytes), (5, 20));
    assert_eq!(v, [1; 5]);
}

#[test]
fn remove_shifts_only_the_elements_after_the_index() {
    let bump = Bump::new();
    let mut v = ArenaVec::with_capacity_in(4, &bump);
    v.extend_from_slice(&[1u8, 2, 3]);
    v.spare_capacity_mut()[0].write(9);
    assert_eq!(v.remove(0), 1);
    assert_eq!(v, [2, 3]);
    // The slot past the old length was not read: the sentinel did not move down.
    let spare = v.spare_capacity_mut();
    // SAFETY: both slots were written (the last element's old copy and the sentinel).
    let (vacated, sentinel) = unsafe { (spare[0].assume_init(), spare[1].assume_init()) };
    assert_eq!((vacated, sentinel), (3, 9));
}

#[test]
fn extend_from_an_iterator_without_a_size_hint_never_writes_past_the_capacity() {
    let bump = Bump::new();
    let mut v = ArenaVec::with_capacity_in(4, &bump);
    v.push(0u32);
    let next_block = bump.alloc([7u32; 16]);
    v.extend((1..40).filter(|_| true));
    assert_eq!(*next_block, [7; 16]);
    assert!(v.iter().copied().eq(0..40));
}

#[test]
fn as_ref_as_mut_and_borrow_reach_the_elements() {
    use std::borrow::{Borrow, BorrowMut};
    let bump = Bump::new();
    let mut v = arena_vec![in &bump; 1, 2, 3];
    assert_eq!(AsRef::<[i32]>::as_ref(&v), [1, 2, 3]);
    AsMut::<[i32]>::as_mut(&mut v)[0] = 10;
    BorrowMut::<[i32]>::borrow_mut(&mut v)[1] = 20;
    assert_eq!(Borrow::<[i32]>::borrow(&v), [10, 20, 3]);
}

#[test]
fn spare_capacity_is_what_lies_past_len() {
    let bump = Bump::new();
    let mut v = ArenaVec::with_capacity_in(10, &bump);
    assert!(v.is_empty());
    assert_eq!(v.spare_capacity_mut().len(), 10);
    v.extend_from_slice(&[1u32, 2, 3]);
    assert!(!v.is_empty());
    let spare = v.spare_capacity_mut();
    assert_eq!(spare.len(), 7);
    spare[0].write(4);
    // SAFETY: the first spare slot, right after the three elements, was just written.
    unsafe { v.set_len(4) };
    assert_eq!(v, [1, 2, 3, 4]);
}

#[test]
fn capacity_overflow_is_an_error_or_a_clear_panic() {
    let bump = Bump::new();
    let mut v = arena_vec![in &bump; 1u64];
    let err = v.try_reserve(usize::MAX).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    let err = v.try_reserve_exact(usize::MAX / 8).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| v.reserve(usize::MAX / 4))));
    assert!(message.contains("elements of 8 bytes"), "{message}");
    let err = ArenaVec::<u32>::try_with_capacity_in(usize::MAX / 2, &bump).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    assert_eq!(v, [1]);
    assert_eq!(v.capacity(), 1);
}

#[test]
fn the_first_push_takes_a_small_block_at_the_cursor() {
    let bump = Bump::with_capacity(1 << 16);
    let mut bytes = ArenaVec::new_in(&bump);
    bytes.push(1u8);
    assert_eq!(bytes.capacity(), 8);
    assert_eq!(bump.stats().allocated_bytes, 8);
    let mut words = ArenaVec::new_in(&bump);
    words.push(1u64);
    assert_eq!(words.capacity(), 4);
    assert_eq!(bump.stats().allocated_bytes, 8 + 32);
    let mut pages = ArenaVec::new_in(&bump);
    pages.push([1u8; 2048]);
    assert_eq!(pages.capacity(), 1);
    // A first reservation bigger than the minimum takes exactly what it asks for.
    let mut text = ArenaVec::new_in(&bump);
    text.extend_from_slice_copy(b"twenty bytes of text");
    assert_eq!(text.capacity(), 20);
    // The first block is the newest, so the next growth is in place.
    let start = text.as_ptr();
    text.push(b'!');
    assert_eq!((text.as_ptr(), text.capacity()), (start, 40));
    assert_eq!((bytes[0], words[0], pages[0][2047]), (1, 1, 1));
}

#[test]
fn a_first_push_that_needs_a_new_chunk_or_fails_takes_the_full_path() {
    let bump = Bump::builder()
        .first_chunk_size(128)
        .max_chunk_size(256)
        .build();
    let slices: Vec<&mut [u64]> = (0..200u64)
        .map(|i| {
            let mut v = ArenaVec::new_in(&bump);
            v.push(i);
            v.into_arena_slice()
        })
        .collect();
    assert!(bump.stats().chunk_count > 1);
    assert!(slices.iter().map(|s| s[0]).eq(0..200));

    let bump = Bump::new();
    bump.set_allocation_limit(Some(0));
    let mut v = ArenaVec::new_in(&bump);
    let err = v.try_push(1u64).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitReached);
    assert!(v.is_empty());
    assert_eq!(v.capacity(), 0);
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| v.push(1))));
    assert!(
        message.contains("1 elements of 8 bytes") && message.contains("limit"),
        "{message}"
    );

    // The panicking growth paths name the caller's line (the one above each check), on the
    // first block and on later growth alike.
    let bump = Bump::new();
    let mut v = ArenaVec::<u8>::new_in(&bump);
    let mut s = ArenaString::new_in(&bump);
    bump.set_allocation_limit(Some(0));
    let (message, line) = panic_message_and_line(|| v.push(1));
    assert_eq!(line, line!() - 1, "{message}");
    let (message, line) = panic_message_and_line(|| v.extend_from_slice_copy(b"abc"));
    assert_eq!(line, line!() - 1, "{message}");
    let (message, line) = panic_message_and_line(|| s.push_str("abc"));
    assert_eq!(line, line!() - 1, "{message}");
    let (message, line) = panic_message_and_line(|| s.push('ß'));
    assert_eq!(line, line!() - 1, "{message}");
    bump.set_allocation_limit(None);
    s.push_str("12345678");
    v.extend_from_slice_copy(b"12345678");
    bump.set_allocation_limit(Some(bump.stats().reserved_bytes));
    let big = "x".repeat(64 << 10);
    let (message, line) = panic_message_and_line(|| s.push_str(&big));
    assert_eq!(line, line!() - 1, "{message}");
    assert!(message.contains("limit"), "{message}");
    let (message, line) = panic_message_and_line(|| v.extend_from_slice_copy(big.as_bytes()));
    assert_eq!(line, line!() - 1, "{message}");
    assert_eq!((s.as_str(), v.as_slice()), ("12345678", &b"12345678"[..]));

    let bump = Bump::new();
    let mut empty = ArenaVec::<u64>::new_in(&bump);
    let err = empty.try_reserve(usize::MAX / 8 + 1).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    let mut empty = ArenaVec::<u8>::new_in(&bump);
    let err = empty.try_reserve(isize::MAX as usize + 1).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    assert_eq!((empty.capacity(), bump.stats().allocated_bytes), (0, 0));
}

#[test]
fn the_allocation_limit_fails_try_forms_and_leaves_the_vector_intact() {
    let bump = Bump::builder().allocation_limit(Some(8 << 10)).build();
    let mut v = ArenaVec::new_in(&bump);
    v.try_extend(0..100u64).unwrap();
    let err = v.try_reserve_exact(10_000).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitReached);
    let mut full = ArenaVec::<u64>::with_capacity_in(v.len(), &bump);
    full.extend_from_slice_copy(&v);
    assert!(v.try_extend_from_slice_copy(&[0; 2000]).is_err());
    assert_eq!(v.len(), 100);
    assert!(v.iter().copied().eq(0..100));
}

#[repr(align(4096))]
#[derive(Clone, Debug, PartialEq)]
struct PageAlignedZst;

#[test]
fn zero_sized_elements_take_no_memory_and_are_aligned() {
    let bump = Bump::new();
    let mut v = ArenaVec::new_in(&bump);
    assert_eq!(v.capacity(), usize::MAX);
    for _ in 0..1000 {
        v.push(PageAlignedZst);
    }
    v.insert(500, PageAlignedZst);
    assert_eq!(v.remove(3), PageAlignedZst);
    assert_eq!(v.as_ptr() as usize % 4096, 0);
    assert_eq!(v.drain(10..20).count(), 10);
    v.shrink_to_fit();
    assert_eq!((v.len(), v.capacity()), (990, usize::MAX));
    let err = v.try_reserve(usize::MAX).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    let copy = v.clone();
    assert_eq!(copy.into_iter().rev().count(), 990);
    assert_eq!(bump.stats().allocated_bytes, 0);
    assert_eq!(bump.stats().reserved_bytes, 0);
    let sized: ArenaVec<'_, PageAlignedZst> = ArenaVec::with_capacity_in(3, &bump);
    assert_eq!(
        sized.capacity(),
        usize::MAX,
        "a ZST vector never needs to grow"
    );
}

#[test]
fn the_first_growth_reserves_a_few_slots_like_std() {
    let bump = Bump::new();
    let mut bytes = ArenaVec::new_in(&bump);
    bytes.push(1u8);
    let mut words = ArenaVec::new_in(&bump);
    words.push(1u32);
    let mut pages = ArenaVec::new_in(&bump);
    pages.push([0u8; 2048]);
    // std's `Vec` takes 8 slots for bytes, 4 up to 1 KiB elements, else 1.
    assert_eq!(
        (bytes.capacity(), words.capacity(), pages.capacity()),
        (8, 4, 1)
    );
    // Then each growth doubles, so pushes stay amortized O(1).
    bytes.extend_from_slice(&[2; 8]);
    assert_eq!(bytes.capacity(), 16);
    bytes.extend_from_slice(&[3; 8]);
    assert_eq!(bytes.capacity(), 32);
}

#[test]
fn zero_sized_elements_are_dropped_once_each() {
    static DROPS: AtomicUsize = AtomicUsize::new(0);
    struct CountedZst;
    impl Drop for CountedZst {
        fn drop(&mut self) {
            DROPS.fetch_add(1, Ordering::Relaxed);
        }
    }
    let bump = Bump::new();
    let mut v = ArenaVec::new_in(&bump);
    v.resize_with(100, || CountedZst);
    v.truncate(90);
    assert_eq!(DROPS.load(Ordering::Relaxed), 10);
    let mut iter = v.into_iter();
    iter.next();
    drop(iter);
    assert_eq!(DROPS.load(Ordering::Relaxed), 100);
}

#[test]
fn elements_drop_front_to_back_exactly_once() {
    let log = Log::new();
    let bump = Bump::new();
    let v: ArenaVec<'_, Tracked> = (0..5).map(|i| log.make(i)).collect_in(&bump);
    drop(v);
    assert_eq!(log.dropped(), [0, 1, 2, 3, 4]);
    log.assert_all_dropped_once();
}

#[test]
fn a_panicking_destructor_still_drops_the_rest_once() {
    quiet_injected_panics();
    let log = Log::new();
    let bump = Bump::new();
    let v: ArenaVec<'_, Tracked> = (0..5).map(|i| log.make(i)).collect_in(&bump);
    log.panic_on_drop_of(1);
    assert!(catch_unwind(AssertUnwindSafe(|| drop(v))).is_err());
    assert_eq!(log.dropped(), [0, 1, 2, 3, 4]);
    log.assert_all_dropped_once();
    // The buffer was given back although a destructor panicked.
    assert_eq!(bump.stats().allocated_bytes, 0);

    let mut v: ArenaVec<'_, Tracked> = (0..5).map(|i| log.make(i)).collect_in(&bump);
    log.panic_on_drop_of(3);
    assert!(catch_unwind(AssertUnwindSafe(|| v.truncate(2))).is_err());
    assert_eq!(v, [0, 1]);
    log.panic_on_drop_of(1);
    let mut drain = v.drain(..1);
    drop(drain.next());
    drop(drain);
    assert!(catch_unwind(AssertUnwindSafe(|| v.clear())).is_err());
    assert!(v.is_empty());
    log.assert_all_dropped_once();
}

#[test]
fn a_panicking_clone_leaves_everything_dropped_once() {
    quiet_injected_panics();
    let log = Log::new();
    let bump = Bump::new();
    let mut v: ArenaVec<'_, Tracked> = (0..6).map(|i| log.make(i)).collect_in(&bump);
    log.panic_on_clone(3);
    assert!(catch_unwind(AssertUnwindSafe(|| v.clone())).is_err());
    assert_eq!(log.live(), 6, "the three clones made were dropped");
    log.panic_on_clone(2);
    let source: Vec<Tracked> = (10..15).map(|i| log.make(i)).collect();
    assert!(catch_unwind(AssertUnwindSafe(|| v.extend_from_slice(&source))).is_err());
    assert_eq!(v, [0, 1, 2, 3, 4, 5, 10, 11]);
    log.panic_on_clone(1);
    let fill = log.make(7);
    assert!(catch_unwind(AssertUnwindSafe(|| v.resize(12, fill))).is_err());
    assert_eq!(v.len(), 9);
    drop((v, source));
    log.assert_all_dropped_once();
}

#[test]
fn a_panicking_iterator_keeps_what_was_pushed() {
    quiet_injected_panics();
    let log = Log::new();
    let bump = Bump::new();
    let mut v = ArenaVec::new_in(&bump);
    let result = catch_unwind(AssertUnwindSafe(|| {
        v.extend((0..10).map(|i| {
            if i == 4 {
                std::panic::panic_any(crate::common::INJECTED);
            }
            log.make(i)
        }));
    }));
    assert!(result.is_err());
    assert_eq!(v, [0, 1, 2, 3]);
    drop(v);
    log.assert_all_dropped_once();
}

#[test]
fn panics_in_retain_and_dedup_keep_the_unvisited_elements() {
    quiet_injected_panics();
    let log = Log::new();
    let bump = Bump::new();
    let mut v: ArenaVec<'_, Tracked> = (0..8).map(|i| log.make(i / 2)).collect_in(&bump);
    let result = catch_unwind(AssertUnwindSafe(|| {
        v.retain(|t| {
            if t.value == 2 {
                std::panic::panic_any(crate::common::INJECTED);
            }
            t.value != 1
        });
    }));
    assert!(result.is_err());
    assert_eq!(values(&v), [0, 0, 2, 2, 3, 3]);
    log.panic_on_drop_of(2);
    assert!(catch_unwind(AssertUnwindSafe(|| v.dedup())).is_err());
    assert_eq!(values(&v), [0, 2, 3, 3]);
    v.dedup();
    assert_eq!(values(&v), [0, 2, 3]);
    drop(v);
    log.assert_all_dropped_once();
}

#[test]
fn into_iter_count_counts_the_rest_and_drops_it() {
    let log = Log::new();
    let bump = Bump::new();
    let v: ArenaVec<'_, Tracked> = (0..6).map(|i| log.make(i)).collect_in(&bump);
    let mut iter = v.into_iter();
    assert_eq!(iter.next().map(|t| t.value), Some(0));
    assert_eq!(iter.count(), 5);
    assert_eq!(log.dropped(), [0, 1, 2, 3, 4, 5]);
    log.assert_all_dropped_once();
}

#[test]
fn into_iter_debug_shows_the_rest() {
    let bump = Bump::new();
    let mut rest = arena_vec![in &bump; 1, 2, 3].into_iter();
    rest.next();
    assert_eq!(format!("{rest:?}"), "IntoIter([2, 3])");
}

#[test]
fn into_iter_drops_the_rest_front_to_back() {
    let log = Log::new();
    let bump = Bump::new();
    let v: ArenaVec<'_, Tracked> = (0..6).map(|i| log.make(i)).collect_in(&bump);
    let mut iter: IntoIter<'_, Tracked> = v.into_iter();
    assert_eq!(iter.next().map(|t| t.value), Some(0));
    assert_eq!(iter.next_back().map(|t| t.value), Some(5));
    assert_eq!(iter.len(), 4);
    drop(iter);
    assert_eq!(log.dropped(), [0, 5, 1, 2, 3, 4]);
    log.assert_all_dropped_once();
    assert_eq!(bump.stats().allocated_bytes, 0);
}

#[test]
fn into_arena_slice_never_drops_and_lives_with_the_arena() {
    // A static counter, so that the element never dropped owns no heap memory to leak.
    static DROPS: AtomicUsize = AtomicUsize::new(0);
    struct Counted(u32);
    impl Drop for Counted {
        fn drop(&mut self) {
            DROPS.fetch_add(1, Ordering::Relaxed);
        }
    }
    let bump = Bump::new();
    let mut v = ArenaVec::with_capacity_in(10, &bump);
    v.push(Counted(1));
    let slice = v.into_arena_slice();
    assert_eq!(slice.len(), 1);
    assert_eq!(bump.stats().allocated_bytes, size_of::<Counted>());
    slice[0].0 = 2;
    assert_eq!(slice[0].0, 2);
    drop(bump);
    assert_eq!(
        DROPS.load(Ordering::Relaxed),
        0,
        "the element was not dropped"
    );
}

#[test]
fn into_arena_slice_gives_back_spare_capacity_only_when_it_can() {
    let bump = Bump::new();
    // Empty with capacity: the whole block goes back.
    let empty = ArenaVec::<u64>::with_capacity_in(8, &bump).into_arena_slice();
    assert!(empty.is_empty());
    assert_eq!(bump.stats().allocated_bytes, 0);
    // Zero-sized elements take no memory, whatever the length.
    let units = arena_vec![in &bump; (); 5].into_arena_slice();
    assert_eq!((units.len(), bump.stats().allocated_bytes), (5, 0));
    // Not the newest block: the spare capacity stays, the elements are intact.
    let mut older = ArenaVec::<u64>::with_capacity_in(8, &bump);
    older.extend([1, 2, 3]);
    let newer = bump.alloc(7u64);
    let older = older.into_arena_slice();
    assert_eq!((&*older, *newer), (&[1, 2, 3][..], 7));
    assert_eq!(bump.stats().allocated_bytes, 9 * size_of::<u64>());
}

#[test]
fn drain_moves_the_tail_down() {
    let bump = Bump::new();
    let mut v: ArenaVec<'_, u32> = (0..10).collect_in(&bump);
    {
        let mut drain: Drain<'_, '_, u32> = v.drain(2..5);
        assert_eq!(drain.len(), 3);
        assert_eq!(drain.next(), Some(2));
        assert_eq!(drain.next_back(), Some(4));
        assert_eq!(format!("{drain:?}"), "Drain([3])");
    }
    assert_eq!(v, [0, 1, 5, 6, 7, 8, 9]);
    assert_eq!(v.drain(..=1).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(v.drain(3..).rev().collect::<Vec<_>>(), [9, 8]);
    assert_eq!(v, [5, 6, 7]);
}

#[test]
fn split_off_and_append_move_elements_between_arenas() {
    let (one, two) = (Bump::new(), Bump::new());
    let mut a: ArenaVec<'_, String> = ["a", "b", "c"]
        .map(String::from)
        .into_iter()
        .collect_in(&one);
    let mut tail = a.split_off(1);
    assert_eq!((a.len(), tail.len()), (1, 2));
    let mut b = ArenaVec::new_in(&two);
    b.append(&mut tail);
    b.append(&mut a);
    assert_eq!(b, ["b", "c", "a"]);
    assert!(a.is_empty() && tail.is_empty());
}

#[test]
fn the_macro_forms_build_vectors() {
    let bump = Bump::new();
    let empty: ArenaVec<'_, u8> = arena_vec![in &bump];
    let listed = arena_vec![in &bump; 1, 2, 3,];
    let repeated = arena_vec![in &bump; vec![1u8]; 3];
    assert!(empty.is_empty());
    assert_eq!((listed.len(), listed.capacity()), (3, 3));
    assert_eq!(repeated, [vec![1], vec![1], vec![1]]);
    let none: ArenaVec<'_, String> = arena_vec![in &bump; String::new(); 0];
    assert!(none.is_empty());
}

#[test]
fn comparisons_work_across_sequence_types() {
    let bump = Bump::new();
    let other = Bump::new();
    let v = arena_vec![in &bump; 1, 2, 3];
    let w = arena_vec![in &other; 1, 2, 3];
    let slice: &[i32] = &[1, 2, 3];
    assert!(v == w && v == *slice && v == slice && v == [1, 2, 3] && v == vec![1, 2, 3]);
    assert!(*slice == v && slice == v && [1, 2, 3] == v && vec![1, 2, 3] == v);
    assert!(v != [1, 2] && v != [1, 2, 4]);
    let smaller = arena_vec![in &bump; 1, 2];
    assert!(smaller < v && v.cmp(&smaller).is_gt());
    let hash = |value: &dyn Fn(&mut DefaultHasher)| {
        let mut hasher = DefaultHasher::new();
        value(&mut hasher);
        hasher.finish()
    };
    assert_eq!(hash(&|h| v.hash(h)), hash(&|h| vec![1, 2, 3].hash(h)));
    assert_eq!(format!("{v:?}"), "[1, 2, 3]");
}

#[cfg(feature = "std")]
#[test]
fn extend_by_reference_and_io_write_append() {
    use std::io::Write;

    let bump = Bump::new();
    let mut v = ArenaVec::new_in(&bump);
    v.extend(&[1u8, 2]);
    write!(v, "{}", 34).unwrap();
    v.write_all(b"!").unwrap();
    assert_eq!(v, [1, 2, b'3', b'4', b'!']);
    let mut iter = v.into_iter();
    assert_eq!(iter.as_slice().len(), 5);
    iter.as_mut_slice()[0] = 9;
    assert_eq!(iter.next(), Some(9));
}

#[test]
fn a_vector_lives_in_a_scope() {
    let mut bump = Bump::new();
    let total = bump.scope(|scope| {
        let v: ArenaVec<'_, u64> = (1..=100).collect_in(&**scope);
        v.iter().sum::<u64>()
    });
    assert_eq!(total, 5050);
    assert_eq!(bump.stats().allocated_bytes, 0);
}

#[test]
fn vectors_in_a_sync_arena_are_built_and_moved_across_threads() {
    let arena = SyncBump::new();
    let vecs: Vec<ArenaVec<'_, u64, SyncBump>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4u64)
            .map(|t| {
                let arena = &arena;
                s.spawn(move || {
                    let mut v = ArenaVec::new_in(arena);
                    for i in 0..2000 {
                        v.reserve_exact(1);
                        v.push(t * 10_000 + i);
                    }
                    v
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (t, v) in (0..4u64).zip(&vecs) {
        assert!(v.iter().copied().eq(t * 10_000..t * 10_000 + 2000));
    }
    let moved = vecs.into_iter().next().unwrap();
    let sum = std::thread::scope(|s| s.spawn(move || moved.iter().sum::<u64>()).join().unwrap());
    assert_eq!(sum, (0..2000).sum::<u64>());
}

#[test]
fn push_grows_in_place_in_a_sync_arena_too() {
    let arena = SyncBump::with_capacity(1 << 16);
    let mut v = ArenaVec::with_capacity_in(1, &arena);
    v.push(0u32);
    let start = v.as_ptr();
    for i in 1..1000 {
        v.reserve_exact(1);
        v.push(i);
    }
    assert_eq!(v.as_ptr(), start);
    drop(v);
    assert_eq!(
        arena.stats().allocated_bytes,
        0,
        "the newest buffer was given back"
    );
}
