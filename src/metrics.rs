//! Prometheus metrics of one instance, served at `/metrics`: HTTP requests by method, route
//! pattern and status class (with their latency), webhooks received and rejected, events
//! recorded, replies sent, retried and failed, failed send attempts by the platform's error
//! code, decision latency, the latency from a customer's message (and from the webhook that
//! brought it) to the bot's reply, the work waiting in the queues (the outbox backlog and the
//! age of the reply first in line; how old the oldest event is: the worker's lag) the queue depth of every page, and the customer data that
//! retention and erasure removed. Each application owns its registry (no global state), so
//! several instances in one test process do not mix their figures.
//!
//! Every series whose labels are known in advance (channels, rejection reasons, failure
//! codes, the documented routes with each status class) exists from the start at zero, so a
//! rate over the first failure is not lost to a series appearing.

use chrono::{DateTime, Utc};
use std::time::Duration;

use prometheus::{
    Encoder, Gauge, Histogram, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec,
    Opts, Registry, TextEncoder,
};

use crate::domain::event::Channel;
use crate::store::Backlog;

/// The status classes an HTTP route's series start with.
const STATUS_CLASSES: [&str; 3] = ["2xx", "4xx", "5xx"];

/// Why a webhook delivery can be rejected (`ApiError::code`).
const WEBHOOK_REJECTIONS: [&str; 3] = ["signature_missing", "signature_invalid", "malformed_json"];

/// The status class of an HTTP status (`2xx`, `4xx`, ...).
fn status_class(status: u16) -> &'static str {
    match status {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    }
}

pub struct Metrics {
    registry: Registry,
    http_requests: HistogramVec,
    /// Failed send attempts (retried or given up), by channel and failure code
    /// (`channels::SendError::code`).
    pub delivery_failures: IntCounterVec,
    /// From the webhook request that brought a customer's message to the bot's reply sent.
    pub webhook_to_reply_seconds: Histogram,
    outbox_oldest_seconds: Gauge,
    pub webhooks_received: IntCounterVec,
    pub webhooks_rejected: IntCounterVec,
    pub events_recorded: IntCounterVec,
    pub replies_sent: IntCounterVec,
    pub replies_failed: IntCounterVec,
    pub replies_retried: IntCounterVec,
    pub decision_seconds: Histogram,
    /// From the platform's timestamp of a customer's message to the bot's reply going out.
    pub reply_latency_seconds: Histogram,
    pub queue_depth: IntGaugeVec,
    events_waiting: IntGauge,
    worker_lag_seconds: Gauge,
    replies_waiting: IntGaugeVec,
    /// X accounts whose tokens stopped working (`refused`: a failed refresh; `revoked`).
    pub x_disconnected: IntCounterVec,
    /// X token refreshes, by outcome (`rotated`, `refused`, `failed`).
    pub x_token_refreshes: IntCounterVec,
    /// Replies not sent because an X account's daily DM budget was used up.
    pub x_dm_budget_exhausted: IntCounterVec,
    /// Customer data removed, by reason (`retention`, `erasure`) and kind (`conversations`,
    /// `messages`, `notes`, …; see `store::Erased`).
    pub customer_data_removed: IntCounterVec,
    /// Customers erased on request.
    pub customer_erasures: IntCounterVec,
}

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let counter =
            |name: &str, help: &str, labels: &[&str]| -> Result<IntCounterVec, prometheus::Error> {
                let counter = IntCounterVec::new(Opts::new(name, help), labels)?;
                registry.register(Box::new(counter.clone()))?;
                Ok(counter)
            };
        let webhooks_received = counter(
            "frontdesk_webhooks_received_total",
            "Webhook deliveries received",
            &["channel"],
        )?;
        let webhooks_rejected = counter(
            "frontdesk_webhooks_rejected_total",
            "Webhook deliveries rejected, by reason",
            &["channel", "reason"],
        )?;
        let events_recorded = counter(
            "frontdesk_events_recorded_total",
            "Inbound events recorded",
            &["channel"],
        )?;
        let replies_sent = counter(
            "frontdesk_replies_sent_total",
            "Replies delivered",
            &["channel"],
        )?;
        let replies_failed = counter(
            "frontdesk_replies_failed_total",
            "Replies that failed for good",
            &["channel"],
        )?;
        let replies_retried = counter(
            "frontdesk_replies_retried_total",
            "Failed sends deferred for another attempt",
            &["channel"],
        )?;
        let x_disconnected = counter(
            "frontdesk_x_accounts_disconnected_total",
            "X accounts that need an admin to reconnect them, by reason",
            &["page", "reason"],
        )?;
        let x_token_refreshes = counter(
            "frontdesk_x_token_refreshes_total",
            "X OAuth 2.0 token refreshes, by outcome",
            &["outcome"],
        )?;
        let x_dm_budget_exhausted = counter(
            "frontdesk_x_dm_budget_exhausted_total",
            "Replies handed to a person because the X account's daily DM budget was used up",
            &["page"],
        )?;
        let customer_data_removed = counter(
            "frontdesk_customer_data_removed_total",
            "Customer records removed, by reason (retention, erasure) and kind",
            &["reason", "kind"],
        )?;
        let customer_erasures = counter(
            "frontdesk_customer_erasures_total",
            "Customers erased on request",
            &["channel"],
        )?;
        let delivery_failures = counter(
            "frontdesk_delivery_failures_total",
            "Failed attempts to send a reply (retried or given up), by the platform's error code",
            &["channel", "code"],
        )?;
        let http_requests = HistogramVec::new(
            HistogramOpts::new(
                "frontdesk_http_request_duration_seconds",
                "HTTP requests by method, route pattern and status class, with their latency",
            )
            .buckets(vec![
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ]),
            &["method", "route", "status"],
        )?;
        registry.register(Box::new(http_requests.clone()))?;
        let webhook_to_reply_seconds = Histogram::with_opts(
            HistogramOpts::new(
                "frontdesk_webhook_to_reply_seconds",
                "From receiving the webhook that brought a customer's message to the bot's reply sent",
            )
            .buckets(vec![
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
            ]),
        )?;
        registry.register(Box::new(webhook_to_reply_seconds.clone()))?;
        let outbox_oldest_seconds = Gauge::new(
            "frontdesk_outbox_oldest_reply_age_seconds",
            "Age of the reply first in line to be sent (since it was written); 0 when none waits",
        )?;
        registry.register(Box::new(outbox_oldest_seconds.clone()))?;
        let decision_seconds = Histogram::with_opts(
            HistogramOpts::new("frontdesk_decision_seconds", "Time to decide one event")
                .buckets(vec![1e-6, 5e-6, 1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 1e-2]),
        )?;
        registry.register(Box::new(decision_seconds.clone()))?;
        let reply_latency_seconds = Histogram::with_opts(
            HistogramOpts::new(
                "frontdesk_reply_latency_seconds",
                "From a customer's message (the platform's timestamp) to the bot's reply sent",
            )
            .buckets(vec![
                0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0,
            ]),
        )?;
        registry.register(Box::new(reply_latency_seconds.clone()))?;
        let events_waiting = IntGauge::new(
            "frontdesk_events_waiting",
            "Recorded events not yet processed (in all instances)",
        )?;
        registry.register(Box::new(events_waiting.clone()))?;
        let worker_lag_seconds = Gauge::new(
            "frontdesk_worker_lag_seconds",
            "Age of the oldest recorded event not yet processed; 0 when none waits",
        )?;
        registry.register(Box::new(worker_lag_seconds.clone()))?;
        let replies_waiting = IntGaugeVec::new(
            Opts::new(
                "frontdesk_replies_waiting",
                "Replies in the outbox: ready to send, or deferred to their next attempt",
            ),
            &["state"],
        )?;
        registry.register(Box::new(replies_waiting.clone()))?;
        let queue_depth = IntGaugeVec::new(
            Opts::new(
                "frontdesk_queue_depth",
                "Conversations waiting for a person",
            ),
            &["page"],
        )?;
        registry.register(Box::new(queue_depth.clone()))?;
        for channel in Channel::ALL.map(Channel::as_str) {
            for counter in [
                &webhooks_received,
                &events_recorded,
                &replies_sent,
                &replies_failed,
                &replies_retried,
            ] {
                counter.with_label_values(&[channel]);
            }
            for reason in WEBHOOK_REJECTIONS {
                webhooks_rejected.with_label_values(&[channel, reason]);
            }
            for code in crate::channels::delivery_failure_codes() {
                delivery_failures.with_label_values(&[channel, code]);
            }
        }
        for outcome in ["rotated", "refused", "failed"] {
            x_token_refreshes.with_label_values(&[outcome]);
        }
        for state in ["ready", "deferred"] {
            replies_waiting.with_label_values(&[state]);
        }
        Ok(Metrics {
            registry,
            http_requests,
            delivery_failures,
            webhook_to_reply_seconds,
            outbox_oldest_seconds,
            webhooks_received,
            webhooks_rejected,
            events_recorded,
            replies_sent,
            replies_failed,
            replies_retried,
            decision_seconds,
            reply_latency_seconds,
            queue_depth,
            events_waiting,
            worker_lag_seconds,
            replies_waiting,
            x_disconnected,
            x_token_refreshes,
            x_dm_budget_exhausted,
            customer_data_removed,
            customer_erasures,
        })
    }

    /// Counts what a retention round or an erasure removed, per kind.
    pub fn count_removed(&self, reason: &str, erased: &crate::store::Erased) {
        for (kind, count) in erased.kinds() {
            if count > 0 {
                self.customer_data_removed
                    .with_label_values(&[reason, kind])
                    .inc_by(count);
            }
        }
    }

    /// Starts the series of these routes (method, pattern) at zero, for every status class.
    pub fn register_routes<'a>(&self, routes: impl IntoIterator<Item = (&'a str, &'a str)>) {
        for (method, route) in routes {
            for class in STATUS_CLASSES {
                self.http_requests
                    .with_label_values(&[method, route, class]);
            }
        }
    }

    /// Counts one HTTP request: its method, matched route pattern, status and latency.
    pub fn observe_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        self.http_requests
            .with_label_values(&[method, route, status_class(status)])
            .observe(elapsed.as_secs_f64());
    }

    /// Counts a failed send attempt.
    pub fn delivery_failed(&self, channel: Channel, code: &str) {
        self.delivery_failures
            .with_label_values(&[channel.as_str(), code])
            .inc();
    }

    /// Sets the gauges of what waits in the work queues, as of `now`.
    pub fn set_backlog(&self, backlog: &Backlog, now: DateTime<Utc>) {
        self.events_waiting
            .set(i64::try_from(backlog.events).unwrap_or(i64::MAX));
        let age = |since: Option<DateTime<Utc>>| {
            since.map_or(0.0, |at| {
                now.signed_duration_since(at).num_milliseconds().max(0) as f64 / 1000.0
            })
        };
        self.worker_lag_seconds
            .set(age(backlog.oldest_event_recorded_at));
        self.outbox_oldest_seconds
            .set(age(backlog.oldest_ready_reply_written_at));
        for (state, count) in [
            ("ready", backlog.replies_ready),
            ("deferred", backlog.replies_deferred),
        ] {
            self.replies_waiting
                .with_label_values(&[state])
                .set(i64::try_from(count).unwrap_or(i64::MAX));
        }
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        // Encoding our own, well-formed families into memory does not fail.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut buffer);
        String::from_utf8(buffer).unwrap_or_default()
    }
}
