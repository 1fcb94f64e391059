//! Decimal text to `f64` exactly as `str::parse::<f64>` reads it (the same grammar, the same
//! correctly rounded value), without the standard library's tables.
//!
//! The standard library's parser carries a table of 128-bit powers of five and the code around
//! it, 15 KB of the page's gzipped wasm. Floats are parsed only for a few flags
//! (`--update-max-failure-ratio`, sizes such as `1.5g`) and, in the page, its speed and timeline,
//! so speed does not matter: this parser computes with big integers, exactly, and rounds once, to
//! nearest with ties to even. Past 800 significant digits the rest only counts as "something
//! more", which cannot change the rounding: a value halfway between two `f64`s has at most 767
//! significant digits.

/// `text` as `str::parse::<f64>` reads it: an optional sign, then `inf`, `infinity` or `nan` (in
/// any case), or digits with an optional `.` and an optional exponent (`e` or `E`, an optional
/// sign, digits); `None` where that returns an error.
pub fn parse_f64(text: &str) -> Option<f64> {
    let (negative, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let magnitude = if body.eq_ignore_ascii_case("inf") || body.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if body.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        let (digits, exponent) = decimal(body)?;
        from_decimal(&digits, exponent)
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// Significant digits kept exactly; those after them only say whether anything follows.
const DIGITS_MAX: usize = 800;

/// `digits[.digits][(e|E)[sign]digits]` with a digit before the exponent, as the significant
/// digits (values 0–9, no leading zeros, at most `DIGITS_MAX + 1`) and the power of ten they
/// are multiplied by.
fn decimal(text: &str) -> Option<(Vec<u8>, i64)> {
    let bytes = text.as_bytes();
    let mantissa_len = bytes.iter().position(|&b| b == b'e' || b == b'E').unwrap_or(bytes.len());
    let (mantissa, exponent_part) = bytes.split_at(mantissa_len);
    let (whole, fraction) = match mantissa.iter().position(|&b| b == b'.') {
        Some(dot) => (&mantissa[..dot], &mantissa[dot + 1..]),
        None => (mantissa, &[][..]),
    };
    let all_digits = |part: &[u8]| part.iter().all(u8::is_ascii_digit);
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let mut exponent = match exponent_part.split_first() {
        None => 0,
        Some((_, rest)) => {
            let (negative, digits) = match rest.split_first() {
                Some((b'-', digits)) => (true, digits),
                Some((b'+', digits)) => (false, digits),
                _ => (false, rest),
            };
            if digits.is_empty() || !all_digits(digits) {
                return None;
            }
            // Saturated far beyond any exponent that still gives a finite, non-zero value.
            let value =
                digits.iter().fold(0i64, |v, &d| (v * 10 + i64::from(d - b'0')).min(1 << 40));
            if negative { -value } else { value }
        }
    };
    exponent -= fraction.len() as i64;
    let mut significant = whole.iter().chain(fraction).map(|&b| b - b'0').skip_while(|&d| d == 0);
    let mut digits: Vec<u8> = significant.by_ref().take(DIGITS_MAX).collect();
    let mut dropped = 0i64;
    let mut more = false;
    for digit in significant {
        dropped += 1;
        more |= digit != 0;
    }
    exponent += dropped;
    if more {
        // Something between this digit string and the next: a digit 1 after the kept ones is
        // on the same side of every halfway value.
        digits.push(1);
        exponent -= 1;
    }
    Some((digits, exponent))
}

/// The `f64` nearest to `digits × 10^exponent` (ties to even).
fn from_decimal(digits: &[u8], exponent: i64) -> f64 {
    let Some(order) = (digits.len() as i64).checked_add(exponent) else { return 0.0 };
    if digits.is_empty() || order < -330 {
        // Below 10^-330, under half the smallest subnormal.
        return 0.0;
    }
    if order > 311 {
        // At least 10^310, past f64::MAX.
        return f64::INFINITY;
    }
    let mut number = Big::default();
    for &digit in digits {
        number.mul_add(10, u32::from(digit));
    }
    if exponent >= 0 {
        for _ in 0..exponent {
            number.mul_add(10, 0);
        }
        return round(&number, 0, false);
    }
    let mut divisor = Big::from(1);
    for _ in 0..-exponent {
        divisor.mul_add(10, 0);
    }
    // Enough quotient bits to round with: at least 66.
    let shift = (divisor.bits() + 66).saturating_sub(number.bits());
    let (quotient, remainder_nonzero) = number.shl(shift).div_rem(&divisor);
    round(&quotient, -(shift as i64), remainder_nonzero)
}

/// The `f64` nearest to `(number + ε) × 2^exponent`, where ε is in (0, 1) if `more`, else 0.
fn round(number: &Big, exponent: i64, more: bool) -> f64 {
    let bits = number.bits() as i64;
    if bits == 0 {
        return 0.0;
    }
    let top = bits - 1 + exponent;
    if top > 1023 {
        return f64::INFINITY;
    }
    // Bits of `number` below the last one the result keeps: 53 bits for a normal result, down
    // to 2^-1074 for a subnormal one.
    let dropped = if top >= -1022 { bits - 53 } else { -1074 - exponent };
    let (mut kept, mut scale) = if dropped <= 0 {
        (number.low_u64() << -dropped, exponent + dropped)
    } else {
        let dropped = dropped as usize;
        let kept = number.shr_low_u64(dropped);
        let half = number.bit(dropped - 1);
        let below_half = more || number.any_below(dropped - 1);
        (kept + u64::from(half && (below_half || kept & 1 == 1)), exponent + dropped as i64)
    };
    if kept == 1 << 53 {
        kept >>= 1;
        scale += 1;
    }
    if kept >= 1 << 52 {
        let biased = scale + 1075;
        if biased >= 2047 {
            return f64::INFINITY;
        }
        f64::from_bits(((biased as u64) << 52) | (kept & ((1 << 52) - 1)))
    } else {
        // Subnormal: the scale is 2^-1074.
        f64::from_bits(kept)
    }
}

/// A non-negative big integer, 32-bit limbs, least significant first, no high zero limbs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Big(Vec<u32>);

impl From<u32> for Big {
    fn from(value: u32) -> Big {
        let mut big = Big::default();
        big.mul_add(0, value);
        big
    }
}

impl Big {
    /// `self = self × factor + addend`.
    fn mul_add(&mut self, factor: u32, addend: u32) {
        let mut carry = u64::from(addend);
        for limb in &mut self.0 {
            let product = u64::from(*limb) * u64::from(factor) + carry;
            *limb = product as u32;
            carry = product >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
        self.trim();
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn bits(&self) -> usize {
        self.0.last().map_or(0, |top| 32 * self.0.len() - top.leading_zeros() as usize)
    }

    fn bit(&self, at: usize) -> bool {
        self.0.get(at / 32).is_some_and(|limb| limb >> (at % 32) & 1 == 1)
    }

    /// Whether any bit below `at` is set.
    fn any_below(&self, at: usize) -> bool {
        let (whole, part) = (at / 32, at % 32);
        self.0.iter().take(whole).any(|&limb| limb != 0)
            || (part > 0 && self.0.get(whole).is_some_and(|&limb| limb & ((1 << part) - 1) != 0))
    }

    /// The low 64 bits.
    fn low_u64(&self) -> u64 {
        let limb = |i: usize| u64::from(self.0.get(i).copied().unwrap_or(0));
        limb(0) | limb(1) << 32
    }

    /// The low 64 bits of `self >> by`.
    fn shr_low_u64(&self, by: usize) -> u64 {
        (0..64).filter(|i| self.bit(by + i)).fold(0, |v, i| v | 1 << i)
    }

    fn shl(&self, by: usize) -> Big {
        let (whole, part) = (by / 32, by % 32);
        let mut limbs = vec![0; whole];
        let mut carry = 0u32;
        for &limb in &self.0 {
            limbs.push(if part == 0 { limb } else { limb << part | carry });
            carry = if part == 0 { 0 } else { limb >> (32 - part) };
        }
        limbs.push(carry);
        let mut big = Big(limbs);
        big.trim();
        big
    }

    /// The quotient of `self / divisor`, and whether a remainder is left: long division, a bit
    /// at a time.
    fn div_rem(&self, divisor: &Big) -> (Big, bool) {
        let mut quotient = Big(vec![0; self.0.len()]);
        let mut remainder = Big::default();
        for at in (0..self.bits()).rev() {
            remainder.mul_add(2, u32::from(self.bit(at)));
            if !remainder.less_than(divisor) {
                remainder.sub(divisor);
                quotient.0[at / 32] |= 1 << (at % 32);
            }
        }
        quotient.trim();
        (quotient, !remainder.0.is_empty())
    }

    fn less_than(&self, other: &Big) -> bool {
        if self.0.len() != other.0.len() {
            return self.0.len() < other.0.len();
        }
        let differing = self.0.iter().rev().zip(other.0.iter().rev()).find(|(a, b)| a != b);
        differing.is_some_and(|(a, b)| a < b)
    }

    /// `self -= other`, where `other <= self`.
    fn sub(&mut self, other: &Big) {
        let mut borrow = 0i64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let value = i64::from(*limb) - i64::from(other.0.get(i).copied().unwrap_or(0)) - borrow;
            borrow = i64::from(value < 0);
            *limb = value.rem_euclid(1 << 32) as u32;
        }
        assert!(borrow == 0, "subtracted more than there was");
        self.trim();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use swarm_core::rng::Rng;

    /// Both parsers agree, bit for bit (NaN with NaN), or both refuse.
    fn check(text: &str) {
        let ours = parse_f64(text);
        let std = text.parse::<f64>().ok();
        let same = match (ours, std) {
            (Some(a), Some(b)) => a.to_bits() == b.to_bits() || a.is_nan() && b.is_nan(),
            (None, None) => true,
            _ => false,
        };
        assert!(same, "{text:?}: ours {ours:?}, the standard library's {std:?}");
    }

    #[test]
    fn the_grammar_of_the_standard_library() {
        for text in [
            "0",
            "1",
            "-1",
            "+1",
            "1.",
            ".5",
            "-.5",
            "1.5",
            "1e5",
            "1E5",
            "1e+5",
            "1e-5",
            ".e5",
            "1e",
            "1e+",
            "e5",
            ".",
            "",
            "+",
            "-",
            "--1",
            "+-1",
            "1.2.3",
            "1e5e3",
            "1-2",
            "1 ",
            " 1",
            "0x10",
            "inf",
            "-inf",
            "+Infinity",
            "NaN",
            "-nan",
            "infinit",
            "nanx",
            "1_000",
            "00012.500",
            "0.000",
            "0e999999999999999999999",
            "1e-999999999999999999999",
            "1e999999999999999999",
            "٣",
        ] {
            check(text);
        }
    }

    #[test]
    fn edges_of_the_range() {
        for text in [
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "179769313486231580793728971405301e276",
            "2.2250738585072014e-308",
            "2.2250738585072011e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
            "9007199254740993",
            "9007199254740995",
            "9007199254740992.5",
            "0.1",
            "0.3",
            "123456789012345678901234567890",
            "1e23",
            "8.98846567431158e307",
        ] {
            check(text);
            check(&format!("-{text}"));
        }
    }

    /// Halfway between two `f64`s, exactly: `(2^53 + odd) × 2^k` and `× 5^j / 10^j`.
    #[test]
    fn ties_go_to_even() {
        for odd in [1u128, 3, 5, 7, 1_001] {
            let tie = (1u128 << 53) + odd;
            for k in 0..60 {
                check(&(tie << k).to_string());
            }
            let mut scaled = tie;
            for j in 1..20 {
                scaled *= 5;
                check(&format!("{scaled}e-{j}"));
            }
        }
    }

    #[test]
    fn random_numbers_agree() {
        let mut rng = Rng::new(0xf10a7);
        let digits = |rng: &mut Rng, n: u64| -> String {
            (0..rng.range_inclusive(0, n))
                .map(|_| char::from(b'0' + (rng.next_u64() % 10) as u8))
                .collect()
        };
        for i in 0..20_000 {
            let whole = digits(&mut rng, if i % 10 == 0 { 40 } else { 17 });
            let fraction = digits(&mut rng, if i % 7 == 0 { 30 } else { 8 });
            let mut text = whole;
            if rng.next_u64().is_multiple_of(2) {
                text.push('.');
                text.push_str(&fraction);
            }
            if rng.next_u64().is_multiple_of(3) {
                let exponent = rng.range_inclusive(0, 700) as i64 - 350;
                text.push_str(&format!("e{exponent}"));
            }
            check(&text);
        }
        // Round trips of random bit patterns, shortest and long.
        for _ in 0..20_000 {
            let value = f64::from_bits(rng.next_u64());
            check(&format!("{value:e}"));
            check(&format!("{value:.25e}"));
        }
    }

    #[test]
    fn many_digits() {
        let long = "3".repeat(2_000);
        check(&long);
        check(&format!("0.{long}"));
        check(&format!("{long}e-2100"));
        check(&format!("1{}1e-900", "0".repeat(900)));
        check(&format!("2.4703282292062327{}1e-324", "0".repeat(900)));
    }
}
