//! The decision: what frontdesk does with one inbound event, and why.
//!
//! `decide` is a pure function of the page, its locale, the event and `now`. Whether an
//! automatic reply was already sent recently is not known here: the decision says how often
//! its reply may go out (`AutoReply::at_most_once_per`) and the worker enforces that
//! atomically in the store, so concurrent instances cannot both send it.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::event::{Inbound, InboundKind};
use super::locale::{Locale, TemplateKind, fill};
use super::page::{MentionReply, Page};
use super::schedule::Why;

/// What to do with one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply: Option<AutoReply>,
    /// Whether the conversation goes to the human queue.
    pub escalate: bool,
    /// Why, in order of evaluation: the explanation of "why did the bot say this?".
    pub reasons: Vec<Reason>,
}

/// An automatic reply to send to the customer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoReply {
    pub kind: AutoReplyKind,
    pub text: String,
    /// The same kind of reply goes to one customer at most once in this period.
    #[serde(with = "seconds")]
    pub at_most_once_per: Duration,
    /// Whether it answers the customer's public post in public instead of privately.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub public: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutoReplyKind {
    Acknowledgement,
    AfterHours,
}

impl AutoReplyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AutoReplyKind::Acknowledgement => "acknowledgement",
            AutoReplyKind::AfterHours => "after_hours",
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
}

/// Decides what to do with `event` for `page` at `now`.
pub fn decide(page: &Page, locale: &Locale, event: &Inbound, now: DateTime<Utc>) -> Decision {
    if let InboundKind::Echo { .. } = event.kind {
        return Decision {
            reply: None,
            escalate: false,
            reasons: vec![Reason::OwnMessage],
        };
    }
    let mut reasons = Vec::new();
    let mut public = false;
    if let InboundKind::Mention { .. } = event.kind {
        reasons.push(Reason::PublicMention {
            reply: page.mention_reply,
        });
        match page.mention_reply {
            MentionReply::None => {
                return Decision {
                    reply: None,
                    escalate: true,
                    reasons,
                };
            }
            MentionReply::DirectMessage => {}
            MentionReply::PublicReply => public = true,
        }
    }
    let age = now.signed_duration_since(event.sent_at);
    let stale_after = chrono::Duration::from_std(page.stale_after).unwrap_or(chrono::Duration::MAX);
    if age > stale_after {
        reasons.push(Reason::Stale {
            age_hours: age.num_hours(),
        });
        return Decision {
            reply: None,
            escalate: true,
            reasons,
        };
    }
    let schedule = &page.schedule;
    let status = schedule.status(now);
    let (kind, text, reason) = if status.open {
        let template = locale.template(&page.templates, TemplateKind::Acknowledgement);
        let text = fill(template, &[("page_name", &page.name)]);
        let reason = Reason::OfficeHours {
            because: status.why,
        };
        (AutoReplyKind::Acknowledgement, text, reason)
    } else {
        let next_open = schedule.next_open(now);
        let text = match next_open {
            Some(at) => {
                let tz = schedule.time_zone;
                let when = locale.describe(now.with_timezone(&tz), at.with_timezone(&tz));
                let template = locale.template(&page.templates, TemplateKind::AfterHours);
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
    };
    Decision {
        reply: Some(AutoReply {
            kind,
            text,
            at_most_once_per: page.auto_reply_cooldown,
            public,
        }),
        escalate: true,
        reasons: {
            reasons.push(reason);
            reasons
        },
    }
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
            },
        )
    }

    fn decide_at(event: &Inbound, now: DateTime<Utc>) -> Decision {
        let locales = Locales::bundled().expect("locales");
        let page = page();
        decide(&page, locales.get(page.language), event, now)
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
        let d = decide(&page, locales.get(page.language), &text(now), now);
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
}
