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
//! 3. the conversation so far is read into a `policy::History` and `policy::decide_in` runs;
//!    an echo of our own app's message ends here (the conversation has it already), an echo
//!    of anyone else's is kept as the page's message and hands the conversation to that
//!    person (`Turn::Outside`);
//! 4. an automatic reply claims its throttle slot (`auto:` key, for the reply's period), so a
//!    customer writing five times in a row gets one acknowledgement even across instances; a
//!    throttled FAQ answer means the question was asked again, so it goes to a person;
//! 5. the outcome is committed: every customer message is kept, answered or not.
//!
//! Events of one conversation are processed in order; different conversations in parallel.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::future::join_all;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::background::{Common, InFlight, drain, hand_back, keep_claims_alive, run_rounds};
use crate::domain::conversation::{
    Author, Conversation, Delivery, Message, OutboundReply, ReplyRoute, Turn,
};
use crate::domain::event::{Inbound, InboundKind};
use crate::domain::figures::{self, DayKey, Recorded};
use crate::domain::locale::Locales;
use crate::domain::page::Page;
use crate::domain::policy::{
    AutoReplyKind, Decision, History, Priority, Reason, decide_in, follow_up,
};
use crate::store::claims::Claim;
use crate::store::{
    Claimed, ConversationStore, DEDUPE_WINDOW, EventOutcome, RecordStore, StoreError, StreamStore,
    WorkQueue,
};

/// How often the follow-up sweep runs.
const FOLLOW_UP_EVERY: Duration = Duration::from_secs(60);

#[derive(Clone)]
pub struct Worker {
    inner: Arc<Inner>,
}

struct Inner {
    common: Common,
    locales: Arc<Locales>,
    /// The events of the round under way, renewed by the heartbeat.
    in_flight: InFlight,
}

impl Worker {
    pub fn new(common: Common, locales: Arc<Locales>) -> Self {
        Worker {
            inner: Arc::new(Inner {
                common,
                locales,
                in_flight: InFlight::default(),
            }),
        }
    }

    /// Processes events until `shutdown` fires; the round under way may finish within the
    /// drain time, and what it did not finish is handed back.
    pub async fn run(self, shutdown: CancellationToken) {
        let common = &self.inner.common;
        let beating = CancellationToken::new();
        let heartbeat = keep_claims_alive(
            common,
            WorkQueue::Events,
            &self.inner.in_flight,
            beating.clone(),
        );
        let working = async {
            // One loop per lane of the inbound queue; a conversation's events share a lane.
            let lanes = common.store.lanes().max(1);
            let worker = &self;
            let mut rounds = Box::pin(join_all((0..lanes).map(|lane| {
                run_rounds("event worker", shutdown.clone(), move |wait| {
                    worker.process_batch(Some(lane), wait)
                })
            })));
            let drain_time_up = async {
                shutdown.cancelled().await;
                tokio::time::sleep(common.drain).await;
            };
            let unfinished = tokio::select! {
                _ = &mut rounds => Vec::new(),
                () = drain_time_up => self.inner.in_flight.ids(),
            };
            // Stops the round's tasks (if still running) before their events are handed back.
            drop(rounds);
            hand_back(common, WorkQueue::Events, &unfinished).await;
            beating.cancel();
        };
        tokio::join!(heartbeat, working);
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
    /// (see `policy::follow_up`) on the pages that ask for follow-ups; returns how many. One
    /// instance sends per conversation and interval (`claim_once`).
    pub async fn follow_up_sweep(&self) -> Result<usize, StoreError> {
        let common = &self.inner.common;
        let now = common.clock.now();
        let mut sent = 0;
        // Only the pages that ask for follow-ups, and of those only the ones with someone
        // waiting are read: the sweep never loads every page.
        for (channel, page_id) in common.pages.with_follow_ups().await? {
            let queue = common.store.queue(&page_id).await?;
            if queue.iter().all(|c| c.key.channel != channel) {
                continue;
            }
            let Some(page) = common.pages.get(channel, &page_id).await? else {
                continue;
            };
            let Some(interval) = page.follow_up.and_then(|i| i.to_std().ok()) else {
                continue;
            };
            for conversation in queue {
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
                let slot = Claim::FollowUp {
                    conversation: &conversation.key,
                    last_message_ms: last.unwrap_or_default(),
                }
                .to_string();
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
        let slot = Claim::Announcement {
            crisis_id: &crisis_id,
            conversation: &event.conversation(),
        }
        .to_string();
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
        drain(|wait| self.process_batch(None, wait)).await
    }

    /// Claims a batch of `lane` (any lane for `None`) and processes it: one task per
    /// conversation, its events in order.
    async fn process_batch(
        &self,
        lane: Option<usize>,
        wait: Duration,
    ) -> Result<usize, StoreError> {
        let inner = &self.inner;
        let (store, consumer, batch) = (
            &inner.common.store,
            &inner.common.consumer,
            inner.common.batch,
        );
        let claimed = match lane {
            Some(lane) => store.claim_events_in(lane, consumer, batch, wait).await?,
            None => store.claim_events(consumer, batch, wait).await?,
        };
        let count = claimed.len();
        let mut by_conversation: HashMap<_, Vec<_>> = HashMap::new();
        for entry in claimed {
            let in_flight = inner.in_flight.start(&entry.entry_id);
            by_conversation
                .entry(entry.item.conversation())
                .or_default()
                .push((entry, in_flight));
        }
        let mut tasks = JoinSet::new();
        for (_, entries) in by_conversation {
            let worker = self.clone();
            tasks.spawn(async move {
                for (entry, _in_flight) in entries {
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
        // An event that failed stays claimed, no longer renewed: it is retried when its
        // claim lapses.
        first_error.map_or(Ok(count), Err)
    }

    async fn process(&self, entry: Claimed<Inbound>) -> Result<(), StoreError> {
        let inner = &self.inner;
        let Claimed {
            entry_id,
            item: event,
        } = entry;
        // The request that recorded the event names every line logged for it.
        let span = tracing::info_span!(
            "event",
            request_id = event.trace.request_id(),
            entry = %entry_id,
        );
        async {
            let outcome = self.outcome(&entry_id, &event).await?;
            inner
                .common
                .store
                .commit_event(&entry_id, outcome.as_ref())
                .await
        }
        .instrument(span)
        .await
    }

    /// The steps of one event: the page, the once-only claim of its message id, the
    /// decision on the conversation so far, the throttle and announcement claims, and the
    /// outcome assembled from what they said (`assemble`, pure).
    async fn outcome(
        &self,
        entry_id: &str,
        event: &Inbound,
    ) -> Result<Option<EventOutcome>, StoreError> {
        let common = &self.inner.common;
        let Some(page) = self.page_of(event).await? else {
            return Ok(None);
        };
        if !common
            .store
            .claim_once(&Claim::Seen(event).to_string(), entry_id, DEDUPE_WINDOW)
            .await?
        {
            tracing::debug!(mid = %event.message_id, "redelivered event, already handled");
            return Ok(None);
        }
        let now = common.clock.now();
        let before = common.store.conversation(&event.conversation()).await?;
        let mut decision = self.decide(&page, event, before.as_ref(), now);
        if decision.reasons.contains(&Reason::OwnMessage) {
            // Our own reply, echoed back: the conversation has it already.
            return Ok(None);
        }
        if let Turn::Outside { by } = decision.turn() {
            return Ok(Some(answered_outside(
                &page,
                event,
                before.as_ref(),
                &by,
                decision,
                now,
            )));
        }
        if !self.claim_reply_slot(event, entry_id, &decision).await? {
            throttled(&mut decision);
        }
        let announcement = self
            .claim_announcement(&page, event, entry_id, &mut decision)
            .await?;
        Ok(Some(assemble(&page, event, decision, announcement, now)))
    }

    /// The event's page, unless the event is to be dropped: no such page configured, or
    /// signed by another app than the page's.
    async fn page_of(&self, event: &Inbound) -> Result<Option<Arc<Page>>, StoreError> {
        let Some(page) = self
            .inner
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
        Ok(Some(page))
    }

    /// `policy::decide_in` on the conversation so far, timed and logged.
    fn decide(
        &self,
        page: &Page,
        event: &Inbound,
        before: Option<&Conversation>,
        now: DateTime<Utc>,
    ) -> Decision {
        let inner = &self.inner;
        let history = before.map(History::of).unwrap_or_default();
        let timer = inner.common.metrics.decision_seconds.start_timer();
        let decision = decide_in(page, &inner.locales, event, now, &history);
        timer.observe_duration();
        tracing::info!(page = %page.id, mid = %event.message_id, reasons = %serde_json::to_string(&decision.reasons).unwrap_or_default(), reply = decision.reply.as_ref().map(|r| r.kind.as_str()), escalate = decision.escalate, "decided");
        decision
    }

    /// Whether the decision's automatic reply may go out: it claims the reply's throttle
    /// slot for its period. True when there is no reply.
    async fn claim_reply_slot(
        &self,
        event: &Inbound,
        entry_id: &str,
        decision: &Decision,
    ) -> Result<bool, StoreError> {
        let Some(reply) = &decision.reply else {
            return Ok(true);
        };
        let slot = Claim::AutoReply {
            conversation: &event.conversation(),
            topic: &reply.throttle_topic(),
        };
        self.inner
            .common
            .store
            .claim_once(&slot.to_string(), entry_id, reply.at_most_once_per)
            .await
    }
}

/// The same automatic reply went out within its period: it is dropped, and a repeated FAQ
/// answer means the question was asked again (the answer did not help), so a person takes it.
fn throttled(decision: &mut Decision) {
    let Some(reply) = decision.reply.take() else {
        return;
    };
    if let AutoReplyKind::FaqAnswer { entry } = reply.kind {
        decision.escalate = true;
        decision.reasons.push(Reason::AskedAgain { entry });
    }
    decision.reasons.push(Reason::RecentlyReplied);
}

/// The outcome of a customer's event once its claims are settled: the customer's message
/// with the decision, the reply (with the crisis `announcement` ahead of it, or alone) for
/// the outbox and the conversation, and the day's figures.
fn assemble(
    page: &Page,
    event: &Inbound,
    decision: Decision,
    announcement: Option<String>,
    now: DateTime<Utc>,
) -> EventOutcome {
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
        failed_attempts: 0,
        trace: event.trace.clone(),
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
            trace: event.trace.clone(),
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
    let figures = figures::for_decision(&decision)
        .into_iter()
        .map(|figure| Recorded {
            key: DayKey::at(&page.id, event.channel, &page.schedule, now),
            figure,
        })
        .collect();
    let turn = decision.turn();
    let (escalate, priority, labels) = (
        decision.escalate,
        decision.priority,
        decision.labels.clone(),
    );
    let mut messages = vec![Message {
        id: event.message_id.clone(),
        author: Author::Customer,
        text: event.display_text(),
        at: event.sent_at,
        by: None,
        decision: Some(decision),
        delivery: None,
    }];
    messages.extend(reply.as_ref().map(|r| r.as_message(Delivery::Pending)));
    EventOutcome {
        conversation,
        messages,
        escalate,
        priority,
        labels,
        reply,
        at: now,
        figures,
        turn,
    }
}

/// What the conversation shows for a message the page sent outside frontdesk: the echo
/// events carry no text frontdesk keeps.
const OUTSIDE_TEXT: &str = "[answered outside frontdesk]";

/// A person answered as the page outside frontdesk (an echo from the platform's inbox or
/// another app): their message is kept as the page's, and they hold the conversation.
fn answered_outside(
    page: &Page,
    event: &Inbound,
    before: Option<&Conversation>,
    by: &str,
    decision: Decision,
    now: DateTime<Utc>,
) -> EventOutcome {
    let figures = before
        .and_then(|c| figures::first_response(c, &page.schedule, event.sent_at))
        .into_iter()
        .map(|figure| Recorded {
            key: DayKey::at(&page.id, event.channel, &page.schedule, now),
            figure,
        })
        .collect();
    EventOutcome {
        conversation: event.conversation(),
        messages: vec![Message {
            id: event.message_id.clone(),
            author: Author::Staff,
            text: OUTSIDE_TEXT.to_owned(),
            at: event.sent_at,
            by: Some(by.to_owned()),
            decision: Some(decision),
            delivery: None,
        }],
        escalate: false,
        priority: Priority::Normal,
        labels: Vec::new(),
        reply: None,
        at: now,
        figures,
        turn: Turn::Outside { by: by.to_owned() },
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::event::Channel;
    use crate::domain::figures::Figure;
    use crate::domain::locale::Language;
    use crate::domain::page::PageFile;
    use crate::domain::policy::AutoReply;

    fn page() -> Page {
        PageFile::from_toml(include_str!("../../responses/pages/example.toml"))
            .and_then(|f| f.validate())
            .expect("valid example page")
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap()
    }

    fn event(page: &Page, kind: InboundKind) -> Inbound {
        Inbound {
            trace: Default::default(),
            channel: Channel::Messenger,
            page_id: page.id.clone(),
            customer_id: "c1".into(),
            message_id: "m1".into(),
            sent_at: now() - chrono::Duration::minutes(1),
            verified_by_app: None,
            kind,
        }
    }

    fn text() -> InboundKind {
        InboundKind::Message {
            text: Some("hello".into()),
            attachments: vec![],
            quick_reply: None,
        }
    }

    fn decision(reply: Option<AutoReplyKind>, escalate: bool) -> Decision {
        Decision {
            reply: reply.map(|kind| AutoReply {
                kind,
                text: "answer".into(),
                language: Language::Cs,
                at_most_once_per: Duration::from_secs(60),
                public: false,
                quick_replies: vec![],
            }),
            escalate,
            priority: Priority::Normal,
            labels: vec![],
            reasons: vec![],
            announcement: None,
        }
    }

    fn faq() -> Option<AutoReplyKind> {
        Some(AutoReplyKind::FaqAnswer {
            entry: "hours".into(),
        })
    }

    #[test]
    fn a_throttled_faq_answer_goes_to_a_person() {
        let mut d = decision(faq(), false);
        throttled(&mut d);
        assert_eq!(d.reply, None);
        assert!(d.escalate);
        assert_eq!(
            d.reasons,
            [
                Reason::AskedAgain {
                    entry: "hours".into()
                },
                Reason::RecentlyReplied
            ]
        );
    }

    #[test]
    fn a_throttled_acknowledgement_is_only_dropped() {
        let mut d = decision(Some(AutoReplyKind::Acknowledgement), true);
        throttled(&mut d);
        assert_eq!((d.reply, d.escalate), (None, true));
        assert_eq!(d.reasons, [Reason::RecentlyReplied]);
        let mut none = decision(None, true);
        throttled(&mut none);
        assert!(none.reasons.is_empty(), "no reply, nothing throttled");
    }

    #[test]
    fn an_answer_becomes_the_customer_message_a_reply_and_figures() {
        let page = page();
        let e = event(&page, text());
        let outcome = assemble(&page, &e, decision(faq(), false), None, now());
        let reply = outcome.reply.as_ref().expect("a reply");
        assert_eq!(
            (reply.id.as_str(), reply.text.as_str(), &reply.route),
            ("reply:m1", "answer", &ReplyRoute::Direct)
        );
        assert_eq!(reply.answers_message_at, Some(e.sent_at));
        let authors: Vec<_> = outcome.messages.iter().map(|m| m.author).collect();
        assert_eq!(authors, [Author::Customer, Author::Bot]);
        assert_eq!(outcome.messages[0].text, "hello");
        assert_eq!(outcome.messages[1].delivery, Some(Delivery::Pending));
        let figures: Vec<_> = outcome.figures.iter().map(|r| r.figure.clone()).collect();
        assert_eq!(
            figures,
            [
                Figure::Received,
                Figure::AnsweredByFaq {
                    entry: "hours".into()
                }
            ]
        );
        assert!(!outcome.escalate);
        assert_eq!(outcome.turn, Turn::Customer);
    }

    #[test]
    fn a_comment_is_answered_privately_and_a_public_reply_in_public() {
        let page = page();
        let comment = event(
            &page,
            InboundKind::Comment {
                text: "price?".into(),
                post_id: "post1".into(),
            },
        );
        let outcome = assemble(&page, &comment, decision(faq(), true), None, now());
        assert_eq!(
            outcome.reply.map(|r| r.route),
            Some(ReplyRoute::PrivateReply {
                comment_id: "m1".into()
            })
        );
        let mut public = decision(faq(), true);
        if let Some(reply) = public.reply.as_mut() {
            reply.public = true;
        }
        let outcome = assemble(&page, &event(&page, text()), public, None, now());
        assert_eq!(
            outcome.reply.map(|r| r.route),
            Some(ReplyRoute::PublicReply { to: "m1".into() })
        );
    }

    #[test]
    fn the_announcement_goes_ahead_of_the_reply_or_alone() {
        let page = page();
        let e = event(&page, text());
        let with = assemble(
            &page,
            &e,
            decision(faq(), false),
            Some("We are closed today.".into()),
            now(),
        );
        assert_eq!(
            with.reply.map(|r| r.text).as_deref(),
            Some("We are closed today.\n\nanswer")
        );
        let alone = assemble(
            &page,
            &e,
            decision(None, true),
            Some("We are closed today.".into()),
            now(),
        );
        let reply = alone.reply.expect("the announcement alone");
        assert_eq!(
            (reply.id.as_str(), reply.text.as_str()),
            ("reply:m1", "We are closed today.")
        );
        assert_eq!(reply.answers_message_at, Some(e.sent_at));
        assert_eq!(alone.messages.len(), 2);
        let nothing = assemble(&page, &e, decision(None, true), None, now());
        assert_eq!((nothing.reply, nothing.messages.len()), (None, 1));
        assert!(nothing.escalate);
    }
}
