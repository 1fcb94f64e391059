//! Reading what learners type: lines as pasted, the command table, pflag's flags, docker's
//! value parsers, and decimal numbers.

pub(crate) mod commands;
pub(crate) mod flags;
pub mod float;
pub mod line;
pub mod values;
