//! `GET /api/queue`: protected by the staff bearer token, lists what waits for a person.

use serde_json::Value;

use crate::helpers::*;

#[tokio::test]
async fn the_queue_requires_the_bearer_token() {
    let app = spawn_app().await;
    for token in [None, Some("wrong"), Some("")] {
        let response = app.get(&format!("/api/queue?page={PAGE_ID}"), token).await;
        assert_eq!(response.status(), 401, "{token:?}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["code"], "unauthorized");
    }
}

#[tokio::test]
async fn the_queue_lists_conversations_with_the_decision_taken() {
    let app = spawn_app_on(Backend::fresh_redis(), friday_night()).await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_q", "Reklamace", friday_night())],
    );
    app.post_signed(&body).await;
    app.worker.process_pending().await.unwrap();

    let response = app
        .get(&format!("/api/queue?page={PAGE_ID}"), Some(API_TOKEN))
        .await;
    assert_eq!(response.status(), 200);
    let queue: Value = response.json().await.unwrap();
    let conversation = &queue["conversations"][0];
    assert_eq!(conversation["channel"], "messenger");
    assert_eq!(conversation["customer_id"], CUSTOMER);
    assert_eq!(conversation["status"], "new");
    let customer = &conversation["messages"][0];
    assert_eq!(customer["text"], "Reklamace");
    assert_eq!(customer["decision"]["reasons"][0]["rule"], "after_hours");
    assert_eq!(
        customer["decision"]["reasons"][0]["next_open"],
        "2026-11-30T08:00:00Z"
    );
    // The reply is still in the outbox: pending, not lost.
    assert_eq!(conversation["messages"][1]["delivery"]["state"], "pending");

    let other: Value = app
        .get("/api/queue?page=1", Some(API_TOKEN))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(other["conversations"], Value::Array(vec![]));
}

#[tokio::test]
async fn the_page_access_token_never_appears_in_the_api() {
    let app = spawn_app().await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_secret", "Ahoj", tuesday_morning())],
    );
    app.post_signed(&body).await;
    app.worker.process_pending().await.unwrap();
    let text = app
        .get(&format!("/api/queue?page={PAGE_ID}"), Some(API_TOKEN))
        .await
        .text()
        .await
        .unwrap();
    assert!(text.contains("Ahoj"));
    assert!(!text.contains(PAGE_TOKEN) && !text.contains(APP_SECRET));
}

#[tokio::test]
async fn metrics_count_webhooks_replies_decisions_and_the_queue() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, ResponseTemplate};
    let app = spawn_app().await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"message_id": "m"})),
        )
        .mount(&app.graph)
        .await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_metrics", "Dobrý den", tuesday_morning())],
    );
    app.post_signed(&body).await;
    app.post_messenger(&body, Some(&sign(&body, "wrong"))).await;
    app.post_signed(b"{not json").await;
    app.drain().await;
    let response = app.get("/metrics", None).await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    for line in [
        r#"frontdesk_webhooks_received_total{channel="messenger"} 3"#,
        r#"frontdesk_webhooks_rejected_total{channel="messenger",reason="signature_invalid"} 1"#,
        r#"frontdesk_webhooks_rejected_total{channel="messenger",reason="malformed_json"} 1"#,
        r#"frontdesk_events_recorded_total{channel="messenger"} 1"#,
        r#"frontdesk_replies_sent_total{channel="messenger"} 1"#,
        r#"frontdesk_queue_depth{page="104857600123456"} 1"#,
        "frontdesk_decision_seconds_count 1",
        "frontdesk_reply_latency_seconds_count 1",
        "frontdesk_events_waiting 0",
        r#"frontdesk_replies_waiting{state="ready"} 0"#,
        r#"frontdesk_replies_waiting{state="deferred"} 0"#,
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
}
