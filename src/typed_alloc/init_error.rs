//! [`AllocOrInitError`], the error of the `try_` forms whose initialiser can fail.

use core::fmt;

use crate::error::{AllocError, unwrap_alloc};

/// The error of a `try_` allocation whose initialiser can fail as well: either the arena
/// could not allocate, or the initialiser returned an error.
///
/// It is what [`Bump::try_alloc_try_with`](crate::Bump::try_alloc_try_with) and
/// [`Bump::try_alloc_slice_try_fill_with`](crate::Bump::try_alloc_slice_try_fill_with) (and
/// their `SyncBump` and `LocalBump` twins) return; the panicking forms return the
/// initialiser's error alone.
///
/// # Examples
///
/// ```
/// use bumpkit::{AllocOrInitError, Bump};
///
/// let bump = Bump::new();
/// let err = bump.try_alloc_try_with(|| "x".parse::<u8>()).unwrap_err();
/// assert!(matches!(err, AllocOrInitError::Init(_)));
/// let full = Bump::new();
/// full.set_allocation_limit(Some(0));
/// let err = full.try_alloc_try_with(|| Ok::<_, ()>(1u8)).unwrap_err();
/// assert!(matches!(err, AllocOrInitError::Alloc(_)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocOrInitError<E> {
    /// The arena could not allocate; the initialiser was not called.
    Alloc(AllocError),
    /// The initialiser returned this error; the space taken for the value was given back
    /// when it was still the newest block.
    Init(E),
}

impl<E> AllocOrInitError<E> {
    /// Returns the initialiser's error, or `None` for an allocation failure.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// let err = bump.try_alloc_try_with(|| Err::<u8, _>("bad")).unwrap_err();
    /// assert_eq!(err.into_init(), Some("bad"));
    /// ```
    #[must_use]
    pub fn into_init(self) -> Option<E> {
        match self {
            Self::Alloc(_) => None,
            Self::Init(err) => Some(err),
        }
    }
}

impl<E> From<AllocError> for AllocOrInitError<E> {
    fn from(err: AllocError) -> Self {
        Self::Alloc(err)
    }
}

impl<E: fmt::Display> fmt::Display for AllocOrInitError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Alloc(err) => fmt::Display::fmt(err, f),
            Self::Init(err) => write!(f, "bumpkit: the initialiser failed: {err}"),
        }
    }
}

impl<E: core::error::Error + 'static> core::error::Error for AllocOrInitError<E> {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Alloc(err) => Some(err),
            Self::Init(err) => Some(err),
        }
    }
}

/// Unwraps the allocation half of a `try_` form's result for its panicking twin, which
/// returns the initialiser's error alone.
#[inline(always)]
#[track_caller]
pub(crate) fn unwrap_alloc_or_init<T, E>(result: Result<T, AllocOrInitError<E>>) -> Result<T, E> {
    match result {
        Ok(value) => Ok(value),
        Err(AllocOrInitError::Init(err)) => Err(err),
        Err(AllocOrInitError::Alloc(err)) => unwrap_alloc(Err(err)),
    }
}
