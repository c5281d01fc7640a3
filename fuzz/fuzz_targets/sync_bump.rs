//! Allocations on a `SyncBump` straight, through several local handles and from two threads
//! at once, checked against the live blocks (see `src/sync_bump.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bumpkit_fuzz::sync_bump::run(data));
