//! A real HTTP workload for bumpkit's `ArenaPool`: an axum server on a multi-threaded tokio
//! runtime parses a JSON body of tens of KiB into a tree, summarises it and renders a JSON
//! response, with its scratch memory from one of five strategies; a load generator drives it
//! over 127.0.0.1 with hyper's client and prints, per strategy, requests/s, p50/p99 latency,
//! heap allocations per request inside the handler, peak RSS and the server's CPU time per
//! request.
//!
//! ```sh
//! cargo run --release --manifest-path examples/server/Cargo.toml            # the full run
//! cargo run --release --manifest-path examples/server/Cargo.toml -- --smoke # a short check
//! # the handler alone, 50 times on one thread, for counting its instructions:
//! valgrind --tool=callgrind examples/server/target/release/bumpkit-server-example handler arena_pool 50
//! ```
//!
//! The strategies ("variants"):
//!
//! - `std`: the tree is `Box`/`Vec`/`String` on the global allocator;
//! - `arena_pool`: a warm `Bump` from bumpkit's `ArenaPool` per request, reset on return;
//! - `fresh_bump`: a new `bumpkit::Bump` per request, dropped after it;
//! - `bump_scope_pool`: a `Bump` from bump-scope's `BumpPool`, used through a scope that
//!   rewinds when the request ends;
//! - `bumpalo_herd`: a member of a bumpalo-herd `Herd`. A herd cannot reset one arena, only
//!   all of them through `&mut`, so requests take a read lock on the herd and the load
//!   generator resets it (write lock) after each batch; in a server that never stops it would
//!   grow without bound.
//!
//! Each variant runs in its own server process (this binary, started with `serve VARIANT`),
//! so that its peak RSS is its own; the load generator sends batches to the variants in turn,
//! round after round, so a busy machine hits all of them alike. Allocations are counted by a
//! global allocator, only on a thread inside a handler's window (from getting the arena to
//! giving it back); the one copy of the rendered response into the body handed to hyper is
//! outside the window, as it is the same for every variant.
//!
//! Bad input: a body that is not UTF-8 JSON or nests deeper than 64 gets 400, a body over
//! 1 MiB gets 413 (axum's body limit), before any arena sees it.

mod json;
#[path = "../../common/json_doc.rs"]
mod json_doc;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::io::{BufRead, BufReader, Write as _};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use bumpkit::{ArenaPool, Bump};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// Bodies over this size get 413.
const MAX_BODY: usize = 1 << 20;

// ---------------------------------------------------------------------------------------
// Counting allocations inside the handler's window.

/// Counts the allocations of a thread whose window is open.
struct Counting;

thread_local! {
    static WINDOW: Cell<bool> = const { Cell::new(false) };
    static COUNT: Cell<u64> = const { Cell::new(0) };
}

fn note_allocation() {
    // `try_with`: the allocator also runs while thread locals are torn down.
    let _ = WINDOW.try_with(|open| {
        if open.get() {
            let _ = COUNT.try_with(|n| n.set(n.get() + 1));
        }
    });
}

// SAFETY: forwards to `System` unchanged; the counting touches only const-initialised thread
// locals, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note_allocation();
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: every block was allocated by `System`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note_allocation();
        // SAFETY: the caller's contract is passed on unchanged.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// An open counting window on this thread. The handler runs synchronously (no `.await`
/// inside it), so the window and the work stay on one thread.
struct Window;

impl Window {
    fn open() -> Self {
        COUNT.with(|n| n.set(0));
        WINDOW.with(|w| w.set(true));
        Window
    }

    /// Runs `f` with counting paused.
    fn pause<R>(&self, f: impl FnOnce() -> R) -> R {
        WINDOW.with(|w| w.set(false));
        let r = f();
        WINDOW.with(|w| w.set(true));
        r
    }

    fn close(self) -> u64 {
        WINDOW.with(|w| w.set(false));
        COUNT.with(Cell::get)
    }
}

// ---------------------------------------------------------------------------------------
// The server.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Variant {
    Std,
    ArenaPool,
    FreshBump,
    BumpScopePool,
    BumpaloHerd,
}

impl Variant {
    const ALL: [Variant; 5] = [
        Variant::Std,
        Variant::ArenaPool,
        Variant::FreshBump,
        Variant::BumpScopePool,
        Variant::BumpaloHerd,
    ];

    fn name(self) -> &'static str {
        match self {
            Variant::Std => "std",
            Variant::ArenaPool => "arena_pool",
            Variant::FreshBump => "fresh_bump",
            Variant::BumpScopePool => "bump_scope_pool",
            Variant::BumpaloHerd => "bumpalo_herd",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.name() == name)
    }
}

struct App {
    variant: Variant,
    pool: ArenaPool,
    bump_scope_pool: bump_scope::BumpPool,
    herd: RwLock<bumpalo_herd::Herd>,
    requests: AtomicU64,
    allocations: AtomicU64,
}

/// The rendered response, or why the body was refused.
type Outcome = Result<Bytes, json::ParseError>;

/// The handler's synchronous work: the arena, parse, summary, render, the arena back.
fn work(app: &App, body: &[u8]) -> Outcome {
    let window = Window::open();
    let copy_out = |s: &str| window.pause(|| Bytes::copy_from_slice(s.as_bytes()));
    let outcome = match app.variant {
        Variant::Std => json::respond(body, &json::Std).map(|s| copy_out(&s)),
        Variant::ArenaPool => {
            let arena = app.pool.get();
            json::respond(body, &json::Bumpkit(&arena)).map(|s| copy_out(&s))
        }
        Variant::FreshBump => {
            let arena = Bump::new();
            json::respond(body, &json::Bumpkit(&arena)).map(|s| copy_out(&s))
        }
        Variant::BumpScopePool => {
            let mut arena = app.bump_scope_pool.get();
            arena
                .scoped(|scope| json::respond(body, &json::BumpScope(&scope)).map(|s| copy_out(&s)))
        }
        Variant::BumpaloHerd => {
            let herd = app.herd.read().unwrap_or_else(|e| e.into_inner());
            let member = herd.get();
            json::respond(body, &json::Bumpalo(member.as_bump())).map(|s| copy_out(&s))
        }
    };
    let allocations = window.close();
    app.allocations.fetch_add(allocations, Ordering::Relaxed);
    app.requests.fetch_add(1, Ordering::Relaxed);
    outcome
}

async fn summary(State(app): State<Arc<App>>, body: Bytes) -> Response {
    match work(&app, &body) {
        Ok(rendered) => ([(header::CONTENT_TYPE, "application/json")], rendered).into_response(),
        Err(err) => (StatusCode::BAD_REQUEST, err.to_string()).into_response(),
    }
}

/// The process's peak resident set, in KiB (Linux; 0 elsewhere).
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// The CPU time this process has used, user and system, in microseconds (Linux; 0
/// elsewhere). `/proc` counts it in ticks of 1/100 s (Linux's fixed `USER_HZ`).
fn cpu_time_us() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name (which is in parentheses and may hold spaces):
    // utime and stime are the 12th and 13th.
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after_name
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|t| t.parse::<u64>().ok())
        .sum();
    ticks * 10_000
}

async fn stats(State(app): State<Arc<App>>) -> String {
    let pool = app.pool.stats();
    format!(
        "{} {} {} {} {} {} {}",
        app.requests.load(Ordering::Relaxed),
        app.allocations.load(Ordering::Relaxed),
        peak_rss_kib(),
        pool.created,
        pool.reuses,
        pool.peak_in_use,
        cpu_time_us(),
    )
}

async fn reset(State(app): State<Arc<App>>) -> StatusCode {
    app.herd.write().unwrap_or_else(|e| e.into_inner()).reset();
    StatusCode::NO_CONTENT
}

impl App {
    fn new(variant: Variant) -> Self {
        App {
            variant,
            pool: ArenaPool::new(),
            bump_scope_pool: bump_scope::BumpPool::new(),
            herd: RwLock::new(bumpalo_herd::Herd::new()),
            requests: AtomicU64::new(0),
            allocations: AtomicU64::new(0),
        }
    }
}

fn router(variant: Variant) -> Router {
    let app = Arc::new(App::new(variant));
    Router::new()
        .route("/summary", post(summary))
        .route("/stats", get(stats))
        .route("/reset", post(reset))
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(app)
}

/// `handler VARIANT COUNT`: runs the handler's work `COUNT` times on one thread, on a 32 KiB
/// body, with no HTTP around it; for counting its instructions deterministically with
/// `valgrind --tool=callgrind` in this very binary (the same machine code the server runs).
fn handler_only(variant: Variant, count: usize) {
    let app = App::new(variant);
    let body = json_doc::generate(32 << 10);
    for _ in 0..count {
        let rendered = work(&app, body.as_bytes()).expect("the generated body is valid JSON");
        std::hint::black_box(rendered);
    }
}

/// `serve VARIANT`: serves on a free port of 127.0.0.1 and prints `port N`.
fn serve(variant: Variant) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("an address").port();
        println!("port {port}");
        std::io::stdout().flush().expect("stdout");
        axum::serve(listener, router(variant)).await.expect("serve");
    });
}

// ---------------------------------------------------------------------------------------
// The load generator.

/// A server process of one variant; killed when dropped.
struct Server {
    variant: Variant,
    port: u16,
    child: Child,
}

impl Server {
    fn start(variant: Variant) -> Self {
        let mut child = Command::new(std::env::current_exe().expect("this binary"))
            .args(["serve", variant.name()])
            .stdout(Stdio::piped())
            .spawn()
            .expect("start a server");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the server's port");
        let port = line
            .trim()
            .strip_prefix("port ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port from the {} server: {line:?}", variant.name()));
        Server {
            variant,
            port,
            child,
        }
    }

    fn uri(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// Sends one request; returns the status and the body.
async fn send(client: &HttpClient, method: &str, uri: &str, body: Bytes) -> (StatusCode, Bytes) {
    let request = hyper::Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Full::new(body))
        .expect("a request");
    let response = client.request(request).await.expect("a response");
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes();
    (status, body)
}

/// Sends `count` requests at `concurrency` at once, cycling through `bodies`; returns each
/// request's latency and the batch's wall time.
async fn batch(
    client: &HttpClient,
    uri: &str,
    bodies: &[Bytes],
    count: usize,
    concurrency: usize,
) -> (Vec<Duration>, Duration) {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..concurrency {
        let (client, uri, bodies) = (client.clone(), uri.to_owned(), bodies.to_vec());
        let share = count / concurrency + usize::from(worker < count % concurrency);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(share);
            for i in 0..share {
                let body = bodies[(worker + i) % bodies.len()].clone();
                let sent = Instant::now();
                let (status, _) = send(&client, "POST", &uri, body).await;
                latencies.push(sent.elapsed());
                assert_eq!(status, StatusCode::OK, "{uri}");
            }
            latencies
        }));
    }
    let mut latencies = Vec::with_capacity(count);
    for task in tasks {
        latencies.extend(task.await.expect("a load task"));
    }
    (latencies, start.elapsed())
}

/// A server's counters: requests, handler allocations, peak RSS (KiB), for `ArenaPool`
/// arenas created, reuses and the most in use at once, and the process's CPU time (µs).
async fn server_stats(client: &HttpClient, server: &Server) -> [u64; 7] {
    let (_, body) = send(client, "GET", &server.uri("/stats"), Bytes::new()).await;
    let text = std::str::from_utf8(&body).expect("UTF-8 stats");
    let mut fields = text.split(' ').map(|f| f.parse().expect("a number"));
    std::array::from_fn(|_| fields.next().expect("seven numbers"))
}

/// Checks that every variant refuses bad input with a 4xx and answers good input alike.
async fn check_inputs(client: &HttpClient, servers: &[Server], good: &Bytes) {
    let deep = Bytes::from(format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)));
    let bad: [(&str, Bytes, StatusCode); 5] = [
        (
            "not JSON",
            Bytes::from_static(b"hello, world"),
            StatusCode::BAD_REQUEST,
        ),
        (
            "truncated",
            good.slice(..good.len() / 2),
            StatusCode::BAD_REQUEST,
        ),
        (
            "not UTF-8",
            Bytes::from_static(b"[\"\xff\"]"),
            StatusCode::BAD_REQUEST,
        ),
        ("nested 10,000 deep", deep, StatusCode::BAD_REQUEST),
        (
            "over 1 MiB",
            Bytes::from(vec![b' '; MAX_BODY + 1]),
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
    ];
    let mut reference = None;
    for server in servers {
        let uri = server.uri("/summary");
        for (what, body, expected) in &bad {
            let (status, _) = send(client, "POST", &uri, body.clone()).await;
            assert_eq!(status, *expected, "{}: {what}", server.variant.name());
        }
        let (status, body) = send(client, "POST", &uri, good.clone()).await;
        assert_eq!(status, StatusCode::OK);
        match &reference {
            None => reference = Some(body),
            Some(r) => assert_eq!(&body, r, "{} answers differently", server.variant.name()),
        }
    }
    println!(
        "bad input: 400 for not JSON, truncated, not UTF-8 and nested 10,000 deep; 413 over 1 MiB (all {} variants)",
        servers.len()
    );
    println!(
        "same response from every variant: {}",
        String::from_utf8_lossy(reference.as_deref().unwrap_or_default())
    );
}

struct Options {
    requests: usize,
    rounds: usize,
    concurrency: usize,
    warmup: usize,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// The median of `values` (sorted in place); `values` is not empty.
fn median(values: &mut [f64]) -> f64 {
    values.sort_unstable_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// `ArenaPool`'s requests/s over each other variant's, round by round: each round runs the
/// variants' batches back to back, so a ratio within a round is not skewed by the machine's
/// load drifting between rounds. Each peer is compared on its own (against the fastest peer
/// of each round, the noisiest of three would set the bar).
struct PairedRatios {
    /// Per variant (in [`Variant::ALL`]'s order; 1.0 for `ArenaPool` itself): the median,
    /// lowest and highest ratio over the rounds, and the rounds `ArenaPool` was ahead in.
    per_variant: Vec<(f64, f64, f64, usize)>,
}

impl PairedRatios {
    /// `round_rates[round][variant]`, variants in [`Variant::ALL`]'s order.
    fn new(round_rates: &[Vec<f64>]) -> Self {
        let variants = round_rates.first().map_or(0, Vec::len);
        let per_variant = (0..variants)
            .map(|v| {
                let mut ratios: Vec<f64> = round_rates.iter().map(|r| r[1] / r[v]).collect();
                let median = median(&mut ratios);
                let ahead = ratios.iter().filter(|&&r| r >= 1.0).count();
                (median, ratios[0], ratios[ratios.len() - 1], ahead)
            })
            .collect();
        PairedRatios { per_variant }
    }
}

fn load(options: &Options) {
    let servers: Vec<Server> = Variant::ALL.into_iter().map(Server::start).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let client: HttpClient = Client::builder(TokioExecutor::new()).build_http();
        let bodies: Vec<Bytes> = [16 << 10, 24 << 10, 32 << 10, 48 << 10]
            .into_iter()
            .map(|size| Bytes::from(json_doc::generate(size)))
            .collect();
        check_inputs(&client, &servers, &bodies[2]).await;

        let per_batch = options.requests / options.rounds;
        let mut latencies = vec![Vec::new(); servers.len()];
        let mut walls = vec![Duration::ZERO; servers.len()];
        // Each round's requests/s per variant: the rounds pair the variants in time, so a
        // ratio within a round is free of the machine's load drifting between rounds.
        let mut round_rates = Vec::with_capacity(options.rounds);
        let mut before = Vec::new();
        for server in &servers {
            batch(&client, &server.uri("/summary"), &bodies, options.warmup, options.concurrency).await;
            send(&client, "POST", &server.uri("/reset"), Bytes::new()).await;
            before.push(server_stats(&client, server).await);
        }
        for round in 0..options.rounds {
            let mut rates = vec![0.0; servers.len()];
            // Rotate the order each round so no variant always follows the same one.
            for k in 0..servers.len() {
                let i = (k + round) % servers.len();
                let server = &servers[i];
                let (lat, wall) =
                    batch(&client, &server.uri("/summary"), &bodies, per_batch, options.concurrency).await;
                latencies[i].extend(lat);
                walls[i] += wall;
                rates[i] = per_batch as f64 / wall.as_secs_f64();
                send(&client, "POST", &server.uri("/reset"), Bytes::new()).await;
            }
            round_rates.push(rates);
        }
        println!(
            "\n{} requests per variant ({} rounds of {}, after {} warm-up requests), {} at once, bodies of 16-48 KiB:",
            per_batch * options.rounds,
            options.rounds,
            per_batch,
            options.warmup,
            options.concurrency
        );
        println!(
            "{:<16} {:>10} {:>10} {:>10} {:>16} {:>14} {:>15}",
            "variant",
            "req/s",
            "p50 µs",
            "p99 µs",
            "allocs/request",
            "peak RSS MiB",
            "server CPU µs"
        );
        let mut rates = Vec::new();
        for (i, server) in servers.iter().enumerate() {
            let after = server_stats(&client, server).await;
            let lat = &mut latencies[i];
            lat.sort_unstable();
            let rate = lat.len() as f64 / walls[i].as_secs_f64();
            rates.push(rate);
            let requests = after[0] - before[i][0];
            let allocs = (after[1] - before[i][1]) as f64 / requests.max(1) as f64;
            let cpu = (after[6] - before[i][6]) as f64 / requests.max(1) as f64;
            println!(
                "{:<16} {:>10.0} {:>10} {:>10} {:>16.2} {:>14.1} {:>15.1}",
                server.variant.name(),
                rate,
                percentile(lat, 0.50).as_micros(),
                percentile(lat, 0.99).as_micros(),
                allocs,
                after[2] as f64 / 1024.0,
                cpu,
            );
            if server.variant == Variant::ArenaPool {
                println!(
                    "{:<16} (ArenaPool: {} arenas created, {} reuses, at most {} in use at once)",
                    "", after[3], after[4], after[5]
                );
            }
        }
        let best_peer = rates[2..].iter().copied().fold(0.0, f64::max);
        println!(
            "\narena_pool / std: {:.2}x requests/s; arena_pool / fastest of fresh_bump, bump_scope_pool, bumpalo_herd: {:.2}x",
            rates[1] / rates[0],
            rates[1] / best_peer
        );
        let paired = PairedRatios::new(&round_rates);
        println!(
            "arena_pool / each variant, paired by round (median of {} rounds, range, rounds ahead):",
            options.rounds
        );
        for (server, (median, low, high, ahead)) in servers.iter().zip(&paired.per_variant) {
            if server.variant != Variant::ArenaPool {
                println!(
                    "  vs {:<16} {median:.2}x ({low:.2}-{high:.2}x), ahead in {ahead} of {}",
                    server.variant.name(),
                    options.rounds
                );
            }
        }
    });
}

/// The variant named by the subcommand's first argument, or a panic with `usage` and the
/// variants' names.
fn variant_arg(args: &[String], usage: &str) -> Variant {
    args.get(1)
        .and_then(|v| Variant::from_name(v))
        .unwrap_or_else(|| {
            let names: Vec<&str> = Variant::ALL.iter().map(|v| v.name()).collect();
            panic!("usage: {usage}, VARIANT one of {}", names.join("|"))
        })
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("serve") {
        serve(variant_arg(&args, "serve VARIANT"));
        return;
    }
    if args.first().map(String::as_str) == Some("handler") {
        let variant = variant_arg(&args, "handler VARIANT COUNT");
        let count = args
            .get(2)
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("usage: handler VARIANT COUNT, COUNT a number"));
        handler_only(variant, count);
        return;
    }
    let smoke = args.iter().any(|a| a == "--smoke");
    let options = if smoke {
        Options {
            requests: 300,
            rounds: 3,
            concurrency: 8,
            warmup: 50,
        }
    } else {
        Options {
            requests: 40_000,
            rounds: 80,
            concurrency: 32,
            warmup: 1000,
        }
    };
    load(&options);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_arena_pool_guard_is_held_across_await_on_a_multi_threaded_runtime() {
        let pool = Arc::new(ArenaPool::new());
        let tasks: Vec<_> = (0..16u64)
            .map(|t| {
                let pool = Arc::clone(&pool);
                tokio::spawn(async move {
                    let arena = pool.get();
                    let before = arena.alloc_slice_fill_with(100, |i| t * 1000 + i as u64);
                    for _ in 0..10 {
                        tokio::task::yield_now().await;
                    }
                    let after = arena.alloc_slice_fill_copy(100, t);
                    before.iter().zip(after.iter()).all(|(b, a)| b / 1000 == *a)
                })
            })
            .collect();
        for task in tasks {
            assert!(task.await.unwrap());
        }
        let stats = pool.stats();
        assert_eq!((stats.gets, stats.in_use), (16, 0));
    }

    #[test]
    fn paired_ratios_compare_each_variant_within_each_round() {
        // Three rounds; the machine is twice as fast in the second, which pairing cancels.
        let rounds = [
            vec![1.0, 2.0, 2.0, 1.0, 4.0],
            vec![2.0, 4.0, 5.0, 2.0, 8.0],
            vec![1.0, 2.0, 1.0, 2.0, 4.0],
        ];
        let paired = PairedRatios::new(&rounds);
        let medians: Vec<f64> = paired.per_variant.iter().map(|v| v.0).collect();
        assert_eq!(medians, [2.0, 1.0, 1.0, 2.0, 0.5]);
        let (_, low, high, ahead) = paired.per_variant[2];
        assert_eq!((low, high, ahead), (0.8, 2.0, 2));
        assert_eq!(paired.per_variant[4].3, 0);
    }

    #[test]
    fn bad_bodies_are_errors_not_panics() {
        for body in [
            &b""[..],
            b"{",
            b"[1,]",
            b"{\"a\" 1}",
            b"\"\\x\"",
            b"[1] x",
            b"-",
            b"1.",
            b"\"\x01\"",
        ] {
            assert!(
                json::respond(body, &json::Std).is_err(),
                "{:?}",
                String::from_utf8_lossy(body)
            );
            let bump = Bump::new();
            assert!(json::respond(body, &json::Bumpkit(&bump)).is_err());
        }
        let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        assert_eq!(
            json::respond(deep.as_bytes(), &json::Std).unwrap_err(),
            json::ParseError::TooDeep
        );
        let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(json::respond(ok.as_bytes(), &json::Std).is_ok());
    }

    #[test]
    fn every_builder_renders_the_same_summary() {
        let doc = json_doc::generate(20_000);
        let std = json::respond(doc.as_bytes(), &json::Std).unwrap();
        let bump = Bump::new();
        let bumpkit = json::respond(doc.as_bytes(), &json::Bumpkit(&bump)).unwrap();
        let bumpalo = bumpalo::Bump::new();
        let bumpalo = json::respond(doc.as_bytes(), &json::Bumpalo(&bumpalo)).unwrap();
        let mut scope_bump = bump_scope::Bump::<bump_scope::alloc::Global>::new();
        let scoped = scope_bump.scoped(|scope| {
            json::respond(doc.as_bytes(), &json::BumpScope(&scope))
                .unwrap()
                .to_string()
        });
        assert_eq!(std, *bumpkit);
        assert_eq!(std, *bumpalo);
        assert_eq!(std, scoped);
        assert!(std.starts_with("{\"nodes\":"), "{std}");
    }
}

#[cfg(test)]
mod parse_speed {
    use super::*;

    /// Single-threaded parse + summary + render time per builder, for the README's notes:
    /// `cargo test --release -- --ignored --nocapture parse_speed`. Blocks of 200 requests
    /// through `ArenaPool` and through bump-scope's `BumpPool` alternate (each goes first
    /// in every other pair), so a drift in the machine's speed hits both alike; it prints
    /// the median time ratio of 30 pairs.
    #[test]
    #[ignore = "a timing, not a check"]
    fn parse_speed() {
        let doc = json_doc::generate(32 << 10);
        let body = doc.as_bytes();
        let block = 200;
        let pool = ArenaPool::new();
        let scope_pool = bump_scope::BumpPool::<bump_scope::alloc::Global>::new();
        let ours = || {
            let t = Instant::now();
            for _ in 0..block {
                let arena = pool.get();
                std::hint::black_box(json::respond(body, &json::Bumpkit(&arena)).unwrap().len());
            }
            t.elapsed()
        };
        let theirs = || {
            let t = Instant::now();
            for _ in 0..block {
                let mut arena = scope_pool.get();
                arena.scoped(|scope| {
                    std::hint::black_box(
                        json::respond(body, &json::BumpScope(&scope)).unwrap().len(),
                    )
                });
            }
            t.elapsed()
        };
        let pairs = 30;
        let mut ratios = Vec::new();
        let (mut ours_total, mut theirs_total) = (Duration::ZERO, Duration::ZERO);
        for pair in 0..pairs {
            let (a, b) = if pair % 2 == 0 {
                let a = ours();
                (a, theirs())
            } else {
                let b = theirs();
                (ours(), b)
            };
            ours_total += a;
            theirs_total += b;
            ratios.push(a.as_secs_f64() / b.as_secs_f64());
        }
        let median = median(&mut ratios);
        let t = Instant::now();
        for _ in 0..block {
            std::hint::black_box(json::respond(body, &json::Std).unwrap().len());
        }
        let std = t.elapsed() / block;
        println!(
            "per request: ArenaPool {:?}, bump-scope BumpPool {:?}, std {std:?}; ArenaPool / BumpPool time: median {median:.3} of {pairs} pairs ({:.3}-{:.3})",
            ours_total / (pairs * block),
            theirs_total / (pairs * block),
            ratios[0],
            ratios[ratios.len() - 1]
        );
    }
}
