//! Learning from staff answers: customer messages the FAQ did not answer and a person then
//! did, grouped by similarity and offered to an admin as suggestions ("add as an example of
//! entry X", or "a new entry" with the staff answer as its starting text). Nothing is added
//! without an admin accepting it; accepting saves the page's next version through
//! `faq_editor`. Accepted and dismissed suggestions are remembered per page (a store set, so
//! two admins at once lose neither) and never offered again, nor anything like them.
//!
//! The grouping is pure: each message becomes the matcher's features (`Faq::profile`), and
//! a message joins the first group whose first message it resembles (cosine at least
//! `SIMILAR`), else starts its own; messages are taken oldest first, so a group keeps its
//! first message, and its suggestion its id, as new messages arrive.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::conversation::{Author, Conversation};
use crate::domain::decision::Reason;
use crate::domain::event::ConversationKey;
use crate::domain::faq::{Candidate, Faq, Unsure, Verdict, content_words};
use crate::domain::locale::{Language, fill};
use crate::domain::page::{ConfigError, Page, PageFile};
use crate::faq_editor::{self, EditError, EntryDraft, LanguageDraft};
use crate::pages::{PageDirectory, Saved};
use crate::store::{AnyStore, ConversationStore, RecordStore, StoreError};

/// How many of the page's latest conversations are read for suggestions.
pub const LOOKBACK: usize = 500;
/// How alike two messages must be (cosine of their features) to be one suggestion.
pub const SIMILAR: f32 = 0.5;
/// How many other phrasings a suggestion shows.
const SHOWN_PHRASINGS: usize = 3;
/// The least score for the matcher's pick to be offered as the entry to extend.
const LEAST_PICK: f32 = 0.1;

/// A customer message that got no FAQ answer and that a person then answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Unanswered {
    pub conversation: ConversationKey,
    pub text: String,
    pub at: DateTime<Utc>,
    /// The first staff message after it, without the staff signature.
    pub staff_answer: String,
}

/// The messages of `conversations` that the FAQ matched without answering (its verdict is in
/// the decision's reasons) and that a person answered afterwards in the same conversation.
pub fn staff_answered(conversations: &[Conversation], staff_signature: &str) -> Vec<Unanswered> {
    let mut found = Vec::new();
    for conversation in conversations {
        let messages = &conversation.messages;
        for (i, message) in messages.iter().enumerate() {
            if message.author != Author::Customer || !faq_did_not_answer(message) {
                continue;
            }
            let Some(staff) = messages[i + 1..].iter().find(|m| m.author == Author::Staff) else {
                continue;
            };
            found.push(Unanswered {
                conversation: conversation.key.clone(),
                text: message.text.clone(),
                at: message.at,
                staff_answer: without_signature(
                    &staff.text,
                    staff_signature,
                    staff.by.as_deref().unwrap_or_default(),
                ),
            });
        }
    }
    found
}

/// Whether the FAQ was asked and did not answer: its verdict is in the decision and is not an
/// answer; or, on a page that had no FAQ then (no verdict recorded), a text message the bot
/// did not set aside for other reasons (a person held the conversation, a mere thanks, a
/// request for a person, the page's own message; attachments, buttons and comments, stored as
/// `[…]`).
fn faq_did_not_answer(message: &crate::domain::conversation::Message) -> bool {
    let Some(decision) = &message.decision else {
        return false;
    };
    let mut asked = false;
    for reason in &decision.reasons {
        match reason {
            Reason::Faq { result } => match result.verdict {
                Verdict::Answer { .. } => return false,
                _ => asked = true,
            },
            Reason::PersonHandling { .. }
            | Reason::Courtesy
            | Reason::AskedForPerson
            | Reason::OwnMessage
            | Reason::AnsweredOutside { .. } => return false,
            _ => {}
        }
    }
    asked || !message.text.trim_start().starts_with('[')
}

/// A person's reply without the signature the console added (`staff_signature` filled with
/// their name, on its own last line).
fn without_signature(text: &str, staff_signature: &str, staff: &str) -> String {
    let signature = fill(staff_signature, &[("agent", staff)]);
    text.strip_suffix(signature.as_str())
        .and_then(|t| t.strip_suffix('\n'))
        .unwrap_or(text)
        .trim()
        .to_owned()
}

/// A suggestion already acted on: never offered again, nor anything like it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Handled {
    pub id: String,
    /// The suggestion's first message: messages like it are not offered again.
    pub text: String,
    pub outcome: Outcome,
    pub by: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Accepted,
    Dismissed,
}

/// A group of alike messages a person answered, offered to the admin.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// Stable while its first message is among those read.
    pub id: String,
    /// The group's first message: the example phrasing to add.
    pub text: String,
    /// Its language, as the matcher tells it.
    pub language: Option<Language>,
    /// The entry the matcher leans to for it, when it leans to one.
    pub entry: Option<Candidate>,
    /// Other phrasings of the group, up to `SHOWN_PHRASINGS`.
    pub phrasings: Vec<String>,
    /// How many conversations the group covers.
    pub conversations: usize,
    /// The person's answer to the first message: a new entry's starting text.
    pub staff_answer: String,
    /// A starting id for a new entry, from the message's words.
    pub new_entry_id: String,
}

/// The cosine of two feature vectors.
pub fn cosine(a: &HashMap<String, f32>, b: &HashMap<String, f32>) -> f32 {
    let dot: f32 = a
        .iter()
        .filter_map(|(feature, wa)| b.get(feature).map(|wb| wa * wb))
        .sum();
    let norm = |v: &HashMap<String, f32>| v.values().map(|w| w * w).sum::<f32>().sqrt();
    let denominator = norm(a) * norm(b);
    if denominator == 0.0 {
        0.0
    } else {
        dot / denominator
    }
}

/// Whether the FAQ, as it is now, still cannot answer `text` for a reason an example could
/// fix (too low a score, too small a lead, too few known words, a country the entry does not
/// name yet, vouchers no entry is about yet, no entries at all). Requests that need a person (anger, spam, "a person please",
/// `escalate` entries), stories and two questions are not learned from.
fn learnable(faq: &Faq, text: &str) -> bool {
    match faq.matches(text).verdict {
        Verdict::Unsure {
            reason:
                Unsure::LowScore
                | Unsure::SmallMargin
                | Unsure::LowCoverage
                | Unsure::OtherPlace
                | Unsure::Voucher,
        } => true,
        // An FAQ without entries yet: any question is something to start from.
        Verdict::Unsure {
            reason: Unsure::NoText,
        } => faq.is_empty(),
        _ => false,
    }
}

fn suggestion_id(text: &str) -> String {
    let digest = Sha256::digest(content_words(text).join(" ").as_bytes());
    hex::encode(&digest[..8])
}

/// A new entry's id from the text's first content words (`darkove_poukazy`).
fn entry_id_of(text: &str) -> String {
    let words: Vec<String> = content_words(text).into_iter().take(3).collect();
    if words.is_empty() {
        "new_entry".into()
    } else {
        words.join("_")
    }
}

struct Group {
    leader: Unanswered,
    profile: HashMap<String, f32>,
    members: Vec<Unanswered>,
}

/// Groups the messages the FAQ still cannot answer into suggestions, the most conversations
/// first; messages like an already handled suggestion, or already an example of the FAQ
/// (`examples`, normalized), are left out.
pub fn suggest(
    faq: &Faq,
    examples: &HashSet<String>,
    mut messages: Vec<Unanswered>,
    handled: &[Handled],
) -> Vec<Suggestion> {
    let handled: Vec<HashMap<String, f32>> = handled.iter().map(|h| faq.profile(&h.text)).collect();
    messages.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.text.cmp(&b.text)));
    let mut groups: Vec<Group> = Vec::new();
    for message in messages {
        let profile = faq.profile(&message.text);
        if profile.is_empty()
            || examples.contains(&content_words(&message.text).join(" "))
            || handled.iter().any(|h| cosine(h, &profile) >= SIMILAR)
            || !learnable(faq, &message.text)
        {
            continue;
        }
        match groups
            .iter_mut()
            .find(|g| cosine(&g.profile, &profile) >= SIMILAR)
        {
            Some(group) => group.members.push(message),
            None => groups.push(Group {
                leader: message.clone(),
                profile,
                members: vec![message],
            }),
        }
    }
    let mut suggestions: Vec<(DateTime<Utc>, Suggestion)> = groups
        .into_iter()
        .map(|group| {
            let conversations: HashSet<&ConversationKey> =
                group.members.iter().map(|m| &m.conversation).collect();
            let mut phrasings: Vec<String> = Vec::new();
            for member in &group.members {
                let shown = phrasings.len() >= SHOWN_PHRASINGS
                    || member.text == group.leader.text
                    || phrasings.contains(&member.text);
                if !shown {
                    phrasings.push(member.text.clone());
                }
            }
            let result = faq.matches(&group.leader.text);
            let entry = result.best.filter(|best| best.score >= LEAST_PICK);
            let leader = &group.leader;
            (
                leader.at,
                Suggestion {
                    id: suggestion_id(&leader.text),
                    text: leader.text.clone(),
                    language: result.language,
                    entry,
                    phrasings,
                    conversations: conversations.len(),
                    staff_answer: leader.staff_answer.clone(),
                    new_entry_id: entry_id_of(&leader.text),
                },
            )
        })
        .collect();
    suggestions.sort_by(|(a_at, a), (b_at, b)| {
        b.conversations
            .cmp(&a.conversations)
            .then_with(|| a_at.cmp(b_at))
    });
    suggestions.into_iter().map(|(_, s)| s).collect()
}

/// The store set of a page's handled suggestions.
fn handled_set(page_id: &str) -> String {
    format!("faq-learning:handled:{page_id}")
}

async fn handled(store: &AnyStore, page_id: &str) -> Result<Vec<Handled>, StoreError> {
    let set = handled_set(page_id);
    let members = store.members(&set).await?;
    Ok(members
        .iter()
        .filter_map(|m| match serde_json::from_str(m) {
            Ok(handled) => Some(handled),
            Err(error) => {
                tracing::warn!(%set, %error, "unreadable handled suggestion left out");
                None
            }
        })
        .collect())
}

/// Every example of the FAQ, normalized as `suggest` compares them.
fn examples_of(file: &PageFile) -> HashSet<String> {
    file.faq
        .iter()
        .flat_map(|faq| &faq.entries)
        .flat_map(|entry| entry.examples.values().flatten())
        .map(|text| content_words(text).join(" "))
        .collect()
}

/// The suggestions for the page `file` (validated as `page`) from its `LOOKBACK` latest
/// conversations.
pub async fn suggestions(
    store: &AnyStore,
    file: &PageFile,
    page: &Page,
) -> Result<Vec<Suggestion>, StoreError> {
    let conversations = store.recent_conversations(&file.id, LOOKBACK).await?;
    let messages = staff_answered(&conversations, &page.staff_signature);
    let handled = handled(store, &file.id).await?;
    Ok(suggest(&page.faq, &examples_of(file), messages, &handled))
}

/// What the admin chose to do with a suggestion.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// Add its message as an example of `entry`, in `language`.
    Example { entry: String, language: Language },
    /// Start a new entry `id` with its message as the example and `answer` (in `language`);
    /// `page_answer` is the answer in the page's language when `language` is another.
    NewEntry {
        id: String,
        language: Language,
        answer: String,
        page_answer: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    /// The suggestion is no longer offered (handled meanwhile, or its messages are gone).
    #[error("this suggestion is no longer offered")]
    NotOffered,
    #[error(transparent)]
    Edit(#[from] EditError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<ConfigError> for LearnError {
    fn from(error: ConfigError) -> Self {
        LearnError::Edit(EditError::Invalid { error, entry: None })
    }
}

async fn offered(
    store: &AnyStore,
    file: &PageFile,
    id: &str,
) -> Result<(Page, Suggestion), LearnError> {
    let page = file.validate()?;
    let suggestion = suggestions(store, file, &page)
        .await?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or(LearnError::NotOffered)?;
    Ok((page, suggestion))
}

async fn remember(
    store: &AnyStore,
    page_id: &str,
    suggestion: &Suggestion,
    outcome: Outcome,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let handled = Handled {
        id: suggestion.id.clone(),
        text: suggestion.text.clone(),
        outcome,
        by: by.to_owned(),
        at,
    };
    let member = serde_json::to_string(&handled).unwrap_or_default();
    store.remember(&handled_set(page_id), &member).await
}

/// Accepts the suggestion `id` of the page `current` as `choice`: the page's next version,
/// validated as a whole (nothing is saved otherwise); the suggestion is then not offered
/// again.
pub async fn accept(
    store: &AnyStore,
    pages: &PageDirectory,
    current: &PageFile,
    id: &str,
    choice: &Choice,
    by: &str,
    at: DateTime<Utc>,
) -> Result<Saved, LearnError> {
    let (page, suggestion) = offered(store, current, id).await?;
    let saved = match choice {
        Choice::Example { entry, language } => {
            faq_editor::add_example(pages, current, entry, *language, &suggestion.text, by, at)
                .await?
        }
        Choice::NewEntry {
            id,
            language,
            answer,
            page_answer,
        } => {
            let mut draft = EntryDraft {
                id: id.clone(),
                ..EntryDraft::default()
            };
            draft.languages.insert(
                *language,
                LanguageDraft {
                    examples: vec![suggestion.text.clone()],
                    answer: answer.clone(),
                    ..LanguageDraft::default()
                },
            );
            if *language != page.language {
                draft.languages.insert(
                    page.language,
                    LanguageDraft {
                        answer: page_answer.clone(),
                        ..LanguageDraft::default()
                    },
                );
            }
            faq_editor::save_entry(pages, current, None, &draft, by, at).await?
        }
    };
    remember(store, &current.id, &suggestion, Outcome::Accepted, by, at).await?;
    tracing::info!(page = %current.id, by, suggestion = %suggestion.id, version = saved.version, "faq suggestion accepted");
    Ok(saved)
}

/// Dismisses the suggestion `id` of the page `current`: it is not offered again.
pub async fn dismiss(
    store: &AnyStore,
    current: &PageFile,
    id: &str,
    by: &str,
    at: DateTime<Utc>,
) -> Result<(), LearnError> {
    let (_, suggestion) = offered(store, current, id).await?;
    remember(store, &current.id, &suggestion, Outcome::Dismissed, by, at).await?;
    tracing::info!(page = %current.id, by, suggestion = %suggestion.id, "faq suggestion dismissed");
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::conversation::{Message, Status};
    use crate::domain::decision::{Decision, Priority};
    use crate::domain::event::Channel;
    use crate::domain::faq::{Entry, Limits, Match};

    fn faq() -> Faq {
        let entry = |id: &str, examples: &[&str]| Entry {
            id: id.into(),
            examples: examples
                .iter()
                .map(|t| (Language::Cs, (*t).to_owned()))
                .collect(),
            keywords: vec![],
            escalate: false,
        };
        Faq::new(
            vec![
                entry(
                    "delivery",
                    &["Kolik stojí doprava?", "Jak dlouho trvá doručení?"],
                ),
                entry("payment", &["Jak můžu zaplatit?", "Můžu platit kartou?"]),
            ],
            Limits::default(),
        )
    }

    fn at(minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, minute, 0).unwrap()
    }

    fn unanswered(customer: &str, text: &str, minute: u32) -> Unanswered {
        Unanswered {
            conversation: ConversationKey {
                channel: Channel::Messenger,
                page_id: "1".into(),
                customer_id: customer.into(),
            },
            text: text.into(),
            at: at(minute),
            staff_answer: format!("answer to {text}"),
        }
    }

    #[test]
    fn alike_messages_make_one_suggestion_counted_per_conversation() {
        let messages = vec![
            unanswered("a", "Máte dárkové poukazy?", 1),
            unanswered("b", "máte darkove poukazy na vanoce?", 2),
            unanswered("b", "dárkový poukaz máte?", 3),
            unanswered("c", "Prodáváte i kávovary značky Jura?", 4),
            unanswered("d", "kolik stoji doprava", 5),
        ];
        let suggestions = suggest(&faq(), &HashSet::new(), messages, &[]);
        assert_eq!(suggestions.len(), 2, "{suggestions:#?}");
        let vouchers = &suggestions[0];
        assert_eq!(
            vouchers.text, "Máte dárkové poukazy?",
            "the first message leads"
        );
        assert_eq!(vouchers.conversations, 2);
        assert_eq!(vouchers.phrasings.len(), 2);
        assert_eq!(vouchers.staff_answer, "answer to Máte dárkové poukazy?");
        assert_eq!(vouchers.new_entry_id, "darkove_poukazy");
        assert_eq!(suggestions[1].conversations, 1);
        assert!(
            suggestions.iter().all(|s| !s.text.contains("doprava")),
            "what the FAQ answers now is not suggested"
        );
    }

    #[test]
    fn handled_suggestions_and_known_examples_are_not_offered_again() {
        let messages = || {
            vec![
                unanswered("a", "Máte dárkové poukazy?", 1),
                unanswered("b", "máte darkove poukazy?", 2),
                unanswered("c", "Prodáváte i kávovary značky Jura?", 4),
            ]
        };
        let first = suggest(&faq(), &HashSet::new(), messages(), &[]);
        let dismissed = Handled {
            id: first[0].id.clone(),
            text: first[0].text.clone(),
            outcome: Outcome::Dismissed,
            by: "Eva".into(),
            at: at(10),
        };
        let after = suggest(&faq(), &HashSet::new(), messages(), &[dismissed]);
        assert_eq!(after.len(), 1);
        assert!(after[0].text.contains("Jura"));
        let known: HashSet<String> =
            [content_words("Prodáváte i kávovary značky Jura?").join(" ")].into();
        let without_known = suggest(&faq(), &known, messages(), &[]);
        assert!(without_known.iter().all(|s| !s.text.contains("Jura")));
        assert_eq!(
            suggest(&faq(), &HashSet::new(), messages(), &[])[0].id,
            first[0].id,
            "ids are stable"
        );
    }

    #[test]
    fn the_matchers_pick_is_offered_as_the_entry_to_extend() {
        let messages = vec![unanswered(
            "a",
            "berete stravenky nebo kartu i pri osobnim odberu v prodejne?",
            1,
        )];
        let faq = faq();
        assert!(
            learnable(&faq, &messages[0].text),
            "{:?}",
            faq.matches(&messages[0].text)
        );
        let suggestions = suggest(&faq, &HashSet::new(), messages, &[]);
        assert_eq!(
            suggestions[0].entry.as_ref().map(|c| c.entry.as_str()),
            Some("payment")
        );
    }

    fn message(
        id: &str,
        author: Author,
        text: &str,
        minute: u32,
        verdict: Option<Verdict>,
    ) -> Message {
        Message {
            id: id.into(),
            author,
            text: text.into(),
            at: at(minute),
            by: (author == Author::Staff).then(|| "Jana".to_owned()),
            decision: verdict.map(|verdict| Decision {
                reply: None,
                escalate: true,
                priority: Priority::Normal,
                labels: vec![],
                reasons: vec![Reason::Faq {
                    result: Match {
                        verdict,
                        language: None,
                        best: None,
                        runner_up: None,
                        coverage: None,
                        learned: false,
                        overruled: None,
                    },
                }],
                announcement: None,
            }),
            delivery: None,
        }
    }

    /// The message with a decision of these reasons (no FAQ verdict: a page without an FAQ).
    fn decided(mut message: Message, reasons: Vec<Reason>) -> Message {
        message.decision = Some(Decision {
            reply: None,
            escalate: true,
            priority: Priority::Normal,
            labels: vec![],
            reasons,
            announcement: None,
        });
        message
    }

    #[test]
    fn only_unanswered_messages_a_person_answered_afterwards_are_learned_from() {
        let unsure = || {
            Some(Verdict::Unsure {
                reason: Unsure::LowScore,
            })
        };
        let conversation = Conversation {
            key: ConversationKey {
                channel: Channel::Messenger,
                page_id: "1".into(),
                customer_id: "c".into(),
            },
            status: Status::Resolved,
            priority: Priority::Normal,
            assignee: None,
            labels: Default::default(),
            notes: vec![],
            unanswered: 0,
            created_at: at(0),
            updated_at: at(9),
            resolved_at: Some(at(9)),
            messages: vec![
                message(
                    "m1",
                    Author::Customer,
                    "kolik stoji doprava",
                    1,
                    Some(Verdict::Answer {
                        entry: "delivery".into(),
                    }),
                ),
                message("m2", Author::Customer, "mate poukazy?", 2, unsure()),
                message("m3", Author::Staff, "Ano, na webu.\n— Jana", 3, None),
                message("m4", Author::Customer, "a kavovary?", 4, unsure()),
                message("m5", Author::Staff, "Taky.\n— Jana", 5, None),
                decided(message("m6", Author::Customer, "[image]", 6, None), vec![]),
                decided(
                    message("m7", Author::Customer, "a jeste neco", 7, None),
                    vec![Reason::PersonHandling { by: "Jana".into() }],
                ),
                decided(
                    message("m8", Author::Customer, "mate kavovary?", 8, None),
                    vec![],
                ),
                message("m9", Author::Staff, "Ne.", 9, None),
            ],
        };
        let found = staff_answered(&[conversation], "— {agent}");
        let texts: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(
            texts,
            ["mate poukazy?", "a kavovary?", "mate kavovary?"],
            "answered by the FAQ, an attachment and a follow-up to a person are left out"
        );
        assert_eq!(
            found[0].staff_answer, "Ano, na webu.",
            "without the signature"
        );
    }

    #[test]
    fn a_page_without_faq_entries_learns_from_any_question() {
        let empty = Faq::new(Vec::new(), Limits::default());
        let messages = vec![
            unanswered("a", "Máte dárkové poukazy?", 1),
            unanswered("b", "Jste podvodníci!!!", 2),
        ];
        let suggestions = suggest(&empty, &HashSet::new(), messages, &[]);
        assert_eq!(suggestions.len(), 1, "{suggestions:#?}");
        assert_eq!(suggestions[0].entry, None);
    }

    #[test]
    fn cosine_is_one_for_the_same_text_and_zero_for_nothing_shared() {
        let faq = faq();
        let a = faq.profile("dárkové poukazy");
        assert!((cosine(&a, &a) - 1.0).abs() < 1e-5);
        assert_eq!(cosine(&a, &faq.profile("xyz qqq")), 0.0);
        assert_eq!(cosine(&a, &HashMap::new()), 0.0);
    }
}
