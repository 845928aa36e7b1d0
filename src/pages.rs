//! The page directory: validated page configurations by channel and id, loaded on demand into
//! a bounded cache (the least recently used page leaves when `page_cache_size` is reached)
//! and served from it for `page_cache_ttl_ms` before they are read from the store again. A
//! saved page is published on the store's live bus (`crate::live`), and every instance's
//! directory drops its copy when the notice arrives, so an admin's change is live everywhere
//! at once; the TTL is the safety net for notices lost while Redis was away (then the whole
//! cache is dropped on `Resync`). A read that began before a notice arrived is served but not
//! cached, so it cannot put the old configuration back.
//!
//! Compiled FAQ indexes (the large part of a page in memory) are shared by content: pages
//! whose FAQ and language are the same hold one index, found by the FAQ's SHA-256 and held
//! weakly, so it goes when the last page using it leaves the cache. A page read again (TTL,
//! notice) whose FAQ did not change finds its index without compiling it.
//!
//! The only owner of pages: the API, the console and the CLI find, list, save, delete and
//! restore pages here, never through the store's page methods. A page is found by its id
//! alone (ids are unique across channels).
//!
//! Changing a page is one path for every caller (`prepare`, `update`, `restore`): the next
//! configuration is a whole JSON document, its identity and secrets are kept from the stored
//! one unless given, it is read (naming the field at fault) and validated as a whole, and only
//! then saved as the next version. The console previews unsaved values with `prepare`.
//! `import` saves many pages at once, in batches, skipping those that did not change.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use lru::LruCache;
use sha2::{Digest, Sha256};
use tokio::sync::broadcast::{self, error::RecvError};
use tokio_util::sync::{CancellationToken, DropGuard};

use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use crate::domain::event::Channel;
use crate::domain::faq::Faq;
use crate::domain::locale::Language;
use crate::domain::page::{CompiledFaq, ConfigError, FaqAnswers, FaqFile, Page, PageFile};

use crate::live::LiveUpdate;
use crate::store::{
    AnyStore, FOLLOW_UP_PAGES, PageStore, PageVersion, RecordStore, StoreError, page_member,
    parse_page_member,
};

/// Set once the store's `FOLLOW_UP_PAGES` index covers the pages saved before it existed.
const FOLLOW_UP_INDEXED: &str = "pages:follow_up:indexed";

/// When a page was read, and what was found (`None`: not configured).
type Cached = (Instant, Option<Arc<Page>>);

struct Cache {
    pages: LruCache<(Channel, String), Cached>,
    /// Counts the notices that dropped entries: a read that saw another count when it began
    /// may hold what a notice replaced, and is not cached.
    invalidations: u64,
}

impl Cache {
    fn invalidate(&mut self, key: Option<&(Channel, String)>) {
        match key {
            Some(key) => {
                self.pages.pop(key);
            }
            None => self.pages.clear(),
        }
        self.invalidations = self.invalidations.wrapping_add(1);
    }
}

/// Compiled FAQs by the SHA-256 of their content and language, held weakly: alive as long as
/// a page (in the cache, or in use) holds them.
#[derive(Default)]
struct SharedFaqs {
    by_digest: HashMap<[u8; 32], (Weak<Faq>, Weak<FaqAnswers>)>,
    /// The map's size after its last clean-up of dead entries.
    after_cleanup: usize,
}

impl SharedFaqs {
    fn find(&self, digest: &[u8; 32]) -> Option<CompiledFaq> {
        let (faq, answers) = self.by_digest.get(digest)?;
        Some(CompiledFaq {
            faq: faq.upgrade()?,
            answers: answers.upgrade()?,
        })
    }

    /// Keeps `compiled` for others with the same FAQ, or hands back the one kept meanwhile.
    fn share(&mut self, digest: [u8; 32], compiled: CompiledFaq) -> CompiledFaq {
        if let Some(kept) = self.find(&digest) {
            return kept;
        }
        self.by_digest.insert(
            digest,
            (
                Arc::downgrade(&compiled.faq),
                Arc::downgrade(&compiled.answers),
            ),
        );
        // Dead entries go when the map has doubled since the last clean-up.
        if self.by_digest.len() > 2 * self.after_cleanup.max(32) {
            self.by_digest
                .retain(|_, (faq, answers)| faq.strong_count() > 0 && answers.strong_count() > 0);
            self.after_cleanup = self.by_digest.len();
        }
        compiled
    }
}

/// What a directory holds in memory, for tests and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Pages in the cache (configured or known not to be).
    pub pages: usize,
    /// Distinct compiled FAQs alive (held by cached pages or pages in use).
    pub faqs: usize,
    /// Pages read from the store and validated since the directory was made.
    pub loads: u64,
}

/// The default bound of the page cache (`page_cache_size`).
pub const DEFAULT_CACHE_SIZE: usize = 1000;

#[derive(Clone)]
pub struct PageDirectory {
    store: AnyStore,
    ttl: Duration,
    cache: Arc<Mutex<Cache>>,
    faqs: Arc<Mutex<SharedFaqs>>,
    loads: Arc<std::sync::atomic::AtomicU64>,
    /// Stops following the live bus when the last clone is dropped.
    _following: Arc<DropGuard>,
}

impl PageDirectory {
    /// A directory caching up to `DEFAULT_CACHE_SIZE` pages, each for `ttl` (zero: no
    /// cache). With a cache, and inside a tokio runtime, it follows the store's live bus until
    /// the last clone is dropped.
    pub fn new(store: AnyStore, ttl: Duration) -> Self {
        Self::bounded(store, ttl, DEFAULT_CACHE_SIZE)
    }

    /// `new`, keeping at most `size` pages (at least one).
    pub fn bounded(store: AnyStore, ttl: Duration, size: usize) -> Self {
        let cache = Arc::new(Mutex::new(Cache {
            pages: LruCache::new(NonZeroUsize::new(size).unwrap_or(NonZeroUsize::MIN)),
            invalidations: 0,
        }));
        let stop = CancellationToken::new();
        if !ttl.is_zero() {
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                // Subscribed here, not in the task: nothing published from now on is missed.
                let updates = store.live().subscribe();
                runtime.spawn(follow(updates, Arc::clone(&cache), stop.clone()));
            }
        }
        PageDirectory {
            store,
            ttl,
            cache,
            faqs: Arc::default(),
            loads: Arc::default(),
            _following: Arc::new(stop.drop_guard()),
        }
    }

    /// The page with this id; `None` when it is not configured (or its stored configuration
    /// no longer validates, which is logged).
    pub async fn get(&self, channel: Channel, id: &str) -> Result<Option<Arc<Page>>, StoreError> {
        let key = (channel, id.to_owned());
        let began = {
            let mut cache = self.lock_cache();
            if let Some((fetched, page)) = cache.pages.get(&key) {
                if fetched.elapsed() < self.ttl {
                    return Ok(page.clone());
                }
            }
            cache.invalidations
        };
        let file = self.store.load_page(channel, id).await?;
        self.loads
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let page = file.and_then(|file| match self.validate(&file) {
            Ok(page) => Some(Arc::new(page)),
            Err(error) => {
                tracing::error!(page = id, %error, "stored page configuration is invalid");
                None
            }
        });
        let mut cache = self.lock_cache();
        if cache.invalidations == began && !self.ttl.is_zero() {
            cache.pages.put(key, (Instant::now(), page.clone()));
        }
        Ok(page)
    }

    /// Validates `file`, its FAQ index shared with the pages that have the same FAQ.
    fn validate(&self, file: &PageFile) -> Result<Page, ConfigError> {
        file.validate_with(|faq, language| {
            let digest = faq_digest(faq, language);
            if let Some(shared) = self.lock_faqs().find(&digest) {
                return Ok(shared);
            }
            // Compiled outside the lock; a page compiling the same FAQ meanwhile wins.
            let compiled = faq.compile(language)?;
            Ok(self.lock_faqs().share(digest, compiled))
        })
    }

    /// How many pages and distinct FAQ indexes the directory holds.
    pub fn stats(&self) -> CacheStats {
        let pages = self.lock_cache().pages.len();
        let faqs = self
            .lock_faqs()
            .by_digest
            .values()
            .filter(|(faq, _)| faq.strong_count() > 0)
            .count();
        CacheStats {
            pages,
            faqs,
            loads: self.loads.load(std::sync::atomic::Ordering::Relaxed),
        }
    }

    /// The stored configuration of the page `id`, on whichever channel it was created.
    pub async fn find(&self, id: &str) -> Result<Option<PageFile>, StoreError> {
        for channel in Channel::ALL {
            if let Some(page) = self.store.load_page(channel, id).await? {
                return Ok(Some(page));
            }
        }
        Ok(None)
    }

    /// Every configured page, in the store's order.
    pub async fn list(&self) -> Result<Vec<PageFile>, StoreError> {
        let mut pages = Vec::new();
        for (channel, id) in self.store.list_pages().await? {
            if let Some(page) = self.store.load_page(channel, &id).await? {
                pages.push(page);
            }
        }
        Ok(pages)
    }

    /// The ids of every configured page, sorted, each once.
    pub async fn ids(&self) -> Result<Vec<String>, StoreError> {
        let mut ids: Vec<String> = self
            .store
            .list_pages()
            .await?
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    /// The pages whose configuration may ask for follow-ups (the store's `FOLLOW_UP_PAGES`
    /// index; a page may have stopped asking since), without reading any page. A store
    /// written before the index existed is indexed once, by whichever instance asks first.
    pub async fn with_follow_ups(&self) -> Result<Vec<(Channel, String)>, StoreError> {
        if self.store.get_value(FOLLOW_UP_INDEXED).await?.is_none() {
            for (channel, id) in self.store.list_pages().await? {
                let asks = self
                    .store
                    .load_page(channel, &id)
                    .await?
                    .and_then(|page| page.follow_up_minutes)
                    .is_some_and(|minutes| minutes > 0);
                if asks {
                    self.store
                        .remember(FOLLOW_UP_PAGES, &page_member(channel, &id))
                        .await?;
                }
            }
            self.store.put_value(FOLLOW_UP_INDEXED, "1").await?;
        }
        Ok(self
            .store
            .members(FOLLOW_UP_PAGES)
            .await?
            .iter()
            .filter_map(|member| parse_page_member(member))
            .collect())
    }

    /// Who changed the page `id` and when, oldest first (deleted pages included).
    pub async fn versions(&self, id: &str) -> Result<Vec<PageVersion>, StoreError> {
        let mut listed = Vec::new();
        for channel in Channel::ALL {
            listed.extend(self.store.page_versions(channel, id).await?);
        }
        Ok(listed)
    }

    /// Version `number` of the page `id`.
    pub async fn version(&self, id: &str, number: u64) -> Result<Option<PageVersion>, StoreError> {
        for channel in Channel::ALL {
            let versions = self.store.page_versions(channel, id).await?;
            if let Some(version) = versions.into_iter().find(|v| v.version == number) {
                return Ok(Some(version));
            }
        }
        Ok(None)
    }

    /// The number of the page's latest version.
    pub async fn latest_version(&self, page: &PageFile) -> Result<Option<u64>, StoreError> {
        let versions = self.store.page_versions(page.channel, &page.id).await?;
        Ok(versions.last().map(|v| v.version))
    }

    /// Validates the whole configuration and saves it as the page's next version, recording
    /// `by`, `at` and the parts that changed; live on this instance at once, on the others
    /// when the live notice arrives (at the latest after `page_cache_ttl_ms`). Nothing is
    /// saved when it does not validate.
    pub async fn save(
        &self,
        file: &PageFile,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<Saved, SaveError> {
        let previous = self.store.load_page(file.channel, &file.id).await?;
        self.save_over(previous.as_ref(), file, by, at).await
    }

    /// `save`, when the caller has just loaded the stored configuration (`previous`) itself.
    pub async fn save_over(
        &self,
        previous: Option<&PageFile>,
        file: &PageFile,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<Saved, SaveError> {
        let page = Arc::new(self.validate(file)?);
        Ok(self.save_validated(previous, file, page, by, at).await?)
    }

    /// Saves `file`, validated as `page`, as the next version.
    async fn save_validated(
        &self,
        previous: Option<&PageFile>,
        file: &PageFile,
        page: Arc<Page>,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<Saved, StoreError> {
        let changed = changed_parts(previous, Some(file));
        let change = PageVersion {
            version: 0,
            by: by.to_owned(),
            at,
            changed: changed.clone(),
            page: Some(file.clone()),
        };
        let version = self
            .store
            .save_page(file.channel, &file.id, &change)
            .await?;
        self.remember((file.channel, file.id.clone()), Some(page.clone()));
        Ok(Saved {
            page,
            version,
            changed,
        })
    }

    /// The next configuration of `current`, checked but not saved: `change` turns the stored
    /// document into the next one; the id and channel are always the stored ones, and secrets
    /// the next document leaves out are kept. Read naming the field at fault, then validated
    /// as a whole.
    pub fn prepare(
        current: &PageFile,
        change: impl FnOnce(Value) -> Value,
    ) -> Result<Prepared, ChangeError> {
        let mut document = change(serde_json::to_value(current).unwrap_or_default());
        keep_identity(&mut document, current)?;
        let file = parse(document)?;
        let page = file.validate()?;
        Ok(Prepared { file, page })
    }

    /// `prepare`, then saves the result as the page's next version by `by` at `at`; nothing
    /// is saved when it does not read or validate.
    pub async fn update(
        &self,
        current: &PageFile,
        change: impl FnOnce(Value) -> Value,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<Updated, ChangeError> {
        let Prepared { file, page } = Self::prepare(current, change)?;
        let saved = self
            .save_validated(Some(current), &file, Arc::new(page), by, at)
            .await?;
        Ok(Updated { file, saved })
    }

    /// Makes version `number` of the page `id` the current configuration again, as a new
    /// version (validated as any other).
    pub async fn restore(
        &self,
        id: &str,
        number: u64,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<Updated, ChangeError> {
        let file = self
            .version(id, number)
            .await?
            .ok_or(ChangeError::NoSuchVersion)?
            .page
            .ok_or(ChangeError::VersionDeletedThePage)?;
        let saved = self.save(&file, by, at).await?;
        Ok(Updated { file, saved })
    }

    /// Changes the stored configuration `current` with `change` (which may refuse) and saves
    /// the result as the next version, validated as a whole: `update` for a typed change (the
    /// console's FAQ editor). Returns the new configuration with what was saved; nothing is
    /// saved when `change` refuses or the result does not validate.
    pub async fn change<E: From<SaveError>>(
        &self,
        current: &PageFile,
        by: &str,
        at: DateTime<Utc>,
        change: impl FnOnce(&mut PageFile) -> Result<(), E>,
    ) -> Result<(PageFile, Saved), E> {
        let mut page = current.clone();
        change(&mut page)?;
        let saved = self.save_over(Some(current), &page, by, at).await?;
        tracing::info!(page = %page.id, by, version = saved.version, changed = saved.changed.join(","), "page configuration changed");
        Ok((page, saved))
    }

    /// Saves many pages, each as its next version by `by` at `at`, skipping those whose stored
    /// configuration is the same: an import (`frontdesk pages import`, `serve --pages`). Every
    /// page is checked first (the whole configuration, the FAQ without building its index:
    /// that is done when the page is first used); when one does not validate nothing is saved.
    /// The rest is one store round (one redb transaction, one Redis pipeline); call it with
    /// batches of a few hundred pages. Says what happened to each page, in order.
    pub async fn import(
        &self,
        files: &[PageFile],
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<Vec<Imported>, ImportError> {
        for (index, file) in files.iter().enumerate() {
            file.check()
                .map_err(|error| ImportError::Invalid { index, error })?;
        }
        let keys: Vec<(Channel, String)> =
            files.iter().map(|f| (f.channel, f.id.clone())).collect();
        let stored = self.store.load_pages(&keys).await?;
        let mut outcome = Vec::with_capacity(files.len());
        let mut changes = Vec::new();
        for (file, previous) in files.iter().zip(&stored) {
            if previous
                .as_ref()
                .is_some_and(|previous| same(previous, file))
            {
                outcome.push(Imported::Unchanged);
                continue;
            }
            outcome.push(Imported::Saved(0));
            changes.push((
                file.channel,
                file.id.clone(),
                PageVersion {
                    version: 0,
                    by: by.to_owned(),
                    at,
                    changed: changed_parts(previous.as_ref(), Some(file)),
                    page: Some(file.clone()),
                },
            ));
        }
        let versions = self.store.save_pages(&changes).await?;
        {
            let mut cache = self.lock_cache();
            for (channel, id, _) in &changes {
                cache.invalidate(Some(&(*channel, id.clone())));
            }
        }
        let mut versions = versions.into_iter();
        for imported in &mut outcome {
            if let Imported::Saved(version) = imported {
                *version = versions.next().unwrap_or_default();
            }
        }
        Ok(outcome)
    }

    /// Deletes a page (its history stays); false when there was none.
    pub async fn delete(
        &self,
        channel: Channel,
        id: &str,
        by: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let Some(previous) = self.store.load_page(channel, id).await? else {
            return Ok(false);
        };
        let change = PageVersion {
            version: 0,
            by: by.to_owned(),
            at,
            changed: changed_parts(Some(&previous), None),
            page: None,
        };
        self.store.save_page(channel, id, &change).await?;
        self.remember((channel, id.to_owned()), None);
        Ok(true)
    }

    fn remember(&self, key: (Channel, String), page: Option<Arc<Page>>) {
        if !self.ttl.is_zero() {
            self.lock_cache().pages.put(key, (Instant::now(), page));
        }
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn lock_faqs(&self) -> std::sync::MutexGuard<'_, SharedFaqs> {
        self.faqs.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Drops cached pages as their notices arrive, everything when notices may have been missed,
/// until `stop`.
async fn follow(
    mut updates: broadcast::Receiver<LiveUpdate>,
    cache: Arc<Mutex<Cache>>,
    stop: CancellationToken,
) {
    loop {
        let received = tokio::select! {
            () = stop.cancelled() => return,
            received = updates.recv() => received,
        };
        let key = match received {
            Ok(LiveUpdate::Page { channel, id }) => Some((channel, id)),
            Ok(LiveUpdate::Resync) | Err(RecvError::Lagged(_)) => None,
            Ok(LiveUpdate::Conversation { .. }) => continue,
            Err(RecvError::Closed) => return,
        };
        cache
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .invalidate(key.as_ref());
    }
}

/// The two configurations are the same document (as the store keeps them).
fn same(stored: &PageFile, next: &PageFile) -> bool {
    match (serde_json::to_string(stored), serde_json::to_string(next)) {
        (Ok(stored), Ok(next)) => stored == next,
        _ => false,
    }
}

/// The SHA-256 of an FAQ as stored, and the language it is compiled for.
fn faq_digest(faq: &FaqFile, language: Language) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(language.code().as_bytes());
    hasher.update([0]);
    hasher.update(serde_json::to_vec(faq).unwrap_or_default());
    hasher.finalize().into()
}

/// Reads a page file, with the FAQ file it names (relative to it) read in.
pub fn read_page_file(path: &std::path::Path) -> anyhow::Result<PageFile> {
    PageFileReader::default().read(path)
}

/// Reads page files, each FAQ file once for as long as it is among the last few read (many
/// pages of an import may name the same FAQ file).
#[derive(Default)]
pub struct PageFileReader {
    faqs: HashMap<std::path::PathBuf, FaqFile>,
}

impl PageFileReader {
    /// FAQ files kept for the next pages.
    const KEPT: usize = 16;

    /// Reads a page file, with the FAQ file it names (relative to it) read in.
    pub fn read(&mut self, path: &std::path::Path) -> anyhow::Result<PageFile> {
        use anyhow::Context;
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let mut page = PageFile::from_toml(&text)?;
        if let Some(faq_file) = page.faq_file.take() {
            let faq_path = path
                .parent()
                .unwrap_or(std::path::Path::new("."))
                .join(&faq_file);
            let faq = match self.faqs.get(&faq_path) {
                Some(faq) => faq.clone(),
                None => {
                    let faq_text = std::fs::read_to_string(&faq_path)
                        .with_context(|| format!("reading the faq file {}", faq_path.display()))?;
                    let faq = FaqFile::from_toml(&faq_text)?;
                    if self.faqs.len() >= Self::KEPT {
                        self.faqs.clear();
                    }
                    self.faqs.insert(faq_path, faq.clone());
                    faq
                }
            };
            page.faq = Some(faq);
        }
        Ok(page)
    }
}

/// The top-level parts of a configuration that differ between two versions.
pub fn changed_parts(before: Option<&PageFile>, after: Option<&PageFile>) -> Vec<String> {
    let fields = |page: Option<&PageFile>| match page.map(serde_json::to_value) {
        Some(Ok(serde_json::Value::Object(map))) => map,
        _ => serde_json::Map::new(),
    };
    let (before, after) = (fields(before), fields(after));
    let mut changed: Vec<String> = before
        .keys()
        .chain(after.keys())
        .filter(|key| before.get(*key) != after.get(*key))
        .cloned()
        .collect();
    changed.sort();
    changed.dedup();
    changed
}

/// Reads a configuration from JSON, naming the field at fault (`hours.fri[1]`).
pub fn parse(value: Value) -> Result<PageFile, ConfigError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let field = error.path().to_string();
        ConfigError {
            field: if field == "." { String::new() } else { field },
            message: error.into_inner().to_string(),
        }
    })
}

/// Puts the stored id, channel and (when the next document leaves them out) secrets into the
/// next document: the caller names the page, and the secrets are write-only.
fn keep_identity(next: &mut Value, current: &PageFile) -> Result<(), ChangeError> {
    let fields = next.as_object_mut().ok_or(ChangeError::NotAnObject)?;
    fields.insert("id".into(), json!(current.id));
    fields.insert("channel".into(), json!(current.channel));
    if !fields.contains_key("access_token") {
        fields.insert(
            "access_token".into(),
            json!(current.access_token.expose_secret()),
        );
    }
    if let (false, Some(refresh)) = (fields.contains_key("refresh_token"), &current.refresh_token) {
        fields.insert("refresh_token".into(), json!(refresh.expose_secret()));
    }
    fields.remove("access_token_set");
    fields.remove("refresh_token_set");
    Ok(())
}

/// A configuration as people may see it: everything but its secrets (the access token, an X
/// refresh token), with whether each is set.
pub fn without_secrets(page: &PageFile) -> Value {
    let mut value = serde_json::to_value(page).unwrap_or_default();
    if let Some(fields) = value.as_object_mut() {
        fields.remove("access_token");
        fields.insert(
            "access_token_set".into(),
            Value::Bool(!page.access_token.expose_secret().is_empty()),
        );
        if fields.remove("refresh_token").is_some() {
            fields.insert("refresh_token_set".into(), Value::Bool(true));
        }
    }
    value
}

/// One field that differs between two configurations.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// Where, written as validation names fields: `hours.fri[1]`, `holidays.country`.
    pub field: String,
    /// The value before and after; `None` where there was none.
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// The fields that differ between two versions (`None`: no page), leaf by leaf, in the
/// order of the documents' fields. Secrets are compared but never shown: a changed token is a difference of
/// `access_token_changed` (or `refresh_token_changed`) from `false` to `true`.
pub fn differences(before: Option<&PageFile>, after: Option<&PageFile>) -> Vec<Difference> {
    let view = |page: Option<&PageFile>| page.map_or(json!({}), without_secrets);
    let mut found = Vec::new();
    collect_differences(
        String::new(),
        Some(&view(before)),
        Some(&view(after)),
        &mut found,
    );
    let secret = |page: Option<&PageFile>, refresh: bool| -> Option<String> {
        let page = page?;
        if refresh {
            page.refresh_token
                .as_ref()
                .map(|t| t.expose_secret().to_owned())
        } else {
            Some(page.access_token.expose_secret().to_owned())
        }
    };
    for (field, refresh) in [
        ("access_token_changed", false),
        ("refresh_token_changed", true),
    ] {
        if before.is_some() && after.is_some() && secret(before, refresh) != secret(after, refresh)
        {
            found.push(Difference {
                field: field.into(),
                before: Some(Value::Bool(false)),
                after: Some(Value::Bool(true)),
            });
        }
    }
    found
}

fn collect_differences(
    field: String,
    before: Option<&Value>,
    after: Option<&Value>,
    found: &mut Vec<Difference>,
) {
    let at = |name: &str| {
        if field.is_empty() {
            name.to_owned()
        } else {
            format!("{field}.{name}")
        }
    };
    match (before, after) {
        (Some(Value::Object(old)), Some(Value::Object(new))) => {
            let mut names: Vec<&String> = old.keys().collect();
            names.extend(new.keys().filter(|name| !old.contains_key(*name)));
            for name in names {
                collect_differences(at(name), old.get(name), new.get(name), found);
            }
        }
        (Some(Value::Array(old)), Some(Value::Array(new))) => {
            for i in 0..old.len().max(new.len()) {
                collect_differences(format!("{field}[{i}]"), old.get(i), new.get(i), found);
            }
        }
        (before, after) if before == after => {}
        (before, after) => found.push(Difference {
            field,
            before: before.cloned(),
            after: after.cloned(),
        }),
    }
}

/// A configuration checked by `prepare`: the file as it would be stored and the page it
/// validates to.
#[derive(Debug)]
pub struct Prepared {
    pub file: PageFile,
    pub page: Page,
}

/// A configuration saved by `update` or `restore`: the file stored, and what was saved.
#[derive(Debug)]
pub struct Updated {
    pub file: PageFile,
    pub saved: Saved,
}

/// Why a page's configuration was not changed.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    #[error("a page configuration is a JSON object")]
    NotAnObject,
    #[error("no such version")]
    NoSuchVersion,
    #[error("that version deleted the page")]
    VersionDeletedThePage,
    #[error(transparent)]
    Invalid(#[from] ConfigError),
    #[error("saving the page")]
    Store(#[from] StoreError),
}

impl From<SaveError> for ChangeError {
    fn from(error: SaveError) -> Self {
        match error {
            SaveError::Invalid(error) => ChangeError::Invalid(error),
            SaveError::Store(error) => ChangeError::Store(error),
        }
    }
}

/// What `import` did with a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    /// Saved as this version.
    Saved(u64),
    /// The stored configuration is the same: nothing saved.
    Unchanged,
}

/// Why an import saved nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The page at `index` of the batch does not validate.
    #[error("{error}")]
    Invalid { index: usize, error: ConfigError },
    #[error("saving the pages")]
    Store(#[from] StoreError),
}

/// A saved configuration: the validated page, its version number and the parts it changed.
#[derive(Debug)]
pub struct Saved {
    pub page: Arc<Page>,
    pub version: u64,
    pub changed: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Invalid(#[from] crate::domain::page::ConfigError),
    #[error("saving the page")]
    Store(#[from] StoreError),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> PageFile {
        PageFile::from_toml(include_str!("../responses/pages/example.toml"))
            .expect("the example parses")
    }

    /// The example page under another id, with the example FAQ; `price` changes one answer
    /// (another FAQ), `None` keeps the example's.
    fn page(id: &str, price: Option<u32>) -> PageFile {
        let mut file = example();
        file.id = id.into();
        file.faq_file = None;
        let mut faq = include_str!("../responses/faq/eshop.toml").to_owned();
        if let Some(price) = price {
            faq = faq.replace("Doprava stojí 89 Kč", &format!("Doprava stojí {price} Kč"));
        }
        file.faq = Some(FaqFile::from_toml(&faq).expect("the example faq"));
        file
    }

    /// A directory on a fresh embedded store, caching `size` pages for an hour.
    fn directory(size: usize) -> (PageDirectory, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let store = crate::store::embedded::EmbeddedStore::open(
            &dir.path().join("pages.redb"),
            Duration::from_secs(15),
        )
        .expect("the store opens");
        let pages =
            PageDirectory::bounded(AnyStore::Embedded(store), Duration::from_secs(3600), size);
        (pages, dir)
    }

    /// A directory caching `size` pages on a store holding `files` (imported before it
    /// listens to the live bus, so their notices do not empty its cache later).
    async fn directory_with(size: usize, files: &[PageFile]) -> (PageDirectory, tempfile::TempDir) {
        let (setup, dir) = directory(1);
        setup.import(files, "test", at()).await.expect("imported");
        let pages = PageDirectory::bounded(setup.store.clone(), Duration::from_secs(3600), size);
        (pages, dir)
    }

    fn at() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-03T09:00:00Z")
            .expect("a date")
            .to_utc()
    }

    async fn get(pages: &PageDirectory, id: &str) -> Arc<Page> {
        pages
            .get(Channel::Messenger, id)
            .await
            .expect("the store reads")
            .expect("the page is configured")
    }

    #[tokio::test]
    async fn a_bounded_cache_drops_the_least_recently_used_page_and_reads_it_again() {
        let files = [page("1001", None), page("1002", None), page("1003", None)];
        let (pages, _dir) = directory_with(2, &files).await;
        assert_eq!(get(&pages, "1001").await.id, "1001");
        assert_eq!(get(&pages, "1002").await.id, "1002");
        assert_eq!(get(&pages, "1001").await.id, "1001");
        assert_eq!(pages.stats().loads, 2, "1001 came from the cache");
        // A third page: 1002, used least recently, leaves.
        assert_eq!(get(&pages, "1003").await.id, "1003");
        assert_eq!(pages.stats().pages, 2);
        assert_eq!(get(&pages, "1001").await.id, "1001");
        assert_eq!(pages.stats().loads, 3, "1001 was kept");
        assert_eq!(get(&pages, "1002").await.id, "1002");
        assert_eq!(pages.stats().loads, 4, "1002 was read again");
        assert_eq!(pages.stats().pages, 2);
        // A page that is not configured is remembered too, and takes a place like any other.
        assert!(
            pages
                .get(Channel::Messenger, "1999")
                .await
                .expect("reads")
                .is_none()
        );
        assert_eq!(pages.stats().pages, 2);
    }

    #[tokio::test]
    async fn identical_faqs_share_one_compiled_index() {
        let (pages, _dir) = directory(10);
        let mut english = page("2004", None);
        english.language = crate::domain::locale::Language::En;
        let files = [
            page("2001", None),
            page("2002", None),
            page("2003", Some(95)),
            english,
        ];
        pages.import(&files, "test", at()).await.expect("imported");
        let (a, b, c, d) = (
            get(&pages, "2001").await,
            get(&pages, "2002").await,
            get(&pages, "2003").await,
            get(&pages, "2004").await,
        );
        assert!(Arc::ptr_eq(&a.faq, &b.faq) && Arc::ptr_eq(&a.faq_answers, &b.faq_answers));
        assert!(
            !Arc::ptr_eq(&a.faq, &c.faq),
            "another answer is another FAQ"
        );
        assert!(
            !Arc::ptr_eq(&a.faq, &d.faq),
            "another language is another index"
        );
        assert_eq!(pages.stats().faqs, 3);
        // The shared index answers for each page as its own.
        let answer = |p: &Page| {
            let entry = p.faq.matches("Kolik stojí doprava?");
            format!("{entry:?}")
        };
        assert_eq!(answer(&a), answer(&b));

        // Read again after a notice (here: its TTL-free eviction by a save of another page),
        // a page finds its index without compiling it.
        let before = Arc::clone(&a.faq);
        pages.lock_cache().invalidate(None);
        let again = get(&pages, "2001").await;
        assert!(Arc::ptr_eq(&again.faq, &before));

        // An index lives only while a page holds it.
        drop((a, b, c, d, again, before));
        pages.lock_cache().invalidate(None);
        assert_eq!(pages.stats().faqs, 0);
    }

    #[tokio::test]
    async fn importing_twice_saves_each_page_once_and_a_bad_page_saves_nothing() {
        let (pages, _dir) = directory(10);
        let files = [page("3001", None), page("3002", Some(99))];
        let first = pages.import(&files, "test", at()).await.expect("imported");
        assert_eq!(first, vec![Imported::Saved(1), Imported::Saved(1)]);
        let again = pages.import(&files, "test", at()).await.expect("imported");
        assert_eq!(again, vec![Imported::Unchanged, Imported::Unchanged]);
        assert_eq!(pages.versions("3001").await.expect("reads").len(), 1);

        let changed = [page("3001", None), page("3002", Some(98))];
        let third = pages
            .import(&changed, "test", at())
            .await
            .expect("imported");
        assert_eq!(third, vec![Imported::Unchanged, Imported::Saved(2)]);
        let versions = pages.versions("3002").await.expect("reads");
        assert_eq!(versions.len(), 2);
        assert_eq!(versions[1].changed, vec!["faq".to_owned()]);

        let mut bad = page("3003", None);
        bad.time_zone = "Mars/Olympus".into();
        let refused = pages.import(&[page("3004", None), bad], "test", at()).await;
        assert!(
            matches!(&refused, Err(ImportError::Invalid { index: 1, error }) if error.field == "time_zone"),
            "{refused:?}"
        );
        assert!(pages.find("3004").await.expect("reads").is_none());
    }

    #[tokio::test]
    async fn only_pages_that_ask_for_follow_ups_are_listed_for_the_sweep() {
        let (pages, _dir) = directory(10);
        let mut asks = page("4001", None);
        asks.follow_up_minutes = Some(30);
        pages
            .import(&[asks.clone(), page("4002", None)], "test", at())
            .await
            .expect("imported");
        let listed = pages.with_follow_ups().await.expect("reads");
        assert_eq!(listed, vec![(Channel::Messenger, "4001".to_owned())]);

        asks.follow_up_minutes = None;
        pages.save(&asks, "test", at()).await.expect("saved");
        assert!(pages.with_follow_ups().await.expect("reads").is_empty());

        // A store written before the index: the first sweep indexes it.
        asks.follow_up_minutes = Some(15);
        pages.save(&asks, "test", at()).await.expect("saved");
        let store = &pages.store;
        store
            .forget(FOLLOW_UP_PAGES, &page_member(Channel::Messenger, "4001"))
            .await
            .expect("written");
        store
            .put_value(FOLLOW_UP_INDEXED, "")
            .await
            .expect("written");
        assert!(
            pages.with_follow_ups().await.expect("reads").is_empty(),
            "marked as indexed"
        );
        let (fresh, _dir2) = directory(10);
        fresh
            .import(&[asks.clone()], "test", at())
            .await
            .expect("imported");
        fresh
            .store
            .forget(FOLLOW_UP_PAGES, &page_member(Channel::Messenger, "4001"))
            .await
            .expect("written");
        assert_eq!(
            fresh.with_follow_ups().await.expect("reads"),
            vec![(Channel::Messenger, "4001".to_owned())]
        );

        // A deleted page leaves the index.
        asks.follow_up_minutes = Some(20);
        pages.save(&asks, "test", at()).await.expect("saved");
        assert_eq!(pages.with_follow_ups().await.expect("reads").len(), 1);
        pages
            .delete(Channel::Messenger, "4001", "test", at())
            .await
            .expect("deleted");
        assert!(pages.with_follow_ups().await.expect("reads").is_empty());
    }

    #[test]
    fn prepare_keeps_identity_and_secrets_and_names_the_field_at_fault() {
        let current = example();
        let prepared = PageDirectory::prepare(&current, |mut document| {
            if let Some(fields) = document.as_object_mut() {
                fields.remove("access_token");
                fields.insert("id".into(), json!("999"));
                fields.insert("hours".into(), json!({ "mon": ["08:00-12:00"] }));
            }
            document
        })
        .expect("valid");
        assert_eq!(prepared.file.id, current.id);
        assert_eq!(
            prepared.file.access_token.expose_secret(),
            current.access_token.expose_secret()
        );
        assert_eq!(prepared.file.hours.mon, vec!["08:00-12:00"]);
        assert!(prepared.file.hours.fri.is_empty());

        let refused = |change: Value| {
            PageDirectory::prepare(&current, |mut document| {
                json_patch::merge(&mut document, &change);
                document
            })
        };
        let field = |change: Value| match refused(change) {
            Err(ChangeError::Invalid(error)) => error.field,
            other => panic!("not refused as invalid: {other:?}"),
        };
        assert_eq!(
            field(json!({ "hours": { "fri": ["09:00-12:00", "13:00-25:00"] } })),
            "hours.fri[1]"
        );
        assert_eq!(
            field(json!({ "stale_after_hours": "soon" })),
            "stale_after_hours"
        );
        assert!(matches!(
            PageDirectory::prepare(&current, |_| json!([])),
            Err(ChangeError::NotAnObject)
        ));
    }

    #[test]
    fn differences_are_field_by_field_and_never_show_a_secret() {
        let before = example();
        let mut after = before.clone();
        after.hours.fri = vec!["09:00-12:00".into()];
        after.hours.sat = vec!["10:00-12:00".into()];
        after.access_token = secrecy::SecretString::from("EAAGanotherToken".to_owned());
        after.away_until = Some(chrono::DateTime::<Utc>::MIN_UTC);

        let found = differences(Some(&before), Some(&after));
        let mut fields: Vec<&str> = found.iter().map(|d| d.field.as_str()).collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            vec![
                "access_token_changed",
                "away_until",
                "hours.fri[1]",
                "hours.sat[0]"
            ]
        );
        let at = |field: &str| found.iter().find(|d| d.field == field).expect("found");
        assert_eq!(at("hours.fri[1]").before, Some(json!("13:00-16:00")));
        assert_eq!(at("hours.fri[1]").after, None);
        assert_eq!(at("hours.sat[0]").before, None);
        let shown = format!("{found:?}");
        assert!(!shown.contains("EAAG"), "{shown}");
        assert!(differences(Some(&before), Some(&before)).is_empty());
        // Against no page (a deleted one), every field differs, the token never shown.
        let created = differences(None, Some(&before));
        assert!(created.iter().any(|d| d.field == "name"));
        assert!(!format!("{created:?}").contains("EAAG"));
    }
}
