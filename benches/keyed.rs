//! `KeyedPool` against the keyed containers it replaces: slotmap's `SlotMap`, `slab::Slab`
//! (no generations: a stale key reads a reused slot) and thunderdome's `Arena`. Every group
//! times 1000 operations on `u64` values:
//!
//! - `keyed_insert_1000`: an empty container (allocating nothing) gets 1000 values, then is
//!   dropped.
//! - `keyed_get_1000`: 1000 lookups by key, in a scattered order, into a container of 1000
//!   (`KeyedPool` twice: made with `new()`, its 1000 slots are two blocks; made
//!   `with_capacity`, one block).
//! - `keyed_churn_1000`: 1000 times, remove the value of one key and insert a new one (both
//!   `KeyedPool`s again).
//! - `keyed_iterate_1000`: sums the values of a container of 1000 slots with every tenth
//!   value removed.
//!
//! Run with `cargo bench --bench keyed -- --warm-up-time 1 --measurement-time 3`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion};

const N: usize = 1000;

/// The order of the lookups: a fixed permutation of `0..N` (a stride coprime to `N`).
fn scattered() -> impl Iterator<Item = usize> {
    (0..N).map(|i| i * 397 % N)
}

/// One container kind under test, with its key.
trait Keyed: Default {
    type Key: Copy;
    const NAME: &'static str;
    fn insert(&mut self, value: u64) -> Self::Key;
    fn get(&self, key: Self::Key) -> Option<&u64>;
    fn remove(&mut self, key: Self::Key) -> Option<u64>;
    fn sum(&self) -> u64;
}

impl Keyed for bumpkit::KeyedPool<u64> {
    type Key = bumpkit::Key<u64>;
    const NAME: &'static str = "bumpkit::KeyedPool";
    #[inline]
    fn insert(&mut self, value: u64) -> Self::Key {
        self.insert(value)
    }
    #[inline]
    fn get(&self, key: Self::Key) -> Option<&u64> {
        self.get(key)
    }
    #[inline]
    fn remove(&mut self, key: Self::Key) -> Option<u64> {
        self.remove(key)
    }
    #[inline]
    fn sum(&self) -> u64 {
        self.values().sum()
    }
}

/// A `KeyedPool` made `with_capacity(N)`: its slots are one block, so lookups skip the chunk
/// table (the peers index one `Vec` either way).
struct ReservedPool(bumpkit::KeyedPool<u64>);

impl Default for ReservedPool {
    fn default() -> Self {
        Self(bumpkit::KeyedPool::with_capacity(N))
    }
}

impl Keyed for ReservedPool {
    type Key = bumpkit::Key<u64>;
    const NAME: &'static str = "bumpkit::KeyedPool (with_capacity)";
    #[inline]
    fn insert(&mut self, value: u64) -> Self::Key {
        self.0.insert(value)
    }
    #[inline]
    fn get(&self, key: Self::Key) -> Option<&u64> {
        self.0.get(key)
    }
    #[inline]
    fn remove(&mut self, key: Self::Key) -> Option<u64> {
        self.0.remove(key)
    }
    #[inline]
    fn sum(&self) -> u64 {
        self.0.values().sum()
    }
}

impl Keyed for slotmap::SlotMap<slotmap::DefaultKey, u64> {
    type Key = slotmap::DefaultKey;
    const NAME: &'static str = "slotmap::SlotMap";
    #[inline]
    fn insert(&mut self, value: u64) -> Self::Key {
        self.insert(value)
    }
    #[inline]
    fn get(&self, key: Self::Key) -> Option<&u64> {
        self.get(key)
    }
    #[inline]
    fn remove(&mut self, key: Self::Key) -> Option<u64> {
        self.remove(key)
    }
    #[inline]
    fn sum(&self) -> u64 {
        self.values().sum()
    }
}

impl Keyed for slab::Slab<u64> {
    type Key = usize;
    const NAME: &'static str = "slab::Slab";
    #[inline]
    fn insert(&mut self, value: u64) -> Self::Key {
        self.insert(value)
    }
    #[inline]
    fn get(&self, key: Self::Key) -> Option<&u64> {
        self.get(key)
    }
    #[inline]
    fn remove(&mut self, key: Self::Key) -> Option<u64> {
        self.try_remove(key)
    }
    #[inline]
    fn sum(&self) -> u64 {
        self.iter().map(|(_, v)| v).sum()
    }
}

impl Keyed for thunderdome::Arena<u64> {
    type Key = thunderdome::Index;
    const NAME: &'static str = "thunderdome::Arena";
    #[inline]
    fn insert(&mut self, value: u64) -> Self::Key {
        self.insert(value)
    }
    #[inline]
    fn get(&self, key: Self::Key) -> Option<&u64> {
        self.get(key)
    }
    #[inline]
    fn remove(&mut self, key: Self::Key) -> Option<u64> {
        self.remove(key)
    }
    #[inline]
    fn sum(&self) -> u64 {
        self.iter().map(|(_, v)| v).sum()
    }
}

/// A container of `N` values and their keys.
fn filled<K: Keyed>() -> (K, Vec<K::Key>) {
    let mut keyed = K::default();
    let keys = (0..N as u64).map(|v| keyed.insert(v)).collect();
    (keyed, keys)
}

fn insert<K: Keyed>(c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    c.bench_function(BenchmarkId::from_parameter(K::NAME), |b| {
        b.iter(|| {
            let mut keyed = K::default();
            for v in 0..N as u64 {
                black_box(keyed.insert(v));
            }
            keyed
        });
    });
}

fn get<K: Keyed>(c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    let (keyed, keys) = filled::<K>();
    let order: Vec<K::Key> = scattered().map(|i| keys[i]).collect();
    c.bench_function(BenchmarkId::from_parameter(K::NAME), |b| {
        b.iter(|| {
            let mut sum = 0;
            for &key in &order {
                sum += *keyed.get(black_box(key)).unwrap();
            }
            sum
        });
    });
}

fn churn<K: Keyed>(c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    let (mut keyed, mut keys) = filled::<K>();
    let order: Vec<usize> = scattered().collect();
    c.bench_function(BenchmarkId::from_parameter(K::NAME), |b| {
        b.iter(|| {
            for &i in &order {
                let value = keyed.remove(black_box(keys[i])).unwrap();
                keys[i] = keyed.insert(value + 1);
            }
        });
    });
}

fn iterate<K: Keyed>(c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>) {
    let (mut keyed, keys) = filled::<K>();
    for key in keys.iter().step_by(10) {
        keyed.remove(*key);
    }
    c.bench_function(BenchmarkId::from_parameter(K::NAME), |b| {
        b.iter(|| black_box(&keyed).sum());
    });
}

type Pool = bumpkit::KeyedPool<u64>;
type SlotMap = slotmap::SlotMap<slotmap::DefaultKey, u64>;
type Slab = slab::Slab<u64>;
type Thunderdome = thunderdome::Arena<u64>;

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("keyed_insert_1000");
    insert::<Pool>(&mut g);
    insert::<SlotMap>(&mut g);
    insert::<Slab>(&mut g);
    insert::<Thunderdome>(&mut g);
    g.finish();
    let mut g = c.benchmark_group("keyed_get_1000");
    get::<Pool>(&mut g);
    get::<ReservedPool>(&mut g);
    get::<SlotMap>(&mut g);
    get::<Slab>(&mut g);
    get::<Thunderdome>(&mut g);
    g.finish();
    let mut g = c.benchmark_group("keyed_churn_1000");
    churn::<Pool>(&mut g);
    churn::<ReservedPool>(&mut g);
    churn::<SlotMap>(&mut g);
    churn::<Slab>(&mut g);
    churn::<Thunderdome>(&mut g);
    g.finish();
    let mut g = c.benchmark_group("keyed_iterate_1000");
    iterate::<Pool>(&mut g);
    iterate::<SlotMap>(&mut g);
    iterate::<Slab>(&mut g);
    iterate::<Thunderdome>(&mut g);
    g.finish();
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion);
    criterion.final_summary();
}
