//! `ArenaString`, a growable UTF-8 string in an arena: the type, its constructors,
//! accessors, capacity and appends. `string/convert.rs` holds the conversions (UTF-8, UTF-16,
//! bytes, boxes, raw parts), `string/edit.rs` the edits in the middle, `string/drain.rs` the
//! draining iterator, `string/impls.rs` and `string/extend.rs` the trait impls, and
//! `string/std_impls.rs` those that need `std`.

mod convert;
mod drain;
mod edit;
mod error;
mod extend;
mod impls;
#[cfg(feature = "std")]
mod std_impls;

use core::str;

pub use self::drain::Drain;
pub use self::error::{FromUtf8Error, FromUtf16Error};
use crate::arena::Arena;
use crate::collections::ArenaVec;
use crate::error::{AllocError, unwrap_alloc};
use crate::raw::bump::Bump;

/// A growable UTF-8 string whose buffer lives in an arena, like
/// [`String`](alloc::string::String).
///
/// It is an [`ArenaVec<u8>`](ArenaVec) that always holds UTF-8, so it grows the same way:
/// when the string is the arena's newest block, [`ArenaString::push_str`] extends it where it
/// lies, without copying. Build one string at a time for the cheapest appends.
///
/// It borrows the arena for `'a`, so it cannot outlive it or survive a reset, and like an
/// `ArenaVec` it is [`Send`] and [`Sync`] only when the arena is [`Sync`].
///
/// # Examples
///
/// ```
/// use bumpkit::{ArenaString, Bump};
///
/// let bump = Bump::new();
/// let mut s = ArenaString::from_str_in("hello", &bump);
/// s.push_str(", wörld");
/// s.push('!');
/// assert_eq!(s, "hello, wörld!");
/// assert_eq!(s.len(), 14);
/// ```
pub struct ArenaString<'a, A: Arena = Bump> {
    // Invariants:
    // - [utf8] `vec` holds valid UTF-8 (its first `len` bytes; spare capacity is not read).
    vec: ArenaVec<'a, u8, A>,
}

impl<'a, A: Arena> ArenaString<'a, A> {
    /// Creates an empty string in `arena`; it allocates nothing until it grows.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let s = ArenaString::new_in(&bump);
    /// assert!(s.is_empty());
    /// assert_eq!(bump.stats().allocated_bytes, 0);
    /// ```
    #[must_use]
    pub const fn new_in(arena: &'a A) -> Self {
        // INVARIANT: [utf8] no bytes are valid UTF-8.
        Self {
            vec: ArenaVec::new_in(arena),
        }
    }

    /// Creates an empty string in `arena` with room for at least `capacity` bytes.
    ///
    /// # Panics
    ///
    /// Panics if `capacity` overflows `isize::MAX` or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let s = ArenaString::with_capacity_in(32, &bump);
    /// assert_eq!((s.len(), s.capacity()), (0, 32));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn with_capacity_in(capacity: usize, arena: &'a A) -> Self {
        unwrap_alloc(Self::try_with_capacity_in(capacity, arena))
    }

    /// Creates an empty string in `arena` with room for at least `capacity` bytes.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `capacity` overflows `isize::MAX` or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let s = ArenaString::try_with_capacity_in(8, &bump)?;
    /// assert!(s.capacity() >= 8);
    /// assert!(ArenaString::try_with_capacity_in(usize::MAX, &bump).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_with_capacity_in(capacity: usize, arena: &'a A) -> Result<Self, AllocError> {
        // INVARIANT: [utf8] the vector is empty.
        Ok(Self {
            vec: ArenaVec::try_with_capacity_in(capacity, arena)?,
        })
    }

    /// Creates a string in `arena` holding a copy of `s`, with capacity exactly its length.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let s = ArenaString::from_str_in("ünïcode", &bump);
    /// assert_eq!((s.as_str(), s.capacity()), ("ünïcode", 9));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn from_str_in(s: &str, arena: &'a A) -> Self {
        unwrap_alloc(Self::try_from_str_in(s, arena))
    }

    /// Creates a string in `arena` holding a copy of `s`.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// assert_eq!(ArenaString::try_from_str_in("ok", &bump)?, "ok");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_from_str_in(s: &str, arena: &'a A) -> Result<Self, AllocError> {
        let mut string = Self::try_with_capacity_in(s.len(), arena)?;
        string.try_push_str(s)?;
        Ok(string)
    }

    /// Returns the string as a `str`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// assert_eq!(ArenaString::from_str_in("abc", &bump).as_str(), "abc");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        // SAFETY: [utf8].
        unsafe { str::from_utf8_unchecked(&self.vec) }
    }

    /// Returns the string as a mutable `str`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("abc", &bump);
    /// s.as_mut_str().make_ascii_uppercase();
    /// assert_eq!(s, "ABC");
    /// ```
    #[must_use]
    pub fn as_mut_str(&mut self) -> &mut str {
        // SAFETY: [utf8]; a `&mut str` can only be changed into other UTF-8 by safe code.
        unsafe { str::from_utf8_unchecked_mut(&mut self.vec) }
    }

    /// Returns the string's bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// assert_eq!(ArenaString::from_str_in("é", &bump).as_bytes(), [0xC3, 0xA9]);
    /// ```
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.vec
    }

    /// Returns the length in bytes (not chars).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// assert_eq!(ArenaString::from_str_in("ƒoo", &bump).len(), 4);
    /// ```
    #[inline]
    #[must_use]
    pub const fn len(&self) -> usize {
        self.vec.len()
    }

    /// Returns `true` if the string holds no bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::new_in(&bump);
    /// assert!(s.is_empty());
    /// s.push('x');
    /// assert!(!s.is_empty());
    /// ```
    #[inline]
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.vec.is_empty()
    }

    /// Returns how many bytes the string can hold without growing.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// assert_eq!(ArenaString::with_capacity_in(5, &bump).capacity(), 5);
    /// ```
    #[must_use]
    pub const fn capacity(&self) -> usize {
        self.vec.capacity()
    }

    /// Returns the arena the string lives in.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let s = ArenaString::new_in(&bump);
    /// assert!(core::ptr::eq(s.arena(), &bump));
    /// ```
    #[must_use]
    pub const fn arena(&self) -> &'a A {
        self.vec.arena()
    }

    /// Makes room for at least `additional` more bytes, growing in place when the string
    /// is the arena's newest block.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::new_in(&bump);
    /// s.reserve(10);
    /// assert!(s.capacity() >= 10);
    /// ```
    #[track_caller]
    pub fn reserve(&mut self, additional: usize) {
        self.vec.reserve(additional);
    }

    /// Makes room for at least `additional` more bytes.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the new capacity overflows `isize::MAX` or the arena cannot
    /// allocate; the string is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::new_in(&bump);
    /// s.try_reserve(10)?;
    /// assert!(s.try_reserve(usize::MAX).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), AllocError> {
        self.vec.try_reserve(additional)
    }

    /// Makes room for exactly `additional` more bytes (if there is less room).
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("ab", &bump);
    /// s.reserve_exact(3);
    /// assert_eq!(s.capacity(), 5);
    /// ```
    #[track_caller]
    pub fn reserve_exact(&mut self, additional: usize) {
        self.vec.reserve_exact(additional);
    }

    /// Makes room for exactly `additional` more bytes (if there is less room).
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`ArenaString::try_reserve`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::new_in(&bump);
    /// s.try_reserve_exact(4)?;
    /// assert_eq!(s.capacity(), 4);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_reserve_exact(&mut self, additional: usize) -> Result<(), AllocError> {
        self.vec.try_reserve_exact(additional)
    }

    /// Gives the spare capacity back, in place when the string is the arena's newest block.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::with_capacity_in(64, &bump);
    /// s.push_str("abc");
    /// s.shrink_to_fit();
    /// assert_eq!((s.capacity(), bump.stats().allocated_bytes), (3, 3));
    /// ```
    pub fn shrink_to_fit(&mut self) {
        self.vec.shrink_to_fit();
    }

    /// Shrinks the capacity to `max(len, min_capacity)`, giving the bytes back when the
    /// string is the arena's newest block; does nothing if the capacity is already lower.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::with_capacity_in(64, &bump);
    /// s.push_str("abc");
    /// s.shrink_to(10);
    /// assert_eq!(s.capacity(), 10);
    /// s.shrink_to(0);
    /// assert_eq!((s.capacity(), bump.stats().allocated_bytes), (3, 3));
    /// ```
    pub fn shrink_to(&mut self, min_capacity: usize) {
        self.vec.shrink_to(min_capacity);
    }

    /// Appends `ch`.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::new_in(&bump);
    /// s.push('a');
    /// s.push('€');
    /// assert_eq!(s, "a€");
    /// ```
    #[inline]
    #[track_caller]
    pub fn push(&mut self, ch: char) {
        unwrap_alloc(self.try_push(ch));
    }

    /// Appends `ch`.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`ArenaString::try_reserve`]; the string is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::new_in(&bump);
    /// s.try_push('ß')?;
    /// assert_eq!(s, "ß");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_push(&mut self, ch: char) -> Result<(), AllocError> {
        // INVARIANT: [utf8] a char's UTF-8 encoding is appended whole.
        match ch.len_utf8() {
            1 => self.vec.try_push(ch as u8),
            _ => self
                .vec
                .try_extend_from_slice_copy(ch.encode_utf8(&mut [0; 4]).as_bytes()),
        }
    }

    /// Appends `s`, growing in place (without copying) when the string is the arena's
    /// newest block and the chunk has room.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::new_in(&bump);
    /// s.push_str("abc");
    /// let start = s.as_ptr();
    /// s.push_str("defghijklmnopqrstuvwxyz");
    /// assert_eq!(s.as_ptr(), start); // grown where it lies
    /// assert_eq!(s.len(), 26);
    /// ```
    #[inline]
    #[track_caller]
    pub fn push_str(&mut self, s: &str) {
        // INVARIANT: [utf8] UTF-8 followed by UTF-8 is UTF-8.
        self.vec.extend_from_slice_copy(s.as_bytes());
    }

    /// Appends `s`.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`ArenaString::try_reserve`]; the string is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::new_in(&bump);
    /// s.try_push_str("ok")?;
    /// assert_eq!(s, "ok");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_push_str(&mut self, s: &str) -> Result<(), AllocError> {
        // INVARIANT: [utf8] UTF-8 followed by UTF-8 is UTF-8.
        self.vec.try_extend_from_slice_copy(s.as_bytes())
    }
}
