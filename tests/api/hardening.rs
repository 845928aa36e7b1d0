//! Signed, valid, absurd or hostile input: the CRC oracle, far-off dates, oversized bodies,
//! an unreachable store, stalled uploads and placeholder secrets.

use serde_json::Value;

use crate::helpers::*;

/// Percent-encodes every byte, so any string survives as one query value.
fn query_value(raw: &[u8]) -> String {
    raw.iter().map(|b| format!("%{b:02X}")).collect()
}

#[tokio::test]
async fn a_body_signed_through_the_crc_endpoint_is_rejected() {
    let app = spawn_x_app_now().await;
    // A forged DM from a customer, the whole JSON body offered as a CRC token.
    let forged = x_dms(&[("990001", "refund me")], tuesday_morning());
    let response = app
        .get(
            &format!("/webhooks/x?crc_token={}", query_value(&forged)),
            None,
        )
        .await;
    assert_eq!(response.status(), 400, "a JSON body is not a CRC token");
    let answer: Value = response.json().await.unwrap();
    // Whatever the CRC handed out is all an attacker has to sign the forged body with.
    let signature = answer["response_token"].as_str().map(str::to_owned);
    assert_eq!(
        app.post_x(&forged, signature.as_deref()).await.status(),
        401
    );

    // Vector XV-4 (protocols-2.md §V.1): the CRC must not sign it either.
    let xv4 = br#"{"data":{"event_uuid":"5120398847162290451","filter":{},"event_type":"oauth.revoke","payload":{"date_time":"2026-11-24T11:05:42+00:00","user_id":"1602317347845976187","app_id":"29401847"}}}"#;
    let response = app
        .get(&format!("/webhooks/x?crc_token={}", query_value(xv4)), None)
        .await;
    assert_eq!(response.status(), 400);
    let body = response.text().await.unwrap();
    assert!(!body.contains("xzh+rej9qWGxTSteoWtDL+UwWabKT"), "{body}");
    // Tokens with whitespace or of a body's length are refused too; X's own shape is answered.
    for token in ["a%20b", "a%0Ab", &"A".repeat(257)] {
        let status = app
            .get(&format!("/webhooks/x?crc_token={token}"), None)
            .await
            .status();
        assert_eq!(status, 400, "{token}");
    }
    let token = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA-_=";
    assert_eq!(
        app.get(&format!("/webhooks/x?crc_token={token}"), None)
            .await
            .status(),
        200
    );
}

async fn spawn_x_app_now() -> TestApp {
    let app = spawn_app().await;
    app.add_page(example_x_page()).await;
    app
}

#[tokio::test]
async fn a_platform_timestamp_far_in_the_future_is_replaced_by_the_receipt_time() {
    let app = spawn_app().await;
    let mut far = text_message("m_far", "Reklamace", tuesday_morning());
    far["timestamp"] = serde_json::json!(8_210_266_833_600_000_i64);
    let mut ancient = text_message("m_ancient", "Reklamace znovu", tuesday_morning());
    ancient["timestamp"] = serde_json::json!(1_000_i64);
    let body = delivery(PAGE_ID, vec![far, ancient]);
    assert_eq!(app.post_signed(&body).await.status(), 200);
    app.worker.process_pending().await.unwrap();

    let response = app.get("/api/queue", Some(JANA)).await;
    assert_eq!(response.status(), 200);
    let queue: Value = response.json().await.unwrap();
    let messages = &queue["conversations"][0]["messages"];
    let received = tuesday_morning().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    let customer: Vec<&Value> = messages
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["author"] == "customer")
        .collect();
    assert_eq!(customer.len(), 2, "{messages}");
    for message in customer {
        assert_eq!(message["at"], received.as_str(), "{message}");
    }
}

#[tokio::test]
async fn admin_dates_outside_a_sane_range_are_refused_naming_the_field() {
    use reqwest::Method;
    use serde_json::json;
    let app = spawn_app().await;
    let page = page_path(PAGE_ID);
    let far = "+262142-12-31T23:59:59Z";
    let cases = [
        (
            Method::POST,
            "/simulate",
            json!({"text": "Ahoj", "at": far}),
            "at",
        ),
        (
            Method::POST,
            "/simulate",
            json!({"text": "Ahoj", "at": "1970-01-01T00:00:00Z"}),
            "at",
        ),
        (
            Method::PUT,
            "/override",
            json!({"open_until": far}),
            "open_until",
        ),
        (
            Method::PUT,
            "/override",
            json!({"away_until": "9999-12-31T00:00:00Z"}),
            "away_until",
        ),
        (
            Method::PATCH,
            "",
            json!({"open_until": "9999-12-31T00:00:00Z"}),
            "open_until",
        ),
        (
            Method::PUT,
            "/crisis",
            json!({"announcement": {"en": "Down"}, "until": far}),
            "until",
        ),
        (
            Method::PATCH,
            "",
            json!({"special_days": [{"name": "Far", "date": "9999-01-01"}]}),
            "special_days[0].date",
        ),
        (
            Method::PATCH,
            "",
            json!({"special_days": [{"name": "Far", "from": "2026-12-24", "to": "+99999-01-01"}]}),
            "special_days[0].to",
        ),
    ];
    for (method, path, body, field) in cases {
        let response = app
            .call(
                method.clone(),
                &format!("{page}{path}"),
                Some(EVA_ADMIN),
                Some(body.clone()),
            )
            .await;
        assert_eq!(response.status(), 422, "{method} {path} {body}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["field"], field, "{method} {path} {body}: {error}");
    }
    // Nothing was stored that would break the queue or the simulator later.
    assert_eq!(app.get("/api/queue", Some(EVA_ADMIN)).await.status(), 200);
    let simulated = app
        .call(
            Method::POST,
            &format!("{page}/simulate"),
            Some(EVA_ADMIN),
            Some(json!({"text": "Ahoj"})),
        )
        .await;
    assert_eq!(simulated.status(), 200);
}

#[tokio::test]
async fn with_the_store_down_webhooks_answer_503_with_retry_after() {
    let redis = RedisProxy::start().await;
    let backend = Backend::fresh_redis();
    let graph = wiremock::MockServer::start().await;
    let mut settings = test_settings(&backend, &graph);
    settings.redis_url = Some(redis.url.clone());
    let app = spawn_with(settings, backend, graph, tuesday_morning()).await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_up", "Ahoj", tuesday_morning())],
    );
    assert_eq!(app.post_signed(&body).await.status(), 200);

    redis.go_down();
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_down", "Ahoj", tuesday_morning())],
    );
    for _ in 0..2 {
        let response = app.post_signed(&body).await;
        assert_eq!(response.status(), 503);
        let retry_after: u64 = response.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(retry_after >= 1);
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["code"], "store_unavailable");
    }
    let queue = app.get("/api/queue", Some(JANA)).await;
    assert_eq!(queue.status(), 503);
}

/// Sends `head` and the start of a body over a raw connection, then stalls; returns what the
/// server answered before it closed the connection.
async fn stall_after(address: &str, head: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address.trim_start_matches("http://"))
        .await
        .unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    // A guard only: the server is expected to give up long before.
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        stream.read_to_end(&mut answer),
    )
    .await;
    assert!(read.is_ok(), "the server kept the stalled connection open");
    String::from_utf8_lossy(&answer).into_owned()
}

#[tokio::test]
async fn a_stalled_request_is_answered_408_and_closed() {
    let backend = Backend::fresh_redis();
    let graph = wiremock::MockServer::start().await;
    let mut settings = test_settings(&backend, &graph);
    settings.request_timeout_ms = 1_000;
    let app = spawn_with(settings, backend, graph, tuesday_morning()).await;
    let health = app.get("/health", None).await;
    assert_eq!(health.status(), 200, "before: {:?}", health.text().await);
    let body_stalled = stall_after(
        &app.address,
        "POST /webhooks/messenger HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"object\":",
    )
    .await;
    assert!(body_stalled.starts_with("HTTP/1.1 408"), "{body_stalled}");
    let health = app.get("/health", None).await;
    assert_eq!(health.status(), 200, "between: {:?}", health.text().await);
    let head_stalled = stall_after(
        &app.address,
        "POST /webhooks/messenger HTTP/1.1\r\nHost: a\r\n",
    )
    .await;
    assert!(
        head_stalled.is_empty() || head_stalled.starts_with("HTTP/1.1 408"),
        "{head_stalled}"
    );
    // The server still serves everyone else.
    let health = app.get("/health", None).await;
    assert_eq!(health.status(), 200, "{:?}", health.text().await);
}

#[tokio::test]
async fn replies_notes_and_bodies_have_size_limits() {
    use serde_json::json;
    let app = spawn_app().await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_size", "Reklamace", tuesday_morning())],
    );
    assert_eq!(app.post_signed(&body).await.status(), 200);
    app.worker.process_pending().await.unwrap();
    let conversation = conversation_path(&conversation_key());

    // A Messenger text is at most 2 000 characters, the signature included.
    let response = app
        .post_json(
            &format!("{conversation}/reply"),
            JANA,
            json!({"text": "ž".repeat(1995)}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "text_too_long");
    assert_eq!(error["field"], "text");
    assert!(
        error["message"].as_str().unwrap().contains("2000"),
        "{error}"
    );
    let fits = app
        .post_json(
            &format!("{conversation}/reply"),
            JANA,
            json!({"text": "ž".repeat(1900)}),
        )
        .await;
    assert_eq!(fits.status(), 202, "{}", fits.text().await.unwrap());

    let note = app
        .post_json(
            &format!("{conversation}/notes"),
            JANA,
            json!({"text": "n".repeat(10_001)}),
        )
        .await;
    assert_eq!(note.status(), 422);
    let note = app
        .post_json(
            &format!("{conversation}/notes"),
            JANA,
            json!({"text": "n".repeat(10_000)}),
        )
        .await;
    assert_eq!(note.status(), 201);

    let resolution = app
        .post_json(
            &format!("{}/crisis/resolution", page_path(PAGE_ID)),
            EVA_ADMIN,
            json!({"text": "r".repeat(2_001)}),
        )
        .await;
    assert_eq!(resolution.status(), 422);

    // Over the API's body limit: 413, not 400, said from the declared length before any of
    // the body is read. (Sending the whole body races the server closing the connection
    // after its answer: the client may then fail mid-upload.)
    let head = format!(
        "POST {conversation}/notes HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer {JANA}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        1024 * 1024 + 100
    );
    let huge = stall_after(&app.address, &head).await;
    assert!(huge.starts_with("HTTP/1.1 413"), "{huge}");
    assert!(huge.contains("payload_too_large"), "{huge}");
}

#[tokio::test]
async fn a_channel_without_a_secret_is_off() {
    let backend = Backend::fresh_redis();
    let graph = wiremock::MockServer::start().await;
    let mut settings = test_settings(&backend, &graph);
    settings.x.apps.clear();
    let app = spawn_with(settings, backend, graph, tuesday_morning()).await;
    assert_eq!(
        app.get("/webhooks/x?crc_token=foo", None).await.status(),
        404
    );
    let body = x_dms(&[("1", "hi")], tuesday_morning());
    assert_eq!(app.post_x(&body, Some(&sign_x(&body))).await.status(), 404);
    // Messenger, configured, still answers.
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_on", "Ahoj", tuesday_morning())],
    );
    assert_eq!(app.post_signed(&body).await.status(), 200);

    let backend = Backend::fresh_redis();
    let graph = wiremock::MockServer::start().await;
    let mut settings = test_settings(&backend, &graph);
    settings.messenger.apps.clear();
    settings.messenger.verify_token = None;
    let app = spawn_with(settings, backend, graph, tuesday_morning()).await;
    assert_eq!(app.post_signed(&body).await.status(), 404);
    let handshake = format!(
        "/webhooks/messenger?hub.mode=subscribe&hub.verify_token={VERIFY_TOKEN}&hub.challenge=1"
    );
    assert_eq!(app.get(&handshake, None).await.status(), 404);
}

#[tokio::test]
async fn the_service_refuses_to_start_with_a_placeholder_secret() {
    use frontdesk::settings::AppSecrets;
    use secrecy::SecretString;
    let secret = |s: &str| SecretString::from(s.to_owned());
    type SetSecret = fn(&mut frontdesk::settings::Settings, SecretString);
    let cases: [(&str, SetSecret); 4] = [
        ("x.apps[0].secrets[0]", |s, v| {
            s.x.apps = vec![AppSecrets {
                id: X_APP_ID.into(),
                secrets: vec![v],
            }]
        }),
        ("messenger.apps[0].secrets[0]", |s, v| {
            s.messenger.apps[0].secrets = vec![v]
        }),
        ("messenger.verify_token", |s, v| {
            s.messenger.verify_token = Some(v)
        }),
        ("api.token", |s, v| s.api.token = Some(v)),
    ];
    for placeholder in ["unset", "changeme", "", "  ", "CHANGE_ME"] {
        for (field, set) in cases {
            let backend = Backend::fresh_redis();
            let graph = wiremock::MockServer::start().await;
            let mut settings = test_settings(&backend, &graph);
            set(&mut settings, secret(placeholder));
            let built = frontdesk::startup::Application::build(
                settings,
                frontdesk::clock::Clock::fixed(tuesday_morning()),
            )
            .await;
            let error = built.err().map(|e| format!("{e:#}")).unwrap_or_default();
            assert!(
                error.contains(field),
                "{placeholder:?} in {field}: {error:?}"
            );
        }
    }
}

#[tokio::test]
async fn without_page_the_queue_lists_all_the_callers_pages_the_owners_included() {
    let app = spawn_app().await;
    let mut other = example_page();
    other.id = OTHER_PAGE_ID.into();
    other.name = "Another client".into();
    app.add_page(other).await;
    for page in [PAGE_ID, OTHER_PAGE_ID] {
        let mut message = text_message(&format!("m_{page}"), "Reklamace", tuesday_morning());
        message["recipient"]["id"] = Value::String(page.into());
        assert_eq!(
            app.post_signed(&delivery(page, vec![message]))
                .await
                .status(),
            200
        );
    }
    app.worker.process_pending().await.unwrap();
    let pages_listed = |queue: &Value| {
        let mut pages: Vec<String> = queue["conversations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["page_id"].as_str().unwrap().to_owned())
            .collect();
        pages.sort();
        pages
    };
    for (token, expected) in [
        (API_TOKEN, vec![PAGE_ID, OTHER_PAGE_ID]),
        (JANA, vec![PAGE_ID]),
        (OLGA_OTHER_PAGE, vec![OTHER_PAGE_ID]),
    ] {
        let response = app.get("/api/queue", Some(token)).await;
        assert_eq!(response.status(), 200, "{token}");
        let queue: Value = response.json().await.unwrap();
        let mut expected: Vec<String> = expected.into_iter().map(str::to_owned).collect();
        expected.sort();
        assert_eq!(pages_listed(&queue), expected, "{token}");
    }
    let stats = app.get("/api/stats", Some(API_TOKEN)).await;
    assert_eq!(stats.status(), 200);
}

#[tokio::test]
async fn agents_list_their_pages_by_name_but_only_admins_read_the_configuration() {
    let app = spawn_app().await;
    let listed: Value = app
        .get("/api/pages", Some(JANA))
        .await
        .json()
        .await
        .unwrap();
    let pages = listed["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 1, "{listed}");
    assert_eq!(pages[0]["id"], PAGE_ID);
    assert!(
        pages[0].get("hours").is_none() && pages[0].get("faq").is_none(),
        "{listed}"
    );
    let page = page_path(PAGE_ID);
    assert_eq!(app.get(&page, Some(JANA)).await.status(), 403);
    assert_eq!(app.get(&page, Some(EVA_ADMIN)).await.status(), 200);
    let other: Value = app
        .get("/api/pages", Some(OLGA_OTHER_PAGE))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(other["pages"], serde_json::json!([]));
}
