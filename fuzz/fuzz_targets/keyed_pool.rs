//! `KeyedPool` of drop-logging elements against a `HashMap` model, stale and made-up keys
//! retried: never the wrong value, every value dropped exactly once (see
//! `src/keyed_pool.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bumpkit_fuzz::keyed_pool::run(data));
