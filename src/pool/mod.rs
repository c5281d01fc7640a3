//! Typed storage that drops what it holds: [`TypedArena`] (values freed together, dropped in
//! allocation order) and [`Pool`] (values freed one by one, slots reused).

#[cfg(feature = "std")]
pub(crate) mod arena_pool;
pub(crate) mod keyed_pool;
#[expect(
    clippy::module_inception,
    reason = "pool/ holds the pool types; pool.rs is the object pool"
)]
pub(crate) mod pool;
pub(crate) mod typed_arena;
