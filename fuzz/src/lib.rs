//! The models behind bumpkit's fuzz targets, one module per target.
//!
//! Each module's `run(data)` decodes an operation list from raw fuzzer bytes with
//! `arbitrary` and checks it against the crate. The targets in `fuzz_targets/` are one line
//! over these; `tests/fuzz_corpus_replay.rs` in the main crate includes the same files with
//! `#[path]` and replays the committed corpus through them on stable, without libFuzzer.

pub mod allocator_api;
pub mod blocks;
pub mod boxed_ops;
pub mod bump_layouts;
pub mod deserialize;
pub mod keyed_pool;
pub mod make;
pub mod string_model;
pub mod sync_bump;
pub mod tracked;
pub mod typed_pools;
pub mod vec_model;
