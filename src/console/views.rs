//! Pieces several console views show the same way: a conversation's address in the console,
//! the reply window's state, a status's and a channel's words.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};

use super::format::When;
use super::i18n::Texts;
use crate::domain::conversation::Status;
use crate::domain::event::{Channel, ConversationKey};
use crate::domain::window::{self, PersonReply};

/// `/console/c/{channel}/{page}/{customer}`, every part escaped (ids come from platforms).
pub fn conversation_href(key: &ConversationKey) -> String {
    format!(
        "/console/c/{}/{}/{}",
        key.channel,
        utf8_percent_encode(&key.page_id, NON_ALPHANUMERIC),
        utf8_percent_encode(&key.customer_id, NON_ALPHANUMERIC)
    )
}

/// Where the channel's reply window stands for a person's reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowView {
    pub state: PersonReply,
    /// The channel has no window (X).
    pub windowless: bool,
    pub closes: Option<When>,
    /// It closes within two hours.
    pub closing_soon: bool,
}

impl WindowView {
    pub fn of(
        channel: Channel,
        last_customer_message: Option<DateTime<Utc>>,
        closing_soon: bool,
        zone: Tz,
        now: DateTime<Utc>,
    ) -> WindowView {
        let state = window::person_reply(channel, last_customer_message, now);
        WindowView {
            state,
            windowless: !channel.has_messaging_window(),
            closes: window::closes_at(channel, last_customer_message, now)
                .filter(|closes| *closes > now)
                .map(|closes| When::at(closes, zone, now)),
            closing_soon,
        }
    }

    pub fn label(&self, t: &Texts) -> &'static str {
        match self.state {
            _ if self.windowless => t.window_none,
            PersonReply::Standard => t.window_open,
            PersonReply::HumanAgent => t.window_human_agent,
            PersonReply::Closed | PersonReply::NotOpened => t.window_closed,
        }
    }

    /// A CSS class for the state.
    pub fn class(&self) -> &'static str {
        match self.state {
            _ if self.windowless => "window-none",
            PersonReply::Standard if self.closing_soon => "window-closing",
            PersonReply::Standard => "window-open",
            PersonReply::HumanAgent => "window-human-agent",
            PersonReply::Closed | PersonReply::NotOpened => "window-closed",
        }
    }

    /// Why a person cannot reply now, if they cannot.
    pub fn refusal(&self, t: &Texts) -> Option<&'static str> {
        match self.state {
            PersonReply::Closed => Some(t.reply_window_closed),
            PersonReply::NotOpened => Some(t.reply_not_opened),
            PersonReply::Standard | PersonReply::HumanAgent => None,
        }
    }

    pub fn human_agent(&self) -> bool {
        self.state == PersonReply::HumanAgent
    }
}

pub fn status_label(status: Status, t: &Texts) -> &'static str {
    match status {
        Status::New => t.status_new,
        Status::Assigned => t.status_assigned,
        Status::WaitingOnCustomer => t.status_waiting_on_customer,
        Status::Resolved => t.status_resolved,
    }
}

pub fn channel_label(channel: Channel) -> &'static str {
    match channel {
        Channel::Messenger => "Messenger",
        Channel::Instagram => "Instagram",
        Channel::X => "X",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversation_addresses_escape_platform_ids() {
        let key = ConversationKey {
            channel: Channel::Messenger,
            page_id: "123".into(),
            customer_id: "a/b?c<d>".into(),
        };
        assert_eq!(
            conversation_href(&key),
            "/console/c/messenger/123/a%2Fb%3Fc%3Cd%3E"
        );
    }
}
