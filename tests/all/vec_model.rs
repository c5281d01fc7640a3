//! ArenaVec against std's Vec: random op sequences on several vectors sharing one arena,
//! with tracked elements, injected `clone` panics and filler allocations between them.
#![allow(
    clippy::incompatible_msrv,
    reason = "the model is std's `Vec`, whose `extract_if` and `pop_if` are newer than the \
              crate's MSRV; the tests run on stable"
)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use bumpkit::{ArenaVec, Bump, CollectIn};
use proptest::prelude::*;

use crate::common::{INJECTED, Log, Tracked, quiet_injected_panics, values};

/// How many vectors share the arena.
const VECS: usize = 3;

#[derive(Clone, Debug)]
enum Op {
    Push(usize, u32),
    Pop(usize),
    Insert(usize, usize, u32),
    Remove(usize, usize),
    SwapRemove(usize, usize),
    Truncate(usize, usize),
    Clear(usize),
    Resize(usize, usize, u32),
    ResizeWith(usize, usize),
    ExtendFromSlice(usize, Vec<u32>),
    ExtendIter(usize, Vec<u32>),
    Reserve(usize, usize),
    ReserveExact(usize, usize),
    ShrinkToFit(usize),
    Retain(usize, u32),
    DedupByKey(usize, u32),
    Drain(usize, usize, usize, usize, usize),
    SplitOffAppend(usize, usize, usize),
    CloneReplace(usize),
    IntoIterSkip(usize, usize),
    Filler(usize),
    PanicOnClone(usize),
    /// `splice(a..b, xs)`, taking `k` removed items; the flag makes the replacement's size
    /// hint exact (else 0); the replacement panics before item `p` if `p < xs.len()`.
    Splice(usize, usize, usize, Vec<u32>, usize, bool, usize),
    /// `extract_if(a..b, ..)` taking values divisible by `m`, `k` of them; the predicate adds
    /// 1 to the values it keeps and panics on its `p`-th call.
    ExtractIf(usize, usize, usize, u32, usize, usize),
    PopIf(usize, u32),
    ExtendFromWithin(usize, usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    let v = 0..VECS;
    let i = 0..40usize;
    let x = 0..50u32;
    prop_oneof![
        6 => (v.clone(), x.clone()).prop_map(|(v, x)| Op::Push(v, x)),
        2 => v.clone().prop_map(Op::Pop),
        2 => (v.clone(), i.clone(), x.clone()).prop_map(|(v, i, x)| Op::Insert(v, i, x)),
        2 => (v.clone(), i.clone()).prop_map(|(v, i)| Op::Remove(v, i)),
        1 => (v.clone(), i.clone()).prop_map(|(v, i)| Op::SwapRemove(v, i)),
        1 => (v.clone(), i.clone()).prop_map(|(v, i)| Op::Truncate(v, i)),
        1 => v.clone().prop_map(Op::Clear),
        2 => (v.clone(), i.clone(), x.clone()).prop_map(|(v, n, x)| Op::Resize(v, n, x)),
        1 => (v.clone(), i.clone()).prop_map(|(v, n)| Op::ResizeWith(v, n)),
        2 => (v.clone(), prop::collection::vec(x.clone(), 0..12))
            .prop_map(|(v, xs)| Op::ExtendFromSlice(v, xs)),
        2 => (v.clone(), prop::collection::vec(x.clone(), 0..12))
            .prop_map(|(v, xs)| Op::ExtendIter(v, xs)),
        1 => (v.clone(), i.clone()).prop_map(|(v, n)| Op::Reserve(v, n)),
        2 => (v.clone(), 0..3usize).prop_map(|(v, n)| Op::ReserveExact(v, n)),
        1 => v.clone().prop_map(Op::ShrinkToFit),
        1 => (v.clone(), 1..4u32).prop_map(|(v, m)| Op::Retain(v, m)),
        1 => (v.clone(), 1..8u32).prop_map(|(v, m)| Op::DedupByKey(v, m)),
        2 => (v.clone(), i.clone(), i.clone(), 0..3usize, 0..3usize)
            .prop_map(|(v, a, b, f, k)| Op::Drain(v, a, b, f, k)),
        1 => (v.clone(), i.clone(), v.clone()).prop_map(|(v, at, to)| Op::SplitOffAppend(v, at, to)),
        1 => v.clone().prop_map(Op::CloneReplace),
        1 => (v.clone(), 0..5usize).prop_map(|(v, k)| Op::IntoIterSkip(v, k)),
        2 => (1..300usize).prop_map(Op::Filler),
        1 => (0..20usize).prop_map(Op::PanicOnClone),
        2 => (v.clone(), i.clone(), i.clone(), prop::collection::vec(x.clone(), 0..12), 0..4usize, any::<bool>(), 0..30usize)
            .prop_map(|(v, a, b, xs, k, hinted, p)| Op::Splice(v, a, b, xs, k, hinted, p)),
        2 => (v.clone(), i.clone(), i.clone(), 1..4u32, 0..8usize, 0..30usize)
            .prop_map(|(v, a, b, m, k, p)| Op::ExtractIf(v, a, b, m, k, p)),
        1 => (v.clone(), 1..3u32).prop_map(|(v, m)| Op::PopIf(v, m)),
        1 => (v.clone(), i.clone(), i.clone()).prop_map(|(v, a, b)| Op::ExtendFromWithin(v, a, b)),
    ]
}

/// A vector under test or its model: the same operations on `ArenaVec` and on `Vec`.
trait Subject {
    fn log(&self) -> &Rc<Log>;
    fn apply(&mut self, op: &Op);
    fn contents(&self, v: usize) -> Vec<u32>;
}

/// Tags a value with its vector, so that a value moved into the wrong buffer shows.
fn tagged(v: usize, x: u32) -> u32 {
    (v as u32 + 1) * 1000 + x
}

/// Resolves an index to one in `0..=len` (or `0..len` when `strict`), keeping indices past
/// the end out of the model: out-of-bounds panics are tested on their own.
fn fit(i: usize, len: usize, strict: bool) -> Option<usize> {
    match (strict, len) {
        (true, 0) => None,
        (true, len) => Some(i % len),
        (false, len) => Some(i % (len + 1)),
    }
}

struct Model {
    log: Rc<Log>,
    vecs: Vec<Vec<Tracked>>,
}

struct Arena<'a> {
    log: Rc<Log>,
    bump: &'a Bump,
    vecs: Vec<ArenaVec<'a, Tracked>>,
    fillers: Vec<(&'a mut [u8], u8)>,
}

macro_rules! apply_op {
    ($self:ident, $op:expr, $new_vec:expr, $collect:expr) => {{
        let log = Rc::clone(&$self.log);
        match *$op {
            Op::Push(v, x) => $self.vecs[v].push(log.make(tagged(v, x))),
            Op::Pop(v) => drop($self.vecs[v].pop()),
            Op::Insert(v, i, x) => {
                let i = fit(i, $self.vecs[v].len(), false).unwrap();
                $self.vecs[v].insert(i, log.make(tagged(v, x)));
            }
            Op::Remove(v, i) => {
                if let Some(i) = fit(i, $self.vecs[v].len(), true) {
                    drop($self.vecs[v].remove(i));
                }
            }
            Op::SwapRemove(v, i) => {
                if let Some(i) = fit(i, $self.vecs[v].len(), true) {
                    drop($self.vecs[v].swap_remove(i));
                }
            }
            Op::Truncate(v, n) => $self.vecs[v].truncate(n),
            Op::Clear(v) => $self.vecs[v].clear(),
            Op::Resize(v, n, x) => $self.vecs[v].resize(n, log.make(tagged(v, x))),
            Op::ResizeWith(v, n) => {
                let mut next = 0;
                $self.vecs[v].resize_with(n, || {
                    next += 1;
                    log.make(tagged(v, next))
                });
            }
            Op::ExtendFromSlice(v, ref xs) => {
                let src: Vec<Tracked> = xs.iter().map(|&x| log.make(tagged(v, x))).collect();
                $self.vecs[v].extend_from_slice(&src);
            }
            Op::ExtendIter(v, ref xs) => {
                $self.vecs[v].extend(xs.iter().map(|&x| log.make(tagged(v, x))));
            }
            Op::Reserve(v, n) => {
                $self.vecs[v].reserve(n);
                assert!($self.vecs[v].capacity() >= $self.vecs[v].len() + n);
            }
            Op::ReserveExact(v, n) => {
                $self.vecs[v].reserve_exact(n);
                assert!($self.vecs[v].capacity() >= $self.vecs[v].len() + n);
            }
            Op::ShrinkToFit(v) => $self.vecs[v].shrink_to_fit(),
            Op::Retain(v, m) => $self.vecs[v].retain(|t| t.value % m != 0),
            Op::DedupByKey(v, m) => $self.vecs[v].dedup_by_key(|t| t.value / m),
            Op::Drain(v, a, b, front, back) => {
                let len = $self.vecs[v].len();
                let (a, b) = (fit(a, len, false).unwrap(), fit(b, len, false).unwrap());
                let mut drain = $self.vecs[v].drain(a.min(b)..a.max(b));
                for _ in 0..front {
                    drop(drain.next());
                }
                for _ in 0..back {
                    drop(drain.next_back());
                }
            }
            Op::SplitOffAppend(v, at, to) => {
                let at = fit(at, $self.vecs[v].len(), false).unwrap();
                let mut tail = $self.vecs[v].split_off(at);
                $self.vecs[to].append(&mut tail);
                assert!(tail.is_empty());
            }
            Op::CloneReplace(v) => {
                let copy = $self.vecs[v].clone();
                assert_eq!(values(&copy), values(&$self.vecs[v]));
                $self.vecs[v] = copy;
            }
            Op::IntoIterSkip(v, k) => {
                let old = std::mem::replace(&mut $self.vecs[v], $new_vec);
                $self.vecs[v] = $collect(old.into_iter().skip(k));
            }
            Op::Filler(_) => {}
            Op::PanicOnClone(k) => log.panic_on_clone(k),
            Op::Splice(v, a, b, ref xs, k, hinted, p) => {
                let len = $self.vecs[v].len();
                let (a, b) = (fit(a, len, false).unwrap(), fit(b, len, false).unwrap());
                let made = xs.iter().enumerate().map(|(i, &x)| {
                    if i == p {
                        std::panic::panic_any(INJECTED);
                    }
                    log.make(tagged(v, x))
                });
                if hinted {
                    let splice = $self.vecs[v].splice(a.min(b)..a.max(b), made);
                    splice.take(k).for_each(drop);
                } else {
                    let splice = $self.vecs[v].splice(a.min(b)..a.max(b), made.filter(|_| true));
                    splice.take(k).for_each(drop);
                }
            }
            Op::ExtractIf(v, a, b, m, k, p) => {
                let len = $self.vecs[v].len();
                let (a, b) = (fit(a, len, false).unwrap(), fit(b, len, false).unwrap());
                let mut calls = 0;
                $self.vecs[v]
                    .extract_if(a.min(b)..a.max(b), |t| {
                        if calls == p {
                            std::panic::panic_any(INJECTED);
                        }
                        calls += 1;
                        let taken = t.value % m == 0;
                        if !taken {
                            t.value += 1;
                        }
                        taken
                    })
                    .take(k)
                    .for_each(drop);
            }
            Op::PopIf(v, m) => drop($self.vecs[v].pop_if(|t| t.value % m == 0)),
            Op::ExtendFromWithin(v, a, b) => {
                let len = $self.vecs[v].len();
                let (a, b) = (fit(a, len, false).unwrap(), fit(b, len, false).unwrap());
                $self.vecs[v].extend_from_within(a.min(b)..a.max(b));
            }
        }
    }};
}

impl Subject for Model {
    fn log(&self) -> &Rc<Log> {
        &self.log
    }

    fn apply(&mut self, op: &Op) {
        apply_op!(self, op, Vec::with_capacity(0), |iter: std::iter::Skip<
            _,
        >| iter.collect())
    }

    fn contents(&self, v: usize) -> Vec<u32> {
        values(&self.vecs[v])
    }
}

impl Subject for Arena<'_> {
    fn log(&self) -> &Rc<Log> {
        &self.log
    }

    fn apply(&mut self, op: &Op) {
        let bump = self.bump;
        if let Op::Filler(n) = *op {
            let pattern = self.fillers.len() as u8;
            self.fillers
                .push((bump.alloc_slice_fill_with(n, |_| pattern), pattern));
        }
        apply_op!(self, op, ArenaVec::new_in(bump), |iter: std::iter::Skip<
            _,
        >| iter
            .collect_in(bump))
    }

    fn contents(&self, v: usize) -> Vec<u32> {
        assert!(self.vecs[v].len() <= self.vecs[v].capacity());
        values(&self.vecs[v])
    }
}

/// Applies `op` to `subject`, returning whether it panicked.
fn run(subject: &mut impl Subject, op: &Op) -> bool {
    catch_unwind(AssertUnwindSafe(|| subject.apply(op))).is_err()
}

fn check(ops: &[Op], starts: &[(Vec<u32>, usize)]) {
    quiet_injected_panics();
    let bump = Bump::builder()
        .first_chunk_size(256)
        .max_chunk_size(2048)
        .build();
    let mut model = Model {
        log: Log::new(),
        vecs: Vec::new(),
    };
    let mut arena = Arena {
        log: Log::new(),
        bump: &bump,
        vecs: Vec::new(),
        fillers: Vec::new(),
    };
    for (v, (xs, extra_cap)) in starts.iter().enumerate() {
        let mut start = ArenaVec::with_capacity_in(xs.len() + extra_cap, &bump);
        start.extend(xs.iter().map(|&x| arena.log.make(tagged(v, x))));
        arena.vecs.push(start);
        model
            .vecs
            .push(xs.iter().map(|&x| model.log.make(tagged(v, x))).collect());
    }
    for (step, op) in ops.iter().enumerate() {
        let model_panicked = run(&mut model, op);
        let arena_panicked = run(&mut arena, op);
        assert_eq!(arena_panicked, model_panicked, "step {step}: {op:?}");
        for v in 0..VECS {
            assert_eq!(
                arena.contents(v),
                model.contents(v),
                "vector {v} after step {step}: {op:?}"
            );
        }
        for (filler, pattern) in &arena.fillers {
            assert!(
                filler.iter().all(|b| b == pattern),
                "a filler was clobbered"
            );
        }
        assert_eq!(arena.log().live(), model.log().live());
    }
    let (arena_log, model_log) = (Rc::clone(arena.log()), Rc::clone(model.log()));
    drop(arena);
    drop(model);
    arena_log.assert_all_dropped_once();
    model_log.assert_all_dropped_once();
    assert_eq!(arena_log.created(), model_log.created());
    assert_eq!(
        arena_log.dropped(),
        model_log.dropped(),
        "drop order differs from Vec's"
    );
}

proptest! {
    #![proptest_config(crate::common::cases(256))]

    #[test]
    fn arena_vec_matches_vec_op_for_op(
        starts in prop::collection::vec(
            (prop::collection::vec(0..50u32, 0..10), 0..6usize), VECS..=VECS),
        ops in prop::collection::vec(op(), 1..if cfg!(miri) { 16 } else { 80 }),
    ) {
        check(&ops, &starts);
    }
}
