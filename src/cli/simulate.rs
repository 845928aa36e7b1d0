//! `frontdesk simulate`: the decision frontdesk would take on a message, sending nothing.

use crate::domain::locale::Locales;
use crate::settings::Settings;
use crate::simulate::simulate;

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
    let decision = simulate(&file, &page, &Locales::bundled()?, text, at, None);
    println!("{}", serde_json::to_string_pretty(&decision)?);
    Ok(())
}
