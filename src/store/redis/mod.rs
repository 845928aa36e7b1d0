//! The production store on Redis. Every key starts with the configured prefix, so tests and
//! installations can share a server.
//!
//! Keys (`P` = prefix):
//! - `P page:<channel>:<id>`       string, the page's configuration as JSON; `…:versions` hash
//!   version -> who, when, what and the configuration; `…:version` the counter
//! - `P pages`                     set of `<channel>:<id>` of the configured pages
//! - `P tokens`                    hash: SHA-256 of an API token -> its record (never the token)
//! - `P set:<name>`                named sets (e.g. a crisis's announcement recipients;
//!   `secrets:keys`, the ids of the keys that sealed tokens here)
//! - `P value:<key>`               string, a small named record (an X account's tokens, sealed)
//! - `P count:<key>`               integer counter with a TTL (an X account's DMs of a day)
//! - `P inbound`                   stream of recorded events (field `event`), group `workers`
//! - `P outbox`                    stream of replies to send (field `reply`), group `senders`
//! - `P outbox:later`              sorted set: replies waiting for their next attempt (JSON), by
//!   the unix ms it is due; moved back to `P outbox` when due (`PROMOTE_DUE`)
//! - `P once:<key>`                string, owner of a one-time claim, with a TTL
//! - `P conv:<conversation>`       hash: channel, page_id, customer_id, status, priority, assignee,
//!   created_at, updated_at, resolved_at
//! - `P conv:<conversation>:msgs`  hash: message id -> message JSON (idempotent on replay)
//! - `P conv:<conversation>:labels` set of labels; `P conv:<conversation>:notes` list of notes
//!
//! State changes (claim, release, assign, resolve, reopen, a customer's or a person's
//! message) run as Lua scripts mirroring `domain::conversation`, so each is atomic.
//! - `P queue:<page>`              sorted set: conversations waiting for a person, by creation ms,
//!   high priority ones shifted ahead, low priority ones behind (see `queue_score`)
//! - `P recent:<page>`             sorted set: the page's conversations by the unix ms of their
//!   latest recorded event, the newest `RECENT_KEPT` only
//! - `P dead`                      list of stream entries that could not be read, kept for a person
//! - `P links:<conversation>`     set of linked contacts (conversation keys as JSON)
//! - `P fig:<page>:<channel>:<day>` hash of the day's counters; `…:<series>` lists of samples
//! - `P live`                      pub/sub channel of live notices (`crate::live`)
//!
//! Work queues are streams with consumer groups: an entry stays pending until its consumer
//! commits it (`XACK` + `XDEL` inside the same `MULTI` as its effects); entries idle for
//! longer than `reclaim_after` are taken over by any live consumer with `XAUTOCLAIM`. A live
//! consumer keeps the entries it works on fresh (`XCLAIM … IDLE 0`, its heartbeat), and hands
//! back what it will not finish by making them look abandoned (`IDLE reclaim_after`).
//! Blocking reads use their own connections, since a `BLOCK` would stall the shared
//! multiplexed one that the request path pipelines on.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::streams::{
    StreamAutoClaimOptions, StreamAutoClaimReply, StreamId, StreamRangeReply, StreamReadOptions,
    StreamReadReply,
};
use redis::{AsyncCommands, Value};
use serde::de::DeserializeOwned;

use super::conversations::{parse_conversation_key, queue_score};
use super::figures::days;
use super::pages::asks_for_follow_ups;
use super::privacy::{customer_texts, names_any, record_is_about};
use super::sealing::{SEALED_VALUES, SecretRecord};
use super::{
    Backlog, Changed, Claimed, ConversationStore, CustomerRecords, Erased, EventOutcome,
    FIGURES_KEPT_DAYS, FOLLOW_UP_PAGES, FigureStore, PageStore, PageVersion, PrivacyStore,
    RECENT_KEPT, RecordStore, Result, SecretStore, StreamStore, WorkQueue, from_json, page_member,
    parse_page_member, to_json,
};
use crate::access::TokenRecord;
use crate::domain::conversation::{
    Change, ChangeError, Conversation, DELIVERY_FAILED, Delivery, Message, Note, OutboundReply,
    Status, Turn, UNANSWERED_FOR_PRIORITY,
};
use crate::domain::event::{Channel, ConversationKey, Inbound};
use crate::domain::figures::{DayFigures, DayKey, MAX_SAMPLES_PER_DAY, Recorded, SERIES, Tally};
use crate::domain::page::PageFile;
use crate::domain::policy::Priority;
use crate::live::Live;
use crate::secrets::Keyring;

const WORKERS: &str = "workers";
const SENDERS: &str = "senders";

/// A Redis-backed store. Cheap to clone: connections are shared.
#[derive(Clone)]
pub struct RedisStore {
    prefix: String,
    /// Shared, pipelined connection for everything that does not block.
    conn: ConnectionManager,
    /// Dedicated connections for blocking stream reads.
    inbound_reader: ConnectionManager,
    outbox_reader: ConnectionManager,
    reclaim_after: Duration,
    live: Live,
    /// The keys `AnyStore` seals tokens with (`super::sealing`); this store only keeps them.
    keys: Arc<Keyring>,
}

/// One work queue: its stream key suffix, group and the field its items are stored in.
struct Queue {
    stream: &'static str,
    group: &'static str,
    field: &'static str,
}

const INBOUND: Queue = Queue {
    stream: "inbound",
    group: WORKERS,
    field: "event",
};
const OUTBOX: Queue = Queue {
    stream: "outbox",
    group: SENDERS,
    field: "reply",
};
/// Replies waiting for their next attempt.
const OUTBOX_LATER: &str = "outbox:later";

impl WorkQueue {
    fn queue(self) -> &'static Queue {
        match self {
            WorkQueue::Events => &INBOUND,
            WorkQueue::Replies => &OUTBOX,
        }
    }
}

impl RedisStore {
    /// Connects and creates the consumer groups if they do not exist yet.
    pub async fn connect(url: &str, prefix: &str, reclaim_after: Duration) -> Result<Self> {
        let client = redis::Client::open(url)?;
        // The request path answers within about a second when Redis is gone (503, see
        // `StoreError::is_unavailable`): short timeouts, one quick reconnection attempt.
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(Duration::from_millis(500)))
            .set_response_timeout(Some(Duration::from_secs(1)))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_millis(200));
        // Readers block for up to `wait` (a few seconds at most) on top of the usual latency.
        let reader_config = config
            .clone()
            .set_response_timeout(Some(Duration::from_secs(35)));
        let conn = ConnectionManager::new_with_config(client.clone(), config).await?;
        let inbound_reader =
            ConnectionManager::new_with_config(client.clone(), reader_config.clone()).await?;
        let outbox_reader =
            ConnectionManager::new_with_config(client.clone(), reader_config).await?;
        let live = Live::redis(client, conn.clone(), prefix).await?;
        let store = RedisStore {
            prefix: prefix.to_owned(),
            conn,
            inbound_reader,
            outbox_reader,
            reclaim_after,
            live,
            keys: Arc::default(),
        };
        for queue in [&INBOUND, &OUTBOX] {
            store.create_group(queue).await?;
        }
        Ok(store)
    }

    /// The same store, with the keys that seal its tokens.
    pub fn with_keys(mut self, keys: Arc<Keyring>) -> Self {
        self.keys = keys;
        self
    }

    pub fn keys(&self) -> &Keyring {
        &self.keys
    }

    /// The keys under this prefix that match a `SCAN` pattern (the prefix taken literally).
    async fn scan(&self, pattern: &str) -> Result<Vec<String>> {
        let escaped: String = self
            .prefix
            .chars()
            .flat_map(|c| {
                let escape = matches!(c, '*' | '?' | '[' | ']' | '\\').then_some('\\');
                escape.into_iter().chain([c])
            })
            .collect();
        let mut conn = self.conn.clone();
        let mut found = Vec::new();
        let mut keys: redis::AsyncIter<String> = conn
            .scan_options(
                redis::ScanOptions::default()
                    .with_pattern(format!("{escaped}{pattern}"))
                    .with_count(1000),
            )
            .await?;
        while let Some(key) = keys.next_item().await {
            found.push(key?);
        }
        Ok(found)
    }

    /// A record's key and, for a page version, its field in the versions hash.
    fn record_key(&self, record: &SecretRecord) -> (String, Option<String>) {
        match record {
            SecretRecord::Page { channel, id } => (self.key(&format!("page:{channel}:{id}")), None),
            SecretRecord::PageVersion {
                channel,
                id,
                version,
            } => (
                self.key(&format!("page:{channel}:{id}:versions")),
                Some(version.to_string()),
            ),
            SecretRecord::Value(key) => (self.key(&format!("value:{key}")), None),
        }
    }

    /// The live bus on this server and prefix (`P live`).
    pub fn live(&self) -> &Live {
        &self.live
    }

    fn key(&self, suffix: &str) -> String {
        format!("{}{suffix}", self.prefix)
    }

    fn conv_key(&self, conversation: &ConversationKey) -> String {
        self.key(&format!("conv:{conversation}"))
    }

    async fn tokens_by_hash(&self) -> Result<Vec<(String, TokenRecord)>> {
        let key = self.key("tokens");
        let all: HashMap<String, String> = self.conn.clone().hgetall(&key).await?;
        let mut tokens = all
            .into_iter()
            .map(|(hash, json)| Ok((hash, from_json::<TokenRecord>(&key, &json)?)))
            .collect::<Result<Vec<_>>>()?;
        tokens.sort_by_key(|t| t.1.created_at);
        Ok(tokens)
    }

    fn figures_key(&self, key: &DayKey) -> String {
        self.key(&format!("fig:{}:{}:{}", key.page_id, key.channel, key.day))
    }

    /// Adds figures to a pipeline: counters with `HINCRBY`, samples with `RPUSH` capped by
    /// `LTRIM`, everything expiring after `FIGURES_KEPT_DAYS`.
    fn add_figures(&self, pipe: &mut redis::Pipeline, figures: &[Recorded]) {
        let keep = FIGURES_KEPT_DAYS * 86_400;
        for recorded in figures {
            let counters = self.figures_key(&recorded.key);
            for tally in recorded.figure.tallies() {
                match tally {
                    Tally::Count(name) => {
                        pipe.hincr(&counters, name, 1).ignore();
                        pipe.expire(&counters, keep).ignore();
                    }
                    Tally::Sample(series, value) => {
                        let list = format!("{counters}:{series}");
                        pipe.rpush(&list, value).ignore();
                        pipe.ltrim(&list, -(MAX_SAMPLES_PER_DAY as isize), -1)
                            .ignore();
                        pipe.expire(&list, keep).ignore();
                    }
                }
            }
        }
    }

    async fn create_group(&self, queue: &Queue) -> Result<()> {
        let mut conn = self.conn.clone();
        let created: redis::RedisResult<()> = conn
            .xgroup_create_mkstream(self.key(queue.stream), queue.group, "0")
            .await;
        match created {
            Err(e) if e.code() == Some("BUSYGROUP") => Ok(()),
            other => Ok(other?),
        }
    }

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
        let abandoned: StreamAutoClaimReply = conn
            .xautoclaim_options(
                &key,
                queue.group,
                consumer,
                self.reclaim_after.as_millis() as u64,
                "0-0",
                StreamAutoClaimOptions::default().count(max),
            )
            .await?;
        let entries = if abandoned.claimed.is_empty() {
            let mut options = StreamReadOptions::default()
                .group(queue.group, consumer)
                .count(max);
            // BLOCK 0 would wait forever; no wait means no BLOCK at all.
            if !wait.is_zero() {
                options = options.block(wait.as_millis() as usize);
            }
            let fresh: Option<StreamReadReply> =
                reader.xread_options(&[&key], &[">"], &options).await?;
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

    /// Reads conversations by their ids (`<channel>:<page>:<customer>`), in one round trip;
    /// ids without a conversation are left out.
    async fn read_conversations(&self, ids: &[String]) -> Result<Vec<Conversation>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut pipe = redis::pipe();
        for id in ids {
            let conv = self.key(&format!("conv:{id}"));
            pipe.hgetall(&conv)
                .hvals(format!("{conv}:msgs"))
                .smembers(format!("{conv}:labels"))
                .lrange(format!("{conv}:notes"), 0, -1);
        }
        let replies: Vec<Value> = pipe.query_async(&mut self.conn.clone()).await?;
        let mut conversations = Vec::with_capacity(ids.len());
        for (id, parts) in ids.iter().zip(replies.chunks(4)) {
            let [fields, messages, labels, notes] = parts else {
                continue;
            };
            let fields: HashMap<String, String> = parse(fields)?;
            let messages: Vec<String> = parse(messages)?;
            let labels: BTreeSet<String> = parse(labels)?;
            let notes: Vec<String> = parse(notes)?;
            conversations.extend(Self::assemble(fields, messages, labels, notes, id)?);
        }
        Ok(conversations)
    }

    /// Every key under the prefix with its contents, as text, one line per key: for checks
    /// that nothing about an erased customer is left (the store contract's erasure test).
    pub async fn everything(&self) -> Result<Vec<String>> {
        let mut conn = self.conn.clone();
        let mut lines = Vec::new();
        for key in self.scan_keys("*").await? {
            let kind: String = redis::cmd("TYPE").arg(&key).query_async(&mut conn).await?;
            let contents = match kind.as_str() {
                "string" => format!("{:?}", conn.get::<_, Option<String>>(&key).await?),
                "hash" => format!(
                    "{:?}",
                    conn.hgetall::<_, Vec<(String, String)>>(&key).await?
                ),
                "list" => format!("{:?}", conn.lrange::<_, Vec<String>>(&key, 0, -1).await?),
                "set" => format!("{:?}", conn.smembers::<_, Vec<String>>(&key).await?),
                "zset" => format!(
                    "{:?}",
                    conn.zrange_withscores::<_, Vec<(String, f64)>>(&key, 0, -1)
                        .await?
                ),
                "stream" => {
                    let entries: StreamRangeReply = conn.xrange_all(&key).await?;
                    let texts: Vec<(String, Vec<(String, String)>)> = entries
                        .ids
                        .into_iter()
                        .map(|entry| {
                            let fields = entry
                                .map
                                .into_iter()
                                .map(|(field, value)| {
                                    let bytes: Vec<u8> =
                                        redis::from_redis_value(value).unwrap_or_default();
                                    (field, String::from_utf8_lossy(&bytes).into_owned())
                                })
                                .collect();
                            (entry.id, fields)
                        })
                        .collect();
                    format!("{texts:?}")
                }
                other => format!("<{other}>"),
            };
            lines.push(format!("{key} = {contents}"));
        }
        Ok(lines)
    }

    /// Every key under `pattern` (after the prefix, glob syntax), by `SCAN` in batches:
    /// the server never blocks on a large keyspace.
    async fn scan_keys(&self, pattern: &str) -> Result<Vec<String>> {
        let pattern = format!("{}{pattern}", glob_escape(&self.prefix));
        let mut conn = self.conn.clone();
        let mut cursor: u64 = 0;
        let mut keys = Vec::new();
        loop {
            let (next, batch): (u64, Vec<String>) = redis::cmd("SCAN")
                .arg(cursor)
                .arg("MATCH")
                .arg(&pattern)
                .arg("COUNT")
                .arg(1000)
                .query_async(&mut conn)
                .await?;
            keys.extend(batch);
            if next == 0 {
                break;
            }
            cursor = next;
        }
        keys.sort();
        keys.dedup();
        Ok(keys)
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

    fn assemble(
        fields: HashMap<String, String>,
        messages: Vec<String>,
        labels: BTreeSet<String>,
        notes: Vec<String>,
        key: &str,
    ) -> Result<Option<Conversation>> {
        let field = |name: &str| fields.get(name).cloned().unwrap_or_default();
        let time = |name: &str| {
            DateTime::parse_from_rfc3339(&field(name))
                .map(|t| t.with_timezone(&Utc))
                .ok()
        };
        let (Some(created_at), Some(updated_at)) = (time("created_at"), time("updated_at")) else {
            return Ok(None);
        };
        let channel: Channel = from_json(key, &format!("\"{}\"", field("channel")))?;
        let status: Status = from_json(key, &format!("\"{}\"", field("status")))?;
        let priority = match fields.get("priority").map(String::as_str) {
            Some("high") => Priority::High,
            Some("low") => Priority::Low,
            _ => Priority::Normal,
        };
        let mut conversation = Conversation {
            key: ConversationKey {
                channel,
                page_id: field("page_id"),
                customer_id: field("customer_id"),
            },
            status,
            priority,
            assignee: fields.get("assignee").cloned(),
            unanswered: fields
                .get("unanswered")
                .and_then(|n| n.parse().ok())
                .unwrap_or_default(),
            labels,
            notes: notes
                .iter()
                .map(|n| from_json::<Note>(key, n))
                .collect::<Result<_>>()?,
            created_at,
            updated_at,
            resolved_at: time("resolved_at"),
            messages: messages
                .iter()
                .map(|m| from_json::<Message>(key, m))
                .collect::<Result<_>>()?,
        };
        conversation.sort_messages();
        Ok(Some(conversation))
    }
}

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

/// `text` as a literal in a `SCAN MATCH` pattern.
fn glob_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Removes a resolved conversation that stayed quiet (see the script).
const FORGET_RESOLVED: &str = include_str!("forget_resolved.lua");

fn parse<T: redis::FromRedisValue>(value: &Value) -> Result<T> {
    Ok(redis::from_redis_value(value.clone()).map_err(redis::RedisError::from)?)
}

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

/// `Conversation::apply`, in Lua. KEYS: conversation hash, page queue, page resolved index.
/// ARGV: change, person, now (RFC 3339), queue member, queue score (now in ms, also the
/// resolution's score in the index). Returns {"done"}, {"held", holder},
/// {"resolved"} or {"missing"}.
const APPLY_CHANGE: &str = include_str!("apply_change.lua");

/// Moves due replies from the deferred set to the outbox stream. KEYS: the set, the stream.
/// ARGV: now (unix ms), how many at most, the stream's field.
const PROMOTE_DUE: &str = include_str!("promote_due.lua");

/// Sets the idle time of the pending entries this consumer still holds: 0 renews them, the
/// reclaim time hands them back. KEYS: the stream. ARGV: group, consumer, idle ms, ids...
const SET_IDLE: &str = include_str!("set_idle.lua");

/// `Conversation::on_delivery_failed`, in Lua. KEYS: the conversation hash, the page queue,
/// the labels set. ARGV: queue member, queue score, label.
const DELIVERY_FAILED_SCRIPT: &str = include_str!("delivery_failed.lua");

/// A page's next version: the configuration (or its deletion, for an empty one), the
/// version record and the page list together. KEYS: current config, versions hash, version
/// counter, page set. ARGV: config JSON or '', page member, version record JSON.
const SAVE_PAGE: &str = include_str!("save_page.lua");

/// A record's text replaced only if it still is the one read. KEYS: the string or hash.
/// ARGV: '' for a string, else the hash field; the old text; the new one. Returns 1 if
/// replaced.
const REPLACE_RECORD: &str = r"
local current
if ARGV[1] == '' then
  current = redis.call('GET', KEYS[1])
else
  current = redis.call('HGET', KEYS[1], ARGV[1])
end
if current ~= ARGV[2] then
  return 0
end
if ARGV[1] == '' then
  redis.call('SET', KEYS[1], ARGV[3], 'KEEPTTL')
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
end
return 1
";

/// An outbound message with, for a person's reply, `Conversation::on_staff_reply`, in Lua:
/// the message, the outbox entry and the state together. KEYS: conversation hash, its
/// messages, the outbox stream. ARGV: person ('' for the bot), now, message id, message JSON,
/// outbox field, reply JSON. Returns 0 for a missing conversation.
const OUTBOUND: &str = include_str!("outbound.lua");

impl PageStore for RedisStore {
    async fn save_page(&self, channel: Channel, id: &str, change: &PageVersion) -> Result<u64> {
        let current = self.key(&format!("page:{channel}:{id}"));
        let version: u64 = redis::cmd("EVAL")
            .arg(SAVE_PAGE)
            .arg(5)
            .arg(&current)
            .arg(format!("{current}:versions"))
            .arg(format!("{current}:version"))
            .arg(self.key("pages"))
            .arg(self.key(&format!("set:{FOLLOW_UP_PAGES}")))
            .arg(change.page.as_ref().map(to_json).unwrap_or_default())
            .arg(page_member(channel, id))
            .arg(to_json(change))
            .arg(if asks_for_follow_ups(change) {
                "1"
            } else {
                "0"
            })
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(version)
    }
    async fn save_pages(&self, changes: &[(Channel, String, PageVersion)]) -> Result<Vec<u64>> {
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let mut pipe = redis::pipe();
        for (channel, id, change) in changes {
            let current = self.key(&format!("page:{channel}:{id}"));
            pipe.cmd("EVAL")
                .arg(SAVE_PAGE)
                .arg(5)
                .arg(&current)
                .arg(format!("{current}:versions"))
                .arg(format!("{current}:version"))
                .arg(self.key("pages"))
                .arg(self.key(&format!("set:{FOLLOW_UP_PAGES}")))
                .arg(change.page.as_ref().map(to_json).unwrap_or_default())
                .arg(page_member(*channel, id))
                .arg(to_json(change))
                .arg(if asks_for_follow_ups(change) {
                    "1"
                } else {
                    "0"
                });
        }
        Ok(pipe.query_async(&mut self.conn.clone()).await?)
    }
    async fn load_pages(&self, pages: &[(Channel, String)]) -> Result<Vec<Option<PageFile>>> {
        if pages.is_empty() {
            return Ok(Vec::new());
        }
        let keys: Vec<String> = pages
            .iter()
            .map(|(channel, id)| self.key(&format!("page:{channel}:{id}")))
            .collect();
        // One GET per page in a pipeline rather than an MGET: the keys need not share a node.
        let mut pipe = redis::pipe();
        for key in &keys {
            pipe.get(key);
        }
        let texts: Vec<Option<String>> = pipe.query_async(&mut self.conn.clone()).await?;
        keys.iter()
            .zip(texts)
            .map(|(key, text)| text.map(|t| from_json(key, &t)).transpose())
            .collect()
    }
    async fn page_versions(&self, channel: Channel, id: &str) -> Result<Vec<PageVersion>> {
        let key = self.key(&format!("page:{channel}:{id}:versions"));
        let all: HashMap<u64, String> = self.conn.clone().hgetall(&key).await?;
        let mut versions = all
            .into_iter()
            .map(|(version, json)| {
                let mut record: PageVersion = from_json(&key, &json)?;
                record.version = version;
                Ok(record)
            })
            .collect::<Result<Vec<_>>>()?;
        versions.sort_by_key(|v| v.version);
        Ok(versions)
    }
    async fn list_pages(&self) -> Result<Vec<(Channel, String)>> {
        let members: Vec<String> = self.conn.clone().smembers(self.key("pages")).await?;
        let mut pages: Vec<_> = members
            .iter()
            .filter_map(|m| parse_page_member(m))
            .collect();
        pages.sort_by(|a, b| (a.0.as_str(), &a.1).cmp(&(b.0.as_str(), &b.1)));
        Ok(pages)
    }
    async fn load_page(&self, channel: Channel, id: &str) -> Result<Option<PageFile>> {
        let key = self.key(&format!("page:{channel}:{id}"));
        let text: Option<String> = self.conn.clone().get(&key).await?;
        text.map(|t| from_json(&key, &t)).transpose()
    }
}

impl RecordStore for RedisStore {
    async fn save_token(&self, hash: &str, record: &TokenRecord) -> Result<()> {
        let _: () = self
            .conn
            .clone()
            .hset(self.key("tokens"), hash, to_json(record))
            .await?;
        Ok(())
    }
    async fn find_token(&self, hash: &str) -> Result<Option<TokenRecord>> {
        let key = self.key("tokens");
        let json: Option<String> = self.conn.clone().hget(&key, hash).await?;
        json.map(|j| from_json(&key, &j)).transpose()
    }
    async fn list_tokens(&self) -> Result<Vec<TokenRecord>> {
        Ok(self
            .tokens_by_hash()
            .await?
            .into_iter()
            .map(|(_, record)| record)
            .collect())
    }
    async fn revoke_token(&self, id: &str) -> Result<bool> {
        let Some((hash, _)) = self
            .tokens_by_hash()
            .await?
            .into_iter()
            .find(|(_, record)| record.id == id)
        else {
            return Ok(false);
        };
        let removed: u64 = self.conn.clone().hdel(self.key("tokens"), hash).await?;
        Ok(removed > 0)
    }
    async fn remember(&self, set: &str, member: &str) -> Result<()> {
        let _: () = self
            .conn
            .clone()
            .sadd(self.key(&format!("set:{set}")), member)
            .await?;
        Ok(())
    }
    async fn members(&self, set: &str) -> Result<Vec<String>> {
        let mut members: Vec<String> = self
            .conn
            .clone()
            .smembers(self.key(&format!("set:{set}")))
            .await?;
        members.sort();
        Ok(members)
    }
    async fn forget(&self, set: &str, member: &str) -> Result<bool> {
        let removed: u64 = self
            .conn
            .clone()
            .srem(self.key(&format!("set:{set}")), member)
            .await?;
        Ok(removed > 0)
    }
    async fn get_value(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .clone()
            .get(self.key(&format!("value:{key}")))
            .await?)
    }
    async fn put_value(&self, key: &str, value: &str) -> Result<()> {
        let _: () = self
            .conn
            .clone()
            .set(self.key(&format!("value:{key}")), value)
            .await?;
        Ok(())
    }
    async fn put_value_expiring(&self, key: &str, value: &str, ttl: Duration) -> Result<()> {
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let _: () = self
            .conn
            .clone()
            .pset_ex(self.key(&format!("value:{key}")), value, ttl_ms)
            .await?;
        Ok(())
    }
    async fn delete_value(&self, key: &str) -> Result<bool> {
        let removed: u64 = self
            .conn
            .clone()
            .del(self.key(&format!("value:{key}")))
            .await?;
        Ok(removed > 0)
    }
    async fn count_up(&self, key: &str, ttl: Duration) -> Result<u64> {
        let key = self.key(&format!("count:{key}"));
        // The first count creates the key with its TTL (`PEXPIRE … NX` would need Redis 7).
        let (count,): (u64,) = redis::pipe()
            .atomic()
            .cmd("SET")
            .arg(&key)
            .arg(0)
            .arg("NX")
            .arg("PX")
            .arg(ttl.as_millis().max(1) as u64)
            .ignore()
            .incr(&key, 1u64)
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(count)
    }
    async fn claim_once(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool> {
        let previous: Option<String> = redis::cmd("SET")
            .arg(self.key(&format!("once:{key}")))
            .arg(owner)
            .arg("NX")
            .arg("GET")
            .arg("PX")
            .arg(ttl.as_millis().max(1) as u64)
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(previous.is_none_or(|p| p == owner))
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

impl ConversationStore for RedisStore {
    async fn queue(&self, page_id: &str) -> Result<Vec<Conversation>> {
        let ids: Vec<String> = self
            .conn
            .clone()
            .zrange(self.key(&format!("queue:{page_id}")), 0, -1)
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
            .zrevrange(self.key(&format!("recent:{page_id}")), 0, last)
            .await?;
        self.read_conversations(&ids).await
    }
    async fn queue_depth(&self, page_id: &str) -> Result<usize> {
        let queue = self.key(&format!("queue:{page_id}"));
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
            .arg(self.key(&format!("queue:{}", key.page_id)))
            .arg(self.key(&format!("resolved:{}", key.page_id)))
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
            .arg(self.key(OUTBOX.stream))
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
        let mut pipe = redis::pipe();
        pipe.atomic();
        for (from, to) in [(a, b), (b, a)] {
            let set = self.key(&format!("links:{from}"));
            if linked {
                pipe.sadd(set, to_json(to)).ignore();
            } else {
                pipe.srem(set, to_json(to)).ignore();
            }
        }
        pipe.query_async::<()>(&mut self.conn.clone()).await?;
        Ok(())
    }
    async fn linked(&self, key: &ConversationKey) -> Result<Vec<ConversationKey>> {
        let set = self.key(&format!("links:{key}"));
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
        let sets: Vec<String> = keys
            .iter()
            .map(|key| self.key(&format!("links:{key}")))
            .collect();
        let mut pipe = redis::pipe();
        for set in &sets {
            pipe.smembers(set);
        }
        let members: Vec<Vec<String>> = pipe.query_async(&mut self.conn.clone()).await?;
        sets.iter()
            .zip(members)
            .map(|(set, members)| {
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

impl FigureStore for RedisStore {
    async fn record_figures(&self, figures: &[Recorded]) -> Result<()> {
        let mut pipe = redis::pipe();
        pipe.atomic();
        self.add_figures(&mut pipe, figures);
        pipe.query_async::<()>(&mut self.conn.clone()).await?;
        Ok(())
    }
    async fn figures(
        &self,
        page_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(DayKey, DayFigures)>> {
        let keys: Vec<DayKey> = Channel::ALL
            .into_iter()
            .flat_map(|channel| {
                days(from, to).map(move |day| DayKey {
                    page_id: page_id.to_owned(),
                    channel,
                    day,
                })
            })
            .collect();
        let mut pipe = redis::pipe();
        for key in &keys {
            let counters = self.figures_key(key);
            pipe.hgetall(&counters);
            for series in SERIES {
                pipe.lrange(format!("{counters}:{series}"), 0, -1);
            }
        }
        let mut answers: std::vec::IntoIter<Value> = pipe
            .query_async::<Vec<Value>>(&mut self.conn.clone())
            .await?
            .into_iter();
        let mut found = Vec::new();
        for key in keys {
            let mut day = DayFigures::default();
            if let Some(counters) = answers.next() {
                day.counters =
                    redis::from_redis_value(counters).map_err(redis::RedisError::from)?;
            }
            for series in SERIES {
                if let Some(samples) = answers.next() {
                    let samples: Vec<i64> =
                        redis::from_redis_value(samples).map_err(redis::RedisError::from)?;
                    if !samples.is_empty() {
                        day.samples.insert(series.to_owned(), samples);
                    }
                }
            }
            if !day.is_empty() {
                found.push((key, day));
            }
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

impl SecretStore for RedisStore {
    async fn secret_records(&self) -> Result<Vec<SecretRecord>> {
        let mut records: Vec<SecretRecord> = self
            .list_pages()
            .await?
            .into_iter()
            .map(|(channel, id)| SecretRecord::Page { channel, id })
            .collect();
        let page_prefix = self.key("page:");
        for key in self.scan("page:*:versions").await? {
            let Some((channel, id)) = key
                .strip_prefix(&page_prefix)
                .and_then(|rest| rest.strip_suffix(":versions"))
                .and_then(parse_page_member)
            else {
                continue;
            };
            let versions: Vec<u64> = self.conn.clone().hkeys(&key).await?;
            records.extend(
                versions
                    .into_iter()
                    .map(|version| SecretRecord::PageVersion {
                        channel,
                        id: id.clone(),
                        version,
                    }),
            );
        }
        let value_prefix = self.key("value:");
        for prefix in SEALED_VALUES {
            for key in self.scan(&format!("value:{prefix}*")).await? {
                if let Some(name) = key.strip_prefix(&value_prefix) {
                    records.push(SecretRecord::Value(name.to_owned()));
                }
            }
        }
        Ok(records)
    }
    async fn read_record(&self, record: &SecretRecord) -> Result<Option<String>> {
        let (key, field) = self.record_key(record);
        let mut conn = self.conn.clone();
        Ok(match field {
            Some(field) => conn.hget(key, field).await?,
            None => conn.get(key).await?,
        })
    }
    async fn replace_record(&self, record: &SecretRecord, old: &str, new: &str) -> Result<bool> {
        let (key, field) = self.record_key(record);
        let replaced: u64 = redis::cmd("EVAL")
            .arg(REPLACE_RECORD)
            .arg(1)
            .arg(key)
            .arg(field.unwrap_or_default())
            .arg(old)
            .arg(new)
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(replaced == 1)
    }
}
