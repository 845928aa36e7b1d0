//! The real binary, killed with SIGKILL: what it recorded is answered by the next process.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap()
}

pub(crate) fn frontdesk(prefix: &str, graph: &MockServer, port: u16, worker: bool) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_frontdesk"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("FRONTDESK_BIND", format!("127.0.0.1:{port}"))
        .env("FRONTDESK_REDIS_URL", redis_url())
        .env("FRONTDESK_SECRETS_KEYS", SECRETS_KEY)
        .env("FRONTDESK_KEY_PREFIX", prefix)
        .env("FRONTDESK_MESSENGER__GRAPH_API_BASE", graph.uri())
        .env("FRONTDESK_MESSENGER__VERIFY_TOKEN", VERIFY_TOKEN)
        .env(
            "FRONTDESK_MESSENGER__APPS",
            format!(r#"[{{id="{APP_ID}", secrets=["{APP_SECRET}"]}}]"#),
        )
        .env("FRONTDESK_API__TOKEN", API_TOKEN)
        .env("FRONTDESK_WORKER__ENABLED", worker.to_string())
        .env("FRONTDESK_WORKER__RECLAIM_AFTER_MS", "5000")
        .env("FRONTDESK_OUTBOX__TIMEOUT_MS", "1000")
        .env("FRONTDESK_OUTBOX__MAX_ATTEMPTS", "2")
        .env("FRONTDESK_OUTBOX__BACKOFF_MAX_MS", "100")
        .env("RUST_LOG", "warn")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

pub(crate) struct Killed(pub(crate) Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) async fn wait_for_health(client: &reqwest::Client, base: &str) {
    for _ in 0..200 {
        if client
            .get(format!("{base}/health"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("frontdesk did not come up at {base}");
}

#[tokio::test]
async fn a_killed_process_loses_nothing() {
    let prefix = format!("test:{}:", uuid::Uuid::new_v4());
    let graph = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"message_id": "m_out"})))
        .expect(1)
        .mount(&graph)
        .await;
    let client = reqwest::Client::new();

    // The page is loaded with the CLI, as an admin would.
    let import = frontdesk(&prefix, &graph, free_port(), false)
        .args(["pages", "import", "responses/pages/example.toml"])
        .status()
        .unwrap();
    assert!(import.success());

    // The first process only records (its worker is off) and is killed right after.
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut first = Killed(
        frontdesk(&prefix, &graph, port, false)
            .arg("serve")
            .spawn()
            .unwrap(),
    );
    wait_for_health(&client, &base).await;
    let now = chrono::Utc::now();
    let body = delivery(PAGE_ID, vec![text_message("m_killed", "Dobrý den", now)]);
    let response = client
        .post(format!("{base}/webhooks/messenger"))
        .header("x-hub-signature-256", sign(&body, APP_SECRET))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    first.0.kill().unwrap(); // SIGKILL: no shutdown of any kind
    first.0.wait().unwrap();

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    // The next process also loads the example pages folder, as the README's command does.
    let _second = Killed(
        frontdesk(&prefix, &graph, port, true)
            .args(["serve", "--pages", "responses/pages"])
            .spawn()
            .unwrap(),
    );
    wait_for_health(&client, &base).await;
    let mut delivered = false;
    for _ in 0..200 {
        let queue: serde_json::Value = client
            .get(format!("{base}/api/queue?page={PAGE_ID}"))
            .bearer_auth(API_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if queue["conversations"][0]["messages"][1]["delivery"]["state"] == "sent" {
            delivered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    purge_prefix(&prefix);
    assert!(
        delivered,
        "the reply recorded before the kill was sent by the next process"
    );
}

#[test]
fn hours_checks_a_page_file_before_it_goes_live() {
    let output = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args([
            "hours",
            "responses/pages/example.toml",
            "--at",
            "2026-12-24T13:00:00+01:00",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("FRONTDESK_CONFIG", "frontdesk.toml")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(
        report.contains("status        closed, by special day: Štědrý den"),
        "{report}"
    );
    assert!(
        report.contains("next opening  Mon 2027-01-04 09:00 CET"),
        "{report}"
    );
}

#[test]
fn importing_an_invalid_page_names_the_field() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("pages")).unwrap();
    std::fs::create_dir_all(dir.path().join("faq")).unwrap();
    let file = dir.path().join("pages/bad.toml");
    let page =
        include_str!("../../responses/pages/example.toml").replace("Europe/Prague", "Europe/Praha");
    std::fs::write(&file, page).unwrap();
    std::fs::write(
        dir.path().join("faq/eshop.toml"),
        include_str!("../../responses/faq/eshop.toml"),
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .arg("pages")
        .arg("import")
        .arg(&file)
        .current_dir(dir.path())
        .env("FRONTDESK_DATA_FILE", dir.path().join("store.redb"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let error = String::from_utf8_lossy(&output.stderr);
    assert!(
        error.contains("time_zone: \"Europe/Praha\" is not an IANA time zone"),
        "{error}"
    );
}

/// Runs `frontdesk` with these arguments against a Redis prefix; stdout, or the failure.
fn run_cli(prefix: &str, args: &[&str]) -> Result<String, String> {
    let output = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(args)
        .env_clear()
        .env("FRONTDESK_REDIS_URL", redis_url())
        .env("FRONTDESK_SECRETS_KEYS", SECRETS_KEY)
        .env("FRONTDESK_KEY_PREFIX", prefix)
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

#[tokio::test]
async fn tokens_made_on_the_command_line_open_the_api_until_revoked() {
    let backend = Backend::fresh_redis();
    let Backend::Redis(prefix) = &backend else {
        unreachable!()
    };
    let token = run_cli(
        prefix,
        &[
            "token",
            "create",
            "--name",
            "Mirek",
            "--role",
            "admin",
            "--pages",
            PAGE_ID,
            "--expires-in-days",
            "30",
        ],
    )
    .unwrap();
    let token = token.trim();
    assert!(token.starts_with("fd_"), "{token}");
    assert!(
        run_cli(
            prefix,
            &["token", "create", "--name", "X", "--role", "agent"]
        )
        .is_err(),
        "an agent needs pages"
    );
    let listed = run_cli(prefix, &["token", "list"]).unwrap();
    assert!(
        listed.contains("Mirek") && listed.contains("Admin"),
        "{listed}"
    );
    assert!(!listed.contains(token), "the list never shows a token");
    let id = listed.split('\t').next().unwrap().to_owned();

    let app = spawn_app_on(backend.clone(), tuesday_morning()).await;
    let page = page_path(PAGE_ID);
    assert_eq!(app.get(&page, Some(token)).await.status(), 200);
    run_cli(prefix, &["token", "revoke", &id]).unwrap();
    assert_eq!(app.get(&page, Some(token)).await.status(), 401);
    assert!(run_cli(prefix, &["token", "revoke", &id]).is_err());
}

#[test]
fn simulate_prints_the_decision_without_sending() {
    let output = run_cli(
        "unused:",
        &[
            "simulate",
            "responses/pages/example.toml",
            "--text",
            "jak muzu zaplatit?",
            "--at",
            "2026-11-24T10:00:00+01:00",
        ],
    )
    .unwrap();
    let decision: serde_json::Value = serde_json::from_str(&output).unwrap();
    assert_eq!(decision["reply"]["kind"]["entry"], "payment", "{decision}");
    assert_eq!(decision["escalate"], false);
}
