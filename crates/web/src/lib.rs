//! The Swarm Playground page (placeholder while the app is written).
use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[function_component]
fn App() -> Html {
    html! { <main><h1>{ "Swarm Playground" }</h1></main> }
}

/// Entry point: renders the app into `<body>` when the module loads.
#[wasm_bindgen(start)]
pub fn start() {
    yew::Renderer::<App>::new().render();
}
