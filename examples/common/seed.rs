//! The seed workloads: the Go original's benchmarks (shared/BASELINE.md), for every peer.
//!
//! Shared by `benches/seed.rs` (criterion) and `examples/report.rs` (the report), so both
//! measure exactly the same code. The single-op workloads make [`BATCH`] allocations per
//! call and then free them together (the Go loops never reset; resetting every 1000 keeps
//! memory bounded while still amortising chunk refills). The stress workloads make the eight
//! allocations of BASELINE.md per call, then reset (arenas) or drop them (heap).

use std::alloc::GlobalAlloc;
use std::hint::black_box;
use std::ptr::NonNull;

use allocator_api2::alloc::{AllocError, Allocator, Layout};

/// Allocations per call of a single-op workload.
pub(crate) const BATCH: usize = 1000;

/// The 31-byte string of `bump_make_string`.
pub(crate) const TEXT31: &str = "a thirty-one byte string, yes!!";

/// The string of the stress body's last step.
pub(crate) const STRESS_TEXT: &str = "various sizes test";

/// Go's `struct{A, B int}` of `bump_make_object`.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Pair {
    a: i64,
    b: i64,
}

/// The struct of the stress body's fourth step: `{ a: i64, b: &str, c: [i64; 10] }`.
#[derive(Clone, Copy, Debug, Default)]
#[expect(dead_code, reason = "written, never read: the stores are the cost")]
pub(crate) struct Record {
    a: i64,
    b: &'static str,
    c: [i64; 10],
}

/// The Go benchmark's float (not meant as pi).
#[expect(clippy::approx_constant, reason = "the Go benchmark's literal")]
const FLOAT: f64 = 3.14159;

/// One of the Go benchmarks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Workload {
    Alloc,
    MakeSlice,
    MakeObject,
    MakeString,
    BumpStress,
    HeapStress,
}

impl Workload {
    /// Every workload, in the Go original's order.
    pub(crate) const ALL: [Self; 6] = [
        Self::Alloc,
        Self::MakeSlice,
        Self::MakeObject,
        Self::MakeString,
        Self::BumpStress,
        Self::HeapStress,
    ];

    /// The benchmark's name (the Go name in snake case).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Alloc => "bump_alloc",
            Self::MakeSlice => "bump_make_slice",
            Self::MakeObject => "bump_make_object",
            Self::MakeString => "bump_make_string",
            Self::BumpStress => "bump_allocator_stress",
            Self::HeapStress => "heap_allocator_stress",
        }
    }

    /// Go operations done by one call.
    pub(crate) fn ops_per_call(self) -> u64 {
        match self {
            Self::BumpStress | Self::HeapStress => 1,
            _ => BATCH as u64,
        }
    }

    /// The peers of this workload: the stress test is split as in Go, arenas in
    /// `bump_allocator_stress`, heaps in `heap_allocator_stress`; the single-op workloads
    /// run on all of them.
    pub(crate) fn peers(self) -> &'static [PeerKind] {
        match self {
            Self::BumpStress => &PeerKind::ARENAS,
            Self::HeapStress => &PeerKind::HEAPS,
            _ => &PeerKind::ALL,
        }
    }

    /// Runs the workload `calls` times on `peer`.
    #[inline(always)]
    pub(crate) fn run<P: SeedPeer>(self, peer: &mut P, calls: u64) {
        match self {
            Self::Alloc => (0..calls).for_each(|_| black_box(&mut *peer).alloc()),
            Self::MakeSlice => (0..calls).for_each(|_| black_box(&mut *peer).make_slice()),
            Self::MakeObject => (0..calls).for_each(|_| black_box(&mut *peer).make_object()),
            Self::MakeString => (0..calls).for_each(|_| black_box(&mut *peer).make_string()),
            Self::BumpStress | Self::HeapStress => {
                (0..calls).for_each(|_| black_box(&mut *peer).stress());
            }
        }
    }
}

/// The allocators compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PeerKind {
    Bumpkit,
    Bumpalo,
    BumpScope,
    System,
    Mimalloc,
}

impl PeerKind {
    pub(crate) const ALL: [Self; 5] = [
        Self::Bumpkit,
        Self::Bumpalo,
        Self::BumpScope,
        Self::System,
        Self::Mimalloc,
    ];
    pub(crate) const ARENAS: [Self; 3] = [Self::Bumpkit, Self::Bumpalo, Self::BumpScope];
    pub(crate) const HEAPS: [Self; 2] = [Self::System, Self::Mimalloc];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Bumpkit => "bumpkit",
            Self::Bumpalo => "bumpalo",
            Self::BumpScope => "bump-scope",
            Self::System => "system",
            Self::Mimalloc => "mimalloc",
        }
    }
}

/// A peer as the workloads see it. Each method is one call of a workload; all are
/// `#[inline(never)]`, so every peer pays the same call overhead.
pub(crate) trait SeedPeer {
    /// [`BATCH`] times `Alloc[int]` and a store, then free them.
    fn alloc(&mut self);
    /// [`BATCH`] times `MakeSlice[int](a, 10, 10)` and `s[0] = i`, then free them.
    fn make_slice(&mut self);
    /// [`BATCH`] times `MakeObject[struct{A, B int}]` and set both, then free them.
    fn make_object(&mut self);
    /// [`BATCH`] times `MakeString` of a 31-byte string, then free them.
    fn make_string(&mut self);
    /// The eight allocations of the stress body, then reset (arenas) or drop (heap).
    fn stress(&mut self);
}

/// A value the optimiser cannot see through.
#[inline(always)]
fn opaque<T>(value: T) -> T {
    black_box(value)
}

/// The 100 bytes of the stress body's seventh step, `j % 256` for `j` in `0..100`, counted
/// in `u8` by every peer alike (an index converted per byte costs more than the allocation).
fn stress_bytes() -> std::ops::Range<u8> {
    0..100
}

impl SeedPeer for bumpkit::Bump {
    #[inline(never)]
    fn alloc(&mut self) {
        for i in 0..BATCH {
            black_box(bumpkit::Bump::alloc(self, opaque(i as i64)));
        }
        self.reset();
    }

    #[inline(never)]
    fn make_slice(&mut self) {
        for i in 0..BATCH {
            let mut slice = bumpkit::Bump::make_slice::<i64>(self, 10, 10);
            slice[0] = opaque(i as i64);
            black_box(slice.into_arena_slice());
        }
        self.reset();
    }

    #[inline(never)]
    fn make_object(&mut self) {
        for i in 0..BATCH {
            let (a, b) = opaque((i as i64, !(i as i64)));
            let pair = bumpkit::Bump::make_object::<Pair>(self);
            (pair.a, pair.b) = (a, b);
            black_box(pair);
        }
        self.reset();
    }

    #[inline(never)]
    fn make_string(&mut self) {
        for _ in 0..BATCH {
            black_box(bumpkit::Bump::make_string(self, opaque(TEXT31)));
        }
        self.reset();
    }

    #[inline(never)]
    fn stress(&mut self) {
        {
            let bump = &*self;
            black_box(bump.alloc(42i64));
            black_box(bump.alloc(123_456_789i64));
            black_box(bump.alloc(FLOAT));
            let record = bump.make_object::<Record>();
            (record.a, record.b) = (1, "test");
            black_box(record);
            let mut ints = bump.make_slice::<i64>(5, 10);
            ints.iter_mut().zip(0..).for_each(|(x, j)| *x = j);
            black_box(&mut ints);
            let mut words = bump.make_slice::<&str>(3, 5);
            (words[0], words[1]) = ("hello", "world");
            black_box(&mut words);
            let mut bytes = bump.make_slice::<u8>(100, 200);
            bytes
                .iter_mut()
                .zip(stress_bytes())
                .for_each(|(x, j)| *x = j);
            black_box(&mut bytes);
            black_box(bump.make_string(STRESS_TEXT));
        }
        self.reset();
    }
}

impl SeedPeer for bumpalo::Bump {
    #[inline(never)]
    fn alloc(&mut self) {
        for i in 0..BATCH {
            black_box(bumpalo::Bump::alloc(self, opaque(i as i64)));
        }
        self.reset();
    }

    #[inline(never)]
    fn make_slice(&mut self) {
        for i in 0..BATCH {
            let slice = self.alloc_slice_fill_copy(10, 0i64);
            slice[0] = opaque(i as i64);
            black_box(slice);
        }
        self.reset();
    }

    #[inline(never)]
    fn make_object(&mut self) {
        for i in 0..BATCH {
            let (a, b) = opaque((i as i64, !(i as i64)));
            let pair = bumpalo::Bump::alloc(self, Pair::default());
            (pair.a, pair.b) = (a, b);
            black_box(pair);
        }
        self.reset();
    }

    #[inline(never)]
    fn make_string(&mut self) {
        for _ in 0..BATCH {
            black_box(self.alloc_str(opaque(TEXT31)));
        }
        self.reset();
    }

    #[inline(never)]
    fn stress(&mut self) {
        {
            use bumpalo::collections::Vec;
            let bump = &*self;
            black_box(bump.alloc(42i64));
            black_box(bump.alloc(123_456_789i64));
            black_box(bump.alloc(FLOAT));
            let record = bump.alloc(Record::default());
            (record.a, record.b) = (1, "test");
            black_box(record);
            let mut ints = Vec::with_capacity_in(10, bump);
            ints.resize(5, 0i64);
            ints.iter_mut().zip(0..).for_each(|(x, j)| *x = j);
            black_box(&mut ints);
            let mut words = Vec::with_capacity_in(5, bump);
            words.resize(3, "");
            (words[0], words[1]) = ("hello", "world");
            black_box(&mut words);
            let mut bytes = Vec::with_capacity_in(200, bump);
            bytes.resize(100, 0u8);
            bytes
                .iter_mut()
                .zip(stress_bytes())
                .for_each(|(x, j)| *x = j);
            black_box(&mut bytes);
            black_box(bump.alloc_str(STRESS_TEXT));
        }
        self.reset();
    }
}

impl SeedPeer for bump_scope::Bump {
    #[inline(never)]
    fn alloc(&mut self) {
        for i in 0..BATCH {
            black_box(bump_scope::Bump::alloc(self, opaque(i as i64)).into_mut());
        }
        self.reset();
    }

    #[inline(never)]
    fn make_slice(&mut self) {
        for i in 0..BATCH {
            let slice = self.alloc_slice_fill(10, 0i64).into_mut();
            slice[0] = opaque(i as i64);
            black_box(slice);
        }
        self.reset();
    }

    #[inline(never)]
    fn make_object(&mut self) {
        for i in 0..BATCH {
            let (a, b) = opaque((i as i64, !(i as i64)));
            let pair = bump_scope::Bump::alloc(self, Pair::default()).into_mut();
            (pair.a, pair.b) = (a, b);
            black_box(pair);
        }
        self.reset();
    }

    #[inline(never)]
    fn make_string(&mut self) {
        for _ in 0..BATCH {
            black_box(self.alloc_str(opaque(TEXT31)).into_mut());
        }
        self.reset();
    }

    #[inline(never)]
    fn stress(&mut self) {
        {
            use bump_scope::BumpVec;
            let bump = &*self;
            black_box(bump.alloc(42i64).into_mut());
            black_box(bump.alloc(123_456_789i64).into_mut());
            black_box(bump.alloc(FLOAT).into_mut());
            let record = bump.alloc(Record::default()).into_mut();
            (record.a, record.b) = (1, "test");
            black_box(record);
            let mut ints = BumpVec::with_capacity_in(10, bump);
            ints.resize(5, 0i64);
            ints.iter_mut().zip(0..).for_each(|(x, j)| *x = j);
            black_box(&mut ints);
            let mut words = BumpVec::with_capacity_in(5, bump);
            words.resize(3, "");
            (words[0], words[1]) = ("hello", "world");
            black_box(&mut words);
            let mut bytes = BumpVec::with_capacity_in(200, bump);
            bytes.resize(100, 0u8);
            bytes
                .iter_mut()
                .zip(stress_bytes())
                .for_each(|(x, j)| *x = j);
            black_box(&mut bytes);
            black_box(bump.alloc_str(STRESS_TEXT).into_mut());
        }
        self.reset();
    }
}

/// The heap peers: `Box`/`Vec`/string bytes from allocator `A`, each kept alive until its
/// batch is dropped (single-op workloads keep 1000 alive in reused `Vec`s, like the arenas).
#[derive(Debug)]
pub(crate) struct Heap<A: Allocator + Copy> {
    alloc: A,
    ints: Vec<Box<i64, A>>,
    slices: Vec<Vec<i64, A>>,
    pairs: Vec<Box<Pair, A>>,
    strings: Vec<Vec<u8, A>>,
}

use allocator_api2::boxed::Box;
use allocator_api2::vec::Vec;

impl<A: Allocator + Copy> Heap<A> {
    pub(crate) fn new(alloc: A) -> Self {
        Self {
            alloc,
            ints: Vec::new(),
            slices: Vec::new(),
            pairs: Vec::new(),
            strings: Vec::new(),
        }
    }
}

/// A copy of `text` in a byte vector from `alloc` (allocator-api2 has no `String`).
#[inline(always)]
fn string_in<A: Allocator>(text: &str, alloc: A) -> Vec<u8, A> {
    let mut string = Vec::with_capacity_in(text.len(), alloc);
    string.extend_from_slice(text.as_bytes());
    string
}

impl<A: Allocator + Copy> SeedPeer for Heap<A> {
    #[inline(never)]
    fn alloc(&mut self) {
        for i in 0..BATCH {
            let value = Box::new_in(opaque(i as i64), self.alloc);
            self.ints.push(black_box(value));
        }
        self.ints.clear();
    }

    #[inline(never)]
    fn make_slice(&mut self) {
        for i in 0..BATCH {
            let mut slice = allocator_api2::vec::from_elem_in(0i64, 10, self.alloc);
            slice[0] = opaque(i as i64);
            self.slices.push(black_box(slice));
        }
        self.slices.clear();
    }

    #[inline(never)]
    fn make_object(&mut self) {
        for i in 0..BATCH {
            let (a, b) = opaque((i as i64, !(i as i64)));
            let mut pair = Box::new_in(Pair::default(), self.alloc);
            (pair.a, pair.b) = (a, b);
            self.pairs.push(black_box(pair));
        }
        self.pairs.clear();
    }

    #[inline(never)]
    fn make_string(&mut self) {
        for _ in 0..BATCH {
            let string = string_in(opaque(TEXT31), self.alloc);
            self.strings.push(black_box(string));
        }
        self.strings.clear();
    }

    #[inline(never)]
    fn stress(&mut self) {
        let alloc = self.alloc;
        black_box(Box::new_in(42i64, alloc));
        black_box(Box::new_in(123_456_789i64, alloc));
        black_box(Box::new_in(FLOAT, alloc));
        let mut record = Box::new_in(Record::default(), alloc);
        (record.a, record.b) = (1, "test");
        black_box(record);
        let mut ints = Vec::with_capacity_in(10, alloc);
        ints.resize(5, 0i64);
        ints.iter_mut().zip(0..).for_each(|(x, j)| *x = j);
        black_box(ints);
        let mut words = Vec::with_capacity_in(5, alloc);
        words.resize(3, "");
        (words[0], words[1]) = ("hello", "world");
        black_box(words);
        let mut bytes = Vec::with_capacity_in(200, alloc);
        bytes.resize(100, 0u8);
        bytes
            .iter_mut()
            .zip(stress_bytes())
            .for_each(|(x, j)| *x = j);
        black_box(bytes);
        black_box(string_in(STRESS_TEXT, alloc));
    }
}

/// mimalloc as an [`Allocator`], so that it runs in the same process and groups as the other
/// peers (a `#[global_allocator]` would replace the system heap for every peer at once).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Mimalloc;

// SAFETY: blocks come from mimalloc's `GlobalAlloc` with the caller's layout and go back to
// it with the same layout; zero-sized requests never reach it and get a dangling, aligned
// pointer, which `deallocate` recognises by the zero size.
unsafe impl Allocator for Mimalloc {
    #[inline]
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        if layout.size() == 0 {
            let dangling =
                NonNull::<u8>::dangling().with_addr(layout.align().try_into().expect("align > 0"));
            return Ok(NonNull::slice_from_raw_parts(dangling, 0));
        }
        // SAFETY: `layout` has a non-zero size.
        let ptr = unsafe { mimalloc::MiMalloc.alloc(layout) };
        NonNull::new(ptr)
            .map(|ptr| NonNull::slice_from_raw_parts(ptr, layout.size()))
            .ok_or(AllocError)
    }

    #[inline]
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        if layout.size() != 0 {
            // SAFETY: a non-zero-sized block came from `MiMalloc.alloc` with this layout
            // (the caller's contract), and is freed once.
            unsafe { mimalloc::MiMalloc.dealloc(ptr.as_ptr(), layout) };
        }
    }
}
