//! The `ArenaString` proptest model: several strings interleaved on one arena, each mirrored
//! by a `String`, with fillers between them, every edit applied to both and compared after
//! each step. Edits at raw byte ranges must panic exactly when `String`'s do.

use std::ops::Bound;
use std::panic::{AssertUnwindSafe, catch_unwind};

use bumpkit::{ArenaString, Bump};
use proptest::prelude::*;

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
    SplitOff(usize, usize),
    ReplaceRange(usize, RawRange, String),
    AddAssign(usize, String),
    Add(usize, String),
    ExtendFromWithin(usize, RawRange),
    Index(usize, RawRange),
}

/// A byte range taken as it is, not moved to char boundaries: `(start kind, start, end kind,
/// end)`, kinds 0 = unbounded, 1 = included, 2 = excluded; the indices may pass the end.
#[derive(Clone, Copy, Debug)]
struct RawRange(u8, usize, u8, usize);

impl RawRange {
    fn bounds(self, len: usize) -> (Bound<usize>, Bound<usize>) {
        let bound = |kind: u8, at: usize| match kind {
            0 => Bound::Unbounded,
            1 => Bound::Included(at % (len + 3)),
            _ => Bound::Excluded(at % (len + 3)),
        };
        (bound(self.0, self.1), bound(self.2, self.3))
    }
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
        2 => (s.clone(), i.clone()).prop_map(|(s, i)| Op::SplitOff(s, i)),
        3 => (s.clone(), raw_range(), text()).prop_map(|(s, r, t)| Op::ReplaceRange(s, r, t)),
        2 => (s.clone(), text()).prop_map(|(s, t)| Op::AddAssign(s, t)),
        1 => (s.clone(), text()).prop_map(|(s, t)| Op::Add(s, t)),
        2 => (s.clone(), raw_range()).prop_map(|(s, r)| Op::ExtendFromWithin(s, r)),
        1 => (s.clone(), raw_range()).prop_map(|(s, r)| Op::Index(s, r)),
    ]
}

fn raw_range() -> impl Strategy<Value = RawRange> {
    (0..3u8, 0..64usize, 0..3u8, 0..64usize).prop_map(|(a, i, b, j)| RawRange(a, i, b, j))
}

thread_local! {
    /// Set while [`same_as_std`] expects panics, so the hook does not print them.
    static EXPECTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `std_op` and then `ours`, each catching a panic without printing it: both must
/// return equal values, or both panic with the same message, which is returned.
pub(crate) fn same_as_std<T: PartialEq + std::fmt::Debug>(
    what: &dyn std::fmt::Debug,
    std_op: impl FnOnce() -> T,
    ours: impl FnOnce() -> T,
) -> Result<T, String> {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !EXPECTING.get() {
                previous(info);
            }
        }));
    });
    let run = |f: &mut dyn FnMut() -> Option<T>| {
        EXPECTING.set(true);
        let result = catch_unwind(AssertUnwindSafe(f));
        EXPECTING.set(false);
        result.map_err(|payload| crate::common::panic_message::<()>(Err(payload)))
    };
    let mut std_op = Some(std_op);
    let mut ours = Some(ours);
    let want = run(&mut || std_op.take().map(|f| f()));
    let got = run(&mut || ours.take().map(|f| f()));
    assert_eq!(got, want, "{what:?}");
    want.map(|value| value.expect("ran once"))
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
        Op::SplitOff(s, i) => {
            let at = i % (models[*s].len() + 2);
            let (string, model) = (&mut strings[*s], &mut models[*s]);
            let cap = string.capacity();
            let tail = same_as_std(
                op,
                || model.split_off(at),
                || {
                    let tail = string.split_off(at);
                    assert!(std::ptr::eq(tail.arena(), bump));
                    tail.to_string()
                },
            );
            if tail.is_ok() {
                assert_eq!(string.capacity(), cap, "split_off keeps the capacity");
            }
        }
        Op::ReplaceRange(s, range, t) => {
            let bounds = range.bounds(models[*s].len());
            let (string, model) = (&mut strings[*s], &mut models[*s]);
            let _ = same_as_std(
                op,
                || model.replace_range(bounds, t),
                || string.replace_range(bounds, t),
            );
        }
        Op::AddAssign(s, t) => {
            strings[*s] += t;
            models[*s] += t;
        }
        Op::Add(s, t) => {
            let string = std::mem::replace(&mut strings[*s], ArenaString::new_in(bump));
            strings[*s] = string + t;
            models[*s] = std::mem::take(&mut models[*s]) + t;
        }
        Op::ExtendFromWithin(s, range) => {
            let bounds = range.bounds(models[*s].len());
            let (string, model) = (&mut strings[*s], &mut models[*s]);
            #[expect(
                clippy::incompatible_msrv,
                reason = "tests run on a stable with std's 1.87 method"
            )]
            let _ = same_as_std(
                op,
                || model.extend_from_within(bounds),
                || string.extend_from_within(bounds),
            );
        }
        Op::Index(s, range) => {
            let bounds = range.bounds(models[*s].len());
            let (string, model) = (&mut strings[*s], &mut models[*s]);
            let _ = same_as_std(
                op,
                || model[bounds].to_owned(),
                || string[bounds].to_owned(),
            );
            let _ = same_as_std(
                op,
                || model.get(bounds).map(str::to_owned),
                || string.get(bounds).map(str::to_owned),
            );
        }
    }
}

proptest! {
    #![proptest_config(crate::common::cases(256))]

    #[test]
    fn interleaved_strings_match_std(
        starts in prop::collection::vec((text(), 0..16usize), STRINGS),
        ops in prop::collection::vec(op(), 0..if cfg!(miri) { 16 } else { 120 }),
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
