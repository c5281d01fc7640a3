//! `unsize_box!` keeps the arena's lifetime: the result cannot claim a `'static` arena.
use bumpkit::{unsize_box, ArenaBox, Bump};
use std::fmt::Display;

fn main() {
    let bump = Bump::new();
    let shown: ArenaBox<'static, dyn Display> = unsize_box!(ArenaBox::new_in(1u8, &bump));
    println!("{shown}");
}
