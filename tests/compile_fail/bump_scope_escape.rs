//! A value allocated in a scope cannot escape the scope.
use bumpkit::Bump;

fn main() {
    let mut bump = Bump::new();
    let escaped = bump.scope(|scope| scope.alloc(1u32));
    println!("{escaped}");
}
