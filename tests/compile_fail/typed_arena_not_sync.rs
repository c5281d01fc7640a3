//! A `TypedArena` cannot be shared between threads: `alloc` takes `&self` without locking.
use bumpkit::TypedArena;

fn main() {
    let arena = TypedArena::<u32>::new();
    std::thread::scope(|s| {
        s.spawn(|| arena.alloc(1));
    });
}
