//! Hooks: where the page meets the browser's clock, and the form fields it fills in.

mod use_animation_frame;
mod use_field_values;
mod use_value;

pub use use_animation_frame::use_animation_frame;
pub use use_field_values::{use_field_values, use_input_value};
pub use use_value::{ValueHandle, use_value};
