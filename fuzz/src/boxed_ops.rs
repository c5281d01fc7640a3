//! The `boxed_ops` model: `ArenaBox`es of drop-logging elements in a few slots on one arena
//! (a `Bump` with small chunks, a `SyncBump` or a `LocalBump` handle), moved between their
//! forms: single values, boxed slices (from iterators that may panic, clones whose `Clone` may
//! panic, arrays unsized with `unsize_box!`), raw pointers (`into_raw` / `from_raw`), trait
//! objects (`dyn Any` and a `dyn` trait of the test's own), uninitialised boxes written later,
//! and partly consumed `IntoIter`s. Each slot is mirrored by the values a `Box` would hold.
//!
//! After every operation it checks:
//! - each slot holds the model's values, in order, at the address it had (unsizing, raw round
//!   trips, downcasts and `TryFrom` never move a value);
//! - every element held is alive, none is held twice, and the live elements are exactly those
//!   held: nothing dropped twice, nothing leaked, also after an injected panic;
//! - dropping a box, a boxed slice or an iterator drops exactly its elements, front to back;
//!   a `downcast` to the wrong type and a failed `TryFrom` drop nothing and give the box back.
//!
//! At the end every slot is dropped and no element may be left alive.

use core::any::Any;

use arbitrary::{Arbitrary, Unstructured};
use bumpkit::collections::boxed::IntoIter;
use bumpkit::{Arena, ArenaBox, Bump, unsize_box};

use crate::tracked::{INJECTED, PanicIn, Registry, Tracked, catch_injected, quiet_injected_panics};

/// Operations after this many are ignored.
const MAX_OPS: usize = 512;
/// How many slots share the arena.
const SLOTS: usize = 4;
/// Slices made from the input stay below this length.
const MAX_LEN: usize = 64;

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

/// One step; `u8` fields pick a slot (`% SLOTS`).
#[derive(Arbitrary, Debug)]
enum Op {
    /// `ArenaBox::new_in` of one element.
    New(u8, u32),
    /// `ArenaBox::from_iter_in` of a filtered (not exact-size) iterator that panics before
    /// its `n % (len + 1)`-th item when the flag is set.
    FromIter(u8, Vec<u32>, Option<u8>),
    /// A boxed `[Tracked; 3]` unsized to `[Tracked]` with `unsize_box!`.
    Array(u8, [u32; 3]),
    /// `from_slice_clone_in` of the first slot's slice into the second slot.
    CloneSlice(u8, u8),
    /// `new_uninit_in` then `ArenaBox::write`.
    UninitWrite(u8, u32),
    /// `new_uninit_slice_in(len)`, every slot written, `assume_init`.
    UninitSlice(u8, Vec<u32>),
    /// A single box to a raw pointer, or back with `from_raw`.
    Raw(u8),
    /// A single box unsized to `dyn Any`.
    ToAny(u8),
    /// A `dyn Any` downcast to `Tracked` (right) or to `u32` (wrong).
    Downcast(u8, bool),
    /// A single box or a boxed array unsized to the test's own `dyn Values`.
    ToDyn(u8),
    /// A boxed slice tried as a `[Tracked; 3]`, or a boxed array back to a slice.
    TryArray(u8),
    /// A boxed slice turned into its `IntoIter`, then `n` items taken from the front and `m`
    /// from the back.
    IntoIter(u8, u8, u8),
    /// `n` items taken from an iterator, from the back if the flag is set.
    Next(u8, u8, bool),
    /// The slot is emptied, dropping what it holds.
    Drop(u8),
    /// Arms a panic in the `n + 1`-th `Clone` or `Drop` from now.
    Arm(PanicIn, u8),
}

/// Values behind a `dyn` box.
trait Values {
    /// The values of the elements, in order.
    fn values(&self) -> Vec<u32>;
}

impl Values for Tracked {
    fn values(&self) -> Vec<u32> {
        vec![self.value]
    }
}

impl Values for [Tracked; 3] {
    fn values(&self) -> Vec<u32> {
        self.iter().map(|e| e.value).collect()
    }
}

/// What a slot holds.
#[derive(Default)]
enum Held<'a, A: Arena> {
    #[default]
    Empty,
    One(ArenaBox<'a, Tracked, A>),
    Slice(ArenaBox<'a, [Tracked], A>),
    Array(ArenaBox<'a, [Tracked; 3], A>),
    /// From `into_raw` of a box of `One`; given back by `from_raw` or at the end.
    Raw(*mut Tracked),
    Any(ArenaBox<'a, dyn Any, A>),
    Dyn(ArenaBox<'a, dyn Values, A>),
    Iter(IntoIter<'a, Tracked>),
}

impl<A: Arena> Held<'_, A> {
    /// The elements held, in drop order.
    fn elements(&self) -> Vec<&Tracked> {
        match self {
            Held::Empty => Vec::new(),
            Held::One(b) => vec![&**b],
            Held::Slice(b) => b.iter().collect(),
            Held::Array(b) => b.iter().collect(),
            // SAFETY: a `Raw` pointer came from `into_raw` of a live box of this arena, which
            // is still borrowed, and nothing else reaches it.
            Held::Raw(raw) => vec![unsafe { &**raw }],
            Held::Any(b) => b.downcast_ref::<Tracked>().into_iter().collect(),
            Held::Dyn(b) => {
                let address = ArenaBox::as_ptr(b).cast::<Tracked>();
                let len = b.values().len();
                // SAFETY: the `dyn Values` is a `Tracked` or a `[Tracked; 3]`, so `len`
                // elements start at its address, live while the box is.
                unsafe { core::slice::from_raw_parts(address, len) }
                    .iter()
                    .collect()
            }
            Held::Iter(it) => it.as_slice().iter().collect(),
        }
    }

    /// The address of the first element, if any.
    fn address(&self) -> Option<*const u8> {
        self.elements()
            .first()
            .map(|e| core::ptr::from_ref(*e).cast())
    }
}

/// The slots, their models and the registry of their elements.
struct State<'a, A: Arena> {
    arena: &'a A,
    registry: Registry,
    slots: [Held<'a, A>; SLOTS],
    model: [Vec<u32>; SLOTS],
}

fn run_on<A: Arena>(arena: &A, ops: &[Op]) {
    let registry = Registry::fresh();
    let mut state = State {
        arena,
        registry,
        slots: Default::default(),
        model: Default::default(),
    };
    for op in ops.iter().take(MAX_OPS) {
        registry.take_dropped();
        if !catch_injected(|| state.apply(op)) {
            // A half-done operation leaves what it leaves: the slots become the truth, and
            // the checks below judge them (an element dropped twice has already panicked).
            for (model, held) in state.model.iter_mut().zip(&state.slots) {
                *model = held.elements().iter().map(|e| e.value).collect();
            }
        }
        state.check();
    }
    registry.disarm();
    for slot in 0..SLOTS {
        state.drop_slot(slot);
    }
    drop(state);
    assert_eq!(registry.alive_count(), 0, "elements leaked");
}

/// Picks a slot.
fn pick(s: u8) -> usize {
    usize::from(s) % SLOTS
}

impl<'a, A: Arena> State<'a, A> {
    /// Puts `held` with its `values` in `slot`, dropping (and checking) what was there.
    fn put(&mut self, slot: usize, held: Held<'a, A>, values: Vec<u32>) {
        self.drop_slot(slot);
        self.slots[slot] = held;
        self.model[slot] = values;
    }

    /// Empties `slot`, checking that exactly its elements are dropped, front to back.
    fn drop_slot(&mut self, slot: usize) {
        let doomed: Vec<u64> = self.slots[slot].elements().iter().map(|e| e.id).collect();
        self.model[slot].clear();
        self.registry.take_dropped();
        match core::mem::take(&mut self.slots[slot]) {
            // SAFETY: the pointer came from `into_raw` of a box of this arena, still
            // borrowed, and is given back once: the slot no longer holds it.
            Held::Raw(raw) => drop(unsafe { ArenaBox::<'a, Tracked, A>::from_raw(raw) }),
            held => drop(held),
        }
        assert_eq!(
            self.registry.take_dropped(),
            doomed,
            "a slot drops its elements front to back"
        );
    }

    fn apply(&mut self, op: &Op) {
        let registry = self.registry;
        match *op {
            Op::New(s, x) => {
                let b = ArenaBox::new_in(registry.make(x), self.arena);
                self.put(pick(s), Held::One(b), vec![x]);
            }
            Op::FromIter(s, ref xs, panic_at) => {
                let xs = &xs[..xs.len().min(MAX_LEN)];
                let at = panic_at.map(|n| usize::from(n) % (xs.len() + 1));
                let items = xs
                    .iter()
                    .enumerate()
                    .filter(|_| true)
                    .map(|(i, &x)| {
                        if Some(i) == at {
                            panic!("{INJECTED}");
                        }
                        registry.make(x)
                    })
                    .chain(
                        core::iter::once(())
                            .filter(|()| at == Some(xs.len()))
                            .map(|()| -> Tracked { panic!("{INJECTED}") }),
                    );
                let b = ArenaBox::from_iter_in(items, self.arena);
                assert!(at.is_none(), "the iterator panics");
                self.put(pick(s), Held::Slice(b), xs.to_vec());
            }
            Op::Array(s, xs) => {
                let b = ArenaBox::new_in(xs.map(|x| registry.make(x)), self.arena);
                let address = ArenaBox::as_ptr(&b).cast::<u8>();
                let b = unsize_box!(b => [Tracked]);
                assert_eq!(ArenaBox::as_ptr(&b).cast::<u8>(), address, "unsizing moved");
                self.put(pick(s), Held::Slice(b), xs.to_vec());
            }
            Op::CloneSlice(from, to) => {
                let Held::Slice(src) = &self.slots[pick(from)] else {
                    return;
                };
                let copy = ArenaBox::from_slice_clone_in(src, self.arena);
                let values = self.model[pick(from)].clone();
                self.put(pick(to), Held::Slice(copy), values);
            }
            Op::UninitWrite(s, x) => {
                let slot = ArenaBox::<Tracked, A>::new_uninit_in(self.arena);
                let b = ArenaBox::write(slot, registry.make(x));
                self.put(pick(s), Held::One(b), vec![x]);
            }
            Op::UninitSlice(s, ref xs) => {
                let xs = &xs[..xs.len().min(MAX_LEN)];
                let mut slots = ArenaBox::<[Tracked], A>::new_uninit_slice_in(xs.len(), self.arena);
                for (slot, &x) in slots.iter_mut().zip(xs) {
                    slot.write(registry.make(x));
                }
                // SAFETY: every slot was just written (no user code runs in between).
                let b = unsafe { slots.assume_init() };
                self.put(pick(s), Held::Slice(b), xs.to_vec());
            }
            Op::Raw(s) => {
                let slot = &mut self.slots[pick(s)];
                let before = slot.address();
                *slot = match core::mem::take(slot) {
                    Held::One(b) => Held::Raw(ArenaBox::into_raw(b)),
                    // SAFETY: the pointer came from `into_raw` of a box of this arena, still
                    // borrowed, and is given back once.
                    Held::Raw(raw) => Held::One(unsafe { ArenaBox::from_raw(raw) }),
                    other => other,
                };
                assert_eq!(slot.address(), before, "a raw round trip moved the value");
            }
            Op::ToAny(s) => {
                let slot = &mut self.slots[pick(s)];
                *slot = match core::mem::take(slot) {
                    Held::One(b) => Held::Any(unsize_box!(b => dyn Any)),
                    other => other,
                };
            }
            Op::Downcast(s, right) => {
                let slot = &mut self.slots[pick(s)];
                let before = slot.address();
                *slot = match core::mem::take(slot) {
                    Held::Any(b) if right => Held::One(b.downcast::<Tracked>().expect("a Tracked")),
                    Held::Any(b) => {
                        let b = b.downcast::<u32>().expect_err("not a u32");
                        assert!(
                            registry.take_dropped().is_empty(),
                            "a failed downcast drops"
                        );
                        Held::Any(b)
                    }
                    other => other,
                };
                assert_eq!(slot.address(), before, "a downcast moved the value");
            }
            Op::ToDyn(s) => {
                let slot = &mut self.slots[pick(s)];
                *slot = match core::mem::take(slot) {
                    Held::One(b) => Held::Dyn(unsize_box!(b => dyn Values)),
                    Held::Array(b) => Held::Dyn(unsize_box!(b => dyn Values)),
                    other => other,
                };
            }
            Op::TryArray(s) => {
                let slot = &mut self.slots[pick(s)];
                let before = slot.address();
                *slot = match core::mem::take(slot) {
                    Held::Slice(b) => match ArenaBox::<[Tracked; 3], A>::try_from(b) {
                        Ok(array) => Held::Array(array),
                        Err(b) => {
                            assert_ne!(b.len(), 3, "a 3-slice is a [T; 3]");
                            assert!(registry.take_dropped().is_empty(), "a failed TryFrom drops");
                            Held::Slice(b)
                        }
                    },
                    Held::Array(b) => Held::Slice(b.into()),
                    other => other,
                };
                assert_eq!(slot.address(), before, "TryFrom moved the value");
            }
            Op::IntoIter(s, front, back) => {
                let slot = &mut self.slots[pick(s)];
                *slot = match core::mem::take(slot) {
                    Held::Slice(b) => Held::Iter(b.into_iter()),
                    other => other,
                };
                self.next(s, front, false);
                self.next(s, back, true);
            }
            Op::Next(s, n, back) => self.next(s, n, back),
            Op::Drop(s) => self.drop_slot(pick(s)),
            Op::Arm(kind, n) => registry.arm(kind, u32::from(n)),
        }
    }

    /// Takes `n` items from the iterator in slot `s` (from the back if `back`), checking them
    /// against std's iterator over a `Box<[u32]>` of the model.
    fn next(&mut self, s: u8, n: u8, back: bool) {
        let registry = self.registry;
        let (Held::Iter(it), model) = (&mut self.slots[pick(s)], &mut self.model[pick(s)]) else {
            return;
        };
        let n = usize::from(n).min(model.len());
        let mut std_iter = model.clone().into_boxed_slice().into_iter();
        for _ in 0..n {
            let (got, want) = if back {
                (it.next_back(), std_iter.next_back())
            } else {
                (it.next(), std_iter.next())
            };
            let got = got.expect("the iterator has items left");
            assert_eq!(Some(got.value), want, "IntoIter yields as std's");
            let id = got.id;
            drop(got);
            assert_eq!(
                registry.take_dropped(),
                [id],
                "an item yielded is dropped once"
            );
        }
        assert_eq!(it.len(), std_iter.len());
        *model = std_iter.collect();
    }

    /// Compares the slots with the model and every element with the registry.
    fn check(&self) {
        let mut seen = std::collections::BTreeSet::new();
        for (held, model) in self.slots.iter().zip(&self.model) {
            let elements = held.elements();
            assert!(
                elements.iter().map(|e| e.value).eq(model.iter().copied()),
                "contents differ"
            );
            if let Held::Dyn(b) = held {
                assert_eq!(&b.values(), model, "the dyn box reads its values");
            }
            for e in elements {
                assert!(self.registry.is_alive(e.id), "element {} is dropped", e.id);
                assert!(seen.insert(e.id), "element {} is in two places", e.id);
            }
        }
        assert_eq!(self.registry.alive_count(), seen.len(), "elements leaked");
    }
}
