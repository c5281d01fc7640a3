//! The typed arena API every arena shares (`alloc_try_with`, the slice fills,
//! `alloc_slice_from_iter`, uninitialised room, `remaining`), each test run on `Bump`,
//! `SyncBump` and a `LocalBump` handle.

use std::borrow::Cow;
use std::panic::{AssertUnwindSafe, catch_unwind};

use bumpkit::{AllocErrorKind, AllocOrInitError, Bump, LocalBump, SyncBump};

use crate::common::{INJECTED, Log, Tracked, panic_message, quiet_injected_panics, values};

static_assertions::assert_impl_all!(
    AllocOrInitError<std::num::ParseIntError>: Send, Sync, std::error::Error, Clone, PartialEq, From<bumpkit::AllocError>
);

/// What the tests need beyond the shared API: the allocation limit, set on the arena a
/// handle belongs to.
pub(crate) trait Limit {
    fn limit(&self, bytes: Option<usize>);
}

impl Limit for Bump {
    fn limit(&self, bytes: Option<usize>) {
        self.set_allocation_limit(bytes);
    }
}

impl Limit for SyncBump {
    fn limit(&self, bytes: Option<usize>) {
        self.set_allocation_limit(bytes);
    }
}

impl Limit for LocalBump<'_> {
    fn limit(&self, bytes: Option<usize>) {
        self.arena().set_allocation_limit(bytes);
    }
}

/// Yields `items` values made by `make` while claiming a size hint of `hint`, and panics
/// with [`INJECTED`] before item `panic_at` if set.
struct Lying<F> {
    next: usize,
    items: usize,
    hint: (usize, Option<usize>),
    panic_at: Option<usize>,
    make: F,
}

fn lying<T, F: FnMut(usize) -> T>(items: usize, hint: (usize, Option<usize>), make: F) -> Lying<F> {
    Lying {
        next: 0,
        items,
        hint,
        panic_at: None,
        make,
    }
}

impl<T, F: FnMut(usize) -> T> Iterator for Lying<F> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.panic_at == Some(self.next) {
            std::panic::panic_any(INJECTED);
        }
        (self.next < self.items).then(|| {
            self.next += 1;
            (self.make)(self.next - 1)
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.hint
    }
}

#[repr(align(64))]
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Zst64;

#[repr(align(4096))]
#[derive(Clone, Copy, Debug, PartialEq)]
struct Page(u8);

/// Generates each test once per arena: `$arena` is a `&Bump`, a `&SyncBump` or a
/// `&LocalBump` of a fresh `SyncBump`.
macro_rules! on_every_arena {
    ($(fn $name:ident($arena:ident) $body:block)*) => {
        mod on_bump {
            use super::*;
            $(
                #[test]
                fn $name() {
                    let owner = Bump::new();
                    let $arena = &owner;
                    $body
                }
            )*
        }
        mod on_sync_bump {
            use super::*;
            $(
                #[test]
                fn $name() {
                    let owner = SyncBump::new();
                    let $arena = &owner;
                    $body
                }
            )*
        }
        mod on_local_bump {
            use super::*;
            $(
                #[test]
                fn $name() {
                    let owner = SyncBump::new();
                    let handle = owner.local();
                    let $arena = &handle;
                    $body
                }
            )*
        }
    };
}

pub(crate) use on_every_arena;

on_every_arena! {
    fn alloc_try_with_writes_ok_and_gives_the_room_back_on_err(arena) {
        arena.alloc(0u64); // so that the values below need no padding
        let before = arena.remaining();
        let x = arena.alloc_try_with(|| Ok::<_, ()>([7u64; 4])).unwrap();
        assert_eq!(*x, [7; 4]);
        let after_ok = arena.remaining();
        assert!(after_ok <= before - 32);
        assert_eq!(arena.alloc_try_with(|| Err::<[u64; 4], _>("no")), Err("no"));
        assert_eq!(arena.remaining(), after_ok, "the room of a failed value is given back");
        assert_eq!(*x, [7; 4]);
    }

    fn alloc_try_with_keeps_the_room_when_the_initialiser_allocated(arena) {
        let before = arena.remaining();
        let result = arena.alloc_try_with(|| {
            arena.alloc(1u32);
            Err::<u64, _>(())
        });
        assert_eq!(result, Err(()));
        assert!(arena.remaining() < before || before == 0);
        assert_eq!(*arena.alloc(5u16), 5);
    }

    fn a_panicking_initialiser_leaves_the_arena_usable(arena) {
        quiet_injected_panics();
        arena.alloc(0u64); // so that the values below need no padding
        let before = arena.remaining();
        let result = catch_unwind(AssertUnwindSafe(|| {
            arena.alloc_try_with(|| -> Result<u64, ()> { std::panic::panic_any(INJECTED) })
        }));
        assert_eq!(panic_message(result), INJECTED);
        assert_eq!(arena.remaining(), before, "the room is given back while unwinding");
        assert_eq!(*arena.alloc(9u64), 9);
    }

    fn try_alloc_try_with_reports_an_allocation_failure_without_calling_f(arena) {
        arena.limit(Some(0));
        let mut called = false;
        let err = arena
            .try_alloc_try_with(|| {
                called = true;
                Ok::<_, ()>(1u8)
            })
            .unwrap_err();
        assert!(matches!(err, AllocOrInitError::Alloc(e) if e.kind() == AllocErrorKind::LimitReached));
        assert!(!called);
        let message = panic_message(catch_unwind(AssertUnwindSafe(|| {
            arena.alloc_try_with(|| Ok::<_, ()>(1u8)).ok();
        })));
        assert!(message.starts_with("bumpkit: cannot allocate 1 bytes"), "{message}");
    }

    fn fills_copy_clone_and_default(arena) {
        assert_eq!(arena.alloc_slice_fill_copy(3, 5u16), &[5, 5, 5]);
        assert_eq!(arena.alloc_slice_fill_clone(2, &Cow::Borrowed("ab")), ["ab", "ab"]);
        assert_eq!(arena.alloc_slice_fill_default::<Option<u8>>(2), &[None, None]);
        assert!(arena.alloc_slice_fill_copy(0, 1u8).is_empty());
        assert_eq!(arena.try_alloc_slice_fill_default::<u8>(4).unwrap(), &[0; 4]);
    }

    fn a_panicking_clone_drops_the_clones_made_and_gives_the_room_back(arena) {
        quiet_injected_panics();
        let log = Log::new();
        let value = log.make(7);
        arena.alloc(0u64); // so that the values below need no padding
        let before = arena.remaining();
        log.panic_on_clone(3);
        let result = catch_unwind(AssertUnwindSafe(|| {
            arena.alloc_slice_fill_clone(10, &value);
        }));
        assert_eq!(panic_message(result), INJECTED);
        assert_eq!(log.live(), 1, "only the original is alive");
        assert_eq!(arena.remaining(), before);
        let clones = arena.alloc_slice_fill_clone(2, &value);
        assert_eq!(values(&*clones), [7, 7]);
        // The arena never drops the clones it handed out: drop them by hand.
        for clone in clones.iter_mut() {
            // SAFETY: each clone is dropped once, and the slice is not used again.
            unsafe { std::ptr::drop_in_place(clone) };
        }
        drop(value);
        log.assert_all_dropped_once();
    }

    fn from_iter_takes_any_iterator(arena) {
        assert_eq!(arena.alloc_slice_from_iter((0..10).filter(|n| n % 3 == 0)), &[0, 3, 6, 9]);
        assert_eq!(arena.alloc_slice_from_iter(vec![1u8, 2, 3]), &[1, 2, 3]);
        assert!(arena.alloc_slice_from_iter(std::iter::empty::<u64>()).is_empty());
        let long = arena.alloc_slice_from_iter((0..5000u32).filter(|_| true));
        assert!(long.iter().enumerate().all(|(i, &v)| v == i as u32));
    }

    fn from_iter_survives_size_hints_that_lie(arena) {
        // Too small.
        let s = arena.alloc_slice_from_iter(lying(100, (0, Some(0)), |i| i as u64));
        assert!(s.iter().enumerate().all(|(i, &v)| v == i as u64));
        assert_eq!(s.len(), 100);
        // Too large: the unused room is given back.
        arena.alloc(0u64); // so that the values below need no padding
        let before = arena.remaining();
        let s = arena.alloc_slice_from_iter(lying(3, (100, Some(100)), |i| i as u64));
        assert_eq!(s, &[0, 1, 2]);
        let used = before - arena.remaining();
        assert_eq!(used, 3 * 8, "the room for 97 more is given back");
        // Absurd: the lower bound cannot even be allocated.
        let s = arena.alloc_slice_from_iter(lying(5, (usize::MAX, None), |i| i as u32));
        assert_eq!(s, &[0, 1, 2, 3, 4]);
    }

    fn from_iter_moves_when_the_iterator_allocates_in_the_same_arena(arena) {
        let s = arena.alloc_slice_from_iter((0..200u32).filter(|_| true).inspect(|&i| {
            arena.alloc(i as u8);
        }));
        assert!(s.iter().enumerate().all(|(i, &v)| v == i as u32));
        assert_eq!(s.len(), 200);
    }

    fn a_panicking_iterator_drops_the_items_taken(arena) {
        quiet_injected_panics();
        let log = Log::new();
        arena.alloc(0u64); // so that the values below need no padding
        let before = arena.remaining();
        for (hint, panic_at) in [((0, None), 0), ((0, None), 5), ((2, Some(2)), 40), ((100, None), 7)] {
            let mut iter = lying(50, hint, |i| log.make(i as u32));
            iter.panic_at = Some(panic_at);
            let result = catch_unwind(AssertUnwindSafe(|| {
                arena.alloc_slice_from_iter(iter);
            }));
            assert_eq!(panic_message(result), INJECTED);
            assert_eq!(log.live(), 0);
            assert_eq!(log.dropped().len(), log.created());
            assert_eq!(arena.remaining(), before, "hint {hint:?}, panic at {panic_at}");
        }
        log.assert_all_dropped_once();
        assert_eq!(*arena.alloc(3u8), 3);
    }

    fn a_panicking_size_hint_takes_nothing(arena) {
        quiet_injected_panics();
        struct BadHint(std::vec::IntoIter<Tracked>);
        impl Iterator for BadHint {
            type Item = Tracked;
            fn next(&mut self) -> Option<Tracked> {
                self.0.next()
            }
            fn size_hint(&self) -> (usize, Option<usize>) {
                std::panic::panic_any(INJECTED)
            }
        }
        let log = Log::new();
        let items: Vec<_> = (0..4).map(|i| log.make(i)).collect();
        let result = catch_unwind(AssertUnwindSafe(|| {
            arena.alloc_slice_from_iter(BadHint(items.into_iter()));
        }));
        assert_eq!(panic_message(result), INJECTED);
        log.assert_all_dropped_once();
    }

    fn from_iter_at_the_limit_is_an_error_that_drops_the_items_taken(arena) {
        let log = Log::new();
        arena.alloc(0u8);
        arena.limit(Some(0));
        let mut iter = (0..1_000_000).map(|i| log.make(i)).filter(|_| true);
        let err = arena.try_alloc_slice_from_iter(iter.by_ref()).unwrap_err();
        assert_eq!(err.kind(), AllocErrorKind::LimitReached);
        assert!(err.to_string().contains(" elements of "), "{err}");
        assert!(log.created() > 0);
        log.assert_all_dropped_once();
        assert!(iter.next().is_some(), "the rest stays in the iterator");
    }

    fn zero_sized_items_take_no_room_and_keep_their_alignment(arena) {
        arena.alloc(0u64); // so that the values below need no padding
        let before = arena.remaining();
        let s = arena.alloc_slice_from_iter((0..1000).map(|_| Zst64));
        assert_eq!(s.len(), 1000);
        assert_eq!(s.as_ptr() as usize % 64, 0);
        let u = arena.alloc_uninit_slice::<Zst64>(usize::MAX);
        assert_eq!((u.len(), u.as_ptr() as usize % 64), (usize::MAX, 0));
        assert_eq!(std::ptr::from_mut(arena.alloc_uninit::<Zst64>()).addr() % 64, 0);
        assert_eq!(arena.alloc_slice_fill_default::<Zst64>(7).len(), 7);
        let t = arena.alloc_slice_try_fill_with(3, |_| Ok::<_, ()>(Zst64)).unwrap();
        assert_eq!(t.as_ptr() as usize % 64, 0);
        assert_eq!(std::ptr::from_mut(arena.alloc_try_with(|| Ok::<_, ()>(Zst64)).unwrap()).addr() % 64, 0);
        assert_eq!(arena.remaining(), before);
    }

    fn zero_sized_items_with_drop_are_dropped_once_on_a_panic(arena) {
        quiet_injected_panics();
        let drops = std::cell::Cell::new(0);
        struct Counted<'c>(&'c std::cell::Cell<usize>);
        impl Drop for Counted<'_> {
            fn drop(&mut self) {
                self.0.set(self.0.get() + 1);
            }
        }
        let mut iter = lying(10, (0, None), |_| Counted(&drops));
        iter.panic_at = Some(6);
        let result = catch_unwind(AssertUnwindSafe(|| {
            arena.alloc_slice_from_iter(iter);
        }));
        assert_eq!(panic_message(result), INJECTED);
        assert_eq!(drops.get(), 6);
    }

    fn page_aligned_values_stay_aligned_across_chunks(arena) {
        for round in 0..6u8 {
            let s = arena.alloc_slice_from_iter((0..3).map(|i| Page(round + i)).filter(|_| true));
            assert_eq!(s.as_ptr() as usize % 4096, 0);
            assert_eq!(s, &[Page(round), Page(round + 1), Page(round + 2)]);
            let slot = arena.alloc_uninit::<Page>();
            assert_eq!(std::ptr::from_mut(slot).addr() % 4096, 0);
            let room = arena.alloc_uninit_slice::<Page>(2);
            assert_eq!(room.as_ptr() as usize % 4096, 0);
            let filled = arena.alloc_slice_fill_copy(2, Page(round));
            assert_eq!(filled.as_ptr() as usize % 4096, 0);
            arena.alloc_slice_fill_copy(3000, 0u8); // push towards the next chunk
        }
    }

    fn huge_lengths_are_errors_naming_the_request(arena) {
        for err in [
            arena.try_alloc_slice_fill_copy(usize::MAX, 0u64).unwrap_err(),
            arena.try_alloc_slice_fill_default::<u64>(usize::MAX / 4).unwrap_err(),
            arena.try_alloc_slice_fill_clone(usize::MAX, &0u64).unwrap_err(),
            arena.try_alloc_uninit_slice::<u64>(usize::MAX).map(|_| ()).unwrap_err(),
        ] {
            assert_eq!(err.kind(), AllocErrorKind::SizeOverflow);
            assert!(err.to_string().contains("elements of 8 bytes"), "{err}");
        }
        let err = arena.try_alloc_slice_try_fill_with(usize::MAX, |_| Ok::<u64, ()>(0)).unwrap_err();
        assert!(matches!(err, AllocOrInitError::Alloc(e) if e.kind() == AllocErrorKind::SizeOverflow));
        let message = panic_message(catch_unwind(AssertUnwindSafe(|| {
            arena.alloc_uninit_slice::<u32>(usize::MAX);
        })));
        assert_eq!(
            message,
            format!("bumpkit: cannot allocate {} elements of 4 bytes (the size overflows isize::MAX)", usize::MAX)
        );
        let message = panic_message(catch_unwind(AssertUnwindSafe(|| {
            arena.alloc_slice_fill_copy(usize::MAX / 2, 0u16);
        })));
        assert!(message.contains("elements of 2 bytes"), "{message}");
        assert_eq!(*arena.alloc(1u8), 1);
    }

    fn try_fill_with_stops_at_the_first_error_and_drops_what_it_made(arena) {
        let log = Log::new();
        arena.alloc(0u64); // so that the values below need no padding
        let before = arena.remaining();
        let result = arena.alloc_slice_try_fill_with(10, |i| if i < 4 { Ok(log.make(i as u32)) } else { Err(i) });
        assert_eq!(result.map(|s| s.len()), Err(4));
        log.assert_all_dropped_once();
        assert_eq!(log.created(), 4);
        assert_eq!(arena.remaining(), before, "the room is given back");
        let ok = arena.alloc_slice_try_fill_with(3, |i| Ok::<_, ()>(i * 2)).unwrap();
        assert_eq!(ok, &[0, 2, 4]);
        let err = arena.try_alloc_slice_try_fill_with(2, |_| Err::<u8, _>('x')).unwrap_err();
        assert_eq!(err, AllocOrInitError::Init('x'));
    }

    fn a_panicking_try_fill_drops_what_it_made(arena) {
        quiet_injected_panics();
        let log = Log::new();
        let result = catch_unwind(AssertUnwindSafe(|| {
            let _ = arena.alloc_slice_try_fill_with(10, |i| {
                if i == 6 {
                    std::panic::panic_any(INJECTED);
                }
                Ok::<_, ()>(log.make(i as u32))
            });
        }));
        assert_eq!(panic_message(result), INJECTED);
        log.assert_all_dropped_once();
        assert_eq!(log.dropped(), [0, 1, 2, 3, 4, 5]);
    }

    fn try_fill_iter_takes_ok_values_and_stops_at_err(arena) {
        let log = Log::new();
        let ok = arena.alloc_slice_try_fill_iter((0..3).map(Ok::<_, ()>)).unwrap();
        assert_eq!(ok, &[0, 1, 2]);
        let items = (0..5).map(|i| if i == 3 { Err("bad") } else { Ok(log.make(i)) });
        assert_eq!(arena.alloc_slice_try_fill_iter(items).map(|s| s.len()), Err("bad"));
        log.assert_all_dropped_once();
        let message = panic_message(catch_unwind(AssertUnwindSafe(|| {
            struct Short(u8);
            impl Iterator for Short {
                type Item = Result<u8, ()>;
                fn next(&mut self) -> Option<Result<u8, ()>> {
                    (self.0 > 0).then(|| { self.0 -= 1; Ok(self.0) })
                }
            }
            impl ExactSizeIterator for Short {
                fn len(&self) -> usize { 4 }
            }
            let _ = arena.alloc_slice_try_fill_iter(Short(2));
        })));
        assert_eq!(message, "bumpkit: an ExactSizeIterator reported 4 items but yielded only 2");
    }

    fn uninit_room_is_aligned_sized_and_writable(arena) {
        let slot = arena.alloc_uninit::<u64>();
        assert_eq!(std::ptr::from_mut(slot).addr() % 8, 0);
        assert_eq!(*slot.write(11), 11);
        let room = arena.alloc_uninit_slice::<u32>(5);
        assert_eq!(room.len(), 5);
        for (i, s) in room.iter_mut().enumerate() {
            s.write(i as u32);
        }
        // SAFETY: all five were written above.
        assert_eq!(unsafe { room[4].assume_init() }, 4);
        assert!(arena.alloc_uninit_slice::<u8>(0).is_empty());
        let bytes = arena.try_alloc_uninit_slice::<u8>(100).unwrap();
        assert_eq!(bytes.len(), 100);
    }

    fn alloc_or_init_error_displays_and_chains_its_cause(arena) {
        use std::error::Error as _;
        let err = arena.try_alloc_try_with(|| "x".parse::<u8>()).map(|_| ()).unwrap_err();
        assert_eq!(err.to_string(), "bumpkit: the initialiser failed: invalid digit found in string");
        assert!(err.source().is_some());
        assert!(err.clone().into_init().is_some());
        let err = arena.try_alloc_slice_try_fill_with(usize::MAX, |_| "1".parse::<u8>()).unwrap_err();
        assert!(err.to_string().starts_with("bumpkit: cannot allocate"), "{err}");
        assert_eq!(err.into_init(), None);
    }

    fn remaining_counts_down_in_the_current_chunk(arena) {
        assert_eq!(arena.remaining(), 0, "nothing before the first chunk or block");
        arena.alloc(0u64); // so that the values below need no padding
        let before = arena.remaining();
        assert!(before > 0);
        arena.alloc_slice_fill_copy(10, 0u8);
        assert_eq!(arena.remaining(), before - 10);
        arena.alloc_slice_fill_copy(before - 10, 1u8);
        assert_eq!(arena.remaining(), 0);
        arena.alloc(1u8);
        assert!(arena.remaining() > 0, "a new chunk or block");
    }
}
