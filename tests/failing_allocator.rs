//! A global allocator that fails on demand and counts the bytes it has out: chunk allocation
//! failures must become `AllocError { kind: OutOfMemory }`, never UB, the arena must stay
//! usable, and a dropped arena gives every chunk back.
//!
//! Runs without the test harness, because the harness itself allocates while the allocator
//! is failing.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use bumpkit::{AllocErrorKind, Bump, SyncBump};

/// Fails every allocation while `FAIL` is set, and keeps `LIVE` at the bytes allocated and
/// not yet freed.
struct Failing;

static FAIL: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to `System`, or returns null, which `GlobalAlloc::alloc` allows.
unsafe impl GlobalAlloc for Failing {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if FAIL.load(Ordering::SeqCst) {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's contract is passed on unchanged.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            LIVE.fetch_add(layout.size(), Ordering::SeqCst);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        // SAFETY: every block was allocated by `System` above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Failing = Failing;

fn with_failing_allocator<R>(f: impl FnOnce() -> R) -> R {
    FAIL.store(true, Ordering::SeqCst);
    let result = f();
    FAIL.store(false, Ordering::SeqCst);
    result
}

fn first_chunk_failure_is_out_of_memory() {
    let bump = Bump::new();
    let kind = with_failing_allocator(|| bump.try_alloc(1u64).map(|_| ()).unwrap_err().kind());
    assert_eq!(kind, AllocErrorKind::OutOfMemory);
    assert_eq!(bump.stats().chunk_count, 0);
    assert_eq!(*bump.alloc(7u64), 7, "the arena works once memory is back");
}

fn later_chunk_failure_keeps_earlier_allocations() {
    let bump = Bump::builder().first_chunk_size(256).build();
    let early = bump.alloc_slice_fill_with(10, |i| i as u32);
    let failures = with_failing_allocator(|| {
        (0..100)
            .filter(|_| bump.try_alloc([0u8; 64]).is_err())
            .count()
    });
    assert!(failures > 0, "some request needed a new chunk");
    assert!(early.iter().enumerate().all(|(i, &v)| v == i as u32));
    let err = with_failing_allocator(|| bump.try_alloc_slice_copy(&[1u8; 4096]).unwrap_err());
    assert_eq!(err.kind(), AllocErrorKind::OutOfMemory);
}

fn builder_capacity_failure_is_an_error() {
    let result = with_failing_allocator(|| Bump::try_with_capacity(1 << 20).map(drop));
    assert_eq!(result.unwrap_err().kind(), AllocErrorKind::OutOfMemory);
}

fn main() {
    first_chunk_failure_is_out_of_memory();
    later_chunk_failure_keeps_earlier_allocations();
    builder_capacity_failure_is_an_error();
    dropping_an_arena_gives_every_chunk_back();
    println!("4 passed, 0 failed");
}

fn dropping_an_arena_gives_every_chunk_back() {
    let before = LIVE.load(Ordering::SeqCst);
    let bump = Bump::builder().first_chunk_size(256).build();
    let sync = SyncBump::with_capacity(256);
    for _ in 0..100 {
        bump.alloc([0u8; 64]);
        sync.alloc([0u8; 64]);
    }
    assert!(bump.stats().chunk_count > 1 && sync.stats().chunk_count > 1);
    assert!(LIVE.load(Ordering::SeqCst) >= before + bump.stats().reserved_bytes);
    drop((bump, sync));
    assert_eq!(LIVE.load(Ordering::SeqCst), before, "every chunk is freed");
}
