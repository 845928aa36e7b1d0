//! What a page costs the first time a message for it arrives (issue 17: a cold page ready in
//! under 5 ms): its stored configuration (the example page with the example shop's FAQ
//! inline, as JSON) read and validated, FAQ index compiled included; and the same with the
//! FAQ index found already compiled (pages sharing one FAQ).

#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use frontdesk::domain::page::{FaqFile, PageFile};

fn bench(c: &mut Criterion) {
    let mut page = PageFile::from_toml(include_str!("../responses/pages/example.toml")).unwrap();
    page.faq = Some(FaqFile::from_toml(include_str!("../responses/faq/eshop.toml")).unwrap());
    let stored = serde_json::to_vec(&page).unwrap();
    c.bench_function("page/cold/read_and_validate", |b| {
        b.iter(|| {
            let file: PageFile = serde_json::from_slice(black_box(&stored)).unwrap();
            file.validate().unwrap()
        })
    });
    c.bench_function("page/cold/read_only", |b| {
        b.iter(|| serde_json::from_slice::<PageFile>(black_box(&stored)).unwrap())
    });
    let language = page.language;
    let faq = page.faq.clone().unwrap();
    c.bench_function("page/cold/compile_faq", |b| {
        b.iter(|| black_box(&faq).compile(language).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
