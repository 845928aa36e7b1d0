//! The Messenger webhook's edge: handshake, signatures, size and shape of the body.

use frontdesk::store::{ConversationStore, StreamStore};
use serde_json::Value;

use crate::helpers::*;

#[tokio::test]
async fn handshake_echoes_the_challenge_only_for_the_right_token() {
    let app = spawn_app().await;
    let ok = app
        .get(&format!("/webhooks/messenger?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token={VERIFY_TOKEN}"), None)
        .await;
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), "1158201444");

    for query in [
        "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong",
        "hub.mode=subscribe&hub.challenge=1158201444",
        &format!("hub.mode=unsubscribe&hub.challenge=1&hub.verify_token={VERIFY_TOKEN}"),
    ] {
        let refused = app.get(&format!("/webhooks/messenger?{query}"), None).await;
        assert_eq!(refused.status(), 403, "{query}");
        assert!(!refused.text().await.unwrap().contains("1158201444"));
    }
}

#[tokio::test]
async fn the_shipped_sample_verifies_on_its_exact_bytes() {
    let app = spawn_app().await;
    let body = include_bytes!("../../webhooks/messenger_text_message.json");
    let signature = "sha256=1e24da50e21e662811546ac2c496b6b65ddf04f94ac97e737e1653272a1d47ca";
    let response = app.post_messenger(body, Some(signature)).await;
    assert_eq!(response.status(), 200);
    let recorded = app
        .store
        .claim_events("probe", 10, std::time::Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].item.customer_id, CUSTOMER);
}

#[tokio::test]
async fn bad_signatures_are_rejected_with_401_and_record_nothing() {
    let app = spawn_app().await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_sig", "hello", tuesday_morning())],
    );
    let good = sign(&body, APP_SECRET);
    let mut tampered = body.clone();
    let last = tampered.len() - 3;
    tampered[last] = b'X';
    let cases: [(&str, &[u8], Option<String>, &str); 5] = [
        (
            "wrong secret",
            &body,
            Some(sign(&body, "another-secret")),
            "signature_invalid",
        ),
        (
            "tampered body",
            &tampered,
            Some(good.clone()),
            "signature_invalid",
        ),
        ("missing header", &body, None, "signature_missing"),
        (
            "wrong prefix",
            &body,
            Some(good.replace("sha256=", "sha1=")),
            "signature_invalid",
        ),
        (
            "not hex",
            &body,
            Some("sha256=not-hex".into()),
            "signature_invalid",
        ),
    ];
    for (case, body, signature, code) in cases {
        let response = app.post_messenger(body, signature.as_deref()).await;
        assert_eq!(response.status(), 401, "{case}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["code"], code, "{case}");
    }
    let recorded = app
        .store
        .claim_events("probe", 10, std::time::Duration::ZERO)
        .await
        .unwrap();
    assert!(recorded.is_empty(), "nothing may be recorded: {recorded:?}");
}

#[tokio::test]
async fn oversized_bodies_get_413_and_malformed_json_400() {
    let app = spawn_app().await;
    // The server refuses on the announced length, before reading the body. Sending the body
    // too would race the server's early close (the client may see a broken pipe instead of
    // the answer), so only the head is sent, over a raw connection.
    let head = format!(
        "POST /webhooks/messenger HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\nx-hub-signature-256: {}\r\ncontent-length: {}\r\n\r\n",
        sign(b"", APP_SECRET),
        1024 * 1024 + 1
    );
    let status_line = raw_request(&app.address, head.as_bytes()).await;
    assert!(status_line.starts_with("HTTP/1.1 413"), "{status_line}");

    // Just under the limit is fine (a large batch is legitimate).
    let mut big = delivery(
        PAGE_ID,
        vec![text_message("m_big", "hi", tuesday_morning())],
    );
    big.resize(1024 * 1024, b' ');
    assert_eq!(app.post_signed(&big).await.status(), 200);

    let malformed = br#"{"object":"page","entry":[{"id":"1","#;
    let response = app.post_signed(malformed).await;
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "malformed_json");
}

#[tokio::test]
async fn a_page_without_configuration_is_acknowledged_but_not_answered() {
    let app = spawn_app().await;
    let mut event = text_message("m_unknown", "hello?", tuesday_morning());
    event["recipient"]["id"] = "555".into();
    let body = delivery("555", vec![event]);
    assert_eq!(app.post_signed(&body).await.status(), 200);
    app.drain().await;
    assert!(app.sent_texts().await.is_empty());
    assert!(app.store.queue("555").await.unwrap().is_empty());
}

#[tokio::test]
async fn events_signed_by_another_app_than_the_pages_are_not_answered() {
    let graph = wiremock::MockServer::start().await;
    let backend = Backend::fresh_redis();
    let mut settings = test_settings(&backend, &graph);
    settings
        .messenger
        .apps
        .push(frontdesk::settings::AppSecrets {
            id: "111".into(),
            secrets: vec![secrecy::SecretString::from("other-app-secret".to_owned())],
        });
    let app = spawn_with(settings, backend, graph, tuesday_morning()).await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_other_app", "hi", tuesday_morning())],
    );
    let response = app
        .post_messenger(&body, Some(&sign(&body, "other-app-secret")))
        .await;
    assert_eq!(
        response.status(),
        200,
        "a valid signature of a known app is accepted"
    );
    app.drain().await;
    assert!(app.sent_texts().await.is_empty());
    assert!(app.store.queue(PAGE_ID).await.unwrap().is_empty());
}

/// Sends raw bytes and returns the first line of the answer.
async fn raw_request(address: &str, bytes: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(host).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut answer = vec![0u8; 1024];
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("the server answers without waiting for the body")
        .unwrap();
    String::from_utf8_lossy(&answer[..read])
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}
