//! `KeyValues`: string keys to string values, sorted by key: labels and log driver options.
//!
//! These maps hold a handful of entries, so a sorted vector looks up as fast as a `BTreeMap`
//! would; it is here for the page's size: `BTreeMap<String, String>` was a copy of the B-tree's
//! code of its own (about 9 KB of wasm), a vector of pairs is a few small functions.
//! The methods are `BTreeMap`'s, with the same results: iteration in key order, a key at most
//! once, a later insert replacing the value.

use std::fmt;
use std::ops::Index;

/// String keys to string values, in key order.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct KeyValues {
    /// Sorted by key, each key once.
    entries: Vec<(String, String)>,
}

/// What `KeyValues::iter` walks: each entry as a pair of references, in key order.
pub type Iter<'a> = std::iter::Map<
    std::slice::Iter<'a, (String, String)>,
    fn(&(String, String)) -> (&String, &String),
>;

impl KeyValues {
    /// No entries.
    pub const fn new() -> KeyValues {
        KeyValues { entries: Vec::new() }
    }

    /// Where `key` is, or where it would go.
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&String> {
        self.find(key).ok().map(|at| &self.entries[at].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`, returning the value it replaced.
    pub fn insert(&mut self, key: String, value: String) -> Option<String> {
        match self.find(&key) {
            Ok(at) => Some(std::mem::replace(&mut self.entries[at].1, value)),
            Err(at) => {
                self.entries.insert(at, (key, value));
                None
            }
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<String> {
        self.find(key).ok().map(|at| self.entries.remove(at).1)
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<'a> IntoIterator for &'a KeyValues {
    type Item = (&'a String, &'a String);
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl Extend<(String, String)> for KeyValues {
    /// Inserts each entry in turn, so a later one for a key wins, as in a `BTreeMap`.
    fn extend<I: IntoIterator<Item = (String, String)>>(&mut self, entries: I) {
        for (key, value) in entries {
            self.insert(key, value);
        }
    }
}

impl FromIterator<(String, String)> for KeyValues {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(entries: I) -> KeyValues {
        let mut map = KeyValues::new();
        map.extend(entries);
        map
    }
}

impl<const N: usize> From<[(String, String); N]> for KeyValues {
    fn from(entries: [(String, String); N]) -> KeyValues {
        entries.into_iter().collect()
    }
}

impl Index<&str> for KeyValues {
    type Output = String;

    /// The value of `key`; panics without one, as `BTreeMap`'s index does.
    fn index(&self, key: &str) -> &String {
        self.get(key).expect("no entry found for key")
    }
}

impl fmt::Debug for KeyValues {
    /// `{"zone": "a"}`, as a `BTreeMap` prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_as_a_btree_map_of_strings() {
        let steps: &[(&str, Option<&str>)] = &[
            ("zone", Some("a")),
            ("ssd", Some("true")),
            ("zone", Some("b")),
            ("rack", Some("1")),
            ("ssd", None),
            ("absent", None),
            ("a", Some("")),
            ("zone", None),
            ("zone", Some("c")),
        ];
        let mut ours = KeyValues::new();
        let mut std = BTreeMap::new();
        for &(key, value) in steps {
            match value {
                Some(value) => assert_eq!(
                    ours.insert(key.into(), value.into()),
                    std.insert(key.to_string(), value.to_string())
                ),
                None => assert_eq!(ours.remove(key), std.remove(key)),
            }
            assert!(ours.iter().eq(std.iter()));
            assert_eq!(ours.len(), std.len());
            assert_eq!(ours.is_empty(), std.is_empty());
            assert_eq!(format!("{ours:?}"), format!("{std:?}"));
            for probe in ["zone", "ssd", "rack", "a", "absent"] {
                assert_eq!(ours.get(probe), std.get(probe));
                assert_eq!(ours.contains_key(probe), std.contains_key(probe));
            }
        }
        assert_eq!(ours["zone"], "c");
        let pairs =
            [("b", "1"), ("a", "2"), ("b", "3")].map(|(k, v)| (k.to_string(), v.to_string()));
        let collected: KeyValues = pairs.iter().cloned().collect();
        let std: BTreeMap<String, String> = pairs.into_iter().collect();
        assert!(collected.iter().eq(std.iter()));
    }
}
