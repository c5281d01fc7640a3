//! The Go original's benchmarks (shared/BASELINE.md), by name and workload, with bumpalo,
//! bump-scope, the system allocator and mimalloc as peers.
//!
//! The workloads live in `examples/common/seed.rs`, shared with `examples/report.rs`.
//! Single-op groups count `seed::BATCH` elements per iteration; the stress groups one body.
//!
//! ```sh
//! cargo bench --bench seed -- --warm-up-time 1 --measurement-time 3
//! ```

use criterion::{BenchmarkGroup, Criterion, Throughput, measurement::WallTime};

#[path = "../examples/common/seed.rs"]
mod seed;

use seed::{Heap, Mimalloc, PeerKind, SeedPeer, Workload};

fn bench_peer<P: SeedPeer>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    workload: Workload,
    kind: PeerKind,
    mut peer: P,
) {
    group.bench_function(kind.name(), |b| b.iter(|| workload.run(&mut peer, 1)));
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    for workload in Workload::ALL {
        let mut group = criterion.benchmark_group(workload.name());
        group.throughput(Throughput::Elements(workload.ops_per_call()));
        for &kind in workload.peers() {
            match kind {
                PeerKind::Bumpkit => bench_peer(&mut group, workload, kind, bumpkit::Bump::new()),
                PeerKind::Bumpalo => bench_peer(&mut group, workload, kind, bumpalo::Bump::new()),
                PeerKind::BumpScope => {
                    bench_peer(&mut group, workload, kind, bump_scope::Bump::new());
                }
                PeerKind::System => {
                    bench_peer(
                        &mut group,
                        workload,
                        kind,
                        Heap::new(allocator_api2::alloc::Global),
                    );
                }
                PeerKind::Mimalloc => bench_peer(&mut group, workload, kind, Heap::new(Mimalloc)),
            }
        }
        group.finish();
    }
    criterion.final_summary();
}
