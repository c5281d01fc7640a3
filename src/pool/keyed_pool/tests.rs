//! Unit tests of what the public API cannot reach: pool tags, use counts near the wrap
//! (chunk and block sizes are tested beside them, in chunks.rs).

use alloc::vec::Vec;

use super::{COUNT_MASK, TAG_SHIFT};
use crate::{Key, KeyedPool};

/// Sets the generation of the slot of `key` (occupied) to `generation` (odd).
fn set_generation(pool: &mut KeyedPool<u32>, key: Key<u32>, generation: u32) -> Key<u32> {
    let slot = pool.find(key).unwrap();
    // SAFETY: the slot is occupied and stays so with another odd generation.
    unsafe { (*slot.as_ptr()).generation = generation };
    Key::new(key.index(), generation)
}

/// Returns the generation of `key`'s pool with use count `count`.
fn with_count(key: Key<u32>, count: u32) -> u32 {
    key.generation() & !COUNT_MASK | count
}

#[test]
fn keys_carry_the_pool_tag_in_the_top_bits_of_the_generation() {
    let mut pool = KeyedPool::new();
    let key = pool.insert(1);
    assert_eq!(key.generation(), pool.tag << TAG_SHIFT | 1);
    assert!((1..=255).contains(&pool.tag));
    let other = KeyedPool::<u32>::new();
    assert_ne!(other.tag, pool.tag, "successive pools get successive tags");
}

#[test]
fn slot_whose_use_count_would_wrap_is_retired() {
    let mut pool = KeyedPool::new();
    let key = pool.insert(1);
    let old = set_generation(&mut pool, key, with_count(key, COUNT_MASK - 2));
    assert_eq!(pool.remove(old), Some(1));
    let last = pool.insert(2);
    assert_eq!(
        (last.index(), last.generation()),
        (0, with_count(key, COUNT_MASK)),
        "the last use, 2^23, keeps the tag"
    );
    let capacity = pool.capacity();
    assert_eq!(pool.remove(last), Some(2));
    assert_eq!(pool.capacity(), capacity - 1);
    let next = pool.insert(3);
    assert_eq!(next.index(), 1, "a retired slot is never reused");
    for stale in [key, old, last] {
        assert_eq!(pool.get(stale), None);
    }
    pool.clear();
    assert_eq!(pool.insert(4).index(), 1, "clear keeps it retired");
    assert_eq!(pool.capacity(), capacity - 1);
}

#[test]
fn the_use_count_never_carries_into_the_tag_even_at_tag_255() {
    let mut pool = KeyedPool::new();
    pool.tag = 255;
    let key = pool.insert(1);
    assert_eq!(key.generation(), 255 << TAG_SHIFT | 1);
    let last = set_generation(&mut pool, key, u32::MAX);
    assert_eq!(pool.remove(last), Some(1));
    assert_eq!(
        pool.insert(2).index(),
        1,
        "retired, not wrapped to generation 0 or 1"
    );
}

#[test]
fn clear_retires_a_slot_at_the_last_use_count() {
    let mut pool = KeyedPool::new();
    let key = pool.insert(1);
    let last = set_generation(&mut pool, key, with_count(key, COUNT_MASK));
    pool.clear();
    assert_eq!(pool.get(last), None);
    assert_eq!(pool.insert(5).index(), 1);
}

#[test]
fn a_reservation_is_one_block_and_growth_doubles() {
    // 520-byte slots: 8 to a chunk (the power of two that fits in 8 KiB).
    let mut pool = KeyedPool::<[u64; 64]>::with_capacity(100);
    assert_eq!(pool.chunks.blocks(), [13]); // 13 chunks, 104 slots, one allocation
    assert_eq!(pool.capacity(), 104);
    for v in 0..105 {
        pool.insert([v; 64]);
    }
    assert_eq!(
        pool.chunks.blocks(),
        [13, 13],
        "one more insert doubles the slots"
    );
    let copy = pool.clone();
    assert_eq!(
        copy.chunks.blocks(),
        [14],
        "a clone takes one block, of the slots in use"
    );
}

#[test]
fn lookups_skip_the_chunk_table_only_while_the_slots_are_one_block() {
    let mut pool = KeyedPool::<u64>::with_capacity(10);
    assert_eq!(pool.direct, 0);
    let keys: Vec<_> = (0..10).map(|v| pool.insert(v)).collect();
    assert_eq!(pool.direct, 10, "one block: every slot in use is direct");
    pool.reserve(1000); // a second block
    assert_eq!(pool.direct, 0);
    let more: Vec<_> = (10..1010).map(|v| pool.insert(v)).collect();
    assert_eq!(pool.direct, 0, "more blocks: no slot is direct");
    for (v, key) in (0..).zip(keys.iter().chain(&more)) {
        assert_eq!((pool.get(*key), pool.contains_key(*key)), (Some(&v), true));
    }
    // Two blocks before the first insert: still none direct.
    let mut reserved_twice = KeyedPool::<u64>::with_capacity(10);
    reserved_twice.reserve(1000);
    let key = reserved_twice.insert(7);
    assert_eq!((reserved_twice.direct, reserved_twice[key]), (0, 7));
}

#[test]
fn a_key_past_the_slots_in_use_is_not_contained() {
    let mut pool = KeyedPool::<u32>::with_capacity(100);
    let key = pool.insert(1);
    let past = Key::new(50, key.generation()); // below the capacity, past the slots in use
    assert!(!pool.contains_key(past));
    assert_eq!(pool.get(past), None);
    assert!(pool.contains_key(key));
}
