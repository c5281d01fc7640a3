//! A global allocator that can be told to fail: chunk allocation failures become `AllocError`.

fn main() {}
