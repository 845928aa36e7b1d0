//! `SecretStore` on redb: the records that can hold a token, read and replaced only if unchanged.

use redb::{ReadableDatabase, ReadableTable};

use super::{EmbeddedStore, PAGE_VERSIONS, PAGES, VALUES};
use crate::store::sealing::{SEALED_VALUES, SecretRecord};
use crate::store::{Result, SecretStore, page_member, parse_page_member};

impl SecretStore for EmbeddedStore {
    async fn secret_records(&self) -> Result<Vec<SecretRecord>> {
        self.blocking(|db| {
            let txn = db.begin_read()?;
            let mut records = Vec::new();
            for row in txn.open_table(PAGES)?.iter()? {
                let (key, _) = row?;
                if let Some((channel, id)) = parse_page_member(key.value()) {
                    records.push(SecretRecord::Page { channel, id });
                }
            }
            for row in txn.open_table(PAGE_VERSIONS)?.iter()? {
                let (key, _) = row?;
                let (member, version) = key.value();
                if let Some((channel, id)) = parse_page_member(member) {
                    records.push(SecretRecord::PageVersion {
                        channel,
                        id,
                        version,
                    });
                }
            }
            let values = txn.open_table(VALUES)?;
            for prefix in SEALED_VALUES {
                for row in values.range(*prefix..)? {
                    let (key, _) = row?;
                    let key = key.value();
                    if !key.starts_with(prefix) {
                        break;
                    }
                    records.push(SecretRecord::Value(key.to_owned()));
                }
            }
            Ok(records)
        })
        .await
    }

    async fn read_record(&self, record: &SecretRecord) -> Result<Option<String>> {
        let record = record.clone();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            Ok(match &record {
                SecretRecord::Page { channel, id } => txn
                    .open_table(PAGES)?
                    .get(page_member(*channel, id).as_str())?
                    .map(|text| text.value().to_owned()),
                SecretRecord::PageVersion {
                    channel,
                    id,
                    version,
                } => txn
                    .open_table(PAGE_VERSIONS)?
                    .get((page_member(*channel, id).as_str(), *version))?
                    .map(|text| text.value().to_owned()),
                SecretRecord::Value(key) => txn
                    .open_table(VALUES)?
                    .get(key.as_str())?
                    .map(|text| text.value().to_owned()),
            })
        })
        .await
    }

    async fn replace_record(&self, record: &SecretRecord, old: &str, new: &str) -> Result<bool> {
        let (record, old, new) = (record.clone(), old.to_owned(), new.to_owned());
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            let replaced = match &record {
                SecretRecord::Page { channel, id } => {
                    let member = page_member(*channel, id);
                    let mut table = txn.open_table(PAGES)?;
                    let same = table
                        .get(member.as_str())?
                        .is_some_and(|text| text.value() == old);
                    if same {
                        table.insert(member.as_str(), new.as_str())?;
                    }
                    same
                }
                SecretRecord::PageVersion {
                    channel,
                    id,
                    version,
                } => {
                    let member = page_member(*channel, id);
                    let mut table = txn.open_table(PAGE_VERSIONS)?;
                    let same = table
                        .get((member.as_str(), *version))?
                        .is_some_and(|text| text.value() == old);
                    if same {
                        table.insert((member.as_str(), *version), new.as_str())?;
                    }
                    same
                }
                SecretRecord::Value(key) => {
                    let mut table = txn.open_table(VALUES)?;
                    let same = table
                        .get(key.as_str())?
                        .is_some_and(|text| text.value() == old);
                    if same {
                        table.insert(key.as_str(), new.as_str())?;
                    }
                    same
                }
            };
            txn.commit()?;
            Ok(replaced)
        })
        .await
    }
}
