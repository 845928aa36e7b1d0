//! The console's figures page for 92 days × 3 channels (`cargo bench --bench stats_page`):
//! figures seeded in an embedded store in a temporary folder, as a busy page would have them
//! (per day and channel: 150 messages, 12 FAQ entries, 40 first responses, 35 resolutions, 100
//! reply latencies). Measured: drawing the page from the figures (five SVG charts, their
//! tables, the totals: `StatsPage::new` + `render`), and the whole request's work (reading the
//! figures from the store, `stats::page_figures`, then the same).

#![allow(clippy::unwrap_used)]

use std::time::Duration;

use askama::Template;
use chrono::{Days, NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use frontdesk::access::Role;
use frontdesk::console::i18n::Lang;
use frontdesk::console::ops::stats::{StatsForm, StatsPage};
use frontdesk::console::session::Viewer;
use frontdesk::domain::event::Channel;
use frontdesk::domain::figures::{DayKey, Figure, Recorded};
use frontdesk::domain::page::PageFile;
use frontdesk::pages::PageDirectory;
use frontdesk::stats::{self, Asked};
use frontdesk::store::embedded::EmbeddedStore;
use frontdesk::store::{AnyStore, FigureStore};

const DAYS: u64 = 92;

/// One day's figures on one channel; `n` varies them from day to day.
fn day_figures(page: &str, channel: Channel, day: NaiveDate, n: u64) -> Vec<Recorded> {
    let key = DayKey {
        page_id: page.to_owned(),
        channel,
        day,
    };
    let mut figures = Vec::new();
    let vary = |i: u64| (i * 7919 + n * 104_729) % 1000;
    for i in 0..150 {
        figures.push(Figure::Received);
        match i % 5 {
            0 | 1 => figures.push(Figure::AnsweredByFaq {
                entry: format!("entry-{}", (i + n) % 12),
            }),
            2 => figures.push(Figure::Acknowledged),
            _ => figures.push(Figure::Escalated),
        }
    }
    for i in 0..40 {
        figures.push(Figure::FirstResponse {
            wall_ms: (60 + vary(i) as i64 * 20) * 1000,
            business_ms: (30 + vary(i) as i64 * 5) * 1000,
        });
    }
    for i in 0..35 {
        figures.push(Figure::Resolution {
            wall_ms: (600 + vary(i) as i64 * 90) * 1000,
            business_ms: (300 + vary(i) as i64 * 30) * 1000,
        });
    }
    for i in 0..100 {
        figures.push(Figure::AutoReplyLatency {
            ms: 300 + vary(i) as i64,
        });
    }
    figures
        .into_iter()
        .map(|figure| Recorded {
            key: key.clone(),
            figure,
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let _inside = runtime.enter();
    let folder = tempfile::tempdir().unwrap();
    let store = AnyStore::Embedded(
        EmbeddedStore::open(&folder.path().join("bench.redb"), Duration::from_secs(15)).unwrap(),
    );
    let pages = PageDirectory::new(store.clone(), Duration::from_secs(3600));
    let page = PageFile::from_toml(include_str!("../responses/pages/example.toml")).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let to = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let from = to.checked_sub_days(Days::new(DAYS - 1)).unwrap();
    runtime.block_on(async {
        pages.save(&page, "bench", now).await.unwrap();
        for (n, day) in from.iter_days().take(DAYS as usize).enumerate() {
            for channel in Channel::ALL {
                let figures = day_figures(&page.id, channel, day, n as u64);
                store.record_figures(&figures).await.unwrap();
            }
        }
    });
    let asked = Asked {
        from: Some(from),
        to: Some(to),
        channel: None,
        default_days: 30,
    };
    let read = || {
        runtime
            .block_on(stats::page_figures(&store, &pages, &page.id, &asked, now))
            .unwrap()
    };
    let figures = read();
    assert_eq!(figures.days.len(), 92 * 3);
    let viewer = Viewer {
        name: "Eva".into(),
        role: Role::Admin,
        lang: Lang::Cs,
        csrf: "csrf".into(),
    };
    let form = StatsForm {
        from: from.to_string(),
        to: to.to_string(),
        channel: String::new(),
    };
    let html = StatsPage::new(&viewer, &page, &form, Ok(&figures))
        .render()
        .unwrap();
    println!("the page: {} KiB", html.len() / 1024);

    let mut group = c.benchmark_group("stats_page");
    group.sample_size(30);
    group.bench_function("render_92_days_3_channels", |b| {
        b.iter(|| {
            StatsPage::new(&viewer, &page, &form, Ok(&figures))
                .render()
                .unwrap()
        })
    });
    group.bench_function("read_and_render_92_days_3_channels", |b| {
        b.iter(|| {
            let figures = read();
            StatsPage::new(&viewer, &page, &form, Ok(&figures))
                .render()
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
