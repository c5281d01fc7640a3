//! The typed allocation API shared, word for word, by [`Bump`](crate::Bump) and
//! [`SyncBump`](crate::SyncBump): one macro, so the two stay the same.

/// Implements the panicking and `try_` typed allocation methods on `$arena`, an arena type
/// that implements `RawArena` and has a `new()` constructor (the doc examples use it). The
/// methods that initialise in steps and those that fill slices come from the macros of
/// `api_init.rs` and `api_fill.rs`, which this one invokes.
macro_rules! impl_typed_alloc_api {
    ($arena:ident) => {
        impl $arena {
            /// Moves `value` into the arena and returns a reference to it.
            ///
            #[doc = concat!(" The value is never dropped (see [`", stringify!($arena), "`]).")]
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
            /// let point = arena.alloc((1, 2));
            /// point.0 += 10;
            /// assert_eq!(*point, (11, 2));
            /// ```
            #[inline(always)]
            #[track_caller]
            pub fn alloc<T>(&self, value: T) -> &mut T {
                unwrap_alloc(self.try_alloc(value))
            }

            /// Moves `value` into the arena and returns a reference to it.
            ///
            /// # Errors
            ///
            /// [`AllocError`] if a new chunk would exceed the allocation limit or the global
            /// allocator fails; `value` is then dropped.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let x = arena.try_alloc(5i32)?;
            /// assert_eq!(*x, 5);
            /// # Ok::<(), bumpkit::AllocError>(())
            /// ```
            #[inline(always)]
            pub fn try_alloc<T>(&self, value: T) -> Result<&mut T, AllocError> {
                try_alloc_with(self, || value)
            }

            /// Allocates room for a `T`, then writes `f()` into it, so a large value need not be built
            /// on the stack first (when `f` inlines).
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
            /// let table = arena.alloc_with(|| [0u64; 4096]);
            /// assert_eq!(table.len(), 4096);
            /// ```
            #[inline(always)]
            #[track_caller]
            pub fn alloc_with<T>(&self, f: impl FnOnce() -> T) -> &mut T {
                unwrap_alloc(self.try_alloc_with(f))
            }

            /// Allocates room for a `T`, then writes `f()` into it.
            ///
            /// # Errors
            ///
            #[doc = concat!(" [`AllocError`] as [`", stringify!($arena), "::try_alloc`]; `f` is then not called.")]
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let v = arena.try_alloc_with(|| [7u8; 32])?;
            /// assert_eq!(v[31], 7);
            /// # Ok::<(), bumpkit::AllocError>(())
            /// ```
            #[inline(always)]
            pub fn try_alloc_with<T>(&self, f: impl FnOnce() -> T) -> Result<&mut T, AllocError> {
                try_alloc_with(self, f)
            }

            /// Copies `src` into the arena.
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
            /// let copy = arena.alloc_slice_copy(&[1, 2, 3]);
            /// copy[0] = 10;
            /// assert_eq!(copy, &[10, 2, 3]);
            /// ```
            #[inline]
            #[track_caller]
            pub fn alloc_slice_copy<T: Copy>(&self, src: &[T]) -> &mut [T] {
                unwrap_alloc(self.try_alloc_slice_copy(src))
            }

            /// Copies `src` into the arena.
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
            /// assert_eq!(arena.try_alloc_slice_copy(b"abc")?, b"abc");
            /// # Ok::<(), bumpkit::AllocError>(())
            /// ```
            #[inline]
            pub fn try_alloc_slice_copy<T: Copy>(&self, src: &[T]) -> Result<&mut [T], AllocError> {
                try_alloc_slice_copy(self, src)
            }

            /// Clones `src` into the arena, front to back.
            ///
            /// The clones are never dropped, except that if a `clone` panics, the clones made so far
            /// are dropped before the panic continues.
            ///
            /// # Panics
            ///
            /// Panics if a new chunk would exceed the allocation limit or the global allocator fails,
            /// and passes on a panic of `T::clone`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let names = arena.alloc_slice_clone(&["a".to_string(), "b".to_string()]);
            /// assert_eq!(names[1], "b");
            /// ```
            #[inline]
            #[track_caller]
            pub fn alloc_slice_clone<T: Clone>(&self, src: &[T]) -> &mut [T] {
                unwrap_alloc(self.try_alloc_slice_clone(src))
            }

            /// Clones `src` into the arena, front to back.
            ///
            /// # Errors
            ///
            #[doc = concat!(" [`AllocError`] as [`", stringify!($arena), "::try_alloc`].")]
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
            /// assert_eq!(arena.try_alloc_slice_clone(&[vec![1], vec![2]])?[0], [1]);
            /// # Ok::<(), bumpkit::AllocError>(())
            /// ```
            #[inline]
            pub fn try_alloc_slice_clone<T: Clone>(&self, src: &[T]) -> Result<&mut [T], AllocError> {
                try_alloc_slice_clone(self, src)
            }

            /// Allocates `len` values, the one at index `i` made by `f(i)`, front to back.
            ///
            /// If `f` panics, the values made so far are dropped before the panic continues.
            ///
            /// # Panics
            ///
            /// Panics if `len` values of `T` overflow `isize::MAX` bytes, a new chunk would exceed
            /// the allocation limit or the global allocator fails, and passes on a panic of `f`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let squares = arena.alloc_slice_fill_with(5, |i| i * i);
            /// assert_eq!(squares, &[0, 1, 4, 9, 16]);
            /// ```
            #[inline]
            #[track_caller]
            pub fn alloc_slice_fill_with<T>(&self, len: usize, f: impl FnMut(usize) -> T) -> &mut [T] {
                unwrap_alloc(self.try_alloc_slice_fill_with(len, f))
            }

            /// Allocates `len` values, the one at index `i` made by `f(i)`, front to back.
            ///
            /// # Errors
            ///
            /// [`AllocError`] if `len` values of `T` overflow `isize::MAX` bytes, or as
            #[doc = concat!(" [`", stringify!($arena), "::try_alloc`]; `f` is then not called.")]
            ///
            /// # Panics
            ///
            /// Passes on a panic of `f`, after dropping the values made so far.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// assert_eq!(arena.try_alloc_slice_fill_with(3, |i| i as u8)?, &[0, 1, 2]);
            /// assert!(arena.try_alloc_slice_fill_with(usize::MAX, |_| 0u16).is_err());
            /// # Ok::<(), bumpkit::AllocError>(())
            /// ```
            #[inline]
            pub fn try_alloc_slice_fill_with<T>(
                &self,
                len: usize,
                f: impl FnMut(usize) -> T,
            ) -> Result<&mut [T], AllocError> {
                try_alloc_slice_fill_with(self, len, f)
            }

            /// Allocates the items of an exact-size iterator, in order.
            ///
            /// # Panics
            ///
            #[doc = concat!(" Panics if the allocation fails (as [`", stringify!($arena), "::alloc_slice_fill_with`]) or the iterator")]
            /// yields fewer items than its `len()` reported (the items taken are dropped); items past
            /// `len()` are not taken.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// let evens = arena.alloc_slice_fill_iter((0..5).map(|i| i * 2));
            /// assert_eq!(evens, &[0, 2, 4, 6, 8]);
            /// ```
            #[inline]
            #[track_caller]
            pub fn alloc_slice_fill_iter<I>(&self, iter: I) -> &mut [I::Item]
            where
                I: IntoIterator,
                I::IntoIter: ExactSizeIterator,
            {
                unwrap_alloc(self.try_alloc_slice_fill_iter(iter))
            }

            /// Allocates the items of an exact-size iterator, in order.
            ///
            /// # Errors
            ///
            #[doc = concat!(" [`AllocError`] as [`", stringify!($arena), "::try_alloc_slice_fill_with`].")]
            ///
            /// # Panics
            ///
            /// Panics if the iterator yields fewer items than its `len()` reported.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!(" use bumpkit::", stringify!($arena), ";")]
            ///
            #[doc = concat!(" let arena = ", stringify!($arena), "::new();")]
            /// assert_eq!(arena.try_alloc_slice_fill_iter([3, 2, 1])?, &[3, 2, 1]);
            /// # Ok::<(), bumpkit::AllocError>(())
            /// ```
            #[inline]
            pub fn try_alloc_slice_fill_iter<I>(&self, iter: I) -> Result<&mut [I::Item], AllocError>
            where
                I: IntoIterator,
                I::IntoIter: ExactSizeIterator,
            {
                try_alloc_slice_fill_iter(self, iter)
            }

            /// Copies `src` into the arena.
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
            /// let s = arena.alloc_str("hello");
            /// s.make_ascii_uppercase();
            /// assert_eq!(s, "HELLO");
            /// ```
            #[inline]
            #[track_caller]
            pub fn alloc_str(&self, src: &str) -> &mut str {
                unwrap_alloc(self.try_alloc_str(src))
            }

            /// Copies `src` into the arena.
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
            /// assert_eq!(arena.try_alloc_str("hi")?, "hi");
            /// # Ok::<(), bumpkit::AllocError>(())
            /// ```
            #[inline]
            pub fn try_alloc_str(&self, src: &str) -> Result<&mut str, AllocError> {
                try_alloc_str(self, src)
            }
        }

        $crate::typed_alloc::api_init::impl_typed_alloc_init_api!($arena);
        $crate::typed_alloc::api_fill::impl_typed_alloc_fill_api!($arena);
    };
}

pub(crate) use impl_typed_alloc_api;
