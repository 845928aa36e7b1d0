//! Why the bot did what it did, in the viewer's words: each `Reason` of a decision (the rule,
//! the FAQ entry and its score, the schedule rule) as one short sentence.

use chrono_tz::Tz;

use super::i18n::Lang;
use crate::domain::decision::Reason;
use crate::domain::faq::{Match, Verdict};
use crate::domain::schedule::Why;

fn en_cs(lang: Lang, en: String, cs: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Cs => cs,
    }
}

fn local(at: chrono::DateTime<chrono::Utc>, zone: Tz) -> String {
    at.with_timezone(&zone)
        .format("%-d.%-m.%Y %H:%M")
        .to_string()
}

/// The schedule rule `because`, as words for the viewer.
pub fn why(because: &Why, lang: Lang, zone: Tz) -> String {
    match because {
        Why::WeeklyHours => en_cs(lang, "weekly hours".into(), "týdenní otevírací doba".into()),
        Why::Holiday { name } => en_cs(
            lang,
            format!("public holiday: {name}"),
            format!("státní svátek: {name}"),
        ),
        Why::SpecialDay { name } => en_cs(
            lang,
            format!("special day: {name}"),
            format!("zvláštní den: {name}"),
        ),
        Why::AwayUntil { until } => en_cs(
            lang,
            format!("away until {}", local(*until, zone)),
            format!("mimo provoz do {}", local(*until, zone)),
        ),
        Why::OpenUntil { until } => en_cs(
            lang,
            format!("open until {}", local(*until, zone)),
            format!("otevřeno do {}", local(*until, zone)),
        ),
    }
}

fn faq(result: &Match, lang: Lang) -> String {
    let best = result
        .best
        .as_ref()
        .map(|c| format!("{} ({:.2})", c.entry, c.score))
        .unwrap_or_else(|| "–".into());
    match &result.verdict {
        Verdict::Answer { entry } => en_cs(
            lang,
            format!("FAQ answer \u{201c}{entry}\u{201d}, best match {best}"),
            format!("odpověď z FAQ \u{201e}{entry}\u{201c}, nejlepší shoda {best}"),
        ),
        Verdict::Angry { signals } => en_cs(
            lang,
            format!(
                "angry or threatening ({}): a person, high priority",
                signals.join(", ")
            ),
            format!(
                "rozzlobený nebo výhrůžný ({}): člověk, vysoká priorita",
                signals.join(", ")
            ),
        ),
        Verdict::Spam { signals } => en_cs(
            lang,
            format!("looks like spam or phishing ({})", signals.join(", ")),
            format!("vypadá jako spam nebo phishing ({})", signals.join(", ")),
        ),
        Verdict::AskedForPerson => en_cs(
            lang,
            "the customer asked for a person".into(),
            "zákazník chtěl mluvit s člověkem".into(),
        ),
        Verdict::NeedsPerson { entry } => en_cs(
            lang,
            format!("\u{201c}{entry}\u{201d} always needs a person"),
            format!("\u{201e}{entry}\u{201c} vždy potřebuje člověka"),
        ),
        Verdict::Unsure { reason } => en_cs(
            lang,
            format!("FAQ not sure ({reason:?}), best match {best}"),
            format!("FAQ si není jisté ({reason:?}), nejlepší shoda {best}"),
        ),
    }
}

/// One reason, as a sentence for the viewer.
pub fn describe(reason: &Reason, lang: Lang, zone: Tz) -> String {
    match reason {
        Reason::OwnMessage => en_cs(lang, "our own message".into(), "naše vlastní zpráva".into()),
        Reason::PublicMention { reply } => en_cs(
            lang,
            format!("public mention (reply: {reply:?})"),
            format!("veřejná zmínka (odpověď: {reply:?})"),
        ),
        Reason::Stale { age_hours } => en_cs(
            lang,
            format!("the message was {age_hours} h old: no automatic answer"),
            format!("zpráva byla stará {age_hours} h: bez automatické odpovědi"),
        ),
        Reason::AskedForPerson => en_cs(
            lang,
            "the customer asked for a person".into(),
            "zákazník chtěl mluvit s člověkem".into(),
        ),
        Reason::PersonHandling { by } => en_cs(
            lang,
            format!("{by} is handling it: the bot stays quiet"),
            format!("řeší to {by}: bot mlčí"),
        ),
        Reason::Faq { result } => faq(result, lang),
        Reason::OfficeHours { because } => en_cs(
            lang,
            format!("open now ({})", why(because, lang, zone)),
            format!("teď otevřeno ({})", why(because, lang, zone)),
        ),
        Reason::AfterHours { next_open, because } => {
            let next = next_open
                .map(|at| local(at, zone))
                .unwrap_or_else(|| "–".into());
            en_cs(
                lang,
                format!(
                    "closed ({}); next opening {next}",
                    why(because, Lang::En, zone)
                ),
                format!(
                    "zavřeno ({}); příště otevřeno {next}",
                    why(because, Lang::Cs, zone)
                ),
            )
        }
        Reason::RecentlyReplied => en_cs(
            lang,
            "the same automatic reply was sent recently: not repeated".into(),
            "stejná automatická odpověď nedávno odešla: neopakuje se".into(),
        ),
        Reason::Comment { private_reply } => en_cs(
            lang,
            format!("a comment (private reply: {private_reply})"),
            format!("komentář (soukromá odpověď: {private_reply})"),
        ),
        Reason::Crisis { until } => en_cs(
            lang,
            format!("crisis announcement until {}", local(*until, zone)),
            format!("krizové oznámení do {}", local(*until, zone)),
        ),
        Reason::AskedAgain { entry } => en_cs(
            lang,
            format!("asked again after the FAQ answer \u{201c}{entry}\u{201d}: a person"),
            format!("zeptal se znovu po odpovědi \u{201e}{entry}\u{201c}: člověk"),
        ),
        Reason::AnsweredOutside { by } => en_cs(
            lang,
            format!("answered outside frontdesk by {by}"),
            format!("odpověděl(a) mimo frontdesk: {by}"),
        ),
        Reason::Courtesy => en_cs(
            lang,
            "a courtesy (thanks, a greeting): nothing to answer".into(),
            "zdvořilost (díky, pozdrav): není co odpovídat".into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_in_the_viewer_language_and_page_zone() {
        let until = chrono::DateTime::parse_from_rfc3339("2026-12-24T08:00:00Z")
            .unwrap()
            .to_utc();
        let reason = Reason::AfterHours {
            next_open: Some(until),
            because: Why::Holiday {
                name: "Štědrý den".into(),
            },
        };
        let prague = chrono_tz::Europe::Prague;
        assert_eq!(
            describe(&reason, Lang::En, prague),
            "closed (public holiday: Štědrý den); next opening 24.12.2026 09:00"
        );
        assert!(describe(&reason, Lang::Cs, prague).starts_with("zavřeno (státní svátek"));
    }
}
