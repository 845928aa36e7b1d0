//! X on the X Activity API: XAA deliveries, tokens that stay fresh, the daily DM budget, and
//! the `frontdesk x` commands, against a stubbed X API.

use std::process::Command;

use chrono::{DateTime, Duration, Utc};
use frontdesk::domain::conversation::{Delivery, Status};
use frontdesk::domain::event::{Channel, ConversationKey, Inbound, InboundKind};
use frontdesk::domain::page::PageFile;
use frontdesk::store::{ConversationStore, StreamStore};
use secrecy::SecretString;
use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;

const DM_PATH: &str = "/2/dm_conversations/with/1428747032328024187/messages";
const TOKEN_PATH: &str = "/2/oauth2/token";
/// protocols-2.md §V.3: the sample OAuth client and its Basic header.
const CLIENT_ID: &str = "T0FVTHJ0dEpUX2FjbWVmcm9udDoxOmNp";
const CLIENT_SECRET: &str = "q7Vt2bXn9LkR4sWc8HyJ1mPz6DfG3aUe5QoN0iTjXw2Yb4Rk";
const BASIC: &str = "Basic VDBGVlRISjBkRXBVWDJGamJXVm1jbTl1ZERveE9tTnA6cTdWdDJiWG45TGtSNHNXYzhIeUoxbVB6NkRmRzNhVWU1UW9OMGlUalh3MlliNFJr";
/// The DM event id of `x_activity_dm_sent_own.json`.
const OWN_DM_ID: &str = "2125156005686854869";

const DM_RECEIVED: &[u8] = include_bytes!("../../webhooks/x_activity_dm_received.json");
const DM_SENT: &[u8] = include_bytes!("../../webhooks/x_activity_dm_sent_own.json");
const MENTION: &[u8] = include_bytes!("../../webhooks/x_activity_mention.json");

/// Tuesday 2026-11-24, a minute after the samples were sent.
fn sample_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-24T09:15:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

async fn spawn_with_oauth(page: PageFile) -> TestApp {
    let backend = Backend::fresh_redis();
    let graph = MockServer::start().await;
    let mut settings = test_settings(&backend, &graph);
    settings.x.oauth_client_id = Some(CLIENT_ID.into());
    settings.x.oauth_client_secret = Some(SecretString::from(CLIENT_SECRET.to_owned()));
    let app = spawn_with(settings, backend, graph, sample_time()).await;
    app.add_page(page).await;
    app
}

/// The example X account with a refresh token.
fn page_with_refresh_token(refresh: &str) -> PageFile {
    let mut page = example_x_page();
    page.refresh_token = Some(SecretString::from(refresh.to_owned()));
    page
}

fn dm_created(id: &str) -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(
        json!({"data": {"dm_conversation_id": "1428747032328024187-1602317347845976187", "dm_event_id": id}}),
    )
}

fn grant(access: &str, refresh: &str) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "token_type": "bearer", "expires_in": 7200, "access_token": access,
        "scope": "tweet.read users.read dm.read dm.write offline.access", "refresh_token": refresh
    }))
}

/// An XAA `dm.received` from `sender`.
fn xaa_dm(event_uuid: &str, dm_id: &str, sender: &str, text: &str, at: DateTime<Utc>) -> Vec<u8> {
    serde_json::to_vec(&json!({"data": {
        "event_uuid": event_uuid, "filter": {"user_id": X_ACCOUNT}, "event_type": "dm.received",
        "payload": {"direct_message_events": [{"type": "message_create", "id": dm_id,
            "created_timestamp": at.timestamp_millis().to_string(),
            "message_create": {"target": {"recipient_id": X_ACCOUNT}, "sender_id": sender,
                               "message_data": {"text": text}}}],
            "users": {}}}}))
    .unwrap()
}

fn conversation_with(customer: &str) -> ConversationKey {
    ConversationKey {
        channel: Channel::X,
        page_id: X_ACCOUNT.into(),
        customer_id: customer.into(),
    }
}

async fn recorded_events(app: &TestApp) -> Vec<Inbound> {
    app.store
        .claim_events("inspector", 100, std::time::Duration::ZERO)
        .await
        .unwrap()
        .into_iter()
        .map(|claimed| claimed.item)
        .collect()
}

async fn page_as_admin(app: &TestApp) -> Value {
    let response = app.get(&page_path(X_ACCOUNT), Some(API_TOKEN)).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn an_xaa_dm_is_answered_once_across_a_redelivery() {
    let app = spawn_app_on(Backend::fresh_redis(), sample_time()).await;
    app.add_page(example_x_page()).await;
    Mock::given(method("POST"))
        .and(path(DM_PATH))
        .and(header("authorization", format!("Bearer {X_TOKEN}")))
        .respond_with(dm_created(OWN_DM_ID))
        .expect(1)
        .mount(&app.graph)
        .await;
    // protocols-2.md §V.1, XV-1: X's signature over the exact sample bytes.
    let xv1 = "sha256=Vs6VdX1GFw6Nml5BrpZp7kWHOyAXC0oYS6NB1/JfpWw=";
    assert_eq!(app.post_x(DM_RECEIVED, Some(xv1)).await.status(), 200);
    app.drain().await;
    assert_eq!(app.post_x(DM_RECEIVED, Some(xv1)).await.status(), 200);
    app.drain().await;

    let conversation = app
        .store
        .conversation(&conversation_with(X_CUSTOMER))
        .await
        .unwrap()
        .expect("the conversation exists");
    let customer_messages: Vec<_> = conversation
        .messages
        .iter()
        .filter(|m| m.id == "2125155986460222131")
        .collect();
    assert_eq!(customer_messages.len(), 1, "{conversation:?}");
    assert!(
        customer_messages[0].text.contains("Order #48213"),
        "the emoji-carrying text is read as sent"
    );
    assert!(conversation.messages.iter().any(|m| matches!(
        &m.delivery,
        Some(Delivery::Sent { platform_message_id: Some(id), .. }) if id == OWN_DM_ID
    )));
}

#[tokio::test]
async fn dm_sent_echoes_are_ours_only_when_frontdesk_sent_them() {
    let app = spawn_app_on(Backend::fresh_redis(), sample_time()).await;
    app.add_page(example_x_page()).await;
    // Sent from the X app: nobody here sent this DM.
    assert_eq!(
        app.post_x(DM_SENT, Some(&sign_x(DM_SENT))).await.status(),
        200
    );
    let [event] = recorded_events(&app).await.try_into().unwrap();
    assert_eq!(event.kind, InboundKind::Echo { app_id: None });
    assert_eq!(event.customer_id, X_CUSTOMER);
    assert_eq!(event.message_id, OWN_DM_ID);

    // Our own answer, sent by the outbox, comes back as dm.sent with the id X gave us.
    let app = spawn_app_on(Backend::fresh_redis(), sample_time()).await;
    app.add_page(example_x_page()).await;
    Mock::given(method("POST"))
        .and(path(DM_PATH))
        .respond_with(dm_created(OWN_DM_ID))
        .mount(&app.graph)
        .await;
    app.post_x(DM_RECEIVED, Some(&sign_x(DM_RECEIVED))).await;
    app.drain().await;
    assert_eq!(
        app.post_x(DM_SENT, Some(&sign_x(DM_SENT))).await.status(),
        200
    );
    let [event] = recorded_events(&app).await.try_into().unwrap();
    assert_eq!(
        event.kind,
        InboundKind::Echo {
            app_id: Some(X_APP_ID.into())
        }
    );
}

#[tokio::test]
async fn a_mention_is_queued_for_a_person() {
    let app = spawn_app_on(Backend::fresh_redis(), sample_time()).await;
    app.add_page(example_x_page()).await;
    Mock::given(method("POST"))
        .respond_with(dm_created("1"))
        .expect(0)
        .mount(&app.graph)
        .await;
    let xv3 = "sha256=fyma053IBwSr9KQM1Stw19JPjqfX+TJIrePvGTBf3tE=";
    assert_eq!(app.post_x(MENTION, Some(xv3)).await.status(), 200);
    app.drain().await;
    let queue = app.store.queue(X_ACCOUNT).await.unwrap();
    let [conversation] = queue.as_slice() else {
        panic!("one conversation queued: {queue:?}")
    };
    assert_eq!(conversation.key, conversation_with(X_CUSTOMER));
    assert_eq!(conversation.messages[0].id, "2125157883653059047");
    assert!(
        conversation.messages[0]
            .text
            .starts_with("@AcmeSupport order 48213")
    );
}

#[tokio::test]
async fn a_refresh_rotates_the_token_and_the_rotated_one_is_kept() {
    let app = spawn_with_oauth(page_with_refresh_token("refresh-1")).await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(header("authorization", BASIC))
        .and(body_string_contains("grant_type=refresh_token"))
        .and(body_string_contains("refresh_token=refresh-1"))
        .respond_with(grant("access-2", "refresh-2"))
        .expect(1)
        .mount(&app.graph)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_string_contains("refresh_token=refresh-2"))
        .respond_with(grant("access-3", "refresh-3"))
        .expect(1)
        .mount(&app.graph)
        .await;
    Mock::given(method("POST"))
        .and(path(DM_PATH))
        .and(header("authorization", "Bearer access-2"))
        .respond_with(dm_created("501"))
        .expect(1)
        .mount(&app.graph)
        .await;

    let body = xaa_dm("1", "9001", X_CUSTOMER, "hello?", app.clock.now());
    app.post_x(&body, Some(&sign_x(&body))).await;
    app.drain().await;
    let first = page_as_admin(&app).await;
    assert_eq!(first["x_connection"]["status"], "connected");
    assert_eq!(
        first["x_connection"]["access_token_expires_at"],
        "2026-11-24T11:15:00Z"
    );
    assert_eq!(first["config"]["refresh_token_set"], true);
    let shown = first.to_string();
    for secret in ["refresh-1", "refresh-2", "access-2", X_TOKEN] {
        assert!(!shown.contains(secret), "{secret} shown: {shown}");
    }

    // Less than ten minutes of life left: the sweep refreshes with the rotated token.
    app.clock.set(app.clock.now() + Duration::minutes(115));
    app.x_accounts.sweep().await.unwrap();
    let second = page_as_admin(&app).await;
    assert_eq!(
        second["x_connection"]["access_token_expires_at"],
        "2026-11-24T13:10:00Z"
    );
    // Still fresh: no third refresh.
    app.x_accounts.sweep().await.unwrap();
}

#[tokio::test]
async fn a_refused_refresh_disconnects_the_account_and_the_reply_waits_for_reconnection() {
    let app = spawn_with_oauth(page_with_refresh_token("refresh-revoked")).await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_string_contains("refresh_token=refresh-revoked"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_request",
            "error_description": "Value passed for the token was invalid."
        })))
        .expect(1)
        .mount(&app.graph)
        .await;
    Mock::given(method("POST"))
        .and(path(DM_PATH))
        .and(header("authorization", "Bearer access-after-reconnect"))
        .respond_with(dm_created("777"))
        .expect(1)
        .mount(&app.graph)
        .await;

    let body = xaa_dm("1", "9001", X_CUSTOMER, "hello?", app.clock.now());
    app.post_x(&body, Some(&sign_x(&body))).await;
    app.drain().await;

    let page = page_as_admin(&app).await;
    assert_eq!(page["x_connection"]["status"], "disconnected");
    assert_eq!(page["x_connection"]["disconnected"]["reason"], "refused");
    let metrics = app.get("/metrics", None).await.text().await.unwrap();
    assert!(
        metrics.contains(&format!(
            "frontdesk_x_accounts_disconnected_total{{page=\"{X_ACCOUNT}\",reason=\"refused\"}} 1"
        )),
        "{metrics}"
    );
    let key = conversation_with(X_CUSTOMER);
    let queue = app.store.queue(X_ACCOUNT).await.unwrap();
    let queued = queue
        .iter()
        .find(|c| c.key == key)
        .expect("the conversation waits for a person");
    assert!(queued.labels.contains("disconnected"), "{queued:?}");
    assert_eq!(queued.status, Status::New);
    let reply = queued
        .messages
        .iter()
        .find(|m| m.id == "reply:9001")
        .expect("the reply is kept");
    assert_eq!(reply.delivery, Some(Delivery::Pending));
    assert_eq!(
        app.x_accounts.sweep().await.unwrap(),
        0,
        "still disconnected"
    );

    // An admin reconnects the account with new tokens.
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(body_string_contains("refresh_token=refresh-new"))
        .respond_with(grant("access-after-reconnect", "refresh-newer"))
        .expect(1)
        .mount(&app.graph)
        .await;
    let patched = app
        .call(
            reqwest::Method::PATCH,
            &page_path(X_ACCOUNT),
            Some(API_TOKEN),
            Some(json!({"access_token": "access-new", "refresh_token": "refresh-new"})),
        )
        .await;
    assert_eq!(patched.status(), 200);
    assert_eq!(app.x_accounts.sweep().await.unwrap(), 1);
    app.outbox.send_pending().await.unwrap();
    assert_eq!(
        page_as_admin(&app).await["x_connection"]["status"],
        "connected"
    );
    let conversation = app.store.conversation(&key).await.unwrap().unwrap();
    let reply = conversation
        .messages
        .iter()
        .find(|m| m.id == "reply:9001")
        .unwrap();
    assert!(
        matches!(&reply.delivery, Some(Delivery::Sent { platform_message_id: Some(id), .. }) if id == "777"),
        "{reply:?}"
    );
    assert_eq!(app.x_accounts.sweep().await.unwrap(), 0, "released once");
}

#[tokio::test]
async fn oauth_revoke_disconnects_the_account() {
    let app = spawn_app_on(Backend::fresh_redis(), sample_time()).await;
    app.add_page(example_x_page()).await;
    // protocols-2.md §V.1, XV-4.
    let body = br#"{"data":{"event_uuid":"5120398847162290451","filter":{},"event_type":"oauth.revoke","payload":{"date_time":"2026-11-24T11:05:42+00:00","user_id":"1602317347845976187","app_id":"29401847"}}}"#;
    let xv4 = "sha256=xzh+rej9qWGxTSteoWtDL+UwWabKT/ovS88sNNr0l0o=";
    assert_eq!(app.post_x(body, Some(xv4)).await.status(), 200);
    let page = page_as_admin(&app).await;
    assert_eq!(page["x_connection"]["status"], "disconnected");
    assert_eq!(page["x_connection"]["disconnected"]["reason"], "revoked");
}

#[tokio::test]
async fn the_crc_route_is_no_signing_oracle() {
    let app = spawn_app().await;
    // XV-4 as a CRC token: answering it would sign the forged body.
    let forged = "%7B%22data%22%3A%7B%22event_uuid%22%3A%225120398847162290451%22%2C%22filter%22%3A%7B%7D%2C%22event_type%22%3A%22oauth.revoke%22%2C%22payload%22%3A%7B%22date_time%22%3A%222026-11-24T11%3A05%3A42%2B00%3A00%22%2C%22user_id%22%3A%221602317347845976187%22%2C%22app_id%22%3A%2229401847%22%7D%7D%7D";
    let response = app
        .get(&format!("/webhooks/x?crc_token={forged}"), None)
        .await;
    assert_eq!(response.status(), 400);
    assert!(!response.text().await.unwrap().contains("xzh+rej9"));
    assert_eq!(
        app.get("/webhooks/x?crc_token=foo", None).await.status(),
        200
    );
}

#[tokio::test]
async fn a_used_up_dm_budget_hands_the_conversation_to_a_person() {
    let mut page = example_x_page();
    page.x_daily_dm_budget = Some(1);
    let app = spawn_app_on(Backend::fresh_redis(), sample_time()).await;
    app.add_page(page).await;
    let other = "1428747032328000001";
    Mock::given(method("POST"))
        .and(path(DM_PATH))
        .respond_with(dm_created("601"))
        .expect(1)
        .mount(&app.graph)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/2/dm_conversations/with/{other}/messages")))
        .respond_with(dm_created("602"))
        .expect(0)
        .mount(&app.graph)
        .await;
    let now = app.clock.now();
    for body in [
        xaa_dm("1", "9101", X_CUSTOMER, "hello?", now),
        xaa_dm("2", "9102", other, "hello?", now),
    ] {
        app.post_x(&body, Some(&sign_x(&body))).await;
        app.drain().await;
    }
    let key = conversation_with(other);
    let conversation = app.store.conversation(&key).await.unwrap().unwrap();
    assert!(conversation.labels.contains("budget_exhausted"));
    let reply = conversation
        .messages
        .iter()
        .find(|m| m.id == "reply:9102")
        .unwrap();
    assert!(
        matches!(&reply.delivery, Some(Delivery::Failed { error, .. }) if error.contains("daily DM budget (1)")),
        "{reply:?}"
    );
    let queue = app.store.queue(X_ACCOUNT).await.unwrap();
    assert!(queue.iter().any(|c| c.key == key), "queued: {queue:?}");
    let metrics = app.get("/metrics", None).await.text().await.unwrap();
    assert!(metrics.contains(&format!(
        "frontdesk_x_dm_budget_exhausted_total{{page=\"{X_ACCOUNT}\"}} 1"
    )));
}

#[tokio::test]
async fn account_activity_deliveries_are_still_read_after_their_end_date() {
    let after = DateTime::parse_from_rfc3339("2027-01-04T15:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let app = spawn_app_on(Backend::fresh_redis(), after).await;
    let body = x_dms(&[("1860299849330471099", "still there?")], after);
    assert_eq!(app.post_x(&body, Some(&sign_x(&body))).await.status(), 200);
    let [event] = recorded_events(&app).await.try_into().unwrap();
    assert_eq!(event.message_id, "1860299849330471099");
}

fn frontdesk_x(graph: &MockServer, prefix: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_frontdesk"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("FRONTDESK_REDIS_URL", redis_url())
        .env("FRONTDESK_SECRETS_KEYS", SECRETS_KEY)
        .env("FRONTDESK_KEY_PREFIX", prefix)
        .env("FRONTDESK_X__API_BASE", graph.uri())
        .env("FRONTDESK_X__BEARER_TOKEN", "app-bearer")
        .env("RUST_LOG", "warn")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("x")
        .args(args)
        .output()
        .expect("frontdesk runs")
}

#[tokio::test]
async fn the_x_commands_manage_the_webhook_and_the_subscriptions() {
    let app = spawn_app_on(Backend::fresh_redis(), sample_time()).await;
    app.add_page(example_x_page()).await;
    let Backend::Redis(prefix) = app.backend.clone() else {
        unreachable!()
    };
    let bearer = || header("authorization", "Bearer app-bearer");
    Mock::given(method("POST"))
        .and(path("/2/webhooks"))
        .and(bearer())
        .and(body_partial_json(
            json!({"url": "https://frontdesk.example/webhooks/x"}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {
            "id": "1146654567674912769", "url": "https://frontdesk.example/webhooks/x",
            "valid": true, "created_at": "2026-11-24T09:00:00.000Z"}})))
        .expect(1)
        .mount(&app.graph)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/2/webhooks/1146654567674912769"))
        .and(bearer())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"deleted": true}})))
        .expect(1)
        .mount(&app.graph)
        .await;
    // Subscriptions are created as the account, with its own user token.
    Mock::given(method("POST"))
        .and(path("/2/activity/subscriptions"))
        .and(header("authorization", format!("Bearer {X_TOKEN}")))
        .and(body_partial_json(
            json!({"filter": {"user_id": X_ACCOUNT}, "webhook_id": "1146654567674912769"}),
        ))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"data": {"subscription_id": "1"}})),
        )
        .expect(4)
        .mount(&app.graph)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/activity/subscriptions"))
        .and(bearer())
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"data": [{"subscription_id": "1", "event_type": "dm.received"}]}),
        ))
        .expect(1)
        .mount(&app.graph)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/2/activity/subscriptions/1"))
        .and(bearer())
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"title": "Not Found", "detail": "no such subscription"})),
        )
        .expect(1)
        .mount(&app.graph)
        .await;

    let run = |args: &[&str]| frontdesk_x(&app.graph, &prefix, args);
    let registered = run(&[
        "webhook",
        "register",
        "https://frontdesk.example/webhooks/x",
    ]);
    assert!(registered.status.success(), "{registered:?}");
    assert!(String::from_utf8_lossy(&registered.stdout).contains("1146654567674912769"));
    let created = run(&[
        "subscriptions",
        "create",
        X_ACCOUNT,
        "--webhook",
        "1146654567674912769",
    ]);
    assert!(created.status.success(), "{created:?}");
    let listed = run(&["subscriptions", "list"]);
    assert!(String::from_utf8_lossy(&listed.stdout).contains("dm.received"));
    let refused = run(&["subscriptions", "delete", "1"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no such subscription"));
    assert!(
        run(&["webhook", "delete", "1146654567674912769"])
            .status
            .success()
    );
    let requests = app.graph.received_requests().await.unwrap();
    let bodies: Vec<Value> = requests
        .iter()
        .filter(|r| r.url.path() == "/2/activity/subscriptions" && r.method.as_str() == "POST")
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    let types: Vec<_> = bodies.iter().map(|b| b["event_type"].clone()).collect();
    assert_eq!(
        types,
        [
            "dm.received",
            "dm.sent",
            "post.mention.create",
            "post.reply.create"
        ]
    );

    let help = run(&["subscriptions", "--help"]);
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains("$0.010 per `dm.received`"), "{help}");
}
