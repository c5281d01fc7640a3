//! The JSON document the `ast` and `json_value` examples parse: deterministic, a little over
//! the requested size, an array of user records with nested objects, arrays, escapes and every
//! scalar kind.

use std::fmt::Write as _;

/// A deterministic pseudo-random sequence (a 64-bit LCG), so every run parses the same text.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// Writes a JSON document of at least `min_bytes`: an array of user records with nested
/// objects, arrays, escapes and every scalar kind.
pub(crate) fn generate(min_bytes: usize) -> String {
    const WORDS: [&str; 8] = [
        "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta",
    ];
    let mut rng = Lcg(0x5eed);
    let mut out = String::from("[\n");
    let mut id = 0;
    while out.len() < min_bytes {
        if id > 0 {
            out.push_str(",\n");
        }
        let word = |rng: &mut Lcg| WORDS[rng.next(WORDS.len() as u64) as usize];
        let _ = write!(
            out,
            r#"{{"id": {id}, "name": "{} {}", "email": "user{id}@example.com", "active": {}, "score": {}.{:02}, "note": {},"#,
            word(&mut rng),
            word(&mut rng),
            rng.next(2) == 0,
            rng.next(1000),
            rng.next(100),
            if rng.next(4) == 0 {
                "null"
            } else {
                r#""line one\nline \"two\" \u00e9t\u00e9""#
            },
        );
        out.push_str(r#" "tags": ["#);
        for t in 0..rng.next(6) {
            let _ = write!(
                out,
                r#"{}"{}""#,
                if t > 0 { ", " } else { "" },
                word(&mut rng)
            );
        }
        let _ = write!(
            out,
            r#"], "address": {{"street": "{} street {}", "zip": "{:05}", "geo": [{}.5, -{}.25]}}, "history": ["#,
            word(&mut rng),
            rng.next(200),
            rng.next(100_000),
            rng.next(90),
            rng.next(180),
        );
        for h in 0..rng.next(4) {
            let _ = write!(
                out,
                r#"{}{{"day": {}, "event": "{}", "ok": {}}}"#,
                if h > 0 { ", " } else { "" },
                rng.next(365),
                word(&mut rng),
                rng.next(3) != 0
            );
        }
        out.push_str("]}");
        id += 1;
    }
    out.push_str("\n]\n");
    out
}
