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

/// How far ahead of normal ones a high-priority conversation sorts in the queue (ms).
const HIGH_PRIORITY_LEAD_MS: i64 = 1_000_000_000_000;

/// The queue position of a conversation: by time, high priority first.
fn queue_score(at: DateTime<Utc>, priority: Priority) -> i64 {
    match priority {
        Priority::Normal => at.timestamp_millis(),
        Priority::High => at.timestamp_millis() - HIGH_PRIORITY_LEAD_MS,
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
            StoreError::Embedded(_) | StoreError::Corrupt { .. } | StoreError::Task(_) => false,
        }
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
    /// When the oldest of them was recorded, where the backend knows (Redis stream ids).
    pub oldest_event_recorded_at: Option<DateTime<Utc>>,
    /// Replies ready to send (or being sent).
    pub replies_ready: u64,
    /// Replies waiting for their next attempt.
    pub replies_deferred: u64,
}

/// The two work queues: recorded events for the worker, replies for the sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkQueue {
    Events,
    Replies,
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

    fn changed(&self, key: &ConversationKey, what: Happened) {
        self.live().publish(LiveUpdate::conversation(key, what));
    }
}

/// Dispatches, and publishes each change that succeeded on the live bus.
impl Store for AnyStore {
    async fn save_page(&self, channel: Channel, id: &str, change: &PageVersion) -> Result<u64> {
        let version = dispatch!(self, s => s.save_page(channel, id, change))?;
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
        dispatch!(self, s => s.page_versions(channel, id))
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
        dispatch!(self, s => s.get_value(key))
    }
    async fn put_value(&self, key: &str, value: &str) -> Result<()> {
        dispatch!(self, s => s.put_value(key, value))
    }
    async fn put_value_expiring(&self, key: &str, value: &str, ttl: Duration) -> Result<()> {
        dispatch!(self, s => s.put_value_expiring(key, value, ttl))
    }
    async fn delete_value(&self, key: &str) -> Result<bool> {
        dispatch!(self, s => s.delete_value(key))
    }
    async fn count_up(&self, key: &str, ttl: Duration) -> Result<u64> {
        dispatch!(self, s => s.count_up(key, ttl))
    }
    async fn load_page(&self, channel: Channel, id: &str) -> Result<Option<PageFile>> {
        dispatch!(self, s => s.load_page(channel, id))
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
    async fn figures(
        &self,
        page_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(DayKey, DayFigures)>> {
        dispatch!(self, s => s.figures(page_id, from, to))
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
