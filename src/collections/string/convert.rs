//! `ArenaString` conversions: from bytes (`from_utf8*`) and UTF-16, to bytes, `str`, boxes
//! and raw parts.

use core::char::{REPLACEMENT_CHARACTER, decode_utf16};
use core::str;

use super::{ArenaString, FromUtf8Error, FromUtf16Error};
use crate::arena::Arena;
use crate::collections::{ArenaBox, ArenaVec};
use crate::error::{AllocError, unwrap_alloc};

impl<'a, A: Arena> ArenaString<'a, A> {
    /// Turns a byte vector into a string if it holds UTF-8, without copying.
    ///
    /// # Errors
    ///
    /// [`FromUtf8Error`] if `bytes` is not UTF-8; it gives the vector back.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let s = ArenaString::from_utf8(arena_vec![in &bump; 0xC3, 0xA9]).unwrap();
    /// assert_eq!(s, "é");
    /// assert!(ArenaString::from_utf8(arena_vec![in &bump; 0xC3]).is_err());
    /// ```
    pub fn from_utf8(bytes: ArenaVec<'a, u8, A>) -> Result<Self, FromUtf8Error<'a, A>> {
        match str::from_utf8(&bytes) {
            // INVARIANT: [utf8] just checked.
            Ok(_) => Ok(Self { vec: bytes }),
            Err(error) => Err(FromUtf8Error::new(bytes, error)),
        }
    }

    /// Turns a byte vector into a string without checking that it holds UTF-8, and without
    /// copying.
    ///
    /// # Safety
    ///
    /// - `bytes` must be valid UTF-8. Every method of the string, and any code given a `&str`
    ///   of it, may rely on that.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let bytes = arena_vec![in &bump; 0xE2, 0x82, 0xAC];
    /// // SAFETY: the bytes are the UTF-8 encoding of '€'.
    /// let s = unsafe { ArenaString::from_utf8_unchecked(bytes) };
    /// assert_eq!(s, "€");
    /// ```
    #[must_use]
    pub unsafe fn from_utf8_unchecked(bytes: ArenaVec<'a, u8, A>) -> Self {
        debug_assert!(str::from_utf8(&bytes).is_ok());
        // INVARIANT: [utf8] by the caller's contract.
        Self { vec: bytes }
    }

    /// Copies `bytes` into a new string in `arena`, each invalid sequence replaced by
    /// U+FFFD REPLACEMENT CHARACTER (`�`), as [`String::from_utf8_lossy`] does.
    ///
    /// Unlike std's, it always copies: the result lives in the arena, never borrows `bytes`.
    ///
    /// [`String::from_utf8_lossy`]: alloc::string::String::from_utf8_lossy
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
    /// let s = ArenaString::from_utf8_lossy_in(b"caf\xC3\xA9 \xF0\x90\x80 ok\xFF", &bump);
    /// assert_eq!(s, "café \u{FFFD} ok\u{FFFD}");
    /// ```
    #[must_use]
    #[track_caller]
    pub fn from_utf8_lossy_in(bytes: &[u8], arena: &'a A) -> Self {
        unwrap_alloc(Self::try_from_utf8_lossy_in(bytes, arena))
    }

    /// Copies `bytes` into a new string in `arena`, each invalid sequence replaced by
    /// U+FFFD; see [`from_utf8_lossy_in`](Self::from_utf8_lossy_in).
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
    /// assert_eq!(ArenaString::try_from_utf8_lossy_in(b"a\x80b", &bump)?, "a\u{FFFD}b");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_from_utf8_lossy_in(bytes: &[u8], arena: &'a A) -> Result<Self, AllocError> {
        let mut string = Self::try_with_capacity_in(bytes.len(), arena)?;
        for chunk in bytes.utf8_chunks() {
            string.try_push_str(chunk.valid())?;
            if !chunk.invalid().is_empty() {
                string.try_push(REPLACEMENT_CHARACTER)?;
            }
        }
        Ok(string)
    }

    /// Decodes UTF-16 into a new string in `arena`, as [`String::from_utf16`] does.
    ///
    /// [`String::from_utf16`]: alloc::string::String::from_utf16
    ///
    /// # Errors
    ///
    /// [`FromUtf16Error`] if `units` holds a lone surrogate; the bytes decoded so far are
    /// given back to the arena.
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
    /// let music = [0xD834, 0xDD1E, 0x006d, 0x0075, 0x0073, 0x0069, 0x0063];
    /// assert_eq!(ArenaString::from_utf16_in(&music, &bump).unwrap(), "𝄞music");
    /// let broken = [0xD834, 0xDD1E, 0x006d, 0xD800, 0x0069];
    /// assert!(ArenaString::from_utf16_in(&broken, &bump).is_err());
    /// ```
    #[track_caller]
    pub fn from_utf16_in(units: &[u16], arena: &'a A) -> Result<Self, FromUtf16Error> {
        let mut string = Self::with_capacity_in(units.len(), arena);
        for ch in decode_utf16(units.iter().copied()) {
            string.push(ch.map_err(|_| FromUtf16Error::new())?);
        }
        Ok(string)
    }

    /// Decodes UTF-16 into a new string in `arena`, each lone surrogate replaced by U+FFFD
    /// REPLACEMENT CHARACTER (`�`), as [`String::from_utf16_lossy`] does.
    ///
    /// [`String::from_utf16_lossy`]: alloc::string::String::from_utf16_lossy
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
    /// let units = [0xD834, 0xDD1E, 0x006d, 0xDD1E, 0x0069];
    /// assert_eq!(ArenaString::from_utf16_lossy_in(&units, &bump), "𝄞m\u{FFFD}i");
    /// ```
    #[must_use]
    #[track_caller]
    pub fn from_utf16_lossy_in(units: &[u16], arena: &'a A) -> Self {
        unwrap_alloc(Self::try_from_utf16_lossy_in(units, arena))
    }

    /// Decodes UTF-16 into a new string in `arena`, each lone surrogate replaced by U+FFFD;
    /// see [`from_utf16_lossy_in`](Self::from_utf16_lossy_in).
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
    /// assert_eq!(ArenaString::try_from_utf16_lossy_in(&[0x68, 0xD800], &bump)?, "h\u{FFFD}");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_from_utf16_lossy_in(units: &[u16], arena: &'a A) -> Result<Self, AllocError> {
        let mut string = Self::try_with_capacity_in(units.len(), arena)?;
        for ch in decode_utf16(units.iter().copied()) {
            string.try_push(ch.unwrap_or(REPLACEMENT_CHARACTER))?;
        }
        Ok(string)
    }

    /// Returns the string's bytes as a byte vector, without copying.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let bytes = ArenaString::from_str_in("hi", &bump).into_bytes();
    /// assert_eq!(bytes, *b"hi");
    /// ```
    #[must_use]
    pub fn into_bytes(self) -> ArenaVec<'a, u8, A> {
        self.vec
    }

    /// Returns the string's byte vector, to be changed in place.
    ///
    /// # Safety
    ///
    /// - The vector must hold valid UTF-8 again when the borrow ends (and before any method
    ///   of the string runs or a `&str` of it is made), as for [`from_utf8_unchecked`].
    ///
    /// [`from_utf8_unchecked`]: Self::from_utf8_unchecked
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("hello", &bump);
    /// // SAFETY: reversing ASCII bytes leaves ASCII.
    /// unsafe { s.as_mut_vec().reverse() };
    /// assert_eq!(s, "olleh");
    /// ```
    pub unsafe fn as_mut_vec(&mut self) -> &mut ArenaVec<'a, u8, A> {
        // INVARIANT: [utf8] the caller restores UTF-8 before the string is used again.
        &mut self.vec
    }

    /// Turns the string into a `&'a mut str` that lives as long as the arena's borrow; the
    /// spare capacity is given back first when the string is the arena's newest block.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::with_capacity_in(100, &bump);
    /// s.push_str("kept");
    /// let kept: &mut str = s.into_arena_str();
    /// kept.make_ascii_uppercase();
    /// assert_eq!(kept, "KEPT");
    /// assert_eq!(bump.stats().allocated_bytes, 4);
    /// ```
    #[inline]
    #[must_use]
    pub fn into_arena_str(self) -> &'a mut str {
        let bytes = self.vec.into_arena_slice();
        // SAFETY: [utf8] the bytes are the string's, hence UTF-8.
        unsafe { str::from_utf8_unchecked_mut(bytes) }
    }

    /// Turns the string into a `&'a mut str`, as [`String::leak`] does; the same as
    /// [`into_arena_str`](Self::into_arena_str).
    ///
    /// The text lives as long as the arena's borrow, not `'static`, and unlike std's `leak`
    /// the spare capacity is given back first when the string is the arena's newest block.
    ///
    /// [`String::leak`]: alloc::string::String::leak
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::with_capacity_in(16, &bump);
    /// s.push_str("leaked");
    /// let text: &mut str = s.leak();
    /// text.make_ascii_uppercase();
    /// assert_eq!((&*text, bump.stats().allocated_bytes), ("LEAKED", 6));
    /// ```
    #[inline]
    #[must_use]
    pub fn leak(self) -> &'a mut str {
        self.into_arena_str()
    }

    /// Turns the string into an [`ArenaBox<str>`](ArenaBox), giving the spare capacity back
    /// when the string is the arena's newest block, as [`String::into_boxed_str`] does.
    ///
    /// [`String::into_boxed_str`]: alloc::string::String::into_boxed_str
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::with_capacity_in(32, &bump);
    /// s.push_str("boxed");
    /// let b: ArenaBox<'_, str> = s.into_boxed_str();
    /// assert_eq!((&*b, bump.stats().allocated_bytes), ("boxed", 5));
    /// ```
    #[must_use]
    pub fn into_boxed_str(self) -> ArenaBox<'a, str, A> {
        ArenaBox::from(self)
    }

    /// Takes the string apart into a pointer to its bytes, its length and its capacity, as
    /// [`String::into_raw_parts`] does. The arena is not returned: it is the one
    /// [`arena`](Self::arena) named.
    ///
    /// The bytes are then the caller's: they are never given back to the arena, and live until
    /// it is reset or dropped.
    ///
    /// [`String::into_raw_parts`]: alloc::string::String::into_raw_parts
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let s = ArenaString::from_str_in("raw", &bump);
    /// let (ptr, len, cap) = s.into_raw_parts();
    /// // SAFETY: the three parts are the string's; the arena still lives.
    /// let bytes = unsafe { core::slice::from_raw_parts(ptr, len) };
    /// assert_eq!((bytes, cap), (&b"raw"[..], 3));
    /// ```
    #[must_use = "losing the pointer leaks the bytes until the arena is reset"]
    pub fn into_raw_parts(self) -> (*mut u8, usize, usize) {
        self.vec.into_raw_parts()
    }

    /// Creates a string from the parts [`into_raw_parts`](Self::into_raw_parts) returned, as
    /// [`String::from_raw_parts`] does.
    ///
    /// The string owns the block again and gives it back to `arena` when it is dropped.
    ///
    /// [`String::from_raw_parts`]: alloc::string::String::from_raw_parts
    ///
    /// # Safety
    ///
    /// - Every duty of [`ArenaVec::from_raw_parts_in`] for `ptr`, `length`, `capacity` and
    ///   `arena` (a block of this very arena, not reset or rewound since, `length <=
    ///   capacity`).
    /// - The first `length` bytes are valid UTF-8.
    ///
    /// A pointer from another arena, or into a block already given back, is undefined
    /// behaviour.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let s = ArenaString::from_str_in("round trip", &bump);
    /// let (ptr, len, cap) = s.into_raw_parts();
    /// // SAFETY: the parts come from `into_raw_parts` of a string in `bump`, which was not
    /// // reset since, and they hold the string's UTF-8.
    /// let mut s = unsafe { ArenaString::from_raw_parts_in(ptr, len, cap, &bump) };
    /// s.push('!');
    /// assert_eq!(s, "round trip!");
    /// ```
    #[must_use]
    pub unsafe fn from_raw_parts_in(
        ptr: *mut u8,
        length: usize,
        capacity: usize,
        arena: &'a A,
    ) -> Self {
        // SAFETY: the caller keeps `ArenaVec::from_raw_parts_in`'s contract (first bullet).
        let vec = unsafe { ArenaVec::from_raw_parts_in(ptr, length, capacity, arena) };
        // INVARIANT: [utf8] the first `length` bytes are UTF-8 (second bullet).
        Self { vec }
    }
}
