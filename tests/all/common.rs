//! Helpers shared by the integration tests.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::fmt;
use std::rc::Rc;

/// Returns the message of a caught panic; fails the test if there was no panic.
pub(crate) fn panic_message<T>(result: std::thread::Result<T>) -> String {
    let payload: Box<dyn Any + Send> = match result {
        Ok(_) => panic!("expected a panic"),
        Err(payload) => payload,
    };
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload
            .downcast::<&str>()
            .map(|s| s.to_string())
            .unwrap_or_else(|_| "<non-string panic>".into()),
    }
}

/// `n` natively, a thousandth of it (at least 1) under Miri, which runs code about a
/// thousand times slower: heavy loops keep their shape there and lose only rounds.
pub(crate) const fn rounds(n: usize) -> usize {
    if cfg!(miri) {
        if n >= 1000 { n / 1000 } else { 1 }
    } else {
        n
    }
}

/// A proptest config of `cases` cases, unless `PROPTEST_CASES` says otherwise (CI sets it
/// low for the slow runs: AddressSanitizer, valgrind); 4 under Miri by default, where
/// proptest also keeps no failure file (Miri's isolation forbids the file system) and draws
/// from the cheaper XorShift generator.
/// `ProptestConfig::with_cases` alone would ignore the variable.
pub(crate) fn cases(cases: u32) -> proptest::test_runner::Config {
    let default = if cfg!(miri) { 4 } else { cases };
    let from_env = std::env::var("PROPTEST_CASES").ok();
    let mut config = proptest::test_runner::Config::with_cases(
        from_env.and_then(|n| n.parse().ok()).unwrap_or(default),
    );
    if cfg!(miri) {
        config.failure_persistence = None;
        // ChaCha, the default, is most of a model test's time under Miri.
        config.rng_algorithm = proptest::test_runner::RngAlgorithm::XorShift;
    }
    config
}

/// The payload of every panic a test injects on purpose (see [`quiet_injected_panics`]).
pub(crate) const INJECTED: &str = "injected test panic";

/// Keeps the panics tests inject on purpose out of the output; other panics print as usual.
pub(crate) fn quiet_injected_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info.payload().downcast_ref::<&str>() != Some(&INJECTED) {
                default(info);
            }
        }));
    });
}

/// Runs `f`, which must panic, and returns the panic's message and the line it names, so a
/// test can check that a `#[track_caller]` path blames the caller.
pub(crate) fn panic_message_and_line(f: impl FnOnce()) -> (String, u32) {
    thread_local! {
        static LINE: Cell<Option<u32>> = const { Cell::new(None) };
    }
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            LINE.with(|line| line.set(info.location().map(|l| l.line())));
            previous(info);
        }));
    });
    LINE.with(|line| line.set(None));
    let message = panic_message(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    (
        message,
        LINE.with(Cell::get).expect("the panic hook saw the panic"),
    )
}

/// What a test's [`Tracked`] values did: which are alive, the values dropped in order, and
/// the panics armed for the next `clone` or `drop`.
#[derive(Debug, Default)]
pub(crate) struct Log {
    next_id: Cell<u64>,
    live: RefCell<BTreeSet<u64>>,
    created: Cell<usize>,
    dropped: RefCell<Vec<u32>>,
    double_drops: Cell<usize>,
    clone_panic_in: Cell<Option<usize>>,
    drop_panic_on: Cell<Option<u32>>,
}

impl Log {
    /// A new, empty log.
    pub(crate) fn new() -> Rc<Self> {
        Rc::new(Self::default())
    }

    /// Makes a tracked value.
    pub(crate) fn make(self: &Rc<Self>, value: u32) -> Tracked {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.live.borrow_mut().insert(id);
        self.created.set(self.created.get() + 1);
        Tracked {
            value,
            id,
            log: Rc::clone(self),
        }
    }

    /// Makes the `k`-th `clone` from now (0: the next one) panic with [`INJECTED`].
    pub(crate) fn panic_on_clone(&self, k: usize) {
        self.clone_panic_in.set(Some(k));
    }

    /// Makes the next drop of a value equal to `value` panic with [`INJECTED`] (once).
    pub(crate) fn panic_on_drop_of(&self, value: u32) {
        self.drop_panic_on.set(Some(value));
    }

    /// Returns how many values were made (by `make` or `clone`).
    pub(crate) fn created(&self) -> usize {
        self.created.get()
    }

    /// Returns how many values are alive.
    pub(crate) fn live(&self) -> usize {
        self.live.borrow().len()
    }

    /// Returns the values dropped so far, in drop order.
    pub(crate) fn dropped(&self) -> Vec<u32> {
        self.dropped.borrow().clone()
    }

    /// Asserts that every value made was dropped exactly once.
    #[track_caller]
    pub(crate) fn assert_all_dropped_once(&self) {
        assert_eq!(self.double_drops.get(), 0, "a value was dropped twice");
        assert_eq!(
            *self.live.borrow(),
            BTreeSet::new(),
            "values never dropped (by id)"
        );
        assert_eq!(self.dropped.borrow().len(), self.created.get());
    }
}

/// A value that records its construction and drop in a [`Log`], and can be told to panic in
/// `clone` or `drop`. Equality compares values only.
pub(crate) struct Tracked {
    pub(crate) value: u32,
    id: u64,
    log: Rc<Log>,
}

impl Clone for Tracked {
    fn clone(&self) -> Self {
        match self.log.clone_panic_in.get() {
            Some(0) => {
                self.log.clone_panic_in.set(None);
                std::panic::panic_any(INJECTED);
            }
            Some(k) => self.log.clone_panic_in.set(Some(k - 1)),
            None => {}
        }
        self.log.make(self.value)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        if !self.log.live.borrow_mut().remove(&self.id) {
            self.log.double_drops.set(self.log.double_drops.get() + 1);
        }
        self.log.dropped.borrow_mut().push(self.value);
        if self.log.drop_panic_on.get() == Some(self.value) {
            self.log.drop_panic_on.set(None);
            std::panic::panic_any(INJECTED);
        }
    }
}

impl PartialEq for Tracked {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl PartialEq<u32> for Tracked {
    fn eq(&self, other: &u32) -> bool {
        self.value == *other
    }
}

impl fmt::Debug for Tracked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.value, self.id)
    }
}

/// Returns the values of tracked elements.
pub(crate) fn values<'t>(items: impl IntoIterator<Item = &'t Tracked>) -> Vec<u32> {
    items.into_iter().map(|t| t.value).collect()
}

/// Allocates 300 KiB of 128-byte values through `alloc` (128 bytes, so that Miri gets
/// through quickly) and returns the size of each new block a per-thread path carved,
/// seen through `remaining` growing; `first` is the block the caller already has, if any.
pub(crate) fn carved_block_sizes(
    first: Option<usize>,
    remaining: impl Fn() -> usize,
    alloc: impl Fn(),
) -> Vec<usize> {
    let mut blocks: Vec<usize> = first.into_iter().collect();
    for _ in 0..(300 << 10) / 128 {
        let before = remaining();
        alloc();
        if remaining() > before {
            blocks.push(remaining() + 128);
        }
    }
    blocks
}
