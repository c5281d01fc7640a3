//! A real workload: a request loop whose per-request scratch data is freed after each request.
//!
//! Each simulated request is an HTTP-like text (request line, headers, a query string, a
//! body). Handling it lower-cases the header names, percent-decodes the query parameters,
//! upper-cases the body's words into owned tokens and renders a response; all of that is
//! scratch that dies with the request. Four versions:
//!
//! - `std`: `String`s and `Vec`s from the global allocator, dropped after each request;
//! - `bumpkit`: `ArenaString`s and `ArenaVec`s in one [`Bump`], `reset` after each request;
//! - `bumpkit + Scratch`: strings in the [`Bump`], frozen into `&str` once complete, and
//!   the three lists in a [`Scratch`] (`ScratchVec`), both reset after each request. A list
//!   grows while strings are allocated between its pushes, so an `ArenaVec` is never the
//!   arena's newest block when it grows and leaves each old buffer behind until the reset
//!   (most of the first version's arena bytes); a `ScratchVec` grows in place at the top of
//!   the scratch, and its memory is reused by the next list;
//! - `bumpalo`: bumpalo's `String` and `Vec` in one `bumpalo::Bump`, `reset` likewise.
//!
//! ```sh
//! cargo run --release --example scratch
//! ```

mod common;

use std::fmt::Write as _;

use bumpkit::{ArenaString, ArenaVec, Bump, Scratch, ScratchVec};
use common::{Contender, CountingAlloc, count_heap, fmt_bytes, time_interleaved};

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Requests per round.
const REQUESTS: usize = 2000;

/// Writes `count` deterministic requests.
fn requests(count: usize) -> Vec<String> {
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
fn split(request: &str) -> (&str, impl Iterator<Item = (&str, &str)>, &str) {
    let (head, body) = request.split_once("\r\n\r\n").expect("a blank line");
    let mut lines = head.split("\r\n");
    let request_line = lines.next().expect("a request line");
    let target = request_line.split(' ').nth(1).expect("a target");
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let headers = lines.map(|line| line.split_once(": ").expect("a header"));
    (query, headers, body)
}

/// Decodes `%XX` escapes of `text` into `push`.
fn percent_decode(text: &str, mut push: impl FnMut(char)) {
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
fn checksum(response: &str) -> u64 {
    response.bytes().fold(response.len() as u64, |h, b| {
        h.rotate_left(5) ^ u64::from(b)
    })
}

fn handle_std(request: &str) -> u64 {
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

fn handle_bumpkit(request: &str, bump: &Bump) -> u64 {
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
fn handle_scratch(request: &str, bump: &Bump, scratch: &Scratch) -> u64 {
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

fn handle_bumpalo(request: &str, bump: &bumpalo::Bump) -> u64 {
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

fn std_round(requests: &[String]) -> u64 {
    requests
        .iter()
        .map(|r| handle_std(r))
        .fold(0, u64::wrapping_add)
}

fn bumpkit_round(requests: &[String], bump: &mut Bump) -> u64 {
    let mut total = 0u64;
    for request in requests {
        total = total.wrapping_add(handle_bumpkit(request, bump));
        bump.reset();
    }
    total
}

fn scratch_round(requests: &[String], bump: &mut Bump, scratch: &mut Scratch) -> u64 {
    let mut total = 0u64;
    for request in requests {
        total = total.wrapping_add(handle_scratch(request, bump, scratch));
        bump.reset();
        scratch.reset();
    }
    total
}

fn bumpalo_round(requests: &[String], bump: &mut bumpalo::Bump) -> u64 {
    let mut total = 0u64;
    for request in requests {
        total = total.wrapping_add(handle_bumpalo(request, bump));
        bump.reset();
    }
    total
}

fn main() {
    let requests = requests(REQUESTS);
    let expected = std_round(&requests);
    let (mut bump, mut bumpalo) = (Bump::new(), bumpalo::Bump::new());
    let (mut scratch_bump, mut scratch) = (Bump::new(), Scratch::new());
    assert_eq!(bumpkit_round(&requests, &mut bump), expected);
    assert_eq!(
        scratch_round(&requests, &mut scratch_bump, &mut scratch),
        expected
    );
    assert_eq!(bumpalo_round(&requests, &mut bumpalo), expected);
    let bytes: usize = requests.iter().map(String::len).sum();
    println!(
        "{REQUESTS} requests, {} of request text; scratch freed after each request",
        fmt_bytes(bytes as u64)
    );

    let (_, std_heap) = count_heap(|| std_round(&requests));
    let (_, bumpkit_heap) = count_heap(|| bumpkit_round(&requests, &mut Bump::new()));
    let (_, bumpalo_heap) = count_heap(|| bumpalo_round(&requests, &mut bumpalo::Bump::new()));
    let (_, scratch_heap) =
        count_heap(|| scratch_round(&requests, &mut Bump::new(), &mut Scratch::new()));

    let mut contenders = [
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(std_round(&requests));
            });
        }),
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(bumpkit_round(&requests, &mut bump));
            });
        }),
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(bumpalo_round(&requests, &mut bumpalo));
            });
        }),
        Contender::new(|rounds| {
            (0..rounds).for_each(|_| {
                std::hint::black_box(scratch_round(&requests, &mut scratch_bump, &mut scratch));
            });
        }),
    ];
    let times = time_interleaved(&mut contenders, 31);
    println!(
        "{:<30} {:>12} {:>8} {:>11} {:>12} {:>12}",
        "per request", "time", "vs std", "peak heap", "heap allocs", "heap bytes"
    );
    let rows = [
        ("std (String, Vec)", times[0], std_heap),
        ("bumpkit (reset per request)", times[1], bumpkit_heap),
        ("bumpalo (reset per request)", times[2], bumpalo_heap),
        ("bumpkit + Scratch (ScratchVec)", times[3], scratch_heap),
    ];
    for (name, ns, heap) in rows {
        println!(
            "{name:<30} {:>9.0} ns {:>7.2}x {:>11} {:>12} {:>12}",
            ns / REQUESTS as f64,
            times[0] / ns,
            fmt_bytes(heap.peak),
            heap.allocs,
            fmt_bytes(heap.bytes)
        );
    }
    for (name, heap) in [
        ("bumpkit", bumpkit_heap),
        ("bumpkit + Scratch", scratch_heap),
    ] {
        println!(
            "goal: {name}'s peak heap within 2x of std's: {:.2}x ({})",
            heap.peak as f64 / std_heap.peak as f64,
            if heap.peak <= 2 * std_heap.peak {
                "met"
            } else {
                "missed"
            }
        );
    }
    steady_state("bumpkit", |bump, _| bumpkit_round(&requests, bump));
    steady_state("bumpkit + Scratch", |bump, scratch| {
        scratch_round(&requests, bump, scratch)
    });
}

/// Prints what a round costs the heap once the arena (and scratch) are warm (one round run
/// and reset), and what they then hold.
fn steady_state<R>(name: &str, mut round: impl FnMut(&mut Bump, &mut Scratch) -> R) {
    const ROUNDS: u64 = 10;
    let (mut bump, mut scratch) = (Bump::new(), Scratch::new());
    round(&mut bump, &mut scratch);
    let (_, heap) = count_heap(|| {
        (0..ROUNDS).for_each(|_| {
            std::hint::black_box(round(&mut bump, &mut scratch));
        })
    });
    let stats = bump.stats();
    println!(
        "{name} after warm-up: {} heap allocs per round; the arena holds {} in {} chunk(s), \
         the scratch {}",
        heap.allocs / ROUNDS,
        fmt_bytes(stats.reserved_bytes as u64),
        stats.chunk_count,
        fmt_bytes(scratch.reserved_bytes() as u64)
    );
}
