//! X as a second channel: CRC, signed deliveries, DMs out through the X API, mentions in.

use chrono::{DateTime, Utc};
use frontdesk::domain::conversation::Delivery;
use frontdesk::domain::event::{Channel, ConversationKey};
use frontdesk::domain::page::MentionReply;
use frontdesk::store::{ConversationStore, StreamStore};
use serde_json::{Value, json};
use wiremock::matchers::{body_json, body_partial_json, header, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::helpers::*;

const DM_PATH: &str = "/2/dm_conversations/with/1428747032328024187/messages";

fn dm_created() -> ResponseTemplate {
    ResponseTemplate::new(201)
        .set_body_json(json!({"data": {"dm_conversation_id": "1-2", "dm_event_id": "99"}}))
}

async fn spawn_x_app(now: DateTime<Utc>) -> TestApp {
    let app = spawn_app_on(Backend::fresh_redis(), now).await;
    app.add_page(example_x_page()).await;
    app
}

fn x_conversation() -> ConversationKey {
    ConversationKey {
        channel: Channel::X,
        page_id: X_ACCOUNT.into(),
        customer_id: X_CUSTOMER.into(),
    }
}

/// Saturday 2026-11-28 15:00 in New York: the example X account is closed until Monday 8:00.
fn saturday_afternoon_in_new_york() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-28T20:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

#[tokio::test]
async fn the_crc_challenge_is_answered_with_the_consumer_secret() {
    let app = spawn_app().await;
    let response = app.get("/webhooks/x?crc_token=foo", None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"response_token": "sha256=8/5tIlzndYbTud3x5Hf78h7qmzeNZWU7vN5MxOAMwFg="})
    );
    // The token is URL-decoded before signing (vector C-5).
    let body: Value = app
        .get("/webhooks/x?crc_token=a%2Bb%2Fc%3Dd", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        body["response_token"],
        "sha256=o8zXa+1nPHgm51TvwLw3h//aeEDtruqMwP6xLSamhnE="
    );
    for query in ["", "?crc_token=", "?nonce=1"] {
        assert_eq!(
            app.get(&format!("/webhooks/x{query}"), None).await.status(),
            400,
            "{query}"
        );
    }
}

#[tokio::test]
async fn signed_deliveries_are_verified_before_parsing() {
    let app = spawn_x_app(tuesday_morning()).await;
    let sample = include_bytes!("../../webhooks/x_dm_event.json");
    let x3 = "sha256=uk08ACE4sl4iw//jecX84J4yFMo+r3HDuC/XJcJpfDE=";
    assert_eq!(
        app.post_x(sample, Some(x3)).await.status(),
        200,
        "the sample's exact bytes verify"
    );
    let mut tampered = sample.to_vec();
    tampered[40] ^= 1;
    assert_eq!(app.post_x(&tampered, Some(x3)).await.status(), 401);
    assert_eq!(app.post_x(sample, None).await.status(), 401);
    assert_eq!(
        app.post_x(sample, Some(&sign(sample, X_CONSUMER_SECRET)))
            .await
            .status(),
        401,
        "hex, not base64"
    );
    let malformed = br#"{"for_user_id": "#;
    let response = app.post_x(malformed, Some(&sign_x(malformed))).await;
    assert_eq!(response.status(), 400);
    let recorded = app
        .store
        .claim_events("probe", 10, std::time::Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(recorded.len(), 1, "only the valid delivery was recorded");
}

#[tokio::test]
async fn a_dm_at_night_gets_the_after_hours_reply_through_the_x_api() {
    let now = saturday_afternoon_in_new_york();
    let app = spawn_x_app(now).await;
    Mock::given(method("POST"))
        .and(path(DM_PATH))
        .and(header("authorization", format!("Bearer {X_TOKEN}").as_str()))
        .and(body_json(json!({"text": "Hello, thanks for your message. We are closed right now and will answer you on Monday at 8:00."})))
        .respond_with(dm_created())
        .expect(1)
        .mount(&app.graph)
        .await;
    let body = x_dms(&[("1860299849330471035", "my package never arrived")], now);
    assert_eq!(app.post_x(&body, Some(&sign_x(&body))).await.status(), 200);
    // Redelivered: answered once.
    assert_eq!(app.post_x(&body, Some(&sign_x(&body))).await.status(), 200);
    app.drain().await;
    let conversation = app
        .store
        .conversation(&x_conversation())
        .await
        .unwrap()
        .expect("queued");
    assert!(matches!(
        conversation.messages[1].delivery,
        Some(Delivery::Sent { ref platform_message_id, .. }) if platform_message_id.as_deref() == Some("99")
    ));
    assert_eq!(app.store.queue(X_ACCOUNT).await.unwrap().len(), 1);
}

#[tokio::test]
async fn our_own_messages_are_ignored() {
    let app = spawn_x_app(tuesday_morning()).await;
    Mock::given(method("POST"))
        .respond_with(dm_created())
        .expect(0)
        .mount(&app.graph)
        .await;
    let echo = include_bytes!("../../webhooks/x_dm_event_own_echo.json");
    assert_eq!(app.post_x(echo, Some(&sign_x(echo))).await.status(), 200);
    app.drain().await;
    assert!(app.store.queue(X_ACCOUNT).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_mention_is_queued_for_a_person_without_a_dm() {
    let app = spawn_x_app(tuesday_morning()).await;
    Mock::given(method("POST"))
        .respond_with(dm_created())
        .expect(0)
        .mount(&app.graph)
        .await;
    let mention = include_str!("../../webhooks/x_tweet_mention.json").replace(
        "1732365062143",
        &tuesday_morning().timestamp_millis().to_string(),
    );
    assert_eq!(
        app.post_x(mention.as_bytes(), Some(&sign_x(mention.as_bytes())))
            .await
            .status(),
        200
    );
    app.drain().await;
    let queue = app.store.queue(X_ACCOUNT).await.unwrap();
    assert_eq!(queue.len(), 1);
    let message = &queue[0].messages[0];
    assert_eq!(
        message.text,
        "@AcmeSupport my package for order 48213 never arrived, can someone help?"
    );
    assert_eq!(queue[0].messages.len(), 1, "no automatic reply");
}

#[tokio::test]
async fn a_page_may_acknowledge_mentions_publicly() {
    let app = spawn_x_app(tuesday_morning()).await;
    let mut page = example_x_page();
    page.mention_reply = MentionReply::PublicReply;
    app.add_page(page).await;
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .and(body_partial_json(
            json!({"reply": {"in_reply_to_tweet_id": "1860300020063809659"}}),
        ))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"data": {"id": "777", "text": "…"}})),
        )
        .expect(1)
        .mount(&app.graph)
        .await;
    let mention = include_str!("../../webhooks/x_tweet_mention.json").replace(
        "1732365062143",
        &tuesday_morning().timestamp_millis().to_string(),
    );
    app.post_x(mention.as_bytes(), Some(&sign_x(mention.as_bytes())))
        .await;
    app.drain().await;
    let conversation = app
        .store
        .conversation(&x_conversation())
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(
        conversation.messages[1].delivery,
        Some(Delivery::Sent { .. })
    ));
}

#[tokio::test]
async fn a_429_waits_for_the_rate_limit_reset_then_sends() {
    let start = tuesday_morning();
    let graph = wiremock::MockServer::start().await;
    let backend = Backend::fresh_redis();
    let mut settings = test_settings(&backend, &graph);
    settings.outbox.backoff_max_ms = 60_000;
    let app = spawn_with(settings, backend, graph, start).await;
    app.add_page(example_x_page()).await;
    let reset = start.timestamp() + 20;
    Mock::given(method("POST"))
        .and(path(DM_PATH))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-rate-limit-reset", reset.to_string().as_str())
                .set_body_json(
                    json!({"title": "Too Many Requests", "detail": "Too Many Requests"}),
                ),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&app.graph)
        .await;
    Mock::given(method("POST"))
        .and(path(DM_PATH))
        .respond_with(dm_created())
        .expect(1)
        .mount(&app.graph)
        .await;
    let body = x_dms(&[("1", "hello?")], start);
    app.post_x(&body, Some(&sign_x(&body))).await;
    app.drain().await;
    // The clock is fixed: the outbox's wait moved it instead of sleeping.
    let waited = app.clock.now() - start;
    assert!(
        waited >= chrono::Duration::seconds(20),
        "waited only {waited}"
    );
    assert!(waited < chrono::Duration::seconds(21), "waited {waited}");
    let conversation = app
        .store
        .conversation(&x_conversation())
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(
        conversation.messages[1].delivery,
        Some(Delivery::Sent { attempts: 2, .. })
    ));
}

#[tokio::test]
async fn the_same_faq_answers_the_same_question_identically_on_messenger_and_x() {
    // One business on both channels: the same configuration (and FAQ) for its page and its
    // account.
    let app = spawn_app().await;
    let page = example_page_with_faq();
    app.add_page(page.clone()).await;
    let mut account = page;
    account.channel = Channel::X;
    account.id = X_ACCOUNT.into();
    account.app_id = None;
    account.access_token = X_TOKEN.to_owned().into();
    app.add_page(account).await;
    Mock::given(method("POST"))
        .and(path(DM_PATH))
        .respond_with(dm_created())
        .expect(1)
        .mount(&app.graph)
        .await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"message_id": "m"})))
        .expect(1)
        .mount(&app.graph)
        .await;
    let question = "how can i pay for my order?";
    let x = x_dms(&[("42", question)], tuesday_morning());
    app.post_x(&x, Some(&sign_x(&x))).await;
    let messenger = delivery(
        PAGE_ID,
        vec![text_message("m_same", question, tuesday_morning())],
    );
    app.post_signed(&messenger).await;
    app.drain().await;
    let sent: Vec<String> = app
        .graph
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            body["text"]
                .as_str()
                .or(body["message"]["text"].as_str())
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    let answer = "You can pay by card, PayPal, Apple Pay, Google Pay or bank transfer. \
                  We do not offer cash on delivery. The Kavárna U Zvonu team";
    assert_eq!(sent, [answer, answer]);
}
