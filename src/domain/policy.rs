//! The decision: what frontdesk does with one inbound event, and why.
//!
//! `decide` is a pure function of the page, the locales, the event and `now`. In order:
//! echoes are ignored; public mentions go to a person (with an automatic answer only where
//! the page allows one); days-old messages go to a person without an automatic reply; a
//! confident FAQ answer is sent and the conversation is not escalated; anything else gets
//! the acknowledgement (office hours) or the after-hours reply naming the next opening, in
//! the customer's language, and goes to the human queue. Angry messages go there with high
//! priority.
//!
//! Whether an automatic reply was already sent recently is not known here: the reply says
//! how often it may go out (`AutoReply::at_most_once_per`, per `AutoReply::throttle_topic`)
//! and the worker enforces that atomically in the store, so concurrent instances cannot
//! both send it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use chrono::Timelike;

use super::conversation::{Conversation, Status};
use super::event::{Channel, Inbound, InboundKind};
use super::faq::{Match, Verdict};
use super::locale::{Language, Locale, Locales, TemplateKind, fill};
use super::page::{MentionReply, Page};
use super::schedule::Why;

/// The payload of the "talk to a person" button under FAQ answers.
pub const TALK_TO_PERSON: &str = "FRONTDESK_TALK_TO_PERSON";

/// What to do with one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<AutoReply>,
    /// Whether the conversation goes to the human queue.
    pub escalate: bool,
    #[serde(default)]
    pub priority: Priority,
    /// Labels for the conversation (`stale`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// Why, in order of evaluation: the explanation of "why did the bot say this?".
    pub reasons: Vec<Reason>,
    /// The page's crisis announcement, sent ahead of the reply to a customer who has not had
    /// it yet (the worker sends it once per customer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announcement: Option<String>,
}

impl Decision {
    fn to_person(priority: Priority, reasons: Vec<Reason>) -> Self {
        Decision {
            reply: None,
            escalate: true,
            priority,
            labels: Vec::new(),
            reasons,
            announcement: None,
        }
    }
}

/// How urgently a person should look at a conversation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    #[default]
    Normal,
    High,
}

/// An automatic reply to send to the customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoReply {
    pub kind: AutoReplyKind,
    pub text: String,
    pub language: Language,
    /// The same reply (same kind and topic) goes to one customer at most once in this period.
    #[serde(with = "seconds")]
    pub at_most_once_per: Duration,
    /// Whether it answers the customer's public post in public instead of privately.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub public: bool,
    /// Buttons offered with the reply: (title, payload).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quick_replies: Vec<(String, String)>,
}

impl AutoReply {
    /// What "the same reply" means for throttling: the kind, and the FAQ entry for answers.
    pub fn throttle_topic(&self) -> String {
        match &self.kind {
            AutoReplyKind::FaqAnswer { entry } => format!("faq:{entry}"),
            kind => kind.as_str().to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AutoReplyKind {
    Acknowledgement,
    AfterHours,
    FaqAnswer { entry: String },
}

impl AutoReplyKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            AutoReplyKind::Acknowledgement => "acknowledgement",
            AutoReplyKind::AfterHours => "after_hours",
            AutoReplyKind::FaqAnswer { .. } => "faq_answer",
        }
    }
}

/// One rule that shaped the decision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Reason {
    /// The page itself sent this message; answering would talk to ourselves.
    OwnMessage,
    /// A public mention: a person answers it; an automatic reply only as the page allows.
    PublicMention { reply: MentionReply },
    /// Too old to answer as if it were new; a person sees it instead.
    Stale { age_hours: i64 },
    /// The customer pressed "talk to a person".
    AskedForPerson,
    /// A person holds the conversation: the bot stays silent until it is released or
    /// resolved.
    PersonHandling { by: String },
    /// What the FAQ matcher concluded (answer, or why not).
    Faq {
        #[serde(rename = "match")]
        result: Match,
    },
    /// The team is working now, by the schedule rule `because`.
    OfficeHours { because: Why },
    /// The team is away (by `because`); it comes back at `next_open` (never, when `None`).
    AfterHours {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next_open: Option<DateTime<Utc>>,
        because: Why,
    },
    /// The same automatic reply went out recently (set by the worker, not by `decide`).
    RecentlyReplied,
    /// A comment on a page post: a person answers it; the customer gets a private reply
    /// when the page enables them and the comment is young enough (7 days).
    Comment { private_reply: bool },
    /// The page is in crisis mode until `until`: the customer gets the announcement first.
    Crisis { until: DateTime<Utc> },
}

/// Decides what to do with `event` for `page` at `now`; `held_by` is the person holding the
/// conversation, if any.
pub fn decide(
    page: &Page,
    locales: &Locales,
    event: &Inbound,
    now: DateTime<Utc>,
    held_by: Option<&str>,
) -> Decision {
    let mut decision = decide_reply(page, locales, event, now, held_by);
    let crisis = page.crisis.as_ref().filter(|c| c.is_active(now));
    // Only a private message that is new and not in a person's hands gets the announcement:
    // not an echo, a public mention, a stale message or a held conversation.
    let private = matches!(
        event.kind,
        InboundKind::Message { .. } | InboundKind::Postback { .. }
    );
    let stale = decision.labels.iter().any(|l| l == "stale");
    if let (Some(crisis), true) = (crisis, private && !stale && held_by.is_none()) {
        let language = decision
            .reply
            .as_ref()
            .map_or(page.language, |reply| reply.language);
        if let Some(text) = crisis.announcement_in(language, page.language) {
            decision.announcement = Some(with_disclosure(page, locales, text, language));
            decision.labels.push(CRISIS_LABEL.into());
            decision.reasons.push(Reason::Crisis {
                until: crisis.until,
            });
        }
    }
    decision
}

/// Messenger accepts a private reply to a comment for this long after it was written.
const PRIVATE_REPLY_WITHIN: chrono::Duration = chrono::Duration::days(7);

/// The label of conversations that came in during a crisis.
pub const CRISIS_LABEL: &str = "crisis";

/// `decide` without the crisis announcement.
fn decide_reply(
    page: &Page,
    locales: &Locales,
    event: &Inbound,
    now: DateTime<Utc>,
    held_by: Option<&str>,
) -> Decision {
    let mut reasons = Vec::new();
    let mut public = false;
    let (text, payload) = match &event.kind {
        InboundKind::Echo { .. } => {
            return Decision {
                reply: None,
                escalate: false,
                priority: Priority::Normal,
                labels: Vec::new(),
                reasons: vec![Reason::OwnMessage],
                announcement: None,
            };
        }
        InboundKind::Mention { text, .. } => {
            reasons.push(Reason::PublicMention {
                reply: page.mention_reply,
            });
            match page.mention_reply {
                MentionReply::None => return Decision::to_person(Priority::Normal, reasons),
                MentionReply::DirectMessage => {}
                MentionReply::PublicReply => public = true,
            }
            (Some(text.as_str()), None)
        }
        InboundKind::Comment { text, .. } => {
            let private_reply = page.comment_private_reply
                && now.signed_duration_since(event.sent_at) <= PRIVATE_REPLY_WITHIN;
            reasons.push(Reason::Comment { private_reply });
            if !private_reply {
                return Decision::to_person(Priority::Normal, reasons);
            }
            (Some(text.as_str()), None)
        }
        InboundKind::Message {
            text, quick_reply, ..
        } => (text.as_deref(), quick_reply.as_deref()),
        InboundKind::Postback { payload, .. } => (None, Some(payload.as_str())),
    };
    let age = now.signed_duration_since(event.sent_at);
    let stale_after = chrono::Duration::from_std(page.stale_after).unwrap_or(chrono::Duration::MAX);
    if age > stale_after {
        reasons.push(Reason::Stale {
            age_hours: age.num_hours(),
        });
        let mut decision = Decision::to_person(Priority::Normal, reasons);
        decision.labels.push("stale".into());
        return decision;
    }
    if let Some(person) = held_by {
        reasons.push(Reason::PersonHandling {
            by: person.to_owned(),
        });
        return Decision::to_person(Priority::Normal, reasons);
    }
    let mut priority = Priority::Normal;
    let mut language = page.language;
    if payload == Some(TALK_TO_PERSON) {
        reasons.push(Reason::AskedForPerson);
    } else if let Some(text) = text {
        let result = page.faq.matches(text);
        language = result.language.unwrap_or(page.language);
        if let Verdict::Answer { entry } = &result.verdict {
            if let Some(reply) = faq_answer(page, locales, entry, language, now, public) {
                reasons.push(Reason::Faq { result });
                return Decision {
                    reply: Some(disclosed(page, locales, reply)),
                    escalate: false,
                    priority,
                    labels: Vec::new(),
                    reasons,
                    announcement: None,
                };
            }
        }
        if let Verdict::Angry { .. } = result.verdict {
            priority = Priority::High;
        }
        if let Verdict::Spam { .. } = result.verdict {
            // Phishing gets no reply: a person looks at it when there is time.
            reasons.push(Reason::Faq { result });
            let mut decision = Decision::to_person(Priority::Normal, reasons);
            decision.labels.push(SPAM_LABEL.into());
            return decision;
        }
        if !page.faq.is_empty() {
            reasons.push(Reason::Faq { result });
        }
    }
    let locale = locales.get(language);
    let (kind, text, reason) = acknowledgement(page, locale, now);
    reasons.push(reason);
    let reply = AutoReply {
        kind,
        text,
        language,
        at_most_once_per: page.auto_reply_cooldown,
        public,
        quick_replies: Vec::new(),
    };
    Decision {
        reply: Some(disclosed(page, locales, reply)),
        escalate: true,
        priority,
        labels: Vec::new(),
        reasons,
        announcement: None,
    }
}

/// The label of conversations whose message reads as phishing or spam.
pub const SPAM_LABEL: &str = "spam";

/// Follow-ups are not sent between these local hours (night), whatever the office hours.
const NIGHT: (u32, u32) = (21, 8);

/// The "we're still working on it" message for a customer waiting on a person, or `None`.
/// At most one per `page.follow_up` interval (counted from the last message either way),
/// only while the conversation waits on the team, never at night in the page's time zone and,
/// on Messenger, only inside the 24-hour window automated messages may use.
pub fn follow_up(
    page: &Page,
    locales: &Locales,
    conversation: &Conversation,
    now: DateTime<Utc>,
) -> Option<(String, Language)> {
    let interval = page.follow_up?;
    if !matches!(conversation.status, Status::New | Status::Assigned) {
        return None;
    }
    let last_customer = conversation.last_customer_message_at()?;
    let last_any = conversation.messages.iter().map(|m| m.at).max()?;
    if now - last_any < interval {
        return None;
    }
    if conversation.key.channel == Channel::Messenger
        && now - last_customer >= chrono::Duration::hours(24)
    {
        return None;
    }
    let hour = now.with_timezone(&page.schedule.time_zone).hour();
    if hour >= NIGHT.0 || hour < NIGHT.1 {
        return None;
    }
    // The language we last answered in, else the page's.
    let language = conversation
        .messages
        .iter()
        .rev()
        .find_map(|m| m.decision.as_ref()?.reply.as_ref().map(|r| r.language))
        .unwrap_or(page.language);
    let text = locales
        .get(language)
        .template(&page.templates, TemplateKind::StillWorking);
    Some((with_disclosure(page, locales, text, language), language))
}

/// An automatic reply with the page's automation disclosure, where the page requires one.
fn disclosed(page: &Page, locales: &Locales, mut reply: AutoReply) -> AutoReply {
    reply.text = with_disclosure(page, locales, &reply.text, reply.language);
    reply
}

/// `text` followed by the "this is an automatic reply" line in `language`, on pages that
/// disclose automation; `text` alone elsewhere.
pub fn with_disclosure(page: &Page, locales: &Locales, text: &str, language: Language) -> String {
    if !page.disclose_automation {
        return text.to_owned();
    }
    let line = locales
        .get(language)
        .template(&page.templates, TemplateKind::Automated);
    format!("{text}\n{line}")
}

/// The office-hours acknowledgement or the after-hours reply with the next opening.
fn acknowledgement(
    page: &Page,
    locale: &Locale,
    now: DateTime<Utc>,
) -> (AutoReplyKind, String, Reason) {
    let schedule = &page.schedule;
    let status = schedule.status(now);
    if status.open {
        let template = locale.template(&page.templates, TemplateKind::Acknowledgement);
        let text = fill(template, &[("page_name", &page.name)]);
        let reason = Reason::OfficeHours {
            because: status.why,
        };
        return (AutoReplyKind::Acknowledgement, text, reason);
    }
    let next_open = schedule.next_open(now);
    let text = match next_open {
        Some(at) => {
            let template = locale.template(&page.templates, TemplateKind::AfterHours);
            let when = next_open_words(page, locale, now, at);
            fill(template, &[("next_open", &when), ("page_name", &page.name)])
        }
        None => {
            let template = locale.template(&page.templates, TemplateKind::AfterHoursNoOpening);
            fill(template, &[("page_name", &page.name)])
        }
    };
    let reason = Reason::AfterHours {
        next_open,
        because: status.why,
    };
    (AutoReplyKind::AfterHours, text, reason)
}

fn next_open_words(page: &Page, locale: &Locale, now: DateTime<Utc>, at: DateTime<Utc>) -> String {
    let tz = page.schedule.time_zone;
    locale.describe(now.with_timezone(&tz), at.with_timezone(&tz))
}

/// The page's answer to an FAQ entry in `language` (or the page's language), with the
/// "talk to a person" button.
fn faq_answer(
    page: &Page,
    locales: &Locales,
    entry: &str,
    language: Language,
    now: DateTime<Utc>,
    public: bool,
) -> Option<AutoReply> {
    let answers = page.faq_answers.get(entry)?;
    let (language, answer) = answers
        .get_key_value(&language)
        .or_else(|| answers.get_key_value(&page.language))?;
    let locale = locales.get(*language);
    let next_open = match page.schedule.next_open(now) {
        Some(at) => next_open_words(page, locale, now, at),
        None => String::new(),
    };
    let text = fill(
        answer.text(page.tone),
        &[
            ("page_name", &page.name),
            ("next_open", &next_open),
            ("signature", &page.signature),
            // Neither is known to an automatic answer; the wording must read well without.
            ("first_name", ""),
            ("agent", ""),
        ],
    );
    let button = locale.template(&page.templates, TemplateKind::TalkToPerson);
    Some(AutoReply {
        kind: AutoReplyKind::FaqAnswer {
            entry: entry.to_owned(),
        },
        text: tidy(&text),
        language: *language,
        at_most_once_per: page.auto_reply_cooldown,
        public,
        quick_replies: vec![(button.to_owned(), TALK_TO_PERSON.to_owned())],
    })
}

/// Removes the gaps an empty placeholder leaves: double spaces, a space before punctuation.
fn tidy(text: &str) -> String {
    let mut out = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for mark in [",", ".", "!", "?"] {
        out = out.replace(&format!(" {mark}"), mark);
    }
    out.trim().to_owned()
}

mod seconds {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_secs())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_secs)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::event::Channel;
    use crate::domain::faq::Verdict;
    use crate::domain::locale::Locales;
    use crate::domain::page::PageFile;

    fn page() -> Page {
        PageFile::from_toml(include_str!("../../responses/pages/example.toml"))
            .and_then(|f| f.validate())
            .expect("valid example page")
    }

    fn message(sent_at: DateTime<Utc>, kind: InboundKind) -> Inbound {
        Inbound {
            channel: Channel::Messenger,
            page_id: "104857600123456".into(),
            customer_id: "7034819265011234".into(),
            message_id: "m_1".into(),
            sent_at,
            verified_by_app: None,
            kind,
        }
    }

    fn text(sent_at: DateTime<Utc>) -> Inbound {
        message(
            sent_at,
            InboundKind::Message {
                text: Some("Dobrý den".into()),
                attachments: vec![],
                quick_reply: None,
            },
        )
    }

    fn decide_at(event: &Inbound, now: DateTime<Utc>) -> Decision {
        let locales = Locales::bundled().expect("locales");
        let page = page();
        decide(&page, &locales, event, now, None)
    }

    #[test]
    fn office_hours_acknowledge_and_escalate() {
        // Tuesday 2026-11-24 10:00 in Prague.
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let d = decide_at(&text(now), now);
        let reply = d.reply.expect("a reply");
        assert_eq!(reply.kind, AutoReplyKind::Acknowledgement);
        assert!(reply.text.contains("odpoví co nejdříve"), "{}", reply.text);
        assert_eq!(reply.at_most_once_per, Duration::from_secs(240 * 60));
        assert!(d.escalate);
        assert_eq!(
            d.reasons,
            vec![Reason::OfficeHours {
                because: Why::WeeklyHours
            }]
        );
    }

    #[test]
    fn friday_evening_names_monday_morning() {
        // Friday 2026-11-27 19:00 in Prague; the page opens Monday at 9:00.
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 18, 0, 0).unwrap();
        let d = decide_at(&text(now), now);
        let reply = d.reply.expect("a reply");
        assert_eq!(reply.kind, AutoReplyKind::AfterHours);
        assert_eq!(
            reply.text,
            "Dobrý den, děkujeme za zprávu. Teď máme zavřeno, odpovíme vám v pondělí v 9:00."
        );
        let monday = Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap();
        assert_eq!(
            d.reasons,
            vec![Reason::AfterHours {
                next_open: Some(monday),
                because: Why::WeeklyHours
            }]
        );
        assert!(d.escalate);
    }

    #[test]
    fn a_page_that_never_opens_promises_no_time() {
        let mut page = page();
        page.schedule.hours = Default::default();
        page.schedule.special_days.clear();
        let locales = Locales::bundled().expect("locales");
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let d = decide(&page, &locales, &text(now), now, None);
        let reply = d.reply.expect("a reply");
        assert!(
            reply.text.contains("jakmile to bude možné"),
            "{}",
            reply.text
        );
        let because = Why::WeeklyHours;
        assert_eq!(
            d.reasons,
            vec![Reason::AfterHours {
                next_open: None,
                because
            }]
        );
    }

    #[test]
    fn echoes_are_ignored_and_old_messages_go_to_a_person_silently() {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let echo = decide_at(&message(now, InboundKind::Echo { app_id: None }), now);
        assert_eq!((echo.reply, echo.escalate), (None, false));

        let three_days_ago = now - chrono::Duration::hours(72);
        let stale = decide_at(&text(three_days_ago), now);
        assert_eq!(stale.reply, None);
        assert!(stale.escalate);
        assert_eq!(stale.reasons, vec![Reason::Stale { age_hours: 72 }]);

        let fresh = decide_at(&text(now - chrono::Duration::hours(47)), now);
        assert!(fresh.reply.is_some());
    }

    fn page_with_faq() -> Page {
        let mut file = PageFile::from_toml(include_str!("../../responses/pages/example.toml"))
            .expect("parses");
        let faq = include_str!("../../responses/faq/eshop.toml");
        file.faq = Some(crate::domain::page::FaqFile::from_toml(faq).expect("faq parses"));
        file.validate().expect("valid")
    }

    fn message_text(text: &str, at: DateTime<Utc>) -> Inbound {
        message(
            at,
            InboundKind::Message {
                text: Some(text.into()),
                attachments: vec![],
                quick_reply: None,
            },
        )
    }

    #[test]
    fn comments_get_a_private_reply_only_where_enabled_and_within_seven_days() {
        let locales = Locales::bundled().expect("locales");
        let mut page = page();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let comment = |age_days: i64| {
            message(
                now - chrono::Duration::days(age_days),
                InboundKind::Comment {
                    text: "Dobrý den".into(),
                    post_id: "1_2".into(),
                },
            )
        };
        let off = decide(&page, &locales, &comment(0), now, None);
        assert!(off.reply.is_none() && off.escalate);
        assert_eq!(
            off.reasons,
            [Reason::Comment {
                private_reply: false
            }]
        );
        page.comment_private_reply = true;
        page.stale_after = Duration::from_secs(30 * 24 * 3600);
        let on = decide(&page, &locales, &comment(1), now, None);
        assert!(on.reply.is_some() && on.escalate);
        let old = decide(&page, &locales, &comment(8), now, None);
        assert!(
            old.reply.is_none(),
            "Messenger refuses private replies after 7 days"
        );
    }

    #[test]
    fn a_crisis_announces_itself_to_new_private_messages_only() {
        let locales = Locales::bundled().expect("locales");
        let mut page = page();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let crisis = crate::domain::page::Crisis {
            announcement: [(Language::En, "We are down.".to_owned())].into(),
            started_at: now - chrono::Duration::hours(1),
            until: now + chrono::Duration::hours(1),
        };
        page.crisis = Some(crisis.clone());
        let d = decide(&page, &locales, &text(now), now, None);
        assert_eq!(
            d.announcement.as_deref(),
            Some("We are down."),
            "any language"
        );
        assert_eq!(d.labels, ["crisis"]);
        assert!(matches!(d.reasons.last(), Some(Reason::Crisis { .. })));
        assert!(d.reply.is_some(), "the reply still follows");
        let held = decide(&page, &locales, &text(now), now, Some("Jana"));
        assert_eq!(held.announcement, None, "a person has it");
        let old = text(now - chrono::Duration::days(3));
        assert_eq!(
            decide(&page, &locales, &old, now, None).announcement,
            None,
            "stale"
        );
        let later = now + chrono::Duration::hours(2);
        assert_eq!(
            decide(&page, &locales, &text(later), later, None).announcement,
            None,
            "over"
        );
    }

    #[test]
    fn pages_that_disclose_automation_say_so_in_the_customers_language() {
        let locales = Locales::bundled().expect("locales");
        let mut page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let reply = |page: &Page, text: &str| {
            decide(page, &locales, &message_text(text, now), now, None)
                .reply
                .expect("a reply")
                .text
        };
        assert!(!reply(&page, "Dobrý den").contains("automatick"));
        page.disclose_automation = true;
        assert!(
            reply(&page, "Dobrý den").ends_with("\n(Toto je automatická odpověď.)"),
            "acknowledgement"
        );
        assert!(
            reply(&page, "kolik stoji doprava na slovensko?")
                .ends_with("\n(Toto je automatická odpověď.)"),
            "FAQ answer"
        );
        assert!(
            reply(&page, "Where is my parcel? It has not arrived yet.")
                .ends_with("\n(This is an automatic reply.)"),
            "in the customer's language"
        );
        page.templates.automated = Some("Odpovídá robot.".into());
        assert!(reply(&page, "Dobrý den").ends_with("\nOdpovídá robot."));
    }

    #[test]
    fn a_confident_faq_answer_replaces_the_acknowledgement_and_needs_no_person() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 21, 0, 0).unwrap();
        let d = decide(
            &page,
            &locales,
            &message_text("kolik stoji doprava na slovensko?", now),
            now,
            None,
        );
        let reply = d.reply.expect("an answer");
        assert_eq!(
            reply.kind,
            AutoReplyKind::FaqAnswer {
                entry: "delivery".into()
            }
        );
        assert!(
            reply
                .text
                .starts_with("Objednávky doručujeme do 2–3 pracovních dnů"),
            "{}",
            reply.text
        );
        assert!(
            reply.text.ends_with("Tým Kavárny U Zvonu"),
            "signed: {}",
            reply.text
        );
        assert_eq!(
            reply.quick_replies,
            vec![("Mluvit s člověkem".to_owned(), TALK_TO_PERSON.to_owned())]
        );
        assert_eq!(reply.throttle_topic(), "faq:delivery");
        assert!(
            !d.escalate,
            "the answer covers it; the button still reaches a person"
        );
        assert!(matches!(&d.reasons[0], Reason::Faq { result } if result.best.is_some()));
    }

    #[test]
    fn faq_answers_speak_the_customers_language_and_the_pages_tone() {
        let locales = Locales::bundled().expect("locales");
        let mut page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let english = decide(
            &page,
            &locales,
            &message_text("how can i pay for my order?", now),
            now,
            None,
        );
        let reply = english.reply.expect("an answer");
        assert_eq!(reply.language, Language::En);
        assert!(
            reply.text.starts_with("You can pay by card"),
            "{}",
            reply.text
        );
        assert_eq!(reply.quick_replies[0].0, "Talk to a person");

        let formal = decide(
            &page,
            &locales,
            &message_text("jak muzu zaplatit?", now),
            now,
            None,
        );
        assert!(
            formal
                .reply
                .expect("answer")
                .text
                .starts_with("Platit můžete")
        );
        page.tone = crate::domain::page::Tone::Informal;
        let informal = decide(
            &page,
            &locales,
            &message_text("jak muzu zaplatit?", now),
            now,
            None,
        );
        assert!(
            informal
                .reply
                .expect("answer")
                .text
                .starts_with("Platit můžeš")
        );
    }

    #[test]
    fn the_opening_hours_answer_names_the_next_opening() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        // Friday 22:00 in Prague.
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 21, 0, 0).unwrap();
        let d = decide(
            &page,
            &locales,
            &message_text("jakou mate oteviraci dobu?", now),
            now,
            None,
        );
        let text = d.reply.expect("an answer").text;
        assert!(text.contains("Příště jsme tu v pondělí v 9:00."), "{text}");
    }

    #[test]
    fn angry_messages_go_to_a_person_first_and_are_still_told_when() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 21, 0, 0).unwrap();
        let d = decide(
            &page,
            &locales,
            &message_text("Jste podvodníci, kde je moje objednávka?!!!", now),
            now,
            None,
        );
        assert!(d.escalate);
        assert_eq!(d.priority, Priority::High);
        let reply = d.reply.expect("the after-hours reply");
        assert_eq!(reply.kind, AutoReplyKind::AfterHours);
        assert!(
            matches!(&d.reasons[0], Reason::Faq { result } if matches!(result.verdict, Verdict::Angry { .. }))
        );
    }

    #[test]
    fn phishing_is_labelled_spam_and_gets_no_reply() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
        let text = "Váš balík je zadržen, zaplaťte poplatek 35 Kč do 24 hodin: https://posta-doruceni.example/pay";
        let d = decide(&page, &locales, &message_text(text, now), now, None);
        assert!(d.escalate);
        assert!(d.reply.is_none(), "{:?}", d.reply);
        assert_eq!(d.labels, [SPAM_LABEL]);
        assert!(
            matches!(&d.reasons[0], Reason::Faq { result } if matches!(result.verdict, Verdict::Spam { .. }))
        );
    }

    #[test]
    fn the_talk_to_a_person_button_escalates() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let tapped = message(
            now,
            InboundKind::Message {
                text: Some("Mluvit s člověkem".into()),
                attachments: vec![],
                quick_reply: Some(TALK_TO_PERSON.into()),
            },
        );
        let d = decide(&page, &locales, &tapped, now, None);
        assert!(d.escalate);
        assert_eq!(d.reasons[0], Reason::AskedForPerson);
        assert_eq!(
            d.reply.expect("an acknowledgement").kind,
            AutoReplyKind::Acknowledgement
        );
    }

    #[test]
    fn unsure_matches_are_acknowledged_in_the_customers_language() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let d = decide(
            &page,
            &locales,
            &message_text("Ich möchte meine Bestellung stornieren", now),
            now,
            None,
        );
        assert!(d.escalate);
        let reply = d.reply.expect("an acknowledgement");
        assert_eq!(reply.language, Language::De);
        assert!(reply.text.starts_with("Guten Tag"), "{}", reply.text);
    }

    #[test]
    fn the_bot_steps_back_while_a_person_holds_the_conversation() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let d = decide(
            &page,
            &locales,
            &message_text("jak muzu zaplatit?", now),
            now,
            Some("Jana"),
        );
        assert_eq!(d.reply, None, "no FAQ answer, no acknowledgement");
        assert!(d.escalate);
        assert_eq!(
            d.reasons,
            vec![Reason::PersonHandling { by: "Jana".into() }]
        );
    }

    #[test]
    fn stale_messages_are_labelled() {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let d = decide_at(&text(now - chrono::Duration::days(3)), now);
        assert_eq!(d.labels, vec!["stale".to_owned()]);
    }
}
