//! Meta's messaging windows (Messenger and Instagram), counted from the customer's last
//! message: any message within 24 hours, then only a person's, with the `HUMAN_AGENT` tag, up
//! to 7 days, then nothing until the customer writes again. X has no such window.
//!
//! The one place these rules are written; the policy, the crisis resolution, a person's reply
//! and the queue listing all ask here. The boundaries are as the callers always had them: an
//! automatic message needs strictly less than 24 hours, a person's untagged reply may go at
//! exactly 24 hours and a tagged one at exactly 7 days.

use chrono::{DateTime, Duration, Utc};

use super::event::Channel;

/// Any message may go out this long after the customer's last one.
pub const STANDARD: Duration = Duration::hours(24);
/// A person's message, tagged `HUMAN_AGENT`, may go out this long after it.
pub const HUMAN_AGENT: Duration = Duration::days(7);

/// What a person's reply may be now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonReply {
    /// An ordinary message: inside the standard window, or a channel without windows.
    Standard,
    /// Only with the `HUMAN_AGENT` tag.
    HumanAgent,
    /// The customer has not written yet, so no window is open.
    NotOpened,
    /// The customer last wrote more than 7 days ago.
    Closed,
}

/// What a person's reply on `channel` may be at `now`, given when the customer last wrote.
pub fn person_reply(
    channel: Channel,
    last_customer_message: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> PersonReply {
    if !channel.has_messaging_window() {
        return PersonReply::Standard;
    }
    let Some(last) = last_customer_message else {
        return PersonReply::NotOpened;
    };
    let age = now - last;
    if age <= STANDARD {
        PersonReply::Standard
    } else if age <= HUMAN_AGENT {
        PersonReply::HumanAgent
    } else {
        PersonReply::Closed
    }
}

/// Whether an automatic message (no tag) may go out on `channel` at `now`.
pub fn automatic_allowed(
    channel: Channel,
    last_customer_message: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    !channel.has_messaging_window()
        || last_customer_message.is_some_and(|last| now - last < STANDARD)
}

/// When the window a person can still use closes: the standard one while it is open, else
/// the `HUMAN_AGENT` one (already past when the reply is `Closed`). `None` on X, or before the
/// customer wrote.
pub fn closes_at(
    channel: Channel,
    last_customer_message: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if !channel.has_messaging_window() {
        return None;
    }
    let last = last_customer_message?;
    let window = if now.signed_duration_since(last) <= STANDARD {
        STANDARD
    } else {
        HUMAN_AGENT
    };
    // A platform time at chrono's limit saturates instead of overflowing.
    Some(
        last.checked_add_signed(window)
            .unwrap_or(DateTime::<Utc>::MAX_UTC),
    )
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap()
    }

    /// One case: the channel, how long ago the customer wrote (minutes; `None`: never), and
    /// what each rule says.
    fn check(
        channel: Channel,
        ago_minutes: Option<i64>,
        person: PersonReply,
        automatic: bool,
        closes_in_minutes: Option<i64>,
    ) {
        let last = ago_minutes.map(|m| now() - Duration::minutes(m));
        let case = format!("{channel} {ago_minutes:?}");
        assert_eq!(person_reply(channel, last, now()), person, "person {case}");
        assert_eq!(
            automatic_allowed(channel, last, now()),
            automatic,
            "automatic {case}"
        );
        assert_eq!(
            closes_at(channel, last, now()),
            closes_in_minutes.map(|m| now() + Duration::minutes(m)),
            "closes {case}"
        );
    }

    const DAY: i64 = 24 * 60;

    #[test]
    fn meta_windows() {
        use Channel::{Instagram as I, Messenger as M};
        use PersonReply::*;
        for channel in [M, I] {
            check(channel, None, NotOpened, false, None);
            check(channel, Some(0), Standard, true, Some(DAY));
            check(channel, Some(DAY - 1), Standard, true, Some(1));
            check(channel, Some(DAY), Standard, false, Some(0));
            check(channel, Some(DAY + 1), HumanAgent, false, Some(6 * DAY - 1));
            check(channel, Some(7 * DAY), HumanAgent, false, Some(0));
            check(channel, Some(7 * DAY + 1), Closed, false, Some(-1));
            check(channel, Some(30 * DAY), Closed, false, Some(-23 * DAY));
        }
    }

    #[test]
    fn x_has_no_window() {
        check(Channel::X, None, PersonReply::Standard, true, None);
        check(
            Channel::X,
            Some(30 * DAY),
            PersonReply::Standard,
            true,
            None,
        );
    }
}
