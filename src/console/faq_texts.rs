//! The FAQ editor's words in English and Czech (apart from the staff console's `i18n`, so the
//! admin areas do not edit one file): one struct per language, so a template naming a missing
//! text does not compile; chosen by the viewer's `Lang`.

use super::i18n::Lang;
use crate::domain::locale::Language;

macro_rules! faq_texts {
    ($($field:ident: $en:expr, $cs:expr;)*) => {
        /// Every text of the FAQ editor, in one language.
        pub struct FaqTexts {
            $(pub $field: &'static str,)*
        }
        static EN: FaqTexts = FaqTexts { $($field: $en,)* };
        static CS: FaqTexts = FaqTexts { $($field: $cs,)* };
    };
}

/// The FAQ editor's texts in the viewer's language.
pub fn texts(lang: Lang) -> &'static FaqTexts {
    match lang {
        Lang::En => &EN,
        Lang::Cs => &CS,
    }
}

/// A customer language's name in the viewer's language.
pub fn language_name(language: Language, lang: Lang) -> &'static str {
    match (language, lang) {
        (Language::Cs, Lang::En) => "Czech",
        (Language::Sk, Lang::En) => "Slovak",
        (Language::Pl, Lang::En) => "Polish",
        (Language::Nl, Lang::En) => "Dutch",
        (Language::Uk, Lang::En) => "Ukrainian",
        (Language::De, Lang::En) => "German",
        (Language::En, Lang::En) => "English",
        (Language::Cs, Lang::Cs) => "čeština",
        (Language::Sk, Lang::Cs) => "slovenština",
        (Language::Pl, Lang::Cs) => "polština",
        (Language::Nl, Lang::Cs) => "nizozemština",
        (Language::Uk, Lang::Cs) => "ukrajinština",
        (Language::De, Lang::Cs) => "němčina",
        (Language::En, Lang::Cs) => "angličtina",
    }
}

faq_texts! {
    faq: "FAQ", "Časté dotazy (FAQ)";
    entries: "Entries", "Položky";
    new_entry: "New entry", "Nová položka";
    edit_entry: "Edit entry", "Upravit položku";
    no_entries: "This page has no FAQ entries yet.", "Tato stránka zatím nemá žádné položky FAQ.";
    entry: "Entry", "Položka";
    examples_per_language: "Examples per language", "Ukázky podle jazyka";
    answers_in: "Answers in", "Odpovědi v jazycích";
    entry_id: "Id", "Identifikátor";
    entry_id_note: "A short name such as delivery; customers never see it.", "Krátký název, třeba doprava; zákazníci ho neuvidí.";
    escalate: "Always needs a person: recognised, never answered", "Vždy potřebuje člověka: rozpozná se, nikdy se neodpoví";
    needs_person_badge: "needs a person", "potřebuje člověka";
    keywords: "Keywords", "Klíčová slova";
    keywords_note: "One per line or separated by commas; a message with one of them leans to this entry.", "Jedno na řádek nebo oddělená čárkami; zpráva s některým z nich se přikloní k této položce.";
    examples: "Example phrasings", "Ukázkové formulace";
    examples_note: "One per line: how customers ask.", "Jedna na řádek: jak se zákazníci ptají.";
    answer: "Answer (for both tones)", "Odpověď (pro vykání i tykání)";
    answer_note: "Placeholders: {first_name}, {page_name}, {next_open}, {agent}, {signature}.", "Zástupné značky: {first_name}, {page_name}, {next_open}, {agent}, {signature}.";
    per_tone: "Separate answers per tone", "Zvlášť pro vykání a tykání";
    formal: "Formal", "Vykání";
    informal: "Informal", "Tykání";
    page_language: "the page's language", "jazyk stránky";
    save: "Save", "Uložit";
    delete_entry: "Delete this entry", "Smazat tuto položku";
    saved: "Saved as a new version of the page.", "Uloženo jako nová verze stránky.";
    deleted: "The entry is deleted (a new version of the page).", "Položka je smazaná (nová verze stránky).";
    not_saved: "Nothing was saved:", "Nic se neuložilo:";
    back_to_faq: "Back to the FAQ", "Zpět na FAQ";
    try_title: "Try a message", "Vyzkoušet zprávu";
    try_label: "A customer's message", "Zpráva zákazníka";
    try_button: "Try", "Vyzkoušet";
    would_answer: "Would answer with", "Odpověděl by položkou";
    would_not_answer: "Would not answer:", "Neodpověděl by:";
    unsure_low_score: "no entry scores high enough", "žádná položka nemá dost vysoké skóre";
    unsure_small_margin: "two entries score too close to each other", "dvě položky mají příliš podobné skóre";
    unsure_low_coverage: "too many words the FAQ does not know", "příliš mnoho slov, která FAQ nezná";
    unsure_two_questions: "it asks two questions at once", "ptá se na dvě věci najednou";
    unsure_too_long: "too long to be one question", "na jeden dotaz je to příliš dlouhé";
    unsure_no_text: "nothing in it to match", "není v ní nic k porovnání";
    unsure_unsupported_language: "written in a language the page has no FAQ in", "napsaná v jazyce, ve kterém stránka nemá FAQ";
    unsure_offer: "an offer (advertising, partnership, a job), not a question", "nabídka (reklama, spolupráce, práce), ne dotaz";
    unsure_quote: "asks for a price of its own (a quote, wholesale, another shop's price matched)", "žádá o vlastní cenu (nabídku, velkoodběr, dorovnání ceny jiného obchodu)";
    unsure_unrelated: "asks something unrelated to the shop (the weather, a question to anyone)", "ptá se na něco, co s obchodem nesouvisí (počasí, dotaz na kohokoli)";
    unsure_personal_data: "about the customer's personal data (GDPR, deleting an account)", "týká se osobních údajů zákazníka (GDPR, smazání účtu)";
    unsure_doubted_message: "asks whether a message they received (a courier's, a bank's) is genuine", "ptá se, zda je zpráva, kterou dostal (od dopravce, banky), pravá";
    unsure_advice: "asks for advice or a recommendation", "žádá o radu nebo doporučení";
    unsure_order_action: "asks to change or cancel an order", "žádá o změnu nebo zrušení objednávky";
    unsure_stock: "asks about the stock (in stock, sold out, back when)", "ptá se na sklad (skladem, vyprodáno, kdy bude)";
    unsure_money_owed: "says money has not come (a refund owed)", "píše, že peníze nepřišly (dlužná vratka)";
    unsure_other_place: "names a country the entry's examples and answer in this language do not", "jmenuje zemi, kterou příklady ani odpověď položky v tomto jazyce nejmenují";
    unsure_voucher: "about a discount code, a voucher or a gift card", "týká se slevového kódu, poukazu nebo dárkové karty";
    unsure_return_postage: "asks who pays a return's postage, which no answer says", "ptá se, kdo platí poštovné za vrácení, což žádná odpověď neříká";
    unsure_visit_hours: "asks the hours of the café or of collecting an order in person, not the team's", "ptá se na otevírací dobu kavárny nebo osobního odběru, ne týmu";
    unsure_learned_escalation: "reads like the messages that need a person (the learned check)", "podobá se zprávám, které potřebují člověka (naučená kontrola)";
    unsure_learned_doubt: "the learned check reads another question in it, or one for a person", "naučená kontrola v ní čte jinou otázku, nebo zprávu pro člověka";
    learned_entry: "(read by the learned check: the scores alone were not sure, or put first an entry it doubts)", "(podle naučené kontroly: samotné skóre si jisté nebylo, nebo dalo na první místo položku, o které pochybuje)";
    overruled: "(the learned check is sure of it and overruled the rule that would have held it back:", "(naučená kontrola si je jistá a přehlasovala pravidlo, které by ji zadrželo:";
    unsure_booking: "books a table or a visit in the café, which no answer does", "rezervuje stůl nebo návštěvu v kavárně, což žádná odpověď neudělá";
    angry: "angry or threatening: to a person, urgently", "rozzlobená nebo výhrůžná: k člověku, přednostně";
    spam: "looks like spam or phishing", "vypadá jako spam nebo phishing";
    asked_for_person: "the customer asks for a person", "zákazník chce mluvit s člověkem";
    needs_person: "it matches an entry that always needs a person:", "odpovídá položce, která vždy potřebuje člověka:";
    score: "Score", "Skóre";
    language: "Language", "Jazyk";
    known_words: "Known words", "Známá slova";
    unknown: "unknown", "neznámý";
    limits: "Answers from a score of", "Odpovídá od skóre";
    margin: "with a lead of", "s náskokem";
    no_candidates: "No entry shares a word with this message.", "Žádná položka nemá s touto zprávou společné slovo.";
    eval_title: "Evaluate on labelled messages", "Vyhodnotit na označených zprávách";
    eval_label: "Labelled messages", "Označené zprávy";
    eval_note: "One per line: the entry's id (none when the message must reach a person), a tab, the message. A line \"# --- cs\" starts a group; without one, messages count in the language they are written in. At most 1 MB and 5000 lines.", "Jedna na řádek: identifikátor položky (none, když zpráva musí k člověku), tabulátor, zpráva. Řádek „# --- cs“ začíná skupinu; bez něj se zprávy počítají podle jazyka, ve kterém jsou napsané. Nejvýše 1 MB a 5000 řádků.";
    eval_file: "…or load a file", "…nebo načíst soubor";
    eval_button: "Evaluate", "Vyhodnotit";
    eval_empty: "Paste some labelled messages first.", "Nejdřív vložte nějaké označené zprávy.";
    eval_too_large: "Too much text: at most 1 MB is evaluated at once. Split it and try again.", "Příliš mnoho textu: najednou se vyhodnotí nejvýše 1 MB. Rozdělte ho a zkuste to znovu.";
    eval_too_many_lines: "Too many lines: at most 5000 are evaluated at once. Split them and try again.", "Příliš mnoho řádků: najednou se vyhodnotí nejvýše 5000. Rozdělte je a zkuste to znovu.";
    eval_malformed: "This line is not <entry id><TAB><message>: line", "Tento řádek není ve tvaru <položka><TAB><zpráva>: řádek";
    group: "Group", "Skupina";
    answerable: "Answerable", "Zodpověditelné";
    right: "Right", "Správně";
    wrong: "Wrong", "Špatně";
    abstained: "Abstained", "Neodpověděl";
    must_reach_person: "Must reach a person", "Musí k člověku";
    answered_anyway: "Answered anyway", "Přesto odpověděl";
    all: "all", "vše";
    mistakes: "What went wrong", "Co se nepovedlo";
    more_mistakes: "more not shown", "dalších nezobrazeno";
    expected: "Expected", "Očekáváno";
    got: "Got", "Výsledek";
    message: "Message", "Zpráva";
    learn: "Learn from staff answers", "Učit se z odpovědí týmu";
    learn_intro: "Messages the FAQ did not answer and a colleague then did, grouped by similarity, from the page's latest 500 conversations. Nothing changes until you accept a suggestion.", "Zprávy, na které FAQ neodpovědělo a odpověděl na ně až kolega, seskupené podle podobnosti, z posledních 500 konverzací stránky. Nic se nezmění, dokud návrh nepřijmete.";
    no_suggestions: "No suggestions right now: every message a colleague answered is covered, or was handled already.", "Teď žádné návrhy: každou zprávu, na kterou kolega odpověděl, už FAQ pokrývá nebo byla vyřízena.";
    covers: "Conversations", "Konverzací";
    also_asked: "Also asked as", "Ptali se také";
    colleague_answered: "A colleague answered", "Kolega odpověděl";
    add_as_example: "Add as an example of", "Přidat jako ukázku položky";
    in_language: "in", "v jazyce";
    matchers_pick: "the FAQ leans to it", "FAQ se k ní přiklání";
    add_example: "Add example", "Přidat ukázku";
    or_new_entry: "Or start a new entry", "Nebo založit novou položku";
    answer_in_page_language: "Answer in the page's language", "Odpověď v jazyce stránky";
    create_entry: "Create entry", "Založit položku";
    dismiss: "Dismiss", "Zamítnout";
    accepted: "Added to the FAQ as a new version of the page.", "Přidáno do FAQ jako nová verze stránky.";
    dismissed: "Dismissed: it will not be suggested again.", "Zamítnuto: už se nebude navrhovat.";
    not_offered: "This suggestion is no longer offered.", "Tento návrh už není k dispozici.";
    no_such_entry: "There is no such entry.", "Taková položka neexistuje.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_and_language_name_exists_in_both_languages() {
        for lang in Lang::ALL {
            assert!(!texts(lang).faq.is_empty());
            for language in Language::ALL {
                assert!(!language_name(language, lang).is_empty());
            }
        }
        assert_ne!(texts(Lang::En).save, texts(Lang::Cs).save);
    }
}
