//! A `Bump`-backed `ArenaVec` cannot move to another thread: it would share the `!Sync` arena.
use bumpkit::{ArenaVec, Bump};

fn main() {
    let bump = Bump::new();
    let mut v = ArenaVec::new_in(&bump);
    v.push(1u32);
    std::thread::scope(|s| {
        s.spawn(move || v.push(2));
    });
}
