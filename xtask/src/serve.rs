//! `cargo xtask serve [--port 8080]`: build the widget, the statistics wasm and `www/` into one site
//! directory and serve it on 127.0.0.1 with the strict CSP every host page is promised to work under;
//! and the site's step of `cargo xtask test`, the end-to-end suite in Debian's Chromium (issue 6).
//!
//! Site layout (`<target dir>/site/`):
//! - the pages of `www/` (Spanish at the root, English under `en/`) with their shared head and
//!   header filled in from `www/partials/` (`pages.rs`), `site.css`, `js/`;
//! - `widget/`: `dist/widget/` as `cargo xtask dist` built it (the npm package, as a drop-in);
//! - `stats/`: `tamiz-stats-wasm` after wasm-bindgen (`--target web`) and wasm-opt;
//! - `vendor/chart.js`: the D3 subset bundled by esbuild from `www/chart/` (no CDN, ever);
//! - `samples/`: a synthetic CSV made by `tamiz synth` and the example release spec;
//! - `e2e/`: the end-to-end fixtures (`tests/e2e/fixtures/`), only when the tests build the site.
//!
//! Invariant: every response carries the CSP below, so a page that needs an inline script or style,
//! `eval` or another origin fails here first, exactly as it would on an agency's intranet.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::setup;
use crate::util::{self, cargo, root};

/// The header every host is told to set (embed guide), so the demo proves the widget works under it.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// The crate behind the analyst page's in-browser releases, and its wasm file stem.
const STATS_WASM_CRATE: &str = "tamiz-stats-wasm";
const STATS_WASM_STEM: &str = "tamiz_stats_wasm";

/// Rows of the synthetic sample the analyst page offers: big enough for readable intervals, small
/// enough to release in a second in the browser.
const SAMPLE_ROWS: &str = "3000";

/// Runs `cargo xtask serve [--port N]` until interrupted; `cargo xtask serve --test` runs only the
/// end-to-end suite (the site step of `cargo xtask test`), for quick iteration on pages and tests.
pub fn run(args: &[String]) -> Result<()> {
    if args.iter().any(|a| a == "--test") {
        return test();
    }
    let port = parse_port(args)?;
    let built = build_site(false)?;
    built.warn();
    let listener = TcpListener::bind(("127.0.0.1", port))
        .with_context(|| format!("cannot listen on 127.0.0.1:{port} (try --port)"))?;
    println!("Tamiz site: http://127.0.0.1:{port}/  (English: http://127.0.0.1:{port}/en/)");
    println!("Serving {} — press Ctrl-C to stop.", built.dir.display());
    serve_forever(&listener, &built.dir, &AtomicBool::new(false));
    Ok(())
}

/// The site's step of `cargo xtask test`: installs the test packages, ensures Chromium, builds the
/// site with the fixtures, serves it on a free loopback port in this process, runs `node --test`,
/// and stops the server. Fails, naming the part, when the widget or the statistics wasm is missing.
pub fn test() -> Result<()> {
    let e2e = root().join("tests/e2e");
    setup::npm_packages(&e2e)?;
    setup::chromium()?;
    let built = build_site(true)?;
    built.warn();
    let tamiz = tamiz_binary()?;

    let built_missing = built.missing_ids().join(",");
    let result = with_server(&built.dir, |base| {
        eprintln!(
            "site: serving {} on {base} for the end-to-end tests",
            built.dir.display()
        );
        util::run(
            Command::new("node")
                .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
                .current_dir(&e2e)
                .env("TAMIZ_BASE_URL", base)
                .env("TAMIZ_BIN", &tamiz)
                .env("TAMIZ_SITE_MISSING", &built_missing),
        )
    });
    result?;
    if !built.missing.is_empty() {
        bail!(
            "the site was built without: {}",
            built
                .missing
                .iter()
                .map(|m| m.what.clone())
                .collect::<Vec<_>>()
                .join("; ")
        );
    }
    Ok(())
}

/// The widget half of `cargo xtask bench` (issue 7): serves `dist` (as built by `cargo xtask dist`)
/// with the bench fixture on a free loopback port and runs `tests/e2e/bench-widget.mjs` in Debian's
/// Chromium, which prints the time from inserting `<tamiz-screening>` to `tamiz-ready` (median of
/// 20 after a warm-up) and the heap with 10 instances on a page.
pub fn bench_widget(dist: &Path) -> Result<()> {
    let e2e = root().join("tests/e2e");
    setup::npm_packages(&e2e)?;
    setup::chromium()?;
    let dir = target_dir().join("bench-site");
    if dir.exists() {
        fs::remove_dir_all(&dir)?;
    }
    copy_tree(dist, &dir.join("widget"), &|_| true)?;
    copy_tree(&e2e.join("fixtures"), &dir.join("e2e"), &|_| true)?;
    with_server(&dir, |base| {
        util::run(
            Command::new("node")
                .arg("bench-widget.mjs")
                .current_dir(&e2e)
                .env("TAMIZ_BASE_URL", base),
        )
    })
}

/// Serves `dir` on a free loopback port (the OS picks it, so parallel runs and a running `serve`
/// never collide) in a thread of this process while `f` runs with the base URL, then stops.
fn with_server<T>(dir: &Path, f: impl FnOnce(&str) -> Result<T>) -> Result<T> {
    let listener = TcpListener::bind("127.0.0.1:0").context("cannot listen on a loopback port")?;
    let addr = listener
        .local_addr()
        .context("the server has no local address")?;
    let base = format!("http://127.0.0.1:{}", addr.port());
    let stop = Arc::new(AtomicBool::new(false));
    let worker = {
        let dir = dir.to_path_buf();
        let stop = Arc::clone(&stop);
        thread::spawn(move || serve_forever(&listener, &dir, &stop))
    };
    let result = f(&base);
    stop.store(true, Ordering::SeqCst);
    // Wake the accept loop so it sees `stop`.
    let _ = TcpStream::connect(addr);
    let _ = worker.join();
    result
}

/// One part of the site that could not be built, and why; `serve` still runs without it.
struct Missing {
    id: &'static str,
    what: String,
}

/// The assembled site and the parts it lacks.
struct Built {
    dir: PathBuf,
    missing: Vec<Missing>,
}

impl Built {
    fn warn(&self) {
        for m in &self.missing {
            eprintln!("site: WARNING: built without {}", m.what);
        }
    }

    fn missing_ids(&self) -> Vec<&'static str> {
        self.missing.iter().map(|m| m.id).collect()
    }
}

fn parse_port(args: &[String]) -> Result<u16> {
    let mut port = 8080;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let value = if a == "--port" {
            it.next().context("--port needs a number")?.as_str()
        } else if let Some(v) = a.strip_prefix("--port=") {
            v
        } else {
            bail!("unknown argument `{a}`; usage: cargo xtask serve [--port 8080] | --test");
        };
        port = value
            .parse()
            .with_context(|| format!("--port `{value}` is not a port number"))?;
    }
    Ok(port)
}

/// The cargo target directory: `CARGO_TARGET_DIR` when set (developers keep their own), else
/// `target/` in the workspace.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => {
            let d = PathBuf::from(d);
            if d.is_absolute() {
                d
            } else {
                root().join(d)
            }
        }
        None => root().join("target"),
    }
}

/// Builds everything into `<target>/site/`. Parts owned elsewhere (the widget, the statistics wasm,
/// `tamiz synth`) that fail are recorded as missing with the reason, so `serve` can still show the
/// rest and `test` can say exactly what is absent.
fn build_site(with_fixtures: bool) -> Result<Built> {
    let www = root().join("www");
    let site = target_dir().join("site");
    if site.exists() {
        fs::remove_dir_all(&site).with_context(|| format!("clearing {}", site.display()))?;
    }
    fs::create_dir_all(&site)?;
    let mut missing = Vec::new();

    copy_tree(&www, &site, &|rel| {
        let first = rel.components().next();
        !matches!(first, Some(Component::Normal(n)) if n == "node_modules" || n == "chart" || n == "partials")
            && !matches!(
                rel.to_str(),
                Some("package.json") | Some("package-lock.json")
            )
    })?;
    crate::pages::expand_site(&site, &www)?;
    build_chart(&www, &site)?;

    // The widget: `cargo xtask dist` is the widget work's; we only copy what it returns.
    let widget_dir = site.join("widget");
    match crate::dist::run(&[]) {
        Ok(dist) => copy_tree(&dist, &widget_dir, &|_| true)
            .with_context(|| format!("copying {}", dist.display()))?,
        Err(e) => {
            missing.push(Missing {
                id: "widget",
                what: format!("the widget (`cargo xtask dist` failed: {e:#})"),
            });
            placeholder_widget(&widget_dir)?;
        }
    }
    if !widget_dir.join("tamiz-widget.js").exists() {
        missing.push(Missing {
            id: "widget",
            what: "the widget (dist/widget has no tamiz-widget.js)".into(),
        });
        placeholder_widget(&widget_dir)?;
    }

    // The statistics wasm for the analyst page.
    if let Err(e) = build_stats_wasm(&site.join("stats")) {
        missing.push(Missing {
            id: "stats-wasm",
            what: format!("the statistics wasm ({e:#})"),
        });
    }

    // The synthetic sample: `tamiz synth` is the statistics work's; CTDC-shaped, marked synthetic.
    let samples = site.join("samples");
    fs::create_dir_all(&samples)?;
    let sample = samples.join("synthetic-ctdc.csv");
    let synth = tamiz_binary().and_then(|bin| {
        util::run(Command::new(bin).args([
            "synth",
            "--rows",
            SAMPLE_ROWS,
            "--seed",
            "20261128",
            "--out",
            &sample.to_string_lossy(),
        ]))
    });
    if let Err(e) = synth {
        missing.push(Missing {
            id: "synth",
            what: format!("the synthetic sample (`tamiz synth` failed: {e:#})"),
        });
    }

    if with_fixtures {
        copy_tree(
            &root().join("tests/e2e/fixtures"),
            &site.join("e2e"),
            &|_| true,
        )?;
    }
    Ok(Built { dir: site, missing })
}

/// Bundles the charting library (`www/chart/entry.js`: the D3 subset the analyst page uses) into
/// one ES module with esbuild from npm, so the page loads nothing from another origin.
fn build_chart(www: &Path, site: &Path) -> Result<()> {
    setup::npm_packages(www)?;
    let esbuild = www.join("node_modules/.bin/esbuild");
    if !esbuild.exists() {
        bail!("{} is missing after `npm ci` in www/", esbuild.display());
    }
    let out = site.join("vendor/chart.js");
    util::run(Command::new(esbuild).current_dir(www).args([
        "chart/entry.js",
        "--bundle",
        "--format=esm",
        "--minify",
        "--legal-comments=inline",
        "--log-level=warning",
        &format!("--outfile={}", out.display()),
    ]))
}

/// Builds `tamiz-stats-wasm` for the browser: cargo (release, wasm32), wasm-bindgen `--target web`,
/// then wasm-opt. The release profile is the workspace's (size first).
fn build_stats_wasm(out: &Path) -> Result<()> {
    setup::wasm_target()?;
    setup::wasm_bindgen()?;
    util::run(cargo().args([
        "build",
        "--release",
        "--quiet",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        STATS_WASM_CRATE,
    ]))?;
    let wasm = target_dir()
        .join("wasm32-unknown-unknown/release")
        .join(format!("{STATS_WASM_STEM}.wasm"));
    fs::create_dir_all(out)?;
    util::run(Command::new("wasm-bindgen").args([
        wasm.to_string_lossy().as_ref(),
        "--target",
        "web",
        "--no-typescript",
        "--out-dir",
        out.to_string_lossy().as_ref(),
    ]))?;
    let bg = out.join(format!("{STATS_WASM_STEM}_bg.wasm"));
    let wasm_opt = setup::wasm_opt()?;
    let mut cmd = Command::new(wasm_opt);
    cmd.arg(&bg)
        .arg("-Oz")
        .args(setup::WASM_OPT_FEATURES)
        .args(["--strip-debug", "--strip-producers", "-o"])
        .arg(&bg);
    util::run(&mut cmd)?;
    Ok(())
}

/// A stand-in `tamiz-widget.js` for `serve` while the widget is not built: it defines the element
/// and says so on the page and in the console (so the end-to-end tests fail loudly, by design).
fn placeholder_widget(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    fs::write(
        dir.join("tamiz-widget.js"),
        r#"// Placeholder written by `cargo xtask serve`: the widget was not built (see issue 4).
console.error("tamiz-widget: not built — run `cargo xtask dist` (issue 4)");
if (!customElements.get("tamiz-screening")) {
  customElements.define("tamiz-screening", class extends HTMLElement {
    connectedCallback() {
      this.textContent = this.getAttribute("lang") === "en"
        ? "The screening widget is not built yet (cargo xtask dist)."
        : "El widget de tamizaje aún no está construido (cargo xtask dist).";
    }
  });
}
export function mount() { throw new Error("tamiz-widget: not built"); }
"#,
    )?;
    Ok(())
}

/// The `tamiz` binary (debug build, already built by the native tests), for `synth` and for the
/// end-to-end comparison with `tamiz assess`.
fn tamiz_binary() -> Result<PathBuf> {
    util::run(cargo().args(["build", "--quiet", "-p", "tamiz-cli"]))?;
    let bin = target_dir().join("debug/tamiz");
    if !bin.exists() {
        bail!("{} is missing after building tamiz-cli", bin.display());
    }
    Ok(bin)
}

/// Copies `from` into `to` recursively, keeping files whose relative path `keep` accepts.
fn copy_tree(from: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<()> {
    fn walk(base: &Path, dir: &Path, to: &Path, keep: &dyn Fn(&Path) -> bool) -> Result<()> {
        for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let entry = entry?;
            let path = entry.path();
            let rel = path.strip_prefix(base).unwrap_or(&path).to_path_buf();
            if !keep(&rel) {
                continue;
            }
            let dest = to.join(&rel);
            if entry.file_type()?.is_dir() {
                fs::create_dir_all(&dest)?;
                walk(base, &path, to, keep)?;
            } else {
                if let Some(parent) = dest.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::copy(&path, &dest)
                    .with_context(|| format!("copying {} to {}", path.display(), dest.display()))?;
            }
        }
        Ok(())
    }
    fs::create_dir_all(to)?;
    walk(from, from, to, keep)
}

/// Serves `dir` until `stop` is set (tests) or the process ends (`serve`): every connection on its
/// own thread, one request per connection (`Connection: close`), GET and HEAD only.
///
/// Why not an HTTP library: this was `tiny_http` 0.12, whose task pool loses a wakeup when two
/// connections arrive together while one worker is idle (`spawn` queues the second task behind a
/// `notify_one` the first already consumed), so the queued request waits until some worker is free.
/// Chromium keeps idle connections open and tiny_http's workers block reading them, so the wait
/// could outlast a test: 10 widgets inserted at once on a fresh server left 1–2 content-pack
/// fetches unanswered in 3 of 3 benchmark runs, and pages now and then never reached `load` in
/// the end-to-end suite. A static loopback server needs no pool: a thread per connection and a
/// read timeout cannot starve.
fn serve_forever(listener: &TcpListener, dir: &Path, stop: &AtomicBool) {
    let dir: Arc<Path> = Arc::from(dir);
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let dir = Arc::clone(&dir);
        thread::spawn(move || {
            let _ = answer(stream, &dir);
        });
    }
}

/// Reads one request head (at most 16 KiB, 10 s) and writes the response.
fn answer(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut head = Vec::new();
    let mut reader = BufReader::new((&stream).take(16 * 1024));
    loop {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(()); // closed (or too long) before the head ended
        }
        let blank = line == b"\r\n" || line == b"\n";
        head.extend_from_slice(&line);
        if blank {
            break;
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut request_line = head.lines().next().unwrap_or("").split(' ');
    let method = request_line.next().unwrap_or("");
    let target = request_line.next().unwrap_or("/");
    let (status, body, mime) = respond(dir, method, target);
    let mut out = format!(
        "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nContent-Type: {mime}\r\n",
        reason(status),
        body.len()
    );
    for (name, value) in HEADERS {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    stream.write_all(out.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()?;
    stream.shutdown(Shutdown::Write)
}

/// Headers on every response: the CSP, and what keeps the demo private (no referrer, no caching
/// of what a worker looked at).
const HEADERS: &[(&str, &str)] = &[
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Cache-Control", "no-store"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Connection", "close"),
];

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        404 => "Not Found",
        _ => "Method Not Allowed",
    }
}

/// One response: the file for GET/HEAD of a safe path, else 404/405.
fn respond(dir: &Path, method: &str, url: &str) -> (u16, Vec<u8>, &'static str) {
    match method {
        "GET" | "HEAD" => match resolve(dir, url) {
            Some(path) => match read(&path) {
                Ok(bytes) => (200, bytes, mime_type(&path)),
                Err(_) => not_found(),
            },
            None => not_found(),
        },
        _ => (
            405,
            b"method not allowed\n".to_vec(),
            "text/plain; charset=utf-8",
        ),
    }
}

fn not_found() -> (u16, Vec<u8>, &'static str) {
    (404, b"not found\n".to_vec(), "text/plain; charset=utf-8")
}

fn read(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    fs::File::open(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Maps a request path to a file under `dir`: percent-decoded, query dropped, no `..`, and a
/// directory means its `index.html`. `None` for anything outside the site or absent.
fn resolve(dir: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let mut out = dir.to_path_buf();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains('\\') || p.contains('\0') => return None,
            p => out.push(p),
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// MIME types by extension: `application/wasm` matters (streaming compile), `text/javascript` is
/// what module scripts require under `nosniff`.
fn mime_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "toml" | "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_refuses_escapes_and_maps_directories() {
        let dir = std::env::temp_dir().join(format!("tamiz-serve-test-{}", std::process::id()));
        fs::create_dir_all(dir.join("en")).unwrap();
        fs::write(dir.join("index.html"), "x").unwrap();
        fs::write(dir.join("en/index.html"), "x").unwrap();
        assert_eq!(resolve(&dir, "/"), Some(dir.join("index.html")));
        assert_eq!(resolve(&dir, "/en/?q=1"), Some(dir.join("en/index.html")));
        assert_eq!(resolve(&dir, "/../etc/passwd"), None);
        assert_eq!(resolve(&dir, "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(&dir, "/missing.html"), None);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn wasm_and_modules_get_the_types_browsers_require() {
        assert_eq!(mime_type(Path::new("a_bg.wasm")), "application/wasm");
        assert!(mime_type(Path::new("a.js")).starts_with("text/javascript"));
    }

    #[test]
    fn the_server_answers_many_connections_at_once_with_the_csp() {
        let dir = std::env::temp_dir().join(format!("tamiz-serve-many-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.bin"), [7u8; 3000]).unwrap();
        with_server(&dir, |base| {
            let addr = base.trim_start_matches("http://").to_owned();
            // Idle connections that never send a request (as browsers preconnect) must not
            // hold up the others.
            let idle: Vec<TcpStream> = (0..8).map(|_| TcpStream::connect(&addr).unwrap()).collect();
            let fetches: Vec<_> = (0..32)
                .map(|i| {
                    let addr = addr.clone();
                    thread::spawn(move || {
                        let mut s = TcpStream::connect(&addr).unwrap();
                        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                        let path = if i % 2 == 0 { "/a.bin" } else { "/missing" };
                        write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
                        let mut reply = Vec::new();
                        s.read_to_end(&mut reply).unwrap();
                        (i, reply)
                    })
                })
                .collect();
            for f in fetches {
                let (i, reply) = f.join().unwrap();
                let text = String::from_utf8_lossy(&reply);
                let status = if i % 2 == 0 {
                    "200 OK"
                } else {
                    "404 Not Found"
                };
                assert!(
                    text.starts_with(&format!("HTTP/1.1 {status}\r\n")),
                    "{text:.80}"
                );
                assert!(text.contains(&format!("Content-Security-Policy: {CSP}\r\n")));
                if i % 2 == 0 {
                    assert!(text.contains("Content-Length: 3000\r\n"));
                    assert!(reply.ends_with(&[7u8; 3000]));
                }
            }
            drop(idle);
            Ok(())
        })
        .unwrap();
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn port_argument() {
        assert_eq!(parse_port(&[]).unwrap(), 8080);
        assert_eq!(parse_port(&["--port".into(), "9000".into()]).unwrap(), 9000);
        assert!(parse_port(&["--port".into(), "x".into()]).is_err());
    }
}
