//! Tokens at rest: the one place where the store seals and opens them (with
//! `crate::secrets::Keyring`), so that `pages.rs`, `x_account.rs`, the API and the console
//! only ever see plain tokens, and the backends only ever sealed ones.
//!
//! What is sealed: a page configuration's `access_token` and `refresh_token`, in the current
//! configuration and in every stored version (deleted pages' too), and the named values
//! under `SEALED_VALUES` (an X account's rotating token pair, `x:tokens:<account>`, sealed
//! whole). Each is bound to its record (`page <channel>:<id> <field>`, `value <key>`) as
//! associated data, so a sealed token copied to another page or account does not open.
//! `AnyStore` seals in `save_page` and `put_value*`, and opens in `load_page`,
//! `page_versions` and `get_value`.
//!
//! The store remembers which keys have sealed something (the set `secrets:keys`). At start
//! (`prepare_secrets`) a store holding tokens sealed with a key the settings do not list is
//! refused, naming the key; the first start with a key seals every plain token; a new
//! sealing key is added to the set before anything is sealed with it. `reencrypt` seals
//! every token again with the current key and forgets the others, after which they can be
//! dropped from the settings.

use std::collections::BTreeSet;

use secrecy::{ExposeSecret, SecretString};
use serde_json::Value;

use super::{AnyStore, PageStore, RecordStore, Result, StoreError};
use crate::domain::event::Channel;
use crate::domain::page::PageFile;
use crate::secrets::{Keyring, SETTING, sealed_with};

/// An X account's live token pair (`x_account.rs`), sealed whole.
pub const X_TOKENS: &str = "x:tokens:";
/// The prefixes of the named values (`RecordStore::put_value`) that are sealed.
pub const SEALED_VALUES: &[&str] = &[X_TOKENS];
/// The store set of the key ids that have sealed something here.
const KEYS_IN_USE: &str = "secrets:keys";
/// The store set that says the pages were looked through without a key and held no sealed
/// token (member `PLAIN`): later starts without a key need not read every page again.
const PLAIN_CHECKED: &str = "secrets:plain-checked";
const PLAIN: &str = "yes";
/// How often a record that keeps changing under a pass is tried again.
const ATTEMPTS: usize = 5;
/// The page fields that hold tokens.
const PAGE_SECRETS: [&str; 2] = ["access_token", "refresh_token"];

/// A stored record that can hold a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretRecord {
    /// A page's current configuration.
    Page { channel: Channel, id: String },
    /// One stored version of a page, deleted pages' included.
    PageVersion {
        channel: Channel,
        id: String,
        version: u64,
    },
    /// A named value under one of `SEALED_VALUES`.
    Value(String),
}

pub fn is_sealed_value(key: &str) -> bool {
    SEALED_VALUES.iter().any(|prefix| key.starts_with(prefix))
}

fn page_context(channel: Channel, id: &str, field: &str) -> String {
    format!("page {channel}:{id} {field}")
}

fn value_context(key: &str) -> String {
    format!("value {key}")
}

/// The page with its tokens sealed with the current key (as it is without one).
pub(super) fn seal_page(
    keys: &Keyring,
    channel: Channel,
    id: &str,
    page: &PageFile,
) -> Result<PageFile> {
    let mut page = page.clone();
    let seal = |token: &SecretString, field: &str| -> Result<SecretString> {
        match keys.seal(token.expose_secret(), &page_context(channel, id, field)) {
            Some(sealed) => Ok(SecretString::from(sealed?)),
            None => Ok(token.clone()),
        }
    };
    page.access_token = seal(&page.access_token, "access_token")?;
    page.refresh_token = page
        .refresh_token
        .as_ref()
        .map(|token| seal(token, "refresh_token"))
        .transpose()?;
    Ok(page)
}

/// The page as stored, with its tokens opened.
pub(super) fn open_page(
    keys: &Keyring,
    channel: Channel,
    id: &str,
    mut page: PageFile,
) -> Result<PageFile> {
    page.access_token = keys.open(
        page.access_token.expose_secret(),
        &page_context(channel, id, "access_token"),
    )?;
    page.refresh_token = page
        .refresh_token
        .map(|token| {
            keys.open(
                token.expose_secret(),
                &page_context(channel, id, "refresh_token"),
            )
        })
        .transpose()?;
    Ok(page)
}

/// A named value as it is stored: sealed when its key is one of `SEALED_VALUES` and a key is
/// configured.
pub(super) fn seal_value(keys: &Keyring, key: &str, value: &str) -> Result<String> {
    if !is_sealed_value(key) {
        return Ok(value.to_owned());
    }
    match keys.seal(value, &value_context(key)) {
        Some(sealed) => Ok(sealed?),
        None => Ok(value.to_owned()),
    }
}

pub(super) fn open_value(keys: &Keyring, key: &str, stored: String) -> Result<String> {
    if !is_sealed_value(key) {
        return Ok(stored);
    }
    Ok(keys
        .open(&stored, &value_context(key))?
        .expose_secret()
        .to_owned())
}

/// What a pass over every record did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Resealed {
    /// Records that can hold a token (page configurations and versions, X token pairs).
    pub records: usize,
    /// Records written again.
    pub rewritten: usize,
    /// Tokens that were plain text.
    pub were_plain: usize,
    /// Tokens that were sealed with another key.
    pub were_other_key: usize,
}

/// Why the store's tokens cannot be used with the configured keys.
#[derive(Debug, thiserror::Error)]
pub enum SecretsError {
    #[error(
        "the store holds tokens encrypted with {}, which {SETTING} does not list (it lists: {listed}); frontdesk cannot read them without it: add the missing key to {SETTING} after the current one and start again",
        quoted(missing)
    )]
    MissingKeys {
        missing: Vec<String>,
        listed: String,
    },
    #[error("{SETTING} is not set: there is no key to encrypt the tokens with")]
    NoKey,
    #[error("the record {0:?} kept changing while it was being encrypted again; run it again")]
    Busy(SecretRecord),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn quoted(ids: &[String]) -> String {
    let ids: Vec<String> = ids.iter().map(|id| format!("key `{id}`")).collect();
    ids.join(", ")
}

/// The raw records that can hold a token, for `prepare_secrets` and `reencrypt`.
pub trait SecretStore: Send + Sync {
    /// Every stored record that can hold a token (`sealing`): page configurations, every
    /// version of every page (deleted ones too), the named values under
    /// `sealing::SEALED_VALUES`.
    fn secret_records(&self) -> impl Future<Output = Result<Vec<SecretRecord>>> + Send;
    /// A record's text exactly as stored (sealed tokens stay sealed).
    fn read_record(
        &self,
        record: &SecretRecord,
    ) -> impl Future<Output = Result<Option<String>>> + Send;
    /// Replaces a record's stored text when it still is `old`, atomically; false when it
    /// changed meanwhile (or is gone).
    fn replace_record(
        &self,
        record: &SecretRecord,
        old: &str,
        new: &str,
    ) -> impl Future<Output = Result<bool>> + Send;
}

/// Dispatches to the backend: records as stored, sealed or not.
impl SecretStore for AnyStore {
    async fn secret_records(&self) -> Result<Vec<SecretRecord>> {
        dispatch!(self, s => s.secret_records())
    }
    async fn read_record(&self, record: &SecretRecord) -> Result<Option<String>> {
        dispatch!(self, s => s.read_record(record))
    }
    async fn replace_record(&self, record: &SecretRecord, old: &str, new: &str) -> Result<bool> {
        dispatch!(self, s => s.replace_record(record, old, new))
    }
}

impl AnyStore {
    /// Checks the store against the configured keys before anything else uses it: refused
    /// when it holds tokens sealed with a key that is not configured; with a key, the key is
    /// recorded before it seals anything, and on the first start with one every plain token
    /// is sealed (returned: what that pass did).
    pub async fn prepare_secrets(&self) -> Result<Option<Resealed>, SecretsError> {
        let keys = self.keys();
        let recorded: BTreeSet<String> = self.members(KEYS_IN_USE).await?.into_iter().collect();
        let mut missing: BTreeSet<String> = recorded
            .iter()
            .filter(|id| !keys.contains(id))
            .cloned()
            .collect();
        // With no record of keys, the pages' configurations are looked through for tokens
        // sealed under keys that are not configured: it catches a lost record. Reading
        // every page is slow with thousands, so it is done only then (and, without a key,
        // once: a page saved since holds plain tokens).
        let plain_checked = keys.current_id().is_none()
            && self
                .members(PLAIN_CHECKED)
                .await?
                .iter()
                .any(|m| m == PLAIN);
        let pages = if recorded.is_empty() && !plain_checked {
            self.list_pages().await?
        } else {
            Vec::new()
        };
        for (channel, id) in pages {
            let record = SecretRecord::Page { channel, id };
            if let Some(text) = self.read_record(&record).await? {
                missing.extend(
                    sealed_ids(&record, &text)
                        .into_iter()
                        .filter(|id| !keys.contains(id)),
                );
            }
        }
        if !missing.is_empty() {
            return Err(self.missing(missing));
        }
        let Some(current) = keys.current_id() else {
            if recorded.is_empty() && !plain_checked {
                self.remember(PLAIN_CHECKED, PLAIN).await?;
            }
            return Ok(None);
        };
        if recorded.contains(current) {
            return Ok(None);
        }
        self.remember(KEYS_IN_USE, current).await?;
        self.forget(PLAIN_CHECKED, PLAIN).await?;
        if !recorded.is_empty() {
            // A new sealing key: what the old ones sealed stays until `reencrypt`.
            return Ok(None);
        }
        Ok(Some(self.reseal_all().await?))
    }

    /// Seals every token again with the current key, then forgets the other keys: they can
    /// be dropped from the settings afterwards.
    pub async fn reencrypt(&self) -> Result<Resealed, SecretsError> {
        let Some(current) = self.keys().current_id().map(str::to_owned) else {
            return Err(SecretsError::NoKey);
        };
        self.remember(KEYS_IN_USE, &current).await?;
        let done = self.reseal_all().await?;
        for id in self.members(KEYS_IN_USE).await? {
            if id != current {
                self.forget(KEYS_IN_USE, &id).await?;
            }
        }
        Ok(done)
    }

    /// The key ids the store has recorded as having sealed something.
    pub async fn keys_in_use(&self) -> Result<Vec<String>> {
        let mut ids = self.members(KEYS_IN_USE).await?;
        ids.sort();
        Ok(ids)
    }

    fn missing(&self, missing: BTreeSet<String>) -> SecretsError {
        let listed: Vec<&str> = self.keys().ids().collect();
        SecretsError::MissingKeys {
            missing: missing.into_iter().collect(),
            listed: if listed.is_empty() {
                "no key".to_owned()
            } else {
                listed.join(", ")
            },
        }
    }

    /// Every record that holds a token not sealed with the current key, sealed with it; a
    /// record changed meanwhile by someone else is read again.
    async fn reseal_all(&self) -> Result<Resealed, SecretsError> {
        let keys = self.keys();
        let mut done = Resealed::default();
        for record in self.secret_records().await? {
            done.records += 1;
            let mut attempts = 0;
            loop {
                let Some(text) = self.read_record(&record).await? else {
                    break;
                };
                let resealed = match reseal_record(keys, &record, &text) {
                    Ok(Some(resealed)) => resealed,
                    Ok(None) => break,
                    Err(StoreError::Secret(crate::secrets::SecretError::UnknownKey(id))) => {
                        return Err(self.missing(BTreeSet::from([id])));
                    }
                    Err(error) => return Err(error.into()),
                };
                if self.replace_record(&record, &text, &resealed.text).await? {
                    done.rewritten += 1;
                    done.were_plain += resealed.were_plain;
                    done.were_other_key += resealed.were_other_key;
                    break;
                }
                attempts += 1;
                if attempts == ATTEMPTS {
                    return Err(SecretsError::Busy(record));
                }
            }
        }
        Ok(done)
    }
}

struct Rewritten {
    text: String,
    were_plain: usize,
    were_other_key: usize,
}

/// The tokens of a stored record, as (their field in the JSON, their context).
fn token_fields<'a>(record: &SecretRecord, json: &'a mut Value) -> Vec<(&'a mut Value, String)> {
    let (channel, id, page) = match record {
        SecretRecord::Page { channel, id } => (*channel, id, Some(json)),
        SecretRecord::PageVersion { channel, id, .. } => {
            (*channel, id, json.get_mut("page").filter(|p| p.is_object()))
        }
        SecretRecord::Value(_) => return Vec::new(),
    };
    let Some(Value::Object(page)) = page else {
        return Vec::new();
    };
    page.iter_mut()
        .filter(|(field, value)| PAGE_SECRETS.contains(&field.as_str()) && value.is_string())
        .map(|(field, value)| {
            let context = page_context(channel, id, field);
            (value, context)
        })
        .collect()
}

/// The key ids the tokens of a stored record are sealed with.
fn sealed_ids(record: &SecretRecord, text: &str) -> Vec<String> {
    if let SecretRecord::Value(_) = record {
        return sealed_with(text).map(str::to_owned).into_iter().collect();
    }
    let Ok(mut json) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    token_fields(record, &mut json)
        .into_iter()
        .filter_map(|(value, _)| value.as_str().and_then(sealed_with).map(str::to_owned))
        .collect()
}

/// A stored record with its tokens sealed with the current key; `None` when it needs nothing.
fn reseal_record(keys: &Keyring, record: &SecretRecord, text: &str) -> Result<Option<Rewritten>> {
    let mut rewritten = Rewritten {
        text: String::new(),
        were_plain: 0,
        were_other_key: 0,
    };
    let mut count = |stored: &str| match sealed_with(stored) {
        Some(_) => rewritten.were_other_key += 1,
        None => rewritten.were_plain += 1,
    };
    if let SecretRecord::Value(key) = record {
        let Some(sealed) = keys.reseal(text, &value_context(key)) else {
            return Ok(None);
        };
        let sealed = sealed?;
        count(text);
        rewritten.text = sealed;
        return Ok(Some(rewritten));
    }
    let key = match record {
        SecretRecord::Page { channel, id } => format!("page {channel}:{id}"),
        SecretRecord::PageVersion {
            channel,
            id,
            version,
        } => format!("page {channel}:{id} version {version}"),
        SecretRecord::Value(key) => key.clone(),
    };
    let mut json: Value =
        serde_json::from_str(text).map_err(|source| StoreError::Corrupt { key, source })?;
    let mut changed = false;
    for (value, context) in token_fields(record, &mut json) {
        let Some(stored) = value.as_str() else {
            continue;
        };
        if let Some(sealed) = keys.reseal(stored, &context) {
            let sealed = sealed?;
            count(stored);
            *value = Value::String(sealed);
            changed = true;
        }
    }
    if !changed {
        return Ok(None);
    }
    rewritten.text = json.to_string();
    Ok(Some(rewritten))
}
