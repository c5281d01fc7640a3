//! `ArenaBox`: an owning pointer into an arena that drops its value.

use core::borrow::{Borrow, BorrowMut};
use core::fmt;
use core::future::Future;
use core::hash::{Hash, Hasher};
use core::iter::FusedIterator;
use core::marker::PhantomData;
use core::mem::ManuallyDrop;
use core::ops::{Deref, DerefMut};
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Context, Poll};

use crate::arena::Arena;
use crate::collections::{ArenaString, ArenaVec};
use crate::error::{AllocError, unwrap_alloc};
use crate::raw::bump::Bump;
use crate::typed_alloc;

/// An owning pointer to a value in an arena: like `Box`, it drops the value when it is
/// dropped.
///
/// For a sized `T` an `ArenaBox` is one pointer wide. It holds no reference to the arena, so
/// dropping it runs `T`'s destructor but gives no bytes back: they are reused when the arena
/// is reset or a scope ends, or freed with the arena. Boxed slices and `str` are two words,
/// as `Box<[T]>` is.
///
/// A boxed slice drops its elements front to back, like `Box<[T]>`; when one of those drops
/// panics, the rest are still dropped. `ArenaBox` is not [`Clone`]: it holds no arena to
/// allocate the copy in, so clone the value into an arena with [`ArenaBox::new_in`].
///
/// The box borrows the arena for `'a`, so it cannot outlive it or survive a
/// [`Bump::reset`]. It is [`Send`] when `T` is and [`Sync`] when `T` is, whatever the arena:
/// after construction it never touches the arena.
///
/// There is no `Pin<ArenaBox<T>>`: a forgotten box would leave a pinned value whose memory
/// the next reset reuses without dropping it, which `Pin` forbids. [`ArenaBox::with_pinned_in`]
/// pins soundly for the length of a closure.
///
/// # Examples
///
/// ```
/// use bumpkit::{ArenaBox, Bump};
///
/// let bump = Bump::new();
/// let mut name = ArenaBox::new_in(String::from("arena"), &bump);
/// name.push_str("-box");
/// assert_eq!(*name, "arena-box");
/// drop(name); // the `String`'s heap buffer is freed here
/// ```
pub struct ArenaBox<'a, T: ?Sized, A: Arena = Bump> {
    // Invariants:
    // - [owned] `ptr` points to a live, initialised `T` in memory of an arena borrowed for
    //   `'a` (or is dangling and aligned when `T` is zero-sized); nothing else reads or writes
    //   it while the box exists, and the box drops it exactly once.
    ptr: NonNull<T>,
    marker: PhantomData<(&'a A, T)>,
}

impl<'a, T: 'a, A: Arena> ArenaBox<'a, T, A> {
    /// Moves `value` into `arena` and returns a box owning it.
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
    /// let b = ArenaBox::new_in([1u64, 2, 3], &bump);
    /// assert_eq!(b.iter().sum::<u64>(), 6);
    /// ```
    #[inline]
    #[track_caller]
    pub fn new_in(value: T, arena: &'a A) -> Self {
        unwrap_alloc(Self::try_new_in(value, arena))
    }

    /// Moves `value` into `arena` and returns a box owning it.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if a new chunk would exceed the arena's allocation limit or the global
    /// allocator fails; `value` is then dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let b = ArenaBox::try_new_in(7u8, &bump)?;
    /// assert_eq!(*b, 7);
    /// bump.set_allocation_limit(Some(0));
    /// assert!(ArenaBox::try_new_in([0u8; 1 << 16], &bump).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_new_in(value: T, arena: &'a A) -> Result<Self, AllocError> {
        let value = typed_alloc::try_alloc_with(arena, || value)?;
        // INVARIANT: [owned] the value was just written into a fresh block of the arena,
        // borrowed for `'a`, and the only reference to it is consumed here.
        Ok(Self::from_mut(value))
    }

    /// Moves the value out of the box.
    ///
    /// The bytes it occupied are not given back (see [`ArenaBox`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let b = ArenaBox::new_in(vec![1, 2], &bump);
    /// let v: Vec<i32> = ArenaBox::into_inner(b);
    /// assert_eq!(v, [1, 2]);
    /// ```
    #[must_use]
    pub fn into_inner(boxed: Self) -> T {
        let boxed = ManuallyDrop::new(boxed);
        // SAFETY: [owned] the value is live and owned by the box; wrapping the box in
        // `ManuallyDrop` keeps it from being dropped a second time.
        unsafe { boxed.ptr.read() }
    }

    /// Runs `f` on `value` pinned in `arena`, then drops the value, also when `f` panics.
    ///
    /// This is how to pin a value in an arena: the pinned reference cannot leave `f`, and the
    /// value is dropped before its memory can be reused, as `Pin` requires. Its bytes are
    /// reused at the next reset, as for any box.
    ///
    /// # Panics
    ///
    /// Panics if a new chunk would exceed the arena's allocation limit or the global
    /// allocator fails, and passes on a panic of `f` or of `T`'s destructor.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    /// use core::marker::PhantomPinned;
    /// use core::pin::Pin;
    ///
    /// struct Pinned(u32, PhantomPinned);
    /// let bump = Bump::new();
    /// let seen = ArenaBox::with_pinned_in(Pinned(5, PhantomPinned), &bump, |p: Pin<&mut Pinned>| p.0);
    /// assert_eq!(seen, 5);
    /// ```
    #[inline]
    #[track_caller]
    pub fn with_pinned_in<R>(value: T, arena: &'a A, f: impl FnOnce(Pin<&mut T>) -> R) -> R {
        unwrap_alloc(Self::try_with_pinned_in(value, arena, f))
    }

    /// Runs `f` on `value` pinned in `arena`, then drops the value, also when `f` panics.
    ///
    /// See [`ArenaBox::with_pinned_in`].
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`ArenaBox::try_new_in`]; `f` is then not called.
    ///
    /// # Panics
    ///
    /// Passes on a panic of `f` or of `T`'s destructor.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let n = ArenaBox::try_with_pinned_in(String::from("pin"), &bump, |s| s.len())?;
    /// assert_eq!(n, 3);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_with_pinned_in<R>(
        value: T,
        arena: &'a A,
        f: impl FnOnce(Pin<&mut T>) -> R,
    ) -> Result<R, AllocError> {
        let mut boxed = Self::try_new_in(value, arena)?;
        // SAFETY: the value is never moved: the box is not handed out, only this reborrow of
        // its target, which cannot outlive `f`. The box drops the value when this function
        // returns or unwinds, and until then the arena is borrowed, so its memory cannot be
        // reused before the drop (`Pin`'s drop guarantee). `mem::forget` cannot reach the box.
        let pinned = unsafe { Pin::new_unchecked(&mut *boxed) };
        Ok(f(pinned))
    }
}

impl<'a, T: ?Sized + 'a, A: Arena> ArenaBox<'a, T, A> {
    /// Takes ownership of a value the arena handed out as `&'a mut T`.
    ///
    /// Private: a caller passes the only reference to a value nothing else will drop.
    fn from_mut(value: &'a mut T) -> Self {
        Self {
            ptr: NonNull::from(value),
            marker: PhantomData,
        }
    }

    /// Turns the box into a reference that lives as long as the arena's borrow; the value is
    /// then never dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let leaked: &mut Vec<u8> = ArenaBox::leak(ArenaBox::new_in(vec![1], &bump));
    /// leaked.push(2);
    /// assert_eq!(leaked, &[1, 2]);
    /// ```
    #[must_use]
    pub fn leak(boxed: Self) -> &'a mut T {
        let boxed = ManuallyDrop::new(boxed);
        // SAFETY: [owned] the value is live for `'a` and only the box reaches it; the box is
        // never dropped, so the returned reference is the only one.
        unsafe { &mut *boxed.ptr.as_ptr() }
    }
}

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
    /// Moves the items of an exact-size iterator into `arena` as a boxed slice.
    ///
    /// # Panics
    ///
    /// Panics if the allocation fails or the iterator yields fewer items than its `len()`
    /// reported (the items taken are dropped); items past `len()` are not taken.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let b = ArenaBox::from_iter_in((1..4).map(|i| i * 10), &bump);
    /// assert_eq!(*b, [10, 20, 30]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn from_iter_in<I>(iter: I, arena: &'a A) -> Self
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: ExactSizeIterator,
    {
        unwrap_alloc(Self::try_from_iter_in(iter, arena))
    }

    /// Moves the items of an exact-size iterator into `arena` as a boxed slice.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `len()` items overflow `isize::MAX` bytes, or as
    /// [`ArenaBox::try_new_in`]; no item is taken then.
    ///
    /// # Panics
    ///
    /// Panics if the iterator yields fewer items than its `len()` reported.
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
    pub fn try_from_iter_in<I>(iter: I, arena: &'a A) -> Result<Self, AllocError>
    where
        I: IntoIterator<Item = T>,
        I::IntoIter: ExactSizeIterator,
    {
        // INVARIANT: [owned] the items were moved into a fresh block owned by nothing else.
        typed_alloc::try_alloc_slice_fill_iter(arena, iter).map(Self::from_mut)
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

impl<I: Iterator + ?Sized, A: Arena> Iterator for ArenaBox<'_, I, A> {
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

impl<I: DoubleEndedIterator + ?Sized, A: Arena> DoubleEndedIterator for ArenaBox<'_, I, A> {
    fn next_back(&mut self) -> Option<I::Item> {
        (**self).next_back()
    }
}

impl<I: ExactSizeIterator + ?Sized, A: Arena> ExactSizeIterator for ArenaBox<'_, I, A> {}

impl<I: FusedIterator + ?Sized, A: Arena> FusedIterator for ArenaBox<'_, I, A> {}

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

// Moving the box never moves the value, and there is no `Pin<ArenaBox<T>>` to protect.
impl<T: ?Sized, A: Arena> Unpin for ArenaBox<'_, T, A> {}

// SAFETY: the box owns its value exclusively ([owned]) and never uses the arena after
// construction (it gives no bytes back), so sending the box sends only a `T`. The arena's
// memory outlives the box whichever thread holds it: freeing it needs `&mut` or ownership of
// the arena, which the `'a` borrow rules out.
unsafe impl<T: ?Sized + Send, A: Arena> Send for ArenaBox<'_, T, A> {}

// SAFETY: `&ArenaBox` gives only `&T` (and `&T`-based formatting, hashing, comparison), and
// never reaches the arena.
unsafe impl<T: ?Sized + Sync, A: Arena> Sync for ArenaBox<'_, T, A> {}
