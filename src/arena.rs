//! `Arena`: the bound that lets every collection live in either arena.

use crate::raw::RawArena;
use crate::raw::bump::Bump;
#[cfg(target_has_atomic = "ptr")]
use crate::raw::local_bump::LocalBump;
#[cfg(target_has_atomic = "ptr")]
use crate::raw::sync_bump::SyncBump;

/// An arena the collections can live in: [`Bump`], [`SyncBump`] and its [`LocalBump`]
/// handles.
///
/// The trait is sealed: its methods are internal, and only this crate's arenas implement it.
/// It exists so that a collection type can name the arena it lives in, as in
/// `ArenaVec<'a, T, A: Arena = Bump>`.
///
/// # Examples
///
/// ```
/// use bumpkit::{Arena, Bump};
///
/// fn total_allocated<A: Arena>(_arena: &A) -> bool {
///     true
/// }
/// assert!(total_allocated(&Bump::new()));
/// ```
#[expect(
    private_bounds,
    reason = "the supertrait seals `Arena` and keeps its methods internal"
)]
pub trait Arena: RawArena {}

impl Arena for Bump {}
#[cfg(target_has_atomic = "ptr")]
impl Arena for SyncBump {}
#[cfg(target_has_atomic = "ptr")]
impl Arena for LocalBump<'_> {}
