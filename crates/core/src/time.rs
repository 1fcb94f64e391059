//! Simulated time: the only clock the core knows.
//!
//! `SimTime` counts milliseconds since the simulation started. It is a plain number that comes
//! in as an argument to every input of `Cluster`; the core never reads a wall clock.

use std::fmt;
use std::ops::{Add, Sub};

/// An instant of simulated time, in milliseconds since the start of the simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimTime(u64);

/// A span of simulated time, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SimDuration(u64);

impl SimTime {
    /// The start of every simulation.
    pub const ZERO: SimTime = SimTime(0);

    pub const fn from_millis(ms: u64) -> SimTime {
        SimTime(ms)
    }

    pub const fn from_secs(secs: u64) -> SimTime {
        SimTime(secs * 1000)
    }

    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// Time elapsed since `earlier`, or zero if `earlier` is later than `self`.
    pub fn saturating_since(self, earlier: SimTime) -> SimDuration {
        SimDuration(self.0.saturating_sub(earlier.0))
    }
}

impl SimDuration {
    pub const ZERO: SimDuration = SimDuration(0);

    pub const fn from_millis(ms: u64) -> SimDuration {
        SimDuration(ms)
    }

    pub const fn from_secs(secs: u64) -> SimDuration {
        SimDuration(secs * 1000)
    }

    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// Whole seconds, truncated (Go's `int(d.Seconds())`).
    pub const fn whole_secs(self) -> u64 {
        self.0 / 1000
    }
}

impl Add<SimDuration> for SimTime {
    type Output = SimTime;
    fn add(self, rhs: SimDuration) -> SimTime {
        SimTime(self.0.checked_add(rhs.0).expect("simulated time overflowed u64 milliseconds"))
    }
}

impl Sub<SimTime> for SimTime {
    type Output = SimDuration;
    fn sub(self, rhs: SimTime) -> SimDuration {
        assert!(rhs <= self, "time subtraction went backwards: {self} - {rhs}");
        SimDuration(self.0 - rhs.0)
    }
}

impl Add for SimDuration {
    type Output = SimDuration;
    fn add(self, rhs: SimDuration) -> SimDuration {
        SimDuration(self.0.checked_add(rhs.0).expect("duration overflowed u64 milliseconds"))
    }
}

/// Renders as seconds with millisecond precision, e.g. `12.345s`, the form traces use.
impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03}s", self.0 / 1000, self.0 % 1000)
    }
}

impl fmt::Display for SimDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03}s", self.0 / 1000, self.0 % 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn display_has_millisecond_precision() {
        assert_eq!(SimTime::from_millis(12_345).to_string(), "12.345s");
        assert_eq!(SimTime::ZERO.to_string(), "0.000s");
        assert_eq!(SimDuration::from_millis(50).to_string(), "0.050s");
    }

    #[test]
    fn arithmetic_round_trips() {
        let t = SimTime::from_secs(3) + SimDuration::from_millis(250);
        assert_eq!(t.as_millis(), 3250);
        assert_eq!((t - SimTime::from_secs(1)).as_millis(), 2250);
        assert_eq!(SimTime::from_secs(1).saturating_since(t), SimDuration::ZERO);
        assert_eq!(SimDuration::from_millis(1999).whole_secs(), 1);
    }
}
