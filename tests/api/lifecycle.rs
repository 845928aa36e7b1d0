//! The real binary through deploys and crashes: SIGTERM lets the work under way finish and
//! exits 0; a killed instance's claimed reply is taken over within seconds; a live
//! instance's slow send is not taken over (its claim is renewed).

use std::process::Command;
use std::time::Duration;

use frontdesk::domain::conversation::Delivery;
use frontdesk::store::redis::RedisStore;
use frontdesk::store::{AnyStore, ConversationStore};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;
use crate::process::{Killed, free_port, frontdesk, wait_for_health};

fn send_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"message_id": "m_out"}))
}

fn import_example_page(prefix: &str, graph: &MockServer) {
    let import = frontdesk(prefix, graph, free_port(), false)
        .args(["pages", "import", "responses/pages/example.toml"])
        .status()
        .unwrap();
    assert!(import.success());
}

async fn post_message(client: &reqwest::Client, base: &str, mid: &str) {
    let body = delivery(
        PAGE_ID,
        vec![text_message(mid, "Dobrý den", chrono::Utc::now())],
    );
    let response = client
        .post(format!("{base}/webhooks/messenger"))
        .header("x-hub-signature-256", sign(&body, APP_SECRET))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

async fn wait_for_sends(graph: &MockServer, n: usize) {
    for _ in 0..400 {
        if graph.received_requests().await.unwrap_or_default().len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the Send API did not see {n} requests");
}

/// The reply's delivery state, read from the store the processes share.
async fn reply_state(prefix: &str) -> Option<Delivery> {
    let store = AnyStore::Redis(
        RedisStore::connect(&redis_url(), prefix, Duration::from_secs(15))
            .await
            .unwrap(),
    );
    let conversation = store.conversation(&conversation_key()).await.unwrap()?;
    conversation.messages.get(1)?.delivery.clone()
}

fn sigterm(child: &std::process::Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[tokio::test]
async fn sigterm_lets_the_send_under_way_finish_and_exits_zero() {
    let prefix = format!("test:{}:", uuid::Uuid::new_v4());
    let graph = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(send_ok().set_delay(Duration::from_secs(2)))
        .expect(1)
        .mount(&graph)
        .await;
    import_example_page(&prefix, &graph);
    let client = reqwest::Client::new();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut serving = Killed(
        frontdesk(&prefix, &graph, port, true)
            .env("FRONTDESK_OUTBOX__TIMEOUT_MS", "10000")
            .arg("serve")
            .spawn()
            .unwrap(),
    );
    wait_for_health(&client, &base).await;
    post_message(&client, &base, "m_deploy").await;
    wait_for_sends(&graph, 1).await;
    sigterm(&serving.0); // the send is under way
    let mut exit = None;
    for _ in 0..600 {
        if let Some(status) = serving.0.try_wait().unwrap() {
            exit = Some(status);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let state = reply_state(&prefix).await;
    purge_prefix(&prefix);
    let exit = exit.expect("the process exits after SIGTERM");
    assert_eq!(exit.code(), Some(0), "a clean exit: {exit:?}");
    assert!(
        matches!(state, Some(Delivery::Sent { attempts: 1, .. })),
        "the send under way finished and was recorded: {state:?}"
    );
}

#[tokio::test]
async fn a_killed_instance_s_send_is_taken_over_within_its_lease() {
    let prefix = format!("test:{}:", uuid::Uuid::new_v4());
    let graph = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(send_ok().set_delay(Duration::from_secs(120)))
        .up_to_n_times(1)
        .mount(&graph)
        .await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(send_ok())
        .mount(&graph)
        .await;
    import_example_page(&prefix, &graph);
    let client = reqwest::Client::new();
    // Both with the default lease (15 s), and a send that would hang for minutes.
    let instance = |port| {
        let mut command = frontdesk(&prefix, &graph, port, true);
        command
            .env_remove("FRONTDESK_WORKER__RECLAIM_AFTER_MS")
            .env("FRONTDESK_OUTBOX__TIMEOUT_MS", "300000")
            .arg("serve");
        command
    };
    let first_port = free_port();
    let mut first = Killed(instance(first_port).spawn().unwrap());
    let first_base = format!("http://127.0.0.1:{first_port}");
    wait_for_health(&client, &first_base).await;
    post_message(&client, &first_base, "m_crash").await;
    wait_for_sends(&graph, 1).await;
    first.0.kill().unwrap(); // SIGKILL mid-send: no chance to hand anything back
    first.0.wait().unwrap();

    let second_port = free_port();
    let _second = Killed(instance(second_port).spawn().unwrap());
    wait_for_health(&client, &format!("http://127.0.0.1:{second_port}")).await;
    let mut state = None;
    for _ in 0..120 {
        state = reply_state(&prefix).await;
        if matches!(state, Some(Delivery::Sent { .. })) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    purge_prefix(&prefix);
    assert!(
        matches!(state, Some(Delivery::Sent { .. })),
        "the next instance sent the reply once the dead one's claim lapsed: {state:?}"
    );
}

#[tokio::test]
async fn a_live_instance_s_slow_send_is_not_taken_over() {
    let prefix = format!("test:{}:", uuid::Uuid::new_v4());
    let graph = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(send_ok().set_delay(Duration::from_secs(4)))
        .mount(&graph)
        .await;
    import_example_page(&prefix, &graph);
    let client = reqwest::Client::new();
    // A lease much shorter than the send: only the heartbeat keeps the claim.
    let instance = |port| {
        let mut command = frontdesk(&prefix, &graph, port, true);
        command
            .env("FRONTDESK_WORKER__RECLAIM_AFTER_MS", "1000")
            .env("FRONTDESK_OUTBOX__TIMEOUT_MS", "10000")
            .arg("serve");
        command
    };
    let (a, b) = (free_port(), free_port());
    let _a = Killed(instance(a).spawn().unwrap());
    let _b = Killed(instance(b).spawn().unwrap());
    let base = format!("http://127.0.0.1:{a}");
    wait_for_health(&client, &base).await;
    wait_for_health(&client, &format!("http://127.0.0.1:{b}")).await;
    post_message(&client, &base, "m_slow_send").await;
    let mut state = None;
    for _ in 0..100 {
        state = reply_state(&prefix).await;
        if matches!(state, Some(Delivery::Sent { .. })) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Time for a wrongful takeover to show: two more leases.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let sends = graph.received_requests().await.unwrap_or_default().len();
    purge_prefix(&prefix);
    assert!(matches!(state, Some(Delivery::Sent { .. })), "{state:?}");
    assert_eq!(sends, 1, "one send, not one per instance");
}
