//! The one error type of the crate and the cold helpers the panicking forms share.

use core::alloc::Layout;
use core::fmt;

/// The error every `try_` method returns when an allocation cannot be made.
///
/// It names the request that failed and why ([`AllocError::kind`]). The panicking twins
/// (`alloc`, `push`, ...) panic with the same text as this error's [`Display`](fmt::Display).
///
/// # Examples
///
/// ```
/// use bumpkit::{AllocErrorKind, Bump};
///
/// let bump = Bump::new();
/// let err = bump.try_alloc_slice_fill_with(usize::MAX, |_| 0u64).unwrap_err();
/// assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
/// assert!(err.to_string().contains("elements of 8 bytes"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AllocError {
    kind: AllocErrorKind,
    request: Request,
}

/// Why an allocation failed.
///
/// # Examples
///
/// ```
/// use bumpkit::{AllocErrorKind, Bump};
///
/// let bump = Bump::new();
/// bump.set_allocation_limit(Some(0));
/// assert_eq!(bump.try_alloc(1u8).unwrap_err().kind(), AllocErrorKind::LimitReached);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AllocErrorKind {
    /// The requested size cannot be represented: `len * size_of::<T>()` or the chunk that
    /// would hold it overflows `isize::MAX` bytes.
    SizeOverflow,
    /// A new chunk would take the arena past its [allocation limit](crate::Bump::set_allocation_limit).
    LimitReached,
    /// The base allocator returned null.
    OutOfMemory,
    /// The request contradicts itself, as a slice whose length exceeds its capacity in
    /// [`Maker::try_make_slice`](crate::Maker::try_make_slice).
    InvalidArgument,
}

/// What was asked for, kept for the error message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Request {
    Bytes { size: usize, align: usize },
    Elements { count: usize, elem_size: usize },
    LengthOverCapacity { len: usize, capacity: usize },
}

impl AllocError {
    /// An error for a request described by a layout.
    pub(crate) const fn for_layout(kind: AllocErrorKind, layout: Layout) -> Self {
        Self {
            kind,
            request: Request::Bytes {
                size: layout.size(),
                align: layout.align(),
            },
        }
    }

    /// An error for a request of `count` elements of `elem_size` bytes each.
    pub(crate) const fn for_elements(kind: AllocErrorKind, count: usize, elem_size: usize) -> Self {
        Self {
            kind,
            request: Request::Elements { count, elem_size },
        }
    }

    /// An error for a slice of length `len` asked to fit a capacity of `capacity < len`.
    pub(crate) const fn length_over_capacity(len: usize, capacity: usize) -> Self {
        Self {
            kind: AllocErrorKind::InvalidArgument,
            request: Request::LengthOverCapacity { len, capacity },
        }
    }

    /// Returns why the allocation failed.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{AllocErrorKind, Bump};
    ///
    /// let bump = Bump::new();
    /// let err = bump.try_alloc_slice_copy(&[0u8; 0][..]).map(|_| ()).err();
    /// assert_eq!(err, None);
    /// let err = bump.try_alloc_slice_fill_with(usize::MAX / 2, |_| 0u32).unwrap_err();
    /// assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    /// ```
    #[must_use]
    pub const fn kind(&self) -> AllocErrorKind {
        self.kind
    }
}

impl fmt::Display for AllocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.request {
            Request::Bytes { size, align } => {
                write!(
                    f,
                    "bumpkit: cannot allocate {size} bytes aligned to {align}"
                )?;
            }
            Request::Elements { count, elem_size } => {
                write!(
                    f,
                    "bumpkit: cannot allocate {count} elements of {elem_size} bytes"
                )?;
            }
            Request::LengthOverCapacity { len, capacity } => {
                write!(
                    f,
                    "bumpkit: a slice length of {len} exceeds its capacity of {capacity}"
                )?;
            }
        }
        f.write_str(match self.kind {
            AllocErrorKind::SizeOverflow => " (the size overflows isize::MAX)",
            AllocErrorKind::LimitReached => " (the arena's allocation limit is reached)",
            AllocErrorKind::OutOfMemory => " (the base allocator is out of memory)",
            AllocErrorKind::InvalidArgument => " (invalid argument)",
        })
    }
}

impl core::error::Error for AllocError {}

/// Unwraps the result of a `try_` form for its panicking twin.
#[inline(always)]
#[track_caller]
pub(crate) fn unwrap_alloc<T>(result: Result<T, AllocError>) -> T {
    match result {
        Ok(value) => value,
        Err(err) => alloc_failed(err),
    }
}

/// Panics with the error's message; kept out of line so the hot paths stay small.
#[cold]
#[inline(never)]
#[track_caller]
pub(crate) fn alloc_failed(err: AllocError) -> ! {
    panic!("{err}")
}
