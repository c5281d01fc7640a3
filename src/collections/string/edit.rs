//! `ArenaString` edits in the middle: insert, remove, truncate, retain, drain, split_off,
//! replace_range and extend_from_within.

use core::ops::{Bound, Range, RangeBounds};
use core::str;

use super::{ArenaString, Drain};
use crate::arena::Arena;
use crate::collections::ArenaVec;
use crate::error::{AllocError, unwrap_alloc};

impl<'a, A: Arena> ArenaString<'a, A> {
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

    /// Splits the string in two at byte index `at`: returns a new string in the same arena
    /// holding `at..`, and keeps `..at`, with its capacity.
    ///
    /// # Panics
    ///
    /// Panics if `at` is not on a char boundary or is past the end (with std's message), or
    /// if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut hello = ArenaString::from_str_in("Hello, wörld!", &bump);
    /// let world = hello.split_off(7);
    /// assert_eq!((hello.as_str(), world.as_str()), ("Hello, ", "wörld!"));
    /// ```
    #[must_use = "use `truncate` if you don't need the other half"]
    #[track_caller]
    pub fn split_off(&mut self, at: usize) -> Self {
        unwrap_alloc(self.try_split_off(at))
    }

    /// Splits the string in two at byte index `at`; see [`split_off`](Self::split_off).
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate; the string is then unchanged.
    ///
    /// # Panics
    ///
    /// Panics if `at` is not on a char boundary or is past the end.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("ab", &bump);
    /// assert_eq!(s.try_split_off(2)?, "");
    /// assert_eq!(s, "ab");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[track_caller]
    pub fn try_split_off(&mut self, at: usize) -> Result<Self, AllocError> {
        assert!(self.is_char_boundary(at));
        // INVARIANT: [utf8] both halves are cut at a char boundary.
        Ok(Self {
            vec: self.vec.try_split_off(at)?,
        })
    }

    /// Replaces the byte range `range` with `replace_with`, as [`String::replace_range`]
    /// does; the replacement need not have the range's length.
    ///
    /// [`String::replace_range`]: alloc::string::String::replace_range
    ///
    /// # Panics
    ///
    /// Panics, with std's messages, if the range is out of bounds, starts after it ends, or
    /// an end is not on a char boundary; panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("α is alpha, β is beta", &bump);
    /// let beta_offset = s.find('β').unwrap();
    /// s.replace_range(..beta_offset, "Α is capital alpha; ");
    /// assert_eq!(s, "Α is capital alpha; β is beta");
    /// ```
    #[track_caller]
    pub fn replace_range<R: RangeBounds<usize>>(&mut self, range: R, replace_with: &str) {
        unwrap_alloc(self.try_replace_range(range, replace_with));
    }

    /// Replaces the byte range `range` with `replace_with`; see
    /// [`replace_range`](Self::replace_range).
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate; the string is then unchanged.
    ///
    /// # Panics
    ///
    /// Panics, with std's messages, if the range is out of bounds, starts after it ends, or
    /// an end is not on a char boundary.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("a-b", &bump);
    /// s.try_replace_range(1..2, " ≠ ")?;
    /// assert_eq!(s, "a ≠ b");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[track_caller]
    pub fn try_replace_range<R: RangeBounds<usize>>(
        &mut self,
        range: R,
        replace_with: &str,
    ) -> Result<(), AllocError> {
        let Range { start, end } = self.checked_range(range);
        assert!(
            self.is_char_boundary(start),
            "start of range should be a character boundary"
        );
        assert!(
            self.is_char_boundary(end),
            "end of range should be a character boundary"
        );
        let (len, new) = (self.len(), replace_with.len());
        let new_end = start + new;
        // The bytes are not UTF-8 between the first and the last step below, but nothing can
        // panic or observe them there: the only fallible step, the growth, comes first.
        if new_end > end {
            let extra = new_end - end;
            self.vec.try_reserve(extra)?;
            self.vec.resize(len + extra, 0);
            self.vec.copy_within(end..len, new_end);
        } else {
            self.vec.copy_within(end..len, new_end);
            self.vec.truncate(len - (end - new_end));
        }
        // INVARIANT: [utf8] the text before `start` and after `end` was cut at char boundaries
        // and `replace_with` is UTF-8, so the bytes are UTF-8 again.
        self.vec[start..new_end].copy_from_slice(replace_with.as_bytes());
        Ok(())
    }

    /// Copies the byte range `src` of the string to its end, as
    /// [`String::extend_from_within`] does.
    ///
    /// [`String::extend_from_within`]: alloc::string::String::extend_from_within
    ///
    /// # Panics
    ///
    /// Panics, with std's messages, if the range is out of bounds, starts after it ends, or
    /// an end is not on a char boundary; panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("abcde", &bump);
    /// s.extend_from_within(2..);
    /// assert_eq!(s, "abcdecde");
    /// s.extend_from_within(..2);
    /// assert_eq!(s, "abcdecdeab");
    /// ```
    #[track_caller]
    pub fn extend_from_within<R: RangeBounds<usize>>(&mut self, src: R) {
        unwrap_alloc(self.try_extend_from_within(src));
    }

    /// Copies the byte range `src` of the string to its end; see
    /// [`extend_from_within`](Self::extend_from_within).
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate; the string is then unchanged.
    ///
    /// # Panics
    ///
    /// Panics, with std's messages, if the range is out of bounds, starts after it ends, or
    /// an end is not on a char boundary.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaString, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaString::from_str_in("ß!", &bump);
    /// s.try_extend_from_within(..2)?;
    /// assert_eq!(s, "ß!ß");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[track_caller]
    pub fn try_extend_from_within<R: RangeBounds<usize>>(
        &mut self,
        src: R,
    ) -> Result<(), AllocError> {
        let Range { start, end } = self.checked_range(src);
        assert!(self.is_char_boundary(start));
        assert!(self.is_char_boundary(end));
        let len = self.len();
        self.vec.try_reserve(end - start)?;
        self.vec.resize(len + (end - start), 0);
        // INVARIANT: [utf8] a copy of whole chars is appended over the zeros.
        self.vec.copy_within(start..end, len);
        Ok(())
    }

    /// Resolves `range` against the length once, panicking with std's slice-range messages
    /// when it is out of bounds or starts after it ends.
    #[track_caller]
    fn checked_range<R: RangeBounds<usize>>(&self, range: R) -> Range<usize> {
        let bounds: (Bound<usize>, Bound<usize>) =
            (range.start_bound().cloned(), range.end_bound().cloned());
        let bytes = self.as_bytes();
        // Indexing the bytes checks the bounds exactly as std's `slice::range` does.
        let part = &bytes[bounds];
        let start = part.as_ptr().addr() - bytes.as_ptr().addr();
        start..start + part.len()
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
