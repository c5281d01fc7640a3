//! `TypedArena` and `Pool` of drop-logging elements against a model: every value dropped
//! exactly once, in the documented order (see `src/typed_pools.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bumpkit_fuzz::typed_pools::run(data));
