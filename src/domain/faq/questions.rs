//! Two questions in one message: whether two parts of it each ask about another entry, and
//! when two such parts still ask one question.

use super::signals::{is_question_word, names_money, says_paid};
use super::text::{begins_with, is_joining_word};
use super::*;

impl Faq {
    /// Whether two parts of the message (split at sentence ends, commas and "and") each ask
    /// about another entry, on their own: two questions, not one whose words two
    /// entries share. A part counts when it asks (a question or a request) or names its entry
    /// very clearly ("mijn pakket was beschadigd en ik wil ook jullie telefoonnummer").
    pub(super) fn two_questions(&self, message: &Message, features: &Features) -> bool {
        let mut parts: Vec<usize> = (0..message.content.len())
            .map(|slot| message.part_of(slot))
            .collect();
        parts.dedup();
        if parts.len() < 2 {
            return false;
        }
        let threshold = self.limits.threshold.max(TWO_QUESTIONS_PART_SCORE);
        // A cosine similarity is at most 1, so an example whose weight the part covers less
        // than this share of scores below the threshold (`blend`; 0.01 to spare for rounding):
        // it cannot be the best of a part that counts, and is not divided for. Whether a part
        // counts, and for which entry, stays the same.
        //
        // Tighter still: the cosine is at most the square root of that share (the dot
        // product is at most the part's norm times the norm of the weight it covers), so a
        // score is at most `RECALL_WEIGHT * share + (1 - RECALL_WEIGHT) * share.sqrt()`, below
        // the threshold (0.01 to spare) under the share where that is the threshold.
        let target = threshold - 0.01;
        let cosine_weight = 1.0 - RECALL_WEIGHT;
        let root = (-cosine_weight
            + (cosine_weight * cosine_weight + 4.0 * RECALL_WEIGHT * target).sqrt())
            / (2.0 * RECALL_WEIGHT);
        let least_share = root * root;
        let mut sums = vec![(0.0f32, 0.0f32); self.examples.len()];
        // Room for every example up front: it never grows while the postings are read.
        let mut touched: Vec<u32> = Vec::with_capacity(self.examples.len());
        // Each entry asked about, with the part that asks it first.
        let mut topics: Vec<(usize, usize)> = Vec::new();
        let mut when_alone = false;
        // The last part that asks such a when-question.
        let mut last_when: Option<usize> = None;
        // Such a when-question that names the order ("when would my order reach me?").
        let mut order_when = false;
        // What the context part before names, when it leads into a question.
        let mut leading: Option<usize> = None;
        // The entries about sending something back and about shipping, when the message
        // names a concept of theirs.
        let named_return = self
            .owner_of(WITHDRAWAL)
            .filter(|returns| features.names_entry(*returns));
        let named_shipping = self
            .owner_of(SHIPPING)
            .filter(|shipping| features.names_entry(*shipping));
        for part in parts {
            // A postscript that asks nothing is a remark, however clearly it names an entry
            // ("... wie läuft das ab? P.S. Die Lieferung war übrigens super schnell.").
            if message.postscript.is_some_and(|from| part >= from) && !message.asks[part] {
                continue;
            }
            // Money told as paid, in a part that asks nothing, is the story of the order
            // ("peníze mi z účtu odešly hned, ale ... žádný e-mail"), not a payment's matter.
            if !message.asks[part] && says_paid(&message.words_of(part)) {
                continue;
            }
            // Stems and concepts alone: a part asks about what it names, and their postings
            // are a fraction of the trigrams'.
            let (vector, norm) = self.weigh_message(
                features,
                true,
                |slot| message.part_of(slot) == part,
                |loose_part| loose_part == part,
            );
            // A part that asks and names a place asks about the entry about places, whatever
            // else its words are ("kdy to bude v Bratislavě", "... in Leipzig?"), unless the
            // message asks where the shop is ("where's your office? ... when I'm in Prague").
            let asks_alone = message.asks[part] && message.opened[part].opens();
            let place_topic = || {
                (asks_alone
                    && !features.asks_where_the_shop_is
                    && features.places.iter().any(|(p, _)| *p == part))
                .then(|| self.entry_about_places())
                .flatten()
            };
            // What this part names clearly when it is context leading into a question.
            let mut leads_with = None;
            // A part of function words and a place alone shares nothing with the examples.
            let entry = if vector.is_empty() {
                place_topic()
            } else {
                self.overlap(&vector, &mut sums, &mut touched);
                // The best entry is its best example's (ties to the earlier entry).
                let mut best = (0, 0.0f32);
                for example in &touched {
                    let (dot, covered) = sums[*example as usize];
                    let info = &self.examples[*example as usize];
                    if covered < least_share * info.strong_norm2 {
                        continue;
                    }
                    let score = blend(dot, covered, norm, info.strong_norm, info.strong_norm2);
                    if score > best.1 || (score == best.1 && info.entry < best.0) {
                        best = (info.entry, score);
                    }
                }
                let (entry, score) = best;
                // A statement around a question is what the question is about ("... where
                // is the tracking link? it vanished from my mail"), unless it is joined on
                // ("..., also is apple pay accepted").
                let escalates = self.entries[entry].escalate;
                let names_clearly =
                    score >= threshold && (!escalates || score >= TWO_QUESTIONS_ESCALATE_SCORE);
                // A statement names a topic of its own when it names a person's matter in
                // that matter's own terms (a concept its entry owns: "I want to cancel
                // order 1234"), reports a problem, or is joined on ("..., and the second
                // coffee I want to return"); else it is the story ("according to the mail it
                // shipped on Monday"), also when its words are those of a person's matter:
                // the product a question is about ("the grinder is too big for our kitchen,
                // can it go back?") is no second question.
                // Joined on to a statement, a statement goes on telling the story ("ik heb
                // vorige week besteld en gisteren een mail gekregen dat het verzonden is. hoe
                // kan ik het pakket volgen?"); joined on to a question, it is one more matter.
                let before = message
                    .words
                    .iter()
                    .map(|(_, p)| *p)
                    .filter(|p| *p < part)
                    .max();
                let also = message
                    .words_of(part)
                    .iter()
                    .any(|w| ALSO_WORDS.contains(w));
                let joined_on = message.opened[part].joins()
                    && (also
                        || before
                            .is_some_and(|before| message.asks[before] || message.marked[before]));
                // A clause after a comma that names a person's matter tells why ("..., která
                // má u vás věrnostní body, ale platit budu já"): the story, not a matter.
                let tells_why = message.opened[part] == Opening::Comma;
                let statement_names =
                    (escalates && features.names_entry_in(part, entry) && !tells_why)
                        || (!message.context[part]
                            && (joined_on || features.problems.contains(&(entry as u32))));
                let clear = names_clearly
                    && (message.asks[part]
                        || (score >= TWO_QUESTIONS_TOPIC_SCORE && statement_names));
                leads_with = (message.context[part] && names_clearly).then_some(entry);
                // A part that asks, opens a sentence or follows "and", and names concepts of
                // one entry alone asks about that entry, however few its words ("... and do
                // you take paypal?").
                if clear {
                    Some(entry)
                } else if asks_alone {
                    self.owned_topic(features, part).or_else(place_topic)
                } else if lists_a_topic(message, features, part) {
                    self.owned_topic(features, part)
                } else {
                    None
                }
            };
            // A question after a comma whose own words name nothing asks about what the
            // context leading into it names ("I want to claim the broken kettle, how many
            // days will it take? and ...").
            let entry = entry.or_else(|| {
                (message.asks[part] && message.opened[part] == Opening::Comma)
                    .then_some(leading)
                    .flatten()
            });
            // A clause after a comma without a question word of its own goes on asking the
            // question before it ("скільки днів я маю, щоб повернути товар?", "..., um vom
            // Vertrag zurückzutreten?"): the same question, not a second.
            // Not after a part of no content words, such as a question word alone ("Und noch
            // was: geht auch Zahlung per Rechnung?"): that part asked nothing yet.
            let entry = entry.filter(|_| {
                !(message.opened[part] == Opening::Comma
                    && !message.worded[part]
                    && part > 0
                    && message.worded[part - 1]
                    && message.content_slots_of(part - 1).next().is_some())
            });
            // A when-clause after a comma that ends a question about paying the courier asks
            // nothing of its own, whatever it names ("чи можу я заплатити кур'єру готівкою,
            // коли він привезе замовлення?": when he brings the order).
            let subordinate = when_the_courier_comes(message, part);
            let entry = entry.filter(|_| !subordinate);
            // A part of question words alone after a question asks on about it
            // ("zurückgeben? bis wann? wie?"), whatever its words name.
            let entry = entry.filter(|_| topics.is_empty() || !asks_on(message, part));
            // Money back beside a return asks the return's question; a bare price beside
            // shipping asks the shipping's.
            let entry = entry.map(|asked| {
                named_return
                    .filter(|_| self.is_money_back_of_the_return(message, features, part, asked))
                    .unwrap_or(asked)
            });
            let entry = entry.map(|asked| {
                named_shipping
                    .filter(|shipping| {
                        self.is_price_of_shipping(message, features, part, asked, *shipping)
                    })
                    .unwrap_or(asked)
            });
            leading = leads_with;
            // A when-question that names no entry of its own ("... und wann ist die Ware
            // da?"): beside paying, it asks when the goods come, a question of its own; also
            // when the paying is named in a part that does not ask by itself ("zahlt man per
            // paypal und wann ist die ware da?", one question mark for both).
            let asks_when = entry.is_none()
                && message.asks[part]
                && message.opens_with_when(part)
                && !subordinate;
            when_alone |= asks_when;
            if asks_when {
                last_when = Some(part);
            }
            // A when-question about the order, or about getting the goods ("коли приблизно
            // отримаю кавомолку", "when will I get it"), not the money back.
            order_when |= asks_when && {
                let words = message.words_of(part);
                words
                    .iter()
                    .any(|w| is_order_word(w) || RECEIVING_WORDS.contains(w))
                    && !words.iter().any(|w| SHOP_AS_YOU.contains(w))
                    && !names_money(&words)
            };
            if let Some(entry) = entry.filter(|e| topics.iter().all(|(t, _)| t != e)) {
                let same = topics
                    .iter()
                    .any(|(t, p)| self.one_question((*t, *p), (entry, part), message, features));
                if !same {
                    topics.push((entry, part));
                    if topics.len() >= 2 {
                        return true;
                    }
                }
            }
        }
        // Beside sending something back, a when-question of no entry that names the order asks
        // when it comes ("When would my order reach me, and am I allowed to return unopened
        // tea?"); one of the money or the deadline is the return's own.
        let returning = self
            .owner_of(WITHDRAWAL)
            .filter(|returns| !topics.is_empty() && topics.iter().all(|(t, _)| t == returns));
        when_alone
            && ((order_when && returning.is_some())
                || self.owner_of(PAYMENT_METHOD).is_some_and(|payment| {
                    // Paying told after the question is the story ("when's my order going
                    // out? paid on monday").
                    let paying_asked = last_when.is_some_and(|when| {
                        (0..=when).any(|p| features.names_entry_in(p, payment))
                    });
                    topics.iter().all(|(t, _)| *t == payment)
                        && (!topics.is_empty() || paying_asked)
                }))
    }

    /// The entry whose concepts alone `part` names, if one does. The team's hours and the way
    /// to reach it named in one part ask when the team can be reached ("..., and what hours
    /// can I reach your team?"): the hours.
    fn owned_topic(&self, features: &Features, part: usize) -> Option<usize> {
        let mut owners = features
            .owners
            .iter()
            .filter(|(p, _)| *p == part)
            .map(|(_, entry)| *entry as usize);
        let first = owners.next()?;
        let hours = self.owner_of(HOURS);
        let reach = self.owner_of(REACH);
        let mut mixed = false;
        for entry in owners {
            if entry != first {
                let pair = [Some(first), Some(entry)];
                // Two entries of which one owns both would fold any other into it.
                if hours == reach || !(pair.contains(&hours) && pair.contains(&reach)) {
                    return None;
                }
                mixed = true;
            }
        }
        Some(if mixed { hours.unwrap_or(first) } else { first })
    }

    /// Whether two parts that ask about two entries (each `(entry, part)`) ask one question:
    /// what sending costs and how long it takes, about no order of the customer's ("za kolik
    /// to pošlete a jak dlouho to pojede do Olomouce?"; "... and when is my parcel finally
    /// coming?" asks about one); the team's hours and reaching it at a time the part names,
    /// or a wish to call said and the time asked; a damaged parcel reported and where to send
    /// its photos ("obal bol dotlačený. kam mám poslať fotky?"; "... what is your phone
    /// number?" asks the way); sending something back and then how many days
    /// (`asks_how_long_alone`); a thing broken in use told and its claim asked.
    pub(super) fn one_question(
        &self,
        first: (usize, usize),
        then: (usize, usize),
        message: &Message,
        features: &Features,
    ) -> bool {
        let is = |a: usize, b: usize| (first.0, then.0) == (a, b) || (first.0, then.0) == (b, a);
        let part_of = |entry: usize| if first.0 == entry { first.1 } else { then.1 };
        if let Some((delivery, status)) = self.sending_and_status()
            && is(delivery, status)
        {
            // The order-status part names no order nor parcel of the customer's ("... and
            // when is my parcel finally coming?" asks about one; "ile leci przesyłka" about
            // any). The cheap checks first; each part's concepts are read once.
            if message.names_an_order || features.problems.iter().any(|e| *e as usize == status) {
                return false;
            }
            let status_words = message.words_of(part_of(status));
            if status_words.iter().any(|word| is_order_word(word))
                || (names_transit(&status_words)
                    && status_words.iter().any(|word| MY_WORDS.contains(word)))
            {
                return false;
            }
            let status_concepts = self.lexicon.concepts(&status_words);
            let other_words = message.words_of(part_of(delivery));
            let other_concepts = self.lexicon.concepts(&other_words);
            let named = |concept: &str| {
                status_concepts
                    .iter()
                    .chain(&other_concepts)
                    .any(|(_, _, named)| *named == concept)
            };
            let tracking = status_concepts
                .iter()
                .any(|(_, _, named)| *named == TRACKING);
            return !tracking
                && [PRICE, POSTAGE, BASKET, DESTINATION, SHIPPING]
                    .iter()
                    .any(|concept| named(concept));
        }
        if let (Some(hours), Some(reach)) = (self.owner_of(HOURS), self.owner_of(REACH))
            && is(hours, reach)
        {
            // A wish to call said, and the time asked ("ich würde Sie gern persönlich
            // anrufen. Ist Ihr Büro über Pfingsten besetzt?"), asks the time alone.
            // So does a way to reach the team asked with "when" ("..., to už máte zavřeno? kdy
            // se vám vlastně dá dovolat").
            return self.part_names(message, part_of(reach), HOURS)
                || message.opens_with_when(part_of(reach))
                || (!message.question[part_of(reach)] && message.question[part_of(hours)]);
        }
        if let (Some(damaged), Some(reach)) = (self.owner_of(DAMAGED), self.owner_of(REACH))
            && is(damaged, reach)
        {
            return features.problems.contains(&(damaged as u32))
                && names_photos(&message.words_of(part_of(reach)));
        }
        if let (Some(returns), Some(delivery)) =
            (self.owner_of(WITHDRAWAL), self.owner_of(SHIPPING))
            && (first.0, then.0) == (returns, delivery)
        {
            return self.asks_how_long_alone(message, features, then.1);
        }
        // A claim asked about, and then how long it takes ("W jaki sposób mogę złożyć
        // reklamację i ile trwa jej rozpatrzenie?"): the claim's handling time, which its
        // answer gives, not shipping's, on the same terms as a return's deadline.
        if let (Some(claim), Some(delivery)) = (self.owner_of(FAULTY), self.owner_of(SHIPPING))
            && (first.0, then.0) == (claim, delivery)
        {
            return self.asks_how_long_alone(message, features, then.1);
        }
        if let (Some(claim), Some(damaged)) = (self.owner_of(FAULTY), self.owner_of(DAMAGED))
            && is(claim, damaged)
        {
            // A thing that broke, told, and how to claim it asked ("Der Wasserkocher ist nach
            // vier Monaten kaputt. Wie melde ich einen Garantiefall?"): one claim, which of
            // the two entries the scores and ties decide; unless the parcel or its way is
            // named ("balík prišiel roztrhaný ... je to reklamácia alebo vrátenie?").
            return !message.asks[part_of(damaged)]
                && message.asks[part_of(claim)]
                && !names_transit(&message.words_of(part_of(damaged)))
                && !names_transit(&message.words_of(part_of(claim)));
        }
        false
    }

    /// Whether `part`, after a question about sending something back or a claim, names how
    /// long and nothing of shipping's own ("hoe stuur ik hem terug, en binnen hoeveel dagen?"):
    /// the return's deadline or the claim's handling time, which their answers give, not how
    /// long shipping takes; not when it
    /// names shipping, its price, a courier, a place or an order ("... and how many days does
    /// shipping take?", "... en hoe lang moet ik wachten op een nieuwe zending naar tilburg?").
    fn asks_how_long_alone(&self, message: &Message, features: &Features, part: usize) -> bool {
        let words = message.words_of(part);
        let names = |concept: &str| self.words_name(&words, concept);
        names(DURATION)
            && !SHIPPINGS_OWN.iter().any(|concept| names(concept))
            && !words.iter().any(|word| is_order_word(word))
            && !features.places.iter().any(|(at, _)| *at == part)
    }

    /// Whether `part`, read as asking about `asked`, asks for money back beside sending
    /// something back (which the message names): the return's question, since its
    /// answer says when the money comes ("how do I send it back and when do I get my money?");
    /// not when the money has not come (a refund owed), nor when the part names a concept of
    /// `asked`'s own besides the refund ("... and can I pay by transfer to your account?"),
    /// unless it asks how long or when ("... a za ako dlho mi prídu peniaze späť?").
    pub(super) fn is_money_back_of_the_return(
        &self,
        message: &Message,
        features: &Features,
        part: usize,
        asked: usize,
    ) -> bool {
        !features.money_missing
            && (self.owner_of(REFUND) == Some(asked)
                || !features.names_entry_in(part, asked)
                || self.part_names(message, part, DURATION)
                // When the money comes back, also to the card it was paid with ("... і коли
                // гроші повернуться на картку?").
                || message.opens_with_when(part))
            && names_money(&message.words_of(part))
    }

    /// Whether `part`, read as asking about `asked`, asks only a price beside shipping
    /// (`shipping`, which the message names), in words that name nothing else: the shipping's
    /// price ("якою службою відправляєте і скільки це коштує?"); not the price of what another
    /// entry owns ("... and how much does the warranty cost?").
    pub(super) fn is_price_of_shipping(
        &self,
        message: &Message,
        features: &Features,
        part: usize,
        asked: usize,
        shipping: usize,
    ) -> bool {
        asked != shipping
            && features
                .owners
                .iter()
                .all(|(p, e)| *p != part || *e as usize == shipping)
            && message.content_slots_of(part).all(|slot| {
                let word = &message.words[message.content[slot]].0;
                features.in_term[slot]
                    || is_question_word(word, None)
                    || self.words_name(&[word.as_str()], SHIPPING)
                    || self
                        .keyword_entries
                        .get(stem_str(word))
                        .is_some_and(|entries| entries.contains(&(shipping as u32)))
            })
            && self.part_names(message, part, PRICE)
    }
}

/// The customer's own verbs of getting the goods (normalized words), in a when-question:
/// "dostanu", "obdržím", "dostanę", "krijg", "bekomme", "erhalte", "receive", "get", "отримаю";
/// not the shop's ("коли ви отримаєте посилку назад?"): a part that speaks to the shop as "you"
/// (`SHOP_AS_YOU`) asks when the shop gets something.
const RECEIVING_WORDS: &[&str] = &[
    "dostanu",
    "dostanem",
    "obdrzim",
    "dostaneme",
    "dostane",
    "otrzymam",
    "krijg",
    "bekomme",
    "erhalte",
    "receive",
    "get",
    "отримаю",
    "отримаємо",
    "получу",
];

/// "You" to the shop (normalized): "when will you get it back?", "wanneer krijgen jullie ...".
const SHOP_AS_YOU: &[&str] = &["you", "jullie", "ihr", "sie", "vy", "wy", "ви", "vi"];

/// Whether `part` is a when-clause after a comma that ends a question about paying the
/// courier ("чи можу я заплатити кур'єру готівкою, коли він принесе?": when he brings it).
fn when_the_courier_comes(message: &Message, part: usize) -> bool {
    message.opened[part] == Opening::Comma
        && part > 0
        && message.worded[part - 1]
        && !message.marked[part - 1]
        && message.opens_with_when(part)
        && message
            .words_of(part - 1)
            .iter()
            .any(|word| COURIER_WORDS.iter().any(|c| begins_with(word, c)))
}

/// Whether `part` is one item of a list of two topics asked about together: two short
/// phrases (one to three words after any joining word and before any question word) that
/// "and" joins at the start of a sentence, this one of shop vocabulary alone (but for one
/// word and a place it may name) with no question word, asked by the question mark that ends
/// the second, or by a question word that opens the second or the comma clause after it
/// ("lieferdauer und rückgaberecht, wie ist das bei euch?", "доставка і оплата як у вас?").
/// A comma joins two such phrases too when they are the whole message ("rückgabe,
/// lieferzeit?"). "zaplaceno a kdy to dorazí?" lists nothing: its second part is a question,
/// no phrase.
fn lists_a_topic(message: &Message, features: &Features, part: usize) -> bool {
    // The number of words of a part after any joining word, up to its first question word.
    let phrase = |part: usize| {
        message
            .words_of(part)
            .iter()
            .skip_while(|w| is_joining_word(w))
            .take_while(|w| !is_question_word(w, None))
            .count()
    };
    let opened = |part: usize| message.opened.get(part).copied();
    // Content words alone, no function word ("czas dostawy", not "v sobotu máte otevřeno").
    let bare = |part: usize| message.content_slots_of(part).count() == message.words_of(part).len();
    // "and", or "i" read as "also" between two phrases of content words alone (Czech and
    // Slovak "i", Polish "i" where the language is not known; a word of one letter, which the
    // part's words leave out, unlike "also" itself: "czas dostawy i zwroty?").
    // Or a comma, in a message of the two phrases of content words alone, the question mark
    // ending the second ("rückgabe, lieferzeit?"; not "wezmę za pobraniem, kurier przyjmie
    // gotówkę?", which asks whether the courier takes cash).
    let lists = |part: usize| {
        opened(part) == Some(Opening::And)
            || (opened(part) == Some(Opening::Comma)
                && part == 1
                && message.marked[part]
                && bare(0)
                && bare(1)
                && (2..message.opened.len()).all(|after| message.words_of(after).is_empty()))
            || (opened(part) == Some(Opening::Also)
                && part > 0
                && bare(part - 1)
                && bare(part)
                && message
                    .words_of(part)
                    .first()
                    .is_some_and(|first| !is_joining_word(first)))
    };
    let first = if lists(part + 1) {
        part
    } else if lists(part) && part > 0 {
        part - 1
    } else {
        return false;
    };
    let second = first + 1;
    let asked_by = |part: usize| message.worded[part] && phrase(part) == 0;
    let asked = message.marked[second]
        || asked_by(second)
        || (opened(second + 1) == Some(Opening::Comma)
            && message.marked[second + 1]
            && asked_by(second + 1));
    let unknown = message
        .content_slots_of(part)
        .filter(|slot| !features.in_term[*slot])
        .count();
    let names_a_place = features.places.iter().any(|(p, _)| *p == part);
    !message.worded[part]
        && (1..=3).contains(&phrase(part))
        && (1..=3).contains(&phrase(first + second - part))
        && opened(first) == Some(Opening::Sentence)
        && asked
        && unknown <= 1 + usize::from(names_a_place)
}

/// "Also", normalized: a statement joined on with it is one more matter ("..., a taky bych
/// chtěl vědět, jestli berete PayPal").
const ALSO_WORDS: &[&str] = &[
    "taky",
    "take",
    "tez",
    "tiez",
    "rovnez",
    "ook",
    "auch",
    "also",
    "too",
    "також",
    "ponadto",
    "bovendien",
    "ausserdem",
    "additionally",
    "besides",
];

/// Beginnings of words for the one who brings the parcel (normalized): paying them "when he
/// brings it" is paying on delivery, one question.
const COURIER_WORDS: &[&str] = &[
    "kuryr",
    "kurier",
    "courier",
    "koerier",
    "bezorger",
    "postbode",
    "bote",
    "zusteller",
    "postman",
    "postie",
    "listonosz",
    "postak",
    "postar",
    "курєр",
    "листонош",
];

/// Whether `part` is question words alone ("bis wann?", "wie?", "and when?"), with no
/// matter of its own.
fn asks_on(message: &Message, part: usize) -> bool {
    message.words_of(part).iter().all(|word| {
        is_question_word(word, None) || UNTIL_WORDS.contains(word) || is_joining_word(word)
    })
}

/// "Until" and "from", which make a time question of a question word ("bis wann").
const UNTIL_WORDS: &[&str] = &["bis", "until", "till", "tot", "ab", "od", "do", "до", "від"];
