//! `BumpBuilder`: chunk sizes, an initial capacity and a limit for a new arena.

use crate::error::{AllocError, unwrap_alloc};
use crate::raw::bump::Bump;
use crate::raw::layout_math::{ChunkGrowth, MIN_CHUNK_SIZE};
#[cfg(target_has_atomic = "ptr")]
use crate::raw::sync_bump::SyncBump;

/// Settings for a new arena: first and maximum chunk size, initial capacity, limit, and how
/// much memory a reset keeps.
///
/// Chunk sizes count what a chunk costs the global allocator, header included. Chunks start
/// at the first size and double up to the maximum; a request bigger than the maximum gets a
/// chunk of its own size.
///
/// # Examples
///
/// ```
/// use bumpkit::Bump;
///
/// let bump = Bump::builder()
///     .first_chunk_size(1 << 10)
///     .max_chunk_size(1 << 16)
///     .allocation_limit(Some(1 << 20))
///     .build();
/// assert_eq!(bump.allocation_limit(), Some(1 << 20));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub struct BumpBuilder {
    growth: ChunkGrowth,
    capacity: usize,
    limit: Option<usize>,
}

impl BumpBuilder {
    /// Returns the settings of [`Bump::new`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::BumpBuilder;
    ///
    /// let bump = BumpBuilder::new().build();
    /// assert_eq!(bump.stats().reserved_bytes, 0);
    /// ```
    pub const fn new() -> Self {
        Self {
            growth: ChunkGrowth::DEFAULT,
            capacity: 0,
            limit: None,
        }
    }

    /// Sets the size of the first chunk (rounded up to 128 bytes); the maximum is raised to
    /// it if smaller.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::builder().first_chunk_size(256).build();
    /// bump.alloc(0u8);
    /// assert!(bump.stats().reserved_bytes <= 256);
    /// ```
    pub const fn first_chunk_size(mut self, bytes: usize) -> Self {
        self.growth.first = if bytes < MIN_CHUNK_SIZE {
            MIN_CHUNK_SIZE
        } else {
            bytes
        };
        if self.growth.max < self.growth.first {
            self.growth.max = self.growth.first;
        }
        self
    }

    /// Sets the size past which chunks stop growing (raised to the first chunk size if
    /// smaller).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::builder().first_chunk_size(1024).max_chunk_size(1024).build();
    /// for _ in 0..100 {
    ///     bump.alloc([0u8; 100]);
    /// }
    /// let stats = bump.stats();
    /// assert!(stats.chunk_count > 1 && stats.reserved_bytes <= stats.chunk_count * 1024);
    /// ```
    pub const fn max_chunk_size(mut self, bytes: usize) -> Self {
        self.growth.max = if bytes < self.growth.first {
            self.growth.first
        } else {
            bytes
        };
        self
    }

    /// Makes the first chunk hold at least `bytes` bytes, allocated by `build`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::builder().capacity(100_000).build();
    /// assert!(bump.stats().reserved_bytes >= 100_000);
    /// ```
    pub const fn capacity(mut self, bytes: usize) -> Self {
        self.capacity = bytes;
        self
    }

    /// Caps the bytes of chunks [`Bump::reset`] keeps for the next round (no cap by default).
    ///
    /// Reset keeps one chunk as it is and merges several into one of their total size, so
    /// that repeated rounds need no heap allocation; the cap bounds that chunk. A round that
    /// needs more than the cap allocates again each time.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let mut bump = Bump::builder().retention_cap(64 << 10).build();
    /// bump.alloc_slice_fill_with(200_000, |i| i as u8);
    /// bump.reset();
    /// assert!(bump.stats().reserved_bytes <= 64 << 10);
    /// ```
    pub const fn retention_cap(mut self, bytes: usize) -> Self {
        self.growth.retain = bytes;
        self
    }

    /// Sets the [allocation limit](Bump::set_allocation_limit).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::builder().allocation_limit(Some(0)).build();
    /// assert!(bump.try_alloc(1u8).is_err());
    /// ```
    pub const fn allocation_limit(mut self, limit: Option<usize>) -> Self {
        self.limit = limit;
        self
    }

    /// Builds the arena.
    ///
    /// # Panics
    ///
    /// Panics if the capacity cannot be allocated (see [`BumpBuilder::try_build`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::builder().capacity(4096).build();
    /// assert_eq!(bump.stats().chunk_count, 1);
    /// ```
    #[track_caller]
    pub fn build(self) -> Bump {
        unwrap_alloc(self.try_build())
    }

    /// Builds the arena.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the capacity overflows `isize::MAX`, exceeds the limit, or the
    /// global allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// assert!(Bump::builder().capacity(1 << 20).allocation_limit(Some(1 << 10)).try_build().is_err());
    /// let bump = Bump::builder().capacity(1 << 10).try_build()?;
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_build(self) -> Result<Bump, AllocError> {
        let bump = Bump::with_growth(self.growth);
        bump.set_allocation_limit(self.limit);
        bump.reserve_chunk(self.capacity)?;
        Ok(bump)
    }

    /// Builds a thread-safe arena with these settings.
    ///
    /// # Panics
    ///
    /// Panics if the capacity cannot be allocated (see [`BumpBuilder::try_build_sync`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let arena = Bump::builder().capacity(4096).allocation_limit(Some(1 << 20)).build_sync();
    /// assert_eq!(arena.stats().chunk_count, 1);
    /// assert_eq!(arena.allocation_limit(), Some(1 << 20));
    /// ```
    #[cfg(target_has_atomic = "ptr")]
    #[track_caller]
    pub fn build_sync(self) -> SyncBump {
        unwrap_alloc(self.try_build_sync())
    }

    /// Builds a thread-safe arena with these settings.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if the capacity overflows `isize::MAX`, exceeds the limit, or the
    /// global allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let builder = Bump::builder().first_chunk_size(1024).max_chunk_size(1024);
    /// let arena = builder.capacity(512).try_build_sync()?;
    /// arena.alloc_slice_fill_with(1000, |i| i as u8);
    /// assert!(arena.stats().chunk_count > 1);
    /// assert!(builder.capacity(1 << 20).allocation_limit(Some(1 << 10)).try_build_sync().is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[cfg(target_has_atomic = "ptr")]
    pub fn try_build_sync(self) -> Result<SyncBump, AllocError> {
        let arena = SyncBump::with_growth(self.growth);
        arena.set_allocation_limit(self.limit);
        arena.reserve_chunk(self.capacity)?;
        Ok(arena)
    }
}

impl Default for BumpBuilder {
    fn default() -> Self {
        Self::new()
    }
}
