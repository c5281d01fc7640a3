//! The `ast` example's workload, shared with the report: the JSON parser of `json_tree.rs`
//! building a `Box` tree and arena trees (`ArenaVec`, `Scratch`, bumpalo), and a walk.

use bumpkit::{ArenaString, Bump, Scratch, ScratchVec};

pub(crate) use crate::json_tree::{
    ArenaValue, Builder, Bumpalo, Bumpkit, Parser, Scalar, Std, Summary, arena_scalar, walk_arena,
    walk_box,
};

/// Lists grow in a [`Scratch`] and are copied into the arena once, at their exact size.
pub(crate) struct BumpkitScratch<'a>(pub(crate) &'a Bump, pub(crate) &'a Scratch);

impl<'a> Builder<'a> for BumpkitScratch<'a> {
    type Value = ArenaValue<'a>;
    type Key = &'a str;
    type StrBuf = ArenaString<'a>;
    type ListBuf<T: 'a> = ScratchVec<'a, T>;

    fn str_buf(&self) -> ArenaString<'a> {
        ArenaString::new_in(self.0)
    }
    fn push_str(&self, buf: &mut ArenaString<'a>, text: &str) {
        buf.push_str(text);
    }
    fn list_buf<T: 'a>(&self) -> ScratchVec<'a, T> {
        ScratchVec::new_in(self.1)
    }
    fn push<T: 'a>(&self, buf: &mut ScratchVec<'a, T>, item: T) {
        buf.push(item);
    }
    fn key(&self, buf: ArenaString<'a>) -> &'a str {
        buf.into_arena_str()
    }
    fn scalar(&self, scalar: Scalar) -> ArenaValue<'a> {
        arena_scalar(scalar)
    }
    fn string(&self, buf: ArenaString<'a>) -> ArenaValue<'a> {
        ArenaValue::Str(buf.into_arena_str())
    }
    fn array(&self, buf: ScratchVec<'a, ArenaValue<'a>>) -> ArenaValue<'a> {
        ArenaValue::Arr(buf.into_arena_slice(self.0))
    }
    fn object(&self, buf: ScratchVec<'a, (&'a str, ArenaValue<'a>)>) -> ArenaValue<'a> {
        ArenaValue::Obj(buf.into_arena_slice(self.0))
    }
}

pub(crate) fn box_round(json: &str) -> Summary {
    let tree = Parser::parse(json, Std);
    let mut summary = Summary::default();
    walk_box(&tree, &mut summary);
    summary
}

pub(crate) fn bumpkit_round(json: &str, bump: &mut Bump) -> Summary {
    let mut summary = Summary::default();
    walk_arena(&Parser::parse(json, Bumpkit(bump)), &mut summary);
    bump.reset();
    summary
}

pub(crate) fn scratch_round(json: &str, bump: &mut Bump, scratch: &mut Scratch) -> Summary {
    let mut summary = Summary::default();
    walk_arena(
        &Parser::parse(json, BumpkitScratch(bump, scratch)),
        &mut summary,
    );
    bump.reset();
    scratch.reset();
    summary
}

pub(crate) fn bumpalo_round(json: &str, bump: &mut bumpalo::Bump) -> Summary {
    let mut summary = Summary::default();
    walk_arena(&Parser::parse(json, Bumpalo(bump)), &mut summary);
    bump.reset();
    summary
}
