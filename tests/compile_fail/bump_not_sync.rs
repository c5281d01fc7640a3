//! A `&Bump` cannot be shared with another thread.
use bumpkit::Bump;

fn main() {
    let bump = Bump::new();
    std::thread::scope(|s| {
        s.spawn(|| bump.alloc(1u8));
    });
}
