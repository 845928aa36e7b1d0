//! The simulator: the decision frontdesk would take on a customer's message, without sending
//! or recording anything. The API (`POST /api/pages/{id}/simulate`) and the CLI
//! (`frontdesk simulate`) both call `simulate`.

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
    let event = simulated_event(file, text, at);
    decide(page, locales, &event, at, held_by)
}

/// A customer's text message to `page`, written at `at`, as the simulator feeds it to
/// `decide`.
fn simulated_event(page: &PageFile, text: String, at: DateTime<Utc>) -> Inbound {
    Inbound {
        channel: page.channel,
        page_id: page.id.clone(),
        customer_id: "simulated-customer".into(),
        message_id: "simulated-message".into(),
        sent_at: at,
        verified_by_app: None,
        kind: InboundKind::Message {
            text: Some(text),
            attachments: Vec::new(),
            quick_reply: None,
        },
    }
}
