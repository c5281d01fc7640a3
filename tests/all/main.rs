//! Integration tests through the public API, one module per area.

mod common;

#[cfg(feature = "allocator-api2")]
mod alloc_api;
mod auto_traits;
mod boxed;
mod bump;
mod compile_fail;
#[cfg(feature = "serde")]
mod serialize;
mod string;
mod sync;
mod vec;
mod vec_model;
