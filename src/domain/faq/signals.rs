//! What a message says besides its topic, read from `responses/faq/signals.toml`: anger
//! (not the customer's mood about their day or their own "silly question"),
//! phishing, offers, asking for a quote, unrelated questions, requests about personal data,
//! asking for advice, money, asking for a person, thanks alone, and the question and request
//! words of each language.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use super::text::{begins_with, is_bare_host, normalize, term_word_matches};
use super::{FastHash, Message};
use crate::domain::locale::Language;

/// Signals, per language, read from `responses/faq/signals.toml`.
#[derive(Debug, Deserialize)]
pub(super) struct Signals {
    /// Stems of profanity, insults, fraud accusations and threats.
    anger: Vec<String>,
    /// Words of asking for a person.
    person: Vec<String>,
    /// Terms of asking for the way to one (a number, a contact, how to reach): beside a
    /// request for a person, the question the entry about reaching the team answers.
    person_way: Vec<String>,
    /// Word beginnings of a fee to pay, in phishing ("your parcel is held, pay the fee").
    phishing_money: Vec<String>,
    /// Word beginnings of pressure or a held parcel, in phishing.
    phishing_urgency: Vec<String>,
    /// Terms of a delivery to book again ("reschedule", "nové doručení"): pressure beside an
    /// amount written out.
    phishing_rebook: Vec<String>,
    /// Couriers, marketplaces and payment services whose names phishing borrows for a site of
    /// its own ("gls-sk-track.com", "dhl-redelivery-eu.info"): lowercase, as in a host name.
    impersonated_brands: Vec<String>,
    /// The registered domains of those brands that are not the name alone under an ending
    /// ("gls-group.eu", "poczta-polska.pl"): their sites, not lookalikes.
    brand_domains: Vec<String>,
    /// Link shorteners ("bit.ly", "tinyurl.com"): a link through one hides where it leads.
    link_shorteners: Vec<String>,
    /// Whole words of an offer (advertising, partnership, a job).
    offer_words: Vec<String>,
    /// Terms of an offer: one or more word beginnings, in a row.
    offer_beginnings: Vec<String>,
    /// Terms of a request about personal data (GDPR, deleting an account): one or more word
    /// beginnings, in a row. Always a person's.
    privacy: Vec<String>,
    /// Terms of taking something away (delete, remove, stop keeping): beside what the shop
    /// keeps about the customer (`kept_data`), a request about personal data.
    removal: Vec<String>,
    /// Terms of what the shop keeps about the customer (their data, the customer list, an
    /// account): beside `removal`, a request about personal data.
    kept_data: Vec<String>,
    /// Terms of asking for a price of its own (a quote, wholesale, regular supplies to a
    /// company, another shop's price matched): one or more word beginnings, in a row. Always a
    /// person's.
    quote: Vec<String>,
    /// Terms of a question unrelated to the shop (the weather, a question put to anyone who
    /// reads): one or more word beginnings, in a row. No entry answers it.
    unrelated: Vec<String>,
    /// Terms of the weather: a question about it is unrelated to the shop, a story about it is
    /// the customer's day ("venku leje uz treti den ..., kolik stoji postovne?").
    weather: Vec<String>,
    /// Terms of a traveller's question (trains running, a festival, where to stay): asked
    /// about, unrelated to the shop, told, the customer's plans.
    travel: Vec<String>,
    /// Terms of what the packaging is made of, recycling, sustainability: a question about it
    /// no answer says, a compliment about it the story.
    packaging: Vec<String>,
    /// Terms of the customer's day besides the weather (the news, outside, rain): beside one,
    /// or beside the weather, a `weather_moods` word describes the day, not the shop.
    bad_day: Vec<String>,
    /// Stems of words that also describe a day ("hnusně", "жахлива", "awful"): an anger stem
    /// that one of them begins, beside a `weather` or `bad_day` term, is no anger at the shop
    /// (the list may name mood words the anger list does not have; those change nothing).
    weather_moods: Vec<String>,
    /// Terms that an anger stem opens when it is said of the customer's own question or luck
    /// ("blöde Frage", "blöd gelaufen", "idiotic question"), not of the shop.
    own_question: Vec<String>,
    /// Terms of asking who pays ("kdo platí", "ich oder Sie"): beside sending something back
    /// or exchanging it, who pays its postage, which no returns answer says.
    who_pays: Vec<String>,
    /// Terms of exchanging goods for others ("vyměnit za", "umtauschen").
    exchange: Vec<String>,
    /// Terms of before the order is sent ("před odesláním", "vor dem Versand").
    before_sending: Vec<String>,
    /// Conjunctions of before ("než", "zanim", "bevor", "before"): beside a word of sending
    /// after them (`dispatch`), before the order is sent.
    before_conjunctions: Vec<String>,
    /// Words of sending or packing an order ("odešlete", "wyślecie", "rausgeht", "ships").
    dispatch: Vec<String>,
    /// Terms of goods received or bought ("prišla včera", "binnengekregen"): beside an
    /// exchange, an exchange of goods received.
    received_goods: Vec<String>,
    /// Terms that make an exchange none of goods received ("potvrzení objednávky", "exchange
    /// rate", "części zamienne").
    exchange_aside: Vec<String>,
    /// Terms of a phone number or an e-mail address ("telefonní číslo", "Festnetznummer",
    /// "mail address"): asked beside another topic, a second matter, the way to the team.
    number_asked: Vec<String>,
    /// Terms of twice ("dvakrát", "zweimal"): beside money taken, a customer charged twice.
    twice: Vec<String>,
    /// Terms of money taken besides `paid`'s ("Abbuchungen", "charged"): beside twice, a
    /// customer charged twice.
    charges: Vec<String>,
    /// Terms that say both ("dve rovnaké platby", "double charged").
    charged_twice: Vec<String>,
    /// Words of two ("dve", "два"), whole: before `charges` or `payments_counted`, payments
    /// counted.
    two_of: Vec<String>,
    /// Terms of sameness ("totožné", "однакових"): between two and the payments it counts.
    same_as: Vec<String>,
    /// Terms of payments in the plural ("platby", "payments"): counted two, and beside one
    /// order, a customer charged twice.
    payments_counted: Vec<String>,
    /// Terms of a payment, one or more ("platbu", "Zahlung", "płatność"): after "2x" beside
    /// money taken ("pobraliście mi 2x płatność"), a customer charged twice.
    payment_words: Vec<String>,
    /// Terms of one order ("za jednu objednávku", "for one order").
    one_order: Vec<String>,
    /// Terms of paying or clicking only once ("iba raz", "nur einmal", "maar één keer"):
    /// told, beside money taken or twice with an amount, a customer charged twice.
    paid_once: Vec<String>,
    /// Terms of money back that has not come ("przelewu zwrotnego brak", "my bank account
    /// still shows nothing"): a refund owed, a person's.
    refund_missing: Vec<String>,
    /// Terms of not a coin back ("geen cent terug", "bis heute kein Cent"): told in a part
    /// that asks nothing, a refund owed.
    refund_missing_told: Vec<String>,
    /// Terms of a question that asks only what now ("Čo s tým?", "was nun?", "what now?"):
    /// after a story, it asks about the story itself.
    what_now: Vec<String>,
    /// Terms that close a letter ("S pozdravem", "Kind regards", "З повагою"): what follows
    /// one, asking nothing, is the writer's signature and the mail's footer.
    valediction: Vec<String>,
    /// Terms of asking for advice or a recommendation (which coffee, what grind, does it
    /// fit): one or more word beginnings, in a row. No FAQ answer gives advice.
    advice: Vec<String>,
    /// Terms of checking that someone is there ("anyone there?", "jest tam ktoś?"): one or
    /// more word beginnings, in a row. A message of them alone is a greeting.
    presence: Vec<String>,
    /// Terms of saying that two things are asked ("zwei Fragen"): one or more word
    /// beginnings, in a row.
    two_things: Vec<String>,
    /// Terms of "by the way": another matter, when a part from there on asks.
    by_the_way: Vec<String>,
    /// Terms of announcing one more question ("ще питання", "noch eine Frage"): one or more
    /// word beginnings, in a row.
    another_question: Vec<String>,
    /// Terms of asking when ("kdy", "ab welcher Uhrzeit"), at the start of a question.
    time_questions: Vec<String>,
    /// Terms naming a day, a part of the day, a holiday or an hour ("v sobotu", "heute
    /// abend", "paasmaandag"): beside the team answering, the team's hours asked.
    time_named: Vec<String>,
    /// Terms of the team answering, reading, working or being there ("odpovie mi dakto",
    /// "is er iemand", "на зв'язку").
    team_answers: Vec<String>,
    /// Terms of having returned something already ("vrátila jsem ho", "ich habe sie
    /// zurückgeschickt"): one or more word beginnings, in a row. Money asked about then is
    /// owed for a return made, not part of one to make.
    sent_back: Vec<String>,
    /// Terms of having sent something ("poslal jsem", "I have sent"): beside a word of going
    /// `back`, something sent back.
    sent: Vec<String>,
    /// Word beginnings of going back ("zpátky", "terug", "назад").
    back: Vec<String>,
    /// Word beginnings of an advert or an influencer (among the offer's words): seen by a
    /// customer, told beside an ordinary question, where they found the shop.
    advert_seen: Vec<String>,
    /// Terms of seeing an advert, or of the shop's or that post, before its word: seen.
    advert_seen_after: Vec<String>,
    /// Terms of not knowing whether ("nevím, jestli", "nie wiem czy", "not sure if"): before
    /// an "or" (`or_words`), the customer's doubt which kind of matter theirs is.
    unsure_which: Vec<String>,
    /// Words of "or", whole ("nebo", "czy", "oder").
    or_words: Vec<String>,
    /// Question words that ask yes or no ("můžu", "czy", "можна", "kann", "can"), whole.
    yes_no_questions: Vec<String>,
    /// Words of a question tag ("že jo", "right", "oder", "так"), whole.
    question_tags: Vec<String>,
    /// Question tags that close a message ("ok?", "passt das?"), whole parts.
    closing_tags: Vec<String>,
    /// Terms of the return as a thing ("retourpakket", "paczka zwrotna", "Rücksendung"):
    /// beside `return_went`, a return made.
    return_parcel: Vec<String>,
    /// Terms of a return's way to the shop ("dotarła do was", "angekommen", "verstuurd",
    /// "weeks ago"): beside `return_parcel`, and after no `condition_words`, a return made.
    return_went: Vec<String>,
    /// Words of a condition or a time ("když", "wenn", "if", "when"): a return that went
    /// after one is a question about one to make.
    condition_words: Vec<String>,
    /// Terms of a parcel and its way ("krabice", "paczka", "arrived", "kurýr"): a broken
    /// thing whose message names none of them broke in use, not on its way.
    in_transit: Vec<String>,
    /// Terms of photos ("fotky", "zdjęcia", "photos"): where to send them, beside a damaged
    /// parcel reported, is the damaged parcel's question.
    photos: Vec<String>,
    /// Terms of a discount code, a voucher or a gift card: one or more word beginnings, in a
    /// row. A person's, unless the page's FAQ answers about them.
    voucher: Vec<String>,
    /// Terms of an advance-fee scam's bait (an inheritance, a lottery): beside `scam_details`,
    /// spam even without a link.
    scam_bait: Vec<String>,
    /// Terms of asking for bank details, in an advance-fee scam.
    scam_details: Vec<String>,
    /// Terms of a message received (a mail, a text): beside a link and `doubt`, or beside a
    /// word of `fraud`, a customer asking whether it is genuine.
    received_message: Vec<String>,
    /// Terms of a link to click.
    link: Vec<String>,
    /// Terms of asking whether something is true or genuine ("klopt dat?", "ist das echt?").
    doubt: Vec<String>,
    /// Terms of fraud ("podvod", "scam", "oplichting").
    fraud: Vec<String>,
    /// Word beginnings of a tracking link: a mail with one asks about the order.
    tracking_link: Vec<String>,
    /// Terms of a public place to complain in (a review site, social media): beside an
    /// `ultimatum`, a threat to go public.
    public_places: Vec<String>,
    /// Terms of an ultimatum ("if", "otherwise"): beside a `public_places` term, a threat to
    /// go public.
    ultimatum: Vec<String>,
    /// Word beginnings of money: money that has not come is a refund owed, not a parcel
    /// missing.
    money: Vec<String>,
    /// Terms of money paid for an order ("abgebucht", "списалися"): money gone out, not owed.
    paid: Vec<String>,
    /// Terms of paying told as the customer's plan ("платитиму карткою", "zahlung läuft über
    /// paypal"): how they pay, said beside another question.
    paying_told: Vec<String>,
    /// Words (whole) of a wish: paying wished for is asked about.
    paying_asked: Vec<String>,
    /// Words (whole) of a payment gone wrong ("zweimal abgebucht").
    paying_gone_wrong: Vec<String>,
    /// Terms of a visit in person (the café, collecting an order oneself): its hours are not
    /// the team's.
    visit: Vec<String>,
    /// Terms of a table or a visit booked: a visit, and a person's where no entry answers
    /// visits.
    booking: Vec<String>,
    /// Word beginnings of a refund: money too, but beside sending something back what it is
    /// for.
    refund: Vec<String>,
    /// Word beginnings of thanks: a message with one that asks nothing is only courtesy.
    courtesy: Vec<String>,
    /// Function words of languages no page supports.
    pub(super) unsupported: Vec<String>,
    /// Word beginnings only Ukrainian written in Latin letters has ("mozhna", "shcho",
    /// "zamovlennia"): two make a message such, to be read back into Cyrillic.
    ukrainian_in_latin: Vec<String>,
    /// Word beginnings of Russian written in Latin letters ("skolko", "spasibo"): such a
    /// message stays as written.
    russian_in_latin: Vec<String>,
    /// Function words, per language, for telling languages apart.
    pub(super) language: HashMap<Language, Vec<String>>,
    /// Words of a supported language's dialects and neighbours that its standard never
    /// writes, per the language they are read as: two or more in one message are a language
    /// no page supports.
    pub(super) dialect: HashMap<Language, Vec<String>>,
    /// Question words, per language.
    questions: HashMap<Language, Vec<String>>,
    /// Verbs that ask when they open a part ("is paypal ok"), per language.
    verb_first: HashMap<Language, Vec<String>>,
    /// Words of a request ("I want", "please"), per language.
    requests: HashMap<Language, Vec<String>>,
}

/// Whether `word` is a question word of `language` (of any, when it is not known).
pub(super) fn is_question_word(word: &str, language: Option<Language>) -> bool {
    SIGNAL_INDEX.questions.has(word, language)
}

/// Whether `word`, opening a part of a message, makes it a question in `language` (in any,
/// when it is not known): a verb put first ("is paypal ok", "nehmt ihr paypal").
pub(super) fn is_verb_first(word: &str, language: Option<Language>) -> bool {
    SIGNAL_INDEX.verb_first.has(word, language)
}

/// Whether `words`, the last part of a message, are a tag that closes it ("ok?", "passt
/// das?", "klopt dat?"): as the last part, no exasperation before more ("I sent it back, ok?
/// where is ...").
pub(super) fn is_closing_tag(words: &[&str]) -> bool {
    !words.is_empty()
        && words.len() <= QUESTION_TAG_WORDS
        && SIGNAL_INDEX.closing_tags.contains(words.join(" ").as_str())
}

/// Whether `words` (a part of a message) are a question tag alone ("že jo", "right", "oder
/// nicht", "чи не так"): at most `QUESTION_TAG_WORDS` of them.
pub(super) fn is_question_tag(words: &[&str]) -> bool {
    !words.is_empty()
        && words.len() <= QUESTION_TAG_WORDS
        && words
            .iter()
            .all(|word| SIGNAL_INDEX.question_tags.contains(*word))
}

/// The words a question tag has at most ("oder nicht", "чи не так").
const QUESTION_TAG_WORDS: usize = 3;

/// Whether `word` asks yes or no ("můžu", "czy", "можна", "can"): unlike "kdy" or "how", it
/// asks nothing the clause before it has not asked.
pub(super) fn is_yes_no_question_word(word: &str) -> bool {
    SIGNAL_INDEX.yes_no_questions.contains(word)
}

/// Whether `word` is a word of a request in `language` (in any, when it is not known).
pub(super) fn is_request_word(word: &str, language: Option<Language>) -> bool {
    SIGNAL_INDEX.requests.has(word, language)
}

/// Czech's and Slovak's sibling: a message of one often borrows the other's words ("chcem
/// vrátit mlýnek"), and a short one is easily read as the other.
fn sibling(language: Language) -> Option<Language> {
    match language {
        Language::Cs => Some(Language::Sk),
        Language::Sk => Some(Language::Cs),
        _ => None,
    }
}

/// Words per language, and of all languages together.
#[derive(Default)]
struct WordSets {
    of: HashMap<Language, HashSet<String, FastHash>>,
    any: HashSet<String, FastHash>,
}

impl WordSets {
    fn of(lists: &HashMap<Language, Vec<String>>) -> WordSets {
        let mut sets = WordSets::default();
        for (language, words) in lists {
            sets.of
                .entry(*language)
                .or_default()
                .extend(words.iter().cloned());
            sets.any.extend(words.iter().cloned());
        }
        sets
    }

    /// Whether `language`'s words, or its sibling's (`sibling`), have `word`; any language's
    /// when it is not known.
    fn has(&self, word: &str, language: Option<Language>) -> bool {
        match language {
            Some(language) => std::iter::once(language)
                .chain(sibling(language))
                .any(|language| self.of.get(&language).is_some_and(|s| s.contains(word))),
            None => self.any.contains(word),
        }
    }
}

/// The signal lists, indexed for lookups.
#[derive(Default)]
struct SignalIndex {
    /// Anger stems by their first letter, each with its words (split once, here).
    anger: HashMap<char, Vec<(String, Vec<String>)>, FastHash>,
    person: HashSet<String, FastHash>,
    /// Terms of the way to a person, indexed as the offer terms.
    person_way_terms: TermIndex,
    offer_words: HashSet<String, FastHash>,
    /// Offer terms (their word beginnings), by the first letter of the first one: a message
    /// word is checked against the few terms that can start there.
    offer_terms: TermIndex,
    /// Privacy terms, indexed as the offer terms.
    privacy_terms: TermIndex,
    /// Removal terms and terms of kept data, indexed as the offer terms.
    removal_terms: TermIndex,
    kept_data_terms: TermIndex,
    /// Advice terms, indexed as the offer terms.
    advice_terms: TermIndex,
    /// Quote terms, indexed as the offer terms.
    quote_terms: TermIndex,
    /// Unrelated terms, indexed as the offer terms.
    unrelated_terms: TermIndex,
    /// Weather, a bad day's and who-pays terms, indexed as the offer terms.
    weather_terms: TermIndex,
    travel_terms: TermIndex,
    packaging_terms: TermIndex,
    bad_day_terms: TermIndex,
    who_pays_terms: TermIndex,
    exchange_terms: TermIndex,
    before_sending_terms: TermIndex,
    before_conjunction_terms: TermIndex,
    dispatch_terms: TermIndex,
    received_goods_terms: TermIndex,
    ukrainian_in_latin_terms: TermIndex,
    russian_in_latin_terms: TermIndex,
    exchange_aside_terms: TermIndex,
    number_asked_terms: TermIndex,
    twice_terms: TermIndex,
    charges_terms: TermIndex,
    charged_twice_terms: TermIndex,
    two_of: HashSet<String, FastHash>,
    same_as_terms: TermIndex,
    payments_counted_terms: TermIndex,
    payment_words_terms: TermIndex,
    one_order_terms: TermIndex,
    paid_once_terms: TermIndex,
    refund_missing_terms: TermIndex,
    refund_missing_told_terms: TermIndex,
    what_now_terms: TermIndex,
    valediction_terms: TermIndex,
    /// Anger stems that also describe a day, normalized.
    weather_moods: Vec<String>,
    /// Terms of the customer's own question or luck, indexed as the offer terms.
    own_question_terms: TermIndex,
    /// Presence terms, indexed as the offer terms.
    presence_terms: TermIndex,
    /// Terms of two things asked, indexed as the offer terms.
    two_things_terms: TermIndex,
    /// Terms of money paid, indexed as the offer terms.
    paid_terms: TermIndex,
    /// Terms of paying told as a plan, indexed as the offer terms.
    paying_told_terms: TermIndex,
    /// Whole words of a wish.
    paying_asked: HashSet<String, FastHash>,
    /// Whole words of a payment gone wrong.
    paying_gone_wrong: HashSet<String, FastHash>,
    /// Terms of a visit in person, indexed as the offer terms.
    visit_terms: TermIndex,
    booking_terms: TermIndex,
    /// "By the way" terms, indexed as the offer terms.
    by_the_way_terms: TermIndex,
    /// Terms of one more question announced, indexed as the offer terms.
    another_question_terms: TermIndex,
    /// Terms of asking when, indexed as the offer terms.
    time_question_terms: TermIndex,
    time_named_terms: TermIndex,
    team_answers_terms: TermIndex,
    /// Terms of having sent something back, and of having sent something, indexed as the
    /// offer terms.
    sent_back_terms: TermIndex,
    sent_terms: TermIndex,
    return_parcel_terms: TermIndex,
    advert_seen_after_terms: TermIndex,
    unsure_which_terms: TermIndex,
    return_went_terms: TermIndex,
    /// Terms of a parcel and its way, indexed as the offer terms.
    in_transit_terms: TermIndex,
    /// Terms of photos, indexed as the offer terms.
    photos_terms: TermIndex,
    /// Voucher terms and the two halves of a scam, indexed as the offer terms.
    voucher_terms: TermIndex,
    scam_bait_terms: TermIndex,
    scam_details_terms: TermIndex,
    /// A message received, a link, doubt and fraud, indexed as the offer terms.
    received_message_terms: TermIndex,
    link_terms: TermIndex,
    doubt_terms: TermIndex,
    fraud_terms: TermIndex,
    /// Public places and ultimatums, indexed as the offer terms.
    public_places_terms: TermIndex,
    ultimatum_terms: TermIndex,
    /// Phishing terms as written (for the signals named) with their word beginnings: a fee to
    /// pay, and pressure.
    phishing_money: Vec<(String, Vec<String>)>,
    phishing_urgency: Vec<(String, Vec<String>)>,
    phishing_rebook: Vec<(String, Vec<String>)>,
    impersonated_brands: HashSet<String, FastHash>,
    brand_domains: Vec<String>,
    link_shorteners: Vec<String>,
    courtesy: Vec<String>,
    questions: WordSets,
    verb_first: WordSets,
    /// `yes_no_questions`, for a lookup per question word.
    yes_no_questions: HashSet<String, FastHash>,
    /// `question_tags`, for a lookup per word.
    question_tags: HashSet<String, FastHash>,
    /// `closing_tags`, for a lookup per part's words joined by a space.
    closing_tags: HashSet<String, FastHash>,
    requests: WordSets,
}

static SIGNAL_INDEX: std::sync::LazyLock<SignalIndex> = std::sync::LazyLock::new(|| {
    let Ok(signals) = SIGNALS.as_ref() else {
        return SignalIndex::default();
    };
    let mut anger: HashMap<char, Vec<(String, Vec<String>)>, FastHash> = HashMap::default();
    for stem in &signals.anger {
        // Normalized as the message is ("хуй" is "хуи"), its words kept apart.
        let words = normalize(stem);
        let stem = words.join(" ");
        if let Some(first) = stem.chars().next() {
            anger.entry(first).or_default().push((stem, words));
        }
    }
    let terms_of = TermIndex::of;
    let offer_terms = terms_of(&signals.offer_beginnings);
    let privacy_terms = terms_of(&signals.privacy);
    let removal_terms = terms_of(&signals.removal);
    let kept_data_terms = terms_of(&signals.kept_data);
    let advice_terms = terms_of(&signals.advice);
    let quote_terms = terms_of(&signals.quote);
    let unrelated_terms = terms_of(&signals.unrelated);
    let presence_terms = terms_of(&signals.presence);
    let two_things_terms = terms_of(&signals.two_things);
    let another_question_terms = terms_of(&signals.another_question);
    let time_question_terms = terms_of(&signals.time_questions);
    let sent_back_terms = terms_of(&signals.sent_back);
    let sent_terms = terms_of(&signals.sent);
    let return_parcel_terms = terms_of(&signals.return_parcel);
    let advert_seen_after_terms = terms_of(&signals.advert_seen_after);
    let unsure_which_terms = terms_of(&signals.unsure_which);
    let return_went_terms = terms_of(&signals.return_went);
    let in_transit_terms = terms_of(&signals.in_transit);
    let photos_terms = terms_of(&signals.photos);
    let voucher_terms = terms_of(&signals.voucher);
    let scam_bait_terms = terms_of(&signals.scam_bait);
    let scam_details_terms = terms_of(&signals.scam_details);
    let received_message_terms = terms_of(&signals.received_message);
    let link_terms = terms_of(&signals.link);
    let doubt_terms = terms_of(&signals.doubt);
    let fraud_terms = terms_of(&signals.fraud);
    let public_places_terms = terms_of(&signals.public_places);
    let ultimatum_terms = terms_of(&signals.ultimatum);
    let listed = |list: &[String]| {
        list.iter()
            .map(|term| (term.clone(), normalize(term)))
            .filter(|(_, beginnings)| !beginnings.is_empty())
            .collect()
    };
    SignalIndex {
        anger,
        person: signals.person.iter().cloned().collect(),
        person_way_terms: terms_of(&signals.person_way),
        offer_words: signals.offer_words.iter().cloned().collect(),
        offer_terms,
        privacy_terms,
        removal_terms,
        kept_data_terms,
        advice_terms,
        quote_terms,
        unrelated_terms,
        weather_terms: terms_of(&signals.weather),
        travel_terms: terms_of(&signals.travel),
        packaging_terms: terms_of(&signals.packaging),
        bad_day_terms: terms_of(&signals.bad_day),
        who_pays_terms: terms_of(&signals.who_pays),
        exchange_terms: terms_of(&signals.exchange),
        before_sending_terms: terms_of(&signals.before_sending),
        before_conjunction_terms: terms_of(&signals.before_conjunctions),
        dispatch_terms: terms_of(&signals.dispatch),
        received_goods_terms: terms_of(&signals.received_goods),
        ukrainian_in_latin_terms: terms_of(&signals.ukrainian_in_latin),
        russian_in_latin_terms: terms_of(&signals.russian_in_latin),
        exchange_aside_terms: terms_of(&signals.exchange_aside),
        number_asked_terms: terms_of(&signals.number_asked),
        twice_terms: terms_of(&signals.twice),
        charges_terms: terms_of(&signals.charges),
        charged_twice_terms: terms_of(&signals.charged_twice),
        two_of: signals.two_of.iter().cloned().collect(),
        same_as_terms: terms_of(&signals.same_as),
        payments_counted_terms: terms_of(&signals.payments_counted),
        payment_words_terms: terms_of(&signals.payment_words),
        one_order_terms: terms_of(&signals.one_order),
        paid_once_terms: terms_of(&signals.paid_once),
        refund_missing_terms: terms_of(&signals.refund_missing),
        refund_missing_told_terms: terms_of(&signals.refund_missing_told),
        what_now_terms: terms_of(&signals.what_now),
        valediction_terms: terms_of(&signals.valediction),
        weather_moods: signals
            .weather_moods
            .iter()
            .map(|stem| normalize(stem).join(" "))
            .collect(),
        own_question_terms: terms_of(&signals.own_question),
        presence_terms,
        two_things_terms,
        by_the_way_terms: terms_of(&signals.by_the_way),
        paid_terms: terms_of(&signals.paid),
        paying_told_terms: terms_of(&signals.paying_told),
        paying_asked: signals.paying_asked.iter().cloned().collect(),
        paying_gone_wrong: signals.paying_gone_wrong.iter().cloned().collect(),
        visit_terms: terms_of(&signals.visit),
        booking_terms: terms_of(&signals.booking),
        another_question_terms,
        time_question_terms,
        time_named_terms: terms_of(&signals.time_named),
        team_answers_terms: terms_of(&signals.team_answers),
        sent_back_terms,
        sent_terms,
        return_parcel_terms,
        advert_seen_after_terms,
        unsure_which_terms,
        return_went_terms,
        in_transit_terms,
        photos_terms,
        voucher_terms,
        scam_bait_terms,
        scam_details_terms,
        received_message_terms,
        link_terms,
        doubt_terms,
        fraud_terms,
        public_places_terms,
        ultimatum_terms,
        phishing_money: listed(&signals.phishing_money),
        phishing_urgency: listed(&signals.phishing_urgency),
        phishing_rebook: listed(&signals.phishing_rebook),
        impersonated_brands: signals
            .impersonated_brands
            .iter()
            .map(|b| b.to_lowercase())
            .collect(),
        brand_domains: signals
            .brand_domains
            .iter()
            .map(|d| d.to_lowercase())
            .collect(),
        link_shorteners: signals
            .link_shorteners
            .iter()
            .map(|d| d.to_lowercase())
            .collect(),
        courtesy: signals.courtesy.iter().flat_map(|c| normalize(c)).collect(),
        questions: WordSets::of(&signals.questions),
        verb_first: WordSets::of(&signals.verb_first),
        yes_no_questions: signals.yes_no_questions.iter().cloned().collect(),
        question_tags: signals.question_tags.iter().cloned().collect(),
        closing_tags: signals.closing_tags.iter().cloned().collect(),
        requests: WordSets::of(&signals.requests),
    }
});

pub(super) static SIGNALS: std::sync::LazyLock<Result<Signals, String>> =
    std::sync::LazyLock::new(|| {
        toml::from_str(include_str!("../../../responses/faq/signals.toml"))
            .map_err(|e| e.to_string())
    });

/// Why a message reads as angry: lexicon stems found, a row of exclamation marks, and beside
/// them capitals (shouting).
/// `all` is the message's normalized words, function words included.
pub(super) fn anger_signals(text: &str, all: &[String]) -> Vec<String> {
    let mut signals: Vec<String> = Vec::new();
    for (i, word) in all.iter().enumerate() {
        let Some(stems) = word.chars().next().and_then(|c| SIGNAL_INDEX.anger.get(&c)) else {
            continue;
        };
        for (stem, parts) in stems {
            // A stem of several words ("rip off") matches word beginnings in a row; as in
            // the lexicon, a word shorter than four letters there is a whole word ("do sadu"
            // is not "dostala sadu").
            let several = parts.len() > 1;
            let mut words = all[i..].iter();
            let found = parts.iter().all(|part| {
                words.next().is_some_and(|w| {
                    if several {
                        term_word_matches(part, w)
                    } else {
                        begins_with(w, part)
                    }
                })
            });
            if found
                && !signals.contains(stem)
                && !describes_the_day(all, i)
                && !has_term_at(&SIGNAL_INDEX.own_question_terms, all, i)
            {
                signals.push(stem.clone());
            }
        }
    }
    // A swear word written with stars ("бл*дська", "sh*t", "f***"): normalizing splits it.
    // Beside another word with stars it is a name masked ("J*** N***", "P***r N***k"), not
    // swearing.
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let starred = |i: usize| tokens.get(i).is_some_and(|t| t.contains('*'));
    if let Some(word) = (0..tokens.len()).find_map(|i| {
        let masked_name = i.checked_sub(1).is_some_and(starred) || starred(i + 1);
        censored_word(tokens[i]).filter(|_| !masked_name)
    }) {
        signals.push(word);
    }
    // "if I get no answer by tomorrow, it all goes on facebook": a threat in any words. A
    // threat asks nothing; "I found you on Instagram, if I order today, when does it come?"
    // is a question.
    if !text.contains('?')
        && names_any_term(&SIGNAL_INDEX.public_places_terms, all)
        && names_any_term(&SIGNAL_INDEX.ultimatum_terms, all)
    {
        signals.push("going public".into());
    }
    if text.contains("!!!")
        || (text.contains("?!") && !all.is_empty() && text.matches('!').count() >= 2)
    {
        signals.push("exclamations".into());
    }
    // Capitals shout beside another sign of anger ("WO BLEIBT MEIN GELD, IHR BETRÜGER!!!");
    // alone they are a way of writing, on a phone or by an older customer ("KOLIK STOJI
    // POSTOVNE DO BRNA"), and the message is read as any other.
    if !signals.is_empty() && is_in_capitals(text) {
        signals.push("shouting".into());
    }
    signals
}

/// How many words either side of a mood word a weather or bad-day term may stand to make it
/// describe the day.
const DAY_WORDS_AROUND: usize = 4;

/// Whether `all[i]` is a mood word (`weather_moods`) that describes the customer's day: a
/// weather or bad-day term stands within `DAY_WORDS_AROUND` words of it ("venku je hnusně,
/// celý den prší", "новини такі жахливі"). Anger at the shop names the shop's doing instead.
fn describes_the_day(all: &[String], i: usize) -> bool {
    let index = &*SIGNAL_INDEX;
    index
        .weather_moods
        .iter()
        .any(|mood| begins_with(&all[i], mood))
        && (i.saturating_sub(DAY_WORDS_AROUND)..all.len().min(i + DAY_WORDS_AROUND + 1)).any(|at| {
            has_term_at(&index.weather_terms, all, at) || has_term_at(&index.bad_day_terms, all, at)
        })
}

/// Whether the message asks who pays the postage of sending something back or of an
/// exchange ("Wer trägt die Rücksendekosten, ich oder Sie?"): a who-pays term beside a
/// return or an exchange, which no returns answer says (`returns_named` tells whether the
/// message names sending something back).
pub(super) fn asks_who_pays_the_return(all: &[String], returns_named: bool) -> bool {
    names_any_term(&SIGNAL_INDEX.who_pays_terms, all)
        && (returns_named || names_any_term(&SIGNAL_INDEX.exchange_terms, all))
}

/// How many different words (markers) of those only Ukrainian written in Latin letters has
/// stand in `words` (normalized), and how many of those only Russian written so has
/// (`ukrainian_in_latin`, `russian_in_latin`: word beginnings, those shorter than four
/// letters whole words).
pub(super) fn latin_ukrainian_and_russian_words(words: &[String]) -> (usize, usize) {
    let index = &*SIGNAL_INDEX;
    let mut ukrainian: Vec<&str> = Vec::new();
    let mut russian: Vec<&str> = Vec::new();
    for i in 0..words.len() {
        for (terms, found) in [
            (&index.ukrainian_in_latin_terms, &mut ukrainian),
            (&index.russian_in_latin_terms, &mut russian),
        ] {
            // One word each, a word shorter than four letters whole ("chy" is not "chyba");
            // two forms of one marker count once.
            let marker = terms_at(terms, words, i)
                .filter_map(|term| term.first())
                .find(|first| term_word_matches(first, &words[i]));
            if let Some(marker) = marker
                && !found.contains(&marker.as_str())
            {
                found.push(marker);
            }
        }
    }
    (ukrainian.len(), russian.len())
}

/// Whether the message exchanges goods it says were received or bought ("prišla včera, dá sa
/// vymeniť za bielu?", "zwarte waterkoker vorige week binnengekregen ... omwisselen voor wit"),
/// or that are still unopened (`unopened`); not beside an order confirmation, an exchange rate
/// or spare parts (`exchange_aside`).
pub(super) fn exchanges_goods_received(all: &[impl AsRef<str>], unopened: bool) -> bool {
    names_any_term(&SIGNAL_INDEX.exchange_terms, all)
        && (unopened || names_any_term(&SIGNAL_INDEX.received_goods_terms, all))
        && !names_any_term(&SIGNAL_INDEX.exchange_aside_terms, all)
}

/// Whether the message swaps something in an order before it is sent ("czy przed wysyłką
/// możecie zamienić mieloną na ziarnistą?"): an action on the order, a person's. An exchange
/// of goods received is a return's.
pub(super) fn swaps_before_sending(all: &[String]) -> bool {
    names_any_term(&SIGNAL_INDEX.exchange_terms, all)
        && names_any_term(&SIGNAL_INDEX.before_sending_terms, all)
}

/// Whether the message says "before" the order is sent, in its own words: a conjunction of
/// before with a word of sending or packing at most `DISPATCH_WITHIN` words after it ("zanim
/// kurier je zabierze", "bevor sie rausgeht", "before it leaves the warehouse"). Beside an
/// order of the customer's, what is asked then is an action on that order, a person's.
pub(super) fn says_before_sending(all: &[impl AsRef<str>]) -> bool {
    (0..all.len())
        .filter(|at| has_term_at(&SIGNAL_INDEX.before_conjunction_terms, all, *at))
        .any(|at| {
            let after = at.saturating_add(1)..all.len().min(at.saturating_add(DISPATCH_WITHIN + 1));
            after
                .into_iter()
                .any(|next| has_term_at(&SIGNAL_INDEX.dispatch_terms, all, next))
        })
}

/// Whether a word of the message begins like one of tracking ("track", "sledování",
/// "відстеження"): the mail with the tracking link, the order's status.
pub(super) fn names_tracking(all: &[String]) -> bool {
    SIGNALS.as_ref().is_ok_and(|signals| {
        signals
            .tracking_link
            .iter()
            .any(|track| some_word_begins_with(all, track))
    })
}

/// How far after a conjunction of before a word of sending may stand ("než ji odešlete",
/// "zanim kurier je zabierze", "before it's dispatched").
const DISPATCH_WITHIN: usize = 3;

/// Where in `words` a term of a phone number or an e-mail address starts
/// ("Telefoonnummer graag", "wie ist eure Telefonnummer?").
pub(super) fn number_asked_at<'w>(words: &'w [&str]) -> impl Iterator<Item = usize> + 'w {
    (0..words.len()).filter(|at| has_term_at(&SIGNAL_INDEX.number_asked_terms, words, *at))
}

/// How far apart, in words, "twice" and the money taken may stand ("mir wurde der Betrag
/// zweimal von der Kreditkarte abgebucht").
const CHARGED_TWICE_WITHIN: usize = 5;

/// Whether `words` say the customer was charged twice ("Mir wurde der Betrag zweimal
/// abgebucht!", "bank shows 2 identical payments for 57741"): a term that says so, or a term
/// of twice near money taken. Money owed back, a person's.
pub(super) fn says_charged_twice(words: &[impl AsRef<str>]) -> bool {
    names_any_term(&SIGNAL_INDEX.charged_twice_terms, words)
        || counts_two_payments(words)
        || (0..words.len())
            .filter(|at| has_term_at(&SIGNAL_INDEX.twice_terms, words, *at))
            .any(|at| {
                let near = at.saturating_sub(CHARGED_TWICE_WITHIN)
                    ..words.len().min(at.saturating_add(CHARGED_TWICE_WITHIN + 1));
                near.into_iter().any(|other| money_taken_at(words, other))
            })
}

/// Words before "two" that split a payment into two ("na dve platby", "into two payments",
/// "in zwei Zahlungen"): instalments asked for, not payments counted.
const SPLIT_INTO: &[&str] = &[
    "na", "into", "in", "w", "we", "mit", "do", "op", "with", "met", "на", "в", "у",
];

/// Whether `words` count two of `terms` (payments or charges): "two" (a whole word, not after
/// `SPLIT_INTO`), then at once the payments or after a word of sameness ("dve totožné platby";
/// not "dva způsoby platby", two ways of paying, nor "two days after payments").
fn counts_two(words: &[impl AsRef<str>], terms: &TermIndex) -> bool {
    (0..words.len())
        .filter(|at| SIGNAL_INDEX.two_of.contains(words[*at].as_ref()))
        .filter(|at| {
            at.checked_sub(1)
                .is_none_or(|before| !SPLIT_INTO.contains(&words[before].as_ref()))
        })
        .any(|at| {
            let next = at.saturating_add(1);
            next < words.len()
                && (has_term_at(terms, words, next)
                    || (has_term_at(&SIGNAL_INDEX.same_as_terms, words, next)
                        && next.saturating_add(1) < words.len()
                        && has_term_at(terms, words, next.saturating_add(1))))
        })
}

/// Whether `words` count two charges ("два однакових списання") or two payments for one order
/// ("dve platby po 1290 za jednu objednávku"); two payments alone are also instalments ("can i
/// split it into two payments of 40 euros?").
fn counts_two_payments(words: &[impl AsRef<str>]) -> bool {
    counts_two(words, &SIGNAL_INDEX.charges_terms) || counts_payments_for_one_order(words, words)
}

/// Whether `words` (a part of a message) count two payments, and `all` (the message) says
/// there was one order ("v bankovnictví vidím dvě platby po 459 Kč, objednávku mám ale jen
/// jednu").
pub(super) fn counts_payments_for_one_order(
    words: &[impl AsRef<str>],
    all: &[impl AsRef<str>],
) -> bool {
    counts_two(words, &SIGNAL_INDEX.payments_counted_terms)
        && names_any_term(&SIGNAL_INDEX.one_order_terms, all)
}

/// Whether `words` say the customer paid or clicked only once ("nur einmal", "iba raz"): told
/// in a part that asks nothing, beside a charge (`names_a_charge`), charged twice.
pub(super) fn says_paid_once(words: &[impl AsRef<str>]) -> bool {
    names_any_term(&SIGNAL_INDEX.paid_once_terms, words)
}

/// Whether the message names money taken ("abgebucht", "afboekingen"), a charge twice, or
/// twice beside an amount it writes (`amount`: "zweimal mit je 34,50 €"); not twice alone ("ich
/// habe zweimal angerufen").
pub(super) fn names_a_charge(all: &[impl AsRef<str>], amount: bool) -> bool {
    names_any_term(&SIGNAL_INDEX.charges_terms, all)
        || names_any_term(&SIGNAL_INDEX.charged_twice_terms, all)
        || (amount && names_any_term(&SIGNAL_INDEX.twice_terms, all))
        || counts_two(all, &SIGNAL_INDEX.payments_counted_terms)
}

/// Whether `words` say not a coin of the money has come back ("maar geen cent teruggezien"):
/// told in a part that asks nothing, a refund owed.
pub(super) fn says_no_coin_back(words: &[impl AsRef<str>]) -> bool {
    names_any_term(&SIGNAL_INDEX.refund_missing_told_terms, words)
}

/// Whether the message says money back has not come, in words that say both the money and
/// its absence ("przelewu zwrotnego brak", "my bank account still shows nothing"): a refund
/// owed, a person's.
pub(super) fn says_refund_missing(all: &[String]) -> bool {
    names_any_term(&SIGNAL_INDEX.refund_missing_terms, all)
}

/// Whether `words` (a part of a message) ask only what now ("Čo s tým?", "what now?"): a
/// `what_now` term is all of them.
pub(super) fn asks_only_what_now(words: &[impl AsRef<str>]) -> bool {
    !words.is_empty()
        && terms_at(&SIGNAL_INDEX.what_now_terms, words, 0).any(|term| term.len() == words.len())
}

/// Whether the customer says money was taken (`paid` or `charges`, "strhli ste mi", "pobrał"):
/// near an amount or a payment counted twice (`counts_twice`), a customer charged twice.
pub(super) fn says_money_taken(words: &[impl AsRef<str>]) -> bool {
    (0..words.len()).any(|at| money_taken_at(words, at))
}

/// Whether a term of money taken (`paid` or `charges`) starts at `words[at]`.
fn money_taken_at(words: &[impl AsRef<str>], at: usize) -> bool {
    has_term_at(&SIGNAL_INDEX.paid_terms, words, at)
        || has_term_at(&SIGNAL_INDEX.charges_terms, words, at)
}

/// Whether a term that closes a letter ("S pozdravem", "Kind regards") starts at `all[i]`.
pub(super) fn closes_a_letter(all: &[String], i: usize) -> bool {
    has_term_at(&SIGNAL_INDEX.valediction_terms, all, i)
}

/// Topics that a part asking about them takes out of every answer's reach, while told as
/// the customer's story they are none of the matter.
#[derive(Debug, Clone, Copy)]
pub(super) enum AskedTopic {
    /// The weather: unrelated to the shop.
    Weather,
    /// A traveller's question (trains running, a festival, where to stay): unrelated.
    Travel,
    /// What the packaging is made of, recycling: a product question no answer says.
    Packaging,
}

/// Where in `all` the terms of `topic` start.
pub(super) fn topic_at(
    topic: AskedTopic,
    all: &[impl AsRef<str>],
) -> impl Iterator<Item = usize> + '_ {
    let terms = match topic {
        AskedTopic::Weather => &SIGNAL_INDEX.weather_terms,
        AskedTopic::Travel => &SIGNAL_INDEX.travel_terms,
        AskedTopic::Packaging => &SIGNAL_INDEX.packaging_terms,
    };
    (0..all.len()).filter(move |at| has_term_at(terms, all, *at))
}

/// Whether a message of some length is written in capitals (at least 85 % of its letters).
fn is_in_capitals(text: &str) -> bool {
    let (letters, upper) = text
        .chars()
        .filter(|c| c.is_alphabetic())
        .fold((0usize, 0usize), |(letters, upper), c| {
            (letters + 1, upper + usize::from(c.is_uppercase()))
        });
    letters >= 12 && upper.saturating_mul(20) >= letters.saturating_mul(17)
}

/// The hosts of the links in a message that are not the page's own, each once, in the order
/// they first appear.
pub(super) fn foreign_links(text: &str, own_domains: &[String]) -> Vec<String> {
    let mut hosts: Vec<String> = Vec::new();
    let found = text.split_whitespace().filter_map(|token| {
        // A host has a dot (checked before anything is copied).
        if !token.contains('.') {
            return None;
        }
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
            })
            .or_else(|| is_bare_host(&token).then_some(token.as_str()))?;
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
        let own = own_domains.iter().any(|d| is_at_or_under(&host, d));
        (!own).then_some(host)
    });
    for host in found {
        if !hosts.contains(&host) {
            hosts.push(host);
        }
    }
    hosts
}

/// Why a message reads as phishing: a foreign link with both a fee to pay and pressure (a
/// deadline, a held parcel, a delivery to book again beside an amount, a prize won in a
/// message that asks nothing, a site dressed up as a courier's or as the shop's own). `all`
/// is the message's normalized words; `shop_names` the names of the shop's own domains
/// (`shop_handle_names`).
pub(super) fn phishing_signals(
    tokens: &[(&str, Vec<String>)],
    links: &[String],
    all: &[String],
    shop_names: &[String],
) -> Option<Vec<String>> {
    // A courier's own site is where a customer tracks a parcel, not where phishing leads
    // ("the tracking on dhl.de asks me to pay a fee").
    let links: Vec<&String> = links
        .iter()
        .filter(|host| !is_a_couriers_own_site(host))
        .collect();
    if links.is_empty() {
        return None;
    }
    let found = |list: &[(String, Vec<String>)]| terms_found(list, all);
    let (mut money, mut urgency) = (
        found(&SIGNAL_INDEX.phishing_money),
        found(&SIGNAL_INDEX.phishing_urgency),
    );
    if let Some(deadline) = hours_written_short(tokens) {
        urgency.push(deadline);
    }
    // A prize won is the bait that a fee behind a link cashes in ("boli ste vybraný ako víťaz
    // ... uhraďte poštovné 1 € cez odkaz ..."), in a message that asks nothing; a prize word
    // that is the fee already ("you won") is no pressure besides.
    let asks = tokens.iter().any(|(token, _)| token.contains('?'));
    if !asks {
        urgency.extend(
            (0..all.len())
                .flat_map(|i| terms_at(&SIGNAL_INDEX.scam_bait_terms, all, i))
                .map(|term| term.join(" "))
                .filter(|bait| !money.contains(bait)),
        );
    }
    // A delivery to book again is pressure beside an amount written out ("Reschedule for
    // £0.99 at ..."): a customer quoting the courier's own page names none. The amount is
    // then the fee, also when the customer asks about the text ("neue Zustellung gegen
    // 1,99 € buchen: ... gehört das zu eurer Lieferung?"), unless they say they paid it
    // ("I rescheduled it on their site and paid £3.50, can you refund that?").
    if let Some(amount) = amount_written(tokens) {
        let rebook = found(&SIGNAL_INDEX.phishing_rebook);
        if !rebook.is_empty() && money.is_empty() && !says_paid(all) {
            money.push(amount);
        }
        urgency.extend(rebook);
    }
    // A site dressed up as a courier's ("np-dostavka.top") is pressure of its own: the real
    // courier's site is the name alone under a top-level domain ("dhl.de").
    // So is a site dressed up as the shop's own ("zvonu-actie.nl" for "kavarnauzvonu.cz").
    urgency.extend(
        links
            .iter()
            .filter(|host| borrows_a_brand(host) || borrows_the_shops_name(host, shop_names))
            .map(|host| format!("lookalike:{host}")),
    );
    // So is a link through a shortener, which hides where it leads, beside a fee's own words
    // ("kliknąć w tinyurl.com/odbior-pl i podać kartę"; an amount alone is no fee here).
    let fee_named = !money.is_empty();
    urgency.extend(
        links
            .iter()
            .filter(|host| {
                fee_named
                    && SIGNAL_INDEX
                        .link_shorteners
                        .iter()
                        .any(|s| is_at_or_under(host, s))
            })
            .map(|host| format!("shortened:{host}")),
    );
    // An amount counts as the fee in a message that asks nothing: a customer asks about a
    // price seen elsewhere ("I saw it for €30 on amazon.de, can you match it?").
    if !asks
        && let Some(amount) = amount_written(tokens)
        && !money.contains(&amount)
    {
        money.push(amount);
    }
    if money.is_empty() || urgency.is_empty() {
        return None;
    }
    let mut signals: Vec<String> = links.iter().map(|l| format!("link:{l}")).collect();
    signals.extend(money);
    signals.extend(urgency);
    Some(signals)
}

/// Whether `host` (lowercase, no "www.") carries a courier's or a payment service's name
/// without being its site: the name is one of the host's hyphen- or dot-separated pieces, the
/// host is none of the brands' own domains (`brand_domains`: "gls-group.eu"), and its
/// `registered_name` is not the name itself under an ending that is not a throwaway one
/// ("dhl.de", "tracking.dpd.de" and "royalmail.co.uk" are the couriers'; "dhl-redelivery-eu.info",
/// "gls-sk-track.com", "dhl.de-paket.info", "inpost.win" and "ups.co.delivery" are not).
fn borrows_a_brand(host: &str) -> bool {
    let index = &*SIGNAL_INDEX;
    let brands = &index.impersonated_brands;
    if !host.split(['.', '-']).any(|piece| brands.contains(piece)) {
        return false;
    }
    !is_a_brands_own_site(host)
}

/// Whether `host` is a courier's or a payment service's own site: under one of their own
/// domains (`brand_domains`), or registered under the name alone with an ending that is not a
/// throwaway one ("dhl.de", "tracking.dpd.de", "royalmail.co.uk"; not "dhl.top").
fn is_a_brands_own_site(host: &str) -> bool {
    let index = &*SIGNAL_INDEX;
    if index.brand_domains.iter().any(|d| is_at_or_under(host, d)) {
        return true;
    }
    let ending = host.rsplit('.').next().unwrap_or_default();
    registered_name(host).is_some_and(|name| {
        index.impersonated_brands.contains(name) && !THROWAWAY_ENDINGS.contains(&ending)
    })
}

/// Whether `host` is a courier's own site (`is_a_brands_own_site`), not a payment service's or
/// a marketplace's, whose pages anyone can make ("paypal.me/x"), nor one of a name as short or
/// common as "post" or "np".
fn is_a_couriers_own_site(host: &str) -> bool {
    const NOT_COURIERS: &[&str] = &[
        "paypal", "amazon", "ebay", "revolut", "klarna", "allegro", "post", "posta", "np",
    ];
    is_a_brands_own_site(host)
        && registered_name(host).is_none_or(|name| !NOT_COURIERS.contains(&name))
}

/// Whether a foreign `host` carries the shop's own name: a piece of it (between dots and
/// hyphens, its ending aside) of five letters or more is part of one of `shop_names` (the
/// names the shop's own domains are registered under, `shop_handle_names`: "zvonu-actie.nl"
/// beside "kavarnauzvonu"), or that name is part of it. (A shop named by a common word,
/// "coffeeshop.cz", takes "coffee-direct.de" for a lookalike too; phishing still needs a fee
/// beside it.)
fn borrows_the_shops_name(host: &str, shop_names: &[String]) -> bool {
    const SHORTEST_PIECE: usize = 5;
    let without_ending = host.rsplit_once('.').map_or(host, |(rest, _)| rest);
    shop_names
        .iter()
        .map(String::as_str)
        .filter(|name| name.chars().count() >= SHORTEST_PIECE)
        .any(|name| {
            without_ending.contains(name)
                || without_ending
                    .split(['.', '-'])
                    .any(|piece| piece.chars().count() >= SHORTEST_PIECE && name.contains(piece))
        })
}

/// Endings of throwaway sites: a courier's name alone under one is not its site.
const THROWAWAY_ENDINGS: &[&str] = &[
    "top", "xyz", "click", "online", "site", "link", "live", "win", "vip", "help", "support",
    "delivery", "express", "icu", "cc", "shop", "store", "info", "biz", "pro",
];

/// Whether `host` is `domain` or a host under it ("track.dhl.de" under "dhl.de"; not
/// "evil-dhl.de").
fn is_at_or_under(host: &str, domain: &str) -> bool {
    host.strip_suffix(domain)
        .is_some_and(|rest| rest.is_empty() || rest.ends_with('.'))
}

/// The name a host is registered under: the label before its ending, or before a second
/// level under a country's ending ("royalmail" for "parcel.royalmail.co.uk", "dpd" for
/// "dpd.com.pl"; but "co" for "ups.co.delivery" and "com" for "dhl.com.top").
pub(super) fn registered_name(host: &str) -> Option<&str> {
    let labels: Vec<&str> = host.split('.').collect();
    let [.., second, ending] = labels.as_slice() else {
        return None;
    };
    let under_country =
        ending.len() == 2 && matches!(*second, "co" | "com" | "org" | "net" | "gov" | "ac" | "edu");
    let at = labels
        .len()
        .checked_sub(if under_country { 3 } else { 2 })?;
    labels.get(at).copied().filter(|name| !name.is_empty())
}

/// A deadline in hours written short ("pay in 12h", "do 24 hod.", "binnen 48 uur"), which
/// normalizing (no digits) loses: the first one, as written. `tokens` are the message's, as
/// written, with their normalized words.
fn hours_written_short(tokens: &[(&str, Vec<String>)]) -> Option<String> {
    fn trim(token: &str) -> &str {
        token.trim_matches(|c: char| !c.is_alphanumeric())
    }
    tokens.iter().enumerate().find_map(|(at, (token, _))| {
        let token = trim(token);
        let digits = token.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        // The unit right after the number ("12h") or as the next word ("24 hod").
        let unit = match token.get(digits..).filter(|rest| !rest.is_empty()) {
            Some(rest) => rest,
            None => trim(tokens.get(at + 1)?.0),
        }
        .to_lowercase();
        HOUR_UNITS
            .contains(&unit.as_str())
            .then(|| format!("{}{unit}", &token[..digits]))
    })
}

/// Hours written short, in the seven languages.
const HOUR_UNITS: &[&str] = &["h", "hrs", "hod", "godz", "std", "uur", "год"];

/// An amount of money written with its currency ("£0.99", "0,99 €", "1.99 EUR", "19 zł"),
/// which normalizing (no digits, no symbols) loses: the first one, as written. A fee to pay,
/// in phishing ("Rebook your delivery for £0.99 here: ..."). `tokens` are the message's, as
/// written, with their normalized words.
fn amount_written(tokens: &[(&str, Vec<String>)]) -> Option<String> {
    tokens.iter().enumerate().find_map(|(at, (token, _))| {
        if !token.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let symbol = token.chars().any(|c| CURRENCY_SYMBOLS.contains(&c));
        let unit = || {
            tokens.get(at + 1).is_some_and(|(next, _)| {
                let next = next
                    .trim_matches(|c: char| !c.is_alphanumeric() && !CURRENCY_SYMBOLS.contains(&c));
                CURRENCY_WORDS.contains(&next.to_lowercase().as_str())
            })
        };
        (symbol || unit()).then(|| (*token).to_owned())
    })
}

/// Whether the message writes an amount of money with its currency ("€54,90", "£68.50").
pub(super) fn names_an_amount(tokens: &[(&str, Vec<String>)]) -> bool {
    amount_written(tokens).is_some()
}

/// Whether the message counts a charge twice in digits, which normalizing loses: "2x", "2×"
/// or "2" before a word for times ("2 x", "2 razy", "2 keer"), then an amount with its
/// currency ("2x 47,80 €", "2 razy 186 zł"; not "2x 250 g" or "2 mal bestellt"), or "2x"
/// before a payment word (`payment_words`: "2x płatność"), with money taken
/// (`says_money_taken`) within `CHARGED_TWICE_WITHIN` tokens of the count ("strhli ste mi z
/// účtu 2x 47,80 €").
pub(super) fn counts_twice(tokens: &[(&str, Vec<String>)]) -> bool {
    let bare = |token: &str| {
        token
            .trim_matches(|c: char| c.is_ascii_punctuation())
            .to_lowercase()
    };
    let amount_from = |from: usize| {
        tokens
            .get(from..tokens.len().min(from.saturating_add(2)))
            .is_some_and(|next| amount_written(next).is_some())
    };
    tokens.iter().enumerate().any(|(at, (token, _))| {
        let next = at.saturating_add(1);
        let counted = match bare(token).as_str() {
            "2x" | "2×" | "x2" | "×2" => {
                amount_from(next)
                    || tokens.get(next).is_some_and(|(_, words)| {
                        !words.is_empty()
                            && has_term_at(&SIGNAL_INDEX.payment_words_terms, words, 0)
                    })
            }
            "2" => {
                tokens
                    .get(next)
                    .is_some_and(|(times, _)| TIMES_WORDS.contains(&bare(times).as_str()))
                    && amount_from(next.saturating_add(1))
            }
            _ => false,
        };
        counted && {
            let near = tokens
                .get(
                    at.saturating_sub(CHARGED_TWICE_WITHIN)
                        ..tokens
                            .len()
                            .min(at.saturating_add(CHARGED_TWICE_WITHIN + 1)),
                )
                .unwrap_or_default();
            let words: Vec<&str> = near
                .iter()
                .flat_map(|(_, words)| words.iter().map(String::as_str))
                .collect();
            says_money_taken(&words)
        }
    })
}

/// Words for times after a count ("2 razy"), lower case as written.
const TIMES_WORDS: &[&str] = &[
    "x", "×", "krat", "krát", "razy", "keer", "mal", "times", "рази",
];

/// Currency symbols, and currency words written after an amount, of the shop's markets.
const CURRENCY_SYMBOLS: &[char] = &['€', '£', '$', '₴'];
const CURRENCY_WORDS: &[&str] = &[
    "€",
    "£",
    "$",
    "₴",
    "eur",
    "euro",
    "zł",
    "zl",
    "pln",
    "kč",
    "kc",
    "czk",
    "грн",
    "uah",
    "gbp",
    "usd",
    "євро",
    "евро",
    "гривень",
    "гривні",
    "гривен",
    "korun",
    "zlotych",
    "złotych",
];

/// Why a message without a link reads as an advance-fee scam: a bait (an inheritance, a
/// lottery) beside a request for bank details ("unclaimed inheritance ... reply with your bank
/// details"). The terms found, or none when it does not.
pub(super) fn scam_signals(all: &[String]) -> Option<Vec<String>> {
    let found = |terms| -> Vec<String> {
        (0..all.len())
            .flat_map(|i| terms_at(terms, all, i))
            .map(|term| term.join(" "))
            .collect()
    };
    let bait = found(&SIGNAL_INDEX.scam_bait_terms);
    let details = found(&SIGNAL_INDEX.scam_details_terms);
    (!bait.is_empty() && !details.is_empty()).then(|| [bait, details].concat())
}

/// A word written with stars for some of its letters, as swear words are censored: letters,
/// then stars, then letters ("sh*t", "k*rwa") or stars alone to its end after at least two
/// ("f***", after at most three letters); not a footnote's stars ("free shipping**"), stars
/// around a word ("*urgent*") nor German's gender star ("Mitarbeiter*innen", "jede*r").
fn censored_word(token: &str) -> Option<String> {
    let word = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '*');
    let first_star = word.find('*')?;
    let (letters, rest) = word.split_at(first_star);
    let after = rest.trim_start_matches('*');
    let stars = rest.len() - after.len();
    let censored = !letters.is_empty()
        && letters.chars().all(char::is_alphabetic)
        && !matches!(
            after.to_lowercase().as_str(),
            "in" | "r" | "e" | "n" | "er" | "en" | "es" | "em"
        )
        && !after.to_lowercase().starts_with("innen")
        && if after.is_empty() {
            stars >= 2 && letters.chars().count() <= 3
        } else {
            after.chars().all(|c| c.is_alphabetic() || c == '*')
        };
    censored.then(|| word.to_lowercase())
}

/// Whether the customer asks if a message they received is genuine ("kreeg een mail van
/// 'DHL' dat ik invoerrechten moet betalen via een link, klopt dat?", "dostala jsem SMS od
/// Zásilkovny, není to podvod?"): a message received, beside a link and doubt, or beside a
/// word of fraud. A person's: no entry answers whether a mail is real. `foreign_link`: the
/// message itself has a link outside the page's domains ("... inloggen via
/// kavarnauzvonu-verify.com, klopt dat?"), as good as the word "link". Without a link, a fee
/// or the card's details named in the message (`phishing_money`), doubted, are as good (round
/// 39: "prišla mi sms že mám doplatit 42 kč za proclení ... je to od vás??", "... треба
/// підтвердити адресу, ввівши дані картки. Це справжнє?"), unless the customer says they paid
/// ("zaplatila jsem kartou, pak přišel mail o odeslání, je to pravda?").
pub(super) fn doubts_a_message(all: &[String], foreign_link: bool) -> bool {
    let index = &SIGNAL_INDEX;
    if !names_any_term(&index.received_message_terms, all) {
        return false;
    }
    if names_any_term(&index.fraud_terms, all) {
        return true;
    }
    if !names_any_term(&index.doubt_terms, all) {
        return false;
    }
    let linked = (foreign_link || names_any_term(&index.link_terms, all)) && !names_tracking(all);
    // A fee the customer says they paid is their order's story ("zaplatila jsem kartou, pak
    // přišel mail o odeslání, je to pravda?").
    linked
        || (!says_paid(all)
            && index
                .phishing_money
                .iter()
                .any(|(_, beginnings)| named_in(beginnings, all)))
}

/// The terms of `list` (as written, with their word beginnings) that `all` names, their words
/// in a row ("return to sender", "do końca dnia").
fn terms_found(list: &[(String, Vec<String>)], all: &[String]) -> Vec<String> {
    list.iter()
        .filter(|(_, beginnings)| named_in(beginnings, all))
        .map(|(term, _)| term.clone())
        .collect()
}

/// Whether `all` names a term's word `beginnings` somewhere, in a row.
fn named_in(beginnings: &[String], all: &[String]) -> bool {
    (0..all.len()).any(|i| begins_at(beginnings, &all[i..]))
}

/// Whether the message is about a discount code, a voucher or a gift card: a person's (which
/// code works, whether two combine) unless the page's FAQ answers about them, however close
/// it comes to another entry ("the voucher code doesn't work at checkout" is no faulty
/// product).
pub(super) fn is_voucher(text: &str, all: &[String]) -> bool {
    names_any_term(&SIGNAL_INDEX.voucher_terms, all) || names_a_promo_code(text, all)
}

/// Whether the message names a code ("kód", "code", "код") and writes one the way shops
/// write discount codes: capital letters, then at most three digits ("ZVON10", "SAVE5",
/// "BF25"), not an order's or a parcel's number ("Z-88104", "CZ1234567890"); or writes one
/// of four capitals or more without naming a code, beside a code failing or a discount
/// (`PROMO_CONTEXT`: "WELKOM10 geeft 'ongeldig'"), unless a code of something else is named
/// ("error code CARD05").
fn names_a_promo_code(text: &str, all: &[String]) -> bool {
    let brands = &SIGNAL_INDEX.impersonated_brands;
    // The capitals of a token written as a discount code, if it is one.
    let promo_capitals = |token: &str| {
        let token = token.trim_matches(|c: char| !c.is_alphanumeric());
        let letters = token.chars().take_while(char::is_ascii_uppercase).count();
        let (name, number) = token.split_at(letters);
        // Two capitals with two digits too ("BF25": Black Friday 2025).
        let shaped = (letters >= 3 || (letters == 2 && number.len() == 2))
            && (1..=3).contains(&number.len())
            && number.chars().all(|c| c.is_ascii_digit())
            // A courier's code ("PPL123", "DHL5") is a parcel's.
            && !brands.contains(name.to_lowercase().as_str());
        shaped.then_some(letters)
    };
    // A code of something else: a parcel's, a pick-up's, an error's ("kód zásilky",
    // "tracking code", "kod odbioru", "kód chyby").
    const OTHER_CODES: &[&str] = &[
        "zasilk",
        "zasielk",
        "przesylk",
        "paczk",
        "odbior",
        "vyzvednut",
        "vyzdvihnut",
        "chyb",
        "bled",
        "error",
        "fehler",
        "fout",
        "tracking",
        "sledovan",
        "pin",
        "qr",
        "pobock",
        "locker",
        "pickup",
        "помилк",
        "посилк",
    ];
    let code_at = |i: usize| {
        let w = all[i].as_str();
        w.starts_with("kod") || w.starts_with("code") || w.starts_with("код")
    };
    let other_code = |i: usize| {
        [i.checked_sub(1), Some(i + 1)]
            .into_iter()
            .flatten()
            .filter_map(|j| all.get(j))
            .any(|w| OTHER_CODES.iter().any(|o| w.starts_with(o)))
    };
    let tokens: Vec<&str> = text.split_whitespace().collect();
    // An IBAN's first group ("CZ65 0800 ...") is followed by digits: no code.
    let iban_group = |at: usize| {
        tokens
            .get(at + 1)
            .is_some_and(|next| next.chars().all(|c| c.is_ascii_digit()))
    };
    let promo_at = |at: usize| promo_capitals(tokens[at]).is_some() && !iban_group(at);
    // A word of four capitals or more with its number is a code without the word "code"
    // beside a word of a code failing or of a discount ("WELKOM10 geeft steeds 'ongeldig'",
    // "ZVON10 nefunguje"), in a message not written in capitals ("ECAM350", "WINDOWS10" name
    // other things).
    let promo_context = !is_in_capitals(text)
        && all
            .iter()
            .any(|word| PROMO_CONTEXT.iter().any(|c| word.starts_with(c)));
    let named_alone = |at: usize| {
        promo_capitals(tokens[at]).is_some_and(|capitals| capitals >= 4) && !iban_group(at)
    };
    // ... unless the message names a code of something else ("error code CARD05").
    let names_other_code = (0..all.len()).any(|i| code_at(i) && other_code(i));
    ((0..all.len()).any(|i| code_at(i) && !other_code(i)) && (0..tokens.len()).any(promo_at))
        || (promo_context && !names_other_code && (0..tokens.len()).any(named_alone))
}

/// Words right before "mensen" (people) that make them the team addressed or asked after
/// ("jullie mensen", "beste mensen", "klantenservice-mensen"), not a person asked for.
const TEAM_BEFORE_PEOPLE: &[&str] = &["jullie", "lieve", "beste", "geachte", "klantenservice"];

/// Talking to them, right after "mensen": a person asked for after all ("met een van jullie
/// mensen spreken").
const TALKING_TO_PEOPLE: &[&str] = &["spreken", "praten", "bellen"];

/// Whether the message (`all`, its normalized words in order) asks for a person to talk to: a
/// person word, but for "mensen" after a word of `TEAM_BEFORE_PEOPLE` or before "online"
/// ("hebben jullie in het weekend ook mensen online?": whether the team is there), unless
/// talked to (`TALKING_TO_PEOPLE`).
pub(super) fn asks_for_person(all: &[impl AsRef<str>]) -> bool {
    all.iter().enumerate().any(|(at, word)| {
        let word = word.as_ref();
        let team = || {
            let before = at.checked_sub(1).and_then(|before| all.get(before));
            let after = all.get(at..).unwrap_or_default();
            let talked_to = after
                .iter()
                .skip(1)
                .take(2)
                .any(|next| TALKING_TO_PEOPLE.contains(&next.as_ref()));
            !talked_to
                && (before.is_some_and(|before| TEAM_BEFORE_PEOPLE.contains(&before.as_ref()))
                    || after.get(1).is_some_and(|next| next.as_ref() == "online"))
        };
        is_person_word(word) && !(word == "mensen" && team())
    })
}

/// Whether `word` names a person to talk to ("human", "operátor", "medewerker").
pub(super) fn is_person_word(word: &str) -> bool {
    SIGNAL_INDEX.person.contains(word)
}

/// Whether the message asks for the way to a person ("dejte mi číslo", "how can I reach a
/// human"): `all` is its normalized words.
pub(super) fn asks_the_way_to_person(all: &[String]) -> bool {
    names_any_term(&SIGNAL_INDEX.person_way_terms, all)
}

/// How many words before an advert's word a word of seeing it may stand.
const ADVERT_SEEN_WITHIN: usize = 4;

/// Where the message offers something (advertising, a partnership, itself for a job) instead
/// of asking (`all` is its normalized words): each offer word's index in `all`, and
/// whether it is an advert or an influencer seen (`advert_seen`, after a word of
/// `advert_seen_after` up to `ADVERT_SEEN_WITHIN` words before it), which a customer may tell
/// as where they found the shop.
pub(super) fn offer_at(all: &[String]) -> impl Iterator<Item = (usize, bool)> + '_ {
    (0..all.len())
        .filter(|i| {
            SIGNAL_INDEX.offer_words.contains(all[*i].as_str())
                || has_term_at(&SIGNAL_INDEX.offer_terms, all, *i)
        })
        .map(|i| {
            // "Ons reclamebureau ..." is an agency of the writer's own: an offer.
            let ours = i
                .checked_sub(1)
                .is_some_and(|before| OURS.contains(&all[before].as_str()));
            // Seen: after seeing it, through it, on the shop's or that post ("widziałam wasz
            // post sponsorowany"); "I'm a coffee blogger" introduces the writer.
            let seen_before = (i.saturating_sub(ADVERT_SEEN_WITHIN)..i)
                .any(|before| has_term_at(&SIGNAL_INDEX.advert_seen_after_terms, all, before));
            let seen = !ours
                && seen_before
                && SIGNALS.as_ref().is_ok_and(|signals| {
                    signals
                        .advert_seen
                        .iter()
                        .any(|advert| begins_with(&all[i], advert))
                });
            (i, seen)
        })
}

/// Whether one of `terms` (word beginnings in a row) starts at `all[i]`.
fn has_term_at(terms: &TermIndex, all: &[impl AsRef<str>], i: usize) -> bool {
    terms_at(terms, all, i).next().is_some()
}

/// Signal terms (word beginnings in a row, normalized), filed by the first four letters of
/// their first word (all of it when shorter), so that a message word meets only the terms that
/// can begin with it, not every term of its first letter. A normalized word has two letters or
/// more, and so has every key; the keys' first two letters are also marked in `pairs`, so that
/// most words, which begin no term, are turned away without a lookup.
#[derive(Default)]
struct TermIndex {
    terms: HashMap<String, Vec<Vec<String>>, FastHash>,
    /// Per bucket of a key's first two letters (`pair_bucket`): whether a key begins so.
    pairs: [u64; PAIR_WORDS],
    /// Per bucket of a whole key (`key_bucket`): whether a key may be so, so that a word's
    /// beginnings that are no key are mostly turned away without a lookup.
    keys: [u64; KEY_WORDS],
}

/// The words of `TermIndex::keys`: 64 buckets each.
const KEY_WORDS: usize = 32;

/// A key's letters mixed, one at a time (from zero), as `pair_bucket` mixes the first two.
fn mix_letter(mixed: usize, letter: char) -> usize {
    mixed.wrapping_mul(31).wrapping_add(letter as usize)
}

/// The bucket of a key in `TermIndex::keys`, from its letters mixed (`mix_letter`).
fn key_bucket(mixed: usize) -> usize {
    // Spread over the buckets: the top bits of a multiplication by an odd constant.
    ((mixed as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 52) as usize % (KEY_WORDS * 64)
}

/// The words of `TermIndex::pairs`: 64 buckets each.
const PAIR_WORDS: usize = 16;

/// The bucket of a word's first two letters in `TermIndex::pairs`, and the end of those two
/// letters in the word; `None` for a word of fewer letters (none is a key's beginning).
fn pair_bucket(word: &str) -> Option<(usize, usize)> {
    let mut chars = word.char_indices();
    let (_, first) = chars.next()?;
    let (at, second) = chars.next()?;
    let end = at + second.len_utf8();
    let mixed = mix_letter(mix_letter(0, first), second);
    Some((mixed % (PAIR_WORDS * 64), end))
}

impl TermIndex {
    fn of(list: &[String]) -> TermIndex {
        let mut index = TermIndex::default();
        for term in list {
            // Normalized as the message is ("мій" is "міи").
            let beginnings: Vec<String> = normalize(term);
            if let Some(first) = beginnings.first() {
                let key: String = first.chars().take(TERM_KEY_LETTERS).collect();
                if let Some((bucket, _)) = pair_bucket(&key) {
                    index.pairs[bucket / 64] |= 1 << (bucket % 64);
                }
                let bucket = key_bucket(key.chars().fold(0, mix_letter));
                index.keys[bucket / 64] |= 1 << (bucket % 64);
                index.terms.entry(key).or_default().push(beginnings);
            }
        }
        index
    }

    /// The terms whose first word `word` may begin with, or be: those filed under its first
    /// two to four letters (to be matched still).
    fn starting_with<'t>(&'t self, word: &'t str) -> impl Iterator<Item = &'t Vec<String>> {
        // The ends of the word's first two, three and four letters (as many as it has) that
        // `keys` does not turn away, shortest first; none when no key begins as the word.
        let mut ends = [0; TERM_KEY_LETTERS - 1];
        let mut found = 0;
        let pair_filed = pair_bucket(word)
            .is_some_and(|(bucket, _)| self.pairs[bucket / 64] & (1 << (bucket % 64)) != 0);
        if pair_filed {
            let mut mixed = 0;
            for (letters, (at, letter)) in word.char_indices().take(TERM_KEY_LETTERS).enumerate() {
                mixed = mix_letter(mixed, letter);
                let bucket = key_bucket(mixed);
                if letters >= 1 && self.keys[bucket / 64] & (1 << (bucket % 64)) != 0 {
                    ends[found] = at + letter.len_utf8();
                    found += 1;
                }
            }
        }
        ends.into_iter()
            .take(found)
            .filter_map(move |end| self.terms.get(&word[..end]))
            .flatten()
    }
}

/// The letters of a term's first word it is filed under (`TermIndex`).
const TERM_KEY_LETTERS: usize = 4;

/// The terms of `terms` (word beginnings in a row) that start at `all[i]`.
fn terms_at<'t, S: AsRef<str>>(
    terms: &'t TermIndex,
    all: &'t [S],
    i: usize,
) -> impl Iterator<Item = &'t Vec<String>> {
    terms
        .starting_with(all[i].as_ref())
        .filter(move |term| begins_at(term, &all[i..]))
}

/// Whether the message only checks that someone is there ("helloooo anyone there 👋"):
/// every word of it that carries meaning is in a presence term.
pub(super) fn only_checks_presence(message: &Message) -> bool {
    // A greeting and "anyone there?" are a few words; a longer message says more.
    if message.content.len() > PRESENCE_WORDS_AT_MOST {
        return false;
    }
    let all = message.all_words();
    let mut covered = vec![false; all.len()];
    for i in 0..all.len() {
        for term in terms_at(&SIGNAL_INDEX.presence_terms, &all, i) {
            for slot in covered.iter_mut().skip(i).take(term.len()) {
                *slot = true;
            }
        }
    }
    covered.contains(&true) && message.content.iter().all(|i| covered[*i])
}

/// Whether `words` begin with `beginnings` in a row: each of their first words begins with
/// the beginning in its place. In a term of several words, as in the lexicon, a word shorter
/// than four letters is a whole word ("nep mail" is not "nepřišla e-mail").
fn begins_at(beginnings: &[String], words: &[impl AsRef<str>]) -> bool {
    let several = beginnings.len() > 1;
    let mut words = words.iter();
    beginnings.iter().all(|b| {
        words.next().is_some_and(|w| {
            if several {
                term_word_matches(b, w.as_ref())
            } else {
                begins_with(w.as_ref(), b)
            }
        })
    })
}

/// Whether one of `terms` (indexed by `terms_of`) starts anywhere in `all`.
fn names_any_term(terms: &TermIndex, all: &[impl AsRef<str>]) -> bool {
    (0..all.len()).any(|i| has_term_at(terms, all, i))
}

/// The most words that carry meaning a message that only checks someone is there has
/// ("helloooo anyone out there").
const PRESENCE_WORDS_AT_MOST: usize = 5;

/// Whether `words` (a part of a message) open with a question about time ("kdy", "ab welcher
/// Uhrzeit", "what time"): a term's words in a row, those shorter than four letters whole.
pub(super) fn opens_with_time_question(words: &[&str]) -> bool {
    let Some(first) = words.first() else {
        return false;
    };
    let mut terms = SIGNAL_INDEX.time_question_terms.starting_with(first);
    terms.any(|term| {
        term.len() <= words.len()
            && term
                .iter()
                .zip(words)
                .all(|(part, word)| term_word_matches(part, word))
    })
}

/// Whether the questions of the message ask the team's hours by a time and the team answering
/// (`time_named`, `team_answers`): a part in a question (`Message::in_a_question`) names the
/// team answering, reading, working or being there (or someone there, `presence`), one of
/// them names a day, a part of the day, a holiday or a clock time, or opens with a time
/// question, and every such part with content words names one or the other: "napisala som v
/// sobotu rano, treba cakat do pondelka?", "piatek do 17 ktos odbiera?".
pub(super) fn asks_the_team_at_a_time(message: &Message) -> bool {
    let (mut team, mut time) = (false, false);
    for part in (0..message.asks.len()).filter(|part| message.in_a_question(*part)) {
        let words = message.words_of(part);
        let names_the_team = names_any_term(&SIGNAL_INDEX.team_answers_terms, &words)
            || names_any_term(&SIGNAL_INDEX.presence_terms, &words);
        let names_a_time = names_any_term(&SIGNAL_INDEX.time_named_terms, &words)
            || names_a_clock_time(&words)
            || opens_with_time_question(&words);
        // Every question asks about the team or the time: "chcę oddać czajniczek, jak to
        // zrobić i do której odbieracie telefon?" asks how to return too.
        if !names_the_team && !names_a_time && message.content_slots_of(part).next().is_some() {
            return false;
        }
        team |= names_the_team;
        time |= names_a_time;
    }
    team && time
}

/// Whether `words` name a time: a day, a part of the day, a holiday (`time_named`) or an hour
/// of the clock (`names_a_clock_time`).
pub(super) fn names_a_time(words: &[&str]) -> bool {
    names_any_term(&SIGNAL_INDEX.time_named_terms, words) || names_a_clock_time(words)
}

/// Whether `words` name an hour of the clock: "16:30" (read as "16 30"), "17h", "5pm", "17
/// uhr", or an hour after a word of until, from or after ("do 17", "bis 16", "after 4").
fn names_a_clock_time(words: &[&str]) -> bool {
    const UNITS: &[&str] = &["h", "hod", "hodin", "uhr", "uur", "godz", "pm", "am", "год"];
    const BEFORE: &[&str] = &[
        "do",
        "po",
        "od",
        "bis",
        "ab",
        "um",
        "nach",
        "tot",
        "om",
        "na",
        "after",
        "until",
        "till",
        "before",
        "at",
        "до",
        "після",
        "об",
        "по",
    ];
    /// The unit written onto an hour ("17h": "h"; "17": ""), when the word is one.
    fn unit_of_hour(word: &str) -> Option<&str> {
        let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let unit = word.get(digits.len()..).unwrap_or_default();
        ((1..=2).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && digits.parse::<u8>().is_ok_and(|h| h <= 24)
            && (unit.is_empty() || UNITS.contains(&unit)))
        .then_some(unit)
    }
    words.iter().enumerate().any(|(at, word)| {
        let Some(unit) = unit_of_hour(word) else {
            return false;
        };
        let written_with_unit = !unit.is_empty();
        let next = words.get(at.saturating_add(1)).copied();
        let minutes = next.is_some_and(|n| n.len() == 2 && n.bytes().all(|b| b.is_ascii_digit()));
        let unit_after = next.is_some_and(|n| UNITS.contains(&n));
        let after_a_word_of_time = at
            .checked_sub(1)
            .and_then(|before| words.get(before))
            .is_some_and(|before| BEFORE.contains(before));
        written_with_unit || minutes || unit_after || after_a_word_of_time
    })
}

/// Whether the message names a parcel or its way to the customer ("the box", "arrived",
/// "the courier").
pub(super) fn names_transit(all: &[impl AsRef<str>]) -> bool {
    names_any_term(&SIGNAL_INDEX.in_transit_terms, all)
}

/// Whether the words name photos ("fotky", "Bilder", "photos").
pub(super) fn names_photos(words: &[impl AsRef<str>]) -> bool {
    names_any_term(&SIGNAL_INDEX.photos_terms, words)
}

/// Whether the message says something was sent back already: returned ("vrátila jsem ho
/// minulý týden"), or sent beside a word of going back ("I sent the grinder back").
pub(super) fn says_sent_back(all: &[impl AsRef<str>]) -> bool {
    names_any_term(&SIGNAL_INDEX.sent_back_terms, all)
        || names_a_return_that_went(all)
        || (names_any_term(&SIGNAL_INDEX.sent_terms, all)
            && SIGNALS.as_ref().is_ok_and(|signals| {
                signals
                    .back
                    .iter()
                    .any(|back| some_word_begins_with(all, back))
            }))
}

/// How many words may come between a return and its way to the shop, read together ("Retour 5
/// weken geleden verstuurd", "paczka zwrotna dotarła do was jeszcze w lutym").
const RETURN_WENT_WITHIN: usize = 4;

/// Whether the words name the return as a thing beside its way to the shop, with no
/// condition just before it ("Retoure laut Sendungsverlauf bei euch", not "wenn die Retoure
/// angekommen ist, wie lange dauert die Erstattung?").
fn names_a_return_that_went(all: &[impl AsRef<str>]) -> bool {
    (0..all.len()).any(|at| {
        has_term_at(&SIGNAL_INDEX.return_parcel_terms, all, at)
            && !is_conditional_at(all, at, 3)
            && (at + 1..all.len().min(at + RETURN_WENT_WITHIN + 2))
                .any(|after| has_term_at(&SIGNAL_INDEX.return_went_terms, all, after))
    })
}

/// Whether one of the `before` words before `at` is a word of a condition or a time
/// (`condition_words`).
fn is_conditional_at(all: &[impl AsRef<str>], at: usize, before: usize) -> bool {
    SIGNALS.as_ref().is_ok_and(|signals| {
        all[at.saturating_sub(before)..at]
            .iter()
            .any(|word| signals.condition_words.iter().any(|w| w == word.as_ref()))
    })
}

/// How many words after a term of not knowing whether its "or" may come.
const OR_WITHIN: usize = 8;

/// Where the words doubt which of two things something is ("nevím, jestli je to reklamace
/// nebo vrácení", "no clue yet if it's a return or a claim"): the index in `all` where a
/// term of not knowing whether begins, and that of the first "or" after it, up to
/// `OR_WITHIN` words on.
pub(super) fn unsure_which_at(all: &[impl AsRef<str>]) -> Option<(usize, usize)> {
    let signals = SIGNALS.as_ref().ok()?;
    (0..all.len()).find_map(|at| {
        let term = terms_at(&SIGNAL_INDEX.unsure_which_terms, all, at)
            .map(Vec::len)
            .max()?;
        let from = at.saturating_add(term);
        (from..all.len().min(from.saturating_add(OR_WITHIN)))
            .find(|or| signals.or_words.iter().any(|w| w == all[*or].as_ref()))
            .map(|or| (at, or))
    })
}

/// Where the message announces one more question ("... доїде за тиждень? Ще питання, ..."):
/// the indexes of the announcement's first word and of the word after it in `words`.
pub(super) fn another_question_at(words: &[&str]) -> Option<(usize, usize)> {
    (0..words.len()).find_map(|at| {
        terms_at(&SIGNAL_INDEX.another_question_terms, words, at)
            .map(Vec::len)
            .max()
            .map(|len| (at, at.saturating_add(len)))
    })
}

/// Where the message says "by the way" ("übrigens", "до речі"): the indexes in `words` where
/// such a term starts.
pub(super) fn by_the_way_at<'w>(words: &'w [&str]) -> impl Iterator<Item = usize> + 'w {
    (0..words.len()).filter(|at| has_term_at(&SIGNAL_INDEX.by_the_way_terms, words, *at))
}

/// Whether `words` say money went out for an order ("peníze mi z účtu odešly", "das Geld ist
/// schon abgebucht"), or name a friend's account it went through, and name no refund
/// ("Die Erstattung ist auf dem Konto meiner Schwester nicht angekommen" is one owed): paid,
/// not owed back.
pub(super) fn says_paid(words: &[impl AsRef<str>]) -> bool {
    names_any_term(&SIGNAL_INDEX.paid_terms, words) && !names_refund(words)
}

/// Whether `words` tell how the order is or will be paid ("hab mit apple pay bezahlt",
/// "платитиму карткою"): in a part that asks nothing, the story of the order.
/// Paying wished for ("ktorý by som rada zaplatila na dobierku", "ich hätte gern per
/// überweisung bezahlt") is asked about, not told.
pub(super) fn tells_paying(words: &[&str]) -> bool {
    (says_paid(words) || names_any_term(&SIGNAL_INDEX.paying_told_terms, words))
        && !words
            .iter()
            .any(|word| SIGNAL_INDEX.paying_asked.contains(*word))
}

/// Whether the message says a payment went wrong ("das Geld wurde zweimal abgebucht"):
/// paying is then its matter, not the order's story.
pub(super) fn says_payment_went_wrong(all: &[&str]) -> bool {
    all.iter()
        .any(|word| SIGNAL_INDEX.paying_gone_wrong.contains(*word))
}

/// The places of the words of a term of money paid, or of paying told as a plan, that
/// begins at `at` ("ga betalen": both words; not a word inserted between them).
pub(super) fn paying_told_words(all: &[impl AsRef<str>], at: usize) -> Vec<usize> {
    let index = &SIGNAL_INDEX;
    let Some(term) = terms_at(&index.paid_terms, all, at)
        .chain(terms_at(&index.paying_told_terms, all, at))
        .max_by_key(|term| term.len())
    else {
        return Vec::new();
    };
    // A term's words in a row, one other word between two of them at most.
    let end = all
        .len()
        .min(at.saturating_add(term.len()).saturating_add(1));
    (at..end)
        .filter(|place| {
            term.iter()
                .any(|beginning| term_word_matches(beginning, all[*place].as_ref()))
        })
        .collect()
}

/// Whether the message says it asks two things ("potřeboval bych vědět dvě věci: ...").
pub(super) fn says_two_things(all: &[String]) -> bool {
    names_any_term(&SIGNAL_INDEX.two_things_terms, all)
}

/// Whether the message is about the customer's personal data (GDPR, deleting an account):
/// always a person's, however close it comes to an entry ("konta" is the stem of "kontakt").
/// A privacy term names it, and so does taking away what the shop keeps about the customer
/// in any words ("haal mijn naam uit jullie klantenbestand").
pub(super) fn is_privacy(all: &[String]) -> bool {
    let index = &SIGNAL_INDEX;
    names_any_term(&index.privacy_terms, all)
        || (names_any_term(&index.removal_terms, all)
            && names_any_term(&index.kept_data_terms, all))
}

/// Whether the message books a table or a visit in the café ("można zarezerwować stolik w
/// kawiarni na sobotę?"); `Faq::read` sends it to a person where no entry's examples name a
/// visit.
pub(super) fn books_a_visit(all: &[impl AsRef<str>]) -> bool {
    names_any_term(&SIGNAL_INDEX.booking_terms, all)
}

/// Whether the message names a visit in person: the café ("kdy otevírá kavárna?") or an
/// order collected oneself ("when are you around for collections?"). The hours it asks for
/// are the café's or the counter's, which an answer about the team's hours does not give.
/// A visit denied ("nicht das café", "nie pytam o kawiarnie", "не кавʼярня"), or the customer's
/// own café ("máme malou kavárnu"), is none: a word of `NOT_THIS` or `OURS` up to two words
/// before the term (`OURS_WITHIN`), or of `NO_MATTER` up to two after it. Nor
/// is the shop's own name (`shop_names`, the names of its web domains) that begins with a
/// café's word ("Kavárno U Zvonu, kdy máte otevřeno?").
pub(super) fn names_a_visit(all: &[impl AsRef<str>], shop_names: &[String]) -> bool {
    (0..all.len()).any(|at| {
        (has_term_at(&SIGNAL_INDEX.visit_terms, all, at)
            || has_term_at(&SIGNAL_INDEX.booking_terms, all, at)
            || CAFE_WORDS.contains(&all[at].as_ref()))
            && !all[at.saturating_sub(OURS_WITHIN)..at]
                .iter()
                .any(|word| NOT_THIS.contains(&word.as_ref()) || OURS.contains(&word.as_ref()))
            && !all
                .iter()
                .skip(at + 1)
                .take(2)
                .any(|word| NO_MATTER.contains(&word.as_ref()))
            && !is_shop_name_at(all, at, shop_names)
    })
}

/// Whether the words from `at` are the shop's name: the word is its handle
/// ("@kavarnauzvonu"), or the next word ends it ("Kavárna U Zvonu", "Café U Zvonu": "zvonu"
/// ends "kavarnauzvonu").
fn is_shop_name_at(all: &[impl AsRef<str>], at: usize, shop_names: &[String]) -> bool {
    let word = all[at].as_ref();
    if shop_names
        .iter()
        .any(|name| word.starts_with(name.as_str()))
    {
        return true;
    }
    all.get(at + 1).is_some_and(|next| {
        let next = next.as_ref();
        next.chars().count() >= 3 && shop_names.iter().any(|name| name.ends_with(next))
    })
}

/// "Café" read whole (normalized): its beginning is also "cafetière" and "cafeïnevrij".
const CAFE_WORDS: &[&str] = &["cafe", "cafes", "caffe"];

/// Words that set aside what they follow ("kaviareň ma nezaujíma"), normalized.
/// A visit not made ("do kavárny nejdu") sets it aside too.
const NO_MATTER: &[&str] = &[
    "nezaujima",
    "nezajima",
    "egal",
    "nejdu",
    "nejdem",
    "nepujdu",
    "nepojdem",
    "neprijdu",
    "nepridem",
];

/// How many words before a café's word an `OURS` word makes it the customer's own ("у нас
/// маленька кав'ярня-пекарня"; not "přijdeme s naší babičkou do kavárny").
const OURS_WITHIN: usize = 2;

/// Possessives and first-person verbs that make what follows the customer's own ("máme malou
/// kavárnu", "sme kaviareň", "our café", "у нас маленька кав'ярня"): a business ordering, not
/// a visit, normalized.
pub(super) const OURS: &[&str] = &[
    "нас",
    "betreibe",
    "prowadze",
    "provozuji",
    "provozujem",
    "our",
    "nase",
    "nasi",
    "nasu",
    "nasa",
    "nasej",
    "nasz",
    "nasza",
    "nasze",
    "naszej",
    "onze",
    "unser",
    "unsere",
    "unserem",
    "unseren",
    "unserer",
    "наша",
    "нашу",
    "нашіи",
    "mame",
    "jsme",
    "sme",
    "mamy",
    "prowadzimy",
    "jestesmy",
    "маємо",
    "ons",
];

/// Words that deny what follows them ("not the café, the support team"), normalized.
const NOT_THIS: &[&str] = &[
    "not",
    "niet",
    "geen",
    "nicht",
    "kein",
    "keine",
    "nie",
    "ne",
    "не",
    "ani",
    "nemyslim",
    "nemyslime",
];

/// Whether the message names money or a refund (`all` is its normalized words).
pub(super) fn names_money(all: &[&str]) -> bool {
    names_money_itself(all) || names_refund(all)
}

/// Whether the words name a refund ("Rückerstattung", "refund").
fn names_refund(all: &[impl AsRef<str>]) -> bool {
    SIGNALS.as_ref().is_ok_and(|signals| {
        signals
            .refund
            .iter()
            .any(|refund| some_word_begins_with(all, refund))
    })
}

/// Whether the words name money itself (cash, an account), not the word "refund".
pub(super) fn names_money_itself(all: &[&str]) -> bool {
    SIGNALS.as_ref().is_ok_and(|signals| {
        signals
            .money
            .iter()
            .any(|money| some_word_begins_with(all, money))
    })
}

/// Whether one of `words` begins with `beginning`.
fn some_word_begins_with(words: &[impl AsRef<str>], beginning: &str) -> bool {
    words.iter().any(|w| begins_with(w.as_ref(), beginning))
}

/// Whether the message asks for advice or a recommendation ("which coffee would you
/// recommend for a moka pot?"): a person's, however close its words come to an entry.
pub(super) fn is_advice(all: &[String]) -> bool {
    names_any_term(&SIGNAL_INDEX.advice_terms, all)
}

/// Whether the message asks for a price of its own: a quote or business terms ("prosím o
/// cenovou nabídku na 20 kg měsíčně do kanceláře") or another shop's price matched. A
/// person's, however close its words come to an entry.
pub(super) fn is_quote(all: &[String]) -> bool {
    names_any_term(&SIGNAL_INDEX.quote_terms, all)
}

/// The handles tagged in the text ("@kavarnauzvonu"), in a handle's letters: names, not
/// words of the message. (Not hashtags: "#kavarna" is the word.)
pub(super) fn tagged_names(text: &str) -> Vec<String> {
    text.split_whitespace()
        .filter_map(|token| token.strip_prefix('@'))
        .map(handle_letters)
        .filter(|name| name.chars().count() >= 3)
        .collect()
}

/// Whether the message opens by tagging someone other than the shop and speaks to them
/// ("@terka_novakova tohle musíme ochutnat, jdeme v sobotu?"): a comment to a friend under the
/// shop's post, however close its words come to an entry. It speaks to the shop instead when
/// it tags the shop anywhere, or when one of its questions is not put as "we" or "they"
/// (`asks_the_shop`: "@jana tohle musíme mít 😍 kolik u vás stojí poštovné?"). The shop's
/// handle carries one of `shop_names` (`shop_handle_names`: "@kavarnauzvonu" for
/// kavarnauzvonu.cz); with none known, nobody's can be told apart.
pub(super) fn tags_someone_else(text: &str, shop_names: &[String]) -> bool {
    // A bare "@" tags nobody: it ends the tags.
    let opens_with_a_tag = text
        .split_whitespace()
        .next()
        .and_then(|token| token.strip_prefix('@'))
        .is_some_and(|h| h.chars().any(char::is_alphanumeric));
    if shop_names.is_empty() || !opens_with_a_tag {
        return false;
    }
    // The page tagged by its name, in words ("@Kavárna U Zvonu jak dlouho ..."), is the shop.
    let from_first_tag = handle_letters(text.trim_start().trim_start_matches('@'));
    if shop_names
        .iter()
        .any(|name| from_first_tag.starts_with(name.as_str()))
    {
        return false;
    }
    let tags_the_shop = tagged_names(text)
        .iter()
        .any(|handle| shop_names.iter().any(|name| handle.contains(name.as_str())));
    !tags_the_shop && !asks_the_shop(text)
}

/// Whether one of the text's questions (the words before a "?", back to the last sentence
/// end, line break, "|" or emoji) is put to the shop: not as "we" or "they" ("jdeme v
/// sobotu?", "замовимо?", "do they ship to leeds?" are put to a friend).
fn asks_the_shop(text: &str) -> bool {
    let mut question = String::new();
    for c in text.chars() {
        if c == '\n' {
            question.clear();
        } else if c == '?' {
            let words = normalize(&question);
            if !words.is_empty() && !words.iter().any(|word| speaks_as_we_or_they(word)) {
                return true;
            }
            question.clear();
        } else if c.is_alphanumeric() || c.is_whitespace() || "',’-:;\"()/@#_".contains(c) {
            question.push(c);
        } else if c == ',' {
            question.push(' ');
        } else {
            question.clear();
        }
    }
    false
}

/// Whether a normalized word says "we" or "they": the pronoun ("we", "wij", "wir", "they"),
/// or a verb's first person plural (cs and sk "-me": "jdeme", "musíme"; pl "-my": "idziemy";
/// uk "-мо": "замовимо") or "they have" ("mají", "mają").
fn speaks_as_we_or_they(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "we",
        "wij",
        "wir",
        "they",
        "lets",
        "uns",
        "maji",
        "maju",
        "maja",
        "мають",
    ];
    const ENDINGS: &[(&str, usize)] = &[("me", 4), ("my", 4), ("мо", 6)];
    WORDS.contains(&word)
        || ENDINGS
            .iter()
            .any(|(ending, least)| word.ends_with(ending) && word.chars().count() >= *least)
}

/// The names the shop's handles carry, from its web domains (`tags_someone_else`): their
/// registered names' letters, of three or more ("kavarnauzvonu" for kavarnauzvonu.cz).
pub(super) fn shop_handle_names(own_domains: &[String]) -> Vec<String> {
    own_domains
        .iter()
        .filter_map(|domain| registered_name(domain))
        .map(handle_letters)
        .filter(|name| name.chars().count() >= 3)
        .collect()
}

/// A handle's or a name's letters and digits, lowercase, without diacritics ("kavarnauzvonu"
/// for "@Kavárna_U_Zvonu").
fn handle_letters(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    text.nfd()
        .filter(|c| c.is_alphanumeric() && !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Words (normalized beginnings) of a code failing or of a discount, beside which a code
/// written alone is a discount code (`names_a_promo_code`).
const PROMO_CONTEXT: &[&str] = &[
    "nefung",
    "nejde",
    "neplat",
    "ongeldig",
    "werkt",
    "invalid",
    "ungultig",
    "funktioniert",
    "dziala",
    "працю",
    "sleva",
    "slevu",
    "zlav",
    "rabat",
    "korting",
    "discount",
    "знижк",
    "pokladn",
    "kassa",
    "kasse",
    "checkout",
    "kasie",
];

/// Whether the message asks something unrelated to the shop ("jaká bude zítra v Praze
/// počasí?", "weet iemand een goede tandarts?"): no entry answers it, however close its words
/// come to one.
pub(super) fn is_unrelated(all: &[String]) -> bool {
    names_any_term(&SIGNAL_INDEX.unrelated_terms, all)
}

/// Whether `word` begins like thanks ("díky", "dziękuję", "подякувати", "thanks").
pub(super) fn is_thanks_word(word: &str) -> bool {
    SIGNAL_INDEX.courtesy.iter().any(|c| begins_with(word, c))
}

/// Whether the message only thanks (or greets): a thanks word, and no part asks or requests
/// anything. Greetings, emoji and "?" alone leave no content words (`Unsure::NoText`) on
/// their own; thanks come with words ("thank you so much for the quick reply") that could
/// otherwise match an entry.
pub(super) fn is_courtesy(message: &Message) -> bool {
    !message.asks.iter().any(|a| *a) && message.words.iter().any(|(w, _)| is_thanks_word(w))
}

/// Whether the bundled signal lists load (proved by a unit test), each courtesy term one
/// word: they are matched as one word's beginning, so "ga zo door" would make every word that
/// begins with "ga" (or "zo") thanks.
pub fn signals_load() -> Result<(), String> {
    let signals = SIGNALS.as_ref().map_err(Clone::clone)?;
    match signals
        .courtesy
        .iter()
        .find(|term| normalize(term).len() != 1)
    {
        Some(term) => Err(format!("courtesy: \"{term}\" is not one word")),
        None => Ok(()),
    }
}
