//! The banner a panic leaves: a readable message and a reload button instead of a dead page.
//!
//! After a panic the wasm module is gone (the release build aborts), so the banner is plain
//! DOM written from the panic hook, and its button reloads the page with a line of inline
//! script rather than a wasm callback. The message goes in as text, never as HTML.

use std::panic::PanicHookInfo;

/// Installs the hook: every panic shows the banner (and still reaches the console).
pub fn install() {
    std::panic::set_hook(Box::new(|info: &PanicHookInfo<'_>| {
        let message = info.to_string();
        web_sys::console::error_1(&message.clone().into());
        show(&message);
    }));
}

/// Puts the banner at the top of the page (once); with no page (Node), the console has it.
pub fn show(message: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.query_selector("[data-testid=\"panic\"]").ok().flatten().is_some() {
        return;
    }
    let Some(body) = document.body() else { return };
    let build = || -> Result<web_sys::Element, wasm_bindgen::JsValue> {
        let banner = document.create_element("div")?;
        banner.set_attribute("class", "panic-banner")?;
        banner.set_attribute("role", "alert")?;
        banner.set_attribute("data-testid", "panic")?;
        let text = document.create_element("p")?;
        text.set_text_content(Some(
            "The playground stopped: it met a bug it could not recover from. Reloading starts \
             a fresh swarm. If you can, report what you did and this message:",
        ));
        let detail = document.create_element("pre")?;
        detail.set_text_content(Some(message));
        let reload = document.create_element("button")?;
        reload.set_attribute("type", "button")?;
        reload.set_attribute("onclick", "location.reload()")?;
        reload.set_text_content(Some("Reload"));
        banner.append_child(&text)?;
        banner.append_child(&detail)?;
        banner.append_child(&reload)?;
        Ok(banner)
    };
    if let Ok(banner) = build() {
        let _ = body.insert_before(&banner, body.first_child().as_ref());
    }
}
