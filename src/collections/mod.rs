//! Collections that live in an arena and reach its memory only through
//! [`RawArena`](crate::raw::RawArena).

pub(crate) mod boxed;
