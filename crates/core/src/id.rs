//! Object IDs as SwarmKit prints them: 25 lower-case base-36 characters.
//!
//! SwarmKit (`identity/randomid.go § NewID`) draws 17 random bytes, sets the top bit, writes the
//! number in base 36 (27 digits) and keeps digits 2..=26. We do the same with bytes from the
//! seeded `Rng`, so IDs look real and are reproducible from the seed.

use std::fmt;

use crate::rng::Rng;

/// Length of a full ID.
pub const ID_LEN: usize = 25;
/// Length of an ID as tables print it (`stringid.TruncateID`).
pub const SHORT_ID_LEN: usize = 12;

const ENTROPY_BYTES: usize = 17;
/// 2^135 <= n < 2^136 takes 27 base-36 digits.
const BASE36_DIGITS: usize = 27;

/// A 25-character base-36 identifier, ordered as its text is.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ObjectId([u8; ID_LEN]);

impl Ord for ObjectId {
    /// Byte order, compared a machine word at a time: IDs are the keys of every index (often
    /// behind an equal service ID), so this runs on every lookup.
    fn cmp(&self, other: &ObjectId) -> std::cmp::Ordering {
        let word = |id: &ObjectId, at: usize| {
            u64::from_be_bytes(id.0[at..at + 8].try_into().expect("8 bytes"))
        };
        word(self, 0)
            .cmp(&word(other, 0))
            .then_with(|| word(self, 8).cmp(&word(other, 8)))
            .then_with(|| word(self, 16).cmp(&word(other, 16)))
            .then_with(|| self.0[24].cmp(&other.0[24]))
    }
}

impl PartialOrd for ObjectId {
    fn partial_cmp(&self, other: &ObjectId) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl ObjectId {
    /// Below every ID (a bound for range queries; never an object's ID).
    pub const MIN: ObjectId = ObjectId([0; ID_LEN]);
    /// Above every ID (a bound for range queries; never an object's ID).
    pub const MAX: ObjectId = ObjectId([u8::MAX; ID_LEN]);

    /// Draws a new ID from `rng`.
    pub fn generate(rng: &mut Rng) -> ObjectId {
        let mut number = [0u8; ENTROPY_BYTES];
        rng.fill_bytes(&mut number);
        number[0] |= 0x80;

        // Long division of the big-endian number by 36^6, six base-36 digits at a time, on
        // 32-bit limbs (the top limb holds the first byte).
        const CHUNK: u64 = 36u64.pow(6);
        let mut limbs = [u32::from(number[0]), 0, 0, 0, 0];
        for (limb, bytes) in limbs[1..].iter_mut().zip(number[1..].chunks_exact(4)) {
            *limb = u32::from_be_bytes(bytes.try_into().expect("4 bytes"));
        }
        let mut wide = [b'0'; 30];
        for chunk in wide.rchunks_exact_mut(6) {
            let mut remainder: u64 = 0;
            for limb in limbs.iter_mut() {
                let acc = (remainder << 32) | u64::from(*limb);
                *limb = (acc / CHUNK) as u32;
                remainder = acc % CHUNK;
            }
            for slot in chunk.iter_mut().rev() {
                *slot = b"0123456789abcdefghijklmnopqrstuvwxyz"[(remainder % 36) as usize];
                remainder /= 36;
            }
        }
        assert!(limbs.iter().all(|&l| l == 0), "17 bytes must fit in 30 base-36 digits");
        assert!(wide[..30 - BASE36_DIGITS].iter().all(|&d| d == b'0'), "2^136 < 36^27");
        let digits = &wide[30 - BASE36_DIGITS..];

        let mut id = [0u8; ID_LEN];
        id.copy_from_slice(&digits[1..=ID_LEN]);
        ObjectId(id)
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("-")
    }

    /// The 12-character form that tables print.
    pub fn short(&self) -> &str {
        &self.as_str()[..SHORT_ID_LEN]
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ObjectId({})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn ids_are_25_base36_chars_and_distinct() {
        let mut rng = Rng::new(42);
        let ids: Vec<ObjectId> = (0..200).map(|_| ObjectId::generate(&mut rng)).collect();
        for id in &ids {
            assert_eq!(id.as_str().len(), ID_LEN);
            assert!(id.as_str().bytes().all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()));
            assert_eq!(id.short().len(), SHORT_ID_LEN);
        }
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len());
    }

    #[test]
    fn order_is_the_order_of_the_text() {
        let mut rng = Rng::new(9);
        let mut ids: Vec<ObjectId> = (0..300).map(|_| ObjectId::generate(&mut rng)).collect();
        ids.push(ObjectId::MIN);
        ids.push(ObjectId::MAX);
        let mut by_id = ids.clone();
        by_id.sort();
        let mut by_bytes = ids;
        by_bytes.sort_by_key(|id| id.0);
        assert_eq!(by_id, by_bytes);
    }

    #[test]
    fn ids_follow_the_seed() {
        let a = ObjectId::generate(&mut Rng::new(1));
        let b = ObjectId::generate(&mut Rng::new(1));
        let c = ObjectId::generate(&mut Rng::new(2));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
