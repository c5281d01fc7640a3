//! The part of the shared typed API that fills slices: with copies, clones or defaults of one
//! value, from any iterator, and from fallible makers. Generated for [`Bump`](crate::Bump) and
//! [`SyncBump`](crate::SyncBump) by [`impl_typed_alloc_api`](super::api::impl_typed_alloc_api).

/// Implements the slice-filling methods on `$arena` (see `impl_typed_alloc_api`).
macro_rules! impl_typed_alloc_fill_api {
    ($arena:ident) => {
        impl $arena {
            /// Allocates `len` copies of `value`.
            ///
            /// # Panics
            ///
            /// Panics if `len` values of `T` overflow `isize::MAX` bytes, a new chunk would
            /// exceed the allocation limit or the global allocator fails.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// assert_eq!(arena.alloc_slice_fill_copy(3, 7u8), &[7, 7, 7]);
            /// ```
            #[inline]
            #[track_caller]
            pub fn alloc_slice_fill_copy<T: Copy>(&self, len: usize, value: T) -> &mut [T] {
                unwrap_alloc(self.try_alloc_slice_fill_copy(len, value))
            }

            /// Allocates `len` copies of `value`.
            ///
            /// # Errors
            ///
            #[doc = concat!(" [`AllocError`] as [`", stringify!($arena), "::try_alloc_slice_fill_with`].")]
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// assert_eq!(arena.try_alloc_slice_fill_copy(2, 'x')?, &['x', 'x']);
            /// assert!(arena.try_alloc_slice_fill_copy(usize::MAX, 0u32).is_err());
            /// # Ok::<(), bumpkit::AllocError>(())
            /// ```
            #[inline]
            pub fn try_alloc_slice_fill_copy<T: Copy>(
                &self,
                len: usize,
                value: T,
            ) -> Result<&mut [T], AllocError> {
                self.try_alloc_slice_fill_with(len, |_| value)
            }

            /// Allocates `len` clones of `value`, front to back.
            ///
            /// The clones are never dropped, except that if a `clone` panics, the clones made so
            /// far are dropped before the panic continues.
            ///
            /// # Panics
            ///
            #[doc = concat!(" As [`", stringify!($arena), "::alloc_slice_fill_with`], passing on a panic of `T::clone`.")]
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let names = arena.alloc_slice_fill_clone(2, &String::from("n"));
            /// assert_eq!(names, ["n", "n"]);
            /// ```
            #[inline]
            #[track_caller]
            pub fn alloc_slice_fill_clone<T: Clone>(&self, len: usize, value: &T) -> &mut [T] {
                unwrap_alloc(self.try_alloc_slice_fill_clone(len, value))
            }

            /// Allocates `len` clones of `value`, front to back.
            ///
            /// # Errors
            ///
            #[doc = concat!(" [`AllocError`] as [`", stringify!($arena), "::try_alloc_slice_fill_with`].")]
            ///
            /// # Panics
            ///
            /// Passes on a panic of `T::clone`, after dropping the clones made so far.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// assert_eq!(arena.try_alloc_slice_fill_clone(2, &vec![1])?, [[1], [1]]);
            /// # Ok::<(), bumpkit::AllocError>(())
            /// ```
            #[inline]
            pub fn try_alloc_slice_fill_clone<T: Clone>(
                &self,
                len: usize,
                value: &T,
            ) -> Result<&mut [T], AllocError> {
                self.try_alloc_slice_fill_with(len, |_| value.clone())
            }

            /// Allocates `len` values made by `T::default()`, front to back.
            ///
            /// The values are never dropped, except that if a `default` panics, the values
            /// made so far are dropped before the panic continues.
            ///
            /// # Panics
            ///
            #[doc = concat!(" As [`", stringify!($arena), "::alloc_slice_fill_with`], passing on a panic of `T::default`.")]
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// assert_eq!(arena.alloc_slice_fill_default::<(u8, bool)>(2), &[(0, false); 2]);
            /// ```
            #[inline]
            #[track_caller]
            pub fn alloc_slice_fill_default<T: Default>(&self, len: usize) -> &mut [T] {
                unwrap_alloc(self.try_alloc_slice_fill_default(len))
            }

            /// Allocates `len` values made by `T::default()`, front to back.
            ///
            /// # Errors
            ///
            #[doc = concat!(" [`AllocError`] as [`", stringify!($arena), "::try_alloc_slice_fill_with`].")]
            ///
            /// # Panics
            ///
            /// Passes on a panic of `T::default`, after dropping the values made so far.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// assert_eq!(arena.try_alloc_slice_fill_default::<String>(3)?.concat(), "");
            /// # Ok::<(), bumpkit::AllocError>(())
            /// ```
            #[inline]
            pub fn try_alloc_slice_fill_default<T: Default>(
                &self,
                len: usize,
            ) -> Result<&mut [T], AllocError> {
                self.try_alloc_slice_fill_with(len, |_| T::default())
            }

            /// Allocates the items of any iterator, in order.
            ///
            /// `size_hint` is not trusted: its lower bound is only the first guess (if that
            /// much cannot be allocated, the slice starts empty), and the slice doubles when
            /// full, in place while it is the arena's newest block, else by a move to a new
            /// block. Room left unused at the end is given back. The items are never dropped,
            /// except that if the iterator panics, the items taken so far are dropped before
            /// the panic continues.
            ///
            /// # Panics
            ///
            /// Panics if the slice would overflow `isize::MAX` bytes, a new chunk would exceed
            /// the allocation limit or the global allocator fails (the items taken so far are
            /// dropped), and passes on a panic of the iterator.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let odd = arena.alloc_slice_from_iter((0..10).filter(|n| n % 2 == 1));
            /// assert_eq!(odd, &[1, 3, 5, 7, 9]);
            /// ```
            #[inline]
            #[track_caller]
            pub fn alloc_slice_from_iter<T>(&self, iter: impl IntoIterator<Item = T>) -> &mut [T] {
                unwrap_alloc(self.try_alloc_slice_from_iter(iter))
            }

            /// Allocates the items of any iterator, in order.
            ///
            #[doc = concat!(" See [`", stringify!($arena), "::alloc_slice_from_iter`].")]
            ///
            /// # Errors
            ///
            /// [`AllocError`] if the slice would overflow `isize::MAX` bytes, a new chunk would
            /// exceed the allocation limit or the global allocator fails; the items taken so far
            /// are then dropped, and the rest are left in the iterator.
            ///
            /// # Panics
            ///
            /// Passes on a panic of the iterator, after dropping the items taken so far.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let words = arena.try_alloc_slice_from_iter("a bb ccc".split(' '))?;
            /// assert_eq!(words, ["a", "bb", "ccc"]);
            /// # Ok::<(), bumpkit::AllocError>(())
            /// ```
            #[inline]
            pub fn try_alloc_slice_from_iter<T>(
                &self,
                iter: impl IntoIterator<Item = T>,
            ) -> Result<&mut [T], AllocError> {
                $crate::typed_alloc::try_alloc_slice_from_iter(self, iter)
            }

            /// Allocates `len` values made by `f(index)`, front to back, stopping at the first
            /// `Err`.
            ///
            /// On `Err` (or a panic of `f`) the values made so far are dropped, as they were
            /// never handed out, and the room is given back when it is still the newest block.
            ///
            /// # Errors
            ///
            /// The first error `f` returned.
            ///
            /// # Panics
            ///
            #[doc = concat!(" Panics if the allocation fails (as [`", stringify!($arena), "::alloc_slice_fill_with`]), and passes")]
            /// on a panic of `f`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let digits = arena.alloc_slice_try_fill_with(3, |i| "123"[i..=i].parse::<u8>())?;
            /// assert_eq!(digits, &[1, 2, 3]);
            /// assert!(arena.alloc_slice_try_fill_with(2, |i| "1x"[i..=i].parse::<u8>()).is_err());
            /// # Ok::<(), core::num::ParseIntError>(())
            /// ```
            #[inline]
            #[track_caller]
            pub fn alloc_slice_try_fill_with<T, E>(
                &self,
                len: usize,
                f: impl FnMut(usize) -> Result<T, E>,
            ) -> Result<&mut [T], E> {
                $crate::typed_alloc::unwrap_alloc_or_init(self.try_alloc_slice_try_fill_with(len, f))
            }

            /// Allocates `len` values made by `f(index)`, front to back, stopping at the first
            /// `Err`.
            ///
            #[doc = concat!(" See [`", stringify!($arena), "::alloc_slice_try_fill_with`].")]
            ///
            /// # Errors
            ///
            /// [`AllocOrInitError::Alloc`](crate::AllocOrInitError::Alloc) if `len` values of
            /// `T` overflow `isize::MAX` bytes, a new chunk would exceed the allocation limit or
            /// the global allocator fails (`f` is then not called);
            /// [`AllocOrInitError::Init`](crate::AllocOrInitError::Init) with the first error
            /// `f` returned.
            ///
            /// # Panics
            ///
            /// Passes on a panic of `f`, after dropping the values made so far.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::{AllocOrInitError, ", stringify!($arena), "};")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// assert_eq!(arena.try_alloc_slice_try_fill_with(2, Ok::<_, ()>)?, &[0, 1]);
            /// let err = arena.try_alloc_slice_try_fill_with(usize::MAX, Ok::<usize, ()>).unwrap_err();
            /// assert!(matches!(err, AllocOrInitError::Alloc(_)));
            /// # Ok::<(), AllocOrInitError<()>>(())
            /// ```
            #[inline]
            pub fn try_alloc_slice_try_fill_with<T, E>(
                &self,
                len: usize,
                f: impl FnMut(usize) -> Result<T, E>,
            ) -> Result<&mut [T], $crate::AllocOrInitError<E>> {
                $crate::typed_alloc::try_alloc_slice_try_fill_with(self, len, f)
            }

            /// Allocates the `Ok` values of an exact-size iterator of results, in order,
            /// stopping at the first `Err`.
            ///
            /// On `Err` (or a panic of the iterator) the values taken so far are dropped and the
            /// room is given back when it is still the newest block.
            ///
            /// # Errors
            ///
            /// The first error the iterator yielded.
            ///
            /// # Panics
            ///
            #[doc = concat!(" Panics if the allocation fails (as [`", stringify!($arena), "::alloc_slice_fill_with`]) or the")]
            /// iterator yields fewer items than its `len()` reported.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let ok = arena.alloc_slice_try_fill_iter(["1", "2"].map(str::parse::<u8>))?;
            /// assert_eq!(ok, &[1, 2]);
            /// assert!(arena.alloc_slice_try_fill_iter(["1", "y"].map(str::parse::<u8>)).is_err());
            /// # Ok::<(), core::num::ParseIntError>(())
            /// ```
            #[inline]
            #[track_caller]
            pub fn alloc_slice_try_fill_iter<T, E, I>(&self, iter: I) -> Result<&mut [T], E>
            where
                I: IntoIterator<Item = Result<T, E>>,
                I::IntoIter: ExactSizeIterator,
            {
                $crate::typed_alloc::unwrap_alloc_or_init(self.try_alloc_slice_try_fill_iter(iter))
            }

            /// Allocates the `Ok` values of an exact-size iterator of results, in order,
            /// stopping at the first `Err`.
            ///
            /// # Errors
            ///
            #[doc = concat!(" As [`", stringify!($arena), "::try_alloc_slice_try_fill_with`].")]
            ///
            /// # Panics
            ///
            /// Panics if the iterator yields fewer items than its `len()` reported.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::{AllocOrInitError, ", stringify!($arena), "};")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let err = arena.try_alloc_slice_try_fill_iter([Ok(1), Err('e')]).unwrap_err();
            /// assert_eq!(err, AllocOrInitError::Init('e'));
            /// assert_eq!(arena.try_alloc_slice_try_fill_iter([Ok::<_, char>(3)])?, &[3]);
            /// # Ok::<(), AllocOrInitError<char>>(())
            /// ```
            #[inline]
            pub fn try_alloc_slice_try_fill_iter<T, E, I>(
                &self,
                iter: I,
            ) -> Result<&mut [T], $crate::AllocOrInitError<E>>
            where
                I: IntoIterator<Item = Result<T, E>>,
                I::IntoIter: ExactSizeIterator,
            {
                $crate::typed_alloc::try_alloc_slice_try_fill_iter(self, iter)
            }
        }
    };
}

pub(crate) use impl_typed_alloc_fill_api;
