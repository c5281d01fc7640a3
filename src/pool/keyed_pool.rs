//! `KeyedPool<T>`: a typed pool addressed by `Copy` keys with generations, and its `Key<T>`.
//! Beside it in `keyed_pool/`: `key.rs` (`Key`'s constructors), `iter.rs`, `impls.rs` (trait impls),
//! `serde_slots.rs` (slot access for serde), `tests.rs` (unit tests of private internals).

use core::marker::PhantomData;
use core::mem::ManuallyDrop;
use core::num::NonZeroU64;
use core::ptr::NonNull;

use crate::error::{AllocError, AllocErrorKind, unwrap_alloc};

use chunks::Chunks;

mod chunks;
mod impls;
pub(crate) mod iter;
mod key;
mod removal;
#[cfg(feature = "serde")]
mod serde_slots;
#[cfg(test)]
mod tests;

/// The most slots a pool can have: slot indices are `u32`s below `u32::MAX`, which marks the
/// end of the free list.
const MAX_SLOTS: u32 = u32::MAX;
/// Marks the end of the free list.
const NONE: u32 = u32::MAX;
/// About how many bytes of slots one chunk holds (a power of two of slots, at least one).
const CHUNK_BYTES: usize = 8 << 10;
/// How far up a generation its pool tag sits: the high 8 bits are the tag, the low 24 bits
/// count the uses of the slot.
const TAG_SHIFT: u32 = 24;
/// The use-count bits of a generation.
const COUNT_MASK: u32 = (1 << TAG_SHIFT) - 1;

/// A key of a value in a [`KeyedPool<T>`]: a slot index and a generation, `Copy`, with no
/// lifetime.
///
/// A key stays valid until its value is removed (or the pool cleared); then it is *stale*,
/// and stays stale for good, even once its slot holds another value: the slot's generation
/// moved on. A key is 8 bytes in every build, and `Option<Key<T>>` too (the generation is
/// odd, never zero).
///
/// The high 8 bits of the generation are the *tag* of the pool that made the key (1 to 255,
/// handed out in turn to new pools), the low 24 bits count the uses of the slot. A lookup
/// compares the whole generation, so a key of another pool with another tag never reads a
/// value, and debug builds panic on it. Tags repeat after 255 pools: a key of a pool with
/// the same tag is not caught, and reads nothing unless it equals a live key of this pool.
/// Tag 0 means *untagged*: keys [`Key::from_bits`] makes with tag 0 (and the pools of old
/// or mixed-tag serialised data, see the serde impls) check no tag.
///
/// Keys compare and hash by slot index and generation; they order by slot index first.
///
/// # Examples
///
/// ```
/// use bumpkit::{Key, KeyedPool};
///
/// let mut pool = KeyedPool::new();
/// let a: Key<&str> = pool.insert("a");
/// let copy = a; // `Copy`
/// assert_eq!(pool.remove(a), Some("a"));
/// assert_eq!(pool.get(copy), None); // stale
/// assert_eq!(size_of::<Option<Key<&str>>>(), 8);
/// ```
pub struct Key<T> {
    /// [`Key::to_bits`]: the generation in the high 32 bits, the slot index in the low ones.
    /// The generation is odd (so `bits` is non-zero): the generation a slot has while it
    /// holds this key's value; its high 8 bits are the tag of the pool that made it. One
    /// field, so a key is read from memory with one 8-byte load.
    bits: NonZeroU64,
    _type: PhantomData<fn() -> T>,
}

/// A pool of values of one type addressed by [`Key`]s: stable, `Copy` handles without a
/// lifetime, safe against use after removal.
///
/// Values live in slots in fixed-size chunks (about 8 KiB each) that are never moved or
/// freed before the pool is, so a value never moves while it is in the pool. Chunks are
/// allocated a block at a time: a block at least doubles the slots, as a `Vec` grows, and
/// [`with_capacity`](Self::with_capacity) or [`reserve`](Self::reserve) take one block of
/// all they need. A removed value's slot is reused by a later insert with a new generation,
/// so the old key never reaches the new value: [`get`](Self::get) and
/// [`remove`](Self::remove) give `None` for it and indexing panics.
///
/// Insert, remove and lookup are O(1); a lookup is one bounds check against the slots in use
/// (never the capacity), the slot's address, and one generation compare. While the slots
/// are one block (a pool reserved up front, or one that never outgrew its first block),
/// the address is the block's start plus the index, as in a `Vec`; past that it takes one
/// load from a table of chunks.
///
/// Each use of a slot takes two generations (one to fill it, one to empty it) of the 24-bit
/// use count under the pool's tag (see [`Key`]); a slot whose count would wrap after its
/// 2<sup>23</sup>th value is *retired*: never reused, so no stale key can come back to
/// life. A pool holds at most 2<sup>32</sup> - 1 slots; [`try_insert`](Self::try_insert)
/// then fails with [`AllocErrorKind::SizeOverflow`].
///
/// Iteration is in slot order. Values are dropped when removed, cleared, or with the pool.
///
/// # Examples
///
/// ```
/// use bumpkit::{Key, KeyedPool};
///
/// struct Node {
///     name: &'static str,
///     edges: Vec<Key<Node>>,
/// }
///
/// let mut graph = KeyedPool::new();
/// let a = graph.insert(Node { name: "a", edges: vec![] });
/// let b = graph.insert_with_key(|b| Node { name: "b", edges: vec![b, a] });
/// graph[a].edges.push(b);
/// assert_eq!(graph[graph[a].edges[0]].name, "b");
/// graph.remove(a);
/// assert!(graph.get(graph[b].edges[1]).is_none()); // the edge to `a` is stale
/// ```
pub struct KeyedPool<T> {
    // Invariants:
    // - [chunks] `chunks.slot(i)` is slot `i`, in a chunk that never moves, for every `i`
    //   below `chunks.slot_count()` (at most `MAX_SLOTS`).
    // - [used] `used <= chunks.slot_count()`; slots `0..used` have their
    //   `generation` written; slots at or past `used` were never written.
    // - [occupied] a slot below `used` with an odd generation holds an initialised `T`.
    // - [free] the vacant, reusable slots (below `used`, generation even and non-zero) are
    //   exactly `recent` (unless `NONE`) and the list headed by `free` (unless `NONE`),
    //   linked through `payload.next`; `recent` is not on the list, and the list is empty
    //   when `recent` is `NONE`. Their use count (`& COUNT_MASK`) is below `COUNT_MASK`, so
    //   `+ 1` stays in the count. Reuse takes `recent`, and the list's head takes its
    //   place: last emptied, first reused.
    // - [recent] `recent_slot` is the slot at `recent` when `recent != NONE` (dangling
    //   otherwise). The slot emptied last waits here, off the list: a remove followed by an
    //   insert then touches neither the list nor the chunk table, and nothing the insert
    //   reads was written through the slot by the remove but its generation. Its
    //   `payload.next` is not written (it may hold the old value's bytes) until it moves
    //   to the list: nothing reads it before then.
    // - [retired] a slot below `used` with generation 0 has been retired: it is on no list
    //   and is never written again; `retired` counts them.
    // - [tag] `tag` is in `0..=255`; fresh slots start at generation `tag << TAG_SHIFT | 1`.
    // - [count] `len` counts the slots with an odd generation.
    // - [direct] `direct == used & chunks.single_block_mask()`: `used` while the slots are
    //   one block, from `chunks.first()` on (a pool reserved once, or small), else 0.
    //   Lookups below it skip the chunk table.
    chunks: Chunks<T>,
    direct: u32,
    free: u32,
    recent: u32,
    recent_slot: NonNull<Slot<T>>,
    used: u32,
    len: u32,
    retired: u32,
    /// This pool's tag, the high 8 bits of the generations of its fresh slots; 0 (some
    /// deserialised pools) checks no key's tag.
    tag: u32,
    _values: PhantomData<T>,
}

/// A slot: a generation (odd while it holds a value), then the value or the free-list link.
#[repr(C)]
struct Slot<T> {
    generation: u32,
    payload: Payload<T>,
}

/// The value of an occupied slot, or the index of the next vacant slot.
#[repr(C)]
union Payload<T> {
    value: ManuallyDrop<T>,
    next: u32,
}

/// A tag for a new pool: 1 to 255 in turn (0 means "untagged").
fn next_pool_tag() -> u32 {
    use core::sync::atomic::{AtomicU32, Ordering as AtomicOrdering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    // Relaxed: only that successive pools get successive counts matters, which the
    // read-modify-write gives in any order; no other memory hangs on it.
    #[cfg(target_has_atomic = "32")]
    let count = NEXT.fetch_add(1, AtomicOrdering::Relaxed);
    // Without compare-and-swap (thumbv6m), a load and a store: two pools made at once may
    // share a tag, as pools 255 apart do anyway; a tag only ever serves the foreign-key check.
    #[cfg(not(target_has_atomic = "32"))]
    let count = {
        let count = NEXT.load(AtomicOrdering::Relaxed);
        NEXT.store(count.wrapping_add(1), AtomicOrdering::Relaxed);
        count
    };
    count % 255 + 1
}

/// Returns the tag (high 8 bits) of a generation.
#[inline(always)]
const fn tag_of(generation: u32) -> u32 {
    generation >> TAG_SHIFT
}

impl<T> KeyedPool<T> {
    /// Creates an empty pool that allocates nothing until the first value.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let pool = KeyedPool::<String>::new();
    /// assert_eq!((pool.len(), pool.capacity()), (0, 0));
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self {
            chunks: Chunks::new(),
            direct: 0,
            free: NONE,
            recent: NONE,
            recent_slot: NonNull::dangling(),
            used: 0,
            len: 0,
            retired: 0,
            tag: next_pool_tag(),
            _values: PhantomData,
        }
    }

    /// Creates a pool with room for at least `capacity` values, in one allocation: the
    /// slots of a pool that stays within it follow each other, and lookups skip the chunk
    /// table.
    ///
    /// # Panics
    ///
    /// Panics if `capacity` is more than 2<sup>32</sup> - 1 or the memory cannot be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let pool = KeyedPool::<u64>::with_capacity(1000);
    /// assert!(pool.capacity() >= 1000);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn with_capacity(capacity: usize) -> Self {
        let mut pool = Self::new();
        pool.reserve(capacity);
        pool
    }

    /// Returns the number of values in the pool.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let a = pool.insert('a');
    /// pool.insert('b');
    /// pool.remove(a);
    /// assert_eq!(pool.len(), 1);
    /// ```
    #[must_use]
    #[inline]
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Returns `true` if the pool holds no value.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// assert!(pool.is_empty());
    /// pool.insert(1);
    /// assert!(!pool.is_empty());
    /// ```
    #[must_use]
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Returns the number of values the pool can hold without allocating: its slots, less
    /// the retired ones.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// pool.insert(0u8);
    /// assert!(pool.capacity() >= 1);
    /// ```
    #[must_use]
    pub fn capacity(&self) -> usize {
        self.slot_count() as usize - self.retired as usize
    }

    /// The slots of every chunk, at most [`MAX_SLOTS`].
    #[inline(always)]
    fn slot_count(&self) -> u32 {
        self.chunks.slot_count()
    }

    /// Reserves room for at least `additional` more values, in one allocation (at least
    /// doubling the slots, as `Vec::reserve` does).
    ///
    /// # Panics
    ///
    /// Panics if the pool would need more than 2<sup>32</sup> - 1 slots or the memory cannot
    /// be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// pool.insert(1u32);
    /// pool.reserve(100);
    /// assert!(pool.capacity() >= 101);
    /// ```
    #[track_caller]
    pub fn reserve(&mut self, additional: usize) {
        unwrap_alloc(self.try_reserve(additional));
    }

    /// Reserves room for at least `additional` more values.
    ///
    /// # Errors
    ///
    /// [`AllocError`] of kind [`SizeOverflow`](AllocErrorKind::SizeOverflow) if the pool would
    /// need more than 2<sup>32</sup> - 1 slots or the new block more than `isize::MAX` bytes,
    /// or another kind if the memory cannot be allocated. The pool is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{AllocErrorKind, KeyedPool};
    ///
    /// let mut pool = KeyedPool::<u8>::new();
    /// pool.try_reserve(10)?;
    /// assert!(pool.capacity() >= 10);
    /// let err = pool.try_reserve(1 << 32).unwrap_err();
    /// assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    pub fn try_reserve(&mut self, additional: usize) -> Result<(), AllocError> {
        let available = self.capacity() - self.len();
        if additional <= available {
            return Ok(());
        }
        let missing = additional - available;
        let room = (MAX_SLOTS - self.slot_count()) as usize;
        if missing > room {
            return Err(AllocError::for_elements(
                AllocErrorKind::SizeOverflow,
                self.len().saturating_add(additional),
                size_of::<Slot<T>>(),
            ));
        }
        self.add_block(self.slot_count() as usize + missing)
    }

    /// Inserts `value` and returns its key.
    ///
    /// # Panics
    ///
    /// Panics if the pool has 2<sup>32</sup> - 1 slots, all in use or retired, or a new chunk
    /// cannot be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let key = pool.insert("value");
    /// assert_eq!(pool[key], "value");
    /// ```
    #[inline]
    #[track_caller]
    pub fn insert(&mut self, value: T) -> Key<T> {
        unwrap_alloc(self.try_insert(value))
    }

    /// Inserts `value` and returns its key.
    ///
    /// # Errors
    ///
    /// [`AllocError`] of kind [`SizeOverflow`](AllocErrorKind::SizeOverflow) if the pool has
    /// 2<sup>32</sup> - 1 slots, all in use or retired, or its next block would pass
    /// `isize::MAX` bytes; another kind if the block cannot be allocated; `value` is then
    /// dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let key = pool.try_insert(7)?;
    /// assert_eq!(pool.get(key), Some(&7));
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_insert(&mut self, value: T) -> Result<Key<T>, AllocError> {
        self.try_insert_with_key(|_| value)
    }

    /// Inserts the value `f` makes from its own key, and returns the key.
    ///
    /// For values that refer to themselves, such as a graph node with a loop. If `f`
    /// panics, the pool holds no new value.
    ///
    /// # Panics
    ///
    /// Panics if `f` panics, or as [`insert`](Self::insert) does.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::{Key, KeyedPool};
    ///
    /// struct Node {
    ///     next: Key<Node>,
    /// }
    ///
    /// let mut pool = KeyedPool::new();
    /// let key = pool.insert_with_key(|me| Node { next: me }); // a loop
    /// assert_eq!(pool[key].next, key);
    /// ```
    #[inline]
    #[track_caller]
    pub fn insert_with_key(&mut self, f: impl FnOnce(Key<T>) -> T) -> Key<T> {
        unwrap_alloc(self.try_insert_with_key(f))
    }

    /// Inserts the value `f` makes from its own key, and returns the key.
    ///
    /// `f` is not called when there is no room.
    ///
    /// # Errors
    ///
    /// As [`try_insert`](Self::try_insert).
    ///
    /// # Panics
    ///
    /// Panics if `f` panics; the pool then holds no new value.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let key = pool.try_insert_with_key(|me| format!("{me:?}"))?;
    /// assert!(pool[key].starts_with("Key"));
    /// # Ok::<(), bumpkit::AllocError>(())
    /// ```
    #[inline]
    pub fn try_insert_with_key(
        &mut self,
        f: impl FnOnce(Key<T>) -> T,
    ) -> Result<Key<T>, AllocError> {
        let key = if self.recent != NONE {
            let (index, slot) = (self.recent, self.recent_slot);
            // SAFETY: [recent] [free] a vacant slot below `used`: its generation is written.
            let generation = unsafe { (*slot.as_ptr()).generation } + 1;
            let key = Key::new(index, generation);
            let value = f(key);
            // INVARIANT: [free] [recent] the slot is taken; the list's head, if any, waits
            // in its place.
            self.recent = self.free;
            if self.free != NONE {
                // SAFETY: [free] the head of the list is a slot below `used`.
                self.recent_slot = unsafe { self.slot(self.free) };
                // SAFETY: [used] [free] the head is written and vacant: its `next` is the
                // field last written.
                self.free = unsafe { (*self.recent_slot.as_ptr()).payload.next };
            }
            // SAFETY: a vacant slot of this pool below `used`.
            unsafe { Self::fill(slot, generation, value) };
            key
        } else {
            if self.used == self.slot_count() {
                self.grow()?;
            }
            let index = self.used;
            let key = Key::new(index, self.tag << TAG_SHIFT | 1);
            let value = f(key);
            // SAFETY: the fresh slot is below `slot_count` (checked or grown above); it is
            // written just below.
            unsafe { self.use_fresh_slot() };
            // SAFETY: `index < used` now.
            let slot = unsafe { self.slot(index) };
            // SAFETY: a fresh slot: in a chunk, never written.
            unsafe { Self::fill(slot, key.generation(), value) };
            key
        };
        // INVARIANT: [count] one more value.
        self.len += 1;
        Ok(key)
    }

    /// Puts `value` in a vacant slot under the odd `generation`.
    ///
    /// # Safety
    ///
    /// - `slot` is a slot of this pool below `used` that holds no value (fresh or just
    ///   taken off the free list), so writing drops nothing.
    #[inline(always)]
    unsafe fn fill(slot: NonNull<Slot<T>>, generation: u32, value: T) {
        // SAFETY: the caller vouches for the slot.
        // INVARIANT: [occupied] an odd generation and a value; the caller counts it.
        unsafe {
            slot.write(Slot {
                generation,
                payload: Payload {
                    value: ManuallyDrop::new(value),
                },
            });
        }
    }

    /// Makes room for one more slot past `used`: a chunk, or the overflow error.
    #[cold]
    #[inline(never)]
    fn grow(&mut self) -> Result<(), AllocError> {
        if self.slot_count() == MAX_SLOTS {
            return Err(AllocError::for_elements(
                AllocErrorKind::SizeOverflow,
                (MAX_SLOTS as usize).saturating_add(1),
                size_of::<Slot<T>>(),
            ));
        }
        self.add_block(self.slot_count() as usize + 1)
    }

    /// Allocates a block for `at_least` slots in all (see [`Chunks::grow`]) and restores
    /// [direct]. Call it only while `slot_count() < MAX_SLOTS`.
    fn add_block(&mut self, at_least: usize) -> Result<(), AllocError> {
        let grown = self.chunks.grow(at_least);
        self.sync_direct();
        grown
    }

    /// Marks the next fresh slot used and returns its index; the caller writes its
    /// generation before anything reads it.
    ///
    /// # Safety
    ///
    /// - `used < slot_count()`.
    #[inline(always)]
    unsafe fn use_fresh_slot(&mut self) -> u32 {
        debug_assert!(self.used < self.slot_count());
        let index = self.used;
        // INVARIANT: [used] the caller vouches the slot exists, and writes it.
        self.used += 1;
        self.sync_direct();
        index
    }

    /// Restores [direct] after `used` or the chunks changed.
    #[inline(always)]
    fn sync_direct(&mut self) {
        self.direct = self.used & self.chunks.single_block_mask();
    }

    /// Returns the slot at `index`.
    ///
    /// # Safety
    ///
    /// - `index < self.used`.
    #[inline(always)]
    unsafe fn slot(&self, index: u32) -> NonNull<Slot<T>> {
        debug_assert!(index < self.used);
        // SAFETY: [used] `index < used <= slot_count`.
        unsafe { self.chunks.slot(index) }
    }

    /// Returns the occupied slot of `key`, if the key is live.
    #[inline(always)]
    fn find(&self, key: Key<T>) -> Option<NonNull<Slot<T>>> {
        self.check_pool(key);
        self.map_slot_in_use(key.index(), |slot| {
            // SAFETY: [used] the generation of a slot below `used` is written. An equal one
            // is odd (keys' are), so [occupied] the slot holds the key's value.
            (unsafe { (*slot.as_ptr()).generation } == key.generation()).then_some(slot)
        })
    }

    /// Returns slot `index` if it is below `used` (its generation is written).
    #[inline(always)]
    fn slot_in_use(&self, index: u32) -> Option<NonNull<Slot<T>>> {
        self.map_slot_in_use(index, Some)
    }

    /// Applies `f` to slot `index` if it is below `used`, else gives `None`. Each way to the
    /// slot (from the single block's start, or through the chunk table) calls `f` on its
    /// own, so a lookup loop does not jump from one to a shared compare.
    #[inline(always)]
    fn map_slot_in_use<R>(
        &self,
        index: u32,
        f: impl Fn(NonNull<Slot<T>>) -> Option<R>,
    ) -> Option<R> {
        if index < self.direct {
            // SAFETY: [direct] slots `0..used` follow each other in the only block, from its
            // first slot, and `index < direct == used`.
            f(unsafe { self.chunks.first().add(index as usize) })
        } else if index < self.used {
            // SAFETY: `index < used <= slot_count`.
            f(unsafe { self.chunks.slot(index) })
        } else {
            None
        }
    }

    /// Panics if `key` was made by another pool: its tag is neither this pool's nor 0, and
    /// this pool's is not 0 (debug builds; nothing in release builds, where the generation
    /// compare alone keeps such a key from reading a value).
    #[inline(always)]
    #[track_caller]
    fn check_pool(&self, key: Key<T>) {
        if cfg!(debug_assertions) {
            let tag = tag_of(key.generation());
            if tag != 0 && self.tag != 0 && tag != self.tag {
                key_of_another_pool(tag, self.tag);
            }
        }
    }

    /// Returns a reference to the value of `key`, or `None` if the key is stale.
    ///
    /// # Panics
    ///
    /// In debug builds, panics if `key` was made by another pool.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let key = pool.insert(1);
    /// assert_eq!(pool.get(key), Some(&1));
    /// pool.clear();
    /// assert_eq!(pool.get(key), None);
    /// ```
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn get(&self, key: Key<T>) -> Option<&T> {
        let slot = self.find(key)?;
        // SAFETY: [occupied] `find` found the slot holding an initialised value; `&self`
        // keeps it from being removed while borrowed.
        Some(unsafe { &(*slot.as_ptr()).payload.value })
    }

    /// Returns a mutable reference to the value of `key`, or `None` if the key is stale.
    ///
    /// # Panics
    ///
    /// In debug builds, panics if `key` was made by another pool.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let key = pool.insert(1);
    /// *pool.get_mut(key).unwrap() += 1;
    /// assert_eq!(pool[key], 2);
    /// ```
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn get_mut(&mut self, key: Key<T>) -> Option<&mut T> {
        let slot = self.find(key)?;
        // SAFETY: [occupied] as in `get`; `&mut self` makes the borrow unique.
        Some(unsafe { &mut (*slot.as_ptr()).payload.value })
    }

    /// Returns mutable references to the values of `N` keys at once, or `None` if any key is
    /// stale or two keys are equal.
    ///
    /// Every key is checked against the slots in use and their generations, never against
    /// the capacity.
    ///
    /// # Panics
    ///
    /// In debug builds, panics if a key was made by another pool.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let (a, b) = (pool.insert(1), pool.insert(2));
    /// let [x, y] = pool.get_disjoint_mut([a, b]).unwrap();
    /// std::mem::swap(x, y);
    /// assert_eq!((pool[a], pool[b]), (2, 1));
    /// assert!(pool.get_disjoint_mut([a, a]).is_none());
    /// ```
    #[track_caller]
    pub fn get_disjoint_mut<const N: usize>(&mut self, keys: [Key<T>; N]) -> Option<[&mut T; N]> {
        let mut slots = [NonNull::<Slot<T>>::dangling(); N];
        for (i, &key) in keys.iter().enumerate() {
            slots[i] = self.find(key)?;
            if keys[..i]
                .iter()
                .any(|earlier| earlier.index() == key.index())
            {
                return None;
            }
        }
        // SAFETY: [occupied] each slot holds a value (`find`), the slots are distinct (their
        // indices are), and `&mut self` keeps anyone else from them.
        Some(
            slots
                .map(|slot| unsafe { &mut *(&raw mut (*slot.as_ptr()).payload.value).cast::<T>() }),
        )
    }

    /// Returns `true` if `key` is live: its value is in the pool.
    ///
    /// # Panics
    ///
    /// In debug builds, panics if `key` was made by another pool.
    ///
    /// # Examples
    ///
    /// ```
    /// use bumpkit::KeyedPool;
    ///
    /// let mut pool = KeyedPool::new();
    /// let key = pool.insert(());
    /// assert!(pool.contains_key(key));
    /// pool.remove(key);
    /// assert!(!pool.contains_key(key));
    /// ```
    #[inline]
    #[must_use]
    #[track_caller]
    pub fn contains_key(&self, key: Key<T>) -> bool {
        self.check_pool(key);
        /// The generation a key past the slots in use is compared with: even, so no match.
        static PAST_THE_SLOTS: u32 = 0;
        // Every path ends in the one compare (not `find(key).is_some()`): the compiler then
        // picks the answer without a branch on the generation, which is often a cache miss
        // in a loop over keys, and such a branch would stall the loads after it.
        let generation = match self.slot_in_use(key.index()) {
            // SAFETY: a slot of this pool: its field is inside its chunk.
            Some(slot) => unsafe { &raw const (*slot.as_ptr()).generation },
            None => &raw const PAST_THE_SLOTS,
        };
        // SAFETY: [used] the generation of a slot below `used` is written; the static is
        // never written.
        unsafe { generation.read() == key.generation() }
    }
}

/// Panics for a key whose value is gone.
#[cold]
#[inline(never)]
#[track_caller]
fn stale_key<T>(key: Key<T>) -> ! {
    panic!("bumpkit: stale key {key:?}: its value was removed or the pool cleared")
}

/// Panics for a key of another pool (called in debug builds only).
#[cold]
#[inline(never)]
#[track_caller]
fn key_of_another_pool(made_by: u32, used_in: u32) -> ! {
    panic!("bumpkit: the key was made by another KeyedPool (pool tag {made_by}, used in {used_in})")
}
