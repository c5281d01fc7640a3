//! Integration tests through the public API, one module per area.

mod common;

mod auto_traits;
mod bump;
mod compile_fail;
mod sync;
mod vec;
mod vec_model;
