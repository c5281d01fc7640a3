//! Downcasts of boxed `dyn Any` and `dyn Error`, as std's `Box` has them.

use core::any::Any;
use core::error::Error;

use super::ArenaBox;
use crate::arena::Arena;

/// Writes `downcast` for each boxed `dyn Any` or `dyn Error` form, with docs and a doctest that
/// name the form; the `@impl` arm holds the one body all six share.
macro_rules! impl_downcast {
    (Any: $($form:ty),+ $(,)?) => {$(
        impl_downcast! {
            @impl $form, dyn Any, [Any];
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
            #[doc = concat!(
                " let any: ArenaBox<'_, ",
                stringify!($form),
                "> = unsize_box!(ArenaBox::new_in(7u32, &bump));"
            )]
            /// let any = any.downcast::<i64>().unwrap_err();
            /// let n: ArenaBox<'_, u32> = any.downcast().unwrap();
            /// assert_eq!(*n, 7);
            /// ```
        }
    )+};
    (Error: $($form:ty),+ $(,)?) => {$(
        impl_downcast! {
            @impl $form, dyn Error, [Error + 'static];
            /// Moves the error out as a box of its concrete type `T`, or returns the box unchanged if
            #[doc = concat!(
                " the error is not a `T`, as `Box<",
                stringify!($form),
                ">::downcast` does."
            )]
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
            #[doc = concat!(
                " let err: ArenaBox<'_, ",
                stringify!($form),
                "> = unsize_box!(ArenaBox::new_in(FmtError, &bump));"
            )]
            /// let err = err.downcast::<std::io::Error>().unwrap_err();
            /// assert_eq!(*err.downcast::<FmtError>().unwrap(), FmtError);
            /// ```
        }
    )+};
    (@impl $form:ty, $check:ty, [$($bound:tt)+]; $(#[$doc:meta])*) => {
        impl<'a, A: Arena> ArenaBox<'a, $form, A> {
            $(#[$doc])*
            pub fn downcast<T: $($bound)+>(self) -> Result<ArenaBox<'a, T, A>, Self> {
                if <$check>::is::<T>(&*self) {
                    let raw = ArenaBox::into_raw(self).cast::<T>();
                    // SAFETY: the value is a `T` (checked just above), so the thin pointer to it
                    // is the box's pointer with its metadata dropped; it came from `into_raw` of
                    // a box of an arena still borrowed for `'a`, used once.
                    Ok(unsafe { ArenaBox::from_raw(raw) })
                } else {
                    Err(self)
                }
            }
        }
    };
}

impl_downcast!(Any: dyn Any, dyn Any + Send, dyn Any + Send + Sync);
impl_downcast!(Error: dyn Error, dyn Error + Send, dyn Error + Send + Sync);
