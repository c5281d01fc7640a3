//! `ArenaString`: in-place growth, boundary panics, panic safety of `retain`, and std parity
//! (the proptest model against `String` is in `string_model.rs`).

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::{Bound, Range, RangeBounds};
use std::panic::{AssertUnwindSafe, catch_unwind};

use bumpkit::collections::string::{FromUtf8Error, FromUtf16Error};
use bumpkit::{
    ArenaBox, ArenaString, ArenaVec, Bump, CollectIn, FromIteratorIn, SyncBump, arena_vec,
    format_in,
};
use proptest::prelude::*;
use static_assertions::{assert_impl_all, assert_not_impl_any};

use crate::common::{INJECTED, Log, panic_message, quiet_injected_panics};
use crate::string_model::same_as_std;

assert_impl_all!(ArenaString<'static>: Clone, Eq, Ord, std::hash::Hash, std::fmt::Write, std::fmt::Debug);
assert_not_impl_any!(ArenaString<'static>: Send, Sync, Copy);
assert_not_impl_any!(FromUtf8Error<'static>: Send, Sync);
assert_impl_all!(FromUtf8Error<'static>: std::error::Error, Clone, Eq);
assert_impl_all!(FromUtf16Error: std::error::Error, Clone, Copy, Eq, Send, Sync);
assert_impl_all!(ArenaString<'static>:
    std::ops::Index<Range<usize>, Output = str>,
    std::ops::Index<std::ops::RangeFrom<usize>, Output = str>,
    std::ops::Index<std::ops::RangeTo<usize>, Output = str>,
    std::ops::Index<std::ops::RangeFull, Output = str>,
    std::ops::Index<std::ops::RangeInclusive<usize>, Output = str>,
    std::ops::Index<std::ops::RangeToInclusive<usize>, Output = str>,
    std::ops::Index<(Bound<usize>, Bound<usize>), Output = str>,
    std::ops::IndexMut<Range<usize>>,
    std::ops::AddAssign<&'static str>,
    std::ops::Add<&'static str, Output = ArenaString<'static>>,
    Extend<char>, Extend<&'static char>, Extend<&'static str>, Extend<String>,
    Extend<Cow<'static, str>>, Extend<Box<str>>, Extend<ArenaString<'static, SyncBump>>,
    Into<String>, Into<ArenaVec<'static, u8>>, Into<ArenaBox<'static, str>>,
);
assert_impl_all!(ArenaString<'static>: TryFrom<ArenaVec<'static, u8>>);
#[cfg(feature = "std")]
assert_impl_all!(ArenaString<'static>:
    AsRef<std::path::Path>, AsRef<std::ffi::OsStr>, std::net::ToSocketAddrs,
);

/// Never called: compiles only if `ArenaString` is covariant in its lifetime.
#[expect(dead_code, reason = "a compile-time check")]
fn assert_covariance<'short, 'long: 'short>(s: ArenaString<'long>) -> ArenaString<'short> {
    s
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

/// Every range over `0..len + 2` of every bound kind, char boundaries or not.
fn every_range(len: usize) -> Vec<(Bound<usize>, Bound<usize>)> {
    let bounds = |i: usize| [Bound::Unbounded, Bound::Included(i), Bound::Excluded(i)];
    let mut ranges = Vec::new();
    for a in 0..len + 2 {
        for b in 0..len + 2 {
            for start in bounds(a) {
                for end in bounds(b) {
                    ranges.push((start, end));
                }
            }
        }
    }
    ranges
}

/// Chars of every width; shorter under Miri, where each caught panic is slow.
const MIXED: &str = if cfg!(miri) { "aé" } else { "aé€😀b" };
/// Replacements of several lengths; one under Miri.
const WITH: &[&str] = if cfg!(miri) {
    &["ßß€"]
} else {
    &["", "x", "ßß€"]
};

#[test]
fn range_edits_match_std_results_and_panic_messages_for_every_range() {
    let bump = Bump::new();
    let mut panics = 0;
    for range in every_range(MIXED.len()) {
        for &with in WITH {
            let (mut ours, mut model) = (ArenaString::from_str_in(MIXED, &bump), MIXED.to_owned());
            let result = same_as_std(
                &(range, with),
                || model.replace_range(range, with),
                || ours.replace_range(range, with),
            );
            panics += usize::from(result.is_err());
            assert_eq!(ours, model);
        }
        let (mut ours, mut model) = (ArenaString::from_str_in(MIXED, &bump), MIXED.to_owned());
        same_as_std(
            &range,
            || model.extend_from_within(range),
            || ours.extend_from_within(range),
        )
        .ok();
        assert_eq!(ours, model);
        let ours = ArenaString::from_str_in(MIXED, &bump);
        same_as_std(
            &range,
            || MIXED[range].to_owned(),
            || ours[range].to_owned(),
        )
        .ok();
        let mut ours = ours;
        let mut model = MIXED.to_owned();
        same_as_std(
            &range,
            || model[range].make_ascii_uppercase(),
            || ours[range].make_ascii_uppercase(),
        )
        .ok();
        assert_eq!(ours, model);
    }
    assert!(panics > 30, "the ranges include bad ones: {panics}");
    for at in 0..MIXED.len() + 2 {
        let (mut ours, mut model) = (ArenaString::from_str_in(MIXED, &bump), MIXED.to_owned());
        same_as_std(
            &at,
            || model.split_off(at),
            || ours.split_off(at).to_string(),
        )
        .ok();
        assert_eq!(ours, model);
    }
}

#[test]
fn replace_range_messages_name_the_failing_end() {
    let bump = Bump::new();
    let mut s = ArenaString::from_str_in("aé", &bump);
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| s.replace_range(2.., ""))));
    assert_eq!(message, "start of range should be a character boundary");
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| s.replace_range(..2, ""))));
    assert_eq!(message, "end of range should be a character boundary");
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| s.replace_range(..9, ""))));
    assert_eq!(
        message,
        "range end index 9 out of range for slice of length 3"
    );
    assert_eq!(s, "aé");
}

#[test]
fn replace_range_grows_and_shrinks_in_place_when_newest() {
    let bump = Bump::with_capacity(4096);
    let mut s = ArenaString::from_str_in("hello world", &bump);
    let start = s.as_ptr();
    s.replace_range(6..11, "wonderful wörld");
    assert_eq!(s, "hello wonderful wörld");
    s.replace_range(..=4, "");
    assert_eq!(s, " wonderful wörld");
    s.replace_range((Bound::Excluded(0), Bound::Included(9)), "ω");
    assert_eq!(s, " ω wörld");
    assert_eq!(s.as_ptr(), start);
    let mut old = ArenaString::from_str_in("old", &bump);
    let _newer = ArenaString::from_str_in("newer", &bump);
    old.replace_range(1..2, "-much longer than before-");
    assert_eq!(old, "o-much longer than before-d");
}

#[test]
fn a_panicking_range_bounds_leaves_the_string_unchanged() {
    struct Exploding;
    impl RangeBounds<usize> for Exploding {
        fn start_bound(&self) -> Bound<&usize> {
            Bound::Unbounded
        }
        fn end_bound(&self) -> Bound<&usize> {
            std::panic::panic_any(INJECTED)
        }
    }
    quiet_injected_panics();
    let bump = Bump::new();
    let mut s = ArenaString::from_str_in("intact", &bump);
    assert!(catch_unwind(AssertUnwindSafe(|| s.replace_range(Exploding, "x"))).is_err());
    assert!(catch_unwind(AssertUnwindSafe(|| s.extend_from_within(Exploding))).is_err());
    assert_eq!((s.as_str(), s.capacity()), ("intact", 6));
}

#[test]
fn split_off_puts_the_tail_in_the_same_arena_and_keeps_the_capacity() {
    let bump = Bump::new();
    let mut s = ArenaString::with_capacity_in(32, &bump);
    s.push_str("key=välue");
    let value = s.split_off(4);
    assert_eq!((s.as_str(), s.capacity()), ("key=", 32));
    assert_eq!(value, "välue");
    assert!(std::ptr::eq(value.arena(), &raw const bump));
    assert_eq!(s.split_off(4), "");
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| s.split_off(5))));
    assert_eq!(message, "assertion failed: self.is_char_boundary(at)");
    bump.set_allocation_limit(Some(bump.stats().allocated_bytes));
    let mut s = ArenaString::from_str_in("", &bump);
    assert_eq!(s.try_split_off(0).unwrap(), "");
}

#[test]
fn try_edits_fail_cleanly_at_the_limit() {
    let text = "abcdef".repeat(20 << 10);
    let bump = Bump::with_capacity(text.len() + 64);
    let mut s = ArenaString::from_str_in(&text, &bump);
    let _newer = ArenaString::from_str_in("x", &bump);
    bump.set_allocation_limit(Some(0));
    let big = "y".repeat(1 << 20);
    assert!(s.try_replace_range(1..2, &big).is_err());
    assert!(s.try_split_off(1).is_err());
    assert!(s.try_extend_from_within(..).is_err());
    assert_eq!(s, text);
    s.try_replace_range(1..3, "Z").unwrap();
    assert!(s.starts_with("aZdef"));
    assert!(ArenaString::try_from_utf8_lossy_in(big.as_bytes(), &bump).is_err());
    assert!(ArenaString::try_from_utf16_lossy_in(&[0x61; 1 << 20], &bump).is_err());
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| s.extend_from_within(..))));
    assert!(message.contains("allocation limit"), "{message}");
}

#[test]
fn add_and_add_assign_append() {
    let bump = Bump::new();
    let mut s = ArenaString::from_str_in("a", &bump);
    s += "b";
    s += &String::from("ç");
    let s = s + "d" + "€";
    assert_eq!(s, "abçd€");
}

#[test]
fn conversions_to_bytes_boxes_std_and_raw_parts() {
    let bump = Bump::new();
    let mut s = ArenaString::with_capacity_in(16, &bump);
    s.push_str("héllo");
    assert_eq!((s.len(), s.is_empty()), (6, false));
    let heap: String = s.clone().into();
    assert_eq!(heap, "héllo");
    let bytes: ArenaVec<'_, u8> = s.clone().into();
    assert_eq!(bytes, *"héllo".as_bytes());
    let back = ArenaString::try_from(bytes).unwrap();
    assert_eq!(back, "héllo");
    let err = ArenaString::try_from(arena_vec![in &bump; 0xFF]).unwrap_err();
    assert_eq!(err.clone(), err);
    assert_ne!(
        err,
        ArenaString::from_utf8(arena_vec![in &bump; 0xFE]).unwrap_err()
    );
    let boxed: ArenaBox<'_, str> = back.into_boxed_str();
    assert_eq!(&*boxed, "héllo");
    let (ptr, len, cap) = s.clone().into_raw_parts();
    // SAFETY: the parts are a live string's, in a live arena.
    let text = unsafe { std::str::from_utf8_unchecked(std::slice::from_raw_parts(ptr, len)) };
    assert_eq!((text, cap), ("héllo", 6));
    s.shrink_to(8);
    assert_eq!(s.capacity(), 8);
    s.shrink_to(100);
    assert_eq!(s.capacity(), 8);
    let leaked: &mut str = s.leak();
    assert_eq!(leaked, "héllo");
    let mut e = ArenaString::new_in(&bump);
    assert!(e.is_empty());
    assert_eq!(e.len(), 0);
    // SAFETY: only ASCII is pushed.
    unsafe { e.as_mut_vec().extend_from_slice(b"ok") };
    assert_eq!(e, "ok");
    // SAFETY: the bytes are UTF-8.
    let u = unsafe { ArenaString::from_utf8_unchecked(arena_vec![in &bump; 0xC3, 0xA9]) };
    assert_eq!(u, "é");
}

#[test]
#[cfg(feature = "std")]
fn std_only_views_see_the_text() {
    use std::ffi::OsStr;
    use std::net::ToSocketAddrs;
    use std::path::Path;

    let bump = Bump::new();
    let s = ArenaString::from_str_in("dir/file.txt", &bump);
    let path: &Path = s.as_ref();
    assert_eq!(path.extension(), Some(OsStr::new("txt")));
    let os: &OsStr = s.as_ref();
    assert_eq!(os, "dir/file.txt");
    let addr = ArenaString::from_str_in("127.0.0.1:8080", &bump);
    let addrs: Vec<_> = addr.to_socket_addrs().unwrap().collect();
    assert_eq!(addrs, ["127.0.0.1:8080".parse().unwrap()]);
}

#[test]
fn a_drain_views_its_rest_as_str_and_bytes() {
    let bump = Bump::new();
    let mut d = ArenaString::from_str_in("drain me", &bump);
    let drain = d.drain(..5);
    let (text, bytes): (&str, &[u8]) = (drain.as_ref(), drain.as_ref());
    assert_eq!((text, bytes), ("drain", &b"drain"[..]));
}

#[test]
fn clone_from_reuses_the_buffer() {
    let bump = Bump::new();
    let mut s = ArenaString::with_capacity_in(32, &bump);
    let ptr = s.as_ptr();
    s.clone_from(&ArenaString::from_str_in("copied", &bump));
    assert_eq!((s.as_str(), s.as_ptr()), ("copied", ptr));
}

#[test]
fn extend_and_collect_every_item_type_std_takes() {
    let bump = Bump::new();
    let other = SyncBump::new();
    let mut s = ArenaString::new_in(&bump);
    s.extend([String::from("a"), String::from("ß")]);
    s.extend([Cow::Borrowed("c"), Cow::Owned(String::from("€"))]);
    s.extend([Box::<str>::from("e")]);
    s.extend([ArenaString::from_str_in("f", &other)]);
    s.extend(&['g', 'ö']);
    assert_eq!(s, "aßc€efgö");
    let want: String = ["x", "y"].iter().map(|p| p.to_string()).collect();
    let from_strings: ArenaString<'_> = ["x", "y"].iter().map(|p| p.to_string()).collect_in(&bump);
    let from_cows: ArenaString<'_> = [Cow::from("x"), Cow::from("y")]
        .into_iter()
        .collect_in(&bump);
    let from_boxes: ArenaString<'_> = [Box::from("x"), Box::<str>::from("y")]
        .into_iter()
        .collect_in(&bump);
    let from_arena: ArenaString<'_> = [
        ArenaString::from_str_in("x", &bump),
        ArenaString::from_str_in("y", &bump),
    ]
    .into_iter()
    .collect_in(&bump);
    let from_refs: ArenaString<'_> = ['x', 'y'].iter().collect_in(&bump);
    let via_trait =
        <ArenaString<'_> as FromIteratorIn<'_, char>>::from_iter_in("xy".chars(), &bump);
    for got in [
        from_strings,
        from_cows,
        from_boxes,
        from_arena,
        from_refs,
        via_trait,
    ] {
        assert_eq!(got, want);
    }
}

#[test]
fn a_panicking_iterator_of_strings_drops_every_item_once() {
    quiet_injected_panics();
    let bump = Bump::new();
    for panic_at in 0..4 {
        let log = Log::new();
        let items: Vec<_> = (0..4).map(|i| log.make(i)).collect();
        let mut s = ArenaString::from_str_in(">", &bump);
        let result = catch_unwind(AssertUnwindSafe(|| {
            s.extend(items.into_iter().map(|t| {
                if t.value == panic_at {
                    std::panic::panic_any(INJECTED);
                }
                format!("{}é", t.value)
            }));
        }));
        assert!(result.is_err());
        let want: String = (0..panic_at).map(|i| format!("{i}é")).collect();
        assert_eq!(s, format!(">{want}"));
        log.assert_all_dropped_once();
    }
}

#[test]
fn from_utf16_matches_std() {
    let bump = Bump::new();
    let cases: [&[u16]; 5] = [
        &[],
        &[0x68, 0x69],
        &[0xD834, 0xDD1E, 0x6D],
        &[0xD834],
        &[0x61, 0xDD1E, 0xD834, 0x62],
    ];
    for units in cases {
        let want = String::from_utf16(units);
        match (ArenaString::from_utf16_in(units, &bump), &want) {
            (Ok(got), Ok(want)) => assert_eq!(got, *want),
            (Err(got), Err(want)) => assert_eq!(got.to_string(), want.to_string()),
            (got, want) => panic!("{got:?} vs {want:?}"),
        }
        assert_eq!(
            ArenaString::from_utf16_lossy_in(units, &bump),
            String::from_utf16_lossy(units)
        );
    }
    let err = ArenaString::from_utf16_in(&[0xD800], &bump).unwrap_err();
    assert!(format!("{err:?}").contains("FromUtf16Error"));
}

proptest! {
    #![proptest_config(crate::common::cases(256))]

    #[test]
    fn lossy_decoding_matches_std(
        bytes in prop::collection::vec(any::<u8>(), 0..40),
        units in prop::collection::vec(prop_oneof![any::<u16>(), 0xD800..0xE000u16], 0..20),
    ) {
        let bump = Bump::new();
        let lossy = ArenaString::from_utf8_lossy_in(&bytes, &bump);
        prop_assert_eq!(lossy.as_str(), &*String::from_utf8_lossy(&bytes));
        let utf16 = ArenaString::from_utf16_in(&units, &bump).ok().map(|s| s.to_string());
        prop_assert_eq!(utf16, String::from_utf16(&units).ok());
        let lossy16 = ArenaString::from_utf16_lossy_in(&units, &bump);
        prop_assert_eq!(lossy16.as_str(), String::from_utf16_lossy(&units));
    }
}

#[test]
fn raw_parts_round_trip_and_the_rebuilt_string_gives_its_block_back() {
    let bump = Bump::new();
    let mut s = ArenaString::with_capacity_in(16, &bump);
    s.push_str("héllo");
    let (ptr, len, cap) = s.into_raw_parts();
    assert_eq!((len, cap), (6, 16));
    // SAFETY: the parts come from `into_raw_parts` of a string in `bump`, not reset since.
    let mut s = unsafe { ArenaString::from_raw_parts_in(ptr, len, cap, &bump) };
    s.push_str(" world");
    assert_eq!(s, "héllo world");
    assert_eq!(s.as_ptr(), ptr.cast_const(), "grew in place");
    drop(s);
    assert_eq!(
        bump.stats().allocated_bytes,
        0,
        "the newest block is given back"
    );
}
