//! Timing shared by the single-operation benches (`arena_api`, `make_pools`): `op` per call,
//! with the arena reset untimed every [`BATCH`] calls.

use std::time::{Duration, Instant};

use criterion::Bencher;

/// Operations timed between two (untimed) resets.
pub(crate) const BATCH: u64 = 1000;

/// Times `op` per call on `state`, calling `reset` untimed every [`BATCH`] calls.
pub(crate) fn per_op<S>(
    b: &mut Bencher<'_>,
    mut state: S,
    mut op: impl FnMut(&S),
    mut reset: impl FnMut(&mut S),
) {
    b.iter_custom(|iters| {
        let mut total = Duration::ZERO;
        let mut done = 0;
        while done < iters {
            let n = (iters - done).min(BATCH);
            let start = Instant::now();
            for _ in 0..n {
                op(&state);
            }
            total += start.elapsed();
            reset(&mut state);
            done += n;
        }
        total
    });
}
