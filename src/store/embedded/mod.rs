//! The embedded store on a local redb file: `cargo run` needs no Redis. It offers the same
//! guarantees as the Redis store within one process (every write is a committed redb
//! transaction, so a killed process loses nothing); it is not meant to be shared by several
//! instances.
//!
//! Work queues are tables keyed by a monotonic sequence number. Which consumer holds an entry
//! is kept in memory: after a restart every uncommitted entry is free to be claimed again,
//! which is exactly what must happen to the work of a process that died.
//!
//! The writes of the hot path (events in, claims, an event's outcome, a reply's delivery) go
//! through `group_commit`: under load they share a transaction and its `fsync`, and each is
//! answered once its transaction is durable.
//!
//! One file per subject trait of `crate::store` (`pages.rs`, `records.rs`, `streams.rs`,
//! `conversations.rs`, `figures.rs`, `privacy.rs`, `sealing.rs`), each with the helpers only it
//! uses; the tables, the leases, the blocking-task plumbing and what several subjects share are
//! here. redb's errors convert to `StoreError` with `?` (`from_redb!` in `crate::store`).

mod conversations;
mod figures;
mod group_commit;
mod pages;
mod privacy;
mod records;
mod sealing;
mod streams;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redb::{
    Database, ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition, TableHandle,
};
use tokio::sync::Notify;

use self::group_commit::GroupCommit;
use super::{Result, StoreError, from_json, to_json};
use crate::domain::conversation::Conversation;
use crate::domain::figures::{DayFigures, MAX_SAMPLES_PER_DAY, Recorded, Tally};
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
/// (expiry in unix ms, key) of every `ONCE` claim: expired claims are forgotten a few at a
/// time, oldest first, without reading the claims that still hold.
const ONCE_EXPIRY: TableDefinition<(i64, &str), ()> = TableDefinition::new("once_expiry");
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
/// (page, channel, local day, series, n) -> the day's n-th sample of the series. Samples have
/// their own rows: appending one does not read and rewrite the day's thousands before it.
const FIGURE_SAMPLES: TableDefinition<(&str, &str, &str, &str, u64), i64> =
    TableDefinition::new("figure_samples");
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
    /// The writes of the hot path (events in, claims, commits) share transactions and their
    /// `fsync` under load (`group_commit`).
    writer: GroupCommit,
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
            let once = txn.open_table(ONCE)?;
            let mut expiry = txn.open_table(ONCE_EXPIRY)?;
            // A file written before the expiry index existed: indexed once.
            if expiry.is_empty()? && !once.is_empty()? {
                for row in once.iter()? {
                    let (key, claim) = row?;
                    expiry.insert((claim.value().1, key.value()), ())?;
                }
            }
            drop((once, expiry));
            txn.open_table(CONVERSATIONS)?;
            txn.open_table(QUEUE)?;
            txn.open_table(RECENT)?;
            txn.open_table(FIGURES)?;
            txn.open_table(FIGURE_SAMPLES)?;
            txn.open_table(LINKS)?;
            txn.open_table(PAGE_VERSIONS)?;
            txn.open_table(TOKENS)?;
            txn.open_table(SETS)?;
            txn.open_table(VALUES)?;
            txn.open_table(RESOLVED_AT)?;
            txn.open_table(RESOLVED_BY_TIME)?;
        }
        txn.commit()?;
        let db = Arc::new(db);
        Ok(EmbeddedStore {
            writer: GroupCommit::start(&db).map_err(redb::Error::Io)?,
            db,
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
                ONCE_EXPIRY,
                CONVERSATIONS,
                QUEUE,
                RECENT,
                PAGE_VERSIONS,
                TOKENS,
                SETS,
                VALUES,
                LINKS,
                FIGURES,
                FIGURE_SAMPLES,
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

/// Adds figures to their days, within `txn`.
fn add_figures(txn: &redb::WriteTransaction, figures: &[Recorded]) -> Result<()> {
    if figures.is_empty() {
        return Ok(());
    }
    let mut table = txn.open_table(FIGURES)?;
    let mut samples = txn.open_table(FIGURE_SAMPLES)?;
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
        // A day written before samples had their own rows: they move there once.
        for (series, values) in std::mem::take(&mut figures.samples) {
            for value in values {
                append_sample(&mut samples, slot, &series, value, MAX_SAMPLES_PER_DAY)?;
            }
        }
        for tally in recorded.figure.tallies() {
            match tally {
                Tally::Count(name) => *figures.counters.entry(name).or_default() += 1,
                Tally::Sample(series, value) => {
                    append_sample(&mut samples, slot, series, value, MAX_SAMPLES_PER_DAY)?;
                }
            }
        }
        table.insert(slot, to_json(&figures).as_str())?;
    }
    Ok(())
}

/// Appends a sample to its day's series, keeping the latest `kept` (the oldest goes).
fn append_sample(
    samples: &mut redb::Table<(&str, &str, &str, &str, u64), i64>,
    (page, channel, day): (&str, &str, &str),
    series: &str,
    value: i64,
    kept: usize,
) -> Result<()> {
    let next = samples
        .range((page, channel, day, series, 0)..=(page, channel, day, series, u64::MAX))?
        .next_back()
        .transpose()?
        .map_or(0, |(slot, _)| slot.value().4.saturating_add(1));
    samples.insert((page, channel, day, series, next), value)?;
    if let Some(oldest) = next.checked_sub(kept as u64) {
        samples.remove((page, channel, day, series, oldest))?;
    }
    Ok(())
}

/// A day's samples, by series (`append_sample`'s rows).
fn day_samples(
    samples: &impl ReadableTable<(&'static str, &'static str, &'static str, &'static str, u64), i64>,
    (page, channel, day): (&str, &str, &str),
) -> Result<std::collections::BTreeMap<String, Vec<i64>>> {
    let mut found: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
    for row in samples.range((page, channel, day, "", 0)..)? {
        let (slot, value) = row?;
        let (p, c, d, series, _) = slot.value();
        if (p, c, d) != (page, channel, day) {
            break;
        }
        found
            .entry(series.to_owned())
            .or_default()
            .push(value.value());
    }
    Ok(found)
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

fn load_conversation(
    table: &impl ReadableTable<&'static str, &'static str>,
    key: &str,
) -> Result<Option<Conversation>> {
    table
        .get(key)?
        .map(|text| from_json(key, text.value()))
        .transpose()
}

#[cfg(test)]
mod tests {
    use redb::{Database, ReadableDatabase};

    use super::*;

    #[test]
    fn a_series_keeps_its_latest_samples_in_order() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db = Database::create(dir.path().join("samples.redb")).expect("database");
        let slot = ("p1", "messenger", "2026-12-02");
        let txn = db.begin_write().expect("write");
        {
            let mut samples = txn.open_table(FIGURE_SAMPLES).expect("table");
            for value in 1..=5 {
                append_sample(&mut samples, slot, "latency", value, 3).expect("appended");
            }
            append_sample(&mut samples, slot, "other", 42, 3).expect("appended");
            append_sample(
                &mut samples,
                ("p1", "messenger", "2026-12-03"),
                "latency",
                7,
                3,
            )
            .expect("appended");
        }
        txn.commit().expect("commit");
        let txn = db.begin_read().expect("read");
        let samples = txn.open_table(FIGURE_SAMPLES).expect("table");
        let day = day_samples(&samples, slot).expect("read");
        assert_eq!(day.get("latency"), Some(&vec![3, 4, 5]));
        assert_eq!(day.get("other"), Some(&vec![42]));
        assert_eq!(day.len(), 2, "another day's samples are not this day's");
    }

    #[test]
    fn a_day_written_with_samples_in_its_record_moves_them_to_their_rows_once() {
        use crate::domain::event::Channel;
        use crate::domain::figures::{AUTO_REPLY_LATENCY, DayKey, Figure};

        let dir = tempfile::tempdir().expect("temporary directory");
        let db = Database::create(dir.path().join("old.redb")).expect("database");
        let slot = ("p1", "messenger", "2026-12-02");
        let old = r#"{"counters":{"received":2},"samples":{"auto_reply_latency_ms":[10,20]}}"#;
        let txn = db.begin_write().expect("write");
        txn.open_table(FIGURES)
            .expect("table")
            .insert(slot, old)
            .expect("old record");
        let recorded = |figure| Recorded {
            key: DayKey {
                page_id: "p1".into(),
                channel: Channel::Messenger,
                day: chrono::NaiveDate::from_ymd_opt(2026, 12, 2).expect("a day"),
            },
            figure,
        };
        add_figures(
            &txn,
            &[
                recorded(Figure::Received),
                recorded(Figure::AutoReplyLatency { ms: 30 }),
            ],
        )
        .expect("added");
        txn.commit().expect("commit");
        let txn = db.begin_read().expect("read");
        let record = txn.open_table(FIGURES).expect("table");
        let figures: DayFigures =
            from_json("day", record.get(slot).expect("get").expect("kept").value()).expect("json");
        assert_eq!(figures.counters.get("received"), Some(&3));
        assert!(figures.samples.is_empty(), "{figures:?}");
        let samples = txn.open_table(FIGURE_SAMPLES).expect("table");
        let day = day_samples(&samples, slot).expect("read");
        assert_eq!(day.get(AUTO_REPLY_LATENCY), Some(&vec![10, 20, 30]));
    }
}
