//! How long a text a person writes may be: a message must fit its channel (Messenger's Send
//! API refuses more than 2 000 characters, Instagram's more than 1 000 bytes of UTF-8, an X
//! direct message holds 10 000 characters) and a note fits `MAX_NOTE_CHARS`. The API and the
//! console both ask here, so a limit is written once.

use super::event::Channel;

/// Longest staff note, in characters.
pub const MAX_NOTE_CHARS: usize = 10_000;

/// How a channel counts a message's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Characters,
    Bytes,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Characters => "characters",
            Unit::Bytes => "bytes",
        }
    }

    fn measure(self, text: &str) -> usize {
        match self {
            Unit::Characters => text.chars().count(),
            Unit::Bytes => text.len(),
        }
    }
}

/// The longest message `channel` accepts, and how it counts.
pub fn message_limit(channel: Channel) -> (usize, Unit) {
    match channel {
        Channel::Messenger => (2_000, Unit::Characters),
        Channel::Instagram => (1_000, Unit::Bytes),
        Channel::X => (10_000, Unit::Characters),
    }
}

/// A text longer than it may be, described for the person who wrote it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} is {length} {unit}; at most {max} fit", unit = .unit.as_str())]
pub struct TooLong {
    pub what: String,
    pub length: usize,
    pub max: usize,
    pub unit: Unit,
}

/// `text` fits a message on `channel`.
pub fn check_message(channel: Channel, text: &str, what: &str) -> Result<(), TooLong> {
    let (max, unit) = message_limit(channel);
    check(text, max, unit, what)
}

/// `text` is at most `max` characters.
pub fn check_length(text: &str, max: usize, what: &str) -> Result<(), TooLong> {
    check(text, max, Unit::Characters, what)
}

fn check(text: &str, max: usize, unit: Unit, what: &str) -> Result<(), TooLong> {
    let length = unit.measure(text);
    if length > max {
        return Err(TooLong {
            what: what.to_owned(),
            length,
            max,
            unit,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_channel_counts_its_own_way() {
        let polish = "ż".repeat(600);
        assert!(check_message(Channel::Messenger, &polish, "reply").is_ok());
        let error = check_message(Channel::Instagram, &polish, "the reply").unwrap_err();
        assert_eq!(
            error.to_string(),
            "the reply is 1200 bytes; at most 1000 fit"
        );
        assert!(check_message(Channel::X, &"a".repeat(10_000), "dm").is_ok());
        assert!(check_message(Channel::X, &"a".repeat(10_001), "dm").is_err());
        assert!(check_length(&"a".repeat(MAX_NOTE_CHARS), MAX_NOTE_CHARS, "note").is_ok());
    }
}
