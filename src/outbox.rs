//! The reply sender: takes replies from the store's outbox, sends each through its channel and
//! records how it ended. A reply that keeps failing is recorded as failed in its conversation
//! (visible in the queue API), never dropped.
//!
//! Retries follow `RetryPolicy`: only failures the channel classifies as retriable (5xx, 429,
//! network errors, the platform's "try later" codes), exponential backoff with jitter, and a
//! platform's `Retry-After` honoured up to the policy's maximum delay. If the process dies
//! while retrying, the reply stays claimed and another consumer takes it over after
//! `reclaim_after`; a send whose outcome was unknown (a timeout) may then go out twice, which
//! is the price of never losing one.

use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

use chrono::{DateTime, Utc};

use crate::background::{Common, drain, run_rounds};
use crate::channels::{Clients, RetryAfter, SendError};
use crate::domain::conversation::{Delivery, OutboundReply};
use crate::domain::figures::{DayKey, Figure, Recorded};
use crate::settings::OutboxSettings;
use crate::store::{Claimed, Store, StoreError};
use crate::x_account::Prepared;

/// When to try a failed send again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base: Duration,
    pub max: Duration,
}

impl RetryPolicy {
    pub fn from_settings(s: &OutboxSettings) -> Self {
        RetryPolicy {
            max_attempts: s.max_attempts,
            base: Duration::from_millis(s.backoff_base_ms),
            max: Duration::from_millis(s.backoff_max_ms),
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
        let asked = match error.retry_after {
            Some(RetryAfter::Delay(delay)) => Some(delay),
            Some(RetryAfter::At(at)) => Some((at - now).to_std().unwrap_or(Duration::ZERO)),
            None => None,
        };
        Some(match asked {
            Some(asked) => asked.min(self.max).max(jittered),
            None => jittered,
        })
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
}

impl Outbox {
    pub fn new(common: Common, clients: Clients, policy: RetryPolicy) -> Self {
        Outbox {
            inner: Arc::new(Inner {
                common,
                clients,
                policy,
            }),
        }
    }

    /// Sends replies until `shutdown` fires.
    pub async fn run(self, shutdown: CancellationToken) {
        run_rounds("reply sender", shutdown, |wait| self.send_batch(wait)).await;
    }

    /// Sends everything waiting now; returns how many replies were handled.
    pub async fn send_pending(&self) -> Result<usize, StoreError> {
        drain(|wait| self.send_batch(wait)).await
    }

    async fn send_batch(&self, wait: Duration) -> Result<usize, StoreError> {
        let inner = &self.inner;
        let claimed = inner
            .common
            .store
            .claim_replies(&inner.common.consumer, inner.common.batch, wait)
            .await?;
        let count = claimed.len();
        let mut tasks = JoinSet::new();
        for entry in claimed {
            let outbox = self.clone();
            tasks.spawn(async move { outbox.deliver(entry).await });
        }
        let mut first_error = None;
        while let Some(result) = tasks.join_next().await {
            if let Err(error) = result.map_err(StoreError::from).and_then(|r| r) {
                first_error.get_or_insert(error);
            }
        }
        first_error.map_or(Ok(count), Err)
    }

    async fn deliver(&self, entry: Claimed<OutboundReply>) -> Result<(), StoreError> {
        let inner = &self.inner;
        let reply = &entry.item;
        let conversation = &reply.conversation;
        let page = inner
            .common
            .pages
            .get(conversation.channel, &conversation.page_id)
            .await?;
        let delivery = match &page {
            None => Delivery::Failed {
                at: inner.common.clock.now(),
                error: "the page is no longer configured".into(),
                attempts: 0,
            },
            Some(page) => {
                let mut attempt = 0;
                loop {
                    attempt += 1;
                    // X: a fresh token and a unit of the day's DM budget (see `x_account`).
                    let sent = match inner.common.x_accounts.prepare(page, reply).await? {
                        Prepared::Send(token) => inner.clients.send(&token, reply).await,
                        Prepared::NotNow(error) => Err(error),
                        Prepared::Park => {
                            inner.common.x_accounts.park(reply).await?;
                            return inner
                                .common
                                .store
                                .commit_reply(&entry.entry_id, reply, &Delivery::Pending)
                                .await;
                        }
                    };
                    match sent {
                        Ok(platform_message_id) => {
                            tracing::info!(reply = %reply.id, attempts = attempt, "reply sent");
                            break Delivery::Sent {
                                at: inner.common.clock.now(),
                                platform_message_id,
                                attempts: attempt,
                            };
                        }
                        Err(error) => {
                            match inner
                                .policy
                                .delay(attempt, &error, inner.common.clock.now())
                            {
                                Some(delay) => {
                                    tracing::warn!(reply = %reply.id, attempt, %error, ?delay, "send failed, will retry");
                                    inner.common.clock.sleep(delay).await;
                                }
                                None => {
                                    tracing::error!(reply = %reply.id, attempts = attempt, %error, "reply could not be sent");
                                    break Delivery::Failed {
                                        at: inner.common.clock.now(),
                                        error: error.message,
                                        attempts: attempt,
                                    };
                                }
                            }
                        }
                    }
                }
            }
        };
        let channel = [conversation.channel.as_str()];
        match delivery {
            Delivery::Sent { .. } => inner
                .common
                .metrics
                .replies_sent
                .with_label_values(&channel)
                .inc(),
            _ => inner
                .common
                .metrics
                .replies_failed
                .with_label_values(&channel)
                .inc(),
        }
        inner
            .common
            .store
            .commit_reply(&entry.entry_id, reply, &delivery)
            .await?;
        // The bot's answer to a customer's message: how long after the platform's timestamp.
        if let (Some(page), Some(asked_at), Delivery::Sent { at, .. }) =
            (&page, reply.answers_message_at, &delivery)
        {
            let latency = Figure::AutoReplyLatency {
                ms: (*at - asked_at).num_milliseconds().max(0),
            };
            let key = DayKey::at(&page.id, conversation.channel, &page.schedule, *at);
            inner
                .common
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

#[cfg(test)]
mod tests {
    use super::*;

    fn error(retriable: bool, retry_after: Option<u64>) -> SendError {
        SendError {
            retriable,
            retry_after: retry_after.map(|s| RetryAfter::Delay(Duration::from_secs(s))),
            message: "x".into(),
        }
    }

    #[test]
    fn backoff_grows_is_capped_and_honours_retry_after() {
        let policy = RetryPolicy {
            max_attempts: 6,
            base: Duration::from_millis(100),
            max: Duration::from_secs(1),
        };
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
}
