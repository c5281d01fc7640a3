//! The arena cannot be reset while an `ArenaBox` in it is alive.
use bumpkit::{ArenaBox, Bump};

fn main() {
    let mut bump = Bump::new();
    let boxed = ArenaBox::new_in(1u64, &bump);
    bump.reset();
    println!("{boxed}");
}
