//! `ArenaString`'s impls of `std`-only traits: paths, OS strings and socket addresses.

use alloc::vec;
use core::net::SocketAddr;
use std::ffi::OsStr;
use std::io;
use std::net::ToSocketAddrs;
use std::path::Path;

use super::ArenaString;
use crate::arena::Arena;

impl<A: Arena> AsRef<OsStr> for ArenaString<'_, A> {
    fn as_ref(&self) -> &OsStr {
        self.as_str().as_ref()
    }
}

impl<A: Arena> AsRef<Path> for ArenaString<'_, A> {
    fn as_ref(&self) -> &Path {
        self.as_str().as_ref()
    }
}

impl<A: Arena> ToSocketAddrs for ArenaString<'_, A> {
    type Iter = vec::IntoIter<SocketAddr>;

    /// Resolves the text as `String` does (it may look the host name up).
    fn to_socket_addrs(&self) -> io::Result<Self::Iter> {
        self.as_str().to_socket_addrs()
    }
}
