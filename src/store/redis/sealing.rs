//! `SecretStore` on Redis: the records that can hold a token, read and replaced only if unchanged
//! (`replace_record.lua`).

use redis::AsyncCommands;

use super::RedisStore;
use crate::store::sealing::{SEALED_VALUES, SecretRecord};
use crate::store::{PageStore, Result, SecretStore, parse_page_member};

/// A record's text replaced only if it still is the one read. KEYS: the string or hash.
/// ARGV: '' for a string, else the hash field; the old text; the new one. Returns 1 if
/// replaced.
const REPLACE_RECORD: &str = include_str!("replace_record.lua");

impl RedisStore {
    /// A record's key and, for a page version, its field in the versions hash.
    fn record_key(&self, record: &SecretRecord) -> (String, Option<String>) {
        match record {
            SecretRecord::Page { channel, id } => {
                (self.config_key(&format!("page:{channel}:{id}")), None)
            }
            SecretRecord::PageVersion {
                channel,
                id,
                version,
            } => (
                self.config_key(&format!("page:{channel}:{id}:versions")),
                Some(version.to_string()),
            ),
            SecretRecord::Value(key) => (self.key(&format!("value:{key}")), None),
        }
    }
}

impl SecretStore for RedisStore {
    async fn secret_records(&self) -> Result<Vec<SecretRecord>> {
        let mut records: Vec<SecretRecord> = self
            .list_pages()
            .await?
            .into_iter()
            .map(|(channel, id)| SecretRecord::Page { channel, id })
            .collect();
        let page_prefix = self.config_key("page:");
        for key in self.scan_keys(&self.config_key("page:*:versions")).await? {
            let Some((channel, id)) = key
                .strip_prefix(&page_prefix)
                .and_then(|rest| rest.strip_suffix(":versions"))
                .and_then(parse_page_member)
            else {
                continue;
            };
            let versions: Vec<u64> = self.conn.clone().hkeys(&key).await?;
            records.extend(
                versions
                    .into_iter()
                    .map(|version| SecretRecord::PageVersion {
                        channel,
                        id: id.clone(),
                        version,
                    }),
            );
        }
        let value_prefix = self.key("value:");
        for prefix in SEALED_VALUES {
            for key in self
                .scan_keys(&self.key(&format!("value:{prefix}*")))
                .await?
            {
                if let Some(name) = key.strip_prefix(&value_prefix) {
                    records.push(SecretRecord::Value(name.to_owned()));
                }
            }
        }
        Ok(records)
    }

    async fn read_record(&self, record: &SecretRecord) -> Result<Option<String>> {
        let (key, field) = self.record_key(record);
        let mut conn = self.conn.clone();
        Ok(match field {
            Some(field) => conn.hget(key, field).await?,
            None => conn.get(key).await?,
        })
    }

    async fn replace_record(&self, record: &SecretRecord, old: &str, new: &str) -> Result<bool> {
        let (key, field) = self.record_key(record);
        let replaced: u64 = redis::cmd("EVAL")
            .arg(REPLACE_RECORD)
            .arg(1)
            .arg(key)
            .arg(field.unwrap_or_default())
            .arg(old)
            .arg(new)
            .query_async(&mut self.conn.clone())
            .await?;
        Ok(replaced == 1)
    }
}
