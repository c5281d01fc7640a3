//! Core allocation benchmarks: one group per operation, every peer in the same group.
//!
//! One iteration makes 1000 allocations and then frees them together (`reset` for the arenas,
//! dropping the batch for the heap); arenas live across iterations, so getting chunks from the
//! global allocator is amortised away and the groups measure the allocation fast path.
//!
//! Peers: bumpkit, bumpalo, bump-scope, blink-alloc (`Blink` over its default `BlinkAlloc`),
//! the system allocator (`Box`/`String`, kept alive in a reused `Vec` until the batch is
//! dropped) and `floor`, a minimal hand-written bump over a preallocated buffer.
//!
//! ```sh
//! cargo bench --bench core -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! With `BUMPKIT_DRIVE=<group>/<peer>` set, the binary instead runs that workload a fixed
//! 1000 times and exits, for instruction counts that the shared machine's noise cannot
//! touch:
//!
//! ```sh
//! BUMPKIT_DRIVE=u64/bumpkit valgrind --tool=callgrind \
//!     --toggle-collect='core::drive_*' target/release/deps/core-<hash>
//! ```

use std::cell::Cell;
use std::hint::black_box;

use criterion::{BenchmarkGroup, Criterion, Throughput, measurement::WallTime};

/// Allocations per iteration.
const BATCH: usize = 1000;

/// The 48-byte value of the `struct48` group.
#[derive(Clone, Copy)]
#[expect(
    dead_code,
    reason = "the fields are written, never read: the stores are the cost"
)]
struct Struct48 {
    fields: [u64; 6],
}

impl Struct48 {
    fn new(seed: u64) -> Self {
        Self {
            fields: [seed, seed ^ 1, seed ^ 2, seed ^ 3, seed ^ 4, seed ^ 5],
        }
    }
}

/// The source of the `slice16` group.
const WORDS: [u64; 16] = [
    1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597,
];

/// The source of the `str31` group: 31 bytes.
const TEXT: &str = "a thirty-one byte string, yes!!";

/// What every arena peer offers: the four operations and a batch reset.
#[expect(
    clippy::mut_from_ref,
    reason = "arenas hand out fresh blocks through `&self`"
)]
trait ArenaPeer: Default {
    fn alloc_u64(&self, value: u64) -> &mut u64;
    fn alloc_struct(&self, value: Struct48) -> &mut Struct48;
    fn copy_words<'a>(&'a self, words: &[u64]) -> &'a mut [u64];
    fn copy_str<'a>(&'a self, text: &str) -> &'a mut str;
    fn reset(&mut self);
}

impl ArenaPeer for bumpkit::Bump {
    #[inline(always)]
    fn alloc_u64(&self, value: u64) -> &mut u64 {
        self.alloc(value)
    }
    #[inline(always)]
    fn alloc_struct(&self, value: Struct48) -> &mut Struct48 {
        self.alloc(value)
    }
    #[inline(always)]
    fn copy_words<'a>(&'a self, words: &[u64]) -> &'a mut [u64] {
        self.alloc_slice_copy(words)
    }
    #[inline(always)]
    fn copy_str<'a>(&'a self, text: &str) -> &'a mut str {
        self.alloc_str(text)
    }
    fn reset(&mut self) {
        bumpkit::Bump::reset(self);
    }
}

impl ArenaPeer for bumpalo::Bump {
    #[inline(always)]
    fn alloc_u64(&self, value: u64) -> &mut u64 {
        self.alloc(value)
    }
    #[inline(always)]
    fn alloc_struct(&self, value: Struct48) -> &mut Struct48 {
        self.alloc(value)
    }
    #[inline(always)]
    fn copy_words<'a>(&'a self, words: &[u64]) -> &'a mut [u64] {
        self.alloc_slice_copy(words)
    }
    #[inline(always)]
    fn copy_str<'a>(&'a self, text: &str) -> &'a mut str {
        self.alloc_str(text)
    }
    fn reset(&mut self) {
        bumpalo::Bump::reset(self);
    }
}

impl ArenaPeer for bump_scope::Bump {
    #[inline(always)]
    fn alloc_u64(&self, value: u64) -> &mut u64 {
        self.alloc(value).into_mut()
    }
    #[inline(always)]
    fn alloc_struct(&self, value: Struct48) -> &mut Struct48 {
        self.alloc(value).into_mut()
    }
    #[inline(always)]
    fn copy_words<'a>(&'a self, words: &[u64]) -> &'a mut [u64] {
        self.alloc_slice_copy(words).into_mut()
    }
    #[inline(always)]
    fn copy_str<'a>(&'a self, text: &str) -> &'a mut str {
        self.alloc_str(text).into_mut()
    }
    fn reset(&mut self) {
        bump_scope::Bump::reset(self);
    }
}

impl ArenaPeer for blink_alloc::Blink {
    #[inline(always)]
    fn alloc_u64(&self, value: u64) -> &mut u64 {
        self.put_no_drop(value)
    }
    #[inline(always)]
    fn alloc_struct(&self, value: Struct48) -> &mut Struct48 {
        self.put_no_drop(value)
    }
    #[inline(always)]
    fn copy_words<'a>(&'a self, words: &[u64]) -> &'a mut [u64] {
        self.copy_slice(words)
    }
    #[inline(always)]
    fn copy_str<'a>(&'a self, text: &str) -> &'a mut str {
        blink_alloc::Blink::copy_str(self, text)
    }
    fn reset(&mut self) {
        blink_alloc::Blink::reset(self);
    }
}

/// The floor: the least a bump allocator can do (align up, compare, add) over one
/// preallocated buffer that is big enough for a whole batch.
struct Floor {
    // Invariants:
    // - [in-buffer] `start <= pos <= end`, all in (or one past) `buffer`'s allocation.
    buffer: Box<[u64]>,
    pos: Cell<usize>,
    end: usize,
}

impl Default for Floor {
    fn default() -> Self {
        // The largest batch (1000 slices of 128 bytes) fits, with room to spare.
        let buffer = vec![0u64; 32 << 10].into_boxed_slice();
        let start = buffer.as_ptr().addr();
        Self {
            end: start + buffer.len() * size_of::<u64>(),
            pos: Cell::new(start),
            buffer,
        }
    }
}

impl Floor {
    #[inline(always)]
    fn bump<T>(&self, len: usize) -> *mut T {
        let start = (self.pos.get() + align_of::<T>() - 1) & !(align_of::<T>() - 1);
        let new_pos = start + len * size_of::<T>();
        if new_pos > self.end {
            floor_exhausted();
        }
        // INVARIANT: [in-buffer] `new_pos <= end` was just checked.
        self.pos.set(new_pos);
        self.buffer
            .as_ptr()
            .cast::<u8>()
            .cast_mut()
            .with_addr(start)
            .cast()
    }
}

#[cold]
#[inline(never)]
fn floor_exhausted() -> ! {
    panic!("the floor's buffer is too small for the batch")
}

impl ArenaPeer for Floor {
    #[inline(always)]
    fn alloc_u64(&self, value: u64) -> &mut u64 {
        let ptr = self.bump::<u64>(1);
        // SAFETY: `bump` returned an aligned block for one `u64` inside the buffer that no
        // other call hands out until `reset` (`&mut self`) ([in-buffer]).
        unsafe {
            ptr.write(value);
            &mut *ptr
        }
    }
    #[inline(always)]
    fn alloc_struct(&self, value: Struct48) -> &mut Struct48 {
        let ptr = self.bump::<Struct48>(1);
        // SAFETY: as in `alloc_u64`, for one `Struct48`.
        unsafe {
            ptr.write(value);
            &mut *ptr
        }
    }
    #[inline(always)]
    fn copy_words<'a>(&'a self, words: &[u64]) -> &'a mut [u64] {
        let ptr = self.bump::<u64>(words.len());
        // SAFETY: as in `alloc_u64`, for `words.len()` values; a fresh block cannot overlap
        // `words`.
        unsafe {
            ptr.copy_from_nonoverlapping(words.as_ptr(), words.len());
            std::slice::from_raw_parts_mut(ptr, words.len())
        }
    }
    #[inline(always)]
    fn copy_str<'a>(&'a self, text: &str) -> &'a mut str {
        let ptr = self.bump::<u8>(text.len());
        // SAFETY: as in `copy_words`; the bytes are a copy of a `str`, hence UTF-8.
        unsafe {
            ptr.copy_from_nonoverlapping(text.as_ptr(), text.len());
            std::str::from_utf8_unchecked_mut(std::slice::from_raw_parts_mut(ptr, text.len()))
        }
    }
    fn reset(&mut self) {
        self.pos.set(self.buffer.as_ptr().addr());
    }
}

/// The heap peer: each value is boxed on the system allocator and kept in a reused `Vec`
/// until the batch is dropped, so that 1000 values are alive at once as in the arenas.
#[derive(Default)]
#[expect(
    clippy::vec_box,
    reason = "one heap allocation per value is what is measured"
)]
struct Heap {
    u64s: Vec<Box<u64>>,
    structs: Vec<Box<Struct48>>,
    words: Vec<Box<[u64]>>,
    strings: Vec<String>,
}

/// One batch of each operation, generic over the arena peers.
#[inline(never)]
fn drive_u64<A: ArenaPeer>(arena: &mut A) {
    for i in 0..BATCH {
        black_box(arena.alloc_u64(black_box(i as u64)));
    }
    arena.reset();
}

#[inline(never)]
fn drive_struct48<A: ArenaPeer>(arena: &mut A) {
    for i in 0..BATCH {
        black_box(arena.alloc_struct(Struct48::new(black_box(i as u64))));
    }
    arena.reset();
}

#[inline(never)]
fn drive_slice16<A: ArenaPeer>(arena: &mut A) {
    for _ in 0..BATCH {
        black_box(arena.copy_words(black_box(&WORDS)));
    }
    arena.reset();
}

#[inline(never)]
fn drive_str31<A: ArenaPeer>(arena: &mut A) {
    for _ in 0..BATCH {
        black_box(arena.copy_str(black_box(TEXT)));
    }
    arena.reset();
}

/// The same batches on the heap.
#[inline(never)]
fn drive_heap_u64(heap: &mut Heap) {
    for i in 0..BATCH {
        heap.u64s.push(black_box(Box::new(black_box(i as u64))));
    }
    heap.u64s.clear();
}

#[inline(never)]
fn drive_heap_struct48(heap: &mut Heap) {
    for i in 0..BATCH {
        let value = Struct48::new(black_box(i as u64));
        heap.structs.push(black_box(Box::new(value)));
    }
    heap.structs.clear();
}

#[inline(never)]
fn drive_heap_slice16(heap: &mut Heap) {
    for _ in 0..BATCH {
        let words: Box<[u64]> = Box::from(black_box(&WORDS[..]));
        heap.words.push(black_box(words));
    }
    heap.words.clear();
}

#[inline(never)]
fn drive_heap_str31(heap: &mut Heap) {
    for _ in 0..BATCH {
        heap.strings.push(black_box(String::from(black_box(TEXT))));
    }
    heap.strings.clear();
}

/// A peer as the groups see it: one batch of each operation.
trait Peer: Default {
    fn batch_u64(&mut self);
    fn batch_struct48(&mut self);
    fn batch_slice16(&mut self);
    fn batch_str31(&mut self);
}

impl<A: ArenaPeer> Peer for A {
    fn batch_u64(&mut self) {
        drive_u64(self);
    }
    fn batch_struct48(&mut self) {
        drive_struct48(self);
    }
    fn batch_slice16(&mut self) {
        drive_slice16(self);
    }
    fn batch_str31(&mut self) {
        drive_str31(self);
    }
}

impl Peer for Heap {
    fn batch_u64(&mut self) {
        drive_heap_u64(self);
    }
    fn batch_struct48(&mut self) {
        drive_heap_struct48(self);
    }
    fn batch_slice16(&mut self) {
        drive_heap_slice16(self);
    }
    fn batch_str31(&mut self) {
        drive_heap_str31(self);
    }
}

/// The groups, in report order.
const GROUPS: [&str; 4] = ["u64", "struct48", "slice16", "str31"];

/// Returns `group`'s batch for peer type `P`.
fn batch<P: Peer>(group: &str) -> fn(&mut P) {
    match group {
        "u64" => P::batch_u64,
        "struct48" => P::batch_struct48,
        "slice16" => P::batch_slice16,
        "str31" => P::batch_str31,
        other => panic!("unknown group {other:?}; groups are {GROUPS:?}"),
    }
}

fn bench_peer<P: Peer>(group: &mut BenchmarkGroup<'_, WallTime>, group_name: &str, peer: &str) {
    let run = batch::<P>(group_name);
    let mut state = P::default();
    group.bench_function(peer, |b| b.iter(|| run(&mut state)));
}

/// Runs `group` 1000 times on `P` (the callgrind driver).
fn drive<P: Peer>(group: &str) {
    let run = batch::<P>(group);
    let mut state = P::default();
    for _ in 0..1000 {
        run(black_box(&mut state));
    }
}

fn main() {
    if let Ok(target) = std::env::var("BUMPKIT_DRIVE") {
        let (group, peer) = target
            .split_once('/')
            .expect("BUMPKIT_DRIVE is <group>/<peer>");
        match peer {
            "bumpkit" => drive::<bumpkit::Bump>(group),
            "bumpalo" => drive::<bumpalo::Bump>(group),
            "bump-scope" => drive::<bump_scope::Bump>(group),
            "blink-alloc" => drive::<blink_alloc::Blink>(group),
            "system" => drive::<Heap>(group),
            "floor" => drive::<Floor>(group),
            other => panic!("unknown peer {other:?}"),
        }
        return;
    }
    let mut criterion = Criterion::default().configure_from_args();
    for name in GROUPS {
        let mut group = criterion.benchmark_group(name);
        group.throughput(Throughput::Elements(BATCH as u64));
        bench_peer::<bumpkit::Bump>(&mut group, name, "bumpkit");
        bench_peer::<bumpalo::Bump>(&mut group, name, "bumpalo");
        bench_peer::<bump_scope::Bump>(&mut group, name, "bump-scope");
        bench_peer::<blink_alloc::Blink>(&mut group, name, "blink-alloc");
        bench_peer::<Heap>(&mut group, name, "system");
        bench_peer::<Floor>(&mut group, name, "floor");
        group.finish();
    }
    criterion.final_summary();
}
