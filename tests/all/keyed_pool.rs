//! `KeyedPool` and `Key`: keys, generations, bad keys, capacity, drop counting with panics,
//! auto traits and sizes, and a proptest model against a `HashMap`.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use bumpkit::{AllocErrorKind, Key, KeyedPool, KeyedPoolIter, KeyedPoolIterMut};
use proptest::prelude::*;
use static_assertions::{assert_eq_size, assert_impl_all, assert_not_impl_any};

use crate::common::{
    INJECTED, Log, Tracked, cases, panic_message, quiet_injected_panics, rounds, values,
};

assert_impl_all!(Key<Rc<u8>>: Send, Sync, Copy, Eq, Ord, std::hash::Hash, std::fmt::Debug);
assert_impl_all!(KeyedPool<u8>: Send, Sync, Default, Clone, std::fmt::Debug);
assert_impl_all!(KeyedPool<std::cell::Cell<u8>>: Send);
assert_not_impl_any!(KeyedPool<std::cell::Cell<u8>>: Sync);
assert_not_impl_any!(KeyedPool<Rc<u8>>: Send, Sync);
assert_not_impl_any!(KeyedPool<std::sync::Mutex<u8>>: Clone);
assert_impl_all!(KeyedPoolIter<'static, u8>: Send, Sync, Clone);
assert_impl_all!(KeyedPoolIterMut<'static, u8>: Send, Sync);
assert_not_impl_any!(KeyedPoolIterMut<'static, std::cell::Cell<u8>>: Sync);
assert_eq_size!(Option<Key<String>>, Key<String>);
assert_eq_size!(Option<Key<[u8; 100]>>, Key<u8>);
assert_eq_size!(Key<String>, u64); // in every build: the pool tag is in the generation
assert_eq_size!(Option<Key<String>>, u64);

#[test]
fn keys_and_optional_keys_are_eight_bytes_in_every_build() {
    assert_eq!(size_of::<Key<u64>>(), 8);
    assert_eq!(size_of::<Option<Key<u64>>>(), 8);
    assert_eq!(size_of::<Option<Key<[u8; 100]>>>(), 8);
}

/// Returns the pool tag of `key`: the top 8 bits of its generation.
fn tag<T>(key: Key<T>) -> u64 {
    key.to_bits() >> 56
}

#[test]
fn stale_removed_and_cleared_keys_find_nothing() {
    let mut pool = KeyedPool::new();
    let a = pool.insert(String::from("a"));
    assert_eq!(pool.remove(a).as_deref(), Some("a"));
    let b = pool.insert(String::from("b")); // reuses `a`'s slot
    assert_ne!(a, b);
    assert_eq!(pool.get(a), None);
    assert_eq!(pool.get_mut(a), None);
    assert_eq!(pool.remove(a), None);
    assert!(!pool.contains_key(a));
    assert_eq!(pool[b], "b");
    pool.clear();
    for key in [a, b] {
        assert_eq!(pool.get(key), None);
        assert_eq!(pool.remove(key), None);
    }
    let c = pool.insert(String::from("c"));
    assert_eq!((pool.get(a), pool.get(b), pool.len()), (None, None, 1));
    assert_eq!(pool[c], "c");
}

#[test]
fn indexing_with_a_stale_key_panics_with_a_clear_message() {
    let mut pool = KeyedPool::new();
    let key = pool.insert(1);
    pool.remove(key);
    let message = panic_message(catch_unwind(|| pool[key]));
    assert!(
        message.starts_with(&format!("bumpkit: stale key Key(0v{})", tag(key) << 24 | 1)),
        "{message}"
    );
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| pool[key] = 2)));
    assert!(message.contains("removed or the pool cleared"), "{message}");
}

/// Returns a pool holding `2` whose tag differs from `key`'s (tags repeat after 255 pools,
/// and other tests make pools at the same time).
fn pool_with_another_tag(key: Key<i32>) -> (KeyedPool<i32>, Key<i32>) {
    loop {
        let mut pool = KeyedPool::new();
        let own = pool.insert(2);
        if tag(own) != tag(key) {
            return (pool, own);
        }
    }
}

#[test]
#[cfg(debug_assertions)]
fn a_key_of_another_pool_panics_in_debug_builds() {
    let mut first = KeyedPool::new();
    let key = first.insert(1);
    let (mut second, _) = pool_with_another_tag(key);
    let message = panic_message(catch_unwind(|| second.get(key).copied()));
    assert!(
        message.starts_with("bumpkit: the key was made by another KeyedPool"),
        "{message}"
    );
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| second.remove(key))));
    assert!(
        message.starts_with("bumpkit: the key was made by another KeyedPool"),
        "{message}"
    );
    assert_eq!(second.len(), 1);
    let message = panic_message(catch_unwind(|| {
        second.contains_key(Key::from_bits(key.to_bits()).unwrap())
    }));
    assert!(message.contains("another KeyedPool"), "{message}");
}

#[test]
#[cfg(not(debug_assertions))]
fn a_key_of_another_pool_reads_nothing_in_release_builds() {
    let mut first = KeyedPool::new();
    let key = first.insert(1);
    let (mut second, own) = pool_with_another_tag(key);
    assert_eq!(key.to_bits() as u32, own.to_bits() as u32, "the same slot");
    assert_eq!(second.get(key), None);
    assert_eq!(second.remove(key), None);
    assert_eq!(second[own], 2);
}

#[test]
fn an_untagged_key_from_bits_is_not_checked_and_reads_nothing() {
    let mut pool = KeyedPool::new();
    let key = pool.insert(1);
    let untagged = Key::<i32>::from_bits(key.to_bits() & !(0xff << 56)).unwrap();
    assert_eq!(tag(untagged), 0);
    assert_eq!(pool.get(untagged), None);
    assert_eq!(pool[key], 1);
}

#[test]
#[cfg_attr(
    miri,
    ignore = "2^23 inserts; the unit tests cover the wrap under Miri"
)]
fn a_slot_serves_two_to_the_23_values_then_retires() {
    let mut pool = KeyedPool::new();
    let first = pool.insert(0u32);
    let capacity = pool.capacity();
    assert_eq!(pool.remove(first), Some(0));
    for n in 1..1u32 << 23 {
        let key = pool.insert(n);
        assert_eq!(key.to_bits() as u32, 0, "slot 0 serves every value");
        pool.remove(key);
    }
    assert_eq!(pool.len(), 0);
    let after = pool.insert(u32::MAX);
    assert_eq!(
        after.to_bits() as u32,
        1,
        "slot 0 retired after 2^23 values"
    );
    assert_eq!(pool.capacity(), capacity - 1);
    assert_eq!(tag(after), tag(first));
    assert_eq!(pool.get(first), None);
}

#[test]
fn get_disjoint_mut_checks_live_slots_not_capacity() {
    let mut pool = KeyedPool::with_capacity(64);
    let a = pool.insert(1);
    let b = pool.insert(2);
    assert!(pool.capacity() >= 64);
    let [x, y] = pool.get_disjoint_mut([b, a]).unwrap();
    (*x, *y) = (20, 10);
    assert_eq!((pool[a], pool[b]), (10, 20));
    assert!(pool.get_disjoint_mut([a, b, a]).is_none());
    pool.remove(b);
    assert!(pool.get_disjoint_mut([a, b]).is_none());
    let c = pool.insert(3); // `b`'s slot again
    assert!(pool.get_disjoint_mut([a, b]).is_none());
    assert!(pool.get_disjoint_mut([c, b]).is_none());
    assert_eq!(pool.get_disjoint_mut::<0>([]), Some([]));
}

#[test]
fn keys_past_the_slots_in_use_find_nothing() {
    // Keys of slots that are in the capacity but hold no value (the slab
    // RUSTSEC-2025-0047 class): `clear` keeps the slots, so the old keys point past the one
    // value left, inside the capacity.
    let mut pool = KeyedPool::with_capacity(100);
    let keys: Vec<_> = (0..50).map(|n| pool.insert(n)).collect();
    pool.clear();
    pool.insert(7);
    assert!(pool.capacity() >= 100);
    for &key in &keys {
        assert_eq!(pool.get(key), None);
        assert!(pool.get_disjoint_mut([key]).is_none());
        assert_eq!(pool.remove(key), None);
    }
}

#[test]
fn values_keep_their_address_while_the_pool_grows() {
    let mut pool = KeyedPool::new();
    let first = pool.insert([7u64; 4]);
    let address = std::ptr::from_ref(&pool[first]) as usize;
    let keys: Vec<_> = (0..rounds(5000) as u64)
        .map(|n| pool.insert([n; 4]))
        .collect();
    assert_eq!(std::ptr::from_ref(&pool[first]) as usize, address);
    for (n, key) in keys.iter().enumerate() {
        assert_eq!(pool[*key], [n as u64; 4]);
    }
}

#[test]
fn large_values_fill_doubling_blocks_and_all_drop() {
    // A 4 KiB value takes a chunk of its own; chunks come in blocks that double the slots,
    // so 300 values span ten blocks.
    let log = Log::new();
    let mut pool = KeyedPool::new();
    let keys: Vec<_> = (0..300u32)
        .map(|n| pool.insert((log.make(n), [n; 1024])))
        .collect();
    for (n, key) in (0..).zip(&keys).step_by(2) {
        let (tracked, payload) = pool.remove(*key).unwrap();
        assert_eq!((tracked.value, payload), (n, [n; 1024]));
    }
    let again: Vec<_> = (0..150u32)
        .map(|n| pool.insert((log.make(1000 + n), [n; 1024])))
        .collect();
    for (n, key) in (0..).zip(&keys).skip(1).step_by(2) {
        assert_eq!(pool[*key].1, [n; 1024]);
    }
    assert!(again.iter().all(|key| pool.contains_key(*key)));
    // Blocks of 1, 1, 2, 4, ... 256 chunks: 512 slots.
    assert_eq!((pool.len(), pool.capacity()), (300, 512));
    drop(pool);
    log.assert_all_dropped_once();
}

#[test]
fn a_clone_keeps_keys_and_free_slots_and_a_panicking_clone_drops_what_it_cloned() {
    quiet_injected_panics();
    let log = Log::new();
    let mut pool = tracked_pool(&log, 6);
    let keys: Vec<_> = pool.keys().collect();
    pool.remove(keys[1]);
    pool.remove(keys[4]);
    let copy = pool.clone();
    assert_eq!(values(copy.values()), [0, 2, 3, 5]);
    assert!(keys.iter().all(|&key| copy.get(key) == pool.get(key)));
    let (mut copy, mut pool) = (copy, pool);
    assert_eq!(copy.insert(log.make(7)), pool.insert(log.make(7)));
    log.panic_on_clone(2);
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| pool.clone())));
    assert_eq!(message, INJECTED);
    assert_eq!(
        log.live(),
        10,
        "the two values cloned before the panic were dropped"
    );
    drop((copy, pool));
    log.assert_all_dropped_once();
}

#[test]
fn a_clone_of_a_pool_of_small_values_with_vacant_slots_reads_only_written_bytes() {
    // A `u8` leaves most of a vacant slot's link unwritten; Miri checks the clone reads none
    // of it (the slot emptied last waits off the free list with no link).
    let mut pool = KeyedPool::<u8>::new();
    let keys: Vec<_> = (0..4).map(|n| pool.insert(n)).collect();
    pool.remove(keys[1]);
    pool.remove(keys[3]);
    let mut copy = pool.clone();
    assert_eq!(copy.values().copied().collect::<Vec<_>>(), [0, 2]);
    let (again, copied) = (pool.insert(7), copy.insert(7));
    assert_eq!((again, again.to_bits() as u32), (copied, 3));
    assert_eq!(pool.insert(8), copy.insert(8));
    assert_eq!(copy.values().copied().collect::<Vec<_>>(), [0, 8, 2, 7]);
}

#[test]
fn removed_slots_are_reused_last_in_first_out() {
    let mut pool = KeyedPool::new();
    let keys: Vec<_> = (0..4).map(|n| pool.insert(n)).collect();
    let capacity = pool.capacity();
    let address = std::ptr::from_ref(&pool[keys[1]]) as usize;
    pool.remove(keys[2]);
    pool.remove(keys[1]);
    let again = pool.insert(10);
    assert_eq!(std::ptr::from_ref(&pool[again]) as usize, address);
    pool.insert(11);
    assert_eq!((pool.len(), pool.capacity()), (4, capacity));
    assert_eq!(pool.values().copied().collect::<Vec<_>>(), [0, 10, 11, 3]);
}

#[test]
fn reserve_and_capacity_overflow() {
    let mut pool = KeyedPool::<u8>::new();
    assert_eq!(pool.capacity(), 0);
    pool.reserve(1000);
    assert!(pool.capacity() >= 1000);
    let err = pool.try_reserve(1 << 32).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    let err = pool.try_reserve(usize::MAX).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    let message = panic_message(catch_unwind(|| KeyedPool::<u8>::with_capacity(usize::MAX)));
    assert!(message.starts_with("bumpkit: cannot allocate"), "{message}");
}

#[test]
#[cfg(target_pointer_width = "64")]
fn a_reservation_past_isize_max_bytes_is_an_error_at_once() {
    // Fewer slots than the most a pool has, but of 4 GiB each: no layout holds them.
    let mut pool = KeyedPool::<[u8; 1 << 32]>::new();
    let err = pool.try_reserve(u32::MAX as usize - 1).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    assert_eq!(pool.capacity(), 0);
}

#[test]
fn zero_sized_values_have_keys_and_generations() {
    let mut pool = KeyedPool::new();
    let a = pool.insert(());
    pool.remove(a);
    let b = pool.insert(());
    assert_eq!((pool.get(a), pool.get(b)), (None, Some(&())));
}

/// A value that holds its own key.
#[derive(Debug, PartialEq)]
struct Node {
    me: Key<Node>,
    n: i32,
}

#[test]
fn insert_with_key_stores_its_own_key_and_a_panic_inserts_nothing() {
    quiet_injected_panics();
    let mut pool = KeyedPool::new();
    let key = pool.insert_with_key(|me| Node { me, n: 1 });
    assert_eq!(pool[key], Node { me: key, n: 1 });
    let result = catch_unwind(AssertUnwindSafe(|| {
        pool.insert_with_key(|_| -> Node { std::panic::panic_any(crate::common::INJECTED) })
    }));
    assert!(result.is_err());
    assert_eq!(pool.len(), 1);
    let next = pool.insert_with_key(|me| Node { me, n: 2 });
    assert_eq!(pool[next], Node { me: next, n: 2 });
}

#[test]
fn iterators_walk_in_slot_order() {
    let mut pool = KeyedPool::new();
    let keys: Vec<_> = (0..6).map(|n| pool.insert(n)).collect();
    pool.remove(keys[1]);
    pool.remove(keys[4]);
    let live = [keys[0], keys[2], keys[3], keys[5]];
    assert_eq!(pool.keys().collect::<Vec<_>>(), live);
    assert_eq!(pool.iter().len(), 4);
    assert_eq!(pool.values().copied().collect::<Vec<_>>(), [0, 2, 3, 5]);
    for (key, value) in &mut pool {
        *value += key.cmp(&keys[2]) as i32;
    }
    assert_eq!(pool.values().copied().collect::<Vec<_>>(), [-1, 2, 4, 6]);
    pool.values_mut().for_each(|v| *v = 0);
    assert_eq!((&pool).into_iter().map(|(_, v)| *v).sum::<i32>(), 0);
    assert_eq!(format!("{pool:?}").matches(": 0").count(), 4);
    let owned: Vec<_> = pool.into_iter().collect();
    assert_eq!(owned.iter().map(|(k, _)| *k).collect::<Vec<_>>(), live);
}

#[test]
fn each_value_drops_once_on_remove_clear_retain_drain_and_drop() {
    let log = Log::new();
    let mut pool = KeyedPool::new();
    let keys: Vec<_> = (0..10).map(|n| pool.insert(log.make(n))).collect();
    drop(pool.remove(keys[0]));
    pool.retain(|_, t| t.value % 2 == 1);
    assert_eq!(log.dropped(), [0, 2, 4, 6, 8]);
    let mut drain = pool.drain();
    assert_eq!(drain.next().map(|(k, t)| (k, t.value)), Some((keys[1], 1)));
    drop(drain);
    assert_eq!(log.dropped(), [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]);
    assert!(pool.is_empty());
    for n in 0..4 {
        pool.insert(log.make(n));
    }
    pool.clear();
    for n in 0..3 {
        pool.insert(log.make(n));
    }
    let mut into_iter = pool.into_iter();
    into_iter.next();
    drop(into_iter);
    log.assert_all_dropped_once();
}

/// Fills a pool with `n` tracked values `0..n`.
fn tracked_pool(log: &Rc<Log>, n: u32) -> KeyedPool<Tracked> {
    let mut pool = KeyedPool::new();
    for value in 0..n {
        pool.insert(log.make(value));
    }
    pool
}

#[test]
fn a_panicking_destructor_drops_the_rest_in_clear_drain_and_drop() {
    quiet_injected_panics();
    for step in 0..4 {
        let log = Log::new();
        let mut pool = tracked_pool(&log, 6);
        log.panic_on_drop_of(2);
        let result = catch_unwind(AssertUnwindSafe(|| match step {
            0 => pool.clear(),
            1 => drop(pool.drain()),
            2 => {
                let mut drain = pool.drain();
                drain.next();
                drop(drain);
            }
            _ => drop(std::mem::take(&mut pool)),
        }));
        assert!(result.is_err(), "step {step}");
        assert_eq!(log.dropped(), [0, 1, 2, 3, 4, 5], "step {step}");
        assert!(pool.is_empty(), "step {step}");
        let key = pool.insert(log.make(9));
        assert_eq!(pool[key].value, 9);
        drop(pool);
        log.assert_all_dropped_once();
    }
}

#[test]
fn a_panicking_destructor_in_retain_or_remove_keeps_the_pool_valid() {
    quiet_injected_panics();
    let log = Log::new();
    let mut pool = tracked_pool(&log, 6);
    log.panic_on_drop_of(2);
    let result = catch_unwind(AssertUnwindSafe(|| pool.retain(|_, t| t.value >= 4)));
    assert!(result.is_err());
    assert_eq!(log.dropped(), [0, 1, 2]);
    assert_eq!(values(pool.values()), [3, 4, 5]);
    let key = pool.keys().next().unwrap();
    log.panic_on_drop_of(3);
    let result = catch_unwind(AssertUnwindSafe(|| drop(pool.remove(key))));
    assert!(result.is_err());
    assert_eq!(pool.get(key).map(|t| t.value), None);
    assert_eq!(values(pool.values()), [4, 5]);
    drop(pool);
    log.assert_all_dropped_once();
}

#[test]
fn a_panicking_retain_predicate_keeps_every_value_it_did_not_remove() {
    quiet_injected_panics();
    let log = Log::new();
    let mut pool = tracked_pool(&log, 6);
    let result = catch_unwind(AssertUnwindSafe(|| {
        pool.retain(|_, t| {
            if t.value == 3 {
                std::panic::panic_any(crate::common::INJECTED);
            }
            t.value % 2 == 0
        });
    }));
    assert!(result.is_err());
    assert_eq!(log.dropped(), [1]);
    assert_eq!(values(pool.values()), [0, 2, 3, 4, 5]);
    drop(pool);
    log.assert_all_dropped_once();
}

#[test]
fn a_leaked_drain_leaves_the_rest_in_the_pool() {
    let log = Log::new();
    let mut pool = tracked_pool(&log, 4);
    let mut drain = pool.drain();
    drop(drain.next());
    std::mem::forget(drain);
    assert_eq!(values(pool.values()), [1, 2, 3]);
    drop(pool);
    log.assert_all_dropped_once();
}

#[test]
fn generations_survive_many_reuses_of_one_slot() {
    let mut pool = KeyedPool::new();
    let mut old = Vec::new();
    for n in 0..rounds(10_000) {
        let key = pool.insert(n);
        old.push(key);
        assert_eq!(pool.remove(key), Some(n));
    }
    let capacity = pool.capacity();
    let live = pool.insert(usize::MAX);
    assert_eq!(
        (pool.len(), pool.capacity()),
        (1, capacity),
        "one slot served them all"
    );
    assert!(old.iter().all(|&key| pool.get(key).is_none()));
    assert_eq!(pool[live], usize::MAX);
}

#[derive(Clone, Debug)]
enum Op {
    Insert(u32),
    InsertWithKey,
    Remove(usize),
    Get(usize),
    Set(usize, u32),
    Swap(usize, usize),
    Retain(u32),
    Clear,
    Drain(usize),
    /// Replaces the pool by a clone of it (the original is dropped).
    Clone,
    /// A key made up with `Key::from_bits`: slot `% 64`, use count `2 * (g % 8) + 1`, under
    /// the pool's tag once it made a key.
    MadeUp(u32, u32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => any::<u32>().prop_map(Op::Insert),
        1 => Just(Op::InsertWithKey),
        4 => any::<usize>().prop_map(Op::Remove),
        3 => any::<usize>().prop_map(Op::Get),
        2 => (any::<usize>(), any::<u32>()).prop_map(|(i, v)| Op::Set(i, v)),
        2 => (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Op::Swap(i, j)),
        1 => (2..5u32).prop_map(Op::Retain),
        1 => Just(Op::Clear),
        1 => (0..4usize).prop_map(Op::Drain),
        1 => Just(Op::Clone),
        2 => (any::<u32>(), any::<u32>()).prop_map(|(i, g)| Op::MadeUp(i, g)),
    ]
}

/// Operations per model case: fewer under Miri, where every step's full comparison is slow.
const MAX_OPS: usize = if cfg!(miri) { 40 } else { 150 };

proptest! {
    #![proptest_config(cases(256))]
    #[test]
    fn keyed_pool_matches_a_hash_map_model(ops in proptest::collection::vec(op(), 1..MAX_OPS)) {
        let log = Log::new();
        let mut pool = KeyedPool::new();
        // Every key ever made, stale ones kept and retried, with its model id.
        let mut keys: Vec<(Key<Tracked>, u64)> = Vec::new();
        let mut model: HashMap<u64, u32> = HashMap::new();
        let mut next_id = 0u64;
        for op in ops {
            match op {
                Op::Insert(v) => {
                    let key = pool.insert(log.make(v));
                    prop_assert!(keys.iter().all(|(k, _)| *k != key), "a key came back");
                    keys.push((key, next_id));
                    model.insert(next_id, v);
                    next_id += 1;
                }
                Op::InsertWithKey => {
                    let key = pool.insert_with_key(|me| log.make(me.cmp(&me) as u32));
                    keys.push((key, next_id));
                    model.insert(next_id, 0);
                    next_id += 1;
                }
                Op::Remove(i) if !keys.is_empty() => {
                    let (key, id) = keys[i % keys.len()];
                    let removed = pool.remove(key).map(|t| t.value);
                    prop_assert_eq!(removed, model.remove(&id));
                }
                Op::Get(i) if !keys.is_empty() => {
                    let (key, id) = keys[i % keys.len()];
                    prop_assert_eq!(pool.get(key).map(|t| t.value), model.get(&id).copied());
                    prop_assert_eq!(pool.contains_key(key), model.contains_key(&id));
                }
                Op::Set(i, v) if !keys.is_empty() => {
                    let (key, id) = keys[i % keys.len()];
                    if let Some(t) = pool.get_mut(key) {
                        t.value = v;
                        model.insert(id, v);
                    }
                    prop_assert_eq!(pool.get(key).map(|t| t.value), model.get(&id).copied());
                }
                Op::Swap(i, j) if !keys.is_empty() => {
                    let (a, ia) = keys[i % keys.len()];
                    let (b, ib) = keys[j % keys.len()];
                    let both = ia != ib && model.contains_key(&ia) && model.contains_key(&ib);
                    match pool.get_disjoint_mut([a, b]) {
                        Some([x, y]) => {
                            prop_assert!(both);
                            std::mem::swap(&mut x.value, &mut y.value);
                            let (va, vb) = (model[&ia], model[&ib]);
                            model.insert(ia, vb);
                            model.insert(ib, va);
                        }
                        None => prop_assert!(!both),
                    }
                }
                Op::Retain(m) => {
                    let mut seen = Vec::new();
                    pool.retain(|key, t| {
                        seen.push(key);
                        t.value % m != 0
                    });
                    model.retain(|_, v| *v % m != 0);
                    let mut sorted = seen.clone();
                    sorted.sort();
                    prop_assert_eq!(seen, sorted, "retain visits in slot order");
                }
                Op::MadeUp(index, generation) => {
                    // Under the pool's tag (known once it made a key), so it can hit.
                    let tag = keys.first().map_or(0, |(k, _)| tag(*k));
                    let generation = tag << 24 | u64::from(2 * (generation % 8) + 1);
                    let bits = generation << 32 | u64::from(index % 64);
                    let key = Key::from_bits(bits).unwrap();
                    let expected = keys
                        .iter()
                        .find(|(k, id)| *k == key && model.contains_key(id))
                        .map(|(_, id)| model[id]);
                    prop_assert_eq!(pool.get(key).map(|t| t.value), expected);
                    let disjoint = pool.get_disjoint_mut([key]).map(|[t]| t.value);
                    prop_assert_eq!(disjoint, expected);
                }
                Op::Clear => {
                    pool.clear();
                    model.clear();
                }
                Op::Clone => {
                    let copy = pool.clone();
                    prop_assert_eq!(log.live(), 2 * model.len());
                    pool = copy;
                }
                Op::Drain(take) => {
                    let drained: Vec<_> =
                        pool.drain().take(take).map(|(k, t)| (k, t.value)).collect();
                    for (key, value) in drained {
                        let id = keys.iter().find(|(k, _)| *k == key).unwrap().1;
                        prop_assert_eq!(model.get(&id), Some(&value));
                    }
                    model.clear();
                }
                _ => {}
            }
            prop_assert_eq!(pool.len(), model.len());
            prop_assert_eq!(log.live(), model.len(), "exactly the values in the pool are alive");
            prop_assert!(pool.capacity() >= pool.len());
            let mut in_pool: Vec<_> = pool.iter().map(|(k, t)| (k, t.value)).collect();
            let mut expected: Vec<_> = keys
                .iter()
                .filter_map(|(k, id)| model.get(id).map(|v| (*k, *v)))
                .collect();
            expected.sort();
            let walked = in_pool.clone();
            // `fold` walks chunk by chunk (`for_each`, `sum` and `count` use it), `next` slot
            // by slot: the same values, also from midway.
            let mut folded = Vec::new();
            pool.iter().for_each(|(k, t)| folded.push((k, t.value)));
            prop_assert_eq!(&folded, &walked);
            let mut rest = pool.values();
            rest.next();
            prop_assert_eq!(rest.count(), walked.len().saturating_sub(1));
            let mut folded_mut = Vec::new();
            pool.iter_mut().for_each(|(k, t)| folded_mut.push((k, t.value)));
            prop_assert_eq!(&folded_mut, &walked);
            prop_assert_eq!(pool.keys().fold(0, |n, _| n + 1), walked.len());
            prop_assert_eq!(pool.values_mut().fold(0, |n, _| n + 1), walked.len());
            in_pool.sort();
            prop_assert_eq!(&walked, &in_pool, "iteration is in slot order");
            prop_assert_eq!(in_pool, expected);
        }
        drop(pool);
        log.assert_all_dropped_once();
    }
}

#[cfg(feature = "serde")]
mod serde {
    use bumpkit::{Key, KeyedPool};

    #[test]
    fn a_pool_round_trips_with_its_keys_free_slots_and_generations() {
        let mut pool = KeyedPool::new();
        let keys: Vec<Key<String>> = (0..6).map(|n| pool.insert(n.to_string())).collect();
        pool.remove(keys[1]);
        pool.remove(keys[4]);
        let again = pool.insert("again".into()); // slot 4, generation 3
        let json = serde_json::to_string(&(&pool, &keys, again)).unwrap();
        let (back, back_keys, back_again): (KeyedPool<String>, Vec<Key<String>>, Key<String>) =
            serde_json::from_str(&json).unwrap();
        assert_eq!((back_keys.as_slice(), back_again), (keys.as_slice(), again));
        assert_eq!(back.len(), pool.len());
        for &key in keys.iter().chain([&again]) {
            assert_eq!(back.get(key), pool.get(key), "{key:?}");
        }
        let in_pool: Vec<_> = pool.iter().collect();
        assert_eq!(back.iter().collect::<Vec<_>>(), in_pool);
        let mut back = back;
        let new = back.insert("new".into());
        assert!(
            keys.iter().all(|&key| key != new),
            "a stale key never comes back"
        );
        assert_eq!(
            new.to_bits() >> 32,
            keys[0].to_bits() >> 32 | 3,
            "slot 1 was at use count 2, under the tag the pool adopted"
        );
        assert_eq!(new.to_bits() >> 56, keys[0].to_bits() >> 56);
    }

    #[test]
    fn a_deserialised_pool_adopts_the_tag_of_its_slots() {
        let mut pool = KeyedPool::new();
        let key = pool.insert(1);
        let json = serde_json::to_string(&pool).unwrap();
        let mut back: KeyedPool<i32> = serde_json::from_str(&json).unwrap();
        let fresh = back.insert(2);
        assert_eq!(fresh.to_bits() >> 56, key.to_bits() >> 56, "the same tag");
        assert_eq!((back[key], back[fresh]), (1, 2));
        let (other, foreign) = super::pool_with_another_tag(key);
        drop(other);
        let got = std::panic::catch_unwind(|| back.get(foreign).copied());
        if cfg!(debug_assertions) {
            assert!(got.is_err(), "a key of another tag panics in debug builds");
        } else {
            assert_eq!(got.unwrap(), None);
        }
    }

    #[test]
    fn a_pool_of_untagged_or_mixed_slots_checks_no_tag() {
        // Untagged (tag 0, as before tags), then tags 1 and 2 mixed.
        for (json, generation) in [
            ("[[1, 5], [2, null]]", 1u64),
            ("[[16777217, 5], [33554433, 6]]", 1 << 24 | 1),
        ] {
            let mut pool: KeyedPool<i32> = serde_json::from_str(json).unwrap();
            let first = Key::from_bits(generation << 32).unwrap();
            assert_eq!(pool[first], 5, "{json}");
            let fresh = pool.insert(7);
            assert_eq!(fresh.to_bits() >> 56, 0, "tag 0: {json}");
            let made_up = Key::<i32>::from_bits(0x7f00_0001 << 32 | 1).unwrap();
            assert_eq!(pool.get(made_up), None, "no panic: {json}");
        }
    }

    #[test]
    fn a_deserialised_slot_at_the_last_generation_retires_when_emptied() {
        let json = format!("[[{}, 5], [2, null], [0, null]]", u32::MAX);
        let mut pool: KeyedPool<i32> = serde_json::from_str(&json).unwrap();
        let last = Key::from_bits(u64::from(u32::MAX) << 32).unwrap();
        assert_eq!((pool.len(), pool.get(last)), (1, Some(&5)));
        let capacity = pool.capacity();
        assert_eq!(pool.remove(last), Some(5));
        assert_eq!(pool.capacity(), capacity - 1, "slot 0 retired");
        let next = pool.insert(6);
        assert_eq!(
            next.to_bits(),
            3 << 32 | 1,
            "slot 1, never the retired 0 or 2"
        );
        let next = pool.insert(7);
        assert_eq!(next.to_bits() as u32, 3, "a fresh slot");
        assert_eq!(
            serde_json::to_string(&pool).unwrap(),
            "[[0,null],[3,6],[0,null],[1,7]]"
        );
    }

    #[test]
    fn a_slot_whose_value_contradicts_its_generation_is_an_error() {
        for json in ["[[1, null]]", "[[2, 5]]", "[[0, 5]]", "[[1, 5], [3]]", "{}"] {
            assert!(
                serde_json::from_str::<KeyedPool<i32>>(json).is_err(),
                "{json}"
            );
        }
        let err = serde_json::from_str::<KeyedPool<i32>>("[[1, 5], [2, 5]]").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("bumpkit: slot 1 has generation 2"),
            "{err}"
        );
        assert!(serde_json::from_str::<Key<i32>>("4").is_err());
        assert!(serde_json::from_str::<Key<i32>>("-1").is_err());
    }
}

/// A value whose slots are big (1 KiB): 8 to a chunk, so a few dozen values span several
/// blocks and lookups go through the chunk table as often as from a single block's start.
type Wide = [u64; 128];

#[derive(Clone, Debug)]
enum BlockOp {
    Insert(u64),
    Remove(usize),
    Get(usize),
    /// Reserves room for this many more values: a new block when it does not fit.
    Reserve(usize),
    Clone,
    Clear,
}

fn block_op() -> impl Strategy<Value = BlockOp> {
    prop_oneof![
        8 => any::<u64>().prop_map(BlockOp::Insert),
        3 => any::<usize>().prop_map(BlockOp::Remove),
        4 => any::<usize>().prop_map(BlockOp::Get),
        1 => (0..40usize).prop_map(BlockOp::Reserve),
        1 => Just(BlockOp::Clone),
        1 => Just(BlockOp::Clear),
    ]
}

proptest! {
    #![proptest_config(cases(128))]
    /// Lookups agree with a `HashMap` whether the slots are one block (found from its start)
    /// or several (found through the chunk table), across growth, reservations and clones,
    /// and a value never moves while it is in the pool.
    #[test]
    fn lookups_agree_with_a_model_in_one_block_or_many(
        reserve_first in 0..30usize,
        ops in proptest::collection::vec(block_op(), 1..MAX_OPS),
    ) {
        let mut pool: KeyedPool<Wide> = KeyedPool::with_capacity(reserve_first);
        let mut keys: Vec<Key<Wide>> = Vec::new();
        let mut model: HashMap<Key<Wide>, (u64, usize)> = HashMap::new();
        for op in ops {
            match op {
                BlockOp::Insert(v) => {
                    let key = pool.insert([v; 128]);
                    prop_assert!(!keys.contains(&key), "a key came back");
                    keys.push(key);
                    model.insert(key, (v, std::ptr::from_ref(&pool[key]) as usize));
                }
                BlockOp::Remove(i) if !keys.is_empty() => {
                    let key = keys[i % keys.len()];
                    let removed = pool.remove(key).map(|w| w[0]);
                    prop_assert_eq!(removed, model.remove(&key).map(|(v, _)| v));
                }
                BlockOp::Get(i) if !keys.is_empty() => {
                    let key = keys[i % keys.len()];
                    let expected = model.get(&key).copied();
                    let got = pool.get(key).map(|w| (w[0], std::ptr::from_ref(w) as usize));
                    prop_assert_eq!(got, expected);
                    prop_assert_eq!(pool.contains_key(key), expected.is_some());
                }
                BlockOp::Reserve(n) => {
                    pool.reserve(n);
                    prop_assert!(pool.capacity() - pool.len() >= n);
                }
                BlockOp::Clone => {
                    let copy = pool.clone();
                    for (key, (v, _)) in &model {
                        prop_assert_eq!(copy.get(*key).map(|w| w[0]), Some(*v));
                    }
                    // The copy's values live elsewhere: the model follows them.
                    pool = copy;
                    for (key, (_, address)) in model.iter_mut() {
                        *address = std::ptr::from_ref(&pool[*key]) as usize;
                    }
                }
                BlockOp::Clear => {
                    pool.clear();
                    model.clear();
                }
                BlockOp::Remove(_) | BlockOp::Get(_) => {}
            }
            prop_assert_eq!(pool.len(), model.len());
        }
        for key in &keys {
            prop_assert_eq!(pool.get(*key).map(|w| w[0]), model.get(key).map(|(v, _)| *v));
        }
    }
}
