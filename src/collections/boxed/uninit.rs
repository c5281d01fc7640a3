//! Uninitialised and zeroed construction: `new_uninit_in`, `new_zeroed_in`, their slice forms,
//! `write` and `assume_init`, as std's `Box` has them.

use core::alloc::Layout;
use core::mem::MaybeUninit;
use core::ptr::{self, NonNull};

use super::ArenaBox;
use crate::arena::Arena;
use crate::error::{AllocError, AllocErrorKind, unwrap_alloc};

impl<'a, T: 'a, A: Arena> ArenaBox<'a, T, A> {
    /// Allocates room for a `T` in `arena`, uninitialised.
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
    /// let slot = ArenaBox::<String>::new_uninit_in(&bump);
    /// let s = ArenaBox::write(slot, String::from("late"));
    /// assert_eq!(*s, "late");
    /// ```
    #[inline]
    #[track_caller]
    #[must_use]
    pub fn new_uninit_in(arena: &'a A) -> ArenaBox<'a, MaybeUninit<T>, A> {
        unwrap_alloc(Self::try_new_uninit_in(arena))
    }

    /// Allocates room for a `T` in `arena`, uninitialised.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if a new chunk would exceed the arena's allocation limit or the global
    /// allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut slot = ArenaBox::<u64>::try_new_uninit_in(&bump)?;
    /// slot.write(9);
    /// // SAFETY: the value was just written.
    /// let n = unsafe { slot.assume_init() };
    /// assert_eq!(*n, 9);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_new_uninit_in(arena: &'a A) -> Result<ArenaBox<'a, MaybeUninit<T>, A>, AllocError> {
        let ptr = arena.try_alloc_layout(Layout::new::<T>())?;
        // SAFETY: a fresh block sized and aligned for a `T` (the `RawArena` contract), so for a
        // `MaybeUninit<T>`, which needs no initialisation; nothing else uses it.
        let slot = unsafe { &mut *ptr.cast::<MaybeUninit<T>>().as_ptr() };
        // INVARIANT: [owned] a `MaybeUninit` is always initialised, and the block is fresh.
        Ok(ArenaBox::from_mut(slot))
    }

    /// Allocates room for a `T` in `arena`, filled with zero bytes.
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
    /// let zero = ArenaBox::<u32>::new_zeroed_in(&bump);
    /// // SAFETY: all-zero bytes are a valid `u32`.
    /// assert_eq!(*unsafe { zero.assume_init() }, 0);
    /// ```
    #[inline]
    #[track_caller]
    #[must_use]
    pub fn new_zeroed_in(arena: &'a A) -> ArenaBox<'a, MaybeUninit<T>, A> {
        unwrap_alloc(Self::try_new_zeroed_in(arena))
    }

    /// Allocates room for a `T` in `arena`, filled with zero bytes.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`ArenaBox::try_new_uninit_in`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let zero = ArenaBox::<[u8; 4]>::try_new_zeroed_in(&bump)?;
    /// // SAFETY: all-zero bytes are a valid `[u8; 4]`.
    /// assert_eq!(*unsafe { zero.assume_init() }, [0; 4]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_new_zeroed_in(arena: &'a A) -> Result<ArenaBox<'a, MaybeUninit<T>, A>, AllocError> {
        let mut boxed = Self::try_new_uninit_in(arena)?;
        // SAFETY: the box owns a block of `size_of::<T>()` writable bytes.
        unsafe { ArenaBox::as_mut_ptr(&mut boxed).write_bytes(0, 1) };
        Ok(boxed)
    }
}

impl<'a, T: 'a, A: Arena> ArenaBox<'a, [T], A> {
    /// Allocates room for `len` values of `T` in `arena`, uninitialised.
    ///
    /// # Panics
    ///
    /// Panics if `len` values overflow `isize::MAX` bytes, or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut slots = ArenaBox::<[u16]>::new_uninit_slice_in(3, &bump);
    /// for (i, slot) in slots.iter_mut().enumerate() {
    ///     slot.write(i as u16 * 2);
    /// }
    /// // SAFETY: every element was just written.
    /// let evens = unsafe { slots.assume_init() };
    /// assert_eq!(*evens, [0, 2, 4]);
    /// ```
    #[inline]
    #[track_caller]
    #[must_use]
    pub fn new_uninit_slice_in(len: usize, arena: &'a A) -> ArenaBox<'a, [MaybeUninit<T>], A> {
        unwrap_alloc(Self::try_new_uninit_slice_in(len, arena))
    }

    /// Allocates room for `len` values of `T` in `arena`, uninitialised.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `len` values overflow `isize::MAX` bytes, or the arena cannot
    /// allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let slots = ArenaBox::<[u64]>::try_new_uninit_slice_in(2, &bump)?;
    /// assert_eq!(slots.len(), 2);
    /// assert!(ArenaBox::<[u64]>::try_new_uninit_slice_in(usize::MAX, &bump).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_new_uninit_slice_in(
        len: usize,
        arena: &'a A,
    ) -> Result<ArenaBox<'a, [MaybeUninit<T>], A>, AllocError> {
        let as_elements = |kind| AllocError::for_elements(kind, len, size_of::<T>());
        let layout =
            Layout::array::<T>(len).map_err(|_| as_elements(AllocErrorKind::SizeOverflow))?;
        let ptr = arena
            .try_alloc_layout(layout)
            .map_err(|err| as_elements(err.kind()))?;
        let slice = NonNull::slice_from_raw_parts(ptr.cast::<MaybeUninit<T>>(), len);
        // SAFETY: a fresh block sized and aligned for `len` values of `T` (the `RawArena`
        // contract), so for `len` `MaybeUninit<T>`s, which need no initialisation; nothing
        // else uses it.
        let slots = unsafe { &mut *slice.as_ptr() };
        // INVARIANT: [owned] `MaybeUninit`s are always initialised, and the block is fresh.
        Ok(ArenaBox::from_mut(slots))
    }

    /// Allocates room for `len` values of `T` in `arena`, filled with zero bytes.
    ///
    /// # Panics
    ///
    /// Panics if `len` values overflow `isize::MAX` bytes, or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let zeros = ArenaBox::<[u32]>::new_zeroed_slice_in(4, &bump);
    /// // SAFETY: all-zero bytes are valid `u32`s.
    /// assert_eq!(*unsafe { zeros.assume_init() }, [0; 4]);
    /// ```
    #[inline]
    #[track_caller]
    #[must_use]
    pub fn new_zeroed_slice_in(len: usize, arena: &'a A) -> ArenaBox<'a, [MaybeUninit<T>], A> {
        unwrap_alloc(Self::try_new_zeroed_slice_in(len, arena))
    }

    /// Allocates room for `len` values of `T` in `arena`, filled with zero bytes.
    ///
    /// # Errors
    ///
    /// [`AllocError`] as [`ArenaBox::try_new_uninit_slice_in`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let zeros = ArenaBox::<[u8]>::try_new_zeroed_slice_in(2, &bump)?;
    /// // SAFETY: all-zero bytes are valid `u8`s.
    /// assert_eq!(*unsafe { zeros.assume_init() }, [0, 0]);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_new_zeroed_slice_in(
        len: usize,
        arena: &'a A,
    ) -> Result<ArenaBox<'a, [MaybeUninit<T>], A>, AllocError> {
        let mut boxed = Self::try_new_uninit_slice_in(len, arena)?;
        // SAFETY: the box owns `len` writable slots of `size_of::<T>()` bytes each.
        unsafe { ptr::write_bytes(boxed.as_mut_ptr(), 0, len) };
        Ok(boxed)
    }
}

impl<'a, T: 'a, A: Arena> ArenaBox<'a, MaybeUninit<T>, A> {
    /// Writes `value` into the box and returns it as initialised.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let b = ArenaBox::write(ArenaBox::new_uninit_in(&bump), vec![1, 2]);
    /// assert_eq!(*b, [1, 2]);
    /// ```
    pub fn write(mut boxed: Self, value: T) -> ArenaBox<'a, T, A> {
        (*boxed).write(value);
        // SAFETY: the value was just written.
        unsafe { boxed.assume_init() }
    }

    /// Treats the value as initialised.
    ///
    /// # Safety
    ///
    /// - The value must be initialised, as for [`MaybeUninit::assume_init`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut b = ArenaBox::<char>::new_uninit_in(&bump);
    /// b.write('x');
    /// // SAFETY: the value was just written.
    /// assert_eq!(*unsafe { b.assume_init() }, 'x');
    /// ```
    #[must_use]
    pub unsafe fn assume_init(self) -> ArenaBox<'a, T, A> {
        let raw = ArenaBox::into_raw(self).cast::<T>();
        // SAFETY: `MaybeUninit<T>` has the layout of `T`, the caller promises the value is
        // initialised, and `raw` came from `into_raw` of a box of an arena still borrowed for
        // `'a`, used once.
        unsafe { ArenaBox::from_raw(raw) }
    }
}

impl<'a, T: 'a, A: Arena> ArenaBox<'a, [MaybeUninit<T>], A> {
    /// Treats every element as initialised.
    ///
    /// # Safety
    ///
    /// - Every element must be initialised, as for [`MaybeUninit::assume_init`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{ArenaBox, Bump};
    ///
    /// let bump = Bump::new();
    /// let mut b = ArenaBox::<[String]>::new_uninit_slice_in(1, &bump);
    /// b[0].write(String::from("one"));
    /// // SAFETY: the only element was just written.
    /// let b = unsafe { b.assume_init() };
    /// assert_eq!(b[0], "one");
    /// ```
    #[must_use]
    pub unsafe fn assume_init(self) -> ArenaBox<'a, [T], A> {
        let raw = ArenaBox::into_raw(self) as *mut [T];
        // SAFETY: `[MaybeUninit<T>]` has the layout of `[T]` with the same length, the caller
        // promises every element is initialised, and `raw` came from `into_raw` of a box of an
        // arena still borrowed for `'a`, used once.
        unsafe { ArenaBox::from_raw(raw) }
    }
}
