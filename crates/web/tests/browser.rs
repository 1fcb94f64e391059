//! The app rendered in a real browser (headless Chromium through wasm-bindgen-test-runner).
//!
//! Waits only on the page's own animation frames, never on a timer: each frame advances the
//! simulation by at most a frame's worth of time, so these checks are about rendering and
//! wiring; the orchestration itself is tested natively and in the story goldens.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Resolves on the next animation frame.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        gloo::utils::window().request_animation_frame(&resolve).expect("requestAnimationFrame");
    });
    JsFuture::from(promise).await.expect("frame promise");
}

fn count(root: &web_sys::Element, selector: &str) -> u32 {
    root.query_selector_all(selector).expect("valid selector").length()
}

/// The default playground mounted as the page mounts it, through the embedding API, straight
/// into a fresh element; the handle keeps it alive.
fn mount() -> (web_sys::Element, swarm_web::embed::Playground) {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("div");
    document.body().expect("body").append_child(&root).expect("append");
    let notify = js_sys::Function::new_no_args("");
    let playground = swarm_web::embed::Playground::mount(root.clone(), "{}", notify)
        .unwrap_or_else(|_| panic!("the default playground mounts"));
    (root, playground)
}

#[wasm_bindgen_test]
async fn renders_three_nodes_and_four_tasks_of_web() {
    let (root, _playground) = mount();
    for _ in 0..3 {
        next_frame().await;
    }
    assert_eq!(count(&root, ".node-card"), 3);
    for host in ["manager1", "worker1", "worker2"] {
        assert_eq!(count(&root, &format!(".node-card[data-node=\"{host}\"]")), 1, "{host}");
    }
    assert_eq!(count(&root, "[data-service=\"web\"]"), 1);
    assert_eq!(count(&root, ".task-chip[data-task^=\"web.\"]"), 4);
    assert_eq!(count(&root, ".node-card[data-node=\"manager1\"] .badge.role"), 1);
    let terminal = root.query_selector("[data-testid=\"terminal\"]").unwrap().expect("terminal");
    let text = terminal.text_content().unwrap_or_default();
    // The page opens with the tutorials' first command, its progress display running.
    assert!(text.contains("docker service create --name web --replicas 4 nginx:latest"), "{text}");
    assert!(text.contains("overall progress:"), "{text}");
    let prompt = root.query_selector("[data-testid=\"prompt\"]").unwrap().expect("prompt");
    assert_eq!(prompt.text_content().as_deref(), Some("manager1:~$ "));
}

#[wasm_bindgen_test]
async fn play_pause_toggles_and_freezes_the_clock() {
    let (root, _playground) = mount();
    next_frame().await;
    let button: web_sys::HtmlElement = root
        .query_selector("[data-testid=\"play-pause\"]")
        .unwrap()
        .expect("play/pause button")
        .dyn_into()
        .unwrap();
    assert_eq!(button.text_content().as_deref(), Some("Pause"));
    button.click();
    next_frame().await;
    next_frame().await;
    assert_eq!(button.text_content().as_deref(), Some("Play"));
    assert_eq!(button.get_attribute("aria-pressed").as_deref(), Some("true"));

    let clock = root.query_selector("[data-testid=\"sim-clock\"]").unwrap().expect("clock");
    let frozen = clock.get_attribute("data-sim-ms");
    for _ in 0..5 {
        next_frame().await;
    }
    assert_eq!(clock.get_attribute("data-sim-ms"), frozen, "a paused clock stands still");

    button.click();
    next_frame().await;
    assert_eq!(button.text_content().as_deref(), Some("Pause"));
}
