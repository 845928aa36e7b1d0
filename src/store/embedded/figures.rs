//! `FigureStore` on redb: the day's counters, one JSON record per page, channel and day, and
//! its samples, one row each.

use chrono::NaiveDate;
use redb::ReadableDatabase;

use super::{EmbeddedStore, FIGURE_SAMPLES, FIGURES, add_figures, day_samples};
use crate::domain::event::Channel;
use crate::domain::figures::{DayFigures, DayKey, Recorded};
use crate::store::figures::days;
use crate::store::{FigureStore, Result, from_json};

impl FigureStore for EmbeddedStore {
    async fn record_figures(&self, figures: &[Recorded]) -> Result<()> {
        let figures = figures.to_vec();
        self.writer
            .write(move |txn| add_figures(txn, &figures))
            .await
    }

    async fn figures(
        &self,
        page_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(DayKey, DayFigures)>> {
        let page_id = page_id.to_owned();
        self.blocking(move |db| {
            let txn = db.begin_read()?;
            let table = txn.open_table(FIGURES)?;
            let samples = txn.open_table(FIGURE_SAMPLES)?;
            let mut found = Vec::new();
            for channel in Channel::ALL {
                for day in days(from, to) {
                    let key = DayKey {
                        page_id: page_id.clone(),
                        channel,
                        day,
                    };
                    let day_text = day.to_string();
                    let slot = (page_id.as_str(), channel.as_str(), day_text.as_str());
                    if let Some(json) = table.get(slot)? {
                        let mut figures: DayFigures = from_json(&day_text, json.value())?;
                        for (series, values) in day_samples(&samples, slot)? {
                            figures.samples.entry(series).or_default().extend(values);
                        }
                        found.push((key, figures));
                    }
                }
            }
            Ok(found)
        })
        .await
    }
}
