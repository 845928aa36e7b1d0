//! A page's versions as the console lists them (who, when, which parts; newest first) and the
//! difference between two of them field by field (`pages::differences`, which never shows a
//! secret).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::Value;

use crate::console::format::When;
use crate::pages::{Difference, differences};
use crate::store::PageVersion;

/// One version in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionRow {
    pub number: u64,
    pub by: String,
    pub at: When,
    pub changed: Vec<String>,
    /// This version deleted the page (it cannot be restored).
    pub deleted: bool,
    /// The page as it is now.
    pub current: bool,
}

/// One field that differs, written out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffRow {
    pub field: String,
    pub before: String,
    pub after: String,
    /// A secret changed: its values are never shown.
    pub secret: bool,
}

/// Two versions compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub from: u64,
    pub to: u64,
    pub rows: Vec<DiffRow>,
}

/// The time zone the versions' times are shown in: the page's latest one, else UTC.
pub fn zone_of(versions: &[PageVersion]) -> Tz {
    versions
        .iter()
        .rev()
        .find_map(|v| v.page.as_ref()?.time_zone.parse().ok())
        .unwrap_or(Tz::UTC)
}

/// The versions, newest first.
pub fn rows(versions: &[PageVersion], zone: Tz, now: DateTime<Utc>) -> Vec<VersionRow> {
    let latest = versions.iter().map(|v| v.version).max();
    versions
        .iter()
        .rev()
        .map(|v| VersionRow {
            number: v.version,
            by: v.by.clone(),
            at: When::at(v.at, zone, now),
            changed: v.changed.clone(),
            deleted: v.page.is_none(),
            current: Some(v.version) == latest && v.page.is_some(),
        })
        .collect()
}

fn written(value: Option<&Value>) -> String {
    match value {
        None => "—".to_owned(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// The fields that differ from version `from` to version `to`; `None` when either is not a
/// version of the page.
pub fn compare(versions: &[PageVersion], from: u64, to: u64) -> Option<Comparison> {
    let find = |number: u64| versions.iter().find(|v| v.version == number);
    let (before, after) = (find(from)?, find(to)?);
    let rows = differences(before.page.as_ref(), after.page.as_ref())
        .into_iter()
        .map(
            |Difference {
                 field,
                 before,
                 after,
             }| DiffRow {
                secret: field.ends_with("_token_changed"),
                before: written(before.as_ref()),
                after: written(after.as_ref()),
                field,
            },
        )
        .collect();
    Some(Comparison { from, to, rows })
}

/// What to compare when the viewer has not chosen: the latest version with the one before.
pub fn default_pair(versions: &[PageVersion]) -> Option<(u64, u64)> {
    let mut numbers: Vec<u64> = versions.iter().map(|v| v.version).collect();
    numbers.sort_unstable();
    match numbers.as_slice() {
        [.., before, latest] => Some((*before, *latest)),
        _ => None,
    }
}
