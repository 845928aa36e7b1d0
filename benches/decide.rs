//! The decision for one message on the example page: the pure core of the hot path.

#![allow(clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use frontdesk::domain::event::{Channel, Inbound, InboundKind};
use frontdesk::domain::locale::Locales;
use frontdesk::domain::page::PageFile;
use frontdesk::domain::policy::decide;

fn bench(c: &mut Criterion) {
    let page = PageFile::from_toml(include_str!("../responses/pages/example.toml"))
        .and_then(|f| f.validate())
        .expect("valid example page");
    let locales = Locales::bundled().expect("bundled locales");
    let event = |at| Inbound {
        trace: Default::default(),
        channel: Channel::Messenger,
        page_id: page.id.clone(),
        customer_id: "7034819265011234".into(),
        message_id: "m_1".into(),
        sent_at: at,
        verified_by_app: None,
        kind: InboundKind::Message {
            text: Some("Dobrý den, kdy mi přijde balík?".into()),
            attachments: vec![],
            quick_reply: None,
        },
    };
    let open = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let friday_night = Utc.with_ymd_and_hms(2026, 11, 27, 21, 0, 0).unwrap();
    let (in_hours, after_hours) = (event(open), event(friday_night));
    c.bench_function("decide/office_hours", |b| {
        b.iter(|| decide(&page, &locales, &in_hours, open, None))
    });
    c.bench_function("decide/after_hours", |b| {
        b.iter(|| decide(&page, &locales, &after_hours, friday_night, None))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
