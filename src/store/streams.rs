//! The two durable work queues, recorded events for the worker and replies for the sender:
//! `StreamStore`, what a consumer claims (`Claimed`), an event's atomic outcome
//! (`EventOutcome`) and the `Backlog` for `/metrics`.

use std::future::Future;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{AnyStore, Result};
use crate::domain::conversation::{Delivery, Message, OutboundReply, Turn};
use crate::domain::event::{ConversationKey, Inbound};
use crate::domain::figures::Recorded;
use crate::domain::policy::Priority;
use crate::live::Happened;

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

/// The work queues: record, claim, renew, release and commit events and replies.
pub trait StreamStore: Send + Sync {
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
    /// How many lanes the queues are read in: each lane is claimed on its own, so a worker
    /// runs one loop per lane, and one conversation's items are always in the same lane
    /// (a Redis Cluster's partitions; one elsewhere).
    fn lanes(&self) -> usize {
        1
    }
    /// `claim_events` in one lane only.
    fn claim_events_in(
        &self,
        lane: usize,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> impl Future<Output = Result<Vec<Claimed<Inbound>>>> + Send {
        let _ = lane;
        self.claim_events(consumer, max, wait)
    }
    /// Applies the outcome of a claimed event (if any) and removes the event from the queue.
    fn commit_event(
        &self,
        entry_id: &str,
        outcome: Option<&EventOutcome>,
    ) -> impl Future<Output = Result<()>> + Send;

    /// Up to `max` replies to send, like `claim_events`.
    fn claim_replies(
        &self,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> impl Future<Output = Result<Vec<Claimed<OutboundReply>>>> + Send;
    /// `claim_replies` in one lane only.
    fn claim_replies_in(
        &self,
        lane: usize,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> impl Future<Output = Result<Vec<Claimed<OutboundReply>>>> + Send {
        let _ = lane;
        self.claim_replies(consumer, max, wait)
    }
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
}

/// Dispatches to the backend; publishes the changes that succeeded on the live bus.
impl StreamStore for AnyStore {
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
    fn lanes(&self) -> usize {
        match self {
            AnyStore::Redis(s) => s.lanes(),
            AnyStore::Embedded(s) => s.lanes(),
        }
    }
    async fn claim_events_in(
        &self,
        lane: usize,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<Inbound>>> {
        dispatch!(self, s => s.claim_events_in(lane, consumer, max, wait))
    }
    async fn commit_event(&self, entry_id: &str, outcome: Option<&EventOutcome>) -> Result<()> {
        dispatch!(self, s => s.commit_event(entry_id, outcome))?;
        if let Some(outcome) = outcome {
            self.changed(&outcome.conversation, Happened::Message);
        }
        Ok(())
    }
    async fn claim_replies(
        &self,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<OutboundReply>>> {
        dispatch!(self, s => s.claim_replies(consumer, max, wait))
    }
    async fn claim_replies_in(
        &self,
        lane: usize,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<OutboundReply>>> {
        dispatch!(self, s => s.claim_replies_in(lane, consumer, max, wait))
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
}
