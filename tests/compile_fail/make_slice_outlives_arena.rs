//! A slice made by `make_slice` cannot outlive its arena.
use bumpkit::{ArenaVec, Bump};

fn main() {
    let v: ArenaVec<'_, i64>;
    {
        let bump = Bump::new();
        v = bump.make_slice(10, 10);
    }
    println!("{}", v.len());
}
