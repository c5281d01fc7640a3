//! What must not compile: each file in tests/compile_fail/ is one guarantee.

#[test]
fn guarantees_that_must_not_compile() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}
