//! The live bus: "something changed" notices (a conversation's message, claim, note or reply;
//! a page's configuration) for every instance, so open consoles update themselves and page
//! caches drop stale entries at once.
//!
//! The store publishes (`AnyStore`, after each successful change), so no use case can forget
//! to. A notice says *what* changed, never the new state: whoever listens re-reads it from
//! the store. That makes losing a notice harmless, only late: a receiver that lags behind
//! (more than `CAPACITY` unread) loses the oldest ones and gets `RecvError::Lagged`, and
//! after the Redis subscription was lost and came back every receiver gets `Resync`; both
//! mean "re-read everything you show or cache". Page caches keep their TTL as the safety net.
//!
//! Two flavours behind one type:
//! - `Live::local()` (the embedded store, one process): a tokio broadcast channel.
//! - `Live::redis` (several instances): `publish` queues the notice for a publisher task
//!   (`PUBLISH {prefix}live`, JSON); one subscriber task per store forwards every message on
//!   that channel into the local broadcast. A notice is *not* also delivered locally by
//!   `publish`: it comes back through Redis like everyone else's, so every instance, the
//!   publishing one included, sees each notice exactly once. The subscriber reconnects with
//!   backoff when Redis goes away (and then sends `Resync`), pings to notice a dead
//!   connection, skips payloads it cannot read, and stops when the last `Live` is dropped.
//!
//! `publish` never waits and never fails the caller's write: a notice that cannot be queued or
//! sent is logged at warn and dropped.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use redis::aio::PubSub;
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc};
use tokio_util::sync::{CancellationToken, DropGuard};

use crate::domain::event::{Channel, ConversationKey};
use crate::store::redis::Conn;

/// Notices a receiver may fall behind by before it loses the oldest ones.
const CAPACITY: usize = 1024;
/// Notices waiting for the publisher task before new ones are dropped (Redis slow or away).
const PUBLISH_QUEUE: usize = 1024;
/// How often the subscriber checks that its connection is alive, and how long it waits.
const PING_EVERY: Duration = Duration::from_secs(15);
const PING_TIMEOUT: Duration = Duration::from_secs(5);
/// How long connecting and subscribing may take.
const SUBSCRIBE_TIMEOUT: Duration = Duration::from_secs(2);
/// Waits between attempts to subscribe again: doubling from the first to the last.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// What changed. Receivers re-read the thing named; the notice carries no state.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveUpdate {
    Conversation {
        key: ConversationKey,
        what: Happened,
    },
    /// A page's configuration was saved or deleted.
    Page { channel: Channel, id: String },
    /// Notices may have been missed (the Redis subscription was lost for a while): re-read
    /// everything. Made by the subscriber, never published.
    Resync,
}

/// What happened to a conversation.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Happened {
    /// A message was added: the customer wrote, or the bot answered (an event's outcome).
    Message,
    /// Claimed, released, assigned, resolved, reopened; labels or links changed.
    Changed,
    /// A note was added.
    Note,
    /// A reply was queued, or its delivery state changed (sent, retrying, failed).
    Reply,
}

impl LiveUpdate {
    pub fn conversation(key: &ConversationKey, what: Happened) -> Self {
        LiveUpdate::Conversation {
            key: key.clone(),
            what,
        }
    }

    /// The page the notice is about, to filter by the pages a caller may see; `None` for
    /// `Resync`, which concerns every page.
    pub fn page_id(&self) -> Option<&str> {
        match self {
            LiveUpdate::Conversation { key, .. } => Some(&key.page_id),
            LiveUpdate::Page { id, .. } => Some(id),
            LiveUpdate::Resync => None,
        }
    }

    /// A notice from its JSON payload; `None` (logged at debug) for anything else.
    pub fn decode(payload: &[u8]) -> Option<Self> {
        match serde_json::from_slice(payload) {
            Ok(update) => Some(update),
            Err(error) => {
                tracing::debug!(%error, "live updates: skipped a payload that is not a notice");
                None
            }
        }
    }
}

/// The bus of one store. Cheap to clone; the Redis tasks stop when the last clone is dropped.
#[derive(Clone)]
pub struct Live {
    inner: Arc<Inner>,
}

struct Inner {
    local: broadcast::Sender<LiveUpdate>,
    /// Redis: JSON payloads for the publisher task. `None`: local only.
    outgoing: Option<mpsc::Sender<String>>,
    /// Stops the subscriber task with the last handle.
    _subscriber: Option<DropGuard>,
}

impl Live {
    /// In-process only: `publish` delivers to this process's receivers.
    pub fn local() -> Self {
        Live {
            inner: Arc::new(Inner {
                local: broadcast::channel(CAPACITY).0,
                outgoing: None,
                _subscriber: None,
            }),
        }
    }

    /// Across instances through Redis pub/sub on `{prefix}live`. Subscribes before it
    /// returns, so nothing published after this returns is missed; publishes on `publisher`
    /// (the store's shared connection).
    pub async fn redis(
        client: redis::Client,
        publisher: Conn,
        prefix: &str,
    ) -> redis::RedisResult<Self> {
        let channel = format!("{prefix}live");
        let pubsub = subscribe(&client, &channel).await?;
        let local = broadcast::channel(CAPACITY).0;
        let (outgoing, queued) = mpsc::channel(PUBLISH_QUEUE);
        let stop = CancellationToken::new();
        tokio::spawn(publish_queued(publisher, channel.clone(), queued));
        tokio::spawn(forward_until_stopped(
            client,
            channel,
            pubsub,
            local.clone(),
            stop.clone(),
        ));
        Ok(Live {
            inner: Arc::new(Inner {
                local,
                outgoing: Some(outgoing),
                _subscriber: Some(stop.drop_guard()),
            }),
        })
    }

    /// Tells every instance (this one included) about a change. Returns at once; never fails
    /// (a notice that cannot go out is logged and dropped).
    pub fn publish(&self, update: LiveUpdate) {
        let Some(outgoing) = &self.inner.outgoing else {
            // No receivers is not an error: nobody is watching.
            let _ = self.inner.local.send(update);
            return;
        };
        let payload = match serde_json::to_string(&update) {
            Ok(payload) => payload,
            Err(error) => {
                tracing::warn!(%error, "live updates: a notice could not be encoded");
                return;
            }
        };
        if let Err(error) = outgoing.try_send(payload) {
            tracing::warn!(%error, "live updates: a notice was dropped");
        }
    }

    /// `publish`, waiting for room in the queue of notices for Redis instead of dropping the
    /// notice (for bulk changes such as an import, which may publish thousands at once).
    pub async fn publish_waiting(&self, update: LiveUpdate) {
        let Some(outgoing) = &self.inner.outgoing else {
            let _ = self.inner.local.send(update);
            return;
        };
        match serde_json::to_string(&update) {
            Ok(payload) => {
                if outgoing.send(payload).await.is_err() {
                    tracing::warn!(?update, "live updates: the publisher has stopped");
                }
            }
            Err(error) => tracing::warn!(%error, "live updates: a notice could not be encoded"),
        }
    }

    /// Every notice from now on. A receiver that falls more than `CAPACITY` behind loses the
    /// oldest (`RecvError::Lagged`) and should re-read what it shows.
    pub fn subscribe(&self) -> broadcast::Receiver<LiveUpdate> {
        self.inner.local.subscribe()
    }
}

/// How many queued notices go to Redis in one pipeline.
const PUBLISH_BATCH: usize = 256;

/// Publishes queued payloads, whatever has queued up meanwhile in one pipeline (one round
/// trip, not one per notice: under a burst of thousands of changes a second the queue would
/// otherwise fill and drop notices), until every `Live` handle is gone.
async fn publish_queued(mut conn: Conn, channel: String, mut queued: mpsc::Receiver<String>) {
    let mut payloads = Vec::with_capacity(PUBLISH_BATCH);
    while queued.recv_many(&mut payloads, PUBLISH_BATCH).await > 0 {
        let mut pipe = redis::pipe();
        for payload in payloads.drain(..) {
            pipe.publish(&channel, payload).ignore();
        }
        if let Err(error) = pipe.query_async::<()>(&mut conn).await {
            tracing::warn!(%error, "live updates: publishing notices failed");
        }
    }
}

async fn subscribe(client: &redis::Client, channel: &str) -> redis::RedisResult<PubSub> {
    let connect = async {
        let mut pubsub = client.get_async_pubsub().await?;
        pubsub.subscribe(channel).await?;
        Ok(pubsub)
    };
    tokio::time::timeout(SUBSCRIBE_TIMEOUT, connect)
        .await
        .unwrap_or_else(|_| {
            Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "subscribing to live updates timed out",
            )
            .into())
        })
}

/// The subscriber: forwards, and subscribes again whenever the connection is lost.
async fn forward_until_stopped(
    client: redis::Client,
    channel: String,
    mut pubsub: PubSub,
    local: broadcast::Sender<LiveUpdate>,
    stop: CancellationToken,
) {
    loop {
        let why = tokio::select! {
            () = stop.cancelled() => return,
            why = forward(pubsub, &local) => why,
        };
        tracing::warn!(
            reason = why,
            "live updates: lost the redis subscription; subscribing again"
        );
        let Some(again) = subscribe_again(&client, &channel, &stop).await else {
            return;
        };
        pubsub = again;
        tracing::info!("live updates: subscribed again");
        // Whatever was published meanwhile is lost: receivers re-read.
        let _ = local.send(LiveUpdate::Resync);
    }
}

/// Forwards messages until the connection ends or stops answering pings; says why.
async fn forward(pubsub: PubSub, local: &broadcast::Sender<LiveUpdate>) -> String {
    let (mut sink, mut messages) = pubsub.split();
    let mut ping = tokio::time::interval_at(tokio::time::Instant::now() + PING_EVERY, PING_EVERY);
    loop {
        tokio::select! {
            message = messages.next() => match message {
                Some(message) => {
                    if let Some(update) = LiveUpdate::decode(message.get_payload_bytes()) {
                        let _ = local.send(update);
                    }
                }
                None => return "the connection closed".to_owned(),
            },
            _ = ping.tick() => {
                match tokio::time::timeout(PING_TIMEOUT, sink.ping::<redis::Value>()).await {
                    Ok(Ok(_)) => {}
                    Ok(Err(error)) => return format!("ping failed: {error}"),
                    Err(_) => return "ping timed out".to_owned(),
                }
            }
        }
    }
}

/// Subscribes again, waiting longer after each failure; `None` when stopped meanwhile.
async fn subscribe_again(
    client: &redis::Client,
    channel: &str,
    stop: &CancellationToken,
) -> Option<PubSub> {
    let mut backoff = FIRST_BACKOFF;
    loop {
        let jitter = Duration::from_millis(fastrand::u64(0..=backoff.as_millis() as u64 / 2));
        tokio::select! {
            () = stop.cancelled() => return None,
            () = tokio::time::sleep(backoff.saturating_add(jitter)) => {}
        }
        match subscribe(client, channel).await {
            Ok(pubsub) => return Some(pubsub),
            Err(error) => {
                tracing::debug!(%error, backoff_ms = backoff.as_millis() as u64, "live updates: subscribing again failed")
            }
        }
        backoff = backoff.saturating_mul(2).min(MAX_BACKOFF);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> ConversationKey {
        ConversationKey {
            channel: Channel::Instagram,
            page_id: "17841400000000001".into(),
            customer_id: "customer-1".into(),
        }
    }

    #[test]
    fn a_notice_survives_its_payload_and_names_its_page() {
        for update in [
            LiveUpdate::conversation(&key(), Happened::Reply),
            LiveUpdate::Page {
                channel: Channel::X,
                id: "1602317347845976187".into(),
            },
        ] {
            let payload = serde_json::to_vec(&update).unwrap();
            assert_eq!(LiveUpdate::decode(&payload), Some(update.clone()));
        }
        assert_eq!(
            LiveUpdate::conversation(&key(), Happened::Note).page_id(),
            Some("17841400000000001")
        );
        assert_eq!(LiveUpdate::Resync.page_id(), None);
    }

    #[test]
    fn garbage_payloads_are_skipped() {
        for payload in [
            &b""[..],
            b"not json",
            b"{\"kind\":\"conversation\"}",
            b"{\"kind\":\"page\",\"channel\":\"fax\",\"id\":\"1\"}",
            b"{\"kind\":\"unheard_of\"}",
            &[0xff, 0xfe, 0x00],
        ] {
            assert_eq!(LiveUpdate::decode(payload), None, "{payload:?}");
        }
    }

    #[tokio::test]
    async fn locally_every_receiver_gets_each_notice_once() {
        let live = Live::local();
        live.publish(LiveUpdate::Resync); // nobody listens yet: not an error
        let (mut first, mut second) = (live.subscribe(), live.subscribe());
        let update = LiveUpdate::conversation(&key(), Happened::Message);
        live.clone().publish(update.clone());
        for receiver in [&mut first, &mut second] {
            assert_eq!(receiver.try_recv().unwrap(), update);
            assert!(receiver.try_recv().is_err(), "only once");
        }
    }
}
