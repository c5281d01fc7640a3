//! Unsizing (`ArenaBox<T>` to `ArenaBox<dyn Trait>` or `ArenaBox<[T]>`) on stable Rust, and
//! pinning.
//!
//! `CoerceUnsized` is nightly-only, so the box cannot coerce itself. [`unsize_box!`] takes the
//! box apart into a `NonNull<T>` and a token that carries the arena's lifetime, lets the
//! compiler coerce the `NonNull` (std implements `CoerceUnsized` for it, and stable code may
//! use that impl), and rebuilds the box from the coerced pointer and the token. The coercion is
//! the compiler's own: `NonNull` has no `Deref`, so only an unsizing coercion (or subtyping,
//! which the box allows anyway, being covariant) can change its type; the user's expression
//! is evaluated outside the `unsafe` block and cannot supply the pointer.

use core::marker::PhantomData;
use core::pin::Pin;

use super::ArenaBox;
use crate::arena::Arena;
use crate::error::{AllocError, unwrap_alloc};

/// Turns an [`ArenaBox<T>`](crate::ArenaBox) into an `ArenaBox<U>` where `T` unsizes to `U`:
/// a `dyn Trait` that `T` implements, `[E]` from `[E; N]`, a `dyn Fn(..)` from a closure.
///
/// This is the coercion `Box<T>` gets implicitly, which stable Rust does not offer to other
/// types. The target is written after `=>`, or left to inference. The result keeps the
/// arena's lifetime `'a` and owns the same value, which is not moved. Anything that is not an
/// unsizing coercion (a cast between sized types, a longer lifetime) does not compile.
///
/// # Examples
///
/// ```
/// use bumpkit::{unsize_box, ArenaBox, Bump};
/// use core::any::Any;
/// use core::fmt::Display;
///
/// let bump = Bump::new();
/// let shown: ArenaBox<'_, dyn Display> = unsize_box!(ArenaBox::new_in(7u8, &bump));
/// assert_eq!(shown.to_string(), "7");
///
/// let slice = unsize_box!(ArenaBox::new_in([1, 2, 3], &bump) => [i32]);
/// assert_eq!(slice.len(), 3);
///
/// let offset = 10;
/// let add = unsize_box!(ArenaBox::new_in(move |x: i32| x + offset, &bump) => dyn Fn(i32) -> i32 + '_);
/// assert_eq!(add(1), 11);
///
/// let any = unsize_box!(ArenaBox::new_in(String::from("any"), &bump) => dyn Any);
/// assert_eq!(*any.downcast::<String>().unwrap(), "any");
/// ```
#[macro_export]
macro_rules! unsize_box {
    ($boxed:expr => $target:ty) => {{
        let (ptr, token) = $crate::collections::boxed::__private::into_parts($boxed);
        let ptr: $crate::collections::boxed::__private::NonNull<$target> = ptr;
        // SAFETY: `ptr` and `token` come from one box, taken apart just above, and the only
        // change to `ptr` is the compiler's unsizing coercion.
        unsafe { $crate::collections::boxed::__private::from_parts(ptr, token) }
    }};
    ($boxed:expr) => {{
        let (ptr, token) = $crate::collections::boxed::__private::into_parts($boxed);
        let ptr: $crate::collections::boxed::__private::NonNull<_> = ptr;
        // SAFETY: as in the arm above.
        unsafe { $crate::collections::boxed::__private::from_parts(ptr, token) }
    }};
}

/// The parts [`unsize_box!`] expands to; not public API.
#[doc(hidden)]
pub mod __private {
    use super::{Arena, ArenaBox, PhantomData};

    pub use core::ptr::NonNull;
    /// Carries a box's arena lifetime and type from [`into_parts`] to [`from_parts`]. Only
    /// `into_parts` makes one.
    #[derive(Debug)]
    pub struct Token<'a, A> {
        marker: PhantomData<&'a A>,
    }

    /// Takes a box apart into the pointer to its value and a token for its arena.
    pub fn into_parts<'a, T: ?Sized + 'a, A: Arena>(
        boxed: ArenaBox<'a, T, A>,
    ) -> (NonNull<T>, Token<'a, A>) {
        let raw = ArenaBox::into_raw(boxed);
        // SAFETY: `into_raw` returns the box's `NonNull` pointer, so `raw` is not null.
        let ptr = unsafe { NonNull::new_unchecked(raw) };
        (
            ptr,
            Token {
                marker: PhantomData,
            },
        )
    }

    /// Rebuilds a box from [`into_parts`]' results.
    ///
    /// # Safety
    ///
    /// - `ptr` and `token` came from one call of [`into_parts`], and each is used once;
    /// - `ptr` was changed only by the compiler's unsizing coercion (or subtyping).
    pub unsafe fn from_parts<'a, U: ?Sized + 'a, A: Arena>(
        ptr: NonNull<U>,
        token: Token<'a, A>,
    ) -> ArenaBox<'a, U, A> {
        let Token { marker: _ } = token;
        // SAFETY: `ptr` is the pointer `into_raw` gave out for a box of an arena `A` borrowed
        // for `'a` (the token's lifetime), used once; an unsizing coercion keeps its address
        // and makes metadata that describes the same value as a `U`.
        unsafe { ArenaBox::from_raw(ptr.as_ptr()) }
    }
}

impl<'a, T: ?Sized + 'a, A: Arena> ArenaBox<'a, T, A> {
    /// Pins the box without a check that the value will be dropped before its memory is
    /// reused.
    ///
    /// This is how to pin a `!Unpin` value (such as an `async` block's future) in an arena
    /// borrowed for less than `'static`. See [Pinning](ArenaBox#pinning) for the safe ways.
    ///
    /// # Safety
    ///
    /// - The pinned box must be dropped (which drops the value) before the arena is reset,
    ///   rewound past it or dropped: it must not be forgotten (`mem::forget`, an `Rc` cycle, a
    ///   `ManuallyDrop` never dropped), nor be part of something forgotten, such as a future
    ///   that is never polled to completion or dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{unsize_box, ArenaBox, Bump};
    /// use core::future::Future;
    /// use core::pin::Pin;
    /// use core::task::{Context, Poll, Waker};
    ///
    /// let bump = Bump::new();
    /// let fut = unsize_box!(ArenaBox::new_in(async { 6 * 7 }, &bump) => dyn Future<Output = i32>);
    /// // SAFETY: `fut` is dropped at the end of this block, before `bump` is.
    /// let mut fut: Pin<ArenaBox<'_, dyn Future<Output = i32>>> =
    ///     unsafe { ArenaBox::into_pin_unchecked(fut) };
    /// let mut cx = Context::from_waker(Waker::noop());
    /// assert_eq!(fut.as_mut().poll(&mut cx), Poll::Ready(42));
    /// ```
    #[must_use]
    pub unsafe fn into_pin_unchecked(boxed: Self) -> Pin<Self> {
        // SAFETY: the value is never moved: the box does not move it, and `Pin` hands out only
        // pinned access. The caller promises it is dropped before its memory is reused.
        unsafe { Pin::new_unchecked(boxed) }
    }
}

impl<T: ?Sized, A: Arena> ArenaBox<'static, T, A> {
    /// Pins a box of an arena borrowed for `'static`.
    ///
    /// Such an arena is leaked or a `static`: it is never reset or dropped, so even a
    /// forgotten pinned value keeps its memory, as `Pin` requires. For shorter borrows see
    /// [Pinning](ArenaBox#pinning).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, SyncBump};
    /// use core::marker::PhantomPinned;
    /// use core::pin::Pin;
    ///
    /// use std::sync::LazyLock;
    ///
    /// static ARENA: LazyLock<SyncBump> = LazyLock::new(SyncBump::new);
    /// let pinned: Pin<ArenaBox<'static, (u8, PhantomPinned), SyncBump>> =
    ///     ArenaBox::into_pin(ArenaBox::new_in((3, PhantomPinned), &*ARENA));
    /// assert_eq!(pinned.0, 3);
    /// ```
    #[must_use]
    pub fn into_pin(boxed: Self) -> Pin<Self> {
        // SAFETY: the box never moves its value, `Pin` hands out only pinned access, and the
        // arena is borrowed for `'static`, so it is never reset or dropped: the memory stays
        // the value's until the value is dropped, or forever.
        unsafe { Pin::new_unchecked(boxed) }
    }
}

impl<T: 'static, A: Arena> ArenaBox<'static, T, A> {
    /// Moves `value` into an arena borrowed for `'static` and pins it there.
    ///
    /// See [`ArenaBox::into_pin`].
    ///
    /// # Panics
    ///
    /// Panics if a new chunk would exceed the arena's allocation limit or the global
    /// allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, SyncBump};
    /// use std::sync::LazyLock;
    ///
    /// static ARENA: LazyLock<SyncBump> = LazyLock::new(SyncBump::new);
    /// let pinned = ArenaBox::pin_in(String::from("pinned"), &*ARENA);
    /// assert_eq!(pinned.len(), 6);
    /// ```
    #[inline]
    #[track_caller]
    pub fn pin_in(value: T, arena: &'static A) -> Pin<Self> {
        unwrap_alloc(Self::try_pin_in(value, arena))
    }

    /// Moves `value` into an arena borrowed for `'static` and pins it there.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`ArenaBox::try_new_in`]; `value` is then dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, SyncBump};
    ///
    /// use std::sync::LazyLock;
    ///
    /// static ARENA: LazyLock<SyncBump> = LazyLock::new(SyncBump::new);
    /// let pinned = ArenaBox::try_pin_in(5u32, &*ARENA)?;
    /// assert_eq!(*pinned, 5);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_pin_in(value: T, arena: &'static A) -> Result<Pin<Self>, AllocError> {
        Self::try_new_in(value, arena).map(Self::into_pin)
    }
}

impl<T: ?Sized, A: Arena> From<ArenaBox<'static, T, A>> for Pin<ArenaBox<'static, T, A>> {
    /// Pins a box of an arena borrowed for `'static`, as [`ArenaBox::into_pin`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, SyncBump};
    /// use core::pin::Pin;
    ///
    /// use std::sync::LazyLock;
    ///
    /// static ARENA: LazyLock<SyncBump> = LazyLock::new(SyncBump::new);
    /// let pinned: Pin<ArenaBox<'static, u8, SyncBump>> = ArenaBox::new_in(1, &*ARENA).into();
    /// assert_eq!(*pinned, 1);
    /// ```
    fn from(boxed: ArenaBox<'static, T, A>) -> Self {
        ArenaBox::into_pin(boxed)
    }
}
