//! The names of the page's regions when several playgrounds share a page.
//!
//! A page's playground names its panels' regions by their headings (`Services`, `Nodes`, …).
//! Two embeds on one page would give a screen reader two regions of each name, so an embed
//! (a playground with an `Instance` name) names them after itself too:
//! `Services (swarm tour)`.

use yew::prelude::*;

/// The playground's name among others on its page; `None` for the page's own playground.
/// The app hands it to each panel as a prop (a context would be a component of its own,
/// with its lifecycle code in the wasm).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Instance(pub Option<AttrValue>);

/// A region's labelling: `aria-labelledby` its heading on the page's own playground, or an
/// `aria-label` naming the embed as well.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionLabel {
    pub labelledby: Option<AttrValue>,
    pub label: Option<AttrValue>,
}

/// The labelling of a region whose heading has id `heading_id` and text `heading`.
pub fn region_label(instance: &Instance, heading_id: &'static str, heading: &str) -> RegionLabel {
    match &instance.0 {
        None => RegionLabel { labelledby: Some(heading_id.into()), label: None },
        Some(name) => {
            RegionLabel { labelledby: None, label: Some(format!("{heading} ({name})").into()) }
        }
    }
}

/// A region named by `aria-label` alone (`terminal`, `timeline`): the embed's name added.
pub fn region_name(instance: &Instance, name: &'static str) -> AttrValue {
    match &instance.0 {
        None => name.into(),
        Some(instance) => format!("{name} ({instance})").into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeds_name_their_regions_after_themselves() {
        let page = region_label(&Instance(None), "services-title", "Services");
        assert_eq!(page.labelledby.as_deref(), Some("services-title"));
        assert_eq!(page.label, None);
        let embed =
            region_label(&Instance(Some("swarm tour".into())), "services-title", "Services");
        assert_eq!(embed.labelledby, None);
        assert_eq!(embed.label.as_deref(), Some("Services (swarm tour)"));
    }
}
