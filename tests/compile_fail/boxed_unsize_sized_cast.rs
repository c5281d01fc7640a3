//! `unsize_box!` does only unsizing coercions: a cast between sized types does not compile.
use bumpkit::{unsize_box, ArenaBox, Bump};

fn main() {
    let bump = Bump::new();
    let wider = unsize_box!(ArenaBox::new_in(1u8, &bump) => u64);
    println!("{wider}");
}
