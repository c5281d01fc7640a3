//! The `arena_vec!` macro.

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
