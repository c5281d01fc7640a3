//! `FromIteratorIn` and `CollectIn`: collecting an iterator into an arena collection.

use crate::arena::Arena;

/// Builds a collection in an arena from an iterator, as [`FromIterator`] does on the heap.
///
/// # Examples
///
/// ```
/// use bumpkit::{ArenaVec, Bump, FromIteratorIn};
///
/// let bump = Bump::new();
/// let v = <ArenaVec<'_, u8> as FromIteratorIn<'_, u8>>::from_iter_in(0..3, &bump);
/// assert_eq!(v, [0, 1, 2]);
/// ```
pub trait FromIteratorIn<'a, T>: Sized {
    /// The arena the collection lives in.
    type Arena: Arena + 'a;

    /// Creates the collection in `arena` from the items of `iter`, in order.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump, FromIteratorIn};
    ///
    /// let bump = Bump::new();
    /// let v: ArenaVec<'_, char> = FromIteratorIn::from_iter_in("hi".chars(), &bump);
    /// assert_eq!(v, ['h', 'i']);
    /// ```
    fn from_iter_in<I: IntoIterator<Item = T>>(iter: I, arena: &'a Self::Arena) -> Self;
}

/// Adds [`collect_in`](CollectIn::collect_in) to every iterator.
///
/// # Examples
///
/// ```
/// use bumpkit::{ArenaVec, Bump, CollectIn};
///
/// let bump = Bump::new();
/// let evens: ArenaVec<u32> = (0..10).filter(|n| n % 2 == 0).collect_in(&bump);
/// assert_eq!(evens, [0, 2, 4, 6, 8]);
/// ```
pub trait CollectIn: Iterator + Sized {
    /// Collects the items into a collection living in `arena`, as [`Iterator::collect`]
    /// does on the heap.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaVec, Bump, CollectIn};
    ///
    /// let bump = Bump::new();
    /// let words = "a bb ccc".split(' ').map(str::len).collect_in::<ArenaVec<_>>(&bump);
    /// assert_eq!(words, [1, 2, 3]);
    /// ```
    #[track_caller]
    fn collect_in<'a, C: FromIteratorIn<'a, Self::Item>>(self, arena: &'a C::Arena) -> C {
        C::from_iter_in(self, arena)
    }
}

impl<I: Iterator> CollectIn for I {}
