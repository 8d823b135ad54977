//! A headless Chromium session driven through chromedriver (WebDriver).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// Flags that keep Chromium quiet and headless on a closed network, as root.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
    "--window-size=1280,900",
];

/// chromedriver plus one WebDriver session; both end when this is dropped
/// (call [`Browser::close`] to end the session cleanly first).
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    driver: Child,
}

impl Browser {
    /// Starts chromedriver (`$CHROMEDRIVER` or `chromedriver` on `PATH`) and opens a session.
    pub async fn start() -> Result<Self, String> {
        Self::start_with(&[]).await
    }

    /// Like [`Browser::start`], with extra Chromium flags (e.g. a color scheme).
    ///
    /// Starting is tried three times: on a loaded 2-core machine chromedriver
    /// now and then loses the race for its port or Chromium does not come up
    /// in time, which says nothing about the page under test. The last error
    /// is returned when every attempt fails.
    pub async fn start_with(extra_args: &[&str]) -> Result<Self, String> {
        let mut last = String::new();
        for attempt in 1..=3 {
            match Self::start_once(extra_args).await {
                Ok(browser) => return Ok(browser),
                Err(e) => {
                    eprintln!("browser start, attempt {attempt} of 3: {e}");
                    last = e;
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
        Err(last)
    }

    async fn start_once(extra_args: &[&str]) -> Result<Self, String> {
        let driver_path = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = free_port()?;
        let mut driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {driver_path}: {e} (install chromium-driver)"))?;
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                let _ = driver.kill();
                return Err(format!("{driver_path} did not listen on {port}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut args: Vec<&str> = CHROMIUM_ARGS.to_vec();
        args.extend_from_slice(extra_args);
        let mut chrome = json!({ "args": args });
        if let Ok(binary) = std::env::var("CHROMIUM") {
            chrome["binary"] = json!(binary);
        }
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), chrome);
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let client = ClientBuilder::rustls()
            .map_err(|e| e.to_string())?
            .capabilities(caps)
            .connect(&url)
            .await
            .map_err(|e| {
                format!(
                    "WebDriver session failed: {e} (is chromium installed next to chromedriver?)"
                )
            });
        match client {
            Ok(client) => Ok(Self { client, driver }),
            Err(e) => {
                let _ = driver.kill();
                Err(e)
            }
        }
    }

    /// Waits until `css` matches an element and returns it.
    pub async fn find(&self, css: &str) -> Result<fantoccini::elements::Element, String> {
        self.client
            .wait()
            .at_most(Duration::from_secs(15))
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("no element {css}: {e}"))
    }

    /// Waits until the text of `css` satisfies `check`; returns the text.
    pub async fn wait_text(
        &self,
        css: &str,
        check: impl Fn(&str) -> bool,
    ) -> Result<String, String> {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last = String::new();
        while Instant::now() < deadline {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = element.text().await {
                    if check(&text) {
                        return Ok(text);
                    }
                    last = text;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err(format!("text of {css} never matched; last seen: {last:?}"))
    }

    /// Messages the page logged at level SEVERE (console errors, failed loads, CSP reports).
    pub async fn console_errors(&self) -> Result<Vec<String>, String> {
        let logs = self
            .client
            .issue_cmd(SessionPost {
                path: "se/log",
                body: json!({ "type": "browser" }),
            })
            .await
            .map_err(|e| e.to_string())?;
        Ok(logs
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
            .collect())
    }

    /// Saves a PNG screenshot under `target/e2e/<name>.png`.
    pub async fn screenshot(&self, name: &str) -> Result<std::path::PathBuf, String> {
        let png = self.client.screenshot().await.map_err(|e| e.to_string())?;
        let dir = crate::artifacts_dir();
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).map_err(|e| e.to_string())?;
        Ok(path)
    }

    /// Grants a permission (e.g. `clipboard-read`) to the page's origin.
    pub async fn grant(&self, permission: &str) -> Result<(), String> {
        self.client
            .issue_cmd(SessionPost {
                path: "permissions",
                body: json!({ "descriptor": { "name": permission }, "state": "granted" }),
            })
            .await
            .map(|_| ())
            .map_err(|e| format!("cannot grant {permission}: {e}"))
    }

    /// Runs `script` in every document the browser opens from now on,
    /// before the page's own scripts (Chromium's
    /// `Page.addScriptToEvaluateOnNewDocument`, through chromedriver).
    pub async fn on_new_document(&self, script: &str) -> Result<(), String> {
        self.client
            .issue_cmd(SessionPost {
                path: "goog/cdp/execute",
                body: json!({
                    "cmd": "Page.addScriptToEvaluateOnNewDocument",
                    "params": { "source": script },
                }),
            })
            .await
            .map(|_| ())
            .map_err(|e| format!("cannot add the script: {e}"))
    }

    /// Runs `script` (a function body) in the page and returns its result.
    pub async fn eval(&self, script: &str) -> Result<serde_json::Value, String> {
        self.client
            .execute(script, Vec::new())
            .await
            .map_err(|e| format!("script failed: {e}"))
    }

    /// Runs `script` (a function body) until its result satisfies `check`;
    /// returns that result.
    pub async fn wait_eval(
        &self,
        script: &str,
        check: impl Fn(&serde_json::Value) -> bool,
    ) -> Result<serde_json::Value, String> {
        let deadline = Instant::now() + Duration::from_secs(15);
        let mut last = serde_json::Value::Null;
        while Instant::now() < deadline {
            last = self.eval(script).await?;
            if check(&last) {
                return Ok(last);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err(format!("`{script}` never matched; last result: {last}"))
    }

    /// Runs an async `script` whose last argument is the callback.
    pub async fn eval_async(&self, script: &str) -> Result<serde_json::Value, String> {
        self.client
            .execute_async(script, Vec::new())
            .await
            .map_err(|e| format!("script failed: {e}"))
    }

    /// Clicks the element matching `css`.
    pub async fn click(&self, css: &str) -> Result<(), String> {
        self.find(css)
            .await?
            .click()
            .await
            .map_err(|e| format!("cannot click {css}: {e}"))
    }

    /// Replaces the text of the input matching `css` with `text`.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<(), String> {
        let element = self.find(css).await?;
        element
            .clear()
            .await
            .map_err(|e| format!("cannot clear {css}: {e}"))?;
        element
            .send_keys(text)
            .await
            .map_err(|e| format!("cannot type into {css}: {e}"))
    }

    /// Ends the WebDriver session and chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

/// A POST to a chromedriver endpoint below `/session/{id}/` that fantoccini
/// has no method for: the legacy log (`se/log`) and the permissions extension.
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: serde_json::Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}
