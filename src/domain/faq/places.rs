//! Places: the countries each entry's answers name, and whether a message asks about a
//! place the answer cannot speak for ("do you ship to Switzerland?" beside an answer that
//! names Germany and Austria).

use super::*;

impl Faq {
    /// The same FAQ, with the countries its answers name among the ones each entry covers
    /// (`texts`: entry id, the answer's language, its text): "Wir liefern nach Deutschland und
    /// Österreich" answers "liefert ihr nach Österreich?" though no example names Austria.
    pub fn with_answers_naming_places<'a>(
        mut self,
        texts: impl IntoIterator<Item = (&'a str, Language, &'a str)>,
    ) -> Faq {
        // Answers are long: they are read with the countries' terms alone.
        let places = if Arc::ptr_eq(&self.lexicon, &Lexicon::bundled()) {
            Lexicon::bundled_places()
        } else {
            Arc::new(self.lexicon.places_only())
        };
        let index: HashMap<&str, usize> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        // Only the answer about shipping says where the shop serves: "Prague time" in the
        // hours and "Prague 2" in the address say where it is.
        let shipping = self.owner_of(SHIPPING);
        for (id, language, text) in texts {
            let words = normalize(text);
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let Some(named_by_entry) = index
                .get(id)
                .filter(|i| Some(**i) == shipping)
                .and_then(|i| self.entry_places.get_mut(*i))
            else {
                // Another answer names where the shop is, by its city too ("Prague 2").
                if index.contains_key(id) {
                    let named = self.lexicon.concepts(&words);
                    self.shop_places.extend(
                        named
                            .into_iter()
                            .filter(|(_, _, concept)| is_place(concept))
                            .map(|(_, _, concept)| concept.to_owned()),
                    );
                }
                continue;
            };
            named_by_entry.extend(
                places
                    .concepts(&words)
                    .into_iter()
                    .map(|(_, _, concept)| (language, concept.to_owned())),
            );
        }
        for named_by_entry in &mut self.entry_places {
            named_by_entry.sort_unstable();
            named_by_entry.dedup();
        }
        self.shop_places.sort_unstable();
        self.shop_places.dedup();
        self
    }

    /// Whether the message names a country the entry does not name in the message's language
    /// (in any, when that is unknown), when the entry names some: its answer cannot say whether
    /// the shop ships there. An entry about shipping that names none answers for the country
    /// of the customer's language alone ("posíláte do Brna?", not "... do Německa?").
    pub(super) fn names_other_place(
        &self,
        message: &Message,
        features: &Features,
        entry: usize,
        language: Option<Language>,
    ) -> bool {
        // Beside a destination the answer covers, the shop's own place told in a part that
        // asks nothing is the customer's story ("mijn zus woont in Utrecht en is gek op
        // jullie koffie sinds ze vorig jaar in Praag was."), no destination; asked about, it
        // is one ("doručíte aj k nám do Ostravy? teda Česko, nie Slovensko").
        let other = |covered: &dyn Fn(&str) -> bool| {
            let destination = features.places.iter().any(|(_, place)| covered(place));
            // Named again in a part that asks ("som zo Slovenska ale študujem v Brne, koľko
            // stojí doprava do Brna?"), or as where something goes ("darček posielam sestre do
            // Prahy, koľko stojí doprava?"); read only for such a place, which is rare.
            let asked = |place: &str| {
                (0..message.asks.len()).any(|part| {
                    let words = message.words_of(part);
                    self.lexicon.concepts(&words).iter().any(|(at, _, named)| {
                        *named == place
                            && (message.asks[part]
                                || at
                                    .checked_sub(1)
                                    .and_then(|before| words.get(before))
                                    .is_some_and(|before| TOWARDS.contains(before)))
                    })
                })
            };
            let story =
                |place: &String| destination && self.shop_places.contains(place) && !asked(place);
            features
                .places
                .iter()
                .any(|(_, place)| !covered(place) && !story(place))
        };
        let Some(places) = self.entry_places.get(entry).filter(|p| !p.is_empty()) else {
            let ships = self.owner_of(SHIPPING) == Some(entry);
            let home = language.map_or(&[][..], home_countries);
            return ships && other(&|place: &str| home.contains(&place));
        };
        let names = |place: &str| {
            places
                .iter()
                .any(|(l, p)| language.is_none_or(|own| *l == own) && p == place)
        };
        // The customer's own country is where a shop writing in their language ships.
        let home = language.map_or(&[][..], home_countries);
        let covered = |place: &str| {
            names(place) || (names(EU) && EU_MEMBERS.contains(&place)) || home.contains(&place)
        };
        other(&covered)
    }

    /// Whether a message that asks names a place the entry about places does not, when the
    /// best entry names none and the message names a concept of that entry, or the best entry
    /// is the one that tracks parcels: "а в кишинів відправите?" asks where the shop sends
    /// parcels, whichever entry its words score best, and so do "my sister lives in Cologne.
    /// can you deliver there?" and "ich wohne in Zürich, kommt ein Paket überhaupt bis zu mir?".
    /// Not when the message reports a problem of the best entry's (a parcel came broken).
    pub(super) fn asks_about_other_place(
        &self,
        message: &Message,
        features: &Features,
        best: usize,
        language: Option<Language>,
    ) -> bool {
        let best_names_none = self.entry_places.get(best).is_none_or(|p| p.is_empty());
        let Some(about_places) = self.entry_about_places() else {
            return false;
        };
        let tracks_parcels = self.owner_of(TRACKING) == Some(best);
        // An address there that something is sent to ("czy paczka może iść na adres w
        // Wiedniu?", "could you mail a grinder to a US address?") asks where parcels go, not
        // where the shop is: a message naming a place, with a part that names a postal
        // address (not an e-mail's: "what's your email address? I'm in Canada") beside a
        // parcel or sending.
        // In any part, since a place counts where the message first names it ("my sister lives
        // in Munich, can you send a parcel to an address in Germany?"); not an address that
        // something goes back to, which is the shop's ("I live in Canada. What address do I
        // send the parcel back to?").
        let address_there = || {
            (0..message.asks.len()).any(|part| {
                if self.part_names(message, part, WITHDRAWAL) {
                    return false;
                }
                let words = message.words_of(part);
                let postal = (0..words.len()).any(|at| {
                    is_address_word(words[at])
                        && ![at.checked_sub(1), Some(at + 1)]
                            .into_iter()
                            .flatten()
                            .filter_map(|near| words.get(near))
                            .any(|near| near.contains("mail"))
                });
                postal
                    && (names_transit(&words)
                        || words
                            .iter()
                            .any(|w| SENDING_WORDS.iter().any(|s| w.starts_with(s))))
            })
        };
        // A problem of the best entry's reported happened there already: "bits of china
        // everywhere" in a parcel that came broken asks nothing about where parcels go, unless
        // a part that asks names the place ("do you ship to Switzerland? last time a parcel
        // came broken").
        let problem_reported = features.problems.contains(&(best as u32))
            && !features.places.iter().any(|(part, _)| message.asks[*part]);
        best_names_none
            && !problem_reported
            && !features.places.is_empty()
            && message.asks.contains(&true)
            && (tracks_parcels
                || features.names_entry_beyond_places(about_places)
                || address_there())
            && self.names_other_place(message, features, about_places, language)
    }

    /// The entry about places: the one whose examples or answers name countries (where the
    /// shop delivers), if one alone does, else the one about shipping when none does. A part
    /// of a message that asks and names a place asks about it ("wann wäre das Paket in
    /// Leipzig und kann ich mit PayPal zahlen?").
    pub(super) fn entry_about_places(&self) -> Option<usize> {
        let mut naming = (0..self.entry_places.len()).filter(|e| !self.entry_places[*e].is_empty());
        match naming.next() {
            Some(entry) => naming.next().is_none().then_some(entry),
            None => self.owner_of(SHIPPING),
        }
    }
}

/// The countries whose customers write in `language`: where a shipping entry that names no
/// country is presumed to ship (none for English, written everywhere).
fn home_countries(language: Language) -> &'static [&'static str] {
    match language {
        Language::Cs => &["c:place_cz"],
        Language::Sk => &["c:place_sk"],
        Language::Pl => &["c:place_pl"],
        Language::Nl => &["c:place_nl", "c:place_be"],
        Language::Uk => &["c:place_ua"],
        Language::De => &["c:place_de", "c:place_at"],
        Language::En => &[],
    }
}

/// The European Union as a place: an entry that names it covers its members ("we ship within
/// the EU" answers "do you deliver to Ireland?").
const EU: &str = "c:place_eu";
const EU_MEMBERS: &[&str] = &[
    "c:place_at",
    "c:place_be",
    "c:place_bg",
    "c:place_hr",
    "c:place_cy",
    "c:place_cz",
    "c:place_dk",
    "c:place_ee",
    "c:place_fi",
    "c:place_fr",
    "c:place_de",
    "c:place_gr",
    "c:place_hu",
    "c:place_ie",
    "c:place_it",
    "c:place_lv",
    "c:place_lt",
    "c:place_lu",
    "c:place_mt",
    "c:place_nl",
    "c:place_pl",
    "c:place_pt",
    "c:place_ro",
    "c:place_sk",
    "c:place_si",
    "c:place_es",
    "c:place_se",
];

/// Beginnings of words for sending something somewhere, beside an address.
const SENDING_WORDS: &[&str] = &[
    "stur",
    "stuur",
    "send",
    "mail",
    "ship",
    "schick",
    "versend",
    "posl",
    "posil",
    "wysl",
    "wysyl",
    "надісл",
    "відправ",
];

/// Words before a place that make it where something goes ("do Prahy", "nach Prag", "naar
/// Praag", "to Prague", "до Праги"), normalized; one-letter ones ("в") are gone.
const TOWARDS: &[&str] = &["do", "na", "nach", "naar", "to", "into", "до", "на"];
