//! The `arena_vec!` and `format_in!` macros.

/// Creates an [`ArenaVec`](crate::ArenaVec) in an arena, like [`vec!`](alloc::vec!).
///
/// - `arena_vec![in &bump]` makes an empty vector;
/// - `arena_vec![in &bump; a, b, c]` a vector of the given elements (capacity exactly theirs);
/// - `arena_vec![in &bump; x; n]` a vector of `n` clones of `x`.
///
/// # Panics
///
/// Panics if the arena cannot allocate.
///
/// # Examples
///
/// ```
/// use bumpkit::{arena_vec, Bump};
///
/// let bump = Bump::new();
/// let words = arena_vec![in &bump; "a", "b", "c"];
/// let zeros = arena_vec![in &bump; 0u8; 4];
/// let empty: bumpkit::ArenaVec<u8> = arena_vec![in &bump];
/// assert_eq!((words.len(), zeros.as_slice(), empty.len()), (3, [0u8; 4].as_slice(), 0));
/// ```
#[macro_export]
macro_rules! arena_vec {
    (in $arena:expr $(;)?) => {
        $crate::ArenaVec::new_in($arena)
    };
    (in $arena:expr; $elem:expr; $n:expr) => {
        $crate::ArenaVec::from_elem_in($elem, $n, $arena)
    };
    (in $arena:expr; $($x:expr),+ $(,)?) => {
        $crate::ArenaVec::from_array_in([$($x),+], $arena)
    };
}

/// Formats into an [`ArenaString`](crate::ArenaString) in an arena, like
/// [`format!`](alloc::format!): `format_in!(in &bump, "{x} and {}", y)`.
///
/// # Panics
///
/// Panics if the arena cannot allocate or a formatting trait implementation returns an
/// error.
///
/// # Examples
///
/// ```
/// use bumpkit::{format_in, Bump};
///
/// let bump = Bump::new();
/// let (name, n) = ("arena", 3);
/// let s = format_in!(in &bump, "{name} #{n:03} {:?}", 'é');
/// assert_eq!(s, "arena #003 'é'");
/// ```
#[macro_export]
macro_rules! format_in {
    (in $arena:expr, $($arg:tt)+) => {{
        let mut string = $crate::ArenaString::new_in($arena);
        if ::core::fmt::Write::write_fmt(&mut string, ::core::format_args!($($arg)+)).is_err() {
            ::core::panic!("a formatting trait implementation returned an error");
        }
        string
    }};
}
