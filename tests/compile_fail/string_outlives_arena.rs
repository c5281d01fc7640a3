//! An `ArenaString` cannot outlive its arena, nor can the `&str` it turns into.
use bumpkit::{ArenaString, Bump};

fn main() {
    let frozen: &str;
    {
        let bump = Bump::new();
        frozen = ArenaString::from_str_in("gone", &bump).into_arena_str();
    }
    println!("{frozen}");
}
