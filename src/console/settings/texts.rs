//! The words of the page settings, the preview and the versions, in English and Czech: one
//! struct per language (a template naming a missing word does not compile), chosen by the
//! viewer's language.

use crate::console::i18n::Lang;
use crate::domain::locale::Language;

macro_rules! settings_texts {
    ($($field:ident: $en:expr, $cs:expr;)*) => {
        /// Every word of the settings pages, in one language.
        pub struct SettingsTexts {
            $(pub $field: &'static str,)*
        }
        static EN: SettingsTexts = SettingsTexts { $($field: $en,)* };
        static CS: SettingsTexts = SettingsTexts { $($field: $cs,)* };
    };
}

/// The settings pages' words in `lang`.
pub fn of(lang: Lang) -> &'static SettingsTexts {
    match lang {
        Lang::En => &EN,
        Lang::Cs => &CS,
    }
}

impl SettingsTexts {
    /// The name of a weekday by its key (`mon` … `sun`).
    pub fn day(&self, key: &str) -> &'static str {
        match key {
            "mon" => self.mon,
            "tue" => self.tue,
            "wed" => self.wed,
            "thu" => self.thu,
            "fri" => self.fri,
            "sat" => self.sat,
            _ => self.sun,
        }
    }

    /// The label of a reply template by its key in `templates`.
    pub fn template(&self, key: &str) -> &'static str {
        match key {
            "acknowledgement" => self.tpl_acknowledgement,
            "after_hours" => self.tpl_after_hours,
            "after_hours_no_opening" => self.tpl_after_hours_no_opening,
            "talk_to_person" => self.tpl_talk_to_person,
            "still_working" => self.tpl_still_working,
            _ => self.tpl_automated,
        }
    }

    /// A language of replies, in its own words.
    pub fn language(&self, language: &Language) -> &'static str {
        match language {
            Language::Cs => "Čeština",
            Language::Sk => "Slovenčina",
            Language::Pl => "Polski",
            Language::Nl => "Nederlands",
            Language::Uk => "Українська",
            Language::De => "Deutsch",
            Language::En => "English",
        }
    }
}

settings_texts! {
    pages_title: "Page settings", "Nastavení stránek";
    no_pages: "You administer no pages.", "Nespravujete žádné stránky.";
    col_name: "Name", "Název";
    col_channel: "Channel", "Kanál";
    col_id: "Id", "Id";
    settings: "Settings", "Nastavení";
    versions: "Versions", "Verze";
    section_page: "The page", "Stránka";
    page_name: "Name", "Název";
    time_zone: "Time zone", "Časové pásmo";
    language: "Language of replies", "Jazyk odpovědí";
    tone: "How FAQ answers address customers", "Jak odpovědi z FAQ oslovují zákazníky";
    tone_formal: "Formal", "Formálně (vykání)";
    tone_informal: "Informal", "Neformálně (tykání)";
    signature: "Signature under FAQ answers", "Podpis pod odpověďmi z FAQ";
    signature_same: "The same in every language", "Stejný ve všech jazycích";
    signature_per_language: "One per language (an answer in a language without one is not signed)", "Pro každý jazyk zvlášť (odpověď v jazyce bez podpisu zůstane nepodepsaná)";
    staff_signature: "Signature under staff replies", "Podpis pod odpověďmi pracovníků";
    staff_signature_hint: "{agent} stands for the person's name.", "{agent} se nahradí jménem pracovníka.";
    hours: "Weekly hours", "Týdenní otevírací doba";
    hours_hint: "Several intervals a day, as HH:MM. An interval that ends before it starts runs past midnight (20:00 to 02:00). A day without intervals is closed.", "Více intervalů za den, ve tvaru HH:MM. Interval, který končí dřív, než začíná, běží přes půlnoc (20:00 až 02:00). Den bez intervalů je zavřeno.";
    from: "From", "Od";
    to: "To", "Do";
    add_interval: "Add an interval", "Přidat interval";
    remove: "Remove", "Odebrat";
    next_day: "next day", "další den";
    closed: "closed", "zavřeno";
    mon: "Monday", "Pondělí";
    tue: "Tuesday", "Úterý";
    wed: "Wednesday", "Středa";
    thu: "Thursday", "Čtvrtek";
    fri: "Friday", "Pátek";
    sat: "Saturday", "Sobota";
    sun: "Sunday", "Neděle";
    holidays: "Public holidays", "Státní svátky";
    country: "Country", "Země";
    no_country: "None", "Žádná";
    year: "Year", "Rok";
    show_year: "Show", "Zobrazit";
    holidays_hint: "Ticked: closed that day. Not ticked: the page works.", "Zaškrtnuté: ten den zavřeno. Nezaškrtnuté: stránka pracuje.";
    opt_in: "opt-in", "volitelný";
    substitute: "substitute day", "náhradní volno";
    no_holidays: "No public holidays in this year.", "V tomto roce žádné státní svátky.";
    own_holidays: "The page's own days off", "Vlastní volné dny stránky";
    date: "Date", "Datum";
    name: "Name", "Název";
    repeats: "Repeats", "Opakování";
    once: "Once", "Jednou";
    yearly: "Every year", "Každý rok";
    add_day: "Add a day", "Přidat den";
    special_days: "Special days", "Zvláštní dny";
    special_hint: "A date or a range of dates, closed (no hours) or with its own hours such as 08:00-12:00, 13:00-15:00. They win over holidays and weekly hours.", "Datum nebo rozsah dat, zavřeno (bez hodin) nebo s vlastními hodinami, např. 08:00-12:00, 13:00-15:00. Mají přednost před svátky i týdenní dobou.";
    sd_from: "From (or the day)", "Od (nebo den)";
    sd_to: "To (a range)", "Do (rozsah)";
    sd_hours: "Hours (empty: closed)", "Hodiny (prázdné: zavřeno)";
    override_title: "Away or open, whatever the hours say", "Pryč nebo otevřeno bez ohledu na otevírací dobu";
    override_none: "Follow the hours", "Podle otevírací doby";
    override_away: "Away until", "Pryč do";
    override_open: "Open until", "Otevřeno do";
    until: "Until (the page's time)", "Do (čas stránky)";
    templates: "Automatic replies", "Automatické odpovědi";
    templates_hint: "Empty: the default of the customer's language (shown faded). Placeholders: {next_open} (when we answer next, in words) and {page_name}.", "Prázdné: výchozí text jazyka zákazníka (šedě). Zástupné symboly: {next_open} (kdy odpovíme, slovy) a {page_name}.";
    tpl_acknowledgement: "During office hours", "V otevírací době";
    tpl_after_hours: "Outside office hours", "Mimo otevírací dobu";
    tpl_after_hours_no_opening: "Outside office hours, no opening ahead", "Mimo otevírací dobu, bez dalšího otevření";
    tpl_talk_to_person: "The “talk to a person” button", "Tlačítko „mluvit s člověkem“";
    tpl_still_working: "Still working on it (follow-up)", "Stále na tom pracujeme (připomenutí)";
    tpl_automated: "The line saying a message is automatic", "Řádek, že zpráva je automatická";
    service: "Service", "Obsluha";
    first_response: "First-response target (working minutes; empty: none)", "Cíl první odpovědi (pracovní minuty; prázdné: žádný)";
    follow_up: "Remind a waiting customer every (minutes; empty: never)", "Připomenout se čekajícímu zákazníkovi každých (minut; prázdné: nikdy)";
    cooldown: "The same automatic reply at most once per (minutes)", "Stejná automatická odpověď nejvýše jednou za (minut)";
    stale: "No automatic reply to messages older than (hours)", "Bez automatické odpovědi na zprávy starší než (hodin)";
    disclose: "Say that automatic messages are automatic", "Uvádět, že automatické zprávy jsou automatické";
    comment_replies: "Answer comments on posts with a private reply too", "Na komentáře u příspěvků odpovídat i soukromou zprávou";
    mention_reply: "A public mention gets", "Veřejná zmínka dostane";
    mention_none: "nothing (a person answers)", "nic (odpoví člověk)";
    mention_dm: "the automatic reply as a direct message", "automatickou odpověď soukromou zprávou";
    mention_public: "the automatic reply in public", "automatickou odpověď veřejně";
    save: "Save", "Uložit";
    saved: "Saved as version", "Uloženo jako verze";
    not_saved: "Not saved: see the marked field.", "Neuloženo: viz označené pole.";
    not_saved_because: "Not saved:", "Neuloženo:";
    nothing_saved_hint: "Nothing was saved; the page works as before.", "Nic se neuložilo; stránka funguje jako dřív.";
    preview: "Preview", "Náhled";
    preview_hint: "The week as customers will live it, with the values in the form, saved or not.", "Týden, jak ho zažijí zákazníci, s hodnotami ve formuláři, uloženými i neuloženými.";
    open_now: "Open now", "Teď otevřeno";
    closed_now: "Closed now", "Teď zavřeno";
    next_opening: "Next opening", "Příští otevření";
    next_closing: "Next closing", "Příští zavření";
    never: "never", "nikdy";
    today: "today", "dnes";
    closed_all_day: "closed all day", "celý den zavřeno";
    preview_invalid: "No preview until the form is valid:", "Náhled bude, až bude formulář v pořádku:";
    replies_in: "Replies in", "Odpovědi v jazyce";
    reply_never: "(never sent: the page never opens or never closes)", "(neodejde nikdy: stránka nikdy neotevírá nebo nezavírá)";
    try_it: "Try it", "Vyzkoušet";
    try_message: "A customer's message", "Zpráva zákazníka";
    try_at: "Written at (the page's time; empty: now)", "Napsáno (čas stránky; prázdné: teď)";
    try_as: "Arrives as", "Přijde jako";
    arrival_message: "a private message", "soukromá zpráva";
    arrival_comment: "a comment on a post", "komentář u příspěvku";
    arrival_mention: "a public mention", "veřejná zmínka";
    try_button: "Try", "Vyzkoušet";
    try_empty: "Write a message to see what frontdesk would do.", "Napište zprávu a uvidíte, co by frontdesk udělal.";
    try_bad_time: "The time is not a date and time between 2000 and 2199.", "Čas není datum a čas mezi roky 2000 a 2199.";
    decision: "Decision", "Rozhodnutí";
    auto_reply: "Automatic reply", "Automatická odpověď";
    no_auto_reply: "No automatic reply", "Bez automatické odpovědi";
    to_person: "a person takes it over", "převezme to člověk";
    high_priority: "high priority", "vysoká priorita";
    in_public: "in public", "veřejně";
    reply_text: "Reply", "Odpověď";
    announcement: "Announcement first", "Nejdřív oznámení";
    why: "Why", "Proč";
    kind_acknowledgement: "acknowledgement", "potvrzení";
    kind_after_hours: "after-hours reply", "odpověď mimo otevírací dobu";
    kind_faq: "FAQ answer", "odpověď z FAQ";
    labels: "Labels", "Štítky";
    version: "Version", "Verze";
    by: "By", "Kdo";
    when: "When", "Kdy";
    changed: "Changed", "Změněno";
    deleted: "the page was deleted", "stránka byla smazána";
    compare: "Compare", "Porovnat";
    from_version: "From version", "Od verze";
    to_version: "To version", "Do verze";
    field: "Field", "Pole";
    before: "Before", "Předtím";
    after: "After", "Potom";
    no_differences: "No differences.", "Žádné rozdíly.";
    restore: "Restore", "Obnovit";
    restored: "Restored as version", "Obnoveno jako verze";
    current: "current", "aktuální";
    secret_changed: "changed (never shown)", "změněn (nikdy se neukazuje)";
    no_versions: "No versions yet.", "Zatím žádné verze.";
    back_to_settings: "Back to the settings", "Zpět na nastavení";
    all_pages: "All pages", "Všechny stránky";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_every_word_and_differ_where_they_should() {
        assert_eq!(of(Lang::En).save, "Save");
        assert_eq!(of(Lang::Cs).save, "Uložit");
        assert_eq!(of(Lang::Cs).day("fri"), "Pátek");
        assert_eq!(of(Lang::En).template("after_hours"), "Outside office hours");
    }
}
