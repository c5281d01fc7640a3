//! The slot storage of a `KeyedPool`: fixed-size chunks of slots, which never move, and a
//! table of them. Chunks come from the global allocator in blocks of several, so a pool of
//! `n` slots makes O(log n) allocations up to [`BLOCK_BYTES`] blocks.

use alloc::vec::Vec;
use core::alloc::Layout;
use core::ptr::NonNull;

use super::{CHUNK_BYTES, MAX_SLOTS, Slot};
use crate::error::{AllocError, AllocErrorKind};
use crate::raw::chunk::{base_alloc, base_dealloc};

/// About the most bytes one allocation of chunks takes (a block has at least one chunk).
const BLOCK_BYTES: usize = 256 << 10;

/// The chunks of a pool's slots, each `1 << shift::<T>()` slots, freed when this is dropped.
///
/// Holds no `UnsafeCell`, unlike a [`Bump`](crate::Bump): a `&KeyedPool` is then known not
/// to change under a lookup, so the compiler keeps the table's address and the slot count in
/// registers across a loop of lookups.
pub(super) struct Chunks<T> {
    // Invariants:
    // - [blocks] the chunks are cut, in table order, from blocks: allocations from the global
    //   allocator of `block_layout::<T>(block_chunks::<T>(k))` bytes, where `k` is the
    //   number of chunks before the block; each chunk is the next `1 << shift` slots of its
    //   block. The table owns the blocks; only its `Drop` frees them.
    // - [biased] entry `k` of `biased` is chunk `k`'s first slot `.wrapping_sub(k << shift)`,
    //   so slot `i` of the pool is at `biased[i >> shift].wrapping_add(i)`, unmasked.
    // - [slots] `slots == min(biased.len() << shift, MAX_SLOTS)`.
    biased: Vec<*mut Slot<T>>,
    slots: u32,
}

/// log2 of the number of slots in a chunk: about [`CHUNK_BYTES`] worth, a power of two, at
/// least one slot.
pub(super) const fn shift<T>() -> u32 {
    let per = CHUNK_BYTES / size_of::<Slot<T>>();
    if per <= 1 { 0 } else { per.ilog2() }
}

/// The number of chunks in the block allocated when the table has `chunks` chunks: as many
/// as it has (so the slots double), at least one, at most [`BLOCK_BYTES`] worth.
fn block_chunks<T>(chunks: usize) -> usize {
    let chunk_bytes = size_of::<Slot<T>>() << shift::<T>();
    chunks.clamp(1, (BLOCK_BYTES / chunk_bytes).max(1))
}

/// The layout of a block of `chunks` chunks (at most [`BLOCK_BYTES`] or one chunk), never
/// zero-sized: a slot holds at least its `u32` generation.
fn block_layout<T>(chunks: usize) -> Layout {
    Layout::array::<Slot<T>>(chunks << shift::<T>()).expect("a block of chunks fits in a Layout")
}

impl<T> Chunks<T> {
    /// An empty table, allocating nothing.
    pub(super) const fn new() -> Self {
        Self {
            biased: Vec::new(),
            slots: 0,
        }
    }

    /// The slots of every chunk, at most [`MAX_SLOTS`].
    #[inline(always)]
    pub(super) fn slot_count(&self) -> u32 {
        self.slots
    }

    /// Returns slot `index`.
    ///
    /// # Safety
    ///
    /// - `index < self.slot_count()`.
    #[inline(always)]
    pub(super) unsafe fn slot(&self, index: u32) -> NonNull<Slot<T>> {
        let index = index as usize;
        // SAFETY: [slots] `index < slots <= biased.len() << shift`, so the chunk exists.
        let biased = unsafe { *self.biased.get_unchecked(index >> shift::<T>()) };
        // SAFETY: [biased] this undoes the bias of the chunk holding slot `index`, landing
        // on that slot, inside its block (`wrapping_add` keeps the block's provenance): not
        // null.
        unsafe { NonNull::new_unchecked(biased.wrapping_add(index)) }
    }

    /// Allocates one more block of chunks, of uninitialised slots, at the end of the table.
    pub(super) fn grow(&mut self) -> Result<(), AllocError> {
        let shift = const { shift::<T>() };
        let chunks = block_chunks::<T>(self.biased.len());
        let out_of_memory = || {
            AllocError::for_elements(
                AllocErrorKind::OutOfMemory,
                chunks << shift,
                size_of::<Slot<T>>(),
            )
        };
        self.biased
            .try_reserve(chunks)
            .map_err(|_| out_of_memory())?;
        // SAFETY: the layout is not zero-sized (see `block_layout`).
        let block = unsafe { base_alloc(block_layout::<T>(chunks)) }.cast::<Slot<T>>();
        if block.is_null() {
            return Err(out_of_memory());
        }
        for chunk in 0..chunks {
            let first = self.biased.len() << shift;
            // INVARIANT: [blocks] [biased] the block's chunks, in order, each biased by the
            // pool index of its first slot; room was reserved above.
            self.biased
                .push(block.wrapping_add(chunk << shift).wrapping_sub(first));
        }
        // INVARIANT: [slots] the slots of every chunk, clamped.
        self.slots = u32::try_from(self.biased.len() << shift).unwrap_or(MAX_SLOTS);
        Ok(())
    }
}

impl<T> Drop for Chunks<T> {
    /// Frees the blocks; the slots' values are the pool's to drop first.
    fn drop(&mut self) {
        let shift = const { shift::<T>() };
        let mut k = 0;
        while k < self.biased.len() {
            let chunks = block_chunks::<T>(k);
            let block = self.biased[k].wrapping_add(k << shift);
            // SAFETY: [blocks] chunk `k` starts a block of `chunks` chunks; unbiased
            // ([biased]), this is the block's allocation (from `base_alloc` with this
            // layout), which nothing else frees.
            unsafe { base_dealloc(block.cast(), block_layout::<T>(chunks)) };
            k += chunks;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_double_the_chunks_up_to_the_cap() {
        // `u64` slots are 16 bytes: 512 to a chunk of 8 KiB, at most 32 chunks to a block.
        assert_eq!(1 << shift::<u64>(), 512);
        let sizes: Vec<usize> = [0, 1, 2, 4, 8, 16, 32, 64, 96]
            .into_iter()
            .map(block_chunks::<u64>)
            .collect();
        assert_eq!(sizes, [1, 1, 2, 4, 8, 16, 32, 32, 32]);
        // A slot bigger than a block still gets a block of one chunk of one slot.
        assert_eq!(
            (shift::<[u8; 1 << 20]>(), block_chunks::<[u8; 1 << 20]>(7)),
            (0, 1)
        );
    }

    #[test]
    fn slots_follow_each_other_in_a_chunk_and_the_table_frees_every_block() {
        let mut chunks = Chunks::<u32>::new();
        while chunks.slot_count() < 5000 {
            chunks.grow().unwrap();
        }
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
