//! The live bus across instances: what one instance changes, every instance hears of once;
//! installations on other prefixes hear nothing; the subscriber survives garbage and a lost
//! connection; a page saved on one instance is not served stale by another.
//!
//! Waits are bounded by `within` (a failure bound, not a timing assertion). "Nothing else
//! arrived" is proven by order, not by waiting: Redis delivers one channel's messages in the
//! order it accepted them, so once a later notice has arrived, an earlier one would have too.

use std::time::Duration;

use chrono::Utc;
use frontdesk::domain::conversation::{Change, Note};
use frontdesk::domain::event::{Channel, ConversationKey};
use frontdesk::live::{Happened, LiveUpdate};
use frontdesk::store::redis::RedisStore;
use frontdesk::store::{AnyStore, Changed, ConversationStore, PageStore, PageVersion, StreamStore};
use reqwest::Method;
use serde_json::json;
use tokio::sync::broadcast::Receiver;

use crate::helpers::*;
use crate::store_contract::{embedded_store, event, outcome, redis_store};

fn fresh_prefix() -> String {
    format!("test:{}:", uuid::Uuid::new_v4())
}

/// The next notice, failing the test if none comes within a few seconds.
async fn next(updates: &mut Receiver<LiveUpdate>) -> LiveUpdate {
    within(updates.recv()).await.expect("the bus is open")
}

async fn within<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(5), future)
        .await
        .expect("within 5 s")
}

fn message(key: &ConversationKey) -> LiveUpdate {
    LiveUpdate::conversation(key, Happened::Message)
}

fn note(key: &ConversationKey) -> LiveUpdate {
    LiveUpdate::conversation(key, Happened::Note)
}

/// Records, claims and commits one customer message; returns its conversation.
async fn customer_writes(store: &AnyStore, mid: &str, customer: &str) -> ConversationKey {
    let e = event(mid, customer);
    store.record_events(std::slice::from_ref(&e)).await.unwrap();
    let claimed = store
        .claim_events("live-test", 10, Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(claimed.len(), 1);
    store
        .commit_event(&claimed[0].entry_id, Some(&outcome(&e, 1, false)))
        .await
        .unwrap();
    e.conversation()
}

async fn add_note(store: &AnyStore, key: &ConversationKey) {
    let note = Note {
        author: "Jana".into(),
        text: "called them".into(),
        at: Utc::now(),
    };
    assert!(store.add_note(key, &note).await.unwrap());
}

#[tokio::test]
async fn a_change_on_one_instance_reaches_every_instance_once() {
    let prefix = fresh_prefix();
    let (a, b) = (redis_store(&prefix).await, redis_store(&prefix).await);
    let (mut on_a, mut on_b) = (a.live().subscribe(), b.live().subscribe());

    let key = customer_writes(&a, "m_live_1", "c_live_1").await;
    add_note(&a, &key).await;

    // The instance that made the change hears of it through Redis too, and only so: once.
    for updates in [&mut on_a, &mut on_b] {
        assert_eq!(next(updates).await, message(&key));
        assert_eq!(next(updates).await, note(&key), "the message came once");
    }
    purge_prefix(&prefix);
}

/// On a Redis Cluster the two instances subscribe through different nodes, and each change
/// still reaches both, once.
#[tokio::test]
async fn on_a_cluster_a_change_reaches_instances_listening_on_other_nodes() {
    let prefix = fresh_prefix();
    let mut nodes = redis_cluster_nodes();
    let a = frontdesk::store::redis::RedisStore::connect_cluster(
        &nodes,
        &prefix,
        4,
        Duration::from_secs(60),
    )
    .await
    .unwrap();
    nodes.rotate_left(1);
    let b = frontdesk::store::redis::RedisStore::connect_cluster(
        &nodes,
        &prefix,
        4,
        Duration::from_secs(60),
    )
    .await
    .unwrap();
    let (a, b) = (AnyStore::Redis(a), AnyStore::Redis(b));
    let (mut on_a, mut on_b) = (a.live().subscribe(), b.live().subscribe());

    let key = customer_writes(&a, "m_live_c1", "c_live_c1").await;
    add_note(&b, &key).await;

    for updates in [&mut on_a, &mut on_b] {
        assert_eq!(next(updates).await, message(&key));
        assert_eq!(next(updates).await, note(&key), "the message came once");
    }
    purge_cluster_prefix(&prefix);
}

#[tokio::test]
async fn installations_on_other_prefixes_hear_nothing_of_each_other() {
    let (one, other) = (fresh_prefix(), fresh_prefix());
    let (a, c) = (redis_store(&one).await, redis_store(&other).await);
    let (mut on_a, mut on_c) = (a.live().subscribe(), c.live().subscribe());

    let key = customer_writes(&a, "m_live_2", "c_live_2").await;
    assert_eq!(next(&mut on_a).await, message(&key), "a's notice went out");
    let theirs = customer_writes(&c, "m_live_3", "c_live_3").await;
    assert_eq!(
        next(&mut on_c).await,
        message(&theirs),
        "c heard its own notice first, not a's"
    );
    purge_prefix(&one);
    purge_prefix(&other);
}

#[tokio::test]
async fn the_embedded_store_tells_its_own_process_of_each_change() {
    let dir = tempfile::tempdir().unwrap();
    let store = embedded_store(&dir);
    let mut updates = store.live().subscribe();

    let key = customer_writes(&store, "m_live_4", "c_live_4").await;
    assert_eq!(next(&mut updates).await, message(&key));
    let claim = |staff: &str| Change::Claim {
        staff: staff.into(),
    };
    let now = Utc::now();
    assert_eq!(
        store
            .change_conversation(&key, &claim("Jana"), now)
            .await
            .unwrap(),
        Changed::Done
    );
    assert_eq!(
        next(&mut updates).await,
        LiveUpdate::conversation(&key, Happened::Changed)
    );
    // A refused change changed nothing, and tells nobody.
    assert!(matches!(
        store
            .change_conversation(&key, &claim("Petr"), now)
            .await
            .unwrap(),
        Changed::Refused(_)
    ));
    add_note(&store, &key).await;
    assert_eq!(next(&mut updates).await, note(&key));
    assert!(updates.try_recv().is_err(), "nothing more");
}

#[tokio::test]
async fn the_subscriber_skips_garbage_and_keeps_listening() {
    let prefix = fresh_prefix();
    let store = redis_store(&prefix).await;
    let mut updates = store.live().subscribe();
    let mut conn = redis::Client::open(redis_url())
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    for garbage in ["not json", "{\"kind\":\"page\"}", ""] {
        let _: () = redis::AsyncCommands::publish(&mut conn, format!("{prefix}live"), garbage)
            .await
            .unwrap();
    }
    let key = customer_writes(&store, "m_live_5", "c_live_5").await;
    assert_eq!(next(&mut updates).await, message(&key));
    purge_prefix(&prefix);
}

#[tokio::test]
async fn after_losing_redis_the_subscriber_comes_back_and_says_to_re_read() {
    let proxy = RedisProxy::start().await;
    let prefix = fresh_prefix();
    let store = AnyStore::Redis(
        RedisStore::connect(&proxy.url, &prefix, Duration::from_secs(15))
            .await
            .unwrap(),
    );
    let mut updates = store.live().subscribe();

    proxy.cut();
    assert_eq!(next(&mut updates).await, LiveUpdate::Resync);
    // The shared connection reconnects on its own; the first command may meet the cut one.
    let change = PageVersion {
        version: 0,
        by: "test".into(),
        at: Utc::now(),
        changed: vec!["name".into()],
        page: Some(example_page()),
    };
    within(async {
        while store
            .save_page(Channel::Messenger, PAGE_ID, &change)
            .await
            .is_err()
        {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    assert_eq!(
        next(&mut updates).await,
        LiveUpdate::Page {
            channel: Channel::Messenger,
            id: PAGE_ID.into()
        }
    );
    purge_prefix(&prefix);
}

#[tokio::test]
async fn a_page_saved_on_one_instance_is_not_served_stale_by_another() {
    let backend = Backend::fresh_redis();
    let start = |backend: Backend| async move {
        let graph = wiremock::MockServer::start().await;
        let mut settings = test_settings(&backend, &graph);
        // Far longer than the test: only the notice can make b read the page again.
        settings.page_cache_ttl_ms = 3_600_000;
        spawn_with(settings, backend, graph, tuesday_morning()).await
    };
    let a = start(backend.clone()).await;
    let b = start(backend).await;
    let name_on = |app: &TestApp| {
        let pages = app.pages.clone();
        async move {
            pages
                .get(Channel::Messenger, PAGE_ID)
                .await
                .unwrap()
                .unwrap()
                .name
                .clone()
        }
    };
    assert_eq!(name_on(&b).await, example_page().name, "b has it cached");
    let changed = a
        .call(
            Method::PATCH,
            &page_path(PAGE_ID),
            Some(EVA_ADMIN),
            Some(json!({"name": "Changed on a"})),
        )
        .await;
    assert_eq!(changed.status(), 200);
    within(async {
        while name_on(&b).await != "Changed on a" {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await;
}
