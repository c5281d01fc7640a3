//! An `ArenaVec` cannot outlive the arena it lives in.
use bumpkit::{ArenaVec, Bump};

fn main() {
    let v;
    {
        let bump = Bump::new();
        v = ArenaVec::<u32>::new_in(&bump);
    }
    println!("{}", v.len());
}
