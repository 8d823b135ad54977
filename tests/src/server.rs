//! A static file server for `dist/` on an ephemeral loopback port.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread::JoinHandle;

use tiny_http::{Header, Response, Server};

/// How the server presents the bundle.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    /// Headers on every response (e.g. a Content-Security-Policy).
    pub headers: Vec<(String, String)>,
    /// Serve under this path prefix (e.g. `docs/tools/kata/`), to prove relative URLs.
    pub prefix: String,
    /// Add `nonce="…"` to every `<script>` and `<link rel="modulepreload">` of HTML files,
    /// as an embedder with a nonce-based CSP does.
    pub nonce: Option<String>,
}

/// Serves a folder until dropped. Extra headers (e.g. a CSP) go on every response.
pub struct StaticServer {
    server: Arc<Server>,
    thread: Option<JoinHandle<()>>,
    base: String,
}

impl StaticServer {
    /// Serves `root` at `http://127.0.0.1:<port>/`.
    pub fn start(root: &Path, headers: &[(&str, &str)]) -> std::io::Result<Self> {
        Self::start_with(
            root,
            ServeOptions {
                headers: headers
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
                ..ServeOptions::default()
            },
        )
    }

    /// Serves `root` with `options`; [`StaticServer::url`] includes the prefix.
    pub fn start_with(root: &Path, options: ServeOptions) -> std::io::Result<Self> {
        let index = root.join("index.html");
        if !index.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!(
                    "{} is missing: build the bundle first (cargo xtask dist, or run the suite with cargo xtask test)",
                    index.display()
                ),
            ));
        }
        let server = Arc::new(Server::http("127.0.0.1:0").map_err(std::io::Error::other)?);
        let port = server
            .server_addr()
            .to_ip()
            .map(|addr| addr.port())
            .ok_or_else(|| std::io::Error::other("server has no IP address"))?;
        let headers: Vec<Header> = options
            .headers
            .iter()
            .filter_map(|(name, value)| Header::from_bytes(name.as_bytes(), value.as_bytes()).ok())
            .collect();
        let prefix = options.prefix.trim_matches('/').to_owned();
        let nonce = options.nonce.clone();
        let root = root.to_path_buf();
        let worker = Arc::clone(&server);
        let thread = std::thread::spawn(move || {
            for request in worker.incoming_requests() {
                let url = request.url().to_owned();
                let path = if prefix.is_empty() {
                    Some(url.as_str())
                } else {
                    url.strip_prefix(&format!("/{prefix}"))
                };
                let response = match path {
                    Some(path) => respond(&root, path, &headers, nonce.as_deref()),
                    None => Response::from_data(b"not found".to_vec()).with_status_code(404),
                };
                // A client that hung up is not the test's concern.
                let _ = request.respond(response);
            }
        });
        Ok(Self {
            server,
            thread: Some(thread),
            base: if options.prefix.trim_matches('/').is_empty() {
                format!("http://127.0.0.1:{port}/")
            } else {
                format!(
                    "http://127.0.0.1:{port}/{}/",
                    options.prefix.trim_matches('/')
                )
            },
        })
    }

    /// The base URL, ending in `/`.
    pub fn url(&self) -> &str {
        &self.base
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn respond(
    root: &Path,
    url: &str,
    headers: &[Header],
    nonce: Option<&str>,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let file = resolve(root, path);
    let mut response = match file.as_deref().map(|f| (f, std::fs::read(f))) {
        Some((file, Ok(body))) => {
            let body = match (nonce, file.extension().and_then(|e| e.to_str())) {
                (Some(nonce), Some("html")) => String::from_utf8_lossy(&body)
                    .replace("<script", &format!("<script nonce=\"{nonce}\""))
                    .replace(
                        "<link rel=\"modulepreload\"",
                        &format!("<link nonce=\"{nonce}\" rel=\"modulepreload\""),
                    )
                    .into_bytes(),
                _ => body,
            };
            let mut response = Response::from_data(body);
            if let Ok(header) = Header::from_bytes("Content-Type", content_type(file)) {
                response.add_header(header);
            }
            response
        }
        _ => Response::from_data(b"not found".to_vec()).with_status_code(404),
    };
    for header in headers {
        response.add_header(header.clone());
    }
    response
}

/// Maps a URL path to a file below `root`, refusing anything that climbs out.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = url_path.trim_start_matches('/');
    let relative = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    };
    let candidate = Path::new(&relative);
    if candidate
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let file = root.join(candidate);
    file.is_file().then_some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}
