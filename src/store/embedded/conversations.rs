//! `ConversationStore` on redb: the page queues and recent indexes, a person's changes
//! (`Conversation::apply` in the write transaction), notes, labels, links.

use chrono::{DateTime, Utc};
use redb::ReadableDatabase;

use super::{
    CONVERSATIONS, EmbeddedStore, LINKS, OUTBOX, QUEUE, RECENT, index_resolved, load_conversation,
    push,
};
use crate::domain::conversation::{Change, Conversation, Delivery, Note, OutboundReply};
use crate::domain::event::ConversationKey;
use crate::store::conversations::queue_score;
use crate::store::{Changed, ConversationStore, RECENT_KEPT, Result, from_json, to_json};

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
