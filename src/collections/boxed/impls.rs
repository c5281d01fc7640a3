//! The std trait impls of `ArenaBox`, in the house order; the `io` ones, which need `std`,
//! are in `std_impls.rs`.

use core::borrow::{Borrow, BorrowMut};
use core::error::Error;
use core::fmt;
use core::future::Future;
use core::hash::{Hash, Hasher};
use core::iter::FusedIterator;
use core::ops::{Deref, DerefMut};
use core::pin::Pin;
use core::task::{Context, Poll};

use super::ArenaBox;
use crate::arena::Arena;

impl<T: ?Sized, A: Arena> Drop for ArenaBox<'_, T, A> {
    fn drop(&mut self) {
        // SAFETY: [owned] the value is live and this is the one place the box drops it.
        unsafe { self.ptr.drop_in_place() }
    }
}

impl<T: ?Sized, A: Arena> Deref for ArenaBox<'_, T, A> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: [owned] the value is live; `&self` keeps it from being mutated meanwhile.
        unsafe { self.ptr.as_ref() }
    }
}

impl<T: ?Sized, A: Arena> DerefMut for ArenaBox<'_, T, A> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: [owned] the value is live and only reachable through `&mut self`.
        unsafe { self.ptr.as_mut() }
    }
}

impl<T: ?Sized, A: Arena> AsRef<T> for ArenaBox<'_, T, A> {
    fn as_ref(&self) -> &T {
        self
    }
}

impl<T: ?Sized, A: Arena> AsMut<T> for ArenaBox<'_, T, A> {
    fn as_mut(&mut self) -> &mut T {
        self
    }
}

impl<T: ?Sized, A: Arena> Borrow<T> for ArenaBox<'_, T, A> {
    fn borrow(&self) -> &T {
        self
    }
}

impl<T: ?Sized, A: Arena> BorrowMut<T> for ArenaBox<'_, T, A> {
    fn borrow_mut(&mut self) -> &mut T {
        self
    }
}

// The iterator impls cover sized iterators and the `dyn Iterator` family, not every unsized
// `I: Iterator`, as std's `Box` does: without std's negative impls, `[T]` might one day be an
// `Iterator` as far as coherence knows, and that would clash with `IntoIterator` for
// `ArenaBox<[T]>` (owned and `&mut`).

impl<I: Iterator, A: Arena> Iterator for ArenaBox<'_, I, A> {
    type Item = I::Item;

    fn next(&mut self) -> Option<I::Item> {
        (**self).next()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (**self).size_hint()
    }

    fn nth(&mut self, n: usize) -> Option<I::Item> {
        (**self).nth(n)
    }
}

impl<I: DoubleEndedIterator, A: Arena> DoubleEndedIterator for ArenaBox<'_, I, A> {
    fn next_back(&mut self) -> Option<I::Item> {
        (**self).next_back()
    }
}

impl<I: ExactSizeIterator, A: Arena> ExactSizeIterator for ArenaBox<'_, I, A> {}

impl<I: FusedIterator, A: Arena> FusedIterator for ArenaBox<'_, I, A> {}

/// `Iterator` for boxes of the `dyn` iterator traits with one auto-trait combination, plus
/// `DoubleEndedIterator` / `ExactSizeIterator` for the `dyn` types that have them.
macro_rules! impl_dyn_iterator {
    ($(+ $auto:ident)*) => {
        impl_dyn_iterator!(@Iterator dyn Iterator $(+ $auto)*);
        impl_dyn_iterator!(@Iterator dyn DoubleEndedIterator $(+ $auto)*);
        impl_dyn_iterator!(@Iterator dyn ExactSizeIterator $(+ $auto)*);

        impl<'i, X, A: Arena> DoubleEndedIterator
            for ArenaBox<'_, dyn DoubleEndedIterator<Item = X> $(+ $auto)* + 'i, A>
        {
            fn next_back(&mut self) -> Option<X> {
                (**self).next_back()
            }
        }

        impl<'i, X, A: Arena> ExactSizeIterator
            for ArenaBox<'_, dyn ExactSizeIterator<Item = X> $(+ $auto)* + 'i, A>
        {
        }
    };
    (@Iterator dyn $dyn:ident $(+ $auto:ident)*) => {
        impl<'i, X, A: Arena> Iterator for ArenaBox<'_, dyn $dyn<Item = X> $(+ $auto)* + 'i, A> {
            type Item = X;

            fn next(&mut self) -> Option<X> {
                (**self).next()
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                (**self).size_hint()
            }

            fn nth(&mut self, n: usize) -> Option<X> {
                (**self).nth(n)
            }
        }
    };
}

impl_dyn_iterator!();
impl_dyn_iterator!(+ Send);
impl_dyn_iterator!(+ Send + Sync);

impl<F: Future + Unpin + ?Sized, A: Arena> Future for ArenaBox<'_, F, A> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        F::poll(Pin::new(&mut **self.get_mut()), cx)
    }
}

impl<T, U, A, B> PartialEq<ArenaBox<'_, U, B>> for ArenaBox<'_, T, A>
where
    T: ?Sized + PartialEq<U>,
    U: ?Sized,
    A: Arena,
    B: Arena,
{
    fn eq(&self, other: &ArenaBox<'_, U, B>) -> bool {
        **self == **other
    }
}

impl<T: ?Sized + Eq, A: Arena> Eq for ArenaBox<'_, T, A> {}

impl<T, U, A, B> PartialOrd<ArenaBox<'_, U, B>> for ArenaBox<'_, T, A>
where
    T: ?Sized + PartialOrd<U>,
    U: ?Sized,
    A: Arena,
    B: Arena,
{
    fn partial_cmp(&self, other: &ArenaBox<'_, U, B>) -> Option<core::cmp::Ordering> {
        (**self).partial_cmp(&**other)
    }
}

impl<T: ?Sized + Ord, A: Arena> Ord for ArenaBox<'_, T, A> {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl<T: ?Sized + Hash, A: Arena> Hash for ArenaBox<'_, T, A> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl<T: ?Sized + fmt::Debug, A: Arena> fmt::Debug for ArenaBox<'_, T, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: ?Sized + fmt::Display, A: Arena> fmt::Display for ArenaBox<'_, T, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl<T: ?Sized, A: Arena> fmt::Pointer for ArenaBox<'_, T, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Pointer::fmt(&self.ptr, f)
    }
}

impl<E: Error, A: Arena> Error for ArenaBox<'_, E, A> {
    #[expect(deprecated, reason = "forwarded as std's `Box` does")]
    fn description(&self) -> &str {
        (**self).description()
    }

    #[expect(deprecated, reason = "forwarded as std's `Box` does")]
    fn cause(&self) -> Option<&dyn Error> {
        (**self).cause()
    }

    fn source(&self) -> Option<&(dyn Error + 'static)> {
        (**self).source()
    }
}

impl<T: ?Sized + Hasher, A: Arena> Hasher for ArenaBox<'_, T, A> {
    fn finish(&self) -> u64 {
        (**self).finish()
    }

    fn write(&mut self, bytes: &[u8]) {
        (**self).write(bytes);
    }

    fn write_u8(&mut self, i: u8) {
        (**self).write_u8(i);
    }

    fn write_u16(&mut self, i: u16) {
        (**self).write_u16(i);
    }

    fn write_u32(&mut self, i: u32) {
        (**self).write_u32(i);
    }

    fn write_u64(&mut self, i: u64) {
        (**self).write_u64(i);
    }

    fn write_u128(&mut self, i: u128) {
        (**self).write_u128(i);
    }

    fn write_usize(&mut self, i: usize) {
        (**self).write_usize(i);
    }

    fn write_i8(&mut self, i: i8) {
        (**self).write_i8(i);
    }

    fn write_i16(&mut self, i: i16) {
        (**self).write_i16(i);
    }

    fn write_i32(&mut self, i: i32) {
        (**self).write_i32(i);
    }

    fn write_i64(&mut self, i: i64) {
        (**self).write_i64(i);
    }

    fn write_i128(&mut self, i: i128) {
        (**self).write_i128(i);
    }

    fn write_isize(&mut self, i: isize) {
        (**self).write_isize(i);
    }
}

// Moving the box never moves the value: a pinned box pins its target, not itself (as `Box`).
impl<T: ?Sized, A: Arena> Unpin for ArenaBox<'_, T, A> {}

// SAFETY: the box owns its value exclusively ([owned]) and never uses the arena after
// construction (it gives no bytes back), so sending the box sends only a `T`. The arena's
// memory outlives the box whichever thread holds it: freeing it needs `&mut` or ownership of
// the arena, which the `'a` borrow rules out.
unsafe impl<T: ?Sized + Send, A: Arena> Send for ArenaBox<'_, T, A> {}

// SAFETY: `&ArenaBox` gives only `&T` (and `&T`-based formatting, hashing, comparison), and
// never reaches the arena.
unsafe impl<T: ?Sized + Sync, A: Arena> Sync for ArenaBox<'_, T, A> {}
