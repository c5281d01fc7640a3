//! Bump arenas for memory that lives and dies in batches.
//!
//! A bump arena hands out memory by moving a pointer forward through a chunk, and frees it
//! all at once. That makes an allocation a compare and an add, and freeing a whole batch (a
//! compiler's temporary AST, a server's per-request scratch data) one call.
//!
//! # Choosing a type
//!
//! | you need | use |
//! |---|---|
//! | many small values freed together, one thread | [`Bump`] |
//! | the same, shared by threads (`Send + Sync`); [`SyncBump::local`] handles for heavy use | [`SyncBump`] |
//! | a growable vector in an arena, dropping its elements | [`ArenaVec`] (`arena_vec!`, [`CollectIn::collect_in`]) |
//! | a growable UTF-8 string in an arena, appended to in place | [`ArenaString`] ([`format_in!`]) |
//! | lists or strings of unknown length built while others are (a parser's nested lists), copied into the arena once at their exact size | [`ScratchVec`] / [`ScratchString`] in a [`Scratch`] |
//! | one value (or slice, `str`) in an arena that is dropped like a `Box` | [`ArenaBox`] |
//! | a `dyn Trait` (or `[T]`, `dyn Fn`) in an arena, dropped like a `Box<dyn Trait>` | [`ArenaBox`] + [`unsize_box!`] |
//! | Go-style `make`: default objects, slices with a length and capacity, strings | [`Bump::maker`] ([`Maker`]) |
//! | values of one type that must be dropped, freed together (graphs, ASTs) | [`TypedArena`] |
//! | values of one type freed one by one, slots reused | [`Pool`] / [`PoolBox`] |
//! | one warm arena per request for a multi-threaded server, reused (`std`) | [`ArenaPool`] |
//!
//! # What is dropped
//!
//! [`Bump::alloc`] and the other `alloc_*` methods **never run destructors**: the memory is
//! reused on [`Bump::reset`] or freed with the arena, but a `String` placed there leaks its
//! heap buffer.
//!
//! # Examples
//!
//! ```
//! use bumpkit::Bump;
//!
//! let mut bump = Bump::new();
//! for request in 0..3 {
//!     let words = bump.alloc_slice_fill_with(4, |i| i * request);
//!     assert_eq!(words.len(), 4);
//!     bump.reset(); // everything from this request is freed at once
//! }
//! ```
//!
//! Coming from bumpalo or bump-scope? [`coming_from`] maps their names to ours and lists what
//! behaves differently.
//!
//! # Features
//!
//! - `std` (default): `std::error::Error` and `io::Write` impls. Without it the crate is
//!   `no_std` and needs only `alloc`.
//! - `allocator-api2`, `allocator-api2-03`, `allocator-api2-04`: `&Bump`, `&SyncBump` and
//!   `&LocalBump` implement the `Allocator` trait of allocator-api2 0.2, 0.3 and 0.4
//!   respectively (any or all at once), so `hashbrown` (which uses 0.2), allocator-api2's
//!   own `Vec` and other allocator-generic collections can live in an arena. Inside a
//!   [scope](Bump::scope), a block from before it is never given back or grown in place.
//! - `serde`: `Serialize` for the collections, and deserialisation into an arena through
//!   `bumpkit::serde::DeserializeIn` (the `serde` module).
#![no_std]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![doc(test(attr(deny(warnings), allow(unused_variables))))]
// These keep the library `no_std`-clean; they live here rather than in Cargo.toml so that
// tests, benches and examples (std programs) are not held to them.
#![warn(
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::alloc_instead_of_core
)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

#[cfg(any(
    feature = "allocator-api2",
    feature = "allocator-api2-03",
    feature = "allocator-api2-04"
))]
mod alloc_api;
mod arena;
mod builder;
pub mod collections;
pub mod coming_from;
mod error;
mod make;
mod pool;
mod raw;
#[cfg(feature = "serde")]
pub mod serde;
mod sync;
mod typed_alloc;

pub use arena::Arena;
pub use builder::BumpBuilder;
pub use collections::{ArenaBox, ArenaString, ArenaVec, CollectIn, FromIteratorIn};
pub use collections::{Scratch, ScratchString, ScratchVec};
pub use error::{AllocError, AllocErrorKind};
pub use make::Maker;
#[cfg(feature = "std")]
pub use pool::arena_pool::{ArenaGuard, ArenaPool, ArenaPoolStats};
pub use pool::keyed_pool::iter::{
    Drain as KeyedPoolDrain, IntoIter as KeyedPoolIntoIter, Iter as KeyedPoolIter,
    IterMut as KeyedPoolIterMut, Keys as KeyedPoolKeys, Values as KeyedPoolValues,
    ValuesMut as KeyedPoolValuesMut,
};
pub use pool::keyed_pool::{Key, KeyedPool};
pub use pool::pool::{Pool, PoolBox};
pub use pool::typed_arena::{IterMut as TypedArenaIterMut, TypedArena};
pub use raw::bump::{Bump, BumpScope};
pub use raw::chunk::Stats;
pub use raw::chunk::{ChunkInfo, Chunks};
#[cfg(target_has_atomic = "ptr")]
pub use raw::local_bump::LocalBump;
#[cfg(target_has_atomic = "ptr")]
pub use raw::sync_bump::SyncBump;
pub use typed_alloc::AllocOrInitError;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
