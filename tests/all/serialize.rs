//! `serde::Serialize` for the arena collections, checked through `serde_json`'s output.

use bumpkit::{ArenaBox, Bump};

#[test]
fn boxes_serialize_as_their_contents() {
    let bump = Bump::new();
    let number = ArenaBox::new_in(42u8, &bump);
    let text = ArenaBox::from_str_in("a \"quoted\" é", &bump);
    let slice = ArenaBox::from_slice_copy_in(&[1, 2, 3], &bump);
    let nested = ArenaBox::new_in((ArenaBox::new_in(Some(1.5), &bump), [true]), &bump);
    assert_eq!(serde_json::to_string(&number).unwrap(), "42");
    assert_eq!(serde_json::to_string(&text).unwrap(), r#""a \"quoted\" é""#);
    assert_eq!(serde_json::to_string(&slice).unwrap(), "[1,2,3]");
    assert_eq!(serde_json::to_string(&nested).unwrap(), "[1.5,[true]]");
}

#[test]
fn vectors_and_strings_serialize_as_sequences_and_strings() {
    let bump = Bump::new();
    let v = bumpkit::arena_vec![in &bump; 1u16, 2, 3];
    let empty: bumpkit::ArenaVec<'_, u8> = bumpkit::ArenaVec::new_in(&bump);
    let s = bumpkit::format_in!(in &bump, "tab\there, ünï {}", 7);
    let nested = bumpkit::arena_vec![in &bump; bumpkit::ArenaString::from_str_in("x", &bump)];
    assert_eq!(serde_json::to_string(&v).unwrap(), "[1,2,3]");
    assert_eq!(serde_json::to_string(&empty).unwrap(), "[]");
    assert_eq!(serde_json::to_string(&s).unwrap(), r#""tab\there, ünï 7""#);
    assert_eq!(serde_json::to_string(&nested).unwrap(), r#"["x"]"#);
}
