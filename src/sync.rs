//! The concurrency primitives the thread-safe arena is built from: atomics, and a tiny lock
//! for the rare chunk install.
//!
//! Under `--cfg loom` the atomics and the spin hint come from `loom`, so that the model
//! tests in `tests/loom_sync.rs` explore every interleaving of the arena's fast path and
//! refill; otherwise they are `core`'s.
//!
//! On targets whose atomics are loads and stores only (no compare-and-swap, such as
//! `thumbv6m-none-eabi`), there is no thread-safe arena and so no lock; chunk cursors are
//! still `AtomicUsize`s, touched by one thread only.

#[cfg(not(loom))]
pub(crate) use core::sync::atomic::AtomicUsize;
#[cfg(all(not(loom), target_has_atomic = "ptr"))]
pub(crate) use core::sync::atomic::{AtomicBool, AtomicPtr};
#[cfg(loom)]
pub(crate) use loom::sync::atomic::{AtomicBool, AtomicPtr, AtomicUsize};

pub(crate) use core::sync::atomic::Ordering;

/// Stores `value` in `atomic` and returns the previous value, in one atomic step where the
/// target has compare-and-swap.
#[inline]
pub(crate) fn swap(atomic: &AtomicUsize, value: usize, order: Ordering) -> usize {
    #[cfg(target_has_atomic = "ptr")]
    {
        atomic.swap(value, order)
    }
    // Without compare-and-swap there is no `SyncBump`, so only the one thread that owns the
    // arena touches its cursors: a load and a store cannot be interleaved with anything.
    #[cfg(not(target_has_atomic = "ptr"))]
    {
        let _ = order;
        let old = atomic.load(Ordering::Relaxed);
        atomic.store(value, Ordering::Relaxed);
        old
    }
}

/// Lets the lock holder run while we wait for it.
#[cfg(target_has_atomic = "ptr")]
#[inline]
fn relax(spins: u32) {
    #[cfg(loom)]
    {
        let _ = spins;
        loom::thread::yield_now();
    }
    #[cfg(all(not(loom), feature = "std"))]
    if spins < 64 {
        core::hint::spin_loop();
    } else {
        // The holder is allocating a chunk, which can take a page fault or a system call;
        // give it the core rather than burn it.
        std::thread::yield_now();
    }
    #[cfg(all(not(loom), not(feature = "std")))]
    {
        let _ = spins;
        core::hint::spin_loop();
    }
}

/// A test-and-test-and-set spin lock guarding no data of its own: its owner decides what it
/// protects (the arena: its chunk list) and argues so at each use.
#[cfg(target_has_atomic = "ptr")]
#[derive(Debug)]
pub(crate) struct SpinLock {
    locked: AtomicBool,
}

/// Holds a [`SpinLock`] until dropped.
#[cfg(target_has_atomic = "ptr")]
#[derive(Debug)]
pub(crate) struct SpinGuard<'l> {
    lock: &'l SpinLock,
}

#[cfg(target_has_atomic = "ptr")]
impl SpinLock {
    /// Creates an unlocked lock.
    pub(crate) fn new() -> Self {
        Self {
            locked: AtomicBool::new(false),
        }
    }

    /// Waits until the lock is free, takes it, and returns the guard that frees it.
    #[inline]
    pub(crate) fn lock(&self) -> SpinGuard<'_> {
        // Acquire: as in `lock_contended`.
        if self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_ok()
        {
            return SpinGuard { lock: self };
        }
        self.lock_contended()
    }

    /// [`SpinLock::lock`] once the first attempt failed: waits, then takes it.
    #[cold]
    #[inline(never)]
    fn lock_contended(&self) -> SpinGuard<'_> {
        let mut spins = 0u32;
        loop {
            // Acquire: pairs with the Release store in `SpinGuard::drop`, so everything the
            // previous holder did under the lock happens before what we do under it.
            if self
                .locked
                .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                return SpinGuard { lock: self };
            }
            // Relaxed: only a hint that the lock may be free; the CAS above synchronises.
            while self.locked.load(Ordering::Relaxed) {
                relax(spins);
                spins = spins.saturating_add(1);
            }
        }
    }
}

#[cfg(target_has_atomic = "ptr")]
impl Drop for SpinGuard<'_> {
    #[inline]
    fn drop(&mut self) {
        // Release: pairs with the Acquire CAS in `SpinLock::lock` of the next holder.
        self.lock.locked.store(false, Ordering::Release);
    }
}

/// A [`SpinLock`] with the data it guards, for short critical sections (a push or a pop)
/// where `std`'s mutex would add its poison bookkeeping and a read-modify-write to unlock
/// (`ArenaPool`'s shards, hence `std` only).
#[cfg(all(target_has_atomic = "ptr", feature = "std"))]
pub(crate) struct SpinMutex<T> {
    // Invariants:
    // - [guarded] `data` is reached only through a `SpinMutexGuard` (which holds `lock`) or
    //   `&mut self`.
    lock: SpinLock,
    data: core::cell::UnsafeCell<T>,
}

// SAFETY: [guarded] one thread at a time reaches the data, under the lock whose Acquire and
// Release order one holder's accesses before the next's; so sharing the mutex only moves
// `T` between threads, which `T: Send` allows.
#[cfg(all(target_has_atomic = "ptr", feature = "std"))]
unsafe impl<T: Send> Sync for SpinMutex<T> {}

/// Holds a [`SpinMutex`] and reaches its data until dropped.
///
/// Neither `Send` nor `Sync` (as `std`'s `MutexGuard` is not `Send`): otherwise a shared
/// `&guard` would let two threads reach a `T: Send + !Sync` at once.
#[cfg(all(target_has_atomic = "ptr", feature = "std"))]
pub(crate) struct SpinMutexGuard<'l, T> {
    _held: SpinGuard<'l>,
    mutex: &'l SpinMutex<T>,
    _not_shared: core::marker::PhantomData<*const ()>,
}

#[cfg(all(target_has_atomic = "ptr", feature = "std"))]
impl<T> SpinMutex<T> {
    /// Creates an unlocked mutex holding `data`.
    pub(crate) fn new(data: T) -> Self {
        Self {
            lock: SpinLock::new(),
            data: core::cell::UnsafeCell::new(data),
        }
    }

    /// Waits until the mutex is free, takes it, and returns the guard that reaches the data.
    #[inline]
    pub(crate) fn lock(&self) -> SpinMutexGuard<'_, T> {
        SpinMutexGuard {
            _held: self.lock.lock(),
            mutex: self,
            _not_shared: core::marker::PhantomData,
        }
    }

    /// Reaches the data through a unique borrow, without locking.
    pub(crate) fn get_mut(&mut self) -> &mut T {
        self.data.get_mut()
    }
}

#[cfg(all(target_has_atomic = "ptr", feature = "std"))]
impl<T> core::ops::Deref for SpinMutexGuard<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        // SAFETY: [guarded] this guard holds the lock, so no other reference to the data
        // exists while it lives; the returned one is tied to `&self`.
        unsafe { &*self.mutex.data.get() }
    }
}

#[cfg(all(target_has_atomic = "ptr", feature = "std"))]
impl<T> core::ops::DerefMut for SpinMutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: [guarded] as in `deref`, and `&mut self` makes the reference unique.
        unsafe { &mut *self.mutex.data.get() }
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn the_lock_excludes_and_is_released_by_the_guard() {
        let lock = SpinLock::new();
        let guard = lock.lock();
        assert!(lock.locked.load(Ordering::Relaxed));
        drop(guard);
        assert!(!lock.locked.load(Ordering::Relaxed));
        drop(lock.lock());
    }

    // A guard stays on its thread, whatever it guards.
    #[cfg(feature = "std")]
    static_assertions::assert_not_impl_any!(SpinMutexGuard<'static, u8>: Send, Sync);

    #[cfg(feature = "std")]
    #[test]
    fn a_spin_mutex_keeps_counts_from_racing_threads() {
        // Miri interleaves its threads at every step, so fewer rounds race as hard there.
        let rounds = if cfg!(miri) { 500 } else { 10_000 };
        let mutex = SpinMutex::new(0usize);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..rounds {
                        *mutex.lock() += 1;
                    }
                });
            }
        });
        assert_eq!(*mutex.lock(), 4 * rounds);
    }
}
