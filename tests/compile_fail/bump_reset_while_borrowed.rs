//! `reset` cannot run while a value allocated in the arena is still used.
use bumpkit::Bump;

fn main() {
    let mut bump = Bump::new();
    let value = bump.alloc(1u32);
    bump.reset();
    println!("{value}");
}
