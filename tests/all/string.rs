//! `ArenaString`: a proptest model against `String` with several strings interleaved on one
//! arena, in-place growth, boundary panics, panic safety of `retain`, and std parity.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};

use bumpkit::collections::string::FromUtf8Error;
use bumpkit::{ArenaString, ArenaVec, Bump, CollectIn, arena_vec, format_in};
use proptest::prelude::*;
use static_assertions::{assert_impl_all, assert_not_impl_any};

use crate::common::panic_message;

assert_impl_all!(ArenaString<'static>: Clone, Eq, Ord, std::hash::Hash, std::fmt::Write, std::fmt::Debug);
assert_not_impl_any!(ArenaString<'static>: Send, Sync, Copy);
assert_not_impl_any!(FromUtf8Error<'static>: Send, Sync);
assert_impl_all!(FromUtf8Error<'static>: std::error::Error);

/// Never called: compiles only if `ArenaString` is covariant in its lifetime.
#[expect(dead_code, reason = "a compile-time check")]
fn assert_covariance<'short, 'long: 'short>(s: ArenaString<'long>) -> ArenaString<'short> {
    s
}

/// How many strings share the arena.
const STRINGS: usize = 3;

/// Chars of every UTF-8 width, so boundaries are exercised.
const CHARS: [char; 8] = ['a', 'Z', '~', 'é', 'ß', '€', '中', '😀'];

#[derive(Clone, Debug)]
enum Op {
    Push(usize, char),
    PushStr(usize, String),
    Insert(usize, usize, char),
    InsertStr(usize, usize, String),
    Remove(usize, usize),
    Pop(usize),
    Truncate(usize, usize),
    Clear(usize),
    Retain(usize, u8),
    Drain(usize, usize, usize, usize),
    ReserveExact(usize, usize),
    ShrinkToFit(usize),
    CloneReplace(usize),
    Filler(usize),
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![3 => prop::sample::select(&CHARS[..]), 1 => any::<char>()],
        0..10,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

fn op() -> impl Strategy<Value = Op> {
    let s = 0..STRINGS;
    let i = 0..64usize;
    let ch = prop::sample::select(&CHARS[..]);
    prop_oneof![
        4 => (s.clone(), ch.clone()).prop_map(|(s, c)| Op::Push(s, c)),
        5 => (s.clone(), text()).prop_map(|(s, t)| Op::PushStr(s, t)),
        2 => (s.clone(), i.clone(), ch).prop_map(|(s, i, c)| Op::Insert(s, i, c)),
        2 => (s.clone(), i.clone(), text()).prop_map(|(s, i, t)| Op::InsertStr(s, i, t)),
        2 => (s.clone(), i.clone()).prop_map(|(s, i)| Op::Remove(s, i)),
        2 => s.clone().prop_map(Op::Pop),
        1 => (s.clone(), i.clone()).prop_map(|(s, i)| Op::Truncate(s, i)),
        1 => s.clone().prop_map(Op::Clear),
        1 => (s.clone(), 0..4u8).prop_map(|(s, k)| Op::Retain(s, k)),
        2 => (s.clone(), i.clone(), i.clone(), 0..6usize)
            .prop_map(|(s, a, b, take)| Op::Drain(s, a, b, take)),
        1 => (s.clone(), 0..8usize).prop_map(|(s, n)| Op::ReserveExact(s, n)),
        1 => s.clone().prop_map(Op::ShrinkToFit),
        1 => s.clone().prop_map(Op::CloneReplace),
        1 => (1..40usize).prop_map(Op::Filler),
    ]
}

/// Maps `seed` to one of the char boundaries of `s` (its length included).
fn boundary(s: &str, seed: usize) -> usize {
    let count = s.chars().count() + 1;
    s.char_indices()
        .map(|(i, _)| i)
        .chain([s.len()])
        .nth(seed % count)
        .unwrap()
}

/// The chars `retain` keeps for predicate number `kind`; `n` counts calls.
fn keep(kind: u8, ch: char, n: &mut usize) -> bool {
    *n += 1;
    match kind {
        0 => ch.is_ascii(),
        1 => !ch.is_ascii(),
        2 => *n % 2 == 0,
        _ => false,
    }
}

fn apply<'a>(op: &Op, strings: &mut [ArenaString<'a>], models: &mut [String], bump: &'a Bump) {
    match op {
        Op::Push(s, c) => {
            strings[*s].push(*c);
            models[*s].push(*c);
        }
        Op::PushStr(s, t) => {
            strings[*s].push_str(t);
            models[*s].push_str(t);
        }
        Op::Insert(s, i, c) => {
            let at = boundary(&models[*s], *i);
            strings[*s].insert(at, *c);
            models[*s].insert(at, *c);
        }
        Op::InsertStr(s, i, t) => {
            let at = boundary(&models[*s], *i);
            strings[*s].insert_str(at, t);
            models[*s].insert_str(at, t);
        }
        Op::Remove(s, i) => {
            let starts: Vec<usize> = models[*s].char_indices().map(|(at, _)| at).collect();
            if !starts.is_empty() {
                let at = starts[*i % starts.len()];
                assert_eq!(strings[*s].remove(at), models[*s].remove(at));
            }
        }
        Op::Pop(s) => assert_eq!(strings[*s].pop(), models[*s].pop()),
        Op::Truncate(s, i) => {
            let at = boundary(&models[*s], *i);
            strings[*s].truncate(at);
            models[*s].truncate(at);
        }
        Op::Clear(s) => {
            strings[*s].clear();
            models[*s].clear();
        }
        Op::Retain(s, kind) => {
            let (mut n, mut m) = (0, 0);
            strings[*s].retain(|c| keep(*kind, c, &mut n));
            models[*s].retain(|c| keep(*kind, c, &mut m));
            assert_eq!(n, m);
        }
        Op::Drain(s, a, b, take) => {
            let (a, b) = (boundary(&models[*s], *a), boundary(&models[*s], *b));
            let range = a.min(b)..a.max(b);
            let mut got = strings[*s].drain(range.clone());
            let mut want = models[*s].drain(range);
            assert_eq!(got.as_str(), want.as_str());
            for _ in 0..*take {
                assert_eq!(got.next(), want.next());
            }
            assert_eq!(got.next_back(), want.next_back());
        }
        Op::ReserveExact(s, n) => {
            strings[*s].reserve_exact(*n);
            assert!(strings[*s].capacity() >= strings[*s].len() + n);
        }
        Op::ShrinkToFit(s) => {
            strings[*s].shrink_to_fit();
            assert_eq!(strings[*s].capacity(), strings[*s].len());
        }
        Op::CloneReplace(s) => strings[*s] = strings[*s].clone(),
        Op::Filler(n) => {
            bump.alloc_slice_fill_with(*n, |i| 0xA5u8 ^ i as u8);
        }
    }
}

proptest! {
    #![proptest_config(crate::common::cases(256))]

    #[test]
    fn interleaved_strings_match_std(
        starts in prop::collection::vec((text(), 0..16usize), STRINGS),
        ops in prop::collection::vec(op(), 0..120),
    ) {
        let bump = Bump::builder().first_chunk_size(256).build();
        let mut strings = Vec::new();
        let mut models = Vec::new();
        for (start, extra) in &starts {
            // Start with capacity != len.
            let mut s = ArenaString::with_capacity_in(start.len() + extra, &bump);
            s.push_str(start);
            strings.push(s);
            models.push(start.clone());
        }
        for op in &ops {
            apply(op, &mut strings, &mut models, &bump);
            for (s, m) in strings.iter().zip(&models) {
                prop_assert_eq!(s.as_str(), m.as_str());
                prop_assert!(s.capacity() >= s.len());
            }
        }
        let last = strings.pop().unwrap();
        prop_assert_eq!(&*last.into_arena_str(), models[STRINGS - 1].as_str());
    }
}

#[test]
fn push_str_on_the_newest_string_grows_in_place() {
    let bump = Bump::with_capacity(64 << 10);
    let mut s = ArenaString::new_in(&bump);
    s.push_str("start");
    let start = s.as_ptr();
    for _ in 0..100 {
        s.push_str("twenty bytes of text");
    }
    assert_eq!(s.as_ptr(), start);
    assert_eq!(s.len(), 5 + 100 * 20);
    assert_eq!(bump.stats().allocated_bytes, s.capacity());
}

#[test]
fn an_older_string_moves_and_keeps_its_text() {
    let bump = Bump::new();
    let mut old = ArenaString::from_str_in("old é", &bump);
    let newer = ArenaString::from_str_in("newer", &bump);
    let before = old.as_ptr();
    old.push_str(" and more");
    assert_ne!(old.as_ptr(), before);
    assert_eq!((old.as_str(), newer.as_str()), ("old é and more", "newer"));
}

#[test]
fn from_utf8_accepts_utf8_and_gives_bad_bytes_back() {
    let bump = Bump::new();
    let good: ArenaVec<'_, u8> = "żółw".bytes().collect_in(&bump);
    let ptr = good.as_ptr();
    let s = ArenaString::from_utf8(good).unwrap();
    assert_eq!((s.as_str(), s.as_ptr()), ("żółw", ptr));
    let err = ArenaString::from_utf8(arena_vec![in &bump; b'a', 0xE2, 0x82]).unwrap_err();
    assert_eq!(err.utf8_error().valid_up_to(), 1);
    assert_eq!(err.as_bytes(), [b'a', 0xE2, 0x82]);
    assert!(err.to_string().contains("incomplete utf-8"));
    assert!(format!("{err:?}").contains("FromUtf8Error"));
    assert_eq!(err.into_bytes(), [b'a', 0xE2, 0x82]);
    assert_eq!(s.into_bytes(), *"żółw".as_bytes());
}

#[test]
fn edits_off_a_char_boundary_or_out_of_bounds_panic() {
    let bump = Bump::new();
    let s = ArenaString::from_str_in("aé", &bump);
    type Edit = fn(&mut ArenaString<'_>);
    let cases: [(&str, Edit); 6] = [
        ("insert at byte 2", |s| s.insert(2, 'x')),
        ("insert at byte 9", |s| s.insert_str(9, "x")),
        ("remove at byte 2", |s| {
            s.remove(2);
        }),
        ("remove at byte 3", |s| {
            s.remove(3);
        }),
        ("truncate at byte 2", |s| s.truncate(2)),
        ("drain at byte 2", |s| {
            s.drain(..2);
        }),
    ];
    for (expected, edit) in cases {
        let mut copy = s.clone();
        let message = panic_message(catch_unwind(AssertUnwindSafe(|| edit(&mut copy))));
        assert!(message.contains(expected), "{message:?} lacks {expected:?}");
        assert_eq!(copy, "aé");
    }
    let mut copy = s.clone();
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| {
        let (start, end) = (2, 1);
        copy.drain(start..end);
    })));
    assert!(message.contains("out of bounds"), "{message}");
}

#[test]
fn a_panicking_retain_predicate_leaves_valid_utf8() {
    let bump = Bump::new();
    let mut s = ArenaString::from_str_in("aé€b😀c", &bump);
    let mut seen = 0;
    let result = catch_unwind(AssertUnwindSafe(|| {
        s.retain(|c| {
            seen += 1;
            assert!(seen != 4, "predicate panics");
            c != 'a'
        })
    }));
    assert_eq!(panic_message(result), "predicate panics");
    assert!(std::str::from_utf8(s.as_bytes()).is_ok());
    assert_eq!(s, "é€");
}

#[test]
fn a_drain_runs_from_both_ends() {
    let bump = Bump::new();
    let mut s = ArenaString::from_str_in("aβcδeϕ", &bump);
    let mut d = s.drain(1..7);
    assert_eq!(
        (d.next_back(), d.next(), d.next_back()),
        (Some('e'), Some('β'), Some('δ'))
    );
    assert_eq!(d.as_str(), "c");
    assert_eq!(d.rev().collect::<String>(), "c");
    assert_eq!(s, "aϕ");
}

#[test]
fn a_leaked_drain_leaves_the_string_whole() {
    let bump = Bump::new();
    let mut s = ArenaString::from_str_in("keep€", &bump);
    let mut d = s.drain(1..);
    assert_eq!(d.size_hint(), (2, Some(6)));
    assert_eq!(d.next(), Some('e'));
    std::mem::forget(d);
    assert_eq!(s, "keep€");
    assert_eq!(format!("{:?}", s.drain(4..)), "Drain(\"€\")");
    assert_eq!(s, "keep");
}

#[test]
fn formatting_and_writing_append() {
    let bump = Bump::new();
    let mut s = format_in!(in &bump, "{}-{:>4}-{:?}", 1, "x", "q");
    assert_eq!(s, "1-   x-\"q\"");
    write!(s, "|{:.2}", 1.23456).unwrap();
    s.write_char('ñ').unwrap();
    assert_eq!(s, "1-   x-\"q\"|1.23ñ");
    assert_eq!(
        format!("{s}|{s:?}"),
        "1-   x-\"q\"|1.23ñ|\"1-   x-\\\"q\\\"|1.23ñ\""
    );
}

#[test]
#[expect(
    clippy::cmp_owned,
    reason = "the impls against `String` and `Cow` are under test"
)]
#[expect(
    clippy::mutable_key_type,
    reason = "the key's arena has `Cell`s, but hashing reads only the bytes"
)]
fn comparisons_with_every_string_type_both_ways() {
    let bump = Bump::new();
    let other = Bump::new();
    let s = ArenaString::from_str_in("abc", &bump);
    let t = ArenaString::from_str_in("abd", &other);
    assert!(s == *"abc" && s == "abc" && s == String::from("abc") && s == Cow::from("abc"));
    assert!(*"abc" == s && "abc" == s && String::from("abc") == s && Cow::from("abc") == s);
    assert!(s != t && s < t && s != "ab");
    assert_eq!(
        s.cmp(&ArenaString::from_str_in("abc", &bump)),
        std::cmp::Ordering::Equal
    );
    let set: HashSet<ArenaString<'_>> = ["x", "y"]
        .iter()
        .map(|p| ArenaString::from_str_in(p, &bump))
        .collect();
    assert!(set.contains("x") && set.contains("y") && !set.contains("xy"));
    let bytes: &[u8] = s.as_ref();
    let text: &str = s.as_ref();
    assert_eq!((bytes, text), (&b"abc"[..], "abc"));
}

#[test]
fn extend_collect_clone_and_into_arena_str() {
    let bump = Bump::new();
    let mut s: ArenaString<'_> = "héllo".chars().collect_in(&bump);
    s.extend([' ', 'w']);
    s.extend(&['o', 'r']);
    s.extend(["l", "d"]);
    assert_eq!(s, "héllo world");
    let joined: ArenaString<'_> = ["a", "ß", "c"].into_iter().collect_in(&bump);
    assert_eq!(joined, "aßc");
    let copy = s.clone();
    s.as_mut_str().make_ascii_uppercase();
    assert_eq!((copy.as_str(), s.as_str()), ("héllo world", "HéLLO WORLD"));
    let mut room = ArenaString::with_capacity_in(64, &bump);
    room.push_str("tight");
    let before = bump.stats().allocated_bytes;
    let frozen: &mut str = room.into_arena_str();
    assert_eq!(frozen, "tight");
    assert_eq!(bump.stats().allocated_bytes, before - 59);
}

#[test]
fn reserve_forms_make_room_past_the_length() {
    let bump = Bump::new();
    let mut s = ArenaString::from_str_in("abc", &bump);
    s.reserve(10);
    assert!(s.capacity() >= 13);
    s.try_reserve(40).unwrap();
    assert!(s.capacity() >= 43);
    s.try_reserve_exact(100).unwrap();
    assert_eq!(s.capacity(), 103);
    assert!(s.try_reserve(usize::MAX).is_err());
    assert!(s.try_reserve_exact(usize::MAX).is_err());
    assert_eq!((s.as_str(), s.capacity()), ("abc", 103));
}

#[test]
fn try_forms_fail_cleanly_at_the_limit() {
    let bump = Bump::new();
    let mut s = ArenaString::try_from_str_in("abc", &bump).unwrap();
    bump.set_allocation_limit(Some(0));
    let big = "x".repeat(64 << 10);
    assert!(s.try_push_str(&big).is_err());
    assert!(s.try_insert_str(0, &big).is_err());
    assert!(ArenaString::try_with_capacity_in(1 << 20, &bump).is_err());
    assert_eq!(s, "abc");
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| s.push_str(&big))));
    assert!(message.contains("allocation limit"), "{message}");
}
