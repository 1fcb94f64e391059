//! Hooks: where the page meets the browser's clock.

mod use_animation_frame;

pub use use_animation_frame::use_animation_frame;
