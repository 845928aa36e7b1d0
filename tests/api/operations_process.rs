//! The real binary's output: logs on stderr only, valid JSON on every line, one access line
//! per request, the request's id in the worker's and the sender's lines for the events it
//! recorded; stdout only for what a command prints; empty variables count as unset; start-up
//! errors name the setting.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;
use crate::process::{free_port, frontdesk, wait_for_health};

/// `frontdesk` on an embedded store in `dir`: `FRONTDESK_REDIS_URL` is set, but empty, which
/// means unset.
fn on_embedded(dir: &std::path::Path, graph: &MockServer, port: u16, worker: bool) -> Command {
    let mut command = frontdesk("unused:", graph, port, worker);
    command
        .env("FRONTDESK_REDIS_URL", "")
        .env("FRONTDESK_DATA_FILE", dir.join("store.redb"))
        .env("FRONTDESK_LOG_FORMAT", "json")
        .env("RUST_LOG", "info");
    command
}

/// Every stderr line as JSON; fails on a line that is not a JSON object.
fn json_lines(stderr: &str) -> Vec<Value> {
    stderr
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
            assert!(value.is_object(), "{line}");
            value
        })
        .collect()
}

/// The log lines whose span stack carries this request id.
fn lines_of<'a>(lines: &'a [Value], request_id: &str) -> Vec<&'a Value> {
    lines
        .iter()
        .filter(|line| {
            line["spans"]
                .as_array()
                .is_some_and(|spans| spans.iter().any(|s| s["request_id"] == request_id))
        })
        .collect()
}

#[tokio::test]
async fn logs_are_json_on_stderr_and_follow_a_request_into_the_worker_and_the_sender() {
    let dir = tempfile::tempdir().unwrap();
    let graph = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"message_id": "m_out"})))
        .mount(&graph)
        .await;

    let import = on_embedded(dir.path(), &graph, free_port(), false)
        .args(["pages", "import", "responses/pages/example.toml"])
        .output()
        .unwrap();
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let printed = String::from_utf8(import.stdout).unwrap();
    assert!(
        !printed.contains("\"level\""),
        "a log line on stdout: {printed}"
    );

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    // With `--pages`: the import's summary is a log line too, not stdout.
    let mut serve = on_embedded(dir.path(), &graph, port, true)
        .args(["serve", "--pages", "responses/pages"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    wait_for_health(&client, &base).await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_traced", "Dobrý den", chrono::Utc::now())],
    );
    let response = client
        .post(format!("{base}/webhooks/messenger"))
        .header("x-hub-signature-256", sign(&body, APP_SECRET))
        .header("x-request-id", "trace-me-42")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], "trace-me-42");
    let mut sent = false;
    for _ in 0..200 {
        let queue: Value = client
            .get(format!("{base}/api/queue?page={PAGE_ID}"))
            .bearer_auth(API_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if queue["conversations"][0]["messages"][1]["delivery"]["state"] == "sent" {
            sent = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(sent, "the reply went out");
    let page = client
        .get(format!("{base}/api/pages/{PAGE_ID}"))
        .bearer_auth(API_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    serve.kill().unwrap();
    let output = serve.wait_with_output().unwrap();
    assert!(
        output.stdout.is_empty(),
        "serve wrote to stdout: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines = json_lines(&stderr);
    assert!(
        !stderr.contains("Some("),
        "a Debug value in the logs:\n{stderr}"
    );

    // One access line for the webhook, with its fields as JSON values.
    let access: Vec<&Value> = lines
        .iter()
        .filter(|l| l["target"] == "frontdesk::access")
        .collect();
    let webhook: Vec<&&Value> = access
        .iter()
        .filter(|l| l["span"]["request_id"] == "trace-me-42")
        .collect();
    assert_eq!(webhook.len(), 1, "{stderr}");
    let fields = &webhook[0]["fields"];
    assert_eq!(fields["method"], "POST");
    assert_eq!(fields["route"], "/webhooks/messenger");
    assert_eq!(fields["status"], 200);
    assert!(fields["latency_ms"].as_f64().unwrap() >= 0.0, "{fields}");
    // The page's route by its pattern, never its id.
    let page_line = access
        .iter()
        .find(|l| l["fields"]["route"] == "/api/pages/{id}")
        .unwrap_or_else(|| panic!("no access line for the page:\n{stderr}"));
    assert_eq!(page_line["fields"]["method"], "GET");
    assert!(!page_line.to_string().contains(PAGE_ID), "{page_line}");

    // The worker's decision and the sender's send carry the webhook's request id.
    let traced = lines_of(&lines, "trace-me-42");
    for message in ["decided", "reply sent"] {
        assert!(
            traced.iter().any(|l| l["fields"]["message"] == message),
            "no {message:?} line with the request id:\n{stderr}"
        );
    }
}

#[test]
fn a_created_token_is_all_that_goes_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["token", "create", "--name", "Mirek", "--role", "owner"])
        .env_clear()
        .env("FRONTDESK_DATA_FILE", dir.path().join("store.redb"))
        .env("FRONTDESK_LOG_FORMAT", "json")
        .env("RUST_LOG", "debug")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    assert!(lines[0].starts_with("fd_"), "{stdout}");
}

/// Runs `frontdesk pages import` of the example page with extra variables.
fn import_with(dir: &std::path::Path, vars: &[(&str, &str)]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .args(["pages", "import", "responses/pages/example.toml"])
        .env_clear()
        .env("FRONTDESK_DATA_FILE", dir.join("store.redb"))
        .envs(vars.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

#[test]
fn empty_variables_mean_unset() {
    let dir = tempfile::tempdir().unwrap();
    let output = import_with(
        dir.path(),
        &[
            ("FRONTDESK_REDIS_URL", ""),
            ("FRONTDESK_LOG_FORMAT", ""),
            ("FRONTDESK_WORKER__BATCH", " "),
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        dir.path().join("store.redb").exists(),
        "the embedded store was used"
    );
}

#[test]
fn start_up_errors_name_the_setting_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    for (vars, expected) in [
        (
            vec![("FRONTDESK_WORKER__BATCH", "many")],
            "setting worker.batch: ",
        ),
        (
            vec![("FRONTDESK_REDIS_URL", "localhost:6379")],
            "redis_url (FRONTDESK_REDIS_URL) is not a Redis URL",
        ),
        (
            vec![
                ("FRONTDESK_REDIS_URL", "redis://127.0.0.1:1"),
                ("FRONTDESK_SECRETS_KEYS", crate::helpers::SECRETS_KEY),
            ],
            "redis_url (FRONTDESK_REDIS_URL): start Redis or correct the URL",
        ),
        (
            vec![("FRONTDESK_DATA_FILE", "/nonexistent/folder/store.redb")],
            "(data_file, FRONTDESK_DATA_FILE): check that its folder exists",
        ),
    ] {
        let output = import_with(dir.path(), &vars);
        assert!(!output.status.success(), "{vars:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{vars:?}: {stderr}");
    }
}

#[tokio::test]
async fn the_sample_script_signs_every_channels_samples() {
    let app = spawn_app().await;
    for (file, channel) in [
        ("webhooks/x_dm_event.json", "x"),
        ("webhooks/x_activity_dm_received.json", "x"),
        ("webhooks/messenger_text_message.json", "messenger"),
        ("webhooks/instagram_dm.json", "instagram"),
    ] {
        let address = app.address.clone();
        let output = tokio::task::spawn_blocking(move || {
            Command::new("scripts/send-sample.sh")
                .arg(file)
                .env("FRONTDESK_URL", address)
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .output()
                .unwrap()
        })
        .await
        .unwrap();
        let answer = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && answer.starts_with("HTTP/1.1 200"),
            "{file}: {answer}{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let metrics = app.get("/metrics", None).await.text().await.unwrap();
        assert!(
            !metrics.contains(&format!(
                "frontdesk_events_recorded_total{{channel=\"{channel}\"}} 0"
            )),
            "{file} recorded nothing:\n{metrics}"
        );
    }
}
