//! The main job: a short demo until the benchmark report lands.

use bumpkit::Bump;

fn main() {
    let mut bump = Bump::new();
    for round in 0..3 {
        let values = bump.alloc_slice_fill_with(1000, |i| i as u64 * round);
        println!("round {round}: sum = {}", values.iter().sum::<u64>());
        bump.reset();
    }
    println!("{:?}", bump.stats());
}
