//! Codes the gateway generates for people to read out and type: booking confirmation numbers.
//!
//! Confirmation numbers are unique across all clinics (the spec's `UNIQUE`), so a number a
//! caller could choose would tell them whether another clinic uses it, and let them take it
//! first. The gateway therefore chooses them, at random with enough entropy that they cannot be
//! guessed either: 10 characters of Crockford's base 32 (50 bits), in two groups of five. A
//! collision with an existing number is answered by drawing again (see `createBooking`).

use uuid::Uuid;

/// Crockford's base-32 alphabet: digits and upper-case letters without I, L, O and U, so a code
/// read over the phone cannot be misheard as another.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Random bits per confirmation number (ten characters of five bits).
const BITS: u32 = 50;

/// A fresh confirmation number, e.g. `7K2QD-XM94T`.
pub fn confirmation_number() -> String {
    // A version-4 UUID is 122 bits from the operating system's CSPRNG; its lowest 62 bits are
    // all random (the version and variant bits sit above them).
    let mut bits = Uuid::new_v4().as_u128() & ((1u128 << BITS) - 1);
    let mut out = String::with_capacity(11);
    for i in 0..(BITS / 5) {
        if i == 5 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[(bits & 31) as usize]));
        bits >>= 5;
    }
    out
}

/// Whether `code` has the shape of a generated confirmation number.
pub fn is_confirmation_number(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 11
        && bytes[5] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 5 || ALPHABET.contains(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirmation_numbers_have_their_shape_and_differ() {
        let codes: std::collections::HashSet<String> =
            (0..1000).map(|_| confirmation_number()).collect();
        assert_eq!(
            codes.len(),
            1000,
            "50 random bits do not repeat in a thousand draws"
        );
        assert!(codes.iter().all(|c| is_confirmation_number(c)), "{codes:?}");
        assert!(!is_confirmation_number("SUN-4821"));
        assert!(
            !is_confirmation_number("7K2QD-XM94I"),
            "I is not in the alphabet"
        );
    }
}
