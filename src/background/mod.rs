//! What the background tasks (the event worker and the reply sender) share: their
//! dependencies, the loops that run their rounds until shutdown or until nothing is left, and
//! the leases on claimed work: what this instance is working on is renewed by a heartbeat and
//! handed back at shutdown, so only a dead instance's work waits for its claim to lapse.
//!
//! The tasks live here too: `worker` (recorded events into outcomes), `outbox` (sending
//! replies) and `retention` (forgetting resolved conversations past their page's limit).

pub mod outbox;
pub mod retention;
pub mod runtime;
pub mod worker;

use std::collections::HashSet;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::clock::Clock;
use crate::metrics::Metrics;
use crate::pages::PageDirectory;
use crate::store::{AnyStore, StoreError, StreamStore, WorkQueue};
use crate::telemetry::ErrorChain;
use crate::x_account::XAccounts;

/// How long one claim waits for new work before looking again (and before it notices a
/// shutdown).
pub const CLAIM_WAIT: Duration = Duration::from_secs(2);

/// The dependencies of a background task.
pub struct Common {
    pub store: AnyStore,
    pub pages: PageDirectory,
    pub clock: Clock,
    /// This instance's consumer name in the work queues.
    pub consumer: String,
    /// Items taken from a queue at once.
    pub batch: usize,
    /// How long a claim lasts unless renewed (`worker.reclaim_after_ms`).
    pub lease: Duration,
    /// How long in-flight work may take to finish at shutdown (`worker.drain_ms`).
    pub drain: Duration,
    pub metrics: Arc<Metrics>,
    /// X accounts' tokens and DM budgets, checked before each send.
    pub x_accounts: XAccounts,
}

/// The entries of one work queue this instance is working on right now.
#[derive(Clone, Default)]
pub struct InFlight {
    ids: Arc<Mutex<HashSet<String>>>,
}

/// Marks an entry as in flight until dropped (also when its task is aborted).
pub struct InFlightGuard {
    ids: Arc<Mutex<HashSet<String>>>,
    id: String,
}

impl InFlight {
    pub fn start(&self, entry_id: &str) -> InFlightGuard {
        self.lock().insert(entry_id.to_owned());
        InFlightGuard {
            ids: Arc::clone(&self.ids),
            id: entry_id.to_owned(),
        }
    }

    pub fn ids(&self) -> Vec<String> {
        self.lock().iter().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        self.ids.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        self.ids
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.id);
    }
}

/// Renews this instance's claims on the entries in flight every third of the lease, until
/// `shutdown`. A failed renewal is logged; the next beat tries again.
pub async fn keep_claims_alive(
    common: &Common,
    queue: WorkQueue,
    in_flight: &InFlight,
    shutdown: CancellationToken,
) {
    let every = (common.lease / 3).max(Duration::from_millis(100));
    loop {
        tokio::select! {
            () = shutdown.cancelled() => break,
            () = tokio::time::sleep(every) => {}
        }
        let ids = in_flight.ids();
        if ids.is_empty() {
            continue;
        }
        if let Err(error) = common
            .store
            .renew_claims(queue, &common.consumer, &ids)
            .await
        {
            tracing::warn!(queue = queue.as_str(), error = %ErrorChain(&error), "renewing claims failed");
        }
    }
}

/// Hands back work that was still in flight when the drain time was up (its tasks are
/// stopped), so another instance takes it at once.
pub async fn hand_back(common: &Common, queue: WorkQueue, unfinished: &[String]) {
    if unfinished.is_empty() {
        return;
    }
    tracing::warn!(
        ?queue,
        count = unfinished.len(),
        "handing back unfinished work"
    );
    if let Err(error) = common
        .store
        .release_claims(queue, &common.consumer, unfinished)
        .await
    {
        tracing::error!(queue = queue.as_str(), error = %ErrorChain(&error), "handing back failed; the work is taken over when its claim lapses");
    }
}

/// Runs rounds (each waiting up to `CLAIM_WAIT` for work) until `shutdown`; a round is never
/// cut short (its work would wait for its claims to lapse), so the shutdown is noticed
/// between rounds. A failed round is logged and followed by a pause; its work is retried when
/// its claims lapse.
pub async fn run_rounds<F, Fut>(name: &str, shutdown: CancellationToken, mut round: F)
where
    F: FnMut(Duration) -> Fut,
    Fut: Future<Output = Result<usize, StoreError>>,
{
    tracing::info!(task = name, "started");
    while !shutdown.is_cancelled() {
        if let Err(error) = round(CLAIM_WAIT).await {
            tracing::error!(task = name, error = %ErrorChain(&error), "round failed");
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
            }
        }
    }
    tracing::info!(task = name, "stopped");
}

/// Runs rounds without waiting until one finds nothing; returns how many items were handled.
/// Tests use it to drain a queue deterministically.
pub async fn drain<F, Fut>(mut round: F) -> Result<usize, StoreError>
where
    F: FnMut(Duration) -> Fut,
    Fut: Future<Output = Result<usize, StoreError>>,
{
    let mut total = 0;
    loop {
        let n = round(Duration::ZERO).await?;
        if n == 0 {
            return Ok(total);
        }
        total += n;
    }
}
