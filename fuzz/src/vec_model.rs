//! The `vec_model` model: several `ArenaVec`s of drop-logging elements interleaved on one
//! arena (a `Bump` with small chunks, a `SyncBump` or a `LocalBump` handle), each mirrored by
//! a `Vec<u32>`, with filler allocations between them so that growth moves and copies, and
//! panics injected in `Clone`, `Drop` or an iterator at a step the fuzzer picks.
//!
//! After every operation it checks:
//! - each vector holds the model's values, and `capacity() >= len()`;
//! - every element in a vector is alive, no element is in two places, and the live elements
//!   are exactly those in the vectors: nothing dropped twice, nothing leaked, also after an
//!   injected panic (the model then takes the vector's contents as the new truth);
//! - `truncate`, `clear`, `pop`, `pop_if`, `drain`, `splice`, `extract_if`, `retain`,
//!   `dedup`, replacing a vector and dropping a partly consumed `IntoIter` drop exactly the
//!   removed elements, front to back;
//! - `splice` and `extract_if` yield what std's do, also when dropped early, and a panic in
//!   a `splice` replacement or an `extract_if` predicate loses and doubles nothing.
//!
//! Scratch builders (`ScratchVec`s in one `Scratch`, up to six open at once, grown in any
//! order) join in: their elements are checked like the vectors', and `freeze` moves one
//! into a vector's place, which must then hold exactly the builder's elements at a capacity
//! equal to its length.
//!
//! At the end every vector and builder is dropped and no element may be left alive.

use arbitrary::{Arbitrary, Unstructured};
use bumpkit::{Arena, ArenaVec, Bump, Scratch, ScratchVec};

use crate::tracked::{INJECTED, PanicIn, Registry, Tracked, catch_injected, quiet_injected_panics};

/// Operations after this many are ignored.
const MAX_OPS: usize = 1024;
/// How many vectors share the arena.
const VECS: usize = 3;
/// Lengths the operations ask for stay below this.
const MAX_LEN: usize = 512;
/// How many scratch builders may be open at once.
const BUILDERS: usize = 6;

/// Runs one fuzz input.
pub fn run(data: &[u8]) {
    let u = Unstructured::new(data);
    let Ok(input) = Input::arbitrary_take_rest(u) else {
        return;
    };
    quiet_injected_panics();
    let builder = Bump::builder()
        .first_chunk_size(usize::from(input.first_chunk))
        .max_chunk_size(usize::from(input.max_chunk));
    match input.arena % 3 {
        0 => run_on(&builder.build(), &input.ops),
        1 => run_on(&builder.build_sync(), &input.ops),
        _ => run_on(&builder.build_sync().local(), &input.ops),
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    arena: u8,
    first_chunk: u16,
    max_chunk: u16,
    ops: Vec<Op>,
}

/// One step; `u8` fields pick a vector (`% VECS`), `u16` fields an index or length.
#[derive(Arbitrary, Debug)]
enum Op {
    Push(u8, u32),
    Pop(u8),
    Insert(u8, u16, u32),
    Remove(u8, u16),
    SwapRemove(u8, u16),
    Truncate(u8, u16),
    Clear(u8),
    Resize(u8, u16, u32),
    ResizeWith(u8, u16),
    ExtendFromSlice(u8, Vec<u32>),
    Extend(u8, Vec<u32>),
    /// `extend` from an iterator that panics before its `n % len`-th item.
    ExtendPanicking(u8, Vec<u32>, u8),
    Reserve(u8, u16),
    ReserveExact(u8, u16),
    ShrinkToFit(u8),
    /// `retain` keeping values not divisible by `n % 5 + 2`.
    Retain(u8, u8),
    DedupByValue(u8),
    /// `drain(a..b)`, taking `n` items before dropping the drain.
    Drain(u8, u16, u16, u8),
    /// `split_off(at)` of the first vector, appended to the second.
    SplitOffAppend(u8, u16, u8),
    /// The second vector is replaced by a clone of the first.
    CloneInto(u8, u8),
    /// The vector is turned into an iterator, `n` items are taken (from the back if the
    /// flag is set), and the iterator is dropped.
    IntoIter(u8, u8, bool),
    /// The vector is replaced by a new one.
    Replace(u8),
    /// A byte vector of this length is made in the arena and leaked into it.
    Filler(u16),
    /// Arms a panic in the `n + 1`-th `Clone` or `Drop` from now.
    Arm(PanicIn, u8),
    /// `splice(a..b, xs)`, taking `n` removed items before dropping the splice; the
    /// replacement's size hint is exact if the flag is set, else 0.
    Splice(u8, u16, u16, Vec<u32>, u8, bool),
    /// `splice(a..b, xs)` with a replacement that panics before its `n % len`-th item.
    SplicePanicking(u8, u16, u16, Vec<u32>, u8),
    /// `extract_if(a..b, ..)` taking values divisible by `d % 4 + 1`, `n` of them, then
    /// dropping the iterator; the predicate adds `d` to the values it keeps (it may change
    /// every element).
    ExtractIf(u8, u16, u16, u8, u8),
    /// `extract_if(a..b, ..)` whose predicate panics on its `n`-th call.
    ExtractIfPanicking(u8, u16, u16, u8),
    /// `pop_if` of a value divisible by `d % 3 + 1`.
    PopIf(u8, u8),
    /// `extend_from_within(a..b)` (clones, so an armed `Clone` panic may fire).
    ExtendFromWithin(u8, u16, u16),
    /// Opens a scratch builder with this capacity (`% 64`), if fewer than `BUILDERS` are.
    ScratchOpen(u8),
    /// The `u8` fields of the `Scratch*` steps pick an open builder (`% open`).
    ScratchPush(u8, u32),
    ScratchExtend(u8, Vec<u32>),
    /// Clones, so an armed `Clone` panic may fire.
    ScratchExtendFromSlice(u8, Vec<u32>),
    ScratchTruncate(u8, u16),
    ScratchPop(u8),
    /// Freezes the builder into the arena in place of the vector.
    ScratchFreeze(u8, u8),
    ScratchDrop(u8),
}

/// The vectors, their models and the registry of their elements.
struct State<'a, A: Arena> {
    arena: &'a A,
    registry: Registry,
    vecs: [ArenaVec<'a, Tracked, A>; VECS],
    model: [Vec<u32>; VECS],
    scratch: &'a Scratch,
    /// The open scratch builders, oldest first, each with its model.
    builders: Vec<(ScratchVec<'a, Tracked>, Vec<u32>)>,
}

fn run_on<A: Arena>(arena: &A, ops: &[Op]) {
    let registry = Registry::fresh();
    let scratch = Scratch::new();
    let mut state = State {
        arena,
        registry,
        scratch: &scratch,
        builders: Vec::new(),
        vecs: [
            ArenaVec::new_in(arena),
            ArenaVec::new_in(arena),
            ArenaVec::new_in(arena),
        ],
        model: Default::default(),
    };
    for op in ops.iter().take(MAX_OPS) {
        registry.take_dropped();
        if !catch_injected(|| state.apply(op)) {
            // The model cannot say what a half-done operation leaves: the vectors' contents
            // become the truth, and the checks below judge them.
            for (model, vec) in state.model.iter_mut().zip(&state.vecs) {
                *model = vec.iter().map(|e| e.value).collect();
            }
            for (builder, model) in &mut state.builders {
                *model = builder.iter().map(|e| e.value).collect();
            }
        }
        state.check();
    }
    registry.disarm();
    drop(state);
    assert_eq!(registry.alive_count(), 0, "elements leaked");
}

/// Picks a vector.
fn pick(v: u8) -> usize {
    usize::from(v) % VECS
}

impl<A: Arena> State<'_, A> {
    fn apply(&mut self, op: &Op) {
        let registry = self.registry;
        match *op {
            Op::Push(v, x) => {
                self.vecs[pick(v)].push(registry.make(x));
                self.model[pick(v)].push(x);
            }
            Op::Pop(v) => {
                let (vec, model) = (&mut self.vecs[pick(v)], &mut self.model[pick(v)]);
                let id = vec.last().map(|e| e.id);
                assert_eq!(vec.pop().map(|e| e.value), model.pop());
                assert_eq!(registry.take_dropped(), Vec::from_iter(id));
            }
            Op::Insert(v, i, x) => {
                let at = usize::from(i) % (self.model[pick(v)].len() + 1);
                self.vecs[pick(v)].insert(at, registry.make(x));
                self.model[pick(v)].insert(at, x);
            }
            Op::Remove(v, i) | Op::SwapRemove(v, i) => {
                let (vec, model) = (&mut self.vecs[pick(v)], &mut self.model[pick(v)]);
                if model.is_empty() {
                    return;
                }
                let at = usize::from(i) % model.len();
                let (got, want) = if let Op::Remove(..) = op {
                    (vec.remove(at), model.remove(at))
                } else {
                    (vec.swap_remove(at), model.swap_remove(at))
                };
                assert_eq!(got.value, want);
            }
            Op::Truncate(v, n) => {
                let (vec, model) = (&mut self.vecs[pick(v)], &mut self.model[pick(v)]);
                let n = usize::from(n) % (model.len() + 1);
                let doomed = ids(&vec[n..]);
                model.truncate(n);
                vec.truncate(n);
                assert_eq!(
                    registry.take_dropped(),
                    doomed,
                    "truncate drops front to back"
                );
            }
            Op::Clear(v) => {
                let doomed = ids(&self.vecs[pick(v)]);
                self.model[pick(v)].clear();
                self.vecs[pick(v)].clear();
                assert_eq!(registry.take_dropped(), doomed, "clear drops front to back");
            }
            Op::Resize(v, n, x) => {
                let n = usize::from(n) % MAX_LEN;
                self.model[pick(v)].resize(n, x);
                self.vecs[pick(v)].resize(n, registry.make(x));
            }
            Op::ResizeWith(v, n) => {
                let n = usize::from(n) % MAX_LEN;
                let mut next = 0;
                self.model[pick(v)].resize_with(n, || {
                    next += 1;
                    next
                });
                let mut next = 0;
                self.vecs[pick(v)].resize_with(n, || {
                    next += 1;
                    registry.make(next)
                });
            }
            Op::ExtendFromSlice(v, ref xs) => {
                let src: Vec<Tracked> = xs.iter().map(|&x| registry.make(x)).collect();
                self.vecs[pick(v)].extend_from_slice(&src);
                self.model[pick(v)].extend_from_slice(xs);
            }
            Op::Extend(v, ref xs) => {
                self.vecs[pick(v)].extend(xs.iter().map(|&x| registry.make(x)));
                self.model[pick(v)].extend_from_slice(xs);
            }
            Op::ExtendPanicking(v, ref xs, n) => {
                if xs.is_empty() {
                    return;
                }
                let at = usize::from(n) % xs.len();
                self.vecs[pick(v)].extend(xs.iter().enumerate().map(|(i, &x)| {
                    if i == at {
                        panic!("{INJECTED}");
                    }
                    registry.make(x)
                }));
                unreachable!("the iterator panics");
            }
            Op::Reserve(v, n) | Op::ReserveExact(v, n) => {
                let (vec, additional) = (&mut self.vecs[pick(v)], usize::from(n) % MAX_LEN);
                if let Op::Reserve(..) = op {
                    vec.reserve(additional);
                } else {
                    vec.reserve_exact(additional);
                }
                assert!(vec.capacity() >= vec.len() + additional);
            }
            Op::ShrinkToFit(v) => {
                let vec = &mut self.vecs[pick(v)];
                vec.shrink_to_fit();
                assert!(vec.capacity() >= vec.len());
            }
            Op::Retain(v, n) => {
                let divisor = u32::from(n % 5 + 2);
                let keep = |x: u32| x % divisor != 0;
                let vec = &mut self.vecs[pick(v)];
                let doomed: Vec<u64> = vec
                    .iter()
                    .filter(|e| !keep(e.value))
                    .map(|e| e.id)
                    .collect();
                self.model[pick(v)].retain(|&x| keep(x));
                vec.retain(|e| keep(e.value));
                assert_eq!(
                    registry.take_dropped(),
                    doomed,
                    "retain drops front to back"
                );
            }
            Op::DedupByValue(v) => {
                let vec = &mut self.vecs[pick(v)];
                let doomed: Vec<u64> = vec
                    .windows(2)
                    .filter(|pair| pair[0].value == pair[1].value)
                    .map(|pair| pair[1].id)
                    .collect();
                self.model[pick(v)].dedup();
                vec.dedup_by_key(|e| e.value);
                // A run `a a a` keeps its first element and drops the others in order.
                assert_eq!(registry.take_dropped(), doomed, "dedup drops front to back");
            }
            Op::Drain(v, a, b, n) => {
                let (vec, model) = (&mut self.vecs[pick(v)], &mut self.model[pick(v)]);
                let start = usize::from(a) % (model.len() + 1);
                let end = start + usize::from(b) % (model.len() - start + 1);
                let doomed = ids(&vec[start..end]);
                let want: Vec<u32> = model.drain(start..end).collect();
                let drain = vec.drain(start..end);
                assert_eq!(drain.len(), want.len());
                let got = take_values_then_drop(drain, n);
                assert_eq!(got, want[..got.len()]);
                assert_eq!(registry.take_dropped(), doomed, "drain drops front to back");
            }
            Op::SplitOffAppend(from, at, to) => {
                let at = usize::from(at) % (self.model[pick(from)].len() + 1);
                let tail = self.model[pick(from)].split_off(at);
                self.model[pick(to)].extend(tail);
                let mut tail = self.vecs[pick(from)].split_off(at);
                self.vecs[pick(to)].append(&mut tail);
                assert!(tail.is_empty());
            }
            Op::CloneInto(from, to) => {
                let copy = self.vecs[pick(from)].clone();
                let doomed = ids(&self.vecs[pick(to)]);
                registry.take_dropped();
                self.vecs[pick(to)] = copy;
                self.model[pick(to)] = self.model[pick(from)].clone();
                assert_eq!(
                    registry.take_dropped(),
                    doomed,
                    "a vector drops front to back"
                );
            }
            Op::IntoIter(v, n, back) => {
                let vec = core::mem::replace(&mut self.vecs[pick(v)], ArenaVec::new_in(self.arena));
                let mut want = core::mem::take(&mut self.model[pick(v)]);
                let mut iter = vec.into_iter();
                let n = usize::from(n).min(want.len());
                let (taken, rest) = if back {
                    let taken: Vec<Tracked> = iter.by_ref().rev().take(n).collect();
                    let rest = ids(iter.as_slice());
                    want.reverse();
                    (taken, rest)
                } else {
                    let taken: Vec<Tracked> = iter.by_ref().take(n).collect();
                    (taken, ids(iter.as_slice()))
                };
                assert_eq!(Vec::from_iter(taken.iter().map(|e| e.value)), want[..n]);
                drop(iter);
                assert_eq!(
                    registry.take_dropped(),
                    rest,
                    "IntoIter drops front to back"
                );
            }
            Op::Replace(v) => {
                let doomed = ids(&self.vecs[pick(v)]);
                self.vecs[pick(v)] = ArenaVec::new_in(self.arena);
                self.model[pick(v)].clear();
                assert_eq!(
                    registry.take_dropped(),
                    doomed,
                    "a vector drops front to back"
                );
            }
            Op::Filler(n) => {
                let n = usize::from(n) % 4096;
                let mut filler = ArenaVec::with_capacity_in(n, self.arena);
                filler.extend((0..n).map(|i| i as u8));
                let bytes = filler.into_arena_slice();
                assert!(bytes.iter().enumerate().all(|(i, &b)| b == i as u8));
            }
            Op::Arm(kind, n) => registry.arm(kind, u32::from(n)),
            Op::Splice(v, a, b, ref xs, n, hinted) => {
                let (vec, model) = (&mut self.vecs[pick(v)], &mut self.model[pick(v)]);
                let (start, end) = range(model.len(), a, b);
                let doomed = ids(&vec[start..end]);
                let want: Vec<u32> = model.splice(start..end, xs.iter().copied()).collect();
                let made = xs.iter().map(|&x| registry.make(x));
                let got = if hinted {
                    let splice = vec.splice(start..end, made);
                    assert_eq!(splice.len(), want.len());
                    take_values_then_drop(splice, n)
                } else {
                    take_values_then_drop(vec.splice(start..end, made.filter(|_| true)), n)
                };
                assert_eq!(got, want[..got.len()]);
                assert_eq!(
                    registry.take_dropped(),
                    doomed,
                    "splice drops front to back"
                );
            }
            Op::SplicePanicking(v, a, b, ref xs, n) => {
                if xs.is_empty() {
                    return;
                }
                let (start, end) = range(self.model[pick(v)].len(), a, b);
                let at = usize::from(n) % xs.len();
                let replacement = xs.iter().enumerate().map(|(i, &x)| {
                    if i == at {
                        panic!("{INJECTED}");
                    }
                    registry.make(x)
                });
                drop(self.vecs[pick(v)].splice(start..end, replacement.filter(|_| true)));
                unreachable!("the replacement panics");
            }
            Op::ExtractIf(v, a, b, d, n) => {
                let (vec, model) = (&mut self.vecs[pick(v)], &mut self.model[pick(v)]);
                let (start, end) = range(model.len(), a, b);
                let divisor = u32::from(d % 4 + 1);
                let bump = u32::from(d);
                let mut pred_model = |x: &mut u32| {
                    let taken = *x % divisor == 0;
                    if !taken {
                        *x = x.wrapping_add(bump);
                    }
                    taken
                };
                let want = extract_model(model, start..end, usize::from(n), &mut pred_model);
                let got: Vec<Tracked> = vec
                    .extract_if(start..end, |e| pred_model(&mut e.value))
                    .take(usize::from(n))
                    .collect();
                assert_eq!(Vec::from_iter(got.iter().map(|e| e.value)), want);
                let doomed = ids(&got);
                drop(got);
                assert_eq!(registry.take_dropped(), doomed);
            }
            Op::ExtractIfPanicking(v, a, b, n) => {
                let (start, end) = range(self.model[pick(v)].len(), a, b);
                let mut calls = 0;
                let extracted: Vec<Tracked> = self.vecs[pick(v)]
                    .extract_if(start..end, |e| {
                        if calls == n {
                            panic!("{INJECTED}");
                        }
                        calls += 1;
                        e.value % 2 == 0
                    })
                    .collect();
                drop(extracted);
                // The predicate did not panic: the range was short; redo it on the model.
                let model = &mut self.model[pick(v)];
                let mut calls = 0;
                extract_model(model, start..end, usize::MAX, |x| {
                    calls += 1;
                    *x % 2 == 0
                });
                assert!(calls <= n, "the predicate ran more often than the model's");
            }
            Op::PopIf(v, d) => {
                let divisor = u32::from(d % 3 + 1);
                let vec = &mut self.vecs[pick(v)];
                let id = vec.last().filter(|e| e.value % divisor == 0).map(|e| e.id);
                let got = vec.pop_if(|e| e.value % divisor == 0).map(|e| e.value);
                let model = &mut self.model[pick(v)];
                let want = match model.last() {
                    Some(x) if x % divisor == 0 => model.pop(),
                    _ => None,
                };
                assert_eq!(got, want);
                assert_eq!(registry.take_dropped(), Vec::from_iter(id));
            }
            Op::ExtendFromWithin(v, a, b) => {
                let (start, end) = range(self.model[pick(v)].len(), a, b);
                self.vecs[pick(v)].extend_from_within(start..end);
                self.model[pick(v)].extend_from_within(start..end);
            }
            Op::ScratchOpen(cap) => {
                if self.builders.len() < BUILDERS {
                    let cap = usize::from(cap % 64);
                    let builder = ScratchVec::with_capacity_in(cap, self.scratch);
                    assert!(builder.capacity() >= cap);
                    self.builders.push((builder, Vec::new()));
                }
            }
            _ => self.apply_scratch(op),
        }
    }

    /// Applies a step to an open scratch builder (none if none is open).
    fn apply_scratch(&mut self, op: &Op) {
        let registry = self.registry;
        let (Op::ScratchPush(b, _)
        | Op::ScratchExtend(b, _)
        | Op::ScratchExtendFromSlice(b, _)
        | Op::ScratchTruncate(b, _)
        | Op::ScratchPop(b)
        | Op::ScratchFreeze(b, _)
        | Op::ScratchDrop(b)) = *op
        else {
            unreachable!("vector steps are applied by `apply`");
        };
        if self.builders.is_empty() {
            return;
        }
        let b = usize::from(b) % self.builders.len();
        let (builder, model) = &mut self.builders[b];
        match *op {
            Op::ScratchPush(_, x) => {
                builder.push(registry.make(x));
                model.push(x);
            }
            Op::ScratchExtend(_, ref xs) => {
                builder.extend(xs.iter().map(|&x| registry.make(x)));
                model.extend_from_slice(xs);
            }
            Op::ScratchExtendFromSlice(_, ref xs) => {
                let src: Vec<Tracked> = xs.iter().map(|&x| registry.make(x)).collect();
                builder.extend_from_slice(&src);
                model.extend_from_slice(xs);
            }
            Op::ScratchTruncate(_, n) => {
                let n = usize::from(n) % (model.len() + 1);
                let doomed = ids(&builder[n..]);
                model.truncate(n);
                builder.truncate(n);
                assert_eq!(
                    registry.take_dropped(),
                    doomed,
                    "truncate drops front to back"
                );
            }
            Op::ScratchPop(_) => {
                let id = builder.last().map(|e| e.id);
                assert_eq!(builder.pop().map(|e| e.value), model.pop());
                assert_eq!(registry.take_dropped(), Vec::from_iter(id));
            }
            Op::ScratchFreeze(_, v) => {
                let (builder, model) = self.builders.remove(b);
                let kept = ids(&builder);
                let frozen = builder.freeze(self.arena);
                assert_eq!(
                    frozen.capacity(),
                    frozen.len(),
                    "frozen at its exact length"
                );
                assert_eq!(ids(&frozen), kept, "freeze moves the elements, in order");
                let doomed = ids(&self.vecs[pick(v)]);
                self.vecs[pick(v)] = frozen;
                self.model[pick(v)] = model;
                assert_eq!(
                    registry.take_dropped(),
                    doomed,
                    "a vector drops front to back"
                );
            }
            Op::ScratchDrop(_) => {
                let doomed = ids(builder);
                drop(self.builders.remove(b));
                assert_eq!(
                    registry.take_dropped(),
                    doomed,
                    "a builder drops front to back"
                );
            }
            _ => unreachable!("matched above"),
        }
    }

    /// Compares the vectors with the model and every element with the registry.
    fn check(&self) {
        let mut seen = std::collections::BTreeSet::new();
        for (vec, model) in self.vecs.iter().zip(&self.model) {
            assert!(vec.capacity() >= vec.len());
            assert_eq!(vec.len(), model.len());
            assert!(
                vec.iter().map(|e| e.value).eq(model.iter().copied()),
                "contents differ"
            );
            for e in vec.iter() {
                assert!(self.registry.is_alive(e.id), "element {} is dropped", e.id);
                assert!(seen.insert(e.id), "element {} is in two places", e.id);
            }
        }
        for (builder, model) in &self.builders {
            assert!(builder.capacity() >= builder.len());
            assert!(
                builder.iter().map(|e| e.value).eq(model.iter().copied()),
                "builder contents differ"
            );
            for e in builder.iter() {
                assert!(self.registry.is_alive(e.id), "element {} is dropped", e.id);
                assert!(seen.insert(e.id), "element {} is in two places", e.id);
            }
        }
        assert_eq!(self.registry.alive_count(), seen.len(), "elements leaked");
    }
}

/// Takes the values of the first `n` elements `removed` yields (a `Drain` or `Splice`), then
/// drops it, which drops the rest and may panic (an injected panic in an element's `Drop`).
///
/// The values are collected into a local before the drop, so a panic there unwinds through
/// the local and frees it. A value on its way out of a scope when a local's destructor
/// panics is leaked by rustc (rust-lang/rust#47949), which ASan reports as a leak of the
/// harness's own `Vec`.
fn take_values_then_drop(mut removed: impl Iterator<Item = Tracked>, n: u8) -> Vec<u32> {
    let got = removed
        .by_ref()
        .take(usize::from(n))
        .map(|e| e.value)
        .collect();
    drop(removed);
    got
}

/// Resolves `a` and `b` to a range `start..end` of a vector of length `len`.
fn range(len: usize, a: u16, b: u16) -> (usize, usize) {
    let start = usize::from(a) % (len + 1);
    (start, start + usize::from(b) % (len - start + 1))
}

/// What `Vec::extract_if(range, pred).take(n)` does (written out: it is newer than the
/// crate's MSRV): visits `range` front to back, removing and returning the values `pred`
/// picks, and stops once it has `n`.
fn extract_model(
    model: &mut Vec<u32>,
    range: core::ops::Range<usize>,
    n: usize,
    mut pred: impl FnMut(&mut u32) -> bool,
) -> Vec<u32> {
    let (mut i, mut end) = (range.start, range.end);
    let mut out = Vec::new();
    while i < end && out.len() < n {
        if pred(&mut model[i]) {
            out.push(model.remove(i));
            end -= 1;
        } else {
            i += 1;
        }
    }
    out
}

/// The ids of `elements`, in order.
fn ids(elements: &[Tracked]) -> Vec<u64> {
    elements.iter().map(|e| e.id).collect()
}
