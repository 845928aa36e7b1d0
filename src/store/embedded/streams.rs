//! `StreamStore` on redb: the `inbound` and `outbox` tables with the in-memory leases, the
//! deferred replies, and an event's outcome in one transaction with its removal.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use redb::{ReadableDatabase, ReadableTable, ReadableTableMetadata, TableDefinition, TableHandle};
use serde::de::DeserializeOwned;

use super::{
    CONVERSATIONS, EmbeddedStore, INBOUND, Leases, OUTBOX, OUTBOX_LATER, QUEUE, RECENT, SEQUENCES,
    add_figures, load_conversation, push,
};
use crate::domain::conversation::{Conversation, Delivery, Message, OutboundReply};
use crate::domain::event::Inbound;
use crate::domain::policy::Priority;
use crate::store::conversations::queue_score;
use crate::store::{
    Backlog, Claimed, EventOutcome, Result, StoreError, StreamStore, WorkQueue, from_json, to_json,
};

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

fn parse_entry_id(entry_id: &str) -> Result<u64> {
    entry_id.parse().map_err(|_| StoreError::Corrupt {
        key: entry_id.to_owned(),
        source: serde::de::Error::custom("entry ids of the embedded store are numbers"),
    })
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

impl EmbeddedStore {
    async fn enqueue(
        &self,
        table: TableDefinition<'static, u64, &'static str>,
        items: Vec<String>,
    ) -> Result<()> {
        self.writer.write(move |txn| push(txn, table, &items)).await
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
        // Written through the group commit: it may run twice (see there), so it reads the
        // outcome without consuming it.
        self.writer
            .write(move |txn| {
                if let Some(outcome) = &outcome {
                    let key = outcome.conversation.to_string();
                    let mut conversations = txn.open_table(CONVERSATIONS)?;
                    let mut conversation =
                        load_conversation(&conversations, &key)?.unwrap_or_else(|| {
                            Conversation::opened(outcome.conversation.clone(), outcome.at)
                        });
                    conversation.on_event(
                        &outcome.turn,
                        outcome.messages.iter().cloned(),
                        outcome.labels.iter().cloned(),
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
                        enqueue(txn, page_id, &key, queue_score(outcome.at, priority))?;
                    }
                    if let Some(reply) = &outcome.reply {
                        push(txn, OUTBOX, &[to_json(reply)])?;
                    }
                    add_figures(txn, &outcome.figures)?;
                }
                txn.open_table(INBOUND)?.remove(id)?;
                Ok(())
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
        self.writer
            .write(move |txn| take_off_outbox(txn, id, &key, message.clone(), failed_at))
            .await?;
        Self::release(&self.outbox, id);
        Ok(())
    }
}
