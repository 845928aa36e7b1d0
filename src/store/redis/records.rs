//! `RecordStore` on Redis: the token hash, named sets, values, counters and one-time claims (`P
//! once:<key>` with a TTL).

use std::collections::HashMap;
use std::time::Duration;

use redis::AsyncCommands;

use super::RedisStore;
use crate::access::TokenRecord;
use crate::store::{RecordStore, Result, from_json, to_json};

impl RedisStore {
    async fn tokens_by_hash(&self) -> Result<Vec<(String, TokenRecord)>> {
        let key = self.key("tokens");
        let all: HashMap<String, String> = self.conn.clone().hgetall(&key).await?;
        let mut tokens = all
            .into_iter()
            .map(|(hash, json)| Ok((hash, from_json::<TokenRecord>(&key, &json)?)))
            .collect::<Result<Vec<_>>>()?;
        tokens.sort_by_key(|t| t.1.created_at);
        Ok(tokens)
    }
}

impl RecordStore for RedisStore {
    async fn save_token(&self, hash: &str, record: &TokenRecord) -> Result<()> {
        let _: () = self
            .conn
            .clone()
            .hset(self.key("tokens"), hash, to_json(record))
            .await?;
        Ok(())
    }

    async fn find_token(&self, hash: &str) -> Result<Option<TokenRecord>> {
        let key = self.key("tokens");
        let json: Option<String> = self.conn.clone().hget(&key, hash).await?;
        json.map(|j| from_json(&key, &j)).transpose()
    }

    async fn list_tokens(&self) -> Result<Vec<TokenRecord>> {
        Ok(self
            .tokens_by_hash()
            .await?
            .into_iter()
            .map(|(_, record)| record)
            .collect())
    }

    async fn revoke_token(&self, id: &str) -> Result<bool> {
        let Some((hash, _)) = self
            .tokens_by_hash()
            .await?
            .into_iter()
            .find(|(_, record)| record.id == id)
        else {
            return Ok(false);
        };
        let removed: u64 = self.conn.clone().hdel(self.key("tokens"), hash).await?;
        Ok(removed > 0)
    }

    async fn remember(&self, set: &str, member: &str) -> Result<()> {
        let _: () = self
            .conn
            .clone()
            .sadd(self.config_key(&format!("set:{set}")), member)
            .await?;
        Ok(())
    }

    async fn members(&self, set: &str) -> Result<Vec<String>> {
        let mut members: Vec<String> = self
            .conn
            .clone()
            .smembers(self.config_key(&format!("set:{set}")))
            .await?;
        members.sort();
        Ok(members)
    }

    async fn forget(&self, set: &str, member: &str) -> Result<bool> {
        let removed: u64 = self
            .conn
            .clone()
            .srem(self.config_key(&format!("set:{set}")), member)
            .await?;
        Ok(removed > 0)
    }

    async fn get_value(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .clone()
            .get(self.key(&format!("value:{key}")))
            .await?)
    }

    async fn put_value(&self, key: &str, value: &str) -> Result<()> {
        let _: () = self
            .conn
            .clone()
            .set(self.key(&format!("value:{key}")), value)
            .await?;
        Ok(())
    }

    async fn put_value_expiring(&self, key: &str, value: &str, ttl: Duration) -> Result<()> {
        let ttl_ms = u64::try_from(ttl.as_millis()).unwrap_or(u64::MAX).max(1);
        let _: () = self
            .conn
            .clone()
            .pset_ex(self.key(&format!("value:{key}")), value, ttl_ms)
            .await?;
        Ok(())
    }

    async fn delete_value(&self, key: &str) -> Result<bool> {
        let removed: u64 = self
            .conn
            .clone()
            .del(self.key(&format!("value:{key}")))
            .await?;
        Ok(removed > 0)
    }

    async fn count_up(&self, key: &str, ttl: Duration) -> Result<u64> {
        let key = self.key(&format!("count:{key}"));
        // The first count creates the key with its TTL (`PEXPIRE … NX` would need Redis 7).
        let (count,): (u64,) = redis::pipe()
            .atomic()
            .cmd("SET")
            .arg(&key)
            .arg(0)
            .arg("NX")
            .arg("PX")
            .arg(ttl.as_millis().max(1) as u64)
            .ignore()
            .incr(&key, 1u64)
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(count)
    }

    async fn claim_once(&self, key: &str, owner: &str, ttl: Duration) -> Result<bool> {
        let previous: Option<String> = redis::cmd("SET")
            .arg(self.key(&format!("once:{key}")))
            .arg(owner)
            .arg("NX")
            .arg("GET")
            .arg("PX")
            .arg(ttl.as_millis().max(1) as u64)
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(previous.is_none_or(|p| p == owner))
    }
}
