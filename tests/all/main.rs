//! Integration tests through the public API, one module per area.

mod common;

mod auto_traits;
mod bump;
mod compile_fail;
mod drop_order;
mod make;
mod panic_safety;
mod pool;
mod sync;
mod typed_arena;
mod vec;
mod vec_model;
