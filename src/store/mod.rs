//! Everything frontdesk keeps: page configurations, the durable inbound and outbound work
//! queues, one-time claims (deduplication, reply throttling) and the conversations of the
//! human queue.
//!
//! `Store` names the domain operations; `redis` implements them for production (several
//! stateless instances share one server) and `embedded` on a local redb file (the default
//! when no Redis URL is set). `AnyStore` is the one the application holds. The same contract
//! tests (`tests/api/store_contract.rs`) run against both.
//!
//! Delivery guarantees, the same on both backends:
//! - an event is recorded durably before `record_events` returns;
//! - a claim lasts `reclaim_after` unless its consumer renews it (`renew_claims`, the
//!   heartbeat of live work); work of a consumer that died is claimed again by any consumer
//!   once its claim has lapsed, and work handed back (`release_claims`, at shutdown) at once;
//! - a reply whose send failed is deferred (`defer_reply`): it waits in the store, not in a
//!   process, until its next attempt is due (`promote_due_replies`);
//! - `commit_event` applies the whole outcome of one event atomically: conversation,
//!   queue entry, outbox entry and the acknowledgement of the event, or none of them.
//!
//! Every store carries its live bus (`AnyStore::live`, see `crate::live`); `AnyStore`
//! publishes a notice after each successful change of a conversation or a page, so every
//! instance's consoles and page caches hear of it, whichever use case made the change.

pub mod claims;
pub mod embedded;
pub mod redis;
pub mod sealing;

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};

use serde::{Deserialize, Serialize};

use crate::access::TokenRecord;
use crate::domain::conversation::{
    Change, ChangeError, Conversation, Delivery, Message, Note, OutboundReply, Turn,
};
use crate::domain::event::{Channel, ConversationKey, Inbound};
use crate::domain::figures::{DayFigures, DayKey, Recorded};
use crate::domain::page::PageFile;
use crate::domain::policy::Priority;
use crate::live::{Happened, Live, LiveUpdate};
use crate::secrets::Keyring;
use sealing::SecretRecord;

/// How far ahead of normal ones a high-priority conversation sorts in the queue, and how far
/// behind them a low-priority one (ms).
const PRIORITY_LEAD_MS: i64 = 1_000_000_000_000;

/// The queue position of a conversation: by time, high priority first, low priority last.
fn queue_score(at: DateTime<Utc>, priority: Priority) -> i64 {
    match priority {
        Priority::Low => at.timestamp_millis() + PRIORITY_LEAD_MS,
        Priority::Normal => at.timestamp_millis(),
        Priority::High => at.timestamp_millis() - PRIORITY_LEAD_MS,
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("redis")]
    Redis(#[from] ::redis::RedisError),
    #[error("embedded store")]
    Embedded(#[from] redb::Error),
    #[error("record {key} is not valid JSON")]
    Corrupt {
        key: String,
        source: serde_json::Error,
    },
    #[error("store task stopped")]
    Task(#[from] tokio::task::JoinError),
    #[error(transparent)]
    Secret(#[from] crate::secrets::SecretError),
}

/// redb reports each step's failure as its own type; each becomes `StoreError::Embedded`
/// with `?`, as `#[from]` does for one.
macro_rules! from_redb {
    ($($error:ty),* $(,)?) => {
        $(
            impl From<$error> for StoreError {
                fn from(error: $error) -> Self {
                    StoreError::Embedded(error.into())
                }
            }
        )*
    };
}

from_redb!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
);

impl StoreError {
    /// The store could not be reached or did not answer in time (as opposed to refusing a
    /// command or holding bad data): trying again later can succeed.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Redis(e) => {
                e.is_timeout()
                    || e.is_io_error()
                    || e.is_connection_dropped()
                    || e.is_connection_refusal()
            }
            StoreError::Embedded(_)
            | StoreError::Corrupt { .. }
            | StoreError::Task(_)
            | StoreError::Secret(_) => false,
        }
    }

    /// The embedded store's file is open in another process (redb allows one): a running
    /// `frontdesk serve`, usually.
    pub fn is_held_elsewhere(&self) -> bool {
        matches!(self, StoreError::Embedded(redb::Error::DatabaseAlreadyOpen))
    }
}

/// The result of a person's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    Done,
    Refused(ChangeError),
    NotFound,
}

/// A work item handed to one consumer until it commits it.
#[derive(Debug, Clone, PartialEq)]
pub struct Claimed<T> {
    /// The entry's id in its queue; monotonic, never reused.
    pub entry_id: String,
    pub item: T,
}

/// Everything processing one event changes, committed atomically with its acknowledgement.
#[derive(Debug, Clone, PartialEq)]
pub struct EventOutcome {
    pub conversation: ConversationKey,
    /// Messages to add or replace in the conversation (by id): the customer's, and ours.
    pub messages: Vec<Message>,
    /// Whether the conversation goes to (or stays in) the human queue.
    pub escalate: bool,
    /// Raises the conversation's priority (it never drops here).
    pub priority: Priority,
    /// Labels to add to the conversation (e.g. `stale`).
    pub labels: Vec<String>,
    /// A reply for the outbox.
    pub reply: Option<OutboundReply>,
    pub at: DateTime<Utc>,
    /// The day's figures this event adds (received, answered, escalated).
    pub figures: Vec<Recorded>,
    /// How the event moves the conversation: a customer's message (the usual), a mere
    /// courtesy, or a person's answer from outside frontdesk.
    pub turn: Turn,
}

/// What waits in the work queues, for `/metrics`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Backlog {
    /// Recorded events not yet committed (waiting or being processed).
    pub events: u64,
    /// When the oldest of them was received (the receipt time it carries; for an entry
    /// recorded before that was kept, its Redis stream id's time, or unknown on the embedded
    /// store).
    pub oldest_event_recorded_at: Option<DateTime<Utc>>,
    /// Replies ready to send (or being sent).
    pub replies_ready: u64,
    /// When the reply first in line to be sent was written (`OutboundReply::created_at`).
    pub oldest_ready_reply_written_at: Option<DateTime<Utc>>,
    /// Replies waiting for their next attempt.
    pub replies_deferred: u64,
}

/// The two work queues: recorded events for the worker, replies for the sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkQueue {
    Events,
    Replies,
}

impl WorkQueue {
    pub fn as_str(self) -> &'static str {
        match self {
            WorkQueue::Events => "events",
            WorkQueue::Replies => "replies",
        }
    }
}

/// How long a one-time claim (`claim_once`) holds.
pub const DEDUPE_WINDOW: Duration = Duration::from_secs(72 * 3600);

/// One change of a page's configuration: who, when, which parts, and the configuration after
/// it (`None`: the page was deleted).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageVersion {
    /// Numbered from 1 per page by the store.
    #[serde(default)]
    pub version: u64,
    pub by: String,
    pub at: DateTime<Utc>,
    /// The top-level parts that changed (`hours`, `faq`, …).
    #[serde(default)]
    pub changed: Vec<String>,
    #[serde(default)]
    pub page: Option<PageFile>,
}

/// The domain operations every backend offers.
pub trait Store: Send + Sync {
    /// Saves (or, with `change.page = None`, deletes) a page configuration, already
    /// validated, as its next version; returns the version's number.
    fn save_page(
        &self,
        channel: Channel,
        id: &str,
        change: &PageVersion,
    ) -> impl Future<Output = Result<u64>> + Send;
    /// `save_page` for many pages at once: one transaction (redb) or one pipeline (Redis)
    /// per call, each page its own next version; returns the versions' numbers in order.
    fn save_pages(
        &self,
        changes: &[(Channel, String, PageVersion)],
    ) -> impl Future<Output = Result<Vec<u64>>> + Send;
    /// `load_page` for many pages at once (one read transaction or one pipeline), in order.
    fn load_pages(
        &self,
        pages: &[(Channel, String)],
    ) -> impl Future<Output = Result<Vec<Option<PageFile>>>> + Send;
    /// Every version of a page, oldest first.
    fn page_versions(
        &self,
        channel: Channel,
        id: &str,
    ) -> impl Future<Output = Result<Vec<PageVersion>>> + Send;
    /// Every configured page.
    fn list_pages(&self) -> impl Future<Output = Result<Vec<(Channel, String)>>> + Send;
    /// A page by its channel and its id on that channel.
    fn load_page(
        &self,
        channel: Channel,
        id: &str,
    ) -> impl Future<Output = Result<Option<PageFile>>> + Send;

    /// Durably records inbound events, in order.
    fn record_events(&self, events: &[Inbound]) -> impl Future<Output = Result<()>> + Send;
    /// Up to `max` events for `consumer`: abandoned ones first, then new ones, waiting up to
    /// `wait` for new ones to arrive.
    fn claim_events(
        &self,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> impl Future<Output = Result<Vec<Claimed<Inbound>>>> + Send;
    /// Applies the outcome of a claimed event (if any) and removes the event from the queue.
    fn commit_event(
        &self,
        entry_id: &str,
        outcome: Option<&EventOutcome>,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Claims `key` for `owner` for `ttl`. True when the key was free, or already held by the
    /// same owner (a retry of the same work); false when someone else holds it.
    fn claim_once(
        &self,
        key: &str,
        owner: &str,
        ttl: Duration,
    ) -> impl Future<Output = Result<bool>> + Send;

    /// Up to `max` replies to send, like `claim_events`.
    fn claim_replies(
        &self,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> impl Future<Output = Result<Vec<Claimed<OutboundReply>>>> + Send;
    /// Takes a claimed reply off the ready queue and keeps it until `not_before`, recording
    /// `delivery` (its failed attempt) on its conversation message, atomically. The reply
    /// carries its count of failed attempts.
    fn defer_reply(
        &self,
        entry_id: &str,
        reply: &OutboundReply,
        not_before: DateTime<Utc>,
        delivery: &Delivery,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Moves up to `max` deferred replies that are due at `now` back to the ready queue;
    /// returns how many. Safe to run from every instance at once.
    fn promote_due_replies(
        &self,
        now: DateTime<Utc>,
        max: usize,
    ) -> impl Future<Output = Result<usize>> + Send;
    /// When the earliest deferred reply is due, if any is waiting.
    fn next_deferred_reply(&self) -> impl Future<Output = Result<Option<DateTime<Utc>>>> + Send;
    /// How much work waits in the queues.
    fn backlog(&self) -> impl Future<Output = Result<Backlog>> + Send;
    /// Renews `consumer`'s claims on entries it is still working on (its heartbeat); claims
    /// another consumer has taken over meanwhile are left alone.
    fn renew_claims(
        &self,
        queue: WorkQueue,
        consumer: &str,
        entry_ids: &[String],
    ) -> impl Future<Output = Result<()>> + Send;
    /// Hands entries `consumer` claimed back unfinished: any consumer may claim them at once.
    fn release_claims(
        &self,
        queue: WorkQueue,
        consumer: &str,
        entry_ids: &[String],
    ) -> impl Future<Output = Result<()>> + Send;
    /// Records how a reply ended (sent, or failed for good) and removes it from the outbox.
    /// A failed reply puts its conversation back in front of a person, labelled
    /// `delivery_failed`.
    fn commit_reply(
        &self,
        entry_id: &str,
        reply: &OutboundReply,
        delivery: &Delivery,
    ) -> impl Future<Output = Result<()>> + Send;

    /// The page's open conversations waiting for a person: high priority first, then oldest
    /// first.
    fn queue(&self, page_id: &str) -> impl Future<Output = Result<Vec<Conversation>>> + Send;

    /// The page's conversations with the latest recorded events, most recent first, at most
    /// `max` (and at most `RECENT_KEPT`: Redis keeps only those in its index). Resolved ones
    /// included: what the console learns from (`faq_learning`).
    fn recent_conversations(
        &self,
        page_id: &str,
        max: usize,
    ) -> impl Future<Output = Result<Vec<Conversation>>> + Send;

    /// How many conversations of the page wait for a person.
    fn queue_depth(&self, page_id: &str) -> impl Future<Output = Result<usize>> + Send;
    /// Applies a person's change atomically: of two claims at once exactly one wins.
    fn change_conversation(
        &self,
        key: &ConversationKey,
        change: &Change,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Changed>> + Send;
    /// Who holds the conversation, if anyone (the bot steps back while someone does).
    fn assignee(
        &self,
        key: &ConversationKey,
    ) -> impl Future<Output = Result<Option<String>>> + Send;
    /// Adds a note; false when there is no such conversation.
    fn add_note(
        &self,
        key: &ConversationKey,
        note: &Note,
    ) -> impl Future<Output = Result<bool>> + Send;
    /// Adds and removes labels; false when there is no such conversation.
    fn change_labels(
        &self,
        key: &ConversationKey,
        add: &[String],
        remove: &[String],
    ) -> impl Future<Output = Result<bool>> + Send;
    /// Records a message we send outside an event's outcome (a person's reply, a follow-up)
    /// as pending and puts it in the outbox, atomically. A person's reply (`reply.by`) also
    /// makes the conversation wait on the customer, held by that person. False when there is
    /// no such conversation.
    fn commit_outbound(&self, reply: &OutboundReply) -> impl Future<Output = Result<bool>> + Send;
    fn conversation(
        &self,
        key: &ConversationKey,
    ) -> impl Future<Output = Result<Option<Conversation>>> + Send;

    /// Links (or unlinks) two contacts: the same customer on two channels or pages. Links
    /// are symmetric and stay with the contacts across conversations.
    fn set_link(
        &self,
        a: &ConversationKey,
        b: &ConversationKey,
        linked: bool,
    ) -> impl Future<Output = Result<()>> + Send;
    /// The contacts linked to this one.
    fn linked(
        &self,
        key: &ConversationKey,
    ) -> impl Future<Output = Result<Vec<ConversationKey>>> + Send;
    /// The contacts linked to each of `keys`, in their order, in one round trip (a listing
    /// of a thousand conversations must not make a thousand).
    fn linked_many(
        &self,
        keys: &[ConversationKey],
    ) -> impl Future<Output = Result<Vec<Vec<ConversationKey>>>> + Send;

    /// Stores a token by the hash of its secret.
    fn save_token(
        &self,
        hash: &str,
        record: &TokenRecord,
    ) -> impl Future<Output = Result<()>> + Send;
    /// The token with this hash, if it exists.
    fn find_token(&self, hash: &str) -> impl Future<Output = Result<Option<TokenRecord>>> + Send;
    fn list_tokens(&self) -> impl Future<Output = Result<Vec<TokenRecord>>> + Send;
    /// Deletes the token with this id; false when there is none.
    fn revoke_token(&self, id: &str) -> impl Future<Output = Result<bool>> + Send;

    /// Adds a member to a named set (e.g. the customers who got a crisis announcement).
    fn remember(&self, set: &str, member: &str) -> impl Future<Output = Result<()>> + Send;
    fn members(&self, set: &str) -> impl Future<Output = Result<Vec<String>>> + Send;
    /// Removes a member from a named set; true when it was there (of two callers, one wins).
    fn forget(&self, set: &str, member: &str) -> impl Future<Output = Result<bool>> + Send;

    /// A small named record (e.g. an X account's rotating tokens), as JSON text.
    fn get_value(&self, key: &str) -> impl Future<Output = Result<Option<String>>> + Send;
    fn put_value(&self, key: &str, value: &str) -> impl Future<Output = Result<()>> + Send;
    /// Like `put_value`, but Redis drops it after `ttl`; the embedded store keeps it until it
    /// is deleted, so the record must carry its own expiry (e.g. a console session).
    fn put_value_expiring(
        &self,
        key: &str,
        value: &str,
        ttl: Duration,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Removes a named record; true when it was there.
    fn delete_value(&self, key: &str) -> impl Future<Output = Result<bool>> + Send;
    /// Adds one to a named counter and returns the new count, atomically. Redis expires the
    /// counter `ttl` after its first count; the embedded store keeps it (name it per period).
    fn count_up(&self, key: &str, ttl: Duration) -> impl Future<Output = Result<u64>> + Send;

    /// Every stored record that can hold a token (`sealing`): page configurations, every
    /// version of every page (deleted ones too), the named values under
    /// `sealing::SEALED_VALUES`.
    fn secret_records(&self) -> impl Future<Output = Result<Vec<SecretRecord>>> + Send;
    /// A record's text exactly as stored (sealed tokens stay sealed).
    fn read_record(
        &self,
        record: &SecretRecord,
    ) -> impl Future<Output = Result<Option<String>>> + Send;
    /// Replaces a record's stored text when it still is `old`, atomically; false when it
    /// changed meanwhile (or is gone).
    fn replace_record(
        &self,
        record: &SecretRecord,
        old: &str,
        new: &str,
    ) -> impl Future<Output = Result<bool>> + Send;

    /// Adds figures outside an event's outcome (a person's first response or resolution, a
    /// reply's latency). Recorded right after the change they describe: a crash in between
    /// loses that one figure, and never counts one twice.
    fn record_figures(&self, figures: &[Recorded]) -> impl Future<Output = Result<()>> + Send;
    /// The figures of a page from `from` to `to` (local days, inclusive), per channel and
    /// day; days without any are left out.
    fn figures(
        &self,
        page_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> impl Future<Output = Result<Vec<(DayKey, DayFigures)>>> + Send;

    /// Everything kept about the customer behind `keys` (one customer's conversations on
    /// several pages): their conversations, links, replies not yet sent, events not yet
    /// processed, one-time claims and named-set entries (`crate::privacy`'s export).
    fn customer_records(
        &self,
        keys: &[ConversationKey],
    ) -> impl Future<Output = Result<CustomerRecords>> + Send;
    /// Removes everything `customer_records` finds, atomically (one `MULTI`, one redb
    /// transaction); says how much. What the customer writes afterwards starts fresh.
    fn erase_customer(
        &self,
        keys: &[ConversationKey],
    ) -> impl Future<Output = Result<Erased>> + Send;
    /// Removes up to `max` of the page's conversations resolved (and quiet) since before
    /// `before`: messages, notes, labels, queue and recent entries, links. Open ones are never
    /// touched; the day's figures stay. Reads only the page's index of resolved conversations
    /// by resolution time, from its oldest end.
    fn forget_resolved(
        &self,
        page_id: &str,
        before: DateTime<Utc>,
        max: usize,
    ) -> impl Future<Output = Result<Erased>> + Send;
}

/// What the store keeps about one customer.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CustomerRecords {
    pub conversations: Vec<Conversation>,
    /// Each contact with the contacts linked to it.
    pub links: Vec<(ConversationKey, Vec<ConversationKey>)>,
    /// Replies waiting to be sent (ready or deferred).
    pub pending_replies: Vec<OutboundReply>,
    /// Recorded events the worker has not processed yet.
    pub pending_events: Vec<Inbound>,
    /// Names of one-time claims that name the customer (throttles, follow-ups, crises).
    pub claims: Vec<String>,
    /// Entries of named sets about the customer: (set, member).
    pub set_members: Vec<(String, String)>,
}

impl CustomerRecords {
    pub fn is_empty(&self) -> bool {
        *self == CustomerRecords::default()
    }
}

/// How much an erasure or the retention removed (counts only, never content).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Erased {
    pub conversations: u64,
    pub messages: u64,
    pub notes: u64,
    /// Links removed (each pair once).
    pub links: u64,
    pub queue_entries: u64,
    /// Outbox entries not yet sent (ready or deferred).
    pub replies: u64,
    /// Recorded events not yet processed.
    pub events: u64,
    pub claims: u64,
    pub set_members: u64,
}

impl Erased {
    pub fn add(&mut self, other: &Erased) {
        self.conversations += other.conversations;
        self.messages += other.messages;
        self.notes += other.notes;
        self.links += other.links;
        self.queue_entries += other.queue_entries;
        self.replies += other.replies;
        self.events += other.events;
        self.claims += other.claims;
        self.set_members += other.set_members;
    }

    pub fn is_empty(&self) -> bool {
        *self == Erased::default()
    }

    /// Each count with its name (the metrics' `kind` label).
    pub fn kinds(&self) -> [(&'static str, u64); 9] {
        [
            ("conversations", self.conversations),
            ("messages", self.messages),
            ("notes", self.notes),
            ("links", self.links),
            ("queue_entries", self.queue_entries),
            ("replies", self.replies),
            ("events", self.events),
            ("claims", self.claims),
            ("set_members", self.set_members),
        ]
    }
}

/// A stored name (a claim key) names one of `conversations` (as `<channel>:<page>:<customer>`,
/// bounded by `:` or the end, so customer `c1` does not match `c12`).
fn names_any(name: &str, conversations: &[String]) -> bool {
    conversations.iter().any(|conversation| {
        name.match_indices(conversation.as_str()).any(|(at, _)| {
            let before = name[..at].chars().next_back();
            let after = name[at + conversation.len()..].chars().next();
            before.is_none_or(|c| c == ':') && after.is_none_or(|c| c == ':')
        })
    })
}

/// A JSON record (a set member, a parked reply) is about the customer: it holds one of
/// their conversation keys (an object with their channel, page and customer id); or, holding
/// nobody's key, a `text` that is one of their messages (an FAQ suggestion learnt from it).
fn record_is_about(record: &str, keys: &[ConversationKey], texts: &[String]) -> bool {
    /// The conversation keys a JSON value holds, and whether it quotes one of `texts`.
    fn walk(value: &serde_json::Value, found: &mut Vec<ConversationKey>, texts: &[String]) -> bool {
        match value {
            serde_json::Value::Object(fields) => {
                if let Ok(key) = serde_json::from_value::<ConversationKey>(value.clone()) {
                    found.push(key);
                }
                let quotes = fields
                    .get("text")
                    .and_then(serde_json::Value::as_str)
                    .is_some_and(|text| texts.iter().any(|t| t == text));
                fields
                    .values()
                    .fold(quotes, |quoted, v| walk(v, found, texts) || quoted)
            }
            serde_json::Value::Array(items) => {
                // Every item is walked (no short cut): all the keys are collected.
                let mut quoted = false;
                for item in items {
                    quoted |= walk(item, found, texts);
                }
                quoted
            }
            _ => false,
        }
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(record) else {
        return false;
    };
    let mut found = Vec::new();
    let quotes = walk(&value, &mut found, texts);
    if found.is_empty() {
        quotes
    } else {
        found.iter().any(|key| keys.contains(key))
    }
}

/// The texts of the customer's own messages (non-empty), for `record_is_about`.
fn customer_texts(conversations: &[Conversation]) -> Vec<String> {
    conversations
        .iter()
        .flat_map(|c| &c.messages)
        .filter(|m| m.author == crate::domain::conversation::Author::Customer)
        .map(|m| m.text.clone())
        .filter(|t| !t.trim().is_empty())
        .collect()
}

/// How many of a page's latest conversations `recent_conversations` can list.
pub const RECENT_KEPT: usize = 1000;

/// How long the figures of a day are kept.
pub const FIGURES_KEPT_DAYS: i64 = 400;

/// The days from `from` to `to`, inclusive.
fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |day| *day <= to)
}

/// The backend the application runs on.
#[derive(Clone)]
pub enum AnyStore {
    Redis(redis::RedisStore),
    Embedded(embedded::EmbeddedStore),
}

macro_rules! dispatch {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            AnyStore::Redis($store) => $call.await,
            AnyStore::Embedded($store) => $call.await,
        }
    };
}

impl AnyStore {
    /// The live bus of this store: notices of changes made through any instance.
    pub fn live(&self) -> &Live {
        match self {
            AnyStore::Redis(store) => store.live(),
            AnyStore::Embedded(store) => store.live(),
        }
    }

    /// The keys that seal and open the tokens it keeps (`sealing`).
    pub fn keys(&self) -> &Keyring {
        match self {
            AnyStore::Redis(store) => store.keys(),
            AnyStore::Embedded(store) => store.keys(),
        }
    }

    /// The store with these keys for its tokens; without, they are kept in plain text.
    pub fn with_keys(self, keys: Keyring) -> Self {
        let keys = std::sync::Arc::new(keys);
        match self {
            AnyStore::Redis(store) => AnyStore::Redis(store.with_keys(keys)),
            AnyStore::Embedded(store) => AnyStore::Embedded(store.with_keys(keys)),
        }
    }

    /// Every key and record of the store, as text (see the backends' `everything`).
    pub async fn everything(&self) -> Result<Vec<String>> {
        match self {
            AnyStore::Redis(store) => store.everything().await,
            AnyStore::Embedded(store) => store.everything().await,
        }
    }

    fn changed(&self, key: &ConversationKey, what: Happened) {
        self.live().publish(LiveUpdate::conversation(key, what));
    }
}

/// Dispatches, seals and opens tokens (`sealing`), and publishes each change that succeeded
/// on the live bus.
impl Store for AnyStore {
    async fn save_page(&self, channel: Channel, id: &str, change: &PageVersion) -> Result<u64> {
        let mut sealed = change.clone();
        sealed.page = change
            .page
            .as_ref()
            .map(|page| sealing::seal_page(self.keys(), channel, id, page))
            .transpose()?;
        let version = dispatch!(self, s => s.save_page(channel, id, &sealed))?;
        self.live().publish(LiveUpdate::Page {
            channel,
            id: id.to_owned(),
        });
        Ok(version)
    }
    async fn save_pages(&self, changes: &[(Channel, String, PageVersion)]) -> Result<Vec<u64>> {
        let versions = dispatch!(self, s => s.save_pages(changes))?;
        // Waits for room in the notice queue: a large import must not drop notices.
        for (channel, id, _) in changes {
            self.live()
                .publish_waiting(LiveUpdate::Page {
                    channel: *channel,
                    id: id.clone(),
                })
                .await;
        }
        Ok(versions)
    }
    async fn load_pages(&self, pages: &[(Channel, String)]) -> Result<Vec<Option<PageFile>>> {
        dispatch!(self, s => s.load_pages(pages))
    }
    async fn page_versions(&self, channel: Channel, id: &str) -> Result<Vec<PageVersion>> {
        let mut versions = dispatch!(self, s => s.page_versions(channel, id))?;
        for version in &mut versions {
            if let Some(page) = version.page.take() {
                version.page = Some(sealing::open_page(self.keys(), channel, id, page)?);
            }
        }
        Ok(versions)
    }
    async fn list_pages(&self) -> Result<Vec<(Channel, String)>> {
        dispatch!(self, s => s.list_pages())
    }
    async fn save_token(&self, hash: &str, record: &TokenRecord) -> Result<()> {
        dispatch!(self, s => s.save_token(hash, record))
    }
    async fn find_token(&self, hash: &str) -> Result<Option<TokenRecord>> {
        dispatch!(self, s => s.find_token(hash))
    }
    async fn list_tokens(&self) -> Result<Vec<TokenRecord>> {
        dispatch!(self, s => s.list_tokens())
    }
    async fn revoke_token(&self, id: &str) -> Result<bool> {
        dispatch!(self, s => s.revoke_token(id))
    }
    async fn remember(&self, set: &str, member: &str) -> Result<()> {
        dispatch!(self, s => s.remember(set, member))
    }
    async fn members(&self, set: &str) -> Result<Vec<String>> {
        dispatch!(self, s => s.members(set))
    }
    async fn forget(&self, set: &str, member: &str) -> Result<bool> {
        dispatch!(self, s => s.forget(set, member))
    }
    async fn get_value(&self, key: &str) -> Result<Option<String>> {
        dispatch!(self, s => s.get_value(key))?
            .map(|stored| sealing::open_value(self.keys(), key, stored))
            .transpose()
    }
    async fn put_value(&self, key: &str, value: &str) -> Result<()> {
        let value = sealing::seal_value(self.keys(), key, value)?;
        dispatch!(self, s => s.put_value(key, &value))
    }
    async fn put_value_expiring(&self, key: &str, value: &str, ttl: Duration) -> Result<()> {
        let value = sealing::seal_value(self.keys(), key, value)?;
        dispatch!(self, s => s.put_value_expiring(key, &value, ttl))
    }
    async fn delete_value(&self, key: &str) -> Result<bool> {
        dispatch!(self, s => s.delete_value(key))
    }
    async fn count_up(&self, key: &str, ttl: Duration) -> Result<u64> {
        dispatch!(self, s => s.count_up(key, ttl))
    }
    async fn load_page(&self, channel: Channel, id: &str) -> Result<Option<PageFile>> {
        dispatch!(self, s => s.load_page(channel, id))?
            .map(|page| sealing::open_page(self.keys(), channel, id, page))
            .transpose()
    }
    async fn record_events(&self, events: &[Inbound]) -> Result<()> {
        dispatch!(self, s => s.record_events(events))
    }
    async fn claim_events(
        &self,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<Inbound>>> {
        dispatch!(self, s => s.claim_events(consumer, max, wait))
    }
    async fn commit_event(&self, entry_id: &str, outcome: Option<&EventOutcome>) -> Result<()> {
        dispatch!(self, s => s.commit_event(entry_id, outcome))?;
        if let Some(outcome) = outcome {
            self.changed(&outcome.conversation, Happened::Message);
        }
        Ok(())
    }
    async fn claim_once(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool> {
        dispatch!(self, s => s.claim_once(key, owner, ttl))
    }
    async fn claim_replies(
        &self,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<OutboundReply>>> {
        dispatch!(self, s => s.claim_replies(consumer, max, wait))
    }
    async fn commit_reply(
        &self,
        entry_id: &str,
        reply: &OutboundReply,
        delivery: &Delivery,
    ) -> Result<()> {
        dispatch!(self, s => s.commit_reply(entry_id, reply, delivery))?;
        self.changed(&reply.conversation, Happened::Reply);
        Ok(())
    }
    async fn defer_reply(
        &self,
        entry_id: &str,
        reply: &OutboundReply,
        not_before: DateTime<Utc>,
        delivery: &Delivery,
    ) -> Result<()> {
        dispatch!(self, s => s.defer_reply(entry_id, reply, not_before, delivery))?;
        self.changed(&reply.conversation, Happened::Reply);
        Ok(())
    }
    async fn promote_due_replies(&self, now: DateTime<Utc>, max: usize) -> Result<usize> {
        dispatch!(self, s => s.promote_due_replies(now, max))
    }
    async fn next_deferred_reply(&self) -> Result<Option<DateTime<Utc>>> {
        dispatch!(self, s => s.next_deferred_reply())
    }
    async fn backlog(&self) -> Result<Backlog> {
        dispatch!(self, s => s.backlog())
    }
    async fn renew_claims(
        &self,
        queue: WorkQueue,
        consumer: &str,
        entry_ids: &[String],
    ) -> Result<()> {
        dispatch!(self, s => s.renew_claims(queue, consumer, entry_ids))
    }
    async fn release_claims(
        &self,
        queue: WorkQueue,
        consumer: &str,
        entry_ids: &[String],
    ) -> Result<()> {
        dispatch!(self, s => s.release_claims(queue, consumer, entry_ids))
    }
    async fn queue(&self, page_id: &str) -> Result<Vec<Conversation>> {
        dispatch!(self, s => s.queue(page_id))
    }
    async fn conversation(&self, key: &ConversationKey) -> Result<Option<Conversation>> {
        dispatch!(self, s => s.conversation(key))
    }
    async fn recent_conversations(&self, page_id: &str, max: usize) -> Result<Vec<Conversation>> {
        dispatch!(self, s => s.recent_conversations(page_id, max))
    }
    async fn queue_depth(&self, page_id: &str) -> Result<usize> {
        dispatch!(self, s => s.queue_depth(page_id))
    }
    async fn change_conversation(
        &self,
        key: &ConversationKey,
        change: &Change,
        now: DateTime<Utc>,
    ) -> Result<Changed> {
        let changed = dispatch!(self, s => s.change_conversation(key, change, now))?;
        if changed == Changed::Done {
            self.changed(key, Happened::Changed);
        }
        Ok(changed)
    }
    async fn assignee(&self, key: &ConversationKey) -> Result<Option<String>> {
        dispatch!(self, s => s.assignee(key))
    }
    async fn add_note(&self, key: &ConversationKey, note: &Note) -> Result<bool> {
        let added = dispatch!(self, s => s.add_note(key, note))?;
        if added {
            self.changed(key, Happened::Note);
        }
        Ok(added)
    }
    async fn change_labels(
        &self,
        key: &ConversationKey,
        add: &[String],
        remove: &[String],
    ) -> Result<bool> {
        let found = dispatch!(self, s => s.change_labels(key, add, remove))?;
        if found {
            self.changed(key, Happened::Changed);
        }
        Ok(found)
    }
    async fn commit_outbound(&self, reply: &OutboundReply) -> Result<bool> {
        let found = dispatch!(self, s => s.commit_outbound(reply))?;
        if found {
            self.changed(&reply.conversation, Happened::Reply);
        }
        Ok(found)
    }
    async fn set_link(&self, a: &ConversationKey, b: &ConversationKey, linked: bool) -> Result<()> {
        dispatch!(self, s => s.set_link(a, b, linked))?;
        self.changed(a, Happened::Changed);
        self.changed(b, Happened::Changed);
        Ok(())
    }
    async fn linked(&self, key: &ConversationKey) -> Result<Vec<ConversationKey>> {
        dispatch!(self, s => s.linked(key))
    }
    async fn linked_many(&self, keys: &[ConversationKey]) -> Result<Vec<Vec<ConversationKey>>> {
        dispatch!(self, s => s.linked_many(keys))
    }
    async fn record_figures(&self, figures: &[Recorded]) -> Result<()> {
        dispatch!(self, s => s.record_figures(figures))
    }
    async fn secret_records(&self) -> Result<Vec<SecretRecord>> {
        dispatch!(self, s => s.secret_records())
    }
    async fn read_record(&self, record: &SecretRecord) -> Result<Option<String>> {
        dispatch!(self, s => s.read_record(record))
    }
    async fn replace_record(&self, record: &SecretRecord, old: &str, new: &str) -> Result<bool> {
        dispatch!(self, s => s.replace_record(record, old, new))
    }
    async fn figures(
        &self,
        page_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(DayKey, DayFigures)>> {
        dispatch!(self, s => s.figures(page_id, from, to))
    }
    async fn customer_records(&self, keys: &[ConversationKey]) -> Result<CustomerRecords> {
        if keys.is_empty() {
            return Ok(CustomerRecords::default());
        }
        dispatch!(self, s => s.customer_records(keys))
    }
    async fn erase_customer(&self, keys: &[ConversationKey]) -> Result<Erased> {
        if keys.is_empty() {
            return Ok(Erased::default());
        }
        let erased = dispatch!(self, s => s.erase_customer(keys))?;
        for key in keys {
            self.changed(key, Happened::Changed);
        }
        Ok(erased)
    }
    async fn forget_resolved(
        &self,
        page_id: &str,
        before: DateTime<Utc>,
        max: usize,
    ) -> Result<Erased> {
        dispatch!(self, s => s.forget_resolved(page_id, before, max))
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Our own types serialize infallibly: plain structs, string keys.
    serde_json::to_string(value).unwrap_or_default()
}

/// The set (`Store::members`) of the pages whose configuration asks for follow-ups
/// (`follow_up_minutes`), as `<channel>:<id>`: kept by `save_page` and `save_pages` in the
/// same transaction as the configuration, so the follow-up sweep reads no other page.
pub const FOLLOW_UP_PAGES: &str = "pages:follow_up";

/// The configuration saved by `change` asks for follow-ups.
fn asks_for_follow_ups(change: &PageVersion) -> bool {
    change
        .page
        .as_ref()
        .and_then(|page| page.follow_up_minutes)
        .is_some_and(|minutes| minutes > 0)
}

/// A page's key in lists: `<channel>:<id>`.
pub fn page_member(channel: Channel, id: &str) -> String {
    format!("{channel}:{id}")
}

/// A conversation key back from its `Display` form, `<channel>:<page>:<customer>`.
fn parse_conversation_key(text: &str) -> Option<ConversationKey> {
    // `<channel>:<page>:<customer>`; page ids are digits, so the first two colons split it.
    let (channel, rest) = parse_page_member(text)?;
    let (page_id, customer_id) = rest.split_once(':')?;
    Some(ConversationKey {
        channel,
        page_id: page_id.to_owned(),
        customer_id: customer_id.to_owned(),
    })
}

pub fn parse_page_member(member: &str) -> Option<(Channel, String)> {
    let (channel, id) = member.split_once(':')?;
    let channel = serde_json::from_str(&format!("\"{channel}\"")).ok()?;
    Some((channel, id.to_owned()))
}

fn from_json<T: serde::de::DeserializeOwned>(key: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|source| StoreError::Corrupt {
        key: key.to_owned(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(customer: &str) -> ConversationKey {
        ConversationKey {
            channel: Channel::Messenger,
            page_id: "1".into(),
            customer_id: customer.into(),
        }
    }

    #[test]
    fn claim_names_match_the_whole_conversation_key() {
        let ids = vec![key("c1").to_string()];
        assert!(names_any("auto:messenger:1:c1:faq:hours", &ids));
        assert!(names_any("followup:messenger:1:c1:42", &ids));
        assert!(names_any("crisis:1:1700000000000:messenger:1:c1", &ids));
        assert!(!names_any("auto:messenger:1:c12:faq:hours", &ids));
        assert!(!names_any("auto:messenger:1:xc1:faq", &ids));
        assert!(!names_any("seen:messenger:1:m_c1", &ids));
    }

    #[test]
    fn a_record_is_about_a_customer_by_their_key_or_an_unkeyed_quote() {
        let keys = [key("c1")];
        let texts = vec!["Ahoj".to_owned()];
        let theirs = serde_json::to_string(&key("c1")).unwrap();
        let parked_for_them = format!(r#"{{"id":"r","conversation":{theirs},"text":"x"}}"#);
        let parked_for_another = format!(
            r#"{{"id":"r","conversation":{},"text":"Ahoj"}}"#,
            serde_json::to_string(&key("c2")).unwrap()
        );
        assert!(record_is_about(&theirs, &keys, &texts));
        assert!(record_is_about(&parked_for_them, &keys, &texts));
        assert!(
            !record_is_about(&parked_for_another, &keys, &texts),
            "another customer's reply quoting the same words stays"
        );
        assert!(record_is_about(
            r#"{"id":"s","text":"Ahoj"}"#,
            &keys,
            &texts
        ));
        assert!(!record_is_about(
            r#"{"id":"s","text":"Ahoj!"}"#,
            &keys,
            &texts
        ));
        assert!(!record_is_about("not json", &keys, &texts));
    }
}
