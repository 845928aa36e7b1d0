//! The event worker: takes recorded events from the store, decides what to do with each and
//! commits the outcome (conversation, human queue, outbox) atomically with the event's
//! acknowledgement.
//!
//! Per event:
//! 1. the page is looked up; events of unknown pages, or of pages signed by another app, are
//!    logged and dropped;
//! 2. the message id is claimed once (`seen:` key, owned by the entry id), so a redelivery
//!    recorded as a second entry is dropped, while a retry of the same entry after a crash
//!    goes on;
//! 3. `policy::decide` runs;
//! 4. an automatic reply claims its throttle slot (`auto:` key, for the reply's period), so a
//!    customer writing five times in a row gets one acknowledgement even across instances;
//! 5. the outcome is committed.
//!
//! Events of one conversation are processed in order; different conversations in parallel.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use crate::background::{Common, drain, run_rounds};
use crate::domain::conversation::{Author, Delivery, Message, OutboundReply, ReplyRoute};
use crate::domain::event::{Inbound, InboundKind};
use crate::domain::figures::{self, DayKey, Recorded};
use crate::domain::locale::Locales;
use crate::domain::page::Page;
use crate::domain::policy::{Decision, Reason, decide, follow_up};
use crate::store::{Claimed, DEDUPE_WINDOW, EventOutcome, Store, StoreError};

/// How often the follow-up sweep runs.
const FOLLOW_UP_EVERY: Duration = Duration::from_secs(60);

#[derive(Clone)]
pub struct Worker {
    inner: Arc<Inner>,
}

struct Inner {
    common: Common,
    locales: Arc<Locales>,
}

impl Worker {
    pub fn new(common: Common, locales: Arc<Locales>) -> Self {
        Worker {
            inner: Arc::new(Inner { common, locales }),
        }
    }

    /// Processes events until `shutdown` fires.
    pub async fn run(self, shutdown: CancellationToken) {
        run_rounds("event worker", shutdown, |wait| self.process_batch(wait)).await;
    }

    /// Sends the due follow-ups every minute until `shutdown` fires.
    pub async fn run_follow_ups(self, shutdown: CancellationToken) {
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(FOLLOW_UP_EVERY) => {}
            }
            if let Err(error) = self.follow_up_sweep().await {
                tracing::error!(error = %crate::telemetry::ErrorChain(&error), "follow-up sweep failed");
            }
        }
    }

    /// Queues a "still working on it" message for every waiting conversation that is due one
    /// (see `policy::follow_up`) on every configured page; returns how many. One
    /// instance sends per conversation and interval (`claim_once`).
    pub async fn follow_up_sweep(&self) -> Result<usize, StoreError> {
        let common = &self.inner.common;
        let now = common.clock.now();
        let mut sent = 0;
        for (channel, page_id) in common.store.list_pages().await? {
            let Some(page) = common.pages.get(channel, &page_id).await? else {
                continue;
            };
            let Some(interval) = page.follow_up.and_then(|i| i.to_std().ok()) else {
                continue;
            };
            for conversation in common.store.queue(&page_id).await? {
                if conversation.key.channel != channel {
                    continue;
                }
                let Some((text, _)) = follow_up(&page, &self.inner.locales, &conversation, now)
                else {
                    continue;
                };
                // One follow-up per conversation and quiet spell, whichever instance sweeps.
                let last = conversation
                    .messages
                    .iter()
                    .map(|m| m.at.timestamp_millis())
                    .max();
                let slot = format!("followup:{}:{}", conversation.key, last.unwrap_or_default());
                if !common
                    .store
                    .claim_once(&slot, &common.consumer, interval)
                    .await?
                {
                    continue;
                }
                let reply = OutboundReply::automatic(
                    format!("followup:{}", uuid::Uuid::new_v4()),
                    conversation.key.clone(),
                    text,
                    now,
                );
                if common.store.commit_outbound(&reply).await? {
                    sent += 1;
                }
            }
        }
        Ok(sent)
    }

    /// The crisis announcement for this customer, if the decision carries one and the
    /// customer has not had it in this crisis (one instance wins the claim); the recipient
    /// is remembered for the crisis's resolution message.
    async fn claim_announcement(
        &self,
        page: &Page,
        event: &Inbound,
        entry_id: &str,
        decision: &mut Decision,
    ) -> Result<Option<String>, StoreError> {
        let store = &self.inner.common.store;
        let (Some(text), Some(crisis)) = (decision.announcement.clone(), page.crisis.as_ref())
        else {
            return Ok(None);
        };
        let crisis_id = crisis.id(&page.id);
        let lasts = (crisis.until - event.sent_at).to_std().unwrap_or_default();
        let slot = format!("{crisis_id}:{}", event.conversation());
        if !store
            .claim_once(&slot, entry_id, lasts.saturating_add(DEDUPE_WINDOW))
            .await?
        {
            decision.announcement = None;
            return Ok(None);
        }
        let member = serde_json::to_string(&event.conversation()).unwrap_or_default();
        store.remember(&crisis_id, &member).await?;
        Ok(Some(text))
    }

    /// Processes everything that is waiting now; returns how many events it handled.
    pub async fn process_pending(&self) -> Result<usize, StoreError> {
        drain(|wait| self.process_batch(wait)).await
    }

    async fn process_batch(&self, wait: Duration) -> Result<usize, StoreError> {
        let inner = &self.inner;
        let claimed = inner
            .common
            .store
            .claim_events(&inner.common.consumer, inner.common.batch, wait)
            .await?;
        let count = claimed.len();
        let mut by_conversation: HashMap<_, Vec<_>> = HashMap::new();
        for entry in claimed {
            by_conversation
                .entry(entry.item.conversation())
                .or_default()
                .push(entry);
        }
        let mut tasks = JoinSet::new();
        for (_, entries) in by_conversation {
            let worker = self.clone();
            tasks.spawn(async move {
                for entry in entries {
                    worker.process(entry).await?;
                }
                Ok::<_, StoreError>(())
            });
        }
        let mut first_error = None;
        while let Some(result) = tasks.join_next().await {
            if let Err(error) = result.map_err(StoreError::from).and_then(|r| r) {
                first_error.get_or_insert(error);
            }
        }
        // An event that failed stays claimed and is retried after `reclaim_after`.
        first_error.map_or(Ok(count), Err)
    }

    async fn process(&self, entry: Claimed<Inbound>) -> Result<(), StoreError> {
        let inner = &self.inner;
        let Claimed {
            entry_id,
            item: event,
        } = entry;
        let outcome = self.outcome(&entry_id, &event).await?;
        inner
            .common
            .store
            .commit_event(&entry_id, outcome.as_ref())
            .await
    }

    async fn outcome(
        &self,
        entry_id: &str,
        event: &Inbound,
    ) -> Result<Option<EventOutcome>, StoreError> {
        let inner = &self.inner;
        let Some(page) = inner
            .common
            .pages
            .get(event.channel, &event.page_id)
            .await?
        else {
            tracing::warn!(page = %event.page_id, channel = %event.channel, "event for a page with no configuration, dropped");
            return Ok(None);
        };
        if let (Some(expected), Some(signed_by)) = (&page.app_id, &event.verified_by_app) {
            if expected != signed_by {
                tracing::warn!(page = %page.id, app = %signed_by, "event signed by another app than the page's, dropped");
                return Ok(None);
            }
        }
        let dedupe_key = format!("seen:{}", event.dedupe_key());
        if !inner
            .common
            .store
            .claim_once(&dedupe_key, entry_id, DEDUPE_WINDOW)
            .await?
        {
            tracing::debug!(mid = %event.message_id, "redelivered event, already handled");
            return Ok(None);
        }
        let now = inner.common.clock.now();
        let held_by = inner.common.store.assignee(&event.conversation()).await?;
        let timer = inner.common.metrics.decision_seconds.start_timer();
        let mut decision = decide(&page, &inner.locales, event, now, held_by.as_deref());
        timer.observe_duration();
        tracing::info!(page = %page.id, mid = %event.message_id, reasons = ?decision.reasons, reply = decision.reply.as_ref().map(|r| r.kind.as_str()), escalate = decision.escalate, "decided");
        if let Some(reply) = &decision.reply {
            let slot = format!("auto:{}:{}", event.conversation(), reply.throttle_topic());
            if !inner
                .common
                .store
                .claim_once(&slot, entry_id, reply.at_most_once_per)
                .await?
            {
                decision.reply = None;
                decision.reasons.push(Reason::RecentlyReplied);
            }
        }
        let announcement = self
            .claim_announcement(&page, event, entry_id, &mut decision)
            .await?;
        if decision.reply.is_none() && !decision.escalate && announcement.is_none() {
            return Ok(None);
        }
        let conversation = event.conversation();
        let mut reply = decision.reply.as_ref().map(|reply| OutboundReply {
            id: format!("reply:{}", event.message_id),
            conversation: conversation.clone(),
            text: reply.text.clone(),
            created_at: now,
            quick_replies: reply.quick_replies.clone(),
            human_agent: false,
            by: None,
            answers_message_at: Some(event.sent_at),
            route: match (&event.kind, reply.public) {
                (InboundKind::Comment { .. }, _) => ReplyRoute::PrivateReply {
                    comment_id: event.message_id.clone(),
                },
                (_, true) => ReplyRoute::PublicReply {
                    to: event.message_id.clone(),
                },
                (_, false) => ReplyRoute::Direct,
            },
        });
        // The announcement goes first, in the same message as the reply (or alone).
        if let Some(announcement) = announcement {
            let reply = reply.get_or_insert_with(|| OutboundReply {
                answers_message_at: Some(event.sent_at),
                ..OutboundReply::automatic(
                    format!("reply:{}", event.message_id),
                    conversation.clone(),
                    String::new(),
                    now,
                )
            });
            reply.text = if reply.text.is_empty() {
                announcement
            } else {
                format!("{announcement}\n\n{}", reply.text)
            };
        }
        let mut messages = vec![Message {
            id: event.message_id.clone(),
            author: Author::Customer,
            text: event.display_text(),
            at: event.sent_at,
            by: None,
            decision: Some(decision.clone()),
            delivery: None,
        }];
        messages.extend(reply.as_ref().map(|r| r.as_message(Delivery::Pending)));
        Ok(Some(EventOutcome {
            conversation,
            messages,
            escalate: decision.escalate,
            priority: decision.priority,
            labels: decision.labels.clone(),
            reply,
            at: now,
            figures: figures::for_decision(&decision)
                .into_iter()
                .map(|figure| Recorded {
                    key: DayKey::at(&page.id, event.channel, &page.schedule, now),
                    figure,
                })
                .collect(),
        }))
    }
}
