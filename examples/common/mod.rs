//! Measurement shared by the examples: a counting global allocator, timing by the median of
//! interleaved batches, and small formatting helpers.
//!
//! Every example installs [`CountingAlloc`] as its `#[global_allocator]`. It forwards to the
//! system allocator and, only while [`count_heap`] runs a closure, counts allocations, bytes
//! and the peak of live bytes; outside it the cost is one relaxed load per call.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Whether allocations are being counted. Relaxed everywhere: the counters are atomic on
/// their own, and threads that allocate while counting (the `parallel` example's rayon pool)
/// are handed their work and joined through rayon's own synchronization, which orders these
/// stores and loads; no ordering with other memory is needed.
static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCS: AtomicU64 = AtomicU64::new(0);
static BYTES: AtomicU64 = AtomicU64::new(0);
/// Live bytes relative to when counting started (memory allocated before and freed during
/// counting makes it negative).
static LIVE: AtomicI64 = AtomicI64::new(0);
static PEAK: AtomicI64 = AtomicI64::new(0);

/// The system allocator, counting while [`count_heap`] runs.
#[derive(Debug)]
pub(crate) struct CountingAlloc;

/// Records a new block of `size` bytes (a `realloc` counts as one allocation of its new size).
#[inline]
pub(crate) fn record_alloc(size: usize, freed: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(size as u64, Ordering::Relaxed);
        let live = LIVE.fetch_add(size as i64 - freed as i64, Ordering::Relaxed) + size as i64
            - freed as i64;
        PEAK.fetch_max(live, Ordering::Relaxed);
    }
}

/// Records that a block of `size` bytes was freed.
#[inline]
pub(crate) fn record_dealloc(size: usize) {
    if COUNTING.load(Ordering::Relaxed) {
        LIVE.fetch_sub(size as i64, Ordering::Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to `System`, which upholds `GlobalAlloc`'s
// contract; the counters have no effect on the memory handed out.
unsafe impl GlobalAlloc for CountingAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record_alloc(layout.size(), 0);
        // SAFETY: the caller's contract for `alloc`, passed on.
        unsafe { System.alloc(layout) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record_alloc(layout.size(), 0);
        // SAFETY: the caller's contract for `alloc_zeroed`, passed on.
        unsafe { System.alloc_zeroed(layout) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        record_dealloc(layout.size());
        // SAFETY: the caller's contract for `dealloc`, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record_alloc(new_size, layout.size());
        // SAFETY: the caller's contract for `realloc`, passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// What the heap saw while a closure ran.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct HeapUse {
    /// Allocations (including reallocations).
    pub(crate) allocs: u64,
    /// Bytes requested by those allocations.
    pub(crate) bytes: u64,
    /// The most bytes live at once beyond what was live when the closure started.
    pub(crate) peak: u64,
}

/// Runs `f` with heap counting on.
pub(crate) fn count_heap<R>(f: impl FnOnce() -> R) -> (R, HeapUse) {
    ALLOCS.store(0, Ordering::Relaxed);
    BYTES.store(0, Ordering::Relaxed);
    LIVE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let result = black_box(f());
    COUNTING.store(false, Ordering::Relaxed);
    let heap = HeapUse {
        allocs: ALLOCS.load(Ordering::Relaxed),
        bytes: BYTES.load(Ordering::Relaxed),
        peak: PEAK.load(Ordering::Relaxed).max(0) as u64,
    };
    (result, heap)
}

/// One contender of a timed comparison: a closure that runs `calls` calls.
pub(crate) struct Contender<'a> {
    pub(crate) run: Box<dyn FnMut(u64) + 'a>,
}

impl<'a> Contender<'a> {
    pub(crate) fn new(run: impl FnMut(u64) + 'a) -> Self {
        Self { run: Box::new(run) }
    }
}

/// How long each timed batch should take.
const BATCH_TARGET: Duration = Duration::from_millis(1);

/// Times each contender: warms it up and finds how many calls fill [`BATCH_TARGET`], then
/// runs `rounds` rounds in which every contender runs one batch (so that a busy moment of a
/// shared machine hits all of them alike), and returns each one's median time per call in
/// nanoseconds.
///
/// Each round runs the contenders in a fresh shuffled order: a batch inherits the caches,
/// heap and branch history of the one before it, and a fixed order would make the same
/// contender always follow, say, the one that churns the heap hardest.
pub(crate) fn time_interleaved(contenders: &mut [Contender<'_>], rounds: usize) -> Vec<f64> {
    let calls: Vec<u64> = contenders
        .iter_mut()
        .map(|contender| calibrate(&mut contender.run))
        .collect();
    let mut samples = vec![Vec::with_capacity(rounds); contenders.len()];
    let mut order: Vec<usize> = (0..contenders.len()).collect();
    // A fixed seed, so reruns see the same sequence of orders.
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    for _ in 0..rounds {
        rng.shuffle(&mut order);
        for &i in &order {
            let start = Instant::now();
            (contenders[i].run)(black_box(calls[i]));
            samples[i].push(start.elapsed().as_secs_f64() * 1e9 / calls[i] as f64);
        }
    }
    samples.into_iter().map(median).collect()
}

/// Returns the number of calls that takes about [`BATCH_TARGET`], after a warm-up.
fn calibrate(run: &mut dyn FnMut(u64)) -> u64 {
    let mut calls = 1u64;
    loop {
        let start = Instant::now();
        run(black_box(calls));
        let elapsed = start.elapsed();
        if elapsed >= BATCH_TARGET / 4 || calls >= 1 << 30 {
            let per_call = elapsed.as_secs_f64() / calls as f64;
            return ((BATCH_TARGET.as_secs_f64() / per_call) as u64).clamp(1, u32::MAX.into());
        }
        calls *= 2;
    }
}

/// Returns the median (the lower middle one for an even count).
pub(crate) fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_unstable_by(f64::total_cmp);
    samples[(samples.len() - 1) / 2]
}

/// Formats a byte count with a binary unit.
pub(crate) fn fmt_bytes(bytes: u64) -> String {
    match bytes {
        b if b >= 10 << 20 => format!("{:.1} MiB", b as f64 / (1 << 20) as f64),
        b if b >= 10 << 10 => format!("{:.1} KiB", b as f64 / (1 << 10) as f64),
        b => format!("{b} B"),
    }
}
