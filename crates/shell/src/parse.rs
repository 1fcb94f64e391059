//! Reading what learners type: lines as pasted, the command table, pflag's flags and docker's
//! value parsers.

pub(crate) mod commands;
pub(crate) mod flags;
pub mod line;
pub mod values;
