//! How a page's FAQ does on labelled messages (`<entry or none><TAB><message>` lines): right,
//! wrong, abstained, and how often it answered what must reach a person, per group (a
//! `# --- <name>` line starts one, e.g. a language; a message before any such line counts
//! in the language the matcher detects). Shared by `frontdesk faq eval` (which prints it) and
//! the console's FAQ page (which bounds what it accepts: `parse_bounded`).

use std::time::{Duration, Instant};

use crate::domain::page::Page;

/// The most text the console evaluates at once.
pub const MAX_BYTES: usize = 1_000_000;
/// The most lines the console evaluates at once.
pub const MAX_LINES: usize = 5_000;

/// One labelled message: the entry it asks about, or `None` when it must reach a person.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    pub expected: Option<String>,
    pub text: String,
    /// The group it is reported in: the first word of the last `# --- <name> …` line before
    /// it; none before the first such line.
    pub group: Option<String>,
}

/// Why labelled text cannot be evaluated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("line {line}: expected <entry>\\t<message>")]
    Malformed { line: usize },
    #[error("the text has {bytes} bytes; at most {MAX_BYTES} are evaluated at once")]
    TooLarge { bytes: usize },
    #[error("the text has {lines} lines; at most {MAX_LINES} are evaluated at once")]
    TooManyLines { lines: usize },
}

/// Reads `<entry or none>\t<message>` lines; `#` starts a comment line, and `# --- <name>`
/// starts a group.
pub fn parse(text: &str) -> Result<Vec<Labelled>, InputError> {
    let mut group = None;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(name) = line.strip_prefix("# ---") {
            group = name.split_whitespace().next().map(str::to_owned);
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (expected, message) = line
            .split_once('\t')
            .ok_or(InputError::Malformed { line: i + 1 })?;
        let expected = expected.trim();
        out.push(Labelled {
            expected: (expected != "none").then(|| expected.to_owned()),
            text: message.trim().to_owned(),
            group: group.clone(),
        });
    }
    Ok(out)
}

/// `parse`, refusing more than `MAX_BYTES` or `MAX_LINES` (what a person may paste or upload).
pub fn parse_bounded(text: &str) -> Result<Vec<Labelled>, InputError> {
    if text.len() > MAX_BYTES {
        return Err(InputError::TooLarge { bytes: text.len() });
    }
    let lines = text.lines().count();
    if lines > MAX_LINES {
        return Err(InputError::TooManyLines { lines });
    }
    parse(text)
}

/// The outcome counts of one group of messages (or of all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub answerable: usize,
    pub answered_right: usize,
    pub answered_wrong: usize,
    /// Answerable messages it did not answer.
    pub abstained: usize,
    pub escalate_only: usize,
    pub escalate_answered: usize,
}

impl Counts {
    pub fn accuracy(&self) -> f64 {
        ratio(self.answered_right, self.answerable)
    }
    pub fn wrong_answer_rate(&self) -> f64 {
        ratio(self.answered_wrong, self.answerable)
    }
    pub fn abstained_rate(&self) -> f64 {
        ratio(self.abstained, self.answerable)
    }
    pub fn escalate_answered_rate(&self) -> f64 {
        ratio(self.escalate_answered, self.escalate_only)
    }

    fn add(&mut self, other: &Counts) {
        self.answerable += other.answerable;
        self.answered_right += other.answered_right;
        self.answered_wrong += other.answered_wrong;
        self.abstained += other.abstained;
        self.escalate_only += other.escalate_only;
        self.escalate_answered += other.escalate_answered;
    }
}

/// One evaluated message.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The entry it asks about, `none` when it must reach a person.
    pub expected: String,
    /// What the matcher did: the entry it answered, or its verdict; with its scores.
    pub got: String,
    pub text: String,
    /// Whether it went wrong (a wrong answer, an abstention, or an answer to what needed a
    /// person).
    pub mistake: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    pub total: Counts,
    /// Per group, in the order the groups first appear.
    pub groups: Vec<(String, Counts)>,
    /// Every message, in order.
    pub lines: Vec<Line>,
    /// The matcher's time per message, sorted.
    pub latencies: Vec<Duration>,
}

impl Report {
    pub fn accuracy(&self) -> f64 {
        self.total.accuracy()
    }
    pub fn wrong_answer_rate(&self) -> f64 {
        self.total.wrong_answer_rate()
    }
    pub fn escalate_answered_rate(&self) -> f64 {
        self.total.escalate_answered_rate()
    }

    /// The messages that went wrong, in order.
    pub fn mistakes(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|line| line.mistake)
    }
}

pub fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Matches every message against the page's FAQ.
pub fn evaluate(page: &Page, messages: &[Labelled]) -> Report {
    let mut report = Report::default();
    for message in messages {
        let started = Instant::now();
        let result = page.faq.matches(&message.text);
        report.latencies.push(started.elapsed());
        let answered = result.verdict.answered_entry().map(str::to_owned);
        let scores = match (&result.best, &result.runner_up) {
            (Some(best), Some(second)) => format!(
                " ({} {:.2} / {} {:.2}, coverage {:.2})",
                best.entry,
                best.score,
                second.entry,
                second.score,
                result.coverage.unwrap_or_default()
            ),
            _ => String::new(),
        };
        let got = match (&answered, &result.verdict) {
            (Some(entry), _) => format!("{entry}{scores}"),
            (None, verdict) => format!(
                "{}{scores}",
                serde_json::to_string(verdict).unwrap_or_default()
            ),
        };
        let mut counts = Counts::default();
        let mistake = match (&message.expected, &answered) {
            (Some(expected), Some(entry)) if expected == entry => {
                counts.answerable += 1;
                counts.answered_right += 1;
                false
            }
            (Some(_), Some(_)) => {
                counts.answerable += 1;
                counts.answered_wrong += 1;
                true
            }
            (Some(_), None) => {
                counts.answerable += 1;
                counts.abstained += 1;
                true
            }
            (None, Some(_)) => {
                counts.escalate_only += 1;
                counts.escalate_answered += 1;
                true
            }
            (None, None) => {
                counts.escalate_only += 1;
                false
            }
        };
        report.lines.push(Line {
            expected: message.expected.clone().unwrap_or_else(|| "none".into()),
            got,
            text: message.text.clone(),
            mistake,
        });
        report.total.add(&counts);
        let group = match &message.group {
            Some(group) => group.clone(),
            None => result
                .language
                .map_or_else(|| "other".to_owned(), |l| l.code().to_owned()),
        };
        match report.groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, counts_of_group)) => counts_of_group.add(&counts),
            None => report.groups.push((group, counts)),
        }
    }
    report.latencies.sort();
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::faq::Verdict;
    use crate::domain::page::{FaqFile, PageFile};

    /// The example page with `faq`, read by the matcher's own rules: without the learned gate
    /// and entry model, which the tests below about them (and the floors, `cli::faq`) judge
    /// on their own.
    fn page(faq: &str) -> Page {
        with_learned(faq, false, false)
    }

    /// The example page with `faq`, with the learned gate and entry model on or off.
    fn with_learned(faq: &str, learned_gate: bool, learned_entries: bool) -> Page {
        let mut page = PageFile::from_toml(include_str!("../responses/pages/example.toml"))
            .expect("the example page");
        let mut faq = FaqFile::from_toml(faq).expect("the FAQ");
        faq.learned_gate = learned_gate;
        faq.learned_entries = learned_entries;
        page.faq = Some(faq);
        page.validate().expect("a valid page")
    }

    /// Sets 178-180, the last the bundled learned models learned from.
    fn sets_178_to_180() -> Vec<Labelled> {
        let text = [
            include_str!("../tests/faq/labelled-178.tsv"),
            include_str!("../tests/faq/labelled-179.tsv"),
            include_str!("../tests/faq/labelled-180.tsv"),
        ]
        .concat();
        parse(&text).expect("parses")
    }

    /// The gate only ever holds an answer back: with it, each message gets the verdict it gets
    /// without it, or, where that was an answer, `learned_escalation`. On the sets written
    /// last, it holds back more of what must reach a person than of what the FAQ answers right.
    #[test]
    fn the_learned_gate_only_holds_answers_back() {
        let messages = sets_178_to_180();
        for faq in [
            include_str!("../responses/faq/eshop.toml"),
            include_str!("../tests/faq/plain-faq.toml"),
        ] {
            let (gated, ungated) = (with_learned(faq, true, false), page(faq));
            let (mut escalations_held, mut right_held) = (0, 0);
            for message in &messages {
                let with = gated.faq.matches(&message.text).verdict;
                let without = ungated.faq.matches(&message.text).verdict;
                if with == without {
                    continue;
                }
                let Verdict::Answer { entry } = &without else {
                    panic!("{}: {without:?} became {with:?}", message.text);
                };
                assert_eq!(
                    with,
                    Verdict::Unsure {
                        reason: crate::domain::faq::Unsure::LearnedEscalation
                    },
                    "{}",
                    message.text
                );
                match &message.expected {
                    None => escalations_held += 1,
                    Some(expected) if expected == entry => right_held += 1,
                    Some(_) => {}
                }
            }
            assert!(
                escalations_held > right_held,
                "{escalations_held} must-escalate and {right_held} right answers held back"
            );
        }
    }

    /// The entry model only takes an entry where the scores alone were not sure, only
    /// overrules the rules `Unsure::overrulable` names, and only holds answers back
    /// otherwise: with it, each message gets the verdict it gets without it, or, where that
    /// was `low_score`, `small_margin` or `low_coverage`, an answer or the verdict of a rule
    /// after the scores (an order action, say), where that was an overrulable rule's, an
    /// answer the record says overruled it or a later check's verdict, and where that was an
    /// answer, `learned_doubt` or the model's own entry (the record says it took it) or a
    /// rule's verdict on that entry. A request for a person still goes to one, although the sets it
    /// learned from call "real human pls not a bot" a question for the contact entry. On the
    /// sets written last (which it learned from), it gains more right answers than it gives
    /// answers it should not.
    #[test]
    fn the_entry_model_takes_only_unsure_entries_and_only_doubts_answers() {
        use crate::domain::faq::Unsure;
        let messages = sets_178_to_180();
        for faq in [
            include_str!("../responses/faq/eshop.toml"),
            include_str!("../tests/faq/plain-faq.toml"),
        ] {
            let (learned, plain) = (with_learned(faq, false, true), page(faq));
            let (mut gained, mut given, mut doubted) = (0, 0, 0);
            for message in &messages {
                let matched = learned.faq.matches(&message.text);
                let with = matched.verdict;
                let without = plain.faq.matches(&message.text).verdict;
                // An answer the model gave: right, or another.
                let mut tally = |entry: &String| {
                    if message.expected.as_ref() == Some(entry) {
                        gained += 1;
                    } else {
                        given += 1;
                    }
                };
                match (&without, &with) {
                    (a, b) if a == b => {}
                    (Verdict::Unsure { reason }, Verdict::Answer { entry })
                        if reason.overrulable() =>
                    {
                        assert_eq!(matched.overruled, Some(*reason), "{}", message.text);
                        tally(entry);
                    }
                    (Verdict::Unsure { reason }, Verdict::Unsure { reason: later })
                        if reason.overrulable() && !later.overrulable() => {}
                    (
                        Verdict::Unsure {
                            reason: Unsure::LowScore | Unsure::SmallMargin | Unsure::LowCoverage,
                        },
                        taken,
                    ) => match taken {
                        Verdict::Answer { entry } => tally(entry),
                        Verdict::Unsure {
                            reason:
                                Unsure::LowScore
                                | Unsure::SmallMargin
                                | Unsure::LowCoverage
                                | Unsure::LearnedDoubt,
                        } => panic!("{}: {without:?} became {taken:?}", message.text),
                        Verdict::Unsure { .. } | Verdict::NeedsPerson { .. } => {}
                        _ => panic!("{}: {without:?} became {taken:?}", message.text),
                    },
                    (
                        Verdict::Answer { .. },
                        Verdict::Unsure {
                            reason: Unsure::LearnedDoubt,
                        },
                    ) => doubted += 1,
                    (Verdict::Answer { .. }, Verdict::Answer { entry }) if matched.learned => {
                        tally(entry)
                    }
                    (Verdict::Answer { .. }, Verdict::Unsure { .. }) if matched.learned => {
                        doubted += 1
                    }
                    _ => panic!("{}: {without:?} became {with:?}", message.text),
                }
            }
            for asks in ["real human pls not a bot", "can I talk to a human"] {
                assert_eq!(
                    learned.faq.matches(asks).verdict,
                    Verdict::AskedForPerson,
                    "{asks}"
                );
            }
            assert!(
                gained > 3 * given && doubted > 0,
                "{gained} right answers gained, {given} others given, {doubted} doubted"
            );
        }
    }

    fn labelled() -> Vec<Labelled> {
        [
            include_str!("../tests/faq/labelled-1.tsv"),
            include_str!("../tests/faq/labelled-2.tsv"),
        ]
        .iter()
        .flat_map(|text| parse(text).expect("a labelled set"))
        .collect()
    }

    fn mistakes(report: &Report) -> String {
        report
            .mistakes()
            .map(|l| format!("expected {} got {} {}\n", l.expected, l.got, l.text))
            .collect()
    }

    /// The floors the matcher reached on the committed labelled sets (issue 16): a change
    /// that answers fewer of them right, or more of what must reach a person, fails here.
    #[test]
    fn the_labelled_sets_stay_above_the_achieved_floor() {
        let messages = labelled();
        assert!(messages.len() >= 450, "{}", messages.len());
        let shipped = with_the_shipped_faq(&messages);
        let plain = evaluate(
            &page(include_str!("../tests/faq/plain-faq.toml")),
            &messages,
        );
        assert!(
            shipped.accuracy() >= SHIPPED_RIGHT,
            "{}",
            mistakes(&shipped)
        );
        assert!(
            shipped.escalate_answered_rate() <= SHIPPED_ESCALATE_ANSWERED,
            "{}",
            mistakes(&shipped)
        );
        assert!(plain.accuracy() >= PLAIN_RIGHT, "{}", mistakes(&plain));
        assert!(
            plain.escalate_answered_rate() <= PLAIN_ESCALATE_ANSWERED,
            "{}",
            mistakes(&plain)
        );
    }

    const SHIPPED_RIGHT: f64 = 0.89;
    const SHIPPED_ESCALATE_ANSWERED: f64 = 0.01;
    const PLAIN_RIGHT: f64 = 0.69;
    const PLAIN_ESCALATE_ANSWERED: f64 = 0.01;

    /// The report on `messages` with the shipped FAQ (`responses/faq/eshop.toml`).
    fn with_the_shipped_faq(messages: &[Labelled]) -> Report {
        evaluate(&page(include_str!("../responses/faq/eshop.toml")), messages)
    }

    /// What the shipped FAQ gets wrong of `labelled` (`<entry or none>TAB<message>` lines).
    fn shipped_faq_mistakes(labelled: &str) -> String {
        let messages = parse(labelled).expect("parses");
        mistakes(&with_the_shipped_faq(&messages))
    }

    /// That both the shipped and the plain FAQ get every message of `labelled` right.
    fn assert_no_mistakes_with_either_faq(labelled: &str) {
        assert_eq!(shipped_faq_mistakes(labelled), "", "with the shipped FAQ");
        assert_eq!(plain_faq_mistakes(labelled), "", "with the plain FAQ");
    }

    /// What the plain FAQ (`tests/faq/plain-faq.toml`) gets wrong of `labelled`.
    fn plain_faq_mistakes(labelled: &str) -> String {
        let messages = parse(labelled).expect("parses");
        mistakes(&evaluate(
            &page(include_str!("../tests/faq/plain-faq.toml")),
            &messages,
        ))
    }

    /// Round 51's fresh misses, after their run: a refund not come to the account and an item
    /// missing "in it" (the parcel that came) are a person's, not the order's status; and
    /// Ukrainian written in Latin letters is answered as Ukrainian.
    #[test]
    fn money_not_on_the_account_an_item_missing_in_it_and_latin_ukrainian() {
        assert_no_mistakes_with_either_faq(
            "none\tZdravím, posílala jsem zpátky dva balíčky kávy, dorazily k vám podle sledování \
             3. března. Od té doby ticho a na účet nic nepřišlo. Můžete zjistit, co s tou vratkou je?\n\
             none\tDobrý den, dnes mi dorazila objednávka 50912, ale chybí v ní filtry, které jsem \
             objednávala, je tam jen konvička. Alena\n\
             none\tbalik prisiel vcera, ale chyba v nom mlynček, ktorý som objednal\n\
             none\tpaczka dotarła, ale brakuje w niej filtrów, które zamawiałam\n\
             payment\tPryvit, chy mozhna u vas oplatyty chastynamy? Khochu vzyaty chaynyk\n\
             delivery\ta vy vidpravliaete novoiu poshtoiu? skilky koshtuie dostavka\n\
             order_status\tde moie zamovlennia 48213? vzhe tyzhden chekaiu\n",
        );
    }

    /// Round 52's fresh misses, after their run: Scots is a language no page supports; a
    /// Ukrainian refund not back on the card, named by its bank, is money owed (the bank named
    /// to pay with is paying); a Slovak girlfriend is no insult.
    #[test]
    fn scots_a_refund_not_back_on_the_bank_and_a_girlfriend() {
        assert_no_mistakes_with_either_faq(
            "none\thiya, whit dae ye charge tae send a bag o beans doon tae Leeds?\n\
             none\tповернула кавоварку ще в березні, а на монобанк досі нічого не прийшло\n\
             payment\tчи можна оплатити карткою монобанку?\n\
             returns\tkupil som kavu pre frajerku, ale nechutila jej. mozem ju este poslat spat?\n\
             delivery\twee question, how much is shipping to Glasgow? cheers\n",
        );
    }

    /// Words the two-questions check needed to see a second topic (round 52's sets, after
    /// round 52; the Ukrainian two topics are set 191's own): the hours in the Dutch plural,
    /// what a thing "comes to" in Czech and Slovak, a product that will break (uk, en).
    #[test]
    fn hours_in_the_plural_what_it_comes_to_and_if_it_breaks() {
        assert_no_mistakes_with_either_faq(
            "opening_hours\top welke uren is de klantenservice er?\n\
             delivery\tkolik vyjde doprava do brna?\n\
             none\tkolik to vyjde s postovnym a da se platit apple pay?\n\
             none\tчерез скільки днів приходить посилка, і куди писати якщо щось зламається?\n\
             complaints\twhat do i do if the grinder breaks after a year?\n",
        );
    }

    /// One item of several missing, or nothing of it inside but the rest, is a wrong item, not
    /// a damaged parcel (round 53's fresh sets, after their run); a parcel crushed with a mug
    /// broken inside is still damaged.
    #[test]
    fn one_of_several_missing_or_nothing_inside_but_the_rest_is_a_wrong_item() {
        assert_no_mistakes_with_either_faq(
            "none\tbalík došel, ale chybí mi jeden hrnek, objednávala jsem dva\n\
             none\tthe box came but there was no grinder inside, just the beans\n\
             none\totvorila som balik a je tam len jeden hrncek, objednane boli dva, chyba mi jeden\n\
             damaged_parcel\tthe box arrived crushed and one mug inside is broken\n\
             order_status\tno parcel yet, is there any tracking?\n",
        );
    }

    /// Round 53's fresh sets 193-196, after their run: a return or a refund said not to be
    /// wanted is a claim for a repair, not a return; "2x" before a payment beside money taken
    /// is a double charge; coming in for a coffee is a visit, whose hours are the café's; an
    /// item put in besides ("dazugeben") changes the order; Dutch "duurt het bezorgen" asks
    /// how long delivery takes.
    #[test]
    fn no_refund_but_a_repair_a_payment_taken_2x_and_coming_for_a_coffee() {
        assert_no_mistakes_with_either_faq(
            "complaints\tich will die mühle nicht zurückschicken, ich möchte sie repariert \
             haben. der motor brummt nur noch\n\
             complaints\tnie chce zwrotu pieniedzy, chce zeby mlynek ktory przestal dzialac \
             zostal naprawiony. jak zglosic gwarancje?\n\
             returns\tjak vratit zbozi?\n\
             none\tstrhli jste mi 2x platbu za objednavku 41234\n\
             none\tin welchem zeitraum kann man samstags auf einen kaffee vorbeikommen?\n\
             none\tjste otevreni v sobotu odpoledne? chceme skocit na kafe s detma\n\
             opening_hours\tod ktorej godziny jestescie dostepni w sobote?\n\
             none\tkann ich zur bestellung 50884 noch ein paket bohnen dazugeben?\n\
             delivery\thoe lang duurt het bezorgen naar utrecht?\n",
        );
    }

    /// Looking for something, "please" in Dutch and Ukrainian, and "write" ask for it; the
    /// price spread over several payments is paying in instalments (round 51's fresh sets,
    /// after their run).
    #[test]
    fn looking_for_please_and_payments_spread_over_months_ask() {
        assert_no_mistakes_with_either_faq(
            "contact\tGoedendag, ik zoek jullie telefoonnummer, ik bel liever even dan dat ik hier \
             typ. Dank u wel, mevr. Janssen\n\
             contact\tНапишіть, будь ласка, вашу поштову адресу і телефон, мені треба надіслати \
             вам лист. Дякую\n\
             payment\tahoj, ten velky elektricky mlynec by som bral, ale 250 eur naraz je pre \
             studenta vela 😅 nedalo by sa to rozlozit na niekolko mesacnych platieb?\n\
             payment\tHiya! Been saving for the big grinder for months but can't quite stretch to \
             the full price at once. Can I spread the cost over a few payments?\n\
             none\tdakujem, uz som to nasla\n",
        );
    }

    /// The tracking, or nothing, not changed for days asks after the parcel: no change to
    /// an order is asked (round 51's fresh set 188, after its run).
    #[test]
    fn tracking_not_changed_is_no_change_to_the_order() {
        assert_no_mistakes_with_either_faq(
            "order_status\tMy order (#49423) was dispatched over a week ago and still hasn't \
             shown up. The tracking hasn't changed for days, could someone have a look? Thanks, Ben\n\
             none\tcan you change the address on my order 48213?\n",
        );
    }

    /// An interest stated ("interesuje mnie koszt przesyłki") asks for it: with thanks after
    /// it and no question mark, it is no courtesy alone (fresh set 184, after its run).
    #[test]
    fn an_interest_stated_with_thanks_asks_for_it() {
        assert_eq!(
            shipped_faq_mistakes(
                "delivery\tDzień dobry, interesuje mnie koszt przesyłki kawy do Polski oraz \
                 orientacyjny czas doręczenia. Z góry dziękuję, Agnieszka Nowak\n\
                 delivery\tDobrý den, zajímá mě cena dopravy do Brna a doba doručení. Předem \
                 děkuji, Jana\n\
                 delivery\tDobrý deň, zaujíma ma cena dopravy na Slovensko. Vopred ďakujem, Jana\n\
                 delivery\tДобрий день, мене цікавить вартість доставки в Україну. Дякую, Оксана\n\
                 delivery\tGoedendag, ik ben benieuwd naar de verzendkosten naar Nederland. \
                 Alvast bedankt, Anna\n\
                 delivery\tmich interessieren die Versandkosten nach Deutschland. Vielen Dank!\n\
                 none\tdakujem pekne za rychlu odpoved\n",
            ),
            ""
        );
    }

    /// A statement or a request around the question (after it, or leading into it after a
    /// comma) says what the question is about; joined on with "and", or a person's matter,
    /// it is a second question.
    #[test]
    fn what_follows_a_question_is_its_context_unless_it_is_joined_on() {
        assert_eq!(
            shipped_faq_mistakes(
                "order_status\tkde se da najit odkaz na sledovani baliku? nejak mi zmizel z mailu\n\
                 opening_hours\tdo kolkej dnes funguje vasa zakaznicka podpora? chcem volat poobede\n\
                 contact\tpod jakim adresem ma siedzibe wasz sklep? chce wyslac list polecony\n\
                 none\tkde se da najit odkaz na sledovani baliku? a muzu platit kartou?\n\
                 delivery\tchcialabym zamowic kawe dla brata na urodziny, ile trwa dostawa?\n\
                 complaints\treklamacni formular jsem poslala ve stredu, jak dlouho trva vyrizeni?\n\
                 none\tmam kod rabatowy z gazetki, czy laczy sie z darmowa dostawa?\n",
            ),
            ""
        );
    }

    /// A statement names a second topic when it reports a problem or is joined on with "and":
    /// a mail the customer got is not a question about the shop's address.
    #[test]
    fn a_statement_is_a_second_topic_only_when_it_reports_a_problem_or_is_joined_on() {
        assert_eq!(
            shipped_faq_mistakes(
                "order_status\thallo, das paket ist laut mail seit montag raus, die app zeigt aber \
                 nichts. wo steckt es?\n\
                 none\tchce zlozyc reklamacje i zapytac o numer telefonu\n\
                 none\tpaket kam kaputt an, außerdem will ich den zweiten kaffee zurückgeben\n",
            ),
            ""
        );
    }

    /// Words customers use for a crushed box ("м'ята"), a defect ("брак"), stopping an order
    /// and a marketing agency's offer.
    #[test]
    fn damage_defects_stopping_an_order_and_agency_offers_in_customers_words() {
        assert_eq!(
            shipped_faq_mistakes(
                "damaged_parcel\tпосилка приїхала м'ята, чашка всередині тріснула\n\
                 complaints\tу кавоварки відвалилась ручка, хочу заявити про брак\n\
                 none\tplease stop the order i placed an hour ago, picked the wrong size\n\
                 none\twe are a digital agency and can get you more followers, fancy a chat?\n",
            ),
            ""
        );
    }

    /// Sending something back beside money is a refund; without money it is a return, not the
    /// refund's status, whose examples name the money ("kiedy oddacie pieniądze za zwrot").
    #[test]
    fn sending_back_is_a_return_unless_money_stands_beside_it() {
        assert_eq!(
            plain_faq_mistakes(
                "returns\tdo kiedy moge oddac kawiarke? nawet jej nie rozpakowalam\n"
            ),
            ""
        );
        assert_eq!(
            shipped_faq_mistakes(
                "returns\tdo kiedy moge oddac kawiarke? nawet jej nie rozpakowalam\n\
                 none\tkdy mi konecne vratite penize za vracene zbozi? cekam uz mesic\n",
            ),
            ""
        );
    }

    /// A day in a message that asks how long delivery takes, and nothing of the team, is when
    /// the parcel should be there, whichever sentence names it.
    #[test]
    fn a_day_in_a_message_about_how_long_delivery_takes_is_a_deadline() {
        assert_eq!(
            plain_faq_mistakes(
                "delivery\tw sobote mama ma urodziny. jak dlugo idzie paczka jak zamowie dzisiaj?\n"
            ),
            ""
        );
    }

    /// Places beyond Europe (a US state, Japan, Vancouver) are places the answers do not
    /// name: a person's.
    #[test]
    fn places_beyond_europe_go_to_a_person() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tdo you ship to texas? thinking of ordering beans\n\
                 none\tposilate i do japonska?\n\
                 none\tcan you deliver to vancouver, bc?\n",
            ),
            ""
        );
    }

    /// A greeting with a check that someone is there is a greeting, however stretched; with
    /// a day, it asks the team's hours.
    #[test]
    fn checking_that_someone_is_there_is_a_greeting() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\thelloooo anyone there 👋\n\
                 none\thiii, anybody out there?? 👀\n\
                 none\tjest tam ktoś?\n\
                 none\thallo?? liest das hier überhaupt irgendwer\n\
                 opening_hours\tis anyone there on saturday?\n",
            ),
            ""
        );
    }

    /// Round 18's review: "when" that only tells when something happened, "sue your", the
    /// basket beside an order or an address, "cartons", an hour ("hodinku"), Prešov itself,
    /// a Dutch statement without its subject, and tips that only look unrelated.
    #[test]
    fn round_18_review_questions_keep_their_answers() {
        let rows = [
            "contact\twhen i emailed you nobody answered, what is your phone number?",
            "contact\tколи телефоную, ніхто не бере трубку. є інший номер?",
            "contact\twhen i ring nobody picks up, do you have another number?",
            "none\tif i don't get my money back by friday i will sue your company",
            "none\tzapomněla jsem v košíku změnit adresu, objednávka už odešla. můžete změnit adresu doručení?",
            "none\tmam w koszyku 200 zł, mogę zmienić adres dostawy przed zapłatą?",
            "none\ti ordered 2 cartons of beans yesterday, can i change it to 3?",
            "opening_hours\tbudete tam ještě hodinku? chci zavolat",
            "none\tkolik stojí doprava na adresu Hlavná 5, Prešov?",
            "order_status\tduurt echt lang, wanneer komt mijn pakket?",
            "returns\twaar kan ik goede informatie vinden over retourneren?",
            "returns\tkam tam napsat, když chci vrátit zboží?",
        ];
        assert_eq!(shipped_faq_mistakes(&(rows.join("\n") + "\n")), "");
        // A jammed grinder is no parcel stuck on its way: "zasekl" alone tracks no more.
        let messages = parse("complaints\tzasekl se mi mlýnek, co s tím?\n").expect("parses");
        let report = with_the_shipped_faq(&messages);
        assert!(
            !report.lines[0].got.starts_with("order_status"),
            "{}",
            report.lines[0].got
        );
    }

    /// Adding to the basket is no change to an order (there is none yet): beside postage it
    /// asks from when shipping is free. Adding to an order placed stays a person's.
    #[test]
    fn adding_to_the_basket_is_no_order_change() {
        assert_eq!(
            shipped_faq_mistakes(
                "delivery\tv kosiku mam za 50 eur, mam tam jeste neco prihodit, abych neplatil postovne?\n\
                 delivery\tу кошику зараз 45 євро, чи варто докинути ще щось, щоб доставка була безкоштовна? яка ціна доставки?\n\
                 none\tmuzu k vcerejsi objednavce jeste neco prihodit?\n",
            ),
            ""
        );
    }

    /// Between the team's hours and the way to reach it, the question decides: one that asks
    /// when ("kdy se vám můžu dovolat?", "ab welcher Uhrzeit kann ich anrufen?") asks the
    /// hours; one that asks for a phone line with no time in it asks the way.
    #[test]
    fn when_asks_the_hours_and_a_phone_line_the_way() {
        assert_eq!(
            shipped_faq_mistakes(
                "opening_hours\tkdy se vam muzu dovolat?\n\
                 opening_hours\tkedy vam funguje zakaznicka linka?\n\
                 opening_hours\tab welcher uhrzeit kann ich morgens anrufen?\n\
                 opening_hours\thoe vroeg zitten jullie achter de telefoon?\n\
                 contact\tis there a phone line for customer service? hate typing\n\
                 contact\tbereikbaar via whatsapp of alleen per telefoon?\n",
            ),
            ""
        );
    }

    /// Where the shipped FAQ's delivery entry answers in Czech, its answer says where it ships:
    /// the Czech answer names no country, so Slovakia, which a Czech example asks about, goes
    /// to a person; Czech places are the customer's own. A "presovač" (French press) is no
    /// Prešov, and "kým", "pre", "otca" are Slovak.
    #[test]
    fn the_answer_says_where_the_shop_ships() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tposilate i na slovensko? segra tam bydli a chtela bych ji poslat kafe\n\
                 delivery\tkolik stoji doprava do brna?\n\
                 returns\tten presovac se nam nevejde do kuchyne, nerozbaleny. muzu ho poslat zpatky?\n\
                 delivery\tkolko dni trva kym balik dojde na slovensko? objednavam pre otca\n",
            ),
            ""
        );
    }

    /// Dutch "pakken" (to get hold of) is no Norwegian parcel, and a watch paid with is no
    /// hours of the day ("з годинника", "na hodinkách").
    #[test]
    fn words_that_look_like_another_language_or_the_hours() {
        assert_eq!(
            shipped_faq_mistakes(
                "contact\tbeste manier om jullie te pakken te krijgen? bellen of mailen?\n\
                 payment\tз годинника через епл пей можна розрахуватись?\n\
                 payment\tzaplatím přes iphone na hodinkách?\n",
            ),
            ""
        );
    }

    /// Crushed in Slovak, a parcel that has not left the warehouse, and "lieferbar" (in stock,
    /// a person's question) in customers' words.
    #[test]
    fn crushed_parcels_the_warehouse_and_stock_in_customers_words() {
        assert_eq!(
            shipped_faq_mistakes(
                "damaged_parcel\tkurier doniesol krabicu celu rozdrvenu, salky su popraskane\n\
                 order_status\tobjednavka sa uz tyzden nepohla zo skladu, co sa deje?\n\
                 none\tist die kanne aus glas noch lieferbar?\n",
            ),
            ""
        );
    }

    /// Wishes for a nice Sunday are courtesy, not a question about the hours; thanks beside a
    /// reported problem is the problem.
    #[test]
    fn wishes_are_courtesy_and_thanks_beside_a_problem_is_the_problem() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tdobry vecer vsem, hezky vikend a krasnou nedeli 🙂\n\
                 none\tfijne zaterdag allemaal ☕\n\
                 damaged_parcel\tdakujem, balik prisiel rozbity a hrnek prasknuty\n",
            ),
            ""
        );
    }

    /// Asking for a person by phone or e-mail asks for the way to one, which the contact entry
    /// answers; asking for a person alone, or for something else, still goes to one.
    #[test]
    fn asking_for_the_way_to_a_person_is_answered_with_the_contact() {
        assert_eq!(
            shipped_faq_mistakes(
                "contact\tcould i get your phone number? i'd rather talk to a real person\n\
                 contact\tmate telefon, kde se dovolam zivemu cloveku?\n",
            ),
            ""
        );
        let report = with_the_shipped_faq(
            &parse(
                "none\ti want to talk to a person, not a bot\n\
                 none\tchci mluvit s operatorem o reklamaci\n",
            )
            .expect("parses"),
        );
        for line in &report.lines {
            assert!(
                line.got.contains("asked_for_person"),
                "{}: {}",
                line.text,
                line.got
            );
        }
    }

    /// A place named in the story before the question is where the question asks about ("I
    /// live in Warsaw now, ... do you send there?"): a person's, where the answer names it not.
    #[test]
    fn a_place_in_the_story_before_the_question_is_asked_about() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tтепер я живу у варшаві, замовлення хочу на тамтешню адресу - ви таке \
                 відправляєте?\n",
            ),
            ""
        );
    }

    /// "is klarna fine, and ...": a part that opens a sentence with its verb asks, in the
    /// languages whose statements seldom do; not after a comma, where a statement leaves its
    /// subject out ("..., ist aber zu groß").
    #[test]
    fn a_verb_put_first_asks() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tis klarna fine with you, and how much is shipping?\n\
                 none\tduurt het lang voordat het er is, en accepteren jullie ook paypal?\n\
                 order_status\tduurt echt lang, wanneer komt mijn pakket?\n\
                 returns\thab die kanne bestellt, ist aber zu groß. kann ich sie zurückschicken?\n",
            ),
            ""
        );
    }

    /// A clause after a comma without a question word of its own goes on asking the question
    /// before it; with one, it is a question of its own.
    #[test]
    fn a_clause_after_a_comma_goes_on_asking_the_question_before_it() {
        assert_eq!(
            shipped_faq_mistakes(
                "returns\tскільки днів після отримання в мене є, щоб повернути товар?\n\
                 none\tjak muzu zaplatit, kolik stoji doprava?\n",
            ),
            ""
        );
    }

    /// "It doesn't fit our hob, still sealed, can I send it back?" gives a return's reason, not
    /// a question for advice; "which kettle fits an induction hob?" stays a person's.
    #[test]
    fn a_return_with_a_reason_of_fit_is_a_return_not_advice() {
        assert_eq!(
            shipped_faq_mistakes(
                "returns\tчайник не підходить для нашої плити, ще в упаковці. можна повернути назад?\n\
                 none\tякий чайник підходить для індукції?\n",
            ),
            ""
        );
    }

    /// A message that asks no question but requests two things joined by "and" requests
    /// both: two topics. One thing requested is answered.
    #[test]
    fn two_things_requested_are_two_questions() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tyour opening hours and your phone number please\n\
                 none\tgodziny otwarcia i numer telefonu prosze\n\
                 none\tlevertijden en jullie telefoonnummer graag\n\
                 contact\tyour phone number please\n",
            ),
            ""
        );
    }

    /// Slovak words Czech writes otherwise tell Slovak from Czech, so a Czech city is a
    /// place the Slovak delivery answer does not name; someone else to repair a thing is no
    /// question for the shop; "vďačka" is thanks.
    #[test]
    fn slovak_messages_read_as_slovak() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tbudem tyzden u rodicov v brne, dorucite mi to tam?\n\
                 none\tneviete o niekom, kto opravi stary mlynek?\n\
                 none\tsuper, vdacka za rychlost 🙏\n",
            ),
            ""
        );
    }

    /// Opening a café of one's own is a matter for advice, not the shop's opening hours.
    #[test]
    fn opening_a_cafe_is_no_question_about_hours() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\twe want to open a coffee shop next year, what licences do we need?\n\
                 none\tplanuju otevrit vlastni kavarnu, jake papiry k tomu potrebuju?\n\
                 opening_hours\tkdy otevirate v sobotu?\n",
            ),
            ""
        );
    }

    /// Round 17's review: questions its new rules and terms had taken for something else. A
    /// social site and an "if" in a question are no threat; a shop "not open" is no unopened
    /// parcel; a parcel number beside damage is no tracking question; "if you", "wenn ihr",
    /// "oczywiście" after a comma ask nothing of their own; "przy okazji" is "while at it".
    #[test]
    fn round_17_review_questions_keep_their_answers() {
        assert_eq!(
            shipped_faq_mistakes(
                "delivery\tI saw your grinder on Instagram, if I order today when will it arrive?\n\
                 opening_hours\tHabt ihr am Samstag nicht geöffnet?\n\
                 opening_hours\tIs the shop not opened on Sunday?\n\
                 damaged_parcel\tPaket mit Sendungsnummer 123456 kam beschädigt an, was nun?\n\
                 damaged_parcel\tZásilka číslo zásilky 123 dorazila rozbitá, co teď?\n\
                 delivery\tWie lange dauert der Versand nach Österreich, wenn ihr per Nachnahme verschickt?\n\
                 returns\tCan I return the grinder, if you sent it by DHL?\n\
                 delivery\tIle kosztuje wysyłka, oczywiście przy płatności kartą?\n\
                 returns\tPrzy okazji zwrotu, czy mogę wymienić na inny kolor? Jak zwrócić?\n\
                 contact\tKde teď máte prodejnu?\n",
            ),
            ""
        );
    }

    /// A message that says it asks two things asks two ("zwei Fragen: ..."), however its
    /// parts read; "by the way" turns to another matter.
    #[test]
    fn saying_two_things_are_asked_is_two_questions() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tzwei fragen: nehmt ihr paypal und wann waere es dann da\n\
                 none\ttwo things: paypal ok and delivery time to dublin\n\
                 none\tmy parcel still hasnt come. by the way, how long do i have to return things?\n\
                 none\tbalik porad nedorazil. mimochodem, berete i paypal?\n",
            ),
            ""
        );
    }

    /// Sending something back to get the money asks how to return it; money asked about after
    /// something was sent back is owed, and a person's. Near scores between the return and
    /// the money back decide for the return only when nothing was sent back yet.
    #[test]
    fn money_back_is_the_return_until_it_was_sent_back() {
        let owed = "none\tposlala jsem vam konvici zpatky uz pred mesicem, kdy mi prijdou penize?\n\
                    none\tvratila som mlyncek pred dvoma tyzdnami, kedy dostanem peniaze?\n\
                    none\tik heb de waterkoker al teruggestuurd, wanneer krijg ik mijn geld?\n\
                    none\tich habe den kessel schon zurückgeschickt, wann kommt mein geld?\n\
                    none\ti've sent the kettle back, when do i get my money?\n\
                    none\tя відправила чайник назад тиждень тому, коли будуть гроші?\n";
        assert_eq!(
            shipped_faq_mistakes(&format!(
                "returns\tdostala som kavovar ako darcek, ale uz jeden mam. da sa poslat naspat a dostat peniaze?\n{owed}"
            )),
            ""
        );
        assert_eq!(
            plain_faq_mistakes(&format!(
                "returns\tчайник не підійшов, можу відправити назад і отримати гроші?\n{owed}"
            )),
            ""
        );
    }

    /// At near scores between two answerable entries, a question that names a concept of the
    /// better one alone gets its answer ("wie lange braucht ein Paket nach Leipzig?"); not
    /// when it also names a problem the better one does not own, nor when it asks nothing.
    #[test]
    fn a_concept_of_the_better_entry_decides_near_scores() {
        assert_eq!(
            shipped_faq_mistakes(
                "delivery\twie lange braucht ein paket nach leipzig?\n\
                 opening_hours\tjste k dispozici i o velikonocnich svatcich, nebo mate volno?\n\
                 none\tv objednavce jsem zadal spatnou ulici, opravte to prosim na Dlouha 5\n",
            ),
            ""
        );
        assert_eq!(
            plain_faq_mistakes(
                "none\tekspres sie zepsul chce reklamowac, a druga paczka nr 71290 nadal nie doszla\n",
            ),
            ""
        );
    }

    /// Paying, and a when-question that names nothing of its own ("... und wann kommt das
    /// Paket?"), are two questions; when the payment itself happens is one.
    #[test]
    fn paying_and_when_it_comes_are_two_questions() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tkann ich mit klarna zahlen und wann kommt das paket?\n\
                 none\twhen would it arrive and can i pay with apple pay?\n\
                 payment\twann wird bei paypal das geld abgebucht?\n\
                 payment\tcan i pay by card when it arrives?\n",
            ),
            ""
        );
    }

    /// The review's messages (round 19): money asked about when, after a return, is owed;
    /// a threat stays one; thanks alone get no answer; an e-mail sent is nothing sent back;
    /// ordinary shop words beside a link are no phishing; a request beside an order number
    /// is no question about its whereabouts.
    #[test]
    fn round_19_review_messages_reach_the_right_place() {
        let messages = "none\tKdy mi vrátíte peníze za vrácenou konvici?\n\
             none\tTovar som už vrátila minulý týždeň, kedy dostanem peniaze?\n\
             none\tI shipped the grinder back, when will the refund come?\n\
             none\tI mailed it back last week, when is my refund?\n\
             none\tМи відправили чайник назад, коли будуть гроші?\n\
             none\tI returned my order two weeks ago, when will I get my refund?\n\
             none\tVrátit konvici: můžete mi poslat fakturu zvlášť?\n\
             none\tObjednávka 12345 pořád nepřišla, kontaktuji ČOI. Kde je?\n\
             none\tBestelling 12345 is nog steeds niet binnen. Ik bel de politie. Waar is mijn pakket?\n\
             none\tЗамовлення 12345 досі не прийшло, піду в суд. Де посилка?\n\
             none\tWo ist mein Paket 12345? Das ist dreist.\n\
             none\tWhere is my parcel 12345? Worst purchase ever.\n\
             none\tThe parcel arrived crushed and the mug is broken. Also my grinder from last month stopped working, how do I file a complaint?\n\
             none\tObjednávka 12345 - doručte prosím do práce místo domů\n\
             none\tproszę o zaprzestanie przetwarzania moich danych i skasowanie konta\n\
             none\tbei idealo kostet die mühle 10 € weniger, geht ihr mit dem preis mit?\n\
             none\tDík za rychlou odpověď\n\
             none\tok have a nice weekend\n\
             none\tOdbierz paczkę - tak pisze w https://inpost.pl/sledzenie?n=123 ale paczkomat pusty, co teraz?\n\
             damaged_parcel\tKubek pękł w transporcie, co robić?\n\
             opening_hours\tJesteście dziś czynni?\n\
             delivery\tЧи відправляєте через Meest?\n\
             payment\tDá se u vás platit hotovkou?\n\
             returns\tPoslal jsem vám mail, jak vrátím zboží a dostanu peníze?\n\
             delivery\tI selected express shipping for https://www.amazon.de/dp/B01 - will it arrive today?\n";
        assert_eq!(shipped_faq_mistakes(messages), "");
    }

    /// Round 20 (set 41): a gift set is no gift voucher; what sending costs and how long it
    /// takes are one question, about no order of the customer's (an order named by its number
    /// is a second); a prize one was selected for beside bank details is a scam; "ihr seid
    /// das Letzte" is anger; "do not send it" stops an order; Visa in Ukrainian pays; whether
    /// a part fits is advice.
    #[test]
    fn round_20_set_41_families_reach_the_right_place() {
        let messages = "delivery\tchci objednat mamince dárkový set s hrnky, za kolik dní to dojde do Brna?\n\
             none\tmáte dárkové poukazy?\n\
             delivery\tkolik stojí poštovné a jak dlouho to jede do Ostravy?\n\
             delivery\twat kost de verzending naar utrecht en hoe lang duurt het onderweg?\n\
             none\tkolik stojí doprava a kde je moje objednávka 12345?\n\
             none\thow much is postage and where is my order 55123?\n\
             none\tGefeliciteerd, je bent geselecteerd voor een gratis pakket koffie! Stuur je bankgegevens naar ons team\n\
             none\tihr seid echt das letzte, keine antwort seit tagen\n\
             none\tя передумала, не надсилайте посилку 40211\n\
             payment\tчи можна оплатити візою?\n\
             none\tpast dit deksel ook op mijn pot van 6 kops?\n";
        assert_eq!(shipped_faq_mistakes(messages), "");
        assert_eq!(plain_faq_mistakes(messages), "");
    }

    /// Round 20 (set 41): between the way to reach the team and a damaged parcel reported,
    /// where to send the photos is the damaged parcel's question (a way named is the way's);
    /// an order named by its number in a message that only tells is about its whereabouts.
    #[test]
    fn a_damaged_parcel_reported_and_an_order_named_decide_near_scores() {
        let messages = "damaged_parcel\tZásilka dorazila, krabice promočená a hrnek uvnitř rozbitý. Kam vám mám poslat fotky?\n\
             order_status\tobjednávka 30417 měla přijít v pondělí a pořád nic\n\
             contact\tbox came crushed, which email do i send the photos to?\n";
        assert_eq!(shipped_faq_mistakes(messages), "");
        assert_eq!(
            plain_faq_mistakes(
                "damaged_parcel\tZásilka dorazila, krabice promočená a hrnek uvnitř rozbitý. Kam vám mám poslat fotky?\n"
            ),
            ""
        );
    }

    /// Round 20: near scores decided by what the message names. A way to pay and no cost is
    /// paying's, postage or the basket sending's; a place asked about with no order named is
    /// sending's (a town in a story is not); a broken thing with no parcel nor its way named
    /// broke in use, a claim.
    #[test]
    fn near_scores_between_paying_sending_claims_and_damage_are_decided() {
        let messages = "payment\tvezmete dobírku? kurýr by mohl vybrat hotovost\n\
             delivery\tmoet ik nog verzending betalen als mijn mandje op 40 euro staat?\n\
             delivery\tliefert ihr auch nach graz? ist ein geschenk für meine oma\n\
             none\tstudujem v bratislave, nepotrebujete brigadnika do expedicie?\n\
             complaints\tkonvice má po měsíci prasklé ucho, samo od sebe. co s tím?\n\
             damaged_parcel\tbalík přišel a konvice má prasklé ucho, co s tím?\n";
        assert_eq!(shipped_faq_mistakes(messages), "");
    }

    /// Round 20: where to send the photos of a damaged parcel, and reaching the team when,
    /// are one question with the damaged parcel and the hours; a phone number asked beside
    /// the hours is a second.
    #[test]
    fn photos_of_the_damage_and_reaching_the_team_when_are_one_question() {
        let messages = "damaged_parcel\tkrabica bola celá premočená a hrnček prasknutý. kam vám mám poslať fotky?\n\
             opening_hours\twann seid ihr per telefon erreichbar? welche tage und uhrzeiten genau\n\
             none\twhen are you open on saturdays? and what is your phone number?\n";
        assert_eq!(shipped_faq_mistakes(messages), "");
        assert_eq!(plain_faq_mistakes(messages), "");
    }

    /// The review's messages (round 20): the cost of sending beside "my parcel" is two
    /// questions; a phone number asked beside a damaged parcel is the way's; an address named
    /// beside an order number is an action; "ist das letzte", "do not ship", "past delivery
    /// date" are ordinary words.
    #[test]
    fn round_20_review_messages_reach_the_right_place() {
        let messages = "none\tWie viel kostet der Versand und wann kommt mein Paket endlich?\n\
             none\tThe box came crushed and the mug broke. Also, what is your phone number?\n\
             none\tBestellung 44120: die Lieferadresse ist falsch, es muss Hauptstraße 5 sein\n\
             order_status\tIst das letzte Paket meiner Bestellung 44120 schon unterwegs?\n\
             delivery\tdo you ship to germany or do you not ship outside czechia?\n";
        assert_eq!(shipped_faq_mistakes(messages), "");
    }

    /// Anger terms are read as the message is normalized (Ukrainian "й" is "и"), so Ukrainian
    /// profanity is anger.
    #[test]
    fn anger_terms_match_as_messages_are_normalized() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tщо за хуйня з доставкою, де моя посилка?\n\
                 none\tви лайно а не магазин, де посилка\n",
            ),
            ""
        );
    }

    /// Round 38: an anger word said of the customer's own question or luck is not said of
    /// the shop ("vielleicht eine blöde Frage"), while contempt without a swear word goes to a
    /// person.
    #[test]
    fn a_silly_question_of_ones_own_is_answered_and_contempt_goes_to_a_person() {
        assert_no_mistakes_with_either_faq(
            "delivery\tVielleicht eine blöde Frage, aber ab welchem Bestellwert ist der Versand kostenlos?\n\
             returns\tBlöd gelaufen: mein Mann hat mir dieselbe Mühle geschenkt, wie schicke ich sie zurück?\n\
             none\twat een amateuristisch clubje, waar blijft mijn pakket?\n\
             none\tви взагалі вмієте працювати? де моя посилка\n\
             none\tihr seid echt erbärmlich, wo bleibt mein paket?\n\
             none\tjste ubozi, kde je muj balik?\n\
             none\tEcht unverschämt, ich frage jetzt zum dritten Mal: wo ist mein Paket?\n\
             none\tDzień dobry, beznadziejna obsługa, gdzie jest moja paczka?\n\
             delivery\tJsme jen kávoví amatéři, kolik stojí doprava?\n",
        );
    }

    /// Round 38: a table in the café is a visit, a content creator's paid campaign an offer,
    /// and one more thing put in beside an order a change to it: a person's.
    #[test]
    fn a_table_in_the_cafe_a_paid_campaign_and_a_thing_put_in_go_to_a_person() {
        assert_no_mistakes_with_either_faq(
            "none\tkunnen we zaterdag met z'n vieren een tafeltje reserveren?\n\
             none\tmáte v sobotu volný stůl pro čtyři?\n\
             none\tCześć, nagrywam rolki o kawie dla 50 tys. osób, zrobimy płatną kampanię?\n\
             none\tVergeten bij 40120: nog een pak filters. Kunnen jullie die er nog bij stoppen voor verzending?\n",
        );
    }

    /// Round 38, after fresh sets 122-124 ran: insults in Czech and Polish forms and what the
    /// shop keeps about the customer (uk) go to a person; a hopeless day of the customer's is
    /// their mood, not contempt.
    #[test]
    fn round_38_fresh_sets_insults_and_kept_data_reach_a_person() {
        assert_no_mistakes_with_either_faq(
            "none\tvy jste banda amatérů, kde je můj balík?\n\
             none\tkde je moje zasraná objednávka 4411?\n\
             none\tobsługa jak z kosmosu, gdzie jest moja paczka?\n\
             none\tвидаліть усе, що про мене зберігаєте, і напишіть коли\n\
             complaints\tco za beznadziejny dzień... czajnik od was przestał grzać po miesiącu, jak go zareklamować?\n",
        );
    }

    /// Round 38: the tracking of a return sent back is the return's proof, not a question
    /// about where an order is: beside money that has not come, it is a refund owed.
    #[test]
    fn the_tracking_of_a_return_sent_back_is_no_order_question() {
        let messages = parse(
            "none\tYou got my returned grinder on 2 September (tracking shows it), and six weeks on my bank balance still shows nothing.\n",
        )
        .expect("parses");
        let report = with_the_shipped_faq(&messages);
        assert!(
            report.lines[0].got.contains("money_owed"),
            "{}",
            report.lines[0].got
        );
    }

    /// A time of day in words, or a time with "still", asks whether the team is there then:
    /// the hours, not the way to reach it.
    #[test]
    fn a_time_in_words_or_with_still_asks_the_hours() {
        assert_eq!(
            shipped_faq_mistakes(
                "opening_hours\tvrijdagmiddag rond half vier heb ik pas tijd, kan ik jullie dan nog telefonisch bereiken?\n\
                 opening_hours\tdzwonię przed pracą, siedzi tam ktoś u was o wpół do dziewiątej?\n\
                 opening_hours\tдзвонити вам ще є сенс о пів на п'яту чи ви вже закінчили?\n\
                 contact\twat is jullie telefoonnummer?\n",
            ),
            ""
        );
    }

    /// A statement joined on to a statement goes on telling the story: a mail received that
    /// says the order shipped is no question about reaching the team. Joined on to a
    /// question, it is one more matter.
    #[test]
    fn a_statement_joined_on_to_a_statement_is_the_story() {
        assert_eq!(
            shipped_faq_mistakes(
                "order_status\tIk heb vorige week besteld en gisteren een mail gekregen dat het verzonden is. Hoe kan ik het pakket volgen?\n\
                 order_status\tzamówienie złożyłam w poniedziałek i przyszedł mail, że zostało nadane. jak sprawdzić, gdzie jest przesyłka?\n\
                 none\twould it reach dublin by friday if i order today? also is apple pay an option\n",
            ),
            ""
        );
        assert_eq!(
            plain_faq_mistakes(
                "payment\tpłaci się u was blikiem? kartę mam zablokowaną i tylko telefon zostaje\n"
            ),
            ""
        );
    }

    /// A damaged parcel reported decides near scores against sending, an order's whereabouts
    /// and the team's hours: where to send its photos is not where a parcel goes, a box
    /// opened not when the team opens.
    #[test]
    fn a_damaged_parcel_reported_decides_against_sending_status_and_hours() {
        assert_eq!(
            shipped_faq_mistakes(
                "damaged_parcel\tpaczka doszła zgnieciona, w środku potłuczony dzbanek do herbaty. mam zdjęcia, gdzie je wysłać?\n\
                 damaged_parcel\topened it this morning, the side of the box was caved in and both cups are smashed. took pictures of everything\n\
                 damaged_parcel\tDe DHL bezorger gaf me een doos die nat en gescheurd was, de thee is doorweekt. Order NL-30390.\n\
                 damaged_parcel\tParcel delivered this morning with one corner caved in, and there are bits of china everywhere. What's the next step?\n",
            ),
            ""
        );
    }

    /// Beside a return, a when-question that names the order asks when it comes: two
    /// questions. When the money comes back, or until when it can go back, is the return's.
    #[test]
    fn when_the_order_comes_beside_a_return_is_a_second_question() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tWhen would my order reach me, and am I allowed to return unopened tea?\n\
                 returns\tw jakim terminie moge zwrocic towar i kiedy dostane kase z powrotem?\n\
                 returns\tMogę go odesłać i do kiedy mam czas?\n",
            ),
            ""
        );
    }

    /// A host with a path and no scheme ("postnl-douane.nl/betalen"), or at an ending such
    /// as ".win", is a link: a fee or a prize behind it is phishing, not a question.
    #[test]
    fn a_host_with_a_path_or_a_new_ending_is_a_link() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tPostNL: uw pakket staat klaar, maar er is €1,50 invoerkosten verschuldigd. Betaal via postnl-douane.nl/betalen\n\
                 none\tCongratulations! You have been selected to win a free year of coffee. Claim your prize now at kavarna-giveaway.win\n",
            ),
            ""
        );
    }

    /// The review's messages (round 22): a mail with a tracking link doubted asks about the
    /// order; a place asked about beside a broken parcel of another shop's is still asked
    /// about; "still" with a time told after the question is no question of the hours; a
    /// damage hoped away is none reported.
    #[test]
    fn round_22_review_messages_reach_the_right_place() {
        assert_eq!(
            shipped_faq_mistakes(
                "order_status\tdostałam maila z linkiem do śledzenia, czy to wysłane już? gdzie jest paczka?\n\
                 none\tdostałam smsa z linkiem do dopłaty za paczkę, czy to od was?\n\
                 none\tposíláte do Rakouska? minule balík přišel rozbitý\n\
                 none\tliefert ihr in die Schweiz? beim letzten Shop kam alles kaputt an\n\
                 contact\tczy macie jeszcze jakiś inny numer? dzwoniłam w poniedziałek rano i nikt nie odbierał\n\
                 contact\tis jullie telefoonnummer nog hetzelfde? ik belde vrijdag rond half vier en niemand nam op\n",
            ),
            ""
        );
    }

    /// A place's own letters are not the writer's language: Dutch asking about Düsseldorf
    /// is still Dutch, and the Dutch answer names no Germany. A standing monthly supply
    /// with an offer asked for is a quote.
    #[test]
    fn a_place_name_keeps_its_letters_and_a_standing_supply_is_a_quote() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tbezorgen jullie ook in Düsseldorf?\n\
                 delivery\tliefert ihr auch nach Düsseldorf?\n\
                 delivery\tjak dlouho jde balík do Ústí?\n\
                 none\tprowadzę biuro na 40 osób, interesuje nas stała dostawa kawy co miesiąc, prosimy o ofertę\n",
            ),
            ""
        );
    }

    /// A customer asking whether a mail or a text they got is genuine goes to a person: the
    /// fee it asks for is no payment question, its bank no contact question. A mail about an
    /// order's tracking link, or a question whether delivery takes three days, is answered.
    #[test]
    fn a_message_received_and_doubted_goes_to_a_person() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tkreeg een mail van 'DHL' dat ik €2,99 invoerrechten moet betalen via een link voor mijn pakket van jullie, klopt dat?\n\
                 none\tHab eine Mail von meiner Bank bekommen, ich soll die Zahlung an euch über einen Link bestätigen. Ist das echt?\n\
                 none\tdostala jsem sms od zasilkovny at doplatim 30 kc za balik, neni to podvod?\n\
                 none\tgot a text saying my parcel from you is held, click the link to pay customs. is it legit?\n\
                 order_status\tdie mail mit dem dhl link find ich nicht mehr, wo ist meine bestellung?\n\
                 delivery\tik las dat levering naar belgie 3 tot 5 werkdagen duurt, klopt dat?\n",
            ),
            ""
        );
    }

    /// A swear word censored with stars is still one, and so is German name-calling
    /// without a listed insult ("ihr Pfeifen", "verdammt nochmal"); a footnote's star, the
    /// gender star and a damn good coffee are not.
    #[test]
    fn censored_swear_words_and_name_calling_are_anger() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tде моя бл*дська посилка, вже третій тиждень\n\
                 none\twhere is my f***ing parcel\n\
                 none\tIhr Pfeifen habt mein Paket verloren, wo ist es?\n\
                 none\tverdammt nochmal, wo bleibt mein paket\n\
                 order_status\two ist mein paket? ich habe es für meine kolleg*innen bestellt\n\
                 order_status\teuer kaffee ist verdammt gut, wo ist meine zweite bestellung?\n\
                 delivery\thow long is delivery with free shipping*?\n\
                 delivery\tdo you offer free shipping** to Ireland? (**over 50 eur as your banner says)\n\
                 delivery\tLiebe*r Kund*innenbetreuer*in, was kostet der Versand nach Deutschland?\n\
                 order_status\tv trackingu je napsáno převzal: P***r N***k, ale já nic nemám, kde je balík?\n",
            ),
            ""
        );
    }

    /// Ordinary words that begin like a shop term are not that term: a pour-over coffee maker
    /// ("ekspres przelewowy") is no bank transfer, "idealny" no iDEAL, "Stück" nothing stuck.
    /// A prize draw one was picked for, behind a link and a deadline, is spam.
    #[test]
    fn ordinary_words_that_begin_like_shop_terms_are_not_them() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tpasuje ten filtr do mojego ekspresu przelewowego?\n\
                 none\tjaki mlynek jest idealny do espresso?\n\
                 none\that die mühle 2 stück mahlscheiben?\n\
                 none\tGefeliciteerd! U bent geselecteerd voor een gratis pakket. Claim binnen 24 uur via win-koffie.nl/claim\n\
                 opening_hours\tbent u zaterdag ook open?\n\
                 damaged_parcel\tthe cardboard box was soaked and the mug inside is broken\n",
            ),
            ""
        );
    }

    /// Between sending and an order's whereabouts at near scores, an order named (its number)
    /// asks where it is; a price or postage asks about sending. An order changed is still a
    /// person's ("ändert": changes).
    #[test]
    fn an_order_named_or_a_price_decides_between_sending_and_status() {
        assert_eq!(
            plain_faq_mistakes(
                "order_status\tčíslo 40417, podle mailu odeslané minulý čtvrtek, ale kurýr se neukázal. co s tím?\n",
            ),
            ""
        );
        assert_eq!(
            shipped_faq_mistakes("none\tbitte ändert die lieferadresse meiner bestellung 21010\n"),
            ""
        );
    }

    /// A statement in the words of a person's matter, without that matter's own terms, is the
    /// story of the question beside it: the product is too big, not a question about it.
    #[test]
    fn a_product_in_the_story_is_no_second_question() {
        assert_eq!(
            shipped_faq_mistakes(
                "returns\tde waterkoker is te groot voor ons keukentje. hoe stuur ik hem terug?\n\
                 returns\tkan de molen retour? hij is te groot voor ons aanrecht\n",
            ),
            ""
        );
    }

    /// Two questions that the first reading took for one: a question without its mark before
    /// a comma ("kun je": can you), and "případně" (or else) joining a second one that a
    /// question mark ends.
    #[test]
    fn two_questions_in_other_words_go_to_a_person() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tkun je met ideal betalen, hoe lang is het dan onderweg?\n\
                 none\tprijimate visa karty, pripadne za jak dlouho pak muzu cekat zasilku?\n",
            ),
            ""
        );
    }

    /// How long something takes goes with what it is asked of in its sentence: a withdrawal,
    /// a claim, else delivery. A context leading into a question names its topic ("I want
    /// to claim it, how long will it take?"), so a second question after it is one more.
    /// English "a" is an article, not the Czech "and"; changing one's mind is no order change.
    #[test]
    fn a_duration_goes_with_what_it_is_asked_of() {
        assert_eq!(
            shipped_faq_mistakes(
                "returns\thow many days have i got for a return if i dont like it?\n\
                 complaints\thow long does a warranty claim usually take with you?\n\
                 returns\tchanged my mind about the mug, can i send it back?\n\
                 delivery\thow many days does delivery take?\n\
                 none\thow long does shipping take to you, and can i return it if it does not fit?\n\
                 none\tmlynek nemele, chci ho reklamovat, jak dlouho to trva? a zvednete mi telefon i v sobotu?\n",
            ),
            ""
        );
    }

    /// A concept one entry owns breaks a near tie for it: the team's hours beside the
    /// delivery entry's days of the week, a pick-up point beside a damaged parcel.
    #[test]
    fn a_concept_the_question_names_breaks_a_near_tie() {
        assert_eq!(
            shipped_faq_mistakes(
                "opening_hours\tbekommt man am sonntag eine antwort von euch?\n\
                 opening_hours\tarbeitet bei euch jemand am sonntag?\n\
                 delivery\tmuzu si to nechat poslat do balikovny?\n",
            ),
            ""
        );
    }

    /// Set 17's families: a crypto prize is phishing, a cancelled order in Dutch is an action,
    /// shipping it back is a return, "thanks in advance" is no payment, money not credited
    /// is a refund owed.
    #[test]
    fn a_prize_a_cancellation_and_money_not_credited_reach_a_person() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tGefeliciteerd! U bent geselecteerd voor 0,2 BTC, claim binnen 24 uur via btc-prijs.top\n\
                 none\tkan mijn bestelling nog geannuleerd worden?\n\
                 returns\tbit of buyers remorse on the grinder, can i ship it back unopened?\n\
                 delivery\tkolik dni to jde do brna? predem diky\n\
                 none\tvratila jsem to minuly tyden a penize mi na ucet porad nepripsali\n",
            ),
            ""
        );
    }

    /// A phone beside a payment method is the means of paying, not a way to call; a weekend
    /// or weekday after "by", "before" is a delivery deadline, not the team's hours.
    #[test]
    fn a_wallet_on_the_phone_pays_and_a_saturday_can_be_a_deadline() {
        assert_eq!(
            shipped_faq_mistakes(
                "payment\tkan ik met google wallet op mijn telefoon afrekenen?\n\
                 delivery\tkommt das noch bis samstag an, wenn ich heute bestelle?\n\
                 opening_hours\thabt ihr am samstag offen?\n",
            ),
            ""
        );
    }

    /// Someone there to answer, in the chat, or finishing work ask about the team's hours.
    #[test]
    fn someone_there_in_the_chat_or_finishing_work_asks_about_the_hours() {
        assert_eq!(
            shipped_faq_mistakes(
                "opening_hours\tis anyone still in the chat on friday afternoon?\n\
                 opening_hours\tv kolik v patek koncite?\n\
                 opening_hours\tzit er op zaterdag iemand achter de chat?\n",
            ),
            ""
        );
    }

    /// Public holidays by name ask about the team's hours.
    #[test]
    fn a_holiday_by_name_asks_about_the_opening_hours() {
        assert_eq!(
            shipped_faq_mistakes(
                "opening_hours\tdo you answer messages over easter?\n\
                 opening_hours\tpracujete o velikonocich?\n\
                 opening_hours\tczy pracujecie w wielkanoc?\n",
            ),
            ""
        );
    }

    /// Money that has not come is a refund owed, for a person, whichever entry the words
    /// score best; a parcel that has not come is still the order status.
    #[test]
    fn money_that_has_not_come_is_a_refund_owed() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tvratil jsem kavu pred dvema tydny a penize porad nikde\n\
                 none\tich habe die ware zurueckgeschickt und das geld ist immer noch nicht da\n\
                 order_status\tmein paket ist immer noch nicht da, bestellung 51200\n",
            ),
            ""
        );
    }

    /// Round 42: a refund late after a return the shop received, in the words of the bank
    /// and the transfer ("przelewu zwrotnego brak", "my bank shows nothing back", "die Retoure
    /// bekommen ... auf dem Konto nichts"), is a person's; how returns work stays the return's.
    /// The team's hours asked beside its number, with the way to the team scoring best, is
    /// two matters; a number asked with a time told is the way's. The review's ordinary
    /// messages keep their answers: a bank transfer beside a parcel missing, a payment method
    /// unavailable, a return's "ago", an unanswered mail, an account's number.
    #[test]
    fn a_late_refund_in_the_banks_words_and_hours_beside_a_number_go_to_a_person() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tOdesłany drip dotarł do was 1 października, potwierdzenie mam, ale przelewu zwrotnego brak od ponad miesiąca\n\
                 none\tLaut DHL habt ihr meine Retoure am 2. Oktober bekommen, auf dem Konto ist seitdem nichts eingegangen\n\
                 none\tMy returned kettle reached you over five weeks ago according to DHL, yet my bank shows nothing back. What's going on?\n\
                 none\tmag ik zowel jullie openingstijden van de support als het telefoonnummer? dan plan ik het belletje\n\
                 returns\tcan I send the grinder back and get my money back?\n\
                 contact\tphone number pls, want to call on my lunch break\n\
                 order_status\tPrzelew zrobiłam tydzień temu, a paczki nadal brak, gdzie jest moje zamówienie?\n\
                 payment\tPlatba kartou je u vás nedostupná, jak jinak můžu zaplatit?\n\
                 returns\tCan opened coffee be returned? I bought it 2 weeks ago and want my money back.\n\
                 contact\tI emailed on Monday and heard nothing back so what's your phone number?\n\
                 payment\tJaké je číslo účtu pro platbu převodem?\n",
            ),
            ""
        );
    }

    /// A second thing joined on with Ukrainian "а" ("а ще", "а у вас") after a comma, or
    /// with "außerdem" after a question, is a second question, with both FAQs; a story
    /// before "а у вас" names nothing of its own.
    #[test]
    fn a_second_thing_joined_on_with_a_or_besides_is_a_second_question() {
        let labelled = "none\tхочу знати ціну доставки до Львова, а ще чи є гарантія на чайник?\n\
                        none\tkann ich mit paypal zahlen? außerdem möchte ich einen teil der bestellung zurückschicken\n\
                        none\tчайник перестав гріти через тиждень, а у вас є номер телефону?\n\
                        payment\tпосилка прийшла вчора, а у вас можна оплатити карткою?\n";
        assert_no_mistakes_with_either_faq(labelled);
    }

    /// Goods still unopened are a return's, even in an FAQ whose return examples never say
    /// "unopened" (the plain one), and a return's money is the return's answer; money that
    /// has not come for unopened goods sent back is still a person's.
    #[test]
    fn unopened_goods_are_a_return_and_money_owed_for_them_is_not() {
        let labelled = "returns\tde melkopschuimer past niet in de kast, hij is nog ongeopend. mag hij terug?\n\
                        none\tik heb de ongeopende molen twee weken geleden teruggestuurd en nog steeds geen geld ontvangen\n\
                        none\tvratila jsem nerozbaleny mlynek pred mesicem a penize porad nikde\n";
        assert_no_mistakes_with_either_faq(labelled);
    }

    /// Money back asked beside sending something back is the return's question (its answer
    /// says when the money comes), not a second one; paying by transfer beside a return is a
    /// second question.
    #[test]
    fn money_back_beside_a_return_is_the_returns_question() {
        assert_eq!(
            shipped_faq_mistakes(
                "returns\tjeden hrnek mam navic, muzu ho poslat zpatky? a kdy mi pak dorazi penize\n\
                 returns\tthe scale never got used, still sealed. how do i post it back and get refunded?\n\
                 returns\tdie tasse ist doppelt, ich will sie zurückschicken. wie geht das und wann wird mir das erstattet?\n\
                 none\tik wil de molen terugsturen, hoe werkt dat? en kan ik de volgende bestelling per overschrijving naar jullie rekening betalen?\n",
            ),
            ""
        );
    }

    /// A question naming its order by number is about that order: in a near tie with the
    /// delivery entry it gets no delivery answer.
    #[test]
    fn a_question_naming_its_order_is_not_answered_as_delivery_in_general() {
        let messages =
            parse("order_status\torder 44817 shipped on monday, when will it get here?\n")
                .expect("parses");
        let report = with_the_shipped_faq(&messages);
        let got = &report.lines[0].got;
        assert!(!got.starts_with("delivery"), "{got}");
    }

    /// Round 16's must-escalate words, with both FAQs: a restock asked as a product's
    /// delivery, a phone and the hours after 5pm, a mixed-up branch to correct, a courier's
    /// phishing in Slovak; a delivery question stays one.
    #[test]
    fn a_restock_the_hours_beside_a_phone_a_correction_and_phishing_reach_a_person() {
        let labelled = "none\tczy bedzie jeszcze dostawa tego etiopskiego sidamo?\n\
                        none\twhats your email, and is anyone reading it after 6pm?\n\
                        none\tпереплутав відділення, можете виправити на №5?\n\
                        none\tDPD: Vas balik nemohol byt doruceny, doplatte 0,90 EUR: dpd-sk-balik.top/x\n\
                        delivery\tile trwa dostawa do Krakowa?\n";
        assert_no_mistakes_with_either_faq(labelled);
    }

    /// A price asked beside shipping, in words that name nothing else, is the shipping's
    /// price; a product's price, or another entry's, beside shipping is a second question, and
    /// a change to an order beside the shipping costs an order action.
    #[test]
    fn a_bare_price_beside_shipping_is_the_shippings() {
        let labelled = "delivery\tjakym dopravcem posilate a kolik to stoji?\n\
                        none\tposilate do brna? a kolik stoji ta etiopie 250g?\n\
                        none\tdo you ship to brno? and how much does the warranty cost?\n\
                        none\tcan i change my order to express shipping, what are the shipping costs?\n";
        assert_no_mistakes_with_either_faq(labelled);
    }

    #[test]
    fn groups_and_abstentions_are_counted() {
        let messages = parse("# --- cs\ndelivery\tkolik stoji doprava\nnone\tahoj\n# --- en words\nreturns\tthe weather?\n")
            .expect("parses");
        assert_eq!(messages[2].group.as_deref(), Some("en"));
        let r = with_the_shipped_faq(&messages);
        assert_eq!(r.groups.len(), 2);
        assert_eq!(r.total.answerable, 2);
        assert_eq!(r.total.abstained, 1);
        assert_eq!(r.total.escalate_only, 1);
        assert_eq!(r.latencies.len(), 3);
        assert_eq!(r.mistakes().count(), 1);
    }

    #[test]
    fn messages_without_a_group_count_in_their_language() {
        let messages =
            parse("delivery\tkolik stoji doprava?\ndelivery\thow much is shipping?\nnone\t👍\n")
                .expect("parses");
        let r = with_the_shipped_faq(&messages);
        let names: Vec<&str> = r.groups.iter().map(|(g, _)| g.as_str()).collect();
        assert_eq!(names, ["cs", "en", "other"]);
    }

    #[test]
    fn bad_and_oversized_input_is_refused_with_its_reason() {
        assert_eq!(
            parse("# a comment\ndelivery kolik stoji doprava"),
            Err(InputError::Malformed { line: 2 })
        );
        let long = "delivery\tdoprava\n".repeat(MAX_LINES + 1);
        assert_eq!(
            parse_bounded(&long),
            Err(InputError::TooManyLines {
                lines: MAX_LINES + 1
            })
        );
        let large = format!("delivery\t{}\n", "a".repeat(MAX_BYTES));
        assert!(matches!(
            parse_bounded(&large),
            Err(InputError::TooLarge { .. })
        ));
        assert_eq!(parse_bounded("delivery\tdoprava\n").map(|m| m.len()), Ok(1));
    }

    /// Round 21, in messages of its own: paying named in a part without its own question mark
    /// beside a when-question; a prize won and a delivery to book again are phishing's pressure;
    /// one more question announced in a message that asks twice (a follow-up asking once
    /// stays answered); a tax document for a company is the invoice's; a greeting card is no
    /// card to pay with; name-calling, wishes, Prague's in Polish; an address abroad that a
    /// parcel goes to; something more put into an order.
    #[test]
    fn round_21_messages_reach_the_right_place() {
        let both = "none\tbezahlt man bei euch per kreditkarte und wann ist die ware dann da?\n\
             none\tGefeliciteerd, u bent de winnaar van een espressomachine! Betaal alleen 2,95 € verzendkosten via prijs-claim.nl\n\
             none\tDPD: your parcel could not be delivered. Book a new slot for €1.49 at dpd-reschedule.com\n\
             none\tСкільки йде посилка до Одеси? І ще питання: можна оплатити карткою?\n\
             delivery\tще одне питання: скільки коштує доставка?\n\
             none\tzit er bij het koffiepakket ook een kaartje? het is een cadeau\n\
             none\tjste banda pitomců, už týden nic\n\
             none\tdíky moc a hezký den přeju\n\
             none\tsiema, pozdrowienia z praskiej strony Wisły\n\
             none\tcould you ship my order to an address in Zurich? the parcel is for my brother\n\
             none\tich möchte noch eine Mühle mitbestellen, geht das bei Bestellung 44120?\n\
             delivery\tanother question: how much is shipping?\n\
             contact\twhat's your email address? i'm in canada so calling is expensive\n\
             order_status\tZásilkovna psala, že doručení se nezdařilo, na zasilkovna.cz mám nové doručení na zítra. Kde je teď můj balík?\n\
             delivery\tsaw on youtube.com that your roaster won an award, congrats to the winner! how much is shipping?\n\
             delivery\tJsem kávový magor :) kolik stojí doprava do Ostravy?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
        assert_eq!(
            shipped_faq_mistakes(
                "none\tpotřebuji vystavit daňový doklad na firmu, objednávka 55120 placená převodem\n"
            ),
            ""
        );
    }

    /// Round 23: a courier's name on a site of its own is phishing's pressure, and a fee or
    /// details to update behind it is spam; a comment that tags a friend talks to the friend
    /// (with the shipped FAQ, which knows the shop's domain, so its handle); an address
    /// abroad that a parcel is sent to asks where parcels go, wherever the place is named
    /// first. The couriers' own sites and the shop's handle are still answered.
    #[test]
    fn round_23_messages_reach_the_right_place() {
        let both = "none\tGLS: vas balik caka na dorucenie potvrdte adresu a zaplatte 1,20 € na gls-sk-track.com\n\
             none\tDHL: Your parcel could not be delivered due to an incomplete address. Update details here: dhl-redelivery-eu.info\n\
             none\tприйшла смс ваше відправлення на митниці сплатіть збір 25 грн np-dostavka.top це від вас?\n\
             none\tsiostra mieszka w Monachium i chciałabym jej zrobić prezent, wyślecie paczkę na adres w Niemczech?\n\
             none\tя зараз живу у Вроцлаві, чи можете надіслати каву на польську адресу?\n\
             order_status\tna zasilkovna.cz mi u zásilky od vás ukazuje doplatek 0 Kč, kde je teď můj balík?\n\
             order_status\tDHL says my parcel is held at customs, the tracking on dhl.de asks me to pay a fee of 0 €. where is my order?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
        let shipped = "none\t@terka_novakova tohle musíme ochutnat 😍☕ jdeme v sobotu?\n\
             none\t@ola.wisniewska to ta kawiarnia o której ci mówiłam!! 😍\n\
             delivery\t@kavarnauzvonu a za jak dlouho to dorazí kdyz objednam dneska? 😍\n\
             delivery\t@anna.k @kavarnauzvonu how long does shipping take to the UK?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
        let both = "none\tnefunguje mi kód ZVON10 z vašeho příspěvku, co s tím?\n\
             none\tgdzie jest moj rabat 10% za newsletter? zapisalam sie tydzien temu i cisza\n\
             none\tamazon has the hand grinder 15 quid cheaper match that and ill order today\n\
             none\tWelcher Tee ist gut für abends? Ist für meine Oma\n\
             none\tSucht ihr noch Barista oder Leute für den Versand? Ich wohne in Prag\n\
             none\twelche straßenbahn fährt von eurem café zur karlsbrücke?\n\
             none\tjade w sobote do pragi co warto zobaczyc oprocz mostu karola\n\
             order_status\tmám kód zásilky Z-88104 a pořád nic, kde je můj balík?\n\
             order_status\thi there, I ordered some decaf for my mum last monday (#120733) and it still hasn't turned up, where is it?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 23's rules leave alone what customers write: a courier's own site with a
    /// hyphen or under a country's second level, tracking "not updated", an invoice asked of
    /// the shop, a parcel's or an error's code, an address abroad that goes back to the shop,
    /// the way to the shop, a tea in an order, a parcel waiting to be sent, the shop tagged by
    /// its name in words. Brand names under throwaway endings are still no courier's.
    #[test]
    fn round_23_rules_leave_customers_questions_alone() {
        let both = "order_status\tNa gls-group.eu mi u zásilky ukazuje doplatek 0 Kč, kde je teď můj balík?\n\
             order_status\tNa emonitoring.poczta-polska.pl pisze, że muszę dopłacić cło. Gdzie jest moja paczka?\n\
             order_status\tDie Sendungsverfolgung auf dhl.de wird seit heute früh nicht aktualisiert, wo ist mein Paket?\n\
             payment\tStellt ihr eine Rechnung aus, wenn ich per Überweisung zahle?\n\
             order_status\tmám kód zásilky PPL123 a pořád nic, kde je můj balík?\n\
             payment\tpayment failed with error code CARD05, how else can I pay?\n\
             contact\tWhich tram goes to your shop? what's your address?\n\
             order_status\twhich tea is in my order 12345? it still hasn't arrived, where is it?\n\
             order_status\tobjednávka čaká na odoslanie už týždeň, kde je môj balík? dpd.sk ukazuje doplatok\n\
             none\tDHL: Zollgebühr zahlen: dhlpaket.top\n\
             none\tUPS: Your package has a fee, pay at ups.co.delivery\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
        let shipped = "delivery\tJsem celý den na brigádě, doručujete i o víkendu?\n\
             returns\tI live in Canada. What address do I send the parcel back to for a return?\n\
             delivery\t@Kavárna U Zvonu jak dlouho trvá doručení?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 23, after sets 50-52 ran: destroying an account is a request about personal
    /// data, "хрінова доставка" anger, and a holiday in the nominative the team's time.
    #[test]
    fn round_23_after_its_sets_ran() {
        let both = "none\tне хочу щоб ви зберігали мої контакти, знищіть акаунт разом з адресою\n\
             none\tви знущаєтесь чи шо? хрінова доставка, третій тиждень чекаю на свою каву\n\
             opening_hours\tpracujete aj 1. novembra alebo mate na sviatok zavrete?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 24: a day the story names (a holiday, a day off) is the day the question about
    /// the team asks of ("Fronleichnam ist bei uns frei, arbeitet ihr an dem Tag?"); a day
    /// beside a question about an order stays the order's.
    #[test]
    fn round_24_a_day_in_the_story_is_the_day_asked_about() {
        let both = "opening_hours\tU nás je 17. listopadu svátek, bude z vás někdo ten den na příjmu?\n\
             opening_hours\tBij ons is het Koningsdag, zit jullie helpdesk dan gewoon klaar?\n\
             opening_hours\tFronleichnam ist bei uns frei, arbeitet ihr an dem Tag?\n\
             opening_hours\tw Wielki Piątek mam wolne, odpowiada ktoś u was wtedy?\n\
             order_status\tw niedzielę zamówiłam, gdzie jest paczka?\n\
             order_status\tordered on sunday night, where is it now?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 24: a wish to call said and the time asked asks the time ("Ich würde Sie gern
    /// anrufen. Ist jemand am Samstag im Büro?"); the hours and the number both asked are
    /// still two questions.
    #[test]
    fn round_24_a_wish_to_call_beside_the_time_asks_the_time() {
        let both = "opening_hours\tchtěla bych vám zavolat. kdy jste k zastižení?\n\
             opening_hours\tIch würde Sie gern anrufen. Ist jemand am Samstag im Büro?\n\
             none\tkdy máte otevřeno? a jaké máte telefonní číslo?\n\
             none\twhat are your hours? and what's your phone number?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 24, after sets 53-55 ran: a question in capitals gets its answer ("KOLIK STOJI
    /// POSTOVNE DO BRNA"); capitals beside an insult still go to a person; a fee for a parcel
    /// that "kon niet worden afgeleverd" on a foreign site is phishing; "scrap it" cancels.
    #[test]
    fn round_24_after_its_sets_ran() {
        let both = "delivery\tKOLIK STOJI POSTOVNE DO OSTRAVY PRES ZASILKOVNU\n\
             order_status\tWHERE IS MY ORDER 55120 ITS BEEN 9 DAYS\n\
             none\tIHR BETRÜGER WO IST MEIN PAKET\n\
             none\tSMS: 'Uw zending kon niet worden afgeleverd, voldoe €2,10 via zending-bezorgen.top' klopt dit?\n\
             none\tordered the wrong grinder by mistake, order 11223, please scrap it\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 25: the way to a person asked for ("dejte mi číslo na živého člověka", "how can
    /// I reach a human being?") is the way to reach the team, whatever else the scores are
    /// unsure of; a person asked for without asking the way still goes to one.
    #[test]
    fn round_25_the_way_to_a_person_asked_gets_the_contact() {
        let both = "contact\tuž žádného robota, dejte mi číslo na živého člověka\n\
             contact\ttalking to a bot again, how can I reach a human being?\n\
             contact\tgeef me het nummer van een medewerker, typen gaat me niet af\n\
             none\tik wil met een medewerker praten over mijn pakket\n\
             none\tI'd like to speak to a human about order 55120\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 25: an order's number beside a question about it lifts the order's status when
    /// it scores just under the threshold ("order 61022 was supposedly sent on monday, would
    /// love to know where it has got to"), not beside a request without a question ("die
    /// Bestellung 61877 bitte auf Expressversand umstellen", a change); an order out of the
    /// door or the warehouse is its status.
    #[test]
    fn round_25_an_order_number_beside_a_question_asks_its_status() {
        let shipped = "order_status\torder 61022 was supposedly sent on monday, would love to know where it has got to\n\
             order_status\tzamówienie 61022 z czwartku, czy już wyszło z magazynu?\n\
             order_status\tbestelling 61022 van donderdag, is die al de deur uit?\n\
             none\tdie Bestellung 61877 bitte auf Expressversand umstellen\n\
             none\tobjednávku 61212 prosím zahoďte, objednal jsem omylem\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 25: a country beside a question about the team's time is where the customer is,
    /// not where a parcel goes ("у Польщі завтра вихідний, а ваша підтримка працює?"); asked
    /// as a destination it is still a person's.
    #[test]
    fn round_25_a_country_beside_the_hours_is_where_the_customer_is() {
        let both = "opening_hours\tу Польщі завтра вихідний, а ваша підтримка працює?\n\
             opening_hours\tin Polen ist morgen ein Feiertag, ist euer Kundenservice trotzdem erreichbar?\n\
             none\tдоставляєте в Польщу?\n\
             none\tliefert ihr auch nach Polen?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 25: a when-clause after a comma that ends a question about paying the courier is
    /// when he brings it, one question ("can I pay the courier in cash, when he comes?"); a
    /// when-question after a comma beside paying otherwise is still a second question.
    #[test]
    fn round_25_paying_the_courier_when_he_comes_is_one_question() {
        let both = "payment\tcan I pay the courier in cash, when he comes?\n\
             payment\tчи можу я дати кур'єру готівку, коли він приїде?\n\
             none\tczy mogę zapłacić blikiem, kiedy dotrze paczka?\n\
             none\tcan i pay by paypal, when will it arrive?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 26: two topics named as a list of short phrases joined by "and" and asked
    /// together go to a person ("доставка і оплата як у вас?"); "and" between two words is
    /// no term of one concept ("versand und zahlung" is no "versand zahl", paying for
    /// shipping); two words of one topic ("cena a doba doručení?") still get its answer.
    #[test]
    fn round_26_two_topics_in_a_list_go_to_a_person() {
        let both = "none\tlieferzeit und rückgabe, wie läuft das bei euch?\n\
             none\tдоставка і оплата як у вас?\n\
             none\tshipping and payment options?\n\
             none\tversand und zahlung?\n\
             none\tdoba doruceni a vraceni zbozi?\n\
             delivery\tcena a doba doruceni?\n\
             delivery\tkoszt i czas dostawy do krakowa?\n\
             delivery\tversandkosten und lieferzeit nach wien?\n\
             none\tkoszt wysyłki i zwrot?\n\
             opening_hours\tv sobotu máte otevřeno i na prodejně?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
        let shipped = "none\tkoszt wysyłki i zwroty - jak to wygląda?\n\
             order_status\tzaplaceno a kdy to dorazi?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 27: two topics as a bare list joined by a comma go to a person ("versand,
    /// rückgabe?"); a greeting before one topic is no list, nor is a question about paying
    /// the courier; a message that announces two little questions is two questions.
    #[test]
    fn round_27_a_comma_list_of_two_topics_goes_to_a_person() {
        let both = "none\tversand, rückgabe?\n\
             none\tpostovne, dobierka?\n\
             none\ttwee vraagjes: accepteren jullie klarna, en hoeveel dagen duurt het?\n\
             delivery\tdobry den, kolik stoji doprava?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
        let shipped = "payment\twezmę za pobraniem, kurier przyjmie gotówkę?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 27: praise that asks nothing is courtesy; a parcel the customer opened is no
    /// opening time; "shut" is being closed; deleting an order (sk), calling it back (uk)
    /// and having an account erased in Polish ("skasować") go to a person.
    #[test]
    fn round_27_praise_an_opened_box_and_requests_in_new_words() {
        let both = "none\tnur ein Lob für euren Support, die Dame am Telefon war super\n\
             damaged_parcel\tthe lid snapped off when we opened it, box was crushed too, what do we do now?\n\
             opening_hours\tI rang at five on friday, are you shut by then?\n\
             none\tzmazte prosim tu prvu objednavku 50112, druhu si nechavam\n\
             none\tзамовлення 44120 хочу відкликати, поки його не відправили\n\
             none\tchcę, żebyście skasowali moje konto razem z adresem i mailem\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 27: damage said not to be there is no damage ("obwohl sie nicht kaputt ist");
    /// a when-clause after paying the courier is when he brings it, whatever it names; the
    /// way to reach the team asked with "when", or "still" in a comma clause of the question,
    /// asks the team's hours.
    #[test]
    fn round_27_no_damage_the_courier_s_when_and_the_team_s_time() {
        let both = "returns\tobwohl die mühle nicht kaputt ist, möchte ich sie zurückgeben, geht das?\n\
             returns\tможна повернути чайник, якщо він новий і без дефектів?\n\
             returns\tcan I return the kettle even though it isnt broken? it is just too loud\n\
             opening_hours\tmate uz v patek v pet zavreno? kdy se vam da dovolat\n\
             opening_hours\tmontags bin ich erst gegen fünf zuhause, lohnt es sich dann noch, euren support zu kontaktieren?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
        let shipped = "payment\tчи можна віддати кур'єру готівку, коли він привезе посилку?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 27: what the customer says they do not want ("nie chcę nic odsyłać", "ich will
    /// nichts zurückgeben") is no request of its own beside the question.
    #[test]
    fn round_27_a_declined_request_asks_nothing() {
        let both = "delivery\tich will nichts zurückgeben, ich muss nur wissen, was der versand nach linz kostet\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
        let shipped = "delivery\tnie chcę nic odsyłać, chcę tylko wiedzieć, ile kosztuje przesyłka do Krakowa\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 27: from which sum shipping is free is shipping's question, not a second one;
    /// whether someone is at the shop or on the line at the weekend asks the team's hours,
    /// not delivery at the weekend.
    #[test]
    fn round_27_free_shipping_from_a_sum_and_someone_there_at_the_weekend() {
        let both = "delivery\tkolik platim za dopravu a od kolika je zdarma?\n\
             opening_hours\tje u vas nekdo o vikendu? potrebuju neco vyresit a nechci cekat do pondeli\n\
             opening_hours\tjste na zakaznicke lince i o vikendu, nebo az od pondeli?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 28: a comment that tags a friend and then puts a question to the shop ("kolik u
    /// vás stojí doprava?") is the shop's; one that asks the friend, as "we" or "they"
    /// ("půjdeme tam v sobotu?", "do they even ship to the uk?"), is not.
    #[test]
    fn round_28_a_friend_tagged_and_a_question_for_the_shop() {
        let shipped = "delivery\t@misa_k koukni na ten mlynek 😍 kolik u vas stoji doprava do Brna?\n\
             payment\t@tom.b this would look great in your kitchen 😍 do you take paypal?\n\
             none\t@terka_h tohle si musime koupit 😍 pujdeme tam v sobotu?\n\
             none\t@tom.b do they even ship to the uk?\n\
             none\t@ania_k zamówimy razem? 😍\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 28: a signal's term of several words takes its short words whole: "nep mail" (a
    /// fake mail) is not "nepřišla, e-mail", so an order not come with no mail about it is
    /// the order's status, not a mail doubted.
    #[test]
    fn round_28_a_short_word_of_a_signal_term_is_a_whole_word() {
        let both = "order_status\tzaplatila jsem v utery a dosud neprisla, e-mail o odeslani nemam. kde je objednavka?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 28: paying told after a when-question is the story, not a second question ("when
    /// is my order going out? paid on friday"); asked with it, it still is one ("zahlt man per
    /// paypal und wann ist die ware da?"). How long until the money of a return comes back is
    /// the return's question.
    #[test]
    fn round_28_paying_told_after_the_question_and_the_time_of_the_money_back() {
        let shipped = "order_status\twhen is my order going out? paid on friday, still no shipping mail\n\
             none\tzahlt man per paypal und wann ist die ware da?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
        let both = "returns\tchcem vratit kanvicu, je nerozbalena. a za ako dlho mi vratite peniaze?\n\
             none\tzwrot odebraliście dwa tygodnie temu, a na konto nic nie wpłynęło\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 28 (tuning sets 72-73): a mug's handle broken off is damage; an address to write
    /// over and which grinder suits best go to a person.
    #[test]
    fn round_28_a_handle_broken_off_an_address_rewritten_and_what_suits() {
        let both = "damaged_parcel\tprisiel hrncek s odlomenym uchom, co mam robit?\n\
             none\tkönnt ihr bei 55120 die adresse noch umschreiben?\n\
             none\twhich of your grinders suits best for a beginner?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 28, after fresh sets 69-71 ran: buying for a company asks for terms, but an
    /// order placed for one (named by its number, or its tracking) is the order's story.
    #[test]
    fn round_28_an_order_placed_for_an_office_is_no_quote() {
        let both = "order_status\torder 44120 for our office still hasn't come, the tracking says nothing since monday\n\
             none\tvoor ons kantoor zoeken we een vaste leverancier van bonen, wat kost 10 kilo per maand?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 28 (tuning set 76): short messages in the words customers type ("telnr?", "immer
    /// noch nix", "hinüber", "the bag split open"); another shop's price so much cheaper, a
    /// wrong address to fix and swearing go to a person.
    #[test]
    fn round_28_short_messages_in_customers_words() {
        let both = "contact\ttelnr?\n\
             order_status\tbestellung 33012 immer noch nix, wo bleibt sie?\n\
             complaints\tdie mühle ist nach zwei monaten hinüber, wie läuft die garantie?\n\
             damaged_parcel\tthe bag split open in the box, beans everywhere\n\
             none\tbei allegro 30 zl taniej, dacie taka cena?\n\
             none\ti put the wrong adress on order 55102, can you fix it\n\
             none\tkurwa mac, no ja pierdziele, znowu nic\n\
             none\twaardeloze winkel, stelletje oplichters\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 28, after fresh sets 69-71 ran: picking an order up at the shop asks where it
    /// is; a fake text doubted in Dutch or English, and a threat to tell the inspection and
    /// Instagram in Ukrainian, go to a person.
    #[test]
    fn round_28_pick_up_in_person_and_texts_doubted() {
        let both = "contact\tmuzu si objednavku vyzvednout osobne u vas v praze?\n\
             contact\tkann ich das paket bei euch selbst abholen?\n\
             none\tkreeg een sms van dhl met een linkje voor inklaringskosten, komt dat van jullie of is het nep?\n\
             none\tgot a text that my parcel is held, pay the fee at the link, is this you?\n\
             none\tнапишу скаргу в інспекцію і всім в інстаграмі розкажу\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 28, after fresh sets 74-75 ran: money not on the account after a return (sk,
    /// pl, uk), "питання два:", a text doubted in Czech slang, erasure under the privacy law
    /// (nl) and swearing (uk, de) go to a person.
    #[test]
    fn round_28_after_its_last_fresh_sets_ran() {
        let both = "none\tkavovar jsem vratila v breznu, na ucte nic, kdy dostanu penize?\n\
             none\toddalam ekspres miesiac temu, pieniedzy brak, co sie dzieje?\n\
             none\tповернула чайник місяць тому, де гроші?\n\
             none\tпитання два: скільки коштує доставка і чи можна оплатити карткою\n\
             none\tprisla mi textovka o doplatku za balik s odkazem, je to vase?\n\
             none\thaal mijn gegevens uit jullie systeem, ik beroep me op de privacywet\n\
             none\tihr seid echt bescheuert\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 28, after fresh set 74 ran: a long warranty story (over 40 content words, under
    /// 64) with one question in it gets the claims answer instead of "too long".
    #[test]
    fn round_28_a_long_warranty_story_is_still_answered() {
        let both = "complaints\tHello, I have been ordering your house espresso beans every single month for almost two years now and I have always been really happy with the quality and the quick shipping, so this is honestly the first time I write with a problem. In January I bought your stainless hand grinder as a birthday present for my husband, he uses it every morning before work and cleans the burrs carefully each weekend, but since last Tuesday the crank slips and the burrs do not turn at all anymore, even with light roasts. How do I make a warranty claim for it?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 29 (tuning sets 80-81): an SEO agency's offer, a prize to claim on a site named
    /// like the shop, a parcel "held" behind a foreign link, an item added to an order and an
    /// order deleted (pl) go to a person; a mail deleted is no order deleted.
    #[test]
    fn round_29_offers_prizes_held_parcels_and_orders_changed() {
        let both = "none\twij zijn een SEO-bureau en brengen uw webshop op pagina 1 in Google\n\
             none\tGEFELICITEERD! U wint een koffiepakket, claim het via uzvonu-winactie.nl vandaag nog\n\
             none\tyour parcel is held at the depot, pay 1.99 at parcel-redeliver-help.com\n\
             none\tzamowienie 30211 jeszcze nie wyslane? skasujcie je prosze\n\
             none\tbestelling 40112: doe er nog een zak espresso bij aub\n\
             order_status\tskasowalam maila z numerem przesylki, gdzie moge sprawdzic paczke?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 29 (tuning sets 80-81): how many days a return may take, asked after how to send
    /// it back, is the return's question, not shipping's (which a courier, a place or an order
    /// named still makes a second one); a broken thing told and how to claim it asked is one
    /// claim; working as usual on the customer's holiday asks the team's hours.
    #[test]
    fn round_29_the_days_to_return_in_a_claim_told_and_a_holiday_abroad() {
        let both = "returns\tkann ich die mühle zurückschicken, und wie viele tage habe ich dafür?\n\
             returns\tchci vratit konvicku, je porad zabalena. kolik mam na to dni?\n\
             complaints\tthe kettle stopped heating after five weeks. how do i claim the warranty?\n\
             none\tretour kan binnen 14 dagen toch? en hoe lang duurt een zending naar antwerpen?\n\
             opening_hours\tu nas je sviatok, vy v cechach robite normalne?\n\
             opening_hours\tjutro w polsce swieto, dzialacie normalnie?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 29, after fresh sets 77-79 ran: naming and shaming on Facebook by a deadline, a
    /// newspaper's consumer column, the shop's name told in a group, a company's price made to
    /// measure, data about the customer to destroy (uk), a late refund not on the card (uk) or
    /// not a crown of it (cs), and an item swapped (pl) or added (nl) go to a person; the
    /// conditions of a return (sk "podmienky") are no swap.
    #[test]
    fn round_29_after_its_fresh_sets_ran() {
        let both = "none\tyou have until monday, then I'm naming and shaming you on every forum\n\
             none\tmy aunt writes for a newspaper and this will be in it if nobody answers\n\
             none\tpotrebujeme firemnu cenu na mieru pre nasu kaviaren\n\
             none\tзнищіть, будь ласка, всі дані про мене\n\
             none\tповернення ви отримали три тижні тому, а на картку досі нічого\n\
             none\tvratila jsem kavovar pred mesicem a porad ani korunu\n\
             none\tchce podmienic w zamowieniu 44120 ziarno na mielona\n\
             none\tbestelling 40112 is nog niet weg, doe er nog een pak filters bij\n\
             returns\take su podmienky vratenia tovaru?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 30: a claim asked about and then how long it takes asks the claim's handling
    /// time, which its answer gives, whatever the scores say of shipping; shipping named
    /// beside it is still a second question.
    #[test]
    fn round_30_how_long_a_claim_takes() {
        let both = "complaints\tChtěla bych uplatnit záruku na konvici. Jak mám postupovat a jak dlouho vyřízení trvá?\n\
             complaints\tW jaki sposób złożyć reklamację ekspresu i ile trwa jej rozpatrzenie?\n\
             none\tthe kettle stopped heating. how do I claim the warranty and how long does shipping to Ireland take?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 30: a postscript or a "by the way" that asks nothing is a remark, not a second
    /// question; one that asks still is.
    #[test]
    fn round_30_a_postscript_that_asks_nothing() {
        let both = "returns\tWie läuft die Rücksendung ab? Die Lieferung war übrigens super schnell.\n\
             none\tWie läuft die Rücksendung ab? Übrigens, nehmt ihr PayPal?\n\
             returns\tjak vratit zbozi? P.S. doprava byla bleskova\n\
             none\tjak vratit zbozi? P.S. jak dlouho trva doprava?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 30: money told as paid for an order, or a friend's account the order went
    /// through, beside an order that has not come, is the order's story, not a refund owed;
    /// money that has not come back after goods went back still is.
    #[test]
    fn round_30_money_paid_is_no_refund_owed() {
        let both = "order_status\tobjednávka 30211, peníze mi z účtu odešly v úterý, ale žádný mail o odeslání nepřišel. kde je balík?\n\
             order_status\tich habe über das Konto meiner Schwester bestellt, Bestellnummer 30555, und noch nichts erhalten. wo ist das Paket?\n\
             none\tvrátila jsem mlýnek před měsícem a peníze mi na účet pořád nepřišly\n\
             none\tmlýnek šel zpátky už v březnu a na účtu pořád nic. to je normální?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 30: where exactly the shop is, asked with the day of a visit, asks the way there
    /// (the contact entry), not the hours; whether it is open that day still asks the hours,
    /// and stopping an order ("zastavte") is no visit.
    #[test]
    fn round_30_where_to_find_the_shop_on_a_visit() {
        let both = "contact\tv sobotu jedeme do Prahy, kde přesně vás najdeme?\n\
             contact\twaar vind ik jullie als ik zaterdag in Praag ben?\n\
             none\tzastavte prosím objednávku 40111, nechci ji\n\
             opening_hours\tv sobotu máte otevřeno na prodejně?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 30: a person's matter named in a clause after a comma that tells why (a friend's
    /// loyalty points the order goes through) is the story of a question, not a second one;
    /// the points asked about still are.
    #[test]
    fn round_30_a_clause_that_tells_why() {
        let both = "payment\tchci objednat přes účet mámy, která u vás má věrnostní body, ale platit budu já. jak můžu zaplatit?\n\
             payment\tIch bestelle über das Konto meines Bruders, da er dort Treuepunkte hat. Welche Zahlungsarten gibt es?\n\
             none\tmám u vás 300 věrnostních bodů. jak je uplatním a jak můžu zaplatit?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 30, from tuning set 85-86's misses: an insult ("ihr penner"), an item swapped
    /// in an order (uk "замініть"), a return's money not on the bank balance and "a question
    /// or two" go to a person.
    #[test]
    fn round_30_insults_swaps_and_a_question_or_two() {
        let both = "none\twie lang dauert der versand bei euch, ihr penner?\n\
             none\tв замовленні 40100 замініть, будь ласка, Бразилію на Кенію\n\
             none\tsent the kettle back three weeks ago and my bank balance still shows nothing\n\
             none\ta question or two: how long to Vienna and can I pay by card?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 30, after fresh sets 82-84 ran: insults (de "blöd", uk "бездарі", "тормози",
    /// "клята"), a two-letter promo code ("BF25") and an exchange office go to a person.
    #[test]
    fn round_30_after_its_fresh_sets_ran() {
        let both = "none\tseid ihr zu blöd, mein paket zu finden? bestellung 30100\n\
             none\tде моє замовлення, бездарі?\n\
             none\tkod XM24 mi v kosiku nefunguje\n\
             none\tде у Празі найкращий обмінник?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 30, the review's mends: "чи ви" alone asks no who-pays question, a refund named
    /// beside a relative's account is still owed, and anger about unanswered messages
    /// ("zprávy") is no bad day.
    #[test]
    fn round_30_review_mends() {
        let both = "returns\tЧи ви приймаєте повернення?\n\
             none\tDie Erstattung ist auf dem Konto meiner Frau noch nicht angekommen\n\
             none\tNa zprávy neodpovídáte, hnusný přístup\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 30: who pays a return's or an exchange's postage goes to a person (no returns
    /// answer says); the weather and the news told as the customer's day are the story
    /// around a question, not anger nor an unrelated question; the weather asked about is.
    #[test]
    fn round_30_who_pays_the_return_and_a_bad_day() {
        let both = "none\tkdo plati postovne, kdyz vam kavu poslu zpatky?\n\
             none\twer zahlt das porto, wenn ich den mixer zurückschicke?\n\
             none\tchci vymenit zrnkovou za mletou, platim postovne ja nebo vy?\n\
             delivery\tvenku je hnusne a cely den prsi, aspon si objednam kafe. kolik stoji postovne?\n\
             none\tjake bude zitra v Brne pocasi?\n\
             none\tваша доставка жахлива, де моя посилка?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 29, the review's mends: a fee behind a payment service's page is phishing (only a
    /// courier's own site is no phishing link), a parcel wrapped in newspaper is damage, not a
    /// threat, and when a sale ends ("закінчується") is no question about the team's hours.
    #[test]
    fn round_29_review_a_payment_page_newspaper_and_a_sale_ending() {
        let both = "none\tyour account is suspended, pay 1.99 € within 24h at paypal.me/secure-x\n\
             damaged_parcel\tthe kettle came wrapped in newspaper and the lid was cracked, what now?\n\
             none\tколи закінчується акція на зерно?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 27, after fresh sets 64-66 ran: a price list for businesses, a side job, an SEO
    /// package behind a short link and an order to hold back go to a person.
    #[test]
    fn round_27_after_its_fresh_sets_ran() {
        let both = "none\thledame dodavatele kavy pro nasi kancelar, poslete cenik pro firmy\n\
             none\tich suche einen Nebenjob, habt ihr was im Versand frei?\n\
             none\tthe order has the wrong mug in it, please hold it back and dont send it out\n\
             none\tCongratulations, your shop won a free SEO package, claim it now: http://bit.ly/x12\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 26: a German message with its umlauts written out ("zuruecksenden", "aendern")
    /// is read as one with the umlauts; Dutch "oe" ("hoe") is left alone.
    #[test]
    fn round_26_umlauts_written_out_are_umlauts() {
        let both = "returns\tkann ich die tasse einfach so zuruecksenden, wenn sie mir nicht gefaellt?\n\
             none\tbitte bei bestellung 41230 die hausnummer aendern, da fehlt die 5\n\
             delivery\thoe lang duurt de levering naar utrecht?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 26: money not back after a return, said as a card or account not credited, or as
    /// an amount waited for weeks beside the return; a parcel waited for weeks is still
    /// asked about.
    #[test]
    fn round_26_a_refund_waited_for_goes_to_a_person() {
        let both = "none\tsent the mug back two weeks ago and my card still hasn't been credited\n\
             none\tвже два тижні чекаю 30 євро за повернення\n\
             order_status\tдва тижні чекаю посилку, замовлення 40112, де вона?\n\
             order_status\tzwei wochen warte ich schon auf mein paket 51230, wo ist es?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 26: a class trip to Prague, money to change for it, breakfast in town are no
    /// question of the shop's; a trip beside the shop's address still asks the address.
    #[test]
    fn round_26_a_visit_to_the_city_is_unrelated() {
        let both = "none\tjedziemy na wycieczkę z klasą do pragi, gdzie tam można coś zjeść?\n\
             none\tmoet ik voor praag kronen wisselen of kan ik overal met euro's betalen?\n\
             none\tде у празі можна поснідати недорого?\n\
             contact\tna akej ulici presne ste? budem na vylete v prahe a rada by som sa zastavila\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 26, after sets 59-61 ran: a job application with a CV, the same price asked
    /// for, something swapped in an order (uk), erasing what the shop has about one (pl): all
    /// a person's.
    #[test]
    fn round_26_after_its_sets_ran() {
        let both = "none\thiermit bewerbe ich mich um eine stelle im versand, mein lebenslauf ist im anhang\n\
             none\tbei einem anderen shop kostet die kanne weniger, bekomme ich bei euch denselben preis?\n\
             none\tможна поміняти в замовленні 51220 каву на чай, поки не відправили?\n\
             none\tproszę wymazać wszystko, co macie o mnie: adres, telefon i e-mail\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 25, after sets 56-58 ran: money not back after a return with the amount written
    /// out, an agency's offer, a wholesale price, going under another shop's price, the
    /// city's sights, "scrap order", will it still be there, a greeting asking whether anyone
    /// answers, two questions joined by "+": all a person's ("&" between two goods is no
    /// second question).
    #[test]
    fn round_25_after_its_sets_ran() {
        let both = "none\tI sent the kettle back on 3 May and still haven't seen the €42.00 back\n\
             none\tposlala jsem vam zpatky konvici a na ucte porad nic\n\
             none\twe are an agency for google ads and double your sales, our agency guarantees results\n\
             none\tцікавить гуртова ціна на чай для нашого готелю\n\
             none\tbol.com heeft die molen 10 euro minder, kunnen jullie daaronder gaan zitten?\n\
             none\tis de kerstmarkt in praag open op oudejaarsavond?\n\
             none\tsiemka, ktoś tu odpisuje?\n\
             none\tdo you take apple pay + how fast does it arrive?\n\
             delivery\tkawa & herbata, ile kosztuje wysyłka?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
        let shipped = "none\tplease scrap order 61230, ordered the wrong size\n\
             none\tczy będzie jeszcze ten kubek w zielonym kolorze?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 31 (tuning set 91): moving house is a change of an order only beside an order
    /// that exists (its number, "objednávka", "my order"); otherwise it is the story of the
    /// question, and an order already placed to the new address changes nothing.
    #[test]
    fn round_31_a_move_changes_only_an_order_that_exists() {
        let both = "delivery\tted se stehuju do Olomouce a rada bych si kafe objednala rovnou na novou adresu. za jak dlouho to tam dojde?\n\
             delivery\thoi! net naar een appartement in antwerpen verhuisd – na hoeveel werkdagen is een pakket er?\n\
             none\tprestehovala jsem se, objednavka 48300 by mela jit na novou adresu\n\
             none\tich bin umgezogen, bitte die bestellung an meine neue adresse schicken\n\
             none\tбудь ласка, переправте адресу в 70230, я переїхала\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 31: a customer's own address ("haar adres", "jeji adresu") is no question about
    /// the shop's, and a Czech message that has no function word the detector knows is still
    /// Czech (a caron beside an acute, or "kdybych"), so a city abroad is not the delivery
    /// answer's.
    #[test]
    fn round_31_whose_address_and_which_language() {
        let both = "delivery\twat reken je voor porto als mijn adres in gent is?\n\
             none\tkamarádka bydlí v Linci, doručíte to tam?\n\
             none\tkamaradka bydli v linci, kdybych objednala na jeji adresu, dorucite to tam?\n\
             none\tHoi! Ervaren barista hier, ik verhuis in september naar Praag. Nemen jullie misschien iemand aan?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 31 (tuning sets 90-91): buying for an office or a company is no quote of itself:
    /// its ordinary question gets its answer; a quote's own words still go to a person.
    #[test]
    fn round_31_an_office_order_is_no_quote() {
        let both = "payment\tik bestel voor ons kantoor en wil graag achteraf betalen via Klarna, kan dat?\n\
             damaged_parcel\tThe parcel for our office arrived this morning with the side caved in and the glass carafe smashed. What would you like us to do?\n\
             none\tvoor ons kantoor (40 collega's) zoeken we een vaste leverancier van bonen, kunnen jullie een prijsvoorstel doen?\n\
             none\tchceli by sme od vas 20kg kavy mesacne pre nasu firmu, aka je cena?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 31 (tuning sets 90-91): an order named, by its number alone too, and asked
    /// whether it was sent already is the order's whereabouts; when it will be sent still is
    /// too, and a number with "don't send it any more" a cancellation.
    #[test]
    fn round_31_sent_already_of_an_order() {
        let both = "order_status\t20533 juz nadane? od wtorku cisza\n\
             order_status\tNr. 20822 – wurde das Päckchen schon losgeschickt? In meinem Postfach ist nichts\n\
             order_status\torder 30571 — has it left yet? no email so far\n\
             order_status\tпосилку 20725 вже передали перевізнику?\n\
             order_status\twann wird meine bestellung verschickt? vorgestern 56 € überwiesen\n\
             none\tik heb me bedacht, 33430 mag weg, niet meer versturen aub\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 31 (tuning set 91): a customer's own name changed is the story of a question,
    /// not a change of the order; a return that reached the shop with the money not on the
    /// account or card is a refund owed.
    #[test]
    fn round_31_a_new_surname_and_a_return_that_reached_the_shop() {
        let both = "complaints\tPo svatbě jsem změnila příjmení, takže objednávka č. 20417 je vedená jako Nováková. Moka konvička mi po pár týdnech začala protékat, jak ji mám reklamovat?\n\
             order_status\tI recently changed my surname after getting married, so order #20931 might be under Clarke. Could you tell me whether it has been dispatched yet?\n\
             none\tzwrot do was dotarl w marcu, a na koncie nadal pusto. co sie dzieje z moimi pieniedzmi?\n\
             none\tThe returned burr grinder was signed for at your end on 3rd March and five weeks later my card hasn't been credited.\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 31, from fresh sets 87-89 after their run: a shortened link beside card details
    /// is phishing, keeping data asked not to is about personal data, a "double question" is
    /// two, a return posted weeks ago with no transfer is a refund owed, what fits a machine
    /// best is advice, and SEO with paid ads an offer.
    #[test]
    fn round_31_after_the_fresh_sets() {
        let both = "none\tktoś mi wysłał wiadomość, że paczka utknęła na cle i trzeba kliknąć w tinyurl.com/odbior-pl i podać kartę. to wasze?\n\
             none\tnechci, abyste o me cokoli uchovavali – jmeno, adresu, telefon. vse prosim odstrante\n\
             none\tQuick double question — UK shipping time, plus do you take Apple Pay at checkout?\n\
             none\tMinęło już pięć tygodni od nadania zwrotu i dalej zero przelewu na koncie. Halo?\n\
             none\tWelche Bohne passt am besten zu meiner Sage Barista Express?\n\
             none\tHi! We help e-shops grow with SEO and paid ads, 3x ROI guaranteed. Free audit: bit.ly/grow-shop-now\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 31, the review: a greeting or a sign-off is no courtesy of itself (the message
    /// between them asks), nor is a wish that is a want; a wish for a feast that asks nothing
    /// is.
    #[test]
    fn round_31_greetings_sign_offs_and_wishes() {
        let both = "delivery\tWitam, interesuje mnie koszt wysyłki do Polski. Pozdrawiam\n\
             returns\tI wish to return the grinder, it's unused.\n\
             none\tMoin moin und frohe Ostern 🐣\n\
             none\tschöne feiertage nach tschechien, liebe grüße aus kassel 🐣\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 32, from fresh sets 92-94 after their run: a return the courier says arrived and
    /// an amount not back are a refund owed; an address put right or an item taken out is an
    /// order action; open roles are a job offer; a when-question about getting the goods beside
    /// a return is a second question.
    #[test]
    fn round_32_after_the_fresh_sets() {
        let both = "none\tretoure vor einem monat angekommen laut dhl, erstattung fehlt bis heute\n\
             none\top 2 april hebben jullie mijn retour ontvangen, maar na een maand staat het bedrag er nog steeds niet op\n\
             none\toeps, bij bestelling 118274 staat nog mijn oude straat. kan dat nog omgezet worden?\n\
             none\tпередумала брати френч-прес, можна прибрати його з замовлення 31507 поки не відправили?\n\
             none\they, any open roles at the roastery? I've worked 2 years in specialty coffee\n\
             none\tколи приблизно отримаю кавомолку і якщо вона не підійде, її можна відіслати назад?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
    }

    /// Round 33 (sets 100-101): a kind of person is nobody asked for ("she's a paypal
    /// person"); shop words the lists lacked: a parcel that wanders ("kudy se toulá"), its
    /// route, following it, Google Pay in one word, ways of settling up, a schedule, someone
    /// on duty, correspondence, a mailbox to write to; goods for content is an offer, an
    /// invoice made out again to a company is a person's, so is money (German "Kohle") owed
    /// for a return the shop has.
    #[test]
    fn round_33_words_and_kinds_of_person() {
        let labelled = "payment\tmum refuses to type card numbers online, she's a paypal person — works with you?\n\
             order_status\tkudy se toula muj pytlik kafe?\n\
             order_status\tяк побачити маршрут моєї посилки?\n\
             order_status\tshipped email came 4 days ago, how do i follow the parcel\n\
             payment\tгуглпей приймаєте?\n\
             payment\tякі варіанти розрахунку?\n\
             opening_hours\tрозклад чату підтримки підкажете?\n\
             contact\tваш мейл для листування?\n\
             contact\tna jaką skrzynkę pisać?\n\
             none\they! ik run een koffieaccount op tiktok (25k), ruilen jullie producten tegen content? dm me\n\
             none\tBestellung 80344: bitte Rechnung neu ausstellen auf meine GmbH, Adresse folgt\n\
             none\tdobrý den, provozujeme kancelář na 40 lidí, šlo by nám pravidelně dovážet 10 kg zrnkové měsíčně?\n\
             none\tpaczkę zwrotną odebraliście 3 lutego, minęło ponad 5 tygodni, a 214,90 zł ani widu ani słychu\n";
        assert_eq!(shipped_faq_mistakes(labelled), "");
    }

    /// Round 33 (sets 100-101): a mail doubted beside a link of its own is a person's even
    /// without the word "link"; money waited for ("warte noch immer auf die Kohle") after a
    /// return the shop has is owed; question words alone after a question ask on about it
    /// ("zurückgeben? bis wann? wie?"); the shop's whereabouts and house number are where it
    /// is, also on holiday; a Slovak parcel that wanders; a claim lodged (uk); when the money
    /// comes back to the card is the return's question; a holiday beside a gift is its
    /// occasion, not the team's day off.
    #[test]
    fn round_33_doubts_money_waited_for_and_questions_asked_on() {
        let labelled = "none\tik kreeg een mail dat mijn account bij jullie geblokkeerd is en ik moet inloggen via kavarnauzvonu-verify.com, klopt dat?\n\
             none\tseit 6 wochen habt ihr meine rücksendung und ich warte noch immer auf die kohle!!\n\
             returns\tzurückgeben? bis wann? wie?\n\
             contact\twhereabouts in prague are you, and a landline to ring?\n\
             contact\tik ben volgende week in praag op vakantie, wat is jullie straat en huisnummer?\n\
             order_status\tkade sa túla môj balík? ako to skontrolujem?\n\
             order_status\torder went in thursday, tracking page blank, whereabouts is it?\n\
             complaints\tручка в чайника тріснула й відпала, користуюсь лише три тижні. як заявити?\n\
             none\tkolik stoji doprava? a jak muzu platit?\n\
             returns\tЯк оформити повернення і коли гроші повернуться на картку?\n\
             returns\tCould you explain how returns work and when I'd see the money back on my card?\n\
             delivery\tДобрий день! Хочу замовити каву в подарунок батькам на Великдень, вони живуть у Вінниці. Підкажіть, будь ласка, якою службою ви відправляєте і скільки це коштуватиме?\n\
             opening_hours\tmáte otevřeno o Velikonocích?\n";
        assert_eq!(shipped_faq_mistakes(labelled), "");
    }

    /// Round 34 (sets 105-106): the hours of the café or of collecting an order oneself are
    /// not the team's, while the café denied, the shop's name, a collection of goods and a
    /// cafetière leave the team's hours asked; anger beside today still reaches a person; money owed, an amount outstanding in a
    /// courier's text, a gift card, an SEO offer, an order taken off sending and a "dirty
    /// shop" reach a person; words of a broken parcel (de), Google's wallet (uk) and a parcel's
    /// whereabouts (nl); how much one pays with words between is the price ("kolik za to
    /// zaplatím"), not a second question about paying; what sending costs beside a courier, shipping or how long
    /// is sending's, at near scores with an entry for a person (a product's price stays a
    /// person's); a standing supplier and a price proposal are a quote; words of a shop and your office to
    /// come to (not our office), a parcel squashed or chipped, a crack in a product, a parcel
    /// gone walkabout, someone found in or a chat staffed; a discount code of four capitals or more
    /// without the word "code"; a product back in the web shop; the café set aside. After the fresh sets 102-104 ran: the
    /// shop's handle is no café ("@kavarnauzvonu"), and a courier's fee text with "anders
    /// gaat" is phishing.
    #[test]
    fn round_34_visits_a_bad_day_and_new_words_reach_the_right_place() {
        let labelled = "none\tv kolik rano otvirate kavarnu ve zvonarske? chci se stavit na flat white\n\
             none\thoe laat gaat het café in praag open op zondag?\n\
             none\trather pick it up myself from your place, when are you around for collections?\n\
             opening_hours\tnicht das café – wann sind die leute vom kundendienst zu erreichen?\n\
             opening_hours\tnot the cafe, i mean your support team — are you around on fridays?\n\
             opening_hours\tv kolik v patek koncite?\n\
             none\tworst shop ever, where is my parcel?\n\
             none\totřesná služba, dneska pořád nic\n\
             none\tworst company ever, today still no reply\n\
             opening_hours\tI love your new autumn collection, when are you open?\n\
             opening_hours\tCafé U Zvonu, when are you open?\n\
             opening_hours\tcafetière arrived, when are you open on saturday?\n\
             none\twas kostet die äthiopische Bohne nach Österreich?\n\
             none\tECAM350 compatible capsules?\n\
             none\tmijn retourpakket ligt al sinds half oktober bij jullie en op de rekening staat nog altijd nada\n\
             none\trücksendung ist seit 23 tagen zugestellt, auf meinem konto ist aber nix angekommen\n\
             none\tnet een berichtje binnen dat er nog €1,50 openstaat voor mijn zending, link dhl-nl-pakket.com. echt of nep?\n\
             none\tna urodziny dostalam od siostry karte prezentowa do was, w ktorym miejscu ja wklepac?\n\
             none\twir bieten SEO für ihren shop, erste seite bei google garantiert\n\
             none\tпередумала, зніміть 20712 з відправки\n\
             none\twas für ein drecksladen, zwei wochen nix gekommen\n\
             damaged_parcel\tbecher in tausend teilen angekommen\n\
             damaged_parcel\tder karton sah aus wie vom lkw überrollt, der becher drin ist hin\n\
             payment\tчи підійде оплата з гугл гаманця?\n\
             order_status\tpakketje laat op zich wachten, hoe kan ik zien waar het uithangt?\n\
             delivery\tHoeveel dagen heeft DHL nodig naar Leuven, en wat moet ik betalen voor het sturen?\n\
             delivery\tkolik dní to trvá do olomouce a kolik za to zaplatím?\n\
             none\twhen would it arrive and what would i pay by, card or paypal?\n\
             delivery\tнова пошта від вас скільки буде коштувати?\n\
             delivery\tmieszkam pod krakowem, po ilu dniach kurier dowiezie i ile place za transport?\n\
             none\tik run een kapsalon en zoek een vaste leverancier, wat is jullie prijs per 10 kilo?\n\
             none\tboutique hotel here, we'd like 200 logo-printed coffee bags monthly, shipped to us. can you price that up?\n\
             none\tkolik stojí ten ruční mlýnek a kolik je poštovné do brna?\n\
             contact\tde ваша крамниця в празі?\n\
             contact\tHabt ihr einen Laden oder ein Büro in Prag? Bin im Mai dort\n\
             delivery\tdobry den, chcem kavu objednat do nasej kancelarie v Kosiciach, za kolko dni to pride?\n\
             damaged_parcel\thrnček prišiel odbitý, krabica prelomená\n\
             damaged_parcel\tpaket völlig plattgedrückt angekommen, in der glaskaraffe ist jetzt ein riss\n\
             complaints\tim Mahlwerk meiner zwei Monate alten Handmühle ist ein Haarriss. Wie melde ich den Mangel?\n\
             order_status\tmy parcel's gone walkabout lol\n\
             order_status\tкуди поділась моя коробочка?\n\
             opening_hours\tpiątkowe popołudnie — zastanę kogoś?\n\
             opening_hours\tczat obsadzony jeszcze po 16?\n\
             none\tWELKOM10 geeft steeds 'ongeldig' bij de kassa??\n\
             none\tZVON10 nefunguje 😤 zkoušel všude\n\
             none\tkomt de espresso blend uit jullie reel nog terug in de webshop?\n\
             none\tkedy mate otvorenu kaviaren v prahe? budem tam v sobotu\n\
             opening_hours\tkaviaren ma nezaujima – sedi niekto na podpore aj po stvrtej poobede?\n\
             payment\tAPPLE PAY OK?\n\
             opening_hours\t@kavarnauzvonu patek odpoledne jeste nekdo?\n\
             none\tkreeg een berichtje: invoerrechten € 2,40 voldoen op bezorg-check-nl.net anders gaat je doos retour. hoort dat bij jullie?\n";
        assert_eq!(shipped_faq_mistakes(labelled), "");
    }

    /// Round 35: how the order is or will be paid, told in a part that asks nothing beside a
    /// part about another entry, is the order's story (the other entry answers); paying
    /// wished for or asked about a short "is that ok?" stays a payment question; paying and
    /// the delivery asked together go to a person; "afrekenen" is paying.
    #[test]
    fn round_35_paying_told_is_the_story_and_paying_asked_is_a_topic() {
        let shipped = "order_status\thab mit apple pay bezahlt, aber wo finde ich die sendungsnummer?\n\
             delivery\tzahlung läuft über paypal, mich interessiert nur wie viele werktage das paket bis graz braucht\n\
             order_status\tне бачу ніде номера для відстеження, куди дивитись? оплата була через apple pay\n\
             returns\tobj. 20561 – kapsle nesedi do naseho kavovaru, chtel bych je vratit, jak na to? (platil jsem predem prevodem)\n\
             payment\tich hätte gern per banküberweisung bezahlt, bietet ihr das an?\n\
             payment\tobjednavam pre kolegyne z prace, keby som zaplatil cez apple pay, je to v poriadku?\n\
             payment\twezmę za pobraniem, kurier przyjmie gotówkę?\n\
             payment\thoe kan ik bij jullie afrekenen? wil vanavond na het eten mijn bestelling plaatsen\n\
             none\thallo! hoe reken ik af, en wat betaal ik extra zodat de postbode het in utrecht aflevert?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
        // The review: paying the courier asked besides, and a double charge, are no story.
        let asked = "payment\tzapłacę przy odbiorze, czy kurier ma terminal?\n\
             none\thab mit paypal bezahlt, aber das geld wurde zweimal abgebucht, wo finde ich die sendungsnummer?\n";
        assert_eq!(shipped_faq_mistakes(asked), "");
    }

    /// Round 35: a person asked about beside the team's time ("will a human still answer
    /// then?") is a question about the team's hours; the way to a person, or people sought
    /// for a job, is not.
    #[test]
    fn round_35_a_person_at_a_time_is_the_teams_hours() {
        let shipped = "opening_hours\ti finish my shift at 3 on fridays, will there still be a human replying then?\n\
             opening_hours\tif i message on a sunday will a real person reply or do u only work mon-fri?\n\
             opening_hours\tzitten er zaterdags ook mensen bij jullie klantenservice?\n\
             none\tHallo, zoeken jullie nog mensen voor de klantenservice? Ik spreek Nederlands en Duits.\n\
             none\tna fb nikt nie odpisuje od trzech dni, jest jakis inny sposob zeby dotrzec do zywego czlowieka u was?\n\
             none\tcan I talk to a human\n\
             none\tI want to speak to a human about my broken grinder, when are you open?\n\
             none\tchci operátora, ne robota. v kolik otevíráte?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 35: places the answers do not name (Mallorca, Brooklyn, Kleve asked in Dutch),
    /// a refund owed in new words and a courier's text asking an
    /// amount to book the delivery again (fresh set 107, after its run) go to a person; Graz,
    /// in Austria, is answered in German. The review: a name that begins like a city, a
    /// basket still empty, no money back asked as a condition and a rebooking the customer
    /// paid are none of these.
    #[test]
    fn round_35_places_beyond_the_answer_and_money_still_not_back() {
        let both = "none\tversand nach mallorca möglich? haben dort eine finca\n\
             none\tship to brooklyn ny? 🇺🇸\n\
             none\tbezorgen jullie ook in kleve of alleen nl en be? zit net aan de duitse kant\n\
             none\tbegin vorige maand heb ik de machine teruggestuurd, jullie hebben hem ontvangen, maar ik wacht nog steeds op mijn centen\n\
             none\troyal mail shows my return landed with you on the 3rd, it's been a month and no money back\n\
             none\t'Ihr Paket konnte nicht zugestellt werden, neue Zustellung gegen 1,99 € buchen: dhl-de-zustellung.co' kam per SMS, gehört das zu eurer lieferung?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
        let shipped = "delivery\tzahlung läuft über paypal, mich interessiert nur wie viele werktage das paket bis graz braucht\n\
             delivery\tship to Bernie in Manchester, how long does it take?\n\
             none\tmy basket is still empty after clicking add to cart, why?\n\
             returns\tif I've used it once, no money back at all?\n\
             none\tmy delivery failed yesterday, I rescheduled it on parcelhub.co.uk and paid £3.50 for it, can you refund that?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 35 (after fresh set 108 ran): Silesian ("kartōm", "niy mōm") and Swiss German
    /// ("chan mer bi öich") are languages the page does not support, not Polish and German.
    #[test]
    fn round_35_silesian_and_swiss_german_are_not_supported() {
        let both = "none\tDobry dziyń! Idzie u wos płacić kartōm, abo ino przelywym? Bo niy mōm BLIKa.\n\
             none\tHoi zäme, chan mer bi öich au mit PayPal zahle oder nume mit de Charte?\n\
             payment\tczy mogę zapłacić kartą albo przelewem?\n\
             payment\tkann ich mit paypal zahlen?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
    }

    /// Round 36 (set 115): damage said not to be there counts for no entry, and a wrong item
    /// received, to be swapped, is a person's (the wrong-item entry), not a return; a return
    /// whose reason is no damage stays a return.
    #[test]
    fn round_36_damage_denied_and_a_wrong_item_received() {
        let shipped = "none\tnic rozbitého tam není, ale místo zrnkové mi přišla mletá. Můžete mi ji vyměnit?\n\
             none\ter is niks kapot, maar de verkeerde koffie zit erin. kunnen jullie het omruilen?\n\
             none\tнічого не пошкоджено, але прийшла мелена кава замість зерен, обміняєте?\n\
             returns\tBekomme ich das Geld zurück, wenn ich die Tassen retourniere? Kaputt ist nichts, die Farbe passt nur nicht.\n\
             returns\tcan I swap the mug for another colour? it's unused\n\
             returns\tI accidentally ordered the wrong item, can I return it for a refund?\n\
             returns\tOmylom som objednala zlý produkt, môžem ho vrátiť? Je neotvorený.\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 36 (sets 115-116): a return that went or arrived, said in new words, beside
    /// money that has not come, is a refund owed; how a refund works stays a return.
    #[test]
    fn round_36_a_refund_owed_in_new_words() {
        let both = "none\tVrátenka k vám odišla 12. marca, sledovanie ukazuje doručené, ale na účet mi doteraz nič nepribudlo. Kedy to konečne pošlete?\n\
             none\tten mlynek jsem vam poslala nazpatek jeste v breznu, ted je konec dubna a na ucet mi nic nepriteklo. jak dlouho se jako ceka?\n\
             none\tretourtje is al sinds half maart bij jullie binnen volgens de tracking, maar mijn rekening is nog altijd leeg. hoezo?\n\
             none\tRücksendung von mir kam laut DHL am 4. März bei euch an, seitdem warte ich vergeblich auf mein Geld, inzwischen sieben Wochen!\n\
             none\tthe grinder went back to you in early March, it's nearly May now and my bank account hasn't seen a penny of it\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
        let shipped = "returns\tif I send it back unopened, how long until the money is in my bank account?\n\
             returns\tЯкі умови повернення у вас? Чи повернете гроші, якщо пачка не відкрита?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 37 (sets 113, 120): the customer's doubt which kind of matter theirs is counts
    /// for no entry; what the rest of the message tells decides.
    #[test]
    fn round_37_a_doubt_which_kind_of_matter_leaves_the_story_to_decide() {
        let shipped = "damaged_parcel\tNeviem, či to mám reklamovať alebo vrátiť: na krabici bola nálepka „Poškodené pri preprave“ a moka kanvica vo vnútri má ohnuté veko.\n\
             damaged_parcel\tgeen idee of dit nou een klacht of een retour is, maar de doos was helemaal ingedeukt en de kan erin is gebarsten. wat moet ik doen?\n\
             returns\tNevím, jestli je to reklamace nebo vrácení… hrnky jsou celé, jen se mi ta barva naživo vůbec nelíbí. Jak je pošlu zpátky a dokdy to musím stihnout?\n\
             contact\twhat email should i send the photos of my receipt to? no clue yet if it's a return or a claim, you can decide\n\
             returns\tNie wiem, czy dobrze rozumiem regulamin. Czy mogę zwrócić otwartą kawę?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 37 (set 121): an advert or an influencer seen, told beside an ordinary question,
    /// is where the customer found the shop; offered, or sold out, it is a person's.
    #[test]
    fn round_37_an_advert_seen_is_where_the_customer_found_the_shop() {
        let shipped = "delivery\tjest darmowa dostawa od jakiejś kwoty? widziałam wasz post sponsorowany u @kawowa.ania i mnie skusiło 😄\n\
             returns\tbought the gooseneck kettle after that influencer post but honestly dont need it. can i send it back? unopened\n\
             contact\tmate email alebo telefon? nechcem to pisat tu do komentarov pod ten sponzorovany post\n\
             none\tOns reclamebureau drinkt veel koffie – zouden jullie een maatwerkaanbod voor 40 collega's willen uitwerken, met vaste bezorging?\n\
             none\tthe kenyan aa has been sold out for weeks, any idea when it'll be back?\n\
             none\tI'm a coffee blogger with 40k followers on Instagram. Do you ship to Austria?\n\
             none\tJestem blogerką kawową, mam 30 tysięcy obserwujących. Ile kosztuje wysyłka?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 37 (sets 120-121): the customer's own café, or a visit said not to be made, is
    /// no visit: the team's hours answer.
    #[test]
    fn round_37_the_customers_own_cafe_is_no_visit() {
        let shipped = "opening_hours\tv patek se vracim z prace az kolem ctvrte, stihnu vas jeste zastihnout na chatu? jde mi o zakaznickou podporu, do kavarny nejdu\n\
             opening_hours\tdobry vecer, mame malou kavarnu v hradci a objednavame od vas zrnka. funguje vase podpora i o vikendu, nebo se ozvete az v pondeli?\n\
             opening_hours\tdo kolkej mate dnes podporu? sme kaviaren a potrebujeme to vybavit este dnes\n\
             none\tKdy má v sobotu otevřeno kavárna ve Zvonařské? Chceme tam s tátou zajít na snídani.\n\
             none\tDo you still run the café on Sundays? What time does it open?\n\
             opening_hours\tDe koerier zou vandaag langskomen maar er kwam niemand. Tot hoe laat zijn jullie vandaag bereikbaar?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 37 (set 112): the return named beside its having gone or arrived is a return
    /// made; money beside it is owed. After a condition, it is a return to make.
    #[test]
    fn round_37_a_return_that_went_is_a_return_made() {
        let shipped = "none\tRetour 5 weken geleden verstuurd, ontvangstbevestiging gehad, maar terugbetaling? Nada. Wat is er aan de hand?\n\
             none\tFünf Wochen ist mein Retourpaket schon bei euch angekommen und von der Erstattung keine Spur!\n\
             returns\tWenn die Retoure bei euch angekommen ist, wie lange dauert dann die Erstattung?\n\
             returns\tHow do I start my return? The parcel was delivered yesterday and I'd like a refund.\n\
             returns\tWie funktioniert die Rücksendung? Auf der Seite finde ich nichts dazu. Bekomme ich das Geld zurück?\n\
             returns\tChcę zrobić zwrot butów, które dotarły wczoraj. Kiedy dostanę pieniądze?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 36 (set 115): whether a message sent on a day gets a reply or is read, asked in
    /// new words, is the team's hours.
    #[test]
    fn round_36_a_reply_expected_on_a_day_is_the_teams_hours() {
        let shipped = "opening_hours\tje sobota skoro deset vecer 🙈 ma smysl cekat na reakci jeste dneska nebo zitra, nebo to nekdo precte az po vikendu?\n\
             opening_hours\tjest piatek wpol do piatej, ma jeszcze sens pisac czy juz nikogo nie ma do poniedzialku?\n\
             opening_hours\tvrijdagmiddag nog iets sturen heeft dat zin, of zijn jullie dan al naar huis?\n\
             opening_hours\tFalls ich euch samstags anschreibe, bekomm ich dann noch vor Montag eine Rückmeldung?\n\
             opening_hours\tSunday messages: do they get read same day or do they sit until Monday morning?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 36 (sets 115-116): where a parcel has got to, its progress or its journey, is
    /// the order's status.
    #[test]
    fn round_36_where_it_has_got_to_is_the_orders_status() {
        let both = "order_status\t8 days and counting on #28871, nothing at my door. any idea where it's gotten to?\n\
             order_status\tno idea where my beans have got to 🤷 is there a page showing the parcel's progress?\n\
             order_status\tis there some way to peek at where my coffee currently is on its journey?\n\
             order_status\tMijn bonen zijn volgens jullie onderweg, maar ik heb geen idee waar ze uithangen. Kan ik dat ergens nakijken?\n";
        assert_eq!(shipped_faq_mistakes(both), "");
        assert_eq!(plain_faq_mistakes(both), "");
        // The review: "have got to" is "must", a coffee's journey from the farm is no parcel's.
        let shipped = "delivery\tI have got to be home for the delivery, how long does shipping take?\n\
             none\tTell me about its journey from farm to cup, where is this coffee grown?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 36 (sets 115-116): a bank app's code, cash for the courier and the bill settled
    /// later are ways to pay; an address swapped, an item added (uk) and a second order
    /// stopped (cs) are actions on an order.
    #[test]
    fn round_36_ways_to_pay_and_actions_in_new_words() {
        let shipped = "payment\tnie mam karty przy sobie, a zawsze płacę telefonem kodem z aplikacji banku – przejdzie u was taki kod z apki?\n\
             payment\tZahlt man bei euch vorher, oder kann ich die Rechnung nach dem Auspacken begleichen?\n\
             payment\tI'm old school, I'd rather give the delivery guy a few banknotes when he hands it over — possible?\n\
             none\tNew flat since Monday! Please swap the address on #31007 to my new one before it ships.\n\
             none\tОй, забула докласти в кошик ще еспресо-суміш. Можна дописати її до 30518, поки не відправили?\n\
             none\tta druhá objednávka (č. 20733) je navíc, můžete ji prosím stopnout?\n\
             none\tMy bank app shows I was charged twice for order 30112, can you check?\n\
             returns\tЩо треба докласти до посилки при поверненні?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 36 (fresh set 112, after its run): what the packaging is made of or whether it
    /// recycles, asked beside a question, is no answer's; told as a compliment beside a
    /// damaged parcel it is the story.
    #[test]
    fn round_36_packaging_asked_is_a_persons_told_is_the_story() {
        let shipped = "none\tDajú sa vaše kapsule recyklovať? A môžem platiť kartou?\n\
             none\tSind eure Kapseln kompostierbar und kann ich mit Apple Pay zahlen?\n\
             none\tczy pakujecie bez plastiku? i ile idzie paczka?\n\
             damaged_parcel\tThe parcel got soaked in transit and the coffee bag split open. Love the compostable packaging btw but it didn't survive the trip.\n\
             damaged_parcel\tDer Karton war durchnässt und die Kaffeetüte aufgerissen. Schöne plastikfreie Verpackung übrigens, aber leider nicht robust genug.\n\
             returns\tCan I return the compostable pods if I don't like them? They're unopened.\n\
             returns\tCan I still return the grinder if I've already recycled the original box?\n\
             damaged_parcel\tDer kompostierbare Beutel ist beim Transport aufgerissen, was soll ich jetzt tun?\n\
             delivery\tHow long does shipping take for the eco friendly capsules?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 39 (set 131): a text or a call the customer doubts, that asked for a fee or the
    /// card's details, reaches a person also without a link; a mail about the order that
    /// asks for nothing is still the order's question.
    #[test]
    fn round_39_a_doubted_text_asking_for_a_fee_reaches_a_person_without_a_link() {
        assert_no_mistakes_with_either_faq(
            "none\tdostal jsem sms, že mám doplatit 35 kč clo, jinak balík vrátí. je to od vás?\n\
             none\tgot a text from 'DPD' saying my parcel needs a £2.10 top-up before redelivery, is that genuinely you?\n\
             none\tприйшло смс нібито від нової пошти, треба підтвердити дані картки. це справжнє?\n\
             order_status\tdostal jsem mail, že objednávka odešla, je to pravda? kde ji můžu sledovat?\n",
        );
    }

    /// Round 39 (sets 130-131): a clause that asks by intonation alone, then "and" and a
    /// question that asks yes or no, asks two things ("... доїде і готівкою можна?"); in
    /// English only where "can" opens its clause. Reaching the team at hours asked after
    /// shipping is a second question too.
    #[test]
    fn round_39_a_yes_no_question_after_and_leaves_the_clause_before_asking() {
        assert_no_mistakes_with_either_faq(
            "none\tдо Львова за тиждень доїде і готівкою можна?\n\
             none\tdo krakowa dojdzie w 3 dni i można blikiem?\n\
             none\tshipping to leeds + can i pay with paypal?\n\
             none\thow fast is shipping, and what hours can I reach your team?\n\
             opening_hours\tw jakich godzinach działa obsługa klienta?\n",
        );
        assert_eq!(
            shipped_faq_mistakes(
                "returns\tmy brother opened the kettle and says he has one already 🙃 can it go back for a refund?\n"
            ),
            ""
        );
    }

    /// Round 39 (sets 130-131): more words of damage, faults, order changes, a trade price,
    /// a warehouse left and a helpline.
    #[test]
    fn round_39_shop_words_of_damage_changes_and_trade() {
        assert_eq!(
            shipped_faq_mistakes(
                "damaged_parcel\tpaczka przyszła rozmoczona, a słoik popękany. co robić?\n\
                 damaged_parcel\tdoos ingedeukt, koffiezak open. wat nu?\n\
                 none\tможна в замовленні замінити зернову каву на мелену?\n\
                 none\tkan die er alsnog bij in het pakket?\n\
                 none\tzamówienie 5521 do wycofania, pomyliłam gramaturę\n\
                 none\twe'd like a regular monthly supply for our office, do you do trade pricing?\n\
                 order_status\that meine bestellung 4411 schon euer lager verlassen?\n\
                 contact\tmacie infolinię?\n\
                 complaints\tmlýnek přestal točit, jen bzučí, co s tím?\n",
            ),
            ""
        );
    }

    /// Round 39: a colleague a gift is for is no person asked for; a course or a tasting in
    /// the café asked with a time is a visit; whether the coffee suits the customer's own
    /// machine is advice, not a card that works with their account.
    #[test]
    fn round_39_a_colleague_a_course_and_the_customers_own_machine() {
        assert_eq!(
            shipped_faq_mistakes(
                "order_status\tobjednala jsem kávu pro kolegyni, kde je zásilka 4411?\n\
                 none\twhat time does the barista course start on saturday?\n\
                 none\tpůjde vaše mletá káva do mého kávovaru?\n\
                 none\tdoes your ground coffee work with my machine, a Sage Bambino?\n\
                 payment\tczy zadziała z blikiem?\n\
                 payment\twerkt het met mijn creditcard?\n",
            ),
            ""
        );
    }

    /// Round 39 (the round 38 fresh sets' misses): linkbuilding offered with a proposal, a
    /// doubted text whose sender the customer asks the shop about.
    #[test]
    fn round_39_linkbuilding_and_a_text_the_shop_may_have_to_do_with() {
        assert_no_mistakes_with_either_faq(
            "none\tonze studio doet linkbuilding voor webshops, mogen we vrijblijvend een voorstel sturen?\n\
             none\tSMS von angeblich DPD, ich soll 1,99 € Gebühr per Link zahlen. Habt ihr damit was zu tun?\n",
        );
    }

    /// Round 39 (fresh sets 127-129, after their run): one more thing asked in the
    /// announcement's own sentence; a doubted text that asks for import taxes or whose sender
    /// the customer asks about; a gift code; samples before a contract; the sending held.
    #[test]
    fn round_39_fresh_sets_announced_questions_doubted_texts_and_order_holds() {
        assert_no_mistakes_with_either_faq(
            "none\tHow long does delivery to Vienna take, and I also wanted to ask whether you sell decaf.\n\
             none\tHoe lang duurt de levering naar Gent? Tegelijk ook de vraag of Payconiq werkt.\n\
             none\tHabe eine SMS bekommen, ich soll 2,99 € Zustellgebühr nachzahlen. Seid ihr das?\n\
             none\tgot an email that import VAT of €19 is due on my parcel from you — legit?\n\
             none\tDer Geschenkcode wird an der Kasse abgelehnt, warum?\n\
             none\twyślecie próbki do testów zanim podpiszemy umowę?\n\
             none\tprzyszedł mail, że trzeba zapłacić 89 zł cła. czy to od was?\n",
        );
        assert_eq!(
            shipped_faq_mistakes(
                "delivery\tHow long does delivery to Vienna take? Thanks, and I also wanted to say hi.\n"
            ),
            ""
        );
    }

    /// Round 39, the review: an order confirmation doubted as slow is no doubted text; thanks
    /// after "one more thing" asks nothing; paying told before a yes/no question stays the
    /// story; a café visited with one's grandmother is still a visit; a descaler ordered for
    /// one's machine is no advice.
    #[test]
    fn round_39_the_reviews_ordinary_messages_stay_as_they_were() {
        assert_eq!(
            shipped_faq_mistakes(
                "returns\tZaplatila jsem kartou a můžu to ještě vrátit?\n\
                 none\tPřijdeme s naší babičkou do kavárny, v kolik otevíráte?\n\
                 none\tIch habe euer Café besucht, wann habt ihr sonntags offen?\n",
            ),
            ""
        );
        let messages = parse(
            "none\tI got an email confirming my order but no shipping notice yet, is that normal?\n\
             none\tZamówiłam odkamieniacz do mojego ekspresu, kiedy dojdzie?\n\
             none\tДе посилка 4411? Ще хотів подякувати за швидку доставку минулого разу.\n",
        )
        .expect("parses");
        let report = with_the_shipped_faq(&messages);
        for line in &report.lines {
            assert!(
                !line.got.contains("doubted_message")
                    && !line.got.contains("advice")
                    && !line.got.contains("two_questions"),
                "{}",
                line.got
            );
        }
    }

    /// Round 43: an exchange of goods received or bought, with no problem reported, is sent
    /// back as a return is: the returns answer. Before the order ships it is an action on the
    /// order, and a thing that stopped working is a claim.
    #[test]
    fn an_exchange_of_goods_received_is_a_return() {
        assert_eq!(
            shipped_faq_mistakes(
                "returns\thrnek přišel včera, ale manžel by radši modrý. dá se vyměnit za jinou barvu?\n\
                 returns\tkubek doszedł wczoraj, ale wolę zielony. mogę go wymienić?\n\
                 none\tmůžete mi ještě před odesláním vyměnit mletou za zrnkovou?\n\
                 complaints\tMlýnek přišel před měsícem a přestal mlít, můžete mi ho vyměnit?\n",
            ),
            ""
        );
        // An order confirmation received, an exchange rate, spare parts: no goods to exchange
        // (round 43's review).
        let messages = parse(
            "none\tI received the order confirmation, can I still swap the beans for ground?\n\
             none\tI bought coffee last week in euros, what exchange rate do you use?\n\
             none\tKupiłem młynek rok temu, czy macie części zamienne do niego?\n",
        )
        .expect("parses");
        for line in &with_the_shipped_faq(&messages).lines {
            assert!(!line.got.starts_with("returns"), "{}", line.got);
        }
    }

    /// Round 45: goods received and exchanged for another grind or size are sent back as a
    /// return, though the message names the order they came in (its number, "objednávka"), or
    /// says it in words no return example has ("paczka już u mnie", "Фартух уже прийшов ...,
    /// можна поміняти на розмір L?"); an order's whereabouts asked with its number stays the
    /// order status's.
    #[test]
    fn round_45_goods_received_exchanged_with_their_order_named_are_a_return() {
        assert_eq!(
            shipped_faq_mistakes(
                "returns\tdorazila mi káva mletá na espresso. Šlo by ji vyměnit za hrubší mletí? obj. 2024-2291\n\
                 returns\tzamowilam mielona a potrzebuje ziarnistej, paczka juz u mnie. da sie wymienic?\n\
                 returns\tФартух уже прийшов, але він замалий, можна поміняти на розмір L?\n\
                 order_status\tkdy mi dorazí objednávka 2024-2291?\n",
            ),
            ""
        );
    }

    /// Round 45 (tuning sets 166-168, and round 44's fresh sets 157-159 after their run): money
    /// not seen back, a charge gone twice, the data protection law, something else packed or
    /// missing inside, credit on a gift card, a corner kept free in the café, the competition
    /// authority, an episode of one's podcast offered, the dialect of Breda, a cake in the café,
    /// adding to a parcel not sent: each a person's. Coffee gone stale or strange is a claim, a
    /// soaked or snapped parcel a damaged one, a pour-over no French, cash for the postie a way
    /// to pay, and "jullie mensen" the team asked when it is there.
    #[test]
    fn round_45_new_words_for_persons_matters_claims_damage_and_the_team() {
        let shipped = "none\tTak jsem ten kávovar poslala zpátky hned v únoru a peníze na účtě pořád nevidím, už to bude pět týdnů.\n\
             none\tmein paket mit der french press liegt seit sechs wochen bei euch, aber kein cent kam zurück\n\
             none\t€ 42,80 is er tweemaal afgegaan terwijl ik maar één keer op betalen heb gedrukt. Kunnen jullie één terugboeken?\n\
             none\tžiadam o výpis všetkých mojich údajov, ktoré u vás evidujete, podľa nariadenia o ochrane údajov\n\
             none\tnie zycze sobie zebyscie przechowywali moj pesel ani adres, wymazac natychmiast\n\
             none\tchcela som zrnkovu braziliu a pribalili ste mi mletu kolumbiu, obj 24-11890. to nie je moja objednavka\n\
             none\tрозпакував, а паперових фільтрів всередині нема, хоча оплатив\n\
             none\tdostałam paczkę, ale nie ma w niej dripa, za który zapłaciłam. co teraz?\n\
             none\tmeine tante hat mir 30 € guthaben auf einer karte geschenkt, wie kriege ich das im warenkorb abgezogen?\n\
             none\tWir kommen Samstag gegen 15 Uhr zu viert vorbei – könntet ihr uns eine Ecke freihalten?\n\
             none\tskarga do urzedu ochrony konkurencji juz napisana, wysylam jutro jesli cisza\n\
             none\tI host a weekly podcast about indie roasters and would love to chat with your roaster for an episode. Any appetite?\n\
             none\tWa kost da verzende nor Breda, en hoelang duurt da eigelijk vur da pakske d'r is?\n\
             none\tjedeme v sobotu do Prahy a rádi bychom se u vás zastavili na zákusek kolem čtvrté, budete mít ještě otevřeno?\n\
             none\tJeszcze nie wysłaliście mojej paczki, prawda? Chciałbym dołożyć do niej Kolumbię 250 g.\n\
             none\tjak szybko dojedzie karton do mnie + czy obslugujecie kody blik z banku\n\
             complaints\tthe last batch of beans tastes stale and sour, not like before. how do i complain about it? order 24-11601\n\
             complaints\tdie koffie smaakt letterlijk naar natte doos, zo hoort dat toch niet. hoe meld ik dat bij jullie? bestelnr 24-11444\n\
             damaged_parcel\tkurier mi vylozil krabicu celu nasiaknutu dazdom, dva poháre vnutri na crepiny. co teraz s tym?\n\
             damaged_parcel\touter box flattened, ceramic pour over inside snapped in two 😩\n\
             payment\tordering for my nan who doesn't do plastic - can the postie collect the money in notes when he drops it round?\n\
             payment\tmein PayPal-Guthaben würde ich gern loswerden, klappt das im Checkout?\n\
             returns\tinnerhalb welcher frist muss ich einen artikel zurückgeben?\n\
             opening_hours\tna mijn werk rond half zes nog kans op antwoord van jullie mensen, of te laat\n\
             opening_hours\tostern steht an – sitzt am karfreitag und ostermontag jemand im büro?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 45, after the fresh sets ran (so not part of their measurement): a debit in the
    /// singular shown twice, a paid review offered, something packed in besides before the
    /// courier takes it, and "toto som neobjednával": each a person's.
    #[test]
    fn round_45_after_the_fresh_run_debits_paid_reviews_and_items_not_ordered() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\top mijn bankafschrift zie ik dezelfde afschrijving van € 24,90 twee keer staan, graag terugstorten\n\
                 none\tProwadzę kanał kawowy na YouTube, chętnie zrobię u was płatną recenzję.\n\
                 none\tda się jeszcze dopakować do zamówienia 73390 jedną kenię, zanim pójdzie do kuriera?\n\
                 none\totvaram krabicu a namiesto zrniek je tam mleta Kolumbia, toto som neobjednaval (88222)\n",
            ),
            ""
        );
    }

    /// Round 46 (tuning sets 172-174): two debits or payments counted for one order, told
    /// before a question that asks only about them, are a person's; a box with a hole or
    /// torn open is a damaged parcel, getting in touch or through is the way to the team, and
    /// a brewer named is no question how to brew.
    #[test]
    fn round_46_charges_counted_holes_getting_in_touch_and_words_that_ask_nobody() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tV appke banky svietia dve totožné platby po 34,50 €, pritom košík som odoslala jediný raz. Vysvetlíte mi to?\n\
                 none\tУ Монобанку бачу два однакових списання за одне й те саме замовлення, поясніть будь ласка\n\
                 none\tv bankovnictvi vidim dve platby po 1290 za jednu objednavku, vratte mi tu druhou!!\n\
                 damaged_parcel\tDer Karton hatte ein Loch, die Hälfte der Bohnen ist rausgerieselt 😕 Was jetzt?\n\
                 damaged_parcel\tпакунок розідраний, зерна повно по всій коробці, зробила фото 📷\n\
                 contact\tJak se s vámi dá spojit jinak než přes Messenger?\n\
                 contact\tЯк до вас достукатися, крім месенджера?\n\
                 complaints\tUszczelka w zaparzaczu pękła po kilku użyciach i wszystko cieknie. Jak to zareklamować?\n\
                 none\tjak najlepiej zaparzyć waszą etiopię w dripie?\n",
            ),
            ""
        );
    }

    /// Round 46 (tuning sets 172-174): what the shipping will cost, asked after another
    /// question about sending, in the lexicon's words for shipping, is the same question; when
    /// the team is there is its hours; a text doubted ("to jste vy?"), not a kopeck back, a
    /// payment gone twice, a big table, an agency's guaranteed results and a voucher typed
    /// in are a person's.
    #[test]
    fn round_46_shipping_price_asked_on_the_teams_presence_and_persons_matters() {
        assert_eq!(
            shipped_faq_mistakes(
                "delivery\tВи відправляєте Новою поштою? Скільки коштує пересилка?\n\
                 delivery\tВи відправляєте в Україну? Скільки коштуватиме доставка?\n\
                 opening_hours\tHallo, wat zijn de tijden van de klantenservice? Ik heb gisteravond een bericht gestuurd maar nog niks gehoord, dus ik vroeg me af wanneer jullie er zijn.\n\
                 none\tprisla mi sms ze mam doplatit 29 kc clo na zasilkovnu a je tam nejakej odkaz, to jste vy?\n\
                 none\tМагазин ще 2 березня написав, що отримав мою повернену кавомолку. Минуло майже чотири тижні, а на картку жодної копійки. Що відбувається?\n\
                 none\tvidím, že platba za objednávku mi odišla dvakrát, 2× 34,50 €. Objednávku mám pritom len jednu. Ako mi to vrátite?\n\
                 none\tČauky, dá se u vás na sobotu odpoledne rezervovat velký stůl? Bude nás šest.\n\
                 none\tGoedemiddag! Ons bureau laat Instagram-accounts groeien met gegarandeerde resultaten. Zullen we eens bellen?\n\
                 none\tdostalam od tesciowej bon na 200 zl, wpisuje kod i nic sie nie dzieje\n",
            ),
            ""
        );
    }

    /// Round 46 (tuning sets 157-168): a parcel sent already ("je už balík na cestě?", "is my
    /// parcel on its way yet?") is the customer's, and asks where it is, as an order named
    /// does; moving before buying still asks how long delivery takes, and being on one's way to
    /// the café is no parcel's. Someone watching the messages or behind the mail on a day, and
    /// getting back the same day, are the team's hours; following where it is, the order's.
    #[test]
    fn round_46_a_parcel_sent_already_and_the_team_on_a_day() {
        assert_eq!(
            shipped_faq_mistakes(
                "order_status\tIs my parcel on its way yet?\n\
                 order_status\tje uz balik na ceste?\n\
                 order_status\tczy paczka już w drodze?\n\
                 order_status\tIst mein Päckchen schon auf dem Weg oder liegt es noch bei euch?\n\
                 delivery\tstěhuju se, za jak dlouho tam dojde balík?\n\
                 opening_hours\tje sobota ráno – sleduje niekto správy aj teraz, alebo mám čakať do pondelka?\n\
                 opening_hours\tMaifeiertag in Tschechien – liest bei euch an dem Tag irgendwer Mails?\n\
                 opening_hours\tIf I drop you a message on Saturday morning will someone get back to me that day?\n\
                 order_status\tyour email says it's been sent but how do I follow where it is?\n",
            ),
            ""
        );
    }

    /// Round 48: something done to the customer's order before it is sent, said with a
    /// conjunction of before and a word of sending or packing in any order of words ("zanim
    /// kurier je zabierze", "bevor sie rausgeht", "before you pack it"), is an action on the
    /// order; the time it takes, paying first and the tracking mail are not.
    #[test]
    fn round_48_anything_done_to_an_order_before_it_is_sent_is_an_action_on_it() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\tstihnete mi k objednavce 55012 pribalit jeste filtry, nez ji poslete?\n\
                 none\tkunnen jullie bij bestelling 66012 nog een mok doen voordat hij de deur uit gaat\n\
                 none\tkönnt ihr bei bestellung 44102 die mahlung ändern ehe ihr sie verschickt\n\
                 none\tadd a tin of earl grey to my order 33910 before you pack it pls\n\
                 none\tможна додати ще кави в замовлення 55120, поки не запакували?\n\
                 delivery\tjak dlouho trvá, než mi objednávku 55012 odešlete?\n\
                 delivery\thow long before you ship my order 33910?\n\
                 payment\tcan i pay for order 55012 by card before you ship it?\n\
                 order_status\tis the tracking link emailed before my order ships?\n\
                 order_status\tmy order 44120 was supposed to arrive before i leave for holiday, where is it?\n\
                 order_status\ti ordered from you before, sent to the same address, where is my order 55190 this time?\n\
                 returns\tzamowienie 44120 doszlo, chce je zwrocic, czy musze napisac zanim je wysle?\n",
            ),
            ""
        );
    }

    /// Round 48: the café named in a question with a time in its sentence, and no other
    /// answer's concept, order, parcel, address or way there named, is a visit planned, a
    /// person's (the message of set 155 it moved); a visit told beside a delivery question,
    /// a grinder bought in the café that broke, the shop's handle tagged and the café's
    /// address asked are not (both FAQs).
    #[test]
    fn round_48_the_cafe_asked_about_at_a_time_is_a_visit() {
        let visits = "none\twir kommen am sonntag nach prag, kann man bei euch im café einfach vorbeischauen oder ist da zu?\n\
             none\tmozemy wpasc do waszej kawiarni w niedziele kolo 11 we trzech?\n";
        let not_visits = "delivery\t@kavarnauzvonu za kolik dni to dojde kdyz objednam dnes?\n\
             delivery\ti visited your cafe on saturday, how long does shipping to leeds take\n\
             complaints\tbought a grinder in your cafe on saturday, it stopped working after 2 days, how do i claim warranty?\n\
             contact\twhat is the café's address, we'd come on saturday\n";
        assert_eq!(shipped_faq_mistakes(visits), "");
        assert_eq!(plain_faq_mistakes(visits), "");
        assert_eq!(shipped_faq_mistakes(not_visits), "");
    }

    /// Round 48: a message with no question mark anywhere asks where its words ask, so a verb
    /// put first after "and" or "plus" opens a second question ("how quick do u deliver + is
    /// klarna an option"); with a question mark it was already two.
    #[test]
    fn round_48_a_second_question_without_a_question_mark_is_a_second_question() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\thow quick is delivery to cork and is ideal an option\n\
                 none\thoe snel is het hier en is ideal mogelijk\n\
                 delivery\thow quick is delivery to cork\n",
            ),
            ""
        );
    }

    /// Round 47: the team asked about at a time is the team's hours, in words no example has:
    /// a day, a part of the day, a holiday or a clock time beside someone answering, reading,
    /// working or picking up ("treba cakat do pondelka?", "piatek do 17 ktos odbiera?").
    /// Beside a parcel on its way, a problem, an order named (not answered with the hours,
    /// though the matcher is not sure it is the order's status), another entry's concept, a
    /// phone asked for as a second question, a question that asks something else as well, or
    /// a day as a working day's count, it stays what it was; so does someone asked for without
    /// the team answering ("can anyone recommend a decaf for evening brewing?").
    #[test]
    fn round_47_the_team_asked_about_at_a_time_is_the_hours() {
        assert_eq!(
            shipped_faq_mistakes(
                "opening_hours\tv sobotu po obede mi nekdo odepise, nebo cekat do pondeli?\n\
                 opening_hours\tnapsal jsem v patek vecer, mam cekat do pondeli?\n\
                 opening_hours\tnapisala som v sobotu rano, treba cakat do pondelka?\n\
                 opening_hours\tdziś po 16 ktoś odbierze czat?\n\
                 opening_hours\tpiatek do 17 ktos odbiera? wracam z roboty 16:30\n\
                 opening_hours\tЯкщо напишу вам у неділю ввечері, коли чекати на відповідь?\n\
                 none\tjaky mate telefon a do kolika tam v patek nekdo zveda?\n\
                 delivery\tmit wieviel werktagen muss ich bis nach berlin rechnen?\n\
                 none\tchcę oddać czajniczek, jak to zrobić i do której odbieracie telefon?\n\
                 none\tiemand enig idee of de intercity naar utrecht vanavond rijdt? staking?\n\
                 none\tcan anyone recommend a decaf for evening brewing?\n\
                 none\tdnes vecer hraje sparta, fandi nekdo z vas? 😄\n\
                 none\tobjednal jsem v pondeli, mam jeste cekat?\n\
                 order_status\tbestellung 91820 ist seit dienstag unterwegs, wo ist sie jetzt?\n",
            ),
            ""
        );
    }

    /// Round 46, after the fresh sets ran (so not part of their measurement): the obscenity
    /// with its prefixes, a lawyer in Dutch, ordered once beside two payments, and the bank
    /// still showing nothing: each a person's.
    #[test]
    fn round_46_after_the_fresh_run_obscenities_lawyers_orders_once_and_banks() {
        assert_eq!(
            shipped_faq_mistakes(
                "none\twy jestescie jacys popierdoleni z ta wysylka\n\
                 none\tzonder oplossing vóór vrijdag gaat mijn verhaal naar een jurist.\n\
                 none\tna vypisu vidim dve stejny platby po 489 Kc, objednavala jsem jednou\n\
                 none\tyou promised a refund 3 weeks ago and my bank still shows nothing\n",
            ),
            ""
        );
    }

    /// Round 46's review: two ways of paying, a payment split in two, two days or twenty
    /// after paying are no payments counted; a table a parcel lay on is no booking, the post
    /// office's worker asked for no person, a return asked after a charge settled is a return,
    /// a receipt ("bon na ten mlýnek"), a postal code typed in, a message sent twice, a kopeck
    /// not overpaid and the customer's own office are none of the round's matters; and two
    /// payments beside one order told in another sentence, or beside paying once, are money
    /// owed.
    #[test]
    fn round_46_review_words_keep_their_other_meanings() {
        assert_eq!(
            shipped_faq_mistakes(
                "payment\tmuzu jednu objednavku zaplatit dvema zpusoby platby?\n\
                 payment\tcan i split one order into two payments?\n\
                 order_status\tчерез два дні після оплати одного замовлення досі нема трекінгу, де воно?\n\
                 order_status\tдвадцять днів тому списання пройшло, а замовлення досі не відправлене, де воно?\n\
                 damaged_parcel\tbalik lezel cely den na stole na chodbe a kava je mokra, krabice rozmacena\n\
                 damaged_parcel\tговорила з працівником Нової пошти, каже посилка пошкоджена, що робити?\n\
                 returns\tlast month you charged me twice but refunded it, all good. now i'd like to return the grinder, how does that work?\n\
                 complaints\tztratil jsem bon na ten mlynek, muzu ho reklamovat?\n\
                 delivery\twpisalam kod pocztowy i wyskakuje blad przy dostawie, ile idzie paczka do torunia?\n\
                 order_status\tsorry, sprava mi odisla dvakrat omylom. kedy mi pride balik?\n\
                 delivery\tскільки коштує доставка в Україну? не хочу переплатити ні копійки зайвої\n\
                 delivery\thoe lang duurt de verzending naar ons bureau in gent?\n\
                 none\thallo? kein mensch da? ich brauche hilfe mit meiner bestellung 4411\n\
                 none\tv bankovnictvi vidim dve platby po 459 kc, objednavku mam ale jen jednu. co s tim?\n\
                 none\twidze dwie platnosci po 89 zl, a zamawialam tylko raz\n",
            ),
            ""
        );
    }

    /// Round 45's review: the round's words where they mean something else. One order's ETA
    /// is no delivery question; a shipping confirmation or an invoice got, a part of the
    /// grinder, a size not yet received is no exchange of goods received; a roast's taste is no
    /// claim, paper filters no parcel, a card on file no personal data, always someone in the
    /// office a workplace, Dutch chat no dialect, "een van jullie mensen spreken" a person
    /// asked for, a podcast heard no offer, adding up to free shipping no change of an order,
    /// a roastery seen no tracking, a shop "zavřenej" on Saturday no sealed bag, and French
    /// French.
    #[test]
    fn round_45_review_words_keep_their_other_meanings() {
        let not = [
            ("eta on order 24-11890?", "delivery"),
            (
                "kiedy dojedzie moja paczka? zamowienie 24-11890",
                "delivery",
            ),
            (
                "Ik kreeg de factuur, kan ik de betaalmethode nog omruilen naar iDEAL?",
                "returns",
            ),
            (
                "Ich habe die Mühle bekommen, wie tausche ich das Mahlwerk aus?",
                "returns",
            ),
            (
                "Ich habe eine Versandbestätigung bekommen, kann ich noch die Sorte tauschen?",
                "returns",
            ),
            (
                "Прийшов лист, що посилка відправлена. Чи можна ще поміняти каву на зернову?",
                "returns",
            ),
            (
                "Order 24-11890: I ordered size S but it will be too small, please swap to M",
                "returns",
            ),
            (
                "Got the apron, it's too small. If I exchange it, how long does delivery of the new one take?",
                "returns",
            ),
            (
                "De Ethiopië smaakt naar bosbessen, hebben jullie nog meer van dat soort bonen?",
                "complaints",
            ),
            (
                "Mein Kaffee schmeckt sauer – mahle ich zu grob?",
                "complaints",
            ),
            (
                "The paper filters disintegrated when I poured the water, are these the right ones for a V60?",
                "damaged_parcel",
            ),
            (
                "Czy możecie mi odpisać w sprawie mojego zamówienia 24-11890? Pisałam 3 razy",
                "opening_hours",
            ),
            (
                "Can I visit the roastery to see where it is roasted?",
                "order_status",
            ),
            ("Frais de port pour Belgique?", "delivery"),
        ];
        let messages = parse(
            &not.iter()
                .map(|(text, _)| format!("none\t{text}\n"))
                .collect::<String>(),
        )
        .expect("parses");
        for (line, (text, entry)) in with_the_shipped_faq(&messages).lines.iter().zip(not) {
            assert!(!line.got.starts_with(entry), "{text}: {}", line.got);
        }
        assert_eq!(
            shipped_faq_mistakes(
                "payment\tCan I pay with the card you have on file from my last order?\n\
                 delivery\tKannst du an meine Firma liefern? Bis 17 Uhr ist immer jemand im Büro.\n\
                 order_status\tHoi, mijn pakkie is eigelijk nog niet binnen, waar blijft het? bestelling 24-11890\n\
                 none\tIk wil graag met een van jullie mensen spreken over mijn retour\n\
                 opening_hours\thebben jullie in het weekend ook mensen online? wil zaterdagochtend iets navragen\n\
                 delivery\tI heard about you on the Coffee Pod podcast, how much is shipping to Ireland?\n\
                 delivery\tIle trzeba dołożyć, żeby wysyłka była gratis?\n\
                 delivery\tHoeveel moet ik er nog bij bestellen voordat verzenden gratis wordt?\n\
                 opening_hours\tVáš obchod je v sobotu zavřenej? Kdy otevíráte?\n",
            ),
            ""
        );
    }

    /// Round 44 (tuning sets 160-162): an order killed, halted or stopped, an individual
    /// price list for regular buying, a stupid shop, a purge of one's data: each a person's.
    #[test]
    fn round_44_orders_stopped_quotes_insults_and_data_purged_in_new_words() {
        let shipped = "none\tcan you kill order #51230, ordered it twice by mistake\n\
             none\tplease halt my order 40917 before it leaves, wrong grind\n\
             none\tstop de bestelling van vanochtend alsjeblieft, ik heb me vergist\n\
             none\tprowadzimy kawiarnię w Gdyni, czy dostaniemy indywidualny cennik przy stałym odbiorze?\n\
             none\tSeid ihr zu dämlich, eine Adresse richtig abzuschreiben? Wo ist mein Paket?\n\
             none\tPlease purge my name and phone from your database.\n\
             delivery\tvielleicht eine dämliche Frage, aber wie lange dauert der Versand nach Österreich?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 44 (tuning sets 160-162, sets 66-156): a refund owed in new words (not a coin
    /// back, the money never came to the card), and one item missing while the rest of the
    /// parcel is right, go to a person.
    #[test]
    fn round_44_money_not_back_and_an_item_missing_from_what_came() {
        let shipped = "none\tretour is al drie weken bij jullie en ik heb nog geen cent terug\n\
             none\tkávovar jste převzali v březnu a od té doby ani korunu zpět\n\
             none\tпосилку з поверненням ви отримали давно, а гроші на картку так і не надійшли\n\
             none\tw paczce brakuje młynka, reszta się zgadza. zamówienie 31877\n\
             returns\tjak můžu vrátit zboží, které se mi nehodí?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 44 (sets 132-161): a number, an e-mail or an address asked with, in a question of
    /// its own, when the team is there: two questions, however weakly the hours part scores.
    /// A wish to call told is no second question.
    #[test]
    fn round_44_a_number_and_when_the_team_is_there_are_two_questions() {
        let shipped = "none\tpodajcie adres biura i kiedy tam jesteście?\n\
             none\tKedy vás zastihnem telefonicky a na akom čísle?\n\
             none\tod kolika do kolika sedíte u telefonu a jaké je vaše číslo?\n\
             contact\tphone number pls, want to call on my lunch break\n\
             contact\twhich number do i ring to speak to someone?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 44 (set 132): "ok?" closing a message asks the clauses before it, as "right?"
    /// does: two topics confirmed at once are two questions, one is answered.
    #[test]
    fn round_44_ok_closing_a_message_asks_what_comes_before() {
        let shipped = "none\twysyłacie jutro i płacę blikiem, ok?\n\
             payment\tich zahl per paypal, passt das?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 44 (tuning sets 160-162): whether a message is seen or answered before a day,
    /// whether the chat works at the weekend, and whether an order has left yet, in new words.
    #[test]
    fn round_44_a_reply_before_a_day_and_an_order_left_in_new_words() {
        let shipped = "opening_hours\twrote to you late on saturday, will someone see it before monday?\n\
             opening_hours\tfunguje vam chat aj cez vikend?\n\
             opening_hours\tmá smysl dneska ještě čekat na odpověď?\n\
             order_status\tGuten Tag, wurde Bestellung 44120 schon an den Versand übergeben?\n\
             order_status\tczy już je wysłaliście? zamówienie 88120\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 44 (sets 22-162): beside a destination the answer covers, the shop's own city
    /// told in the customer's story is no destination; asked about, it still is one.
    #[test]
    fn round_44_the_shops_own_city_in_the_story_is_no_destination() {
        let shipped = "delivery\tmijn broer woont in Utrecht en is fan van jullie koffie sinds hij in Praag was. Wat kost de verzending?\n\
             delivery\tЯ зараз у Празі на навчанні, хочу відправити каву батькам у Львів – скільки коштує доставка?\n\
             none\tdoručíte aj k nám do Ostravy? teda Česko, nie Slovensko\n\
             none\tде в Празі можна зробити українські документи?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 44 (sets 84-162): paying after delivery, exchanging received goods ("austauschen",
    /// "nehmt ihr den wieder?"), a product that looks bad (no anger), in German; the team there,
    /// a letter's address, settling (uk); an update, where it is at, a call back (en).
    #[test]
    fn round_44_new_words_for_paying_later_exchanges_the_team_and_tracking() {
        let shipped = "payment\tmein Opa zahlt erst, wenn die Ware da ist. Geht das bei euch?\n\
             returns\tdie Mühle ist gestern angekommen, kann ich sie gegen die schwarze austauschen?\n\
             returns\tdie Kanne sieht bei uns leider blöd aus, kam vorgestern, Folie noch drauf. Nehmt ihr die wieder?\n\
             opening_hours\tу суботу хтось із вашої команди буде на зв'язку?\n\
             contact\tЄ у вас пошта для листів? Хочу описати все докладно.\n\
             payment\tЯкими способами у вас розраховуються за замовлення?\n\
             order_status\tany update on 44721? no idea where it's at\n\
             contact\tcould someone give me a call back please?\n\
             opening_hours\twhich days is your help team online?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 44 (tuning sets 154-155): another shop's price gone along with, a marketing
    /// package offered: each a person's.
    #[test]
    fn round_44_a_price_matched_and_a_marketing_offer_are_a_persons() {
        let shipped = "none\tbei amazon kostet die mühle 20 € weniger, macht ihr den preis mit?\n\
             none\tunser marketingpaket bringt ihren shop nach oben, jetzt angebot anfordern!\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }

    /// Round 44 (sets 110-139): someone around to pick up messages, a letter posted to the
    /// team, an order's route looked at, paying against an invoice, in new words; posting
    /// goods back stays a return's.
    #[test]
    fn round_44_the_team_around_a_letter_posted_and_a_route_in_new_words() {
        let shipped = "opening_hours\tis someone around to pick up messages on saturday?\n\
             contact\tkam vám můžu poslat dopis? babička chce poděkovat\n\
             order_status\tgdzie mogę podejrzeć trasę paczki 51877?\n\
             payment\tmeine Firma zahlt nur gegen Rechnung, geht das?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
        let shipped = "returns\tstill sealed, can i post it back to you?\n";
        assert!(!shipped_faq_mistakes(shipped).contains("got contact"));
    }

    /// Round 44's review: paying once asked or beside twice alone, two payments of an amount
    /// asked (instalments), no cent back asked about postage, "when" telling when, the
    /// customer calling themself stupid, a parcel left at the door, a regular customer, and
    /// the shop's city as where a parcel goes keep their old handling.
    #[test]
    fn round_44_review_ordinary_messages_keep_their_answers() {
        let shipped = "opening_hours\ti emailed twice and only once got a reply, what are your support hours?\n\
             delivery\tis shipping charged only once if i order two bags?\n\
             payment\tcan i split it into two payments of 40 euros? how can i pay?\n\
             contact\twie ist eure telefonnummer? wann ich auch anrufe, keiner geht ran\n\
             none\tsom zo slovenska, darcek posielam sestre do prahy, kolko stoji doprava?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
        for text in [
            "krijg ik echt geen cent terug van de verzendkosten als ik iets retourneer?",
            "bin wohl zu dämlich, wo finde ich die sendungsnummer?",
            "jestem stałym odbiorcą, ile trwa dostawa do krakowa?",
        ] {
            let messages = parse(&format!("none\t{text}\n")).expect("parses");
            let got = &with_the_shipped_faq(&messages).lines[0].got;
            assert!(
                !got.contains("money_owed") && !got.contains("angry") && !got.contains("quote"),
                "{text}: {got}"
            );
        }
    }

    /// Round 44, after the fresh sets ran (157-159): profanity (pl "pojebani", uk "криворукі",
    /// "бракороби"), two debits (de), the same payment twice (sk), an account to wipe (uk).
    #[test]
    fn round_44_after_the_fresh_run_insults_debits_and_data_in_new_words() {
        let shipped = "none\tjesteście pojebani, gdzie moja paczka?\n\
             none\tкриворукі пакувальники, все розбили\n\
             none\tPayPal zeigt zwei Abbuchungen über 19,80 € für eine Bestellung – bitte prüfen!\n\
             none\tvo výpise vidím tú istú platbu dva razy, objednávala som raz\n\
             none\tстріть мій акаунт і всі мої дані\n\
             payment\tmôžem zaplatiť tú istú platbu kartou?\n";
        assert_eq!(shipped_faq_mistakes(shipped), "");
    }
}
