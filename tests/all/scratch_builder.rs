//! Build-then-freeze: `ScratchVec` / `ScratchString` nested in one `Scratch`, frozen into an
//! arena at their exact size; panics at every step; a model against `Vec`.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use bumpkit::{ArenaVec, Bump, Scratch, ScratchString, ScratchVec, SyncBump};
use proptest::prelude::*;
use static_assertions::{assert_impl_all, assert_not_impl_any};

use crate::common::{INJECTED, Log, Tracked, cases, panic_message, quiet_injected_panics, values};

assert_impl_all!(Scratch: Send, Default, core::fmt::Debug);
assert_not_impl_any!(Scratch: Sync, Clone);
// A builder holds `&Scratch`, and `Scratch` is `!Sync`: builders stay on their thread.
assert_not_impl_any!(ScratchVec<'static, u32>: Send, Sync, Clone);
assert_not_impl_any!(ScratchString<'static>: Send, Sync, Clone);
assert_impl_all!(ScratchVec<'static, u32>: core::fmt::Debug, Eq, AsRef<[u32]>, Extend<u32>);
assert_impl_all!(ScratchString<'static>: core::fmt::Debug, core::fmt::Write, Eq);

/// `ScratchVec` is covariant in its scratch lifetime and element type, like `Vec`.
#[allow(dead_code, reason = "compiled, never called")]
fn scratch_vec_is_covariant<'long: 'short, 'short>(
    v: ScratchVec<'long, &'long str>,
) -> ScratchVec<'short, &'short str> {
    v
}

/// A tree built by nested builders: children are frozen into the arena while their parent's
/// list is still open in the scratch.
enum Node<'a> {
    Leaf(Tracked),
    List(ArenaVec<'a, Node<'a>>),
}

/// Counts the steps a build takes and panics (with [`INJECTED`]) at step `panic_at`.
struct Steps {
    taken: Cell<usize>,
    panic_at: Option<usize>,
}

impl Steps {
    fn new(panic_at: Option<usize>) -> Self {
        Self {
            taken: Cell::new(0),
            panic_at,
        }
    }

    fn tick(&self) {
        let step = self.taken.get();
        self.taken.set(step + 1);
        if Some(step) == self.panic_at {
            std::panic::panic_any(INJECTED);
        }
    }
}

/// Builds a list of `width` items at `depth`: leaves pushed one by one, a run cloned from a
/// slice, a run from a ticking iterator, a leaf truncated away, and `width` child lists,
/// each frozen while this list is open.
fn build<'a>(
    bump: &'a Bump,
    scratch: &Scratch,
    log: &Rc<Log>,
    steps: &Steps,
    depth: usize,
    width: u32,
) -> ArenaVec<'a, Node<'a>> {
    let mut list = ScratchVec::new_in(scratch);
    for i in 0..width {
        steps.tick();
        list.push(Node::Leaf(log.make(i)));
        if depth > 0 {
            let child = build(bump, scratch, log, steps, depth - 1, width);
            list.push(Node::List(child));
        }
    }
    let run = [log.make(100), log.make(101)];
    let mut leaves = ScratchVec::new_in(scratch);
    leaves.extend_from_slice(&run); // `clone` may panic
    drop(run); // a `drop` may panic
    leaves.extend((200..203).map(|x| {
        steps.tick();
        log.make(x)
    }));
    leaves.push(log.make(300));
    leaves.truncate(leaves.len() - 1); // a `drop` may panic
    list.extend(leaves.freeze(bump).into_iter().map(Node::Leaf));
    steps.tick();
    list.freeze(bump)
}

/// Returns the leaf values of a tree, depth first.
fn flatten(nodes: &[Node<'_>], out: &mut Vec<u32>) {
    for node in nodes {
        match node {
            Node::Leaf(t) => out.push(t.value),
            Node::List(list) => flatten(list, out),
        }
    }
}

#[test]
fn nested_lists_freeze_at_exact_size_and_leave_no_dead_copies() {
    let bump = Bump::new();
    let scratch = Scratch::new();
    let mut parent = ScratchVec::new_in(&scratch);
    let mut expected_bytes = 0;
    for n in 0..50u64 {
        let mut child = ScratchVec::new_in(&scratch);
        child.extend(0..n);
        expected_bytes += 8 * n as usize;
        let frozen: &[u64] = child.into_arena_slice(&bump);
        assert_eq!(frozen.len(), n as usize);
        parent.push(frozen);
    }
    assert_eq!(scratch.allocated_bytes(), parent.capacity() * 16);
    let tree: &[&[u64]] = parent.into_arena_slice(&bump);
    expected_bytes += 50 * 16;
    assert!(
        tree.iter()
            .enumerate()
            .all(|(n, c)| c.iter().copied().eq(0..n as u64))
    );
    assert_eq!(bump.stats().allocated_bytes, expected_bytes);
    assert_eq!(scratch.allocated_bytes(), 0, "the stack unwound to empty");
}

#[test]
fn parent_growing_while_a_child_is_open_moves_within_the_scratch_only() {
    let bump = Bump::new();
    let mut scratch = Scratch::new();
    {
        let mut parent = ScratchVec::with_capacity_in(1, &scratch);
        parent.push(1u32);
        let mut child = ScratchVec::new_in(&scratch);
        child.push(10u32);
        parent.extend(2..=40); // not on top: its buffer moves above the child
        child.extend(11..=20); // and now the child moves above it
        parent.push(41);
        let (p, c) = (parent.as_slice().to_vec(), child.as_slice().to_vec());
        // Frozen out of order: the parent first.
        let frozen_parent = parent.into_arena_slice(&bump);
        let frozen_child = child.into_arena_slice(&bump);
        assert_eq!((&*frozen_parent, &*frozen_child), (&p[..], &c[..]));
        assert!(frozen_parent.iter().copied().eq(1..=41));
        assert!(frozen_child.iter().copied().eq(10..=20));
        assert_eq!(bump.stats().allocated_bytes, (41 + 11) * 4);
    }
    scratch.reset();
    assert_eq!(scratch.allocated_bytes(), 0);
}

#[test]
fn freeze_copies_the_length_not_the_capacity() {
    let bump = Bump::new();
    let scratch = Scratch::new();
    let mut v = ScratchVec::with_capacity_in(100, &scratch);
    v.extend([1u64, 2, 3]);
    let frozen = v.freeze(&bump);
    assert_eq!((frozen.len(), frozen.capacity()), (3, 3));
    assert_eq!(frozen, [1, 2, 3]);
    assert_eq!(bump.stats().allocated_bytes, 24);
    let empty = ScratchVec::<u64>::with_capacity_in(10, &scratch).into_arena_slice(&bump);
    assert!(empty.is_empty());
    assert_eq!(bump.stats().allocated_bytes, 24);
    assert_eq!(scratch.allocated_bytes(), 0);
}

#[test]
fn zero_sized_and_over_aligned_elements_freeze() {
    #[derive(Clone, Copy, Debug, PartialEq)]
    #[repr(align(4096))]
    struct Page(u8);
    #[derive(Clone, Copy, Debug, PartialEq)]
    #[repr(align(64))]
    struct Line(u16);

    let bump = Bump::new();
    let scratch = Scratch::new();
    let mut units = ScratchVec::new_in(&scratch);
    units.extend([(); 1000]);
    let mut pages = ScratchVec::new_in(&scratch);
    let mut lines = ScratchVec::new_in(&scratch);
    for i in 0..5u8 {
        pages.push(Page(i));
        lines.push(Line(u16::from(i)));
        units.push(());
    }
    let lines = lines.into_arena_slice(&bump);
    let pages = pages.into_arena_slice(&bump);
    let units = units.into_arena_slice(&bump);
    assert_eq!(units.len(), 1005);
    assert_eq!(pages.as_ptr().addr() % 4096, 0);
    assert_eq!(lines.as_ptr().addr() % 64, 0);
    assert!(pages.iter().map(|p| p.0).eq(0..5));
    assert!(lines.iter().map(|l| l.0).eq(0..5));
}

#[test]
fn freeze_into_a_sync_arena_and_its_local_handle() {
    let shared = SyncBump::new();
    let scratch = Scratch::new();
    let mut v = ScratchVec::new_in(&scratch);
    v.extend(["a".to_string(), "b".to_string()]);
    let frozen = v.freeze(&shared);
    assert_eq!(frozen, ["a", "b"]);
    let local = shared.local();
    let mut s = ScratchString::new_in(&scratch);
    s.push_str("local");
    assert_eq!(s.into_arena_str(&local), "local");
}

#[test]
fn failed_freeze_drops_the_elements_and_gives_the_scratch_back() {
    quiet_injected_panics();
    let log = Log::new();
    let bump = Bump::new();
    bump.set_allocation_limit(Some(0));
    let scratch = Scratch::new();
    let mut v = ScratchVec::new_in(&scratch);
    v.extend((0..5).map(|i| log.make(i)));
    assert!(v.try_freeze(&bump).is_err());
    log.assert_all_dropped_once();
    assert_eq!(scratch.allocated_bytes(), 0);

    let mut v = ScratchVec::new_in(&scratch);
    v.push(log.make(7));
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| v.freeze(&bump))));
    assert!(message.contains("bumpkit"), "{message}");
    log.assert_all_dropped_once();
    assert_eq!(scratch.allocated_bytes(), 0);

    let mut s = ScratchString::new_in(&scratch);
    s.push_str("abc");
    assert!(s.try_into_arena_str(&bump).is_err());
    assert_eq!(scratch.allocated_bytes(), 0);
}

#[test]
fn scratch_strings_nest_and_freeze_exactly() {
    use core::fmt::Write;

    let bump = Bump::new();
    let scratch = Scratch::new();
    let mut outer = ScratchString::with_capacity_in(4, &scratch);
    outer.push_str("key");
    let mut inner = ScratchString::new_in(&scratch);
    write!(inner, "{}-{}", 1, 2).unwrap();
    outer.push('=');
    outer.extend(["x", "y"]);
    outer.extend("zé".chars());
    assert_eq!(outer.pop(), Some('é'));
    let inner = inner.into_arena_str(&bump);
    let outer = outer.freeze(&bump);
    assert_eq!((&*inner, outer.as_str()), ("1-2", "key=xyz"));
    assert_eq!(outer.capacity(), 7);
    assert_eq!(bump.stats().allocated_bytes, 3 + 7);
}

/// Builds the same tree with a panic injected at every step (a ticking iterator, a `clone`
/// or a `drop`): each value is dropped exactly once, the scratch stack is empty afterwards,
/// and the next build in the same scratch is whole.
#[test]
fn nested_build_with_a_panic_at_every_step_drops_each_value_once() {
    quiet_injected_panics();
    let (depth, width) = if cfg!(miri) { (1, 2) } else { (2, 3) };
    let scratch = Scratch::new();
    let (expected, steps, clones, values_made) = {
        let bump = Bump::new();
        let log = Log::new();
        let steps = Steps::new(None);
        let tree = build(&bump, &scratch, &log, &steps, depth, width);
        let mut leaves = Vec::new();
        flatten(&tree, &mut leaves);
        let made = log.created();
        drop(tree);
        log.assert_all_dropped_once();
        (leaves, steps.taken.get(), made / 2, made)
    };
    assert_eq!(scratch.allocated_bytes(), 0);
    let mut failures = 0;
    let kinds = (0..steps).map(|k| (Some(k), None, None));
    let kinds = kinds
        .chain((0..clones).map(|k| (None, Some(k), None)))
        .chain([100, 101, 202, 300, 0, 1].map(|v| (None, None, Some(v))));
    for (panic_at, clone_at, drop_of) in kinds {
        let bump = Bump::new();
        let log = Log::new();
        if let Some(k) = clone_at {
            log.panic_on_clone(k);
        }
        if let Some(v) = drop_of {
            log.panic_on_drop_of(v);
        }
        let steps = Steps::new(panic_at);
        let result = catch_unwind(AssertUnwindSafe(|| {
            let tree = build(&bump, &scratch, &log, &steps, depth, width);
            let mut leaves = Vec::new();
            flatten(&tree, &mut leaves);
            drop(tree);
            leaves
        }));
        match result {
            Ok(leaves) => assert_eq!(leaves, expected),
            Err(_) => failures += 1,
        }
        log.assert_all_dropped_once();
        assert!(log.created() <= values_made + 1);
        assert_eq!(
            scratch.allocated_bytes(),
            0,
            "stack consistent after a panic"
        );
    }
    assert!(failures >= steps, "every step's injected panic fired");
    // The scratch still builds whole trees.
    let bump = Bump::new();
    let log = Log::new();
    let tree = build(&bump, &scratch, &log, &Steps::new(None), depth, width);
    let mut leaves = Vec::new();
    flatten(&tree, &mut leaves);
    assert_eq!(leaves, expected);
}

/// What a scratch model step does to one of the open builders, picked by index modulo the
/// number open (any of them, not only the newest).
#[derive(Clone, Debug)]
enum Op {
    Open(usize),
    Push(usize, u32),
    Pop(usize),
    Truncate(usize, usize),
    Clear(usize),
    ExtendFromSlice(usize, Vec<u32>),
    ExtendIter(usize, Vec<u32>),
    Reserve(usize, usize),
    Freeze(usize),
    Drop(usize),
    PanicOnClone(usize),
    Reset,
}

fn op() -> impl Strategy<Value = Op> {
    let b = 0..8usize;
    let x = 0..50u32;
    prop_oneof![
        3 => (0..6usize).prop_map(Op::Open),
        8 => (b.clone(), x.clone()).prop_map(|(b, x)| Op::Push(b, x)),
        1 => b.clone().prop_map(Op::Pop),
        1 => (b.clone(), 0..20usize).prop_map(|(b, n)| Op::Truncate(b, n)),
        1 => b.clone().prop_map(Op::Clear),
        2 => (b.clone(), prop::collection::vec(x.clone(), 0..12))
            .prop_map(|(b, xs)| Op::ExtendFromSlice(b, xs)),
        2 => (b.clone(), prop::collection::vec(x, 0..12)).prop_map(|(b, xs)| Op::ExtendIter(b, xs)),
        1 => (b.clone(), 0..30usize).prop_map(|(b, n)| Op::Reserve(b, n)),
        3 => b.clone().prop_map(Op::Freeze),
        1 => b.prop_map(Op::Drop),
        1 => (0..20usize).prop_map(Op::PanicOnClone),
        1 => Just(Op::Reset),
    ]
}

/// Runs `ops` on `ScratchVec`s and on `Vec`s side by side, comparing after every step;
/// frozen vectors stay alive, so the arena must hold exactly their elements.
fn run_model(ops: &[Op]) {
    quiet_injected_panics();
    let (log, model_log) = (Log::new(), Log::new());
    let bump = Bump::new();
    let mut scratch = Scratch::new();
    let mut frozen: Vec<ArenaVec<'_, Tracked>> = Vec::new();
    let mut model_frozen: Vec<Vec<Tracked>> = Vec::new();
    let mut ops = ops.iter().peekable();
    while ops.peek().is_some() {
        let mut open: Vec<ScratchVec<'_, Tracked>> = Vec::new();
        let mut model: Vec<Vec<Tracked>> = Vec::new();
        for op in ops.by_ref() {
            let pick = |b: usize| (!model.is_empty()).then(|| b % model.len());
            match *op {
                Op::Open(cap) => {
                    open.push(ScratchVec::with_capacity_in(cap, &scratch));
                    model.push(Vec::with_capacity(cap));
                }
                Op::Reset => break,
                Op::PanicOnClone(k) => {
                    log.panic_on_clone(k);
                    model_log.panic_on_clone(k);
                }
                ref op => {
                    let Some(b) = pick(op_target(op)) else {
                        continue;
                    };
                    step(
                        op,
                        b,
                        (&log, &mut open, &mut frozen, &bump),
                        (&model_log, &mut model, &mut model_frozen),
                    );
                }
            }
            assert_eq!(open.len(), model.len());
            for (v, m) in open.iter().zip(&model) {
                assert_eq!(values(v.iter()), values(m));
            }
            assert_eq!(frozen.len(), model_frozen.len());
            for (v, m) in frozen.iter().zip(&model_frozen) {
                assert_eq!(values(v), values(m));
                assert_eq!(v.capacity(), v.len(), "frozen at its exact size");
            }
            let frozen_len: usize = frozen.iter().map(ArenaVec::len).sum();
            assert_eq!(
                bump.stats().allocated_bytes,
                frozen_len * size_of::<Tracked>()
            );
            assert_eq!(log.live(), model_log.live());
        }
        // Close the rest newest first, as a parser unwinding would.
        while let Some(v) = open.pop() {
            drop(v);
            drop(model.pop());
        }
        drop(open);
        scratch.reset();
        assert_eq!(scratch.allocated_bytes(), 0);
    }
    drop(frozen);
    drop(model_frozen);
    log.assert_all_dropped_once();
    model_log.assert_all_dropped_once();
}

fn op_target(op: &Op) -> usize {
    match *op {
        Op::Push(b, _)
        | Op::Pop(b)
        | Op::Truncate(b, _)
        | Op::Clear(b)
        | Op::ExtendFromSlice(b, _)
        | Op::ExtendIter(b, _)
        | Op::Reserve(b, _)
        | Op::Freeze(b)
        | Op::Drop(b) => b,
        Op::Open(_) | Op::PanicOnClone(_) | Op::Reset => 0,
    }
}

type Side<'s, 'l, V, F> = (&'l Rc<Log>, &'l mut Vec<V>, &'l mut Vec<F>, &'s Bump);

/// Applies one op to builder `b` of the subject and of the model.
fn step<'a>(
    op: &Op,
    b: usize,
    (log, open, frozen, bump): Side<'a, '_, ScratchVec<'_, Tracked>, ArenaVec<'a, Tracked>>,
    (model_log, model, model_frozen): (&Rc<Log>, &mut Vec<Vec<Tracked>>, &mut Vec<Vec<Tracked>>),
) {
    let tag = |x: u32| (b as u32 + 1) * 1000 + x;
    match *op {
        Op::Push(_, x) => {
            open[b].push(log.make(tag(x)));
            model[b].push(model_log.make(tag(x)));
        }
        Op::Pop(_) => {
            drop(open[b].pop());
            drop(model[b].pop());
        }
        Op::Truncate(_, n) => {
            open[b].truncate(n);
            model[b].truncate(n);
        }
        Op::Clear(_) => {
            open[b].clear();
            model[b].clear();
        }
        Op::ExtendFromSlice(_, ref xs) => {
            let src: Vec<Tracked> = xs.iter().map(|&x| log.make(tag(x))).collect();
            let model_src: Vec<Tracked> = xs.iter().map(|&x| model_log.make(tag(x))).collect();
            let got = catch_unwind(AssertUnwindSafe(|| open[b].extend_from_slice(&src)));
            let want = catch_unwind(AssertUnwindSafe(|| model[b].extend_from_slice(&model_src)));
            assert_eq!(got.is_ok(), want.is_ok());
        }
        Op::ExtendIter(_, ref xs) => {
            open[b].extend(xs.iter().map(|&x| log.make(tag(x))));
            model[b].extend(xs.iter().map(|&x| model_log.make(tag(x))));
        }
        Op::Reserve(_, n) => {
            open[b].reserve(n);
            assert!(open[b].capacity() >= open[b].len() + n);
        }
        Op::Freeze(_) => {
            frozen.push(open.remove(b).freeze(bump));
            model_frozen.push(model.remove(b));
        }
        Op::Drop(_) => {
            drop(open.remove(b));
            drop(model.remove(b));
        }
        Op::Open(_) | Op::PanicOnClone(_) | Op::Reset => unreachable!(),
    }
}

/// Steps per case: fewer under Miri, where each one is about a thousand times slower.
const MAX_OPS: usize = if cfg!(miri) { 30 } else { 80 };

proptest! {
    #![proptest_config(cases(256))]

    #[test]
    fn scratch_builders_match_vec(ops in prop::collection::vec(op(), 0..MAX_OPS)) {
        run_model(&ops);
    }
}

#[test]
fn frozen_data_outlives_the_scratch() {
    let bump = Bump::new();
    let (numbers, name) = {
        let scratch = Scratch::new();
        let mut v = ScratchVec::new_in(&scratch);
        v.extend([1, 2, 3]);
        let mut s = ScratchString::new_in(&scratch);
        s.push_str("kept");
        (v.into_arena_slice(&bump), s.into_arena_str(&bump))
    };
    assert_eq!((&*numbers, &*name), (&[1, 2, 3][..], "kept"));
}
