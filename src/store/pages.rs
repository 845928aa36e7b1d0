//! Page configurations and their versions: `PageStore`, the `PageVersion` it keeps, and the
//! index of pages asking for follow-ups kept with them.

use std::future::Future;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::sealing::{self};
use super::{AnyStore, Result};
use crate::domain::event::Channel;
use crate::domain::page::PageFile;
use crate::live::LiveUpdate;

/// One change of a page's configuration: who, when, which parts, and the configuration after
/// it (`None`: the page was deleted).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageVersion {
    /// Numbered from 1 per page by the store.
    #[serde(default)]
    pub version: u64,
    pub by: String,
    pub at: DateTime<Utc>,
    /// The top-level parts that changed (`hours`, `faq`, …).
    #[serde(default)]
    pub changed: Vec<String>,
    #[serde(default)]
    pub page: Option<PageFile>,
}

/// The set (`RecordStore::members`) of the pages whose configuration asks for follow-ups
/// (`follow_up_minutes`), as `<channel>:<id>`: kept by `save_page` and `save_pages` in the
/// same transaction as the configuration, so the follow-up sweep reads no other page.
pub const FOLLOW_UP_PAGES: &str = "pages:follow_up";

/// The configuration saved by `change` asks for follow-ups.
pub(super) fn asks_for_follow_ups(change: &PageVersion) -> bool {
    change
        .page
        .as_ref()
        .and_then(|page| page.follow_up_minutes)
        .is_some_and(|minutes| minutes > 0)
}

/// A page's key in lists: `<channel>:<id>`.
pub fn page_member(channel: Channel, id: &str) -> String {
    format!("{channel}:{id}")
}

pub fn parse_page_member(member: &str) -> Option<(Channel, String)> {
    let (channel, id) = member.split_once(':')?;
    let channel = serde_json::from_str(&format!("\"{channel}\"")).ok()?;
    Some((channel, id.to_owned()))
}

/// Page configurations, each change kept as a numbered version.
pub trait PageStore: Send + Sync {
    /// Saves (or, with `change.page = None`, deletes) a page configuration, already
    /// validated, as its next version; returns the version's number.
    fn save_page(
        &self,
        channel: Channel,
        id: &str,
        change: &PageVersion,
    ) -> impl Future<Output = Result<u64>> + Send;
    /// `save_page` for many pages at once: one transaction (redb) or one pipeline (Redis)
    /// per call, each page its own next version; returns the versions' numbers in order.
    fn save_pages(
        &self,
        changes: &[(Channel, String, PageVersion)],
    ) -> impl Future<Output = Result<Vec<u64>>> + Send;
    /// `load_page` for many pages at once (one read transaction or one pipeline), in order.
    fn load_pages(
        &self,
        pages: &[(Channel, String)],
    ) -> impl Future<Output = Result<Vec<Option<PageFile>>>> + Send;
    /// Every version of a page, oldest first.
    fn page_versions(
        &self,
        channel: Channel,
        id: &str,
    ) -> impl Future<Output = Result<Vec<PageVersion>>> + Send;
    /// Every configured page.
    fn list_pages(&self) -> impl Future<Output = Result<Vec<(Channel, String)>>> + Send;
    /// A page by its channel and its id on that channel.
    fn load_page(
        &self,
        channel: Channel,
        id: &str,
    ) -> impl Future<Output = Result<Option<PageFile>>> + Send;
}

/// Dispatches to the backend; seals a page's tokens on the way in and opens them on the way
/// out (`sealing`), and publishes each saved page on the live bus.
impl PageStore for AnyStore {
    async fn save_page(&self, channel: Channel, id: &str, change: &PageVersion) -> Result<u64> {
        let mut sealed = change.clone();
        sealed.page = change
            .page
            .as_ref()
            .map(|page| sealing::seal_page(self.keys(), channel, id, page))
            .transpose()?;
        let version = dispatch!(self, s => s.save_page(channel, id, &sealed))?;
        self.live().publish(LiveUpdate::Page {
            channel,
            id: id.to_owned(),
        });
        Ok(version)
    }
    async fn save_pages(&self, changes: &[(Channel, String, PageVersion)]) -> Result<Vec<u64>> {
        let versions = dispatch!(self, s => s.save_pages(changes))?;
        // Waits for room in the notice queue: a large import must not drop notices.
        for (channel, id, _) in changes {
            self.live()
                .publish_waiting(LiveUpdate::Page {
                    channel: *channel,
                    id: id.clone(),
                })
                .await;
        }
        Ok(versions)
    }
    async fn load_pages(&self, pages: &[(Channel, String)]) -> Result<Vec<Option<PageFile>>> {
        dispatch!(self, s => s.load_pages(pages))
    }
    async fn page_versions(&self, channel: Channel, id: &str) -> Result<Vec<PageVersion>> {
        let mut versions = dispatch!(self, s => s.page_versions(channel, id))?;
        for version in &mut versions {
            if let Some(page) = version.page.take() {
                version.page = Some(sealing::open_page(self.keys(), channel, id, page)?);
            }
        }
        Ok(versions)
    }
    async fn list_pages(&self) -> Result<Vec<(Channel, String)>> {
        dispatch!(self, s => s.list_pages())
    }
    async fn load_page(&self, channel: Channel, id: &str) -> Result<Option<PageFile>> {
        dispatch!(self, s => s.load_page(channel, id))?
            .map(|page| sealing::open_page(self.keys(), channel, id, page))
            .transpose()
    }
}
