//! `PrivacyStore` on Redis: finding everything about a customer (their conversation keys,
//! streams, sets, claims by `SCAN`), erasing it in one `MULTI`, and the retention round
//! (`forget_resolved.lua`).

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use redis::AsyncCommands;
use redis::streams::StreamRangeReply;
use serde::de::DeserializeOwned;

use super::{INBOUND, OUTBOX, OUTBOX_LATER, Queue, RedisStore};
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
    later_members: Vec<String>,
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
        let mut pipe = redis::pipe();
        for key in keys {
            pipe.zscore(self.key(&format!("queue:{}", key.page_id)), key.to_string());
        }
        let scores: Vec<Option<f64>> = pipe.query_async(&mut self.conn.clone()).await?;
        let queued = scores.iter().filter(|s| s.is_some()).count() as u64;
        let about_reply = |reply: &OutboundReply| keys.contains(&reply.conversation);
        let outbox = self.stream_entries(&OUTBOX, about_reply).await?;
        let inbound = self
            .stream_entries(&INBOUND, |event: &Inbound| {
                keys.contains(&event.conversation())
            })
            .await?;
        let later_all: Vec<String> = self
            .conn
            .clone()
            .zrange(self.key(OUTBOX_LATER), 0, -1)
            .await?;
        let later: Vec<(String, OutboundReply)> = later_all
            .into_iter()
            .filter_map(|member| {
                let reply: OutboundReply = serde_json::from_str(&member).ok()?;
                about_reply(&reply).then_some((member, reply))
            })
            .collect();
        let once_prefix = self.key("once:");
        let once_keys: Vec<String> = self
            .scan_keys("once:*")
            .await?
            .into_iter()
            .filter(|key| {
                key.strip_prefix(&once_prefix)
                    .is_some_and(|name| names_any(name, &ids))
            })
            .collect();
        let set_prefix = self.key("set:");
        let mut set_entries = Vec::new();
        for set in self.scan_keys("set:*").await? {
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
                .chain(later.iter().map(|(_, reply)| reply.clone()))
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
            later_members: later.into_iter().map(|(member, _)| member).collect(),
            inbound_ids: inbound.into_iter().map(|(id, _)| id).collect(),
            once_keys,
            set_entries,
        })
    }

    /// The entries of a work-queue stream whose item is about the customer.
    async fn stream_entries<T: DeserializeOwned>(
        &self,
        queue: &Queue,
        about: impl Fn(&T) -> bool,
    ) -> Result<Vec<(String, T)>> {
        let all: StreamRangeReply = self.conn.clone().xrange_all(self.key(queue.stream)).await?;
        Ok(all
            .ids
            .into_iter()
            .filter_map(|entry| {
                let text: String = entry.get(queue.field)?;
                let item: T = serde_json::from_str(&text).ok()?;
                about(&item).then_some((entry.id, item))
            })
            .collect())
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
        let mut pipe = redis::pipe();
        pipe.atomic();
        for key in keys {
            let conv = self.conv_key(key);
            let member = key.to_string();
            pipe.del(&[
                conv.clone(),
                format!("{conv}:msgs"),
                format!("{conv}:labels"),
                format!("{conv}:notes"),
                self.key(&format!("links:{key}")),
            ])
            .ignore();
            for index in ["queue", "recent", "resolved"] {
                pipe.zrem(self.key(&format!("{index}:{}", key.page_id)), &member)
                    .ignore();
            }
        }
        for (key, linked) in &records.links {
            for other in linked {
                pipe.srem(self.key(&format!("links:{other}")), to_json(key))
                    .ignore();
                let (a, b) = (key.to_string(), other.to_string());
                pairs.insert(if a < b { (a, b) } else { (b, a) });
            }
        }
        if !found.once_keys.is_empty() {
            pipe.del(&found.once_keys).ignore();
        }
        for (set, member) in &found.set_entries {
            pipe.srem(set, member).ignore();
        }
        for (queue, ids) in [(&OUTBOX, &found.outbox_ids), (&INBOUND, &found.inbound_ids)] {
            if !ids.is_empty() {
                let stream = self.key(queue.stream);
                pipe.xack(&stream, queue.group, ids)
                    .ignore()
                    .xdel(&stream, ids)
                    .ignore();
            }
        }
        if !found.later_members.is_empty() {
            pipe.zrem(self.key(OUTBOX_LATER), &found.later_members)
                .ignore();
        }
        pipe.query_async::<()>(&mut self.conn.clone()).await?;
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
        let index = self.key(&format!("resolved:{page_id}"));
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
            pipe.cmd("HMGET")
                .arg(self.key(&format!("conv:{member}")))
                .arg("status")
                .arg("updated_at");
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
                    let conv = self.key(&format!("conv:{member}"));
                    let removed: Vec<u64> = redis::cmd("EVAL")
                        .arg(FORGET_RESOLVED)
                        .arg(8)
                        .arg(&conv)
                        .arg(format!("{conv}:msgs"))
                        .arg(format!("{conv}:labels"))
                        .arg(format!("{conv}:notes"))
                        .arg(self.key(&format!("links:{member}")))
                        .arg(self.key(&format!("queue:{page_id}")))
                        .arg(self.key(&format!("recent:{page_id}")))
                        .arg(&index)
                        .arg(member)
                        .arg(updated_at.as_deref().unwrap_or_default())
                        .arg(&self.prefix)
                        .arg(to_json(&key))
                        .query_async(&mut self.conn.clone())
                        .await?;
                    if let [1, messages, notes, links, queued] = removed[..] {
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
