//! Downcasts of boxed `dyn Any` and `dyn Error`, as std's `Box` has them.

use core::any::Any;
use core::error::Error;

use super::ArenaBox;
use crate::arena::Arena;

impl<'a, A: Arena> ArenaBox<'a, dyn Any, A> {
    /// Moves the value out as a box of its concrete type `T`, or returns the box unchanged if
    /// the value is not a `T`.
    ///
    /// # Errors
    ///
    /// The box itself, untouched, if the value is not a `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{unsize_box, ArenaBox, Bump};
    /// use core::any::Any;
    ///
    /// let bump = Bump::new();
    /// let any: ArenaBox<'_, dyn Any> = unsize_box!(ArenaBox::new_in(7u32, &bump));
    /// let any = any.downcast::<i64>().unwrap_err();
    /// let n: ArenaBox<'_, u32> = any.downcast().unwrap();
    /// assert_eq!(*n, 7);
    /// ```
    pub fn downcast<T: Any>(self) -> Result<ArenaBox<'a, T, A>, Self> {
        if <dyn Any>::is::<T>(&*self) {
            let raw = ArenaBox::into_raw(self).cast::<T>();
            // SAFETY: the value is a `T` (checked just above), so the thin pointer to it is the
            // box's pointer with its metadata dropped; it came from `into_raw` of a box of an
            // arena still borrowed for `'a`, used once.
            Ok(unsafe { ArenaBox::from_raw(raw) })
        } else {
            Err(self)
        }
    }
}

impl<'a, A: Arena> ArenaBox<'a, dyn Any + Send, A> {
    /// Moves the value out as a box of its concrete type `T`, or returns the box unchanged if
    /// the value is not a `T`.
    ///
    /// # Errors
    ///
    /// The box itself, untouched, if the value is not a `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{unsize_box, ArenaBox, Bump};
    /// use core::any::Any;
    ///
    /// let bump = Bump::new();
    /// let any: ArenaBox<'_, dyn Any + Send> = unsize_box!(ArenaBox::new_in(7u32, &bump));
    /// let any = any.downcast::<i64>().unwrap_err();
    /// let n: ArenaBox<'_, u32> = any.downcast().unwrap();
    /// assert_eq!(*n, 7);
    /// ```
    pub fn downcast<T: Any>(self) -> Result<ArenaBox<'a, T, A>, Self> {
        if <dyn Any>::is::<T>(&*self) {
            let raw = ArenaBox::into_raw(self).cast::<T>();
            // SAFETY: the value is a `T` (checked just above), so the thin pointer to it is the
            // box's pointer with its metadata dropped; it came from `into_raw` of a box of an
            // arena still borrowed for `'a`, used once.
            Ok(unsafe { ArenaBox::from_raw(raw) })
        } else {
            Err(self)
        }
    }
}

impl<'a, A: Arena> ArenaBox<'a, dyn Any + Send + Sync, A> {
    /// Moves the value out as a box of its concrete type `T`, or returns the box unchanged if
    /// the value is not a `T`.
    ///
    /// # Errors
    ///
    /// The box itself, untouched, if the value is not a `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{unsize_box, ArenaBox, Bump};
    /// use core::any::Any;
    ///
    /// let bump = Bump::new();
    /// let any: ArenaBox<'_, dyn Any + Send + Sync> = unsize_box!(ArenaBox::new_in(7u32, &bump));
    /// let any = any.downcast::<i64>().unwrap_err();
    /// let n: ArenaBox<'_, u32> = any.downcast().unwrap();
    /// assert_eq!(*n, 7);
    /// ```
    pub fn downcast<T: Any>(self) -> Result<ArenaBox<'a, T, A>, Self> {
        if <dyn Any>::is::<T>(&*self) {
            let raw = ArenaBox::into_raw(self).cast::<T>();
            // SAFETY: the value is a `T` (checked just above), so the thin pointer to it is the
            // box's pointer with its metadata dropped; it came from `into_raw` of a box of an
            // arena still borrowed for `'a`, used once.
            Ok(unsafe { ArenaBox::from_raw(raw) })
        } else {
            Err(self)
        }
    }
}

impl<'a, A: Arena> ArenaBox<'a, dyn Error, A> {
    /// Moves the error out as a box of its concrete type `T`, or returns the box unchanged if
    /// the error is not a `T`, as `Box<dyn Error>::downcast` does.
    ///
    /// # Errors
    ///
    /// The box itself, untouched, if the error is not a `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{unsize_box, ArenaBox, Bump};
    /// use core::error::Error;
    /// use core::fmt::Error as FmtError;
    ///
    /// let bump = Bump::new();
    /// let err: ArenaBox<'_, dyn Error> = unsize_box!(ArenaBox::new_in(FmtError, &bump));
    /// let err = err.downcast::<std::io::Error>().unwrap_err();
    /// assert_eq!(*err.downcast::<FmtError>().unwrap(), FmtError);
    /// ```
    pub fn downcast<T: Error + 'static>(self) -> Result<ArenaBox<'a, T, A>, Self> {
        if <dyn Error>::is::<T>(&*self) {
            let raw = ArenaBox::into_raw(self).cast::<T>();
            // SAFETY: the error is a `T` (checked just above), so the thin pointer to it is the
            // box's pointer with its metadata dropped; it came from `into_raw` of a box of an
            // arena still borrowed for `'a`, used once.
            Ok(unsafe { ArenaBox::from_raw(raw) })
        } else {
            Err(self)
        }
    }
}

impl<'a, A: Arena> ArenaBox<'a, dyn Error + Send, A> {
    /// Moves the error out as a box of its concrete type `T`, or returns the box unchanged if
    /// the error is not a `T`, as `Box<dyn Error + Send>::downcast` does.
    ///
    /// # Errors
    ///
    /// The box itself, untouched, if the error is not a `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{unsize_box, ArenaBox, Bump};
    /// use core::error::Error;
    /// use core::fmt::Error as FmtError;
    ///
    /// let bump = Bump::new();
    /// let err: ArenaBox<'_, dyn Error + Send> = unsize_box!(ArenaBox::new_in(FmtError, &bump));
    /// let err = err.downcast::<std::io::Error>().unwrap_err();
    /// assert_eq!(*err.downcast::<FmtError>().unwrap(), FmtError);
    /// ```
    pub fn downcast<T: Error + 'static>(self) -> Result<ArenaBox<'a, T, A>, Self> {
        if <dyn Error>::is::<T>(&*self) {
            let raw = ArenaBox::into_raw(self).cast::<T>();
            // SAFETY: the error is a `T` (checked just above), so the thin pointer to it is the
            // box's pointer with its metadata dropped; it came from `into_raw` of a box of an
            // arena still borrowed for `'a`, used once.
            Ok(unsafe { ArenaBox::from_raw(raw) })
        } else {
            Err(self)
        }
    }
}

impl<'a, A: Arena> ArenaBox<'a, dyn Error + Send + Sync, A> {
    /// Moves the error out as a box of its concrete type `T`, or returns the box unchanged if
    /// the error is not a `T`, as `Box<dyn Error + Send + Sync>::downcast` does.
    ///
    /// # Errors
    ///
    /// The box itself, untouched, if the error is not a `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{unsize_box, ArenaBox, Bump};
    /// use core::error::Error;
    /// use core::fmt::Error as FmtError;
    ///
    /// let bump = Bump::new();
    /// let err: ArenaBox<'_, dyn Error + Send + Sync> = unsize_box!(ArenaBox::new_in(FmtError, &bump));
    /// let err = err.downcast::<std::io::Error>().unwrap_err();
    /// assert_eq!(*err.downcast::<FmtError>().unwrap(), FmtError);
    /// ```
    pub fn downcast<T: Error + 'static>(self) -> Result<ArenaBox<'a, T, A>, Self> {
        if <dyn Error>::is::<T>(&*self) {
            let raw = ArenaBox::into_raw(self).cast::<T>();
            // SAFETY: the error is a `T` (checked just above), so the thin pointer to it is the
            // box's pointer with its metadata dropped; it came from `into_raw` of a box of an
            // arena still borrowed for `'a`, used once.
            Ok(unsafe { ArenaBox::from_raw(raw) })
        } else {
            Err(self)
        }
    }
}
