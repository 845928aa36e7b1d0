//! The conversations of the human queue: `ConversationStore` (the queue and its order,
//! a person's changes, notes, labels, replies from outside an event, links between
//! contacts) and the queue's order (`queue_score`).

use std::future::Future;

use chrono::{DateTime, Utc};

use super::pages::parse_page_member;
use super::{AnyStore, Result};
use crate::domain::conversation::{Change, ChangeError, Conversation, Note, OutboundReply};
use crate::domain::event::ConversationKey;
use crate::domain::policy::Priority;
use crate::live::Happened;

/// How far ahead of normal ones a high-priority conversation sorts in the queue, and how far
/// behind them a low-priority one (ms).
const PRIORITY_LEAD_MS: i64 = 1_000_000_000_000;

/// The queue position of a conversation: by time, high priority first, low priority last.
pub(super) fn queue_score(at: DateTime<Utc>, priority: Priority) -> i64 {
    match priority {
        Priority::Low => at.timestamp_millis() + PRIORITY_LEAD_MS,
        Priority::Normal => at.timestamp_millis(),
        Priority::High => at.timestamp_millis() - PRIORITY_LEAD_MS,
    }
}

/// The result of a person's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed {
    Done,
    Refused(ChangeError),
    NotFound,
}

/// How many of a page's latest conversations `recent_conversations` can list.
pub const RECENT_KEPT: usize = 1000;

/// A conversation key back from its `Display` form, `<channel>:<page>:<customer>`.
pub(super) fn parse_conversation_key(text: &str) -> Option<ConversationKey> {
    // `<channel>:<page>:<customer>`; page ids are digits, so the first two colons split it.
    let (channel, rest) = parse_page_member(text)?;
    let (page_id, customer_id) = rest.split_once(':')?;
    Some(ConversationKey {
        channel,
        page_id: page_id.to_owned(),
        customer_id: customer_id.to_owned(),
    })
}

/// The human queue and what people do to its conversations.
pub trait ConversationStore: Send + Sync {
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
}

/// Dispatches to the backend; publishes the changes that succeeded on the live bus.
impl ConversationStore for AnyStore {
    async fn queue(&self, page_id: &str) -> Result<Vec<Conversation>> {
        dispatch!(self, s => s.queue(page_id))
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
    async fn conversation(&self, key: &ConversationKey) -> Result<Option<Conversation>> {
        dispatch!(self, s => s.conversation(key))
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
}
