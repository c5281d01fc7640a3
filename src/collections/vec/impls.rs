//! The std-parity trait impls of `ArenaVec`.

use alloc::vec::Vec;
use core::borrow::{Borrow, BorrowMut};
use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::ops::{Deref, DerefMut, Index, IndexMut};
use core::slice::{self, SliceIndex};

use super::ArenaVec;
use crate::arena::Arena;
use crate::collections::FromIteratorIn;

impl<T, A: Arena> Deref for ArenaVec<'_, T, A> {
    type Target = [T];

    #[inline(always)]
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T, A: Arena> DerefMut for ArenaVec<'_, T, A> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

impl<T, A: Arena> AsRef<[T]> for ArenaVec<'_, T, A> {
    fn as_ref(&self) -> &[T] {
        self
    }
}

impl<T, A: Arena> AsMut<[T]> for ArenaVec<'_, T, A> {
    fn as_mut(&mut self) -> &mut [T] {
        self
    }
}

impl<'a, T, A: Arena> AsRef<ArenaVec<'a, T, A>> for ArenaVec<'a, T, A> {
    /// Returns the vector itself, as std's `AsRef<Vec<T>> for Vec<T>` does.
    fn as_ref(&self) -> &Self {
        self
    }
}

impl<'a, T, A: Arena> AsMut<ArenaVec<'a, T, A>> for ArenaVec<'a, T, A> {
    /// Returns the vector itself, as std's `AsMut<Vec<T>> for Vec<T>` does.
    fn as_mut(&mut self) -> &mut Self {
        self
    }
}

impl<T, A: Arena> Borrow<[T]> for ArenaVec<'_, T, A> {
    fn borrow(&self) -> &[T] {
        self
    }
}

impl<T, A: Arena> BorrowMut<[T]> for ArenaVec<'_, T, A> {
    fn borrow_mut(&mut self) -> &mut [T] {
        self
    }
}

impl<T, I: SliceIndex<[T]>, A: Arena> Index<I> for ArenaVec<'_, T, A> {
    type Output = I::Output;

    #[inline]
    fn index(&self, index: I) -> &I::Output {
        Index::index(self.as_slice(), index)
    }
}

impl<T, I: SliceIndex<[T]>, A: Arena> IndexMut<I> for ArenaVec<'_, T, A> {
    #[inline]
    fn index_mut(&mut self, index: I) -> &mut I::Output {
        IndexMut::index_mut(self.as_mut_slice(), index)
    }
}

impl<'v, T, A: Arena> IntoIterator for &'v ArenaVec<'_, T, A> {
    type Item = &'v T;
    type IntoIter = slice::Iter<'v, T>;

    fn into_iter(self) -> slice::Iter<'v, T> {
        self.iter()
    }
}

impl<'v, T, A: Arena> IntoIterator for &'v mut ArenaVec<'_, T, A> {
    type Item = &'v mut T;
    type IntoIter = slice::IterMut<'v, T>;

    fn into_iter(self) -> slice::IterMut<'v, T> {
        self.iter_mut()
    }
}

impl<T, A: Arena> Extend<T> for ArenaVec<'_, T, A> {
    /// Appends the items of `iter`, in order.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` bytes or the arena cannot allocate.
    #[track_caller]
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        crate::error::unwrap_alloc(self.try_extend(iter));
    }
}

impl<'r, T: Copy + 'r, A: Arena> Extend<&'r T> for ArenaVec<'_, T, A> {
    /// Appends copies of the items of `iter`, in order.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` bytes or the arena cannot allocate.
    #[track_caller]
    fn extend<I: IntoIterator<Item = &'r T>>(&mut self, iter: I) {
        crate::error::unwrap_alloc(self.try_extend(iter.into_iter().copied()));
    }
}

impl<'a, T, A: Arena> FromIteratorIn<'a, T> for ArenaVec<'a, T, A> {
    type Arena = A;

    #[track_caller]
    fn from_iter_in<I: IntoIterator<Item = T>>(iter: I, arena: &'a A) -> Self {
        ArenaVec::from_iter_in(iter, arena)
    }
}

/// `PartialEq` between an `ArenaVec` and another sequence type, both ways round where the
/// other type is not an `ArenaVec`, comparing elements as slices do.
macro_rules! impl_slice_eq {
    ([$($generics:tt)*] $lhs:ty, $rhs:ty) => {
        impl<$($generics)*> PartialEq<$rhs> for $lhs
        where
            T: PartialEq<U>,
        {
            #[inline]
            fn eq(&self, other: &$rhs) -> bool {
                self[..] == other[..]
            }
        }
    };
}

impl_slice_eq! { ['a, 'b, T, U, A: Arena, B: Arena] ArenaVec<'a, T, A>, ArenaVec<'b, U, B> }
impl_slice_eq! { [T, U, A: Arena] ArenaVec<'_, T, A>, [U] }
impl_slice_eq! { [T, U, A: Arena] ArenaVec<'_, T, A>, &[U] }
impl_slice_eq! { [T, U, A: Arena] ArenaVec<'_, T, A>, &mut [U] }
impl_slice_eq! { [T, U, A: Arena, const N: usize] ArenaVec<'_, T, A>, [U; N] }
impl_slice_eq! { [T, U, A: Arena, const N: usize] ArenaVec<'_, T, A>, &[U; N] }
impl_slice_eq! { [T, U, A: Arena] ArenaVec<'_, T, A>, Vec<U> }
impl_slice_eq! { [T, U, A: Arena] [T], ArenaVec<'_, U, A> }
impl_slice_eq! { [T, U, A: Arena] &[T], ArenaVec<'_, U, A> }
impl_slice_eq! { [T, U, A: Arena] &mut [T], ArenaVec<'_, U, A> }
impl_slice_eq! { [T, U, A: Arena, const N: usize] [T; N], ArenaVec<'_, U, A> }
impl_slice_eq! { [T, U, A: Arena] Vec<T>, ArenaVec<'_, U, A> }

impl<T: Eq, A: Arena> Eq for ArenaVec<'_, T, A> {}

impl<'b, T: PartialOrd, A: Arena, B: Arena> PartialOrd<ArenaVec<'b, T, B>> for ArenaVec<'_, T, A> {
    #[inline]
    fn partial_cmp(&self, other: &ArenaVec<'b, T, B>) -> Option<Ordering> {
        self.as_slice().partial_cmp(other.as_slice())
    }
}

impl<T: Ord, A: Arena> Ord for ArenaVec<'_, T, A> {
    #[inline]
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_slice().cmp(other.as_slice())
    }
}

impl<T: Hash, A: Arena> Hash for ArenaVec<'_, T, A> {
    /// Hashes like the slice `&[T]`, as `Borrow<[T]>` requires.
    #[inline]
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl<T: fmt::Debug, A: Arena> fmt::Debug for ArenaVec<'_, T, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl<T: Clone, A: Arena> Clone for ArenaVec<'_, T, A> {
    /// Clones the elements, front to back, into a new vector in the same arena; if a
    /// `clone` panics, the clones made so far are dropped.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    #[track_caller]
    fn clone(&self) -> Self {
        let mut copy = Self::with_capacity_in(self.len(), self.arena());
        copy.extend_from_slice(self);
        copy
    }
}

impl<'a, T, A: Arena, const N: usize> TryFrom<ArenaVec<'a, T, A>> for [T; N] {
    type Error = ArenaVec<'a, T, A>;

    /// Moves the elements into an array if there are exactly `N` of them; otherwise returns
    /// the vector unchanged, as std does. The buffer is given back to the arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{arena_vec, Bump};
    ///
    /// let bump = Bump::new();
    /// let array: [i32; 3] = arena_vec![in &bump; 1, 2, 3].try_into().unwrap();
    /// assert_eq!(array, [1, 2, 3]);
    /// let too_short: Result<[i32; 4], _> = arena_vec![in &bump; 1].try_into();
    /// assert_eq!(too_short.unwrap_err(), [1]);
    /// ```
    fn try_from(mut vec: ArenaVec<'a, T, A>) -> Result<Self, Self::Error> {
        if vec.len() != N {
            return Err(vec);
        }
        // SAFETY: 0 is below the capacity; the `N` values leave the vector here and are
        // moved out once below.
        unsafe { vec.set_len(0) };
        // SAFETY: the first `N` slots held initialised values ([init]), contiguous and
        // aligned for `T`, so they form a `[T; N]`; the vector no longer owns them.
        Ok(unsafe { vec.as_ptr().cast::<[T; N]>().read() })
    }
}

#[cfg(feature = "std")]
impl<A: Arena> std::io::Write for ArenaVec<'_, u8, A> {
    /// Appends all of `buf`.
    ///
    /// # Errors
    ///
    /// An error of kind [`OutOfMemory`](std::io::ErrorKind::OutOfMemory) if the arena cannot
    /// allocate; nothing is written then.
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.try_extend_from_slice_copy(buf)
            .map_err(|err| std::io::Error::new(std::io::ErrorKind::OutOfMemory, err))?;
        Ok(buf.len())
    }

    /// Appends all of `buf`.
    ///
    /// # Errors
    ///
    /// As `write`.
    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.write(buf).map(drop)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

// SAFETY: moving the vector to another thread moves its `T` values (`T: Send`) and its
// `&'a A`, which is `Send` exactly when `A: Sync`: the other thread may then allocate in, grow
// in or give bytes back to the arena through it, which a `Sync` arena allows concurrently
// with this thread's own uses. The buffer is reached only through the vector, which is
// moved whole.
unsafe impl<T: Send, A: Arena + Sync> Send for ArenaVec<'_, T, A> {}

// SAFETY: `&ArenaVec` gives out `&[T]` (needs `T: Sync`) and `&A` (through `arena`, and
// `clone` allocates in it), which needs `A: Sync`; nothing is mutated through `&ArenaVec`.
unsafe impl<T: Sync, A: Arena + Sync> Sync for ArenaVec<'_, T, A> {}
