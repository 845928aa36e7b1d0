//! `PrivacyStore` on Redis: finding everything about a customer (their conversation keys,
//! streams, sets, claims by `SCAN`), erasing it in one `MULTI`, and the retention round
//! (`forget_resolved.lua`).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use redis::AsyncCommands;
use redis::streams::StreamRangeReply;
use serde::de::DeserializeOwned;

use super::{Batches, INBOUND, OUTBOX, OUTBOX_LATER, Queue, RedisStore};
use crate::domain::conversation::OutboundReply;
use crate::domain::event::{ConversationKey, Inbound};
use crate::store::conversations::parse_conversation_key;
use crate::store::privacy::{customer_texts, names_any, record_is_about};
use crate::store::{ConversationStore, CustomerRecords, Erased, PrivacyStore, Result, to_json};

/// Removes a resolved conversation that stayed quiet (see the script).
const FORGET_RESOLVED: &str = include_str!("forget_resolved.lua");

/// What a search for one customer found, and where it is kept.
struct FoundCustomer {
    records: CustomerRecords,
    /// How many of the conversations wait in their page's queue.
    queued: u64,
    outbox_ids: Vec<String>,
    /// (partition, member of its `outbox:later`)
    later_members: Vec<(u16, String)>,
    inbound_ids: Vec<String>,
    /// Full keys of one-time claims.
    once_keys: Vec<String>,
    /// (full set key, member)
    set_entries: Vec<(String, String)>,
}

impl RedisStore {
    /// Finds everything kept about the customer behind `keys`, and where it is.
    async fn find_customer(&self, keys: &[ConversationKey]) -> Result<FoundCustomer> {
        let ids: Vec<String> = keys.iter().map(ToString::to_string).collect();
        let conversations = self.read_conversations(&ids).await?;
        let texts = customer_texts(&conversations);
        let linked = self.linked_many(keys).await?;
        let scores = keys
            .iter()
            .map(|key| {
                let queue = self.index_key("queue", &key.page_id);
                let mut score = redis::cmd("ZSCORE");
                score.arg(&queue).arg(key.to_string());
                (queue, vec![score])
            })
            .collect();
        let queued = self
            .read_by_slot(scores)
            .await?
            .iter()
            .filter(|answer| answer.first().is_some_and(|v| *v != redis::Value::Nil))
            .count() as u64;
        // The customer's items wait in the partitions of their conversations' pages.
        let parts: BTreeSet<u16> = keys
            .iter()
            .map(|key| self.layout.partition_of(&key.page_id))
            .collect();
        let about_reply = |reply: &OutboundReply| keys.contains(&reply.conversation);
        let outbox = self.stream_entries(&OUTBOX, &parts, about_reply).await?;
        let inbound = self
            .stream_entries(&INBOUND, &parts, |event: &Inbound| {
                keys.contains(&event.conversation())
            })
            .await?;
        let mut later: Vec<(u16, String, OutboundReply)> = Vec::new();
        for &part in &parts {
            let all: Vec<String> = self
                .conn
                .clone()
                .zrange(self.stream_key(part, OUTBOX_LATER), 0, -1)
                .await?;
            later.extend(all.into_iter().filter_map(|member| {
                let reply: OutboundReply = serde_json::from_str(&member).ok()?;
                about_reply(&reply).then_some((part, member, reply))
            }));
        }
        let once_prefix = self.key("once:");
        let once_keys: Vec<String> = self
            .scan_keys(&self.key("once:*"))
            .await?
            .into_iter()
            .filter(|key| {
                key.strip_prefix(&once_prefix)
                    .is_some_and(|name| names_any(name, &ids))
            })
            .collect();
        let set_prefix = self.config_key("set:");
        let mut set_entries = Vec::new();
        for set in self.scan_keys(&self.config_key("set:*")).await? {
            let members: Vec<String> = self.conn.clone().smembers(&set).await?;
            for member in members {
                if record_is_about(&member, keys, &texts) {
                    set_entries.push((set.clone(), member));
                }
            }
        }
        let records = CustomerRecords {
            conversations,
            links: keys
                .iter()
                .cloned()
                .zip(linked)
                .filter(|(_, linked)| !linked.is_empty())
                .collect(),
            pending_replies: outbox
                .iter()
                .map(|(_, reply)| reply.clone())
                .chain(later.iter().map(|(_, _, reply)| reply.clone()))
                .collect(),
            pending_events: inbound.iter().map(|(_, event)| event.clone()).collect(),
            claims: once_keys
                .iter()
                .filter_map(|key| key.strip_prefix(&once_prefix).map(str::to_owned))
                .collect(),
            set_members: set_entries
                .iter()
                .filter_map(|(set, member)| {
                    set.strip_prefix(&set_prefix)
                        .map(|name| (name.to_owned(), member.clone()))
                })
                .collect(),
        };
        Ok(FoundCustomer {
            records,
            queued,
            outbox_ids: outbox.into_iter().map(|(id, _)| id).collect(),
            later_members: later
                .into_iter()
                .map(|(part, member, _)| (part, member))
                .collect(),
            inbound_ids: inbound.into_iter().map(|(id, _)| id).collect(),
            once_keys,
            set_entries,
        })
    }

    /// The entries of a work-queue stream, in partitions `parts`, whose item is about the
    /// customer; with their entry ids.
    async fn stream_entries<T: DeserializeOwned>(
        &self,
        queue: &Queue,
        parts: &BTreeSet<u16>,
        about: impl Fn(&T) -> bool,
    ) -> Result<Vec<(String, T)>> {
        let mut found = Vec::new();
        for &part in parts {
            let all: StreamRangeReply = self
                .conn
                .clone()
                .xrange_all(self.stream_key(part, queue.stream))
                .await?;
            found.extend(all.ids.into_iter().filter_map(|entry| {
                let text: String = entry.get(queue.field)?;
                let item: T = serde_json::from_str(&text).ok()?;
                about(&item).then_some((self.layout.entry_id(part, &entry.id), item))
            }));
        }
        Ok(found)
    }
}

impl PrivacyStore for RedisStore {
    async fn customer_records(&self, keys: &[ConversationKey]) -> Result<CustomerRecords> {
        Ok(self.find_customer(keys).await?.records)
    }

    async fn erase_customer(&self, keys: &[ConversationKey]) -> Result<Erased> {
        let found = self.find_customer(keys).await?;
        let records = &found.records;
        let mut pairs = BTreeSet::new();
        // One transaction on one server; on a cluster, one per slot (a partition's keys, the
        // configuration's sets, each claim): erasing again finishes an erasure cut short.
        let mut batches = Batches::new(&self.layout);
        for key in keys {
            let conv = self.conv_key(key);
            let member = key.to_string();
            batches
                .on(&conv)
                .del(&[
                    conv.clone(),
                    format!("{conv}:msgs"),
                    format!("{conv}:labels"),
                    format!("{conv}:notes"),
                    self.links_key(key),
                ])
                .ignore();
            for index in ["queue", "recent", "resolved"] {
                let index = self.index_key(index, &key.page_id);
                batches.on(&index).zrem(&index, &member).ignore();
            }
        }
        for (key, linked) in &records.links {
            for other in linked {
                let set = self.links_key(other);
                batches.on(&set).srem(&set, to_json(key)).ignore();
                let (a, b) = (key.to_string(), other.to_string());
                pairs.insert(if a < b { (a, b) } else { (b, a) });
            }
        }
        for once in &found.once_keys {
            batches.on(once).del(once).ignore();
        }
        for (set, member) in &found.set_entries {
            batches.on(set).srem(set, member).ignore();
        }
        for (queue, ids) in [(&OUTBOX, &found.outbox_ids), (&INBOUND, &found.inbound_ids)] {
            for entry_id in ids {
                let (part, stream_id) = self.layout.parse_entry(entry_id)?;
                let stream = self.stream_key(part, queue.stream);
                batches
                    .on(&stream)
                    .xack(&stream, queue.group, &[stream_id])
                    .ignore()
                    .xdel(&stream, &[stream_id])
                    .ignore();
            }
        }
        for (part, member) in &found.later_members {
            let later = self.stream_key(*part, OUTBOX_LATER);
            batches.on(&later).zrem(&later, member).ignore();
        }
        batches.run(&self.conn).await?;
        let count = |n: usize| n as u64;
        Ok(Erased {
            conversations: count(records.conversations.len()),
            messages: count(records.conversations.iter().map(|c| c.messages.len()).sum()),
            notes: count(records.conversations.iter().map(|c| c.notes.len()).sum()),
            links: count(pairs.len()),
            queue_entries: found.queued,
            replies: count(records.pending_replies.len()),
            events: count(records.pending_events.len()),
            claims: count(found.once_keys.len()),
            set_members: count(found.set_entries.len()),
        })
    }

    async fn forget_resolved(
        &self,
        page_id: &str,
        before: DateTime<Utc>,
        max: usize,
    ) -> Result<Erased> {
        let index = self.index_key("resolved", page_id);
        let members: Vec<String> = redis::cmd("ZRANGEBYSCORE")
            .arg(&index)
            .arg("-inf")
            .arg(before.timestamp_millis())
            .arg("LIMIT")
            .arg(0)
            .arg(max)
            .query_async(&mut self.conn.clone())
            .await?;
        let mut erased = Erased::default();
        if members.is_empty() {
            return Ok(erased);
        }
        let mut pipe = redis::pipe();
        for member in &members {
            let conv = match parse_conversation_key(member) {
                Some(key) => self.conv_key(&key),
                None => self.page_key(page_id, &format!("conv:{member}")),
            };
            pipe.cmd("HMGET").arg(conv).arg("status").arg("updated_at");
        }
        let standings: Vec<(Option<String>, Option<String>)> =
            pipe.query_async(&mut self.conn.clone()).await?;
        for (member, (status, updated_at)) in members.iter().zip(standings) {
            let updated = updated_at.as_deref().and_then(|t| {
                DateTime::parse_from_rfc3339(t)
                    .ok()
                    .map(|t| t.with_timezone(&Utc))
            });
            match (status.as_deref(), updated) {
                // Heard of again while resolved (a courtesy): kept from that time on.
                (Some("resolved"), Some(updated)) if updated > before => {
                    let _: () = self
                        .conn
                        .clone()
                        .zadd(&index, member, updated.timestamp_millis())
                        .await?;
                }
                (Some("resolved"), Some(_)) => {
                    let Some(key) = parse_conversation_key(member) else {
                        continue;
                    };
                    let conv = self.conv_key(&key);
                    // The linked contacts' sets may be in other slots: they drop this
                    // conversation after it is gone (a link to nothing is harmless).
                    let linked = self.linked(&key).await?;
                    let removed: Vec<u64> = redis::cmd("EVAL")
                        .arg(FORGET_RESOLVED)
                        .arg(8)
                        .arg(&conv)
                        .arg(format!("{conv}:msgs"))
                        .arg(format!("{conv}:labels"))
                        .arg(format!("{conv}:notes"))
                        .arg(self.links_key(&key))
                        .arg(self.index_key("queue", page_id))
                        .arg(self.index_key("recent", page_id))
                        .arg(&index)
                        .arg(member)
                        .arg(updated_at.as_deref().unwrap_or_default())
                        .query_async(&mut self.conn.clone())
                        .await?;
                    if let [1, messages, notes, links, queued] = removed[..] {
                        let mut batches = Batches::new(&self.layout);
                        for other in &linked {
                            let set = self.links_key(other);
                            batches.on(&set).srem(&set, to_json(&key)).ignore();
                        }
                        batches.run(&self.conn).await?;
                        erased.add(&Erased {
                            conversations: 1,
                            messages,
                            notes,
                            links,
                            queue_entries: queued,
                            ..Erased::default()
                        });
                    }
                }
                // Reopened (or gone): out of the index until it is resolved again.
                _ => {
                    let _: () = self.conn.clone().zrem(&index, member).await?;
                }
            }
        }
        Ok(erased)
    }
}
