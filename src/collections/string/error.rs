//! `FromUtf8Error`: bytes that were not UTF-8, given back; `FromUtf16Error`: UTF-16 with a
//! lone surrogate.

use core::fmt;
use core::str::Utf8Error;

use crate::arena::Arena;
use crate::collections::ArenaVec;
use crate::raw::bump::Bump;

/// The error of [`ArenaString::from_utf8`](crate::ArenaString::from_utf8): the bytes were
/// not UTF-8. The bytes are given back with [`FromUtf8Error::into_bytes`].
///
/// # Examples
///
/// ```
/// use bumpkit::{arena_vec, ArenaString, Bump};
///
/// let bump = Bump::new();
/// let err = ArenaString::from_utf8(arena_vec![in &bump; b'a', 0xFF]).unwrap_err();
/// assert_eq!(err.utf8_error().valid_up_to(), 1);
/// assert_eq!(err.into_bytes(), [b'a', 0xFF]);
/// ```
pub struct FromUtf8Error<'a, A: Arena = Bump> {
    bytes: ArenaVec<'a, u8, A>,
    error: Utf8Error,
}

impl<'a, A: Arena> FromUtf8Error<'a, A> {
    pub(super) fn new(bytes: ArenaVec<'a, u8, A>, error: Utf8Error) -> Self {
        Self { bytes, error }
    }

    /// Returns the bytes that were not UTF-8.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let err = ArenaString::from_utf8(arena_vec![in &bump; 0x80]).unwrap_err();
    /// assert_eq!(err.as_bytes(), [0x80]);
    /// ```
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Gives the bytes back.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let err = ArenaString::from_utf8(arena_vec![in &bump; 0xFE]).unwrap_err();
    /// assert_eq!(err.into_bytes().len(), 1);
    /// ```
    #[must_use]
    pub fn into_bytes(self) -> ArenaVec<'a, u8, A> {
        self.bytes
    }

    /// Returns where and why the bytes are not UTF-8.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let err = ArenaString::from_utf8(arena_vec![in &bump; b'o', b'k', 0xFF]).unwrap_err();
    /// assert_eq!(err.utf8_error().valid_up_to(), 2);
    /// ```
    #[must_use]
    pub fn utf8_error(&self) -> Utf8Error {
        self.error
    }
}

impl<A: Arena> PartialEq for FromUtf8Error<'_, A> {
    /// Compares the bytes and the error, as std's `FromUtf8Error` does.
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes && self.error == other.error
    }
}

impl<A: Arena> Eq for FromUtf8Error<'_, A> {}

impl<A: Arena> fmt::Debug for FromUtf8Error<'_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FromUtf8Error")
            .field("bytes", &self.bytes)
            .field("error", &self.error)
            .finish()
    }
}

impl<A: Arena> fmt::Display for FromUtf8Error<'_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl<A: Arena> Clone for FromUtf8Error<'_, A> {
    /// Copies the bytes into a new vector in the same arena.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[track_caller]
    fn clone(&self) -> Self {
        Self {
            bytes: self.bytes.clone(),
            error: self.error,
        }
    }
}

impl<A: Arena> core::error::Error for FromUtf8Error<'_, A> {}

/// The error of [`ArenaString::from_utf16_in`](crate::ArenaString::from_utf16_in): the
/// UTF-16 held a lone surrogate. It plays the part of std's
/// [`FromUtf16Error`](alloc::string::FromUtf16Error), which cannot be made outside std, and
/// prints the same message.
///
/// # Examples
///
/// ```
/// use bumpkit::{ArenaString, Bump};
///
/// let bump = Bump::new();
/// let err = ArenaString::from_utf16_in(&[0xDC00], &bump).unwrap_err();
/// assert_eq!(err.to_string(), "invalid utf-16: lone surrogate found");
/// assert_eq!(err, err.clone());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FromUtf16Error(());

impl FromUtf16Error {
    pub(super) const fn new() -> Self {
        Self(())
    }
}

impl fmt::Display for FromUtf16Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid utf-16: lone surrogate found")
    }
}

impl core::error::Error for FromUtf16Error {}
