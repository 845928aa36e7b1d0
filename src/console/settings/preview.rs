//! The preview beside the settings: the week as customers will live it (when the team works,
//! holidays, special days, an override, the next opening and closing from now), the automatic
//! replies in a chosen language, and the "try it" box (the simulator's decision, its reply and
//! why). Built from a validated page, saved or only on the form, and `now`; nothing is decided
//! here: the schedule (`Schedule::stretches`), the policy's replies and `simulate` decide.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::form::{DAYS, Posted};
use super::texts::{self, SettingsTexts};
use crate::console::format::When;
use crate::console::i18n::Lang;
use crate::console::reasons::{describe, why};
use crate::domain::decision::{AutoReplyKind, Decision, Priority};
use crate::domain::event::Channel;
use crate::domain::locale::{Language, Locales, TemplateKind};
use crate::domain::page::{Page, PageFile, check_instant};
use crate::domain::policy::{acknowledgement, with_disclosure};
use crate::domain::schedule::{Stretch, Why};
use crate::simulate::{Arrival, simulate_as};

/// What the "try it" box holds, and the language the replies are shown in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TryIt {
    pub text: String,
    /// When the message is written, in the page's time (`datetime-local`); empty: now.
    pub at: String,
    /// `message`, `comment` or `mention`.
    pub arrival: String,
    /// The language code the replies are shown in; empty: the page's.
    pub lang: String,
}

impl TryIt {
    pub fn of(posted: &Posted) -> Self {
        let text = |name: &str| posted.last(name).unwrap_or_default().to_owned();
        TryIt {
            text: text("try_text"),
            at: text("try_at"),
            arrival: text("try_arrival"),
            lang: text("preview_lang"),
        }
    }
}

/// An open stretch of a day on its bar: where it starts and how wide it is, in percent of
/// the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub x: String,
    pub width: String,
}

/// One day of the week ahead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayView {
    pub label: String,
    pub today: bool,
    /// The open stretches, "09:00–17:00".
    pub open: Vec<String>,
    /// What else rules the day: a holiday, a special day, an override.
    pub notes: Vec<String>,
    pub bars: Vec<Bar>,
    /// Where now is on today's bar.
    pub now_x: Option<String>,
}

/// One automatic reply as customers would get it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyView {
    pub label: &'static str,
    /// `None`: it never goes out (the page never opens, or never closes).
    pub text: Option<String>,
}

/// The simulator's answer to the "try it" box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trial {
    pub at: When,
    pub summary: String,
    pub reply: Option<String>,
    pub announcement: Option<String>,
    pub to_person: bool,
    pub high_priority: bool,
    pub reasons: Vec<String>,
    pub labels: Vec<String>,
}

/// The preview of one page configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub zone: String,
    pub open_now: bool,
    pub now_why: String,
    pub next_open: Option<When>,
    pub next_close: Option<When>,
    pub days: Vec<DayView>,
    pub reply_language: Language,
    pub replies: Vec<ReplyView>,
    /// The "try it" box's answer; `Err` says why there is none.
    pub trial: Result<Trial, &'static str>,
}

fn percent(part: Duration, whole: Duration) -> String {
    let whole = whole.num_seconds().max(1) as f64;
    format!(
        "{:.2}",
        (part.num_seconds() as f64 / whole * 100.0).clamp(0.0, 100.0)
    )
}

fn day_label(date: NaiveDate, lang: Lang, s: &SettingsTexts) -> String {
    let day = DAYS[date.weekday().num_days_from_monday() as usize];
    let pattern = match lang {
        Lang::En => "%-d %b",
        Lang::Cs => "%-d. %-m.",
    };
    format!("{} {}", s.day(day), date.format(pattern))
}

/// One local day as customers live it, `None` at chrono's limits.
fn day_view(
    page: &Page,
    date: NaiveDate,
    now: DateTime<Utc>,
    lang: Lang,
    s: &SettingsTexts,
) -> Option<DayView> {
    let schedule = &page.schedule;
    let zone = schedule.time_zone;
    let start = schedule.day_start(date)?;
    let end = schedule.day_start(date.succ_opt()?)?;
    let length = end.signed_duration_since(start);
    let stretches = schedule.stretches(start, end);
    let local = |at: DateTime<Utc>| at.with_timezone(&zone).format("%H:%M").to_string();
    let mut notes: Vec<String> = Vec::new();
    for Stretch { why: because, .. } in &stretches {
        if *because != Why::WeeklyHours {
            let note = why(because, lang, zone);
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
    }
    let open: Vec<&Stretch> = stretches.iter().filter(|st| st.open).collect();
    if open.is_empty() {
        notes.insert(0, s.closed_all_day.to_owned());
    }
    Some(DayView {
        label: day_label(date, lang, s),
        today: start <= now && now < end,
        open: open
            .iter()
            .map(|st| {
                let to = if st.to >= end {
                    "24:00".to_owned()
                } else {
                    local(st.to)
                };
                format!("{}–{to}", local(st.from))
            })
            .collect(),
        notes,
        bars: open
            .iter()
            .map(|st| Bar {
                x: percent(st.from.signed_duration_since(start), length),
                width: percent(st.to.signed_duration_since(st.from), length),
            })
            .collect(),
        now_x: (start <= now && now < end)
            .then(|| percent(now.signed_duration_since(start), length)),
    })
}

fn replies(
    page: &Page,
    locales: &Locales,
    language: Language,
    now: DateTime<Utc>,
    s: &SettingsTexts,
) -> Vec<ReplyView> {
    let schedule = &page.schedule;
    let locale = locales.get(language);
    let open_now = schedule.is_open(now);
    let when_open = if open_now {
        Some(now)
    } else {
        schedule.next_open(now)
    };
    let when_closed = if open_now {
        schedule.next_close(now)
    } else {
        Some(now)
    };
    let sent = |at: Option<DateTime<Utc>>| {
        at.map(|at| {
            let (_, text, _) = acknowledgement(page, locale, at);
            with_disclosure(page, locales, &text, language)
        })
    };
    let template = |kind| locale.template(&page.templates, kind).to_owned();
    vec![
        ReplyView {
            label: s.tpl_acknowledgement,
            text: sent(when_open),
        },
        ReplyView {
            label: s.tpl_after_hours,
            text: sent(when_closed),
        },
        ReplyView {
            label: s.tpl_still_working,
            text: Some(with_disclosure(
                page,
                locales,
                &template(TemplateKind::StillWorking),
                language,
            )),
        },
        ReplyView {
            label: s.tpl_talk_to_person,
            text: Some(template(TemplateKind::TalkToPerson)),
        },
        ReplyView {
            label: s.tpl_automated,
            text: Some(template(TemplateKind::Automated)),
        },
    ]
}

fn summary(decision: &Decision, s: &SettingsTexts) -> String {
    match &decision.reply {
        Some(reply) => {
            let kind = match &reply.kind {
                AutoReplyKind::Acknowledgement => s.kind_acknowledgement.to_owned(),
                AutoReplyKind::AfterHours => s.kind_after_hours.to_owned(),
                AutoReplyKind::FaqAnswer { entry } => {
                    format!("{} \u{201c}{entry}\u{201d}", s.kind_faq)
                }
            };
            let public = if reply.public {
                format!(" ({})", s.in_public)
            } else {
                String::new()
            };
            format!("{}: {kind}{public}", s.auto_reply)
        }
        None => s.no_auto_reply.to_owned(),
    }
}

/// The instant the box's time names, in the page's zone; now when it names none.
fn trial_instant(text: &str, zone: Tz, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return Some(now);
    }
    let local = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    let at = zone
        .from_local_datetime(&local)
        .earliest()?
        .with_timezone(&Utc);
    check_instant("at", at).ok().map(|()| at)
}

fn trial(
    file: &PageFile,
    page: &Page,
    locales: &Locales,
    try_it: &TryIt,
    now: DateTime<Utc>,
    lang: Lang,
    s: &'static SettingsTexts,
) -> Result<Trial, &'static str> {
    if try_it.text.trim().is_empty() {
        return Err(s.try_empty);
    }
    let zone = page.schedule.time_zone;
    let at = trial_instant(&try_it.at, zone, now).ok_or(s.try_bad_time)?;
    let arrival = match (try_it.arrival.as_str(), file.channel) {
        ("comment", Channel::Messenger | Channel::Instagram) => Arrival::Comment,
        ("mention", Channel::X) => Arrival::Mention,
        _ => Arrival::Message,
    };
    let decision = simulate_as(file, page, locales, arrival, try_it.text.clone(), at, None);
    Ok(Trial {
        at: When::at(at, zone, now),
        summary: summary(&decision, s),
        reply: decision.reply.as_ref().map(|reply| reply.text.clone()),
        announcement: decision.announcement.clone(),
        to_person: decision.escalate,
        high_priority: decision.priority == Priority::High,
        reasons: decision
            .reasons
            .iter()
            .map(|reason| describe(reason, lang, zone))
            .collect(),
        labels: decision.labels.clone(),
    })
}

impl Preview {
    /// The preview of `file` (validated as `page`) at `now`, for a viewer in `lang`.
    pub fn of(
        file: &PageFile,
        page: &Page,
        locales: &Locales,
        try_it: &TryIt,
        now: DateTime<Utc>,
        lang: Lang,
    ) -> Preview {
        let s = texts::of(lang);
        let schedule = &page.schedule;
        let zone = schedule.time_zone;
        let status = schedule.status(now);
        let today = now.with_timezone(&zone).date_naive();
        let reply_language =
            serde_json::from_value(serde_json::json!(try_it.lang)).unwrap_or(page.language);
        let when = |at: Option<DateTime<Utc>>| at.map(|at| When::at(at, zone, now));
        // The next change from now, and the one after it.
        let (next_open, next_close) = if status.open {
            let close = schedule.next_close(now);
            (close.and_then(|close| schedule.next_open(close)), close)
        } else {
            let open = schedule.next_open(now);
            (open, open.and_then(|open| schedule.next_close(open)))
        };
        Preview {
            zone: zone.name().to_owned(),
            open_now: status.open,
            now_why: why(&status.why, lang, zone),
            next_open: when(next_open),
            next_close: when(next_close),
            days: today
                .iter_days()
                .take(7)
                .filter_map(|date| day_view(page, date, now, lang, s))
                .collect(),
            reply_language,
            replies: replies(page, locales, reply_language, now, s),
            trial: trial(file, page, locales, try_it, now, lang, s),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str = include_str!("../../../responses/pages/example.toml");

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("an instant")
            .to_utc()
    }

    fn preview(file: &PageFile, try_it: &TryIt, now: DateTime<Utc>, lang: Lang) -> Preview {
        let page = file.validate().expect("valid");
        let locales = Locales::bundled().expect("locales");
        Preview::of(file, &page, &locales, try_it, now, lang)
    }

    fn example() -> PageFile {
        PageFile::from_toml(EXAMPLE).expect("the example parses")
    }

    #[test]
    fn the_week_ahead_shows_hours_closed_days_and_what_rules_them() {
        // Tuesday 22 December 2026, 10:00 in Prague.
        let p = preview(
            &example(),
            &TryIt::default(),
            at("2026-12-22T09:00:00Z"),
            Lang::En,
        );

        assert!(p.open_now);
        assert_eq!(p.now_why, "weekly hours");
        assert_eq!(
            p.next_close.as_ref().map(|w| w.local.as_str()),
            Some("17:00")
        );
        assert_eq!(
            p.next_open.as_ref().map(|w| w.iso.as_str()),
            Some("2026-12-23T08:00:00Z")
        );
        let days: Vec<(&str, Vec<&str>, Vec<&str>)> = p
            .days
            .iter()
            .map(|d| {
                (
                    d.label.as_str(),
                    d.open.iter().map(String::as_str).collect(),
                    d.notes.iter().map(String::as_str).collect(),
                )
            })
            .collect();
        assert_eq!(days[0], ("Tuesday 22 Dec", vec!["09:00–17:00"], vec![]));
        assert_eq!(
            days[2],
            (
                "Thursday 24 Dec",
                vec!["08:00–12:00"],
                vec!["special day: Štědrý den"]
            )
        );
        assert_eq!(days[3].1, Vec::<&str>::new());
        assert_eq!(days[3].2[0], "closed all day");
        assert!(
            days[3].2[1].starts_with("public holiday: "),
            "{:?}",
            days[3]
        );
        assert_eq!(days.len(), 7);
        assert!(p.days[0].today && p.days[0].now_x.is_some());
        assert_eq!(p.days[0].bars[0].x, "37.50");
        assert_eq!(p.days[0].bars[0].width, "33.33");
        assert!(!p.days[1].today);
    }

    #[test]
    fn replies_are_shown_as_sent_in_the_chosen_language() {
        let try_it = TryIt {
            lang: "en".into(),
            ..TryIt::default()
        };
        let p = preview(&example(), &try_it, at("2026-11-24T09:00:00Z"), Lang::Cs);

        assert_eq!(p.reply_language, Language::En);
        let after_hours = p.replies[1].text.as_deref().unwrap_or_default();
        assert!(
            after_hours.ends_with("will answer you tomorrow at 9:00."),
            "{after_hours}"
        );
        assert_eq!(p.replies[0].label, "V otevírací době");
        // A page that never opens never sends the acknowledgement.
        let mut closed = example();
        closed.hours = Default::default();
        closed.special_days.clear();
        let p = preview(
            &closed,
            &TryIt::default(),
            at("2026-11-24T09:00:00Z"),
            Lang::En,
        );
        assert_eq!(p.replies[0].text, None);
        assert!(!p.open_now);
        assert_eq!(p.next_open, None);
    }

    #[test]
    fn the_try_it_box_gives_the_simulators_decision_and_why() {
        let now = at("2026-11-24T09:00:00Z");
        let ask = |text: &str, at: &str, arrival: &str| {
            let try_it = TryIt {
                text: text.into(),
                at: at.into(),
                arrival: arrival.into(),
                lang: String::new(),
            };
            preview(&example(), &try_it, now, Lang::En).trial
        };

        let night = ask("Kde je moje objednávka?", "2026-11-27T22:00", "message").expect("a trial");
        assert_eq!(night.summary, "Automatic reply: after-hours reply");
        assert!(night.to_person);
        assert_eq!(night.at.iso, "2026-11-27T21:00:00Z");
        assert!(
            night
                .reply
                .as_deref()
                .is_some_and(|r| r.contains("v pondělí v 9:00")),
            "{night:?}"
        );
        assert!(
            night
                .reasons
                .iter()
                .any(|r| r.starts_with("closed (weekly hours)"))
        );

        let comment = ask("Máte otevřeno?", "", "comment").expect("a trial");
        assert!(comment.reasons.iter().any(|r| r.starts_with("a comment")));
        // A mention is only an X page's; here it is a message.
        let mention = ask("Máte otevřeno?", "", "mention").expect("a trial");
        assert!(
            !mention
                .reasons
                .iter()
                .any(|r| r.starts_with("public mention"))
        );

        assert_eq!(ask("  ", "", "message"), Err(texts::of(Lang::En).try_empty));
        assert_eq!(
            ask("ahoj", "1999-12-31T10:00", "message"),
            Err(texts::of(Lang::En).try_bad_time)
        );
        assert_eq!(
            ask("ahoj", "next friday", "message"),
            Err(texts::of(Lang::En).try_bad_time)
        );
    }
}
