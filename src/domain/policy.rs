//! The decision: what frontdesk does with one inbound event, and why.
//!
//! `decide_in` is a pure function of the page, the locales, the event, `now` and what is
//! known of the conversation so far (`History`; `decide` knows only who holds it). In order:
//! echoes of our own app are ignored, any other echo means a person answered as the page and
//! now holds the conversation; public mentions go to a person (with an automatic answer only
//! where the page allows one); comments always go to a person; days-old messages go to a
//! person without an automatic reply; a held conversation gets nothing; only thanks, a
//! greeting or an emoji after an answer gets nothing and reopens nothing; a confident FAQ
//! answer is sent and the conversation is not escalated, unless the same entry was answered
//! before in this conversation (the answer did not help: a person takes over); anything else
//! gets the acknowledgement (office hours) or the after-hours reply naming the next opening,
//! in the customer's language (else the conversation's, else the page's), and goes to the
//! human queue. Angry messages go there with high priority.
//!
//! Whether an automatic reply was already sent recently is not known here: the reply says
//! how often it may go out (`AutoReply::at_most_once_per`, per `AutoReply::throttle_topic`)
//! and the worker enforces that atomically in the store, so concurrent instances cannot
//! both send it.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Timelike, Utc};

use super::conversation::{Author, Conversation, Status, Turn};
pub use super::decision::{AutoReply, AutoReplyKind, Decision, Priority, Reason};
use super::event::{Channel, Inbound, InboundKind};
use super::faq::Verdict;
use super::locale::{Language, Locale, Locales, TemplateKind, fill, replace_sentence};
use super::page::{MentionReply, Page};
use super::window;

/// The payload of the "talk to a person" button under FAQ answers.
pub const TALK_TO_PERSON: &str = "FRONTDESK_TALK_TO_PERSON";

impl Decision {
    /// Nothing sent automatically; a person takes it.
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

/// What `decide` knows of the conversation before the event (see `History::of`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    /// The person holding the conversation, if any.
    pub held_by: Option<String>,
    /// The language the customer last wrote in (or was last answered in).
    pub language: Option<Language>,
    /// The FAQ entries answered since the conversation was last resolved.
    pub answered: Vec<String>,
    /// Whether the last thing said, courtesies aside, was an answer to the customer (from the
    /// bot or a person).
    pub replied: bool,
}

impl History {
    /// Reads the history off the stored conversation.
    pub fn of(conversation: &Conversation) -> Self {
        let customer_decisions = || {
            conversation
                .messages
                .iter()
                .filter(|m| m.author == Author::Customer)
                .filter_map(|m| m.decision.as_ref())
        };
        let language = customer_decisions().rev().find_map(|d| {
            d.reasons
                .iter()
                .find_map(|r| match r {
                    Reason::Faq { result } => result.language,
                    _ => None,
                })
                .or_else(|| d.reply.as_ref().map(|r| r.language))
        });
        let answered = conversation
            .messages
            .iter()
            .filter(|m| m.author == Author::Customer)
            .filter(|m| conversation.resolved_at.is_none_or(|r| m.at > r))
            .filter_map(|m| match &m.decision.as_ref()?.reply.as_ref()?.kind {
                AutoReplyKind::FaqAnswer { entry } => Some(entry.clone()),
                _ => None,
            })
            .collect();
        let replied = conversation
            .messages
            .iter()
            .rev()
            .find(|m| {
                m.author != Author::Customer
                    || !m
                        .decision
                        .as_ref()
                        .is_some_and(|d| d.reasons.contains(&Reason::Courtesy))
            })
            .is_some_and(|m| m.author != Author::Customer);
        History {
            held_by: conversation.assignee.clone(),
            language,
            answered,
            replied,
        }
    }
}

impl Decision {
    /// How this decision moves the conversation of its event.
    pub fn turn(&self) -> Turn {
        for reason in &self.reasons {
            match reason {
                Reason::AnsweredOutside { by } => return Turn::Outside { by: by.clone() },
                Reason::Courtesy => return Turn::Aside,
                _ => {}
            }
        }
        Turn::Customer
    }
}

/// Decides what to do with `event` for `page` at `now`; `held_by` is the person holding the
/// conversation, if any. Knows nothing else of the conversation: see `decide_in`.
pub fn decide(
    page: &Page,
    locales: &Locales,
    event: &Inbound,
    now: DateTime<Utc>,
    held_by: Option<&str>,
) -> Decision {
    let history = History {
        held_by: held_by.map(str::to_owned),
        ..History::default()
    };
    decide_in(page, locales, event, now, &history)
}

/// Decides what to do with `event` for `page` at `now`, in a conversation with `history`.
pub fn decide_in(
    page: &Page,
    locales: &Locales,
    event: &Inbound,
    now: DateTime<Utc>,
    history: &History,
) -> Decision {
    let held_by = history.held_by.as_deref();
    let mut decision = decide_reply(page, locales, event, now, history);
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

/// Whether an echo's app is ours: the app that delivered it, or the page's own.
fn sent_by_us(page: &Page, event: &Inbound, app_id: Option<&str>) -> bool {
    app_id.is_some_and(|app| {
        event.verified_by_app.as_deref() == Some(app) || page.app_id.as_deref() == Some(app)
    })
}

/// How the pseudo-person holding a conversation answered outside frontdesk is named.
const OUTSIDE_PREFIX: &str = "outside:";

/// The pseudo-person holding a conversation answered outside frontdesk on `channel`.
pub fn outside_person(channel: Channel) -> String {
    format!("{OUTSIDE_PREFIX}{channel}")
}

/// `decide` without the crisis announcement.
fn decide_reply(
    page: &Page,
    locales: &Locales,
    event: &Inbound,
    now: DateTime<Utc>,
    history: &History,
) -> Decision {
    let held_by = history.held_by.as_deref();
    let mut reasons = Vec::new();
    let mut public = false;
    // A public comment always needs a person's eye, whatever the bot answers privately.
    let always_person = matches!(event.kind, InboundKind::Comment { .. });
    let (text, payload) = match &event.kind {
        InboundKind::Echo { app_id } => {
            let reason = if sent_by_us(page, event, app_id.as_deref()) {
                Reason::OwnMessage
            } else {
                Reason::AnsweredOutside {
                    by: outside_person(event.channel),
                }
            };
            return Decision {
                reply: None,
                escalate: false,
                priority: Priority::Normal,
                labels: Vec::new(),
                reasons: vec![reason],
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
        // A picture, a shared post or a story reply needs a person's eyes: the words
        // around it are not matched against the FAQ, the customer gets the acknowledgement.
        InboundKind::Message {
            text,
            quick_reply,
            attachments,
        } => (
            text.as_deref().filter(|_| attachments.is_empty()),
            quick_reply.as_deref(),
        ),
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
    // Thanks after an answer are no new work, also for a person holding the conversation.
    let private_message = matches!(event.kind, InboundKind::Message { .. });
    if history.replied && private_message && payload.is_none() && text.is_some_and(is_courtesy) {
        reasons.push(Reason::Courtesy);
        return Decision {
            reply: None,
            escalate: false,
            priority: Priority::Normal,
            labels: Vec::new(),
            reasons,
            announcement: None,
        };
    }
    if let Some(person) = held_by {
        reasons.push(Reason::PersonHandling {
            by: person.to_owned(),
        });
        return Decision::to_person(Priority::Normal, reasons);
    }
    let mut priority = Priority::Normal;
    // A message in no language we can tell ("ok", a photo) continues the conversation's.
    let mut language = history.language.unwrap_or(page.language);
    if payload == Some(TALK_TO_PERSON) {
        reasons.push(Reason::AskedForPerson);
    } else if let Some(text) = text {
        let result = page.faq.matches(text);
        language = result
            .language
            .or(history.language)
            .unwrap_or(page.language);
        let mut asked_again = None;
        if let Verdict::Answer { entry } = &result.verdict {
            if history.answered.contains(entry) {
                asked_again = Some(entry.clone());
            } else if let Some(reply) = faq_answer(page, locales, entry, language, now, public) {
                reasons.push(Reason::Faq { result });
                return Decision {
                    reply: Some(disclosed(page, locales, reply)),
                    escalate: always_person,
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
            let mut decision = Decision::to_person(Priority::Low, reasons);
            decision.labels.push(SPAM_LABEL.into());
            return decision;
        }
        if !page.faq.is_empty() {
            reasons.push(Reason::Faq { result });
        }
        if let Some(entry) = asked_again {
            reasons.push(Reason::AskedAgain { entry });
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

/// Words of thanks, greeting, agreement and goodbye per language, from
/// `responses/courtesy.toml` (normalized as the FAQ matcher does; proven to parse by a test).
static COURTESY_WORDS: std::sync::LazyLock<Result<HashSet<String>, String>> =
    std::sync::LazyLock::new(|| {
        toml::from_str::<HashMap<Language, Vec<String>>>(include_str!(
            "../../responses/courtesy.toml"
        ))
        .map(|words| words.into_values().flatten().collect())
        .map_err(|e| e.to_string())
    });

/// Whether `text` is only thanks, a greeting, an agreement or emoji.
fn is_courtesy(text: &str) -> bool {
    let words = super::faq::normalize(text);
    if words.is_empty() {
        let mut emoji = false;
        for c in text.chars() {
            if is_emoji(c) {
                emoji = true;
            } else if !(c.is_whitespace() || matches!(c, '!' | '.' | ',' | ':' | ')' | '(')) {
                return false;
            }
        }
        return emoji;
    }
    COURTESY_WORDS
        .as_ref()
        .is_ok_and(|known| words.iter().all(|w| known.contains(w)))
}

/// Pictographs, symbols, their modifiers and joiners.
fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0xFE0F | 0x200D)
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
    // A person answering outside frontdesk does not know what the bot would say: stay silent.
    if conversation
        .assignee
        .as_deref()
        .is_some_and(|a| a.starts_with(OUTSIDE_PREFIX))
    {
        return None;
    }
    let last_customer = conversation.last_customer_message_at()?;
    let last_any = conversation.messages.iter().map(|m| m.at).max()?;
    if now - last_any < interval {
        return None;
    }
    if !window::automatic_allowed(conversation.key.channel, Some(last_customer), now) {
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

/// The office-hours acknowledgement or the after-hours reply with the next opening, as the
/// schedule has it at `now` (the console previews a page's replies with it).
pub fn acknowledgement(
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
    // While the team works, "we are back right now" would be wrong: say it is here instead.
    let template = if page.schedule.is_open(now) {
        replace_sentence(answer.text(page.tone), "{next_open}", locale.here_now())
    } else {
        answer.text(page.tone).to_owned()
    };
    let text = fill(
        &template,
        &[
            ("page_name", &page.name),
            ("next_open", &next_open),
            ("signature", page.signature.in_language(*language)),
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::TimeZone;

    use super::*;
    use crate::domain::event::Channel;
    use crate::domain::faq::Verdict;
    use crate::domain::locale::Locales;
    use crate::domain::page::PageFile;
    use crate::domain::schedule::Why;

    fn page() -> Page {
        PageFile::from_toml(include_str!("../../responses/pages/example.toml"))
            .and_then(|f| f.validate())
            .expect("valid example page")
    }

    fn message(sent_at: DateTime<Utc>, kind: InboundKind) -> Inbound {
        Inbound {
            trace: Default::default(),
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

    /// The example page with the example shop's FAQ, without the learned gate and entry model
    /// (the gate's holding back is `an_answer_the_learned_gate_holds_back_goes_to_a_person`'s).
    fn page_with_faq() -> Page {
        let mut file = PageFile::from_toml(include_str!("../../responses/pages/example.toml"))
            .expect("parses");
        let faq = include_str!("../../responses/faq/eshop.toml");
        let mut faq = crate::domain::page::FaqFile::from_toml(faq).expect("faq parses");
        faq.learned_gate = false;
        faq.learned_entries = false;
        file.faq = Some(faq);
        file.validate().expect("valid")
    }

    #[test]
    fn an_answer_the_learned_gate_holds_back_goes_to_a_person() {
        use crate::domain::faq::{Faq, Gate, Unsure, Verdict};
        let locales = Locales::bundled().expect("locales");
        let mut page = page_with_faq();
        let gate = Gate::holding_every_answer();
        page.faq = std::sync::Arc::new(Faq::clone(&page.faq).with_gate(Some(gate.into())));
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let d = decide(
            &page,
            &locales,
            &message_text("kolik stoji doprava do brna?", now),
            now,
            None,
        );
        assert!(d.escalate);
        assert_eq!(
            d.reply.expect("told a person will answer").kind,
            AutoReplyKind::Acknowledgement
        );
        assert!(d.reasons.iter().any(|reason| matches!(
            reason,
            Reason::Faq { result } if result.verdict == Verdict::Unsure { reason: Unsure::LearnedEscalation }
        )), "{:?}", d.reasons);
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
            reply(&page, "kolik stoji doprava do brna?")
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
            &message_text("kolik stoji doprava do brna?", now),
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
    fn a_question_with_a_picture_or_a_story_reply_goes_to_a_person() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 27, 21, 0, 0).unwrap();
        for marker in ["image", "story_reply"] {
            let event = message(
                now,
                InboundKind::Message {
                    text: Some("kolik stoji doprava do brna?".into()),
                    attachments: vec![marker.into()],
                    quick_reply: None,
                },
            );
            let d = decide(&page, &locales, &event, now, None);
            assert!(d.escalate, "{marker}");
            assert!(
                !d.reasons.iter().any(|r| matches!(r, Reason::Faq { .. })),
                "{marker}: {:?}",
                d.reasons
            );
        }
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
        assert_eq!(d.priority, Priority::Low);
        assert!(
            matches!(&d.reasons[0], Reason::Faq { result } if matches!(result.verdict, Verdict::Spam { .. }))
        );
    }

    #[test]
    fn phishing_with_threats_is_still_spam_of_low_priority() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
        // Threats of the police are the scam's pressure, not an angry customer's.
        let text = "Vas balik je zadrzen. Zaplatte clo 2 EUR dnes, jinak to predame policii: https://posta-clo.example/platba";
        let d = decide(&page, &locales, &message_text(text, now), now, None);
        assert_eq!(d.labels, [SPAM_LABEL]);
        assert_eq!(
            d.priority,
            Priority::Low,
            "not the angry customers' high: phishing waits behind everyone"
        );
        assert!(d.reply.is_none());
    }

    #[test]
    fn two_questions_in_one_message_go_to_a_person() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let text = "dobry den, chci vratit kavu. a do kolika mate dnes otevreno?";
        let d = decide(&page, &locales, &message_text(text, now), now, None);
        assert!(d.escalate);
        let reply = d.reply.expect("the acknowledgement");
        assert_eq!(reply.kind, AutoReplyKind::Acknowledgement);
        assert!(
            matches!(&d.reasons[0], Reason::Faq { result } if result.verdict == Verdict::Unsure { reason: crate::domain::faq::Unsure::TwoQuestions }),
            "{:?}",
            d.reasons
        );
    }

    #[test]
    fn a_language_the_page_does_not_support_gets_no_faq_answer() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        for text in [
            "hola, cuánto cuesta el envío a España?",
            "bonjour, je voudrais retourner un article",
            "Здравствуйте, сколько стоит доставка?",
        ] {
            let d = decide(&page, &locales, &message_text(text, now), now, None);
            assert!(d.escalate, "{text}");
            let reply = d.reply.expect("the acknowledgement");
            assert_eq!(reply.kind, AutoReplyKind::Acknowledgement, "{text}");
            assert!(
                matches!(&d.reasons[0], Reason::Faq { result } if result.verdict == Verdict::Unsure { reason: crate::domain::faq::Unsure::UnsupportedLanguage }),
                "{text}: {:?}",
                d.reasons
            );
        }
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

    fn history() -> History {
        History::default()
    }

    #[test]
    fn a_public_comment_answered_by_the_faq_still_goes_to_a_person() {
        let locales = Locales::bundled().expect("locales");
        let mut page = page_with_faq();
        page.comment_private_reply = true;
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let comment = message(
            now,
            InboundKind::Comment {
                text: "kolik stoji doprava do brna?".into(),
                post_id: "1_2".into(),
            },
        );
        let d = decide(&page, &locales, &comment, now, None);
        assert!(
            matches!(
                d.reply.as_ref().map(|r| &r.kind),
                Some(AutoReplyKind::FaqAnswer { .. })
            ),
            "{d:?}"
        );
        assert!(d.escalate, "a public comment needs a person's eye");
    }

    #[test]
    fn an_echo_not_from_our_app_means_a_person_answered() {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let echo = |app_id: Option<&str>, verified_by: Option<&str>| {
            let mut event = message(
                now,
                InboundKind::Echo {
                    app_id: app_id.map(str::to_owned),
                },
            );
            event.verified_by_app = verified_by.map(str::to_owned);
            let d = decide_at(&event, now);
            assert_eq!((d.reply.is_some(), d.escalate), (false, false));
            d.turn()
        };
        let outside = Turn::Outside {
            by: "outside:messenger".into(),
        };
        assert_eq!(
            echo(Some("948271635012345"), Some("948271635012345")),
            Turn::Customer
        );
        assert_eq!(
            echo(Some("948271635012345"), None),
            Turn::Customer,
            "the page's app"
        );
        assert_eq!(
            echo(Some("5551234"), Some("5551234")),
            Turn::Customer,
            "the delivering app"
        );
        assert_eq!(
            echo(None, Some("948271635012345")),
            outside,
            "the Page inbox"
        );
        assert_eq!(
            echo(Some("111"), Some("948271635012345")),
            outside,
            "another app"
        );
    }

    #[test]
    fn a_question_its_answer_did_not_settle_goes_to_a_person() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let again = History {
            answered: vec!["delivery".into()],
            ..history()
        };
        let question = message_text("kolik stoji doprava do brna?", now);
        let d = decide_in(&page, &locales, &question, now, &again);
        assert!(d.escalate);
        assert_eq!(
            d.reply.expect("told a person will answer").kind,
            AutoReplyKind::Acknowledgement
        );
        assert!(d.reasons.contains(&Reason::AskedAgain {
            entry: "delivery".into()
        }));
        let other = decide_in(
            &page,
            &locales,
            &message_text("jak muzu zaplatit?", now),
            now,
            &again,
        );
        assert!(!other.escalate, "another question is answered as usual");
    }

    #[test]
    fn a_message_in_no_language_we_know_continues_the_conversations_language() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let language = |text: &str, history: &History| {
            decide_in(&page, &locales, &message_text(text, now), now, history)
                .reply
                .expect("a reply")
                .language
        };
        assert_eq!(language("ok", &history()), Language::Cs, "the page's");
        assert_eq!(language("Super, díky moc.", &history()), Language::Cs);
        let english = History {
            language: Some(Language::En),
            ..history()
        };
        assert_eq!(language("ok", &english), Language::En, "the conversation's");
        assert_eq!(
            language("Wo ist meine Bestellung?", &english),
            Language::De,
            "a recognised language wins"
        );
    }

    #[test]
    fn thanks_a_greeting_or_an_emoji_after_an_answer_need_nothing() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let replied = History {
            replied: true,
            ..history()
        };
        for text in [
            "Super, díky moc.",
            "ok",
            "👍",
            "Thank you!",
            "Dobrý den",
            "dzięki 🙏",
        ] {
            let d = decide_in(&page, &locales, &message_text(text, now), now, &replied);
            assert_eq!((d.reply.is_some(), d.escalate), (false, false), "{text}");
            assert_eq!(d.turn(), Turn::Aside, "{text}");
        }
        for text in ["díky, a kolik stojí doprava?", "?", "ne"] {
            let d = decide_in(&page, &locales, &message_text(text, now), now, &replied);
            assert!(d.reply.is_some(), "{text}");
        }
        let first = decide_in(
            &page,
            &locales,
            &message_text("Dobrý den", now),
            now,
            &history(),
        );
        assert!(
            first.reply.is_some() && first.escalate,
            "a first greeting is acknowledged"
        );
    }

    #[test]
    fn the_history_is_read_off_the_conversation() {
        use crate::domain::conversation::Message;
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let event = message_text("how can i pay for my order?", now);
        let mut conversation = Conversation::new(event.conversation(), now);
        let decision = decide(&page, &locales, &event, now, None);
        conversation.messages.push(Message {
            id: "m_1".into(),
            author: Author::Customer,
            text: "how can i pay for my order?".into(),
            at: now,
            by: None,
            decision: Some(decision),
            delivery: None,
        });
        assert!(!History::of(&conversation).replied);
        conversation.messages.push(Message {
            id: "reply:m_1".into(),
            author: Author::Bot,
            text: "You can pay by card".into(),
            at: now,
            by: None,
            decision: None,
            delivery: None,
        });
        let history = History::of(&conversation);
        assert_eq!(history.language, Some(Language::En));
        assert_eq!(history.answered, ["payment"]);
        assert!(history.replied);
        conversation.resolved_at = Some(now);
        assert!(
            History::of(&conversation).answered.is_empty(),
            "a new episode"
        );
    }

    #[test]
    fn faq_answers_are_signed_in_their_own_language() {
        use crate::domain::page::Signature;
        let locales = Locales::bundled().expect("locales");
        let mut page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let answer = |page: &Page| {
            decide(
                page,
                &locales,
                &message_text("how can i pay for my order?", now),
                now,
                None,
            )
            .reply
            .expect("an answer")
            .text
        };
        assert!(answer(&page).ends_with("cash on delivery. The Kavárna U Zvonu team"));
        page.signature = Signature::PerLanguage([(Language::Cs, "Tým".to_owned())].into());
        assert!(
            answer(&page).ends_with("cash on delivery."),
            "never another language's signature: {}",
            answer(&page)
        );
        let plain: Signature = toml::from_str::<toml::Table>("s = \"Acme\"").expect("toml")["s"]
            .clone()
            .try_into()
            .expect("a plain string still works");
        page.signature = plain;
        assert!(answer(&page).ends_with("cash on delivery. Acme"));
    }

    #[test]
    fn while_open_the_opening_hours_answer_says_we_are_here_not_back() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        // Tuesday 10:00 in Prague: open.
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let answer = |text: &str| {
            decide(&page, &locales, &message_text(text, now), now, None)
                .reply
                .expect("an answer")
                .text
        };
        let english = answer("What are your opening hours?");
        assert!(!english.contains("back"), "{english}");
        assert!(
            english.ends_with(
                "closed on public holidays. We are available now. The Kavárna U Zvonu team"
            ),
            "{english}"
        );
        let czech = answer("jakou mate oteviraci dobu?");
        assert!(!czech.contains("Příště"), "{czech}");
        assert!(
            czech.contains("zavřeno. Teď jsme k zastižení. Tým"),
            "{czech}"
        );
    }

    #[test]
    fn no_follow_up_talks_over_a_person_answering_outside_frontdesk() {
        use crate::domain::conversation::Message;
        let locales = Locales::bundled().expect("locales");
        let mut page = page();
        page.follow_up = Some(chrono::Duration::minutes(60));
        // Tuesday 12:00 in Prague; the customer wrote at 10:00.
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 11, 0, 0).unwrap();
        let wrote = now - chrono::Duration::hours(2);
        let mut conversation = Conversation::new(text(wrote).conversation(), wrote);
        conversation.messages.push(Message {
            id: "m_1".into(),
            author: Author::Customer,
            text: "Dobrý den".into(),
            at: wrote,
            by: None,
            decision: None,
            delivery: None,
        });
        assert!(follow_up(&page, &locales, &conversation, now).is_some());
        conversation.status = Status::Assigned;
        conversation.assignee = Some("Jana".into());
        assert!(follow_up(&page, &locales, &conversation, now).is_some());
        conversation.assignee = Some(outside_person(Channel::Messenger));
        assert_eq!(follow_up(&page, &locales, &conversation, now), None);
    }

    #[test]
    fn thanks_to_a_person_do_not_hand_the_conversation_back_to_them() {
        let locales = Locales::bundled().expect("locales");
        let page = page_with_faq();
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let held = History {
            held_by: Some("Jana".into()),
            replied: true,
            ..history()
        };
        let thanks = decide_in(&page, &locales, &message_text("Děkuji!", now), now, &held);
        assert_eq!((thanks.reply.is_some(), thanks.escalate), (false, false));
        assert_eq!(thanks.turn(), Turn::Aside);
        let question = decide_in(&page, &locales, &message_text("A kdy?", now), now, &held);
        assert_eq!(question.turn(), Turn::Customer);
        assert!(question.escalate && question.reply.is_none());
    }

    #[test]
    fn the_courtesy_words_load() {
        let words = COURTESY_WORDS
            .as_ref()
            .expect("responses/courtesy.toml parses");
        assert!(words.contains("diky") && words.contains("дякую"));
    }
}
