//! `RawBuf`: an arena block of `T` slots that knows its capacity and how to grow, shrink and
//! give itself back, but not which slots hold values (that is `ArenaVec`'s job).

use core::alloc::Layout;
use core::cmp;
use core::ptr::NonNull;

use crate::arena::Arena;
use crate::error::{AllocError, AllocErrorKind, alloc_failed};

/// The slots of an `ArenaVec` or its `IntoIter`.
///
/// Dropping the buffer gives its block back to the arena; the values in it are the owner's
/// business and must be dropped first.
pub(super) struct RawBuf<'a, T, A: Arena> {
    // Invariants:
    // - [zst] if `T` is zero-sized, `ptr` is `NonNull::dangling()` and `cap == usize::MAX`;
    //   the buffer holds no memory.
    // - [block] otherwise, if `cap == 0`, `ptr` is `NonNull::dangling()` and there is no
    //   block; if `cap > 0`, `ptr` is a live block of `*arena` allocated with the layout
    //   `Layout::array::<T>(cap)` (so `cap * size_of::<T>() <= isize::MAX`), owned by this
    //   buffer alone.
    ptr: NonNull<T>,
    cap: usize,
    arena: &'a A,
}

impl<'a, T, A: Arena> RawBuf<'a, T, A> {
    const IS_ZST: bool = size_of::<T>() == 0;

    /// The smallest capacity a growing buffer takes, as std's `Vec` does: small elements
    /// start with a few slots so that the first pushes do not each grow.
    const MIN_CAP: usize = if size_of::<T>() == 1 {
        8
    } else if size_of::<T>() <= 1024 {
        4
    } else {
        1
    };

    /// An empty buffer: no memory, capacity 0 (or `usize::MAX` for zero-sized `T`).
    pub(super) const fn new_in(arena: &'a A) -> Self {
        // INVARIANT: [zst] and [block] with `cap == 0` hold.
        Self {
            ptr: NonNull::dangling(),
            cap: if Self::IS_ZST { usize::MAX } else { 0 },
            arena,
        }
    }

    /// A buffer of exactly `cap` slots, allocated straight from the arena: the inlined
    /// fast path of `with_capacity`.
    #[inline(always)]
    pub(super) fn try_with_capacity_in(cap: usize, arena: &'a A) -> Result<Self, AllocError> {
        if Self::IS_ZST || cap == 0 {
            return Ok(Self::new_in(arena));
        }
        let as_elements = |kind| AllocError::for_elements(kind, cap, size_of::<T>());
        let layout =
            Layout::array::<T>(cap).map_err(|_| as_elements(AllocErrorKind::SizeOverflow))?;
        let ptr = arena
            .try_alloc_layout(layout)
            .map_err(|err| as_elements(err.kind()))?;
        // INVARIANT: [block] `ptr` is a fresh block of `Layout::array::<T>(cap)`, `cap > 0`.
        Ok(Self {
            ptr: ptr.cast(),
            cap,
            arena,
        })
    }

    /// Rebuilds a buffer from the parts [`RawBuf::into_parts`] returned.
    ///
    /// # Safety
    ///
    /// - If `T` is not zero-sized and `cap > 0`, `ptr` is a live block of `*arena`
    ///   allocated with `Layout::array::<T>(cap)` that nothing else owns or gives back.
    ///
    /// For a zero-sized `T` or `cap == 0`, `ptr` and `cap` are ignored.
    pub(super) unsafe fn from_parts(ptr: NonNull<T>, cap: usize, arena: &'a A) -> Self {
        if Self::IS_ZST || cap == 0 {
            return Self::new_in(arena);
        }
        // INVARIANT: [block] by the caller's contract.
        Self { ptr, cap, arena }
    }

    /// Gives up the buffer without giving its block back: returns `(ptr, cap, arena)`.
    pub(super) fn into_parts(self) -> (NonNull<T>, usize, &'a A) {
        let this = core::mem::ManuallyDrop::new(self);
        (this.ptr, this.cap, this.arena)
    }

    /// Returns the first slot.
    #[inline(always)]
    pub(super) const fn ptr(&self) -> NonNull<T> {
        self.ptr
    }

    /// Returns the number of slots.
    #[inline(always)]
    pub(super) const fn capacity(&self) -> usize {
        self.cap
    }

    /// Returns the arena the buffer lives in.
    #[inline(always)]
    pub(super) const fn arena(&self) -> &'a A {
        self.arena
    }

    /// Makes room for `len + additional` slots, at least doubling the capacity when it grows.
    #[inline(always)]
    pub(super) fn try_reserve(&mut self, len: usize, additional: usize) -> Result<(), AllocError> {
        if additional <= self.cap.wrapping_sub(len) {
            return Ok(());
        }
        self.grow_amortized(len, additional)
            .map_err(|kind| Self::error(kind, len, additional))
    }

    /// Makes room for exactly `len + additional` slots if there is less.
    #[inline(always)]
    pub(super) fn try_reserve_exact(
        &mut self,
        len: usize,
        additional: usize,
    ) -> Result<(), AllocError> {
        if additional <= self.cap.wrapping_sub(len) {
            return Ok(());
        }
        self.grow_exact(len, additional)
            .map_err(|kind| Self::error(kind, len, additional))
    }

    // The grow paths return only the error's kind, which fits in a register; the inlined
    // callers above build the full error on their cold path.
    //
    // The first block of an empty buffer is the common case (every fresh vector's first
    // push), so it is served first, by the arena's fast path and no other check; the rest
    // (a new chunk, an error, later growth) is in `grow_amortized_slow`.
    #[cold]
    #[inline(never)]
    fn grow_amortized(&mut self, len: usize, additional: usize) -> Result<(), AllocErrorKind> {
        if self.try_first_block_fast(additional) {
            return Ok(());
        }
        self.grow_amortized_slow(len, additional)
    }

    /// Gives an empty buffer its first block for `additional` slots by the arena's inlined
    /// fast path, if it can; `false` says only "take the slow path", and nothing changed.
    #[inline(always)]
    pub(super) fn try_first_block_fast(&mut self, additional: usize) -> bool {
        if Self::IS_ZST || self.cap != 0 {
            return false;
        }
        // `cap == 0` forces `len == 0`, so this is the capacity the slow path picks.
        let new_cap = cmp::max(additional, Self::MIN_CAP);
        let Ok(layout) = Layout::array::<T>(new_cap) else {
            return false;
        };
        let Some(ptr) = self.arena.try_alloc_fast(layout) else {
            return false;
        };
        // INVARIANT: [block] `ptr` is a fresh block of `Layout::array::<T>(new_cap)`, and
        // there was none before (`cap == 0`).
        self.ptr = ptr.cast();
        self.cap = new_cap;
        true
    }

    /// Grows as [`RawBuf::try_reserve`] does when `len + additional` slots do not fit,
    /// past the first block's fast path, but panics (naming the caller's line) when it
    /// cannot; for the out-of-line slow paths of panicking methods, which then need no error
    /// back.
    #[inline(always)]
    #[track_caller]
    pub(super) fn grow_amortized_slow_or_panic(&mut self, len: usize, additional: usize) {
        if let Err(kind) = self.grow_amortized_slow_inline(len, additional) {
            alloc_failed(Self::error(kind, len, additional));
        }
    }

    #[cold]
    #[inline(never)]
    fn grow_amortized_slow(&mut self, len: usize, additional: usize) -> Result<(), AllocErrorKind> {
        self.grow_amortized_slow_inline(len, additional)
    }

    /// The body of `grow_amortized_slow`, for callers that are out of line already.
    #[inline(always)]
    fn grow_amortized_slow_inline(
        &mut self,
        len: usize,
        additional: usize,
    ) -> Result<(), AllocErrorKind> {
        let required = Self::required(len, additional)?;
        // `cap * 2` cannot overflow: [block] keeps `cap * size_of::<T>() <= isize::MAX`, and
        // a zero-sized `T` was turned away by `required`.
        let new_cap = cmp::max(cmp::max(self.cap * 2, required), Self::MIN_CAP);
        self.grow_to(new_cap)
    }

    #[inline(never)]
    fn grow_exact(&mut self, len: usize, additional: usize) -> Result<(), AllocErrorKind> {
        let required = Self::required(len, additional)?;
        self.grow_to(required)
    }

    /// Returns `len + additional`, the capacity a reservation needs.
    #[inline(always)]
    fn required(len: usize, additional: usize) -> Result<usize, AllocErrorKind> {
        match len.checked_add(additional) {
            // [zst] a zero-sized `T` has `usize::MAX` slots already, so needing more than
            // that is an overflow too.
            Some(required) if !Self::IS_ZST => Ok(required),
            _ => Err(AllocErrorKind::SizeOverflow),
        }
    }

    /// Returns the layout the block was allocated with.
    #[inline(always)]
    fn current_layout(&self) -> Layout {
        debug_assert!(!Self::IS_ZST && self.cap > 0);
        // SAFETY: [block] the block was allocated with `Layout::array::<T>(cap)`, so that
        // layout is valid: its size is this product and its alignment `T`'s.
        unsafe { Layout::from_size_align_unchecked(self.cap * size_of::<T>(), align_of::<T>()) }
    }

    /// Grows the buffer to `new_cap > cap` slots; in place when the block is the arena's
    /// newest and its chunk has room.
    #[inline(always)]
    fn grow_to(&mut self, new_cap: usize) -> Result<(), AllocErrorKind> {
        debug_assert!(!Self::IS_ZST && new_cap > self.cap);
        let new_layout = Layout::array::<T>(new_cap).map_err(|_| AllocErrorKind::SizeOverflow)?;
        let result = if self.cap == 0 {
            self.arena.try_alloc_layout(new_layout)
        } else {
            // SAFETY: [block] `ptr` is a live block of this arena allocated with
            // `current_layout()`, and `new_cap > cap` makes the new size at least the old one.
            unsafe {
                self.arena
                    .try_grow(self.ptr.cast(), self.current_layout(), new_layout)
            }
        };
        let ptr = result.map_err(|err| err.kind())?;
        // INVARIANT: [block] `ptr` is a block of `Layout::array::<T>(new_cap)`; the old block
        // was moved into it (or is it), so the buffer still owns exactly one.
        self.ptr = ptr.cast();
        self.cap = new_cap;
        Ok(())
    }

    /// The error for a reservation of `additional` slots past `len` that failed.
    #[cold]
    #[inline(never)]
    fn error(kind: AllocErrorKind, len: usize, additional: usize) -> AllocError {
        AllocError::for_elements(kind, len.saturating_add(additional), size_of::<T>())
    }

    /// Shrinks the buffer to `max(len, min_cap)` slots if it has more, giving the bytes
    /// back when the block is the arena's newest. Slots past `len` are lost.
    #[inline]
    pub(super) fn shrink_to(&mut self, len: usize, min_cap: usize) {
        let new_cap = cmp::max(len, min_cap);
        if Self::IS_ZST || new_cap >= self.cap {
            return;
        }
        // INVARIANT: [block] `shrunk` returns the block and its capacity.
        (self.ptr, self.cap) = Self::shrunk(self.arena, self.ptr, self.cap, new_cap);
    }

    /// Gives up the buffer as [`RawBuf::into_parts`] does, first giving back the slots past
    /// `len` (as `shrink_to(len, 0)`), and returns the first slot.
    ///
    /// By value, so that leaking a vector never writes the shrunk fields back to memory and
    /// reads them again (see `ArenaVec::into_arena_slice`).
    #[inline]
    pub(super) fn leak_shrunk(self, len: usize) -> NonNull<T> {
        let (ptr, cap, arena) = self.into_parts();
        if Self::IS_ZST || len >= cap {
            return ptr;
        }
        Self::shrunk(arena, ptr, cap, len).0
    }

    /// [`RawBuf::shrink_to`] once `new_cap < cap` is known, returning the new `(ptr, cap)`:
    /// the arena's inlined fast path when the block is its newest (a compare and a store),
    /// else [`RawBuf::shrink_block`].
    ///
    /// `ptr` and `cap` are a buffer's fields, with `cap > 0` and `T` not zero-sized.
    #[inline(always)]
    fn shrunk(arena: &A, ptr: NonNull<T>, cap: usize, new_cap: usize) -> (NonNull<T>, usize) {
        debug_assert!(!Self::IS_ZST && new_cap < cap);
        if new_cap > 0 {
            let (old_size, new_size) = (cap * size_of::<T>(), new_cap * size_of::<T>());
            // SAFETY: [block] `ptr` is a live block of `Layout::array::<T>(cap)` that the
            // buffer owns alone, allocated with `T`'s alignment, which `new_cap` slots keep;
            // `0 < new_size` (`T` is not zero-sized) `<= old_size`; on `true` the caller
            // takes `new_cap` as the capacity, so only `new_size` bytes are used after.
            if unsafe { arena.try_shrink_fast(ptr.cast(), old_size, new_size) } {
                return (ptr, new_cap);
            }
        }
        Self::shrink_block(arena, ptr, cap, new_cap)
    }

    /// [`RawBuf::shrunk`] past the arena's fast path (a block that is not the newest, an
    /// empty result, an arena without a fast path): kept out of line, so that callers stay
    /// small, and by value, so that the buffer can stay in registers.
    ///
    /// `ptr` and `cap` are a buffer's fields, with `cap > 0` and `T` not zero-sized.
    #[inline(never)]
    fn shrink_block(arena: &A, ptr: NonNull<T>, cap: usize, new_cap: usize) -> (NonNull<T>, usize) {
        debug_assert!(!Self::IS_ZST && new_cap < cap);
        // SAFETY: [block] the block was allocated with `Layout::array::<T>(cap)`, so that
        // layout is valid: its size is this product and its alignment `T`'s. The new size is
        // smaller, so valid too.
        let (old_layout, new_layout) = unsafe {
            (
                Layout::from_size_align_unchecked(cap * size_of::<T>(), align_of::<T>()),
                Layout::from_size_align_unchecked(new_cap * size_of::<T>(), align_of::<T>()),
            )
        };
        if new_cap == 0 {
            // SAFETY: [block] `ptr` is a live block allocated with `old_layout`; the caller
            // forgets it.
            unsafe { arena.deallocate(ptr.cast(), old_layout) };
            return (NonNull::dangling(), 0);
        }
        // SAFETY: [block] `ptr` is a live block allocated with `old_layout`, and the new size
        // is smaller.
        match unsafe { arena.try_shrink(ptr.cast(), old_layout, new_layout) } {
            Ok(new_ptr) => (new_ptr.cast(), new_cap),
            // An error is possible only for a stricter alignment, which `T`'s never is;
            // keeping the bigger block is correct anyway.
            Err(_) => (ptr, cap),
        }
    }
}

impl<T, A: Arena> Drop for RawBuf<'_, T, A> {
    fn drop(&mut self) {
        if !Self::IS_ZST && self.cap > 0 {
            // SAFETY: [block] `ptr` is a live block of this arena allocated with
            // `current_layout()`, owned by this buffer, which is going away.
            unsafe {
                self.arena
                    .deallocate(self.ptr.cast(), self.current_layout())
            };
        }
    }
}
