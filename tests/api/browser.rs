//! The real-browser harness: `Browser::new().await` is a fresh headless Chromium session (its own
//! profile, so its own cookies and storage; a test may open several, one per staff member),
//! driven through WebDriver by `fantoccini`. One chromedriver serves every test of the process;
//! the first `Browser::new` starts it on a free port.
//!
//! Waiting: `wait_for`, `wait_for_text`, `wait_for_absent` and the helpers built on them poll
//! every 50 ms up to a bound (10 s unless `set_patience` says otherwise). The bound is a failure
//! bound, never a timing assertion: on timeout they fail with what they waited for and an
//! excerpt of the page.
//!
//! Cleanup: dropping or `close`-ing a `Browser` ends its session (Chromium quits, its profile is
//! removed). chromedriver and any Chromium it still runs die with the test process, however it
//! ends: a watchdog (`sh`, in a process group of its own) holds the read end of a pipe only this
//! process writes to; when the process is gone it kills chromedriver's process group (Chromium
//! runs in it) and removes the harness's temporary folder.
//!
//! Where things are: `FRONTDESK_TEST_CHROMEDRIVER`, else `chromedriver` on `PATH`;
//! `FRONTDESK_TEST_CHROMIUM`, else `/usr/bin/chromium`. Without them a browser test fails, saying
//! so (`scripts/test` installs both).

use std::ffi::OsString;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use cookie::SameSite;
use fantoccini::cookies::Cookie;
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tokio::sync::OnceCell;
use tokio::time::Instant;

/// How often a wait looks at the page again.
const POLL: Duration = Duration::from_millis(50);
/// How long a wait looks before it fails (a failure bound, not a timing assertion).
const PATIENCE: Duration = Duration::from_secs(10);
/// chromedriver answers `/status` within milliseconds; a loaded 2-core machine may take longer.
const DRIVER_START: Duration = Duration::from_secs(30);
/// Chromium's first start on a cold machine takes seconds (14 s seen); later ones about one.
const SESSION_START: Duration = Duration::from_secs(60);
/// How much of the page a failed wait shows.
const EXCERPT_CHARS: usize = 2_000;

/// Chromium's switches: headless, no sandbox (tests run as root), nothing that calls home or
/// competes for the CPU, one window size for every test.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
];

/// Waits for end of file on its standard input (this process has gone), then ends
/// chromedriver's process group ($1) and removes the harness's folder ($2).
const WATCHDOG: &str = r#"
cat >/dev/null
kill -TERM -"$1" 2>/dev/null
i=0
while [ "$i" -lt 50 ] && kill -0 -"$1" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
kill -KILL -"$1" 2>/dev/null
rm -rf "$2"
"#;

static DRIVER: OnceCell<Driver> = OnceCell::const_new();

/// The process's chromedriver.
struct Driver {
    url: String,
    port: u16,
    /// chromedriver's log and the browsers' profiles; the watchdog removes it.
    dir: PathBuf,
    chromium: PathBuf,
    /// The write end of the watchdog's pipe: open for as long as this process lives.
    _watchdog: ChildStdin,
}

impl Driver {
    async fn get() -> anyhow::Result<&'static Driver> {
        DRIVER.get_or_try_init(Driver::start).await
    }

    async fn start() -> anyhow::Result<Driver> {
        let chromedriver = chromedriver_path()?;
        let chromium = chromium_path()?;
        // A port found free may be taken before chromedriver binds it: try another.
        let mut failures = Vec::new();
        for _ in 0..3 {
            match Driver::start_once(&chromedriver, &chromium).await {
                Ok(driver) => return Ok(driver),
                Err(error) => failures.push(format!("{error:#}")),
            }
        }
        bail!(
            "chromedriver ({}) did not start: {}",
            chromedriver.display(),
            failures.join("; ")
        )
    }

    async fn start_once(chromedriver: &Path, chromium: &Path) -> anyhow::Result<Driver> {
        let dir = tempfile::Builder::new()
            .prefix("frontdesk-browser-")
            .tempdir()
            .context("a temporary folder for the browsers")?
            .keep();
        let port = free_port()?;
        let log = std::fs::File::create(dir.join("chromedriver.log"))?;
        let mut child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            // Its own group: Chromium joins it, the watchdog ends it whole, and a Ctrl-C meant
            // for the tests does not reach it first.
            .process_group(0)
            .spawn()
            .with_context(|| format!("starting {}", chromedriver.display()))?;
        let watchdog = match spawn_watchdog(child.id(), &dir) {
            Ok(watchdog) => watchdog,
            Err(error) => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = std::fs::remove_dir_all(&dir);
                return Err(error);
            }
        };
        let url = format!("http://127.0.0.1:{port}");
        match wait_ready(&url, &mut child).await {
            Ok(()) => Ok(Driver {
                url,
                port,
                dir,
                chromium: chromium.to_owned(),
                _watchdog: watchdog,
            }),
            Err(error) => {
                let log = log_tail(&dir);
                let _ = child.kill();
                let _ = child.wait();
                // The watchdog sees its pipe close and removes the folder.
                drop(watchdog);
                Err(error.context(format!("chromedriver's log: {log}")))
            }
        }
    }

    /// One new session. (Given up on by `within`, a session chromedriver still makes lives
    /// until the process ends; the watchdog ends it with the rest.)
    async fn session(&'static self) -> anyhow::Result<Browser> {
        let profile = tempfile::Builder::new()
            .prefix("profile-")
            .tempdir_in(&self.dir)
            .context("a profile folder")?;
        let connecting = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities(&self.chromium, profile.path()))
            .connect(&self.url)
            .await;
        let client = connecting.context("chromedriver gave no session")?;
        let session = client
            .session_id()
            .await?
            .context("chromedriver gave a session without an id")?;
        Ok(Browser {
            client,
            session,
            driver_port: self.port,
            patience: PATIENCE,
            closed: false,
            _profile: profile,
        })
    }
}

/// A headless Chromium session of its own. Ends when dropped or `close`d.
pub struct Browser {
    client: Client,
    session: String,
    driver_port: u16,
    patience: Duration,
    closed: bool,
    /// Removed after the session ends (fields drop after `Drop::drop`).
    _profile: tempfile::TempDir,
}

impl Browser {
    /// A fresh browser: its own profile, no cookies. A slow start is tried once more before
    /// it fails.
    pub async fn new() -> anyhow::Result<Browser> {
        let driver = Driver::get().await?;
        let first = match within(SESSION_START, driver.session()).await {
            Ok(browser) => return Ok(browser),
            Err(error) => error,
        };
        tokio::time::sleep(Duration::from_secs(1)).await;
        within(SESSION_START, driver.session())
            .await
            .map_err(|second| {
                anyhow!(
                    "no browser session after two tries: {first:#}; then: {second:#}; \
                     chromedriver's log: {}",
                    log_tail(&driver.dir)
                )
            })
    }

    /// The WebDriver client, for anything the helpers do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// How long the waits of this browser look before they fail.
    pub fn set_patience(&mut self, bound: Duration) {
        self.patience = bound;
    }

    /// Opens `url` and waits until the page has loaded.
    pub async fn goto(&self, url: &str) -> anyhow::Result<()> {
        self.client
            .goto(url)
            .await
            .with_context(|| format!("opening {url}"))
    }

    /// What `probe` finds, once it finds something: asked again every `POLL` until the
    /// browser's patience runs out (then an error naming `what` and showing the page).
    async fn until<T>(
        &self,
        what: &str,
        mut probe: impl AsyncFnMut() -> anyhow::Result<Option<T>>,
    ) -> anyhow::Result<T> {
        let deadline = Instant::now() + self.patience;
        loop {
            if let Some(found) = probe().await? {
                return Ok(found);
            }
            if Instant::now() >= deadline {
                return Err(self.timed_out(what).await);
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The first element matching the CSS selector, once there is one.
    pub async fn wait_for(&self, css: &str) -> anyhow::Result<Element> {
        self.until(&format!("`{css}` to appear"), async || {
            match self.client.find(Locator::Css(css)).await {
                Ok(element) => Ok(Some(element)),
                Err(error) if error.is_no_such_element() => Ok(None),
                Err(error) => Err(error).with_context(|| format!("finding `{css}`")),
            }
        })
        .await
    }

    /// The first element matching the CSS selector whose text contains `needle`, once there
    /// is one (an element replaced while it is read is looked for again).
    pub async fn wait_for_text(&self, css: &str, needle: &str) -> anyhow::Result<Element> {
        self.until(&format!("`{css}` to contain {needle:?}"), async || {
            let found = self
                .client
                .find_all(Locator::Css(css))
                .await
                .with_context(|| format!("finding `{css}`"))?;
            for element in found {
                match element.text().await {
                    Ok(text) if text.contains(needle) => return Ok(Some(element)),
                    Ok(_) => {}
                    Err(error) if error.is_stale_element_reference() => {}
                    Err(error) => return Err(error).with_context(|| format!("reading `{css}`")),
                }
            }
            Ok(None)
        })
        .await
    }

    /// The page's title once it starts with `prefix` (the console sets it after a swap
    /// settles, a moment after the rows are in).
    pub async fn wait_for_title(&self, prefix: &str) -> anyhow::Result<String> {
        self.until(&format!("the title to start with {prefix:?}"), async || {
            let title = self.client.title().await.context("reading the title")?;
            Ok(title.starts_with(prefix).then_some(title))
        })
        .await
    }

    /// Returns once no element matches the CSS selector.
    pub async fn wait_for_absent(&self, css: &str) -> anyhow::Result<()> {
        self.until(&format!("`{css}` to go away"), async || {
            let found = self
                .client
                .find_all(Locator::Css(css))
                .await
                .with_context(|| format!("finding `{css}`"))?;
            Ok(found.is_empty().then_some(()))
        })
        .await
    }

    /// Clicks the element matching the CSS selector, once there is one.
    pub async fn click(&self, css: &str) -> anyhow::Result<()> {
        let element = self.wait_for(css).await?;
        element
            .click()
            .await
            .with_context(|| format!("clicking `{css}`"))
    }

    /// Replaces the value of the field matching the CSS selector by typing `value`.
    pub async fn fill(&self, css: &str, value: &str) -> anyhow::Result<()> {
        let field = self.wait_for(css).await?;
        field
            .clear()
            .await
            .with_context(|| format!("clearing `{css}`"))?;
        field
            .send_keys(value)
            .await
            .with_context(|| format!("typing into `{css}`"))
    }

    /// The rendered text of the element matching the CSS selector, once there is one.
    pub async fn text(&self, css: &str) -> anyhow::Result<String> {
        let element = self.wait_for(css).await?;
        element
            .text()
            .await
            .with_context(|| format!("reading `{css}`"))
    }

    /// Sets a cookie (path `/`, `SameSite=Lax`) for the site of the page open now (open a page
    /// of the site first).
    pub async fn set_cookie(&self, name: &str, value: &str) -> anyhow::Result<()> {
        let url = self.client.current_url().await?;
        let host = url
            .host_str()
            .with_context(|| format!("no site to set a cookie for at {url}"))?;
        // Spelled out, because fantoccini sends what is unset as a null domain (chromedriver
        // refuses it) and `SameSite=None` (Chromium refuses it without `Secure`).
        let mut cookie = Cookie::new(name.to_owned(), value.to_owned());
        cookie.set_domain(host.to_owned());
        cookie.set_path("/");
        cookie.set_same_site(SameSite::Lax);
        self.client
            .add_cookie(cookie)
            .await
            .with_context(|| format!("setting the cookie {name}"))
    }

    /// The value of a cookie the page open now can see, if it has one by that name.
    pub async fn cookie(&self, name: &str) -> anyhow::Result<Option<String>> {
        let cookies = self
            .client
            .get_all_cookies()
            .await
            .context("reading the cookies")?;
        Ok(cookies
            .into_iter()
            .find(|cookie| cookie.name() == name)
            .map(|cookie| cookie.value().to_owned()))
    }

    /// Runs JavaScript in the page (a function body: `return …` gives the result; the
    /// arguments are `arguments[0]`, …).
    pub async fn run_js(&self, script: &str, args: Vec<Value>) -> anyhow::Result<Value> {
        self.client
            .execute(script, args)
            .await
            .context("running a script in the page")
    }

    /// Ends the session now (dropping the browser does the same, blocking).
    pub async fn close(mut self) -> anyhow::Result<()> {
        self.client
            .clone()
            .close()
            .await
            .context("ending the browser session")?;
        self.closed = true;
        Ok(())
    }

    async fn timed_out(&self, what: &str) -> anyhow::Error {
        let url = match self.client.current_url().await {
            Ok(url) => url.to_string(),
            Err(error) => format!("(no address: {error})"),
        };
        let page = match self.page_markup().await {
            Ok(markup) => excerpt(&markup),
            Err(error) => format!("(no page: {error})"),
        };
        anyhow!(
            "waited {:?} for {what} on {url}; the page:\n{page}",
            self.patience
        )
    }

    /// The body's markup (the head is mostly styles and scripts), else the whole source.
    async fn page_markup(&self) -> Result<String, CmdError> {
        let body = self
            .client
            .execute(
                "return document.body ? document.body.outerHTML : null;",
                vec![],
            )
            .await?;
        match body {
            Value::String(markup) => Ok(markup),
            _ => self.client.source().await,
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // fantoccini ends a dropped client's session from a task, which never runs once the
        // test's runtime is gone: end it here, synchronously, so Chromium quits before its
        // profile is removed and before the next test starts its own.
        if !self.closed {
            let _ = delete_session(self.driver_port, &self.session);
        }
    }
}

/// `DELETE /session/{id}`, blocking until chromedriver answers (after Chromium has quit).
fn delete_session(port: u16, session: &str) -> std::io::Result<()> {
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(2))?;
    stream.set_read_timeout(Some(SESSION_START))?;
    write!(
        stream,
        "DELETE /session/{session} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    // chromedriver keeps the connection open after its answer: read up to the end of the
    // head, which it sends once the session has ended.
    let mut head = Vec::new();
    let mut chunk = [0_u8; 1024];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        let read = stream.read(&mut chunk)?;
        if read == 0 {
            break;
        }
        head.extend_from_slice(&chunk[..read]);
    }
    Ok(())
}

async fn within<T>(
    bound: Duration,
    work: impl Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    tokio::time::timeout(bound, work)
        .await
        .map_err(|_| anyhow!("no answer within {bound:?}"))?
}

fn capabilities(chromium: &Path, profile: &Path) -> Capabilities {
    let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|arg| (*arg).to_owned()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    let mut capabilities = Capabilities::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": chromium, "args": args }),
    );
    capabilities.insert(
        "timeouts".into(),
        json!({ "pageLoad": 30_000, "script": 10_000, "implicit": 0 }),
    );
    capabilities
}

fn chromedriver_path() -> anyhow::Result<PathBuf> {
    find_chromedriver(
        std::env::var_os("FRONTDESK_TEST_CHROMEDRIVER"),
        std::env::var_os("PATH"),
    )
}

/// chromedriver: the file `FRONTDESK_TEST_CHROMEDRIVER` names, else `chromedriver` on `PATH` (its
/// values given), else an error saying what to install.
pub fn find_chromedriver(
    named: Option<OsString>,
    search_path: Option<OsString>,
) -> anyhow::Result<PathBuf> {
    if let Some(path) = named {
        let path = PathBuf::from(path);
        if !path.is_file() {
            bail!(
                "FRONTDESK_TEST_CHROMEDRIVER is {}, which is not a file",
                path.display()
            );
        }
        return Ok(path);
    }
    search_path
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("chromedriver"))
        .find(|path| path.is_file())
        .context(
            "no chromedriver: the browser tests need Chromium and its driver \
             (`apt-get install chromium chromium-driver`, which scripts/test does), or \
             FRONTDESK_TEST_CHROMEDRIVER naming the driver",
        )
}

fn chromium_path() -> anyhow::Result<PathBuf> {
    let path = std::env::var_os("FRONTDESK_TEST_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if !path.is_file() {
        bail!(
            "no Chromium at {}: install it (`apt-get install chromium chromium-driver`, which \
             scripts/test does) or set FRONTDESK_TEST_CHROMIUM",
            path.display()
        );
    }
    Ok(path)
}

fn free_port() -> anyhow::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

fn spawn_watchdog(driver_pid: u32, dir: &Path) -> anyhow::Result<ChildStdin> {
    let mut watchdog = Command::new("sh")
        .arg("-c")
        .arg(WATCHDOG)
        .arg("frontdesk-browser-watchdog")
        .arg(driver_pid.to_string())
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .context("starting the browsers' watchdog (sh)")?;
    watchdog
        .stdin
        .take()
        .context("the watchdog's standard input")
}

/// Polls chromedriver's `/status` until it says it is ready.
async fn wait_ready(url: &str, child: &mut Child) -> anyhow::Result<()> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()?;
    let deadline = Instant::now() + DRIVER_START;
    loop {
        if let Some(status) = child.try_wait()? {
            bail!("chromedriver exited ({status})");
        }
        if let Ok(response) = http.get(format!("{url}/status")).send().await {
            let status: Value = response.json().await.unwrap_or_default();
            if status["value"]["ready"] == json!(true) {
                return Ok(());
            }
        }
        if Instant::now() >= deadline {
            bail!("chromedriver was not ready within {DRIVER_START:?}");
        }
        tokio::time::sleep(POLL).await;
    }
}

fn log_tail(dir: &Path) -> String {
    match std::fs::read_to_string(dir.join("chromedriver.log")) {
        Ok(log) => {
            let lines: Vec<&str> = log.lines().collect();
            lines[lines.len().saturating_sub(20)..].join("\n")
        }
        Err(error) => format!("(unreadable: {error})"),
    }
}

fn excerpt(markup: &str) -> String {
    let total = markup.chars().count();
    if total <= EXCERPT_CHARS {
        return markup.to_owned();
    }
    let shown: String = markup.chars().take(EXCERPT_CHARS).collect();
    format!("{shown}… ({} more characters)", total - EXCERPT_CHARS)
}
