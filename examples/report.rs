//! The benchmark report: the Go original's benchmarks on bumpkit, bumpalo, bump-scope, the
//! system heap and mimalloc, with the Go figures beside them and bumpkit's speedups.
//!
//! ```sh
//! cargo run --release --example report              # table on stdout, progress on stderr
//! cargo run --release --example report -- --markdown
//! cargo run --release --example report -- --json
//! cargo run --release --example report -- --svg chart.svg --rounds 31
//! ```
//!
//! Every figure is the median over rounds in which each peer runs one ~1 ms batch in turn
//! (after a warm-up), so a busy moment of a shared machine hits all peers alike. Heap
//! bytes and allocations per op come from a separate counted run through the counting
//! global allocator (and a counting wrapper around mimalloc), as Go's `-benchmem` reports.
//!
//! Two sections follow the table (not with `--json`): per-request scratch
//! (`common/real_workloads.rs`), and memory (`common/memory.rs`): the `ast`, `scratch` and
//! `graph` examples' workloads with time, peak heap, the arena's `stats()` (reserved,
//! allocated, wasted) and heap allocations per round once warm.

#[path = "common/ast_work.rs"]
#[allow(dead_code, reason = "the report runs some of the example's versions")]
mod ast_work;
mod common;
#[path = "common/graph_work.rs"]
#[allow(dead_code, reason = "the report runs some of the example's versions")]
mod graph_work;
#[path = "common/json_doc.rs"]
mod json_doc;
#[path = "common/json_tree.rs"]
#[allow(dead_code, reason = "the report runs some of the example's versions")]
mod json_tree;
#[path = "common/memory.rs"]
mod memory;
#[cfg(feature = "std")]
#[path = "common/real_workloads.rs"]
mod real_workloads;
#[path = "common/scratch_work.rs"]
#[allow(dead_code, reason = "the report runs some of the example's versions")]
mod scratch_work;
#[path = "common/seed.rs"]
mod seed;

use std::fmt::Write as _;
use std::ptr::NonNull;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use allocator_api2::alloc::{AllocError, Allocator, Global, Layout};

use common::{Contender, CountingAlloc, count_heap, record_alloc, record_dealloc};
use seed::{Heap, Mimalloc, PeerKind, Workload};

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Interleaved rounds of the memory section (its rounds take milliseconds, not a batch of
/// nanosecond calls, so few rounds are enough and keep the report quick).
const MEMORY_ROUNDS: usize = 11;

/// The Go original's published figures: ns/op, B/op, allocs/op.
fn go_figures(workload: Workload) -> (f64, u64, u64) {
    match workload {
        Workload::Alloc => (50.53, 0, 0),
        Workload::MakeSlice => (98.39, 0, 0),
        Workload::MakeObject => (50.65, 0, 0),
        Workload::MakeString => (73.32, 0, 0),
        Workload::BumpStress => (367.0, 0, 0),
        Workload::HeapStress => (297_679.0, 1, 0),
    }
}

/// An allocator that reports to the counting hooks, so mimalloc's allocations are counted
/// like the global allocator's.
#[derive(Clone, Copy, Debug)]
struct Counted<A>(A);

// SAFETY: every call is forwarded unchanged to `A`; the counters do not touch the memory.
unsafe impl<A: Allocator> Allocator for Counted<A> {
    #[inline]
    fn allocate(&self, layout: Layout) -> Result<NonNull<[u8]>, AllocError> {
        record_alloc(layout.size(), 0);
        self.0.allocate(layout)
    }

    #[inline]
    unsafe fn deallocate(&self, ptr: NonNull<u8>, layout: Layout) {
        record_dealloc(layout.size());
        // SAFETY: the caller's contract for `deallocate`, passed on.
        unsafe { self.0.deallocate(ptr, layout) }
    }
}

/// One measured cell of the table.
struct Row {
    workload: Workload,
    peer: PeerKind,
    ns_per_op: f64,
    bytes_per_op: f64,
    allocs_per_op: f64,
}

/// A bumpkit speedup: how many times longer the other side takes per op.
struct Speedup {
    workload: Workload,
    against: String,
    ratio: f64,
}

/// A goal from the report issue and whether this run met it.
struct Goal {
    text: String,
    ratio: f64,
    target: f64,
}

impl Goal {
    /// `met`, `tie` (within 3%, which this machine's noise cannot separate) or `MISS`.
    fn verdict(&self) -> &'static str {
        if self.ratio >= self.target {
            "met "
        } else if self.ratio >= self.target * 0.97 {
            "tie "
        } else {
            "MISS"
        }
    }
}

struct Options {
    markdown: bool,
    json: bool,
    svg: String,
    rounds: usize,
}

fn parse_options() -> Options {
    let mut options = Options {
        markdown: false,
        json: false,
        svg: concat!(env!("CARGO_MANIFEST_DIR"), "/target/bumpkit-report.svg").to_owned(),
        rounds: 101,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--markdown" => options.markdown = true,
            "--json" => options.json = true,
            "--svg" => options.svg = args.next().expect("--svg takes a path"),
            "--rounds" => {
                options.rounds = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .expect("--rounds takes a positive number");
            }
            other => {
                eprintln!("usage: report [--markdown | --json] [--svg PATH] [--rounds N]");
                panic!("unknown argument {other:?}");
            }
        }
    }
    options
}

/// Builds the timed closure of `peer` running `workload`.
fn contender(workload: Workload, peer: PeerKind) -> Contender<'static> {
    fn boxed<P: seed::SeedPeer + 'static>(workload: Workload, mut peer: P) -> Contender<'static> {
        Contender::new(move |calls| workload.run(&mut peer, calls))
    }
    match peer {
        PeerKind::Bumpkit => boxed(workload, bumpkit::Bump::new()),
        PeerKind::Bumpalo => boxed(workload, bumpalo::Bump::new()),
        PeerKind::BumpScope => boxed(workload, bump_scope::Bump::new()),
        PeerKind::System => boxed(workload, Heap::new(Global)),
        PeerKind::Mimalloc => boxed(workload, Heap::new(Counted(Mimalloc))),
    }
}

/// Measures every peer of `workload`.
fn measure(workload: Workload, rounds: usize) -> Vec<Row> {
    let peers = workload.peers();
    let mut contenders: Vec<_> = peers.iter().map(|&p| contender(workload, p)).collect();
    let ns_per_call = common::time_interleaved(&mut contenders, rounds);
    // Enough calls for 10,000 ops, after the timing runs warmed every peer up.
    let calls = 10_000 / workload.ops_per_call();
    let ops = (calls * workload.ops_per_call()) as f64;
    peers
        .iter()
        .zip(&mut contenders)
        .zip(ns_per_call)
        .map(|((&peer, contender), ns)| {
            let ((), heap) = count_heap(|| (contender.run)(calls));
            Row {
                workload,
                peer,
                ns_per_op: ns / workload.ops_per_call() as f64,
                bytes_per_op: heap.bytes as f64 / ops,
                allocs_per_op: heap.allocs as f64 / ops,
            }
        })
        .collect()
}

fn ns_of(rows: &[Row], workload: Workload, peer: PeerKind) -> f64 {
    rows.iter()
        .find(|r| r.workload == workload && r.peer == peer)
        .map_or(f64::NAN, |r| r.ns_per_op)
}

/// bumpkit's speedup over every other peer (and the Go figure) per workload; the heap
/// stress rows are compared with bumpkit's `bump_allocator_stress`.
fn speedups(rows: &[Row]) -> Vec<Speedup> {
    let mut out = Vec::new();
    for workload in Workload::ALL {
        let mine = match workload {
            Workload::HeapStress => ns_of(rows, Workload::BumpStress, PeerKind::Bumpkit),
            _ => ns_of(rows, workload, PeerKind::Bumpkit),
        };
        for row in rows.iter().filter(|r| r.workload == workload) {
            if row.peer != PeerKind::Bumpkit {
                out.push(Speedup {
                    workload,
                    against: row.peer.name().to_owned(),
                    ratio: row.ns_per_op / mine,
                });
            }
        }
        out.push(Speedup {
            workload,
            against: "Go (its own machine)".to_owned(),
            ratio: go_figures(workload).0 / mine,
        });
    }
    out
}

fn goals(rows: &[Row]) -> Vec<Goal> {
    let stress = ns_of(rows, Workload::BumpStress, PeerKind::Bumpkit);
    let mut goals = vec![
        Goal {
            text: "bump_allocator_stress vs heap_allocator_stress on the system allocator"
                .to_owned(),
            ratio: ns_of(rows, Workload::HeapStress, PeerKind::System) / stress,
            target: 10.0,
        },
        Goal {
            text: "bump_allocator_stress vs heap_allocator_stress on mimalloc".to_owned(),
            ratio: ns_of(rows, Workload::HeapStress, PeerKind::Mimalloc) / stress,
            target: 3.0,
        },
    ];
    for workload in Workload::ALL {
        if workload == Workload::HeapStress {
            continue;
        }
        let fastest = rows
            .iter()
            .filter(|r| r.workload == workload && r.peer != PeerKind::Bumpkit)
            .min_by(|a, b| a.ns_per_op.total_cmp(&b.ns_per_op))
            .expect("every workload has peers");
        goals.push(Goal {
            text: format!(
                "{}: bumpkit vs the fastest peer ({})",
                workload.name(),
                fastest.peer.name()
            ),
            ratio: fastest.ns_per_op / ns_of(rows, workload, PeerKind::Bumpkit),
            target: 1.0,
        });
    }
    goals
}

/// The CPU model and core count, from /proc/cpuinfo where there is one.
fn machine() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_owned());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{model}, {cores} cores, {}", std::env::consts::OS)
}

/// Today's UTC date and time as `YYYY-MM-DD HH:MM UTC` (civil-from-days, no dependency).
fn now_utc() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (days, rest) = ((secs / 86_400) as i64, secs % 86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

fn fmt_ns(ns: f64) -> String {
    match ns {
        n if n >= 1000.0 => format!("{n:.0}"),
        n if n >= 10.0 => format!("{n:.1}"),
        n => format!("{n:.2}"),
    }
}

fn speedup_of(rows: &[Row], row: &Row) -> f64 {
    let base = match row.workload {
        Workload::HeapStress => ns_of(rows, Workload::BumpStress, PeerKind::Bumpkit),
        w => ns_of(rows, w, PeerKind::Bumpkit),
    };
    row.ns_per_op / base
}

fn text_report(rows: &[Row], speedups: &[Speedup], goals: &[Goal], header: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{header}\n");
    let _ = writeln!(
        out,
        "{:<22} {:<11} {:>9} {:>8} {:>9} {:>11}   {:>9} {:>5} {:>9}",
        "benchmark",
        "peer",
        "ns/op",
        "B/op",
        "allocs/op",
        "÷ bumpkit",
        "Go ns/op",
        "B/op",
        "allocs/op"
    );
    let mut last = None;
    for row in rows {
        let first = last != Some(row.workload);
        last = Some(row.workload);
        let (go_ns, go_b, go_allocs) = go_figures(row.workload);
        let go = if first {
            format!("{:>9} {go_b:>5} {go_allocs:>9}", fmt_ns(go_ns))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "{:<22} {:<11} {:>9} {:>8.1} {:>9.3} {:>10.2}x   {go}",
            if first { row.workload.name() } else { "" },
            row.peer.name(),
            fmt_ns(row.ns_per_op),
            row.bytes_per_op,
            row.allocs_per_op,
            speedup_of(rows, row),
        );
    }
    let _ = writeln!(
        out,
        "\nbumpkit speedups (other ns/op ÷ bumpkit ns/op; above 1 = bumpkit faster):"
    );
    for workload in Workload::ALL {
        let list: Vec<String> = speedups
            .iter()
            .filter(|s| s.workload == workload)
            .map(|s| format!("{} {:.2}x", s.against, s.ratio))
            .collect();
        let _ = writeln!(out, "  {:<22} {}", workload.name(), list.join(", "));
    }
    let _ = writeln!(out, "\ngoals:");
    for goal in goals {
        let verdict = goal.verdict();
        let _ = writeln!(
            out,
            "  [{verdict}] {}: {:.2}x (goal >= {}x)",
            goal.text, goal.ratio, goal.target
        );
    }
    out
}

fn markdown_report(rows: &[Row], goals: &[Goal], header: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{header}\n");
    let _ = writeln!(
        out,
        "| benchmark | peer | ns/op | B/op | allocs/op | ÷ bumpkit | Go ns/op | Go B/op | Go allocs/op |\n|---|---|---:|---:|---:|---:|---:|---:|---:|"
    );
    let mut last = None;
    for row in rows {
        let first = last != Some(row.workload);
        last = Some(row.workload);
        let (go_ns, go_b, go_allocs) = go_figures(row.workload);
        let go = if first {
            format!("{} | {go_b} | {go_allocs}", fmt_ns(go_ns))
        } else {
            " | | ".to_owned()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {:.1} | {:.3} | {:.2}x | {go} |",
            if first { row.workload.name() } else { "" },
            row.peer.name(),
            fmt_ns(row.ns_per_op),
            row.bytes_per_op,
            row.allocs_per_op,
            speedup_of(rows, row),
        );
    }
    let _ = writeln!(out, "\n| goal | this run | target |\n|---|---:|---:|");
    for goal in goals {
        let verdict = match goal.verdict() {
            "MISS" => "**missed**",
            other => other.trim(),
        };
        let _ = writeln!(
            out,
            "| {} | {:.2}x ({verdict}) | >= {}x |",
            goal.text, goal.ratio, goal.target
        );
    }
    out
}

fn json_string(text: &str) -> String {
    let mut out = String::from('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c < ' ' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_report(
    rows: &[Row],
    speedups: &[Speedup],
    goals: &[Goal],
    machine: &str,
    date: &str,
) -> String {
    let rows: Vec<String> = rows
        .iter()
        .map(|r| {
            let (go_ns, go_b, go_allocs) = go_figures(r.workload);
            format!(
                "    {{\"benchmark\": {}, \"peer\": {}, \"ns_per_op\": {:.4}, \"bytes_per_op\": {:.3}, \"allocs_per_op\": {:.4}, \"go_ns_per_op\": {go_ns}, \"go_bytes_per_op\": {go_b}, \"go_allocs_per_op\": {go_allocs}}}",
                json_string(r.workload.name()),
                json_string(r.peer.name()),
                r.ns_per_op,
                r.bytes_per_op,
                r.allocs_per_op,
            )
        })
        .collect();
    let speedups: Vec<String> = speedups
        .iter()
        .map(|s| {
            format!(
                "    {{\"benchmark\": {}, \"against\": {}, \"ratio\": {:.4}}}",
                json_string(s.workload.name()),
                json_string(&s.against),
                s.ratio
            )
        })
        .collect();
    let goals: Vec<String> = goals
        .iter()
        .map(|g| {
            format!(
                "    {{\"goal\": {}, \"ratio\": {:.4}, \"target\": {}, \"verdict\": {}}}",
                json_string(&g.text),
                g.ratio,
                g.target,
                json_string(g.verdict().trim())
            )
        })
        .collect();
    format!(
        "{{\n  \"machine\": {},\n  \"date\": {},\n  \"results\": [\n{}\n  ],\n  \"speedups\": [\n{}\n  ],\n  \"goals\": [\n{}\n  ]\n}}\n",
        json_string(machine),
        json_string(date),
        rows.join(",\n"),
        speedups.join(",\n"),
        goals.join(",\n")
    )
}

/// A horizontal bar chart of the speedups on a log scale, written by hand.
fn svg_chart(speedups: &[Speedup], title: &str) -> String {
    const LABEL: f64 = 330.0;
    const WIDTH: f64 = 900.0;
    const ROW: f64 = 20.0;
    const TOP: f64 = 50.0;
    let max = speedups.iter().map(|s| s.ratio).fold(2.0f64, f64::max);
    let min = speedups.iter().map(|s| s.ratio).fold(0.5f64, f64::min);
    let (lo, hi) = (min.log10().floor(), max.log10().ceil());
    let plot = WIDTH - LABEL - 20.0;
    let x = |ratio: f64| LABEL + (ratio.log10() - lo) / (hi - lo) * plot;
    let height = TOP + ROW * speedups.len() as f64 + 40.0;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">"
    );
    let _ = writeln!(svg, "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
    let _ = writeln!(
        svg,
        "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{}</text>",
        xml_escape(title)
    );
    let _ = writeln!(
        svg,
        "<text x=\"10\" y=\"38\" fill=\"#555\">bumpkit speedup (other ns/op ÷ bumpkit ns/op, log scale; right of 1x = bumpkit faster)</text>"
    );
    let bottom = TOP + ROW * speedups.len() as f64;
    for decade in lo as i32..=hi as i32 {
        let ratio = 10f64.powi(decade);
        let gx = x(ratio);
        let _ = writeln!(
            svg,
            "<line x1=\"{gx:.1}\" y1=\"{TOP}\" x2=\"{gx:.1}\" y2=\"{bottom}\" stroke=\"{}\"/>",
            if decade == 0 { "#000" } else { "#ddd" }
        );
        let _ = writeln!(
            svg,
            "<text x=\"{gx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}x</text>",
            bottom + 15.0,
            ratio
        );
    }
    for (i, s) in speedups.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let (x0, x1) = (x(1.0).min(x(s.ratio)), x(1.0).max(x(s.ratio)));
        let color = match (s.ratio >= 1.0, s.against.starts_with("Go")) {
            (_, true) => "#9c9",
            (true, false) => "#4a7",
            (false, false) => "#d55",
        };
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{} vs {}</text>",
            LABEL - 6.0,
            y + 14.0,
            s.workload.name(),
            xml_escape(&s.against)
        );
        let _ = writeln!(
            svg,
            "<rect x=\"{x0:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{color}\"/>",
            y + 3.0,
            (x1 - x0).max(1.0),
            ROW - 6.0
        );
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\">{:.2}x</text>",
            x1 + 4.0,
            y + 14.0,
            s.ratio
        );
    }
    svg.push_str("</svg>\n");
    svg
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn main() {
    let options = parse_options();
    let started = Instant::now();
    let mut rows = Vec::new();
    for (i, workload) in Workload::ALL.into_iter().enumerate() {
        let measured = measure(workload, options.rounds);
        let summary: Vec<String> = measured
            .iter()
            .map(|r| format!("{} {} ns/op", r.peer.name(), fmt_ns(r.ns_per_op)))
            .collect();
        eprintln!(
            "[{}/{}] {:<22} {}  ({:.1} s)",
            i + 1,
            Workload::ALL.len(),
            workload.name(),
            summary.join(", "),
            started.elapsed().as_secs_f64()
        );
        rows.extend(measured);
    }
    let machine = machine();
    let date = now_utc();
    let header = format!(
        "bumpkit report: {machine}; {date}; median of {} interleaved rounds",
        options.rounds
    );
    let speedups = speedups(&rows);
    let goals = goals(&rows);
    if options.json {
        print!("{}", json_report(&rows, &speedups, &goals, &machine, &date));
    } else if options.markdown {
        print!("{}", markdown_report(&rows, &goals, &header));
    } else {
        print!("{}", text_report(&rows, &speedups, &goals, &header));
    }
    #[cfg(feature = "std")]
    if !options.json {
        print!("{}", real_workloads::section(options.rounds));
    }
    if !options.json {
        eprintln!(
            "memory: ast, scratch, graph  ({:.1} s)",
            started.elapsed().as_secs_f64()
        );
        print!("{}", memory::section(MEMORY_ROUNDS));
    }
    let svg = svg_chart(&speedups, &header);
    let path = std::path::Path::new(&options.svg);
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    match std::fs::write(path, svg) {
        Ok(()) => eprintln!("speedup chart: {}", path.display()),
        Err(err) => eprintln!("could not write the chart to {}: {err}", path.display()),
    }
    eprintln!("done in {:.1} s", started.elapsed().as_secs_f64());
}
