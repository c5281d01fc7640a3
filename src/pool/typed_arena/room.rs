//! Room ahead of time in a [`TypedArena`]: `reserve_extend`, uninitialised slices, and
//! `alloc_str` for byte arenas.

use alloc::vec::Vec;
use core::mem::{self, MaybeUninit};
use core::ptr::NonNull;
use core::{slice, str};

use super::{FIRST_CHUNK_BYTES, TypedArena, chunk_len, grown, reentered, try_chunk};
use crate::error::{AllocError, AllocErrorKind, unwrap_alloc};

/// The room a [`TypedArena`] hands out uninitialised, kept apart from its values: nothing
/// here is ever dropped as a `T`, whatever the caller wrote.
pub(super) struct UninitRoom<T> {
    // Invariants:
    // - [handed] every slot of `full`, and the first `current.len()` of `current`, may have
    //   been handed out; a buffer holding such slots is never reallocated or freed except
    //   through `&mut TypedArena` (`clear`, drop): slots are taken only below `current`'s
    //   capacity.
    full: Vec<Vec<MaybeUninit<T>>>,
    current: Vec<MaybeUninit<T>>,
}

impl<T> UninitRoom<T> {
    pub(super) const fn new() -> Self {
        Self {
            full: Vec::new(),
            current: Vec::new(),
        }
    }

    /// Takes `num` slots next to each other; `T` is not zero-sized.
    fn take(&mut self, num: usize) -> Result<NonNull<MaybeUninit<T>>, AllocError> {
        debug_assert!(size_of::<T>() != 0);
        if self.current.capacity() - self.current.len() < num {
            let capacity = match self.current.capacity() {
                0 => chunk_len::<T>(FIRST_CHUNK_BYTES),
                old => grown::<T>(old),
            }
            .max(num);
            self.full.try_reserve(1).map_err(|_| {
                AllocError::for_elements(AllocErrorKind::OutOfMemory, 1, size_of::<Vec<T>>())
            })?;
            let fresh = try_chunk::<MaybeUninit<T>>(capacity)?;
            let old = mem::replace(&mut self.current, fresh);
            if old.capacity() > 0 {
                // INVARIANT: [handed] the old buffer moves into `full` as it is.
                self.full.push(old);
            }
        }
        let len = self.current.len();
        // SAFETY: `len + num <= capacity` (checked or made so above), and `MaybeUninit` slots
        // need no initialising.
        // INVARIANT: [handed] the slots handed out are the ones just counted in.
        unsafe { self.current.set_len(len + num) };
        // SAFETY: `len <= capacity`, so the offset stays in (or one past) the buffer;
        // `as_mut_ptr` makes no reference to the slots handed out before.
        let start = unsafe { self.current.as_mut_ptr().add(len) };
        // SAFETY: a pointer into a `Vec`'s buffer (or its dangling one) is non-null.
        Ok(unsafe { NonNull::new_unchecked(start) })
    }

    /// Makes all the room reusable, keeping the largest buffer: called through
    /// `&mut TypedArena`, so no slot handed out is still borrowed.
    pub(super) fn clear(&mut self) {
        let largest = self
            .full
            .drain(..)
            .chain([mem::take(&mut self.current)])
            .max_by_key(Vec::capacity);
        self.current = largest.unwrap_or_default();
        // INVARIANT: [handed] nothing is handed out any more.
        self.current.clear();
    }
}

impl<T> TypedArena<T> {
    /// Makes sure the next `num` values fit in the current chunk, so that they land next to
    /// each other without a new chunk (as typed-arena's `reserve_extend`).
    ///
    /// If the current chunk has less room, a chunk with room for at least `num` is started;
    /// the rest of the old one is never used.
    ///
    /// # Panics
    ///
    /// Panics if `num` values overflow `isize::MAX` bytes or the global allocator fails, or
    /// if called from the iterator of an [`TypedArena::alloc_extend`] on the same arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::TypedArena;
    ///
    /// let arena = TypedArena::with_capacity(2);
    /// arena.alloc(0u32);
    /// arena.reserve_extend(100);
    /// let first: *const u32 = arena.alloc(1);
    /// let rest = arena.alloc_extend(2..101);
    /// assert_eq!(first.wrapping_add(1), rest.as_ptr()); // one chunk
    /// ```
    #[track_caller]
    pub fn reserve_extend(&self, num: usize) {
        unwrap_alloc(self.try_reserve_extend(num));
    }

    /// Makes sure the next `num` values fit in the current chunk.
    ///
    /// See [`TypedArena::reserve_extend`].
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `num` values overflow `isize::MAX` bytes or the global allocator
    /// fails; the arena is then as before.
    ///
    /// # Panics
    ///
    /// Panics if called from the iterator of an [`TypedArena::alloc_extend`] on the same
    /// arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{AllocErrorKind, TypedArena};
    ///
    /// let arena = TypedArena::<u64>::new();
    /// arena.try_reserve_extend(10)?;
    /// let err = arena.try_reserve_extend(usize::MAX).unwrap_err();
    /// assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[track_caller]
    pub fn try_reserve_extend(&self, num: usize) -> Result<(), AllocError> {
        // SAFETY: [exclusive] this borrow ends before the function returns and no user code
        // runs while it lives.
        let chunks = unsafe { &mut *self.chunks.get() };
        if chunks.extending {
            reentered();
        }
        if chunks.current.capacity() - chunks.current.len() >= num {
            return Ok(());
        }
        if chunks.current.is_empty() {
            // An empty chunk too small for `num` holds no values: it is freed rather than
            // retired (only chunks with values are, in allocation order).
            chunks.current = Vec::new();
        }
        chunks.start_chunk(num)
    }

    /// Allocates room for `num` values and leaves it uninitialised (as typed-arena's
    /// `alloc_uninitialized`, but safe).
    ///
    /// The room is kept apart from the arena's values: whatever is written there is **never
    /// dropped** by the arena, and is not counted by [`TypedArena::len`], nor seen by
    /// [`TypedArena::iter_mut`] or [`TypedArena::into_vec`]; its memory is freed with the arena
    /// (and reused after [`TypedArena::clear`]). Use [`TypedArena::alloc_extend`] for values
    /// that must be dropped. Unlike typed-arena's, the room is not where the next
    /// [`TypedArena::alloc`] goes, and a panic while it is being filled drops nothing
    /// uninitialised.
    ///
    /// # Panics
    ///
    /// Panics if `num` values overflow `isize::MAX` bytes or the global allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::TypedArena;
    ///
    /// let arena = TypedArena::<bool>::new();
    /// let room = arena.alloc_uninitialized(3);
    /// for slot in room.iter_mut() {
    ///     slot.write(true);
    /// }
    /// // SAFETY: all three values were just written.
    /// let flags = unsafe { &*(room as *const [_] as *const [bool]) };
    /// assert_eq!(flags, [true; 3]);
    /// assert!(arena.is_empty()); // not values of the arena
    /// ```
    #[track_caller]
    pub fn alloc_uninitialized(&self, num: usize) -> &mut [MaybeUninit<T>] {
        unwrap_alloc(self.try_alloc_uninitialized(num))
    }

    /// Allocates room for `num` values and leaves it uninitialised.
    ///
    /// See [`TypedArena::alloc_uninitialized`].
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `num` values overflow `isize::MAX` bytes or the global allocator
    /// fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::TypedArena;
    ///
    /// let arena = TypedArena::<u32>::new();
    /// assert_eq!(arena.try_alloc_uninitialized(5)?.len(), 5);
    /// assert!(arena.try_alloc_uninitialized(usize::MAX).is_err());
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_alloc_uninitialized(&self, num: usize) -> Result<&mut [MaybeUninit<T>], AllocError> {
        if size_of::<T>() == 0 {
            // SAFETY: for a zero-sized `T`, a dangling aligned pointer is valid for any
            // length, and the slots need no initialising.
            return Ok(unsafe { slice::from_raw_parts_mut(NonNull::dangling().as_ptr(), num) });
        }
        // SAFETY: [exclusive] this borrow ends before the function returns and no user code
        // runs while it lives.
        let chunks = unsafe { &mut *self.chunks.get() };
        let start = chunks.uninit.take(num)?;
        // SAFETY: `take` handed out `num` slots from `start`, to no one else ([handed] keeps
        // them in place until `&mut self`); `MaybeUninit` slots need no initialising.
        Ok(unsafe { slice::from_raw_parts_mut(start.as_ptr(), num) })
    }
}

impl TypedArena<u8> {
    /// Copies `src` into the arena and returns it as a `str` (as typed-arena's `alloc_str`).
    ///
    /// The bytes are values of the arena, like those of [`TypedArena::alloc_extend`].
    ///
    /// # Panics
    ///
    /// Panics if a chunk cannot be allocated, or if called from the iterator of an
    /// [`TypedArena::alloc_extend`] on the same arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// let hello = arena.alloc_str("hello");
    /// hello.make_ascii_uppercase();
    /// assert_eq!(hello, "HELLO");
    /// assert_eq!(arena.len(), 5);
    /// ```
    #[track_caller]
    pub fn alloc_str(&self, src: &str) -> &mut str {
        self.reserve_extend(src.len());
        let bytes = self.alloc_extend(src.bytes());
        // SAFETY: the bytes are a copy of a `str`, in order, hence UTF-8.
        unsafe { str::from_utf8_unchecked_mut(bytes) }
    }
}
