//! `Entry::or_default` for the maps whose values are boxed, its insertion compiled once for
//! all of them.
//!
//! The maps keyed by ID hold their values in boxes so that their B-tree code is one copy for
//! every value type (see BENCHMARKS.md). `entry(key).or_default()` undid part of that: its
//! insertion of a vacant entry was inlined with the value's `Default` into a copy per value
//! type, about 1.2 KB of wasm each. Here the insertion is a function of its own, the same
//! machine code for every boxed value, which the compiler merges into one.

use std::collections::BTreeMap;
use std::collections::btree_map::{Entry, VacantEntry};

/// The value under `key`, inserting its default first if there is none, as
/// `map.entry(key).or_default()` does.
pub(crate) fn or_default<K: Ord, V: Default>(map: &mut BTreeMap<K, Box<V>>, key: K) -> &mut V {
    match map.entry(key) {
        Entry::Occupied(entry) => entry.into_mut().as_mut(),
        Entry::Vacant(entry) => insert(entry, Box::default()).as_mut(),
    }
}

/// `entry.insert(value)`, never inlined: for a boxed value the same code whatever it boxes.
#[inline(never)]
fn insert<K: Ord, V>(entry: VacantEntry<'_, K, V>, value: V) -> &mut V {
    entry.insert(value)
}
