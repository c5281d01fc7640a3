//! The std-parity trait impls of `ScratchVec`.

use alloc::vec::Vec;
use core::borrow::{Borrow, BorrowMut};
use core::fmt;
use core::ops::{Deref, DerefMut, Index, IndexMut};
use core::slice::{self, SliceIndex};

use super::ScratchVec;
use crate::collections::ArenaVec;
use crate::error::unwrap_alloc;

impl<T> Deref for ScratchVec<'_, T> {
    type Target = [T];

    #[inline(always)]
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T> DerefMut for ScratchVec<'_, T> {
    #[inline(always)]
    fn deref_mut(&mut self) -> &mut [T] {
        self.as_mut_slice()
    }
}

impl<T> AsRef<[T]> for ScratchVec<'_, T> {
    fn as_ref(&self) -> &[T] {
        self
    }
}

impl<T> AsMut<[T]> for ScratchVec<'_, T> {
    fn as_mut(&mut self) -> &mut [T] {
        self
    }
}

impl<T> Borrow<[T]> for ScratchVec<'_, T> {
    fn borrow(&self) -> &[T] {
        self
    }
}

impl<T> BorrowMut<[T]> for ScratchVec<'_, T> {
    fn borrow_mut(&mut self) -> &mut [T] {
        self
    }
}

impl<T, I: SliceIndex<[T]>> Index<I> for ScratchVec<'_, T> {
    type Output = I::Output;

    #[inline]
    fn index(&self, index: I) -> &I::Output {
        Index::index(self.as_slice(), index)
    }
}

impl<T, I: SliceIndex<[T]>> IndexMut<I> for ScratchVec<'_, T> {
    #[inline]
    fn index_mut(&mut self, index: I) -> &mut I::Output {
        IndexMut::index_mut(self.as_mut_slice(), index)
    }
}

impl<'v, T> IntoIterator for &'v ScratchVec<'_, T> {
    type Item = &'v T;
    type IntoIter = slice::Iter<'v, T>;

    fn into_iter(self) -> slice::Iter<'v, T> {
        self.iter()
    }
}

impl<'v, T> IntoIterator for &'v mut ScratchVec<'_, T> {
    type Item = &'v mut T;
    type IntoIter = slice::IterMut<'v, T>;

    fn into_iter(self) -> slice::IterMut<'v, T> {
        self.iter_mut()
    }
}

impl<T> Extend<T> for ScratchVec<'_, T> {
    /// Appends the items of `iter`, in order.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` bytes or the scratch cannot
    /// allocate, or if the iterator panics (the items appended before stay).
    #[track_caller]
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        unwrap_alloc(self.try_extend(iter));
    }
}

impl<'r, T: Copy + 'r> Extend<&'r T> for ScratchVec<'_, T> {
    /// Appends copies of the items of `iter`, in order.
    ///
    /// # Panics
    ///
    /// Panics if the new capacity overflows `isize::MAX` bytes or the scratch cannot
    /// allocate.
    #[track_caller]
    fn extend<I: IntoIterator<Item = &'r T>>(&mut self, iter: I) {
        unwrap_alloc(self.try_extend(iter.into_iter().copied()));
    }
}

/// `PartialEq` between a `ScratchVec` and another sequence type, comparing elements as
/// slices do.
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

impl_slice_eq!([T, U] ScratchVec<'_, T>, ScratchVec<'_, U>);
impl_slice_eq!([T, U] ScratchVec<'_, T>, [U]);
impl_slice_eq!([T, U] ScratchVec<'_, T>, &[U]);
impl_slice_eq!([T, U] ScratchVec<'_, T>, &mut [U]);
impl_slice_eq!([T, U, const N: usize] ScratchVec<'_, T>, [U; N]);
impl_slice_eq!([T, U, const N: usize] ScratchVec<'_, T>, &[U; N]);
impl_slice_eq!([T, U] ScratchVec<'_, T>, Vec<U>);
impl_slice_eq!([T, U, B: crate::Arena] ScratchVec<'_, T>, ArenaVec<'_, U, B>);

impl<T: Eq> Eq for ScratchVec<'_, T> {}

impl<T: fmt::Debug> fmt::Debug for ScratchVec<'_, T> {
    /// Formats the elements as a list, as `Vec` does.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}
