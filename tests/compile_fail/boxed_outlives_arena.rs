//! An `ArenaBox` cannot outlive the arena its value lives in.
use bumpkit::{ArenaBox, Bump};

fn main() {
    let escaped;
    {
        let bump = Bump::new();
        escaped = ArenaBox::new_in(String::from("gone"), &bump);
    }
    println!("{escaped}");
}
