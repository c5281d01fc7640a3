//! Arbitrary bytes read by `serde_json` into an arena tree through `bumpkit::serde`: the same
//! result and content as `serde_json::Value`, every built value dropped exactly once, also
//! after malformed input, a reached limit or a panic halfway (see `fuzz/src/deserialize.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| bumpkit_fuzz::deserialize::run(data));
