//! A page's configuration: the file admins write (`PageFile`) and the validated form the rest
//! of frontdesk uses (`Page`). Validation names the field that is wrong.

use std::time::Duration;

use chrono_tz::Tz;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::event::Channel;
use super::locale::{Language, Templates, unknown_placeholders};
use super::schedule::{Interval, Schedule, WeeklyHours};

/// A page configuration as written in `responses/pages/*.toml` and kept in the store.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFile {
    /// The Facebook Page id.
    pub id: String,
    pub name: String,
    #[serde(default = "default_channel")]
    pub channel: Channel,
    /// The Meta app the page is connected through; when set, only deliveries signed with that
    /// app's secret are accepted for the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// Page access token for the Send API. Serialized only into the store, never into logs or
    /// API responses (its `Debug` is redacted).
    #[serde(serialize_with = "expose")]
    pub access_token: SecretString,
    /// IANA time zone name, e.g. `Europe/Prague`.
    pub time_zone: String,
    pub language: Language,
    /// Weekly office hours: `mon = ["09:00-17:00"]`; a missing day is closed.
    #[serde(default)]
    pub hours: HoursFile,
    /// Overrides of the language's default replies.
    #[serde(default)]
    pub templates: Templates,
    /// The same automatic reply goes to a customer at most once in this many minutes.
    #[serde(default = "default_auto_reply_cooldown_minutes")]
    pub auto_reply_cooldown_minutes: u32,
    /// Messages older than this many hours get no automatic reply (they still reach a person).
    #[serde(default = "default_stale_after_hours")]
    pub stale_after_hours: u32,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoursFile {
    #[serde(default)]
    pub mon: Vec<String>,
    #[serde(default)]
    pub tue: Vec<String>,
    #[serde(default)]
    pub wed: Vec<String>,
    #[serde(default)]
    pub thu: Vec<String>,
    #[serde(default)]
    pub fri: Vec<String>,
    #[serde(default)]
    pub sat: Vec<String>,
    #[serde(default)]
    pub sun: Vec<String>,
}

fn default_channel() -> Channel {
    Channel::Messenger
}
fn default_auto_reply_cooldown_minutes() -> u32 {
    240
}
fn default_stale_after_hours() -> u32 {
    48
}

fn expose<S: serde::Serializer>(secret: &SecretString, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(secret.expose_secret())
}

/// A validated page: everything the decision needs, in typed form.
#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub name: String,
    pub channel: Channel,
    pub app_id: Option<String>,
    pub access_token: SecretString,
    pub language: Language,
    pub schedule: Schedule,
    pub templates: Templates,
    pub auto_reply_cooldown: Duration,
    pub stale_after: Duration,
}

/// A configuration error that names the field at fault, e.g. `hours.fri[1]`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct ConfigError {
    pub field: String,
    pub message: String,
}

impl ConfigError {
    fn new(field: impl Into<String>, message: impl ToString) -> Self {
        ConfigError {
            field: field.into(),
            message: message.to_string(),
        }
    }
}

impl PageFile {
    /// Reads a page from TOML; syntax errors and unknown fields are reported by name.
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text)
            .map_err(|e| ConfigError::new(field_of_toml_error(text, &e), e.message().trim()))
    }

    pub fn validate(&self) -> Result<Page, ConfigError> {
        if self.id.is_empty() || !self.id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ConfigError::new("id", "must be the page's numeric id"));
        }
        if self.name.trim().is_empty() {
            return Err(ConfigError::new("name", "must not be empty"));
        }
        if self.access_token.expose_secret().trim().is_empty() {
            return Err(ConfigError::new("access_token", "must not be empty"));
        }
        let time_zone: Tz = self.time_zone.parse().map_err(|_| {
            ConfigError::new(
                "time_zone",
                format!(
                    "{:?} is not an IANA time zone such as \"Europe/Prague\"",
                    self.time_zone
                ),
            )
        })?;
        let h = &self.hours;
        let days = [
            ("mon", &h.mon),
            ("tue", &h.tue),
            ("wed", &h.wed),
            ("thu", &h.thu),
            ("fri", &h.fri),
            ("sat", &h.sat),
            ("sun", &h.sun),
        ];
        let mut parsed: [Vec<Interval>; 7] = Default::default();
        for (slot, (day, intervals)) in parsed.iter_mut().zip(days) {
            for (i, text) in intervals.iter().enumerate() {
                let interval = Interval::parse(text)
                    .map_err(|e| ConfigError::new(format!("hours.{day}[{i}]"), e))?;
                slot.push(interval);
            }
        }
        for (field, template) in [
            ("templates.acknowledgement", &self.templates.acknowledgement),
            ("templates.after_hours", &self.templates.after_hours),
            (
                "templates.after_hours_no_opening",
                &self.templates.after_hours_no_opening,
            ),
        ] {
            let Some(template) = template else { continue };
            if template.trim().is_empty() {
                return Err(ConfigError::new(field, "must not be empty"));
            }
            if let Some(name) = unknown_placeholders(template).first() {
                return Err(ConfigError::new(
                    field,
                    format!("unknown placeholder {{{name}}}"),
                ));
            }
        }
        if self.auto_reply_cooldown_minutes == 0 {
            return Err(ConfigError::new(
                "auto_reply_cooldown_minutes",
                "must be at least 1",
            ));
        }
        if self.stale_after_hours == 0 {
            return Err(ConfigError::new("stale_after_hours", "must be at least 1"));
        }
        Ok(Page {
            id: self.id.clone(),
            name: self.name.clone(),
            channel: self.channel,
            app_id: self.app_id.clone(),
            access_token: self.access_token.clone(),
            language: self.language,
            schedule: Schedule::new(time_zone, WeeklyHours::new(parsed)),
            templates: self.templates.clone(),
            auto_reply_cooldown: Duration::from_secs(
                u64::from(self.auto_reply_cooldown_minutes) * 60,
            ),
            stale_after: Duration::from_secs(u64::from(self.stale_after_hours) * 3600),
        })
    }
}

/// The dotted path of the field a TOML error is about. serde names missing fields in its
/// message; for everything else the error's span points at the offending line.
fn field_of_toml_error(text: &str, e: &toml::de::Error) -> String {
    if let Some(name) = e
        .message()
        .split("missing field `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
    {
        return name.to_owned();
    }
    let Some(before) = e.span().and_then(|span| text.get(..span.start)) else {
        return "page".into();
    };
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or_default();
    let Some((key, _)) = line.split_once('=') else {
        return "page".into();
    };
    let table = before[..line_start].lines().rev().find_map(|l| {
        l.trim()
            .strip_prefix('[')
            .and_then(|l| l.strip_suffix(']'))
            .map(str::trim)
    });
    match table {
        Some(table) => format!("{table}.{}", key.trim()),
        None => key.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../responses/pages/example.toml");

    fn with(replace: &str, by: &str) -> String {
        assert!(EXAMPLE.contains(replace), "example lacks {replace:?}");
        EXAMPLE.replacen(replace, by, 1)
    }

    fn error_field(text: &str) -> String {
        match PageFile::from_toml(text).and_then(|f| f.validate()) {
            Ok(_) => panic!("config was accepted"),
            Err(e) => e.field,
        }
    }

    #[test]
    fn example_page_is_valid() {
        let page = PageFile::from_toml(EXAMPLE)
            .and_then(|f| f.validate())
            .expect("valid example");
        assert_eq!(page.language, Language::Cs);
        assert_eq!(page.schedule.time_zone, chrono_tz::Europe::Prague);
    }

    #[test]
    fn invalid_config_names_the_field() {
        assert_eq!(
            error_field(&with("Europe/Prague", "Europe/Praha")),
            "time_zone"
        );
        assert_eq!(
            error_field(&with("\"09:00-17:00\"", "\"9-17\"")),
            "hours.mon[0]"
        );
        assert_eq!(
            error_field(&with("id = \"104857600123456\"", "id = \"my page\"")),
            "id"
        );
        assert_eq!(
            error_field(&with("language = \"cs\"", "language = \"xx\"")),
            "language"
        );
        assert_eq!(error_field(&with("mon = ", "monday = ")), "hours.monday");
        assert_eq!(error_field(&with("language = \"cs\"", "")), "language");
        assert_eq!(error_field(&with("name = ", "nmae = ")), "nmae");
        assert_eq!(
            error_field(&format!(
                "{EXAMPLE}\n[templates]\nacknowledgement = \"Hi {{first_name}}\"\n"
            )),
            "templates.acknowledgement"
        );
    }

    #[test]
    fn access_token_never_shows_in_debug() {
        let file = PageFile::from_toml(EXAMPLE).expect("example parses");
        let page = file.validate().expect("valid");
        assert!(!format!("{file:?}{page:?}").contains(file.access_token.expose_secret()));
    }
}
