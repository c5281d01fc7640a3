//! The JSON tree parser the `ast` and `parallel` examples share: one recursive-descent parser
//! over a [`Builder`] that makes either an owned tree ([`BoxValue`], on the global allocator)
//! or an arena tree ([`ArenaValue`], plain borrows), and a walk that sums up either tree.

use bumpkit::{Arena, ArenaString, ArenaVec, Bump};

/// The owned tree.
#[derive(Debug)]
pub(crate) enum BoxValue {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<BoxValue>),
    Obj(Vec<(String, BoxValue)>),
}

/// The arena tree (shared by the bumpkit and bumpalo builders): plain borrows, no `Drop`.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ArenaValue<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(&'a str),
    Arr(&'a [ArenaValue<'a>]),
    Obj(&'a [(&'a str, ArenaValue<'a>)]),
}

/// How the parser makes nodes: growable buffers while a string, array or object is being
/// read, and a node once it is complete.
pub(crate) trait Builder<'a> {
    type Value: 'a;
    type Key: 'a;
    type StrBuf;
    type ListBuf<T: 'a>;

    fn str_buf(&self) -> Self::StrBuf;
    fn push_str(&self, buf: &mut Self::StrBuf, text: &str);
    fn list_buf<T: 'a>(&self) -> Self::ListBuf<T>;
    fn push<T: 'a>(&self, buf: &mut Self::ListBuf<T>, item: T);
    fn key(&self, buf: Self::StrBuf) -> Self::Key;
    fn scalar(&self, scalar: Scalar) -> Self::Value;
    fn string(&self, buf: Self::StrBuf) -> Self::Value;
    fn array(&self, buf: Self::ListBuf<Self::Value>) -> Self::Value;
    fn object(&self, buf: Self::ListBuf<(Self::Key, Self::Value)>) -> Self::Value;
}

/// The leaves that need no allocation.
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    Num(f64),
}

/// Builds the owned tree on the global allocator.
pub(crate) struct Std;

impl<'a> Builder<'a> for Std {
    type Value = BoxValue;
    type Key = String;
    type StrBuf = String;
    type ListBuf<T: 'a> = Vec<T>;

    fn str_buf(&self) -> String {
        String::new()
    }
    fn push_str(&self, buf: &mut String, text: &str) {
        buf.push_str(text);
    }
    fn list_buf<T: 'a>(&self) -> Vec<T> {
        Vec::new()
    }
    fn push<T: 'a>(&self, buf: &mut Vec<T>, item: T) {
        buf.push(item);
    }
    fn key(&self, buf: String) -> String {
        buf
    }
    fn scalar(&self, scalar: Scalar) -> BoxValue {
        match scalar {
            Scalar::Null => BoxValue::Null,
            Scalar::Bool(b) => BoxValue::Bool(b),
            Scalar::Num(n) => BoxValue::Num(n),
        }
    }
    fn string(&self, buf: String) -> BoxValue {
        BoxValue::Str(buf)
    }
    fn array(&self, buf: Vec<BoxValue>) -> BoxValue {
        BoxValue::Arr(buf)
    }
    fn object(&self, buf: Vec<(String, BoxValue)>) -> BoxValue {
        BoxValue::Obj(buf)
    }
}

pub(crate) fn arena_scalar<'a>(scalar: Scalar) -> ArenaValue<'a> {
    match scalar {
        Scalar::Null => ArenaValue::Null,
        Scalar::Bool(b) => ArenaValue::Bool(b),
        Scalar::Num(n) => ArenaValue::Num(n),
    }
}

/// Builds in any bumpkit arena ([`Bump`], [`SyncBump`](bumpkit::SyncBump)).
pub(crate) struct Bumpkit<'a, A: Arena = Bump>(pub(crate) &'a A);

impl<'a, A: Arena> Builder<'a> for Bumpkit<'a, A> {
    type Value = ArenaValue<'a>;
    type Key = &'a str;
    type StrBuf = ArenaString<'a, A>;
    type ListBuf<T: 'a> = ArenaVec<'a, T, A>;

    fn str_buf(&self) -> ArenaString<'a, A> {
        ArenaString::new_in(self.0)
    }
    fn push_str(&self, buf: &mut ArenaString<'a, A>, text: &str) {
        buf.push_str(text);
    }
    fn list_buf<T: 'a>(&self) -> ArenaVec<'a, T, A> {
        ArenaVec::new_in(self.0)
    }
    fn push<T: 'a>(&self, buf: &mut ArenaVec<'a, T, A>, item: T) {
        buf.push(item);
    }
    fn key(&self, buf: ArenaString<'a, A>) -> &'a str {
        buf.into_arena_str()
    }
    fn scalar(&self, scalar: Scalar) -> ArenaValue<'a> {
        arena_scalar(scalar)
    }
    fn string(&self, buf: ArenaString<'a, A>) -> ArenaValue<'a> {
        ArenaValue::Str(buf.into_arena_str())
    }
    fn array(&self, buf: ArenaVec<'a, ArenaValue<'a>, A>) -> ArenaValue<'a> {
        ArenaValue::Arr(buf.into_arena_slice())
    }
    fn object(&self, buf: ArenaVec<'a, (&'a str, ArenaValue<'a>), A>) -> ArenaValue<'a> {
        ArenaValue::Obj(buf.into_arena_slice())
    }
}

/// Builds in a bumpalo arena with bumpalo's `Vec` / `String`.
pub(crate) struct Bumpalo<'a>(pub(crate) &'a bumpalo::Bump);

impl<'a> Builder<'a> for Bumpalo<'a> {
    type Value = ArenaValue<'a>;
    type Key = &'a str;
    type StrBuf = bumpalo::collections::String<'a>;
    type ListBuf<T: 'a> = bumpalo::collections::Vec<'a, T>;

    fn str_buf(&self) -> Self::StrBuf {
        bumpalo::collections::String::new_in(self.0)
    }
    fn push_str(&self, buf: &mut Self::StrBuf, text: &str) {
        buf.push_str(text);
    }
    fn list_buf<T: 'a>(&self) -> bumpalo::collections::Vec<'a, T> {
        bumpalo::collections::Vec::new_in(self.0)
    }
    fn push<T: 'a>(&self, buf: &mut bumpalo::collections::Vec<'a, T>, item: T) {
        buf.push(item);
    }
    fn key(&self, buf: Self::StrBuf) -> &'a str {
        buf.into_bump_str()
    }
    fn scalar(&self, scalar: Scalar) -> ArenaValue<'a> {
        arena_scalar(scalar)
    }
    fn string(&self, buf: Self::StrBuf) -> ArenaValue<'a> {
        ArenaValue::Str(buf.into_bump_str())
    }
    fn array(&self, buf: bumpalo::collections::Vec<'a, ArenaValue<'a>>) -> ArenaValue<'a> {
        ArenaValue::Arr(buf.into_bump_slice())
    }
    fn object(
        &self,
        buf: bumpalo::collections::Vec<'a, (&'a str, ArenaValue<'a>)>,
    ) -> ArenaValue<'a> {
        ArenaValue::Obj(buf.into_bump_slice())
    }
}

/// A recursive-descent JSON parser over bytes (the input is trusted: the generator's output).
pub(crate) struct Parser<'s, B> {
    text: &'s str,
    input: &'s [u8],
    pos: usize,
    builder: B,
}

impl<'a, B: Builder<'a>> Parser<'_, B> {
    pub(crate) fn parse(input: &str, builder: B) -> B::Value {
        let mut parser = Parser {
            text: input,
            input: input.as_bytes(),
            pos: 0,
            builder,
        };
        let value = parser.value();
        parser.skip_space();
        assert_eq!(parser.pos, parser.input.len(), "trailing input");
        value
    }

    fn peek(&self) -> u8 {
        self.input[self.pos]
    }

    fn skip_space(&mut self) {
        while self.pos < self.input.len() && self.input[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) {
        assert_eq!(self.peek(), byte, "at byte {}", self.pos);
        self.pos += 1;
    }

    fn value(&mut self) -> B::Value {
        self.skip_space();
        match self.peek() {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' => {
                let text = self.string();
                self.builder.string(text)
            }
            b't' => self.literal("true", Scalar::Bool(true)),
            b'f' => self.literal("false", Scalar::Bool(false)),
            b'n' => self.literal("null", Scalar::Null),
            _ => self.number(),
        }
    }

    fn literal(&mut self, word: &str, scalar: Scalar) -> B::Value {
        assert!(self.input[self.pos..].starts_with(word.as_bytes()));
        self.pos += word.len();
        self.builder.scalar(scalar)
    }

    /// Reads a number: an integer part and an optional fraction (what the generator writes;
    /// exponents are not needed).
    fn number(&mut self) -> B::Value {
        let negative = self.peek() == b'-';
        self.pos += usize::from(negative);
        let mut int = 0u64;
        while let Some(digit @ b'0'..=b'9') = self.input.get(self.pos) {
            int = int * 10 + u64::from(digit - b'0');
            self.pos += 1;
        }
        let mut number = int as f64;
        if self.input.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            let (mut frac, mut scale) = (0u64, 1u64);
            while let Some(digit @ b'0'..=b'9') = self.input.get(self.pos) {
                (frac, scale) = (frac * 10 + u64::from(digit - b'0'), scale * 10);
                self.pos += 1;
            }
            number += frac as f64 / scale as f64;
        }
        self.builder
            .scalar(Scalar::Num(if negative { -number } else { number }))
    }

    /// Reads a string literal, copying unescaped runs whole.
    fn string(&mut self) -> B::StrBuf {
        self.expect(b'"');
        let mut buf = self.builder.str_buf();
        loop {
            let start = self.pos;
            while !matches!(self.input[self.pos], b'"' | b'\\') {
                self.pos += 1;
            }
            // Both ends are at ASCII bytes, hence at char boundaries.
            self.builder.push_str(&mut buf, &self.text[start..self.pos]);
            let byte = self.input[self.pos];
            self.pos += 1;
            if byte == b'"' {
                return buf;
            }
            let escaped = match self.input[self.pos] {
                b'n' => '\n',
                b't' => '\t',
                b'u' => {
                    let hex = &self.text[self.pos + 1..self.pos + 5];
                    self.pos += 4;
                    char::from_u32(u32::from_str_radix(hex, 16).expect("hex digits"))
                        .expect("a scalar value")
                }
                other => char::from(other),
            };
            self.pos += 1;
            self.builder
                .push_str(&mut buf, escaped.encode_utf8(&mut [0; 4]));
        }
    }

    fn array(&mut self) -> B::Value {
        self.expect(b'[');
        let mut items = self.builder.list_buf();
        self.skip_space();
        if self.peek() == b']' {
            self.pos += 1;
            return self.builder.array(items);
        }
        loop {
            let item = self.value();
            self.builder.push(&mut items, item);
            self.skip_space();
            match self.peek() {
                b',' => self.pos += 1,
                _ => break,
            }
        }
        self.expect(b']');
        self.builder.array(items)
    }

    fn object(&mut self) -> B::Value {
        self.expect(b'{');
        let mut fields = self.builder.list_buf();
        self.skip_space();
        if self.peek() == b'}' {
            self.pos += 1;
            return self.builder.object(fields);
        }
        loop {
            self.skip_space();
            let key = self.string();
            let key = self.builder.key(key);
            self.skip_space();
            self.expect(b':');
            let value = self.value();
            self.builder.push(&mut fields, (key, value));
            self.skip_space();
            match self.peek() {
                b',' => self.pos += 1,
                _ => break,
            }
        }
        self.expect(b'}');
        self.builder.object(fields)
    }
}

/// What a walk of the tree finds: a checksum that every tree of one document must agree on.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Summary {
    pub(crate) nodes: u64,
    pub(crate) string_bytes: u64,
    pub(crate) number_sum: f64,
    pub(crate) trues: u64,
}

pub(crate) fn walk_box(value: &BoxValue, summary: &mut Summary) {
    summary.nodes += 1;
    match value {
        BoxValue::Null | BoxValue::Bool(false) => {}
        BoxValue::Bool(true) => summary.trues += 1,
        BoxValue::Num(n) => summary.number_sum += n,
        BoxValue::Str(s) => summary.string_bytes += s.len() as u64,
        BoxValue::Arr(items) => items.iter().for_each(|v| walk_box(v, summary)),
        BoxValue::Obj(fields) => {
            for (key, v) in fields {
                summary.string_bytes += key.len() as u64;
                walk_box(v, summary);
            }
        }
    }
}

pub(crate) fn walk_arena(value: &ArenaValue<'_>, summary: &mut Summary) {
    summary.nodes += 1;
    match value {
        ArenaValue::Null | ArenaValue::Bool(false) => {}
        ArenaValue::Bool(true) => summary.trues += 1,
        ArenaValue::Num(n) => summary.number_sum += n,
        ArenaValue::Str(s) => summary.string_bytes += s.len() as u64,
        ArenaValue::Arr(items) => items.iter().for_each(|v| walk_arena(v, summary)),
        ArenaValue::Obj(fields) => {
            for (key, v) in fields.iter() {
                summary.string_bytes += key.len() as u64;
                walk_arena(v, summary);
            }
        }
    }
}
