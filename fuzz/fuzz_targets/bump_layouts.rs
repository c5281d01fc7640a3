//! Allocations of arbitrary size and alignment, resets, nested scopes and limits on one
//! `Bump`, checked against a model of the live blocks (see `src/bump_layouts.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bumpkit_fuzz::bump_layouts::run(data));
