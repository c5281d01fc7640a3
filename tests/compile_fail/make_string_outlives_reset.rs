//! A string made by a `Maker` cannot be used after the arena is reset.
use bumpkit::Bump;

fn main() {
    let mut bump = Bump::new();
    let make = bump.maker();
    let s = make.make_string("gone");
    bump.reset();
    println!("{s}");
}
