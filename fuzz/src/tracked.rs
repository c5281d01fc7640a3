//! Elements that log their drops and panic in `Clone` or `Drop` when the fuzzer says so.
//!
//! Every element has a unique id, registered while it is alive. Dropping an id that is not
//! alive is a double drop (or a drop of memory that never held an element) and panics with a
//! message saying so; ids still alive when a model ends were leaked. The registry is
//! per-thread, so an element holds no pointer to it and a deliberately leaked element leaks
//! no heap memory (LeakSanitizer stays quiet about it).

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

/// Where an injected panic goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, arbitrary::Arbitrary)]
pub enum PanicIn {
    /// In `Tracked::clone`, before the copy exists.
    Clone,
    /// In `Tracked::drop`, after the element is logged as dropped.
    Drop,
}

/// A handle to this thread's registry: the live ids, the drop log and the armed panic.
#[derive(Clone, Copy, Debug)]
pub struct Registry(());

#[derive(Debug, Default)]
struct State {
    alive: RefCell<BTreeSet<u64>>,
    dropped: RefCell<Vec<u64>>,
    next_id: Cell<u64>,
    /// The panic to inject and how many more clones/drops of that kind pass before it.
    armed: Cell<Option<(PanicIn, u32)>>,
}

/// The message of every injected panic, so models can tell them from real failures.
pub const INJECTED: &str = "injected panic";

thread_local! {
    static STATE: State = State::default();
    /// Set while `catch_expected` runs: bumpkit's own panics are then quiet.
    static EXPECTING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` on this thread's registry state.
fn with<R>(f: impl FnOnce(&State) -> R) -> R {
    STATE.with(f)
}

impl Registry {
    /// Empties this thread's registry for a new run and returns a handle to it.
    pub fn fresh() -> Self {
        with(|state| {
            state.alive.take();
            state.dropped.take();
            state.next_id.set(0);
            state.armed.set(None);
        });
        Self(())
    }

    /// Arms a panic in the `after + 1`-th `Clone` or `Drop` from now.
    pub fn arm(self, kind: PanicIn, after: u32) {
        with(|state| state.armed.set(Some((kind, after))));
    }

    /// Disarms the injected panic, if it has not fired.
    pub fn disarm(self) {
        with(|state| state.armed.set(None));
    }

    /// Counts one `kind` event; panics if the armed panic is due.
    fn tick(self, kind: PanicIn) {
        let due = with(|state| match state.armed.get() {
            Some((armed, 0)) if armed == kind => {
                state.armed.set(None);
                true
            }
            Some((armed, left)) if armed == kind => {
                state.armed.set(Some((armed, left - 1)));
                false
            }
            _ => false,
        });
        if due {
            panic!("{INJECTED}");
        }
    }

    /// Makes a new live element.
    pub fn make(self, value: u32) -> Tracked {
        let id = with(|state| {
            let id = state.next_id.get();
            state.next_id.set(id + 1);
            state.alive.borrow_mut().insert(id);
            id
        });
        Tracked { value, id }
    }

    /// Returns whether `id` is alive.
    pub fn is_alive(self, id: u64) -> bool {
        with(|state| state.alive.borrow().contains(&id))
    }

    /// Returns how many elements are alive.
    pub fn alive_count(self) -> usize {
        with(|state| state.alive.borrow().len())
    }

    /// Takes the ids dropped since the last call, in drop order.
    pub fn take_dropped(self) -> Vec<u64> {
        with(|state| state.dropped.take())
    }
}

/// An element with a value and a unique id, watched by this thread's registry.
#[derive(Debug)]
pub struct Tracked {
    /// What the model compares.
    pub value: u32,
    /// Unique among the elements of one run.
    pub id: u64,
}

impl Clone for Tracked {
    fn clone(&self) -> Self {
        let registry = Registry(());
        assert!(
            registry.is_alive(self.id),
            "clone of a dropped element {}",
            self.id
        );
        registry.tick(PanicIn::Clone);
        registry.make(self.value)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        let was_alive = with(|state| {
            let was_alive = state.alive.borrow_mut().remove(&self.id);
            state.dropped.borrow_mut().push(self.id);
            was_alive
        });
        assert!(was_alive, "element {} dropped twice", self.id);
        if !std::thread::panicking() {
            Registry(()).tick(PanicIn::Drop);
        }
    }
}

/// Makes injected panics (and, inside [`catch_expected`], bumpkit's own panics) silent and
/// non-fatal; every other panic goes to the hook that was installed before (libFuzzer's
/// aborts, which is what reports a crash).
pub fn quiet_injected_panics() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let message = info.payload().downcast_ref::<String>();
            let injected = message.is_some_and(|message| message == INJECTED);
            let expected = EXPECTING.get() && message.is_some_and(|m| m.starts_with("bumpkit:"));
            if !injected && !expected {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, catching only an injected panic: returns `false` if one happened.
pub fn catch_injected(f: impl FnOnce()) -> bool {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(()) => true,
        Err(payload) => {
            let injected = payload
                .downcast_ref::<String>()
                .is_some_and(|message| message == INJECTED);
            if !injected {
                std::panic::resume_unwind(payload);
            }
            false
        }
    }
}

/// Runs `f`, which should panic with one of bumpkit's own messages (`"bumpkit: ..."`), and
/// returns what it returned if it did not. Any other panic stays fatal.
///
/// # Errors
///
/// The message of bumpkit's panic, if `f` panicked.
pub fn catch_expected<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    EXPECTING.set(true);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    EXPECTING.set(false);
    result.map_err(|payload| match payload.downcast::<String>() {
        Ok(message) if message.starts_with("bumpkit:") => *message,
        Ok(message) => std::panic::resume_unwind(message),
        Err(payload) => std::panic::resume_unwind(payload),
    })
}
