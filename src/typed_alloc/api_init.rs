//! The part of the shared typed API that initialises in steps: a fallible initialiser, and
//! uninitialised room. Generated for [`Bump`](crate::Bump) and [`SyncBump`](crate::SyncBump)
//! by [`impl_typed_alloc_api`](super::api::impl_typed_alloc_api).

/// Implements the fallible-initialiser and uninitialised-room methods on `$arena` (see
/// `impl_typed_alloc_api`).
macro_rules! impl_typed_alloc_init_api {
    ($arena:ident) => {
        impl $arena {
            /// Allocates room for a `T`, then writes the `Ok` value of `f()` into it.
            ///
            /// If `f` returns `Err` (or panics), nothing is written and the room is given back
            /// when it is still the newest block (it is not if `f` allocated in this arena).
            ///
            /// # Errors
            ///
            /// The error `f` returned.
            ///
            /// # Panics
            ///
            /// Panics if a new chunk would exceed the allocation limit or the global allocator
            /// fails (`f` is then not called), and passes on a panic of `f`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let n = arena.alloc_try_with(|| "42".parse::<u32>())?;
            /// assert_eq!(*n, 42);
            /// assert!(arena.alloc_try_with(|| "x".parse::<u32>()).is_err());
            /// # Ok::<(), core::num::ParseIntError>(())
            /// ```
            #[inline(always)]
            #[track_caller]
            pub fn alloc_try_with<T, E>(&self, f: impl FnOnce() -> Result<T, E>) -> Result<&mut T, E> {
                $crate::typed_alloc::unwrap_alloc_or_init(self.try_alloc_try_with(f))
            }

            /// Allocates room for a `T`, then writes the `Ok` value of `f()` into it.
            ///
            #[doc = concat!(" As [`", stringify!($arena), "::alloc_try_with`], but an allocation failure is an error too.")]
            ///
            /// # Errors
            ///
            /// [`AllocOrInitError::Alloc`](crate::AllocOrInitError::Alloc) if a new chunk would
            /// exceed the allocation limit or the global allocator fails (`f` is then not
            /// called); [`AllocOrInitError::Init`](crate::AllocOrInitError::Init) with the error
            /// `f` returned.
            ///
            /// # Panics
            ///
            /// Passes on a panic of `f`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::{AllocOrInitError, ", stringify!($arena), "};")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let x = arena.try_alloc_try_with(|| Ok::<_, ()>([1u8; 16]))?;
            /// assert_eq!(x[15], 1);
            /// let err = arena.try_alloc_try_with(|| Err::<u8, _>("no")).unwrap_err();
            /// assert_eq!(err, AllocOrInitError::Init("no"));
            /// # Ok::<(), AllocOrInitError<()>>(())
            /// ```
            #[inline(always)]
            pub fn try_alloc_try_with<T, E>(
                &self,
                f: impl FnOnce() -> Result<T, E>,
            ) -> Result<&mut T, $crate::AllocOrInitError<E>> {
                $crate::typed_alloc::try_alloc_try_with(self, f)
            }

            /// Allocates room for a `T` and leaves it uninitialised.
            ///
            /// Whatever is written there is never dropped by the arena.
            ///
            /// # Panics
            ///
            /// Panics if a new chunk would exceed the allocation limit or the global allocator fails.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let slot = arena.alloc_uninit::<u64>();
            /// let x: &mut u64 = slot.write(7);
            /// assert_eq!(*x, 7);
            /// ```
            #[inline(always)]
            #[track_caller]
            pub fn alloc_uninit<T>(&self) -> &mut ::core::mem::MaybeUninit<T> {
                unwrap_alloc(self.try_alloc_uninit())
            }

            /// Allocates room for a `T` and leaves it uninitialised.
            ///
            /// # Errors
            ///
            #[doc = concat!(" [`AllocError`] as [`", stringify!($arena), "::try_alloc`].")]
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let slot = arena.try_alloc_uninit::<[u8; 4]>()?;
            /// assert_eq!(*slot.write(*b"abcd"), *b"abcd");
            /// # Ok::<(), bumpkit::AllocError>(())
            /// ```
            #[inline(always)]
            pub fn try_alloc_uninit<T>(&self) -> Result<&mut ::core::mem::MaybeUninit<T>, AllocError> {
                $crate::typed_alloc::try_alloc_uninit(self)
            }

            /// Allocates room for `len` values of `T` and leaves it uninitialised.
            ///
            /// Whatever is written there is never dropped by the arena.
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
            /// let room = arena.alloc_uninit_slice::<u32>(3);
            /// for (i, slot) in room.iter_mut().enumerate() {
            ///     slot.write(i as u32 * 10);
            /// }
            /// // SAFETY: all three values were just written.
            /// let values = unsafe { &*(room as *const [_] as *const [u32]) };
            /// assert_eq!(values, [0, 10, 20]);
            /// ```
            #[inline]
            #[track_caller]
            pub fn alloc_uninit_slice<T>(&self, len: usize) -> &mut [::core::mem::MaybeUninit<T>] {
                unwrap_alloc(self.try_alloc_uninit_slice(len))
            }

            /// Allocates room for `len` values of `T` and leaves it uninitialised.
            ///
            /// # Errors
            ///
            /// [`AllocError`] if `len` values of `T` overflow `isize::MAX` bytes, or as
            #[doc = concat!(" [`", stringify!($arena), "::try_alloc`].")]
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// assert_eq!(arena.try_alloc_uninit_slice::<u16>(8)?.len(), 8);
            /// assert!(arena.try_alloc_uninit_slice::<u16>(usize::MAX).is_err());
            /// # Ok::<(), bumpkit::AllocError>(())
            /// ```
            #[inline]
            pub fn try_alloc_uninit_slice<T>(
                &self,
                len: usize,
            ) -> Result<&mut [::core::mem::MaybeUninit<T>], AllocError> {
                $crate::typed_alloc::try_alloc_uninit_slice(self, len)
            }
        }
    };
}

pub(crate) use impl_typed_alloc_init_api;
