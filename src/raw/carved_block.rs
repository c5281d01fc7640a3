//! How big the private blocks are that [`LocalBump`](super::local_bump::LocalBump) handles and
//! `&SyncBump`'s per-thread cache carve out of a `SyncBump`, and which requests they serve.
//!
//! A handle (or a thread, for one arena) starts with a small block, so that one that
//! allocates a little strands little, and doubles the block with every one it carves after
//! using the last up, to [`BLOCK_MAX`]: a busy thread touches the shared cursor once per
//! 64 KiB, and serves requests up to a quarter of its block (16 KiB) from it, where a
//! growing vector keeps growing in place.

/// The size of the first block.
#[cfg(not(loom))]
pub(crate) const BLOCK_FIRST: usize = 4 << 10;
/// The most carved at once.
#[cfg(not(loom))]
pub(crate) const BLOCK_MAX: usize = 64 << 10;
/// The least carved at once (the tail of a chunk, if it is at least this big), and the
/// largest request a first block serves.
#[cfg(not(loom))]
pub(crate) const BLOCK_MIN: usize = 1 << 10;
// Under loom, blocks of one or two 32-byte requests, so that the models' tiny chunks hold
// several and carving races refills.
#[cfg(loom)]
pub(crate) const BLOCK_FIRST: usize = 64;
#[cfg(loom)]
pub(crate) const BLOCK_MAX: usize = 64;
#[cfg(loom)]
pub(crate) const BLOCK_MIN: usize = 32;

/// Returns the largest request a new block of `size` bytes serves: a quarter of it, and at
/// least [`BLOCK_MIN`]; bigger ones go to the arena.
#[inline]
pub(crate) const fn largest_request(size: usize) -> usize {
    if size / 4 > BLOCK_MIN {
        size / 4
    } else {
        BLOCK_MIN
    }
}

/// Returns the size of the block after one of `size` bytes was used up.
#[inline]
pub(crate) const fn next_size(size: usize) -> usize {
    if size >= BLOCK_MAX / 2 {
        BLOCK_MAX
    } else {
        size * 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_double_to_the_cap_and_serve_a_quarter() {
        let mut sizes = [0; 5];
        let mut size = BLOCK_FIRST;
        for slot in &mut sizes {
            *slot = size;
            size = next_size(size);
        }
        #[cfg(not(loom))]
        assert_eq!(sizes, [4 << 10, 8 << 10, 16 << 10, 32 << 10, 64 << 10]);
        assert_eq!(next_size(BLOCK_MAX), BLOCK_MAX);
        assert_eq!(largest_request(BLOCK_FIRST), BLOCK_MIN);
        #[cfg(not(loom))]
        assert_eq!(largest_request(BLOCK_MAX), 16 << 10);
    }
}
