//! The by-value iterator of an `ArenaVec` cannot outlive the arena either.
use bumpkit::{ArenaVec, Bump};

fn main() {
    let iter;
    {
        let bump = Bump::new();
        let mut v = ArenaVec::new_in(&bump);
        v.push(String::from("x"));
        iter = v.into_iter();
    }
    for s in iter {
        println!("{s}");
    }
}
