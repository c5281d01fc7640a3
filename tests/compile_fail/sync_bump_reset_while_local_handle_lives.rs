//! A `reset` cannot run while a local handle of the arena is alive.
use bumpkit::SyncBump;

fn main() {
    let mut arena = SyncBump::new();
    let local = arena.local();
    arena.reset();
    local.alloc(1u8);
}
