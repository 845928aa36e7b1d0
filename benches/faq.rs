//! Matching one message against a page with 500 FAQ entries (generated: the example shop's
//! entries with their words shuffled into many topics), and against the example shop itself;
//! a message that stops at the margin check, one that goes through every check (two
//! questions scores each part of the message on its own), and a long story with two questions
//! in it (the realistic worst case). The goal (issue 16): under 100 µs per message at 500
//! entries. The learned gate (`faq/gate`) and the learned entry model (`faq/entries`) on
//! their own, and inside the example shop's cases (its FAQ turns both on); a message the
//! scores alone are not sure of, which the entry model reads (`example_shop_unsure`).

#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use frontdesk::domain::faq::{Entry, Faq, Limits};
use frontdesk::domain::locale::Language;
use frontdesk::domain::page::FaqFile;

const WORDS: &[&str] = &[
    "doprava",
    "balík",
    "objednávka",
    "vrácení",
    "reklamace",
    "platba",
    "karta",
    "dobírka",
    "telefon",
    "adresa",
    "otevřeno",
    "víkend",
    "mlýnek",
    "káva",
    "hrnek",
    "poukaz",
    "sleva",
    "faktura",
    "doručení",
    "zásilka",
    "kurýr",
    "sklad",
    "cena",
    "záruka",
    "servis",
    "filtr",
    "zrno",
    "espresso",
    "konvice",
    "dárek",
    "předplatné",
    "obal",
    "recyklace",
    "čaj",
    "sirup",
];

fn generated(n: usize) -> Vec<Entry> {
    let mut rng = fastrand::Rng::with_seed(7);
    (0..n)
        .map(|i| {
            let phrase = |rng: &mut fastrand::Rng| {
                (0..5)
                    .map(|_| WORDS[rng.usize(..WORDS.len())])
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            Entry {
                id: format!("entry-{i}"),
                examples: (0..6)
                    .map(|_| (Language::Cs, format!("{} {i}x", phrase(&mut rng))))
                    .collect(),
                keywords: vec![WORDS[i % WORDS.len()].to_owned()],
                escalate: false,
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let entries = generated(500);
    // One entry's example, as a customer would ask it (the "7x" marker is no word).
    let asked = entries[7].examples[0].1.clone();
    let large = Faq::new(entries, Limits::default());
    let shop = FaqFile::from_toml(include_str!("../responses/faq/eshop.toml")).unwrap();
    let mut page = frontdesk::domain::page::PageFile::from_toml(include_str!(
        "../responses/pages/example.toml"
    ))
    .unwrap();
    page.faq = Some(shop);
    let page = page.validate().unwrap();
    let message = "dobry den, kdy mi prijde balik s kavou a mlynkem? objednavka 48213";
    c.bench_function("faq/match/500_entries", |b| {
        b.iter(|| large.matches(black_box(message)))
    });
    // The longest path: one entry's example asked with a clear lead, then each part of the
    // message scored on its own for a second question.
    let two_parts = format!("dobry den, mam dotaz: {asked}? objednavka c. 48213");
    c.bench_function("faq/match/500_entries_every_check", |b| {
        b.iter(|| large.matches(black_box(&two_parts)))
    });
    // The realistic worst case: a customer's story (many words the FAQ has never seen, each
    // with its trigrams), one entry's example as the question, and a second question after
    // it: every check runs, and two questions scores each of the message's many parts.
    let story = format!(
        "dobry den, objednala jsem minuly tyden kavovar pro dceru k narozeninam, zaplatila \
         jsem predem prevodem a porad nic neprislo ani zadny email, {asked}? a kolik stoji \
         doprava na slovensko? dekuji moc, jana"
    );
    c.bench_function("faq/match/500_entries_story_two_questions", |b| {
        b.iter(|| large.matches(black_box(&story)))
    });
    // The learned gate alone (the example shop turns it on, so the cases below include it):
    // its cost does not grow with the FAQ, only with the message.
    let gate = frontdesk::domain::faq::Gate::bundled().unwrap();
    c.bench_function("faq/gate/story", |b| {
        b.iter(|| gate.must_escalate(black_box(&story)))
    });
    let entries = frontdesk::domain::faq::EntryModel::bundled().unwrap();
    c.bench_function("faq/entries/story", |b| {
        b.iter(|| entries.probabilities(black_box(&story)))
    });
    c.bench_function("faq/match/example_shop", |b| {
        b.iter(|| page.faq.matches(black_box(message)))
    });
    let shop_two = "dobry den, kolik stoji doprava na slovensko a da se platit kartou?";
    c.bench_function("faq/match/example_shop_two_questions", |b| {
        b.iter(|| page.faq.matches(black_box(shop_two)))
    });
    let unsure = "ahoj, kurýr kdy dorazi?? objednavala jsem v pondeli";
    c.bench_function("faq/match/example_shop_unsure", |b| {
        b.iter(|| page.faq.matches(black_box(unsure)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
