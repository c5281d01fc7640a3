//! Deserialisation into an arena (`bumpkit::serde`), driven by `serde_json` and serde's own
//! value deserializers: every implementing type, composition, errors, allocation failure, and
//! exactly-once drops when the input breaks off or user code panics halfway.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use bumpkit::serde::{DeserializeIn, InArena, Owned, map_in, seq_in, str_in};
use bumpkit::{Arena, ArenaBox, ArenaString, ArenaVec, Bump, SyncBump};
use proptest::prelude::*;
use serde::de::value::{BytesDeserializer, Error as ValueError};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::common::{INJECTED, Log, Tracked, quiet_injected_panics};

/// Deserializes a `T` from JSON text into `arena`.
fn from_json<'a, T: DeserializeIn<'a, A>, A: Arena>(
    json: &str,
    arena: &'a A,
) -> Result<T, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(json);
    let value = InArena::<T, A>::new(arena).deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

#[test]
fn arena_collections_deserialize_from_json() {
    let bump = Bump::new();
    let v: ArenaVec<'_, u16> = from_json("[1, 2, 3]", &bump).unwrap();
    assert_eq!(v, [1, 2, 3]);
    let s: ArenaString<'_> = from_json(r#""esc\"aped \u00e9\n""#, &bump).unwrap();
    assert_eq!(s, "esc\"aped é\n");
    let b: ArenaBox<'_, (bool, char)> = from_json(r#"[true, "x"]"#, &bump).unwrap();
    assert_eq!(*b, (true, 'x'));
    let slice: ArenaBox<'_, [i8]> = from_json("[-1, 0, 1]", &bump).unwrap();
    assert_eq!(*slice, [-1, 0, 1]);
    let text: ArenaBox<'_, str> = from_json(r#""boxed""#, &bump).unwrap();
    assert_eq!(&*text, "boxed");
    let frozen: &[&str] = from_json(r#"["a", "b\tc"]"#, &bump).unwrap();
    assert_eq!(frozen, ["a", "b\tc"]);
    let empty: ArenaVec<'_, ArenaVec<'_, u8>> = from_json("[[], []]", &bump).unwrap();
    assert_eq!(empty.len(), 2);
    assert!(empty.iter().all(ArenaVec::is_empty));
}

#[test]
fn values_do_not_borrow_the_input() {
    let bump = Bump::new();
    let json = String::from(r#"[["plain", "esc\\aped"], ["x"]]"#);
    let nested: ArenaVec<'_, ArenaVec<'_, &str>> = from_json(&json, &bump).unwrap();
    let strings: ArenaVec<'_, ArenaString<'_>> = from_json(r#"["plain"]"#, &bump).unwrap();
    drop(json);
    assert_eq!(nested[0], ["plain", "esc\\aped"]);
    assert_eq!(nested[1], ["x"]);
    assert_eq!(strings[0], "plain");
}

#[test]
fn nested_arena_types_compose() {
    type Record<'a> = (
        &'a str,
        Option<ArenaBox<'a, [u32]>>,
        ArenaVec<'a, (ArenaString<'a>, f64)>,
    );
    let bump = Bump::new();
    let records: ArenaVec<'_, Record<'_>> = from_json(
        r#"[["one", [1, 2], [["pi", 3.25]]], ["two", null, []]]"#,
        &bump,
    )
    .unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].0, "one");
    assert_eq!(records[0].1.as_deref(), Some(&[1, 2][..]));
    assert_eq!(records[0].2[0].0, "pi");
    assert_eq!(records[0].2[0].1, 3.25);
    assert_eq!(records[1].0, "two");
    assert!(records[1].1.is_none() && records[1].2.is_empty());
}

#[test]
fn primitives_and_std_types_deserialize_as_serde_reads_them() {
    let bump = Bump::new();
    assert_eq!(from_json::<(), _>("null", &bump).unwrap(), ());
    assert_eq!(
        from_json::<(u8, i64, u128, f32), _>("[255, -9, 1, 0.5]", &bump).unwrap(),
        (255, -9, 1, 0.5)
    );
    assert!(from_json::<u8, _>("256", &bump).is_err());
    assert_eq!(from_json::<String, _>(r#""heap""#, &bump).unwrap(), "heap");
    assert_eq!(
        from_json::<Option<Option<u8>>, _>("7", &bump).unwrap(),
        Some(Some(7))
    );
    assert_eq!(from_json::<Option<u8>, _>("null", &bump).unwrap(), None);
    assert_eq!(
        from_json::<[u8; 3], _>("[1, 2, 3]", &bump).unwrap(),
        [1, 2, 3]
    );
    assert_eq!(from_json::<[u8; 0], _>("[]", &bump).unwrap(), [0u8; 0]);
    let vec: Vec<&str> = from_json(r#"["in", "arena"]"#, &bump).unwrap();
    assert_eq!(vec, ["in", "arena"]);
    let boxed: Box<ArenaString<'_>> = from_json(r#""b""#, &bump).unwrap();
    assert_eq!(*boxed, "b");
    let six: (u8, u8, u8, u8, u8, (bool,)) = from_json("[1, 2, 3, 4, 5, [true]]", &bump).unwrap();
    assert_eq!(six, (1, 2, 3, 4, 5, (true,)));
    let owned: Owned<BTreeMap<String, Vec<u8>>> = from_json(r#"{"k": [1]}"#, &bump).unwrap();
    assert_eq!(owned.0["k"], [1]);
}

#[test]
fn wrong_lengths_and_types_are_errors_with_serde_messages() {
    let bump = Bump::new();
    let short = from_json::<[u8; 3], _>("[1, 2]", &bump).unwrap_err();
    assert!(short.to_string().contains("invalid length 2"), "{short}");
    let long = from_json::<[u8; 1], _>("[1, 2]", &bump).unwrap_err();
    assert!(long.to_string().contains("trailing"), "{long}");
    let tuple = from_json::<(u8, u8), _>("[1]", &bump).unwrap_err();
    assert!(tuple.to_string().contains("a tuple of size 2"), "{tuple}");
    let not_seq = from_json::<ArenaVec<'_, u8>, _>(r#""no""#, &bump).unwrap_err();
    assert!(
        not_seq.to_string().contains("expected a sequence"),
        "{not_seq}"
    );
    let not_str = from_json::<&str, _>("1", &bump).unwrap_err();
    assert!(
        not_str.to_string().contains("expected a string"),
        "{not_str}"
    );
}

#[test]
fn strings_accept_utf8_bytes_and_reject_the_rest() {
    let bump = Bump::new();
    let ok = ArenaString::deserialize_in(BytesDeserializer::<ValueError>::new(b"bytes"), &bump);
    assert_eq!(ok.unwrap(), "bytes");
    let ok = <&str>::deserialize_in(BytesDeserializer::<ValueError>::new("é".as_bytes()), &bump);
    assert_eq!(ok.unwrap(), "é");
    let bad = ArenaString::deserialize_in(BytesDeserializer::<ValueError>::new(b"\xff"), &bump);
    assert!(bad.unwrap_err().to_string().contains("expected a string"));
    let bad = <&str>::deserialize_in(BytesDeserializer::<ValueError>::new(b"\xc3"), &bump);
    assert!(bad.is_err());
}

#[test]
fn every_arena_kind_can_hold_the_values() {
    let sync = SyncBump::new();
    let v: ArenaVec<'_, &str, SyncBump> = from_json(r#"["shared"]"#, &sync).unwrap();
    assert_eq!(v, ["shared"]);
    let local = sync.local();
    let b: ArenaBox<'_, [ArenaString<'_, _>], _> = from_json(r#"["l", "b"]"#, &local).unwrap();
    assert_eq!(b.len(), 2);
    assert_eq!(b[1], "b");
}

#[test]
fn serialize_then_deserialize_round_trips() {
    let bump = Bump::new();
    let original: ArenaVec<'_, (ArenaString<'_>, ArenaBox<'_, [u8]>)> =
        from_json(r#"[["a\"b", [1]], ["", []]]"#, &bump).unwrap();
    let json = serde_json::to_string(&original).unwrap();
    assert_eq!(json, r#"[["a\"b",[1]],["",[]]]"#);
    let again: ArenaVec<'_, (ArenaString<'_>, ArenaBox<'_, [u8]>)> =
        from_json(&json, &bump).unwrap();
    assert_eq!(again.len(), original.len());
    for (x, y) in again.iter().zip(&original) {
        assert_eq!((&x.0, &*x.1), (&y.0, &*y.1));
    }
}

#[test]
fn allocation_failure_is_an_error_not_a_panic() {
    let bump = Bump::builder().allocation_limit(Some(0)).build();
    let json = format!("[{}]", vec!["1"; 100].join(","));
    let err = from_json::<ArenaVec<'_, u64>, _>(&json, &bump).unwrap_err();
    assert!(
        err.to_string().starts_with("bumpkit: cannot allocate"),
        "{err}"
    );
    let err = from_json::<&str, _>(r#""text""#, &bump).unwrap_err();
    assert!(err.to_string().starts_with("bumpkit:"), "{err}");
    let err = from_json::<ArenaString<'_>, _>(r#""text""#, &bump).unwrap_err();
    assert!(err.to_string().starts_with("bumpkit:"), "{err}");
    let err = from_json::<ArenaBox<'_, u8>, _>("1", &bump).unwrap_err();
    assert!(err.to_string().starts_with("bumpkit:"), "{err}");
    // Zero-sized and empty values need no memory.
    assert_eq!(
        from_json::<ArenaVec<'_, ()>, _>("[null]", &bump)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(from_json::<&str, _>(r#""""#, &bump).unwrap(), "");
}

// --- Drops: a value type that records each construction and drop in a thread's `Log`. ---

thread_local! {
    static LOG: RefCell<Option<Rc<Log>>> = const { RefCell::new(None) };
}

/// Installs a fresh log for this thread's `Item`s and returns it.
fn fresh_log() -> Rc<Log> {
    let log = Log::new();
    LOG.with(|slot| *slot.borrow_mut() = Some(Rc::clone(&log)));
    log
}

/// A tracked value read from a JSON number; the number 13 panics with [`INJECTED`] while
/// being read (user code inside deserialisation).
#[derive(Debug)]
struct Item(#[allow(dead_code, reason = "kept alive for its drop")] Tracked);

impl<'a, A: Arena> DeserializeIn<'a, A> for Item {
    fn deserialize_in<'de, D: Deserializer<'de>>(d: D, arena: &'a A) -> Result<Self, D::Error> {
        let value = u32::deserialize_in(d, arena)?;
        if value == 13 {
            std::panic::panic_any(INJECTED);
        }
        Ok(Item(
            LOG.with(|slot| slot.borrow().as_ref().unwrap().make(value)),
        ))
    }
}

/// Nested arena containers of tracked values, one of each kind.
type Nested<'a> = ArenaVec<
    'a,
    (
        ArenaBox<'a, Item>,
        ArenaVec<'a, Item>,
        Option<ArenaBox<'a, [Item]>>,
        [Item; 2],
        Vec<Item>,
    ),
>;

const NESTED: &str = r#"[[1, [2, 3], [4], [5, 6], [7]], [8, [], null, [9, 10], []], [11, [12], [], [14, 15], [16]]]"#;

#[test]
fn a_complete_document_drops_every_value_once() {
    let log = fresh_log();
    let bump = Bump::new();
    let nested: Nested<'_> = from_json(NESTED, &bump).unwrap();
    assert_eq!(nested.len(), 3);
    assert_eq!(log.created(), 15);
    assert_eq!(log.live(), 15);
    drop(nested);
    log.assert_all_dropped_once();
}

#[test]
fn a_truncated_document_drops_what_was_built_exactly_once() {
    let bump = Bump::new();
    for end in 0..NESTED.len() {
        let log = fresh_log();
        let result = from_json::<Nested<'_>, _>(&NESTED[..end], &bump);
        assert!(result.is_err(), "prefix of {end} bytes parsed");
        assert_eq!(log.live(), 0, "prefix of {end} bytes leaked");
        log.assert_all_dropped_once();
    }
}

#[test]
fn a_malformed_value_midway_drops_what_was_built_exactly_once() {
    let bump = Bump::new();
    for bad in [
        r#"[[1, [2, 3], [4], [5, 6], [7]], [8, ["x"], null, [9, 10], []]]"#,
        r#"[[1, [2, 3], [4], [5, 6, 7], [7]]]"#,
        r#"[[1, [2, 3], [4], [5], [7]]]"#,
        r#"[[1, [2, 3], [4], [5, 6], [7, -1]]]"#,
        r#"[[1, [2, 3], [4], [5, 6], [7]], 2]"#,
    ] {
        let log = fresh_log();
        let err = from_json::<Nested<'_>, _>(bad, &bump).unwrap_err();
        assert!(!err.is_io() && !err.is_eof(), "{bad}: {err}");
        log.assert_all_dropped_once();
        assert!(
            log.created() > 0,
            "{bad}: nothing was built before the error"
        );
    }
}

#[test]
fn a_panic_in_user_code_midway_drops_what_was_built_exactly_once() {
    quiet_injected_panics();
    let bump = Bump::new();
    for doc in [
        r#"[[1, [2, 3], [4], [5, 6], [7]], [8, [13], null, [9, 10], []]]"#,
        r#"[[1, [2, 3], [4], [5, 6], [7, 8, 13]]]"#,
        r#"[[1, [2, 3], [4], [5, 13], [7]]]"#,
        r#"[[1, [2, 3], [4, 13], [5, 6], [7]]]"#,
        r#"[[13, [], [], [5, 6], [7]]]"#,
    ] {
        let log = fresh_log();
        let result = catch_unwind(AssertUnwindSafe(|| from_json::<Nested<'_>, _>(doc, &bump)));
        assert!(result.is_err(), "{doc}: no panic");
        log.assert_all_dropped_once();
    }
}

#[test]
fn allocation_failure_midway_drops_what_was_built_exactly_once() {
    // A limit just large enough for the first chunk: the items fit until the chunk is full.
    let bump = Bump::builder()
        .first_chunk_size(1 << 10)
        .max_chunk_size(1 << 10)
        .allocation_limit(Some(1 << 10))
        .build();
    let json = format!(
        "[{}]",
        (0..1000)
            .map(|i| format!("[{i}]"))
            .collect::<Vec<_>>()
            .join(",")
    );
    let log = fresh_log();
    let err = from_json::<ArenaVec<'_, ArenaVec<'_, Item>>, _>(&json, &bump).unwrap_err();
    assert!(err.to_string().starts_with("bumpkit:"), "{err}");
    assert!(log.created() > 0);
    log.assert_all_dropped_once();
}

// --- A user's own arena type, written with the helpers. ---

#[derive(Debug, PartialEq)]
enum Json<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(&'a str),
    List(ArenaVec<'a, Json<'a>>),
    Object(ArenaVec<'a, (&'a str, Json<'a>)>),
}

impl<'a> DeserializeIn<'a> for Json<'a> {
    fn deserialize_in<'de, D: Deserializer<'de>>(d: D, bump: &'a Bump) -> Result<Self, D::Error> {
        d.deserialize_any(JsonVisitor(bump))
    }
}

struct JsonVisitor<'a>(&'a Bump);

impl<'de, 'a> Visitor<'de> for JsonVisitor<'a> {
    type Value = Json<'a>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Json<'a>, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Json<'a>, E> {
        Ok(Json::Bool(b))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Json<'a>, E> {
        Ok(Json::Num(n as f64))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Json<'a>, E> {
        Ok(Json::Num(n as f64))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Json<'a>, E> {
        Ok(Json::Num(n))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Json<'a>, E> {
        str_in(s, self.0).map(Json::Str)
    }
    fn visit_seq<S: SeqAccess<'de>>(self, seq: S) -> Result<Json<'a>, S::Error> {
        seq_in(seq, self.0).map(Json::List)
    }
    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Json<'a>, M::Error> {
        map_in(map, self.0).map(Json::Object)
    }
}

/// Converts to `serde_json::Value` (objects keep their last duplicate, as serde_json's do).
fn to_value(json: &Json<'_>) -> serde_json::Value {
    match json {
        Json::Null => serde_json::Value::Null,
        Json::Bool(b) => (*b).into(),
        Json::Num(n) => (*n).into(),
        Json::Str(s) => (*s).into(),
        Json::List(items) => items.iter().map(to_value).collect(),
        Json::Object(fields) => fields
            .iter()
            .map(|(k, v)| (k.to_string(), to_value(v)))
            .collect(),
    }
}

#[test]
fn a_user_defined_tree_matches_serde_json_value() {
    let text = r#"{"a": [1, -2, 3.5, "s\u00e9", {"n": null, "t": true}], "e": {}, "l": []}"#;
    let bump = Bump::new();
    let tree: Json<'_> = from_json(text, &bump).unwrap();
    let mut expected: serde_json::Value = serde_json::from_str(text).unwrap();
    // Integers came through as f64 in the tree.
    expected["a"][0] = 1.0.into();
    expected["a"][1] = (-2.0).into();
    assert_eq!(to_value(&tree), expected);
    let Json::Object(fields) = &tree else {
        panic!("not an object")
    };
    assert_eq!(fields[1], ("e", Json::Object(ArenaVec::new_in(&bump))));
}

#[test]
fn the_seed_is_copy_and_names_its_type() {
    let bump = Bump::new();
    let seed = InArena::<ArenaVec<'_, u8>>::new(&bump);
    let copy = seed;
    assert!(std::ptr::eq(seed.arena(), copy.arena()));
    assert!(format!("{seed:?}").contains("ArenaVec"));
}

#[test]
fn strings_from_a_reader_are_copied_into_the_arena() {
    // `from_reader` never lends the input, so every string arrives through `visit_str`
    // from serde_json's scratch buffer.
    let bump = Bump::new();
    let input = br#"[{"k": "v"}, ["x\ny", "plain"]]"#;
    let mut de = serde_json::Deserializer::from_reader(&input[..]);
    let tree = Json::deserialize_in(&mut de, &bump).unwrap();
    de.end().unwrap();
    let expected: serde_json::Value = serde_json::from_slice(input).unwrap();
    assert_eq!(to_value(&tree), expected);
}

/// Random JSON documents; numbers are finite floats so that both sides read them alike.
fn json_strategy() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        (-1e6f64..1e6).prop_map(serde_json::Value::from),
        "[a-z\"\\\\\\n\u{e9}\u{1F600}]{0,6}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::btree_map("[a-z]{0,3}", inner, 0..6)
                .prop_map(|map| serde_json::Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(crate::common::cases(64))]

    /// Whatever serde_json reads into its `Value`, the arena tree holds the same; and every
    /// strict prefix of the document is an error that leaves the arena tree nothing to leak.
    #[test]
    fn the_arena_tree_matches_serde_json_on_random_documents(value in json_strategy(), cut in any::<prop::sample::Index>()) {
        let text = serde_json::to_string(&value).unwrap();
        let bump = Bump::new();
        let tree: Json<'_> = from_json(&text, &bump).unwrap();
        // serde_json's own reading of the text (its float parsing is not exact round-trip).
        let mut expected: serde_json::Value = serde_json::from_str(&text).unwrap();
        normalise_numbers(&mut expected);
        prop_assert_eq!(to_value(&tree), expected);
        let end = cut.index(text.len());
        if text.is_char_boundary(end) {
            let items: Result<ArenaVec<'_, Json<'_>>, _> =
                from_json(&format!("[{}", &text[..end]), &bump);
            prop_assert!(items.is_err());
        }
    }
}

/// Turns every number into the f64 the arena tree stores.
fn normalise_numbers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(n) => *value = n.as_f64().unwrap().into(),
        serde_json::Value::Array(items) => items.iter_mut().for_each(normalise_numbers),
        serde_json::Value::Object(fields) => fields.values_mut().for_each(normalise_numbers),
        _ => {}
    }
}
