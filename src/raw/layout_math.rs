//! Address and size arithmetic for the arenas, in safe `usize` code.
//!
//! Everything that decides where an allocation starts, whether it fits and how big the next
//! chunk is lives here, so that it can be unit- and property-tested without touching memory.
#![forbid(unsafe_code)]

use core::alloc::Layout;

/// Bytes every chunk allocation is assumed to cost the base allocator beyond its size; chunk
/// sizes are a power of two minus this, so that the block malloc really takes stays a power
/// of two.
pub(crate) const MALLOC_OVERHEAD: usize = 2 * size_of::<usize>();

/// The alignment every chunk is allocated with.
pub(crate) const CHUNK_ALIGN: usize = 16;

/// The smallest nominal chunk size the growth policy uses.
pub(crate) const MIN_CHUNK_SIZE: usize = 128;

/// How chunk sizes grow: geometrically from `first` up to `max` (both nominal sizes, i.e.
/// what a chunk costs the base allocator including its header); and `retain`, the most
/// bytes of chunks a reset keeps (`usize::MAX`: no cap).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ChunkGrowth {
    pub(crate) first: usize,
    pub(crate) max: usize,
    pub(crate) retain: usize,
}

impl ChunkGrowth {
    /// The growth policy of [`crate::Bump::new`]: 4 KiB first, doubling up to 4 MiB.
    pub(crate) const DEFAULT: Self = Self {
        first: 4 << 10,
        max: 4 << 20,
        retain: usize::MAX,
    };

    /// Returns the allocation size of the chunk that follows one of `previous` bytes (`None`:
    /// the first chunk), for a request that needs at least `min_size` bytes of chunk.
    ///
    /// Normal chunks are a power of two minus [`MALLOC_OVERHEAD`] (rounded down to
    /// [`CHUNK_ALIGN`] when the configured sizes are not powers of two); a request bigger
    /// than the maximum gets a chunk of exactly `min_size`, which [`chunk_size_for`] made a
    /// multiple of [`CHUNK_ALIGN`]. So every chunk's data ends on a [`CHUNK_ALIGN`] boundary,
    /// which [`fit_before`] relies on.
    pub(crate) fn next_size(self, previous: Option<usize>, min_size: usize) -> usize {
        let nominal = match previous {
            None => self.first,
            Some(prev) => (prev + MALLOC_OVERHEAD)
                .checked_next_power_of_two()
                .and_then(|p| p.checked_mul(2))
                .unwrap_or(usize::MAX),
        };
        let nominal = nominal.clamp(self.first, self.max);
        let size = (nominal - MALLOC_OVERHEAD) & !(CHUNK_ALIGN - 1);
        if size >= min_size { size } else { min_size }
    }
}

/// Returns how many bytes must be skipped at `addr` to reach a multiple of `align`.
///
/// `align` must be a power of two.
#[inline(always)]
pub(crate) const fn padding_for(addr: usize, align: usize) -> usize {
    debug_assert!(align.is_power_of_two());
    addr.wrapping_neg() & (align - 1)
}

/// Returns where a `layout` request placed at `pos` starts and ends, as offsets from `pos`,
/// if it fits in the `free` bytes that follow `pos`.
#[inline(always)]
pub(crate) const fn fit(pos: usize, free: usize, layout: Layout) -> Option<(usize, usize)> {
    let pad = padding_for(pos, layout.align());
    // A `Layout`'s size rounded up to its alignment is at most `isize::MAX`, and
    // `pad < align`, so this sum cannot overflow `usize`.
    let needed = pad + layout.size();
    if needed <= free {
        Some((pad, needed))
    } else {
        None
    }
}

/// Returns where a block of `min..=max` bytes aligned to `align`, as big as the `free` bytes
/// after `pos` allow, starts and ends, as offsets from `pos`; `None` if fewer than `min`
/// bytes are left after the padding. `align` is a power of two.
#[inline(always)]
#[cfg_attr(
    not(target_has_atomic = "ptr"),
    allow(dead_code, reason = "used by `SyncBump` only")
)]
pub(crate) const fn carve(
    pos: usize,
    free: usize,
    align: usize,
    min: usize,
    max: usize,
) -> Option<(usize, usize)> {
    let pad = padding_for(pos, align);
    if pad > free {
        return None;
    }
    let room = free - pad;
    let take = if room < max { room } else { max };
    if take >= min && take > 0 {
        Some((pad, pad + take))
    } else {
        None
    }
}

/// Returns where a `layout` request placed at `pos` starts and ends (addresses), if it fits
/// before `end`: a bump's form of [`fit`], for any `pos <= end`.
///
/// When the size is a multiple of the alignment (every `Layout::new::<T>()` and array
/// layout, where the test folds away), the block ends aligned too, so the new cursor is
/// `pos + size` rounded up: the cursor-to-cursor dependency of back-to-back allocations is
/// an add and a mask, as short as a downward bump's (where [`fit`]'s padding takes a negate,
/// a mask and two adds).
#[inline(always)]
pub(crate) const fn fit_up_to(pos: usize, end: usize, layout: Layout) -> Option<(usize, usize)> {
    debug_assert!(pos <= end);
    let align = layout.align();
    let size = layout.size();
    if size % align == 0 {
        // `align_up(pos) + size` is a multiple of `align` less than `align` past `pos + size`,
        // so it is `align_up(pos + size)`, and at least `pos + size`. `size + (align - 1)`
        // cannot overflow, as a layout's size rounded up to its alignment is at most
        // `isize::MAX`; the sum with `pos` is checked.
        let Some(sum) = pos.checked_add(size + (align - 1)) else {
            return None;
        };
        let new_pos = sum & !(align - 1);
        if new_pos <= end {
            Some((new_pos - size, new_pos))
        } else {
            None
        }
    } else {
        match fit(pos, end - pos, layout) {
            Some((pad, needed)) => Some((pos + pad, pos + needed)),
            None => None,
        }
    }
}

/// Returns where a `layout` request placed at `pos` starts and ends (addresses), if it fits
/// before `end`: [`fit_up_to`] for a `Bump`'s chunk, whose `end` is aligned.
///
/// `pos <= end` and `end` must be a multiple of [`CHUNK_ALIGN`]. Then for alignments up to
/// [`CHUNK_ALIGN`] rounding `pos` up cannot pass `end` (nor overflow), so a size that is not
/// a multiple of the alignment also takes an add, a mask, a subtract and a compare.
#[inline(always)]
pub(crate) const fn fit_before(pos: usize, end: usize, layout: Layout) -> Option<(usize, usize)> {
    debug_assert!(pos <= end && end % CHUNK_ALIGN == 0);
    let align = layout.align();
    if align <= CHUNK_ALIGN && layout.size() % align != 0 {
        // `end` is a multiple of `align` and at most `usize::MAX - (CHUNK_ALIGN - 1)`, and
        // `pos <= end`, so neither the sum nor the rounded `start` passes `end`.
        let start = (pos + (align - 1)) & !(align - 1);
        if layout.size() <= end - start {
            Some((start, start + layout.size()))
        } else {
            None
        }
    } else {
        fit_up_to(pos, end, layout)
    }
}

/// Returns the smallest chunk allocation (header included) that holds `layout` wherever the
/// chunk's data starts, as a multiple of [`CHUNK_ALIGN`], or `None` if that size overflows
/// `isize::MAX`.
pub(crate) fn chunk_size_for(header: usize, layout: Layout) -> Option<usize> {
    let size = header
        .checked_add(layout.size())?
        .checked_add(layout.align() - 1)?
        .checked_next_multiple_of(CHUNK_ALIGN)?;
    (size <= isize::MAX as usize).then_some(size)
}

/// Returns whether a new chunk of `size` bytes keeps `reserved + size` within `limit`.
pub(crate) fn within_limit(reserved: usize, size: usize, limit: Option<usize>) -> bool {
    match limit {
        None => true,
        Some(limit) => reserved
            .checked_add(size)
            .is_some_and(|total| total <= limit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn padding_reaches_the_next_multiple() {
        assert_eq!(padding_for(0, 8), 0);
        assert_eq!(padding_for(1, 8), 7);
        assert_eq!(padding_for(8, 8), 0);
        assert_eq!(padding_for(4095, 4096), 1);
        assert_eq!(padding_for(usize::MAX, 2), 1);
    }

    #[test]
    fn fit_rejects_one_byte_too_many() {
        let layout = Layout::from_size_align(8, 8).unwrap();
        assert_eq!(fit(16, 8, layout), Some((0, 8)));
        assert_eq!(fit(17, 15, layout), Some((7, 15)));
        assert_eq!(fit(17, 14, layout), None);
    }

    #[test]
    fn chunk_size_overflow_is_none() {
        let huge = Layout::from_size_align(isize::MAX as usize - 7, 8).unwrap();
        assert_eq!(chunk_size_for(32, huge), None);
        let small = Layout::from_size_align(10, 4096).unwrap();
        assert_eq!(chunk_size_for(32, small), Some(4144)); // 32 + 10 + 4095, rounded up
        let odd = Layout::from_size_align(isize::MAX as usize - 40, 1).unwrap();
        assert_eq!(chunk_size_for(32, odd), None); // rounding up passes isize::MAX
    }

    #[test]
    fn chunk_size_for_reserves_exactly_the_worst_case_padding() {
        // 32 + 1 + 15 is already a multiple of 16: one more byte of slack would cost a
        // whole `CHUNK_ALIGN` step.
        let byte = Layout::from_size_align(1, 16).unwrap();
        assert_eq!(chunk_size_for(32, byte), Some(48));
        let page = Layout::from_size_align(4096, 4096).unwrap();
        assert_eq!(chunk_size_for(32, page), Some(8224)); // 32 + 4096 + 4095, rounded up
    }

    #[test]
    fn growth_doubles_then_caps_and_oversized_requests_get_their_own_size() {
        let growth = ChunkGrowth {
            first: 1024,
            max: 8192,
            retain: usize::MAX,
        };
        let first = growth.next_size(None, 0);
        assert_eq!(first, 1024 - MALLOC_OVERHEAD);
        let second = growth.next_size(Some(first), 0);
        assert_eq!(second, 2048 - MALLOC_OVERHEAD);
        assert_eq!(
            growth.next_size(Some(8192 - MALLOC_OVERHEAD), 0),
            8192 - MALLOC_OVERHEAD
        );
        assert_eq!(growth.next_size(Some(first), 100_000), 100_000);
        assert_eq!(
            growth.next_size(Some(usize::MAX - 100), 0),
            8192 - MALLOC_OVERHEAD
        );
    }

    #[test]
    fn fit_up_to_needs_no_aligned_end_and_never_overflows() {
        let at = |pos, end, size, align| {
            fit_up_to(pos, end, Layout::from_size_align(size, align).unwrap())
        };
        assert_eq!(at(17, 41, 8, 8), Some((24, 32)));
        assert_eq!(at(17, 40, 16, 8), Some((24, 40)));
        assert_eq!(at(17, 39, 16, 8), None); // the rounded end passes an unaligned `end`
        assert_eq!(at(1, 1, 8, 8), None); // an empty block at a dangling address
        assert_eq!(at(17, 41, 3, 2), Some((18, 21))); // not a multiple: `fit`'s form
        assert_eq!(at(usize::MAX - 3, usize::MAX, 8, 8), None);
        assert_eq!(at(usize::MAX - 8, usize::MAX, 8, 8), None);
        assert_eq!(
            at(usize::MAX - 15, usize::MAX, 8, 8),
            Some((usize::MAX - 15, usize::MAX - 7))
        );
        assert_eq!(
            at(usize::MAX - 4, usize::MAX, 3, 1),
            Some((usize::MAX - 4, usize::MAX - 1))
        );
    }

    #[test]
    fn fit_before_matches_fit_up_to_the_end() {
        let at = |pos, end, size, align| {
            fit_before(pos, end, Layout::from_size_align(size, align).unwrap())
        };
        assert_eq!(at(17, 48, 8, 8), Some((24, 32)));
        assert_eq!(at(17, 48, 24, 8), Some((24, 48)));
        assert_eq!(at(17, 48, 25, 8), None);
        assert_eq!(at(48, 48, 1, 1), None);
        assert_eq!(at(41, 48, 1, 16), None); // rounding up lands on `end`: nothing is left
        assert_eq!(at(100, 8192, 1, 4096), Some((4096, 4097)));
        assert_eq!(at(usize::MAX - 15, usize::MAX - 15, 1, 16), None);
        // Sizes that are multiples of the alignment take the rounded-sum form.
        assert_eq!(at(17, 48, 16, 8), Some((24, 40)));
        assert_eq!(at(17, 48, 0, 8), Some((24, 24)));
        assert_eq!(at(33, 48, 16, 16), None);
        assert_eq!(at(usize::MAX - 15, usize::MAX - 15, 16, 16), None);
        assert_eq!(
            at(usize::MAX - 15, usize::MAX - 15, 0, 16),
            Some((usize::MAX - 15, usize::MAX - 15))
        );
    }

    #[test]
    fn odd_configured_sizes_still_give_aligned_chunks() {
        let growth = ChunkGrowth {
            first: 1000,
            max: 3000,
            retain: usize::MAX,
        };
        assert_eq!(growth.next_size(None, 0), 976);
        assert_eq!(growth.next_size(Some(976), 0), 2048 - MALLOC_OVERHEAD);
        assert_eq!(growth.next_size(Some(4096), 0), 2976);
    }

    #[test]
    fn growth_at_least_doubles_after_a_first_chunk_just_past_a_power_of_two() {
        let growth = ChunkGrowth {
            first: 4096 + MALLOC_OVERHEAD,
            max: 1 << 20,
            retain: usize::MAX,
        };
        let first = growth.next_size(None, 0);
        assert_eq!(first, 4096);
        assert_eq!(growth.next_size(Some(first), 0), 16384 - MALLOC_OVERHEAD);
    }

    #[test]
    fn limit_counts_what_is_already_reserved() {
        assert!(within_limit(100, 50, None));
        assert!(within_limit(100, 50, Some(150)));
        assert!(!within_limit(100, 51, Some(150)));
        assert!(!within_limit(usize::MAX, 1, Some(usize::MAX)));
    }

    #[test]
    fn carve_takes_the_tail_when_it_is_big_enough() {
        assert_eq!(carve(16, 10_000, 16, 1024, 4096), Some((0, 4096)));
        assert_eq!(carve(17, 2000, 16, 1024, 4096), Some((15, 2000)));
        assert_eq!(carve(17, 1038, 16, 1024, 4096), None);
        assert_eq!(carve(17, 3, 16, 1, 4096), None);
        assert_eq!(carve(0, 0, 16, 0, 4096), None);
    }

    proptest! {
        #[test]
        fn carve_is_aligned_inside_and_between_min_and_max(pos in 0usize..1 << 40,
                free in 0usize..1 << 16, align_log in 0u32..8, min in 1usize..2048,
                extra in 0usize..8192) {
            let (align, max) = (1 << align_log, min + extra);
            match carve(pos, free, align, min, max) {
                Some((start, end)) => {
                    prop_assert_eq!((pos + start) % align, 0);
                    prop_assert!(end <= free && (min..=max).contains(&(end - start)));
                }
                None => prop_assert!(padding_for(pos, align) + min > free),
            }
        }


        #[test]
        fn fit_is_aligned_and_inside(pos in 0usize..1 << 40, free in 0usize..1 << 20,
                                     size in 0usize..1 << 20, align_log in 0u32..13) {
            let layout = Layout::from_size_align(size, 1 << align_log).unwrap();
            match fit(pos, free, layout) {
                Some((start, end)) => {
                    prop_assert_eq!((pos + start) % layout.align(), 0);
                    prop_assert_eq!(end - start, size);
                    prop_assert!(end <= free);
                }
                None => prop_assert!(padding_for(pos, layout.align()) + size > free),
            }
        }

        #[test]
        fn fit_up_to_agrees_with_fit(pos in 0usize..1 << 40, free in 0usize..1 << 20,
                                     size in 0usize..1 << 20, align_log in 0u32..13) {
            let layout = Layout::from_size_align(size, 1 << align_log).unwrap();
            let expected = fit(pos, free, layout).map(|(pad, needed)| (pos + pad, pos + needed));
            prop_assert_eq!(fit_up_to(pos, pos + free, layout), expected);
        }

        #[test]
        fn fit_before_agrees_with_fit(pos in 0usize..1 << 40, free in 0usize..1 << 20,
                                      size in 0usize..1 << 20, align_log in 0u32..13) {
            let end = (pos + free).next_multiple_of(CHUNK_ALIGN);
            let layout = Layout::from_size_align(size, 1 << align_log).unwrap();
            let expected = fit(pos, end - pos, layout)
                .map(|(pad, needed)| (pos + pad, pos + needed));
            prop_assert_eq!(fit_before(pos, end, layout), expected);
        }

        #[test]
        fn chunk_sizes_are_multiples_of_chunk_align(first in 0usize..1 << 16,
                                                    extra in 0usize..1 << 20,
                                                    previous in proptest::option::of(0usize..1 << 24),
                                                    size in 0usize..1 << 20, align_log in 0u32..13) {
            let growth = ChunkGrowth { first: first.max(MIN_CHUNK_SIZE), max: first.max(MIN_CHUNK_SIZE) + extra, retain: usize::MAX };
            let layout = Layout::from_size_align(size, 1 << align_log).unwrap();
            let min_size = chunk_size_for(32, layout).unwrap();
            prop_assert_eq!(min_size % CHUNK_ALIGN, 0);
            prop_assert_eq!(growth.next_size(previous, min_size) % CHUNK_ALIGN, 0);
        }

        #[test]
        fn chunks_at_least_double_until_the_maximum(first in MIN_CHUNK_SIZE..1 << 16,
                                                    extra in 0usize..1 << 22) {
            let growth = ChunkGrowth { first, max: first + extra, retain: usize::MAX };
            let cap = (growth.max - MALLOC_OVERHEAD) & !(CHUNK_ALIGN - 1);
            let mut size = growth.next_size(None, 0);
            while size < cap {
                let next = growth.next_size(Some(size), 0);
                prop_assert!(next >= (2 * size).min(cap), "{} after {}", next, size);
                size = next;
            }
            prop_assert_eq!(size, cap);
        }

        #[test]
        fn a_chunk_of_chunk_size_for_always_fits(start in (0usize..1 << 30).prop_map(|s| s * 16),
                                                 size in 0usize..1 << 16, align_log in 0u32..13) {
            let layout = Layout::from_size_align(size, 1 << align_log).unwrap();
            let total = chunk_size_for(32, layout).unwrap();
            prop_assert!(fit(start + 32, total - 32, layout).is_some());
        }
    }
}
