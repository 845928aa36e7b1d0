//! The pure core of frontdesk: what an inbound event is, how a page is configured, when its
//! team works, what a reply says and what to do with each message.
//!
//! Nothing in here does I/O or reads the clock: `now` is always a parameter. That keeps the
//! rules testable as tables of cases and measurable in benches.

pub mod conversation;
pub mod decision;
pub mod event;
pub mod faq;
pub mod figures;
pub mod holidays;
pub mod limits;
pub mod linking;
pub mod locale;
pub mod page;
pub mod policy;
pub mod schedule;
pub mod window;
