//! `ArenaBox`es of drop-logging elements moved between forms (raw pointers, `dyn Any`, a
//! `dyn` trait, slices, arrays, uninitialised boxes, iterators) against the values a `Box`
//! would hold, with panics injected in `Clone`, `Drop` and iterators (see
//! `src/boxed_ops.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bumpkit_fuzz::boxed_ops::run(data));
