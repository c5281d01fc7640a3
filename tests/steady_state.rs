//! Steady state: a round that repeats needs no heap allocation once the arena was reset.
//!
//! Its own test binary, because it installs a counting `#[global_allocator]`. Only the test
//! thread's calls are counted (a thread-local switch), so the harness's own threads do not
//! disturb the count.

#[path = "../examples/common/json_doc.rs"]
mod json_doc;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use bumpkit::{ArenaString, ArenaVec, Bump};

thread_local! {
    /// Whether this thread's heap calls are counted, and how many there were.
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static CALLS: Cell<usize> = const { Cell::new(0) };
}

/// The system allocator, counting the calls of a thread that switched counting on.
struct CountingAlloc;

fn record() {
    // `try_with`: the thread-locals may be gone while the thread exits.
    let _ = COUNTING.try_with(|on| {
        if on.get() {
            let _ = CALLS.try_with(|calls| calls.set(calls.get() + 1));
        }
    });
}

// SAFETY: every call is forwarded unchanged to `System`, which upholds `GlobalAlloc`'s
// contract; the counter has no effect on the memory handed out.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record();
        // SAFETY: the caller's contract for `alloc`, passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        record();
        // SAFETY: the caller's contract for `dealloc`, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record();
        // SAFETY: the caller's contract for `realloc`, passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Runs `f` and returns how many heap calls (allocations, reallocations and frees) it made.
fn heap_calls(f: impl FnOnce()) -> usize {
    CALLS.with(|calls| calls.set(0));
    COUNTING.with(|on| on.set(true));
    f();
    COUNTING.with(|on| on.set(false));
    CALLS.with(Cell::get)
}

/// The `ast` example's tree: nodes built with `ArenaVec` / `ArenaString` while the parser
/// reads them, frozen into slices and strings.
enum Value<'a> {
    Scalar(u64),
    Str(&'a str),
    List(&'a [Value<'a>]),
    Obj(&'a [(&'a str, Value<'a>)]),
}

/// A recursive-descent reader of the generator's JSON: enough of it for the tree's shape.
struct Parser<'s, 'a> {
    input: &'s [u8],
    pos: usize,
    bump: &'a Bump,
}

impl<'a> Parser<'_, 'a> {
    fn skip_space(&mut self) {
        while self
            .input
            .get(self.pos)
            .is_some_and(u8::is_ascii_whitespace)
        {
            self.pos += 1;
        }
    }

    fn value(&mut self) -> Value<'a> {
        self.skip_space();
        match self.input[self.pos] {
            b'{' => self.object(),
            b'[' => self.list(),
            b'"' => Value::Str(self.string()),
            _ => {
                let start = self.pos;
                while !matches!(self.input[self.pos], b',' | b']' | b'}') {
                    self.pos += 1;
                }
                Value::Scalar((self.pos - start) as u64)
            }
        }
    }

    fn string(&mut self) -> &'a str {
        self.pos += 1;
        let mut text = ArenaString::new_in(self.bump);
        loop {
            match self.input[self.pos] {
                b'"' => break,
                b'\\' => {
                    text.push(char::from(self.input[self.pos + 1]));
                    self.pos += 2;
                }
                byte => {
                    text.push(char::from(byte));
                    self.pos += 1;
                }
            }
        }
        self.pos += 1;
        text.into_arena_str()
    }

    fn list(&mut self) -> Value<'a> {
        self.pos += 1;
        let mut items = ArenaVec::new_in(self.bump);
        loop {
            self.skip_space();
            if self.input[self.pos] == b']' {
                break;
            }
            items.push(self.value());
            self.skip_space();
            if self.input[self.pos] == b',' {
                self.pos += 1;
            }
        }
        self.pos += 1;
        Value::List(items.into_arena_slice())
    }

    fn object(&mut self) -> Value<'a> {
        self.pos += 1;
        let mut fields = ArenaVec::new_in(self.bump);
        loop {
            self.skip_space();
            if self.input[self.pos] == b'}' {
                break;
            }
            let key = self.string();
            self.skip_space();
            self.pos += 1; // the colon
            fields.push((key, self.value()));
            self.skip_space();
            if self.input[self.pos] == b',' {
                self.pos += 1;
            }
        }
        self.pos += 1;
        Value::Obj(fields.into_arena_slice())
    }
}

/// Counts the nodes and string bytes of a tree.
fn walk(value: &Value<'_>) -> (u64, u64) {
    match value {
        Value::Scalar(n) => (1, *n),
        Value::Str(s) => (1, s.len() as u64),
        Value::List(items) => items
            .iter()
            .map(walk)
            .fold((1, 0), |(n, b), (m, c)| (n + m, b + c)),
        Value::Obj(fields) => fields.iter().fold((1, 0), |(n, b), (key, v)| {
            let (m, c) = walk(v);
            (n + m, b + c + key.len() as u64)
        }),
    }
}

/// One round of the workload: parse, walk, reset.
fn round(json: &str, bump: &mut Bump) -> (u64, u64) {
    let mut parser = Parser {
        input: json.as_bytes(),
        pos: 0,
        bump,
    };
    let summary = walk(&parser.value());
    bump.reset();
    summary
}

#[test]
fn a_repeated_round_makes_no_heap_allocation_after_the_first() {
    // Small under Miri, which runs code about a thousand times slower; the first chunk is
    // small there too, so that the first round still spans several chunks.
    let (doc_bytes, rounds, first_chunk) = if cfg!(miri) {
        (2 << 10, 4, 256)
    } else {
        (4 << 10, 1000, 256)
    };
    let json = json_doc::generate(doc_bytes);
    let mut bump = Bump::builder().first_chunk_size(first_chunk).build();
    let expected = round(&json, &mut bump);
    let stats = bump.stats();
    assert_eq!(
        stats.chunk_count, 1,
        "reset merged the first round's chunks"
    );
    for r in 2..=rounds {
        let mut summary = (0, 0);
        let calls = heap_calls(|| summary = round(&json, &mut bump));
        assert_eq!(summary, expected);
        assert_eq!(calls, 0, "round {r} used the heap");
    }
    assert_eq!(
        bump.stats(),
        stats,
        "the arena holds what it held after round 1"
    );
}

#[test]
fn the_counter_sees_a_heap_allocation() {
    let calls = heap_calls(|| drop(std::hint::black_box(Box::new(1u64))));
    assert_eq!(calls, 2);
}
