//! The page settings as a form: built from the stored configuration, filled in from what the
//! browser posted (only the parts the post says it carries; every other part stays as stored),
//! turned into the next configuration document for `pages` (`prepare`, `update`), and given
//! back with a validation error beside the control its field path names (`hours.fri[1]` is
//! Friday's second interval).
//!
//! No rule lives here: the form only moves values between controls and the document; the
//! document is read and validated by `pages` exactly as the API's `PUT` does. Secrets are never
//! read into the form, so they cannot be rendered, and the document keeps them untouched.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value, json};

use super::texts;
use crate::console::i18n::Lang;
use crate::domain::event::Channel;
use crate::domain::holidays::{self, Holidays};
use crate::domain::locale::{Language, Locales, TemplateKind, Templates};
use crate::domain::page::{ConfigError, PageFile, Signature};

/// The weekdays as the configuration names them, Monday first.
pub const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// The reply templates a page may override, by their key in `templates`.
pub const TEMPLATES: [(&str, TemplateKind); 6] = [
    ("acknowledgement", TemplateKind::Acknowledgement),
    ("after_hours", TemplateKind::AfterHours),
    ("after_hours_no_opening", TemplateKind::AfterHoursNoOpening),
    ("talk_to_person", TemplateKind::TalkToPerson),
    ("still_working", TemplateKind::StillWorking),
    ("automated", TemplateKind::Automated),
];

/// The parts of the form; a post names the ones it carries in its `parts` fields.
pub const PARTS: [&str; 7] = [
    "page",
    "hours",
    "holidays",
    "special_days",
    "override",
    "templates",
    "service",
];

/// What the browser posted: every field in order, repeated names kept (rows of a grid are
/// repeated names, paired by their order).
pub struct Posted(Vec<(String, String)>);

impl Posted {
    pub fn new(fields: Vec<(String, String)>) -> Self {
        Posted(fields)
    }

    /// The last value of `name` (a hidden "off" followed by a ticked "on" reads "on").
    pub fn last(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    fn text(&self, name: &str) -> String {
        self.last(name).unwrap_or_default().to_owned()
    }

    /// The parts this post carries, in the form's order.
    pub fn parts(&self) -> Vec<&'static str> {
        let named = self.all("parts");
        PARTS
            .into_iter()
            .filter(|part| named.contains(part))
            .collect()
    }

    /// Rows of `names`, paired by order (a missing value reads empty).
    fn rows<const N: usize>(&self, names: [&str; N]) -> Vec<[String; N]> {
        let columns = names.map(|name| self.all(name));
        let count = columns.iter().map(Vec::len).max().unwrap_or(0);
        (0..count)
            .map(|i| {
                std::array::from_fn(|c| {
                    columns[c]
                        .get(i)
                        .map(|v| v.trim().to_owned())
                        .unwrap_or_default()
                })
            })
            .collect()
    }
}

/// One control's value and the error beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Field {
    pub value: String,
    pub error: Option<String>,
}

impl Field {
    fn of(value: impl Into<String>) -> Self {
        Field {
            value: value.into(),
            error: None,
        }
    }
}

/// One opening interval of the week grid.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntervalRow {
    pub from: String,
    pub to: String,
    pub error: Option<String>,
}

impl IntervalRow {
    fn of(text: &str) -> Self {
        let (from, to) = text.split_once('-').unwrap_or((text, ""));
        IntervalRow {
            from: from.trim().to_owned(),
            to: to.trim().to_owned(),
            error: None,
        }
    }

    /// Runs past midnight into the next day (as the schedule reads it: the end is not after
    /// the start).
    pub fn overnight(&self) -> bool {
        let minutes = |text: &str| {
            let (h, m) = text.split_once(':')?;
            Some(h.parse::<u32>().ok()? * 60 + m.parse::<u32>().ok()?)
        };
        // Ending at 00:00 is "until midnight", not a night shift.
        matches!((minutes(&self.from), minutes(&self.to)), (Some(from), Some(to)) if to < from && to != 0)
    }

    fn text(&self) -> String {
        format!("{}-{}", self.from, self.to)
    }
}

/// A weekday's intervals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayRows {
    pub key: &'static str,
    pub rows: Vec<IntervalRow>,
}

/// A row of dates: an own day off (`name`, `from`, `yearly`) or a special day (all fields).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateRow {
    pub name: String,
    /// The day, or the first day of a range (`YYYY-MM-DD`, as a date control shows it).
    pub from: String,
    /// The last day of a range; empty for one day.
    pub to: String,
    pub yearly: bool,
    /// Special days: their intervals, comma-separated; empty is closed.
    pub hours: String,
    pub error: Option<String>,
    /// Which control the error is about: `name`, `from`, `to`, `hours` or `` (the row).
    pub error_on: &'static str,
}

/// A country holiday of the chosen year, switchable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayChoice {
    pub id: String,
    pub name: String,
    /// Its days in the year, written out (a substitute day for a weekend one marked so).
    pub dates: String,
    /// Only a page that switches it on is closed.
    pub optional: bool,
    /// The page is closed that day.
    pub closed: bool,
}

/// A reply template of the page, and the language's default it falls back to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateField {
    pub key: &'static str,
    pub value: Field,
    pub default: String,
}

/// Why the last save did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub message: String,
    /// The field path validation named.
    pub field: String,
    /// The id of the control beside which the error is shown; `None` when the field is not on
    /// this form (the FAQ, a crisis): then the summary names the field.
    pub anchor: Option<String>,
}

/// The settings form of one page.
#[derive(Debug, Clone)]
pub struct SettingsForm {
    pub page_id: String,
    pub channel: Channel,
    pub lang: Lang,
    pub today: NaiveDate,
    pub name: Field,
    pub time_zone: Field,
    pub language: Field,
    pub tone: Field,
    pub signature_per_language: bool,
    pub signature: Field,
    pub signatures: Vec<(Language, Field)>,
    pub staff_signature: Field,
    pub hours: Vec<DayRows>,
    pub country: Field,
    /// The year whose holidays are listed.
    pub year: i32,
    /// Ids of the country's holidays the page works on, and of opt-in ones it is closed on.
    pub disabled: Vec<String>,
    pub enabled: Vec<String>,
    pub holidays_error: Option<String>,
    pub own: Vec<DateRow>,
    pub special_days: Vec<DateRow>,
    /// `none`, `away` or `open`.
    pub override_kind: String,
    /// In the page's time, as a `datetime-local` control shows it.
    pub override_until: Field,
    pub templates: Vec<TemplateField>,
    pub first_response_minutes: Field,
    pub follow_up_minutes: Field,
    pub auto_reply_cooldown_minutes: Field,
    pub stale_after_hours: Field,
    pub mention_reply: Field,
    pub disclose_automation: bool,
    pub comment_private_reply: bool,
    pub error: Option<FormError>,
}

fn code_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(code)) => code,
        _ => String::new(),
    }
}

fn number(value: Option<u32>) -> Field {
    Field::of(value.map(|n| n.to_string()).unwrap_or_default())
}

/// The `YYYY-MM-DD` a date control shows for a configured day (`YYYY-MM-DD`, or `MM-DD`
/// every year, shown in `year`, or the next leap year for 29 February), and whether it
/// repeats. Anything else is shown as written.
fn date_control(text: &str, year: i32) -> (String, bool) {
    if NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() {
        return (text.to_owned(), false);
    }
    let Some((month, day)) = holidays::parse_month_day(text) else {
        return (text.to_owned(), false);
    };
    (year..year + 8)
        .find_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .map_or((text.to_owned(), true), |date| {
            (date.format("%Y-%m-%d").to_string(), true)
        })
}

/// The configured day for a date control's value: `MM-DD` when it repeats every year.
fn configured_day(control: &str, yearly: bool) -> String {
    match NaiveDate::parse_from_str(control, "%Y-%m-%d") {
        Ok(date) if yearly => date.format("%m-%d").to_string(),
        _ => control.to_owned(),
    }
}

/// A holiday's days, `(date, substitute)`, as the viewer writes dates.
fn holiday_dates(dates: &[(NaiveDate, bool)], lang: Lang) -> String {
    let pattern = match lang {
        Lang::En => "%a %-d %b",
        Lang::Cs => "%-d. %-m.",
    };
    dates
        .iter()
        .map(|(date, substitute)| {
            let written = date.format(pattern).to_string();
            if *substitute {
                format!("{written} ({})", texts::of(lang).substitute)
            } else {
                written
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

impl SettingsForm {
    /// The form showing the stored configuration `file`, seen at `now`.
    pub fn of(file: &PageFile, locales: &Locales, now: DateTime<Utc>, lang: Lang) -> Self {
        let zone: Tz = file.time_zone.parse().unwrap_or(Tz::UTC);
        let today = now.with_timezone(&zone).date_naive();
        let year = today.year();
        let (signature_per_language, signature, per_language) = match &file.signature {
            Signature::Everywhere(text) => (false, text.clone(), Default::default()),
            Signature::PerLanguage(texts) => (true, String::new(), texts.clone()),
        };
        let h = &file.hours;
        let hours = [&h.mon, &h.tue, &h.wed, &h.thu, &h.fri, &h.sat, &h.sun];
        let (override_kind, until) = match (file.away_until, file.open_until) {
            (Some(until), _) => ("away", Some(until)),
            (None, Some(until)) => ("open", Some(until)),
            (None, None) => ("none", None),
        };
        let mut form = SettingsForm {
            page_id: file.id.clone(),
            channel: file.channel,
            lang,
            today,
            name: Field::of(&file.name),
            time_zone: Field::of(&file.time_zone),
            language: Field::of(file.language.code()),
            tone: Field::of(code_of(&file.tone)),
            signature_per_language,
            signature: Field::of(signature),
            signatures: Language::ALL
                .into_iter()
                .map(|language| {
                    let text = per_language.get(&language).cloned().unwrap_or_default();
                    (language, Field::of(text))
                })
                .collect(),
            staff_signature: Field::of(&file.staff_signature),
            hours: DAYS
                .into_iter()
                .zip(hours)
                .map(|(key, intervals)| DayRows {
                    key,
                    rows: intervals.iter().map(|i| IntervalRow::of(i)).collect(),
                })
                .collect(),
            country: Field::of(file.holidays.country.clone().unwrap_or_default()),
            year,
            disabled: file.holidays.disabled.clone(),
            enabled: file.holidays.enabled.clone(),
            holidays_error: None,
            own: file
                .holidays
                .own
                .iter()
                .map(|own| {
                    let (from, yearly) = date_control(&own.date, year);
                    DateRow {
                        name: own.name.clone(),
                        from,
                        yearly,
                        ..DateRow::default()
                    }
                })
                .collect(),
            special_days: file
                .special_days
                .iter()
                .map(|day| {
                    let first = day.date.as_deref().or(day.from.as_deref()).unwrap_or("");
                    let (from, yearly) = date_control(first, year);
                    let to = match (&day.date, &day.to) {
                        (None, Some(last)) => {
                            let (to, _) = date_control(last, year);
                            // A yearly range over New Year ends in the next year.
                            if yearly && to < from {
                                date_control(last, year + 1).0
                            } else {
                                to
                            }
                        }
                        _ => String::new(),
                    };
                    DateRow {
                        name: day.name.clone(),
                        from,
                        to,
                        yearly,
                        hours: day.hours.join(", "),
                        ..DateRow::default()
                    }
                })
                .collect(),
            override_kind: override_kind.to_owned(),
            override_until: Field::of(until.map_or_else(String::new, |until| {
                until
                    .with_timezone(&zone)
                    .format("%Y-%m-%dT%H:%M")
                    .to_string()
            })),
            templates: Vec::new(),
            first_response_minutes: number(file.first_response_minutes),
            follow_up_minutes: number(file.follow_up_minutes),
            auto_reply_cooldown_minutes: number(Some(file.auto_reply_cooldown_minutes)),
            stale_after_hours: number(Some(file.stale_after_hours)),
            mention_reply: Field::of(code_of(&file.mention_reply)),
            disclose_automation: file.disclose_automation,
            comment_private_reply: file.comment_private_reply,
            error: None,
        };
        form.fill_templates(&file.templates, locales);
        form
    }

    fn fill_templates(&mut self, page: &Templates, locales: &Locales) {
        let language = self.language().unwrap_or(Language::En);
        let none = Templates::default();
        let value = |kind: TemplateKind| match kind {
            TemplateKind::Acknowledgement => page.acknowledgement.clone(),
            TemplateKind::AfterHours => page.after_hours.clone(),
            TemplateKind::AfterHoursNoOpening => page.after_hours_no_opening.clone(),
            TemplateKind::TalkToPerson => page.talk_to_person.clone(),
            TemplateKind::StillWorking => page.still_working.clone(),
            TemplateKind::Automated => page.automated.clone(),
        };
        self.templates = TEMPLATES
            .into_iter()
            .map(|(key, kind)| TemplateField {
                key,
                value: Field::of(value(kind).unwrap_or_default()),
                default: locales.get(language).template(&none, kind).to_owned(),
            })
            .collect();
    }

    /// The language of replies chosen on the form, if it is one.
    pub fn language(&self) -> Option<Language> {
        serde_json::from_value(json!(self.language.value)).ok()
    }

    /// An empty row of dates, for adding one.
    pub fn blank(&self) -> DateRow {
        DateRow::default()
    }

    /// The languages of replies to choose from.
    pub fn languages(&self) -> [Language; 7] {
        Language::ALL
    }

    /// The time zone chosen on the form, else UTC.
    pub fn zone(&self) -> Tz {
        self.time_zone.value.parse().unwrap_or(Tz::UTC)
    }

    /// Every time zone to choose from, by name.
    pub fn zones(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> =
            chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
        names.sort_unstable();
        names
    }

    /// The chosen time zone is one of `zones` (else it is shown as written, to be fixed).
    pub fn zone_is_listed(&self) -> bool {
        chrono_tz::TZ_VARIANTS
            .iter()
            .any(|tz| tz.name() == self.time_zone.value)
    }

    /// The countries whose holidays frontdesk knows: (code, name).
    pub fn countries(&self) -> Vec<(String, String)> {
        holidays::country_codes()
            .into_iter()
            .filter_map(|code| {
                let country = holidays::country(&code).ok().flatten()?;
                Some((code, country.name.clone()))
            })
            .collect()
    }

    pub fn is_x(&self) -> bool {
        self.channel == Channel::X
    }

    /// The page's channel has comments on posts.
    pub fn has_comments(&self) -> bool {
        matches!(self.channel, Channel::Messenger | Channel::Instagram)
    }

    /// The chosen country's holidays in the chosen year, each once, closed or not.
    pub fn holiday_choices(&self) -> Vec<HolidayChoice> {
        let Some(country) = holidays::country(&self.country.value).ok().flatten() else {
            return Vec::new();
        };
        let optional: Vec<String> = Holidays::optional_ids(&country)
            .map(str::to_owned)
            .collect();
        let every = Holidays::new(Some(&country), &[], &optional, Vec::new());
        let mut choices: Vec<(HolidayChoice, Vec<(NaiveDate, bool)>)> = Vec::new();
        for holiday in every.of_year(self.year).iter() {
            let day = (holiday.date, holiday.substitute);
            if let Some((_, dates)) = choices.iter_mut().find(|(c, _)| c.id == holiday.id) {
                dates.push(day);
                continue;
            }
            let is_optional = optional.contains(&holiday.id);
            choices.push((
                HolidayChoice {
                    id: holiday.id.clone(),
                    name: holiday.name.clone(),
                    dates: String::new(),
                    optional: is_optional,
                    closed: if is_optional {
                        self.enabled.contains(&holiday.id)
                    } else {
                        !self.disabled.contains(&holiday.id)
                    },
                },
                vec![day],
            ));
        }
        choices
            .into_iter()
            .map(|(mut choice, dates)| {
                choice.dates = holiday_dates(&dates, self.lang);
                choice
            })
            .collect()
    }

    /// Puts the posted values of the parts the post carries into the form; returns those
    /// parts. `current` is the stored configuration (the holidays not listed keep its choice).
    pub fn take(
        &mut self,
        posted: &Posted,
        current: &PageFile,
        locales: &Locales,
    ) -> Vec<&'static str> {
        let parts = posted.parts();
        for part in &parts {
            match *part {
                "page" => {
                    self.name = Field::of(posted.text("name"));
                    self.time_zone = Field::of(posted.text("time_zone"));
                    self.language = Field::of(posted.text("language"));
                    self.tone = Field::of(posted.text("tone"));
                    self.signature_per_language =
                        posted.last("signature_mode") == Some("per_language");
                    self.signature = Field::of(posted.text("signature"));
                    for (language, field) in &mut self.signatures {
                        *field = Field::of(posted.text(&format!("signature_{}", language.code())));
                    }
                    self.staff_signature = Field::of(posted.text("staff_signature"));
                }
                "hours" => {
                    for day in &mut self.hours {
                        let from = format!("hours_{}_from", day.key);
                        let to = format!("hours_{}_to", day.key);
                        day.rows = posted
                            .rows([from.as_str(), to.as_str()])
                            .into_iter()
                            .filter(|[from, to]| !(from.is_empty() && to.is_empty()))
                            .map(|[from, to]| IntervalRow {
                                from,
                                to,
                                error: None,
                            })
                            .collect();
                    }
                }
                "holidays" => self.take_holidays(posted, current),
                "special_days" => {
                    self.special_days = posted
                        .rows(["sd_name", "sd_from", "sd_to", "sd_repeat", "sd_hours"])
                        .into_iter()
                        .filter(|[name, from, to, _, hours]| {
                            [name, from, to, hours].iter().any(|v| !v.is_empty())
                        })
                        .map(|[name, from, to, repeat, hours]| DateRow {
                            name,
                            from,
                            to,
                            yearly: repeat == "yearly",
                            hours,
                            ..DateRow::default()
                        })
                        .collect();
                }
                "override" => {
                    self.override_kind = match posted.last("override") {
                        Some(kind @ ("away" | "open")) => kind.to_owned(),
                        _ => "none".to_owned(),
                    };
                    self.override_until = Field::of(posted.text("override_until"));
                }
                "templates" => {
                    for template in &mut self.templates {
                        template.value = Field::of(posted.text(&format!("tpl_{}", template.key)));
                    }
                }
                "service" => {
                    self.first_response_minutes = Field::of(posted.text("first_response_minutes"));
                    self.follow_up_minutes = Field::of(posted.text("follow_up_minutes"));
                    self.auto_reply_cooldown_minutes =
                        Field::of(posted.text("auto_reply_cooldown_minutes"));
                    self.stale_after_hours = Field::of(posted.text("stale_after_hours"));
                    if let Some(mention) = posted.last("mention_reply") {
                        self.mention_reply = Field::of(mention);
                    }
                    self.disclose_automation = posted.last("disclose_automation") == Some("on");
                    self.comment_private_reply = posted.last("comment_private_reply") == Some("on");
                }
                _ => {}
            }
        }
        // The defaults shown under the templates follow the chosen language.
        let page_templates = self.page_templates();
        self.fill_templates(&page_templates, locales);
        parts
    }

    fn take_holidays(&mut self, posted: &Posted, current: &PageFile) {
        self.country = Field::of(posted.text("holidays_country"));
        if let Some(year) = posted
            .last("holidays_year")
            .and_then(|y| y.trim().parse::<i32>().ok())
            .filter(|y| (2000..=2199).contains(y))
        {
            self.year = year;
        }
        let country = holidays::country(&self.country.value).ok().flatten();
        let (rules, optional): (Vec<&str>, Vec<&str>) = match &country {
            Some(country) => (
                Holidays::rule_ids(country).collect(),
                Holidays::optional_ids(country).collect(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        let shown: Vec<&str> = posted
            .all("holiday_shown")
            .into_iter()
            .filter(|id| rules.contains(id))
            .collect();
        let closed = posted.all("holiday_on");
        let same_country = current
            .holidays
            .country
            .as_deref()
            .is_some_and(|c| c.eq_ignore_ascii_case(&self.country.value));
        // Holidays not listed this time keep the stored choice (of the same country only).
        let kept = |ids: &[String]| -> Vec<String> {
            ids.iter()
                .filter(|id| same_country && !shown.contains(&id.as_str()))
                .cloned()
                .collect()
        };
        let mut disabled = kept(&current.holidays.disabled);
        let mut enabled = kept(&current.holidays.enabled);
        for id in &shown {
            let on = closed.contains(id);
            let list = if optional.contains(id) {
                on.then_some(&mut enabled)
            } else {
                (!on).then_some(&mut disabled)
            };
            if let Some(list) = list.filter(|list| !list.iter().any(|known| known == id)) {
                list.push((*id).to_owned());
            }
        }
        self.disabled = disabled;
        self.enabled = enabled;
        self.own = posted
            .rows(["own_date", "own_repeat", "own_name"])
            .into_iter()
            .filter(|[date, _, name]| !(date.is_empty() && name.is_empty()))
            .map(|[from, repeat, name]| DateRow {
                name,
                from,
                yearly: repeat == "yearly",
                ..DateRow::default()
            })
            .collect();
    }

    fn page_templates(&self) -> Templates {
        let value = |key: &str| {
            self.templates
                .iter()
                .find(|t| t.key == key)
                .map(|t| t.value.value.clone())
                .filter(|v| !v.trim().is_empty())
        };
        Templates {
            acknowledgement: value("acknowledgement"),
            after_hours: value("after_hours"),
            after_hours_no_opening: value("after_hours_no_opening"),
            talk_to_person: value("talk_to_person"),
            still_working: value("still_working"),
            automated: value("automated"),
        }
    }

    /// The next configuration document: `document` (the stored one) with the `parts` the
    /// form carries written over it, part by part, whole.
    pub fn next_document(&self, parts: &[&str], mut document: Value) -> Value {
        let Some(fields) = document.as_object_mut() else {
            return document;
        };
        let mut set = |key: &str, value: Value| {
            if value.is_null() {
                fields.remove(key);
            } else {
                fields.insert(key.to_owned(), value);
            }
        };
        for part in parts {
            match *part {
                "page" => {
                    set("name", json!(self.name.value));
                    set("time_zone", json!(self.time_zone.value.trim()));
                    set("language", json!(self.language.value));
                    set("tone", json!(self.tone.value));
                    set("signature", self.signature_value());
                    set("staff_signature", json!(self.staff_signature.value));
                }
                "hours" => {
                    let days: Map<String, Value> = self
                        .hours
                        .iter()
                        .map(|day| {
                            let rows: Vec<String> =
                                day.rows.iter().map(IntervalRow::text).collect();
                            (day.key.to_owned(), json!(rows))
                        })
                        .collect();
                    set("hours", Value::Object(days));
                }
                "holidays" => {
                    let mut holidays = Map::new();
                    if !self.country.value.trim().is_empty() {
                        holidays.insert("country".into(), json!(self.country.value.trim()));
                    }
                    holidays.insert("disabled".into(), json!(self.disabled));
                    holidays.insert("enabled".into(), json!(self.enabled));
                    let own: Vec<Value> = self
                        .own
                        .iter()
                        .map(|row| {
                            json!({ "date": configured_day(&row.from, row.yearly), "name": row.name })
                        })
                        .collect();
                    holidays.insert("own".into(), json!(own));
                    set("holidays", Value::Object(holidays));
                }
                "special_days" => {
                    let days: Vec<Value> = self.special_days.iter().map(special_day).collect();
                    set("special_days", json!(days));
                }
                "override" => {
                    let until = self.override_instant();
                    let (away, open) = match self.override_kind.as_str() {
                        "away" => (until, Value::Null),
                        "open" => (Value::Null, until),
                        _ => (Value::Null, Value::Null),
                    };
                    set("away_until", away);
                    set("open_until", open);
                }
                "templates" => {
                    let templates = self.page_templates();
                    set(
                        "templates",
                        serde_json::to_value(templates).unwrap_or_default(),
                    );
                }
                "service" => {
                    set(
                        "first_response_minutes",
                        number_value(&self.first_response_minutes),
                    );
                    set("follow_up_minutes", number_value(&self.follow_up_minutes));
                    set(
                        "auto_reply_cooldown_minutes",
                        number_value(&self.auto_reply_cooldown_minutes),
                    );
                    set("stale_after_hours", number_value(&self.stale_after_hours));
                    set("mention_reply", json!(self.mention_reply.value));
                    set("disclose_automation", json!(self.disclose_automation));
                    set("comment_private_reply", json!(self.comment_private_reply));
                }
                _ => {}
            }
        }
        document
    }

    fn signature_value(&self) -> Value {
        if !self.signature_per_language {
            return json!(self.signature.value);
        }
        let texts: Map<String, Value> = self
            .signatures
            .iter()
            .filter(|(_, field)| !field.value.trim().is_empty())
            .map(|(language, field)| (language.code().to_owned(), json!(field.value)))
            .collect();
        if texts.is_empty() {
            json!("")
        } else {
            Value::Object(texts)
        }
    }

    /// The override's end as an instant: the form's local time in the form's time zone (the
    /// first of a repeated hour, the hour after a skipped one). Text that is no time is
    /// passed on as written, so reading the document names the field.
    fn override_instant(&self) -> Value {
        let text = self.override_until.value.trim();
        let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"));
        let zone = self.zone();
        let instant = local.ok().and_then(|local| {
            zone.from_local_datetime(&local).earliest().or_else(|| {
                zone.from_local_datetime(&local.checked_add_signed(Duration::hours(1))?)
                    .earliest()
            })
        });
        match instant {
            Some(at) => json!(at.with_timezone(&Utc)),
            None => json!(text),
        }
    }

    /// Puts a validation error beside the control its field path names; an error about a part
    /// not on this form stays in the summary.
    pub fn place_error(&mut self, error: ConfigError) {
        let ConfigError { field, message } = error;
        let anchor = self.attach(&field, &message);
        self.error = Some(FormError {
            message,
            field,
            anchor,
        });
    }

    /// Attaches `message` to the control at `field`; its id, when it is on the form.
    fn attach(&mut self, field: &str, message: &str) -> Option<String> {
        let path = FieldPath::parse(field);
        let error = Some(message.to_owned());
        fn scalar<'f>(form: &'f mut SettingsForm, name: &str) -> Option<&'f mut Field> {
            Some(match name {
                "name" => &mut form.name,
                "time_zone" => &mut form.time_zone,
                "language" => &mut form.language,
                "tone" => &mut form.tone,
                "staff_signature" => &mut form.staff_signature,
                "first_response_minutes" => &mut form.first_response_minutes,
                "follow_up_minutes" => &mut form.follow_up_minutes,
                "auto_reply_cooldown_minutes" => &mut form.auto_reply_cooldown_minutes,
                "stale_after_hours" => &mut form.stale_after_hours,
                "mention_reply" => &mut form.mention_reply,
                "away_until" | "open_until" => &mut form.override_until,
                _ => return None,
            })
        }
        match path.steps.as_slice() {
            [("signature", None), (code, None)] => {
                let (language, field) = self
                    .signatures
                    .iter_mut()
                    .find(|(language, _)| language.code() == *code)?;
                field.error = error;
                Some(format!("f-signature-{}", language.code()))
            }
            [("signature", None), ..] => {
                self.signature.error = error;
                Some("f-signature".into())
            }
            [("hours", None), (day, Some(i)), ..] => {
                let row = self
                    .hours
                    .iter_mut()
                    .find(|d| d.key == *day)?
                    .rows
                    .get_mut(*i)?;
                row.error = error;
                Some(format!("hours-{day}-{i}"))
            }
            [("holidays", None), ("country", None)] => {
                self.country.error = error;
                Some("f-holidays-country".into())
            }
            [("holidays", None), ("disabled" | "enabled", _), ..] => {
                self.holidays_error = error;
                Some("f-holidays-list".into())
            }
            [("holidays", None), ("own", Some(i)), rest @ ..] => {
                let row = self.own.get_mut(*i)?;
                row.error = error;
                row.error_on = match rest {
                    [("name", None)] => "name",
                    _ => "from",
                };
                Some(format!("own-{i}"))
            }
            [("special_days", Some(i)), rest @ ..] => {
                let row = self.special_days.get_mut(*i)?;
                row.error = error;
                row.error_on = match rest {
                    [("name", None)] => "name",
                    [("date" | "from", None)] => "from",
                    [("to", None)] => "to",
                    [("hours", _)] => "hours",
                    _ => "",
                };
                Some(format!("sd-{i}"))
            }
            [("templates", None), (key, None)] => {
                let template = self.templates.iter_mut().find(|t| t.key == *key)?;
                template.value.error = error;
                Some(format!("f-tpl-{key}"))
            }
            [(name, None)] => {
                let field = scalar(self, name)?;
                field.error = error;
                Some(match *name {
                    "away_until" | "open_until" => "f-override_until".to_owned(),
                    name => format!("f-{name}"),
                })
            }
            _ => None,
        }
    }
}

fn number_value(field: &Field) -> Value {
    let text = field.value.trim();
    if text.is_empty() {
        return Value::Null;
    }
    // Not a number: passed on as written, so reading the document names the field.
    text.parse::<u32>()
        .map_or_else(|_| json!(text), |n| json!(n))
}

fn special_day(row: &DateRow) -> Value {
    let mut day = Map::new();
    day.insert("name".into(), json!(row.name));
    let from = configured_day(&row.from, row.yearly);
    if row.to.is_empty() {
        day.insert("date".into(), json!(from));
    } else {
        day.insert("from".into(), json!(from));
        day.insert("to".into(), json!(configured_day(&row.to, row.yearly)));
    }
    let hours: Vec<&str> = row
        .hours
        .split([',', ';'])
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .collect();
    if !hours.is_empty() {
        day.insert("hours".into(), json!(hours));
    }
    Value::Object(day)
}

/// A field path as validation writes it (`special_days[2].hours[0]`): names, each with an
/// optional index.
struct FieldPath<'a> {
    steps: Vec<(&'a str, Option<usize>)>,
}

impl<'a> FieldPath<'a> {
    fn parse(field: &'a str) -> Self {
        FieldPath {
            steps: field
                .split('.')
                .map(|step| match step.split_once('[') {
                    Some((name, index)) => {
                        (name, index.strip_suffix(']').and_then(|i| i.parse().ok()))
                    }
                    None => (step, None),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::parse;

    const EXAMPLE: &str = include_str!("../../../responses/pages/example.toml");

    fn example() -> PageFile {
        PageFile::from_toml(EXAMPLE).expect("the example parses")
    }

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-24T09:00:00Z")
            .expect("an instant")
            .to_utc()
    }

    fn locales() -> Locales {
        Locales::bundled().expect("the bundled locales")
    }

    fn posted(fields: &[(&str, &str)]) -> Posted {
        Posted::new(
            fields
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
        )
    }

    /// The document a form makes, read back and written out as the store would keep it.
    fn stored(form: &SettingsForm, parts: &[&str], file: &PageFile) -> Value {
        let document = form.next_document(parts, serde_json::to_value(file).expect("json"));
        serde_json::to_value(parse(document).expect("the document reads")).expect("json")
    }

    #[test]
    fn the_form_writes_back_exactly_what_it_read() {
        let mut file = example();
        file.away_until = Some(now() + Duration::days(7));
        file.templates.after_hours = Some("Zavřeno, ozveme se {next_open}.".into());
        file.first_response_minutes = Some(30);
        file.disclose_automation = true;
        file.holidays.disabled = vec!["christmas_eve".into()];
        let form = SettingsForm::of(&file, &locales(), now(), Lang::En);

        assert_eq!(
            stored(&form, &PARTS, &file),
            serde_json::to_value(&file).expect("json")
        );
        // Yearly days show in this year; a yearly range over New Year ends in the next.
        assert_eq!(form.own[0].from, "2026-12-31");
        assert!(form.own[0].yearly);
        assert_eq!(
            (
                form.special_days[1].from.as_str(),
                form.special_days[1].to.as_str()
            ),
            ("2026-12-28", "2027-01-02")
        );
        assert_eq!(form.override_until.value, "2026-12-01T10:00");
        assert_eq!(form.hours[4].rows.len(), 2);
    }

    #[test]
    fn a_post_changes_only_the_parts_it_carries() {
        let file = example();
        let mut form = SettingsForm::of(&file, &locales(), now(), Lang::En);
        let parts = form.take(
            &posted(&[
                ("parts", "hours"),
                ("hours_mon_from", "08:00"),
                ("hours_mon_to", "12:00"),
                ("hours_mon_from", ""),
                ("hours_mon_to", ""),
                ("hours_mon_from", "13:00"),
                ("hours_mon_to", "17:30"),
                ("hours_sat_from", "22:00"),
                ("hours_sat_to", "03:00"),
                ("parts", "override"),
                ("override", "open"),
                ("override_until", "2026-11-24T20:00"),
                ("name", "ignored: the page part is not carried"),
            ]),
            &file,
            &locales(),
        );

        assert_eq!(parts, vec!["hours", "override"]);
        let next = stored(&form, &parts, &file);
        assert_eq!(next["hours"]["mon"], json!(["08:00-12:00", "13:00-17:30"]));
        assert_eq!(next["hours"]["tue"], json!([]));
        assert_eq!(next["hours"]["sat"], json!(["22:00-03:00"]));
        assert!(form.hours[5].rows[0].overnight());
        assert!(!form.hours[0].rows[0].overnight());
        assert_eq!(next["open_until"], json!("2026-11-24T19:00:00Z"));
        assert_eq!(next["name"], json!(file.name));
        assert_eq!(next["special_days"].as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn holidays_are_switched_for_the_year_shown_and_the_others_kept() {
        let mut file = example();
        file.holidays.disabled = vec!["christmas_eve".into()];
        let mut form = SettingsForm::of(&file, &locales(), now(), Lang::Cs);
        let eve = form
            .holiday_choices()
            .into_iter()
            .find(|c| c.id == "christmas_eve")
            .expect("listed in 2026");
        assert!(!eve.closed);
        assert_eq!(eve.dates, "24. 12.");

        form.take(
            &posted(&[
                ("parts", "holidays"),
                ("holidays_country", "CZ"),
                ("holidays_year", "2027"),
                ("holiday_shown", "new_year"),
                ("holiday_on", "new_year"),
                ("holiday_shown", "labour_day"),
                ("holiday_shown", "no_such_rule"),
            ]),
            &file,
            &locales(),
        );
        assert_eq!(form.year, 2027);
        assert_eq!(form.disabled, vec!["christmas_eve", "labour_day"]);
        assert!(form.own.is_empty(), "no own days were posted");

        // Another country: the old country's choices go, an opt-in holiday is switched on.
        form.take(
            &posted(&[
                ("parts", "holidays"),
                ("holidays_country", "NL"),
                ("holiday_shown", "good_friday"),
                ("holiday_on", "good_friday"),
            ]),
            &file,
            &locales(),
        );
        assert!(form.disabled.is_empty());
        assert_eq!(form.enabled, vec!["good_friday"]);
        let next = stored(&form, &["holidays"], &file);
        assert_eq!(next["holidays"]["country"], json!("NL"));
        assert!(
            form.holiday_choices()
                .iter()
                .any(|c| c.id == "good_friday" && c.optional && c.closed)
        );
    }

    #[test]
    fn a_weekend_holiday_shows_its_substitute_day_beside_it() {
        let mut file = example();
        file.holidays.country = Some("GB".into());
        file.holidays.own.clear();
        let mut form = SettingsForm::of(&file, &locales(), now(), Lang::En);
        form.year = 2027;
        let christmas = form
            .holiday_choices()
            .into_iter()
            .find(|c| c.id == "christmas_day")
            .expect("listed");
        // 25 December 2027 is a Saturday; the day off is Monday 27th.
        assert_eq!(christmas.dates, "Sat 25 Dec, Mon 27 Dec (substitute day)");
        assert!(christmas.closed);
    }

    #[test]
    fn errors_are_placed_beside_the_control_their_field_names() {
        let file = example();
        let mut form = SettingsForm::of(&file, &locales(), now(), Lang::En);
        let error = |field: &str| ConfigError {
            field: field.to_owned(),
            message: "wrong".to_owned(),
        };
        let anchor = |form: &mut SettingsForm, field: &str| {
            form.place_error(error(field));
            form.error.as_ref().and_then(|e| e.anchor.clone())
        };

        assert_eq!(
            anchor(&mut form, "hours.fri[1]").as_deref(),
            Some("hours-fri-1")
        );
        assert_eq!(form.hours[4].rows[1].error.as_deref(), Some("wrong"));
        assert_eq!(
            anchor(&mut form, "special_days[1].hours[0]").as_deref(),
            Some("sd-1")
        );
        assert_eq!(form.special_days[1].error_on, "hours");
        assert_eq!(
            anchor(&mut form, "special_days[0].date").as_deref(),
            Some("sd-0")
        );
        assert_eq!(form.special_days[0].error_on, "from");
        assert_eq!(
            anchor(&mut form, "holidays.own[0].date").as_deref(),
            Some("own-0")
        );
        assert_eq!(
            anchor(&mut form, "holidays.disabled[0]").as_deref(),
            Some("f-holidays-list")
        );
        assert_eq!(
            anchor(&mut form, "away_until").as_deref(),
            Some("f-override_until")
        );
        assert_eq!(
            anchor(&mut form, "templates.after_hours").as_deref(),
            Some("f-tpl-after_hours")
        );
        assert_eq!(
            anchor(&mut form, "signature.de").as_deref(),
            Some("f-signature-de")
        );
        assert_eq!(
            anchor(&mut form, "time_zone").as_deref(),
            Some("f-time_zone")
        );
        // Not on this form, or no such row: the summary names the field instead.
        assert_eq!(anchor(&mut form, "faq.entries[0].id"), None);
        assert_eq!(anchor(&mut form, "hours.fri[7]"), None);
        assert_eq!(
            form.error.as_ref().map(|e| e.field.as_str()),
            Some("hours.fri[7]")
        );
    }

    #[test]
    fn text_that_is_not_a_number_or_a_time_reaches_validation_as_written() {
        let file = example();
        let mut form = SettingsForm::of(&file, &locales(), now(), Lang::En);
        form.take(
            &posted(&[
                ("parts", "service"),
                ("first_response_minutes", "soon"),
                ("parts", "override"),
                ("override", "away"),
                ("override_until", "tomorrow"),
            ]),
            &file,
            &locales(),
        );
        let field_of = |parts: &[&str]| {
            let document = form.next_document(parts, serde_json::to_value(&file).expect("json"));
            parse(document).map(|_| ()).map_err(|e| e.field)
        };
        assert_eq!(field_of(&["service"]), Err("first_response_minutes".into()));
        assert_eq!(field_of(&["override"]), Err("away_until".into()));
    }
}
