//! Everything frontdesk keeps: page configurations, the durable inbound and outbound work
//! queues, one-time claims (deduplication, reply throttling) and the conversations of the
//! human queue.
//!
//! The domain operations are named per subject, one trait and its types in each file:
//! `pages.rs` (`PageStore`: configurations and their versions), `records.rs`
//! (`RecordStore`: API tokens, named sets, values and counters, one-time claims),
//! `streams.rs` (`StreamStore`: the work queues of events and replies), `conversations.rs`
//! (`ConversationStore`: the human queue, changes, notes, labels, links), `figures.rs`
//! (`FigureStore`: the day figures), `privacy.rs` (`PrivacyStore`: a customer's records,
//! erasure, retention) and `sealing.rs` (`SecretStore`: the raw records that hold tokens).
//! `redis` implements them for production (several stateless instances share one server)
//! and `embedded` on a local redb file (the default when no Redis URL is set), each in files
//! of the same names. `AnyStore` is the one the application holds; its dispatch sits beside
//! each trait. The same contract tests (`tests/api/store_contract.rs`) run against both.
//!
//! Delivery guarantees, the same on both backends:
//! - an event is recorded durably before `record_events` returns;
//! - a claim lasts `reclaim_after` unless its consumer renews it (`renew_claims`, the
//!   heartbeat of live work); work of a consumer that died is claimed again by any consumer
//!   once its claim has lapsed, and work handed back (`release_claims`, at shutdown) at once;
//! - a reply whose send failed is deferred (`defer_reply`): it waits in the store, not in a
//!   process, until its next attempt is due (`promote_due_replies`);
//! - `commit_event` applies the whole outcome of one event atomically: conversation,
//!   queue entry, outbox entry and the acknowledgement of the event, or none of them.
//!
//! Every store carries its live bus (`AnyStore::live`, see `crate::live`); `AnyStore`
//! publishes a notice after each successful change of a conversation or a page, so every
//! instance's consoles and page caches hear of it, whichever use case made the change.

/// `AnyStore`'s dispatch to its backend; defined before the modules so the subject files
/// can use it.
macro_rules! dispatch {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            AnyStore::Redis($store) => $call.await,
            AnyStore::Embedded($store) => $call.await,
        }
    };
}

pub mod claims;
mod conversations;
pub mod embedded;
mod figures;
mod pages;
mod privacy;
mod records;
pub mod redis;
pub mod sealing;
mod streams;

pub use conversations::{Changed, ConversationStore, RECENT_KEPT};
pub use figures::{FIGURES_KEPT_DAYS, FigureStore};
pub use pages::{FOLLOW_UP_PAGES, PageStore, PageVersion, page_member, parse_page_member};
pub use privacy::{CustomerRecords, Erased, PrivacyStore};
pub use records::{DEDUPE_WINDOW, RecordStore};
pub use sealing::SecretStore;
pub use streams::{Backlog, Claimed, EventOutcome, StreamStore, WorkQueue};

use crate::domain::event::ConversationKey;
use crate::live::{Happened, Live, LiveUpdate};
use crate::secrets::Keyring;

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("redis")]
    Redis(#[from] ::redis::RedisError),
    #[error("embedded store")]
    Embedded(#[from] redb::Error),
    #[error("record {key} is not valid JSON")]
    Corrupt {
        key: String,
        source: serde_json::Error,
    },
    #[error("store task stopped")]
    Task(#[from] tokio::task::JoinError),
    #[error(transparent)]
    Secret(#[from] crate::secrets::SecretError),
    /// The embedded store's writer (`embedded::group_commit`) did not answer: the write
    /// panicked.
    #[error("the embedded store's writer did not answer")]
    WriterStopped,
    /// A setting or an id the store cannot work with (it names which).
    #[error("{0}")]
    Invalid(String),
}

/// redb reports each step's failure as its own type; each becomes `StoreError::Embedded`
/// with `?`, as `#[from]` does for one.
macro_rules! from_redb {
    ($($error:ty),* $(,)?) => {
        $(
            impl From<$error> for StoreError {
                fn from(error: $error) -> Self {
                    StoreError::Embedded(error.into())
                }
            }
        )*
    };
}

from_redb!(
    redb::DatabaseError,
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
);

impl StoreError {
    /// The store could not be reached or did not answer in time (as opposed to refusing a
    /// command or holding bad data): trying again later can succeed.
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Redis(e) => {
                // A cluster that is resharding, has lost a shard or cannot reach a node
                // answers again once it has recovered.
                e.is_timeout()
                    || e.is_io_error()
                    || e.is_connection_dropped()
                    || e.is_connection_refusal()
                    || e.is_cluster_error()
                    || e.kind() == ::redis::ErrorKind::ClusterConnectionNotFound
            }
            StoreError::WriterStopped => true,
            StoreError::Embedded(_)
            | StoreError::Corrupt { .. }
            | StoreError::Task(_)
            | StoreError::Secret(_)
            | StoreError::Invalid(_) => false,
        }
    }

    /// The embedded store's file is open in another process (redb allows one): a running
    /// `frontdesk serve`, usually.
    pub fn is_held_elsewhere(&self) -> bool {
        matches!(self, StoreError::Embedded(redb::Error::DatabaseAlreadyOpen))
    }
}

/// The backend the application runs on.
#[derive(Clone)]
pub enum AnyStore {
    Redis(redis::RedisStore),
    Embedded(embedded::EmbeddedStore),
}

impl AnyStore {
    /// The live bus of this store: notices of changes made through any instance.
    pub fn live(&self) -> &Live {
        match self {
            AnyStore::Redis(store) => store.live(),
            AnyStore::Embedded(store) => store.live(),
        }
    }

    /// The keys that seal and open the tokens it keeps (`sealing`).
    pub fn keys(&self) -> &Keyring {
        match self {
            AnyStore::Redis(store) => store.keys(),
            AnyStore::Embedded(store) => store.keys(),
        }
    }

    /// The store with these keys for its tokens; without, they are kept in plain text.
    pub fn with_keys(self, keys: Keyring) -> Self {
        let keys = std::sync::Arc::new(keys);
        match self {
            AnyStore::Redis(store) => AnyStore::Redis(store.with_keys(keys)),
            AnyStore::Embedded(store) => AnyStore::Embedded(store.with_keys(keys)),
        }
    }

    /// Every key and record of the store, as text (see the backends' `everything`).
    pub async fn everything(&self) -> Result<Vec<String>> {
        match self {
            AnyStore::Redis(store) => store.everything().await,
            AnyStore::Embedded(store) => store.everything().await,
        }
    }

    fn changed(&self, key: &ConversationKey, what: Happened) {
        self.live().publish(LiveUpdate::conversation(key, what));
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Our own types serialize infallibly: plain structs, string keys.
    serde_json::to_string(value).unwrap_or_default()
}

fn from_json<T: serde::de::DeserializeOwned>(key: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|source| StoreError::Corrupt {
        key: key.to_owned(),
        source,
    })
}
