//! `ArenaBox`: an owning pointer into an arena that drops its value.
//!
//! The type and its core constructors live here; the rest is split by topic: boxed slices and
//! `str` (`slice.rs`), the owning iterator (`into_iter.rs`), uninitialised construction
//! (`uninit.rs`), unsizing and pinning (`unsize.rs`), `Any` downcasts (`any.rs`), the std
//! trait impls (`impls.rs`) and the ones that need `std` (`std_impls.rs`).

use core::marker::PhantomData;
use core::mem::ManuallyDrop;
use core::pin::Pin;
use core::ptr::NonNull;

use crate::arena::Arena;
use crate::error::{AllocError, unwrap_alloc};
use crate::raw::bump::Bump;
use crate::typed_alloc;

mod any;
mod impls;
mod into_iter;
mod slice;
#[cfg(feature = "std")]
mod std_impls;
mod uninit;
mod unsize;

pub use self::into_iter::IntoIter;
#[doc(hidden)]
pub use self::unsize::__private;

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
/// A box holding a `dyn Trait`, a slice or a closure is made with [`unsize_box!`](crate::unsize_box),
/// the stable stand-in for the unsizing coercion `Box` gets from the compiler.
///
/// # Differences from `Box`
///
/// - Constructors take the arena (`new_in`, `from_iter_in`, ...). What `Box` allocates without
///   being told where (`From<T>`, `From<&[T]>`, `From<&str>`, `Default` for a sized `T`,
///   `Clone`) has no arena to allocate in, so it is not offered; clone into an arena with
///   [`ArenaBox::new_in`], [`ArenaBox::from_slice_clone_in`] or [`ArenaBox::from_str_in`].
/// - Unsizing is [`unsize_box!`](crate::unsize_box) instead of an implicit coercion.
/// - A boxed `dyn Fn` or `dyn FnMut` is called through `Deref` (`boxed(x)`), but stable Rust
///   cannot implement the `Fn*` traits for a library type, so an `ArenaBox<dyn FnOnce()>`
///   cannot be called; call a sized boxed closure with `ArenaBox::into_inner(boxed)()`.
/// - `Iterator` is implemented for boxes of sized iterators and of `dyn Iterator`,
///   `dyn DoubleEndedIterator` and `dyn ExactSizeIterator` (with `Send`/`Sync`), not for every
///   unsized iterator: coherence on stable would then forbid `IntoIterator` for boxed slices.
/// - Pinning needs care, as below.
///
/// # Pinning
///
/// `Pin` promises that a pinned value is dropped before its memory is reused. A `Box` keeps
/// that promise even when it is forgotten, as its memory is then never freed; an arena box
/// cannot, since the arena reuses or frees the memory of a forgotten box at the next reset or
/// when it is dropped. So pinning is safe only where that cannot happen:
///
/// - [`ArenaBox::with_pinned_in`] pins for the length of a closure and drops the value at its
///   end;
/// - [`ArenaBox::into_pin`] and [`ArenaBox::pin_in`] pin a box of an arena borrowed for
///   `'static` (leaked or in a `static`), whose memory is never reused;
/// - `Pin::new` pins any box of an `Unpin` value, for which pinning promises nothing;
/// - [`ArenaBox::into_pin_unchecked`] pins any box, `unsafe`: the caller promises never to
///   forget it (it is what a `Pin<ArenaBox<'_, dyn Future>>` of an `async` block needs).
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
    /// let leaked: &mut [u8; 2] = ArenaBox::leak(ArenaBox::new_in([1, 0], &bump));
    /// leaked[1] = 2;
    /// assert_eq!(leaked, &[1, 2]);
    /// ```
    #[must_use]
    pub fn leak(boxed: Self) -> &'a mut T {
        let boxed = ManuallyDrop::new(boxed);
        // SAFETY: [owned] the value is live for `'a` and only the box reaches it; the box is
        // never dropped, so the returned reference is the only one.
        unsafe { &mut *boxed.ptr.as_ptr() }
    }

    /// Turns the box into a raw pointer to its value, which is then never dropped unless the
    /// pointer is given back to [`ArenaBox::from_raw`].
    ///
    /// The pointer is valid for reads and writes for as long as the arena stays borrowed for
    /// `'a`, like the reference [`ArenaBox::leak`] returns, but the raw pointer carries no
    /// lifetime: using it after the arena is reset or dropped is undefined behaviour.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let raw: *mut String = ArenaBox::into_raw(ArenaBox::new_in(String::from("raw"), &bump));
    /// // SAFETY: `raw` came from `into_raw` of a box of `bump`, which is still borrowed.
    /// let back: ArenaBox<'_, String> = unsafe { ArenaBox::from_raw(raw) };
    /// assert_eq!(*back, "raw");
    /// ```
    #[must_use = "losing the pointer leaks the value"]
    pub fn into_raw(boxed: Self) -> *mut T {
        let boxed = ManuallyDrop::new(boxed);
        // INVARIANT: [owned] passes to the caller with the pointer; the box is never dropped.
        boxed.ptr.as_ptr()
    }

    /// Rebuilds a box from a pointer [`ArenaBox::into_raw`] returned.
    ///
    /// The safe conversions ([`unsize_box!`](crate::unsize_box), [`ArenaBox::downcast`], the
    /// `From` impls) cover every change of type a box needs; this is for handing a box through
    /// code that only carries pointers.
    ///
    /// # Safety
    ///
    /// - `raw` came from [`ArenaBox::into_raw`] of an `ArenaBox<'b, T, A>` (the same `T` and
    ///   `A`, or a `T` the compiler made from it by an unsizing cast of the pointer) whose
    ///   arena is still borrowed, with `'b` outliving `'a`: a pointer into another arena, or
    ///   into memory the arena has since reset or freed, is undefined behaviour;
    /// - the value was not dropped, moved out or given to another `from_raw` since: the new
    ///   box owns it and drops it.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let raw = ArenaBox::into_raw(ArenaBox::new_in([1u8, 2, 3], &bump));
    /// // SAFETY: `raw` came from `into_raw` of a box of `bump`, which is still borrowed, and
    /// // the unsizing cast to a slice pointer is one the compiler made.
    /// let slice: ArenaBox<'_, [u8]> = unsafe { ArenaBox::from_raw(raw as *mut [u8]) };
    /// assert_eq!(*slice, [1, 2, 3]);
    /// ```
    #[must_use = "dropping the box drops the value at once"]
    pub unsafe fn from_raw(raw: *mut T) -> Self {
        debug_assert!(!raw.is_null(), "ArenaBox::from_raw of a null pointer");
        // SAFETY: the caller passes a pointer from `into_raw`, which came from a `NonNull`.
        let ptr = unsafe { NonNull::new_unchecked(raw) };
        // INVARIANT: [owned] the caller hands back the ownership `into_raw` gave out, in an
        // arena still borrowed for `'a`.
        Self {
            ptr,
            marker: PhantomData,
        }
    }

    /// Returns a raw pointer to the value, without giving up ownership.
    ///
    /// The pointer is valid while the box is alive and not accessed otherwise; writing
    /// through it needs [`ArenaBox::as_mut_ptr`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let b = ArenaBox::new_in(5u16, &bump);
    /// // SAFETY: the box is alive and not mutated while the pointer is read.
    /// assert_eq!(unsafe { ArenaBox::as_ptr(&b).read() }, 5);
    /// ```
    #[must_use]
    pub fn as_ptr(boxed: &Self) -> *const T {
        boxed.ptr.as_ptr()
    }

    /// Returns a raw pointer to the value for writing, without giving up ownership.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut b = ArenaBox::new_in(5u16, &bump);
    /// // SAFETY: the box is alive and nothing else reads or writes the value meanwhile.
    /// unsafe { ArenaBox::as_mut_ptr(&mut b).write(6) };
    /// assert_eq!(*b, 6);
    /// ```
    #[must_use]
    pub fn as_mut_ptr(boxed: &mut Self) -> *mut T {
        boxed.ptr.as_ptr()
    }
}
