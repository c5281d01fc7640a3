//! Safe pinning needs an arena borrowed for `'static`: a local arena could be reset under a
//! forgotten pinned value.
use bumpkit::{ArenaBox, Bump};
use std::marker::PhantomPinned;

fn main() {
    let bump = Bump::new();
    let pinned = ArenaBox::into_pin(ArenaBox::new_in(PhantomPinned, &bump));
    std::mem::forget(pinned);
}
