//! The `string_model` model: several `ArenaString`s interleaved on one arena (a `Bump` with
//! small chunks, a `SyncBump` or a `LocalBump` handle), each mirrored by a `String`, with
//! filler allocations between them so that growth moves and copies, and a `retain`
//! predicate that panics at a step the fuzzer picks.
//!
//! After every operation it checks that each string holds the model's text, is valid UTF-8,
//! and has `capacity() >= len()`; `drain`, `pop`, `remove` and `into_arena_str` hand out the
//! model's text; `from_utf8` accepts exactly what `core::str::from_utf8` accepts and reports
//! the same `valid_up_to`. After a panic in `retain` the string must still be valid UTF-8
//! (the model then takes its contents as the truth). `split_off`, `replace_range`,
//! `extend_from_within` and indexing at raw byte ranges (any bound kind, off char boundaries,
//! past the end) must give `String`'s result or panic with `String`'s message, leaving the
//! string as it was; `+=`, `+`, `from_utf8_lossy_in` and `from_utf16(_lossy)_in` give what
//! std gives.

use core::cell::Cell;
use core::fmt::Debug;
use core::ops::Bound;

use arbitrary::{Arbitrary, Unstructured};
use bumpkit::{Arena, ArenaString, ArenaVec, Bump};

use crate::tracked::{INJECTED, catch_expected, catch_injected, quiet_injected_panics};

/// Operations after this many are ignored.
const MAX_OPS: usize = 1024;
/// How many strings share the arena.
const STRINGS: usize = 3;

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

/// One step; `u8` fields pick a string, `u16` fields a byte index (moved back to a char
/// boundary).
#[derive(Arbitrary, Debug)]
enum Op {
    Push(u8, char),
    PushStr(u8, String),
    Insert(u8, u16, char),
    InsertStr(u8, u16, String),
    Remove(u8, u16),
    Pop(u8),
    Truncate(u8, u16),
    Clear(u8),
    /// `retain` dropping chars whose code is divisible by `n % 4 + 2`; with `Some(k)` the
    /// predicate panics on its `k`-th call.
    Retain(u8, u8, Option<u8>),
    /// `drain(a..b)`, taking `n` chars before dropping the drain.
    Drain(u8, u16, u16, u8),
    Reserve(u8, u16),
    ReserveExact(u8, u16),
    ShrinkToFit(u8),
    /// The second string becomes a clone of the first.
    CloneInto(u8, u8),
    /// `from_utf8` of these bytes replaces the string when they are valid.
    FromUtf8(u8, Vec<u8>),
    /// The string is leaked into the arena with `into_arena_str` and replaced.
    IntoArenaStr(u8),
    /// A byte vector of this length is made in the arena and leaked into it.
    Filler(u16),
    /// An edit at a byte index taken as it is (`% (len + 2)`), not moved to a char boundary:
    /// it must panic, leaving the string as it was, exactly when `String`'s would.
    AnyIndex(u8, u16, Edit),
    /// `split_off` at a raw byte index (`% (len + 2)`).
    SplitOff(u8, u16),
    ReplaceRange(u8, RawRange, String),
    AddAssign(u8, String),
    /// `s = s + text`.
    Add(u8, String),
    ExtendFromWithin(u8, RawRange),
    /// `&s[range]` and `s.get(range)`.
    Index(u8, RawRange),
    /// `from_utf8_lossy_in` of these bytes replaces the string.
    FromUtf8Lossy(u8, Vec<u8>),
    /// `from_utf16_in` (or `from_utf16_lossy_in` when the flag is set) of these units
    /// replaces the string when it succeeds.
    FromUtf16(u8, Vec<u16>, bool),
}

/// A byte range taken as it is: a start and an end bound, each `0` unbounded, `1` included
/// or else excluded, at an index `% (len + 3)`, so off char boundaries and past the end.
#[derive(Arbitrary, Clone, Copy, Debug)]
struct RawRange(u8, u16, u8, u16);

impl RawRange {
    fn bounds(self, len: usize) -> (Bound<usize>, Bound<usize>) {
        let bound = |kind: u8, at: u16| {
            let at = usize::from(at) % (len + 3);
            match kind % 3 {
                0 => Bound::Unbounded,
                1 => Bound::Included(at),
                _ => Bound::Excluded(at),
            }
        };
        (bound(self.0, self.1), bound(self.2, self.3))
    }
}

thread_local! {
    /// Set while [`same_as_std`] expects panics, so that the hook neither prints nor aborts.
    static EXPECTING_STD: Cell<bool> = const { Cell::new(false) };
}

/// Runs `std_op` and then `ours`, each catching a panic: both must return equal values, or
/// both panic with the same message. Returns the value, or `None` after the panics.
fn same_as_std<T: PartialEq + Debug>(
    what: &dyn Debug,
    std_op: impl FnOnce() -> T,
    ours: impl FnOnce() -> T,
) -> Option<T> {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !EXPECTING_STD.get() {
                previous(info);
            }
        }));
    });
    fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
        EXPECTING_STD.set(true);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        EXPECTING_STD.set(false);
        result.map_err(|payload| match payload.downcast::<String>() {
            Ok(message) => *message,
            Err(payload) => match payload.downcast::<&str>() {
                Ok(message) => (*message).to_owned(),
                Err(payload) => std::panic::resume_unwind(payload),
            },
        })
    }
    let want = quietly(std_op);
    let got = quietly(ours);
    assert_eq!(got, want, "{what:?} differs from std");
    want.ok()
}

/// What `Op::AnyIndex` does at its index.
#[derive(Arbitrary, Debug)]
enum Edit {
    Insert(char),
    InsertStr(String),
    Remove,
    Truncate,
    /// `drain(at..)`.
    DrainFrom,
    /// `drain(..at)`.
    DrainTo,
}

fn pick(s: u8) -> usize {
    usize::from(s) % STRINGS
}

/// The char boundary at or before `i % (len + 1)`.
fn boundary(s: &str, i: u16) -> usize {
    let mut i = usize::from(i) % (s.len() + 1);
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn run_on<A: Arena>(arena: &A, ops: &[Op]) {
    let mut strings: [ArenaString<'_, A>; STRINGS] = [
        ArenaString::new_in(arena),
        ArenaString::new_in(arena),
        ArenaString::new_in(arena),
    ];
    let mut model: [String; STRINGS] = Default::default();
    for op in ops.iter().take(MAX_OPS) {
        if !catch_injected(|| apply(arena, &mut strings, &mut model, op)) {
            for (model, s) in model.iter_mut().zip(&strings) {
                let text = core::str::from_utf8(s.as_bytes()).expect("valid after a panic");
                *model = text.to_owned();
            }
        }
        for (s, model) in strings.iter().zip(&model) {
            // UTF-8 first: printing a broken `str` in the message below would itself panic.
            let bytes = s.as_bytes();
            assert!(
                core::str::from_utf8(bytes).is_ok(),
                "not UTF-8: {bytes:?}, model {model:?}"
            );
            assert_eq!(s.as_str(), model.as_str());
            assert!(s.capacity() >= s.len());
        }
    }
}

fn apply<'a, A: Arena>(
    arena: &'a A,
    strings: &mut [ArenaString<'a, A>; STRINGS],
    model: &mut [String; STRINGS],
    op: &Op,
) {
    match *op {
        Op::Push(i, c) => {
            strings[pick(i)].push(c);
            model[pick(i)].push(c);
        }
        Op::PushStr(i, ref s) => {
            strings[pick(i)].push_str(s);
            model[pick(i)].push_str(s);
        }
        Op::Insert(i, at, c) => {
            let at = boundary(&model[pick(i)], at);
            strings[pick(i)].insert(at, c);
            model[pick(i)].insert(at, c);
        }
        Op::InsertStr(i, at, ref s) => {
            let at = boundary(&model[pick(i)], at);
            strings[pick(i)].insert_str(at, s);
            model[pick(i)].insert_str(at, s);
        }
        Op::Remove(i, at) => {
            let at = boundary(&model[pick(i)], at);
            if at < model[pick(i)].len() {
                assert_eq!(strings[pick(i)].remove(at), model[pick(i)].remove(at));
            }
        }
        Op::Pop(i) => assert_eq!(strings[pick(i)].pop(), model[pick(i)].pop()),
        Op::Truncate(i, at) => {
            let at = boundary(&model[pick(i)], at);
            strings[pick(i)].truncate(at);
            model[pick(i)].truncate(at);
        }
        Op::Clear(i) => {
            strings[pick(i)].clear();
            model[pick(i)].clear();
        }
        Op::Retain(i, n, panic_at) => {
            let divisor = u32::from(n % 4 + 2);
            let keep = |c: char| u32::from(c) % divisor != 0;
            model[pick(i)].retain(keep);
            let mut calls = 0u32;
            strings[pick(i)].retain(|c| {
                if panic_at.is_some_and(|k| u32::from(k) == calls) {
                    panic!("{INJECTED}");
                }
                calls += 1;
                keep(c)
            });
        }
        Op::Drain(i, a, b, n) => {
            let start = boundary(&model[pick(i)], a);
            let end = start + boundary(&model[pick(i)][start..], b);
            let want: String = model[pick(i)].drain(start..end).collect();
            let mut drain = strings[pick(i)].drain(start..end);
            let got: String = drain.by_ref().take(usize::from(n)).collect();
            drop(drain);
            assert!(
                want.starts_with(&got),
                "drain yields {got:?}, not from {want:?}"
            );
        }
        Op::Reserve(i, n) => {
            let s = &mut strings[pick(i)];
            s.reserve(usize::from(n));
            assert!(s.capacity() >= s.len() + usize::from(n));
        }
        Op::ReserveExact(i, n) => {
            let s = &mut strings[pick(i)];
            s.reserve_exact(usize::from(n));
            assert!(s.capacity() >= s.len() + usize::from(n));
        }
        Op::ShrinkToFit(i) => strings[pick(i)].shrink_to_fit(),
        Op::CloneInto(from, to) => {
            strings[pick(to)] = strings[pick(from)].clone();
            model[pick(to)] = model[pick(from)].clone();
        }
        Op::FromUtf8(i, ref bytes) => {
            let mut v = ArenaVec::new_in(arena);
            v.extend_from_slice(bytes);
            match (ArenaString::from_utf8(v), core::str::from_utf8(bytes)) {
                (Ok(s), Ok(text)) => {
                    assert_eq!(s.as_str(), text);
                    strings[pick(i)] = s;
                    model[pick(i)] = text.to_owned();
                }
                (Err(err), Err(want)) => {
                    assert_eq!(err.utf8_error(), want);
                    assert_eq!(err.as_bytes(), bytes.as_slice(), "the bytes come back");
                }
                (got, want) => panic!("from_utf8 disagrees with core: {got:?} vs {want:?}"),
            }
        }
        Op::IntoArenaStr(i) => {
            let s = core::mem::replace(&mut strings[pick(i)], ArenaString::new_in(arena));
            let text = s.into_arena_str();
            assert_eq!(text, model[pick(i)].as_str());
            model[pick(i)].clear();
        }
        Op::Filler(n) => {
            let n = usize::from(n) % 4096;
            let mut filler = ArenaVec::with_capacity_in(n, arena);
            filler.extend((0..n).map(|i| i as u8));
            let bytes = filler.into_arena_slice();
            assert!(bytes.iter().enumerate().all(|(i, &b)| b == i as u8));
        }
        Op::SplitOff(i, at) => {
            let (s, model) = (&mut strings[pick(i)], &mut model[pick(i)]);
            let at = usize::from(at) % (model.len() + 2);
            let cap = s.capacity();
            let split = same_as_std(
                op,
                || model.split_off(at),
                || {
                    let tail = s.split_off(at);
                    assert!(core::ptr::eq(tail.arena(), arena), "tail in the same arena");
                    tail.as_str().to_owned()
                },
            );
            if split.is_some() {
                assert_eq!(s.capacity(), cap, "split_off keeps the capacity");
            }
        }
        Op::ReplaceRange(i, range, ref text) => {
            let (s, model) = (&mut strings[pick(i)], &mut model[pick(i)]);
            let bounds = range.bounds(model.len());
            same_as_std(
                op,
                || model.replace_range(bounds, text),
                || s.replace_range(bounds, text),
            );
        }
        Op::AddAssign(i, ref text) => {
            strings[pick(i)] += text;
            model[pick(i)] += text;
        }
        Op::Add(i, ref text) => {
            let s = core::mem::replace(&mut strings[pick(i)], ArenaString::new_in(arena));
            strings[pick(i)] = s + text;
            model[pick(i)] = core::mem::take(&mut model[pick(i)]) + text;
        }
        Op::ExtendFromWithin(i, range) => {
            let (s, model) = (&mut strings[pick(i)], &mut model[pick(i)]);
            let bounds = range.bounds(model.len());
            // Allowed, not expected: the lint fires only where the main crate's MSRV applies.
            #[allow(
                clippy::incompatible_msrv,
                reason = "std's method of 1.87 is the model; tests and fuzzing use a newer Rust"
            )]
            same_as_std(
                op,
                || model.extend_from_within(bounds),
                || s.extend_from_within(bounds),
            );
        }
        Op::Index(i, range) => {
            let (s, model) = (&strings[pick(i)], &model[pick(i)]);
            let bounds = range.bounds(model.len());
            same_as_std(op, || model[bounds].to_owned(), || s[bounds].to_owned());
            assert_eq!(s.get(bounds), model.get(bounds));
        }
        Op::FromUtf8Lossy(i, ref bytes) => {
            let s = ArenaString::from_utf8_lossy_in(bytes, arena);
            let want = String::from_utf8_lossy(bytes);
            assert_eq!(s.as_str(), want);
            strings[pick(i)] = s;
            model[pick(i)] = want.into_owned();
        }
        Op::FromUtf16(i, ref units, lossy) => {
            if lossy {
                let s = ArenaString::from_utf16_lossy_in(units, arena);
                model[pick(i)] = String::from_utf16_lossy(units);
                assert_eq!(s.as_str(), model[pick(i)]);
                strings[pick(i)] = s;
            } else {
                match (
                    ArenaString::from_utf16_in(units, arena),
                    String::from_utf16(units),
                ) {
                    (Ok(s), Ok(want)) => {
                        assert_eq!(s.as_str(), want);
                        strings[pick(i)] = s;
                        model[pick(i)] = want;
                    }
                    (Err(err), Err(want)) => assert_eq!(err.to_string(), want.to_string()),
                    (got, want) => panic!("from_utf16 disagrees with std: {got:?} vs {want:?}"),
                }
            }
        }
        Op::AnyIndex(i, at, ref edit) => {
            let (s, model) = (&mut strings[pick(i)], &mut model[pick(i)]);
            let at = usize::from(at) % (model.len() + 2);
            let valid = match edit {
                Edit::Remove => at < model.len() && model.is_char_boundary(at),
                Edit::Truncate => at >= model.len() || model.is_char_boundary(at),
                _ => model.is_char_boundary(at),
            };
            if valid {
                assert_eq!(edit_at(s, at, edit), edit_at(model, at, edit));
            } else {
                let result = catch_expected(|| edit_at(s, at, edit));
                assert!(
                    result.is_err(),
                    "{edit:?} at byte {at} of {model:?} did not panic: {result:?}"
                );
            }
        }
    }
}

/// Applies `edit` at byte `at` to a string of either kind; returns what it removed.
fn edit_at(s: &mut impl Edited, at: usize, edit: &Edit) -> String {
    match edit {
        Edit::Insert(c) => s.insert_str_at(at, c.encode_utf8(&mut [0; 4])),
        Edit::InsertStr(text) => s.insert_str_at(at, text),
        Edit::Remove => return s.remove_at(at).into(),
        Edit::Truncate => s.truncate_to(at),
        Edit::DrainFrom => return s.drain_range(at, None),
        Edit::DrainTo => return s.drain_range(0, Some(at)),
    }
    String::new()
}

/// The edits of `Op::AnyIndex`, on `ArenaString` and on the model's `String`.
trait Edited {
    fn insert_str_at(&mut self, at: usize, text: &str);
    fn remove_at(&mut self, at: usize) -> char;
    fn truncate_to(&mut self, at: usize);
    /// `drain(start..end)`, or `drain(start..)` for `None`, collected.
    fn drain_range(&mut self, start: usize, end: Option<usize>) -> String;
}

impl Edited for String {
    fn insert_str_at(&mut self, at: usize, text: &str) {
        self.insert_str(at, text);
    }
    fn remove_at(&mut self, at: usize) -> char {
        self.remove(at)
    }
    fn truncate_to(&mut self, at: usize) {
        self.truncate(at);
    }
    fn drain_range(&mut self, start: usize, end: Option<usize>) -> String {
        match end {
            Some(end) => self.drain(start..end).collect(),
            None => self.drain(start..).collect(),
        }
    }
}

impl<A: Arena> Edited for ArenaString<'_, A> {
    fn insert_str_at(&mut self, at: usize, text: &str) {
        self.insert_str(at, text);
    }
    fn remove_at(&mut self, at: usize) -> char {
        self.remove(at)
    }
    fn truncate_to(&mut self, at: usize) {
        self.truncate(at);
    }
    fn drain_range(&mut self, start: usize, end: Option<usize>) -> String {
        match end {
            Some(end) => self.drain(start..end).collect(),
            None => self.drain(start..).collect(),
        }
    }
}
