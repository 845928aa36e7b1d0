//! The Graph API version frontdesk pins (in `messenger.graph_api_base` and
//! `instagram.graph_api_base`) and how long Meta still serves it.
//!
//! Meta publishes each version's end of life; the dates live in
//! `responses/graph_api_versions.toml` (compiled in), not in code, so a new date is a data
//! change. `check` is pure: start-up passes today's date and logs what it returns.

use chrono::NaiveDate;
use serde::Deserialize;

/// Warn this long before the pinned version stops working.
pub const WARN_WITHIN_DAYS: i64 = 90;

const VERSIONS: &str = include_str!("../../responses/graph_api_versions.toml");

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Version {
    /// `v25.0`.
    pub version: String,
    pub released: NaiveDate,
    /// The last day Meta serves it; unknown while Meta says "TBD".
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

#[derive(Debug, Deserialize)]
struct File {
    version: Vec<Version>,
}

/// The bundled table of versions.
pub fn bundled() -> Result<Vec<Version>, toml::de::Error> {
    toml::from_str::<File>(VERSIONS).map(|f| f.version)
}

/// What start-up should say about a pinned base URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Served for more than `WARN_WITHIN_DAYS` more days, or with no announced end.
    Fine,
    /// Ends within `WARN_WITHIN_DAYS` days (`days_left` may be 0: the last day).
    EndsSoon {
        version: String,
        until: NaiveDate,
        days_left: i64,
    },
    /// Past its end of life: Meta answers with errors or a newer version's behaviour.
    Ended { version: String, until: NaiveDate },
    /// The URL names no version, or one the table does not know.
    Unknown { version: Option<String> },
}

/// The version in a Graph base URL such as `https://graph.facebook.com/v25.0`.
pub fn version_of(base_url: &str) -> Option<&str> {
    base_url.trim_end_matches('/').split('/').find(|segment| {
        segment
            .strip_prefix('v')
            .and_then(|rest| rest.split_once('.'))
            .is_some_and(|(major, minor)| {
                !major.is_empty()
                    && !minor.is_empty()
                    && major.bytes().all(|b| b.is_ascii_digit())
                    && minor.bytes().all(|b| b.is_ascii_digit())
            })
    })
}

/// Judges the version pinned in `base_url` on `today` against `versions`.
pub fn check(base_url: &str, today: NaiveDate, versions: &[Version]) -> Verdict {
    let Some(pinned) = version_of(base_url) else {
        return Verdict::Unknown { version: None };
    };
    let Some(known) = versions.iter().find(|v| v.version == pinned) else {
        return Verdict::Unknown {
            version: Some(pinned.to_owned()),
        };
    };
    let Some(until) = known.until else {
        return Verdict::Fine;
    };
    let days_left = (until - today).num_days();
    if days_left < 0 {
        Verdict::Ended {
            version: known.version.clone(),
            until,
        }
    } else if days_left <= WARN_WITHIN_DAYS {
        Verdict::EndsSoon {
            version: known.version.clone(),
            until,
            days_left,
        }
    } else {
        Verdict::Fine
    }
}

/// Logs the verdict for each pinned base URL (start-up).
pub fn warn_if_ending(base_urls: &[(&str, &str)], today: NaiveDate) {
    let versions = match bundled() {
        Ok(versions) => versions,
        Err(error) => {
            tracing::warn!(%error, "the bundled Graph API version table does not parse");
            return;
        }
    };
    for (setting, url) in base_urls {
        match check(url, today, &versions) {
            Verdict::Fine => {}
            Verdict::EndsSoon {
                version,
                until,
                days_left,
            } => tracing::warn!(
                setting,
                %version,
                %until,
                days_left,
                "the pinned Graph API version reaches its end of life soon: move {setting} to a newer version"
            ),
            Verdict::Ended { version, until } => tracing::error!(
                setting,
                %version,
                %until,
                "the pinned Graph API version is past its end of life: move {setting} to a newer version"
            ),
            Verdict::Unknown { version } => tracing::info!(
                setting,
                version = version.as_deref().unwrap_or("none"),
                "no end-of-life date is known for the pinned Graph API version"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn check_on(url: &str, today: &str) -> Verdict {
        check(
            url,
            day(today),
            &bundled().expect("the bundled table parses"),
        )
    }

    #[test]
    fn the_bundled_table_parses_and_knows_the_default_version() {
        let versions = bundled().unwrap();
        let v25 = versions.iter().find(|v| v.version == "v25.0").unwrap();
        assert_eq!(v25.until, Some(day("2028-07-29")));
        assert!(
            versions
                .iter()
                .all(|v| v.until.is_none_or(|u| u > v.released))
        );
    }

    #[test]
    fn versions_are_read_from_base_urls() {
        assert_eq!(
            version_of("https://graph.facebook.com/v25.0"),
            Some("v25.0")
        );
        assert_eq!(
            version_of("https://graph.instagram.com/v24.0/"),
            Some("v24.0")
        );
        assert_eq!(version_of("http://127.0.0.1:4242"), None);
        assert_eq!(version_of("https://graph.facebook.com/vX.0"), None);
    }

    #[test]
    fn warns_within_90_days_of_the_end() {
        let base = "https://graph.facebook.com/v21.0";
        // v21.0 ends on 2027-01-21.
        assert_eq!(check_on(base, "2026-10-22"), Verdict::Fine);
        assert_eq!(
            check_on(base, "2026-10-23"),
            Verdict::EndsSoon {
                version: "v21.0".into(),
                until: day("2027-01-21"),
                days_left: 90
            }
        );
        assert!(matches!(
            check_on(base, "2027-01-21"),
            Verdict::EndsSoon { days_left: 0, .. }
        ));
        assert!(matches!(
            check_on(base, "2027-01-22"),
            Verdict::Ended { .. }
        ));
        assert_eq!(
            check_on("https://graph.facebook.com/v25.0", "2026-12-01"),
            Verdict::Fine
        );
        assert_eq!(
            check_on("https://graph.facebook.com/v26.0", "2030-01-01"),
            Verdict::Fine,
            "no announced end"
        );
        assert_eq!(
            check_on("https://graph.facebook.com/v99.0", "2026-12-01"),
            Verdict::Unknown {
                version: Some("v99.0".into())
            }
        );
        assert_eq!(
            check_on("http://127.0.0.1:1", "2026-12-01"),
            Verdict::Unknown { version: None }
        );
    }
}
