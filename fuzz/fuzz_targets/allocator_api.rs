//! The `allocator_api2` `Allocator` impls of `&Bump` (in and out of scopes), `&SyncBump` and
//! `&LocalBump` driven directly, checked against a model of every live block (see
//! `src/allocator_api.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bumpkit_fuzz::allocator_api::run(data));
