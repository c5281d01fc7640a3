//! The `allocator_api` model: the `allocator_api2::alloc::Allocator` impls of `&Bump`,
//! `&SyncBump` and `&LocalBump`, driven directly, checked against a model of every live block.
//!
//! The operations are what a collection may ask of an allocator, in any order: `allocate` and
//! `allocate_zeroed` of 0 B to 64 KiB at alignments 1 to 4096, `deallocate` of any live block
//! (not only the newest), and `grow`, `grow_zeroed` and `shrink` of any live block to a new
//! size with a new alignment (stricter or looser). On a `Bump`, they also run inside nested
//! `scope_guard`s, on blocks from before the scope as well as from inside it.
//!
//! After every operation it checks what the `Allocator` contract and bumpkit's docs promise:
//! - every block is aligned to its layout and exactly its layout's size;
//! - no two live blocks overlap;
//! - every live block's bytes are intact: each byte keeps the pattern written when it was
//!   allocated (or grown), a grown block starts with the old block's bytes, a shrunk one
//!   keeps its first bytes;
//! - `allocate_zeroed` gives zeroes, `grow_zeroed` zeroes exactly the new tail;
//! - inside a scope, a block from before it never grows in place (the checkpoint is a floor),
//!   a shrink that keeps its place keeps the block past the scope, and closing a scope brings
//!   `allocated_bytes` back to its value when the scope opened.
//!
//! This file is shared: the `allocator_api` fuzz target runs it under libFuzzer, and
//! `tests/fuzz_corpus_replay.rs` replays the committed corpus through it on stable.

use core::alloc::Layout;
use core::ptr::NonNull;

use allocator_api2::alloc::Allocator;
use arbitrary::{Arbitrary, Unstructured};
use bumpkit::{Bump, BumpScope};

use crate::blocks::{fill_pattern, first_changed};

/// Operations after this many are ignored, to keep one input fast.
const MAX_OPS: usize = 1024;
/// Deepest scope nesting the model opens.
const MAX_DEPTH: usize = 16;
/// Most live blocks the model keeps; allocations past it are skipped.
const MAX_BLOCKS: usize = 64;
/// Most bytes the live blocks may hold; requests past it are skipped.
const MAX_LIVE_BYTES: usize = 512 << 10;

/// Runs one fuzz input: the arena, then the operations.
pub fn run(data: &[u8]) {
    let u = Unstructured::new(data);
    if let Ok(input) = Input::arbitrary_take_rest(u) {
        input.run();
    }
}

/// A whole fuzz input.
#[derive(Arbitrary, Debug)]
struct Input {
    arena: ArenaKind,
    /// The first chunk's size, so that small inputs cross chunk boundaries.
    first_chunk: u16,
    ops: Vec<Op>,
}

/// Which allocator the operations go to.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum ArenaKind {
    /// `&Bump`, with scopes.
    Bump,
    /// `&SyncBump`.
    Sync,
    /// `&LocalBump` of a `SyncBump`.
    Local,
}

/// One request to the allocator.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Op {
    /// `allocate` (or `allocate_zeroed`).
    Alloc {
        size: Size,
        align_log: u8,
        zeroed: bool,
    },
    /// `deallocate` of the live block `pick % len`.
    Dealloc { pick: u16 },
    /// `grow` (or `grow_zeroed`) of the live block `pick % len` by `extra`, to alignment
    /// `1 << (align_log % 13)`.
    Grow {
        pick: u16,
        extra: Size,
        align_log: u8,
        zeroed: bool,
    },
    /// `shrink` of the live block `pick % len` by `less % (size + 1)` bytes, to alignment
    /// `1 << (align_log % 13)`.
    Shrink { pick: u16, less: u16, align_log: u8 },
    /// Opens a nested `scope_guard` (`Bump` only).
    Enter,
    /// Closes the innermost scope (`Bump` only).
    Exit,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Size {
    /// 0..=512 bytes.
    Small(u16),
    /// 0..=64 KiB: a chunk of its own at times.
    Large(u16),
}

impl Size {
    fn bytes(self) -> usize {
        match self {
            Self::Small(n) => usize::from(n) % 513,
            Self::Large(n) => usize::from(n),
        }
    }
}

/// A live block as the model knows it.
#[derive(Debug, Clone, Copy)]
struct Block {
    ptr: NonNull<u8>,
    layout: Layout,
    /// Selects the byte pattern.
    id: u32,
    /// The scope depth whose exit ends it.
    depth: usize,
}

/// Returns the new alignment an operation asks for.
fn align_for(align_log: u8) -> usize {
    1 << (align_log % 13)
}

/// What the model knows about the allocator.
#[derive(Debug, Default)]
struct Model {
    blocks: Vec<Block>,
    next_id: u32,
    depth: usize,
}

/// An arena level of a `Bump`: the arena itself, or an open scope of it.
trait Level {
    fn arena(&self) -> &Bump;
    fn nest(&mut self) -> BumpScope<'_>;
}

impl Level for Bump {
    fn arena(&self) -> &Bump {
        self
    }
    fn nest(&mut self) -> BumpScope<'_> {
        self.scope_guard()
    }
}

impl Level for BumpScope<'_> {
    fn arena(&self) -> &Bump {
        self
    }
    fn nest(&mut self) -> BumpScope<'_> {
        self.scope_guard()
    }
}

impl Input {
    fn run(self) {
        let first = usize::from(self.first_chunk);
        let builder = Bump::builder()
            .first_chunk_size(first)
            .max_chunk_size(64 << 10);
        let mut model = Model::default();
        let mut ops = self.ops.iter().copied().take(MAX_OPS);
        match self.arena {
            ArenaKind::Bump => {
                let mut bump = builder.build();
                run_level(&mut bump, &mut ops, &mut model);
                model.check();
            }
            ArenaKind::Sync => {
                let sync = builder.build_sync();
                for op in ops {
                    model.apply(&sync, op, false);
                }
                model.check();
            }
            ArenaKind::Local => {
                let sync = builder.build_sync();
                let local = sync.local();
                for op in ops {
                    model.apply(&local, op, false);
                }
                model.check();
            }
        }
    }
}

/// Runs operations on `level` until they run out (`true`) or an `Exit` closes it (`false`).
fn run_level<L: Level>(
    level: &mut L,
    ops: &mut impl Iterator<Item = Op>,
    model: &mut Model,
) -> bool {
    while let Some(op) = ops.next() {
        match op {
            Op::Enter if model.depth < MAX_DEPTH => {
                let entry = level.arena().stats().allocated_bytes;
                let mut scope = level.nest();
                model.depth += 1;
                let end = run_level(&mut scope, ops, model);
                drop(scope);
                model.depth -= 1;
                let depth = model.depth;
                model.blocks.retain(|b| b.depth <= depth);
                model.check();
                assert_eq!(
                    level.arena().stats().allocated_bytes,
                    entry,
                    "a scope rewinds to where it opened"
                );
                if end {
                    return true;
                }
            }
            Op::Exit if model.depth > 0 => return false,
            Op::Enter | Op::Exit => {}
            op => model.apply(level.arena(), op, true),
        }
    }
    true
}

impl Model {
    /// Applies one allocator operation through `alloc` and checks every live block after it.
    /// `floor`: the allocator is a `Bump`'s, whose scopes make the checkpoint a floor.
    fn apply<A: Allocator>(&mut self, alloc: A, op: Op, floor: bool) {
        match op {
            Op::Alloc {
                size,
                align_log,
                zeroed,
            } => self.alloc(alloc, size.bytes(), align_for(align_log), zeroed),
            Op::Dealloc { pick } => {
                let Some(i) = self.pick(pick) else { return };
                let block = self.blocks.swap_remove(i);
                // SAFETY: the block is live, allocated by this allocator (or one of its
                // copies: the arena, or a scope of it, is the same) with `block.layout`, and
                // the model drops it.
                unsafe { alloc.deallocate(block.ptr, block.layout) };
            }
            Op::Grow {
                pick,
                extra,
                align_log,
                zeroed,
            } => self.grow(
                alloc,
                pick,
                extra.bytes(),
                align_for(align_log),
                zeroed,
                floor,
            ),
            Op::Shrink {
                pick,
                less,
                align_log,
            } => self.shrink(alloc, pick, less, align_for(align_log)),
            Op::Enter | Op::Exit => {}
        }
        self.check();
    }

    fn pick(&self, pick: u16) -> Option<usize> {
        (!self.blocks.is_empty()).then(|| usize::from(pick) % self.blocks.len())
    }

    fn live_bytes(&self) -> usize {
        self.blocks.iter().map(|b| b.layout.size()).sum()
    }

    fn alloc<A: Allocator>(&mut self, alloc: A, size: usize, align: usize, zeroed: bool) {
        if self.blocks.len() >= MAX_BLOCKS || self.live_bytes() + size > MAX_LIVE_BYTES {
            return;
        }
        let layout = Layout::from_size_align(size, align).expect("small sizes");
        let result = if zeroed {
            alloc.allocate_zeroed(layout)
        } else {
            alloc.allocate(layout)
        };
        let slice = result.expect("no limit is set, so allocation succeeds");
        assert_eq!(slice.len(), size, "a block is exactly its layout's size");
        let ptr = slice.cast::<u8>();
        if zeroed {
            // SAFETY: the allocator handed out `size` bytes at `ptr`, zeroed.
            let bytes = unsafe { core::slice::from_raw_parts(ptr.as_ptr(), size) };
            assert!(
                bytes.iter().all(|&b| b == 0),
                "allocate_zeroed is not zeroed"
            );
        }
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        let block = Block {
            ptr,
            layout,
            id,
            depth: self.depth,
        };
        self.record(block, 0);
    }

    fn grow<A: Allocator>(
        &mut self,
        alloc: A,
        pick: u16,
        extra: usize,
        align: usize,
        zeroed: bool,
        floor: bool,
    ) {
        let Some(i) = self.pick(pick) else { return };
        if self.live_bytes() + extra > MAX_LIVE_BYTES {
            return;
        }
        let old = self.blocks[i];
        let new = Layout::from_size_align(old.layout.size() + extra, align).expect("small sizes");
        let result = if zeroed {
            // SAFETY: the block is live, allocated by this allocator with `old.layout`, and
            // `new` is at least as large; the model replaces it with the result.
            unsafe { alloc.grow_zeroed(old.ptr, old.layout, new) }
        } else {
            // SAFETY: as above.
            unsafe { alloc.grow(old.ptr, old.layout, new) }
        };
        let slice = result.expect("no limit is set, so growing succeeds");
        assert_eq!(
            slice.len(),
            new.size(),
            "a block is exactly its layout's size"
        );
        let ptr = slice.cast::<u8>();
        if floor && ptr == old.ptr && old.layout.size() != 0 && new.size() > old.layout.size() {
            assert_eq!(
                old.depth, self.depth,
                "a block from before a scope grew in place over the scope's memory"
            );
        }
        self.blocks.swap_remove(i);
        // SAFETY: the grown block is `new.size()` bytes at `ptr`.
        let bytes = unsafe { core::slice::from_raw_parts(ptr.as_ptr(), new.size()) };
        let kept = old.layout.size();
        if let Some(at) = first_changed(&bytes[..kept], old.id) {
            panic!("grow lost byte {at} of {kept}: {:#x} at {ptr:p}", bytes[at]);
        }
        if zeroed {
            assert!(
                bytes[kept..].iter().all(|&b| b == 0),
                "grow_zeroed left a non-zero byte in the new tail"
            );
        }
        let block = Block {
            ptr,
            layout: new,
            id: old.id,
            depth: self.depth,
        };
        self.record(block, kept);
    }

    fn shrink<A: Allocator>(&mut self, alloc: A, pick: u16, less: u16, align: usize) {
        let Some(i) = self.pick(pick) else { return };
        let old = self.blocks[i];
        let size = old.layout.size() - usize::from(less) % (old.layout.size() + 1);
        let new = Layout::from_size_align(size, align).expect("small sizes");
        // SAFETY: the block is live, allocated by this allocator with `old.layout`, and `new`
        // is no larger; the model replaces it with the result.
        let result = unsafe { alloc.shrink(old.ptr, old.layout, new) };
        let slice = result.expect("no limit is set, so shrinking succeeds");
        assert_eq!(slice.len(), size, "a block is exactly its layout's size");
        let ptr = slice.cast::<u8>();
        self.blocks.swap_remove(i);
        // SAFETY: the shrunk block is `size` bytes at `ptr`.
        let bytes = unsafe { core::slice::from_raw_parts(ptr.as_ptr(), size) };
        if let Some(at) = first_changed(bytes, old.id) {
            panic!(
                "shrink lost byte {at} of {size}: {:#x} at {ptr:p}",
                bytes[at]
            );
        }
        // A shrink in place keeps a block from before a scope past it; a moved one is new.
        let depth = if ptr == old.ptr {
            old.depth
        } else {
            self.depth
        };
        let block = Block {
            ptr,
            layout: new,
            id: old.id,
            depth,
        };
        self.record(block, size);
    }

    /// Adds `block`, whose first `filled` bytes already hold its pattern: checks alignment
    /// and overlap, then writes the pattern over the rest.
    fn record(&mut self, block: Block, filled: usize) {
        let (start, size) = (block.ptr.as_ptr() as usize, block.layout.size());
        assert_eq!(
            start % block.layout.align(),
            0,
            "misaligned {:?}",
            block.layout
        );
        if size != 0 {
            for other in self.blocks.iter().filter(|b| b.layout.size() != 0) {
                let other_start = other.ptr.as_ptr() as usize;
                assert!(
                    start + size <= other_start || other_start + other.layout.size() <= start,
                    "{size} bytes at {start:#x} overlap {} bytes at {other_start:#x}",
                    other.layout.size()
                );
            }
            // SAFETY: the allocator handed out `size` writable bytes at `ptr`, and the model
            // holds no other reference into them.
            let bytes = unsafe { core::slice::from_raw_parts_mut(block.ptr.as_ptr(), size) };
            fill_pattern(bytes, block.id, filled);
        }
        self.blocks.push(block);
    }

    /// Checks every live block's pattern.
    fn check(&self) {
        for block in &self.blocks {
            let size = block.layout.size();
            // SAFETY: live blocks stay valid until the model drops them (deallocation, a
            // resize, or the end of their scope); nothing else writes to them.
            let bytes = unsafe { core::slice::from_raw_parts(block.ptr.as_ptr(), size) };
            if let Some(at) = first_changed(bytes, block.id) {
                panic!(
                    "block {} ({size} bytes at {:p}) changed at byte {at}",
                    block.id, block.ptr
                );
            }
        }
    }
}
