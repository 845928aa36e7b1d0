//! The store's part of delivery at the edges, on both backends: replies deferred to their
//! next attempt, a reply given up brought back to a person, and claims renewed by a live
//! consumer or handed back by one that stops.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use frontdesk::domain::conversation::{DELIVERY_FAILED, Delivery, Status};
use frontdesk::store::embedded::EmbeddedStore;
use frontdesk::store::redis::RedisStore;
use frontdesk::store::{AnyStore, ConversationStore, StreamStore, WorkQueue};

use crate::helpers::*;
use crate::store_contract::{embedded_store, event, outcome, redis_store};

/// Commits one event whose outcome has a reply (not escalated), and claims that reply.
async fn claimed_reply(
    store: &AnyStore,
    mid: &str,
) -> frontdesk::store::Claimed<frontdesk::domain::conversation::OutboundReply> {
    let e = event(mid, &format!("customer-of-{mid}"));
    store.record_events(std::slice::from_ref(&e)).await.unwrap();
    let claimed = store.claim_events("c", 10, Duration::ZERO).await.unwrap();
    let mut answered = outcome(&e, 1, true);
    answered.escalate = false;
    store
        .commit_event(&claimed[0].entry_id, Some(&answered))
        .await
        .unwrap();
    let mut replies = store.claim_replies("c", 10, Duration::ZERO).await.unwrap();
    assert_eq!(replies.len(), 1);
    replies.remove(0)
}

async fn deferred_replies_wait_for_their_time(store: AnyStore) {
    let t0 = Utc.with_ymd_and_hms(2026, 11, 24, 9, 5, 0).unwrap();
    let entry = claimed_reply(&store, "m_defer").await;
    let mut retry = entry.item.clone();
    retry.failed_attempts = 1;
    let due = t0 + chrono::Duration::seconds(60);
    let waiting = Delivery::Retrying {
        attempts: 1,
        error: "Graph 503".into(),
        next_attempt_at: due,
    };
    store
        .defer_reply(&entry.entry_id, &retry, due, &waiting)
        .await
        .unwrap();
    assert!(
        store
            .claim_replies("c", 10, Duration::ZERO)
            .await
            .unwrap()
            .is_empty(),
        "a deferred reply is not ready"
    );
    let conversation = store
        .conversation(&retry.conversation)
        .await
        .unwrap()
        .unwrap();
    let message = conversation
        .messages
        .iter()
        .find(|m| m.id == retry.id)
        .unwrap();
    assert_eq!(message.delivery, Some(waiting), "the attempt is visible");
    assert_eq!(store.next_deferred_reply().await.unwrap(), Some(due));
    let backlog = store.backlog().await.unwrap();
    assert_eq!(
        (
            backlog.events,
            backlog.replies_ready,
            backlog.replies_deferred
        ),
        (0, 0, 1),
        "the backlog counts the deferred reply"
    );
    assert_eq!(
        store
            .promote_due_replies(due - chrono::Duration::seconds(1), 10)
            .await
            .unwrap(),
        0,
        "not before its time"
    );
    assert_eq!(store.promote_due_replies(due, 10).await.unwrap(), 1);
    assert_eq!(
        store.promote_due_replies(due, 10).await.unwrap(),
        0,
        "moved once"
    );
    assert_eq!(store.next_deferred_reply().await.unwrap(), None);
    let again = store.claim_replies("c", 10, Duration::ZERO).await.unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].item, retry, "with its count of failed attempts");
}

async fn a_reply_given_up_brings_its_conversation_to_a_person(store: AnyStore) {
    let entry = claimed_reply(&store, "m_given_up").await;
    let key = entry.item.conversation.clone();
    assert!(
        store.queue(PAGE_ID).await.unwrap().is_empty(),
        "answered by the bot: nobody needed"
    );
    let at = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let failed = Delivery::Failed {
        at,
        error: "(#551) This person isn't available right now.".into(),
        attempts: 1,
    };
    store
        .commit_reply(&entry.entry_id, &entry.item, &failed)
        .await
        .unwrap();
    let queue = store.queue(PAGE_ID).await.unwrap();
    assert_eq!(queue.len(), 1, "{queue:?}");
    assert_eq!(queue[0].key, key);
    assert!(queue[0].labels.contains(DELIVERY_FAILED));
    assert_eq!(queue[0].status, Status::New);
    assert!(
        store
            .claim_replies("c", 10, Duration::ZERO)
            .await
            .unwrap()
            .is_empty(),
        "and it is not sent again"
    );
}

async fn the_backlog_counts_waiting_events(store: AnyStore, knows_when: bool) {
    let before = Utc::now() - chrono::Duration::seconds(1);
    store
        .record_events(&[event("m_wait_1", "c_w1"), event("m_wait_2", "c_w2")])
        .await
        .unwrap();
    let backlog = store.backlog().await.unwrap();
    assert_eq!(backlog.events, 2);
    assert_eq!(
        backlog
            .oldest_event_recorded_at
            .is_some_and(|at| at >= before),
        knows_when,
        "{backlog:?}"
    );
}

#[tokio::test]
async fn redis_backlog_counts_waiting_events_and_their_age() {
    let prefix = format!("test:{}:", uuid::Uuid::new_v4());
    the_backlog_counts_waiting_events(redis_store(&prefix).await, true).await;
    purge_prefix(&prefix);
}

#[tokio::test]
async fn embedded_backlog_counts_waiting_events() {
    let dir = tempfile::tempdir().unwrap();
    the_backlog_counts_waiting_events(embedded_store(&dir), false).await;
}

const LEASE: Duration = Duration::from_millis(1_000);

async fn renewed_claims_hold_and_released_ones_go_at_once(store: AnyStore) {
    store
        .record_events(&[event("m_lease", "c_lease")])
        .await
        .unwrap();
    let held = store
        .claim_events("alive", 10, Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(held.len(), 1);
    let ids = vec![held[0].entry_id.clone()];
    tokio::time::sleep(LEASE * 6 / 10).await;
    store
        .renew_claims(WorkQueue::Events, "alive", &ids)
        .await
        .unwrap();
    tokio::time::sleep(LEASE * 6 / 10).await;
    assert!(
        store
            .claim_events("other", 10, Duration::ZERO)
            .await
            .unwrap()
            .is_empty(),
        "a renewed claim is not taken over, though older than the lease"
    );
    store
        .release_claims(WorkQueue::Events, "alive", &ids)
        .await
        .unwrap();
    let taken = store
        .claim_events("other", 10, Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(taken.len(), 1, "handed back: taken at once");
    assert_eq!(taken[0].item.message_id, "m_lease");
}

#[tokio::test]
async fn redis_defers_replies_until_due() {
    let prefix = format!("test:{}:", uuid::Uuid::new_v4());
    deferred_replies_wait_for_their_time(redis_store(&prefix).await).await;
    purge_prefix(&prefix);
}

#[tokio::test]
async fn embedded_defers_replies_until_due() {
    let dir = tempfile::tempdir().unwrap();
    deferred_replies_wait_for_their_time(embedded_store(&dir)).await;
}

#[tokio::test]
async fn redis_brings_a_given_up_reply_to_a_person() {
    let prefix = format!("test:{}:", uuid::Uuid::new_v4());
    a_reply_given_up_brings_its_conversation_to_a_person(redis_store(&prefix).await).await;
    purge_prefix(&prefix);
}

#[tokio::test]
async fn embedded_brings_a_given_up_reply_to_a_person() {
    let dir = tempfile::tempdir().unwrap();
    a_reply_given_up_brings_its_conversation_to_a_person(embedded_store(&dir)).await;
}

#[tokio::test]
async fn redis_claims_are_renewed_and_handed_back() {
    let prefix = format!("test:{}:", uuid::Uuid::new_v4());
    let store = AnyStore::Redis(
        RedisStore::connect(&redis_url(), &prefix, LEASE)
            .await
            .unwrap(),
    );
    renewed_claims_hold_and_released_ones_go_at_once(store).await;
    purge_prefix(&prefix);
}

#[tokio::test]
async fn embedded_claims_are_renewed_and_handed_back() {
    let dir = tempfile::tempdir().unwrap();
    let store =
        AnyStore::Embedded(EmbeddedStore::open(&dir.path().join("store.redb"), LEASE).unwrap());
    renewed_claims_hold_and_released_ones_go_at_once(store).await;
}

#[tokio::test]
async fn embedded_keeps_deferred_replies_across_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let due = Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap();
    {
        let store = embedded_store(&dir);
        let entry = claimed_reply(&store, "m_reopen").await;
        let waiting = Delivery::Retrying {
            attempts: 1,
            error: "timeout".into(),
            next_attempt_at: due,
        };
        store
            .defer_reply(&entry.entry_id, &entry.item, due, &waiting)
            .await
            .unwrap();
    }
    let store = embedded_store(&dir);
    assert_eq!(store.next_deferred_reply().await.unwrap(), Some(due));
    assert_eq!(store.promote_due_replies(due, 10).await.unwrap(), 1);
}

/// Two senders claim and commit replies at once, as the outbox does: no reply is claimed
/// again after it was committed (a claim's snapshot must not be older than its lease check).
#[tokio::test]
async fn embedded_never_hands_out_a_committed_reply_again() {
    let dir = tempfile::tempdir().unwrap();
    // A lease far longer than the test: only a committed reply may come back, not one whose
    // claim lapsed on a busy machine.
    let store = AnyStore::Embedded(
        EmbeddedStore::open(&dir.path().join("store.redb"), Duration::from_secs(600)).unwrap(),
    );
    let total = 200;
    for i in 0..total {
        let e = event(&format!("m_race_{i}"), &format!("c_race_{i}"));
        store.record_events(std::slice::from_ref(&e)).await.unwrap();
        let claimed = store.claim_events("w", 1, Duration::ZERO).await.unwrap();
        store
            .commit_event(&claimed[0].entry_id, Some(&outcome(&e, 1, true)))
            .await
            .unwrap();
    }
    let sent = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sender = |name: &'static str| {
        let (store, sent) = (store.clone(), sent.clone());
        tokio::spawn(async move {
            loop {
                let claimed = store.claim_replies(name, 3, Duration::ZERO).await.unwrap();
                if claimed.is_empty() {
                    return;
                }
                for entry in claimed {
                    let delivered = Delivery::Sent {
                        at: Utc::now(),
                        platform_message_id: None,
                        attempts: 1,
                    };
                    store
                        .commit_reply(&entry.entry_id, &entry.item, &delivered)
                        .await
                        .unwrap();
                    sent.lock().unwrap().push(entry.item.id);
                }
            }
        })
    };
    let (a, b, c) = (sender("a"), sender("b"), sender("c"));
    let _ = tokio::join!(a, b, c);
    let mut sent = sent.lock().unwrap().clone();
    let count = sent.len();
    sent.sort();
    sent.dedup();
    assert_eq!(count, sent.len(), "a committed reply was claimed again");
    assert_eq!(sent.len(), total);
}
