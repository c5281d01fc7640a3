//! The owning iterator of a boxed slice, the borrowing `IntoIterator` impls, and collecting
//! into a boxed slice or `str`.

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::ptr::{self, NonNull};
use core::slice;

use super::ArenaBox;
use crate::arena::Arena;
use crate::collections::{ArenaString, FromIteratorIn};

/// An iterator that moves the elements out of a boxed slice, front to back or back to front.
///
/// Made by `IntoIterator for ArenaBox<'a, [T], A>`. The elements it has not yielded are
/// dropped front to back when it is dropped; the memory stays in the arena, as for the box.
/// Unlike std's (a `vec::IntoIter`) it is not `Clone`: it holds no arena to clone into.
///
/// # Examples
///
/// ```
/// use bumpkit::{ArenaBox, Bump};
///
/// let bump = Bump::new();
/// let b = ArenaBox::from_iter_in([String::from("a"), String::from("b")], &bump);
/// let mut iter = b.into_iter();
/// assert_eq!(iter.next().as_deref(), Some("a"));
/// assert_eq!(iter.as_slice(), ["b"]);
/// ```
pub struct IntoIter<'a, T> {
    // Invariants:
    // - [alive] `buf` is the start of the box's slice; the elements at `head..tail` are live
    //   and owned by the iterator, the others were moved out; `head <= tail`, and
    //   `buf..buf + tail` lies in memory the arena keeps valid for `'a`.
    buf: NonNull<T>,
    head: usize,
    tail: usize,
    marker: PhantomData<(&'a (), T)>,
}

impl<T> IntoIter<'_, T> {
    /// Returns the elements not yet yielded, as a slice.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut iter = ArenaBox::from_slice_copy_in(&[1, 2, 3], &bump).into_iter();
    /// iter.next_back();
    /// assert_eq!(iter.as_slice(), [1, 2]);
    /// ```
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: [alive] the `tail - head` elements from `head` are live and owned by the
        // iterator; `&self` keeps them from being moved out meanwhile.
        unsafe { slice::from_raw_parts(self.buf.add(self.head).as_ptr(), self.tail - self.head) }
    }

    /// Returns the elements not yet yielded, as a mutable slice.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut iter = ArenaBox::from_slice_copy_in(&[1, 2], &bump).into_iter();
    /// iter.as_mut_slice()[1] = 5;
    /// assert_eq!(iter.collect::<Vec<_>>(), [1, 5]);
    /// ```
    #[must_use]
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: as in `as_slice`, with `&mut self` for exclusive access.
        unsafe {
            slice::from_raw_parts_mut(self.buf.add(self.head).as_ptr(), self.tail - self.head)
        }
    }
}

impl<'a, T, A: Arena> IntoIterator for ArenaBox<'a, [T], A> {
    type Item = T;
    type IntoIter = IntoIter<'a, T>;

    /// Moves the elements out of the box, front to back.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let b = ArenaBox::from_iter_in([vec![1], vec![2, 3]], &bump);
    /// let flat: Vec<i32> = b.into_iter().flatten().collect();
    /// assert_eq!(flat, [1, 2, 3]);
    /// ```
    fn into_iter(self) -> IntoIter<'a, T> {
        let len = self.len();
        let raw = ArenaBox::into_raw(self);
        // SAFETY: `into_raw` returns the box's non-null pointer.
        let buf = unsafe { NonNull::new_unchecked(raw.cast::<T>()) };
        // INVARIANT: [alive] the box's ownership of its `len` live elements passes to the
        // iterator, which never gives the memory back.
        IntoIter {
            buf,
            head: 0,
            tail: len,
            marker: PhantomData,
        }
    }
}

impl<'b, T, A: Arena> IntoIterator for &'b ArenaBox<'_, [T], A> {
    type Item = &'b T;
    type IntoIter = slice::Iter<'b, T>;

    fn into_iter(self) -> slice::Iter<'b, T> {
        self.iter()
    }
}

impl<'b, T, A: Arena> IntoIterator for &'b mut ArenaBox<'_, [T], A> {
    type Item = &'b mut T;
    type IntoIter = slice::IterMut<'b, T>;

    fn into_iter(self) -> slice::IterMut<'b, T> {
        self.iter_mut()
    }
}

impl<T> Iterator for IntoIter<'_, T> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        if self.head == self.tail {
            return None;
        }
        // SAFETY: [alive] `head < tail`, so the element at `head` is live and owned; the
        // increment below hands its ownership to the caller.
        let value = unsafe { self.buf.add(self.head).read() };
        // INVARIANT: [alive] the element at the old `head` was moved out.
        self.head += 1;
        Some(value)
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let len = self.tail - self.head;
        (len, Some(len))
    }

    #[inline]
    fn count(self) -> usize {
        self.len()
    }
}

impl<T> DoubleEndedIterator for IntoIter<'_, T> {
    #[inline]
    fn next_back(&mut self) -> Option<T> {
        if self.head == self.tail {
            return None;
        }
        // INVARIANT: [alive] the element at the new `tail` is moved out just below.
        self.tail -= 1;
        // SAFETY: [alive] the element at `tail` was live and owned until the decrement above,
        // which hands its ownership to the caller.
        Some(unsafe { self.buf.add(self.tail).read() })
    }
}

impl<T> ExactSizeIterator for IntoIter<'_, T> {}

impl<T> FusedIterator for IntoIter<'_, T> {}

impl<T> Drop for IntoIter<'_, T> {
    fn drop(&mut self) {
        let rest: *mut [T] = self.as_mut_slice();
        // INVARIANT: [alive] nothing is left to yield once the rest is dropped below.
        self.head = self.tail;
        // SAFETY: [alive] the rest is live and owned by the iterator, and the update above
        // keeps it from being reached again; `drop_in_place` drops a slice front to back and
        // goes on past a panicking element, as `Box<[T]>` does.
        unsafe { ptr::drop_in_place(rest) };
    }
}

impl<T> Default for IntoIter<'_, T> {
    /// Returns an empty iterator, as std's `vec::IntoIter::default` does.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::collections::boxed::IntoIter;
    ///
    /// let mut empty: IntoIter<'_, String> = IntoIter::default();
    /// assert_eq!(empty.next(), None);
    /// ```
    fn default() -> Self {
        // INVARIANT: [alive] no elements, at a dangling, aligned address.
        Self {
            buf: NonNull::dangling(),
            head: 0,
            tail: 0,
            marker: PhantomData,
        }
    }
}

impl<T> AsRef<[T]> for IntoIter<'_, T> {
    fn as_ref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: fmt::Debug> fmt::Debug for IntoIter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("IntoIter").field(&self.as_slice()).finish()
    }
}

impl<'a, T: 'a, A: Arena + 'a> FromIteratorIn<'a, T> for ArenaBox<'a, [T], A> {
    type Arena = A;

    /// Collects the items into a boxed slice in `arena`, as [`ArenaBox::from_iter_in`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump, CollectIn};
    ///
    /// let bump = Bump::new();
    /// let squares: ArenaBox<[u32]> = (1..4).map(|n| n * n).collect_in(&bump);
    /// assert_eq!(*squares, [1, 4, 9]);
    /// ```
    #[track_caller]
    fn from_iter_in<I: IntoIterator<Item = T>>(iter: I, arena: &'a A) -> Self {
        ArenaBox::from_iter_in(iter, arena)
    }
}

impl<'a, A: Arena + 'a> FromIteratorIn<'a, char> for ArenaBox<'a, str, A> {
    type Arena = A;

    /// Collects the characters into a boxed `str` in `arena`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump, CollectIn};
    ///
    /// let bump = Bump::new();
    /// let upper: ArenaBox<str> = "abc".chars().map(|c| c.to_ascii_uppercase()).collect_in(&bump);
    /// assert_eq!(&*upper, "ABC");
    /// ```
    #[track_caller]
    fn from_iter_in<I: IntoIterator<Item = char>>(iter: I, arena: &'a A) -> Self {
        let mut s = ArenaString::new_in(arena);
        iter.into_iter().for_each(|c| s.push(c));
        ArenaBox::from(s)
    }
}

impl<'a, 'c, A: Arena + 'a> FromIteratorIn<'a, &'c char> for ArenaBox<'a, str, A> {
    type Arena = A;

    /// Collects the characters into a boxed `str` in `arena`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump, CollectIn};
    ///
    /// let bump = Bump::new();
    /// let s: ArenaBox<str> = ['o', 'k'].iter().collect_in(&bump);
    /// assert_eq!(&*s, "ok");
    /// ```
    #[track_caller]
    fn from_iter_in<I: IntoIterator<Item = &'c char>>(iter: I, arena: &'a A) -> Self {
        collect_str(iter.into_iter().copied().map(char_str), arena)
    }
}

impl<'a, 's, A: Arena + 'a> FromIteratorIn<'a, &'s str> for ArenaBox<'a, str, A> {
    type Arena = A;

    /// Concatenates the pieces into a boxed `str` in `arena`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump, CollectIn};
    ///
    /// let bump = Bump::new();
    /// let s: ArenaBox<str> = ["ar", "ena"].into_iter().collect_in(&bump);
    /// assert_eq!(&*s, "arena");
    /// ```
    #[track_caller]
    fn from_iter_in<I: IntoIterator<Item = &'s str>>(iter: I, arena: &'a A) -> Self {
        collect_str(iter, arena)
    }
}

impl<'a, A: Arena + 'a> FromIteratorIn<'a, String> for ArenaBox<'a, str, A> {
    type Arena = A;

    /// Concatenates the strings into a boxed `str` in `arena`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump, CollectIn};
    ///
    /// let bump = Bump::new();
    /// let s: ArenaBox<str> = (1..4).map(|n| n.to_string()).collect_in(&bump);
    /// assert_eq!(&*s, "123");
    /// ```
    #[track_caller]
    fn from_iter_in<I: IntoIterator<Item = String>>(iter: I, arena: &'a A) -> Self {
        collect_str(iter, arena)
    }
}

impl<'a, 's, A: Arena + 'a> FromIteratorIn<'a, Cow<'s, str>> for ArenaBox<'a, str, A> {
    type Arena = A;

    /// Concatenates the pieces into a boxed `str` in `arena`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump, CollectIn};
    /// use std::borrow::Cow;
    ///
    /// let bump = Bump::new();
    /// let s: ArenaBox<str> = [Cow::Borrowed("a"), Cow::Owned("b".into())].into_iter().collect_in(&bump);
    /// assert_eq!(&*s, "ab");
    /// ```
    #[track_caller]
    fn from_iter_in<I: IntoIterator<Item = Cow<'s, str>>>(iter: I, arena: &'a A) -> Self {
        collect_str(iter, arena)
    }
}

impl<'a, 'b, A: Arena + 'a, B: Arena> FromIteratorIn<'a, ArenaBox<'b, str, B>>
    for ArenaBox<'a, str, A>
{
    type Arena = A;

    /// Concatenates the boxed `str`s (of any arena) into a boxed `str` in `arena`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump, CollectIn};
    ///
    /// let bump = Bump::new();
    /// let parts = [ArenaBox::from_str_in("x", &bump), ArenaBox::from_str_in("y", &bump)];
    /// let s: ArenaBox<str> = parts.into_iter().collect_in(&bump);
    /// assert_eq!(&*s, "xy");
    /// ```
    #[track_caller]
    fn from_iter_in<I: IntoIterator<Item = ArenaBox<'b, str, B>>>(iter: I, arena: &'a A) -> Self {
        collect_str(iter, arena)
    }
}

/// Concatenates `pieces` into a boxed `str` in `arena`.
#[track_caller]
fn collect_str<'a, A: Arena, S: AsRef<str>>(
    pieces: impl IntoIterator<Item = S>,
    arena: &'a A,
) -> ArenaBox<'a, str, A> {
    let mut s = ArenaString::new_in(arena);
    pieces
        .into_iter()
        .for_each(|piece| s.push_str(piece.as_ref()));
    ArenaBox::from(s)
}

/// A `char` as the `str` of its UTF-8 bytes, with no allocation.
fn char_str(c: char) -> CharStr {
    let mut buf = [0; 4];
    let len = c.encode_utf8(&mut buf).len();
    CharStr { buf, len }
}

/// The UTF-8 encoding of one `char`.
struct CharStr {
    buf: [u8; 4],
    len: usize,
}

impl AsRef<str> for CharStr {
    fn as_ref(&self) -> &str {
        // SAFETY: `buf[..len]` was written by `char::encode_utf8`.
        unsafe { core::str::from_utf8_unchecked(&self.buf[..self.len]) }
    }
}

// SAFETY: the iterator owns its elements exclusively ([alive]) and never uses the arena, so
// sending it sends only `T`s, as for `ArenaBox`.
unsafe impl<T: Send> Send for IntoIter<'_, T> {}

// SAFETY: `&IntoIter` gives only `&[T]`.
unsafe impl<T: Sync> Sync for IntoIter<'_, T> {}
