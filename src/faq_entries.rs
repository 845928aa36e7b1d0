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
//! must-escalate answered while losing at most `right_drop` points of right answers (held
//! back, or answered with the model's own entry, which is not always right; the right
//! answers that entry gains do not widen the budget). The budget keeps doubting modest:
//! messages unlike the labelled sets' writers' are doubted more (held out by time, sets
//! 184-186 lost 2.9 points of right answers at the doubt threshold a net budget chose),
//! and each doubted answer is a customer who waits for a person.

use crate::domain::faq::{EntryModel, Faq, NEVER, Thresholds, Training};
use crate::domain::page::Page;
use crate::faq_eval::Labelled;
use crate::faq_gate::{folds, percent};

/// The class of a message for a person (`EntryModel`'s `none`).
const NONE: &str = "none";

/// What an answer the model should not have given costs, in abstentions.
const MISTAKE_COST: i64 = 5;

/// Thresholds tried on the held-out sets: the shares of answerable messages answered right
/// and wrong, and of must-escalate messages answered, in percent; for a doubt threshold,
/// also the share of answerable messages answered right without it that it answers
/// otherwise or holds back (`right_lost`, else 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tried {
    pub thresholds: Thresholds,
    pub right_lost: f64,
    pub right: f64,
    pub wrong: f64,
    pub escalate_answered: f64,
}

/// An entry answered (none: no answer), and the probability the model gives it (1 for an
/// entry it has no class for).
type Answered = (Option<String>, f32);

/// One held-out message: its label; what the matcher answers without the model, and with
/// the model taking entries where the scores are not sure, in four ways: by `Way::index`;
/// the probability of the model's most probable class, and the one it gives the scores'
/// best entry.
struct HeldOut {
    expected: Option<String>,
    without: Answered,
    with: [Answered; 4],
    most_probable: f32,
    best_probability: f32,
}

/// How the model takes part, beside taking entries where the scores are not sure: whether
/// it takes its own entry where it doubts the one the scores are sure of (`switch`), and
/// whether it overrules the rules (`overrule`).
struct Way {
    switch: bool,
    overrule: bool,
}

impl Way {
    const ALL: [Way; 4] = [
        Way::new(false, false),
        Way::new(false, true),
        Way::new(true, false),
        Way::new(true, true),
    ];

    const fn new(switch: bool, overrule: bool) -> Way {
        Way { switch, overrule }
    }

    fn index(&self) -> usize {
        2 * usize::from(self.switch) + usize::from(self.overrule)
    }

    /// The thresholds that make the matcher answer this way whatever the probabilities:
    /// doubting every answer it did not take makes it take its own entry wherever it has
    /// one (`HeldOut::with` is then judged with the real doubt threshold).
    fn thresholds(&self) -> Thresholds {
        Thresholds {
            rescue: 0.0,
            doubt: if self.switch { NEVER } else { 0.0 },
            overrule: if self.overrule { 0.0 } else { NEVER },
        }
    }
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
    let mut held_out: Vec<HeldOut> = Vec::new();
    for (learned, judged) in folds(sets) {
        let model = EntryModel::train(&pairs(&learned), training);
        let ways = Way::ALL.map(|way| {
            Faq::clone(&plain)
                .with_entry_model(Some(model.clone().with_thresholds(way.thresholds()).into()))
        });
        for message in judged {
            let p = model.probabilities(&message.text);
            let probability_of = |entry: Option<&str>| {
                entry
                    .and_then(|id| model.classes().iter().position(|c| c == id))
                    .and_then(|class| p.get(class).copied())
                    .unwrap_or(1.0)
            };
            let answered = |faq: &Faq| {
                let entry = faq
                    .matches(&message.text)
                    .verdict
                    .answered_entry()
                    .map(str::to_owned);
                let probability = probability_of(entry.as_deref());
                (entry, probability)
            };
            let rules_alone = plain.matches(&message.text);
            let best = rules_alone.best.map(|best| best.entry);
            held_out.push(HeldOut {
                expected: message.expected.clone(),
                without: (
                    rules_alone.verdict.answered_entry().map(str::to_owned),
                    probability_of(rules_alone.verdict.answered_entry()),
                ),
                with: ways.each_ref().map(answered),
                most_probable: p.iter().copied().fold(0.0, f32::max),
                best_probability: probability_of(best.as_deref()),
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
/// the doubt threshold that leaves the fewest wrong and must-escalate answers while losing
/// at most `right_drop` points of the right answers (of equals, the lowest). Returns them and
/// every row tried.
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
    tried.extend(overrules);
    // Doubting takes the model's own entry where it is sure of one, which the budget does not
    // count: it is for the right answers held back or answered otherwise.
    let right_before: Vec<bool> = held_out
        .iter()
        .map(|m| m.is_right(answer(m, chosen)))
        .collect();
    let answerable = held_out.iter().filter(|m| m.expected.is_some()).count();
    let doubts: Vec<Tried> = (0..=30u16)
        .map(|d| {
            let thresholds = Thresholds {
                doubt: f32::from(d) / 100.0,
                ..chosen
            };
            let lost = held_out
                .iter()
                .zip(&right_before)
                .filter(|(m, right)| **right && !m.is_right(answer(m, thresholds)))
                .count();
            Tried {
                right_lost: percent(lost, answerable),
                ..judge(held_out, thresholds)
            }
        })
        .collect();
    if let Some(doubt) = doubts
        .iter()
        .filter(|t| t.right_lost <= right_drop)
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

/// What the held-out messages come to with `thresholds`: an entry taken from `rescue` on
/// (where the scores are not sure, or sure of an entry given under `doubt`), rules
/// overruled from `overrule` on, and answers doubted under `doubt`. (An entry taken, or one
/// a rule is overruled for, is the model's most probable class, which it gives `rescue` or
/// more, more than `doubt`.)
fn judge(held_out: &[HeldOut], thresholds: Thresholds) -> Tried {
    let (mut answerable, mut right, mut wrong, mut escalate, mut answered) = (0, 0, 0, 0, 0);
    for m in held_out {
        let got = answer(m, thresholds);
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
        right_lost: 0.0,
        right: percent(right, answerable),
        wrong: percent(wrong, answerable),
        escalate_answered: percent(answered, escalate),
    }
}

/// What the matcher answers `m` with `thresholds` (see `judge`), for thresholds as the
/// learner tries them: `rescue` above `doubt`, `overrule` from `rescue` up. Not modelled: an
/// example phrasing is never doubted, and the contact answer a request for the way to a
/// person gets is never doubted (both rare in the labelled sets).
fn answer(m: &HeldOut, thresholds: Thresholds) -> Option<&str> {
    let Thresholds {
        rescue,
        doubt,
        overrule,
    } = thresholds;
    let (got, probability) = if m.most_probable >= rescue {
        let way = Way::new(m.best_probability < doubt, m.most_probable >= overrule);
        &m.with[way.index()]
    } else {
        &m.without
    };
    got.as_deref().filter(|_| *probability >= doubt)
}

impl HeldOut {
    fn is_right(&self, got: Option<&str>) -> bool {
        self.expected.is_some() && self.expected.as_deref() == got
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
        // The doubt loses at most half a point of right answers, and is the best such.
        let doubted = row(chosen);
        assert!(doubted.right_lost <= 0.5, "{doubted:?}");
        assert!(
            tried
                .iter()
                .filter(|t| t.thresholds.rescue == chosen.rescue
                    && t.thresholds.overrule == chosen.overrule
                    && t.right_lost <= 0.5)
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
