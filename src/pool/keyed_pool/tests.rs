//! Unit tests of what the public API cannot reach: pool tags, use counts near the wrap
//! (chunk and block sizes are tested beside them, in chunks.rs).

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
