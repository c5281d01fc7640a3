//! Elements that log their drops and panic in `Clone` or `Drop` when the fuzzer says so.
//!
//! Every element has a unique id, registered while it is alive. Dropping an id that is not
//! alive is a double drop (or a drop of memory that never held an element) and panics with a
//! message saying so; ids still alive when a model ends were leaked. One `Registry` is shared
//! by all the elements of one run.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;

/// Where an injected panic goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, arbitrary::Arbitrary)]
pub enum PanicIn {
    /// In `Tracked::clone`, before the copy exists.
    Clone,
    /// In `Tracked::drop`, after the element is logged as dropped.
    Drop,
}

/// The live ids, the drop log and the armed panic of one run.
#[derive(Debug, Default)]
pub struct Registry {
    alive: RefCell<BTreeSet<u64>>,
    dropped: RefCell<Vec<u64>>,
    next_id: Cell<u64>,
    /// The panic to inject and how many more clones/drops of that kind pass before it.
    armed: Cell<Option<(PanicIn, u32)>>,
}

/// The message of every injected panic, so models can tell them from real failures.
pub const INJECTED: &str = "injected panic";

impl Registry {
    /// Arms a panic in the `after + 1`-th `Clone` or `Drop` from now.
    pub fn arm(&self, kind: PanicIn, after: u32) {
        self.armed.set(Some((kind, after)));
    }

    /// Disarms the injected panic, if it has not fired.
    pub fn disarm(&self) {
        self.armed.set(None);
    }

    /// Returns whether an injected panic is armed.
    pub fn is_armed(&self) -> bool {
        self.armed.get().is_some()
    }

    /// Counts one `kind` event; panics if the armed panic is due.
    fn tick(&self, kind: PanicIn) {
        if let Some((armed, left)) = self.armed.get() {
            if armed == kind {
                if left == 0 {
                    self.armed.set(None);
                    panic!("{INJECTED}");
                }
                self.armed.set(Some((armed, left - 1)));
            }
        }
    }

    /// Makes a new live element.
    pub fn make(self: &Rc<Self>, value: u32) -> Tracked {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.alive.borrow_mut().insert(id);
        Tracked {
            value,
            id,
            registry: Rc::clone(self),
        }
    }

    /// Returns whether `id` is alive.
    pub fn is_alive(&self, id: u64) -> bool {
        self.alive.borrow().contains(&id)
    }

    /// Returns how many elements are alive.
    pub fn alive_count(&self) -> usize {
        self.alive.borrow().len()
    }

    /// Takes the ids dropped since the last call, in drop order.
    pub fn take_dropped(&self) -> Vec<u64> {
        self.dropped.take()
    }
}

/// An element with a value, a unique id and a registry that watches its life.
#[derive(Debug)]
pub struct Tracked {
    /// What the model compares.
    pub value: u32,
    /// Unique among the elements of one registry.
    pub id: u64,
    registry: Rc<Registry>,
}

impl Clone for Tracked {
    fn clone(&self) -> Self {
        assert!(
            self.registry.is_alive(self.id),
            "clone of a dropped element {}",
            self.id
        );
        self.registry.tick(PanicIn::Clone);
        self.registry.make(self.value)
    }
}

impl Drop for Tracked {
    fn drop(&mut self) {
        let was_alive = self.registry.alive.borrow_mut().remove(&self.id);
        assert!(was_alive, "element {} dropped twice", self.id);
        self.registry.dropped.borrow_mut().push(self.id);
        if !std::thread::panicking() {
            self.registry.tick(PanicIn::Drop);
        }
    }
}

/// Makes injected panics silent and non-fatal; every other panic goes to the hook that was
/// installed before (libFuzzer's aborts, which is what reports a crash).
pub fn quiet_injected_panics() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let injected = info
                .payload()
                .downcast_ref::<String>()
                .is_some_and(|message| message == INJECTED);
            if !injected {
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
