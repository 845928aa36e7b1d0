//! Secrets at rest, on both stores: the pages' access tokens (with every stored version) and
//! the X accounts' OAuth tokens are encrypted with `secrets_keys`, as the store's raw bytes
//! show; a rotated key still sends, `reencrypt` lets the old key go, a store with tokens
//! under a missing key is refused, and plain tokens from before a key are encrypted on the
//! first start with one.

use std::sync::Arc;
use std::time::Duration;

use frontdesk::channels::Clients;
use frontdesk::channels::x::api::OAuthClient;
use frontdesk::clock::Clock;
use frontdesk::domain::event::Channel;
use frontdesk::domain::page::PageFile;
use frontdesk::metrics::Metrics;
use frontdesk::settings::Settings;
use frontdesk::startup::Application;
use frontdesk::store::embedded::EmbeddedStore;
use frontdesk::store::redis::RedisStore;
use frontdesk::store::{AnyStore, PageStore, PageVersion};
use frontdesk::x_account::XAccounts;
use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use wiremock::matchers::{body_string_contains, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;

const OLD_KEY: &str = "old:Z58IvtYxzv2nubOIiNmN7xqGv+2zbPcM6GByFaLVyWw=";
const NEW_KEY: &str = "new:HjZ59rKBOOAi0WKtEExEd/3bYQ+WYiKNDxhMLhQ7CRo=";
const X_REFRESH: &str = "xrefresh-Qm8vT2kLp4ZrWd6";
const X_ACCESS_ROTATED: &str = "xaccess-7Hq2Lm9PsD4fGj1";
const X_REFRESH_ROTATED: &str = "xrefresh-3Vb8Nc1KtY5uRe0";
/// The page's token after an admin changed it (the first one stays in the old version).
const PAGE_TOKEN_CHANGED: &str = "EAAGchangedTok9Wq3Zx7Lp2Vb6Nm4";
const TOKEN_PATH: &str = "/2/oauth2/token";

/// Every token these tests put in a store.
const TOKENS: &[&str] = &[
    PAGE_TOKEN,
    PAGE_TOKEN_CHANGED,
    X_TOKEN,
    X_REFRESH,
    X_ACCESS_ROTATED,
    X_REFRESH_ROTATED,
];

fn settings(backend: &Backend, graph: &MockServer, keys: &[&str]) -> Settings {
    let mut settings = test_settings(backend, graph);
    settings.secrets_keys = keys
        .iter()
        .map(|key| SecretString::from((*key).to_owned()))
        .collect();
    settings.x.oauth_client_id = Some("frontdesk-test-client".into());
    settings
}

async fn start(backend: &Backend, keys: &[&str]) -> TestApp {
    let graph = MockServer::start().await;
    let settings = settings(backend, &graph, keys);
    spawn_with(settings, backend.clone(), graph, tuesday_morning()).await
}

/// Stops the app and, for the embedded store, waits until its file is free again.
async fn stop(app: TestApp) {
    let backend = app.backend.clone();
    app.stop().await;
    if let Backend::Embedded(file) = &backend {
        for _ in 0..100 {
            if EmbeddedStore::open(file, Duration::ZERO).is_ok() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the app never released {}", file.display());
    }
}

fn x_page() -> PageFile {
    let mut page = example_x_page();
    page.refresh_token = Some(SecretString::from(X_REFRESH.to_owned()));
    page
}

/// The X account's token endpoint rotates the configured pair once.
async fn x_rotates_once(app: &TestApp) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_string_contains(format!("refresh_token={X_REFRESH}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "bearer", "expires_in": 7200, "access_token": X_ACCESS_ROTATED,
            "scope": "dm.write dm.read tweet.read users.read offline.access",
            "refresh_token": X_REFRESH_ROTATED
        })))
        .expect(1)
        .mount(&app.graph)
        .await;
}

/// A customer writes (each `customer` its own conversation) and the acknowledgement goes out
/// through the Graph stub, which accepts only the page's real token.
async fn reply_is_sent_with_the_page_token(app: &TestApp, customer: &str) {
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .and(query_param("access_token", PAGE_TOKEN))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"recipient_id": customer, "message_id": "m_sent"})),
        )
        .expect(1)
        .mount(&app.graph)
        .await;
    let mut message = text_message(
        &format!("m_{customer}"),
        "Kde je můj balík?",
        tuesday_morning(),
    );
    message["sender"]["id"] = customer.into();
    assert_eq!(
        app.post_signed(&delivery(PAGE_ID, vec![message]))
            .await
            .status(),
        200
    );
    app.drain().await;
    app.graph.verify().await;
}

/// Every key and value under the test's prefix, as Redis holds them.
fn raw_redis(prefix: &str) -> Vec<(String, String)> {
    let mut conn = redis::Client::open(redis_url())
        .unwrap()
        .get_connection()
        .unwrap();
    let keys: Vec<String> =
        redis::Commands::scan_match::<_, String>(&mut conn, format!("{prefix}*"))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
    let mut raw = Vec::new();
    for key in keys {
        let kind: String = redis::cmd("TYPE").arg(&key).query(&mut conn).unwrap();
        let value: redis::Value = match kind.as_str() {
            "string" => redis::cmd("GET").arg(&key).query(&mut conn),
            "hash" => redis::cmd("HGETALL").arg(&key).query(&mut conn),
            "set" => redis::cmd("SMEMBERS").arg(&key).query(&mut conn),
            "list" => redis::cmd("LRANGE")
                .arg(&key)
                .arg(0)
                .arg(-1)
                .query(&mut conn),
            "zset" => redis::cmd("ZRANGE")
                .arg(&key)
                .arg(0)
                .arg(-1)
                .query(&mut conn),
            "stream" => redis::cmd("XRANGE")
                .arg(&key)
                .arg("-")
                .arg("+")
                .query(&mut conn),
            other => panic!("{key} is a {other}"),
        }
        .unwrap();
        raw.push((key, flatten(&value)));
    }
    raw
}

fn flatten(value: &redis::Value) -> String {
    match value {
        redis::Value::BulkString(bytes) => String::from_utf8_lossy(bytes).into_owned(),
        redis::Value::SimpleString(text) => text.clone(),
        redis::Value::Array(items) | redis::Value::Set(items) => {
            items.iter().map(flatten).collect::<Vec<_>>().join("\n")
        }
        redis::Value::Map(pairs) => pairs
            .iter()
            .map(|(k, v)| format!("{}\n{}", flatten(k), flatten(v)))
            .collect::<Vec<_>>()
            .join("\n"),
        other => format!("{other:?}"),
    }
}

const PAGES: TableDefinition<&str, &str> = TableDefinition::new("pages");
const PAGE_VERSIONS: TableDefinition<(&str, u64), &str> = TableDefinition::new("page_versions");
const VALUES: TableDefinition<&str, &str> = TableDefinition::new("values");

/// The records of the redb tables that hold tokens, as stored.
fn raw_redb(file: &std::path::Path) -> Vec<(String, String)> {
    let db = redb::Database::open(file).unwrap();
    let txn = db.begin_read().unwrap();
    let mut raw = Vec::new();
    for row in txn.open_table(PAGES).unwrap().iter().unwrap() {
        let (key, value) = row.unwrap();
        raw.push((format!("pages {}", key.value()), value.value().to_owned()));
    }
    for row in txn.open_table(PAGE_VERSIONS).unwrap().iter().unwrap() {
        let (key, value) = row.unwrap();
        let (page, version) = key.value();
        raw.push((
            format!("page_versions {page} {version}"),
            value.value().to_owned(),
        ));
    }
    for row in txn.open_table(VALUES).unwrap().iter().unwrap() {
        let (key, value) = row.unwrap();
        raw.push((format!("values {}", key.value()), value.value().to_owned()));
    }
    raw
}

/// The store's records as raw text; the app must be stopped first for the embedded store.
fn raw(backend: &Backend) -> Vec<(String, String)> {
    match backend {
        Backend::Redis(prefix) => raw_redis(prefix),
        Backend::Embedded(file) => raw_redb(file),
        Backend::RedisCluster(_) => panic!("the secrets tests run on one Redis server"),
    }
}

/// A token shows in a record: any 8 characters of it.
fn shows(record: &str, token: &str) -> bool {
    token
        .as_bytes()
        .windows(8)
        .any(|window| record.contains(std::str::from_utf8(window).unwrap()))
}

fn assert_no_token_in(raw: &[(String, String)]) {
    for (key, value) in raw {
        for token in TOKENS {
            assert!(
                !shows(key, token) && !shows(value, token),
                "{token} shows in {key}: {value}"
            );
        }
    }
}

/// The stored form of every token field and X token record: `sealed:v1:<key id>:…`.
fn sealed_tokens(raw: &[(String, String)]) -> Vec<String> {
    let mut sealed = Vec::new();
    for (key, value) in raw {
        if key.contains("x:tokens:") {
            sealed.push(value.clone());
            continue;
        }
        for field in ["access_token", "refresh_token"] {
            let marker = format!("\"{field}\":\"");
            for (start, _) in value.match_indices(&marker) {
                let rest = &value[start + marker.len()..];
                sealed.push(rest[..rest.find('"').unwrap()].to_owned());
            }
        }
    }
    sealed
}

fn assert_all_sealed_with(raw: &[(String, String)], key_id: &str) {
    let sealed = sealed_tokens(raw);
    // Two Messenger page versions and the current page, the X page and its version, the
    // X pair: at least six tokens.
    assert!(sealed.len() >= 6, "{sealed:?}");
    for token in sealed {
        assert!(
            token.starts_with(&format!("sealed:v1:{key_id}:")),
            "{token} is not sealed with {key_id}"
        );
    }
}

/// Pages with tokens in their current configuration and an older version, and an X account
/// whose pair was rotated (kept by `x_account`).
async fn store_tokens(app: &TestApp) {
    app.add_page(x_page()).await;
    x_rotates_once(app).await;
    let token = app.x_accounts.user_token(X_ACCOUNT).await.unwrap().unwrap();
    assert_eq!(token.expose_secret(), X_ACCESS_ROTATED);
    let changed = app
        .call(
            reqwest::Method::PATCH,
            &page_path(PAGE_ID),
            Some(API_TOKEN),
            Some(json!({"access_token": PAGE_TOKEN_CHANGED})),
        )
        .await;
    assert_eq!(changed.status(), 200);
    let back = app
        .call(
            reqwest::Method::PATCH,
            &page_path(PAGE_ID),
            Some(API_TOKEN),
            Some(json!({"access_token": PAGE_TOKEN})),
        )
        .await;
    assert_eq!(back.status(), 200);
}

async fn tokens_are_encrypted_at_rest(backend: Backend) {
    let app = start(&backend, &[OLD_KEY]).await;
    store_tokens(&app).await;
    // Read back through the store, every token is the plain one.
    let page = app
        .store
        .load_page(Channel::Messenger, PAGE_ID)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(page.access_token.expose_secret(), PAGE_TOKEN);
    let versions = app
        .store
        .page_versions(Channel::Messenger, PAGE_ID)
        .await
        .unwrap();
    let tokens: Vec<&str> = versions
        .iter()
        .filter_map(|v| v.page.as_ref())
        .map(|p| p.access_token.expose_secret())
        .collect();
    assert_eq!(tokens, [PAGE_TOKEN, PAGE_TOKEN_CHANGED, PAGE_TOKEN]);
    stop(app).await;

    let raw = raw(&backend);
    assert_no_token_in(&raw);
    assert_all_sealed_with(&raw, "old");
    if let Backend::Embedded(file) = &backend {
        // No token was ever written in plain text, so not even the file's free pages hold one.
        let bytes = std::fs::read(file).unwrap();
        for token in TOKENS {
            for window in token.as_bytes().windows(8) {
                assert!(
                    !bytes.windows(8).any(|w| w == window),
                    "{token} shows in the file"
                );
            }
        }
    }
}

#[tokio::test]
async fn tokens_are_encrypted_at_rest_on_redis() {
    let backend = Backend::fresh_redis();
    tokens_are_encrypted_at_rest(backend.clone()).await;
    if let Backend::Redis(prefix) = &backend {
        purge_prefix(prefix);
    }
}

#[tokio::test]
async fn tokens_are_encrypted_at_rest_on_the_embedded_store() {
    let dir = tempfile::tempdir().unwrap();
    tokens_are_encrypted_at_rest(Backend::Embedded(dir.path().join("frontdesk.redb"))).await;
}

async fn a_rotated_key_still_sends_and_reencrypt_lets_the_old_key_go(backend: Backend) {
    let app = start(&backend, &[OLD_KEY]).await;
    store_tokens(&app).await;
    stop(app).await;

    // A new key first, the old one kept: what the old key encrypted still opens.
    let app = start(&backend, &[NEW_KEY, OLD_KEY]).await;
    reply_is_sent_with_the_page_token(&app, "7034819265011234").await;
    let token = app.x_accounts.user_token(X_ACCOUNT).await.unwrap().unwrap();
    assert_eq!(token.expose_secret(), X_ACCESS_ROTATED);
    assert_eq!(app.store.keys_in_use().await.unwrap(), ["new", "old"]);
    let done = app.store.reencrypt().await.unwrap();
    assert!(done.were_other_key >= 6, "{done:?}");
    assert_eq!(done.were_plain, 0, "{done:?}");
    assert_eq!(app.store.keys_in_use().await.unwrap(), ["new"]);
    stop(app).await;
    let stored = raw(&backend);
    assert_no_token_in(&stored);
    assert_all_sealed_with(&stored, "new");

    // The old key removed: everything still opens.
    let app = start(&backend, &[NEW_KEY]).await;
    reply_is_sent_with_the_page_token(&app, "6619027734458810").await;
    let token = app.x_accounts.user_token(X_ACCOUNT).await.unwrap().unwrap();
    assert_eq!(token.expose_secret(), X_ACCESS_ROTATED);
}

#[tokio::test]
async fn a_rotated_key_still_sends_and_reencrypt_lets_the_old_key_go_on_redis() {
    a_rotated_key_still_sends_and_reencrypt_lets_the_old_key_go(Backend::fresh_redis()).await;
}

#[tokio::test]
async fn a_rotated_key_still_sends_and_reencrypt_lets_the_old_key_go_on_the_embedded_store() {
    let dir = tempfile::tempdir().unwrap();
    a_rotated_key_still_sends_and_reencrypt_lets_the_old_key_go(Backend::Embedded(
        dir.path().join("frontdesk.redb"),
    ))
    .await;
}

/// Building the app fails; the error as the command line prints it.
async fn refused(backend: &Backend, keys: &[&str]) -> String {
    let graph = MockServer::start().await;
    match Application::build(
        settings(backend, &graph, keys),
        Clock::fixed(tuesday_morning()),
    )
    .await
    {
        Ok(_) => panic!("the app started with keys {keys:?}"),
        Err(error) => format!("{error:#}"),
    }
}

async fn a_store_with_tokens_under_a_missing_key_is_refused(backend: Backend) {
    let app = start(&backend, &[OLD_KEY]).await;
    stop(app).await;

    let error = refused(&backend, &[NEW_KEY]).await;
    assert!(
        error.contains("key `old`") && error.contains("secrets_keys"),
        "{error}"
    );
    assert!(
        !error.contains(OLD_KEY) && !error.contains(NEW_KEY),
        "{error}"
    );
    let error = refused(&backend, &[]).await;
    assert!(error.contains("secrets_keys"), "{error}");
    if let Backend::Embedded(_) = backend {
        assert!(error.contains("key `old`"), "{error}");
    }

    // Nothing was changed by the refusals: with the key back, it starts and sends.
    let app = start(&backend, &[NEW_KEY, OLD_KEY]).await;
    reply_is_sent_with_the_page_token(&app, "7034819265011234").await;
}

#[tokio::test]
async fn a_store_with_tokens_under_a_missing_key_is_refused_on_redis() {
    a_store_with_tokens_under_a_missing_key_is_refused(Backend::fresh_redis()).await;
}

#[tokio::test]
async fn a_store_with_tokens_under_a_missing_key_is_refused_on_the_embedded_store() {
    let dir = tempfile::tempdir().unwrap();
    a_store_with_tokens_under_a_missing_key_is_refused(Backend::Embedded(
        dir.path().join("frontdesk.redb"),
    ))
    .await;
}

/// The backend without keys, as frontdesk wrote it before tokens were encrypted.
async fn keyless_store(backend: &Backend) -> AnyStore {
    match backend {
        Backend::Redis(prefix) => AnyStore::Redis(
            RedisStore::connect(&redis_url(), prefix, Duration::from_secs(60))
                .await
                .unwrap(),
        ),
        Backend::Embedded(file) => {
            AnyStore::Embedded(EmbeddedStore::open(file, Duration::from_secs(60)).unwrap())
        }
        Backend::RedisCluster(_) => panic!("the secrets tests run on one Redis server"),
    }
}

async fn the_first_start_with_a_key_encrypts_plain_tokens(backend: Backend) {
    {
        let store = keyless_store(&backend).await;
        let graph = MockServer::start().await;
        let mut page = example_page();
        for token in [PAGE_TOKEN_CHANGED, PAGE_TOKEN] {
            page.access_token = SecretString::from(token.to_owned());
            let version = PageVersion {
                version: 0,
                by: "before".into(),
                at: tuesday_morning(),
                changed: vec![],
                page: Some(page.clone()),
            };
            store
                .save_page(Channel::Messenger, PAGE_ID, &version)
                .await
                .unwrap();
        }
        let x = PageVersion {
            version: 0,
            by: "before".into(),
            at: tuesday_morning(),
            changed: vec![],
            page: Some(x_page()),
        };
        store.save_page(Channel::X, X_ACCOUNT, &x).await.unwrap();
        // The X account's pair rotated and kept in plain text, by `x_account` itself.
        let clients = Clients::new(&graph.uri(), &graph.uri(), Duration::from_secs(2)).unwrap();
        let accounts = XAccounts::new(
            store.clone(),
            clients.x.with_oauth(Some(OAuthClient {
                client_id: "frontdesk-test-client".into(),
                client_secret: None,
            })),
            Clock::fixed(tuesday_morning()),
            Arc::new(Metrics::new().unwrap()),
            "before".into(),
        );
        Mock::given(method("POST"))
            .and(path(TOKEN_PATH))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "token_type": "bearer", "expires_in": 7200,
                "access_token": X_ACCESS_ROTATED, "refresh_token": X_REFRESH_ROTATED
            })))
            .expect(1)
            .mount(&graph)
            .await;
        let token = accounts.user_token(X_ACCOUNT).await.unwrap().unwrap();
        assert_eq!(token.expose_secret(), X_ACCESS_ROTATED);
    }
    if let Backend::Embedded(file) = &backend {
        // Let the keyless store's blocking tasks end before the file is opened again.
        for _ in 0..100 {
            if EmbeddedStore::open(file, Duration::ZERO).is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let before = raw(&backend);
    for token in [PAGE_TOKEN, PAGE_TOKEN_CHANGED, X_REFRESH, X_REFRESH_ROTATED] {
        assert!(
            before.iter().any(|(_, value)| value.contains(token)),
            "{token} is not in the store in plain text to begin with"
        );
    }

    let app = start(&backend, &[OLD_KEY]).await;
    reply_is_sent_with_the_page_token(&app, "7034819265011234").await;
    let token = app.x_accounts.user_token(X_ACCOUNT).await.unwrap().unwrap();
    assert_eq!(token.expose_secret(), X_ACCESS_ROTATED);
    stop(app).await;
    let after = raw(&backend);
    assert_no_token_in(&after);
    assert_all_sealed_with(&after, "old");
}

#[tokio::test]
async fn the_first_start_with_a_key_encrypts_plain_tokens_on_redis() {
    let backend = Backend::fresh_redis();
    the_first_start_with_a_key_encrypts_plain_tokens(backend.clone()).await;
    if let Backend::Redis(prefix) = &backend {
        purge_prefix(prefix);
    }
}

#[tokio::test]
async fn the_first_start_with_a_key_encrypts_plain_tokens_on_the_embedded_store() {
    let dir = tempfile::tempdir().unwrap();
    the_first_start_with_a_key_encrypts_plain_tokens(Backend::Embedded(
        dir.path().join("frontdesk.redb"),
    ))
    .await;
}

#[tokio::test]
async fn without_a_key_the_embedded_store_keeps_plain_tokens_and_redis_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    let backend = Backend::Embedded(dir.path().join("frontdesk.redb"));
    let app = start(&backend, &[]).await;
    reply_is_sent_with_the_page_token(&app, "7034819265011234").await;
    stop(app).await;
    assert!(
        raw(&backend)
            .iter()
            .any(|(_, value)| value.contains(PAGE_TOKEN))
    );

    let error = refused(&Backend::fresh_redis(), &[]).await;
    assert!(
        error.contains("secrets_keys (FRONTDESK_SECRETS_KEYS) is not set")
            && error.contains("frontdesk secrets new-key"),
        "{error}"
    );
}

/// Runs `frontdesk` on Redis under `prefix` with these keys; stdout, or stderr on failure.
fn frontdesk_cli(prefix: &str, keys: &str, args: &[&str]) -> Result<String, String> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(args)
        .env_clear()
        .env("FRONTDESK_REDIS_URL", redis_url())
        .env("FRONTDESK_KEY_PREFIX", prefix)
        .env("FRONTDESK_SECRETS_KEYS", keys)
        .env("RUST_LOG", "warn")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[test]
fn the_command_line_makes_a_key_and_encrypts_everything_again_with_it() {
    let Backend::Redis(prefix) = Backend::fresh_redis() else {
        unreachable!()
    };
    let new_key = frontdesk_cli(&prefix, "", &["secrets", "new-key", "--id", "next"]).unwrap();
    let new_key = new_key.trim();
    assert!(new_key.starts_with("next:"), "{new_key}");
    let parsed =
        frontdesk::secrets::Keyring::parse(&[SecretString::from(new_key.to_owned())]).unwrap();
    assert_eq!(parsed.current_id(), Some("next"));

    frontdesk_cli(
        &prefix,
        SECRETS_KEY,
        &["pages", "import", "responses/pages/example.toml"],
    )
    .unwrap();
    // The environment form: the new key first, the old one after it, comma-separated.
    let rotated = format!("{new_key},{SECRETS_KEY}");
    let report = frontdesk_cli(&prefix, &rotated, &["secrets", "reencrypt"]).unwrap();
    assert!(
        report.contains("every token is now encrypted with key `next`"),
        "{report}"
    );
    assert!(!report.contains(new_key) && !report.contains(SECRETS_KEY));

    let hours = frontdesk_cli(&prefix, new_key, &["hours", PAGE_ID]);
    assert!(hours.is_ok(), "{hours:?}");
    let refused = frontdesk_cli(&prefix, SECRETS_KEY, &["hours", PAGE_ID]).unwrap_err();
    assert!(refused.contains("key `next`"), "{refused}");
    purge_prefix(&prefix);
}

/// Reading every page at start is slow with thousands: without a key it is done once (and
/// marked), and the mark goes as soon as a key is recorded, so a lost record of keys is
/// still caught by looking through the pages.
#[tokio::test]
async fn without_a_key_the_pages_are_looked_through_once() {
    use frontdesk::store::RecordStore;
    const MARK: &str = "secrets:plain-checked";
    let dir = tempfile::tempdir().unwrap();
    let backend = Backend::Embedded(dir.path().join("store.redb"));
    let store = keyless_store(&backend).await;
    assert!(store.members(MARK).await.unwrap().is_empty());
    assert!(store.prepare_secrets().await.unwrap().is_none());
    assert_eq!(
        store.members(MARK).await.unwrap(),
        ["yes"],
        "looked through, marked"
    );
    assert!(store.prepare_secrets().await.unwrap().is_none());
    let keys =
        frontdesk::secrets::Keyring::parse(&[secrecy::SecretString::from(SECRETS_KEY.to_owned())])
            .unwrap();
    let keyed = store.with_keys(keys);
    keyed.prepare_secrets().await.unwrap();
    assert!(
        keyed.members(MARK).await.unwrap().is_empty(),
        "a recorded key ends the mark"
    );
}
