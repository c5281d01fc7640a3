//! The `deserialize` model: arbitrary bytes read by `serde_json` into an arena tree through
//! `bumpkit::serde` (`DeserializeIn`, `seq_in`, `map_in`, `str_in`, and the impls for
//! `ArenaString`, `ArenaBox<str>`, `ArenaBox<[T]>`), on a `Bump`, a `SyncBump` or a
//! `LocalBump`, with an optional allocation limit and a panic injected at the k-th integer.
//!
//! The first byte picks the set-up: bits 0-1 the arena, bit 2 a limit of `64 * data[1]` bytes
//! (the document then starts at `data[2]`), bits 3-7 the integer to panic at (0: none). The
//! rest is the document. Integers that fit a `u32` become drop-logging [`Tracked`] leaves.
//!
//! It checks:
//! - the arena tree is read exactly when serde_json reads the bytes into a `Value` (unless the
//!   arena's limit is reached: then the error is bumpkit's, never a panic), with equal content;
//! - every tracked leaf is alive while the tree is, and dropped exactly once with it;
//! - after an error (malformed input halfway, limit reached) or an injected panic, nothing the
//!   reading built is alive, and nothing was dropped twice.

use std::cell::Cell;
use std::fmt;

use bumpkit::serde::{DeserializeIn, map_in, seq_in, str_in};
use bumpkit::{Arena, ArenaBox, ArenaString, ArenaVec, Bump, SyncBump};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::tracked::{INJECTED, Registry, Tracked, catch_injected, quiet_injected_panics};

/// A JSON value in an arena, built from every kind of arena storage.
enum Node<'a, A: Arena> {
    Null,
    Bool(bool),
    /// A non-negative integer up to `u32::MAX`.
    Leaf(Tracked),
    Int(i64),
    Big(u64),
    Float(f64),
    /// Strings of even length: frozen in the arena.
    Str(&'a str),
    /// Strings of odd length: a growable arena string.
    Text(ArenaString<'a, A>),
    List(ArenaVec<'a, Node<'a, A>, A>),
    Map(ArenaBox<'a, [Field<'a, A>], A>),
}

/// An object's field: the key boxed in the arena.
type Field<'a, A> = (ArenaBox<'a, str, A>, Node<'a, A>);

thread_local! {
    /// Integers read so far in this run, and the one (1-based) that panics; 0: none.
    static INTS: Cell<(u32, u32)> = const { Cell::new((0, 0)) };
}

impl<'a, A: Arena> DeserializeIn<'a, A> for Node<'a, A> {
    fn deserialize_in<'de, D: Deserializer<'de>>(d: D, arena: &'a A) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor(arena))
    }
}

struct NodeVisitor<'a, A: Arena>(&'a A);

impl<'de, 'a, A: Arena> Visitor<'de> for NodeVisitor<'a, A> {
    type Value = Node<'a, A>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(Node::Bool(b))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
        let (seen, panic_at) = INTS.get();
        INTS.set((seen + 1, panic_at));
        if seen + 1 == panic_at {
            panic!("{INJECTED}");
        }
        Ok(match u32::try_from(n) {
            Ok(small) => Node::Leaf(registry().make(small)),
            Err(_) => Node::Big(n),
        })
    }
    fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
        Ok(Node::Int(n))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Self::Value, E> {
        Ok(Node::Float(n))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        if s.len() % 2 == 0 {
            str_in(s, self.0).map(Node::Str)
        } else {
            ArenaString::try_from_str_in(s, self.0)
                .map(Node::Text)
                .map_err(E::custom)
        }
    }
    fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<Self::Value, S::Error> {
        seq_in(seq, self.0).map(Node::List)
    }
    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Self::Value, M::Error> {
        map_in(map, self.0).map(|fields| Node::Map(ArenaBox::from(fields)))
    }
}

thread_local! {
    /// This run's registry (`Registry::fresh` would empty it).
    static HANDLE: Cell<Option<Registry>> = const { Cell::new(None) };
}

/// Returns this run's registry.
fn registry() -> Registry {
    HANDLE.get().expect("a run is in progress")
}

/// Converts the tree to serde_json's, counting the tracked leaves and checking they live.
fn to_value<A: Arena>(node: &Node<'_, A>, leaves: &mut usize) -> serde_json::Value {
    match node {
        Node::Null => serde_json::Value::Null,
        Node::Bool(b) => (*b).into(),
        Node::Leaf(t) => {
            assert!(registry().is_alive(t.id), "a leaf in the tree is dropped");
            *leaves += 1;
            t.value.into()
        }
        Node::Int(n) => (*n).into(),
        Node::Big(n) => (*n).into(),
        Node::Float(n) => {
            serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, Into::into)
        }
        Node::Str(s) => {
            assert!(s.len() % 2 == 0);
            (*s).into()
        }
        Node::Text(s) => {
            assert!(s.len() % 2 == 1);
            s.as_str().into()
        }
        Node::List(items) => items.iter().map(|item| to_value(item, leaves)).collect(),
        Node::Map(fields) => {
            let mut map = serde_json::Map::new();
            for (key, value) in fields.iter() {
                // serde_json keeps the last of duplicate keys; so does this.
                map.insert(key.to_string(), to_value(value, leaves));
            }
            serde_json::Value::Object(map)
        }
    }
}

/// Runs one fuzz input.
///
/// # Panics
///
/// Panics (a crash, to libFuzzer) when the crate breaks one of the promises above.
pub fn run(data: &[u8]) {
    let Some((&setup, rest)) = data.split_first() else {
        return;
    };
    quiet_injected_panics();
    let registry = Registry::fresh();
    HANDLE.set(Some(registry));
    let (limit, rest) = match rest.split_first() {
        Some((&units, doc)) if setup & 4 != 0 => (Some(64 * usize::from(units)), doc),
        _ => (None, rest),
    };
    INTS.set((0, u32::from(setup >> 3)));
    let expected = serde_json::from_slice::<serde_json::Value>(rest);
    let builder = Bump::builder().allocation_limit(limit);
    match setup & 3 {
        0 => check(
            &builder.first_chunk_size(128).max_chunk_size(512).build(),
            rest,
            &expected,
            limit,
        ),
        1 => check(&builder.build(), rest, &expected, limit),
        2 => check(&builder.build_sync(), rest, &expected, limit),
        _ => {
            let sync: SyncBump = builder.build_sync();
            check(&sync.local(), rest, &expected, limit);
        }
    }
    assert_eq!(registry.alive_count(), 0, "tracked leaves leaked");
    HANDLE.set(None);
}

/// Reads `json` into `arena` and checks the outcome against serde_json's `expected`.
fn check<A: Arena>(
    arena: &A,
    json: &[u8],
    expected: &Result<serde_json::Value, serde_json::Error>,
    limit: Option<usize>,
) {
    let registry = registry();
    let finished = catch_injected(|| {
        let mut de = serde_json::Deserializer::from_slice(json);
        let result = Node::deserialize_in(&mut de, arena).and_then(|node| de.end().map(|()| node));
        match (result, expected) {
            (Ok(node), Ok(expected)) => {
                let mut leaves = 0;
                assert_eq!(&to_value(&node, &mut leaves), expected, "content differs");
                assert_eq!(
                    registry.alive_count(),
                    leaves,
                    "leaves alive outside the tree"
                );
                drop(node);
            }
            (Ok(_), Err(err)) => panic!("read what serde_json rejects ({err})"),
            (Err(err), Ok(_)) => assert!(
                limit.is_some() && err.to_string().starts_with("bumpkit:"),
                "rejected what serde_json reads: {err}"
            ),
            (Err(_), Err(_)) => {}
        }
    });
    if !finished {
        assert!(INTS.get().1 != 0, "a panic nobody injected");
    }
    assert_eq!(
        registry.alive_count(),
        0,
        "leaves alive after the tree is gone"
    );
}
