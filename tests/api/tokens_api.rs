//! A page's API tokens through the API: created by its admins (the secret shown once), listed
//! without secrets, revoked, expired; who may do what.

use std::process::Stdio;

use chrono::Duration;
use frontdesk::access::{Role, TokenRecord, token_hash};
use frontdesk::store::RecordStore;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

fn tokens_path(page: &str) -> String {
    format!("/api/pages/{page}/tokens")
}

fn queue_of(page: &str) -> String {
    format!("/api/queue?page={page}")
}

/// Creates a token on `page` as `caller`; the token and its record.
async fn create(app: &TestApp, caller: &str, page: &str, body: Value) -> (String, Value) {
    let response = app.post_json(&tokens_path(page), caller, body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        response.headers()["cache-control"],
        "no-store",
        "the secret is shown once and never cached"
    );
    let created: Value = response.json().await.unwrap();
    let token = created["token"].as_str().unwrap().to_owned();
    (token, created["record"].clone())
}

async fn listed(app: &TestApp, caller: &str, page: &str) -> (String, Vec<Value>) {
    let response = app.get(&tokens_path(page), Some(caller)).await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    (text, body["tokens"].as_array().unwrap().clone())
}

async fn delete(app: &TestApp, caller: &str, page: &str, id: &str) -> StatusCode {
    app.call(
        Method::DELETE,
        &format!("{}/{id}", tokens_path(page)),
        Some(caller),
        None,
    )
    .await
    .status()
}

/// The error of a refused creation: its status and the field it names.
async fn refused(app: &TestApp, caller: &str, page: &str, body: Value) -> (StatusCode, Value) {
    let response = app.post_json(&tokens_path(page), caller, body).await;
    let status = response.status();
    let error: Value = response.json().await.unwrap();
    (status, error["field"].clone())
}

#[tokio::test]
async fn an_admin_creates_an_agent_token_that_works_only_on_its_page() {
    let app = spawn_app().await;
    let (token, record) = create(
        &app,
        EVA_ADMIN,
        PAGE_ID,
        json!({"name": "  Klára Nová ", "role": "agent"}),
    )
    .await;
    assert!(token.starts_with("fd_"), "{token}");
    assert_eq!(record["name"], "Klára Nová", "the name is trimmed");
    assert_eq!(record["role"], "agent");
    assert_eq!(record["pages"], json!([PAGE_ID]));
    assert_eq!(record["created_by"], "Eva");
    assert_eq!(record["expired"], false);
    assert_eq!(record["expires_at"], Value::Null);

    assert_eq!(
        app.get(&queue_of(PAGE_ID), Some(&token)).await.status(),
        200
    );
    assert_eq!(
        app.get(&queue_of(OTHER_PAGE_ID), Some(&token))
            .await
            .status(),
        404
    );
    // An agent's token does not manage tokens.
    assert_eq!(
        app.get(&tokens_path(PAGE_ID), Some(&token)).await.status(),
        403
    );
}

#[tokio::test]
async fn the_list_shows_the_pages_tokens_without_secret_or_hash() {
    let app = spawn_app().await;
    let (token, record) = create(
        &app,
        EVA_ADMIN,
        PAGE_ID,
        json!({"name": "Petr", "role": "admin", "expires_in_days": 30}),
    )
    .await;
    let (_, elsewhere) = create(
        &app,
        OSKAR_ADMIN_OTHER_PAGE,
        OTHER_PAGE_ID,
        json!({"name": "Olga", "role": "agent"}),
    )
    .await;

    let (text, tokens) = listed(&app, EVA_ADMIN, PAGE_ID).await;
    assert_eq!(tokens, vec![record.clone()], "only the page's tokens");
    assert_eq!(
        tokens[0]["expires_at"],
        json!(
            (tuesday_morning() + Duration::days(30))
                .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
        )
    );
    let secret = token.rsplit('_').next().unwrap();
    assert!(!text.contains(secret), "{text}");
    assert!(!text.contains(&token_hash(&token)), "{text}");
    assert!(!text.contains("hash"), "{text}");

    let (_, theirs) = listed(&app, OSKAR_ADMIN_OTHER_PAGE, OTHER_PAGE_ID).await;
    assert_eq!(theirs, vec![elsewhere]);
    // The owner sees the page's tokens too.
    let (_, owners) = listed(&app, API_TOKEN, PAGE_ID).await;
    assert_eq!(owners, vec![record]);
}

#[tokio::test]
async fn a_revoked_token_is_refused_at_once_on_every_instance() {
    let app = spawn_app().await;
    // A second instance on the same store.
    let other = spawn_app_on(app.backend.clone(), tuesday_morning()).await;
    let (token, record) = create(
        &app,
        EVA_ADMIN,
        PAGE_ID,
        json!({"name": "Klára", "role": "agent"}),
    )
    .await;
    let id = record["id"].as_str().unwrap();
    assert_eq!(
        other.get(&queue_of(PAGE_ID), Some(&token)).await.status(),
        200
    );

    assert_eq!(delete(&app, EVA_ADMIN, PAGE_ID, id).await, 204);
    assert_eq!(
        app.get(&queue_of(PAGE_ID), Some(&token)).await.status(),
        401
    );
    assert_eq!(
        other.get(&queue_of(PAGE_ID), Some(&token)).await.status(),
        401
    );
    assert!(listed(&app, EVA_ADMIN, PAGE_ID).await.1.is_empty());
    assert_eq!(delete(&app, EVA_ADMIN, PAGE_ID, id).await, 404);
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = spawn_app().await;
    let (token, record) = create(
        &app,
        EVA_ADMIN,
        PAGE_ID,
        json!({"name": "Brigádník", "role": "agent", "expires_at": "2026-11-25T09:00:00Z"}),
    )
    .await;
    assert_eq!(
        app.get(&queue_of(PAGE_ID), Some(&token)).await.status(),
        200
    );

    app.clock.set(tuesday_morning() + Duration::days(1));
    assert_eq!(
        app.get(&queue_of(PAGE_ID), Some(&token)).await.status(),
        401
    );
    let (_, tokens) = listed(&app, EVA_ADMIN, PAGE_ID).await;
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0]["id"], record["id"]);
    assert_eq!(tokens[0]["expired"], true, "listed until revoked, marked");
}

#[tokio::test]
async fn only_the_pages_admins_and_the_owner_manage_its_tokens() {
    let app = spawn_app().await;
    let (_, record) = create(
        &app,
        API_TOKEN,
        PAGE_ID,
        json!({"name": "Klára", "role": "agent"}),
    )
    .await;
    assert_eq!(
        record["created_by"], "admin",
        "the owner of the settings file"
    );
    let id = record["id"].as_str().unwrap();
    let body = json!({"name": "Kdokoli", "role": "agent"});

    // An agent of the page: 403.
    assert_eq!(
        app.get(&tokens_path(PAGE_ID), Some(JANA)).await.status(),
        403
    );
    assert_eq!(refused(&app, JANA, PAGE_ID, body.clone()).await.0, 403);
    assert_eq!(delete(&app, JANA, PAGE_ID, id).await, 403);
    // The admin of another page: 404, as for a page that does not exist.
    for stranger in [OSKAR_ADMIN_OTHER_PAGE, OLGA_OTHER_PAGE] {
        assert_eq!(
            app.get(&tokens_path(PAGE_ID), Some(stranger))
                .await
                .status(),
            404
        );
        assert_eq!(refused(&app, stranger, PAGE_ID, body.clone()).await.0, 404);
        assert_eq!(delete(&app, stranger, PAGE_ID, id).await, 404);
    }
    // Nor through their own page: the token does not cover it.
    assert_eq!(
        delete(&app, OSKAR_ADMIN_OTHER_PAGE, OTHER_PAGE_ID, id).await,
        404
    );
    assert_eq!(app.get(&tokens_path(PAGE_ID), None).await.status(), 401);
    assert_eq!(listed(&app, EVA_ADMIN, PAGE_ID).await.1.len(), 1);
}

#[tokio::test]
async fn invalid_requests_are_422_naming_the_field() {
    let app = spawn_app().await;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    for (body, field) in [
        (json!({"name": "Šéf", "role": "owner"}), "role"),
        (json!({"name": "Šéf", "role": "root"}), "role"),
        (json!({"name": "Šéf"}), "role"),
        (json!({"role": "agent"}), "name"),
        (json!({"name": "   ", "role": "agent"}), "name"),
        (json!({"name": "a\u{0}b", "role": "agent"}), "name"),
        (json!({"name": "x".repeat(101), "role": "agent"}), "name"),
        (json!({"name": 7, "role": "agent"}), "name"),
        (
            json!({"name": "Klára", "role": "agent", "pages": [OTHER_PAGE_ID]}),
            "pages[0]",
        ),
        (
            json!({"name": "Klára", "role": "agent", "expires_at": "2026-11-24T08:59:59Z"}),
            "expires_at",
        ),
        (
            json!({"name": "Klára", "role": "agent", "expires_at": "2040-01-01T00:00:00Z"}),
            "expires_at",
        ),
        (
            json!({"name": "Klára", "role": "agent", "expires_in_days": 0}),
            "expires_in_days",
        ),
        (
            json!({"name": "Klára", "role": "agent", "expires_in_days": 4000}),
            "expires_in_days",
        ),
        (
            json!({"name": "Klára", "role": "agent", "expires_in_days": 1,
                   "expires_at": "2026-12-01T00:00:00Z"}),
            "expires_in_days",
        ),
    ] {
        assert_eq!(
            refused(&app, EVA_ADMIN, PAGE_ID, body.clone()).await,
            (unprocessable, json!(field)),
            "{body}"
        );
    }
    // Not even the owner makes owner tokens through a page.
    assert_eq!(
        refused(
            &app,
            API_TOKEN,
            PAGE_ID,
            json!({"name": "Šéf", "role": "owner"})
        )
        .await,
        (unprocessable, json!("role"))
    );
    assert!(
        listed(&app, API_TOKEN, PAGE_ID).await.1.is_empty(),
        "nothing was kept"
    );
}

#[tokio::test]
async fn revoking_reaches_no_further_than_the_caller() {
    let app = spawn_app().await;
    // The owner gives Petr one token for both pages.
    let (token, both) = create(
        &app,
        API_TOKEN,
        PAGE_ID,
        json!({"name": "Petr", "role": "agent", "pages": [OTHER_PAGE_ID]}),
    )
    .await;
    assert_eq!(both["pages"], json!([PAGE_ID, OTHER_PAGE_ID]));
    let id = both["id"].as_str().unwrap();
    assert_eq!(
        app.get(&queue_of(OTHER_PAGE_ID), Some(&token))
            .await
            .status(),
        200
    );
    // Eva sees it on her page without the other page's id, and cannot revoke it for Oskar.
    let (text, tokens) = listed(&app, EVA_ADMIN, PAGE_ID).await;
    assert_eq!(tokens[0]["pages"], json!([PAGE_ID]));
    assert_eq!(tokens[0]["other_pages"], 1);
    assert!(!text.contains(OTHER_PAGE_ID), "{text}");
    assert_eq!(delete(&app, EVA_ADMIN, PAGE_ID, id).await, 403);
    assert_eq!(
        delete(&app, OSKAR_ADMIN_OTHER_PAGE, OTHER_PAGE_ID, id).await,
        403
    );
    assert_eq!(
        app.get(&queue_of(PAGE_ID), Some(&token)).await.status(),
        200
    );

    // An owner's token that names the page: listed, but only the owner revokes it.
    let owners = TokenRecord {
        id: "0wner0000000".into(),
        name: "Majitel".into(),
        role: Role::Owner,
        pages: vec![PAGE_ID.into()],
        created_at: tuesday_morning(),
        created_by: None,
        expires_at: None,
    };
    app.store
        .save_token("hash-of-the-owners-token", &owners)
        .await
        .unwrap();
    assert_eq!(listed(&app, EVA_ADMIN, PAGE_ID).await.1.len(), 2);
    assert_eq!(delete(&app, EVA_ADMIN, PAGE_ID, &owners.id).await, 403);

    assert_eq!(delete(&app, API_TOKEN, PAGE_ID, id).await, 204);
    assert_eq!(delete(&app, API_TOKEN, PAGE_ID, &owners.id).await, 204);
    assert_eq!(
        app.get(&queue_of(OTHER_PAGE_ID), Some(&token))
            .await
            .status(),
        401
    );
    assert!(listed(&app, EVA_ADMIN, PAGE_ID).await.1.is_empty());
}

/// The real binary, logging at debug level: a token's secret and hash appear in no log line.
#[tokio::test]
async fn the_secret_never_appears_in_the_logs() {
    use crate::process::{Killed, free_port, frontdesk, wait_for_health};

    let prefix = format!("test:{}:", uuid::Uuid::new_v4());
    let graph = wiremock::MockServer::start().await;
    let port = free_port();
    let log = tempfile::NamedTempFile::new().unwrap();
    let process = Killed(
        frontdesk(&prefix, &graph, port, false)
            .env("RUST_LOG", "debug")
            .env("NO_COLOR", "1")
            .arg("serve")
            .stdout(Stdio::from(log.reopen().unwrap()))
            .stderr(Stdio::from(log.reopen().unwrap()))
            .spawn()
            .unwrap(),
    );
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    wait_for_health(&client, &base).await;

    let created: Value = client
        .post(format!("{base}{}", tokens_path(PAGE_ID)))
        .bearer_auth(API_TOKEN)
        .json(&json!({"name": "Klára", "role": "agent", "expires_in_days": 7}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = created["token"].as_str().unwrap().to_owned();
    let id = created["record"]["id"].as_str().unwrap().to_owned();
    let list = client
        .get(format!("{base}{}", tokens_path(PAGE_ID)))
        .bearer_auth(API_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200);
    for (page, status) in [(PAGE_ID, 200), (OTHER_PAGE_ID, 404)] {
        let used = client
            .get(format!("{base}{}", queue_of(page)))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(used.status(), status);
    }
    let revoked = client
        .delete(format!("{base}{}/{id}", tokens_path(PAGE_ID)))
        .bearer_auth(API_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 204);
    let refused = client
        .get(format!("{base}{}", queue_of(PAGE_ID)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    drop(process);
    purge_prefix(&prefix);

    let logs = std::fs::read_to_string(log.path()).unwrap();
    assert!(
        logs.contains("token created") && logs.contains("token revoked"),
        "the logs were captured: {logs}"
    );
    let secret = token.rsplit('_').next().unwrap();
    assert!(!logs.contains(secret), "the secret is in the logs");
    assert!(
        !logs.contains(&token_hash(&token)),
        "the hash is in the logs"
    );
}
