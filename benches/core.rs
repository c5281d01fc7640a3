//! Core allocation benchmarks (filled in by the core issue).

fn main() {}
