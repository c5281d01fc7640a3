//! `ArenaString`s against `String` models on one arena, with a panicking `retain` predicate
//! (see `src/string_model.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bumpkit_fuzz::string_model::run(data));
