//! `PrivacyStore` on redb: finding everything about a customer, erasing it in one transaction,
//! and the retention round over the index of resolved conversations.

use chrono::{DateTime, Utc};
use redb::ReadableTable;

use super::{
    CONVERSATIONS, EmbeddedStore, INBOUND, LINKS, ONCE, ONCE_EXPIRY, OUTBOX, OUTBOX_LATER, QUEUE,
    RECENT, RESOLVED_BY_TIME, SETS, index_resolved, load_conversation, unindex_resolved,
};
use crate::domain::conversation::{Conversation, OutboundReply, Status};
use crate::domain::event::{ConversationKey, Inbound};
use crate::store::privacy::{customer_texts, names_any, record_is_about};
use crate::store::{CustomerRecords, Erased, PrivacyStore, Result, from_json, to_json};

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
    // The expiry index names the claims too (also ones taken over since).
    let mut once_expiry = Vec::new();
    for row in txn.open_table(ONCE_EXPIRY)?.iter()? {
        let (slot, _) = row?;
        let (expires, key) = slot.value();
        if names_any(key, &ids) {
            once_expiry.push((expires, key.to_owned()));
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
        once_expiry,
        sets,
    })
}

/// What a search for one customer found, and where it is kept.
struct FoundCustomer {
    records: CustomerRecords,
    outbox: Vec<u64>,
    later: Vec<(i64, u64)>,
    inbound: Vec<u64>,
    once: Vec<String>,
    once_expiry: Vec<(i64, String)>,
    sets: Vec<(String, String)>,
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
                    let mut table = txn.open_table(ONCE_EXPIRY)?;
                    for (expires, key) in &found.once_expiry {
                        table.remove((*expires, key.as_str()))?;
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
