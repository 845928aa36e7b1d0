//! FAQ matching: which of a page's FAQ entries a customer's message asks about, in which
//! language, and whether we are sure enough to answer it. No I/O.
//!
//! Text is normalized (case, diacritics, URLs, emoji, punctuation, digits) into words; each
//! word gives a short stem (inflected Czech, Polish or Ukrainian forms share it) and
//! character trigrams (typos and missing diacritics still overlap). Messages and the
//! entries' example phrasings become TF-IDF vectors; an entry's score is its best example's
//! cosine similarity. Words the FAQ has never seen still count in the message's length, so a
//! message about something else scores low by construction.
//!
//! The matcher answers only when all of these hold, and says which failed otherwise:
//! - the message is not angry, profane or threatening (those go to a person, urgently);
//! - it does not ask for a person;
//! - it is short enough to be one question;
//! - the best entry scores at least the page's threshold, with a clear margin over the
//!   runner-up;
//! - most of the message's words are known to the best entry (coverage);
//! - the best entry is not one that always needs a person (`escalate = true`: cancelling an
//!   order, changing an address, ...): known intents the bot must not guess about.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::locale::Language;

/// One FAQ entry as the matcher sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub id: String,
    /// Example phrasings, with their language.
    pub examples: Vec<(Language, String)>,
    /// Words that, when present, support this entry.
    pub keywords: Vec<String>,
    /// A known request that always needs a person; never answered.
    pub escalate: bool,
}

/// The page's limits for answering.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// The lowest score an answer may have (0..1).
    pub threshold: f32,
    /// The least lead of the best entry over the runner-up.
    pub margin: f32,
    /// The least share of the message's words the best entry knows.
    pub coverage: f32,
    /// More content words than this is a story, not a question.
    pub max_words: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            threshold: 0.40,
            margin: 0.08,
            coverage: 0.5,
            max_words: 40,
        }
    }
}

/// A scored entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub entry: String,
    pub score: f32,
}

/// What the matcher concluded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Answer {
        entry: String,
    },
    /// Anger, profanity or threats: a person, with high priority.
    Angry {
        signals: Vec<String>,
    },
    /// Phishing or spam: a link to a foreign site with a fee to pay or a deadline. Queued
    /// with the `spam` label; never answered.
    Spam {
        signals: Vec<String>,
    },
    AskedForPerson,
    /// The message matches a request that always needs a person.
    NeedsPerson {
        entry: String,
    },
    Unsure {
        reason: Unsure,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unsure {
    NoText,
    TooLong,
    LowScore,
    SmallMargin,
    LowCoverage,
    /// The message asks about two entries: one answer would leave the other question open.
    TwoQuestions,
}

/// The matcher's full result: explainable, for the decision record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    pub verdict: Verdict,
    /// The language the message is written in, when it could tell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best: Option<Candidate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runner_up: Option<Candidate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<f32>,
}

/// A page's FAQ, indexed for matching.
#[derive(Debug, Clone, PartialEq)]
pub struct Faq {
    entries: Vec<Entry>,
    limits: Limits,
    lexicon: Lexicon,
    /// Web domains of the page's own (links to them are not suspicious).
    own_domains: Vec<String>,
    vocabulary: HashMap<String, u32>,
    idf: Vec<f32>,
    /// feature -> (example, weight)
    postings: Vec<Vec<(u32, f32)>>,
    /// example -> (entry, language, squared norm)
    examples: Vec<(usize, Language, f32)>,
    /// example -> its features, sorted by id
    example_features: Vec<Vec<u32>>,
    /// example -> its norm
    example_norms: Vec<f32>,
    /// Stems the FAQ knows (from examples and keywords, all entries and languages).
    known_stems: HashSet<String>,
    /// entry -> keyword stems
    keyword_stems: Vec<Vec<String>>,
}

/// How much a message's share of an example's weight counts against plain cosine similarity.
/// Recall lets extra words about the customer's situation not drown the question; cosine keeps
/// a message that only brushes an example from scoring as high as one that is that example.
const RECALL_WEIGHT: f32 = 0.6;

impl Faq {
    pub fn new(entries: Vec<Entry>, limits: Limits) -> Self {
        Self::with_vocabulary(entries, limits, &[], &[])
    }

    /// A FAQ with the page's own synonyms (concept, terms) added to the bundled shop
    /// vocabulary, and the page's own web domains.
    pub fn with_vocabulary(
        entries: Vec<Entry>,
        limits: Limits,
        synonyms: &[(String, Vec<String>)],
        own_domains: &[String],
    ) -> Self {
        let lexicon = Lexicon::bundled().extended(synonyms);
        let example_words: Vec<(usize, Language, Vec<String>)> = entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                e.examples
                    .iter()
                    .map(move |(lang, text)| (i, *lang, content_words(text)))
            })
            .collect();
        // Document frequency counted per entry, so an entry with many examples does not
        // make its own words look common.
        let mut df: HashMap<String, HashSet<usize>> = HashMap::new();
        let example_counts: Vec<HashMap<String, f32>> = example_words
            .iter()
            .map(|(_, _, words)| features(words, &lexicon))
            .collect();
        for ((entry, _, _), counts) in example_words.iter().zip(&example_counts) {
            for feature in counts.keys() {
                df.entry(feature.clone()).or_default().insert(*entry);
            }
        }
        let n = entries.len().max(1) as f32;
        let mut vocabulary = HashMap::new();
        let mut idf = Vec::new();
        let mut df: Vec<_> = df.into_iter().collect();
        df.sort_by(|a, b| a.0.cmp(&b.0));
        for (feature, entries_with) in df {
            vocabulary.insert(feature, idf.len() as u32);
            idf.push((n / entries_with.len() as f32).ln() + 1.0);
        }
        let mut postings = vec![Vec::new(); idf.len()];
        let mut examples = Vec::new();
        let mut example_features = Vec::new();
        for ((entry, lang, _), counts) in example_words.iter().zip(&example_counts) {
            let vector = weigh(counts, &vocabulary, &idf);
            let norm2 = vector.iter().map(|(_, w)| w * w).sum::<f32>();
            if norm2 == 0.0 {
                continue;
            }
            let example = examples.len() as u32;
            let mut ids: Vec<u32> = vector.iter().map(|(id, _)| *id).collect();
            ids.sort_unstable();
            for (feature, weight) in vector {
                postings[feature as usize].push((example, weight));
            }
            examples.push((*entry, *lang, norm2));
            example_features.push(ids);
        }
        let known_stems = entries
            .iter()
            .flat_map(|e| {
                e.examples
                    .iter()
                    .flat_map(|(_, text)| content_words(text))
                    .chain(e.keywords.iter().flat_map(|k| content_words(k)))
            })
            .map(|w| stem(&w))
            .collect();
        let keyword_stems = entries
            .iter()
            .map(|e| {
                e.keywords
                    .iter()
                    .flat_map(|k| content_words(k))
                    .map(|w| stem(&w))
                    .collect()
            })
            .collect();
        Faq {
            entries,
            limits,
            lexicon,
            own_domains: own_domains
                .iter()
                .map(|d| d.trim().trim_start_matches("www.").to_lowercase())
                .collect(),
            vocabulary,
            idf,
            postings,
            example_norms: examples.iter().map(|(_, _, n2)| n2.sqrt()).collect(),
            examples,
            example_features,
            known_stems,
            keyword_stems,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// Matches one customer message.
    pub fn matches(&self, text: &str) -> Match {
        let tokens: Vec<(&str, Vec<String>)> = text
            .split_whitespace()
            .map(|token| (token, normalize(token)))
            .collect();
        let all: Vec<String> = tokens.iter().flat_map(|(_, w)| w.iter().cloned()).collect();
        let language = detect_language(text, &all);
        let (words, segment_of): (Vec<String>, Vec<usize>) = segmented(&tokens, language)
            .into_iter()
            .filter(|(w, _)| !STOPWORDS.contains(w.as_str()))
            .unzip();
        let unsure = |reason, best, runner_up, coverage| Match {
            verdict: Verdict::Unsure { reason },
            language,
            best,
            runner_up,
            coverage,
        };
        let signals = anger_signals(text, &all);
        if !signals.is_empty() {
            return Match {
                verdict: Verdict::Angry { signals },
                language,
                best: None,
                runner_up: None,
                coverage: None,
            };
        }
        let links = foreign_links(text, &self.own_domains);
        if let Some(signals) = phishing_signals(&links, &all) {
            return Match {
                verdict: Verdict::Spam { signals },
                language,
                best: None,
                runner_up: None,
                coverage: None,
            };
        }
        if asks_for_person(&words) {
            return Match {
                verdict: Verdict::AskedForPerson,
                language,
                best: None,
                runner_up: None,
                coverage: None,
            };
        }
        if words.is_empty() || self.entries.is_empty() {
            return unsure(Unsure::NoText, None, None, None);
        }
        if words.len() > self.limits.max_words {
            return unsure(Unsure::TooLong, None, None, None);
        }
        let scored = self.score(&words);
        let scores = &scored.scores;
        // The best two, without sorting every entry.
        let best_of = |skip: Option<usize>| {
            (0..scores.len())
                .filter(|i| Some(*i) != skip)
                .max_by(|a, b| scores[*a].total_cmp(&scores[*b]).then(b.cmp(a)))
        };
        let Some(best_index) = best_of(None) else {
            return unsure(Unsure::NoText, None, None, None);
        };
        let second_index = best_of(Some(best_index));
        let candidate = |i: usize| Candidate {
            entry: self.entries[i].id.clone(),
            score: scores[i],
        };
        let best = Some(candidate(best_index));
        let runner_up = second_index.map(candidate);
        // Coverage is counted in the parts of the message that ask about the best entry, so
        // a story around the question does not count against it.
        let question: HashSet<usize> = scored.best_example[best_index]
            .map(|example| {
                let ids = &self.example_features[example];
                scored
                    .word_features
                    .iter()
                    .zip(&segment_of)
                    .filter(|(features, _)| {
                        features
                            .iter()
                            .any(|(id, strong)| *strong && ids.binary_search(id).is_ok())
                    })
                    .map(|(_, segment)| *segment)
                    .collect()
            })
            .unwrap_or_default();
        let in_question: Vec<&String> = words
            .iter()
            .zip(&segment_of)
            .filter(|(_, segment)| question.is_empty() || question.contains(segment))
            .map(|(w, _)| w)
            .collect();
        let known = in_question.iter().filter(|w| self.knows(w)).count();
        let share_known = known as f32 / in_question.len().max(1) as f32;
        let coverage = Some(share_known);
        let limits = self.limits;
        // A link to somewhere else than the page's own site makes any answer less certain.
        let threshold = if links.is_empty() {
            limits.threshold
        } else {
            limits.threshold + LINK_PENALTY
        };
        let best_score = scores[best_index];
        let second = runner_up.as_ref().map_or(0.0, |c| c.score);
        let two_questions = (0..scores.len())
            .filter(|i| *i != best_index && scores[*i] >= TWO_QUESTIONS_SCORE)
            .filter(|i| !self.entries[*i].escalate || scores[*i] >= TWO_QUESTIONS_ESCALATE_SCORE)
            .any(|i| self.asks_both(&scored, &segment_of, best_index, i));
        let verdict = if best_score < threshold {
            Verdict::Unsure {
                reason: Unsure::LowScore,
            }
        } else if two_questions {
            Verdict::Unsure {
                reason: Unsure::TwoQuestions,
            }
        } else if best_score - second < limits.margin {
            Verdict::Unsure {
                reason: Unsure::SmallMargin,
            }
        } else if share_known < limits.coverage {
            Verdict::Unsure {
                reason: Unsure::LowCoverage,
            }
        } else if self.entries[best_index].escalate {
            Verdict::NeedsPerson {
                entry: self.entries[best_index].id.clone(),
            }
        } else {
            Verdict::Answer {
                entry: self.entries[best_index].id.clone(),
            }
        };
        // An example's language tells the message's only when the example was accepted: a
        // rejected nearest example ("ok" near a Dutch phrasing) says nothing about it.
        let accepted = matches!(
            verdict,
            Verdict::Answer { .. } | Verdict::NeedsPerson { .. }
        );
        let language = language.or(scored.languages[best_index].filter(|_| accepted));
        Match {
            verdict,
            language,
            best,
            runner_up,
            coverage,
        }
    }

    /// The `n` best-scoring entries for `text`, best first (ties by entry order): what the
    /// matcher weighed, before any of its rules (anger, margin, coverage) decided. Entries
    /// the message shares nothing with are left out.
    pub fn ranked(&self, text: &str, n: usize) -> Vec<Candidate> {
        let words = content_words(text);
        if words.is_empty() || self.entries.is_empty() || n == 0 {
            return Vec::new();
        }
        let scores = self.score(&words).scores;
        let mut order: Vec<usize> = (0..scores.len()).filter(|i| scores[*i] > 0.0).collect();
        order.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]).then(a.cmp(b)));
        order
            .into_iter()
            .take(n)
            .map(|i| Candidate {
                entry: self.entries[i].id.clone(),
                score: scores[i],
            })
            .collect()
    }

    /// A text's features as the matcher sees them (the stems and trigrams of its content
    /// words, its shop-vocabulary concepts, the page's synonyms included), for comparing
    /// messages with each other outside the matcher.
    pub fn profile(&self, text: &str) -> HashMap<String, f32> {
        features(&content_words(text), &self.lexicon)
    }

    /// Whether the FAQ has seen this word: its stem, or most of its trigrams (a typo).
    fn knows(&self, word: &str) -> bool {
        if self.known_stems.contains(&stem(word)) || self.lexicon.knows(word) {
            return true;
        }
        let (mut known, mut all) = (0, 0);
        for_each_trigram(word, |g| {
            all += 1;
            if self.vocabulary.contains_key(g) {
                known += 1;
            }
        });
        known * 5 >= all * 3
    }

    /// Whether two entries are each asked about with words of their own, in different parts of
    /// the message (split at sentence ends, commas and "and"): two questions in one message,
    /// not one question that two entries share words with.
    fn asks_both(&self, scored: &Scored, segment_of: &[usize], a: usize, b: usize) -> bool {
        let (Some(ea), Some(eb)) = (scored.best_example[a], scored.best_example[b]) else {
            return false;
        };
        let supports = |example: usize| -> Vec<bool> {
            let ids = &self.example_features[example];
            scored
                .word_features
                .iter()
                .map(|features| {
                    features
                        .iter()
                        .any(|(id, strong)| *strong && ids.binary_search(id).is_ok())
                })
                .collect()
        };
        let (sa, sb) = (supports(ea), supports(eb));
        let segments = |own: &[bool], other: &[bool]| -> HashSet<usize> {
            own.iter()
                .zip(other)
                .zip(segment_of)
                .filter(|((own, other), _)| **own && !**other)
                .map(|(_, segment)| *segment)
                .collect()
        };
        let (only_a, only_b) = (segments(&sa, &sb), segments(&sb, &sa));
        !only_a.is_empty() && !only_b.is_empty() && only_a.is_disjoint(&only_b)
    }

    /// Each entry's score, the language and index of its best example, and the message's
    /// features per word.
    fn score(&self, words: &[String]) -> Scored {
        let mut word_features: Vec<Vec<(u32, bool)>> = Vec::with_capacity(words.len());
        // Few features per message: a small list beats hashing.
        let mut counts: Vec<(u32, f32)> = Vec::new();
        let mut add = |id: u32, count: f32| match counts.iter_mut().find(|(f, _)| *f == id) {
            Some((_, c)) => *c += count,
            None => counts.push((id, count)),
        };
        let concepts = self.lexicon.concepts(words);
        for (i, word) in words.iter().enumerate() {
            let mut own = Vec::new();
            if let Some(id) = self.vocabulary.get(&stem_feature(word)) {
                add(*id, 1.0);
                own.push((*id, true));
            }
            for_each_trigram(word, |gram| {
                if let Some(id) = self.vocabulary.get(gram) {
                    add(*id, TRIGRAM_WEIGHT);
                    own.push((*id, false));
                }
            });
            for (at, concept) in &concepts {
                if *at == i
                    && let Some(id) = self.vocabulary.get(concept)
                {
                    add(*id, CONCEPT_WEIGHT);
                    own.push((*id, true));
                }
            }
            word_features.push(own);
        }
        let vector: Vec<(u32, f32)> = counts
            .into_iter()
            .map(|(id, count)| (id, (1.0 + count.ln().max(0.0)) * self.idf[id as usize]))
            .collect();
        let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        // Per example: (dot product, sum of its squared weights the message has).
        let mut sums = vec![(0.0f32, 0.0f32); self.examples.len()];
        for (feature, weight) in &vector {
            for (example, w) in &self.postings[*feature as usize] {
                let sum = &mut sums[*example as usize];
                sum.0 += weight * w;
                sum.1 += w * w;
            }
        }
        let mut scores = vec![0.0f32; self.entries.len()];
        let mut languages = vec![None; self.entries.len()];
        let mut best_example = vec![None; self.entries.len()];
        for (example, (dot, covered)) in sums.iter().enumerate() {
            if *covered == 0.0 {
                continue;
            }
            let (entry, lang, norm2) = self.examples[example];
            let cosine = dot / (norm * self.example_norms[example]).max(f32::EPSILON);
            let recall = covered / norm2;
            let score = RECALL_WEIGHT * recall + (1.0 - RECALL_WEIGHT) * cosine;
            if score > scores[entry] {
                scores[entry] = score;
                languages[entry] = Some(lang);
                best_example[entry] = Some(example);
            }
        }
        let stems: HashSet<String> = words.iter().map(|w| stem(w)).collect();
        for (entry, keywords) in self.keyword_stems.iter().enumerate() {
            if keywords.iter().any(|k| stems.contains(k)) {
                scores[entry] = (scores[entry] + 0.1).min(1.0);
            }
        }
        Scored {
            scores,
            languages,
            best_example,
            word_features,
        }
    }
}

/// A message scored against every entry.
struct Scored {
    scores: Vec<f32>,
    languages: Vec<Option<Language>>,
    best_example: Vec<Option<usize>>,
    /// Per message word: the known features it gave, and whether each is a strong one (its
    /// stem or a concept, not a trigram).
    word_features: Vec<Vec<(u32, bool)>>,
}

/// How much a word's trigrams count, each, beside its stem.
const TRIGRAM_WEIGHT: f32 = 0.5;
/// How much a shop-vocabulary concept counts beside the word's stem.
const CONCEPT_WEIGHT: f32 = 2.0;
/// How much a link to a foreign site raises the threshold.
const LINK_PENALTY: f32 = 0.15;
/// A second entry counts as a second question from this score on ...
const TWO_QUESTIONS_SCORE: f32 = 0.5;
/// ... or from this score on when it is one that always needs a person: the name of a product
/// ("the grinder") is often the subject of a question, not a second one.
const TWO_QUESTIONS_ESCALATE_SCORE: f32 = 0.7;

/// Lowercase, without diacritics, URLs, emoji, digits and punctuation; split into words.
pub fn normalize(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for raw in text.split_whitespace() {
        let lower = raw.to_lowercase();
        if lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("www.")
        {
            continue;
        }
        let folded: String = lower
            .nfd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(|c| match c {
                'ł' => "l".chars().collect::<Vec<_>>(),
                'ß' => "ss".chars().collect(),
                'đ' => "d".chars().collect(),
                'ø' => "o".chars().collect(),
                'ʼ' | '\'' | '’' => Vec::new(),
                c => vec![c],
            })
            .collect();
        words.extend(
            folded
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= 2)
                .map(str::to_owned),
        );
    }
    words
}

/// The message's normalized words, each with the index of its part: parts end at a sentence
/// end, comma or semicolon, and a joining word ("and", "a", "und", "і") starts a new one.
fn segmented(tokens: &[(&str, Vec<String>)], language: Option<Language>) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut segment = 0;
    for (token, words) in tokens {
        let bare = token.to_lowercase();
        let bare = bare.trim_matches(|c: char| !c.is_alphanumeric());
        let joins = JOINING_WORDS.contains(&bare)
            // English "i" is a pronoun.
            && !(bare == "i" && language == Some(Language::En));
        if joins {
            segment += 1;
        }
        for word in words {
            out.push((word.clone(), segment));
        }
        if token.ends_with(['?', '!', '.', ',', ';', ':']) {
            segment += 1;
        }
    }
    out
}

/// Words that join two questions.
const JOINING_WORDS: &[&str] = &[
    "a",
    "i",
    "aj",
    "plus",
    "taky",
    "take",
    "zaroven",
    "oraz",
    "ponadto",
    "en",
    "ook",
    "und",
    "sowie",
    "and",
    "also",
    "та",
    "і",
    "й",
    "також",
];

/// The words that carry meaning: normalized, without function words.
pub fn content_words(text: &str) -> Vec<String> {
    without_stopwords(&normalize(text))
}

fn without_stopwords(words: &[String]) -> Vec<String> {
    words
        .iter()
        .filter(|w| !STOPWORDS.contains(w.as_str()))
        .cloned()
        .collect()
}

/// A word's stem: its first five letters, enough to join inflected forms.
fn stem(word: &str) -> String {
    word.chars().take(5).collect()
}

fn stem_feature(word: &str) -> String {
    format!("s:{}", stem(word))
}

/// An example's features: the stems and trigrams of its words, and its shop-vocabulary
/// concepts.
fn features(words: &[String], lexicon: &Lexicon) -> HashMap<String, f32> {
    let mut counts: HashMap<String, f32> = HashMap::new();
    for word in words {
        *counts.entry(stem_feature(word)).or_default() += 1.0;
        for gram in trigrams(word) {
            *counts.entry(gram).or_default() += TRIGRAM_WEIGHT;
        }
    }
    for (_, concept) in lexicon.concepts(words) {
        *counts.entry(concept).or_default() += CONCEPT_WEIGHT;
    }
    counts
}

/// The character trigrams of a word, with its boundaries marked.
fn trigrams(word: &str) -> Vec<String> {
    let mut grams = Vec::new();
    for_each_trigram(word, |g| grams.push(g.to_owned()));
    grams
}

/// Calls `f` with each trigram of a word, without allocating one string per trigram.
fn for_each_trigram(word: &str, mut f: impl FnMut(&str)) {
    let padded: Vec<char> = std::iter::once('<')
        .chain(word.chars())
        .chain(std::iter::once('>'))
        .collect();
    let mut gram = String::with_capacity(12);
    for window in padded.windows(3) {
        gram.clear();
        gram.extend(window);
        f(&gram);
    }
}

/// TF-IDF weights of the features the FAQ knows.
fn weigh(
    counts: &HashMap<String, f32>,
    vocabulary: &HashMap<String, u32>,
    idf: &[f32],
) -> Vec<(u32, f32)> {
    counts
        .iter()
        .filter_map(|(feature, count)| {
            let id = *vocabulary.get(feature)?;
            Some((id, (1.0 + count.ln().max(0.0)) * idf[id as usize]))
        })
        .collect()
}

static STOPWORDS: std::sync::LazyLock<HashSet<&'static str>> = std::sync::LazyLock::new(|| {
    include_str!("../../responses/faq/stopwords.txt")
        .split_whitespace()
        .filter(|w| !w.starts_with('#'))
        .collect()
});

/// Signals, per language, read from `responses/faq/signals.toml`.
#[derive(Debug, Deserialize)]
struct Signals {
    /// Stems of profanity, insults, fraud accusations and threats.
    anger: Vec<String>,
    /// Words of asking for a person.
    person: Vec<String>,
    /// Word beginnings of a fee to pay, in phishing ("your parcel is held, pay the fee").
    phishing_money: Vec<String>,
    /// Word beginnings of pressure or a held parcel, in phishing.
    phishing_urgency: Vec<String>,
    /// Function words of languages no page supports.
    unsupported: Vec<String>,
    /// Function words, per language, for telling languages apart.
    language: HashMap<Language, Vec<String>>,
}

static SIGNALS: std::sync::LazyLock<Result<Signals, String>> = std::sync::LazyLock::new(|| {
    toml::from_str(include_str!("../../responses/faq/signals.toml")).map_err(|e| e.to_string())
});

/// Why a message reads as angry: lexicon stems found, shouting, a row of exclamation marks.
/// `all` is the message's normalized words, function words included.
fn anger_signals(text: &str, all: &[String]) -> Vec<String> {
    let mut signals = Vec::new();
    if let Ok(lexicon) = SIGNALS.as_ref() {
        for stem in &lexicon.anger {
            if all.iter().any(|w| w.starts_with(stem.as_str())) {
                signals.push(stem.clone());
            }
        }
    }
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if letters.len() >= 12 && upper * 20 >= letters.len() * 17 {
        signals.push("shouting".into());
    }
    if text.contains("!!!")
        || (text.contains("?!") && !all.is_empty() && text.matches('!').count() >= 2)
    {
        signals.push("exclamations".into());
    }
    signals
}

/// The hosts of the links in a message that are not the page's own.
fn foreign_links(text: &str, own_domains: &[String]) -> Vec<String> {
    text.split_whitespace()
        .filter_map(|token| {
            let token = token
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '/')
                .to_lowercase();
            let rest = token
                .strip_prefix("https://")
                .or_else(|| token.strip_prefix("http://"))
                .or_else(|| token.starts_with("www.").then_some(token.as_str()))
                .or_else(|| {
                    // A bare host with a path: "example.com/pay".
                    let (host, _) = token.split_once('/')?;
                    (host.contains('.') && !host.contains('@')).then_some(token.as_str())
                })?;
            let host = rest
                .split(['/', '?', '#', ':'])
                .next()
                .unwrap_or_default()
                .trim_start_matches("www.")
                .to_owned();
            let tld = host.rsplit('.').next().unwrap_or_default();
            if !host.contains('.') || tld.chars().count() < 2 {
                return None;
            }
            let own = own_domains
                .iter()
                .any(|d| host == *d || host.ends_with(&format!(".{d}")));
            (!own).then_some(host)
        })
        .collect()
}

/// Why a message reads as phishing: a foreign link with both a fee to pay and pressure (a
/// deadline, a held parcel). `all` is the message's normalized words.
fn phishing_signals(links: &[String], all: &[String]) -> Option<Vec<String>> {
    let lexicon = SIGNALS.as_ref().ok()?;
    let found = |list: &[String]| -> Vec<String> {
        list.iter()
            .filter(|stem| all.iter().any(|w| w.starts_with(stem.as_str())))
            .cloned()
            .collect()
    };
    let (money, urgency) = (
        found(&lexicon.phishing_money),
        found(&lexicon.phishing_urgency),
    );
    if links.is_empty() || money.is_empty() || urgency.is_empty() {
        return None;
    }
    let mut signals: Vec<String> = links.iter().map(|l| format!("link:{l}")).collect();
    signals.extend(money);
    signals.extend(urgency);
    Some(signals)
}

/// Shop vocabulary: terms (couriers, payment methods, legal words) that stand for one concept,
/// bundled in `responses/faq/lexicon.toml` and extended per page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lexicon {
    /// (the term's normalized words, its concept's feature), by the term's first letter.
    terms: HashMap<char, Vec<(Vec<String>, String)>>,
}

static LEXICON: std::sync::LazyLock<Result<Lexicon, String>> = std::sync::LazyLock::new(|| {
    let concepts: std::collections::BTreeMap<String, Vec<String>> =
        toml::from_str(include_str!("../../responses/faq/lexicon.toml"))
            .map_err(|e| e.to_string())?;
    let concepts: Vec<(String, Vec<String>)> = concepts.into_iter().collect();
    Ok(Lexicon::default().extended(&concepts))
});

impl Lexicon {
    fn bundled() -> Lexicon {
        LEXICON.as_ref().cloned().unwrap_or_default()
    }

    /// This lexicon with more terms: (concept, terms).
    pub fn extended(mut self, synonyms: &[(String, Vec<String>)]) -> Lexicon {
        for (concept, terms) in synonyms {
            let feature = format!("c:{}", concept.trim().to_lowercase());
            for term in terms {
                let words = normalize(term);
                if let Some(first) = words.first().and_then(|w| w.chars().next()) {
                    let list = self.terms.entry(first).or_default();
                    if !list.iter().any(|(w, f)| *w == words && *f == feature) {
                        list.push((words, feature.clone()));
                    }
                }
            }
        }
        self
    }

    /// The concepts the words name: (index of the term's first word, concept feature).
    fn concepts(&self, words: &[String]) -> Vec<(usize, String)> {
        let mut found: Vec<(usize, String)> = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let Some(terms) = word.chars().next().and_then(|c| self.terms.get(&c)) else {
                continue;
            };
            for (term, feature) in terms {
                let matched = term.len() <= words.len() - i
                    && term
                        .iter()
                        .zip(&words[i..])
                        .all(|(t, w)| term_word_matches(t, w));
                if matched && !found.iter().any(|(_, f)| f == feature) {
                    found.push((i, feature.clone()));
                }
            }
        }
        found
    }

    fn knows(&self, word: &str) -> bool {
        word.chars()
            .next()
            .and_then(|c| self.terms.get(&c))
            .is_some_and(|terms| {
                terms
                    .iter()
                    .any(|(t, _)| t.len() == 1 && term_word_matches(&t[0], word))
            })
    }
}

/// A term's word matches a message word: whole for short words ("dhl", "ups"), as a word
/// beginning otherwise ("paczkomat" matches "paczkomatu").
fn term_word_matches(term: &str, word: &str) -> bool {
    if term.chars().count() < 4 {
        word == term
    } else {
        word.starts_with(term)
    }
}

/// Whether the bundled shop vocabulary loads (proved by a unit test).
pub fn lexicon_loads() -> Result<(), String> {
    LEXICON.as_ref().map(|_| ()).map_err(Clone::clone)
}

fn asks_for_person(words: &[String]) -> bool {
    SIGNALS
        .as_ref()
        .is_ok_and(|lexicon| words.iter().any(|w| lexicon.person.iter().any(|p| p == w)))
}

/// Function word -> the languages it belongs to.
static FUNCTION_WORDS: std::sync::LazyLock<HashMap<String, Vec<Language>>> =
    std::sync::LazyLock::new(|| {
        let mut map: HashMap<String, Vec<Language>> = HashMap::new();
        if let Ok(lexicon) = SIGNALS.as_ref() {
            for (language, words) in &lexicon.language {
                for word in words {
                    let languages = map.entry(word.clone()).or_default();
                    if !languages.contains(language) {
                        languages.push(*language);
                    }
                }
            }
        }
        map
    });

/// Function words of languages no page supports.
static UNSUPPORTED: std::sync::LazyLock<HashSet<String>> = std::sync::LazyLock::new(|| {
    SIGNALS
        .as_ref()
        .map(|lexicon| lexicon.unsupported.iter().cloned().collect())
        .unwrap_or_default()
});

/// The language of a message, from its script, its letters and its function words (`all`:
/// its normalized words, function words included).
pub fn detect_language(text: &str, all: &[String]) -> Option<Language> {
    let mut score: HashMap<Language, i32> = HashMap::new();
    let lower = text.to_lowercase();
    let hint = |chars: &str| lower.chars().filter(|c| chars.contains(*c)).count() as i32;
    if lower
        .chars()
        .any(|c| ('\u{0400}'..='\u{04FF}').contains(&c))
    {
        // Russian letters or words, without any letter only Ukrainian has.
        let russian_words = all
            .iter()
            .filter(|w| UNSUPPORTED.contains(w.as_str()))
            .count();
        let russian = (hint("ыэъё") > 0 || russian_words > 0) && hint("іїєґ") == 0;
        return (!russian).then_some(Language::Uk);
    }
    *score.entry(Language::Cs).or_default() += 3 * hint("řůě");
    *score.entry(Language::Sk).or_default() += 3 * hint("ľĺŕô");
    *score.entry(Language::Pl).or_default() += 3 * hint("ąęłńśźż");
    *score.entry(Language::De).or_default() += 3 * hint("ßüö");
    *score.entry(Language::Sk).or_default() += hint("ä");
    *score.entry(Language::De).or_default() += hint("ä");
    for word in all {
        for language in FUNCTION_WORDS.get(word.as_str()).into_iter().flatten() {
            *score.entry(*language).or_default() += 2;
        }
    }
    let foreign = all
        .iter()
        .filter(|w| UNSUPPORTED.contains(w.as_str()))
        .count() as i32;
    // Letters of languages no page supports (French, Spanish, Hungarian, ...).
    let foreign = 2 * foreign + 3 * hint("çñõőűàèù¿¡");
    score
        .into_iter()
        .filter(|(_, s)| *s > 0 && *s > foreign)
        .max_by_key(|(language, s)| (*s, std::cmp::Reverse(*language as u8)))
        .map(|(language, _)| language)
}

/// Whether the bundled signal lists load (proved by a unit test).
pub fn signals_load() -> Result<(), String> {
    SIGNALS.as_ref().map(|_| ()).map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faq() -> Faq {
        let entry = |id: &str, examples: &[(Language, &str)], escalate| Entry {
            id: id.into(),
            examples: examples
                .iter()
                .map(|(l, t)| (*l, (*t).to_owned()))
                .collect(),
            keywords: vec![],
            escalate,
        };
        use Language::*;
        Faq::new(
            vec![
                entry(
                    "complaints",
                    &[
                        (Cs, "Jak reklamovat zboží?"),
                        (Cs, "Chci podat reklamaci"),
                        (Pl, "Jak złożyć reklamację?"),
                        (Pl, "zwrot towaru"),
                    ],
                    false,
                ),
                entry(
                    "delivery",
                    &[
                        (Cs, "Kolik stojí doprava?"),
                        (En, "How much is shipping?"),
                        (Uk, "Скільки коштує доставка?"),
                    ],
                    false,
                ),
                entry(
                    "cancel",
                    &[
                        (Cs, "Chci zrušit objednávku"),
                        (En, "I want to cancel my order"),
                    ],
                    true,
                ),
            ],
            Limits::default(),
        )
    }

    fn verdict(text: &str) -> Verdict {
        faq().matches(text).verdict
    }

    fn answer(entry: &str) -> Verdict {
        Verdict::Answer {
            entry: entry.into(),
        }
    }

    #[test]
    fn normalization_drops_case_diacritics_urls_emoji_and_digits() {
        assert_eq!(
            normalize("Reklamáce!! 😡 viz https://example.com/x OBJEDNÁVKA č. 48213, Łódź, Straße"),
            ["reklamace", "viz", "objednavka", "lodz", "strasse"]
        );
        assert_eq!(normalize("пʼятниця Їжак"), ["пятниця", "іжак"]);
    }

    #[test]
    fn inflection_missing_diacritics_typos_and_mixed_case_still_match() {
        assert_eq!(verdict("jak reklamovat zbozi"), answer("complaints"));
        assert_eq!(verdict("REKLAMACE ZBOŽÍ prosím"), answer("complaints"));
        assert_eq!(verdict("chci podat reklamaci zbozi"), answer("complaints"));
        assert_eq!(verdict("kolik stoji dopava?"), answer("delivery"), "a typo");
        assert_eq!(
            verdict("zwrot towarow"),
            answer("complaints"),
            "Polish without diacritics"
        );
        assert_eq!(verdict("скільки коштує доставка"), answer("delivery"));
        assert_eq!(
            verdict("how much is shipping 🚚 https://shop.example/cart"),
            answer("delivery")
        );
    }

    #[test]
    fn it_abstains_when_unsure_and_says_why() {
        assert!(matches!(
            verdict("máte dárkové poukazy na vánoce?"),
            Verdict::Unsure { .. }
        ));
        assert_eq!(
            verdict("👍"),
            Verdict::Unsure {
                reason: Unsure::NoText
            }
        );
        let story = "dobry den objednala jsem si minuly mesic kavovar a kavu kavovar prisel ale kava ne \
            pak jsem volala na infolinku a slibili mi ze to poslou znova ale zatim nic a ted mi jeste \
            prisla upominka na zaplaceni cele castky vcetne postovneho ktere jsem uz davno zaplatila \
            kartou pri objednavce a nikdo mi neodpovida na emaily ani na zpravy";
        assert!(matches!(verdict(story), Verdict::Unsure { .. }));
        assert_eq!(
            verdict(&format!("{story} {story}")),
            Verdict::Unsure {
                reason: Unsure::TooLong
            }
        );
        assert_eq!(
            verdict("chci zrusit objednavku"),
            Verdict::NeedsPerson {
                entry: "cancel".into()
            }
        );
    }

    #[test]
    fn anger_and_requests_for_a_person_are_never_answered() {
        assert!(matches!(
            verdict("Jste podvodníci, jak reklamovat zboží?"),
            Verdict::Angry { .. }
        ));
        assert!(matches!(
            verdict("HOW MUCH IS SHIPPING WHY SO EXPENSIVE"),
            Verdict::Angry { .. }
        ));
        assert!(matches!(
            verdict("kolik stoji doprava?!!!"),
            Verdict::Angry { .. }
        ));
        assert!(matches!(
            verdict("fucking shipping costs"),
            Verdict::Angry { .. }
        ));
        assert_eq!(verdict("chci mluvit s operatorem"), Verdict::AskedForPerson);
        assert_eq!(verdict("can I talk to a human"), Verdict::AskedForPerson);
    }

    #[test]
    fn best_and_runner_up_are_reported() {
        let m = faq().matches("jak reklamovat zbozi");
        assert_eq!(
            m.best.as_ref().map(|c| c.entry.as_str()),
            Some("complaints")
        );
        assert!(
            m.runner_up
                .as_ref()
                .is_some_and(|r| r.score < m.best.as_ref().map_or(0.0, |b| b.score))
        );
        assert!(m.coverage.is_some_and(|c| c > 0.5));
    }

    #[test]
    fn ranked_lists_the_weighed_entries_best_first() {
        let ranked = faq().ranked("jak reklamovat zbozi a kolik stoji doprava", 5);
        let ids: Vec<&str> = ranked.iter().map(|c| c.entry.as_str()).collect();
        assert_eq!(ids.len(), 2, "{ranked:?}: the cancel entry shares nothing");
        assert!(ids.contains(&"complaints") && ids.contains(&"delivery"));
        assert!(ranked[0].score >= ranked[1].score);
        assert_eq!(faq().ranked("jak reklamovat zbozi", 1).len(), 1);
        assert!(faq().ranked("👍", 5).is_empty());
        let best = faq().matches("kolik stoji doprava").best;
        assert_eq!(
            faq().ranked("kolik stoji doprava", 1).first(),
            best.as_ref()
        );
    }

    #[test]
    fn a_profile_is_the_features_the_matcher_sees() {
        let profile = faq().profile("Kolik stojí DOPRAVA?");
        assert_eq!(profile, faq().profile("kolik stoji doprava"));
        assert!(profile.contains_key("s:dopra"), "{profile:?}");
        assert!(faq().profile("a i the").is_empty(), "function words only");
    }

    fn shop() -> Faq {
        let entry = |id: &str, examples: &[(Language, &str)]| Entry {
            id: id.into(),
            examples: examples
                .iter()
                .map(|(l, t)| (*l, (*t).to_owned()))
                .collect(),
            keywords: vec![],
            escalate: false,
        };
        use Language::*;
        Faq::with_vocabulary(
            vec![
                entry(
                    "delivery",
                    &[
                        (Cs, "Kolik stojí doprava?"),
                        (Cs, "Jakým dopravcem posíláte?"),
                        (Pl, "Jakim kurierem wysyłacie?"),
                        (En, "How much is shipping?"),
                    ],
                ),
                entry(
                    "payment",
                    &[
                        (Cs, "Jak můžu zaplatit?"),
                        (Cs, "Můžu platit kartou?"),
                        (En, "How can I pay?"),
                    ],
                ),
                entry(
                    "returns",
                    &[
                        (Cs, "Můžu zboží vrátit?"),
                        (De, "Wie lange habe ich für die Rückgabe?"),
                    ],
                ),
                entry(
                    "opening_hours",
                    &[
                        (Cs, "Jakou máte otevírací dobu?"),
                        (En, "When are you open?"),
                    ],
                ),
            ],
            Limits::default(),
            &[("carrier".to_owned(), vec!["balikovna".to_owned()])],
            &["shop.example".to_owned()],
        )
    }

    #[test]
    fn two_questions_in_one_message_go_to_a_person() {
        let two = Verdict::Unsure {
            reason: Unsure::TwoQuestions,
        };
        assert_eq!(
            shop()
                .matches("jak muzu zaplatit a kolik stoji doprava?")
                .verdict,
            two
        );
        assert_eq!(
            shop()
                .matches("how much is shipping and how can i pay?")
                .verdict,
            two
        );
        assert_eq!(
            shop()
                .matches("chci vratit zbozi. jakou mate oteviraci dobu?")
                .verdict,
            two
        );
        // One question whose words two entries share is not two questions.
        assert_eq!(
            shop().matches("kolik stoji doprava?").verdict,
            answer("delivery")
        );
    }

    #[test]
    fn phishing_is_spam_and_own_links_are_not() {
        let phishing = shop().matches(
            "Your parcel is on hold. Pay the £1.45 fee within 24h: https://parcel-redeliver.example/pay",
        );
        assert!(
            matches!(&phishing.verdict, Verdict::Spam { signals } if signals.contains(&"link:parcel-redeliver.example".to_owned())),
            "{phishing:?}"
        );
        assert_eq!(
            shop()
                .matches("how much is shipping? https://www.shop.example/cart")
                .verdict,
            answer("delivery"),
            "a link to the page's own site"
        );
        // A foreign link without a fee and pressure is not phishing, but lowers confidence.
        let linked = shop().matches("kolik stoji doprava sem? https://elsewhere.example/p/1");
        assert!(
            !matches!(linked.verdict, Verdict::Spam { .. }),
            "{linked:?}"
        );
        assert_eq!(
            foreign_links("viz shop.example/x a www.other.example", &[]).len(),
            2
        );
        assert!(foreign_links("pište na podpora@shop.example", &[]).is_empty());
    }

    #[test]
    fn politeness_and_a_story_around_the_question_do_not_drown_it() {
        assert_eq!(
            shop()
                .matches(
                    "dobry den, chtela bych se zeptat, objednavam poprve pro maminku k narozeninam \
                     a nevim jak to u vas chodi, jak muzu zaplatit? predem moc dekuji 🙂"
                )
                .verdict,
            answer("payment")
        );
        assert_eq!(
            shop()
                .matches("hi there, quick question, how can i pay? thanks a lot, kind regards")
                .verdict,
            answer("payment")
        );
        assert!(STOPWORDS.contains("predem") && STOPWORDS.contains("regards"));
    }

    #[test]
    fn shop_vocabulary_finds_the_entry_and_a_page_extends_it() {
        assert!(lexicon_loads().is_ok());
        assert_eq!(
            shop().matches("posilate pres zasilkovnu?").verdict,
            answer("delivery")
        );
        assert_eq!(
            shop().matches("wysylacie do paczkomatu?").verdict,
            answer("delivery")
        );
        assert_eq!(
            shop().matches("da se platit pres blik?").verdict,
            answer("payment")
        );
        let named_only = shop().matches("berete blik nebo paypal?");
        assert_eq!(
            named_only.best.map(|c| c.entry),
            Some("payment".to_owned()),
            "only payment methods named"
        );
        assert_eq!(
            shop().matches("wie lange ist die widerrufsfrist?").verdict,
            answer("returns")
        );
        assert_eq!(
            shop().matches("posilate do balikovny?").verdict,
            answer("delivery"),
            "a term the page added"
        );
    }

    /// (expected language, text) of every labelled message; `None` for the languages the page
    /// does not support.
    fn labelled_languages() -> Vec<(Option<Language>, String)> {
        let mut out = Vec::new();
        for set in [
            include_str!("../../tests/faq/labelled-1.tsv"),
            include_str!("../../tests/faq/labelled-2.tsv"),
        ] {
            let mut language = None;
            for line in set.lines() {
                if let Some(group) = line.strip_prefix("# --- ") {
                    let code = group.split_whitespace().next().unwrap_or_default();
                    language = Language::ALL.into_iter().find(|l| l.code() == code);
                } else if let Some((_, text)) = line.split_once('\t') {
                    out.push((language, text.to_owned()));
                }
            }
        }
        out
    }

    fn whatlang(text: &str) -> Option<Language> {
        use whatlang::Lang;
        match whatlang::detect_lang(text)? {
            Lang::Ces => Some(Language::Cs),
            Lang::Slk => Some(Language::Sk),
            Lang::Pol => Some(Language::Pl),
            Lang::Nld => Some(Language::Nl),
            Lang::Ukr => Some(Language::Uk),
            Lang::Deu => Some(Language::De),
            Lang::Eng => Some(Language::En),
            _ => None,
        }
    }

    /// The hand-written detector against a well-kept crate (whatlang) on the labelled
    /// messages: we keep ours only while it is right at least as often.
    #[test]
    fn the_detector_does_at_least_as_well_as_whatlang_on_customer_messages() {
        let messages = labelled_languages();
        let right = |detect: &dyn Fn(&str) -> Option<Language>| {
            messages
                .iter()
                .filter(|(expected, text)| detect(text) == *expected)
                .count()
        };
        let ours = right(&|text| detect_language(text, &normalize(text)));
        let theirs = right(&whatlang);
        println!(
            "language right of {}: ours {ours}, whatlang {theirs}",
            messages.len()
        );
        assert!(ours >= theirs, "ours {ours}, whatlang {theirs}");
    }

    #[test]
    fn a_rejected_example_says_nothing_of_the_messages_language() {
        let faq = Faq::new(
            vec![Entry {
                id: "hours".into(),
                examples: vec![(Language::Nl, "Wat zijn jullie openingstijden?".into())],
                keywords: vec![],
                escalate: false,
            }],
            Limits::default(),
        );
        let unsure = faq.matches("ok");
        assert!(
            matches!(unsure.verdict, Verdict::Unsure { .. }),
            "{unsure:?}"
        );
        assert_eq!(unsure.language, None);
        let sure = faq.matches("openingstijden?");
        assert!(matches!(sure.verdict, Verdict::Answer { .. }), "{sure:?}");
        assert_eq!(
            sure.language,
            Some(Language::Nl),
            "an accepted example's language"
        );
    }

    #[test]
    fn languages_are_told_apart() {
        use Language::*;
        let cases = [
            ("Dobrý den, kdy mi přijde balík?", Some(Cs)),
            ("kde je moje objednavka, jeste neprisla", Some(Cs)),
            ("Dobrý deň, kedy mi príde balík?", Some(Sk)),
            ("ako dlho trva dorucenie", Some(Sk)),
            ("Gdzie jest moja paczka?", Some(Pl)),
            ("Waar is mijn bestelling?", Some(Nl)),
            ("Де моє замовлення?", Some(Uk)),
            ("Wo ist meine Bestellung?", Some(De)),
            ("Where is my order?", Some(En)),
            ("48213", None),
            ("do kolika jste v sobotu", Some(Cs)),
            ("Здравствуйте, сколько стоит доставка?", None),
            ("bonjour, combien coûte la livraison ?", None),
            ("hola, puedo pagar con tarjeta?", None),
        ];
        for (text, expected) in cases {
            assert_eq!(detect_language(text, &normalize(text)), expected, "{text}");
        }
        assert!(signals_load().is_ok());
    }
}
