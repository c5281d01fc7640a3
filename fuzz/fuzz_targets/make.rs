//! `make_slice` / `make_string` / `make_object` with arbitrary lengths and capacities,
//! invalid ones included: the documented error, never UB (see `src/make.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bumpkit_fuzz::make::run(data));
