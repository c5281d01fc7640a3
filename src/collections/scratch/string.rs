//! `ScratchString`: a string built in a [`Scratch`] and frozen into an arena at its exact
//! length, with its trait impls.

use core::fmt;
use core::ops::{Deref, DerefMut};

use super::Scratch;
use crate::arena::Arena;
use crate::collections::ArenaString;
use crate::error::{AllocError, unwrap_alloc};
use crate::raw::bump::Bump;

/// A string that grows in a [`Scratch`] and is then frozen into an arena at its exact length
/// by [`ScratchString::freeze`] or [`ScratchString::into_arena_str`].
///
/// See [`ScratchVec`](super::ScratchVec) for how builders share the scratch.
///
/// # Examples
///
/// ```
/// use bumpkit::{Bump, Scratch, ScratchString};
///
/// let bump = Bump::new();
/// let scratch = Scratch::new();
/// let mut s = ScratchString::new_in(&scratch);
/// s.push_str("hello");
/// s.push(' ');
/// s.push_str("world");
/// let frozen: &str = s.into_arena_str(&bump);
/// assert_eq!(frozen, "hello world");
/// assert_eq!(bump.stats().allocated_bytes, 11);
/// ```
pub struct ScratchString<'s> {
    // Invariants: `string` lives in the scratch's `bump`; nothing else is assumed of it.
    string: ArenaString<'s, Bump>,
}

impl<'s> ScratchString<'s> {
    /// Creates an empty builder in `scratch`; it takes no memory until it grows.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// assert!(ScratchString::new_in(&scratch).is_empty());
    /// ```
    #[must_use]
    pub const fn new_in(scratch: &'s Scratch) -> Self {
        Self {
            string: ArenaString::new_in(&scratch.bump),
        }
    }

    /// Creates an empty builder in `scratch` with room for at least `capacity` bytes.
    ///
    /// # Panics
    ///
    /// Panics if `capacity` overflows `isize::MAX` or the scratch cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// assert_eq!(ScratchString::with_capacity_in(10, &scratch).capacity(), 10);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn with_capacity_in(capacity: usize, scratch: &'s Scratch) -> Self {
        unwrap_alloc(Self::try_with_capacity_in(capacity, scratch))
    }

    /// Creates an empty builder in `scratch` with room for at least `capacity` bytes.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `capacity` overflows `isize::MAX` or the scratch cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// assert!(ScratchString::try_with_capacity_in(10, &scratch)?.capacity() >= 10);
    /// assert!(ScratchString::try_with_capacity_in(usize::MAX, &scratch).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_with_capacity_in(capacity: usize, scratch: &'s Scratch) -> Result<Self, AllocError> {
        Ok(Self {
            string: ArenaString::try_with_capacity_in(capacity, &scratch.bump)?,
        })
    }

    /// Returns the contents as a string slice.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// let mut s = ScratchString::new_in(&scratch);
    /// s.push_str("ab");
    /// assert_eq!(s.as_str(), "ab");
    /// ```
    #[inline]
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.string.as_str()
    }

    /// Returns the contents as a mutable string slice.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// let mut s = ScratchString::new_in(&scratch);
    /// s.push_str("ab");
    /// s.as_mut_str().make_ascii_uppercase();
    /// assert_eq!(s, "AB");
    /// ```
    #[inline]
    #[must_use]
    pub fn as_mut_str(&mut self) -> &mut str {
        self.string.as_mut_str()
    }

    /// Returns the length in bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// let mut s = ScratchString::new_in(&scratch);
    /// s.push('é');
    /// assert_eq!(s.len(), 2);
    /// ```
    #[inline]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.string.len()
    }

    /// Returns whether the string is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// assert!(ScratchString::new_in(&scratch).is_empty());
    /// ```
    #[inline]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.string.is_empty()
    }

    /// Returns how many bytes the builder holds without growing. Freezing copies
    /// [`len`](Self::len) bytes, never this many.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// assert_eq!(ScratchString::with_capacity_in(5, &scratch).capacity(), 5);
    /// ```
    #[inline]
    #[must_use]
    pub const fn capacity(&self) -> usize {
        self.string.capacity()
    }

    /// Appends `ch`.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` or the scratch cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// let mut s = ScratchString::new_in(&scratch);
    /// s.push('x');
    /// assert_eq!(s, "x");
    /// ```
    #[inline]
    #[track_caller]
    pub fn push(&mut self, ch: char) {
        self.string.push(ch);
    }

    /// Appends `ch`.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` or the scratch cannot
    /// allocate; the string is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// let mut s = ScratchString::new_in(&scratch);
    /// s.try_push('x')?;
    /// assert_eq!(s, "x");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_push(&mut self, ch: char) -> Result<(), AllocError> {
        self.string.try_push(ch)
    }

    /// Appends `s`.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` or the scratch cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// let mut s = ScratchString::new_in(&scratch);
    /// s.push_str("ab");
    /// s.push_str("cd");
    /// assert_eq!(s, "abcd");
    /// ```
    #[inline]
    #[track_caller]
    pub fn push_str(&mut self, s: &str) {
        self.string.push_str(s);
    }

    /// Appends `s`.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` or the scratch cannot
    /// allocate; the string is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// let mut s = ScratchString::new_in(&scratch);
    /// s.try_push_str("ab")?;
    /// assert_eq!(s, "ab");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_push_str(&mut self, s: &str) -> Result<(), AllocError> {
        self.string.try_push_str(s)
    }

    /// Removes the last character and returns it, or `None` if the string is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// let mut s = ScratchString::new_in(&scratch);
    /// s.push_str("ab");
    /// assert_eq!(s.pop(), Some('b'));
    /// assert_eq!(s, "a");
    /// ```
    pub fn pop(&mut self) -> Option<char> {
        self.string.pop()
    }

    /// Shortens the string to `new_len` bytes; does nothing if it is not longer.
    ///
    /// # Panics
    ///
    /// Panics if `new_len` is not on a char boundary, as `String::truncate` does.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// let mut s = ScratchString::new_in(&scratch);
    /// s.push_str("abc");
    /// s.truncate(1);
    /// assert_eq!(s, "a");
    /// ```
    #[track_caller]
    pub fn truncate(&mut self, new_len: usize) {
        self.string.truncate(new_len);
    }

    /// Empties the string, keeping the capacity.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Scratch, ScratchString};
    ///
    /// let scratch = Scratch::new();
    /// let mut s = ScratchString::new_in(&scratch);
    /// s.push_str("abc");
    /// s.clear();
    /// assert!(s.is_empty());
    /// ```
    pub fn clear(&mut self) {
        self.string.clear();
    }

    /// Copies the contents into `arena`, in one block of exactly [`len`](Self::len) bytes,
    /// and gives the scratch memory back.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump, Scratch, ScratchString};
    ///
    /// let bump = Bump::new();
    /// let scratch = Scratch::new();
    /// let mut s = ScratchString::with_capacity_in(64, &scratch);
    /// s.push_str("key");
    /// let frozen: ArenaString = s.freeze(&bump);
    /// assert_eq!((frozen.as_str(), frozen.capacity()), ("key", 3));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn freeze<'a, A: Arena>(self, arena: &'a A) -> ArenaString<'a, A> {
        unwrap_alloc(self.try_freeze(arena))
    }

    /// Copies the contents into `arena`, in one block of exactly [`len`](Self::len) bytes,
    /// and gives the scratch memory back.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Bump, Scratch, ScratchString};
    ///
    /// let bump = Bump::new();
    /// let scratch = Scratch::new();
    /// let mut s = ScratchString::new_in(&scratch);
    /// s.push_str("key");
    /// assert_eq!(s.try_freeze(&bump)?, "key");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_freeze<'a, A: Arena>(self, arena: &'a A) -> Result<ArenaString<'a, A>, AllocError> {
        ArenaString::try_from_str_in(self.as_str(), arena)
    }

    /// Copies the contents into `arena`, in one block of exactly [`len`](Self::len) bytes,
    /// and returns them as a string slice that lives as long as the arena.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Bump, Scratch, ScratchString};
    ///
    /// let bump = Bump::new();
    /// let scratch = Scratch::new();
    /// let mut s = ScratchString::new_in(&scratch);
    /// s.push_str("name");
    /// let name: &str = s.into_arena_str(&bump);
    /// assert_eq!((name, bump.stats().allocated_bytes), ("name", 4));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn into_arena_str<A: Arena>(self, arena: &A) -> &mut str {
        unwrap_alloc(self.try_into_arena_str(arena))
    }

    /// Copies the contents into `arena`, in one block of exactly [`len`](Self::len) bytes,
    /// and returns them as a string slice that lives as long as the arena.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Bump, Scratch, ScratchString};
    ///
    /// let bump = Bump::new();
    /// let scratch = Scratch::new();
    /// let mut s = ScratchString::new_in(&scratch);
    /// s.push_str("name");
    /// assert_eq!(s.try_into_arena_str(&bump)?, "name");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_into_arena_str<A: Arena>(self, arena: &A) -> Result<&mut str, AllocError> {
        Ok(self.try_freeze(arena)?.into_arena_str())
    }
}

impl Deref for ScratchString<'_> {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl DerefMut for ScratchString<'_> {
    #[inline]
    fn deref_mut(&mut self) -> &mut str {
        self.as_mut_str()
    }
}

impl AsRef<str> for ScratchString<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

impl AsRef<[u8]> for ScratchString<'_> {
    fn as_ref(&self) -> &[u8] {
        self.as_bytes()
    }
}

impl Extend<char> for ScratchString<'_> {
    /// Appends the characters of `iter`.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` or the scratch cannot allocate.
    #[track_caller]
    fn extend<I: IntoIterator<Item = char>>(&mut self, iter: I) {
        iter.into_iter().for_each(|ch| self.push(ch));
    }
}

impl<'r> Extend<&'r str> for ScratchString<'_> {
    /// Appends the strings of `iter`.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` or the scratch cannot allocate.
    #[track_caller]
    fn extend<I: IntoIterator<Item = &'r str>>(&mut self, iter: I) {
        iter.into_iter().for_each(|s| self.push_str(s));
    }
}

impl PartialEq for ScratchString<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ScratchString<'_> {}

impl PartialEq<str> for ScratchString<'_> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ScratchString<'_> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for ScratchString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for ScratchString<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Write for ScratchString<'_> {
    /// Appends `s`; an allocation failure is reported as [`fmt::Error`].
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.try_push_str(s).map_err(|_| fmt::Error)
    }
}
