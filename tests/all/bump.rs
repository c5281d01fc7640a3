//! Bump: allocation, alignment, reset, scopes, limits, stats, bad input.

use core::alloc::Layout;
use std::panic::{AssertUnwindSafe, catch_unwind};

use bumpkit::{AllocErrorKind, ArenaVec, Bump, BumpScope};
use proptest::prelude::*;

use crate::common::{panic_message, rounds};

#[repr(align(4096))]
struct PageAlignedZst;

#[test]
fn new_allocates_nothing() {
    let bump = Bump::new();
    assert_eq!(bump.stats(), bumpkit::Stats::default());
}

#[test]
fn every_power_of_two_alignment_is_honoured_at_chunk_rollover() {
    // Small chunks, so that nearly every request of the loop rolls over to a new one.
    let bump = Bump::builder()
        .first_chunk_size(128)
        .max_chunk_size(256)
        .build();
    for round in 0..3 {
        for align_log in 0..=16 {
            let align = 1usize << align_log;
            for size in [1, 7, 100, 300 + round] {
                let layout = Layout::from_size_align(size, align).unwrap();
                let ptr = bump.alloc_layout(layout);
                assert_eq!(
                    ptr.as_ptr() as usize % align,
                    0,
                    "size {size} align {align}"
                );
                // SAFETY: the block is `size` bytes, freshly handed out.
                unsafe { ptr.as_ptr().write_bytes(0xAB, size) };
            }
        }
    }
}

#[test]
fn zero_sized_types_take_no_memory_and_are_aligned() {
    let bump = Bump::new();
    let zst = bump.alloc(PageAlignedZst);
    assert_eq!(core::ptr::from_mut(zst) as usize % 4096, 0);
    let unit_slice = bump.alloc_slice_fill_with(rounds(1_000_000), |_| ());
    assert_eq!(unit_slice.len(), rounds(1_000_000));
    let empty = bump.alloc_slice_copy::<u64>(&[]);
    assert_eq!(empty.as_ptr() as usize % 8, 0);
    let layout = Layout::from_size_align(0, 1 << 20).unwrap();
    assert_eq!(bump.alloc_layout(layout).as_ptr() as usize % (1 << 20), 0);
    assert_eq!(bump.stats().allocated_bytes, 0);
    assert_eq!(bump.stats().reserved_bytes, 0);
}

#[test]
fn empty_copies_take_no_memory_in_a_live_chunk() {
    let bump = Bump::new();
    bump.alloc(1u8);
    let before = bump.stats().allocated_bytes;
    assert_eq!(bump.alloc_str(""), "");
    assert!(bump.alloc_slice_copy::<u8>(&[]).is_empty());
    let words = bump.alloc_slice_copy::<u64>(&[]);
    assert_eq!(words.as_ptr() as usize % 8, 0);
    assert_eq!(bump.stats().allocated_bytes, before);
    assert_eq!(*bump.alloc(7u8), 7);
    assert_eq!(bump.stats().allocated_bytes, before + 1);
}

#[test]
fn overflowing_slice_lengths_are_an_error_not_ub() {
    let bump = Bump::new();
    let err = bump
        .try_alloc_slice_fill_with(usize::MAX, |_| 0u64)
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    let err = bump
        .try_alloc_slice_fill_with(isize::MAX as usize / 4 + 1, |_| 0u32)
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    let err = bump
        .try_alloc_slice_fill_iter(FakeLen(usize::MAX))
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    assert_eq!(bump.stats().reserved_bytes, 0);
}

#[test]
fn overflowing_slice_lengths_panic_naming_the_request() {
    let bump = Bump::new();
    let message = panic_message(catch_unwind(|| {
        bump.alloc_slice_fill_with(usize::MAX, |_| 0u64);
    }));
    assert_eq!(
        message,
        format!(
            "bumpkit: cannot allocate {} elements of 8 bytes (the size overflows isize::MAX)",
            usize::MAX
        )
    );
}

#[test]
fn a_layout_too_big_for_any_chunk_is_size_overflow() {
    let bump = Bump::new();
    let layout = Layout::from_size_align(isize::MAX as usize - 4095, 4096).unwrap();
    let err = bump.try_alloc_layout(layout).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    let message = panic_message(catch_unwind(|| bump.alloc_layout(layout)));
    assert!(
        message.starts_with("bumpkit: cannot allocate 9223372036854771712 bytes aligned to 4096")
    );
}

#[test]
fn the_limit_fails_try_forms_and_panics_the_others() {
    let bump = Bump::new();
    bump.set_allocation_limit(Some(8 << 10));
    assert!(bump.try_alloc_slice_fill_with(100, |i| i).is_ok());
    let err = bump
        .try_alloc_slice_fill_with(8 << 10, |i| i as u8)
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::LimitReached);
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| {
        bump.alloc_slice_fill_with(8 << 10, |i| i as u8);
    })));
    assert_eq!(
        message,
        "bumpkit: cannot allocate 8192 elements of 1 bytes (the arena's allocation limit is reached)"
    );
    assert!(bump.stats().reserved_bytes <= 8 << 10);
    bump.set_allocation_limit(None);
    assert!(bump.try_alloc_slice_fill_with(8 << 10, |i| i as u8).is_ok());
}

#[test]
fn allocation_limit_reports_the_limit_last_set() {
    let bump = Bump::builder().allocation_limit(Some(3 << 20)).build();
    assert_eq!(bump.allocation_limit(), Some(3 << 20));
    bump.set_allocation_limit(Some(12_345));
    assert_eq!(bump.allocation_limit(), Some(12_345));
    bump.set_allocation_limit(None);
    assert_eq!(bump.allocation_limit(), None);
}

#[test]
fn a_limit_below_the_usual_growth_still_fits_a_smaller_chunk() {
    let bump = Bump::builder()
        .first_chunk_size(64 << 10)
        .allocation_limit(Some(1000))
        .build();
    bump.alloc([0u8; 100]);
    assert!(bump.stats().reserved_bytes <= 1000);
}

#[test]
#[cfg_attr(
    miri,
    ignore = "Miri aborts on a huge request to the base allocator instead of returning null"
)]
fn a_chunk_size_the_base_allocator_refuses_falls_back_to_one_that_fits() {
    // Sizes past `isize::MAX` are no layout at all; the usual chunk then cannot be made, but
    // a chunk of just the request's size can, as when the limit refuses the usual size.
    for bump in [
        Bump::builder().first_chunk_size(usize::MAX).build(),
        Bump::builder()
            .first_chunk_size(isize::MAX as usize + 1)
            .build(),
    ] {
        assert_eq!(*bump.try_alloc(7u64).unwrap(), 7);
        assert!(bump.stats().reserved_bytes < 4096);
    }
}

#[test]
fn reset_keeps_one_chunk_and_reuses_it() {
    let mut bump = Bump::new();
    for _ in 0..100 {
        bump.alloc_slice_fill_with(1000, |i| i as u64);
    }
    let before = bump.stats();
    assert!(before.chunk_count > 1);
    bump.reset();
    let after = bump.stats();
    assert_eq!(
        (
            after.chunk_count,
            after.allocated_bytes,
            after.peak_allocated_bytes
        ),
        (1, 0, 0)
    );
    let first = std::ptr::from_mut(bump.alloc(1u8));
    bump.reset();
    assert_eq!(
        std::ptr::from_mut(bump.alloc(2u8)),
        first,
        "memory is reused after reset"
    );
}

#[test]
fn scopes_rewind_on_exit_and_on_panic() {
    let mut bump = Bump::new();
    bump.alloc(1u64);
    let result = catch_unwind(AssertUnwindSafe(|| {
        bump.scope(|scope| {
            scope.alloc_slice_fill_with(100_000, |i| i);
            panic!("inside the scope");
        })
    }));
    assert!(result.is_err());
    assert_eq!(bump.stats().allocated_bytes, 8);
    let peak = bump.stats().peak_allocated_bytes;
    assert!(peak >= 800_008, "peak {peak} remembers the scope");
}

#[test]
fn nested_scopes_keep_what_the_outer_scope_allocated() {
    let mut bump = Bump::builder().first_chunk_size(256).build();
    let mut outer = bump.scope_guard();
    let kept = std::ptr::from_mut(outer.alloc_slice_fill_with(40, |i| i as u32));
    outer.scope(|inner| {
        for _ in 0..100 {
            inner.alloc([0xFFu8; 64]);
        }
    });
    // SAFETY: `kept` was allocated in the outer scope, which is still alive.
    let kept = unsafe { &*kept };
    assert!(kept.iter().enumerate().all(|(i, &v)| v == i as u32));
    assert_eq!(outer.stats().allocated_bytes, 160);
}

#[test]
fn a_scope_after_reusing_spare_chunks_rewinds_them_again() {
    let mut bump = Bump::builder()
        .first_chunk_size(256)
        .max_chunk_size(256)
        .build();
    for round in 0..5 {
        bump.scope(|scope| {
            for _ in 0..50 {
                scope.alloc([round as u8; 100]);
            }
        });
    }
    let stats = bump.stats();
    assert_eq!(stats.allocated_bytes, 0);
    assert!(
        stats.chunk_count <= 51,
        "spare chunks are reused, got {}",
        stats.chunk_count
    );
}

/// Fills a fresh `ArenaVec<u8>` with `len` bytes and returns it.
fn byte_vec(bump: &Bump, len: usize) -> ArenaVec<'_, u8> {
    let mut v = ArenaVec::new_in(bump);
    v.extend((0..len).map(|i| i as u8));
    v
}

#[test]
fn peak_remembers_a_dropped_newest_vector() {
    let bump = Bump::new();
    bump.alloc(1u64);
    let v = byte_vec(&bump, 1000);
    let with_vec = bump.stats().allocated_bytes;
    assert!(with_vec >= 1008);
    drop(v);
    let stats = bump.stats();
    assert_eq!(
        stats.allocated_bytes, 8,
        "the newest vector gave its bytes back"
    );
    assert_eq!(stats.peak_allocated_bytes, with_vec);
}

#[test]
fn peak_remembers_bytes_that_shrink_to_fit_gave_back() {
    let bump = Bump::new();
    let mut v = ArenaVec::<u8>::with_capacity_in(1000, &bump);
    v.extend_from_slice(&[7; 10]);
    v.shrink_to_fit();
    let stats = bump.stats();
    assert_eq!(stats.allocated_bytes, 10);
    assert_eq!(stats.peak_allocated_bytes, 1000);
}

#[test]
fn peak_remembers_bytes_that_into_arena_slice_gave_back() {
    let bump = Bump::new();
    let mut v = ArenaVec::<u32>::with_capacity_in(500, &bump);
    v.extend(0..10);
    let slice = v.into_arena_slice();
    assert_eq!(slice.len(), 10);
    let stats = bump.stats();
    assert_eq!(stats.allocated_bytes, 40);
    assert_eq!(stats.peak_allocated_bytes, 2000);
}

#[test]
fn peak_counts_earlier_chunks_when_a_later_one_gives_back() {
    let bump = Bump::builder()
        .first_chunk_size(1024)
        .max_chunk_size(1024)
        .build();
    bump.alloc([0u8; 900]);
    let v = byte_vec(&bump, 600); // does not fit in the first chunk's tail
    let stats = bump.stats();
    assert_eq!(stats.chunk_count, 2);
    let with_vec = stats.allocated_bytes;
    assert!(with_vec >= 1500, "{stats:?}");
    drop(v);
    let stats = bump.stats();
    assert_eq!(stats.allocated_bytes, 900);
    assert_eq!(stats.peak_allocated_bytes, with_vec);
}

#[test]
fn reset_clears_a_peak_set_by_a_give_back() {
    let mut bump = Bump::new();
    drop(byte_vec(&bump, 3000));
    assert!(bump.stats().peak_allocated_bytes >= 3000);
    bump.reset();
    assert_eq!(bump.stats().peak_allocated_bytes, 0);
    let v = byte_vec(&bump, 100);
    let with_vec = bump.stats().allocated_bytes;
    drop(v);
    assert_eq!(bump.stats().peak_allocated_bytes, with_vec);
    assert!(with_vec < 3000, "the old peak is gone");
}

#[test]
fn peak_survives_a_scope_whose_vector_was_dropped_inside_it() {
    let mut bump = Bump::new();
    bump.alloc(1u64);
    let inside = bump.scope(|scope| {
        let v = byte_vec(scope, 5000);
        let with_vec = scope.stats().allocated_bytes;
        drop(v);
        scope.alloc(2u64);
        with_vec
    });
    let stats = bump.stats();
    assert_eq!(stats.allocated_bytes, 8);
    assert!(inside >= 5008);
    assert_eq!(stats.peak_allocated_bytes, inside);
}

#[test]
fn peak_is_the_most_allocated_bytes_ever_seen_while_vectors_come_and_go() {
    let bump = Bump::builder()
        .first_chunk_size(512)
        .max_chunk_size(4096)
        .build();
    let mut most = 0;
    let mut kept = Vec::new();
    for round in 0..200usize {
        let v = byte_vec(&bump, (round * 37) % 700);
        let stats = bump.stats();
        most = most.max(stats.allocated_bytes);
        assert_eq!(stats.peak_allocated_bytes, most, "round {round}");
        if round % 3 == 0 {
            kept.push(v.into_arena_slice());
        } else {
            drop(v);
        }
        let stats = bump.stats();
        most = most.max(stats.allocated_bytes);
        assert_eq!(stats.peak_allocated_bytes, most, "round {round}");
    }
    assert!(
        kept.iter()
            .all(|k| k.iter().enumerate().all(|(i, &b)| b == i as u8))
    );
}

#[test]
fn lying_exact_size_iterators_panic_and_drop_what_they_gave() {
    let drops = std::rc::Rc::new(std::cell::Cell::new(0));
    struct CountDrop(std::rc::Rc<std::cell::Cell<usize>>);
    impl Drop for CountDrop {
        fn drop(&mut self) {
            self.0.set(self.0.get() + 1);
        }
    }
    struct Short(usize, std::rc::Rc<std::cell::Cell<usize>>);
    impl Iterator for Short {
        type Item = CountDrop;
        fn next(&mut self) -> Option<CountDrop> {
            (self.0 > 0).then(|| {
                self.0 -= 1;
                CountDrop(self.1.clone())
            })
        }
    }
    impl ExactSizeIterator for Short {
        fn len(&self) -> usize {
            10
        }
    }
    let bump = Bump::new();
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| {
        bump.alloc_slice_fill_iter(Short(3, drops.clone()));
    })));
    assert_eq!(
        message,
        "bumpkit: an ExactSizeIterator reported 10 items but yielded only 3"
    );
    assert_eq!(drops.get(), 3);
}

#[test]
fn a_panicking_fill_drops_the_values_made_so_far() {
    let bump = Bump::new();
    let made = std::cell::Cell::new(0);
    let result = catch_unwind(AssertUnwindSafe(|| {
        bump.alloc_slice_fill_with(10, |i| {
            assert!(i < 4, "fill failed at {i}");
            made.set(made.get() + 1);
            String::from("owned")
        });
    }));
    assert_eq!(panic_message(result), "fill failed at 4");
    assert_eq!(made.get(), 4);
    bump.alloc(1u8); // the arena stays usable
}

#[test]
fn debug_shows_stats() {
    let bump = Bump::new();
    bump.alloc(1u32);
    assert!(format!("{bump:?}").contains("allocated_bytes: 4"));
}

#[test]
fn scope_debug_names_the_scope_and_its_arena() {
    let mut bump = Bump::new();
    let scope = bump.scope_guard();
    scope.alloc(1u16);
    let text = format!("{scope:?}");
    assert!(text.starts_with("BumpScope { bump: Bump"), "{text}");
    assert!(text.contains("allocated_bytes: 2"), "{text}");
}

struct FakeLen(usize);
impl Iterator for FakeLen {
    type Item = u64;
    fn next(&mut self) -> Option<u64> {
        Some(0)
    }
}
impl ExactSizeIterator for FakeLen {
    fn len(&self) -> usize {
        self.0
    }
}

// ---- the model test ------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum Op {
    Alloc {
        size: usize,
        align_log: u32,
    },
    EnterScope,
    ExitScope,
    Reset,
    SetLimit(Option<usize>),
    /// An `ArenaVec<u8>` with room for `cap` bytes gets `len <= cap` of them, then is dropped
    /// or (`keep`) turned into an arena slice: either gives bytes back.
    Scratch {
        cap: usize,
        len: usize,
        keep: bool,
    },
}

/// Byte sizes of the model test are divided by this: under Miri, whose borrow tracker pays
/// for every byte a reference covers, the ops and chunks shrink together, so allocations
/// still outgrow chunks and meet limits.
const SIZE_DIVISOR: usize = if cfg!(miri) { 8 } else { 1 };

fn op() -> impl Strategy<Value = Op> {
    const D: usize = SIZE_DIVISOR;
    prop_oneof![
        12 => (0usize..256 / D, 0u32..=4).prop_map(|(size, align_log)| Op::Alloc { size, align_log }),
        3 => (0usize..8192 / D, 0u32..=12).prop_map(|(size, align_log)| Op::Alloc { size, align_log }),
        2 => Just(Op::EnterScope),
        2 => Just(Op::ExitScope),
        1 => Just(Op::Reset),
        1 => prop_oneof![Just(None), (0usize..(64 << 10) / D).prop_map(Some)].prop_map(Op::SetLimit),
        4 => (0usize..6000 / D, any::<bool>())
            .prop_flat_map(|(cap, keep)| (Just(cap), 0..=cap, Just(keep)))
            .prop_map(|(cap, len, keep)| Op::Scratch { cap, len, keep }),
    ]
}

/// One live allocation: where it is and the pattern written into it.
struct Live {
    ptr: *const u8,
    size: usize,
    align: usize,
    /// The pattern's first 256 bytes, a function of a seed; it repeats from there. Whole runs
    /// of it are written and compared at once, which keeps the model fast under Miri.
    period: [u8; 256],
}

impl Live {
    fn period(seed: u8) -> [u8; 256] {
        std::array::from_fn(|i| seed.wrapping_add(i as u8).wrapping_mul(31))
    }

    /// The pattern's first `len` bytes.
    fn pattern(&self, len: usize) -> impl Iterator<Item = u8> + '_ {
        self.period.iter().copied().cycle().take(len)
    }
}

#[derive(Default)]
struct Model {
    live: Vec<Live>,
    scope_marks: Vec<usize>,
    limit: Option<usize>,
    reserved_when_limited: usize,
    next_seed: u8,
    /// The most `allocated_bytes` was seen to be since the last reset.
    most_allocated: usize,
    /// The last `peak_allocated_bytes` seen.
    last_peak: usize,
}

impl Model {
    fn alloc(&mut self, bump: &Bump, size: usize, align_log: u32) -> Result<(), TestCaseError> {
        let align = 1 << align_log;
        let layout = Layout::from_size_align(size, align).unwrap();
        let ptr = match bump.try_alloc_layout(layout) {
            Ok(ptr) => ptr,
            Err(err) => {
                prop_assert_eq!(err.kind(), AllocErrorKind::LimitReached);
                prop_assert!(self.limit.is_some());
                return Ok(());
            }
        };
        let addr = ptr.as_ptr().addr();
        prop_assert_eq!(addr % align, 0);
        let live = Live {
            ptr: ptr.as_ptr(),
            size,
            align,
            period: Live::period(self.next_seed),
        };
        self.next_seed = self.next_seed.wrapping_add(1);
        if size > 0 {
            for other in self.live.iter().filter(|o| o.size > 0) {
                let other_addr = other.ptr.addr();
                prop_assert!(addr + size <= other_addr || other_addr + other.size <= addr);
            }
            // SAFETY: the block is `size` bytes, freshly handed out and not aliased.
            let block = unsafe { std::slice::from_raw_parts_mut(ptr.as_ptr(), size) };
            for run in block.chunks_mut(live.period.len()) {
                run.copy_from_slice(&live.period[..run.len()]);
            }
        }
        self.live.push(live);
        Ok(())
    }

    /// Checks that the peak covers every `allocated_bytes` seen since the last reset and
    /// never went down.
    fn observe(&mut self, bump: &Bump) -> Result<bumpkit::Stats, TestCaseError> {
        let stats = bump.stats();
        self.most_allocated = self.most_allocated.max(stats.allocated_bytes);
        prop_assert!(
            stats.peak_allocated_bytes >= self.most_allocated,
            "{:?}",
            stats
        );
        prop_assert!(stats.peak_allocated_bytes >= self.last_peak, "{:?}", stats);
        self.last_peak = stats.peak_allocated_bytes;
        Ok(stats)
    }

    fn scratch(
        &mut self,
        bump: &Bump,
        cap: usize,
        len: usize,
        keep: bool,
    ) -> Result<(), TestCaseError> {
        let Ok(mut v) = ArenaVec::<u8>::try_with_capacity_in(cap, bump) else {
            prop_assert!(self.limit.is_some());
            return Ok(());
        };
        let live = Live {
            ptr: core::ptr::null(),
            size: len,
            align: 1,
            period: Live::period(self.next_seed),
        };
        self.next_seed = self.next_seed.wrapping_add(1);
        v.extend(live.pattern(len));
        let with_vec = self.observe(bump)?;
        if keep {
            let slice = v.into_arena_slice();
            prop_assert_eq!(slice.len(), len);
            self.live.push(Live {
                ptr: slice.as_ptr(),
                ..live
            });
        } else {
            drop(v);
        }
        let after = self.observe(bump)?;
        let kept = if keep { len } else { 0 };
        prop_assert_eq!(
            after.allocated_bytes + (cap - kept),
            with_vec.allocated_bytes,
            "the newest vector gives back what it does not keep"
        );
        Ok(())
    }

    fn check(&mut self, bump: &Bump) -> Result<(), TestCaseError> {
        for live in &self.live {
            if live.size == 0 {
                continue;
            }
            // SAFETY: live blocks stay valid until their scope ends or the arena resets.
            let block = unsafe { std::slice::from_raw_parts(live.ptr, live.size) };
            for run in block.chunks(live.period.len()) {
                prop_assert!(run == &live.period[..run.len()], "allocation clobbered");
            }
        }
        let stats = self.observe(bump)?;
        let payload: usize = self.live.iter().map(|l| l.size).sum();
        let slack: usize = self
            .live
            .iter()
            .filter(|l| l.size > 0)
            .map(|l| l.align - 1)
            .sum();
        prop_assert!(stats.allocated_bytes >= payload);
        prop_assert!(stats.allocated_bytes <= payload + slack);
        prop_assert!(stats.peak_allocated_bytes >= stats.allocated_bytes);
        prop_assert!(stats.reserved_bytes >= stats.allocated_bytes);
        if let Some(limit) = self.limit {
            prop_assert!(stats.reserved_bytes <= limit.max(self.reserved_when_limited));
        }
        Ok(())
    }

    fn set_limit(&mut self, bump: &Bump, limit: Option<usize>) {
        bump.set_allocation_limit(limit);
        self.limit = limit;
        self.reserved_when_limited = bump.stats().reserved_bytes;
    }
}

/// Runs ops inside a scope until an `ExitScope` or the end; returns whether it hit the end.
fn run_scope(
    scope: &mut BumpScope<'_>,
    ops: &mut std::vec::IntoIter<Op>,
    model: &mut Model,
) -> Result<(), TestCaseError> {
    while let Some(op) = ops.next() {
        match op {
            Op::Alloc { size, align_log } => model.alloc(scope, size, align_log)?,
            Op::EnterScope => enter(|f| scope.scope(f), ops, model)?,
            Op::ExitScope => return Ok(()),
            Op::Reset => {} // needs `&mut Bump`, which a scope does not give
            Op::SetLimit(limit) => model.set_limit(scope, limit),
            Op::Scratch { cap, len, keep } => model.scratch(scope, cap, len, keep)?,
        }
        model.check(scope)?;
    }
    Ok(())
}

fn enter(
    scope: impl FnOnce(
        &mut dyn FnMut(&mut BumpScope<'_>) -> Result<(), TestCaseError>,
    ) -> Result<(), TestCaseError>,
    ops: &mut std::vec::IntoIter<Op>,
    model: &mut Model,
) -> Result<(), TestCaseError> {
    model.scope_marks.push(model.live.len());
    scope(&mut |inner| run_scope(inner, ops, model))?;
    let mark = model.scope_marks.pop().unwrap();
    model.live.truncate(mark);
    Ok(())
}

proptest! {
    #![proptest_config(crate::common::cases(128))]

    #[test]
    fn bump_matches_a_model_of_live_allocations(ops in prop::collection::vec(op(), 1..80),
                                                first_chunk in 128usize..8192 / SIZE_DIVISOR) {
        let mut bump = Bump::builder()
            .first_chunk_size(first_chunk)
            .max_chunk_size((64 << 10) / SIZE_DIVISOR)
            .build();
        let mut model = Model::default();
        let mut ops = ops.into_iter();
        while let Some(op) = ops.next() {
            match op {
                Op::Alloc { size, align_log } => model.alloc(&bump, size, align_log)?,
                Op::EnterScope => enter(|f| bump.scope(f), &mut ops, &mut model)?,
                Op::ExitScope => {}
                Op::Reset => {
                    bump.reset();
                    model.live.clear();
                    prop_assert_eq!(bump.stats().peak_allocated_bytes, 0);
                    (model.most_allocated, model.last_peak) = (0, 0);
                    model.reserved_when_limited = model.reserved_when_limited.min(bump.stats().reserved_bytes);
                    prop_assert_eq!(bump.stats().allocated_bytes, 0);
                }
                Op::SetLimit(limit) => model.set_limit(&bump, limit),
                Op::Scratch { cap, len, keep } => model.scratch(&bump, cap, len, keep)?,
            }
            model.check(&bump)?;
        }
    }
}
