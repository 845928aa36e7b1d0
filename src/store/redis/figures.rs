//! `FigureStore` on Redis: the day's counters (`HINCRBY`) and samples (capped lists).

use chrono::NaiveDate;
use redis::Value;

use super::{Batches, RedisStore};
use crate::domain::event::Channel;
use crate::domain::figures::{DayFigures, DayKey, Recorded, SERIES};
use crate::store::figures::days;
use crate::store::{FigureStore, Result};

impl FigureStore for RedisStore {
    async fn record_figures(&self, figures: &[Recorded]) -> Result<()> {
        // Figures of one page share its slot: one transaction per page.
        let mut batches = Batches::new(&self.layout);
        for recorded in figures {
            let pipe = batches.on(&self.figures_key(&recorded.key));
            self.add_figures(pipe, std::slice::from_ref(recorded));
        }
        batches.run(&self.conn).await
    }

    async fn figures(
        &self,
        page_id: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(DayKey, DayFigures)>> {
        let keys: Vec<DayKey> = Channel::ALL
            .into_iter()
            .flat_map(|channel| {
                days(from, to).map(move |day| DayKey {
                    page_id: page_id.to_owned(),
                    channel,
                    day,
                })
            })
            .collect();
        let mut pipe = redis::pipe();
        for key in &keys {
            let counters = self.figures_key(key);
            pipe.hgetall(&counters);
            for series in SERIES {
                pipe.lrange(format!("{counters}:{series}"), 0, -1);
            }
        }
        let mut answers: std::vec::IntoIter<Value> = pipe
            .query_async::<Vec<Value>>(&mut self.conn.clone())
            .await?
            .into_iter();
        let mut found = Vec::new();
        for key in keys {
            let mut day = DayFigures::default();
            if let Some(counters) = answers.next() {
                day.counters =
                    redis::from_redis_value(counters).map_err(redis::RedisError::from)?;
            }
            for series in SERIES {
                if let Some(samples) = answers.next() {
                    let samples: Vec<i64> =
                        redis::from_redis_value(samples).map_err(redis::RedisError::from)?;
                    if !samples.is_empty() {
                        day.samples.insert(series.to_owned(), samples);
                    }
                }
            }
            if !day.is_empty() {
                found.push((key, day));
            }
        }
        Ok(found)
    }
}
