//! A `&LocalBump` cannot be shared with another thread: each thread makes its own handle.
use bumpkit::SyncBump;

fn main() {
    let arena = SyncBump::new();
    let local = arena.local();
    std::thread::scope(|s| {
        s.spawn(|| local.alloc(1u8));
    });
}
