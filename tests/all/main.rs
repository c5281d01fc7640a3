//! Integration tests through the public API, one module per area.

mod common;

#[cfg(any(
    feature = "allocator-api2",
    feature = "allocator-api2-03",
    feature = "allocator-api2-04"
))]
mod alloc_api;
mod auto_traits;
mod boxed;
mod bump;
mod compile_fail;
mod drop_order;
mod make;
mod panic_safety;
mod pool;
#[cfg(feature = "serde")]
mod serialize;
mod string;
mod sync;
mod typed_arena;
mod vec;
mod vec_model;
