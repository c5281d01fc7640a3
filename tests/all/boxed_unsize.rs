//! `ArenaBox` conversions: raw round trips, unsizing, pinning, downcasts, uninitialised
//! construction, boxed-slice iteration and collection, and the std forwarding impls.

use std::any::Any;
use std::fmt::Display;
use std::future::Future;
use std::hash::Hasher;
use std::io::{BufRead, Cursor, Read, Seek, SeekFrom, Write};
use std::mem::MaybeUninit;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::LazyLock;
use std::task::{Context, Poll, Waker};

use bumpkit::collections::boxed::IntoIter;
use bumpkit::{ArenaBox, ArenaVec, Bump, CollectIn, SyncBump, unsize_box};
use static_assertions::{assert_eq_size, assert_impl_all, assert_not_impl_any};

use crate::common::{INJECTED, Log, Tracked, panic_message, quiet_injected_panics, values};

assert_eq_size!(ArenaBox<'static, dyn Any>, [usize; 2]);
assert_eq_size!(ArenaBox<'static, dyn Fn(i32) -> i32>, [usize; 2]);
assert_eq_size!(Option<ArenaBox<'static, dyn Any>>, [usize; 2]);
assert_impl_all!(IntoIter<'static, u8>: Send, Sync, ExactSizeIterator, DoubleEndedIterator);
assert_impl_all!(IntoIter<'static, std::cell::Cell<u8>>: Send);
assert_not_impl_any!(IntoIter<'static, std::cell::Cell<u8>>: Sync);
assert_not_impl_any!(IntoIter<'static, std::rc::Rc<u8>>: Send, Sync);
assert_impl_all!(ArenaBox<'static, dyn Any + Send>: Send);
assert_not_impl_any!(ArenaBox<'static, dyn Any>: Send, Sync);
assert_impl_all!(ArenaBox<'static, dyn Iterator<Item = u8>>: Iterator);
assert_impl_all!(ArenaBox<'static, dyn DoubleEndedIterator<Item = u8> + Send>: DoubleEndedIterator);
assert_impl_all!(ArenaBox<'static, dyn ExactSizeIterator<Item = u8> + Send + Sync>: ExactSizeIterator);
assert_impl_all!(ArenaBox<'static, [u8]>: IntoIterator, Default);
assert_impl_all!(ArenaBox<'static, str>: Default);
assert_impl_all!(ArenaBox<'static, std::io::Error>: std::error::Error);

/// Never called: compiles only if the boxed-slice iterator is covariant in `'a` and `T`.
#[expect(dead_code, reason = "a compile-time check")]
fn assert_into_iter_covariance<'short, 'long: 'short>(
    it: IntoIter<'long, &'long str>,
) -> IntoIter<'short, &'short str> {
    it
}

/// Drives a future to completion on this thread, waking by polling again.
fn block_on<F: Future>(fut: F) -> F::Output {
    let mut fut = std::pin::pin!(fut);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = fut.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

/// A future that is pending once, then ready.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            Poll::Pending
        }
    }
}

#[test]
fn into_raw_and_from_raw_round_trip_without_dropping() {
    let log = Log::new();
    let bump = Bump::new();
    let raw = ArenaBox::into_raw(ArenaBox::new_in(log.make(4), &bump));
    assert_eq!(log.live(), 1);
    // SAFETY: `raw` came from `into_raw` of a box of `bump`, which is still borrowed.
    let back: ArenaBox<'_, Tracked> = unsafe { ArenaBox::from_raw(raw) };
    assert_eq!(back.value, 4);
    assert_eq!(ArenaBox::as_ptr(&back), raw.cast_const());
    drop(back);
    log.assert_all_dropped_once();

    let slice = ArenaBox::from_iter_in([log.make(1), log.make(2)], &bump);
    let raw: *mut [Tracked] = ArenaBox::into_raw(slice);
    // SAFETY: as above; the slice pointer keeps its length.
    let back: ArenaBox<'_, [Tracked]> = unsafe { ArenaBox::from_raw(raw) };
    assert_eq!(values(back.iter()), [1, 2]);
    drop(back);
    log.assert_all_dropped_once();
}

#[test]
fn unsize_box_makes_trait_objects_slices_and_closures() {
    let log = Log::new();
    let bump = Bump::new();
    let shown: ArenaBox<'_, dyn Display> = unsize_box!(ArenaBox::new_in(42u64, &bump));
    assert_eq!(shown.to_string(), "42");

    let array = ArenaBox::new_in([log.make(1), log.make(2), log.make(3)], &bump);
    let address = ArenaBox::as_ptr(&array).cast::<u8>();
    let slice = unsize_box!(array => [Tracked]);
    assert_eq!(
        ArenaBox::as_ptr(&slice).cast::<u8>(),
        address,
        "the value must not move"
    );
    assert_eq!(values(slice.iter()), [1, 2, 3]);
    drop(slice);
    assert_eq!(log.dropped(), [1, 2, 3]);

    let offset = log.make(10);
    let adder = move |x: u32| {
        let offset: &Tracked = &offset; // moves all of `offset` into the closure
        x + offset.value
    };
    let add = unsize_box!(ArenaBox::new_in(adder, &bump) => dyn Fn(u32) -> u32 + '_);
    assert_eq!((add(1), add(2)), (11, 12));
    let mut total = 0;
    let mut sum = unsize_box!(ArenaBox::new_in(|x: u32| total += x, &bump) => dyn FnMut(u32) + '_);
    sum(3);
    sum(4);
    drop(sum);
    assert_eq!(total, 7);
    drop(add);
    log.assert_all_dropped_once();

    let iter: ArenaBox<'_, dyn DoubleEndedIterator<Item = u32>> =
        unsize_box!(ArenaBox::new_in(0..5u32, &bump));
    assert_eq!(iter.rev().collect::<Vec<_>>(), [4, 3, 2, 1, 0]);
}

#[test]
fn unsize_box_keeps_the_arena_lifetime_and_works_for_every_arena() {
    fn boxed_display<'a>(bump: &'a SyncBump, n: u8) -> ArenaBox<'a, dyn Display + Send, SyncBump> {
        unsize_box!(ArenaBox::new_in(n, bump))
    }
    let sync = SyncBump::new();
    let b = boxed_display(&sync, 5);
    std::thread::scope(|s| {
        s.spawn(move || assert_eq!(b.to_string(), "5"));
    });
    let local = sync.local();
    let n = unsize_box!(ArenaBox::new_in(String::from("local"), &local) => dyn Any);
    assert_eq!(*n.downcast::<String>().unwrap(), "local");
}

#[test]
fn a_pinned_boxed_dyn_future_is_awaited_and_dropped_once() {
    let log = Log::new();
    let bump = Bump::new();
    let guard = log.make(1);
    let fut = ArenaBox::new_in(
        async move {
            let _guard = guard;
            YieldOnce(false).await;
            40 + 2
        },
        &bump,
    );
    let fut = unsize_box!(fut => dyn Future<Output = i32> + '_);
    // SAFETY: `fut` is awaited to completion and dropped inside this function, before `bump`.
    let fut: Pin<ArenaBox<'_, dyn Future<Output = i32>>> =
        unsafe { ArenaBox::into_pin_unchecked(fut) };
    let out = block_on(async move { fut.await + 1 });
    assert_eq!(out, 43);
    log.assert_all_dropped_once();
}

#[test]
fn a_static_arena_pins_safely() {
    static ARENA: LazyLock<SyncBump> = LazyLock::new(SyncBump::new);
    let fut = ArenaBox::new_in(
        async {
            YieldOnce(false).await;
            7
        },
        &*ARENA,
    );
    let fut: Pin<ArenaBox<'static, dyn Future<Output = i32> + Send, SyncBump>> =
        ArenaBox::into_pin(unsize_box!(fut));
    assert_eq!(block_on(fut), 7);
    let pinned: Pin<ArenaBox<'static, u8, SyncBump>> = ArenaBox::new_in(3, &*ARENA).into();
    assert_eq!(*pinned, 3);
    assert_eq!(*ArenaBox::pin_in(String::from("p"), &*ARENA), "p");
}

#[test]
fn downcast_returns_the_box_on_a_wrong_type_and_drops_once() {
    let log = Log::new();
    let bump = Bump::new();
    let any: ArenaBox<'_, dyn Any> = unsize_box!(ArenaBox::new_in(log.make(3), &bump));
    let any = any.downcast::<u32>().unwrap_err();
    assert_eq!(log.live(), 1);
    let t = any.downcast::<Tracked>().unwrap();
    assert_eq!(t.value, 3);
    drop(t);
    log.assert_all_dropped_once();

    let send: ArenaBox<'_, dyn Any + Send> = unsize_box!(ArenaBox::new_in(vec![1u8], &bump));
    let send = send.downcast::<Vec<u16>>().unwrap_err();
    assert_eq!(*send.downcast::<Vec<u8>>().unwrap(), [1]);
    let both: ArenaBox<'_, dyn Any + Send + Sync> = unsize_box!(ArenaBox::new_in(2i8, &bump));
    assert_eq!(*both.downcast::<i8>().unwrap(), 2);
    let unit: ArenaBox<'_, dyn Any> = unsize_box!(ArenaBox::new_in((), &bump));
    assert!(unit.downcast::<()>().is_ok());
}

#[test]
fn uninit_boxes_are_written_then_assumed_initialised() {
    let log = Log::new();
    let bump = Bump::new();
    let b = ArenaBox::write(ArenaBox::new_uninit_in(&bump), log.make(5));
    assert_eq!(b.value, 5);
    drop(b);
    let never_written = ArenaBox::<Tracked>::new_uninit_in(&bump);
    drop(never_written); // a `MaybeUninit` drops nothing
    log.assert_all_dropped_once();

    let mut slots = ArenaBox::<[Tracked]>::new_uninit_slice_in(3, &bump);
    for (i, slot) in slots.iter_mut().enumerate() {
        slot.write(log.make(i as u32));
    }
    // SAFETY: every slot was just written.
    let all = unsafe { slots.assume_init() };
    assert_eq!(values(all.iter()), [0, 1, 2]);
    drop(all);
    log.assert_all_dropped_once();

    // SAFETY: zero bytes are valid `u64`s.
    let zeros = unsafe { ArenaBox::<[u64]>::new_zeroed_slice_in(5, &bump).assume_init() };
    assert_eq!(*zeros, [0; 5]);
    // SAFETY: zero bytes are a valid `(u8, u32)`.
    let zero = unsafe { ArenaBox::<(u8, u32)>::new_zeroed_in(&bump).assume_init() };
    assert_eq!(*zero, (0, 0));
    let empty = ArenaBox::<[MaybeUninit<String>]>::new_uninit_slice_in(0, &bump);
    assert!(empty.is_empty());
}

#[test]
fn uninit_try_forms_report_size_overflow_and_the_limit() {
    let bump = Bump::new();
    let err = ArenaBox::<[u32]>::try_new_uninit_slice_in(usize::MAX / 2, &bump).unwrap_err();
    assert_eq!(err.kind(), bumpkit::AllocErrorKind::SizeOverflow);
    bump.set_allocation_limit(Some(0));
    assert!(ArenaBox::<[u8; 1 << 16]>::try_new_uninit_in(&bump).is_err());
    assert!(ArenaBox::<[u8; 1 << 16]>::try_new_zeroed_in(&bump).is_err());
    assert!(ArenaBox::<[u8]>::try_new_zeroed_slice_in(1 << 16, &bump).is_err());
    let fresh = Bump::new();
    let message = panic_message(catch_unwind(|| {
        drop(ArenaBox::<[u64]>::new_uninit_slice_in(
            usize::MAX / 4,
            &fresh,
        ));
    }));
    assert!(message.contains("bumpkit"), "{message}");
}

#[test]
fn a_partly_consumed_slice_iterator_drops_the_rest_once_like_std() {
    for taken_front in 0..4 {
        for taken_back in 0..(4 - taken_front) {
            let log = Log::new();
            let bump = Bump::new();
            let b = ArenaBox::from_iter_in((0..4).map(|i| log.make(i)), &bump);
            let mut iter = b.into_iter();
            let front: Vec<_> = iter.by_ref().take(taken_front).collect();
            let back: Vec<_> = (0..taken_back).filter_map(|_| iter.next_back()).collect();
            assert_eq!(iter.len(), 4 - taken_front - taken_back);
            drop(iter);
            let ours = log.dropped();
            drop((front, back));
            log.assert_all_dropped_once();

            let std_log = Log::new();
            let b: Box<[Tracked]> = (0..4).map(|i| std_log.make(i)).collect();
            let mut iter = b.into_iter();
            let front: Vec<_> = iter.by_ref().take(taken_front).collect();
            let back: Vec<_> = (0..taken_back).filter_map(|_| iter.next_back()).collect();
            drop(iter);
            assert_eq!(
                ours,
                std_log.dropped(),
                "{taken_front} front, {taken_back} back"
            );
            drop((front, back));
        }
    }
}

#[test]
fn a_panicking_drop_in_the_slice_iterator_still_drops_the_rest() {
    quiet_injected_panics();
    let log = Log::new();
    let bump = Bump::new();
    let b = ArenaBox::from_iter_in((0..5).map(|i| log.make(i)), &bump);
    let mut iter = b.into_iter();
    drop(iter.next());
    log.panic_on_drop_of(2);
    let message = panic_message(catch_unwind(AssertUnwindSafe(move || drop(iter))));
    assert_eq!(message, INJECTED);
    assert_eq!(log.dropped(), [0, 1, 2, 3, 4]);
    log.assert_all_dropped_once();
}

#[test]
fn boxed_slices_iterate_by_reference_and_by_value() {
    let bump = Bump::new();
    let mut b = ArenaBox::from_slice_copy_in(&[1, 2, 3], &bump);
    for x in &mut b {
        *x *= 10;
    }
    let mut sum = 0;
    for x in &b {
        sum += x;
    }
    assert_eq!(sum, 60);
    let mut iter = b.into_iter();
    iter.as_mut_slice()[0] = 7;
    assert_eq!(iter.as_ref(), [7, 20, 30]);
    assert_eq!(format!("{iter:?}"), "IntoIter([7, 20, 30])");
    assert_eq!(iter.size_hint(), (3, Some(3)));
    assert_eq!(iter.collect::<Vec<_>>(), [7, 20, 30]);
    assert_eq!(IntoIter::<'_, String>::default().len(), 0);
    let zsts = ArenaBox::from_iter_in([(), (), ()], &bump);
    assert_eq!(zsts.into_iter().rev().count(), 3);
}

#[test]
fn from_iter_in_trusts_no_size_hint_and_drops_on_a_panicking_iterator() {
    /// Reports a size hint of `hint` whatever it yields.
    struct Lying<I>(I, (usize, Option<usize>));
    impl<I: Iterator> Iterator for Lying<I> {
        type Item = I::Item;
        fn next(&mut self) -> Option<I::Item> {
            self.0.next()
        }
        fn size_hint(&self) -> (usize, Option<usize>) {
            self.1
        }
    }
    let bump = Bump::new();
    let b = ArenaBox::from_iter_in(Lying(0..10, (0, Some(2))), &bump);
    assert_eq!(*b, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    let b = ArenaBox::from_iter_in(Lying(0..2, (5, Some(5))), &bump);
    assert_eq!(*b, [0, 1]);
    let filtered: ArenaBox<'_, [u8]> = (0..20u8).filter(|n| n % 7 == 0).collect_in(&bump);
    assert_eq!(*filtered, [0, 7, 14]);

    quiet_injected_panics();
    for at in 0..4 {
        let log = Log::new();
        let result = catch_unwind(AssertUnwindSafe(|| {
            ArenaBox::from_iter_in(
                (0..4).map(|i| {
                    if i == at {
                        std::panic::panic_any(INJECTED);
                    }
                    log.make(i)
                }),
                &bump,
            )
        }));
        assert_eq!(panic_message(result), INJECTED);
        log.assert_all_dropped_once();
    }
}

#[test]
fn slices_arrays_and_strs_convert_without_copying() {
    let bump = Bump::new();
    let slice = ArenaBox::from_slice_copy_in(&[1, 2, 3], &bump);
    let address = ArenaBox::as_ptr(&slice).cast::<u8>();
    let slice = ArenaBox::<[i32; 4]>::try_from(slice).unwrap_err();
    let array: ArenaBox<'_, [i32; 3]> = slice.try_into().unwrap();
    assert_eq!(ArenaBox::as_ptr(&array).cast::<u8>(), address);

    let s = ArenaBox::from_str_in("héllo", &bump);
    let bytes: ArenaBox<'_, [u8]> = s.into();
    assert_eq!(*bytes, *"héllo".as_bytes());
    let s = ArenaBox::<str>::from_utf8(bytes).unwrap();
    assert_eq!(&*s, "héllo");
    let (err, bad) =
        ArenaBox::<str>::from_utf8(ArenaBox::from_slice_copy_in(b"ab\xc3", &bump)).unwrap_err();
    assert_eq!((err.valid_up_to(), err.error_len()), (2, None));
    assert_eq!(*bad, *b"ab\xc3");

    let log = Log::new();
    let elsewhere = Bump::new();
    let v: ArenaVec<'_, Tracked> = (0..3).map(|i| log.make(i)).collect_in(&elsewhere);
    let v = ArenaBox::<[Tracked; 2]>::try_from(v).unwrap_err();
    assert_eq!((v.len(), log.live()), (3, 3));
    let array = ArenaBox::<[Tracked; 3]>::try_from(v).unwrap();
    assert_eq!(values(array.iter()), [0, 1, 2]);
    drop(array);
    log.assert_all_dropped_once();

    let empty: ArenaBox<'_, [String]> = ArenaBox::default();
    assert!(empty.is_empty());
    let empty: ArenaBox<'_, str> = Default::default();
    assert_eq!(&*empty, "");
    assert_eq!(
        bump.stats().allocated_bytes,
        3 * 4 + 6 + 3,
        "defaults take no arena memory"
    );
}

#[test]
fn io_hasher_and_error_forward_to_the_value() {
    let bump = Bump::new();
    let mut reader = ArenaBox::new_in(Cursor::new(b"line one\nline two\n".to_vec()), &bump);
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    assert_eq!(first, "line one\n");
    assert_eq!(reader.fill_buf().unwrap()[0], b'l');
    reader.seek(SeekFrom::Start(5)).unwrap();
    let mut rest = String::new();
    reader.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "one\nline two\n");

    let mut writer = ArenaBox::new_in(Vec::new(), &bump);
    write!(writer, "{}-{}", 1, 2).unwrap();
    writer.flush().unwrap();
    assert_eq!(*writer, b"1-2");

    let mut ours = ArenaBox::new_in(std::collections::hash_map::DefaultHasher::new(), &bump);
    let mut theirs = std::collections::hash_map::DefaultHasher::new();
    for h in [&mut *ours as &mut dyn Hasher, &mut theirs] {
        h.write_u32(7);
        h.write(b"bytes");
        h.write_i128(-1);
    }
    assert_eq!(ours.finish(), theirs.finish());

    let err = ArenaBox::new_in(std::io::Error::other("boom"), &bump);
    let as_error: &dyn std::error::Error = &err;
    assert_eq!(as_error.to_string(), "boom");
    assert!(as_error.source().is_none());
}

#[test]
fn a_collected_arena_vec_of_boxes_holds_trait_objects() {
    let log = Log::new();
    let bump = Bump::new();
    let shapes: ArenaVec<'_, ArenaBox<'_, dyn Any>> = (0..4u32)
        .map(|i| -> ArenaBox<'_, dyn Any> {
            if i % 2 == 0 {
                unsize_box!(ArenaBox::new_in(log.make(i), &bump))
            } else {
                unsize_box!(ArenaBox::new_in(i, &bump))
            }
        })
        .collect_in(&bump);
    let tracked = shapes.iter().filter(|b| b.is::<Tracked>()).count();
    assert_eq!(tracked, 2);
    drop(shapes);
    log.assert_all_dropped_once();
}

#[test]
fn boxed_strs_collect_from_chars_and_pieces_like_std() {
    use std::borrow::Cow;
    let bump = Bump::new();
    let words = ["ab", "", "çd"];
    let ours: ArenaBox<'_, str> = words.iter().flat_map(|w| w.chars()).collect_in(&bump);
    let theirs: Box<str> = words.iter().flat_map(|w| w.chars()).collect();
    assert_eq!(&*ours, &*theirs);
    let chars = ['x', 'é', '✓'];
    let ours: ArenaBox<'_, str> = chars.iter().collect_in(&bump);
    assert_eq!(&*ours, &*chars.iter().collect::<Box<str>>());
    let ours: ArenaBox<'_, str> = words.into_iter().collect_in(&bump);
    assert_eq!(&*ours, &*words.into_iter().collect::<Box<str>>());
    let owned = || words.iter().map(|w| w.to_string());
    let ours: ArenaBox<'_, str> = owned().collect_in(&bump);
    assert_eq!(&*ours, &*owned().collect::<Box<str>>());
    let cows = || [Cow::Borrowed("a"), Cow::Owned(String::from("b"))].into_iter();
    let ours: ArenaBox<'_, str> = cows().collect_in(&bump);
    assert_eq!(&*ours, &*cows().collect::<Box<str>>());
    let other = SyncBump::new();
    let boxes = [
        ArenaBox::from_str_in("p", &other),
        ArenaBox::from_str_in("q", &other),
    ];
    let ours: ArenaBox<'_, str> = boxes.into_iter().collect_in(&bump);
    assert_eq!(&*ours, "pq");
    let empty: ArenaBox<'_, str> = std::iter::empty::<char>().collect_in(&bump);
    assert_eq!(&*empty, "");
}

#[test]
fn boxed_errors_downcast_like_std() {
    let bump = Bump::new();
    let err: ArenaBox<'_, dyn std::error::Error + Send + Sync> =
        unsize_box!(ArenaBox::new_in(std::fmt::Error, &bump));
    assert_eq!(err.to_string(), std::fmt::Error.to_string());
    let err = err.downcast::<std::io::Error>().unwrap_err();
    assert_eq!(*err.downcast::<std::fmt::Error>().unwrap(), std::fmt::Error);
    let io: ArenaBox<'_, dyn std::error::Error> =
        unsize_box!(ArenaBox::new_in(std::io::Error::other("x"), &bump));
    assert!(io.downcast::<std::io::Error>().is_ok());
}
