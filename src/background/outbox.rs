//! The reply sender: takes replies from the store's outbox, sends each through its channel and
//! records how it ended. No reply waits for another one, and none is ever dropped.
//!
//! - **Each reply on its own.** Every claimed reply is sent by its own task (at most
//!   `outbox.max_in_flight` at once); the loop claims more as soon as there is room, so a
//!   send that hangs until its timeout holds up nothing but itself.
//! - **Retries wait in the store.** A send that fails with a retriable error (5xx, 429,
//!   network errors, the platform's "try later" codes) is deferred: `StreamStore::defer_reply`
//!   takes it off the ready queue and keeps it until its next attempt is due, which any
//!   instance then picks up (`promote_due_replies` at the start of every round). Nothing
//!   sleeps in a process, so a restart or a crash loses no retry. `RetryPolicy` spreads the
//!   attempts over hours (exponential backoff with jitter, capped, honouring `Retry-After`
//!   and X's `x-rate-limit-reset`).
//! - **A rate limit pauses one page.** When a platform says when to come back, that page or
//!   account (and only it) is left alone until then: its other replies are deferred without
//!   an attempt.
//! - **Given up means seen.** A permanent error, or a reply out of attempts or time, is
//!   recorded as failed and its conversation goes back to the human queue labelled
//!   `delivery_failed` (`StreamStore::commit_reply`).
//! - **At least once.** A claim is renewed while its send runs (`background::InFlight`); if
//!   the process dies, another instance takes the reply over when the claim lapses, and a
//!   send whose outcome was unknown (a timeout) may then go out twice: the price of never
//!   losing one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use futures_util::future::join_all;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::Instrument;

use crate::background::{CLAIM_WAIT, Common, InFlight, hand_back, keep_claims_alive};
use crate::channels::{Clients, RetryAfter, SendError, Sender};
use crate::domain::conversation::{Delivery, OutboundReply};
use crate::domain::event::Channel;
use crate::domain::figures::{DayKey, Figure, Recorded};
use crate::settings::OutboxSettings;
use crate::store::{Claimed, FigureStore, StoreError, StreamStore, WorkQueue};
use crate::telemetry::ErrorChain;
use crate::x_account::Prepared;

/// When to try a failed send again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base: Duration,
    pub max: Duration,
    /// No attempt later than this after the reply was written.
    pub give_up_after: Duration,
}

impl RetryPolicy {
    pub fn from_settings(s: &OutboxSettings) -> Self {
        RetryPolicy {
            max_attempts: s.max_attempts,
            base: Duration::from_millis(s.backoff_base_ms),
            max: Duration::from_millis(s.backoff_max_ms),
            give_up_after: Duration::from_millis(s.give_up_after_ms),
        }
    }

    /// The delay before attempt `attempt + 1`, or `None` when no attempt is left or the error
    /// will not go away by waiting. A platform's own wish (`Retry-After`, a rate limit's
    /// reset) is honoured up to `max`.
    pub fn delay(&self, attempt: u32, error: &SendError, now: DateTime<Utc>) -> Option<Duration> {
        if !error.retriable || attempt >= self.max_attempts {
            return None;
        }
        let exponential = self
            .base
            .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)))
            .min(self.max);
        // Full jitter on the upper half spreads retries of many replies apart.
        let jittered = exponential / 2 + exponential.mul_f64(fastrand::f64() / 2.0);
        Some(match asked_wait(error, now) {
            Some(asked) => asked.min(self.max).max(jittered),
            None => jittered,
        })
    }

    /// When to make attempt `attempts + 1` of a reply written at `created_at`, or `None` to
    /// give it up: a permanent error, no attempt left, or past `give_up_after`.
    pub fn next_attempt(
        &self,
        attempts: u32,
        error: &SendError,
        created_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let delay = TimeDelta::from_std(self.delay(attempts, error, now)?).ok()?;
        let at = now.checked_add_signed(delay)?;
        let deadline =
            created_at.checked_add_signed(TimeDelta::from_std(self.give_up_after).ok()?)?;
        (at <= deadline).then_some(at)
    }
}

/// How long the platform asked us to wait, if it said.
fn asked_wait(error: &SendError, now: DateTime<Utc>) -> Option<Duration> {
    match error.retry_after? {
        RetryAfter::Delay(delay) => Some(delay),
        RetryAfter::At(at) => Some(at.signed_duration_since(now).to_std().unwrap_or_default()),
    }
}

#[derive(Clone)]
pub struct Outbox {
    inner: Arc<Inner>,
}

struct Inner {
    common: Common,
    clients: Clients,
    policy: RetryPolicy,
    max_in_flight: usize,
    in_flight: InFlight,
    /// Pages and accounts a platform asked us to leave alone, until when.
    paused: Mutex<HashMap<(Channel, String), DateTime<Utc>>>,
}

impl Outbox {
    pub fn new(
        common: Common,
        clients: Clients,
        policy: RetryPolicy,
        max_in_flight: usize,
    ) -> Self {
        Outbox {
            inner: Arc::new(Inner {
                common,
                clients,
                policy,
                max_in_flight: max_in_flight.max(1),
                in_flight: InFlight::default(),
                paused: Mutex::default(),
            }),
        }
    }

    /// Sends replies until `shutdown` fires; then lets the sends under way finish within the
    /// drain time and hands back the rest.
    pub async fn run(self, shutdown: CancellationToken) {
        let inner = &self.inner;
        let beating = CancellationToken::new();
        let heartbeat = keep_claims_alive(
            &inner.common,
            WorkQueue::Replies,
            &inner.in_flight,
            beating.clone(),
        );
        let sending = async {
            // One sending loop per lane of the outbox, sharing the room for sends.
            let lanes = inner.common.store.lanes().max(1);
            let room = Arc::new(Semaphore::new(inner.max_in_flight));
            let mut lane_sends =
                join_all((0..lanes).map(|lane| self.send_until(lane, room.clone(), &shutdown)))
                    .await;
            let finished = tokio::time::timeout(inner.common.drain, async {
                for sends in &mut lane_sends {
                    while let Some(result) = sends.join_next().await {
                        log_failure(result);
                    }
                }
            })
            .await;
            if finished.is_err() {
                // Read before the tasks go: stopping them drops their marks.
                let unfinished = inner.in_flight.ids();
                for sends in &mut lane_sends {
                    sends.shutdown().await;
                }
                hand_back(&inner.common, WorkQueue::Replies, &unfinished).await;
            }
            beating.cancel();
        };
        tokio::join!(heartbeat, sending);
        tracing::info!(task = "reply sender", "stopped");
    }

    /// The sending loop of one lane: claims as many replies as there is room for (`room`, one
    /// permit per send under way, shared by every lane: `max_in_flight` in all, so a slow
    /// send holds up no lane while there is room) and starts each one's send, until
    /// `shutdown`; returns the sends still under way.
    async fn send_until(
        &self,
        lane: usize,
        room: Arc<Semaphore>,
        shutdown: &CancellationToken,
    ) -> JoinSet<Result<(), StoreError>> {
        tracing::info!(task = "reply sender", lane, "started");
        let mut sends = JoinSet::new();
        while !shutdown.is_cancelled() {
            while let Some(result) = sends.try_join_next() {
                log_failure(result);
            }
            // No permits are held while a claim waits for work (other lanes would wait on
            // them): it asks for as many replies as there is room now, and each claimed
            // reply takes its permit before it starts, waiting for a send to end if other
            // lanes took the room meanwhile.
            let free = room.available_permits();
            if free == 0 {
                tokio::select! {
                    () = shutdown.cancelled() => break,
                    Some(result) = sends.join_next() => log_failure(result),
                    permit = room.acquire() => drop(permit),
                }
                continue;
            }
            match self.claim(Some(lane), free, CLAIM_WAIT).await {
                Ok(claimed) => {
                    for entry in claimed {
                        let Ok(permit) = room.clone().acquire_owned().await else {
                            break;
                        };
                        let outbox = self.clone();
                        sends.spawn(async move {
                            let _permit = permit;
                            outbox.deliver(entry).await
                        });
                    }
                }
                Err(error) => {
                    tracing::error!(task = "reply sender", error = %ErrorChain(&error), "round failed");
                    tokio::select! {
                        () = shutdown.cancelled() => break,
                        () = tokio::time::sleep(Duration::from_secs(1)) => {}
                    }
                }
            }
        }
        sends
    }

    /// Sends everything that is due now, each reply to its end or to its next deferral;
    /// returns how many replies were handled. Tests drive the sender with it.
    pub async fn send_pending(&self) -> Result<usize, StoreError> {
        let mut total = 0;
        loop {
            let claimed = self
                .claim(None, self.inner.common.batch, Duration::ZERO)
                .await?;
            if claimed.is_empty() {
                return Ok(total);
            }
            total += claimed.len();
            let mut sends = JoinSet::new();
            for entry in claimed {
                let outbox = self.clone();
                sends.spawn(async move { outbox.deliver(entry).await });
            }
            while let Some(result) = sends.join_next().await {
                result??;
            }
        }
    }

    /// When the earliest deferred reply is due, if any waits.
    pub async fn next_retry_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.inner.common.store.next_deferred_reply().await
    }

    /// Moves due retries to the ready queue (in the first lane, or when claiming from any),
    /// then claims up to `max` replies of `lane` (any lane for `None`), each marked in
    /// flight.
    async fn claim(
        &self,
        lane: Option<usize>,
        max: usize,
        wait: Duration,
    ) -> Result<Vec<(Claimed<OutboundReply>, crate::background::InFlightGuard)>, StoreError> {
        let common = &self.inner.common;
        if lane.unwrap_or_default() == 0 {
            common
                .store
                .promote_due_replies(common.clock.now(), common.batch)
                .await?;
        }
        let max = max.min(common.batch);
        let claimed = match lane {
            Some(lane) => {
                common
                    .store
                    .claim_replies_in(lane, &common.consumer, max, wait)
                    .await?
            }
            None => {
                common
                    .store
                    .claim_replies(&common.consumer, max, wait)
                    .await?
            }
        };
        Ok(claimed
            .into_iter()
            .map(|entry| {
                let guard = self.inner.in_flight.start(&entry.entry_id);
                (entry, guard)
            })
            .collect())
    }

    /// Until when the platform asked us to leave this page or account alone, if it did.
    fn paused_until(&self, reply: &OutboundReply, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let key = (
            reply.conversation.channel,
            reply.conversation.page_id.clone(),
        );
        let mut paused = self.inner.paused.lock().unwrap_or_else(|p| p.into_inner());
        match paused.get(&key) {
            Some(until) if *until > now => Some(*until),
            Some(_) => {
                paused.remove(&key);
                None
            }
            None => None,
        }
    }

    fn pause(&self, reply: &OutboundReply, until: DateTime<Utc>) {
        let key = (
            reply.conversation.channel,
            reply.conversation.page_id.clone(),
        );
        let mut paused = self.inner.paused.lock().unwrap_or_else(|p| p.into_inner());
        let entry = paused.entry(key).or_insert(until);
        *entry = (*entry).max(until);
    }

    /// Sends one claimed reply, in a span naming the request that recorded the message it
    /// answers.
    async fn deliver(
        &self,
        claimed: (Claimed<OutboundReply>, crate::background::InFlightGuard),
    ) -> Result<(), StoreError> {
        let span = tracing::info_span!(
            "reply",
            request_id = claimed.0.item.trace.request_id(),
            reply = %claimed.0.item.id,
        );
        self.attempt(claimed).instrument(span).await
    }

    async fn attempt(
        &self,
        (entry, _in_flight): (Claimed<OutboundReply>, crate::background::InFlightGuard),
    ) -> Result<(), StoreError> {
        let inner = &self.inner;
        let store = &inner.common.store;
        let reply = &entry.item;
        let conversation = &reply.conversation;
        let now = inner.common.clock.now();
        let page = inner
            .common
            .pages
            .get(conversation.channel, &conversation.page_id)
            .await?;
        let Some(page) = page else {
            let failed = Delivery::Failed {
                at: now,
                error: "the page is no longer configured".into(),
                attempts: reply.failed_attempts,
            };
            return self.finish(&entry, failed, None).await;
        };
        if let Some(until) = self.paused_until(reply, now) {
            // Not an attempt: the platform asked us to wait for this page.
            let waiting = Delivery::Retrying {
                attempts: reply.failed_attempts,
                error: "the platform's rate limit for this page".into(),
                next_attempt_at: until,
            };
            return store
                .defer_reply(&entry.entry_id, reply, until, &waiting)
                .await;
        }
        let attempts = reply.failed_attempts.saturating_add(1);
        // X: a fresh token and a unit of the day's DM budget (see `x_account`).
        let sent = match inner.common.x_accounts.prepare(&page, reply).await? {
            Prepared::Send(token) => {
                let sender = Sender {
                    access_token: &token,
                    instagram_login: page.instagram_login,
                };
                inner.clients.send(sender, reply).await
            }
            Prepared::NotNow(error) => Err(error),
            Prepared::Park => {
                // Disconnected: kept aside until an admin reconnects the account.
                inner.common.x_accounts.park(reply).await?;
                return store
                    .commit_reply(&entry.entry_id, reply, &Delivery::Pending)
                    .await;
            }
        };
        let now = inner.common.clock.now();
        let error = match sent {
            Ok(platform_message_id) => {
                tracing::info!(reply = %reply.id, attempts, "reply sent");
                let sent = Delivery::Sent {
                    at: now,
                    platform_message_id,
                    attempts,
                };
                return self.finish(&entry, sent, Some(&page)).await;
            }
            Err(error) => error,
        };
        inner
            .common
            .metrics
            .delivery_failed(conversation.channel, error.code);
        if error.retriable {
            let asked = asked_wait(&error, now).map(|wait| wait.min(inner.policy.max));
            if let Some(wait) = asked.and_then(|wait| TimeDelta::from_std(wait).ok()) {
                if let Some(until) = now.checked_add_signed(wait) {
                    self.pause(reply, until);
                }
            }
        }
        match inner
            .policy
            .next_attempt(attempts, &error, reply.created_at, now)
        {
            Some(next_attempt_at) => {
                tracing::warn!(reply = %reply.id, attempts, %error, %next_attempt_at, "send failed, will retry");
                inner
                    .common
                    .metrics
                    .replies_retried
                    .with_label_values(&[conversation.channel.as_str()])
                    .inc();
                let retry = OutboundReply {
                    failed_attempts: attempts,
                    ..reply.clone()
                };
                let waiting = Delivery::Retrying {
                    attempts,
                    error: error.message,
                    next_attempt_at,
                };
                store
                    .defer_reply(&entry.entry_id, &retry, next_attempt_at, &waiting)
                    .await
            }
            None => {
                tracing::error!(reply = %reply.id, attempts, error = %SendErrorLog(&error), "reply given up, its conversation goes to a person");
                let failed = Delivery::Failed {
                    at: now,
                    error: error.message,
                    attempts,
                };
                self.finish(&entry, failed, Some(&page)).await
            }
        }
    }

    /// Records how a reply ended, and for the bot's answer to a customer's message, how long
    /// after the platform's timestamp it went out.
    async fn finish(
        &self,
        entry: &Claimed<OutboundReply>,
        delivery: Delivery,
        page: Option<&crate::domain::page::Page>,
    ) -> Result<(), StoreError> {
        let common = &self.inner.common;
        let reply = &entry.item;
        let channel = [reply.conversation.channel.as_str()];
        match delivery {
            Delivery::Sent { .. } => common
                .metrics
                .replies_sent
                .with_label_values(&channel)
                .inc(),
            _ => common
                .metrics
                .replies_failed
                .with_label_values(&channel)
                .inc(),
        }
        common
            .store
            .commit_reply(&entry.entry_id, reply, &delivery)
            .await?;
        if let (Some(received_at), Delivery::Sent { at, .. }) = (reply.trace.received_at, &delivery)
        {
            let ms = at
                .signed_duration_since(received_at)
                .num_milliseconds()
                .max(0);
            common
                .metrics
                .webhook_to_reply_seconds
                .observe(ms as f64 / 1000.0);
        }
        if let (Some(page), Some(asked_at), Delivery::Sent { at, .. }) =
            (page, reply.answers_message_at, &delivery)
        {
            let ms = at.signed_duration_since(asked_at).num_milliseconds().max(0);
            common
                .metrics
                .reply_latency_seconds
                .observe(ms as f64 / 1000.0);
            let latency = Figure::AutoReplyLatency { ms };
            let key = DayKey::at(&page.id, reply.conversation.channel, &page.schedule, *at);
            common
                .store
                .record_figures(&[Recorded {
                    key,
                    figure: latency,
                }])
                .await?;
        }
        Ok(())
    }
}

/// A send error for the log: the message only (it never carries a token or URL).
struct SendErrorLog<'a>(&'a SendError);

impl std::fmt::Display for SendErrorLog<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.0.retriable {
            "retriable"
        } else {
            "permanent"
        };
        write!(f, "{} ({kind})", self.0.message)
    }
}

/// A send task that failed to record its outcome leaves its reply claimed: it is retried
/// when the claim lapses (no longer renewed once the task ended).
fn log_failure(result: Result<Result<(), StoreError>, tokio::task::JoinError>) {
    match result {
        Ok(Ok(())) => {}
        Ok(Err(error)) => {
            tracing::error!(error = %ErrorChain(&error), "recording a send failed; the reply is retried when its claim lapses");
        }
        Err(error) if error.is_cancelled() => {}
        Err(error) => tracing::error!(%error, "a send task panicked"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(retriable: bool, retry_after: Option<u64>) -> SendError {
        SendError {
            retriable,
            retry_after: retry_after.map(|s| RetryAfter::Delay(Duration::from_secs(s))),
            message: "x".into(),
            code: crate::channels::NETWORK,
        }
    }

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 6,
            base: Duration::from_millis(100),
            max: Duration::from_secs(1),
            give_up_after: Duration::from_secs(3600),
        }
    }

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        let policy = policy();
        let now = Utc::now();
        let transient = error(true, None);
        for (attempt, full) in [(1, 100), (2, 200), (3, 400), (4, 800), (5, 1000)] {
            let d = policy.delay(attempt, &transient, now).expect("retry");
            let full = Duration::from_millis(full);
            assert!(d >= full / 2 && d <= full, "attempt {attempt}: {d:?}");
        }
        assert_eq!(policy.delay(6, &transient, now), None, "attempts exhausted");
        assert_eq!(
            policy.delay(1, &error(false, None), now),
            None,
            "terminal error"
        );
        let asked = policy.delay(1, &error(true, Some(60)), now).expect("retry");
        assert_eq!(asked, Duration::from_secs(1), "Retry-After is clamped");
        let mut reset = error(true, None);
        reset.retry_after = Some(RetryAfter::At(now + chrono::Duration::milliseconds(700)));
        assert_eq!(
            policy.delay(1, &reset, now),
            Some(Duration::from_millis(700)),
            "waits for the reset"
        );
        reset.retry_after = Some(RetryAfter::At(now - chrono::Duration::seconds(5)));
        let past = policy.delay(1, &reset, now).expect("retry");
        assert!(
            past >= Duration::from_millis(50),
            "a past reset still backs off: {past:?}"
        );
    }

    #[test]
    fn the_default_schedule_spreads_attempts_over_more_than_an_hour() {
        let policy = RetryPolicy::from_settings(&OutboxSettings::default());
        let written = Utc::now();
        let transient = error(true, None);
        let (mut now, mut attempts) = (written, 1);
        while let Some(next) = policy.next_attempt(attempts, &transient, written, now) {
            assert!(next > now, "every retry waits");
            now = next;
            attempts += 1;
        }
        let spread = now - written;
        assert!(
            spread >= chrono::Duration::hours(1),
            "{attempts} attempts over {spread}"
        );
        assert!(
            spread <= chrono::Duration::hours(6),
            "gives up within its time: {spread}"
        );
    }

    #[test]
    fn no_attempt_after_the_give_up_time_and_none_for_absurd_waits() {
        let policy = policy();
        let written = Utc::now();
        let late = written + chrono::Duration::seconds(3600);
        assert_eq!(
            policy.next_attempt(1, &error(true, None), written, late),
            None,
            "the next attempt would be after the give-up time"
        );
        let mut absurd = error(true, None);
        absurd.retry_after = Some(RetryAfter::At(DateTime::<Utc>::MAX_UTC));
        let next = policy
            .next_attempt(1, &absurd, written, written)
            .expect("a wait far in the future is capped, not trusted");
        assert!(next <= written + chrono::Duration::seconds(1));
        assert_eq!(
            policy.next_attempt(1, &error(false, None), written, written),
            None
        );
    }
}
