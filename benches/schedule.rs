//! `is_open` and `next_open` on the example page, which has Czech holidays, its own holiday
//! and special days (Christmas Eve hours, the inventory closure over the year end).

#![allow(clippy::unwrap_used)]

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use frontdesk::domain::page::PageFile;
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let page = PageFile::from_toml(include_str!("../responses/pages/example.toml"))
        .and_then(|f| f.validate())
        .expect("valid example page");
    let schedule = &page.schedule;
    let tuesday_morning = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
    let friday_night = Utc.with_ymd_and_hms(2026, 11, 27, 21, 0, 0).unwrap();
    let christmas_eve_afternoon = Utc.with_ymd_and_hms(2026, 12, 24, 12, 0, 0).unwrap();
    // Warm the holiday years, as a running service has.
    schedule.next_open(christmas_eve_afternoon);

    c.bench_function("schedule/is_open/office_hours", |b| {
        b.iter(|| schedule.is_open(black_box(tuesday_morning)))
    });
    c.bench_function("schedule/is_open/night", |b| {
        b.iter(|| schedule.is_open(black_box(friday_night)))
    });
    c.bench_function("schedule/next_open/weekend", |b| {
        b.iter(|| schedule.next_open(black_box(friday_night)))
    });
    c.bench_function("schedule/next_open/over_christmas_and_inventory", |b| {
        b.iter(|| schedule.next_open(black_box(christmas_eve_afternoon)))
    });
    c.bench_function("schedule/next_close/office_hours", |b| {
        b.iter(|| schedule.next_close(black_box(tuesday_morning)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
