//! Learning the FAQ's entry model (`domain::faq::EntryModel`) from labelled sets, as the gate
//! is learned (`faq_gate`): its three thresholds are chosen on predictions for sets the model
//! did not learn from (folds by set), through the whole matcher without a gate, so every
//! rule after the scores judges a taken entry as it will in service; then the model is
//! fitted on every set and the FAQ's own examples.
//!
//! The rescue threshold chosen is the one with the best held-out `right - 5 × (wrong + must
//! escalate answered)`: a wrong answer, or an answer to a message for a person, costs five
//! times what an abstention costs (the customer is told when a person answers, and one
//! does). The overrule threshold is then chosen by the same worth, from the rescue
//! threshold up (overruling a rule asks more of the model than taking over from unsure
//! scores). The doubt threshold is then chosen as the gate's is: the fewest wrong answers and
//! must-escalate answered while costing at most `right_drop` points of right answers. The
//! budget keeps doubting modest: messages unlike the labelled sets' writers' are doubted
//! more, and each doubted answer is a customer who waits for a person.

use crate::domain::faq::{EntryModel, Faq, NEVER, Thresholds, Training};
use crate::domain::page::Page;
use crate::faq_eval::Labelled;
use crate::faq_gate::{folds, percent};

/// The class of a message for a person (`EntryModel`'s `none`).
const NONE: &str = "none";

/// What an answer the model should not have given costs, in abstentions.
const MISTAKE_COST: i64 = 5;

/// Thresholds tried on the held-out sets: the shares of answerable messages answered right
/// and wrong, and of must-escalate messages answered, in percent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tried {
    pub thresholds: Thresholds,
    pub right: f64,
    pub wrong: f64,
    pub escalate_answered: f64,
}

/// One held-out message: its label, what the matcher answers without the model, with the
/// model's entry taken, and with its rules overruled too; the probability of the model's
/// most probable class, and the probabilities the model gives the entries answered without
/// it and with rules overruled.
struct HeldOut {
    expected: Option<String>,
    without: Option<String>,
    taken: Option<String>,
    overruled: Option<String>,
    most_probable: f32,
    answered_probability: f32,
    overruled_probability: f32,
}

/// The model learned from `sets`, with its thresholds, and every set of thresholds tried, in
/// the order chosen: the rescue thresholds (the first row is no model at all), then the
/// overrule thresholds with the chosen rescue, then the doubt thresholds with both.
pub fn learn<'a>(
    page: &'a Page,
    sets: &'a [Vec<Labelled>],
    right_drop: f64,
    training: Training,
) -> (EntryModel, Vec<Tried>) {
    let plain = Faq::clone(&page.faq).with_gate(None).with_entry_model(None);
    let examples: Vec<(&str, &str)> = page
        .faq
        .labelled_examples()
        .map(|(id, escalate, text)| (if escalate { NONE } else { id }, text))
        .collect();
    // Each message as (class, text), the FAQ's examples after them.
    let pairs = |messages: &[&'a Labelled]| -> Vec<(&'a str, &'a str)> {
        messages
            .iter()
            .map(|m| (m.expected.as_deref().unwrap_or(NONE), m.text.as_str()))
            .chain(examples.iter().copied())
            .collect()
    };
    let answer = |faq: &Faq, text: &str| {
        faq.matches(text)
            .verdict
            .answered_entry()
            .map(str::to_owned)
    };
    let mut held_out: Vec<HeldOut> = Vec::new();
    for (learned, judged) in folds(sets) {
        let model = EntryModel::train(&pairs(&learned), training);
        let with = |overrule| {
            let thresholds = Thresholds {
                rescue: 0.0,
                doubt: 0.0,
                overrule,
            };
            Faq::clone(&plain)
                .with_entry_model(Some(model.clone().with_thresholds(thresholds).into()))
        };
        let (taking, overruling) = (with(NEVER), with(0.0));
        for message in judged {
            let p = model.probabilities(&message.text);
            let probability_of = |entry: Option<&str>| {
                entry
                    .and_then(|id| model.classes().iter().position(|c| c == id))
                    .and_then(|class| p.get(class).copied())
                    .unwrap_or(1.0)
            };
            let without = answer(&plain, &message.text);
            let taken = answer(&taking, &message.text);
            let overruled = answer(&overruling, &message.text);
            held_out.push(HeldOut {
                expected: message.expected.clone(),
                most_probable: p.iter().copied().fold(0.0, f32::max),
                answered_probability: probability_of(without.as_deref()),
                overruled_probability: probability_of(overruled.as_deref()),
                without,
                taken,
                overruled,
            });
        }
    }
    let (thresholds, tried) = choose(&held_out, right_drop);
    let all: Vec<&Labelled> = sets.iter().flatten().collect();
    let model = EntryModel::train(&pairs(&all), training).with_thresholds(thresholds);
    (model, tried)
}

/// The rescue threshold worth the most with nothing overruled or doubted; then, from it up,
/// the overrule threshold worth the most with nothing doubted (of equals, the highest); then
/// the doubt threshold that leaves the fewest wrong and must-escalate answers within
/// `right_drop` points of right answers (of equals, the lowest). Returns them and every row
/// tried.
fn choose(held_out: &[HeldOut], right_drop: f64) -> (Thresholds, Vec<Tried>) {
    let worth = |t: &Tried| t.right - MISTAKE_COST as f64 * (t.wrong + t.escalate_answered);
    let best = |rows: &[Tried]| {
        rows.iter()
            .copied()
            .reduce(|best, t| if worth(&t) > worth(&best) { t } else { best })
    };
    let hundredths = |from: u16| (from..100).rev().map(|t| f32::from(t) / 100.0);
    let mut tried = Vec::new();
    let mut chosen = Thresholds::NONE;
    let rescues: Vec<Tried> = std::iter::once(NEVER)
        .chain(hundredths(50))
        .map(|rescue| judge(held_out, Thresholds { rescue, ..chosen }))
        .collect();
    if let Some(rescue) = best(&rescues) {
        chosen = rescue.thresholds;
    }
    tried.extend(rescues);
    // Finer near 1: the model is that sure of most messages it should overrule a rule for.
    let overrules: Vec<Tried> = std::iter::once(NEVER)
        .chain((991..1000u16).rev().map(|t| f32::from(t) / 1000.0))
        .chain(hundredths(50))
        .filter(|overrule| *overrule >= chosen.rescue)
        .map(|overrule| judge(held_out, Thresholds { overrule, ..chosen }))
        .collect();
    if let Some(overrule) = best(&overrules) {
        chosen = overrule.thresholds;
    }
    let before_doubt = overrules
        .iter()
        .find(|t| t.thresholds == chosen)
        .map_or(0.0, |t| t.right);
    tried.extend(overrules);
    let doubts: Vec<Tried> = (0..=30u16)
        .map(|d| {
            judge(
                held_out,
                Thresholds {
                    doubt: f32::from(d) / 100.0,
                    ..chosen
                },
            )
        })
        .collect();
    if let Some(doubt) = doubts
        .iter()
        .filter(|t| t.right >= before_doubt - right_drop)
        .min_by(|a, b| {
            (a.wrong + a.escalate_answered)
                .total_cmp(&(b.wrong + b.escalate_answered))
                .then(a.thresholds.doubt.total_cmp(&b.thresholds.doubt))
        })
    {
        chosen = doubt.thresholds;
    }
    tried.extend(doubts);
    (chosen, tried)
}

/// What the held-out messages come to with `thresholds`: an entry taken from `rescue` on,
/// rules overruled from `overrule` on, and answers doubted under `doubt`. (An entry taken or
/// a rule overruled is the model's most probable class, which it gives more than `doubt`.)
fn judge(held_out: &[HeldOut], thresholds: Thresholds) -> Tried {
    let Thresholds {
        rescue,
        doubt,
        overrule,
    } = thresholds;
    let (mut answerable, mut right, mut wrong, mut escalate, mut answered) = (0, 0, 0, 0, 0);
    for m in held_out {
        let (got, probability) = if m.most_probable >= overrule.max(rescue) {
            (m.overruled.as_deref(), m.overruled_probability)
        } else if m.without.is_none() && m.most_probable >= rescue {
            (m.taken.as_deref(), m.most_probable)
        } else {
            (m.without.as_deref(), m.answered_probability)
        };
        let got = got.filter(|_| probability >= doubt);
        match (&m.expected, got) {
            (Some(expected), Some(got)) => {
                answerable += 1;
                if expected == got {
                    right += 1;
                } else {
                    wrong += 1;
                }
            }
            (Some(_), None) => answerable += 1,
            (None, got) => {
                escalate += 1;
                answered += usize::from(got.is_some());
            }
        }
    }
    Tried {
        thresholds,
        right: percent(right, answerable),
        wrong: percent(wrong, answerable),
        escalate_answered: percent(answered, escalate),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faq_gate::fixtures::{example_shop_and_five_sets, quick};

    #[test]
    fn the_thresholds_are_chosen_on_held_out_sets_and_the_model_serves_the_faq() {
        let (page, sets) = example_shop_and_five_sets();
        let (model, tried) = learn(&page, &sets, 0.5, quick());
        let none = tried[0];
        assert_eq!(none.thresholds, Thresholds::NONE);
        let worth = |t: &Tried| t.right - 5.0 * (t.wrong + t.escalate_answered);
        let chosen = model.thresholds();
        let row = |thresholds: Thresholds| {
            tried
                .iter()
                .find(|t| t.thresholds == thresholds)
                .copied()
                .unwrap_or_else(|| panic!("{thresholds:?} was tried"))
        };
        // The rescue threshold worth the most, with nothing else.
        let rescued = row(Thresholds {
            rescue: chosen.rescue,
            ..Thresholds::NONE
        });
        assert!(
            tried
                .iter()
                .filter(|t| t.thresholds.overrule == NEVER && t.thresholds.doubt == 0.0)
                .all(|t| worth(t) <= worth(&rescued)),
            "{rescued:?}"
        );
        // Then the overrule threshold worth the most, never under the rescue threshold.
        let overruled = row(Thresholds {
            doubt: 0.0,
            ..chosen
        });
        assert!(chosen.overrule >= chosen.rescue, "{chosen:?}");
        assert!(
            tried
                .iter()
                .filter(|t| t.thresholds.rescue == chosen.rescue && t.thresholds.doubt == 0.0)
                .all(|t| worth(t) <= worth(&overruled)),
            "{overruled:?}"
        );
        // The doubt costs at most half a point of right answers, and is the best such.
        let doubted = row(chosen);
        assert!(
            doubted.right >= overruled.right - 0.5,
            "{doubted:?} beside {overruled:?}"
        );
        assert!(
            tried
                .iter()
                .filter(|t| t.thresholds.rescue == chosen.rescue
                    && t.thresholds.overrule == chosen.overrule
                    && t.right >= overruled.right - 0.5)
                .all(|t| t.wrong + t.escalate_answered
                    >= doubted.wrong + doubted.escalate_answered),
            "{doubted:?}"
        );
        // Held out, the model is worth something: it takes, overrules or doubts answers for
        // the better.
        assert!(
            worth(&doubted) > worth(&none),
            "{doubted:?} beside {none:?}"
        );
        assert_eq!(
            model.classes(),
            [
                "complaints",
                "contact",
                "damaged_parcel",
                "delivery",
                "none",
                "opening_hours",
                "order_status",
                "payment",
                "returns"
            ]
        );
        assert_eq!(
            EntryModel::from_bytes(&model.to_bytes()).as_ref(),
            Ok(&model),
            "the file reads back"
        );
    }

    #[test]
    fn the_bundled_model_loads_and_names_the_example_shops_entries() {
        let model = EntryModel::bundled().expect("responses/faq/entries.bin reads");
        assert!(model.classes().iter().any(|c| c == NONE), "{model:?}");
        assert!(model.classes().iter().any(|c| c == "delivery"), "{model:?}");
        let chosen = model.thresholds();
        assert!((0.5..=1.0).contains(&chosen.rescue), "{model:?}");
        assert!(
            (chosen.rescue..=NEVER).contains(&chosen.overrule),
            "{model:?}"
        );
        assert!((0.0..0.5).contains(&chosen.doubt), "{model:?}");
    }
}
