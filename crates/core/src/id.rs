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

/// A 25-character base-36 identifier.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectId([u8; ID_LEN]);

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

        // Long division of the big-endian number by 36, least significant digit first.
        let mut digits = [b'0'; BASE36_DIGITS];
        for slot in digits.iter_mut().rev() {
            let mut remainder: u32 = 0;
            for byte in number.iter_mut() {
                let acc = (remainder << 8) | u32::from(*byte);
                *byte = (acc / 36) as u8;
                remainder = acc % 36;
            }
            *slot = b"0123456789abcdefghijklmnopqrstuvwxyz"[remainder as usize];
        }
        assert!(number.iter().all(|&b| b == 0), "17 bytes must fit in 27 base-36 digits");

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
    fn ids_follow_the_seed() {
        let a = ObjectId::generate(&mut Rng::new(1));
        let b = ObjectId::generate(&mut Rng::new(1));
        let c = ObjectId::generate(&mut Rng::new(2));
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
