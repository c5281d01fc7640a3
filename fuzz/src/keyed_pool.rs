//! The `keyed_pool` model: a `KeyedPool` of drop-logging elements driven by arbitrary
//! operations and checked against a `HashMap` keyed by model ids, with every key ever made
//! kept and retried after removals and clears.
//!
//! After every operation it checks:
//! - a live key reads its own element and value; a stale key (removed, cleared, drained),
//!   a made-up key (`Key::from_bits`, under the pool's tag once known) and a key of another
//!   pool read nothing, unless equal to a live key — never the wrong value; indexing with a
//!   stale key panics with bumpkit's message; in debug builds a key of another pool panics
//!   (unless the two pools' tags collide, after 255 pools: then it is like a made-up key);
//! - `get_disjoint_mut` gives values exactly when every key is live and no two are equal;
//! - no key is ever handed out twice;
//! - `len` is the model's, iteration walks exactly the live keys in slot order;
//! - exactly the elements in the pool are alive: `remove`, `clear`, `retain`, `drain`,
//!   `into_iter` and dropping the pool drop each removed element once, also when a
//!   destructor or the `retain` predicate panics midway.

use std::collections::HashMap;

use arbitrary::{Arbitrary, Unstructured};
use bumpkit::{Key, KeyedPool};

use crate::tracked::{
    INJECTED, PanicIn, Registry, Tracked, catch_expected, catch_injected, quiet_injected_panics,
};

/// Operations after this many are ignored.
const MAX_OPS: usize = 512;

/// Runs one fuzz input.
pub fn run(data: &[u8]) {
    let u = Unstructured::new(data);
    let Ok(input) = Input::arbitrary_take_rest(u) else {
        return;
    };
    quiet_injected_panics();
    input.run();
}

#[derive(Arbitrary, Debug)]
struct Input {
    /// `with_capacity(n % 64)`, so chunk boundaries and unused capacity move.
    capacity: u8,
    ops: Vec<Op>,
}

#[derive(Arbitrary, Debug)]
enum Op {
    Insert(u32),
    /// `insert_with_key`, storing the key's slot index as the value.
    InsertWithKey,
    /// Every `u16` picks one of the keys ever made (modulo their number).
    Remove(u16),
    Get(u16),
    Set(u16, u32),
    /// `pool[key]`: a stale key must panic.
    Index(u16),
    /// `get_disjoint_mut` of three keys, each ever made or made up.
    Disjoint([KeyPick; 3]),
    /// A made-up key: `Key::from_bits` of slot `% 256`, generation `2 * g + 1`.
    MadeUp(u8, u8),
    /// A key of another pool (which gets a value first) used in this one.
    Foreign(u16),
    /// `retain` values not divisible by `m` (`% 5 + 1`); with `Some(n)`, the predicate
    /// panics at its `n`-th call.
    Retain(u8, Option<u8>),
    Clear,
    /// `drain`, taking this many, then dropping the drain.
    Drain(u8),
    /// `into_iter` taking this many, then a fresh pool (the old keys are dropped from the
    /// list, since debug builds reject them in a new pool).
    IntoIter(u8),
    Reserve(u8),
    /// `clone` (which may panic in an element's `Clone`), checked key by key, then dropped.
    Clone,
    /// Arms a panic in the `n + 1`-th destructor (or clone) from now.
    Arm(PanicIn, u8),
}

#[derive(Arbitrary, Clone, Copy, Debug)]
enum KeyPick {
    Made(u16),
    MadeUp(u8, u8),
}

/// What the model knows.
struct Model {
    registry: Registry,
    /// Every key this pool handed out, with its model id.
    keys: Vec<(Key<Tracked>, u64)>,
    /// The live values by model id: element id and value.
    live: HashMap<u64, (u64, u32)>,
    next_id: u64,
}

impl Model {
    fn key(&self, pick: u16) -> Option<(Key<Tracked>, u64)> {
        (!self.keys.is_empty()).then(|| self.keys[usize::from(pick) % self.keys.len()])
    }

    /// The value a key must read: its own if live, else that of an equal live key.
    fn expected(&self, key: Key<Tracked>) -> Option<(u64, u32)> {
        self.keys
            .iter()
            .filter(|(k, _)| *k == key)
            .find_map(|(_, id)| self.live.get(id).copied())
    }

    /// The pool's tag (the top 8 bits of its keys' generations), once it made a key.
    fn tag(&self) -> Option<u64> {
        self.keys.first().map(|(key, _)| key.to_bits() >> 56)
    }

    /// A made-up key under the pool's tag (0, untagged, before it made a key), so that it
    /// can equal a live or stale key.
    fn made_up(&self, index: u8, generation: u8) -> Key<Tracked> {
        let generation = self.tag().unwrap_or(0) << 24 | u64::from(2 * u32::from(generation) + 1);
        Key::from_bits(generation << 32 | u64::from(index)).expect("an odd generation makes a key")
    }

    fn pick(&self, pick: KeyPick) -> Key<Tracked> {
        match pick {
            KeyPick::Made(i) => self.key(i).map_or(self.made_up(0, 0), |(key, _)| key),
            KeyPick::MadeUp(index, generation) => self.made_up(index, generation),
        }
    }

    /// After an injected panic: forgets the values whose element was dropped.
    fn sync(&mut self) {
        let registry = self.registry;
        self.live
            .retain(|_, (element, _)| registry.is_alive(*element));
    }

    /// Checks the pool against the model.
    fn check(&self, pool: &KeyedPool<Tracked>) {
        assert_eq!(pool.len(), self.live.len(), "len");
        assert_eq!(
            self.registry.alive_count(),
            self.live.len(),
            "an element was dropped twice, early, or leaked"
        );
        let walked: Vec<(Key<Tracked>, u64, u32)> =
            pool.iter().map(|(k, t)| (k, t.id, t.value)).collect();
        let mut expected: Vec<(Key<Tracked>, u64, u32)> = self
            .keys
            .iter()
            .filter_map(|(k, id)| self.live.get(id).map(|&(e, v)| (*k, e, v)))
            .collect();
        expected.sort_unstable_by_key(|&(k, _, _)| k);
        let mut folded = Vec::new();
        pool.iter()
            .for_each(|(k, t)| folded.push((k, t.id, t.value)));
        assert_eq!(walked, folded, "fold walks what next walks");
        assert_eq!(
            walked, expected,
            "iteration walks the live keys in slot order"
        );
    }
}

impl Input {
    fn run(self) {
        let registry = Registry::fresh();
        let mut pool = KeyedPool::with_capacity(usize::from(self.capacity % 64));
        let mut other = KeyedPool::new();
        let mut model = Model {
            registry,
            keys: Vec::new(),
            live: HashMap::new(),
            next_id: 0,
        };
        for op in self.ops.iter().take(MAX_OPS) {
            let ok = catch_injected(|| step(op, &mut pool, &mut other, &mut model));
            if !ok {
                registry.disarm();
                model.sync();
            }
            model.check(&pool);
        }
        registry.disarm();
        drop(other);
        drop(pool);
        assert_eq!(
            registry.alive_count(),
            0,
            "dropping the pool drops every value"
        );
    }
}

/// Applies one operation; an injected panic unwinds out of it.
fn step(op: &Op, pool: &mut KeyedPool<Tracked>, other: &mut KeyedPool<Tracked>, model: &mut Model) {
    let registry = model.registry;
    match *op {
        Op::Insert(value) => {
            let element = registry.make(value);
            let id = element.id;
            let key = pool.insert(element);
            insert(model, key, id, value);
        }
        Op::InsertWithKey => {
            let mut made = None;
            let key = pool.insert_with_key(|key| {
                let element = registry.make(key.to_bits() as u32);
                made = Some((key, element.id));
                element
            });
            let (given, id) = made.expect("the closure ran");
            assert_eq!(given, key, "insert_with_key passes the key it returns");
            insert(model, key, id, key.to_bits() as u32);
        }
        Op::Remove(pick) => {
            let Some((key, id)) = model.key(pick) else {
                return;
            };
            let expected = model.live.remove(&id);
            let removed = pool.remove(key).map(|t| (t.id, t.value));
            assert_eq!(removed, expected, "remove {key:?}");
        }
        Op::Get(pick) => {
            let Some((key, id)) = model.key(pick) else {
                return;
            };
            let expected = model.live.get(&id).copied();
            assert_eq!(
                pool.get(key).map(|t| (t.id, t.value)),
                expected,
                "get {key:?}"
            );
            assert_eq!(pool.contains_key(key), expected.is_some());
        }
        Op::Set(pick, value) => {
            let Some((key, id)) = model.key(pick) else {
                return;
            };
            if let Some(t) = pool.get_mut(key) {
                t.value = value;
                model.live.get_mut(&id).expect("a live key").1 = value;
            } else {
                assert!(!model.live.contains_key(&id), "get_mut missed {key:?}");
            }
        }
        Op::Index(pick) => {
            let Some((key, id)) = model.key(pick) else {
                return;
            };
            let got = catch_expected(|| pool[key].value);
            match (got, model.live.get(&id)) {
                (Ok(value), Some(&(_, expected))) => assert_eq!(value, expected),
                (Err(message), None) => assert!(message.starts_with("bumpkit: stale key")),
                (got, expected) => panic!("pool[{key:?}]: {got:?}, model {expected:?}"),
            }
        }
        Op::Disjoint(picks) => {
            let keys = picks.map(|pick| model.pick(pick));
            let expected: Option<Vec<(u64, u32)>> =
                keys.iter().map(|&key| model.expected(key)).collect();
            let distinct = (0..3).all(|i| (0..i).all(|j| keys[i] != keys[j]));
            let expected = expected.filter(|_| distinct);
            let got = pool
                .get_disjoint_mut(keys)
                .map(|values| values.iter().map(|t| (t.id, t.value)).collect::<Vec<_>>());
            assert_eq!(got, expected, "get_disjoint_mut {keys:?}");
        }
        Op::MadeUp(index, generation) => {
            let key = model.made_up(index, generation);
            let expected = model.expected(key);
            assert_eq!(
                pool.get(key).map(|t| (t.id, t.value)),
                expected,
                "made up {key:?}"
            );
        }
        Op::Foreign(value) => {
            let key = other.insert(registry.make(u32::from(value)));
            let got = catch_expected(|| pool.get(key).map(|t| (t.id, t.value)));
            // Tags repeat after 255 pools (each `IntoIter` makes one), and this pool's tag is
            // known only once it made a key; with an equal tag the key is like a made-up one.
            let other_tag = key.to_bits() >> 56;
            match (got, model.tag()) {
                (Err(message), tag) if cfg!(debug_assertions) && tag != Some(other_tag) => {
                    assert!(
                        message.starts_with("bumpkit: the key was made by another KeyedPool"),
                        "{message}"
                    );
                }
                (Ok(got), tag) if !cfg!(debug_assertions) || tag.is_none_or(|t| t == other_tag) => {
                    assert_eq!(got, model.expected(key), "foreign {key:?}");
                }
                (got, tag) => panic!("foreign {key:?} in the pool with tag {tag:?}: {got:?}"),
            }
            drop(other.remove(key));
        }
        Op::Retain(m, panic_at) => {
            let m = u32::from(m % 5 + 1);
            let mut calls = 0u32;
            let mut last = None;
            let result = catch_injected(|| {
                pool.retain(|key, t| {
                    assert!(last < Some(key), "retain visits in slot order");
                    last = Some(key);
                    if panic_at.is_some_and(|n| u32::from(n) == calls) {
                        panic!("{INJECTED}");
                    }
                    calls += 1;
                    t.value % m != 0
                });
            });
            if result {
                model.live.retain(|_, (_, value)| *value % m != 0);
            } else {
                panic!("{INJECTED}");
            }
        }
        Op::Clear => {
            model.live.clear();
            pool.clear();
        }
        Op::Drain(take) => {
            let mut drain = pool.drain();
            for _ in 0..take {
                let Some((key, t)) = drain.next() else { break };
                let expected = model.expected(key);
                assert_eq!(Some((t.id, t.value)), expected, "drain yields {key:?}");
            }
            model.live.clear();
            drop(drain);
        }
        Op::IntoIter(take) => {
            let taken = std::mem::take(pool);
            let keys = std::mem::take(&mut model.keys);
            let live = std::mem::take(&mut model.live);
            let mut last = None;
            let mut iter = taken.into_iter();
            for _ in 0..take {
                let Some((key, t)) = iter.next() else { break };
                assert!(last < Some(key), "into_iter walks in slot order");
                last = Some(key);
                let id = keys.iter().find(|(k, _)| *k == key).expect("a known key").1;
                assert_eq!(
                    live.get(&id),
                    Some(&(t.id, t.value)),
                    "into_iter yields {key:?}"
                );
            }
            drop(iter);
        }
        Op::Reserve(n) => {
            pool.reserve(usize::from(n));
            assert!(pool.capacity() >= pool.len() + usize::from(n));
        }
        Op::Clone => {
            let copy = pool.clone();
            assert_eq!(copy.len(), pool.len(), "a clone has every value");
            for &(key, _) in &model.keys {
                let value = |pool: &KeyedPool<Tracked>| pool.get(key).map(|t| t.value);
                assert_eq!(value(&copy), value(pool), "a clone reads {key:?} alike");
            }
        }
        Op::Arm(kind, after) => registry.arm(kind, u32::from(after % 8)),
    }
}

/// Records a new key, which must differ from every key handed out before.
fn insert(model: &mut Model, key: Key<Tracked>, element: u64, value: u32) {
    assert!(
        model.keys.iter().all(|(k, _)| *k != key),
        "key {key:?} handed out twice"
    );
    model.keys.push((key, model.next_id));
    model.live.insert(model.next_id, (element, value));
    model.next_id += 1;
}
