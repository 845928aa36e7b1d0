//! The embedded store on a local redb file: `cargo run` needs no Redis. It offers the same
//! guarantees as the Redis store within one process (every write is a committed redb
//! transaction, so a killed process loses nothing); it is not meant to be shared by several
//! instances.
//!
//! Work queues are tables keyed by a monotonic sequence number. Which consumer holds an entry
//! is kept in memory: after a restart every uncommitted entry is free to be claimed again,
//! which is exactly what must happen to the work of a process that died.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use redb::{
    Database, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition, TableHandle,
};
use serde::de::DeserializeOwned;
use tokio::sync::Notify;

use super::conversations::queue_score;
use super::figures::days;
use super::pages::asks_for_follow_ups;
use super::privacy::{customer_texts, names_any, record_is_about};
use super::sealing::{SEALED_VALUES, SecretRecord};
use super::{
    Backlog, Changed, Claimed, ConversationStore, CustomerRecords, Erased, EventOutcome,
    FOLLOW_UP_PAGES, FigureStore, PageStore, PageVersion, PrivacyStore, RECENT_KEPT, RecordStore,
    Result, SecretStore, StoreError, StreamStore, WorkQueue, from_json, page_member,
    parse_page_member, to_json,
};
use crate::access::TokenRecord;
use crate::domain::conversation::{
    Change, Conversation, Delivery, Message, Note, OutboundReply, Status,
};
use crate::domain::event::{Channel, ConversationKey, Inbound};
use crate::domain::figures::{DayFigures, DayKey, Recorded};
use crate::domain::page::PageFile;
use crate::domain::policy::Priority;
use crate::live::Live;
use crate::secrets::Keyring;

const PAGES: TableDefinition<&str, &str> = TableDefinition::new("pages");
/// `<channel>:<id>` of every configured page: `list_pages` without reading configurations.
const PAGE_IDS: TableDefinition<&str, ()> = TableDefinition::new("page_ids");
const INBOUND: TableDefinition<u64, &str> = TableDefinition::new("inbound");
const OUTBOX: TableDefinition<u64, &str> = TableDefinition::new("outbox");
/// (due unix ms, sequence) -> a reply waiting for its next attempt
const OUTBOX_LATER: TableDefinition<(i64, u64), &str> = TableDefinition::new("outbox_later");
const SEQUENCES: TableDefinition<&str, u64> = TableDefinition::new("sequences");
/// key -> (owner, expiry in unix ms)
const ONCE: TableDefinition<&str, (&str, i64)> = TableDefinition::new("once");
const CONVERSATIONS: TableDefinition<&str, &str> = TableDefinition::new("conversations");
/// (page, conversation) -> queue position (creation unix ms, high priority ahead)
const QUEUE: TableDefinition<(&str, &str), i64> = TableDefinition::new("queue");
/// (page, conversation) -> unix ms of its latest recorded event (`recent_conversations`)
const RECENT: TableDefinition<(&str, &str), i64> = TableDefinition::new("recent");
/// (`<channel>:<id>`, version) -> who changed the page, when, what, and the configuration
const PAGE_VERSIONS: TableDefinition<(&str, u64), &str> = TableDefinition::new("page_versions");
/// SHA-256 of an API token -> its record (never the token)
const TOKENS: TableDefinition<&str, &str> = TableDefinition::new("tokens");
/// (set, member)
const SETS: TableDefinition<(&str, &str), ()> = TableDefinition::new("sets");
/// Small named records (`RecordStore::put_value`).
const VALUES: TableDefinition<&str, &str> = TableDefinition::new("values");
/// (contact, linked contact) as conversation keys; both directions are stored
const LINKS: TableDefinition<(&str, &str), ()> = TableDefinition::new("links");
/// (page, channel, local day) -> the day's figures as JSON
const FIGURES: TableDefinition<(&str, &str, &str), &str> = TableDefinition::new("figures");
/// (page, conversation) -> unix ms it was last resolved (or last heard of while resolved)
const RESOLVED_AT: TableDefinition<(&str, &str), i64> = TableDefinition::new("resolved_at");
/// (page, unix ms of `RESOLVED_AT`, conversation): the retention's index, oldest first
const RESOLVED_BY_TIME: TableDefinition<(&str, i64, &str), ()> =
    TableDefinition::new("resolved_by_time");

/// redb's page cache (its default is 1 GiB, which a store of many pages fills: every page
/// read stays resident). The operating system's file cache serves what it misses.
const CACHE_BYTES: usize = 64 * 1024 * 1024;

/// Which consumer holds which entry, and since when; plus a wake-up for waiting consumers.
#[derive(Default)]
struct Leases {
    held: Mutex<HashMap<u64, Instant>>,
    arrived: Notify,
}

/// A store on one redb file. Cheap to clone.
#[derive(Clone)]
pub struct EmbeddedStore {
    db: Arc<Database>,
    inbound: Arc<Leases>,
    outbox: Arc<Leases>,
    reclaim_after: Duration,
    live: Live,
    /// The keys `AnyStore` seals tokens with (`super::sealing`); this store only keeps them.
    keys: Arc<Keyring>,
}

impl EmbeddedStore {
    pub fn open(path: &Path, reclaim_after: Duration) -> Result<Self> {
        let db = Database::builder()
            .set_cache_size(CACHE_BYTES)
            .create(path)?;
        let txn = db.begin_write()?;
        {
            // Create every table up front so readers never meet a missing one.
            let pages = txn.open_table(PAGES)?;
            let mut ids = txn.open_table(PAGE_IDS)?;
            // A file written before the index existed: indexed once.
            if ids.is_empty()? && !pages.is_empty()? {
                for row in pages.iter()? {
                    let (member, _) = row?;
                    ids.insert(member.value(), ())?;
                }
            }
            drop((pages, ids));
            txn.open_table(INBOUND)?;
            txn.open_table(OUTBOX)?;
            txn.open_table(OUTBOX_LATER)?;
            txn.open_table(SEQUENCES)?;
            txn.open_table(ONCE)?;
            txn.open_table(CONVERSATIONS)?;
            txn.open_table(QUEUE)?;
            txn.open_table(RECENT)?;
            txn.open_table(FIGURES)?;
            txn.open_table(LINKS)?;
            txn.open_table(PAGE_VERSIONS)?;
            txn.open_table(TOKENS)?;
            txn.open_table(SETS)?;
            txn.open_table(VALUES)?;
            txn.open_table(RESOLVED_AT)?;
            txn.open_table(RESOLVED_BY_TIME)?;
        }
        txn.commit()?;
        Ok(EmbeddedStore {
            db: Arc::new(db),
            inbound: Arc::default(),
            outbox: Arc::default(),
            reclaim_after,
            live: Live::local(),
            keys: Arc::default(),
        })
    }

    /// The same store, with the keys that seal its tokens.
    pub fn with_keys(mut self, keys: Arc<Keyring>) -> Self {
        self.keys = keys;
        self
    }

    pub fn keys(&self) -> &Keyring {
        &self.keys
    }

    /// Every row of every table, as text, one line per row: for checks that nothing about an
    /// erased customer is left (the store contract's erasure test). A table this code does
    /// not know is an error, so a new table cannot be missed.
    pub async fn everything(&self) -> Result<Vec<String>> {
        self.blocking(|db| {
            let txn = db.begin_read()?;
            let mut lines = Vec::new();
            let mut known = Vec::new();
            macro_rules! dump {
                ($($table:expr),* $(,)?) => {
                    $(
                        known.push($table.name().to_owned());
                        for row in txn.open_table($table)?.iter()? {
                            let (key, value) = row?;
                            lines.push(format!(
                                "{} {:?} = {:?}",
                                $table.name(),
                                key.value(),
                                value.value()
                            ));
                        }
                    )*
                };
            }
            dump!(
                PAGES,
                INBOUND,
                OUTBOX,
                OUTBOX_LATER,
                SEQUENCES,
                ONCE,
                CONVERSATIONS,
                QUEUE,
                RECENT,
                PAGE_VERSIONS,
                TOKENS,
                SETS,
                VALUES,
                LINKS,
                FIGURES,
                RESOLVED_AT,
                RESOLVED_BY_TIME,
                PAGE_IDS,
            );
            for table in txn.list_tables()? {
                if !known.iter().any(|name| name == table.name()) {
                    return Err(StoreError::Corrupt {
                        key: table.name().to_owned(),
                        source: serde::de::Error::custom("a table `everything` does not read"),
                    });
                }
            }
            Ok(lines)
        })
        .await
    }

    /// The live bus: in-process only, like the store.
    pub fn live(&self) -> &Live {
        &self.live
    }

    /// Runs a blocking redb operation off the async runtime.
    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Database) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let db = Arc::clone(&self.db);
        tokio::task::spawn_blocking(move || f(&db)).await?
    }

    async fn enqueue(
        &self,
        table: TableDefinition<'static, u64, &'static str>,
        items: Vec<String>,
    ) -> Result<()> {
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            push(&txn, table, &items)?;
            Ok(txn.commit()?)
        })
        .await
    }

    async fn claim<T: DeserializeOwned + Send + 'static>(
        &self,
        table: TableDefinition<'static, u64, &'static str>,
        leases: &Arc<Leases>,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<T>>> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            // Register for a wake-up before looking, so an arrival in between is not missed.
            let arrived = leases.arrived.notified();
            let claimed = self.try_claim(table, leases, max).await?;
            if !claimed.is_empty() || tokio::time::Instant::now() >= deadline {
                return Ok(claimed);
            }
            if tokio::time::timeout_at(deadline, arrived).await.is_err() {
                return Ok(Vec::new());
            }
        }
    }

    async fn try_claim<T: DeserializeOwned + Send + 'static>(
        &self,
        table: TableDefinition<'static, u64, &'static str>,
        leases: &Arc<Leases>,
        max: usize,
    ) -> Result<Vec<Claimed<T>>> {
        let leases = Arc::clone(leases);
        let reclaim_after = self.reclaim_after;
        self.blocking(move |db| {
            // The leases are locked before the snapshot is taken: a commit releases its lease
            // only after its transaction, so an entry seen unheld here is in the snapshot
            // only if it was not committed (or deferred) yet. The other order let a claim
            // take an entry just sent, from a snapshot older than its commit.
            let mut held = leases.held.lock().unwrap_or_else(|p| p.into_inner());
            let txn = db.begin_read()?;
            let entries = txn.open_table(table)?;
            let now = Instant::now();
            let mut claimed = Vec::new();
            for row in entries.iter()? {
                if claimed.len() >= max {
                    break;
                }
                let (id, text) = row?;
                let id = id.value();
                if held
                    .get(&id)
                    .is_some_and(|since| now.duration_since(*since) < reclaim_after)
                {
                    continue;
                }
                held.insert(id, now);
                let item = from_json(&format!("{}:{id}", table.name()), text.value())?;
                claimed.push(Claimed {
                    entry_id: id.to_string(),
                    item,
                });
            }
            Ok(claimed)
        })
        .await
    }

    fn leases(&self, queue: WorkQueue) -> &Leases {
        match queue {
            WorkQueue::Events => &self.inbound,
            WorkQueue::Replies => &self.outbox,
        }
    }

    fn release(leases: &Leases, entry_id: u64) {
        leases
            .held
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&entry_id);
    }
}

/// Appends items to a work-queue table under fresh sequence numbers.
fn push(
    txn: &redb::WriteTransaction,
    table: TableDefinition<'static, u64, &'static str>,
    items: &[String],
) -> Result<()> {
    let mut sequences = txn.open_table(SEQUENCES)?;
    let mut next = sequences.get(table.name())?.map_or(1, |v| v.value());
    let mut entries = txn.open_table(table)?;
    for item in items {
        entries.insert(next, item.as_str())?;
        next += 1;
    }
    sequences.insert(table.name(), next)?;
    Ok(())
}

/// The page's queue entries, (position, conversation key), in queue order; read from the
/// page's range of the index only.
fn waiting_on(txn: &redb::ReadTransaction, page_id: &str) -> Result<Vec<(i64, String)>> {
    let queue = txn.open_table(QUEUE)?;
    let mut waiting = Vec::new();
    for row in queue.range((page_id, "")..)? {
        let (slot, position) = row?;
        let (page, key) = slot.value();
        if page != page_id {
            break;
        }
        waiting.push((position.value(), key.to_owned()));
    }
    waiting.sort();
    Ok(waiting)
}

/// Adds figures to their days, within `txn`.
fn add_figures(txn: &redb::WriteTransaction, figures: &[Recorded]) -> Result<()> {
    if figures.is_empty() {
        return Ok(());
    }
    let mut table = txn.open_table(FIGURES)?;
    for recorded in figures {
        let day = recorded.key.day.to_string();
        let slot = (
            recorded.key.page_id.as_str(),
            recorded.key.channel.as_str(),
            day.as_str(),
        );
        let mut figures: DayFigures = match table.get(slot)? {
            Some(json) => from_json(&day, json.value())?,
            None => DayFigures::default(),
        };
        figures.add(&recorded.figure);
        table.insert(slot, to_json(&figures).as_str())?;
    }
    Ok(())
}

/// Puts a conversation in its page's queue at `score`; one already there keeps its place
/// unless this moves it up.
fn enqueue(txn: &redb::WriteTransaction, page_id: &str, key: &str, score: i64) -> Result<()> {
    let mut queue = txn.open_table(QUEUE)?;
    let current = queue.get((page_id, key))?.map(|v| v.value());
    if current.is_none_or(|current| score < current) {
        queue.insert((page_id, key), score)?;
    }
    Ok(())
}

/// Within `txn`: records where a reply stands (its message in the conversation, replaced by
/// id) and removes outbox entry `id`. A reply that failed for good (`failed_at`) brings its
/// conversation back to a person (`Conversation::on_delivery_failed`).
fn take_off_outbox(
    txn: &redb::WriteTransaction,
    id: u64,
    key: &str,
    message: Message,
    failed_at: Option<DateTime<Utc>>,
) -> Result<()> {
    let mut conversations = txn.open_table(CONVERSATIONS)?;
    if let Some(mut conversation) = load_conversation(&conversations, key)? {
        conversation.messages.retain(|m| m.id != message.id);
        conversation.messages.push(message);
        conversation.sort_messages();
        if let Some(at) = failed_at {
            conversation.on_delivery_failed();
            let page_id = conversation.key.page_id.clone();
            enqueue(txn, &page_id, key, queue_score(at, Priority::Normal))?;
        }
        conversations.insert(key, to_json(&conversation).as_str())?;
    }
    txn.open_table(OUTBOX)?.remove(id)?;
    Ok(())
}

/// Puts a conversation in its page's retention index at `ms` (moving it if it was there).
fn index_resolved(txn: &redb::WriteTransaction, page: &str, key: &str, ms: i64) -> Result<()> {
    unindex_resolved(txn, page, key)?;
    txn.open_table(RESOLVED_AT)?.insert((page, key), ms)?;
    txn.open_table(RESOLVED_BY_TIME)?
        .insert((page, ms, key), ())?;
    Ok(())
}

fn unindex_resolved(txn: &redb::WriteTransaction, page: &str, key: &str) -> Result<()> {
    let at = txn
        .open_table(RESOLVED_AT)?
        .remove((page, key))?
        .map(|ms| ms.value());
    if let Some(ms) = at {
        txn.open_table(RESOLVED_BY_TIME)?.remove((page, ms, key))?;
    }
    Ok(())
}

/// Keeps the page `member` in `PAGE_IDS` while it `exists`, and in `FOLLOW_UP_PAGES` while
/// its configuration asks for follow-ups, within the page's save.
fn index_page(
    txn: &redb::WriteTransaction,
    member: &str,
    exists: bool,
    follow_ups: bool,
) -> Result<()> {
    let mut ids = txn.open_table(PAGE_IDS)?;
    if exists {
        ids.insert(member, ())?;
    } else {
        ids.remove(member)?;
    }
    let mut sets = txn.open_table(SETS)?;
    if follow_ups {
        sets.insert((FOLLOW_UP_PAGES, member), ())?;
    } else {
        sets.remove((FOLLOW_UP_PAGES, member))?;
    }
    Ok(())
}

/// Removes a conversation with its queue, recent and retention entries and its links (both
/// directions), within `txn`; says how much.
fn remove_conversation(txn: &redb::WriteTransaction, key: &ConversationKey) -> Result<Erased> {
    let id = key.to_string();
    let page = key.page_id.as_str();
    let mut erased = Erased::default();
    let removed = txn
        .open_table(CONVERSATIONS)?
        .remove(id.as_str())?
        .map(|text| text.value().to_owned());
    if let Some(text) = removed {
        let conversation: Conversation = from_json(&id, &text)?;
        erased.conversations = 1;
        erased.messages = conversation.messages.len() as u64;
        erased.notes = conversation.notes.len() as u64;
    }
    if txn
        .open_table(QUEUE)?
        .remove((page, id.as_str()))?
        .is_some()
    {
        erased.queue_entries = 1;
    }
    txn.open_table(RECENT)?.remove((page, id.as_str()))?;
    unindex_resolved(txn, page, &id)?;
    let mut links = txn.open_table(LINKS)?;
    let mut others = Vec::new();
    for row in links.range((id.as_str(), "")..)? {
        let (pair, _) = row?;
        let (from, to) = pair.value();
        if from != id {
            break;
        }
        others.push(to.to_owned());
    }
    let me = to_json(key);
    for other in &others {
        links.remove((id.as_str(), other.as_str()))?;
        if let Ok(other) = serde_json::from_str::<ConversationKey>(other) {
            links.remove((other.to_string().as_str(), me.as_str()))?;
        }
    }
    erased.links = others.len() as u64;
    Ok(erased)
}

/// What a search for one customer found, and where it is kept.
struct FoundCustomer {
    records: CustomerRecords,
    outbox: Vec<u64>,
    later: Vec<(i64, u64)>,
    inbound: Vec<u64>,
    once: Vec<String>,
    sets: Vec<(String, String)>,
}

/// Finds everything kept about the customer behind `keys` (read within `txn`).
fn find_customer(txn: &redb::WriteTransaction, keys: &[ConversationKey]) -> Result<FoundCustomer> {
    let ids: Vec<String> = keys.iter().map(ToString::to_string).collect();
    let mut conversations = Vec::new();
    {
        let table = txn.open_table(CONVERSATIONS)?;
        for id in &ids {
            conversations.extend(load_conversation(&table, id)?);
        }
    }
    let texts = customer_texts(&conversations);
    let mut links = Vec::new();
    {
        let table = txn.open_table(LINKS)?;
        for (key, id) in keys.iter().zip(&ids) {
            let mut linked = Vec::new();
            for row in table.range((id.as_str(), "")..)? {
                let (pair, _) = row?;
                let (from, to) = pair.value();
                if from != id {
                    break;
                }
                linked.extend(serde_json::from_str::<ConversationKey>(to).ok());
            }
            if !linked.is_empty() {
                linked.sort_by_key(ToString::to_string);
                links.push((key.clone(), linked));
            }
        }
    }
    let about_reply = |text: &str| {
        serde_json::from_str::<OutboundReply>(text)
            .ok()
            .filter(|reply| keys.contains(&reply.conversation))
    };
    let (mut outbox, mut later, mut inbound) = (Vec::new(), Vec::new(), Vec::new());
    let mut pending_replies = Vec::new();
    let mut pending_events = Vec::new();
    for row in txn.open_table(OUTBOX)?.iter()? {
        let (id, text) = row?;
        if let Some(reply) = about_reply(text.value()) {
            outbox.push(id.value());
            pending_replies.push(reply);
        }
    }
    for row in txn.open_table(OUTBOX_LATER)?.iter()? {
        let (slot, text) = row?;
        if let Some(reply) = about_reply(text.value()) {
            later.push(slot.value());
            pending_replies.push(reply);
        }
    }
    for row in txn.open_table(INBOUND)?.iter()? {
        let (id, text) = row?;
        if let Ok(event) = serde_json::from_str::<Inbound>(text.value())
            && keys.contains(&event.conversation())
        {
            inbound.push(id.value());
            pending_events.push(event);
        }
    }
    let mut once = Vec::new();
    for row in txn.open_table(ONCE)?.iter()? {
        let (key, _) = row?;
        if names_any(key.value(), &ids) {
            once.push(key.value().to_owned());
        }
    }
    let mut sets = Vec::new();
    for row in txn.open_table(SETS)?.iter()? {
        let (key, _) = row?;
        let (set, member) = key.value();
        if record_is_about(member, keys, &texts) {
            sets.push((set.to_owned(), member.to_owned()));
        }
    }
    Ok(FoundCustomer {
        records: CustomerRecords {
            conversations,
            links,
            pending_replies,
            pending_events,
            claims: once.clone(),
            set_members: sets.clone(),
        },
        outbox,
        later,
        inbound,
        once,
        sets,
    })
}

fn parse_entry_id(entry_id: &str) -> Result<u64> {
    entry_id.parse().map_err(|_| StoreError::Corrupt {
        key: entry_id.to_owned(),
        source: serde::de::Error::custom("entry ids of the embedded store are numbers"),
    })
}

fn load_conversation(
    table: &impl ReadableTable<&'static str, &'static str>,
    key: &str,
) -> Result<Option<Conversation>> {
    table
        .get(key)?
        .map(|text| from_json(key, text.value()))
        .transpose()
}

impl PageStore for EmbeddedStore {
    async fn save_page(&self, channel: Channel, id: &str, change: &PageVersion) -> Result<u64> {
        let member = page_member(channel, id);
        let config = change.page.as_ref().map(to_json);
        let record = to_json(change);
        let follow_ups = asks_for_follow_ups(change);
        let exists = change.page.is_some();
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let version = {
                let mut versions = txn.open_table(PAGE_VERSIONS)?;
                let last = versions
                    .range((member.as_str(), 0)..=(member.as_str(), u64::MAX))?
                    .next_back()
                    .transpose()?
                    .map_or(0, |(key, _)| key.value().1);
                versions.insert((member.as_str(), last + 1), record.as_str())?;
                last + 1
            };
            let mut pages = txn.open_table(PAGES)?;
            match config {
                Some(config) => pages.insert(member.as_str(), config.as_str()),
                None => pages.remove(member.as_str()),
            }?;
            drop(pages);
            index_page(&txn, &member, exists, follow_ups)?;
            txn.commit()?;
            Ok(version)
        })
        .await
    }
    async fn save_pages(&self, changes: &[(Channel, String, PageVersion)]) -> Result<Vec<u64>> {
        let rows: Vec<(String, Option<String>, String, bool)> = changes
            .iter()
            .map(|(channel, id, change)| {
                (
                    page_member(*channel, id),
                    change.page.as_ref().map(to_json),
                    to_json(change),
                    asks_for_follow_ups(change),
                )
            })
            .collect();
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let mut numbers = Vec::with_capacity(rows.len());
            {
                let mut versions = txn.open_table(PAGE_VERSIONS)?;
                let mut pages = txn.open_table(PAGES)?;
                for (member, config, record, _) in &rows {
                    let last = versions
                        .range((member.as_str(), 0)..=(member.as_str(), u64::MAX))?
                        .next_back()
                        .transpose()?
                        .map_or(0, |(key, _)| key.value().1);
                    versions.insert((member.as_str(), last + 1), record.as_str())?;
                    match config {
                        Some(config) => pages.insert(member.as_str(), config.as_str()),
                        None => pages.remove(member.as_str()),
                    }?;
                    numbers.push(last + 1);
                }
            }
            for (member, config, _, follow_ups) in &rows {
                index_page(&txn, member, config.is_some(), *follow_ups)?;
            }
            txn.commit()?;
            Ok(numbers)
        })
        .await
    }
    async fn load_pages(&self, keys: &[(Channel, String)]) -> Result<Vec<Option<PageFile>>> {
        let members: Vec<String> = keys.iter().map(|(c, id)| page_member(*c, id)).collect();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let pages = txn.open_table(PAGES)?;
            members
                .iter()
                .map(|member| {
                    let text = pages.get(member.as_str())?;
                    text.map(|t| from_json(member, t.value())).transpose()
                })
                .collect()
        })
        .await
    }
    async fn page_versions(&self, channel: Channel, id: &str) -> Result<Vec<PageVersion>> {
        let member = page_member(channel, id);
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let table = txn.open_table(PAGE_VERSIONS)?;
            let mut versions = Vec::new();
            for row in table.range((member.as_str(), 0)..=(member.as_str(), u64::MAX))? {
                let (key, json) = row?;
                let mut record: PageVersion = from_json(&member, json.value())?;
                record.version = key.value().1;
                versions.push(record);
            }
            Ok(versions)
        })
        .await
    }
    async fn list_pages(&self) -> Result<Vec<(Channel, String)>> {
        self.blocking(|db| {
            let txn = db.begin_read()?;
            let table = txn.open_table(PAGE_IDS)?;
            let mut pages = Vec::new();
            for row in table.iter()? {
                let (key, _) = row?;
                pages.extend(parse_page_member(key.value()));
            }
            pages.sort_by(|a, b| (a.0.as_str(), &a.1).cmp(&(b.0.as_str(), &b.1)));
            Ok(pages)
        })
        .await
    }
    async fn load_page(&self, channel: Channel, id: &str) -> Result<Option<PageFile>> {
        let id = format!("{channel}:{id}");
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let pages = txn.open_table(PAGES)?;
            let text = pages.get(id.as_str())?;
            text.map(|t| from_json(&id, t.value())).transpose()
        })
        .await
    }
}

impl RecordStore for EmbeddedStore {
    async fn save_token(&self, hash: &str, record: &TokenRecord) -> Result<()> {
        let (hash, json) = (hash.to_owned(), to_json(record));
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            txn.open_table(TOKENS)?
                .insert(hash.as_str(), json.as_str())?;
            Ok(txn.commit()?)
        })
        .await
    }
    async fn find_token(&self, hash: &str) -> Result<Option<TokenRecord>> {
        let hash = hash.to_owned();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let table = txn.open_table(TOKENS)?;
            let json = table.get(hash.as_str())?;
            json.map(|j| from_json(&hash, j.value())).transpose()
        })
        .await
    }
    async fn list_tokens(&self) -> Result<Vec<TokenRecord>> {
        let mut tokens: Vec<TokenRecord> = self
            .blocking(|db| {
                let txn = db.begin_read()?;
                let table = txn.open_table(TOKENS)?;
                let mut tokens = Vec::new();
                for row in table.iter()? {
                    let (_, json) = row?;
                    tokens.push(from_json("tokens", json.value())?);
                }
                Ok(tokens)
            })
            .await?;
        tokens.sort_by_key(|t| t.created_at);
        Ok(tokens)
    }
    async fn revoke_token(&self, id: &str) -> Result<bool> {
        let id = id.to_owned();
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let removed = {
                let mut table = txn.open_table(TOKENS)?;
                let mut hash = None;
                for row in table.iter()? {
                    let (key, json) = row?;
                    let record: TokenRecord = from_json("tokens", json.value())?;
                    if record.id == id {
                        hash = Some(key.value().to_owned());
                    }
                }
                match hash {
                    Some(hash) => table.remove(hash.as_str())?.is_some(),
                    None => false,
                }
            };
            txn.commit()?;
            Ok(removed)
        })
        .await
    }
    async fn remember(&self, set: &str, member: &str) -> Result<()> {
        let (set, member) = (set.to_owned(), member.to_owned());
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            txn.open_table(SETS)?
                .insert((set.as_str(), member.as_str()), ())?;
            Ok(txn.commit()?)
        })
        .await
    }
    async fn members(&self, set: &str) -> Result<Vec<String>> {
        let set = set.to_owned();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let table = txn.open_table(SETS)?;
            let mut members = Vec::new();
            for row in table.range((set.as_str(), "")..)? {
                let (key, _) = row?;
                let (name, member) = key.value();
                if name != set {
                    break;
                }
                members.push(member.to_owned());
            }
            Ok(members)
        })
        .await
    }
    async fn forget(&self, set: &str, member: &str) -> Result<bool> {
        let (set, member) = (set.to_owned(), member.to_owned());
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let removed = txn
                .open_table(SETS)?
                .remove((set.as_str(), member.as_str()))?
                .is_some();
            txn.commit()?;
            Ok(removed)
        })
        .await
    }
    async fn get_value(&self, key: &str) -> Result<Option<String>> {
        let key = key.to_owned();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let table = txn.open_table(VALUES)?;
            let value = table.get(key.as_str())?;
            Ok(value.map(|v| v.value().to_owned()))
        })
        .await
    }
    async fn put_value(&self, key: &str, value: &str) -> Result<()> {
        let (key, value) = (key.to_owned(), value.to_owned());
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            txn.open_table(VALUES)?
                .insert(key.as_str(), value.as_str())?;
            Ok(txn.commit()?)
        })
        .await
    }
    async fn put_value_expiring(&self, key: &str, value: &str, _ttl: Duration) -> Result<()> {
        self.put_value(key, value).await
    }
    async fn delete_value(&self, key: &str) -> Result<bool> {
        let key = key.to_owned();
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let removed = txn.open_table(VALUES)?.remove(key.as_str())?.is_some();
            txn.commit()?;
            Ok(removed)
        })
        .await
    }
    async fn count_up(&self, key: &str, _ttl: Duration) -> Result<u64> {
        let key = format!("count:{key}");
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let count = {
                let mut table = txn.open_table(SEQUENCES)?;
                let count = table
                    .get(key.as_str())?
                    .map_or(0, |v| v.value())
                    .saturating_add(1);
                table.insert(key.as_str(), count)?;
                count
            };
            txn.commit()?;
            Ok(count)
        })
        .await
    }
    async fn claim_once(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool> {
        let (key, owner) = (key.to_owned(), owner.to_owned());
        let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
        self.blocking(move |db| {
            let now = Utc::now().timestamp_millis();
            let txn = db.begin_write()?;
            let granted = {
                let mut once = txn.open_table(ONCE)?;
                let holder = once.get(key.as_str())?.and_then(|v| {
                    let (holder, expires) = v.value();
                    (expires > now).then(|| holder.to_owned())
                });
                match holder {
                    Some(holder) => holder == owner,
                    None => {
                        let expires = now.saturating_add(ttl_ms);
                        once.insert(key.as_str(), (owner.as_str(), expires))?;
                        // Forget claims that expired, so the table does not grow forever.
                        once.retain(|_, (_, expires)| expires > now)?;
                        true
                    }
                }
            };
            txn.commit()?;
            Ok(granted)
        })
        .await
    }
}

impl StreamStore for EmbeddedStore {
    async fn record_events(&self, events: &[Inbound]) -> Result<()> {
        if events.is_empty() {
            return Ok(());
        }
        self.enqueue(INBOUND, events.iter().map(to_json).collect())
            .await?;
        self.inbound.arrived.notify_waiters();
        Ok(())
    }
    async fn claim_events(
        &self,
        _consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<Inbound>>> {
        self.claim(INBOUND, &self.inbound, max, wait).await
    }
    async fn commit_event(&self, entry_id: &str, outcome: Option<&EventOutcome>) -> Result<()> {
        let id = parse_entry_id(entry_id)?;
        let outcome = outcome.cloned();
        let queued_reply = outcome.as_ref().is_some_and(|o| o.reply.is_some());
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            if let Some(outcome) = outcome {
                let key = outcome.conversation.to_string();
                let mut conversations = txn.open_table(CONVERSATIONS)?;
                let mut conversation =
                    load_conversation(&conversations, &key)?.unwrap_or_else(|| {
                        Conversation::opened(outcome.conversation.clone(), outcome.at)
                    });
                conversation.on_event(
                    &outcome.turn,
                    outcome.messages,
                    outcome.labels,
                    outcome.priority,
                    outcome.at,
                );
                let priority = conversation.priority;
                conversations.insert(key.as_str(), to_json(&conversation).as_str())?;
                let page_id = outcome.conversation.page_id.as_str();
                txn.open_table(RECENT)?
                    .insert((page_id, key.as_str()), outcome.at.timestamp_millis())?;
                if outcome.escalate {
                    let page_id = outcome.conversation.page_id.as_str();
                    enqueue(&txn, page_id, &key, queue_score(outcome.at, priority))?;
                }
                if let Some(reply) = outcome.reply {
                    push(&txn, OUTBOX, &[to_json(&reply)])?;
                }
                add_figures(&txn, &outcome.figures)?;
            }
            txn.open_table(INBOUND)?.remove(id)?;
            Ok(txn.commit()?)
        })
        .await?;
        Self::release(&self.inbound, id);
        if queued_reply {
            self.outbox.arrived.notify_waiters();
        }
        Ok(())
    }
    async fn claim_replies(
        &self,
        _consumer: &str,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<Claimed<OutboundReply>>> {
        self.claim(OUTBOX, &self.outbox, max, wait).await
    }
    async fn defer_reply(
        &self,
        entry_id: &str,
        reply: &OutboundReply,
        not_before: DateTime<Utc>,
        delivery: &Delivery,
    ) -> Result<()> {
        let id = parse_entry_id(entry_id)?;
        let message = reply.as_message(delivery.clone());
        let key = reply.conversation.to_string();
        let json = to_json(reply);
        let due = not_before.timestamp_millis();
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            take_off_outbox(&txn, id, &key, message, None)?;
            {
                let mut sequences = txn.open_table(SEQUENCES)?;
                let sequence = sequences.get(OUTBOX_LATER.name())?.map_or(1, |v| v.value());
                sequences.insert(OUTBOX_LATER.name(), sequence.saturating_add(1))?;
                txn.open_table(OUTBOX_LATER)?
                    .insert((due, sequence), json.as_str())?;
            }
            Ok(txn.commit()?)
        })
        .await?;
        Self::release(&self.outbox, id);
        Ok(())
    }
    async fn promote_due_replies(&self, now: DateTime<Utc>, max: usize) -> Result<usize> {
        let now = now.timestamp_millis();
        let moved = self
            .blocking(move |db| {
                // Most rounds find nothing due: a read transaction says so without the
                // write transaction's commit (and its fsync) on every round.
                let nothing_due = db
                    .begin_read()?
                    .open_table(OUTBOX_LATER)?
                    .first()?
                    .is_none_or(|(slot, _)| slot.value().0 > now);
                if nothing_due {
                    return Ok(0);
                }
                let txn = db.begin_write()?;
                let due = {
                    let later = txn.open_table(OUTBOX_LATER)?;
                    let mut due = Vec::new();
                    for row in later.range(..=(now, u64::MAX))?.take(max) {
                        let (slot, reply) = row?;
                        due.push((slot.value(), reply.value().to_owned()));
                    }
                    due
                };
                if due.is_empty() {
                    return Ok(0);
                }
                let mut later = txn.open_table(OUTBOX_LATER)?;
                for (slot, _) in &due {
                    later.remove(*slot)?;
                }
                drop(later);
                let replies: Vec<String> = due.into_iter().map(|(_, reply)| reply).collect();
                push(&txn, OUTBOX, &replies)?;
                txn.commit()?;
                Ok(replies.len())
            })
            .await?;
        if moved > 0 {
            self.outbox.arrived.notify_waiters();
        }
        Ok(moved)
    }
    async fn next_deferred_reply(&self) -> Result<Option<DateTime<Utc>>> {
        self.blocking(|db| {
            let txn = db.begin_read()?;
            let later = txn.open_table(OUTBOX_LATER)?;
            let first = later.first()?;
            Ok(first.and_then(|(slot, _)| DateTime::from_timestamp_millis(slot.value().0)))
        })
        .await
    }
    async fn backlog(&self) -> Result<Backlog> {
        self.blocking(|db| {
            let txn = db.begin_read()?;
            let inbound = txn.open_table(INBOUND)?;
            let outbox = txn.open_table(OUTBOX)?;
            // The first entry of each queue is the oldest; an unreadable one tells no age.
            let oldest_event_recorded_at = inbound.first()?.and_then(|(_, text)| {
                serde_json::from_str::<Inbound>(text.value())
                    .ok()
                    .and_then(|event| event.trace.received_at)
            });
            let oldest_ready_reply_written_at = outbox.first()?.and_then(|(_, text)| {
                serde_json::from_str::<OutboundReply>(text.value())
                    .ok()
                    .map(|reply| reply.created_at)
            });
            Ok(Backlog {
                events: inbound.len()?,
                oldest_event_recorded_at,
                replies_ready: outbox.len()?,
                oldest_ready_reply_written_at,
                replies_deferred: txn.open_table(OUTBOX_LATER)?.len()?,
            })
        })
        .await
    }
    async fn renew_claims(
        &self,
        queue: WorkQueue,
        _consumer: &str,
        entry_ids: &[String],
    ) -> Result<()> {
        // One process owns the file, so every lease is this consumer's.
        let now = Instant::now();
        let mut held = self
            .leases(queue)
            .held
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        for id in entry_ids.iter().filter_map(|id| id.parse::<u64>().ok()) {
            if let Some(since) = held.get_mut(&id) {
                *since = now;
            }
        }
        Ok(())
    }
    async fn release_claims(
        &self,
        queue: WorkQueue,
        _consumer: &str,
        entry_ids: &[String],
    ) -> Result<()> {
        let leases = self.leases(queue);
        for id in entry_ids.iter().filter_map(|id| id.parse::<u64>().ok()) {
            Self::release(leases, id);
        }
        leases.arrived.notify_waiters();
        Ok(())
    }
    async fn commit_reply(
        &self,
        entry_id: &str,
        reply: &OutboundReply,
        delivery: &Delivery,
    ) -> Result<()> {
        let id = parse_entry_id(entry_id)?;
        let message = reply.as_message(delivery.clone());
        let failed_at = match delivery {
            Delivery::Failed { at, .. } => Some(*at),
            _ => None,
        };
        let key = reply.conversation.to_string();
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            take_off_outbox(&txn, id, &key, message, failed_at)?;
            Ok(txn.commit()?)
        })
        .await?;
        Self::release(&self.outbox, id);
        Ok(())
    }
}

impl ConversationStore for EmbeddedStore {
    async fn queue(&self, page_id: &str) -> Result<Vec<Conversation>> {
        let page_id = page_id.to_owned();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let waiting = waiting_on(&txn, &page_id)?;
            let conversations = txn.open_table(CONVERSATIONS)?;
            let mut result = Vec::with_capacity(waiting.len());
            for (_, key) in waiting {
                result.extend(load_conversation(&conversations, &key)?);
            }
            Ok(result)
        })
        .await
    }
    async fn recent_conversations(&self, page_id: &str, max: usize) -> Result<Vec<Conversation>> {
        let page_id = page_id.to_owned();
        let max = max.min(RECENT_KEPT);
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let recent = txn.open_table(RECENT)?;
            let mut latest: Vec<(i64, String)> = Vec::new();
            for row in recent.range((page_id.as_str(), "")..)? {
                let (slot, at) = row?;
                let (page, key) = slot.value();
                if page != page_id {
                    break;
                }
                latest.push((at.value(), key.to_owned()));
            }
            latest.sort_by(|a, b| b.cmp(a));
            latest.truncate(max);
            let conversations = txn.open_table(CONVERSATIONS)?;
            let mut result = Vec::with_capacity(latest.len());
            for (_, key) in latest {
                result.extend(load_conversation(&conversations, &key)?);
            }
            Ok(result)
        })
        .await
    }
    async fn queue_depth(&self, page_id: &str) -> Result<usize> {
        let page_id = page_id.to_owned();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            Ok(waiting_on(&txn, &page_id)?.len())
        })
        .await
    }
    async fn change_conversation(
        &self,
        key: &ConversationKey,
        change: &Change,
        now: DateTime<Utc>,
    ) -> Result<Changed> {
        let change = change.clone();
        self.update(key, move |txn, conversation| {
            if let Err(refused) = conversation.apply(&change, now) {
                return Ok(Changed::Refused(refused));
            }
            let mut queue = txn.open_table(QUEUE)?;
            let slot_key = conversation.key.to_string();
            let slot = (conversation.key.page_id.as_str(), slot_key.as_str());
            match change {
                Change::Resolve => {
                    queue.remove(slot)?;
                    index_resolved(txn, slot.0, slot.1, now.timestamp_millis())?;
                }
                Change::Reopen => {
                    queue.insert(slot, queue_score(now, conversation.priority))?;
                }
                _ => {}
            }
            Ok(Changed::Done)
        })
        .await
        .map(|changed| changed.unwrap_or(Changed::NotFound))
    }
    async fn assignee(&self, key: &ConversationKey) -> Result<Option<String>> {
        Ok(self.conversation(key).await?.and_then(|c| c.assignee))
    }
    async fn add_note(&self, key: &ConversationKey, note: &Note) -> Result<bool> {
        let note = note.clone();
        self.update(key, move |_, conversation| {
            conversation.notes.push(note);
            Ok(())
        })
        .await
        .map(|done| done.is_some())
    }
    async fn change_labels(
        &self,
        key: &ConversationKey,
        add: &[String],
        remove: &[String],
    ) -> Result<bool> {
        let (add, remove) = (add.to_vec(), remove.to_vec());
        self.update(key, move |_, conversation| {
            conversation.labels.extend(add);
            conversation.labels.retain(|l| !remove.contains(l));
            Ok(())
        })
        .await
        .map(|done| done.is_some())
    }
    async fn commit_outbound(&self, reply: &OutboundReply) -> Result<bool> {
        let reply = reply.clone();
        let done = self
            .update(&reply.conversation.clone(), move |txn, conversation| {
                conversation
                    .messages
                    .push(reply.as_message(Delivery::Pending));
                conversation.sort_messages();
                match &reply.by {
                    Some(staff) => conversation.on_staff_reply(staff, reply.created_at),
                    None => conversation.updated_at = reply.created_at,
                }
                push(txn, OUTBOX, &[to_json(&reply)])
            })
            .await?
            .is_some();
        if done {
            self.outbox.arrived.notify_waiters();
        }
        Ok(done)
    }
    async fn conversation(&self, key: &ConversationKey) -> Result<Option<Conversation>> {
        let key = key.to_string();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let conversations = txn.open_table(CONVERSATIONS)?;
            load_conversation(&conversations, &key)
        })
        .await
    }
    async fn set_link(&self, a: &ConversationKey, b: &ConversationKey, linked: bool) -> Result<()> {
        let pairs = [(a.to_string(), to_json(b)), (b.to_string(), to_json(a))];
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            {
                let mut links = txn.open_table(LINKS)?;
                for (from, to) in &pairs {
                    if linked {
                        links.insert((from.as_str(), to.as_str()), ())?;
                    } else {
                        links.remove((from.as_str(), to.as_str()))?;
                    }
                }
            }
            Ok(txn.commit()?)
        })
        .await
    }
    async fn linked(&self, key: &ConversationKey) -> Result<Vec<ConversationKey>> {
        let mut linked = self.linked_many(std::slice::from_ref(key)).await?;
        Ok(linked.pop().unwrap_or_default())
    }
    async fn linked_many(&self, keys: &[ConversationKey]) -> Result<Vec<Vec<ConversationKey>>> {
        let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let links = txn.open_table(LINKS)?;
            let mut all = Vec::with_capacity(keys.len());
            for key in &keys {
                let mut linked = Vec::new();
                for row in links.range((key.as_str(), "")..)? {
                    let (pair, _) = row?;
                    let (from, to) = pair.value();
                    if from != key {
                        break;
                    }
                    linked.push(from_json::<ConversationKey>(key, to)?);
                }
                linked.sort_by_key(ToString::to_string);
                all.push(linked);
            }
            Ok(all)
        })
        .await
    }
}

impl FigureStore for EmbeddedStore {
    async fn record_figures(&self, figures: &[Recorded]) -> Result<()> {
        let figures = figures.to_vec();
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            add_figures(&txn, &figures)?;
            Ok(txn.commit()?)
        })
        .await
    }
    async fn figures(
        &self,
        page_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(DayKey, DayFigures)>> {
        let page_id = page_id.to_owned();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let table = txn.open_table(FIGURES)?;
            let mut found = Vec::new();
            for channel in Channel::ALL {
                for day in days(from, to) {
                    let key = DayKey {
                        page_id: page_id.clone(),
                        channel,
                        day,
                    };
                    let day_text = day.to_string();
                    let slot = (page_id.as_str(), channel.as_str(), day_text.as_str());
                    if let Some(json) = table.get(slot)? {
                        found.push((key, from_json(&day_text, json.value())?));
                    }
                }
            }
            Ok(found)
        })
        .await
    }
}

impl PrivacyStore for EmbeddedStore {
    async fn customer_records(&self, keys: &[ConversationKey]) -> Result<CustomerRecords> {
        let keys = keys.to_vec();
        self.blocking(move |db| {
            // A write transaction (never committed) reads what an erasure would remove.
            let txn = db.begin_write()?;
            let found = find_customer(&txn, &keys)?;
            txn.abort()?;
            Ok(found.records)
        })
        .await
    }
    async fn erase_customer(&self, keys: &[ConversationKey]) -> Result<Erased> {
        let keys = keys.to_vec();
        let (erased, outbox, inbound) = self
            .blocking(move |db| {
                let txn = db.begin_write()?;
                let found = find_customer(&txn, &keys)?;
                let mut erased = Erased::default();
                for key in &keys {
                    erased.add(&remove_conversation(&txn, key)?);
                }
                {
                    let mut table = txn.open_table(OUTBOX)?;
                    for id in &found.outbox {
                        table.remove(*id)?;
                    }
                    let mut table = txn.open_table(OUTBOX_LATER)?;
                    for slot in &found.later {
                        table.remove(*slot)?;
                    }
                    let mut table = txn.open_table(INBOUND)?;
                    for id in &found.inbound {
                        table.remove(*id)?;
                    }
                    let mut table = txn.open_table(ONCE)?;
                    for key in &found.once {
                        table.remove(key.as_str())?;
                    }
                    let mut table = txn.open_table(SETS)?;
                    for (set, member) in &found.sets {
                        table.remove((set.as_str(), member.as_str()))?;
                    }
                }
                txn.commit()?;
                erased.replies = found.records.pending_replies.len() as u64;
                erased.events = found.inbound.len() as u64;
                erased.claims = found.once.len() as u64;
                erased.set_members = found.sets.len() as u64;
                Ok((erased, found.outbox, found.inbound))
            })
            .await?;
        for id in outbox {
            Self::release(&self.outbox, id);
        }
        for id in inbound {
            Self::release(&self.inbound, id);
        }
        Ok(erased)
    }
    async fn forget_resolved(
        &self,
        page_id: &str,
        before: DateTime<Utc>,
        max: usize,
    ) -> Result<Erased> {
        let page_id = page_id.to_owned();
        let before_ms = before.timestamp_millis();
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let due: Vec<String> = {
                let index = txn.open_table(RESOLVED_BY_TIME)?;
                let mut due = Vec::new();
                for row in index
                    .range(
                        (page_id.as_str(), i64::MIN, "")
                            ..(page_id.as_str(), before_ms, "\u{10FFFF}"),
                    )?
                    .take(max)
                {
                    let (slot, _) = row?;
                    due.push(slot.value().2.to_owned());
                }
                due
            };
            let mut erased = Erased::default();
            for id in due {
                let conversation = {
                    let table = txn.open_table(CONVERSATIONS)?;
                    load_conversation(&table, &id)?
                };
                match conversation {
                    Some(c) if c.status == Status::Resolved && c.updated_at > before => {
                        index_resolved(&txn, &page_id, &id, c.updated_at.timestamp_millis())?;
                    }
                    Some(c) if c.status == Status::Resolved => {
                        erased.add(&remove_conversation(&txn, &c.key)?);
                    }
                    _ => unindex_resolved(&txn, &page_id, &id)?,
                }
            }
            txn.commit()?;
            Ok(erased)
        })
        .await
    }
}

impl SecretStore for EmbeddedStore {
    async fn secret_records(&self) -> Result<Vec<SecretRecord>> {
        self.blocking(|db| {
            let txn = db.begin_read()?;
            let mut records = Vec::new();
            for row in txn.open_table(PAGES)?.iter()? {
                let (key, _) = row?;
                if let Some((channel, id)) = parse_page_member(key.value()) {
                    records.push(SecretRecord::Page { channel, id });
                }
            }
            for row in txn.open_table(PAGE_VERSIONS)?.iter()? {
                let (key, _) = row?;
                let (member, version) = key.value();
                if let Some((channel, id)) = parse_page_member(member) {
                    records.push(SecretRecord::PageVersion {
                        channel,
                        id,
                        version,
                    });
                }
            }
            let values = txn.open_table(VALUES)?;
            for prefix in SEALED_VALUES {
                for row in values.range(*prefix..)? {
                    let (key, _) = row?;
                    let key = key.value();
                    if !key.starts_with(prefix) {
                        break;
                    }
                    records.push(SecretRecord::Value(key.to_owned()));
                }
            }
            Ok(records)
        })
        .await
    }
    async fn read_record(&self, record: &SecretRecord) -> Result<Option<String>> {
        let record = record.clone();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            Ok(match &record {
                SecretRecord::Page { channel, id } => txn
                    .open_table(PAGES)?
                    .get(page_member(*channel, id).as_str())?
                    .map(|text| text.value().to_owned()),
                SecretRecord::PageVersion {
                    channel,
                    id,
                    version,
                } => txn
                    .open_table(PAGE_VERSIONS)?
                    .get((page_member(*channel, id).as_str(), *version))?
                    .map(|text| text.value().to_owned()),
                SecretRecord::Value(key) => txn
                    .open_table(VALUES)?
                    .get(key.as_str())?
                    .map(|text| text.value().to_owned()),
            })
        })
        .await
    }
    async fn replace_record(&self, record: &SecretRecord, old: &str, new: &str) -> Result<bool> {
        let (record, old, new) = (record.clone(), old.to_owned(), new.to_owned());
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let replaced = match &record {
                SecretRecord::Page { channel, id } => {
                    let member = page_member(*channel, id);
                    let mut table = txn.open_table(PAGES)?;
                    let same = table
                        .get(member.as_str())?
                        .is_some_and(|text| text.value() == old);
                    if same {
                        table.insert(member.as_str(), new.as_str())?;
                    }
                    same
                }
                SecretRecord::PageVersion {
                    channel,
                    id,
                    version,
                } => {
                    let member = page_member(*channel, id);
                    let mut table = txn.open_table(PAGE_VERSIONS)?;
                    let same = table
                        .get((member.as_str(), *version))?
                        .is_some_and(|text| text.value() == old);
                    if same {
                        table.insert((member.as_str(), *version), new.as_str())?;
                    }
                    same
                }
                SecretRecord::Value(key) => {
                    let mut table = txn.open_table(VALUES)?;
                    let same = table
                        .get(key.as_str())?
                        .is_some_and(|text| text.value() == old);
                    if same {
                        table.insert(key.as_str(), new.as_str())?;
                    }
                    same
                }
            };
            txn.commit()?;
            Ok(replaced)
        })
        .await
    }
}

impl EmbeddedStore {
    /// Loads a conversation, lets `f` change it (and anything else in the same transaction)
    /// and saves it; `None` when there is no such conversation.
    async fn update<T: Send + 'static>(
        &self,
        key: &ConversationKey,
        f: impl FnOnce(&redb::WriteTransaction, &mut Conversation) -> Result<T> + Send + 'static,
    ) -> Result<Option<T>> {
        let key = key.to_string();
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let loaded = {
                let conversations = txn.open_table(CONVERSATIONS)?;
                load_conversation(&conversations, &key)?
            };
            let Some(mut conversation) = loaded else {
                return Ok(None);
            };
            let result = f(&txn, &mut conversation)?;
            txn.open_table(CONVERSATIONS)?
                .insert(key.as_str(), to_json(&conversation).as_str())?;
            txn.commit()?;
            Ok(Some(result))
        })
        .await
    }
}
