//! The make family: zero values, slices with a length and a capacity, strings, the `Maker`
//! handle, bad arguments, panicking `Default` and closures, and the Go stress body.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};

use bumpkit::{AllocErrorKind, Arena, Bump, LocalBump, Maker, SyncBump};
use static_assertions::{assert_impl_all, assert_not_impl_any};

use crate::common::panic_message;

assert_impl_all!(Maker<'static>: Copy, core::fmt::Debug);
assert_not_impl_any!(Maker<'static>: Send, Sync);
assert_impl_all!(Maker<'static, SyncBump>: Copy, Send, Sync);
assert_impl_all!(Maker<'static, LocalBump<'static>>: Copy);
assert_not_impl_any!(Maker<'static, LocalBump<'static>>: Send, Sync);

#[derive(Default, Debug, PartialEq)]
struct Pair {
    a: i64,
    b: i64,
}

#[repr(align(64))]
#[derive(Default, Debug, PartialEq)]
struct Aligned64(u8);

#[derive(Default, Debug, PartialEq)]
struct Zst;

thread_local! {
    static MADE: Cell<usize> = const { Cell::new(0) };
    static DROPPED: Cell<usize> = const { Cell::new(0) };
    static PANIC_AT: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// Counts constructions and drops; its `Default` panics on the `PANIC_AT`-th call.
struct Counted;

impl Counted {
    fn reset(panic_at: usize) {
        MADE.set(0);
        DROPPED.set(0);
        PANIC_AT.set(panic_at);
    }
}

impl Default for Counted {
    fn default() -> Self {
        assert!(
            MADE.get() != PANIC_AT.get(),
            "default number {}",
            MADE.get()
        );
        MADE.set(MADE.get() + 1);
        Counted
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        DROPPED.set(DROPPED.get() + 1);
    }
}

#[test]
fn make_object_gives_the_zero_value() {
    let bump = Bump::new();
    let pair = bump.make_object::<Pair>();
    assert_eq!(*pair, Pair::default());
    pair.a = 1;
    pair.b = 2;
    assert_eq!(*bump.make_object::<String>(), "");
    assert_eq!(*pair, Pair { a: 1, b: 2 });
    let aligned: *const Aligned64 = bump.make_object::<Aligned64>();
    assert_eq!(aligned as usize % 64, 0);
    let before = bump.stats().allocated_bytes;
    assert_eq!(*bump.make_object::<Zst>(), Zst);
    assert_eq!(
        bump.stats().allocated_bytes,
        before,
        "a ZST takes no memory"
    );
}

#[test]
fn make_object_with_writes_the_closures_value() {
    let bump = Bump::new();
    let big = bump.make_object_with(|| [9u64; 512]);
    assert!(big.iter().all(|&x| x == 9));
    let make = bump.maker();
    assert_eq!(
        *make.make_object_with(|| Pair { a: 5, b: 6 }),
        Pair { a: 5, b: 6 }
    );
    assert_eq!(*make.try_make_object_with(|| 1u8).unwrap(), 1);
}

#[test]
fn a_panicking_closure_or_default_makes_nothing_and_the_arena_stays_usable() {
    let bump = Bump::new();
    let result = catch_unwind(AssertUnwindSafe(|| {
        bump.make_object_with::<Pair>(|| panic!("no pair today"))
    }));
    assert_eq!(panic_message(result), "no pair today");
    Counted::reset(0);
    let result = catch_unwind(AssertUnwindSafe(|| {
        let _ = bump.make_object::<Counted>();
    }));
    assert_eq!(panic_message(result), "default number 0");
    assert_eq!((MADE.get(), DROPPED.get()), (0, 0));
    assert_eq!(*bump.make_object::<Pair>(), Pair::default());
}

#[test]
fn make_slice_has_len_defaults_and_room_for_cap() {
    let bump = Bump::new();
    let mut v = bump.make_slice::<i64>(10, 10);
    assert_eq!((v.len(), v.capacity()), (10, 10));
    assert!(v.iter().all(|&x| x == 0));
    v[0] = 7;
    v.push(1); // grows past `cap`
    assert_eq!((v.len(), v[0], v[10]), (11, 7, 1));
    assert!(v.capacity() >= 11);

    let mut w = bump.maker().make_slice::<String>(2, 5);
    let buffer = w.as_ptr();
    w.extend(["a".into(), "b".into(), "c".into()]);
    assert_eq!(w.as_ptr(), buffer, "no reallocation up to cap");
    assert_eq!(w, ["", "", "a", "b", "c"]);

    let empty = bump.make_slice::<u8>(0, 0);
    assert!(empty.is_empty());
}

#[test]
fn make_slice_handles_zero_sized_and_over_aligned_elements() {
    let bump = Bump::new();
    let zsts = bump.make_slice::<Zst>(1000, 1000);
    assert_eq!(zsts.len(), 1000);
    assert_eq!(bump.stats().allocated_bytes, 0);
    let aligned = bump.make_slice::<Aligned64>(3, 4);
    assert_eq!(aligned.as_ptr() as usize % 64, 0);
    assert_eq!(aligned[2], Aligned64(0));
}

#[test]
fn make_slice_rejects_a_length_over_the_capacity() {
    let bump = Bump::new();
    let err = bump.try_make_slice::<u32>(11, 10).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::InvalidArgument);
    assert_eq!(
        err.to_string(),
        "bumpkit: a slice length of 11 exceeds its capacity of 10 (invalid argument)"
    );
    let message = panic_message(catch_unwind(|| {
        bump.make_slice::<u32>(usize::MAX, 1);
    }));
    assert!(message.contains("exceeds its capacity of 1"), "{message}");
    assert_eq!(
        bump.stats().allocated_bytes,
        0,
        "nothing allocated for a bad request"
    );
}

#[test]
fn make_slice_rejects_a_capacity_whose_size_overflows() {
    let bump = Bump::new();
    let err = bump
        .maker()
        .try_make_slice::<u64>(0, usize::MAX / 4)
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    let message = panic_message(catch_unwind(|| {
        bump.make_slice::<[u8; 16]>(1, usize::MAX);
    }));
    assert!(message.contains("elements of 16 bytes"), "{message}");
}

#[test]
fn make_slice_drops_what_default_made_before_it_panicked() {
    let bump = Bump::new();
    for panic_at in [0, 1, 5, 9] {
        Counted::reset(panic_at);
        let result = catch_unwind(AssertUnwindSafe(|| {
            bump.make_slice::<Counted>(10, 10);
        }));
        assert_eq!(panic_message(result), format!("default number {panic_at}"));
        assert_eq!((MADE.get(), DROPPED.get()), (panic_at, panic_at));
    }
    Counted::reset(usize::MAX);
    let v = bump.make_slice::<Counted>(4, 8);
    assert_eq!(MADE.get(), 4);
    drop(v);
    assert_eq!(DROPPED.get(), 4, "a slice drops its elements, once each");
    assert_eq!(*bump.make_object::<u8>(), 0, "the arena is still usable");
}

#[test]
fn make_string_copies_the_text() {
    let bump = Bump::new();
    let source = String::from("a 31-byte string for the bench!");
    assert_eq!(source.len(), 31);
    let copy = bump.make_string(&source);
    assert_ne!(copy.as_ptr(), source.as_ptr());
    drop(source);
    assert_eq!(copy, "a 31-byte string for the bench!");
    assert_eq!(bump.maker().make_string("héllo, 世界"), "héllo, 世界");
    assert_eq!(bump.try_make_string("").unwrap(), "");
    assert_eq!(bump.try_make_string("tried").unwrap(), "tried");
}

#[test]
fn make_string_with_capacity_fills_without_reallocating() {
    let bump = Bump::new();
    let mut s = bump.make_string_with_capacity(31);
    assert!(s.is_empty());
    assert_eq!(s.capacity(), 31);
    s.push_str("a 31-byte string");
    let buffer = s.as_ptr();
    s.push_str(" for the bench!");
    assert_eq!((s.as_ptr(), s.len()), (buffer, 31));
    s.push('+'); // grows past the capacity like any string
    assert_eq!(s, "a 31-byte string for the bench!+");
    let err = bump
        .maker()
        .try_make_string_with_capacity(usize::MAX)
        .unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
    let message = panic_message(catch_unwind(|| {
        let _ = bump.make_string_with_capacity(usize::MAX);
    }));
    assert!(message.starts_with("bumpkit: cannot allocate"), "{message}");
}

/// A function that allocates into whatever arena it is given.
#[expect(
    clippy::approx_constant,
    reason = "the Go benchmark stores this literal"
)]
fn stress_body<A: Arena>(make: Maker<'_, A>) -> usize {
    #[derive(Default)]
    struct Mixed<'s> {
        a: i64,
        b: &'s str,
        c: [i64; 10],
    }
    let x = make.make_object_with(|| 42i64);
    let y = make.make_object_with(|| 123_456_789i64);
    let z = make.make_object_with(|| 3.14159f64);
    let m = make.make_object::<Mixed<'_>>();
    m.a = 1;
    m.b = "test";
    let mut ints = make.make_slice::<i64>(5, 10);
    for (i, slot) in ints.iter_mut().enumerate() {
        *slot = i as i64;
    }
    let mut strs = make.make_slice::<&str>(3, 5);
    strs[0] = "hello";
    strs[1] = "world";
    let mut bytes = make.make_slice::<u8>(100, 200);
    for (j, byte) in bytes.iter_mut().enumerate() {
        *byte = (j % 256) as u8;
    }
    let s = make.make_string("various sizes test");
    assert_eq!(
        (*x, *y, *z, m.a, m.b, m.c[9]),
        (42, 123_456_789, 3.14159, 1, "test", 0)
    );
    assert_eq!(
        (ints[4], strs[1], bytes[99], s),
        (4, "world", 99, "various sizes test")
    );
    ints.len() + strs.len() + bytes.len() + s.len()
}

#[test]
fn the_go_stress_body_runs_through_a_maker_and_resets() {
    let mut bump = Bump::new();
    for _ in 0..3 {
        assert_eq!(stress_body(bump.maker()), 5 + 3 + 100 + 18);
        assert!(bump.stats().allocated_bytes > 0);
        bump.reset();
    }
    assert_eq!(bump.stats().chunk_count, 1);
}

#[test]
fn the_go_stress_body_runs_on_the_thread_safe_arena_and_its_local_handles() {
    let mut arena = SyncBump::new();
    std::thread::scope(|s| {
        let make = arena.maker();
        for _ in 0..2 {
            s.spawn(move || assert_eq!(stress_body(make), 126));
            s.spawn(|| assert_eq!(stress_body(arena.local().maker()), 126));
        }
    });
    arena.reset();
    assert_eq!(stress_body(arena.maker()), 126);
}

#[test]
fn make_slice_panics_cleanly_on_the_thread_safe_arena() {
    let arena = SyncBump::new();
    Counted::reset(3);
    let result = catch_unwind(AssertUnwindSafe(|| {
        arena.maker().make_slice::<Counted>(5, 5);
    }));
    assert_eq!(panic_message(result), "default number 3");
    assert_eq!((MADE.get(), DROPPED.get()), (3, 3));
    let err = arena.maker().try_make_slice::<u8>(3, 2).unwrap_err();
    assert_eq!(err.kind(), AllocErrorKind::InvalidArgument);
}

#[test]
fn a_maker_is_a_copy_of_the_arena_reference() {
    let bump = Bump::new();
    let make = bump.maker();
    let copy = make;
    assert!(core::ptr::eq(make.arena(), copy.arena()));
    assert!(core::ptr::eq(Maker::new(&bump).arena(), &raw const bump));
    assert!(format!("{make:?}").starts_with("Maker { arena: Bump"));
}
