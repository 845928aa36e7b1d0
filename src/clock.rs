//! The one place that reads the time. Tests set it; the domain only ever gets `now` passed in.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Default)]
pub enum Clock {
    #[default]
    System,
    /// A time that stands still until it is set, for tests.
    Fixed(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Clock::Fixed(Arc::new(Mutex::new(at)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(at) => *at.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Waits `duration`: really on the system clock; a fixed clock just moves forward, so
    /// tests see waits (such as a rate limit's) without waiting.
    pub async fn sleep(&self, duration: std::time::Duration) {
        match self {
            Clock::System => tokio::time::sleep(duration).await,
            Clock::Fixed(_) => {
                let step = chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::MAX);
                self.set(
                    self.now()
                        .checked_add_signed(step)
                        .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC),
                );
            }
        }
    }

    /// Moves a fixed clock; a system clock ignores it.
    pub fn set(&self, to: DateTime<Utc>) {
        if let Clock::Fixed(at) = self {
            *at.lock().unwrap_or_else(|p| p.into_inner()) = to;
        }
    }
}
