//! The `sync_bump` model: allocations on a [`SyncBump`] straight and through several
//! [`LocalBump`] handles at once, handles dropped midway, bursts from two threads, resets and
//! limits, checked against the set of live blocks.
//!
//! After every operation it checks:
//! - every block is aligned, no two live blocks overlap (also blocks carved by different
//!   handles or threads), and each block's byte pattern survives until the arena resets;
//! - `allocated_bytes` covers every live block, never passes `reserved_bytes`, does not grow
//!   when a handle is dropped, and is 0 after a reset, which keeps at most one chunk;
//! - `peak_allocated_bytes` is at least every `allocated_bytes` seen since the last reset,
//!   also after `ArenaVec`s (on the arena, on handles, and in bursts) gave bytes back, and
//!   never goes down but to 0 on reset;
//! - a chunk added while a limit is set keeps `reserved_bytes` within it, `LimitReached`
//!   comes only with a limit, `SizeOverflow` only for sizes past `isize::MAX`, and a failed
//!   request changes no figure.
//!
//! `Vecs` interleaves growing, shrinking and freeing live `ArenaVec<u8>`s, some on the arena
//! and some on each handle, with blocks allocated between them; after each of its steps it
//! checks every vector's bytes, that no vector's buffer overlaps another's or a live block,
//! that `allocated_bytes` covers the vectors' capacities and the live blocks, and that a
//! shrink or a free never raises it.
//!
//! Requests straight on the arena take its hidden per-thread path (a block cached per thread,
//! keyed by the arena's identity and reset generation): a reset must make the cached block
//! stale, and so must the arena's drop, as every input runs on a fresh arena, often at the
//! same address, on the same thread. `Elsewhere` cycles the thread's cache through other,
//! short-lived arenas (up to six, more than the cache holds) between requests on the arena,
//! and bursts can allocate straight on the arena from their threads.
//!
//! The operations run on one thread, so an input replays exactly, except `Burst`, whose two
//! threads race for real.

use core::alloc::Layout;
use core::ptr::NonNull;

use arbitrary::{Arbitrary, Unstructured};
use bumpkit::{AllocError, AllocErrorKind, Arena, ArenaVec, LocalBump, Stats, SyncBump};

use crate::blocks::LiveBlocks;

/// Operations after this many are ignored.
const MAX_OPS: usize = 2048;
/// Local handles the model juggles.
const HANDLES: usize = 3;
/// Requests per thread in one burst.
const MAX_BURST: usize = 64;
/// Vectors a `Vecs` operation juggles: slot `s` lives on the arena when `s % 4 == 0`, else on
/// handle `s % 4 - 1`.
const VECS: usize = 8;
/// Steps of one `Vecs` operation after this many are ignored.
const MAX_VEC_STEPS: usize = 256;

/// Runs one fuzz input.
pub fn run(data: &[u8]) {
    let u = Unstructured::new(data);
    if let Ok(input) = Input::arbitrary_take_rest(u) {
        input.run();
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    first_chunk: u16,
    max_chunk: u32,
    ops: Vec<Op>,
}

#[derive(Arbitrary, Debug)]
enum Op {
    /// `try_alloc_layout` on the arena (`via % 4 == 0`) or on handle `via % 4 - 1`.
    Alloc {
        via: u8,
        size: Size,
        align_log: u8,
    },
    /// `try_alloc_slice_fill_with::<u32>` on the arena or a handle.
    Words {
        via: u8,
        len: u16,
    },
    /// Drops a handle (a new one is made when it is next used).
    DropHandle(u8),
    /// Two threads, each with its own handle, allocate at the same time.
    Burst(Vec<(u16, u8)>, Vec<(u16, u8)>),
    /// Drops every handle and resets the arena.
    Reset,
    /// `set_allocation_limit`: `None`, or the bytes reserved now plus some headroom.
    Limit(Option<u16>),
    Check,
    /// An `ArenaVec<u8>` on the arena or a handle with room for `cap % 8193` bytes gets
    /// `len % (cap + 1)` of them, then is dropped or (`keep`) turned into an arena slice.
    Scratch {
        via: u8,
        cap: u16,
        len: u16,
        keep: bool,
    },
    /// Steps on up to `VECS` vectors spread over the arena and every handle; the vectors no
    /// step kept are dropped at the end.
    Vecs(Vec<VecStep>),
    /// `count % 64` `u64`s, each on one of `arenas % 7` other arenas made for this operation
    /// (in turn) and then on the arena straight (every `every % 4 + 1`th), so the thread's
    /// block cache switches, fills and evicts; the other arenas are dropped at the end.
    Elsewhere {
        arenas: u8,
        count: u8,
        every: u8,
    },
}

#[derive(Arbitrary, Debug)]
enum VecStep {
    /// Appends `n % 1025` bytes to vector `slot % VECS` (made empty first if there is none):
    /// one `try_push` at a time, or (`bulk`) one `try_extend_from_slice`.
    Grow { slot: u8, n: u16, bulk: bool },
    /// `truncate(len % (len() + 1))`, then `shrink_to_fit` (`spare == 0`) or
    /// `shrink_to(len + spare)`.
    Shrink { slot: u8, len: u16, spare: u8 },
    /// Drops the vector, freeing its buffer.
    Free(u8),
    /// `into_arena_slice`: the bytes become a live block.
    Keep(u8),
    /// `try_reserve_exact(extra)` on the vector.
    Reserve { slot: u8, extra: u16 },
    /// A block of `size % 2049` bytes between the vectors, on the arena or a handle.
    Alloc { via: u8, size: u16, align_log: u8 },
}

/// A vector of a `Vecs` operation, on the arena or on a handle.
enum Held<'a, 'h> {
    Arena(ArenaVec<'a, u8, SyncBump>),
    Local(ArenaVec<'h, u8, LocalBump<'a>>),
}

/// Runs `$body` with `$v` bound to the vector inside a `Held`, whichever arena it is on.
macro_rules! on_vec {
    ($held:expr, $v:ident => $body:expr) => {
        match $held {
            Held::Arena($v) => $body,
            Held::Local($v) => $body,
        }
    };
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Size {
    /// 0..=4096 bytes: handles serve the small ones from their blocks.
    Small(u16),
    /// 4 KiB to 256 KiB.
    Large(u32),
    /// No chunk can hold it.
    Huge(u8),
}

impl Input {
    fn run(self) {
        let mut arena = bumpkit::Bump::builder()
            .first_chunk_size(usize::from(self.first_chunk))
            .max_chunk_size(self.max_chunk as usize % (1 << 20))
            .build_sync();
        let mut model = Model::default();
        let mut ops = self.ops.iter().take(MAX_OPS).peekable();
        while ops.peek().is_some() {
            run_round(&arena, &mut ops, &mut model);
            model.live.check();
            let before = model.observe(&arena);
            arena.reset();
            model.live.clear();
            (model.most_allocated, model.last_peak) = (0, 0);
            let after = model.observe(&arena);
            assert_eq!(after.allocated_bytes, 0);
            assert_eq!(after.peak_allocated_bytes, 0);
            assert_eq!(after.chunk_count, before.chunk_count.min(1));
            assert!(after.reserved_bytes <= before.reserved_bytes);
            check_stats(after);
        }
    }
}

/// What the model knows about the arena.
#[derive(Debug, Default)]
struct Model {
    live: LiveBlocks,
    limit: Option<usize>,
    /// The most `allocated_bytes` was seen to be since the last reset.
    most_allocated: usize,
    /// The last `peak_allocated_bytes` seen.
    last_peak: usize,
}

/// Runs operations until a `Reset` or the end, with handles that all drop before returning.
fn run_round<'o>(arena: &SyncBump, ops: &mut impl Iterator<Item = &'o Op>, model: &mut Model) {
    let mut handles: [Option<LocalBump<'_>>; HANDLES] = [None, None, None];
    for op in ops {
        match op {
            Op::Alloc {
                via,
                size,
                align_log,
            } => {
                let align = 1usize << (align_log % 13);
                let (size, overflows) = match *size {
                    Size::Small(n) => (usize::from(n) % 4097, false),
                    Size::Large(n) => (4097 + n as usize % (252 << 10), false),
                    Size::Huge(k) => (
                        isize::MAX as usize - (align - 1) - usize::from(k % 16),
                        true,
                    ),
                };
                let layout = Layout::from_size_align(size, align).expect("sizes stay in range");
                let before = model.observe(arena);
                let result = match handle(arena, &mut handles, *via) {
                    Some(local) => local.try_alloc_layout(layout),
                    None => arena.try_alloc_layout(layout),
                };
                model.after_request(arena, before, layout, overflows, result);
            }
            Op::Words { via, len } => {
                let len = usize::from(*len % 2049);
                let before = model.observe(arena);
                let fill = |i: usize| (i as u32).wrapping_mul(0x9E37_79B9);
                let result = match handle(arena, &mut handles, *via) {
                    Some(local) => local.try_alloc_slice_fill_with(len, fill),
                    None => arena.try_alloc_slice_fill_with(len, fill),
                };
                if let Ok(words) = &result {
                    assert_eq!(words.len(), len);
                    assert!(words.iter().enumerate().all(|(i, &w)| w == fill(i)));
                }
                let layout = Layout::array::<u32>(len).expect("small");
                let result = result.map(|words| NonNull::from(words).cast::<u8>());
                model.after_request(arena, before, layout, false, result);
            }
            Op::DropHandle(i) => {
                let before = model.observe(arena);
                handles[usize::from(*i) % HANDLES] = None;
                let after = model.observe(arena);
                assert!(after.allocated_bytes <= before.allocated_bytes);
                assert_eq!(after.reserved_bytes, before.reserved_bytes);
                check_stats(after);
            }
            Op::Burst(a, b) => {
                let before = model.observe(arena);
                let (a, b) = std::thread::scope(|s| {
                    let a = s.spawn(|| burst(arena, a));
                    let b = s.spawn(|| burst(arena, b));
                    let join = |t: std::thread::ScopedJoinHandle<'_, _>| {
                        t.join().expect("a burst thread does not panic")
                    };
                    (join(a), join(b))
                });
                for (ptr, size) in a.into_iter().chain(b) {
                    // SAFETY: the thread got `size` bytes at `ptr` from the arena, which keeps
                    // them until it is reset; the thread has ended.
                    model.live.record(unsafe { block(ptr, size) }, 0);
                }
                let after = model.observe(arena);
                if let (Some(limit), true) = (model.limit, after.chunk_count > before.chunk_count) {
                    assert!(
                        after.reserved_bytes <= limit,
                        "passed the limit {limit}: {after:?}"
                    );
                }
                model.check_figures(after);
            }
            Op::Reset => return,
            Op::Limit(headroom) => {
                let limit = headroom.map(|h| arena.stats().reserved_bytes + usize::from(h));
                arena.set_allocation_limit(limit);
                assert_eq!(arena.allocation_limit(), limit);
                model.limit = limit;
            }
            Op::Check => model.live.check(),
            Op::Scratch {
                via,
                cap,
                len,
                keep,
            } => {
                let cap = usize::from(*cap) % 8193;
                let len = usize::from(*len) % (cap + 1);
                match handle(arena, &mut handles, *via) {
                    Some(local) => model.scratch(arena, local, cap, len, *keep),
                    None => model.scratch(arena, arena, cap, len, *keep),
                }
            }
            Op::Elsewhere {
                arenas,
                count,
                every,
            } => model.elsewhere(arena, *arenas, *count, *every),
            Op::Vecs(steps) => {
                for h in &mut handles {
                    h.get_or_insert_with(|| arena.local());
                }
                let locals = handles
                    .each_ref()
                    .map(|h| h.as_ref().expect("every handle was just made"));
                model.vecs(arena, locals, steps);
            }
        }
    }
}

/// Returns the handle `via` names (made on first use), or `None` for the arena itself.
fn handle<'h, 'a>(
    arena: &'a SyncBump,
    handles: &'h mut [Option<LocalBump<'a>>; HANDLES],
    via: u8,
) -> Option<&'h LocalBump<'a>> {
    match usize::from(via % 4) {
        0 => None,
        i => Some(handles[i - 1].get_or_insert_with(|| arena.local())),
    }
}

/// Allocates `requests` through a handle of its own (on the calling thread, which the caller
/// runs beside another), or straight on the arena (its per-thread path) for requests whose
/// `align_log` has bit 6 set, writes each block and checks it after all of them; returns the
/// blocks.
fn burst(arena: &SyncBump, requests: &[(u16, u8)]) -> Vec<(usize, usize)> {
    let local = arena.local();
    let mut blocks = Vec::new();
    for &(size, align_log) in requests.iter().take(MAX_BURST) {
        let layout =
            Layout::from_size_align(usize::from(size % 2049), 1 << (align_log % 8)).expect("small");
        if align_log & 0x80 != 0 {
            // A vector that gives its bytes back (to the handle's block, or to the arena if
            // it did not fit there) while the other thread allocates.
            let mut v = ArenaVec::new_in(&local);
            // Growing may pass a limit: then the vector stops there.
            for i in 0..layout.size() {
                if v.try_push(i as u8).is_err() {
                    break;
                }
            }
            assert!(v.iter().enumerate().all(|(i, &b)| b == i as u8));
            continue;
        }
        let result = if align_log & 0x40 != 0 {
            arena.try_alloc_layout(layout)
        } else {
            local.try_alloc_layout(layout)
        };
        let Ok(ptr) = result else {
            continue;
        };
        assert_eq!(ptr.as_ptr() as usize % layout.align(), 0);
        if layout.size() > 0 {
            // SAFETY: a fresh block of `layout.size()` bytes, ours until reset.
            unsafe { ptr.as_ptr().write_bytes(size as u8, layout.size()) };
            blocks.push((ptr.as_ptr() as usize, layout.size(), size as u8));
        }
    }
    for &(addr, size, byte) in &blocks {
        // SAFETY: as above; the other thread writing here would be an overlap.
        let bytes = unsafe { block(addr, size) };
        assert!(
            bytes.iter().all(|&b| b == byte),
            "a block changed under a burst"
        );
    }
    blocks
        .into_iter()
        .map(|(addr, size, _)| (addr, size))
        .collect()
}

/// The block of `size` bytes at `addr`.
///
/// # Safety
///
/// The arena handed out `size` bytes at `addr`, not yet released, and no other reference to
/// them is used while the slice lives.
unsafe fn block<'b>(addr: usize, size: usize) -> &'b mut [u8] {
    // SAFETY: the caller's contract.
    unsafe { core::slice::from_raw_parts_mut(addr as *mut u8, size) }
}

/// Invariants that hold for any figures.
fn check_stats(stats: Stats) {
    assert!(stats.allocated_bytes <= stats.reserved_bytes, "{stats:?}");
    assert_eq!(
        stats.reserved_bytes == 0,
        stats.chunk_count == 0,
        "{stats:?}"
    );
}

impl Model {
    fn after_request(
        &mut self,
        arena: &SyncBump,
        before: Stats,
        layout: Layout,
        overflows: bool,
        result: Result<NonNull<u8>, AllocError>,
    ) {
        let after = self.observe(arena);
        match result {
            Err(err) => {
                match err.kind() {
                    AllocErrorKind::SizeOverflow => assert!(overflows, "{err}"),
                    AllocErrorKind::LimitReached => assert!(self.limit.is_some(), "{err}"),
                    kind => panic!("unexpected {kind:?}: {err}"),
                }
                assert_eq!(after.reserved_bytes, before.reserved_bytes, "{err}");
            }
            Ok(ptr) => {
                assert!(!overflows, "{layout:?} cannot be allocated");
                assert_eq!(ptr.as_ptr() as usize % layout.align(), 0, "{layout:?}");
                if layout.size() > 0 {
                    // SAFETY: the arena handed out `layout.size()` bytes at `ptr`, kept until
                    // it is reset, when the model forgets the block.
                    self.live
                        .record(unsafe { block(ptr.as_ptr() as usize, layout.size()) }, 0);
                }
            }
        }
        if let (Some(limit), true) = (self.limit, after.chunk_count > before.chunk_count) {
            assert!(
                after.reserved_bytes <= limit,
                "passed the limit {limit}: {after:?}"
            );
        }
        self.check_figures(after);
    }

    /// Takes the arena's figures and checks that the peak covers every `allocated_bytes`
    /// seen since the last reset and never went down.
    fn observe(&mut self, arena: &SyncBump) -> Stats {
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

    /// Runs a `Scratch` operation on `on` (the arena or one of its handles).
    fn scratch<A: bumpkit::Arena>(
        &mut self,
        arena: &SyncBump,
        on: &A,
        cap: usize,
        len: usize,
        keep: bool,
    ) {
        let before = self.observe(arena);
        let Ok(mut v) = ArenaVec::<u8, A>::try_with_capacity_in(cap, on) else {
            assert!(
                self.limit.is_some(),
                "only a limit makes a small vector fail"
            );
            return;
        };
        v.resize(len, 0x5A);
        let with_vec = self.observe(arena);
        assert!(with_vec.allocated_bytes >= before.allocated_bytes);
        if keep {
            let slice = v.into_arena_slice();
            assert_eq!(slice.len(), len);
            if len > 0 {
                // Kept until the arena resets, like any block.
                self.live.record(slice, 0);
            }
        } else {
            drop(v);
        }
        let after = self.observe(arena);
        assert!(after.allocated_bytes <= with_vec.allocated_bytes);
        self.check_figures(after);
    }

    /// Runs a `Vecs` operation with the arena and its `locals`.
    fn vecs(&mut self, arena: &SyncBump, locals: [&LocalBump<'_>; HANDLES], steps: &[VecStep]) {
        let mut vecs: [Option<Held<'_, '_>>; VECS] = core::array::from_fn(|_| None);
        let mut seeds = [0u8; VECS];
        let mut next_seed = 0u8;
        for step in steps.iter().take(MAX_VEC_STEPS) {
            let before = self.observe(arena);
            let mut gives_back = false;
            match *step {
                VecStep::Grow { slot, n, bulk } => {
                    let s = usize::from(slot) % VECS;
                    let held = vecs[s].get_or_insert_with(|| {
                        seeds[s] = next_seed;
                        next_seed = next_seed.wrapping_add(1);
                        match s % 4 {
                            0 => Held::Arena(ArenaVec::new_in(arena)),
                            i => Held::Local(ArenaVec::new_in(locals[i - 1])),
                        }
                    });
                    let n = usize::from(n % 1025);
                    let result = on_vec!(held, v => grow(v, seeds[s], n, bulk));
                    self.check_growth(result);
                }
                VecStep::Shrink { slot, len, spare } => {
                    if let Some(held) = &mut vecs[usize::from(slot) % VECS] {
                        on_vec!(held, v => {
                            v.truncate(usize::from(len) % (v.len() + 1));
                            match spare {
                                0 => v.shrink_to_fit(),
                                _ => v.shrink_to(v.len() + usize::from(spare)),
                            }
                        });
                        gives_back = true;
                    }
                }
                VecStep::Free(slot) => {
                    vecs[usize::from(slot) % VECS] = None;
                    gives_back = true;
                }
                VecStep::Keep(slot) => {
                    let s = usize::from(slot) % VECS;
                    if let Some(held) = vecs[s].take() {
                        let bytes = on_vec!(held, v => v.into_arena_slice());
                        check_bytes(bytes, seeds[s]);
                        if !bytes.is_empty() {
                            // Kept until the arena resets, like any block.
                            self.live.record(bytes, 0);
                        }
                    }
                }
                VecStep::Reserve { slot, extra } => {
                    if let Some(held) = &mut vecs[usize::from(slot) % VECS] {
                        let result = on_vec!(held, v => v.try_reserve_exact(usize::from(extra)));
                        self.check_growth(result);
                    }
                }
                VecStep::Alloc {
                    via,
                    size,
                    align_log,
                } => {
                    let layout =
                        Layout::from_size_align(usize::from(size % 2049), 1 << (align_log % 8))
                            .expect("small");
                    let result = match via % 4 {
                        0 => arena.try_alloc_layout(layout),
                        i => locals[usize::from(i) - 1].try_alloc_layout(layout),
                    };
                    self.after_request(arena, before, layout, false, result);
                }
            }
            let after = self.observe(arena);
            if gives_back {
                assert!(
                    after.allocated_bytes <= before.allocated_bytes,
                    "{step:?} raised the allocated bytes: {before:?} -> {after:?}"
                );
            }
            self.check_vecs(&vecs, &seeds, after);
        }
        self.live.check();
        let before = self.observe(arena);
        drop(vecs);
        let after = self.observe(arena);
        assert!(after.allocated_bytes <= before.allocated_bytes);
        self.check_figures(after);
    }

    /// Checks the outcome of a vector's growth: only a limit makes it fail.
    fn check_growth(&self, result: Result<(), AllocError>) {
        if let Err(err) = result {
            assert_eq!(err.kind(), AllocErrorKind::LimitReached, "{err}");
            assert!(self.limit.is_some(), "{err}");
        }
    }

    /// Checks the vectors of a `Vecs` operation: their bytes, that their buffers overlap
    /// neither each other nor a live block, and that `stats` covers them and the blocks.
    fn check_vecs(&self, vecs: &[Option<Held<'_, '_>>; VECS], seeds: &[u8; VECS], stats: Stats) {
        let mut buffers = Vec::new();
        for (held, &seed) in vecs.iter().zip(seeds) {
            let Some(held) = held else { continue };
            let (start, len, cap) = on_vec!(held, v => {
                check_bytes(v, seed);
                (v.as_ptr() as usize, v.len(), v.capacity())
            });
            assert!(cap >= len);
            if cap > 0 {
                self.live.assert_disjoint(start, cap);
                buffers.push((start, cap));
            }
        }
        buffers.sort_unstable();
        for pair in buffers.windows(2) {
            assert!(
                pair[0].0 + pair[0].1 <= pair[1].0,
                "two vectors' buffers overlap: {pair:?}"
            );
        }
        let in_vecs: usize = buffers.iter().map(|&(_, cap)| cap).sum();
        assert!(
            stats.allocated_bytes >= self.live.total_size() + in_vecs,
            "{in_vecs} bytes in vectors and the live blocks do not fit in {stats:?}"
        );
        self.check_figures(stats);
    }

    /// Runs an `Elsewhere` operation.
    fn elsewhere(&mut self, arena: &SyncBump, arenas: u8, count: u8, every: u8) {
        let others: Vec<SyncBump> = (0..arenas % 7).map(|_| SyncBump::new()).collect();
        let every = usize::from(every % 4) + 1;
        for i in 0..usize::from(count % 64) {
            if !others.is_empty() {
                let other = &others[i % others.len()];
                let value = other.alloc(i as u64);
                assert_eq!(*value, i as u64);
                assert!(other.stats().allocated_bytes >= 8);
            }
            if i % every == 0 {
                let before = self.observe(arena);
                let layout = Layout::new::<u64>();
                let result = arena.try_alloc_layout(layout);
                // Records the block (with its pattern) among the live ones.
                self.after_request(arena, before, layout, false, result);
            }
        }
        self.live.check();
    }

    fn check_figures(&self, stats: Stats) {
        check_stats(stats);
        assert!(
            stats.allocated_bytes >= self.live.total_size(),
            "the live blocks do not fit in {stats:?}"
        );
    }
}

/// Byte `i` of the vector with seed `seed`.
fn vec_byte(seed: u8, i: usize) -> u8 {
    seed.wrapping_mul(101)
        .wrapping_add((i as u8).wrapping_mul(7))
        ^ (i >> 8) as u8
}

/// Appends `n` bytes of its pattern to `v`; stops at the first failure.
fn grow<A: Arena>(
    v: &mut ArenaVec<'_, u8, A>,
    seed: u8,
    n: usize,
    bulk: bool,
) -> Result<(), AllocError> {
    let from = v.len();
    if bulk {
        let bytes: Vec<u8> = (from..from + n).map(|i| vec_byte(seed, i)).collect();
        v.try_extend_from_slice(&bytes)
    } else {
        (from..from + n).try_for_each(|i| v.try_push(vec_byte(seed, i)))
    }
}

/// Checks that `bytes` hold the pattern of the vector with seed `seed`.
fn check_bytes(bytes: &[u8], seed: u8) {
    if let Some(i) = (0..bytes.len()).find(|&i| bytes[i] != vec_byte(seed, i)) {
        panic!("byte {i} of vector {seed} changed");
    }
}
