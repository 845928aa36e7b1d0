//! What an operator relies on: request ids, `/metrics` series from the start, `/health` and
//! `/ready` (also with the store down). The logs themselves are checked on the real binary
//! in `operations_process.rs`.

use chrono::TimeDelta;
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::helpers::*;

async fn metrics(app: &TestApp) -> String {
    let response = app.get("/metrics", None).await;
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

/// The value of the series `series` (name and labels exactly as exposed).
fn value(metrics: &str, series: &str) -> f64 {
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("no series {series} in\n{metrics}"))
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_request_id_is_kept_when_sane_and_made_when_not() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let health = format!("{}/health", app.address);
    let kept = client
        .get(&health)
        .header("x-request-id", "lb-7f3a:42")
        .send()
        .await
        .unwrap();
    assert_eq!(kept.headers()["x-request-id"], "lb-7f3a:42");

    let mut seen = Vec::new();
    for sent in [None, Some("has space"), Some(&*"x".repeat(200))] {
        let mut request = client.get(&health);
        if let Some(id) = sent {
            request = request.header("x-request-id", id);
        }
        let response = request.send().await.unwrap();
        let id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(id.len(), 32, "a generated id, not {sent:?}: {id}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
        seen.push(id);
    }
    seen.dedup();
    assert_eq!(seen.len(), 3, "every request gets its own id");

    // Errors carry it too.
    let refused = client
        .get(format!("{}/api/queue", app.address))
        .header("x-request-id", "denied-1")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
    assert_eq!(refused.headers()["x-request-id"], "denied-1");
}

#[tokio::test]
async fn every_known_series_is_there_from_the_start_at_zero() {
    let app = spawn_app().await;
    let metrics = metrics(&app).await;
    for series in [
        r#"frontdesk_http_request_duration_seconds_count{method="POST",route="/webhooks/messenger",status="5xx"}"#,
        r#"frontdesk_http_request_duration_seconds_count{method="PUT",route="/api/pages/{id}/override",status="4xx"}"#,
        r#"frontdesk_http_request_duration_seconds_count{method="GET",route="/ready",status="2xx"}"#,
        r#"frontdesk_http_request_duration_seconds_bucket{method="POST",route="/webhooks/x",status="2xx",le="10"}"#,
        r#"frontdesk_webhooks_received_total{channel="instagram"}"#,
        r#"frontdesk_webhooks_rejected_total{channel="x",reason="signature_invalid"}"#,
        r#"frontdesk_replies_failed_total{channel="messenger"}"#,
        r#"frontdesk_delivery_failures_total{channel="messenger",code="graph_551"}"#,
        r#"frontdesk_delivery_failures_total{channel="x",code="http_429"}"#,
        r#"frontdesk_delivery_failures_total{channel="instagram",code="network"}"#,
        r#"frontdesk_webhook_to_reply_seconds_bucket{le="60"}"#,
        "frontdesk_webhook_to_reply_seconds_count",
        r#"frontdesk_x_token_refreshes_total{outcome="refused"}"#,
        "frontdesk_outbox_oldest_reply_age_seconds",
        "frontdesk_worker_lag_seconds",
        r#"frontdesk_replies_waiting{state="deferred"}"#,
    ] {
        assert_eq!(value(&metrics, series), 0.0, "{series}");
    }
}

#[tokio::test]
async fn requests_are_counted_by_route_pattern_and_status_class() {
    let app = spawn_app().await;
    let page = page_path(PAGE_ID);
    assert_eq!(app.get(&page, Some(API_TOKEN)).await.status(), 200);
    assert_eq!(app.get(&page, Some(API_TOKEN)).await.status(), 200);
    assert_eq!(app.get(&page, None).await.status(), 401);
    assert_eq!(app.get("/no/such/thing/123", None).await.status(), 404);
    let metrics = metrics(&app).await;
    let pattern = r#"method="GET",route="/api/pages/{id}""#;
    assert_eq!(
        value(
            &metrics,
            &format!(r#"frontdesk_http_request_duration_seconds_count{{{pattern},status="2xx"}}"#)
        ),
        2.0
    );
    assert_eq!(
        value(
            &metrics,
            &format!(r#"frontdesk_http_request_duration_seconds_count{{{pattern},status="4xx"}}"#)
        ),
        1.0
    );
    assert_eq!(
        value(
            &metrics,
            r#"frontdesk_http_request_duration_seconds_count{method="GET",route="unmatched",status="4xx"}"#
        ),
        1.0
    );
    // Labels hold patterns, never the ids of a raw path.
    assert!(
        !metrics.contains(&format!("route=\"/api/pages/{PAGE_ID}")),
        "{metrics}"
    );
    assert!(!metrics.contains("/no/such/thing"), "{metrics}");
}

#[tokio::test]
async fn failed_sends_are_counted_by_the_platforms_error_code() {
    let app = spawn_app().await;
    let blocked = json!({"error": {"message": "This person isn't available right now.", "code": 551, "error_subcode": 1545041, "fbtrace_id": "A"}});
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&app.graph)
        .await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(ResponseTemplate::new(400).set_body_json(blocked))
        .mount(&app.graph)
        .await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_blocked", "Dobrý den", tuesday_morning())],
    );
    assert_eq!(app.post_signed(&body).await.status(), 200);
    app.drain().await;
    let metrics = metrics(&app).await;
    for (series, count) in [
        (
            r#"frontdesk_delivery_failures_total{channel="messenger",code="http_503"}"#,
            1.0,
        ),
        (
            r#"frontdesk_delivery_failures_total{channel="messenger",code="graph_551"}"#,
            1.0,
        ),
        (
            r#"frontdesk_delivery_failures_total{channel="messenger",code="graph_other"}"#,
            0.0,
        ),
        (
            r#"frontdesk_replies_failed_total{channel="messenger"}"#,
            1.0,
        ),
    ] {
        assert_eq!(value(&metrics, series), count, "{series}");
    }
}

/// The worker's lag and the outbox's oldest reply, on both stores, by the test's clock.
async fn backlog_ages_follow_the_clock(backend: Backend) {
    let app = spawn_app_on(backend, tuesday_morning()).await;
    app.accept_sends().await;
    let body = delivery(
        PAGE_ID,
        vec![text_message("m_waits", "Dobrý den", tuesday_morning())],
    );
    assert_eq!(app.post_signed(&body).await.status(), 200);
    app.clock.set(tuesday_morning() + TimeDelta::seconds(30));
    let waiting = metrics(&app).await;
    assert_eq!(value(&waiting, "frontdesk_events_waiting"), 1.0);
    assert_eq!(value(&waiting, "frontdesk_worker_lag_seconds"), 30.0);
    assert_eq!(
        value(&waiting, "frontdesk_outbox_oldest_reply_age_seconds"),
        0.0
    );

    // Decided at +30 s: the reply waits in the outbox.
    app.worker.process_pending().await.unwrap();
    app.clock.set(tuesday_morning() + TimeDelta::seconds(42));
    let decided = metrics(&app).await;
    assert_eq!(value(&decided, "frontdesk_worker_lag_seconds"), 0.0);
    assert_eq!(
        value(&decided, r#"frontdesk_replies_waiting{state="ready"}"#),
        1.0
    );
    assert_eq!(
        value(&decided, "frontdesk_outbox_oldest_reply_age_seconds"),
        12.0
    );

    // Sent at +42 s: 42 s after the webhook came in.
    app.send_all().await;
    let sent = metrics(&app).await;
    assert_eq!(
        value(&sent, "frontdesk_outbox_oldest_reply_age_seconds"),
        0.0
    );
    assert_eq!(
        value(&sent, "frontdesk_webhook_to_reply_seconds_count"),
        1.0
    );
    assert_eq!(
        value(
            &sent,
            r#"frontdesk_webhook_to_reply_seconds_bucket{le="30"}"#
        ),
        0.0
    );
    assert_eq!(
        value(
            &sent,
            r#"frontdesk_webhook_to_reply_seconds_bucket{le="60"}"#
        ),
        1.0
    );
}

#[tokio::test]
async fn backlog_ages_on_redis() {
    backlog_ages_follow_the_clock(Backend::fresh_redis()).await;
}

#[tokio::test]
async fn backlog_ages_on_the_embedded_store() {
    let dir = tempfile::tempdir().unwrap();
    backlog_ages_follow_the_clock(Backend::Embedded(dir.path().join("frontdesk.redb"))).await;
}

#[tokio::test]
async fn ready_and_healthy_while_the_store_answers() {
    let app = spawn_app().await;
    let health = app.get("/health", None).await;
    assert_eq!(health.status(), 200);
    let ready = app.get("/ready", None).await;
    assert_eq!(ready.status(), 200);
    let ready: Value = ready.json().await.unwrap();
    assert_eq!(
        ready,
        json!({"ready": true, "checks": {"store": "ok", "serving": "ok"}})
    );
}

#[tokio::test]
async fn with_the_store_down_not_ready_but_still_alive() {
    let redis = RedisProxy::start().await;
    let backend = Backend::fresh_redis();
    let graph = wiremock::MockServer::start().await;
    let mut settings = test_settings(&backend, &graph);
    settings.redis_url = Some(redis.url.clone());
    let app = spawn_with(settings, backend, graph, tuesday_morning()).await;
    assert_eq!(app.get("/ready", None).await.status(), 200);

    redis.go_down();
    let ready = app.get("/ready", None).await;
    assert_eq!(ready.status(), 503);
    assert!(ready.headers().contains_key("retry-after"));
    let ready: Value = ready.json().await.unwrap();
    assert_eq!(ready["ready"], false);
    assert_eq!(ready["checks"]["serving"], "ok");
    let store = ready["checks"]["store"].as_str().unwrap();
    assert!(store.starts_with("not ready: redis"), "{store}");
    // Alive all the same: a restart would not bring the store back.
    assert_eq!(app.get("/health", None).await.status(), 200);
}

/// The promises of the deploy files, read as text (no Docker needed).
#[test]
fn the_deploy_files_keep_their_promises() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| std::fs::read_to_string(root.join(name)).unwrap();
    let dockerfile = read("Dockerfile");
    assert!(
        dockerfile.contains("\nUSER 10001:10001\n"),
        "runs unprivileged"
    );
    assert!(
        dockerfile.contains("HEALTHCHECK") && dockerfile.contains("http://127.0.0.1:8080/health"),
        "the image checks liveness"
    );
    let ignored = read(".dockerignore");
    for entry in ["target/", ".git/", "frontdesk.toml", "**/*.redb"] {
        assert!(
            ignored.lines().any(|l| l == entry),
            "{entry} in .dockerignore"
        );
    }
    let compose = read("docker-compose.yml");
    for promise in [
        "init: true",
        "http://127.0.0.1:8080/ready",
        r#""--appendonly", "yes""#,
        "redis-data:/data",
    ] {
        assert!(compose.contains(promise), "{promise} in docker-compose.yml");
    }
    // Every secret is required: `${VAR:?…}`, never a default (`${VAR:-…}`).
    for line in compose.lines().filter(|l| {
        let l = l.to_ascii_uppercase();
        l.contains("${") && (l.contains("SECRET") || l.contains("TOKEN"))
    }) {
        assert!(
            !line.contains(":-") && line.matches("${").count() == line.matches(":?").count(),
            "a secret with a default: {line}"
        );
    }
}
