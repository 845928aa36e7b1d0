//! The admin commands (`pages import`, `token …`, `hours ID`, `simulate ID`) against the
//! embedded store while the real binary serves it: they reach its store through the admin
//! socket; when nobody answers there, the error says why and what to do.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::helpers::*;
use crate::process::{Killed, free_port, wait_for_health};

/// `frontdesk` on the embedded store in `dir`, serving on `port` when asked to serve; its
/// settings only from the environment (an empty settings file, not the repository's).
fn frontdesk(dir: &Path, port: u16) -> Command {
    let settings = dir.join("frontdesk.toml");
    if !settings.exists() {
        std::fs::write(&settings, "").unwrap();
    }
    let mut command = Command::new(env!("CARGO_BIN_EXE_frontdesk"));
    command
        .env_clear()
        .env("FRONTDESK_CONFIG", settings)
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("FRONTDESK_BIND", format!("127.0.0.1:{port}"))
        .env("FRONTDESK_DATA_FILE", dir.join("store.redb"))
        .env("FRONTDESK_API__TOKEN", API_TOKEN)
        .env("FRONTDESK_WORKER__ENABLED", "false")
        .env("RUST_LOG", "warn")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    command
}

/// Runs a command to its end: (stdout, stderr) on success, stderr on failure.
fn run(dir: &Path, args: &[&str]) -> Result<(String, String), String> {
    let output = frontdesk(dir, free_port()).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() {
        Ok((String::from_utf8_lossy(&output.stdout).into_owned(), stderr))
    } else {
        Err(stderr)
    }
}

#[tokio::test]
async fn admin_commands_work_while_the_service_holds_the_embedded_store() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _service = Killed(
        frontdesk(dir.path(), port)
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let client = reqwest::Client::new();
    wait_for_health(&client, &base).await;
    let page_status = |token: String| {
        let client = client.clone();
        let url = format!("{base}/api/pages/{PAGE_ID}");
        async move {
            client
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(page_status(API_TOKEN.into()).await, 404, "no page yet");

    let (imported, _) = run(
        dir.path(),
        &["pages", "import", "responses/pages/example.toml"],
    )
    .unwrap();
    assert_eq!(imported, "imported 1 pages: 1 saved, 0 unchanged\n");
    assert_eq!(
        page_status(API_TOKEN.into()).await,
        200,
        "the running service has the page"
    );

    let (token, note) = run(
        dir.path(),
        &[
            "token", "create", "--name", "Mirek", "--role", "admin", "--pages", PAGE_ID,
        ],
    )
    .unwrap();
    let token = token.trim().to_owned();
    assert!(
        token.starts_with("fd_"),
        "only the token on stdout: {token}"
    );
    assert!(
        note.contains("for Mirek created; it is shown only now"),
        "{note}"
    );
    assert_eq!(
        page_status(token.clone()).await,
        200,
        "the token opens the running service's API"
    );

    let (listed, _) = run(dir.path(), &["token", "list"]).unwrap();
    let line = listed
        .lines()
        .find(|line| line.contains("\tMirek\tAdmin\t"))
        .unwrap_or_else(|| panic!("Mirek's token is listed: {listed}"));
    assert!(!listed.contains(&token), "never the token itself");
    let id = line.split('\t').next().unwrap().to_owned();

    let (hours, _) = run(
        dir.path(),
        &["hours", PAGE_ID, "--at", "2026-12-24T13:00:00+01:00"],
    )
    .unwrap();
    assert!(
        hours.contains("status        closed, by special day: Štědrý den"),
        "{hours}"
    );

    let (simulated, _) = run(
        dir.path(),
        &[
            "simulate",
            PAGE_ID,
            "--text",
            "Dobrý den",
            "--at",
            "2026-12-24T13:00:00+01:00",
        ],
    )
    .unwrap();
    let decision: serde_json::Value = serde_json::from_str(&simulated).unwrap();
    assert!(decision.is_object(), "{simulated}");

    let missing = run(dir.path(), &["hours", "209384756102938"]).unwrap_err();
    assert!(
        missing.contains("no page 209384756102938 in the store"),
        "the service's error comes back: {missing}"
    );
    let invalid = run(
        dir.path(),
        &[
            "token",
            "create",
            "--name",
            "Ola",
            "--role",
            "agent",
            "--pages",
            PAGE_ID,
            "--expires-in-days",
            "99999",
        ],
    )
    .unwrap_err();
    assert!(invalid.contains("--expires-in-days"), "{invalid}");

    // The doctor checks the store and the pages through the service too: this service has no
    // channel on, so the page cannot be answered.
    let (ok, findings, _) = doctor(dir.path(), &[]);
    assert!(!ok);
    assert!(
        findings.contains(&format!(
            "fix: page {PAGE_ID} (messenger): its channel is off (messenger.apps is empty)"
        )),
        "{findings}"
    );

    let (revoked, _) = run(dir.path(), &["token", "revoke", &id]).unwrap();
    assert_eq!(revoked, format!("token {id} revoked\n"));
    assert_eq!(
        page_status(token).await,
        401,
        "revoked in the running service"
    );
}

#[tokio::test]
async fn a_held_store_whose_service_does_not_answer_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    // This test process holds the store, as a service would, but serves no admin socket.
    let _held = frontdesk::store::embedded::EmbeddedStore::open(
        &dir.path().join("store.redb"),
        std::time::Duration::from_secs(15),
    )
    .unwrap();
    let error = run(dir.path(), &["token", "list"]).unwrap_err();
    assert!(
        error.contains("store.redb is open in another process"),
        "{error}"
    );
    assert!(error.contains("store.redb.sock does not exist"), "{error}");
    assert!(
        error.contains("or stop the service and run it again"),
        "says what to do: {error}"
    );

    // A socket file left behind by a service that died: nobody answers it.
    drop(std::os::unix::net::UnixListener::bind(dir.path().join("store.redb.sock")).unwrap());
    let error = run(
        dir.path(),
        &["pages", "import", "responses/pages/example.toml"],
    )
    .unwrap_err();
    assert!(
        error.contains("store.redb.sock does not answer (connection refused)"),
        "{error}"
    );

    // A page file needs no store: it is checked while the store is held.
    assert!(run(dir.path(), &["hours", "responses/pages/example.toml"]).is_ok());
}

/// `frontdesk doctor` with these settings on the embedded store in `dir`: (exit ok, stdout,
/// stderr).
fn doctor(dir: &Path, settings: &[(&str, &str)]) -> (bool, String, String) {
    let mut command = frontdesk(dir, free_port());
    for (name, value) in settings {
        command.env(name, value);
    }
    let output = command.arg("doctor").output().unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const MESSENGER_APP: &str = "FRONTDESK_MESSENGER__APPS";

#[test]
fn the_doctor_passes_a_healthy_installation() {
    let dir = tempfile::tempdir().unwrap();
    let app = format!(r#"[{{id="{APP_ID}", secrets=["{APP_SECRET}"]}}]"#);
    let healthy = [
        (MESSENGER_APP, app.as_str()),
        ("FRONTDESK_MESSENGER__VERIFY_TOKEN", VERIFY_TOKEN),
    ];
    let (ok, findings, _) = doctor(dir.path(), &healthy);
    assert!(ok, "{findings}");
    assert!(
        findings.starts_with("warning: store: data_file ")
            && findings.contains("does not exist yet"),
        "{findings}"
    );
    assert!(
        !dir.path().join("store.redb").exists(),
        "the doctor creates nothing"
    );

    run(
        dir.path(),
        &["pages", "import", "responses/pages/example.toml"],
    )
    .unwrap();
    let (ok, findings, summary) = doctor(dir.path(), &healthy);
    assert!(ok, "{findings}{summary}");
    assert_eq!(findings, "", "nothing to report");
    assert!(summary.contains("nothing to fix"), "{summary}");
}

#[test]
fn the_doctor_lists_what_to_fix_without_showing_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let app = format!(r#"[{{id="{APP_ID}", secrets=["{APP_SECRET}", "changeme"]}}]"#);
    let refused = free_port();
    let (ok, findings, _) = doctor(
        dir.path(),
        &[
            (MESSENGER_APP, &app),
            ("FRONTDESK_MESSENGER__VERIFY_TOKEN", VERIFY_TOKEN),
            (
                "FRONTDESK_MESSENGER__GRAPH_API_BASE",
                "https://graph.facebook.com/v17.0",
            ),
            (
                "FRONTDESK_REDIS_URL",
                &format!("redis://127.0.0.1:{refused}"),
            ),
            // Redis needs a key for the tokens; with one, what is left is the refused store.
            ("FRONTDESK_SECRETS_KEYS", crate::helpers::SECRETS_KEY),
        ],
    );
    assert!(!ok, "something must be fixed: {findings}");
    let lines: Vec<&str> = findings.lines().collect();
    assert_eq!(lines.len(), 3, "{findings}");
    assert_eq!(
        lines[0],
        "fix: messenger.apps[0].secrets[1] is empty or a placeholder; set the real secret"
    );
    assert_eq!(
        lines[1],
        "fix: messenger.graph_api_base: Graph API v17.0 is past its end of life (2025-09-12); move to a newer version"
    );
    assert!(
        lines[2].starts_with(
            "fix: store: redis_url (Redis) cannot be used: connecting to the Redis server of redis_url"
        ),
        "{findings}"
    );
    assert!(!findings.contains(APP_SECRET), "{findings}");
    assert!(
        !findings.contains(&refused.to_string()),
        "no Redis URL: {findings}"
    );
}

/// A reader that goes away (`frontdesk faq eval … | head`) ends the command quietly: no
/// panic, no error.
#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = frontdesk(dir.path(), free_port())
        .args([
            "faq",
            "eval",
            "responses/pages/example.toml",
            "tests/faq/labelled-1.tsv",
            "--all",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end before the command writes anything.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
