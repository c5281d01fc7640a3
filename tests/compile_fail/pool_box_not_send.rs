//! A `PoolBox` cannot move to another thread: dropping it there would touch the pool.
use bumpkit::Pool;

fn main() {
    let pool = Pool::new();
    let boxed = pool.alloc(1u32);
    std::thread::scope(|s| {
        s.spawn(move || drop(boxed));
    });
}
