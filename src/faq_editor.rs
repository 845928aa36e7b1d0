//! A page's FAQ changed one entry at a time (add, replace, delete an entry; add one example
//! phrasing), each change saved through `pages.rs` as the page's next version, validated as
//! a whole, or not at all; and "try a message": the matcher's verdict on a text with the
//! entries it weighed. The console's FAQ editor and `faq_learning` call these.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::domain::faq::{Candidate, Limits, Match};
use crate::domain::locale::Language;
use crate::domain::page::{AnswerFile, ConfigError, FaqEntryFile, FaqFile, Page, PageFile};
use crate::pages::{PageDirectory, SaveError, Saved};
use crate::store::StoreError;

/// How many entries "try a message" shows.
pub const TRY_SHOWN: usize = 5;

/// One FAQ entry as a person edits it: examples and answers per language, each answer for
/// both tones (`answer`) or one per tone (`formal`, `informal`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntryDraft {
    pub id: String,
    pub escalate: bool,
    pub keywords: Vec<String>,
    pub languages: BTreeMap<Language, LanguageDraft>,
}

/// An entry's texts in one language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LanguageDraft {
    pub examples: Vec<String>,
    pub answer: String,
    pub formal: String,
    pub informal: String,
}

impl EntryDraft {
    /// The draft of a stored entry.
    pub fn of(entry: &FaqEntryFile) -> EntryDraft {
        let mut languages: BTreeMap<Language, LanguageDraft> = BTreeMap::new();
        for (language, examples) in &entry.examples {
            languages.entry(*language).or_default().examples = examples.clone();
        }
        for (language, answer) in &entry.answers {
            let texts = languages.entry(*language).or_default();
            match answer {
                AnswerFile::Same(text) => texts.answer = text.clone(),
                AnswerFile::Toned { formal, informal } => {
                    texts.formal = formal.clone();
                    texts.informal = informal.clone();
                }
            }
        }
        EntryDraft {
            id: entry.id.clone(),
            escalate: entry.escalate,
            keywords: entry.keywords.clone(),
            languages,
        }
    }

    /// The entry as stored: texts trimmed, empty ones left out. An answer given both for both
    /// tones and per tone is refused, naming `<field>.answers.<language>`.
    pub fn to_entry(&self, field: &str) -> Result<FaqEntryFile, ConfigError> {
        let kept = |texts: &[String]| -> Vec<String> {
            texts
                .iter()
                .map(|t| t.trim())
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let mut examples = BTreeMap::new();
        let mut answers = BTreeMap::new();
        for (language, texts) in &self.languages {
            let phrasings = kept(&texts.examples);
            if !phrasings.is_empty() {
                examples.insert(*language, phrasings);
            }
            let (answer, formal, informal) = (
                texts.answer.trim(),
                texts.formal.trim(),
                texts.informal.trim(),
            );
            if formal.is_empty() && informal.is_empty() {
                if !answer.is_empty() {
                    answers.insert(*language, AnswerFile::Same(answer.to_owned()));
                }
            } else if !answer.is_empty() {
                return Err(ConfigError {
                    field: format!("{field}.answers.{}", language.code()),
                    message: "give one answer for both tones, or one per tone, not both".into(),
                });
            } else {
                answers.insert(
                    *language,
                    AnswerFile::Toned {
                        formal: formal.to_owned(),
                        informal: informal.to_owned(),
                    },
                );
            }
        }
        Ok(FaqEntryFile {
            id: self.id.trim().to_owned(),
            escalate: self.escalate,
            keywords: kept(&self.keywords),
            examples,
            answers,
        })
    }
}

/// Why an FAQ change was not saved.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("the FAQ has no entry {0:?}")]
    NoSuchEntry(String),
    /// The page would not validate; `entry` is the index of the entry being changed.
    #[error("{error}")]
    Invalid {
        error: ConfigError,
        entry: Option<usize>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<SaveError> for EditError {
    fn from(error: SaveError) -> Self {
        match error {
            SaveError::Invalid(error) => EditError::Invalid { error, entry: None },
            SaveError::Store(error) => EditError::Store(error),
        }
    }
}

impl EditError {
    /// The field of the changed entry the error is about (`id`, `examples`, `answers.cs`,
    /// `answers.cs.formal`, …), when it is about that entry.
    pub fn entry_field(&self) -> Option<&str> {
        let EditError::Invalid {
            error,
            entry: Some(index),
        } = self
        else {
            return None;
        };
        let rest = error.field.strip_prefix(&format!("faq.entries[{index}]"))?;
        match rest {
            "" => Some(""),
            rest => rest.strip_prefix('.'),
        }
    }
}

/// The FAQ of a page that has none yet.
fn empty_faq() -> FaqFile {
    let limits = Limits::default();
    FaqFile {
        threshold: limits.threshold,
        margin: limits.margin,
        coverage: limits.coverage,
        domains: Vec::new(),
        synonyms: BTreeMap::new(),
        learned_gate: false,
        learned_entries: false,
        entries: Vec::new(),
    }
}

/// Saves `draft` as the entry `replacing` (by its id), or as a new last entry, in the next
/// version of the page `current`. Another entry with the draft's id is refused at
/// `faq.entries[i].id`.
pub async fn save_entry(
    pages: &PageDirectory,
    current: &PageFile,
    replacing: Option<&str>,
    draft: &EntryDraft,
    by: &str,
    at: DateTime<Utc>,
) -> Result<Saved, EditError> {
    let mut index = None;
    let saved = pages
        .change(current, by, at, |page| {
            let faq = page.faq.get_or_insert_with(empty_faq);
            let at_index = match replacing {
                Some(id) => faq
                    .entries
                    .iter()
                    .position(|e| e.id == id)
                    .ok_or_else(|| EditError::NoSuchEntry(id.to_owned()))?,
                None => faq.entries.len(),
            };
            index = Some(at_index);
            let field = format!("faq.entries[{at_index}]");
            let entry = draft.to_entry(&field).map_err(|error| EditError::Invalid {
                error,
                entry: Some(at_index),
            })?;
            let taken = faq
                .entries
                .iter()
                .enumerate()
                .any(|(i, e)| i != at_index && e.id == entry.id);
            if taken {
                return Err(EditError::Invalid {
                    error: ConfigError {
                        field: format!("{field}.id"),
                        message: "another entry has this id".into(),
                    },
                    entry: Some(at_index),
                });
            }
            match faq.entries.get_mut(at_index) {
                Some(slot) => *slot = entry,
                None => faq.entries.push(entry),
            }
            Ok(())
        })
        .await;
    with_entry(saved.map(|(_, saved)| saved), index)
}

/// Deletes the entry `id` in the next version of the page `current`.
pub async fn delete_entry(
    pages: &PageDirectory,
    current: &PageFile,
    id: &str,
    by: &str,
    at: DateTime<Utc>,
) -> Result<Saved, EditError> {
    let (_, saved) = pages
        .change(current, by, at, |page| {
            let faq = page.faq.as_mut();
            let entries = faq.map(|faq| &mut faq.entries);
            let Some(entries) = entries.filter(|e| e.iter().any(|e| e.id == id)) else {
                return Err(EditError::NoSuchEntry(id.to_owned()));
            };
            entries.retain(|e| e.id != id);
            Ok(())
        })
        .await?;
    Ok(saved)
}

/// Adds `text` as an example phrasing in `language` of the entry `id`, in the next version
/// of the page `current` (an example it has already is not added twice).
pub async fn add_example(
    pages: &PageDirectory,
    current: &PageFile,
    id: &str,
    language: Language,
    text: &str,
    by: &str,
    at: DateTime<Utc>,
) -> Result<Saved, EditError> {
    let mut index = None;
    let saved = pages
        .change(current, by, at, |page| {
            let entries = page.faq.as_mut().map(|faq| &mut faq.entries);
            let found = entries.and_then(|e| e.iter_mut().enumerate().find(|(_, e)| e.id == id));
            let Some((at_index, entry)) = found else {
                return Err(EditError::NoSuchEntry(id.to_owned()));
            };
            index = Some(at_index);
            let examples = entry.examples.entry(language).or_default();
            let text = text.trim();
            if !examples.iter().any(|e| e.trim() == text) {
                examples.push(text.to_owned());
            }
            Ok(())
        })
        .await;
    with_entry(saved.map(|(_, saved)| saved), index)
}

/// Names the changed entry in a validation error that has none yet.
fn with_entry(result: Result<Saved, EditError>, index: Option<usize>) -> Result<Saved, EditError> {
    result.map_err(|error| match error {
        EditError::Invalid { error, entry: None } => EditError::Invalid {
            error,
            entry: index,
        },
        other => other,
    })
}

/// What "try a message" shows: the matcher's verdict and the entries it weighed, best first.
#[derive(Debug, Clone, PartialEq)]
pub struct Trial {
    pub result: Match,
    pub ranked: Vec<Candidate>,
}

/// The matcher's verdict on `text` for the page, with its `TRY_SHOWN` best entries.
pub fn try_message(page: &Page, text: &str) -> Trial {
    Trial {
        result: page.faq.matches(text),
        ranked: page.faq.ranked(text, TRY_SHOWN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> EntryDraft {
        let mut languages = BTreeMap::new();
        languages.insert(
            Language::Cs,
            LanguageDraft {
                examples: vec![" Máte dárkové poukazy? ".into(), "  ".into()],
                answer: "Ano, na webu.".into(),
                ..LanguageDraft::default()
            },
        );
        languages.insert(
            Language::En,
            LanguageDraft {
                formal: "Yes, you may.".into(),
                informal: "Yes, you can.".into(),
                ..LanguageDraft::default()
            },
        );
        languages.insert(Language::De, LanguageDraft::default());
        EntryDraft {
            id: " vouchers ".into(),
            escalate: false,
            keywords: vec!["poukaz".into(), "".into()],
            languages,
        }
    }

    #[test]
    fn a_draft_becomes_the_entry_as_stored_and_back() {
        let entry = draft().to_entry("faq.entries[0]").expect("a valid draft");
        assert_eq!(entry.id, "vouchers");
        assert_eq!(entry.keywords, ["poukaz"]);
        assert_eq!(
            entry.examples.get(&Language::Cs).map(Vec::as_slice),
            Some(&["Máte dárkové poukazy?".to_owned()][..])
        );
        assert!(
            !entry.examples.contains_key(&Language::De),
            "empty languages left out"
        );
        assert_eq!(
            entry.answers.get(&Language::En),
            Some(&AnswerFile::Toned {
                formal: "Yes, you may.".into(),
                informal: "Yes, you can.".into()
            })
        );
        let again = EntryDraft::of(&entry)
            .to_entry("faq.entries[0]")
            .expect("valid");
        assert_eq!(again.answers, entry.answers);
        assert_eq!(again.examples, entry.examples);
    }

    #[test]
    fn an_answer_for_both_tones_and_per_tone_is_refused_by_field() {
        let mut both = draft();
        if let Some(en) = both.languages.get_mut(&Language::En) {
            en.answer = "Yes.".into();
        }
        let error = both.to_entry("faq.entries[3]").expect_err("contradictory");
        assert_eq!(error.field, "faq.entries[3].answers.en");
    }

    #[test]
    fn an_error_names_the_field_of_the_changed_entry_only() {
        let error = |field: &str, entry| EditError::Invalid {
            error: ConfigError {
                field: field.into(),
                message: "x".into(),
            },
            entry,
        };
        assert_eq!(
            error("faq.entries[2].answers.cs.formal", Some(2)).entry_field(),
            Some("answers.cs.formal")
        );
        assert_eq!(
            error("faq.entries[2].id", Some(2)).entry_field(),
            Some("id")
        );
        assert_eq!(error("faq.entries[12].id", Some(1)).entry_field(), None);
        assert_eq!(error("faq.entries[2].id", None).entry_field(), None);
        assert_eq!(error("time_zone", Some(0)).entry_field(), None);
    }
}
