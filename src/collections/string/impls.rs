//! `ArenaString`'s trait impls, in the house order.

use alloc::borrow::Cow;
use alloc::string::String;
use core::borrow::{Borrow, BorrowMut};
use core::fmt;
use core::hash::{Hash, Hasher};
use core::ops::{Add, AddAssign, Deref, DerefMut, Index, IndexMut};
use core::slice::SliceIndex;

use super::{ArenaString, FromUtf8Error};
use crate::arena::Arena;
use crate::collections::ArenaVec;

impl<A: Arena> Deref for ArenaString<'_, A> {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl<A: Arena> DerefMut for ArenaString<'_, A> {
    #[inline]
    fn deref_mut(&mut self) -> &mut str {
        self.as_mut_str()
    }
}

impl<A: Arena> AsRef<str> for ArenaString<'_, A> {
    fn as_ref(&self) -> &str {
        self
    }
}

impl<A: Arena> AsRef<[u8]> for ArenaString<'_, A> {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl<A: Arena> AsMut<str> for ArenaString<'_, A> {
    fn as_mut(&mut self) -> &mut str {
        self
    }
}

impl<A: Arena> Borrow<str> for ArenaString<'_, A> {
    fn borrow(&self) -> &str {
        self
    }
}

impl<A: Arena> BorrowMut<str> for ArenaString<'_, A> {
    fn borrow_mut(&mut self) -> &mut str {
        self
    }
}

impl<I: SliceIndex<str>, A: Arena> Index<I> for ArenaString<'_, A> {
    type Output = I::Output;

    /// Indexes the `str`, as `String` does.
    ///
    /// # Panics
    ///
    /// Panics, with std's messages, if a range is out of bounds or an end is not on a char
    /// boundary.
    #[inline]
    #[track_caller]
    fn index(&self, index: I) -> &I::Output {
        &self.as_str()[index]
    }
}

impl<I: SliceIndex<str>, A: Arena> IndexMut<I> for ArenaString<'_, A> {
    /// Indexes the `str` mutably, as `String` does.
    ///
    /// # Panics
    ///
    /// Panics, with std's messages, if a range is out of bounds or an end is not on a char
    /// boundary.
    #[inline]
    #[track_caller]
    fn index_mut(&mut self, index: I) -> &mut I::Output {
        &mut self.as_mut_str()[index]
    }
}

impl<A: Arena> Add<&str> for ArenaString<'_, A> {
    type Output = Self;

    /// Appends `other` and returns the string, as `String + &str` does.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[inline]
    #[track_caller]
    fn add(mut self, other: &str) -> Self {
        self.push_str(other);
        self
    }
}

impl<A: Arena> AddAssign<&str> for ArenaString<'_, A> {
    /// Appends `other`, as [`push_str`](ArenaString::push_str) does.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[inline]
    #[track_caller]
    fn add_assign(&mut self, other: &str) {
        self.push_str(other);
    }
}

/// `PartialEq` between an `ArenaString` and another string type, comparing as `str`s do.
macro_rules! impl_str_eq {
    ([$($generics:tt)*] $lhs:ty, $rhs:ty) => {
        impl<$($generics)*> PartialEq<$rhs> for $lhs {
            #[inline]
            fn eq(&self, other: &$rhs) -> bool {
                str::eq(&self[..], &other[..])
            }
        }
    };
}

impl_str_eq! { ['a, 'b, A: Arena, B: Arena] ArenaString<'a, A>, ArenaString<'b, B> }
impl_str_eq! { [A: Arena] ArenaString<'_, A>, str }
impl_str_eq! { ['s, A: Arena] ArenaString<'_, A>, &'s str }
impl_str_eq! { [A: Arena] ArenaString<'_, A>, String }
impl_str_eq! { ['c, A: Arena] ArenaString<'_, A>, Cow<'c, str> }
impl_str_eq! { [A: Arena] str, ArenaString<'_, A> }
impl_str_eq! { ['s, A: Arena] &'s str, ArenaString<'_, A> }
impl_str_eq! { [A: Arena] String, ArenaString<'_, A> }
impl_str_eq! { ['c, A: Arena] Cow<'c, str>, ArenaString<'_, A> }

impl<A: Arena> Eq for ArenaString<'_, A> {}

impl<'b, A: Arena, B: Arena> PartialOrd<ArenaString<'b, B>> for ArenaString<'_, A> {
    fn partial_cmp(&self, other: &ArenaString<'b, B>) -> Option<core::cmp::Ordering> {
        Some(self.as_str().cmp(other.as_str()))
    }
}

impl<A: Arena> Ord for ArenaString<'_, A> {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl<A: Arena> Hash for ArenaString<'_, A> {
    /// Hashes as the `str` does, as [`Borrow<str>`] requires.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl<A: Arena> fmt::Debug for ArenaString<'_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl<A: Arena> fmt::Display for ArenaString<'_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl<A: Arena> Clone for ArenaString<'_, A> {
    /// Copies the string into a new string in the same arena.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[track_caller]
    fn clone(&self) -> Self {
        Self::from_str_in(self, self.arena())
    }

    /// Copies `source` into this string, reusing its buffer (and keeping its arena).
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[track_caller]
    fn clone_from(&mut self, source: &Self) {
        self.clear();
        self.push_str(source);
    }
}

impl<A: Arena> From<ArenaString<'_, A>> for String {
    /// Copies the text to the heap.
    #[inline]
    fn from(string: ArenaString<'_, A>) -> Self {
        Self::from(string.as_str())
    }
}

impl<'a, A: Arena> From<ArenaString<'a, A>> for ArenaVec<'a, u8, A> {
    /// Returns the string's bytes, without copying, as
    /// [`into_bytes`](ArenaString::into_bytes) does.
    #[inline]
    fn from(string: ArenaString<'a, A>) -> Self {
        string.into_bytes()
    }
}

impl<'a, A: Arena> TryFrom<ArenaVec<'a, u8, A>> for ArenaString<'a, A> {
    type Error = FromUtf8Error<'a, A>;

    /// Turns a byte vector into a string if it holds UTF-8, as
    /// [`from_utf8`](ArenaString::from_utf8) does.
    fn try_from(bytes: ArenaVec<'a, u8, A>) -> Result<Self, Self::Error> {
        Self::from_utf8(bytes)
    }
}

impl<A: Arena> fmt::Write for ArenaString<'_, A> {
    /// Appends `s`.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate, as `String` does, rather than turn that into a
    /// formatting error.
    #[inline]
    #[track_caller]
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }

    /// Appends `ch`.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[inline]
    #[track_caller]
    fn write_char(&mut self, ch: char) -> fmt::Result {
        self.push(ch);
        Ok(())
    }
}
