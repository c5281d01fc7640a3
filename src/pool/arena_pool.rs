//! `ArenaPool`: warm [`Bump`]s handed out one per task (a request, a file) and taken back,
//! reset, when the task's [`ArenaGuard`] is dropped.
//!
//! Idle arenas live in a few shards (a mutex-guarded list each, on its own cache line); a
//! thread gets from and returns to its home shard first, so threads that get and return at
//! the same time rarely meet on one lock. Three counters (arenas in use, idle, the peak) are
//! shared atomics; the per-call statistics are per shard.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;
use core::ops::{Deref, DerefMut};
use core::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::builder::BumpBuilder;
use crate::error::{AllocError, unwrap_alloc};
use crate::raw::bump::Bump;

/// Idle arenas a pool keeps by default (see [`ArenaPool::max_idle`]).
const DEFAULT_MAX_IDLE: usize = 64;
/// Bytes an idle arena may hold by default (see [`ArenaPool::max_idle_bytes`]).
const DEFAULT_MAX_IDLE_BYTES: usize = 1 << 20;
/// The most shards a pool has, whatever the number of cores.
const MAX_SHARDS: usize = 64;

/// A thread-safe pool of warm [`Bump`] arenas, one handed out per task.
///
/// [`ArenaPool::get`] returns an [`ArenaGuard`] that owns a `Bump` (it derefs to it, mutably
/// too, so `reset`, scopes and collections work as on any arena). Dropping the guard resets
/// the arena and gives it back, so the next `get` gets its chunks warm: after the first few
/// tasks, a task that needs no more memory than earlier ones makes no call to the global
/// allocator at all. The guard is [`Send`], so it can be held across `.await` in a
/// multi-threaded async runtime.
///
/// The pool is bounded: it keeps at most [`max_idle`](ArenaPool::max_idle) idle arenas, and
/// drops an arena on its return instead of keeping it when the arena, once reset, still holds
/// more than [`max_idle_bytes`](ArenaPool::max_idle_bytes) (a task that once needed 100 MiB
/// does not pin 100 MiB). [`ArenaPool::shrink_to`] and [`ArenaPool::clear`] drop idle arenas
/// on demand; [`ArenaPool::stats`] counts what happened.
///
/// Every arena the pool creates is built by the [`BumpBuilder`] the pool was made with
/// ([`ArenaPool::with_builder`]): chunk sizes, initial capacity and allocation limit apply to
/// each. A returned arena gets the builder's allocation limit back if it was changed.
///
/// Available with the `std` feature.
///
/// # Examples
///
/// ```
/// use bumpkit::{ArenaPool, ArenaVec};
///
/// let pool = ArenaPool::new();
/// std::thread::scope(|s| {
///     for t in 0..4 {
///         let pool = &pool;
///         s.spawn(move || {
///             for request in 0..100 {
///                 let arena = pool.get();
///                 let mut scratch = ArenaVec::new_in(&*arena);
///                 scratch.extend(0..request + t);
///                 assert_eq!(scratch.len(), request + t);
///             } // the arena goes back to the pool here, reset
///         });
///     }
/// });
/// let stats = pool.stats();
/// assert_eq!(stats.gets, 400);
/// assert_eq!(stats.reuses + stats.created, 400);
/// assert!(stats.peak_in_use <= 4 && stats.created < 400);
/// ```
pub struct ArenaPool {
    // Invariants:
    // - [idle] `idle` is at least the number of arenas in the shards' lists (a return counts
    //   its arena before pushing it, a get pops before it uncounts) and at most `max_idle`.
    // - [shards] `shards.len()` is a power of two.
    shards: Box<[Shard]>,
    counts: Counts,
    builder: BumpBuilder,
    limit: Option<usize>,
    max_idle: usize,
    max_idle_bytes: usize,
}

/// A list of idle arenas with the statistics of the threads whose home it is, on its own
/// cache line(s).
#[repr(align(128))]
struct Shard {
    idle: Mutex<Vec<Bump>>,
    gets: AtomicUsize,
    reuses: AtomicUsize,
    created: AtomicUsize,
    discarded: AtomicUsize,
}

/// The pool-wide counters, apart from the shards.
#[repr(align(128))]
struct Counts {
    idle: AtomicUsize,
    in_use: AtomicUsize,
    peak_in_use: AtomicUsize,
}

/// A [`Bump`] lent by an [`ArenaPool`]; dropping it resets the arena and gives it back.
///
/// Derefs to the arena, mutably too. It is [`Send`] (it can move to another thread or be held
/// across `.await`) but not [`Sync`], like `Bump`.
///
/// # Examples
///
/// ```
/// use bumpkit::{ArenaPool, ArenaString};
/// use std::fmt::Write;
///
/// let pool = ArenaPool::new();
/// let mut arena = pool.get();
/// let mut s = ArenaString::new_in(&*arena);
/// write!(s, "{}-{}", 4, 2).unwrap();
/// assert_eq!(s, "4-2");
/// drop(s);
/// arena.reset();
/// assert_eq!(arena.stats().allocated_bytes, 0);
/// ```
pub struct ArenaGuard<'p> {
    bump: Bump,
    pool: &'p ArenaPool,
}

/// What an [`ArenaPool`] has done, from [`ArenaPool::stats`].
///
/// The counters are read one after another while other threads may be using the pool, so
/// under concurrent use they need not add up exactly.
///
/// # Examples
///
/// ```
/// use bumpkit::ArenaPool;
///
/// let pool = ArenaPool::new();
/// drop(pool.get());
/// drop(pool.get());
/// let stats = pool.stats();
/// assert_eq!((stats.gets, stats.reuses, stats.created), (2, 1, 1));
/// assert_eq!((stats.idle, stats.in_use, stats.peak_in_use), (1, 0, 1));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ArenaPoolStats {
    /// Arenas handed out by `get` and `try_get`.
    pub gets: usize,
    /// Of those, arenas that were idle in the pool (the rest were created).
    pub reuses: usize,
    /// Arenas the pool created.
    pub created: usize,
    /// Arenas dropped on their return (over `max_idle` or `max_idle_bytes`) or by
    /// `shrink_to` and `clear`.
    pub discarded: usize,
    /// Idle arenas the pool holds now.
    pub idle: usize,
    /// Bytes the idle arenas hold from the global allocator, chunk headers included.
    pub idle_bytes: usize,
    /// Arenas handed out and not yet returned.
    pub in_use: usize,
    /// The most arenas that were in use at once.
    pub peak_in_use: usize,
}

impl ArenaPool {
    /// Creates a pool of arenas built like [`Bump::new`]'s, keeping at most 64 idle arenas
    /// of at most 1 MiB each.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::ArenaPool;
    ///
    /// let pool = ArenaPool::new();
    /// assert_eq!(pool.stats().idle, 0);
    /// assert_eq!(pool.get().stats().reserved_bytes, 0);
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::with_builder(BumpBuilder::new())
    }

    /// Creates a pool whose arenas `builder` builds: its chunk sizes, initial capacity and
    /// allocation limit apply to every arena of the pool.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaPool, Bump};
    ///
    /// let pool = ArenaPool::with_builder(Bump::builder().capacity(64 << 10).allocation_limit(Some(1 << 20)));
    /// let arena = pool.get();
    /// assert!(arena.stats().reserved_bytes >= 64 << 10);
    /// assert_eq!(arena.allocation_limit(), Some(1 << 20));
    /// ```
    #[must_use]
    pub fn with_builder(builder: BumpBuilder) -> Self {
        // An arena without capacity allocates nothing; it only reads the builder's limit.
        let limit = builder.capacity(0).build().allocation_limit();
        let cores = std::thread::available_parallelism().map_or(4, usize::from);
        // INVARIANT: [shards] a power of two. Twice the cores, so that threads assigned
        // round-robin rarely share a home shard.
        let shards = (cores * 2).next_power_of_two().min(MAX_SHARDS);
        Self {
            shards: (0..shards).map(|_| Shard::new()).collect(),
            counts: Counts {
                idle: AtomicUsize::new(0),
                in_use: AtomicUsize::new(0),
                peak_in_use: AtomicUsize::new(0),
            },
            builder,
            limit,
            max_idle: DEFAULT_MAX_IDLE,
            max_idle_bytes: DEFAULT_MAX_IDLE_BYTES,
        }
    }

    /// Sets the most idle arenas the pool keeps (64 by default); an arena returned while that
    /// many are idle is dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::ArenaPool;
    ///
    /// let pool = ArenaPool::new().max_idle(1);
    /// let (a, b) = (pool.get(), pool.get());
    /// drop((a, b));
    /// let stats = pool.stats();
    /// assert_eq!((stats.idle, stats.discarded), (1, 1));
    /// ```
    #[must_use]
    pub fn max_idle(mut self, count: usize) -> Self {
        self.max_idle = count;
        self
    }

    /// Sets the most bytes an idle arena may hold (1 MiB by default, chunk headers included):
    /// an arena that holds more once reset is dropped on its return instead of kept.
    ///
    /// A reset keeps an arena's largest chunk, so this bounds the size of the largest chunk a
    /// returned arena keeps; a task that needed more than this gets a fresh arena next time.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::ArenaPool;
    ///
    /// let pool = ArenaPool::new().max_idle_bytes(64 << 10);
    /// let arena = pool.get();
    /// arena.alloc_slice_fill_copy(1 << 20, 0u8); // a 1 MiB chunk: too big to keep
    /// drop(arena);
    /// let stats = pool.stats();
    /// assert_eq!((stats.idle, stats.idle_bytes, stats.discarded), (0, 0, 1));
    /// ```
    #[must_use]
    pub fn max_idle_bytes(mut self, bytes: usize) -> Self {
        self.max_idle_bytes = bytes;
        self
    }

    /// Lends an arena: an idle one if the pool has one, else a new one.
    ///
    /// # Panics
    ///
    /// Panics if a new arena's initial capacity cannot be allocated (see
    /// [`ArenaPool::try_get`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::ArenaPool;
    ///
    /// let pool = ArenaPool::new();
    /// let first = pool.get().alloc(1u64) as *const u64;
    /// // The same arena comes back, reset: its first allocation lands where the last one did.
    /// assert_eq!(pool.get().alloc(2u64) as *const u64, first);
    /// ```
    #[track_caller]
    #[inline]
    pub fn get(&self) -> ArenaGuard<'_> {
        unwrap_alloc(self.try_get())
    }

    /// Lends an arena: an idle one if the pool has one, else a new one.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the pool has no idle arena and the builder's initial capacity cannot
    /// be allocated (it overflows `isize::MAX`, exceeds the limit, or the global allocator
    /// fails).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaPool, Bump};
    ///
    /// let pool = ArenaPool::with_builder(Bump::builder().capacity(1 << 20).allocation_limit(Some(1 << 10)));
    /// assert!(pool.try_get().is_err());
    /// let pool = ArenaPool::with_builder(Bump::builder().capacity(4096));
    /// let arena = pool.try_get()?;
    /// assert!(arena.remaining() >= 4096);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_get(&self) -> Result<ArenaGuard<'_>, AllocError> {
        let home = home_index() & (self.shards.len() - 1);
        // Relaxed: a hint; a stale zero only creates an arena, a stale non-zero only looks.
        let bump = if self.counts.idle.load(Ordering::Relaxed) > 0 {
            self.take_idle(home)
        } else {
            None
        };
        let shard = &self.shards[home];
        let bump = match bump {
            Some(bump) => {
                // Relaxed (all the statistics counters): plain counts, read only by `stats`.
                shard.reuses.fetch_add(1, Ordering::Relaxed);
                bump
            }
            None => {
                let bump = self.builder.try_build()?;
                shard.created.fetch_add(1, Ordering::Relaxed);
                bump
            }
        };
        shard.gets.fetch_add(1, Ordering::Relaxed);
        // Relaxed: counts only, nothing is published through them.
        let in_use = self.counts.in_use.fetch_add(1, Ordering::Relaxed) + 1;
        if in_use > self.counts.peak_in_use.load(Ordering::Relaxed) {
            self.counts.peak_in_use.fetch_max(in_use, Ordering::Relaxed);
        }
        Ok(ArenaGuard { bump, pool: self })
    }

    /// Drops idle arenas until at most `max_idle` remain.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::ArenaPool;
    ///
    /// let pool = ArenaPool::new();
    /// let arenas: Vec<_> = (0..5).map(|_| pool.get()).collect();
    /// drop(arenas);
    /// pool.shrink_to(2);
    /// assert_eq!(pool.stats().idle, 2);
    /// ```
    pub fn shrink_to(&self, max_idle: usize) {
        let mut dropped = Vec::new();
        for shard in &*self.shards {
            let mut idle = shard.lock();
            while !idle.is_empty() {
                // INVARIANT: [idle] the count drops only for an arena taken off a list.
                let counted =
                    self.counts
                        .idle
                        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                            (n > max_idle).then(|| n - 1)
                        });
                if counted.is_err() {
                    break;
                }
                dropped.extend(idle.pop());
                shard.discarded.fetch_add(1, Ordering::Relaxed);
            }
        }
        // The arenas are freed outside the locks.
        drop(dropped);
    }

    /// Drops every idle arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::ArenaPool;
    ///
    /// let pool = ArenaPool::new();
    /// pool.get().alloc(1u8);
    /// assert!(pool.stats().idle_bytes > 0);
    /// pool.clear();
    /// assert_eq!((pool.stats().idle, pool.stats().idle_bytes), (0, 0));
    /// ```
    pub fn clear(&self) {
        self.shrink_to(0);
    }

    /// Returns what the pool has done and holds (see [`ArenaPoolStats`]).
    ///
    /// It locks each shard in turn to add up the idle arenas' bytes, so it is meant for
    /// reports and tests, not for every request.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::ArenaPool;
    ///
    /// let pool = ArenaPool::new();
    /// let a = pool.get();
    /// let b = pool.get();
    /// assert_eq!(pool.stats().in_use, 2);
    /// drop((a, b));
    /// let stats = pool.stats();
    /// assert_eq!((stats.in_use, stats.peak_in_use, stats.idle), (0, 2, 2));
    /// ```
    #[must_use]
    pub fn stats(&self) -> ArenaPoolStats {
        let mut stats = ArenaPoolStats::default();
        for shard in &*self.shards {
            stats.gets += shard.gets.load(Ordering::Relaxed);
            stats.reuses += shard.reuses.load(Ordering::Relaxed);
            stats.created += shard.created.load(Ordering::Relaxed);
            stats.discarded += shard.discarded.load(Ordering::Relaxed);
            let idle = shard.lock();
            stats.idle += idle.len();
            stats.idle_bytes += idle.iter().map(|b| b.stats().reserved_bytes).sum::<usize>();
        }
        stats.in_use = self.counts.in_use.load(Ordering::Relaxed);
        stats.peak_in_use = self.counts.peak_in_use.load(Ordering::Relaxed);
        stats
    }

    /// Takes an idle arena, looking in the home shard first, then in the others.
    fn take_idle(&self, home: usize) -> Option<Bump> {
        let mask = self.shards.len() - 1;
        for i in 0..self.shards.len() {
            let popped = self.shards[(home + i) & mask].lock().pop();
            if let Some(bump) = popped {
                // INVARIANT: [idle] uncounted after it left the list.
                self.counts.idle.fetch_sub(1, Ordering::Relaxed);
                return Some(bump);
            }
        }
        None
    }

    /// Takes back a lent arena: resets it and keeps it if the caps allow, else drops it.
    fn put_back(&self, mut bump: Bump) {
        bump.reset();
        bump.set_allocation_limit(self.limit);
        self.counts.in_use.fetch_sub(1, Ordering::Relaxed);
        let shard = &self.shards[home_index() & (self.shards.len() - 1)];
        // The byte cap: a reset keeps the largest chunk, so an arena that once grew big stays
        // big; it is dropped rather than kept. (A `Bump` method that frees chunks down to a
        // budget could shrink it and keep it instead.)
        let keep = bump.stats().reserved_bytes <= self.max_idle_bytes
            // INVARIANT: [idle] counted before it is on a list, and never past `max_idle`.
            && self
                .counts
                .idle
                .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                    (n < self.max_idle).then_some(n + 1)
                })
                .is_ok();
        if keep {
            shard.lock().push(bump);
        } else {
            shard.discarded.fetch_add(1, Ordering::Relaxed);
            drop(bump);
        }
    }
}

impl Shard {
    fn new() -> Self {
        Self {
            idle: Mutex::new(Vec::new()),
            gets: AtomicUsize::new(0),
            reuses: AtomicUsize::new(0),
            created: AtomicUsize::new(0),
            discarded: AtomicUsize::new(0),
        }
    }

    /// Locks the idle list. No code panics while holding the lock, but a poisoned lock
    /// would still guard a valid list of reset arenas, so poisoning is ignored.
    fn lock(&self) -> MutexGuard<'_, Vec<Bump>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// This thread's index, given out in thread-start order: threads spread over the shards.
fn home_index() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    std::thread_local! {
        // Relaxed: a unique-enough number, nothing is published through it.
        static HOME: usize = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    // A guard dropped while this thread's locals are torn down goes to the first shard.
    HOME.try_with(|home| *home).unwrap_or(0)
}

impl Drop for ArenaGuard<'_> {
    fn drop(&mut self) {
        // An arena without chunks stands in for the taken one; it allocates nothing.
        let bump = core::mem::take(&mut self.bump);
        self.pool.put_back(bump);
    }
}

impl Deref for ArenaGuard<'_> {
    type Target = Bump;

    #[inline]
    fn deref(&self) -> &Bump {
        &self.bump
    }
}

impl DerefMut for ArenaGuard<'_> {
    #[inline]
    fn deref_mut(&mut self) -> &mut Bump {
        &mut self.bump
    }
}

impl AsRef<Bump> for ArenaGuard<'_> {
    #[inline]
    fn as_ref(&self) -> &Bump {
        &self.bump
    }
}

impl AsMut<Bump> for ArenaGuard<'_> {
    #[inline]
    fn as_mut(&mut self) -> &mut Bump {
        &mut self.bump
    }
}

impl fmt::Debug for ArenaGuard<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArenaGuard")
            .field("bump", &self.bump)
            .finish()
    }
}

impl Default for ArenaPool {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ArenaPool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArenaPool")
            .field("stats", &self.stats())
            .field("max_idle", &self.max_idle)
            .field("max_idle_bytes", &self.max_idle_bytes)
            .finish_non_exhaustive()
    }
}
