//! Integration tests: the application on a random port, on real Redis (and the embedded
//! store where a test says so), with the Graph API stubbed by wiremock; the console's tests
//! also drive a headless Chromium (`browser.rs`).

#![allow(clippy::unwrap_used)]

mod admin;
mod admin_cli;
mod browser;
mod browser_smoke;
mod cluster;
mod console;
mod console_admin;
mod console_browser;
mod console_faq;
mod console_faq_browser;
mod console_settings;
mod console_settings_browser;
mod conversation_promises;
mod delivery;
mod end_to_end;
mod faq;
mod hardening;
mod helpers;
mod instagram;
mod lifecycle;
mod live;
mod many_pages;
mod openapi;
mod operations;
mod operations_process;
mod privacy;
mod process;
mod queue_api;
mod restart;
mod secrets;
mod staff;
mod stats;
mod store_contract;
mod store_leases;
mod tokens_api;
mod webhooks;
mod x;
mod x_activity;
