//! The retention task: every `privacy.retention_every_ms`, one round of
//! `privacy::retention_round` (each page's resolved conversations past its `retention_days`
//! forgotten, at most `privacy.retention_batch` per round, read from the pages' indexes of
//! resolved conversations by resolution time, so a round never reads what is not due).
//! Every instance may run it; two rounds at once remove each conversation once.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::Common;
use crate::store::{Erased, StoreError};

#[derive(Clone)]
pub struct Retention {
    common: Arc<Common>,
    every: Duration,
    batch: usize,
}

impl Retention {
    pub fn new(common: Common, every: Duration, batch: usize) -> Self {
        Retention {
            common: Arc::new(common),
            every,
            batch,
        }
    }

    /// Runs a round every `every` until `shutdown`; a failed round is logged and the next
    /// one tries again.
    pub async fn run(self, shutdown: CancellationToken) {
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = tokio::time::sleep(self.every) => {}
            }
            if let Err(error) = self.round().await {
                tracing::error!(error = %crate::telemetry::ErrorChain(&error), "retention round failed");
            }
        }
    }

    /// One round, now (tests call it with a fixed clock).
    pub async fn round(&self) -> Result<Erased, StoreError> {
        let common = &self.common;
        crate::privacy::retention_round(
            &common.store,
            &common.pages,
            Some(&common.metrics),
            common.clock.now(),
            self.batch,
        )
        .await
    }
}
