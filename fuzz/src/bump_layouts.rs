//! The `bump_layouts` model: arbitrary sequences of raw allocations, slices, resets, nested
//! scopes and allocation limits on one [`Bump`], checked against a model of the live blocks.
//!
//! After every operation it checks what `Bump`'s documentation promises:
//! - every block is aligned to its layout, zero-sized ones included;
//! - no two live blocks overlap, and each block's byte pattern (written when it was
//!   allocated) is intact until its scope ends or the arena is reset, so no allocation,
//!   rewind or chunk change writes into live memory (AddressSanitizer adds that every byte
//!   written is inside a live chunk);
//! - `allocated_bytes` grows by the block's size plus less than one alignment of padding,
//!   comes back to its old value when a scope ends and to 0 on reset, and goes down by what
//!   the newest `ArenaVec` gives back when it is dropped or turned into a slice;
//!   `peak_allocated_bytes` is at least every `allocated_bytes` seen since the last reset
//!   and never goes down but to 0 on reset; `reserved_bytes` and `chunk_count` change
//!   together;
//! - a new chunk never takes `reserved_bytes` past a limit set before it was added, a request
//!   fails with `LimitReached` only when even the smallest chunk that fits it would, sizes
//!   past `isize::MAX` fail with `SizeOverflow`, and a failed request changes no figure;
//! - the figures add up (`allocated + tail + free + headers == reserved`, the waste is the
//!   abandoned bytes plus the tails, and no more is abandoned than allocated);
//! - the reset policy: reset keeps at most one chunk, no more than was held nor than the
//!   retention cap; several chunks without a cap or limit merge into one of their total size,
//!   and one chunk within the cap is kept as it is; `shrink_to` frees nothing handed out,
//!   and right after a reset leaves at most the bytes asked for.
//!
//! This file is shared: the `bump_layouts` fuzz target runs it under libFuzzer, and
//! `tests/fuzz_corpus_replay.rs` replays the committed corpus through it on stable.

use core::alloc::Layout;

use arbitrary::{Arbitrary, Unstructured};
use bumpkit::{AllocErrorKind, ArenaVec, Bump, BumpScope, Stats};

use crate::blocks::LiveBlocks;

/// Operations after this many are ignored, to keep one input fast.
const MAX_OPS: usize = 4096;
/// Deepest scope nesting the model opens.
const MAX_DEPTH: usize = 48;
/// A generous bound on a chunk header, for judging a `LimitReached` error.
const HEADER_BOUND: usize = 128;
/// Past this many reserved bytes, requests of more than 8 KiB are skipped.
const RESERVED_BUDGET: usize = 64 << 20;

/// Runs one fuzz input: the arena's settings, then the operations.
pub fn run(data: &[u8]) {
    let u = Unstructured::new(data);
    if let Ok(input) = Input::arbitrary_take_rest(u) {
        input.run();
    }
}

/// A whole fuzz input.
#[derive(Arbitrary, Debug)]
struct Input {
    config: Config,
    ops: Vec<Op>,
}

/// How the arena is built.
#[derive(Arbitrary, Debug)]
struct Config {
    first_chunk: u16,
    max_chunk: u32,
    capacity: u16,
    limit: Option<u32>,
    /// The retention cap (`retention_cap`), below 16 MiB.
    retention: Option<u32>,
}

/// One step applied to the arena (or the innermost open scope).
#[derive(Arbitrary, Debug)]
enum Op {
    /// `try_alloc_layout` with `1 << (align_log % 13)` alignment.
    Alloc { size: Size, align_log: u8 },
    /// `try_alloc_slice_fill_with::<u64>`.
    AllocWords(Words),
    /// `reset` (after closing every open scope).
    Reset,
    /// Opens a nested `scope_guard`.
    Enter,
    /// Drops the innermost scope guard.
    Exit,
    /// `set_allocation_limit`.
    Limit(LimitOp),
    /// Checks every live block's pattern.
    Check,
    /// An `ArenaVec<u8>` with room for `cap % 8193` bytes gets `len % (cap + 1)` of them,
    /// then is dropped or (`keep`) turned into an arena slice: either gives bytes back.
    Scratch { cap: u16, len: u16, keep: bool },
    /// `shrink_to(bytes % 16 MiB)` (only on the arena itself, not in a scope).
    ShrinkTo(u32),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Size {
    /// 0..=8192 bytes.
    Small(u16),
    /// 8 KiB to 1 MiB: a chunk of its own.
    Large(u32),
    /// Just past the current limit (skipped without one).
    PastLimit(u16),
    /// So big that no chunk can hold it: `SizeOverflow`.
    Huge(u8),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Words {
    /// 0..=1024 words.
    Small(u16),
    /// A length whose byte size overflows: `SizeOverflow`.
    Overflow(u8),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum LimitOp {
    Off,
    /// An absolute limit below 16 MiB.
    Bytes(u32),
    /// The bytes reserved now plus some headroom.
    Headroom(u16),
}

/// Why a level of scopes stopped interpreting operations.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Exit {
    /// The operations ran out.
    End,
    /// An `Exit` closed this scope.
    Scope,
    /// A `Reset` inside a scope: every scope closes, then the arena resets.
    Reset,
}

/// What the model knows about the arena.
#[derive(Debug, Default)]
struct Model {
    /// Live non-empty blocks, tagged with the scope depth they were allocated at.
    live: LiveBlocks,
    depth: usize,
    limit: Option<usize>,
    retention: Option<usize>,
    /// The most `allocated_bytes` was seen to be since the last reset.
    most_allocated: usize,
    /// The last `peak_allocated_bytes` seen.
    last_peak: usize,
}

/// An arena level: the arena itself, or an open scope of it.
trait Level {
    fn arena(&self) -> &Bump;
    fn nest(&mut self) -> BumpScope<'_>;
    /// Resets the arena; `false` if this level is a scope, which cannot.
    fn reset(&mut self) -> bool;
    /// Calls `shrink_to`; `false` if this level is a scope, which cannot.
    fn shrink_to(&mut self, bytes: usize) -> bool;
}

impl Level for Bump {
    fn arena(&self) -> &Bump {
        self
    }
    fn nest(&mut self) -> BumpScope<'_> {
        self.scope_guard()
    }
    fn reset(&mut self) -> bool {
        Bump::reset(self);
        true
    }
    fn shrink_to(&mut self, bytes: usize) -> bool {
        Bump::shrink_to(self, bytes);
        true
    }
}

impl Level for BumpScope<'_> {
    fn arena(&self) -> &Bump {
        self
    }
    fn nest(&mut self) -> BumpScope<'_> {
        self.scope_guard()
    }
    fn reset(&mut self) -> bool {
        false
    }
    fn shrink_to(&mut self, _bytes: usize) -> bool {
        false
    }
}

impl Input {
    fn run(self) {
        let limit = self.config.limit.map(|l| l as usize);
        let retention = self.config.retention.map(|r| r as usize % (16 << 20));
        let mut builder = Bump::builder();
        if let Some(cap) = retention {
            builder = builder.retention_cap(cap);
        }
        let built = builder
            .first_chunk_size(usize::from(self.config.first_chunk))
            .max_chunk_size(self.config.max_chunk as usize % (8 << 20))
            .capacity(usize::from(self.config.capacity))
            .allocation_limit(limit)
            .try_build();
        let mut bump = match built {
            Ok(bump) => bump,
            Err(err) => {
                assert_eq!(err.kind(), AllocErrorKind::LimitReached, "{err}");
                let limit = limit.expect("only a limit makes a small capacity fail");
                assert!(usize::from(self.config.capacity) + HEADER_BOUND > limit);
                return;
            }
        };
        if let Some(limit) = limit {
            assert!(bump.stats().reserved_bytes <= limit);
        }
        let mut model = Model {
            limit,
            retention,
            ..Model::default()
        };
        let mut ops = self.ops.iter().take(MAX_OPS);
        // The arena level handles resets and has no scope to close, so only the end of the
        // operations stops it.
        assert_eq!(run_level(&mut bump, &mut ops, &mut model), Exit::End);
        model.check_patterns();
    }
}

/// Interprets operations on `level` until they run out or an operation closes the level.
fn run_level<'o, L: Level>(
    level: &mut L,
    ops: &mut impl Iterator<Item = &'o Op>,
    model: &mut Model,
) -> Exit {
    while let Some(op) = ops.next() {
        match *op {
            Op::Alloc { size, align_log } => model.alloc(level.arena(), size, align_log),
            Op::AllocWords(words) => model.alloc_words(level.arena(), words),
            Op::Reset => {
                model.check_patterns();
                let before = level.arena().stats();
                if !level.reset() {
                    return Exit::Reset;
                }
                model.after_reset(before, level.arena().stats());
            }
            Op::Enter if model.depth < MAX_DEPTH => {
                let exit = enter_scope(level, ops, model);
                if exit == Exit::End {
                    return Exit::End;
                }
                if exit == Exit::Reset {
                    let before = level.arena().stats();
                    if !level.reset() {
                        return Exit::Reset;
                    }
                    model.after_reset(before, level.arena().stats());
                }
            }
            Op::Enter => {}
            Op::Exit if model.depth > 0 => return Exit::Scope,
            Op::Exit => {}
            Op::Limit(op) => model.set_limit(level.arena(), op),
            Op::Check => model.check_patterns(),
            Op::Scratch { cap, len, keep } => model.scratch(level.arena(), cap, len, keep),
            Op::ShrinkTo(bytes) => {
                let bytes = bytes as usize % (16 << 20);
                let before = level.arena().stats();
                if level.shrink_to(bytes) {
                    model.after_shrink(before, level.arena().stats(), bytes);
                }
            }
        }
    }
    Exit::End
}

/// Opens a scope on `level`, runs operations in it, closes it and checks what it released.
fn enter_scope<'o, L: Level>(
    level: &mut L,
    ops: &mut impl Iterator<Item = &'o Op>,
    model: &mut Model,
) -> Exit {
    let entry = model.observe(level.arena());
    let mut scope = level.nest();
    assert_eq!(scope.stats(), entry, "opening a scope changes no figure");
    model.depth += 1;
    let exit = run_level(&mut scope, ops, model);
    model.check_patterns();
    let inside = model.observe(&scope);
    drop(scope);
    model.depth -= 1;
    let depth = model.depth;
    model.live.retain_tags(depth);
    model.check_patterns();
    let after = model.observe(level.arena());
    assert_eq!(
        after.allocated_bytes, entry.allocated_bytes,
        "a scope rewinds"
    );
    assert_eq!(
        after.reserved_bytes, inside.reserved_bytes,
        "a scope frees no chunk"
    );
    assert_eq!(after.chunk_count, inside.chunk_count);
    assert!(after.peak_allocated_bytes >= inside.allocated_bytes);
    check_stats(after);
    exit
}

/// Invariants that hold for any figures.
fn check_stats(stats: Stats) {
    assert!(
        stats.peak_allocated_bytes >= stats.allocated_bytes,
        "{stats:?}"
    );
    assert!(stats.allocated_bytes <= stats.reserved_bytes, "{stats:?}");
    assert_eq!(
        stats.reserved_bytes == 0,
        stats.chunk_count == 0,
        "{stats:?}"
    );
    assert_eq!(
        stats.allocated_bytes + stats.tail_bytes + stats.free_bytes + stats.header_bytes,
        stats.reserved_bytes,
        "the figures add up: {stats:?}"
    );
    assert_eq!(
        stats.wasted_bytes,
        stats.abandoned_bytes + stats.tail_bytes,
        "{stats:?}"
    );
    assert!(stats.abandoned_bytes <= stats.allocated_bytes, "{stats:?}");
}

impl Model {
    fn set_limit(&mut self, arena: &Bump, op: LimitOp) {
        let limit = match op {
            LimitOp::Off => None,
            LimitOp::Bytes(bytes) => Some(bytes as usize % (16 << 20)),
            LimitOp::Headroom(extra) => Some(arena.stats().reserved_bytes + usize::from(extra)),
        };
        arena.set_allocation_limit(limit);
        assert_eq!(arena.allocation_limit(), limit);
        self.limit = limit;
    }

    fn alloc(&mut self, arena: &Bump, size: Size, align_log: u8) {
        let align = 1usize << (align_log % 13);
        let before = arena.stats();
        let (size, overflows) = match size {
            Size::Small(n) => (usize::from(n) % 8193, false),
            Size::Large(n) if before.reserved_bytes < RESERVED_BUDGET => {
                (8193 + n as usize % (1 << 20), false)
            }
            Size::Large(_) => return,
            Size::PastLimit(n) => match self.limit {
                Some(limit) => (limit + 1 + usize::from(n), false),
                None => return,
            },
            // The largest sizes a `Layout` of this alignment accepts; with any chunk header
            // they pass `isize::MAX`.
            Size::Huge(k) => (
                isize::MAX as usize - (align - 1) - usize::from(k % 16),
                true,
            ),
        };
        let layout = Layout::from_size_align(size, align).expect("sizes stay in range");
        let result = arena.try_alloc_layout(layout);
        let after = self.observe(arena);
        check_stats(after);
        let ptr = match result {
            Ok(ptr) => ptr,
            Err(err) => {
                assert_eq!(after, before, "a failed request changes nothing");
                match err.kind() {
                    AllocErrorKind::SizeOverflow => assert!(overflows, "{err}"),
                    AllocErrorKind::LimitReached => self.check_limit_error(before, layout),
                    kind => panic!("unexpected {kind:?}: {err}"),
                }
                return;
            }
        };
        assert!(!overflows, "{size} bytes cannot be allocated");
        assert_eq!(ptr.as_ptr() as usize % align, 0, "misaligned {layout:?}");
        self.check_growth(before, after, layout);
        if size == 0 {
            return;
        }
        // SAFETY: the arena handed out `size` writable bytes at `ptr`, and they stay valid
        // until the scope this model is in ends or the arena resets, when the model drops
        // the block.
        let bytes = unsafe { core::slice::from_raw_parts_mut(ptr.as_ptr(), size) };
        self.live.record(bytes, self.depth);
    }

    fn alloc_words(&mut self, arena: &Bump, words: Words) {
        let before = arena.stats();
        let (len, overflows) = match words {
            Words::Small(n) => (usize::from(n) % 1025, false),
            Words::Overflow(k) => (usize::MAX / 8 + 1 + usize::from(k), true),
        };
        let salt = 0x5EED_0000_0000 | before.allocated_bytes as u64;
        let result = arena.try_alloc_slice_fill_with(len, |i| salt.wrapping_add(i as u64));
        let after = self.observe(arena);
        check_stats(after);
        let slice = match result {
            Ok(slice) => slice,
            Err(err) => {
                assert_eq!(after, before, "a failed request changes nothing");
                match err.kind() {
                    AllocErrorKind::SizeOverflow => assert!(overflows, "{err}"),
                    AllocErrorKind::LimitReached => {
                        self.check_limit_error(before, Layout::array::<u64>(len).unwrap());
                    }
                    kind => panic!("unexpected {kind:?}: {err}"),
                }
                return;
            }
        };
        assert!(!overflows);
        assert_eq!(slice.len(), len);
        assert_eq!(slice.as_ptr() as usize % align_of::<u64>(), 0);
        assert!(
            slice
                .iter()
                .enumerate()
                .all(|(i, &w)| w == salt.wrapping_add(i as u64))
        );
        self.check_growth(before, after, Layout::array::<u64>(len).unwrap());
        if len == 0 {
            return;
        }
        let ptr = slice.as_mut_ptr().cast::<u8>();
        // SAFETY: the slice is `len * 8` initialised bytes the arena handed out, viewed as
        // bytes; the `&mut [u64]` is not used again.
        let bytes = unsafe { core::slice::from_raw_parts_mut(ptr, len * 8) };
        self.live.record(bytes, self.depth);
    }

    /// A `LimitReached` error is right only when a limit is set and not even the smallest
    /// chunk that fits `layout` stays within it.
    fn check_limit_error(&self, before: Stats, layout: Layout) {
        let limit = self.limit.expect("LimitReached without a limit");
        let smallest = HEADER_BOUND + layout.size() + layout.align() - 1;
        assert!(
            before.reserved_bytes + smallest > limit,
            "{layout:?} fits in the limit {limit}: {before:?}"
        );
    }

    /// The figures after a successful request of `layout`.
    fn check_growth(&self, before: Stats, after: Stats, layout: Layout) {
        let grown = after.allocated_bytes - before.allocated_bytes;
        if layout.size() == 0 {
            assert_eq!(after, before, "a zero-sized request takes nothing");
            return;
        }
        assert!(
            (layout.size()..layout.size() + layout.align()).contains(&grown),
            "{layout:?} took {grown} bytes"
        );
        assert!(after.peak_allocated_bytes >= before.peak_allocated_bytes);
        let new_chunks = after.chunk_count - before.chunk_count;
        assert!(new_chunks <= 1, "{before:?} -> {after:?}");
        assert_eq!(
            new_chunks == 1,
            after.reserved_bytes != before.reserved_bytes
        );
        if let (1, Some(limit)) = (new_chunks, self.limit) {
            assert!(
                after.reserved_bytes <= limit,
                "a new chunk passed the limit {limit}: {after:?}"
            );
        }
    }

    /// Takes the arena's figures and checks that the peak covers every `allocated_bytes`
    /// seen since the last reset and never went down.
    fn observe(&mut self, arena: &Bump) -> Stats {
        let stats = arena.stats();
        self.most_allocated = self.most_allocated.max(stats.allocated_bytes);
        assert!(
            stats.peak_allocated_bytes >= self.most_allocated,
            "the peak forgot {} bytes: {stats:?}",
            self.most_allocated
        );
        assert!(
            stats.peak_allocated_bytes >= self.last_peak,
            "the peak went down from {}: {stats:?}",
            self.last_peak
        );
        self.last_peak = stats.peak_allocated_bytes;
        stats
    }

    fn scratch(&mut self, arena: &Bump, cap: u16, len: u16, keep: bool) {
        let cap = usize::from(cap) % 8193;
        let len = usize::from(len) % (cap + 1);
        let before = self.observe(arena);
        let Ok(mut v) = ArenaVec::<u8>::try_with_capacity_in(cap, arena) else {
            assert!(
                self.limit.is_some(),
                "only a limit makes a small vector fail"
            );
            assert_eq!(
                self.observe(arena),
                before,
                "a failed request changes nothing"
            );
            return;
        };
        v.resize(len, 0xA5);
        let with_vec = self.observe(arena);
        assert!(with_vec.allocated_bytes >= before.allocated_bytes + cap);
        let kept = if keep {
            let slice = v.into_arena_slice();
            assert_eq!(slice.len(), len);
            if len > 0 {
                // Kept until the scope ends or the arena resets, like any block.
                self.live.record(slice, self.depth);
            }
            len
        } else {
            drop(v);
            0
        };
        let after = self.observe(arena);
        check_stats(after);
        assert_eq!(
            after.allocated_bytes + (cap - kept),
            with_vec.allocated_bytes,
            "the newest vector gives back what it does not keep"
        );
        // An oversized vector had a chunk of its own, freed when it is given back whole.
        let freed = with_vec.chunk_count - after.chunk_count;
        assert!(freed <= usize::from(kept == 0), "{with_vec:?} -> {after:?}");
        assert_eq!(freed == 1, after.reserved_bytes < with_vec.reserved_bytes);
    }

    fn check_patterns(&self) {
        self.live.check();
    }

    fn after_reset(&mut self, before: Stats, after: Stats) {
        self.live.clear();
        (self.most_allocated, self.last_peak) = (0, 0);
        assert_eq!(after.allocated_bytes, 0);
        assert_eq!(after.peak_allocated_bytes, 0);
        assert_eq!(after.wasted_bytes, 0, "{after:?}");
        assert!(after.chunk_count <= before.chunk_count.min(1));
        let cap = self.retention.unwrap_or(usize::MAX);
        assert!(after.reserved_bytes <= before.reserved_bytes.min(cap));
        if self.retention.is_none() && self.limit.is_none() {
            // One chunk is kept; several merge into one of their total size.
            assert_eq!(
                after.reserved_bytes, before.reserved_bytes,
                "{before:?} -> {after:?}"
            );
            assert_eq!(after.chunk_count, before.chunk_count.min(1));
        }
        if before.chunk_count == 1 && before.reserved_bytes <= cap {
            assert_eq!(
                after.reserved_bytes, before.reserved_bytes,
                "one chunk is kept"
            );
        }
        check_stats(after);
    }

    fn after_shrink(&mut self, before: Stats, after: Stats, bytes: usize) {
        self.check_patterns();
        assert_eq!(
            after.allocated_bytes, before.allocated_bytes,
            "nothing handed out is freed"
        );
        assert!(after.reserved_bytes <= before.reserved_bytes);
        if before.reserved_bytes <= bytes {
            assert_eq!(after, before, "nothing to free");
        } else if before.allocated_bytes == 0 {
            assert!(after.reserved_bytes <= bytes, "{before:?} -> {after:?}");
        }
        check_stats(after);
    }
}
