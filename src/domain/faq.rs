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
            threshold: 0.42,
            margin: 0.08,
            coverage: 0.5,
            max_words: 25,
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
    vocabulary: HashMap<String, u32>,
    idf: Vec<f32>,
    unknown_idf: f32,
    /// feature -> (example, weight)
    postings: Vec<Vec<(u32, f32)>>,
    /// example -> (entry, language, norm)
    examples: Vec<(usize, Language, f32)>,
    /// Stems the FAQ knows (from examples and keywords, all entries and languages).
    known_stems: HashSet<String>,
    /// entry -> keyword stems
    keyword_stems: Vec<Vec<String>>,
}

impl Faq {
    pub fn new(entries: Vec<Entry>, limits: Limits) -> Self {
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
        for (entry, _, words) in &example_words {
            for feature in features(words).into_keys() {
                df.entry(feature).or_default().insert(*entry);
            }
        }
        let n = entries.len().max(1) as f32;
        let mut vocabulary = HashMap::new();
        let mut idf = Vec::new();
        for (feature, entries_with) in df {
            vocabulary.insert(feature, idf.len() as u32);
            idf.push((n / entries_with.len() as f32).ln() + 1.0);
        }
        let unknown_idf = (n + 1.0).ln() + 1.0;
        let mut postings = vec![Vec::new(); idf.len()];
        let mut examples = Vec::new();
        for (entry, lang, words) in &example_words {
            let vector = weigh(&features(words), &vocabulary, &idf, unknown_idf);
            let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
            if norm == 0.0 {
                continue;
            }
            let example = examples.len() as u32;
            for (feature, weight) in vector {
                if let Some(id) = feature {
                    postings[id as usize].push((example, weight));
                }
            }
            examples.push((*entry, *lang, norm));
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
            vocabulary,
            idf,
            unknown_idf,
            postings,
            examples,
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
        let all = normalize(text);
        let words = without_stopwords(&all);
        let language = detect_language(text, &all);
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
        let (scores, languages) = self.score(&words);
        let mut ranked: Vec<usize> = (0..self.entries.len()).collect();
        ranked.sort_by(|a, b| scores[*b].total_cmp(&scores[*a]));
        let candidate = |i: usize| Candidate {
            entry: self.entries[i].id.clone(),
            score: scores[i],
        };
        let best_index = ranked[0];
        let best = Some(candidate(best_index));
        let runner_up = ranked.get(1).map(|i| candidate(*i));
        let known = words.iter().filter(|w| self.knows(w)).count();
        let share_known = known as f32 / words.len() as f32;
        let coverage = Some(share_known);
        let limits = self.limits;
        let best_score = scores[best_index];
        let second = runner_up.as_ref().map_or(0.0, |c| c.score);
        // A clear winner may score a little lower: twice the margin buys a quarter off the
        // threshold, if the FAQ knows most of the words.
        let clear_winner = best_score - second >= 2.0 * limits.margin
            && best_score >= 0.75 * limits.threshold
            && share_known >= 0.67;
        let verdict = if best_score < limits.threshold && !clear_winner {
            Verdict::Unsure {
                reason: Unsure::LowScore,
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
        let language = language.or(languages[best_index].filter(|_| accepted));
        Match {
            verdict,
            language,
            best,
            runner_up,
            coverage,
        }
    }

    /// Whether the FAQ has seen this word: its stem, or most of its trigrams (a typo).
    fn knows(&self, word: &str) -> bool {
        if self.known_stems.contains(&stem(word)) {
            return true;
        }
        let grams = trigrams(word);
        let known = grams
            .iter()
            .filter(|g| self.vocabulary.contains_key(g.as_str()))
            .count();
        known * 5 >= grams.len() * 3
    }

    /// Each entry's score, and the language of its best example.
    fn score(&self, words: &[String]) -> (Vec<f32>, Vec<Option<Language>>) {
        let vector = weigh(
            &features(words),
            &self.vocabulary,
            &self.idf,
            self.unknown_idf,
        );
        let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
        let mut dots = vec![0.0f32; self.examples.len()];
        for (feature, weight) in &vector {
            if let Some(id) = feature {
                for (example, w) in &self.postings[*id as usize] {
                    dots[*example as usize] += weight * w;
                }
            }
        }
        let mut scores = vec![0.0f32; self.entries.len()];
        let mut languages = vec![None; self.entries.len()];
        for (example, dot) in dots.iter().enumerate() {
            let (entry, lang, example_norm) = self.examples[example];
            let cosine = dot / (norm * example_norm).max(f32::EPSILON);
            if cosine > scores[entry] {
                scores[entry] = cosine;
                languages[entry] = Some(lang);
            }
        }
        let stems: HashSet<String> = words.iter().map(|w| stem(w)).collect();
        for (entry, keywords) in self.keyword_stems.iter().enumerate() {
            if keywords.iter().any(|k| stems.contains(k)) {
                scores[entry] = (scores[entry] + 0.1).min(1.0);
            }
        }
        (scores, languages)
    }
}

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

/// The words that carry meaning: normalized, without function words.
fn content_words(text: &str) -> Vec<String> {
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

fn features(words: &[String]) -> HashMap<String, f32> {
    let mut counts: HashMap<String, f32> = HashMap::new();
    for word in words {
        *counts.entry(format!("s:{}", stem(word))).or_default() += 1.0;
        for gram in trigrams(word) {
            *counts.entry(gram).or_default() += 0.5;
        }
    }
    counts
}

/// The character trigrams of a word, with its boundaries marked.
fn trigrams(word: &str) -> Vec<String> {
    let padded: Vec<char> = std::iter::once('<')
        .chain(word.chars())
        .chain(std::iter::once('>'))
        .collect();
    padded.windows(3).map(|g| g.iter().collect()).collect()
}

/// TF-IDF weights; features the FAQ does not know keep a weight (so they count in the norm)
/// but no id.
fn weigh(
    counts: &HashMap<String, f32>,
    vocabulary: &HashMap<String, u32>,
    idf: &[f32],
    unknown_idf: f32,
) -> Vec<(Option<u32>, f32)> {
    counts
        .iter()
        .map(|(feature, count)| {
            let id = vocabulary.get(feature).copied();
            let idf = id.map_or(unknown_idf, |id| idf[id as usize]);
            (id, (1.0 + count.ln().max(0.0)) * idf)
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

fn asks_for_person(words: &[String]) -> bool {
    SIGNALS
        .as_ref()
        .is_ok_and(|lexicon| words.iter().any(|w| lexicon.person.iter().any(|p| p == w)))
}

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
        return Some(Language::Uk);
    }
    *score.entry(Language::Cs).or_default() += 3 * hint("řůě");
    *score.entry(Language::Sk).or_default() += 3 * hint("ľĺŕô");
    *score.entry(Language::Pl).or_default() += 3 * hint("ąęłńśźż");
    *score.entry(Language::De).or_default() += 3 * hint("ßüö");
    *score.entry(Language::Sk).or_default() += hint("ä");
    *score.entry(Language::De).or_default() += hint("ä");
    if let Ok(lexicon) = SIGNALS.as_ref() {
        for (language, function_words) in &lexicon.language {
            let hits = all
                .iter()
                .filter(|w| function_words.iter().any(|f| f == *w))
                .count();
            *score.entry(*language).or_default() += 2 * hits as i32;
        }
    }
    score
        .into_iter()
        .filter(|(_, s)| *s > 0)
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
        assert_eq!(
            verdict(story),
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
        ];
        for (text, expected) in cases {
            assert_eq!(detect_language(text, &normalize(text)), expected, "{text}");
        }
        assert!(signals_load().is_ok());
    }
}
