//! The words of the pages for running a page (figures, crisis mode, tokens) in English and
//! Czech: one struct per language, so a template naming a missing text does not compile.
//! The frame's words stay in `console::i18n`.

use crate::console::i18n::Lang;
use crate::domain::locale::Language;

macro_rules! texts {
    ($($field:ident: $en:expr, $cs:expr;)*) => {
        /// Every text of these pages, in one language.
        pub struct OpsTexts {
            $(pub $field: &'static str,)*
        }
        static EN: OpsTexts = OpsTexts { $($field: $en,)* };
        static CS: OpsTexts = OpsTexts { $($field: $cs,)* };
    };
}

/// The texts in the viewer's language.
pub fn texts(lang: Lang) -> &'static OpsTexts {
    match lang {
        Lang::En => &EN,
        Lang::Cs => &CS,
    }
}

/// A customer language's own name (the same in every console language).
pub fn language_name(language: Language) -> &'static str {
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

texts! {
    pages: "Pages", "Stránky";
    settings: "Settings", "Nastavení";
    versions: "Versions", "Verze";
    page_admin: "Running the page", "Provoz stránky";
    figures: "Figures", "Statistiky";
    crisis: "Crisis mode", "Krizový režim";
    tokens: "Tokens", "Tokeny";

    from: "From", "Od";
    to: "To", "Do";
    channel: "Channel", "Kanál";
    all_channels: "All channels", "Všechny kanály";
    show: "Show", "Zobrazit";
    download_csv: "Download the numbers (CSV)", "Stáhnout čísla (CSV)";
    range_note: "Days in the page's time zone. First response and resolution: median and 90th percentile, in wall-clock time and in the page's working hours.", "Dny v časovém pásmu stránky. První odpověď a vyřešení: medián a 90. percentil, ve skutečném čase a v pracovní době stránky.";
    range_from_after_to: "The first day must not be after the last one.", "První den nesmí být po posledním.";
    range_too_long: "Choose at most 366 days.", "Vyberte nejvýše 366 dní.";
    range_years: "Choose a day between the years 2000 and 2199.", "Vyberte den mezi lety 2000 a 2199.";
    range_unreadable: "Write the day as YYYY-MM-DD, e.g. 2026-11-24.", "Zadejte den jako RRRR-MM-DD, např. 2026-11-24.";
    channel_unknown: "Choose one of the offered channels.", "Vyberte jeden z nabízených kanálů.";
    no_figures: "No figures in this range yet.", "V tomto období zatím nejsou žádná čísla.";
    chart_unavailable: "The chart could not be drawn; the numbers are in the table.", "Graf se nepodařilo vykreslit; čísla jsou v tabulce.";
    as_table: "The numbers as a table", "Čísla v tabulce";
    messages_chart: "Messages per day", "Zprávy po dnech";
    received: "Received", "Přijato";
    answered_by_faq: "Answered by FAQ", "Zodpovězeno z FAQ";
    acknowledged: "Acknowledged", "Potvrzeno";
    escalated: "Handed to a person", "Předáno člověku";
    first_response_chart: "First response by a person", "První odpověď člověka";
    resolution_chart: "Resolution", "Vyřešení";
    median_wall: "median, wall clock", "medián, skutečný čas";
    p90_wall: "90th percentile, wall clock", "90. percentil, skutečný čas";
    median_working: "median, working hours", "medián, pracovní doba";
    p90_working: "90th percentile, working hours", "90. percentil, pracovní doba";
    answered: "answered", "zodpovězeno";
    resolved: "resolved", "vyřešeno";
    latency_chart: "Automatic reply latency (95th percentile)", "Zpoždění automatické odpovědi (95. percentil)";
    latency: "latency", "zpoždění";
    faq_chart: "FAQ answers per entry", "Odpovědi z FAQ podle položky";
    entry: "Entry", "Položka";
    answers: "Answers", "Odpovědí";
    no_faq_answers: "No FAQ answers in this range.", "V tomto období žádné odpovědi z FAQ.";
    day: "Day", "Den";
    totals: "Totals", "Souhrn";
    total: "Total", "Celkem";
    count: "count", "počet";
    in_hours: "hours", "hodiny";
    in_minutes: "minutes", "minuty";
    in_seconds: "seconds", "sekundy";
    peak: "highest", "nejvíce";
    on_day: "on", "dne";
    none: "none", "žádné";

    crisis_intro: "While crisis mode is on, every customer who writes gets the announcement once, ahead of the usual reply, and their conversation is marked “crisis”.", "Během krizového režimu dostane každý zákazník, který napíše, jednou oznámení před obvyklou odpovědí a jeho konverzace se označí „crisis“.";
    crisis_active: "Crisis mode is on until", "Krizový režim trvá do";
    crisis_ended: "The last crisis ended at", "Poslední krize skončila";
    crisis_none: "No crisis so far.", "Zatím žádná krize.";
    started_at: "Started", "Začala";
    announcement: "Announcement", "Oznámení";
    announcement_hint: "Fill in the languages you need; a customer gets their language, else the page's.", "Vyplňte jazyky, které potřebujete; zákazník dostane svůj jazyk, jinak jazyk stránky.";
    other_languages: "Other languages", "Další jazyky";
    until: "Ends at", "Končí";
    until_hint: "Date and time in the page's time zone", "Datum a čas v časovém pásmu stránky";
    start_crisis: "Start crisis mode", "Spustit krizový režim";
    end_crisis: "End crisis mode now", "Ukončit krizový režim";
    crisis_started: "Crisis mode is on.", "Krizový režim je zapnutý.";
    crisis_stopped: "Crisis mode has ended.", "Krizový režim skončil.";
    not_active: "The page is not in crisis mode.", "Stránka není v krizovém režimu.";
    recipients: "Who received the announcement", "Kdo dostal oznámení";
    no_recipients: "Nobody yet.", "Zatím nikdo.";
    resolution: "Resolution message", "Zpráva o vyřešení";
    resolution_hint: "Once the crisis is over: one message to everyone who got the announcement and may still be written to (Messenger: within 24 hours of their last message). It goes out only once.", "Po skončení krize: jedna zpráva všem, kdo dostali oznámení a komu se ještě smí psát (Messenger: do 24 hodin od jejich poslední zprávy). Odejde jen jednou.";
    resolution_after_end: "End the crisis first; then send the resolution message.", "Nejdřív krizi ukončete, pak odešlete zprávu o vyřešení.";
    send_resolution: "Send the resolution message", "Odeslat zprávu o vyřešení";
    resolution_sent: "The resolution message went out", "Zpráva o vyřešení odešla";
    sent_to: "customers it went to", "zákazníků, kterým odešla";
    outside_window: "customers outside the window (not written to)", "zákazníků mimo okno (nepsali jsme jim)";
    already_sent: "The resolution message of this crisis went out already.", "Zpráva o vyřešení této krize už odešla.";
    announcement_required: "Write the announcement in at least one language.", "Napište oznámení aspoň v jednom jazyce.";
    too_long_for_channel: "Too long for the page's channel:", "Na kanál stránky je to příliš dlouhé:";
    until_future: "Choose a time in the future, before the year 2200.", "Zvolte čas v budoucnu, před rokem 2200.";
    until_unreadable: "Choose a date and a time.", "Zvolte datum a čas.";
    until_gap: "That time does not exist in the page's time zone (the clocks change); choose another.", "Tento čas v časovém pásmu stránky neexistuje (mění se čas); zvolte jiný.";
    text_required: "Write the message.", "Napište zprávu.";
    page_invalid: "The page's configuration does not validate:", "Nastavení stránky není platné:";

    tokens_intro: "People sign in to the console and call the API with a token. A token works for this page only; an admin token can also configure it. Tokens from the settings file are not listed.", "Lidé se tokenem přihlašují do konzole a volají API. Token platí jen pro tuto stránku; token správce ji může i nastavovat. Tokeny ze souboru nastavení zde nejsou.";
    new_token_heading: "New token", "Nový token";
    name: "Name", "Jméno";
    name_hint: "Whose token it is; their replies are signed with it.", "Čí token je; podepisují se jím jejich odpovědi.";
    role: "Role", "Role";
    role_agent: "Agent: answers customers", "Agent: odpovídá zákazníkům";
    role_admin: "Admin: also configures the page", "Správce: také nastavuje stránku";
    role_owner: "Owner", "Vlastník";
    agent: "agent", "agent";
    admin: "admin", "správce";
    expires_in_days: "Valid for (days)", "Platnost (dní)";
    expires_hint: "Leave empty for a token that works until it is revoked.", "Nechte prázdné pro token platný do zrušení.";
    create_token: "Create the token", "Vytvořit token";
    token_created: "The token is ready", "Token je připravený";
    copy_hint: "Copy it now and hand it over safely: it is shown only this once, and nobody can see it again.", "Zkopírujte ho teď a předejte bezpečně: zobrazí se jen tentokrát a nikdo ho už neuvidí.";
    copy: "Copy", "Kopírovat";
    copied: "Copied.", "Zkopírováno.";
    existing_tokens: "Tokens of this page", "Tokeny této stránky";
    created: "Created", "Vytvořen";
    by: "by", "vytvořil(a)";
    expires: "Expires", "Platnost do";
    never: "never", "bez omezení";
    state: "State", "Stav";
    expired: "expired", "vypršel";
    valid: "valid", "platný";
    also_other_pages: "other pages too", "i další stránky";
    revoke: "Revoke", "Zrušit";
    revoked: "The token was revoked; it no longer works anywhere.", "Token byl zrušen; už nikde nefunguje.";
    no_tokens: "No tokens for this page yet.", "Tato stránka zatím nemá žádné tokeny.";
    name_invalid: "Give a name of at most 100 characters.", "Zadejte jméno o nejvýše 100 znacích.";
    role_invalid: "Choose agent or admin.", "Vyberte agenta nebo správce.";
    expiry_invalid: "Give a whole number of days from 1 to 3650, or leave it empty.", "Zadejte celý počet dní od 1 do 3650, nebo pole nechte prázdné.";
    revoke_forbidden: "This token also covers pages you do not administer, or is the owner's; the owner can revoke it.", "Tento token platí i pro stránky, které nespravujete, nebo patří vlastníkovi; zrušit ho může vlastník.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_have_every_text() {
        for lang in Lang::ALL {
            let t = texts(lang);
            for text in [t.figures, t.crisis, t.tokens, t.copy_hint, t.range_too_long] {
                assert!(!text.trim().is_empty());
            }
        }
        assert_ne!(texts(Lang::Cs).figures, texts(Lang::En).figures);
    }
}
