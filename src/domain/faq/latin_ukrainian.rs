//! Ukrainian written in Latin letters ("chy mozhna u vas oplatyty chastynamy?"), as customers
//! type it on a phone without a Cyrillic keyboard: recognized by words no other language
//! writes so (`ukrainian_in_latin` in `responses/faq/signals.toml`) and read back into
//! Cyrillic, so that the matcher reads it as the Ukrainian it is and answers in Ukrainian.

use std::borrow::Cow;

use super::language::{Detected, detect};
use super::signals::latin_ukrainian_and_russian_words;
use super::text::normalize;
use crate::domain::locale::Language;

/// Latin letters to Cyrillic, longest first: the national romanization (2010) and the ways
/// people write without it ("sch" for щ, "ya" and "ia" for я, "g" for г, "w" for в).
const LETTERS: &[(&str, &str)] = &[
    ("shch", "щ"),
    ("sch", "щ"),
    ("zh", "ж"),
    ("kh", "х"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("yu", "ю"),
    ("iu", "ю"),
    ("ju", "ю"),
    ("ya", "я"),
    ("ia", "я"),
    ("ja", "я"),
    ("ye", "є"),
    ("ie", "є"),
    ("je", "є"),
    ("yi", "ї"),
    ("ji", "ї"),
    ("yo", "йо"),
    ("jo", "йо"),
    ("a", "а"),
    ("b", "б"),
    ("c", "ц"),
    ("d", "д"),
    ("e", "е"),
    ("f", "ф"),
    ("g", "г"),
    ("h", "г"),
    ("i", "і"),
    ("j", "й"),
    ("k", "к"),
    ("l", "л"),
    ("m", "м"),
    ("n", "н"),
    ("o", "о"),
    ("p", "п"),
    ("q", "к"),
    ("r", "р"),
    ("s", "с"),
    ("t", "т"),
    ("u", "у"),
    ("v", "в"),
    ("w", "в"),
    ("x", "кс"),
    ("y", "и"),
    ("z", "з"),
];

/// How many different words only Latin-written Ukrainian has make a message such (and more
/// than it has of Russian written so): one alone is a name or a borrowed word, unless nothing
/// else reads as a supported language and no Russian word shows.
const MARKERS_OF_A_MESSAGE: usize = 2;

/// The text the matcher reads of a message: Ukrainian written in Latin letters read back into
/// Cyrillic (`cyrillic_of`), any other message as it is.
pub(super) fn as_read(text: &str) -> Cow<'_, str> {
    cyrillic_of(text).map_or(Cow::Borrowed(text), Cow::Owned)
}

/// The message read back into Cyrillic, when it is Ukrainian written in Latin letters; `None`
/// for any other message (one with Cyrillic letters of its own too).
pub(super) fn cyrillic_of(text: &str) -> Option<String> {
    if text.chars().any(is_cyrillic) {
        return None;
    }
    let words = normalize(text);
    let (ukrainian, russian) = latin_ukrainian_and_russian_words(&words);
    let enough = match (ukrainian, russian) {
        (1, 0) => !matches!(detect(text, &words), Detected::Known(_)),
        (ukrainian, russian) => ukrainian >= MARKERS_OF_A_MESSAGE && ukrainian > russian,
    };
    if !enough {
        return None;
    }
    // A message in capitals throughout ("CHY MOZHNA OPLATYTY?") has no brands to tell apart.
    let shouted = !text.chars().any(char::is_lowercase);
    let cyrillic = text
        .split_inclusive(char::is_whitespace)
        .map(|token| token_in_cyrillic(token, shouted))
        .collect::<String>();
    // A last guard, not the test itself (the words are): read back, a message that shows a
    // language no page supports (its function words) stays as written.
    (detect(&cyrillic, &normalize(&cyrillic)) == Detected::Known(Language::Uk)).then_some(cyrillic)
}

fn is_cyrillic_vowel(c: char) -> bool {
    "аеєиіїоуюяАЕЄИІЇОУЮЯ".contains(c)
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}')
}

/// One token in Cyrillic; a link, an address, a number with letters, a brand in capitals
/// ("DHL", "PayPal", "iDEAL"; in a `shouted` message none is told apart) stay as written.
fn token_in_cyrillic(token: &str, shouted: bool) -> String {
    let word = token.trim();
    let kept = word.contains("://")
        || word.contains('@')
        || word.contains("www.")
        || word.chars().any(|c| c.is_ascii_digit())
        || (!shouted && word.chars().skip(1).any(|c| c.is_uppercase()))
        || word.split('.').filter(|piece| !piece.is_empty()).count() > 1;
    if kept {
        return token.to_owned();
    }
    let mut out = String::with_capacity(token.len() * 2);
    let mut rest = token;
    while let Some(first) = rest.chars().next() {
        let lower = rest.to_ascii_lowercase();
        let at_word_end = |len: usize| {
            rest.get(len..)
                .and_then(|after| after.chars().next())
                .is_none_or(|c| !c.is_alphabetic())
        };
        // "-yi", "-yy", "-yj" ending a word is "-ий" ("dobryi" добрий), not "ї"; "-iy", "-ij"
        // is "-ій" ("miy" мій, "na novij poshti").
        let ending = [
            ("yi", "ий"),
            ("yy", "ий"),
            ("yj", "ий"),
            ("iy", "ій"),
            ("ij", "ій"),
        ]
        .into_iter()
        .find(|(ending, _)| lower.starts_with(ending) && at_word_end(ending.len()));
        // "y" or "j" after a vowel and before no vowel is "й" ("chaynyk" чайник, "pidiyshov").
        let after_vowel = out.chars().last().is_some_and(is_cyrillic_vowel);
        let before_vowel = lower.chars().nth(1).is_some_and(|c| "aeiouy".contains(c));
        let short_i =
            after_vowel && !before_vowel && (lower.starts_with('y') || lower.starts_with('j'));
        // "l" after "i" is soft where the soft sign is usually left out: before "t", "n",
        // "m", "sh" ("filtr" фільтр, "vilno" вільно, "bilshe" більше), and before "k" after
        // "ski", "ti", "ki" ("skilky" скільки, "tilky" тільки, "kilka" кілька; not
        // "spilkuvannia" спілкування, "hilka" гілка).
        let soft_l = lower.starts_with('l') && {
            let (before, after) = (out.to_lowercase(), lower.get(1..).unwrap_or_default());
            before.ends_with('і')
                && (["t", "n", "m", "sh"].iter().any(|c| after.starts_with(c))
                    || (after.starts_with('k')
                        && (before.ends_with("ті") || before.ends_with("кі"))))
        };
        let found = match ending {
            Some((ending, cyrillic)) => Some((ending.len(), cyrillic)),
            None if short_i => Some((1, "й")),
            None if soft_l => Some((1, "ль")),
            None => LETTERS
                .iter()
                .find(|(latin, _)| lower.starts_with(latin))
                .map(|(latin, cyrillic)| (latin.len(), *cyrillic)),
        };
        match found {
            Some((len, cyrillic)) => {
                if first.is_uppercase() {
                    out.extend(cyrillic.chars().take(1).flat_map(char::to_uppercase));
                    out.extend(cyrillic.chars().skip(1));
                } else {
                    out.push_str(cyrillic);
                }
                rest = rest.get(len..).unwrap_or_default();
            }
            None => {
                // An apostrophe after a consonant and before a consonant or the word's end is
                // the soft sign ("skil'ky" скільки, "bud'" будь); before a vowel it separates
                // ("pid'izd") and stays, as do punctuation and other letters.
                let after_consonant = out
                    .chars()
                    .last()
                    .is_some_and(|c| is_cyrillic(c) && !is_cyrillic_vowel(c) && c != 'ь');
                let separates = lower.chars().nth(1).is_some_and(|c| "aeiouyj".contains(c));
                if (first == '\'' || first == '’') && after_consonant && !separates {
                    out.push('ь');
                } else {
                    out.push(first);
                }
                rest = rest.get(first.len_utf8()..).unwrap_or_default();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_ukrainian_is_read_back_into_cyrillic() {
        assert_eq!(
            cyrillic_of("chy mozhna u vas oplatyty chastynamy?").as_deref(),
            Some("чи можна у вас оплатити частинами?")
        );
        assert_eq!(
            cyrillic_of("Dobryi den, a vy vidpravliaete novoiu poshtoiu?").as_deref(),
            Some("Добрий ден, а ви відправляете новою поштою?")
        );
        assert_eq!(
            cyrillic_of("skilky koshtuie dostavka, diakuiu").as_deref(),
            Some("скільки коштує доставка, дякую")
        );
        assert_eq!(
            cyrillic_of("pryvit, yak povernuty chaynyk? ne pidiyshov").as_deref(),
            Some("привіт, як повернути чайник? не підійшов")
        );
        // Surzhyk: mostly Ukrainian, a Russian word in it.
        assert_eq!(
            cyrillic_of("Dobryj vechir, a kak oplatit? perekaz na rakhunok mozhlyvyi?").as_deref(),
            Some("Добрий вечір, а как оплатіт? переказ на рахунок можливий?")
        );
    }

    #[test]
    fn links_numbers_and_brands_stay_as_written() {
        assert_eq!(
            cyrillic_of("de moie zamovlennia 48213? shcho z nym, DHL pyshe https://dhl.com/x")
                .as_deref(),
            Some("де моє замовлення 48213? що з ним, DHL пише https://dhl.com/x")
        );
    }

    #[test]
    fn other_languages_in_latin_letters_stay_as_they_are() {
        for text in [
            "jak dlouho trva doruceni do ceska?",
            "kedy mi pride balik, dakujem",
            "czy moge zaplacic blikiem? chyba tak",
            "hoe lang duurt de levering naar belgie?",
            "wie lange dauert der versand nach osterreich?",
            "how long does shipping take to the uk?",
            "skolko stoit dostavka v moskvu? spasibo",
            "ahoj, vy mate otevreno i v sobotu?",
        ] {
            assert_eq!(cyrillic_of(text), None, "{text}");
        }
    }

    #[test]
    fn words_other_languages_share_with_it_do_not_count() {
        for text in [
            // Polish, Czech: "zatelefonować", "koly" are theirs too; two forms count once.
            "Prosze zatelefonowac, nie moge sie dodzwonic. Zatelefonuje jutro?",
            "auto s novymi koly, kolik stoji doprava?",
            // Russian: "shchet", "moye" are Russian too.
            "Vozvrat na moy shchet ne prishel, moye obrashchenie",
        ] {
            assert_eq!(cyrillic_of(text), None, "{text}");
        }
    }

    #[test]
    fn the_soft_sign_left_out_or_typed_as_an_apostrophe_is_read() {
        for (latin, cyrillic) in [
            ("skilky", "скільки"),
            ("tilky", "тільки"),
            ("bilshe", "більше"),
            ("filtr", "фільтр"),
            ("vilno", "вільно"),
            ("bilet", "білет"),
            ("villa", "вілла"),
            ("lyst", "лист"),
            ("kilka", "кілька"),
            ("spilkuvannia", "спілкування"),
            ("hilka", "гілка"),
            ("skil'ky", "скільки"),
            ("bud'", "будь"),
            ("pid'izd", "під'ізд"),
        ] {
            assert_eq!(token_in_cyrillic(latin, false), cyrillic, "{latin}");
        }
    }

    #[test]
    fn a_message_in_capitals_and_yo_and_iy_are_read() {
        assert_eq!(
            cyrillic_of("CHY MOZHNA OPLATYTY CHASTYNAMY?").as_deref(),
            Some("ЧИ МОЖНА ОПЛАТИТИ ЧАСТИНАМИ?")
        );
        assert_eq!(
            cyrillic_of("de miy chaynyk? yoho vzhe vidpravyly?").as_deref(),
            Some("де мій чайник? його вже відправили?")
        );
    }

    #[test]
    fn cyrillic_messages_are_left_alone() {
        assert_eq!(cyrillic_of("чи можна оплатити частинами? mozhna"), None);
    }
}
