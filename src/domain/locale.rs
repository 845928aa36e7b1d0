//! Languages, their default reply templates and how each says "when we will answer".
//!
//! The words live in `responses/<lang>.toml` and are compiled into the binary, so a deployed
//! frontdesk never misses a locale file; a unit test proves every file parses.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Timelike};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The languages frontdesk speaks.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Cs,
    Sk,
    Pl,
    Nl,
    Uk,
    De,
    En,
}

impl Language {
    pub const ALL: [Language; 7] = [
        Language::Cs,
        Language::Sk,
        Language::Pl,
        Language::Nl,
        Language::Uk,
        Language::De,
        Language::En,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Language::Cs => "cs",
            Language::Sk => "sk",
            Language::Pl => "pl",
            Language::Nl => "nl",
            Language::Uk => "uk",
            Language::De => "de",
            Language::En => "en",
        }
    }

    fn bundled_file(self) -> &'static str {
        match self {
            Language::Cs => include_str!("../../responses/cs.toml"),
            Language::Sk => include_str!("../../responses/sk.toml"),
            Language::Pl => include_str!("../../responses/pl.toml"),
            Language::Nl => include_str!("../../responses/nl.toml"),
            Language::Uk => include_str!("../../responses/uk.toml"),
            Language::De => include_str!("../../responses/de.toml"),
            Language::En => include_str!("../../responses/en.toml"),
        }
    }
}

/// The automatic replies a page sends. A page may override any of them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Templates {
    /// Sent during office hours: a person will answer shortly.
    pub acknowledgement: Option<String>,
    /// Sent outside office hours; `{next_open}` names the next opening.
    pub after_hours: Option<String>,
    /// Sent outside office hours when the page has no opening to promise.
    pub after_hours_no_opening: Option<String>,
    /// The button under an FAQ answer that hands the conversation to a person (20 characters
    /// at most, Messenger's limit).
    pub talk_to_person: Option<String>,
    /// Sent once per follow-up interval to a customer still waiting for a person.
    pub still_working: Option<String>,
    /// The line that says a message is automatic, for pages that disclose automation.
    pub automated: Option<String>,
}

/// The placeholders an automatic reply template may use.
pub const PLACEHOLDERS: &[&str] = &["next_open", "page_name"];

/// How one language says when we answer.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct When {
    at: String,
    #[serde(default)]
    at_by_hour: HashMap<String, String>,
    today: String,
    tomorrow: String,
    weekday: String,
    date: String,
    weekdays: [String; 7],
    months: [String; 12],
    /// Said of an opening that is now ("right now").
    now: String,
    /// Said instead of the sentence naming the next opening while the team is working: "we
    /// are back right now" would be wrong.
    here_now: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LocaleFile {
    templates: Templates,
    when: When,
}

/// One language's words.
#[derive(Debug, Clone)]
pub struct Locale {
    templates: Templates,
    when: When,
}

/// The bundled locale of every language.
#[derive(Debug, Clone)]
pub struct Locales(HashMap<Language, Locale>);

#[derive(Debug, thiserror::Error)]
#[error("responses/{language}.toml: {source}")]
pub struct LocaleError {
    language: &'static str,
    source: toml::de::Error,
}

impl Locales {
    pub fn bundled() -> Result<Self, LocaleError> {
        Language::ALL
            .into_iter()
            .map(|language| {
                let file: LocaleFile =
                    toml::from_str(language.bundled_file()).map_err(|source| LocaleError {
                        language: language.code(),
                        source,
                    })?;
                Ok((
                    language,
                    Locale {
                        templates: file.templates,
                        when: file.when,
                    },
                ))
            })
            .collect::<Result<_, _>>()
            .map(Locales)
    }

    pub fn get(&self, language: Language) -> &Locale {
        // `bundled` loads every language or fails, so the map is complete.
        &self.0[&language]
    }
}

/// Which automatic reply to pick from a page's or a language's templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateKind {
    Acknowledgement,
    AfterHours,
    AfterHoursNoOpening,
    TalkToPerson,
    StillWorking,
    Automated,
}

impl Locale {
    /// The page's own template where it has one, else this language's default.
    pub fn template<'a>(&'a self, page: &'a Templates, kind: TemplateKind) -> &'a str {
        let pick = |t: &'a Templates| match kind {
            TemplateKind::Acknowledgement => t.acknowledgement.as_deref(),
            TemplateKind::AfterHours => t.after_hours.as_deref(),
            TemplateKind::AfterHoursNoOpening => t.after_hours_no_opening.as_deref(),
            TemplateKind::TalkToPerson => t.talk_to_person.as_deref(),
            TemplateKind::StillWorking => t.still_working.as_deref(),
            TemplateKind::Automated => t.automated.as_deref(),
        };
        pick(page)
            .or_else(|| pick(&self.templates))
            .unwrap_or_default()
    }

    /// The sentence that says the team is here now.
    pub fn here_now(&self) -> &str {
        &self.when.here_now
    }

    /// Says when `at` is, as seen by someone at `now`, in the page's time zone:
    /// "today at 14:00", "tomorrow at 9:00", "on Monday at 9:00", or a date a week or more out.
    pub fn describe(&self, now: DateTime<Tz>, at: DateTime<Tz>) -> String {
        let w = &self.when;
        // At chrono's limits a local time may not exist, and reading it would panic.
        let local = |t: &DateTime<Tz>| {
            t.naive_utc()
                .checked_add_offset(chrono::Offset::fix(t.offset()))
        };
        if at <= now || local(&now).is_none() || local(&at).is_none() {
            return w.now.clone();
        }
        let time = format!("{}:{:02}", at.hour(), at.minute());
        let at_pattern = w.at_by_hour.get(&at.hour().to_string()).unwrap_or(&w.at);
        let at_text = at_pattern.replace("{time}", &time);
        let days_ahead = (at.date_naive() - now.date_naive()).num_days();
        let pattern = match days_ahead {
            ..=0 => &w.today,
            1 => &w.tomorrow,
            2..=6 => &w.weekday,
            _ => &w.date,
        };
        pattern
            .replace(
                "{weekday}",
                &w.weekdays[at.weekday().num_days_from_monday() as usize],
            )
            .replace("{day}", &at.day().to_string())
            .replace("{month}", &w.months[at.month0() as usize])
            .replace("{at}", &at_text)
    }
}

/// `template` with the sentence that holds `placeholder` replaced by `sentence`.
pub fn replace_sentence(template: &str, placeholder: &str, sentence: &str) -> String {
    const ENDS: [char; 4] = ['.', '!', '?', '\n'];
    let Some(at) = template.find(placeholder) else {
        return template.to_owned();
    };
    let start = template[..at].rfind(ENDS).map_or(0, |i| i + 1);
    let after = at + placeholder.len();
    let end = template[after..]
        .find(ENDS)
        .map_or(template.len(), |i| after + i + 1);
    [
        template[..start].trim_end(),
        sentence,
        template[end..].trim_start(),
    ]
    .iter()
    .filter(|part| !part.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(" ")
}

/// Fills `{name}` placeholders; unknown ones stay visible rather than vanish.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// Placeholders in `template` that are not among `allowed`.
pub fn unknown_placeholders(template: &str, allowed: &[&str]) -> Vec<String> {
    let mut unknown = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !allowed.contains(&name) {
            unknown.push(name.to_owned());
        }
        rest = &after[close + 1..];
    }
    unknown
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use chrono_tz::Europe::{Kyiv, Prague};

    use super::*;

    fn describe(
        language: Language,
        tz: Tz,
        now: (u32, u32, u32),
        at: (u32, u32, u32, u32),
    ) -> String {
        let locales = Locales::bundled().expect("bundled locales parse");
        let now = tz
            .with_ymd_and_hms(2026, now.0, now.1, now.2, 0, 0)
            .unwrap();
        let at = tz
            .with_ymd_and_hms(2026, at.0, at.1, at.2, at.3, 0)
            .unwrap();
        locales.get(language).describe(now, at)
    }

    #[test]
    fn every_bundled_locale_parses_and_has_all_templates() {
        let locales = Locales::bundled().expect("bundled locales parse");
        let no_overrides = Templates::default();
        for language in Language::ALL {
            let locale = locales.get(language);
            for kind in [
                TemplateKind::Acknowledgement,
                TemplateKind::AfterHours,
                TemplateKind::AfterHoursNoOpening,
                TemplateKind::TalkToPerson,
                TemplateKind::StillWorking,
                TemplateKind::Automated,
            ] {
                let text = locale.template(&no_overrides, kind);
                assert!(!text.is_empty(), "{language:?} {kind:?}");
                assert!(
                    unknown_placeholders(text, PLACEHOLDERS).is_empty(),
                    "{language:?} {kind:?}"
                );
            }
            assert!(
                locale
                    .templates
                    .after_hours
                    .as_deref()
                    .is_some_and(|t| t.contains("{next_open}"))
            );
        }
    }

    #[test]
    fn next_opening_in_words() {
        use Language::*;
        // 2026-11-24 is a Tuesday.
        let cases = [
            (Cs, (11, 24, 7), (11, 24, 14, 0), "dnes ve 14:00"),
            (Cs, (11, 24, 20), (11, 25, 9, 0), "zítra v 9:00"),
            (Cs, (11, 27, 18), (11, 30, 9, 0), "v pondělí v 9:00"),
            (Cs, (11, 24, 18), (11, 26, 4, 30), "ve čtvrtek ve 4:30"),
            (Cs, (11, 23, 18), (11, 25, 9, 0), "ve středu v 9:00"),
            (Cs, (12, 20, 18), (12, 28, 9, 0), "28. prosince v 9:00"),
            (Sk, (11, 24, 18), (11, 26, 9, 0), "vo štvrtok o 9:00"),
            (Pl, (11, 27, 18), (11, 30, 9, 0), "w poniedziałek o 9:00"),
            (Pl, (11, 27, 18), (12, 1, 9, 0), "we wtorek o 9:00"),
            (Pl, (12, 20, 18), (12, 28, 9, 0), "28 grudnia o 9:00"),
            (Nl, (11, 27, 18), (11, 30, 9, 0), "op maandag om 9:00"),
            (De, (11, 24, 18), (11, 25, 9, 0), "morgen um 9:00 Uhr"),
            (
                De,
                (12, 20, 18),
                (12, 28, 9, 0),
                "am 28. Dezember um 9:00 Uhr",
            ),
            (En, (11, 24, 7), (11, 24, 9, 0), "today at 9:00"),
            (En, (11, 27, 18), (11, 30, 9, 0), "on Monday at 9:00"),
            (En, (12, 20, 18), (12, 28, 9, 0), "on 28 December at 9:00"),
        ];
        for (language, now, at, expected) in cases {
            assert_eq!(
                describe(language, Prague, now, at),
                expected,
                "{language:?} {now:?} {at:?}"
            );
        }
        assert_eq!(
            describe(Uk, Kyiv, (11, 27, 18), (11, 30, 11, 0)),
            "у понеділок об 11:00"
        );
        assert_eq!(
            describe(Uk, Kyiv, (11, 27, 18), (11, 28, 9, 0)),
            "завтра о 9:00"
        );
    }

    #[test]
    fn the_sentence_naming_the_next_opening_is_replaced_whole() {
        assert_eq!(
            replace_sentence(
                "We work 9:00–17:00. We are back {next_open}. {signature}",
                "{next_open}",
                "We are available now."
            ),
            "We work 9:00–17:00. We are available now. {signature}"
        );
        assert_eq!(
            replace_sentence("Back {next_open}", "{next_open}", "Here."),
            "Here."
        );
        assert_eq!(
            replace_sentence("No placeholder.", "{next_open}", "Here."),
            "No placeholder."
        );
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_found() {
        assert_eq!(
            fill(
                "from {next_open}, {page_name}",
                &[("next_open", "9:00"), ("page_name", "Shop")]
            ),
            "from 9:00, Shop"
        );
        assert_eq!(
            unknown_placeholders("Hi {first_name}, {next_open} {oops", PLACEHOLDERS),
            vec!["first_name"]
        );
    }
}
