//! Shared harness for the cross-crate tests (placeholder).
