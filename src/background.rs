//! What the background tasks (the event worker and the reply sender) share: their
//! dependencies, and the loops that run their rounds until shutdown or until nothing is left.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::clock::Clock;
use crate::metrics::Metrics;
use crate::pages::PageDirectory;
use crate::store::{AnyStore, StoreError};
use crate::telemetry::ErrorChain;
use crate::x_account::XAccounts;

/// How long one claim waits for new work before looking again.
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
    pub metrics: Arc<Metrics>,
    /// X accounts' tokens and DM budgets, checked before each send.
    pub x_accounts: XAccounts,
}

/// Runs rounds (each waiting up to `CLAIM_WAIT` for work) until `shutdown`; a failed round
/// is logged and followed by a pause, and its work is retried after `reclaim_after`.
pub async fn run_rounds<F, Fut>(name: &str, shutdown: CancellationToken, mut round: F)
where
    F: FnMut(Duration) -> Fut,
    Fut: Future<Output = Result<usize, StoreError>>,
{
    tracing::info!(task = name, "started");
    loop {
        let result = tokio::select! {
            () = shutdown.cancelled() => break,
            result = round(CLAIM_WAIT) => result,
        };
        if let Err(error) = result {
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
