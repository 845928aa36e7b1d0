//! `PageStore` on Redis: a page's configuration, versions and counter, saved by one script
//! (`save_page.lua`).

use std::collections::HashMap;

use redis::AsyncCommands;

use super::RedisStore;
use crate::domain::event::Channel;
use crate::domain::page::PageFile;
use crate::store::pages::asks_for_follow_ups;
use crate::store::{
    FOLLOW_UP_PAGES, PageStore, PageVersion, Result, from_json, page_member, parse_page_member,
    to_json,
};

/// A page's next version: the configuration (or its deletion, for an empty one), the
/// version record and the page list together. KEYS: current config, versions hash, version
/// counter, page set. ARGV: config JSON or '', page member, version record JSON.
const SAVE_PAGE: &str = include_str!("save_page.lua");

impl RedisStore {
    /// The script call that saves one page's change as its next version.
    fn save_page_command(&self, channel: Channel, id: &str, change: &PageVersion) -> redis::Cmd {
        let current = self.config_key(&format!("page:{channel}:{id}"));
        let mut command = redis::cmd("EVAL");
        command
            .arg(SAVE_PAGE)
            .arg(5)
            .arg(&current)
            .arg(format!("{current}:versions"))
            .arg(format!("{current}:version"))
            .arg(self.config_key("pages"))
            .arg(self.config_key(&format!("set:{FOLLOW_UP_PAGES}")))
            .arg(change.page.as_ref().map(to_json).unwrap_or_default())
            .arg(page_member(channel, id))
            .arg(to_json(change))
            .arg(if asks_for_follow_ups(change) {
                "1"
            } else {
                "0"
            });
        command
    }
}

impl PageStore for RedisStore {
    async fn save_page(&self, channel: Channel, id: &str, change: &PageVersion) -> Result<u64> {
        Ok(self
            .save_page_command(channel, id, change)
            .query_async(&mut self.conn.clone())
            .await?)
    }

    async fn save_pages(&self, changes: &[(Channel, String, PageVersion)]) -> Result<Vec<u64>> {
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let mut pipe = redis::pipe();
        for (channel, id, change) in changes {
            pipe.add_command(self.save_page_command(*channel, id, change));
        }
        Ok(pipe.query_async(&mut self.conn.clone()).await?)
    }

    async fn load_pages(&self, pages: &[(Channel, String)]) -> Result<Vec<Option<PageFile>>> {
        if pages.is_empty() {
            return Ok(Vec::new());
        }
        let keys: Vec<String> = pages
            .iter()
            .map(|(channel, id)| self.config_key(&format!("page:{channel}:{id}")))
            .collect();
        // One GET per page in a pipeline rather than an MGET: the keys need not share a node.
        let mut pipe = redis::pipe();
        for key in &keys {
            pipe.get(key);
        }
        let texts: Vec<Option<String>> = pipe.query_async(&mut self.conn.clone()).await?;
        keys.iter()
            .zip(texts)
            .map(|(key, text)| text.map(|t| from_json(key, &t)).transpose())
            .collect()
    }

    async fn page_versions(&self, channel: Channel, id: &str) -> Result<Vec<PageVersion>> {
        let key = self.config_key(&format!("page:{channel}:{id}:versions"));
        let all: HashMap<u64, String> = self.conn.clone().hgetall(&key).await?;
        let mut versions = all
            .into_iter()
            .map(|(version, json)| {
                let mut record: PageVersion = from_json(&key, &json)?;
                record.version = version;
                Ok(record)
            })
            .collect::<Result<Vec<_>>>()?;
        versions.sort_by_key(|v| v.version);
        Ok(versions)
    }

    async fn list_pages(&self) -> Result<Vec<(Channel, String)>> {
        let members: Vec<String> = self.conn.clone().smembers(self.config_key("pages")).await?;
        let mut pages: Vec<_> = members
            .iter()
            .filter_map(|m| parse_page_member(m))
            .collect();
        pages.sort_by(|a, b| (a.0.as_str(), &a.1).cmp(&(b.0.as_str(), &b.1)));
        Ok(pages)
    }

    async fn load_page(&self, channel: Channel, id: &str) -> Result<Option<PageFile>> {
        let key = self.config_key(&format!("page:{channel}:{id}"));
        let text: Option<String> = self.conn.clone().get(&key).await?;
        text.map(|t| from_json(&key, &t)).transpose()
    }
}
