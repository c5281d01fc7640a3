//! `Drain`: the chars of a byte range, removed from an `ArenaString` when the iterator drops.

use core::fmt;
use core::iter::FusedIterator;

use super::ArenaString;
use crate::arena::Arena;
use crate::raw::bump::Bump;

/// An iterator over the chars of a range removed from an [`ArenaString`]; made by
/// [`ArenaString::drain`].
///
/// The whole range is removed when the iterator is dropped, whether or not it ran to the
/// end. If it is leaked instead, the string keeps the range.
///
/// # Examples
///
/// ```
/// use bumpkit::{ArenaString, Bump};
///
/// let bump = Bump::new();
/// let mut s = ArenaString::from_str_in("key=value", &bump);
/// let mut key = s.drain(..4);
/// assert_eq!(key.as_str(), "key=");
/// assert_eq!(key.next_back(), Some('='));
/// drop(key);
/// assert_eq!(s, "value");
/// ```
pub struct Drain<'s, 'a, A: Arena = Bump> {
    // Invariants:
    // - [range] `start <= front <= back <= end <= string.len()`, all char boundaries;
    //   `front..back` are the chars not yet yielded.
    string: &'s mut ArenaString<'a, A>,
    start: usize,
    front: usize,
    back: usize,
    end: usize,
}

impl<'s, 'a, A: Arena> Drain<'s, 'a, A> {
    /// Drains `start..end`, which the caller checked to be char boundaries in bounds.
    pub(super) fn new(string: &'s mut ArenaString<'a, A>, start: usize, end: usize) -> Self {
        Self {
            string,
            start,
            front: start,
            back: end,
            end,
        }
    }

    /// Returns the chars not yet yielded.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("abc", &bump);
    /// let mut d = s.drain(..);
    /// d.next();
    /// assert_eq!(d.as_str(), "bc");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.string.as_str()[self.front..self.back]
    }
}

impl<A: Arena> AsRef<str> for Drain<'_, '_, A> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl<A: Arena> AsRef<[u8]> for Drain<'_, '_, A> {
    fn as_ref(&self) -> &[u8] {
        self.as_str().as_bytes()
    }
}

impl<A: Arena> Iterator for Drain<'_, '_, A> {
    type Item = char;

    #[inline]
    fn next(&mut self) -> Option<char> {
        let ch = self.as_str().chars().next()?;
        // INVARIANT: [range] a whole char is skipped, and `front` stays at most `back`.
        self.front += ch.len_utf8();
        Some(ch)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let bytes = self.back - self.front;
        (bytes.div_ceil(4), Some(bytes))
    }
}

impl<A: Arena> DoubleEndedIterator for Drain<'_, '_, A> {
    #[inline]
    fn next_back(&mut self) -> Option<char> {
        let ch = self.as_str().chars().next_back()?;
        // INVARIANT: [range] as in `next`.
        self.back -= ch.len_utf8();
        Some(ch)
    }
}

impl<A: Arena> FusedIterator for Drain<'_, '_, A> {}

impl<A: Arena> Drop for Drain<'_, '_, A> {
    fn drop(&mut self) {
        // INVARIANT: ArenaString's [utf8] holds: `start..end` are char boundaries ([range]).
        self.string.vec.drain(self.start..self.end);
    }
}

impl<A: Arena> fmt::Debug for Drain<'_, '_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Drain").field(&self.as_str()).finish()
    }
}
