//! `FigureStore` on redb: the day's figures, one JSON record per page, channel and day.

use chrono::NaiveDate;
use redb::ReadableDatabase;

use super::{EmbeddedStore, FIGURES, add_figures};
use crate::domain::event::Channel;
use crate::domain::figures::{DayFigures, DayKey, Recorded};
use crate::store::figures::days;
use crate::store::{FigureStore, Result, from_json};

impl FigureStore for EmbeddedStore {
    async fn record_figures(&self, figures: &[Recorded]) -> Result<()> {
        let figures = figures.to_vec();
        self.blocking(move |db| {
            let txn = db.begin_write()?;
            add_figures(&txn, &figures)?;
            Ok(txn.commit()?)
        })
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
                        found.push((key, from_json(&day_text, json.value())?));
                    }
                }
            }
            Ok(found)
        })
        .await
    }
}
