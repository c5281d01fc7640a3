//! Boxed slices and `str`: constructors, conversions and `Default`.

use core::str::{self, Utf8Error};

use super::ArenaBox;
use crate::arena::Arena;
use crate::collections::{ArenaString, ArenaVec};
use crate::error::{AllocError, unwrap_alloc};
use crate::typed_alloc;

impl<'a, T: Copy + 'a, A: Arena> ArenaBox<'a, [T], A> {
    /// Copies `src` into `arena` as a boxed slice.
    ///
    /// # Panics
    ///
    /// Panics if a new chunk would exceed the arena's allocation limit or the global
    /// allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut b = ArenaBox::from_slice_copy_in(&[3, 1, 2], &bump);
    /// b.sort();
    /// assert_eq!(*b, [1, 2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn from_slice_copy_in(src: &[T], arena: &'a A) -> Self {
        unwrap_alloc(Self::try_from_slice_copy_in(src, arena))
    }

    /// Copies `src` into `arena` as a boxed slice.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`ArenaBox::try_new_in`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let b = ArenaBox::try_from_slice_copy_in(b"xyz", &bump)?;
    /// assert_eq!(&*b, b"xyz");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_from_slice_copy_in(src: &[T], arena: &'a A) -> Result<Self, AllocError> {
        // INVARIANT: [owned] a fresh copy, owned by nothing else.
        typed_alloc::try_alloc_slice_copy(arena, src).map(Self::from_mut)
    }
}

impl<'a, T: Clone + 'a, A: Arena> ArenaBox<'a, [T], A> {
    /// Clones `src` into `arena` as a boxed slice, front to back.
    ///
    /// # Panics
    ///
    /// Panics if a new chunk would exceed the arena's allocation limit or the global
    /// allocator fails, and passes on a panic of `T::clone` (after dropping the clones made).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let b = ArenaBox::from_slice_clone_in(&[String::from("a"), String::from("b")], &bump);
    /// assert_eq!(b.concat(), "ab");
    /// ```
    #[inline]
    #[track_caller]
    pub fn from_slice_clone_in(src: &[T], arena: &'a A) -> Self {
        unwrap_alloc(Self::try_from_slice_clone_in(src, arena))
    }

    /// Clones `src` into `arena` as a boxed slice, front to back.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`ArenaBox::try_new_in`].
    ///
    /// # Panics
    ///
    /// Passes on a panic of `T::clone`, after dropping the clones made so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let b = ArenaBox::try_from_slice_clone_in(&[vec![1u8]], &bump)?;
    /// assert_eq!(b[0], [1]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_from_slice_clone_in(src: &[T], arena: &'a A) -> Result<Self, AllocError> {
        // INVARIANT: [owned] fresh clones, owned by nothing else.
        typed_alloc::try_alloc_slice_clone(arena, src).map(Self::from_mut)
    }
}

impl<'a, T: 'a, A: Arena> ArenaBox<'a, [T], A> {
    /// Moves the items of an iterator into `arena` as a boxed slice, in order.
    ///
    /// The iterator's `size_hint` is used only to reserve room, never trusted: the items are
    /// gathered as by [`ArenaVec::from_iter_in`] and the spare room is given back when the
    /// slice is the arena's newest block.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate, and passes on a panic of the iterator (after
    /// dropping the items taken so far).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let b = ArenaBox::from_iter_in((1..4).map(|i| i * 10), &bump);
    /// assert_eq!(*b, [10, 20, 30]);
    /// let odd = ArenaBox::from_iter_in((0..10).filter(|n| n % 2 == 1), &bump);
    /// assert_eq!(*odd, [1, 3, 5, 7, 9]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn from_iter_in<I: IntoIterator<Item = T>>(iter: I, arena: &'a A) -> Self {
        unwrap_alloc(Self::try_from_iter_in(iter, arena))
    }

    /// Moves the items of an iterator into `arena` as a boxed slice, in order.
    ///
    /// See [`ArenaBox::from_iter_in`].
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the items overflow `isize::MAX` bytes or the arena cannot allocate;
    /// the items taken so far are dropped then.
    ///
    /// # Panics
    ///
    /// Passes on a panic of the iterator, after dropping the items taken so far.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let b = ArenaBox::try_from_iter_in(["x".to_string()], &bump)?;
    /// assert_eq!(b.len(), 1);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_from_iter_in<I: IntoIterator<Item = T>>(
        iter: I,
        arena: &'a A,
    ) -> Result<Self, AllocError> {
        let mut vec = ArenaVec::new_in(arena);
        vec.try_extend(iter)?;
        Ok(Self::from(vec))
    }
}

impl<'a, A: Arena> ArenaBox<'a, str, A> {
    /// Turns a boxed byte slice into a boxed `str` if it is UTF-8, without copying, as
    /// [`core::str::from_utf8`] does for a borrowed one.
    ///
    /// # Errors
    ///
    /// The [`Utf8Error`] of the bytes and the box, untouched, if they are not UTF-8.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let s = ArenaBox::<str>::from_utf8(ArenaBox::from_slice_copy_in(b"ok", &bump)).unwrap();
    /// assert_eq!(&*s, "ok");
    /// let (err, bytes) = ArenaBox::<str>::from_utf8(ArenaBox::from_slice_copy_in(b"\xff", &bump))
    ///     .unwrap_err();
    /// assert_eq!(err.valid_up_to(), 0);
    /// assert_eq!(*bytes, [0xff]);
    /// ```
    pub fn from_utf8(
        bytes: ArenaBox<'a, [u8], A>,
    ) -> Result<Self, (Utf8Error, ArenaBox<'a, [u8], A>)> {
        match str::from_utf8(&bytes) {
            // SAFETY: the bytes were just checked to be UTF-8.
            Ok(_) => Ok(unsafe { Self::from_utf8_unchecked(bytes) }),
            Err(err) => Err((err, bytes)),
        }
    }

    /// Turns a boxed byte slice into a boxed `str` without checking that it is UTF-8, as
    /// std's `alloc::str::from_boxed_utf8_unchecked` does.
    ///
    /// # Safety
    ///
    /// - The bytes must be UTF-8, as for [`core::str::from_utf8_unchecked`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let bytes = ArenaBox::from_slice_copy_in("é".as_bytes(), &bump);
    /// // SAFETY: the bytes are a copy of a `str`.
    /// let s = unsafe { ArenaBox::<str>::from_utf8_unchecked(bytes) };
    /// assert_eq!(&*s, "é");
    /// ```
    #[must_use]
    pub unsafe fn from_utf8_unchecked(bytes: ArenaBox<'a, [u8], A>) -> Self {
        let raw = ArenaBox::into_raw(bytes) as *mut str;
        // SAFETY: `str` has the layout of `[u8]` with the same length, the caller promises the
        // bytes are UTF-8, and `raw` came from `into_raw` of a box of an arena still borrowed
        // for `'a`, used once.
        unsafe { ArenaBox::from_raw(raw) }
    }
}

impl<'a, A: Arena> ArenaBox<'a, str, A> {
    /// Copies `src` into `arena` as a boxed `str`.
    ///
    /// # Panics
    ///
    /// Panics if a new chunk would exceed the arena's allocation limit or the global
    /// allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut s = ArenaBox::from_str_in("héllo", &bump);
    /// s.make_ascii_uppercase();
    /// assert_eq!(&*s, "HéLLO");
    /// ```
    #[inline]
    #[track_caller]
    pub fn from_str_in(src: &str, arena: &'a A) -> Self {
        unwrap_alloc(Self::try_from_str_in(src, arena))
    }

    /// Copies `src` into `arena` as a boxed `str`.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`ArenaBox::try_new_in`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// assert_eq!(&*ArenaBox::try_from_str_in("ok", &bump)?, "ok");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_from_str_in(src: &str, arena: &'a A) -> Result<Self, AllocError> {
        // INVARIANT: [owned] a fresh copy, owned by nothing else.
        typed_alloc::try_alloc_str(arena, src).map(Self::from_mut)
    }
}

impl<'a, T: 'a, const N: usize, A: Arena> From<ArenaBox<'a, [T; N], A>> for ArenaBox<'a, [T], A> {
    /// Turns a boxed array into a boxed slice without moving it.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let slice: ArenaBox<'_, [u8]> = ArenaBox::new_in([1, 2], &bump).into();
    /// assert_eq!(slice.len(), 2);
    /// ```
    fn from(boxed: ArenaBox<'a, [T; N], A>) -> Self {
        // INVARIANT: [owned] the array's ownership moves to the slice box unchanged.
        let array: &'a mut [T] = ArenaBox::<'a, [T; N], A>::leak(boxed);
        Self::from_mut(array)
    }
}

impl<'a, T: 'a, A: Arena> From<ArenaVec<'a, T, A>> for ArenaBox<'a, [T], A> {
    /// Turns a vector into a boxed slice, giving the spare capacity back when the vector is
    /// the arena's newest block; the elements are not moved, and the box drops them.
    ///
    /// This is how to box the items of an iterator whose length is not known in advance:
    /// collect them into an [`ArenaVec`] first.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, ArenaVec, Bump, CollectIn};
    ///
    /// let bump = Bump::new();
    /// let evens: ArenaVec<u32> = (0..10).filter(|n| n % 2 == 0).collect_in(&bump);
    /// let boxed = ArenaBox::from(evens);
    /// assert_eq!(*boxed, [0, 2, 4, 6, 8]);
    /// ```
    fn from(vec: ArenaVec<'a, T, A>) -> Self {
        // INVARIANT: [owned] `into_arena_slice` gives up the vector without dropping its
        // elements, so the box becomes their only owner.
        Self::from_mut(vec.into_arena_slice())
    }
}

impl<'a, A: Arena> From<ArenaString<'a, A>> for ArenaBox<'a, str, A> {
    /// Turns a string into a boxed `str`, giving the spare capacity back when the string is
    /// the arena's newest block.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{format_in, ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let boxed = ArenaBox::from(format_in!(in &bump, "{}+{}", 1, 2));
    /// assert_eq!(&*boxed, "1+2");
    /// ```
    fn from(string: ArenaString<'a, A>) -> Self {
        // INVARIANT: [owned] the `str` is handed over whole and nothing else owns it.
        Self::from_mut(string.into_arena_str())
    }
}

impl<'a, A: Arena> From<ArenaBox<'a, str, A>> for ArenaBox<'a, [u8], A> {
    /// Turns a boxed `str` into its boxed bytes without copying.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let bytes: ArenaBox<'_, [u8]> = ArenaBox::from_str_in("hi", &bump).into();
    /// assert_eq!(*bytes, *b"hi");
    /// ```
    fn from(s: ArenaBox<'a, str, A>) -> Self {
        let raw = ArenaBox::into_raw(s) as *mut [u8];
        // SAFETY: `[u8]` has the layout of `str` with the same length, any bytes are valid
        // `u8`s, and `raw` came from `into_raw` of a box of an arena still borrowed for `'a`.
        unsafe { ArenaBox::from_raw(raw) }
    }
}

impl<'a, T: 'a, const N: usize, A: Arena> TryFrom<ArenaBox<'a, [T], A>>
    for ArenaBox<'a, [T; N], A>
{
    type Error = ArenaBox<'a, [T], A>;

    /// Turns a boxed slice of exactly `N` elements into a boxed array without moving it.
    ///
    /// # Errors
    ///
    /// The box, untouched, if its length is not `N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let slice = ArenaBox::from_slice_copy_in(&[1, 2, 3], &bump);
    /// let slice = ArenaBox::<[i32; 2]>::try_from(slice).unwrap_err();
    /// let array: ArenaBox<'_, [i32; 3]> = slice.try_into().unwrap();
    /// assert_eq!(*array, [1, 2, 3]);
    /// ```
    fn try_from(boxed: ArenaBox<'a, [T], A>) -> Result<Self, Self::Error> {
        if boxed.len() == N {
            let raw = ArenaBox::into_raw(boxed).cast::<[T; N]>();
            // SAFETY: the slice has `N` elements (checked above), so it is a `[T; N]` at the
            // same address; `raw` came from `into_raw` of a box of an arena still borrowed for
            // `'a`, used once.
            Ok(unsafe { ArenaBox::from_raw(raw) })
        } else {
            Err(boxed)
        }
    }
}

impl<'a, T: 'a, const N: usize, A: Arena> TryFrom<ArenaVec<'a, T, A>> for ArenaBox<'a, [T; N], A> {
    type Error = ArenaVec<'a, T, A>;

    /// Turns a vector of exactly `N` elements into a boxed array, giving the spare capacity
    /// back when the vector is the arena's newest block; the elements are not moved.
    ///
    /// # Errors
    ///
    /// The vector, untouched, if its length is not `N`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, ArenaVec, Bump};
    ///
    /// let bump = Bump::new();
    /// let v = ArenaVec::from_iter_in([1, 2], &bump);
    /// let v = ArenaBox::<[i32; 3]>::try_from(v).unwrap_err();
    /// let array: ArenaBox<'_, [i32; 2]> = v.try_into().unwrap();
    /// assert_eq!(*array, [1, 2]);
    /// ```
    fn try_from(vec: ArenaVec<'a, T, A>) -> Result<Self, Self::Error> {
        if vec.len() == N {
            let slice = ArenaBox::from(vec);
            Ok(Self::try_from(slice).unwrap_or_else(|_| unreachable!("the length is N")))
        } else {
            Err(vec)
        }
    }
}

impl<'a, T: 'a, A: Arena> Default for ArenaBox<'a, [T], A> {
    /// Returns an empty boxed slice, which needs no arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::ArenaBox;
    ///
    /// let empty: ArenaBox<'static, [String]> = ArenaBox::default();
    /// assert!(empty.is_empty());
    /// ```
    fn default() -> Self {
        // INVARIANT: [owned] an empty slice at a dangling, aligned address holds no value.
        Self::from_mut(&mut [])
    }
}

impl<A: Arena> Default for ArenaBox<'_, str, A> {
    /// Returns an empty boxed `str`, which needs no arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::ArenaBox;
    ///
    /// let empty: ArenaBox<'static, str> = ArenaBox::default();
    /// assert_eq!(&*empty, "");
    /// ```
    fn default() -> Self {
        let empty: &mut [u8] = &mut [];
        // SAFETY: an empty byte slice is UTF-8.
        let empty = unsafe { str::from_utf8_unchecked_mut(empty) };
        // INVARIANT: [owned] an empty `str` at a dangling address holds no value.
        Self::from_mut(empty)
    }
}
