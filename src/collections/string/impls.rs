//! `ArenaString`'s trait impls, in the house order.

use alloc::borrow::Cow;
use alloc::string::String;
use core::borrow::{Borrow, BorrowMut};
use core::fmt;
use core::hash::{Hash, Hasher};
use core::ops::{Deref, DerefMut};

use super::ArenaString;
use crate::arena::Arena;
use crate::collections::FromIteratorIn;

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

impl<A: Arena> Extend<char> for ArenaString<'_, A> {
    /// Appends the chars of `iter`.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[track_caller]
    fn extend<I: IntoIterator<Item = char>>(&mut self, iter: I) {
        let iter = iter.into_iter();
        self.reserve(iter.size_hint().0);
        iter.for_each(|ch| self.push(ch));
    }
}

impl<'c, A: Arena> Extend<&'c char> for ArenaString<'_, A> {
    /// Appends the chars of `iter`.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[track_caller]
    fn extend<I: IntoIterator<Item = &'c char>>(&mut self, iter: I) {
        self.extend(iter.into_iter().copied());
    }
}

impl<'s, A: Arena> Extend<&'s str> for ArenaString<'_, A> {
    /// Appends the strings of `iter`.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[track_caller]
    fn extend<I: IntoIterator<Item = &'s str>>(&mut self, iter: I) {
        iter.into_iter().for_each(|s| self.push_str(s));
    }
}

impl<'a, A: Arena> FromIteratorIn<'a, char> for ArenaString<'a, A> {
    type Arena = A;

    #[track_caller]
    fn from_iter_in<I: IntoIterator<Item = char>>(iter: I, arena: &'a A) -> Self {
        let mut string = Self::new_in(arena);
        string.extend(iter);
        string
    }
}

impl<'a, 's, A: Arena> FromIteratorIn<'a, &'s str> for ArenaString<'a, A> {
    type Arena = A;

    #[track_caller]
    fn from_iter_in<I: IntoIterator<Item = &'s str>>(iter: I, arena: &'a A) -> Self {
        let mut string = Self::new_in(arena);
        string.extend(iter);
        string
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
