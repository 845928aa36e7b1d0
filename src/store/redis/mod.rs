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
//! longer than `reclaim_after` are taken over by any live consumer with `XAUTOCLAIM` (looked
//! for after a round that found nothing, and every quarter of `reclaim_after` while busy:
//! `streams::Sweeps`). A live consumer keeps the entries it works on fresh (`XCLAIM … IDLE
//! 0`, its heartbeat), and hands back what it will not finish by making them look abandoned
//! (`IDLE reclaim_after`).
//! Blocking reads use their own connections, since a `BLOCK` would stall the shared
//! multiplexed one that the request path pipelines on.
//!
//! On a Redis Cluster (`connect_cluster`) the same keys carry hash tags, so that what one
//! operation touches together shares a slot: a page's conversations, queues, figures and
//! links, and the work-queue streams, live in one of `partitions` slots (`P{pN}…`, N from
//! the page id, see `partition_of`); the page configurations, their versions and the named
//! sets share `P{config}`; tokens, values, counters and one-time claims are single keys.
//! Each partition has its own `inbound`, `outbox`, `outbox:later` and `dead`, and its
//! stream entries are named `N/<stream id>`; a worker reads each partition in its own lane
//! (`StreamStore::lanes`), so one conversation's events stay in order. On a single server
//! there is one partition and no tags: the keys are the ones listed above.
//!
//! One file per subject trait of `crate::store` (`pages.rs`, `records.rs`, `streams.rs`,
//! `conversations.rs`, `figures.rs`, `privacy.rs`, `sealing.rs`), each with the Lua scripts
//! and helpers only it uses; the connection, the keys and what several subjects share are here.

mod conversations;
mod figures;
mod layout;
mod pages;
mod privacy;
mod records;
mod sealing;
mod streams;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::future::try_join_all;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::cluster::ClusterClientBuilder;
use redis::streams::StreamRangeReply;
use redis::{AsyncCommands, Value};

pub use layout::Conn;
use layout::{Batches, Layout};

use super::{FIGURES_KEPT_DAYS, Result, StoreError, WorkQueue, from_json};
use crate::domain::conversation::{Conversation, Message, Note, Status};
use crate::domain::event::{Channel, ConversationKey};
use crate::domain::figures::{DayKey, MAX_SAMPLES_PER_DAY, Recorded, Tally};
use crate::domain::policy::Priority;
use crate::live::Live;
use crate::secrets::Keyring;
use crate::store::conversations::parse_conversation_key;

const WORKERS: &str = "workers";
const SENDERS: &str = "senders";

/// A Redis-backed store. Cheap to clone: connections are shared.
#[derive(Clone)]
pub struct RedisStore {
    layout: Arc<Layout>,
    /// Shared, pipelined connection for everything that does not block.
    conn: Conn,
    /// Dedicated connections for blocking stream reads, one per lane (partition).
    inbound_readers: Arc<[Conn]>,
    outbox_readers: Arc<[Conn]>,
    reclaim_after: Duration,
    /// When each lane last looked for abandoned work (see `streams::Sweeps`).
    sweeps: Arc<streams::Sweeps>,
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
    /// Connects to one server and creates the consumer groups if they do not exist yet.
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
        let reader = || ConnectionManager::new_with_config(client.clone(), reader_config.clone());
        let inbound_reader = Conn::Single(reader().await?);
        let outbox_reader = Conn::Single(reader().await?);
        let live = Live::redis(client.clone(), Conn::Single(conn.clone()), prefix).await?;
        Self::start(
            Layout::single(prefix),
            Conn::Single(conn),
            vec![inbound_reader],
            vec![outbox_reader],
            reclaim_after,
            live,
        )
        .await
    }

    /// Connects to a Redis Cluster through any of its `nodes` (the rest are discovered) and
    /// spreads the per-page data and the work queues over `partitions` slots (see the module
    /// documentation); creates the consumer groups of every partition.
    pub async fn connect_cluster(
        nodes: &[String],
        prefix: &str,
        partitions: u16,
        reclaim_after: Duration,
    ) -> Result<Self> {
        let layout = Layout::cluster(prefix, partitions)?;
        let builder = || {
            ClusterClientBuilder::new(nodes.to_vec())
                .connection_timeout(Duration::from_millis(500))
                .retries(2)
        };
        let client = builder().response_timeout(Duration::from_secs(1)).build()?;
        let reader_client = builder()
            .response_timeout(Duration::from_secs(35))
            .build()?;
        let conn = Conn::Cluster(client.get_async_connection().await?);
        let mut inbound_readers = Vec::new();
        let mut outbox_readers = Vec::new();
        for _ in 0..layout.partitions() {
            inbound_readers.push(Conn::Cluster(reader_client.get_async_connection().await?));
            outbox_readers.push(Conn::Cluster(reader_client.get_async_connection().await?));
        }
        // Live notices are broadcast to every node of a cluster: one node is enough to hear them.
        let first = nodes
            .first()
            .ok_or_else(|| StoreError::Invalid("redis_cluster_nodes is empty".to_owned()))?;
        let live = Live::redis(redis::Client::open(first.as_str())?, conn.clone(), prefix).await?;
        Self::check_partitions(&conn, &layout).await?;
        Self::start(
            layout,
            conn,
            inbound_readers,
            outbox_readers,
            reclaim_after,
            live,
        )
        .await
    }

    /// The partitions the installation's data was written with are kept (`P{config}partitions`,
    /// set by the first start): a start with another count would look for every page's data
    /// in the wrong slot, so it is refused, naming the setting and the count to set back.
    async fn check_partitions(conn: &Conn, layout: &Layout) -> Result<()> {
        let key = layout.config_key("partitions");
        let (kept,): (u16,) = redis::pipe()
            .atomic()
            .cmd("SET")
            .arg(&key)
            .arg(layout.partitions())
            .arg("NX")
            .ignore()
            .get(&key)
            .query_async(&mut conn.clone())
            .await?;
        if kept != layout.partitions() {
            return Err(StoreError::Invalid(format!(
                "redis_partitions ({}) differs from the {kept} this installation's data on the cluster was written with (key_prefix {:?}); set it back to {kept}",
                layout.partitions(),
                layout.prefix()
            )));
        }
        Ok(())
    }

    async fn start(
        layout: Layout,
        conn: Conn,
        inbound_readers: Vec<Conn>,
        outbox_readers: Vec<Conn>,
        reclaim_after: Duration,
        live: Live,
    ) -> Result<Self> {
        let sweeps = Arc::new(streams::Sweeps::new(layout.partitions()));
        let store = RedisStore {
            sweeps,
            layout: Arc::new(layout),
            conn,
            inbound_readers: inbound_readers.into(),
            outbox_readers: outbox_readers.into(),
            reclaim_after,
            live,
            keys: Arc::default(),
        };
        for queue in [&INBOUND, &OUTBOX] {
            for part in 0..store.layout.partitions() {
                store.create_group(queue, part).await?;
            }
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

    /// A key of its own slot (see `Layout::key`).
    fn key(&self, suffix: &str) -> String {
        self.layout.key(suffix)
    }

    /// A key of the configuration slot (see `Layout::config_key`).
    fn config_key(&self, suffix: &str) -> String {
        self.layout.config_key(suffix)
    }

    /// A key of the page's partition (see `Layout::page_key`).
    fn page_key(&self, page_id: &str, suffix: &str) -> String {
        self.layout.page_key(page_id, suffix)
    }

    fn conv_key(&self, conversation: &ConversationKey) -> String {
        self.page_key(&conversation.page_id, &format!("conv:{conversation}"))
    }

    fn links_key(&self, conversation: &ConversationKey) -> String {
        self.page_key(&conversation.page_id, &format!("links:{conversation}"))
    }

    /// A page's index (`queue`, `recent`, `resolved`).
    fn index_key(&self, index: &str, page_id: &str) -> String {
        self.page_key(page_id, &format!("{index}:{page_id}"))
    }

    /// A work queue's stream (or its `outbox:later`, `dead`) in partition `part`.
    fn stream_key(&self, part: u16, name: &str) -> String {
        self.layout.part_key(part, name)
    }

    fn figures_key(&self, key: &DayKey) -> String {
        self.page_key(
            &key.page_id,
            &format!("fig:{}:{}:{}", key.page_id, key.channel, key.day),
        )
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

    async fn create_group(&self, queue: &Queue, part: u16) -> Result<()> {
        let mut conn = self.conn.clone();
        let created: redis::RedisResult<()> = conn
            .xgroup_create_mkstream(self.stream_key(part, queue.stream), queue.group, "0")
            .await;
        match created {
            Err(e) if e.code() == Some("BUSYGROUP") => Ok(()),
            other => Ok(other?),
        }
    }

    /// Reads conversations by their ids (`<channel>:<page>:<customer>`), one pipeline per
    /// slot, all at once; ids without a conversation are left out.
    async fn read_conversations(&self, ids: &[String]) -> Result<Vec<Conversation>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let groups = ids
            .iter()
            .map(|id| {
                let conv = match parse_conversation_key(id) {
                    Some(key) => self.conv_key(&key),
                    None => self.key(&format!("conv:{id}")),
                };
                let mut reads = vec![redis::cmd("HGETALL"), redis::cmd("HVALS")];
                reads[0].arg(&conv);
                reads[1].arg(format!("{conv}:msgs"));
                let mut labels = redis::cmd("SMEMBERS");
                labels.arg(format!("{conv}:labels"));
                let mut notes = redis::cmd("LRANGE");
                notes.arg(format!("{conv}:notes")).arg(0).arg(-1);
                reads.extend([labels, notes]);
                (conv, reads)
            })
            .collect();
        let replies = self.read_by_slot(groups).await?;
        let mut conversations = Vec::with_capacity(ids.len());
        for (id, parts) in ids.iter().zip(replies) {
            let [fields, messages, labels, notes] = &parts[..] else {
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

    /// Runs groups of reads, each `(a key naming its slot, its commands)`: one pipeline per
    /// slot, the slots at once. Answers per group, in the order given.
    async fn read_by_slot(
        &self,
        groups: Vec<(String, Vec<redis::Cmd>)>,
    ) -> Result<Vec<Vec<Value>>> {
        let mut by_slot: BTreeMap<String, (redis::Pipeline, Vec<(usize, usize)>)> = BTreeMap::new();
        let count = groups.len();
        for (index, (key, commands)) in groups.into_iter().enumerate() {
            let (pipe, members) = by_slot
                .entry(self.layout.slot_of(&key).to_owned())
                .or_insert_with(|| (redis::pipe(), Vec::new()));
            members.push((index, commands.len()));
            for command in commands {
                pipe.add_command(command);
            }
        }
        let answers = try_join_all(by_slot.into_values().map(|(pipe, members)| {
            let mut conn = self.conn.clone();
            async move {
                let values: Vec<Value> = pipe.query_async(&mut conn).await?;
                Ok::<_, StoreError>((values, members))
            }
        }))
        .await?;
        let mut replies = vec![Vec::new(); count];
        for (values, members) in answers {
            let mut values = values.into_iter();
            for (index, len) in members {
                if let Some(reply) = replies.get_mut(index) {
                    *reply = values.by_ref().take(len).collect();
                }
            }
        }
        Ok(replies)
    }

    /// Every key under the prefix with its contents, as text, one line per key: for checks
    /// that nothing about an erased customer is left (the store contract's erasure test).
    pub async fn everything(&self) -> Result<Vec<String>> {
        let mut conn = self.conn.clone();
        let mut lines = Vec::new();
        for key in self.scan_keys(&self.key("*")).await? {
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

    /// Every key matching `pattern`, a key of this layout (`key`, `config_key`, …) with glob
    /// syntax after the prefix, by `SCAN` in batches, on every master of a cluster: the
    /// server never blocks on a large keyspace.
    async fn scan_keys(&self, pattern: &str) -> Result<Vec<String>> {
        let prefix = self.layout.prefix();
        let pattern = format!(
            "{}{}",
            glob_escape(prefix),
            pattern.strip_prefix(prefix).unwrap_or(pattern)
        );
        let mut keys = Vec::new();
        if self.layout.is_cluster() {
            let nodes: String = redis::cmd("CLUSTER")
                .arg("NODES")
                .query_async(&mut self.conn.clone())
                .await?;
            for node in layout::masters(&nodes) {
                scan_node(&self.conn, node, &pattern, &mut keys).await?;
            }
        } else {
            scan_node(&self.conn, None, &pattern, &mut keys).await?;
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

/// Adds the keys matching `pattern` on one server, or on one node of a cluster (by its
/// address), to `keys`.
async fn scan_node(
    conn: &Conn,
    node: Option<(String, u16)>,
    pattern: &str,
    keys: &mut Vec<String>,
) -> Result<()> {
    use redis::cluster_routing::{RoutingInfo, SingleNodeRoutingInfo};
    let mut cursor: u64 = 0;
    loop {
        let mut scan = redis::cmd("SCAN");
        scan.arg(cursor)
            .arg("MATCH")
            .arg(pattern)
            .arg("COUNT")
            .arg(1000);
        let (next, batch): (u64, Vec<String>) = match (conn, &node) {
            (Conn::Cluster(conn), Some((host, port))) => {
                let routing = RoutingInfo::SingleNode(SingleNodeRoutingInfo::ByAddress {
                    host: host.clone(),
                    port: *port,
                });
                let value = conn.clone().route_command(scan, routing).await?;
                parse(&value)?
            }
            _ => scan.query_async(&mut conn.clone()).await?,
        };
        keys.extend(batch);
        if next == 0 {
            return Ok(());
        }
        cursor = next;
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
