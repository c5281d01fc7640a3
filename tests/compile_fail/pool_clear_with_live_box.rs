//! `Pool::clear` cannot run while a `PoolBox` still borrows the pool.
use bumpkit::Pool;

fn main() {
    let mut pool = Pool::new();
    let boxed = pool.alloc(1u32);
    pool.clear();
    println!("{boxed}");
}
