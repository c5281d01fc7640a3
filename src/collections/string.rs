//! `ArenaString`, a growable UTF-8 string in an arena: the type, its constructors and edits.
//! `string/drain.rs` holds the draining iterator, `string/impls.rs` the trait impls.

mod drain;
mod error;
mod impls;

use core::ops::{Bound, RangeBounds};
use core::str;

pub use self::drain::Drain;
pub use self::error::FromUtf8Error;
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
        unwrap_alloc(self.try_push_str(s));
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

    /// Inserts `ch` at byte index `index`, shifting the rest right.
    ///
    /// # Panics
    ///
    /// Panics if `index` is greater than the length or not on a char boundary, or if the
    /// arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("ac", &bump);
    /// s.insert(1, 'ь');
    /// assert_eq!(s, "aьc");
    /// ```
    #[track_caller]
    pub fn insert(&mut self, index: usize, ch: char) {
        unwrap_alloc(self.try_insert(index, ch));
    }

    /// Inserts `ch` at byte index `index`, shifting the rest right.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`ArenaString::try_reserve`]; the string is then unchanged.
    ///
    /// # Panics
    ///
    /// Panics if `index` is greater than the length or not on a char boundary.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("b", &bump);
    /// s.try_insert(0, 'a')?;
    /// assert_eq!(s, "ab");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[track_caller]
    pub fn try_insert(&mut self, index: usize, ch: char) -> Result<(), AllocError> {
        self.try_insert_str(index, ch.encode_utf8(&mut [0; 4]))
    }

    /// Inserts `s` at byte index `index`, shifting the rest right.
    ///
    /// # Panics
    ///
    /// Panics if `index` is greater than the length or not on a char boundary, or if the
    /// arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("hd", &bump);
    /// s.insert_str(1, "ello worl");
    /// assert_eq!(s, "hello world");
    /// ```
    #[track_caller]
    pub fn insert_str(&mut self, index: usize, s: &str) {
        unwrap_alloc(self.try_insert_str(index, s));
    }

    /// Inserts `s` at byte index `index`, shifting the rest right.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`ArenaString::try_reserve`]; the string is then unchanged.
    ///
    /// # Panics
    ///
    /// Panics if `index` is greater than the length or not on a char boundary.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("ü", &bump);
    /// s.try_insert_str(0, "gr")?;
    /// assert_eq!(s, "grü");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[track_caller]
    pub fn try_insert_str(&mut self, index: usize, s: &str) -> Result<(), AllocError> {
        self.assert_boundary("insert", index);
        self.vec.try_extend_from_slice_copy(s.as_bytes())?;
        // INVARIANT: [utf8] the rotation puts `s` between the two halves of the old string,
        // both split at a char boundary, so every sequence stays whole.
        self.vec[index..].rotate_right(s.len());
        Ok(())
    }

    /// Removes the char at byte index `index` and returns it, shifting the rest left.
    ///
    /// # Panics
    ///
    /// Panics if `index` is not on a char boundary or is the length or more.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("aπb", &bump);
    /// assert_eq!(s.remove(1), 'π');
    /// assert_eq!(s, "ab");
    /// ```
    #[track_caller]
    pub fn remove(&mut self, index: usize) -> char {
        self.assert_boundary("remove", index);
        let Some(ch) = self.as_str()[index..].chars().next() else {
            string_index_panic("remove", index, self.len());
        };
        // INVARIANT: [utf8] a whole char goes.
        self.vec.drain(index..index + ch.len_utf8());
        ch
    }

    /// Removes the last char and returns it, or `None` if the string is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("añ", &bump);
    /// assert_eq!((s.pop(), s.pop(), s.pop()), (Some('ñ'), Some('a'), None));
    /// ```
    pub fn pop(&mut self) -> Option<char> {
        let ch = self.as_str().chars().next_back()?;
        // INVARIANT: [utf8] a whole char goes.
        self.vec.truncate(self.len() - ch.len_utf8());
        Some(ch)
    }

    /// Shortens the string to `new_len` bytes; does nothing if it is not longer.
    ///
    /// # Panics
    ///
    /// Panics if `new_len` is not on a char boundary.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("hello", &bump);
    /// s.truncate(2);
    /// assert_eq!(s, "he");
    /// ```
    #[track_caller]
    pub fn truncate(&mut self, new_len: usize) {
        if new_len < self.len() {
            self.assert_boundary("truncate", new_len);
            // INVARIANT: [utf8] cut at a char boundary.
            self.vec.truncate(new_len);
        }
    }

    /// Removes everything, keeping the capacity.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("abc", &bump);
    /// s.clear();
    /// assert!(s.is_empty() && s.capacity() == 3);
    /// ```
    pub fn clear(&mut self) {
        // INVARIANT: [utf8] empty.
        self.vec.clear();
    }

    /// Keeps only the chars for which `keep` returns `true`, in order.
    ///
    /// If `keep` panics, the string keeps the chars accepted so far and loses the rest.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("a1b2ç3", &bump);
    /// s.retain(|c| !c.is_ascii_digit());
    /// assert_eq!(s, "abç");
    /// ```
    pub fn retain(&mut self, mut keep: impl FnMut(char) -> bool) {
        let len = self.len();
        // On panic the guard truncates to the chars kept so far, which are UTF-8.
        let mut kept = TruncateOnDrop {
            vec: &mut self.vec,
            len: 0,
        };
        let mut read = 0;
        while read < len {
            // SAFETY: [utf8] `read` is a char boundary of the original bytes, and the bytes
            // from `read` on are still the original ones: only bytes before `read` are
            // written (`kept.len <= read`), and the length is cut only by the guard.
            let tail = unsafe { str::from_utf8_unchecked(&kept.vec[read..]) };
            let Some(ch) = tail.chars().next() else {
                break;
            };
            let width = ch.len_utf8();
            if keep(ch) {
                kept.vec.copy_within(read..read + width, kept.len);
                kept.len += width;
            }
            read += width;
        }
    }

    /// Removes the byte range `range` and returns its chars as an iterator.
    ///
    /// The range is removed when the iterator is dropped, also if it was not run to the end.
    ///
    /// # Panics
    ///
    /// Panics if the range is out of bounds or an end is not on a char boundary.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("αβγδ", &bump);
    /// let taken: String = s.drain(2..6).collect();
    /// assert_eq!((taken.as_str(), s.as_str()), ("βγ", "αδ"));
    /// ```
    #[track_caller]
    pub fn drain<R: RangeBounds<usize>>(&mut self, range: R) -> Drain<'_, 'a, A> {
        let start = match range.start_bound() {
            Bound::Included(&i) => i,
            Bound::Excluded(&i) => i.saturating_add(1),
            Bound::Unbounded => 0,
        };
        let end = match range.end_bound() {
            Bound::Included(&i) => i.saturating_add(1),
            Bound::Excluded(&i) => i,
            Bound::Unbounded => self.len(),
        };
        assert!(
            start <= end && end <= self.len(),
            "bumpkit: drain range {start}..{end} is out of bounds of a string of length {}",
            self.len()
        );
        self.assert_boundary("drain", start);
        self.assert_boundary("drain", end);
        Drain::new(self, start, end)
    }

    /// Panics unless `index` is a char boundary within the string.
    #[track_caller]
    fn assert_boundary(&self, what: &str, index: usize) {
        if !self.as_str().is_char_boundary(index) {
            string_index_panic(what, index, self.len());
        }
    }
}

/// Truncates `vec` to `len` when dropped: keeps `retain`'s string UTF-8 if `keep` panics.
struct TruncateOnDrop<'v, 'a, A: Arena> {
    vec: &'v mut ArenaVec<'a, u8, A>,
    len: usize,
}

impl<A: Arena> Drop for TruncateOnDrop<'_, '_, A> {
    fn drop(&mut self) {
        // INVARIANT: [utf8] the first `len` bytes are the whole chars kept so far.
        self.vec.truncate(self.len);
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn string_index_panic(what: &str, index: usize, len: usize) -> ! {
    panic!(
        "bumpkit: cannot {what} at byte {index} of a string of length {len}: not a char boundary or out of bounds"
    )
}
