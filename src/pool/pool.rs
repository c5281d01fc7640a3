//! `Pool<T>`: a typed object pool whose freed slots are reused, and its owning handle
//! `PoolBox`.

use core::alloc::Layout;
use core::borrow::{Borrow, BorrowMut};
use core::cell::Cell;
use core::cmp::Ordering;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::mem::ManuallyDrop;
use core::ops::{Deref, DerefMut};
use core::ptr::NonNull;

use crate::error::{AllocError, AllocErrorKind, unwrap_alloc};
use crate::raw::bump::Bump;

/// Bytes of slots in the first block a pool carves.
const FIRST_BLOCK_BYTES: usize = 1024;
/// Blocks stop doubling once they hold this many bytes.
const MAX_BLOCK_BYTES: usize = 256 << 10;

/// A pool of values of one type, freed one by one; a freed slot is reused by the next
/// allocation.
///
/// [`Pool::alloc`] moves a value into a slot and returns a [`PoolBox`], which owns it like a
/// [`Box`](alloc::boxed::Box): dropping the box drops the value and puts the slot on a free
/// list, and the next `alloc` takes it from there, at the same address, without asking the
/// system allocator. Slots are carved from blocks of a private [`Bump`]; allocating and
/// freeing are O(1).
///
/// A value is dropped when its [`PoolBox`] is dropped. Values of boxes that were leaked
/// ([`PoolBox::leak`], [`core::mem::forget`]) are never dropped; their memory is reclaimed
/// by [`Pool::clear`] or when the pool is dropped.
///
/// # Examples
///
/// ```
/// use bumpkit::Pool;
///
/// let pool = Pool::new();
/// let a = pool.alloc(String::from("a"));
/// let address: *const String = &*a;
/// drop(a); // drops the string, frees the slot
/// let b = pool.alloc(String::from("b"));
/// assert_eq!(&*b as *const String, address); // the slot came back
/// assert_eq!((pool.len(), b.as_str()), (1, "b"));
/// ```
pub struct Pool<T> {
    // Invariants:
    // - [free] `free` is `None` or the first of a list, linked through `Slot::next`, of
    //   distinct slots carved from `bump` that hold no value and that no `PoolBox` owns.
    // - [fresh] `fresh..fresh_end` are slots of one block from `bump` that were never handed
    //   out (`fresh == fresh_end` when there are none).
    // - [count] `len` counts the slots holding a value; `capacity` counts the slots of every
    //   block carved from `bump` since it was last reset.
    // - A zero-sized `T` uses no slots: its boxes point at a dangling address.
    free: Cell<Option<NonNull<Slot<T>>>>,
    fresh: Cell<NonNull<Slot<T>>>,
    fresh_end: Cell<NonNull<Slot<T>>>,
    len: Cell<usize>,
    capacity: Cell<usize>,
    // No `PhantomData<T>`: the pool never drops a `T` (boxes do), so dropck need not ask
    // that values outlive it, and a value may borrow its own pool.
    bump: Bump,
}

/// A slot: a value while it is owned, the link to the next vacant slot while it is free.
#[repr(C)]
union Slot<T> {
    value: ManuallyDrop<T>,
    next: Option<NonNull<Slot<T>>>,
}

/// A value in a [`Pool`]: owns it like a `Box`, and gives its slot back when dropped.
///
/// Made by [`Pool::alloc`]. The methods are associated functions (`PoolBox::leak(b)`), so
/// they do not shadow methods of `T`.
///
/// # Examples
///
/// ```
/// use bumpkit::{Pool, PoolBox};
///
/// let pool = Pool::new();
/// let mut numbers = pool.alloc(vec![1, 2]);
/// numbers.push(3); // `PoolBox` derefs to the value
/// assert_eq!(PoolBox::into_inner(numbers), [1, 2, 3]);
/// assert!(pool.is_empty());
/// ```
pub struct PoolBox<'p, T> {
    // Invariants:
    // - [owned] `value` points at an initialised `T` in a slot of `pool` (or at a dangling
    //   address if `T` is zero-sized) that no other box or reference reaches.
    value: NonNull<T>,
    pool: &'p Pool<T>,
}

impl<T> Pool<T> {
    /// Creates a pool that allocates nothing until the first value.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Pool;
    ///
    /// let pool = Pool::<u64>::new();
    /// assert_eq!((pool.len(), pool.capacity()), (0, 0));
    /// ```
    #[must_use]
    pub const fn new() -> Self {
        Self {
            free: Cell::new(None),
            fresh: Cell::new(NonNull::dangling()),
            fresh_end: Cell::new(NonNull::dangling()),
            len: Cell::new(0),
            capacity: Cell::new(0),
            bump: Bump::new(),
        }
    }

    /// Creates a pool with room for `capacity` values before it needs more memory.
    ///
    /// # Panics
    ///
    /// Panics if `capacity` slots overflow `isize::MAX` bytes or the global allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Pool;
    ///
    /// let pool = Pool::<[u8; 32]>::with_capacity(100);
    /// assert_eq!(pool.capacity(), 100);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn with_capacity(capacity: usize) -> Self {
        unwrap_alloc(Self::try_with_capacity(capacity))
    }

    /// Creates a pool with room for `capacity` values before it needs more memory.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if `capacity` slots overflow `isize::MAX` bytes or the global
    /// allocator fails.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{AllocErrorKind, Pool};
    ///
    /// let pool = Pool::<u32>::try_with_capacity(10)?;
    /// assert_eq!(pool.capacity(), 10);
    /// let err = Pool::<u32>::try_with_capacity(usize::MAX).unwrap_err();
    /// assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_with_capacity(capacity: usize) -> Result<Self, AllocError> {
        let pool = Self::new();
        if size_of::<T>() != 0 && capacity > 0 {
            let first = pool.carve_block(capacity)?;
            // INVARIANT: [fresh] `first` was never handed out either; it goes back in front.
            pool.fresh.set(first);
        }
        Ok(pool)
    }

    /// Moves `value` into a slot and returns the box that owns it.
    ///
    /// The slot is the one freed last, if any, else a new one.
    ///
    /// # Panics
    ///
    /// Panics if a new block of slots cannot be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Pool;
    ///
    /// let pool = Pool::new();
    /// let mut x = pool.alloc(41);
    /// *x += 1;
    /// assert_eq!(*x, 42);
    /// ```
    #[inline]
    #[track_caller]
    pub fn alloc(&self, value: T) -> PoolBox<'_, T> {
        unwrap_alloc(self.try_alloc(value))
    }

    /// Moves `value` into a slot and returns the box that owns it.
    ///
    /// # Errors
    ///
    /// [`AllocError`] if a new block of slots is needed and cannot be allocated; `value` is
    /// then dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Pool;
    ///
    /// let pool = Pool::new();
    /// let b = pool.try_alloc('x')?;
    /// assert_eq!(*b, 'x');
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_alloc(&self, value: T) -> Result<PoolBox<'_, T>, AllocError> {
        let slot = if size_of::<T>() == 0 {
            NonNull::dangling()
        } else if let Some(slot) = self.free.get() {
            // SAFETY: [free] `slot` is a vacant slot of this pool, so its `next` is the field
            // last written.
            let next = unsafe { (*slot.as_ptr()).next };
            // INVARIANT: [free] `slot` leaves the list, which now starts at its successor.
            self.free.set(next);
            slot
        } else {
            self.take_fresh()?
        };
        // SAFETY: `slot` holds no value and no one else owns it ([free], [fresh], or dangling
        // and aligned for a zero-sized `T`); a slot is aligned and sized for a `T`.
        unsafe { slot.cast::<T>().write(value) };
        // INVARIANT: [count] one more slot holds a value.
        self.len.set(self.len.get() + 1);
        Ok(PoolBox {
            value: slot.cast(),
            pool: self,
        })
    }

    /// Takes a never-used slot, carving a new block when there is none.
    #[inline(always)]
    fn take_fresh(&self) -> Result<NonNull<Slot<T>>, AllocError> {
        let slot = self.fresh.get();
        if slot == self.fresh_end.get() {
            return self.carve_next_block();
        }
        // SAFETY: [fresh] `slot < fresh_end` in one block, so one past it is in (or one past
        // the end of) that block.
        // INVARIANT: [fresh] `slot` leaves the never-used range.
        self.fresh.set(unsafe { slot.add(1) });
        Ok(slot)
    }

    /// Carves a block about as large as all earlier ones together and returns its first slot.
    #[cold]
    #[inline(never)]
    fn carve_next_block(&self) -> Result<NonNull<Slot<T>>, AllocError> {
        let slot_size = size_of::<Slot<T>>();
        let count = self.capacity.get().clamp(
            (FIRST_BLOCK_BYTES / slot_size).max(1),
            (MAX_BLOCK_BYTES / slot_size).max(1),
        );
        self.carve_block(count)
    }

    /// Allocates a block of `count > 0` slots, makes all but the first the never-used range,
    /// and returns the first.
    fn carve_block(&self, count: usize) -> Result<NonNull<Slot<T>>, AllocError> {
        debug_assert!(count > 0);
        let as_slots = |kind| AllocError::for_elements(kind, count, size_of::<Slot<T>>());
        let layout =
            Layout::array::<Slot<T>>(count).map_err(|_| as_slots(AllocErrorKind::SizeOverflow))?;
        let block = self
            .bump
            .try_alloc_layout(layout)
            .map_err(|err| as_slots(err.kind()))?
            .cast::<Slot<T>>();
        // SAFETY: the block holds `count >= 1` slots, so both offsets stay within it (or one
        // past its end).
        let (second, end) = unsafe { (block.add(1), block.add(count)) };
        // INVARIANT: [fresh] the new block is unused; the rest of the old range is abandoned
        // (it stays allocated in `bump` until reset). [count] `count` more slots.
        self.fresh.set(second);
        self.fresh_end.set(end);
        self.capacity.set(self.capacity.get() + count);
        Ok(block)
    }

    /// Gives the slot of a value that was just dropped or moved out back to the pool.
    ///
    /// # Safety
    ///
    /// - `slot` was handed out by this pool's `try_alloc` and its value is gone (dropped or
    ///   moved out); nothing uses the slot again.
    #[inline(always)]
    unsafe fn release(&self, slot: NonNull<Slot<T>>) {
        if size_of::<T>() != 0 {
            // SAFETY: the caller hands back a slot of this pool that no one uses any more.
            unsafe { (&raw mut (*slot.as_ptr()).next).write(self.free.get()) };
            // INVARIANT: [free] the slot is vacant and now heads the list.
            self.free.set(Some(slot));
        }
        // INVARIANT: [count] one slot fewer holds a value.
        self.len.set(self.len.get() - 1);
    }

    /// Returns the number of values in the pool: boxes alive and values leaked.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Pool;
    ///
    /// let pool = Pool::new();
    /// let a = pool.alloc(1);
    /// let b = pool.alloc(2);
    /// drop(a);
    /// assert_eq!(pool.len(), 1);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.len.get()
    }

    /// Returns `true` if no slot holds a value.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Pool;
    ///
    /// let pool = Pool::new();
    /// assert!(pool.is_empty());
    /// let a = pool.alloc(1);
    /// assert!(!pool.is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Returns the number of slots the pool has carved: values it can hold before it needs
    /// more memory. Zero-sized types need no slots: their capacity is `usize::MAX`.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Pool;
    ///
    /// let pool = Pool::new();
    /// let a = pool.alloc(0u64);
    /// assert!(pool.capacity() >= 1);
    /// assert_eq!(Pool::<()>::new().capacity(), usize::MAX);
    /// ```
    #[must_use]
    pub fn capacity(&self) -> usize {
        if size_of::<T>() == 0 {
            usize::MAX
        } else {
            self.capacity.get()
        }
    }

    /// Makes every slot vacant, keeping the pool's largest block of memory for new values.
    ///
    /// Taking `&mut self` proves that no [`PoolBox`] is alive. Values whose boxes were
    /// leaked are not dropped; their memory is reused.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Pool, PoolBox};
    ///
    /// let mut pool = Pool::new();
    /// PoolBox::leak(pool.alloc(7u32));
    /// assert_eq!(pool.len(), 1);
    /// pool.clear();
    /// assert_eq!(pool.len(), 0);
    /// ```
    pub fn clear(&mut self) {
        self.bump.reset();
        // INVARIANT: [free] [fresh] [count] the reset freed every block: no slots remain.
        self.free.set(None);
        self.fresh.set(NonNull::dangling());
        self.fresh_end.set(NonNull::dangling());
        self.len.set(0);
        self.capacity.set(0);
    }

    /// Gives all memory back to the global allocator if no value is in the pool.
    ///
    /// Does nothing while values are (leaked values count: their slots are scattered among
    /// the others, so no block can be freed on its own). [`Pool::clear`] first forgets them.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::Pool;
    ///
    /// let mut pool = Pool::new();
    /// drop(pool.alloc([0u8; 64]));
    /// assert!(pool.capacity() > 0);
    /// pool.shrink_to_fit();
    /// assert_eq!(pool.capacity(), 0);
    /// ```
    pub fn shrink_to_fit(&mut self) {
        if self.is_empty() {
            // INVARIANT: every field returns to the empty state of `Pool::new`.
            *self = Self::new();
        }
    }
}

impl<'p, T> PoolBox<'p, T> {
    /// Moves the value out and gives the slot back to the pool.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Pool, PoolBox};
    ///
    /// let pool = Pool::new();
    /// let name = PoolBox::into_inner(pool.alloc(String::from("moved")));
    /// assert_eq!((name.as_str(), pool.len()), ("moved", 0));
    /// ```
    #[must_use]
    pub fn into_inner(this: Self) -> T {
        let this = ManuallyDrop::new(this);
        // SAFETY: [owned] the value is initialised; `this` will never drop it.
        let value = unsafe { this.value.read() };
        // SAFETY: the slot came from `try_alloc` of this pool and its value was just moved out.
        unsafe { this.pool.release(this.value.cast()) };
        value
    }

    /// Gives up the box and returns a reference to the value for as long as the pool is
    /// borrowed. The value is never dropped; its slot is reused only after [`Pool::clear`].
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Pool, PoolBox};
    ///
    /// let pool = Pool::new();
    /// let forever: &mut u32 = PoolBox::leak(pool.alloc(1));
    /// *forever += 1;
    /// assert_eq!((*forever, pool.len()), (2, 1));
    /// ```
    pub fn leak(this: Self) -> &'p mut T {
        let this = ManuallyDrop::new(this);
        // SAFETY: [owned] the value is initialised and only this box reached it; the box is
        // gone, and the slot is never released, so it stays valid while the pool is
        // borrowed for `'p` (only `&mut Pool` methods reuse it).
        unsafe { &mut *this.value.as_ptr() }
    }
}

/// Gives a slot back when dropped, so that it is released even if the value's destructor
/// panics.
struct Release<'p, T> {
    pool: &'p Pool<T>,
    slot: NonNull<Slot<T>>,
}

impl<T> Drop for Release<'_, T> {
    #[inline(always)]
    fn drop(&mut self) {
        // SAFETY: only `PoolBox::drop` makes a `Release`, for its own slot, whose value has
        // been dropped (completely, or as far as a panicking destructor got) when this runs.
        unsafe { self.pool.release(self.slot) };
    }
}

impl<T> Drop for PoolBox<'_, T> {
    #[inline]
    fn drop(&mut self) {
        let _release = Release {
            pool: self.pool,
            slot: self.value.cast(),
        };
        // SAFETY: [owned] the value is initialised and dropped only here; the slot is
        // released after it, by `_release`.
        unsafe { self.value.drop_in_place() };
    }
}

impl<T> Deref for PoolBox<'_, T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        // SAFETY: [owned] the value is initialised and borrowed through `self`.
        unsafe { self.value.as_ref() }
    }
}

impl<T> DerefMut for PoolBox<'_, T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: [owned] the value is initialised and reachable only through `self`.
        unsafe { self.value.as_mut() }
    }
}

impl<T> AsRef<T> for PoolBox<'_, T> {
    fn as_ref(&self) -> &T {
        self
    }
}

impl<T> AsMut<T> for PoolBox<'_, T> {
    fn as_mut(&mut self) -> &mut T {
        self
    }
}

impl<T> Borrow<T> for PoolBox<'_, T> {
    fn borrow(&self) -> &T {
        self
    }
}

impl<T> BorrowMut<T> for PoolBox<'_, T> {
    fn borrow_mut(&mut self) -> &mut T {
        self
    }
}

impl<T: PartialEq> PartialEq for PoolBox<'_, T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Eq> Eq for PoolBox<'_, T> {}

impl<T: PartialOrd> PartialOrd for PoolBox<'_, T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        (**self).partial_cmp(&**other)
    }
}

impl<T: Ord> Ord for PoolBox<'_, T> {
    fn cmp(&self, other: &Self) -> Ordering {
        (**self).cmp(&**other)
    }
}

impl<T: Hash> Hash for PoolBox<'_, T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl<T: fmt::Debug> fmt::Debug for PoolBox<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl<T: fmt::Display> fmt::Display for PoolBox<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&**self, f)
    }
}

impl<T> fmt::Pointer for PoolBox<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Pointer::fmt(&self.value, f)
    }
}

impl<T> Default for Pool<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> fmt::Debug for Pool<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pool")
            .field("len", &self.len())
            .field("capacity", &self.capacity())
            .finish_non_exhaustive()
    }
}

// SAFETY: the pool owns its blocks (in `bump`, which is `Send`) and no thread-bound state;
// the raw slot pointers point into those blocks. Moving it needs no box to borrow it, so the
// values still in it (leaked ones) are never touched again; `T: Send` is asked anyway, as
// the values are in a sense moved with it. It stays `!Sync`: its `Cell`s are not shared safely.
unsafe impl<T: Send> Send for Pool<T> {}

// SAFETY: a shared `&PoolBox` only gives `&T` (`Deref`, `Debug`, ...); nothing reachable
// through it touches the pool's `Cell`s, so sharing it is as safe as sharing `&T`. It stays
// `!Send`: dropping it in another thread would update the `!Sync` pool.
unsafe impl<T: Sync> Sync for PoolBox<'_, T> {}
