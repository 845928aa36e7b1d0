//! Small records beside the domain: API tokens by hash, named sets, named values and
//! counters, and one-time claims (`RecordStore`; the claims' keys are in `claims.rs`).

use std::future::Future;
use std::time::Duration;

use super::sealing::{self};
use super::{AnyStore, Result};
use crate::access::TokenRecord;

/// How long a one-time claim (`claim_once`) holds.
pub const DEDUPE_WINDOW: Duration = Duration::from_secs(72 * 3600);

/// API tokens, named sets, values and counters, and one-time claims.
pub trait RecordStore: Send + Sync {
    /// Stores a token by the hash of its secret.
    fn save_token(
        &self,
        hash: &str,
        record: &TokenRecord,
    ) -> impl Future<Output = Result<()>> + Send;
    /// The token with this hash, if it exists.
    fn find_token(&self, hash: &str) -> impl Future<Output = Result<Option<TokenRecord>>> + Send;
    fn list_tokens(&self) -> impl Future<Output = Result<Vec<TokenRecord>>> + Send;
    /// Deletes the token with this id; false when there is none.
    fn revoke_token(&self, id: &str) -> impl Future<Output = Result<bool>> + Send;

    /// Adds a member to a named set (e.g. the customers who got a crisis announcement).
    fn remember(&self, set: &str, member: &str) -> impl Future<Output = Result<()>> + Send;
    fn members(&self, set: &str) -> impl Future<Output = Result<Vec<String>>> + Send;
    /// Removes a member from a named set; true when it was there (of two callers, one wins).
    fn forget(&self, set: &str, member: &str) -> impl Future<Output = Result<bool>> + Send;

    /// A small named record (e.g. an X account's rotating tokens), as JSON text.
    fn get_value(&self, key: &str) -> impl Future<Output = Result<Option<String>>> + Send;
    fn put_value(&self, key: &str, value: &str) -> impl Future<Output = Result<()>> + Send;
    /// Like `put_value`, but Redis drops it after `ttl`; the embedded store keeps it until it
    /// is deleted, so the record must carry its own expiry (e.g. a console session).
    fn put_value_expiring(
        &self,
        key: &str,
        value: &str,
        ttl: Duration,
    ) -> impl Future<Output = Result<()>> + Send;
    /// Removes a named record; true when it was there.
    fn delete_value(&self, key: &str) -> impl Future<Output = Result<bool>> + Send;
    /// Adds one to a named counter and returns the new count, atomically. Redis expires the
    /// counter `ttl` after its first count; the embedded store keeps it (name it per period).
    fn count_up(&self, key: &str, ttl: Duration) -> impl Future<Output = Result<u64>> + Send;

    /// Claims `key` for `owner` for `ttl`. True when the key was free, or already held by the
    /// same owner (a retry of the same work); false when someone else holds it.
    fn claim_once(
        &self,
        key: &str,
        owner: &str,
        ttl: Duration,
    ) -> impl Future<Output = Result<bool>> + Send;
}

/// Dispatches to the backend; seals named values under `sealing::SEALED_VALUES` on the way in
/// and opens them on the way out.
impl RecordStore for AnyStore {
    async fn save_token(&self, hash: &str, record: &TokenRecord) -> Result<()> {
        dispatch!(self, s => s.save_token(hash, record))
    }
    async fn find_token(&self, hash: &str) -> Result<Option<TokenRecord>> {
        dispatch!(self, s => s.find_token(hash))
    }
    async fn list_tokens(&self) -> Result<Vec<TokenRecord>> {
        dispatch!(self, s => s.list_tokens())
    }
    async fn revoke_token(&self, id: &str) -> Result<bool> {
        dispatch!(self, s => s.revoke_token(id))
    }
    async fn remember(&self, set: &str, member: &str) -> Result<()> {
        dispatch!(self, s => s.remember(set, member))
    }
    async fn members(&self, set: &str) -> Result<Vec<String>> {
        dispatch!(self, s => s.members(set))
    }
    async fn forget(&self, set: &str, member: &str) -> Result<bool> {
        dispatch!(self, s => s.forget(set, member))
    }
    async fn get_value(&self, key: &str) -> Result<Option<String>> {
        dispatch!(self, s => s.get_value(key))?
            .map(|stored| sealing::open_value(self.keys(), key, stored))
            .transpose()
    }
    async fn put_value(&self, key: &str, value: &str) -> Result<()> {
        let value = sealing::seal_value(self.keys(), key, value)?;
        dispatch!(self, s => s.put_value(key, &value))
    }
    async fn put_value_expiring(&self, key: &str, value: &str, ttl: Duration) -> Result<()> {
        let value = sealing::seal_value(self.keys(), key, value)?;
        dispatch!(self, s => s.put_value_expiring(key, &value, ttl))
    }
    async fn delete_value(&self, key: &str) -> Result<bool> {
        dispatch!(self, s => s.delete_value(key))
    }
    async fn count_up(&self, key: &str, ttl: Duration) -> Result<u64> {
        dispatch!(self, s => s.count_up(key, ttl))
    }
    async fn claim_once(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool> {
        dispatch!(self, s => s.claim_once(key, owner, ttl))
    }
}
