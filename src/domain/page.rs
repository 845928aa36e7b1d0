//! A page's configuration: the file admins write (`PageFile`) and the validated form the rest
//! of frontdesk uses (`Page`). Validation names the field that is wrong.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

use super::event::Channel;
use super::faq::{Entry as FaqEntry, EntryModel, Faq, Gate, Limits};
use super::holidays::{self, Holidays, Rule as HolidayRule};
use super::locale::{Language, PLACEHOLDERS, Templates, unknown_placeholders};
use super::schedule::{DaySpan, Interval, Override, Schedule, SpecialDay, WeeklyHours};

/// A page configuration as written in `responses/pages/*.toml` and kept in the store.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = PageConfig)]
pub struct PageFile {
    /// The Facebook Page id, the X account's user id (`channel = "x"`), or the Instagram
    /// professional account id (`channel = "instagram"`, the webhook's `entry.id`).
    pub id: String,
    pub name: String,
    #[serde(default = "default_channel")]
    pub channel: Channel,
    /// The Meta app the page is connected through; when set, only deliveries signed with that
    /// app's secret are accepted for the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// Messenger: the Page access token for the Send API. X: the account's OAuth 2.0 user
    /// access token (scopes `dm.write dm.read tweet.read tweet.write users.read`). Serialized
    /// only into the store, never into logs or API responses (its `Debug` is redacted).
    #[serde(serialize_with = "expose")]
    #[schema(value_type = String, write_only)]
    pub access_token: SecretString,
    /// Instagram only: how the account is connected. `facebook` (the default): through its
    /// linked Facebook Page, `access_token` is that Page's token and `app_id` the Meta app.
    /// `instagram`: Instagram Login, `access_token` is the account's Instagram user token
    /// and `app_id` the Instagram app id.
    #[serde(default, skip_serializing_if = "InstagramLogin::is_default")]
    pub instagram_login: InstagramLogin,
    /// X: the account's OAuth 2.0 refresh token (scope `offline.access`). frontdesk refreshes
    /// the access token before it expires and keeps the rotated pair in the store
    /// (`x_account`); putting new tokens here reconnects a disconnected account. Write-only,
    /// like `access_token`.
    #[serde(
        default,
        serialize_with = "expose_optional",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, write_only)]
    pub refresh_token: Option<SecretString>,
    /// X: direct messages sent per UTC day; when they are used up, conversations go to a
    /// person (label `budget_exhausted`). Default 1440, X's pay-per-use cap per account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x_daily_dm_budget: Option<u32>,
    /// IANA time zone name, e.g. `Europe/Prague`.
    pub time_zone: String,
    pub language: Language,
    /// Weekly office hours: `mon = ["09:00-17:00"]`; a missing day is closed.
    #[serde(default)]
    pub hours: HoursFile,
    /// Public holidays: the country's, minus the ones the page works on, plus its own.
    #[serde(default)]
    pub holidays: HolidaysFile,
    /// Days closed or with their own hours; they win over holidays and weekly hours.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub special_days: Vec<SpecialDayFile>,
    /// An admin's "away until" this instant (RFC 3339); the team counts as not working.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub away_until: Option<DateTime<Utc>>,
    /// An admin's "open until" this instant (RFC 3339); the team counts as working.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_until: Option<DateTime<Utc>>,
    /// Overrides of the language's default replies.
    #[serde(default)]
    pub templates: Templates,
    /// The same automatic reply goes to a customer at most once in this many minutes.
    #[serde(default = "default_auto_reply_cooldown_minutes")]
    pub auto_reply_cooldown_minutes: u32,
    /// Messages older than this many hours get no automatic reply (they still reach a person).
    #[serde(default = "default_stale_after_hours")]
    pub stale_after_hours: u32,
    /// What a public mention (X) gets besides a place in the human queue: nothing (the
    /// default), the automatic reply as a direct message, or as a public reply.
    #[serde(default)]
    pub mention_reply: MentionReply,
    /// How the page addresses customers in FAQ answers that have both variants.
    #[serde(default)]
    pub tone: Tone,
    /// Signs FAQ answers (`{signature}`): the company or a named person, the same in every
    /// language (a plain string) or per language (`{ cs = "…", en = "…" }`).
    #[serde(default, skip_serializing_if = "Signature::is_empty")]
    pub signature: Signature,
    /// A customer waiting this many minutes for a person gets one "we're still working on it"
    /// message per interval (never at night in the page's time zone, never after Messenger's
    /// 24-hour window).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up_minutes: Option<u32>,
    /// First-response target in working minutes (counted in the page's office hours); the
    /// queue shows when each conversation is due and flags the overdue ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response_minutes: Option<u32>,
    /// Signs a person's replies, on a line of its own; `{agent}` is their name.
    #[serde(default = "default_staff_signature")]
    pub staff_signature: String,
    /// Every automatic message says it is automatic (the `automated` line of the customer's
    /// language, or the page's own template), as the law of some countries requires.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub disclose_automation: bool,
    /// Comments on the page's posts get a private reply (the FAQ answer or the
    /// acknowledgement) as well as a place in the human queue.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub comment_private_reply: bool,
    /// An outage or incident announcement: while it lasts, every customer who writes first
    /// gets it (once per customer), and their conversations are marked `crisis`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crisis: Option<Crisis>,
    /// Resolved conversations are kept this many days after they were resolved (or after the
    /// customer last wrote, if later), then forgotten: messages, names, notes, links. The
    /// day's figures stay. At least `MIN_RETENTION_DAYS` (the platforms' reply windows).
    #[serde(
        default = "default_retention_days",
        skip_serializing_if = "is_default_retention"
    )]
    pub retention_days: u32,
    /// A file holding the page's FAQ, relative to this file; read in when the page is
    /// imported (the store keeps the FAQ itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq_file: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faq: Option<FaqFile>,
}

/// A crisis announcement and how long it lasts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Crisis {
    /// The announcement per language; the customer's language, else the page's, else any.
    pub announcement: BTreeMap<Language, String>,
    pub started_at: DateTime<Utc>,
    /// It ends by itself at this instant.
    pub until: DateTime<Utc>,
}

impl Crisis {
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.started_at <= now && now < self.until
    }

    /// The announcement in `language`, else in `fallback`, else in any language it has.
    pub fn announcement_in(&self, language: Language, fallback: Language) -> Option<&str> {
        self.announcement
            .get(&language)
            .or_else(|| self.announcement.get(&fallback))
            .or_else(|| self.announcement.values().next())
            .map(String::as_str)
    }

    /// Names this crisis among others (the set of its recipients, its one resolution).
    pub fn id(&self, page_id: &str) -> String {
        format!("crisis:{page_id}:{}", self.started_at.timestamp_millis())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Vykání, Sie, Pan/Pani.
    #[default]
    Formal,
    /// Tykání, du.
    Informal,
}

/// A page's FAQ as written.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FaqFile {
    /// Lowest score of an answer, 0..1.
    #[serde(default = "default_threshold")]
    pub threshold: f32,
    /// Least lead over the runner-up.
    #[serde(default = "default_margin")]
    pub margin: f32,
    /// Least share of the message's words the entry must know.
    #[serde(default = "default_coverage")]
    pub coverage: f32,
    /// The page's own web domains: links to them in a message are not suspicious.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    /// More shop vocabulary: concept -> terms, added to the bundled
    /// `responses/faq/lexicon.toml` (a new concept, or more terms for one of its concepts).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub synonyms: BTreeMap<String, Vec<String>>,
    /// Hold back answers the bundled learned gate reads as messages for a person
    /// (`responses/faq/gate.bin`, learned from the example shop's labelled messages).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub learned_gate: bool,
    /// Take the entry the bundled learned entry model is sure of where the scores alone are
    /// not, and hold back answers it doubts (`responses/faq/entries.bin`, learned from the
    /// example shop's labelled messages; its classes are that shop's entry ids).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub learned_entries: bool,
    pub entries: Vec<FaqEntryFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FaqEntryFile {
    pub id: String,
    /// A request that always needs a person: recognized, never answered.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub escalate: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    pub examples: BTreeMap<Language, Vec<String>>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<Language, AnswerFile>,
}

/// One answer text, or one per tone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum AnswerFile {
    Same(String),
    Toned { formal: String, informal: String },
}

impl AnswerFile {
    pub fn text(&self, tone: Tone) -> &str {
        match (self, tone) {
            (AnswerFile::Same(text), _) => text,
            (AnswerFile::Toned { formal, .. }, Tone::Formal) => formal,
            (AnswerFile::Toned { informal, .. }, Tone::Informal) => informal,
        }
    }
}

/// The signature under FAQ answers: one for every language, or one per language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum Signature {
    Everywhere(String),
    PerLanguage(BTreeMap<Language, String>),
}

impl Default for Signature {
    fn default() -> Self {
        Signature::Everywhere(String::new())
    }
}

impl Signature {
    pub fn is_empty(&self) -> bool {
        match self {
            Signature::Everywhere(text) => text.is_empty(),
            Signature::PerLanguage(texts) => texts.values().all(String::is_empty),
        }
    }

    /// The signature for an answer in `language`. Signatures given per language never stand
    /// in for each other: an answer in a language without one is not signed.
    pub fn in_language(&self, language: Language) -> &str {
        match self {
            Signature::Everywhere(text) => text,
            Signature::PerLanguage(texts) => texts.get(&language).map_or("", String::as_str),
        }
    }
}

/// The placeholders an FAQ answer may use.
pub const FAQ_PLACEHOLDERS: &[&str] =
    &["first_name", "page_name", "next_open", "agent", "signature"];

fn default_threshold() -> f32 {
    Limits::default().threshold
}
fn default_margin() -> f32 {
    Limits::default().margin
}
fn default_coverage() -> f32 {
    Limits::default().coverage
}

impl FaqFile {
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text).map_err(|e| {
            ConfigError::new(
                format!("faq.{}", field_of_toml_error(text, &e)),
                e.message().trim(),
            )
        })
    }

    /// Checks the FAQ for a page whose language is `default_language` and builds its index:
    /// the matcher and the answers, ready to share between pages with the same FAQ.
    pub fn compile(&self, default_language: Language) -> Result<CompiledFaq, ConfigError> {
        let (entries, answers) = self.check(default_language)?;
        let limits = Limits {
            threshold: self.threshold,
            margin: self.margin,
            coverage: self.coverage,
            ..Limits::default()
        };
        let synonyms: Vec<(String, Vec<String>)> = self
            .synonyms
            .iter()
            .map(|(concept, terms)| (concept.clone(), terms.clone()))
            .collect();
        Ok(CompiledFaq {
            faq: Arc::new(
                Faq::with_vocabulary(entries, limits, &synonyms, &self.domains)
                    .with_answers_naming_places(self.answer_texts())
                    .with_gate(self.learned_gate.then(Gate::bundled).flatten())
                    .with_entry_model(self.learned_entries.then(EntryModel::bundled).flatten()),
            ),
            answers: Arc::new(answers),
        })
    }

    /// (entry id, language, answer text) of every entry and language, in one tone (both tones
    /// name the same places).
    fn answer_texts(&self) -> impl Iterator<Item = (&str, Language, &str)> {
        self.entries.iter().flat_map(|entry| {
            entry.answers.iter().map(move |(language, answer)| {
                (entry.id.as_str(), *language, answer.text(Tone::Formal))
            })
        })
    }

    /// Everything `compile` checks, without building the index (the costly part): the
    /// entries and answers, or the field at fault.
    fn check(
        &self,
        default_language: Language,
    ) -> Result<(Vec<FaqEntry>, FaqAnswers), ConfigError> {
        for (name, value) in [
            ("threshold", self.threshold),
            ("margin", self.margin),
            ("coverage", self.coverage),
        ] {
            if !(0.0..=1.0).contains(&value) {
                return Err(ConfigError::new(
                    format!("faq.{name}"),
                    "must be between 0 and 1",
                ));
            }
        }
        let mut seen = std::collections::HashSet::new();
        let mut entries = Vec::new();
        let mut answers = FaqAnswers::new();
        for (i, entry) in self.entries.iter().enumerate() {
            let field = format!("faq.entries[{i}]");
            if entry.id.trim().is_empty() || !seen.insert(entry.id.as_str()) {
                return Err(ConfigError::new(
                    format!("{field}.id"),
                    "must be present and unique",
                ));
            }
            if entry.examples.values().all(Vec::is_empty) {
                return Err(ConfigError::new(
                    format!("{field}.examples"),
                    "needs at least one example",
                ));
            }
            if !entry.escalate && !entry.answers.contains_key(&default_language) {
                return Err(ConfigError::new(
                    format!("{field}.answers.{}", default_language.code()),
                    "an answer in the page's language is required",
                ));
            }
            for (language, answer) in &entry.answers {
                let texts = match answer {
                    AnswerFile::Same(text) => vec![("", text)],
                    AnswerFile::Toned { formal, informal } => {
                        vec![(".formal", formal), (".informal", informal)]
                    }
                };
                for (suffix, text) in texts {
                    let path = format!("{field}.answers.{}{suffix}", language.code());
                    if text.trim().is_empty() {
                        return Err(ConfigError::new(path, "must not be empty"));
                    }
                    if let Some(name) = unknown_placeholders(text, FAQ_PLACEHOLDERS).first() {
                        return Err(ConfigError::new(
                            path,
                            format!("unknown placeholder {{{name}}}"),
                        ));
                    }
                }
            }
            entries.push(FaqEntry {
                id: entry.id.clone(),
                examples: entry
                    .examples
                    .iter()
                    .flat_map(|(lang, texts)| texts.iter().map(move |t| (*lang, t.clone())))
                    .collect(),
                keywords: entry.keywords.clone(),
                escalate: entry.escalate,
            });
            answers.insert(entry.id.clone(), entry.answers.clone());
        }
        Ok((entries, answers))
    }
}

/// A page's FAQ ready to answer: the matcher's index and the answers. Pages with the same FAQ
/// (and language) may share one (`PageFile::validate_with`).
#[derive(Debug, Clone)]
pub struct CompiledFaq {
    pub faq: Arc<Faq>,
    pub answers: Arc<FaqAnswers>,
}

impl CompiledFaq {
    /// No entries: nothing is answered from an FAQ.
    pub fn empty() -> Self {
        CompiledFaq {
            faq: Arc::new(Faq::new(Vec::new(), Limits::default())),
            answers: Arc::new(FaqAnswers::new()),
        }
    }
}

/// Answers by entry id and language.
pub type FaqAnswers = HashMap<String, BTreeMap<Language, AnswerFile>>;

/// How an Instagram account is connected to frontdesk (protocols-2.md §IG.1); it decides
/// the host and token replies are sent with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InstagramLogin {
    /// Instagram API with Facebook Login: the linked Page's token on `graph.facebook.com`.
    #[default]
    Facebook,
    /// Instagram API with Instagram Login: the account's token on `graph.instagram.com`.
    Instagram,
}

impl InstagramLogin {
    fn is_default(&self) -> bool {
        *self == InstagramLogin::Facebook
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MentionReply {
    #[default]
    None,
    DirectMessage,
    PublicReply,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
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

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HolidaysFile {
    /// ISO country code whose public holidays apply (see `responses/holidays/`); none: no
    /// public holidays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Ids of the country's holidays the page works on, e.g. `["christmas_eve"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disabled: Vec<String>,
    /// Ids of the country's opt-in holidays the page is closed on, e.g. `["good_friday"]` in
    /// NL, or Ukraine's traditional holidays, working days by law under martial law.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enabled: Vec<String>,
    /// The page's own holidays.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub own: Vec<OwnHolidayFile>,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OwnHolidayFile {
    /// `"MM-DD"` every year, or `"YYYY-MM-DD"` once.
    pub date: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpecialDayFile {
    pub name: String,
    /// One day: `"YYYY-MM-DD"`, or `"MM-DD"` every year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// A range of days, both ends included, both `"YYYY-MM-DD"` or both `"MM-DD"` (every
    /// year; may wrap the year end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// The hours of those days; none means closed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hours: Vec<String>,
}

fn default_staff_signature() -> String {
    "— {agent}".into()
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
fn default_retention_days() -> u32 {
    DEFAULT_RETENTION_DAYS
}
fn is_default_retention(days: &u32) -> bool {
    *days == DEFAULT_RETENTION_DAYS
}

/// How long resolved conversations are kept unless the page says otherwise.
pub const DEFAULT_RETENTION_DAYS: u32 = 365;
/// The shortest retention: Meta's 7-day human-agent window and a day's margin, so nothing a
/// person may still answer is forgotten.
pub const MIN_RETENTION_DAYS: u32 = 8;
/// The longest retention (ten years): far from any date arithmetic's limits.
pub const MAX_RETENTION_DAYS: u32 = 3650;

/// How a token sealed by the store begins (`crate::secrets`); a platform's token never does,
/// so a configuration carrying one (copied out of a store) is refused.
pub const SEALED_TOKEN_PREFIX: &str = "sealed:v1:";

/// Writes a secret out: only for the store and the page files, never for API responses
/// (those serialize their own views).
pub(crate) fn expose<S: serde::Serializer>(
    secret: &SecretString,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(secret.expose_secret())
}

pub(crate) fn expose_optional<S: serde::Serializer>(
    secret: &Option<SecretString>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match secret {
        Some(secret) => serializer.serialize_some(secret.expose_secret()),
        None => serializer.serialize_none(),
    }
}

/// A validated page: everything the decision needs, in typed form.
#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub name: String,
    pub channel: Channel,
    pub app_id: Option<String>,
    pub access_token: SecretString,
    pub instagram_login: InstagramLogin,
    pub language: Language,
    pub schedule: Schedule,
    pub templates: Templates,
    pub auto_reply_cooldown: Duration,
    pub stale_after: Duration,
    pub mention_reply: MentionReply,
    pub tone: Tone,
    pub signature: Signature,
    pub staff_signature: String,
    pub disclose_automation: bool,
    pub comment_private_reply: bool,
    pub crisis: Option<Crisis>,
    pub first_response: Option<chrono::Duration>,
    pub follow_up: Option<chrono::Duration>,
    /// How long resolved conversations are kept (`retention_days`).
    pub retention: chrono::Duration,
    /// Shared with the other pages that have the same FAQ, when validated through a
    /// `validate_with` that shares.
    pub faq: Arc<Faq>,
    pub faq_answers: Arc<FaqAnswers>,
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

/// The first day an admin may name (special days, overrides, crises, the simulator).
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};
/// The last day an admin may name. Far enough for any plan; near enough that every date
/// computed from it (next opening, reply windows, due times) stays far from chrono's limits.
pub const LATEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2199, 12, 31) {
    Some(date) => date,
    None => NaiveDate::MAX,
};

/// `date` is between `EARLIEST_DATE` and `LATEST_DATE`, else an error naming `field`.
pub fn check_date(field: &str, date: NaiveDate) -> Result<(), ConfigError> {
    if (EARLIEST_DATE..=LATEST_DATE).contains(&date) {
        Ok(())
    } else {
        Err(ConfigError::new(
            field,
            format!("{date} is outside {EARLIEST_DATE} to {LATEST_DATE}"),
        ))
    }
}

/// `at` falls on a day between `EARLIEST_DATE` and `LATEST_DATE` (UTC), else an error naming
/// `field`.
pub fn check_instant(field: &str, at: DateTime<Utc>) -> Result<(), ConfigError> {
    check_date(field, at.date_naive())
}

impl PageFile {
    /// Reads a page from TOML; syntax errors and unknown fields are reported by name.
    pub fn from_toml(text: &str) -> Result<Self, ConfigError> {
        toml::from_str(text)
            .map_err(|e| ConfigError::new(field_of_toml_error(text, &e), e.message().trim()))
    }

    /// Checks the whole configuration and builds the page, its FAQ index included.
    pub fn validate(&self) -> Result<Page, ConfigError> {
        self.validate_with(|faq, language| faq.compile(language))
    }

    /// Checks the whole configuration without building the FAQ index: what an import needs
    /// to refuse a bad page, at a fraction of the cost.
    pub fn check(&self) -> Result<(), ConfigError> {
        self.validate_with(|faq, language| {
            faq.check(language)?;
            Ok(CompiledFaq::empty())
        })
        .map(drop)
    }

    /// `validate`, with the FAQ (when there is one) checked and compiled by `compile` (given
    /// the FAQ and the page's language): a caller may hand out an index it compiled before
    /// for the same FAQ.
    pub fn validate_with(
        &self,
        compile: impl FnOnce(&FaqFile, Language) -> Result<CompiledFaq, ConfigError>,
    ) -> Result<Page, ConfigError> {
        if self.id.is_empty() || !self.id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ConfigError::new(
                "id",
                "must be the page's (or X account's) numeric id",
            ));
        }
        if self.name.trim().is_empty() {
            return Err(ConfigError::new("name", "must not be empty"));
        }
        if self.instagram_login != InstagramLogin::Facebook && self.channel != Channel::Instagram {
            return Err(ConfigError::new(
                "instagram_login",
                "applies only to pages with channel = \"instagram\"",
            ));
        }
        if let Some(crisis) = &self.crisis {
            if crisis
                .announcement
                .values()
                .all(|text| text.trim().is_empty())
            {
                return Err(ConfigError::new(
                    "crisis.announcement",
                    "needs the announcement in at least one language",
                ));
            }
            check_instant("crisis.started_at", crisis.started_at)?;
            check_instant("crisis.until", crisis.until)?;
            if crisis.until <= crisis.started_at {
                return Err(ConfigError::new("crisis.until", "must be after started_at"));
            }
        }
        if self.access_token.expose_secret().trim().is_empty() {
            return Err(ConfigError::new("access_token", "must not be empty"));
        }
        for (field, token) in [
            ("access_token", Some(&self.access_token)),
            ("refresh_token", self.refresh_token.as_ref()),
        ] {
            if token.is_some_and(|t| t.expose_secret().starts_with(SEALED_TOKEN_PREFIX)) {
                return Err(ConfigError::new(
                    field,
                    "is a token encrypted by a frontdesk store, not the platform's token",
                ));
            }
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
        let holidays = self.validate_holidays()?;
        let special_days = self
            .special_days
            .iter()
            .enumerate()
            .map(|(i, day)| day.validate(&format!("special_days[{i}]")))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(until) = self.away_until {
            check_instant("away_until", until)?;
        }
        if let Some(until) = self.open_until {
            check_instant("open_until", until)?;
        }
        let override_ = match (self.away_until, self.open_until) {
            (Some(_), Some(_)) => {
                return Err(ConfigError::new(
                    "open_until",
                    "cannot be set together with away_until",
                ));
            }
            (Some(until), None) => Some(Override::AwayUntil { until }),
            (None, Some(until)) => Some(Override::OpenUntil { until }),
            (None, None) => None,
        };
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
            if let Some(name) = unknown_placeholders(template, PLACEHOLDERS).first() {
                return Err(ConfigError::new(
                    field,
                    format!("unknown placeholder {{{name}}}"),
                ));
            }
        }
        let CompiledFaq {
            faq,
            answers: faq_answers,
        } = match &self.faq {
            Some(file) => compile(file, self.language)?,
            None => CompiledFaq::empty(),
        };
        if let Some(name) = unknown_placeholders(&self.staff_signature, &["agent"]).first() {
            return Err(ConfigError::new(
                "staff_signature",
                format!("unknown placeholder {{{name}}}"),
            ));
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
        if self.x_daily_dm_budget == Some(0) {
            return Err(ConfigError::new("x_daily_dm_budget", "must be at least 1"));
        }
        if !(MIN_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(&self.retention_days) {
            return Err(ConfigError::new(
                "retention_days",
                format!(
                    "must be from {MIN_RETENTION_DAYS} (the platforms' reply windows) to {MAX_RETENTION_DAYS}"
                ),
            ));
        }
        Ok(Page {
            id: self.id.clone(),
            name: self.name.clone(),
            channel: self.channel,
            app_id: self.app_id.clone(),
            access_token: self.access_token.clone(),
            instagram_login: self.instagram_login,
            language: self.language,
            schedule: Schedule {
                time_zone,
                hours: WeeklyHours::new(parsed),
                holidays,
                special_days,
                override_,
            },
            templates: self.templates.clone(),
            auto_reply_cooldown: Duration::from_secs(
                u64::from(self.auto_reply_cooldown_minutes) * 60,
            ),
            stale_after: Duration::from_secs(u64::from(self.stale_after_hours) * 3600),
            mention_reply: self.mention_reply,
            tone: self.tone,
            signature: self.signature.clone(),
            staff_signature: self.staff_signature.clone(),
            disclose_automation: self.disclose_automation,
            comment_private_reply: self.comment_private_reply,
            crisis: self.crisis.clone(),
            first_response: self
                .first_response_minutes
                .map(|m| chrono::Duration::minutes(i64::from(m))),
            follow_up: self
                .follow_up_minutes
                .filter(|m| *m > 0)
                .map(|m| chrono::Duration::minutes(i64::from(m))),
            retention: chrono::Duration::days(i64::from(self.retention_days)),
            faq,
            faq_answers,
        })
    }
}

impl PageFile {
    fn validate_holidays(&self) -> Result<Holidays, ConfigError> {
        let file = &self.holidays;
        let country = match &file.country {
            None => None,
            Some(code) => {
                let found =
                    holidays::country(code).map_err(|e| ConfigError::new("holidays.country", e))?;
                Some(found.ok_or_else(|| {
                    ConfigError::new(
                        "holidays.country",
                        format!(
                            "{code:?} is not one of {}",
                            holidays::country_codes().join(", ")
                        ),
                    )
                })?)
            }
        };
        for (i, id) in file.disabled.iter().enumerate() {
            let known = country
                .as_deref()
                .is_some_and(|c| Holidays::rule_ids(c).any(|r| r == id));
            if !known {
                return Err(ConfigError::new(
                    format!("holidays.disabled[{i}]"),
                    format!("{id:?} is not a holiday of the page's country"),
                ));
            }
        }
        let optional: Vec<&str> = country
            .as_deref()
            .map(|c| Holidays::optional_ids(c).collect())
            .unwrap_or_default();
        for (i, id) in file.enabled.iter().enumerate() {
            if !optional.contains(&id.as_str()) {
                return Err(ConfigError::new(
                    format!("holidays.enabled[{i}]"),
                    format!(
                        "{id:?} is not an opt-in holiday of the page's country (those are: {})",
                        if optional.is_empty() {
                            "none".to_owned()
                        } else {
                            optional.join(", ")
                        }
                    ),
                ));
            }
        }
        let own = file
            .own
            .iter()
            .enumerate()
            .map(|(i, h)| {
                HolidayRule::own(&h.date, &h.name).ok_or_else(|| {
                    ConfigError::new(
                        format!("holidays.own[{i}].date"),
                        format!("{:?} is not \"MM-DD\" or \"YYYY-MM-DD\"", h.date),
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Holidays::new(
            country.as_deref(),
            &file.disabled,
            &file.enabled,
            own,
        ))
    }
}

impl SpecialDayFile {
    fn validate(&self, field: &str) -> Result<SpecialDay, ConfigError> {
        let day = |name: &str, text: &str| -> Result<Day, ConfigError> {
            if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
                check_date(&format!("{field}.{name}"), date)?;
                return Ok(Day::Date(date));
            }
            holidays::parse_month_day(text)
                .map(Day::Yearly)
                .ok_or_else(|| {
                    ConfigError::new(
                        format!("{field}.{name}"),
                        format!("{text:?} is not \"YYYY-MM-DD\" or \"MM-DD\""),
                    )
                })
        };
        let (from, to) = match (&self.date, &self.from, &self.to) {
            (Some(date), None, None) => (day("date", date)?, day("date", date)?),
            (None, Some(from), Some(to)) => (day("from", from)?, day("to", to)?),
            _ => {
                return Err(ConfigError::new(field, "needs either date, or from and to"));
            }
        };
        let span = match (from, to) {
            (Day::Date(from), Day::Date(to)) if from <= to => DaySpan::Dates { from, to },
            (Day::Yearly(from), Day::Yearly(to)) => DaySpan::Yearly { from, to },
            (Day::Date(_), Day::Date(_)) => {
                return Err(ConfigError::new(format!("{field}.to"), "is before from"));
            }
            _ => {
                return Err(ConfigError::new(
                    format!("{field}.to"),
                    "from and to must both be dates or both be month-days",
                ));
            }
        };
        let hours = self
            .hours
            .iter()
            .enumerate()
            .map(|(i, text)| {
                Interval::parse(text)
                    .map_err(|e| ConfigError::new(format!("{field}.hours[{i}]"), e))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if self.name.trim().is_empty() {
            return Err(ConfigError::new(
                format!("{field}.name"),
                "must not be empty",
            ));
        }
        Ok(SpecialDay::new(self.name.clone(), span, hours))
    }
}

enum Day {
    Date(NaiveDate),
    Yearly((u32, u32)),
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
    fn retention_covers_the_reply_windows_and_stays_bounded() {
        for days in ["0", "7", "3651"] {
            let text = with("retention_days = 365", &format!("retention_days = {days}"));
            assert_eq!(error_field(&text), "retention_days", "{days}");
        }
        let kept = |text: &str| {
            PageFile::from_toml(text)
                .and_then(|f| f.validate())
                .expect("valid page")
                .retention
        };
        assert_eq!(
            kept(&with("retention_days = 365", "retention_days = 8")),
            chrono::Duration::days(8)
        );
        let unset = with("retention_days = 365", "");
        assert_eq!(kept(&unset), chrono::Duration::days(365), "the default");
    }

    #[test]
    fn a_ukrainian_page_has_no_holidays_unless_it_opts_in() {
        let ua = |holidays: &str| {
            let text = with("country = \"CZ\"", &format!("country = \"UA\"\n{holidays}"))
                .replace("own = [{ date = \"12-31\", name = \"Silvestr\" }]", "");
            PageFile::from_toml(&text)
                .and_then(|f| f.validate())
                .expect("valid page")
                .schedule
                .holidays
        };
        let independence_day = NaiveDate::from_ymd_opt(2026, 8, 24).unwrap();
        assert_eq!(ua("").on(independence_day), None);
        let opted_in = ua("enabled = [\"independence_day\", \"christmas_day\"]");
        assert_eq!(
            opted_in.on(independence_day).map(|h| h.id),
            Some("independence_day".to_owned())
        );
        assert_eq!(
            opted_in.on(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
            None
        );
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
    fn holidays_special_days_and_overrides_are_validated_by_field() {
        let special = |body: &str| format!("{EXAMPLE}\n[[special_days]]\nname = \"X\"\n{body}\n");
        assert_eq!(
            error_field(&with("country = \"CZ\"", "country = \"XX\"")),
            "holidays.country"
        );
        assert_eq!(
            error_field(&with(
                "own = [{ date = \"12-31\"",
                "disabled = [\"easter\"]\nown = [{ date = \"12-31\""
            )),
            "holidays.disabled[0]"
        );
        // Only a rule the country marks opt-in can be enabled: Czech Easter Monday is not.
        assert_eq!(
            error_field(&with(
                "own = [{ date = \"12-31\"",
                "enabled = [\"easter_monday\"]\nown = [{ date = \"12-31\""
            )),
            "holidays.enabled[0]"
        );
        assert_eq!(
            error_field(&with("date = \"12-31\"", "date = \"31.12.\"")),
            "holidays.own[0].date"
        );
        assert_eq!(
            error_field(&special("date = \"2026-02-30\"")),
            "special_days[2].date"
        );
        assert_eq!(
            error_field(&special("from = \"2026-08-10\"\nto = \"2026-08-01\"")),
            "special_days[2].to"
        );
        assert_eq!(
            error_field(&special("from = \"2026-08-10\"\nto = \"08-20\"")),
            "special_days[2].to"
        );
        assert_eq!(error_field(&special("from = \"08-10\"")), "special_days[2]");
        assert_eq!(
            error_field(&special("date = \"08-10\"\nhours = [\"8-12\"]")),
            "special_days[2].hours[0]"
        );
        let both = format!(
            "away_until = \"2026-12-01T08:00:00Z\"\nopen_until = \"2026-12-01T08:00:00Z\"\n{EXAMPLE}"
        );
        assert_eq!(error_field(&both), "open_until");
        let away = format!("away_until = \"2026-12-01T08:00:00Z\"\n{EXAMPLE}");
        let page = PageFile::from_toml(&away)
            .and_then(|f| f.validate())
            .expect("valid");
        assert!(page.schedule.override_.is_some());
        assert_eq!(
            error_field(&format!("away_until = \"tomorrow\"\n{EXAMPLE}")),
            "away_until"
        );
    }

    #[test]
    fn a_token_copied_out_of_a_store_is_refused_naming_its_field() {
        let mut file = PageFile::from_toml(EXAMPLE).expect("example parses");
        file.access_token = SecretString::from("sealed:v1:k1:AAAA".to_owned());
        assert_eq!(file.validate().unwrap_err().field, "access_token");
        file.access_token = SecretString::from("EAAGreal".to_owned());
        file.refresh_token = Some(SecretString::from("sealed:v1:k1:AAAA".to_owned()));
        assert_eq!(file.validate().unwrap_err().field, "refresh_token");
    }

    #[test]
    fn access_token_never_shows_in_debug() {
        let file = PageFile::from_toml(EXAMPLE).expect("example parses");
        let page = file.validate().expect("valid");
        assert!(!format!("{file:?}{page:?}").contains(file.access_token.expose_secret()));
    }
}
