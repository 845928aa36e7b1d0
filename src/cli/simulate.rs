//! `frontdesk simulate`: the decision frontdesk would take on a message, sending nothing.

use crate::domain::locale::Locales;
use crate::domain::policy::decide;
use crate::settings::Settings;

pub async fn run(
    settings: &Settings,
    page: &str,
    text: String,
    at: Option<chrono::DateTime<chrono::FixedOffset>>,
    channel: &str,
) -> anyhow::Result<()> {
    let at = super::instant(at);
    let file = super::load_page_file(settings, page, channel).await?;
    let page = file.validate()?;
    let event = crate::http::admin::simulated_event(&file, text, at);
    let decision = decide(&page, &Locales::bundled()?, &event, at, None);
    println!("{}", serde_json::to_string_pretty(&decision)?);
    Ok(())
}
