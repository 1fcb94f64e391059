//! The static file server for `www/dist`: `cargo xtask serve` in the foreground, and a
//! background instance on a free port for the end-to-end tests. Serves only GET/HEAD of files
//! under the site directory, with the MIME types browsers insist on (`application/wasm`).

use std::fs::File;
use std::io::ErrorKind;
use std::net::{SocketAddr, TcpListener};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use tiny_http::{Header, Method, Request, Response, Server};

use crate::site;

/// `cargo xtask serve`: claims the port first (so a busy port fails at once), builds, serves.
pub fn run(port: u16) -> Result<(), String> {
    let listener = bind(port)?;
    let dir = site::build()?.dir;
    let server = Server::from_listener(listener, None)
        .map_err(|e| format!("cannot serve on 127.0.0.1:{port}: {e}"))?;
    println!("serving www/dist at http://127.0.0.1:{port}/ (Ctrl-C to stop)");
    for request in server.incoming_requests() {
        let line = format!("{} {}", request.method(), request.url());
        let status = respond(request, &dir);
        println!("{status} {line}");
    }
    Ok(())
}

/// Binds 127.0.0.1:`port` (0 = any free port), with one-line errors.
fn bind(port: u16) -> Result<TcpListener, String> {
    TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).map_err(|e| match e.kind() {
        ErrorKind::AddrInUse => {
            format!("port {port} on 127.0.0.1 is already in use; pick another with --port N")
        }
        ErrorKind::PermissionDenied => {
            format!("not allowed to listen on port {port}; pick a port above 1023 with --port N")
        }
        _ => format!("cannot listen on 127.0.0.1:{port}: {e}"),
    })
}

/// A server on a free port in a background thread; [`Background::stop`] shuts it down.
pub struct Background {
    pub port: u16,
    server: Arc<Server>,
    thread: JoinHandle<()>,
}

impl Background {
    /// Serves `dir` on 127.0.0.1 at a free port, quietly.
    pub fn start(dir: PathBuf) -> Result<Self, String> {
        let listener = bind(0)?;
        let port = listener.local_addr().map_err(|e| format!("no local address: {e}"))?.port();
        let server = Arc::new(
            Server::from_listener(listener, None)
                .map_err(|e| format!("cannot serve on 127.0.0.1:{port}: {e}"))?,
        );
        let serving = Arc::clone(&server);
        let thread = std::thread::spawn(move || {
            for request in serving.incoming_requests() {
                respond(request, &dir);
            }
        });
        Ok(Self { port, server, thread })
    }

    pub fn stop(self) {
        self.server.unblock();
        let _ = self.thread.join();
    }
}

/// Answers one request from `dir`; returns the status code sent.
fn respond(request: Request, dir: &Path) -> u16 {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ =
            request.respond(Response::from_string("method not allowed\n").with_status_code(405));
        return 405;
    }
    let file = resolve(dir, request.url()).and_then(|path| {
        let path = if path.is_dir() { path.join("index.html") } else { path };
        File::open(&path)
            .ok()
            .filter(|f| f.metadata().is_ok_and(|m| m.is_file()))
            .map(|f| (path, f))
    });
    let Some((path, file)) = file else {
        let _ = request.respond(Response::from_string("not found\n").with_status_code(404));
        return 404;
    };
    let response = Response::from_file(file)
        .with_header(header("Content-Type", mime_type(&path)))
        .with_header(header("Cache-Control", "no-store"))
        // The module and its wasm load cross-origin into authors' pages, as static hosts
        // commonly allow.
        .with_header(header("Access-Control-Allow-Origin", "*"));
    let _ = request.respond(response);
    200
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

/// Maps a request URL to a path under `dir`: drops the query, decodes `%XX`, maps a trailing
/// `/` to `index.html`, and refuses anything that would leave `dir`.
fn resolve(dir: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let mut resolved = dir.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => resolved.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    if decoded.ends_with('/') || decoded.is_empty() {
        resolved.push("index.html");
    }
    Some(resolved)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok().filter(|s| !s.contains('\0'))
}

/// The `Content-Type` for a file, by extension.
pub fn mime_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types_by_extension() {
        let cases = [
            ("pkg/swarm_web_bg.wasm", "application/wasm"),
            ("pkg/swarm_web.js", "text/javascript; charset=utf-8"),
            ("index.html", "text/html; charset=utf-8"),
            ("styles.css", "text/css; charset=utf-8"),
            ("logo.PNG", "image/png"),
            ("icon.svg", "image/svg+xml"),
            ("data.json", "application/json"),
            ("LICENSE", "application/octet-stream"),
        ];
        for (file, mime) in cases {
            assert_eq!(mime_type(Path::new(file)), mime, "{file}");
        }
    }

    #[test]
    fn urls_resolve_inside_the_site() {
        let dir = Path::new("/site");
        assert_eq!(resolve(dir, "/"), Some("/site/index.html".into()));
        assert_eq!(resolve(dir, ""), Some("/site/index.html".into()));
        assert_eq!(resolve(dir, "/?seed=3"), Some("/site/index.html".into()));
        assert_eq!(resolve(dir, "/pkg/swarm_web.js"), Some("/site/pkg/swarm_web.js".into()));
        assert_eq!(resolve(dir, "/a%20b.css#x"), Some("/site/a b.css".into()));
        assert_eq!(resolve(dir, "/docs/"), Some("/site/docs/index.html".into()));
        assert_eq!(resolve(dir, "/../etc/passwd"), None);
        assert_eq!(resolve(dir, "/%2e%2e/etc/passwd"), None);
        assert_eq!(resolve(dir, "/bad%zz"), None);
    }

    #[test]
    fn busy_port_is_one_clear_line() {
        let taken = bind(0).unwrap();
        let port = taken.local_addr().unwrap().port();
        let message = bind(port).unwrap_err();
        assert!(message.contains(&port.to_string()) && message.contains("--port"), "{message}");
        assert!(!message.contains('\n'));
    }

    #[test]
    fn background_server_serves_files_with_mime_types() {
        use std::io::{Read, Write};
        let dir = std::env::temp_dir().join(format!("xtask-serve-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("m.wasm"), b"\0asm").unwrap();
        let server = Background::start(dir.clone()).unwrap();
        let get = |path: &str| {
            let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
            let mut reply = String::new();
            stream.read_to_string(&mut reply).unwrap();
            reply
        };
        let wasm = get("/m.wasm");
        assert!(wasm.starts_with("HTTP/1.1 200"), "{wasm}");
        assert!(wasm.contains("Content-Type: application/wasm"), "{wasm}");
        assert!(wasm.contains("Access-Control-Allow-Origin: *"), "{wasm}");
        assert!(get("/missing.js").starts_with("HTTP/1.1 404"));
        server.stop();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
