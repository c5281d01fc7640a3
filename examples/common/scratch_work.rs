//! The `scratch` example's workload, shared with the report: HTTP-like requests and their
//! handlers with std collections, `ArenaVec`s, a `Scratch`, and bumpalo.

use std::fmt::Write as _;

use bumpkit::{ArenaString, ArenaVec, Bump, Scratch, ScratchVec};

/// Requests per round.
pub(crate) const REQUESTS: usize = 2000;

/// Writes `count` deterministic requests.
pub(crate) fn requests(count: usize) -> Vec<String> {
    const WORDS: [&str; 10] = [
        "arena", "bump", "chunk", "reset", "scope", "slice", "string", "vector", "graph", "node",
    ];
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    (0..count)
        .map(|i| {
            let mut request = format!(
                "GET /api/v1/items/{i}?q={}%20{}&page={}&sort=name%2Casc&tag={} HTTP/1.1\r\n",
                WORDS[next(10)],
                WORDS[next(10)],
                next(50),
                WORDS[next(10)]
            );
            for h in 0..6 + next(6) {
                let _ = write!(request, "X-Custom-Header-{h}: value-{}\r\n", next(1000));
            }
            request.push_str("Content-Type: text/plain\r\n\r\n");
            for w in 0..40 + next(40) {
                request.push_str(if w > 0 { " " } else { "" });
                request.push_str(WORDS[next(10)]);
            }
            request
        })
        .collect()
}

/// Splits a request into its target's query, its header lines and its body.
pub(crate) fn split(request: &str) -> (&str, impl Iterator<Item = (&str, &str)>, &str) {
    let (head, body) = request.split_once("\r\n\r\n").expect("a blank line");
    let mut lines = head.split("\r\n");
    let request_line = lines.next().expect("a request line");
    let target = request_line.split(' ').nth(1).expect("a target");
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let headers = lines.map(|line| line.split_once(": ").expect("a header"));
    (query, headers, body)
}

/// Decodes `%XX` escapes of `text` into `push`.
pub(crate) fn percent_decode(text: &str, mut push: impl FnMut(char)) {
    let mut bytes = text.bytes();
    while let Some(byte) = bytes.next() {
        if byte == b'%' {
            let hex = [bytes.next().unwrap_or(b'0'), bytes.next().unwrap_or(b'0')];
            let hex = std::str::from_utf8(&hex).unwrap_or("00");
            push(char::from(u8::from_str_radix(hex, 16).unwrap_or(b'?')));
        } else {
            push(char::from(byte));
        }
    }
}

/// A checksum of a response, so that the versions can be compared and nothing is optimised
/// away.
pub(crate) fn checksum(response: &str) -> u64 {
    response.bytes().fold(response.len() as u64, |h, b| {
        h.rotate_left(5) ^ u64::from(b)
    })
}

pub(crate) fn handle_std(request: &str) -> u64 {
    let (query, header_lines, body) = split(request);
    let headers: Vec<(String, &str)> = header_lines
        .map(|(name, value)| (name.to_ascii_lowercase(), value))
        .collect();
    let params: Vec<(String, String)> = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(key, value)| {
            let mut decoded = String::new();
            percent_decode(value, |c| decoded.push(c));
            (key.to_owned(), decoded)
        })
        .collect();
    let tokens: Vec<String> = body.split(' ').map(str::to_ascii_uppercase).collect();
    let mut response = String::new();
    for (name, value) in &headers {
        let _ = write!(response, "{name}={value};");
    }
    for (key, value) in &params {
        let _ = write!(response, "{key}:{value};");
    }
    response.push_str(&tokens.join(","));
    checksum(&response)
}

pub(crate) fn handle_bumpkit(request: &str, bump: &Bump) -> u64 {
    let (query, header_lines, body) = split(request);
    let mut headers = ArenaVec::new_in(bump);
    for (name, value) in header_lines {
        let mut name = ArenaString::from_str_in(name, bump);
        name.as_mut_str().make_ascii_lowercase();
        headers.push((name, value));
    }
    let mut params = ArenaVec::new_in(bump);
    for (key, value) in query.split('&').filter_map(|pair| pair.split_once('=')) {
        let mut decoded = ArenaString::new_in(bump);
        percent_decode(value, |c| decoded.push(c));
        params.push((ArenaString::from_str_in(key, bump), decoded));
    }
    let mut tokens = ArenaVec::new_in(bump);
    for word in body.split(' ') {
        let mut token = ArenaString::from_str_in(word, bump);
        token.as_mut_str().make_ascii_uppercase();
        tokens.push(token);
    }
    let mut response = ArenaString::new_in(bump);
    for (name, value) in headers.iter() {
        let _ = write!(response, "{name}={value};");
    }
    for (key, value) in params.iter() {
        let _ = write!(response, "{key}:{value};");
    }
    for (i, token) in tokens.iter().enumerate() {
        response.push_str(if i > 0 { "," } else { "" });
        response.push_str(token);
    }
    checksum(&response)
}

/// As [`handle_bumpkit`], the arena way: each string is frozen into a `&str` once it is
/// complete (16 bytes in a list instead of an `ArenaString`'s 32), and the lists are built in
/// `scratch`. They are only read, so they are never frozen into the arena; each gives its
/// scratch back when dropped.
pub(crate) fn handle_scratch(request: &str, bump: &Bump, scratch: &Scratch) -> u64 {
    let (query, header_lines, body) = split(request);
    let mut headers = ScratchVec::new_in(scratch);
    for (name, value) in header_lines {
        let mut name = ArenaString::from_str_in(name, bump);
        name.as_mut_str().make_ascii_lowercase();
        headers.push((name.into_arena_str(), value));
    }
    let mut params = ScratchVec::new_in(scratch);
    for (key, value) in query.split('&').filter_map(|pair| pair.split_once('=')) {
        let mut decoded = ArenaString::new_in(bump);
        percent_decode(value, |c| decoded.push(c));
        let decoded = decoded.into_arena_str();
        params.push((
            ArenaString::from_str_in(key, bump).into_arena_str(),
            decoded,
        ));
    }
    let mut tokens = ScratchVec::new_in(scratch);
    for word in body.split(' ') {
        let mut token = ArenaString::from_str_in(word, bump);
        token.as_mut_str().make_ascii_uppercase();
        tokens.push(token.into_arena_str());
    }
    let mut response = ArenaString::new_in(bump);
    for (name, value) in headers.iter() {
        let _ = write!(response, "{name}={value};");
    }
    for (key, value) in params.iter() {
        let _ = write!(response, "{key}:{value};");
    }
    for (i, token) in tokens.iter().enumerate() {
        response.push_str(if i > 0 { "," } else { "" });
        response.push_str(token);
    }
    checksum(&response)
}

pub(crate) fn handle_bumpalo(request: &str, bump: &bumpalo::Bump) -> u64 {
    use bumpalo::collections::{String, Vec};
    let (query, header_lines, body) = split(request);
    let mut headers = Vec::new_in(bump);
    for (name, value) in header_lines {
        let mut name = String::from_str_in(name, bump);
        name.as_mut_str().make_ascii_lowercase();
        headers.push((name, value));
    }
    let mut params = Vec::new_in(bump);
    for (key, value) in query.split('&').filter_map(|pair| pair.split_once('=')) {
        let mut decoded = String::new_in(bump);
        percent_decode(value, |c| decoded.push(c));
        params.push((String::from_str_in(key, bump), decoded));
    }
    let mut tokens = Vec::new_in(bump);
    for word in body.split(' ') {
        let mut token = String::from_str_in(word, bump);
        token.as_mut_str().make_ascii_uppercase();
        tokens.push(token);
    }
    let mut response = String::new_in(bump);
    for (name, value) in headers.iter() {
        let _ = write!(response, "{name}={value};");
    }
    for (key, value) in params.iter() {
        let _ = write!(response, "{key}:{value};");
    }
    for (i, token) in tokens.iter().enumerate() {
        response.push_str(if i > 0 { "," } else { "" });
        response.push_str(token);
    }
    checksum(&response)
}

pub(crate) fn std_round(requests: &[String]) -> u64 {
    requests
        .iter()
        .map(|r| handle_std(r))
        .fold(0, u64::wrapping_add)
}

pub(crate) fn bumpkit_round(requests: &[String], bump: &mut Bump) -> u64 {
    let mut total = 0u64;
    for request in requests {
        total = total.wrapping_add(handle_bumpkit(request, bump));
        bump.reset();
    }
    total
}

pub(crate) fn scratch_round(requests: &[String], bump: &mut Bump, scratch: &mut Scratch) -> u64 {
    let mut total = 0u64;
    for request in requests {
        total = total.wrapping_add(handle_scratch(request, bump, scratch));
        bump.reset();
        scratch.reset();
    }
    total
}

pub(crate) fn bumpalo_round(requests: &[String], bump: &mut bumpalo::Bump) -> u64 {
    let mut total = 0u64;
    for request in requests {
        total = total.wrapping_add(handle_bumpalo(request, bump));
        bump.reset();
    }
    total
}
