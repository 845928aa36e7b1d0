//! Matching one message against a page with 500 FAQ entries (generated: the example shop's
//! entries with their words shuffled into many topics), and against the example shop itself.

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

fn generated(n: usize) -> Faq {
    let mut rng = fastrand::Rng::with_seed(7);
    let entries = (0..n)
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
        .collect();
    Faq::new(entries, Limits::default())
}

fn bench(c: &mut Criterion) {
    let large = generated(500);
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
    c.bench_function("faq/match/example_shop", |b| {
        b.iter(|| page.faq.matches(black_box(message)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
