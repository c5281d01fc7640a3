//! The request's work: parse a JSON body into a tree, summarise it, render the summary as JSON.
//!
//! The parser has the shape of the one in `examples/ast.rs` (a recursive descent generic over
//! a `Builder` that makes the nodes), but this one faces untrusted input: every malformed
//! byte, a nesting deeper than [`MAX_DEPTH`] and trailing garbage are errors, never panics.
//! It lives here rather than being shared with ast.rs so that each can change on its own.

use std::fmt::{self, Write as _};
use std::ops::Deref;

/// Nesting deeper than this is refused (the parser recurses once per level).
pub const MAX_DEPTH: usize = 64;

/// Why a body was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParseError {
    /// Not UTF-8, or not JSON at this byte offset.
    Syntax(usize),
    /// Nested deeper than [`MAX_DEPTH`].
    TooDeep,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax(at) => write!(f, "invalid JSON at byte {at}"),
            Self::TooDeep => write!(f, "JSON nested deeper than {MAX_DEPTH}"),
        }
    }
}

/// The owned tree (the std heap variant).
#[derive(Debug)]
pub enum BoxValue {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<BoxValue>),
    Obj(Vec<(String, BoxValue)>),
}

/// The arena tree, shared by every arena variant: plain borrows, no `Drop`.
#[derive(Debug, Clone, Copy)]
pub enum ArenaValue<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(&'a str),
    Arr(&'a [ArenaValue<'a>]),
    Obj(&'a [(&'a str, ArenaValue<'a>)]),
}

/// The leaves that need no allocation.
pub enum Scalar {
    Null,
    Bool(bool),
    Num(f64),
}

/// How the parser makes nodes and the handler its scratch: growable buffers while a string,
/// array or object is being read, a node once it is complete.
pub trait Builder<'a> {
    type Value: 'a;
    type Key: 'a + Deref<Target = str> + Ord;
    type StrBuf: fmt::Write + Deref<Target = str>;
    type ListBuf<T: 'a>;

    fn str_buf(&self) -> Self::StrBuf;
    fn list_buf<T: 'a>(&self) -> Self::ListBuf<T>;
    fn push<T: 'a>(&self, buf: &mut Self::ListBuf<T>, item: T);
    fn items<'b, T: 'a>(buf: &'b mut Self::ListBuf<T>) -> &'b mut [T];
    fn key(&self, buf: Self::StrBuf) -> Self::Key;
    fn scalar(&self, scalar: Scalar) -> Self::Value;
    fn string(&self, buf: Self::StrBuf) -> Self::Value;
    fn array(&self, buf: Self::ListBuf<Self::Value>) -> Self::Value;
    fn object(&self, buf: Self::ListBuf<(Self::Key, Self::Value)>) -> Self::Value;
    /// The tree as the walker sees it.
    fn view(value: &Self::Value) -> View<'_, Self::Value, Self::Key>;
}

/// One node, seen through its builder.
pub enum View<'v, V, K> {
    Null,
    Bool(bool),
    Num(f64),
    Str(&'v str),
    Arr(&'v [V]),
    Obj(&'v [(K, V)]),
}

/// The std heap builder.
pub struct Std;

impl<'a> Builder<'a> for Std {
    type Value = BoxValue;
    type Key = String;
    type StrBuf = String;
    type ListBuf<T: 'a> = Vec<T>;

    fn str_buf(&self) -> String {
        String::new()
    }
    fn list_buf<T: 'a>(&self) -> Vec<T> {
        Vec::new()
    }
    fn push<T: 'a>(&self, buf: &mut Vec<T>, item: T) {
        buf.push(item);
    }
    fn items<'b, T: 'a>(buf: &'b mut Vec<T>) -> &'b mut [T] {
        buf
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
    fn view(value: &BoxValue) -> View<'_, BoxValue, String> {
        match value {
            BoxValue::Null => View::Null,
            BoxValue::Bool(b) => View::Bool(*b),
            BoxValue::Num(n) => View::Num(*n),
            BoxValue::Str(s) => View::Str(s),
            BoxValue::Arr(items) => View::Arr(items),
            BoxValue::Obj(fields) => View::Obj(fields),
        }
    }
}

fn arena_scalar<'a>(scalar: Scalar) -> ArenaValue<'a> {
    match scalar {
        Scalar::Null => ArenaValue::Null,
        Scalar::Bool(b) => ArenaValue::Bool(b),
        Scalar::Num(n) => ArenaValue::Num(n),
    }
}

fn arena_view<'v, 'a>(value: &'v ArenaValue<'a>) -> View<'v, ArenaValue<'a>, &'a str> {
    match value {
        ArenaValue::Null => View::Null,
        ArenaValue::Bool(b) => View::Bool(*b),
        ArenaValue::Num(n) => View::Num(*n),
        ArenaValue::Str(s) => View::Str(s),
        ArenaValue::Arr(items) => View::Arr(items),
        ArenaValue::Obj(fields) => View::Obj(fields),
    }
}

/// The bumpkit builder: `ArenaVec` / `ArenaString` frozen into slices.
pub struct Bumpkit<'a>(pub &'a bumpkit::Bump);

impl<'a> Builder<'a> for Bumpkit<'a> {
    type Value = ArenaValue<'a>;
    type Key = &'a str;
    type StrBuf = bumpkit::ArenaString<'a>;
    type ListBuf<T: 'a> = bumpkit::ArenaVec<'a, T>;

    fn str_buf(&self) -> Self::StrBuf {
        bumpkit::ArenaString::new_in(self.0)
    }
    fn list_buf<T: 'a>(&self) -> Self::ListBuf<T> {
        bumpkit::ArenaVec::new_in(self.0)
    }
    fn push<T: 'a>(&self, buf: &mut Self::ListBuf<T>, item: T) {
        buf.push(item);
    }
    fn items<'b, T: 'a>(buf: &'b mut Self::ListBuf<T>) -> &'b mut [T] {
        buf
    }
    fn key(&self, buf: Self::StrBuf) -> &'a str {
        buf.into_arena_str()
    }
    fn scalar(&self, scalar: Scalar) -> ArenaValue<'a> {
        arena_scalar(scalar)
    }
    fn string(&self, buf: Self::StrBuf) -> ArenaValue<'a> {
        ArenaValue::Str(buf.into_arena_str())
    }
    fn array(&self, buf: Self::ListBuf<ArenaValue<'a>>) -> ArenaValue<'a> {
        ArenaValue::Arr(buf.into_arena_slice())
    }
    fn object(&self, buf: Self::ListBuf<(&'a str, ArenaValue<'a>)>) -> ArenaValue<'a> {
        ArenaValue::Obj(buf.into_arena_slice())
    }
    fn view<'v>(value: &'v ArenaValue<'a>) -> View<'v, ArenaValue<'a>, &'a str> {
        arena_view(value)
    }
}

/// The bumpalo builder (for bumpalo-herd's members).
pub struct Bumpalo<'a>(pub &'a bumpalo::Bump);

impl<'a> Builder<'a> for Bumpalo<'a> {
    type Value = ArenaValue<'a>;
    type Key = &'a str;
    type StrBuf = bumpalo::collections::String<'a>;
    type ListBuf<T: 'a> = bumpalo::collections::Vec<'a, T>;

    fn str_buf(&self) -> Self::StrBuf {
        bumpalo::collections::String::new_in(self.0)
    }
    fn list_buf<T: 'a>(&self) -> Self::ListBuf<T> {
        bumpalo::collections::Vec::new_in(self.0)
    }
    fn push<T: 'a>(&self, buf: &mut Self::ListBuf<T>, item: T) {
        buf.push(item);
    }
    fn items<'b, T: 'a>(buf: &'b mut Self::ListBuf<T>) -> &'b mut [T] {
        buf
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
    fn array(&self, buf: Self::ListBuf<ArenaValue<'a>>) -> ArenaValue<'a> {
        ArenaValue::Arr(buf.into_bump_slice())
    }
    fn object(&self, buf: Self::ListBuf<(&'a str, ArenaValue<'a>)>) -> ArenaValue<'a> {
        ArenaValue::Obj(buf.into_bump_slice())
    }
    fn view<'v>(value: &'v ArenaValue<'a>) -> View<'v, ArenaValue<'a>, &'a str> {
        arena_view(value)
    }
}

/// The bump-scope builder (for `BumpPool`'s scopes).
pub struct BumpScope<'a>(pub &'a bump_scope::BumpScope<'a>);

impl<'a> Builder<'a> for BumpScope<'a> {
    type Value = ArenaValue<'a>;
    type Key = &'a str;
    type StrBuf = bump_scope::BumpString<&'a bump_scope::BumpScope<'a>>;
    type ListBuf<T: 'a> = bump_scope::BumpVec<T, &'a bump_scope::BumpScope<'a>>;

    fn str_buf(&self) -> Self::StrBuf {
        bump_scope::BumpString::new_in(self.0)
    }
    fn list_buf<T: 'a>(&self) -> Self::ListBuf<T> {
        bump_scope::BumpVec::new_in(self.0)
    }
    fn push<T: 'a>(&self, buf: &mut Self::ListBuf<T>, item: T) {
        buf.push(item);
    }
    fn items<'b, T: 'a>(buf: &'b mut Self::ListBuf<T>) -> &'b mut [T] {
        buf
    }
    fn key(&self, buf: Self::StrBuf) -> &'a str {
        buf.into_str()
    }
    fn scalar(&self, scalar: Scalar) -> ArenaValue<'a> {
        arena_scalar(scalar)
    }
    fn string(&self, buf: Self::StrBuf) -> ArenaValue<'a> {
        ArenaValue::Str(buf.into_str())
    }
    fn array(&self, buf: Self::ListBuf<ArenaValue<'a>>) -> ArenaValue<'a> {
        ArenaValue::Arr(buf.into_slice())
    }
    fn object(&self, buf: Self::ListBuf<(&'a str, ArenaValue<'a>)>) -> ArenaValue<'a> {
        ArenaValue::Obj(buf.into_slice())
    }
    fn view<'v>(value: &'v ArenaValue<'a>) -> View<'v, ArenaValue<'a>, &'a str> {
        arena_view(value)
    }
}

/// A recursive-descent JSON parser over bytes that refuses what is not JSON.
struct Parser<'s, B> {
    text: &'s str,
    input: &'s [u8],
    pos: usize,
    depth: usize,
    builder: &'s B,
}

type Parsed<T> = Result<T, ParseError>;

impl<'a, B: Builder<'a>> Parser<'_, B> {
    fn fail<T>(&self) -> Parsed<T> {
        Err(ParseError::Syntax(self.pos))
    }

    fn peek(&self) -> Parsed<u8> {
        match self.input.get(self.pos) {
            Some(&byte) => Ok(byte),
            None => self.fail(),
        }
    }

    fn skip_space(&mut self) {
        while self.pos < self.input.len() && self.input[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Parsed<()> {
        if self.peek()? != byte {
            return self.fail();
        }
        self.pos += 1;
        Ok(())
    }

    fn value(&mut self) -> Parsed<B::Value> {
        self.skip_space();
        match self.peek()? {
            b'{' | b'[' => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(ParseError::TooDeep);
                }
                let value = if self.peek()? == b'{' {
                    self.object()
                } else {
                    self.array()
                };
                self.depth -= 1;
                value
            }
            b'"' => {
                let text = self.string()?;
                Ok(self.builder.string(text))
            }
            b't' => self.literal("true", Scalar::Bool(true)),
            b'f' => self.literal("false", Scalar::Bool(false)),
            b'n' => self.literal("null", Scalar::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => self.fail(),
        }
    }

    fn literal(&mut self, word: &str, scalar: Scalar) -> Parsed<B::Value> {
        if !self.input[self.pos..].starts_with(word.as_bytes()) {
            return self.fail();
        }
        self.pos += word.len();
        Ok(self.builder.scalar(scalar))
    }

    /// Reads a number: sign, integer part, optional fraction and exponent.
    fn number(&mut self) -> Parsed<B::Value> {
        let start = self.pos;
        self.pos += usize::from(self.input[self.pos] == b'-');
        let digits = |p: &mut Self| {
            let from = p.pos;
            while p.input.get(p.pos).is_some_and(u8::is_ascii_digit) {
                p.pos += 1;
            }
            p.pos > from
        };
        if !digits(self) {
            return self.fail();
        }
        if self.input.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            if !digits(self) {
                return self.fail();
            }
        }
        if matches!(self.input.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.input.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return self.fail();
            }
        }
        match self.text[start..self.pos].parse::<f64>() {
            Ok(n) => Ok(self.builder.scalar(Scalar::Num(n))),
            Err(_) => self.fail(),
        }
    }

    /// Reads a string literal, copying unescaped runs whole.
    fn string(&mut self) -> Parsed<B::StrBuf> {
        self.expect(b'"')?;
        let mut buf = self.builder.str_buf();
        loop {
            let start = self.pos;
            while self
                .input
                .get(self.pos)
                .is_some_and(|b| !matches!(b, b'"' | b'\\' | 0..=0x1f))
            {
                self.pos += 1;
            }
            // Both ends are at ASCII bytes (or the end), hence at char boundaries.
            let _ = buf.write_str(&self.text[start..self.pos]);
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Ok(buf);
                }
                b'\\' => self.pos += 1,
                _ => return self.fail(),
            }
            let escaped = match self.peek()? {
                b'n' => '\n',
                b't' => '\t',
                b'r' => '\r',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'u' => {
                    let hex = self.text.get(self.pos + 1..self.pos + 5);
                    let code = hex.and_then(|h| u32::from_str_radix(h, 16).ok());
                    // Surrogate pairs are not joined: a lone surrogate is refused.
                    match code.and_then(char::from_u32) {
                        Some(c) => {
                            self.pos += 4;
                            c
                        }
                        None => return self.fail(),
                    }
                }
                _ => return self.fail(),
            };
            self.pos += 1;
            let _ = buf.write_char(escaped);
        }
    }

    fn array(&mut self) -> Parsed<B::Value> {
        self.expect(b'[')?;
        let mut items = self.builder.list_buf();
        self.skip_space();
        if self.peek()? == b']' {
            self.pos += 1;
            return Ok(self.builder.array(items));
        }
        loop {
            let item = self.value()?;
            self.builder.push(&mut items, item);
            self.skip_space();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => break,
                _ => return self.fail(),
            }
        }
        self.pos += 1;
        Ok(self.builder.array(items))
    }

    fn object(&mut self) -> Parsed<B::Value> {
        self.expect(b'{')?;
        let mut fields = self.builder.list_buf();
        self.skip_space();
        if self.peek()? == b'}' {
            self.pos += 1;
            return Ok(self.builder.object(fields));
        }
        loop {
            self.skip_space();
            let key = self.string()?;
            let key = self.builder.key(key);
            self.skip_space();
            self.expect(b':')?;
            let value = self.value()?;
            self.builder.push(&mut fields, (key, value));
            self.skip_space();
            match self.peek()? {
                b',' => self.pos += 1,
                b'}' => break,
                _ => return self.fail(),
            }
        }
        self.pos += 1;
        Ok(self.builder.object(fields))
    }
}

/// Parses `body` with `builder`.
pub fn parse<'a, B: Builder<'a>>(body: &[u8], builder: &B) -> Parsed<B::Value> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(ParseError::Syntax(0));
    };
    let mut parser = Parser {
        text,
        input: body,
        pos: 0,
        depth: 0,
        builder,
    };
    let value = parser.value()?;
    parser.skip_space();
    if parser.pos != body.len() {
        return parser.fail();
    }
    Ok(value)
}

/// What the walk collects, in the builder's scratch.
struct Walk<'a, B: Builder<'a>> {
    nodes: u64,
    string_bytes: u64,
    number_sum: f64,
    trues: u64,
    /// How often each string value inside an array occurs (the records' tags), in the
    /// builder's list type; a tag's first occurrence is copied into a key.
    tags: B::ListBuf<(B::Key, u64)>,
}

fn walk<'a, B: Builder<'a>>(builder: &B, value: &B::Value, in_array: bool, w: &mut Walk<'a, B>) {
    w.nodes += 1;
    match B::view(value) {
        View::Null | View::Bool(false) => {}
        View::Bool(true) => w.trues += 1,
        View::Num(n) => w.number_sum += n,
        View::Str(s) => {
            w.string_bytes += s.len() as u64;
            if in_array {
                match B::items(&mut w.tags)
                    .iter_mut()
                    .find(|(tag, _)| &**tag == s)
                {
                    Some((_, n)) => *n += 1,
                    None => {
                        let mut key = builder.str_buf();
                        let _ = key.write_str(s);
                        let key = builder.key(key);
                        builder.push(&mut w.tags, (key, 1));
                    }
                }
            }
        }
        View::Arr(items) => items.iter().for_each(|v| walk(builder, v, true, w)),
        View::Obj(fields) => {
            for (key, v) in fields {
                w.string_bytes += key.len() as u64;
                walk(builder, v, false, w);
            }
        }
    }
}

/// Parses `body`, summarises the tree and renders the summary as JSON, all in `builder`'s
/// memory; returns the rendered text.
pub fn respond<'a, B: Builder<'a>>(body: &[u8], builder: &B) -> Parsed<B::StrBuf> {
    let tree = parse(body, builder)?;
    let mut w = Walk::<B> {
        nodes: 0,
        string_bytes: 0,
        number_sum: 0.0,
        trues: 0,
        tags: builder.list_buf(),
    };
    walk(builder, &tree, false, &mut w);
    let tags = B::items(&mut w.tags);
    tags.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let mut out = builder.str_buf();
    let _ = write!(
        out,
        r#"{{"nodes":{},"string_bytes":{},"number_sum":{:.3},"trues":{},"top_tags":["#,
        w.nodes, w.string_bytes, w.number_sum, w.trues
    );
    for (i, (tag, n)) in tags.iter().take(5).enumerate() {
        let comma = if i > 0 { "," } else { "" };
        let _ = write!(out, r#"{comma}{{"tag":"{}","count":{n}}}"#, Escaped(tag));
    }
    let _ = out.write_str("]}");
    Ok(out)
}

/// A string written as the inside of a JSON string literal.
struct Escaped<'s>(&'s str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                c if (c as u32) < 0x20 => write!(f, "\\u{:04x}", c as u32)?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}
