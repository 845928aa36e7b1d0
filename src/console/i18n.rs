//! The console's own words in Czech and English: one struct of texts per language, so a
//! template that names a missing text does not compile. The language comes from the viewer's
//! choice (a cookie set by the switch), else the browser's `Accept-Language`, else English.

use actix_web::HttpRequest;
use actix_web::http::header::ACCEPT_LANGUAGE;

/// The cookie that keeps the viewer's choice of language.
pub const LANG_COOKIE: &str = "fd_lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Cs,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Cs];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Cs => "cs",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Cs => "Čeština",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "cs" => Some(Lang::Cs),
            _ => None,
        }
    }

    /// The viewer's language: their choice, else the first of the browser's languages the
    /// console speaks (`cs-CZ` counts as `cs`), else English.
    pub fn of(req: &HttpRequest) -> Lang {
        if let Some(lang) = req.cookie(LANG_COOKIE).and_then(|c| Lang::parse(c.value())) {
            return lang;
        }
        req.headers()
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .and_then(Lang::from_accept_language)
            .unwrap_or(Lang::En)
    }

    fn from_accept_language(header: &str) -> Option<Lang> {
        let mut ranked: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim();
                let primary = tag.split('-').next()?;
                let lang = Lang::parse(primary)?;
                let quality = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((quality, lang))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map(|(_, lang)| *lang)
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::Cs => &CS,
        }
    }
}

macro_rules! texts {
    ($($field:ident: $en:expr, $cs:expr;)*) => {
        /// Every text the console shows, in one language.
        pub struct Texts {
            $(pub $field: &'static str,)*
        }
        static EN: Texts = Texts { $($field: $en,)* };
        static CS: Texts = Texts { $($field: $cs,)* };
    };
}

texts! {
    console: "frontdesk console", "konzole frontdesk";
    skip_to_content: "Skip to content", "Přeskočit na obsah";
    sign_in: "Sign in", "Přihlásit se";
    sign_in_intro: "Sign in with the token your administrator gave you.", "Přihlaste se tokenem, který vám dal správce.";
    token: "Token", "Token";
    wrong_token: "This token is not valid. Check it and try again, or ask your administrator for a new one.", "Tento token není platný. Zkontrolujte ho a zkuste to znovu, nebo požádejte správce o nový.";
    too_many_attempts: "Too many sign-in attempts from here. Wait a minute and try again.", "Příliš mnoho pokusů o přihlášení odsud. Počkejte minutu a zkuste to znovu.";
    session_expired: "Your session has ended. Please sign in again.", "Vaše relace skončila. Přihlaste se prosím znovu.";
    form_expired: "The form expired. Please try again.", "Formulář vypršel. Zkuste to prosím znovu.";
    sign_out: "Sign out", "Odhlásit se";
    signed_in_as: "Signed in as", "Přihlášen(a) jako";
    language: "Language", "Jazyk";
    inbox: "Inbox", "Schránka";
    page_settings: "Page settings", "Nastavení stránek";
    conversation: "Conversation", "Konverzace";
    filters: "Filters", "Filtry";
    order: "Order", "Řazení";
    order_window: "Reply window closing first", "Nejdříve zavírané okno odpovědi";
    order_waiting: "Longest waiting", "Nejdéle čekající";
    order_priority: "Priority", "Priorita";
    status: "Status", "Stav";
    any: "Any", "Vše";
    status_new: "New", "Nová";
    status_assigned: "Assigned", "Přidělená";
    status_waiting_on_customer: "Waiting on customer", "Čeká na zákazníka";
    status_resolved: "Resolved", "Vyřešená";
    label: "Label", "Štítek";
    labels: "Labels", "Štítky";
    assignee: "Assignee", "Řešitel";
    assignee_me: "Me", "Já";
    assignee_unassigned: "Unassigned", "Nepřidělené";
    assignee_anyone: "Anyone", "Kdokoli";
    channel: "Channel", "Kanál";
    page: "Page", "Stránka";
    apply: "Apply", "Použít";
    customer: "Customer", "Zákazník";
    last_message: "Last message", "Poslední zpráva";
    waiting: "Waiting", "Čeká";
    first_response: "First response", "První odpověď";
    overdue: "overdue", "po termínu";
    due: "due", "termín";
    window: "Reply window", "Okno odpovědi";
    window_open: "open", "otevřené";
    window_human_agent: "HUMAN_AGENT only", "jen HUMAN_AGENT";
    window_closed: "closed", "zavřené";
    window_none: "no window", "bez okna";
    window_closes: "closes", "zavírá se";
    priority: "Priority", "Priorita";
    priority_high: "high", "vysoká";
    priority_normal: "normal", "běžná";
    held_by: "Held by", "Drží";
    nobody: "nobody", "nikdo";
    linked: "Same customer elsewhere", "Stejný zákazník jinde";
    empty_inbox: "Nobody is waiting. Well done.", "Nikdo nečeká. Výborně.";
    conversations_waiting: "waiting", "čeká";
    open_conversation: "Open", "Otevřít";
    history: "History", "Historie";
    from_customer: "Customer", "Zákazník";
    from_bot: "frontdesk", "frontdesk";
    from_staff: "Staff", "Tým";
    note: "Note", "Poznámka";
    notes: "Notes", "Poznámky";
    why: "Why", "Proč";
    delivery_pending: "pending", "čeká na odeslání";
    delivery_sent: "sent", "odesláno";
    delivery_retrying: "retrying", "opakuje se";
    delivery_failed: "failed", "selhalo";
    attempts: "attempts", "pokusů";
    next_attempt: "next attempt", "další pokus";
    claim: "Claim", "Převzít";
    release: "Release", "Uvolnit";
    assign: "Assign", "Přidělit";
    assign_to: "Assign to colleague", "Přidělit kolegovi";
    resolve: "Resolve", "Vyřešit";
    reopen: "Reopen", "Znovu otevřít";
    add_note: "Add note", "Přidat poznámku";
    add_label: "Add label", "Přidat štítek";
    remove: "Remove", "Odebrat";
    reply: "Reply", "Odpověď";
    send: "Send", "Odeslat";
    reply_limit: "At most", "Nejvýše";
    characters: "characters", "znaků";
    bytes: "bytes", "bajtů";
    reply_human_agent: "Outside the 24-hour window: the reply goes with the HUMAN_AGENT tag.", "Mimo 24hodinové okno: odpověď odejde se značkou HUMAN_AGENT.";
    reply_window_closed: "The customer last wrote more than 7 days ago; the platform allows no reply until they write again.", "Zákazník naposledy psal před více než 7 dny; platforma nedovolí odpovědět, dokud znovu nenapíše.";
    reply_not_opened: "The customer has not written yet, so there is nothing to answer.", "Zákazník zatím nenapsal, není na co odpovědět.";
    reply_page_gone: "This page is no longer configured.", "Tato stránka už není nastavená.";
    you_hold_it: "You hold this conversation.", "Tuto konverzaci držíte vy.";
    colleague_holds_it: "A colleague holds this conversation:", "Tuto konverzaci drží kolega:";
    nobody_holds_it: "Nobody holds this conversation yet.", "Tuto konverzaci zatím nikdo nedrží.";
    reply_queued: "The reply is on its way.", "Odpověď je na cestě.";
    done: "Done.", "Hotovo.";
    not_found: "There is no such conversation or page.", "Taková konverzace ani stránka neexistuje.";
    forbidden: "You may not do this.", "K tomu nemáte oprávnění.";
    store_unavailable: "The store is unavailable right now; try again in a few seconds.", "Úložiště je právě nedostupné; zkuste to za pár sekund.";
    something_wrong: "Something went wrong on our side.", "Na naší straně se něco pokazilo.";
    back_to_inbox: "Back to the inbox", "Zpět do schránky";
    shortcuts: "Keyboard shortcuts", "Klávesové zkratky";
    shortcut_next: "next conversation", "další konverzace";
    shortcut_previous: "previous conversation", "předchozí konverzace";
    shortcut_open: "open the selected conversation", "otevřít vybranou konverzaci";
    shortcut_claim: "claim", "převzít";
    shortcut_reply: "write a reply", "napsat odpověď";
    shortcut_resolve: "resolve", "vyřešit";
    shortcut_note: "add a note", "přidat poznámku";
    shortcut_inbox: "back to the inbox", "zpět do schránky";
    shortcut_help: "this help", "tato nápověda";
    close: "Close", "Zavřít";
    notify: "Alert me when a conversation needs someone", "Upozornit mě, když konverzace někoho potřebuje";
    live: "Live", "Živě";
    offline: "Reconnecting…", "Znovu se připojuji…";
    times_in_page_zone: "Times in the page's time zone", "Časy v časovém pásmu stránky";
    customer_wrote: "wrote", "napsal(a)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_language_picks_czech_or_falls_back_to_english() {
        assert_eq!(
            Lang::from_accept_language("cs-CZ,cs;q=0.9,en;q=0.8"),
            Some(Lang::Cs)
        );
        assert_eq!(
            Lang::from_accept_language("de-DE,en;q=0.5,cs;q=0.7"),
            Some(Lang::Cs)
        );
        assert_eq!(Lang::from_accept_language("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("de, fr;q=0.5"), None);
        assert_eq!(Lang::from_accept_language(";;;q=,"), None);
    }
}
