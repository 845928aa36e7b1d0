//! Prometheus metrics of one instance, served at `/metrics`: webhooks received and rejected,
//! events recorded, replies sent and failed, decision latency and the queue depth of the pages
//! this instance has seen. Each application owns its registry (no global state), so several
//! instances in one test process do not mix their figures.

use prometheus::{
    Encoder, Histogram, HistogramOpts, IntCounterVec, IntGaugeVec, Opts, Registry, TextEncoder,
};

pub struct Metrics {
    registry: Registry,
    pub webhooks_received: IntCounterVec,
    pub webhooks_rejected: IntCounterVec,
    pub events_recorded: IntCounterVec,
    pub replies_sent: IntCounterVec,
    pub replies_failed: IntCounterVec,
    pub replies_retried: IntCounterVec,
    pub decision_seconds: Histogram,
    pub queue_depth: IntGaugeVec,
    /// X accounts whose tokens stopped working (`refused`: a failed refresh; `revoked`).
    pub x_disconnected: IntCounterVec,
    /// X token refreshes, by outcome (`rotated`, `refused`, `failed`).
    pub x_token_refreshes: IntCounterVec,
    /// Replies not sent because an X account's daily DM budget was used up.
    pub x_dm_budget_exhausted: IntCounterVec,
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
        let decision_seconds = Histogram::with_opts(
            HistogramOpts::new("frontdesk_decision_seconds", "Time to decide one event")
                .buckets(vec![1e-6, 5e-6, 1e-5, 5e-5, 1e-4, 5e-4, 1e-3, 1e-2]),
        )?;
        registry.register(Box::new(decision_seconds.clone()))?;
        let queue_depth = IntGaugeVec::new(
            Opts::new(
                "frontdesk_queue_depth",
                "Conversations waiting for a person",
            ),
            &["page"],
        )?;
        registry.register(Box::new(queue_depth.clone()))?;
        Ok(Metrics {
            registry,
            webhooks_received,
            webhooks_rejected,
            events_recorded,
            replies_sent,
            replies_failed,
            replies_retried,
            decision_seconds,
            queue_depth,
            x_disconnected,
            x_token_refreshes,
            x_dm_budget_exhausted,
        })
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut buffer = Vec::new();
        // Encoding our own, well-formed families into memory does not fail.
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut buffer);
        String::from_utf8(buffer).unwrap_or_default()
    }
}
