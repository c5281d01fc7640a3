//! The arena cannot be reset while an `ArenaString` in it is alive.
use bumpkit::{ArenaString, Bump};

fn main() {
    let mut bump = Bump::new();
    let mut s = ArenaString::new_in(&bump);
    bump.reset();
    s.push('x');
}
