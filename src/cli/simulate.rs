//! `frontdesk simulate`: the decision frontdesk would take on a message, sending nothing.

use chrono::{DateTime, Utc};

use crate::domain::locale::Locales;
use crate::domain::page::PageFile;
use crate::settings::Settings;
use crate::simulate::simulate;

use super::admin::AdminCommand;

pub async fn run(
    settings: &Settings,
    page: &str,
    text: String,
    at: Option<chrono::DateTime<chrono::FixedOffset>>,
    channel: &str,
) -> anyhow::Result<()> {
    let at = super::instant(at);
    if page.ends_with(".toml") {
        let file = crate::pages::read_page_file(std::path::Path::new(page))?;
        return super::print(&decision(&file, text, at)?);
    }
    let command = AdminCommand::Simulate {
        page: page.to_owned(),
        channel: super::parse_channel(channel)?,
        text,
        at,
    };
    super::admin::run(settings, command).await
}

/// The decision on `text` written to the page `file` at `at`, as pretty JSON.
pub fn decision(file: &PageFile, text: String, at: DateTime<Utc>) -> anyhow::Result<String> {
    let page = file.validate()?;
    let decision = simulate(file, &page, &Locales::bundled()?, text, at, None);
    Ok(format!("{}\n", serde_json::to_string_pretty(&decision)?))
}
