//! `unsize_box!` does no deref coercion: a boxed `String` does not become a boxed `str`.
use bumpkit::{unsize_box, ArenaBox, Bump};

fn main() {
    let bump = Bump::new();
    let s = unsize_box!(ArenaBox::new_in(String::from("s"), &bump) => str);
    println!("{}", &*s);
}
