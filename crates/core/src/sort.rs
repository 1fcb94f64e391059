//! Stable sorting through one shared, small sort, for the size of the page's wasm.
//!
//! Every `slice::sort_by` call with a comparator of its own is a separate copy of the standard
//! library's driftsort in the binary, about 4 KB of wasm each, and `BTreeMap`'s `collect` is one
//! more per key type; the workspace had 35 of them.
//! These functions sort positions instead, with one merge sort of our own through a comparator
//! behind `&mut dyn`, so the sort exists once; what a call site adds is its comparator and a
//! loop of swaps.
//! The result is exactly the standard library's: the sort is stable, equal elements keep their
//! order (so an unstable sort whose order is total gives the same result too).
//! The price is a few allocations of a `usize` or two per element and a dynamic call per
//! comparison; the scheduler's `select_nth_unstable` keeps the standard library's.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, as `items.sort_by(compare)` would.
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let swaps = {
        let items: &[T] = items;
        swaps_to_sort(items.len(), &mut |a, b| compare(&items[a], &items[b]))
    };
    apply_swaps(swaps, &mut |a, b| items.swap(a, b));
}

/// Sorts `items` stably by the key `key` gives, as `items.sort_by_key(key)` would.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably by the key `key` gives, calling it once per element, as
/// `items.sort_by_cached_key(key)` would.
pub fn sort_by_cached_key<T, K: Ord>(items: &mut [T], key: impl FnMut(&T) -> K) {
    if items.len() < 2 {
        return;
    }
    let keys: Vec<K> = items.iter().map(key).collect();
    let swaps = swaps_to_sort(keys.len(), &mut |a, b| keys[a].cmp(&keys[b]));
    apply_swaps(swaps, &mut |a, b| items.swap(a, b));
}

/// Sorts `items` in their natural order, as `items.sort()` would.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Collects `entries` into a map, as `collect::<BTreeMap<_, _>>()` would (a later entry with an
/// equal key replaces an earlier one), without the standard library's sort of the entries.
pub fn collect_map<K: Ord, V>(
    entries: impl IntoIterator<Item = (K, V)>,
) -> std::collections::BTreeMap<K, V> {
    let mut map = std::collections::BTreeMap::new();
    for (key, value) in entries {
        map.insert(key, value);
    }
    map
}

/// Makes `swaps` in turn through `swap`: the loop is compiled once, not at every call site of
/// the sorts, where only the closure that swaps two elements of its type is left.
#[inline(never)]
fn apply_swaps(swaps: Vec<(usize, usize)>, swap: &mut dyn FnMut(usize, usize)) {
    for (a, b) in swaps {
        swap(a, b);
    }
}

/// The swaps that put `0..len` in the order `compare` (on positions) gives, stably.
fn swaps_to_sort(
    len: usize,
    compare: &mut dyn FnMut(usize, usize) -> Ordering,
) -> Vec<(usize, usize)> {
    let mut order = merge_sort(len, compare);
    // Position `at` is to receive what is now at `order[at]`: follow each cycle of the
    // permutation, swapping each element into place.
    const DONE: usize = usize::MAX;
    let mut swaps = Vec::new();
    for start in 0..len {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            swaps.push((at, from));
            at = from;
        }
    }
    swaps
}

/// `0..len` sorted stably by `compare`: a bottom-up merge sort (a few hundred bytes of wasm,
/// where the standard library's sort is several KB), which merges two runs only when they are
/// out of order, so sorted input costs one comparison per element.
fn merge_sort(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut merged = order.clone();
    let mut width = 1;
    while width < len {
        for start in (0..len).step_by(2 * width) {
            let middle = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, middle);
            if middle == end || compare(order[middle - 1], order[middle]) != Ordering::Greater {
                merged[start..end].copy_from_slice(&order[start..end]);
                continue;
            }
            for slot in &mut merged[start..end] {
                // The left run's element goes first unless the right one's is strictly less.
                let take_left = right == end
                    || left < middle && compare(order[left], order[right]) != Ordering::Greater;
                if take_left {
                    *slot = order[left];
                    left += 1;
                } else {
                    *slot = order[right];
                    right += 1;
                }
            }
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use crate::rng::Rng;

    #[test]
    fn sorts_as_the_standard_library_does_stably() {
        let mut rng = Rng::new(7);
        for len in [0usize, 1, 2, 3, 7, 20, 21, 64, 500, 1025] {
            let items: Vec<(u64, usize)> =
                (0..len).map(|i| (rng.next_u64() % (len as u64 / 3 + 1), i)).collect();
            let mut ours = items.clone();
            let mut std = items.clone();
            sort_by_key(&mut ours, |&(key, _)| key);
            std.sort_by_key(|&(key, _)| key);
            assert_eq!(ours, std, "len {len}");
            let mut ours = items.clone();
            let mut std = items.clone();
            // A comparator that is not a key: descending, by hand.
            let descending = |a: &(u64, usize), b: &(u64, usize)| match a.0.cmp(&b.0) {
                Ordering::Less => Ordering::Greater,
                Ordering::Equal => Ordering::Equal,
                Ordering::Greater => Ordering::Less,
            };
            sort_by(&mut ours, descending);
            std.sort_by(descending);
            assert_eq!(ours, std, "len {len}, reversed");
            let mut ours = items.clone();
            let mut std = items;
            sort_by_cached_key(&mut ours, |&(key, _)| key % 5);
            std.sort_by_cached_key(|&(key, _)| key % 5);
            assert_eq!(ours, std, "len {len}, cached");
        }
    }

    #[test]
    fn runs_already_in_order() {
        for items in [(0..100).collect::<Vec<u32>>(), (0..100).rev().collect(), vec![7; 100]] {
            let mut ours = items.clone();
            let mut std = items;
            sort(&mut ours);
            std.sort();
            assert_eq!(ours, std);
        }
    }

    #[test]
    fn natural_order_of_strings() {
        let mut names = vec!["web.10", "web.2", "api.1", "web.2", "db"];
        sort(&mut names);
        assert_eq!(names, ["api.1", "db", "web.10", "web.2", "web.2"]);
    }

    #[test]
    fn later_entries_win_as_in_collect() {
        let entries = [(2, "b"), (1, "a"), (2, "c")];
        let ours = collect_map(entries);
        let std: std::collections::BTreeMap<_, _> = entries.into_iter().collect();
        assert_eq!(ours, std);
        assert_eq!(ours[&2], "c");
    }
}
