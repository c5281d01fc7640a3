//! Collections that live in an arena and drop their contents like std's: [`ArenaVec`],
//! [`ArenaString`], [`ArenaBox`], and the [`CollectIn`] way to build them from iterators.
//!
//! Each collection borrows its arena for `'a`, reaches memory only through the arena, and
//! grows in place while it is the arena's newest block.

pub mod boxed;
mod collect;
mod macros;
pub mod scratch;
pub mod string;
pub mod vec;

pub use self::boxed::ArenaBox;
pub use self::collect::{CollectIn, FromIteratorIn};
pub use self::scratch::{Scratch, ScratchString, ScratchVec};
pub use self::string::ArenaString;
pub use self::vec::ArenaVec;
