//! `StreamStore` on Redis: the `inbound` and `outbox` streams with their consumer groups, the
//! deferred set, the dead list, and an event's outcome in one `MULTI` with its `XACK`.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use futures_util::future::try_join_all;
use redis::AsyncCommands;
use redis::streams::{
    StreamAutoClaimOptions, StreamAutoClaimReply, StreamId, StreamRangeReply, StreamReadOptions,
    StreamReadReply,
};
use serde::de::DeserializeOwned;

use super::{Conn, INBOUND, OUTBOX, OUTBOX_LATER, Queue, RedisStore};
use crate::domain::conversation::{
    DELIVERY_FAILED, Delivery, OutboundReply, Status, Turn, UNANSWERED_FOR_PRIORITY,
};
use crate::domain::event::Inbound;
use crate::domain::figures::Recorded;
use crate::domain::policy::Priority;
use crate::store::conversations::queue_score;
use crate::store::{
    Backlog, Claimed, EventOutcome, FigureStore, RECENT_KEPT, Result, StoreError, StreamStore,
    WorkQueue, to_json,
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

/// How long a claim from any partition waits on one before it looks at the next
/// (`claim_any`).
const ANY_PARTITION_SLICE: Duration = Duration::from_millis(50);

/// When each lane of each work queue last looked for abandoned entries (`XAUTOCLAIM`, a round
/// trip): while a lane is busy it looks every quarter of `reclaim_after` rather than every
/// round; after a round that found nothing it looks at once, so work handed back at a quiet
/// time is taken over immediately.
pub(super) struct Sweeps {
    started: Instant,
    /// Per queue and partition: 0 when a look is due, else 1 + the ms (since `started`) of
    /// the last look.
    last: Vec<AtomicU64>,
}

impl Sweeps {
    pub(super) fn new(partitions: u16) -> Self {
        Sweeps {
            started: Instant::now(),
            last: (0..2 * usize::from(partitions))
                .map(|_| AtomicU64::new(0))
                .collect(),
        }
    }

    fn slot(&self, queue: &Queue, part: u16) -> Option<&AtomicU64> {
        let half = self.last.len() / 2;
        let queue_index = usize::from(queue.stream == OUTBOX.stream);
        self.last.get(queue_index * half + usize::from(part))
    }

    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn is_due(&self, queue: &Queue, part: u16, every: Duration) -> bool {
        let Some(slot) = self.slot(queue, part) else {
            return true;
        };
        match slot.load(Ordering::Relaxed) {
            0 => true,
            last => {
                let every = u64::try_from(every.as_millis()).unwrap_or(u64::MAX);
                self.now_ms().saturating_sub(last - 1) >= every
            }
        }
    }

    fn looked(&self, queue: &Queue, part: u16) {
        if let Some(slot) = self.slot(queue, part) {
            slot.store(self.now_ms().saturating_add(1), Ordering::Relaxed);
        }
    }

    fn found_nothing(&self, queue: &Queue, part: u16) {
        if let Some(slot) = self.slot(queue, part) {
            slot.store(0, Ordering::Relaxed);
        }
    }
}

impl RedisStore {
    /// Up to `max` items of `queue` in partition `part` for `consumer`: abandoned ones
    /// first (when this lane's look for them is due, see `Sweeps`), then new ones, waiting up
    /// to `wait` for new ones on `reader`.
    async fn claim<T: DeserializeOwned>(
        &self,
        queue: &Queue,
        part: u16,
        mut reader: Conn,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<T>>> {
        let key = self.stream_key(part, queue.stream);
        let mut conn = self.conn.clone();
        let autoclaim = || StreamAutoClaimOptions::default().count(max);
        let idle = self.reclaim_after.as_millis() as u64;
        let sweep_due = self.sweeps.is_due(queue, part, self.reclaim_after / 4);
        let abandoned: StreamAutoClaimReply = match async {
            if !sweep_due {
                return Ok(StreamAutoClaimReply::default());
            }
            self.sweeps.looked(queue, part);
            conn.xautoclaim_options(&key, queue.group, consumer, idle, "0-0", autoclaim())
                .await
        }
        .await
        {
            // Redis lost the stream and its group (a restart without its data, a flush):
            // what is recorded from now on goes to a new stream, which needs the group again.
            Err(e) if e.code() == Some("NOGROUP") => {
                tracing::warn!(
                    stream = queue.stream,
                    "consumer group missing (Redis lost its data?); created again"
                );
                self.create_group(queue, part).await?;
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
                        self.create_group(queue, part).await?;
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
        if entries.is_empty() {
            self.sweeps.found_nothing(queue, part);
        }
        let mut claimed = Vec::with_capacity(entries.len());
        for entry in entries {
            match self.decode(queue, &entry) {
                Some(item) => claimed.push(Claimed {
                    entry_id: self.layout.entry_id(part, &entry.id),
                    item,
                }),
                None => self.bury(queue, part, &entry).await?,
            }
        }
        Ok(claimed)
    }

    /// Up to `max` items from any partition: each looked at once without waiting, then, if
    /// none had any, each waited on in turn for a slice of `wait`. One server has one
    /// partition and waits on it for all of `wait`. Workers read per lane instead
    /// (`claim_lane`); this serves tests and draining.
    async fn claim_any<T: DeserializeOwned>(
        &self,
        queue: &Queue,
        readers: &[Conn],
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<T>>> {
        let partitions = self.layout.partitions();
        if partitions == 1 {
            return self
                .claim_lane(queue, readers, 0, consumer, max, wait)
                .await;
        }
        let deadline = tokio::time::Instant::now() + wait;
        let mut turn = 0;
        loop {
            let mut claimed = Vec::new();
            for lane in 0..usize::from(partitions) {
                let left = max.saturating_sub(claimed.len());
                if left == 0 {
                    break;
                }
                claimed.extend(
                    self.claim_lane(queue, readers, lane, consumer, left, Duration::ZERO)
                        .await?,
                );
            }
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            if !claimed.is_empty() || left.is_zero() {
                return Ok(claimed);
            }
            let slice = left.min(ANY_PARTITION_SLICE);
            let lane = turn % usize::from(partitions);
            turn = turn.wrapping_add(1);
            let claimed = self
                .claim_lane(queue, readers, lane, consumer, max, slice)
                .await?;
            if !claimed.is_empty() {
                return Ok(claimed);
            }
        }
    }

    /// `claim` in lane (partition) `lane`, on its reader.
    async fn claim_lane<T: DeserializeOwned>(
        &self,
        queue: &Queue,
        readers: &[Conn],
        lane: usize,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<T>>> {
        let (Ok(part), Some(reader)) = (u16::try_from(lane), readers.get(lane)) else {
            return Err(StoreError::Invalid(format!(
                "lane {lane} of {}",
                self.layout.partitions()
            )));
        };
        self.claim(queue, part, reader.clone(), consumer, max, wait)
            .await
    }

    /// A transaction (`MULTI`) that records where a reply stands (its message in the
    /// conversation, replaced by id) and removes its outbox entry; callers add what else
    /// happens with it.
    fn take_off_outbox(
        &self,
        entry_id: &str,
        reply: &OutboundReply,
        delivery: &Delivery,
    ) -> Result<(u16, redis::Pipeline)> {
        let (part, stream_id) = self.layout.parse_entry(entry_id)?;
        let conv = self.conv_key(&reply.conversation);
        let stream = self.stream_key(part, OUTBOX.stream);
        let message = reply.as_message(delivery.clone());
        let mut pipe = redis::pipe();
        pipe.atomic()
            .hset(format!("{conv}:msgs"), &message.id, to_json(&message))
            .ignore()
            .xack(&stream, OUTBOX.group, &[stream_id])
            .ignore()
            .xdel(&stream, &[stream_id])
            .ignore();
        Ok((part, pipe))
    }

    /// Sets the idle time of entries `consumer` still holds (see `SET_IDLE`), one script
    /// call per partition.
    async fn set_idle(
        &self,
        queue: WorkQueue,
        consumer: &str,
        entry_ids: &[String],
        idle_ms: u64,
    ) -> Result<()> {
        let queue = queue.queue();
        let mut by_part: BTreeMap<u16, Vec<&str>> = BTreeMap::new();
        for entry_id in entry_ids {
            let (part, stream_id) = self.layout.parse_entry(entry_id)?;
            by_part.entry(part).or_default().push(stream_id);
        }
        try_join_all(by_part.into_iter().map(|(part, ids)| {
            let mut conn = self.conn.clone();
            let mut call = redis::cmd("EVAL");
            call.arg(SET_IDLE)
                .arg(1)
                .arg(self.stream_key(part, queue.stream))
                .arg(queue.group)
                .arg(consumer)
                .arg(idle_ms)
                .arg(ids);
            async move { call.query_async::<()>(&mut conn).await }
        }))
        .await?;
        Ok(())
    }

    /// What waits in partition `part`'s queues.
    async fn partition_backlog(&self, part: u16) -> Result<Backlog> {
        let (events, oldest, replies_ready, first_reply, replies_deferred): (
            u64,
            StreamRangeReply,
            u64,
            StreamRangeReply,
            u64,
        ) = redis::pipe()
            .xlen(self.stream_key(part, INBOUND.stream))
            .xrange_count(self.stream_key(part, INBOUND.stream), "-", "+", 1)
            .xlen(self.stream_key(part, OUTBOX.stream))
            .xrange_count(self.stream_key(part, OUTBOX.stream), "-", "+", 1)
            .zcard(self.stream_key(part, OUTBOX_LATER))
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
    async fn bury(&self, queue: &Queue, part: u16, entry: &StreamId) -> Result<()> {
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
        let key = self.stream_key(part, queue.stream);
        redis::pipe()
            .atomic()
            .rpush(self.stream_key(part, "dead"), dead.to_string())
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
        // In order within each partition, so within each conversation.
        let mut by_part: BTreeMap<u16, redis::Pipeline> = BTreeMap::new();
        for event in events {
            let part = self.layout.partition_of(&event.page_id);
            by_part
                .entry(part)
                .or_insert_with(redis::pipe)
                .xadd(
                    self.stream_key(part, INBOUND.stream),
                    "*",
                    &[(INBOUND.field, to_json(event))],
                )
                .ignore();
        }
        try_join_all(by_part.into_values().map(|pipe| {
            let mut conn = self.conn.clone();
            async move { pipe.query_async::<()>(&mut conn).await }
        }))
        .await?;
        Ok(())
    }

    async fn claim_events(
        &self,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<Inbound>>> {
        self.claim_any(&INBOUND, &self.inbound_readers, consumer, max, wait)
            .await
    }

    fn lanes(&self) -> usize {
        usize::from(self.layout.partitions())
    }

    async fn claim_events_in(
        &self,
        lane: usize,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<Inbound>>> {
        self.claim_lane(&INBOUND, &self.inbound_readers, lane, consumer, max, wait)
            .await
    }

    async fn commit_event(&self, entry_id: &str, outcome: Option<&EventOutcome>) -> Result<()> {
        let (part, stream_id) = self.layout.parse_entry(entry_id)?;
        let stream = self.stream_key(part, INBOUND.stream);
        let mut figures_elsewhere = Vec::new();
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
            let queue = self.index_key("queue", &key.page_id);
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
                // LT: a conversation keeps its place in the queue unless it moves up.
                pipe.cmd("ZADD")
                    .arg(&queue)
                    .arg("LT")
                    .arg(queue_score(outcome.at, outcome.priority))
                    .arg(key.to_string())
                    .ignore();
            }
            let recent = self.index_key("recent", &key.page_id);
            pipe.zadd(&recent, key.to_string(), outcome.at.timestamp_millis())
                .ignore()
                .zremrangebyrank(&recent, 0, -(RECENT_KEPT as isize) - 1)
                .ignore();
            // Figures of the event's page are counted with it; any of another page (in
            // another slot on a cluster) right after.
            let (here, elsewhere): (Vec<Recorded>, Vec<Recorded>) = outcome
                .figures
                .iter()
                .cloned()
                .partition(|f| self.layout.partition_of(&f.key.page_id) == part);
            self.add_figures(&mut pipe, &here);
            figures_elsewhere = elsewhere;
            if let Some(reply) = &outcome.reply {
                pipe.xadd(
                    self.stream_key(part, OUTBOX.stream),
                    "*",
                    &[(OUTBOX.field, to_json(reply))],
                )
                .ignore();
            }
        }
        pipe.xack(&stream, INBOUND.group, &[stream_id])
            .ignore()
            .xdel(&stream, &[stream_id])
            .ignore();
        pipe.query_async::<()>(&mut self.conn.clone()).await?;
        if !figures_elsewhere.is_empty() {
            self.record_figures(&figures_elsewhere).await?;
        }
        Ok(())
    }

    async fn claim_replies(
        &self,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<OutboundReply>>> {
        self.claim_any(&OUTBOX, &self.outbox_readers, consumer, max, wait)
            .await
    }

    async fn claim_replies_in(
        &self,
        lane: usize,
        consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<OutboundReply>>> {
        self.claim_lane(&OUTBOX, &self.outbox_readers, lane, consumer, max, wait)
            .await
    }

    async fn defer_reply(
        &self,
        entry_id: &str,
        reply: &OutboundReply,
        not_before: DateTime<Utc>,
        delivery: &Delivery,
    ) -> Result<()> {
        let (part, mut pipe) = self.take_off_outbox(entry_id, reply, delivery)?;
        pipe.zadd(
            self.stream_key(part, OUTBOX_LATER),
            to_json(reply),
            not_before.timestamp_millis(),
        )
        .ignore()
        .query_async::<()>(&mut self.conn.clone())
        .await?;
        Ok(())
    }

    async fn promote_due_replies(&self, now: DateTime<Utc>, max: usize) -> Result<usize> {
        let mut moved = 0;
        for part in 0..self.layout.partitions() {
            let left = max.saturating_sub(moved);
            if left == 0 {
                break;
            }
            let here: usize = redis::cmd("EVAL")
                .arg(PROMOTE_DUE)
                .arg(2)
                .arg(self.stream_key(part, OUTBOX_LATER))
                .arg(self.stream_key(part, OUTBOX.stream))
                .arg(now.timestamp_millis())
                .arg(left)
                .arg(OUTBOX.field)
                .query_async(&mut self.conn.clone())
                .await?;
            moved = moved.saturating_add(here);
        }
        Ok(moved)
    }

    async fn next_deferred_reply(&self) -> Result<Option<DateTime<Utc>>> {
        let mut next: Option<DateTime<Utc>> = None;
        for part in 0..self.layout.partitions() {
            let first: Vec<(String, i64)> = self
                .conn
                .clone()
                .zrange_withscores(self.stream_key(part, OUTBOX_LATER), 0, 0)
                .await?;
            let due = first
                .first()
                .and_then(|(_, ms)| DateTime::from_timestamp_millis(*ms));
            next = next.into_iter().chain(due).min();
        }
        Ok(next)
    }

    async fn backlog(&self) -> Result<Backlog> {
        let mut total = Backlog::default();
        for part in 0..self.layout.partitions() {
            let here = self.partition_backlog(part).await?;
            total.events = total.events.saturating_add(here.events);
            total.replies_ready = total.replies_ready.saturating_add(here.replies_ready);
            total.replies_deferred = total.replies_deferred.saturating_add(here.replies_deferred);
            total.oldest_event_recorded_at = earliest(
                total.oldest_event_recorded_at,
                here.oldest_event_recorded_at,
            );
            total.oldest_ready_reply_written_at = earliest(
                total.oldest_ready_reply_written_at,
                here.oldest_ready_reply_written_at,
            );
        }
        Ok(total)
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
        let (_, mut pipe) = self.take_off_outbox(entry_id, reply, delivery)?;
        if let Delivery::Failed { at, .. } = delivery {
            let key = &reply.conversation;
            let conv = self.conv_key(key);
            pipe.cmd("EVAL")
                .arg(DELIVERY_FAILED_SCRIPT)
                .arg(3)
                .arg(&conv)
                .arg(self.index_key("queue", &key.page_id))
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

/// The earlier of two times, either of which may be unknown.
fn earliest(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    a.into_iter().chain(b).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_lane_looks_for_abandoned_work_each_interval_and_an_idle_one_at_once() {
        let sweeps = Sweeps::new(2);
        let hour = Duration::from_secs(3600);
        assert!(sweeps.is_due(&INBOUND, 1, hour), "the first round looks");
        sweeps.looked(&INBOUND, 1);
        assert!(
            !sweeps.is_due(&INBOUND, 1, hour),
            "busy: not again within the interval"
        );
        assert!(
            sweeps.is_due(&INBOUND, 1, Duration::ZERO),
            "once the interval has passed"
        );
        assert!(
            sweeps.is_due(&INBOUND, 0, hour),
            "other lanes are their own"
        );
        assert!(sweeps.is_due(&OUTBOX, 1, hour), "and so is the other queue");
        sweeps.found_nothing(&INBOUND, 1);
        assert!(
            sweeps.is_due(&INBOUND, 1, hour),
            "a round that found nothing looks next time"
        );
        assert!(
            sweeps.is_due(&INBOUND, 7, hour),
            "a lane out of range always looks"
        );
    }
}
