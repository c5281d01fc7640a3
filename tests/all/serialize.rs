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
