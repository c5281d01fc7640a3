//! A reference from `TypedArena::alloc` cannot outlive the arena.
use bumpkit::TypedArena;

fn main() {
    let value: &mut String;
    {
        let arena = TypedArena::new();
        value = arena.alloc(String::from("dangling"));
    }
    println!("{value}");
}
