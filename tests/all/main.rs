//! Integration tests through the public API, one module per area.

mod common;

#[cfg(any(
    feature = "allocator-api2",
    feature = "allocator-api2-03",
    feature = "allocator-api2-04"
))]
mod alloc_api;
mod arena_api;
#[cfg(feature = "std")]
mod arena_pool;
mod auto_traits;
mod boxed;
mod boxed_unsize;
mod bump;
mod bumpalo_port;
mod compile_fail;
#[cfg(feature = "serde")]
mod deserialize;
mod drop_order;
mod keyed_pool;
mod make;
mod memory;
mod panic_safety;
mod pool;
mod scratch_builder;
#[cfg(feature = "serde")]
mod serialize;
mod string;
mod string_model;
mod sync;
mod sync_thread_cache;
mod typed_arena;
mod typed_arena_port;
mod vec;
mod vec_model;
mod vec_parity;
