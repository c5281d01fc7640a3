//! `ArenaVec`s of drop-logging elements against `Vec<u32>` models on one arena, with panics
//! injected in `Clone`, `Drop` and iterators (see `src/vec_model.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bumpkit_fuzz::vec_model::run(data));
