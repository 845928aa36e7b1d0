//! `PageStore` on redb: a page's configuration, its versions and the page list, with the follow-
//! up index, in one transaction per call.

use redb::{ReadableDatabase, ReadableTable};

use super::{EmbeddedStore, PAGE_IDS, PAGE_VERSIONS, PAGES, SETS};
use crate::domain::event::Channel;
use crate::domain::page::PageFile;
use crate::store::pages::asks_for_follow_ups;
use crate::store::{
    FOLLOW_UP_PAGES, PageStore, PageVersion, Result, from_json, page_member, parse_page_member,
    to_json,
};

/// Keeps the page `member` in `PAGE_IDS` while it `exists`, and in `FOLLOW_UP_PAGES` while
/// its configuration asks for follow-ups, within the page's save.
fn index_page(
    txn: &redb::WriteTransaction,
    member: &str,
    exists: bool,
    follow_ups: bool,
) -> Result<()> {
    let mut ids = txn.open_table(PAGE_IDS)?;
    if exists {
        ids.insert(member, ())?;
    } else {
        ids.remove(member)?;
    }
    let mut sets = txn.open_table(SETS)?;
    if follow_ups {
        sets.insert((FOLLOW_UP_PAGES, member), ())?;
    } else {
        sets.remove((FOLLOW_UP_PAGES, member))?;
    }
    Ok(())
}

impl PageStore for EmbeddedStore {
    async fn save_page(&self, channel: Channel, id: &str, change: &PageVersion) -> Result<u64> {
        let member = page_member(channel, id);
        let config = change.page.as_ref().map(to_json);
        let record = to_json(change);
        let follow_ups = asks_for_follow_ups(change);
        let exists = change.page.is_some();
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let version = {
                let mut versions = txn.open_table(PAGE_VERSIONS)?;
                let last = versions
                    .range((member.as_str(), 0)..=(member.as_str(), u64::MAX))?
                    .next_back()
                    .transpose()?
                    .map_or(0, |(key, _)| key.value().1);
                versions.insert((member.as_str(), last + 1), record.as_str())?;
                last + 1
            };
            let mut pages = txn.open_table(PAGES)?;
            match config {
                Some(config) => pages.insert(member.as_str(), config.as_str()),
                None => pages.remove(member.as_str()),
            }?;
            drop(pages);
            index_page(&txn, &member, exists, follow_ups)?;
            txn.commit()?;
            Ok(version)
        })
        .await
    }

    async fn save_pages(&self, changes: &[(Channel, String, PageVersion)]) -> Result<Vec<u64>> {
        let rows: Vec<(String, Option<String>, String, bool)> = changes
            .iter()
            .map(|(channel, id, change)| {
                (
                    page_member(*channel, id),
                    change.page.as_ref().map(to_json),
                    to_json(change),
                    asks_for_follow_ups(change),
                )
            })
            .collect();
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let mut numbers = Vec::with_capacity(rows.len());
            {
                let mut versions = txn.open_table(PAGE_VERSIONS)?;
                let mut pages = txn.open_table(PAGES)?;
                for (member, config, record, _) in &rows {
                    let last = versions
                        .range((member.as_str(), 0)..=(member.as_str(), u64::MAX))?
                        .next_back()
                        .transpose()?
                        .map_or(0, |(key, _)| key.value().1);
                    versions.insert((member.as_str(), last + 1), record.as_str())?;
                    match config {
                        Some(config) => pages.insert(member.as_str(), config.as_str()),
                        None => pages.remove(member.as_str()),
                    }?;
                    numbers.push(last + 1);
                }
            }
            for (member, config, _, follow_ups) in &rows {
                index_page(&txn, member, config.is_some(), *follow_ups)?;
            }
            txn.commit()?;
            Ok(numbers)
        })
        .await
    }

    async fn load_pages(&self, keys: &[(Channel, String)]) -> Result<Vec<Option<PageFile>>> {
        let members: Vec<String> = keys.iter().map(|(c, id)| page_member(*c, id)).collect();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let pages = txn.open_table(PAGES)?;
            members
                .iter()
                .map(|member| {
                    let text = pages.get(member.as_str())?;
                    text.map(|t| from_json(member, t.value())).transpose()
                })
                .collect()
        })
        .await
    }

    async fn page_versions(&self, channel: Channel, id: &str) -> Result<Vec<PageVersion>> {
        let member = page_member(channel, id);
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let table = txn.open_table(PAGE_VERSIONS)?;
            let mut versions = Vec::new();
            for row in table.range((member.as_str(), 0)..=(member.as_str(), u64::MAX))? {
                let (key, json) = row?;
                let mut record: PageVersion = from_json(&member, json.value())?;
                record.version = key.value().1;
                versions.push(record);
            }
            Ok(versions)
        })
        .await
    }

    async fn list_pages(&self) -> Result<Vec<(Channel, String)>> {
        self.blocking(|db| {
            let txn = db.begin_read()?;
            let table = txn.open_table(PAGE_IDS)?;
            let mut pages = Vec::new();
            for row in table.iter()? {
                let (key, _) = row?;
                pages.extend(parse_page_member(key.value()));
            }
            pages.sort_by(|a, b| (a.0.as_str(), &a.1).cmp(&(b.0.as_str(), &b.1)));
            Ok(pages)
        })
        .await
    }

    async fn load_page(&self, channel: Channel, id: &str) -> Result<Option<PageFile>> {
        let id = format!("{channel}:{id}");
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let pages = txn.open_table(PAGES)?;
            let text = pages.get(id.as_str())?;
            text.map(|t| from_json(&id, t.value())).transpose()
        })
        .await
    }
}
