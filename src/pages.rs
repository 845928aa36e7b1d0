//! The page directory: validated page configurations by channel and id, served from memory for
//! `page_cache_ttl_ms` before they are read from the store again, so every instance sees an
//! admin's change within that time without a restart.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::domain::event::Channel;
use crate::domain::page::{FaqFile, Page, PageFile};
use crate::store::{AnyStore, Store, StoreError};

/// When a page was read, and what was found (`None`: not configured).
type Cached = (Instant, Option<Arc<Page>>);

#[derive(Clone)]
pub struct PageDirectory {
    store: AnyStore,
    ttl: Duration,
    cache: Arc<RwLock<HashMap<(Channel, String), Cached>>>,
}

impl PageDirectory {
    pub fn new(store: AnyStore, ttl: Duration) -> Self {
        PageDirectory {
            store,
            ttl,
            cache: Arc::default(),
        }
    }

    /// The page with this id; `None` when it is not configured (or its stored configuration
    /// no longer validates, which is logged).
    pub async fn get(&self, channel: Channel, id: &str) -> Result<Option<Arc<Page>>, StoreError> {
        let key = (channel, id.to_owned());
        if let Some((fetched, page)) = self.read_cache().get(&key) {
            if fetched.elapsed() < self.ttl {
                return Ok(page.clone());
            }
        }
        let page =
            self.store
                .load_page(channel, id)
                .await?
                .and_then(|file| match file.validate() {
                    Ok(page) => Some(Arc::new(page)),
                    Err(error) => {
                        tracing::error!(page = id, %error, "stored page configuration is invalid");
                        None
                    }
                });
        self.cache
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, (Instant::now(), page.clone()));
        Ok(page)
    }

    /// Validates and saves a page; it is live on this instance at once.
    pub async fn save(&self, file: &PageFile) -> Result<Arc<Page>, SaveError> {
        let page = Arc::new(file.validate()?);
        self.store.save_page(file).await?;
        self.cache
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(
                (file.channel, file.id.clone()),
                (Instant::now(), Some(page.clone())),
            );
        Ok(page)
    }

    /// The pages this instance has looked up (and that exist), by channel and id.
    pub fn known_pages(&self) -> Vec<(Channel, String)> {
        let mut pages: Vec<_> = self
            .read_cache()
            .iter()
            .filter(|(_, (_, page))| page.is_some())
            .map(|(key, _)| key.clone())
            .collect();
        pages.sort_by(|a, b| (a.0.as_str(), &a.1).cmp(&(b.0.as_str(), &b.1)));
        pages
    }

    fn read_cache(&self) -> std::sync::RwLockReadGuard<'_, HashMap<(Channel, String), Cached>> {
        self.cache.read().unwrap_or_else(|p| p.into_inner())
    }
}

/// Reads a page file, with the FAQ file it names (relative to it) read in.
pub fn read_page_file(path: &std::path::Path) -> anyhow::Result<PageFile> {
    use anyhow::Context;
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut page = PageFile::from_toml(&text)?;
    if let Some(faq_file) = page.faq_file.take() {
        let faq_path = path
            .parent()
            .unwrap_or(std::path::Path::new("."))
            .join(&faq_file);
        let faq_text = std::fs::read_to_string(&faq_path)
            .with_context(|| format!("reading the faq file {}", faq_path.display()))?;
        page.faq = Some(FaqFile::from_toml(&faq_text)?);
    }
    Ok(page)
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Invalid(#[from] crate::domain::page::ConfigError),
    #[error("saving the page")]
    Store(#[from] StoreError),
}
