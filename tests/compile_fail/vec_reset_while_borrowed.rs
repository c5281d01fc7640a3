//! `reset` cannot run while an `ArenaVec` still borrows the arena.
use bumpkit::{ArenaVec, Bump};

fn main() {
    let mut bump = Bump::new();
    let mut v = ArenaVec::new_in(&bump);
    v.push(1u32);
    bump.reset();
    v.push(2);
}
