//! `ConversationStore` on Redis: the page queues and recent indexes, a person's changes as Lua
//! scripts mirroring `domain::conversation`, notes, labels, links.

use chrono::{DateTime, Utc};
use redis::AsyncCommands;

use super::{Batches, OUTBOX, RedisStore};
use crate::domain::conversation::{
    Change, ChangeError, Conversation, Delivery, Note, OutboundReply,
};
use crate::domain::event::ConversationKey;
use crate::domain::policy::Priority;
use crate::store::conversations::queue_score;
use crate::store::{Changed, ConversationStore, RECENT_KEPT, Result, from_json, to_json};

/// `Conversation::apply`, in Lua. KEYS: conversation hash, page queue, page resolved index.
/// ARGV: change, person, now (RFC 3339), queue member, queue score (now in ms, also the
/// resolution's score in the index). Returns {"done"}, {"held", holder},
/// {"resolved"} or {"missing"}.
const APPLY_CHANGE: &str = include_str!("apply_change.lua");

/// An outbound message with, for a person's reply, `Conversation::on_staff_reply`, in Lua:
/// the message, the outbox entry and the state together. KEYS: conversation hash, its
/// messages, the outbox stream. ARGV: person ('' for the bot), now, message id, message JSON,
/// outbox field, reply JSON. Returns 0 for a missing conversation.
const OUTBOUND: &str = include_str!("outbound.lua");

impl ConversationStore for RedisStore {
    async fn queue(&self, page_id: &str) -> Result<Vec<Conversation>> {
        let ids: Vec<String> = self
            .conn
            .clone()
            .zrange(self.index_key("queue", page_id), 0, -1)
            .await?;
        self.read_conversations(&ids).await
    }

    async fn recent_conversations(&self, page_id: &str, max: usize) -> Result<Vec<Conversation>> {
        let last = isize::try_from(max.min(RECENT_KEPT)).unwrap_or(0) - 1;
        if last < 0 {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = self
            .conn
            .clone()
            .zrevrange(self.index_key("recent", page_id), 0, last)
            .await?;
        self.read_conversations(&ids).await
    }

    async fn queue_depth(&self, page_id: &str) -> Result<usize> {
        let queue = self.index_key("queue", page_id);
        Ok(self.conn.clone().zcard(queue).await?)
    }

    async fn change_conversation(
        &self,
        key: &ConversationKey,
        change: &Change,
        now: DateTime<Utc>,
    ) -> Result<Changed> {
        let (name, person) = match change {
            Change::Claim { staff } => ("claim", staff.as_str()),
            Change::Assign { to } => ("assign", to.as_str()),
            Change::Release => ("release", ""),
            Change::Resolve => ("resolve", ""),
            Change::Reopen => ("reopen", ""),
        };
        let answer: Vec<String> = redis::cmd("EVAL")
            .arg(APPLY_CHANGE)
            .arg(3)
            .arg(self.conv_key(key))
            .arg(self.index_key("queue", &key.page_id))
            .arg(self.index_key("resolved", &key.page_id))
            .arg(name)
            .arg(person)
            .arg(now.to_rfc3339())
            .arg(key.to_string())
            .arg(queue_score(now, Priority::Normal))
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(match answer.first().map(String::as_str) {
            Some("done") => Changed::Done,
            Some("held") => Changed::Refused(ChangeError::HeldBy(
                answer.get(1).cloned().unwrap_or_default(),
            )),
            Some("resolved") => Changed::Refused(ChangeError::Resolved),
            _ => Changed::NotFound,
        })
    }

    async fn assignee(&self, key: &ConversationKey) -> Result<Option<String>> {
        Ok(self
            .conn
            .clone()
            .hget(self.conv_key(key), "assignee")
            .await?)
    }

    async fn add_note(&self, key: &ConversationKey, note: &Note) -> Result<bool> {
        let conv = self.conv_key(key);
        let mut conn = self.conn.clone();
        if !conn.exists::<_, bool>(&conv).await? {
            return Ok(false);
        }
        let _: () = conn.rpush(format!("{conv}:notes"), to_json(note)).await?;
        Ok(true)
    }

    async fn change_labels(
        &self,
        key: &ConversationKey,
        add: &[String],
        remove: &[String],
    ) -> Result<bool> {
        let conv = self.conv_key(key);
        let mut conn = self.conn.clone();
        if !conn.exists::<_, bool>(&conv).await? {
            return Ok(false);
        }
        let labels = format!("{conv}:labels");
        let mut pipe = redis::pipe();
        pipe.atomic();
        if !add.is_empty() {
            pipe.sadd(&labels, add).ignore();
        }
        if !remove.is_empty() {
            pipe.srem(&labels, remove).ignore();
        }
        pipe.query_async::<()>(&mut conn).await?;
        Ok(true)
    }

    async fn commit_outbound(&self, reply: &OutboundReply) -> Result<bool> {
        let conv = self.conv_key(&reply.conversation);
        let message = reply.as_message(Delivery::Pending);
        let done: i64 = redis::cmd("EVAL")
            .arg(OUTBOUND)
            .arg(3)
            .arg(&conv)
            .arg(format!("{conv}:msgs"))
            .arg(self.stream_key(
                self.layout.partition_of(&reply.conversation.page_id),
                OUTBOX.stream,
            ))
            .arg(reply.by.as_deref().unwrap_or_default())
            .arg(reply.created_at.to_rfc3339())
            .arg(&message.id)
            .arg(to_json(&message))
            .arg(OUTBOX.field)
            .arg(to_json(reply))
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(done == 1)
    }

    async fn conversation(&self, key: &ConversationKey) -> Result<Option<Conversation>> {
        Ok(self.read_conversations(&[key.to_string()]).await?.pop())
    }

    async fn set_link(&self, a: &ConversationKey, b: &ConversationKey, linked: bool) -> Result<()> {
        // One transaction on one server; on a cluster, one per side when the pages' partitions
        // differ.
        let mut batches = Batches::new(&self.layout);
        for (from, to) in [(a, b), (b, a)] {
            let set = self.links_key(from);
            let pipe = batches.on(&set);
            if linked {
                pipe.sadd(&set, to_json(to)).ignore();
            } else {
                pipe.srem(&set, to_json(to)).ignore();
            }
        }
        batches.run(&self.conn).await
    }

    async fn linked(&self, key: &ConversationKey) -> Result<Vec<ConversationKey>> {
        let set = self.links_key(key);
        let members: Vec<String> = self.conn.clone().smembers(&set).await?;
        let mut linked = members
            .iter()
            .map(|m| from_json(&set, m))
            .collect::<Result<Vec<ConversationKey>>>()?;
        linked.sort_by_key(ToString::to_string);
        Ok(linked)
    }

    async fn linked_many(&self, keys: &[ConversationKey]) -> Result<Vec<Vec<ConversationKey>>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let sets: Vec<String> = keys.iter().map(|key| self.links_key(key)).collect();
        let reads = sets
            .iter()
            .map(|set| {
                let mut read = redis::cmd("SMEMBERS");
                read.arg(set);
                (set.clone(), vec![read])
            })
            .collect();
        let answers = self.read_by_slot(reads).await?;
        sets.iter()
            .zip(answers)
            .map(|(set, answer)| {
                let members: Vec<String> = match answer.first() {
                    Some(value) => super::parse(value)?,
                    None => Vec::new(),
                };
                let mut linked = members
                    .iter()
                    .map(|m| from_json(set, m))
                    .collect::<Result<Vec<ConversationKey>>>()?;
                linked.sort_by_key(ToString::to_string);
                Ok(linked)
            })
            .collect()
    }
}
