//! `ArenaBox`: ownership, drops (also panicking ones), slices and `str`, pinning, std traits.

use std::cell::Cell;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::marker::PhantomPinned;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use bumpkit::{ArenaBox, Bump, CollectIn};
use static_assertions::{assert_eq_size, assert_impl_all, assert_not_impl_any};

use crate::common::panic_message;

assert_eq_size!(ArenaBox<'static, u64>, usize);
assert_eq_size!(ArenaBox<'static, [u8; 4096]>, usize);
assert_eq_size!(Option<ArenaBox<'static, u64>>, usize);
assert_eq_size!(ArenaBox<'static, [u64]>, [usize; 2]);
assert_eq_size!(ArenaBox<'static, str>, [usize; 2]);
assert_impl_all!(ArenaBox<'static, u64>: Send, Sync, Unpin);
assert_impl_all!(ArenaBox<'static, Cell<u8>>: Send);
assert_not_impl_any!(ArenaBox<'static, Cell<u8>>: Sync);
assert_not_impl_any!(ArenaBox<'static, Rc<u8>>: Send, Sync);
assert_impl_all!(ArenaBox<'static, PhantomPinned>: Unpin);
assert_not_impl_any!(ArenaBox<'static, u64>: Clone, Copy);

/// Never called: compiles only if `ArenaBox` is covariant in its lifetime and its value.
#[expect(dead_code, reason = "a compile-time check")]
fn assert_covariance<'short, 'long: 'short>(
    b: ArenaBox<'long, &'long str>,
) -> ArenaBox<'short, &'short str> {
    b
}

/// Counts its drops in a shared cell and panics in `drop` when told to.
struct Counted<'c> {
    drops: &'c Cell<usize>,
    panic_on_drop: bool,
}

impl<'c> Counted<'c> {
    fn new(drops: &'c Cell<usize>) -> Self {
        Self {
            drops,
            panic_on_drop: false,
        }
    }
}

impl Clone for Counted<'_> {
    fn clone(&self) -> Self {
        Self::new(self.drops)
    }
}

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.drops.set(self.drops.get() + 1);
        if self.panic_on_drop {
            panic!("drop panics");
        }
    }
}

#[test]
fn dropping_the_box_drops_the_value_exactly_once() {
    let drops = Cell::new(0);
    let bump = Bump::new();
    let b = ArenaBox::new_in(Counted::new(&drops), &bump);
    assert_eq!(drops.get(), 0);
    drop(b);
    assert_eq!(drops.get(), 1);
    drop(bump);
    assert_eq!(drops.get(), 1);
}

#[test]
fn into_inner_moves_the_value_out_without_dropping_it() {
    let drops = Cell::new(0);
    let bump = Bump::new();
    let value = ArenaBox::into_inner(ArenaBox::new_in(Counted::new(&drops), &bump));
    assert_eq!(drops.get(), 0);
    drop(value);
    assert_eq!(drops.get(), 1);
}

#[test]
fn leak_never_drops_and_keeps_the_value_usable() {
    let drops = Cell::new(0);
    let bump = Bump::new();
    let leaked = ArenaBox::leak(ArenaBox::new_in((Counted::new(&drops), 5u32), &bump));
    leaked.1 += 1;
    assert_eq!(leaked.1, 6);
    drop(bump);
    assert_eq!(drops.get(), 0);
}

#[test]
fn a_boxed_slice_drops_every_element_once() {
    let drops = Cell::new(0);
    let bump = Bump::new();
    let b = ArenaBox::from_iter_in((0..10).map(|_| Counted::new(&drops)), &bump);
    assert_eq!(b.len(), 10);
    drop(b);
    assert_eq!(drops.get(), 10);
}

#[test]
fn a_panicking_drop_still_drops_the_other_elements() {
    let drops = Cell::new(0);
    let bump = Bump::new();
    let b = ArenaBox::from_iter_in(
        (0..5).map(|i| Counted {
            drops: &drops,
            panic_on_drop: i == 2,
        }),
        &bump,
    );
    let message = panic_message(catch_unwind(AssertUnwindSafe(|| drop(b))));
    assert_eq!(message, "drop panics");
    assert_eq!(drops.get(), 5);
}

#[test]
fn a_panicking_drop_of_a_single_value_runs_once() {
    let drops = Cell::new(0);
    let bump = Bump::new();
    let b = ArenaBox::new_in(
        Counted {
            drops: &drops,
            panic_on_drop: true,
        },
        &bump,
    );
    assert!(catch_unwind(AssertUnwindSafe(|| drop(b))).is_err());
    assert_eq!(drops.get(), 1);
}

#[test]
fn a_panicking_clone_drops_the_clones_made_so_far() {
    struct CloneBomb<'c>(Counted<'c>, usize);
    impl Clone for CloneBomb<'_> {
        fn clone(&self) -> Self {
            assert!(self.1 != 3, "clone panics");
            CloneBomb(self.0.clone(), self.1)
        }
    }
    let drops = Cell::new(0);
    let bump = Bump::new();
    let src: Vec<_> = (0..6).map(|i| CloneBomb(Counted::new(&drops), i)).collect();
    let result = catch_unwind(AssertUnwindSafe(|| {
        ArenaBox::from_slice_clone_in(&src, &bump);
    }));
    assert_eq!(panic_message(result), "clone panics");
    assert_eq!(drops.get(), 3);
    drop(src);
    assert_eq!(drops.get(), 9);
}

#[test]
fn dropping_a_box_keeps_its_bytes_until_reset() {
    let mut bump = Bump::new();
    let b = ArenaBox::new_in([7u64; 4], &bump);
    drop(b);
    assert_eq!(bump.stats().allocated_bytes, 32);
    bump.reset();
    assert_eq!(bump.stats().allocated_bytes, 0);
}

#[test]
fn zero_sized_values_take_no_memory_and_are_aligned() {
    #[derive(Clone, Debug, PartialEq)]
    #[repr(align(256))]
    struct Aligned;
    let bump = Bump::new();
    let b = ArenaBox::new_in(Aligned, &bump);
    assert_eq!(std::ptr::from_ref(&*b).addr() % 256, 0);
    let empty = ArenaBox::from_iter_in(std::iter::repeat_n(Aligned, 3), &bump);
    assert_eq!(empty.len(), 3);
    assert_eq!(bump.stats().allocated_bytes, 0);
    assert_eq!(ArenaBox::into_inner(b), Aligned);
}

#[test]
fn slices_and_strs_copy_clone_and_convert() {
    let bump = Bump::new();
    let mut copied = ArenaBox::from_slice_copy_in(&[3, 1, 2], &bump);
    copied.sort_unstable();
    assert_eq!(*copied, [1, 2, 3]);
    let cloned = ArenaBox::from_slice_clone_in(&[String::from("é"), String::from("x")], &bump);
    assert_eq!(cloned.concat(), "éx");
    let s = ArenaBox::from_str_in("grüße", &bump);
    assert_eq!(&*s, "grüße");
    assert_eq!(s.chars().count(), 5);
    let from_array: ArenaBox<'_, [u16]> = ArenaBox::new_in([4, 5, 6], &bump).into();
    assert_eq!(*from_array, [4, 5, 6]);
    let empty = ArenaBox::from_str_in("", &bump);
    assert!(empty.is_empty());
}

#[test]
fn try_forms_report_the_limit_and_drop_the_rejected_value() {
    let drops = Cell::new(0);
    let bump = Bump::new();
    bump.set_allocation_limit(Some(0));
    assert!(ArenaBox::try_new_in((Counted::new(&drops), [0u8; 64]), &bump).is_err());
    assert_eq!(drops.get(), 1);
    assert!(ArenaBox::try_from_str_in("x", &bump).is_err());
    assert!(ArenaBox::try_from_slice_copy_in(&[1u8], &bump).is_err());
    let result = catch_unwind(AssertUnwindSafe(|| ArenaBox::new_in(1u8, &bump)));
    assert!(panic_message(result).contains("allocation limit"));
}

#[test]
fn with_pinned_in_drops_the_value_after_the_closure_and_on_panic() {
    let drops = Cell::new(0);
    let bump = Bump::new();
    let seen = ArenaBox::with_pinned_in(
        (Counted::new(&drops), PhantomPinned),
        &bump,
        |pinned: Pin<&mut (Counted<'_>, PhantomPinned)>| pinned.0.drops.get(),
    );
    assert_eq!((seen, drops.get()), (0, 1));
    let result = catch_unwind(AssertUnwindSafe(|| {
        ArenaBox::with_pinned_in(Counted::new(&drops), &bump, |_| panic!("inside"))
    }));
    assert_eq!(panic_message(result), "inside");
    assert_eq!(drops.get(), 2);
}

#[test]
fn comparisons_hash_and_formatting_follow_the_value() {
    let bump = Bump::new();
    let other = Bump::new();
    let a = ArenaBox::new_in(1, &bump);
    let b = ArenaBox::new_in(2, &other);
    assert!(a < b && a != b && a == ArenaBox::new_in(1, &other));
    assert_eq!(
        a.cmp(&ArenaBox::new_in(0, &bump)),
        std::cmp::Ordering::Greater
    );
    let hash = |v: &dyn Fn(&mut DefaultHasher)| {
        let mut h = DefaultHasher::new();
        v(&mut h);
        h.finish()
    };
    let s = ArenaBox::from_str_in("key", &bump);
    assert_eq!(hash(&|h| s.hash(h)), hash(&|h| "key".hash(h)));
    assert_eq!(format!("{s} {s:?} {a:?}"), "key \"key\" 1");
    assert_eq!(format!("{a:p}"), format!("{:p}", &raw const *a));
    let borrowed: &str = std::borrow::Borrow::borrow(&s);
    assert_eq!(borrowed, "key");
}

#[test]
fn boxed_iterators_and_futures_forward() {
    let bump = Bump::new();
    let mut it = ArenaBox::new_in(1..7, &bump);
    assert_eq!((it.next(), it.next_back(), it.len()), (Some(1), Some(6), 4));
    assert_eq!(it.nth(1), Some(3));
    assert_eq!(it.collect::<Vec<_>>(), [4, 5]);
    let mut fut = ArenaBox::new_in(std::future::ready(9), &bump);
    let mut cx = Context::from_waker(Waker::noop());
    assert_eq!(Pin::new(&mut fut).poll(&mut cx), Poll::Ready(9));
}

#[test]
fn boxes_can_be_sent_to_scoped_threads() {
    let bump = Bump::new();
    let mut b = ArenaBox::new_in(vec![1, 2, 3], &bump);
    std::thread::scope(|s| {
        s.spawn(|| b.push(4));
    });
    assert_eq!(*b, [1, 2, 3, 4]);
}

#[test]
fn vectors_and_strings_become_boxes_that_drop_the_elements() {
    let drops = Cell::new(0);
    let bump = Bump::new();
    let v: bumpkit::ArenaVec<'_, Counted<'_>> = (0..7)
        .filter(|i| i % 2 == 1)
        .map(|_| Counted::new(&drops))
        .collect_in(&bump);
    let boxed = ArenaBox::from(v);
    assert_eq!((boxed.len(), drops.get()), (3, 0));
    drop(boxed);
    assert_eq!(drops.get(), 3);
    let mut s = bumpkit::ArenaString::with_capacity_in(64, &bump);
    s.push_str("boxed ✓");
    let before = bump.stats().allocated_bytes;
    let text: ArenaBox<'_, str> = s.into();
    assert_eq!(&*text, "boxed ✓");
    assert_eq!(bump.stats().allocated_bytes, before - (64 - text.len()));
}

#[test]
fn a_boxed_slice_drops_front_to_back() {
    struct Logged<'l>(u32, &'l std::cell::RefCell<Vec<u32>>);
    impl Drop for Logged<'_> {
        fn drop(&mut self) {
            self.1.borrow_mut().push(self.0);
        }
    }
    let log = std::cell::RefCell::new(Vec::new());
    let bump = Bump::new();
    let b = ArenaBox::from_iter_in((0..6).map(|i| Logged(i, &log)), &bump);
    drop(b);
    assert_eq!(*log.borrow(), [0, 1, 2, 3, 4, 5]);
}

#[test]
fn an_unpin_less_future_is_polled_pinned_in_the_arena() {
    let bump = Bump::new();
    let drops = Cell::new(0);
    let guard = Counted::new(&drops);
    let future = async move {
        let _guard = guard;
        std::future::ready(3).await + 4
    };
    let mut cx = Context::from_waker(Waker::noop());
    let polled = ArenaBox::with_pinned_in(future, &bump, |fut| fut.poll(&mut cx));
    assert_eq!(polled, Poll::Ready(7));
    assert_eq!(drops.get(), 1);
}
