//! Deciding between the best two entries when their scores cannot: the rules that read
//! what the message names (the team's hours or the way to reach it, a return or money back,
//! an order's whereabouts or sending, paying or sending, a claim or a damaged parcel, an
//! exchange of goods received or an order's whereabouts).

use super::*;

impl Faq {
    /// Which of the entries about the team's hours and about reaching the team a message that
    /// scores those two best asks about, with the other: a question that asks when ("kdy se
    /// vám můžu dovolat?", "ab welcher Uhrzeit kann ich anrufen?") the hours; between two near
    /// scores, the hours when the message names a time ("27 april is het koningsdag, kan ik
    /// jullie dan bellen?"), else the way when it names one ("bereikbaar via whatsapp of
    /// alleen per telefoon?"). A time named with "still" ("nog", "ještě") asks the hours
    /// whatever the scores; where exactly the shop is, asked without asking when or whether it
    /// is open, asks the way whatever the scores. None when the scores decide.
    pub(super) fn hours_or_reach(&self, tie: &Tie) -> Option<(usize, usize)> {
        let (hours, reach) = (self.owner_of(HOURS)?, self.owner_of(REACH)?);
        if !tie.is(hours, reach) || !TEAM_TIME.iter().any(|concept| tie.named.names(concept)) {
            return None;
        }
        let hours_named = tie.named.names(HOURS);
        if tie.message.asks_when() {
            Some((hours, reach))
        } else if tie.features.asks_where_the_shop_is
            && tie.named.names(SHOP_PLACE)
            && !tie.named.names(OPEN)
        {
            // Where the shop is, asked with a visit's day ("v sobotu budeme v Praze, kde přesně
            // vás najdeme?"): the way there, whatever the day named; not whether it is open
            // then ("v sobotu máte otevřeno i na prodejně?").
            Some((reach, hours))
        } else if hours_named && (tie.near || self.still_there_then(tie.message)) {
            Some((hours, reach))
        } else if tie.near && tie.named.names(REACH) {
            Some((reach, hours))
        } else {
            None
        }
    }

    /// Whether a question says "still" ("nog", "ještě") with the team's hours named in it or
    /// before it: whether the team is there then ("vrijdagmiddag rond half vier, kan ik
    /// jullie dan nog telefonisch bereiken?", "..., lohnt es sich dann noch, euren support zu
    /// kontaktieren?"); not a time told after the question ("do you still have the whatsapp
    /// number? i messaged on saturday morning").
    fn still_there_then(&self, message: &Message) -> bool {
        let words = message.all_words();
        let Some(still_part) = message
            .words
            .iter()
            .find(|(w, part)| STILL_WORDS.contains(&w.as_str()) && message.in_a_question(*part))
            .map(|(_, part)| *part)
        else {
            return false;
        };
        self.lexicon
            .concepts(&words)
            .iter()
            .any(|(at, _, concept)| *concept == HOURS && message.words[*at].1 <= still_part)
    }

    /// Between the entry about sending something back and the one for a person about money
    /// back (`money_back_entry`), at near scores: sending back, when the message asks how or
    /// whether (not when), names sending back, and says nothing was sent back yet nor money
    /// missing ("can I send the grinder back and get my money?" asks how to return; "I
    /// returned it a month ago, when does the money come?" is money owed). None otherwise.
    pub(super) fn return_or_refund(&self, tie: &Tie) -> Option<(usize, usize)> {
        let (returns, refund) = (self.owner_of(WITHDRAWAL)?, self.money_back_entry?);
        let decides = tie.near
            && tie.is(returns, refund)
            && !tie.features.money_missing
            && tie.message.asks.contains(&true)
            && !tie.message.asks_when()
            && tie.named.names(WITHDRAWAL);
        decides.then_some((returns, refund))
    }

    /// Between the entry about sending something back and another that answers, at near
    /// scores: the return's, when the message exchanges goods it has received
    /// (`Features::exchange_return_entry`, which no problem reported and no action on an order
    /// accompany), and the return scores best or the other is the order's whereabouts. The
    /// order such goods came in is named as their story, not asked after ("dorazila mi káva
    /// mletá na espresso, šlo by ji vyměnit za hrubší mletí? obj. 2024-2291"); a second matter
    /// asked beside the exchange ("if I exchange it, how long does delivery take?") still is
    /// one. None otherwise.
    pub(super) fn exchange_decides(&self, tie: &Tie) -> Option<(usize, usize)> {
        let returns = usize::try_from(tie.features.exchange_return_entry?).ok()?;
        let other = tie.other_than(returns)?;
        let status = self.owner_of(TRACKING);
        let decides = tie.near
            && !self.entries[other].escalate
            && (tie.best == returns || status == Some(other));
        decides.then_some((returns, other))
    }

    /// Between the entries about sending something back and about sending, at near scores:
    /// the return's, when the message names sending back and how long, and nothing of
    /// shipping's own (its price, postage, a courier, a country, a place, an order): the
    /// days to return in ("jde to vrátit jen tak bez důvodu? kolik mám dní"). None otherwise.
    pub(super) fn return_or_shipping(&self, tie: &Tie) -> Option<(usize, usize)> {
        let (returns, delivery) = (self.owner_of(WITHDRAWAL)?, self.owner_of(SHIPPING)?);
        let shipping_named = SHIPPINGS_OWN.iter().any(|concept| tie.named.names(concept));
        let decides = tie.near
            && tie.is(returns, delivery)
            && tie.named.names(WITHDRAWAL)
            && tie.named.names(DURATION)
            && !shipping_named
            && tie.features.places.is_empty()
            && !tie.message.names_order_word();
        decides.then_some((returns, delivery))
    }

    /// Between the entry about a faulty product's claim and the one about sending, whatever
    /// their scores: the claim's, when the message names a claim and how long, and nothing of
    /// shipping's own (its price, postage, tracking, a courier, a country, a place; an order named is the
    /// claim's, bought once): how long the claim's handling takes ("Chtěla bych uplatnit záruku. Jak dlouho vyřízení obvykle
    /// trvá?"), which the claim's answer says. None otherwise.
    pub(super) fn claim_or_shipping(&self, tie: &Tie) -> Option<(usize, usize)> {
        let (claim, delivery) = (self.owner_of(FAULTY)?, self.owner_of(SHIPPING)?);
        let decides = tie.is(claim, delivery)
            && (tie.named.names(FAULTY) || tie.named.names(WARRANTY))
            && tie.named.names(DURATION)
            && !SHIPPINGS_OWN.iter().any(|concept| tie.named.names(concept))
            && tie.features.places.is_empty();
        decides.then_some((claim, delivery))
    }

    /// Between the entry about sending and the one about an order's whereabouts, at near
    /// scores: the order's, when the message names an order (its number) or one that has not
    /// come; sending, when it names a price, postage, a country or the basket ("wie viel zahl
    /// ich fürs Verschicken nach Graz?"), or a place in a question ("schickt ihr auch nach
    /// Wien?"; a town in a story decides nothing: "studujem v Bratislave"). None when it names
    /// both or neither. Whether the answer serves the place is for the place checks to say.
    pub(super) fn delivery_or_status(&self, tie: &Tie) -> Option<(usize, usize)> {
        let (delivery, status) = self.sending_and_status()?;
        if !tie.near || !tie.is(delivery, status) {
            return None;
        }
        // An order that has not come, or one named by its number in a question or in a message
        // that only tells and names no address ("paczka miała być w 3-4 dni a minął tydzień,
        // zamówienie 40213"); a request beside a number, or an address, is rather an action on
        // it ("objednávka 12345 – doručte do práce", "Bestellung 44120: die Lieferadresse ist
        // falsch").
        let message = tie.message;
        let an_order = tie.named.names(MISSING)
            || (message.names_an_order
                && (message.marked.contains(&true)
                    || (!message.asks.contains(&true) && !message.names_address_word())));
        // Sending asked about before any order: a price, postage, a country, the basket or a
        // place asked about, in a message that names no order of the customer's ("Czy moje
        // zamówienie do Polski już wysłane?" asks about one).
        let sending = ([PRICE, POSTAGE, BASKET, DESTINATION]
            .iter()
            .any(|concept| tie.named.names(concept))
            || tie
                .features
                .places
                .iter()
                .any(|(part, _)| message.marked[*part] && message.asks[*part]))
            && !message.names_order_word();
        match (an_order, sending) {
            (true, false) => Some((status, delivery)),
            (false, true) => Some((delivery, status)),
            _ => None,
        }
    }

    /// The entries about sending and about an order's whereabouts, when two entries own them.
    pub(super) fn sending_and_status(&self) -> Option<(usize, usize)> {
        let (delivery, status) = (self.owner_of(SHIPPING)?, self.owner_of(TRACKING)?);
        (delivery != status).then_some((delivery, status))
    }

    /// At near scores between two entries that answer, in a message that asks: the better
    /// one, when it owns a concept the message names and the other owns none it names, and
    /// the message names no problem the better one does not own. None otherwise (the
    /// worse-scoring one is never chosen, and the pair of sending and an order's
    /// whereabouts is `delivery_or_status`'s).
    pub(super) fn owner_decides(&self, tie: &Tie) -> Option<(usize, usize)> {
        let (best, second) = (tie.best, tie.second);
        if !tie.near
            || self.entries[best].escalate
            || self.entries[second].escalate
            || !tie.message.asks.contains(&true)
            || self
                .sending_and_status()
                .is_some_and(|(delivery, status)| tie.is(delivery, status))
        {
            return None;
        }
        // A problem named that the best entry does not own is a second matter ("the grinder
        // broke, and the other parcel has still not come").
        let other_problem = PROBLEM_CONCEPTS
            .iter()
            .any(|problem| tie.named.names(problem) && self.owner_of(problem) != Some(best));
        let names = |entry: usize| tie.features.names_entry(entry);
        (names(best) && !names(second) && !other_problem).then_some((best, second))
    }

    /// Between the entries about paying and about sending, at near scores: paying, when the
    /// message names a way to pay and no cost ("a za pobraniem wysyłacie?", "vyberie peniaze
    /// poštárka pri doručení?"); sending, when it names postage, a price or the basket ("moet
    /// ik nog verzending betalen als mijn mandje op 40 euro staat?"), or no way to pay but a
    /// destination, shipping or how long it takes ("stihne to kuriér do štvrtka, keď to dnes
    /// zaplatím?"). None otherwise.
    pub(super) fn payment_or_delivery(&self, tie: &Tie) -> Option<(usize, usize)> {
        let (payment, delivery) = (self.owner_of(PAYMENT_METHOD)?, self.owner_of(SHIPPING)?);
        if !tie.near || !tie.is(payment, delivery) {
            return None;
        }
        let costs = [POSTAGE, PRICE, BASKET]
            .iter()
            .any(|concept| tie.named.names(concept));
        if tie.named.names(PAYMENT_METHOD) && !costs {
            Some((payment, delivery))
        } else if costs
            || [DESTINATION, SHIPPING, DURATION]
                .iter()
                .any(|concept| tie.named.names(concept))
        {
            Some((delivery, payment))
        } else {
            None
        }
    }

    /// Between the entry about sending and one for a person, at near scores: sending, when
    /// the message names what sending costs, postage or a price beside a courier, shipping
    /// or how long it takes ("нова пошта від вас скільки буде коштувати?", "po
    /// ilu dniach kurier dowiezie i ile płacę za transport?"), and names nothing the other
    /// entry owns: a product's own price stays a person's. None otherwise.
    pub(super) fn shipping_cost_or_person(&self, tie: &Tie) -> Option<(usize, usize)> {
        let delivery = self.owner_of(SHIPPING)?;
        let other = tie.other_than(delivery)?;
        if !tie.near || !self.entries[other].escalate {
            return None;
        }
        // A place alone beside a price can be a product's ("was kostet die Bohne nach
        // Österreich?"), and postage alone one's price with it ("the grinder including
        // postage").
        let price_of_sending = [POSTAGE, PRICE].iter().any(|c| tie.named.names(c))
            && [CARRIER, DURATION, SHIPPING]
                .iter()
                .any(|concept| tie.named.names(concept));
        (price_of_sending && !tie.features.names_entry(other)).then_some((delivery, other))
    }

    /// Between the entries about a faulty product and a parcel damaged on its way, at near
    /// scores: the faulty product's, when the message names no parcel nor its way (no box,
    /// courier or arriving): the thing broke in use ("de maalschijf is gebroken na normaal
    /// gebruik", "konvička má prasklou rukojeť, jen tak sama od sebe"). None otherwise.
    pub(super) fn claim_or_damage(&self, tie: &Tie) -> Option<(usize, usize)> {
        let (claim, damaged) = (self.owner_of(FAULTY)?, self.owner_of(DAMAGED)?);
        let decides = tie.near && tie.is(claim, damaged) && !names_transit(tie.named.all);
        decides.then_some((claim, damaged))
    }

    /// At near scores between the way to reach the team and the entry about a parcel damaged
    /// on its way, which the message reports: the damaged parcel's, when the customer asks
    /// where to send its photos, which its answer asks for ("krabica premočená a šálka má
    /// odštiepnuté uško. Kam vám mám poslať fotky?"), or names no way to reach the team at
    /// all. Not for a faulty thing ("the form doesn't work, give me your e-mail"), nor for a
    /// way named ("the mug broke. what is your phone number?"). None otherwise.
    pub(super) fn damage_decides(&self, tie: &Tie) -> Option<(usize, usize)> {
        let (reach, damaged) = (self.owner_of(REACH)?, self.owner_of(DAMAGED)?);
        let decides = tie.near
            && tie.is(reach, damaged)
            && tie.features.problems.contains(&(damaged as u32))
            && (names_photos(tie.named.all) || !tie.named.names(REACH));
        decides.then_some((damaged, reach))
    }

    /// At near scores between the entry about a parcel damaged on its way, which the message
    /// reports, and sending, an order's whereabouts or the team's hours: the damaged parcel's,
    /// when the message names no other problem ("paczka doszła zgnieciona, w środku potłuczony
    /// dzbanek. mam zdjęcia, gdzie je wysłać?" is not where a parcel goes; "opened it this
    /// morning, the box was caved in" not when the team opens). None otherwise.
    pub(super) fn damage_reported(&self, tie: &Tie) -> Option<(usize, usize)> {
        let damaged = self.owner_of(DAMAGED)?;
        let other = tie.other_than(damaged)?;
        let neighbour = [SHIPPING, TRACKING, HOURS]
            .iter()
            .any(|concept| self.owner_of(concept) == Some(other));
        let other_problem = PROBLEM_CONCEPTS
            .iter()
            .any(|problem| tie.named.names(problem) && self.owner_of(problem) != Some(damaged));
        // "where is it? hopefully not damaged" reports nothing.
        let hoped_away = tie
            .named
            .all
            .iter()
            .any(|w| HOPE_WORDS.iter().any(|hope| w.starts_with(hope)));
        let decides = tie.near
            && neighbour
            && tie.features.problems.contains(&(damaged as u32))
            && !other_problem
            && !hoped_away;
        decides.then_some((damaged, other))
    }
}

/// Beginnings of hoping, normalized: a damage hoped away is none reported.
pub(super) const HOPE_WORDS: &[&str] = &[
    "hopefully",
    "hope",
    "snad",
    "doufa",
    "dufa",
    "hoffentlich",
    "hoffe",
    "hopelijk",
    "hoop",
    "nadziej",
    "oby",
    "сподіва",
    "надію",
    "speram",
];

/// "Still" ("is anyone still there at half four?"), normalized.
const STILL_WORDS: &[&str] = &["jeste", "este", "jeszcze", "nog", "noch", "still", "ще"];

/// The best two entries of a message, for the rules that decide between them when the scores
/// cannot (`Faq::hours_or_reach` and the others).
pub(super) struct Tie<'m> {
    pub(super) message: &'m Message,
    pub(super) named: &'m NamedConcepts<'m>,
    pub(super) features: &'m Features,
    pub(super) best: usize,
    pub(super) second: usize,
    /// The two score within the page's margin of each other.
    pub(super) near: bool,
}

impl Tie<'_> {
    /// Whether the two are `a` and `b`, in either order.
    pub(super) fn is(&self, a: usize, b: usize) -> bool {
        a != b && ((self.best, self.second) == (a, b) || (self.best, self.second) == (b, a))
    }

    /// The other of the two, when `entry` is one of them.
    pub(super) fn other_than(&self, entry: usize) -> Option<usize> {
        let other = if self.best == entry {
            self.second
        } else {
            self.best
        };
        self.is(entry, other).then_some(other)
    }
}

/// The concepts a message names, read from the lexicon once, when first asked for (most
/// messages need none of them): `Faq::read` asks whether it names one, and reads the
/// message's features from them.
pub(super) struct NamedConcepts<'a> {
    lexicon: &'a Lexicon,
    all: &'a [String],
    named: std::cell::OnceCell<Vec<(usize, usize, &'a str)>>,
}

impl<'a> NamedConcepts<'a> {
    pub(super) fn new(lexicon: &'a Lexicon, all: &'a [String]) -> Self {
        NamedConcepts {
            lexicon,
            all,
            named: std::cell::OnceCell::new(),
        }
    }

    /// The concepts, as `Lexicon::concepts` reads them from all the message's words.
    pub(super) fn concepts(&self) -> &[(usize, usize, &'a str)] {
        self.named.get_or_init(|| {
            let words: Vec<&str> = self.all.iter().map(String::as_str).collect();
            self.lexicon.concepts(&words)
        })
    }

    pub(super) fn names(&self, concept: &str) -> bool {
        self.concepts()
            .iter()
            .any(|(_, _, named)| *named == concept)
    }
}
