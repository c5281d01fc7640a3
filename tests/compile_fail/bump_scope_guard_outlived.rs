//! A value allocated through a scope guard cannot outlive the guard.
use bumpkit::Bump;

fn main() {
    let mut bump = Bump::new();
    let value = {
        let guard = bump.scope_guard();
        guard.alloc(1u32)
    };
    println!("{value}");
}
