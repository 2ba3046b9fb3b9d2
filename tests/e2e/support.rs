//! The E2E harness: a static file server, chromedriver, and a browser session.
#![allow(dead_code)] // Each test module uses a different part of the harness.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the checkout (or `$TRAFFIC_SHARED`).
pub fn shared() -> PathBuf {
    std::env::var_os("TRAFFIC_SHARED").map_or_else(|| root().join("../shared"), PathBuf::from)
}

/// Where exported YAML goes for the CRD schema check.
pub fn out_dir() -> PathBuf {
    let dir = std::env::var_os("E2E_OUT").map_or_else(|| root().join("e2e-out"), PathBuf::from);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Serves `dir` on 127.0.0.1 (port 0), under `prefix` (e.g. `/` or
/// `/tools/traffic/`), with `extra_headers` on every response. Returns the port.
pub fn serve(dir: PathBuf, prefix: &'static str, extra_headers: &'static str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut sock) = stream else { continue };
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut buf = vec![0u8; 16384];
                let n = sock.read(&mut buf).unwrap_or(0);
                let req = String::from_utf8_lossy(&buf[..n]);
                let path = req.split_whitespace().nth(1).unwrap_or("/");
                let path = path.split(['?', '#']).next().unwrap_or("/");
                let (status, body, ctype) = match path.strip_prefix(prefix) {
                    Some(rel) if !rel.contains("..") => {
                        let mut file = dir.join(if rel.is_empty() { "index.html" } else { rel });
                        if !file.is_file() && !rel.contains('.') {
                            file = dir.join("index.html");
                        }
                        match std::fs::read(&file) {
                            Ok(b) => ("200 OK", b, content_type(&file)),
                            Err(_) => ("404 Not Found", b"not found".to_vec(), "text/plain"),
                        }
                    }
                    _ => ("404 Not Found", b"not found".to_vec(), "text/plain"),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n{extra_headers}Connection: close\r\n\r\n",
                    body.len()
                );
                let _ = sock.write_all(head.as_bytes());
                let _ = sock.write_all(&body);
            });
        }
    });
    port
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A running chromedriver + browser session, closed on drop.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    /// Base URL of the served `dist/`.
    pub base: String,
    /// The browser's download directory.
    pub downloads: PathBuf,
    driver: Child,
    profile: PathBuf,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// Starts the server for `dist/`, chromedriver and a fresh headless Chromium
/// profile, and opens the app.
pub async fn open_app() -> Browser {
    let dist = root().join("dist");
    assert!(dist.join("index.html").exists(), "run `trunk build --release` first");
    let port = serve(dist, "/", "");
    let b = browser(format!("http://127.0.0.1:{port}/")).await;
    b.client.goto(&b.base).await.unwrap();
    b.client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("[data-testid=yaml]"))
        .await
        .expect("the app did not render");
    b
}

/// Starts chromedriver and a fresh headless Chromium profile for `base`.
pub async fn browser(base: String) -> Browser {
    let cd_port = free_port();
    let cd_bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let driver = Command::new(cd_bin)
        .arg(format!("--port={cd_port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver not found (scripts/setup installs it)");
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", cd_port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let unique = format!("{}-{cd_port}", std::process::id());
    let profile = std::env::temp_dir().join(format!("td-e2e-profile-{unique}"));
    let downloads = std::env::temp_dir().join(format!("td-e2e-downloads-{unique}"));
    std::fs::create_dir_all(&downloads).unwrap();
    let caps = json!({
        "browserName": "chrome",
        "goog:loggingPrefs": { "browser": "ALL" },
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-quic", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                     format!("--user-data-dir={}", profile.display())],
            "prefs": {
                "profile.content_settings.exceptions.clipboard": {
                    "http://127.0.0.1:*,*": { "setting": 1 }
                },
                "download.default_directory": downloads.display().to_string(),
                "download.prompt_for_download": false
            }
        }
    });
    let caps = caps.as_object().unwrap().clone();
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{cd_port}"))
        .await
        .expect("connect to chromedriver");
    Browser { client, base, downloads, driver, profile }
}

impl Browser {
    /// The element with `data-testid=id`, waiting for it to appear.
    pub async fn by_testid(&self, id: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(&format!("[data-testid=\"{id}\"]")))
            .await
            .unwrap_or_else(|e| panic!("no element with data-testid={id}: {e}"))
    }

    /// The live YAML text shown by the app.
    pub async fn yaml(&self) -> String {
        self.by_testid("yaml").await.prop("value").await.unwrap().unwrap_or_default()
    }

    /// The system clipboard's text, read from the page.
    pub async fn clipboard(&self) -> String {
        let v = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];\
                 navigator.clipboard.readText().then(done, e => done('ERR ' + e));",
                vec![],
            )
            .await
            .unwrap();
        v.as_str().unwrap_or_default().to_string()
    }

    /// Drags the thumb of range input `slider` to `value` (0..=max) with the
    /// pointer, then nudges it with the arrow keys until it is exact.
    pub async fn drag_slider(&self, slider: &Element, value: i64) {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
        use fantoccini::key::Key;
        let (_, _, width, _) = slider.rectangle().await.unwrap();
        let current: i64 = slider.prop("value").await.unwrap().unwrap().parse().unwrap();
        let max: f64 = slider.attr("max").await.unwrap().unwrap().parse().unwrap();
        // The thumb is ~16 px wide; its centre runs from 8 px to width-8 px.
        let span = width - 16.0;
        let x_of = |v: i64| 8.0 - width / 2.0 + span * (v as f64) / max;
        let from = x_of(current).round();
        let to = x_of(value).round();
        let actions = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: slider.clone(),
                duration: None,
                x: from,
                y: 0.0,
            })
            .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
            .then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(200)),
                x: to - from,
                y: 0.0,
            })
            .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
        self.client.perform_actions(actions).await.unwrap();
        self.client.release_actions().await.unwrap();
        for _ in 0..200 {
            let now: i64 = slider.prop("value").await.unwrap().unwrap().parse().unwrap();
            if now == value {
                return;
            }
            let key = if now < value { Key::Right } else { Key::Left };
            slider.send_keys(&String::from(char::from(key))).await.unwrap();
        }
        panic!("slider did not reach {value}");
    }

    /// Replaces the text of an input like a user: select all, type.
    pub async fn type_into(&self, input: &Element, text: &str) {
        use fantoccini::key::Key;
        input.click().await.unwrap();
        let select_all = format!("{}a{}", char::from(Key::Control), char::from(Key::Control));
        input.send_keys(&select_all).await.unwrap();
        input.send_keys(&String::from(char::from(Key::Backspace))).await.unwrap();
        input.send_keys(text).await.unwrap();
    }

    /// Waits for `name` in the download directory and returns its text.
    pub async fn downloaded(&self, name: &str) -> String {
        let path = self.downloads.join(name);
        for _ in 0..100 {
            if let Ok(t) = std::fs::read_to_string(&path) {
                if !t.is_empty() {
                    return t;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{name} was not downloaded");
    }

    /// Console errors the page logged so far.
    pub async fn console_errors(&self) -> Vec<String> {
        let logs = self.client.issue_cmd(GetLog).await;
        match logs {
            Ok(Value::Array(entries)) => entries
                .iter()
                .filter(|e| e["level"] == "SEVERE")
                .map(|e| e["message"].as_str().unwrap_or_default().to_string())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Closes the session.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// chromedriver's `GET /session/{id}/se/log` for the browser log.
#[derive(Debug, Clone)]
struct GetLog;

impl fantoccini::wd::WebDriverCompatibleCommand for GetLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_string()))
    }
}

/// Parses a multi-document YAML text into JSON values (with the model's reader).
pub fn docs(text: &str) -> Vec<Value> {
    traffic_model::yaml::parse(text)
        .unwrap_or_else(|e| panic!("exported YAML does not parse: {e}\n{text}"))
        .into_iter()
        .map(|d| d.value)
        .collect()
}

/// Writes exported YAML to the E2E output directory for the CRD schema check.
pub fn save_export(name: &str, text: &str) {
    std::fs::write(out_dir().join(name), text).unwrap();
}

/// The documents of a seed fixture, with `apiVersion` set to `v1`.
pub fn seed_docs(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(shared().join("fixtures/seed").join(file)).unwrap();
    let mut d = docs(&text);
    for v in &mut d {
        v["apiVersion"] = json!("networking.istio.io/v1");
    }
    d
}

/// The document of `kind` in `docs`.
pub fn of_kind<'a>(docs: &'a [Value], kind: &str) -> &'a Value {
    docs.iter().find(|d| d["kind"] == kind).unwrap_or_else(|| panic!("no {kind} in {docs:?}"))
}
