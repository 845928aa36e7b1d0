//! The keys of one-time claims (`RecordStore::claim_once`), built in one place.
//!
//! A claim key names one thing that must happen once across instances and redeliveries. The
//! strings are stored (Redis keys, redb rows) and outlive a deploy, so they never change
//! shape; the test below pins each one.

use std::fmt;

use crate::domain::event::{ConversationKey, Inbound};

/// Something that happens once; `Display` gives its stored key.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Claim<'a> {
    /// The message is answered once per page and channel (`seen:`).
    Seen(&'a Inbound),
    /// The same automatic reply (kind and topic) goes to a customer once per period (`auto:`).
    AutoReply {
        conversation: &'a ConversationKey,
        topic: &'a str,
    },
    /// One follow-up per conversation and quiet spell, named by the spell's last message
    /// (`followup:`).
    FollowUp {
        conversation: &'a ConversationKey,
        last_message_ms: i64,
    },
    /// A crisis announcement goes to a customer once per crisis (`crisis:…:<conversation>`).
    Announcement {
        crisis_id: &'a str,
        conversation: &'a ConversationKey,
    },
    /// A crisis's one resolution message (`crisis:…:resolution`).
    Resolution { crisis_id: &'a str },
    /// An X refresh token is spent once (`x:refresh:`).
    XRefresh {
        account: &'a str,
        fingerprint: &'a str,
    },
    /// A parked X reply is released once per reconnection (`x:release:`).
    XRelease { reply_id: &'a str, origin: &'a str },
}

impl fmt::Display for Claim<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Claim::Seen(event) => write!(f, "seen:{}", event.dedupe_key()),
            Claim::AutoReply {
                conversation,
                topic,
            } => write!(f, "auto:{conversation}:{topic}"),
            Claim::FollowUp {
                conversation,
                last_message_ms,
            } => write!(f, "followup:{conversation}:{last_message_ms}"),
            Claim::Announcement {
                crisis_id,
                conversation,
            } => write!(f, "{crisis_id}:{conversation}"),
            Claim::Resolution { crisis_id } => write!(f, "{crisis_id}:resolution"),
            Claim::XRefresh {
                account,
                fingerprint,
            } => write!(f, "x:refresh:{account}:{fingerprint}"),
            Claim::XRelease { reply_id, origin } => write!(f, "x:release:{reply_id}:{origin}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::domain::event::{Channel, InboundKind};

    #[test]
    fn keys_keep_their_stored_shape() {
        let event = Inbound {
            trace: Default::default(),
            channel: Channel::Messenger,
            page_id: "p1".into(),
            customer_id: "c1".into(),
            message_id: "m1".into(),
            sent_at: Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
            verified_by_app: None,
            kind: InboundKind::Echo { app_id: None },
        };
        let conversation = &event.conversation();
        let crisis_id = "crisis:p1:1700000000000";
        let cases = [
            (Claim::Seen(&event), "seen:messenger:p1:m1"),
            (
                Claim::AutoReply {
                    conversation,
                    topic: "faq:hours",
                },
                "auto:messenger:p1:c1:faq:hours",
            ),
            (
                Claim::FollowUp {
                    conversation,
                    last_message_ms: 42,
                },
                "followup:messenger:p1:c1:42",
            ),
            (
                Claim::Announcement {
                    crisis_id,
                    conversation,
                },
                "crisis:p1:1700000000000:messenger:p1:c1",
            ),
            (
                Claim::Resolution { crisis_id },
                "crisis:p1:1700000000000:resolution",
            ),
            (
                Claim::XRefresh {
                    account: "42",
                    fingerprint: "ab",
                },
                "x:refresh:42:ab",
            ),
            (
                Claim::XRelease {
                    reply_id: "r1",
                    origin: "o",
                },
                "x:release:r1:o",
            ),
        ];
        for (claim, key) in cases {
            assert_eq!(claim.to_string(), key);
        }
    }
}
