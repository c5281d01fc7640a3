//! `TypedArena::clear` cannot run while a value of the arena is still borrowed.
use bumpkit::TypedArena;

fn main() {
    let mut arena = TypedArena::new();
    let value = arena.alloc(String::from("cleared"));
    arena.clear();
    println!("{value}");
}
