//! The simulator: the decision frontdesk would take on a customer's message, without sending
//! or recording anything. The API (`POST /api/pages/{id}/simulate`), the console's "try it"
//! box and the CLI (`frontdesk simulate`) all call `simulate` (the console also as a comment
//! or a public mention, `simulate_as`).

use chrono::{DateTime, Utc};

use crate::domain::decision::Decision;
use crate::domain::event::{Inbound, InboundKind};
use crate::domain::locale::Locales;
use crate::domain::page::{Page, PageFile};
use crate::domain::policy::decide;

/// The decision on `text` written to `file` (validated as `page`) at `at`, as if `held_by`
/// held the conversation. The reply throttle is not consulted.
pub fn simulate(
    file: &PageFile,
    page: &Page,
    locales: &Locales,
    text: String,
    at: DateTime<Utc>,
    held_by: Option<&str>,
) -> Decision {
    simulate_as(file, page, locales, Arrival::Message, text, at, held_by)
}

/// How the simulated text reaches the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arrival {
    /// A private message.
    Message,
    /// A comment on one of the page's posts (Messenger, Instagram).
    Comment,
    /// A public post that mentions the account (X).
    Mention,
}

/// `simulate`, for a text that arrives as `arrival`.
pub fn simulate_as(
    file: &PageFile,
    page: &Page,
    locales: &Locales,
    arrival: Arrival,
    text: String,
    at: DateTime<Utc>,
    held_by: Option<&str>,
) -> Decision {
    let kind = match arrival {
        Arrival::Message => InboundKind::Message {
            text: Some(text),
            attachments: Vec::new(),
            quick_reply: None,
        },
        Arrival::Comment => InboundKind::Comment {
            text,
            post_id: "simulated-post".into(),
        },
        Arrival::Mention => InboundKind::Mention { text, author: None },
    };
    decide(page, locales, &simulated_event(file, kind, at), at, held_by)
}

/// A customer's `kind` of event on `page` at `at`, as the simulator feeds it to `decide`.
fn simulated_event(page: &PageFile, kind: InboundKind, at: DateTime<Utc>) -> Inbound {
    Inbound {
        trace: Default::default(),
        channel: page.channel,
        page_id: page.id.clone(),
        customer_id: "simulated-customer".into(),
        message_id: "simulated-message".into(),
        sent_at: at,
        verified_by_app: None,
        kind,
    }
}
