//! `TypedArena<T>`: an arena of one type that drops its values, in allocation order.
#![expect(
    clippy::mut_from_ref,
    reason = "every call hands out values no other reference can reach"
)]

use alloc::vec::Vec;
use core::alloc::Layout;
use core::cell::UnsafeCell;
use core::ptr::NonNull;
use core::{fmt, iter, mem, slice};

use crate::error::{AllocError, AllocErrorKind, unwrap_alloc};

mod room;

use room::UninitRoom;

/// Bytes of the first chunk of an arena that was not given a capacity.
const FIRST_CHUNK_BYTES: usize = 4096;
/// Chunks stop doubling once they hold this many bytes (one request may still need more).
const MAX_CHUNK_BYTES: usize = 4 << 20;

/// An arena of values of one type that **drops them**, in allocation order.
///
/// [`TypedArena::alloc`] takes `&self` and returns `&mut T`, so values can point at each
/// other (a graph, an AST with parent links) for as long as the arena lives. Values are
/// freed together, by [`TypedArena::clear`] or when the arena is dropped; [`Bump`] is the
/// cheaper choice when they need no destructor.
///
/// # Drop order
///
/// This is a guarantee: every value is dropped **exactly once**, and values are dropped **in
/// the order they were allocated** (the values of one [`TypedArena::alloc_extend`] in
/// iterator order), on [`TypedArena::clear`] and when the arena is dropped. If a destructor
/// panics, the values after it are still dropped, in order, and the panic then continues; a
/// second destructor panicking during that aborts the process, as with [`Vec`]. Values moved
/// out by [`TypedArena::into_vec`] are the caller's.
///
/// # Cycles
///
/// Values may borrow each other through the arena's own lifetime, and the arena still drops
/// cleanly: it has no `Drop` impl of its own that would make the borrow checker demand that
/// the values outlive it.
///
/// ```
/// use bumpkit::TypedArena;
/// use std::cell::Cell;
///
/// struct Node<'a> {
///     name: &'static str,
///     next: Cell<Option<&'a Node<'a>>>,
/// }
///
/// let arena = TypedArena::new();
/// let a: &Node<'_> = arena.alloc(Node { name: "a", next: Cell::new(None) });
/// let b: &Node<'_> = arena.alloc(Node { name: "b", next: Cell::new(Some(a)) });
/// a.next.set(Some(b));
/// assert_eq!(a.next.get().unwrap().next.get().unwrap().name, "a");
/// ```
///
/// # Examples
///
/// ```
/// use bumpkit::TypedArena;
///
/// let arena = TypedArena::new();
/// let greeting = arena.alloc(String::from("hello"));
/// greeting.push_str(", world");
/// let numbers = arena.alloc_extend((1..=3).map(|i| i.to_string()));
/// assert_eq!((greeting.as_str(), numbers.len()), ("hello, world", 3));
/// assert_eq!(arena.len(), 4);
/// // dropping `arena` drops the four strings, "hello, world" first
/// ```
///
/// [`Bump`]: crate::Bump
pub struct TypedArena<T> {
    // Invariants:
    // - [exclusive] a `&mut Chunks` made from `&self` lives only inside one call of this
    //   module and never across user code (an iterator's `next`, a destructor).
    chunks: UnsafeCell<Chunks<T>>,
}

/// The chunks of a [`TypedArena`]. Dropping it drops the values in allocation order: fields
/// drop in declaration order, and each `Vec` front to back.
struct Chunks<T> {
    // Invariants:
    // - [order] the values were allocated in the order of `full` (each chunk front to back),
    //   then `current` front to back, then the chunk an `alloc_extend` has taken out.
    // - [pinned] a chunk holding values is never reallocated or freed except through
    //   `&mut TypedArena`: values are pushed only below a chunk's capacity.
    // - [taken] while `extending`, `current` is an empty `Vec` without capacity (`T` is not
    //   zero-sized), so every `alloc` takes the slow path, which panics; `taken` counts the
    //   older values in the taken-out chunk.
    full: Vec<Vec<T>>,
    current: Vec<T>,
    /// Empty chunks kept by `clear`, smallest capacity first.
    spare: Vec<Vec<T>>,
    /// Capacity of the next new chunk (grows geometrically).
    next_capacity: usize,
    extending: bool,
    taken: usize,
    /// Room handed out uninitialised: never values, so never dropped. Declared last, so it
    /// is freed after the values, whose destructors may still read what was written there.
    uninit: UninitRoom<T>,
}

impl<T> TypedArena<T> {
    /// Creates an arena that allocates nothing until the first value.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::TypedArena;
    ///
    /// let arena = TypedArena::<u32>::new();
    /// assert!(arena.is_empty());
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self::from_chunk(Vec::new(), chunk_len::<T>(FIRST_CHUNK_BYTES))
    }

    const fn from_chunk(current: Vec<T>, next_capacity: usize) -> Self {
        Self {
            chunks: UnsafeCell::new(Chunks {
                full: Vec::new(),
                current,
                spare: Vec::new(),
                next_capacity,
                extending: false,
                taken: 0,
                uninit: UninitRoom::new(),
            }),
        }
    }

    /// Creates an arena with room for `capacity` values before it needs a second chunk.
    ///
    /// # Panics
    ///
    /// Panics if `capacity` values overflow `isize::MAX` bytes or the global allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::TypedArena;
    ///
    /// let arena = TypedArena::with_capacity(100);
    /// let first: *const u64 = arena.alloc(0);
    /// let rest = arena.alloc_extend(1..100u64);
    /// assert_eq!(first.wrapping_add(1), rest.as_ptr()); // same chunk
    /// ```
    #[must_use]
    #[track_caller]
    pub fn with_capacity(capacity: usize) -> Self {
        unwrap_alloc(Self::try_with_capacity(capacity))
    }

    /// Creates an arena with room for `capacity` values before it needs a second chunk.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `capacity` values overflow `isize::MAX` bytes or the global
    /// allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{AllocErrorKind, TypedArena};
    ///
    /// let arena = TypedArena::<u8>::try_with_capacity(1 << 10)?;
    /// assert!(arena.is_empty());
    /// let err = TypedArena::<u64>::try_with_capacity(usize::MAX).unwrap_err();
    /// assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_with_capacity(capacity: usize) -> Result<Self, AllocError> {
        let chunk = try_chunk(capacity)?;
        Ok(Self::from_chunk(chunk, grown::<T>(capacity)))
    }

    /// Moves `value` into the arena and returns a reference to it.
    ///
    /// The value is dropped with the arena or by [`TypedArena::clear`].
    ///
    /// # Panics
    ///
    /// Panics if a new chunk cannot be allocated, or if called from the iterator of an
    /// [`TypedArena::alloc_extend`] on the same arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// let v = arena.alloc(vec![1, 2]);
    /// v.push(3);
    /// assert_eq!(*v, [1, 2, 3]);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc(&self, value: T) -> &mut T {
        unwrap_alloc(self.try_alloc(value))
    }

    /// Moves `value` into the arena and returns a reference to it.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if a new chunk is needed and the global allocator fails; `value` is
    /// then dropped.
    ///
    /// # Panics
    ///
    /// Panics if called from the iterator of an [`TypedArena::alloc_extend`] on the same
    /// arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// let x = arena.try_alloc(5u8)?;
    /// *x += 1;
    /// assert_eq!(*x, 6);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc(&self, value: T) -> Result<&mut T, AllocError> {
        // SAFETY: [exclusive] this borrow ends before the function returns and no user code
        // runs while it lives.
        let chunks = unsafe { &mut *self.chunks.get() };
        if chunks.current.len() < chunks.current.capacity() {
            let slot = push_within_capacity(&mut chunks.current, value);
            // SAFETY: the slot holds the value just written; [pinned] keeps it in place and
            // nothing else hands it out until `&mut self` (`clear`, drop) ends this borrow.
            return Ok(unsafe { &mut *slot.as_ptr() });
        }
        self.alloc_in_new_chunk(value)
    }

    /// The slow path of [`TypedArena::try_alloc`]: starts a chunk, then pushes `value`.
    #[cold]
    #[inline(never)]
    fn alloc_in_new_chunk(&self, value: T) -> Result<&mut T, AllocError> {
        // SAFETY: [exclusive] as in `try_alloc`; `value` is dropped on error only after the
        // last use of `chunks`.
        let chunks = unsafe { &mut *self.chunks.get() };
        if chunks.extending {
            reentered();
        }
        chunks.start_chunk(1)?;
        let slot = push_within_capacity(&mut chunks.current, value);
        // SAFETY: as in `try_alloc`.
        Ok(unsafe { &mut *slot.as_ptr() })
    }

    /// Moves every item of `iter` into the arena, next to each other, and returns them as a
    /// slice.
    ///
    /// `size_hint` is never trusted: when the items outgrow the room left in the current
    /// chunk, the ones taken so far move to a larger chunk, so the slice is contiguous
    /// whatever the iterator's length. The values are dropped after the ones allocated
    /// before this call, in iterator order.
    ///
    /// # Panics
    ///
    /// Panics if a chunk cannot be allocated, or if the iterator allocates into this same
    /// arena (with `alloc` or `alloc_extend`). If the iterator or an allocation panics, the
    /// items taken so far stay in the arena and are dropped with it, exactly once.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// arena.alloc(0u32);
    /// let evens = arena.alloc_extend((1..10_000).filter(|n| n % 2 == 0));
    /// assert_eq!(evens.len(), 4999);
    /// assert!(evens.windows(2).all(|w| w[1] == w[0] + 2));
    /// ```
    #[track_caller]
    pub fn alloc_extend<I: IntoIterator<Item = T>>(&self, iter: I) -> &mut [T] {
        let iter = iter.into_iter();
        if size_of::<T>() == 0 {
            let mut count = 0_usize;
            for item in iter {
                self.alloc(item);
                count += 1;
            }
            // SAFETY: for a zero-sized `T`, a dangling aligned pointer is valid for any
            // length; the `count` values it stands for are held (and dropped) by the arena.
            return unsafe { slice::from_raw_parts_mut(NonNull::dangling().as_ptr(), count) };
        }
        let mut run = Run::take(self);
        for item in iter {
            if run.chunk.len() == run.chunk.capacity() {
                run.make_room();
            }
            push_within_capacity(&mut run.chunk, item);
        }
        run.finish()
    }

    /// Returns the number of values in the arena.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::TypedArena;
    ///
    /// let arena = TypedArena::new();
    /// arena.alloc_extend(["a", "b"]);
    /// arena.alloc("c");
    /// assert_eq!(arena.len(), 3);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        // SAFETY: [exclusive] no `&mut Chunks` is alive outside this module's calls, and this
        // call runs no user code while it reads.
        let chunks = unsafe { &*self.chunks.get() };
        let full: usize = chunks.full.iter().map(Vec::len).sum();
        full + chunks.current.len() + chunks.taken
    }

    /// Returns `true` if the arena holds no values.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::TypedArena;
    ///
    /// let mut arena = TypedArena::new();
    /// arena.alloc(1);
    /// assert!(!arena.is_empty());
    /// arena.clear();
    /// assert!(arena.is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns an iterator over mutable references to the values, in allocation order.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::TypedArena;
    ///
    /// let mut arena = TypedArena::new();
    /// arena.alloc_extend(1..=3);
    /// arena.alloc(4);
    /// arena.iter_mut().for_each(|x| *x *= 10);
    /// assert_eq!(arena.iter_mut().map(|x| *x).collect::<Vec<_>>(), [10, 20, 30, 40]);
    /// ```
    pub fn iter_mut(&mut self) -> IterMut<'_, T> {
        let len = self.len();
        let chunks = self.chunks.get_mut();
        IterMut {
            inner: chunks.full.iter_mut().flatten().chain(&mut chunks.current),
            remaining: len,
        }
    }

    /// Moves the values out into a `Vec`, in allocation order.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::TypedArena;
    ///
    /// let arena = TypedArena::with_capacity(1);
    /// arena.alloc('a');
    /// arena.alloc_extend(['b', 'c']);
    /// assert_eq!(arena.into_vec(), ['a', 'b', 'c']);
    /// ```
    #[must_use]
    pub fn into_vec(self) -> Vec<T> {
        let chunks = self.chunks.into_inner();
        if chunks.full.is_empty() {
            return chunks.current;
        }
        let len = chunks.full.iter().map(Vec::len).sum::<usize>() + chunks.current.len();
        let mut all = Vec::with_capacity(len);
        for mut chunk in chunks.full.into_iter().chain(iter::once(chunks.current)) {
            all.append(&mut chunk);
        }
        all
    }

    /// Drops every value, in allocation order, and keeps the memory for new values.
    ///
    /// The largest chunk becomes the current one; the others are kept and reused as spares.
    /// Room from [`TypedArena::alloc_uninitialized`] is reused too (its contents are not dropped).
    /// If a destructor panics, the remaining values are still dropped (see [`TypedArena`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::TypedArena;
    ///
    /// let mut arena = TypedArena::new();
    /// let before: *const String = arena.alloc(String::from("first"));
    /// arena.clear();
    /// assert!(arena.is_empty());
    /// let after: *const String = arena.alloc(String::from("again"));
    /// assert_eq!(before, after); // the memory was kept
    /// ```
    pub fn clear(&mut self) {
        let chunks = self.chunks.get_mut();
        {
            let mut rest = ClearRest(
                chunks
                    .full
                    .iter_mut()
                    .chain(iter::once(&mut chunks.current)),
            );
            // If a `clear` panics, it has already dropped the rest of its chunk; the guard
            // then clears the chunks after it.
            for chunk in rest.0.by_ref() {
                chunk.clear();
            }
        }
        let mut kept = mem::take(&mut chunks.spare);
        kept.append(&mut chunks.full);
        kept.push(mem::take(&mut chunks.current));
        kept.retain(|chunk| chunk.capacity() > 0);
        kept.sort_unstable_by_key(Vec::capacity);
        chunks.current = kept.pop().unwrap_or_default();
        chunks.spare = kept;
        chunks.uninit.clear();
    }
}

/// Pushes `value` into `chunk`, which must have room, and returns where it went.
#[inline(always)]
fn push_within_capacity<T>(chunk: &mut Vec<T>, value: T) -> NonNull<T> {
    let len = chunk.len();
    debug_assert!(len < chunk.capacity());
    // SAFETY: `len < capacity` (checked by every caller), so the slot lies in the buffer;
    // `as_mut_ptr` makes no reference to the values already there.
    let slot = unsafe { chunk.as_mut_ptr().add(len) };
    // SAFETY: the slot is in the buffer and uninitialised.
    unsafe { slot.write(value) };
    // SAFETY: the first `len + 1` values are initialised now.
    unsafe { chunk.set_len(len + 1) };
    // SAFETY: `slot` points into a `Vec`'s buffer (or is its dangling pointer), so non-null.
    unsafe { NonNull::new_unchecked(slot) }
}

/// The number of `T`s that fit in `bytes` (at least one).
const fn chunk_len<T>(bytes: usize) -> usize {
    match size_of::<T>() {
        0 => usize::MAX,
        size if bytes / size == 0 => 1,
        size => bytes / size,
    }
}

/// The capacity of the chunk after one of `capacity` values.
fn grown<T>(capacity: usize) -> usize {
    capacity
        .saturating_mul(2)
        .clamp(1, chunk_len::<T>(MAX_CHUNK_BYTES).max(capacity))
}

/// Allocates an empty chunk with room for exactly `capacity` values.
fn try_chunk<T>(capacity: usize) -> Result<Vec<T>, AllocError> {
    let as_elements = |kind| AllocError::for_elements(kind, capacity, size_of::<T>());
    Layout::array::<T>(capacity).map_err(|_| as_elements(AllocErrorKind::SizeOverflow))?;
    let mut chunk = Vec::new();
    chunk
        .try_reserve_exact(capacity)
        .map_err(|_| as_elements(AllocErrorKind::OutOfMemory))?;
    Ok(chunk)
}

#[cold]
#[inline(never)]
#[track_caller]
fn reentered() -> ! {
    panic!("bumpkit: the iterator of TypedArena::alloc_extend allocated into the same arena")
}

impl<T> Chunks<T> {
    /// Returns an empty chunk with room for at least `min` values: the largest spare if it
    /// fits, else a new one.
    fn new_chunk(&mut self, min: usize) -> Result<Vec<T>, AllocError> {
        if self
            .spare
            .last()
            .is_some_and(|spare| spare.capacity() >= min)
        {
            if let Some(spare) = self.spare.pop() {
                return Ok(spare);
            }
        }
        let capacity = self.next_capacity.max(min);
        let chunk = try_chunk(capacity)?;
        self.next_capacity = grown::<T>(capacity);
        Ok(chunk)
    }

    /// Puts a chunk that will get no more values at the end of `full`. Callers retire only
    /// full chunks, so an empty one has no capacity (a new arena's) and is just dropped.
    fn retire(&mut self, chunk: Vec<T>) {
        debug_assert!(!chunk.is_empty() || chunk.capacity() == 0);
        if !chunk.is_empty() {
            // INVARIANT: [order] its values are newer than those already in `full` and older
            // than anything allocated next.
            self.full.push(chunk);
        }
    }

    /// Retires the current chunk and starts one with room for at least `min` values.
    fn start_chunk(&mut self, min: usize) -> Result<(), AllocError> {
        let chunk = self.new_chunk(min)?;
        self.full.try_reserve(1).map_err(|_| {
            AllocError::for_elements(AllocErrorKind::OutOfMemory, 1, size_of::<Vec<T>>())
        })?;
        let old = mem::replace(&mut self.current, chunk);
        self.retire(old);
        Ok(())
    }
}

/// The chunk an [`TypedArena::alloc_extend`] fills, taken out of its arena so that nothing
/// else lands between the new values. Dropping it (also while unwinding) puts it back.
struct Run<'a, T> {
    arena: &'a TypedArena<T>,
    chunk: Vec<T>,
    /// Index of the first value of this run in `chunk`; the values before it are older.
    start: usize,
}

impl<'a, T> Run<'a, T> {
    #[track_caller]
    fn take(arena: &'a TypedArena<T>) -> Self {
        // SAFETY: [exclusive] this borrow ends before any user code runs.
        let chunks = unsafe { &mut *arena.chunks.get() };
        if chunks.extending {
            reentered();
        }
        let chunk = mem::take(&mut chunks.current);
        // INVARIANT: [taken] `T` is not zero-sized here, so the empty `current` has no
        // capacity.
        chunks.extending = true;
        chunks.taken = chunk.len();
        Run {
            arena,
            start: chunk.len(),
            chunk,
        }
    }

    /// Makes room for one more value when `chunk` is full.
    #[cold]
    #[inline(never)]
    #[track_caller]
    fn make_room(&mut self) {
        let count = self.chunk.len() - self.start;
        if self.start == 0 && count > 0 {
            // Only this run's values are in the chunk and none was handed out yet, so it may
            // move ([pinned] concerns handed-out values).
            self.chunk.reserve(count);
            return;
        }
        // SAFETY: [exclusive] this borrow ends before any user code runs.
        let chunks = unsafe { &mut *self.arena.chunks.get() };
        let mut fresh = unwrap_alloc(chunks.new_chunk(count.saturating_mul(2).max(1)));
        debug_assert!(fresh.capacity() > count);
        // SAFETY: `chunk[start..]` holds `count` initialised values that were never handed
        // out; `fresh` is a distinct, empty buffer with room for more than `count`.
        unsafe {
            fresh
                .as_mut_ptr()
                .copy_from_nonoverlapping(self.chunk.as_ptr().add(self.start), count);
        }
        // SAFETY: the moved values are now owned by `fresh` alone: `chunk` forgets them and
        // `fresh` takes them, so each is still dropped exactly once.
        unsafe {
            self.chunk.set_len(self.start);
            fresh.set_len(count);
        }
        let old = mem::replace(&mut self.chunk, fresh);
        self.start = 0;
        chunks.taken = 0;
        // INVARIANT: [order] `old` holds the older values of the taken chunk; nothing was
        // allocated since it was taken, so it goes right after `full`.
        chunks.retire(old);
    }

    /// Puts the chunk back and returns this run's values.
    fn finish(mut self) -> &'a mut [T] {
        let count = self.chunk.len() - self.start;
        // SAFETY: `start <= len`; the pointer stays valid when the `Vec` moves back into the
        // arena, as its buffer does not move.
        let first = unsafe { self.chunk.as_mut_ptr().add(self.start) };
        drop(self);
        // SAFETY: the `count` values from `first` were just initialised and handed to no one;
        // [pinned] keeps them in place for as long as the arena is borrowed.
        unsafe { slice::from_raw_parts_mut(first, count) }
    }
}

impl<T> Drop for Run<'_, T> {
    fn drop(&mut self) {
        // SAFETY: [exclusive] runs no user code (the replaced `current` is empty).
        let chunks = unsafe { &mut *self.arena.chunks.get() };
        debug_assert!(chunks.extending && chunks.current.capacity() == 0);
        // INVARIANT: [order] nothing was allocated since the chunk was taken ([taken]).
        chunks.current = mem::take(&mut self.chunk);
        chunks.extending = false;
        chunks.taken = 0;
    }
}

/// Clears the remaining chunks when dropped: the rest of [`TypedArena::clear`] after a
/// destructor panicked.
struct ClearRest<'c, T: 'c, I: Iterator<Item = &'c mut Vec<T>>>(I);

impl<'c, T: 'c, I: Iterator<Item = &'c mut Vec<T>>> Drop for ClearRest<'c, T, I> {
    fn drop(&mut self) {
        self.0.by_ref().for_each(Vec::clear);
    }
}

/// An iterator over mutable references to the values of a [`TypedArena`], in allocation
/// order; made by [`TypedArena::iter_mut`].
///
/// # Examples
///
/// ```
/// use bumpkit::TypedArena;
///
/// let mut arena = TypedArena::new();
/// arena.alloc_extend(0..5);
/// let iter = arena.iter_mut();
/// assert_eq!(iter.len(), 5);
/// assert_eq!(iter.map(|x| *x).sum::<i32>(), 10);
/// ```
pub struct IterMut<'a, T> {
    inner: iter::Chain<iter::Flatten<slice::IterMut<'a, Vec<T>>>, slice::IterMut<'a, T>>,
    remaining: usize,
}

impl<'a, T> Iterator for IterMut<'a, T> {
    type Item = &'a mut T;

    fn next(&mut self) -> Option<&'a mut T> {
        let item = self.inner.next()?;
        self.remaining -= 1;
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T> ExactSizeIterator for IterMut<'_, T> {}

impl<T> iter::FusedIterator for IterMut<'_, T> {}

impl<T: fmt::Debug> fmt::Debug for IterMut<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IterMut")
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

impl<T> Default for TypedArena<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> IntoIterator for TypedArena<T> {
    type Item = T;
    type IntoIter = alloc::vec::IntoIter<T>;

    /// Moves the values out, in allocation order (see [`TypedArena::into_vec`]).
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a mut TypedArena<T> {
    type Item = &'a mut T;
    type IntoIter = IterMut<'a, T>;

    fn into_iter(self) -> IterMut<'a, T> {
        self.iter_mut()
    }
}

impl<T> fmt::Debug for TypedArena<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedArena")
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}
