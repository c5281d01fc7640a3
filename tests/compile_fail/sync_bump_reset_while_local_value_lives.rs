//! A value from a local handle outlives the handle, but not a `reset` of its arena.
use bumpkit::SyncBump;

fn main() {
    let mut arena = SyncBump::new();
    let value = arena.local().alloc(1u32);
    arena.reset();
    println!("{value}");
}
