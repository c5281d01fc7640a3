//! A `PoolBox` cannot outlive the pool its value lives in.
use bumpkit::{Pool, PoolBox};

fn main() {
    let boxed: PoolBox<'_, String>;
    {
        let pool = Pool::new();
        boxed = pool.alloc(String::from("dangling"));
    }
    println!("{boxed}");
}
