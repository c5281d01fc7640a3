//! Integration tests through the public API, one module per area.

mod common;

mod bump;
