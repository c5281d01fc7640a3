//! The `make` model: `make_slice`, `make_string`, `make_object` and `make_object_with`
//! through a `Maker` on a `Bump`, a `SyncBump` or a `LocalBump`, with arbitrary (including
//! contradictory and overflowing) lengths and capacities, element types of every shape, an
//! allocation limit, and `Default` or the closure panicking at a step the fuzzer picks.
//!
//! It checks the documented outcome of every request:
//! - `len > cap` is `InvalidArgument`; `cap` elements past `isize::MAX` bytes are
//!   `SizeOverflow`; a request past the limit is `LimitReached`; none of them allocates;
//! - otherwise the vector has `len` default elements, room for `cap` (pushing up to `cap`
//!   does not move it), and is aligned; strings and objects hold what was asked;
//! - when `Default` or the closure panics, every element made before is dropped exactly
//!   once and the arena stays usable; dropping a vector drops each element once.

use core::cell::Cell;
use core::fmt::Debug;

use arbitrary::{Arbitrary, Unstructured};
use bumpkit::{AllocErrorKind, Arena, Bump, LocalBump, Maker, Stats, SyncBump};

use crate::tracked::{INJECTED, catch_injected, quiet_injected_panics};

/// Operations after this many are ignored.
const MAX_OPS: usize = 256;
/// Zero-sized elements are made one by one: their lengths stay below this.
const MAX_ZST_LEN: usize = 4096;
/// Capacities of more bytes than this are only asked for under a limit (which they pass).
const BIG_BYTES: usize = 64 << 20;

/// Runs one fuzz input.
///
/// # Panics
///
/// Panics (a crash, to libFuzzer) when the crate breaks one of the promises above.
pub fn run(data: &[u8]) {
    let u = Unstructured::new(data);
    let Ok(input) = Input::arbitrary_take_rest(u) else {
        return;
    };
    quiet_injected_panics();
    LIVE.set(0);
    let limit = input.limit.map(|l| l as usize % (8 << 20));
    match input.arena % 3 {
        0 => {
            let bump = Bump::builder().allocation_limit(limit).build();
            run_on(&bump, limit, &input.ops);
        }
        1 => {
            let arena = Bump::builder().allocation_limit(limit).build_sync();
            run_on(&arena, limit, &input.ops);
        }
        _ => {
            let arena = Bump::builder().allocation_limit(limit).build_sync();
            run_on(&arena.local(), limit, &input.ops);
        }
    }
    assert_eq!(LIVE.get(), 0, "every counted element is dropped");
}

#[derive(Arbitrary, Debug)]
struct Input {
    arena: u8,
    limit: Option<u32>,
    ops: Vec<Op>,
}

#[derive(Arbitrary, Debug)]
enum Op {
    Slice(Elem, Count, Count),
    String(String),
    Object(Elem),
    /// `make_object_with` of a `[u64; 16]`, the closure panicking if the flag is set.
    ObjectWith(u64, bool),
    /// Makes the `n + 1`-th `Counted::default` from now panic.
    ArmDefault(u8),
}

/// The element type of a request.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Elem {
    U8,
    U64,
    Odd,
    Aligned,
    Zst,
    PageZst,
    Counted,
}

/// A length or capacity.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Count {
    Small(u16),
    /// `usize::MAX - k`.
    Max(u8),
    /// Just past `isize::MAX` bytes of the element.
    PastIsize(u8),
    /// Tens of millions of elements: more than any limit.
    Big(u8),
}

/// A 3-byte element (size not a power of two).
#[derive(Default, Debug, PartialEq, Clone, Copy)]
struct Odd([u8; 3]);

/// An element aligned past the chunk alignment.
#[derive(Default, Debug, PartialEq, Clone, Copy)]
#[repr(align(64))]
struct Aligned(u32);

/// A zero-sized element with a page alignment.
#[derive(Default, Debug, PartialEq, Clone, Copy)]
#[repr(align(4096))]
struct PageZst;

thread_local! {
    /// `Counted` elements alive.
    static LIVE: Cell<usize> = const { Cell::new(0) };
    /// `Counted::default` calls before the armed panic.
    static DEFAULTS_LEFT: Cell<Option<u32>> = const { Cell::new(None) };
}

/// An element that counts itself alive, and whose `Default` can panic.
#[derive(Debug, PartialEq)]
struct Counted(u8);

impl Default for Counted {
    fn default() -> Self {
        match DEFAULTS_LEFT.get() {
            Some(0) => {
                DEFAULTS_LEFT.set(None);
                panic!("{INJECTED}");
            }
            Some(n) => DEFAULTS_LEFT.set(Some(n - 1)),
            None => {}
        }
        LIVE.set(LIVE.get() + 1);
        Counted(7)
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let live = LIVE.get();
        assert!(live > 0 && self.0 == 7, "a Counted dropped twice");
        self.0 = 0;
        LIVE.set(live - 1);
    }
}

/// The figures of an arena.
trait Figures {
    fn figures(&self) -> Stats;
}

impl Figures for Bump {
    fn figures(&self) -> Stats {
        self.stats()
    }
}

impl Figures for SyncBump {
    fn figures(&self) -> Stats {
        self.stats()
    }
}

impl Figures for LocalBump<'_> {
    fn figures(&self) -> Stats {
        self.arena().stats()
    }
}

fn run_on<A: Arena + Figures>(arena: &A, limit: Option<usize>, ops: &[Op]) {
    let maker = Maker::new(arena);
    for op in ops.iter().take(MAX_OPS) {
        match op {
            Op::Slice(elem, len, cap) => match elem {
                Elem::U8 => slice::<u8, A>(maker, limit, *len, *cap),
                Elem::U64 => slice::<u64, A>(maker, limit, *len, *cap),
                Elem::Odd => slice::<Odd, A>(maker, limit, *len, *cap),
                Elem::Aligned => slice::<Aligned, A>(maker, limit, *len, *cap),
                Elem::Zst => slice::<(), A>(maker, limit, *len, *cap),
                Elem::PageZst => slice::<PageZst, A>(maker, limit, *len, *cap),
                Elem::Counted => slice::<Counted, A>(maker, limit, *len, *cap),
            },
            Op::String(s) => match maker.try_make_string(s) {
                Ok(made) => assert_eq!(made, s),
                Err(err) => {
                    assert_eq!(err.kind(), AllocErrorKind::LimitReached, "{err}");
                    assert!(limit.is_some() && !s.is_empty(), "{err}");
                }
            },
            Op::Object(elem) => match elem {
                Elem::U8 => object::<u8, A>(maker, limit),
                Elem::U64 => object::<u64, A>(maker, limit),
                Elem::Odd => object::<Odd, A>(maker, limit),
                Elem::Aligned => object::<Aligned, A>(maker, limit),
                Elem::Zst => object::<(), A>(maker, limit),
                Elem::PageZst => object::<PageZst, A>(maker, limit),
                // A `Counted` made by `make_object` is never dropped (the arena does not drop
                // what it hands out), which would unbalance the count.
                Elem::Counted => {}
            },
            Op::ObjectWith(x, panics) => {
                let called = Cell::new(false);
                let made = catch_injected(|| {
                    let result = maker.try_make_object_with(|| {
                        called.set(true);
                        if *panics {
                            panic!("{INJECTED}");
                        }
                        [*x; 16]
                    });
                    match result {
                        Ok(array) => assert_eq!(*array, [*x; 16]),
                        Err(err) => {
                            assert_eq!(err.kind(), AllocErrorKind::LimitReached, "{err}");
                            assert!(!called.get(), "the closure runs only with memory");
                        }
                    }
                });
                assert_eq!(made, !(*panics && called.get()));
                // The arena is still usable after the panic.
                object::<u64, A>(maker, limit);
            }
            Op::ArmDefault(n) => DEFAULTS_LEFT.set(Some(u32::from(*n))),
        }
    }
    DEFAULTS_LEFT.set(None);
}

/// Turns a `Count` into a number of `T`s.
fn count<T>(count: Count) -> usize {
    let size = size_of::<T>().max(1);
    match count {
        Count::Small(n) => usize::from(n) % 600,
        Count::Max(k) => usize::MAX - usize::from(k),
        Count::PastIsize(k) => (isize::MAX as usize / size).saturating_add(1 + usize::from(k)),
        Count::Big(k) => (BIG_BYTES / size + 1) * (1 + usize::from(k % 4)),
    }
}

fn slice<T: Default + PartialEq + Debug, A: Arena + Figures>(
    maker: Maker<'_, A>,
    limit: Option<usize>,
    len: Count,
    cap: Count,
) {
    let (len, cap) = (count::<T>(len), count::<T>(cap));
    let zst = size_of::<T>() == 0;
    let bytes = cap.checked_mul(size_of::<T>());
    let overflows = bytes.is_none_or(|b| b > isize::MAX as usize - (align_of::<T>() - 1));
    if len <= cap {
        if zst && len > MAX_ZST_LEN {
            return;
        }
        if !overflows && bytes.is_some_and(|b| b > BIG_BYTES) && limit.is_none() {
            return;
        }
    }
    let before = maker.arena().figures();
    let live = LIVE.get();
    let mut result = None;
    let finished = catch_injected(|| result = Some(maker.try_make_slice::<T>(len, cap)));
    // The armed panic is for this request only.
    DEFAULTS_LEFT.set(None);
    let after = maker.arena().figures();
    let Some(result) = result else {
        assert!(!finished);
        assert_eq!(
            LIVE.get(),
            live,
            "the elements made before the panic are dropped"
        );
        return;
    };
    match result {
        Err(err) => {
            let expected = if len > cap {
                AllocErrorKind::InvalidArgument
            } else if overflows {
                AllocErrorKind::SizeOverflow
            } else {
                assert!(limit.is_some(), "{err}");
                AllocErrorKind::LimitReached
            };
            assert_eq!(err.kind(), expected, "len {len} cap {cap}: {err}");
            assert_eq!(after.reserved_bytes, before.reserved_bytes, "{err}");
            assert_eq!(LIVE.get(), live);
        }
        Ok(mut v) => {
            assert!(len <= cap && !overflows, "len {len} cap {cap} was accepted");
            assert_eq!(v.len(), len);
            assert!(v.capacity() >= cap);
            assert_eq!(v.as_ptr() as usize % align_of::<T>(), 0);
            assert!(v.iter().all(|e| *e == T::default()));
            let start = v.as_ptr();
            let room = (cap - len).min(64);
            for _ in 0..room {
                v.push(T::default());
            }
            assert_eq!(
                v.as_ptr(),
                start,
                "pushing up to the capacity does not move"
            );
            assert_eq!(v.len(), len + room);
            drop(v);
            assert_eq!(
                LIVE.get(),
                live,
                "dropping the vector drops each element once"
            );
        }
    }
}

fn object<T: Default + PartialEq + Debug, A: Arena + Figures>(
    maker: Maker<'_, A>,
    limit: Option<usize>,
) {
    match maker.try_make_object::<T>() {
        Ok(object) => {
            assert_eq!(*object, T::default());
            assert_eq!(core::ptr::from_mut(object) as usize % align_of::<T>(), 0);
        }
        Err(err) => {
            assert_eq!(err.kind(), AllocErrorKind::LimitReached, "{err}");
            assert!(limit.is_some());
        }
    }
}
