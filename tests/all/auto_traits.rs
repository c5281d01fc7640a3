//! Send/Sync, unwind-safety and size facts, pinned at compile time.

use core::cell::Cell;
use core::panic::{RefUnwindSafe, UnwindSafe};
use std::rc::Rc;
use std::sync::MutexGuard;

use bumpkit::collections::vec::{Drain, IntoIter};
use bumpkit::{AllocError, ArenaVec, Bump, BumpBuilder, BumpScope, LocalBump, Stats, SyncBump};
use static_assertions::{assert_impl_all, assert_not_impl_any};

assert_impl_all!(Bump: Send, Default, UnwindSafe, RefUnwindSafe, core::fmt::Debug);
assert_not_impl_any!(Bump: Sync, Clone);
assert_impl_all!(BumpScope<'static>: Send);
assert_not_impl_any!(BumpScope<'static>: Sync, Clone);
assert_impl_all!(AllocError: Send, Sync, Copy, std::error::Error);
assert_impl_all!(Stats: Send, Sync, Copy, Default);
assert_impl_all!(BumpBuilder: Send, Sync, Copy, Default);
assert_impl_all!(SyncBump: Send, Sync, Default, UnwindSafe, RefUnwindSafe, core::fmt::Debug);
assert_not_impl_any!(SyncBump: Clone);
assert_impl_all!(LocalBump<'static>: Send, core::fmt::Debug);
assert_not_impl_any!(LocalBump<'static>: Sync, Clone);

// A `Bump`-backed vector holds `&Bump`, and `Bump` is `!Sync`: the vector, its iterators and
// its drain stay on their thread whatever `T` is.
assert_not_impl_any!(ArenaVec<'static, u32>: Send, Sync);
assert_not_impl_any!(IntoIter<'static, u32>: Send, Sync);
assert_not_impl_any!(Drain<'static, 'static, u32>: Send, Sync);
assert_impl_all!(ArenaVec<'static, u32>: UnwindSafe, RefUnwindSafe, core::fmt::Debug, Clone);
assert_impl_all!(ArenaVec<'static, u32>: Eq, Ord, core::hash::Hash, AsRef<[u32]>);
assert_impl_all!(IntoIter<'static, u32>: ExactSizeIterator, DoubleEndedIterator);
#[cfg(feature = "std")]
assert_impl_all!(ArenaVec<'static, u8>: std::io::Write);
assert_not_impl_any!(ArenaVec<'static, u32>: Copy, Default);

// On a `Sync` arena the vector follows its elements: `Send` needs `T: Send`, `Sync` needs
// `T: Sync` (`Cell` is `Send + !Sync`, `MutexGuard` is `Sync + !Send`, `Rc` neither).
assert_impl_all!(ArenaVec<'static, u32, SyncBump>: Send, Sync);
assert_impl_all!(IntoIter<'static, u32, SyncBump>: Send, Sync);
assert_impl_all!(Drain<'static, 'static, u32, SyncBump>: Send, Sync);
assert_impl_all!(ArenaVec<'static, Cell<u32>, SyncBump>: Send);
assert_not_impl_any!(ArenaVec<'static, Cell<u32>, SyncBump>: Sync);
assert_impl_all!(ArenaVec<'static, MutexGuard<'static, u32>, SyncBump>: Sync);
assert_not_impl_any!(ArenaVec<'static, MutexGuard<'static, u32>, SyncBump>: Send);
assert_not_impl_any!(ArenaVec<'static, Rc<u32>, SyncBump>: Send, Sync);
assert_not_impl_any!(IntoIter<'static, Rc<u32>, SyncBump>: Send, Sync);
// A `LocalBump` handle is `Send` but `!Sync`, so a vector in it stays on its thread.
assert_not_impl_any!(ArenaVec<'static, u32, LocalBump<'static>>: Send, Sync);

/// `ArenaVec` is covariant in its arena lifetime and element type, like `Vec`.
#[allow(dead_code, reason = "compiled, never called")]
fn arena_vec_is_covariant<'long: 'short, 'short>(
    v: ArenaVec<'long, &'long str>,
) -> ArenaVec<'short, &'short str> {
    v
}

/// So is its by-value iterator.
#[allow(dead_code, reason = "compiled, never called")]
fn into_iter_is_covariant<'long: 'short, 'short>(
    v: IntoIter<'long, &'long str>,
) -> IntoIter<'short, &'short str> {
    v
}

// On the thread-safe arena a collection is as `Send`/`Sync` as its elements, like `Vec`; on a
// local handle (`!Sync`) it stays on its thread, since its clones would share the handle.
assert_impl_all!(ArenaVec<'static, u32, SyncBump>: Send, Sync);
assert_impl_all!(ArenaVec<'static, core::cell::Cell<u32>, SyncBump>: Send);
assert_not_impl_any!(ArenaVec<'static, core::cell::Cell<u32>, SyncBump>: Sync);
assert_not_impl_any!(ArenaVec<'static, std::rc::Rc<u32>, SyncBump>: Send, Sync);
assert_impl_all!(IntoIter<'static, u32, SyncBump>: Send, Sync);
assert_impl_all!(bumpkit::ArenaString<'static, SyncBump>: Send, Sync);
assert_impl_all!(bumpkit::ArenaBox<'static, u32, SyncBump>: Send, Sync);
assert_not_impl_any!(bumpkit::ArenaBox<'static, std::rc::Rc<u32>, SyncBump>: Send, Sync);
assert_not_impl_any!(ArenaVec<'static, u32, LocalBump<'static>>: Send, Sync);
assert_not_impl_any!(bumpkit::ArenaString<'static, LocalBump<'static>>: Send, Sync);
// A box never touches its arena after construction, so it may leave a local handle's thread.
assert_impl_all!(bumpkit::ArenaBox<'static, u32, LocalBump<'static>>: Send, Sync);

/// `Drain` is covariant in its element type, like std's.
#[allow(dead_code, reason = "compiled, never called")]
fn drain_is_covariant<'v, 'long: 'short, 'short>(
    d: Drain<'v, 'long, &'long str>,
) -> Drain<'v, 'short, &'short str> {
    d
}

// `Drain` (now a pointer inside) keeps the auto traits of the `&mut ArenaVec` it stands for;
// `Splice` and `ExtractIf` follow it.
assert_impl_all!(Drain<'static, 'static, Cell<u32>, SyncBump>: Send);
assert_not_impl_any!(Drain<'static, 'static, Cell<u32>, SyncBump>: Sync);
assert_not_impl_any!(Drain<'static, 'static, Rc<u32>, SyncBump>: Send, Sync);
assert_impl_all!(bumpkit::collections::vec::Splice<'static, 'static, std::vec::IntoIter<u32>, SyncBump>: Send, Sync);
assert_not_impl_any!(bumpkit::collections::vec::Splice<'static, 'static, std::vec::IntoIter<u32>>: Send, Sync);
assert_impl_all!(bumpkit::collections::vec::ExtractIf<'static, 'static, u32, fn(&mut u32) -> bool, SyncBump>: Send, Sync);
assert_impl_all!(IntoIter<'static, u32>: Clone, AsRef<[u32]>);
assert_impl_all!(Drain<'static, 'static, u32>: AsRef<[u32]>);
