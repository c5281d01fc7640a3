//! `ArenaPool`: warm [`Bump`]s handed out one per task (a request, a file) and taken back,
//! reset, when the task's [`ArenaGuard`] is dropped.
//!
//! Idle arenas live in a few shards (a spin-locked list each, on its own cache line); a
//! thread gets from and returns to its home shard first, so threads that get and return at
//! the same time rarely meet on one lock. A warm `get` + drop touches one shard's lock and
//! nothing else shared: the statistics are counted per shard under its lock, and the pool-wide
//! counters (arenas alive and their peak) change only when an arena is created or dropped.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::cell::Cell;
use core::fmt;
use core::mem::ManuallyDrop;
use core::ops::{Deref, DerefMut};
use core::sync::atomic::{AtomicUsize, Ordering};

use crate::builder::BumpBuilder;
use crate::error::{AllocError, unwrap_alloc};
use crate::raw::bump::Bump;
use crate::sync::{SpinMutex, SpinMutexGuard};

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
/// assert!(stats.created < 400);
/// ```
pub struct ArenaPool {
    // Invariants:
    // - [shards] `shards.len()` is a power of two.
    // - [cap] each shard holds at most its `cap` idle arenas; the caps add up to `max_idle`,
    //   so the pool never holds more.
    shards: Box<[Shard]>,
    alive: AtomicUsize,
    peak_alive: AtomicUsize,
    builder: BumpBuilder,
    limit: Option<usize>,
    max_idle: usize,
    max_idle_bytes: usize,
}

/// A list of idle arenas with the statistics of the threads whose home it is, on its own
/// cache line(s).
#[repr(align(128))]
struct Shard(SpinMutex<ShardState>);

/// What a shard's lock guards.
struct ShardState {
    /// Boxed, so that getting and returning an arena moves a pointer, not the arena.
    #[expect(
        clippy::vec_box,
        reason = "the guard holds the box: a get or return moves a pointer, not the arena"
    )]
    idle: Vec<Box<Bump>>,
    /// The most idle arenas this shard may hold: its part of `max_idle`.
    cap: usize,
    reuses: usize,
    created: usize,
    discarded: usize,
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
    // Invariants:
    // - [taken] `bump` is live until `drop` takes it, and nothing uses it after.
    //
    // Boxed, so that getting and returning an arena moves a pointer, not the arena.
    bump: ManuallyDrop<Box<Bump>>,
    pool: &'p ArenaPool,
    /// The home shard of the thread that got it, where it goes back first.
    home: usize,
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
    /// Arenas handed out and not yet returned (or leaked with [`core::mem::forget`]).
    pub in_use: usize,
    /// The most arenas that were in use at once.
    ///
    /// Counted when an arena is created (a warm `get` touches no shared counter): it is the
    /// most arenas that were alive at once, which is the most in use at once, except that a
    /// `get` racing the return of the last idle arena may create one more.
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
        let mut pool = Self {
            shards: (0..shards).map(|_| Shard::new()).collect(),
            alive: AtomicUsize::new(0),
            peak_alive: AtomicUsize::new(0),
            builder,
            limit,
            max_idle: DEFAULT_MAX_IDLE,
            max_idle_bytes: DEFAULT_MAX_IDLE_BYTES,
        };
        pool.split_max_idle();
        pool
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
        self.split_max_idle();
        self
    }

    /// Sets the most bytes an idle arena may hold (1 MiB by default, chunk headers included):
    /// an arena that holds more once reset is dropped on its return instead of kept.
    ///
    /// A reset keeps one chunk big enough for the arena's last round (see [`Bump::reset`]), so
    /// this bounds what a returned arena keeps; a task that needed more than this gets a fresh
    /// arena next time.
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
    #[inline]
    pub fn try_get(&self) -> Result<ArenaGuard<'_>, AllocError> {
        let home = self.home();
        let bump = match self.take_idle(home) {
            Some(bump) => bump,
            None => self.create(home)?,
        };
        Ok(ArenaGuard {
            bump: ManuallyDrop::new(bump),
            pool: self,
            home,
        })
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
        let mut kept = 0;
        let mut dropped = Vec::new();
        for shard in &*self.shards {
            let mut state = shard.lock();
            let keep = state.idle.len().min(max_idle - kept);
            kept += keep;
            let before = dropped.len();
            // INVARIANT: [cap] holds, as the list only shrinks.
            dropped.extend(state.idle.drain(keep..));
            state.discarded += dropped.len() - before;
        }
        // Relaxed (`alive`, `peak_alive`): counts only, nothing is published through them.
        self.alive.fetch_sub(dropped.len(), Ordering::Relaxed);
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
            let state = shard.lock();
            stats.reuses += state.reuses;
            stats.created += state.created;
            stats.discarded += state.discarded;
            stats.idle += state.idle.len();
            stats.idle_bytes += state
                .idle
                .iter()
                .map(|b| b.stats().reserved_bytes)
                .sum::<usize>();
        }
        stats.gets = stats.reuses + stats.created;
        let alive = self.alive.load(Ordering::Relaxed);
        stats.in_use = alive.saturating_sub(stats.idle);
        stats.peak_in_use = self.peak_alive.load(Ordering::Relaxed);
        stats
    }

    /// Splits `max_idle` into the shards' caps, as evenly as it goes.
    fn split_max_idle(&mut self) {
        let n = self.shards.len();
        for (i, shard) in self.shards.iter_mut().enumerate() {
            let state = shard.0.get_mut();
            // INVARIANT: [cap] the caps add up to `max_idle`, and arenas over a lowered cap
            // are dropped.
            state.cap = self.max_idle / n + usize::from(i < self.max_idle % n);
            let excess = state.idle.len().saturating_sub(state.cap);
            state.idle.truncate(state.cap);
            state.discarded += excess;
            *self.alive.get_mut() -= excess;
        }
    }

    /// This thread's home shard.
    #[inline]
    fn home(&self) -> usize {
        // [shards] makes the mask pick every shard.
        home_index() & (self.shards.len() - 1)
    }

    /// Takes an idle arena, looking in the home shard first, then in the others.
    #[inline]
    fn take_idle(&self, home: usize) -> Option<Box<Bump>> {
        let mask = self.shards.len() - 1;
        for i in 0..self.shards.len() {
            let mut state = self.shards[(home + i) & mask].lock();
            if let Some(bump) = state.idle.pop() {
                state.reuses += 1;
                return Some(bump);
            }
        }
        None
    }

    /// Builds a new arena, counted in the home shard.
    #[cold]
    fn create(&self, home: usize) -> Result<Box<Bump>, AllocError> {
        let bump = Box::new(self.builder.try_build()?);
        self.shards[home].lock().created += 1;
        let alive = self.alive.fetch_add(1, Ordering::Relaxed) + 1;
        self.peak_alive.fetch_max(alive, Ordering::Relaxed);
        Ok(bump)
    }

    /// Takes back a lent arena: resets it and keeps it if the caps allow, else drops it.
    #[inline]
    fn put_back(&self, mut bump: Box<Bump>, home: usize) {
        bump.reset();
        bump.set_allocation_limit(self.limit);
        // The byte cap: a reset keeps a chunk sized for the last round, so an arena that once
        // grew big stays big; it is dropped rather than kept. (`Bump::shrink_to` could shrink
        // it and keep it instead.)
        if bump.reserved_bytes() <= self.max_idle_bytes {
            let mask = self.shards.len() - 1;
            for i in 0..self.shards.len() {
                let shard = (home + i) & mask;
                let mut state = self.shards[shard].lock();
                if state.idle.len() < state.cap {
                    // INVARIANT: [cap] checked just above, under the lock.
                    state.idle.push(bump);
                    return;
                }
            }
        }
        self.discard(bump);
    }

    /// Drops an arena the caps do not let the pool keep.
    #[cold]
    fn discard(&self, bump: Box<Bump>) {
        self.shards[self.home()].lock().discarded += 1;
        self.alive.fetch_sub(1, Ordering::Relaxed);
        drop(bump);
    }
}

impl Shard {
    fn new() -> Self {
        Self(SpinMutex::new(ShardState {
            idle: Vec::new(),
            cap: 0,
            reuses: 0,
            created: 0,
            discarded: 0,
        }))
    }

    /// Locks the shard: a spin lock, as every critical section is a push, a pop or a count
    /// (no poisoning: none of them runs user code).
    #[inline]
    fn lock(&self) -> SpinMutexGuard<'_, ShardState> {
        self.0.lock()
    }
}

/// This thread's index, given out in thread-start order: threads spread over the shards.
#[inline]
fn home_index() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    std::thread_local! {
        // `usize::MAX` until first use. A const `Cell` needs no lazy-init check or destructor,
        // so it stays readable while the thread's locals are torn down.
        static HOME: Cell<usize> = const { Cell::new(usize::MAX) };
    }
    HOME.with(|home| {
        let index = home.get();
        if index != usize::MAX {
            return index;
        }
        // Relaxed: a unique-enough number, nothing is published through it.
        let index = NEXT.fetch_add(1, Ordering::Relaxed) & (MAX_SHARDS - 1);
        home.set(index);
        index
    })
}

impl Drop for ArenaGuard<'_> {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: [taken] `bump` is live, as only this `drop` takes it, and `self` is not used
        // again after it.
        let bump = unsafe { ManuallyDrop::take(&mut self.bump) };
        self.pool.put_back(bump, self.home);
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
            .field("bump", &**self.bump)
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
