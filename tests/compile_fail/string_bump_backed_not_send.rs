//! A `Bump`-backed `ArenaString` cannot move to another thread: it would allocate in a
//! `!Sync` arena from there.
use bumpkit::{ArenaString, Bump};

fn main() {
    let bump = Bump::new();
    let mut s = ArenaString::new_in(&bump);
    std::thread::scope(|scope| {
        scope.spawn(move || s.push_str("from another thread"));
    });
}
