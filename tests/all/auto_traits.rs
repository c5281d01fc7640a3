//! Send/Sync, unwind-safety and size facts, pinned at compile time.

use core::panic::{RefUnwindSafe, UnwindSafe};

use bumpkit::{AllocError, Bump, BumpBuilder, BumpScope, LocalBump, Stats, SyncBump};
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
