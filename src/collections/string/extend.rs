//! `ArenaString`'s `Extend` impls, one per item type std's `String` takes (and `ArenaString`
//! itself), and the `FromIteratorIn` impl they all give.

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;

use super::ArenaString;
use crate::arena::Arena;
use crate::collections::FromIteratorIn;

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

impl<A: Arena> Extend<String> for ArenaString<'_, A> {
    /// Appends the strings of `iter`, dropping each after it is copied.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[track_caller]
    fn extend<I: IntoIterator<Item = String>>(&mut self, iter: I) {
        iter.into_iter().for_each(|s| self.push_str(&s));
    }
}

impl<'c, A: Arena> Extend<Cow<'c, str>> for ArenaString<'_, A> {
    /// Appends the strings of `iter`.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[track_caller]
    fn extend<I: IntoIterator<Item = Cow<'c, str>>>(&mut self, iter: I) {
        iter.into_iter().for_each(|s| self.push_str(&s));
    }
}

impl<A: Arena> Extend<Box<str>> for ArenaString<'_, A> {
    /// Appends the strings of `iter`, dropping each after it is copied.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[track_caller]
    fn extend<I: IntoIterator<Item = Box<str>>>(&mut self, iter: I) {
        iter.into_iter().for_each(|s| self.push_str(&s));
    }
}

impl<'b, A: Arena, B: Arena> Extend<ArenaString<'b, B>> for ArenaString<'_, A> {
    /// Appends the strings of `iter` (from any arena), dropping each after it is copied.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[track_caller]
    fn extend<I: IntoIterator<Item = ArenaString<'b, B>>>(&mut self, iter: I) {
        iter.into_iter().for_each(|s| self.push_str(&s));
    }
}

impl<'a, T, A: Arena> FromIteratorIn<'a, T> for ArenaString<'a, A>
where
    Self: Extend<T>,
{
    type Arena = A;

    /// Creates a string in `arena` from the items of `iter`: chars (owned or borrowed) or
    /// strings (`&str`, `String`, `Cow<str>`, `Box<str>`, `ArenaString`), appended in order.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[track_caller]
    fn from_iter_in<I: IntoIterator<Item = T>>(iter: I, arena: &'a A) -> Self {
        let mut string = Self::new_in(arena);
        string.extend(iter);
        string
    }
}
