//! Shop vocabulary (`responses/faq/lexicon.toml`, with countries and their cities in
//! `places.toml`; extended per page): terms such as couriers, payment methods, legal words and
//! places, each standing for one concept, found in a message's words.

use std::collections::HashMap;
use std::sync::Arc;

use super::text::{AND_WORDS, begins_with, matches_whole, normalize};
use super::{FastHash, is_place, is_topic};

/// Shop vocabulary: terms (couriers, payment methods, legal words) that stand for one concept,
/// bundled in `responses/faq/lexicon.toml` and `places.toml`, and extended per page.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lexicon {
    /// The terms, by the `lookup_key` of their first word: a message word is checked against
    /// the few terms that can start with it.
    terms: HashMap<String, Vec<Term>, FastHash>,
}

/// A term: its words, the feature of the concept it names, and whether it is a city (which
/// stands for its country in a message, but in an answer is an address, not a country served).
#[derive(Debug, Clone, PartialEq)]
struct Term {
    words: Vec<TermWord>,
    feature: String,
    city: bool,
}

/// `places.toml`: countries, and their cities, by place concept.
#[derive(serde::Deserialize)]
struct Places {
    countries: std::collections::BTreeMap<String, Vec<String>>,
    cities: std::collections::BTreeMap<String, Vec<String>>,
}

/// The bundled vocabulary: the shop's words (`lexicon.toml`), then countries and their cities
/// (`places.toml`).
static LEXICON: std::sync::LazyLock<Result<Lexicon, String>> = std::sync::LazyLock::new(|| {
    let shop: std::collections::BTreeMap<String, Vec<String>> =
        toml::from_str(include_str!("../../../responses/faq/lexicon.toml"))
            .map_err(|e| format!("lexicon.toml: {e}"))?;
    let places: Places = toml::from_str(include_str!("../../../responses/faq/places.toml"))
        .map_err(|e| format!("places.toml: {e}"))?;
    let list = |map: std::collections::BTreeMap<String, Vec<String>>| -> Vec<_> {
        map.into_iter().collect()
    };
    let mut lexicon = Lexicon::default()
        .extended(&list(shop))
        .extended(&list(places.countries));
    lexicon.add(&list(places.cities), true);
    Ok(lexicon)
});

impl Lexicon {
    pub(super) fn bundled() -> Arc<Lexicon> {
        static BUNDLED: std::sync::LazyLock<Arc<Lexicon>> =
            std::sync::LazyLock::new(|| Arc::new(LEXICON.as_ref().cloned().unwrap_or_default()));
        Arc::clone(&BUNDLED)
    }

    /// The bundled lexicon's countries alone (no cities).
    pub(super) fn bundled_places() -> Arc<Lexicon> {
        static PLACES: std::sync::LazyLock<Arc<Lexicon>> =
            std::sync::LazyLock::new(|| Arc::new(Lexicon::bundled().places_only()));
        Arc::clone(&PLACES)
    }

    /// This lexicon's countries (`place_...` concepts) alone, without cities: what an answer
    /// names to say where the shop delivers ("Praha 2" in an address is no country served).
    pub(super) fn places_only(&self) -> Lexicon {
        let terms = self
            .terms
            .iter()
            .map(|(first, terms)| {
                let places = terms
                    .iter()
                    .filter(|t| is_place(&t.feature) && !t.city)
                    .cloned();
                (first.clone(), places.collect::<Vec<_>>())
            })
            .filter(|(_, terms)| !terms.is_empty())
            .collect();
        Lexicon { terms }
    }

    /// This lexicon with more terms: (concept, terms).
    pub fn extended(mut self, synonyms: &[(String, Vec<String>)]) -> Lexicon {
        self.add(synonyms, false);
        self
    }

    /// Adds terms, (concept, terms), marked as cities or not.
    fn add(&mut self, synonyms: &[(String, Vec<String>)], city: bool) {
        for (concept, terms) in synonyms {
            let feature = format!("c:{}", concept.trim().to_lowercase());
            for term in terms {
                // Words shorter than four letters match whole ("dhl", "ups"), longer ones
                // as word beginnings ("paczkomat" matches "paczkomatu").
                let words: Vec<TermWord> = normalize(term)
                    .into_iter()
                    .map(|w| {
                        let whole = matches_whole(&w);
                        (w, whole)
                    })
                    .collect();
                if let Some((first, _)) = words.first() {
                    let list = self.terms.entry(lookup_key(first).to_owned()).or_default();
                    if !list
                        .iter()
                        .any(|t| t.words == words && t.feature == feature)
                    {
                        list.push(Term {
                            words,
                            feature: feature.clone(),
                            city,
                        });
                    }
                }
            }
        }
    }

    /// The concepts the words name: (index of the term's first word, how many words its
    /// match spans, concept feature), each concept once. One other word may stand inside a
    /// term of several words ("zasielka stale nikde" is "zasielka nikde", "send it back" is
    /// "send back"), and a term inside a longer one of another concept does not count ("mail"
    /// in "royal mail" is no e-mail, "open" in "opengescheurd" no opening hours), unless the
    /// longer one's concept is named beside them (`ALONGSIDE`).
    pub(super) fn concepts(&self, words: &[&str]) -> Vec<(usize, usize, &str)> {
        // (first word, words spanned, letters of the term, concept)
        let mut matches: Vec<(usize, usize, usize, &str)> = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let Some(terms) = self.terms.get(lookup_key(word)) else {
                continue;
            };
            for term in terms {
                if let Some(span) = term_span(&term.words, &words[i..]) {
                    let letters = term.words.iter().map(|(w, _)| w.chars().count()).sum();
                    matches.push((i, span, letters, term.feature.as_str()));
                }
            }
        }
        let mut found: Vec<(usize, usize, &str)> = Vec::new();
        for (i, (at, span, letters, feature)) in matches.iter().enumerate() {
            // A country stays a country inside a longer term ("ceska posta"), but not inside
            // a longer topic term: "presovač" (a French press) is not Prešov, "bone china" no
            // country.
            let place = is_place(feature);
            let inside = matches.iter().enumerate().any(
                |(j, (other_at, other_span, other_letters, other))| {
                    let longer = *other_span > *span
                        // The same words, more of their letters: "opengescheurd" is torn
                        // open, not the team's "open".
                        || (other_span == span && other_letters > letters);
                    j != i
                        && other != feature
                        && !ALONGSIDE.contains(other)
                        && (!place || is_topic(other))
                        && longer
                        && *other_at <= *at
                        && at + span <= other_at + other_span
                },
            );
            if !inside && !found.iter().any(|(_, _, f)| f == feature) {
                found.push((*at, *span, feature));
            }
        }
        found
    }

    /// Whether the whole of `token` (one whitespace-separated token as written, normalized
    /// here) names a place (a country or a city).
    pub(super) fn names_a_place(&self, token: &str) -> bool {
        let words = normalize(token);
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        !words.is_empty()
            && self
                .concepts(&words)
                .iter()
                .any(|(at, span, feature)| *at == 0 && *span == words.len() && is_place(feature))
    }

    pub(super) fn knows(&self, word: &str) -> bool {
        self.terms.get(lookup_key(word)).is_some_and(|terms| {
            terms
                .iter()
                .any(|t| t.words.len() == 1 && term_word_matches(&t.words[0], word))
        })
    }
}

/// Concepts whose terms name them beside the concepts of the shorter terms inside them: "už
/// odeslali" is sent already and still sending.
const ALONGSIDE: &[&str] = &["c:sent_already"];

/// Where a term is filed and looked up: a word's first four letters, or the whole word when it is
/// shorter. A term's word of four letters or more matches word beginnings, so a message word it
/// matches has the same first four letters; a shorter one matches whole, so the same word.
fn lookup_key(word: &str) -> &str {
    match word.char_indices().nth(4) {
        Some((end, _)) => &word[..end],
        None => word,
    }
}

/// A term's normalized word, and whether it must match a message word whole (else as its
/// beginning).
type TermWord = (String, bool);

/// How many of `words` (from the first) a term's match spans: its words in a row, with at most
/// one other word between two of them, not "and" (`AND_WORDS`: "versand und zahlung" is no
/// "versand zahl", paying for shipping); `None` when it does not match there.
fn term_span(term: &[TermWord], words: &[&str]) -> Option<usize> {
    let (first, rest) = term.split_first()?;
    if !term_word_matches(first, words.first()?) {
        return None;
    }
    let (mut at, mut skipped) = (1, false);
    for word in rest {
        if words.get(at).is_some_and(|w| term_word_matches(word, w)) {
            at += 1;
        } else if !skipped
            && words.get(at).is_some_and(|w| !AND_WORDS.contains(w))
            && words
                .get(at + 1)
                .is_some_and(|w| term_word_matches(word, w))
        {
            skipped = true;
            at += 2;
        } else {
            return None;
        }
    }
    Some(at)
}

/// A term's word matches a message word: whole, or as a word beginning.
fn term_word_matches((term, whole): &TermWord, word: &str) -> bool {
    if *whole {
        word == term
    } else {
        begins_with(word, term)
    }
}

/// Whether the bundled shop vocabulary loads (proved by a unit test).
pub fn lexicon_loads() -> Result<(), String> {
    LEXICON.as_ref().map(|_| ()).map_err(Clone::clone)
}
