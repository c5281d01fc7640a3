//! Integration tests through the public API, one module per area.

mod common;

mod auto_traits;
mod boxed;
mod bump;
mod compile_fail;
