//! One customer on several channels: suggesting links for a person to confirm, and keeping
//! linked conversations together in the queue.
//!
//! Messenger, Instagram and X give no shared id for a person (a PSID, an IGSID and an X user
//! id are unrelated), and their DM webhooks carry no display name. What frontdesk sees is
//! timing: someone who gets no answer on Messenger often writes on Instagram minutes later.
//! A suggestion is only that; the link is made by a person (`POST …/links`). Where both
//! conversations know the customer's name, differing names rule a suggestion out.

use std::collections::HashSet;

use chrono::Duration;
use serde::Serialize;

use super::conversation::{Author, Conversation};
use super::event::ConversationKey;

/// Customer messages this close in time on two channels suggest one person.
pub const WITHIN: Duration = Duration::minutes(15);

/// A conversation that may be the same customer, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Suggestion {
    #[serde(flatten)]
    pub key: ConversationKey,
    /// The closest pair of customer messages, in minutes.
    pub minutes_apart: i64,
}

/// Conversations among `others` on another channel that `this` may share its customer
/// with, closest first. `name` gives a conversation's customer name where one is known.
/// Already linked conversations (`linked`) are not suggested again.
pub fn suggest<'a>(
    this: &Conversation,
    others: impl IntoIterator<Item = &'a Conversation>,
    linked: &[ConversationKey],
    name: impl Fn(&Conversation) -> Option<String>,
) -> Vec<Suggestion> {
    let times = |c: &Conversation| {
        c.messages
            .iter()
            .filter(|m| m.author == Author::Customer)
            .map(|m| m.at)
            .collect::<Vec<_>>()
    };
    let ours = times(this);
    let our_name = name(this).map(|n| normalized(&n));
    let mut found: Vec<Suggestion> = others
        .into_iter()
        .filter(|other| other.key.channel != this.key.channel && !linked.contains(&other.key))
        .filter(|other| match (&our_name, name(other)) {
            (Some(a), Some(b)) => *a == normalized(&b),
            _ => true,
        })
        .filter_map(|other| {
            let closest = times(other)
                .iter()
                .flat_map(|b| ours.iter().map(move |a| (*a - *b).abs()))
                .min()?;
            (closest <= WITHIN).then(|| Suggestion {
                key: other.key.clone(),
                minutes_apart: closest.num_minutes(),
            })
        })
        .collect();
    found.sort_by_key(|s| s.minutes_apart);
    found
}

/// A name compared without case, accents, spaces or punctuation ("René D." = "rene d").
fn normalized(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' => 'a',
            'č' | 'ç' | 'ć' => 'c',
            'ď' => 'd',
            'é' | 'è' | 'ê' | 'ë' | 'ě' | 'ę' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ł' => 'l',
            'ň' | 'ñ' | 'ń' => 'n',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
            'ř' => 'r',
            'š' | 'ś' => 's',
            'ť' => 't',
            'ú' | 'ù' | 'û' | 'ü' | 'ů' => 'u',
            'ý' | 'ÿ' => 'y',
            'ž' | 'ź' | 'ż' => 'z',
            c => c,
        })
        .collect()
}

/// Reorders `items` so that each one's linked conversations follow it directly (where they
/// are in the list), keeping the given order otherwise: the queue shows one customer's
/// conversations together, at the place of the first of them.
pub fn together<T>(
    items: Vec<T>,
    key: impl Fn(&T) -> &ConversationKey,
    linked: impl Fn(&T) -> &[ConversationKey],
) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    let mut placed = HashSet::new();
    let mut out = Vec::with_capacity(slots.len());
    for i in 0..slots.len() {
        let Some(item) = slots.get_mut(i).and_then(Option::take) else {
            continue;
        };
        placed.insert(key(&item).clone());
        let wanted: Vec<ConversationKey> = linked(&item)
            .iter()
            .filter(|k| !placed.contains(*k))
            .cloned()
            .collect();
        out.push(item);
        for want in wanted {
            let position = slots
                .iter()
                .position(|slot| slot.as_ref().is_some_and(|s| *key(s) == want));
            if let Some(next) = position
                .and_then(|p| slots.get_mut(p))
                .and_then(Option::take)
            {
                placed.insert(want);
                out.push(next);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeZone, Utc};

    use super::*;
    use crate::domain::conversation::Message;
    use crate::domain::event::Channel;

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 10, minute, 0).unwrap()
    }

    fn key(channel: Channel, customer: &str) -> ConversationKey {
        ConversationKey {
            channel,
            page_id: "1".into(),
            customer_id: customer.into(),
        }
    }

    fn conversation(channel: Channel, customer: &str, minutes: &[u32]) -> Conversation {
        let mut c = Conversation::new(key(channel, customer), at(0));
        for (i, m) in minutes.iter().enumerate() {
            c.messages.push(Message {
                id: format!("{customer}-{i}"),
                author: Author::Customer,
                text: "hi".into(),
                at: at(*m),
                by: None,
                decision: None,
                delivery: None,
            });
        }
        c
    }

    #[test]
    fn close_messages_on_another_channel_are_suggested_closest_first() {
        let this = conversation(Channel::Messenger, "psid", &[0, 30]);
        let instagram = conversation(Channel::Instagram, "igsid", &[40]);
        let x = conversation(Channel::X, "xid", &[2]);
        let far = conversation(Channel::Instagram, "other", &[50]);
        let same_channel = conversation(Channel::Messenger, "psid2", &[1]);
        let found = suggest(&this, [&instagram, &x, &far, &same_channel], &[], |_| None);
        assert_eq!(
            found,
            [
                Suggestion {
                    key: x.key.clone(),
                    minutes_apart: 2
                },
                Suggestion {
                    key: instagram.key.clone(),
                    minutes_apart: 10
                },
            ]
        );
        // Already linked: nothing to suggest.
        let linked = [x.key.clone(), instagram.key.clone()];
        assert!(suggest(&this, [&instagram, &x], &linked, |_| None).is_empty());
    }

    #[test]
    fn names_known_on_both_sides_must_match() {
        let this = conversation(Channel::Messenger, "psid", &[0]);
        let other = conversation(Channel::Instagram, "igsid", &[5]);
        let names = |a: &'static str, b: &'static str| {
            move |c: &Conversation| {
                Some(
                    if c.key.channel == Channel::Messenger {
                        a
                    } else {
                        b
                    }
                    .to_owned(),
                )
            }
        };
        assert_eq!(
            suggest(&this, [&other], &[], names("René Dvořák", "rene dvorak")).len(),
            1
        );
        assert!(suggest(&this, [&other], &[], names("René Dvořák", "Mara Ng")).is_empty());
    }

    #[test]
    fn linked_conversations_are_listed_together() {
        let k = |c: &str| key(Channel::Messenger, c);
        let items = vec![
            (k("a"), vec![k("d")]),
            (k("b"), vec![]),
            (k("c"), vec![]),
            (k("d"), vec![k("a")]),
        ];
        let order: Vec<_> = together(items, |i| &i.0, |i| &i.1)
            .into_iter()
            .map(|i| i.0.customer_id)
            .collect();
        assert_eq!(order, ["a", "d", "b", "c"]);
    }
}
