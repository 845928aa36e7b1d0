//! `spawn_app` and the request helpers every test uses. Each app gets its own Redis key
//! prefix (or embedded file), so tests never see each other's data.

use chrono::{DateTime, TimeZone, Utc};
use frontdesk::access::Role;
use frontdesk::background::outbox::Outbox;
use frontdesk::background::worker::Worker;
use frontdesk::clock::Clock;
use frontdesk::domain::conversation::Conversation;
use frontdesk::domain::event::{Channel, ConversationKey};
use frontdesk::domain::page::PageFile;
use frontdesk::pages::PageDirectory;
use frontdesk::settings::{AppSecrets, OutboxSettings, Settings, StaffMember};
use frontdesk::startup::Application;
use frontdesk::store::{AnyStore, ConversationStore};
use hmac::{Hmac, KeyInit, Mac};
use secrecy::SecretString;
use serde_json::json;
use sha2::Sha256;
use tokio_util::sync::CancellationToken;
use wiremock::MockServer;

pub const APP_ID: &str = "948271635012345";
pub const APP_SECRET: &str = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
pub const VERIFY_TOKEN: &str = "meatyhamhock";
pub const API_TOKEN: &str = "staff-token-for-tests";
/// Staff tokens: Jana and Petr work on the example page, Olga on the other one.
pub const JANA: &str = "token-of-jana";
pub const PETR: &str = "token-of-petr";
pub const OLGA_OTHER_PAGE: &str = "token-of-olga";
/// Admin of `PAGE_ID`.
pub const EVA_ADMIN: &str = "token-of-eva";
/// Admin of `OTHER_PAGE_ID`.
pub const OSKAR_ADMIN_OTHER_PAGE: &str = "token-of-oskar";
pub const OTHER_PAGE_ID: &str = "209384756102938";
pub const PAGE_ID: &str = "104857600123456";
pub const PAGE_TOKEN: &str = "EAAGm0PX4ZCpsBAKZB0dExamplePageToken123";
pub const CUSTOMER: &str = "7034819265011234";
pub const X_APP_ID: &str = "29401847";
pub const X_CONSUMER_SECRET: &str = "Kx7pQ2mN9vR4tY8wZ3aB6cD1eF5gH0jL2nP4qS7uV9xA3bC6dE";
pub const X_ACCOUNT: &str = "1602317347845976187";
pub const X_TOKEN: &str = "x-oauth2-user-token-example";
/// The key that encrypts the tokens in the tests' stores (`secrets_keys`); the secrets tests
/// bring their own.
pub const SECRETS_KEY: &str = "test1:25g4M42FDqpgac3EtOLKyT5KGbzBt85ml5IeURjAkj8=";
pub const X_CUSTOMER: &str = "1428747032328024187";

/// Tuesday 2026-11-24 10:00 in Prague: inside the example page's office hours.
pub fn tuesday_morning() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
}

/// Friday 2026-11-27 22:00 in Prague: closed until Monday 9:00.
pub fn friday_night() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 21, 0, 0).unwrap()
}

pub fn redis_url() -> String {
    std::env::var("FRONTDESK_TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

/// Which store a test app runs on.
#[derive(Clone)]
pub enum Backend {
    /// Redis under this key prefix.
    Redis(String),
    /// The tests' Redis Cluster under this key prefix, over four partitions.
    RedisCluster(String),
    /// The embedded store in this file.
    Embedded(std::path::PathBuf),
}

impl Backend {
    pub fn fresh_redis() -> Self {
        Backend::Redis(format!("test:{}:", uuid::Uuid::new_v4()))
    }

    pub fn fresh_redis_cluster() -> Self {
        Backend::RedisCluster(format!("test:{}:", uuid::Uuid::new_v4()))
    }
}

pub struct TestApp {
    pub address: String,
    pub clock: Clock,
    pub graph: MockServer,
    pub store: AnyStore,
    pub pages: PageDirectory,
    pub worker: Worker,
    pub outbox: Outbox,
    pub x_accounts: frontdesk::x_account::XAccounts,
    pub retention: frontdesk::background::retention::Retention,
    pub backend: Backend,
    shutdown: CancellationToken,
    running: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    /// Whether dropping the app deletes its Redis keys; not after `stop`, whose data the
    /// next instance must find.
    purge_on_drop: bool,
    http: reqwest::Client,
}

pub fn test_settings(backend: &Backend, graph: &MockServer) -> Settings {
    let mut settings = Settings {
        bind: "127.0.0.1:0".into(),
        ..Settings::default()
    };
    match backend {
        Backend::Redis(prefix) => {
            settings.redis_url = Some(redis_url());
            settings.key_prefix = prefix.clone();
        }
        Backend::RedisCluster(prefix) => {
            settings.redis_cluster_nodes = redis_cluster_nodes()
                .into_iter()
                .map(SecretString::from)
                .collect();
            settings.redis_partitions = 4;
            settings.key_prefix = prefix.clone();
        }
        Backend::Embedded(path) => settings.data_file = path.clone(),
    }
    settings.page_cache_ttl_ms = 0;
    settings.secrets_keys = vec![SecretString::from(SECRETS_KEY.to_owned())];
    settings.messenger.graph_api_base = graph.uri();
    settings.messenger.verify_token = Some(SecretString::from(VERIFY_TOKEN.to_owned()));
    settings.messenger.apps = vec![AppSecrets {
        id: APP_ID.into(),
        secrets: vec![SecretString::from(APP_SECRET.to_owned())],
    }];
    settings.x.api_base = graph.uri();
    settings.x.apps = vec![AppSecrets {
        id: X_APP_ID.into(),
        secrets: vec![SecretString::from(X_CONSUMER_SECRET.to_owned())],
    }];
    settings.api.token = Some(SecretString::from(API_TOKEN.to_owned()));
    settings.api.staff = [
        ("Jana", JANA, PAGE_ID, Role::Agent),
        ("Petr", PETR, PAGE_ID, Role::Agent),
        ("Olga", OLGA_OTHER_PAGE, OTHER_PAGE_ID, Role::Agent),
        ("Eva", EVA_ADMIN, PAGE_ID, Role::Admin),
        ("Oskar", OSKAR_ADMIN_OTHER_PAGE, OTHER_PAGE_ID, Role::Admin),
    ]
    .into_iter()
    .map(|(name, token, page, role)| StaffMember {
        name: name.into(),
        token: SecretString::from(token.to_owned()),
        pages: vec![page.into()],
        role,
    })
    .collect();
    // Tests drive the worker and the sender by hand.
    settings.worker.enabled = false;
    settings.worker.reclaim_after_ms = 60_000;
    settings.outbox = OutboxSettings {
        timeout_ms: 2_000,
        max_attempts: 3,
        backoff_base_ms: 10,
        backoff_max_ms: 50,
        give_up_after_ms: 3_600_000,
        max_in_flight: 16,
    };
    settings
}

pub async fn spawn_app() -> TestApp {
    spawn_app_on(Backend::fresh_redis(), tuesday_morning()).await
}

pub async fn spawn_app_on(backend: Backend, now: DateTime<Utc>) -> TestApp {
    let graph = MockServer::start().await;
    let settings = test_settings(&backend, &graph);
    spawn_with(settings, backend, graph, now).await
}

pub async fn spawn_with(
    settings: Settings,
    backend: Backend,
    graph: MockServer,
    now: DateTime<Utc>,
) -> TestApp {
    let clock = Clock::fixed(now);
    let app = Application::build(settings, clock.clone())
        .await
        .expect("the application builds");
    let mut test_app = TestApp {
        address: format!("http://127.0.0.1:{}", app.port()),
        clock,
        graph,
        store: app.store().clone(),
        pages: app.pages().clone(),
        worker: app.worker().clone(),
        outbox: app.outbox().clone(),
        x_accounts: app.x_accounts().clone(),
        retention: app.retention().clone(),
        backend,
        shutdown: app.shutdown_token(),
        running: None,
        purge_on_drop: true,
        // No idle connections: the server's graceful stop would wait for them to time out.
        http: reqwest::Client::builder()
            .pool_max_idle_per_host(0)
            .build()
            .expect("http client"),
    };
    test_app.running = Some(tokio::spawn(app.run_until_stopped()));
    test_app.add_page(example_page()).await;
    test_app
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.shutdown.cancel();
        match (&self.backend, self.purge_on_drop) {
            (Backend::Redis(prefix), true) => purge_prefix(prefix),
            (Backend::RedisCluster(prefix), true) => purge_cluster_prefix(prefix),
            _ => {}
        }
    }
}

/// Deletes every key under a test's prefix, so a shared Redis does not fill up with test data.
pub fn purge_prefix(prefix: &str) {
    let Ok(mut conn) = redis::Client::open(redis_url()).and_then(|c| c.get_connection()) else {
        return;
    };
    let keys: Vec<String> = redis::cmd("KEYS")
        .arg(format!("{prefix}*"))
        .query(&mut conn)
        .unwrap_or_default();
    if !keys.is_empty() {
        let _: redis::RedisResult<()> = redis::cmd("DEL").arg(keys).query(&mut conn);
    }
}

/// The nodes of the tests' Redis Cluster (`scripts/test` starts one and sets
/// `FRONTDESK_TEST_REDIS_CLUSTER`), comma-separated.
pub fn redis_cluster_nodes() -> Vec<String> {
    let nodes = std::env::var("FRONTDESK_TEST_REDIS_CLUSTER").expect(
        "FRONTDESK_TEST_REDIS_CLUSTER names no Redis Cluster: run the tests with scripts/test, which starts one (scripts/redis-cluster.sh), or start one and set it",
    );
    nodes
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Deletes a test's keys on every node of the tests' Redis Cluster.
pub fn purge_cluster_prefix(prefix: &str) {
    for node in redis_cluster_nodes() {
        let Ok(mut conn) = redis::Client::open(node).and_then(|c| c.get_connection()) else {
            continue;
        };
        let keys: Vec<String> = redis::cmd("KEYS")
            .arg(format!("{prefix}*"))
            .query(&mut conn)
            .unwrap_or_default();
        for key in keys {
            let _: redis::RedisResult<()> = redis::cmd("DEL").arg(key).query(&mut conn);
        }
    }
}

/// The example X account of `responses/pages/`.
pub fn example_x_page() -> PageFile {
    PageFile::from_toml(include_str!("../../responses/pages/example-x.toml"))
        .expect("the example x page parses")
}

/// Signs like X: `sha256=` + base64 HMAC-SHA256 with the consumer secret.
pub fn sign_x(body: &[u8]) -> String {
    use base64::Engine;
    let mut mac =
        Hmac::<Sha256>::new_from_slice(X_CONSUMER_SECRET.as_bytes()).expect("any key length");
    mac.update(body);
    format!(
        "sha256={}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    )
}

/// An X delivery with direct messages from `X_CUSTOMER`, each `(id, text)`.
pub fn x_dms(messages: &[(&str, &str)], sent_at: DateTime<Utc>) -> Vec<u8> {
    let events: Vec<_> = messages
        .iter()
        .map(|(id, text)| {
            json!({"type": "message_create", "id": id, "created_timestamp": sent_at.timestamp_millis().to_string(),
                   "message_create": {"target": {"recipient_id": X_ACCOUNT}, "sender_id": X_CUSTOMER,
                                      "message_data": {"text": text}}})
        })
        .collect();
    serde_json::to_vec(&json!({"for_user_id": X_ACCOUNT, "direct_message_events": events}))
        .expect("json")
}

/// The example page with its FAQ read in, as `frontdesk pages import` stores it.
pub fn example_page_with_faq() -> PageFile {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("responses/pages/example.toml");
    frontdesk::pages::read_page_file(&path).expect("the example page and its faq read")
}

/// The example page of `responses/pages/`.
pub fn example_page() -> PageFile {
    PageFile::from_toml(include_str!("../../responses/pages/example.toml"))
        .expect("the example page parses")
}

pub fn sign(body: &[u8], secret: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// A Messenger text message, compact as Meta sends it.
pub fn text_message(mid: &str, text: &str, sent_at: DateTime<Utc>) -> serde_json::Value {
    json!({
        "sender": {"id": CUSTOMER},
        "recipient": {"id": PAGE_ID},
        "timestamp": sent_at.timestamp_millis(),
        "message": {"mid": mid, "text": text}
    })
}

/// A delivery with one entry for `page` holding `events`.
pub fn delivery(page: &str, events: Vec<serde_json::Value>) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "object": "page",
        "entry": [{"id": page, "time": 1_764_000_000_000_i64, "messaging": events}]
    }))
    .expect("json")
}

pub fn conversation_key() -> ConversationKey {
    ConversationKey {
        channel: Channel::Messenger,
        page_id: PAGE_ID.into(),
        customer_id: CUSTOMER.into(),
    }
}

/// The API path of a conversation (`/api/conversations/{channel}/{page}/{customer}`).
pub fn conversation_path(key: &ConversationKey) -> String {
    format!(
        "/api/conversations/{}/{}/{}",
        key.channel, key.page_id, key.customer_id
    )
}

/// The API path of a conversation's action (`claim`, `reply`, `notes`, …).
pub fn conversation_action(key: &ConversationKey, action: &str) -> String {
    format!("{}/{action}", conversation_path(key))
}

/// The key of a conversation on `channel` between `page` and `customer`.
pub fn conversation_key_of(channel: Channel, page: &str, customer: &str) -> ConversationKey {
    ConversationKey {
        channel,
        page_id: page.into(),
        customer_id: customer.into(),
    }
}

/// The admin API path of a page (`/api/pages/{id}`).
pub fn page_path(id: &str) -> String {
    format!("/api/pages/{id}")
}

impl TestApp {
    /// Stops the application and waits until it has let go of its store, as a process that
    /// died would have.
    pub async fn stop(mut self) {
        self.purge_on_drop = false;
        self.shutdown.cancel();
        if let Some(running) = self.running.take() {
            running
                .await
                .expect("app task")
                .expect("app stopped cleanly");
        }
    }

    pub async fn add_page(&self, page: PageFile) {
        self.pages
            .save(&page, "test", self.clock.now())
            .await
            .expect("the page saves");
    }

    pub async fn post_x(&self, body: &[u8], signature: Option<&str>) -> reqwest::Response {
        let mut request = self
            .http
            .post(format!("{}/webhooks/x", self.address))
            .header("content-type", "application/json")
            .body(body.to_vec());
        if let Some(signature) = signature {
            request = request.header("x-twitter-webhooks-signature", signature);
        }
        request.send().await.expect("request sent")
    }

    pub async fn post_messenger(&self, body: &[u8], signature: Option<&str>) -> reqwest::Response {
        let mut request = self
            .http
            .post(format!("{}/webhooks/messenger", self.address))
            .header("content-type", "application/json")
            .body(body.to_vec());
        if let Some(signature) = signature {
            request = request.header("x-hub-signature-256", signature);
        }
        request.send().await.expect("request sent")
    }

    /// Posts a correctly signed delivery.
    pub async fn post_signed(&self, body: &[u8]) -> reqwest::Response {
        self.post_messenger(body, Some(&sign(body, APP_SECRET)))
            .await
    }

    pub async fn post_json(
        &self,
        path: &str,
        token: &str,
        body: serde_json::Value,
    ) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.address))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("request sent")
    }

    /// Any request with an optional bearer token and JSON body.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<serde_json::Value>,
    ) -> reqwest::Response {
        let mut request = self.http.request(method, format!("{}{path}", self.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("request sent")
    }

    /// A request with a raw JSON-typed body (for malformed bodies).
    pub async fn http_raw(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: &str,
    ) -> reqwest::Response {
        self.http
            .request(method, format!("{}{path}", self.address))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .expect("request sent")
    }

    pub async fn get(&self, path_and_query: &str, token: Option<&str>) -> reqwest::Response {
        let mut request = self.http.get(format!("{}{path_and_query}", self.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request sent")
    }

    /// Makes the stubbed Send API accept every message.
    pub async fn accept_sends(&self) {
        wiremock::Mock::given(wiremock::matchers::method("POST"))
            .and(wiremock::matchers::path("/me/messages"))
            .respond_with(
                wiremock::ResponseTemplate::new(200).set_body_json(json!({"message_id": "m_out"})),
            )
            .mount(&self.graph)
            .await;
    }

    /// Runs the worker and then the sender until nothing is left, retries included: the
    /// fixed clock jumps to each deferred reply's next attempt (as time would pass).
    pub async fn drain(&self) {
        self.worker
            .process_pending()
            .await
            .expect("events processed");
        self.send_all().await;
    }

    /// Sends what is due, then moves the clock to each next retry and sends again, until no
    /// reply waits.
    pub async fn send_all(&self) {
        for _ in 0..100 {
            self.outbox.send_pending().await.expect("replies sent");
            match self.outbox.next_retry_at().await.expect("store readable") {
                Some(due) => self.clock.set(due.max(self.clock.now())),
                None => return,
            }
        }
        panic!("replies were still being retried after 100 rounds");
    }

    pub async fn conversation(&self) -> Conversation {
        self.store
            .conversation(&conversation_key())
            .await
            .expect("store readable")
            .expect("the conversation exists")
    }

    /// The texts sent through the Send API, in order.
    pub async fn sent_texts(&self) -> Vec<String> {
        self.sent_strings(|body| &body["message"]["text"]).await
    }

    /// The customers the Send API was asked to write to, in order.
    pub async fn sent_recipients(&self) -> Vec<String> {
        self.sent_strings(|body| &body["recipient"]["id"]).await
    }

    /// One string field of each JSON body sent to the Graph stub, in order.
    async fn sent_strings(
        &self,
        field: impl Fn(&serde_json::Value) -> &serde_json::Value,
    ) -> Vec<String> {
        self.graph
            .received_requests()
            .await
            .unwrap_or_default()
            .iter()
            .filter_map(|r| serde_json::from_slice::<serde_json::Value>(&r.body).ok())
            .filter_map(|b| field(&b).as_str().map(str::to_owned))
            .collect()
    }
}

/// A TCP proxy in front of the test Redis. Its connections can be cut, as when Redis
/// restarts (new ones still get through), or it can go dark: connections cut, new ones
/// accepted but never answered, as when the store's host stops responding.
pub struct RedisProxy {
    pub url: String,
    down: std::sync::Arc<std::sync::atomic::AtomicBool>,
    connections: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>>,
    accepting: tokio::task::AbortHandle,
}

impl RedisProxy {
    pub async fn start() -> Self {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("redis://{}", listener.local_addr().unwrap());
        let upstream = redis_url()
            .trim_start_matches("redis://")
            .trim_end_matches('/')
            .to_owned();
        let down = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let connections = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (flag, open) = (down.clone(), connections.clone());
        let accepting = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((mut client, _)) = listener.accept().await {
                if flag.load(Ordering::SeqCst) {
                    held.push(client);
                    continue;
                }
                let Ok(mut server) = tokio::net::TcpStream::connect(upstream.as_str()).await else {
                    continue;
                };
                let connection = tokio::spawn(async move {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                });
                open.lock().unwrap().push(connection.abort_handle());
            }
        })
        .abort_handle();
        RedisProxy {
            url,
            down,
            connections,
            accepting,
        }
    }

    /// Closes every connection made so far; new ones get through.
    pub fn cut(&self) {
        for connection in self.connections.lock().unwrap().drain(..) {
            connection.abort();
        }
    }

    pub fn go_down(&self) {
        self.down.store(true, std::sync::atomic::Ordering::SeqCst);
        self.cut();
    }
}

impl Drop for RedisProxy {
    fn drop(&mut self) {
        self.accepting.abort();
        self.cut();
    }
}
