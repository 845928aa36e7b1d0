//! frontdesk on a Redis Cluster (three shards, four partitions): webhooks of several pages go
//! through the running worker and sender, one lane per partition, to exactly one reply each.
//! The store contract runs on the cluster too (`store_contract::on_redis_cluster`).

use std::collections::BTreeMap;
use std::time::Duration;

use frontdesk::domain::conversation::{Author, Delivery};
use frontdesk::store::{ConversationStore, StreamStore};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::*;

const PAGES: usize = 8;

fn page_id(n: usize) -> String {
    format!("20000000000{n:04}")
}

/// A delivery for `page` with one message of its own customer.
fn message_to(page: &str, n: usize) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "object": "page",
        "entry": [{"id": page, "time": 1_764_000_000_000_i64, "messaging": [{
            "sender": {"id": format!("cust{n}")},
            "recipient": {"id": page},
            "timestamp": friday_night().timestamp_millis(),
            "message": {"mid": format!("m_cluster_{n}"), "text": "Dobrý den, kdy otevíráte?"}
        }]}]
    }))
    .expect("json")
}

/// The Send API accepts every message (mounted after more specific answers, it catches the rest).
async fn send_api_answers_ok(graph: &MockServer) {
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"recipient_id": "x", "message_id": "m_sent"})),
        )
        .mount(graph)
        .await;
}

#[tokio::test]
async fn messages_to_pages_on_every_shard_are_answered_once_each() {
    let graph = MockServer::start().await;
    send_api_answers_ok(&graph).await;
    let backend = Backend::fresh_redis_cluster();
    let mut settings = test_settings(&backend, &graph);
    settings.worker.enabled = true;
    let app = spawn_with(settings, backend, graph, friday_night()).await;
    assert_eq!(app.store.lanes(), 4, "one lane per partition");
    for n in 0..PAGES {
        let mut page = example_page();
        page.id = page_id(n);
        app.add_page(page).await;
    }

    for n in 0..PAGES {
        let response = app.post_signed(&message_to(&page_id(n), n)).await;
        assert_eq!(response.status(), 200, "recorded before 200");
    }

    // The running worker and sender answer each one (waiting at most 30 s for them).
    let mut sent = Vec::new();
    for _ in 0..300 {
        sent = app.graph.received_requests().await.unwrap_or_default();
        if sent.len() >= PAGES {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A moment more: nothing is sent twice.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let sent = app.graph.received_requests().await.unwrap_or(sent);
    let mut per_customer: BTreeMap<String, usize> = BTreeMap::new();
    for request in &sent {
        let body: serde_json::Value = serde_json::from_slice(&request.body).expect("json body");
        let customer = body["recipient"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        *per_customer.entry(customer).or_default() += 1;
    }
    let expected: BTreeMap<String, usize> = (0..PAGES).map(|n| (format!("cust{n}"), 1)).collect();
    assert_eq!(per_customer, expected, "one reply per message, none twice");

    for n in 0..PAGES {
        let key = conversation_key_of(
            frontdesk::domain::event::Channel::Messenger,
            &page_id(n),
            &format!("cust{n}"),
        );
        let conversation = app
            .store
            .conversation(&key)
            .await
            .unwrap()
            .expect("the conversation is kept");
        let ours: Vec<_> = conversation
            .messages
            .iter()
            .filter(|m| m.author != Author::Customer)
            .collect();
        assert_eq!(ours.len(), 1, "{key}: {ours:?}");
        assert!(
            matches!(ours[0].delivery, Some(Delivery::Sent { .. })),
            "{key}: {:?}",
            ours[0].delivery
        );
        assert_eq!(
            app.store.queue(&page_id(n)).await.unwrap().len(),
            1,
            "closed: a person answers on Monday"
        );
    }
    let backlog = app.store.backlog().await.unwrap();
    assert_eq!(
        (backlog.events, backlog.replies_ready),
        (0, 0),
        "{backlog:?}"
    );
}

/// A one-node cluster of the test's own, stopped halfway: webhooks are then refused with 503
/// and `Retry-After` (the platform sends them again), never accepted and lost.
#[tokio::test]
async fn a_cluster_that_goes_away_turns_webhooks_into_503_with_retry_after() {
    let dir = tempfile::tempdir().unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/redis-cluster.sh");
    let started = std::process::Command::new(script)
        .args(["start", dir.path().to_str().unwrap(), "1"])
        .output()
        .expect("scripts/redis-cluster.sh runs");
    assert!(started.status.success(), "{started:?}");
    let nodes = String::from_utf8(started.stdout).unwrap();
    let graph = MockServer::start().await;
    let backend = Backend::fresh_redis_cluster();
    let mut settings = test_settings(&backend, &graph);
    settings.redis_cluster_nodes = vec![secrecy::SecretString::from(nodes.trim().to_owned())];
    let app = spawn_with(settings, backend, graph, friday_night()).await;
    let page = PAGE_ID;
    let response = app.post_signed(&message_to(page, 1)).await;
    assert_eq!(response.status(), 200);

    let stopped = std::process::Command::new(script)
        .args(["stop", dir.path().to_str().unwrap()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let response = app.post_signed(&message_to(page, 2)).await;
    assert_eq!(response.status(), 503);
    assert!(
        response.headers().contains_key("retry-after"),
        "{:?}",
        response.headers()
    );
}

/// Every page's data sits in the slot its partition count chose: a start with another count
/// would lose sight of it, so it is refused, naming the setting.
#[tokio::test]
async fn a_start_with_another_partition_count_is_refused() {
    let prefix = format!("test:{}:", uuid::Uuid::new_v4());
    let nodes = redis_cluster_nodes();
    let reclaim = Duration::from_secs(60);
    frontdesk::store::redis::RedisStore::connect_cluster(&nodes, &prefix, 4, reclaim)
        .await
        .expect("the first start keeps its count");
    frontdesk::store::redis::RedisStore::connect_cluster(&nodes, &prefix, 4, reclaim)
        .await
        .expect("the same count starts again");
    let refused = frontdesk::store::redis::RedisStore::connect_cluster(&nodes, &prefix, 8, reclaim)
        .await
        .err()
        .expect("another count is refused")
        .to_string();
    purge_cluster_prefix(&prefix);
    assert!(refused.contains("redis_partitions (8)"), "{refused}");
    assert!(refused.contains("set it back to 4"), "{refused}");
}

/// The room for sends is shared by every lane: a slow send of one page does not hold up the
/// next reply of the same page (same lane) while the instance has room (four sends here).
#[tokio::test]
async fn a_slow_send_holds_up_no_other_reply_of_its_lane() {
    let graph = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/me/messages"))
        .and(wiremock::matchers::body_partial_json(
            json!({"recipient": {"id": "cust0"}}),
        ))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"recipient_id": "cust0", "message_id": "m_slow"}))
                .set_delay(Duration::from_secs(20)),
        )
        .mount(&graph)
        .await;
    send_api_answers_ok(&graph).await;
    let backend = Backend::fresh_redis_cluster();
    let mut settings = test_settings(&backend, &graph);
    settings.worker.enabled = true;
    settings.outbox.max_in_flight = 4;
    settings.outbox.timeout_ms = 30_000;
    let app = spawn_with(settings, backend, graph, friday_night()).await;
    let mut page = example_page();
    page.id = page_id(0);
    app.add_page(page).await;

    // Both customers write to the same page: one partition, one lane.
    let first = message_to(&page_id(0), 0);
    assert_eq!(app.post_signed(&first).await.status(), 200);
    // The slow send is under way before the second message arrives.
    for _ in 0..100 {
        if !app
            .graph
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let second = message_to(&page_id(0), 1);
    assert_eq!(app.post_signed(&second).await.status(), 200);
    // The second reply goes out while the first one's send still hangs (20 s).
    let mut recipients = Vec::new();
    for _ in 0..100 {
        recipients = app.sent_recipients().await;
        if recipients.len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(recipients, ["cust0", "cust1"]);
}
