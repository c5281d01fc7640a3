//! `FromUtf8Error`: bytes that were not UTF-8, given back.

use core::fmt;
use core::str::Utf8Error;

use crate::arena::Arena;
use crate::collections::ArenaVec;
use crate::raw::bump::Bump;

/// The error of [`ArenaString::from_utf8`](crate::ArenaString::from_utf8): the bytes were not UTF-8. The bytes are given
/// back with [`FromUtf8Error::into_bytes`].
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

impl<A: Arena> core::error::Error for FromUtf8Error<'_, A> {}
