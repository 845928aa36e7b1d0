//! Which language a message is in, from its script, its letters and its function words; and
//! when two words of a German, Dutch or English dialect or neighbour (Scots) show, none a page
//! supports.

use std::collections::{HashMap, HashSet};

use super::FastHash;
use super::signals::{SIGNALS, Signals};
use crate::domain::locale::Language;

/// Function word -> the languages it belongs to.
static FUNCTION_WORDS: std::sync::LazyLock<HashMap<String, Vec<Language>, FastHash>> =
    std::sync::LazyLock::new(|| by_word(|signals| &signals.language));

/// Function words of languages no page supports.
static UNSUPPORTED: std::sync::LazyLock<HashSet<String, FastHash>> =
    std::sync::LazyLock::new(|| {
        SIGNALS
            .as_ref()
            .map(|lexicon| lexicon.unsupported.iter().cloned().collect())
            .unwrap_or_default()
    });

/// Dialect word -> the languages it is read as (Swiss German's "isch" as German, Gronings'
/// "nait" as Dutch).
static DIALECT_WORDS: std::sync::LazyLock<HashMap<String, Vec<Language>, FastHash>> =
    std::sync::LazyLock::new(|| by_word(|signals| &signals.dialect));

/// Word -> the languages whose list (of the signals' per-language `lists`) names it.
fn by_word(
    lists: fn(&Signals) -> &HashMap<Language, Vec<String>>,
) -> HashMap<String, Vec<Language>, FastHash> {
    let mut map: HashMap<String, Vec<Language>, FastHash> = HashMap::default();
    let Ok(signals) = SIGNALS.as_ref() else {
        return map;
    };
    for (language, words) in lists(signals) {
        for word in words {
            let languages = map.entry(word.clone()).or_default();
            if !languages.contains(language) {
                languages.push(*language);
            }
        }
    }
    map
}

/// How many different dialect words of the language a message is read as make it a dialect
/// or neighbouring language no page supports: one alone is a greeting or a word a standard
/// writer borrows ("Grüezi, an welche Mailadresse ...").
const DIALECT_WORDS_OF_A_DIALECT: usize = 2;

/// Consonants (lower case) after which Ukrainian writes "ї" only behind an apostrophe: Rusyn
/// writes it there bare ("сторінцї"). Left out are those an apostrophe follows before "ї"
/// (б, п, в, м, ф, р, and a prefix's з, д: "під'їзд", "об'їзд"), which customers often
/// drop ("підїзд").
const YI_SOFTENED_CONSONANTS: &str = "гґжйклнстхцчшщ";

/// Polish letters Czech and Slovak never write, and Croatian's "ć".
const POLISH_LETTERS: [char; 8] = ['ą', 'ę', 'ł', 'ń', 'ś', 'ź', 'ż', 'ć'];
/// Carons of Czech and Slovak (lower case), which Polish never writes.
const CARONS: [char; 8] = ['č', 'š', 'ž', 'ř', 'ě', 'ď', 'ť', 'ň'];

/// What the detector concluded about a message's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    Known(Language),
    /// A language no page supports (Russian, French, Spanish, ...).
    Foreign,
    /// Too little to tell ("ok", "48213", a courier's name).
    Unknown,
}

/// The language of a message, when it is one a page may support.
pub fn detect_language(text: &str, all: &[String]) -> Option<Language> {
    match detect(text, all) {
        Detected::Known(language) => Some(language),
        Detected::Foreign | Detected::Unknown => None,
    }
}

/// The language of a message, from its script, its letters and its function words (`all`:
/// its normalized words, function words included).
pub fn detect(text: &str, all: &[String]) -> Detected {
    LanguageScores::of(text, all).detected(&Language::ALL)
}

/// Letters of a message that hint at its language.
#[derive(Default)]
struct Hints {
    cs: i32,
    sk: i32,
    pl: i32,
    de: i32,
    a_umlaut: i32,
    foreign: i32,
    /// A caron of Czech and Slovak (also Slovenian and Croatian: č, š, ž); ř and ě count
    /// for Czech alone.
    caron: bool,
    /// An acute of Czech and Slovak (also Hungarian and Irish: á, é, í, ó, ú, ý).
    acute: bool,
    cyrillic: bool,
    russian: i32,
    ukrainian: i32,
    /// "ї" right after a consonant of `YI_SOFTENED_CONSONANTS`: Rusyn writes it so ("сторінцї"),
    /// Ukrainian never.
    yi_after_consonant: bool,
    /// Lower-case words with a Polish letter Czech and Slovak don't write (or Croatian's "ć"),
    /// and lower-case words with a caron: two or more of each are a language of its own (Upper
    /// Sorbian "dźeń, hač móžu při was tež ... płaćić"); fewer are a Czech word or place in
    /// Polish ("na žižkovie"), or a Polish name in Czech ("děkuji, michał"): a hint only.
    polish_letter_words: i32,
    caron_words: i32,
}

/// The evidence for each language in one message.
pub(super) struct LanguageScores {
    /// Points per language (indexed by `Language as usize`).
    points: [i32; Language::ALL.len()],
    /// Points for languages no page supports.
    foreign: i32,
    /// Different dialect words per language (indexed like `points`).
    dialect_words: [usize; Language::ALL.len()],
}

impl LanguageScores {
    pub(super) fn of(text: &str, all: &[String]) -> LanguageScores {
        let mut points = [0i32; Language::ALL.len()];
        // Letters that hint at a language, counted in one pass.
        let mut hints = Hints::default();
        let mut previous = ' ';
        for c in text.chars().flat_map(char::to_lowercase) {
            if c == 'ї' && YI_SOFTENED_CONSONANTS.contains(previous) {
                hints.yi_after_consonant = true;
            }
            previous = c;
            match c {
                'ř' | 'ů' | 'ě' => hints.cs += 1,
                'ľ' | 'ĺ' | 'ŕ' | 'ô' => hints.sk += 1,
                'ą' | 'ę' | 'ł' | 'ń' | 'ś' | 'ź' | 'ż' => hints.pl += 1,
                'ß' | 'ü' | 'ö' => hints.de += 1,
                'ä' => hints.a_umlaut += 1,
                'č' | 'š' | 'ž' | 'ď' | 'ť' | 'ň' => hints.caron = true,
                'á' | 'é' | 'í' | 'ó' | 'ú' | 'ý' => hints.acute = true,
                'ç' | 'ñ' | 'õ' | 'ő' | 'ű' | 'à' | 'è' | 'ù' | '¿' | '¡' => {
                    hints.foreign += 1
                }
                // Croatian, Serbian and Bosnian; Baltic; Romanian; Nordic; Portuguese,
                // Italian, Icelandic and Turkish; Silesian's ō; Esperanto's circumflexes and
                // ŭ: letters none of the seven languages writes.
                'đ' | 'ė' | 'į' | 'ų' | 'ū' | 'ā' | 'ē' | 'ī' | 'ķ' | 'ļ' | 'ņ' | 'ģ' | 'ă'
                | 'ș' | 'ş' | 'ț' | 'ţ' | 'æ' | 'ø' | 'å' | 'ã' | 'ò' | 'ì' | 'ð' | 'þ' | 'ı'
                | 'ğ' | 'ō' | 'ĉ' | 'ĝ' | 'ĥ' | 'ĵ' | 'ŝ' | 'ŭ' => hints.foreign += 1,
                'ы' | 'э' | 'ъ' | 'ё' => {
                    hints.cyrillic = true;
                    hints.russian += 1;
                }
                'і' | 'ї' | 'є' | 'ґ' => {
                    hints.cyrillic = true;
                    hints.ukrainian += 1;
                }
                '\u{0400}'..='\u{04FF}' => hints.cyrillic = true,
                _ => {}
            }
        }
        if hints.pl > 0 || text.contains('ć') {
            for word in text
                .split(|c: char| !c.is_alphabetic())
                .filter(|word| word.chars().next().is_some_and(char::is_lowercase))
            {
                if word.contains(POLISH_LETTERS) {
                    hints.polish_letter_words += 1;
                }
                if word.contains(CARONS) {
                    hints.caron_words += 1;
                }
            }
        }
        if hints.yi_after_consonant || (hints.polish_letter_words >= 2 && hints.caron_words >= 2) {
            return LanguageScores {
                points,
                foreign: 1,
                dialect_words: [0; Language::ALL.len()],
            };
        }
        // "pour" before "over" is the coffee's pour-over, in any language ("ceramic pour over
        // inside snapped"), not French.
        let foreign_words = all
            .iter()
            .enumerate()
            .filter(|(at, w)| {
                UNSUPPORTED.contains(w.as_str())
                    && !(w.as_str() == "pour"
                        && all
                            .get(at.saturating_add(1))
                            .is_some_and(|next| next.starts_with("over")))
            })
            .count() as i32;
        if hints.cyrillic {
            let ukrainian_word = all.iter().any(|w| {
                FUNCTION_WORDS
                    .get(w.as_str())
                    .is_some_and(|languages| languages.contains(&Language::Uk))
            });
            // Russian letters or words, without any letter or word only Ukrainian has.
            let russian =
                (hints.russian > 0 || foreign_words > 0) && hints.ukrainian == 0 && !ukrainian_word;
            if !russian {
                points[Language::Uk as usize] = 1;
            }
            return LanguageScores {
                points,
                foreign: i32::from(russian),
                dialect_words: [0; Language::ALL.len()],
            };
        }
        let mut add = |language: Language, n: i32| points[language as usize] += n;
        add(Language::Cs, 3 * hints.cs);
        add(Language::Sk, 3 * hints.sk);
        add(Language::Pl, 3 * hints.pl);
        add(Language::De, 3 * hints.de);
        add(Language::Sk, hints.a_umlaut);
        // A caron beside an acute is Czech or Slovak writing, as a language of its own has
        // neither together (round 31: "kamarádka bydlí v Linci, doručíte to tam?" has no
        // function word of either): a point, which any function word outweighs.
        if hints.caron && hints.acute {
            add(Language::Cs, 1);
            add(Language::Sk, 1);
        }
        add(Language::De, hints.a_umlaut);
        for word in all {
            for language in FUNCTION_WORDS.get(word.as_str()).into_iter().flatten() {
                add(*language, 2);
            }
        }
        // Letters of languages no page supports (French, Spanish, Hungarian, ...); caron words
        // beside Polish letter words, too few to decide, are a hint, which the words of a
        // supported language outweigh.
        let mixed = i32::from(hints.polish_letter_words > 0 && hints.caron_words > 0);
        let foreign = 2 * foreign_words + 3 * hints.foreign + 3 * mixed;
        LanguageScores {
            points,
            foreign,
            dialect_words: dialect_words(all),
        }
    }

    pub(super) fn of_language(&self, language: Language) -> i32 {
        self.points[language as usize]
    }

    /// The best of `languages`, else `Foreign` when languages no page supports have more
    /// evidence, else `Unknown`. The best read with two or more of its dialect words is
    /// `Foreign` (Swiss German, Gronings).
    pub(super) fn detected(&self, languages: &[Language]) -> Detected {
        let best = languages
            .iter()
            .copied()
            .filter(|l| self.of_language(*l) > 0)
            .max_by_key(|l| (self.of_language(*l), std::cmp::Reverse(*l as u8)));
        match best {
            Some(language)
                if self.dialect_words[language as usize] >= DIALECT_WORDS_OF_A_DIALECT =>
            {
                Detected::Foreign
            }
            Some(language) if self.of_language(language) > self.foreign => {
                Detected::Known(language)
            }
            _ if self.foreign > 0 => Detected::Foreign,
            _ => Detected::Unknown,
        }
    }
}

/// Per language, how many different words of its dialects and neighbours `all` has.
fn dialect_words(all: &[String]) -> [usize; Language::ALL.len()] {
    let mut seen: Vec<&str> = Vec::new();
    let mut counts = [0; Language::ALL.len()];
    for word in all {
        let Some(languages) = DIALECT_WORDS.get(word.as_str()) else {
            continue;
        };
        if seen.contains(&word.as_str()) {
            continue;
        }
        seen.push(word);
        for language in languages {
            counts[*language as usize] += 1;
        }
    }
    counts
}
