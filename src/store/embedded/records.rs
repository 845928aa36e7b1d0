//! `RecordStore` on redb: tokens, named sets, values, counters and one-time claims (expired by
//! the system clock).

use std::time::Duration;

use chrono::Utc;
use redb::{ReadableDatabase, ReadableTable};

use super::{EmbeddedStore, ONCE, ONCE_EXPIRY, SEQUENCES, SETS, TOKENS, VALUES};
use crate::access::TokenRecord;
use crate::store::{RecordStore, Result, from_json, to_json};

impl RecordStore for EmbeddedStore {
    async fn save_token(&self, hash: &str, record: &TokenRecord) -> Result<()> {
        let (hash, json) = (hash.to_owned(), to_json(record));
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            txn.open_table(TOKENS)?
                .insert(hash.as_str(), json.as_str())?;
            Ok(txn.commit()?)
        })
        .await
    }

    async fn find_token(&self, hash: &str) -> Result<Option<TokenRecord>> {
        let hash = hash.to_owned();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let table = txn.open_table(TOKENS)?;
            let json = table.get(hash.as_str())?;
            json.map(|j| from_json(&hash, j.value())).transpose()
        })
        .await
    }

    async fn list_tokens(&self) -> Result<Vec<TokenRecord>> {
        let mut tokens: Vec<TokenRecord> = self
            .blocking(|db| {
                let txn = db.begin_read()?;
                let table = txn.open_table(TOKENS)?;
                let mut tokens = Vec::new();
                for row in table.iter()? {
                    let (_, json) = row?;
                    tokens.push(from_json("tokens", json.value())?);
                }
                Ok(tokens)
            })
            .await?;
        tokens.sort_by_key(|t| t.created_at);
        Ok(tokens)
    }

    async fn revoke_token(&self, id: &str) -> Result<bool> {
        let id = id.to_owned();
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let removed = {
                let mut table = txn.open_table(TOKENS)?;
                let mut hash = None;
                for row in table.iter()? {
                    let (key, json) = row?;
                    let record: TokenRecord = from_json("tokens", json.value())?;
                    if record.id == id {
                        hash = Some(key.value().to_owned());
                    }
                }
                match hash {
                    Some(hash) => table.remove(hash.as_str())?.is_some(),
                    None => false,
                }
            };
            txn.commit()?;
            Ok(removed)
        })
        .await
    }

    async fn remember(&self, set: &str, member: &str) -> Result<()> {
        let (set, member) = (set.to_owned(), member.to_owned());
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            txn.open_table(SETS)?
                .insert((set.as_str(), member.as_str()), ())?;
            Ok(txn.commit()?)
        })
        .await
    }

    async fn members(&self, set: &str) -> Result<Vec<String>> {
        let set = set.to_owned();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let table = txn.open_table(SETS)?;
            let mut members = Vec::new();
            for row in table.range((set.as_str(), "")..)? {
                let (key, _) = row?;
                let (name, member) = key.value();
                if name != set {
                    break;
                }
                members.push(member.to_owned());
            }
            Ok(members)
        })
        .await
    }

    async fn forget(&self, set: &str, member: &str) -> Result<bool> {
        let (set, member) = (set.to_owned(), member.to_owned());
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let removed = txn
                .open_table(SETS)?
                .remove((set.as_str(), member.as_str()))?
                .is_some();
            txn.commit()?;
            Ok(removed)
        })
        .await
    }

    async fn get_value(&self, key: &str) -> Result<Option<String>> {
        let key = key.to_owned();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let table = txn.open_table(VALUES)?;
            let value = table.get(key.as_str())?;
            Ok(value.map(|v| v.value().to_owned()))
        })
        .await
    }

    async fn put_value(&self, key: &str, value: &str) -> Result<()> {
        let (key, value) = (key.to_owned(), value.to_owned());
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            txn.open_table(VALUES)?
                .insert(key.as_str(), value.as_str())?;
            Ok(txn.commit()?)
        })
        .await
    }

    async fn put_value_expiring(&self, key: &str, value: &str, _ttl: Duration) -> Result<()> {
        self.put_value(key, value).await
    }

    async fn delete_value(&self, key: &str) -> Result<bool> {
        let key = key.to_owned();
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let removed = txn.open_table(VALUES)?.remove(key.as_str())?.is_some();
            txn.commit()?;
            Ok(removed)
        })
        .await
    }

    async fn count_up(&self, key: &str, _ttl: Duration) -> Result<u64> {
        let key = format!("count:{key}");
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let count = {
                let mut table = txn.open_table(SEQUENCES)?;
                let count = table
                    .get(key.as_str())?
                    .map_or(0, |v| v.value())
                    .saturating_add(1);
                table.insert(key.as_str(), count)?;
                count
            };
            txn.commit()?;
            Ok(count)
        })
        .await
    }

    async fn claim_once(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool> {
        let (key, owner) = (key.to_owned(), owner.to_owned());
        let ttl_ms = i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX);
        self.writer
            .write(move |txn| {
                let now = Utc::now().timestamp_millis();
                let mut once = txn.open_table(ONCE)?;
                let holder = once.get(key.as_str())?.and_then(|v| {
                    let (holder, expires) = v.value();
                    (expires > now).then(|| holder.to_owned())
                });
                Ok(match holder {
                    Some(holder) => holder == owner,
                    None => {
                        let expires = now.saturating_add(ttl_ms);
                        once.insert(key.as_str(), (owner.as_str(), expires))?;
                        let mut expiry = txn.open_table(ONCE_EXPIRY)?;
                        expiry.insert((expires, key.as_str()), ())?;
                        forget_expired_claims(&mut once, &mut expiry, now)?;
                        true
                    }
                })
            })
            .await
    }
}

/// How many expired claims one new claim forgets: more than one, so the table shrinks; a
/// few, so a claim stays cheap (the whole table was read on every claim before).
const EXPIRED_CLAIMS_PER_CLAIM: usize = 8;

/// Forgets a few of the claims that expired by `now`, oldest first (a claim taken over since
/// its index row was written has a newer expiry and is left alone).
fn forget_expired_claims(
    once: &mut redb::Table<&str, (&str, i64)>,
    expiry: &mut redb::Table<(i64, &str), ()>,
    now: i64,
) -> Result<()> {
    let mut expired = Vec::new();
    for row in expiry.iter()?.take(EXPIRED_CLAIMS_PER_CLAIM) {
        let (slot, _) = row?;
        let (expires, key) = slot.value();
        if expires > now {
            break;
        }
        expired.push((expires, key.to_owned()));
    }
    for (expires, key) in expired {
        let current = once.get(key.as_str())?.map(|v| v.value().1);
        if current == Some(expires) {
            once.remove(key.as_str())?;
        }
        expiry.remove((expires, key.as_str()))?;
    }
    Ok(())
}
