//! Text as the matcher reads it: normalized words (case, diacritics, URLs, emoji, punctuation
//! and digits folded away), the parts of a message, function words, stems, trigrams, and the
//! features (stems, trigrams, shop-vocabulary concepts) a text gives.

use std::collections::{HashMap, HashSet};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::lexicon::Lexicon;
use super::signals::{closes_a_letter, is_question_word, names_money_itself};
use super::{
    CONCEPT_WEIGHT, FastHash, MOVING, NEW_ADDRESS, SENT_ALREADY, SHOP_PLACE, TRACKING,
    TRIGRAM_WEIGHT,
};
use crate::domain::locale::Language;

/// Lowercase, without diacritics, links (a bare host too), emoji, digits and punctuation;
/// split into words.
pub fn normalize(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for raw in text.split_whitespace() {
        let lower = raw.to_lowercase();
        if lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("www.")
            || is_bare_host(lower.trim_matches(|c: char| !c.is_alphanumeric()))
        {
            continue;
        }
        // ASCII has nothing to decompose, and without an apostrophe nothing to fold: most
        // words are used as they are, not copied.
        let folded = if lower.is_ascii() && !lower.contains('\'') {
            lower
        } else {
            let mut folded = String::with_capacity(lower.len());
            let mut fold = |c: char| match c {
                'ł' => folded.push('l'),
                'ß' => folded.push_str("ss"),
                'đ' => folded.push('d'),
                'ø' => folded.push('o'),
                'ʼ' | '\'' | '’' => {}
                c => folded.push(c),
            };
            if lower.is_ascii() {
                lower.chars().for_each(&mut fold);
            } else {
                lower
                    .nfd()
                    .filter(|c| !is_combining_mark(*c))
                    .for_each(&mut fold);
            }
            folded
        };
        let mut folded = match without_stretched_letters(&folded) {
            std::borrow::Cow::Owned(unstretched) => unstretched,
            std::borrow::Cow::Borrowed(_) => folded,
        };
        // A token of letters alone, maybe with punctuation after them ("den,"), is one word:
        // kept as it is (not copied), the punctuation cut off.
        let letters = folded.trim_end_matches(|c: char| !c.is_alphabetic()).len();
        if folded[..letters].chars().all(char::is_alphabetic) {
            folded.truncate(letters);
            if folded.chars().count() >= 2 {
                words.push(folded);
            }
            continue;
        }
        words.extend(
            folded
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= 2)
                .map(str::to_owned),
        );
    }
    words
}

/// A letter stretched over three or more in a row, written once ("helloooo" is "hello",
/// "pleeease" "please"); two in a row stay ("hello").
fn without_stretched_letters(word: &str) -> std::borrow::Cow<'_, str> {
    // Most words have none: look without allocating first.
    let (mut previous, mut run) = ('\0', 0);
    let stretched = word.chars().any(|c| {
        run = if c == previous { run + 1 } else { 1 };
        previous = c;
        run >= 3 && c.is_alphabetic()
    });
    if !stretched {
        return std::borrow::Cow::Borrowed(word);
    }
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut rest = &chars[..];
    while let Some(&c) = rest.first() {
        let run = rest.iter().take_while(|&&d| d == c).count();
        let kept = if run >= 3 && c.is_alphabetic() {
            1
        } else {
            run
        };
        out.extend(std::iter::repeat_n(c, kept));
        rest = &rest[run..];
    }
    std::borrow::Cow::Owned(out)
}

/// Domain endings that sites use, for a host written without "https://" or a path
/// ("novaposhta-ua.delivery-fee.top"): two words joined by a dot ("ok.thanks") are no host.
const SITE_ENDINGS: &[&str] = &[
    "com", "net", "org", "info", "biz", "top", "xyz", "click", "shop", "online", "site", "link",
    "live", "app", "io", "co", "me", "eu", "cz", "sk", "pl", "nl", "be", "de", "at", "ua", "uk",
    "ru", "win", "vip", "store", "help", "support", "delivery", "express", "pro", "icu", "cc",
];

/// Whether a token is a host alone, or with a path ("postnl-douane.nl/betalen"): labels of
/// letters, digits and hyphens joined by dots, ending in a domain ending sites use.
pub(super) fn is_bare_host(token: &str) -> bool {
    let token = token.split_once('/').map_or(token, |(host, _)| host);
    token
        .rsplit_once('.')
        .is_some_and(|(_, ending)| SITE_ENDINGS.contains(&ending))
        && token.split('.').all(|label| {
            !label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// A message cut into parts: they end at a sentence end, comma or semicolon, and a joining
/// word ("and", "a", "und", "і") starts a new one.
pub(super) struct Segments {
    /// The message's normalized words, each with the index of its part.
    pub words: Vec<(String, usize)>,
    /// Per part: it ends with a question mark.
    pub marked: Vec<bool>,
    /// Per part: what it follows.
    pub opened: Vec<Opening>,
    /// The part a postscript ("P.S.", "PS:") begins, if the message has one.
    pub postscript: Option<usize>,
    /// Per part: a number of a list opens it ("1) kolik stojí doprava 2) jde platit na
    /// dobírku?").
    pub items: Vec<bool>,
}

/// What a part of a message follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Opening {
    /// The start of the message, or the end of a sentence.
    Sentence,
    /// A comma, semicolon or colon: a clause of the part before ("..., wenn ich mit karte
    /// zahle?").
    Comma,
    /// A joining word that is not "and" ("also", "plus"): something more, in the same
    /// sentence.
    Also,
    /// "and": a clause that goes on the sentence of the part before.
    And,
    /// "or else" ("případně", "ewentualnie"): a second clause of the sentence, asked besides
    /// the part before.
    OrElse,
}

impl Opening {
    /// The part opens a sentence or follows a joining word (not a comma).
    pub fn opens(self) -> bool {
        self != Opening::Comma
    }

    /// The part follows a joining word ("and", "also").
    pub fn joins(self) -> bool {
        matches!(self, Opening::Also | Opening::And | Opening::OrElse)
    }
}

/// The message's words, cut into parts.
pub(super) fn segmented(tokens: &[(&str, Vec<String>)], language: Option<Language>) -> Segments {
    let mut out = Vec::new();
    let mut marked = vec![false];
    let mut opened = vec![Opening::Sentence];
    // Words of the current part besides its joining words: a joining word right after the
    // one that opened the part ("a beriete aj hotovost", "and also") is an adverb inside it.
    let mut said = 0usize;
    // Where the current part's words begin in `out`.
    let mut part_begins = 0usize;
    let mut postscript = None;
    let item_marks = numbered_list_marks(tokens);
    let mut items = vec![false];
    for (at, (token, words)) in tokens.iter().enumerate() {
        // The normalized word ("zároveň" is "zaroven"); words of one letter ("a", "і") are
        // none there, so those are the token itself.
        // Lowercased only where it is read: a token of one normalized word is that word, and
        // a postscript mark only when the word is one ("PS:").
        let lower = match words.as_slice() {
            [word] if !POSTSCRIPT_MARKS.contains(&word.as_str()) => String::new(),
            _ => token.to_lowercase(),
        };
        // "+" and "&" alone join as "plus" ("do u take paypal + how long till it gets here?").
        let bare = match words.as_slice() {
            [word] => word.as_str(),
            [] if matches!(*token, "+" | "&") => "plus",
            _ => lower.trim_matches(|c: char| !c.is_alphanumeric()),
        };
        let joins = JOINING_WORDS.contains(&bare)
            // English "i" is a pronoun, "a" an article, "take" a verb (Czech "také" is
            // "also").
            && !(matches!(bare, "i" | "a" | "take") && language == Some(Language::En))
            && (bare != "а" || ukrainian_a_joins(tokens.get(at + 1..).unwrap_or_default(), language));
        let after_joining_word = opened.last().is_some_and(|o| o.joins());
        if joins && (said >= 2 || !after_joining_word) {
            let joined = joining(bare, language);
            // Right after a comma the joining word opens the part the comma began
            // ("..., and do you take paypal?").
            if said == 0 && opened.last() == Some(&Opening::Comma) {
                if let Some(last) = opened.last_mut() {
                    *last = joined;
                }
            } else {
                marked.push(false);
                opened.push(joined);
                items.push(false);
                part_begins = out.len();
            }
            said = 0;
        } else if !joins {
            said += 1;
        }
        let part = marked.len() - 1;
        for word in words {
            out.push((word.clone(), part));
        }
        // A list's number ends the item before it, as a full stop would.
        let item_mark = item_marks.contains(&at);
        let end = if item_mark {
            "."
        } else {
            token.trim_end_matches(|c: char| !c.is_alphanumeric() && !".,;:!?".contains(c))
        };
        if end.ends_with(['?', '!', '.', ',', ';', ':']) {
            // A joining word that ends a sentence is an adverb of the part before ("... a
            // dobírka jde taky?": too).
            if said == 0 && marked.len() > 1 && opened.last().is_some_and(|o| o.joins()) {
                marked.pop();
                opened.pop();
                items.pop();
                let before = marked.len() - 1;
                for (_, part) in &mut out[part_begins..] {
                    *part = before;
                }
            }
            let part = marked.len() - 1;
            if end.contains('?') {
                marked[part] = true;
            }
            marked.push(false);
            opened.push(if end.ends_with(['?', '!', '.']) {
                Opening::Sentence
            } else {
                Opening::Comma
            });
            said = 0;
            part_begins = out.len();
            items.push(item_mark);
        }
        // A postscript begins after its mark, which opens a sentence ("... P.S. Die Lieferung
        // war übrigens super schnell."), in the part the mark opens or is in.
        if postscript.is_none() && is_postscript_mark(&lower) {
            postscript = Some(marked.len() - 1);
        }
    }
    Segments {
        words: out,
        marked,
        opened,
        postscript,
        items,
    }
}

/// The tokens that number the items of a list: "1)" or "1." and the numbers after it in
/// order, each after some words of the item before ("1) kolik stojí doprava 2) jde platit na
/// dobírku?"); none unless the list has two items. A date ("1. 4.", a number before another)
/// numbers nothing.
fn numbered_list_marks(tokens: &[(&str, Vec<String>)]) -> Vec<usize> {
    let number = |token: &str| -> Option<u32> {
        let digits = token.strip_suffix([')', '.'])?;
        (digits.len() <= 2 && digits.chars().all(|c| c.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    };
    let mut marks = Vec::new();
    let mut words_since = 0usize;
    for (at, (token, words)) in tokens.iter().enumerate() {
        // "1. 4." is the first of April.
        let date = tokens
            .get(at + 1)
            .is_some_and(|(next, _)| next.starts_with(|c: char| c.is_ascii_digit()));
        match number(token) {
            Some(n) if !date && usize::try_from(n).is_ok_and(|n| n == marks.len() + 1) => {
                if marks.is_empty() || words_since > 0 {
                    marks.push(at);
                    words_since = 0;
                }
            }
            _ => words_since += usize::from(!words.is_empty()),
        }
    }
    if marks.len() >= 2 { marks } else { Vec::new() }
}

/// The token a letter's closing begins ("… jak ho reklamovat? S pozdravem Jan Novák, +420 …,
/// Tento e-mail je důvěrný …"), when at least `SIGNED_AFTER_WORDS` words come before it and
/// nothing after it asks (no question mark, no postscript): the name, phone, address and
/// footer after it are none of the message's matter. `all` holds the tokens' words in order.
pub(super) fn signature_from(tokens: &[(&str, Vec<String>)], all: &[String]) -> Option<usize> {
    let asks_from = tokens
        .iter()
        .rposition(|(token, _)| {
            token.contains(['?', '？'])
                || (token.len() <= POSTSCRIPT_MARK_BYTES
                    && is_postscript_mark(&token.to_lowercase()))
        })
        .map_or(0, |at| at + 1);
    let mut word = 0;
    for (at, (_, words)) in tokens.iter().enumerate() {
        if at >= asks_from
            && word >= SIGNED_AFTER_WORDS
            && !words.is_empty()
            && closes_a_letter(all, word)
            && opens_a_sentence(tokens, at)
        {
            return Some(at);
        }
        word += words.len();
    }
    None
}

/// Whether the token at `at` opens a sentence: the last token before it with words, past
/// tokens of none ("S" of "S pozdravem", an emoji, a dash), ends with a mark ("…? Kind
/// regards", "…, Beste Grüße"), or such a token of none stands between; not in the middle of
/// one ("doe de groeten aan Jan", "send my best wishes to the team").
fn opens_a_sentence(tokens: &[(&str, Vec<String>)], at: usize) -> bool {
    let Some(before) = tokens.get(..at) else {
        return false;
    };
    let mark_between = before
        .iter()
        .rev()
        .take_while(|(_, words)| words.is_empty())
        .any(|(token, _)| !token.chars().any(char::is_alphanumeric) || token.chars().count() == 1);
    let ends_with_mark = before
        .iter()
        .rev()
        .find(|(_, words)| !words.is_empty())
        .is_none_or(|(token, _)| token.ends_with(['.', ',', '!', '?', ';', ':', ')', '…']));
    mark_between || ends_with_mark
}

/// The bytes a postscript mark has at most ("п.п.с.:", two bytes a Cyrillic letter).
const POSTSCRIPT_MARK_BYTES: usize = 16;

/// The words a message has at least before a letter's closing (`signature_from`): a closing
/// that opens the message is no signature.
const SIGNED_AFTER_WORDS: usize = 3;

/// Whether `token` (lowercase) marks a postscript: "p.s.", "ps:", "p.p.s.", "пс".
fn is_postscript_mark(token: &str) -> bool {
    let letters: String = token.chars().filter(|c| c.is_alphanumeric()).collect();
    POSTSCRIPT_MARKS.contains(&letters.as_str()) && (token.contains(['.', ':']) || token == letters)
}

/// The letters of a postscript mark ("P.S.", "PPS:", "ПС").
const POSTSCRIPT_MARKS: &[&str] = &["ps", "pps", "пс", "ппс"];

/// Whether Ukrainian "а" before the tokens `after` joins a second question on: only before
/// "ще", "також" or a question word ("..., а ще чи є гарантія?"), or "у вас" ("..., а у вас
/// є телефон?"); otherwise it is as often "but" ("відправлене, а нічого не прийшло").
fn ukrainian_a_joins(after: &[(&str, Vec<String>)], language: Option<Language>) -> bool {
    let mut words = after.iter().map(|(_, words)| words.first());
    match words.next() {
        Some(Some(next)) => {
            matches!(next.as_str(), "ще" | "також") || is_question_word(next, language)
        }
        // A word of one letter ("у", "в") normalizes to none: "у вас".
        Some(None) => words.next().flatten().is_some_and(|next| next == "вас"),
        None => false,
    }
}

/// What a joining word opens: "or else" ("případně", "ewentualnie") a second clause asked
/// besides the one before; "and" itself a clause that goes on the sentence before; any other
/// an adverb ("also", "too": "bezorgen jullie ook op zaterdag?" is one question). Czech and
/// Slovak "i" is "also, even"; Polish "i" is "and".
fn joining(word: &str, language: Option<Language>) -> Opening {
    match word {
        "pripadne" | "ewentualnie" => Opening::OrElse,
        word if AND_WORDS.contains(&word) => Opening::And,
        "i" if language == Some(Language::Pl) => Opening::And,
        _ => Opening::Also,
    }
}

/// "And" (normalized; "plus" joins like it): what it joins goes on the sentence, and is a
/// second thing, so no term of the lexicon spans it (`lexicon::term_span`).
pub(super) const AND_WORDS: &[&str] = &[
    "a", "oraz", "en", "und", "sowie", "and", "plus", "та", "і", "а",
];

/// Words that join two questions.
const JOINING_WORDS: &[&str] = &[
    "a",
    "i",
    "aj",
    "plus",
    "taky",
    "take",
    "zaroven",
    "pripadne",
    "ewentualnie",
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
    // Round 16: Ukrainian "а" ("..., а ще чи є гарантія?"), and "besides" ("... geht das?
    // außerdem will ich ...").
    "а",
    "ausserdem",
    "daarnaast",
    "bovendien",
    "navic",
    "dodatkowo",
    "besides",
    "additionally",
];

/// Whether a word of a term matches whole: one shorter than four letters does ("dhl", "do"),
/// a longer one as a word beginning ("paczkomat" matches "paczkomatu").
pub(super) fn matches_whole(term_word: &str) -> bool {
    term_word.chars().nth(3).is_none()
}

/// Whether a message word is the word of a term (`matches_whole`) or begins with it. Most
/// words differ at the first letters: whether the term's word must be the whole word is
/// asked only of those that begin with it.
pub(super) fn term_word_matches(term_word: &str, word: &str) -> bool {
    begins_with(word, term_word) && (word.len() == term_word.len() || !matches_whole(term_word))
}

/// `word.starts_with(beginning)`, compared byte by byte in place: the words and the lists'
/// beginnings are a few bytes long and most differ at the first, where a call to `memcmp`
/// for each (what `starts_with` makes) costs more than the comparison.
#[inline]
pub(super) fn begins_with(word: &str, beginning: &str) -> bool {
    let (word, beginning) = (word.as_bytes(), beginning.as_bytes());
    word.len() >= beginning.len() && word.iter().zip(beginning).all(|(w, b)| w == b)
}

/// Whether `word` (normalized) joins a part on to the one before ("and", "a", "und").
pub(super) fn is_joining_word(word: &str) -> bool {
    JOINING_WORDS.contains(&word)
}

/// A German word with its umlauts written out ("zurueck", "aendern", "moechte",
/// "oeffnungszeiten"), as normalizing writes the umlaut itself ("zurück" is "zuruck"): "ue",
/// "ae" or "oe" opening the word or after a consonant (not after "q": "quelle"). Where the
/// two letters are two sounds ("aktuell", "zuerst", "maestro") the word stays; after a vowel
/// they always are ("dauert", "neue", "steuer"). `None` when nothing is written out.
pub(super) fn umlauts_written_out(word: &str) -> Option<String> {
    const TWO_SOUNDS: &[&str] = &["uell", "zuerst", "maestr", "duett"];
    if !(word.contains("ue") || word.contains("ae") || word.contains("oe"))
        || TWO_SOUNDS.iter().any(|two| word.contains(two))
    {
        return None;
    }
    let letters: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    let mut changed = false;
    let mut at = 0;
    while let Some(letter) = letters.get(at) {
        let written_out = matches!(letter, 'u' | 'a' | 'o')
            && letters.get(at + 1) == Some(&'e')
            && at
                .checked_sub(1)
                .and_then(|before| letters.get(before))
                .is_none_or(|before| !"aeiouyq".contains(*before));
        out.push(*letter);
        if written_out {
            changed = true;
            at += 2;
        } else {
            at += 1;
        }
    }
    changed.then_some(out)
}

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
pub(super) fn stem(word: &str) -> String {
    stem_str(word).to_owned()
}

pub(super) fn stem_str(word: &str) -> &str {
    match word.char_indices().nth(5) {
        Some((end, _)) => &word[..end],
        None => word,
    }
}

/// Stems and concepts are strong features; trigrams only hint.
pub(super) fn is_strong(feature: &str) -> bool {
    feature.starts_with("s:") || feature.starts_with("c:")
}

/// An example's features: the stems and trigrams of its content words, and the
/// shop-vocabulary concepts it names (function words included: "noch nicht da").
pub(super) fn features(text: &str, lexicon: &Lexicon) -> HashMap<String, f32> {
    let mut counts: HashMap<String, f32> = HashMap::new();
    for_each_feature(text, lexicon, |feature, weight| {
        match counts.get_mut(feature) {
            Some(count) => *count += weight,
            None => {
                counts.insert(feature.to_owned(), weight);
            }
        }
    });
    counts
}

/// Calls `add` with each feature of a text as it comes, and how much it counts: `s:` and the
/// stem of each content word (1), the word's trigrams (`TRIGRAM_WEIGHT` each), then the
/// concepts it names (`CONCEPT_WEIGHT`). A feature may come more than once.
pub(super) fn for_each_feature(text: &str, lexicon: &Lexicon, mut add: impl FnMut(&str, f32)) {
    let all = normalize(text);
    let mut stem_feature = String::new();
    for word in all.iter().filter(|w| !STOPWORDS.contains(w.as_str())) {
        stem_feature.clear();
        stem_feature.push_str("s:");
        stem_feature.push_str(stem_str(word));
        add(&stem_feature, 1.0);
        for_each_trigram(word, |gram| add(gram, TRIGRAM_WEIGHT));
    }
    let words: Vec<&str> = all.iter().map(String::as_str).collect();
    let concepts = lexicon.concepts(&words);
    // An example is one question, in one part.
    let names = || concepts.iter().map(|(_, _, concept)| *concept);
    let beside = Beside {
        duration: duration_of(names()),
        reach_aside: reaching_is_aside(names()),
        day_is_deadline: day_is_deadline(names()),
        // An example's holiday is the team's, as the entry has it.
        occasion: false,
        money: names_money_itself(&words),
        way_to_pay: names_a_way_to_pay(names()),
        basket: names().any(|c| c == BASKET),
        // An example's move is the entry's own matter, as the lexicon has it.
        existing_order: true,
        parcel: false,
        already: false,
        owned: false,
        in_message: false,
        sent_back: false,
    };
    for (_, _, concept) in &concepts {
        if let Some(concept) = qualified(concept, beside) {
            add(concept, CONCEPT_WEIGHT);
        }
    }
}

/// Concepts of what else takes time (sending a parcel, money back, an invoice): beside one,
/// how long is that thing's time, also where the team is named ("how long does customer
/// service take to process my refund?").
const TIMED_MATTERS: &[&str] = &[
    super::SHIPPING,
    super::POSTAGE,
    super::DESTINATION,
    super::TRACKING,
    super::MISSING,
    super::SENT_ALREADY,
    CARRIER,
    REFUND,
    "c:invoice",
];

/// How long something takes goes with what it is asked of: beside a withdrawal or a claim
/// the duration concept is one of those ("how many days do I have to withdraw?" shares it
/// with the returns examples that ask it, not with "how long does delivery take?"); beside
/// the team, and nothing else that takes time (`TIMED_MATTERS`), it is how long the team is
/// there, the hours ("Hoe lang is jullie servicedesk vanmiddag nog bemand?", "jak dlouho v
/// pátek fungují lidi na zákaznické podpoře?"). Not beside the hours alone (a day or an
/// evening is as often when a parcel is ordered: "ile idzie paczka, jak zamówię w piątek
/// wieczorem?"), nor beside being open (also an opened bag: "how long does an opened bag
/// stay fresh?"). The duration concept that `concepts` (of one question) make, when they
/// name one.
pub(super) fn duration_of<'a>(concepts: impl IntoIterator<Item = &'a str>) -> &'static str {
    let (mut team, mut other_matter) = (false, false);
    for concept in concepts {
        match concept {
            WITHDRAWAL => return "c:duration_of_withdrawal",
            WARRANTY => return "c:duration_of_claim",
            _ => {}
        }
        team |= concept == TEAM;
        other_matter |= TIMED_MATTERS.contains(&concept);
    }
    if team && !other_matter {
        HOURS
    } else {
        DURATION
    }
}

/// Whether `concepts` (of one part of a message) name something a phone or an e-mail is only
/// the way to: a payment method or paying (the means of paying: "I only have Google Wallet on
/// my phone", "zaplatím cez mobil"), the team's hours (the question is the time: "can I still
/// call you on Friday afternoon?"), tracking or a missing order (the mail that should have
/// said where the parcel is: "in which mail is the tracking link?").
pub(super) fn reaching_is_aside<'a>(concepts: impl IntoIterator<Item = &'a str>) -> bool {
    concepts
        .into_iter()
        .any(|concept| REACHED_ASIDE.contains(&concept))
}

/// Whether `concepts` (of one part of a message) name a way to pay: beside it a courier is
/// who is paid ("can I pay the courier in cash?").
pub(super) fn names_a_way_to_pay<'a>(concepts: impl IntoIterator<Item = &'a str>) -> bool {
    concepts
        .into_iter()
        .any(|concept| concept == PAYMENT_METHOD)
}

/// Whether `concepts` (of one sentence) ask how long something takes, and nothing about the
/// team: a day beside them is when the parcel should be there ("if I order tonight, is it
/// there by Saturday?"), not the team's hours ("how long are you open on Saturday?" names
/// being open).
pub(super) fn day_is_deadline<'a>(concepts: impl IntoIterator<Item = &'a str>) -> bool {
    let mut timed = false;
    for concept in concepts {
        if TEAM_TIME.contains(&concept) {
            return false;
        }
        timed |= concept == DURATION;
    }
    timed
}

/// What stands beside a concept, in its sentence or part, that changes what it names.
#[derive(Debug, Clone, Copy)]
pub(super) struct Beside {
    /// The duration concept as it goes with what it is asked of (`duration_of`).
    pub duration: &'static str,
    /// Reaching the team is only the way to something else (`reaching_is_aside`).
    pub reach_aside: bool,
    /// A day is when the parcel should be there (`day_is_deadline`).
    pub day_is_deadline: bool,
    /// A gift is named in the part: a holiday is its occasion.
    pub occasion: bool,
    /// Money itself is named (`names_money_itself`).
    pub money: bool,
    /// A way to pay is named (`names_a_way_to_pay`).
    pub way_to_pay: bool,
    /// The basket is named: what is added to it changes no order yet.
    pub basket: bool,
    /// The message names an order that exists (`Message::names_an_existing_order`).
    pub existing_order: bool,
    /// The message names a parcel ("balík", "paczka", "Päckchen"): sent already, it is the
    /// customer's (`Message::names_a_parcel`).
    pub parcel: bool,
    /// "Already" stands within two words before the concept ("už na novou adresu").
    pub already: bool,
    /// It is the customer's or a third person's (`owned_at`: "haar adres", "my mum's address",
    /// "die Adresse meiner Oma"): no shop's.
    pub owned: bool,
    /// The concept is read in a customer's message, not in an FAQ's example.
    pub in_message: bool,
    /// The message says the customer sent something back (`says_sent_back`).
    pub sent_back: bool,
}

/// A concept as it counts, if it does: the duration concept as `beside.duration`, reaching
/// the team not beside what it is only the way to, the team's hours not beside a delivery
/// deadline, sending something back beside money as a refund ("kdy mi vrátíte peníze za
/// vrácené zboží?" is the money's question, not how to send it back), tracking in a message
/// that says something was sent back as no question about an order, others as they are.
pub(super) fn qualified(concept: &str, beside: Beside) -> Option<&str> {
    match concept {
        DURATION => Some(beside.duration),
        WITHDRAWAL if beside.money => Some(REFUND),
        HOURS if beside.day_is_deadline || beside.occasion => None,
        // "Until when" beside what it is asked of is a deadline ("bis wann darf ich
        // widerrufen?"), not the team's hours.
        HOURS if beside.duration != DURATION => Some(beside.duration),
        REACH if beside.reach_aside => None,
        // "kurier przyjmie gotówkę?": the courier is only who is paid.
        CARRIER if beside.way_to_pay => None,
        // "v košíku mám 52 €, mám tam ještě něco přihodit?": no order to change yet.
        CHANGE if beside.basket => None,
        // A move, or a new address, is an order's change only where an order exists to change
        // and it is not already there ("stěhuju se, za jak dlouho tam dojde balík?", "objednávku
        // jsem už zadávala na novou adresu, odešla už?").
        MOVING if beside.existing_order => Some(CHANGE),
        NEW_ADDRESS if beside.existing_order && !beside.already => Some(CHANGE),
        MOVING | NEW_ADDRESS => None,
        // "als ik haar adres invul", "moje adresa": the customer's address, not the shop's.
        SHOP_PLACE if beside.owned => None,
        // "20533 już nadane?", "ist das Paket schon raus?", "je už balík na cestě?": sent
        // already, of an order that exists or a parcel, asks where it is. Only in a message:
        // the examples keep their sending alone.
        SENT_ALREADY
            if beside.in_message
                && (beside.existing_order || beside.parcel)
                && !beside.sent_back =>
        {
            Some(TRACKING)
        }
        SENT_ALREADY => None,
        // "You got my returned grinder (tracking shows it) ... my bank account still shows
        // nothing": the tracking of a return sent back is the return's proof, not a question
        // about where an order is.
        TRACKING if beside.in_message && beside.sent_back => None,
        _ => Some(concept),
    }
}

/// A courier or a pick-up point.
pub(super) const CARRIER: &str = "c:carrier";
/// Changing something (an order).
const CHANGE: &str = "c:change";
/// A customer's own or a third person's, normalized: "my", "her", "his", "their" (not
/// German "ihre", which is also the formal "your"; "мій" is "міи", "її" "іі", "його" "иого").
pub(super) const OWNED_BY_THEM: &[&str] = &[
    "muj", "moje", "moji", "mou", "jeji", "jeho", "moj", "moja", "moju", "jej", "jego", "mojego",
    "mijn", "haar", "hun", "mein", "meine", "meiner", "seine", "my", "her", "his", "their", "мою",
    "моя", "міи", "іі", "иого", "іхню",
];
/// "Already", normalized, in the seven languages.
pub(super) const ALREADY: &[&str] = &["uz", "juz", "вже", "уже", "already", "al", "schon"];
/// The shop's basket, before an order (a topic concept).
pub(super) const BASKET: &str = "c:topic_basket";

/// Sending something back (returns, withdrawal from a purchase).
pub(super) const WITHDRAWAL: &str = "c:withdrawal";
/// Money for what was sent back: a refund.
pub(super) const REFUND: &str = "c:refund";
/// How long something takes ("how many days").
pub(super) const DURATION: &str = "c:duration";
/// A warranty or a claim about a faulty product.
pub(super) const WARRANTY: &str = "c:warranty";
/// The team's time: hours of the day, the weekend, holidays.
pub(super) const HOURS: &str = "c:hours";
/// Reaching the team by phone or e-mail: the entry that owns it is the one about contacts.
pub(super) const REACH: &str = "c:reach";
/// A way to pay (a card, a wallet, cash on delivery).
pub(super) const PAYMENT_METHOD: &str = "c:payment_method";
/// Damage or a fault said not to be there ("kaputt ist nichts"): its words count for no
/// entry (`topic_undamaged`).
pub(super) const UNDAMAGED: &str = "c:topic_undamaged";
/// Sending back or a refund said not to be wanted ("ik wil de molen niet terugsturen", "nie
/// chcę zwrotu pieniędzy"): its words count for no entry (`topic_not_returned`).
pub(super) const NOT_RETURNED: &str = "c:topic_not_returned";
/// The concepts whose words count for no entry: what they name is denied.
pub(super) const DENIED: [&str; 2] = [UNDAMAGED, NOT_RETURNED];
/// Paying itself, whatever the method (`topic_paying`).
pub(super) const PAYING: &str = "c:topic_paying";
/// What the team does or is (open, answering, reachable): beside them a day is the team's.
pub(super) const TEAM_TIME: &[&str] = &[OPEN, TEAM, REACH];
/// The team itself: customer service, the support, someone answering.
pub(super) const TEAM: &str = "c:team";
/// Being open or closed.
pub(super) const OPEN: &str = "c:opening";
/// What reaching the team beside them is only the way to (`reaching_is_aside`).
const REACHED_ASIDE: &[&str] = &[PAYMENT_METHOD, PAYING, HOURS, "c:tracking", "c:missing"];

/// Calls `f` with each trigram of a word (padded with `<` and `>`), without allocating.
pub(super) fn for_each_trigram(word: &str, mut f: impl FnMut(&str)) {
    let mut padded = std::iter::once('<')
        .chain(word.chars())
        .chain(std::iter::once('>'));
    let (Some(mut first), Some(mut second)) = (padded.next(), padded.next()) else {
        return;
    };
    // Three chars of at most four bytes each.
    let mut buffer = [0u8; 12];
    for third in padded {
        let mut len = 0;
        for c in [first, second, third] {
            len += c.encode_utf8(&mut buffer[len..]).len();
        }
        if let Ok(gram) = std::str::from_utf8(&buffer[..len]) {
            f(gram);
        }
        (first, second) = (second, third);
    }
}

/// A feature's weight by how often it counts: sublinear above one, and a part of one for the
/// weaker features (a trigram counts `TRIGRAM_WEIGHT` of a stem).
pub(super) fn term_weight(count: f32) -> f32 {
    if count < 1.0 { count } else { 1.0 + count.ln() }
}

pub(super) static STOPWORDS: std::sync::LazyLock<HashSet<&'static str, FastHash>> =
    std::sync::LazyLock::new(|| {
        include_str!("../../../responses/faq/stopwords.txt")
            .split_whitespace()
            .filter(|w| !w.starts_with('#'))
            .collect()
    });
