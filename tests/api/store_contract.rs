//! The store contract: the same suite runs on Redis and on the embedded store.

use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use frontdesk::access::{Role, TokenRecord};
use frontdesk::domain::conversation::{
    Author, Change, ChangeError, Delivery, Message, Note, OutboundReply, Standing, Status, Turn,
    transition_cases,
};
use frontdesk::domain::event::{Channel, ConversationKey, Inbound, InboundKind};
use frontdesk::domain::figures::{DayFigures, DayKey, Figure, Recorded};
use frontdesk::domain::page::PageFile;
use frontdesk::domain::policy::Priority;
use frontdesk::store::embedded::EmbeddedStore;
use frontdesk::store::redis::RedisStore;
use frontdesk::store::sealing::{SecretRecord, X_TOKENS};
use frontdesk::store::{
    AnyStore, Changed, ConversationStore, Erased, EventOutcome, FigureStore, PageStore,
    PageVersion, PrivacyStore, RecordStore, SecretStore, StreamStore,
};

use crate::helpers::*;

const RECLAIM_AFTER: Duration = Duration::from_millis(200);

pub(crate) async fn redis_store(prefix: &str) -> AnyStore {
    AnyStore::Redis(
        RedisStore::connect(&redis_url(), prefix, RECLAIM_AFTER)
            .await
            .unwrap(),
    )
}

/// A store on the tests' Redis Cluster, its per-page data over four partitions (so a test's
/// pages and queues land on different shards).
pub(crate) async fn redis_cluster_store(prefix: &str) -> AnyStore {
    AnyStore::Redis(
        RedisStore::connect_cluster(&redis_cluster_nodes(), prefix, 4, RECLAIM_AFTER)
            .await
            .unwrap(),
    )
}

pub(crate) fn embedded_store(dir: &tempfile::TempDir) -> AnyStore {
    AnyStore::Embedded(EmbeddedStore::open(&dir.path().join("store.redb"), RECLAIM_AFTER).unwrap())
}

pub(crate) fn event(mid: &str, customer: &str) -> Inbound {
    Inbound {
        trace: Default::default(),
        channel: Channel::Messenger,
        page_id: PAGE_ID.into(),
        customer_id: customer.into(),
        message_id: mid.into(),
        sent_at: Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
        verified_by_app: Some(APP_ID.into()),
        kind: InboundKind::Message {
            text: Some(format!("text of {mid}")),
            attachments: vec![],
            quick_reply: None,
        },
    }
}

fn customer_message(e: &Inbound) -> Message {
    Message {
        id: e.message_id.clone(),
        author: Author::Customer,
        text: e.display_text(),
        at: e.sent_at,
        by: None,
        decision: None,
        delivery: None,
    }
}

pub(crate) fn outcome(e: &Inbound, minute: u32, reply: bool) -> EventOutcome {
    let at = Utc.with_ymd_and_hms(2026, 11, 24, 9, minute, 0).unwrap();
    let reply = reply.then(|| OutboundReply {
        trace: Default::default(),
        id: format!("reply:{}", e.message_id),
        conversation: e.conversation(),
        text: "thanks".into(),
        created_at: at,
        route: Default::default(),
        quick_replies: vec![],
        human_agent: false,
        by: None,
        answers_message_at: Some(e.sent_at),
        failed_attempts: 0,
    });
    let mut messages = vec![customer_message(e)];
    messages.extend(reply.as_ref().map(|r| r.as_message(Delivery::Pending)));
    EventOutcome {
        priority: Priority::Normal,
        labels: vec![],
        conversation: e.conversation(),
        messages,
        escalate: true,
        reply,
        at,
        figures: vec![Recorded {
            key: day_key(Channel::Messenger, 24),
            figure: Figure::Received,
        }],
        turn: Turn::Customer,
    }
}

fn day_key(channel: Channel, day: u32) -> DayKey {
    DayKey {
        page_id: PAGE_ID.into(),
        channel,
        day: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
    }
}

async fn figures_add_up_per_page_channel_and_day(store: &AnyStore) {
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    // A committed outcome carries its figures (one received message here).
    commit_turn(store, &event("m_figures", "c_figures"), 1, Turn::Customer).await;
    let before = store.figures(PAGE_ID, day(20), day(30)).await.unwrap();
    let received = |found: &[(DayKey, DayFigures)]| {
        found
            .iter()
            .find(|(k, _)| *k == day_key(Channel::Messenger, 24))
            .and_then(|(_, f)| f.counters.get("received").copied())
            .unwrap_or_default()
    };
    store
        .record_figures(&[
            Recorded {
                key: day_key(Channel::Messenger, 24),
                figure: Figure::Received,
            },
            Recorded {
                key: day_key(Channel::Messenger, 24),
                figure: Figure::AnsweredByFaq {
                    entry: "payment".into(),
                },
            },
            Recorded {
                key: day_key(Channel::X, 25),
                figure: Figure::FirstResponse {
                    wall_ms: 90_000,
                    business_ms: 30_000,
                },
            },
            Recorded {
                key: day_key(Channel::X, 25),
                figure: Figure::FirstResponse {
                    wall_ms: 10_000,
                    business_ms: 10_000,
                },
            },
        ])
        .await
        .unwrap();
    assert!(
        received(&before) > 0,
        "committed outcomes add their figures"
    );
    let after = store.figures(PAGE_ID, day(20), day(30)).await.unwrap();
    assert_eq!(received(&after), received(&before) + 1);
    let messenger = &after
        .iter()
        .find(|(k, _)| *k == day_key(Channel::Messenger, 24))
        .unwrap()
        .1;
    assert_eq!(messenger.counters.get("faq:payment"), Some(&1));
    let x = &after
        .iter()
        .find(|(k, _)| *k == day_key(Channel::X, 25))
        .unwrap()
        .1;
    assert_eq!(x.samples["first_response_wall_ms"], vec![90_000, 10_000]);
    assert_eq!(
        x.samples["first_response_business_ms"],
        vec![30_000, 10_000]
    );
    assert!(x.counters.is_empty());
    // Outside the range, and other pages: nothing.
    assert!(
        store
            .figures(PAGE_ID, day(26), day(30))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .figures(OTHER_PAGE_ID, day(20), day(30))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn pages_round_trip(store: &AnyStore) {
    assert!(
        store
            .load_page(Channel::Messenger, PAGE_ID)
            .await
            .unwrap()
            .is_none()
    );
    let page = example_page();
    let change = |page: Option<PageFile>, by: &str| PageVersion {
        version: 0,
        by: by.into(),
        at: Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
        changed: vec!["hours".into()],
        page,
    };
    assert_eq!(
        store
            .save_page(
                Channel::Messenger,
                PAGE_ID,
                &change(Some(page.clone()), "Eva")
            )
            .await
            .unwrap(),
        1
    );
    let mut renamed = page.clone();
    renamed.name = "Renamed".into();
    assert_eq!(
        store
            .save_page(Channel::Messenger, PAGE_ID, &change(Some(renamed), "Adam"))
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store.list_pages().await.unwrap(),
        vec![(Channel::Messenger, PAGE_ID.to_owned())]
    );
    // Deleted: gone from the list and the store, the history stays.
    assert_eq!(
        store
            .save_page(Channel::Messenger, PAGE_ID, &change(None, "Eva"))
            .await
            .unwrap(),
        3
    );
    assert!(store.list_pages().await.unwrap().is_empty());
    assert!(
        store
            .load_page(Channel::Messenger, PAGE_ID)
            .await
            .unwrap()
            .is_none()
    );
    let history = store
        .page_versions(Channel::Messenger, PAGE_ID)
        .await
        .unwrap();
    let summary: Vec<_> = history
        .iter()
        .map(|v| {
            (
                v.version,
                v.by.as_str(),
                v.page.as_ref().map(|p| p.name.as_str()),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, "Eva", Some(page.name.as_str())),
            (2, "Adam", Some("Renamed")),
            (3, "Eva", None)
        ]
    );
    store
        .save_page(
            Channel::Messenger,
            PAGE_ID,
            &change(Some(page.clone()), "Eva"),
        )
        .await
        .unwrap();
    let loaded = store
        .load_page(Channel::Messenger, PAGE_ID)
        .await
        .unwrap()
        .expect("saved page");
    assert!(
        store
            .load_page(Channel::X, PAGE_ID)
            .await
            .unwrap()
            .is_none(),
        "pages are kept per channel"
    );
    assert_eq!(loaded.name, page.name);
    use secrecy::ExposeSecret;
    assert_eq!(loaded.access_token.expose_secret(), PAGE_TOKEN);
}

async fn events_are_claimed_in_order_and_gone_once_committed(store: &AnyStore) {
    let events = [event("m_1", "c1"), event("m_2", "c1"), event("m_3", "c2")];
    store.record_events(&events).await.unwrap();
    let claimed = store.claim_events("a", 2, Duration::ZERO).await.unwrap();
    let ids: Vec<_> = claimed.iter().map(|c| c.item.message_id.as_str()).collect();
    assert_eq!(ids, ["m_1", "m_2"]);
    let rest = store.claim_events("b", 10, Duration::ZERO).await.unwrap();
    assert_eq!(rest.len(), 1, "claimed entries are not handed out twice");
    assert_eq!(rest[0].item, events[2]);
    for c in claimed.iter().chain(&rest) {
        store.commit_event(&c.entry_id, None).await.unwrap();
    }
    tokio::time::sleep(RECLAIM_AFTER * 2).await;
    assert!(
        store
            .claim_events("c", 10, Duration::ZERO)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn abandoned_work_is_reclaimed(store: &AnyStore) {
    store
        .record_events(&[event("m_abandoned", "c1")])
        .await
        .unwrap();
    let first = store
        .claim_events("dies", 10, Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    assert!(
        store
            .claim_events("lives", 10, Duration::ZERO)
            .await
            .unwrap()
            .is_empty()
    );
    tokio::time::sleep(RECLAIM_AFTER * 2).await;
    let taken_over = store
        .claim_events("lives", 10, Duration::ZERO)
        .await
        .unwrap();
    assert_eq!(taken_over.len(), 1);
    assert_eq!(taken_over[0].item.message_id, "m_abandoned");
    store
        .commit_event(&taken_over[0].entry_id, None)
        .await
        .unwrap();
}

async fn a_waiting_claim_wakes_up_when_an_event_arrives(store: &AnyStore) {
    let waiter = {
        let store = store.clone();
        tokio::spawn(async move { store.claim_events("w", 10, Duration::from_secs(10)).await })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    store.record_events(&[event("m_wake", "c9")]).await.unwrap();
    let claimed = waiter.await.unwrap().unwrap();
    assert_eq!(claimed.len(), 1);
    store
        .commit_event(&claimed[0].entry_id, None)
        .await
        .unwrap();
}

async fn claims_once(store: &AnyStore) {
    let ttl = Duration::from_secs(1);
    assert!(store.claim_once("k", "owner-1", ttl).await.unwrap());
    assert!(
        store.claim_once("k", "owner-1", ttl).await.unwrap(),
        "the same owner may retry"
    );
    assert!(!store.claim_once("k", "owner-2", ttl).await.unwrap());
    assert!(store.claim_once("other", "owner-2", ttl).await.unwrap());
    tokio::time::sleep(ttl * 2).await;
    assert!(
        store.claim_once("k", "owner-2", ttl).await.unwrap(),
        "claims expire"
    );
}

async fn expired_claims_are_forgotten(store: &AnyStore) {
    for n in 0..5 {
        let key = format!("short-lived-{n}");
        assert!(
            store
                .claim_once(&key, "a", Duration::from_millis(50))
                .await
                .unwrap()
        );
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    // New claims make room: nothing of the expired ones is kept.
    for n in 0..3 {
        let key = format!("long-lived-{n}");
        assert!(store.claim_once(&key, "b", DEDUPE).await.unwrap());
    }
    let kept = store.everything().await.unwrap();
    assert!(
        !kept.iter().any(|line| line.contains("short-lived")),
        "{kept:#?}"
    );
    assert!(
        kept.iter().any(|line| line.contains("long-lived-2")),
        "{kept:#?}"
    );
}

async fn outcomes_are_applied_together_and_idempotently(store: &AnyStore) {
    let first = event("m_o1", "c1");
    store
        .record_events(std::slice::from_ref(&first))
        .await
        .unwrap();
    let claimed = store.claim_events("a", 10, Duration::ZERO).await.unwrap();
    store
        .commit_event(&claimed[0].entry_id, Some(&outcome(&first, 1, true)))
        .await
        .unwrap();

    let conversation = store
        .conversation(&first.conversation())
        .await
        .unwrap()
        .expect("created");
    assert_eq!(conversation.messages.len(), 2);
    assert_eq!(conversation.messages[1].delivery, Some(Delivery::Pending));
    assert_eq!(
        conversation.created_at,
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 1, 0).unwrap()
    );

    let replies = store.claim_replies("s", 10, Duration::ZERO).await.unwrap();
    assert_eq!(replies.len(), 1);
    let reply = &replies[0].item;
    assert_eq!(reply.id, "reply:m_o1");
    let sent = Delivery::Sent {
        at: reply.created_at,
        platform_message_id: Some("m_x".into()),
        attempts: 1,
    };
    store
        .commit_reply(&replies[0].entry_id, reply, &sent)
        .await
        .unwrap();
    let conversation = store
        .conversation(&first.conversation())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        conversation.messages.len(),
        2,
        "the reply's message is updated, not added"
    );
    assert_eq!(conversation.messages[1].delivery, Some(sent));
    assert!(
        store
            .claim_replies("s", 10, Duration::ZERO)
            .await
            .unwrap()
            .is_empty()
    );

    // A second message in the same conversation and one in another; the queue keeps the
    // order in which conversations first needed a person.
    let later = event("m_o2", "c1");
    let elsewhere = event("m_o3", "c2");
    store
        .record_events(&[elsewhere.clone(), later.clone()])
        .await
        .unwrap();
    for c in store.claim_events("a", 10, Duration::ZERO).await.unwrap() {
        let minute = if c.item == elsewhere { 2 } else { 3 };
        store
            .commit_event(&c.entry_id, Some(&outcome(&c.item, minute, false)))
            .await
            .unwrap();
    }
    let queue = store.queue(PAGE_ID).await.unwrap();
    let customers: Vec<_> = queue.iter().map(|c| c.key.customer_id.as_str()).collect();
    assert_eq!(customers, ["c1", "c2"]);
    assert_eq!(queue[0].messages.len(), 3);
    assert!(queue[0].messages.iter().any(|m| m.id == "m_o2"));
    assert!(store.queue("42").await.unwrap().is_empty());

    // An angry message moves its conversation ahead; a calm one later does not move it back.
    let angry = event("m_o4", "c2");
    let calm = event("m_o5", "c2");
    store
        .record_events(&[angry.clone(), calm.clone()])
        .await
        .unwrap();
    for (c, priority) in store
        .claim_events("a", 10, Duration::ZERO)
        .await
        .unwrap()
        .into_iter()
        .zip([Priority::High, Priority::Normal])
    {
        let mut o = outcome(&c.item, 4, false);
        o.priority = priority;
        store.commit_event(&c.entry_id, Some(&o)).await.unwrap();
    }
    let queue = store.queue(PAGE_ID).await.unwrap();
    let customers: Vec<_> = queue.iter().map(|c| c.key.customer_id.as_str()).collect();
    assert_eq!(customers, ["c2", "c1"]);
    assert_eq!(queue[0].priority, Priority::High);
    assert_eq!(store.queue_depth(PAGE_ID).await.unwrap(), 2);
    assert_eq!(store.queue_depth("42").await.unwrap(), 0);
    assert_eq!(queue[1].priority, Priority::Normal);
    assert!(
        store
            .conversation(&ConversationKey {
                channel: Channel::Messenger,
                page_id: PAGE_ID.into(),
                customer_id: "nobody".into()
            })
            .await
            .unwrap()
            .is_none()
    );
}

async fn people_take_hand_back_and_resolve_conversations(store: &AnyStore) {
    let first = event("m_p1", "p1");
    store
        .record_events(std::slice::from_ref(&first))
        .await
        .unwrap();
    let claimed = store.claim_events("a", 10, Duration::ZERO).await.unwrap();
    let mut o = outcome(&first, 1, false);
    o.labels = vec!["stale".into()];
    store
        .commit_event(&claimed[0].entry_id, Some(&o))
        .await
        .unwrap();
    let key = first.conversation();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    let claim = |staff: &str| Change::Claim {
        staff: staff.into(),
    };

    // Ten people claim at once: exactly one wins, the others learn who.
    let attempts = (0..10).map(|i| {
        let store = store.clone();
        let key = key.clone();
        let change = claim(&format!("agent-{i}"));
        tokio::spawn(async move { store.change_conversation(&key, &change, now).await.unwrap() })
    });
    let results: Vec<Changed> = futures_join(attempts).await;
    let winners = results.iter().filter(|r| **r == Changed::Done).count();
    assert_eq!(winners, 1, "{results:?}");
    let holder = store.assignee(&key).await.unwrap().expect("held");
    assert!(results.iter().all(
        |r| *r == Changed::Done || *r == Changed::Refused(ChangeError::HeldBy(holder.clone()))
    ));
    assert_eq!(
        store
            .change_conversation(&key, &claim(&holder), now)
            .await
            .unwrap(),
        Changed::Done,
        "claiming again is fine"
    );

    // Hand it to a colleague, give it back, note, label.
    assert_eq!(
        store
            .change_conversation(&key, &Change::Assign { to: "Jana".into() }, now)
            .await
            .unwrap(),
        Changed::Done
    );
    assert_eq!(store.assignee(&key).await.unwrap().as_deref(), Some("Jana"));
    let note = Note {
        author: "Jana".into(),
        text: "VIP, orders weekly".into(),
        at: now,
    };
    assert!(store.add_note(&key, &note).await.unwrap());
    assert!(
        store
            .change_labels(&key, &["vip".into(), "b2b".into()], &["b2b".into()])
            .await
            .unwrap()
    );
    let c = store.conversation(&key).await.unwrap().unwrap();
    assert_eq!(
        (c.status, c.assignee.as_deref()),
        (Status::Assigned, Some("Jana"))
    );
    assert_eq!(c.notes, vec![note]);
    assert_eq!(
        c.labels.iter().map(String::as_str).collect::<Vec<_>>(),
        ["stale", "vip"]
    );

    // A person's reply: recorded, in the outbox, the customer's turn.
    let reply = OutboundReply {
        trace: Default::default(),
        id: "staff:1".into(),
        conversation: key.clone(),
        text: "On its way.\n— Jana".into(),
        created_at: now,
        route: Default::default(),
        quick_replies: vec![],
        human_agent: false,
        by: Some("Jana".into()),
        answers_message_at: None,
        failed_attempts: 0,
    };
    assert!(store.commit_outbound(&reply).await.unwrap());
    let c = store.conversation(&key).await.unwrap().unwrap();
    assert_eq!(c.status, Status::WaitingOnCustomer);
    let staff_message = c
        .messages
        .iter()
        .find(|m| m.id == "staff:1")
        .expect("recorded");
    assert_eq!(
        (staff_message.author, staff_message.by.as_deref()),
        (Author::Staff, Some("Jana"))
    );
    let outbox = store.claim_replies("s", 10, Duration::ZERO).await.unwrap();
    assert_eq!(outbox.len(), 1);
    store
        .commit_reply(
            &outbox[0].entry_id,
            &outbox[0].item,
            &Delivery::Failed {
                at: now,
                error: "x".into(),
                attempts: 1,
            },
        )
        .await
        .unwrap();

    // The customer answers: back to Jana. Released: back to the queue.
    let answer = event("m_p2", "p1");
    store
        .record_events(std::slice::from_ref(&answer))
        .await
        .unwrap();
    let claimed = store.claim_events("a", 10, Duration::ZERO).await.unwrap();
    store
        .commit_event(&claimed[0].entry_id, Some(&outcome(&answer, 5, true)))
        .await
        .unwrap();
    assert_eq!(
        store.conversation(&key).await.unwrap().unwrap().status,
        Status::Assigned
    );
    assert_eq!(
        store
            .change_conversation(&key, &Change::Release, now)
            .await
            .unwrap(),
        Changed::Done
    );
    let c = store.conversation(&key).await.unwrap().unwrap();
    assert_eq!((c.status, c.assignee), (Status::New, None));

    // Resolved: out of the queue, no claims; a new message reopens it; reopen by hand works too.
    assert_eq!(
        store
            .change_conversation(&key, &Change::Resolve, now)
            .await
            .unwrap(),
        Changed::Done
    );
    let resolved = store.conversation(&key).await.unwrap().unwrap();
    assert_eq!(
        resolved.resolved_at,
        Some(now),
        "when, for the next episode"
    );
    assert!(
        !store
            .queue(PAGE_ID)
            .await
            .unwrap()
            .iter()
            .any(|c| c.key == key)
    );
    assert_eq!(
        store
            .change_conversation(&key, &claim("Petr"), now)
            .await
            .unwrap(),
        Changed::Refused(ChangeError::Resolved)
    );
    assert_eq!(
        store
            .change_conversation(&key, &Change::Reopen, now)
            .await
            .unwrap(),
        Changed::Done
    );
    assert!(
        store
            .queue(PAGE_ID)
            .await
            .unwrap()
            .iter()
            .any(|c| c.key == key && c.status == Status::New)
    );
    assert_eq!(
        store
            .change_conversation(&key, &Change::Resolve, now)
            .await
            .unwrap(),
        Changed::Done
    );
    let again = event("m_p3", "p1");
    store
        .record_events(std::slice::from_ref(&again))
        .await
        .unwrap();
    let claimed = store.claim_events("a", 10, Duration::ZERO).await.unwrap();
    store
        .commit_event(&claimed[0].entry_id, Some(&outcome(&again, 6, false)))
        .await
        .unwrap();
    assert_eq!(
        store.conversation(&key).await.unwrap().unwrap().status,
        Status::New
    );

    let nobody = ConversationKey {
        channel: Channel::Messenger,
        page_id: PAGE_ID.into(),
        customer_id: "nobody".into(),
    };
    assert_eq!(
        store
            .change_conversation(&nobody, &Change::Release, now)
            .await
            .unwrap(),
        Changed::NotFound
    );
    assert!(
        !store
            .add_note(
                &nobody,
                &Note {
                    author: "a".into(),
                    text: "b".into(),
                    at: now
                }
            )
            .await
            .unwrap()
    );
    assert!(
        !store
            .change_labels(&nobody, &["x".into()], &[])
            .await
            .unwrap()
    );
    let mut orphan = reply.clone();
    orphan.conversation = nobody;
    assert!(!store.commit_outbound(&orphan).await.unwrap());
}

async fn futures_join<T: Send + 'static>(
    tasks: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for task in tasks {
        out.push(task.await.unwrap());
    }
    out
}

/// Records, claims and commits one event with the given turn (no reply, not escalated).
async fn commit_turn(store: &AnyStore, e: &Inbound, minute: u32, turn: Turn) {
    store.record_events(std::slice::from_ref(e)).await.unwrap();
    let claimed = store.claim_events("t", 10, Duration::ZERO).await.unwrap();
    assert_eq!(claimed.len(), 1);
    let mut outcome = outcome(e, minute, false);
    outcome.escalate = false;
    outcome.turn = turn;
    store
        .commit_event(&claimed[0].entry_id, Some(&outcome))
        .await
        .unwrap();
}

async fn turns_move_a_conversation_as_the_domain_does(store: &AnyStore) {
    let outside = Turn::Outside {
        by: "outside:messenger".into(),
    };
    let steps = [
        (Turn::Customer, Status::New, None, 1),
        (Turn::Aside, Status::New, None, 1),
        (
            outside.clone(),
            Status::WaitingOnCustomer,
            Some("outside:messenger"),
            0,
        ),
        (
            Turn::Aside,
            Status::WaitingOnCustomer,
            Some("outside:messenger"),
            0,
        ),
        (
            Turn::Customer,
            Status::Assigned,
            Some("outside:messenger"),
            1,
        ),
    ];
    let key = event("m_t0", "c_turns").conversation();
    let mut pure = frontdesk::domain::conversation::Conversation::new(
        key.clone(),
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
    );
    for (i, (turn, status, assignee, unanswered)) in steps.into_iter().enumerate() {
        let e = event(&format!("m_t{i}"), "c_turns");
        commit_turn(store, &e, 10, turn.clone()).await;
        pure.on_turn(&turn, Utc.with_ymd_and_hms(2026, 11, 24, 9, 10, 0).unwrap());
        let stored = store.conversation(&key).await.unwrap().expect("kept");
        assert_eq!(stored.messages.len(), i + 1, "every message is kept");
        assert_eq!(
            (stored.status, stored.assignee.as_deref(), stored.unanswered),
            (status, assignee, unanswered),
            "{turn:?}"
        );
        assert_eq!(
            (pure.status, pure.assignee.as_deref(), pure.unanswered),
            (status, assignee, unanswered),
            "the domain agrees: {turn:?}"
        );
    }
    assert!(
        store
            .queue(PAGE_ID)
            .await
            .unwrap()
            .iter()
            .all(|c| c.key != key)
    );
    // Released, then resolved: a courtesy does not reopen it.
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 20, 0).unwrap();
    assert_eq!(
        store
            .change_conversation(&key, &Change::Release, now)
            .await
            .unwrap(),
        Changed::Done
    );
    assert_eq!(store.assignee(&key).await.unwrap(), None);
    store
        .change_conversation(&key, &Change::Resolve, now)
        .await
        .unwrap();
    commit_turn(store, &event("m_t9", "c_turns"), 30, Turn::Aside).await;
    let stored = store.conversation(&key).await.unwrap().expect("kept");
    assert_eq!(stored.status, Status::Resolved);
    // A person answering outside frontdesk first: the conversation starts held.
    let first = event("m_out", "c_outside_first");
    commit_turn(store, &first, 10, outside).await;
    let stored = store
        .conversation(&first.conversation())
        .await
        .unwrap()
        .expect("created");
    assert_eq!(stored.status, Status::WaitingOnCustomer);
    assert_eq!(stored.assignee.as_deref(), Some("outside:messenger"));
}

async fn values_counters_and_forgetting(store: &AnyStore) {
    assert_eq!(store.get_value("x:creds:1").await.unwrap(), None);
    store.put_value("x:creds:1", "{\"a\":1}").await.unwrap();
    store.put_value("x:creds:1", "{\"a\":2}").await.unwrap();
    assert_eq!(
        store.get_value("x:creds:1").await.unwrap().as_deref(),
        Some("{\"a\":2}")
    );
    let day = std::time::Duration::from_secs(86_400);
    assert_eq!(store.count_up("dms:1:2026-12-01", day).await.unwrap(), 1);
    assert_eq!(store.count_up("dms:1:2026-12-01", day).await.unwrap(), 2);
    assert_eq!(store.count_up("dms:1:2026-12-02", day).await.unwrap(), 1);
    store.remember("parked:1", "r1").await.unwrap();
    assert!(store.forget("parked:1", "r1").await.unwrap());
    assert!(
        !store.forget("parked:1", "r1").await.unwrap(),
        "only one caller wins"
    );
    assert!(store.members("parked:1").await.unwrap().is_empty());
    store
        .put_value_expiring("session:1", "{}", std::time::Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(
        store.get_value("session:1").await.unwrap().as_deref(),
        Some("{}")
    );
    assert!(store.delete_value("session:1").await.unwrap());
    assert!(!store.delete_value("session:1").await.unwrap());
    assert_eq!(store.get_value("session:1").await.unwrap(), None);
}

async fn a_pages_latest_conversations_are_listed_newest_first(store: &AnyStore) {
    let customers = |found: Vec<frontdesk::domain::conversation::Conversation>| {
        found
            .into_iter()
            .map(|c| c.key.customer_id)
            .collect::<Vec<_>>()
    };
    commit_turn(store, &event("m_r1", "c_r1"), 1, Turn::Customer).await;
    commit_turn(store, &event("m_r2", "c_r2"), 3, Turn::Customer).await;
    commit_turn(store, &event("m_r3", "c_r3"), 2, Turn::Customer).await;
    let mut elsewhere = event("m_r4", "c_r4");
    elsewhere.page_id = OTHER_PAGE_ID.into();
    commit_turn(store, &elsewhere, 4, Turn::Customer).await;
    let resolved = conversation_key_of(Channel::Messenger, PAGE_ID, "c_r1");
    let at = Utc.with_ymd_and_hms(2026, 11, 24, 9, 6, 0).unwrap();
    assert_eq!(
        store
            .change_conversation(&resolved, &Change::Resolve, at)
            .await
            .unwrap(),
        Changed::Done
    );

    let all = customers(store.recent_conversations(PAGE_ID, 10).await.unwrap());
    assert_eq!(
        all,
        ["c_r2", "c_r3", "c_r1"],
        "resolved ones too, newest first"
    );
    let two = customers(store.recent_conversations(PAGE_ID, 2).await.unwrap());
    assert_eq!(two, ["c_r2", "c_r3"]);
    assert!(
        store
            .recent_conversations(PAGE_ID, 0)
            .await
            .unwrap()
            .is_empty()
    );
    let other = customers(store.recent_conversations(OTHER_PAGE_ID, 10).await.unwrap());
    assert_eq!(other, ["c_r4"], "only the page's own");

    // A new message moves its conversation to the front, listed once.
    commit_turn(store, &event("m_r5", "c_r1"), 5, Turn::Customer).await;
    let after = customers(store.recent_conversations(PAGE_ID, 10).await.unwrap());
    assert_eq!(after, ["c_r1", "c_r2", "c_r3"]);
}

async fn tokens_are_kept_by_hash_and_revoked_by_id(store: &AnyStore) {
    let record = TokenRecord {
        id: "abc123".into(),
        name: "Eva".into(),
        role: Role::Admin,
        pages: vec![PAGE_ID.into()],
        created_at: Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
        created_by: Some("Owner".into()),
        expires_at: None,
    };
    store.save_token("hash-of-eva", &record).await.unwrap();
    assert_eq!(
        store.find_token("hash-of-eva").await.unwrap(),
        Some(record.clone())
    );
    assert_eq!(store.find_token("hash-of-nobody").await.unwrap(), None);
    assert_eq!(store.list_tokens().await.unwrap(), vec![record]);
    assert!(!store.revoke_token("nope").await.unwrap());
    assert!(store.revoke_token("abc123").await.unwrap());
    assert_eq!(store.find_token("hash-of-eva").await.unwrap(), None);
    store.remember("crisis:1", "b").await.unwrap();
    store.remember("crisis:1", "a").await.unwrap();
    store.remember("crisis:1", "a").await.unwrap();
    store.remember("crisis:10", "z").await.unwrap();
    assert_eq!(store.members("crisis:1").await.unwrap(), ["a", "b"]);
}

async fn contacts_link_both_ways(store: &AnyStore) {
    let messenger = event("m_link", "c_link").conversation();
    let mut x = messenger.clone();
    x.channel = Channel::X;
    let mut third = messenger.clone();
    third.customer_id = "c_other".into();
    store.set_link(&messenger, &x, true).await.unwrap();
    store.set_link(&messenger, &third, true).await.unwrap();
    store.set_link(&messenger, &x, true).await.unwrap();
    assert_eq!(
        store.linked(&messenger).await.unwrap(),
        vec![third.clone(), x.clone()]
    );
    assert_eq!(store.linked(&x).await.unwrap(), vec![messenger.clone()]);
    let mut nobody = messenger.clone();
    nobody.customer_id = "c_unlinked".into();
    assert_eq!(
        store
            .linked_many(&[x.clone(), nobody, messenger.clone()])
            .await
            .unwrap(),
        vec![
            vec![messenger.clone()],
            vec![],
            vec![third.clone(), x.clone()]
        ],
        "in the order asked"
    );
    assert!(store.linked_many(&[]).await.unwrap().is_empty());
    store.set_link(&x, &messenger, false).await.unwrap();
    assert!(store.linked(&x).await.unwrap().is_empty());
    assert_eq!(store.linked(&messenger).await.unwrap(), vec![third]);
}

/// Where the conversation of `customer` stands once it has reached `standing` through the
/// store's own operations.
async fn stand(store: &AnyStore, customer: &str, standing: Standing) -> ConversationKey {
    let e = event(&format!("m_{customer}"), customer);
    let turn = match standing {
        (Status::WaitingOnCustomer, Some(by)) => Turn::Outside { by: by.into() },
        _ => Turn::Customer,
    };
    commit_turn(store, &e, 10, turn).await;
    let key = e.conversation();
    let setup = match standing {
        (Status::Assigned, Some(by)) => Some(Change::Claim { staff: by.into() }),
        (Status::Resolved, None) => Some(Change::Resolve),
        _ => None,
    };
    if let Some(change) = setup {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 20, 0).unwrap();
        assert_eq!(
            store.change_conversation(&key, &change, now).await.unwrap(),
            Changed::Done
        );
    }
    let stored = store.conversation(&key).await.unwrap().expect("kept");
    assert_eq!(
        (stored.status, stored.assignee.as_deref()),
        standing,
        "set up"
    );
    key
}

async fn changes_follow_the_domain_spec(store: &AnyStore) {
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap();
    for (i, (from, change, expected)) in transition_cases().into_iter().enumerate() {
        let key = stand(store, &format!("c_spec{i}"), from).await;
        let changed = store.change_conversation(&key, &change, now).await.unwrap();
        let stored = store.conversation(&key).await.unwrap().expect("kept");
        let after = (stored.status, stored.assignee.as_deref());
        match expected {
            Ok(to) => {
                assert_eq!(changed, Changed::Done, "{from:?} {change:?}");
                assert_eq!(after, to, "{from:?} {change:?}");
            }
            Err(refused) => {
                assert_eq!(changed, Changed::Refused(refused), "{from:?} {change:?}");
                assert_eq!(after, from, "a refused change changes nothing");
            }
        }
    }
}

/// The records that can hold a token are all listed, deleted pages' versions and X token
/// pairs included, and a record is replaced only while it is still what was read.
async fn secret_records_are_listed_and_replaced_only_when_unchanged(store: &AnyStore) {
    let change = |page: Option<PageFile>| PageVersion {
        version: 0,
        by: "Eva".into(),
        at: Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
        changed: vec![],
        page,
    };
    store
        .save_page(Channel::Messenger, PAGE_ID, &change(Some(example_page())))
        .await
        .unwrap();
    let mut other = example_page();
    other.id = OTHER_PAGE_ID.into();
    for page in [Some(other), None] {
        store
            .save_page(Channel::Messenger, OTHER_PAGE_ID, &change(page))
            .await
            .unwrap();
    }
    store
        .put_value(&format!("{X_TOKENS}{X_ACCOUNT}"), "{\"pair\":1}")
        .await
        .unwrap();
    store.put_value("not-a-secret", "x").await.unwrap();

    let mut records = store.secret_records().await.unwrap();
    records.sort_by_key(|r| format!("{r:?}"));
    let page = |id: &str| SecretRecord::Page {
        channel: Channel::Messenger,
        id: id.into(),
    };
    let version = |id: &str, version: u64| SecretRecord::PageVersion {
        channel: Channel::Messenger,
        id: id.into(),
        version,
    };
    let mut expected = vec![
        page(PAGE_ID),
        version(PAGE_ID, 1),
        version(OTHER_PAGE_ID, 1),
        version(OTHER_PAGE_ID, 2),
        SecretRecord::Value(format!("{X_TOKENS}{X_ACCOUNT}")),
    ];
    expected.sort_by_key(|r| format!("{r:?}"));
    assert_eq!(records, expected);

    for record in &expected {
        let text = store.read_record(record).await.unwrap().unwrap();
        assert!(
            !store
                .replace_record(record, &format!("{text} "), "replaced")
                .await
                .unwrap(),
            "{record:?} replaced although it changed"
        );
        assert_eq!(store.read_record(record).await.unwrap().unwrap(), text);
        let new = format!("{text}\n");
        assert!(store.replace_record(record, &text, &new).await.unwrap());
        assert_eq!(store.read_record(record).await.unwrap().unwrap(), new);
    }
    assert!(
        !store
            .replace_record(&page(OTHER_PAGE_ID), "", "x")
            .await
            .unwrap()
    );
    assert_eq!(store.read_record(&page(OTHER_PAGE_ID)).await.unwrap(), None);
}

/// A customer who has told us something private, on two pages, with everything the store
/// keeps about a customer: messages, a note, labels, a link, a reply waiting to be sent and
/// one deferred, an event not yet processed, throttle and follow-up claims, a crisis
/// announcement's entry.
async fn erasure_leaves_nothing_about_the_customer(store: &AnyStore) {
    const WHO: &str = "c_erase_4711";
    const SECRET: &str = "Moje adresa je Lipová 7";
    let private = |mid: &str, page: &str| {
        let mut e = event(mid, WHO);
        e.page_id = page.into();
        e.kind = InboundKind::Message {
            text: Some(format!("{SECRET} ({mid})")),
            attachments: vec!["https://cdn.example/c_erase_photo.jpg".into()],
            quick_reply: None,
        };
        e
    };
    let here = private("m_private_1", PAGE_ID);
    let there = private("m_private_2", OTHER_PAGE_ID);
    let keeper = event("m_keep", "c_keep");
    for e in [&here, &there, &keeper] {
        store.record_events(std::slice::from_ref(e)).await.unwrap();
        let claimed = store.claim_events("t", 10, Duration::ZERO).await.unwrap();
        store
            .commit_event(&claimed[0].entry_id, Some(&outcome(e, 1, true)))
            .await
            .unwrap();
    }
    let key = here.conversation();
    let note = Note {
        author: "jana".into(),
        text: format!("{WHO} asked about {SECRET}"),
        at: here.sent_at,
    };
    assert!(store.add_note(&key, &note).await.unwrap());
    assert!(
        store
            .change_labels(&key, &["vip".into()], &[])
            .await
            .unwrap()
    );
    store
        .set_link(&key, &keeper.conversation(), true)
        .await
        .unwrap();
    // One reply of the customer's deferred, one still ready; the keeper's stays ready.
    let replies = store.claim_replies("s", 10, Duration::ZERO).await.unwrap();
    assert_eq!(replies.len(), 3);
    let mine = replies.iter().find(|r| r.item.conversation == key).unwrap();
    let later = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
    store
        .defer_reply(&mine.entry_id, &mine.item, later, &Delivery::Pending)
        .await
        .unwrap();
    let ids: Vec<String> = replies.iter().map(|r| r.entry_id.clone()).collect();
    store
        .release_claims(frontdesk::store::WorkQueue::Replies, "s", &ids)
        .await
        .unwrap();
    store
        .record_events(&[private("m_private_3", PAGE_ID)])
        .await
        .unwrap();
    let throttle = frontdesk::store::claims::Claim::AutoReply {
        conversation: &key,
        topic: "faq:hours",
    }
    .to_string();
    assert!(store.claim_once(&throttle, "e1", DEDUPE).await.unwrap());
    let follow_up = frontdesk::store::claims::Claim::FollowUp {
        conversation: &key,
        last_message_ms: 42,
    }
    .to_string();
    assert!(store.claim_once(&follow_up, "e1", DEDUPE).await.unwrap());
    let crisis = "crisis:104857600123456:1700000000000";
    store
        .remember(crisis, &serde_json::to_string(&key).unwrap())
        .await
        .unwrap();
    store
        .remember(
            crisis,
            &serde_json::to_string(&keeper.conversation()).unwrap(),
        )
        .await
        .unwrap();

    let keys = [key.clone(), there.conversation()];
    let records = store.customer_records(&keys).await.unwrap();
    assert_eq!(records.conversations.len(), 2);
    assert_eq!(records.links.len(), 1);
    assert_eq!(records.pending_replies.len(), 2, "one ready, one deferred");
    assert_eq!(records.pending_events.len(), 1);
    assert_eq!(records.claims.len(), 2);
    assert_eq!(records.set_members.len(), 1);

    let erased = store.erase_customer(&keys).await.unwrap();
    assert_eq!(
        erased,
        Erased {
            conversations: 2,
            messages: 4,
            notes: 1,
            links: 1,
            queue_entries: 2,
            replies: 2,
            events: 1,
            claims: 2,
            set_members: 1,
        }
    );
    let everything = store.everything().await.unwrap();
    let left: Vec<&String> = everything
        .iter()
        .filter(|line| line.contains(WHO) || line.contains(SECRET) || line.contains("c_erase"))
        .collect();
    assert!(left.is_empty(), "left behind: {left:#?}");
    assert!(
        everything.iter().any(|line| line.contains("c_keep")),
        "the other customer stays"
    );
    assert!(store.customer_records(&keys).await.unwrap().is_empty());
    assert!(
        store
            .conversation(&keeper.conversation())
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .linked(&keeper.conversation())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.queue(PAGE_ID).await.unwrap().len(), 1);
    assert_eq!(store.members(crisis).await.unwrap().len(), 1);
    assert_eq!(
        store.erase_customer(&keys).await.unwrap(),
        Erased::default(),
        "a second erasure finds nothing"
    );

    // The customer writes again: a fresh conversation, and the throttle is free again.
    let again = private("m_private_4", PAGE_ID);
    commit_turn(store, &again, 5, Turn::Customer).await;
    let fresh = store.conversation(&key).await.unwrap().unwrap();
    assert_eq!(fresh.messages.len(), 1);
    assert!(fresh.notes.is_empty() && fresh.labels.is_empty());
    assert!(store.claim_once(&throttle, "e2", DEDUPE).await.unwrap());
}

const DEDUPE: Duration = Duration::from_secs(3600);

/// Resolved conversations older than the limit go; open, reopened and recently resolved
/// ones (or resolved ones the customer wrote to since) stay, and so do the figures.
async fn retention_forgets_only_resolved_conversations_past_the_limit(store: &AnyStore) {
    let day = |d: u32| Utc.with_ymd_and_hms(2026, 12, d, 12, 0, 0).unwrap();
    let nov = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let mut keys = Vec::new();
    for customer in [
        "c_old1",
        "c_old2",
        "c_recent",
        "c_open",
        "c_reopened",
        "c_thanked",
    ] {
        let e = event(&format!("m_{customer}"), customer);
        store.record_events(std::slice::from_ref(&e)).await.unwrap();
        let claimed = store.claim_events("t", 10, Duration::ZERO).await.unwrap();
        store
            .commit_event(&claimed[0].entry_id, Some(&outcome(&e, 1, false)))
            .await
            .unwrap();
        keys.push(e.conversation());
    }
    let [old1, old2, recent, open, reopened, thanked] = &keys[..] else {
        unreachable!()
    };
    store.set_link(old1, open, true).await.unwrap();
    for (key, at) in [
        (old1, day(1)),
        (old2, day(2)),
        (recent, day(20)),
        (reopened, day(1)),
        (thanked, day(1)),
    ] {
        assert_eq!(
            store
                .change_conversation(key, &Change::Resolve, at)
                .await
                .unwrap(),
            Changed::Done
        );
    }
    commit_turn(
        store,
        &event("m_c_reopened_2", "c_reopened"),
        2,
        Turn::Customer,
    )
    .await;
    // A thank-you on 12 December keeps the resolved conversation from that day on.
    let thanks = event("m_c_thanked_2", "c_thanked");
    store
        .record_events(std::slice::from_ref(&thanks))
        .await
        .unwrap();
    let claimed = store.claim_events("t", 10, Duration::ZERO).await.unwrap();
    let aside = EventOutcome {
        at: day(12),
        turn: Turn::Aside,
        escalate: false,
        ..outcome(&thanks, 0, false)
    };
    store
        .commit_event(&claimed[0].entry_id, Some(&aside))
        .await
        .unwrap();
    let figures = store.figures(PAGE_ID, nov(1), nov(30)).await.unwrap();
    assert!(!figures.is_empty());

    let limit = day(10);
    let first = store.forget_resolved(PAGE_ID, limit, 1).await.unwrap();
    assert_eq!(first.conversations, 1, "at most `max` per call");
    assert_eq!(first.links, 1);
    let rest = store.forget_resolved(PAGE_ID, limit, 100).await.unwrap();
    assert_eq!(rest.conversations, 1);
    assert_eq!(rest.messages, 1);
    for gone in [old1, old2] {
        assert_eq!(store.conversation(gone).await.unwrap(), None);
    }
    for kept in [recent, open, reopened, thanked] {
        assert!(store.conversation(kept).await.unwrap().is_some(), "{kept}");
    }
    assert!(store.linked(open).await.unwrap().is_empty());
    let listed = store.recent_conversations(PAGE_ID, 100).await.unwrap();
    assert!(listed.iter().all(|c| c.key != *old1 && c.key != *old2));
    assert!(
        store
            .forget_resolved(PAGE_ID, limit, 100)
            .await
            .unwrap()
            .is_empty(),
        "nothing more is due"
    );
    assert!(
        store
            .forget_resolved(OTHER_PAGE_ID, day(31), 100)
            .await
            .unwrap()
            .is_empty(),
        "another page's index is its own"
    );
    assert_eq!(
        store.figures(PAGE_ID, nov(1), nov(30)).await.unwrap(),
        figures
    );
    // Later, the thanked one is due too; the recent one and the open ones still are not.
    let later = store.forget_resolved(PAGE_ID, day(15), 100).await.unwrap();
    assert_eq!(later.conversations, 1);
    assert_eq!(store.conversation(thanked).await.unwrap(), None);
    for kept in [recent, open, reopened] {
        assert!(store.conversation(kept).await.unwrap().is_some(), "{kept}");
    }
}

/// Commits one event of `customer` at `minute` with `priority`, escalated.
async fn commit_with(store: &AnyStore, id: &str, customer: &str, minute: u32, priority: Priority) {
    let e = event(id, customer);
    store.record_events(std::slice::from_ref(&e)).await.unwrap();
    let claimed = store.claim_events("a", 10, Duration::ZERO).await.unwrap();
    let mut o = outcome(&e, minute, false);
    o.priority = priority;
    store
        .commit_event(&claimed[0].entry_id, Some(&o))
        .await
        .unwrap();
}

async fn low_priority_waits_behind_normal_until_a_normal_message(store: &AnyStore) {
    // Phishing first (low), a customer's question a minute later (normal): the question first.
    commit_with(store, "m_l1", "phish", 1, Priority::Low).await;
    commit_with(store, "m_l2", "customer", 2, Priority::Normal).await;
    let listed = |queue: Vec<frontdesk::domain::conversation::Conversation>| {
        queue
            .into_iter()
            .map(|c| (c.key.customer_id, c.priority))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        listed(store.queue(PAGE_ID).await.unwrap()),
        [
            ("customer".to_owned(), Priority::Normal),
            ("phish".to_owned(), Priority::Low)
        ]
    );
    // More phishing from the same sender stays low, however many messages it sends.
    for (i, minute) in (3..6).enumerate() {
        commit_with(store, &format!("m_l3{i}"), "phish", minute, Priority::Low).await;
    }
    assert_eq!(
        listed(store.queue(PAGE_ID).await.unwrap())[1],
        ("phish".to_owned(), Priority::Low)
    );
    // A normal message from that sender raises it: with the unanswered ones before, to high.
    commit_with(store, "m_l4", "phish", 7, Priority::Normal).await;
    assert_eq!(
        listed(store.queue(PAGE_ID).await.unwrap()),
        [
            ("phish".to_owned(), Priority::High),
            ("customer".to_owned(), Priority::Normal)
        ]
    );
}

async fn pages_are_saved_and_loaded_in_batches_with_their_indexes(store: &AnyStore) {
    use frontdesk::store::FOLLOW_UP_PAGES;
    let change = |page: Option<PageFile>| PageVersion {
        version: 0,
        by: "import".into(),
        at: Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
        changed: vec![],
        page,
    };
    let mut asks = example_page();
    asks.follow_up_minutes = Some(30);
    let mut other = example_page();
    other.id = OTHER_PAGE_ID.into();
    let batch = [
        (
            Channel::Messenger,
            PAGE_ID.to_owned(),
            change(Some(asks.clone())),
        ),
        (
            Channel::Messenger,
            OTHER_PAGE_ID.to_owned(),
            change(Some(other.clone())),
        ),
    ];
    assert_eq!(store.save_pages(&batch).await.unwrap(), vec![1, 1]);
    assert_eq!(store.save_pages(&batch[..1]).await.unwrap(), vec![2]);
    assert!(store.save_pages(&[]).await.unwrap().is_empty());
    let keys = [
        (Channel::Messenger, OTHER_PAGE_ID.to_owned()),
        (Channel::X, PAGE_ID.to_owned()),
        (Channel::Messenger, PAGE_ID.to_owned()),
    ];
    let loaded = store.load_pages(&keys).await.unwrap();
    let names: Vec<Option<String>> = loaded
        .iter()
        .map(|p| p.as_ref().map(|p| p.id.clone()))
        .collect();
    assert_eq!(
        names,
        [
            Some(OTHER_PAGE_ID.to_owned()),
            None,
            Some(PAGE_ID.to_owned())
        ]
    );
    assert_eq!(store.list_pages().await.unwrap().len(), 2);
    assert_eq!(
        store.members(FOLLOW_UP_PAGES).await.unwrap(),
        vec![format!("messenger:{PAGE_ID}")]
    );
    // Saved without follow-ups, or deleted: out of the index (and out of the list).
    store
        .save_pages(&[(
            Channel::Messenger,
            PAGE_ID.to_owned(),
            change(Some(other.clone())),
        )])
        .await
        .unwrap();
    assert!(store.members(FOLLOW_UP_PAGES).await.unwrap().is_empty());
    store
        .save_page(Channel::Messenger, PAGE_ID, &change(Some(asks)))
        .await
        .unwrap();
    store
        .save_page(Channel::Messenger, PAGE_ID, &change(None))
        .await
        .unwrap();
    assert!(store.members(FOLLOW_UP_PAGES).await.unwrap().is_empty());
    assert_eq!(
        store.list_pages().await.unwrap(),
        vec![(Channel::Messenger, OTHER_PAGE_ID.to_owned())]
    );
}

/// One test per behaviour and backend (`on_redis::…`, `on_redis_cluster::…`,
/// `on_embedded::…`), each on a fresh
/// store, so one broken behaviour does not hide the others.
macro_rules! contract {
    ($($behaviour:ident),* $(,)?) => {
        mod on_redis {
            $(
                #[tokio::test]
                async fn $behaviour() {
                    let prefix = format!("test:{}:", uuid::Uuid::new_v4());
                    super::$behaviour(&super::redis_store(&prefix).await).await;
                    crate::helpers::purge_prefix(&prefix);
                }
            )*
        }

        mod on_redis_cluster {
            $(
                #[tokio::test]
                async fn $behaviour() {
                    let prefix = format!("test:{}:", uuid::Uuid::new_v4());
                    super::$behaviour(&super::redis_cluster_store(&prefix).await).await;
                    crate::helpers::purge_cluster_prefix(&prefix);
                }
            )*
        }

        mod on_embedded {
            $(
                #[tokio::test]
                async fn $behaviour() {
                    let dir = tempfile::tempdir().unwrap();
                    super::$behaviour(&super::embedded_store(&dir)).await;
                }
            )*
        }
    };
}

contract!(
    turns_move_a_conversation_as_the_domain_does,
    changes_follow_the_domain_spec,
    pages_round_trip,
    events_are_claimed_in_order_and_gone_once_committed,
    abandoned_work_is_reclaimed,
    a_waiting_claim_wakes_up_when_an_event_arrives,
    claims_once,
    expired_claims_are_forgotten,
    outcomes_are_applied_together_and_idempotently,
    people_take_hand_back_and_resolve_conversations,
    figures_add_up_per_page_channel_and_day,
    contacts_link_both_ways,
    tokens_are_kept_by_hash_and_revoked_by_id,
    values_counters_and_forgetting,
    a_pages_latest_conversations_are_listed_newest_first,
    secret_records_are_listed_and_replaced_only_when_unchanged,
    erasure_leaves_nothing_about_the_customer,
    retention_forgets_only_resolved_conversations_past_the_limit,
    low_priority_waits_behind_normal_until_a_normal_message,
    pages_are_saved_and_loaded_in_batches_with_their_indexes,
);

#[tokio::test]
async fn the_embedded_store_keeps_everything_across_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let e = event("m_durable", "c1");
    {
        let store = embedded_store(&dir);
        store.record_events(std::slice::from_ref(&e)).await.unwrap();
        let claimed = store.claim_events("a", 10, Duration::ZERO).await.unwrap();
        store
            .commit_event(&claimed[0].entry_id, Some(&outcome(&e, 1, true)))
            .await
            .unwrap();
        store
            .record_events(&[event("m_pending", "c1")])
            .await
            .unwrap();
    }
    let store = embedded_store(&dir);
    assert_eq!(store.queue(PAGE_ID).await.unwrap().len(), 1);
    let pending = store.claim_events("b", 10, Duration::ZERO).await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].item.message_id, "m_pending");
    assert_eq!(
        store
            .claim_replies("b", 10, Duration::ZERO)
            .await
            .unwrap()
            .len(),
        1
    );
}

/// A Redis that restarts without its data (no persistence, or a flush) loses the streams and
/// their consumer groups: what is recorded afterwards must still be worked on, not wait
/// forever in a stream no group reads.
#[tokio::test]
async fn redis_losing_its_data_does_not_stop_the_queues() {
    let prefix = format!("test:{}:", uuid::Uuid::new_v4());
    let store = redis_store(&prefix).await;
    crate::helpers::purge_prefix(&prefix);
    let e = event("m_after_loss", "c1");
    store.record_events(std::slice::from_ref(&e)).await.unwrap();
    let claimed = store.claim_events("a", 10, Duration::ZERO).await.unwrap();
    assert_eq!(
        claimed.len(),
        1,
        "the event recorded after the loss is claimed"
    );
    store
        .commit_event(&claimed[0].entry_id, Some(&outcome(&e, 1, true)))
        .await
        .unwrap();
    crate::helpers::purge_prefix(&prefix);
    store
        .commit_event(&claimed[0].entry_id, Some(&outcome(&e, 1, true)))
        .await
        .unwrap();
    let replies = store.claim_replies("s", 10, Duration::ZERO).await.unwrap();
    assert_eq!(
        replies.len(),
        1,
        "the reply recorded after the loss is claimed"
    );
    crate::helpers::purge_prefix(&prefix);
}
