//! Components: function components that render view models and emit `PageAction`s.

pub mod board;
pub mod controls;
pub mod event_log;
pub mod lesson_panel;
pub mod node_card;
pub mod nodes_panel;
pub mod plots;
pub mod service_panel;
pub mod task_chip;
pub mod terminal;
pub mod timeline;
