//! Pool: slot reuse, len and capacity, clear and shrink, zero-sized and over-aligned types,
//! auto traits, and a proptest model against a `HashMap`.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::panic::catch_unwind;

use bumpkit::{AllocErrorKind, Pool, PoolBox};
use proptest::prelude::*;
use static_assertions::{assert_impl_all, assert_not_impl_any};

use crate::common::{panic_message, rounds};
use crate::drop_order::DropLog;

assert_impl_all!(Pool<u32>: Send, Default, core::fmt::Debug);
assert_not_impl_any!(Pool<u32>: Sync, Clone);
assert_not_impl_any!(Pool<std::rc::Rc<u32>>: Send);
assert_impl_all!(PoolBox<'static, u32>: Sync, core::fmt::Debug, core::ops::DerefMut);
assert_not_impl_any!(PoolBox<'static, u32>: Send, Clone);
assert_not_impl_any!(PoolBox<'static, std::cell::Cell<u32>>: Sync);

#[repr(align(64))]
#[derive(Debug, PartialEq)]
struct Aligned64(u64);

fn address<T>(b: &PoolBox<'_, T>) -> usize {
    core::ptr::from_ref::<T>(b) as usize
}

#[test]
fn a_freed_slot_is_the_next_one_handed_out() {
    let pool = Pool::new();
    let keep: Vec<_> = (0..10u64).map(|i| pool.alloc(i)).collect();
    let victim = pool.alloc(99u64);
    let freed_at = address(&victim);
    drop(victim);
    let reused = pool.alloc(100u64);
    assert_eq!(address(&reused), freed_at);
    assert_eq!(*reused, 100);
    assert!(keep.iter().enumerate().all(|(i, b)| **b == i as u64));
}

#[test]
fn freed_slots_come_back_last_in_first_out_without_new_memory() {
    let pool = Pool::with_capacity(8);
    let boxes: Vec<_> = (0..8u32).map(|i| pool.alloc(i)).collect();
    let addresses: Vec<usize> = boxes.iter().map(address).collect();
    assert_eq!(pool.capacity(), 8);
    drop(boxes); // dropped front to back: slot 7 is freed last
    let again: Vec<_> = (0..8u32).map(|i| pool.alloc(i)).collect();
    let mut expected = addresses.clone();
    expected.reverse();
    assert_eq!(again.iter().map(address).collect::<Vec<_>>(), expected);
    assert_eq!(pool.capacity(), 8, "no new block");
}

#[test]
fn into_inner_frees_the_slot_and_leak_keeps_it() {
    let pool = Pool::new();
    let a = pool.alloc(String::from("a"));
    let a_at = address(&a);
    assert_eq!(PoolBox::into_inner(a), "a");
    let b = pool.alloc(String::from("b"));
    assert_eq!(address(&b), a_at);
    let leaked = PoolBox::leak(b);
    let c = pool.alloc(String::from("c"));
    assert_ne!(address(&c), a_at);
    assert_eq!((leaked.as_str(), pool.len()), ("b", 2));
    // Taking the string out leaves an empty one that owns no heap memory: nothing leaks.
    assert_eq!(core::mem::take(leaked), "b");
}

#[test]
fn len_and_capacity_follow_the_values() {
    let pool = Pool::new();
    assert_eq!((pool.len(), pool.capacity()), (0, 0));
    let boxes: Vec<_> = (0..1000u16).map(|i| pool.alloc(i)).collect();
    assert_eq!(pool.len(), 1000);
    let capacity = pool.capacity();
    assert!(capacity >= 1000);
    drop(boxes);
    assert_eq!((pool.len(), pool.capacity()), (0, capacity));
    assert!(pool.is_empty());
}

#[test]
fn clear_reuses_memory_and_shrink_releases_it_only_when_empty() {
    let mut pool = Pool::new();
    let first_at = address(&pool.alloc([1u8; 40]));
    PoolBox::leak(pool.alloc([2u8; 40]));
    pool.shrink_to_fit();
    assert_eq!(pool.len(), 1, "a leaked value keeps the memory");
    assert!(pool.capacity() > 0);
    pool.clear();
    assert_eq!((pool.len(), pool.capacity()), (0, 0));
    assert_eq!(
        address(&pool.alloc([3u8; 40])),
        first_at,
        "the block was kept"
    );
    pool.shrink_to_fit();
    assert_eq!(pool.capacity(), 0);
    assert_eq!(*pool.alloc([4u8; 40]), [4; 40]);
}

#[test]
fn over_aligned_values_are_aligned_across_blocks() {
    let pool = Pool::new();
    let boxes: Vec<_> = (0..500).map(|i| pool.alloc(Aligned64(i))).collect();
    assert!(boxes.iter().all(|b| address(b) % 64 == 0));
    assert_eq!(*boxes[499], Aligned64(499));
}

#[test]
fn zero_sized_values_need_no_slots() {
    #[repr(align(256))]
    struct Zst;
    let pool = Pool::new();
    let n = rounds(10_000);
    let boxes: Vec<_> = (0..n).map(|_| pool.alloc(Zst)).collect();
    assert!(boxes.iter().all(|b| address(b) % 256 == 0));
    assert_eq!((pool.len(), pool.capacity()), (n, usize::MAX));
    drop(boxes);
    assert!(pool.is_empty());
}

#[test]
fn capacity_overflow_is_an_error_or_a_clear_panic() {
    let err = Pool::<u64>::try_with_capacity(usize::MAX / 4).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    let message = panic_message(catch_unwind(|| Pool::<u64>::with_capacity(usize::MAX)));
    assert!(message.starts_with("bumpkit: cannot allocate"), "{message}");
}

#[test]
fn with_capacity_reserves_nothing_for_zero_slots_or_zero_sized_values() {
    let pool = Pool::<u64>::with_capacity(0);
    assert_eq!((pool.len(), pool.capacity()), (0, 0));
    let first = pool.alloc(5);
    assert_eq!(*first, 5);
    assert!(pool.capacity() > 0, "the first value carves a block");
    // A zero-sized type needs no slots, so even `usize::MAX` of them fit without memory.
    let zsts = Pool::<()>::try_with_capacity(usize::MAX).unwrap();
    assert_eq!(zsts.capacity(), usize::MAX);
    let unit = zsts.alloc(());
    assert_eq!(zsts.len(), 1);
    drop(unit);
}

#[test]
#[cfg_attr(
    miri,
    ignore = "131,072 allocations take minutes under Miri; the smaller pool tests run the same paths there"
)]
fn blocks_start_at_a_kib_double_and_stop_growing_at_256_kib() {
    // An 8-byte value takes an 8-byte slot: a 1 KiB block holds 128, a 256 KiB one 32768.
    let pool = Pool::new();
    let mut boxes = Vec::new();
    let mut blocks = Vec::new();
    while pool.capacity() < 131_072 {
        let before = pool.capacity();
        boxes.push(pool.alloc(0u64));
        if pool.capacity() != before {
            blocks.push(pool.capacity() - before);
        }
    }
    let mut expected = vec![128];
    expected.extend((7..=15).map(|shift| 1 << shift));
    expected.extend([32_768, 32_768]);
    assert_eq!(blocks, expected);
}

#[test]
fn pool_box_forwards_comparisons_and_formatting() {
    let pool = Pool::new();
    let (a, b) = (pool.alloc(1), pool.alloc(2));
    assert!(a < b && a != b && a == pool.alloc(1));
    assert_eq!(
        (format!("{a:?}"), format!("{b}")),
        ("1".to_owned(), "2".to_owned())
    );
    assert_eq!(format!("{a:p}"), format!("{:p}", &*a));
    let hasher = std::hash::RandomState::new();
    assert_eq!(hasher.hash_one(&a), hasher.hash_one(1));
    assert_ne!(hasher.hash_one(&a), hasher.hash_one(&b));
    assert_eq!(
        format!("{pool:?}"),
        format!("Pool {{ len: 2, capacity: {}, .. }}", pool.capacity())
    );
}

#[derive(Clone, Debug)]
enum Op {
    Alloc,
    Free(usize),
    IntoInner(usize),
    Leak(usize),
    Mutate(usize, u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => Just(Op::Alloc),
        3 => any::<usize>().prop_map(Op::Free),
        1 => any::<usize>().prop_map(Op::IntoInner),
        // A leak is what Miri's leak check reports, so Miri's runs make none.
        if cfg!(miri) { 0 } else { 1 } => any::<usize>().prop_map(Op::Leak),
        2 => (any::<usize>(), any::<u32>()).prop_map(|(i, v)| Op::Mutate(i, v)),
    ]
}

proptest! {
    #[test]
    fn pool_matches_a_hash_map_model(ops in proptest::collection::vec(op(), 1..200)) {
        let log = DropLog::default();
        let pool = Pool::new();
        let mut model: HashMap<u32, u32> = HashMap::new();
        let mut live: Vec<(u32, PoolBox<'_, (crate::drop_order::Tracked, u32)>)> = Vec::new();
        let mut leaked = Vec::new();
        let mut next_id = 0;
        let mut last_freed = None;
        let mut gone = Vec::new(); // ids whose values were dropped or moved out
        for op in ops {
            match op {
                Op::Alloc => {
                    let b = pool.alloc((log.track(next_id), next_id));
                    if let Some(freed_at) = last_freed.take() {
                        prop_assert_eq!(address(&b), freed_at, "the freed slot comes back");
                    }
                    model.insert(next_id, next_id);
                    live.push((next_id, b));
                    next_id += 1;
                }
                Op::Free(i) if !live.is_empty() => {
                    let (id, b) = live.swap_remove(i % live.len());
                    last_freed = Some(address(&b));
                    drop(b);
                    model.remove(&id);
                    gone.push(id);
                }
                Op::IntoInner(i) if !live.is_empty() => {
                    let (id, b) = live.swap_remove(i % live.len());
                    last_freed = Some(address(&b));
                    let (tracked, value) = PoolBox::into_inner(b);
                    prop_assert_eq!((tracked.id, Some(&value)), (id, model.get(&id)));
                    model.remove(&id);
                    gone.push(id);
                }
                Op::Leak(i) if !live.is_empty() => {
                    let (id, b) = live.swap_remove(i % live.len());
                    leaked.push((id, PoolBox::leak(b)));
                }
                Op::Mutate(i, v) if !live.is_empty() => {
                    let at = i % live.len();
                    live[at].1 .1 = v;
                    model.insert(live[at].0, v);
                }
                _ => {}
            }
            prop_assert_eq!(pool.len(), live.len() + leaked.len());
            prop_assert!(pool.capacity() >= pool.len());
            for (id, b) in &live {
                prop_assert_eq!(Some(&b.1), model.get(id));
                prop_assert_eq!(b.0.id, *id);
            }
            for (id, value) in &leaked {
                prop_assert_eq!(Some(&value.1), model.get(id));
            }
            let mut dropped = log.dropped();
            dropped.sort_unstable();
            let mut expected = gone.clone();
            expected.sort_unstable();
            prop_assert_eq!(dropped, expected, "each freed value dropped exactly once");
        }
        let mut addresses: Vec<usize> = live.iter().map(|(_, b)| address(b)).collect();
        addresses.extend(leaked.iter().map(|(_, v)| core::ptr::from_ref(&**v) as usize));
        addresses.sort_unstable();
        addresses.dedup();
        prop_assert_eq!(addresses.len(), live.len() + leaked.len(), "no two values share a slot");
    }
}
