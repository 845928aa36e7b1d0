//! A customer's data in the store: `PrivacyStore` (everything about one customer, its
//! erasure, the retention of resolved conversations), what they return (`CustomerRecords`,
//! `Erased`) and how a stored record is recognised as the customer's.

use std::future::Future;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{AnyStore, Result};
use crate::domain::conversation::{Conversation, OutboundReply};
use crate::domain::event::{ConversationKey, Inbound};
use crate::live::Happened;

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
pub(super) fn names_any(name: &str, conversations: &[String]) -> bool {
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
pub(super) fn record_is_about(record: &str, keys: &[ConversationKey], texts: &[String]) -> bool {
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
pub(super) fn customer_texts(conversations: &[Conversation]) -> Vec<String> {
    conversations
        .iter()
        .flat_map(|c| &c.messages)
        .filter(|m| m.author == crate::domain::conversation::Author::Customer)
        .map(|m| m.text.clone())
        .filter(|t| !t.trim().is_empty())
        .collect()
}

/// Everything about one customer: listed, erased; resolved conversations forgotten.
pub trait PrivacyStore: Send + Sync {
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

/// Dispatches to the backend (no customer keys, nothing to ask it); publishes an erasure on
/// the live bus.
impl PrivacyStore for AnyStore {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::Channel;

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
