//! `unsize_box!` cannot make a `dyn Any` (which is `'static`) of a value that borrows.
use bumpkit::{unsize_box, ArenaBox, Bump};
use std::any::Any;

fn main() {
    let bump = Bump::new();
    let text = String::from("borrowed");
    let any = unsize_box!(ArenaBox::new_in(text.as_str(), &bump) => dyn Any);
    println!("{}", any.is::<&str>());
}
