//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through the fuzz targets'
//! models on stable, without libFuzzer, so every input that once found a path (or a bug)
//! stays a regression test.

use std::fs;
use std::path::PathBuf;

#[cfg(feature = "allocator-api2")]
#[path = "../fuzz/src/allocator_api.rs"]
pub mod allocator_api;
#[path = "../fuzz/src/blocks.rs"]
pub mod blocks;
#[path = "../fuzz/src/boxed_ops.rs"]
pub mod boxed_ops;
#[path = "../fuzz/src/bump_layouts.rs"]
pub mod bump_layouts;
#[cfg(feature = "serde")]
#[path = "../fuzz/src/deserialize.rs"]
pub mod deserialize;
#[path = "../fuzz/src/keyed_pool.rs"]
pub mod keyed_pool;
#[path = "../fuzz/src/make.rs"]
pub mod make;
#[path = "../fuzz/src/string_model.rs"]
pub mod string_model;
#[path = "../fuzz/src/sync_bump.rs"]
pub mod sync_bump;
#[path = "../fuzz/src/tracked.rs"]
pub mod tracked;
#[path = "../fuzz/src/typed_pools.rs"]
pub mod typed_pools;
#[path = "../fuzz/src/vec_model.rs"]
pub mod vec_model;

/// Runs every file of `fuzz/corpus/<target>/` through `run`; fails if there is none.
fn replay(target: &str, run: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.expect("readable corpus entry").path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no corpus in {}", dir.display());
    for file in &files {
        let data = fs::read(file).expect("readable corpus file");
        eprintln!("replaying {}", file.display());
        run(&data);
    }
}

#[test]
fn bump_layouts_corpus_replays_cleanly() {
    replay("bump_layouts", bump_layouts::run);
}

#[test]
fn sync_bump_corpus_replays_cleanly() {
    replay("sync_bump", sync_bump::run);
}

#[test]
fn vec_model_corpus_replays_cleanly() {
    replay("vec_model", vec_model::run);
}

#[test]
fn typed_pools_corpus_replays_cleanly() {
    replay("typed_pools", typed_pools::run);
}

#[test]
fn make_corpus_replays_cleanly() {
    replay("make", make::run);
}

#[test]
fn string_model_corpus_replays_cleanly() {
    replay("string_model", string_model::run);
}

#[test]
fn boxed_ops_corpus_replays_cleanly() {
    replay("boxed_ops", boxed_ops::run);
}

#[cfg(feature = "serde")]
#[test]
fn deserialize_corpus_replays_cleanly() {
    replay("deserialize", deserialize::run);
}

#[cfg(feature = "allocator-api2")]
#[test]
fn allocator_api_corpus_replays_cleanly() {
    replay("allocator_api", allocator_api::run);
}

#[test]
fn keyed_pool_corpus_replays_cleanly() {
    replay("keyed_pool", keyed_pool::run);
}
