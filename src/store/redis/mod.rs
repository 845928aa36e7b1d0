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
//!
//! One file per subject trait of `crate::store` (`pages.rs`, `records.rs`, `streams.rs`,
//! `conversations.rs`, `figures.rs`, `privacy.rs`, `sealing.rs`), each with the Lua scripts
//! and helpers only it uses; the connection, the keys and what several subjects share are here.

mod conversations;
mod figures;
mod pages;
mod privacy;
mod records;
mod sealing;
mod streams;

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::streams::StreamRangeReply;
use redis::{AsyncCommands, Value};

use super::{FIGURES_KEPT_DAYS, Result, WorkQueue, from_json};
use crate::domain::conversation::{Conversation, Message, Note, Status};
use crate::domain::event::{Channel, ConversationKey};
use crate::domain::figures::{DayKey, MAX_SAMPLES_PER_DAY, Recorded, Tally};
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

fn parse<T: redis::FromRedisValue>(value: &Value) -> Result<T> {
    Ok(redis::from_redis_value(value.clone()).map_err(redis::RedisError::from)?)
}
