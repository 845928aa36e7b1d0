//! `StreamStore` on Redis: the `inbound` and `outbox` streams with their consumer groups, the
//! deferred set, the dead list, and an event's outcome in one `MULTI` with its `XACK`.

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use redis::streams::{
    StreamAutoClaimOptions, StreamAutoClaimReply, StreamId, StreamRangeReply, StreamReadOptions,
    StreamReadReply,
};
use serde::de::DeserializeOwned;

use super::{INBOUND, OUTBOX, OUTBOX_LATER, Queue, RedisStore};
use crate::domain::conversation::{
    DELIVERY_FAILED, Delivery, OutboundReply, Status, Turn, UNANSWERED_FOR_PRIORITY,
};
use crate::domain::event::Inbound;
use crate::domain::policy::Priority;
use crate::store::conversations::queue_score;
use crate::store::{
    Backlog, Claimed, EventOutcome, RECENT_KEPT, Result, StreamStore, WorkQueue, to_json,
};

/// `Conversation::on_customer_message`, in Lua. KEYS: the conversation hash, the page queue.
/// ARGV: queue member, its high-priority score, the unanswered count that raises priority.
const ON_CUSTOMER_MESSAGE: &str = include_str!("on_customer_message.lua");

/// The priority part of `Conversation::on_event` (with `Conversation::opened` for a new
/// conversation), in Lua: raise only; no `priority` field means normal. KEYS: the
/// conversation hash. ARGV: the event's priority.
const RAISE_PRIORITY: &str = include_str!("raise_priority.lua");

/// `Conversation::on_staff_reply` for a person answering outside frontdesk, in Lua. KEYS: the
/// conversation hash. ARGV: the person.
const ON_OUTSIDE_ANSWER: &str = include_str!("on_outside_answer.lua");

/// Moves due replies from the deferred set to the outbox stream. KEYS: the set, the stream.
/// ARGV: now (unix ms), how many at most, the stream's field.
const PROMOTE_DUE: &str = include_str!("promote_due.lua");

/// `Conversation::on_delivery_failed`, in Lua. KEYS: the conversation hash, the page queue,
/// the labels set. ARGV: queue member, queue score, label.
const DELIVERY_FAILED_SCRIPT: &str = include_str!("delivery_failed.lua");

/// Sets the idle time of the pending entries this consumer still holds: 0 renews them, the
/// reclaim time hands them back. KEYS: the stream. ARGV: group, consumer, idle ms, ids...
const SET_IDLE: &str = include_str!("set_idle.lua");

impl RedisStore {
    async fn claim<T: DeserializeOwned>(
        &self,
        queue: &Queue,
        mut reader: ConnectionManager,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<T>>> {
        let key = self.key(queue.stream);
        let mut conn = self.conn.clone();
        let autoclaim = || StreamAutoClaimOptions::default().count(max);
        let idle = self.reclaim_after.as_millis() as u64;
        let abandoned: StreamAutoClaimReply = match conn
            .xautoclaim_options(&key, queue.group, consumer, idle, "0-0", autoclaim())
            .await
        {
            // Redis lost the stream and its group (a restart without its data, a flush):
            // what is recorded from now on goes to a new stream, which needs the group again.
            Err(e) if e.code() == Some("NOGROUP") => {
                tracing::warn!(
                    stream = queue.stream,
                    "consumer group missing (Redis lost its data?); created again"
                );
                self.create_group(queue).await?;
                conn.xautoclaim_options(&key, queue.group, consumer, idle, "0-0", autoclaim())
                    .await?
            }
            other => other?,
        };
        let entries = if abandoned.claimed.is_empty() {
            let mut options = StreamReadOptions::default()
                .group(queue.group, consumer)
                .count(max);
            // BLOCK 0 would wait forever; no wait means no BLOCK at all.
            if !wait.is_zero() {
                options = options.block(wait.as_millis() as usize);
            }
            let fresh: Option<StreamReadReply> =
                match reader.xread_options(&[&key], &[">"], &options).await {
                    // Lost since the claim above: the next round reads the new group.
                    Err(e) if e.code() == Some("NOGROUP") => {
                        self.create_group(queue).await?;
                        None
                    }
                    other => other?,
                };
            fresh
                .map(|reply| reply.keys.into_iter().flat_map(|k| k.ids).collect())
                .unwrap_or_default()
        } else {
            abandoned.claimed
        };
        let mut claimed = Vec::with_capacity(entries.len());
        for entry in entries {
            match self.decode(queue, &entry) {
                Some(item) => claimed.push(Claimed {
                    entry_id: entry.id,
                    item,
                }),
                None => self.bury(queue, &entry).await?,
            }
        }
        Ok(claimed)
    }

    /// A transaction (`MULTI`) that records where a reply stands (its message in the
    /// conversation, replaced by id) and removes its outbox entry; callers add what else
    /// happens with it.
    fn take_off_outbox(
        &self,
        entry_id: &str,
        reply: &OutboundReply,
        delivery: &Delivery,
    ) -> redis::Pipeline {
        let conv = self.conv_key(&reply.conversation);
        let stream = self.key(OUTBOX.stream);
        let message = reply.as_message(delivery.clone());
        let mut pipe = redis::pipe();
        pipe.atomic()
            .hset(format!("{conv}:msgs"), &message.id, to_json(&message))
            .ignore()
            .xack(&stream, OUTBOX.group, &[entry_id])
            .ignore()
            .xdel(&stream, &[entry_id])
            .ignore();
        pipe
    }

    /// Sets the idle time of entries `consumer` still holds (see `SET_IDLE`).
    async fn set_idle(
        &self,
        queue: WorkQueue,
        consumer: &str,
        entry_ids: &[String],
        idle_ms: u64,
    ) -> Result<()> {
        if entry_ids.is_empty() {
            return Ok(());
        }
        let queue = queue.queue();
        redis::cmd("EVAL")
            .arg(SET_IDLE)
            .arg(1)
            .arg(self.key(queue.stream))
            .arg(queue.group)
            .arg(consumer)
            .arg(idle_ms)
            .arg(entry_ids)
            .query_async::<()>(&mut self.conn.clone())
            .await?;
        Ok(())
    }

    fn decode<T: DeserializeOwned>(&self, queue: &Queue, entry: &StreamId) -> Option<T> {
        let text: String = entry.get(queue.field)?;
        match serde_json::from_str(&text) {
            Ok(item) => Some(item),
            Err(e) => {
                tracing::error!(stream = queue.stream, id = %entry.id, error = %e, "unreadable entry");
                None
            }
        }
    }

    /// Moves an unreadable entry to the dead-letter list, so it neither blocks the queue nor
    /// disappears.
    async fn bury(&self, queue: &Queue, entry: &StreamId) -> Result<()> {
        let raw: HashMap<String, String> = entry
            .map
            .iter()
            .filter_map(|(k, v)| {
                redis::from_redis_value::<String>(v.clone())
                    .ok()
                    .map(|v| (k.clone(), v))
            })
            .collect();
        let dead = serde_json::json!({ "stream": queue.stream, "id": entry.id, "fields": raw });
        let key = self.key(queue.stream);
        redis::pipe()
            .atomic()
            .rpush(self.key("dead"), dead.to_string())
            .xack(&key, queue.group, &[&entry.id])
            .xdel(&key, &[&entry.id])
            .query_async::<()>(&mut self.conn.clone())
            .await?;
        Ok(())
    }
}

impl StreamStore for RedisStore {
    async fn record_events(&self, events: &[Inbound]) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        let key = self.key(INBOUND.stream);
        let mut pipe = redis::pipe();
        for event in events {
            pipe.xadd(&key, "*", &[(INBOUND.field, to_json(event))])
                .ignore();
        }
        pipe.query_async::<()>(&mut self.conn.clone()).await?;
        Ok(())
    }

    async fn claim_events(
        &self,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<Inbound>>> {
        self.claim(&INBOUND, self.inbound_reader.clone(), consumer, max, wait)
            .await
    }

    async fn commit_event(&self, entry_id: &str, outcome: Option<&EventOutcome>) -> Result<()> {
        let stream = self.key(INBOUND.stream);
        let mut pipe = redis::pipe();
        pipe.atomic();
        if let Some(outcome) = outcome {
            let conv = self.conv_key(&outcome.conversation);
            let at = outcome.at.to_rfc3339();
            let key = &outcome.conversation;
            // Before anything creates the hash: a new conversation takes the event's priority.
            pipe.cmd("EVAL")
                .arg(RAISE_PRIORITY)
                .arg(1)
                .arg(&conv)
                .arg(outcome.priority.as_str())
                .ignore();
            pipe.hset_nx(&conv, "created_at", &at)
                .ignore()
                .hset_multiple(
                    &conv,
                    &[
                        ("channel", key.channel.as_str()),
                        ("page_id", key.page_id.as_str()),
                        ("customer_id", key.customer_id.as_str()),
                        ("updated_at", at.as_str()),
                    ],
                )
                .ignore();
            let queue = self.key(&format!("queue:{}", key.page_id));
            match &outcome.turn {
                Turn::Customer => {
                    pipe.cmd("EVAL")
                        .arg(ON_CUSTOMER_MESSAGE)
                        .arg(2)
                        .arg(&conv)
                        .arg(&queue)
                        .arg(key.to_string())
                        .arg(queue_score(outcome.at, Priority::High))
                        .arg(UNANSWERED_FOR_PRIORITY)
                        .ignore();
                }
                Turn::Aside => {
                    pipe.hset_nx(&conv, "status", Status::New.as_str()).ignore();
                }
                Turn::Outside { by } => {
                    pipe.cmd("EVAL")
                        .arg(ON_OUTSIDE_ANSWER)
                        .arg(1)
                        .arg(&conv)
                        .arg(by)
                        .ignore();
                }
            }
            if !outcome.labels.is_empty() {
                pipe.sadd(format!("{conv}:labels"), &outcome.labels)
                    .ignore();
            }
            for message in &outcome.messages {
                pipe.hset(format!("{conv}:msgs"), &message.id, to_json(message))
                    .ignore();
            }
            if outcome.escalate {
                let queue = self.key(&format!("queue:{}", key.page_id));
                // LT: a conversation keeps its place in the queue unless it moves up.
                pipe.cmd("ZADD")
                    .arg(&queue)
                    .arg("LT")
                    .arg(queue_score(outcome.at, outcome.priority))
                    .arg(key.to_string())
                    .ignore();
            }
            let recent = self.key(&format!("recent:{}", key.page_id));
            pipe.zadd(&recent, key.to_string(), outcome.at.timestamp_millis())
                .ignore()
                .zremrangebyrank(&recent, 0, -(RECENT_KEPT as isize) - 1)
                .ignore();
            self.add_figures(&mut pipe, &outcome.figures);
            if let Some(reply) = &outcome.reply {
                pipe.xadd(
                    self.key(OUTBOX.stream),
                    "*",
                    &[(OUTBOX.field, to_json(reply))],
                )
                .ignore();
            }
        }
        pipe.xack(&stream, INBOUND.group, &[entry_id])
            .ignore()
            .xdel(&stream, &[entry_id])
            .ignore();
        pipe.query_async::<()>(&mut self.conn.clone()).await?;
        Ok(())
    }

    async fn claim_replies(
        &self,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<OutboundReply>>> {
        self.claim(&OUTBOX, self.outbox_reader.clone(), consumer, max, wait)
            .await
    }

    async fn defer_reply(
        &self,
        entry_id: &str,
        reply: &OutboundReply,
        not_before: DateTime<Utc>,
        delivery: &Delivery,
    ) -> Result<()> {
        let mut pipe = self.take_off_outbox(entry_id, reply, delivery);
        pipe.zadd(
            self.key(OUTBOX_LATER),
            to_json(reply),
            not_before.timestamp_millis(),
        )
        .ignore()
        .query_async::<()>(&mut self.conn.clone())
        .await?;
        Ok(())
    }

    async fn promote_due_replies(&self, now: DateTime<Utc>, max: usize) -> Result<usize> {
        let moved: usize = redis::cmd("EVAL")
            .arg(PROMOTE_DUE)
            .arg(2)
            .arg(self.key(OUTBOX_LATER))
            .arg(self.key(OUTBOX.stream))
            .arg(now.timestamp_millis())
            .arg(max)
            .arg(OUTBOX.field)
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(moved)
    }

    async fn next_deferred_reply(&self) -> Result<Option<DateTime<Utc>>> {
        let first: Vec<(String, i64)> = self
            .conn
            .clone()
            .zrange_withscores(self.key(OUTBOX_LATER), 0, 0)
            .await?;
        Ok(first
            .first()
            .and_then(|(_, ms)| DateTime::from_timestamp_millis(*ms)))
    }

    async fn backlog(&self) -> Result<Backlog> {
        let (events, oldest, replies_ready, first_reply, replies_deferred): (
            u64,
            StreamRangeReply,
            u64,
            StreamRangeReply,
            u64,
        ) = redis::pipe()
            .xlen(self.key(INBOUND.stream))
            .xrange_count(self.key(INBOUND.stream), "-", "+", 1)
            .xlen(self.key(OUTBOX.stream))
            .xrange_count(self.key(OUTBOX.stream), "-", "+", 1)
            .zcard(self.key(OUTBOX_LATER))
            .query_async(&mut self.conn.clone())
            .await?;
        // The receipt time the event carries; for one recorded before it was kept, its
        // stream id, which starts with the unix ms it was added at.
        let oldest_event_recorded_at = oldest.ids.first().and_then(|entry| {
            self.decode::<Inbound>(&INBOUND, entry)
                .and_then(|event| event.trace.received_at)
                .or_else(|| {
                    entry
                        .id
                        .split_once('-')
                        .and_then(|(ms, _)| ms.parse().ok())
                        .and_then(DateTime::from_timestamp_millis)
                })
        });
        let oldest_ready_reply_written_at = first_reply
            .ids
            .first()
            .and_then(|entry| self.decode::<OutboundReply>(&OUTBOX, entry))
            .map(|reply| reply.created_at);
        Ok(Backlog {
            events,
            oldest_event_recorded_at,
            replies_ready,
            oldest_ready_reply_written_at,
            replies_deferred,
        })
    }

    async fn renew_claims(
        &self,
        queue: WorkQueue,
        consumer: &str,
        entry_ids: &[String],
    ) -> Result<()> {
        self.set_idle(queue, consumer, entry_ids, 0).await
    }

    async fn release_claims(
        &self,
        queue: WorkQueue,
        consumer: &str,
        entry_ids: &[String],
    ) -> Result<()> {
        let abandoned = u64::try_from(self.reclaim_after.as_millis())
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        self.set_idle(queue, consumer, entry_ids, abandoned).await
    }

    async fn commit_reply(
        &self,
        entry_id: &str,
        reply: &OutboundReply,
        delivery: &Delivery,
    ) -> Result<()> {
        let mut pipe = self.take_off_outbox(entry_id, reply, delivery);
        if let Delivery::Failed { at, .. } = delivery {
            let key = &reply.conversation;
            let conv = self.conv_key(key);
            pipe.cmd("EVAL")
                .arg(DELIVERY_FAILED_SCRIPT)
                .arg(3)
                .arg(&conv)
                .arg(self.key(&format!("queue:{}", key.page_id)))
                .arg(format!("{conv}:labels"))
                .arg(key.to_string())
                .arg(queue_score(*at, Priority::Normal))
                .arg(DELIVERY_FAILED)
                .ignore();
        }
        pipe.query_async::<()>(&mut self.conn.clone()).await?;
        Ok(())
    }
}
