//! The set of live blocks a model expects to keep their contents: each block is filled with
//! its own byte pattern when recorded, must not overlap another live block, and is checked
//! byte for byte until the model drops it (scope end, reset). Models that track their blocks
//! another way (the `allocator_api` model keeps a block's pattern across a resize) use the
//! same pattern through [`fill_pattern`] and [`first_changed`].

use std::collections::BTreeMap;

/// Live blocks by start address, each with the tag its model groups it by (a scope depth).
#[derive(Debug, Default)]
pub struct LiveBlocks {
    live: BTreeMap<usize, Block>,
    next_id: u32,
}

#[derive(Debug)]
struct Block {
    size: usize,
    id: u32,
    tag: usize,
}

/// The byte at offset `i` of block `id`; neighbouring ids differ at every offset.
fn pattern(id: u32, i: usize) -> u8 {
    (id.wrapping_mul(167) ^ (id >> 8)).wrapping_add((i as u32).wrapping_mul(13)) as u8
}

/// Writes block `id`'s pattern over `bytes`, from offset `from` on.
pub fn fill_pattern(bytes: &mut [u8], id: u32, from: usize) {
    for (i, byte) in bytes.iter_mut().enumerate().skip(from) {
        *byte = pattern(id, i);
    }
}

/// Returns the first offset at which `bytes` differ from block `id`'s pattern.
pub fn first_changed(bytes: &[u8], id: u32) -> Option<usize> {
    (0..bytes.len()).find(|&i| bytes[i] != pattern(id, i))
}

impl LiveBlocks {
    /// Adds a fresh, non-empty block and fills it with its pattern.
    ///
    /// # Panics
    ///
    /// Panics if it overlaps a live block.
    pub fn record(&mut self, bytes: &mut [u8], tag: usize) {
        let start = bytes.as_ptr() as usize;
        let end = start + bytes.len();
        if let Some((&prev, block)) = self.live.range(..start).next_back() {
            assert!(
                prev + block.size <= start,
                "overlaps the block at {prev:#x}"
            );
        }
        if let Some((&next, _)) = self.live.range(start..).next() {
            assert!(end <= next, "overlaps the block at {next:#x}");
        }
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        fill_pattern(bytes, id, 0);
        let size = bytes.len();
        self.live.insert(start, Block { size, id, tag });
    }

    /// Checks that `len` bytes at `start` (a buffer the model tracks apart, such as a
    /// vector's) overlap no live block.
    ///
    /// # Panics
    ///
    /// Panics naming the block it overlaps.
    pub fn assert_disjoint(&self, start: usize, len: usize) {
        if let Some((&prev, block)) = self.live.range(..=start).next_back() {
            assert!(
                prev + block.size <= start,
                "{len} bytes at {start:#x} overlap the block at {prev:#x}"
            );
        }
        if let Some((&next, _)) = self.live.range(start..).next() {
            assert!(
                start + len <= next,
                "{len} bytes at {start:#x} overlap the block at {next:#x}"
            );
        }
    }

    /// Checks every live block's pattern.
    ///
    /// # Panics
    ///
    /// Panics naming the first changed byte.
    pub fn check(&self) {
        for (&start, block) in &self.live {
            // SAFETY: the models record only blocks their arena handed out, and drop them
            // (`retain_tags`, `clear`) before the arena may release them; nothing else
            // writes to them.
            let bytes = unsafe { core::slice::from_raw_parts(start as *const u8, block.size) };
            if let Some(i) = first_changed(bytes, block.id) {
                panic!("block {} at {start:#x} changed at byte {i}", block.id);
            }
        }
    }

    /// Drops the blocks whose tag is above `max_tag`.
    pub fn retain_tags(&mut self, max_tag: usize) {
        self.live.retain(|_, block| block.tag <= max_tag);
    }

    /// Drops every block.
    pub fn clear(&mut self) {
        self.live.clear();
    }

    /// Returns the total size of the live blocks.
    pub fn total_size(&self) -> usize {
        self.live.values().map(|block| block.size).sum()
    }
}
