//! The slot storage of a `KeyedPool`: fixed-size chunks of slots, which never move.
//! Chunks come from the global allocator in blocks of several: each block at least doubles
//! the slots (so a pool of `n` slots makes O(log n) allocations, as a `Vec` does), and a
//! reservation takes one block of all it needs. A table of the chunks finds a slot; while
//! there is one block, the pool finds it from the block's start instead, as in a `Vec`.
//! Each block starts with a header holding its size, so the pool allocates nothing but its
//! blocks and the table.

use alloc::vec::Vec;
use core::alloc::Layout;
use core::ptr::NonNull;

use super::{CHUNK_BYTES, MAX_SLOTS, Slot};
use crate::error::{AllocError, AllocErrorKind};
use crate::raw::chunk::{base_alloc, base_dealloc};

/// The chunks of a pool's slots, each `1 << shift::<T>()` slots, freed when this is dropped.
///
/// Holds no `UnsafeCell`, unlike a [`Bump`](crate::Bump): a `&KeyedPool` is then known not
/// to change under a lookup, so the compiler keeps the table's address and the slot count in
/// registers across a loop of lookups.
pub(super) struct Chunks<T> {
    // Invariants:
    // - [blocks] the chunks are cut, in order, from blocks: allocations from the global
    //   allocator of `block_layout::<T>(n)` whose first `usize` (the header) is `n`, the
    //   block's number of chunks; its slots start `slots_offset::<T>()` bytes in, and each
    //   chunk is the next `1 << shift` of them. Only `Drop` frees the blocks.
    // - [first] `first` is the first block's first slot (chunk 0's), dangling before there
    //   is a block.
    // - [single] `single` is `u32::MAX` while there is exactly one block, else 0.
    // - [biased] `biased` has an entry per chunk: entry `k` is chunk `k`'s first slot
    //   `.wrapping_sub(k << shift)`, so slot `i` of the pool is at
    //   `biased[i >> shift].wrapping_add(i)`, unmasked.
    // - [slots] `slots == min(biased.len() << shift, MAX_SLOTS)`.
    biased: Vec<*mut Slot<T>>,
    first: NonNull<Slot<T>>,
    single: u32,
    slots: u32,
}

/// log2 of the number of slots in a chunk: about [`CHUNK_BYTES`] worth, a power of two, at
/// least one slot.
pub(super) const fn shift<T>() -> u32 {
    let per = CHUNK_BYTES / size_of::<Slot<T>>();
    if per <= 1 { 0 } else { per.ilog2() }
}

/// The number of chunks in the block allocated when there are `chunks` chunks and there
/// must be `at_least` slots: as many as there are (so the slots at least double), at least
/// one, at least enough, and no more than [`MAX_SLOTS`] need (`chunks` hold fewer).
fn block_chunks<T>(chunks: usize, at_least: usize) -> usize {
    let shift = shift::<T>();
    let most = (MAX_SLOTS as usize).div_ceil(1 << shift) - chunks;
    let enough = at_least.div_ceil(1 << shift).saturating_sub(chunks);
    chunks.max(enough).clamp(1, most)
}

/// Where a block's slots start: after its `usize` header, at the slots' alignment.
const fn slots_offset<T>() -> usize {
    size_of::<usize>().next_multiple_of(align_of::<Slot<T>>())
}

/// The layout of a block of `chunks` chunks (its header, then the slots), or `None` past
/// `isize::MAX` bytes.
fn block_layout<T>(chunks: usize) -> Option<Layout> {
    let slots = Layout::array::<Slot<T>>(chunks.checked_mul(1 << shift::<T>())?).ok()?;
    let (layout, offset) = Layout::new::<usize>().extend(slots).ok()?;
    debug_assert_eq!(offset, slots_offset::<T>());
    Some(layout)
}

impl<T> Chunks<T> {
    /// No chunks, allocating nothing.
    pub(super) const fn new() -> Self {
        Self {
            biased: Vec::new(),
            first: NonNull::dangling(),
            single: 0,
            slots: 0,
        }
    }

    /// The slots of every chunk, at most [`MAX_SLOTS`].
    #[inline(always)]
    pub(super) fn slot_count(&self) -> u32 {
        self.slots
    }

    /// `u32::MAX` while the slots are one block (so they all follow each other from
    /// [`Chunks::first`]), else 0: a mask for a slot count.
    #[inline(always)]
    pub(super) fn single_block_mask(&self) -> u32 {
        self.single
    }

    /// The first slot (of chunk 0), dangling before the first block.
    #[inline(always)]
    pub(super) fn first(&self) -> NonNull<Slot<T>> {
        self.first
    }

    /// Returns slot `index`.
    ///
    /// # Safety
    ///
    /// - `index < self.slot_count()`.
    #[inline(always)]
    pub(super) unsafe fn slot(&self, index: u32) -> NonNull<Slot<T>> {
        let index = index as usize;
        // SAFETY: [slots] `index < slots <= biased.len() << shift`, so [biased] the chunk
        // has an entry.
        let biased = unsafe { *self.biased.get_unchecked(index >> shift::<T>()) };
        // SAFETY: [biased] this undoes the bias of the chunk holding slot `index`, landing
        // on that slot, inside its block (`wrapping_add` keeps the block's provenance): not
        // null.
        unsafe { NonNull::new_unchecked(biased.wrapping_add(index)) }
    }

    /// Returns the first slot of chunk `k`, which starts a block, and the block's number of
    /// chunks (from its header).
    ///
    /// # Safety
    ///
    /// - Chunk `k` is the first of a block ([blocks]).
    unsafe fn block_at(&self, k: usize) -> (*mut Slot<T>, usize) {
        // SAFETY: chunk `k` exists, so [biased] it has an entry.
        let start = unsafe { *self.biased.get_unchecked(k) }.wrapping_add(k << shift::<T>());
        let header = start
            .cast::<u8>()
            .wrapping_sub(slots_offset::<T>())
            .cast::<usize>();
        // SAFETY: [blocks] the block's header, before its first slot; `start` carries the
        // block's provenance.
        (start, unsafe { header.read() })
    }

    /// The blocks, in allocation order: each one's first slot and number of chunks.
    fn each_block(&self) -> impl Iterator<Item = (*mut Slot<T>, usize)> + '_ {
        let mut k = 0;
        core::iter::from_fn(move || {
            (k < self.biased.len()).then(|| {
                // SAFETY: [blocks] chunk 0 starts a block, and the chunks after a block's
                // are the next block's.
                let (start, chunks) = unsafe { self.block_at(k) };
                k += chunks;
                (start, chunks)
            })
        })
    }

    /// The number of chunks in each block, in allocation order (for tests).
    #[cfg(test)]
    pub(super) fn blocks(&self) -> Vec<usize> {
        self.each_block().map(|(_, chunks)| chunks).collect()
    }

    /// Allocates one more block of chunks, of uninitialised slots: enough for `at_least`
    /// slots in all (at most [`MAX_SLOTS`]), and at least as many as there are. Call it only
    /// while `slot_count() < MAX_SLOTS`.
    pub(super) fn grow(&mut self, at_least: usize) -> Result<(), AllocError> {
        debug_assert!(self.slots < MAX_SLOTS);
        let shift = const { shift::<T>() };
        let chunks = block_chunks::<T>(self.biased.len(), at_least);
        let error = |kind| {
            AllocError::for_elements(
                kind,
                chunks.saturating_mul(1 << shift),
                size_of::<Slot<T>>(),
            )
        };
        let layout =
            block_layout::<T>(chunks).ok_or_else(|| error(AllocErrorKind::SizeOverflow))?;
        let out_of_memory = || error(AllocErrorKind::OutOfMemory);
        self.biased
            .try_reserve(chunks)
            .map_err(|_| out_of_memory())?;
        // SAFETY: the layout is not zero-sized (it has the header).
        let block = unsafe { base_alloc(layout) };
        if block.is_null() {
            return Err(out_of_memory());
        }
        // SAFETY: the block starts with room for its `usize` header, aligned (the layout's
        // alignment is at least a `usize`'s).
        // INVARIANT: [blocks] the header holds the block's number of chunks.
        unsafe { block.cast::<usize>().write(chunks) };
        let start = block.wrapping_add(slots_offset::<T>()).cast::<Slot<T>>();
        let first_block = self.biased.is_empty();
        if first_block {
            // INVARIANT: [first] the first block's first slot.
            // SAFETY: inside the block allocated above: not null.
            self.first = unsafe { NonNull::new_unchecked(start) };
        }
        // INVARIANT: [single] one block, or more.
        self.single = if first_block { u32::MAX } else { 0 };
        for chunk in 0..chunks {
            let first_index = self.biased.len() << shift;
            // INVARIANT: [blocks] [biased] the block's chunks, in order, each biased by the
            // pool index of its first slot; room was reserved above.
            self.biased
                .push(start.wrapping_add(chunk << shift).wrapping_sub(first_index));
        }
        // INVARIANT: [slots] the slots of every chunk, clamped.
        self.slots = u32::try_from(self.biased.len() << shift).unwrap_or(MAX_SLOTS);
        Ok(())
    }
}

impl<T> Drop for Chunks<T> {
    /// Frees the blocks; the slots' values are the pool's to drop first.
    fn drop(&mut self) {
        for (start, chunks) in self.each_block() {
            let layout = block_layout::<T>(chunks).expect("the layout it was allocated with");
            let block = start.cast::<u8>().wrapping_sub(slots_offset::<T>());
            // SAFETY: [blocks] the block's allocation, from `base_alloc` with this layout
            // (its header gave the size), which nothing else frees; `start` carries its
            // provenance. The walk reads the next block's header, not this one's, after.
            unsafe { base_dealloc(block, layout) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_double_the_chunks_or_take_what_a_reservation_needs() {
        // `u64` slots are 16 bytes: 512 to a chunk of 8 KiB.
        assert_eq!(1 << shift::<u64>(), 512);
        let doubling: Vec<usize> = [0, 1, 2, 4, 64, 96]
            .into_iter()
            .map(|chunks| block_chunks::<u64>(chunks, (chunks << 9) + 1))
            .collect();
        assert_eq!(doubling, [1, 1, 2, 4, 64, 96]);
        // A reservation of 100,000 slots from empty: one block of 196 chunks (100,352).
        assert_eq!(block_chunks::<u64>(0, 100_000), 196);
        // From 3 chunks (1,536 slots), 5,000 slots need 7 more; 2,000 need only doubling.
        assert_eq!(block_chunks::<u64>(3, 5000), 7);
        assert_eq!(block_chunks::<u64>(3, 2000), 3);
        // Never past the chunks `MAX_SLOTS` needs (8,388,608 of 512).
        assert_eq!(block_chunks::<u64>(8_388_600, usize::MAX), 8);
        // A slot bigger than a chunk gets chunks of one slot.
        assert_eq!(
            (
                shift::<[u8; 1 << 20]>(),
                block_chunks::<[u8; 1 << 20]>(7, 8)
            ),
            (0, 7)
        );
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_block_past_isize_max_bytes_is_an_error_not_a_panic() {
        // 2^32 - 1 slots of 4 GiB: far past `isize::MAX` bytes.
        let mut chunks = Chunks::<[u8; 1 << 32]>::new();
        let err = chunks.grow(MAX_SLOTS as usize).unwrap_err();
        assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
        assert_eq!(chunks.slot_count(), 0);
    }

    #[test]
    fn slots_follow_each_other_in_a_chunk_and_drop_frees_every_block() {
        let mut chunks = Chunks::<u32>::new();
        chunks.grow(0).unwrap();
        while chunks.slot_count() < 5000 {
            chunks.grow(chunks.slot_count() as usize + 1).unwrap();
        }
        chunks.grow(20_000).unwrap(); // a block of what a reservation needs
        let per = 1u32 << shift::<u32>();
        for index in [0, 1, per - 1, per, 2 * per + 3, chunks.slot_count() - 1] {
            // SAFETY: `index` is below the slot count.
            let slot = unsafe { chunks.slot(index) };
            // SAFETY: as above; the slots are uninitialised, only their generation is written.
            unsafe { (&raw mut (*slot.as_ptr()).generation).write(index) };
            if index % per != per - 1 && index + 1 < chunks.slot_count() {
                // SAFETY: as above.
                let next = unsafe { chunks.slot(index + 1) };
                // SAFETY: slot `index + 1` is in the same chunk, right after.
                let after = unsafe { slot.add(1) };
                assert_eq!(next, after, "slot {index}");
            }
        }
        drop(chunks); // Miri checks every block is freed with its layout
    }
}
