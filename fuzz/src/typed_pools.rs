//! The `typed_pools` model: a `TypedArena` and a `Pool` of drop-logging elements, driven by
//! arbitrary operations and checked against a model of what each holds.
//!
//! After every operation it checks:
//! - every reference and box still reads the value the model says, and no element is alive
//!   that the model does not expect (nothing dropped twice or early, nothing leaked);
//! - `TypedArena::clear`, `into_vec` and dropping the arena drop (or hand over) exactly its
//!   values, in allocation order, also when a destructor panics midway, and the items an
//!   `alloc_extend` iterator yielded before it panicked stay in the arena;
//! - room from `TypedArena::alloc_uninitialized` keeps the bytes written into it, overlaps
//!   no value and no other room, and is never dropped or counted; `reserve_extend` changes
//!   no value and no drop order;
//! - a `PoolBox` drops its value exactly when it is dropped (also when the destructor
//!   panics), `into_inner` hands the value over undropped, a leaked value is never dropped,
//!   `Pool::len` counts boxes and leaked values, and the next `alloc` takes the slot freed
//!   last.

use arbitrary::{Arbitrary, Unstructured};
use bumpkit::{Pool, PoolBox, TypedArena};

use crate::tracked::{INJECTED, PanicIn, Registry, Tracked, catch_injected, quiet_injected_panics};

/// Operations after this many are ignored.
const MAX_OPS: usize = 1024;

/// Runs one fuzz input.
pub fn run(data: &[u8]) {
    let u = Unstructured::new(data);
    let Ok(input) = Input::arbitrary_take_rest(u) else {
        return;
    };
    quiet_injected_panics();
    input.run();
}

#[derive(Arbitrary, Debug)]
struct Input {
    /// `with_capacity` for both containers (`% 64`), so chunk and block boundaries move.
    capacity: u8,
    ops: Vec<Op>,
}

#[derive(Arbitrary, Debug)]
enum Op {
    ArenaAlloc(u32),
    /// `alloc_extend` of these values; with `Some(n)` the iterator panics at item `n % len`.
    ArenaExtend(Vec<u32>, Option<u8>),
    /// Writes through a reference the arena handed out this round.
    ArenaSet(u16, u32),
    /// `reserve_extend(n % 64)`.
    ArenaReserve(u8),
    /// `alloc_uninitialized(n % 64)`, every byte of it then written with a pattern.
    ArenaUninit(u8),
    /// Ends the round; `clear`.
    ArenaClear,
    /// Ends the round; adds 1 to every value through `iter_mut`.
    ArenaIterMut,
    /// Ends the round; `into_vec`, then a fresh arena.
    ArenaIntoVec,
    PoolAlloc(u32),
    /// Drops a box.
    PoolDrop(u16),
    PoolIntoInner(u16),
    PoolLeak(u16),
    /// Writes through a box.
    PoolSet(u16, u32),
    /// Ends the round (every box is dropped, front to back); `clear`.
    PoolClear,
    Arm(PanicIn, u8),
}

/// What the model knows.
struct Model {
    registry: Registry,
    /// The arena's values in allocation order: id and value.
    arena: Vec<(u64, u32)>,
    /// Leaked pool values: alive until the end.
    leaked: usize,
    /// Leaked pool values still counted by `Pool::len` (until `clear`).
    leaked_in_pool: usize,
    /// Slots freed since the last `clear`, last freed on top.
    free_slots: Vec<usize>,
}

impl Input {
    fn run(self) {
        let registry = Registry::fresh();
        let capacity = usize::from(self.capacity % 64);
        let mut arena = TypedArena::with_capacity(capacity);
        let mut pool = Pool::with_capacity(capacity);
        let mut model = Model {
            registry,
            arena: Vec::new(),
            leaked: 0,
            leaked_in_pool: 0,
            free_slots: Vec::new(),
        };
        let mut ops = self.ops.iter().take(MAX_OPS);
        loop {
            let end = round(&arena, &pool, &mut ops, &mut model);
            registry.take_dropped();
            let ok = catch_injected(|| match end {
                Some(Op::ArenaClear) => {
                    let expected = model.arena_ids();
                    model.arena.clear();
                    // Even if a destructor panics, the rest are dropped before it goes on.
                    let ok = catch_injected(|| arena.clear());
                    assert_eq!(registry.take_dropped(), expected, "clear drops in order");
                    assert!(arena.is_empty());
                    if !ok {
                        panic!("{INJECTED}");
                    }
                }
                Some(Op::ArenaIterMut) => {
                    for (value, (_, model)) in arena.iter_mut().zip(&mut model.arena) {
                        value.value = value.value.wrapping_add(1);
                        *model = model.wrapping_add(1);
                    }
                    let ids: Vec<u64> = arena.iter_mut().map(|e| e.id).collect();
                    assert_eq!(ids, model.arena_ids(), "iter_mut goes in allocation order");
                }
                Some(Op::ArenaIntoVec) => {
                    let values = core::mem::replace(&mut arena, TypedArena::new()).into_vec();
                    let got: Vec<(u64, u32)> = values.iter().map(|e| (e.id, e.value)).collect();
                    assert_eq!(got, model.arena, "into_vec keeps allocation order");
                    assert!(registry.take_dropped().is_empty(), "into_vec drops nothing");
                    model.arena.clear();
                }
                Some(Op::PoolClear) => {
                    pool.clear();
                    assert!(pool.is_empty());
                    assert!(
                        registry.take_dropped().is_empty(),
                        "leaked values never drop"
                    );
                    model.free_slots.clear();
                    model.leaked_in_pool = 0;
                }
                _ => {}
            });
            if !ok {
                // A destructor panicked: the values were still dropped, the model holds.
                registry.disarm();
            }
            model.check_alive(0);
            if end.is_none() {
                break;
            }
        }
        registry.disarm();
        let expected = model.arena_ids();
        drop(arena);
        assert_eq!(
            registry.take_dropped(),
            expected,
            "the arena drops in allocation order"
        );
        drop(pool);
        assert_eq!(
            registry.alive_count(),
            model.leaked,
            "only leaked values stay alive"
        );
    }
}

impl Model {
    fn arena_ids(&self) -> Vec<u64> {
        self.arena.iter().map(|&(id, _)| id).collect()
    }

    /// Checks that exactly the arena's values, `boxes` pool values and the leaked ones live.
    fn check_alive(&self, boxes: usize) {
        assert_eq!(
            self.registry.alive_count(),
            self.arena.len() + boxes + self.leaked,
            "an element was dropped twice, early, or leaked"
        );
    }
}

/// Runs operations until one that needs `&mut` access (returned) or the end (`None`).
fn round<'o>(
    arena: &TypedArena<Tracked>,
    pool: &Pool<Tracked>,
    ops: &mut impl Iterator<Item = &'o Op>,
    model: &mut Model,
) -> Option<&'o Op> {
    // References handed out this round, with their index in `model.arena`.
    let mut refs: Vec<(usize, &mut Tracked)> = Vec::new();
    // Uninitialised room handed out this round, with the byte written all over it.
    let mut rooms: Vec<Room<'_>> = Vec::new();
    let mut boxes: Vec<PoolBox<'_, Tracked>> = Vec::new();
    let registry = model.registry;
    let mut end = None;
    for op in ops.by_ref() {
        if matches!(
            op,
            Op::ArenaClear | Op::ArenaIterMut | Op::ArenaIntoVec | Op::PoolClear
        ) {
            end = Some(op);
            break;
        }
        registry.take_dropped();
        let ok =
            catch_injected(|| apply(op, arena, pool, model, &mut refs, &mut boxes, &mut rooms));
        if !ok {
            registry.disarm();
        }
        for (index, value) in &refs {
            assert_eq!(value.value, model.arena[*index].1, "an arena value changed");
            assert_eq!(value.id, model.arena[*index].0);
        }
        for (room, byte) in &rooms {
            assert!(
                room_bytes(room).all(|b| b == *byte),
                "uninitialised room was overwritten"
            );
        }
        assert_eq!(pool.len(), boxes.len() + model.leaked_in_pool);
        model.check_alive(boxes.len());
    }
    // The boxes drop front to back, each with its value.
    let expected: Vec<u64> = boxes.iter().map(|b| b.id).collect();
    let slots = boxes.iter().map(slot_of);
    model.free_slots.extend(slots);
    registry.take_dropped();
    let ok = catch_injected(|| drop(boxes));
    if !ok {
        registry.disarm();
    }
    assert_eq!(registry.take_dropped(), expected, "boxes drop their values");
    end
}

fn apply<'p>(
    op: &Op,
    arena: &'p TypedArena<Tracked>,
    pool: &'p Pool<Tracked>,
    model: &mut Model,
    refs: &mut Vec<(usize, &'p mut Tracked)>,
    boxes: &mut Vec<PoolBox<'p, Tracked>>,
    rooms: &mut Vec<Room<'p>>,
) {
    let registry = model.registry;
    match *op {
        Op::ArenaAlloc(x) => {
            let value = arena.alloc(registry.make(x));
            model.arena.push((value.id, x));
            refs.push((model.arena.len() - 1, value));
        }
        Op::ArenaExtend(ref xs, panic_at) => {
            let made = std::cell::RefCell::new(Vec::new());
            let stop = panic_at
                .filter(|_| !xs.is_empty())
                .map(|n| usize::from(n) % xs.len());
            let result = catch_injected(|| {
                let slice = arena.alloc_extend(xs.iter().enumerate().map(|(i, &x)| {
                    if stop == Some(i) {
                        panic!("{INJECTED}");
                    }
                    let e = registry.make(x);
                    made.borrow_mut().push((e.id, x));
                    e
                }));
                assert_eq!(slice.len(), xs.len());
                let first = model.arena.len();
                for (i, value) in slice.iter_mut().enumerate() {
                    refs.push((first + i, value));
                }
            });
            // Whatever the iterator yielded is in the arena, in order, panic or not.
            model.arena.extend(made.take());
            if !result {
                panic!("{INJECTED}");
            }
        }
        Op::ArenaReserve(n) => arena.reserve_extend(usize::from(n % 64)),
        Op::ArenaUninit(n) => {
            let room = arena.alloc_uninitialized(usize::from(n % 64));
            assert_eq!(room.len(), usize::from(n % 64));
            let byte = (rooms.len() as u8).wrapping_mul(2) | 1;
            // SAFETY: the room is `room.len()` slots of writable memory handed to us alone;
            // any byte is a valid `MaybeUninit` byte.
            unsafe {
                room.as_mut_ptr()
                    .cast::<u8>()
                    .write_bytes(byte, size_of_val(room))
            };
            rooms.push((room, byte));
        }
        Op::ArenaSet(i, x) => {
            if !refs.is_empty() {
                let n = refs.len();
                let (index, value) = &mut refs[usize::from(i) % n];
                value.value = x;
                model.arena[*index].1 = x;
            }
        }
        Op::PoolAlloc(x) => {
            let b = pool.alloc(registry.make(x));
            let slot = slot_of(&b);
            if let Some(freed) = model.free_slots.pop() {
                assert_eq!(slot, freed, "alloc takes the slot freed last");
            }
            boxes.push(b);
        }
        Op::PoolDrop(i) | Op::PoolIntoInner(i) | Op::PoolLeak(i) => {
            if boxes.is_empty() {
                return;
            }
            let b = boxes.remove(usize::from(i) % boxes.len());
            let (id, slot) = (b.id, slot_of(&b));
            match op {
                Op::PoolDrop(_) => {
                    // The slot comes back even if the destructor panics.
                    model.free_slots.push(slot);
                    drop(b);
                    assert_eq!(registry.take_dropped(), [id], "a box drops its value");
                }
                Op::PoolIntoInner(_) => {
                    model.free_slots.push(slot);
                    let value = PoolBox::into_inner(b);
                    assert!(
                        registry.take_dropped().is_empty(),
                        "into_inner drops nothing"
                    );
                    assert_eq!(value.id, id);
                }
                _ => {
                    let value = PoolBox::leak(b);
                    assert_eq!(value.id, id);
                    model.leaked += 1;
                    model.leaked_in_pool += 1;
                }
            }
        }
        Op::PoolSet(i, x) => {
            if !boxes.is_empty() {
                let n = boxes.len();
                boxes[usize::from(i) % n].value = x;
                assert_eq!(boxes[usize::from(i) % n].value, x);
            }
        }
        Op::Arm(kind, n) => registry.arm(kind, u32::from(n)),
        Op::ArenaClear | Op::ArenaIterMut | Op::ArenaIntoVec | Op::PoolClear => {
            unreachable!("handled by the caller")
        }
    }
}

/// Uninitialised room of the arena and the byte it was filled with.
type Room<'p> = (&'p mut [core::mem::MaybeUninit<Tracked>], u8);

/// The bytes of a room.
fn room_bytes<'r>(room: &'r [core::mem::MaybeUninit<Tracked>]) -> impl Iterator<Item = u8> + 'r {
    // SAFETY: the room's bytes were all written when it was handed out, so reading them as
    // `u8` reads initialised memory, for as long as the room is borrowed.
    let bytes =
        unsafe { core::slice::from_raw_parts(room.as_ptr().cast::<u8>(), size_of_val(room)) };
    bytes.iter().copied()
}

/// The address of a box's slot.
fn slot_of(b: &PoolBox<'_, Tracked>) -> usize {
    core::ptr::from_ref::<Tracked>(b).addr()
}
