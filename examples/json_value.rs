//! A real serde client: deserialize a JSON document with `serde_json` into an arena value tree
//! through `bumpkit::serde::DeserializeIn`, against `serde_json::Value`.
//!
//! The document is the same generated 1 MB one the `ast` example parses. Both trees are built
//! by `serde_json::Deserializer::from_str`, so the tokenizer is shared and the difference is
//! where the tree lives:
//!
//! - `serde_json::Value`: a `String` per string and key, a `Vec` per array, a `BTreeMap` per
//!   object, each on the global allocator, freed node by node when the tree is dropped;
//! - `bumpkit`: [`Value`] below, with arrays and objects in `ArenaVec`, strings and keys copied
//!   into the arena as `&str` (so the document can be dropped), dropped and then freed by
//!   one `reset` of a warm arena;
//! - for comparison, the same tree with strings borrowed from the input where serde_json lends
//!   them (a hand-written seed: `DeserializeIn` trees never borrow the input).
//!
//! Each round is parse + drop (+ reset), end to end. Times are medians of interleaved rounds;
//! heap use is one parse and drop on a fresh arena, from the counting global allocator. Both
//! trees are checked to hold the same content before timing.
//!
//! ```sh
//! cargo run --release --example json_value --features serde
//! # instruction counts of 3 rounds of one side (after a warm-up round that is counted too)
//! valgrind --tool=callgrind --toggle-collect='*_round*' target/release/examples/json_value --rounds bumpkit 3
//! ```

mod common;
#[path = "common/json_doc.rs"]
mod json_doc;

use std::fmt;

use bumpkit::serde::{DeserializeIn, map_in, seq_in, str_in};
use bumpkit::{ArenaVec, Bump};
use common::{Contender, CountingAlloc, count_heap, fmt_bytes, time_interleaved};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// A JSON value in an arena. Numbers keep serde_json's three kinds, so that the tree converts
/// to an equal `serde_json::Value`; object fields keep input order (and duplicates).
#[derive(Debug)]
enum Value<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(&'a str),
    Array(ArenaVec<'a, Value<'a>>),
    Object(ArenaVec<'a, (&'a str, Value<'a>)>),
}

#[derive(Clone, Copy, Debug)]
enum Number {
    PosInt(u64),
    NegInt(i64),
    Float(f64),
}

impl<'a> DeserializeIn<'a> for Value<'a> {
    fn deserialize_in<'de, D: Deserializer<'de>>(d: D, bump: &'a Bump) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor(bump))
    }
}

/// The visitor methods both value visitors share: everything but strings, arrays and objects.
macro_rules! scalar_visits {
    () => {
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_unit<E>(self) -> Result<Value<'a>, E> {
            Ok(Value::Null)
        }
        fn visit_bool<E>(self, b: bool) -> Result<Value<'a>, E> {
            Ok(Value::Bool(b))
        }
        fn visit_u64<E>(self, n: u64) -> Result<Value<'a>, E> {
            Ok(Value::Number(Number::PosInt(n)))
        }
        fn visit_i64<E>(self, n: i64) -> Result<Value<'a>, E> {
            Ok(Value::Number(Number::NegInt(n)))
        }
        fn visit_f64<E>(self, n: f64) -> Result<Value<'a>, E> {
            Ok(Value::Number(Number::Float(n)))
        }
    };
}

struct ValueVisitor<'a>(&'a Bump);

impl<'de, 'a> Visitor<'de> for ValueVisitor<'a> {
    type Value = Value<'a>;

    scalar_visits!();
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value<'a>, E> {
        str_in(s, self.0).map(Value::String)
    }
    fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<Value<'a>, S::Error> {
        seq_in(seq, self.0).map(Value::Array)
    }
    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Value<'a>, M::Error> {
        map_in(map, self.0).map(Value::Object)
    }
}

/// The zero-copy variant, for comparison: the same tree, but strings and keys without escapes
/// borrow the input (`visit_borrowed_str`), so the input must outlive the tree. This is not
/// expressible with `DeserializeIn` (its trees never borrow the input), so it is written out
/// with a seed whose deserializer lifetime is the arena's.
#[derive(Clone, Copy)]
struct Borrowing<'a>(&'a Bump);

impl<'a> DeserializeSeed<'a> for Borrowing<'a> {
    type Value = Value<'a>;

    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Value<'a>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'a> Visitor<'a> for Borrowing<'a> {
    type Value = Value<'a>;

    scalar_visits!();
    fn visit_borrowed_str<E>(self, s: &'a str) -> Result<Value<'a>, E> {
        Ok(Value::String(s))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value<'a>, E> {
        str_in(s, self.0).map(Value::String)
    }
    fn visit_seq<S: SeqAccess<'a>>(self, mut seq: S) -> Result<Value<'a>, S::Error> {
        let mut items = ArenaVec::new_in(self.0);
        while let Some(item) = seq.next_element_seed(self)? {
            items.try_push(item).map_err(de::Error::custom)?;
        }
        Ok(Value::Array(items))
    }
    fn visit_map<M: MapAccess<'a>>(self, mut map: M) -> Result<Value<'a>, M::Error> {
        let mut fields = ArenaVec::new_in(self.0);
        while let Some(key) = map.next_key_seed(self)? {
            let Value::String(key) = key else {
                return Err(de::Error::custom("a key that is not a string"));
            };
            let value = map.next_value_seed(self)?;
            fields.try_push((key, value)).map_err(de::Error::custom)?;
        }
        Ok(Value::Object(fields))
    }
}

/// Converts the arena tree to a `serde_json::Value` (to check both parses agree).
fn to_serde(value: &Value<'_>) -> serde_json::Value {
    match value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => (*b).into(),
        Value::Number(Number::PosInt(n)) => (*n).into(),
        Value::Number(Number::NegInt(n)) => (*n).into(),
        Value::Number(Number::Float(n)) => (*n).into(),
        Value::String(s) => (*s).into(),
        Value::Array(items) => items.iter().map(to_serde).collect(),
        Value::Object(fields) => fields
            .iter()
            .map(|(key, value)| (key.to_string(), to_serde(value)))
            .collect(),
    }
}

/// Counts the nodes of a tree (values, not keys).
fn count_nodes(value: &serde_json::Value) -> usize {
    1 + match value {
        serde_json::Value::Array(items) => items.iter().map(count_nodes).sum(),
        serde_json::Value::Object(fields) => fields.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// Parses into `serde_json::Value` and drops it; returns the top-level length.
#[inline(never)]
fn serde_round(json: &str) -> usize {
    let value: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    value.as_array().map_or(0, Vec::len)
}

/// Parses into the arena tree, drops it and resets the arena; returns the top-level length.
#[inline(never)]
fn bumpkit_round(json: &str, bump: &mut Bump) -> usize {
    let len = {
        let mut de = serde_json::Deserializer::from_str(json);
        let value = Value::deserialize_in(&mut de, bump).expect("valid JSON");
        de.end().expect("no trailing input");
        match &value {
            Value::Array(items) => items.len(),
            _ => 0,
        }
    };
    bump.reset();
    len
}

/// As [`bumpkit_round`], with strings borrowed from the input where serde_json lends them.
#[inline(never)]
fn borrowing_round(json: &str, bump: &mut Bump) -> usize {
    let len = {
        let mut de = serde_json::Deserializer::from_str(json);
        let value = Borrowing(bump).deserialize(&mut de).expect("valid JSON");
        de.end().expect("no trailing input");
        match &value {
            Value::Array(items) => items.len(),
            _ => 0,
        }
    };
    bump.reset();
    len
}

fn main() {
    let json = json_doc::generate(1 << 20);
    // `--rounds serde|bumpkit|borrowing N`: just N rounds of one side after a warm-up round, for
    // `valgrind --tool=callgrind --toggle-collect='*_round*'` (instruction counts that a busy
    // machine cannot blur).
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, side, n] = args.as_slice() {
        assert_eq!(
            flag, "--rounds",
            "usage: json_value [--rounds serde|bumpkit|borrowing N]"
        );
        let n: usize = n.parse().expect("a round count");
        let mut bump = Bump::new();
        for _ in 0..=n {
            std::hint::black_box(match side.as_str() {
                "serde" => serde_round(&json),
                "bumpkit" => bumpkit_round(&json, &mut bump),
                "borrowing" => borrowing_round(&json, &mut bump),
                other => panic!("unknown side {other}"),
            });
        }
        return;
    }
    let expected: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    let mut bump = Bump::new();
    {
        let mut de = serde_json::Deserializer::from_str(&json);
        let tree = Value::deserialize_in(&mut de, &bump).expect("valid JSON");
        assert_eq!(to_serde(&tree), expected, "the two parses differ");
    }
    bump.reset();
    {
        let mut de = serde_json::Deserializer::from_str(&json);
        let tree = Borrowing(&bump).deserialize(&mut de).expect("valid JSON");
        assert_eq!(to_serde(&tree), expected, "the borrowing parse differs");
    }
    bump.reset();
    println!(
        "JSON document: {} ({} values); both parses hold equal content",
        fmt_bytes(json.len() as u64),
        count_nodes(&expected),
    );
    drop(expected);

    // Peak memory and allocation count of one parse and drop, the arena fresh; then on the
    // warm arenas of the timed rounds: `Bump::new()` after one round (a reset keeps only the
    // largest chunk, so each round allocates the others again), and an arena built with the
    // capacity one round needs (plus a quarter) (a reset keeps that one chunk: no heap allocation at all).
    let (_, serde_heap) = count_heap(|| serde_round(&json));
    let (_, bumpkit_heap) = count_heap(|| bumpkit_round(&json, &mut Bump::new()));
    let needed = {
        let mut de = serde_json::Deserializer::from_str(&json);
        let tree = Value::deserialize_in(&mut de, &bump).expect("valid JSON");
        let needed = bump.stats().peak_allocated_bytes;
        drop(tree);
        bump.reset();
        needed
    };
    // A quarter more than one round measured: chunk boundaries change where vectors can grow
    // in place, so the same round on one big chunk may need a little more.
    let mut sized = Bump::builder().capacity(needed + needed / 4).build();
    let (_, warm_heap) = count_heap(|| bumpkit_round(&json, &mut bump));
    let (_, sized_heap) = count_heap(|| bumpkit_round(&json, &mut sized));
    let mut borrowing = Bump::new();
    borrowing_round(&json, &mut borrowing);
    let (_, borrowing_heap) = count_heap(|| borrowing_round(&json, &mut borrowing));

    let mut contenders = [
        Contender::new(|rounds| {
            for _ in 0..rounds {
                std::hint::black_box(serde_round(&json));
            }
        }),
        Contender::new(|rounds| {
            for _ in 0..rounds {
                std::hint::black_box(bumpkit_round(&json, &mut bump));
            }
        }),
        Contender::new(|rounds| {
            for _ in 0..rounds {
                std::hint::black_box(bumpkit_round(&json, &mut sized));
            }
        }),
        Contender::new(|rounds| {
            for _ in 0..rounds {
                std::hint::black_box(borrowing_round(&json, &mut borrowing));
            }
        }),
    ];
    let times = time_interleaved(&mut contenders, 31);
    println!(
        "{:<38} {:>11} {:>8} {:>11} {:>12} {:>12}",
        "parse + drop", "time/round", "vs Value", "peak heap", "heap allocs", "heap bytes"
    );
    let rows = [
        ("serde_json::Value", times[0], serde_heap),
        (
            "bumpkit Value, Bump::new() (1st round)",
            f64::NAN,
            bumpkit_heap,
        ),
        ("bumpkit Value, Bump::new() warm", times[1], warm_heap),
        ("bumpkit Value, sized arena warm", times[2], sized_heap),
        (
            "strings borrowed, Bump::new() warm",
            times[3],
            borrowing_heap,
        ),
    ];
    for (name, ns, heap) in rows {
        let (time, ratio) = if ns.is_nan() {
            ("-".to_string(), "-".to_string())
        } else {
            (
                format!("{:.2} ms", ns / 1e6),
                format!("{:.2}x", times[0] / ns),
            )
        };
        println!(
            "{name:<38} {time:>11} {ratio:>8} {:>11} {:>12} {:>12}",
            fmt_bytes(heap.peak),
            heap.allocs,
            fmt_bytes(heap.bytes)
        );
    }
    println!(
        "arena bytes per round: {} (the document is {})",
        fmt_bytes(needed as u64),
        fmt_bytes(json.len() as u64)
    );
    let speedup = times[0] / times[1];
    let alloc_share = warm_heap.allocs as f64 / serde_heap.allocs as f64;
    println!(
        "goal (Bump::new(), warm): at least 2x faster than serde_json::Value: {speedup:.2}x ({}); \
         at most 1% of its heap allocations: {:.3}% ({})",
        if speedup >= 2.0 { "met" } else { "missed" },
        alloc_share * 100.0,
        if alloc_share <= 0.01 { "met" } else { "missed" },
    );
}
