//! Docker's output formats, byte for byte: tables, durations, templates, inspect documents,
//! logs and the progress display.

pub(crate) mod duration;
pub(crate) mod inspect;
pub(crate) mod logs;
pub mod node_ls;
pub(crate) mod progress;
pub mod service_ls;
pub mod service_ps;
pub(crate) mod table;
pub(crate) mod template;
