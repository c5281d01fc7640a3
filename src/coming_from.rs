//! Coming from bumpalo or bump-scope: the names to change and the differences that matter.
//!
//! Porting is mostly a rename. The tables map the peers' items to ours; the sections after
//! them list what behaves differently.
//!
//! # From bumpalo
//!
//! | bumpalo | bumpkit |
//! |---|---|
//! | `bumpalo::Bump` | [`Bump`] (one thread), [`SyncBump`] (shared between threads) |
//! | `Bump::new`, `with_capacity`, `try_with_capacity` | the same names |
//! | `Bump::alloc`, `alloc_with`, `try_alloc`, `try_alloc_with` | the same names |
//! | `Bump::alloc_try_with`, `try_alloc_try_with` | the same names ([`AllocOrInitError`] for the second) |
//! | `Bump::alloc_str`, `alloc_slice_copy`, `alloc_slice_clone` | the same names |
//! | `Bump::alloc_slice_fill_with`, `_fill_copy`, `_fill_clone`, `_fill_default`, `_fill_iter` | the same names |
//! | `Bump::alloc_slice_try_fill_with`, `alloc_slice_try_fill_iter` | the same names |
//! | `Bump::alloc_layout`, `try_alloc_layout` | the same names |
//! | `Bump::reset` | [`Bump::reset`] (also `&mut self`) |
//! | `Bump::allocated_bytes` (bytes of all chunks), `chunk_capacity` | [`Bump::stats`]`().reserved_bytes`, [`Bump::remaining`] |
//! | `Bump::iter_allocated_chunks`, `with_min_align` | no equivalent |
//! | `Bump::set_allocation_limit`, `allocation_limit` | the same names |
//! | `bumpalo::collections::Vec` | [`ArenaVec`] |
//! | `Vec::new_in`, `with_capacity_in`, `from_iter_in` | the same names |
//! | `Vec::into_bump_slice`, `into_bump_slice_mut` | [`ArenaVec::into_arena_slice`] or [`ArenaVec::leak`] |
//! | `bumpalo::vec![in &b; ..]` | [`arena_vec!`]`[in &b; ..]` |
//! | `bumpalo::collections::String` | [`ArenaString`] |
//! | `String::from_str_in`, `into_bump_str` | [`ArenaString::from_str_in`], [`ArenaString::into_arena_str`] or [`ArenaString::leak`] |
//! | `bumpalo::format!(in &b, ..)` | [`format_in!`]`(in &b, ..)` |
//! | `bumpalo::boxed::Box` | [`ArenaBox`] |
//! | `Box::new_in`, `into_raw`, `from_raw`, `leak` | the same names |
//! | `CollectIn::collect_in` | [`CollectIn::collect_in`] |
//! | `&Bump` as an `allocator_api2` allocator | the same, feature `allocator-api2` |
//!
//! # From bump-scope
//!
//! | bump-scope | bumpkit |
//! |---|---|
//! | `Bump`, `BumpScope` | [`Bump`], [`BumpScope`] |
//! | `Bump::scoped(\|b\| ..)`, `scope_guard` | [`Bump::scope`]`(\|b\| ..)`, [`Bump::scope_guard`] |
//! | `Bump::alloc_iter`, `alloc_iter_exact` | [`Bump::alloc_slice_from_iter`], [`Bump::alloc_slice_fill_iter`] |
//! | `Bump::alloc_slice_fill` | [`Bump::alloc_slice_fill_clone`] / [`Bump::alloc_slice_fill_copy`] |
//! | `Bump::alloc_uninit`, `alloc_uninit_slice` | the same names |
//! | `Bump::stats()` | [`Bump::stats`] |
//! | `BumpVec`, `bump_vec![in &b; ..]` | [`ArenaVec`], [`arena_vec!`]`[in &b; ..]` |
//! | `BumpVec::into_slice` | [`ArenaVec::into_boxed_slice`] (drops its elements) or [`ArenaVec::leak`] |
//! | `BumpString`, `bump_format!(in &b, ..)` | [`ArenaString`], [`format_in!`]`(in &b, ..)` |
//! | `BumpBox`, `BumpBox::into_raw`, `from_raw` | [`ArenaBox`], the same names |
//! | `unsize_bump_box!` | [`unsize_box!`](crate::unsize_box) |
//!
//! # What behaves differently
//!
//! - **What is dropped.** As in both peers, values placed with [`Bump::alloc`] and the other
//!   `alloc_*` methods are never dropped. [`ArenaVec`], [`ArenaString`] and [`ArenaBox`] drop
//!   what they own, like bumpalo's collections and bump-scope's `BumpBox`/`BumpVec`.
//!   [`ArenaVec`] drops front to back, also when an element's `Drop` panics.
//! - **Giving memory back.** Dropping or shrinking a collection whose buffer is the arena's
//!   newest block gives its bytes back; bumpalo never reuses them before `reset`.
//! - **Growing in place.** bumpkit bumps upward, so the newest [`ArenaVec`] or [`ArenaString`]
//!   grows without copying; bumpalo (which bumps downward) copies on every growth.
//! - **Threads.** [`Bump`] is `Send` but not `Sync`, as bumpalo's. Collections in a [`Bump`]
//!   stay on their thread; collections in a [`SyncBump`] are `Send` when their elements are.
//!   bumpalo has no shared arena; [`SyncBump`] is one.
//! - **Pinning.** An [`ArenaBox`] can be forgotten and its memory reused by the next reset
//!   without its value being dropped, which `Pin` forbids. So `ArenaBox::pin_in` and
//!   `into_pin` need an arena borrowed for `'static`; otherwise pinning a `!Unpin` value is
//!   [`ArenaBox::with_pinned_in`] (safe, scoped) or `ArenaBox::into_pin_unchecked` (`unsafe`:
//!   never forget the box). bumpalo's `Box::pin_in` has no such limit.
//! - **Errors.** `try_*` methods return [`AllocError`], which says why (limit, overflow, the
//!   base allocator); the panicking forms name the request in their message.
//!
//! # Examples
//!
//! The same function with bumpalo and with bumpkit:
//!
//! ```
//! // Before: bumpalo.
//! fn words_bumpalo<'b>(text: &str, bump: &'b bumpalo::Bump) -> &'b [&'b str] {
//!     let mut words = bumpalo::collections::Vec::new_in(bump);
//!     for word in text.split_whitespace() {
//!         words.push(&*bump.alloc_str(word));
//!     }
//!     words.into_bump_slice()
//! }
//!
//! // After: bumpkit.
//! fn words_bumpkit<'b>(text: &str, bump: &'b bumpkit::Bump) -> &'b [&'b str] {
//!     let mut words = bumpkit::ArenaVec::new_in(bump);
//!     for word in text.split_whitespace() {
//!         words.push(&*bump.alloc_str(word));
//!     }
//!     words.into_arena_slice()
//! }
//!
//! let (a, b) = (bumpalo::Bump::new(), bumpkit::Bump::new());
//! assert_eq!(words_bumpalo("to be or not", &a), words_bumpkit("to be or not", &b));
//! ```
//!
//! [`Bump`]: crate::Bump
//! [`SyncBump`]: crate::SyncBump
//! [`BumpScope`]: crate::BumpScope
//! [`Bump::reset`]: crate::Bump::reset
//! [`Bump::stats`]: crate::Bump::stats
//! [`Bump::remaining`]: crate::Bump::remaining
//! [`Bump::scope`]: crate::Bump::scope
//! [`Bump::scope_guard`]: crate::Bump::scope_guard
//! [`Bump::alloc`]: crate::Bump::alloc
//! [`Bump::alloc_slice_from_iter`]: crate::Bump::alloc_slice_from_iter
//! [`Bump::alloc_slice_fill_iter`]: crate::Bump::alloc_slice_fill_iter
//! [`Bump::alloc_slice_fill_clone`]: crate::Bump::alloc_slice_fill_clone
//! [`Bump::alloc_slice_fill_copy`]: crate::Bump::alloc_slice_fill_copy
//! [`AllocError`]: crate::AllocError
//! [`AllocOrInitError`]: crate::AllocOrInitError
//! [`ArenaVec`]: crate::ArenaVec
//! [`ArenaVec::into_arena_slice`]: crate::ArenaVec::into_arena_slice
//! [`ArenaVec::leak`]: crate::ArenaVec::leak
//! [`ArenaVec::into_boxed_slice`]: crate::ArenaVec::into_boxed_slice
//! [`ArenaString`]: crate::ArenaString
//! [`ArenaString::from_str_in`]: crate::ArenaString::from_str_in
//! [`ArenaString::into_arena_str`]: crate::ArenaString::into_arena_str
//! [`ArenaString::leak`]: crate::ArenaString::leak
//! [`ArenaBox`]: crate::ArenaBox
//! [`ArenaBox::with_pinned_in`]: crate::ArenaBox::with_pinned_in
//! [`CollectIn::collect_in`]: crate::CollectIn::collect_in
//! [`arena_vec!`]: crate::arena_vec
//! [`format_in!`]: crate::format_in
