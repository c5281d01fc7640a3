//! The Go-style `make` family: `make_object`, `make_slice`, `make_string` (and
//! `make_string_with_capacity`), on a small `Copy` handle ([`Maker`]) that works on every
//! arena, and as methods of [`Bump`].

use crate::arena::Arena;
use crate::collections::{ArenaString, ArenaVec};
use crate::error::{AllocError, unwrap_alloc};
use crate::raw::bump::Bump;
#[cfg(target_has_atomic = "ptr")]
use crate::raw::local_bump::LocalBump;
#[cfg(target_has_atomic = "ptr")]
use crate::raw::sync_bump::SyncBump;
use crate::typed_alloc::{try_alloc_str, try_alloc_with};

/// A handle to an arena that makes objects, slices and strings in it, like Go's `*Arena`.
///
/// A `Maker` is a shared reference and is [`Copy`]: pass it to any code that should
/// allocate "into whatever arena it is given". [`Bump::maker`], [`SyncBump::maker`] and
/// [`LocalBump::maker`] make one; `Maker<'a, A>` works on every [`Arena`]. A `Maker` of a
/// [`SyncBump`] is `Send + Sync`, so threads can share it. [`Bump`] also has the calls as
/// methods (`bump.make_object()`).
///
/// Go's zero value is [`Default`] here: [`Maker::make_object`] and [`Maker::make_slice`]
/// fill with `T::default()`. Objects and copied strings are never dropped (as with
/// [`Bump::alloc`]); slices are [`ArenaVec`]s, which drop their elements, and
/// [`Maker::make_string_with_capacity`] gives a growable [`ArenaString`].
///
/// # Examples
///
/// ```
/// use bumpkit::{Arena, Bump, Maker};
///
/// #[derive(Default)]
/// struct Point { x: i64, y: i64 }
///
/// fn build<A: Arena>(make: Maker<'_, A>) -> i64 {
///     let p = make.make_object::<Point>();
///     p.x = 3;
///     let mut ys = make.make_slice::<i64>(2, 4);
///     ys.push(4);
///     let mut name = make.make_string_with_capacity(8);
///     name.push_str("xyz");
///     p.x + p.y + ys[2] + make.make_string(&name).len() as i64
/// }
///
/// let bump = Bump::new();
/// assert_eq!(build(bump.maker()), 10);
/// ```
pub struct Maker<'a, A: Arena = Bump> {
    arena: &'a A,
}

impl<'a, A: Arena> Maker<'a, A> {
    /// Returns a handle that makes values in `arena`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Bump, Maker};
    ///
    /// let bump = Bump::new();
    /// let make = Maker::new(&bump);
    /// assert_eq!(*make.make_object::<u32>(), 0);
    /// ```
    #[must_use]
    pub const fn new(arena: &'a A) -> Self {
        Self { arena }
    }

    /// Returns the arena this handle makes values in.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert!(core::ptr::eq(bump.maker().arena(), &bump));
    /// ```
    #[must_use]
    pub const fn arena(self) -> &'a A {
        self.arena
    }

    /// Allocates `T::default()` and returns a reference to it. It is never dropped.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate, or if `T::default` panics (the arena stays
    /// usable).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// #[derive(Default)]
    /// struct Pair { a: i64, b: i64 }
    ///
    /// let bump = Bump::new();
    /// let pair = bump.maker().make_object::<Pair>();
    /// pair.b = 2;
    /// assert_eq!((pair.a, pair.b), (0, 2));
    /// ```
    #[inline(always)]
    #[track_caller]
    #[must_use]
    pub fn make_object<T: Default>(self) -> &'a mut T {
        unwrap_alloc(self.try_make_object())
    }

    /// Allocates `T::default()` and returns a reference to it.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate; `T::default` is then not called.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let v = bump.maker().try_make_object::<Vec<u8>>()?;
    /// assert!(v.is_empty());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline(always)]
    pub fn try_make_object<T: Default>(self) -> Result<&'a mut T, AllocError> {
        try_alloc_with(self.arena, T::default)
    }

    /// Allocates the value `f` returns and returns a reference to it. It is never dropped.
    ///
    /// The memory is taken first and `f`'s result written straight into it.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate, or if `f` panics (nothing was made, and the
    /// arena stays usable).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let big = bump.maker().make_object_with(|| [7u8; 4096]);
    /// assert_eq!(big[4095], 7);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn make_object_with<T>(self, f: impl FnOnce() -> T) -> &'a mut T {
        unwrap_alloc(self.try_make_object_with(f))
    }

    /// Allocates the value `f` returns and returns a reference to it.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate; `f` is then not called.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let name = bump.maker().try_make_object_with(|| String::from("go"))?;
    /// assert_eq!(name, "go");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline(always)]
    pub fn try_make_object_with<T>(self, f: impl FnOnce() -> T) -> Result<&'a mut T, AllocError> {
        try_alloc_with(self.arena, f)
    }

    /// Makes a vector of `len` default values with room for `cap` elements, like Go's
    /// `make([]T, len, cap)`.
    ///
    /// It grows past `cap` like any [`ArenaVec`], and drops its elements when dropped.
    ///
    /// # Panics
    ///
    /// Panics if `len > cap`, if `cap` elements overflow `isize::MAX` bytes or the arena
    /// cannot allocate, or if `T::default` panics; the elements made before the panic are
    /// then dropped, once each, and the arena stays usable.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let mut v = bump.maker().make_slice::<i64>(3, 10);
    /// assert_eq!((v.len(), v.capacity()), (3, 10));
    /// v[0] = 42;
    /// v.extend([1, 2]);
    /// assert_eq!(v, [42, 0, 0, 1, 2]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn make_slice<T: Default>(self, len: usize, cap: usize) -> ArenaVec<'a, T, A> {
        unwrap_alloc(self.try_make_slice(len, cap))
    }

    /// Makes a vector of `len` default values with room for `cap` elements.
    ///
    /// # Errors
    ///
    /// [`AllocError`] of kind [`InvalidArgument`](crate::AllocErrorKind::InvalidArgument) if
    /// `len > cap`; of kind [`SizeOverflow`](crate::AllocErrorKind::SizeOverflow) if `cap`
    /// elements overflow `isize::MAX` bytes; or if the arena cannot allocate.
    ///
    /// # Panics
    ///
    /// Panics if `T::default` panics; the elements made before are then dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{AllocErrorKind, Bump};
    ///
    /// let bump = Bump::new();
    /// let make = bump.maker();
    /// let names = make.try_make_slice::<String>(2, 2)?;
    /// assert_eq!(names, ["", ""]);
    /// let err = make.try_make_slice::<u8>(5, 4).unwrap_err();
    /// assert_eq!(err.kind(), AllocErrorKind::InvalidArgument);
    /// let err = make.try_make_slice::<u64>(0, usize::MAX).unwrap_err();
    /// assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_make_slice<T: Default>(
        self,
        len: usize,
        cap: usize,
    ) -> Result<ArenaVec<'a, T, A>, AllocError> {
        if len > cap {
            return Err(AllocError::length_over_capacity(len, cap));
        }
        let mut v = ArenaVec::<T, A>::try_with_capacity_in(cap, self.arena)?;
        let first = v.as_mut_ptr();
        for i in 0..len {
            // SAFETY: `i < len <= cap`, so the slot is inside the buffer, and uninitialised.
            unsafe { first.add(i).write(T::default()) };
            // SAFETY: the first `i + 1` slots are initialised. Raising the length one value
            // at a time means that if `default` panics, dropping `v` drops exactly the
            // values made so far.
            unsafe { v.set_len(i + 1) };
        }
        Ok(v)
    }

    /// Copies `s` into the arena and returns the copy, like Go's `MakeString`.
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let owned = String::from("various sizes test");
    /// let copy = bump.maker().make_string(&owned);
    /// drop(owned);
    /// assert_eq!(copy, "various sizes test");
    /// ```
    #[inline]
    #[track_caller]
    #[must_use]
    pub fn make_string(self, s: &str) -> &'a str {
        unwrap_alloc(self.try_make_string(s))
    }

    /// Copies `s` into the arena and returns the copy.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.maker().try_make_string("hi")?, "hi");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_make_string(self, s: &str) -> Result<&'a str, AllocError> {
        try_alloc_str(self.arena, s).map(|s| &*s)
    }

    /// Makes an empty string with room for `cap` bytes, to fill without reallocating.
    ///
    /// # Panics
    ///
    /// Panics if `cap` overflows `isize::MAX` or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let mut s = bump.maker().make_string_with_capacity(16);
    /// s.push_str("key=");
    /// s.push_str("value");
    /// assert_eq!((s.as_str(), s.capacity()), ("key=value", 16));
    /// ```
    #[inline]
    #[track_caller]
    #[must_use]
    pub fn make_string_with_capacity(self, cap: usize) -> ArenaString<'a, A> {
        unwrap_alloc(self.try_make_string_with_capacity(cap))
    }

    /// Makes an empty string with room for `cap` bytes.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `cap` overflows `isize::MAX` or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let s = bump.maker().try_make_string_with_capacity(8)?;
    /// assert!(s.is_empty() && s.capacity() == 8);
    /// assert!(bump.maker().try_make_string_with_capacity(usize::MAX).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_make_string_with_capacity(
        self,
        cap: usize,
    ) -> Result<ArenaString<'a, A>, AllocError> {
        ArenaString::try_with_capacity_in(cap, self.arena)
    }
}

impl<A: Arena> Clone for Maker<'_, A> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<A: Arena> Copy for Maker<'_, A> {}

impl<A: Arena + core::fmt::Debug> core::fmt::Debug for Maker<'_, A> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Maker").field("arena", self.arena).finish()
    }
}

impl Bump {
    /// Returns a [`Maker`]: a `Copy` handle that makes objects, slices and strings in this
    /// arena, to pass around like Go's `*Arena`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Bump, Maker};
    ///
    /// fn greet(make: Maker<'_>) -> &str {
    ///     make.make_string("hello")
    /// }
    /// let bump = Bump::new();
    /// assert_eq!(greet(bump.maker()), "hello");
    /// ```
    #[must_use]
    pub const fn maker(&self) -> Maker<'_> {
        Maker::new(self)
    }

    /// Allocates `T::default()`; see [`Maker::make_object`].
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate or `T::default` panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let n = bump.make_object::<u64>();
    /// *n += 1;
    /// assert_eq!(*n, 1);
    /// ```
    #[inline(always)]
    #[track_caller]
    #[must_use]
    pub fn make_object<T: Default>(&self) -> &mut T {
        self.maker().make_object()
    }

    /// Allocates `T::default()`; see [`Maker::try_make_object`].
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(*bump.try_make_object::<i8>()?, 0);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline(always)]
    pub fn try_make_object<T: Default>(&self) -> Result<&mut T, AllocError> {
        self.maker().try_make_object()
    }

    /// Allocates the value `f` returns; see [`Maker::make_object_with`].
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate or `f` panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(*bump.make_object_with(|| 6 * 7), 42);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn make_object_with<T>(&self, f: impl FnOnce() -> T) -> &mut T {
        self.maker().make_object_with(f)
    }

    /// Allocates the value `f` returns; see [`Maker::try_make_object_with`].
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(*bump.try_make_object_with(|| 'z')?, 'z');
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline(always)]
    pub fn try_make_object_with<T>(&self, f: impl FnOnce() -> T) -> Result<&mut T, AllocError> {
        self.maker().try_make_object_with(f)
    }

    /// Makes a vector of `len` default values with room for `cap`; see
    /// [`Maker::make_slice`].
    ///
    /// # Panics
    ///
    /// Panics if `len > cap`, if the capacity overflows or the arena cannot allocate, or if
    /// `T::default` panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let v = bump.make_slice::<u8>(100, 200);
    /// assert_eq!((v.len(), v.capacity()), (100, 200));
    /// ```
    #[inline]
    #[track_caller]
    pub fn make_slice<T: Default>(&self, len: usize, cap: usize) -> ArenaVec<'_, T> {
        self.maker().make_slice(len, cap)
    }

    /// Makes a vector of `len` default values with room for `cap`; see
    /// [`Maker::try_make_slice`].
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `len > cap`, the capacity overflows or the arena cannot allocate.
    ///
    /// # Panics
    ///
    /// Panics if `T::default` panics.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let v = bump.try_make_slice::<&str>(3, 5)?;
    /// assert_eq!(v, ["", "", ""]);
    /// assert!(bump.try_make_slice::<u8>(2, 1).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_make_slice<T: Default>(
        &self,
        len: usize,
        cap: usize,
    ) -> Result<ArenaVec<'_, T>, AllocError> {
        self.maker().try_make_slice(len, cap)
    }

    /// Copies `s` into the arena; see [`Maker::make_string`].
    ///
    /// # Panics
    ///
    /// Panics if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.make_string("test"), "test");
    /// ```
    #[inline]
    #[track_caller]
    #[must_use]
    pub fn make_string(&self, s: &str) -> &str {
        self.maker().make_string(s)
    }

    /// Copies `s` into the arena; see [`Maker::try_make_string`].
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.try_make_string("")?, "");
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_make_string(&self, s: &str) -> Result<&str, AllocError> {
        self.maker().try_make_string(s)
    }

    /// Makes an empty string with room for `cap` bytes; see
    /// [`Maker::make_string_with_capacity`].
    ///
    /// # Panics
    ///
    /// Panics if `cap` overflows `isize::MAX` or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let mut s = bump.make_string_with_capacity(5);
    /// s.push_str("hello");
    /// assert_eq!(s, "hello");
    /// ```
    #[inline]
    #[track_caller]
    #[must_use]
    pub fn make_string_with_capacity(&self, cap: usize) -> ArenaString<'_> {
        self.maker().make_string_with_capacity(cap)
    }

    /// Makes an empty string with room for `cap` bytes; see
    /// [`Maker::try_make_string_with_capacity`].
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `cap` overflows `isize::MAX` or the arena cannot allocate.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert!(bump.try_make_string_with_capacity(0)?.is_empty());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_make_string_with_capacity(&self, cap: usize) -> Result<ArenaString<'_>, AllocError> {
        self.maker().try_make_string_with_capacity(cap)
    }
}

#[cfg(target_has_atomic = "ptr")]
impl SyncBump {
    /// Returns a [`Maker`] for this arena: the make family, shared by threads.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// let make = arena.maker();
    /// std::thread::scope(|s| {
    ///     for _ in 0..2 {
    ///         s.spawn(move || {
    ///             let v = make.make_slice::<u64>(4, 8);
    ///             assert_eq!((v.len(), v.capacity()), (4, 8));
    ///         });
    ///     }
    /// });
    /// assert_eq!(make.make_string("shared"), "shared");
    /// ```
    #[must_use]
    pub const fn maker(&self) -> Maker<'_, Self> {
        Maker::new(self)
    }
}

#[cfg(target_has_atomic = "ptr")]
impl<'a> LocalBump<'a> {
    /// Returns a [`Maker`] for this handle: the make family without atomics, on one thread.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::SyncBump;
    ///
    /// let arena = SyncBump::new();
    /// let local = arena.local();
    /// let count = local.maker().make_object::<u32>();
    /// *count += 1;
    /// assert_eq!(*count, 1);
    /// ```
    #[must_use]
    pub const fn maker(&self) -> Maker<'_, Self> {
        Maker::new(self)
    }
}
