//! ArenaVec's std-parity methods (splice, extract_if, pop_if, extend_from_within, the
//! conversions), each driven by the same code on std's `Vec` and compared: results, contents,
//! panics and their messages, and the order values are dropped in, with panics injected at
//! every step of the user code they run.
#![allow(
    clippy::incompatible_msrv,
    reason = "std's `Vec::extract_if` and `pop_if`, the reference here, are newer than the \
              crate's MSRV; the tests run on stable"
)]

use std::ops::Bound::{self, Excluded, Included, Unbounded};
use std::panic::{AssertUnwindSafe, catch_unwind};

use bumpkit::collections::vec::{Drain, ExtractIf, IntoIter, Splice};
use bumpkit::{ArenaBox, ArenaVec, Bump, CollectIn, arena_vec};

use crate::common::{INJECTED, Log, Tracked, panic_message, quiet_injected_panics, values};

/// What one run of a scenario did: what it returned (`None`: it panicked), the contents
/// left, and the values dropped, in order.
type Outcome = (Option<Vec<u32>>, Vec<u32>, Vec<u32>);

/// Runs `$body` on a std `Vec` and on an `ArenaVec`, both holding tracked `$init` values
/// (`$v` is `&mut` either), asserts that every value was dropped exactly once in each and
/// that both runs did the same; returns the outcome.
macro_rules! same_as_std {
    ($init:expr, |$v:ident, $log:ident| $body:expr) => {{
        quiet_injected_panics();
        let std_run: Outcome = {
            let $log = Log::new();
            let mut vec: Vec<Tracked> = $init.into_iter().map(|x| $log.make(x)).collect();
            let result = catch_unwind(AssertUnwindSafe(|| {
                let $v = &mut vec;
                $body
            }));
            let contents = values(&vec);
            drop(vec);
            $log.assert_all_dropped_once();
            (result.ok(), contents, $log.dropped())
        };
        let arena_run: Outcome = {
            let $log = Log::new();
            let bump = Bump::new();
            let mut vec: ArenaVec<'_, Tracked> =
                $init.into_iter().map(|x| $log.make(x)).collect_in(&bump);
            let result = catch_unwind(AssertUnwindSafe(|| {
                let $v = &mut vec;
                $body
            }));
            let contents = values(&vec);
            drop(vec);
            $log.assert_all_dropped_once();
            (result.ok(), contents, $log.dropped())
        };
        assert_eq!(arena_run, std_run, "ArenaVec (left) and Vec (right) differ");
        std_run
    }};
}

/// An iterator of tracked values `from..to` that panics instead of yielding the `panic_at`-th
/// item, and whose lower size hint is `hint` of the truth (`Exact`, `Zero`, `Half`).
struct Replacement<'l> {
    log: &'l std::rc::Rc<Log>,
    next: u32,
    to: u32,
    panic_at: Option<u32>,
    hint: Hint,
}

#[derive(Clone, Copy, Debug)]
enum Hint {
    Exact,
    Zero,
    Half,
}

impl Iterator for Replacement<'_> {
    type Item = Tracked;

    fn next(&mut self) -> Option<Tracked> {
        if self.next == self.to {
            return None;
        }
        if self.panic_at == Some(self.next) {
            std::panic::panic_any(INJECTED);
        }
        self.next += 1;
        Some(self.log.make(self.next - 1))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.to - self.next) as usize;
        match self.hint {
            Hint::Exact => (left, Some(left)),
            Hint::Zero => (0, None),
            Hint::Half => (left / 2, None),
        }
    }
}

/// The vector lengths the exhaustive tests go up to (fewer under Miri, which is slow).
fn max_len() -> u32 {
    if cfg!(miri) { 3 } else { 5 }
}

fn replacement(
    log: &std::rc::Rc<Log>,
    count: u32,
    panic_at: Option<u32>,
    hint: Hint,
) -> Replacement<'_> {
    Replacement {
        log,
        next: 100,
        to: 100 + count,
        panic_at: panic_at.map(|k| 100 + k),
        hint,
    }
}

#[test]
fn splice_matches_std_for_every_range_replacement_and_size_hint() {
    for len in 0..max_len() {
        for start in 0..=len as usize {
            for end in start..=len as usize {
                for count in 0..max_len() {
                    for hint in [Hint::Exact, Hint::Zero, Hint::Half] {
                        for taken in [0, 1, 9] {
                            same_as_std!(0..len, |v, log| {
                                let splice =
                                    v.splice(start..end, replacement(&log, count, None, hint));
                                values(&splice.take(taken).collect::<Vec<_>>())
                            });
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn a_panicking_replacement_or_destructor_in_splice_drops_everything_once() {
    for count in 1..6 {
        for panic_at in 0..count {
            for hint in [Hint::Exact, Hint::Zero, Hint::Half] {
                for range in [0..0, 1..3, 2..5, 5..5] {
                    let (result, ..) = same_as_std!(0..5u32, |v, log| {
                        drop(v.splice(
                            range.clone(),
                            replacement(&log, count, Some(panic_at), hint),
                        ));
                        Vec::new()
                    });
                    assert!(result.is_none());
                }
            }
        }
    }
    // Values 1 to 4 are removed: the first is yielded and dropped by the caller, the others
    // by the splice.
    for dropped in 1..5 {
        let (result, ..) = same_as_std!(0..6u32, |v, log| {
            log.panic_on_drop_of(dropped);
            let mut splice = v.splice(1..5, replacement(&log, 3, None, Hint::Zero));
            let first = splice.next().map(|t| t.value);
            drop(splice);
            Vec::from_iter(first)
        });
        assert!(result.is_none());
    }
}

#[test]
fn splice_with_zero_sized_elements_counts_like_std() {
    let bump = Bump::new();
    let mut v = arena_vec![in &bump; (); 5];
    let mut std_v = vec![(); 5];
    assert_eq!(
        v.splice(1..3, [(); 4]).count(),
        std_v.splice(1..3, [(); 4]).count()
    );
    assert_eq!(v.len(), std_v.len());
    v.splice(.., std::iter::repeat_n((), 3).filter(|()| true));
    assert_eq!(v.len(), 3);
}

#[test]
fn splice_grows_in_place_when_the_vector_is_newest() {
    let bump = Bump::with_capacity(1 << 16);
    let mut v: ArenaVec<'_, u32> = (0..100).collect_in(&bump);
    v.shrink_to_fit();
    let start = v.as_ptr();
    v.splice(50..50, (0..1000).filter(|_| true));
    assert_eq!(v.as_ptr(), start, "grown where it lies");
    assert_eq!(v.len(), 1100);
    assert!(v[..50].iter().copied().eq(0..50));
    assert!(v[50..1050].iter().copied().eq(0..1000));
    assert!(v[1050..].iter().copied().eq(50..100));
}

#[test]
fn splice_debug_and_size_hint_show_the_removed_elements() {
    let bump = Bump::new();
    let mut v = arena_vec![in &bump; 1, 2, 3];
    let splice: Splice<'_, '_, std::array::IntoIter<i32, 1>> = v.splice(1.., [9]);
    assert_eq!(splice.len(), 2);
    assert_eq!(
        format!("{splice:?}"),
        "Splice { drain: Drain([2, 3]), replace_with: IntoIter([9]) }"
    );
    assert_eq!(splice.rev().collect::<Vec<_>>(), [3, 2]);
    assert_eq!(v, [1, 9]);
}

#[test]
fn extract_if_matches_std_for_every_range_predicate_and_early_drop() {
    let predicates: [fn(&mut Tracked) -> bool; 4] = [
        |t| t.value % 2 == 0,
        |t| t.value % 3 != 0,
        |_| true,
        |t| {
            t.value += 10;
            false
        },
    ];
    for len in 0..=max_len() {
        for start in 0..=len as usize {
            for end in start..=len as usize {
                for predicate in predicates {
                    for taken in [0, 1, 9] {
                        same_as_std!(0..len, |v, log| {
                            let _ = &log;
                            let extracted: Vec<Tracked> =
                                v.extract_if(start..end, predicate).take(taken).collect();
                            values(&extracted)
                        });
                    }
                }
            }
        }
    }
}

#[test]
fn a_panicking_predicate_in_extract_if_keeps_its_element_and_the_rest() {
    for panic_on in 0..8 {
        for range in [0..8, 2..6] {
            let (result, contents, _) = same_as_std!(0..8u32, |v, log| {
                let _ = &log;
                let extracted: Vec<Tracked> = v
                    .extract_if(range.clone(), |t| {
                        if t.value == panic_on {
                            std::panic::panic_any(INJECTED);
                        }
                        t.value % 2 == 1
                    })
                    .collect();
                values(&extracted)
            });
            assert_eq!(result.is_none(), range.contains(&(panic_on as usize)));
            assert!(contents.contains(&panic_on));
        }
    }
}

#[test]
fn extract_if_debug_peeks_at_the_next_element() {
    let bump = Bump::new();
    let mut v = arena_vec![in &bump; 1, 2, 3];
    let mut odd: ExtractIf<'_, '_, i32, _> = v.extract_if(.., |x| *x % 2 == 1);
    assert_eq!(odd.next(), Some(1));
    assert_eq!(format!("{odd:?}"), "ExtractIf { peek: Some(2), .. }");
    assert_eq!(odd.size_hint(), (0, Some(2)));
    assert_eq!(odd.next(), Some(3));
    assert_eq!(format!("{odd:?}"), "ExtractIf { peek: None, .. }");
    drop(odd);
    assert_eq!(v, [2]);
}

#[test]
fn extend_from_within_matches_std_for_every_range() {
    for len in 0..max_len() {
        for start in 0..=len as usize {
            for end in start..=len as usize {
                same_as_std!(0..len, |v, log| {
                    let _ = &log;
                    v.extend_from_within(start..end);
                    Vec::new()
                });
            }
        }
    }
}

#[test]
fn a_panicking_clone_in_extend_from_within_keeps_the_clones_made() {
    for panic_at in 0..5 {
        let (result, contents, _) = same_as_std!(0..6u32, |v, log| {
            log.panic_on_clone(panic_at);
            v.extend_from_within(1..6);
            Vec::new()
        });
        assert!(result.is_none());
        assert_eq!(contents.len(), 6 + panic_at);
    }
}

#[test]
fn pop_if_matches_std() {
    for len in 0..3u32 {
        for wanted in 0..3 {
            same_as_std!(0..len, |v, log| {
                let _ = &log;
                let popped = v.pop_if(|t| {
                    t.value += 10;
                    t.value == wanted + 10
                });
                Vec::from_iter(popped.map(|t| t.value))
            });
        }
    }
    let (result, contents, _) = same_as_std!(0..2u32, |v, log| {
        let _ = &log;
        v.pop_if(|_| std::panic::panic_any(INJECTED));
        Vec::new()
    });
    assert_eq!((result, contents), (None, vec![0, 1]));
}

/// The ranges whose panics are compared with std's, on a vector of length 3.
fn ranges() -> Vec<(Bound<usize>, Bound<usize>)> {
    let bounds = |n| [Included(n), Excluded(n), Unbounded];
    let mut ranges = Vec::new();
    for n in [0, 1, 2, 3, 4, usize::MAX - 1, usize::MAX] {
        for m in [0, 1, 2, 3, 4, usize::MAX - 1, usize::MAX] {
            for start in bounds(n) {
                for end in bounds(m) {
                    ranges.push((start, end));
                }
            }
        }
    }
    ranges
}

/// Returns the panic message of `f`, or `None` if it did not panic.
fn message_of(f: impl FnOnce()) -> Option<String> {
    let result = catch_unwind(AssertUnwindSafe(f));
    result.is_err().then(|| panic_message(result))
}

#[test]
fn out_of_bounds_ranges_panic_with_std_messages() {
    let bump = Bump::new();
    let mut checked = 0;
    // Miri unwinds slowly: there, every seventh range.
    let step = if cfg!(miri) { 7 } else { 1 };
    for range in ranges().into_iter().step_by(step) {
        let std_v = || vec![1, 2, 3];
        let v = || arena_vec![in &bump; 1, 2, 3];
        let expected = message_of(|| drop(std_v().drain(range)));
        assert_eq!(
            message_of(|| drop(v().drain(range))),
            expected,
            "drain {range:?}"
        );
        assert_eq!(
            message_of(|| drop(v().splice(range, [0]))),
            expected,
            "splice {range:?}"
        );
        assert_eq!(
            message_of(|| drop(v().extract_if(range, |_| true))),
            expected,
            "extract_if {range:?}"
        );
        assert_eq!(
            message_of(|| v().extend_from_within(range)),
            message_of(|| std_v().extend_from_within(range)),
            "extend_from_within {range:?}"
        );
        checked += usize::from(expected.is_some());
    }
    assert!(checked > 100 / step);
}

#[test]
fn out_of_bounds_indices_panic_with_std_messages() {
    let bump = Bump::new();
    let mut v = arena_vec![in &bump; 1, 2, 3];
    let mut std_v = vec![1, 2, 3];
    assert_eq!(
        message_of(|| v.insert(5, 0)),
        message_of(|| std_v.insert(5, 0))
    );
    assert_eq!(
        message_of(|| _ = v.remove(3)),
        message_of(|| _ = std_v.remove(3))
    );
    assert_eq!(
        message_of(|| _ = v.swap_remove(3)),
        message_of(|| _ = std_v.swap_remove(3))
    );
    assert_eq!(
        message_of(|| drop(v.split_off(4))),
        message_of(|| drop(std_v.split_off(4)))
    );
    assert_eq!(v, std_v);
}

#[test]
fn into_flattened_reuses_the_buffer() {
    let bump = Bump::new();
    let mut v = arena_vec![in &bump; [1u16, 2, 3], [4, 5, 6]];
    v.reserve_exact(2);
    let ptr = v.as_ptr();
    let flat = v.into_flattened();
    assert_eq!((flat.as_ptr(), flat.capacity()), (ptr.cast::<u16>(), 12));
    assert_eq!(flat, [1, 2, 3, 4, 5, 6]);
    drop(flat);
    assert_eq!(bump.stats().allocated_bytes, 0, "the block went back whole");

    let empty_arrays: ArenaVec<'_, [u64; 0]> = arena_vec![in &bump; []; 7];
    let flat = empty_arrays.into_flattened();
    assert_eq!((flat.len(), flat.capacity()), (0, 0));

    let units: ArenaVec<'_, [(); 3]> = arena_vec![in &bump; [(); 3]; 5];
    assert_eq!(units.into_flattened().len(), 15);
}

#[test]
fn into_flattened_drops_each_element_once() {
    let log = Log::new();
    let bump = Bump::new();
    let v: ArenaVec<'_, [Tracked; 2]> = (0..3)
        .map(|i| [log.make(2 * i), log.make(2 * i + 1)])
        .collect_in(&bump);
    let flat = v.into_flattened();
    assert_eq!(values(&flat), [0, 1, 2, 3, 4, 5]);
    drop(flat);
    assert_eq!(log.dropped(), [0, 1, 2, 3, 4, 5]);
    log.assert_all_dropped_once();
}

#[test]
fn into_flattened_of_zero_sized_arrays_panics_on_length_overflow_like_std() {
    let bump = Bump::new();
    let mut v: ArenaVec<'_, [(); usize::MAX]> = ArenaVec::new_in(&bump);
    v.push([(); usize::MAX]);
    v.push([(); usize::MAX]);
    let std_v = vec![[(); usize::MAX]; 2];
    let std_message = message_of(|| drop(std_v.into_flattened()));
    // std's wording depends on the toolchain: "vec len overflow" on stable 1.85-1.95, "the
    // product of vec len and N shouldn't overflow" on nightlies since late 2026. Ours is the
    // documented first one on every toolchain.
    assert!(std_message.is_some(), "std panics as well");
    assert_eq!(
        message_of(|| drop(v.into_flattened())).as_deref(),
        Some("vec len overflow")
    );
}

#[test]
fn leak_and_into_boxed_slice_give_the_spare_capacity_back() {
    let log = Log::new();
    let bump = Bump::new();
    let mut v: ArenaVec<'_, Tracked> = (0..3).map(|i| log.make(i)).collect_in(&bump);
    v.reserve_exact(10);
    let boxed: ArenaBox<'_, [Tracked]> = v.into_boxed_slice();
    assert_eq!(values(&*boxed), [0, 1, 2]);
    assert_eq!(bump.stats().allocated_bytes, 3 * size_of::<Tracked>());
    drop(boxed);
    log.assert_all_dropped_once();

    let mut v: ArenaVec<'_, Tracked> = (0..2).map(|i| log.make(i)).collect_in(&bump);
    v.reserve(10);
    let leaked: &mut [Tracked] = v.leak();
    assert_eq!(values(&*leaked), [0, 1]);
    assert_eq!(log.live(), 2, "leaked elements are never dropped");
    leaked.iter_mut().for_each(|t| t.value += 1);
    // Clean up by hand so that the log stays consistent.
    // SAFETY: the leaked elements are initialised, owned by nobody, and never used again.
    unsafe { std::ptr::drop_in_place(leaked) };
    log.assert_all_dropped_once();
}

#[test]
fn raw_parts_round_trip_keeps_elements_capacity_and_ownership() {
    let log = Log::new();
    let bump = Bump::new();
    let mut v: ArenaVec<'_, Tracked> = (0..3).map(|i| log.make(i)).collect_in(&bump);
    v.reserve_exact(2);
    let (ptr, len, cap) = v.into_raw_parts();
    assert_eq!((len, cap), (3, 5));
    // SAFETY: the parts come from `into_raw_parts` of a vector in `bump`, untouched since.
    let mut v = unsafe { ArenaVec::from_raw_parts_in(ptr, len, cap, &bump) };
    v.push(log.make(3));
    assert_eq!(v.as_ptr(), ptr, "the block is the same");
    assert_eq!(values(&v), [0, 1, 2, 3]);
    drop(v);
    log.assert_all_dropped_once();
    assert_eq!(bump.stats().allocated_bytes, 0, "the block was given back");

    let units = arena_vec![in &bump; (); 4];
    let (ptr, len, cap) = units.into_raw_parts();
    assert_eq!((len, cap), (4, usize::MAX));
    // SAFETY: as above.
    let units = unsafe { ArenaVec::from_raw_parts_in(ptr, len, cap, &bump) };
    assert_eq!(units.len(), 4);

    let empty: ArenaVec<'_, u64> = ArenaVec::new_in(&bump);
    let (ptr, len, cap) = empty.into_raw_parts();
    assert_eq!((len, cap), (0, 0));
    // SAFETY: as above.
    let mut empty = unsafe { ArenaVec::from_raw_parts_in(ptr, len, cap, &bump) };
    empty.push(1);
    assert_eq!(empty, [1]);
}

#[test]
fn raw_parts_accept_a_leaked_slice_of_the_same_arena() {
    let bump = Bump::new();
    let slice: &mut [String] = arena_vec![in &bump; "a".to_string(), "b".to_string()].leak();
    let (ptr, len) = (slice.as_mut_ptr(), slice.len());
    // SAFETY: a leaked vector's slice is a live block of `bump` of `len` slots, owned by
    // nobody once `slice` is no longer used.
    let v = unsafe { ArenaVec::from_raw_parts_in(ptr, len, len, &bump) };
    assert_eq!(v, ["a", "b"]);
}

#[test]
fn from_slice_in_clones_and_drops_the_clones_when_one_panics() {
    quiet_injected_panics();
    let log = Log::new();
    let bump = Bump::new();
    let source: Vec<Tracked> = (0..5).map(|i| log.make(i)).collect();
    let copy = ArenaVec::from_slice_in(&source, &bump);
    assert_eq!((values(&copy), copy.capacity()), (vec![0, 1, 2, 3, 4], 5));
    log.panic_on_clone(3);
    assert!(catch_unwind(AssertUnwindSafe(|| ArenaVec::from_slice_in(&source, &bump))).is_err());
    assert_eq!(log.live(), 10);
    drop((copy, source));
    log.assert_all_dropped_once();
    assert!(ArenaVec::<u64>::try_from_slice_in(&[1, 2], &bump).is_ok());
    assert_eq!(ArenaVec::from_slice_copy_in(&[1u8, 2], &bump), [1, 2]);
}

#[test]
fn try_into_an_array_needs_the_exact_length_like_std() {
    let log = Log::new();
    let bump = Bump::new();
    let v: ArenaVec<'_, Tracked> = (0..3).map(|i| log.make(i)).collect_in(&bump);
    let v = <[Tracked; 2]>::try_from(v).unwrap_err();
    assert_eq!(values(&v), [0, 1, 2]);
    let array: [Tracked; 3] = v.try_into().unwrap();
    assert_eq!(values(&array), [0, 1, 2]);
    assert_eq!(bump.stats().allocated_bytes, 0, "the buffer was given back");
    drop(array);
    log.assert_all_dropped_once();
    let empty: [u8; 0] = ArenaVec::new_in(&bump).try_into().unwrap();
    assert_eq!(empty, [0u8; 0]);
}

#[test]
fn into_iter_clones_the_rest_into_the_same_arena() {
    quiet_injected_panics();
    let log = Log::new();
    let bump = Bump::new();
    let v: ArenaVec<'_, Tracked> = (0..4).map(|i| log.make(i)).collect_in(&bump);
    let mut iter: IntoIter<'_, Tracked> = v.into_iter();
    drop(iter.next());
    let copy = iter.clone();
    assert_eq!(values(copy.as_ref()), [1, 2, 3]);
    assert_eq!(values(iter.as_ref()), [1, 2, 3]);
    log.panic_on_clone(1);
    assert!(catch_unwind(AssertUnwindSafe(|| iter.clone())).is_err());
    drop((iter, copy));
    log.assert_all_dropped_once();
}

#[test]
fn drain_as_ref_shows_the_rest() {
    let bump = Bump::new();
    let mut v = arena_vec![in &bump; 1, 2, 3, 4];
    let mut drain: Drain<'_, '_, i32> = v.drain(1..);
    drain.next();
    assert_eq!(drain.as_ref(), [3, 4]);
}

#[test]
fn push_mut_and_insert_mut_return_the_new_element_like_std() {
    for index in 0..4 {
        same_as_std!(0..3u32, |v, log| {
            v.push_mut(log.make(7)).value += 1;
            v.insert_mut(index, log.make(9)).value += 1;
            Vec::new()
        });
    }
    let bump = Bump::new();
    let mut v = arena_vec![in &bump; 1, 2, 3];
    let mut std_v = vec![1, 2, 3];
    assert_eq!(
        message_of(|| _ = v.insert_mut(4, 0)),
        message_of(|| _ = std_v.insert_mut(4, 0))
    );
}

#[test]
fn a_vector_is_as_ref_and_as_mut_of_itself_like_std() {
    fn grow<'a, V: AsMut<ArenaVec<'a, u8>>>(mut v: V) -> usize {
        v.as_mut().push(1);
        v.as_mut().len()
    }
    let bump = Bump::new();
    let mut v = ArenaVec::new_in(&bump);
    assert_eq!(grow(&mut v), 1);
    let same: &ArenaVec<'_, u8> = v.as_ref();
    assert_eq!(*same, [1]);
}
