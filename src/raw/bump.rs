//! `Bump`, the single-threaded arena: the inlined fast path, the cold refill, reset, scopes
//! and the allocation limit. What it holds (statistics, chunks) is in `memory.rs`, and how
//! collections resize its blocks (the `RawArena` implementation) in `raw_arena.rs`.

use core::alloc::Layout;
use core::cell::Cell;
use core::fmt;
use core::ops::Deref;
use core::ptr::NonNull;
use core::sync::atomic::Ordering;

use super::chunk::{Checkpoint, ChunkList, ChunkRef};
use super::dangling_for;
use super::layout_math::{self, CHUNK_ALIGN, ChunkGrowth};
use crate::builder::BumpBuilder;
use crate::error::{AllocError, AllocErrorKind, unwrap_alloc};

mod memory;
mod raw_arena;

/// A single-threaded bump arena: allocation is a pointer bump, and everything is freed at once.
///
/// `Bump` hands out memory from chunks it gets from the global allocator, growing by chunks
/// of geometrically increasing size. Nothing is freed one by one; [`Bump::reset`], a
/// [scope](Bump::scope) or dropping the arena releases everything at once.
///
/// Values placed with [`Bump::alloc`] and its relatives are **never dropped**: their memory is
/// reused, their destructors do not run. Put values that own resources in an `ArenaBox` or
/// `ArenaVec`, or a `TypedArena`.
///
/// `Bump` is [`Send`] but not [`Sync`]; `SyncBump` is shared between threads.
///
/// # Examples
///
/// ```
/// use bumpkit::Bump;
///
/// let mut bump = Bump::new();
/// let x = bump.alloc(40u32);
/// *x += 2;
/// let name = bump.alloc_str("forty-two");
/// assert_eq!((*x, &*name), (42, "forty-two"));
/// bump.reset();
/// assert_eq!(bump.stats().allocated_bytes, 0);
/// ```
pub struct Bump {
    // Invariants:
    // - [cursor] with a current chunk, `pos <= end`, both inside (or one past) its data, and
    //   `end` is its end; without one, both are `EMPTY`. Only this arena hands out the bytes
    //   in `pos..end`. `end` is a multiple of `CHUNK_ALIGN` (chunk sizes are, see
    //   `layout_math::next_size`), as `fit_before` needs.
    // - [stale] the current chunk's header cursor may lag behind `pos`; `sync_cursor` writes
    //   `pos` back before any `ChunkList` call that reads cursors.
    // - [floor] no block that starts below `chunks.floor()` (the innermost open scope's
    //   checkpoint, while its chunk is current; see [floor] on `ChunkList`) is grown in place
    //   or given back, so `pos` never moves below it: memory from before a scope is never
    //   handed out again inside it, and the scope's rewind finds the cursor at or past its
    //   checkpoint.
    pos: Cell<NonNull<u8>>,
    end: Cell<NonNull<u8>>,
    chunks: ChunkList,
}

/// The cursor of an arena without chunks: nothing fits between it and itself, and it is a
/// multiple of `CHUNK_ALIGN` like every chunk's end ([cursor]).
const EMPTY: NonNull<u8> = NonNull::<ChunkAligned>::dangling().cast();

/// A type whose dangling pointer is `CHUNK_ALIGN`-aligned, for [`EMPTY`].
#[repr(align(16))]
struct ChunkAligned;

const _: () = assert!(align_of::<ChunkAligned>() == CHUNK_ALIGN);

impl Bump {
    /// Creates an arena that allocates nothing until the first allocation.
    ///
    /// The first chunk is 4 KiB; chunk sizes then double up to 4 MiB. [`Bump::builder`] sets
    /// other sizes.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.stats().reserved_bytes, 0);
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self::with_growth(ChunkGrowth::DEFAULT)
    }

    pub(crate) const fn with_growth(growth: ChunkGrowth) -> Self {
        Self {
            pos: Cell::new(EMPTY),
            end: Cell::new(EMPTY),
            chunks: ChunkList::new(growth),
        }
    }

    /// Creates an arena whose first chunk holds at least `bytes` bytes.
    ///
    /// # Panics
    ///
    /// Panics if `bytes` overflows `isize::MAX` with the chunk header, or the global allocator
    /// fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::with_capacity(64 << 10);
    /// assert!(bump.stats().reserved_bytes >= 64 << 10);
    /// bump.alloc_slice_fill_with(8 << 10, |i| i as u64); // no new chunk needed
    /// assert_eq!(bump.stats().chunk_count, 1);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn with_capacity(bytes: usize) -> Self {
        unwrap_alloc(Self::try_with_capacity(bytes))
    }

    /// Creates an arena whose first chunk holds at least `bytes` bytes.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `bytes` overflows `isize::MAX` with the chunk header, or the global
    /// allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::try_with_capacity(1024)?;
    /// assert!(bump.stats().reserved_bytes >= 1024);
    /// assert!(Bump::try_with_capacity(usize::MAX).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_with_capacity(bytes: usize) -> Result<Self, AllocError> {
        let bump = Self::new();
        bump.reserve_chunk(bytes)?;
        Ok(bump)
    }

    /// Returns a builder for an arena with other chunk sizes, a capacity or a limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::builder().first_chunk_size(512).max_chunk_size(64 << 10).build();
    /// bump.alloc(1u8);
    /// assert!(bump.stats().reserved_bytes <= 512);
    /// ```
    pub const fn builder() -> BumpBuilder {
        BumpBuilder::new()
    }

    /// Makes the first chunk hold at least `bytes` bytes (used by constructors).
    pub(crate) fn reserve_chunk(&self, bytes: usize) -> Result<(), AllocError> {
        if bytes == 0 {
            return Ok(());
        }
        let layout = Layout::from_size_align(bytes, 1)
            .map_err(|_| AllocError::for_elements(AllocErrorKind::SizeOverflow, bytes, 1))?;
        self.sync_cursor();
        let chunk = self.chunks.advance(layout)?;
        self.enter(chunk);
        Ok(())
    }

    /// Allocates a block for `layout` and returns a pointer to it.
    ///
    /// The block is uninitialised and lives until the arena is reset or dropped. A zero-sized
    /// layout takes no memory and gets a pointer aligned to `layout.align()`: a dangling one,
    /// or for alignment 1 the arena's cursor, which is not moved.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if a new chunk would exceed the [allocation
    /// limit](Bump::set_allocation_limit) or the global allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    /// use core::alloc::Layout;
    ///
    /// let bump = Bump::new();
    /// let ptr = bump.try_alloc_layout(Layout::from_size_align(100, 64).unwrap())?;
    /// assert_eq!(ptr.as_ptr() as usize % 64, 0);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline(always)]
    pub fn try_alloc_layout(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        // Zero bytes at alignment 1 always fit at the cursor without moving it, so the fast
        // path serves them; the test then folds away for the byte copies of `alloc_str` and
        // `alloc_slice_copy::<u8>`, whose alignment is a constant 1.
        if layout.size() == 0 && layout.align() > 1 {
            return Ok(dangling_for(layout));
        }
        match self.bump_in_chunk(layout) {
            Some(ptr) => Ok(ptr),
            None => self.alloc_in_new_chunk(layout),
        }
    }

    /// Allocates a block for `layout` and returns a pointer to it.
    ///
    /// See [`Bump::try_alloc_layout`].
    ///
    /// # Panics
    ///
    /// Panics if a new chunk would exceed the allocation limit or the global allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    /// use core::alloc::Layout;
    ///
    /// let bump = Bump::new();
    /// let ptr = bump.alloc_layout(Layout::from_size_align(10, 4096).unwrap());
    /// assert_eq!(ptr.as_ptr() as usize % 4096, 0);
    /// ```
    #[inline(always)]
    #[track_caller]
    pub fn alloc_layout(&self, layout: Layout) -> NonNull<u8> {
        unwrap_alloc(self.try_alloc_layout(layout))
    }

    /// The fast path: bumps within the current chunk, or returns `None`.
    #[inline(always)]
    fn bump_in_chunk(&self, layout: Layout) -> Option<NonNull<u8>> {
        let pos = self.pos.get();
        let (start, new_pos) =
            layout_math::fit_before(pos.addr().get(), self.end.get().addr().get(), layout)?;
        let (pad, needed) = (start - pos.addr().get(), new_pos - pos.addr().get());
        // SAFETY: [cursor] puts `pos..end` in one chunk (or both at `EMPTY`, where only
        // `pad == needed == 0` fits) with `end` a multiple of `CHUNK_ALIGN`, as `fit_before`
        // needs; it gave `pos <= start <= new_pos <= end`.
        let (start, new_pos) = unsafe { (pos.add(pad), pos.add(needed)) };
        // INVARIANT: [cursor] `new_pos <= end` by the same check.
        self.pos.set(new_pos);
        Some(start)
    }

    /// The slow path: moves to a chunk with room for `layout`, then bumps there.
    #[cold]
    #[inline(never)]
    fn alloc_in_new_chunk(&self, layout: Layout) -> Result<NonNull<u8>, AllocError> {
        self.sync_cursor();
        // An oversized request gets a chunk of its own behind the current one, which keeps
        // its free bytes; `pos` and `end` stay as they are ([cursor]).
        if let Some(ptr) = self.chunks.dedicate(layout)? {
            return Ok(ptr);
        }
        let chunk = self.chunks.advance(layout)?;
        self.enter(chunk);
        let ptr = self.bump_in_chunk(layout);
        debug_assert!(ptr.is_some(), "a chunk from `advance` fits the request");
        ptr.ok_or_else(|| AllocError::for_layout(AllocErrorKind::OutOfMemory, layout))
    }

    /// Writes the cursor back to the current chunk's header ([stale]).
    #[inline]
    fn sync_cursor(&self) {
        if let Some(chunk) = self.chunks.current() {
            chunk
                .cursor()
                .store(self.pos.get().addr().get(), Ordering::Relaxed);
        }
    }

    /// Loads the cursor from `chunk`, which the list just made current.
    #[inline]
    fn enter(&self, chunk: ChunkRef) {
        // INVARIANT: [cursor] the header cursor lies in `chunk`'s data, and `end` is its end.
        debug_assert_eq!(chunk.end().addr().get() % CHUNK_ALIGN, 0);
        // SAFETY: a chunk's header cursor always lies in (or one past) its data: chunks start
        // with it at their start, and the list and `sync_cursor` store only positions in it.
        let pos = unsafe { chunk.pointer_at(chunk.cursor().load(Ordering::Relaxed)) };
        self.pos.set(pos);
        self.end.set(chunk.end());
    }

    /// Returns whether `ptr..ptr + size` is the newest block of the current chunk, and one
    /// that may be grown in place or given back: it starts at or past the floor ([floor]).
    #[inline]
    fn is_newest(&self, ptr: NonNull<u8>, size: usize) -> bool {
        let start = ptr.addr().get();
        size != 0
            && start >= self.chunks.floor()
            && start.wrapping_add(size) == self.pos.get().addr().get()
    }

    /// The out-of-place half of `try_grow`: a new block, and a copy of the old one. Kept out
    /// of line so that the in-place half inlines into the collections' grow paths small.
    ///
    /// # Safety
    ///
    /// - `ptr` is a live block of this arena allocated with layout `old`.
    /// - `new.size() >= old.size()`.
    #[inline(never)]
    unsafe fn grow_by_copy(
        &self,
        ptr: NonNull<u8>,
        old: Layout,
        new: Layout,
    ) -> Result<NonNull<u8>, AllocError> {
        let new_ptr = self.try_alloc_layout(new)?;
        // SAFETY: the caller guarantees `ptr` is live for `old.size()` bytes; `new_ptr` is a
        // fresh block of `new.size() >= old.size()` bytes, so the two do not overlap.
        unsafe { new_ptr.copy_from_nonoverlapping(ptr, old.size()) };
        // SAFETY: the old block is the caller's, moved into `new_ptr` and given up.
        unsafe { self.give_up(ptr, old.size()) };
        Ok(new_ptr)
    }

    /// Frees everything the arena handed out, keeping its memory for the next round.
    ///
    /// Values in the arena are **not dropped**. Taking `&mut self` proves that no reference
    /// into the arena is still alive. In debug builds the released bytes are overwritten with
    /// a poison pattern (`0xBD`), so a use-after-reset in unsafe code shows up.
    ///
    /// What is kept (the retention policy): one chunk is kept as it is; several chunks are
    /// replaced by one chunk of their total size, so that a round that repeats the last one
    /// fits in it and needs no heap allocation from its second round on. The retention cap
    /// ([`BumpBuilder::retention_cap`], no cap by default) bounds what is kept: past it, the
    /// merged chunk is the cap's size, or the largest chunk within it is kept, or nothing.
    /// [`Bump::trim`] and [`Bump::shrink_to`] free the kept memory on demand.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let mut bump = Bump::new();
    /// for round in 0..3 {
    ///     let data = bump.alloc_slice_fill_with(1000, |i| i + round);
    ///     assert_eq!(data[999], 999 + round);
    ///     bump.reset();
    /// }
    /// assert_eq!(bump.stats().chunk_count, 1);
    /// ```
    #[inline]
    pub fn reset(&mut self) {
        self.sync_cursor();
        self.chunks.reset();
        match self.chunks.current() {
            Some(chunk) => self.enter(chunk),
            None => {
                self.pos.set(EMPTY);
                self.end.set(EMPTY);
            }
        }
    }

    /// Runs `f` on a scope of the arena and releases everything `f` allocated when it returns
    /// (or panics).
    ///
    /// The closure's result cannot borrow from the scope, so nothing allocated inside escapes.
    /// Memory allocated before the scope is kept. Scopes nest through [`BumpScope::scope`].
    /// Values are not dropped, as with [`Bump::reset`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let mut bump = Bump::new();
    /// bump.alloc(1u64);
    /// let sum = bump.scope(|scope| {
    ///     let numbers = scope.alloc_slice_fill_with(100, |i| i as u64);
    ///     numbers.iter().sum::<u64>()
    /// });
    /// assert_eq!(sum, 4950);
    /// assert_eq!(bump.stats().allocated_bytes, 8);
    /// ```
    pub fn scope<R>(&mut self, f: impl FnOnce(&mut BumpScope<'_>) -> R) -> R {
        f(&mut self.scope_guard())
    }

    /// Returns a guard that allocates like the arena and releases everything allocated through
    /// it when dropped.
    ///
    /// Memory allocated before the scope is never handed out again inside it: a block from
    /// before it that is given back, shrunk or grown inside the scope (through the
    /// `allocator-api2` `Allocator` impls) keeps its bytes; growing copies it into the scope's
    /// memory.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let mut bump = Bump::new();
    /// {
    ///     let scope = bump.scope_guard();
    ///     scope.alloc_str("temporary");
    ///     assert!(scope.stats().allocated_bytes > 0);
    /// }
    /// assert_eq!(bump.stats().allocated_bytes, 0);
    /// ```
    pub fn scope_guard(&mut self) -> BumpScope<'_> {
        self.sync_cursor();
        // INVARIANT: [floor] the checkpoint is `pos` (synced above) and becomes the floor.
        let checkpoint = self.chunks.checkpoint();
        BumpScope {
            bump: self,
            checkpoint,
        }
    }

    /// Limits the bytes the arena may hold from the global allocator (`None`: no limit).
    ///
    /// The limit counts whole chunks, headers included
    /// ([`Stats::reserved_bytes`](crate::Stats::reserved_bytes)). Once a new chunk would pass it,
    /// `try_` methods return [`AllocError`] and the others panic; the chunks already held stay in
    /// use. When a chunk of the usual growing size would pass the limit, the arena tries the
    /// smallest chunk that fits the request. A limit below what is already reserved frees nothing.
    /// The check runs only when a chunk is added.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// bump.set_allocation_limit(Some(16 << 10));
    /// assert!(bump.try_alloc_slice_fill_with(1000, |i| i).is_ok());
    /// assert!(bump.try_alloc_slice_fill_with(4000, |i| i).is_err());
    /// assert!(bump.stats().reserved_bytes <= 16 << 10);
    /// ```
    pub fn set_allocation_limit(&self, limit: Option<usize>) {
        self.chunks.set_limit(limit);
    }

    /// Returns the limit set by [`Bump::set_allocation_limit`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let bump = Bump::new();
    /// assert_eq!(bump.allocation_limit(), None);
    /// bump.set_allocation_limit(Some(1 << 20));
    /// assert_eq!(bump.allocation_limit(), Some(1 << 20));
    /// ```
    #[must_use]
    pub fn allocation_limit(&self) -> Option<usize> {
        self.chunks.limit()
    }
}

/// A scope of a [`Bump`]: allocates like the arena (it derefs to [`Bump`]) and releases
/// everything allocated through it when dropped.
///
/// Made by [`Bump::scope`] and [`Bump::scope_guard`].
///
/// # Examples
///
/// ```
/// use bumpkit::Bump;
///
/// let mut bump = Bump::new();
/// let mut outer = bump.scope_guard();
/// outer.alloc(1u8);
/// outer.scope(|inner| {
///     inner.alloc([0u8; 64]);
///     assert_eq!(inner.stats().allocated_bytes, 65);
/// });
/// assert_eq!(outer.stats().allocated_bytes, 1);
/// ```
pub struct BumpScope<'b> {
    bump: &'b mut Bump,
    checkpoint: Checkpoint,
}

impl BumpScope<'_> {
    /// Runs `f` on a nested scope; see [`Bump::scope`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let mut bump = Bump::new();
    /// bump.scope(|outer| {
    ///     let kept = outer.alloc(7u32);
    ///     assert_eq!(*kept, 7);
    ///     let n = outer.scope(|inner| inner.alloc_slice_copy(&[1, 2, 3]).len());
    ///     assert_eq!(n, 3);
    /// });
    /// ```
    pub fn scope<R>(&mut self, f: impl FnOnce(&mut BumpScope<'_>) -> R) -> R {
        self.bump.scope(f)
    }

    /// Returns a guard for a nested scope; see [`Bump::scope_guard`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Bump;
    ///
    /// let mut bump = Bump::new();
    /// let mut outer = bump.scope_guard();
    /// {
    ///     let inner = outer.scope_guard();
    ///     inner.alloc(5u8);
    /// }
    /// assert_eq!(outer.stats().allocated_bytes, 0);
    /// ```
    pub fn scope_guard(&mut self) -> BumpScope<'_> {
        self.bump.scope_guard()
    }
}

impl Deref for BumpScope<'_> {
    type Target = Bump;

    fn deref(&self) -> &Bump {
        self.bump
    }
}

impl Drop for BumpScope<'_> {
    fn drop(&mut self) {
        self.bump.sync_cursor();
        // SAFETY:
        // 1. The checkpoint was taken from this arena's list through this guard's `&mut
        //    Bump`, which also kept `reset` from running since.
        // 2. [floor] kept the cursor of the checkpoint's chunk at or past the checkpoint while
        //    it was current (the checkpoint was the floor then; inner scopes' rewinds restored
        //    it), and moving to another chunk retired it (cursor at its end).
        // 3. Everything allocated after it borrowed this guard, which is being dropped, so
        //    none of it is used again.
        unsafe { self.bump.chunks.rewind(self.checkpoint) };
        if let Some(chunk) = self.bump.chunks.current() {
            self.bump.enter(chunk);
        }
    }
}

impl fmt::Debug for BumpScope<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BumpScope")
            .field("bump", &self.bump)
            .finish_non_exhaustive()
    }
}

impl Default for Bump {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bump")
            .field("stats", &self.stats())
            .field("allocation_limit", &self.allocation_limit())
            .finish()
    }
}

// A panic never leaves a `Bump` half-updated: each `Cell` write completes the step that makes
// the invariants hold again, and user code (`alloc_with`, `fill_with`, ...) runs only between
// such steps. So observing a `Bump` after a caught panic is fine.
impl core::panic::UnwindSafe for Bump {}
impl core::panic::RefUnwindSafe for Bump {}

// SAFETY: `Bump` owns its chunks and holds no thread-bound state; the raw pointers only make
// it `!Send` by default. Values left in the arena are never touched again by the arena (it
// never drops them), and handing them to another thread needs a borrow of the arena, which
// moving it rules out. It stays `!Sync`: its `Cell`s are not shared safely.
unsafe impl Send for Bump {}

// SAFETY: a scope is a `&mut Bump` (which is `Send` because `Bump` is) plus a checkpoint that
// points into that same arena's chunks and is used only through it.
unsafe impl Send for BumpScope<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_is_written_back_before_the_list_reads_it() {
        let bump = Bump::new();
        bump.alloc_layout(Layout::new::<[u8; 24]>());
        assert_eq!(bump.stats().allocated_bytes, 24);
        bump.alloc_layout(Layout::new::<[u8; 8000]>());
        assert_eq!(bump.stats().allocated_bytes, 8024);
    }

    #[cfg(debug_assertions)]
    #[test]
    fn reset_poisons_released_memory() {
        let mut bump = Bump::new();
        let layout = Layout::new::<[u8; 32]>();
        let before = bump.alloc_layout(layout);
        // SAFETY: `before` is a fresh 32-byte block of this arena.
        unsafe { before.as_ptr().write_bytes(0, 32) };
        bump.reset();
        // The chunk is kept by reset, so the same bytes come back first; reading them through
        // the new block (not the stale pointer, which reset invalidated) sees the poison.
        let after = bump.alloc_layout(layout);
        assert_eq!(after, before);
        // SAFETY: `after` is a live 32-byte block, and reset wrote every one of its bytes.
        let bytes = unsafe { after.cast::<[u8; 32]>().read() };
        assert_eq!(bytes, [super::super::chunk::POISON; 32]);
    }
}
