//! frontdesk answers a business's Messenger messages when nobody from the team can, and hands
//! everything that needs a person to a human queue. See ARCHITECTURE.md for the map.

pub mod access;
pub mod background;
pub mod channels;
pub mod cli;
pub mod clock;
pub mod console;
pub mod crisis;
pub mod domain;
pub mod faq_editor;
pub mod faq_entries;
pub mod faq_eval;
pub mod faq_gate;
pub mod faq_learning;
pub mod http;
pub mod live;
pub mod metrics;
pub mod pages;
pub mod privacy;
pub mod queue;
pub mod secrets;
pub mod settings;
pub mod simulate;
pub mod startup;
pub mod stats;
pub mod store;
pub mod telemetry;
pub mod tokens;
pub mod x_account;
